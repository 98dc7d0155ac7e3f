/*
 * campaigns: org units and campaigns, and the dashboard's figures of a
 * campaign. Org units and campaigns are ensured (inserted when new, as
 * `svodka init` loads data/), listed, read and updated against their
 * version; a campaign is stored as its JSON document with the columns it
 * is looked up and ordered by. The dashboard sums a campaign's activities
 * by form, by audience and by day. The SQL is STMT_ORG_* and
 * STMT_CAMPAIGN_* in stmt.c.
 */
#include "store/store_int.h"

#include <stdlib.h>
#include <string.h>

#include "util/jsonx.h"
#include "util/log.h"

/* Org units. */

static json_t *
org_from_row(struct store *st, struct store_stmt *s, int off)
{
	json_t *o = jx_obj();

	jx_set(o, "code", store_col_str(st, s, off));
	jx_set(o, "parent", store_col_str(st, s, off + 1));
	jx_set(o, "name", store_col_str(st, s, off + 2));
	jx_set(o, "kind", store_col_str(st, s, off + 3));
	jx_set(o, "centre", store_col_str(st, s, off + 4));
	jx_set(o, "head", store_col_str(st, s, off + 5));
	jx_set(o, "email", store_col_str(st, s, off + 6));
	jx_set(o, "version", store_col_int(st, s, off + 7));
	return o;
}

static int
org_valid(const struct store_org_unit *u, const char *fn)
{
	if (u->code == NULL || u->name == NULL || u->kind == NULL) {
		log_warnx("%s: code, name and kind are required", fn);
		return 0;
	}
	return 1;
}

enum store_rc
store_org_unit_ensure(struct store *st, const struct store_org_unit *u, int *inserted)
{
	enum store_rc rc;

	*inserted = 0;
	if (!org_valid(u, __func__))
		return store_fail();
	rc = store_stmt_one(st, STMT_ORG_ENSURE,
			    ARGS(T(u->code), T(u->parent), T(u->name), T(u->kind), T(u->centre), T(u->head),
				 T(u->email)));
	if (rc == STORE_OK)
		*inserted = 1;
	return rc == STORE_NOTFOUND ? STORE_OK : rc;
}

enum store_rc
store_org_unit_list(struct store *st, json_t **units)
{
	return store_stmt_list(st, STMT_ORG_LIST, NOARGS, org_from_row, units);
}

enum store_rc
store_org_unit_get(struct store *st, const char *code, json_t **unit)
{
	struct store_stmt *s = NULL;
	enum store_rc rc;

	*unit = NULL;
	rc = store_stmt_run(st, STMT_ORG_GET, ARGS(T(code)), &s);
	if (rc == STORE_OK)
		*unit = org_from_row(st, s, 0);
	store_stmt_done(st, s);
	return rc;
}

/* NOTFOUND for an unknown code, CONFLICT for a stale version. */
enum store_rc
store_org_unit_update(struct store *st, const struct store_org_unit *u, int64_t version)
{
	enum store_rc rc;

	if (!org_valid(u, __func__))
		return store_fail();
	rc = store_stmt_one(
		st, STMT_ORG_UPDATE,
		ARGS(T(u->name), T(u->kind), T(u->centre), T(u->head), T(u->email), T(u->code), I(version)));
	if (rc != STORE_NOTFOUND)
		return rc;
	rc = store_stmt_one(st, STMT_ORG_GET, ARGS(T(u->code)));
	return rc == STORE_OK ? STORE_CONFLICT : rc;
}

/* Campaigns. */

/* The string at doc[key] (or doc[key][sub]); NULL when missing. */
static const char *
doc_str(json_t *doc, const char *key, const char *sub)
{
	json_t *v = json_object_get(doc, key);

	if (sub != NULL)
		v = json_object_get(v, sub);
	return json_string_value(v);
}

/* The indexed columns of a campaign document, and the document as text (malloc'd). */
struct campaign_cols {
	const char *slug, *title, *starts, *ends, *due, *tz;
	char *text;
};

/*
 * Reads the columns of doc; -1 (logged) when one is missing. "version" is
 * the store's (store_campaign_get adds it) and never part of the stored
 * document.
 */
static int
campaign_cols(json_t *doc, struct campaign_cols *c, const char *fn)
{
	json_t *copy;

	c->slug = doc_str(doc, "slug", NULL);
	c->title = doc_str(doc, "title", NULL);
	c->starts = doc_str(doc, "period", "start");
	c->ends = doc_str(doc, "period", "end");
	c->due = doc_str(doc, "report_due", NULL);
	c->tz = doc_str(doc, "time_zone", NULL);
	c->text = NULL;
	if (c->slug == NULL || c->title == NULL || c->starts == NULL || c->ends == NULL || c->due == NULL ||
	    c->tz == NULL) {
		log_warnx("%s: campaign document lacks slug, title, period, report_due or time_zone", fn);
		return -1;
	}
	copy = json_object_get(doc, "version") != NULL ? json_copy(doc) : json_incref(doc);
	if (copy == NULL)
		abort();
	(void)json_object_del(copy, "version");
	c->text = json_dumps(copy, JSON_COMPACT | JSON_PRESERVE_ORDER);
	json_decref(copy);
	if (c->text == NULL)
		abort();
	return 0;
}

enum store_rc
store_campaign_ensure(struct store *st, json_t *doc, int64_t now, int *inserted)
{
	struct campaign_cols c;
	enum store_rc rc;

	*inserted = 0;
	if (campaign_cols(doc, &c, __func__) < 0)
		return store_fail();
	rc = store_stmt_one(st, STMT_CAMPAIGN_ENSURE,
			    ARGS(T(c.slug), T(c.title), T(c.starts), T(c.ends), T(c.due), T(c.tz), T(c.text),
				 I(now), I(now)));
	if (rc == STORE_OK)
		*inserted = 1;
	else if (rc == STORE_NOTFOUND)
		rc = STORE_OK;
	free(c.text);
	return rc;
}

enum store_rc
store_campaign_create(struct store *st, json_t *doc, int64_t now)
{
	int inserted = 0;
	enum store_rc rc;

	rc = store_campaign_ensure(st, doc, now, &inserted);
	if (rc == STORE_OK && !inserted)
		rc = STORE_CONFLICT;
	return rc;
}

enum store_rc
store_campaign_update(struct store *st, const char *slug, json_t *doc, int64_t version, int64_t now)
{
	struct campaign_cols c;
	enum store_rc rc;

	if (slug == NULL || campaign_cols(doc, &c, __func__) < 0)
		return store_fail();
	if (strcmp(c.slug, slug) != 0) {
		log_warnx("%s: the document's slug is not the campaign's", __func__);
		free(c.text);
		return store_fail();
	}
	rc = store_stmt_one(st, STMT_CAMPAIGN_UPDATE,
			    ARGS(T(c.title), T(c.starts), T(c.ends), T(c.due), T(c.tz), T(c.text), I(now),
				 T(slug), I(version)));
	free(c.text);
	if (rc != STORE_NOTFOUND)
		return rc;
	rc = store_stmt_one(st, STMT_CAMPAIGN_VERSION, ARGS(T(slug)));
	return rc == STORE_OK ? STORE_CONFLICT : rc;
}

static json_t *
campaign_item_from_row(struct store *st, struct store_stmt *s, int off)
{
	json_t *o = jx_obj();

	jx_set(o, "slug", store_col_str(st, s, off));
	jx_set(o, "title", store_col_str(st, s, off + 1));
	jx_set(o, "starts", store_col_str(st, s, off + 2));
	jx_set(o, "ends", store_col_str(st, s, off + 3));
	jx_set(o, "due", store_col_str(st, s, off + 4));
	jx_set(o, "version", store_col_int(st, s, off + 5));
	return o;
}

enum store_rc
store_campaign_list(struct store *st, json_t **campaigns)
{
	return store_stmt_list(st, STMT_CAMPAIGN_LIST, NOARGS, campaign_item_from_row, campaigns);
}

enum store_rc
store_campaign_get(struct store *st, const char *slug, json_t **doc)
{
	struct store_stmt *s = NULL;
	json_t *d = NULL;
	enum store_rc rc;

	*doc = NULL;
	rc = store_stmt_run(st, STMT_CAMPAIGN_GET, ARGS(T(slug)), &s);
	if (rc != STORE_OK)
		goto out;
	d = store_col_json(st, s, 0);
	if (!json_is_object(d)) {
		log_warnx("%s: stored campaign is not a json object", __func__);
		rc = store_fail();
		goto out;
	}
	jx_set(d, "version", store_col_int(st, s, 1));
	*doc = d;
	d = NULL;
out:
	json_decref(d);
	store_stmt_done(st, s);
	return rc;
}

enum store_rc
store_campaign_version(struct store *st, const char *slug, int64_t *version)
{
	return store_stmt_int(st, STMT_CAMPAIGN_VERSION, ARGS(T(slug)), version);
}

/* The dashboard. */

static json_t *
by_form_from_row(struct store *st, struct store_stmt *s, int off)
{
	json_t *o = jx_obj();

	jx_set(o, "form", store_col_str(st, s, off));
	jx_set(o, "activities", store_col_int(st, s, off + 1));
	jx_set(o, "participants", store_col_int(st, s, off + 2));
	jx_set(o, "reach", store_col_int(st, s, off + 3));
	return o;
}

enum store_rc
store_campaign_by_form(struct store *st, const char *campaign, json_t **rows)
{
	return store_stmt_list(st, STMT_CAMPAIGN_BY_FORM, ARGS(T(campaign)), by_form_from_row, rows);
}

static json_t *
by_day_from_row(struct store *st, struct store_stmt *s, int off)
{
	json_t *o = jx_obj();

	jx_set(o, "date", store_col_str(st, s, off));
	jx_set(o, "activities", store_col_int(st, s, off + 1));
	return o;
}

enum store_rc
store_campaign_by_day(struct store *st, const char *campaign, json_t **rows)
{
	return store_stmt_list(st, STMT_CAMPAIGN_BY_DAY, ARGS(T(campaign)), by_day_from_row, rows);
}

/*
 * The query answers one row per combination of audiences (the bits of the
 * audiences column) with its sums; each combination counts towards every
 * audience it holds.
 */
enum store_rc
store_campaign_by_audience(struct store *st, const char *campaign, json_t **rows)
{
	int64_t sums[REPORT_AUDIENCES_N][3], mask, n[3];
	struct store_stmt *s = NULL;
	json_t *list = NULL;
	enum store_rc rc;
	int i, k;

	*rows = NULL;
	memset(sums, 0, sizeof(sums));
	rc = store_stmt_run(st, STMT_CAMPAIGN_BY_AUDIENCE, ARGS(T(campaign)), &s);
	while (rc == STORE_OK) {
		mask = st->ops->column_int64(s, 0);
		for (k = 0; k < 3; k++)
			n[k] = st->ops->column_int64(s, k + 1);
		for (i = 0; i < REPORT_AUDIENCES_N; i++) {
			if (!(mask & (INT64_C(1) << i)))
				continue;
			for (k = 0; k < 3; k++) {
				if (__builtin_add_overflow(sums[i][k], n[k], &sums[i][k])) {
					log_warnx("%s: sum overflows", __func__);
					rc = store_fail();
					goto out;
				}
			}
		}
		rc = store_stmt_step(st, s);
	}
	if (rc != STORE_NOTFOUND)
		goto out;
	rc = STORE_OK;
	list = jx_arr();
	for (i = 0; i < REPORT_AUDIENCES_N; i++) {
		if (sums[i][0] == 0)
			continue;
		jx_append(list, json_pack("{s:s, s:I, s:I, s:I}", "audience", report_audiences[i],
					  "activities", (json_int_t)sums[i][0], "participants",
					  (json_int_t)sums[i][1], "reach", (json_int_t)sums[i][2]));
	}
	*rows = list;
out:
	store_stmt_done(st, s);
	return rc;
}
