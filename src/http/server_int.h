/*
 * server_int: what the files of the HTTP server share and nobody else
 * sees: one request's state (struct server_conn, with the public struct
 * http_request inside), the server, and the entry points between the
 * connection lifecycle (server.c), the answers (server_answer.c: error
 * answers, security headers, the libmicrohttpd response) and the worker
 * pool (server_pool.c).
 */
#ifndef SVODKA_HTTP_SERVER_INT_H
#define SVODKA_HTTP_SERVER_INT_H

#include <microhttpd.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stddef.h>

#include "http/http.h"

enum server_phase {
	SERVER_PHASE_HEADERS, /* first call not yet seen */
	SERVER_PHASE_BODY, /* reading the body */
	SERVER_PHASE_WORKER, /* suspended, a worker runs the handler */
	SERVER_PHASE_SENT, /* a response is queued */
};

struct server_conn {
	struct http_request req; /* the public part; req.conn points back here */
	struct http_response resp;
	struct http_server *srv;
	struct MHD_Connection *mhd;
	const char *raw_path; /* as sent, without the query string; arena */
	const char *raw_query; /* as sent, after '?'; "" when none; arena */
	int uri_too_long; /* the request target passed HTTP_MAX_URI */
	enum server_phase phase;
	struct buf body; /* capped at the route's limit */
	int too_large; /* the body passed the limit */
	size_t drained; /* bytes dropped after that */
	int failed; /* an internal failure while filling resp: answer 500 */
	struct MHD_Response *ready; /* built by a worker, queued on resume */
	int ready_status;
	int status; /* status queued, 0 when none (for the log) */
	size_t bytes; /* body bytes queued */
	const char *label; /* route pattern for metrics */
};

struct http_server {
	struct MHD_Daemon *daemon;
	struct http_config cfg; /* with defaults filled in */
	struct http_app app;
	unsigned port;
	atomic_int inflight; /* requests between URI callback and completion */

	pthread_mutex_t mu; /* guards the queue and the flags below */
	pthread_cond_t work; /* jobs queued, or stopping */
	struct server_conn **queue; /* ring of suspended connections */
	size_t qhead, qlen, qcap;
	int stopping; /* no new jobs; workers exit when the queue is empty */
	int abandon; /* queued jobs answer 503 instead of running */
	pthread_t *workers;
	unsigned nworkers;
};

/* Guard, then handler, then the libmicrohttpd response (stored in cn->ready). */
void server_run(struct server_conn *cn);

/*
 * Turns the filled resp into a libmicrohttpd response with our headers; a
 * handler's bad outcome becomes a 500. NULL only when libmicrohttpd cannot
 * allocate.
 */
struct MHD_Response *server_build(struct server_conn *cn, int *status);
/* Queues the response on the event thread (NULL: MHD_NO). */
enum MHD_Result server_queue(struct server_conn *cn, struct MHD_Response *r, int status);
/* Answers an error from the event thread (404, 413, 400 ...). */
enum MHD_Result server_answer_error(struct server_conn *cn, int status, const char *code,
				    const char *message);
/* Methods of `bits` as an Allow header value, e.g. "GET, HEAD". */
const char *server_allow_text(struct arena *a, unsigned bits);
/* The 413 for a body with more fields than its route takes, naming the limit. */
const char *server_too_many_fields_message(struct arena *a, size_t limit);
/* «Запрос слишком большой: не более 1 МБ.», naming the route's limit. */
const char *server_too_large_message(struct arena *a, size_t limit);

/* A worker thread: runs queued connections until the queue is closed and empty. */
void *server_worker_main(void *arg);
/* Queues a blocking route's request for the workers, suspending it; a full queue answers 503. */
enum MHD_Result server_dispatch(struct server_conn *cn);
/* Tells the workers to finish the queue and joins them. */
void server_workers_stop(struct http_server *srv);

#endif
