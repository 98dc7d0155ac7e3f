/*
 * users: the store's users and their sessions. A user is added, read (by
 * id or login, or all of them), counted, authenticated by login (the
 * password hash and whether the account is disabled), disabled or enabled,
 * and given a new password hash or e-mail address; a session is created,
 * read with its user (only while it is valid and the user enabled),
 * touched, deleted (one, or all of a user's) and purged once expired. The
 * SQL is STMT_USER_* and STMT_SESSION_* in stmt.c.
 */
#include "store/store_int.h"

#include "util/jsonx.h"
#include "util/log.h"
#include "util/xalloc.h"

/* Users. */

/* A user model from USER_COLS starting at column off. */
static json_t *
user_from_row(struct store *st, struct store_stmt *s, int off)
{
	json_t *u = jx_obj();

	jx_set(u, "id", store_col_int(st, s, off));
	jx_set(u, "login", store_col_str(st, s, off + 1));
	jx_set(u, "name", store_col_str(st, s, off + 2));
	jx_set(u, "role", store_col_str(st, s, off + 3));
	jx_set(u, "org_unit", store_col_str(st, s, off + 4));
	jx_set(u, "org_unit_name", store_col_str(st, s, off + 5));
	jx_set(u, "disabled", json_boolean(st->ops->column_int64(s, off + 6) != 0));
	jx_set(u, "created_at", store_col_int(st, s, off + 7));
	jx_set(u, "version", store_col_int(st, s, off + 8));
	jx_set(u, "email", store_col_str(st, s, off + 9));
	return u;
}

enum store_rc
store_user_add(struct store *st, const struct store_user_new *u, int64_t *id)
{
	enum store_rc rc;

	if (u->login == NULL || u->role == NULL || u->password_hash == NULL) {
		log_warnx("%s: login, role and password hash are required", __func__);
		return store_fail();
	}
	rc = store_stmt_int(st, STMT_USER_ADD,
			    ARGS(T(u->login), T(u->name), T(u->role), T(u->org_unit), T(u->email),
				 T(u->password_hash), I(u->now)),
			    id);
	if (rc == STORE_NOTFOUND) {
		log_warnx("%s: insert returned no id", __func__);
		return store_fail();
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
		rc = store_fail();
		goto out;
	}
	*id = st->ops->column_int64(s, 0);
	*disabled = st->ops->column_int64(s, 2) != 0;
	*hash = xstrdup(h);
out:
	store_stmt_done(st, s);
	return rc;
}

enum store_rc
store_user_list(struct store *st, json_t **users)
{
	return store_stmt_list(st, STMT_USER_LIST, NOARGS, user_from_row, users);
}

enum store_rc
store_user_count(struct store *st, const char *role, int64_t *count)
{
	if (role == NULL)
		return store_stmt_int(st, STMT_USER_COUNT, NOARGS, count);
	return store_stmt_int(st, STMT_USER_COUNT_ROLE, ARGS(T(role)), count);
}

enum store_rc
store_user_set_disabled(struct store *st, int64_t id, int disabled)
{
	return store_stmt_one(st, STMT_USER_SET_DISABLED, ARGS(I(disabled != 0), I(id)));
}

enum store_rc
store_user_set_password(struct store *st, int64_t id, const char *password_hash)
{
	if (password_hash == NULL) {
		log_warnx("%s: no password hash", __func__);
		return store_fail();
	}
	return store_stmt_one(st, STMT_USER_SET_PASSWORD, ARGS(T(password_hash), I(id)));
}

/* NULL clears the address. */
enum store_rc
store_user_set_email(struct store *st, int64_t id, const char *email)
{
	return store_stmt_one(st, STMT_USER_SET_EMAIL, ARGS(T(email), I(id)));
}

/* Sessions. */

enum store_rc
store_session_create(struct store *st, const struct store_session_new *s)
{
	if (s->token_hash == NULL || s->csrf == NULL) {
		log_warnx("%s: token hash and csrf token are required", __func__);
		return store_fail();
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
	jx_set(o, "csrf", store_col_str(st, s, 0));
	jx_set(o, "created_at", store_col_int(st, s, 1));
	jx_set(o, "last_seen", store_col_int(st, s, 2));
	jx_set(o, "idle_expires", store_col_int(st, s, 3));
	jx_set(o, "absolute_expires", store_col_int(st, s, 4));
	*session = o;
out:
	store_stmt_done(st, s);
	return rc;
}

enum store_rc
store_session_touch(struct store *st, const char *token_hash, int64_t now, int64_t idle_expires)
{
	return store_stmt_one(st, STMT_SESSION_TOUCH,
			      ARGS(I(now), I(idle_expires), T(token_hash), I(now), I(now)));
}

enum store_rc
store_session_delete(struct store *st, const char *token_hash)
{
	return store_stmt_one(st, STMT_SESSION_DELETE, ARGS(T(token_hash)));
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
