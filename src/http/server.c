/*
 * server: the glue between GNU libmicrohttpd and the route table: the
 * daemon and each connection's life. The answers (error answers, security
 * headers, the libmicrohttpd response) are in server_answer.c, the worker
 * pool in server_pool.c, what the three share in server_int.h.
 *
 * Threading: libmicrohttpd runs `threads` event threads (internal epoll, a
 * thread pool); each request is handled in three phases on one of them, as in
 * libmicrohttpd's largepost example: on the first call the request state is
 * set up with its arena, the path decoded, the
 * query string and cookies parsed and the route matched, so 404, 405, 501 and
 * an oversized Content-Length are answered before any body is read; the
 * following calls stream the body into a capped buffer; the last call parses
 * the body and runs the guard and the handler. Routes flagged
 * HTTP_ROUTE_BLOCKING do not run there: the connection is suspended and put
 * on a bounded queue served by `workers` threads of our own; the worker runs
 * the guard and the handler, builds the libmicrohttpd response and resumes
 * the connection, and the event thread queues the response on its next call.
 * A full queue answers 503 at once. Before all that, libmicrohttpd's URI log
 * callback (uri_seen) hides the query string from libmicrohttpd, which we
 * parse ourselves.
 *
 * Request state (struct server_conn, with the public struct http_request inside) is
 * allocated from the request's arena and freed only in the completion
 * callback, which also writes the access log line and counts the metrics.
 */
#include "http/http.h"
#include "http/server_int.h"

#include <arpa/inet.h>
#include <errno.h>
#include <microhttpd.h>
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

#include "util/log.h"
#include "util/pct.h"
#include "util/xalloc.h"

#define DEFAULT_MAX_BODY ((size_t)1 << 20)
#define DEFAULT_MAX_HEADER ((size_t)32 << 10)
#define DEFAULT_MAX_CONNS 1024
#define DEFAULT_MAX_CONNS_PER_IP 64
#define DEFAULT_IDLE_TIMEOUT 30
#define DEFAULT_WORKERS 2
#define QUEUE_PER_WORKER 64 /* blocking jobs waiting, per worker */
#define STOP_WAIT_US (10 * 1000000ULL) /* in-flight requests get this long at shutdown */
#define DRAIN_MAX ((size_t)8 << 20) /* body bytes read and dropped after a 413 */
#define LOG_PATH_MAX 256 /* bytes of the path in an access log line */

static uint64_t
now_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000u + (uint64_t)ts.tv_nsec / 1000u;
}

__attribute__((format(printf, 2, 0))) static void
mhd_log(void *cls, const char *fmt, va_list ap)
{
	char line[512];
	size_t n;

	(void)cls;
	if (vsnprintf(line, sizeof(line), fmt, ap) < 0)
		return;
	n = strlen(line);
	while (n && (line[n - 1] == '\n' || line[n - 1] == '\r'))
		line[--n] = '\0';
	log_warnx("libmicrohttpd: %s", line);
}

static unsigned
method_bit(const char *m)
{
	static const struct {
		const char *name;
		unsigned bit;
	} tab[] = {
		{"GET", HTTP_GET},       {"HEAD", HTTP_HEAD},   {"POST", HTTP_POST},       {"PUT", HTTP_PUT},
		{"DELETE", HTTP_DELETE}, {"PATCH", HTTP_PATCH}, {"OPTIONS", HTTP_OPTIONS},
	};
	size_t i;

	for (i = 0; i < sizeof(tab) / sizeof(tab[0]); i++)
		if (strcmp(m, tab[i].name) == 0)
			return tab[i].bit;
	return 0;
}

/* Guard, then handler, then the libmicrohttpd response (stored in cn->ready). */
void
server_run(struct server_conn *cn)
{
	struct http_app *app = &cn->srv->app;

	if (app->guard == NULL || app->guard(&cn->req, &cn->resp) == 0)
		cn->req.route->handler(&cn->req, &cn->resp);
	cn->ready = server_build(cn, &cn->ready_status);
}

static void
release_bufs(void *p)
{
	struct server_conn *cn = p;

	buf_release(&cn->body);
	buf_release(&cn->resp.body);
}

static void
decref(void *p)
{
	json_decref(p);
}

/*
 * What the URI log callback hands to the first access-handler call: one mark
 * per possible first byte of the query string, one more for a request
 * target over HTTP_MAX_URI. Static, so nothing leaks when libmicrohttpd
 * refuses the request itself between the two calls.
 */
#define URI_MARK_TOO_LONG 256
static const char uri_marks[URI_MARK_TOO_LONG + 1];

#if MHD_VERSION > 0x00097500
#error "uri_seen relies on how libmicrohttpd 0.9.75 splits the query string: check it for this version"
#endif

static int
is_uri_mark(const void *p)
{
	return (uintptr_t)p >= (uintptr_t)uri_marks &&
	       (uintptr_t)p <= (uintptr_t)&uri_marks[URI_MARK_TOO_LONG];
}

/*
 * libmicrohttpd's URI log callback: sees the request target as sent, before
 * libmicrohttpd splits the query string. 0.9.75 keeps each query argument
 * as a record in the connection's memory pool (MHD_OPTION_CONNECTION_MEMORY_LIMIT,
 * shared with the headers and later the response header), so a few hundred
 * pairs left no room for the answer (an empty reply) and a few more made it
 * give up mid-request (a connection hanging until the idle timeout). We
 * parse the query ourselves, so its first byte is saved in the mark we
 * return and replaced by a NUL: libmicrohttpd then parses an empty query
 * and stores nothing. conn_new puts the byte back. A target over
 * HTTP_MAX_URI gets its own mark and a 414 from on_headers.
 */
static void *
uri_seen(void *cls, const char *uri, struct MHD_Connection *mhd)
{
	char *q = strchr(uri, '?'); /* libmicrohttpd's own, writable buffer */
	unsigned char c;

	(void)cls;
	(void)mhd;
	if (strlen(uri) > HTTP_MAX_URI) {
		if (q && q[1])
			q[1] = '\0';
		return (void *)&uri_marks[URI_MARK_TOO_LONG];
	}
	if (q == NULL || q[1] == '\0')
		return NULL;
	c = (unsigned char)q[1];
	q[1] = '\0';
	return (void *)&uri_marks[c];
}

/*
 * The first access-handler call for a request makes its state. (Not the URI
 * log callback: libmicrohttpd 0.9.75 does not always report completion for a
 * request it refuses itself after that callback, which would leak the arena.)
 */
static struct server_conn *
conn_new(struct http_server *srv, struct MHD_Connection *mhd, const char *url, const void *mark)
{
	struct arena *a = arena_new();
	struct server_conn *cn = arena_alloc(a, sizeof(*cn));
	size_t idx;

	cn->srv = srv;
	cn->mhd = mhd;
	cn->raw_path = arena_strdup(a, url ? url : "");
	cn->raw_query = "";
	if (mark && url) {
		idx = (size_t)((const char *)mark - uri_marks);
		if (idx == URI_MARK_TOO_LONG) {
			cn->uri_too_long = 1;
		} else {
			/* url, the '?' libmicrohttpd cut, the byte uri_seen cut, the rest. */
			const char *rest = url + strlen(url) + 2;

			cn->raw_query = arena_printf(a, "%c%s", (char)idx, rest);
		}
	}
	cn->label = "unmatched";
	cn->req.arena = a;
	cn->req.conn = cn;
	cn->req.start_us = now_us();
	cn->req.body = "";
	cn->req.method = "";
	cn->req.path = "";
	buf_init(&cn->body, 1);
	buf_init(&cn->resp.body, BUF_MAX_DEFAULT);
	cn->resp.status = 200;
	arena_defer(a, release_bufs, cn);
	atomic_fetch_add(&srv->inflight, 1);
	return cn;
}

/* Keeps the path and query arguments as sent: we decode them ourselves. */
static size_t
keep_raw(void *cls, struct MHD_Connection *mhd, char *s)
{
	(void)cls;
	(void)mhd;
	return strlen(s);
}

/* Appends s[0..n) to out for a log line, bytes outside printable ASCII as \xNN. */
static void
log_clean(char *out, size_t outlen, const char *s, size_t n)
{
	size_t i, o = 0;

	for (i = 0; i < n && o + 5 < outlen; i++) {
		unsigned char c = (unsigned char)s[i];

		if (c >= 0x20 && c < 0x7f && c != '\\') {
			out[o++] = (char)c;
		} else {
			int k = snprintf(out + o, outlen - o, "\\x%02x", c);

			if (k < 0 || (size_t)k >= outlen - o)
				break;
			o += (size_t)k;
		}
	}
	if (i < n && o + 4 < outlen) {
		memcpy(out + o, "...", 3);
		o += 3;
	}
	out[o] = '\0';
}

/* The one place request state dies; writes the access log line. */
static void
completed(void *cls, struct MHD_Connection *mhd, void **con_cls, enum MHD_RequestTerminationCode toe)
{
	struct http_server *srv = cls;
	struct server_conn *cn = *con_cls;
	char path[LOG_PATH_MAX * 4 + 8], method[64], status[16];
	const char *raw;
	uint64_t us;
	size_t plen;

	(void)mhd;
	if (cn == NULL)
		return;
	*con_cls = NULL;
	if (is_uri_mark(cn))
		return; /* refused by libmicrohttpd before the first call: nothing to free */
	us = now_us() - cn->req.start_us;
	/* A capability link's token never reaches the log: its route's pattern stands for it. */
	raw = cn->req.route && (cn->req.route->flags & HTTP_ROUTE_SECRET_PATH) ? cn->req.route->pattern
									       : cn->raw_path;
	plen = strlen(raw);
	log_clean(path, sizeof(path), raw, plen < LOG_PATH_MAX ? plen : LOG_PATH_MAX);
	if (plen > LOG_PATH_MAX && strlen(path) + 4 < sizeof(path))
		memcpy(path + strlen(path), "...", 4);
	log_clean(method, sizeof(method), cn->req.method[0] ? cn->req.method : "-",
		  cn->req.method[0] ? strlen(cn->req.method) : 1);
	if (cn->status) {
		if (snprintf(status, sizeof(status), "%d", cn->status) >= (int)sizeof(status))
			status[0] = '\0';
		http_metrics_observe(cn->label, cn->status, us);
	} else {
		memcpy(status, "-", 2);
	}
	log_info("%s %s %s %zuB %lluus%s", method, path, status, cn->status ? cn->bytes : 0,
		 (unsigned long long)us, toe == MHD_REQUEST_TERMINATED_COMPLETED_OK ? "" : " aborted");
	if (cn->ready)
		MHD_destroy_response(cn->ready);
	arena_free(cn->req.arena);
	atomic_fetch_sub(&srv->inflight, 1);
}

/* Percent-decodes a path; NULL on a bad escape or a NUL byte. '+' stays. */
static char *
path_decode(struct arena *a, const char *s, size_t len)
{
	char *out = arena_alloc(a, len + 1);

	return pct_decode(s, len, PCT_NO_NUL, out, NULL) == 0 ? out : NULL;
}

static enum MHD_Result
collect_header(void *cls, enum MHD_ValueKind kind, const char *key, const char *value)
{
	struct server_conn *cn = cls;
	struct http_param *p;

	(void)kind;
	if (cn->req.headers.n == HTTP_MAX_HEADERS)
		return MHD_NO;
	p = &cn->req.headers.v[cn->req.headers.n++];
	p->name = arena_strdup(cn->req.arena, key);
	p->value = arena_strdup(cn->req.arena, value ? value : "");
	p->value_len = strlen(p->value);
	return MHD_YES;
}

static const char *
remote_ip(struct server_conn *cn)
{
	const union MHD_ConnectionInfo *ci =
		MHD_get_connection_info(cn->mhd, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
	char ip[INET6_ADDRSTRLEN] = "";

	if (ci && ci->client_addr) {
		const struct sockaddr *sa = ci->client_addr;

		if (sa->sa_family == AF_INET)
			inet_ntop(AF_INET, &((const struct sockaddr_in *)(const void *)sa)->sin_addr, ip,
				  sizeof(ip));
		else if (sa->sa_family == AF_INET6)
			inet_ntop(AF_INET6, &((const struct sockaddr_in6 *)(const void *)sa)->sin6_addr, ip,
				  sizeof(ip));
	}
	return arena_strdup(cn->req.arena, ip);
}

/* Media type without parameters, lowercased, or NULL. */
static const char *
media_type(struct arena *a, const char *ct)
{
	size_t n;
	char *m;
	size_t i;

	if (ct == NULL)
		return NULL;
	while (*ct == ' ' || *ct == '\t')
		ct++;
	n = strcspn(ct, ";");
	while (n && (ct[n - 1] == ' ' || ct[n - 1] == '\t'))
		n--;
	m = arena_strndup(a, ct, n);
	for (i = 0; i < n; i++)
		if (m[i] >= 'A' && m[i] <= 'Z')
			m[i] = (char)(m[i] + 32);
	return m;
}

/*
 * The first call: everything that needs no body. Answers 400 (bad path or
 * query), 404, 405, 413 (Content-Length over the limit or too many query
 * fields), 431 (too many headers or cookies), 501 (unknown method); else
 * prepares to read the body.
 */
static enum MHD_Result
on_headers(struct server_conn *cn, const char *method)
{
	struct http_request *req = &cn->req;
	struct http_server *srv = cn->srv;
	const char *cl;
	size_t limit;
	unsigned allow = 0;
	int rc, nh;

	req->method = arena_strdup(req->arena, method);
	req->method_bit = method_bit(method);
	req->remote_ip = remote_ip(cn);
	/* Decided on the path as sent, so that an API path refused below still gets JSON. */
	req->is_api = strncmp(cn->raw_path, "/api/", 5) == 0;
	if (cn->uri_too_long)
		return server_answer_error(
			cn, 414, "uri_too_long",
			arena_printf(req->arena,
				     "Адрес страницы слишком длинный: допускается не более %d КБ.",
				     HTTP_MAX_URI >> 10));
	req->path = path_decode(req->arena, cn->raw_path, strlen(cn->raw_path));
	if (req->path == NULL || req->path[0] != '/') {
		req->path = "";
		return server_answer_error(cn, 400, "invalid_path", "Некорректный адрес страницы");
	}
	req->is_api |= strncmp(req->path, "/api/", 5) == 0;
	nh = MHD_get_connection_values(cn->mhd, MHD_HEADER_KIND, NULL, NULL);
	req->headers.v = arena_alloc(req->arena, (size_t)(nh > 0 ? nh : 1) * sizeof(struct http_param));
	if (nh > HTTP_MAX_HEADERS)
		return server_answer_error(cn, 431, "headers_too_large",
					   "Слишком много заголовков в запросе");
	MHD_get_connection_values(cn->mhd, MHD_HEADER_KIND, collect_header, cn);

	rc = http_parse_urlencoded(req->arena, cn->raw_query, strlen(cn->raw_query), &req->query);
	if (rc < 0) {
		if (errno == E2BIG)
			return server_answer_error(cn, 413, "too_many_fields",
						   "Слишком много параметров в адресе");
		return server_answer_error(cn, 400, "invalid_query",
					   "Некорректные параметры в адресе страницы");
	}
	if (http_parse_cookies(req->arena, http_header(req, "Cookie"), &req->cookies) < 0)
		return server_answer_error(cn, 431, "headers_too_large", "Слишком много cookie в запросе");
	req->content_type = media_type(req->arena, http_header(req, "Content-Type"));

	rc = http_route_match(srv->app.routes, srv->app.nroutes, req->method_bit, req->path, req->arena,
			      &req->route, &req->params, &allow);
	/* A method we do not know (TRACE, FOO): 405 where the path exists, else 501; never a 500. */
	if (req->method_bit == 0 && rc != 405)
		return server_answer_error(cn, 501, "not_implemented", "Метод не поддерживается");
	if (rc == 404)
		return server_answer_error(cn, 404, "not_found", "Страница не найдена");
	if (rc == 405) {
		http_response_header(req, &cn->resp, "Allow", server_allow_text(req->arena, allow));
		return server_answer_error(cn, 405, "method_not_allowed",
					   req->method_bit ? "Метод не разрешён для этого адреса"
							   : "Метод не поддерживается");
	}
	cn->label = req->route->pattern;
	limit = req->route->max_body ? req->route->max_body : srv->cfg.max_body;
	cl = http_header(req, "Content-Length");
	if (cl) {
		char *end;
		unsigned long long v;

		errno = 0;
		v = strtoull(cl, &end, 10);
		if (errno || end == cl || v > limit)
			return server_answer_error(cn, 413, "body_too_large",
						   server_too_large_message(req->arena, limit));
	}
	buf_init(&cn->body, limit);
	cn->phase = SERVER_PHASE_BODY;
	return MHD_YES;
}

/* The last call: parse the body, then run the handler here or on a worker. */
static enum MHD_Result
on_body_done(struct server_conn *cn)
{
	struct http_request *req = &cn->req;
	const char *ct = req->content_type;
	size_t max_fields = req->route->max_fields ? req->route->max_fields : HTTP_MAX_FIELDS;
	char msg[512];
	int st = 500;

	if (cn->too_large)
		return server_answer_error(cn, 413, "body_too_large",
					   server_too_large_message(req->arena, cn->body.max));
	req->body = cn->body.data;
	req->body_len = cn->body.len;
	if (ct && strcmp(ct, "application/x-www-form-urlencoded") == 0) {
		if (http_parse_urlencoded_max(req->arena, req->body, req->body_len, max_fields, &req->form) <
		    0) {
			if (errno == E2BIG)
				return server_answer_error(
					cn, 413, "too_many_fields",
					server_too_many_fields_message(req->arena, max_fields));
			return server_answer_error(cn, 400, "invalid_form", "Некорректные данные формы");
		}
	} else if (ct && strcmp(ct, "multipart/form-data") == 0) {
		if (http_parse_multipart_max(req->arena, http_header(req, "Content-Type"), req->body,
					     req->body_len, max_fields, &req->form, &req->uploads,
					     &req->nuploads) < 0) {
			if (errno == E2BIG)
				return server_answer_error(cn, 413, "too_many_fields",
							   "Слишком много полей или файлов в форме");
			return server_answer_error(cn, 400, "invalid_form", "Некорректные данные формы");
		}
	} else if (ct && strcmp(ct, "application/json") == 0 && req->body_len > 0) {
		req->json = http_parse_json(req->body, req->body_len, msg, sizeof(msg));
		if (req->json == NULL)
			return server_answer_error(cn, 400, "invalid_json", msg);
		arena_defer(req->arena, decref, req->json);
	}
	if (req->route->flags & HTTP_ROUTE_BLOCKING)
		return server_dispatch(cn);
	server_run(cn);
	st = cn->ready_status;
	{
		struct MHD_Response *r = cn->ready;

		cn->ready = NULL;
		return server_queue(cn, r, st);
	}
}

static enum MHD_Result
access_handler(void *cls, struct MHD_Connection *mhd, const char *url, const char *method,
	       const char *version, const char *upload_data, size_t *upload_data_size, void **con_cls)
{
	struct server_conn *cn = *con_cls;

	(void)version;
	if (cn == NULL || is_uri_mark(cn)) {
		cn = conn_new(cls, mhd, url, cn);
		*con_cls = cn;
	}
	switch (cn->phase) {
	case SERVER_PHASE_HEADERS: return on_headers(cn, method);
	case SERVER_PHASE_BODY:
		if (*upload_data_size == 0)
			return on_body_done(cn);
		/*
		 * libmicrohttpd 0.9.75 refuses a response queued while the body
		 * is being read, so past the limit the rest is read and dropped
		 * (up to DRAIN_MAX, then the connection is closed) and the 413
		 * goes out on the last call. Only a chunked body gets here: a
		 * Content-Length over the limit was refused on the first call.
		 */
		if (cn->too_large) {
			cn->drained += *upload_data_size;
			if (cn->drained > DRAIN_MAX) {
				log_warnx("%s: %s %s: body far over the limit, connection closed", __func__,
					  cn->req.method, cn->req.path);
				return MHD_NO;
			}
		} else if (buf_add(&cn->body, upload_data, *upload_data_size) < 0) {
			cn->too_large = 1;
			buf_release(&cn->body);
		}
		*upload_data_size = 0;
		return MHD_YES;
	case SERVER_PHASE_WORKER:
		if (cn->ready) {
			struct MHD_Response *r = cn->ready;

			cn->ready = NULL;
			return server_queue(cn, r, cn->ready_status);
		}
		return MHD_YES;
	case SERVER_PHASE_SENT: *upload_data_size = 0; return MHD_YES;
	}
	return MHD_NO;
}

/* Parses "host:port", "[v6]:port" or ":port" into ss. Returns 0 or -1. */
static int
parse_listen(const char *listen, struct sockaddr_storage *ss, socklen_t *sslen, int *v6)
{
	const char *colon, *host_end;
	char host[INET6_ADDRSTRLEN], *end;
	size_t hlen;
	long port;

	memset(ss, 0, sizeof(*ss));
	*v6 = 0;
	if (listen == NULL)
		return -1;
	if (listen[0] == '[') {
		host_end = strchr(listen, ']');
		if (host_end == NULL || host_end[1] != ':')
			return -1;
		colon = host_end + 1;
		listen++;
		*v6 = 1;
	} else {
		colon = strrchr(listen, ':');
		if (colon == NULL)
			return -1;
		host_end = colon;
	}
	hlen = (size_t)(host_end - listen);
	if (hlen >= sizeof(host))
		return -1;
	memcpy(host, listen, hlen);
	host[hlen] = '\0';
	errno = 0;
	port = strtol(colon + 1, &end, 10);
	if (errno || end == colon + 1 || *end != '\0' || port < 0 || port > 65535)
		return -1;
	if (*v6) {
		struct sockaddr_in6 *s6 = (struct sockaddr_in6 *)ss;

		s6->sin6_family = AF_INET6;
		s6->sin6_port = htons((uint16_t)port);
		if (inet_pton(AF_INET6, host, &s6->sin6_addr) != 1)
			return -1;
		*sslen = sizeof(*s6);
	} else {
		struct sockaddr_in *s4 = (struct sockaddr_in *)ss;

		s4->sin_family = AF_INET;
		s4->sin_port = htons((uint16_t)port);
		if (hlen == 0)
			s4->sin_addr.s_addr = htonl(INADDR_ANY);
		else if (inet_pton(AF_INET, host, &s4->sin_addr) != 1)
			return -1;
		*sslen = sizeof(*s4);
	}
	return 0;
}

static void
server_free(struct http_server *srv)
{
	pthread_mutex_destroy(&srv->mu);
	pthread_cond_destroy(&srv->work);
	free(srv->workers);
	free(srv->queue);
	free(srv);
}

struct http_server *
http_server_start(const struct http_config *cfg, const struct http_app *app)
{
	struct http_server *srv = xcalloc(1, sizeof(*srv));
	struct sockaddr_storage ss;
	socklen_t sslen = 0;
	struct MHD_OptionItem opts[16];
	const union MHD_DaemonInfo *di;
	size_t no = 0;
	unsigned flags, i;
	int v6;

	srv->cfg = *cfg;
	srv->app = *app;
	if (srv->cfg.threads == 0) {
		long n = sysconf(_SC_NPROCESSORS_ONLN);

		srv->cfg.threads = n > 0 ? (unsigned)n : 1;
	}
	if (srv->cfg.workers == 0)
		srv->cfg.workers = DEFAULT_WORKERS;
	if (srv->cfg.max_body == 0)
		srv->cfg.max_body = DEFAULT_MAX_BODY;
	if (srv->cfg.max_header == 0)
		srv->cfg.max_header = DEFAULT_MAX_HEADER;
	if (srv->cfg.max_conns == 0)
		srv->cfg.max_conns = DEFAULT_MAX_CONNS;
	if (srv->cfg.max_conns_per_ip == 0)
		srv->cfg.max_conns_per_ip = DEFAULT_MAX_CONNS_PER_IP;
	if (srv->cfg.idle_timeout == 0)
		srv->cfg.idle_timeout = DEFAULT_IDLE_TIMEOUT;
	atomic_init(&srv->inflight, 0);
	pthread_mutex_init(&srv->mu, NULL);
	pthread_cond_init(&srv->work, NULL);
	srv->qcap = (size_t)srv->cfg.workers * QUEUE_PER_WORKER;
	srv->queue = xcalloc(srv->qcap, sizeof(*srv->queue));

	if (parse_listen(cfg->listen, &ss, &sslen, &v6) < 0) {
		log_warnx("%s: bad listen address \"%s\" (want host:port, [v6]:port or :port)", __func__,
			  cfg->listen ? cfg->listen : "");
		goto fail;
	}
	srv->workers = xcalloc(srv->cfg.workers, sizeof(*srv->workers));
	for (i = 0; i < srv->cfg.workers; i++) {
		if (pthread_create(&srv->workers[i], NULL, server_worker_main, srv) != 0) {
			log_warnx("%s: cannot start worker thread", __func__);
			goto fail;
		}
		srv->nworkers++;
	}

	opts[no++] = (struct MHD_OptionItem){MHD_OPTION_EXTERNAL_LOGGER, (intptr_t)mhd_log, NULL};
	opts[no++] = (struct MHD_OptionItem){MHD_OPTION_SOCK_ADDR, 0, &ss};
	opts[no++] = (struct MHD_OptionItem){MHD_OPTION_CONNECTION_MEMORY_LIMIT,
					     (intptr_t)srv->cfg.max_header, NULL};
	opts[no++] = (struct MHD_OptionItem){MHD_OPTION_CONNECTION_LIMIT, (intptr_t)srv->cfg.max_conns, NULL};
	opts[no++] = (struct MHD_OptionItem){MHD_OPTION_PER_IP_CONNECTION_LIMIT,
					     (intptr_t)srv->cfg.max_conns_per_ip, NULL};
	opts[no++] =
		(struct MHD_OptionItem){MHD_OPTION_CONNECTION_TIMEOUT, (intptr_t)srv->cfg.idle_timeout, NULL};
	opts[no++] = (struct MHD_OptionItem){MHD_OPTION_NOTIFY_COMPLETED, (intptr_t)completed, srv};
	opts[no++] = (struct MHD_OptionItem){MHD_OPTION_UNESCAPE_CALLBACK, (intptr_t)keep_raw, NULL};
	opts[no++] = (struct MHD_OptionItem){MHD_OPTION_URI_LOG_CALLBACK, (intptr_t)uri_seen, NULL};
	if (srv->cfg.threads > 1)
		opts[no++] = (struct MHD_OptionItem){MHD_OPTION_THREAD_POOL_SIZE, (intptr_t)srv->cfg.threads,
						     NULL};
	opts[no++] = (struct MHD_OptionItem){MHD_OPTION_END, 0, NULL};

	flags = MHD_USE_EPOLL_INTERNAL_THREAD | MHD_ALLOW_SUSPEND_RESUME | MHD_USE_ITC | MHD_USE_ERROR_LOG;
	if (v6)
		flags |= MHD_USE_IPv6;
	srv->daemon = MHD_start_daemon(flags, 0, NULL, NULL, access_handler, srv, MHD_OPTION_ARRAY, opts,
				       MHD_OPTION_END);
	if (srv->daemon == NULL) {
		log_warnx("%s: cannot listen on %s (port taken or address not available)", __func__,
			  cfg->listen);
		goto fail;
	}
	di = MHD_get_daemon_info(srv->daemon, MHD_DAEMON_INFO_BIND_PORT);
	srv->port = di ? di->port : 0;
	log_info("listening on %s (port %u, %u event threads, %u workers)", cfg->listen, srv->port,
		 srv->cfg.threads, srv->cfg.workers);
	return srv;
fail:
	server_workers_stop(srv);
	server_free(srv);
	return NULL;
}

unsigned
http_server_port(const struct http_server *srv)
{
	return srv->port;
}

void
http_server_stop(struct http_server *srv)
{
	MHD_socket fd;
	uint64_t deadline;

	if (srv == NULL)
		return;
	fd = MHD_quiesce_daemon(srv->daemon);
	deadline = now_us() + STOP_WAIT_US;
	while (atomic_load(&srv->inflight) > 0 && now_us() < deadline)
		usleep(10000);
	if (atomic_load(&srv->inflight) > 0)
		log_warnx("%s: %d requests still in flight after 10 s", __func__,
			  atomic_load(&srv->inflight));
	pthread_mutex_lock(&srv->mu);
	srv->abandon = atomic_load(&srv->inflight) > 0;
	pthread_mutex_unlock(&srv->mu);
	/* Every suspended connection is resumed before the daemon stops. */
	server_workers_stop(srv);
	MHD_stop_daemon(srv->daemon);
	if (fd != MHD_INVALID_SOCKET)
		close(fd);
	server_free(srv);
}
