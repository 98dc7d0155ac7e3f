/*
 * metrics: process-wide request counters by route pattern and status, and a
 * latency histogram, written in the Prometheus text format. One mutex guards
 * everything; it is held for a few hundred nanoseconds per request. Labels
 * come from the route table (plus "unmatched"), so their number is bounded.
 */
#include "http/http.h"

#include <pthread.h>
#include <string.h>

#include "util/xalloc.h"

#define NBUCKETS 256 /* hash buckets for (route, status) */

struct counter {
	struct counter *next;
	char *route;
	int status;
	uint64_t n;
};

/* Upper bounds in microseconds; the last bucket (+Inf) is implicit. */
static const uint64_t bounds_us[] = {500,    1000,   2500,   5000,    10000,   25000,   50000,
				     100000, 250000, 500000, 1000000, 2500000, 5000000, 10000000};
static const char *const bounds_text[] = {"0.0005", "0.001", "0.0025", "0.005", "0.01", "0.025", "0.05",
					  "0.1",    "0.25",  "0.5",    "1",     "2.5",  "5",     "10"};
#define NBOUNDS (sizeof(bounds_us) / sizeof(bounds_us[0]))

static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
static struct counter *table[NBUCKETS];
static uint64_t hist[NBOUNDS + 1]; /* per bucket, not cumulative */
static uint64_t sum_us, count;

static unsigned
hash(const char *s, int status)
{
	unsigned h = 2166136261u;

	while (*s)
		h = (h ^ (unsigned char)*s++) * 16777619u;
	h = (h ^ (unsigned)status) * 16777619u;
	return h % NBUCKETS;
}

void
http_metrics_observe(const char *route, int status, uint64_t us)
{
	unsigned h = hash(route, status);
	struct counter *c;
	size_t b;

	for (b = 0; b < NBOUNDS && us > bounds_us[b]; b++)
		;
	pthread_mutex_lock(&mu);
	for (c = table[h]; c; c = c->next)
		if (c->status == status && strcmp(c->route, route) == 0)
			break;
	if (c == NULL) {
		c = xcalloc(1, sizeof(*c));
		c->route = xstrdup(route);
		c->status = status;
		c->next = table[h];
		table[h] = c;
	}
	c->n++;
	hist[b]++;
	sum_us += us;
	count++;
	pthread_mutex_unlock(&mu);
}

/* Appends s as a Prometheus label value: \, " and newline escaped. */
static int
add_label(struct buf *out, const char *s)
{
	for (; *s; s++) {
		int rc;

		if (*s == '\\')
			rc = buf_adds(out, "\\\\");
		else if (*s == '"')
			rc = buf_adds(out, "\\\"");
		else if (*s == '\n')
			rc = buf_adds(out, "\\n");
		else
			rc = buf_addc(out, *s);
		if (rc < 0)
			return -1;
	}
	return 0;
}

int
http_metrics_write(struct buf *out)
{
	uint64_t cum = 0;
	size_t i;
	int ret = -1;

	pthread_mutex_lock(&mu);
	if (buf_adds(out, "# HELP svodka_http_requests_total HTTP requests answered, by route pattern and "
			  "status.\n# TYPE svodka_http_requests_total counter\n") < 0)
		goto out;
	for (i = 0; i < NBUCKETS; i++) {
		struct counter *c;

		for (c = table[i]; c; c = c->next)
			if (buf_adds(out, "svodka_http_requests_total{route=\"") < 0 ||
			    add_label(out, c->route) < 0 ||
			    buf_addf(out, "\",status=\"%d\"} %llu\n", c->status, (unsigned long long)c->n) <
				    0)
				goto out;
	}
	if (buf_adds(out, "# HELP svodka_http_request_duration_seconds Time from the request line to the "
			  "answer.\n# TYPE svodka_http_request_duration_seconds histogram\n") < 0)
		goto out;
	for (i = 0; i <= NBOUNDS; i++) {
		cum += hist[i];
		if (buf_addf(out, "svodka_http_request_duration_seconds_bucket{le=\"%s\"} %llu\n",
			     i < NBOUNDS ? bounds_text[i] : "+Inf", (unsigned long long)cum) < 0)
			goto out;
	}
	if (buf_addf(out, "svodka_http_request_duration_seconds_sum %llu.%06llu\n",
		     (unsigned long long)(sum_us / 1000000), (unsigned long long)(sum_us % 1000000)) < 0 ||
	    buf_addf(out, "svodka_http_request_duration_seconds_count %llu\n", (unsigned long long)count) < 0)
		goto out;
	ret = 0;
out:
	pthread_mutex_unlock(&mu);
	return ret;
}
