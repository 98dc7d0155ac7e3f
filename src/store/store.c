/*
 * store: the backend-neutral core. It opens a store on the backend its URL
 * names and then calls only that backend's ops table: transactions, the
 * online backup, and running the statements of the statement table
 * (stmt.c), with the helpers the entity files (users.c, campaigns.c,
 * reports.c, exports.c, mail.c, audit.c) share to bind values, step rows
 * and turn columns into jansson values. It counts database errors, and in
 * test builds fails the Nth call on request. It never calls a database
 * library itself.
 */
#include "store/store_int.h"

#include <assert.h>
#include <stdatomic.h>
#include <string.h>

#include "util/jsonx.h"
#include "util/log.h"

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
enum store_rc
store_fail(void)
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
		return store_fail();
	}
	/* The URL may hold a password: it is never logged. */
	if (has_prefix(url, "postgres://") || has_prefix(url, "postgresql://"))
		ops = &store_postgres_ops;
	else if (has_prefix(url, "sqlite:"))
		target = url + strlen("sqlite:");
	if (*target == '\0') {
		log_warnx("%s: no database path", __func__);
		return store_fail();
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
		return store_fail();
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
		return store_fail();
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
		return store_fail();
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
enum store_rc
store_stmt_step(struct store *st, struct store_stmt *s)
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
	enum store_rc rc;

	assert(id < STMT__MAX && st->ops->dialect < STORE_DIALECT__MAX);
	if (out != NULL)
		*out = NULL;
	if (fault_hit(__func__))
		return STORE_ERROR;
	rc = st->ops->prepare(st, id, store_stmt_sql(id, st->ops->dialect), store_stmt_flags(id), &s);
	if (rc != STORE_OK)
		return rc;
	if ((rc = bind_args(st, s, args)) != STORE_OK)
		goto out;
	rc = store_stmt_step(st, s);
	if (out == NULL) {
		while (rc == STORE_OK)
			rc = store_stmt_step(st, s);
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
enum store_rc
store_stmt_one(struct store *st, enum store_stmt_id id, const struct store_arg *args)
{
	struct store_stmt *s = NULL;
	enum store_rc rc;

	rc = store_stmt_run(st, id, args, &s);
	store_stmt_done(st, s);
	return rc;
}

/* Runs a statement whose first column of its one row is an integer. */
enum store_rc
store_stmt_int(struct store *st, enum store_stmt_id id, const struct store_arg *args, int64_t *v)
{
	struct store_stmt *s = NULL;
	enum store_rc rc;

	rc = store_stmt_run(st, id, args, &s);
	if (rc == STORE_OK)
		*v = st->ops->column_int64(s, 0);
	store_stmt_done(st, s);
	return rc;
}

enum store_rc
store_stmt_page(struct store *st, enum store_stmt_id count_id, const struct store_arg *count_args,
		enum store_stmt_id list_id, const struct store_arg *list_args, int64_t offset, int64_t limit,
		json_t *(*row_fn)(struct store *, struct store_stmt *, int), json_t **out, int64_t *total)
{
	enum store_rc rc;
	int own_tx = 0;

	*out = NULL;
	if (offset < 0 || limit <= 0) {
		log_warnx("%s: bad page (offset %lld, limit %lld)", __func__, (long long)offset,
			  (long long)limit);
		return store_fail();
	}
	if (!st->in_tx) {
		if ((rc = store_begin(st, 0)) != STORE_OK)
			return rc;
		own_tx = 1;
	}
	rc = store_stmt_int(st, count_id, count_args, total);
	if (rc == STORE_OK)
		rc = store_stmt_list(st, list_id, list_args, row_fn, out);
	if (own_tx)
		store_rollback(st);
	return rc;
}

/* Collects every row of a statement with row_fn into a new array. */
enum store_rc
store_stmt_list(struct store *st, enum store_stmt_id id, const struct store_arg *args,
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
		rc = store_stmt_step(st, s);
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

/* The first row of a statement through row_fn. */
enum store_rc
store_stmt_row(struct store *st, enum store_stmt_id id, const struct store_arg *args,
	       json_t *(*row_fn)(struct store *, struct store_stmt *, int), json_t **out)
{
	struct store_stmt *s = NULL;
	enum store_rc rc;

	*out = NULL;
	if ((rc = store_stmt_run(st, id, args, &s)) != STORE_OK)
		return rc;
	*out = row_fn(st, s, 0);
	store_stmt_done(st, s);
	return *out != NULL ? STORE_OK : STORE_ERROR;
}

/* Rows (key, count) into {key: count} over the given keys, zeros included. */
enum store_rc
store_stmt_counts(struct store *st, enum store_stmt_id id, const struct store_arg *args,
		  const char *const *keys, size_t nkeys, json_t **counts)
{
	struct store_stmt *s = NULL;
	json_t *o = jx_obj();
	const char *key;
	enum store_rc rc;
	size_t i;

	*counts = NULL;
	for (i = 0; i < nkeys; i++)
		jx_set(o, keys[i], json_integer(0));
	rc = store_stmt_run(st, id, args, &s);
	while (rc == STORE_OK) {
		key = st->ops->column_text(s, 0);
		if (key != NULL && json_object_get(o, key) != NULL)
			jx_set(o, key, store_col_int(st, s, 1));
		rc = store_stmt_step(st, s);
	}
	store_stmt_done(st, s);
	if (rc != STORE_NOTFOUND) {
		json_decref(o);
		return rc;
	}
	*counts = o;
	return STORE_OK;
}

json_t *
store_col_str(struct store *st, struct store_stmt *s, int i)
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

json_t *
store_col_int(struct store *st, struct store_stmt *s, int i)
{
	return json_integer(st->ops->column_int64(s, i));
}

json_t *
store_col_int_or_null(struct store *st, struct store_stmt *s, int i)
{
	return st->ops->column_is_null(s, i) ? json_null() : store_col_int(st, s, i);
}

/* Parses a column of JSON text; NULL on corrupt data (logged). */
json_t *
store_col_json(struct store *st, struct store_stmt *s, int i)
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

enum store_rc
store_ping(struct store *st)
{
	int64_t n = 0;
	enum store_rc rc;

	/* A round trip that also proves this is a migrated svodka database. */
	rc = store_stmt_int(st, STMT_PING, NOARGS, &n);
	if (rc == STORE_OK && n < 1) {
		log_warnx("%s: the database has no schema", __func__);
		return store_fail();
	}
	return rc;
}
