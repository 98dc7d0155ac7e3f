/*
 * http: the generic HTTP layer of svodka on GNU libmicrohttpd. It knows
 * nothing of campaigns or users: it parses requests, enforces limits, matches
 * the route table the application hands it, runs handlers (inline on the
 * event threads, or on a small worker pool for routes flagged as blocking),
 * adds security headers, writes the access log and keeps request metrics.
 *
 * Invariants:
 * - Every request has its own arena (req->arena), created on libmicrohttpd's
 *   first call and freed only in the completion callback; everything a
 *   handler allocates for the request comes from it.
 * - Handlers see a fully read, size-checked, parsed body. A body larger than
 *   the limit never reaches a handler: the client gets 413.
 * - 404 and 405 come from the route table, never from handlers.
 * - Every response carries the security headers (CSP without inline script,
 *   nosniff, Referrer-Policy, frame-ancestors 'none').
 */
#ifndef SVODKA_HTTP_H
#define SVODKA_HTTP_H

#include <jansson.h>
#include <stddef.h>
#include <stdint.h>

#include "util/arena.h"
#include "util/buf.h"

/* Methods as bits, so a route can accept several. */
enum http_method {
	HTTP_GET = (1 << 0),
	HTTP_HEAD = (1 << 1),
	HTTP_POST = (1 << 2),
	HTTP_PUT = (1 << 3),
	HTTP_DELETE = (1 << 4),
	HTTP_PATCH = (1 << 5),
	HTTP_OPTIONS = (1 << 6),
};

/* Route flags. */
#define HTTP_ROUTE_BLOCKING (1 << 0) /* run the handler on the worker pool */
#define HTTP_ROUTE_SECRET_PATH                                                                               \
	(1 << 1) /* the path carries a secret (a link's token): the log writes the pattern */
#define HTTP_ROUTE_APP_FLAGS 0xffff0000u /* bits 16..31: the application's own, opaque to http/ */

struct http_param {
	const char *name; /* NUL-terminated, arena */
	const char *value; /* NUL-terminated, arena; may contain NUL if value_len says so */
	size_t value_len;
};

/* An ordered list of name/value pairs; names may repeat (checkboxes). */
struct http_params {
	struct http_param *v;
	size_t n;
};

/* First value of `name`, or NULL. */
const char *http_params_get(const struct http_params *p, const char *name);

struct http_upload {
	const char *field; /* form field name */
	const char *filename; /* as sent by the client, never a path to trust */
	const char *content_type;
	const char *data; /* arena, NUL-terminated after len bytes */
	size_t len;
};

struct http_request;
struct http_response;

/* A handler fills the response; it never frees request memory. */
typedef void (*http_handler)(struct http_request *req, struct http_response *resp);

struct http_route {
	unsigned methods; /* HTTP_GET | HTTP_HEAD ... */
	const char *pattern; /* "/campaigns/{slug}", "/static/{path*}" */
	http_handler handler;
	int role; /* opaque to http/: the application's guard reads it */
	unsigned flags; /* HTTP_ROUTE_* */
	size_t max_body; /* 0 = the server's default */
	size_t max_fields; /* text fields a body may carry; 0 = HTTP_MAX_FIELDS */
};

struct http_request {
	struct arena *arena; /* per-request pool, freed when the request ends */
	const char *method; /* as sent, e.g. "POST" */
	unsigned method_bit; /* enum http_method, 0 if unknown */
	const char *path; /* percent-decoded path, no query string */
	const char *remote_ip; /* textual peer address */
	int is_api; /* path starts with "/api/" */
	const struct http_route *route; /* matched route, NULL before matching */
	struct http_params params; /* route pattern parameters */
	struct http_params query; /* query string */
	struct http_params form; /* urlencoded or multipart text fields */
	struct http_params headers; /* request headers as received (names as sent) */
	struct http_params cookies; /* pairs of the Cookie header */
	struct http_upload *uploads; /* multipart files */
	size_t nuploads;
	json_t *json; /* body parsed when Content-Type is application/json; the arena owns it */
	const char *content_type; /* media type without parameters, lowercased, or NULL */
	const char *body; /* raw body, NUL-terminated; "" when none */
	size_t body_len;
	uint64_t start_us; /* monotonic start time, microseconds */
	void *app; /* for the application (web/): user and session */
	void *conn; /* private to http/ */
};

struct http_header_kv {
	const char *name;
	const char *value;
};

#define HTTP_MAX_RESPONSE_HEADERS 16

struct http_response {
	int status; /* 200 unless set */
	const char *content_type; /* default "text/html; charset=utf-8" */
	struct buf body;
	struct http_header_kv headers[HTTP_MAX_RESPONSE_HEADERS];
	size_t nheaders;
};

/* Request header value (case-insensitive name), or NULL. */
const char *http_header(struct http_request *req, const char *name);
/* Cookie value by name, or NULL. */
const char *http_cookie(struct http_request *req, const char *name);

/* Adds a response header; name and value are copied into the request arena. */
void http_response_header(struct http_request *req, struct http_response *resp, const char *name,
			  const char *value);
/* Sets status and a redirect Location (303 for POST-redirect-GET). */
void http_redirect(struct http_request *req, struct http_response *resp, int status, const char *location);
/*
 * Answers an error through the application's error hook (Russian page for
 * browsers, {"error": {...}} under /api/). code is a short machine word
 * ("not_found", "invalid_json"); field may be NULL.
 */
void http_error(struct http_request *req, struct http_response *resp, int status, const char *code,
		const char *message, const char *field);

struct http_app {
	const struct http_route *routes;
	size_t nroutes;
	/*
	 * Runs after routing and body parsing, before the handler, on the same
	 * thread as the handler would start: checks session, CSRF and role.
	 * Returns 0 to go on, or fills resp (usually through http_error) and
	 * returns -1.
	 */
	int (*guard)(struct http_request *req, struct http_response *resp);
	/* Renders an error answer; must set status, content type and body. */
	void (*error)(struct http_request *req, struct http_response *resp, int status, const char *code,
		      const char *message, const char *field);
};

struct http_config {
	const char *listen; /* "127.0.0.1:8080", "[::1]:8080" or ":8080" */
	unsigned threads; /* event threads; 0 = number of CPUs */
	unsigned workers; /* blocking pool; 0 = 2 */
	size_t max_body; /* default body limit; 0 = 1 MiB */
	size_t max_header; /* per-connection memory for headers; 0 = 32 KiB */
	unsigned max_conns; /* total; 0 = 1024 */
	unsigned max_conns_per_ip; /* 0 = 64 */
	unsigned idle_timeout; /* seconds; 0 = 30 */
	int secure; /* behind TLS: adds Strict-Transport-Security */
};

struct http_server;

/* Starts listening and serving; returns NULL with a logged reason on failure. */
struct http_server *http_server_start(const struct http_config *cfg, const struct http_app *app);
/* Stops accepting, lets in-flight requests finish, joins all threads, frees. */
void http_server_stop(struct http_server *srv);

/*
 * Matches method and path against the table. Returns 0 and sets *out and
 * params (arena strings), 404 when no pattern matches, 405 when a pattern
 * matches but not the method (*allow gets the accepted methods' bits).
 */
int http_route_match(const struct http_route *routes, size_t n, unsigned method_bit, const char *path,
		     struct arena *a, const struct http_route **out, struct http_params *params,
		     unsigned *allow);

/* Caps on counts in one request; passing one answers 413 (431 for headers). */
#define HTTP_MAX_FIELDS 1000 /* pairs in the query string; text fields in a body unless the route says */
#define HTTP_MAX_UPLOADS 32 /* files in one multipart body */
#define HTTP_MAX_COOKIES 100 /* pairs in the Cookie header */
#define HTTP_MAX_HEADERS 100 /* request header lines */
#define HTTP_MAX_JSON_DEPTH 64 /* nesting of arrays and objects */
#define HTTP_MAX_URI 16384 /* bytes of the request target (path and query); longer is 414 */

/*
 * Parsers of untrusted input, exposed for tests and fuzzers. Return 0 or -1
 * (malformed). On -1, errno is E2BIG when a count cap above was passed and
 * EINVAL when the input is malformed.
 */
int http_parse_urlencoded(struct arena *a, const char *s, size_t len, struct http_params *out);
/* The same with its own cap on pairs (0 = HTTP_MAX_FIELDS), for a route's max_fields. */
int http_parse_urlencoded_max(struct arena *a, const char *s, size_t len, size_t max_fields,
			      struct http_params *out);
int http_parse_cookies(struct arena *a, const char *header, struct http_params *out);
/* multipart/form-data with a cap on text fields (0 = HTTP_MAX_FIELDS), for a route's max_fields. */
int http_parse_multipart_max(struct arena *a, const char *content_type_header, const char *body, size_t len,
			     size_t max_fields, struct http_params *fields, struct http_upload **uploads,
			     size_t *nuploads);
/*
 * Parses a JSON body with depth and size limits; NULL with a Russian message
 * on error (what is wrong, line and column), never jansson's own words.
 */
json_t *http_parse_json(const char *body, size_t len, char *errmsg, size_t errlen);

/* Appends the request metrics in Prometheus text format. */
int http_metrics_write(struct buf *out) __attribute__((warn_unused_result));
/*
 * Counts one answered request: route is the matched pattern ("unmatched"
 * when none), us its duration. Called by the server; thread-safe.
 */
void http_metrics_observe(const char *route, int status, uint64_t us);

/* The TCP port the server listens on (useful after listening on port 0). */
unsigned http_server_port(const struct http_server *srv);

#endif
