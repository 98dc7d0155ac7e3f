/*
 * summary: export_campaign(), the one driver of every export. In a single
 * read transaction (one snapshot, so the totals of «Сводка» and the rows of
 * the other sheets agree) it reads the campaign, the municipalities and the
 * reports' status and totals, writes «Сводка» (every municipality that must
 * report, not started ones with zeros, then «Итого по краю»), and streams
 * the activities, publications and organizations of the municipalities
 * listed from the store, row by row, into the writer. Codes become Russian
 * titles here (status, kind of municipality, form of activity, audience,
 * network, kind of organization); the codes go along for JSON.
 */
#include <stdlib.h>
#include <string.h>

#include "domain/campaign.h"
#include "domain/orgunit.h"
#include "domain/report.h"
#include "domain/workflow.h"
#include "export/export_int.h"
#include "util/log.h"
#include "util/tz.h"
#include "util/xalloc.h"

#define TOTAL_TITLE "Итого по краю"

struct run {
	struct export_writer *w;
	const struct export_filter *f;
	json_t *doc; /* the campaign */
	const char *zone;
	const char **must; /* the campaign's org_units, sorted; NULL: all */
	size_t nmust;
	const char **included; /* codes of the municipalities in «Сводка», sorted */
	size_t nincluded;
	char last[ORGUNIT_CODE_MAX + 1]; /* the org unit of the previous row … */
	int last_in; /* … and whether it is included */
	int write_failed;
	struct buf tmp; /* audience titles */
	struct export_value v[16];
};

/*
 * What «Сводка» needs of a report, compact: the store's list of reports is
 * a JSON value of some kilobytes a report, so it is boiled down to this and
 * freed before the municipalities are read (peak memory at national scale).
 */
struct report_ref {
	char code[ORGUNIT_CODE_MAX + 1];
	enum workflow_status status;
	int has_submitted, late;
	int64_t submitted_at;
	int64_t totals[6];
};

static const struct {
	const char *code, *title;
} networks[] = {
	{"vk", "ВКонтакте"},        {"ok", "Одноклассники"},  {"telegram", "Telegram"},
	{"instagram", "Instagram"}, {"facebook", "Facebook"}, {"tiktok", "TikTok"},
	{"youtube", "YouTube"},     {"rutube", "Rutube"},     {"dzen", "Дзен"},
	{"site", "сайт"},
};

static const char *const total_keys[] = {"activities",   "participants", "reach",
					 "publications", "views",        "organizations"};
#define NTOTALS (sizeof(total_keys) / sizeof(total_keys[0]))

static int
cmp_str(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

static int
cmp_ref(const void *a, const void *b)
{
	return strcmp(((const struct report_ref *)a)->code, ((const struct report_ref *)b)->code);
}

static const char *
str(const json_t *o, const char *key)
{
	return json_string_value(json_object_get(o, key));
}

static int
in_set(const char **set, size_t n, const char *code)
{
	return bsearch(&code, set, n, sizeof(*set), cmp_str) != NULL;
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
	if (campaign_date_parse(s, &days) < 0)
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
		if (str(f, "code") && strcmp(str(f, "code"), code) == 0)
			return str(f, "title") ? str(f, "title") : code;
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

/* Whether the municipality is one the campaign expects a report from. */
static int
must_report(const struct run *r, const json_t *unit)
{
	if (str(unit, "parent") == NULL)
		return 0; /* the region itself does not report */
	return r->must == NULL || in_set(r->must, r->nmust, str(unit, "code"));
}

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
 * Boils the store's list of reports down to a table sorted by org unit
 * code: *out (free it), *n rows.
 */
static void
compact_reports(json_t *reports, struct report_ref **out, size_t *n)
{
	struct report_ref *refs = xcalloc(json_array_size(reports) + 1, sizeof(*refs));
	const json_t *rep, *totals;
	const char *code;
	size_t i, k, len;

	*n = 0;
	json_array_foreach(reports, i, rep)
	{
		struct report_ref *ref = &refs[*n];

		code = str(rep, "org_unit");
		if (code == NULL || (len = strlen(code)) >= sizeof(ref->code))
			continue;
		memcpy(ref->code, code, len + 1);
		if (workflow_status_parse(str(rep, "status"), &ref->status) < 0)
			ref->status = WORKFLOW_DRAFT;
		if (json_is_integer(json_object_get(rep, "submitted_at"))) {
			ref->has_submitted = 1;
			ref->submitted_at = json_integer_value(json_object_get(rep, "submitted_at"));
			ref->late = json_is_true(json_object_get(rep, "late"));
		}
		totals = json_object_get(rep, "totals");
		for (k = 0; k < NTOTALS; k++)
			ref->totals[k] =
				json_integer_value(json_object_get(totals, total_keys[k])); /* null: 0 */
		(*n)++;
	}
	qsort(refs, *n, sizeof(*refs), cmp_ref);
	*out = refs;
}

/*
 * «Сводка»: decides which municipalities the export holds (r->included,
 * pointing into units) and writes their rows when the writer takes the
 * sheet. refs: the compact reports.
 */
static int
summary(struct run *r, json_t *units, const struct report_ref *refs, size_t nrefs)
{
	const struct report_ref *hit;
	struct report_ref key;
	size_t i, k, len;
	json_t *u;
	enum workflow_status st;
	enum orgunit_kind kind;
	int64_t sums[NTOTALS] = {0}, n;
	int write = export_wants(r->w, EXPORT_SUMMARY);

	r->included = xcalloc(json_array_size(units) + 1, sizeof(*r->included));
	if (write && export_sheet_begin(r->w, EXPORT_SUMMARY) < 0)
		goto fail;
	json_array_foreach(units, i, u)
	{
		if (!must_report(r, u) || str(u, "code") == NULL ||
		    (len = strlen(str(u, "code"))) >= sizeof(key.code))
			continue;
		if (r->f->kinds && (orgunit_kind_parse(str(u, "kind") ? str(u, "kind") : "", &kind) < 0 ||
				    !(r->f->kinds & (1u << kind))))
			continue;
		memcpy(key.code, str(u, "code"), len + 1);
		hit = bsearch(&key, refs, nrefs, sizeof(*refs), cmp_ref);
		st = hit ? hit->status : WORKFLOW_NOT_STARTED;
		if (r->f->statuses && !(r->f->statuses & (1u << st)))
			continue;
		r->included[r->nincluded++] = str(u, "code");
		if (!write)
			continue;
		r->v[0] = text(str(u, "name") ? str(u, "name") : str(u, "code"), str(u, "code"));
		r->v[1] = unit_kind(str(u, "kind"));
		r->v[2] = text(workflow_status_name(st), workflow_status_code(st));
		r->v[3] = r->v[4] = (struct export_value){.type = EXPORT_NULL};
		if (hit && hit->has_submitted) {
			n = hit->submitted_at;
			r->v[3] = (struct export_value){
				.type = EXPORT_DATETIME, .num = n, .offset = zone_offset(r->zone, n)};
			r->v[4] = (struct export_value){.type = EXPORT_BOOL, .num = hit->late};
		}
		for (k = 0; k < NTOTALS; k++) {
			n = hit ? hit->totals[k] : 0;
			sums[k] += n;
			r->v[5 + k] = integer(n, 1);
		}
		if (put(r, 0) < 0)
			goto fail;
	}
	if (write) {
		r->v[0] = text(TOTAL_TITLE, NULL);
		for (k = 1; k < 5; k++)
			r->v[k] = (struct export_value){.type = EXPORT_NULL};
		for (k = 0; k < NTOTALS; k++)
			r->v[5 + k] = integer(sums[k], 1);
		if (put(r, 1) < 0 || export_sheet_end(r->w) < 0)
			goto fail;
	}
	qsort(r->included, r->nincluded, sizeof(*r->included), cmp_str);
	return 0;
fail:
	r->write_failed = 1;
	return -1;
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
	json_t *doc = NULL, *units = NULL, *reports = NULL, *list, *v, *fj = NULL;
	struct report_ref *refs = NULL;
	size_t nrefs = 0;
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
	if ((rc = store_campaign_get(st, slug, &doc)) != STORE_OK ||
	    (rc = store_report_list(st, slug, &reports)) != STORE_OK) {
		erc = from_store(rc);
		goto out;
	}
	compact_reports(reports, &refs, &nrefs);
	json_decref(reports);
	reports = NULL;
	if ((rc = store_org_unit_list(st, &units)) != STORE_OK) {
		erc = from_store(rc);
		goto out;
	}
	r.doc = doc;
	r.zone = str(doc, "time_zone");
	list = json_object_get(doc, "org_units");
	if (json_is_array(list) && json_array_size(list) > 0) {
		r.must = xcalloc(json_array_size(list), sizeof(*r.must));
		json_array_foreach(list, i, v)
		{
			if (json_is_string(v))
				r.must[r.nmust++] = json_string_value(v);
		}
		qsort(r.must, r.nmust, sizeof(*r.must), cmp_str);
	}
	fj = export_filter_json(r.f);
	ftext = export_filter_text(r.f);
	m.slug = slug;
	m.title = str(doc, "title") ? str(doc, "title") : slug;
	m.time_zone = r.zone ? r.zone : "UTC";
	m.exported_at = now;
	m.offset = zone_offset(r.zone, now);
	m.filter = fj;
	m.filter_text = ftext;
	if (export_begin(w, &m) < 0) {
		erc = EXPORT_WRITE_FAILED;
		goto out;
	}
	if (summary(&r, units, refs, nrefs) < 0) {
		erc = EXPORT_WRITE_FAILED;
		goto out;
	}
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
	json_decref(units);
	json_decref(reports);
	json_decref(fj);
	free(ftext);
	free(refs);
	free(r.must);
	free(r.included);
	buf_release(&r.tmp);
	return erc;
}
