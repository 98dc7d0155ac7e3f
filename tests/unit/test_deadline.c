/*
 * test_deadline: domain/deadline.h — the Charter 2022 deadline to the
 * second (2022-03-10 23:59:59 at UTC+10 is on time, one second later is
 * late), the lock instant and lock exceptions at their boundaries, and the
 * date window widened by grace_days; the deadline in a campaign's zone
 * with the zone lookup passed in.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "domain/campaign.h"
#include "domain/deadline.h"
#include "util/civil.h"

static json_t *
charter(int lock_days, int grace_days)
{
	json_t *c = json_pack("{s:{s:s,s:s},s:s,s:s,s:i,s:i}", "period", "start", "2022-02-08", "end",
			      "2022-03-08", "report_due", "2022-03-10", "report_due_time", "23:59:59",
			      "lock_after_days", lock_days, "grace_days", grace_days);

	assert_non_null(c);
	return c;
}

static int64_t
day(const char *iso)
{
	int64_t d;

	assert_int_equal(civil_date_parse(iso, &d), 0);
	return d;
}

static void
test_charter_boundary(void **state)
{
	json_t *c = charter(0, 0);
	struct deadline d;

	(void)state;
	assert_int_equal(deadline_from_campaign(c, 36000, &d), 0);
	/* 2022-03-10 23:59:59 local = 2022-03-10T13:59:59Z. */
	assert_int_equal(d.due, 1646920799);
	assert_false(deadline_is_late(d.due, 1646920799));
	assert_false(deadline_is_late(d.due, 1646920799 - 86400 * 30));
	/* 2022-03-11 00:00:00 local is late. */
	assert_true(deadline_is_late(d.due, 1646920800));
	assert_int_equal(d.lock, DEADLINE_NEVER);
	assert_false(deadline_is_locked(d.lock, INT64_MAX - 1, DEADLINE_NO_EXCEPTION));
	/* The local day of the boundary seconds. */
	assert_int_equal(civil_local_day(1646920799, 36000), day("2022-03-10"));
	assert_int_equal(civil_local_day(1646920800, 36000), day("2022-03-11"));
	assert_int_equal(civil_local_day(-1, 0), -1);
	json_decref(c);
}

static void
test_lock(void **state)
{
	json_t *c = charter(5, 0);
	struct deadline d;
	int64_t e;

	(void)state;
	assert_int_equal(deadline_from_campaign(c, 36000, &d), 0);
	assert_int_equal(d.lock, 1646920799 + 5 * 86400);
	assert_int_equal(deadline_lock_instant(1646920799, 5), d.lock);
	assert_int_equal(deadline_lock_instant(1646920799, 0), DEADLINE_NEVER);
	assert_int_equal(deadline_lock_instant(1646920799, -3), DEADLINE_NEVER);
	assert_int_equal(deadline_lock_instant(INT64_MAX - 10, 1), DEADLINE_NEVER);
	assert_false(deadline_is_locked(d.lock, d.lock, DEADLINE_NO_EXCEPTION));
	assert_true(deadline_is_locked(d.lock, d.lock + 1, DEADLINE_NO_EXCEPTION));
	/* An exception until E keeps it open through E, not a second longer. */
	e = d.lock + 3600;
	assert_false(deadline_is_locked(d.lock, d.lock + 1, e));
	assert_false(deadline_is_locked(d.lock, e, e));
	assert_true(deadline_is_locked(d.lock, e + 1, e));
	/* An exception that ended before the lock changes nothing. */
	assert_true(deadline_is_locked(d.lock, d.lock + 1, d.lock - 100));
	json_decref(c);
}

static void
test_window(void **state)
{
	json_t *c = charter(0, 0), *g = charter(0, 2);
	struct deadline d;

	(void)state;
	assert_int_equal(deadline_from_campaign(c, 36000, &d), 0);
	assert_true(deadline_date_ok(&d, day("2022-02-08")));
	assert_true(deadline_date_ok(&d, day("2022-03-08")));
	assert_false(deadline_date_ok(&d, day("2022-02-07")));
	assert_false(deadline_date_ok(&d, day("2022-03-09")));
	assert_int_equal(deadline_from_campaign(g, 36000, &d), 0);
	assert_int_equal(d.grace_days, 2);
	assert_true(deadline_date_ok(&d, day("2022-02-06")));
	assert_true(deadline_date_ok(&d, day("2022-03-10")));
	assert_false(deadline_date_ok(&d, day("2022-02-05")));
	assert_false(deadline_date_ok(&d, day("2022-03-11")));
	/* Grace widens dates only: the due instant does not move. */
	assert_int_equal(d.due, 1646920799);
	json_decref(c);
	json_decref(g);
}

static void
test_bad_campaign(void **state)
{
	json_t *c = charter(0, 0);
	struct deadline d;

	(void)state;
	assert_int_equal(deadline_from_campaign(c, 19 * 3600, &d), -1);
	assert_int_equal(json_object_set_new(c, "grace_days", json_integer(-1)), 0);
	assert_int_equal(deadline_from_campaign(c, 36000, &d), -1);
	assert_int_equal(json_object_set_new(c, "grace_days", json_string("2")), 0);
	assert_int_equal(deadline_from_campaign(c, 36000, &d), -1);
	assert_int_equal(json_object_del(c, "grace_days"), 0);
	assert_int_equal(deadline_from_campaign(c, 36000, &d), 0);
	assert_int_equal(d.grace_days, 0);
	assert_int_equal(json_object_set_new(c, "report_due", json_string("2022-02-30")), 0);
	assert_int_equal(deadline_from_campaign(c, 36000, &d), -1);
	assert_int_equal(json_object_del(c, "report_due"), 0);
	assert_int_equal(deadline_from_campaign(c, 36000, &d), -1);
	json_decref(c);
}

/* The --clock syntax: ISO 8601 with an explicit offset, and nothing else. */
static void
test_instant_parse(void **state)
{
	int64_t t = -1;
	int32_t off = 1;
	char out[32];

	(void)state;
	assert_int_equal(deadline_instant_parse("2022-03-05T12:00:00+10:00", &t, &off), DEADLINE_INSTANT_OK);
	assert_int_equal(t, 1646445600);
	assert_int_equal(off, 36000);
	assert_int_equal(deadline_instant_parse("2022-03-05T02:00:00Z", &t, &off), DEADLINE_INSTANT_OK);
	assert_int_equal(t, 1646445600);
	assert_int_equal(off, 0);
	assert_int_equal(deadline_instant_parse("2022-03-04t21:30:00-04:30", &t, NULL), DEADLINE_INSTANT_OK);
	assert_int_equal(t, 1646445600);
	/* The charter's due instant, and the second after it. */
	assert_int_equal(deadline_instant_parse("2022-03-10T23:59:59+10:00", &t, NULL), DEADLINE_INSTANT_OK);
	assert_int_equal(t, 1646920799);
	assert_int_equal(deadline_instant_parse("2022-03-11T00:00:00+10:00", &t, NULL), DEADLINE_INSTANT_OK);
	assert_int_equal(t, 1646920800);
	assert_int_equal(deadline_instant_parse("1970-01-01T00:00:00Z", &t, NULL), DEADLINE_INSTANT_OK);
	assert_int_equal(t, 0);
	assert_int_equal(deadline_instant_parse("2024-02-29T23:59:59+18:00", &t, NULL), DEADLINE_INSTANT_OK);

	assert_int_equal(deadline_instant_format(1646445600, 36000, out, sizeof(out)), 0);
	assert_string_equal(out, "2022-03-05T12:00:00+10:00");
	assert_int_equal(deadline_instant_format(1646445600, 0, out, sizeof(out)), 0);
	assert_string_equal(out, "2022-03-05T02:00:00Z");
	assert_int_equal(deadline_instant_format(1646445600, -16200, out, sizeof(out)), 0);
	assert_string_equal(out, "2022-03-04T21:30:00-04:30");
	assert_int_equal(deadline_instant_format(1646445600, 36000, out, 25), -1);
	assert_int_equal(deadline_instant_format(1646445600, 36001, out, sizeof(out)), -1);
	assert_int_equal(deadline_instant_format(1646445600, 19 * 3600, out, sizeof(out)), -1);
}

static const struct {
	const char *in;
	enum deadline_instant_rc rc;
} bad_instants[] = {
	{"", DEADLINE_INSTANT_SYNTAX},
	{"now", DEADLINE_INSTANT_SYNTAX},
	{"2022-03-05", DEADLINE_INSTANT_SYNTAX},
	{"2022-03-05 12:00:00+10:00", DEADLINE_INSTANT_SYNTAX},
	{"2022-03-05T12:00+10:00", DEADLINE_INSTANT_SYNTAX},
	{"2022-3-5T12:00:00+10:00", DEADLINE_INSTANT_SYNTAX},
	{"20220305T120000+1000", DEADLINE_INSTANT_SYNTAX},
	{"2022-03-05T12:00:00.5+10:00", DEADLINE_INSTANT_SYNTAX},
	{"2022-03-05T12:00:00 +10:00", DEADLINE_INSTANT_SYNTAX},
	{"+2022-03-05T12:00:00Z", DEADLINE_INSTANT_SYNTAX},
	{"2022-03-05T12:00:00", DEADLINE_INSTANT_NO_OFFSET},
	{"2022-02-29T12:00:00+10:00", DEADLINE_INSTANT_DATE},
	{"2022-13-01T12:00:00Z", DEADLINE_INSTANT_DATE},
	{"2022-04-31T00:00:00Z", DEADLINE_INSTANT_DATE},
	{"0000-01-01T00:00:00Z", DEADLINE_INSTANT_DATE},
	{"2022-03-05T24:00:00Z", DEADLINE_INSTANT_TIME},
	{"2022-03-05T12:60:00Z", DEADLINE_INSTANT_TIME},
	{"2022-03-05T23:59:60Z", DEADLINE_INSTANT_TIME},
	{"2022-03-05T12:00:00+1000", DEADLINE_INSTANT_OFFSET},
	{"2022-03-05T12:00:00+10", DEADLINE_INSTANT_OFFSET},
	{"2022-03-05T12:00:00+10:00Z", DEADLINE_INSTANT_OFFSET},
	{"2022-03-05T12:00:00+19:00", DEADLINE_INSTANT_OFFSET},
	{"2022-03-05T12:00:00+10:60", DEADLINE_INSTANT_OFFSET},
	{"2022-03-05T12:00:00-1a:00", DEADLINE_INSTANT_OFFSET},
	{"2022-03-05T12:00:00ZZ", DEADLINE_INSTANT_SYNTAX},
	{"2022-03-05T12:00:00UTC", DEADLINE_INSTANT_SYNTAX},
	{"1969-12-31T23:59:59Z", DEADLINE_INSTANT_RANGE},
	{"1970-01-01T09:59:59+10:00", DEADLINE_INSTANT_RANGE},
};

static void
test_instant_parse_bad(void **state)
{
	int64_t t = 42;
	int32_t off = 42;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(bad_instants) / sizeof(bad_instants[0]); i++) {
		enum deadline_instant_rc rc = deadline_instant_parse(bad_instants[i].in, &t, &off);

		if (rc != bad_instants[i].rc)
			fail_msg("%s: got %d, want %d", bad_instants[i].in, rc, bad_instants[i].rc);
		assert_int_equal(t, 42);
		assert_int_equal(off, 42);
		assert_true(strlen(deadline_instant_message(rc)) > 5);
	}
}

/* A zone table for deadline_from_campaign_zone: Vladivostok is UTC+10, asked on the due date. */
static int
fake_zone(const char *zone, int64_t instant, int *offset)
{
	if (strcmp(zone, "Asia/Vladivostok") != 0)
		return -1;
	assert_int_equal(instant, day("2022-03-10") * 86400);
	*offset = 36000;
	return 0;
}

static void
test_campaign_zone(void **state)
{
	json_t *c = charter(0, 0);
	struct deadline d;
	int32_t off = 0;

	(void)state;
	assert_int_equal(json_object_set_new(c, "time_zone", json_string("Asia/Vladivostok")), 0);
	assert_int_equal(deadline_from_campaign_zone(c, fake_zone, &d, &off), 0);
	assert_int_equal(off, 36000);
	assert_int_equal(d.due, 1646920799);
	/* An unknown zone, no zone, a bad due date: unusable. */
	assert_int_equal(json_object_set_new(c, "time_zone", json_string("Mars/Olympus")), 0);
	assert_int_equal(deadline_from_campaign_zone(c, fake_zone, &d, &off), -1);
	assert_int_equal(json_object_del(c, "time_zone"), 0);
	assert_int_equal(deadline_from_campaign_zone(c, fake_zone, &d, &off), -1);
	assert_int_equal(json_object_set_new(c, "time_zone", json_string("Asia/Vladivostok")), 0);
	assert_int_equal(json_object_set_new(c, "report_due", json_string("2022-02-30")), 0);
	assert_int_equal(deadline_from_campaign_zone(c, fake_zone, &d, &off), -1);
	json_decref(c);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_charter_boundary), cmocka_unit_test(test_lock),
		cmocka_unit_test(test_window),           cmocka_unit_test(test_bad_campaign),
		cmocka_unit_test(test_instant_parse),    cmocka_unit_test(test_instant_parse_bad),
		cmocka_unit_test(test_campaign_zone),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
