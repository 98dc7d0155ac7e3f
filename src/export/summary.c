/*
 * summary: export_campaign(), the one driver of every export. In a single
 * read transaction (one snapshot, so the totals of «Сводка» and the rows of
 * the other sheets agree) it reads the campaign, streams the
 * municipalities with their reports' status and totals into «Сводка»
 * (every municipality that must report, not started ones with zeros, then
 * «Итого по краю»), and streams the activities, publications and
 * organizations of the municipalities listed from the store, row by row,
 * into the writer. Nothing of a national campaign is held whole but the
 * campaign document and the codes of the municipalities listed. Codes
 * become Russian titles here (status, kind of municipality, form of
 * activity, audience, network, kind of organization); the codes go along
 * for JSON.
 */
#include <stdlib.h>
#include <string.h>

#include "domain/campaign.h"
#include "domain/orgunit.h"
#include "domain/report.h"
#include "domain/reporting.h"
#include "domain/workflow.h"
#include "export/export_int.h"
#include "util/civil.h"
#include "util/jsonx.h"
#include "util/log.h"
#include "util/tz.h"
#include "util/xalloc.h"

#define TOTAL_TITLE "Итого по краю"

#define NTOTALS 6 /* activities, participants, reach, publications, views, organizations */

struct run {
	struct export_writer *w;
	const struct export_filter *f;
	json_t *doc; /* the campaign */
	const char *zone;
	struct reporting_units must; /* the municipalities that report (borrowing doc's strings) */
	char **included; /* codes of the municipalities in «Сводка» (owned), sorted once complete */
	size_t nincluded, cap;
	int write_summary; /* the writer takes «Сводка» */
	int64_t sums[NTOTALS]; /* «Итого по краю» */
	char last[ORGUNIT_CODE_MAX + 1]; /* the org unit of the previous row … */
	int last_in; /* … and whether it is included */
	int write_failed;
	struct buf tmp; /* audience titles */
	struct export_value v[16];
};

static const struct {
	const char *code, *title;
} networks[] = {
	{"vk", "ВКонтакте"},        {"ok", "Одноклассники"},  {"telegram", "Telegram"},
	{"instagram", "Instagram"}, {"facebook", "Facebook"}, {"tiktok", "TikTok"},
	{"youtube", "YouTube"},     {"rutube", "Rutube"},     {"dzen", "Дзен"},
	{"site", "сайт"},
};

static int
cmp_str(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* set: n pointers to strings, sorted. */
static int
in_set(const void *set, size_t n, const char *code)
{
	return bsearch(&code, set, n, sizeof(const char *), cmp_str) != NULL;
}

static enum export_rc
from_store(enum store_rc rc)
{
	switch (rc) {
	case STORE_OK: return EXPORT_OK;
	case STORE_NOTFOUND: return EXPORT_NOTFOUND;
	case STORE_UNAVAILABLE: return EXPORT_UNAVAILABLE;
	default: return EXPORT_STORE_FAILED;
	}
}

static int32_t
zone_offset(const char *zone, int64_t t)
{
	int off;

	return zone && tz_offset(zone, t, &off) == 0 ? off : 0;
}

static struct export_value
text(const char *s, const char *code)
{
	return (struct export_value){.type = s && *s ? EXPORT_TEXT : EXPORT_NULL, .text = s, .code = code};
}

static struct export_value
integer(int64_t n, int has)
{
	return (struct export_value){.type = has ? EXPORT_INT : EXPORT_NULL, .num = n};
}

/* A date "YYYY-MM-DD" as a date; NULL or "" as nothing; anything else as the text. */
static struct export_value
date(const char *s)
{
	int64_t days;

	if (s == NULL || *s == '\0')
		return (struct export_value){.type = EXPORT_NULL};
	if (civil_date_parse(s, &days) < 0)
		return text(s, NULL);
	return (struct export_value){.type = EXPORT_DATE, .num = days};
}

static struct export_value
status(const char *code)
{
	enum workflow_status s;

	if (workflow_status_parse(code, &s) < 0)
		return text(code, code);
	return text(workflow_status_name(s), workflow_status_code(s));
}

static struct export_value
unit_kind(const char *code)
{
	enum orgunit_kind k;

	if (code == NULL || orgunit_kind_parse(code, &k) < 0)
		return text(code, code);
	return text(orgunit_kind_name(k), code);
}

/* The campaign's title of a form of activity, or the code. */
static const char *
form_title(const json_t *doc, const char *code)
{
	const json_t *f;
	size_t i;

	if (code == NULL)
		return NULL;
	json_array_foreach(json_object_get(doc, "forms"), i, f)
	{
		if (jx_get_str(f, "code") && strcmp(jx_get_str(f, "code"), code) == 0)
			return jx_get_str(f, "title") ? jx_get_str(f, "title") : code;
	}
	return code;
}

static const char *
network_title(const char *code)
{
	size_t i;

	for (i = 0; code && i < sizeof(networks) / sizeof(networks[0]); i++)
		if (strcmp(networks[i].code, code) == 0)
			return networks[i].title;
	return code;
}

/*
 * Whether the municipality is one the campaign expects a report from (the
 * store leaves the region itself out).
 */
/* Whether a row of this org unit belongs in the export (cached for runs of one unit). */
static int
included(struct run *r, const struct store_export_base *b)
{
	if (b->org_unit == NULL)
		return 0;
	if (strcmp(b->org_unit, r->last) != 0) {
		size_t n = strlen(b->org_unit);

		if (n >= sizeof(r->last))
			return 0;
		memcpy(r->last, b->org_unit, n + 1);
		r->last_in = in_set(r->included, r->nincluded, b->org_unit);
	}
	return r->last_in;
}

static int
put(struct run *r, int total)
{
	if (export_row(r->w, r->v, total) < 0) {
		r->write_failed = 1;
		return -1;
	}
	return 0;
}

static void
base(struct run *r, const struct store_export_base *b)
{
	r->v[0] = text(b->org_unit_name ? b->org_unit_name : b->org_unit, b->org_unit);
	r->v[1] = status(b->status);
	r->v[2] = integer(b->position + 1, 1);
}

static int
on_activity(void *ctx, const struct store_export_activity *a)
{
	struct run *r = ctx;
	const char *p, *q, *t;
	char code[64];
	size_t n;
	int rc = 0;

	if (!included(r, &a->b))
		return 0;
	base(r, &a->b);
	r->v[3] = text(form_title(r->doc, a->form), a->form);
	r->v[4] = date(a->date);
	r->v[5] = text(a->title, NULL);
	r->v[6] = text(a->description, NULL);
	buf_reset(&r->tmp);
	for (p = a->audience ? a->audience : ""; *p && rc == 0; p = *q ? q + 1 : q) {
		for (q = p; *q && *q != ','; q++)
			;
		n = (size_t)(q - p);
		if (n == 0 || n >= sizeof(code))
			continue;
		memcpy(code, p, n);
		code[n] = '\0';
		t = report_audience_title(code);
		rc |= buf_addf(&r->tmp, "%s%s", r->tmp.len ? ", " : "", t ? t : code);
	}
	if (rc < 0)
		return -1;
	r->v[7] = text(r->tmp.data, a->audience);
	r->v[8] = integer(a->participants, a->has_participants);
	r->v[9] = integer(a->reach, a->has_reach);
	r->v[10] = text(a->links, NULL);
	return put(r, 0);
}

static int
on_publication(void *ctx, const struct store_export_publication *p)
{
	struct run *r = ctx;

	if (!included(r, &p->b))
		return 0;
	base(r, &p->b);
	r->v[3] = text(p->url, NULL);
	r->v[4] = text(network_title(p->network), p->network);
	r->v[5] = date(p->date);
	r->v[6] = integer(p->views, p->has_views);
	r->v[7] = (struct export_value){.type = EXPORT_BOOL, .num = p->has_hashtag != 0};
	r->v[8] = (struct export_value){.type = EXPORT_BOOL, .num = p->has_alliance_link != 0};
	return put(r, 0);
}

static int
on_organization(void *ctx, const struct store_export_organization *o)
{
	struct run *r = ctx;
	const char *kind = o->kind ? report_org_kind_title(o->kind) : NULL;

	if (!included(r, &o->b))
		return 0;
	base(r, &o->b);
	r->v[3] = text(o->name, NULL);
	r->v[4] = text(kind ? kind : o->kind, o->kind);
	r->v[5] = text(o->inn, NULL);
	r->v[6] = date(o->joined);
	return put(r, 0);
}

/*
 * One municipality of «Сводка», as the store streams them in the order of
 * the org unit list: decides whether the export holds it (r->included) and
 * writes its row when the writer takes the sheet.
 */
static int
on_unit(void *ctx, const struct store_export_summary_row *u)
{
	struct run *r = ctx;
	const int64_t totals[NTOTALS] = {u->activities,   u->participants, u->reach,
					 u->publications, u->views,        u->organizations};
	enum workflow_status st = WORKFLOW_NOT_STARTED;
	enum orgunit_kind kind;
	int64_t n;
	size_t k;

	if (u->org_unit == NULL || strlen(u->org_unit) > ORGUNIT_CODE_MAX ||
	    !reporting_units_has(&r->must, u->org_unit, 0))
		return 0;
	if (r->f->kinds && (orgunit_kind_parse(u->org_unit_kind ? u->org_unit_kind : "", &kind) < 0 ||
			    !(r->f->kinds & (1u << kind))))
		return 0;
	if (u->status != NULL && workflow_status_parse(u->status, &st) < 0)
		st = WORKFLOW_DRAFT;
	if (r->f->statuses && !(r->f->statuses & (1u << st)))
		return 0;
	if (r->nincluded == r->cap) {
		r->cap = r->cap ? 2 * r->cap : 1024;
		r->included = xrealloc(r->included, r->cap * sizeof(*r->included));
	}
	r->included[r->nincluded++] = xstrdup(u->org_unit);
	if (!r->write_summary)
		return 0;
	r->v[0] = text(u->org_unit_name ? u->org_unit_name : u->org_unit, u->org_unit);
	r->v[1] = unit_kind(u->org_unit_kind);
	r->v[2] = text(workflow_status_name(st), workflow_status_code(st));
	r->v[3] = r->v[4] = (struct export_value){.type = EXPORT_NULL};
	if (u->status != NULL && u->has_submitted) {
		n = u->submitted_at;
		r->v[3] = (struct export_value){
			.type = EXPORT_DATETIME, .num = n, .offset = zone_offset(r->zone, n)};
		r->v[4] = (struct export_value){.type = EXPORT_BOOL, .num = u->late != 0};
	}
	for (k = 0; k < NTOTALS; k++) {
		n = u->status != NULL ? totals[k] : 0;
		r->sums[k] += n;
		r->v[5 + k] = integer(n, 1);
	}
	return put(r, 0);
}

/*
 * «Сводка»: decides which municipalities the export holds (r->included)
 * and writes their rows and the total when the writer takes the sheet;
 * 0, or -1 with *erc set.
 */
static int
summary(struct run *r, struct store *st, const char *slug, enum export_rc *erc)
{
	enum store_rc rc;
	size_t k;

	r->write_summary = export_wants(r->w, EXPORT_SUMMARY);
	if (r->write_summary && export_sheet_begin(r->w, EXPORT_SUMMARY) < 0) {
		*erc = EXPORT_WRITE_FAILED;
		return -1;
	}
	if ((rc = store_export_summary(st, slug, on_unit, r)) != STORE_OK) {
		*erc = r->write_failed ? EXPORT_WRITE_FAILED : from_store(rc);
		return -1;
	}
	if (r->write_summary) {
		r->v[0] = text(TOTAL_TITLE, NULL);
		for (k = 1; k < 5; k++)
			r->v[k] = (struct export_value){.type = EXPORT_NULL};
		for (k = 0; k < NTOTALS; k++)
			r->v[5 + k] = integer(r->sums[k], 1);
		if (put(r, 1) < 0 || export_sheet_end(r->w) < 0) {
			*erc = EXPORT_WRITE_FAILED;
			return -1;
		}
	}
	if (r->nincluded > 0)
		qsort(r->included, r->nincluded, sizeof(*r->included), cmp_str);
	return 0;
}

/* Runs one streaming sheet; 0, or -1 with *erc set. */
static int
detail(struct run *r, struct store *st, const char *slug, enum export_sheet_id id, enum export_rc *erc)
{
	enum store_rc rc;

	if (!export_wants(r->w, id))
		return 0;
	if (export_sheet_begin(r->w, id) < 0) {
		*erc = EXPORT_WRITE_FAILED;
		return -1;
	}
	r->last[0] = '\0';
	r->last_in = 0;
	switch (id) {
	case EXPORT_ACTIVITIES: rc = store_export_activities(st, slug, on_activity, r); break;
	case EXPORT_PUBLICATIONS: rc = store_export_publications(st, slug, on_publication, r); break;
	case EXPORT_ORGANIZATIONS: rc = store_export_organizations(st, slug, on_organization, r); break;
	default: abort();
	}
	if (rc != STORE_OK) {
		*erc = r->write_failed ? EXPORT_WRITE_FAILED : from_store(rc);
		return -1;
	}
	if (export_sheet_end(r->w) < 0) {
		*erc = EXPORT_WRITE_FAILED;
		return -1;
	}
	return 0;
}

enum export_rc
export_campaign(struct store *st, const char *slug, const struct export_filter *f, int64_t now,
		struct export_writer *w)
{
	static const struct export_filter all = {0, 0};
	struct run r = {.w = w, .f = f ? f : &all};
	json_t *doc = NULL, *fj = NULL;
	struct export_meta m = {0};
	char *ftext = NULL;
	enum export_rc erc = EXPORT_OK;
	enum store_rc rc;
	size_t i;

	buf_init(&r.tmp, 4096);
	if ((rc = store_begin(st, 0)) != STORE_OK) {
		erc = from_store(rc);
		goto out;
	}
	if ((rc = store_campaign_get(st, slug, &doc)) != STORE_OK) {
		erc = from_store(rc);
		goto out;
	}
	r.doc = doc;
	r.zone = jx_get_str(doc, "time_zone");
	reporting_units_init(&r.must, doc);
	fj = export_filter_json(r.f);
	ftext = export_filter_text(r.f);
	m.slug = slug;
	m.title = jx_get_str(doc, "title") ? jx_get_str(doc, "title") : slug;
	m.time_zone = r.zone ? r.zone : "UTC";
	m.exported_at = now;
	m.offset = zone_offset(r.zone, now);
	m.filter = fj;
	m.filter_text = ftext;
	if (export_begin(w, &m) < 0) {
		erc = EXPORT_WRITE_FAILED;
		goto out;
	}
	if (summary(&r, st, slug, &erc) < 0)
		goto out;
	if (detail(&r, st, slug, EXPORT_ACTIVITIES, &erc) < 0 ||
	    detail(&r, st, slug, EXPORT_PUBLICATIONS, &erc) < 0 ||
	    detail(&r, st, slug, EXPORT_ORGANIZATIONS, &erc) < 0)
		goto out;
	store_rollback(st); /* read only: nothing to keep */
	if (export_finish(w) < 0)
		erc = EXPORT_WRITE_FAILED;
out:
	store_rollback(st);
	json_decref(doc);
	json_decref(fj);
	free(ftext);
	reporting_units_release(&r.must);
	for (i = 0; i < r.nincluded; i++)
		free(r.included[i]);
	free(r.included);
	buf_release(&r.tmp);
	return erc;
}
