/*
 * reminders: the mail to a municipality that still owes its report
 * (domain/workflow.h's workflow_code_owes: not started, draft, returned).
 * An admin reminds one or all from /admin/campaigns/{slug}/reminders
 * (web/reminders.c); the scheduler, run by the outbox worker every
 * reminder_interval seconds, reminds automatically on the days a campaign
 * asks for ("reminders": {"days_before": [3, 1], "after_due": true}),
 * counted in the campaign's zone (domain/mailtext.h's
 * mailtext_reminder_reason decides which reason is due).
 *
 * Invariants: an automatic reminder is queued under the dedup key
 * "reminder:SLUG:ORG:REASON" (later addresses ":2", ":3"…), which the store
 * keeps unique, so the same reason never mails a municipality twice,
 * across restarts and instances; an admin's reminder has no key.
 */
#ifndef SVODKA_MAIL_REMINDERS_H
#define SVODKA_MAIL_REMINDERS_H

#include <jansson.h>
#include <stdint.h>

#include "store/store.h"

/*
 * Queues a reminder to a municipality whose report is not submitted, in
 * the caller's open transaction: "before the due date" or "after it" by
 * now. reason NULL: an admin's reminder (no dedup key); else the
 * scheduler's reason ("before:3", "after"), which makes the dedup key.
 * *queued gets the number of mails queued (0 when the municipality has no
 * valid address, or this reason was used before). Returns the store's
 * answer; a used dedup key is not an error.
 */
__attribute__((warn_unused_result)) enum store_rc reminders_queue(struct store *st, const json_t *campaign,
								  const json_t *unit, const json_t *data,
								  const char *reason, int64_t now,
								  int *queued);

/*
 * One run of the reminder scheduler over every campaign, each municipality
 * in its own transaction with a system audit event. *queued (may be NULL)
 * gets the number of mails queued.
 */
__attribute__((warn_unused_result)) enum store_rc reminders_run(struct store *st, int64_t now, int *queued);

#endif
