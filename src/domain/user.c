/* user: the rules for a new account (see user.h). */
#include "domain/user.h"

#include <string.h>

#include "domain/text.h"
#include "util/utf8.h"

int
user_role_has_unit(enum password_role role)
{
	return role == PASSWORD_ROLE_COORDINATOR;
}

int
user_name_check(const char *name)
{
	size_t n;

	if (name == NULL || *name == '\0')
		return 0;
	if (text_utf8_check(name, strlen(name), TEXT_NO_CONTROLS | TEXT_SINGLE_LINE) < 0 ||
	    utf8_grapheme_count(name, strlen(name), &n) < 0 || n > USER_NAME_MAX)
		return -1;
	return 0;
}

const char *
user_field_code(enum user_field f)
{
	switch (f) {
	case USER_OK: return "";
	case USER_LOGIN: return "login";
	case USER_NAME: return "name";
	case USER_ROLE: return "role";
	case USER_ORG_UNIT: return "org_unit";
	}
	return "";
}

enum user_field
user_new_check(const struct user_new *in, struct user_checked *out, const char **message)
{
	enum password_login_rc lrc;

	memset(out, 0, sizeof(*out));
	if (in->login == NULL) {
		*message = "Укажите логин: от 3 до 64 символов — латинские буквы, цифры, точка, дефис, "
			   "подчёркивание.";
		return USER_LOGIN;
	}
	if ((lrc = password_login_check(in->login, out->login, sizeof(out->login))) != PASSWORD_LOGIN_OK) {
		*message = password_login_message(lrc);
		return USER_LOGIN;
	}
	if (user_name_check(in->name) < 0) {
		*message = "Имя: не более 200 символов.";
		return USER_NAME;
	}
	out->name = in->name && *in->name ? in->name : NULL;
	if (in->role == NULL || password_role_parse(in->role, &out->role) < 0) {
		*message = "Выберите роль: администратор, координатор или член жюри.";
		return USER_ROLE;
	}
	/* A juror may come from a municipality (then never sees its contest entries); an admin never does. */
	if (out->role == PASSWORD_ROLE_JUROR) {
		out->org_unit = in->org_unit && *in->org_unit ? in->org_unit : NULL;
		return USER_OK;
	}
	if (!user_role_has_unit(out->role))
		return USER_OK;
	if (in->org_unit == NULL || *in->org_unit == '\0') {
		*message = "Координатору нужно указать муниципалитет.";
		return USER_ORG_UNIT;
	}
	out->org_unit = in->org_unit;
	return USER_OK;
}

int
user_acts_for(const json_t *user, enum password_role role, const char *unit)
{
	const char *org = json_string_value(json_object_get(user, "org_unit"));
	enum password_role r;

	if (json_is_true(json_object_get(user, "disabled")) ||
	    password_role_parse(json_string_value(json_object_get(user, "role")), &r) < 0 || r != role)
		return 0;
	return unit == NULL || (org != NULL && strcmp(org, unit) == 0);
}
