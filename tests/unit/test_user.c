/*
 * test_user: domain/user.h — a new account's login (lowercased), name,
 * role and municipality, and the bad inputs: no login, a bad one, a name
 * over USER_NAME_MAX characters or on two lines or not UTF-8, an unknown
 * role, a coordinator without a municipality; a municipality given to
 * another role is dropped.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "domain/user.h"

static enum user_field
check(const char *login, const char *name, const char *role, const char *unit, struct user_checked *out,
      const char **msg)
{
	*msg = NULL;
	return user_new_check(
		&(struct user_new){.login = login, .name = name, .role = role, .org_unit = unit}, out, msg);
}

static void
test_good(void **state)
{
	struct user_checked u;
	const char *msg;

	(void)state;
	assert_int_equal(check("Artem.Coord", "Анна Ёлкина", "coordinator", "artem", &u, &msg), USER_OK);
	assert_string_equal(u.login, "artem.coord");
	assert_int_equal(u.role, PASSWORD_ROLE_COORDINATOR);
	assert_string_equal(u.name, "Анна Ёлкина");
	assert_string_equal(u.org_unit, "artem");
	/* Another role has no municipality, even when one is given; an empty name is none. */
	assert_int_equal(check("admin2", "", "admin", "artem", &u, &msg), USER_OK);
	assert_null(u.org_unit);
	assert_null(u.name);
	assert_int_equal(check("juror1", NULL, "juror", NULL, &u, &msg), USER_OK);
	assert_int_equal(u.role, PASSWORD_ROLE_JUROR);
	assert_null(u.org_unit);
	/* A juror may come from a municipality: the contest keeps that municipality's entries from the juror. */
	assert_int_equal(check("juror2", NULL, "juror", "artem", &u, &msg), USER_OK);
	assert_string_equal(u.org_unit, "artem");
	assert_int_equal(check("juror3", NULL, "juror", "", &u, &msg), USER_OK);
	assert_null(u.org_unit);
	assert_true(user_role_has_unit(PASSWORD_ROLE_COORDINATOR));
	assert_false(user_role_has_unit(PASSWORD_ROLE_ADMIN));
	assert_false(user_role_has_unit(PASSWORD_ROLE_JUROR));
}

static void
test_bad(void **state)
{
	struct user_checked u;
	const char *msg;
	char name[2 * 201 + 1];
	size_t i;

	(void)state;
	assert_int_equal(check(NULL, NULL, "admin", NULL, &u, &msg), USER_LOGIN);
	assert_non_null(strstr(msg, "Укажите логин"));
	assert_int_equal(check("ab", NULL, "admin", NULL, &u, &msg), USER_LOGIN);
	assert_int_equal(check("a b c", NULL, "admin", NULL, &u, &msg), USER_LOGIN);
	assert_int_equal(check("логин", NULL, "admin", NULL, &u, &msg), USER_LOGIN);
	assert_int_equal(check("admin2", "Анна\nЁлкина", "admin", NULL, &u, &msg), USER_NAME);
	assert_string_equal(msg, "Имя: не более 200 символов.");
	assert_int_equal(check("admin2", "\xd0", "admin", NULL, &u, &msg), USER_NAME);
	assert_int_equal(check("admin2", "a\x01", "admin", NULL, &u, &msg), USER_NAME);
	for (i = 0; i < 200; i++)
		memcpy(name + 2 * i, "ж", 2);
	name[400] = '\0';
	assert_int_equal(check("admin2", name, "admin", NULL, &u, &msg), USER_OK);
	memcpy(name + 400, "ж", 3);
	assert_int_equal(check("admin2", name, "admin", NULL, &u, &msg), USER_NAME);
	assert_int_equal(check("admin2", NULL, NULL, NULL, &u, &msg), USER_ROLE);
	assert_int_equal(check("admin2", NULL, "emperor", NULL, &u, &msg), USER_ROLE);
	assert_int_equal(check("admin2", NULL, "Admin", NULL, &u, &msg), USER_ROLE);
	assert_non_null(strstr(msg, "Выберите роль"));
	assert_int_equal(check("coord1", NULL, "coordinator", NULL, &u, &msg), USER_ORG_UNIT);
	assert_int_equal(check("coord1", NULL, "coordinator", "", &u, &msg), USER_ORG_UNIT);
	assert_string_equal(msg, "Координатору нужно указать муниципалитет.");
	/* The first field at fault wins. */
	assert_int_equal(check("ab", "Анна\nЁлкина", "emperor", NULL, &u, &msg), USER_LOGIN);
	assert_string_equal(user_field_code(USER_ORG_UNIT), "org_unit");
	assert_string_equal(user_field_code(USER_LOGIN), "login");
}

/* Who acts for a role and a municipality: active, that role, that unit. */
static void
test_acts_for(void **state)
{
	json_t *coord =
		json_pack("{s:s, s:s, s:b}", "role", "coordinator", "org_unit", "nakhodka", "disabled", 0);
	json_t *off =
		json_pack("{s:s, s:s, s:b}", "role", "coordinator", "org_unit", "nakhodka", "disabled", 1);
	json_t *admin = json_pack("{s:s, s:n, s:b}", "role", "admin", "org_unit", "disabled", 0);
	json_t *odd = json_pack("{s:s}", "role", "root");
	json_t *none = json_object();

	(void)state;
	assert_true(user_acts_for(coord, PASSWORD_ROLE_COORDINATOR, "nakhodka"));
	assert_true(user_acts_for(coord, PASSWORD_ROLE_COORDINATOR, NULL));
	assert_false(user_acts_for(coord, PASSWORD_ROLE_COORDINATOR, "artem"));
	assert_false(user_acts_for(coord, PASSWORD_ROLE_ADMIN, NULL));
	assert_false(user_acts_for(off, PASSWORD_ROLE_COORDINATOR, "nakhodka")); /* disabled */
	assert_true(user_acts_for(admin, PASSWORD_ROLE_ADMIN, NULL));
	assert_false(user_acts_for(admin, PASSWORD_ROLE_ADMIN, "nakhodka")); /* no unit */
	assert_false(user_acts_for(odd, PASSWORD_ROLE_ADMIN, NULL));
	assert_false(user_acts_for(none, PASSWORD_ROLE_COORDINATOR, NULL));
	json_decref(coord);
	json_decref(off);
	json_decref(admin);
	json_decref(odd);
	json_decref(none);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_good),
		cmocka_unit_test(test_bad),
		cmocka_unit_test(test_acts_for),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
