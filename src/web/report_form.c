/*
 * report_form: the coordinator's report form both ways. Reading: the posted
 * fields (contact, rows of activities, organizations and publications by
 * index, checkboxes, a textarea of links) into the report model, strings as
 * typed, and the buttons that add or remove a row. Drawing: the page model
 * of the form and of the read-only report (rows numbered for the templates,
 * choices of the campaign's forms, audiences and kinds, issues attached to
 * their fields, the conflict box), rendered as report_form or report_view.
 * The handlers that call it are in reports.c.
 */
#include <sodium.h>
#include <string.h>

#include "domain/report.h"
#include "domain/workflow.h"
#include "util/num.h"
#include "web/reports_int.h"
#include "web/web.h"

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
json_t *
reports_form_data(struct http_request *req, const char *skip_section, size_t skip_row)
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
void
reports_add_row(struct http_request *req, json_t *data, const char *section)
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

const char *
reports_form_title(const struct rep *r, const char *code)
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
					    json_string(reports_form_title(r, web_str(row, "form")) ?: ""));
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
const char *
reports_countdown(struct http_request *req, int64_t due, int64_t now)
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
json_t *
reports_page_base(struct http_request *req, const struct rep *r, const char *title)
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
		      reports_countdown(req, r->dl.due, web_now()));
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

/*
 * Shows the form with data (typed or stored) and issues; status 200, 409
 * or 422. conflict: the stored report that won, shown beside what was typed.
 */
void
reports_form_page(struct http_request *req, struct http_response *resp, const struct rep *r,
		  const json_t *data, json_t *issues, int status, const char *notice, const json_t *conflict)
{
	json_t *m =
		reports_page_base(req, r, arena_printf(req->arena, "Отчёт: %s", web_str(r->unit, "name")));
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
