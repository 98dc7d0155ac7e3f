/*
 * user: the rules for a new user account, whether an admin creates it
 * (web/admin.c, page and API) or the command line does (svodka user add):
 * the login (password_login_check: stored lowercased), the display name
 * (optional, one line, at most USER_NAME_MAX user-perceived characters),
 * the role, and the municipality, which a coordinator must have and the
 * other roles never do. Whether the municipality exists is the store's
 * question; the password is password.h's and the e-mail email.h's.
 */
#ifndef SVODKA_DOMAIN_USER_H
#define SVODKA_DOMAIN_USER_H

#include <jansson.h>

#include "domain/password.h"

#define USER_NAME_MAX 200 /* user-perceived characters (utf8_grapheme_count) */

/* The field at fault; zero is success. */
enum user_field {
	USER_OK,
	USER_LOGIN,
	USER_NAME,
	USER_ROLE,
	USER_ORG_UNIT,
};

/* A new account as typed; NULL where not given. */
struct user_new {
	const char *login, *name, *role, *org_unit;
};

/* A checked account. */
struct user_checked {
	char login[PASSWORD_LOGIN_MAX + 1]; /* lowercased */
	enum password_role role;
	const char *name; /* borrowed from the input; NULL when none (absent or empty) */
	const char *org_unit; /* borrowed; a coordinator's municipality, a juror's if any, else NULL */
};

/*
 * Checks login, name, role and municipality, in this order. Returns USER_OK
 * and fills *out, or the first field at fault with *message its Russian
 * sentence (static).
 */
__attribute__((warn_unused_result)) enum user_field
user_new_check(const struct user_new *in, struct user_checked *out, const char **message);

/* The field's name in forms and the API: "login", "name", "role", "org_unit"; "" for USER_OK. */
const char *user_field_code(enum user_field f);

/* 1 when an account of this role belongs to one municipality (a coordinator), else 0. */
int user_role_has_unit(enum password_role role);

/*
 * Whether the user model (a store user: "role", "org_unit", "disabled") is
 * an active account of `role` and, when unit is not NULL, of that
 * municipality: who is told of a report and who a reminder names.
 */
int user_acts_for(const json_t *user, enum password_role role, const char *unit);

/* 0 when name is NULL, empty, or valid UTF-8 on one line without control characters of at most USER_NAME_MAX characters; else -1. */
__attribute__((warn_unused_result)) int user_name_check(const char *name);

#endif
