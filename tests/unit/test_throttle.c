/*
 * test_throttle: domain/throttle.h — the 5th/6th attempt boundary, the exact
 * second the window lets go, the sliding window, success resets, per-prefix
 * rules, eviction of the oldest record when full, Cyrillic and overlong keys,
 * and rejected limits.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "domain/throttle.h"

#define T0 1646920799 /* any instant will do */

static void
init_default(struct throttle *t)
{
	struct throttle_limits l;

	throttle_limits_default(&l);
	l.seed = 0x5eed;
	assert_int_equal(throttle_init(t, &l), 0);
}

static void
test_fifth_sixth(void **state)
{
	struct throttle t;
	int64_t retry = -1;
	int i;

	(void)state;
	init_default(&t);
	assert_int_equal(throttle_check(&t, "login:ivanov", T0, &retry), THROTTLE_ALLOWED);
	assert_int_equal(retry, 0);
	/* Attempts 1..5 are allowed, each fails. */
	for (i = 0; i < 5; i++) {
		assert_int_equal(throttle_check(&t, "login:ivanov", T0 + i, &retry), THROTTLE_ALLOWED);
		throttle_fail(&t, "login:ivanov", T0 + i);
	}
	/* The 6th is blocked until 15 minutes after the first failure. */
	assert_int_equal(throttle_check(&t, "login:ivanov", T0 + 5, &retry), THROTTLE_BLOCKED);
	assert_int_equal(retry, 900 - 5);
	/* Other keys are untouched. */
	assert_int_equal(throttle_check(&t, "login:petrov", T0 + 5, &retry), THROTTLE_ALLOWED);
	assert_int_equal(throttle_check(&t, "ip:10.0.0.1", T0 + 5, &retry), THROTTLE_ALLOWED);
	throttle_release(&t);
}

static void
test_window_boundary(void **state)
{
	struct throttle t;
	int64_t retry = -1;
	int i;

	(void)state;
	init_default(&t);
	for (i = 0; i < 5; i++)
		throttle_fail(&t, "login:ivanov", T0);
	assert_int_equal(throttle_check(&t, "login:ivanov", T0 + 899, &retry), THROTTLE_BLOCKED);
	assert_int_equal(retry, 1);
	assert_int_equal(throttle_check(&t, "login:ivanov", T0 + 900, &retry), THROTTLE_ALLOWED);
	assert_int_equal(retry, 0);
	/* The failures at T0 no longer count: a new one at T0 + 900 is the only one in the window. */
	throttle_fail(&t, "login:ivanov", T0 + 900);
	assert_int_equal(throttle_check(&t, "login:ivanov", T0 + 900, &retry), THROTTLE_ALLOWED);
	for (i = 0; i < 4; i++)
		throttle_fail(&t, "login:ivanov", T0 + 901);
	assert_int_equal(throttle_check(&t, "login:ivanov", T0 + 901, &retry), THROTTLE_BLOCKED);
	assert_int_equal(retry, 899); /* until T0 + 900 + 900 */
	assert_int_equal(throttle_check(&t, "login:ivanov", T0 + 1799, &retry), THROTTLE_BLOCKED);
	assert_int_equal(throttle_check(&t, "login:ivanov", T0 + 1800, &retry), THROTTLE_ALLOWED);
	throttle_release(&t);
}

static void
test_sliding(void **state)
{
	struct throttle t;
	int64_t retry;

	(void)state;
	init_default(&t);
	/* Failures at 0, 100, 200, 300, 400: blocked until 900, then one slot frees. */
	throttle_fail(&t, "login:a", T0);
	throttle_fail(&t, "login:a", T0 + 100);
	throttle_fail(&t, "login:a", T0 + 200);
	throttle_fail(&t, "login:a", T0 + 300);
	assert_int_equal(throttle_check(&t, "login:a", T0 + 300, &retry), THROTTLE_ALLOWED);
	throttle_fail(&t, "login:a", T0 + 400);
	assert_int_equal(throttle_check(&t, "login:a", T0 + 400, &retry), THROTTLE_BLOCKED);
	assert_int_equal(retry, 500);
	assert_int_equal(throttle_check(&t, "login:a", T0 + 900, &retry), THROTTLE_ALLOWED);
	throttle_fail(&t, "login:a", T0 + 900);
	/* Now the 5 most recent are 100..400 and 900: blocked until 100 + 900. */
	assert_int_equal(throttle_check(&t, "login:a", T0 + 900, &retry), THROTTLE_BLOCKED);
	assert_int_equal(retry, 100);
	throttle_release(&t);
}

static void
test_success_resets(void **state)
{
	struct throttle t;
	int64_t retry;
	int i;

	(void)state;
	init_default(&t);
	for (i = 0; i < 5; i++)
		throttle_fail(&t, "login:ivanov", T0);
	assert_int_equal(throttle_size(&t), 1);
	assert_int_equal(throttle_check(&t, "login:ivanov", T0, &retry), THROTTLE_BLOCKED);
	throttle_success(&t, "login:ivanov");
	assert_int_equal(throttle_size(&t), 0);
	assert_int_equal(throttle_check(&t, "login:ivanov", T0, &retry), THROTTLE_ALLOWED);
	/* Four failures after the reset are still allowed, the fifth blocks. */
	for (i = 0; i < 4; i++)
		throttle_fail(&t, "login:ivanov", T0 + 1);
	assert_int_equal(throttle_check(&t, "login:ivanov", T0 + 1, &retry), THROTTLE_ALLOWED);
	throttle_fail(&t, "login:ivanov", T0 + 1);
	assert_int_equal(throttle_check(&t, "login:ivanov", T0 + 1, &retry), THROTTLE_BLOCKED);
	throttle_success(&t, "login:unknown"); /* no-op */
	assert_int_equal(throttle_size(&t), 1);
	throttle_release(&t);
}

static void
test_ip_rule(void **state)
{
	struct throttle t;
	int64_t retry;
	int i;

	(void)state;
	init_default(&t);
	for (i = 0; i < 29; i++)
		throttle_fail(&t, "ip:192.0.2.7", T0 + i);
	assert_int_equal(throttle_check(&t, "ip:192.0.2.7", T0 + 29, &retry), THROTTLE_ALLOWED);
	throttle_fail(&t, "ip:192.0.2.7", T0 + 29);
	assert_int_equal(throttle_check(&t, "ip:192.0.2.7", T0 + 29, &retry), THROTTLE_BLOCKED);
	assert_int_equal(retry, 900 - 29);
	/* A key no rule covers is never recorded nor blocked. */
	for (i = 0; i < 100; i++)
		throttle_fail(&t, "other:x", T0);
	assert_int_equal(throttle_check(&t, "other:x", T0, &retry), THROTTLE_ALLOWED);
	assert_int_equal(throttle_size(&t), 1);
	throttle_release(&t);
}

static void
test_eviction(void **state)
{
	struct throttle_limits l;
	struct throttle t;
	char key[64];
	int64_t retry;
	int i, j;

	(void)state;
	throttle_limits_default(&l);
	l.capacity = 8;
	assert_int_equal(throttle_init(&t, &l), 0);
	/* Fill: k0 is the oldest, then k1 … k7; k0 is touched last so k1 becomes the oldest. */
	for (i = 0; i < 8; i++) {
		int r = snprintf(key, sizeof(key), "login:k%d", i);

		assert_true(r > 0 && (size_t)r < sizeof(key));
		for (j = 0; j < 5; j++)
			throttle_fail(&t, key, T0 + i);
	}
	throttle_fail(&t, "login:k0", T0 + 10);
	assert_int_equal(throttle_size(&t), 8);
	/* A new key evicts k1 (least recently touched), not k0. */
	throttle_fail(&t, "login:new", T0 + 11);
	assert_int_equal(throttle_size(&t), 8);
	assert_int_equal(throttle_check(&t, "login:k1", T0 + 12, &retry), THROTTLE_ALLOWED);
	assert_int_equal(throttle_check(&t, "login:k0", T0 + 12, &retry), THROTTLE_BLOCKED);
	assert_int_equal(throttle_check(&t, "login:k2", T0 + 12, &retry), THROTTLE_BLOCKED);
	/* Churn through many more keys than slots: no crash, size stays bounded. */
	for (i = 0; i < 10000; i++) {
		int r = snprintf(key, sizeof(key), "ip:10.0.%d.%d", i / 256, i % 256);

		assert_true(r > 0 && (size_t)r < sizeof(key));
		throttle_fail(&t, key, T0 + 20 + i);
		if (i % 3 == 0)
			throttle_success(&t, key);
	}
	assert_true(throttle_size(&t) <= 8);
	throttle_release(&t);
}

static void
test_cyrillic_keys(void **state)
{
	struct throttle t;
	char longkey[400];
	int64_t retry;
	int i;

	(void)state;
	init_default(&t);
	for (i = 0; i < 5; i++)
		throttle_fail(&t, "login:Иванов", T0);
	assert_int_equal(throttle_check(&t, "login:Иванов", T0, &retry), THROTTLE_BLOCKED);
	/* Keys are bytes: another spelling is another record (the caller normalizes). */
	assert_int_equal(throttle_check(&t, "login:иванов", T0, &retry), THROTTLE_ALLOWED);
	assert_int_equal(throttle_check(&t, "login:Иванова", T0, &retry), THROTTLE_ALLOWED);
	assert_int_equal(throttle_check(&t, "login:Иван", T0, &retry), THROTTLE_ALLOWED);
	/* Long keys share their first THROTTLE_KEY_MAX bytes. */
	memset(longkey, 'x', sizeof(longkey) - 1);
	memcpy(longkey, "login:", 6);
	longkey[sizeof(longkey) - 1] = '\0';
	for (i = 0; i < 5; i++)
		throttle_fail(&t, longkey, T0);
	longkey[300] = 'y';
	assert_int_equal(throttle_check(&t, longkey, T0, &retry), THROTTLE_BLOCKED);
	longkey[50] = 'y';
	assert_int_equal(throttle_check(&t, longkey, T0, &retry), THROTTLE_ALLOWED);
	throttle_release(&t);
}

static void
test_bad_limits(void **state)
{
	struct throttle_limits l;
	struct throttle t;

	(void)state;
	throttle_limits_default(&l);
	l.capacity = 0;
	assert_int_equal(throttle_init(&t, &l), -1);
	throttle_limits_default(&l);
	l.rules[0].max_failures = 0;
	assert_int_equal(throttle_init(&t, &l), -1);
	throttle_limits_default(&l);
	l.rules[1].max_failures = THROTTLE_FAILURES_MAX + 1;
	assert_int_equal(throttle_init(&t, &l), -1);
	throttle_limits_default(&l);
	l.rules[0].window = 0;
	assert_int_equal(throttle_init(&t, &l), -1);
	throttle_limits_default(&l);
	l.nrules = 0;
	assert_int_equal(throttle_init(&t, &l), -1);
	throttle_limits_default(&l);
	memset(l.rules[0].prefix, 'a', sizeof(l.rules[0].prefix)); /* not terminated */
	assert_int_equal(throttle_init(&t, &l), -1);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_fifth_sixth),   cmocka_unit_test(test_window_boundary),
		cmocka_unit_test(test_sliding),       cmocka_unit_test(test_success_resets),
		cmocka_unit_test(test_ip_rule),       cmocka_unit_test(test_eviction),
		cmocka_unit_test(test_cyrillic_keys), cmocka_unit_test(test_bad_limits),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
