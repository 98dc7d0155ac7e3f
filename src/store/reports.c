/*
 * reports: a campaign's report of an org unit. store_report_write creates
 * or saves one against its version: the report row with its totals, its
 * data, its child rows (activities with their audiences, publications,
 * organizations, inserted STORE_ROWS_BATCH at a time) and a history entry,
 * in one transaction. Reports are read one with its data, a campaign's
 * list without, a report's history; a lock exception keeps one editable
 * after the campaign has locked reports. The audiences column is written
 * here, a bit per code of domain/report.h's report_audiences.
 * The SQL is STMT_REPORT_* in stmt.c.
 */
#include "store/store_int.h"

#include <assert.h>
#include <stdlib.h>
#include <string.h>

#include "util/buf.h"
#include "util/jsonx.h"
#include "util/log.h"
#include "util/xalloc.h"

/* The columns of stmt.c's REPORT_COLS; STMT_REPORT_GET has the data after them. */
#define REPORT_NCOLS 19
/* The most columns of a child row, and the leading arguments of a batch (report_id, campaign_id). */
#define ROWS_MAXCOLS 11
#define ROWS_MAXLEAD 2

/* The sums kept in the report row; null (or absent) numbers count as 0. */
struct report_totals {
	int64_t activities, participants, reach, publications, views, organizations;
};

/* Adds the integer at row[key] (0 unless it is one) to *sum; -1 on overflow. */
static int
add_num(int64_t *sum, json_t *row, const char *key)
{
	json_t *v = json_object_get(row, key);

	if (!json_is_integer(v))
		return 0;
	return __builtin_add_overflow(*sum, (int64_t)json_integer_value(v), sum) ? -1 : 0;
}

/* The totals of normalized report data; -1 when a sum overflows. */
static int
report_totals(json_t *data, struct report_totals *t)
{
	json_t *acts = json_object_get(data, "activities"), *pubs = json_object_get(data, "publications");
	json_t *row;
	size_t i;

	memset(t, 0, sizeof(*t));
	t->activities = (int64_t)json_array_size(acts);
	t->publications = (int64_t)json_array_size(pubs);
	t->organizations = (int64_t)json_array_size(json_object_get(data, "organizations"));
	json_array_foreach(acts, i, row)
	{
		if (add_num(&t->participants, row, "participants") < 0 ||
		    add_num(&t->reach, row, "reach") < 0)
			return -1;
	}
	json_array_foreach(pubs, i, row)
	{
		if (add_num(&t->views, row, "views") < 0)
			return -1;
	}
	return 0;
}

/* row[key] to bind: a string but "" (NULL in the child tables, as a missing value), else NULL. */
static struct store_arg
arg_text(json_t *row, const char *key)
{
	const char *v = json_string_value(json_object_get(row, key));

	return (struct store_arg)T(v != NULL && *v != '\0' ? v : NULL);
}

/* row[key] to bind: an integer, else NULL (a number not given). */
static struct store_arg
arg_num(json_t *row, const char *key)
{
	json_t *v = json_object_get(row, key);

	return json_is_integer(v) ? (struct store_arg)I(json_integer_value(v)) : (struct store_arg)T(NULL);
}

static struct store_arg
arg_bool(json_t *row, const char *key)
{
	return (struct store_arg)I(json_is_true(json_object_get(row, key)) ? 1 : 0);
}

/*
 * A batched multi-row INSERT being filled (see STORE_ROWS_BATCH): the leading
 * arguments (the report id, when the statement has one), then up to
 * STORE_ROWS_BATCH rows of ncols arguments; the parameters of the rows not
 * filled stay NULL, and the statement skips them.
 */
struct rows {
	struct store *st;
	enum store_stmt_id id;
	int nlead, ncols;
	int n; /* rows filled since the last flush */
	int64_t *ids; /* activities: the new id of each position (RETURNING id, position); else NULL */
	size_t nids;
	struct store_arg args[ROWS_MAXLEAD + STORE_ROWS_BATCH * ROWS_MAXCOLS + 1];
};

/*
 * The leading arguments: report_id 0 when the statement has none, else the
 * report id, followed by campaign_id when that is > 0 (activities).
 */
static void
rows_init(struct rows *r, struct store *st, enum store_stmt_id id, int ncols, int64_t report_id,
	  int64_t campaign_id)
{
	assert(ncols <= ROWS_MAXCOLS);
	r->st = st;
	r->id = id;
	r->ncols = ncols;
	r->n = 0;
	r->ids = NULL;
	r->nids = 0;
	r->nlead = 0;
	if (report_id > 0)
		r->args[r->nlead++] = (struct store_arg)I(report_id);
	if (report_id > 0 && campaign_id > 0)
		r->args[r->nlead++] = (struct store_arg)I(campaign_id);
}

/* The arguments of the next row, for the caller to fill in. */
static struct store_arg *
rows_next(struct rows *r)
{
	return &r->args[r->nlead + r->n * r->ncols];
}

/* Inserts the rows filled so far. */
static enum store_rc
rows_flush(struct rows *r)
{
	struct store_stmt *s = NULL;
	enum store_rc rc;
	int64_t pos;

	if (r->n == 0)
		return STORE_OK;
	r->args[r->nlead + r->n * r->ncols] = (struct store_arg)STORE_ARG_END;
	r->n = 0;
	if (r->ids == NULL)
		return store_stmt_run(r->st, r->id, r->args, NULL);
	rc = store_stmt_run(r->st, r->id, r->args, &s);
	while (rc == STORE_OK) {
		pos = r->st->ops->column_int64(s, 1);
		if (pos < 0 || (uint64_t)pos >= r->nids) {
			log_warnx("%s: insert returned position %lld", __func__, (long long)pos);
			rc = store_fail();
			break;
		}
		r->ids[pos] = r->st->ops->column_int64(s, 0);
		rc = store_stmt_step(r->st, s);
	}
	store_stmt_done(r->st, s);
	return rc == STORE_NOTFOUND ? STORE_OK : rc;
}

/* Counts the row just filled in; a full batch is inserted. */
static enum store_rc
rows_add(struct rows *r)
{
	return ++r->n == STORE_ROWS_BATCH ? rows_flush(r) : STORE_OK;
}

/* Whether list[j] already appeared before j (audiences are a set). */
static int
seen_before(json_t *list, size_t j)
{
	size_t k;

	for (k = 0; k < j; k++)
		if (json_equal(json_array_get(list, k), json_array_get(list, j)))
			return 1;
	return 0;
}

/* The index of an audience code in report_audiences, or -1. */
static int
audience_index(const char *code)
{
	int i;

	for (i = 0; code != NULL && i < REPORT_AUDIENCES_N; i++)
		if (strcmp(code, report_audiences[i]) == 0)
			return i;
	return -1;
}

/* The audiences column of an activity: a bit per known code (see report_audiences). */
static int64_t
audience_mask(json_t *row)
{
	json_t *code;
	int64_t mask = 0;
	size_t j;
	int k;

	json_array_foreach(json_object_get(row, "audience"), j, code)
	{
		if ((k = audience_index(json_string_value(code))) >= 0)
			mask |= INT64_C(1) << k;
	}
	return mask;
}

/*
 * The links column of an activity: the URLs of its links (objects with
 * "url", or strings) joined with " "; NULL when there are none. malloc'd.
 */
static char *
links_text(json_t *row)
{
	json_t *link;
	const char *url;
	struct buf b;
	size_t j;

	buf_init(&b, BUF_MAX_DEFAULT);
	json_array_foreach(json_object_get(row, "links"), j, link)
	{
		url = json_is_string(link) ? json_string_value(link)
					   : json_string_value(json_object_get(link, "url"));
		if (url == NULL || *url == '\0')
			continue;
		/* A report's size is capped far below the buffer's limit. */
		if ((b.len > 0 && buf_addc(&b, ' ') < 0) || buf_adds(&b, url) < 0)
			abort();
	}
	if (b.len == 0) {
		buf_release(&b);
		return NULL;
	}
	return buf_detach(&b, NULL);
}

static enum store_rc
activities_write(struct rows *r, int64_t report_id, int64_t campaign_id, json_t *acts)
{
	struct store *st = r->st;
	size_t i, j, n = json_array_size(acts);
	int64_t *ids = xcalloc(n > 0 ? n : 1, sizeof(*ids)); /* position → new id */
	char **links = xcalloc(n > 0 ? n : 1, sizeof(*links)); /* position → links column */
	json_t *row, *aud, *code;
	struct store_arg *a;
	enum store_rc rc = STORE_OK;

	rows_init(r, st, STMT_REPORT_ADD_ACTIVITIES, 11, report_id, campaign_id);
	r->ids = ids;
	r->nids = n;
	json_array_foreach(acts, i, row)
	{
		links[i] = links_text(row);
		a = rows_next(r);
		a[0] = (struct store_arg)I((int64_t)i);
		a[1] = arg_text(row, "id");
		a[2] = arg_text(row, "form");
		a[3] = arg_text(row, "date");
		a[4] = arg_text(row, "title");
		a[5] = arg_text(row, "description");
		a[6] = arg_num(row, "participants");
		a[7] = arg_num(row, "reach");
		a[8] = (struct store_arg)I((int64_t)json_array_size(json_object_get(row, "links")));
		a[9] = (struct store_arg)T(links[i]);
		a[10] = (struct store_arg)I(audience_mask(row));
		if ((rc = rows_add(r)) != STORE_OK)
			goto out;
	}
	if ((rc = rows_flush(r)) != STORE_OK)
		goto out;

	rows_init(r, st, STMT_REPORT_ADD_AUDIENCES, 2, 0, 0);
	json_array_foreach(acts, i, row)
	{
		aud = json_object_get(row, "audience");
		json_array_foreach(aud, j, code)
		{
			if (json_string_length(code) == 0 || seen_before(aud, j))
				continue;
			if (ids[i] <= 0) {
				log_warnx("%s: activity %zu got no id", __func__, i);
				rc = store_fail();
				goto out;
			}
			a = rows_next(r);
			a[0] = (struct store_arg)I(ids[i]);
			a[1] = (struct store_arg)T(json_string_value(code));
			if ((rc = rows_add(r)) != STORE_OK)
				goto out;
		}
	}
	rc = rows_flush(r);
out:
	for (i = 0; i < n; i++)
		free(links[i]);
	free(links);
	free(ids);
	return rc;
}

static enum store_rc
publications_write(struct rows *r, int64_t report_id, json_t *pubs)
{
	json_t *row;
	struct store_arg *a;
	enum store_rc rc;
	size_t i;

	rows_init(r, r->st, STMT_REPORT_ADD_PUBLICATIONS, 8, report_id, 0);
	json_array_foreach(pubs, i, row)
	{
		a = rows_next(r);
		a[0] = (struct store_arg)I((int64_t)i);
		a[1] = arg_text(row, "url");
		a[2] = arg_text(row, "key");
		a[3] = arg_text(row, "network");
		a[4] = arg_text(row, "date");
		a[5] = arg_num(row, "views");
		a[6] = arg_bool(row, "has_hashtag");
		a[7] = arg_bool(row, "has_alliance_link");
		if ((rc = rows_add(r)) != STORE_OK)
			return rc;
	}
	return rows_flush(r);
}

static enum store_rc
organizations_write(struct rows *r, int64_t report_id, json_t *orgs)
{
	json_t *row;
	struct store_arg *a;
	enum store_rc rc;
	size_t i;

	rows_init(r, r->st, STMT_REPORT_ADD_ORGANIZATIONS, 5, report_id, 0);
	json_array_foreach(orgs, i, row)
	{
		a = rows_next(r);
		a[0] = (struct store_arg)I((int64_t)i);
		a[1] = arg_text(row, "name");
		a[2] = arg_text(row, "kind");
		a[3] = arg_text(row, "inn");
		a[4] = arg_text(row, "joined");
		if ((rc = rows_add(r)) != STORE_OK)
			return rc;
	}
	return rows_flush(r);
}

/*
 * Writes the child rows of data for the report (of campaign campaign_id);
 * replace: delete the old ones first.
 */
static enum store_rc
report_rows_write(struct store *st, int64_t report_id, int64_t campaign_id, json_t *data, int replace)
{
	struct rows *r = xmalloc(sizeof(*r));
	enum store_rc rc;

	r->st = st;
	if (replace &&
	    ((rc = store_stmt_run(st, STMT_REPORT_DEL_ACTIVITIES, ARGS(I(report_id)), NULL)) != STORE_OK ||
	     (rc = store_stmt_run(st, STMT_REPORT_DEL_PUBLICATIONS, ARGS(I(report_id)), NULL)) != STORE_OK ||
	     (rc = store_stmt_run(st, STMT_REPORT_DEL_ORGANIZATIONS, ARGS(I(report_id)), NULL)) != STORE_OK))
		goto out;
	if ((rc = activities_write(r, report_id, campaign_id, json_object_get(data, "activities"))) !=
	    STORE_OK)
		goto out;
	if ((rc = publications_write(r, report_id, json_object_get(data, "publications"))) != STORE_OK)
		goto out;
	rc = organizations_write(r, report_id, json_object_get(data, "organizations"));
out:
	free(r);
	return rc;
}

/*
 * Why a write of the report found no row or hit a constraint: NOTFOUND when
 * the campaign or the org unit does not exist, or (need_report) the report;
 * else CONFLICT (a stale version, a report that exists, a bad status).
 */
static enum store_rc
report_probe(struct store *st, const char *campaign, const char *org_unit, int need_report)
{
	struct store_stmt *s = NULL;
	int64_t campaigns = 0, units = 0, reports = 0;
	enum store_rc rc;

	rc = store_stmt_run(st, STMT_REPORT_PROBE, ARGS(T(campaign), T(org_unit), T(campaign), T(org_unit)),
			    &s);
	if (rc == STORE_OK) {
		campaigns = st->ops->column_int64(s, 0);
		units = st->ops->column_int64(s, 1);
		reports = st->ops->column_int64(s, 2);
	}
	store_stmt_done(st, s);
	if (rc == STORE_NOTFOUND) {
		log_warnx("%s: probe returned no row", __func__);
		return store_fail();
	}
	if (rc != STORE_OK)
		return rc;
	if (campaigns == 0 || units == 0 || (need_report && reports == 0))
		return STORE_NOTFOUND;
	return STORE_CONFLICT;
}

static int
report_write_valid(const struct store_report_write *w, const char *fn)
{
	if (w->campaign == NULL || w->org_unit == NULL || w->status == NULL || w->action == NULL) {
		log_warnx("%s: campaign, org unit, status and action are required", fn);
		return 0;
	}
	if (w->base_version < 0 || (w->base_version == 0 && w->data == NULL)) {
		log_warnx("%s: a new report needs data, an update a version", fn);
		return 0;
	}
	if (w->data != NULL && !json_is_object(w->data)) {
		log_warnx("%s: report data is not a json object", fn);
		return 0;
	}
	return 1;
}

/* The report row, its child rows and its history entry; inside a transaction. */
static enum store_rc
report_write(struct store *st, const struct store_report_write *w, const char *text,
	     const struct report_totals *t, int64_t *version)
{
	struct store_arg submitted =
		w->submitted_at > 0 ? (struct store_arg)I(w->submitted_at) : (struct store_arg)T(NULL);
	struct store_arg late =
		w->submitted_at > 0 ? (struct store_arg)I(w->late != 0) : (struct store_arg)T(NULL);
	struct store_arg actor =
		w->actor_id > 0 ? (struct store_arg)I(w->actor_id) : (struct store_arg)T(NULL);
	struct store_arg n[6];
	struct store_stmt *s = NULL;
	int64_t id = 0, v = 0, campaign_id = 0;
	enum store_rc rc;
	int i;

	if (w->base_version == 0) {
		rc = store_stmt_run(st, STMT_REPORT_INSERT,
				    ARGS(T(w->org_unit), T(w->status), I(w->now), I(w->now),
					 T(w->actor_login), submitted, I(w->submitted_at > 0 && w->late != 0),
					 T(w->comment), I(t->activities), I(t->participants), I(t->reach),
					 I(t->publications), I(t->views), I(t->organizations),
					 T(w->campaign)),
				    &s);
	} else {
		/* Without data the totals are kept too. */
		for (i = 0; i < 6; i++)
			n[i] = (struct store_arg)T(NULL);
		if (text != NULL) {
			n[0] = (struct store_arg)I(t->activities);
			n[1] = (struct store_arg)I(t->participants);
			n[2] = (struct store_arg)I(t->reach);
			n[3] = (struct store_arg)I(t->publications);
			n[4] = (struct store_arg)I(t->views);
			n[5] = (struct store_arg)I(t->organizations);
		}
		rc = store_stmt_run(st, STMT_REPORT_UPDATE,
				    ARGS(T(w->status), I(w->now), T(w->actor_login), submitted, late,
					 T(w->comment), n[0], n[1], n[2], n[3], n[4], n[5], T(w->campaign),
					 T(w->org_unit), I(w->base_version)),
				    &s);
	}
	if (rc == STORE_OK) {
		id = st->ops->column_int64(s, 0);
		v = st->ops->column_int64(s, 1);
		campaign_id = st->ops->column_int64(s, 2);
	}
	store_stmt_done(st, s);
	if (rc == STORE_NOTFOUND || (rc == STORE_CONFLICT && w->base_version == 0))
		return report_probe(st, w->campaign, w->org_unit, w->base_version > 0);
	if (rc != STORE_OK)
		return rc;
	if (text != NULL &&
	    ((rc = store_stmt_run(st, STMT_REPORT_DATA_SET, ARGS(I(id), T(text)), NULL)) != STORE_OK ||
	     (rc = report_rows_write(st, id, campaign_id, w->data, w->base_version > 0)) != STORE_OK))
		return rc;
	rc = store_stmt_run(st, STMT_REPORT_HISTORY_ADD,
			    ARGS(T(w->action), I(w->now), actor, T(w->actor_login), T(w->comment), I(id)),
			    NULL);
	if (rc == STORE_OK)
		*version = v;
	return rc;
}

/*
 * In the caller's transaction, or in one of its own when none is open. A
 * CONFLICT or NOTFOUND is found by the first statement, before anything
 * changed; after any other failure the caller rolls its transaction back.
 */
enum store_rc
store_report_write(struct store *st, const struct store_report_write *w, int64_t *version)
{
	struct report_totals t = {0};
	char *text = NULL;
	int64_t v = 0;
	int own_tx = 0;
	enum store_rc rc;

	if (!report_write_valid(w, __func__))
		return store_fail();
	if (w->data != NULL) {
		if (report_totals(w->data, &t) < 0) {
			log_warnx("%s: report totals overflow", __func__);
			return store_fail();
		}
		text = json_dumps(w->data, JSON_COMPACT | JSON_PRESERVE_ORDER);
		if (text == NULL)
			abort();
	}
	if (!st->in_tx) {
		if ((rc = store_begin(st, 1)) != STORE_OK)
			goto out;
		own_tx = 1;
	}
	rc = report_write(st, w, text, &t, &v);
	if (own_tx) {
		if (rc == STORE_OK)
			rc = store_commit(st);
		else
			store_rollback(st);
	}
	if (rc == STORE_OK && version != NULL)
		*version = v;
out:
	free(text);
	return rc;
}

/* A report model without "data" from REPORT_COLS starting at column off. */
static json_t *
report_from_row(struct store *st, struct store_stmt *s, int off)
{
	json_t *o = jx_obj(), *t = jx_obj();

	jx_set(o, "campaign", store_col_str(st, s, off));
	jx_set(o, "org_unit", store_col_str(st, s, off + 1));
	jx_set(o, "org_unit_name", store_col_str(st, s, off + 2));
	jx_set(o, "org_unit_kind", store_col_str(st, s, off + 3));
	jx_set(o, "status", store_col_str(st, s, off + 4));
	jx_set(o, "version", store_col_int(st, s, off + 5));
	jx_set(o, "created_at", store_col_int(st, s, off + 6));
	jx_set(o, "updated_at", store_col_int(st, s, off + 7));
	jx_set(o, "updated_by", store_col_str(st, s, off + 8));
	jx_set(o, "submitted_at", store_col_int_or_null(st, s, off + 9));
	jx_set(o, "late", json_boolean(st->ops->column_int64(s, off + 10) != 0));
	jx_set(o, "last_comment", store_col_str(st, s, off + 11));
	jx_set(o, "lock_until", store_col_int_or_null(st, s, off + 12));
	jx_set(t, "activities", store_col_int(st, s, off + 13));
	jx_set(t, "participants", store_col_int(st, s, off + 14));
	jx_set(t, "reach", store_col_int(st, s, off + 15));
	jx_set(t, "publications", store_col_int(st, s, off + 16));
	jx_set(t, "views", store_col_int(st, s, off + 17));
	jx_set(t, "organizations", store_col_int(st, s, off + 18));
	jx_set(o, "totals", t);
	return o;
}

enum store_rc
store_report_get(struct store *st, const char *campaign, const char *org_unit, json_t **report)
{
	struct store_stmt *s = NULL;
	json_t *r = NULL, *data;
	enum store_rc rc;

	*report = NULL;
	rc = store_stmt_run(st, STMT_REPORT_GET, ARGS(T(campaign), T(org_unit)), &s);
	if (rc != STORE_OK)
		goto out;
	data = store_col_json(st, s, REPORT_NCOLS);
	if (!json_is_object(data)) {
		log_warnx("%s: stored report data is not a json object", __func__);
		json_decref(data);
		rc = store_fail();
		goto out;
	}
	r = report_from_row(st, s, 0);
	jx_set(r, "data", data);
	*report = r;
out:
	store_stmt_done(st, s);
	return rc;
}

enum store_rc
store_report_list(struct store *st, const char *campaign, json_t **reports)
{
	return store_stmt_list(st, STMT_REPORT_LIST, ARGS(T(campaign)), report_from_row, reports);
}

static json_t *
history_from_row(struct store *st, struct store_stmt *s, int off)
{
	json_t *o, *data = store_col_json(st, s, off + 6);

	if (data == NULL)
		return NULL;
	o = jx_obj();
	jx_set(o, "version", store_col_int(st, s, off));
	jx_set(o, "action", store_col_str(st, s, off + 1));
	jx_set(o, "status", store_col_str(st, s, off + 2));
	jx_set(o, "at", store_col_int(st, s, off + 3));
	jx_set(o, "actor", store_col_str(st, s, off + 4));
	jx_set(o, "comment", store_col_str(st, s, off + 5));
	jx_set(o, "data", data);
	return o;
}

/* Every report has at least its first entry: none means no report. */
enum store_rc
store_report_history(struct store *st, const char *campaign, const char *org_unit, json_t **entries)
{
	enum store_rc rc;

	rc = store_stmt_list(st, STMT_REPORT_HISTORY, ARGS(T(campaign), T(org_unit)), history_from_row,
			     entries);
	if (rc == STORE_OK && json_array_size(*entries) == 0) {
		json_decref(*entries);
		*entries = NULL;
		rc = STORE_NOTFOUND;
	}
	return rc;
}

enum store_rc
store_report_set_lock_exception(struct store *st, const char *campaign, const char *org_unit, int64_t until,
				int64_t now)
{
	struct store_arg lock = until > 0 ? (struct store_arg)I(until) : (struct store_arg)T(NULL);

	return store_stmt_one(st, STMT_REPORT_LOCK, ARGS(lock, I(now), T(campaign), T(org_unit)));
}
