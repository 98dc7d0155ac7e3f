/* Unit tests for util/num: strict request integers, and what they refuse. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "util/num.h"

static void
test_accepted(void **state)
{
	int64_t v = 0;

	(void)state;
	assert_int_equal(num_parse_i64("0", 0, 10, &v), 0);
	assert_int_equal(v, 0);
	assert_int_equal(num_parse_i64("12", 1, 1000, &v), 0);
	assert_int_equal(v, 12);
	assert_int_equal(num_parse_i64("007", 0, 10, &v), 0);
	assert_int_equal(v, 7);
	assert_int_equal(num_parse_i64("-5", -10, 10, &v), 0);
	assert_int_equal(v, -5);
	assert_int_equal(num_parse_i64("9223372036854775807", INT64_MIN, INT64_MAX, &v), 0);
	assert_true(v == INT64_MAX);
	assert_int_equal(num_parse_i64("-9223372036854775808", INT64_MIN, INT64_MAX, &v), 0);
	assert_true(v == INT64_MIN);
	assert_int_equal(num_parse_i64("1000", 1, 1000, &v), 0); /* the bounds are inclusive */
	assert_int_equal(v, 1000);
}

static void
test_refused(void **state)
{
	static const char *const bad[] = {
		"",
		"-",
		"12abc",
		"abc",
		" 12",
		"12 ",
		"+12",
		"0x10",
		"1e3",
		"1.5",
		"1,5",
		"--1",
		"١٢",
		"9223372036854775808",
		"-9223372036854775809",
		"99999999999999999999999",
	};
	int64_t v = 42;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		assert_int_equal(num_parse_i64(bad[i], INT64_MIN, INT64_MAX, &v), -1);
		assert_int_equal(v, 42); /* untouched */
	}
	assert_int_equal(num_parse_i64(NULL, 0, 10, &v), -1);
	assert_int_equal(num_parse_i64("0", 1, 10, &v), -1);
	assert_int_equal(num_parse_i64("11", 1, 10, &v), -1);
	assert_int_equal(num_parse_i64("-1", 0, 10, &v), -1);
	assert_int_equal(v, 42);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_accepted),
		cmocka_unit_test(test_refused),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
