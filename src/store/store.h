/*
 * store: the only place in svodka that speaks SQL. Callers use functions
 * named for what they mean and get the model back as jansson values; they
 * never see which backend (SQLite or PostgreSQL) runs underneath.
 *
 * Invariants:
 * - One struct store is one database connection, used by one thread at a
 *   time. Every statement is prepared once per connection and bound, never
 *   formatted.
 * - Functions run inside whatever transaction the caller opened with
 *   store_begin(); outside one each statement commits on its own. A write
 *   and its audit event belong in one store_begin/store_commit pair.
 * - Times are Unix seconds (UTC) as int64_t.
 * - Returned json_t values are new references owned by the caller.
 * - Updatable rows carry a version (starting at 1); an update given a stale
 *   version changes nothing and returns STORE_CONFLICT.
 */
#ifndef SVODKA_STORE_H
#define SVODKA_STORE_H

#include <jansson.h>
#include <stdint.h>

enum store_rc {
	STORE_OK = 0,
	STORE_NOTFOUND, /* no such row */
	STORE_CONFLICT, /* unique key taken, or stale version */
	STORE_UNAVAILABLE, /* the database cannot be reached or is busy beyond the timeout */
	STORE_TOONEW, /* the database's schema is newer than this binary */
	STORE_ERROR, /* anything else; logged where it happened */
};

#define STORE_WUR __attribute__((warn_unused_result))

struct store;

/*
 * Opens a connection. url is a file path or "sqlite:PATH" (SQLite: WAL,
 * synchronous=FULL, foreign keys on, busy timeout; the file is created when
 * missing), or a "postgres://" / "postgresql://" URI as libpq reads it
 * (UTF-8, UTC, statement and lock timeouts, connect_timeout 2 s unless the
 * URL sets one). A malformed URL is STORE_ERROR, a database that cannot be
 * reached STORE_UNAVAILABLE. The URL is never logged. Does not migrate.
 *
 * PostgreSQL: when the session is lost (server restarted), the failing call
 * answers STORE_UNAVAILABLE and the next call reconnects; a transaction
 * open at the time is gone, and until store_rollback() every call answers
 * STORE_UNAVAILABLE.
 */
STORE_WUR enum store_rc store_open(const char *url, struct store **out);
void store_close(struct store *st); /* NULL is a no-op */

/*
 * Brings the schema to the newest version, each migration in its own write
 * transaction; running it again is a no-op. STORE_TOONEW (logged, nothing
 * changed) when the database is newer than this binary. Not inside
 * store_begin(). *from and *to may be NULL.
 */
STORE_WUR enum store_rc store_migrate(struct store *st, int *from, int *to);
/* Schema version recorded in the database (0 when empty). */
STORE_WUR enum store_rc store_schema_version(struct store *st, int *version);
/* Newest schema version this binary knows. */
int store_schema_latest(void);
/* A cheap round trip that also checks the schema is there, for /healthz. */
STORE_WUR enum store_rc store_ping(struct store *st);
/* Total database errors seen in this process, for /metrics. */
unsigned long store_errors_total(void);

/*
 * Transactions; store_rollback is safe to call when none is open. They do
 * not nest: store_begin inside one is STORE_ERROR. write takes the write
 * lock at once, so writers queue (up to the busy timeout, then
 * STORE_UNAVAILABLE). A failed store_commit has rolled back: no
 * transaction is open afterwards.
 *
 * On PostgreSQL a write transaction is READ COMMITTED and writers wait
 * only for the rows they touch (up to the lock timeout, then
 * STORE_UNAVAILABLE); a read transaction (write = 0) is one REPEATABLE
 * READ, READ ONLY snapshot, in which writes fail. On both backends a
 * constraint conflict inside a transaction leaves the rest of it intact.
 */
STORE_WUR enum store_rc store_begin(struct store *st, int write);
STORE_WUR enum store_rc store_commit(struct store *st);
void store_rollback(struct store *st);

#ifdef SVODKA_FAULT_INJECTION
/*
 * Exists only in test builds (meson -Dfault_injection=true): the nth call
 * from now on this thread of store_stmt_run, store_begin or store_commit
 * fails with STORE_ERROR, logged and counted like a real database error (a
 * failed commit has rolled back, as a real one). n <= 0 disarms; the
 * countdown also disarms itself once it has fired.
 */
void store_fault_arm(int n);
#endif

/*
 * SQLite only: online, consistent copy of the database into path, a new
 * file (an existing one is never overwritten: STORE_ERROR). On PostgreSQL
 * STORE_ERROR, logged with a pointer to pg_dump.
 */
STORE_WUR enum store_rc store_backup(struct store *st, const char *path);

/*
 * Users. A user model is
 * {"id", "login", "name", "role", "org_unit" (code or null),
 *  "org_unit_name" (or null), "email" (or null), "disabled" (bool),
 *  "created_at", "version"}.
 * The password hash never appears in a model. Logins are matched byte for
 * byte: callers store and look them up lowercased, which makes the UNIQUE
 * login case-insensitive in effect. store_user_add answers STORE_CONFLICT
 * for a taken login, an unknown org unit or a role outside the list.
 * Setters answer STORE_NOTFOUND for an unknown id and bump the version.
 */
struct store_user_new {
	const char *login;
	const char *name; /* may be NULL */
	const char *role; /* "admin", "coordinator", "juror" */
	const char *org_unit; /* code, or NULL */
	const char *email; /* for notifications; may be NULL (the caller validates it) */
	const char *password_hash; /* crypto_pwhash_str output */
	int64_t now;
};
STORE_WUR enum store_rc store_user_add(struct store *st, const struct store_user_new *u, int64_t *id);
STORE_WUR enum store_rc store_user_get(struct store *st, int64_t id, json_t **user);
STORE_WUR enum store_rc store_user_get_by_login(struct store *st, const char *login, json_t **user);
/* For sign-in: *hash is malloc'd (caller frees); NOTFOUND for unknown login. */
STORE_WUR enum store_rc store_user_auth(struct store *st, const char *login, int64_t *id, char **hash,
					int *disabled);
STORE_WUR enum store_rc store_user_list(struct store *st, json_t **users);
/* role NULL counts every user. */
STORE_WUR enum store_rc store_user_count(struct store *st, const char *role, int64_t *count);
STORE_WUR enum store_rc store_user_set_disabled(struct store *st, int64_t id, int disabled);
STORE_WUR enum store_rc store_user_set_password(struct store *st, int64_t id, const char *password_hash);
/* Sets the address (the caller validates it), or clears it with NULL. */
STORE_WUR enum store_rc store_user_set_email(struct store *st, int64_t id, const char *email);

/*
 * Sessions, keyed by the hex SHA-256 of the random token the cookie holds.
 * store_session_get answers NOTFOUND when the session is missing, past
 * either expiry, or its user is disabled. A session model is
 * {"user": {user model}, "csrf": "...", "created_at", "last_seen",
 *  "idle_expires", "absolute_expires"}.
 */
struct store_session_new {
	const char *token_hash; /* 64 hex characters */
	int64_t user_id;
	const char *csrf; /* token for forms, stored as is */
	int64_t now;
	int64_t idle_expires;
	int64_t absolute_expires;
	const char *remote_ip;
};
STORE_WUR enum store_rc store_session_create(struct store *st, const struct store_session_new *s);
STORE_WUR enum store_rc store_session_get(struct store *st, const char *token_hash, int64_t now,
					  json_t **session);
/* NOTFOUND when missing or already expired: touching never revives a session. */
STORE_WUR enum store_rc store_session_touch(struct store *st, const char *token_hash, int64_t now,
					    int64_t idle_expires);
/* NOTFOUND when there was no such session. */
STORE_WUR enum store_rc store_session_delete(struct store *st, const char *token_hash);
STORE_WUR enum store_rc store_session_delete_user(struct store *st, int64_t user_id);
STORE_WUR enum store_rc store_session_purge(struct store *st, int64_t now);

/*
 * Org units: the region and its municipalities, a tree by parent code. A
 * model is {"code", "parent" (or null), "name", "kind", "centre", "head",
 * "email", "version"}. kind is "region", "urban_okrug", "municipal_okrug"
 * or "municipal_district".
 */
struct store_org_unit {
	const char *code;
	const char *parent; /* NULL for the root */
	const char *name;
	const char *kind;
	const char *centre; /* may be NULL */
	const char *head; /* may be NULL */
	const char *email; /* may be NULL */
};
/* Inserts when the code is new; an existing unit is left as it is (*inserted = 0). */
STORE_WUR enum store_rc store_org_unit_ensure(struct store *st, const struct store_org_unit *u,
					      int *inserted);
/*
 * Root first, then children ordered by kind (urban_okrug, municipal_okrug,
 * municipal_district) and name.
 */
STORE_WUR enum store_rc store_org_unit_list(struct store *st, json_t **units);
STORE_WUR enum store_rc store_org_unit_get(struct store *st, const char *code, json_t **unit);
/*
 * Updates name, kind, centre, head, email if version matches; bumps version.
 * STORE_NOTFOUND for an unknown code.
 */
STORE_WUR enum store_rc store_org_unit_update(struct store *st, const struct store_org_unit *u,
					      int64_t version);

/*
 * Campaigns. The campaign is kept as its validated JSON document (the same
 * format as data/charter-2022.json) plus indexed columns. A list item is
 * {"slug", "title", "starts", "ends", "due", "version"} (dates as
 * "YYYY-MM-DD"); store_campaign_get returns the document with "version".
 */
/*
 * Inserts when the slug is new; an existing campaign is left as it is. A
 * document lacking slug, title, period.start, period.end, report_due or
 * time_zone is STORE_ERROR (the domain layer validates before this).
 */
STORE_WUR enum store_rc store_campaign_ensure(struct store *st, json_t *doc, int64_t now, int *inserted);
/* Newest start first. */
STORE_WUR enum store_rc store_campaign_list(struct store *st, json_t **campaigns);
STORE_WUR enum store_rc store_campaign_get(struct store *st, const char *slug, json_t **doc);
/* Only the version of a campaign, for caches; NOTFOUND for an unknown slug. */
STORE_WUR enum store_rc store_campaign_version(struct store *st, const char *slug, int64_t *version);

/*
 * Campaign editing (admin). The document is validated by domain/campaign.c
 * first. store_campaign_create inserts a new campaign (CONFLICT when the
 * slug is taken); store_campaign_update replaces the document of an
 * existing one if version matches (CONFLICT when stale, NOTFOUND when the
 * slug is unknown), rewrites the listed columns from it and bumps the
 * version; the slug never changes (a document with another slug is
 * STORE_ERROR). A "version" key in doc (store_campaign_get adds one) is not
 * stored. A document lacking a required key is STORE_ERROR, as for
 * store_campaign_ensure.
 */
STORE_WUR enum store_rc store_campaign_create(struct store *st, json_t *doc, int64_t now);
STORE_WUR enum store_rc store_campaign_update(struct store *st, const char *slug, json_t *doc,
					      int64_t version, int64_t now);

/*
 * Reports: one per campaign and org unit (a municipality). The report model
 * is
 *   {"campaign": slug, "org_unit": code, "org_unit_name", "org_unit_kind",
 *    "status": "draft" | "submitted" | "returned" | "accepted",
 *    "version", "data": {the normalized report, see domain/report.h},
 *    "created_at", "updated_at", "updated_by" (login or null),
 *    "submitted_at" (or null), "late" (bool),
 *    "last_comment" (the latest return or reopen comment, or null),
 *    "lock_until" (the end of an admin's lock exception, or null),
 *    "totals": {"activities", "participants", "reach", "publications",
 *               "views", "organizations"}}.
 * There is no row for a municipality that has not started ("not started" is
 * the absence of a report).
 *
 * Every write of a report (a save, or a change of status) goes through
 * store_report_write and adds one entry to the report's history, which keeps
 * the full data of every version, so the history feed can show what changed
 * between any two versions.
 *
 * The rows of the normalized data are also kept in tables of their own
 * (activities with their audiences, publications, organizations) and the
 * totals in columns of the report, all rewritten in the same statement
 * batch as the data, so the dashboard and the exports can aggregate in SQL.
 */
struct store_report_write {
	const char *campaign; /* slug */
	const char *org_unit; /* code */
	int64_t base_version; /* the version the change was based on; 0 creates the report */
	json_t *data; /* borrowed; the new normalized data (an object), or NULL to keep it (status changes) */
	const char *status; /* the status after the write */
	const char *action; /* history: "save", "submit", "return", "accept", "reopen", "import" */
	const char *comment; /* history and last_comment: the return or reopen reason; may be NULL */
	int64_t submitted_at; /* > 0 sets submitted_at and late (with `late`); 0 keeps them */
	int late;
	int64_t actor_id; /* 0 for the system */
	const char *actor_login; /* NULL for the system */
	int64_t now;
};
/*
 * Creates (base_version 0) or updates the report. *version (may be NULL)
 * gets the new version. CONFLICT when the report exists and base_version
 * is not its version (or base_version is 0 and it exists), or the status is
 * not one of the four: nothing is changed. NOTFOUND when the campaign or
 * org unit does not exist, or base_version > 0 and there is no report.
 * Creating needs data; no campaign, org unit, status or action, or data
 * that is not an object, is STORE_ERROR.
 *
 * Runs in the caller's transaction, or in one of its own when none is open.
 * CONFLICT and NOTFOUND leave the caller's transaction usable; after any
 * other failure the caller rolls it back. Another writer of the same report
 * waits for this one's transaction, then finds its base stale (CONFLICT).
 */
STORE_WUR enum store_rc store_report_write(struct store *st, const struct store_report_write *w,
					   int64_t *version);
STORE_WUR enum store_rc store_report_get(struct store *st, const char *campaign, const char *org_unit,
					 json_t **report);
/*
 * Every report of a campaign, without "data" (status, dates, totals, last
 * comment), ordered by org unit code. Municipalities that have not started
 * are not in the list: the caller merges with the org units that must report.
 * An unknown campaign has an empty list.
 */
STORE_WUR enum store_rc store_report_list(struct store *st, const char *campaign, json_t **reports);
/*
 * The history of one report, newest first: [{"version", "action", "status",
 * "at", "actor" (login or null), "comment" (or null), "data"}]. NOTFOUND
 * when there is no report.
 */
STORE_WUR enum store_rc store_report_history(struct store *st, const char *campaign, const char *org_unit,
					     json_t **entries);
/*
 * Sets (until > 0) or clears (until = 0) a lock exception: the report stays
 * editable until that instant although the campaign has locked reports.
 * Bumps the version and sets updated_at to now (updated_by stays); it is
 * not a write of the report, so it adds no history entry (the history's
 * versions skip it). NOTFOUND when there is no report.
 */
STORE_WUR enum store_rc store_report_set_lock_exception(struct store *st, const char *campaign,
							const char *org_unit, int64_t until, int64_t now);

/*
 * Aggregates for a campaign's dashboard, over the reports of the campaign
 * (all statuses; the caller shows what it wants). Each answers a new array:
 * - by form: [{"form", "activities", "participants", "reach"}], every form
 *   code that occurs, ordered by code (activities without a form, which a
 *   draft may have, left out);
 * - by audience: [{"audience", "activities", "participants", "reach"}],
 *   every audience code that occurs, in the order children, parents,
 *   teachers, specialists, public; an activity counts towards each of its
 *   audiences (so the rows add up to more than the activities);
 * - by day: [{"date": "YYYY-MM-DD", "activities"}], ordered by date (rows
 *   without a date left out).
 * Null numbers count as 0. An unknown campaign answers empty arrays. Each
 * is one scan of a covering index (docs/store.md).
 */
STORE_WUR enum store_rc store_campaign_by_form(struct store *st, const char *campaign, json_t **rows);
STORE_WUR enum store_rc store_campaign_by_audience(struct store *st, const char *campaign, json_t **rows);
STORE_WUR enum store_rc store_campaign_by_day(struct store *st, const char *campaign, json_t **rows);

/*
 * Exports stream the rows of a campaign's reports to a callback, one row at
 * a time in constant memory, ordered by org unit code and then position.
 * The strings of a row are valid only during the call; NULL stands for
 * SQL NULL (an empty string in the data is stored as NULL; numbers: has_*
 * is 0). The callback returns 0 to go on, -1 to stop (the export then
 * answers STORE_ERROR, neither logged nor counted as a database error).
 * Every row carries its report's status and org unit kind, so the caller
 * can filter. An unknown campaign has no rows. An activity's audience
 * lists its codes in the order children, parents, teachers, specialists,
 * public, whatever the order in the data.
 *
 * An export runs in the caller's transaction, or in a read transaction of
 * its own (one snapshot) when none is open. The callback must not call the
 * store with the same struct store unless the caller opened that
 * transaction. On PostgreSQL the rows come through a cursor, 1,000 at a
 * time.
 */
struct store_export_base {
	const char *org_unit; /* code */
	const char *org_unit_name;
	const char *org_unit_kind;
	const char *status; /* the report's status */
	int64_t position; /* 0-based row in its section */
};
struct store_export_activity {
	struct store_export_base b;
	const char *form; /* code */
	const char *date; /* "YYYY-MM-DD" or NULL */
	const char *title;
	const char *description;
	const char *audience; /* codes joined with ",", or "" */
	const char *links; /* the links' URLs joined with " ", or "" (never NULL) */
	int64_t participants, reach;
	int has_participants, has_reach;
};
struct store_export_publication {
	struct store_export_base b;
	const char *url;
	const char *network;
	const char *date;
	int64_t views;
	int has_views;
	int has_hashtag, has_alliance_link;
};
struct store_export_organization {
	struct store_export_base b;
	const char *name;
	const char *kind;
	const char *inn;
	const char *joined;
};
STORE_WUR enum store_rc store_export_activities(struct store *st, const char *campaign,
						int (*fn)(void *ctx, const struct store_export_activity *row),
						void *ctx);
STORE_WUR enum store_rc
store_export_publications(struct store *st, const char *campaign,
			  int (*fn)(void *ctx, const struct store_export_publication *row), void *ctx);
STORE_WUR enum store_rc
store_export_organizations(struct store *st, const char *campaign,
			   int (*fn)(void *ctx, const struct store_export_organization *row), void *ctx);

/*
 * The summary sheet: one row per org unit but the root (every unit with a
 * parent, whether the campaign lists it or not: the caller filters), in
 * store_org_unit_list's order (kind, then name, then code), with the
 * campaign's report of that unit when there is one. Streamed like the
 * exports above, with the same rules for the transaction, the callback and
 * the row's lifetime. An unknown campaign gives every unit without a report.
 */
struct store_export_summary_row {
	const char *org_unit; /* code */
	const char *org_unit_name;
	const char *org_unit_kind;
	const char *status; /* the report's status; NULL: not started (no report) */
	int64_t submitted_at;
	int has_submitted; /* submitted_at and late hold a value */
	int late;
	/* The report's totals; 0 without a report. */
	int64_t activities, participants, reach, publications, views, organizations;
};
STORE_WUR enum store_rc store_export_summary(struct store *st, const char *campaign,
					     int (*fn)(void *ctx, const struct store_export_summary_row *row),
					     void *ctx);

/*
 * Outgoing mail goes through an outbox: queued in the same transaction as
 * the change that causes it (a rolled-back change queues nothing), sent
 * later by a background worker, retried with backoff. A mail model is
 * {"id", "to", "subject", "body", "kind", "dedup_key" (or null),
 *  "status": "queued" | "sent" | "failed", "attempts", "last_error" (or
 *  null), "created_at", "next_attempt_at", "sent_at" (or null), "campaign"
 *  (or null), "org_unit" (or null), "version"}. Ids grow in the order mails
 * are queued.
 */
struct store_mail_new {
	const char *to; /* one address */
	const char *subject; /* UTF-8, not yet encoded */
	const char *body; /* UTF-8 plain text */
	const char *kind; /* "reminder", "notification", "test" (not checked) */
	const char
		*dedup_key; /* unique when given: a second mail with the same key is refused; may be NULL */
	const char *campaign; /* slug, may be NULL; not a reference: the mail outlives it */
	const char *org_unit; /* code, may be NULL; likewise */
	int64_t now; /* created_at, and the first attempt is due at once */
	int sealed; /* recipient, subject and body are sealed (util/seal.h): the worker opens them */
};
/*
 * Queues a mail: *id gets its id. CONFLICT when dedup_key was used before
 * (nothing queued; the caller's transaction stays usable). No to, subject,
 * body or kind is STORE_ERROR.
 */
STORE_WUR enum store_rc store_mail_enqueue(struct store *st, const struct store_mail_new *m, int64_t *id);
/*
 * Up to limit (> 0) queued mails whose next attempt is due at now
 * (next_attempt_at <= now), the longest due first (by next_attempt_at,
 * then id: for mails never tried, the oldest first).
 */
STORE_WUR enum store_rc store_mail_due(struct store *st, int64_t now, int64_t limit, json_t **mails);
/*
 * For the sending worker, of which several may run on one database: takes
 * up to limit (> 0) mails due at now, the longest due first, and leases
 * them: their next_attempt_at becomes lease_until (> now), so no claim
 * takes them again before then (version + 1). The worker then settles each
 * with store_mail_mark_sent or store_mail_mark_failed; a mail it never
 * settles (the process died) is due again when the lease ends. Two claims
 * at once, from any connections or processes, never take the same mail;
 * on PostgreSQL neither waits for the other (the rows one holds are
 * skipped). *mails is ordered by id, each with "next_attempt_at" =
 * lease_until. In the caller's write transaction, or in one of its own
 * (committed before it returns) when none is open. The lease must outlast
 * the sending of the batch, or another worker may take a mail still being
 * sent.
 */
STORE_WUR enum store_rc store_mail_claim(struct store *st, int64_t now, int64_t limit, int64_t lease_until,
					 json_t **mails);
/*
 * Marks a queued mail sent: sent_at, attempts + 1. NOTFOUND when there is
 * no queued mail of that id (unknown, already sent, or given up), so two
 * workers cannot both record it.
 */
STORE_WUR enum store_rc store_mail_mark_sent(struct store *st, int64_t id, int64_t now);
/*
 * Records a failed attempt of a queued mail: attempts + 1, last_error, and
 * either the next attempt time (next_attempt > 0: status stays queued) or,
 * with next_attempt 0, status failed (given up). The backoff is the
 * caller's. NOTFOUND as for store_mail_mark_sent.
 */
STORE_WUR enum store_rc store_mail_mark_failed(struct store *st, int64_t id, const char *error,
					       int64_t next_attempt);
/*
 * Newest first (by id), offset >= 0 and limit > 0, with *total the count of
 * all mails of that status; status NULL for all. Count and page come from
 * one snapshot.
 */
STORE_WUR enum store_rc store_mail_list(struct store *st, const char *status, int64_t offset, int64_t limit,
					json_t **mails, int64_t *total);
/* Counts by status: {"queued", "sent", "failed"}, each present (0 when none). */
STORE_WUR enum store_rc store_mail_counts(struct store *st, json_t **counts);

/*
 * Audit: who did what to which entity, when. detail may be NULL. An event
 * model is {"id", "at", "actor" (login or null for the system), "action",
 * "entity", "entity_id", "detail", "remote_ip"}. Listed newest first (then
 * by id), offset >= 0 and limit > 0, with *total the count of all events.
 */
struct store_audit_event {
	int64_t actor_id; /* 0 for the system or the command line */
	const char *actor_login; /* NULL for the system */
	const char *action; /* "user.create", "session.create" ... */
	const char *entity; /* "user", "org_unit", "campaign", "session" */
	const char *entity_id;
	json_t *detail; /* borrowed; may be NULL */
	int64_t at;
	const char *remote_ip; /* may be NULL */
};
STORE_WUR enum store_rc store_audit_add(struct store *st, const struct store_audit_event *e);
STORE_WUR enum store_rc store_audit_list(struct store *st, int64_t offset, int64_t limit, json_t **events,
					 int64_t *total);

/*
 * The video contest (docs/contest.md, docs/privacy.md). Personal data never
 * reaches these functions in the clear: callers pass it sealed
 * (util/seal.h) and pass keyed hashes for what must be compared. An entry
 * model is
 * {"id", "campaign", "org_unit", "org_unit_name", "nomination" (or null),
 *  "age", "title" (or null once purged), "description" (or null),
 *  "video_platform", "video_sealed" (or null once erased), "pd_sealed" (or
 *  null once erased), "status", "consents" {object as given},
 *  "hashtags" {object as given}, "publication" (bool), "flags" [codes],
 *  "reject_reason" (code or null), "reject_note" (or null),
 *  "submitted_at", "confirm_expires" (or null), "confirmed_at" (or null),
 *  "decided_at" (or null), "decided_by" (user id or null), "version"}.
 * Statuses: "awaiting_confirmation" (a minor's entry until the guardian
 * confirms), "received", "accepted", "rejected", "withdrawn" (by the
 * entrant: personal data erased), "expired" (never confirmed: erased).
 * An entry is live unless withdrawn, expired or rejected.
 */
struct store_contest_entry_new {
	const char *campaign; /* slug */
	const char *org_unit; /* code */
	const char *nomination; /* code, or NULL */
	int age;
	const char *title;
	const char *description;
	const char *video_platform;
	const char *video_sealed; /* the canonical URL, sealed */
	const char *video_hash; /* seal_hash("video", key): unique among live entries of the campaign */
	const char *
		pd_sealed; /* JSON of names, birth date, school, guardian, contact, caption, address; sealed */
	const char *person_hash; /* seal_hash("person", …): the same child with the same guardian */
	const char *contact_hash; /* seal_hash("contact", e-mail) */
	const char *status_token_hash; /* seal_hash("status", token) */
	const char
		*confirm_token_hash; /* seal_hash("confirm", token), or NULL when no confirmation is needed */
	int64_t confirm_expires; /* when confirm_token_hash is given */
	const char *
		consents; /* JSON text {"version", "text_hash", "processing", "publication", "child", "guardian", "at"} */
	const char *hashtags; /* JSON text of hashtag_required_check */
	int publication; /* consent to publish name, municipality and video */
	int64_t now;
};
/*
 * Adds an entry with status "awaiting_confirmation" when confirm_token_hash
 * is given, else "received". STORE_CONFLICT when a live entry of the
 * campaign has the same video_hash (nothing stored). When live entries of
 * the campaign share person_hash, the new one and those get the flag
 * "same_person"; *same_person (may be NULL) gets how many others there were.
 */
STORE_WUR enum store_rc store_contest_entry_add(struct store *st, const struct store_contest_entry_new *e,
						int64_t *id, int64_t *same_person);
STORE_WUR enum store_rc store_contest_entry_get(struct store *st, int64_t id, json_t **entry);
/* By the keyed hash of a status link's or a confirmation link's token; NOTFOUND if none. */
STORE_WUR enum store_rc store_contest_entry_by_status(struct store *st, const char *status_token_hash,
						      json_t **entry);
STORE_WUR enum store_rc store_contest_entry_by_confirm(struct store *st, const char *confirm_token_hash,
						       json_t **entry);
/*
 * awaiting_confirmation → received, confirmed_at = now, the confirmation
 * hash cleared (a link works once). NOTFOUND when the entry is not awaiting
 * or its link has expired.
 */
STORE_WUR enum store_rc store_contest_entry_confirm(struct store *st, int64_t id, int64_t now);

struct store_contest_filter {
	const char *status; /* NULL: all */
	const char *org_unit; /* NULL: all */
	const char *nomination; /* NULL: all; "" for entries without one */
	const char *flag; /* NULL: all; else only entries with that flag */
	int64_t offset, limit; /* limit 0: all */
};
/* Entries of a campaign in submission order; *total (may be NULL) counts all that match. */
STORE_WUR enum store_rc store_contest_entry_list(struct store *st, const char *campaign,
						 const struct store_contest_filter *f, json_t **entries,
						 int64_t *total);
/* Counts by status: {"received": n, …} (every status present, zeros included). */
STORE_WUR enum store_rc store_contest_entry_counts(struct store *st, const char *campaign, json_t **counts);
/*
 * A moderator's decision: status "accepted" or "rejected" (reason code and
 * note, may be NULL), from "received", "accepted" or "rejected" only.
 * CONFLICT on a stale version or a status that cannot be decided
 * (awaiting, withdrawn, expired); bumps the version.
 */
STORE_WUR enum store_rc store_contest_entry_decide(struct store *st, int64_t id, int64_t version,
						   const char *status, const char *reason, const char *note,
						   int64_t by_user, int64_t now);
/*
 * The entrant withdraws: status "withdrawn"; pd_sealed, video_sealed,
 * video_hash, person_hash, contact_hash, description and the confirmation
 * hash erased; its scores and its mail in the outbox (dedup keys
 * "contest:ID:…") deleted. NOTFOUND when already withdrawn or expired.
 */
STORE_WUR enum store_rc store_contest_entry_withdraw(struct store *st, int64_t id, int64_t now);
/* Live entries with this contact hash submitted at or after `since`, for the per-contact limit. */
STORE_WUR enum store_rc store_contest_contact_count(struct store *st, const char *campaign,
						    const char *contact_hash, int64_t since, int64_t *count);
/*
 * Entries awaiting confirmation across campaigns: those whose link expired
 * by now become "expired" and are erased as on withdrawal (*expired gets
 * how many); *remind gets [{"id", "campaign", "pd_sealed", "submitted_at"}]
 * of those submitted at or before remind_before and not yet reminded.
 */
STORE_WUR enum store_rc store_contest_confirmations_due(struct store *st, int64_t now, int64_t remind_before,
							int64_t *expired, json_t **remind);
STORE_WUR enum store_rc store_contest_entry_reminded(struct store *st, int64_t id, int64_t now);
/* Replaces the confirmation hash and its expiry (a new link after a reminder). */
STORE_WUR enum store_rc store_contest_entry_set_confirm(struct store *st, int64_t id,
							const char *confirm_token_hash, int64_t expires);

/*
 * Jurors of a campaign's contest: users with the role juror, for all
 * accepted entries (nomination NULL) or one nomination. A juror model is
 * {"user_id", "login", "name", "org_unit" (or null), "org_unit_name",
 *  "nomination" (or null)}. store_contest_juror_set adds or changes;
 * CONFLICT when the user is not a juror.
 */
STORE_WUR enum store_rc store_contest_juror_set(struct store *st, const char *campaign, int64_t user_id,
						const char *nomination);
STORE_WUR enum store_rc store_contest_juror_remove(struct store *st, const char *campaign, int64_t user_id);
STORE_WUR enum store_rc store_contest_juror_list(struct store *st, const char *campaign, json_t **jurors);
/* NOTFOUND when the user is not a juror of this contest. */
STORE_WUR enum store_rc store_contest_juror_get(struct store *st, const char *campaign, int64_t user_id,
						json_t **juror);
/* Campaign slugs the user is a juror of, newest campaign first. */
STORE_WUR enum store_rc store_contest_juror_campaigns(struct store *st, int64_t user_id, json_t **slugs);
/*
 * Conflicts of interest an admin adds beyond the automatic one (a juror
 * never sees the entries of the juror's own org unit). An exclusion model
 * is {"user_id", "org_unit", "org_unit_name"}.
 */
STORE_WUR enum store_rc store_contest_exclusion_add(struct store *st, const char *campaign, int64_t user_id,
						    const char *org_unit);
STORE_WUR enum store_rc store_contest_exclusion_remove(struct store *st, const char *campaign,
						       int64_t user_id, const char *org_unit);
STORE_WUR enum store_rc store_contest_exclusion_list(struct store *st, const char *campaign,
						     json_t **exclusions);
/*
 * The juror's queue: accepted entries of the juror's nomination (all when
 * the juror has none), except those of the juror's own org unit and of
 * excluded org units, by id; each entry model without "pd_sealed", with
 * "my_scores" (values object or null) and "my_comment". The one rule of
 * who sees what: store_contest_juror_entry answers NOTFOUND for any entry
 * outside this queue.
 */
STORE_WUR enum store_rc store_contest_juror_queue(struct store *st, const char *campaign, int64_t user_id,
						  json_t **entries);
STORE_WUR enum store_rc store_contest_juror_entry(struct store *st, const char *campaign, int64_t user_id,
						  int64_t entry_id, json_t **entry);
/*
 * A juror's score of an entry, added or replaced: values a JSON text
 * {criterion code: integer}, comment may be NULL. The caller checks the
 * entry is in the juror's queue and judging is open.
 */
STORE_WUR enum store_rc store_contest_score_set(struct store *st, int64_t entry_id, int64_t juror_id,
						const char *values, const char *comment, int64_t now);
/* All scores of a campaign: [{"entry", "juror", "juror_name", "values", "comment", "updated_at"}]. */
STORE_WUR enum store_rc store_contest_scores(struct store *st, const char *campaign, json_t **scores);

/*
 * The contest's state: {"judging_closed_at", "judging_closed_by",
 * "results_published_at", "results_published_by", "results" (the
 * published snapshot, JSON, or null), "purged_at"} (nulls when not yet).
 * A campaign never touched answers all nulls, not NOTFOUND.
 */
STORE_WUR enum store_rc store_contest_state(struct store *st, const char *campaign, json_t **state);
/* closed 1 closes judging, 0 reopens it (only before results are published: else CONFLICT). */
STORE_WUR enum store_rc store_contest_set_judging(struct store *st, const char *campaign, int closed,
						  int64_t by_user, int64_t now);
/*
 * Publishes the results: results a JSON text (the ranking snapshot, without
 * personal data). CONFLICT unless judging is closed.
 */
STORE_WUR enum store_rc store_contest_publish(struct store *st, const char *campaign, const char *results,
					      int64_t by_user, int64_t now);
/* Campaigns whose results were published at or before `before` and not purged: [slug]. */
STORE_WUR enum store_rc store_contest_purge_due(struct store *st, int64_t before, json_t **slugs);
/*
 * Erases the personal data of every entry of the campaign (as on
 * withdrawal: sealed data, hashes, descriptions, the contest's mail in the
 * outbox), keeps anonymous statistics, marks the contest purged and writes
 * a destruction record, all in the caller's transaction. by_user 0 is the
 * automatic purge. *record gets the record:
 * {"id", "campaign", "at", "by_user" (or null), "by_name" (or null),
 *  "ground", "what", "records" (entries erased), "statistics":
 *  {"by_org_unit": {code: n}, "by_nomination": {code or "": n},
 *   "by_age": {age: n}, "by_status": {status: n}}}.
 * Running it again erases nothing new and writes a record with records 0.
 */
STORE_WUR enum store_rc store_contest_purge(struct store *st, const char *campaign, int64_t by_user,
					    const char *ground, int64_t now, json_t **record);
/* Destruction records of a campaign, newest first. */
STORE_WUR enum store_rc store_contest_destructions(struct store *st, const char *campaign, json_t **records);

#endif
