/* reminders: placeholder until the handlers land; every route answers 501. */
#include "web/web.h"

void
reminders_show(struct http_request *req, struct http_response *resp)
{
	http_error(req, resp, 501, "not_implemented", "Раздел ещё не готов.", NULL);
}

void
reminders_send(struct http_request *req, struct http_response *resp)
{
	http_error(req, resp, 501, "not_implemented", "Раздел ещё не готов.", NULL);
}

void
reminders_outbox(struct http_request *req, struct http_response *resp)
{
	http_error(req, resp, 501, "not_implemented", "Раздел ещё не готов.", NULL);
}
