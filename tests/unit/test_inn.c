/*
 * test_inn: domain/inn.h — real, publicly known INNs and OGRNs pass (each
 * also recomputed here by an independent reference of the published
 * algorithm), 12-digit INNs computed by that reference pass, and every bad
 * shape is rejected for the right reason: a wrong check digit, wrong length,
 * letters, all zeros; surrounding white space is tolerated.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "domain/inn.h"

/* Reference: weighted sum mod 11 mod 10. */
static int
ref_digit(const char *d, const int *w, int n)
{
	int s = 0, i;

	for (i = 0; i < n; i++)
		s += w[i] * (d[i] - '0');
	return s % 11 % 10;
}

static int
ref_inn10_ok(const char *d)
{
	static const int w[] = {2, 4, 10, 3, 5, 9, 4, 6, 8};

	return strlen(d) == 10 && ref_digit(d, w, 9) == d[9] - '0';
}

static void
test_real_organizations(void **state)
{
	/* Сбербанк, Яндекс, администрация г. Владивостока, Банк ВТБ. */
	static const char *const inns[] = {"7707083893", "7736207543", "2504001783", "7702070139"};
	char out[INN_TEXT_MAX];
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(inns) / sizeof(inns[0]); i++) {
		assert_true(ref_inn10_ok(inns[i]));
		assert_int_equal(inn_check(inns[i], out), INN_OK);
		assert_string_equal(out, inns[i]);
	}
}

static void
test_twelve_digits(void **state)
{
	/* Computed with the reference below from the first ten digits. */
	static const int w11[] = {7, 2, 4, 10, 3, 5, 9, 4, 6, 8};
	static const int w12[] = {3, 7, 2, 4, 10, 3, 5, 9, 4, 6, 8};
	static const char *const inns[] = {"254012345692", "770712345633", "253600000157"};
	char out[INN_TEXT_MAX], bad[13];
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(inns) / sizeof(inns[0]); i++) {
		assert_int_equal(ref_digit(inns[i], w11, 10), inns[i][10] - '0');
		assert_int_equal(ref_digit(inns[i], w12, 11), inns[i][11] - '0');
		assert_int_equal(inn_check(inns[i], out), INN_OK);
		assert_string_equal(out, inns[i]);
		/* Each of the two check digits matters on its own. */
		memcpy(bad, inns[i], 13);
		bad[10] = (char)('0' + (bad[10] - '0' + 1) % 10);
		assert_int_equal(inn_check(bad, out), INN_CHECKSUM);
		memcpy(bad, inns[i], 13);
		bad[11] = (char)('0' + (bad[11] - '0' + 1) % 10);
		assert_int_equal(inn_check(bad, out), INN_CHECKSUM);
	}
}

static void
test_spaces_tolerated(void **state)
{
	char out[INN_TEXT_MAX];

	(void)state;
	assert_int_equal(inn_check("  7707083893\t", out), INN_OK);
	assert_string_equal(out, "7707083893");
	assert_int_equal(inn_check("\xc2\xa0"
				   "7707083893\xc2\xa0",
				   out),
			 INN_OK); /* no-break spaces */
	assert_int_equal(inn_check("7707 083893", out), INN_NOT_DIGITS);
}

static void
test_bad(void **state)
{
	char out[INN_TEXT_MAX] = "untouched";

	(void)state;
	assert_int_equal(inn_check("2540000001", out), INN_CHECKSUM);
	assert_string_equal(out, "untouched");
	assert_int_equal(inn_check("7707083894", out), INN_CHECKSUM);
	assert_int_equal(inn_check("", out), INN_EMPTY);
	assert_int_equal(inn_check("   ", out), INN_EMPTY);
	assert_int_equal(inn_check("770708389", out), INN_LENGTH);
	assert_int_equal(inn_check("77070838931", out), INN_LENGTH);
	assert_int_equal(inn_check("1234567890123456789", out), INN_LENGTH);
	assert_int_equal(inn_check("77070838a3", out), INN_NOT_DIGITS);
	assert_int_equal(inn_check("-707083893", out), INN_NOT_DIGITS);
	assert_int_equal(inn_check("７７０７０８３８９３", out), INN_NOT_DIGITS); /* fullwidth digits */
	assert_int_equal(inn_check("0000000000", out), INN_ZEROS);
	assert_int_equal(inn_check("000000000000", out), INN_ZEROS);
	assert_int_equal(inn_check("00000", out), INN_LENGTH);
	assert_string_equal(out, "untouched");
}

static void
test_messages(void **state)
{
	char msg[INN_MESSAGE_MAX], tiny[8];

	(void)state;
	assert_int_equal(inn_message(INN_CHECKSUM, "ИНН", " 2540000001 ", msg, sizeof(msg)), 0);
	assert_string_equal(msg, "ИНН 2540000001: не сходится контрольная цифра — проверьте номер");
	assert_int_equal(inn_message(INN_LENGTH, "ИНН", "123", msg, sizeof(msg)), 0);
	assert_non_null(strstr(msg, "10 цифр"));
	assert_non_null(strstr(msg, "12 цифр"));
	assert_int_equal(inn_message(INN_LENGTH, "ОГРН", "123", msg, sizeof(msg)), 0);
	assert_string_equal(msg, "ОГРН 123: номер должен состоять из 13 цифр");
	/* Non-ASCII input is not echoed. */
	assert_int_equal(inn_message(INN_NOT_DIGITS, "ИНН", "абв", msg, sizeof(msg)), 0);
	assert_string_equal(msg, "ИНН: номер должен состоять только из цифр");
	assert_int_equal(inn_message(INN_CHECKSUM, "ИНН", "2540000001", tiny, sizeof(tiny)), -1);
	assert_string_equal(inn_reason(INN_OK, "ИНН"), "");
}

static void
test_ogrn(void **state)
{
	char out[INN_TEXT_MAX];

	(void)state;
	/* Сбербанк's OGRN; the reference: first 12 digits mod 11, last digit. */
	assert_int_equal(1027700132195 / 10 % 11 % 10, 5);
	assert_int_equal(inn_ogrn_check("1027700132195", out), INN_OK);
	assert_string_equal(out, "1027700132195");
	assert_int_equal(inn_ogrn_check("1027700132196", out), INN_CHECKSUM);
	assert_int_equal(inn_ogrn_check("102770013219", out), INN_LENGTH);
	assert_int_equal(inn_ogrn_check("0000000000000", out), INN_ZEROS);
	assert_int_equal(inn_ogrn_check("10277001321x5", out), INN_NOT_DIGITS);
	/* OGRNIP: first 14 digits mod 13, last digit (computed: 30425360000001 mod 13 = 5). */
	assert_int_equal(30425360000001 % 13 % 10, 5);
	assert_int_equal(inn_ogrnip_check("304253600000015", out), INN_OK);
	assert_int_equal(inn_ogrnip_check("312254000000172", out), INN_OK);
	assert_int_equal(inn_ogrnip_check("304253600000016", out), INN_CHECKSUM);
	assert_int_equal(inn_ogrnip_check("1027700132195", out), INN_LENGTH);
	/* An OGRN is not an INN and the reverse. */
	assert_int_equal(inn_check("1027700132195", out), INN_LENGTH);
	assert_int_equal(inn_ogrn_check("7707083893", out), INN_LENGTH);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_real_organizations), cmocka_unit_test(test_twelve_digits),
		cmocka_unit_test(test_spaces_tolerated),   cmocka_unit_test(test_bad),
		cmocka_unit_test(test_messages),           cmocka_unit_test(test_ogrn),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
