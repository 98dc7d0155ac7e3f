/*
 * stmt: the statement table. Every query svodka runs is written once here,
 * addressed by its enum store_stmt_id, in SQL that SQLite and PostgreSQL
 * both accept (`?` placeholders, ON CONFLICT ... DO NOTHING, RETURNING,
 * integer 0/1 for booleans, Unix seconds for times); beside it the few
 * statements whose text the dialects cannot share, and the flags of those
 * that stream. The statements are grouped by entity, STMT_USER_* and
 * STMT_SESSION_* for users.c, STMT_ORG_* and STMT_CAMPAIGN_* for
 * campaigns.c, STMT_REPORT_* for reports.c, STMT_EXPORT_* for exports.c,
 * STMT_MAIL_* for mail.c and STMT_AUDIT_* for audit.c.
 */
#include "store/store_int.h"

#include <assert.h>

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
#define REPORT_FROM                                                                                          \
	" FROM reports r JOIN campaigns c ON c.id = r.campaign_id JOIN org_units o ON o.code = r.org_unit "
/* The data of a report lives in report_data (migration 4), keyed by the report's id. */
#define REPORT_DATA_JOIN "JOIN report_data d ON d.report_id = r.id "
/* The report of a campaign slug and org unit code, in a WHERE clause. */
#define REPORT_KEY "campaign_id = (SELECT id FROM campaigns WHERE slug = ?) AND org_unit = ? "

/*
 * The child rows of a report are inserted STORE_ROWS_BATCH at a time: one
 * statement with that many rows of parameters in a VALUES list, of which
 * the rows whose first column (the position) is left NULL are skipped. So a
 * report of 20 activities costs one statement, not 20 (on PostgreSQL each
 * writing statement in a transaction is also a savepoint, a
 * subtransaction). The casts give PostgreSQL the types that VALUES cannot
 * infer; both engines name the columns of VALUES column1, column2 ...
 */
#define X2(r) r ", " r
#define X64(r) X2(X2(X2(X2(X2(X2(r))))))
_Static_assert(STORE_ROWS_BATCH == 64, "ROWS_FROM lists X64 rows");
#define ROWS_FROM(row) " FROM (VALUES " X64(row) ") AS v WHERE column1 IS NOT NULL"
/* position, row_id, form, date, title, description, participants, reach, n_links, links, audiences */
#define ACTIVITY_ROW                                                                                         \
	"(CAST(? AS INTEGER), ?, ?, ?, ?, ?, CAST(? AS BIGINT), CAST(? AS BIGINT), CAST(? AS INTEGER), ?, "  \
	"CAST(? AS INTEGER))"
#define AUDIENCE_ROW "(CAST(? AS BIGINT), ?)"
#define PUBLICATION_ROW                                                                                      \
	"(CAST(? AS INTEGER), ?, ?, ?, ?, CAST(? AS BIGINT), CAST(? AS INTEGER), CAST(? AS INTEGER))"
#define ORGANIZATION_ROW "(CAST(? AS INTEGER), ?, ?, ?, ?)"

/* A campaign's id from its slug, in a WHERE clause. */
#define CAMPAIGN_ID "(SELECT id FROM campaigns WHERE slug = ?)"
/* The reports of a campaign with their org units, for the exports: ordered by code, then position. */
#define EXPORT_FROM(child)                                                                                   \
	" FROM reports r JOIN org_units o ON o.code = r.org_unit JOIN " child                                \
	" x ON x.report_id = r.id WHERE r.campaign_id = " CAMPAIGN_ID " ORDER BY r.org_unit, x.position"
#define EXPORT_BASE "SELECT r.org_unit, o.name, o.kind, r.status, x.position, "
#define MAIL_FIELDS                                                                                          \
	"id, recipient, subject, body, kind, dedup_key, status, attempts, last_error, created_at, "          \
	"next_attempt_at, sent_at, campaign, org_unit, version, sealed"
#define MAIL_COLS MAIL_FIELDS " FROM mail_outbox "

/*
 * The contest (contest.c). An entry with its campaign's slug and its org
 * unit's name; LIVE is the partial unique index's predicate (migrations.c).
 * A juror sees an accepted entry of the juror's nomination (any, when the
 * juror has none) unless it comes from the juror's own org unit or one an
 * admin excluded: JUROR_SEES, with the user id three times.
 */
#define CONTEST_LIVE "e.status NOT IN ('withdrawn', 'expired', 'rejected')"
#define ENTRY_FIELDS                                                                                         \
	"e.id, c.slug, e.org_unit, o.name, e.nomination, e.age, e.title, e.description, e.video_platform, "  \
	"e.video_sealed, e.pd_sealed, e.status, e.consents, e.hashtags, e.publication, e.same_person, "      \
	"e.reject_reason, e.reject_note, e.submitted_at, e.confirm_expires, e.confirmed_at, e.decided_at, "  \
	"e.decided_by, e.version"
#define ENTRY_FROM                                                                                           \
	" FROM contest_entries e JOIN campaigns c ON c.id = e.campaign_id "                                  \
	"JOIN org_units o ON o.code = e.org_unit "
#define ENTRY_FILTER                                                                                         \
	"WHERE e.campaign_id = " CAMPAIGN_ID " AND (CAST(? AS TEXT) IS NULL OR e.status = ?) "               \
	"AND (CAST(? AS TEXT) IS NULL OR e.org_unit = ?) "                                                   \
	"AND (CAST(? AS TEXT) IS NULL OR COALESCE(e.nomination, '') = ?) "                                   \
	"AND (CAST(? AS TEXT) IS NULL OR (CAST(? AS TEXT) = 'same_person' AND e.same_person = 1)) "
#define JUROR_SEES                                                                                           \
	" AND e.status = 'accepted' AND EXISTS (SELECT 1 FROM contest_jurors j WHERE "                       \
	"j.campaign_id = e.campaign_id AND j.user_id = ? AND (j.nomination IS NULL OR "                      \
	"j.nomination = e.nomination)) AND e.org_unit <> COALESCE((SELECT u.org_unit FROM users u "          \
	"WHERE u.id = ?), '') AND NOT EXISTS (SELECT 1 FROM contest_exclusions x WHERE "                     \
	"x.campaign_id = e.campaign_id AND x.user_id = ? AND x.org_unit = e.org_unit)"
#define JUROR_QUEUE                                                                                          \
	"SELECT " ENTRY_FIELDS ", s.vals, s.comment" ENTRY_FROM "LEFT JOIN contest_scores s ON "             \
	"s.entry_id = e.id AND s.juror_id = ? WHERE c.slug = ?" JUROR_SEES
#define JUROR_COLS                                                                                           \
	"SELECT j.user_id, u.login, u.name, u.org_unit, o.name, j.nomination FROM contest_jurors j "         \
	"JOIN users u ON u.id = j.user_id LEFT JOIN org_units o ON o.code = u.org_unit "                     \
	"WHERE j.campaign_id = " CAMPAIGN_ID
/* Every column that holds personal data or could lead back to it. */
#define CONTEST_ERASED                                                                                       \
	"pd_sealed = NULL, video_sealed = NULL, video_hash = NULL, person_hash = NULL, "                     \
	"contact_hash = NULL, title = NULL, description = NULL, confirm_token_hash = NULL, "                 \
	"confirm_expires = NULL"
#define CONTEST_HOLDS_PD                                                                                     \
	"(pd_sealed IS NOT NULL OR video_sealed IS NOT NULL OR video_hash IS NOT NULL OR "                   \
	"person_hash IS NOT NULL OR contact_hash IS NOT NULL OR title IS NOT NULL OR "                       \
	"description IS NOT NULL)"
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
	/* One row per combination of audiences (at most 2^5); campaigns.c adds them up per audience. */
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
			      "attempts, created_at, next_attempt_at, campaign, org_unit, version, sealed) "
			      "VALUES (?, ?, ?, ?, ?, 'queued', 0, ?, ?, ?, ?, 1, ?) "
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

	[STMT_CONTEST_ENTRY_ADD] =
		"INSERT INTO contest_entries (campaign_id, org_unit, nomination, age, title, description, "
		"video_platform, video_sealed, video_hash, pd_sealed, person_hash, contact_hash, "
		"status_token_hash, confirm_token_hash, confirm_expires, status, consents, hashtags, "
		"publication, same_person, submitted_at) VALUES (" CAMPAIGN_ID ", ?, ?, ?, ?, ?, ?, ?, ?, ?, "
		"?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (campaign_id, video_hash) WHERE "
		"status NOT IN ('withdrawn', 'expired', 'rejected') DO NOTHING RETURNING id",
	[STMT_CONTEST_PERSON_COUNT] =
		"SELECT count(*) FROM contest_entries e WHERE e.campaign_id = " CAMPAIGN_ID
		" AND e.person_hash = ? AND " CONTEST_LIVE,
	[STMT_CONTEST_PERSON_FLAG] =
		"UPDATE contest_entries SET same_person = 1, version = version + 1 "
		"WHERE campaign_id = " CAMPAIGN_ID " AND person_hash = ? AND same_person = 0 "
		"AND status NOT IN ('withdrawn', 'expired', 'rejected')",
	[STMT_CONTEST_ENTRY_GET] = "SELECT " ENTRY_FIELDS ENTRY_FROM "WHERE e.id = ?",
	[STMT_CONTEST_BY_STATUS] = "SELECT " ENTRY_FIELDS ENTRY_FROM "WHERE e.status_token_hash = ?",
	[STMT_CONTEST_BY_CONFIRM] = "SELECT " ENTRY_FIELDS ENTRY_FROM "WHERE e.confirm_token_hash = ?",
	[STMT_CONTEST_CONFIRM] =
		"UPDATE contest_entries SET status = 'received', confirmed_at = ?, confirm_token_hash = NULL, "
		"confirm_expires = NULL, version = version + 1 WHERE id = ? AND "
		"status = 'awaiting_confirmation' AND confirm_expires > ? RETURNING id",
	[STMT_CONTEST_LIST_COUNT] = "SELECT count(*) FROM contest_entries e " ENTRY_FILTER,
	[STMT_CONTEST_LIST] = "SELECT " ENTRY_FIELDS ENTRY_FROM ENTRY_FILTER "ORDER BY e.id LIMIT ? OFFSET ?",
	[STMT_CONTEST_COUNTS] =
		"SELECT status, count(*) FROM contest_entries WHERE campaign_id = " CAMPAIGN_ID
		" GROUP BY status",
	[STMT_CONTEST_DECIDE] =
		"UPDATE contest_entries SET status = ?, reject_reason = ?, reject_note = ?, decided_at = ?, "
		"decided_by = ?, version = version + 1 WHERE id = ? AND version = ? AND "
		"status IN ('received', 'accepted', 'rejected') RETURNING id",
	[STMT_CONTEST_ERASE] =
		"UPDATE contest_entries SET status = ?, " CONTEST_ERASED ", version = version + 1 "
		"WHERE id = ? AND status NOT IN ('withdrawn', 'expired') RETURNING id",
	[STMT_CONTEST_SCORES_DEL_ENTRY] = "DELETE FROM contest_scores WHERE entry_id = ?",
	[STMT_MAIL_DELETE_LIKE] = "DELETE FROM mail_outbox WHERE dedup_key LIKE ?",
	[STMT_CONTEST_CONTACT_COUNT] =
		"SELECT count(*) FROM contest_entries e WHERE e.campaign_id = " CAMPAIGN_ID
		" AND e.contact_hash = ? AND e.submitted_at >= ? AND " CONTEST_LIVE,
	[STMT_CONTEST_EXPIRED_IDS] = "SELECT id FROM contest_entries WHERE status = 'awaiting_confirmation' "
				     "AND confirm_expires <= ? ORDER BY id",
	[STMT_CONTEST_REMIND_DUE] =
		"SELECT e.id, c.slug, e.pd_sealed, e.submitted_at FROM contest_entries e JOIN campaigns c ON "
		"c.id = e.campaign_id WHERE e.status = 'awaiting_confirmation' AND e.reminded_at IS NULL AND "
		"e.submitted_at <= ? AND e.confirm_expires > ? ORDER BY e.id",
	[STMT_CONTEST_REMINDED] = "UPDATE contest_entries SET reminded_at = ? WHERE id = ? RETURNING id",
	[STMT_CONTEST_SET_CONFIRM] = "UPDATE contest_entries SET confirm_token_hash = ?, confirm_expires = ? "
				     "WHERE id = ? AND status = 'awaiting_confirmation' RETURNING id",
	[STMT_CONTEST_JUROR_SET] = "INSERT INTO contest_jurors (campaign_id, user_id, nomination) VALUES "
				   "(" CAMPAIGN_ID ", ?, ?) ON CONFLICT (campaign_id, user_id) DO UPDATE SET "
				   "nomination = excluded.nomination",
	[STMT_CONTEST_JUROR_REMOVE] = "DELETE FROM contest_jurors WHERE campaign_id = " CAMPAIGN_ID
				      " AND user_id = ? RETURNING user_id",
	[STMT_CONTEST_JUROR_LIST] = JUROR_COLS " ORDER BY COALESCE(u.name, u.login), u.login",
	[STMT_CONTEST_JUROR_GET] = JUROR_COLS " AND j.user_id = ?",
	[STMT_CONTEST_JUROR_CAMPAIGNS] =
		"SELECT c.slug FROM contest_jurors j JOIN campaigns c ON "
		"c.id = j.campaign_id WHERE j.user_id = ? ORDER BY c.created_at DESC, c.id DESC",
	[STMT_CONTEST_EXCL_ADD] =
		"INSERT INTO contest_exclusions (campaign_id, user_id, org_unit) VALUES "
		"(" CAMPAIGN_ID ", ?, ?) ON CONFLICT (campaign_id, user_id, org_unit) DO NOTHING",
	[STMT_CONTEST_EXCL_REMOVE] = "DELETE FROM contest_exclusions WHERE campaign_id = " CAMPAIGN_ID
				     " AND user_id = ? AND org_unit = ? RETURNING user_id",
	[STMT_CONTEST_EXCL_LIST] = "SELECT x.user_id, x.org_unit, o.name FROM contest_exclusions x JOIN "
				   "org_units o ON o.code = x.org_unit WHERE x.campaign_id = " CAMPAIGN_ID
				   " ORDER BY x.user_id, x.org_unit",
	/* Parameters: the juror (scores), the slug, the juror three times (JUROR_SEES). */
	[STMT_CONTEST_JUROR_QUEUE] = JUROR_QUEUE " ORDER BY e.id",
	[STMT_CONTEST_JUROR_ENTRY] = JUROR_QUEUE " AND e.id = ?",
	[STMT_CONTEST_SCORE_SET] =
		"INSERT INTO contest_scores (entry_id, juror_id, vals, comment, updated_at) "
		"VALUES (?, ?, ?, ?, ?) ON CONFLICT (entry_id, juror_id) DO UPDATE SET "
		"vals = excluded.vals, comment = excluded.comment, updated_at = excluded.updated_at",
	[STMT_CONTEST_SCORES] =
		"SELECT s.entry_id, s.juror_id, COALESCE(u.name, u.login), s.vals, s.comment, s.updated_at "
		"FROM contest_scores s JOIN contest_entries e ON e.id = s.entry_id JOIN users u ON "
		"u.id = s.juror_id WHERE e.campaign_id = " CAMPAIGN_ID " ORDER BY s.entry_id, s.juror_id",
	[STMT_CONTEST_STATE] = "SELECT judging_closed_at, judging_closed_by, results_published_at, "
			       "results_published_by, results, purged_at FROM contest_state WHERE "
			       "campaign_id = " CAMPAIGN_ID,
	[STMT_CONTEST_STATE_ENSURE] = "INSERT INTO contest_state (campaign_id) VALUES (" CAMPAIGN_ID
				      ") ON CONFLICT (campaign_id) DO NOTHING",
	[STMT_CONTEST_SET_JUDGING] = "UPDATE contest_state SET judging_closed_at = ?, judging_closed_by = ? "
				     "WHERE campaign_id = " CAMPAIGN_ID " AND results_published_at IS NULL "
				     "RETURNING campaign_id",
	[STMT_CONTEST_PUBLISH] = "UPDATE contest_state SET results = ?, results_published_at = ?, "
				 "results_published_by = ? WHERE campaign_id = " CAMPAIGN_ID
				 " AND judging_closed_at IS NOT NULL RETURNING campaign_id",
	[STMT_CONTEST_PURGE_DUE] =
		"SELECT c.slug FROM contest_state s JOIN campaigns c ON c.id = s.campaign_id "
		"WHERE s.results_published_at <= ? AND s.purged_at IS NULL ORDER BY c.slug",
	[STMT_CONTEST_STATS] = "SELECT org_unit, COALESCE(nomination, ''), age, status FROM contest_entries "
			       "WHERE campaign_id = " CAMPAIGN_ID " ORDER BY id",
	[STMT_CONTEST_PURGE_COUNT] = "SELECT count(*) FROM contest_entries WHERE campaign_id = " CAMPAIGN_ID
				     " AND " CONTEST_HOLDS_PD,
	[STMT_CONTEST_PURGE_ERASE] = "UPDATE contest_entries SET " CONTEST_ERASED ", version = version + 1 "
				     "WHERE campaign_id = " CAMPAIGN_ID " AND " CONTEST_HOLDS_PD,
	[STMT_CONTEST_PURGE_MAIL] =
		"DELETE FROM mail_outbox WHERE campaign = ? AND dedup_key LIKE 'contest:%'",
	[STMT_CONTEST_PURGE_MARK] =
		"UPDATE contest_state SET purged_at = ?, results = ? WHERE campaign_id = " CAMPAIGN_ID,
	[STMT_CONTEST_DESTRUCTION_ADD] =
		"INSERT INTO contest_destructions (campaign_id, at, by_user, by_name, ground, what, records, "
		"statistics) VALUES (" CAMPAIGN_ID ", ?, ?, (SELECT COALESCE(name, login) FROM users WHERE "
		"id = ?), ?, ?, ?, ?) RETURNING id",
	[STMT_CONTEST_DESTRUCTIONS] =
		"SELECT d.id, c.slug, d.at, d.by_user, d.by_name, d.ground, d.what, d.records, d.statistics "
		"FROM contest_destructions d JOIN campaigns c ON c.id = d.campaign_id WHERE d.campaign_id = " CAMPAIGN_ID
		" ORDER BY d.at DESC, d.id DESC",
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

const char *
store_stmt_sql(enum store_stmt_id id, enum store_dialect dialect)
{
	const char *sql;

	assert(id < STMT__MAX && dialect < STORE_DIALECT__MAX && stmt_sql[id] != NULL);
	sql = stmt_dialect_sql[id][dialect];
	return sql != NULL ? sql : stmt_sql[id];
}

unsigned
store_stmt_flags(enum store_stmt_id id)
{
	assert(id < STMT__MAX);
	return stmt_flags[id];
}
