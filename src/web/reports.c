/* reports: placeholder until the handlers land; every route answers 501. */
#include "web/web.h"

void
reports_mine(struct http_request *req, struct http_response *resp)
{
	http_error(req, resp, 501, "not_implemented", "Раздел ещё не готов.", NULL);
}

void
reports_admin_list(struct http_request *req, struct http_response *resp)
{
	http_error(req, resp, 501, "not_implemented", "Раздел ещё не готов.", NULL);
}

void
reports_show(struct http_request *req, struct http_response *resp)
{
	http_error(req, resp, 501, "not_implemented", "Раздел ещё не готов.", NULL);
}

void
reports_post(struct http_request *req, struct http_response *resp)
{
	http_error(req, resp, 501, "not_implemented", "Раздел ещё не готов.", NULL);
}

void
reports_submit(struct http_request *req, struct http_response *resp)
{
	http_error(req, resp, 501, "not_implemented", "Раздел ещё не готов.", NULL);
}

void
reports_history(struct http_request *req, struct http_response *resp)
{
	http_error(req, resp, 501, "not_implemented", "Раздел ещё не готов.", NULL);
}

void
reports_return(struct http_request *req, struct http_response *resp)
{
	http_error(req, resp, 501, "not_implemented", "Раздел ещё не готов.", NULL);
}

void
reports_accept(struct http_request *req, struct http_response *resp)
{
	http_error(req, resp, 501, "not_implemented", "Раздел ещё не готов.", NULL);
}

void
reports_reopen(struct http_request *req, struct http_response *resp)
{
	http_error(req, resp, 501, "not_implemented", "Раздел ещё не готов.", NULL);
}

void
reports_lock_exception(struct http_request *req, struct http_response *resp)
{
	http_error(req, resp, 501, "not_implemented", "Раздел ещё не готов.", NULL);
}
