/*
 * reports: a municipality's report on a campaign — the coordinator's form
 * (save a draft however incomplete, submit when complete), the department's
 * review (return with a comment, accept, reopen, open a locked report for a
 * few days), the history feed with what changed between versions, and the
 * list of the coordinator's campaigns. The /api/v1/ twins answer the same
 * models as JSON.
 *
 * Access: an admin reaches every report; a coordinator only the reports of
 * their own municipality (403 for any other, by every route); a juror none.
 * Every write carries the version it was based on and answers 409 when the
 * report changed meanwhile, with what the user sent and what is stored.
 */
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "domain/campaign.h"
#include "domain/deadline.h"
#include "domain/report.h"
#include "domain/reporting.h"
#include "domain/workflow.h"
#include "util/civil.h"
#include "util/num.h"
#include "util/tz.h"
#include "mail/outbox.h"
#include "web/web.h"

#define LOCK_EXCEPTION_DAYS_MAX 90

/* What every report handler needs to know, loaded by load(). */
struct rep {
	const char *slug;
	const char *org;
	json_t *campaign; /* the campaign document (request arena owns it) */
	json_t *unit; /* the org unit model */
	json_t *report; /* the stored report, or NULL when not started */
	enum workflow_status status;
	int64_t version; /* 0 when not started */
	struct deadline dl;
	int32_t offset; /* the campaign zone's UTC offset at the due date */
	int locked; /* the campaign has closed reports and no exception runs */
	int is_admin;
};

static int
is_admin(struct http_request *req)
{
	const char *role = web_ctx(req)->role;

	return role && strcmp(role, "admin") == 0;
}

/* The coordinator's own org unit code, or NULL. */
static const char *
own_unit(struct http_request *req)
{
	struct web_ctx *ctx = web_ctx(req);

	if (ctx->role == NULL || strcmp(ctx->role, "coordinator") != 0)
		return NULL;
	return web_str(ctx->user, "org_unit");
}

/*
 * Loads campaign, org unit and report for the route's {slug} and {org} and
 * checks access. Returns 0, or -1 after answering (403, 404, 503, 500).
 */
static int
load(struct http_request *req, struct http_response *resp, struct rep *r)
{
	struct store *st = web_store();
	const char *own;
	json_t *j = NULL;
	enum store_rc rc;
	int64_t exc;

	memset(r, 0, sizeof(*r));
	r->slug = http_params_get(&req->params, "slug");
	r->org = http_params_get(&req->params, "org");
	r->is_admin = is_admin(req);
	own = own_unit(req);
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
	if (!reporting_must_report(r->campaign, web_str(r->unit, "code"),
				   web_str(r->unit, "parent") == NULL)) {
		http_error(req, resp, 404, "not_found",
			   "Этот муниципалитет не отчитывается по этой кампании.", NULL);
		return -1;
	}
	rc = store_report_get(st, r->slug, r->org, &j);
	if (rc == STORE_OK) {
		r->report = web_keep(req, j);
		if (workflow_status_parse(web_str(r->report, "status"), &r->status) < 0)
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
	return json_pack("{s:{s:s, s:s, s:s, s:s}, s:[], s:[], s:[], s:s, s:s}", "contact", "name", "",
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

/* A random row id (12 URL-safe characters), so the history can match rows. */
static const char *
new_row_id(struct http_request *req)
{
	static const char abc[] = "abcdefghijklmnopqrstuvwxyz0123456789";
	unsigned char rnd[12];
	char *id = arena_alloc(req->arena, sizeof(rnd) + 1);
	size_t i;

	randombytes_buf(rnd, sizeof(rnd));
	for (i = 0; i < sizeof(rnd); i++)
		id[i] = abc[rnd[i] % (sizeof(abc) - 1)];
	return id;
}

/* Form field "<prefix><i>_<name>", or "" when absent. */
static const char *
field(struct http_request *req, const char *prefix, size_t i, const char *name)
{
	const char *v = http_params_get(&req->form, arena_printf(req->arena, "%s%zu_%s", prefix, i, name));

	return v ? v : "";
}

/* Every value of a repeated field (checkboxes) as a JSON array of strings. */
static json_t *
field_all(struct http_request *req, const char *name)
{
	json_t *arr = json_array();
	size_t k;

	for (k = 0; k < req->form.n; k++)
		if (strcmp(req->form.v[k].name, name) == 0)
			json_array_append_new(arr, json_string(req->form.v[k].value));
	return arr;
}

/* Rows the rules allow in a section of the report. */
static size_t
section_max(const char *section)
{
	if (strcmp(section, "activities") == 0)
		return REPORT_ACTIVITIES_MAX;
	if (strcmp(section, "organizations") == 0)
		return REPORT_ORGANIZATIONS_MAX;
	return REPORT_PUBLICATIONS_MAX;
}

/*
 * The count field "n_<section>", capped one row above what the rules allow
 * (the rules then say so; the route's field limit leaves room for that row).
 */
static size_t
field_count(struct http_request *req, const char *section)
{
	const char *v = http_params_get(&req->form, arena_printf(req->arena, "n_%s", section));
	int64_t cap = (int64_t)section_max(section) + 1, n;

	/* The form writes this hidden field itself: a malformed one counts no rows. */
	if (num_parse_i64(v, 0, INT64_MAX, &n) < 0)
		return 0;
	return (size_t)(n > cap ? cap : n);
}

/* Splits a textarea of URLs (one per line, or separated by spaces) into an array. */
static json_t *
split_links(const char *text)
{
	json_t *arr = json_array();
	const char *p = text, *q;

	while (*p) {
		while (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n' || *p == ',')
			p++;
		for (q = p; *q && *q != ' ' && *q != '\t' && *q != '\r' && *q != '\n'; q++)
			;
		if (q > p)
			json_array_append_new(arr, json_stringn(p, (size_t)(q - p)));
		p = q;
	}
	return arr;
}

/*
 * The report model from the posted form, strings as typed (rows in form
 * order; the row named by skip_section/skip_row left out). NULL when a
 * field is not UTF-8 (jansson refuses such strings).
 */
static json_t *
form_data(struct http_request *req, const char *skip_section, size_t skip_row)
{
	json_t *d, *rows, *row;
	size_t i, n;
	int bad = 0;

	d = json_object();
	row = json_pack("{s:s, s:s, s:s, s:s}", "name", web_input(req, "contact_name") ?: "", "position",
			web_input(req, "contact_position") ?: "", "phone",
			web_input(req, "contact_phone") ?: "", "email",
			web_input(req, "contact_email") ?: "");
	bad |= row == NULL;
	json_object_set_new(d, "contact", row ? row : json_object());

	rows = json_array();
	n = field_count(req, "activities");
	for (i = 0; i < n; i++) {
		if (skip_section && strcmp(skip_section, "activities") == 0 && i == skip_row)
			continue;
		row = json_pack("{s:s, s:s, s:s, s:s, s:s, s:o, s:s, s:s, s:o}", "id",
				field(req, "a", i, "id"), "form", field(req, "a", i, "form"), "date",
				field(req, "a", i, "date"), "title", field(req, "a", i, "title"),
				"description", field(req, "a", i, "description"), "audience",
				field_all(req, arena_printf(req->arena, "a%zu_audience", i)), "participants",
				field(req, "a", i, "participants"), "reach", field(req, "a", i, "reach"),
				"links", split_links(field(req, "a", i, "links")));
		bad |= row == NULL;
		if (row)
			json_array_append_new(rows, row);
	}
	json_object_set_new(d, "activities", rows);

	rows = json_array();
	n = field_count(req, "organizations");
	for (i = 0; i < n; i++) {
		if (skip_section && strcmp(skip_section, "organizations") == 0 && i == skip_row)
			continue;
		row = json_pack("{s:s, s:s, s:s, s:s, s:s}", "id", field(req, "o", i, "id"), "name",
				field(req, "o", i, "name"), "kind", field(req, "o", i, "kind"), "inn",
				field(req, "o", i, "inn"), "joined", field(req, "o", i, "joined"));
		bad |= row == NULL;
		if (row)
			json_array_append_new(rows, row);
	}
	json_object_set_new(d, "organizations", rows);

	rows = json_array();
	n = field_count(req, "publications");
	for (i = 0; i < n; i++) {
		if (skip_section && strcmp(skip_section, "publications") == 0 && i == skip_row)
			continue;
		row = json_pack("{s:s, s:s, s:s, s:s, s:b, s:b}", "id", field(req, "p", i, "id"), "url",
				field(req, "p", i, "url"), "date", field(req, "p", i, "date"), "views",
				field(req, "p", i, "views"), "has_hashtag",
				*field(req, "p", i, "has_hashtag") != '\0', "has_alliance_link",
				*field(req, "p", i, "has_alliance_link") != '\0');
		bad |= row == NULL;
		if (row)
			json_array_append_new(rows, row);
	}
	json_object_set_new(d, "publications", rows);

	row = json_string(web_input(req, "remarks") ?: "");
	bad |= row == NULL;
	json_object_set_new(d, "remarks", row ? row : json_string(""));
	row = json_string(web_input(req, "no_activity_reason") ?: "");
	bad |= row == NULL;
	json_object_set_new(d, "no_activity_reason", row ? row : json_string(""));
	if (bad) {
		json_decref(d);
		return NULL;
	}
	return d;
}

/* Adds an empty row with a fresh id to a section of the model. */
static void
add_row(struct http_request *req, json_t *data, const char *section)
{
	json_t *rows = json_object_get(data, section), *row;

	if (json_array_size(rows) >= section_max(section))
		return;
	if (strcmp(section, "activities") == 0)
		row = json_pack("{s:s, s:s, s:s, s:s, s:s, s:[], s:s, s:s, s:[]}", "id", new_row_id(req),
				"form", "", "date", "", "title", "", "description", "", "audience",
				"participants", "", "reach", "", "links");
	else if (strcmp(section, "organizations") == 0)
		row = json_pack("{s:s, s:s, s:s, s:s, s:s}", "id", new_row_id(req), "name", "", "kind", "",
				"inn", "", "joined", "");
	else
		row = json_pack("{s:s, s:s, s:s, s:s, s:b, s:b}", "id", new_row_id(req), "url", "", "date",
				"", "views", "", "has_hashtag", 0, "has_alliance_link", 0);
	json_array_append_new(rows, row);
}

/* A number or null of the model as text for an input. */
static const char *
num_text(struct http_request *req, const json_t *v)
{
	if (json_is_integer(v))
		return arena_printf(req->arena, "%lld", (long long)json_integer_value(v));
	return json_is_string(v) ? json_string_value(v) : "";
}

/*
 * Attaches issues to the page model: each row gets "err"/"warn" objects
 * keyed by field, the contact and the free-text fields likewise, and the
 * model a flat list for the summary at the top.
 */
static void
attach_issues(json_t *page, json_t *issues)
{
	json_t *it, *target, *bag, *list = json_array();
	const char *section, *fld, *level;
	size_t i;
	int errors = 0, warnings = 0;

	json_array_foreach(issues, i, it)
	{
		section = web_str(it, "section");
		fld = web_str(it, "field");
		level = web_str(it, "level");
		if (level && strcmp(level, "error") == 0)
			errors++;
		else
			warnings++;
		json_array_append_new(list, json_pack("{s:s, s:b}", "message", web_str(it, "message") ?: "",
						      "error", level && strcmp(level, "error") == 0));
		target = NULL;
		if (section && json_is_integer(json_object_get(it, "row")))
			target = json_array_get(json_object_get(page, section),
						(size_t)json_integer_value(json_object_get(it, "row")) - 1);
		else if (section && strcmp(section, "contact") == 0)
			target = json_object_get(page, "contact");
		else if (section == NULL)
			target = page;
		if (!json_is_object(target) || fld == NULL)
			continue;
		bag = json_object_get(target, level && strcmp(level, "error") == 0 ? "err" : "warn");
		if (!json_is_object(bag)) {
			bag = json_object();
			json_object_set_new(target, level && strcmp(level, "error") == 0 ? "err" : "warn",
					    bag);
		}
		if (json_object_get(bag, fld) == NULL)
			json_object_set_new(bag, fld, json_string(web_str(it, "message") ?: ""));
	}
	json_object_set_new(page, "issues", list);
	json_object_set_new(page, "n_errors", json_integer(errors));
	json_object_set_new(page, "n_warnings", json_integer(warnings));
}

/* Form options of the campaign's forms of activity, current one selected. */
static json_t *
form_options(const struct rep *r, const char *current)
{
	json_t *opts = json_array(), *f;
	size_t i;

	json_array_foreach(json_object_get(r->campaign, "forms"), i, f)
	{
		int sel = current && web_str(f, "code") && strcmp(current, web_str(f, "code")) == 0;

		if (json_is_true(json_object_get(f, "retired")) && !sel)
			continue;
		json_array_append_new(opts, json_pack("{s:s, s:s, s:I, s:b}", "code", web_str(f, "code"),
						      "title", web_str(f, "title"), "n", (json_int_t)i + 1,
						      "selected", sel));
	}
	return opts;
}

static const char *
form_title(const struct rep *r, const char *code)
{
	json_t *f;
	size_t i;

	json_array_foreach(json_object_get(r->campaign, "forms"), i, f)
	{
		if (code && web_str(f, "code") && strcmp(code, web_str(f, "code")) == 0)
			return web_str(f, "title");
	}
	return code;
}

/* The rows of a section in the shape the templates use, numbered from 1. */
static json_t *
page_rows(struct http_request *req, const struct rep *r, const json_t *data, const char *section)
{
	json_t *out = json_array(), *row, *pr, *opts, *links, *l;
	const char *const *codes;
	size_t i, k;

	json_array_foreach(json_object_get(data, section), i, row)
	{
		pr = json_pack("{s:I, s:I, s:s}", "n", (json_int_t)i + 1, "i", (json_int_t)i, "id",
			       web_str(row, "id") && *web_str(row, "id") ? web_str(row, "id")
									 : new_row_id(req));
		if (strcmp(section, "activities") == 0) {
			json_object_set_new(pr, "forms", form_options(r, web_str(row, "form")));
			json_object_set_new(pr, "form_title",
					    json_string(form_title(r, web_str(row, "form")) ?: ""));
			opts = json_array();
			for (codes = report_audiences; *codes; codes++) {
				int on = 0;
				json_t *a;

				json_array_foreach(json_object_get(row, "audience"), k, a)
				{
					on |= json_is_string(a) && strcmp(json_string_value(a), *codes) == 0;
				}
				json_array_append_new(opts, json_pack("{s:s, s:s, s:b}", "code", *codes,
								      "title", report_audience_title(*codes),
								      "checked", on));
			}
			json_object_set_new(pr, "audiences", opts);
			links = json_array();
			json_array_foreach(json_object_get(row, "links"), k, l)
			{
				const char *u = json_is_string(l) ? json_string_value(l) : web_str(l, "url");

				if (u)
					json_array_append_new(links,
							      json_pack("{s:s, s:s}", "url", u, "network",
									web_str(l, "network") ?: ""));
			}
			json_object_set_new(pr, "links", links);
			json_object_set_new(pr, "links_text", json_string(""));
			{
				struct buf b;

				buf_init(&b, 0);
				json_array_foreach(links, k, l)
				{
					if (buf_adds(&b, web_str(l, "url")) < 0 || buf_addc(&b, '\n') < 0)
						break;
				}
				json_object_set_new(pr, "links_text", json_string(b.data));
				buf_release(&b);
			}
			json_object_set_new(pr, "date", json_string(web_str(row, "date") ?: ""));
			json_object_set_new(pr, "date_ru", json_string(web_date_ru(req->arena, web_str(row, "date"))
									     ?: web_str(row, "date") ?: ""));
			json_object_set_new(pr, "title", json_string(web_str(row, "title") ?: ""));
			json_object_set_new(pr, "description",
					    json_string(web_str(row, "description") ?: ""));
			json_object_set_new(pr, "participants",
					    json_string(num_text(req, json_object_get(row, "participants"))));
			json_object_set_new(pr, "reach",
					    json_string(num_text(req, json_object_get(row, "reach"))));
		} else if (strcmp(section, "organizations") == 0) {
			opts = json_array();
			for (codes = report_org_kinds; *codes; codes++)
				json_array_append_new(
					opts, json_pack("{s:s, s:s, s:b}", "code", *codes, "title",
							report_org_kind_title(*codes), "selected",
							web_str(row, "kind") &&
								strcmp(web_str(row, "kind"), *codes) == 0));
			json_object_set_new(pr, "kinds", opts);
			json_object_set_new(
				pr, "kind_title",
				json_string(report_org_kind_title(web_str(row, "kind") ?: "") ?: ""));
			json_object_set_new(pr, "name", json_string(web_str(row, "name") ?: ""));
			json_object_set_new(pr, "inn", json_string(web_str(row, "inn") ?: ""));
			json_object_set_new(pr, "joined", json_string(web_str(row, "joined") ?: ""));
			json_object_set_new(pr, "joined_ru", json_string(web_date_ru(req->arena, web_str(row, "joined"))
									       ?: web_str(row, "joined") ?: ""));
		} else {
			json_object_set_new(pr, "url", json_string(web_str(row, "url") ?: ""));
			json_object_set_new(pr, "network", json_string(web_str(row, "network") ?: ""));
			json_object_set_new(pr, "date", json_string(web_str(row, "date") ?: ""));
			json_object_set_new(pr, "date_ru", json_string(web_date_ru(req->arena, web_str(row, "date"))
									     ?: web_str(row, "date") ?: ""));
			json_object_set_new(pr, "views",
					    json_string(num_text(req, json_object_get(row, "views"))));
			json_object_set_new(pr, "has_hashtag",
					    json_boolean(json_is_true(json_object_get(row, "has_hashtag"))));
			json_object_set_new(
				pr, "has_alliance_link",
				json_boolean(json_is_true(json_object_get(row, "has_alliance_link"))));
		}
		json_array_append_new(out, pr);
	}
	return out;
}

/* Days from now to the due instant, as a Russian phrase. */
static const char *
countdown(struct http_request *req, int64_t due, int64_t now)
{
	int64_t d;

	if (now <= due) {
		d = (due - now) / 86400;
		if (d == 0)
			return "срок сдачи — сегодня";
		return arena_printf(req->arena, "до срока: %lld дн.", (long long)d);
	}
	d = (now - due + 86399) / 86400;
	return arena_printf(req->arena, "срок истёк %lld дн. назад", (long long)d);
}

/* The common part of every report page. */
static json_t *
page_base(struct http_request *req, const struct rep *r, const char *title)
{
	const json_t *period = json_object_get(r->campaign, "period");
	json_t *m;

	m = json_pack("{s:s, s:{s:s, s:s, s:s?, s:s?}, s:{s:s, s:s}, s:s, s:s, s:I, s:b, s:b, s:b, s:s, s:s}",
		      "title", title, "campaign", "slug", r->slug, "title", web_str(r->campaign, "title"),
		      "period_ru",
		      web_period_ru(req->arena, web_str(period, "start"), web_str(period, "end")), "hashtag",
		      json_string_value(json_array_get(json_object_get(r->campaign, "hashtags"), 0)), "unit",
		      "code", r->org, "name", web_str(r->unit, "name"), "status",
		      workflow_status_code(r->status), "status_name", workflow_status_name(r->status),
		      "version", (json_int_t)r->version, "locked", r->locked, "admin", r->is_admin,
		      "editable", !r->is_admin && workflow_editable(r->status) && !r->locked, "due_ru",
		      web_instant_ru(req->arena, r->dl.due, web_str(r->campaign, "time_zone")), "countdown",
		      countdown(req, r->dl.due, web_now()));
	json_object_set_new(m, arena_printf(req->arena, "is_%s", workflow_status_code(r->status)),
			    json_true());
	if (r->report) {
		if (web_str(r->report, "last_comment"))
			json_object_set_new(m, "last_comment",
					    json_string(web_str(r->report, "last_comment")));
		if (json_is_integer(json_object_get(r->report, "submitted_at"))) {
			json_object_set_new(m, "submitted_ru",
					    json_string(web_instant_ru(req->arena,
								       json_integer_value(json_object_get(
									       r->report, "submitted_at")),
								       web_str(r->campaign, "time_zone"))));
			json_object_set_new(m, "late",
					    json_boolean(json_is_true(json_object_get(r->report, "late"))));
		}
		json_object_set_new(
			m, "updated_ru",
			json_string(web_instant_ru(
				req->arena, json_integer_value(json_object_get(r->report, "updated_at")),
				web_str(r->campaign, "time_zone"))));
		json_object_set(m, "updated_by", json_object_get(r->report, "updated_by"));
		if (json_is_integer(json_object_get(r->report, "lock_until")) &&
		    json_integer_value(json_object_get(r->report, "lock_until")) > web_now())
			json_object_set_new(m, "lock_until_ru",
					    json_string(web_instant_ru(req->arena,
								       json_integer_value(json_object_get(
									       r->report, "lock_until")),
								       web_str(r->campaign, "time_zone"))));
	}
	if (r->locked)
		json_object_set_new(m, "lock_ru",
				    json_string(web_instant_ru(req->arena, r->dl.lock,
							       web_str(r->campaign, "time_zone"))));
	return m;
}

/* Fills the page model with the data (as rows for the templates). */
static void
page_data(struct http_request *req, const struct rep *r, json_t *m, const json_t *data)
{
	const json_t *c = json_object_get(data, "contact");
	json_t *acts = page_rows(req, r, data, "activities");

	json_object_set_new(m, "contact",
			    json_pack("{s:s, s:s, s:s, s:s}", "name", web_str(c, "name") ?: "", "position",
				      web_str(c, "position") ?: "", "phone", web_str(c, "phone") ?: "",
				      "email", web_str(c, "email") ?: ""));
	json_object_set_new(m, "n_activities", json_integer((json_int_t)json_array_size(acts)));
	json_object_set_new(m, "activities", acts);
	json_object_set_new(m, "organizations", page_rows(req, r, data, "organizations"));
	json_object_set_new(m, "n_organizations",
			    json_integer((json_int_t)json_array_size(json_object_get(m, "organizations"))));
	json_object_set_new(m, "publications", page_rows(req, r, data, "publications"));
	json_object_set_new(m, "n_publications",
			    json_integer((json_int_t)json_array_size(json_object_get(m, "publications"))));
	json_object_set_new(m, "remarks", json_string(web_str(data, "remarks") ?: ""));
	json_object_set_new(m, "no_activity_reason", json_string(web_str(data, "no_activity_reason") ?: ""));
	/* Empty templates for rows added by the script (svodka.js). */
	json_object_set_new(m, "form_choices", form_options(r, NULL));
	{
		json_t *aud = json_array(), *kinds = json_array();
		const char *const *codes;

		for (codes = report_audiences; *codes; codes++)
			json_array_append_new(aud, json_pack("{s:s, s:s}", "code", *codes, "title",
							     report_audience_title(*codes)));
		for (codes = report_org_kinds; *codes; codes++)
			json_array_append_new(kinds, json_pack("{s:s, s:s}", "code", *codes, "title",
							       report_org_kind_title(*codes)));
		json_object_set_new(m, "audience_choices", aud);
		json_object_set_new(m, "kind_choices", kinds);
	}
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

/*
 * Shows the form with data (typed or stored) and issues; status 200, 409
 * or 422. conflict: the stored report that won, shown beside what was typed.
 */
static void
form_page(struct http_request *req, struct http_response *resp, const struct rep *r, const json_t *data,
	  json_t *issues, int status, const char *notice, const json_t *conflict)
{
	json_t *m = page_base(req, r, arena_printf(req->arena, "Отчёт: %s", web_str(r->unit, "name")));
	json_t *changes, *ch;
	size_t i;

	page_data(req, r, m, data);
	if (issues)
		attach_issues(m, issues);
	if (notice)
		json_object_set_new(m, "notice", json_string(notice));
	if (conflict) {
		changes = web_keep(req, report_diff(json_object_get(conflict, "data"), data));
		json_array_foreach(changes, i, ch)
		{
			const char *label = report_field_label(web_str(ch, "section"), web_str(ch, "field"));
			const char *sect = report_section_label(web_str(ch, "section"));

			json_object_set_new(
				ch, "label",
				json_string(arena_printf(
					req->arena, "%s%s%s%s", sect ? sect : "",
					json_is_integer(json_object_get(ch, "row"))
						? arena_printf(req->arena, " %lld",
							       (long long)json_integer_value(
								       json_object_get(ch, "row")))
						: "",
					sect && label ? ", " : "", label ? label : "")));
		}
		json_object_set_new(
			m, "conflict",
			json_pack("{s:s?, s:s, s:O}", "by", web_str(conflict, "updated_by"), "at",
				  web_instant_ru(req->arena,
						 json_integer_value(json_object_get(conflict, "updated_at")),
						 web_str(r->campaign, "time_zone")),
				  "changes", changes));
	}
	resp->status = status;
	web_no_store(req, resp);
	web_respond(req, resp,
		    r->is_admin || !workflow_editable(r->status) || r->locked ? "report_view" : "report_form",
		    m);
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
			    json_pack("{s:s, s:s, s:I, s:s?}", "status", workflow_status_code(to), "from",
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
				: json_pack("{s:s, s:s, s:s, s:s, s:I, s:o}", "campaign", r->slug, "org_unit",
					    r->org, "org_unit_name", web_str(r->unit, "name"), "status",
					    "not_started", "version", (json_int_t)0, "data", empty_data());
	json_t *m = json_pack("{s:o, s:s, s:s, s:b}", "report", rep, "due",
			      web_instant_ru(req->arena, r->dl.due, web_str(r->campaign, "time_zone")),
			      "status_name", workflow_status_name(r->status), "locked", r->locked);

	if (issues)
		json_object_set(m, "issues", issues);
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
	if (workflow_status_parse(web_str(cur, "status"), &r->status) < 0)
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
		if (workflow_status_parse(web_str(cur, "status"), &fresh.status) < 0)
			fresh.status = WORKFLOW_DRAFT;
	}
	if (req->is_api) {
		err = json_pack(
			"{s:s, s:s, s:O?}", "code", "conflict", "message",
			"Отчёт изменён после того, как вы его открыли: ваши изменения не сохранены. Ниже — "
			"сохранённая версия.",
			"current", fresh.report);
		resp->status = 409;
		web_respond(req, resp, NULL, json_pack("{s:o}", "error", err));
		return;
	}
	if (!workflow_editable(fresh.status)) {
		form_page(
			req, resp, &fresh, stored_data(req, &fresh), issues, 409,
			"Пока вы редактировали, отчёт отправили или он изменил статус. Ваши изменения не сохранены.",
			NULL);
		return;
	}
	form_page(
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
			form_page(req, resp, r, stored_data(req, r), NULL, 409, why, NULL);
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
				if (web_str(it, "level") && strcmp(web_str(it, "level"), "error") == 0) {
					first = it;
					break;
				}
			}
			resp->status = 422;
			web_respond(req, resp, NULL,
				    json_pack("{s:{s:s, s:s, s:s?, s:O}}", "error", "code", "invalid",
					      "message", web_str(first, "message") ?: "Проверьте отчёт.",
					      "field", web_str(first, "path"), "issues", issues));
			return;
		}
		form_page(req, resp, r, clean, issues, 422,
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

	if (load(req, resp, &r) < 0)
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
	form_page(req, resp, &r, stored_data(req, &r), issues, 200, done_notice(req), NULL);
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

	if (load(req, resp, &r) < 0)
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
			typed = form_data(req, sections[i], row);
	}
	if (typed == NULL)
		typed = form_data(req, NULL, 0);
	if (typed == NULL) {
		web_invalid(req, resp, "form", "Поля формы должны быть в кодировке UTF-8.");
		return;
	}
	web_keep(req, typed);
	for (i = 0; i < 3; i++) {
		if (strncmp(action, "add_", 4) == 0 && strcmp(action + 4, sections[i]) == 0) {
			add_row(req, typed, sections[i]);
			if (!workflow_editable(r.status) || r.locked || r.is_admin)
				break;
			form_page(req, resp, &r, typed, NULL, 200, NULL, NULL);
			return;
		}
	}
	if (strncmp(action, "remove_", 7) == 0 && workflow_editable(r.status) && !r.locked && !r.is_admin) {
		form_page(req, resp, &r, typed, NULL, 200, NULL, NULL);
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

	if (load(req, resp, &r) < 0)
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

	if (load(req, resp, &r) < 0)
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

	if (load(req, resp, &r) < 0)
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
			    json_pack("{s:I, s:I}", "days", (json_int_t)days, "until", (json_int_t)until))) !=
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

/*
 * A value of the diff as text: numbers, «да»/«нет», dates as ДД.ММ.ГГГГ,
 * codes as their Russian titles (forms of the campaign, audiences, kinds of
 * organization), lists joined, a whole row summarised.
 */
static const char *
value_text(struct http_request *req, const struct rep *r, const char *field, const json_t *v)
{
	const char *s, *k, *out, *t;
	struct buf b;
	json_t *x;
	size_t i;

	if (v == NULL || json_is_null(v))
		return "";
	if (json_is_string(v)) {
		s = json_string_value(v);
		if (field == NULL)
			return s;
		if (strcmp(field, "form") == 0)
			return form_title(r, s) ?: s;
		if (strcmp(field, "audience") == 0)
			return report_audience_title(s) ?: s;
		if (strcmp(field, "kind") == 0)
			return report_org_kind_title(s) ?: s;
		if (strcmp(field, "date") == 0 || strcmp(field, "joined") == 0)
			return web_date_ru(req->arena, s) ?: s;
		return s;
	}
	if (json_is_integer(v))
		return arena_printf(req->arena, "%lld", (long long)json_integer_value(v));
	if (json_is_boolean(v))
		return json_is_true(v) ? "да" : "нет";
	buf_init(&b, 64 * 1024);
	if (json_is_array(v)) {
		json_array_foreach(v, i, x)
		{
			t = json_is_object(x) ? web_str(x, "url") : value_text(req, r, field, x);
			if (t && *t && ((b.len && buf_adds(&b, ", ") < 0) || buf_adds(&b, t) < 0))
				break;
		}
	} else if (json_is_object(v)) {
		json_object_foreach((json_t *)v, k, x)
		{
			if (strcmp(k, "id") == 0 || strcmp(k, "key") == 0 || strcmp(k, "network") == 0)
				continue;
			t = value_text(req, r, k, x);
			if (*t && ((b.len && buf_adds(&b, "; ") < 0) || buf_adds(&b, t) < 0))
				break;
		}
	}
	out = arena_strdup(req->arena, b.data);
	buf_release(&b);
	return out;
}

/* A history entry's changes against the previous version, labelled in Russian. */
static json_t *
labelled_diff(struct http_request *req, const struct rep *r, const json_t *before, const json_t *after)
{
	json_t *changes = report_diff(before, after), *ch, *out = json_array();
	const char *label, *sect, *change;
	size_t i;

	json_array_foreach(changes, i, ch)
	{
		label = report_field_label(web_str(ch, "section"), web_str(ch, "field"));
		sect = report_section_label(web_str(ch, "section"));
		change = web_str(ch, "change");
		json_array_append_new(
			out,
			json_pack("{s:s, s:s, s:b, s:b, s:b, s:s, s:s}", "where",
				  arena_printf(req->arena, "%s%s%s%s", sect ? sect : "",
					       json_is_integer(json_object_get(ch, "row"))
						       ? arena_printf(req->arena, " %lld",
								      (long long)json_integer_value(
									      json_object_get(ch, "row")))
						       : "",
					       sect && label ? ", " : "",
					       label ? label : (sect ? "" : web_str(ch, "path"))),
				  "change", change ? change : "", "added",
				  change && strcmp(change, "added") == 0, "removed",
				  change && strcmp(change, "removed") == 0, "changed",
				  change && strcmp(change, "changed") == 0, "before",
				  value_text(req, r, web_str(ch, "field"), json_object_get(ch, "before")),
				  "after",
				  value_text(req, r, web_str(ch, "field"), json_object_get(ch, "after"))));
	}
	json_decref(changes);
	return out;
}

/*
 * GET …/history: every save, submission, return, acceptance and reopening,
 * newest first, with who and when and what changed against the version
 * before. 200, 403, 404.
 */
void
reports_history(struct http_request *req, struct http_response *resp)
{
	json_t *entries = NULL, *e, *prev, *m, *items;
	enum workflow_action act;
	enum store_rc rc;
	struct rep r;
	size_t i, n;

	if (load(req, resp, &r) < 0)
		return;
	rc = store_report_history(web_store(), r.slug, r.org, &entries);
	if (rc == STORE_NOTFOUND)
		entries = json_array();
	else if (rc != STORE_OK) {
		web_store_error(req, resp, rc);
		return;
	}
	web_keep(req, entries);
	items = json_array();
	n = json_array_size(entries);
	for (i = 0; i < n; i++) {
		e = json_array_get(entries, i);
		prev = i + 1 < n ? json_object_get(json_array_get(entries, i + 1), "data") : NULL;
		m = json_pack("{s:I, s:s, s:s, s:s, s:s?, s:s?, s:o}", "version",
			      (json_int_t)json_integer_value(json_object_get(e, "version")), "action", web_str(e, "action") ?: "",
			      "action_name",
			      workflow_action_parse(web_str(e, "action"), &act) == 0
				      ? (web_str(e, "action") && strcmp(web_str(e, "action"), "import") == 0
						 ? "загружен из файла"
						 : workflow_action_name(act))
				      : web_str(e, "action") ?: "",
			      "at_ru", web_instant_ru(req->arena, json_integer_value(json_object_get(e, "at")), web_str(r.campaign, "time_zone")),
			      "actor", web_str(e, "actor"), "comment", web_str(e, "comment"), "changes",
			      labelled_diff(req, &r, prev, json_object_get(e, "data")));
		json_object_set_new(m, "at", json_integer(json_integer_value(json_object_get(e, "at"))));
		json_object_set_new(m, "status", json_string(web_str(e, "status") ?: ""));
		json_array_append_new(items, m);
	}
	m = page_base(req, &r, arena_printf(req->arena, "История отчёта: %s", web_str(r.unit, "name")));
	json_object_set_new(m, "entries", items);
	web_no_store(req, resp);
	web_respond(req, resp, "report_history", m);
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
	const char *own = own_unit(req);
	json_t *campaigns = NULL, *c, *doc, *unit = NULL, *rep, *items, *m;
	enum workflow_status status;
	struct deadline dl;
	int32_t off;
	enum store_rc rc;
	size_t i;

	if (web_ctx(req)->role && strcmp(web_ctx(req)->role, "juror") == 0) {
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
	items = json_array();
	json_array_foreach(campaigns, i, c)
	{
		doc = NULL;
		if (store_campaign_get(st, web_str(c, "slug"), &doc) != STORE_OK)
			continue;
		web_keep(req, doc);
		if (unit &&
		    !reporting_must_report(doc, web_str(unit, "code"), web_str(unit, "parent") == NULL))
			continue;
		if (deadline_from_campaign_zone(doc, tz_offset, &dl, &off) < 0)
			continue;
		m = json_pack("{s:s, s:s, s:s?, s:s, s:s}", "slug", web_str(c, "slug"), "title",
			      web_str(c, "title"), "period_ru",
			      web_period_ru(req->arena, web_str(c, "starts"), web_str(c, "ends")), "due_ru",
			      web_instant_ru(req->arena, dl.due, web_str(doc, "time_zone")), "countdown",
			      countdown(req, dl.due, web_now()));
		if (unit) {
			rep = NULL;
			status = WORKFLOW_NOT_STARTED;
			if (store_report_get(st, web_str(c, "slug"), own, &rep) == STORE_OK) {
				web_keep(req, rep);
				if (workflow_status_parse(web_str(rep, "status"), &status) < 0)
					status = WORKFLOW_DRAFT;
				if (web_str(rep, "last_comment") && status == WORKFLOW_RETURNED)
					json_object_set_new(m, "last_comment",
							    json_string(web_str(rep, "last_comment")));
			}
			json_object_set_new(m, "org", json_string(own));
			json_object_set_new(m, "status", json_string(workflow_status_code(status)));
			json_object_set_new(m, "status_name", json_string(workflow_status_name(status)));
			json_object_set_new(m, "editable", json_boolean(workflow_editable(status)));
		}
		json_array_append_new(items, m);
	}
	m = json_pack("{s:s, s:o, s:b, s:b, s:b}", "title", "Мои отчёты", "campaigns", items, "coordinator",
		      unit != NULL, "admin", is_admin(req), "empty", json_array_size(items) == 0);
	if (unit)
		json_object_set_new(m, "unit",
				    json_pack("{s:s, s:s}", "code", own, "name", web_str(unit, "name")));
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
	rows = json_array();
	json_array_foreach(units, i, u)
	{
		if (!reporting_must_report(doc, web_str(u, "code"), web_str(u, "parent") == NULL))
			continue;
		rep = NULL;
		json_array_foreach(reports, k, row)
		{
			if (web_str(row, "org_unit") &&
			    strcmp(web_str(row, "org_unit"), web_str(u, "code")) == 0) {
				rep = row;
				break;
			}
		}
		status = WORKFLOW_NOT_STARTED;
		if (rep && workflow_status_parse(web_str(rep, "status"), &status) < 0)
			status = WORKFLOW_DRAFT;
		counts[status]++;
		row = json_pack("{s:s, s:s, s:s, s:s}", "code", web_str(u, "code"), "name",
				web_str(u, "name"), "status", workflow_status_code(status), "status_name",
				workflow_status_name(status));
		json_object_set_new(row, arena_printf(req->arena, "is_%s", workflow_status_code(status)),
				    json_true());
		if (rep) {
			json_object_set(row, "version", json_object_get(rep, "version"));
			json_object_set(row, "totals", json_object_get(rep, "totals"));
			json_object_set(row, "last_comment", json_object_get(rep, "last_comment"));
			if (json_is_integer(json_object_get(rep, "submitted_at"))) {
				json_object_set(row, "submitted_at", json_object_get(rep, "submitted_at"));
				json_object_set_new(
					row, "submitted_ru",
					json_string(web_instant_ru(
						req->arena,
						json_integer_value(json_object_get(rep, "submitted_at")),
						web_str(doc, "time_zone"))));
				json_object_set(row, "late", json_object_get(rep, "late"));
				late += json_is_true(json_object_get(rep, "late"));
			}
		}
		json_array_append_new(rows, row);
	}
	m = json_pack("{s:s, s:{s:s, s:s, s:s}, s:o, s:{s:i, s:i, s:i, s:i, s:i, s:i, s:I}}", "title",
		      arena_printf(req->arena, "Отчёты: %s", web_str(doc, "title")), "campaign", "slug", slug,
		      "title", web_str(doc, "title"), "due_ru",
		      web_instant_ru(req->arena, dl.due, web_str(doc, "time_zone")), "reports", rows,
		      "counts", "not_started", counts[WORKFLOW_NOT_STARTED], "draft", counts[WORKFLOW_DRAFT],
		      "submitted", counts[WORKFLOW_SUBMITTED], "returned", counts[WORKFLOW_RETURNED],
		      "accepted", counts[WORKFLOW_ACCEPTED], "late", late, "expected",
		      (json_int_t)json_array_size(rows));
	web_no_store(req, resp);
	web_respond(req, resp, "admin_reports", m);
}
