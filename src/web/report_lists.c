/*
 * report_lists: the lists of reports. GET /reports, the campaigns the
 * coordinator's municipality reports on (my_reports); GET
 * /admin/campaigns/{slug}/reports, every municipality that must report on
 * a campaign with its status and totals (admin_reports, and the API twin).
 */
#include <string.h>

#include "domain/reporting.h"
#include "domain/workflow.h"
#include "util/jsonx.h"
#include "util/tz.h"
#include "web/reports_int.h"
#include "web/web.h"

/* Sets dst[key] to src[key] when src has that member (the same value, one more reference). */
static void
copy_member(json_t *dst, const json_t *src, const char *key)
{
	json_t *v = json_object_get(src, key);

	if (v)
		jx_set(dst, key, json_incref(v));
}

/*
 * GET /reports: the campaigns the coordinator's municipality reports on,
 * with the due date, a countdown, the status and the last comment; for an
 * admin, links to each campaign's list of reports; a juror is sent to /jury
 * (303).
 */
void
reports_mine(struct http_request *req, struct http_response *resp)
{
	struct store *st = web_store();
	const char *own = reports_own_unit(req);
	json_t *campaigns = NULL, *c, *doc, *unit = NULL, *rep, *items, *m;
	enum workflow_status status;
	struct deadline dl;
	int32_t off;
	enum store_rc rc;
	size_t i;

	if (web_is(req, PASSWORD_ROLE_JUROR)) {
		/* A juror has no reports: their page is the jury's. */
		web_no_store(req, resp);
		http_redirect(req, resp, 303, "/jury");
		return;
	}
	if (st == NULL) {
		web_store_error(req, resp, STORE_UNAVAILABLE);
		return;
	}
	if ((rc = store_campaign_list(st, &campaigns)) != STORE_OK) {
		web_store_error(req, resp, rc);
		return;
	}
	web_keep(req, campaigns);
	if (own && store_org_unit_get(st, own, &unit) == STORE_OK)
		web_keep(req, unit);
	items = jx_arr();
	json_array_foreach(campaigns, i, c)
	{
		doc = NULL;
		if (store_campaign_get(st, jx_get_str(c, "slug"), &doc) != STORE_OK)
			continue;
		web_keep(req, doc);
		if (unit &&
		    !reporting_must_report(doc, jx_get_str(unit, "code"), jx_get_str(unit, "parent") == NULL))
			continue;
		if (deadline_from_campaign_zone(doc, tz_offset, &dl, &off) < 0)
			continue;
		m = web_pack("{s:s, s:s, s:s?, s:s, s:s}", "slug", jx_get_str(c, "slug"), "title",
			     jx_get_str(c, "title"), "period_ru",
			     web_period_ru(req->arena, jx_get_str(c, "starts"), jx_get_str(c, "ends")),
			     "due_ru", web_instant_ru(req->arena, dl.due, jx_get_str(doc, "time_zone")),
			     "countdown", reports_countdown(req, dl.due, web_now()));
		if (m == NULL)
			continue; /* web_pack logged why */
		if (unit) {
			rep = NULL;
			status = WORKFLOW_NOT_STARTED;
			if (store_report_get(st, jx_get_str(c, "slug"), own, &rep) == STORE_OK) {
				web_keep(req, rep);
				if (workflow_status_parse(jx_get_str(rep, "status"), &status) < 0)
					status = WORKFLOW_DRAFT;
				if (jx_get_str(rep, "last_comment") && status == WORKFLOW_RETURNED)
					jx_set(m, "last_comment", jx_str(jx_get_str(rep, "last_comment")));
			}
			jx_set(m, "org", jx_str(own));
			jx_set(m, "status", jx_str(workflow_status_code(status)));
			jx_set(m, "status_name", jx_str(workflow_status_name(status)));
			jx_set(m, "editable", jx_bool(workflow_editable(status)));
		}
		jx_append(items, m);
	}
	m = web_pack("{s:s, s:o, s:b, s:b, s:b}", "title", "Мои отчёты", "campaigns", items, "coordinator",
		     unit != NULL, "admin", reports_is_admin(req), "empty", json_array_size(items) == 0);
	if (m && unit)
		jx_set(m, "unit", web_pack("{s:s, s:s}", "code", own, "name", jx_get_str(unit, "name")));
	web_no_store(req, resp);
	web_respond(req, resp, "my_reports", m);
}

/*
 * GET /admin/campaigns/{slug}/reports: every municipality that must report,
 * with its status (not started included), submission time, lateness and
 * totals. The API twin answers {"campaign", "reports": [...]}.
 */
void
reports_admin_list(struct http_request *req, struct http_response *resp)
{
	const char *slug = http_params_get(&req->params, "slug");
	struct store *st = web_store();
	json_t *doc = NULL, *units = NULL, *reports = NULL, *rows, *u, *rep, *row, *m;
	enum workflow_status status;
	struct deadline dl;
	int32_t off = 0;
	enum store_rc rc;
	size_t i, k;
	int counts[WORKFLOW_STATUS__MAX] = {0}, late = 0;

	if ((doc = web_campaign(req, resp, slug)) == NULL)
		return;
	if ((rc = store_org_unit_list(st, &units)) != STORE_OK ||
	    (rc = store_report_list(st, slug, &reports)) != STORE_OK) {
		json_decref(units);
		web_store_error(req, resp, rc);
		return;
	}
	web_keep(req, units);
	web_keep(req, reports);
	if (deadline_from_campaign_zone(doc, tz_offset, &dl, &off) < 0)
		memset(&dl, 0, sizeof(dl));
	rows = jx_arr();
	json_array_foreach(units, i, u)
	{
		if (!reporting_must_report(doc, jx_get_str(u, "code"), jx_get_str(u, "parent") == NULL))
			continue;
		rep = NULL;
		json_array_foreach(reports, k, row)
		{
			if (jx_get_str(row, "org_unit") &&
			    strcmp(jx_get_str(row, "org_unit"), jx_get_str(u, "code")) == 0) {
				rep = row;
				break;
			}
		}
		status = WORKFLOW_NOT_STARTED;
		if (rep && workflow_status_parse(jx_get_str(rep, "status"), &status) < 0)
			status = WORKFLOW_DRAFT;
		counts[status]++;
		/* Code and name are NOT NULL columns: the row cannot fail to pack. */
		row = web_pack("{s:s, s:s, s:s, s:s}", "code", jx_get_str(u, "code"), "name",
			       jx_get_str(u, "name"), "status", workflow_status_code(status), "status_name",
			       workflow_status_name(status));
		jx_set(row, arena_printf(req->arena, "is_%s", workflow_status_code(status)), json_true());
		if (rep) {
			copy_member(row, rep, "version");
			copy_member(row, rep, "totals");
			copy_member(row, rep, "last_comment");
			if (json_is_integer(json_object_get(rep, "submitted_at"))) {
				copy_member(row, rep, "submitted_at");
				jx_set(row, "submitted_ru",
				       jx_str(web_instant_ru(
					       req->arena,
					       json_integer_value(json_object_get(rep, "submitted_at")),
					       jx_get_str(doc, "time_zone"))));
				copy_member(row, rep, "late");
				late += json_is_true(json_object_get(rep, "late"));
			}
		}
		jx_append(rows, row);
	}
	m = web_pack("{s:s, s:{s:s, s:s, s:s}, s:o, s:{s:i, s:i, s:i, s:i, s:i, s:i, s:I}}", "title",
		     arena_printf(req->arena, "Отчёты: %s", jx_get_str(doc, "title")), "campaign", "slug",
		     slug, "title", jx_get_str(doc, "title"), "due_ru",
		     web_instant_ru(req->arena, dl.due, jx_get_str(doc, "time_zone")), "reports", rows,
		     "counts", "not_started", counts[WORKFLOW_NOT_STARTED], "draft", counts[WORKFLOW_DRAFT],
		     "submitted", counts[WORKFLOW_SUBMITTED], "returned", counts[WORKFLOW_RETURNED],
		     "accepted", counts[WORKFLOW_ACCEPTED], "late", late, "expected",
		     (json_int_t)json_array_size(rows));
	web_no_store(req, resp);
	web_respond(req, resp, "admin_reports", m);
}
