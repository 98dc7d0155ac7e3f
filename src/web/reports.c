/*
 * reports: a municipality's report on a campaign — loading it for a route
 * with the access check (reports_load), showing it, the coordinator's
 * writes (save a draft however incomplete, submit when complete), the
 * department's review (return with a comment, accept, reopen, open a locked
 * report for a few days), and the answers they share (409 on a stale
 * version, the API's view of a report). The form itself is read and drawn
 * in report_form.c, the history feed is report_history.c, the lists of
 * reports report_lists.c. The /api/v1/ twins answer the same models as
 * JSON.
 *
 * Access: an admin reaches every report; a coordinator only the reports of
 * their own municipality (403 for any other, by every route); a juror none.
 * Every write carries the version it was based on and answers 409 when the
 * report changed meanwhile, with what the user sent and what is stored.
 */
#include <string.h>

#include "domain/report.h"
#include "domain/reporting.h"
#include "domain/workflow.h"
#include "mail/outbox.h"
#include "util/civil.h"
#include "util/jsonx.h"
#include "util/num.h"
#include "util/tz.h"
#include "web/reports_int.h"
#include "web/web.h"

#define LOCK_EXCEPTION_DAYS_MAX 90

int
reports_is_admin(struct http_request *req)
{
	return web_is(req, PASSWORD_ROLE_ADMIN);
}

/* The coordinator's own org unit code, or NULL. */
const char *
reports_own_unit(struct http_request *req)
{
	struct web_ctx *ctx = web_ctx(req);

	if (!web_is(req, PASSWORD_ROLE_COORDINATOR))
		return NULL;
	return jx_get_str(ctx->user, "org_unit");
}

/*
 * Loads campaign, org unit and report for the route's {slug} and {org} and
 * checks access. Returns 0, or -1 after answering (403, 404, 503, 500).
 */
int
reports_load(struct http_request *req, struct http_response *resp, struct rep *r)
{
	struct store *st = web_store();
	const char *own;
	json_t *j = NULL;
	enum store_rc rc;
	int64_t exc;

	memset(r, 0, sizeof(*r));
	r->slug = http_params_get(&req->params, "slug");
	r->org = http_params_get(&req->params, "org");
	r->is_admin = reports_is_admin(req);
	own = reports_own_unit(req);
	if (!r->is_admin && (own == NULL || strcmp(own, r->org) != 0)) {
		http_error(req, resp, 403, "forbidden",
			   own ? "Это отчёт другого муниципалитета: вам доступен только отчёт вашего."
			       : "Отчёты муниципалитетов доступны их координаторам и департаменту.",
			   NULL);
		return -1;
	}
	if (st == NULL) {
		web_store_error(req, resp, STORE_UNAVAILABLE);
		return -1;
	}
	if ((r->campaign = web_campaign(req, resp, r->slug)) == NULL)
		return -1;
	if ((rc = store_org_unit_get(st, r->org, &j)) != STORE_OK) {
		if (rc == STORE_NOTFOUND)
			http_error(req, resp, 404, "not_found", "Такого муниципалитета нет.", NULL);
		else
			web_store_error(req, resp, rc);
		return -1;
	}
	r->unit = web_keep(req, j);
	if (!reporting_must_report(r->campaign, jx_get_str(r->unit, "code"),
				   jx_get_str(r->unit, "parent") == NULL)) {
		http_error(req, resp, 404, "not_found",
			   "Этот муниципалитет не отчитывается по этой кампании.", NULL);
		return -1;
	}
	rc = store_report_get(st, r->slug, r->org, &j);
	if (rc == STORE_OK) {
		r->report = web_keep(req, j);
		if (workflow_status_parse(jx_get_str(r->report, "status"), &r->status) < 0)
			r->status = WORKFLOW_DRAFT;
		r->version = json_integer_value(json_object_get(r->report, "version"));
	} else if (rc == STORE_NOTFOUND) {
		r->status = WORKFLOW_NOT_STARTED;
	} else {
		web_store_error(req, resp, rc);
		return -1;
	}
	if (deadline_from_campaign_zone(r->campaign, tz_offset, &r->dl, &r->offset) < 0) {
		http_error(req, resp, 500, "internal", "campaign deadline unusable", NULL);
		return -1;
	}
	exc = DEADLINE_NO_EXCEPTION;
	if (r->report && json_is_integer(json_object_get(r->report, "lock_until")))
		exc = json_integer_value(json_object_get(r->report, "lock_until"));
	r->locked = deadline_is_locked(r->dl.lock, web_now(), exc);
	return 0;
}

/* An empty report model, for a report not started yet. */
static json_t *
empty_data(void)
{
	return web_pack("{s:{s:s, s:s, s:s, s:s}, s:[], s:[], s:[], s:s, s:s}", "contact", "name", "",
			"position", "", "phone", "", "email", "", "activities", "organizations",
			"publications", "remarks", "", "no_activity_reason", "");
}

/* The stored data of the report, or an empty model (borrowed or arena-owned). */
static json_t *
stored_data(struct http_request *req, const struct rep *r)
{
	json_t *d = r->report ? json_object_get(r->report, "data") : NULL;

	return json_is_object(d) ? d : web_keep(req, empty_data());
}

/* The validation rules for this report at this moment. */
static void
rules_for(const struct rep *r, enum report_mode mode, struct report_rules *rules)
{
	memset(rules, 0, sizeof(*rules));
	rules->mode = mode;
	rules->campaign = r->campaign;
	rules->previous = r->report ? json_object_get(r->report, "data") : NULL;
	rules->today = civil_local_day(web_now(), r->offset);
}

/* The page answer after a successful write: 303 back to the report (PRG). */
static void
back_to_report(struct http_request *req, struct http_response *resp, const struct rep *r, const char *what)
{
	http_redirect(req, resp, 303,
		      arena_printf(req->arena, "/campaigns/%s/reports/%s?done=%s",
				   web_url_encode(req->arena, r->slug), web_url_encode(req->arena, r->org),
				   what));
}

static enum workflow_actor
actor(const struct rep *r)
{
	return r->is_admin ? WORKFLOW_ADMIN : WORKFLOW_COORDINATOR;
}

/*
 * Writes the report: the new data (or NULL to keep it), the new status, an
 * audit event and the mail telling of the change (mail/outbox.c), in one
 * transaction. Answers nothing; returns the store's
 * verdict and the new version.
 */
static enum store_rc
write_report(struct http_request *req, const struct rep *r, json_t *data, enum workflow_status to,
	     enum workflow_action act, const char *comment, int64_t base, int64_t *version)
{
	struct store *st = web_store();
	struct web_ctx *ctx = web_ctx(req);
	struct store_report_write w;
	int64_t now = web_now();
	enum store_rc rc;

	memset(&w, 0, sizeof(w));
	w.campaign = r->slug;
	w.org_unit = r->org;
	w.base_version = base;
	w.data = data;
	w.status = workflow_status_code(to);
	w.action = workflow_action_code(act);
	w.comment = comment;
	w.actor_id = ctx->user_id;
	w.actor_login = ctx->login;
	w.now = now;
	workflow_first_submission(
		act, r->report != NULL && json_is_integer(json_object_get(r->report, "submitted_at")),
		r->dl.due, now, &w.submitted_at, &w.late);
	if ((rc = store_begin(st, 1)) != STORE_OK)
		return rc;
	if ((rc = store_report_write(st, &w, version)) != STORE_OK ||
	    (rc = web_audit(req, arena_printf(req->arena, "report.%s", workflow_action_code(act)), "report",
			    arena_printf(req->arena, "%s/%s", r->slug, r->org),
			    web_pack("{s:s, s:s, s:I, s:s?}", "status", workflow_status_code(to), "from",
				     workflow_status_code(r->status), "version", (json_int_t)*version,
				     "comment", comment))) != STORE_OK ||
	    (rc = outbox_report_event(
		     st, r->campaign, r->unit, data ? data : json_object_get(r->report, "data"),
		     workflow_action_code(act), comment,
		     w.submitted_at ? w.late : json_is_true(json_object_get(r->report, "late")), now)) !=
		    STORE_OK ||
	    (rc = store_commit(st)) != STORE_OK) {
		store_rollback(st);
		return rc;
	}
	return STORE_OK;
}

/*
 * The version the client based its change on (form field or JSON member)
 * into *base, -1 when there is none. Returns 0, or -1 after answering 422
 * for a version that is not a whole number.
 */
static int
base_version(struct http_request *req, struct http_response *resp, int64_t *base)
{
	return web_param_int(req, resp, "version", "Версия отчёта", 0, INT64_MAX, -1, base);
}

/* Answers the API's view of a report: {"report", "issues"?}. */
static void
api_report(struct http_request *req, struct http_response *resp, const struct rep *r, json_t *issues,
	   int status)
{
	json_t *rep = r->report ? json_deep_copy(r->report)
				: web_pack("{s:s, s:s, s:s, s:s, s:I, s:o}", "campaign", r->slug, "org_unit",
					   r->org, "org_unit_name", jx_get_str(r->unit, "name"), "status",
					   "not_started", "version", (json_int_t)0, "data", empty_data());
	json_t *m = web_pack("{s:o, s:s, s:s, s:b}", "report", rep, "due",
			     web_instant_ru(req->arena, r->dl.due, jx_get_str(r->campaign, "time_zone")),
			     "status_name", workflow_status_name(r->status), "locked", r->locked);

	if (m && issues)
		jx_set(m, "issues", json_incref(issues));
	resp->status = status;
	web_respond(req, resp, NULL, m);
}

/*
 * Reads the report back after a committed write, for the API's answer, and
 * refreshes status, version and lock state. Returns 0, or -1 after
 * answering 500: the write stands, but no stale report is ever answered.
 */
static int
reload(struct http_request *req, struct http_response *resp, struct rep *r)
{
	json_t *cur = NULL;
	int64_t exc = DEADLINE_NO_EXCEPTION;

	if (store_report_get(web_store(), r->slug, r->org, &cur) != STORE_OK) {
		http_error(req, resp, 500, "internal", "report unreadable after a committed write", NULL);
		return -1;
	}
	r->report = web_keep(req, cur);
	r->version = json_integer_value(json_object_get(cur, "version"));
	if (workflow_status_parse(jx_get_str(cur, "status"), &r->status) < 0)
		r->status = WORKFLOW_DRAFT;
	if (json_is_integer(json_object_get(cur, "lock_until")))
		exc = json_integer_value(json_object_get(cur, "lock_until"));
	r->locked = deadline_is_locked(r->dl.lock, web_now(), exc);
	return 0;
}

/* 409: the change was based on an old version. The page shows both; the API returns the stored report. */
static void
conflict(struct http_request *req, struct http_response *resp, const struct rep *r, const json_t *typed,
	 json_t *issues)
{
	struct rep fresh = *r;
	json_t *cur = NULL, *err;

	if (store_report_get(web_store(), r->slug, r->org, &cur) == STORE_OK) {
		fresh.report = web_keep(req, cur);
		fresh.version = json_integer_value(json_object_get(cur, "version"));
		if (workflow_status_parse(jx_get_str(cur, "status"), &fresh.status) < 0)
			fresh.status = WORKFLOW_DRAFT;
	}
	if (req->is_api) {
		err = web_pack(
			"{s:s, s:s, s:O?}", "code", "conflict", "message",
			"Отчёт изменён после того, как вы его открыли: ваши изменения не сохранены. Ниже — "
			"сохранённая версия.",
			"current", fresh.report);
		resp->status = 409;
		web_respond(req, resp, NULL, web_pack("{s:o}", "error", err));
		return;
	}
	if (!workflow_editable(fresh.status)) {
		reports_form_page(
			req, resp, &fresh, stored_data(req, &fresh), issues, 409,
			"Пока вы редактировали, отчёт отправили или он изменил статус. Ваши изменения не сохранены.",
			NULL);
		return;
	}
	reports_form_page(
		req, resp, &fresh, typed, issues, 409,
		"Пока вы редактировали, отчёт сохранил кто-то другой. Ниже — ваш вариант; что в нём отличается от "
		"сохранённого, перечислено в рамке. Проверьте и сохраните ещё раз.",
		fresh.report);
}

/* Answers a refused transition: 409 with the reason. */
static void
refused(struct http_request *req, struct http_response *resp, const char *why)
{
	http_error(req, resp, 409, "not_allowed", why, NULL);
}

/*
 * Saves or submits data on behalf of the coordinator: validates (draft or
 * submit rules), answers 422 with the issues, 409 on a stale version or a
 * refused transition, or 303 / 200 after the write.
 */
static void
save_or_submit(struct http_request *req, struct http_response *resp, struct rep *r, json_t *typed,
	       enum workflow_action act)
{
	struct report_rules rules;
	enum workflow_status to;
	json_t *clean = NULL, *issues = NULL;
	const char *why = NULL;
	int64_t base, version = 0;
	enum store_rc rc;
	int bad;

	if (base_version(req, resp, &base) < 0)
		return;
	if (workflow_next(r->status, act, actor(r), r->locked, &to, &why) < 0) {
		if (!req->is_api && workflow_editable(r->status) == 0) {
			reports_form_page(req, resp, r, stored_data(req, r), NULL, 409, why, NULL);
			return;
		}
		refused(req, resp, why);
		return;
	}
	if (base < 0) {
		web_invalid(req, resp, "version", "Не указана версия отчёта, на которой основаны изменения.");
		return;
	}
	rules_for(r, act == WORKFLOW_SUBMIT ? REPORT_SUBMIT : REPORT_DRAFT, &rules);
	bad = report_validate(typed, &rules, &clean, &issues) < 0;
	web_keep(req, clean);
	web_keep(req, issues);
	if (bad) {
		if (req->is_api) {
			json_t *first = json_array_get(issues, 0), *it;
			size_t i;

			json_array_foreach(issues, i, it)
			{
				if (jx_get_str(it, "level") &&
				    strcmp(jx_get_str(it, "level"), "error") == 0) {
					first = it;
					break;
				}
			}
			resp->status = 422;
			web_respond(req, resp, NULL,
				    web_pack("{s:{s:s, s:s, s:s?, s:O}}", "error", "code", "invalid",
					     "message", jx_get_str(first, "message") ?: "Проверьте отчёт.",
					     "field", jx_get_str(first, "path"), "issues", issues));
			return;
		}
		reports_form_page(req, resp, r, clean, issues, 422,
				  act == WORKFLOW_SUBMIT ? "Отчёт не отправлен: исправьте отмеченные поля."
							 : "Черновик не сохранён: исправьте отмеченные поля.",
				  NULL);
		return;
	}
	if (base != r->version) {
		conflict(req, resp, r, clean, issues);
		return;
	}
	rc = write_report(req, r, clean, to, act, NULL, base, &version);
	if (rc == STORE_CONFLICT) {
		conflict(req, resp, r, clean, issues);
		return;
	}
	if (rc != STORE_OK) {
		web_store_error(req, resp, rc);
		return;
	}
	if (req->is_api) {
		if (reload(req, resp, r) == 0)
			api_report(req, resp, r, issues, 200);
		return;
	}
	back_to_report(req, resp, r, act == WORKFLOW_SUBMIT ? "submitted" : "saved");
}

static const char *
done_notice(struct http_request *req)
{
	const char *d = http_params_get(&req->query, "done");

	if (d == NULL)
		return NULL;
	if (strcmp(d, "saved") == 0)
		return "Черновик сохранён.";
	if (strcmp(d, "submitted") == 0)
		return "Отчёт отправлен в департамент на проверку.";
	if (strcmp(d, "returned") == 0)
		return "Отчёт возвращён на доработку; координатор увидит комментарий.";
	if (strcmp(d, "accepted") == 0)
		return "Отчёт принят.";
	if (strcmp(d, "reopened") == 0)
		return "Отчёт открыт повторно.";
	if (strcmp(d, "unlocked") == 0)
		return "Отчёт открыт для правок.";
	return NULL;
}

/*
 * GET /campaigns/{slug}/reports/{org} (and the API twin): the form for the
 * coordinator while the report is editable, else the report read-only; for
 * an admin the review page with the validation warnings. 200, 403, 404.
 */
void
reports_show(struct http_request *req, struct http_response *resp)
{
	struct report_rules rules;
	json_t *clean = NULL, *issues = NULL;
	struct rep r;

	if (reports_load(req, resp, &r) < 0)
		return;
	if (req->is_api) {
		api_report(req, resp, &r, NULL, 200);
		return;
	}
	/* Reviewers see what the submit rules say about the stored report. */
	if (r.report && (r.is_admin || !workflow_editable(r.status))) {
		rules_for(&r, REPORT_SUBMIT, &rules);
		(void)report_validate(json_object_get(r.report, "data"), &rules, &clean, &issues);
		web_keep(req, clean);
		web_keep(req, issues);
	}
	reports_form_page(req, resp, &r, stored_data(req, &r), issues, 200, done_notice(req), NULL);
}

/*
 * POST /campaigns/{slug}/reports/{org} — the form's buttons: action=save,
 * submit, add_<section>, remove_<section>:<row>. PUT /api/v1/… saves a
 * draft from {"version", "data"}. Adding and removing rows re-render the
 * form with everything typed and store nothing.
 */
void
reports_post(struct http_request *req, struct http_response *resp)
{
	const char *action = http_params_get(&req->form, "action");
	const char *sections[] = {"activities", "organizations", "publications"};
	const char *colon;
	json_t *typed;
	struct rep r;
	size_t i, row = 0;
	int64_t rv;

	if (reports_load(req, resp, &r) < 0)
		return;
	if (req->is_api) {
		typed = json_object_get(req->json, "data");
		if (!json_is_object(typed)) {
			http_error(req, resp, 400, "invalid_json",
				   "Ожидается объект с полями version и data.", "data");
			return;
		}
		save_or_submit(req, resp, &r, typed, WORKFLOW_SAVE);
		return;
	}
	if (action == NULL)
		action = "save";
	colon = strchr(action, ':');
	/* "remove_<section>:<row>"; a malformed row removes nothing. */
	if (colon && strncmp(action, "remove_", 7) == 0 && num_parse_i64(colon + 1, 0, INT64_MAX, &rv) == 0)
		row = (size_t)rv;
	else
		colon = NULL;
	typed = NULL;
	for (i = 0; i < 3; i++) {
		size_t n = strlen(sections[i]);

		if (strncmp(action, "remove_", 7) == 0 && colon && (size_t)(colon - action - 7) == n &&
		    strncmp(action + 7, sections[i], n) == 0)
			typed = reports_form_data(req, sections[i], row);
	}
	if (typed == NULL)
		typed = reports_form_data(req, NULL, 0);
	if (typed == NULL) {
		web_invalid(req, resp, "form", "Поля формы должны быть в кодировке UTF-8.");
		return;
	}
	web_keep(req, typed);
	for (i = 0; i < 3; i++) {
		if (strncmp(action, "add_", 4) == 0 && strcmp(action + 4, sections[i]) == 0) {
			reports_add_row(req, typed, sections[i]);
			if (!workflow_editable(r.status) || r.locked || r.is_admin)
				break;
			reports_form_page(req, resp, &r, typed, NULL, 200, NULL, NULL);
			return;
		}
	}
	if (strncmp(action, "remove_", 7) == 0 && workflow_editable(r.status) && !r.locked && !r.is_admin) {
		reports_form_page(req, resp, &r, typed, NULL, 200, NULL, NULL);
		return;
	}
	save_or_submit(req, resp, &r, typed, strcmp(action, "submit") == 0 ? WORKFLOW_SUBMIT : WORKFLOW_SAVE);
}

/*
 * POST /api/v1/campaigns/{slug}/reports/{org}/submit {"version", "data"?}:
 * submits the given data, or the stored data when "data" is absent.
 */
void
reports_submit(struct http_request *req, struct http_response *resp)
{
	json_t *typed;
	struct rep r;

	if (reports_load(req, resp, &r) < 0)
		return;
	typed = json_object_get(req->json, "data");
	if (typed == NULL)
		typed = stored_data(req, &r);
	if (!json_is_object(typed)) {
		http_error(req, resp, 400, "invalid_json", "Поле data должно быть объектом отчёта.", "data");
		return;
	}
	save_or_submit(req, resp, &r, typed, WORKFLOW_SUBMIT);
}

/*
 * An admin's change of status: return (comment required), accept, reopen
 * (reason required). 303 to the report (API: 200 with the report); 409 when
 * the transition is not allowed or the version is stale; 422 without the
 * comment.
 */
static void
review(struct http_request *req, struct http_response *resp, enum workflow_action act)
{
	const char *comment = web_input(req, "comment");
	enum workflow_status to;
	const char *why = NULL;
	int64_t base, version = 0;
	enum store_rc rc;
	struct rep r;
	size_t len;

	if (reports_load(req, resp, &r) < 0)
		return;
	if (workflow_next(r.status, act, WORKFLOW_ADMIN, 0, &to, &why) < 0) {
		refused(req, resp, why);
		return;
	}
	if (base_version(req, resp, &base) < 0)
		return;
	if (act != WORKFLOW_ACCEPT) {
		if (workflow_comment_check(comment, &len) < 0) {
			web_invalid(
				req, resp, "comment",
				act == WORKFLOW_RETURN
					? "Напишите, что нужно исправить: комментарий увидит координатор (до 5000 "
					  "символов)."
					: "Укажите причину, по которой отчёт открывается повторно (до 5000 символов).");
			return;
		}
		comment = arena_strndup(req->arena, comment, len);
	} else {
		comment = NULL;
	}
	if (base != r.version) {
		http_error(
			req, resp, 409, "conflict",
			"Отчёт изменился после того, как вы его открыли. Обновите страницу и проверьте его ещё раз.",
			"version");
		return;
	}
	rc = write_report(req, &r, NULL, to, act, comment, base, &version);
	if (rc != STORE_OK) {
		web_store_error(req, resp, rc);
		return;
	}
	if (req->is_api) {
		if (reload(req, resp, &r) == 0)
			api_report(req, resp, &r, NULL, 200);
		return;
	}
	back_to_report(req, resp, &r,
		       act == WORKFLOW_RETURN   ? "returned"
		       : act == WORKFLOW_ACCEPT ? "accepted"
						: "reopened");
}

/* POST …/return {comment, version}. */
void
reports_return(struct http_request *req, struct http_response *resp)
{
	review(req, resp, WORKFLOW_RETURN);
}

/* POST …/accept {version}. */
void
reports_accept(struct http_request *req, struct http_response *resp)
{
	review(req, resp, WORKFLOW_ACCEPT);
}

/* POST …/reopen {comment (the reason), version}. */
void
reports_reopen(struct http_request *req, struct http_response *resp)
{
	review(req, resp, WORKFLOW_REOPEN);
}

/*
 * POST …/lock-exception {days}: keeps the report editable for that many
 * days (1..90) although the campaign locked reports; days 0 ends an
 * exception. 303 (API: 200 with the report); 422 for bad days.
 */
void
reports_lock_exception(struct http_request *req, struct http_response *resp)
{
	const char *ds = web_input(req, "days");
	struct store *st = web_store();
	json_t *v = req->is_api ? json_object_get(req->json, "days") : NULL;
	int64_t days = -1, until, version = 0, now = web_now();
	enum store_rc rc;
	struct rep r;

	if (reports_load(req, resp, &r) < 0)
		return;
	if (json_is_integer(v))
		days = json_integer_value(v);
	else if (num_parse_i64(ds, 0, LOCK_EXCEPTION_DAYS_MAX, &days) < 0)
		days = -1;
	if (days < 0 || days > LOCK_EXCEPTION_DAYS_MAX) {
		web_invalid(req, resp, "days", "Укажите число дней от 1 до 90 (0 — отменить исключение).");
		return;
	}
	until = days ? now + days * 86400 : 0;
	if ((rc = store_begin(st, 1)) != STORE_OK)
		goto fail;
	if (r.report == NULL) {
		struct store_report_write w = {.campaign = r.slug,
					       .org_unit = r.org,
					       .data = web_keep(req, empty_data()),
					       .status = "draft",
					       .action = "save",
					       .actor_id = web_ctx(req)->user_id,
					       .actor_login = web_ctx(req)->login,
					       .now = now};

		if ((rc = store_report_write(st, &w, &version)) != STORE_OK)
			goto fail;
	}
	if ((rc = store_report_set_lock_exception(st, r.slug, r.org, until, now)) != STORE_OK)
		goto fail;
	if ((rc = web_audit(req, "report.lock_exception", "report",
			    arena_printf(req->arena, "%s/%s", r.slug, r.org),
			    web_pack("{s:I, s:I}", "days", (json_int_t)days, "until", (json_int_t)until))) !=
	    STORE_OK)
		goto fail;
	if ((rc = store_commit(st)) != STORE_OK)
		goto fail;
	if (req->is_api) {
		if (reload(req, resp, &r) == 0)
			api_report(req, resp, &r, NULL, 200);
		return;
	}
	back_to_report(req, resp, &r, "unlocked");
	return;
fail:
	store_rollback(st);
	web_store_error(req, resp, rc);
}
