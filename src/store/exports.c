/*
 * exports: the rows of a campaign's exports, streamed. Each of
 * store_export_activities, _publications, _organizations and _summary
 * steps one streaming statement in a read transaction (its own unless the
 * caller has one open) and hands each row to the caller's callback as it
 * comes, as a typed struct whose strings point into the backend's row
 * buffer; nothing is copied or held. The SQL is STMT_EXPORT_* in stmt.c.
 */
#include "store/store_int.h"

#include <assert.h>
#include <string.h>

#include "util/log.h"

/* "children,parents,teachers,specialists,public" and its NUL, with room to spare. */
#define AUDIENCES_TEXT_MAX 64

static void
export_base(struct store *st, struct store_stmt *s, struct store_export_base *b)
{
	b->org_unit = st->ops->column_text(s, 0);
	b->org_unit_name = st->ops->column_text(s, 1);
	b->org_unit_kind = st->ops->column_text(s, 2);
	b->status = st->ops->column_text(s, 3);
	b->position = st->ops->column_int64(s, 4);
}

/* The codes of an audiences column joined with ",", into audience (AUDIENCES_TEXT_MAX bytes). */
static void
audience_text(int64_t mask, char *audience)
{
	size_t len = 0, n;
	int i;

	audience[0] = '\0';
	for (i = 0; i < REPORT_AUDIENCES_N; i++) {
		if (!(mask & (INT64_C(1) << i)))
			continue;
		n = strlen(report_audiences[i]);
		assert(len + n + 2 <= AUDIENCES_TEXT_MAX);
		if (len > 0)
			audience[len++] = ',';
		memcpy(audience + len, report_audiences[i], n + 1);
		len += n;
	}
}

/* A row of STMT_EXPORT_ACTIVITIES; a->audience points into audience (AUDIENCES_TEXT_MAX bytes). */
static void
activity_fill(struct store *st, struct store_stmt *s, struct store_export_activity *a, char *audience)
{
	const char *links;

	export_base(st, s, &a->b);
	a->form = st->ops->column_text(s, 5);
	a->date = st->ops->column_text(s, 6);
	a->title = st->ops->column_text(s, 7);
	a->description = st->ops->column_text(s, 8);
	audience_text(st->ops->column_int64(s, 9), audience);
	a->audience = audience;
	links = st->ops->column_text(s, 10);
	a->links = links != NULL ? links : "";
	a->has_participants = !st->ops->column_is_null(s, 11);
	a->participants = st->ops->column_int64(s, 11);
	a->has_reach = !st->ops->column_is_null(s, 12);
	a->reach = st->ops->column_int64(s, 12);
}

static void
publication_fill(struct store *st, struct store_stmt *s, struct store_export_publication *p)
{
	export_base(st, s, &p->b);
	p->url = st->ops->column_text(s, 5);
	p->network = st->ops->column_text(s, 6);
	p->date = st->ops->column_text(s, 7);
	p->has_views = !st->ops->column_is_null(s, 8);
	p->views = st->ops->column_int64(s, 8);
	p->has_hashtag = st->ops->column_int64(s, 9) != 0;
	p->has_alliance_link = st->ops->column_int64(s, 10) != 0;
}

static void
organization_fill(struct store *st, struct store_stmt *s, struct store_export_organization *o)
{
	export_base(st, s, &o->b);
	o->name = st->ops->column_text(s, 5);
	o->kind = st->ops->column_text(s, 6);
	o->inn = st->ops->column_text(s, 7);
	o->joined = st->ops->column_text(s, 8);
}

/* A row of STMT_EXPORT_SUMMARY; the report's columns are NULL for a unit that has not started. */
static void
summary_fill(struct store *st, struct store_stmt *s, struct store_export_summary_row *u)
{
	int64_t *totals[] = {&u->activities,   &u->participants, &u->reach,
			     &u->publications, &u->views,        &u->organizations};
	size_t k;

	u->org_unit = st->ops->column_text(s, 0);
	u->org_unit_name = st->ops->column_text(s, 1);
	u->org_unit_kind = st->ops->column_text(s, 2);
	u->status = st->ops->column_text(s, 3);
	u->has_submitted = !st->ops->column_is_null(s, 4);
	u->submitted_at = st->ops->column_int64(s, 4);
	u->late = st->ops->column_int64(s, 5) != 0;
	for (k = 0; k < sizeof(totals) / sizeof(totals[0]); k++)
		*totals[k] = st->ops->column_int64(s, 6 + (int)k);
}

/* One export: its statement and the caller's callback (exactly one is set). */
struct export_cb {
	enum store_stmt_id id;
	int (*activity)(void *ctx, const struct store_export_activity *row);
	int (*publication)(void *ctx, const struct store_export_publication *row);
	int (*organization)(void *ctx, const struct store_export_organization *row);
	int (*summary)(void *ctx, const struct store_export_summary_row *row);
	void *ctx;
};

/* Hands the current row of s to the callback; its answer. */
static int
export_deliver(struct store *st, struct store_stmt *s, const struct export_cb *cb)
{
	struct store_export_activity a;
	struct store_export_publication p;
	struct store_export_organization o;
	struct store_export_summary_row u;
	char audience[AUDIENCES_TEXT_MAX];

	if (cb->activity != NULL) {
		activity_fill(st, s, &a, audience);
		return cb->activity(cb->ctx, &a);
	}
	if (cb->publication != NULL) {
		publication_fill(st, s, &p);
		return cb->publication(cb->ctx, &p);
	}
	if (cb->organization != NULL) {
		organization_fill(st, s, &o);
		return cb->organization(cb->ctx, &o);
	}
	summary_fill(st, s, &u);
	return cb->summary(cb->ctx, &u);
}

/*
 * Steps the export statement of campaign and hands each row to the
 * callback as it comes, in a read transaction of its own unless the caller
 * has one open (the PostgreSQL cursor needs one; on both backends it makes
 * the export one snapshot). A callback's -1 stops it: STORE_ERROR, neither
 * logged nor counted (the caller knows why it stopped).
 */
static enum store_rc
export_rows(struct store *st, const char *campaign, const struct export_cb *cb)
{
	struct store_stmt *s = NULL;
	enum store_rc rc;
	int own_tx = 0;

	if (campaign == NULL || (cb->activity == NULL && cb->publication == NULL &&
				 cb->organization == NULL && cb->summary == NULL)) {
		log_warnx("%s: campaign and callback are required", __func__);
		return store_fail();
	}
	if (!st->in_tx) {
		if ((rc = store_begin(st, 0)) != STORE_OK)
			return rc;
		own_tx = 1;
	}
	rc = store_stmt_run(st, cb->id, ARGS(T(campaign)), &s);
	while (rc == STORE_OK) {
		if (export_deliver(st, s, cb) != 0) {
			rc = STORE_ERROR;
			break;
		}
		rc = store_stmt_step(st, s);
	}
	if (rc == STORE_NOTFOUND)
		rc = STORE_OK;
	store_stmt_done(st, s);
	if (own_tx)
		store_rollback(st);
	return rc;
}

enum store_rc
store_export_activities(struct store *st, const char *campaign,
			int (*fn)(void *ctx, const struct store_export_activity *row), void *ctx)
{
	const struct export_cb cb = {.id = STMT_EXPORT_ACTIVITIES, .activity = fn, .ctx = ctx};

	return export_rows(st, campaign, &cb);
}

enum store_rc
store_export_publications(struct store *st, const char *campaign,
			  int (*fn)(void *ctx, const struct store_export_publication *row), void *ctx)
{
	const struct export_cb cb = {.id = STMT_EXPORT_PUBLICATIONS, .publication = fn, .ctx = ctx};

	return export_rows(st, campaign, &cb);
}

enum store_rc
store_export_organizations(struct store *st, const char *campaign,
			   int (*fn)(void *ctx, const struct store_export_organization *row), void *ctx)
{
	const struct export_cb cb = {.id = STMT_EXPORT_ORGANIZATIONS, .organization = fn, .ctx = ctx};

	return export_rows(st, campaign, &cb);
}

enum store_rc
store_export_summary(struct store *st, const char *campaign,
		     int (*fn)(void *ctx, const struct store_export_summary_row *row), void *ctx)
{
	const struct export_cb cb = {.id = STMT_EXPORT_SUMMARY, .summary = fn, .ctx = ctx};

	return export_rows(st, campaign, &cb);
}
