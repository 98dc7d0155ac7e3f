/*
 * admin: the department's pages for users (create, disable, enable, reset a
 * password, set the e-mail address), org units (list, edit) and the audit
 * log. The same handlers
 * answer the /api/v1/ routes as JSON. Every write goes with its audit event
 * in one transaction.
 */
#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "domain/email.h"
#include "domain/orgunit.h"
#include "domain/password.h"
#include "domain/user.h"
#include "util/num.h"
#include "web/web.h"

#define AUDIT_PAGE 50

/* Parses a positive decimal id from a route parameter; 0 when malformed. */
static int64_t
param_id(struct http_request *req)
{
	int64_t v;

	return num_parse_i64(http_params_get(&req->params, "id"), 1, INT64_MAX, &v) == 0 ? v : 0;
}

/*
 * An e-mail address as typed for a user or an org unit: blank (or NULL) is
 * no address (*out NULL); otherwise *out is the address the mailer sends
 * to (email_mailbox: an IDN domain in punycode), in the arena, since the
 * address is there only to be written to. Returns EMAIL_OK or why it is
 * refused (email_message).
 */
static enum email_rc
email_input(struct http_request *req, const char *in, const char **out)
{
	char *box = NULL;
	const char *p = in;
	enum email_rc rc;

	*out = NULL;
	if (p == NULL)
		return EMAIL_OK;
	while (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n')
		p++;
	if (*p == '\0')
		return EMAIL_OK;
	if ((rc = email_mailbox(in, &box)) != EMAIL_OK)
		return rc;
	*out = arena_strdup(req->arena, box);
	free(box);
	return EMAIL_OK;
}

/*
 * The users page (or, under /api/, {"users": [...]}), with optional form
 * state: values typed, an error with its field, and a password to show
 * once; email_edit {"id", "value", "error"}: a user's address refused, shown
 * again in that user's row as typed. form, notice and email_edit (each may
 * be NULL) are borrowed: the request's arena owns them (web_keep).
 */
static void
users_page_ex(struct http_request *req, struct http_response *resp, int status, json_t *form, json_t *notice,
	      json_t *email_edit)
{
	struct store *st = web_store();
	json_t *users = NULL, *units = NULL, *u, *m, *roles, *munis;
	enum password_role picked;
	enum store_rc rc;
	size_t i;

	rc = store_user_list(st, &users);
	web_keep(req, users);
	if (rc == STORE_OK)
		rc = store_org_unit_list(st, &units);
	web_keep(req, units);
	if (rc != STORE_OK) {
		web_store_error(req, resp, rc);
		return;
	}
	if (req->is_api) {
		web_respond(req, resp, NULL, web_pack("{s:O}", "users", users));
		return;
	}
	json_array_foreach(users, i, u)
	{
		jx_set(u, "role_ru", jx_str(web_role_ru(json_string_value(json_object_get(u, "role")))));
		jx_set(u, "created_ru",
		       jx_str(web_utc_time_ru(req->arena,
					      json_integer_value(json_object_get(u, "created_at")))));
		jx_set(u, "is_me",
		       jx_bool(json_integer_value(json_object_get(u, "id")) == web_ctx(req)->user_id));
		if (email_edit && json_equal(json_object_get(u, "id"), json_object_get(email_edit, "id"))) {
			json_object_set(u, "email_value", json_object_get(email_edit, "value"));
			jx_set(u, "email_invalid", json_true());
		} else {
			jx_set(u, "email_value",
			       jx_str(json_string_value(json_object_get(u, "email")) ?: ""));
		}
	}
	munis = jx_arr();
	json_array_foreach(units, i, u)
	{
		if (json_string_value(json_object_get(u, "parent")) != NULL)
			json_array_append(munis, u);
	}
	if (form == NULL)
		form = web_keep(req, web_pack("{s:s}", "role", "coordinator"));
	if (password_role_parse(jx_get_str(form, "role"), &picked) < 0)
		picked = PASSWORD_ROLE__MAX; /* none selected */
	roles = web_pack("[{s:s,s:s,s:b},{s:s,s:s,s:b},{s:s,s:s,s:b}]", "code",
			 password_role_code(PASSWORD_ROLE_COORDINATOR), "name", "координатор муниципалитета",
			 "selected", picked == PASSWORD_ROLE_COORDINATOR, "code",
			 password_role_code(PASSWORD_ROLE_ADMIN), "name", "администратор департамента",
			 "selected", picked == PASSWORD_ROLE_ADMIN, "code",
			 password_role_code(PASSWORD_ROLE_JUROR), "name", "член жюри", "selected",
			 picked == PASSWORD_ROLE_JUROR);
	json_array_foreach(munis, i, u)
	{
		jx_set(u, "selected",
		       jx_bool(json_equal(json_object_get(u, "code"), json_object_get(form, "org_unit"))));
	}
	m = web_pack("{s:s, s:O, s:o, s:o, s:O}", "title", "Пользователи", "users", users, "org_units", munis,
		     "roles", roles, "form", form);
	if (m && notice)
		json_object_set(m, "notice", notice);
	if (m && email_edit)
		json_object_set(m, "email_error", json_object_get(email_edit, "error"));
	resp->status = status;
	web_respond(req, resp, "admin_users", m);
}

static void
users_page(struct http_request *req, struct http_response *resp, int status, json_t *form, json_t *notice)
{
	users_page_ex(req, resp, status, form, notice, NULL);
}

/* GET /admin/users, /api/v1/users: 200. */
void
admin_users(struct http_request *req, struct http_response *resp)
{
	users_page(req, resp, 200, NULL, NULL);
}

/* Answers a rejected form: the page again with what was typed (API: 422); form is the arena's. */
static void
user_form_error(struct http_request *req, struct http_response *resp, json_t *form, const char *field,
		const char *message)
{
	if (req->is_api) {
		web_invalid(req, resp, field, message);
		return;
	}
	jx_set(form, "error", jx_str(message));
	jx_set(form, "error_field", jx_str(field));
	jx_set(form, arena_printf(req->arena, "error_%s", field), json_true());
	users_page(req, resp, 422, form, NULL);
}

/*
 * POST /admin/users, /api/v1/users {login, name, role, org_unit, email?,
 * password?}: creates a user; without a password one is generated and shown
 * once. 201 (API) or the page with the new credentials; 422 with the field
 * (an e-mail address given must be one); 409 when the login is taken.
 */
void
admin_user_create(struct http_request *req, struct http_response *resp)
{
	const char *login_in = web_input(req, "login"), *name = web_input(req, "name");
	const char *role = web_input(req, "role"), *unit = web_input(req, "org_unit");
	const char *password = web_input(req, "password"), *email_in = web_input(req, "email"), *email;
	struct store *st = web_store();
	struct store_user_new nu;
	char gen[32], hash[256];
	json_t *form, *user = NULL, *ou = NULL;
	struct user_checked uc;
	enum user_field uf;
	const char *msg = NULL;
	enum password_rc prc;
	enum store_rc rc;
	int64_t id;
	enum email_rc erc;

	form = web_keep(req,
			web_pack("{s:s, s:s, s:s, s:s, s:s}", "login", login_in ?: "", "name", name ?: "",
				 "role", role ?: "", "org_unit", unit ?: "", "email", email_in ?: ""));
	if (form == NULL) {
		/* Not UTF-8: jansson refuses the string. */
		web_invalid(req, resp, "login", "Поля формы должны быть в кодировке UTF-8.");
		return;
	}
	/* Login and name first, then the e-mail, then role and municipality, as the form reads. */
	uf = user_new_check(
		&(struct user_new){.login = login_in, .name = name, .role = role, .org_unit = unit}, &uc,
		&msg);
	if (uf == USER_LOGIN || uf == USER_NAME) {
		user_form_error(req, resp, form, user_field_code(uf), msg);
		return;
	}
	if (req->is_api && json_object_get(req->json, "email") != NULL && email_in == NULL &&
	    !json_is_null(json_object_get(req->json, "email"))) {
		user_form_error(req, resp, form, "email", email_message(EMAIL_INVALID));
		return;
	}
	if ((erc = email_input(req, email_in, &email)) != EMAIL_OK) {
		user_form_error(req, resp, form, "email", email_message(erc));
		return;
	}
	if (uf != USER_OK) {
		user_form_error(req, resp, form, user_field_code(uf), msg);
		return;
	}
	unit = uc.org_unit;
	if (unit) {
		rc = store_org_unit_get(st, unit, &ou);
		if (rc == STORE_OK && json_string_value(json_object_get(ou, "parent")) == NULL)
			rc = STORE_NOTFOUND;
		json_decref(ou);
		if (rc != STORE_OK) {
			if (rc == STORE_NOTFOUND)
				user_form_error(req, resp, form, "org_unit",
						"Такого муниципалитета нет в списке.");
			else
				web_store_error(req, resp, rc);
			return;
		}
	}
	if (password && *password) {
		if ((prc = password_check(password, uc.login)) != PASSWORD_OK) {
			user_form_error(req, resp, form, "password", password_message(prc));
			return;
		}
	} else {
		auth_generate_password(gen, sizeof(gen));
		password = gen;
	}
	if (auth_hash_password(password, hash, sizeof(hash)) < 0) {
		http_error(req, resp, 503, "busy", "Сервер перегружен, повторите через минуту.", NULL);
		return;
	}
	nu = (struct store_user_new){.login = uc.login,
				     .name = uc.name,
				     .role = password_role_code(uc.role),
				     .org_unit = unit,
				     .email = email,
				     .password_hash = hash,
				     .now = web_now()};
	if ((rc = store_begin(st, 1)) != STORE_OK)
		goto fail;
	if ((rc = store_user_add(st, &nu, &id)) != STORE_OK)
		goto fail;
	if ((rc = web_audit(req, "user.create", "user", uc.login,
			    web_pack("{s:s, s:s?, s:s?}", "role", password_role_code(uc.role), "org_unit",
				     unit, "email", email))) != STORE_OK)
		goto fail;
	if ((rc = store_commit(st)) != STORE_OK)
		goto fail;
	if ((rc = store_user_get(st, id, &user)) != STORE_OK)
		goto fail;
	if (req->is_api) {
		resp->status = 201;
		web_respond(req, resp, NULL,
			    web_pack("{s:o, s:s*}", "user", user, "password", password == gen ? gen : NULL));
		return;
	}
	json_decref(user);
	users_page(req, resp, 201, NULL,
		   web_keep(req, web_pack("{s:b, s:s, s:s?}", "created", 1, "login", uc.login, "password",
					  password == gen ? gen : NULL)));
	return;
fail:
	store_rollback(st);
	if (rc == STORE_CONFLICT) {
		user_form_error(req, resp, form, "login", "Такой логин уже занят. Выберите другой.");
		return;
	}
	web_store_error(req, resp, rc);
}

/*
 * The answer after a committed change to user id: the API gets 200 with the
 * user read back (a failed read answers as web_store_error does: the write
 * stands), pages a 303 to the list.
 */
static void
user_changed(struct http_request *req, struct http_response *resp, struct store *st, int64_t id)
{
	json_t *user = NULL;
	enum store_rc rc;

	if (!req->is_api) {
		http_redirect(req, resp, 303, "/admin/users");
		return;
	}
	if ((rc = store_user_get(st, id, &user)) != STORE_OK) {
		web_store_error(req, resp, rc);
		return;
	}
	web_respond(req, resp, NULL, web_pack("{s:o}", "user", user));
}

/* Sets a user's disabled flag; disabling ends the user's sessions. */
static void
set_disabled(struct http_request *req, struct http_response *resp, int disabled)
{
	struct store *st = web_store();
	int64_t id = param_id(req);
	json_t *user = NULL;
	enum store_rc rc;

	if (id == 0) {
		http_error(req, resp, 404, "not_found", "Пользователь не найден.", NULL);
		return;
	}
	if (disabled && id == web_ctx(req)->user_id) {
		http_error(req, resp, 422, "invalid", "Нельзя отключить собственную учётную запись.", "id");
		return;
	}
	if ((rc = store_begin(st, 1)) != STORE_OK)
		goto fail;
	if ((rc = store_user_get(st, id, &user)) != STORE_OK)
		goto fail;
	if ((rc = store_user_set_disabled(st, id, disabled)) != STORE_OK)
		goto fail;
	if (disabled && (rc = store_session_delete_user(st, id)) != STORE_OK && rc != STORE_NOTFOUND)
		goto fail;
	if ((rc = web_audit(req, disabled ? "user.disable" : "user.enable", "user",
			    json_string_value(json_object_get(user, "login")), NULL)) != STORE_OK)
		goto fail;
	if ((rc = store_commit(st)) != STORE_OK)
		goto fail;
	json_decref(user);
	user_changed(req, resp, st, id);
	return;
fail:
	store_rollback(st);
	json_decref(user);
	web_store_error(req, resp, rc);
}

/* POST /admin/users/{id}/disable: 303 (API: 200 {"user"}); 404; 422 for oneself. */
void
admin_user_disable(struct http_request *req, struct http_response *resp)
{
	set_disabled(req, resp, 1);
}

/* POST /admin/users/{id}/enable: 303 (API: 200 {"user"}); 404. */
void
admin_user_enable(struct http_request *req, struct http_response *resp)
{
	set_disabled(req, resp, 0);
}

/*
 * POST /admin/users/{id}/password: sets a new generated password, shown
 * once, and ends the user's sessions. 200 (API {"user", "password"}); 404.
 */
void
admin_user_password(struct http_request *req, struct http_response *resp)
{
	struct store *st = web_store();
	int64_t id = param_id(req);
	char pw[32], hash[256];
	json_t *user = NULL;
	enum store_rc rc;

	if (id == 0) {
		http_error(req, resp, 404, "not_found", "Пользователь не найден.", NULL);
		return;
	}
	auth_generate_password(pw, sizeof(pw));
	if (auth_hash_password(pw, hash, sizeof(hash)) < 0) {
		http_error(req, resp, 503, "busy", "Сервер перегружен, повторите через минуту.", NULL);
		return;
	}
	if ((rc = store_begin(st, 1)) != STORE_OK)
		goto fail;
	if ((rc = store_user_get(st, id, &user)) != STORE_OK)
		goto fail;
	if ((rc = store_user_set_password(st, id, hash)) != STORE_OK)
		goto fail;
	if ((rc = store_session_delete_user(st, id)) != STORE_OK && rc != STORE_NOTFOUND)
		goto fail;
	if ((rc = web_audit(req, "user.password", "user", json_string_value(json_object_get(user, "login")),
			    NULL)) != STORE_OK)
		goto fail;
	if ((rc = store_commit(st)) != STORE_OK)
		goto fail;
	if (req->is_api) {
		web_respond(req, resp, NULL, web_pack("{s:o, s:s}", "user", user, "password", pw));
		return;
	}
	users_page(
		req, resp, 200, NULL,
		web_keep(req, web_pack("{s:b, s:s, s:s}", "reset", 1, "login",
				       json_string_value(json_object_get(user, "login")), "password", pw)));
	json_decref(user);
	return;
fail:
	store_rollback(st);
	json_decref(user);
	web_store_error(req, resp, rc);
}

/*
 * POST /admin/users/{id}/email (the form in the user's row, field "email"),
 * PUT /api/v1/users/{id}/email {"email": "addr" | "" | null}: sets the
 * user's e-mail address, or removes it when blank or null. 303 to the users
 * page (API: 200 {"user"}); 404; 422 when it is no address (the page again,
 * with what was typed in that row), nothing stored.
 */
void
admin_user_email(struct http_request *req, struct http_response *resp)
{
	struct store *st = web_store();
	int64_t id = param_id(req);
	const char *in = web_input(req, "email"), *email = NULL;
	json_t *user = NULL, *v;
	enum store_rc rc;
	enum email_rc erc;

	if (id == 0) {
		http_error(req, resp, 404, "not_found", "Пользователь не найден.", NULL);
		return;
	}
	if (req->is_api) {
		v = json_object_get(req->json, "email");
		if (v == NULL || !(json_is_string(v) || json_is_null(v))) {
			web_invalid(req, resp, "email",
				    "Укажите \"email\": адрес строкой, или пустую строку либо null, чтобы "
				    "удалить адрес.");
			return;
		}
	}
	if ((erc = email_input(req, in, &email)) != EMAIL_OK) {
		if (req->is_api) {
			web_invalid(req, resp, "email", email_message(erc));
			return;
		}
		if ((rc = store_user_get(st, id, &user)) != STORE_OK) {
			if (rc == STORE_NOTFOUND)
				http_error(req, resp, 404, "not_found", "Пользователь не найден.", NULL);
			else
				web_store_error(req, resp, rc);
			return;
		}
		v = web_keep(req, web_pack("{s:I, s:s, s:s}", "id", (json_int_t)id, "value", in, "error",
					   arena_printf(req->arena, "Пользователь %s: %s",
							json_string_value(json_object_get(user, "login")),
							email_message(erc))));
		json_decref(user);
		if (v == NULL) {
			/* Not UTF-8: jansson refuses the string. */
			web_invalid(req, resp, "email", "Поля формы должны быть в кодировке UTF-8.");
			return;
		}
		users_page_ex(req, resp, 422, NULL, NULL, v);
		return;
	}
	if ((rc = store_begin(st, 1)) != STORE_OK)
		goto fail;
	if ((rc = store_user_get(st, id, &user)) != STORE_OK)
		goto fail;
	if ((rc = store_user_set_email(st, id, email)) != STORE_OK)
		goto fail;
	if ((rc = web_audit(req, "user.email", "user", json_string_value(json_object_get(user, "login")),
			    web_pack("{s:s?}", "email", email))) != STORE_OK)
		goto fail;
	if ((rc = store_commit(st)) != STORE_OK)
		goto fail;
	json_decref(user);
	user = NULL;
	user_changed(req, resp, st, id);
	return;
fail:
	store_rollback(st);
	json_decref(user);
	if (rc == STORE_NOTFOUND) {
		http_error(req, resp, 404, "not_found", "Пользователь не найден.", NULL);
		return;
	}
	web_store_error(req, resp, rc);
}

static void
add_kind_ru(json_t *u)
{
	enum orgunit_kind k;
	const char *ru = orgunit_kind_parse(json_string_value(json_object_get(u, "kind")) ?: "", &k) == 0
				 ? orgunit_kind_name(k)
				 : NULL;

	jx_set(u, "kind_ru", jx_str(ru ? ru : ""));
}

/* GET /admin/org-units, /api/v1/org-units: 200. */
void
admin_org_units(struct http_request *req, struct http_response *resp)
{
	json_t *units = NULL, *u;
	enum store_rc rc;
	size_t i;

	if ((rc = store_org_unit_list(web_store(), &units)) != STORE_OK) {
		web_store_error(req, resp, rc);
		return;
	}
	if (!req->is_api)
		json_array_foreach(units, i, u) add_kind_ru(u);
	web_respond(req, resp, "admin_org_units",
		    web_pack("{s:s, s:o, s:I}", "title", "Муниципальные образования", "org_units", units,
			     "count", (json_int_t)json_array_size(units)));
}

static const enum orgunit_kind kinds[] = {ORGUNIT_URBAN_OKRUG, ORGUNIT_MUNICIPAL_OKRUG,
					  ORGUNIT_MUNICIPAL_DISTRICT};

/*
 * The edit page of one unit; form holds what was typed when re-rendered.
 * unit and form (may be NULL) are borrowed: the request's arena owns them.
 */
static void
org_unit_page(struct http_request *req, struct http_response *resp, int status, json_t *unit, json_t *form)
{
	json_t *m, *opts = jx_arr();
	const char *kind = json_string_value(json_object_get(form ? form : unit, "kind"));
	size_t i;

	add_kind_ru(unit);
	for (i = 0; i < sizeof(kinds) / sizeof(kinds[0]); i++)
		jx_append(opts, web_pack("{s:s, s:s, s:b}", "code", orgunit_kind_code(kinds[i]), "name",
					 orgunit_kind_name(kinds[i]), "selected",
					 kind && strcmp(kind, orgunit_kind_code(kinds[i])) == 0));
	m = web_pack("{s:s, s:O, s:o, s:b}", "title", json_string_value(json_object_get(unit, "name")),
		     "unit", unit, "kinds", opts, "is_region",
		     json_string_value(json_object_get(unit, "parent")) == NULL);
	json_object_set(m, "form", form ? form : unit);
	resp->status = status;
	web_respond(req, resp, "admin_org_unit", m);
}

/* GET /admin/org-units/{code}, /api/v1/org-units/{code}: 200 or 404. */
void
admin_org_unit(struct http_request *req, struct http_response *resp)
{
	json_t *unit = NULL;
	enum store_rc rc;

	if ((rc = store_org_unit_get(web_store(), http_params_get(&req->params, "code"), &unit)) !=
	    STORE_OK) {
		web_store_error(req, resp, rc);
		return;
	}
	if (req->is_api) {
		web_respond(req, resp, NULL, unit);
		return;
	}
	org_unit_page(req, resp, 200, web_keep(req, unit), NULL);
}

/*
 * POST /admin/org-units/{code} (form), PUT /api/v1/org-units/{code} (JSON):
 * name, kind, centre, head, email, version. 303 to the list (API: 200 with
 * the unit); 422 naming the field; 409 when someone saved first (the page
 * shows what was typed beside what is stored); 404.
 */
void
admin_org_unit_update(struct http_request *req, struct http_response *resp)
{
	const char *code = http_params_get(&req->params, "code");
	const char *name = web_input(req, "name"), *kind = web_input(req, "kind");
	const char *centre = web_input(req, "centre"), *head = web_input(req, "head");
	const char *email = web_input(req, "email");
	struct store *st = web_store();
	struct store_org_unit u;
	json_t *unit = NULL, *form = NULL;
	const char *field = NULL, *msg = NULL;
	json_t *in, *clean = NULL;
	struct orgunit_error err;
	int64_t version = 0;
	enum store_rc rc;

	if (web_param_int(req, resp, "version", "Версия записи", 0, INT64_MAX, 0, &version) < 0)
		return;
	rc = store_org_unit_get(st, code, &unit);
	web_keep(req, unit);
	if (rc != STORE_OK) {
		web_store_error(req, resp, rc);
		return;
	}
	if (json_string_value(json_object_get(unit, "parent")) == NULL)
		kind = "region";
	form = web_pack("{s:s?, s:s?, s:s?, s:s?, s:s?, s:I}", "name", name, "kind", kind, "centre", centre,
			"head", head, "email", email, "version", (json_int_t)version);
	if (web_keep(req, form) == NULL) {
		web_invalid(req, resp, "name", "Поля формы должны быть в кодировке UTF-8.");
		return;
	}
	in = web_pack("{s:s, s:s*, s:s*, s:s*, s:s*, s:s*}", "code", code, "name", name, "kind", kind,
		      "centre", centre, "head", head, "email", email);
	if (in == NULL)
		abort(); /* the same strings web_pack took for the form */
	if (orgunit_validate(in, json_string_value(json_object_get(unit, "parent")) == NULL, &clean, &err) <
	    0) {
		field = arena_strdup(req->arena, err.field);
		msg = arena_strdup(req->arena, err.message);
	}
	json_decref(in);
	if (field) {
		if (req->is_api) {
			web_invalid(req, resp, field, msg);
			return;
		}
		jx_set(form, "error", jx_str(msg));
		jx_set(form, arena_printf(req->arena, "error_%s", field), json_true());
		org_unit_page(req, resp, 422, unit, form);
		return;
	}
	web_keep(req, clean);
	u = (struct store_org_unit){.code = code,
				    .name = jx_get_str(clean, "name"),
				    .kind = jx_get_str(clean, "kind"),
				    .centre =
					    *jx_get_str(clean, "centre") ? jx_get_str(clean, "centre") : NULL,
				    .head = *jx_get_str(clean, "head") ? jx_get_str(clean, "head") : NULL,
				    .email = *jx_get_str(clean, "email") ? jx_get_str(clean, "email") : NULL};
	if ((rc = store_begin(st, 1)) != STORE_OK)
		goto fail;
	if ((rc = store_org_unit_update(st, &u, version)) != STORE_OK)
		goto fail;
	if ((rc = web_audit(req, "org_unit.update", "org_unit", code,
			    web_pack("{s:O, s:O}", "before", unit, "after", form))) != STORE_OK)
		goto fail;
	if ((rc = store_commit(st)) != STORE_OK)
		goto fail;
	unit = NULL;
	if (req->is_api) {
		if ((rc = store_org_unit_get(st, code, &unit)) != STORE_OK) {
			web_store_error(req, resp, rc);
			return;
		}
		web_respond(req, resp, NULL, unit);
		return;
	}
	http_redirect(req, resp, 303, "/admin/org-units");
	return;
fail:
	store_rollback(st);
	if (rc == STORE_CONFLICT && !req->is_api) {
		unit = NULL;
		if (store_org_unit_get(st, code, &unit) == STORE_OK) {
			web_keep(req, unit);
			jx_set(form, "error",
			       jx_str("Пока вы редактировали, запись изменил кто-то другой. "
				      "Ниже — сохранённые данные и то, что ввели вы; "
				      "проверьте и сохраните ещё раз."));
			jx_set(form, "conflict", json_true());
			json_object_set(form, "version", json_object_get(unit, "version"));
			org_unit_page(req, resp, 409, unit, form);
			return;
		}
	}
	web_store_error(req, resp, rc);
}

/* GET /admin/audit?page=N, /api/v1/audit?page=N: 200, newest first. */
void
admin_audit(struct http_request *req, struct http_response *resp)
{
	json_t *events = NULL, *e, *m;
	int64_t total = 0, pages, page;
	enum store_rc rc;
	size_t i;
	char *detail;

	if (web_param_int(req, resp, "page", "Номер страницы", 1, WEB_PAGE_MAX, 1, &page) < 0)
		return;
	if ((rc = store_audit_list(web_store(), (page - 1) * AUDIT_PAGE, AUDIT_PAGE, &events, &total)) !=
	    STORE_OK) {
		web_store_error(req, resp, rc);
		return;
	}
	pages = total ? (total + AUDIT_PAGE - 1) / AUDIT_PAGE : 1;
	if (!req->is_api) {
		json_array_foreach(events, i, e)
		{
			jx_set(e, "at_ru",
			       jx_str(web_utc_time_ru(req->arena,
						      json_integer_value(json_object_get(e, "at")))));
			if (json_object_get(e, "detail") && !json_is_null(json_object_get(e, "detail"))) {
				detail = json_dumps(json_object_get(e, "detail"), JSON_COMPACT);
				if (detail) {
					jx_set(e, "detail_text", jx_str(detail));
					free(detail);
				}
			}
		}
	}
	m = web_pack("{s:s, s:o, s:I, s:I, s:I}", "title", "Журнал действий", "events", events, "total",
		     (json_int_t)total, "page", (json_int_t)page, "pages", (json_int_t)pages);
	if (page > 1)
		jx_set(m, "prev", jx_int(page - 1));
	if (page < pages)
		jx_set(m, "next", jx_int(page + 1));
	web_respond(req, resp, "admin_audit", m);
}
