/*
 * server_answer: how the server answers (see http.h, server_int.h): the
 * response headers a handler adds, error answers through the application's
 * error hook (with a plain-text fallback), the texts of the limits' 413s,
 * and the libmicrohttpd response with the security headers every answer
 * carries (CSP, nosniff, Referrer-Policy, X-Frame-Options, HSTS when
 * secure), queued on the event thread.
 */
#include "http/http.h"
#include "http/server_int.h"

#include <microhttpd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/log.h"

static const char csp[] = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
			  "form-action 'self'; frame-ancestors 'none'; base-uri 'none'; object-src 'none'";

void
http_response_header(struct http_request *req, struct http_response *resp, const char *name,
		     const char *value)
{
	struct http_header_kv *h;

	if (resp->nheaders == HTTP_MAX_RESPONSE_HEADERS) {
		log_warnx("%s: more than %d response headers, %s dropped", __func__,
			  HTTP_MAX_RESPONSE_HEADERS, name);
		if (req->conn)
			((struct server_conn *)req->conn)->failed = 1;
		return;
	}
	h = &resp->headers[resp->nheaders++];
	h->name = arena_strdup(req->arena, name);
	h->value = arena_strdup(req->arena, value);
}

/* The answer when the application has no error hook, or it failed. */
static void
error_fallback(struct http_response *resp, int status, const char *code, const char *message)
{
	buf_reset(&resp->body);
	resp->status = status;
	resp->content_type = "text/plain; charset=utf-8";
	if (buf_addf(&resp->body, "%d %s: %s\n", status, code, message ? message : "") < 0)
		buf_reset(&resp->body);
}

void
http_error(struct http_request *req, struct http_response *resp, int status, const char *code,
	   const char *message, const char *field)
{
	struct server_conn *cn = req->conn;

	buf_reset(&resp->body);
	resp->content_type = NULL;
	if (cn && cn->srv->app.error) {
		resp->status = 0;
		cn->srv->app.error(req, resp, status, code, message, field);
		if (resp->status >= 100 && resp->status <= 599)
			return;
		log_warnx("%s: error hook left status %d", __func__, resp->status);
	}
	error_fallback(resp, status, code, message);
}

/* Methods of `bits` as an Allow header value, e.g. "GET, HEAD". */
const char *
server_allow_text(struct arena *a, unsigned bits)
{
	static const char *const names[] = {"GET", "HEAD", "POST", "PUT", "DELETE", "PATCH", "OPTIONS"};
	char out[64] = "";
	size_t i, n = 0;

	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		int k;

		if (!(bits & (1u << i)))
			continue;
		k = snprintf(out + n, sizeof(out) - n, "%s%s", n ? ", " : "", names[i]);
		if (k < 0 || (size_t)k >= sizeof(out) - n)
			break;
		n += (size_t)k;
	}
	return arena_strdup(a, out);
}

/*
 * Turns the filled resp into a libmicrohttpd response with our headers.
 * A handler's bad outcome (status 0 or out of range, a failure flagged while
 * filling) becomes a 500 through the error hook first. Returns NULL only when
 * libmicrohttpd cannot allocate.
 */
struct MHD_Response *
server_build(struct server_conn *cn, int *status)
{
	struct http_request *req = &cn->req;
	struct http_response *resp = &cn->resp;
	struct MHD_Response *r = NULL;
	int attempt;

	for (attempt = 0; attempt < 3; attempt++) {
		size_t i, len;
		char *data;
		int ok = 1;

		if (attempt > 0 || cn->failed || resp->status < 100 || resp->status > 599) {
			if (attempt == 0)
				log_warnx("%s: %s %s: handler left status %d%s", __func__, req->method,
					  req->path, resp->status,
					  cn->failed ? " and an internal failure" : "");
			resp->nheaders = 0;
			cn->failed = 0;
			if (attempt < 2)
				http_error(req, resp, 500, "internal", "Внутренняя ошибка сервера", NULL);
			else
				error_fallback(resp, 500, "internal", "Внутренняя ошибка сервера");
		}
		data = buf_detach(&resp->body, &len);
		r = MHD_create_response_from_buffer(len, data, MHD_RESPMEM_MUST_FREE);
		if (r == NULL) {
			free(data);
			log_warnx("%s: cannot create a response", __func__);
			return NULL;
		}
		ok &= MHD_add_response_header(r, MHD_HTTP_HEADER_CONTENT_TYPE,
					      resp->content_type ? resp->content_type
								 : "text/html; charset=utf-8") == MHD_YES;
		ok &= MHD_add_response_header(r, "Content-Security-Policy", csp) == MHD_YES;
		ok &= MHD_add_response_header(r, "X-Content-Type-Options", "nosniff") == MHD_YES;
		ok &= MHD_add_response_header(r, "Referrer-Policy", "same-origin") == MHD_YES;
		ok &= MHD_add_response_header(r, "X-Frame-Options", "DENY") == MHD_YES;
		if (cn->srv->cfg.secure)
			ok &= MHD_add_response_header(r, "Strict-Transport-Security", "max-age=31536000") ==
			      MHD_YES;
		for (i = 0; i < resp->nheaders && ok; i++) {
			ok &= MHD_add_response_header(r, resp->headers[i].name, resp->headers[i].value) ==
			      MHD_YES;
			if (!ok)
				log_warnx("%s: response header %s refused", __func__, resp->headers[i].name);
		}
		if (ok) {
			*status = resp->status;
			cn->bytes = req->method_bit == HTTP_HEAD ? 0 : len;
			return r;
		}
		MHD_destroy_response(r);
		r = NULL;
	}
	return NULL;
}

/* Queues the response on the event thread. */
enum MHD_Result
server_queue(struct server_conn *cn, struct MHD_Response *r, int status)
{
	enum MHD_Result rc;

	if (r == NULL)
		return MHD_NO;
	rc = MHD_queue_response(cn->mhd, (unsigned)status, r);
	MHD_destroy_response(r);
	if (rc == MHD_YES) {
		cn->status = status;
		cn->phase = SERVER_PHASE_SENT;
	}
	return rc;
}

/* Answers an error from the event thread (404, 413, 400 ...). */
enum MHD_Result
server_answer_error(struct server_conn *cn, int status, const char *code, const char *message)
{
	int st = 500;
	struct MHD_Response *r;

	http_error(&cn->req, &cn->resp, status, code, message, NULL);
	r = server_build(cn, &st);
	return server_queue(cn, r, st);
}

/* The 413 for a body with more fields than its route takes, naming the limit. */
const char *
server_too_many_fields_message(struct arena *a, size_t limit)
{
	return arena_printf(a, "Форма больше, чем принимает сервер: допускается не более %zu полей.", limit);
}

/* «Запрос слишком большой: не более 1 МБ.», naming the route's limit. */
const char *
server_too_large_message(struct arena *a, size_t limit)
{
	if (limit >= (1u << 20) && limit % (1u << 20) == 0)
		return arena_printf(a, "Запрос слишком большой: допускается не более %zu МБ.", limit >> 20);
	return arena_printf(a, "Запрос слишком большой: допускается не более %zu КБ.", (limit + 1023) >> 10);
}
