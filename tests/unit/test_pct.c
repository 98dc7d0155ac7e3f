/*
 * test_pct: util/pct.h — percent-decoding as paths and forms need it:
 * escapes in either case, '+' as a space only in forms, bad escapes ("%",
 * "%4", "%zz", "%4g") refused, "%00" refused for paths and kept for form
 * values, the decoded length reported for values that hold NUL.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "util/pct.h"

/* Decodes s with flags into a static buffer; NULL when refused. */
static const char *
dec(const char *s, unsigned flags, size_t *len)
{
	static char out[256];

	return pct_decode(s, strlen(s), flags, out, len) == 0 ? out : NULL;
}

static void
test_good(void **state)
{
	size_t n = 0;

	(void)state;
	assert_string_equal(dec("", 0, &n), "");
	assert_int_equal(n, 0);
	assert_string_equal(dec("abc", 0, NULL), "abc");
	assert_string_equal(dec("%41%62%2f", 0, NULL), "Ab/");
	assert_string_equal(dec("%2F%2f", 0, NULL), "//");
	assert_string_equal(dec("%D0%96", 0, &n), "Ж");
	assert_int_equal(n, 2);
	assert_string_equal(dec("a+b", 0, NULL), "a+b");
	assert_string_equal(dec("a+b", PCT_PLUS_SPACE, NULL), "a b");
	assert_string_equal(dec("a%2Bb", PCT_PLUS_SPACE, NULL), "a+b");
	assert_string_equal(dec("100%25", 0, NULL), "100%");
	assert_string_equal(dec("%25zz", 0, NULL), "%zz"); /* decoded once, never twice */
}

static void
test_bad(void **state)
{
	static const char *const bad[] = {"%", "a%", "%4", "a%4", "%zz", "%4g", "%g4", "%%41", "% 41", "%-1"};
	size_t k;

	(void)state;
	for (k = 0; k < sizeof(bad) / sizeof(bad[0]); k++) {
		assert_null(dec(bad[k], 0, NULL));
		assert_null(dec(bad[k], PCT_PLUS_SPACE | PCT_NO_NUL, NULL));
	}
}

/* %00: a path refuses it; a form value keeps it, and its length says so. */
static void
test_nul(void **state)
{
	const char *v;
	size_t n = 0;

	(void)state;
	assert_null(dec("a%00b", PCT_NO_NUL, NULL));
	assert_null(dec("%00", PCT_NO_NUL | PCT_PLUS_SPACE, NULL));
	assert_string_equal(dec("%01", PCT_NO_NUL, NULL), "\x01");
	v = dec("a%00b", PCT_PLUS_SPACE, &n);
	assert_non_null(v);
	assert_int_equal(n, 3);
	assert_memory_equal(v, "a\0b", 4);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_good),
		cmocka_unit_test(test_bad),
		cmocka_unit_test(test_nul),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
