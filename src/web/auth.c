/*
 * auth: signing in and out, through the form and through the API, and the
 * password hashing that the rest of web/ uses. Passwords are argon2id
 * (libsodium crypto_pwhash_str); at most AUTH_MAX_HASHES hashes run at once
 * process-wide, each needing tens of MiB, so a burst of sign-ins cannot
 * exhaust memory. Failed sign-ins are throttled per login and per address,
 * and the answer is the same for an unknown login and a wrong password.
 */
#include <pthread.h>
#include <semaphore.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "domain/password.h"
#include "domain/throttle.h"
#include "domain/url.h"
#include "util/log.h"
#include "util/utf8.h"
#include "web/web.h"

#define AUTH_MAX_HASHES 2
#define TOKEN_BYTES 32

static sem_t hash_slots;
static pthread_mutex_t throttle_lock = PTHREAD_MUTEX_INITIALIZER;
static struct throttle throttle;
static char dummy_hash[crypto_pwhash_STRBYTES];

enum signin_rc {
	SIGNIN_OK,
	SIGNIN_BAD,
	SIGNIN_THROTTLED,
	SIGNIN_STORE,
};

static const char MSG_BAD[] = "Неверный логин или пароль.";

int
auth_init(void)
{
	char pw[32];

	if (sem_init(&hash_slots, 0, AUTH_MAX_HASHES) < 0)
		return -1;
	struct throttle_limits limits;

	throttle_limits_default(&limits);
	randombytes_buf(&limits.seed, sizeof(limits.seed));
	if (throttle_init(&throttle, &limits) < 0)
		return -1;
	/* A hash to verify against for unknown logins, so both cost the same. */
	auth_generate_password(pw, sizeof(pw));
	return auth_hash_password(pw, dummy_hash, sizeof(dummy_hash));
}

void
auth_shutdown(void)
{
	throttle_release(&throttle);
	sem_destroy(&hash_slots);
}

int
auth_hash_password(const char *password, char *out, size_t outlen)
{
	int rc;

	if (outlen < crypto_pwhash_STRBYTES)
		return -1;
	sem_wait(&hash_slots);
	rc = crypto_pwhash_str(out, password, strlen(password), crypto_pwhash_OPSLIMIT_INTERACTIVE,
			       crypto_pwhash_MEMLIMIT_INTERACTIVE);
	sem_post(&hash_slots);
	if (rc != 0)
		log_warnx("%s: crypto_pwhash_str failed (out of memory?)", __func__);
	return rc == 0 ? 0 : -1;
}

static int
verify_password(const char *hash, const char *password)
{
	int rc;

	sem_wait(&hash_slots);
	rc = crypto_pwhash_str_verify(hash, password, strlen(password));
	sem_post(&hash_slots);
	return rc == 0;
}

void
auth_generate_password(char *out, size_t outlen)
{
	/* No 0/O, 1/l/I: the password is read off a screen and typed. */
	static const char alphabet[] = "abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
	size_t i, n = outlen - 1 < 16 ? outlen - 1 : 16;

	for (i = 0; i < n; i++)
		out[i] = alphabet[randombytes_uniform(sizeof(alphabet) - 1)];
	out[n] = '\0';
}

static int
throttled(const char *login, const char *ip, int64_t now, int64_t *retry_after)
{
	char key[160];
	int64_t r1 = 0, r2 = 0;
	int blocked;

	pthread_mutex_lock(&throttle_lock);
	(void)snprintf(key, sizeof(key), "login:%s", login);
	blocked = throttle_check(&throttle, key, now, &r1) == THROTTLE_BLOCKED;
	(void)snprintf(key, sizeof(key), "ip:%s", ip);
	blocked |= throttle_check(&throttle, key, now, &r2) == THROTTLE_BLOCKED;
	pthread_mutex_unlock(&throttle_lock);
	*retry_after = r1 > r2 ? r1 : r2;
	return blocked;
}

static void
throttle_record(const char *login, const char *ip, int64_t now, int ok)
{
	char key[160];

	pthread_mutex_lock(&throttle_lock);
	(void)snprintf(key, sizeof(key), "login:%s", login);
	if (ok)
		throttle_success(&throttle, key);
	else
		throttle_fail(&throttle, key, now);
	(void)snprintf(key, sizeof(key), "ip:%s", ip);
	if (!ok)
		throttle_fail(&throttle, key, now);
	pthread_mutex_unlock(&throttle_lock);
}

/*
 * Checks the credentials and opens a new session, ending the one the
 * request came with. On success fills token (the cookie value) and the
 * context (user, CSRF token). Runs on the worker pool (argon2id).
 */
static enum signin_rc
signin(struct http_request *req, const char *login_in, const char *password, char *token, size_t toklen,
       int64_t *retry_after, enum store_rc *src)
{
	struct web_ctx *ctx = web_ctx(req);
	struct store *st = web_store();
	struct store_session_new sn;
	unsigned char rnd[TOKEN_BYTES], crnd[32];
	char login[65], hash[65], csrf[65], *stored = NULL;
	json_t *user = NULL;
	int64_t id = 0, now = web_now();
	int disabled = 1, ok;
	enum store_rc rc;
	enum signin_rc ret = SIGNIN_BAD;

	if (st == NULL) {
		*src = STORE_UNAVAILABLE;
		return SIGNIN_STORE;
	}
	if (password_login_check(login_in, login, sizeof(login)) != PASSWORD_LOGIN_OK)
		(void)snprintf(login, sizeof(login), "%s", "-invalid-");
	if (throttled(login, req->remote_ip, now, retry_after))
		return SIGNIN_THROTTLED;

	rc = store_user_auth(st, login, &id, &stored, &disabled);
	if (rc != STORE_OK && rc != STORE_NOTFOUND) {
		*src = rc;
		return SIGNIN_STORE;
	}
	ok = verify_password(stored ? stored : dummy_hash, password) && rc == STORE_OK && !disabled;
	free(stored);
	throttle_record(login, req->remote_ip, now, ok);
	if (!ok) {
		log_info("sign-in refused for login %s from %s", login, req->remote_ip);
		return SIGNIN_BAD;
	}

	randombytes_buf(rnd, sizeof(rnd));
	sodium_bin2base64(token, toklen, rnd, sizeof(rnd), sodium_base64_VARIANT_URLSAFE_NO_PADDING);
	randombytes_buf(crnd, sizeof(crnd));
	sodium_bin2hex(csrf, sizeof(csrf), crnd, sizeof(crnd));
	web_token_hash(token, hash);
	sn = (struct store_session_new){
		.token_hash = hash,
		.user_id = id,
		.csrf = csrf,
		.now = now,
		.idle_expires = now + web_config()->session_idle,
		.absolute_expires = now + web_config()->session_absolute,
		.remote_ip = req->remote_ip,
	};
	if ((rc = store_begin(st, 1)) != STORE_OK)
		goto fail;
	if (ctx->token_hash && (rc = store_session_delete(st, ctx->token_hash)) != STORE_OK &&
	    rc != STORE_NOTFOUND)
		goto fail;
	if ((rc = store_session_create(st, &sn)) != STORE_OK)
		goto fail;
	if ((rc = store_user_get(st, id, &user)) != STORE_OK)
		goto fail;
	ctx->user = user;
	ctx->user_id = id;
	ctx->login = json_string_value(json_object_get(user, "login"));
	ctx->has_role = password_role_parse(jx_get_str(user, "role"), &ctx->role) == 0;
	ctx->csrf = arena_strdup(req->arena, csrf);
	ctx->token_hash = arena_strdup(req->arena, hash);
	if ((rc = web_audit(req, "session.create", "user", ctx->login, NULL)) != STORE_OK)
		goto fail;
	if ((rc = store_commit(st)) != STORE_OK)
		goto fail;
	web_keep(req, user);
	sodium_memzero(rnd, sizeof(rnd));
	return SIGNIN_OK;
fail:
	store_rollback(st);
	json_decref(user);
	ctx->user = NULL;
	*src = rc;
	ret = SIGNIN_STORE;
	return ret;
}

/* Where to go after sign-in: a path of this site (url_local_path_ok), else "/". */
static const char *
safe_next(const char *next)
{
	return url_local_path_ok(next) ? next : "/";
}

static void
login_page(struct http_request *req, struct http_response *resp, int status, const char *login,
	   const char *error)
{
	json_t *m = jx_obj();

	web_ensure_csrf_cookie(req, resp);
	jx_set(m, "title", jx_str("Вход"));
	jx_set(m, "next",
	       jx_str(safe_next(http_params_get(&req->query, "next") ? http_params_get(&req->query, "next")
								     : http_params_get(&req->form, "next"))));
	/* What was typed, when jansson can hold it (the form is not checked for UTF-8). */
	if (login && utf8_valid(login, strlen(login)) == 0)
		jx_set(m, "login", jx_str(login));
	if (error)
		jx_set(m, "error", jx_str(error));
	web_no_store(req, resp);
	resp->status = status;
	web_respond(req, resp, "login", m);
}

/* GET /login: the sign-in form (also when signed in: to switch accounts). */
void
auth_login_form(struct http_request *req, struct http_response *resp)
{
	login_page(req, resp, 200, NULL, NULL);
}

static const char *
retry_message(struct http_request *req, int64_t retry_after)
{
	int64_t min = (retry_after + 59) / 60;

	return arena_printf(req->arena, "Слишком много неудачных попыток входа. Повторите через %lld мин.",
			    (long long)(min > 0 ? min : 1));
}

/* POST /login: 303 to next on success; 401, 429 or 422 with the form again. */
void
auth_login(struct http_request *req, struct http_response *resp)
{
	const char *login = http_params_get(&req->form, "login");
	const char *password = http_params_get(&req->form, "password");
	char token[64];
	int64_t retry = 0;
	enum store_rc src = STORE_OK;

	if (login == NULL || *login == '\0' || password == NULL || *password == '\0') {
		login_page(req, resp, 422, login, "Введите логин и пароль.");
		return;
	}
	switch (signin(req, login, password, token, sizeof(token), &retry, &src)) {
	case SIGNIN_OK:
		web_set_session_cookie(req, resp, token);
		web_no_store(req, resp);
		http_redirect(req, resp, 303, safe_next(http_params_get(&req->form, "next")));
		return;
	case SIGNIN_BAD: login_page(req, resp, 401, login, MSG_BAD); return;
	case SIGNIN_THROTTLED:
		http_response_header(req, resp, "Retry-After",
				     arena_printf(req->arena, "%lld", (long long)retry));
		login_page(req, resp, 429, login, retry_message(req, retry));
		return;
	case SIGNIN_STORE: web_store_error(req, resp, src); return;
	}
}

/* POST /logout: ends the session; 303 to /. */
void
auth_logout(struct http_request *req, struct http_response *resp)
{
	struct web_ctx *ctx = web_ctx(req);
	struct store *st = web_store();
	enum store_rc rc;

	if ((rc = store_begin(st, 1)) != STORE_OK ||
	    ((rc = store_session_delete(st, ctx->token_hash)) != STORE_OK && rc != STORE_NOTFOUND) ||
	    (rc = web_audit(req, "session.delete", "user", ctx->login, NULL)) != STORE_OK ||
	    (rc = store_commit(st)) != STORE_OK) {
		store_rollback(st);
		web_store_error(req, resp, rc);
		return;
	}
	web_set_session_cookie(req, resp, NULL);
	web_no_store(req, resp);
	if (req->is_api) {
		resp->status = 204;
		return;
	}
	http_redirect(req, resp, 303, "/");
}

/*
 * POST /api/v1/session {"login", "password"}: 200 {"user", "csrf_token"}
 * and the cookie; 400 without both fields, 401 for bad credentials, 429 when
 * throttled, 415 for a body that is not JSON (the guard).
 */
void
auth_api_session_create(struct http_request *req, struct http_response *resp)
{
	const char *login = web_input(req, "login");
	const char *password = web_input(req, "password");
	struct web_ctx *ctx = web_ctx(req);
	char token[64];
	int64_t retry = 0;
	enum store_rc src = STORE_OK;

	if (!json_is_object(req->json)) {
		http_error(req, resp, 400, "invalid_json", "Ожидается объект JSON с полями login и password.",
			   NULL);
		return;
	}
	if (login == NULL || *login == '\0') {
		http_error(req, resp, 400, "required", "Укажите логин.", "login");
		return;
	}
	if (password == NULL || *password == '\0') {
		http_error(req, resp, 400, "required", "Укажите пароль.", "password");
		return;
	}
	switch (signin(req, login, password, token, sizeof(token), &retry, &src)) {
	case SIGNIN_OK:
		web_set_session_cookie(req, resp, token);
		web_respond(req, resp, NULL,
			    web_pack("{s:O, s:s}", "user", ctx->user, "csrf_token", ctx->csrf));
		return;
	case SIGNIN_BAD: http_error(req, resp, 401, "invalid_credentials", MSG_BAD, NULL); return;
	case SIGNIN_THROTTLED:
		http_response_header(req, resp, "Retry-After",
				     arena_printf(req->arena, "%lld", (long long)retry));
		http_error(req, resp, 429, "too_many_attempts", retry_message(req, retry), NULL);
		return;
	case SIGNIN_STORE: web_store_error(req, resp, src); return;
	}
}

/* DELETE /api/v1/session: 204. */
void
auth_api_session_delete(struct http_request *req, struct http_response *resp)
{
	auth_logout(req, resp);
}

/* GET /api/v1/me: {"user", "csrf_token"}. */
void
auth_api_me(struct http_request *req, struct http_response *resp)
{
	struct web_ctx *ctx = web_ctx(req);

	web_respond(req, resp, NULL, web_pack("{s:O, s:s}", "user", ctx->user, "csrf_token", ctx->csrf));
}
