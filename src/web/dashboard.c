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
 * store_export_summary row per org unit becomes a compact struct dashboard_row (no
 * JSON per row); counts and totals are added up as rows come; the table is
 * filtered and sorted as pointers in C and only its shown page becomes
 * JSON.
 *
 * The table (rows, sorting, filters, paging, links) is dashboard_table.c;
 * what the two files share is dashboard_int.h.
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
#include "web/dashboard_int.h"

#define GRID_MAX 120 /* more municipalities than this: the status chart is bars */
#define DAYS_MAX 400 /* days the timeline shows at most */
#define CHART_MAX ((size_t)4 << 20) /* bytes of one chart */

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
static int64_t
num(const json_t *obj, const char *key)
{
	const json_t *v = json_object_get(obj, key);

	return json_is_integer(v) ? (int64_t)json_integer_value(v) : 0;
}

const char *
dashboard_num_ru(struct http_request *req, int64_t v)
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
/* What the summary callback needs besides the dashboard. */
struct load_ctx {
	struct http_request *req;
	struct dashboard *d;
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
	struct dashboard *d = lc->d;
	struct dashboard_row *row;
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
	dashboard_row_names(lc->req, row);
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
	json_t *c = web_pack("{s:s, s:s, s:I, s:s}", "key", key, "label", label, "n", (json_int_t)n, "n_ru",
			     dashboard_num_ru(req, n));

	if (with_pct) {
		jx_set(c, "pct", json_real((double)t / 10.0));
		jx_set(c, "pct_ru", jx_str(pct_ru(req, t)));
	}
	return c;
}

/* The rate cards and {"rates": {key: {n, pct}}} for the API. */
static void
add_rates(struct http_request *req, const struct dashboard *d, json_t *m)
{
	int64_t expected = (int64_t)d->nrows;
	int64_t reported = 0, missing = 0;
	json_t *cards = jx_arr(), *rates = jx_obj(), *c, *statuses = jx_arr();
	size_t i;
	int s;

	for (s = 0; s < WORKFLOW_STATUS__MAX; s++) {
		if (workflow_reported((enum workflow_status)s))
			reported += d->counts[s];
		else
			missing += d->counts[s];
	}

	jx_append(cards, card(req, "expected", "Ожидается отчётов", expected, expected, 0));
	jx_append(cards, card(req, "reported", "Представлено", reported, expected, 1));
	jx_append(cards, card(req, "on_time", "В срок", d->on_time, expected, 1));
	jx_append(cards, card(req, "late", "С опозданием", d->late, expected, 1));
	jx_append(cards, card(req, "missing", "Не представлено", missing, expected, 1));
	jx_append(cards, card(req, "accepted", "Принято", d->counts[WORKFLOW_ACCEPTED], expected, 1));
	json_array_foreach(cards, i, c)
	{
		json_t *r = web_pack("{s:O}", "n", json_object_get(c, "n"));

		if (json_object_get(c, "pct"))
			json_object_set(r, "pct", json_object_get(c, "pct"));
		jx_set(rates, jx_get_str(c, "key"), r);
	}
	for (s = 0; s < WORKFLOW_STATUS__MAX; s++) {
		int64_t t = svg_percent_tenths(d->counts[s], expected);

		jx_append(statuses, web_pack("{s:s, s:s, s:i, s:s, s:f, s:s}", "status",
					     workflow_status_code((enum workflow_status)s), "name",
					     workflow_status_name((enum workflow_status)s), "n", d->counts[s],
					     "n_ru", dashboard_num_ru(req, d->counts[s]), "pct",
					     (double)t / 10.0, "pct_ru", pct_ru(req, t)));
	}
	jx_set(m, "cards", cards);
	jx_set(m, "rates", rates);
	jx_set(m, "statuses", statuses);
}

/* {"activities", …, "views"} as numbers, and the same as text in "totals_ru". */
static void
add_totals(struct http_request *req, const struct dashboard *d, json_t *m)
{
	json_t *t = jx_obj(), *ru = jx_arr();
	static const char *const labels[TOT__MAX] = {"Мероприятий", "Участников", "Охват", "Публикаций",
						     "Организаций присоединились"};
	size_t i;

	for (i = 0; i < TOT__MAX; i++) {
		jx_set(t, dashboard_tot_keys[i], jx_int(d->totals[i]));
		jx_append(ru, web_pack("{s:s, s:s, s:s}", "key", dashboard_tot_keys[i], "label", labels[i],
				       "n_ru", dashboard_num_ru(req, d->totals[i])));
	}
	jx_set(t, "views", jx_int(d->views));
	json_array_insert_new(ru, 4,
			      web_pack("{s:s, s:s, s:s}", "key", "views", "label", "Просмотров публикаций",
				       "n_ru", dashboard_num_ru(req, d->views)));
	jx_set(m, "totals", t);
	jx_set(m, "totals_list", ru);
}

/* A stored aggregate row's numbers with their Russian text. */
static void
agg_numbers(struct http_request *req, json_t *out, const json_t *src)
{
	static const char *const keys[] = {"activities", "participants", "reach"};
	size_t i;

	for (i = 0; i < 3; i++) {
		jx_set(out, keys[i], jx_int(num(src, keys[i])));
		jx_set(out, arena_printf(req->arena, "%s_ru", keys[i]),
		       jx_str(dashboard_num_ru(req, num(src, keys[i]))));
	}
}

static const json_t *
find_by(const json_t *rows, const char *key, const char *code)
{
	const json_t *r;
	size_t i;

	json_array_foreach(rows, i, r)
	{
		const char *c = jx_get_str(r, key);

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
add_by_form_audience(struct http_request *req, const struct dashboard *d, json_t *m)
{
	json_t *forms = jx_arr(), *auds = jx_arr(), *o;
	const json_t *f, *r;
	const char *const *a;
	size_t i, k = 0;

	json_array_foreach(json_object_get(d->campaign, "forms"), i, f)
	{
		o = web_pack("{s:s?, s:s?, s:I}", "form", jx_get_str(f, "code"), "title",
			     jx_get_str(f, "title"), "n", (json_int_t)++k);
		agg_numbers(req, o, find_by(d->by_form, "form", jx_get_str(f, "code")));
		jx_append(forms, o);
	}
	json_array_foreach(d->by_form, i, r)
	{
		if (jx_get_str(r, "form") &&
		    find_by(json_object_get(d->campaign, "forms"), "code", jx_get_str(r, "form")))
			continue;
		o = web_pack("{s:s?, s:s, s:I}", "form", jx_get_str(r, "form"), "title",
			     jx_get_str(r, "form") ? jx_get_str(r, "form") : "Форма не указана", "n",
			     (json_int_t)++k);
		agg_numbers(req, o, r);
		jx_append(forms, o);
	}
	for (a = report_audiences; *a; a++) {
		o = web_pack("{s:s, s:s}", "audience", *a, "title", report_audience_title(*a));
		agg_numbers(req, o, find_by(d->by_audience, "audience", *a));
		jx_append(auds, o);
	}
	json_array_foreach(d->by_audience, i, r)
	{
		if (jx_get_str(r, "audience") && report_audience_title(jx_get_str(r, "audience")))
			continue;
		o = web_pack("{s:s?, s:s}", "audience", jx_get_str(r, "audience"), "title",
			     jx_get_str(r, "audience") ? jx_get_str(r, "audience") : "Не указана");
		agg_numbers(req, o, r);
		jx_append(auds, o);
	}
	jx_set(m, "by_form", forms);
	jx_set(m, "by_audience", auds);
}

/*
 * "by_day": every day of the campaign period widened by the grace days,
 * zeros included, and any day outside it that holds activities (the range
 * capped at DAYS_MAX days from its start). Each {"date", "date_ru",
 * "activities", "outside"}.
 */
static void
add_by_day(struct http_request *req, const struct dashboard *d, json_t *m)
{
	json_t *days = jx_arr();
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
		if (jx_get_str(r, "date") == NULL || civil_date_parse(jx_get_str(r, "date"), &day) < 0 ||
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
			if (jx_get_str(r, "date") == NULL ||
			    civil_date_parse(jx_get_str(r, "date"), &day) < 0)
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
			jx_append(days, web_pack("{s:s, s:s, s:I, s:b}", "date", iso, "date_ru", ru,
						 "activities", (json_int_t)vals[day - first], "outside",
						 d->have_dl && (day < d->dl.period_start ||
								day > d->dl.period_end)));
		}
	}
	jx_set(m, "by_day", days);
	jx_set(m, "grace", jx_bool(d->have_dl && d->dl.grace_days > 0));
	jx_set(m, "by_day_omitted", jx_int(omitted));
	if (omitted > 0)
		jx_set(m, "by_day_omitted_ru", jx_str(dashboard_num_ru(req, omitted)));
}
/* Renders a chart into a string of the model; on failure (too big) a note instead. */
static void
set_chart(json_t *charts, const char *key, struct buf *b, int rc)
{
	jx_set(charts, key,
	       jx_str(rc == 0 ? b->data : "<p class=\"muted\">Диаграмма слишком велика для страницы.</p>"));
	buf_reset(b);
}

/* The three pictures (pages only): forms as bars, the statuses, the days. */
static void
add_charts(struct http_request *req, const struct dashboard *d, json_t *m)
{
	json_t *charts = jx_obj(), *forms = json_object_get(m, "by_form"),
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
			arena_printf(req->arena, "%lld. %s", (long long)num(o, "n"), jx_get_str(o, "title"));
		bars[i].value = num(o, "activities");
	}
	c = (struct svg_chart){"forms", "Мероприятия по формам", "мероприятий"};
	set_chart(charts, "forms", &b, svg_bars(&b, &c, bars, n));

	for (s = 0; s < WORKFLOW_STATUS__MAX; s++)
		cls[s] = (struct svg_class){workflow_status_code((enum workflow_status)s),
					    arena_printf(req->arena, "%s — %s",
							 workflow_status_name((enum workflow_status)s),
							 dashboard_num_ru(req, d->counts[s])),
					    palette[s].fill,
					    palette[s].stroke,
					    palette[s].mark,
					    palette[s].dashed};
	c = (struct svg_chart){"status", "Статус отчётов муниципалитетов", "муниципалитетов"};
	if (d->nrows <= GRID_MAX) {
		cells = arena_alloc(req->arena, (d->nrows + 1) * sizeof(*cells));
		for (i = 0; i < d->nrows; i++) {
			const struct dashboard_row *r = &d->rows[i];

			cells[i] = (struct svg_cell){
				r->shortname,
				arena_printf(req->arena, "%s%s", dashboard_kind_abbr(r->kind),
					     r->late ? " · опоздание" : ""),
				arena_printf(req->arena, "%s: %s%s", r->name, workflow_status_name(r->status),
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
		const char *ru = jx_get_str(o, "date_ru");

		dd[i].tick = arena_strndup(req->arena, ru, 5);
		dd[i].hover = ru;
		dd[i].value = num(o, "activities");
		dd[i].outside = json_is_true(json_object_get(o, "outside"));
	}
	c = (struct svg_chart){"days", "Мероприятия по дням", "мероприятий"};
	set_chart(charts, "timeline", &b, svg_timeline(&b, &c, dd, n));
	buf_release(&b);
	jx_set(m, "charts", charts);
}

/*
 * Loads everything in one read transaction, so the figures agree with each
 * other: the campaign, then one streamed row per org unit with its report
 * (on_unit), then the three aggregates.
 */
static enum store_rc
load(struct http_request *req, struct store *st, struct dashboard *d)
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
	struct dashboard_query q;
	struct dashboard d;
	enum store_rc rc;
	json_t *m;

	memset(&d, 0, sizeof(d));
	d.slug = http_params_get(&req->params, "slug");
	if (dashboard_query_parse(req, resp, &q) < 0)
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
	m = web_pack(
		"{s:s, s:{s:s, s:s, s:s?, s:s?}, s:s}", "title",
		arena_printf(req->arena, "Сводка: %s", jx_get_str(d.campaign, "title")), "campaign", "slug",
		d.slug, "title", jx_get_str(d.campaign, "title"), "period_ru",
		web_period_ru(req->arena, jx_get_str(period, "start"), jx_get_str(period, "end")), "due_ru",
		d.have_dl ? web_instant_ru(req->arena, d.dl.due, jx_get_str(d.campaign, "time_zone")) : NULL,
		"generated_ru", web_instant_ru(req->arena, web_now(), jx_get_str(d.campaign, "time_zone")));
	if (m == NULL) {
		web_respond(req, resp, "dashboard", NULL); /* 500: web_pack logged why */
		return;
	}
	add_rates(req, &d, m);
	add_totals(req, &d, m);
	add_by_form_audience(req, &d, m);
	add_by_day(req, &d, m);
	dashboard_table_add(req, &d, &q, m);
	dashboard_filters_add(req, &d, &q, m);
	if (!req->is_api)
		add_charts(req, &d, m);
	web_no_store(req, resp);
	web_respond(req, resp, "dashboard", m);
}