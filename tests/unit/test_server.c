/*
 * test_server: starts the real HTTP server on 127.0.0.1 (port 0, so the
 * kernel picks a free one) with a small route table and talks to it over
 * plain sockets: security headers, 404/405 through the error hook, 413 before
 * and while reading a body, 400 for bad forms and JSON, parsed values
 * reaching handlers, suspend/resume of blocking routes with one event thread,
 * metrics, and a shutdown that lets an in-flight blocking request finish.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "http/http.h"
#include "util/buf.h"
#include "util/xalloc.h"

static atomic_int small_calls, slow_done, guard_calls;

static uint64_t
mono_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000u + (uint64_t)ts.tv_nsec / 1000000u;
}

static void
put(struct http_response *resp, const char *s)
{
	if (buf_adds(&resp->body, s) < 0)
		resp->status = 0;
}

static void
h_fast(struct http_request *req, struct http_response *resp)
{
	http_response_header(req, resp, "Set-Cookie", "a=1; Path=/");
	http_response_header(req, resp, "Set-Cookie", "b=2; Path=/");
	put(resp, "fast ok");
}

static void
h_form(struct http_request *req, struct http_response *resp)
{
	const char *name = http_params_get(&req->form, "name");
	const char *q = http_params_get(&req->query, "q");
	const char *c = http_cookie(req, "sid");

	resp->content_type = "text/plain; charset=utf-8";
	if (buf_addf(&resp->body, "name=%s;q=%s;sid=%s;n=%zu", name ? name : "-", q ? q : "-", c ? c : "-",
		     req->form.n) < 0)
		resp->status = 0;
}

static void
h_json(struct http_request *req, struct http_response *resp)
{
	json_t *a = req->json ? json_object_get(req->json, "a") : NULL;

	if (buf_addf(&resp->body, "a=%lld", a ? (long long)json_integer_value(a) : -1LL) < 0)
		resp->status = 0;
}

static void
h_small(struct http_request *req, struct http_response *resp)
{
	(void)req;
	atomic_fetch_add(&small_calls, 1);
	put(resp, "small");
}

static void
h_slow(struct http_request *req, struct http_response *resp)
{
	(void)req;
	usleep(500 * 1000);
	put(resp, "slow ok");
	atomic_store(&slow_done, 1);
}

static void
h_zero(struct http_request *req, struct http_response *resp)
{
	(void)req;
	resp->status = 0;
}

static void
h_metrics(struct http_request *req, struct http_response *resp)
{
	(void)req;
	resp->content_type = "text/plain; version=0.0.4";
	if (http_metrics_write(&resp->body) < 0)
		resp->status = 0;
}

static void
h_item(struct http_request *req, struct http_response *resp)
{
	put(resp, http_params_get(&req->params, "id"));
}

static void
h_upload(struct http_request *req, struct http_response *resp)
{
	const char *t = http_params_get(&req->form, "title");

	if (req->nuploads != 1 || t == NULL) {
		http_error(req, resp, 422, "bad_upload", "нет файла", "file");
		return;
	}
	if (buf_addf(&resp->body, "title=%s;file=%s;len=%zu;type=%s", t, req->uploads[0].filename,
		     req->uploads[0].len, req->uploads[0].content_type) < 0)
		resp->status = 0;
}

static void
h_inject(struct http_request *req, struct http_response *resp)
{
	http_redirect(req, resp, 303, "/x\r\nSet-Cookie: evil=1");
}

static const struct http_route routes[] = {
	{HTTP_GET, "/inject", h_inject, 0, 0, 0, 0},
	{HTTP_GET | HTTP_HEAD, "/fast", h_fast, 0, 0, 0, 0},
	{HTTP_POST, "/form", h_form, 0, 0, 0, 0},
	{HTTP_POST, "/json", h_json, 0, 0, 0, 0},
	{HTTP_POST, "/small", h_small, 0, 0, 16, 0},
	{HTTP_GET, "/slow", h_slow, 0, HTTP_ROUTE_BLOCKING, 0, 0},
	{HTTP_GET, "/zero", h_zero, 0, 0, 0, 0},
	{HTTP_GET, "/metrics", h_metrics, 0, 0, 0, 0},
	{HTTP_GET, "/items/{id}", h_item, 0, 0, 0, 0},
	{HTTP_DELETE, "/items/{id}", h_item, 0, 0, 0, 0},
	{HTTP_GET, "/guarded", h_fast, 1, 0, 0, 0},
	{HTTP_POST, "/upload", h_upload, 0, 0, 0, 0},
};

static void
on_error(struct http_request *req, struct http_response *resp, int status, const char *code,
	 const char *message, const char *field)
{
	(void)req;
	resp->status = status;
	resp->content_type = "text/plain; charset=utf-8";
	if (buf_addf(&resp->body, "ERR %d %s %s %s", status, code, field ? field : "-", message) < 0)
		resp->status = 0;
}

static int
guard(struct http_request *req, struct http_response *resp)
{
	atomic_fetch_add(&guard_calls, 1);
	if (req->route->role == 1) {
		http_error(req, resp, 403, "forbidden", "Доступ запрещён", NULL);
		return -1;
	}
	return 0;
}

static const struct http_app app = {routes, sizeof(routes) / sizeof(routes[0]), guard, on_error};

static struct http_server *srv;
static unsigned port;

/* Sends raw bytes and reads the whole answer (requests say Connection: close). */
static char *
talk(unsigned p, const char *req, size_t len)
{
	struct sockaddr_in sa;
	struct buf out;
	char chunk[4096];
	ssize_t n;
	int fd = socket(AF_INET, SOCK_STREAM, 0);

	assert_true(fd >= 0);
	memset(&sa, 0, sizeof(sa));
	sa.sin_family = AF_INET;
	sa.sin_port = htons((uint16_t)p);
	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	assert_int_equal(connect(fd, (struct sockaddr *)&sa, sizeof(sa)), 0);
	if (len && send(fd, req, len, MSG_NOSIGNAL) < 0) {
		/* The server may have answered and closed early; read what it said. */
	}
	buf_init(&out, 1 << 20);
	while ((n = recv(fd, chunk, sizeof(chunk), 0)) > 0)
		assert_int_equal(buf_add(&out, chunk, (size_t)n), 0);
	close(fd);
	return buf_detach(&out, NULL);
}

static char *
req_s(const char *s)
{
	return talk(port, s, strlen(s));
}

static int
status_of(const char *resp)
{
	int st = 0;

	if (sscanf(resp, "HTTP/1.1 %d", &st) != 1)
		return -1;
	return st;
}

/* Has the answer a header line "name: value" (name case-insensitive)? */
static int
has_header(const char *resp, const char *name, const char *value)
{
	const char *p = resp, *end = strstr(resp, "\r\n\r\n");
	size_t nl = strlen(name);

	while ((p = strstr(p, "\r\n")) != NULL && p < end) {
		p += 2;
		if (strncasecmp(p, name, nl) == 0 && p[nl] == ':') {
			const char *v = p + nl + 1;

			while (*v == ' ')
				v++;
			if (value == NULL || strncmp(v, value, strlen(value)) == 0)
				return 1;
		}
	}
	return 0;
}

static const char *
body_of(const char *resp)
{
	const char *b = strstr(resp, "\r\n\r\n");

	return b ? b + 4 : "";
}

static int
setup(void **state)
{
	struct http_config cfg = {0};

	(void)state;
	cfg.listen = "127.0.0.1:0";
	cfg.threads = 1;
	cfg.workers = 2;
	cfg.max_header = 128 << 10; /* room for more header lines than HTTP_MAX_HEADERS */
	srv = http_server_start(&cfg, &app);
	if (srv == NULL)
		return -1;
	port = http_server_port(srv);
	return port ? 0 : -1;
}

static int
teardown(void **state)
{
	(void)state;
	http_server_stop(srv);
	srv = NULL;
	return 0;
}

static void
assert_security_headers(const char *r)
{
	assert_true(
		has_header(r, "Content-Security-Policy",
			   "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
			   "form-action 'self'; frame-ancestors 'none'; base-uri 'none'; object-src 'none'"));
	assert_true(has_header(r, "X-Content-Type-Options", "nosniff"));
	assert_true(has_header(r, "Referrer-Policy", "same-origin"));
	assert_true(has_header(r, "X-Frame-Options", "DENY"));
}

static void
test_ok_with_security_headers(void **state)
{
	char *r = req_s("GET /fast HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");

	(void)state;
	assert_int_equal(status_of(r), 200);
	assert_security_headers(r);
	assert_false(has_header(r, "Strict-Transport-Security", NULL));
	assert_true(has_header(r, "Content-Type", "text/html; charset=utf-8"));
	assert_true(has_header(r, "Set-Cookie", "a=1"));
	assert_true(has_header(r, "Set-Cookie", "b=2"));
	assert_string_equal(body_of(r), "fast ok");
	free(r);
	/* HEAD is served by the route listing HTTP_HEAD, without a body. */
	r = req_s("HEAD /fast HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
	assert_int_equal(status_of(r), 200);
	assert_true(has_header(r, "Content-Length", "7"));
	assert_string_equal(body_of(r), "");
	free(r);
}

static void
test_not_found_and_method(void **state)
{
	char *r = req_s("GET /nope HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");

	(void)state;
	assert_int_equal(status_of(r), 404);
	assert_string_equal(body_of(r), "ERR 404 not_found - Страница не найдена");
	assert_security_headers(r);
	free(r);
	r = req_s("POST /items/7 HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
	assert_int_equal(status_of(r), 405);
	assert_true(has_header(r, "Allow", "GET, DELETE"));
	assert_non_null(strstr(body_of(r), "method_not_allowed"));
	assert_security_headers(r);
	free(r);
	/* A method nobody knows: 405 with Allow where the path exists, else 501; never a 500. */
	r = req_s("BREW /fast HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
	assert_int_equal(status_of(r), 405);
	assert_true(has_header(r, "Allow", "GET, HEAD"));
	assert_string_equal(body_of(r), "ERR 405 method_not_allowed - Метод не поддерживается");
	free(r);
	r = req_s("BREW /nope HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
	assert_int_equal(status_of(r), 501);
	assert_string_equal(body_of(r), "ERR 501 not_implemented - Метод не поддерживается");
	assert_security_headers(r);
	free(r);
	/* HEAD on a route that lists only GET. */
	r = req_s("HEAD /slow HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
	assert_int_equal(status_of(r), 405);
	free(r);
	r = req_s("GET /items/42 HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
	assert_int_equal(status_of(r), 200);
	assert_string_equal(body_of(r), "42");
	free(r);
	/* A bad escape or a NUL in the path is a 400, not a truncated path. */
	r = req_s("GET /items/4%zz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
	assert_int_equal(status_of(r), 400);
	free(r);
	r = req_s("GET /fast%00x HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
	assert_int_equal(status_of(r), 400);
	free(r);
	r = req_s("GET /fast?a=%zz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
	assert_int_equal(status_of(r), 400);
	assert_non_null(strstr(body_of(r), "invalid_query"));
	free(r);
}

static void
test_body_too_large(void **state)
{
	char *r;
	const char *chunked = "POST /small HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n"
			      "Content-Type: text/plain\r\nConnection: close\r\n\r\n"
			      "10\r\n0123456789abcdef\r\n10\r\n0123456789abcdef\r\n0\r\n\r\n";

	(void)state;
	atomic_store(&small_calls, 0);
	/* Headers only: the 413 must come without the body being sent. */
	r = req_s("POST /small HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\nConnection: close\r\n\r\n");
	assert_int_equal(status_of(r), 413);
	assert_non_null(strstr(body_of(r), "body_too_large"));
	assert_security_headers(r);
	free(r);
	r = req_s(chunked);
	assert_int_equal(status_of(r), 413);
	free(r);
	assert_int_equal(atomic_load(&small_calls), 0);
	/* Within the limit it is served. */
	r = req_s("POST /small HTTP/1.1\r\nHost: x\r\nContent-Length: 4\r\nConnection: close\r\n\r\nabcd");
	assert_int_equal(status_of(r), 200);
	free(r);
	assert_int_equal(atomic_load(&small_calls), 1);
}

static void
test_header_limits(void **state)
{
	struct buf b;
	char *r;
	int i;

	(void)state;
	/* Past the connection memory: libmicrohttpd answers by itself. */
	buf_init(&b, 1 << 20);
	assert_int_equal(buf_adds(&b, "GET /fast HTTP/1.1\r\nHost: x\r\nCookie: a="), 0);
	for (i = 0; i < 200000; i++)
		assert_int_equal(buf_addc(&b, 'x'), 0);
	assert_int_equal(buf_adds(&b, "\r\nConnection: close\r\n\r\n"), 0);
	r = talk(port, b.data, b.len);
	assert_int_equal(status_of(r), 431);
	free(r);
	/* Too many header lines: our own 431. */
	buf_reset(&b);
	assert_int_equal(buf_adds(&b, "GET /fast HTTP/1.1\r\nHost: x\r\nConnection: close\r\n"), 0);
	for (i = 0; i < HTTP_MAX_HEADERS; i++)
		assert_int_equal(buf_addf(&b, "X-H%d: 1\r\n", i), 0);
	assert_int_equal(buf_adds(&b, "\r\n"), 0);
	r = talk(port, b.data, b.len);
	assert_int_equal(status_of(r), 431);
	assert_non_null(strstr(body_of(r), "headers_too_large"));
	assert_security_headers(r);
	free(r);
	/* Too many query parameters: 413. */
	buf_reset(&b);
	assert_int_equal(buf_adds(&b, "GET /fast?"), 0);
	for (i = 0; i <= HTTP_MAX_FIELDS; i++)
		assert_int_equal(buf_addf(&b, "a%d=1&", i), 0);
	assert_int_equal(buf_adds(&b, " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"), 0);
	r = talk(port, b.data, b.len);
	assert_int_equal(status_of(r), 413);
	assert_non_null(strstr(body_of(r), "too_many_fields"));
	assert_security_headers(r);
	free(r);
	/* A target over HTTP_MAX_URI that still fits the connection's memory: our own 414. */
	buf_reset(&b);
	assert_int_equal(buf_adds(&b, "GET /fast?q="), 0);
	for (i = 0; i <= HTTP_MAX_URI; i++)
		assert_int_equal(buf_addc(&b, 'x'), 0);
	assert_int_equal(buf_adds(&b, " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"), 0);
	r = talk(port, b.data, b.len);
	assert_int_equal(status_of(r), 414);
	assert_non_null(strstr(body_of(r), "uri_too_long"));
	assert_security_headers(r);
	free(r);
	buf_release(&b);
}

static void
test_bad_bodies(void **state)
{
	char *r;

	(void)state;
	r = req_s("POST /json HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 7\r\n"
		  "Connection: close\r\n\r\n{\"a\":1,");
	assert_int_equal(status_of(r), 400);
	assert_non_null(strstr(body_of(r), "invalid_json"));
	assert_non_null(strstr(body_of(r), "Тело запроса — не JSON"));
	free(r);
	r = req_s("POST /form HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded\r\n"
		  "Content-Length: 9\r\nConnection: close\r\n\r\nname=%zz1");
	assert_int_equal(status_of(r), 400);
	assert_non_null(strstr(body_of(r), "invalid_form"));
	free(r);
	r = req_s("POST /upload HTTP/1.1\r\nHost: x\r\nContent-Type: multipart/form-data; boundary=XX\r\n"
		  "Content-Length: 10\r\nConnection: close\r\n\r\n--XX\r\nabcd");
	assert_int_equal(status_of(r), 400);
	assert_non_null(strstr(body_of(r), "invalid_form"));
	free(r);
	r = req_s("GET /zero HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
	assert_int_equal(status_of(r), 500);
	assert_non_null(strstr(body_of(r), "internal"));
	assert_security_headers(r);
	free(r);
	/* A header value with CRLF is refused: 500, never a split header. */
	r = req_s("GET /inject HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
	assert_int_equal(status_of(r), 500);
	assert_false(has_header(r, "Set-Cookie", NULL));
	assert_false(has_header(r, "Location", NULL));
	free(r);
}

static void
test_parsed_values(void **state)
{
	char *r;
	const char *mp = "--b1\r\nContent-Disposition: form-data; name=\"title\"\r\n\r\nОтчёт\r\n"
			 "--b1\r\nContent-Disposition: form-data; name=\"file\"; filename=\"отчёт.txt\"\r\n"
			 "Content-Type: text/plain\r\n\r\nhello\r\n--b1--\r\n";
	char req[1024];
	int n;

	(void)state;
	r = req_s("POST /form?q=%D0%BF%D1%80%D0%B8+x HTTP/1.1\r\nHost: x\r\nCookie: sid=abc; other=1\r\n"
		  "Content-Type: application/x-www-form-urlencoded; charset=UTF-8\r\nContent-Length: 22\r\n"
		  "Connection: close\r\n\r\nname=%D0%AF+%26+b&x=1&");
	assert_int_equal(status_of(r), 200);
	assert_string_equal(body_of(r), "name=Я & b;q=при x;sid=abc;n=2");
	free(r);
	r = req_s("POST /json HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 8\r\n"
		  "Connection: close\r\n\r\n{\"a\":42}");
	assert_int_equal(status_of(r), 200);
	assert_string_equal(body_of(r), "a=42");
	free(r);
	n = snprintf(
		req, sizeof(req),
		"POST /upload HTTP/1.1\r\nHost: x\r\nContent-Type: multipart/form-data; boundary=\"b1\"\r\n"
		"Content-Length: %zu\r\nConnection: close\r\n\r\n%s",
		strlen(mp), mp);
	assert_true(n > 0 && (size_t)n < sizeof(req));
	r = req_s(req);
	assert_int_equal(status_of(r), 200);
	assert_string_equal(body_of(r), "title=Отчёт;file=отчёт.txt;len=5;type=text/plain");
	free(r);
	/* The guard runs and can refuse. */
	atomic_store(&guard_calls, 0);
	r = req_s("GET /guarded HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
	assert_int_equal(status_of(r), 403);
	assert_non_null(strstr(body_of(r), "forbidden"));
	free(r);
	assert_int_equal(atomic_load(&guard_calls), 1);
}

static void *
slow_client(void *arg)
{
	unsigned p = *(unsigned *)arg;
	const char *s = "GET /slow HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n";

	return talk(p, s, strlen(s));
}

static void
test_blocking_does_not_stall(void **state)
{
	pthread_t t;
	char *r, *slow;
	uint64_t t0;

	(void)state;
	atomic_store(&slow_done, 0);
	assert_int_equal(pthread_create(&t, NULL, slow_client, &port), 0);
	usleep(100 * 1000);
	t0 = mono_ms();
	r = req_s("GET /fast HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
	assert_int_equal(status_of(r), 200);
	/* One event thread, and it was free while the slow handler slept. */
	assert_int_equal(atomic_load(&slow_done), 0);
	assert_true(mono_ms() - t0 < 300);
	free(r);
	assert_int_equal(pthread_join(t, (void **)&slow), 0);
	assert_int_equal(status_of(slow), 200);
	assert_string_equal(body_of(slow), "slow ok");
	assert_security_headers(slow);
	free(slow);
}

static void
test_metrics(void **state)
{
	char *r;

	(void)state;
	free(req_s("GET /items/1 HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"));
	free(req_s("GET /missing HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"));
	usleep(50 * 1000); /* completion callbacks run after the answer is sent */
	r = req_s("GET /metrics HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
	assert_int_equal(status_of(r), 200);
	assert_non_null(strstr(r, "svodka_http_requests_total{route=\"/items/{id}\",status=\"200\"} "));
	assert_non_null(strstr(r, "svodka_http_requests_total{route=\"unmatched\",status=\"404\"} "));
	assert_non_null(strstr(r, "svodka_http_requests_total{route=\"/small\",status=\"413\"} "));
	assert_non_null(strstr(r, "svodka_http_request_duration_seconds_bucket{le=\"+Inf\"} "));
	assert_non_null(strstr(r, "svodka_http_request_duration_seconds_count "));
	free(r);
}

static void
test_stop_lets_blocking_finish(void **state)
{
	struct http_config cfg = {0};
	struct http_server *s;
	unsigned p;
	pthread_t t;
	char *slow;

	(void)state;
	cfg.listen = "127.0.0.1:0";
	cfg.threads = 2;
	cfg.workers = 1;
	cfg.secure = 1;
	s = http_server_start(&cfg, &app);
	assert_non_null(s);
	p = http_server_port(s);
	assert_int_equal(pthread_create(&t, NULL, slow_client, &p), 0);
	usleep(150 * 1000);
	http_server_stop(s);
	assert_int_equal(pthread_join(t, (void **)&slow), 0);
	assert_int_equal(status_of(slow), 200);
	assert_string_equal(body_of(slow), "slow ok");
	assert_true(has_header(slow, "Strict-Transport-Security", "max-age="));
	free(slow);
}

static void
test_start_failures(void **state)
{
	struct http_config cfg = {0};
	char listen[32];
	int n;

	(void)state;
	cfg.listen = "127.0.0.1";
	assert_null(http_server_start(&cfg, &app));
	cfg.listen = "localhost:99999";
	assert_null(http_server_start(&cfg, &app));
	n = snprintf(listen, sizeof(listen), "127.0.0.1:%u", port);
	assert_true(n > 0 && (size_t)n < sizeof(listen));
	cfg.listen = listen; /* taken by the running server */
	assert_null(http_server_start(&cfg, &app));
}

static void
test_ipv6_listen(void **state)
{
	struct http_config cfg = {0};
	struct http_server *s;

	(void)state;
	cfg.listen = "[::1]:0";
	cfg.threads = 1;
	s = http_server_start(&cfg, &app);
	if (s == NULL)
		skip(); /* no IPv6 loopback in this sandbox */
	assert_true(http_server_port(s) > 0);
	http_server_stop(s);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_ok_with_security_headers),
		cmocka_unit_test(test_not_found_and_method),
		cmocka_unit_test(test_body_too_large),
		cmocka_unit_test(test_header_limits),
		cmocka_unit_test(test_bad_bodies),
		cmocka_unit_test(test_parsed_values),
		cmocka_unit_test(test_blocking_does_not_stall),
		cmocka_unit_test(test_metrics),
		cmocka_unit_test(test_start_failures),
		cmocka_unit_test(test_stop_lets_blocking_finish),
		cmocka_unit_test(test_ipv6_listen),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
