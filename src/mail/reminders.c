/*
 * reminders: queueing a reminder to one municipality, and the scheduler
 * that finds which reminders are due (see reminders.h).
 */
#include "mail/reminders.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "domain/campaign.h"
#include "domain/deadline.h"
#include "domain/mailtext.h"
#include "domain/reporting.h"
#include "domain/workflow.h"
#include "mail/outbox.h"
#include "mail/recipients.h"
#include "util/buf.h"
#include "util/civil.h"
#include "util/jsonx.h"
#include "util/log.h"
#include "util/tz.h"

enum store_rc
reminders_queue(struct store *st, const json_t *campaign, const json_t *unit, const json_t *data,
		const char *reason, int64_t now, int *queued)
{
	struct mailtext_model m = {0};
	struct deadline dl;
	enum store_rc rc;
	char due[32] = "", *link, *key = NULL;
	json_t *to, *users = NULL;
	int32_t off;
	int64_t today, due_day;

	*queued = 0;
	if (deadline_from_campaign_zone(campaign, tz_offset, &dl, &off) < 0) {
		log_warnx("%s: campaign %s: unusable deadline", __func__, jx_get_str(campaign, "slug"));
		return STORE_ERROR;
	}
	if ((rc = store_user_list(st, &users)) != STORE_OK)
		return rc;
	to = recipients_unit(unit, data, users);
	json_decref(users);
	if (json_array_size(to) == 0) {
		json_decref(to);
		return STORE_OK;
	}
	if (civil_instant_format(dl.due, off, due, sizeof(due)) < 0)
		due[0] = '\0';
	today = civil_local_day(now, off);
	due_day = civil_local_day(dl.due, off);
	link = outbox_report_link(jx_get_str(campaign, "slug"), jx_get_str(unit, "code"));
	m.campaign = jx_get_str(campaign, "title");
	m.org_unit = jx_get_str(unit, "name");
	m.due = due;
	m.days_left = due_day - today;
	m.link = link;
	if (reason) {
		struct buf b;

		buf_init(&b, 1024);
		if (buf_addf(&b, "reminder:%s:%s:%s", jx_get_str(campaign, "slug"), jx_get_str(unit, "code"),
			     reason) < 0)
			abort();
		key = buf_detach(&b, NULL);
	}
	rc = outbox_queue(st, deadline_is_late(dl.due, now) ? MAILTEXT_REMIND_AFTER : MAILTEXT_REMIND_BEFORE,
			  &m, to, "reminder", key, jx_get_str(campaign, "slug"), jx_get_str(unit, "code"),
			  now, queued);
	free(key);
	free(link);
	json_decref(to);
	return rc;
}

/* The reason an automatic reminder is due for the campaign now ("before:3", "after"), or NULL. */
static const char *
campaign_reason(const json_t *campaign, int64_t now, char *out, size_t outsz)
{
	const json_t *r = json_object_get(campaign, "reminders"), *days = json_object_get(r, "days_before"),
		     *d;
	int64_t list[CAMPAIGN_REMIND_LIST_MAX], n = 0;
	struct deadline dl;
	size_t i, nd = 0;
	int32_t off;
	int w;

	if (!json_is_object(r) || deadline_from_campaign_zone(campaign, tz_offset, &dl, &off) < 0)
		return NULL;
	json_array_foreach(days, i, d)
	{
		if (nd < CAMPAIGN_REMIND_LIST_MAX && json_is_integer(d))
			list[nd++] = json_integer_value(d);
	}
	switch (mailtext_reminder_reason(list, nd, json_is_true(json_object_get(r, "after_due")),
					 civil_local_day(now, off), civil_local_day(dl.due, off), now, dl.due,
					 &n)) {
	case MAILTEXT_REASON_BEFORE: w = snprintf(out, outsz, "before:%lld", (long long)n); break;
	case MAILTEXT_REASON_AFTER: w = snprintf(out, outsz, "after"); break;
	default: return NULL;
	}
	return w > 0 && (size_t)w < outsz ? out : NULL;
}

/* The report's status and data (new reference, or NULL) of a municipality. */
static enum store_rc
report_of(struct store *st, const char *slug, const char *org, const char **status, json_t **report)
{
	enum store_rc rc = store_report_get(st, slug, org, report);

	*status = "not_started";
	if (rc == STORE_NOTFOUND) {
		*report = NULL;
		return STORE_OK;
	}
	if (rc == STORE_OK)
		*status = jx_get_str(*report, "status");
	return rc;
}

/* Reminds one municipality for the scheduler, in a transaction of its own. */
static enum store_rc
remind_one(struct store *st, const json_t *campaign, const json_t *unit, const char *reason, int64_t now,
	   int *queued)
{
	struct store_audit_event e = {0};
	json_t *report = NULL, *detail = NULL;
	const char *status;
	enum store_rc rc;
	char id[200];
	int n = 0, w;

	if ((rc = store_begin(st, 1)) != STORE_OK)
		return rc;
	if ((rc = report_of(st, jx_get_str(campaign, "slug"), jx_get_str(unit, "code"), &status, &report)) !=
	    STORE_OK)
		goto out;
	if (!workflow_code_owes(status))
		goto out;
	if ((rc = reminders_queue(st, campaign, unit, json_object_get(report, "data"), reason, now, &n)) !=
	    STORE_OK)
		goto out;
	if (n > 0) {
		w = snprintf(id, sizeof(id), "%s/%s", jx_get_str(campaign, "slug"), jx_get_str(unit, "code"));
		if (w < 0 || (size_t)w >= sizeof(id)) {
			rc = STORE_ERROR;
			goto out;
		}
		detail = json_pack("{s:s, s:i, s:b}", "reason", reason, "mails", n, "automatic", 1);
		e.action = "reminder.queue";
		e.entity = "report";
		e.entity_id = id;
		e.detail = detail;
		e.at = now;
		if ((rc = store_audit_add(st, &e)) != STORE_OK)
			goto out;
	}
	rc = store_commit(st);
	if (rc == STORE_OK)
		*queued += n;
out:
	if (rc != STORE_OK)
		store_rollback(st);
	else if (n == 0)
		store_rollback(st); /* nothing written */
	json_decref(detail);
	json_decref(report);
	return rc;
}

enum store_rc
reminders_run(struct store *st, int64_t now, int *queued)
{
	json_t *list = NULL, *units = NULL, *c, *doc, *u;
	enum store_rc rc;
	char reason[64];
	size_t i, j;
	int total = 0;

	if ((rc = store_campaign_list(st, &list)) != STORE_OK)
		goto out;
	json_array_foreach(list, i, c)
	{
		doc = NULL;
		if (!json_is_object(json_object_get(c, "reminders"))) {
			/* The list may not carry the document: read it. */
			if ((rc = store_campaign_get(st, jx_get_str(c, "slug"), &doc)) != STORE_OK)
				goto out;
		} else {
			doc = json_incref(c);
		}
		if (campaign_reason(doc, now, reason, sizeof(reason)) == NULL) {
			json_decref(doc);
			continue;
		}
		if (units == NULL && (rc = store_org_unit_list(st, &units)) != STORE_OK) {
			json_decref(doc);
			goto out;
		}
		json_array_foreach(units, j, u)
		{
			if (!reporting_must_report(doc, jx_get_str(u, "code"),
						   jx_get_str(u, "parent") == NULL))
				continue;
			if ((rc = remind_one(st, doc, u, reason, now, &total)) != STORE_OK) {
				json_decref(doc);
				goto out;
			}
		}
		json_decref(doc);
	}
out:
	if (queued)
		*queued = total;
	if (total > 0)
		log_info("reminders: %d mails queued", total);
	json_decref(list);
	json_decref(units);
	return rc;
}
