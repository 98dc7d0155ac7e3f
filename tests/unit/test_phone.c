/*
 * test_phone: domain/phone.h — every usual Russian way of writing a number
 * normalizes to +7XXXXXXXXXX; extensions are kept apart; letters, other
 * countries, unassigned codes, local numbers and wrong digit counts are
 * rejected with a message that shows a valid example.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "domain/phone.h"

static void
ok(const char *in, const char *e164, const char *ext)
{
	struct phone p;
	enum phone_rc rc = phone_parse(in, &p);

	if (rc != PHONE_OK)
		fail_msg("%s: rejected (%d)", in, (int)rc);
	assert_string_equal(p.e164, e164);
	assert_string_equal(p.ext, ext);
}

static void
bad(const char *in, enum phone_rc want)
{
	struct phone p;
	enum phone_rc rc = phone_parse(in, &p);

	if (rc != want)
		fail_msg("%s: got %d, want %d", in, (int)rc, (int)want);
}

static void
test_usual_forms(void **state)
{
	(void)state;
	ok("8 (423) 222-22-22", "+74232222222", "");
	ok("+7 423 222 22 22", "+74232222222", "");
	ok("8-914-700-00-00", "+79147000000", "");
	ok("84232222222", "+74232222222", "");
	ok("+7(914)7000000", "+79147000000", "");
	ok("7 914 700 00 00", "+79147000000", "");
	ok("914 700-00-00", "+79147000000", "");
	ok("8.914.700.00.00", "+79147000000", "");
	ok("  +7 (4232) 22-22-22  ", "+74232222222", "");
	ok("8\xc2\xa0"
	   "914\xc2\xa0"
	   "700\xe2\x80\x91"
	   "00-00",
	   "+79147000000", ""); /* nbsp, U+2011 */
	ok("8 800 100-00-00", "+78001000000", "");
	ok("8 (301) 222-33-44", "+73012223344", "");
}

static void
test_extensions(void **state)
{
	(void)state;
	ok("8 (423) 222-22-22 доб. 123", "+74232222222", "123");
	ok("8 (423) 222-22-22, доб 45", "+74232222222", "45");
	ok("+7 423 222-22-22 ДОБ.7", "+74232222222", "7");
	ok("+7 423 222-22-22 Доб. 123456", "+74232222222", "123456");
	ok("+7 423 222-22-22 д. 12", "+74232222222", "12");
	ok("+7 423 222-22-22 ext. 12", "+74232222222", "12");
	ok("+7 423 222-22-22 x12", "+74232222222", "12");
	ok("+7 423 222-22-22 #12", "+74232222222", "12");
	ok("+7 423 222-22-22 добавочный 3", "+74232222222", "3");
	bad("+7 423 222-22-22 доб.", PHONE_EXT);
	bad("+7 423 222-22-22 доб. 1234567", PHONE_EXT);
	bad("+7 423 222-22-22 доб. 12а", PHONE_EXT);
	bad("+7 423 222-22-22 звонить вечером", PHONE_BAD_CHAR);
}

static void
test_rejected(void **state)
{
	(void)state;
	bad("", PHONE_EMPTY);
	bad("   ", PHONE_EMPTY);
	bad("222-22-22", PHONE_LOCAL);
	bad("22-22-22", PHONE_LOCAL);
	bad("8 914 700 0", PHONE_DIGITS);
	bad("8 914 700 00 000", PHONE_DIGITS);
	bad("+7 914 700 00 0", PHONE_DIGITS);
	bad("+7 914 700 00 000", PHONE_DIGITS);
	bad("+380 44 123 45 67", PHONE_COUNTRY);
	bad("+1 212 555 0100", PHONE_COUNTRY);
	bad("+8 914 700 00 00", PHONE_COUNTRY);
	bad("+7 727 123 45 67", PHONE_CODE); /* Almaty, Kazakhstan */
	bad("8 (012) 345-67-89", PHONE_CODE);
	bad("8 (123) 456-78-90", PHONE_CODE);
	bad("8 (523) 456-78-90", PHONE_CODE);
	bad("8 914 7OO OO OO", PHONE_BAD_CHAR); /* letters O */
	bad("тел. 8 914 700 00 00", PHONE_BAD_CHAR);
	bad("8 914 700 00 00 +", PHONE_BAD_CHAR);
	bad("8 (914 700 00 00", PHONE_BAD_CHAR);
	bad("8 914) 700 00 00", PHONE_BAD_CHAR);
	bad("8 (914) (700) 00 00", PHONE_BAD_CHAR);
	bad("8 914\n700 00 00", PHONE_BAD_CHAR);
	bad("7+914 700 00 00", PHONE_BAD_CHAR);
}

static void
test_messages_and_format(void **state)
{
	struct phone p;
	int rc;

	(void)state;
	for (rc = PHONE_EMPTY; rc < PHONE_RC__MAX; rc++) {
		const char *m = phone_reason((enum phone_rc)rc);

		assert_non_null(strstr(m, "+7 423 222-22-22"));
	}
	assert_string_equal(phone_reason(PHONE_OK), "");
	assert_int_equal(phone_parse("8 (423) 222-22-22 доб. 123", &p), PHONE_OK);
	assert_string_equal(p.e164, "+74232222222");
	assert_string_equal(p.ext, "123");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_usual_forms),
		cmocka_unit_test(test_extensions),
		cmocka_unit_test(test_rejected),
		cmocka_unit_test(test_messages_and_format),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
