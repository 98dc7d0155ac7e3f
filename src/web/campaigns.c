/* campaigns: placeholder until the handlers land; every route answers 501. */
#include "web/web.h"

void
campaigns_admin_list(struct http_request *req, struct http_response *resp)
{
	http_error(req, resp, 501, "not_implemented", "Раздел ещё не готов.", NULL);
}

void
campaigns_admin_new(struct http_request *req, struct http_response *resp)
{
	http_error(req, resp, 501, "not_implemented", "Раздел ещё не готов.", NULL);
}

void
campaigns_admin_create(struct http_request *req, struct http_response *resp)
{
	http_error(req, resp, 501, "not_implemented", "Раздел ещё не готов.", NULL);
}

void
campaigns_admin_edit(struct http_request *req, struct http_response *resp)
{
	http_error(req, resp, 501, "not_implemented", "Раздел ещё не готов.", NULL);
}

void
campaigns_admin_update(struct http_request *req, struct http_response *resp)
{
	http_error(req, resp, 501, "not_implemented", "Раздел ещё не готов.", NULL);
}

void
campaigns_admin_export(struct http_request *req, struct http_response *resp)
{
	http_error(req, resp, 501, "not_implemented", "Раздел ещё не готов.", NULL);
}

void
campaigns_admin_import(struct http_request *req, struct http_response *resp)
{
	http_error(req, resp, 501, "not_implemented", "Раздел ещё не готов.", NULL);
}
