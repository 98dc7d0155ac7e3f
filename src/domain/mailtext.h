/*
 * mailtext: the words of svodka's e-mail, in Russian — reminders before and
 * after the report due date, and the notices of a report's change of status
 * (submitted → the department's reviewers; returned with the comment and
 * accepted → the municipality) — plus the pure rules around them: when an
 * automatic reminder is due, and how long to wait before retrying a mail.
 *
 * Invariants: pure (no clock, no I/O: "now" and "today" are passed in);
 * every message names the campaign and the municipality and ends with the
 * absolute link to the report; subjects are one line.
 */
#ifndef SVODKA_DOMAIN_MAILTEXT_H
#define SVODKA_DOMAIN_MAILTEXT_H

#include <stddef.h>
#include <stdint.h>

#include "util/buf.h"

enum mailtext_kind {
	MAILTEXT_REMIND_BEFORE = 0, /* the due date is near, the report is not submitted */
	MAILTEXT_REMIND_AFTER, /* the due date has passed, the report is missing */
	MAILTEXT_SUBMITTED, /* to the reviewers: a report came in */
	MAILTEXT_RETURNED, /* to the municipality: returned with the reviewer's comment */
	MAILTEXT_ACCEPTED, /* to the municipality: accepted */
	MAILTEXT_CONTEST_RECEIPT, /* to the entrant (the guardian for a minor): the entry came in */
	MAILTEXT_CONTEST_CONFIRM_REMINDER, /* to the guardian: the entry still waits for confirmation */
	MAILTEXT_CONTEST_DECISION, /* to the entrant: accepted, or rejected with the reason */
	MAILTEXT__MAX,
};

/* What a message is about; strings UTF-8, NULL where optional. */
struct mailtext_model {
	const char *campaign; /* the campaign's title */
	const char *org_unit; /* the municipality's name */
	const char *due; /* the deadline as people read it: «10.03.2022 23:59» */
	int64_t days_left; /* REMIND_BEFORE: whole days until the due date, 0 = the due day itself */
	const char *comment; /* RETURNED: the reviewer's comment, may be NULL */
	const char *link; /* absolute URL of the report */
	int late; /* SUBMITTED: after the deadline */
	/* The contest's mail: org_unit is the entry's municipality, link the status page */
	int64_t entry_id; /* the entry's number */
	const char *confirm_link; /* RECEIPT of a minor's entry, CONFIRM_REMINDER: the guardian's link */
	const char *expires; /* the confirmation link's expiry as people read it */
	int accepted; /* DECISION: 1 accepted, 0 rejected (the reason in comment) */
};

/*
 * Appends the subject (one line) and the body (lines ending with \n) of a
 * message of kind k. Returns 0, or -1 for an unknown kind, a model without
 * campaign, org_unit or link, or a full buffer.
 */
__attribute__((warn_unused_result)) int mailtext_compose(enum mailtext_kind k, const struct mailtext_model *m,
							 struct buf *subject, struct buf *body);

/* "reminder_before", "reminder_after", "submitted", "returned", "accepted". */
const char *mailtext_kind_code(enum mailtext_kind k);

/* «1 день», «2 дня», «5 дней», «21 день», «111 дней»: appends n with the noun in the right form. */
__attribute__((warn_unused_result)) int mailtext_days(struct buf *out, int64_t n);

/*
 * When an automatic reminder is due, for a report not submitted:
 * - before: on the local day due_day − N for each N in days_before (and
 *   after it, up to the due day, while now ≤ due_instant): the reason is
 *   the smallest N with today ≥ due_day − N, so a reminder skipped while
 *   the server was down is sent late but once, and one campaign created
 *   two days before its due date with [3, 1] sends "before 3" now and
 *   "before 1" tomorrow, never both at once;
 * - after: on the local day after the due date (today = due_day + 1), when
 *   after_due is set; a campaign long past never sends it.
 * Returns the reason and, for BEFORE, N in *n. Callers make each (campaign,
 * municipality, reason, N) happen once with a dedup key.
 */
enum mailtext_reason {
	MAILTEXT_REASON_NONE = 0,
	MAILTEXT_REASON_BEFORE,
	MAILTEXT_REASON_AFTER,
};
enum mailtext_reason mailtext_reminder_reason(const int64_t *days_before, size_t ndays, int after_due,
					      int64_t today, int64_t due_day, int64_t now,
					      int64_t due_instant, int64_t *n);

/*
 * Seconds to wait after the attempts-th failed attempt (attempts ≥ 1):
 * base × 1, 5, 30, 120, 360, 720, 1440… (with base 60: 1 min, 5 min,
 * 30 min, 2 h, 6 h, 12 h, 24 h); 0 when attempts ≥ max_attempts: give up.
 */
int64_t mailtext_retry_delay(int64_t base, int attempts, int max_attempts);

#endif
