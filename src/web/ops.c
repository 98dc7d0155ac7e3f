/*
 * ops: what operators and load balancers use — /healthz, /metrics in the
 * Prometheus text format — and the static files under /static/.
 */
#include <stdio.h>
#include <string.h>

#include "domain/deadline.h"
#include "util/clock.h"
#include "view/view.h"
#include "web/web.h"

/*
 * GET /healthz: 200 "ok" when the database answers, 503 "database
 * unavailable" otherwise, on the body's first line (what load balancers
 * read). On a simulated clock (serve --clock) a second line says so:
 * "clock: simulated, started at 2022-03-05T12:00:00+10:00, now
 * 2022-03-05T12:03:10+10:00", both written with the offset --clock was
 * given in. On the real clock the body is the first line only.
 */
void
ops_healthz(struct http_request *req, struct http_response *resp)
{
	struct store *st = web_store();
	int ok = st && store_ping(st) == STORE_OK;
	char from[32], now[32];
	int64_t started;
	int32_t off;

	resp->status = ok ? 200 : 503;
	resp->content_type = "text/plain; charset=utf-8";
	web_no_store(req, resp);
	if (buf_adds(&resp->body, ok ? "ok\n" : "database unavailable\n") < 0)
		resp->status = 500;
	if (clock_simulated(&started, &off) &&
	    (deadline_instant_format(started, off, from, sizeof(from)) < 0 ||
	     deadline_instant_format(web_now(), off, now, sizeof(now)) < 0 ||
	     buf_addf(&resp->body, "clock: simulated, started at %s, now %s\n", from, now) < 0))
		resp->status = 500;
}

/* GET /metrics: requests by route and status, latency, database errors. */
void
ops_metrics(struct http_request *req, struct http_response *resp)
{
	resp->content_type = "text/plain; version=0.0.4; charset=utf-8";
	web_no_store(req, resp);
	if (http_metrics_write(&resp->body) < 0 ||
	    buf_addf(&resp->body,
		     "# HELP svodka_db_errors_total Database errors since start.\n"
		     "# TYPE svodka_db_errors_total counter\n"
		     "svodka_db_errors_total %lu\n",
		     store_errors_total()) < 0) {
		http_error(req, resp, 500, "internal", "metrics too large", NULL);
		return;
	}
	resp->status = 200;
}

/* GET /static/{path*}: 200, 304 on a matching If-None-Match, 404. */
void
ops_static(struct http_request *req, struct http_response *resp)
{
	const char *inm = http_header(req, "If-None-Match");
	struct view_file f;

	if (view_static(http_params_get(&req->params, "path"), req->arena, &f) < 0) {
		http_error(req, resp, 404, "not_found", "Файл не найден.", NULL);
		return;
	}
	if (f.etag)
		http_response_header(req, resp, "ETag", f.etag);
	http_response_header(req, resp, "Cache-Control", "public, max-age=600");
	if (inm && f.etag && strcmp(inm, f.etag) == 0) {
		resp->status = 304;
		return;
	}
	resp->status = 200;
	resp->content_type = f.content_type;
	if (buf_add(&resp->body, f.data, f.len) < 0)
		http_error(req, resp, 500, "internal", "static file too large", NULL);
}
