/*
 * reminders: the department's list of municipalities that have not
 * submitted their report on a campaign (not started, draft, returned), with
 * the head's and the coordinators' contacts and where a reminder would go;
 * reminding one municipality or all of them at once; and the outbox page,
 * every queued, sent and failed mail with its attempts and last error. The
 * mail itself is queued through mail/reminders.c in the same transaction as
 * the audit event, and sent by the outbox worker (mail/outbox.c).
 */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "domain/deadline.h"
#include "domain/reporting.h"
#include "domain/user.h"
#include "domain/workflow.h"
#include "mail/outbox.h"
#include "mail/recipients.h"
#include "mail/reminders.h"
#include "util/jsonx.h"
#include "util/num.h"
#include "util/tz.h"
#include "web/web.h"

#define MAIL_PAGE 50

/* What the reminder handlers need: the campaign, its units, reports and coordinators. */
struct rem {
	const char *slug;
	json_t *campaign; /* the document (arena-owned) */
	json_t *units; /* every org unit */
	json_t *reports; /* the campaign's reports, without data */
	json_t *users; /* every user */
	struct deadline dl;
	int32_t offset;
};

/* Loads what struct rem holds; 0, or -1 after answering (404, 503, 500). */
static int
load(struct http_request *req, struct http_response *resp, struct rem *r)
{
	struct store *st = web_store();
	enum store_rc rc;
	json_t *j = NULL;

	memset(r, 0, sizeof(*r));
	r->slug = http_params_get(&req->params, "slug");
	if (st == NULL) {
		web_store_error(req, resp, STORE_UNAVAILABLE);
		return -1;
	}
	if ((r->campaign = web_campaign(req, resp, r->slug)) == NULL)
		return -1;
	if ((rc = store_org_unit_list(st, &j)) != STORE_OK) {
		web_store_error(req, resp, rc);
		return -1;
	}
	r->units = web_keep(req, j);
	if ((rc = store_report_list(st, r->slug, &j)) != STORE_OK) {
		web_store_error(req, resp, rc);
		return -1;
	}
	r->reports = web_keep(req, j);
	if ((rc = store_user_list(st, &j)) != STORE_OK) {
		web_store_error(req, resp, rc);
		return -1;
	}
	r->users = web_keep(req, j);
	if (deadline_from_campaign_zone(r->campaign, tz_offset, &r->dl, &r->offset) < 0) {
		http_error(req, resp, 500, "internal", "campaign deadline unusable", NULL);
		return -1;
	}
	return 0;
}

/* The report row of a unit in the list, or NULL when not started. */
static const json_t *
report_row(const struct rem *r, const char *code)
{
	const json_t *row;
	size_t i;

	json_array_foreach(r->reports, i, row)
	{
		if (jx_get_str(row, "org_unit") && strcmp(jx_get_str(row, "org_unit"), code) == 0)
			return row;
	}
	return NULL;
}

/* The report's data (arena-owned), for the contact person; NULL when there is none. */
static const json_t *
report_data(struct http_request *req, const struct rem *r, const char *code)
{
	json_t *rep = NULL;

	if (report_row(r, code) == NULL || store_report_get(web_store(), r->slug, code, &rep) != STORE_OK)
		return NULL;
	web_keep(req, rep);
	return json_object_get(rep, "data");
}

static const char *
status_of(const struct rem *r, const char *code)
{
	const char *s = jx_get_str(report_row(r, code), "status");

	return s ? s : "not_started";
}

/* The unit's active coordinators: [{"login", "name"}]. */
static json_t *
coordinators(const struct rem *r, const char *code)
{
	json_t *out = jx_arr(), *u, *c;
	size_t i;

	json_array_foreach(r->users, i, u)
	{
		if (user_acts_for(u, PASSWORD_ROLE_COORDINATOR, code) &&
		    (c = web_pack("{s:s, s:s?}", "login", jx_get_str(u, "login"), "name",
				  jx_get_str(u, "name"))) != NULL)
			jx_append(out, c);
	}
	return out;
}

/*
 * One row of the list: the unit, its status and contacts, and where mail
 * would go; NULL (logged by web_pack) when it cannot be packed.
 */
static json_t *
row_model(struct http_request *req, const struct rem *r, const json_t *u)
{
	const char *code = jx_get_str(u, "code"), *status = status_of(r, code);
	const json_t *data = report_data(req, r, code), *contact = json_object_get(data, "contact");
	enum workflow_status ws;
	json_t *to = recipients_unit(u, data, r->users), *m, *c;

	if (workflow_status_parse(status, &ws) < 0)
		ws = WORKFLOW_NOT_STARTED;
	m = web_pack("{s:s, s:s, s:s, s:s, s:s?, s:s?, s:o, s:o, s:b}", "code", code, "name",
		     jx_get_str(u, "name"), "status", status, "status_name", workflow_status_name(ws), "head",
		     jx_get_str(u, "head"), "email", jx_get_str(u, "email"), "coordinators",
		     coordinators(r, code), "to", to, "reachable", json_array_size(to) > 0);
	if (m != NULL && json_is_object(contact) && jx_get_str(contact, "name") &&
	    *jx_get_str(contact, "name") &&
	    (c = web_pack("{s:s, s:s?, s:s?, s:s?}", "name", jx_get_str(contact, "name"), "position",
			  jx_get_str(contact, "position"), "phone", jx_get_str(contact, "phone"), "email",
			  jx_get_str(contact, "email"))) != NULL)
		jx_set(m, "contact", c);
	return m;
}

/* «за 3 и 1 дн. до срока; на следующий день после срока», or NULL when not configured. */
static const char *
schedule_text(struct http_request *req, const json_t *campaign)
{
	const json_t *rm = json_object_get(campaign, "reminders"), *d;
	struct buf b;
	const char *out;
	size_t i;
	int ok = 0;

	if (!json_is_object(rm))
		return NULL;
	buf_init(&b, 1024);
	json_array_foreach(json_object_get(rm, "days_before"), i, d)
	{
		ok |= buf_addf(&b, "%s%lld", i ? ", " : "за ", (long long)json_integer_value(d));
	}
	if (b.len)
		ok |= buf_adds(&b, " дн. до срока");
	if (json_is_true(json_object_get(rm, "after_due")))
		ok |= buf_adds(&b,
			       b.len ? "; на следующий день после срока" : "на следующий день после срока");
	out = ok == 0 && b.len ? arena_strdup(req->arena, b.data) : NULL;
	buf_release(&b);
	return out;
}

/*
 * GET /admin/campaigns/{slug}/reminders (and the API twin): the
 * municipalities that owe their report, with contacts. 200, 404.
 */
void
reminders_show(struct http_request *req, struct http_response *resp)
{
	const char *done = http_params_get(&req->query, "done"), *sched;
	json_t *rows, *u, *m, *row;
	int64_t n, skipped;
	struct rem r;
	size_t i;

	if (load(req, resp, &r) < 0)
		return;
	rows = jx_arr();
	json_array_foreach(r.units, i, u)
	{
		if (!reporting_must_report(r.campaign, jx_get_str(u, "code"),
					   jx_get_str(u, "parent") == NULL) ||
		    !workflow_code_owes(status_of(&r, jx_get_str(u, "code"))))
			continue;
		if ((row = row_model(req, &r, u)) != NULL)
			jx_append(rows, row);
	}
	m = web_pack("{s:s, s:{s:s, s:s, s:s}, s:b, s:I, s:o, s:b}", "title", "Напоминания", "campaign",
		     "slug", r.slug, "title", jx_get_str(r.campaign, "title"), "due_ru",
		     web_instant_ru(req->arena, r.dl.due, jx_get_str(r.campaign, "time_zone")), "overdue",
		     web_now() > r.dl.due, "count", (json_int_t)json_array_size(rows), "units", rows,
		     "sending", outbox_sending());
	if (m == NULL) {
		web_respond(req, resp, "reminders", NULL);
		return;
	}
	if ((sched = schedule_text(req, r.campaign)) != NULL)
		jx_set(m, "schedule", jx_str(sched));
	/* The notice after a send (?done=N&skipped=M): a malformed one is left out. */
	if (!req->is_api && num_parse_i64(done, 0, INT64_MAX, &n) == 0) {
		if (num_parse_i64(http_params_get(&req->query, "skipped"), 0, INT64_MAX, &skipped) < 0)
			skipped = 0;
		jx_set(m, "notice",
		       jx_str(arena_printf(req->arena, "Поставлено в очередь писем: %lld.%s", (long long)n,
					   skipped > 0 ? " У части муниципалитетов нет адреса "
							 "электронной почты — им не отправлено."
						       : "")));
	}
	web_respond(req, resp, "reminders", m);
}

/*
 * POST /admin/campaigns/{slug}/reminders (and the API twin): reminds one
 * municipality (field "org_unit") or every one that owes its report
 * ("all": true, or "1" in a form), in one transaction with an audit event
 * per municipality. Answers 303 back to the list (pages) or 200
 * {"queued", "units", "skipped": [{"code", "name", "reason"}]} (API); 404
 * for an unknown campaign or municipality, 409 when the report is already
 * submitted, 422 without a target or when the one municipality has no
 * address.
 */
void
reminders_send(struct http_request *req, struct http_response *resp)
{
	struct store *st = web_store();
	const char *one = web_input(req, "org_unit"), *all_s = web_input(req, "all");
	int all = (all_s && strcmp(all_s, "1") == 0) ||
		  (req->is_api && json_is_true(json_object_get(req->json, "all")));
	json_t *units = jx_arr(), *skipped = jx_arr(), *u, *e;
	int64_t now = web_now();
	enum store_rc rc = STORE_OK;
	int total = 0, n, found = 0, began = 0;
	struct rem r;
	size_t i;

	web_keep(req, units);
	web_keep(req, skipped);
	if (!all && (one == NULL || *one == '\0')) {
		web_invalid(req, resp, "org_unit", "Выберите муниципалитет или отправьте напоминание всем.");
		return;
	}
	if (load(req, resp, &r) < 0)
		return;
	json_array_foreach(r.units, i, u)
	{
		const char *code = jx_get_str(u, "code");
		const json_t *data;

		if (!reporting_must_report(r.campaign, jx_get_str(u, "code"),
					   jx_get_str(u, "parent") == NULL) ||
		    (!all && strcmp(code, one) != 0))
			continue;
		found = 1;
		if (!workflow_code_owes(status_of(&r, code))) {
			if (!all) {
				http_error(req, resp, 409, "not_allowed",
					   "Отчёт этого муниципалитета уже отправлен: напоминать не о чем.",
					   NULL);
				goto fail;
			}
			continue;
		}
		data = report_data(req, &r, code);
		if (!began) {
			if ((rc = store_begin(st, 1)) != STORE_OK)
				goto fail;
			began = 1;
		}
		if ((rc = reminders_queue(st, r.campaign, u, data, NULL, now, &n)) != STORE_OK)
			goto fail;
		if (n == 0) {
			if (!all) {
				store_rollback(st);
				web_invalid(
					req, resp, "org_unit",
					"У муниципалитета нет адреса электронной почты: укажите его в справочнике "
					"муниципалитетов.");
				return;
			}
			if ((e = web_pack("{s:s, s:s, s:s}", "code", code, "name", jx_get_str(u, "name"),
					  "reason", "no_address")) != NULL)
				jx_append(skipped, e);
			continue;
		}
		if ((rc = web_audit(req, "reminder.queue", "report",
				    arena_printf(req->arena, "%s/%s", r.slug, code),
				    web_pack("{s:i, s:b}", "mails", n, "automatic", 0))) != STORE_OK)
			goto fail;
		total += n;
		jx_append(units, jx_str(code));
	}
	if (!found) {
		http_error(req, resp, 404, "not_found",
			   "Этот муниципалитет не отчитывается по этой кампании.", NULL);
		return;
	}
	if (began && (rc = store_commit(st)) != STORE_OK)
		goto fail;
	if (req->is_api) {
		web_respond(req, resp, NULL,
			    web_pack("{s:i, s:O, s:O}", "queued", total, "units", units, "skipped", skipped));
		return;
	}
	http_redirect(req, resp, 303,
		      arena_printf(req->arena, "/admin/campaigns/%s/reminders?done=%d&skipped=%zu",
				   web_url_encode(req->arena, r.slug), total, json_array_size(skipped)));
	return;
fail:
	if (began)
		store_rollback(st);
	if (rc != STORE_OK)
		web_store_error(req, resp, rc);
}

static const char *
mail_status_name(const char *s)
{
	if (s == NULL)
		return "";
	if (strcmp(s, "queued") == 0)
		return "в очереди";
	if (strcmp(s, "sent") == 0)
		return "отправлено";
	if (strcmp(s, "failed") == 0)
		return "не доставлено";
	return s;
}

/*
 * GET /admin/mail and /api/v1/mail: the outbox, newest first, optionally
 * one status (?status=queued|sent|failed), MAIL_PAGE to a page, with the
 * counts and whether sending is configured. 200, 422 for an unknown status.
 */
void
reminders_outbox(struct http_request *req, struct http_response *resp)
{
	const char *status = http_params_get(&req->query, "status");
	json_t *mails = NULL, *counts = NULL, *m, *e;
	int64_t total = 0, pages, t, page;
	enum store_rc rc;
	size_t i;

	if (status && *status == '\0')
		status = NULL;
	if (status && strcmp(status, "queued") != 0 && strcmp(status, "sent") != 0 &&
	    strcmp(status, "failed") != 0) {
		web_invalid(req, resp, "status", "Статус письма: queued, sent или failed.");
		return;
	}
	if (web_param_int(req, resp, "page", "Номер страницы", 1, WEB_PAGE_MAX, 1, &page) < 0)
		return;
	if (web_store() == NULL) {
		web_store_error(req, resp, STORE_UNAVAILABLE);
		return;
	}
	if ((rc = store_mail_list(web_store(), status, (page - 1) * MAIL_PAGE, MAIL_PAGE, &mails, &total)) !=
		    STORE_OK ||
	    (rc = store_mail_counts(web_store(), &counts)) != STORE_OK) {
		json_decref(mails);
		web_store_error(req, resp, rc);
		return;
	}
	pages = total ? (total + MAIL_PAGE - 1) / MAIL_PAGE : 1;
	json_array_foreach(mails, i, e)
	{
		jx_set(e, "status_name", jx_str(mail_status_name(jx_get_str(e, "status"))));
		/* The contest's mail is sealed (outbox_queue_sealed): neither its address nor its text is shown. */
		if (json_is_true(json_object_get(e, "sealed"))) {
			jx_set(e, "to", jx_str("зашифровано"));
			jx_set(e, "subject", jx_str("Письмо конкурса (зашифровано)"));
			jx_set(e, "body", json_null());
		}
		if (req->is_api)
			continue;
		jx_set(e, "created_ru",
		       jx_str(web_utc_time_ru(req->arena,
					      json_integer_value(json_object_get(e, "created_at")))));
		if (json_is_integer(json_object_get(e, "sent_at")))
			jx_set(e, "sent_ru",
			       jx_str(web_utc_time_ru(req->arena,
						      json_integer_value(json_object_get(e, "sent_at")))));
		t = json_integer_value(json_object_get(e, "next_attempt_at"));
		if (jx_get_str(e, "status") && strcmp(jx_get_str(e, "status"), "queued") == 0 && t > 0)
			jx_set(e, "next_ru", jx_str(web_utc_time_ru(req->arena, t)));
		jx_set(e, "failed",
		       jx_bool(jx_get_str(e, "status") && strcmp(jx_get_str(e, "status"), "failed") == 0));
	}
	m = web_pack("{s:s, s:o, s:o, s:I, s:I, s:I, s:b, s:s?}", "title", "Исходящая почта", "mails", mails,
		     "counts", counts, "total", (json_int_t)total, "page", (json_int_t)page, "pages",
		     (json_int_t)pages, "sending", outbox_sending(), "status", status);
	if (m != NULL && page > 1)
		jx_set(m, "prev", jx_int(page - 1));
	if (m != NULL && page < pages)
		jx_set(m, "next", jx_int(page + 1));
	web_respond(req, resp, "outbox", m);
}
