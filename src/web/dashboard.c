/*
 * dashboard: the department's one-page view of a campaign (admin only).
 *
 * - Reporting rates as DHIS2 users know them, over every municipality that
 *   must report (filters never change them): expected; reported (submitted,
 *   returned or accepted: submitted at least once); on time and late (of
 *   those); missing (not started or draft); accepted. Counts and
 *   percentages of expected, one decimal, Russian number format.
 * - The region's totals (activities, participants, reach, publications,
 *   views, organizations joined) over every stored report, whatever its
 *   status, and the same by form of activity, by audience and by day, from
 *   the store's aggregate queries.
 * - The table of municipalities: status, submission time, late flag and
 *   totals; filtered by status and kind (?status=…&kind=…, repeatable),
 *   sorted on the server by any column (?sort=col&dir=asc|desc: the column
 *   headers are such links, so it works without JavaScript), 100 rows a
 *   page (?page=N; ?per_page=1..1000), each row linking to the review page.
 * - Pages only: three charts drawn by view/svg.c (activities by form, the
 *   status of each municipality, activities per day over the campaign
 *   period with its grace days).
 *
 * Data path (national scale: 20,000 municipalities): one streamed
 * store_export_summary row per org unit becomes a compact struct row (no
 * JSON per row); counts and totals are added up as rows come; the table is
 * filtered and sorted as pointers in C and only its shown page becomes
 * JSON.
 *
 * GET /admin/campaigns/{slug}/dashboard and /api/v1/…/dashboard answer the
 * same model (the API without the SVG): 200, 404 (no such campaign), 422
 * (a bad filter, sort, direction or page, naming the parameter), 503/500
 * on store failures; the route table answers 401/403 for others.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "domain/campaign.h"
#include "domain/deadline.h"
#include "domain/orgunit.h"
#include "domain/report.h"
#include "domain/reporting.h"
#include "domain/workflow.h"
#include "util/buf.h"
#include "util/civil.h"
#include "util/utf8.h"
#include "util/tz.h"
#include "util/xalloc.h"
#include "view/svg.h"
#include "web/web.h"

#define PER_PAGE_DEFAULT 100
#define PER_PAGE_MAX 1000
#define PAGE_MAX WEB_PAGE_MAX
#define GRID_MAX 120 /* more municipalities than this: the status chart is bars */
#define DAYS_MAX 400 /* days the timeline shows at most */
#define PAGE_LINKS 9 /* page numbers shown around the current one */
#define CHART_MAX ((size_t)4 << 20) /* bytes of one chart */

/* The totals a report carries, in the order of the table's columns. */
enum tot { TOT_ACTIVITIES, TOT_PARTICIPANTS, TOT_REACH, TOT_PUBLICATIONS, TOT_ORGANIZATIONS, TOT__MAX };
static const char *const tot_keys[TOT__MAX] = {"activities", "participants", "reach", "publications",
					       "organizations"};

enum col {
	COL_NAME,
	COL_KIND,
	COL_STATUS,
	COL_SUBMITTED,
	COL_LATE,
	COL_ACTIVITIES, /* then the other totals, in enum tot order */
	COL__MAX = COL_ACTIVITIES + TOT__MAX
};

static const struct {
	const char *key;
	const char *title;
	int num; /* a number column: right-aligned */
} cols[COL__MAX] = {
	{"name", "Муниципалитет", 0},        {"kind", "Вид", 0},       {"status", "Статус", 0},
	{"submitted", "Отправлен", 0},       {"late", "Опоздание", 0}, {"activities", "Мероприятий", 1},
	{"participants", "Участников", 1},   {"reach", "Охват", 1},    {"publications", "Публикаций", 1},
	{"organizations", "Организаций", 1},
};

/* Colours of the statuses: the .s-* classes of svodka.css, with a darker border and a letter. */
static const struct {
	const char *fill, *stroke, *mark;
	int dashed;
} palette[WORKFLOW_STATUS__MAX] = {
	[WORKFLOW_NOT_STARTED] = {"#eceff3", "#8c95a6", "Н", 1},
	[WORKFLOW_DRAFT] = {"#fff4d6", "#c9a227", "Ч", 0},
	[WORKFLOW_SUBMITTED] = {"#dcebff", "#4a7fd0", "П", 0},
	[WORKFLOW_RETURNED] = {"#fde2d8", "#d0643f", "В", 0},
	[WORKFLOW_ACCEPTED] = {"#d8f0dc", "#3f8f4f", "✓", 0},
};

/*
 * One municipality that must report, with its report's figures: a compact
 * struct, its strings in the request's arena (never a JSON object: at
 * national scale there are 20,000 of them and only a page becomes JSON).
 */
struct row {
	const char *code, *name, *shortname;
	const unsigned char *key; /* the name's sort key (name_key) */
	size_t keylen;
	enum orgunit_kind kind;
	enum workflow_status status;
	int has_report;
	int late; /* submitted late (only for a report submitted at least once) */
	int64_t submitted_at; /* 0 when never submitted */
	int64_t tot[TOT__MAX];
	size_t order; /* position in the store's list: the last tie-break */
};

/* The table's query: filters, sort, page. */
struct query {
	unsigned status_mask; /* bits of enum workflow_status; 0: all */
	unsigned kind_mask; /* bits of enum orgunit_kind; 0: all */
	enum col sort;
	int desc;
	int64_t page, per_page;
};

static int64_t
num(const json_t *obj, const char *key)
{
	const json_t *v = json_object_get(obj, key);

	return json_is_integer(v) ? (int64_t)json_integer_value(v) : 0;
}

/* «12 500» in the arena. */
static const char *
num_ru(struct http_request *req, int64_t v)
{
	char s[SVG_NUM_MAX];

	if (svg_format_int(s, sizeof(s), v) < 0)
		return "";
	return arena_strdup(req->arena, s);
}

/* «33,3 %» (with a no-break space) of tenths of a percent, in the arena. */
static const char *
pct_ru(struct http_request *req, int64_t tenths)
{
	char s[SVG_NUM_MAX];

	if (svg_format_tenths(s, sizeof(s), tenths) < 0)
		return "";
	return arena_printf(req->arena, "%s\xc2\xa0%%", s);
}

/*
 * The short name of a municipality for the grid and for sorting: its name
 * without the words of its kind («Владивостокский городской округ» →
 * «Владивостокский», «городской округ Большой Камень» → «Большой Камень»).
 */
static const char *
short_name(struct http_request *req, const char *name, enum orgunit_kind kind)
{
	const char *kw = orgunit_kind_name(kind), *p;
	size_t n = strlen(name), k = kw ? strlen(kw) : 0;
	char *out;

	if (k == 0 || (p = strstr(name, kw)) == NULL || n == k)
		return name;
	out = arena_alloc(req->arena, n + 1);
	memcpy(out, name, (size_t)(p - name));
	memcpy(out + (p - name), p + k, n - (size_t)(p - name) - k + 1);
	/* Trim the space left behind at either end and a double space inside. */
	while (*out == ' ')
		out++;
	n = strlen(out);
	while (n > 0 && out[n - 1] == ' ')
		out[--n] = '\0';
	if ((p = strstr(out, "  ")) != NULL)
		memmove((char *)p, p + 1, strlen(p));
	return *out ? out : name;
}

static const char *
kind_abbr(enum orgunit_kind kind)
{
	switch (kind) {
	case ORGUNIT_URBAN_OKRUG: return "ГО";
	case ORGUNIT_MUNICIPAL_OKRUG: return "МО";
	case ORGUNIT_MUNICIPAL_DISTRICT: return "МР";
	default: return "";
	}
}

/* Appends the collation key of s (utf8_fold_key; s itself when it is not UTF-8) and a NUL to b. */
static void
key_add(struct buf *b, const char *s)
{
	char *k = utf8_fold_key(s, strlen(s));

	if (buf_adds(b, k ? k : s) < 0 || buf_addc(b, '\0') < 0)
		abort(); /* BUF_MAX_DEFAULT holds any name */
	free(k);
}

/*
 * The row's name key, in the arena: the collation keys (util/utf8.h,
 * Unicode case folding, «ё» as «е») of the short name, then of the full
 * name, each ended by a NUL. memcmp on two keys (the shorter first when one
 * is a prefix) orders as the short names, case blind in any script (a name
 * that is a prefix of another first), then the full names likewise. Built
 * once per row, it makes the sort's name comparisons plain memcmp.
 */
static void
name_key(struct http_request *req, struct row *r)
{
	struct buf b;
	unsigned char *k;

	buf_init(&b, BUF_MAX_DEFAULT);
	key_add(&b, r->shortname);
	key_add(&b, r->name);
	k = arena_alloc(req->arena, b.len);
	memcpy(k, b.data, b.len);
	r->key = k;
	r->keylen = b.len;
	buf_release(&b);
}

static int
key_cmp(const struct row *a, const struct row *b)
{
	size_t n = a->keylen < b->keylen ? a->keylen : b->keylen;
	int c = memcmp(a->key, b->key, n);

	if (c != 0)
		return c < 0 ? -1 : 1;
	return a->keylen < b->keylen ? -1 : a->keylen > b->keylen;
}

static int
cmp_i64(int64_t a, int64_t b)
{
	return a < b ? -1 : a > b;
}

/* qsort_r comparator of row pointers: the query's column and direction, then the name, then the store's order. */
static int
row_cmp(const void *pa, const void *pb, void *arg)
{
	const struct row *a = *(const struct row *const *)pa, *b = *(const struct row *const *)pb;
	const struct query *q = arg;
	int c = 0;

	switch (q->sort) {
	case COL_NAME: c = 0; break;
	case COL_KIND: c = cmp_i64(a->kind, b->kind); break;
	case COL_STATUS: c = cmp_i64(a->status, b->status); break;
	case COL_SUBMITTED:
		/* Never submitted comes last, whichever the direction. */
		if (!a->submitted_at || !b->submitted_at)
			return a->submitted_at   ? -1
			       : b->submitted_at ? 1
						 : cmp_i64((int64_t)a->order, (int64_t)b->order);
		c = cmp_i64(a->submitted_at, b->submitted_at);
		break;
	case COL_LATE: c = cmp_i64(a->late, b->late); break;
	default:
		/* A municipality that has not started sorts below a report with 0. */
		c = cmp_i64(a->has_report ? a->tot[q->sort - COL_ACTIVITIES] : -1,
			    b->has_report ? b->tot[q->sort - COL_ACTIVITIES] : -1);
		break;
	}
	if (c == 0) {
		c = key_cmp(a, b);
		if (c == 0)
			c = cmp_i64((int64_t)a->order, (int64_t)b->order);
		return q->sort == COL_NAME && q->desc ? -c : c;
	}
	return q->desc ? -c : c;
}

/*
 * Reads the query string into *q. Returns 0, or -1 after answering 422
 * naming the parameter.
 */
static int
parse_query(struct http_request *req, struct http_response *resp, struct query *q)
{
	const struct http_params *p = &req->query;
	enum workflow_status st;
	enum orgunit_kind kind;
	size_t i, c;

	memset(q, 0, sizeof(*q));
	q->sort = COL_NAME;
	q->page = 1;
	q->per_page = PER_PAGE_DEFAULT;
	for (i = 0; i < p->n; i++) {
		const char *name = p->v[i].name, *v = p->v[i].value ? p->v[i].value : "";

		if (strcmp(name, "status") == 0) {
			if (*v == '\0')
				continue;
			if (workflow_status_parse(v, &st) < 0) {
				web_invalid(
					req, resp, "status",
					"Неизвестный статус отчёта в фильтре: ожидается not_started, draft, "
					"submitted, returned или accepted.");
				return -1;
			}
			q->status_mask |= 1u << st;
		} else if (strcmp(name, "kind") == 0) {
			if (*v == '\0')
				continue;
			if (orgunit_kind_parse(v, &kind) < 0 || kind == ORGUNIT_REGION) {
				web_invalid(
					req, resp, "kind",
					"Неизвестный вид муниципалитета в фильтре: ожидается urban_okrug, "
					"municipal_okrug или municipal_district.");
				return -1;
			}
			q->kind_mask |= 1u << kind;
		} else if (strcmp(name, "sort") == 0) {
			for (c = 0; c < COL__MAX && strcmp(cols[c].key, v) != 0; c++)
				;
			if (c == COL__MAX) {
				web_invalid(
					req, resp, "sort",
					"Таблицу можно упорядочить только по её столбцам: name, kind, status, "
					"submitted, late, activities, participants, reach, publications, "
					"organizations.");
				return -1;
			}
			q->sort = (enum col)c;
		} else if (strcmp(name, "dir") == 0) {
			if (strcmp(v, "asc") != 0 && strcmp(v, "desc") != 0) {
				web_invalid(req, resp, "dir", "Порядок сортировки — asc или desc.");
				return -1;
			}
			q->desc = strcmp(v, "desc") == 0;
		} else if (strcmp(name, "page") == 0) {
			if (web_int_check(req, resp, "page", "Номер страницы", v, 1, PAGE_MAX, &q->page) < 0)
				return -1;
		} else if (strcmp(name, "per_page") == 0) {
			if (web_int_check(req, resp, "per_page", "Строк на странице", v, 1, PER_PAGE_MAX,
					  &q->per_page) < 0)
				return -1;
		}
	}
	return 0;
}

/*
 * The dashboard's address with the query's filters and the given sort and
 * page (defaults left out), in the arena; anchor "#table" when asked.
 */
static const char *
link(struct http_request *req, const char *slug, const struct query *q, enum col sort, int desc, int64_t page,
     int anchor)
{
	struct buf b;
	const char *out, *sep = "?";
	int i;

	buf_init(&b, 4096);
	if (buf_addf(&b, "/admin/campaigns/%s/dashboard", web_url_encode(req->arena, slug)) < 0)
		goto out;
	for (i = 0; i < WORKFLOW_STATUS__MAX; i++) {
		if (q->status_mask & (1u << i)) {
			if (buf_addf(&b, "%sstatus=%s", sep, workflow_status_code((enum workflow_status)i)) <
			    0)
				goto out;
			sep = "&";
		}
	}
	for (i = 0; i < ORGUNIT_KIND__MAX; i++) {
		if (q->kind_mask & (1u << i)) {
			if (buf_addf(&b, "%skind=%s", sep, orgunit_kind_code((enum orgunit_kind)i)) < 0)
				goto out;
			sep = "&";
		}
	}
	if (sort != COL_NAME || desc) {
		if (buf_addf(&b, "%ssort=%s&dir=%s", sep, cols[sort].key, desc ? "desc" : "asc") < 0)
			goto out;
		sep = "&";
	}
	if (q->per_page != PER_PAGE_DEFAULT) {
		if (buf_addf(&b, "%sper_page=%lld", sep, (long long)q->per_page) < 0)
			goto out;
		sep = "&";
	}
	if (page > 1 && buf_addf(&b, "%spage=%lld", sep, (long long)page) < 0)
		goto out;
	if (anchor && buf_adds(&b, "#table") < 0)
		goto out;
out:
	out = arena_strdup(req->arena, b.data);
	buf_release(&b);
	return out;
}

/* Everything the handler loaded and worked out, for the model builders. */
struct dash {
	const char *slug;
	json_t *campaign, *by_form, *by_audience, *by_day;
	struct deadline dl;
	int32_t offset;
	int have_dl;
	struct row *rows; /* every municipality that must report, in the store's order (malloc) */
	size_t nrows, cap;
	int counts[WORKFLOW_STATUS__MAX];
	int64_t on_time, late;
	int64_t totals[TOT__MAX], views; /* over every stored report */
};

/* What the summary callback needs besides the dashboard. */
struct load_ctx {
	struct http_request *req;
	struct dash *d;
	struct reporting_units set;
};

/*
 * store_export_summary's callback, one org unit below the root at a time
 * (the row's strings live until the next row): adds the report's totals to
 * the region's (every stored report, whether the campaign lists its unit
 * or not), and for a municipality that must report appends a row to d->rows
 * and counts its status and lateness.
 */
static int
on_unit(void *arg, const struct store_export_summary_row *u)
{
	struct load_ctx *lc = arg;
	struct dash *d = lc->d;
	struct row *row;
	enum orgunit_kind kind;
	const int64_t tot[TOT__MAX] = {u->activities, u->participants, u->reach, u->publications,
				       u->organizations};
	size_t t;

	if (u->status != NULL) {
		for (t = 0; t < TOT__MAX; t++)
			d->totals[t] += tot[t];
		d->views += u->views;
	}
	if (u->org_unit == NULL || !reporting_units_has(&lc->set, u->org_unit, 0))
		return 0;
	if (d->nrows == d->cap) {
		d->cap = d->cap ? d->cap * 2 : 256;
		d->rows = xrealloc(d->rows, d->cap * sizeof(*d->rows));
	}
	row = &d->rows[d->nrows];
	memset(row, 0, sizeof(*row));
	row->order = d->nrows++;
	row->code = arena_strdup(lc->req->arena, u->org_unit);
	row->name = u->org_unit_name ? arena_strdup(lc->req->arena, u->org_unit_name) : row->code;
	if (orgunit_kind_parse(u->org_unit_kind ? u->org_unit_kind : "", &kind) < 0)
		kind = ORGUNIT_MUNICIPAL_DISTRICT;
	row->kind = kind;
	row->shortname = short_name(lc->req, row->name, kind);
	name_key(lc->req, row);
	row->status = WORKFLOW_NOT_STARTED;
	if (u->status != NULL) {
		row->has_report = 1;
		if (workflow_status_parse(u->status, &row->status) < 0)
			row->status = WORKFLOW_DRAFT;
		for (t = 0; t < TOT__MAX; t++)
			row->tot[t] = tot[t];
		if (u->has_submitted)
			row->submitted_at = u->submitted_at;
	}
	if (workflow_reported(row->status)) {
		row->late = u->late;
		if (row->late)
			d->late++;
		else
			d->on_time++;
	}
	d->counts[row->status]++;
	return 0;
}

/* One rate card: {key, label, n, n_ru, pct, pct_ru}; pct of expected unless this is expected. */
static json_t *
card(struct http_request *req, const char *key, const char *label, int64_t n, int64_t expected, int with_pct)
{
	int64_t t = svg_percent_tenths(n, expected);
	json_t *c = json_pack("{s:s, s:s, s:I, s:s}", "key", key, "label", label, "n", (json_int_t)n, "n_ru",
			      num_ru(req, n));

	if (with_pct) {
		json_object_set_new(c, "pct", json_real((double)t / 10.0));
		json_object_set_new(c, "pct_ru", json_string(pct_ru(req, t)));
	}
	return c;
}

/* The rate cards and {"rates": {key: {n, pct}}} for the API. */
static void
add_rates(struct http_request *req, const struct dash *d, json_t *m)
{
	int64_t expected = (int64_t)d->nrows;
	int64_t reported = 0, missing = 0;
	json_t *cards = json_array(), *rates = json_object(), *c, *statuses = json_array();
	size_t i;
	int s;

	for (s = 0; s < WORKFLOW_STATUS__MAX; s++) {
		if (workflow_reported((enum workflow_status)s))
			reported += d->counts[s];
		else
			missing += d->counts[s];
	}

	json_array_append_new(cards, card(req, "expected", "Ожидается отчётов", expected, expected, 0));
	json_array_append_new(cards, card(req, "reported", "Представлено", reported, expected, 1));
	json_array_append_new(cards, card(req, "on_time", "В срок", d->on_time, expected, 1));
	json_array_append_new(cards, card(req, "late", "С опозданием", d->late, expected, 1));
	json_array_append_new(cards, card(req, "missing", "Не представлено", missing, expected, 1));
	json_array_append_new(cards,
			      card(req, "accepted", "Принято", d->counts[WORKFLOW_ACCEPTED], expected, 1));
	json_array_foreach(cards, i, c)
	{
		json_t *r = json_pack("{s:O}", "n", json_object_get(c, "n"));

		if (json_object_get(c, "pct"))
			json_object_set(r, "pct", json_object_get(c, "pct"));
		json_object_set_new(rates, web_str(c, "key"), r);
	}
	for (s = 0; s < WORKFLOW_STATUS__MAX; s++) {
		int64_t t = svg_percent_tenths(d->counts[s], expected);

		json_array_append_new(statuses,
				      json_pack("{s:s, s:s, s:i, s:s, s:f, s:s}", "status",
						workflow_status_code((enum workflow_status)s), "name",
						workflow_status_name((enum workflow_status)s), "n",
						d->counts[s], "n_ru", num_ru(req, d->counts[s]), "pct",
						(double)t / 10.0, "pct_ru", pct_ru(req, t)));
	}
	json_object_set_new(m, "cards", cards);
	json_object_set_new(m, "rates", rates);
	json_object_set_new(m, "statuses", statuses);
}

/* {"activities", …, "views"} as numbers, and the same as text in "totals_ru". */
static void
add_totals(struct http_request *req, const struct dash *d, json_t *m)
{
	json_t *t = json_object(), *ru = json_array();
	static const char *const labels[TOT__MAX] = {"Мероприятий", "Участников", "Охват", "Публикаций",
						     "Организаций присоединились"};
	size_t i;

	for (i = 0; i < TOT__MAX; i++) {
		json_object_set_new(t, tot_keys[i], json_integer(d->totals[i]));
		json_array_append_new(ru, json_pack("{s:s, s:s, s:s}", "key", tot_keys[i], "label", labels[i],
						    "n_ru", num_ru(req, d->totals[i])));
	}
	json_object_set_new(t, "views", json_integer(d->views));
	json_array_insert_new(ru, 4,
			      json_pack("{s:s, s:s, s:s}", "key", "views", "label", "Просмотров публикаций",
					"n_ru", num_ru(req, d->views)));
	json_object_set_new(m, "totals", t);
	json_object_set_new(m, "totals_list", ru);
}

/* A stored aggregate row's numbers with their Russian text. */
static void
agg_numbers(struct http_request *req, json_t *out, const json_t *src)
{
	static const char *const keys[] = {"activities", "participants", "reach"};
	size_t i;

	for (i = 0; i < 3; i++) {
		json_object_set_new(out, keys[i], json_integer(num(src, keys[i])));
		json_object_set_new(out, arena_printf(req->arena, "%s_ru", keys[i]),
				    json_string(num_ru(req, num(src, keys[i]))));
	}
}

static const json_t *
find_by(const json_t *rows, const char *key, const char *code)
{
	const json_t *r;
	size_t i;

	json_array_foreach(rows, i, r)
	{
		const char *c = web_str(r, key);

		if ((c == NULL && code == NULL) || (c && code && strcmp(c, code) == 0))
			return r;
	}
	return NULL;
}

/*
 * "by_form": the campaign's forms in order (zeros included), then any other
 * code the reports hold; "by_audience" likewise over report_audiences.
 */
static void
add_by_form_audience(struct http_request *req, const struct dash *d, json_t *m)
{
	json_t *forms = json_array(), *auds = json_array(), *o;
	const json_t *f, *r;
	const char *const *a;
	size_t i, k = 0;

	json_array_foreach(json_object_get(d->campaign, "forms"), i, f)
	{
		o = json_pack("{s:s?, s:s?, s:I}", "form", web_str(f, "code"), "title", web_str(f, "title"),
			      "n", (json_int_t)++k);
		agg_numbers(req, o, find_by(d->by_form, "form", web_str(f, "code")));
		json_array_append_new(forms, o);
	}
	json_array_foreach(d->by_form, i, r)
	{
		if (web_str(r, "form") &&
		    find_by(json_object_get(d->campaign, "forms"), "code", web_str(r, "form")))
			continue;
		o = json_pack("{s:s?, s:s, s:I}", "form", web_str(r, "form"), "title",
			      web_str(r, "form") ? web_str(r, "form") : "Форма не указана", "n",
			      (json_int_t)++k);
		agg_numbers(req, o, r);
		json_array_append_new(forms, o);
	}
	for (a = report_audiences; *a; a++) {
		o = json_pack("{s:s, s:s}", "audience", *a, "title", report_audience_title(*a));
		agg_numbers(req, o, find_by(d->by_audience, "audience", *a));
		json_array_append_new(auds, o);
	}
	json_array_foreach(d->by_audience, i, r)
	{
		if (web_str(r, "audience") && report_audience_title(web_str(r, "audience")))
			continue;
		o = json_pack("{s:s?, s:s}", "audience", web_str(r, "audience"), "title",
			      web_str(r, "audience") ? web_str(r, "audience") : "Не указана");
		agg_numbers(req, o, r);
		json_array_append_new(auds, o);
	}
	json_object_set_new(m, "by_form", forms);
	json_object_set_new(m, "by_audience", auds);
}

/*
 * "by_day": every day of the campaign period widened by the grace days,
 * zeros included, and any day outside it that holds activities (the range
 * capped at DAYS_MAX days from its start). Each {"date", "date_ru",
 * "activities", "outside"}.
 */
static void
add_by_day(struct http_request *req, const struct dash *d, json_t *m)
{
	json_t *days = json_array();
	const json_t *r;
	int64_t first = 0, last = -1, day, *vals = NULL, omitted = 0;
	char iso[CIVIL_DATE_TEXT_MAX], ru[CIVIL_DATE_TEXT_MAX];
	size_t i, n;

	if (d->have_dl) {
		first = d->dl.first_day;
		last = d->dl.last_day;
	}
	json_array_foreach(d->by_day, i, r)
	{
		if (web_str(r, "date") == NULL || civil_date_parse(web_str(r, "date"), &day) < 0 ||
		    num(r, "activities") <= 0)
			continue;
		if (last < first) {
			first = last = day;
			continue;
		}
		first = day < first ? day : first;
		last = day > last ? day : last;
	}
	if (last >= first) {
		if (last - first + 1 > DAYS_MAX)
			last = first + DAYS_MAX - 1;
		n = (size_t)(last - first + 1);
		vals = arena_alloc(req->arena, n * sizeof(*vals));
		json_array_foreach(d->by_day, i, r)
		{
			if (web_str(r, "date") == NULL || civil_date_parse(web_str(r, "date"), &day) < 0)
				continue;
			if (day < first || day > last)
				omitted += num(r, "activities");
			else
				vals[day - first] += num(r, "activities");
		}
		for (day = first; day <= last; day++) {
			if (civil_date_format_iso(day, iso, sizeof(iso)) < 0 ||
			    civil_date_format(day, ru, sizeof(ru)) < 0)
				continue;
			json_array_append_new(days, json_pack("{s:s, s:s, s:I, s:b}", "date", iso, "date_ru",
							      ru, "activities", (json_int_t)vals[day - first],
							      "outside",
							      d->have_dl && (day < d->dl.period_start ||
									     day > d->dl.period_end)));
		}
	}
	json_object_set_new(m, "by_day", days);
	json_object_set_new(m, "grace", json_boolean(d->have_dl && d->dl.grace_days > 0));
	json_object_set_new(m, "by_day_omitted", json_integer(omitted));
	if (omitted > 0)
		json_object_set_new(m, "by_day_omitted_ru", json_string(num_ru(req, omitted)));
}

/* One table row of the model. */
static json_t *
table_row(struct http_request *req, const struct dash *d, const struct row *r)
{
	const char *status = workflow_status_code(r->status);
	json_t *o = json_pack(
		"{s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:b, s:b, s:s}", "code", r->code, "name", r->name,
		"short_name", r->shortname, "kind", orgunit_kind_code(r->kind), "kind_name",
		orgunit_kind_name(r->kind), "status", status, "status_name", workflow_status_name(r->status),
		"late", r->late, "has_report", r->has_report, "href",
		arena_printf(req->arena, "/campaigns/%s/reports/%s", web_url_encode(req->arena, d->slug),
			     web_url_encode(req->arena, r->code)));
	size_t t;

	json_object_set_new(o, arena_printf(req->arena, "is_%s", status), json_true());
	if (r->submitted_at) {
		json_object_set_new(o, "submitted_at", json_integer(r->submitted_at));
		json_object_set_new(o, "submitted_ru",
				    json_string(web_instant_ru(req->arena, r->submitted_at,
							       web_str(d->campaign, "time_zone"))));
	} else {
		json_object_set_new(o, "submitted_at", json_null());
	}
	if (r->has_report) {
		json_t *tot = json_object(), *ru = json_array();

		for (t = 0; t < TOT__MAX; t++) {
			json_object_set_new(tot, tot_keys[t], json_integer(r->tot[t]));
			json_array_append_new(ru, json_pack("{s:s, s:I}", "n_ru", num_ru(req, r->tot[t]), "v",
							    (json_int_t)r->tot[t]));
		}
		json_object_set_new(o, "totals", tot);
		json_object_set_new(o, "cells", ru);
	} else {
		json_object_set_new(o, "totals", json_null());
	}
	/* Sort keys for the script that sorts a one-page table in the browser. */
	json_object_set_new(o, "kind_abbr", json_string(kind_abbr(r->kind)));
	json_object_set_new(o, "kind_order", json_integer(r->kind));
	json_object_set_new(o, "status_order", json_integer(r->status));
	return o;
}

/* The filtered, sorted page of the table, its column headers and page links. */
static void
add_table(struct http_request *req, struct dash *d, const struct query *q, json_t *m)
{
	const struct row **sel;
	size_t i, n = 0;
	int64_t pages, page, from, to, p, lo, hi;
	json_t *t, *rows = json_array(), *colsj = json_array(), *links = json_array();

	sel = arena_alloc(req->arena, (d->nrows + 1) * sizeof(*sel));
	for (i = 0; i < d->nrows; i++) {
		const struct row *r = &d->rows[i];

		if (q->status_mask && !(q->status_mask & (1u << r->status)))
			continue;
		if (q->kind_mask && !(q->kind_mask & (1u << r->kind)))
			continue;
		sel[n++] = r;
	}
	qsort_r(sel, n, sizeof(*sel), row_cmp, (void *)q);
	pages = n ? ((int64_t)n + q->per_page - 1) / q->per_page : 1;
	page = q->page > pages ? pages : q->page;
	from = (page - 1) * q->per_page;
	to = from + q->per_page < (int64_t)n ? from + q->per_page : (int64_t)n;
	for (p = from; p < to; p++)
		json_array_append_new(rows, table_row(req, d, sel[p]));
	for (i = 0; i < COL__MAX; i++) {
		int active = q->sort == (enum col)i;
		/* A click on the sorted column flips it; another column starts ascending. */
		int next_desc = active ? !q->desc : 0;

		json_array_append_new(colsj,
				      json_pack("{s:s, s:s, s:s, s:b, s:b, s:s, s:s}", "key", cols[i].key,
						"title", cols[i].title, "href",
						link(req, d->slug, q, (enum col)i, next_desc, 1, 1), "active",
						active, "num", cols[i].num, "aria",
						active ? (q->desc ? "descending" : "ascending") : "none",
						"arrow", active ? (q->desc ? "▼" : "▲") : ""));
	}
	lo = page - PAGE_LINKS / 2 > 1 ? page - PAGE_LINKS / 2 : 1;
	hi = lo + PAGE_LINKS - 1 < pages ? lo + PAGE_LINKS - 1 : pages;
	for (p = lo; p <= hi && pages > 1; p++)
		json_array_append_new(links, json_pack("{s:I, s:s, s:b}", "n", (json_int_t)p, "href",
						       link(req, d->slug, q, q->sort, q->desc, p, 1),
						       "current", p == page));
	t = json_pack("{s:o, s:o, s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:s, s:s, s:b, s:b, s:o}", "rows", rows,
		      "columns", colsj, "total", (json_int_t)n, "all", (json_int_t)d->nrows, "page",
		      (json_int_t)page, "pages", (json_int_t)pages, "per_page", (json_int_t)q->per_page,
		      "from", (json_int_t)(n ? from + 1 : 0), "to", (json_int_t)to, "sort", cols[q->sort].key,
		      "dir", q->desc ? "desc" : "asc", "paged", pages > 1, "client_sort", pages == 1,
		      "page_links", links);
	if (page > 1)
		json_object_set_new(t, "prev_href",
				    json_string(link(req, d->slug, q, q->sort, q->desc, page - 1, 1)));
	if (page < pages)
		json_object_set_new(t, "next_href",
				    json_string(link(req, d->slug, q, q->sort, q->desc, page + 1, 1)));
	json_object_set_new(t, "empty", json_boolean(n == 0));
	json_object_set_new(m, "table", t);
}

/* The filter form's choices with what is checked. */
static void
add_filters(struct http_request *req, const struct dash *d, const struct query *q, json_t *m)
{
	json_t *st = json_array(), *kinds = json_array();
	int kc[ORGUNIT_KIND__MAX] = {0};
	size_t i;
	int s;

	for (i = 0; i < d->nrows; i++)
		kc[d->rows[i].kind]++;
	for (s = 0; s < WORKFLOW_STATUS__MAX; s++)
		json_array_append_new(st, json_pack("{s:s, s:s, s:b, s:i}", "code",
						    workflow_status_code((enum workflow_status)s), "name",
						    workflow_status_name((enum workflow_status)s), "checked",
						    (q->status_mask >> s) & 1, "n", d->counts[s]));
	for (s = ORGUNIT_URBAN_OKRUG; s < ORGUNIT_KIND__MAX; s++)
		json_array_append_new(kinds, json_pack("{s:s, s:s, s:b, s:i}", "code",
						       orgunit_kind_code((enum orgunit_kind)s), "name",
						       orgunit_kind_name((enum orgunit_kind)s), "checked",
						       (q->kind_mask >> s) & 1, "n", kc[s]));
	json_object_set_new(m, "filters",
			    json_pack("{s:o, s:o, s:b, s:s, s:s, s:s}", "statuses", st, "kinds", kinds,
				      "active", q->status_mask || q->kind_mask, "reset_href",
				      link(req, d->slug, &(struct query){.per_page = q->per_page}, q->sort,
					   q->desc, 1, 1),
				      "sort", cols[q->sort].key, "dir", q->desc ? "desc" : "asc"));
}

/* Renders a chart into a string of the model; on failure (too big) a note instead. */
static void
set_chart(json_t *charts, const char *key, struct buf *b, int rc)
{
	json_object_set_new(
		charts, key,
		json_string(rc == 0 ? b->data
				    : "<p class=\"muted\">Диаграмма слишком велика для страницы.</p>"));
	buf_reset(b);
}

/* The three pictures (pages only): forms as bars, the statuses, the days. */
static void
add_charts(struct http_request *req, const struct dash *d, json_t *m)
{
	json_t *charts = json_object(), *forms = json_object_get(m, "by_form"),
	       *days = json_object_get(m, "by_day"), *o;
	struct svg_chart c;
	struct svg_bar *bars;
	struct svg_cell *cells;
	struct svg_class cls[WORKFLOW_STATUS__MAX];
	struct svg_day *dd;
	struct buf b;
	size_t i, n;
	int s;

	buf_init(&b, CHART_MAX);
	n = json_array_size(forms);
	bars = arena_alloc(req->arena, (n + 1) * sizeof(*bars));
	json_array_foreach(forms, i, o)
	{
		bars[i].label =
			arena_printf(req->arena, "%lld. %s", (long long)num(o, "n"), web_str(o, "title"));
		bars[i].value = num(o, "activities");
	}
	c = (struct svg_chart){"forms", "Мероприятия по формам", "мероприятий"};
	set_chart(charts, "forms", &b, svg_bars(&b, &c, bars, n));

	for (s = 0; s < WORKFLOW_STATUS__MAX; s++)
		cls[s] = (struct svg_class){workflow_status_code((enum workflow_status)s),
					    arena_printf(req->arena, "%s — %s",
							 workflow_status_name((enum workflow_status)s),
							 num_ru(req, d->counts[s])),
					    palette[s].fill,
					    palette[s].stroke,
					    palette[s].mark,
					    palette[s].dashed};
	c = (struct svg_chart){"status", "Статус отчётов муниципалитетов", "муниципалитетов"};
	if (d->nrows <= GRID_MAX) {
		cells = arena_alloc(req->arena, (d->nrows + 1) * sizeof(*cells));
		for (i = 0; i < d->nrows; i++) {
			const struct row *r = &d->rows[i];

			cells[i] = (struct svg_cell){r->shortname,
						     arena_printf(req->arena, "%s%s", kind_abbr(r->kind),
								  r->late ? " · опоздание" : ""),
						     arena_printf(req->arena, "%s: %s%s", r->name,
								  workflow_status_name(r->status),
								  r->late ? ", с опозданием" : ""),
						     r->status,
						     arena_printf(req->arena, "/campaigns/%s/reports/%s",
								  web_url_encode(req->arena, d->slug),
								  web_url_encode(req->arena, r->code))};
		}
		set_chart(charts, "status", &b, svg_grid(&b, &c, cells, d->nrows, cls, WORKFLOW_STATUS__MAX));
	} else {
		struct svg_bar sb[WORKFLOW_STATUS__MAX];

		for (s = 0; s < WORKFLOW_STATUS__MAX; s++)
			sb[s] = (struct svg_bar){workflow_status_name((enum workflow_status)s), d->counts[s],
						 palette[s].fill, palette[s].mark, NULL};
		set_chart(charts, "status", &b, svg_bars(&b, &c, sb, WORKFLOW_STATUS__MAX));
	}

	n = json_array_size(days);
	dd = arena_alloc(req->arena, (n + 1) * sizeof(*dd));
	json_array_foreach(days, i, o)
	{
		const char *ru = web_str(o, "date_ru");

		dd[i].tick = arena_strndup(req->arena, ru, 5);
		dd[i].hover = ru;
		dd[i].value = num(o, "activities");
		dd[i].outside = json_is_true(json_object_get(o, "outside"));
	}
	c = (struct svg_chart){"days", "Мероприятия по дням", "мероприятий"};
	set_chart(charts, "timeline", &b, svg_timeline(&b, &c, dd, n));
	buf_release(&b);
	json_object_set_new(m, "charts", charts);
}

/*
 * Loads everything in one read transaction, so the figures agree with each
 * other: the campaign, then one streamed row per org unit with its report
 * (on_unit), then the three aggregates.
 */
static enum store_rc
load(struct http_request *req, struct store *st, struct dash *d)
{
	struct load_ctx lc = {.req = req, .d = d};
	enum store_rc rc;

	if ((rc = store_begin(st, 0)) != STORE_OK)
		return rc;
	if ((rc = store_campaign_get(st, d->slug, &d->campaign)) == STORE_OK) {
		reporting_units_init(&lc.set, d->campaign);
		rc = store_export_summary(st, d->slug, on_unit, &lc);
		reporting_units_release(&lc.set);
	}
	if (rc == STORE_OK && (rc = store_campaign_by_form(st, d->slug, &d->by_form)) == STORE_OK &&
	    (rc = store_campaign_by_audience(st, d->slug, &d->by_audience)) == STORE_OK)
		rc = store_campaign_by_day(st, d->slug, &d->by_day);
	store_rollback(st);
	return rc;
}

/*
 * GET /admin/campaigns/{slug}/dashboard and /api/v1/campaigns/{slug}/dashboard.
 * 200 with the model; 404 for an unknown campaign; 422 for a bad query.
 */
void
dashboard_show(struct http_request *req, struct http_response *resp)
{
	struct store *st = web_store();
	const json_t *period;
	struct query q;
	struct dash d;
	enum store_rc rc;
	json_t *m;

	memset(&d, 0, sizeof(d));
	d.slug = http_params_get(&req->params, "slug");
	if (parse_query(req, resp, &q) < 0)
		return;
	if (st == NULL) {
		web_store_error(req, resp, STORE_UNAVAILABLE);
		return;
	}
	rc = load(req, st, &d);
	arena_defer(req->arena, free, d.rows);
	web_keep(req, d.campaign);
	web_keep(req, d.by_form);
	web_keep(req, d.by_audience);
	web_keep(req, d.by_day);
	if (rc != STORE_OK) {
		if (rc == STORE_NOTFOUND)
			http_error(req, resp, 404, "not_found", "Такой кампании нет.", NULL);
		else
			web_store_error(req, resp, rc);
		return;
	}
	d.have_dl = deadline_from_campaign_zone(d.campaign, tz_offset, &d.dl, &d.offset) == 0;
	period = json_object_get(d.campaign, "period");
	m = json_pack(
		"{s:s, s:{s:s, s:s, s:s?, s:s?}, s:s}", "title",
		arena_printf(req->arena, "Сводка: %s", web_str(d.campaign, "title")), "campaign", "slug",
		d.slug, "title", web_str(d.campaign, "title"), "period_ru",
		web_period_ru(req->arena, web_str(period, "start"), web_str(period, "end")), "due_ru",
		d.have_dl ? web_instant_ru(req->arena, d.dl.due, web_str(d.campaign, "time_zone")) : NULL,
		"generated_ru", web_instant_ru(req->arena, web_now(), web_str(d.campaign, "time_zone")));
	add_rates(req, &d, m);
	add_totals(req, &d, m);
	add_by_form_audience(req, &d, m);
	add_by_day(req, &d, m);
	add_table(req, &d, &q, m);
	add_filters(req, &d, &q, m);
	if (!req->is_api)
		add_charts(req, &d, m);
	web_no_store(req, resp);
	web_respond(req, resp, "dashboard", m);
}
