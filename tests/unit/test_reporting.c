/*
 * test_reporting: domain/reporting.h — who must report on a campaign: never
 * the region, every municipality when the list is empty, absent or not a
 * list, else the listed ones; the bad inputs (NULL code, codes that are not
 * strings, a campaign that is not an object); and the sorted set answers
 * exactly as the one-shot rule.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "domain/reporting.h"

static json_t *
campaign(const char *json)
{
	json_error_t e;
	json_t *c = json_loads(json, 0, &e);

	assert_non_null(c);
	return c;
}

/* Both forms of the rule, which must agree. */
static int
must(const json_t *c, const char *code, int is_root)
{
	struct reporting_units set;
	int one = reporting_must_report(c, code, is_root), many;

	reporting_units_init(&set, c);
	many = reporting_units_has(&set, code, is_root);
	reporting_units_release(&set);
	assert_int_equal(one, many);
	return one;
}

static void
test_every_municipality(void **state)
{
	static const char *const docs[] = {"{}", "{\"org_units\": []}", "{\"org_units\": null}",
					   "{\"org_units\": \"artem\"}"};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(docs) / sizeof(docs[0]); i++) {
		json_t *c = campaign(docs[i]);

		assert_int_equal(must(c, "artem", 0), 1);
		assert_int_equal(must(c, "primorsky", 1), 0); /* the region never reports */
		assert_int_equal(must(c, NULL, 0), 0);
		json_decref(c);
	}
	/* Not a campaign object at all: every municipality, as for an empty list. */
	assert_int_equal(must(NULL, "artem", 0), 1);
}

static void
test_listed(void **state)
{
	json_t *c = campaign("{\"org_units\": [\"nakhodka\", 5, \"artem\", null, \"vladivostok\"]}");

	(void)state;
	assert_int_equal(must(c, "artem", 0), 1);
	assert_int_equal(must(c, "nakhodka", 0), 1);
	assert_int_equal(must(c, "vladivostok", 0), 1);
	assert_int_equal(must(c, "ussuriysk", 0), 0);
	assert_int_equal(must(c, "", 0), 0);
	assert_int_equal(must(c, "Artem", 0), 0); /* codes are exact */
	assert_int_equal(must(c, "artem", 1), 0);
	assert_int_equal(must(c, NULL, 0), 0);
	json_decref(c);
	/* A list of nothing but non-strings names no municipality. */
	c = campaign("{\"org_units\": [1, true]}");
	assert_int_equal(must(c, "artem", 0), 0);
	json_decref(c);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_every_municipality),
		cmocka_unit_test(test_listed),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
