/*
 * campaigns: the department's campaign editing. An admin lists the
 * campaigns, creates one (empty, or as a copy of another: that is how next
 * year's campaign starts), edits it, exports it as the JSON file format of
 * data/ and imports such a file. The API twins take and give the campaign
 * document itself.
 *
 * The page form is flat (one field per value, numbered rows for links,
 * forms of activity and video hosts, a checkbox per municipality) and is
 * turned into the campaign document, which domain/campaign.c validates: the
 * form, the API and an imported file all pass the same rules. Errors come
 * back as a JSON path ("links[2].url"), mapped here to the form field to
 * mark beside it. What needs I/O stays here: the time zone must exist in the
 * system's tz database, the org units in the store.
 *
 * Every save and its audit event share one transaction.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "domain/campaign.h"
#include "domain/text.h"
#include "util/civil.h"
#include "util/log.h"
#include "util/num.h"
#include "web/web.h"

#define ROWS_MAX 60 /* rows of one repeated group the form carries at most */
#define ZONEINFO "/usr/share/zoneinfo"

/* Where a save comes from, which decides how a refusal is answered. */
enum via {
	VIA_FORM, /* the edit page: the page again, what was typed kept, errors beside fields */
	VIA_API, /* /api/v1/campaigns: {"error": {code, message, field}} */
	VIA_IMPORT, /* a file uploaded on the list page: the list page with the message */
};

/* One save in progress. */
struct edit {
	enum via via;
	int is_new; /* create (1) or update (0) */
	const char *slug; /* update: the campaign's slug from the URL */
	int64_t version; /* update: the version the change is based on */
	json_t *form; /* VIA_FORM: the form state, strings as typed */
	json_t *errors; /* VIA_FORM: form field name → reason */
	const char *message; /* the first error, for the alert on top */
	json_t *munis; /* the municipalities, in list order */
	size_t link_row[ROWS_MAX]; /* document index → form row */
	size_t form_row[ROWS_MAX];
	size_t vh_row[ROWS_MAX];
};

/* Common IANA zones of Russia, offered in the time zone field. */
static const char *const zones[] = {
	"Asia/Vladivostok", "Asia/Sakhalin",    "Asia/Magadan",       "Asia/Srednekolymsk",
	"Asia/Kamchatka",   "Asia/Yakutsk",     "Asia/Chita",         "Asia/Irkutsk",
	"Asia/Krasnoyarsk", "Asia/Novosibirsk", "Asia/Omsk",          "Asia/Yekaterinburg",
	"Europe/Samara",    "Europe/Moscow",    "Europe/Kaliningrad", "UTC",
};

static void
decref(void *p)
{
	json_decref(p);
}

/* The string member key of o, or "". */
static const char *
str_of(const json_t *o, const char *key)
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

/* Fills *err as domain/campaign.c does: path, reason, «Поле path: reason». */
__attribute__((format(printf, 3, 4))) static void
set_error(struct campaign_error *err, const char *path, const char *fmt, ...)
{
	va_list ap;
	int r;

	memset(err, 0, sizeof(*err));
	if ((size_t)snprintf(err->path, sizeof(err->path), "%s", path) >= sizeof(err->path))
		abort(); /* paths are ours */
	va_start(ap, fmt);
	r = vsnprintf(err->reason, sizeof(err->reason), fmt, ap);
	va_end(ap);
	if (r < 0 || (size_t)r >= sizeof(err->reason))
		abort(); /* messages are ours, their arguments bounded */
	r = snprintf(err->message, sizeof(err->message), "Поле %s: %s", err->path, err->reason);
	if (r < 0 || (size_t)r >= sizeof(err->message))
		abort();
}

/*
 * Whether the zone exists in the system's tz database: a TZif file under
 * /usr/share/zoneinfo. tz has passed campaign_time_zone_check (no dots, no
 * leading slash), so the path stays inside that folder.
 */
static int
zone_exists(const char *tz)
{
	char path[256], magic[4];
	int fd, r;
	ssize_t n;

	if (campaign_time_zone_check(tz) < 0)
		return 0;
	r = snprintf(path, sizeof(path), ZONEINFO "/%s", tz);
	if (r < 0 || (size_t)r >= sizeof(path))
		return 0;
	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) < 0) {
		if (errno != ENOENT && errno != ENOTDIR)
			log_warn("%s: open %s", __func__, path);
		return 0;
	}
	n = read(fd, magic, sizeof(magic));
	close(fd);
	return n == (ssize_t)sizeof(magic) && memcmp(magic, "TZif", 4) == 0;
}

/* The municipalities (org units below the region), in the store's order. */
static enum store_rc
munis_load(struct store *st, json_t **out)
{
	json_t *units = NULL, *u, *munis;
	enum store_rc rc;
	size_t i;

	*out = NULL;
	if (st == NULL)
		return STORE_UNAVAILABLE;
	if ((rc = store_org_unit_list(st, &units)) != STORE_OK)
		return rc;
	munis = jx_arr();
	json_array_foreach(units, i, u)
	{
		if (json_string_value(json_object_get(u, "parent")) != NULL)
			json_array_append(munis, u);
	}
	json_decref(units);
	*out = munis;
	return STORE_OK;
}

static int
muni_known(const json_t *munis, const char *code)
{
	json_t *u;
	size_t i;

	json_array_foreach(munis, i, u)
	{
		if (strcmp(str_of(u, "code"), code) == 0)
			return 1;
	}
	return 0;
}

/* ДД.ММ.ГГГГ of an ISO date, or the text as it is. */
static const char *
date_ru(struct http_request *req, const char *iso)
{
	char out[CIVIL_DATE_TEXT_MAX];
	int64_t days;

	if (iso == NULL || civil_date_parse(iso, &days) < 0 || civil_date_format(days, out, sizeof(out)) < 0)
		return iso ? iso : "";
	return arena_strdup(req->arena, out);
}

/* ---- the list ---- */

/*
 * The list page (or {"campaigns": [...]} under /api/) with an optional
 * import message. Takes no references.
 */
static void
list_page(struct http_request *req, struct http_response *resp, int status, const char *import_error)
{
	json_t *list = NULL, *c, *m;
	enum store_rc rc = STORE_UNAVAILABLE;
	size_t i;

	if (web_store() == NULL || (rc = store_campaign_list(web_store(), &list)) != STORE_OK) {
		web_store_error(req, resp, web_store() == NULL ? STORE_UNAVAILABLE : rc);
		return;
	}
	json_array_foreach(list, i, c)
	{
		jx_set(c, "starts_ru", jx_str(date_ru(req, str_of(c, "starts"))));
		jx_set(c, "ends_ru", jx_str(date_ru(req, str_of(c, "ends"))));
		jx_set(c, "due_ru", jx_str(date_ru(req, str_of(c, "due"))));
	}
	m = web_pack("{s:s, s:o, s:b}", "title", "Кампании: управление", "campaigns", list, "empty",
		     json_array_size(list) == 0);
	if (m != NULL && import_error) /* NULL: web_respond answers 500 */
		jx_set(m, "import_error", jx_str(import_error));
	resp->status = status;
	web_respond(req, resp, "admin_campaigns", m);
}

/* GET /admin/campaigns: 200. */
void
campaigns_admin_list(struct http_request *req, struct http_response *resp)
{
	list_page(req, resp, 200, NULL);
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
	"remind_days",
	NULL,
};

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
	return n > ROWS_MAX ? ROWS_MAX : n;
}

/*
 * The form state of a (validated) document. copy: for a duplicate, the
 * slug and dates are left empty and every form code stays editable.
 */
static json_t *
form_from_doc(struct http_request *req, const json_t *doc, int copy)
{
	const json_t *period = json_object_get(doc, "period"), *contest = json_object_get(doc, "contest");
	json_t *f = jx_obj(), *rows, *it;
	size_t i;

	jx_set(f, "slug", jx_str(copy ? "" : str_of(doc, "slug")));
	jx_set(f, "title", jx_str(str_of(doc, "title")));
	jx_set(f, "summary", jx_str(str_of(doc, "summary")));
	jx_set(f, "period_start", jx_str(copy ? "" : str_of(period, "start")));
	jx_set(f, "period_end", jx_str(copy ? "" : str_of(period, "end")));
	jx_set(f, "time_zone", jx_str(str_of(doc, "time_zone")));
	jx_set(f, "report_due", jx_str(copy ? "" : str_of(doc, "report_due")));
	jx_set(f, "report_due_time", jx_str(str_of(doc, "report_due_time")));
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
		jx_append(rows,
			  web_pack("{s:s, s:s}", "title", str_of(it, "title"), "url", str_of(it, "url")));
	}
	jx_set(f, "links", rows);
	jx_set(f, "link_rows", jx_int((json_int_t)rows_for(json_array_size(rows), 2, 3)));

	rows = jx_arr();
	json_array_foreach(json_object_get(doc, "forms"), i, it)
	{
		jx_append(rows, web_pack("{s:s, s:s, s:b, s:b}", "code", str_of(it, "code"), "title",
					 str_of(it, "title"), "retired",
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
		jx_set(f, "contest_title", jx_str(str_of(contest, "title")));
		jx_set(f, "contest_rules", jx_str(str_of(contest, "rules")));
		jx_set(f, "contest_hashtags",
		       jx_str(lines_join(req, json_object_get(contest, "hashtags"), "\n")));
		jx_set(f, "contest_entries_from", jx_str(copy ? "" : str_of(contest, "entries_from")));
		jx_set(f, "contest_entries_until", jx_str(copy ? "" : str_of(contest, "entries_until")));
		jx_set(f, "contest_age_min",
		       jx_str(arena_printf(
			       req->arena, "%lld",
			       (long long)json_integer_value(json_object_get(contest, "age_min")))));
		jx_set(f, "contest_age_max",
		       jx_str(arena_printf(
			       req->arena, "%lld",
			       (long long)json_integer_value(json_object_get(contest, "age_max")))));
		jx_set(f, "contest_prize", jx_str(str_of(contest, "prize")));
		jx_set(f, "contest_organiser", jx_str(str_of(contest, "organiser")));
		json_array_foreach(json_object_get(contest, "video_hosts"), i, it)
		{
			jx_append(rows, web_pack("{s:s, s:s, s:s, s:s}", "code", str_of(it, "code"), "title",
						 str_of(it, "title"), "hosts",
						 lines_join(req, json_object_get(it, "hosts"), ", "), "note",
						 str_of(it, "note")));
		}
	}
	jx_set(f, "video_hosts", rows);
	jx_set(f, "vh_rows", jx_int((json_int_t)rows_for(json_array_size(rows), 1, 2)));
	return f;
}

/* The empty form of a new campaign, with the defaults filled in. */
static json_t *
form_empty(void)
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

/* A row count from the form, within 0..ROWS_MAX. */
static size_t
rows_param(struct http_request *req, const char *name)
{
	int64_t v;

	/* The form writes this hidden field itself: a malformed one counts no rows. */
	if (num_parse_i64(http_params_get(&req->form, name), 0, INT64_MAX, &v) < 0)
		return 0;
	return v > ROWS_MAX ? ROWS_MAX : (size_t)v;
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
static json_t *
form_from_request(struct http_request *req)
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
	       jx_int((json_int_t)(add && strcmp(add, "link") == 0 && n < ROWS_MAX ? n + 1 : n)));

	rows = jx_arr();
	n = rows_param(req, "form_rows");
	for (i = 0; i < n; i++)
		jx_append(rows, web_pack("{s:s, s:s, s:b, s:b}", "code", row_field(req, "form_code", i),
					 "title", row_field(req, "form_title", i), "retired",
					 *row_field(req, "form_retired", i) != '\0', "existing",
					 *row_field(req, "form_existing", i) != '\0'));
	jx_set(f, "forms", rows);
	jx_set(f, "form_rows",
	       jx_int((json_int_t)(add && strcmp(add, "form") == 0 && n < ROWS_MAX ? n + 1 : n)));

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
	       jx_int((json_int_t)(add && strcmp(add, "video_host") == 0 && n < ROWS_MAX ? n + 1 : n)));
	return f;
}

/* ---- the form state → the document ---- */

/* Records a form error (the first one also becomes the message on top). */
static void
form_error(struct http_request *req, struct edit *e, const char *field, const char *label, const char *reason)
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
put_date(struct http_request *req, struct edit *e, json_t *dst, const char *key, const char *field,
	 const char *label)
{
	const char *s = trimmed(req->arena, str_of(e->form, field));
	char iso[11];

	if (*s == '\0')
		return;
	if (campaign_date_input(s, iso, sizeof(iso)) < 0) {
		form_error(req, e, field, label,
			   "укажите существующую дату в виде ДД.ММ.ГГГГ, например 08.02.2023");
		return;
	}
	jx_set(e->form, field, jx_str(iso)); /* <input type="date"> shows ISO values only */
	jx_set(dst, key, jx_str(iso));
}

/* A whole number of days or years; empty means `def` (or leaves it out when def < 0). */
static void
put_int(struct http_request *req, struct edit *e, json_t *dst, const char *key, const char *field,
	const char *label, long long def)
{
	const char *s = trimmed(req->arena, str_of(e->form, field));
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
put_str(struct edit *e, json_t *dst, const char *key, const char *field)
{
	jx_set(dst, key, jx_str(str_of(e->form, field)));
}

/*
 * The automatic reminders: «3, 1» (days before the due date, separated by
 * commas, semicolons or blanks) and the after-the-due-date checkbox. Both
 * empty leave "reminders" out (no automatic reminders). The range and
 * duplicates are the validator's to judge, so the form and the API say the
 * same; here only what is not a whole number is refused.
 */
static void
put_reminders(struct http_request *req, struct edit *e, json_t *doc)
{
	json_t *pieces = split(req, str_of(e->form, "remind_days"), ",; \t\r\n"), *days = jx_arr(), *p;
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
static json_t *
doc_from_form(struct http_request *req, struct edit *e)
{
	json_t *doc = jx_obj(), *period = jx_obj(), *a, *row, *it, *units;
	json_t *contest;
	const char *t, *tm;
	size_t i, n;

	jx_set(doc, "slug", jx_str(e->is_new ? trimmed(req->arena, str_of(e->form, "slug")) : e->slug));
	put_str(e, doc, "title", "title");
	put_str(e, doc, "summary", "summary");
	put_date(req, e, period, "start", "period_start", "Начало акции");
	put_date(req, e, period, "end", "period_end", "Окончание акции");
	jx_set(doc, "period", period);
	jx_set(doc, "time_zone", jx_str(trimmed(req->arena, str_of(e->form, "time_zone"))));
	put_date(req, e, doc, "report_due", "report_due", "Срок отчёта");
	tm = trimmed(req->arena, str_of(e->form, "report_due_time"));
	if (strlen(tm) == 5 && tm[2] == ':') /* <input type="time"> drops ":00" */
		tm = arena_printf(req->arena, "%s:00", tm);
	if (*tm)
		jx_set(doc, "report_due_time", jx_str(tm));
	put_int(req, e, doc, "lock_after_days", "lock_after_days", "Закрыть отчёты через, дней", 0);
	put_int(req, e, doc, "grace_days", "grace_days", "Допуск по датам, дней", 0);
	jx_set(doc, "hashtags", split(req, str_of(e->form, "hashtags"), "\r\n"));

	a = jx_arr();
	json_array_foreach(json_object_get(e->form, "links"), i, row)
	{
		const char *title = trimmed(req->arena, str_of(row, "title"));
		const char *url = trimmed(req->arena, str_of(row, "url"));

		if (*title == '\0' && *url == '\0')
			continue;
		e->link_row[json_array_size(a) % ROWS_MAX] = i;
		jx_append(a, web_pack("{s:s, s:s}", "title", title, "url", url));
	}
	jx_set(doc, "links", a);

	a = jx_arr();
	json_array_foreach(json_object_get(e->form, "forms"), i, row)
	{
		const char *code = trimmed(req->arena, str_of(row, "code"));

		t = str_of(row, "title");
		if (*code == '\0' && *trimmed(req->arena, t) == '\0' &&
		    !json_is_true(json_object_get(row, "existing")))
			continue;
		e->form_row[json_array_size(a) % ROWS_MAX] = i;
		jx_append(a, web_pack("{s:s, s:s, s:b}", "code", code, "title", t, "retired",
				      json_is_true(json_object_get(row, "retired"))));
	}
	jx_set(doc, "forms", a);
	jx_set(doc, "principles", split(req, str_of(e->form, "principles"), "\r\n"));

	/* Every municipality checked is written as [] (so a new one reports too); none is an error. */
	units = jx_arr();
	json_array_foreach(e->munis, i, it)
	{
		json_t *c;
		size_t k;

		json_array_foreach(json_object_get(e->form, "org_units"), k, c)
		{
			if (strcmp(json_string_value(c), str_of(it, "code")) == 0) {
				jx_append(units, jx_str(str_of(it, "code")));
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
		jx_set(contest, "hashtags", split(req, str_of(e->form, "contest_hashtags"), "\r\n"));
		put_date(req, e, contest, "entries_from", "contest_entries_from", "Приём работ с");
		put_date(req, e, contest, "entries_until", "contest_entries_until", "Приём работ до");
		a = jx_arr();
		json_array_foreach(json_object_get(e->form, "video_hosts"), i, row)
		{
			const char *code = trimmed(req->arena, str_of(row, "code"));
			const char *title = trimmed(req->arena, str_of(row, "title"));
			const char *hosts = str_of(row, "hosts"),
				   *note = trimmed(req->arena, str_of(row, "note"));

			if (*code == '\0' && *title == '\0' && *trimmed(req->arena, hosts) == '\0' &&
			    *note == '\0')
				continue;
			e->vh_row[json_array_size(a) % ROWS_MAX] = i;
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
static void
form_error_at(struct http_request *req, struct edit *e, const struct campaign_error *err)
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
		row = i < ROWS_MAX ? (k == 0 ? e->link_row : k == 1 ? e->form_row : e->vh_row)[i] : 0;
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
	hint = arena_printf(req->arena, "«%s»: акция %s – %s, отчёт до %s", str_of(doc, "title"),
			    date_ru(req, str_of(json_object_get(doc, "period"), "start")),
			    date_ru(req, str_of(json_object_get(doc, "period"), "end")),
			    date_ru(req, str_of(doc, "report_due")));
	if ((contest = json_object_get(doc, "contest")) != NULL)
		hint = arena_printf(req->arena, "%s; приём работ конкурса %s – %s", hint,
				    date_ru(req, str_of(contest, "entries_from")),
				    date_ru(req, str_of(contest, "entries_until")));
	json_decref(doc);
	return hint;
}

/*
 * Renders the edit page: e->form as typed, e->errors beside the fields,
 * e->message on top. conflict: someone saved first.
 */
static void
edit_page(struct http_request *req, struct http_response *resp, int status, struct edit *e, int conflict)
{
	static const char *const link_keys[] = {"title", "url", NULL};
	static const char *const form_keys[] = {"code", "title", NULL};
	static const char *const vh_keys[] = {"code", "title", "hosts", "note", NULL};
	json_t *f = e->form, *m, *units, *u, *c, *zl;
	int all = json_is_true(json_object_get(f, "org_units_all"));
	const char *hint, *title = str_of(f, "title");
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
			if (strcmp(json_string_value(c), str_of(u, "code")) == 0)
				checked = 1;
		}
		jx_append(units, web_pack("{s:s, s:s, s:b}", "code", str_of(u, "code"), "name",
					  str_of(u, "name"), "checked", checked));
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
	if ((hint = source_hint(req, str_of(f, "from"))) != NULL)
		jx_set(m, "source_hint", jx_str(hint));
	resp->status = status;
	web_respond(req, resp, "admin_campaign_edit", m);
}

/* ---- saving ---- */

/* Answers a refused save as fits where it came from. */
static void
refuse(struct http_request *req, struct http_response *resp, struct edit *e, int status,
       const struct campaign_error *err)
{
	switch (e->via) {
	case VIA_API:
		http_error(req, resp, status, status == 409 ? "conflict" : "invalid", err->message,
			   err->path);
		return;
	case VIA_IMPORT:
		list_page(req, resp, status, arena_printf(req->arena, "Файл не принят. %s", err->message));
		return;
	case VIA_FORM:
		form_error_at(req, e, err);
		edit_page(req, resp, status, e, 0);
		return;
	}
	abort();
}

/* The top-level keys whose values differ between two documents (version aside). */
static json_t *
changed_keys(const json_t *before, const json_t *after)
{
	json_t *keys = jx_arr(), *v;
	const char *k;

	json_object_foreach((json_t *)after, k, v)
	{
		if (strcmp(k, "version") != 0 && !json_equal(v, json_object_get(before, k)))
			jx_append(keys, jx_str(k));
	}
	json_object_foreach((json_t *)before, k, v)
	{
		if (strcmp(k, "version") != 0 && json_object_get(after, k) == NULL)
			jx_append(keys, jx_str(k));
	}
	return keys;
}

/*
 * Validates doc (borrowed) and saves it: creates the campaign or updates
 * e->slug from e->version, with its audit event, in one transaction. Then
 * answers: the API 201/200 with the document, the form 303 to the list, an
 * import 303 to the new campaign's page. Refusals: 422 (invalid, naming the
 * field), 409 (slug taken, or someone saved first), 404 (no such campaign).
 */
static void
save(struct http_request *req, struct http_response *resp, struct edit *e, const json_t *doc)
{
	struct store *st = web_store();
	struct campaign_error err;
	json_t *clean = NULL, *old = NULL, *in_use = NULL, *detail, *u;
	const char *slug;
	enum store_rc rc;
	size_t i;

	if (campaign_validate(doc, &clean, &err) < 0) {
		refuse(req, resp, e, 422, &err);
		return;
	}
	arena_defer(req->arena, decref, clean);
	slug = str_of(clean, "slug");
	if (!e->is_new && strcmp(slug, e->slug) != 0) {
		set_error(&err, "slug", "адрес кампании изменить нельзя: он должен остаться «%s»", e->slug);
		refuse(req, resp, e, 422, &err);
		return;
	}
	if (!zone_exists(str_of(clean, "time_zone"))) {
		set_error(
			&err, "time_zone",
			"такого часового пояса нет в базе часовых поясов; укажите, например, Asia/Vladivostok");
		refuse(req, resp, e, 422, &err);
		return;
	}
	json_array_foreach(json_object_get(clean, "org_units"), i, u)
	{
		if (!muni_known(e->munis, json_string_value(u))) {
			set_error(&err, arena_printf(req->arena, "org_units[%zu]", i),
				  "муниципалитета с кодом «%s» нет в справочнике", json_string_value(u));
			refuse(req, resp, e, 422, &err);
			return;
		}
	}

	if ((rc = store_begin(st, 1)) != STORE_OK)
		goto fail;
	if (e->is_new) {
		if ((rc = store_campaign_create(st, clean, web_now())) != STORE_OK)
			goto fail;
		detail = web_pack("{s:s, s:s}", "title", str_of(clean, "title"), "via",
				  e->via == VIA_API      ? "api"
				  : e->via == VIA_IMPORT ? "import"
							 : "form");
	} else {
		if ((rc = store_campaign_get(st, e->slug, &old)) != STORE_OK)
			goto fail;
		if (json_integer_value(json_object_get(old, "version")) != e->version) {
			rc = STORE_CONFLICT;
			goto fail;
		}
		/*
		 * Every form of the stored campaign counts as in use: the store cannot
		 * yet list the form codes its reports use. With such a function, pass
		 * its answer here instead and unused forms become deletable.
		 */
		in_use = campaign_form_codes(old);
		if (campaign_forms_check_edit(old, clean, in_use, &err) < 0) {
			store_rollback(st);
			json_decref(in_use);
			json_decref(old);
			refuse(req, resp, e, 422, &err);
			return;
		}
		json_decref(in_use);
		if ((rc = store_campaign_update(st, e->slug, clean, e->version, web_now())) != STORE_OK)
			goto fail;
		detail = web_pack("{s:o, s:I}", "changed", changed_keys(old, clean), "from_version",
				  (json_int_t)e->version);
	}
	if ((rc = web_audit(req, e->is_new ? "campaign.create" : "campaign.update", "campaign", slug,
			    detail)) != STORE_OK)
		goto fail;
	if ((rc = store_commit(st)) != STORE_OK)
		goto fail;
	json_decref(old);
	old = NULL;
	switch (e->via) {
	case VIA_API:
		if ((rc = store_campaign_get(st, slug, &old)) != STORE_OK) {
			web_store_error(req, resp, rc);
			return;
		}
		resp->status = e->is_new ? 201 : 200;
		web_respond(req, resp, NULL, old);
		return;
	case VIA_FORM: http_redirect(req, resp, 303, "/admin/campaigns"); return;
	case VIA_IMPORT:
		http_redirect(req, resp, 303, arena_printf(req->arena, "/admin/campaigns/%s", slug));
		return;
	}
	abort();
fail:
	store_rollback(st);
	json_decref(old);
	old = NULL;
	if (rc == STORE_CONFLICT && e->is_new) {
		if (e->via == VIA_IMPORT)
			set_error(
				&err, "slug",
				"кампания с адресом «%s» уже есть. Измените в файле поле \"slug\" на новый адрес "
				"или откройте существующую кампанию и отредактируйте её",
				slug);
		else
			set_error(&err, "slug", "адрес «%s» уже занят другой кампанией; выберите другой",
				  slug);
		refuse(req, resp, e, 409, &err);
		return;
	}
	if (rc == STORE_CONFLICT && e->via == VIA_FORM) {
		/* Someone saved first: the form as typed, based on the stored version now. */
		if (store_campaign_get(st, e->slug, &old) == STORE_OK) {
			json_object_set(e->form, "version", json_object_get(old, "version"));
			json_decref(old);
			e->message =
				"Пока вы редактировали, кампанию сохранил кто-то другой. Ниже — то, что "
				"ввели вы; откройте кампанию в новой вкладке, сравните и сохраните ещё раз.";
			edit_page(req, resp, 409, e, 1);
			return;
		}
	}
	if (rc == STORE_NOTFOUND) {
		http_error(req, resp, 404, "not_found", "Такой кампании нет.", NULL);
		return;
	}
	web_store_error(req, resp, rc);
}

/* Starts an edit: the municipalities loaded. Returns -1 after answering on a store failure. */
static int
edit_begin(struct http_request *req, struct http_response *resp, struct edit *e, enum via via, int is_new)
{
	enum store_rc rc;

	memset(e, 0, sizeof(*e));
	e->via = via;
	e->is_new = is_new;
	e->errors = jx_obj();
	arena_defer(req->arena, decref, e->errors);
	if ((rc = munis_load(web_store(), &e->munis)) != STORE_OK) {
		web_store_error(req, resp, rc);
		return -1;
	}
	arena_defer(req->arena, decref, e->munis);
	return 0;
}

/* GET /admin/campaigns/new[?from=SLUG]: 200, the form empty or copied from a campaign; 404. */
void
campaigns_admin_new(struct http_request *req, struct http_response *resp)
{
	const char *from = http_params_get(&req->query, "from");
	struct edit e;
	json_t *doc = NULL;
	enum store_rc rc;

	if (edit_begin(req, resp, &e, VIA_FORM, 1) < 0)
		return;
	if (from && *from) {
		if ((rc = store_campaign_get(web_store(), from, &doc)) != STORE_OK) {
			if (rc == STORE_NOTFOUND)
				http_error(req, resp, 404, "not_found",
					   "Кампании, которую вы хотите скопировать, нет.", NULL);
			else
				web_store_error(req, resp, rc);
			return;
		}
		e.form = form_from_doc(req, doc, 1);
		jx_set(e.form, "from", jx_str(from));
		json_decref(doc);
	} else {
		e.form = form_empty();
	}
	arena_defer(req->arena, decref, e.form);
	edit_page(req, resp, 200, &e, 0);
}

/* The document of an API request: the body without "version". */
static json_t *
api_doc(struct http_request *req)
{
	json_t *doc = json_is_object(req->json) ? json_deep_copy(req->json) : jx_obj();

	json_object_del(doc, "version");
	arena_defer(req->arena, decref, doc);
	return doc;
}

/*
 * The posted edit page: "add" asks for one more row (200, nothing saved);
 * otherwise the document is built and saved. Returns with the answer made.
 */
static void
form_post(struct http_request *req, struct http_response *resp, struct edit *e)
{
	json_t *doc;
	int64_t ver;

	if (!e->is_new && web_param_int(req, resp, "version", "Версия кампании", 0, INT64_MAX, 0, &ver) < 0)
		return;
	if ((e->form = form_from_request(req)) == NULL) {
		web_invalid(req, resp, "", "Поля формы должны быть в кодировке UTF-8.");
		return;
	}
	arena_defer(req->arena, decref, e->form);
	if (!e->is_new)
		e->version = json_integer_value(json_object_get(e->form, "version"));
	if (http_params_get(&req->form, "add") != NULL) {
		edit_page(req, resp, 200, e, 0);
		return;
	}
	doc = doc_from_form(req, e);
	arena_defer(req->arena, decref, doc);
	if (e->message != NULL) {
		edit_page(req, resp, 422, e, 0);
		return;
	}
	save(req, resp, e, doc);
}

/*
 * POST /admin/campaigns (the form), POST /api/v1/campaigns (the document as
 * JSON): creates a campaign. 303 to the list (API: 201 with the document);
 * 422 naming the field; 409 when the slug is taken.
 */
void
campaigns_admin_create(struct http_request *req, struct http_response *resp)
{
	struct edit e;

	if (edit_begin(req, resp, &e, req->is_api ? VIA_API : VIA_FORM, 1) < 0)
		return;
	if (req->is_api) {
		save(req, resp, &e, api_doc(req));
		return;
	}
	form_post(req, resp, &e);
}

/* GET /admin/campaigns/{slug}: 200, the edit form; 404. */
void
campaigns_admin_edit(struct http_request *req, struct http_response *resp)
{
	const char *slug = http_params_get(&req->params, "slug");
	struct edit e;
	json_t *doc = NULL;

	if (edit_begin(req, resp, &e, VIA_FORM, 0) < 0)
		return;
	if ((doc = web_campaign(req, resp, slug)) == NULL)
		return;
	e.slug = slug;
	e.form = form_from_doc(req, doc, 0);
	arena_defer(req->arena, decref, e.form);
	edit_page(req, resp, 200, &e, 0);
}

/*
 * POST /admin/campaigns/{slug} (the form, with the version in a hidden
 * field), PUT /api/v1/campaigns/{slug} (the document plus "version"):
 * replaces the campaign. 303 to the list (API: 200 with the document); 422
 * naming the field (a form of activity in use deleted, among others); 409
 * when someone saved first (the page keeps what was typed); 404 (also for a
 * slug that is not UTF-8).
 */
void
campaigns_admin_update(struct http_request *req, struct http_response *resp)
{
	struct edit e;
	json_t *doc, *v;
	struct campaign_error err;

	if (edit_begin(req, resp, &e, req->is_api ? VIA_API : VIA_FORM, 0) < 0)
		return;
	e.slug = http_params_get(&req->params, "slug");
	if (text_utf8_check(e.slug, strlen(e.slug), 0) < 0) {
		/* Stored slugs are validated, so none matches; it must not reach jx_str either. */
		http_error(req, resp, 404, "not_found", "Такой кампании нет.", NULL);
		return;
	}
	if (!req->is_api) {
		form_post(req, resp, &e);
		return;
	}
	v = json_object_get(req->json, "version");
	if (!json_is_integer(v) || json_integer_value(v) < 1) {
		set_error(&err, "version", "укажите номер версии, которую вы меняете (целое число из GET)");
		refuse(req, resp, &e, 422, &err);
		return;
	}
	e.version = json_integer_value(v);
	doc = api_doc(req);
	if (json_object_get(doc, "slug") == NULL)
		jx_set(doc, "slug", jx_str(e.slug));
	save(req, resp, &e, doc);
}

/*
 * GET /admin/campaigns/{slug}/export.json: the campaign document as a file
 * in the format of data/ (no version), which imports back as it is. 200;
 * 404.
 */
void
campaigns_admin_export(struct http_request *req, struct http_response *resp)
{
	const char *slug = http_params_get(&req->params, "slug");
	json_t *doc = NULL, *clean = NULL;
	struct campaign_error err;
	enum store_rc rc;
	char *text;

	if ((rc = store_campaign_get(web_store(), slug, &doc)) != STORE_OK) {
		if (rc == STORE_NOTFOUND)
			http_error(req, resp, 404, "not_found", "Такой кампании нет.", NULL);
		else
			web_store_error(req, resp, rc);
		return;
	}
	json_object_del(doc, "version");
	/* The validator's copy has the file's order and every default; a stored document always passes. */
	if (campaign_validate(doc, &clean, &err) == 0) {
		json_decref(doc);
		doc = clean;
	} else {
		log_warnx("%s: stored campaign %s does not validate: %s", __func__, slug, err.message);
	}
	text = json_dumps(doc, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
	json_decref(doc);
	if (text == NULL) {
		http_error(req, resp, 500, "internal", "json encoding failed", NULL);
		return;
	}
	if (buf_adds(&resp->body, text) < 0 || buf_addc(&resp->body, '\n') < 0) {
		free(text);
		http_error(req, resp, 500, "internal", "export too large", NULL);
		return;
	}
	free(text);
	resp->status = 200;
	resp->content_type = "application/json; charset=utf-8";
	http_response_header(req, resp, "Content-Disposition",
			     arena_printf(req->arena, "attachment; filename=\"%s.json\"", slug));
	web_no_store(req, resp);
}

/*
 * POST /admin/campaigns/import (multipart, the file in field "file"):
 * creates a campaign from a file in the format of data/. 303 to its edit
 * page; 422 (no file, not JSON with the line and column, or an invalid
 * document naming the field); 409 when the slug is taken.
 */
void
campaigns_admin_import(struct http_request *req, struct http_response *resp)
{
	const struct http_upload *up = NULL;
	struct edit e;
	char msg[512];
	const char *data;
	size_t i, len;
	json_t *doc;

	if (edit_begin(req, resp, &e, VIA_IMPORT, 1) < 0)
		return;
	for (i = 0; i < req->nuploads; i++) {
		if (strcmp(req->uploads[i].field, "file") == 0) {
			up = &req->uploads[i];
			break;
		}
	}
	if (up == NULL || up->len == 0) {
		list_page(req, resp, 422,
			  "Выберите файл кампании в формате JSON (как тот, что выгружает «Скачать JSON»).");
		return;
	}
	data = up->data;
	len = up->len;
	if (len >= 3 && memcmp(data, "\xef\xbb\xbf", 3) == 0) { /* a BOM some editors write */
		data += 3;
		len -= 3;
	}
	if ((doc = http_parse_json(data, len, msg, sizeof(msg))) == NULL) {
		const char *m = msg;

		if (strncmp(m, "Тело запроса ", strlen("Тело запроса ")) == 0)
			m = arena_printf(req->arena, "Файл %s", m + strlen("Тело запроса "));
		list_page(req, resp, 422,
			  arena_printf(req->arena, "Файл не принят. %s.", *m ? m : "Это не JSON"));
		return;
	}
	arena_defer(req->arena, decref, doc);
	save(req, resp, &e, doc);
}
