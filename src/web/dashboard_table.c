/*
 * dashboard_table: the dashboard's table of municipalities. Each row's
 * short name and its case-blind sort key; the query string (?status=…,
 * ?kind=…, ?sort=…&dir=…, ?page=…, ?per_page=…) read into a query, 422
 * naming the parameter; the rows filtered and sorted as pointers in C;
 * only the shown page becomes JSON, with its column headers (links that
 * sort on the server), page links and the filter form's choices.
 */
#include <stdlib.h>
#include <string.h>

#include "domain/orgunit.h"
#include "domain/workflow.h"
#include "util/buf.h"
#include "util/utf8.h"
#include "web/web.h"
#include "web/dashboard_int.h"

#define PER_PAGE_DEFAULT 100
#define PER_PAGE_MAX 1000
#define PAGE_MAX WEB_PAGE_MAX
#define PAGE_LINKS 9 /* page numbers shown around the current one */

const char *const dashboard_tot_keys[TOT__MAX] = {"activities", "participants", "reach", "publications",
						  "organizations"};
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

const char *
dashboard_kind_abbr(enum orgunit_kind kind)
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
name_key(struct http_request *req, struct dashboard_row *r)
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

void
dashboard_row_names(struct http_request *req, struct dashboard_row *r)
{
	r->shortname = short_name(req, r->name, r->kind);
	name_key(req, r);
}

static int
key_cmp(const struct dashboard_row *a, const struct dashboard_row *b)
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
	const struct dashboard_row *a = *(const struct dashboard_row *const *)pa,
				   *b = *(const struct dashboard_row *const *)pb;
	const struct dashboard_query *q = arg;
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

int
dashboard_query_parse(struct http_request *req, struct http_response *resp, struct dashboard_query *q)
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
			q->sort = (enum dashboard_col)c;
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
link(struct http_request *req, const char *slug, const struct dashboard_query *q, enum dashboard_col sort,
     int desc, int64_t page, int anchor)
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
/* One table row of the model; NULL (web_pack logged why) leaves the row out, as it always did. */
static json_t *
table_row(struct http_request *req, const struct dashboard *d, const struct dashboard_row *r)
{
	const char *status = workflow_status_code(r->status);
	json_t *o = web_pack(
		"{s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:b, s:b, s:s}", "code", r->code, "name", r->name,
		"short_name", r->shortname, "kind", orgunit_kind_code(r->kind), "kind_name",
		orgunit_kind_name(r->kind), "status", status, "status_name", workflow_status_name(r->status),
		"late", r->late, "has_report", r->has_report, "href",
		arena_printf(req->arena, "/campaigns/%s/reports/%s", web_url_encode(req->arena, d->slug),
			     web_url_encode(req->arena, r->code)));
	size_t t;

	if (o == NULL)
		return NULL;
	jx_set(o, arena_printf(req->arena, "is_%s", status), json_true());
	if (r->submitted_at) {
		jx_set(o, "submitted_at", jx_int(r->submitted_at));
		jx_set(o, "submitted_ru",
		       jx_str(web_instant_ru(req->arena, r->submitted_at,
					     jx_get_str(d->campaign, "time_zone"))));
	} else {
		jx_set(o, "submitted_at", json_null());
	}
	if (r->has_report) {
		json_t *tot = jx_obj(), *ru = jx_arr();

		for (t = 0; t < TOT__MAX; t++) {
			jx_set(tot, dashboard_tot_keys[t], jx_int(r->tot[t]));
			jx_append(ru, web_pack("{s:s, s:I}", "n_ru", dashboard_num_ru(req, r->tot[t]), "v",
					       (json_int_t)r->tot[t]));
		}
		jx_set(o, "totals", tot);
		jx_set(o, "cells", ru);
	} else {
		jx_set(o, "totals", json_null());
	}
	/* Sort keys for the script that sorts a one-page table in the browser. */
	jx_set(o, "kind_abbr", jx_str(dashboard_kind_abbr(r->kind)));
	jx_set(o, "kind_order", jx_int(r->kind));
	jx_set(o, "status_order", jx_int(r->status));
	return o;
}

void
dashboard_table_add(struct http_request *req, struct dashboard *d, const struct dashboard_query *q, json_t *m)
{
	const struct dashboard_row **sel;
	size_t i, n = 0;
	int64_t pages, page, from, to, p, lo, hi;
	json_t *t, *rows = jx_arr(), *colsj = jx_arr(), *links = jx_arr();

	sel = arena_alloc(req->arena, (d->nrows + 1) * sizeof(*sel));
	for (i = 0; i < d->nrows; i++) {
		const struct dashboard_row *r = &d->rows[i];

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
	for (p = from; p < to; p++) {
		json_t *o = table_row(req, d, sel[p]);

		if (o)
			jx_append(rows, o);
	}
	for (i = 0; i < COL__MAX; i++) {
		int active = q->sort == (enum dashboard_col)i;
		/* A click on the sorted column flips it; another column starts ascending. */
		int next_desc = active ? !q->desc : 0;

		jx_append(colsj, web_pack("{s:s, s:s, s:s, s:b, s:b, s:s, s:s}", "key", cols[i].key, "title",
					  cols[i].title, "href",
					  link(req, d->slug, q, (enum dashboard_col)i, next_desc, 1, 1),
					  "active", active, "num", cols[i].num, "aria",
					  active ? (q->desc ? "descending" : "ascending") : "none", "arrow",
					  active ? (q->desc ? "▼" : "▲") : ""));
	}
	lo = page - PAGE_LINKS / 2 > 1 ? page - PAGE_LINKS / 2 : 1;
	hi = lo + PAGE_LINKS - 1 < pages ? lo + PAGE_LINKS - 1 : pages;
	for (p = lo; p <= hi && pages > 1; p++)
		jx_append(links,
			  web_pack("{s:I, s:s, s:b}", "n", (json_int_t)p, "href",
				   link(req, d->slug, q, q->sort, q->desc, p, 1), "current", p == page));
	t = web_pack("{s:o, s:o, s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:s, s:s, s:b, s:b, s:o}", "rows", rows,
		     "columns", colsj, "total", (json_int_t)n, "all", (json_int_t)d->nrows, "page",
		     (json_int_t)page, "pages", (json_int_t)pages, "per_page", (json_int_t)q->per_page,
		     "from", (json_int_t)(n ? from + 1 : 0), "to", (json_int_t)to, "sort", cols[q->sort].key,
		     "dir", q->desc ? "desc" : "asc", "paged", pages > 1, "client_sort", pages == 1,
		     "page_links", links);
	if (page > 1)
		jx_set(t, "prev_href", jx_str(link(req, d->slug, q, q->sort, q->desc, page - 1, 1)));
	if (page < pages)
		jx_set(t, "next_href", jx_str(link(req, d->slug, q, q->sort, q->desc, page + 1, 1)));
	jx_set(t, "empty", jx_bool(n == 0));
	jx_set(m, "table", t);
}

void
dashboard_filters_add(struct http_request *req, const struct dashboard *d, const struct dashboard_query *q,
		      json_t *m)
{
	json_t *st = jx_arr(), *kinds = jx_arr();
	int kc[ORGUNIT_KIND__MAX] = {0};
	size_t i;
	int s;

	for (i = 0; i < d->nrows; i++)
		kc[d->rows[i].kind]++;
	for (s = 0; s < WORKFLOW_STATUS__MAX; s++)
		jx_append(st, web_pack("{s:s, s:s, s:b, s:i}", "code",
				       workflow_status_code((enum workflow_status)s), "name",
				       workflow_status_name((enum workflow_status)s), "checked",
				       (q->status_mask >> s) & 1, "n", d->counts[s]));
	for (s = ORGUNIT_URBAN_OKRUG; s < ORGUNIT_KIND__MAX; s++)
		jx_append(kinds,
			  web_pack("{s:s, s:s, s:b, s:i}", "code", orgunit_kind_code((enum orgunit_kind)s),
				   "name", orgunit_kind_name((enum orgunit_kind)s), "checked",
				   (q->kind_mask >> s) & 1, "n", kc[s]));
	jx_set(m, "filters",
	       web_pack("{s:o, s:o, s:b, s:s, s:s, s:s}", "statuses", st, "kinds", kinds, "active",
			q->status_mask || q->kind_mask, "reset_href",
			link(req, d->slug, &(struct dashboard_query){.per_page = q->per_page}, q->sort,
			     q->desc, 1, 1),
			"sort", cols[q->sort].key, "dir", q->desc ? "desc" : "asc"));
}