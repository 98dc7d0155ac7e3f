/*
 * request: lookups on a parsed request (headers, cookies) and the redirect
 * helper. These read only the public fields of struct http_request, so a
 * unit test of a handler can build a request by hand and use them too.
 */
#include "http/http.h"

#include <strings.h>

const char *
http_header(struct http_request *req, const char *name)
{
	size_t i;

	for (i = 0; i < req->headers.n; i++)
		if (strcasecmp(req->headers.v[i].name, name) == 0)
			return req->headers.v[i].value;
	return NULL;
}

const char *
http_cookie(struct http_request *req, const char *name)
{
	return http_params_get(&req->cookies, name);
}

void
http_redirect(struct http_request *req, struct http_response *resp, int status, const char *location)
{
	resp->status = status;
	http_response_header(req, resp, "Location", location);
}
