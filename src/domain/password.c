/*
 * password: the new-password policy, the login syntax and the role names.
 * Messages are tables indexed by the enums and sized by their __MAX
 * sentinels; the tests check that every code has a message.
 */
#include "domain/password.h"

#include <stdlib.h>
#include <string.h>

#include "domain/text.h"

static const char *const password_messages[PASSWORD__MAX] = {
	[PASSWORD_OK] = "Пароль подходит.",
	[PASSWORD_TOO_SHORT] = "Пароль должен содержать не менее 12 символов.",
	[PASSWORD_TOO_LONG] = "Пароль должен содержать не более 128 символов.",
	[PASSWORD_SAME_AS_LOGIN] = "Пароль не должен совпадать с логином.",
	[PASSWORD_INVALID_UTF8] = "Пароль содержит недопустимые символы.",
};

static const char *const login_messages[PASSWORD_LOGIN__MAX] = {
	[PASSWORD_LOGIN_OK] = "Логин подходит.",
	[PASSWORD_LOGIN_TOO_SHORT] = "Логин должен содержать не менее 3 символов.",
	[PASSWORD_LOGIN_TOO_LONG] = "Логин должен содержать не более 64 символов.",
	[PASSWORD_LOGIN_BAD_CHAR] =
		"Логин может содержать только латинские буквы, цифры, точку, дефис и знак подчёркивания.",
	[PASSWORD_LOGIN_BAD_START] = "Логин должен начинаться с латинской буквы или цифры.",
};

static const struct {
	const char *code;
	const char *name;
} roles[PASSWORD_ROLE__MAX] = {
	[PASSWORD_ROLE_ADMIN] = {"admin", "администратор"},
	[PASSWORD_ROLE_COORDINATOR] = {"coordinator", "координатор"},
	[PASSWORD_ROLE_JUROR] = {"juror", "член жюри"},
};

enum password_rc
password_check(const char *password, const char *login)
{
	size_t n = strlen(password), count;

	if (utf8_grapheme_count(password, n, &count) < 0)
		return PASSWORD_INVALID_UTF8;
	if (count < PASSWORD_LEN_MIN)
		return PASSWORD_TOO_SHORT;
	if (count > PASSWORD_LEN_MAX)
		return PASSWORD_TOO_LONG;
	if (login != NULL && text_fold_equal(password, login))
		return PASSWORD_SAME_AS_LOGIN;
	return PASSWORD_OK;
}

const char *
password_message(enum password_rc rc)
{
	if ((unsigned)rc >= PASSWORD__MAX)
		abort();
	return password_messages[rc];
}

static int
login_char(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-';
}

enum password_login_rc
password_login_check(const char *login, char *out, size_t outsz)
{
	size_t n = strlen(login), i;
	unsigned char c;

	/* Non-ASCII bytes are BAD_CHAR, so bytes count characters from here on. */
	for (i = 0; i < n; i++) {
		c = (unsigned char)login[i];
		if (c >= 'A' && c <= 'Z')
			c = (unsigned char)(c - 'A' + 'a');
		if (!login_char(c))
			return PASSWORD_LOGIN_BAD_CHAR;
	}
	if (n < PASSWORD_LOGIN_MIN)
		return PASSWORD_LOGIN_TOO_SHORT;
	if (n > PASSWORD_LOGIN_MAX)
		return PASSWORD_LOGIN_TOO_LONG;
	if (login[0] == '.' || login[0] == '_' || login[0] == '-')
		return PASSWORD_LOGIN_BAD_START;
	if (out != NULL) {
		if (outsz < n + 1)
			abort(); /* programmer error: see the header */
		for (i = 0; i < n; i++) {
			c = (unsigned char)login[i];
			out[i] = (char)((c >= 'A' && c <= 'Z') ? c - 'A' + 'a' : c);
		}
		out[n] = '\0';
	}
	return PASSWORD_LOGIN_OK;
}

const char *
password_login_message(enum password_login_rc rc)
{
	if ((unsigned)rc >= PASSWORD_LOGIN__MAX)
		abort();
	return login_messages[rc];
}

int
password_role_parse(const char *s, enum password_role *role)
{
	int r;

	for (r = 0; s != NULL && r < PASSWORD_ROLE__MAX; r++) {
		if (strcmp(s, roles[r].code) == 0) {
			*role = (enum password_role)r;
			return 0;
		}
	}
	return -1;
}

const char *
password_role_code(enum password_role role)
{
	if ((unsigned)role >= PASSWORD_ROLE__MAX)
		abort();
	return roles[role].code;
}

const char *
password_role_name(enum password_role role)
{
	if ((unsigned)role >= PASSWORD_ROLE__MAX)
		abort();
	return roles[role].name;
}
