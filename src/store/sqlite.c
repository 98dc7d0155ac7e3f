/*
 * sqlite: the SQLite backend of the store, the only file in svodka that
 * calls the SQLite library. One connection per thread (SQLITE_OPEN_NOMUTEX),
 * opened in WAL mode with synchronous=FULL, foreign keys on and a busy
 * timeout, so that writers queue behind each other instead of failing.
 * Write transactions start with BEGIN IMMEDIATE for the same reason.
 * Statements are prepared once per connection (SQLITE_PREPARE_PERSISTENT)
 * and kept in a table indexed by statement id until the connection closes.
 *
 * The writers of one process queue on a mutex per database file (its
 * write gate) before BEGIN IMMEDIATE, for at most the busy timeout: SQLite's
 * own busy handler sleeps a millisecond and more between tries, so threads
 * that meet on the write lock would spend most of their time asleep (at the
 * deadline, when many write at once, a fifth of the commit rate). Other
 * processes on the same file still meet the busy handler.
 */
#include "store/store_int.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <pthread.h>
#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "util/log.h"
#include "util/xalloc.h"

#define BUSY_TIMEOUT_MS 5000

struct sqlite_stmt {
	struct store_stmt base; /* first: the core sees this */
	sqlite3 *db; /* the connection, for error messages */
	sqlite3_stmt *stmt; /* NULL until first prepared */
};

/* One per database file the process opens; never freed (there are few). */
struct write_gate {
	char *path; /* realpath of the file, or the path as given */
	pthread_mutex_t mu;
	struct write_gate *next;
};

static pthread_mutex_t gates_lock = PTHREAD_MUTEX_INITIALIZER;
static struct write_gate *gates;

struct sqlite_store {
	struct store base; /* first: the core sees this */
	sqlite3 *db;
	struct write_gate *gate;
	int gate_held; /* this connection's write transaction holds the gate */
	struct sqlite_stmt stmts[STMT__MAX]; /* the statement cache */
};

/* The gate of the file at path (opened already, so realpath finds it). */
static struct write_gate *
gate_for(const char *path)
{
	char real[PATH_MAX];
	const char *key = realpath(path, real) != NULL ? real : path;
	struct write_gate *g;

	pthread_mutex_lock(&gates_lock);
	for (g = gates; g != NULL; g = g->next)
		if (strcmp(g->path, key) == 0)
			break;
	if (g == NULL) {
		g = xcalloc(1, sizeof(*g));
		g->path = xstrdup(key);
		pthread_mutex_init(&g->mu, NULL);
		g->next = gates;
		gates = g;
	}
	pthread_mutex_unlock(&gates_lock);
	return g;
}

static void
gate_release(struct sqlite_store *c)
{
	if (c->gate_held) {
		c->gate_held = 0;
		pthread_mutex_unlock(&c->gate->mu);
	}
}

static struct sqlite_store *
conn(struct store *st)
{
	return (struct sqlite_store *)st;
}

static struct sqlite_stmt *
stm(struct store_stmt *s)
{
	return (struct sqlite_stmt *)s;
}

/*
 * Maps an SQLite result code to a store_rc. A constraint violation is an
 * expected outcome and is returned quietly; everything else is logged as
 * "fn: call: message" and counted.
 */
static enum store_rc
classify(sqlite3 *db, int rc, const char *fn, const char *call)
{
	const char *msg = db != NULL ? sqlite3_errmsg(db) : sqlite3_errstr(rc);

	switch (rc & 0xff) {
	case SQLITE_CONSTRAINT: return STORE_CONFLICT;
	case SQLITE_BUSY:
	case SQLITE_LOCKED:
	case SQLITE_CANTOPEN:
		log_warnx("%s: %s: %s", fn, call, msg);
		store_error_note();
		return STORE_UNAVAILABLE;
	default:
		log_warnx("%s: %s: %s", fn, call, msg);
		store_error_note();
		return STORE_ERROR;
	}
}

static enum store_rc
sq_exec(struct store *st, const char *sql)
{
	sqlite3 *db = conn(st)->db;
	int rc;

	rc = sqlite3_exec(db, sql, NULL, NULL, NULL);
	if (rc != SQLITE_OK)
		return classify(db, rc, __func__, "sqlite3_exec");
	return STORE_OK;
}

/* Sets journal_mode=WAL and checks that SQLite took it. */
static enum store_rc
set_wal(sqlite3 *db)
{
	sqlite3_stmt *stmt = NULL;
	const char *mode;
	enum store_rc ret = STORE_ERROR;
	int rc;

	rc = sqlite3_prepare_v2(db, "PRAGMA journal_mode=WAL", -1, &stmt, NULL);
	if (rc != SQLITE_OK) {
		ret = classify(db, rc, __func__, "sqlite3_prepare_v2");
		goto out;
	}
	rc = sqlite3_step(stmt);
	if (rc != SQLITE_ROW) {
		ret = classify(db, rc, __func__, "sqlite3_step");
		goto out;
	}
	mode = (const char *)sqlite3_column_text(stmt, 0);
	if (mode == NULL || strcmp(mode, "wal") != 0) {
		log_warnx("%s: journal mode is %s, not wal", __func__, mode != NULL ? mode : "unknown");
		store_error_note();
		goto out;
	}
	ret = STORE_OK;
out:
	sqlite3_finalize(stmt);
	return ret;
}

static enum store_rc
configure(sqlite3 *db)
{
	enum store_rc ret;
	int rc, on = 0;

	sqlite3_extended_result_codes(db, 1);
	rc = sqlite3_busy_timeout(db, BUSY_TIMEOUT_MS);
	if (rc != SQLITE_OK)
		return classify(db, rc, __func__, "sqlite3_busy_timeout");
	if ((ret = set_wal(db)) != STORE_OK)
		return ret;
	rc = sqlite3_exec(db, "PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON; PRAGMA secure_delete=ON",
			  NULL, NULL, NULL);
	if (rc != SQLITE_OK)
		return classify(db, rc, __func__, "sqlite3_exec");
	rc = sqlite3_db_config(db, SQLITE_DBCONFIG_ENABLE_FKEY, -1, &on);
	if (rc != SQLITE_OK || !on) {
		log_warnx("%s: foreign keys could not be enabled", __func__);
		store_error_note();
		return STORE_ERROR;
	}
	return STORE_OK;
}

static enum store_rc
sq_open(const char *path, struct store **out)
{
	struct sqlite_store *c = xcalloc(1, sizeof(*c));
	enum store_rc ret;
	int rc, i;

	rc = sqlite3_open_v2(path, &c->db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX,
			     NULL);
	if (rc != SQLITE_OK) {
		ret = classify(c->db, rc, __func__, "sqlite3_open_v2");
		goto out;
	}
	if ((ret = configure(c->db)) != STORE_OK)
		goto out;
	c->gate = gate_for(path);
	for (i = 0; i < STMT__MAX; i++) {
		c->stmts[i].base.id = (enum store_stmt_id)i;
		c->stmts[i].db = c->db;
	}
	*out = &c->base;
	c = NULL;
out:
	if (c != NULL) {
		sqlite3_close(c->db);
		free(c);
	}
	return ret;
}

static void
sq_close(struct store *st)
{
	struct sqlite_store *c = conn(st);
	int i, rc;

	for (i = 0; i < STMT__MAX; i++)
		sqlite3_finalize(c->stmts[i].stmt);
	if (c->gate_held && !sqlite3_get_autocommit(c->db))
		(void)sqlite3_exec(c->db, "ROLLBACK", NULL, NULL, NULL);
	gate_release(c);
	rc = sqlite3_close(c->db);
	if (rc != SQLITE_OK)
		(void)classify(c->db, rc, __func__, "sqlite3_close");
	free(c);
}

static enum store_rc
sq_has_table(struct store *st, const char *name, int *exists)
{
	sqlite3 *db = conn(st)->db;
	sqlite3_stmt *stmt = NULL;
	enum store_rc ret = STORE_ERROR;
	int rc;

	rc = sqlite3_prepare_v2(db, "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = ?1",
				-1, &stmt, NULL);
	if (rc != SQLITE_OK) {
		ret = classify(db, rc, __func__, "sqlite3_prepare_v2");
		goto out;
	}
	rc = sqlite3_bind_text(stmt, 1, name, -1, SQLITE_TRANSIENT);
	if (rc != SQLITE_OK) {
		ret = classify(db, rc, __func__, "sqlite3_bind_text");
		goto out;
	}
	rc = sqlite3_step(stmt);
	if (rc != SQLITE_ROW) {
		ret = classify(db, rc, __func__, "sqlite3_step");
		goto out;
	}
	*exists = sqlite3_column_int64(stmt, 0) > 0;
	ret = STORE_OK;
out:
	sqlite3_finalize(stmt);
	return ret;
}

/* SQLite always steps through the rows one at a time: STORE_PREPARE_STREAM needs nothing more. */
static enum store_rc
sq_prepare(struct store *st, enum store_stmt_id id, const char *sql, unsigned flags, struct store_stmt **out)
{
	struct sqlite_stmt *s = &conn(st)->stmts[id];
	int rc;

	(void)flags;
	if (s->stmt == NULL) {
		rc = sqlite3_prepare_v3(s->db, sql, -1, SQLITE_PREPARE_PERSISTENT, &s->stmt, NULL);
		if (rc != SQLITE_OK) {
			s->stmt = NULL;
			return classify(s->db, rc, __func__, "sqlite3_prepare_v3");
		}
	}
	*out = &s->base;
	return STORE_OK;
}

static enum store_rc
sq_bind_int64(struct store_stmt *s, int i, int64_t v)
{
	int rc = sqlite3_bind_int64(stm(s)->stmt, i, v);

	if (rc != SQLITE_OK)
		return classify(stm(s)->db, rc, __func__, "sqlite3_bind_int64");
	return STORE_OK;
}

static enum store_rc
sq_bind_text(struct store_stmt *s, int i, const char *v)
{
	int rc = sqlite3_bind_text(stm(s)->stmt, i, v, -1, SQLITE_TRANSIENT);

	if (rc != SQLITE_OK)
		return classify(stm(s)->db, rc, __func__, "sqlite3_bind_text");
	return STORE_OK;
}

static enum store_rc
sq_bind_null(struct store_stmt *s, int i)
{
	int rc = sqlite3_bind_null(stm(s)->stmt, i);

	if (rc != SQLITE_OK)
		return classify(stm(s)->db, rc, __func__, "sqlite3_bind_null");
	return STORE_OK;
}

static enum store_rc
sq_step(struct store_stmt *s, int *row)
{
	int rc = sqlite3_step(stm(s)->stmt);

	*row = 0;
	if (rc == SQLITE_ROW) {
		*row = 1;
		return STORE_OK;
	}
	if (rc == SQLITE_DONE)
		return STORE_OK;
	return classify(stm(s)->db, rc, __func__, "sqlite3_step");
}

static int64_t
sq_column_int64(struct store_stmt *s, int i)
{
	return sqlite3_column_int64(stm(s)->stmt, i);
}

static const char *
sq_column_text(struct store_stmt *s, int i)
{
	return (const char *)sqlite3_column_text(stm(s)->stmt, i);
}

static int
sq_column_is_null(struct store_stmt *s, int i)
{
	return sqlite3_column_type(stm(s)->stmt, i) == SQLITE_NULL;
}

static void
sq_reset(struct store_stmt *s)
{
	/* The step already reported any error sqlite3_reset would repeat. */
	sqlite3_reset(stm(s)->stmt);
	sqlite3_clear_bindings(stm(s)->stmt);
}

static enum store_rc
sq_begin(struct store *st, int write)
{
	struct sqlite_store *c = conn(st);
	struct timespec deadline;
	enum store_rc rc;
	int err;

	if (!write)
		return sq_exec(st, "BEGIN");
	if (!c->gate_held) {
		clock_gettime(CLOCK_REALTIME, &deadline);
		deadline.tv_sec += BUSY_TIMEOUT_MS / 1000;
		if ((err = pthread_mutex_timedlock(&c->gate->mu, &deadline)) != 0) {
			log_warnx("%s: another writer held the database beyond %d ms", __func__,
				  BUSY_TIMEOUT_MS);
			store_error_note();
			return err == ETIMEDOUT ? STORE_UNAVAILABLE : STORE_ERROR;
		}
		c->gate_held = 1;
	}
	if ((rc = sq_exec(st, "BEGIN IMMEDIATE")) != STORE_OK)
		gate_release(c);
	return rc;
}

static void
sq_rollback(struct store *st)
{
	sqlite3 *db = conn(st)->db;
	int rc;

	/* SQLite may already have rolled back on its own (full disk, I/O error). */
	if (sqlite3_get_autocommit(db)) {
		gate_release(conn(st));
		return;
	}
	rc = sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL);
	if (rc != SQLITE_OK)
		(void)classify(db, rc, __func__, "sqlite3_exec");
	gate_release(conn(st));
}

/* A failed COMMIT leaves no transaction open: it is rolled back here. */
static enum store_rc
sq_commit(struct store *st)
{
	enum store_rc rc = sq_exec(st, "COMMIT");

	if (rc != STORE_OK)
		sq_rollback(st);
	gate_release(conn(st));
	return rc;
}

/*
 * Copies the database into path, which must not exist yet, with the online
 * backup API in one step: the copy is the snapshot of a single read
 * transaction, consistent while other connections write. A failed copy is
 * removed.
 */
static enum store_rc
sq_backup(struct store *st, const char *path)
{
	sqlite3 *src = conn(st)->db, *dst = NULL;
	sqlite3_backup *b;
	enum store_rc ret = STORE_ERROR;
	int fd, rc, created = 0;

	fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
	if (fd < 0) {
		log_warn("%s: %s", __func__, path);
		store_error_note();
		goto out;
	}
	created = 1;
	close(fd);
	rc = sqlite3_open_v2(path, &dst, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, NULL);
	if (rc != SQLITE_OK) {
		ret = classify(dst, rc, __func__, "sqlite3_open_v2");
		goto out;
	}
	b = sqlite3_backup_init(dst, "main", src, "main");
	if (b == NULL) {
		ret = classify(dst, sqlite3_errcode(dst), __func__, "sqlite3_backup_init");
		goto out;
	}
	rc = sqlite3_backup_step(b, -1);
	if (rc != SQLITE_DONE) {
		sqlite3_backup_finish(b);
		ret = classify(NULL, rc, __func__, "sqlite3_backup_step");
		goto out;
	}
	rc = sqlite3_backup_finish(b);
	if (rc != SQLITE_OK) {
		ret = classify(dst, rc, __func__, "sqlite3_backup_finish");
		goto out;
	}
	ret = STORE_OK;
out:
	if (dst != NULL && sqlite3_close(dst) != SQLITE_OK && ret == STORE_OK)
		ret = classify(dst, sqlite3_errcode(dst), __func__, "sqlite3_close");
	if (ret != STORE_OK && created)
		unlink(path);
	return ret;
}

struct sqlite3 *
store_sqlite_handle(struct store *st)
{
	if (st == NULL || st->ops != &store_sqlite_ops)
		return NULL;
	return conn(st)->db;
}

const struct store_ops store_sqlite_ops = {
	.version = STORE_OPS_VERSION,
	.name = "sqlite",
	.dialect = STORE_DIALECT_SQLITE,
	.open = sq_open,
	.close = sq_close,
	.exec = sq_exec,
	.has_table = sq_has_table,
	.prepare = sq_prepare,
	.bind_int64 = sq_bind_int64,
	.bind_text = sq_bind_text,
	.bind_null = sq_bind_null,
	.step = sq_step,
	.column_int64 = sq_column_int64,
	.column_text = sq_column_text,
	.column_is_null = sq_column_is_null,
	.reset = sq_reset,
	.begin = sq_begin,
	.commit = sq_commit,
	.rollback = sq_rollback,
	.backup = sq_backup,
};
