/* dashboard: placeholder until the handlers land; every route answers 501. */
#include "web/web.h"

void
dashboard_show(struct http_request *req, struct http_response *resp)
{
	http_error(req, resp, 501, "not_implemented", "Раздел ещё не готов.", NULL);
}
