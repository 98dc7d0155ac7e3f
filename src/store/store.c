/*
 * store: the backend-neutral core. Every query svodka runs is written once
 * here, in the statement table, in SQL that SQLite and PostgreSQL both
 * accept (`?` placeholders, ON CONFLICT ... DO NOTHING, RETURNING, integer
 * 0/1 for booleans, Unix seconds for times). The functions below bind
 * values, step through a backend's ops table and turn rows into jansson
 * models; they never call a database library themselves.
 */
#include "store/store_int.h"
#include "util/jsonx.h"

#include <assert.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

#include "util/buf.h"
#include "util/log.h"
#include "util/xalloc.h"

#define USER_COLS                                                                                            \
	"u.id, u.login, u.name, u.role, u.org_unit, o.name, u.disabled, u.created_at, u.version, u.email "   \
	"FROM users u LEFT JOIN org_units o ON o.code = u.org_unit "
#define USER_NCOLS 10
#define ORG_COLS "code, parent, name, kind, centre, head, email, version FROM org_units "
/* Org units by kind: the region, urban okrugs, municipal okrugs, municipal districts. */
#define ORG_KIND_ORDER                                                                                       \
	"CASE kind WHEN 'region' THEN 0 WHEN 'urban_okrug' THEN 1 WHEN 'municipal_okrug' THEN 2 ELSE 3 END"
#define CAMPAIGN_COLS "slug, title, starts, ends, due, version FROM campaigns "
#define AUDIT_COLS "id, at, actor_login, action, entity, entity_id, detail, remote_ip FROM audit_events "
#define REPORT_COLS                                                                                           \
	"c.slug, r.org_unit, o.name, o.kind, r.status, r.version, r.created_at, r.updated_at, r.updated_by, " \
	"r.submitted_at, r.late, r.last_comment, r.lock_until, r.n_activities, r.participants, r.reach, "     \
	"r.n_publications, r.views, r.n_organizations"
#define REPORT_NCOLS 19
#define REPORT_FROM                                                                                          \
	" FROM reports r JOIN campaigns c ON c.id = r.campaign_id JOIN org_units o ON o.code = r.org_unit "
/* The data of a report lives in report_data (migration 4), keyed by the report's id. */
#define REPORT_DATA_JOIN "JOIN report_data d ON d.report_id = r.id "
/* The report of a campaign slug and org unit code, in a WHERE clause. */
#define REPORT_KEY "campaign_id = (SELECT id FROM campaigns WHERE slug = ?) AND org_unit = ? "

/*
 * The child rows of a report are inserted ROWS_BATCH at a time: one
 * statement with that many rows of parameters in a VALUES list, of which
 * the rows whose first column (the position) is left NULL are skipped. So a
 * report of 20 activities costs one statement, not 20 (on PostgreSQL each
 * writing statement in a transaction is also a savepoint, a
 * subtransaction). The casts give PostgreSQL the types that VALUES cannot
 * infer; both engines name the columns of VALUES column1, column2 ...
 */
#define ROWS_BATCH 64
#define ROWS_MAXCOLS 11
#define ROWS_MAXLEAD 2 /* report_id, campaign_id */
#define X2(r) r ", " r
#define X64(r) X2(X2(X2(X2(X2(X2(r))))))
#define ROWS_FROM(row) " FROM (VALUES " X64(row) ") AS v WHERE column1 IS NOT NULL"
/* position, row_id, form, date, title, description, participants, reach, n_links, links, audiences */
#define ACTIVITY_ROW                                                                                         \
	"(CAST(? AS INTEGER), ?, ?, ?, ?, ?, CAST(? AS BIGINT), CAST(? AS BIGINT), CAST(? AS INTEGER), ?, "  \
	"CAST(? AS INTEGER))"
#define AUDIENCE_ROW "(CAST(? AS BIGINT), ?)"
#define PUBLICATION_ROW                                                                                      \
	"(CAST(? AS INTEGER), ?, ?, ?, ?, CAST(? AS BIGINT), CAST(? AS INTEGER), CAST(? AS INTEGER))"
#define ORGANIZATION_ROW "(CAST(? AS INTEGER), ?, ?, ?, ?)"

/*
 * The audience codes an activity's `audiences` column holds as bits: bit i
 * for code i, in the order of domain/report.c's report_audiences. The
 * order is also the one in which an export joins them. A code gets a bit
 * once and keeps it: a new code is appended, never inserted.
 */
static const char *const audience_codes[] = {"children", "parents", "teachers", "specialists", "public"};
#define AUDIENCES_N ((int)(sizeof(audience_codes) / sizeof(audience_codes[0])))
/* "children,parents,teachers,specialists,public" and its NUL, with room to spare. */
#define AUDIENCES_TEXT_MAX 64

/* A campaign's id from its slug, in a WHERE clause. */
#define CAMPAIGN_ID "(SELECT id FROM campaigns WHERE slug = ?)"
/* The reports of a campaign with their org units, for the exports: ordered by code, then position. */
#define EXPORT_FROM(child)                                                                                   \
	" FROM reports r JOIN org_units o ON o.code = r.org_unit JOIN " child                                \
	" x ON x.report_id = r.id WHERE r.campaign_id = " CAMPAIGN_ID " ORDER BY r.org_unit, x.position"
#define EXPORT_BASE "SELECT r.org_unit, o.name, o.kind, r.status, x.position, "
#define MAIL_FIELDS                                                                                          \
	"id, recipient, subject, body, kind, dedup_key, status, attempts, last_error, created_at, "          \
	"next_attempt_at, sent_at, campaign, org_unit, version"
#define MAIL_COLS MAIL_FIELDS " FROM mail_outbox "
/*
 * A claim: the due mails (the inner SELECT, in due order) get the lease as
 * their next attempt. The outer WHERE repeats the test, so that a row a
 * concurrent claim has already leased (which PostgreSQL re-reads after
 * waiting for its lock) is left out. Parameters: lease, now, limit, now.
 * open and close wrap the inner SELECT: `id IN (…)` on SQLite; on
 * PostgreSQL `id = ANY (ARRAY(… FOR UPDATE SKIP LOCKED))`, which runs it
 * once (as `IN` it may become a join that runs it again, and locking a
 * further batch each time would take more than limit rows).
 */
#define MAIL_CLAIM(open, close)                                                                              \
	"UPDATE mail_outbox SET next_attempt_at = ?, version = version + 1 WHERE " open "SELECT id "         \
	"FROM mail_outbox WHERE status = 'queued' AND next_attempt_at <= ? ORDER BY next_attempt_at, id "    \
	"LIMIT ?" close " AND status = 'queued' AND next_attempt_at <= ? RETURNING " MAIL_FIELDS

static const char *const stmt_sql[STMT__MAX] = {
	[STMT_SCHEMA_VERSION] = "SELECT max(version) FROM schema_version",
	[STMT_SCHEMA_RECORD] = "INSERT INTO schema_version (version, applied_at) VALUES (?, ?)",
	[STMT_PING] = "SELECT count(*) FROM schema_version",

	[STMT_USER_ADD] = "INSERT INTO users (login, name, role, org_unit, email, password_hash, disabled, "
			  "created_at, version) VALUES (?, ?, ?, ?, ?, ?, 0, ?, 1) RETURNING id",
	[STMT_USER_GET] = "SELECT " USER_COLS "WHERE u.id = ?",
	[STMT_USER_BY_LOGIN] = "SELECT " USER_COLS "WHERE u.login = ?",
	[STMT_USER_AUTH] = "SELECT id, password_hash, disabled FROM users WHERE login = ?",
	[STMT_USER_LIST] = "SELECT " USER_COLS "ORDER BY u.login",
	[STMT_USER_COUNT] = "SELECT count(*) FROM users",
	[STMT_USER_COUNT_ROLE] = "SELECT count(*) FROM users WHERE role = ?",
	[STMT_USER_SET_DISABLED] = "UPDATE users SET disabled = ?, version = version + 1 WHERE id = ? "
				   "RETURNING id",
	[STMT_USER_SET_PASSWORD] = "UPDATE users SET password_hash = ?, version = version + 1 WHERE id = ? "
				   "RETURNING id",
	[STMT_USER_SET_EMAIL] = "UPDATE users SET email = ?, version = version + 1 WHERE id = ? RETURNING id",

	[STMT_SESSION_CREATE] = "INSERT INTO sessions (token_hash, user_id, csrf, created_at, last_seen, "
				"idle_expires, absolute_expires, remote_ip) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
	[STMT_SESSION_GET] =
		"SELECT s.csrf, s.created_at, s.last_seen, s.idle_expires, s.absolute_expires, " USER_COLS
		"JOIN sessions s ON s.user_id = u.id "
		"WHERE s.token_hash = ? AND s.idle_expires >= ? AND s.absolute_expires >= ? "
		"AND u.disabled = 0",
	[STMT_SESSION_TOUCH] = "UPDATE sessions SET last_seen = ?, idle_expires = ? WHERE token_hash = ? "
			       "AND idle_expires >= ? AND absolute_expires >= ? RETURNING user_id",
	[STMT_SESSION_DELETE] = "DELETE FROM sessions WHERE token_hash = ? RETURNING user_id",
	[STMT_SESSION_DELETE_USER] = "DELETE FROM sessions WHERE user_id = ?",
	[STMT_SESSION_PURGE] = "DELETE FROM sessions WHERE idle_expires < ? OR absolute_expires < ?",

	[STMT_ORG_ENSURE] = "INSERT INTO org_units (code, parent, name, kind, centre, head, email, version) "
			    "VALUES (?, ?, ?, ?, ?, ?, ?, 1) ON CONFLICT (code) DO NOTHING RETURNING code",
	[STMT_ORG_LIST] =
		"SELECT " ORG_COLS "ORDER BY CASE WHEN parent IS NULL THEN 0 ELSE 1 END, " ORG_KIND_ORDER
		", name, code",
	[STMT_ORG_GET] = "SELECT " ORG_COLS "WHERE code = ?",
	[STMT_ORG_UPDATE] = "UPDATE org_units SET name = ?, kind = ?, centre = ?, head = ?, email = ?, "
			    "version = version + 1 WHERE code = ? AND version = ? RETURNING version",

	[STMT_CAMPAIGN_ENSURE] = "INSERT INTO campaigns (slug, title, starts, ends, due, time_zone, doc, "
				 "created_at, updated_at, version) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 1) "
				 "ON CONFLICT (slug) DO NOTHING RETURNING id",
	[STMT_CAMPAIGN_LIST] = "SELECT " CAMPAIGN_COLS "ORDER BY starts DESC, slug",
	[STMT_CAMPAIGN_GET] = "SELECT doc, version FROM campaigns WHERE slug = ?",
	[STMT_CAMPAIGN_VERSION] = "SELECT version FROM campaigns WHERE slug = ?",
	[STMT_CAMPAIGN_UPDATE] =
		"UPDATE campaigns SET title = ?, starts = ?, ends = ?, due = ?, time_zone = ?, "
		"doc = ?, updated_at = ?, version = version + 1 "
		"WHERE slug = ? AND version = ? RETURNING version",

	/* Inserts nothing for an unknown campaign or an existing report. */
	[STMT_REPORT_INSERT] =
		"INSERT INTO reports (campaign_id, org_unit, status, created_at, updated_at, updated_by, "
		"submitted_at, late, last_comment, n_activities, participants, reach, n_publications, views, "
		"n_organizations, version) "
		"SELECT id, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1 FROM campaigns WHERE slug = ? "
		"ON CONFLICT (campaign_id, org_unit) DO NOTHING RETURNING id, version, campaign_id",
	/* A NULL keeps the column: the totals on a change of status, submitted_at and late ... */
	[STMT_REPORT_UPDATE] =
		"UPDATE reports SET status = ?, updated_at = ?, updated_by = ?, "
		"submitted_at = COALESCE(?, submitted_at), late = COALESCE(?, late), "
		"last_comment = COALESCE(?, last_comment), n_activities = COALESCE(?, n_activities), "
		"participants = COALESCE(?, participants), reach = COALESCE(?, reach), "
		"n_publications = COALESCE(?, n_publications), views = COALESCE(?, views), "
		"n_organizations = COALESCE(?, n_organizations), version = version + 1 "
		"WHERE " REPORT_KEY "AND version = ? RETURNING id, version, campaign_id",
	/* Why a write found no row: does the campaign, the org unit, the report exist? */
	[STMT_REPORT_PROBE] = "SELECT (SELECT count(*) FROM campaigns WHERE slug = ?), "
			      "(SELECT count(*) FROM org_units WHERE code = ?), "
			      "(SELECT count(*) FROM reports WHERE " REPORT_KEY ")",
	/* The audiences go with their activities (ON DELETE CASCADE). */
	[STMT_REPORT_DEL_ACTIVITIES] = "DELETE FROM report_activities WHERE report_id = ?",
	[STMT_REPORT_DEL_PUBLICATIONS] = "DELETE FROM report_publications WHERE report_id = ?",
	[STMT_REPORT_DEL_ORGANIZATIONS] = "DELETE FROM report_organizations WHERE report_id = ?",
	[STMT_REPORT_ADD_ACTIVITIES] =
		"INSERT INTO report_activities (report_id, campaign_id, position, row_id, form, date, title, "
		"description, participants, reach, n_links, links, audiences) SELECT ?, ?, column1, column2, "
		"column3, column4, column5, column6, column7, column8, column9, column10, "
		"column11" ROWS_FROM(ACTIVITY_ROW) " RETURNING id, position",
	[STMT_REPORT_ADD_AUDIENCES] = "INSERT INTO report_activity_audiences (activity_id, audience) "
				      "SELECT column1, column2" ROWS_FROM(AUDIENCE_ROW),
	[STMT_REPORT_ADD_PUBLICATIONS] =
		"INSERT INTO report_publications (report_id, position, url, url_key, network, date, views, "
		"has_hashtag, has_alliance_link) SELECT ?, column1, column2, column3, column4, column5, "
		"column6, column7, column8" ROWS_FROM(PUBLICATION_ROW),
	[STMT_REPORT_ADD_ORGANIZATIONS] =
		"INSERT INTO report_organizations (report_id, position, name, kind, inn, joined) "
		"SELECT ?, column1, column2, column3, column4, column5" ROWS_FROM(ORGANIZATION_ROW),
	/* The report's data, new (a creation) or replaced (a save). */
	[STMT_REPORT_DATA_SET] = "INSERT INTO report_data (report_id, data) VALUES (?, ?) "
				 "ON CONFLICT (report_id) DO UPDATE SET data = excluded.data",
	/* The data and status of the version just written, from the report's rows themselves. */
	[STMT_REPORT_HISTORY_ADD] =
		"INSERT INTO report_history (report_id, version, action, status, at, actor_id, actor_login, "
		"comment, data) SELECT r.id, r.version, ?, r.status, ?, ?, ?, ?, d.data FROM reports r " REPORT_DATA_JOIN
		"WHERE r.id = ?",
	[STMT_REPORT_GET] = "SELECT " REPORT_COLS ", d.data" REPORT_FROM REPORT_DATA_JOIN
			    "WHERE c.slug = ? AND r.org_unit = ?",
	[STMT_REPORT_LIST] = "SELECT " REPORT_COLS REPORT_FROM "WHERE c.slug = ? ORDER BY r.org_unit",
	[STMT_REPORT_HISTORY] =
		"SELECT h.version, h.action, h.status, h.at, h.actor_login, h.comment, h.data "
		"FROM report_history h JOIN reports r ON r.id = h.report_id "
		"JOIN campaigns c ON c.id = r.campaign_id "
		"WHERE c.slug = ? AND r.org_unit = ? ORDER BY h.version DESC",
	[STMT_REPORT_LOCK] = "UPDATE reports SET lock_until = ?, updated_at = ?, version = version + 1 "
			     "WHERE " REPORT_KEY "RETURNING version",

	/*
	 * The dashboard reads report_activities alone, through covering
	 * indexes that lead with campaign_id (migration 3): an index range
	 * scan, already in GROUP BY order, with no table row read.
	 */
	[STMT_CAMPAIGN_BY_FORM] =
		"SELECT form, count(*), COALESCE(sum(participants), 0), COALESCE(sum(reach), 0) "
		"FROM report_activities WHERE campaign_id = " CAMPAIGN_ID " AND form IS NOT NULL "
		"GROUP BY form ORDER BY form",
	/* One row per combination of audiences (at most 2^5); store.c adds them up per audience. */
	[STMT_CAMPAIGN_BY_AUDIENCE] =
		"SELECT audiences, count(*), COALESCE(sum(participants), 0), COALESCE(sum(reach), 0) "
		"FROM report_activities WHERE campaign_id = " CAMPAIGN_ID " AND audiences <> 0 "
		"GROUP BY audiences",
	[STMT_CAMPAIGN_BY_DAY] =
		"SELECT date, count(*) FROM report_activities WHERE campaign_id = " CAMPAIGN_ID
		" AND date IS NOT NULL GROUP BY date ORDER BY date",

	/* Streamed (STORE_PREPARE_STREAM); each child table has an index on (report_id, position). */
	[STMT_EXPORT_ACTIVITIES] =
		EXPORT_BASE "x.form, x.date, x.title, x.description, x.audiences, x.links, "
			    "x.participants, x.reach" EXPORT_FROM("report_activities"),
	[STMT_EXPORT_PUBLICATIONS] = EXPORT_BASE "x.url, x.network, x.date, x.views, x.has_hashtag, "
						 "x.has_alliance_link" EXPORT_FROM("report_publications"),
	[STMT_EXPORT_ORGANIZATIONS] =
		EXPORT_BASE "x.name, x.kind, x.inn, x.joined" EXPORT_FROM("report_organizations"),
	/*
	 * Every org unit but the root, in store_org_unit_list's order, with
	 * its report of the campaign if there is one (through UNIQUE
	 * (campaign_id, org_unit)).
	 */
	[STMT_EXPORT_SUMMARY] =
		"SELECT o.code, o.name, o.kind, r.status, r.submitted_at, r.late, r.n_activities, "
		"r.participants, r.reach, r.n_publications, r.views, r.n_organizations FROM org_units o "
		"LEFT JOIN reports r ON r.campaign_id = " CAMPAIGN_ID " AND r.org_unit = o.code "
		"WHERE o.parent IS NOT NULL ORDER BY " ORG_KIND_ORDER ", o.name, o.code",

	/* A taken dedup_key inserts nothing and returns no row: CONFLICT, no failed statement. */
	[STMT_MAIL_ENQUEUE] = "INSERT INTO mail_outbox (recipient, subject, body, kind, dedup_key, status, "
			      "attempts, created_at, next_attempt_at, campaign, org_unit, version) "
			      "VALUES (?, ?, ?, ?, ?, 'queued', 0, ?, ?, ?, ?, 1) "
			      "ON CONFLICT (dedup_key) DO NOTHING RETURNING id",
	[STMT_MAIL_DUE] = "SELECT " MAIL_COLS "WHERE status = 'queued' AND next_attempt_at <= ? "
			  "ORDER BY next_attempt_at, id LIMIT ?",
	/* SQLite: in a write transaction (BEGIN IMMEDIATE), which makes it atomic; PostgreSQL below. */
	[STMT_MAIL_CLAIM] = MAIL_CLAIM("id IN (", ")"),
	[STMT_MAIL_SENT] = "UPDATE mail_outbox SET status = 'sent', sent_at = ?, attempts = attempts + 1, "
			   "version = version + 1 WHERE id = ? AND status = 'queued' RETURNING id",
	/* status 'queued' with the next attempt, or 'failed' with NULL (next_attempt_at kept). */
	[STMT_MAIL_FAILED] = "UPDATE mail_outbox SET status = ?, attempts = attempts + 1, last_error = ?, "
			     "next_attempt_at = COALESCE(?, next_attempt_at), version = version + 1 "
			     "WHERE id = ? AND status = 'queued' RETURNING id",
	[STMT_MAIL_LIST] = "SELECT " MAIL_COLS "ORDER BY id DESC LIMIT ? OFFSET ?",
	[STMT_MAIL_LIST_STATUS] = "SELECT " MAIL_COLS "WHERE status = ? ORDER BY id DESC LIMIT ? OFFSET ?",
	[STMT_MAIL_COUNT] = "SELECT count(*) FROM mail_outbox",
	[STMT_MAIL_COUNT_STATUS] = "SELECT count(*) FROM mail_outbox WHERE status = ?",
	[STMT_MAIL_COUNTS] = "SELECT status, count(*) FROM mail_outbox GROUP BY status",

	[STMT_AUDIT_ADD] = "INSERT INTO audit_events (at, actor_id, actor_login, action, entity, entity_id, "
			   "detail, remote_ip) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
	[STMT_AUDIT_COUNT] = "SELECT count(*) FROM audit_events",
	[STMT_AUDIT_LIST] = "SELECT " AUDIT_COLS "ORDER BY at DESC, id DESC LIMIT ? OFFSET ?",
};

/*
 * The statements whose text the dialects cannot share: where an entry is
 * set it replaces stmt_sql[id] on that dialect, with the same parameters
 * and columns. Keep it short: everything else is written once above.
 */
static const char *const stmt_dialect_sql[STMT__MAX][STORE_DIALECT__MAX] = {
	/*
	 * Concurrent claims (several `svodka serve` on one database) skip the
	 * rows another has locked instead of waiting for them, and take the
	 * next due mails; SQLite has no row locks (nor FOR UPDATE) and
	 * serialises claims by the write transaction instead.
	 */
	[STMT_MAIL_CLAIM][STORE_DIALECT_POSTGRES] =
		MAIL_CLAIM("id = ANY (ARRAY(", " FOR UPDATE SKIP LOCKED))"),
};

/* Statements whose rows the backend must hand out as they are stepped (store_int.h). */
static const unsigned stmt_flags[STMT__MAX] = {
	[STMT_EXPORT_ACTIVITIES] = STORE_PREPARE_STREAM,
	[STMT_EXPORT_PUBLICATIONS] = STORE_PREPARE_STREAM,
	[STMT_EXPORT_ORGANIZATIONS] = STORE_PREPARE_STREAM,
	[STMT_EXPORT_SUMMARY] = STORE_PREPARE_STREAM,
};

#define T(v) STORE_ARG_T(v)
#define I(v) STORE_ARG_I(v)
#define ARGS(...) ((const struct store_arg[]){__VA_ARGS__, STORE_ARG_END})
#define NOARGS ((const struct store_arg[]){STORE_ARG_END})

static atomic_ulong errors_total;

void
store_error_note(void)
{
	atomic_fetch_add_explicit(&errors_total, 1, memory_order_relaxed);
}

unsigned long
store_errors_total(void)
{
	return atomic_load_explicit(&errors_total, memory_order_relaxed);
}

/* A fault of the caller or of stored data: logged by the caller, counted here. */
static enum store_rc
fail(void)
{
	store_error_note();
	return STORE_ERROR;
}

#ifdef SVODKA_FAULT_INJECTION
/*
 * The calls left on this thread before the injected fault (0: none armed).
 * Only the test build has it; see store_fault_arm() in store.h.
 */
static _Thread_local int fault_countdown;

void
store_fault_arm(int n)
{
	fault_countdown = n > 0 ? n : 0;
}

/*
 * Counts one call (a statement, a BEGIN or a COMMIT) against the armed
 * countdown: 1 when this is the call to fail, which is logged and counted
 * as a real database error; it then disarms.
 */
static int
fault_hit(const char *what)
{
	if (fault_countdown <= 0 || --fault_countdown > 0)
		return 0;
	log_warnx("%s: injected fault", what);
	store_error_note();
	return 1;
}
#else
#define fault_hit(what) 0
#endif

static int
has_prefix(const char *s, const char *prefix)
{
	return strncmp(s, prefix, strlen(prefix)) == 0;
}

enum store_rc
store_open(const char *url, struct store **out)
{
	const struct store_ops *ops = &store_sqlite_ops;
	const char *target = url;
	enum store_rc rc;

	*out = NULL;
	if (url == NULL || *url == '\0') {
		log_warnx("%s: no database url", __func__);
		return fail();
	}
	/* The URL may hold a password: it is never logged. */
	if (has_prefix(url, "postgres://") || has_prefix(url, "postgresql://"))
		ops = &store_postgres_ops;
	else if (has_prefix(url, "sqlite:"))
		target = url + strlen("sqlite:");
	if (*target == '\0') {
		log_warnx("%s: no database path", __func__);
		return fail();
	}
	rc = ops->open(target, out);
	if (rc != STORE_OK)
		return rc;
	(*out)->ops = ops;
	(*out)->in_tx = 0;
	return STORE_OK;
}

void
store_close(struct store *st)
{
	if (st == NULL)
		return;
	if (st->in_tx)
		st->ops->rollback(st);
	st->ops->close(st);
}

enum store_rc
store_begin(struct store *st, int write)
{
	enum store_rc rc;

	if (st->in_tx) {
		log_warnx("%s: a transaction is already open", __func__);
		return fail();
	}
	if (fault_hit(__func__))
		return STORE_ERROR;
	rc = st->ops->begin(st, write);
	if (rc == STORE_OK)
		st->in_tx = 1;
	return rc;
}

/* On failure the transaction is rolled back: none is open afterwards. */
enum store_rc
store_commit(struct store *st)
{
	if (!st->in_tx) {
		log_warnx("%s: no transaction is open", __func__);
		return fail();
	}
	st->in_tx = 0;
	if (fault_hit(__func__)) {
		st->ops->rollback(st);
		return STORE_ERROR;
	}
	return st->ops->commit(st);
}

void
store_rollback(struct store *st)
{
	if (st == NULL)
		return;
	st->ops->rollback(st);
	st->in_tx = 0;
}

enum store_rc
store_backup(struct store *st, const char *path)
{
	if (st->ops->backup == NULL) {
		log_warnx("%s: the %s backend has no file to copy; use pg_dump", __func__, st->ops->name);
		return fail();
	}
	return st->ops->backup(st, path);
}

static enum store_rc
bind_args(struct store *st, struct store_stmt *s, const struct store_arg *args)
{
	enum store_rc rc = STORE_OK;
	int i;

	for (i = 0; args[i].type != STORE_ARG__END && rc == STORE_OK; i++) {
		if (args[i].type == STORE_ARG_INT)
			rc = st->ops->bind_int64(s, i + 1, args[i].i);
		else if (args[i].t != NULL)
			rc = st->ops->bind_text(s, i + 1, args[i].t);
		else
			rc = st->ops->bind_null(s, i + 1);
	}
	return rc;
}

/* Steps s: STORE_OK on a row, STORE_NOTFOUND when done, or an error. */
static enum store_rc
step_row(struct store *st, struct store_stmt *s)
{
	enum store_rc rc;
	int row;

	rc = st->ops->step(s, &row);
	if (rc != STORE_OK)
		return rc;
	return row ? STORE_OK : STORE_NOTFOUND;
}

enum store_rc
store_stmt_run(struct store *st, enum store_stmt_id id, const struct store_arg *args, struct store_stmt **out)
{
	struct store_stmt *s = NULL;
	const char *sql;
	enum store_rc rc;

	assert(id < STMT__MAX && stmt_sql[id] != NULL && st->ops->dialect < STORE_DIALECT__MAX);
	if (out != NULL)
		*out = NULL;
	if (fault_hit(__func__))
		return STORE_ERROR;
	sql = stmt_dialect_sql[id][st->ops->dialect];
	rc = st->ops->prepare(st, id, sql != NULL ? sql : stmt_sql[id], stmt_flags[id], &s);
	if (rc != STORE_OK)
		return rc;
	if ((rc = bind_args(st, s, args)) != STORE_OK)
		goto out;
	rc = step_row(st, s);
	if (out == NULL) {
		while (rc == STORE_OK)
			rc = step_row(st, s);
		if (rc == STORE_NOTFOUND)
			rc = STORE_OK;
		goto out;
	}
	if (rc == STORE_OK) {
		*out = s;
		s = NULL;
	}
out:
	if (s != NULL)
		st->ops->reset(s);
	return rc;
}

void
store_stmt_done(struct store *st, struct store_stmt *s)
{
	if (s != NULL)
		st->ops->reset(s);
}

/* Runs a statement for its first row only: STORE_OK if there was one, STORE_NOTFOUND if not. */
static enum store_rc
run_one(struct store *st, enum store_stmt_id id, const struct store_arg *args)
{
	struct store_stmt *s = NULL;
	enum store_rc rc;

	rc = store_stmt_run(st, id, args, &s);
	store_stmt_done(st, s);
	return rc;
}

/* Runs a statement whose first column of its one row is an integer. */
static enum store_rc
run_int(struct store *st, enum store_stmt_id id, const struct store_arg *args, int64_t *v)
{
	struct store_stmt *s = NULL;
	enum store_rc rc;

	rc = store_stmt_run(st, id, args, &s);
	if (rc == STORE_OK)
		*v = st->ops->column_int64(s, 0);
	store_stmt_done(st, s);
	return rc;
}

static json_t *
col_str(struct store *st, struct store_stmt *s, int i)
{
	const char *v = st->ops->column_text(s, i);
	json_t *j;

	if (v == NULL)
		return json_null();
	j = json_string(v);
	if (j == NULL) {
		log_warnx("%s: column %d holds invalid utf-8", __func__, i);
		store_error_note();
		return json_null();
	}
	return j;
}

static json_t *
col_int(struct store *st, struct store_stmt *s, int i)
{
	return json_integer(st->ops->column_int64(s, i));
}

/* Parses a column of JSON text; NULL on corrupt data (logged). */
static json_t *
col_json(struct store *st, struct store_stmt *s, int i)
{
	const char *v = st->ops->column_text(s, i);
	json_error_t err;
	json_t *j;

	if (v == NULL)
		return json_null();
	j = json_loads(v, JSON_DECODE_ANY, &err);
	if (j == NULL) {
		log_warnx("%s: stored json is corrupt: %s", __func__, err.text);
		store_error_note();
	}
	return j;
}

/* A user model from USER_COLS starting at column off. */
static json_t *
user_from_row(struct store *st, struct store_stmt *s, int off)
{
	json_t *u = jx_obj();

	jx_set(u, "id", col_int(st, s, off));
	jx_set(u, "login", col_str(st, s, off + 1));
	jx_set(u, "name", col_str(st, s, off + 2));
	jx_set(u, "role", col_str(st, s, off + 3));
	jx_set(u, "org_unit", col_str(st, s, off + 4));
	jx_set(u, "org_unit_name", col_str(st, s, off + 5));
	jx_set(u, "disabled", json_boolean(st->ops->column_int64(s, off + 6) != 0));
	jx_set(u, "created_at", col_int(st, s, off + 7));
	jx_set(u, "version", col_int(st, s, off + 8));
	jx_set(u, "email", col_str(st, s, off + 9));
	return u;
}

enum store_rc
store_ping(struct store *st)
{
	int64_t n = 0;
	enum store_rc rc;

	/* A round trip that also proves this is a migrated svodka database. */
	rc = run_int(st, STMT_PING, NOARGS, &n);
	if (rc == STORE_OK && n < 1) {
		log_warnx("%s: the database has no schema", __func__);
		return fail();
	}
	return rc;
}

/* Users. */

enum store_rc
store_user_add(struct store *st, const struct store_user_new *u, int64_t *id)
{
	enum store_rc rc;

	if (u->login == NULL || u->role == NULL || u->password_hash == NULL) {
		log_warnx("%s: login, role and password hash are required", __func__);
		return fail();
	}
	rc = run_int(st, STMT_USER_ADD,
		     ARGS(T(u->login), T(u->name), T(u->role), T(u->org_unit), T(u->email),
			  T(u->password_hash), I(u->now)),
		     id);
	if (rc == STORE_NOTFOUND) {
		log_warnx("%s: insert returned no id", __func__);
		return fail();
	}
	return rc;
}

static enum store_rc
user_get(struct store *st, enum store_stmt_id id, const struct store_arg *args, json_t **user)
{
	struct store_stmt *s = NULL;
	enum store_rc rc;

	*user = NULL;
	rc = store_stmt_run(st, id, args, &s);
	if (rc == STORE_OK)
		*user = user_from_row(st, s, 0);
	store_stmt_done(st, s);
	return rc;
}

enum store_rc
store_user_get(struct store *st, int64_t id, json_t **user)
{
	return user_get(st, STMT_USER_GET, ARGS(I(id)), user);
}

enum store_rc
store_user_get_by_login(struct store *st, const char *login, json_t **user)
{
	return user_get(st, STMT_USER_BY_LOGIN, ARGS(T(login)), user);
}

enum store_rc
store_user_auth(struct store *st, const char *login, int64_t *id, char **hash, int *disabled)
{
	struct store_stmt *s = NULL;
	const char *h;
	enum store_rc rc;

	*hash = NULL;
	rc = store_stmt_run(st, STMT_USER_AUTH, ARGS(T(login)), &s);
	if (rc != STORE_OK)
		goto out;
	h = st->ops->column_text(s, 1);
	if (h == NULL) {
		log_warnx("%s: user has no password hash", __func__);
		rc = fail();
		goto out;
	}
	*id = st->ops->column_int64(s, 0);
	*disabled = st->ops->column_int64(s, 2) != 0;
	*hash = xstrdup(h);
out:
	store_stmt_done(st, s);
	return rc;
}

/* Collects every row of a statement with row_fn into a new array. */
static enum store_rc
list_rows(struct store *st, enum store_stmt_id id, const struct store_arg *args,
	  json_t *(*row_fn)(struct store *, struct store_stmt *, int), json_t **out)
{
	struct store_stmt *s = NULL;
	json_t *list = jx_arr(), *row;
	enum store_rc rc;

	*out = NULL;
	rc = store_stmt_run(st, id, args, &s);
	while (rc == STORE_OK) {
		if ((row = row_fn(st, s, 0)) == NULL) {
			rc = STORE_ERROR;
			goto out;
		}
		jx_append(list, row);
		rc = step_row(st, s);
	}
	if (rc != STORE_NOTFOUND)
		goto out;
	rc = STORE_OK;
	*out = list;
	list = NULL;
out:
	store_stmt_done(st, s);
	json_decref(list);
	return rc;
}

enum store_rc
store_user_list(struct store *st, json_t **users)
{
	return list_rows(st, STMT_USER_LIST, NOARGS, user_from_row, users);
}

enum store_rc
store_user_count(struct store *st, const char *role, int64_t *count)
{
	if (role == NULL)
		return run_int(st, STMT_USER_COUNT, NOARGS, count);
	return run_int(st, STMT_USER_COUNT_ROLE, ARGS(T(role)), count);
}

enum store_rc
store_user_set_disabled(struct store *st, int64_t id, int disabled)
{
	return run_one(st, STMT_USER_SET_DISABLED, ARGS(I(disabled != 0), I(id)));
}

enum store_rc
store_user_set_password(struct store *st, int64_t id, const char *password_hash)
{
	if (password_hash == NULL) {
		log_warnx("%s: no password hash", __func__);
		return fail();
	}
	return run_one(st, STMT_USER_SET_PASSWORD, ARGS(T(password_hash), I(id)));
}

/* NULL clears the address. */
enum store_rc
store_user_set_email(struct store *st, int64_t id, const char *email)
{
	return run_one(st, STMT_USER_SET_EMAIL, ARGS(T(email), I(id)));
}

/* Sessions. */

enum store_rc
store_session_create(struct store *st, const struct store_session_new *s)
{
	if (s->token_hash == NULL || s->csrf == NULL) {
		log_warnx("%s: token hash and csrf token are required", __func__);
		return fail();
	}
	return store_stmt_run(st, STMT_SESSION_CREATE,
			      ARGS(T(s->token_hash), I(s->user_id), T(s->csrf), I(s->now), I(s->now),
				   I(s->idle_expires), I(s->absolute_expires), T(s->remote_ip)),
			      NULL);
}

enum store_rc
store_session_get(struct store *st, const char *token_hash, int64_t now, json_t **session)
{
	struct store_stmt *s = NULL;
	json_t *o;
	enum store_rc rc;

	*session = NULL;
	rc = store_stmt_run(st, STMT_SESSION_GET, ARGS(T(token_hash), I(now), I(now)), &s);
	if (rc != STORE_OK)
		goto out;
	o = jx_obj();
	jx_set(o, "user", user_from_row(st, s, 5));
	jx_set(o, "csrf", col_str(st, s, 0));
	jx_set(o, "created_at", col_int(st, s, 1));
	jx_set(o, "last_seen", col_int(st, s, 2));
	jx_set(o, "idle_expires", col_int(st, s, 3));
	jx_set(o, "absolute_expires", col_int(st, s, 4));
	*session = o;
out:
	store_stmt_done(st, s);
	return rc;
}

enum store_rc
store_session_touch(struct store *st, const char *token_hash, int64_t now, int64_t idle_expires)
{
	return run_one(st, STMT_SESSION_TOUCH, ARGS(I(now), I(idle_expires), T(token_hash), I(now), I(now)));
}

enum store_rc
store_session_delete(struct store *st, const char *token_hash)
{
	return run_one(st, STMT_SESSION_DELETE, ARGS(T(token_hash)));
}

enum store_rc
store_session_delete_user(struct store *st, int64_t user_id)
{
	return store_stmt_run(st, STMT_SESSION_DELETE_USER, ARGS(I(user_id)), NULL);
}

enum store_rc
store_session_purge(struct store *st, int64_t now)
{
	return store_stmt_run(st, STMT_SESSION_PURGE, ARGS(I(now), I(now)), NULL);
}

/* Org units. */

static json_t *
org_from_row(struct store *st, struct store_stmt *s, int off)
{
	json_t *o = jx_obj();

	jx_set(o, "code", col_str(st, s, off));
	jx_set(o, "parent", col_str(st, s, off + 1));
	jx_set(o, "name", col_str(st, s, off + 2));
	jx_set(o, "kind", col_str(st, s, off + 3));
	jx_set(o, "centre", col_str(st, s, off + 4));
	jx_set(o, "head", col_str(st, s, off + 5));
	jx_set(o, "email", col_str(st, s, off + 6));
	jx_set(o, "version", col_int(st, s, off + 7));
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
		return fail();
	rc = run_one(st, STMT_ORG_ENSURE,
		     ARGS(T(u->code), T(u->parent), T(u->name), T(u->kind), T(u->centre), T(u->head),
			  T(u->email)));
	if (rc == STORE_OK)
		*inserted = 1;
	return rc == STORE_NOTFOUND ? STORE_OK : rc;
}

enum store_rc
store_org_unit_list(struct store *st, json_t **units)
{
	return list_rows(st, STMT_ORG_LIST, NOARGS, org_from_row, units);
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
		return fail();
	rc = run_one(
		st, STMT_ORG_UPDATE,
		ARGS(T(u->name), T(u->kind), T(u->centre), T(u->head), T(u->email), T(u->code), I(version)));
	if (rc != STORE_NOTFOUND)
		return rc;
	rc = run_one(st, STMT_ORG_GET, ARGS(T(u->code)));
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
		return fail();
	rc = run_one(st, STMT_CAMPAIGN_ENSURE,
		     ARGS(T(c.slug), T(c.title), T(c.starts), T(c.ends), T(c.due), T(c.tz), T(c.text), I(now),
			  I(now)));
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
		return fail();
	if (strcmp(c.slug, slug) != 0) {
		log_warnx("%s: the document's slug is not the campaign's", __func__);
		free(c.text);
		return fail();
	}
	rc = run_one(st, STMT_CAMPAIGN_UPDATE,
		     ARGS(T(c.title), T(c.starts), T(c.ends), T(c.due), T(c.tz), T(c.text), I(now), T(slug),
			  I(version)));
	free(c.text);
	if (rc != STORE_NOTFOUND)
		return rc;
	rc = run_one(st, STMT_CAMPAIGN_VERSION, ARGS(T(slug)));
	return rc == STORE_OK ? STORE_CONFLICT : rc;
}

static json_t *
campaign_item_from_row(struct store *st, struct store_stmt *s, int off)
{
	json_t *o = jx_obj();

	jx_set(o, "slug", col_str(st, s, off));
	jx_set(o, "title", col_str(st, s, off + 1));
	jx_set(o, "starts", col_str(st, s, off + 2));
	jx_set(o, "ends", col_str(st, s, off + 3));
	jx_set(o, "due", col_str(st, s, off + 4));
	jx_set(o, "version", col_int(st, s, off + 5));
	return o;
}

enum store_rc
store_campaign_list(struct store *st, json_t **campaigns)
{
	return list_rows(st, STMT_CAMPAIGN_LIST, NOARGS, campaign_item_from_row, campaigns);
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
	d = col_json(st, s, 0);
	if (!json_is_object(d)) {
		log_warnx("%s: stored campaign is not a json object", __func__);
		rc = fail();
		goto out;
	}
	jx_set(d, "version", col_int(st, s, 1));
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
	return run_int(st, STMT_CAMPAIGN_VERSION, ARGS(T(slug)), version);
}

/* Reports. */

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
 * A batched multi-row INSERT being filled (see ROWS_BATCH): the leading
 * arguments (the report id, when the statement has one), then up to
 * ROWS_BATCH rows of ncols arguments; the parameters of the rows not
 * filled stay NULL, and the statement skips them.
 */
struct rows {
	struct store *st;
	enum store_stmt_id id;
	int nlead, ncols;
	int n; /* rows filled since the last flush */
	int64_t *ids; /* activities: the new id of each position (RETURNING id, position); else NULL */
	size_t nids;
	struct store_arg args[ROWS_MAXLEAD + ROWS_BATCH * ROWS_MAXCOLS + 1];
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
			rc = fail();
			break;
		}
		r->ids[pos] = r->st->ops->column_int64(s, 0);
		rc = step_row(r->st, s);
	}
	store_stmt_done(r->st, s);
	return rc == STORE_NOTFOUND ? STORE_OK : rc;
}

/* Counts the row just filled in; a full batch is inserted. */
static enum store_rc
rows_add(struct rows *r)
{
	return ++r->n == ROWS_BATCH ? rows_flush(r) : STORE_OK;
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

/* The index of an audience code in audience_codes, or -1. */
static int
audience_index(const char *code)
{
	int i;

	for (i = 0; code != NULL && i < AUDIENCES_N; i++)
		if (strcmp(code, audience_codes[i]) == 0)
			return i;
	return -1;
}

/* The audiences column of an activity: a bit per known code (see audience_codes). */
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
				rc = fail();
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
		return fail();
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
		return fail();
	if (w->data != NULL) {
		if (report_totals(w->data, &t) < 0) {
			log_warnx("%s: report totals overflow", __func__);
			return fail();
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

static json_t *
col_int_or_null(struct store *st, struct store_stmt *s, int i)
{
	return st->ops->column_is_null(s, i) ? json_null() : col_int(st, s, i);
}

/* A report model without "data" from REPORT_COLS starting at column off. */
static json_t *
report_from_row(struct store *st, struct store_stmt *s, int off)
{
	json_t *o = jx_obj(), *t = jx_obj();

	jx_set(o, "campaign", col_str(st, s, off));
	jx_set(o, "org_unit", col_str(st, s, off + 1));
	jx_set(o, "org_unit_name", col_str(st, s, off + 2));
	jx_set(o, "org_unit_kind", col_str(st, s, off + 3));
	jx_set(o, "status", col_str(st, s, off + 4));
	jx_set(o, "version", col_int(st, s, off + 5));
	jx_set(o, "created_at", col_int(st, s, off + 6));
	jx_set(o, "updated_at", col_int(st, s, off + 7));
	jx_set(o, "updated_by", col_str(st, s, off + 8));
	jx_set(o, "submitted_at", col_int_or_null(st, s, off + 9));
	jx_set(o, "late", json_boolean(st->ops->column_int64(s, off + 10) != 0));
	jx_set(o, "last_comment", col_str(st, s, off + 11));
	jx_set(o, "lock_until", col_int_or_null(st, s, off + 12));
	jx_set(t, "activities", col_int(st, s, off + 13));
	jx_set(t, "participants", col_int(st, s, off + 14));
	jx_set(t, "reach", col_int(st, s, off + 15));
	jx_set(t, "publications", col_int(st, s, off + 16));
	jx_set(t, "views", col_int(st, s, off + 17));
	jx_set(t, "organizations", col_int(st, s, off + 18));
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
	data = col_json(st, s, REPORT_NCOLS);
	if (!json_is_object(data)) {
		log_warnx("%s: stored report data is not a json object", __func__);
		json_decref(data);
		rc = fail();
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
	return list_rows(st, STMT_REPORT_LIST, ARGS(T(campaign)), report_from_row, reports);
}

static json_t *
history_from_row(struct store *st, struct store_stmt *s, int off)
{
	json_t *o, *data = col_json(st, s, off + 6);

	if (data == NULL)
		return NULL;
	o = jx_obj();
	jx_set(o, "version", col_int(st, s, off));
	jx_set(o, "action", col_str(st, s, off + 1));
	jx_set(o, "status", col_str(st, s, off + 2));
	jx_set(o, "at", col_int(st, s, off + 3));
	jx_set(o, "actor", col_str(st, s, off + 4));
	jx_set(o, "comment", col_str(st, s, off + 5));
	jx_set(o, "data", data);
	return o;
}

/* Every report has at least its first entry: none means no report. */
enum store_rc
store_report_history(struct store *st, const char *campaign, const char *org_unit, json_t **entries)
{
	enum store_rc rc;

	rc = list_rows(st, STMT_REPORT_HISTORY, ARGS(T(campaign), T(org_unit)), history_from_row, entries);
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

	return run_one(st, STMT_REPORT_LOCK, ARGS(lock, I(now), T(campaign), T(org_unit)));
}

/* The dashboard. */

static json_t *
by_form_from_row(struct store *st, struct store_stmt *s, int off)
{
	json_t *o = jx_obj();

	jx_set(o, "form", col_str(st, s, off));
	jx_set(o, "activities", col_int(st, s, off + 1));
	jx_set(o, "participants", col_int(st, s, off + 2));
	jx_set(o, "reach", col_int(st, s, off + 3));
	return o;
}

enum store_rc
store_campaign_by_form(struct store *st, const char *campaign, json_t **rows)
{
	return list_rows(st, STMT_CAMPAIGN_BY_FORM, ARGS(T(campaign)), by_form_from_row, rows);
}

static json_t *
by_day_from_row(struct store *st, struct store_stmt *s, int off)
{
	json_t *o = jx_obj();

	jx_set(o, "date", col_str(st, s, off));
	jx_set(o, "activities", col_int(st, s, off + 1));
	return o;
}

enum store_rc
store_campaign_by_day(struct store *st, const char *campaign, json_t **rows)
{
	return list_rows(st, STMT_CAMPAIGN_BY_DAY, ARGS(T(campaign)), by_day_from_row, rows);
}

/*
 * The query answers one row per combination of audiences (the bits of the
 * audiences column) with its sums; each combination counts towards every
 * audience it holds.
 */
enum store_rc
store_campaign_by_audience(struct store *st, const char *campaign, json_t **rows)
{
	int64_t sums[AUDIENCES_N][3], mask, n[3];
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
		for (i = 0; i < AUDIENCES_N; i++) {
			if (!(mask & (INT64_C(1) << i)))
				continue;
			for (k = 0; k < 3; k++) {
				if (__builtin_add_overflow(sums[i][k], n[k], &sums[i][k])) {
					log_warnx("%s: sum overflows", __func__);
					rc = fail();
					goto out;
				}
			}
		}
		rc = step_row(st, s);
	}
	if (rc != STORE_NOTFOUND)
		goto out;
	rc = STORE_OK;
	list = jx_arr();
	for (i = 0; i < AUDIENCES_N; i++) {
		if (sums[i][0] == 0)
			continue;
		jx_append(list, json_pack("{s:s, s:I, s:I, s:I}", "audience", audience_codes[i], "activities",
					  (json_int_t)sums[i][0], "participants", (json_int_t)sums[i][1],
					  "reach", (json_int_t)sums[i][2]));
	}
	*rows = list;
out:
	store_stmt_done(st, s);
	return rc;
}

/* Exports. */

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
	for (i = 0; i < AUDIENCES_N; i++) {
		if (!(mask & (INT64_C(1) << i)))
			continue;
		n = strlen(audience_codes[i]);
		assert(len + n + 2 <= AUDIENCES_TEXT_MAX);
		if (len > 0)
			audience[len++] = ',';
		memcpy(audience + len, audience_codes[i], n + 1);
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
		return fail();
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
		rc = step_row(st, s);
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

/* The mail outbox. */

static json_t *
mail_from_row(struct store *st, struct store_stmt *s, int off)
{
	json_t *o = jx_obj();

	jx_set(o, "id", col_int(st, s, off));
	jx_set(o, "to", col_str(st, s, off + 1));
	jx_set(o, "subject", col_str(st, s, off + 2));
	jx_set(o, "body", col_str(st, s, off + 3));
	jx_set(o, "kind", col_str(st, s, off + 4));
	jx_set(o, "dedup_key", col_str(st, s, off + 5));
	jx_set(o, "status", col_str(st, s, off + 6));
	jx_set(o, "attempts", col_int(st, s, off + 7));
	jx_set(o, "last_error", col_str(st, s, off + 8));
	jx_set(o, "created_at", col_int(st, s, off + 9));
	jx_set(o, "next_attempt_at", col_int(st, s, off + 10));
	jx_set(o, "sent_at", col_int_or_null(st, s, off + 11));
	jx_set(o, "campaign", col_str(st, s, off + 12));
	jx_set(o, "org_unit", col_str(st, s, off + 13));
	jx_set(o, "version", col_int(st, s, off + 14));
	return o;
}

/* The first attempt is due at once (now). */
enum store_rc
store_mail_enqueue(struct store *st, const struct store_mail_new *m, int64_t *id)
{
	enum store_rc rc;

	if (m->to == NULL || m->subject == NULL || m->body == NULL || m->kind == NULL) {
		log_warnx("%s: to, subject, body and kind are required", __func__);
		return fail();
	}
	rc = run_int(st, STMT_MAIL_ENQUEUE,
		     ARGS(T(m->to), T(m->subject), T(m->body), T(m->kind), T(m->dedup_key), I(m->now),
			  I(m->now), T(m->campaign), T(m->org_unit)),
		     id);
	/* No row: the dedup key was taken (ON CONFLICT DO NOTHING). */
	return rc == STORE_NOTFOUND ? STORE_CONFLICT : rc;
}

enum store_rc
store_mail_due(struct store *st, int64_t now, int64_t limit, json_t **mails)
{
	*mails = NULL;
	if (limit <= 0) {
		log_warnx("%s: bad limit %lld", __func__, (long long)limit);
		return fail();
	}
	return list_rows(st, STMT_MAIL_DUE, ARGS(I(now), I(limit)), mail_from_row, mails);
}

/* The claimed mails of one call, by id. */
static int
mail_id_cmp(const void *a, const void *b)
{
	json_int_t x = json_integer_value(json_object_get(*(json_t *const *)a, "id"));
	json_int_t y = json_integer_value(json_object_get(*(json_t *const *)b, "id"));

	return (x > y) - (x < y);
}

/*
 * One statement leases the due mails (MAIL_CLAIM), in the caller's write
 * transaction or in one of its own: on SQLite BEGIN IMMEDIATE makes the
 * read of the due mails and their update one step no other connection can
 * come between; on PostgreSQL the rows are locked as they are chosen, and
 * those another claim holds are skipped. RETURNING has no order: the list
 * is sorted by id here.
 */
enum store_rc
store_mail_claim(struct store *st, int64_t now, int64_t limit, int64_t lease_until, json_t **mails)
{
	json_t *list = NULL, **v = NULL, *m;
	enum store_rc rc;
	size_t i, n;
	int own_tx = 0;

	*mails = NULL;
	if (limit <= 0 || lease_until <= now) {
		log_warnx("%s: bad limit %lld or lease %lld (now %lld)", __func__, (long long)limit,
			  (long long)lease_until, (long long)now);
		return fail();
	}
	if (!st->in_tx) {
		if ((rc = store_begin(st, 1)) != STORE_OK)
			return rc;
		own_tx = 1;
	}
	rc = list_rows(st, STMT_MAIL_CLAIM, ARGS(I(lease_until), I(now), I(limit), I(now)), mail_from_row,
		       &list);
	if (own_tx) {
		if (rc == STORE_OK)
			rc = store_commit(st);
		else
			store_rollback(st);
	}
	if (rc != STORE_OK) {
		json_decref(list);
		return rc;
	}
	n = json_array_size(list);
	v = xcalloc(n + 1, sizeof(*v));
	json_array_foreach(list, i, m) v[i] = json_incref(m);
	qsort(v, n, sizeof(*v), mail_id_cmp);
	json_array_clear(list);
	for (i = 0; i < n; i++)
		jx_append(list, v[i]);
	free(v);
	*mails = list;
	return STORE_OK;
}

enum store_rc
store_mail_mark_sent(struct store *st, int64_t id, int64_t now)
{
	return run_one(st, STMT_MAIL_SENT, ARGS(I(now), I(id)));
}

enum store_rc
store_mail_mark_failed(struct store *st, int64_t id, const char *error, int64_t next_attempt)
{
	struct store_arg next =
		next_attempt > 0 ? (struct store_arg)I(next_attempt) : (struct store_arg)T(NULL);

	return run_one(st, STMT_MAIL_FAILED,
		       ARGS(T(next_attempt > 0 ? "queued" : "failed"), T(error), next, I(id)));
}

/* Count and page come from one read transaction unless the caller has one open. */
enum store_rc
store_mail_list(struct store *st, const char *status, int64_t offset, int64_t limit, json_t **mails,
		int64_t *total)
{
	enum store_rc rc;
	int own_tx = 0;

	*mails = NULL;
	if (offset < 0 || limit <= 0) {
		log_warnx("%s: bad page (offset %lld, limit %lld)", __func__, (long long)offset,
			  (long long)limit);
		return fail();
	}
	if (!st->in_tx) {
		if ((rc = store_begin(st, 0)) != STORE_OK)
			return rc;
		own_tx = 1;
	}
	if (status == NULL) {
		rc = run_int(st, STMT_MAIL_COUNT, NOARGS, total);
		if (rc == STORE_OK)
			rc = list_rows(st, STMT_MAIL_LIST, ARGS(I(limit), I(offset)), mail_from_row, mails);
	} else {
		rc = run_int(st, STMT_MAIL_COUNT_STATUS, ARGS(T(status)), total);
		if (rc == STORE_OK)
			rc = list_rows(st, STMT_MAIL_LIST_STATUS, ARGS(T(status), I(limit), I(offset)),
				       mail_from_row, mails);
	}
	if (own_tx)
		store_rollback(st);
	return rc;
}

enum store_rc
store_mail_counts(struct store *st, json_t **counts)
{
	static const char *const statuses[] = {"queued", "sent", "failed"};
	struct store_stmt *s = NULL;
	json_t *o = jx_obj();
	const char *status;
	enum store_rc rc;
	size_t i;

	*counts = NULL;
	for (i = 0; i < sizeof(statuses) / sizeof(statuses[0]); i++)
		jx_set(o, statuses[i], json_integer(0));
	rc = store_stmt_run(st, STMT_MAIL_COUNTS, NOARGS, &s);
	while (rc == STORE_OK) {
		status = st->ops->column_text(s, 0);
		if (status != NULL && json_object_get(o, status) != NULL)
			jx_set(o, status, col_int(st, s, 1));
		rc = step_row(st, s);
	}
	store_stmt_done(st, s);
	if (rc != STORE_NOTFOUND) {
		json_decref(o);
		return rc;
	}
	*counts = o;
	return STORE_OK;
}

/* Audit. */

enum store_rc
store_audit_add(struct store *st, const struct store_audit_event *e)
{
	struct store_arg actor =
		e->actor_id > 0 ? (struct store_arg)I(e->actor_id) : (struct store_arg)T(NULL);
	char *detail = NULL;
	enum store_rc rc;

	if (e->action == NULL || e->entity == NULL) {
		log_warnx("%s: action and entity are required", __func__);
		return fail();
	}
	if (e->detail != NULL) {
		detail = json_dumps(e->detail, JSON_COMPACT | JSON_PRESERVE_ORDER | JSON_ENCODE_ANY);
		if (detail == NULL)
			abort();
	}
	rc = store_stmt_run(st, STMT_AUDIT_ADD,
			    ARGS(I(e->at), actor, T(e->actor_login), T(e->action), T(e->entity),
				 T(e->entity_id), T(detail), T(e->remote_ip)),
			    NULL);
	free(detail);
	return rc;
}

static json_t *
audit_from_row(struct store *st, struct store_stmt *s, int off)
{
	json_t *o = jx_obj(), *detail;

	detail = col_json(st, s, off + 6);
	if (detail == NULL) {
		json_decref(o);
		return NULL;
	}
	jx_set(o, "id", col_int(st, s, off));
	jx_set(o, "at", col_int(st, s, off + 1));
	jx_set(o, "actor", col_str(st, s, off + 2));
	jx_set(o, "action", col_str(st, s, off + 3));
	jx_set(o, "entity", col_str(st, s, off + 4));
	jx_set(o, "entity_id", col_str(st, s, off + 5));
	jx_set(o, "detail", detail);
	jx_set(o, "remote_ip", col_str(st, s, off + 7));
	return o;
}

/* Count and page come from one read transaction unless the caller has one open. */
enum store_rc
store_audit_list(struct store *st, int64_t offset, int64_t limit, json_t **events, int64_t *total)
{
	enum store_rc rc;
	int own_tx = 0;

	*events = NULL;
	if (offset < 0 || limit <= 0) {
		log_warnx("%s: bad page (offset %lld, limit %lld)", __func__, (long long)offset,
			  (long long)limit);
		return fail();
	}
	if (!st->in_tx) {
		if ((rc = store_begin(st, 0)) != STORE_OK)
			return rc;
		own_tx = 1;
	}
	rc = run_int(st, STMT_AUDIT_COUNT, NOARGS, total);
	if (rc != STORE_OK)
		goto out;
	rc = list_rows(st, STMT_AUDIT_LIST, ARGS(I(limit), I(offset)), audit_from_row, events);
out:
	if (own_tx)
		store_rollback(st);
	return rc;
}
