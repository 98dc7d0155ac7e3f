/*
 * test_recipients: mail/recipients.h — a municipality's addresses (the org
 * unit's, the report's contact, its active coordinators, in that order),
 * the reviewers of a submitted report (--notify-to, then active admins),
 * each once whatever its case, in the form the mailer sends to (an IDN
 * domain in punycode); and the bad inputs: an address the mailer cannot
 * send to, a disabled user, a coordinator of another unit, a missing
 * contact, no users at all.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "mail/recipients.h"

static json_t *
users(void)
{
	return json_pack("[{s:s, s:s, s:s}, {s:s, s:s, s:s, s:b}, {s:s, s:s, s:s}, {s:s, s:s}, {s:s, s:s},"
			 " {s:s, s:s, s:b}]",
			 "role", "coordinator", "org_unit", "2501", "email", "Coord@Mail.ru", /* active */
			 "role", "coordinator", "org_unit", "2501", "email", "off@mail.ru", "disabled", 1,
			 "role", "coordinator", "org_unit", "2502", "email",
			 "other@mail.ru", /* another unit */
			 "role", "admin", "email", "admin@primorsky.ru", /* */
			 "role", "juror", "email", "juror@mail.ru", /* */
			 "role", "admin", "email", "old@primorsky.ru", "disabled", 1);
}

static void
assert_list(const json_t *got, const char *const *want, size_t n)
{
	size_t i;

	assert_int_equal(json_array_size(got), n);
	for (i = 0; i < n; i++)
		assert_string_equal(json_string_value(json_array_get(got, i)), want[i]);
}

static void
test_unit(void **state)
{
	static const char *const want[] = {"glava@xn--80aalqabyj2ajl4c8g.xn--p1ai", "contact@mail.ru",
					   "Coord@mail.ru"}; /* the domain lowercased */
	json_t *u = json_pack("{s:s, s:s}", "code", "2501", "email", "glava@администрация.рф");
	json_t *data = json_pack("{s:{s:s}}", "contact", "email", "contact@mail.ru");
	json_t *us = users(), *got;

	(void)state;
	got = recipients_unit(u, data, us);
	assert_list(got, want, 3);
	json_decref(got);
	json_decref(u);
	json_decref(data);
	json_decref(us);
}

static void
test_unit_once_and_invalid(void **state)
{
	static const char *const want[] = {"coord@mail.ru"};
	json_t *u = json_pack("{s:s, s:s}", "code", "2501", "email", "coord@mail.ru");
	json_t *data = json_pack("{s:{s:s}}", "contact", "email", "почта@админ.рф"); /* not sendable */
	json_t *us = users(), *got;

	(void)state;
	got = recipients_unit(u, data, us); /* Coord@Mail.ru is the same address */
	assert_list(got, want, 1);
	json_decref(got);
	json_decref(u);
	json_decref(data);
	json_decref(us);
}

static void
test_unit_nothing(void **state)
{
	json_t *u = json_pack("{s:s}", "code", "2503"), *got;

	(void)state;
	got = recipients_unit(u, NULL, NULL);
	assert_int_equal(json_array_size(got), 0);
	json_decref(got);
	json_decref(u);
}

static void
test_submitted(void **state)
{
	static const char *const want[] = {"review@primorsky.ru", "admin@primorsky.ru"};
	char *notify[] = {"review@primorsky.ru", "REVIEW@primorsky.ru", "bad", NULL};
	json_t *us = users(), *got;

	(void)state;
	got = recipients_submitted(notify, us);
	assert_list(got, want, 2);
	json_decref(got);
	got = recipients_submitted(NULL, NULL);
	assert_int_equal(json_array_size(got), 0);
	json_decref(got);
	json_decref(us);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_unit),
		cmocka_unit_test(test_unit_once_and_invalid),
		cmocka_unit_test(test_unit_nothing),
		cmocka_unit_test(test_submitted),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
