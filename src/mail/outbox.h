/*
 * outbox: svodka's outgoing mail. Handlers queue mail in the store's
 * outbox inside their own transaction (a report's change of status, an
 * admin's reminder), so a mail exists exactly when the change it tells of
 * was committed. One background thread per process then sends what is due
 * over SMTP (mail/mail.h), retrying with growing pauses and giving up after a
 * number of attempts (the mail is then "failed", visible on /admin/mail),
 * and once a minute queues the automatic reminders the campaigns ask for
 * ("reminders" in the campaign document; mail/reminders.h), each under a dedup key such as
 * "reminder:SLUG:ORG:before:3", which the store keeps unique: a reminder is
 * never queued twice for the same reason, across restarts and instances.
 * The same worker deletes expired sessions (store_session_purge) when it
 * starts and once a minute after. Every instant it uses is the server's
 * clock (util/clock: simulated under `serve --clock`).
 *
 * Invariants: with no SMTP URL configured nothing is sent and nothing is
 * lost: mail stays queued until a server with sending configured runs. The
 * worker has its own database connection; outbox_stop() returns only after
 * it has finished (an SMTP transfer in flight is cancelled).
 */
#ifndef SVODKA_MAIL_OUTBOX_H
#define SVODKA_MAIL_OUTBOX_H

#include <jansson.h>
#include <stdint.h>

#include "domain/mailtext.h"
#include "store/store.h"

struct outbox_config {
	const char *db_url; /* the worker's own connection */
	const char *public_url; /* base of the links in mail, e.g. https://svodka.example.ru */
	const char *smtp_url; /* smtp:// or smtps://; NULL or "": sending is off */
	const char *smtp_from; /* sender address (envelope and From:) */
	const char *smtp_from_name; /* From: display name; NULL for «Сводка» */
	const char *smtp_user; /* NULL: no authentication */
	const char *smtp_password;
	int smtp_starttls; /* require STARTTLS on smtp:// */
	const char *notify_to; /* comma-separated addresses told of submitted reports; may be NULL */
	int64_t retry_base; /* seconds before the first retry; 0 = 60 */
	int max_attempts; /* attempts before a mail is failed; 0 = 8 */
	int64_t reminder_interval; /* seconds between runs of the reminder scheduler; 0 = 60 */
	int worker; /* 0: queue only, never start the worker (tests of queueing) */
};

/*
 * Copies the configuration. Returns 0, or -1 (logged) when an address in
 * smtp_from or notify_to is invalid, sending is on without a sender, the
 * SMTP URL is not smtp:// or smtps://, or the public URL is not http(s).
 */
__attribute__((warn_unused_result)) int outbox_init(const struct outbox_config *cfg);
/* Starts the worker thread (when configured): 0 or -1. */
__attribute__((warn_unused_result)) int outbox_start(void);
/* Stops and joins the worker, frees the configuration; safe without a start. */
void outbox_stop(void);

/* Whether an SMTP server is configured (else mail only waits in the queue). */
int outbox_sending(void);
/* The base of links, without a trailing slash. */
const char *outbox_public_url(void);

/* The link to a report in mail: PUBLIC_URL/campaigns/SLUG/reports/ORG, a new string (free it). */
char *outbox_report_link(const char *slug, const char *org);

/*
 * Composes the message of kind k (domain/mailtext.h) and queues one mail
 * per address of `to` (an array of strings), in the caller's open
 * transaction. kind is the outbox's "notification" or "reminder"; key the
 * dedup key of the first mail (later ones get ":2", ":3"…), or NULL. A
 * used key ends the queueing quietly. *queued (may be NULL) is increased
 * by the number of mails queued. Returns the store's answer, STORE_ERROR
 * when the text cannot be composed.
 */
__attribute__((warn_unused_result)) enum store_rc
outbox_queue(struct store *st, enum mailtext_kind k, const struct mailtext_model *m, const json_t *to,
	     const char *kind, const char *key, const char *slug, const char *org, int64_t now, int *queued);

/*
 * Queues the notice of a report's change of status, in the caller's open
 * transaction: "submit" → every notify_to address and every active admin
 * with an e-mail (recipients_submitted); "return" and "reopen" (with the
 * comment) and "accept" → the municipality (recipients_unit); any other
 * action queues nothing. data is the report's data (for the contact), may
 * be NULL. Returns the store's answer.
 */
__attribute__((warn_unused_result)) enum store_rc
outbox_report_event(struct store *st, const json_t *campaign, const json_t *unit, const json_t *data,
		    const char *action, const char *comment, int late, int64_t now);

/*
 * Queues one mail of the contest (MAILTEXT_CONTEST_*) to one address, in
 * the caller's open transaction, with recipient, subject and body sealed
 * (util/seal.h): the outbox then holds no personal data in the clear, the
 * worker opens the mail only to send it, and /admin/mail shows it as
 * sealed. key is the dedup key, "contest:ENTRY_ID:WHAT" (withdrawal and
 * purge delete the entry's mail by it). Returns the store's answer;
 * STORE_ERROR when the text cannot be composed or sealed.
 */
struct seal;
__attribute__((warn_unused_result)) enum store_rc outbox_queue_sealed(struct store *st, const struct seal *s,
								      enum mailtext_kind k,
								      const struct mailtext_model *m,
								      const char *to, const char *key,
								      const char *slug, int64_t now);

/*
 * Queues the contest mail of kind k about one entry (a store entry model
 * with its pd_sealed) to the address in its sealed data, under the key
 * "contest:ID:WHAT", in the caller's transaction. m carries what the kind
 * needs beyond the campaign, the municipality, the entry's number and its
 * status link, which this fills in. An entry whose data is erased queues
 * nothing (STORE_OK).
 */
__attribute__((warn_unused_result)) enum store_rc
outbox_contest_entry_mail(struct store *st, const struct seal *s, enum mailtext_kind k,
			  const json_t *campaign, const json_t *entry, const char *what,
			  struct mailtext_model *m, int64_t now);

/*
 * The contest's timed work, run by the worker with the reminders (each
 * step in transactions of its own): unconfirmed entries expire, guardians
 * get one reminder, contests past their retention are purged.
 */
void outbox_contest_run(struct store *st, int64_t now);

#endif
