/* Unit tests for util/tz: UTC offsets read from the system's tzdata. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "util/tz.h"

static void
test_vladivostok(void **state)
{
	int off = 0;

	(void)state;
	/* 2022-03-10T13:59:59Z: the Charter 2022 deadline, 23:59:59 in Vladivostok. */
	assert_int_equal(tz_offset("Asia/Vladivostok", 1646920799, &off), 0);
	assert_int_equal(off, 36000);
	/* 2012-07-01: Russia kept "permanent summer time", UTC+11 in Vladivostok. */
	assert_int_equal(tz_offset("Asia/Vladivostok", 1341100800, &off), 0);
	assert_int_equal(off, 39600);
}

static void
test_moscow_daylight_saving(void **state)
{
	int off = 0;

	(void)state;
	assert_int_equal(tz_offset("Europe/Moscow", 1278000000, &off), 0); /* July 2010: MSD */
	assert_int_equal(off, 4 * 3600);
	assert_int_equal(tz_offset("Europe/Moscow", 1262304000, &off), 0); /* January 2010: MSK */
	assert_int_equal(off, 3 * 3600);
	assert_int_equal(tz_offset("Europe/Moscow", 1700000000, &off), 0); /* 2023 */
	assert_int_equal(off, 3 * 3600);
	assert_int_equal(tz_offset("UTC", 1700000000, &off), 0);
	assert_int_equal(off, 0);
}

static void
test_bad_zones(void **state)
{
	int off = 12345;

	(void)state;
	assert_int_equal(tz_offset("Asia/Atlantis", 0, &off), -1);
	assert_int_equal(tz_offset("../../etc/passwd", 0, &off), -1);
	assert_int_equal(tz_offset("/etc/passwd", 0, &off), -1);
	assert_int_equal(tz_offset("", 0, &off), -1);
	assert_int_equal(tz_offset("Азия/Владивосток", 0, &off), -1);
	assert_int_equal(off, 12345);
}

static int
teardown(void **state)
{
	(void)state;
	tz_release();
	return 0;
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_vladivostok),
		cmocka_unit_test(test_moscow_daylight_saving),
		cmocka_unit_test(test_bad_zones),
	};

	return cmocka_run_group_tests(tests, NULL, teardown);
}
