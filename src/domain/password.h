/*
 * password: the rules for accounts that do not need a secret to check:
 * the new-password policy, the login syntax and the user roles.
 *
 * Invariants: a password is 12 to 128 Unicode code points of valid UTF-8
 * (counted as written, not after normalization), not equal to the login
 * under case folding; there are no composition rules (NIST SP 800-63B). A
 * login is 3 to 64 characters of [a-z0-9._-] starting with a letter or a
 * digit, stored lowercased. Hashing (crypto_pwhash_str) is not here: domain/
 * does not link libsodium; the web layer hashes after password_check() says
 * PASSWORD_OK. Every message is a static Russian string, never NULL.
 */
#ifndef SVODKA_DOMAIN_PASSWORD_H
#define SVODKA_DOMAIN_PASSWORD_H

#include <stddef.h>

/* Passwords are counted in user-perceived characters (utf8_grapheme_count), as their messages say. */
#define PASSWORD_LEN_MIN 12 /* characters */
#define PASSWORD_LEN_MAX 128 /* characters */
#define PASSWORD_LOGIN_MIN 3
#define PASSWORD_LOGIN_MAX 64 /* ASCII only: bytes and characters agree */

enum password_rc {
	PASSWORD_OK,
	PASSWORD_TOO_SHORT,
	PASSWORD_TOO_LONG,
	PASSWORD_SAME_AS_LOGIN,
	PASSWORD_INVALID_UTF8,
	PASSWORD__MAX
};

enum password_login_rc {
	PASSWORD_LOGIN_OK,
	PASSWORD_LOGIN_TOO_SHORT,
	PASSWORD_LOGIN_TOO_LONG,
	PASSWORD_LOGIN_BAD_CHAR, /* outside [A-Za-z0-9._-] */
	PASSWORD_LOGIN_BAD_START, /* first character is . _ or - */
	PASSWORD_LOGIN__MAX
};

enum password_role {
	PASSWORD_ROLE_ADMIN,
	PASSWORD_ROLE_COORDINATOR,
	PASSWORD_ROLE_JUROR,
	PASSWORD_ROLE__MAX
};

/*
 * Checks a new password against the policy. `login` may be NULL (no login
 * comparison). Checks run in the order: valid UTF-8, too short, too long,
 * same as login.
 */
__attribute__((warn_unused_result)) enum password_rc password_check(const char *password, const char *login);

/* «Пароль должен содержать не менее 12 символов.» and so on. */
const char *password_message(enum password_rc rc);

/*
 * Checks `login` and, when it is valid, writes its lowercased form to
 * out[0..outsz) (outsz must be at least PASSWORD_LOGIN_MAX + 1; out may be
 * NULL to only check).
 */
__attribute__((warn_unused_result)) enum password_login_rc password_login_check(const char *login, char *out,
										size_t outsz);

/* «Логин должен содержать от 3 до 64 символов.» and so on. */
const char *password_login_message(enum password_login_rc rc);

/* "admin", "coordinator", "juror" → *role: 0, or -1 for anything else (NULL too). */
__attribute__((warn_unused_result)) int password_role_parse(const char *s, enum password_role *role);

/* The code stored and sent in the API: "admin", "coordinator", "juror". */
const char *password_role_code(enum password_role role);

/* The Russian name: «администратор», «координатор», «член жюри». */
const char *password_role_name(enum password_role role);

#endif
