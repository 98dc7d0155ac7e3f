/*
 * outbox: the outbox's configuration, queueing mail in the caller's
 * transaction (outbox_queue, the notices of a report's change of status),
 * and the worker thread that sends what is due over SMTP with exponential
 * backoff, runs the reminder scheduler (mail/reminders.c) and purges
 * expired sessions. See outbox.h for the contract.
 */
#include "mail/outbox.h"

#include <pthread.h>
#include <sodium.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "domain/deadline.h"
#include "domain/email.h"
#include "mail/mail.h"
#include "mail/recipients.h"
#include "mail/reminders.h"
#include "util/buf.h"
#include "util/civil.h"
#include "util/clock.h"
#include "util/jsonx.h"
#include "util/log.h"
#include "util/seal.h"
#include "util/tz.h"
#include "util/xalloc.h"

#define SEND_BATCH 20 /* mails taken per round */
#define POLL_SECONDS 1 /* how often the worker looks for due mail */
#define PURGE_SECONDS 60 /* how often it deletes expired sessions */
/*
 * A claimed batch is this worker's for LEASE_SECONDS (store_mail_claim):
 * no other `svodka serve` on the database takes it meanwhile. A mail is
 * only started while SEND_MARGIN seconds of the lease remain (more than
 * one SMTP transfer may take, 60 s), so none is still being sent when the
 * lease ends; the rest are due again then.
 */
#define LEASE_SECONDS 300
#define SEND_MARGIN 90
#define TEXT_MAX ((size_t)256 << 10) /* bytes of a subject or body */
#define DEFAULT_FROM_NAME "Сводка"

static struct {
	char *db_url, *public_url, *smtp_url, *smtp_from, *smtp_from_name, *smtp_user, *smtp_password;
	int smtp_starttls;
	char **notify; /* NULL-terminated */
	int64_t retry_base, reminder_interval;
	int max_attempts;
	int worker;
} cfg;

static pthread_t thread;
static int running;
static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t cv = PTHREAD_COND_INITIALIZER;
static atomic_int stopping;

static char *
dup_or_null(const char *s)
{
	return s && *s ? xstrdup(s) : NULL;
}

static void
free_cfg(void)
{
	size_t i;

	free(cfg.db_url);
	free(cfg.public_url);
	free(cfg.smtp_url);
	free(cfg.smtp_from);
	free(cfg.smtp_from_name);
	free(cfg.smtp_user);
	if (cfg.smtp_password) {
		sodium_memzero(cfg.smtp_password, strlen(cfg.smtp_password));
		free(cfg.smtp_password);
	}
	for (i = 0; cfg.notify && cfg.notify[i]; i++)
		free(cfg.notify[i]);
	free(cfg.notify);
	memset(&cfg, 0, sizeof(cfg));
}

/* Splits "a@x.ru, b@y.ru" into cfg.notify; -1 on an invalid address. */
static int
parse_notify(const char *list)
{
	size_t n = 0, cap = 4;
	const char *p = list, *e;
	char *one;

	cfg.notify = xcalloc(cap + 1, sizeof(char *));
	while (p && *p) {
		while (*p == ' ' || *p == ',')
			p++;
		if (*p == '\0')
			break;
		for (e = p; *e && *e != ',' && *e != ' '; e++)
			;
		one = xstrndup(p, (size_t)(e - p));
		if (email_ascii_check(one) < 0) {
			log_warnx("%s: invalid address in --notify-to: %s", __func__, one);
			free(one);
			return -1;
		}
		if (n == cap) {
			cap *= 2;
			cfg.notify = xrealloc(cfg.notify, (cap + 1) * sizeof(char *));
		}
		cfg.notify[n++] = one;
		cfg.notify[n] = NULL;
		p = e;
	}
	return 0;
}

int
outbox_init(const struct outbox_config *c)
{
	free_cfg();
	cfg.db_url = dup_or_null(c->db_url);
	cfg.public_url = xstrdup(c->public_url && *c->public_url ? c->public_url : "http://127.0.0.1:8080");
	cfg.smtp_url = dup_or_null(c->smtp_url);
	cfg.smtp_from = dup_or_null(c->smtp_from);
	cfg.smtp_from_name =
		xstrdup(c->smtp_from_name && *c->smtp_from_name ? c->smtp_from_name : DEFAULT_FROM_NAME);
	cfg.smtp_user = dup_or_null(c->smtp_user);
	cfg.smtp_password = dup_or_null(c->smtp_password);
	cfg.smtp_starttls = c->smtp_starttls;
	cfg.retry_base = c->retry_base > 0 ? c->retry_base : 60;
	cfg.max_attempts = c->max_attempts > 0 ? c->max_attempts : 8;
	cfg.reminder_interval = c->reminder_interval > 0 ? c->reminder_interval : 60;
	cfg.worker = c->worker;
	/* Links: no trailing slash. */
	while (strlen(cfg.public_url) > 0 && cfg.public_url[strlen(cfg.public_url) - 1] == '/')
		cfg.public_url[strlen(cfg.public_url) - 1] = '\0';
	if (strncmp(cfg.public_url, "http://", 7) != 0 && strncmp(cfg.public_url, "https://", 8) != 0) {
		log_warnx("%s: the public url must start with http:// or https://", __func__);
		goto fail;
	}
	if (parse_notify(c->notify_to) < 0)
		goto fail;
	if (cfg.smtp_url) {
		if (strncmp(cfg.smtp_url, "smtp://", 7) != 0 && strncmp(cfg.smtp_url, "smtps://", 8) != 0) {
			log_warnx("%s: the smtp url must start with smtp:// or smtps://", __func__);
			goto fail;
		}
		if (email_ascii_check(cfg.smtp_from) < 0) {
			log_warnx("%s: sending mail needs a valid sender address (--smtp-from)", __func__);
			goto fail;
		}
	} else if (cfg.smtp_from && email_ascii_check(cfg.smtp_from) < 0) {
		log_warnx("%s: invalid sender address (--smtp-from)", __func__);
		goto fail;
	}
	return 0;
fail:
	free_cfg();
	return -1;
}

int
outbox_sending(void)
{
	return cfg.smtp_url != NULL;
}

const char *
outbox_public_url(void)
{
	return cfg.public_url ? cfg.public_url : "http://127.0.0.1:8080";
}

char *
outbox_report_link(const char *slug, const char *org)
{
	struct buf b;

	buf_init(&b, 4096);
	if (buf_addf(&b, "%s/campaigns/%s/reports/%s", outbox_public_url(), slug, org) < 0)
		abort(); /* slugs and codes are short */
	return buf_detach(&b, NULL);
}

enum store_rc
outbox_queue(struct store *st, enum mailtext_kind k, const struct mailtext_model *m, const json_t *to,
	     const char *kind, const char *key, const char *slug, const char *org, int64_t now, int *queued)
{
	struct store_mail_new nm;
	struct buf subj, body, dk;
	enum store_rc rc = STORE_OK;
	const json_t *addr;
	int64_t id;
	size_t i;

	buf_init(&subj, TEXT_MAX);
	buf_init(&body, TEXT_MAX);
	buf_init(&dk, 1024);
	if (mailtext_compose(k, m, &subj, &body) < 0) {
		log_warnx("%s: cannot compose a %s mail", __func__, mailtext_kind_code(k));
		rc = STORE_ERROR;
		goto out;
	}
	json_array_foreach(to, i, addr)
	{
		buf_reset(&dk);
		if (key && (i == 0 ? buf_adds(&dk, key) : buf_addf(&dk, "%s:%zu", key, i + 1)) < 0) {
			rc = STORE_ERROR;
			goto out;
		}
		memset(&nm, 0, sizeof(nm));
		nm.to = json_string_value(addr);
		nm.subject = subj.data;
		nm.body = body.data;
		nm.kind = kind;
		nm.dedup_key = key ? dk.data : NULL;
		nm.campaign = slug;
		nm.org_unit = org;
		nm.now = now;
		rc = store_mail_enqueue(st, &nm, &id);
		if (rc == STORE_CONFLICT) {
			rc = STORE_OK; /* this reason was used before: never twice */
			break;
		}
		if (rc != STORE_OK)
			goto out;
		if (queued)
			(*queued)++;
	}
out:
	buf_release(&subj);
	buf_release(&body);
	buf_release(&dk);
	return rc;
}

enum store_rc
outbox_report_event(struct store *st, const json_t *campaign, const json_t *unit, const json_t *data,
		    const char *action, const char *comment, int late, int64_t now)
{
	struct mailtext_model m = {0};
	enum mailtext_kind k;
	json_t *to = NULL, *users = NULL;
	enum store_rc rc;
	char due[32] = "";
	char *link;
	struct deadline dl;
	int32_t off;

	if (action == NULL)
		return STORE_OK;
	if (strcmp(action, "submit") == 0)
		k = MAILTEXT_SUBMITTED;
	else if (strcmp(action, "return") == 0 || strcmp(action, "reopen") == 0)
		k = MAILTEXT_RETURNED;
	else if (strcmp(action, "accept") == 0)
		k = MAILTEXT_ACCEPTED;
	else
		return STORE_OK;
	if ((rc = store_user_list(st, &users)) != STORE_OK)
		return rc;
	if (k == MAILTEXT_SUBMITTED)
		to = recipients_submitted(cfg.notify, users);
	else
		to = recipients_unit(unit, data, users);
	json_decref(users);
	if (json_array_size(to) == 0) {
		json_decref(to);
		return STORE_OK;
	}
	if (deadline_from_campaign_zone(campaign, tz_offset, &dl, &off) == 0 &&
	    civil_instant_format(dl.due, off, due, sizeof(due)) < 0)
		due[0] = '\0';
	link = outbox_report_link(jx_get_str(campaign, "slug"), jx_get_str(unit, "code"));
	m.campaign = jx_get_str(campaign, "title");
	m.org_unit = jx_get_str(unit, "name");
	m.due = due;
	m.comment = comment;
	m.link = link;
	m.late = late;
	rc = outbox_queue(st, k, &m, to, "notification", NULL, jx_get_str(campaign, "slug"),
			  jx_get_str(unit, "code"), now, NULL);
	free(link);
	json_decref(to);
	return rc;
}

/* ---- the worker ---- */

/* "svodka.ID.RANDOM@DOMAIN" for a Message-ID, from the sender's domain. */
static void
message_id(int64_t id, char *out, size_t outsz)
{
	unsigned char rnd[8];
	char hex[17];
	const char *at = cfg.smtp_from ? strchr(cfg.smtp_from, '@') : NULL;
	int w;

	randombytes_buf(rnd, sizeof(rnd));
	sodium_bin2hex(hex, sizeof(hex), rnd, sizeof(rnd));
	w = snprintf(out, outsz, "svodka.%lld.%s@%s", (long long)id, hex, at ? at + 1 : "svodka.invalid");
	if (w < 0 || (size_t)w >= outsz)
		abort(); /* the sender's address is at most 254 bytes */
}

/* Sends one mail and records the outcome. */
static void
send_one(struct store *st, const json_t *mail, int64_t now)
{
	struct mail_smtp smtp = {
		.url = cfg.smtp_url,
		.from = cfg.smtp_from,
		.user = cfg.smtp_user,
		.password = cfg.smtp_password,
		.starttls = cfg.smtp_starttls,
	};
	struct mail_message m = {0};
	int64_t id = json_integer_value(json_object_get(mail, "id")), delay;
	int attempts = (int)json_integer_value(json_object_get(mail, "attempts")) + 1;
	int sealed = json_is_true(json_object_get(mail, "sealed"));
	char mid[400], err[512], *to = NULL, *subject = NULL, *body = NULL;
	enum mail_rc mrc;
	enum store_rc rc;
	struct buf msg;

	buf_init(&msg, (size_t)1 << 20);
	message_id(id, mid, sizeof(mid));
	m.from = cfg.smtp_from;
	m.from_name = cfg.smtp_from_name;
	m.to = jx_get_str(mail, "to");
	m.subject = jx_get_str(mail, "subject");
	m.body = jx_get_str(mail, "body");
	m.date = now;
	m.message_id = mid;
	if (sealed && (seal_global() == NULL || seal_open(seal_global(), m.to, &to, NULL) < 0 ||
		       seal_open(seal_global(), m.subject, &subject, NULL) < 0 ||
		       seal_open(seal_global(), m.body, &body, NULL) < 0)) {
		m.to = NULL;
	} else if (sealed) {
		m.to = to;
		m.subject = subject;
		m.body = body;
	}
	if (m.to == NULL || mail_compose(&m, &msg) < 0) {
		mrc = MAIL_REJECTED;
		snprintf(err, sizeof(err), "invalid address or text: cannot compose the message");
	} else {
		mrc = mail_send(&smtp, m.to, msg.data, msg.len, &stopping, err, sizeof(err));
	}
	/* A server's answer may quote the address: a sealed mail's failure keeps only its class. */
	if (sealed && mrc != MAIL_OK)
		snprintf(err, sizeof(err), "%s",
			 mrc == MAIL_RETRY ? "temporary failure (details withheld: personal data)"
					   : "rejected (details withheld: personal data)");
	if (sealed) {
		if (body != NULL)
			sodium_memzero(body, strlen(body));
		free(to);
		free(subject);
		free(body);
		sodium_memzero(msg.data, msg.len);
	}
	buf_release(&msg);
	if (mrc == MAIL_OK) {
		rc = store_mail_mark_sent(st, id, clock_now());
		if (rc != STORE_OK)
			log_warnx("%s: mail %lld sent but not marked: store error %d", __func__,
				  (long long)id, rc);
		else
			log_info("mail %lld sent", (long long)id);
		return;
	}
	if (atomic_load(&stopping) && mrc == MAIL_RETRY) {
		/* Cancelled by the shutdown: not the server's fault, keep the attempt count. */
		return;
	}
	delay = mrc == MAIL_REJECTED ? 0 : mailtext_retry_delay(cfg.retry_base, attempts, cfg.max_attempts);
	log_warnx("mail %lld: attempt %d failed: %s%s", (long long)id, attempts, err,
		  delay ? "" : "; giving up");
	rc = store_mail_mark_failed(st, id, err, delay ? now + delay : 0);
	if (rc != STORE_OK)
		log_warnx("%s: mail %lld: cannot record the failure: store error %d", __func__, (long long)id,
			  rc);
}

static void
send_due(struct store *st)
{
	int64_t now = clock_now(), lease = now + LEASE_SECONDS;
	json_t *mails = NULL, *m;
	size_t i;

	if (store_mail_claim(st, now, SEND_BATCH, lease, &mails) != STORE_OK)
		return;
	json_array_foreach(mails, i, m)
	{
		if (atomic_load(&stopping) || clock_now() + SEND_MARGIN > lease)
			break;
		send_one(st, m, now);
	}
	json_decref(mails);
}

/* Deletes the sessions past either expiry at now; a failure waits for the next tick. */
static void
purge_sessions(struct store *st, int64_t now)
{
	enum store_rc rc = store_session_purge(st, now);

	if (rc != STORE_OK)
		log_warnx("%s: store error %d; next try in %ds", __func__, rc, PURGE_SECONDS);
}

static void *
worker(void *arg)
{
	struct store *st = NULL;
	int64_t next_run = 0, next_purge = 0, now;
	struct timespec ts;
	int queued;

	(void)arg;
	while (!atomic_load(&stopping)) {
		now = clock_now();
		if (st == NULL && store_open(cfg.db_url, &st) != STORE_OK) {
			store_close(st);
			st = NULL;
		}
		if (st != NULL) {
			if (now >= next_run) {
				if (reminders_run(st, now, &queued) != STORE_OK)
					log_warnx("%s: reminder run failed; next in %llds", __func__,
						  (long long)cfg.reminder_interval);
				store_rollback(st);
				outbox_contest_run(st, now);
				next_run = now + cfg.reminder_interval;
			}
			if (now >= next_purge) {
				purge_sessions(st, now);
				next_purge = now + PURGE_SECONDS;
			}
			if (outbox_sending())
				send_due(st);
			store_rollback(st);
		}
		pthread_mutex_lock(&mu);
		if (!atomic_load(&stopping)) {
			/* The condition variable waits on the real clock, whatever clock_now() says. */
			clock_real_after(POLL_SECONDS, &ts);
			pthread_cond_timedwait(&cv, &mu, &ts);
		}
		pthread_mutex_unlock(&mu);
	}
	store_close(st);
	return NULL;
}

int
outbox_start(void)
{
	if (!cfg.worker || running)
		return 0;
	atomic_store(&stopping, 0);
	if (pthread_create(&thread, NULL, worker, NULL) != 0) {
		log_warn("%s: pthread_create", __func__);
		return -1;
	}
	running = 1;
	return 0;
}

void
outbox_stop(void)
{
	if (running) {
		pthread_mutex_lock(&mu);
		atomic_store(&stopping, 1);
		pthread_cond_signal(&cv);
		pthread_mutex_unlock(&mu);
		pthread_join(thread, NULL);
		running = 0;
	}
	free_cfg();
}
