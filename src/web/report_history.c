/*
 * report_history: GET …/reports/{org}/history, every save, submission,
 * return, acceptance and reopening of a report, newest first, with what
 * changed against the version before, the values written as a person reads
 * them (dates, titles of codes, «да»/«нет»).
 */
#include <string.h>

#include "domain/report.h"
#include "domain/workflow.h"
#include "util/jsonx.h"
#include "web/reports_int.h"
#include "web/web.h"

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
			return reports_form_title(r, s) ?: s;
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
			t = json_is_object(x) ? jx_get_str(x, "url") : value_text(req, r, field, x);
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
	json_t *changes = report_diff(before, after), *ch, *out = jx_arr();
	const char *label, *sect, *change;
	size_t i;

	json_array_foreach(changes, i, ch)
	{
		label = report_field_label(jx_get_str(ch, "section"), jx_get_str(ch, "field"));
		sect = report_section_label(jx_get_str(ch, "section"));
		change = jx_get_str(ch, "change");
		jx_append(
			out,
			web_pack("{s:s, s:s, s:b, s:b, s:b, s:s, s:s}", "where",
				 arena_printf(req->arena, "%s%s%s%s", sect ? sect : "",
					      json_is_integer(json_object_get(ch, "row"))
						      ? arena_printf(req->arena, " %lld",
								     (long long)json_integer_value(
									     json_object_get(ch, "row")))
						      : "",
					      sect && label ? ", " : "",
					      label ? label : (sect ? "" : jx_get_str(ch, "path"))),
				 "change", change ? change : "", "added",
				 change && strcmp(change, "added") == 0, "removed",
				 change && strcmp(change, "removed") == 0, "changed",
				 change && strcmp(change, "changed") == 0, "before",
				 value_text(req, r, jx_get_str(ch, "field"), json_object_get(ch, "before")),
				 "after",
				 value_text(req, r, jx_get_str(ch, "field"), json_object_get(ch, "after"))));
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

	if (reports_load(req, resp, &r) < 0)
		return;
	rc = store_report_history(web_store(), r.slug, r.org, &entries);
	if (rc == STORE_NOTFOUND)
		entries = jx_arr();
	else if (rc != STORE_OK) {
		web_store_error(req, resp, rc);
		return;
	}
	web_keep(req, entries);
	items = jx_arr();
	n = json_array_size(entries);
	for (i = 0; i < n; i++) {
		e = json_array_get(entries, i);
		prev = i + 1 < n ? json_object_get(json_array_get(entries, i + 1), "data") : NULL;
		m = web_pack("{s:I, s:s, s:s, s:s, s:s?, s:s?, s:o}", "version",
			      (json_int_t)json_integer_value(json_object_get(e, "version")), "action", jx_get_str(e, "action") ?: "",
			      "action_name",
			      workflow_action_parse(jx_get_str(e, "action"), &act) == 0
				      ? (jx_get_str(e, "action") && strcmp(jx_get_str(e, "action"), "import") == 0
						 ? "загружен из файла"
						 : workflow_action_name(act))
				      : jx_get_str(e, "action") ?: "",
			      "at_ru", web_instant_ru(req->arena, json_integer_value(json_object_get(e, "at")), jx_get_str(r.campaign, "time_zone")),
			      "actor", jx_get_str(e, "actor"), "comment", jx_get_str(e, "comment"), "changes",
			      labelled_diff(req, &r, prev, json_object_get(e, "data")));
		jx_set(m, "at", jx_int(json_integer_value(json_object_get(e, "at"))));
		jx_set(m, "status", jx_str(jx_get_str(e, "status") ?: ""));
		jx_append(items, m);
	}
	m = reports_page_base(req, &r,
			      arena_printf(req->arena, "История отчёта: %s", jx_get_str(r.unit, "name")));
	if (m)
		jx_set(m, "entries", items);
	else
		json_decref(items); /* web_pack logged why; web_respond answers 500 */
	web_no_store(req, resp);
	web_respond(req, resp, "report_history", m);
}
