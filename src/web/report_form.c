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
#include "util/jsonx.h"
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

/* Appends text as typed to arr; text that is not UTF-8 (jansson refuses it) is left out. */
static void
append_typed(json_t *arr, json_t *text)
{
	if (text)
		jx_append(arr, text);
}

/*
 * Sets obj[key] to the text s as typed. Text that is not UTF-8 (jansson
 * refuses it) is left out and sets *bad.
 */
static void
set_typed(json_t *obj, const char *key, const char *s, int *bad)
{
	json_t *v = json_string(s);

	if (v == NULL) {
		*bad = 1;
		return;
	}
	jx_set(obj, key, v);
}

/* Sets row[name] for each of names (NULL-ended) to the field "<prefix><i>_<name>" as typed. */
static void
set_fields(struct http_request *req, json_t *row, const char *prefix, size_t i, const char *const *names,
	   int *bad)
{
	for (; *names; names++)
		set_typed(row, *names, field(req, prefix, i, *names), bad);
}

/* Every value of a repeated field (checkboxes) as a JSON array of strings. */
static json_t *
field_all(struct http_request *req, const char *name)
{
	json_t *arr = jx_arr();
	size_t k;

	for (k = 0; k < req->form.n; k++)
		if (strcmp(req->form.v[k].name, name) == 0)
			append_typed(arr, json_string(req->form.v[k].value));
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
	json_t *arr = jx_arr();
	const char *p = text, *q;

	while (*p) {
		while (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n' || *p == ',')
			p++;
		for (q = p; *q && *q != ' ' && *q != '\t' && *q != '\r' && *q != '\n'; q++)
			;
		if (q > p)
			append_typed(arr, json_stringn(p, (size_t)(q - p)));
		p = q;
	}
	return arr;
}

/* Row i of the activities as typed ("a<i>_…"). */
static void
read_activity(struct http_request *req, json_t *row, size_t i, int *bad)
{
	set_fields(req, row, "a", i,
		   (const char *const[]){"id", "form", "date", "title", "description", NULL}, bad);
	jx_set(row, "audience", field_all(req, arena_printf(req->arena, "a%zu_audience", i)));
	set_fields(req, row, "a", i, (const char *const[]){"participants", "reach", NULL}, bad);
	jx_set(row, "links", split_links(field(req, "a", i, "links")));
}

/* Row i of the organizations as typed ("o<i>_…"). */
static void
read_organization(struct http_request *req, json_t *row, size_t i, int *bad)
{
	set_fields(req, row, "o", i, (const char *const[]){"id", "name", "kind", "inn", "joined", NULL}, bad);
}

/* Row i of the publications as typed ("p<i>_…"); a checkbox is true when sent. */
static void
read_publication(struct http_request *req, json_t *row, size_t i, int *bad)
{
	set_fields(req, row, "p", i, (const char *const[]){"id", "url", "date", "views", NULL}, bad);
	jx_set(row, "has_hashtag", jx_bool(*field(req, "p", i, "has_hashtag") != '\0'));
	jx_set(row, "has_alliance_link", jx_bool(*field(req, "p", i, "has_alliance_link") != '\0'));
}

/*
 * Sets d[section] to the rows of the section the form counts ("n_<section>"),
 * each read by read, in form order; the row skip_row is left out when
 * skip_section names this section.
 */
static void
read_section(struct http_request *req, json_t *d, const char *section, const char *skip_section,
	     size_t skip_row, void (*read)(struct http_request *, json_t *, size_t, int *), int *bad)
{
	json_t *rows = jx_arr(), *row;
	size_t i, n = field_count(req, section);

	for (i = 0; i < n; i++) {
		if (skip_section && strcmp(skip_section, section) == 0 && i == skip_row)
			continue;
		row = jx_obj();
		read(req, row, i, bad);
		jx_append(rows, row);
	}
	jx_set(d, section, rows);
}

/*
 * The report model from the posted form, strings as typed (rows in form
 * order; the row named by skip_section/skip_row left out). NULL when a
 * field is not UTF-8 (jansson refuses such strings).
 */
json_t *
reports_form_data(struct http_request *req, const char *skip_section, size_t skip_row)
{
	json_t *d = jx_obj(), *contact = jx_obj();
	int bad = 0;

	set_typed(contact, "name", web_input(req, "contact_name") ?: "", &bad);
	set_typed(contact, "position", web_input(req, "contact_position") ?: "", &bad);
	set_typed(contact, "phone", web_input(req, "contact_phone") ?: "", &bad);
	set_typed(contact, "email", web_input(req, "contact_email") ?: "", &bad);
	jx_set(d, "contact", contact);
	read_section(req, d, "activities", skip_section, skip_row, read_activity, &bad);
	read_section(req, d, "organizations", skip_section, skip_row, read_organization, &bad);
	read_section(req, d, "publications", skip_section, skip_row, read_publication, &bad);
	set_typed(d, "remarks", web_input(req, "remarks") ?: "", &bad);
	set_typed(d, "no_activity_reason", web_input(req, "no_activity_reason") ?: "", &bad);
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

	if (!json_is_array(rows) || json_array_size(rows) >= section_max(section))
		return;
	if (strcmp(section, "activities") == 0)
		row = web_pack("{s:s, s:s, s:s, s:s, s:s, s:[], s:s, s:s, s:[]}", "id", new_row_id(req),
			       "form", "", "date", "", "title", "", "description", "", "audience",
			       "participants", "", "reach", "", "links");
	else if (strcmp(section, "organizations") == 0)
		row = web_pack("{s:s, s:s, s:s, s:s, s:s}", "id", new_row_id(req), "name", "", "kind", "",
			       "inn", "", "joined", "");
	else
		row = web_pack("{s:s, s:s, s:s, s:s, s:b, s:b}", "id", new_row_id(req), "url", "", "date", "",
			       "views", "", "has_hashtag", 0, "has_alliance_link", 0);
	jx_append(rows, row);
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
	json_t *it, *target, *bag, *list = jx_arr();
	const char *section, *fld, *level;
	size_t i;
	int errors = 0, warnings = 0;

	json_array_foreach(issues, i, it)
	{
		section = jx_get_str(it, "section");
		fld = jx_get_str(it, "field");
		level = jx_get_str(it, "level");
		if (level && strcmp(level, "error") == 0)
			errors++;
		else
			warnings++;
		jx_append(list, web_pack("{s:s, s:b}", "message", jx_get_str(it, "message") ?: "", "error",
					 level && strcmp(level, "error") == 0));
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
			bag = jx_obj();
			jx_set(target, level && strcmp(level, "error") == 0 ? "err" : "warn", bag);
		}
		if (json_object_get(bag, fld) == NULL)
			jx_set(bag, fld, jx_str(jx_get_str(it, "message") ?: ""));
	}
	jx_set(page, "issues", list);
	jx_set(page, "n_errors", jx_int(errors));
	jx_set(page, "n_warnings", jx_int(warnings));
}

/* Form options of the campaign's forms of activity, current one selected. */
static json_t *
form_options(const struct rep *r, const char *current)
{
	json_t *opts = jx_arr(), *f, *o;
	size_t i;

	json_array_foreach(json_object_get(r->campaign, "forms"), i, f)
	{
		int sel = current && jx_get_str(f, "code") && strcmp(current, jx_get_str(f, "code")) == 0;

		if (json_is_true(json_object_get(f, "retired")) && !sel)
			continue;
		/* A form without code or title is left out (web_pack says so in the log). */
		o = web_pack("{s:s, s:s, s:I, s:b}", "code", jx_get_str(f, "code"), "title",
			     jx_get_str(f, "title"), "n", (json_int_t)i + 1, "selected", sel);
		if (o)
			jx_append(opts, o);
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
		if (code && jx_get_str(f, "code") && strcmp(code, jx_get_str(f, "code")) == 0)
			return jx_get_str(f, "title");
	}
	return code;
}

/* The rows of a section in the shape the templates use, numbered from 1. */
static json_t *
page_rows(struct http_request *req, const struct rep *r, const json_t *data, const char *section)
{
	json_t *out = jx_arr(), *row, *pr, *opts, *links, *l;
	const char *const *codes;
	size_t i, k;

	json_array_foreach(json_object_get(data, section), i, row)
	{
		pr = web_pack("{s:I, s:I, s:s}", "n", (json_int_t)i + 1, "i", (json_int_t)i, "id",
			      jx_get_str(row, "id") && *jx_get_str(row, "id") ? jx_get_str(row, "id")
									      : new_row_id(req));
		if (strcmp(section, "activities") == 0) {
			jx_set(pr, "forms", form_options(r, jx_get_str(row, "form")));
			jx_set(pr, "form_title",
			       jx_str(reports_form_title(r, jx_get_str(row, "form")) ?: ""));
			opts = jx_arr();
			for (codes = report_audiences; *codes; codes++) {
				int on = 0;
				json_t *a;

				json_array_foreach(json_object_get(row, "audience"), k, a)
				{
					on |= json_is_string(a) && strcmp(json_string_value(a), *codes) == 0;
				}
				jx_append(opts, web_pack("{s:s, s:s, s:b}", "code", *codes, "title",
							 report_audience_title(*codes), "checked", on));
			}
			jx_set(pr, "audiences", opts);
			links = jx_arr();
			json_array_foreach(json_object_get(row, "links"), k, l)
			{
				const char *u =
					json_is_string(l) ? json_string_value(l) : jx_get_str(l, "url");

				if (u)
					jx_append(links, web_pack("{s:s, s:s}", "url", u, "network",
								  jx_get_str(l, "network") ?: ""));
			}
			jx_set(pr, "links", links);
			{
				struct buf b;

				buf_init(&b, 0);
				json_array_foreach(links, k, l)
				{
					if (buf_adds(&b, jx_get_str(l, "url")) < 0 || buf_addc(&b, '\n') < 0)
						break;
				}
				jx_set(pr, "links_text", jx_str(b.data));
				buf_release(&b);
			}
			jx_set(pr, "date", jx_str(jx_get_str(row, "date") ?: ""));
			jx_set(pr, "date_ru", jx_str(web_date_ru(req->arena, jx_get_str(row, "date"))
									     ?: jx_get_str(row, "date") ?: ""));
			jx_set(pr, "title", jx_str(jx_get_str(row, "title") ?: ""));
			jx_set(pr, "description", jx_str(jx_get_str(row, "description") ?: ""));
			jx_set(pr, "participants",
			       jx_str(num_text(req, json_object_get(row, "participants"))));
			jx_set(pr, "reach", jx_str(num_text(req, json_object_get(row, "reach"))));
		} else if (strcmp(section, "organizations") == 0) {
			opts = jx_arr();
			for (codes = report_org_kinds; *codes; codes++)
				jx_append(opts,
					  web_pack("{s:s, s:s, s:b}", "code", *codes, "title",
						   report_org_kind_title(*codes), "selected",
						   jx_get_str(row, "kind") &&
							   strcmp(jx_get_str(row, "kind"), *codes) == 0));
			jx_set(pr, "kinds", opts);
			jx_set(pr, "kind_title",
			       jx_str(report_org_kind_title(jx_get_str(row, "kind") ?: "") ?: ""));
			jx_set(pr, "name", jx_str(jx_get_str(row, "name") ?: ""));
			jx_set(pr, "inn", jx_str(jx_get_str(row, "inn") ?: ""));
			jx_set(pr, "joined", jx_str(jx_get_str(row, "joined") ?: ""));
			jx_set(pr, "joined_ru", jx_str(web_date_ru(req->arena, jx_get_str(row, "joined"))
									       ?: jx_get_str(row, "joined") ?: ""));
		} else {
			jx_set(pr, "url", jx_str(jx_get_str(row, "url") ?: ""));
			jx_set(pr, "network", jx_str(jx_get_str(row, "network") ?: ""));
			jx_set(pr, "date", jx_str(jx_get_str(row, "date") ?: ""));
			jx_set(pr, "date_ru", jx_str(web_date_ru(req->arena, jx_get_str(row, "date"))
									     ?: jx_get_str(row, "date") ?: ""));
			jx_set(pr, "views", jx_str(num_text(req, json_object_get(row, "views"))));
			jx_set(pr, "has_hashtag", jx_bool(json_is_true(json_object_get(row, "has_hashtag"))));
			jx_set(pr, "has_alliance_link",
			       jx_bool(json_is_true(json_object_get(row, "has_alliance_link"))));
		}
		jx_append(out, pr);
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

	m = web_pack("{s:s, s:{s:s, s:s, s:s?, s:s?}, s:{s:s, s:s}, s:s, s:s, s:I, s:b, s:b, s:b, s:s, s:s}",
		     "title", title, "campaign", "slug", r->slug, "title", jx_get_str(r->campaign, "title"),
		     "period_ru",
		     web_period_ru(req->arena, jx_get_str(period, "start"), jx_get_str(period, "end")),
		     "hashtag",
		     json_string_value(json_array_get(json_object_get(r->campaign, "hashtags"), 0)), "unit",
		     "code", r->org, "name", jx_get_str(r->unit, "name"), "status",
		     workflow_status_code(r->status), "status_name", workflow_status_name(r->status),
		     "version", (json_int_t)r->version, "locked", r->locked, "admin", r->is_admin, "editable",
		     !r->is_admin && workflow_editable(r->status) && !r->locked, "due_ru",
		     web_instant_ru(req->arena, r->dl.due, jx_get_str(r->campaign, "time_zone")), "countdown",
		     reports_countdown(req, r->dl.due, web_now()));
	if (m == NULL)
		return NULL;
	jx_set(m, arena_printf(req->arena, "is_%s", workflow_status_code(r->status)), json_true());
	if (r->report) {
		if (jx_get_str(r->report, "last_comment"))
			jx_set(m, "last_comment", jx_str(jx_get_str(r->report, "last_comment")));
		if (json_is_integer(json_object_get(r->report, "submitted_at"))) {
			jx_set(m, "submitted_ru",
			       jx_str(web_instant_ru(
				       req->arena,
				       json_integer_value(json_object_get(r->report, "submitted_at")),
				       jx_get_str(r->campaign, "time_zone"))));
			jx_set(m, "late", jx_bool(json_is_true(json_object_get(r->report, "late"))));
		}
		jx_set(m, "updated_ru",
		       jx_str(web_instant_ru(req->arena,
					     json_integer_value(json_object_get(r->report, "updated_at")),
					     jx_get_str(r->campaign, "time_zone"))));
		if (json_object_get(r->report, "updated_by"))
			jx_set(m, "updated_by", json_incref(json_object_get(r->report, "updated_by")));
		if (json_is_integer(json_object_get(r->report, "lock_until")) &&
		    json_integer_value(json_object_get(r->report, "lock_until")) > web_now())
			jx_set(m, "lock_until_ru",
			       jx_str(web_instant_ru(
				       req->arena,
				       json_integer_value(json_object_get(r->report, "lock_until")),
				       jx_get_str(r->campaign, "time_zone"))));
	}
	if (r->locked)
		jx_set(m, "lock_ru",
		       jx_str(web_instant_ru(req->arena, r->dl.lock, jx_get_str(r->campaign, "time_zone"))));
	return m;
}

/* Fills the page model with the data (as rows for the templates). */
static void
page_data(struct http_request *req, const struct rep *r, json_t *m, const json_t *data)
{
	const json_t *c = json_object_get(data, "contact");
	json_t *acts = page_rows(req, r, data, "activities");

	jx_set(m, "contact",
	       web_pack("{s:s, s:s, s:s, s:s}", "name", jx_get_str(c, "name") ?: "", "position",
			jx_get_str(c, "position") ?: "", "phone", jx_get_str(c, "phone") ?: "", "email",
			jx_get_str(c, "email") ?: ""));
	jx_set(m, "n_activities", jx_int((json_int_t)json_array_size(acts)));
	jx_set(m, "activities", acts);
	jx_set(m, "organizations", page_rows(req, r, data, "organizations"));
	jx_set(m, "n_organizations",
	       jx_int((json_int_t)json_array_size(json_object_get(m, "organizations"))));
	jx_set(m, "publications", page_rows(req, r, data, "publications"));
	jx_set(m, "n_publications", jx_int((json_int_t)json_array_size(json_object_get(m, "publications"))));
	jx_set(m, "remarks", jx_str(jx_get_str(data, "remarks") ?: ""));
	jx_set(m, "no_activity_reason", jx_str(jx_get_str(data, "no_activity_reason") ?: ""));
	/* Empty templates for rows added by the script (svodka.js). */
	jx_set(m, "form_choices", form_options(r, NULL));
	{
		json_t *aud = jx_arr(), *kinds = jx_arr();
		const char *const *codes;

		for (codes = report_audiences; *codes; codes++)
			jx_append(aud, web_pack("{s:s, s:s}", "code", *codes, "title",
						report_audience_title(*codes)));
		for (codes = report_org_kinds; *codes; codes++)
			jx_append(kinds, web_pack("{s:s, s:s}", "code", *codes, "title",
						  report_org_kind_title(*codes)));
		jx_set(m, "audience_choices", aud);
		jx_set(m, "kind_choices", kinds);
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
		reports_page_base(req, r, arena_printf(req->arena, "Отчёт: %s", jx_get_str(r->unit, "name")));
	json_t *changes, *ch;
	size_t i;

	if (m == NULL) {
		/* web_pack logged why; web_respond answers 500. */
		web_respond(req, resp, NULL, NULL);
		return;
	}
	page_data(req, r, m, data);
	if (issues)
		attach_issues(m, issues);
	if (notice)
		jx_set(m, "notice", jx_str(notice));
	if (conflict) {
		changes = web_keep(req, report_diff(json_object_get(conflict, "data"), data));
		json_array_foreach(changes, i, ch)
		{
			const char *label =
				report_field_label(jx_get_str(ch, "section"), jx_get_str(ch, "field"));
			const char *sect = report_section_label(jx_get_str(ch, "section"));

			jx_set(ch, "label",
			       jx_str(arena_printf(req->arena, "%s%s%s%s", sect ? sect : "",
						   json_is_integer(json_object_get(ch, "row"))
							   ? arena_printf(req->arena, " %lld",
									  (long long)json_integer_value(
										  json_object_get(ch, "row")))
							   : "",
						   sect && label ? ", " : "", label ? label : "")));
		}
		jx_set(m, "conflict",
		       web_pack("{s:s?, s:s, s:O}", "by", jx_get_str(conflict, "updated_by"), "at",
				web_instant_ru(req->arena,
					       json_integer_value(json_object_get(conflict, "updated_at")),
					       jx_get_str(r->campaign, "time_zone")),
				"changes", changes));
	}
	resp->status = status;
	web_no_store(req, resp);
	web_respond(req, resp,
		    r->is_admin || !workflow_editable(r->status) || r->locked ? "report_view" : "report_form",
		    m);
}
