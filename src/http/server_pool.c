/*
 * server_pool: the worker pool that runs HTTP_ROUTE_BLOCKING routes (see
 * server.c): a bounded ring of suspended connections under one mutex,
 * served by `workers` threads of our own. A worker runs the guard and the
 * handler, builds the response and resumes the connection; the event
 * thread queues the response on its next call. A full queue answers 503 at
 * once; at shutdown queued jobs answer 503 when the server abandons them.
 */
#include "http/http.h"
#include "http/server_int.h"

#include <microhttpd.h>
#include <pthread.h>

#include "util/log.h"

void *
server_worker_main(void *arg)
{
	struct http_server *srv = arg;

	for (;;) {
		struct server_conn *cn;
		struct MHD_Connection *mhd;
		int abandon;

		pthread_mutex_lock(&srv->mu);
		while (srv->qlen == 0 && !srv->stopping)
			pthread_cond_wait(&srv->work, &srv->mu);
		if (srv->qlen == 0) {
			pthread_mutex_unlock(&srv->mu);
			break;
		}
		cn = srv->queue[srv->qhead];
		srv->qhead = (srv->qhead + 1) % srv->qcap;
		srv->qlen--;
		abandon = srv->abandon;
		pthread_mutex_unlock(&srv->mu);

		if (abandon) {
			http_error(&cn->req, &cn->resp, 503, "unavailable",
				   "Сервер останавливается, повторите запрос позже", NULL);
			cn->ready = server_build(cn, &cn->ready_status);
		} else {
			server_run(cn);
		}
		/* cn may be freed as soon as it is resumed. */
		mhd = cn->mhd;
		MHD_resume_connection(mhd);
	}
	return NULL;
}

/* Queues a blocking route's request for the workers, suspending it. */
enum MHD_Result
server_dispatch(struct server_conn *cn)
{
	struct http_server *srv = cn->srv;

	pthread_mutex_lock(&srv->mu);
	if (srv->stopping || srv->qlen == srv->qcap) {
		pthread_mutex_unlock(&srv->mu);
		log_warnx("%s: worker queue %s, %s answered 503", __func__, srv->stopping ? "closed" : "full",
			  cn->req.route->pattern);
		http_response_header(&cn->req, &cn->resp, "Retry-After", "5");
		return server_answer_error(cn, 503, "unavailable",
					   "Сервер перегружен, повторите запрос позже");
	}
	cn->phase = SERVER_PHASE_WORKER;
	MHD_suspend_connection(cn->mhd);
	srv->queue[(srv->qhead + srv->qlen) % srv->qcap] = cn;
	srv->qlen++;
	pthread_cond_signal(&srv->work);
	pthread_mutex_unlock(&srv->mu);
	return MHD_YES;
}

/* Tells the workers to finish the queue and joins them. */
void
server_workers_stop(struct http_server *srv)
{
	unsigned i;

	pthread_mutex_lock(&srv->mu);
	srv->stopping = 1;
	pthread_cond_broadcast(&srv->work);
	pthread_mutex_unlock(&srv->mu);
	for (i = 0; i < srv->nworkers; i++)
		pthread_join(srv->workers[i], NULL);
	srv->nworkers = 0;
}
