/*
 * campaign_form: the campaign edit page. The page form is flat (one field
 * per value, numbered rows for links, forms of activity and video hosts, a
 * checkbox per municipality); here it is read from a posted request or
 * filled from a campaign document (the form state: strings as typed),
 * turned into the campaign document that domain/campaign.c validates
 * (a date or number that is none is an error of the form), and rendered
 * with each error beside its field: the validator's JSON path
 * ("links[2].url") is mapped back to the form field and row it came from.
 * The handlers that save are in campaigns.c.
 */
#include "web/campaign_form.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "domain/campaign.h"
#include "domain/text.h"
#include "util/civil.h"
#include "util/num.h"
#include "web/web.h"

/* Common IANA zones of Russia, offered in the time zone field. */
static const char *const zones[] = {
	"Asia/Vladivostok", "Asia/Sakhalin",    "Asia/Magadan",       "Asia/Srednekolymsk",
	"Asia/Kamchatka",   "Asia/Yakutsk",     "Asia/Chita",         "Asia/Irkutsk",
	"Asia/Krasnoyarsk", "Asia/Novosibirsk", "Asia/Omsk",          "Asia/Yekaterinburg",
	"Europe/Samara",    "Europe/Moscow",    "Europe/Kaliningrad", "UTC",
};

/* The string member key of o, or "". */
const char *
campaign_form_str(const json_t *o, const char *key)
{
	const char *s = json_string_value(json_object_get(o, key));

	return s ? s : "";
}

/* s without leading and trailing blanks, in the arena. */
static const char *
trimmed(struct arena *a, const char *s)
{
	size_t n;

	while (*s == ' ' || *s == '\t' || *s == '\r' || *s == '\n')
		s++;
	n = strlen(s);
	while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r' || s[n - 1] == '\n'))
		n--;
	return arena_strndup(a, s, n);
}

/* ДД.ММ.ГГГГ of an ISO date, or the text as it is ("" for NULL). */
const char *
campaign_form_date_ru(struct http_request *req, const char *iso)
{
	const char *ru = web_date_ru(req->arena, iso);

	return ru ? ru : iso ? iso : "";
}

/* ---- the form state ---- */

/* Text form fields, as typed; names are those of the edit page. */
static const char *const scalar_fields[] = {
	"slug",
	"title",
	"summary",
	"period_start",
	"period_end",
	"time_zone",
	"report_due",
	"report_due_time",
	"lock_after_days",
	"grace_days",
	"hashtags",
	"principles",
	"version",
	"from",
	"contest_title",
	"contest_rules",
	"contest_hashtags",
	"contest_entries_from",
	"contest_entries_until",
	"contest_age_min",
	"contest_age_max",
	"contest_prize",
	"contest_organiser",
	"contest_more",
	"remind_days",
	NULL,
};

/*
 * The contest's keys the form has fields for; the rest of the block
 * (nominations, criteria, consents, the settings, prizes) is edited as
 * one JSON object, "contest_more".
 */
static const char *const contest_form_keys[] = {
	"title",   "rules", "hashtags",  "entries_from", "entries_until", "video_hosts", "age_min",
	"age_max", "prize", "organiser", NULL,
};

static int
contest_form_key(const char *key)
{
	for (size_t i = 0; contest_form_keys[i]; i++)
		if (strcmp(contest_form_keys[i], key) == 0)
			return 1;
	return 0;
}

/* The lines of a JSON array of strings, joined by "\n", in the arena. */
static const char *
lines_join(struct http_request *req, const json_t *a, const char *sep)
{
	struct buf b;
	json_t *s;
	size_t i;
	const char *out;

	buf_init(&b, BUF_MAX_DEFAULT);
	json_array_foreach(a, i, s)
	{
		if ((i > 0 && buf_adds(&b, sep) < 0) || buf_adds(&b, json_string_value(s) ?: "") < 0)
			abort(); /* a validated document is far below the limit */
	}
	out = arena_strdup(req->arena, b.data);
	buf_release(&b);
	return out;
}

/* The integers of a JSON array as «3, 1», in the arena; "" for none. */
static const char *
ints_join(struct http_request *req, const json_t *a)
{
	const char *out = "";
	json_t *v;
	size_t i;

	json_array_foreach(a, i, v)
	{
		out = arena_printf(req->arena, "%s%s%lld", out, i > 0 ? ", " : "",
				   (long long)json_integer_value(v));
	}
	return out;
}

/* Rows to show: what there is plus `spare` empty ones, at least `min`. */
static size_t
rows_for(size_t n, size_t spare, size_t min)
{
	n += spare;
	if (n < min)
		n = min;
	return n > CAMPAIGN_FORM_ROWS_MAX ? CAMPAIGN_FORM_ROWS_MAX : n;
}

/*
 * The form state of a (validated) document. copy: for a duplicate, the
 * slug and dates are left empty and every form code stays editable.
 */
json_t *
campaign_form_of_doc(struct http_request *req, const json_t *doc, int copy)
{
	const json_t *period = json_object_get(doc, "period"), *contest = json_object_get(doc, "contest");
	json_t *f = jx_obj(), *rows, *it;
	size_t i;

	jx_set(f, "slug", jx_str(copy ? "" : campaign_form_str(doc, "slug")));
	jx_set(f, "title", jx_str(campaign_form_str(doc, "title")));
	jx_set(f, "summary", jx_str(campaign_form_str(doc, "summary")));
	jx_set(f, "period_start", jx_str(copy ? "" : campaign_form_str(period, "start")));
	jx_set(f, "period_end", jx_str(copy ? "" : campaign_form_str(period, "end")));
	jx_set(f, "time_zone", jx_str(campaign_form_str(doc, "time_zone")));
	jx_set(f, "report_due", jx_str(copy ? "" : campaign_form_str(doc, "report_due")));
	jx_set(f, "report_due_time", jx_str(campaign_form_str(doc, "report_due_time")));
	jx_set(f, "lock_after_days",
	       jx_str(arena_printf(req->arena, "%lld",
				   (long long)json_integer_value(json_object_get(doc, "lock_after_days")))));
	jx_set(f, "grace_days",
	       jx_str(arena_printf(req->arena, "%lld",
				   (long long)json_integer_value(json_object_get(doc, "grace_days")))));
	jx_set(f, "hashtags", jx_str(lines_join(req, json_object_get(doc, "hashtags"), "\n")));
	jx_set(f, "principles", jx_str(lines_join(req, json_object_get(doc, "principles"), "\n")));
	jx_set(f, "version", jx_int(copy ? 0 : json_integer_value(json_object_get(doc, "version"))));
	/* Reminders are relative to the due date, so a duplicate keeps them as they are. */
	jx_set(f, "remind_days",
	       jx_str(ints_join(req, json_object_get(json_object_get(doc, "reminders"), "days_before"))));
	jx_set(f, "remind_after_due",
	       jx_bool(json_is_true(json_object_get(json_object_get(doc, "reminders"), "after_due"))));

	rows = jx_arr();
	json_array_foreach(json_object_get(doc, "links"), i, it)
	{
		jx_append(rows, web_pack("{s:s, s:s}", "title", campaign_form_str(it, "title"), "url",
					 campaign_form_str(it, "url")));
	}
	jx_set(f, "links", rows);
	jx_set(f, "link_rows", jx_int((json_int_t)rows_for(json_array_size(rows), 2, 3)));

	rows = jx_arr();
	json_array_foreach(json_object_get(doc, "forms"), i, it)
	{
		jx_append(rows, web_pack("{s:s, s:s, s:b, s:b}", "code", campaign_form_str(it, "code"),
					 "title", campaign_form_str(it, "title"), "retired",
					 json_is_true(json_object_get(it, "retired")), "existing", !copy));
	}
	jx_set(f, "forms", rows);
	jx_set(f, "form_rows", jx_int((json_int_t)rows_for(json_array_size(rows), 2, 3)));

	/* An empty list means every municipality: all boxes checked. */
	json_object_set(f, "org_units", json_object_get(doc, "org_units") ?: jx_arr());
	jx_set(f, "org_units_all", jx_bool(json_array_size(json_object_get(doc, "org_units")) == 0));

	rows = jx_arr();
	jx_set(f, "contest_enabled", jx_bool(contest != NULL));
	if (contest != NULL) {
		jx_set(f, "contest_title", jx_str(campaign_form_str(contest, "title")));
		jx_set(f, "contest_rules", jx_str(campaign_form_str(contest, "rules")));
		jx_set(f, "contest_hashtags",
		       jx_str(lines_join(req, json_object_get(contest, "hashtags"), "\n")));
		jx_set(f, "contest_entries_from",
		       jx_str(copy ? "" : campaign_form_str(contest, "entries_from")));
		jx_set(f, "contest_entries_until",
		       jx_str(copy ? "" : campaign_form_str(contest, "entries_until")));
		jx_set(f, "contest_age_min",
		       jx_str(arena_printf(
			       req->arena, "%lld",
			       (long long)json_integer_value(json_object_get(contest, "age_min")))));
		jx_set(f, "contest_age_max",
		       jx_str(arena_printf(
			       req->arena, "%lld",
			       (long long)json_integer_value(json_object_get(contest, "age_max")))));
		jx_set(f, "contest_prize", jx_str(campaign_form_str(contest, "prize")));
		jx_set(f, "contest_organiser", jx_str(campaign_form_str(contest, "organiser")));
		{
			json_t *more = jx_obj(), *v;
			const char *key;
			char *text;

			json_object_foreach((json_t *)contest, key, v) if (!contest_form_key(key))
				jx_set(more, key, json_incref(v));
			text = json_dumps(more, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
			json_decref(more);
			jx_set(f, "contest_more", jx_str(text ? text : ""));
			free(text);
		}
		json_array_foreach(json_object_get(contest, "video_hosts"), i, it)
		{
			jx_append(rows,
				  web_pack("{s:s, s:s, s:s, s:s}", "code", campaign_form_str(it, "code"),
					   "title", campaign_form_str(it, "title"), "hosts",
					   lines_join(req, json_object_get(it, "hosts"), ", "), "note",
					   campaign_form_str(it, "note")));
		}
	}
	jx_set(f, "video_hosts", rows);
	jx_set(f, "vh_rows", jx_int((json_int_t)rows_for(json_array_size(rows), 1, 2)));
	return f;
}

/* The empty form of a new campaign, with the defaults filled in. */
json_t *
campaign_form_empty(void)
{
	return web_pack("{s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:I,"
			" s:[], s:I, s:[], s:I, s:[], s:b, s:b, s:[], s:I, s:s, s:s, s:s, s:b}",
			"slug", "", "title", "", "summary", "", "period_start", "", "period_end", "",
			"time_zone", "Asia/Vladivostok", "report_due", "", "report_due_time", "23:59:59",
			"lock_after_days", "0", "grace_days", "0", "hashtags", "", "principles", "",
			"version", (json_int_t)0, "links", "link_rows", (json_int_t)3, "forms", "form_rows",
			(json_int_t)3, "org_units", "org_units_all", 1, "contest_enabled", 0, "video_hosts",
			"vh_rows", (json_int_t)2, "contest_age_min", "", "contest_age_max", "", "remind_days",
			"", "remind_after_due", 0);
}

/* A row count from the form, within 0..CAMPAIGN_FORM_ROWS_MAX. */
static size_t
rows_param(struct http_request *req, const char *name)
{
	int64_t v;

	/* The form writes this hidden field itself: a malformed one counts no rows. */
	if (num_parse_i64(http_params_get(&req->form, name), 0, INT64_MAX, &v) < 0)
		return 0;
	return v > CAMPAIGN_FORM_ROWS_MAX ? CAMPAIGN_FORM_ROWS_MAX : (size_t)v;
}

/* The form field name_N, or "". */
static const char *
row_field(struct http_request *req, const char *name, size_t i)
{
	const char *s = http_params_get(&req->form, arena_printf(req->arena, "%s_%zu", name, i));

	return s ? s : "";
}

/*
 * The form state of a posted edit page, as typed. Returns NULL when a value
 * is not valid UTF-8 (the caller answers 422).
 */
json_t *
campaign_form_of_request(struct http_request *req)
{
	json_t *f, *rows, *units;
	const char *s, *add = http_params_get(&req->form, "add");
	size_t i, n;
	int64_t v;

	for (i = 0; i < req->form.n; i++) {
		if (text_utf8_check(req->form.v[i].value, req->form.v[i].value_len, 0) < 0)
			return NULL;
	}
	f = jx_obj();
	for (i = 0; scalar_fields[i] != NULL; i++) {
		s = http_params_get(&req->form, scalar_fields[i]);
		if (strcmp(scalar_fields[i], "version") == 0)
			/* checked by form_post before: a whole number or nothing */
			jx_set(f, "version", jx_int(num_parse_i64(s, 0, INT64_MAX, &v) == 0 ? v : 0));
		else
			jx_set(f, scalar_fields[i], jx_str(s ? s : "")); /* checked for UTF-8 above */
	}

	rows = jx_arr();
	n = rows_param(req, "link_rows");
	for (i = 0; i < n; i++)
		jx_append(rows, web_pack("{s:s, s:s}", "title", row_field(req, "link_title", i), "url",
					 row_field(req, "link_url", i)));
	jx_set(f, "links", rows);
	jx_set(f, "link_rows",
	       jx_int((json_int_t)(add && strcmp(add, "link") == 0 && n < CAMPAIGN_FORM_ROWS_MAX ? n + 1
												 : n)));

	rows = jx_arr();
	n = rows_param(req, "form_rows");
	for (i = 0; i < n; i++)
		jx_append(rows, web_pack("{s:s, s:s, s:b, s:b}", "code", row_field(req, "form_code", i),
					 "title", row_field(req, "form_title", i), "retired",
					 *row_field(req, "form_retired", i) != '\0', "existing",
					 *row_field(req, "form_existing", i) != '\0'));
	jx_set(f, "forms", rows);
	jx_set(f, "form_rows",
	       jx_int((json_int_t)(add && strcmp(add, "form") == 0 && n < CAMPAIGN_FORM_ROWS_MAX ? n + 1
												 : n)));

	units = jx_arr();
	for (i = 0; i < req->form.n; i++) {
		if (strcmp(req->form.v[i].name, "org_unit") == 0)
			jx_append(units, jx_str(req->form.v[i].value));
	}
	jx_set(f, "org_units", units);
	jx_set(f, "org_units_all", jx_bool(0));

	jx_set(f, "remind_after_due", jx_bool(http_params_get(&req->form, "remind_after_due") != NULL));
	jx_set(f, "contest_enabled", jx_bool(http_params_get(&req->form, "contest_enabled") != NULL));
	rows = jx_arr();
	n = rows_param(req, "vh_rows");
	for (i = 0; i < n; i++)
		jx_append(rows,
			  web_pack("{s:s, s:s, s:s, s:s}", "code", row_field(req, "vh_code", i), "title",
				   row_field(req, "vh_title", i), "hosts", row_field(req, "vh_hosts", i),
				   "note", row_field(req, "vh_note", i)));
	jx_set(f, "video_hosts", rows);
	jx_set(f, "vh_rows",
	       jx_int((json_int_t)(add && strcmp(add, "video_host") == 0 && n < CAMPAIGN_FORM_ROWS_MAX ? n + 1
												       : n)));
	return f;
}

/* ---- the form state → the document ---- */

/* Records a form error (the first one also becomes the message on top). */
static void
form_error(struct http_request *req, struct campaign_edit *e, const char *field, const char *label,
	   const char *reason)
{
	if (json_object_get(e->errors, field) == NULL)
		jx_set(e->errors, field, jx_str(reason));
	if (e->message == NULL)
		e->message = arena_printf(req->arena, "Проверьте поле «%s»: %s.", label, reason);
}

/* Splits text into trimmed non-empty pieces at any of `seps`, as a JSON array. */
static json_t *
split(struct http_request *req, const char *text, const char *seps)
{
	json_t *a = jx_arr();
	size_t n;

	while (*text) {
		n = strcspn(text, seps);
		if (n > 0) {
			const char *piece = trimmed(req->arena, arena_strndup(req->arena, text, n));

			if (*piece)
				jx_append(a, jx_str(piece));
		}
		text += n;
		if (*text)
			text++;
	}
	return a;
}

/* A date field: ДД.ММ.ГГГГ or ГГГГ-ММ-ДД into ISO; empty leaves it out (the validator asks for it). */
static void
put_date(struct http_request *req, struct campaign_edit *e, json_t *dst, const char *key, const char *field,
	 const char *label)
{
	const char *s = trimmed(req->arena, campaign_form_str(e->form, field));
	char iso[11];
	int64_t days;

	if (*s == '\0')
		return;
	if (civil_date_input(s, &days) < 0 || civil_date_format_iso(days, iso, sizeof(iso)) < 0) {
		form_error(req, e, field, label,
			   "укажите существующую дату в виде ДД.ММ.ГГГГ, например 08.02.2023");
		return;
	}
	jx_set(e->form, field, jx_str(iso)); /* <input type="date"> shows ISO values only */
	jx_set(dst, key, jx_str(iso));
}

/* A whole number of days or years; empty means `def` (or leaves it out when def < 0). */
static void
put_int(struct http_request *req, struct campaign_edit *e, json_t *dst, const char *key, const char *field,
	const char *label, long long def)
{
	const char *s = trimmed(req->arena, campaign_form_str(e->form, field));
	int64_t v;

	if (*s == '\0') {
		if (def >= 0)
			jx_set(dst, key, jx_int(def));
		return;
	}
	if (num_parse_i64(s, 0, 100000, &v) < 0) {
		form_error(req, e, field, label, "укажите целое неотрицательное число, например 0");
		return;
	}
	jx_set(dst, key, jx_int(v));
}

static void
put_str(struct campaign_edit *e, json_t *dst, const char *key, const char *field)
{
	jx_set(dst, key, jx_str(campaign_form_str(e->form, field)));
}

/*
 * The automatic reminders: «3, 1» (days before the due date, separated by
 * commas, semicolons or blanks) and the after-the-due-date checkbox. Both
 * empty leave "reminders" out (no automatic reminders). The range and
 * duplicates are the validator's to judge, so the form and the API say the
 * same; here only what is not a whole number is refused.
 */
static void
put_reminders(struct http_request *req, struct campaign_edit *e, json_t *doc)
{
	json_t *pieces = split(req, campaign_form_str(e->form, "remind_days"), ",; \t\r\n"), *days = jx_arr(),
	       *p;
	int after = json_is_true(json_object_get(e->form, "remind_after_due"));
	int64_t v;
	size_t i;

	json_array_foreach(pieces, i, p)
	{
		if (num_parse_i64(json_string_value(p), 0, INT64_MAX, &v) < 0) {
			form_error(req, e, "remind_days", "Напомнить за N дней до срока",
				   arena_printf(
					   req->arena,
					   "укажите целые числа дней от 1 до %d через запятую, например 3, 1",
					   CAMPAIGN_REMIND_DAYS_MAX));
			json_decref(pieces);
			json_decref(days);
			return;
		}
		jx_append(days, jx_int(v));
	}
	json_decref(pieces);
	if (json_array_size(days) == 0 && !after) {
		json_decref(days);
		return;
	}
	jx_set(doc, "reminders", web_pack("{s:o, s:b}", "days_before", days, "after_due", after));
}

/*
 * Builds the campaign document from the form state; form errors (a date
 * that is no date, a number that is no number, no municipality checked)
 * are recorded in e. The document still goes to the validator only when
 * there are none.
 */
json_t *
campaign_form_to_doc(struct http_request *req, struct campaign_edit *e)
{
	json_t *doc = jx_obj(), *period = jx_obj(), *a, *row, *it, *units;
	json_t *contest;
	const char *t, *tm;
	size_t i, n;

	jx_set(doc, "slug",
	       jx_str(e->is_new ? trimmed(req->arena, campaign_form_str(e->form, "slug")) : e->slug));
	put_str(e, doc, "title", "title");
	put_str(e, doc, "summary", "summary");
	put_date(req, e, period, "start", "period_start", "Начало акции");
	put_date(req, e, period, "end", "period_end", "Окончание акции");
	jx_set(doc, "period", period);
	jx_set(doc, "time_zone", jx_str(trimmed(req->arena, campaign_form_str(e->form, "time_zone"))));
	put_date(req, e, doc, "report_due", "report_due", "Срок отчёта");
	tm = trimmed(req->arena, campaign_form_str(e->form, "report_due_time"));
	if (strlen(tm) == 5 && tm[2] == ':') /* <input type="time"> drops ":00" */
		tm = arena_printf(req->arena, "%s:00", tm);
	if (*tm)
		jx_set(doc, "report_due_time", jx_str(tm));
	put_int(req, e, doc, "lock_after_days", "lock_after_days", "Закрыть отчёты через, дней", 0);
	put_int(req, e, doc, "grace_days", "grace_days", "Допуск по датам, дней", 0);
	jx_set(doc, "hashtags", split(req, campaign_form_str(e->form, "hashtags"), "\r\n"));

	a = jx_arr();
	json_array_foreach(json_object_get(e->form, "links"), i, row)
	{
		const char *title = trimmed(req->arena, campaign_form_str(row, "title"));
		const char *url = trimmed(req->arena, campaign_form_str(row, "url"));

		if (*title == '\0' && *url == '\0')
			continue;
		e->link_row[json_array_size(a) % CAMPAIGN_FORM_ROWS_MAX] = i;
		jx_append(a, web_pack("{s:s, s:s}", "title", title, "url", url));
	}
	jx_set(doc, "links", a);

	a = jx_arr();
	json_array_foreach(json_object_get(e->form, "forms"), i, row)
	{
		const char *code = trimmed(req->arena, campaign_form_str(row, "code"));

		t = campaign_form_str(row, "title");
		if (*code == '\0' && *trimmed(req->arena, t) == '\0' &&
		    !json_is_true(json_object_get(row, "existing")))
			continue;
		e->form_row[json_array_size(a) % CAMPAIGN_FORM_ROWS_MAX] = i;
		jx_append(a, web_pack("{s:s, s:s, s:b}", "code", code, "title", t, "retired",
				      json_is_true(json_object_get(row, "retired"))));
	}
	jx_set(doc, "forms", a);
	jx_set(doc, "principles", split(req, campaign_form_str(e->form, "principles"), "\r\n"));

	/* Every municipality checked is written as [] (so a new one reports too); none is an error. */
	units = jx_arr();
	json_array_foreach(e->munis, i, it)
	{
		json_t *c;
		size_t k;

		json_array_foreach(json_object_get(e->form, "org_units"), k, c)
		{
			if (strcmp(json_string_value(c), campaign_form_str(it, "code")) == 0) {
				jx_append(units, jx_str(campaign_form_str(it, "code")));
				break;
			}
		}
	}
	n = json_array_size(units);
	if (json_array_size(json_object_get(e->form, "org_units")) > n)
		form_error(req, e, "org_units", "Кто отчитывается",
			   "в списке есть муниципалитет, которого нет в справочнике");
	else if (n == 0)
		form_error(req, e, "org_units", "Кто отчитывается", "отметьте хотя бы один муниципалитет");
	if (n == json_array_size(e->munis))
		json_array_clear(units);
	jx_set(doc, "org_units", units);

	put_reminders(req, e, doc);

	if (json_is_true(json_object_get(e->form, "contest_enabled"))) {
		contest = jx_obj();
		put_str(e, contest, "title", "contest_title");
		put_str(e, contest, "rules", "contest_rules");
		jx_set(contest, "hashtags",
		       split(req, campaign_form_str(e->form, "contest_hashtags"), "\r\n"));
		put_date(req, e, contest, "entries_from", "contest_entries_from", "Приём работ с");
		put_date(req, e, contest, "entries_until", "contest_entries_until", "Приём работ до");
		a = jx_arr();
		json_array_foreach(json_object_get(e->form, "video_hosts"), i, row)
		{
			const char *code = trimmed(req->arena, campaign_form_str(row, "code"));
			const char *title = trimmed(req->arena, campaign_form_str(row, "title"));
			const char *hosts = campaign_form_str(row, "hosts"),
				   *note = trimmed(req->arena, campaign_form_str(row, "note"));

			if (*code == '\0' && *title == '\0' && *trimmed(req->arena, hosts) == '\0' &&
			    *note == '\0')
				continue;
			e->vh_row[json_array_size(a) % CAMPAIGN_FORM_ROWS_MAX] = i;
			it = web_pack("{s:s, s:s, s:o}", "code", code, "title", title, "hosts",
				      split(req, hosts, ", \t\r\n"));
			if (*note)
				jx_set(it, "note", jx_str(note));
			jx_append(a, it);
		}
		jx_set(contest, "video_hosts", a);
		put_int(req, e, contest, "age_min", "contest_age_min", "Возраст участников от", -1);
		put_int(req, e, contest, "age_max", "contest_age_max", "Возраст участников до", -1);
		put_str(e, contest, "prize", "contest_prize");
		put_str(e, contest, "organiser", "contest_organiser");
		t = trimmed(req->arena, campaign_form_str(e->form, "contest_more"));
		if (*t) {
			json_error_t jerr;
			json_t *more = json_loads(t, JSON_REJECT_DUPLICATES, &jerr), *v;
			const char *key;

			if (!json_is_object(more))
				form_error(req, e, "contest_more",
					   "Номинации, критерии, согласия и настройки",
					   arena_printf(req->arena,
							"нужен JSON-объект вида {\"criteria\": […], …}: %s "
							"(строка %d)",
							more ? "это не объект" : jerr.text, jerr.line));
			json_object_foreach(more, key, v) if (!contest_form_key(key))
				jx_set(contest, key, json_incref(v));
			json_decref(more);
		}
		jx_set(doc, "contest", contest);
	}
	return doc;
}

/* ---- error paths → form fields ---- */

/* Scalar paths and their form fields and labels. */
static const struct {
	const char *path; /* exact, or a prefix followed by '[' */
	const char *field;
	const char *label;
} path_fields[] = {
	{"slug", "slug", "Адрес (slug)"},
	{"title", "title", "Название"},
	{"summary", "summary", "Описание"},
	{"period", "period_start", "Начало акции"},
	{"period.start", "period_start", "Начало акции"},
	{"period.end", "period_end", "Окончание акции"},
	{"time_zone", "time_zone", "Часовой пояс"},
	{"report_due", "report_due", "Срок отчёта"},
	{"report_due_time", "report_due_time", "Время окончания приёма отчётов"},
	{"lock_after_days", "lock_after_days", "Закрыть отчёты через, дней"},
	{"grace_days", "grace_days", "Допуск по датам, дней"},
	{"hashtags", "hashtags", "Хэштеги"},
	{"principles", "principles", "Принципы"},
	{"org_units", "org_units", "Кто отчитывается"},
	{"links", "links", "Ссылки"},
	{"forms", "forms", "Формы проведения"},
	{"reminders", "remind_days", "Напомнить за N дней до срока"},
	{"reminders.days_before", "remind_days", "Напомнить за N дней до срока"},
	{"reminders.after_due", "remind_after_due", "Напомнить на следующий день после срока"},
	{"contest", "contest_title", "Конкурс"},
	{"contest.title", "contest_title", "Название конкурса"},
	{"contest.rules", "contest_rules", "Условия конкурса"},
	{"contest.hashtags", "contest_hashtags", "Хэштеги конкурса"},
	{"contest.entries_from", "contest_entries_from", "Приём работ с"},
	{"contest.entries_until", "contest_entries_until", "Приём работ до"},
	{"contest.video_hosts", "video_hosts", "Видеоплощадки"},
	{"contest.age_min", "contest_age_min", "Возраст участников от"},
	{"contest.age_max", "contest_age_max", "Возраст участников до"},
	{"contest.prize", "contest_prize", "Приз"},
	{"contest.organiser", "contest_organiser", "Организатор"},
	{"contest.nominations", "contest_more", "Номинации"},
	{"contest.criteria", "contest_more", "Критерии"},
	{"contest.consents", "contest_more", "Тексты согласий"},
	{"contest.consents.version", "contest_more", "Версия текстов согласий"},
	{"contest.consents.processing", "contest_more", "Согласие на обработку персональных данных"},
	{"contest.consents.publication", "contest_more", "Согласие на публикацию"},
	{"contest.consents.guardian", "contest_more", "Согласие законного представителя"},
	{"contest.consents.child", "contest_more", "Согласие участника от 14 лет"},
	{"contest.min_scores", "contest_more", "Минимум оценок"},
	{"contest.z_normalize", "contest_more", "Нормирование оценок"},
	{"contest.guardian_confirmation", "contest_more", "Подтверждение законного представителя"},
	{"contest.retention_days", "contest_more", "Срок хранения данных"},
	{"contest.min_form_seconds", "contest_more", "Минимальное время заполнения"},
	{"contest.prizes", "contest_more", "Призы"},
};

/*
 * When path is "<prefix>[i]" or "<prefix>[i].key…", stores i and the key
 * ("" when none) and returns 1.
 */
static int
row_path(const char *path, const char *prefix, size_t *i, char *key, size_t keysz)
{
	size_t n = strlen(prefix), k, digits;
	const char *end;
	char num[20];
	int64_t v;

	if (strncmp(path, prefix, n) != 0 || path[n] != '[')
		return 0;
	digits = strspn(path + n + 1, "0123456789");
	end = path + n + 1 + digits;
	if (digits == 0 || digits >= sizeof(num) || *end != ']')
		return 0;
	memcpy(num, path + n + 1, digits);
	num[digits] = '\0';
	if (num_parse_i64(num, 0, INT64_MAX, &v) < 0)
		return 0;
	*i = (size_t)v;
	key[0] = '\0';
	if (end[1] == '.') {
		k = strcspn(end + 2, ".[");
		if (k >= keysz)
			return 0;
		memcpy(key, end + 2, k);
		key[k] = '\0';
	}
	return 1;
}

/* Marks the form field behind a document path with the reason. */
void
campaign_form_mark(struct http_request *req, struct campaign_edit *e, const struct campaign_error *err)
{
	static const struct {
		const char *prefix, *field_prefix, *label, *first_key;
	} groups[] = {
		{"links", "link", "Ссылки", "title"},
		{"forms", "form", "Формы проведения", "title"},
		{"contest.video_hosts", "vh", "Видеоплощадки", "code"},
	};
	const char *reason = strcmp(err->reason, "обязательное поле отсутствует") == 0 ? "заполните это поле"
										       : err->reason;
	char key[32];
	size_t i, k, row, best = SIZE_MAX, len;

	for (k = 0; k < sizeof(groups) / sizeof(groups[0]); k++) {
		if (!row_path(err->path, groups[k].prefix, &i, key, sizeof(key)))
			continue;
		row = i < CAMPAIGN_FORM_ROWS_MAX ? (k == 0   ? e->link_row
						    : k == 1 ? e->form_row
							     : e->vh_row)[i]
						 : 0;
		if (key[0] == '\0' || strcmp(key, "retired") == 0)
			snprintf(key, sizeof(key), "%s", groups[k].first_key);
		form_error(req, e, arena_printf(req->arena, "%s_%s_%zu", groups[k].field_prefix, key, row),
			   arena_printf(req->arena, "%s, строка %zu", groups[k].label, row + 1), reason);
		return;
	}
	/* The longest matching path: exact, or a prefix before '['. */
	for (k = 0; k < sizeof(path_fields) / sizeof(path_fields[0]); k++) {
		len = strlen(path_fields[k].path);
		if (strncmp(err->path, path_fields[k].path, len) == 0 &&
		    (err->path[len] == '\0' || err->path[len] == '[') &&
		    (best == SIZE_MAX || len > strlen(path_fields[best].path)))
			best = k;
	}
	if (best != SIZE_MAX) {
		form_error(req, e, path_fields[best].field, path_fields[best].label, reason);
		return;
	}
	form_error(req, e, "document", "Кампания", reason);
}

/* ---- the edit page ---- */

/* Adds "i", "n" (from 1) and the row's errors (error_<key> from e->errors["<prefix>_<key>_<i>"]) to each row. */
static void
rows_annotate(struct http_request *req, json_t *rows, size_t n, const char *prefix, const char *const *keys,
	      const json_t *errors, json_t *(*blank)(void))
{
	json_t *row, *msg;
	size_t i, k;

	while (json_array_size(rows) < n)
		jx_append(rows, blank());
	while (json_array_size(rows) > n && json_array_size(rows) > 0)
		json_array_remove(rows, json_array_size(rows) - 1);
	json_array_foreach(rows, i, row)
	{
		jx_set(row, "i", jx_int((json_int_t)i));
		jx_set(row, "n", jx_int((json_int_t)i + 1));
		for (k = 0; keys[k] != NULL; k++) {
			msg = json_object_get(errors,
					      arena_printf(req->arena, "%s_%s_%zu", prefix, keys[k], i));
			if (msg)
				json_object_set(row, arena_printf(req->arena, "error_%s", keys[k]), msg);
		}
	}
}

static json_t *
blank_link(void)
{
	return web_pack("{s:s, s:s}", "title", "", "url", "");
}

static json_t *
blank_form(void)
{
	return web_pack("{s:s, s:s, s:b, s:b}", "code", "", "title", "", "retired", 0, "existing", 0);
}

static json_t *
blank_vh(void)
{
	return web_pack("{s:s, s:s, s:s, s:s}", "code", "", "title", "", "hosts", "", "note", "");
}

/*
 * The hint shown when duplicating: the source campaign's dates, so the admin
 * sees what to move. NULL when there is no source.
 */
static const char *
source_hint(struct http_request *req, const char *from)
{
	json_t *doc = NULL, *contest;
	const char *hint;

	if (from == NULL || *from == '\0' || store_campaign_get(web_store(), from, &doc) != STORE_OK)
		return NULL;
	hint = arena_printf(
		req->arena, "«%s»: акция %s – %s, отчёт до %s", campaign_form_str(doc, "title"),
		campaign_form_date_ru(req, campaign_form_str(json_object_get(doc, "period"), "start")),
		campaign_form_date_ru(req, campaign_form_str(json_object_get(doc, "period"), "end")),
		campaign_form_date_ru(req, campaign_form_str(doc, "report_due")));
	if ((contest = json_object_get(doc, "contest")) != NULL)
		hint = arena_printf(req->arena, "%s; приём работ конкурса %s – %s", hint,
				    campaign_form_date_ru(req, campaign_form_str(contest, "entries_from")),
				    campaign_form_date_ru(req, campaign_form_str(contest, "entries_until")));
	json_decref(doc);
	return hint;
}

/*
 * Renders the edit page: e->form as typed, e->errors beside the fields,
 * e->message on top. conflict: someone saved first.
 */
void
campaign_form_page(struct http_request *req, struct http_response *resp, int status, struct campaign_edit *e,
		   int conflict)
{
	static const char *const link_keys[] = {"title", "url", NULL};
	static const char *const form_keys[] = {"code", "title", NULL};
	static const char *const vh_keys[] = {"code", "title", "hosts", "note", NULL};
	json_t *f = e->form, *m, *units, *u, *c, *zl;
	int all = json_is_true(json_object_get(f, "org_units_all"));
	const char *hint, *title = campaign_form_str(f, "title");
	size_t i, k;

	rows_annotate(req, json_object_get(f, "links"),
		      (size_t)json_integer_value(json_object_get(f, "link_rows")), "link", link_keys,
		      e->errors, blank_link);
	rows_annotate(req, json_object_get(f, "forms"),
		      (size_t)json_integer_value(json_object_get(f, "form_rows")), "form", form_keys,
		      e->errors, blank_form);
	rows_annotate(req, json_object_get(f, "video_hosts"),
		      (size_t)json_integer_value(json_object_get(f, "vh_rows")), "vh", vh_keys, e->errors,
		      blank_vh);

	units = jx_arr();
	json_array_foreach(e->munis, i, u)
	{
		int checked = all;

		json_array_foreach(json_object_get(f, "org_units"), k, c)
		{
			if (strcmp(json_string_value(c), campaign_form_str(u, "code")) == 0)
				checked = 1;
		}
		jx_append(units, web_pack("{s:s, s:s, s:b}", "code", campaign_form_str(u, "code"), "name",
					  campaign_form_str(u, "name"), "checked", checked));
	}
	zl = jx_arr();
	for (i = 0; i < sizeof(zones) / sizeof(zones[0]); i++)
		jx_append(zl, jx_str(zones[i]));

	m = web_pack("{s:s, s:b, s:s, s:O, s:O, s:o, s:o, s:b}", "title",
		     e->is_new ? "Новая кампания" : arena_printf(req->arena, "Кампания «%s»", title),
		     "is_new", e->is_new, "action",
		     e->is_new ? "/admin/campaigns"
			       : arena_printf(req->arena, "/admin/campaigns/%s", e->slug),
		     "f", f, "errors", e->errors, "org_units", units, "zones", zl, "conflict", conflict);
	if (m == NULL) { /* web_pack logged why; web_respond answers 500 */
		web_respond(req, resp, "admin_campaign_edit", NULL);
		return;
	}
	if (!e->is_new)
		jx_set(m, "slug", jx_str(e->slug)); /* packed into "action" above: valid UTF-8 */
	if (e->message)
		jx_set(m, "error", jx_str(e->message));
	if ((hint = source_hint(req, campaign_form_str(f, "from"))) != NULL)
		jx_set(m, "source_hint", jx_str(hint));
	resp->status = status;
	web_respond(req, resp, "admin_campaign_edit", m);
}
