/*
 * test_civil: util/civil.h — calendar edge cases (leap years, 2022-02-30,
 * 2022-13-01, before 1970), exact readers that refuse near misses, Russian
 * date wording, local days and times at an offset (negative instants too),
 * and instants shown in a named zone with the zone named.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "util/civil.h"
#include "util/tz.h"

static void
test_dates(void **state)
{
	int64_t d;
	int y, m, dd;

	(void)state;
	assert_int_equal(civil_date_parse("1970-01-01", &d), 0);
	assert_int_equal(d, 0);
	assert_int_equal(civil_date_parse("1969-12-31", &d), 0);
	assert_int_equal(d, -1);
	assert_int_equal(civil_date_parse("2000-03-01", &d), 0);
	assert_int_equal(d, 11017);
	assert_int_equal(civil_date_parse("2022-03-10", &d), 0);
	assert_int_equal(d, 19061);
	assert_int_equal(civil_date_parse("2024-02-29", &d), 0); /* leap */
	assert_int_equal(civil_date_parse("2000-02-29", &d), 0); /* divisible by 400 */
	assert_int_equal(civil_date_parse("2023-02-29", &d), -1);
	assert_int_equal(civil_date_parse("1900-02-29", &d), -1); /* divisible by 100 */
	assert_int_equal(civil_date_parse("2022-02-30", &d), -1);
	assert_int_equal(civil_date_parse("2022-04-31", &d), -1);
	assert_int_equal(civil_date_parse("2022-13-01", &d), -1);
	assert_int_equal(civil_date_parse("2022-00-10", &d), -1);
	assert_int_equal(civil_date_parse("2022-01-00", &d), -1);
	assert_int_equal(civil_date_parse("0000-01-01", &d), -1);
	assert_int_equal(civil_date_parse("2022-1-01", &d), -1);
	assert_int_equal(civil_date_parse("2022-01-01 ", &d), -1);
	assert_int_equal(civil_date_parse("2022/01/01", &d), -1);
	assert_int_equal(civil_date_parse("+022-01-01", &d), -1);
	assert_int_equal(civil_date_parse("", &d), -1);
	/* Round trip over the whole supported range, stepping by a prime. */
	for (d = civil_days_from_date(1, 1, 1); d <= civil_days_from_date(9999, 12, 31); d += 997) {
		civil_date_from_days(d, &y, &m, &dd);
		assert_int_equal(civil_days_from_date(y, m, dd), d);
	}
	civil_date_from_days(civil_days_from_date(2024, 2, 29) + 1, &y, &m, &dd);
	assert_true(y == 2024 && m == 3 && dd == 1);
}

static void
test_formats(void **state)
{
	char b[CIVIL_PERIOD_TEXT_MAX], small[8];
	int64_t s, e;

	(void)state;
	assert_int_equal(civil_date_parse("2022-02-08", &s), 0);
	assert_int_equal(civil_date_parse("2022-03-08", &e), 0);
	assert_int_equal(civil_date_format(s, b, sizeof(b)), 0);
	assert_string_equal(b, "08.02.2022");
	assert_int_equal(civil_date_format_iso(e, b, sizeof(b)), 0);
	assert_string_equal(b, "2022-03-08");
	assert_int_equal(civil_date_format(s, small, sizeof(small)), -1);
	assert_int_equal(civil_period_format(s, e, b, sizeof(b)), 0);
	assert_string_equal(b, "8 февраля – 8 марта 2022 г.");
	assert_int_equal(civil_period_format(s, s + 20, b, sizeof(b)), 0);
	assert_string_equal(b, "8–28 февраля 2022 г.");
	assert_int_equal(civil_period_format(s, s, b, sizeof(b)), 0);
	assert_string_equal(b, "8 февраля 2022 г.");
	assert_int_equal(civil_period_format(civil_days_from_date(2021, 12, 28),
					     civil_days_from_date(2022, 1, 10), b, sizeof(b)),
			 0);
	assert_string_equal(b, "28 декабря 2021 г. – 10 января 2022 г.");
	assert_int_equal(civil_period_format(civil_days_from_date(2022, 5, 1),
					     civil_days_from_date(2022, 11, 30), b, sizeof(b)),
			 0);
	assert_string_equal(b, "1 мая – 30 ноября 2022 г.");
	/* The longest wording fits CIVIL_PERIOD_TEXT_MAX. */
	assert_int_equal(civil_period_format(civil_days_from_date(9998, 9, 30),
					     civil_days_from_date(9999, 9, 30), b, sizeof(b)),
			 0);
	assert_int_equal(civil_period_format(e, s, b, sizeof(b)), -1);
	assert_int_equal(civil_period_format(s, e, small, sizeof(small)), -1);
}

static void
test_times(void **state)
{
	int secs = -1;

	(void)state;
	assert_int_equal(civil_time_parse("00:00:00", &secs), 0);
	assert_int_equal(secs, 0);
	assert_int_equal(civil_time_parse("23:59:59", &secs), 0);
	assert_int_equal(secs, 86399);
	assert_int_equal(civil_time_parse("24:00:00", &secs), -1);
	assert_int_equal(civil_time_parse("12:60:00", &secs), -1);
	assert_int_equal(civil_time_parse("12:00:60", &secs), -1);
	assert_int_equal(civil_time_parse("9:00:00", &secs), -1);
	assert_int_equal(civil_time_parse("12:00", &secs), -1);
	assert_int_equal(civil_time_parse("12-00-00", &secs), -1);
	assert_int_equal(civil_time_parse("", &secs), -1);
	assert_int_equal(civil_date_valid(2024, 2, 29), 1);
	assert_int_equal(civil_date_valid(2023, 2, 29), 0);
	assert_int_equal(civil_date_valid(0, 1, 1), 0);
	assert_int_equal(civil_date_valid(10000, 1, 1), 0);
	assert_int_equal(civil_date_valid(2022, 0, 1), 0);
	assert_int_equal(civil_date_valid(2022, 13, 1), 0);
}

/* 2022-03-10T13:59:59Z is 23:59:59 in Vladivostok (UTC+10): the Charter deadline. */
static void
test_instants(void **state)
{
	char b[CIVIL_ZONED_TEXT_MAX], small[8];
	int64_t days;
	int secs;

	(void)state;
	assert_int_equal(civil_local_day(1646920799, 36000), 19061);
	assert_int_equal(civil_local_day(1646920800, 36000), 19062);
	assert_int_equal(civil_local_day(-1, 0), -1);
	assert_int_equal(civil_local_day(0, -3600), -1);
	civil_local(-1, 0, &days, &secs);
	assert_true(days == -1 && secs == 86399);
	assert_int_equal(civil_instant_format(1646920799, 36000, b, sizeof(b)), 0);
	assert_string_equal(b, "10.03.2022 23:59");
	assert_int_equal(civil_instant_format(-60, 0, b, sizeof(b)), 0);
	assert_string_equal(b, "31.12.1969 23:59");
	assert_int_equal(civil_instant_format(1646920799, 36000, small, sizeof(small)), -1);
	assert_string_equal(small, "");
}

static void
test_zones(void **state)
{
	char b[CIVIL_ZONED_TEXT_MAX], small[16];

	(void)state;
	/* 2022-03-05T02:00:00Z: the demo clock, 12:00 in Vladivostok. */
	assert_int_equal(civil_instant_format_zone(1646445600, "Asia/Vladivostok", b, sizeof(b)), 0);
	assert_string_equal(b, "05.03.2022 12:00 (Владивосток, UTC+10)");
	assert_int_equal(civil_instant_format_zone(1646445600, "Europe/Moscow", b, sizeof(b)), 0);
	assert_string_equal(b, "05.03.2022 05:00 (Москва, UTC+3)");
	assert_int_equal(civil_instant_format_zone(1646445600, "UTC", b, sizeof(b)), 0);
	assert_string_equal(b, "05.03.2022 02:00 (UTC)");
	/* A zone without a Russian name is named by its offset, minutes too. */
	assert_int_equal(civil_instant_format_zone(1646445600, "Asia/Kolkata", b, sizeof(b)), 0);
	assert_string_equal(b, "05.03.2022 07:30 (UTC+5:30)");
	assert_int_equal(civil_instant_format_zone(1646445600, "America/New_York", b, sizeof(b)), 0);
	assert_string_equal(b, "04.03.2022 21:00 (UTC-5)");
	/* The offset is the zone's at that instant: Vladivostok was UTC+11 in 2012. */
	assert_int_equal(civil_instant_format_zone(1341100800, "Asia/Vladivostok", b, sizeof(b)), 0);
	assert_string_equal(b, "01.07.2012 11:00 (Владивосток, UTC+11)");
	/* Unknown zones, bad names, NULL and a short buffer are refused, the output emptied. */
	assert_int_equal(civil_instant_format_zone(0, "Mars/Olympus", b, sizeof(b)), -1);
	assert_string_equal(b, "");
	assert_int_equal(civil_instant_format_zone(0, "../etc/passwd", b, sizeof(b)), -1);
	assert_int_equal(civil_instant_format_zone(0, "", b, sizeof(b)), -1);
	assert_int_equal(civil_instant_format_zone(0, NULL, b, sizeof(b)), -1);
	assert_int_equal(civil_instant_format_zone(1646445600, "Asia/Vladivostok", small, sizeof(small)), -1);
	assert_string_equal(small, "");
	assert_string_equal(civil_zone_name("Asia/Kamchatka"), "Петропавловск-Камчатский");
	assert_null(civil_zone_name("Asia/Tokyo"));
	assert_null(civil_zone_name(NULL));
	tz_release();
}

static void
test_date_input(void **state)
{
	int64_t d = 0;

	(void)state;
	assert_int_equal(civil_date_input(NULL, &d), -1);
	assert_int_equal(civil_date_input("2023-02-08", &d), 0);
	assert_true(d == civil_days_from_date(2023, 2, 8));
	assert_int_equal(civil_date_input("08.02.2023", &d), 0);
	assert_true(d == civil_days_from_date(2023, 2, 8));
	assert_int_equal(civil_date_input(" 8.2.2023 ", &d), 0);
	assert_true(d == civil_days_from_date(2023, 2, 8));
	assert_int_equal(civil_date_input("29.02.2024", &d), 0);
	assert_true(d == civil_days_from_date(2024, 2, 29));
	assert_int_equal(civil_date_input("29.02.2023", &d), -1);
	assert_int_equal(civil_date_input("2023-02-30", &d), -1);
	assert_int_equal(civil_date_input("31.04.2023", &d), -1);
	assert_int_equal(civil_date_input("08.02.23", &d), -1);
	assert_int_equal(civil_date_input("08/02/2023", &d), -1);
	assert_int_equal(civil_date_input("08.02.2023.", &d), -1);
	assert_int_equal(civil_date_input("008.02.2023", &d), -1);
	assert_int_equal(civil_date_input(".02.2023", &d), -1);
	assert_int_equal(civil_date_input("8 февраля 2023", &d), -1);
	assert_int_equal(civil_date_input("", &d), -1);
	assert_int_equal(civil_date_input("   ", &d), -1);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_dates), cmocka_unit_test(test_formats),
		cmocka_unit_test(test_times), cmocka_unit_test(test_instants),
		cmocka_unit_test(test_zones), cmocka_unit_test(test_date_input),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
