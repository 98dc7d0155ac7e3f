/*
 * store_int: what the backend-neutral core (store.c, the statement table
 * in stmt.c, migrations.c and the entity files users.c, campaigns.c,
 * reports.c, exports.c, mail.c, audit.c) and the backends (sqlite.c,
 * postgres.c) share, and nothing else includes.
 *
 * A backend is one const struct store_ops, in the manner of SQLite's
 * sqlite3_io_methods or curl's struct Curl_ssl: the core never calls a
 * database library itself, only these entry points.
 *
 * Invariants:
 * - A backend's open() allocates its own connection struct whose first
 *   member is struct store, and its statements embed struct store_stmt
 *   first, so the core handles both through these base types.
 * - Statements are addressed by enum store_stmt_id; the SQL text is written
 *   once, with `?` placeholders, in stmt.c's table. prepare() caches the
 *   prepared statement per connection and id; the backend may rewrite the
 *   placeholders into its own syntax. The few statements the dialects
 *   cannot share (row locks: FOR UPDATE SKIP LOCKED) have a per-dialect
 *   variant beside them in stmt.c (stmt_dialect_sql), with the same
 *   parameters and columns; prepare() gets the text of its dialect.
 * - Every database error a backend or the core logs is counted with
 *   store_error_note(); expected outcomes (constraint conflicts, no row)
 *   are return values and are neither logged nor counted.
 * - Text returned by column_text() stays valid until the next step() or
 *   reset() of that statement; NULL stands for SQL NULL.
 * - A statement prepared with STORE_PREPARE_STREAM (the exports) delivers
 *   its rows as they are stepped, a bounded number held at a time, however
 *   many the query yields; it runs only inside a transaction (the core
 *   opens a read transaction for it when the caller has none).
 */
#ifndef SVODKA_STORE_INT_H
#define SVODKA_STORE_INT_H

#include <stdint.h>

#include "domain/report.h"
#include "store/store.h"

/* Every statement the core runs; the text is in stmt.c. */
enum store_stmt_id {
	STMT_SCHEMA_VERSION,
	STMT_SCHEMA_RECORD,
	STMT_PING,
	STMT_USER_ADD,
	STMT_USER_GET,
	STMT_USER_BY_LOGIN,
	STMT_USER_AUTH,
	STMT_USER_LIST,
	STMT_USER_COUNT,
	STMT_USER_COUNT_ROLE,
	STMT_USER_SET_DISABLED,
	STMT_USER_SET_PASSWORD,
	STMT_USER_SET_EMAIL,
	STMT_SESSION_CREATE,
	STMT_SESSION_GET,
	STMT_SESSION_TOUCH,
	STMT_SESSION_DELETE,
	STMT_SESSION_DELETE_USER,
	STMT_SESSION_PURGE,
	STMT_ORG_ENSURE,
	STMT_ORG_LIST,
	STMT_ORG_GET,
	STMT_ORG_UPDATE,
	STMT_CAMPAIGN_ENSURE,
	STMT_CAMPAIGN_LIST,
	STMT_CAMPAIGN_GET,
	STMT_CAMPAIGN_VERSION,
	STMT_CAMPAIGN_UPDATE,
	STMT_REPORT_INSERT,
	STMT_REPORT_UPDATE,
	STMT_REPORT_PROBE,
	STMT_REPORT_DEL_ACTIVITIES,
	STMT_REPORT_DEL_PUBLICATIONS,
	STMT_REPORT_DEL_ORGANIZATIONS,
	STMT_REPORT_ADD_ACTIVITIES,
	STMT_REPORT_ADD_AUDIENCES,
	STMT_REPORT_ADD_PUBLICATIONS,
	STMT_REPORT_ADD_ORGANIZATIONS,
	STMT_REPORT_DATA_SET,
	STMT_REPORT_HISTORY_ADD,
	STMT_REPORT_GET,
	STMT_REPORT_LIST,
	STMT_REPORT_HISTORY,
	STMT_REPORT_LOCK,
	STMT_CAMPAIGN_BY_FORM,
	STMT_CAMPAIGN_BY_AUDIENCE,
	STMT_CAMPAIGN_BY_DAY,
	STMT_EXPORT_ACTIVITIES,
	STMT_EXPORT_PUBLICATIONS,
	STMT_EXPORT_ORGANIZATIONS,
	STMT_EXPORT_SUMMARY,
	STMT_MAIL_ENQUEUE,
	STMT_MAIL_DUE,
	STMT_MAIL_CLAIM,
	STMT_MAIL_SENT,
	STMT_MAIL_FAILED,
	STMT_MAIL_LIST,
	STMT_MAIL_LIST_STATUS,
	STMT_MAIL_COUNT,
	STMT_MAIL_COUNT_STATUS,
	STMT_MAIL_COUNTS,
	STMT_AUDIT_ADD,
	STMT_AUDIT_COUNT,
	STMT_AUDIT_LIST,
	STMT_CONTEST_ENTRY_ADD,
	STMT_CONTEST_PERSON_COUNT,
	STMT_CONTEST_PERSON_FLAG,
	STMT_CONTEST_ENTRY_GET,
	STMT_CONTEST_BY_STATUS,
	STMT_CONTEST_BY_CONFIRM,
	STMT_CONTEST_CONFIRM,
	STMT_CONTEST_LIST_COUNT,
	STMT_CONTEST_LIST,
	STMT_CONTEST_COUNTS,
	STMT_CONTEST_DECIDE,
	STMT_CONTEST_ERASE,
	STMT_CONTEST_SCORES_DEL_ENTRY,
	STMT_MAIL_DELETE_LIKE,
	STMT_CONTEST_CONTACT_COUNT,
	STMT_CONTEST_EXPIRED_IDS,
	STMT_CONTEST_REMIND_DUE,
	STMT_CONTEST_REMINDED,
	STMT_CONTEST_SET_CONFIRM,
	STMT_CONTEST_JUROR_SET,
	STMT_CONTEST_JUROR_REMOVE,
	STMT_CONTEST_JUROR_LIST,
	STMT_CONTEST_JUROR_GET,
	STMT_CONTEST_JUROR_CAMPAIGNS,
	STMT_CONTEST_EXCL_ADD,
	STMT_CONTEST_EXCL_REMOVE,
	STMT_CONTEST_EXCL_LIST,
	STMT_CONTEST_JUROR_QUEUE,
	STMT_CONTEST_JUROR_ENTRY,
	STMT_CONTEST_SCORE_SET,
	STMT_CONTEST_SCORES,
	STMT_CONTEST_STATE,
	STMT_CONTEST_STATE_ENSURE,
	STMT_CONTEST_SET_JUDGING,
	STMT_CONTEST_PUBLISH,
	STMT_CONTEST_PURGE_DUE,
	STMT_CONTEST_STATS,
	STMT_CONTEST_PURGE_COUNT,
	STMT_CONTEST_PURGE_ERASE,
	STMT_CONTEST_PURGE_MAIL,
	STMT_CONTEST_PURGE_MARK,
	STMT_CONTEST_DESTRUCTION_ADD,
	STMT_CONTEST_DESTRUCTIONS,
	STMT__MAX
};

/* SQL dialects a migration carries DDL for. */
enum store_dialect { STORE_DIALECT_SQLITE, STORE_DIALECT_POSTGRES, STORE_DIALECT__MAX };

/* One connection; a backend embeds it as the first member of its own. */
struct store {
	const struct store_ops *ops;
	int in_tx; /* a store_begin() is open */
};

/* One prepared statement; a backend embeds it first in its own. */
struct store_stmt {
	enum store_stmt_id id;
};

/*
 * Flags of prepare(). STREAM: the statement may yield more rows than fit in
 * memory (an export of a national campaign); the backend hands them out as
 * they are stepped instead of fetching the whole result first. SQLite
 * always does; PostgreSQL runs such a statement through a cursor (DECLARE
 * ... CURSOR, then FETCH STORE_STREAM_ROWS rows at a time), which needs an
 * open transaction: stepping one outside a transaction is STORE_ERROR.
 */
#define STORE_PREPARE_STREAM (1 << 0)
#define STORE_STREAM_ROWS 1000

/* 2: prepare() takes flags. */
#define STORE_OPS_VERSION 2

struct store_ops {
	int version; /* STORE_OPS_VERSION */
	const char *name; /* "sqlite", "postgres" */
	enum store_dialect dialect;

	/*
	 * target is the URL with any "sqlite:" prefix removed (SQLite), or
	 * the whole postgres:// URL (PostgreSQL).
	 */
	enum store_rc (*open)(const char *target, struct store **out);
	void (*close)(struct store *st);
	/* Runs DDL, possibly several statements, with no parameters. */
	enum store_rc (*exec)(struct store *st, const char *sql);
	/* Whether a table of that name exists (migrations need it). */
	enum store_rc (*has_table)(struct store *st, const char *name, int *exists);

	/*
	 * Prepared once per connection and id, then returned from the cache;
	 * flags (STORE_PREPARE_*) are the same on every call for an id.
	 */
	enum store_rc (*prepare)(struct store *st, enum store_stmt_id id, const char *sql, unsigned flags,
				 struct store_stmt **out);
	/* Parameters count from 1. */
	enum store_rc (*bind_int64)(struct store_stmt *s, int i, int64_t v);
	enum store_rc (*bind_text)(struct store_stmt *s, int i, const char *v);
	enum store_rc (*bind_null)(struct store_stmt *s, int i);
	/*
	 * STORE_OK with *row = 1 when a row is ready, *row = 0 when done;
	 * STORE_CONFLICT on a constraint violation; STORE_UNAVAILABLE when
	 * busy beyond the timeout or unreachable; STORE_ERROR otherwise.
	 */
	enum store_rc (*step)(struct store_stmt *s, int *row);
	/* Columns count from 0. */
	int64_t (*column_int64)(struct store_stmt *s, int i);
	const char *(*column_text)(struct store_stmt *s, int i);
	int (*column_is_null)(struct store_stmt *s, int i);
	/*
	 * Ends the statement's run and clears its bindings; never fails. A
	 * streaming statement's cursor is closed (unless an error has
	 * aborted the transaction, which the caller then rolls back).
	 */
	void (*reset)(struct store_stmt *s);

	/*
	 * write: SQLite takes the write lock now (BEGIN IMMEDIATE);
	 * PostgreSQL opens READ COMMITTED. read: a consistent snapshot
	 * (PostgreSQL: REPEATABLE READ READ ONLY).
	 */
	enum store_rc (*begin)(struct store *st, int write);
	enum store_rc (*commit)(struct store *st);
	/* Safe when no transaction is open. */
	void (*rollback)(struct store *st);
	/* NULL when the backend has no file to copy. */
	enum store_rc (*backup)(struct store *st, const char *path);
};

extern const struct store_ops store_sqlite_ops;
extern const struct store_ops store_postgres_ops;

/*
 * The SQLite handle under st, or NULL when st runs on another backend. For
 * tests that check the connection's settings; nothing else may use it.
 */
struct sqlite3 *store_sqlite_handle(struct store *st);
/* The same for PostgreSQL: the libpq PGconn under st, or NULL. */
struct pg_conn *store_postgres_handle(struct store *st);

/*
 * The PostgreSQL backend's rewrite of `?` placeholders into $1..$n (those
 * inside literals, quoted identifiers and comments stay); malloc'd, with
 * the count in *nparams. Exposed for its unit test.
 */
char *store_postgres_placeholders(const char *sql, int *nparams);

/*
 * store_migrate() that stops at schema version target (at most the newest):
 * tests build a database of an older version with it, to migrate it later.
 */
STORE_WUR enum store_rc store_migrate_to(struct store *st, int target, int *from, int *to);

/* Counts one database error (see store_errors_total()). */
void store_error_note(void);

/* A value to bind; build them with STORE_ARG_T, STORE_ARG_I, end with STORE_ARG_END. */
enum store_arg_type {
	STORE_ARG__END,
	STORE_ARG_TEXT,
	STORE_ARG_INT,
};

struct store_arg {
	enum store_arg_type type;
	const char *t; /* NULL binds SQL NULL */
	int64_t i;
};

#define STORE_ARG_T(v)                                                                                       \
	{                                                                                                    \
		.type = STORE_ARG_TEXT, .t = (v)                                                             \
	}
#define STORE_ARG_I(v)                                                                                       \
	{                                                                                                    \
		.type = STORE_ARG_INT, .i = (v)                                                              \
	}
#define STORE_ARG_END                                                                                        \
	{                                                                                                    \
		.type = STORE_ARG__END                                                                       \
	}

/* Short forms for the entity files: ARGS(T(login), I(id)) is a list ended by STORE_ARG_END. */
#define T(v) STORE_ARG_T(v)
#define I(v) STORE_ARG_I(v)
#define ARGS(...) ((const struct store_arg[]){__VA_ARGS__, STORE_ARG_END})
#define NOARGS ((const struct store_arg[]){STORE_ARG_END})

/* The text of statement id on dialect: its variant there (stmt_dialect_sql), else the common one. */
const char *store_stmt_sql(enum store_stmt_id id, enum store_dialect dialect);
/* The STORE_PREPARE_* flags of statement id. */
unsigned store_stmt_flags(enum store_stmt_id id);

/*
 * Core helpers for migrations.c and the entity files. store_stmt_run()
 * prepares (from the cache) the statement id, binds args and steps once:
 * STORE_OK with *s set when a row is ready (the caller reads it, then
 * calls store_stmt_done(st, *s)), STORE_NOTFOUND when there is no row
 * (already reset), or an error (already reset). With s NULL the statement
 * runs to completion and its rows, if any, are ignored: STORE_OK then says
 * only that it succeeded.
 */
STORE_WUR enum store_rc store_stmt_run(struct store *st, enum store_stmt_id id, const struct store_arg *args,
				       struct store_stmt **s);
void store_stmt_done(struct store *st, struct store_stmt *s);

/*
 * The helpers the entity files build on (store.c). store_fail() counts a
 * fault of the caller or of stored data, which the caller has logged, and
 * returns STORE_ERROR. store_stmt_step() steps s: STORE_OK on a row,
 * STORE_NOTFOUND when done, or an error. store_stmt_one() runs a statement
 * for its first row only: STORE_OK if there was one, STORE_NOTFOUND if
 * not. store_stmt_int() runs one whose first column of its one row is an
 * integer, into *v. store_stmt_list() collects every row with row_fn (NULL
 * from it: STORE_ERROR) into a new array, *out, owned by the caller.
 */
STORE_WUR enum store_rc store_fail(void);
STORE_WUR enum store_rc store_stmt_step(struct store *st, struct store_stmt *s);
STORE_WUR enum store_rc store_stmt_one(struct store *st, enum store_stmt_id id, const struct store_arg *args);
STORE_WUR enum store_rc store_stmt_int(struct store *st, enum store_stmt_id id, const struct store_arg *args,
				       int64_t *v);
STORE_WUR enum store_rc store_stmt_list(struct store *st, enum store_stmt_id id, const struct store_arg *args,
					json_t *(*row_fn)(struct store *, struct store_stmt *, int),
					json_t **out);
/*
 * store_stmt_row(): the first row only, through row_fn, into *out (NOTFOUND
 * when there is none). store_stmt_counts(): a statement of (key, count)
 * rows into {key: count} over keys, every key present, zeros included.
 */
STORE_WUR enum store_rc store_stmt_row(struct store *st, enum store_stmt_id id, const struct store_arg *args,
				       json_t *(*row_fn)(struct store *, struct store_stmt *, int),
				       json_t **out);
STORE_WUR enum store_rc store_stmt_counts(struct store *st, enum store_stmt_id id,
					  const struct store_arg *args, const char *const *keys, size_t nkeys,
					  json_t **counts);
/*
 * One page of a list and the count of the whole, from one read transaction
 * unless the caller has one open: the count statement into *total, then the
 * list statement (whose arguments carry limit and offset) through row_fn
 * into *out. STORE_ERROR (logged) for offset < 0 or limit <= 0.
 */
STORE_WUR enum store_rc store_stmt_page(struct store *st, enum store_stmt_id count_id,
					const struct store_arg *count_args, enum store_stmt_id list_id,
					const struct store_arg *list_args, int64_t offset, int64_t limit,
					json_t *(*row_fn)(struct store *, struct store_stmt *, int),
					json_t **out, int64_t *total);

/*
 * Column i of s's row as a new jansson value: a string (NULL, or text that
 * is not UTF-8, logged and counted, gives null), an integer, an integer or
 * null, or parsed JSON text (SQL NULL gives null; corrupt JSON gives NULL,
 * logged and counted).
 */
json_t *store_col_str(struct store *st, struct store_stmt *s, int i);
json_t *store_col_int(struct store *st, struct store_stmt *s, int i);
json_t *store_col_int_or_null(struct store *st, struct store_stmt *s, int i);
json_t *store_col_json(struct store *st, struct store_stmt *s, int i);

/* Rows of a report's child table per INSERT: stmt.c's ROWS_FROM, reports.c's struct rows. */
#define STORE_ROWS_BATCH 64

/*
 * An activity's `audiences` column holds its audience codes as bits: bit i
 * for code i of domain/report.h's report_audiences (REPORT_AUDIENCES_N of
 * them), the one list of the codes; the order is also the one in which an
 * export joins them. reports.c writes the column; the dashboard
 * (campaigns.c) and the exports (exports.c) read it.
 */

#endif
