/*
 * store: the backend-neutral core. Every query svodka runs is written once
 * here, in the statement table, in SQL that SQLite and PostgreSQL both
 * accept (`?` placeholders, ON CONFLICT ... DO NOTHING, RETURNING, integer
 * 0/1 for booleans, Unix seconds for times). The functions below bind
 * values, step through a backend's ops table and turn rows into jansson
 * models; they never call a database library themselves.
 */
#include "store/store_int.h"

#include <assert.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

#include "util/log.h"
#include "util/xalloc.h"

#define USER_COLS                                                                                            \
	"u.id, u.login, u.name, u.role, u.org_unit, o.name, u.disabled, u.created_at, u.version "            \
	"FROM users u LEFT JOIN org_units o ON o.code = u.org_unit "
#define USER_NCOLS 9
#define ORG_COLS "code, parent, name, kind, centre, head, email, version FROM org_units "
#define CAMPAIGN_COLS "slug, title, starts, ends, due, version FROM campaigns "
#define AUDIT_COLS "id, at, actor_login, action, entity, entity_id, detail, remote_ip FROM audit_events "

static const char *const stmt_sql[STMT__MAX] = {
	[STMT_SCHEMA_VERSION] = "SELECT max(version) FROM schema_version",
	[STMT_SCHEMA_RECORD] = "INSERT INTO schema_version (version, applied_at) VALUES (?, ?)",
	[STMT_PING] = "SELECT count(*) FROM schema_version",

	[STMT_USER_ADD] = "INSERT INTO users (login, name, role, org_unit, password_hash, disabled, "
			  "created_at, version) VALUES (?, ?, ?, ?, ?, 0, ?, 1) RETURNING id",
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
	[STMT_ORG_LIST] = "SELECT " ORG_COLS "ORDER BY CASE WHEN parent IS NULL THEN 0 ELSE 1 END, "
			  "CASE kind WHEN 'region' THEN 0 WHEN 'urban_okrug' THEN 1 "
			  "WHEN 'municipal_okrug' THEN 2 ELSE 3 END, name, code",
	[STMT_ORG_GET] = "SELECT " ORG_COLS "WHERE code = ?",
	[STMT_ORG_UPDATE] = "UPDATE org_units SET name = ?, kind = ?, centre = ?, head = ?, email = ?, "
			    "version = version + 1 WHERE code = ? AND version = ? RETURNING version",

	[STMT_CAMPAIGN_ENSURE] = "INSERT INTO campaigns (slug, title, starts, ends, due, time_zone, doc, "
				 "created_at, version) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 1) "
				 "ON CONFLICT (slug) DO NOTHING RETURNING id",
	[STMT_CAMPAIGN_LIST] = "SELECT " CAMPAIGN_COLS "ORDER BY starts DESC, slug",
	[STMT_CAMPAIGN_GET] = "SELECT doc, version FROM campaigns WHERE slug = ?",
	[STMT_CAMPAIGN_VERSION] = "SELECT version FROM campaigns WHERE slug = ?",

	[STMT_AUDIT_ADD] = "INSERT INTO audit_events (at, actor_id, actor_login, action, entity, entity_id, "
			   "detail, remote_ip) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
	[STMT_AUDIT_COUNT] = "SELECT count(*) FROM audit_events",
	[STMT_AUDIT_LIST] = "SELECT " AUDIT_COLS "ORDER BY at DESC, id DESC LIMIT ? OFFSET ?",
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
	enum store_rc rc;

	assert(id < STMT__MAX && stmt_sql[id] != NULL);
	if (out != NULL)
		*out = NULL;
	rc = st->ops->prepare(st, id, stmt_sql[id], &s);
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

static void
set(json_t *obj, const char *key, json_t *v)
{
	if (v == NULL || json_object_set_new(obj, key, v) != 0)
		abort();
}

static void
append(json_t *arr, json_t *v)
{
	if (v == NULL || json_array_append_new(arr, v) != 0)
		abort();
}

static json_t *
new_object(void)
{
	json_t *o = json_object();

	if (o == NULL)
		abort();
	return o;
}

static json_t *
new_array(void)
{
	json_t *a = json_array();

	if (a == NULL)
		abort();
	return a;
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
	json_t *u = new_object();

	set(u, "id", col_int(st, s, off));
	set(u, "login", col_str(st, s, off + 1));
	set(u, "name", col_str(st, s, off + 2));
	set(u, "role", col_str(st, s, off + 3));
	set(u, "org_unit", col_str(st, s, off + 4));
	set(u, "org_unit_name", col_str(st, s, off + 5));
	set(u, "disabled", json_boolean(st->ops->column_int64(s, off + 6) != 0));
	set(u, "created_at", col_int(st, s, off + 7));
	set(u, "version", col_int(st, s, off + 8));
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
	rc = run_int(
		st, STMT_USER_ADD,
		ARGS(T(u->login), T(u->name), T(u->role), T(u->org_unit), T(u->password_hash), I(u->now)),
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
	json_t *list = new_array(), *row;
	enum store_rc rc;

	*out = NULL;
	rc = store_stmt_run(st, id, args, &s);
	while (rc == STORE_OK) {
		if ((row = row_fn(st, s, 0)) == NULL) {
			rc = STORE_ERROR;
			goto out;
		}
		append(list, row);
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
	o = new_object();
	set(o, "user", user_from_row(st, s, 5));
	set(o, "csrf", col_str(st, s, 0));
	set(o, "created_at", col_int(st, s, 1));
	set(o, "last_seen", col_int(st, s, 2));
	set(o, "idle_expires", col_int(st, s, 3));
	set(o, "absolute_expires", col_int(st, s, 4));
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
	json_t *o = new_object();

	set(o, "code", col_str(st, s, off));
	set(o, "parent", col_str(st, s, off + 1));
	set(o, "name", col_str(st, s, off + 2));
	set(o, "kind", col_str(st, s, off + 3));
	set(o, "centre", col_str(st, s, off + 4));
	set(o, "head", col_str(st, s, off + 5));
	set(o, "email", col_str(st, s, off + 6));
	set(o, "version", col_int(st, s, off + 7));
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

enum store_rc
store_campaign_ensure(struct store *st, json_t *doc, int64_t now, int *inserted)
{
	const char *slug = doc_str(doc, "slug", NULL), *title = doc_str(doc, "title", NULL);
	const char *starts = doc_str(doc, "period", "start"), *ends = doc_str(doc, "period", "end");
	const char *due = doc_str(doc, "report_due", NULL), *tz = doc_str(doc, "time_zone", NULL);
	char *text = NULL;
	enum store_rc rc;

	*inserted = 0;
	if (slug == NULL || title == NULL || starts == NULL || ends == NULL || due == NULL || tz == NULL) {
		log_warnx("%s: campaign document lacks slug, title, period, report_due or time_zone",
			  __func__);
		rc = fail();
		goto out;
	}
	text = json_dumps(doc, JSON_COMPACT | JSON_PRESERVE_ORDER);
	if (text == NULL)
		abort();
	rc = run_one(st, STMT_CAMPAIGN_ENSURE,
		     ARGS(T(slug), T(title), T(starts), T(ends), T(due), T(tz), T(text), I(now)));
	if (rc == STORE_OK)
		*inserted = 1;
	else if (rc == STORE_NOTFOUND)
		rc = STORE_OK;
out:
	free(text);
	return rc;
}

static json_t *
campaign_item_from_row(struct store *st, struct store_stmt *s, int off)
{
	json_t *o = new_object();

	set(o, "slug", col_str(st, s, off));
	set(o, "title", col_str(st, s, off + 1));
	set(o, "starts", col_str(st, s, off + 2));
	set(o, "ends", col_str(st, s, off + 3));
	set(o, "due", col_str(st, s, off + 4));
	set(o, "version", col_int(st, s, off + 5));
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
	set(d, "version", col_int(st, s, 1));
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
	json_t *o = new_object(), *detail;

	detail = col_json(st, s, off + 6);
	if (detail == NULL) {
		json_decref(o);
		return NULL;
	}
	set(o, "id", col_int(st, s, off));
	set(o, "at", col_int(st, s, off + 1));
	set(o, "actor", col_str(st, s, off + 2));
	set(o, "action", col_str(st, s, off + 3));
	set(o, "entity", col_str(st, s, off + 4));
	set(o, "entity_id", col_str(st, s, off + 5));
	set(o, "detail", detail);
	set(o, "remote_ip", col_str(st, s, off + 7));
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
