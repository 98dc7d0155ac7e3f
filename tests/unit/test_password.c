/*
 * test_password: domain/password.h — the 12..128 code point bounds counted
 * in code points (Cyrillic is two bytes a letter), invalid UTF-8, the
 * case-folded login comparison, the login syntax and the role names.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "domain/password.h"

/* Writes `count` copies of the UTF-8 character `ch` into out. */
static const char *
repeat(char *out, size_t outsz, const char *ch, size_t count)
{
	size_t n = strlen(ch), i;

	assert_true(n * count < outsz);
	for (i = 0; i < count; i++)
		memcpy(out + i * n, ch, n);
	out[n * count] = '\0';
	return out;
}

static void
test_length_bounds(void **state)
{
	char b[1024];

	(void)state;
	assert_int_equal(password_check(repeat(b, sizeof(b), "a", 11), NULL), PASSWORD_TOO_SHORT);
	assert_int_equal(password_check(repeat(b, sizeof(b), "a", 12), NULL), PASSWORD_OK);
	assert_int_equal(password_check(repeat(b, sizeof(b), "a", 128), NULL), PASSWORD_OK);
	assert_int_equal(password_check(repeat(b, sizeof(b), "a", 129), NULL), PASSWORD_TOO_LONG);
	assert_int_equal(password_check("", NULL), PASSWORD_TOO_SHORT);
	/* 11 Cyrillic letters are 22 bytes but still too short; 12 are enough. */
	assert_int_equal(password_check(repeat(b, sizeof(b), "ж", 11), NULL), PASSWORD_TOO_SHORT);
	assert_int_equal(password_check(repeat(b, sizeof(b), "ж", 12), NULL), PASSWORD_OK);
	/* 128 letters of 2 bytes and 4 bytes are fine; 129 are not. */
	assert_int_equal(password_check(repeat(b, sizeof(b), "ё", 128), NULL), PASSWORD_OK);
	assert_int_equal(password_check(repeat(b, sizeof(b), "😀", 128), NULL), PASSWORD_OK);
	assert_int_equal(password_check(repeat(b, sizeof(b), "ё", 129), NULL), PASSWORD_TOO_LONG);
	/* No composition rules: spaces and a passphrase are fine. */
	assert_int_equal(password_check("зелёный чай без сахара", "ivanov"), PASSWORD_OK);
}

static void
test_invalid_utf8(void **state)
{
	(void)state;
	assert_int_equal(password_check("abcdefghijk\xff", NULL), PASSWORD_INVALID_UTF8);
	assert_int_equal(password_check("abcdefghijkl\xc0\xaf", NULL), PASSWORD_INVALID_UTF8);
	assert_int_equal(password_check("abcdefghijkl\xed\xa0\x80", NULL), PASSWORD_INVALID_UTF8);
	/* Invalid UTF-8 is reported before length. */
	assert_int_equal(password_check("\xd0", NULL), PASSWORD_INVALID_UTF8);
}

static void
test_same_as_login(void **state)
{
	(void)state;
	assert_int_equal(password_check("coordinator01", "coordinator01"), PASSWORD_SAME_AS_LOGIN);
	assert_int_equal(password_check("Coordinator01", "coordinator01"), PASSWORD_SAME_AS_LOGIN);
	assert_int_equal(password_check("COORDINATOR01", "coordinator01"), PASSWORD_SAME_AS_LOGIN);
	assert_int_equal(password_check("coordinator012", "coordinator01"), PASSWORD_OK);
	assert_int_equal(password_check("ПриморскийКрай", "приморскийкрай"), PASSWORD_SAME_AS_LOGIN);
	/* A short login equal to a short password is still TOO_SHORT first. */
	assert_int_equal(password_check("admin", "admin"), PASSWORD_TOO_SHORT);
}

static void
test_messages(void **state)
{
	int rc;

	(void)state;
	assert_string_equal(password_message(PASSWORD_TOO_SHORT),
			    "Пароль должен содержать не менее 12 символов.");
	assert_string_equal(password_message(PASSWORD_TOO_LONG),
			    "Пароль должен содержать не более 128 символов.");
	for (rc = 0; rc < PASSWORD__MAX; rc++) {
		assert_non_null(password_message((enum password_rc)rc));
		assert_true(strlen(password_message((enum password_rc)rc)) > 0);
	}
	for (rc = 0; rc < PASSWORD_LOGIN__MAX; rc++)
		assert_non_null(password_login_message((enum password_login_rc)rc));
}

static void
test_login(void **state)
{
	char out[PASSWORD_LOGIN_MAX + 1];
	char b[128];

	(void)state;
	assert_int_equal(password_login_check("Ivanov.A_1-x", out, sizeof(out)), PASSWORD_LOGIN_OK);
	assert_string_equal(out, "ivanov.a_1-x");
	assert_int_equal(password_login_check("abc", out, sizeof(out)), PASSWORD_LOGIN_OK);
	assert_int_equal(password_login_check("1st", NULL, 0), PASSWORD_LOGIN_OK);
	assert_int_equal(password_login_check("ab", out, sizeof(out)), PASSWORD_LOGIN_TOO_SHORT);
	assert_int_equal(password_login_check("", out, sizeof(out)), PASSWORD_LOGIN_TOO_SHORT);
	assert_int_equal(password_login_check(repeat(b, sizeof(b), "a", 64), out, sizeof(out)),
			 PASSWORD_LOGIN_OK);
	assert_int_equal(password_login_check(repeat(b, sizeof(b), "a", 65), out, sizeof(out)),
			 PASSWORD_LOGIN_TOO_LONG);
	assert_int_equal(password_login_check(".abc", out, sizeof(out)), PASSWORD_LOGIN_BAD_START);
	assert_int_equal(password_login_check("-abc", out, sizeof(out)), PASSWORD_LOGIN_BAD_START);
	assert_int_equal(password_login_check("_abc", out, sizeof(out)), PASSWORD_LOGIN_BAD_START);
	assert_int_equal(password_login_check("иванов", out, sizeof(out)), PASSWORD_LOGIN_BAD_CHAR);
	assert_int_equal(password_login_check("ivan ov", out, sizeof(out)), PASSWORD_LOGIN_BAD_CHAR);
	assert_int_equal(password_login_check("ivan@ov", out, sizeof(out)), PASSWORD_LOGIN_BAD_CHAR);
	/* Cyrillic «а» (U+0430) posing as Latin a. */
	assert_int_equal(password_login_check("\xd0\xb0"
					      "dmin",
					      out, sizeof(out)),
			 PASSWORD_LOGIN_BAD_CHAR);
}

static void
test_roles(void **state)
{
	enum password_role r = PASSWORD_ROLE__MAX;

	(void)state;
	assert_int_equal(password_role_parse("admin", &r), 0);
	assert_int_equal(r, PASSWORD_ROLE_ADMIN);
	assert_int_equal(password_role_parse("coordinator", &r), 0);
	assert_int_equal(r, PASSWORD_ROLE_COORDINATOR);
	assert_int_equal(password_role_parse("juror", &r), 0);
	assert_int_equal(r, PASSWORD_ROLE_JUROR);
	assert_int_equal(password_role_parse("Admin", &r), -1);
	assert_int_equal(password_role_parse("root", &r), -1);
	assert_int_equal(password_role_parse("", &r), -1);
	assert_string_equal(password_role_name(PASSWORD_ROLE_ADMIN), "администратор");
	assert_string_equal(password_role_name(PASSWORD_ROLE_COORDINATOR), "координатор");
	assert_string_equal(password_role_name(PASSWORD_ROLE_JUROR), "член жюри");
	assert_string_equal(password_role_code(PASSWORD_ROLE_JUROR), "juror");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_length_bounds), cmocka_unit_test(test_invalid_utf8),
		cmocka_unit_test(test_same_as_login), cmocka_unit_test(test_messages),
		cmocka_unit_test(test_login),         cmocka_unit_test(test_roles),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
