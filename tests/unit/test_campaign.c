/*
 * test_campaign: domain/campaign.c — data/charter-2022.json validates and
 * normalizes; each bad field (one mutation of the charter per case) names
 * its JSON path; the due instant around the boundary second; the org units
 * that must report; the rule that a form in use is retired, never deleted.
 * The checks of single values are in test_campaign_field.c.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "domain/campaign.h"
#include "util/civil.h"

/* Loads $SVODKA_SOURCE/data/charter-2022.json (the test may do I/O). */
static json_t *
charter_load(void)
{
	const char *root = getenv("SVODKA_SOURCE");
	char path[1024];
	json_error_t jerr;
	json_t *doc;
	int r;

	assert_non_null(root);
	r = snprintf(path, sizeof(path), "%s/data/charter-2022.json", root);
	assert_true(r > 0 && (size_t)r < sizeof(path));
	doc = json_load_file(path, 0, &jerr);
	if (doc == NULL)
		fail_msg("%s:%d: %s", path, jerr.line, jerr.text);
	return doc;
}

static void
test_charter_valid(void **state)
{
	struct campaign_error err;
	json_t *doc = charter_load(), *out = NULL, *again = NULL, *c;

	(void)state;
	if (campaign_validate(doc, &out, &err) != 0)
		fail_msg("charter rejected: %s", err.message);
	assert_string_equal(json_string_value(json_object_get(out, "slug")), "charter-2022");
	assert_string_equal(json_string_value(json_object_get(out, "title")), "Цифровая этика детства");
	assert_string_equal(json_string_value(json_object_get(out, "time_zone")), "Asia/Vladivostok");
	assert_string_equal(json_string_value(json_object_get(out, "report_due_time")), "23:59:59");
	assert_int_equal(json_array_size(json_object_get(out, "forms")), 8);
	assert_int_equal(json_array_size(json_object_get(out, "links")), 5);
	assert_int_equal(json_array_size(json_object_get(out, "principles")), 5);
	assert_string_equal(json_string_value(json_array_get(json_object_get(out, "hashtags"), 0)),
			    "#МояХартия");
	c = json_object_get(out, "contest");
	assert_non_null(c);
	assert_int_equal(json_array_size(json_object_get(c, "hashtags")), 3);
	assert_int_equal(json_array_size(json_object_get(c, "video_hosts")), 4);
	assert_true(json_integer_value(json_object_get(c, "age_min")) <=
		    json_integer_value(json_object_get(c, "age_max")));
	/* Validation is idempotent: the normalized copy validates to itself. */
	assert_int_equal(campaign_validate(out, &again, &err), 0);
	assert_true(json_equal(out, again));
	json_decref(again);
	json_decref(out);
	json_decref(doc);
}

/* reminders: kept as given, days sorted largest first, after_due defaulting to false. */
static void
test_reminders(void **state)
{
	struct campaign_error err;
	json_t *doc = charter_load(), *out = NULL, *r;

	(void)state;
	assert_int_equal(json_object_set_new(doc, "reminders",
					     json_pack("{s:[i], s:b}", "days_before", 3, "after_due", 1)),
			 0);
	if (campaign_validate(doc, &out, &err) != 0)
		fail_msg("charter rejected: %s", err.message);
	r = json_object_get(out, "reminders");
	assert_int_equal(json_array_size(json_object_get(r, "days_before")), 1);
	assert_int_equal(json_integer_value(json_array_get(json_object_get(r, "days_before"), 0)), 3);
	assert_true(json_is_true(json_object_get(r, "after_due")));
	json_decref(out);
	assert_int_equal(
		json_object_set_new(doc, "reminders", json_pack("{s:[i,i,i]}", "days_before", 1, 7, 3)), 0);
	if (campaign_validate(doc, &out, &err) != 0)
		fail_msg("rejected: %s", err.message);
	r = json_object_get(out, "reminders");
	assert_int_equal(json_integer_value(json_array_get(json_object_get(r, "days_before"), 0)), 7);
	assert_int_equal(json_integer_value(json_array_get(json_object_get(r, "days_before"), 1)), 3);
	assert_int_equal(json_integer_value(json_array_get(json_object_get(r, "days_before"), 2)), 1);
	assert_true(json_is_false(json_object_get(r, "after_due")));
	json_decref(out);
	/* null is the same as absent. */
	assert_int_equal(json_object_set_new(doc, "reminders", json_null()), 0);
	assert_int_equal(campaign_validate(doc, &out, &err), 0);
	assert_null(json_object_get(out, "reminders"));
	json_decref(out);
	json_decref(doc);
}

static void
test_normalized_defaults(void **state)
{
	struct campaign_error err;
	json_t *doc = charter_load(), *out = NULL, *vh;

	(void)state;
	json_object_del(doc, "report_due_time");
	json_object_del(doc, "lock_after_days");
	json_object_del(doc, "grace_days");
	json_object_del(doc, "contest");
	json_object_del(doc, "reminders");
	json_object_del(doc, "summary");
	assert_int_equal(json_object_set_new(doc, "title",
					     json_string("  Цифровая этика де\xd1\x82\xd1\x81\xd1\x82\xd0\xb2"
							 "\xd0\xb0\xc2\xa0")),
			 0);
	/* e + U+0308 in a form title is composed to ё. */
	assert_int_equal(json_object_set_new(json_array_get(json_object_get(doc, "forms"), 0), "title",
					     json_string("Ёлка и \xd0\xb5\xcc\x88жик")),
			 0);
	if (campaign_validate(doc, &out, &err) != 0)
		fail_msg("rejected: %s", err.message);
	assert_string_equal(json_string_value(json_object_get(out, "report_due_time")), "23:59:59");
	assert_int_equal(json_integer_value(json_object_get(out, "lock_after_days")), 0);
	assert_int_equal(json_integer_value(json_object_get(out, "grace_days")), 0);
	assert_null(json_object_get(out, "contest"));
	assert_null(json_object_get(out, "reminders"));
	assert_string_equal(json_string_value(json_object_get(out, "summary")), "");
	assert_string_equal(json_string_value(json_object_get(out, "title")), "Цифровая этика детства");
	assert_string_equal(
		json_string_value(json_object_get(json_array_get(json_object_get(out, "forms"), 0), "title")),
		"Ёлка и ёжик");
	assert_true(
		json_is_false(json_object_get(json_array_get(json_object_get(out, "forms"), 0), "retired")));
	json_decref(out);

	/* Host names are lowercased. */
	json_decref(doc);
	doc = charter_load();
	vh = json_array_get(json_object_get(json_object_get(doc, "contest"), "video_hosts"), 1);
	assert_int_equal(json_array_set_new(json_object_get(vh, "hosts"), 0, json_string("VK.COM")), 0);
	assert_int_equal(campaign_validate(doc, &out, &err), 0);
	vh = json_array_get(json_object_get(json_object_get(out, "contest"), "video_hosts"), 1);
	assert_string_equal(json_string_value(json_array_get(json_object_get(vh, "hosts"), 0)), "vk.com");
	json_decref(out);
	json_decref(doc);
}

/*
 * Sets (or, with json == NULL, deletes) the value at `path` ("a.b[2].c") in
 * doc. Test helper only: paths are trusted.
 */
static void
path_set(json_t *doc, const char *path, const char *json)
{
	char key[64];
	json_t *cur = doc, *val = NULL;
	const char *p = path;

	if (json != NULL) {
		json_error_t jerr;

		val = json_loads(json, JSON_DECODE_ANY, &jerr);
		if (val == NULL)
			fail_msg("bad test JSON %s: %s", json, jerr.text);
	}
	for (;;) {
		size_t n = strcspn(p, ".[");
		int last;

		if (n > 0) { /* an object key */
			assert_true(n < sizeof(key));
			memcpy(key, p, n);
			key[n] = '\0';
			p += n;
			last = *p == '\0';
			if (last) {
				if (val != NULL)
					assert_int_equal(json_object_set_new(cur, key, val), 0);
				else
					assert_int_equal(json_object_del(cur, key), 0);
				return;
			}
			cur = json_object_get(cur, key);
		} else if (*p == '[') {
			char *end;
			size_t i = strtoul(p + 1, &end, 10);

			p = end + 1;
			last = *p == '\0';
			if (last) {
				if (val != NULL)
					assert_int_equal(json_array_set_new(cur, i, val), 0);
				else
					assert_int_equal(json_array_remove(cur, i), 0);
				return;
			}
			cur = json_array_get(cur, i);
		}
		if (*p == '.')
			p++;
		assert_non_null(cur);
	}
}

static const struct bad_case {
	const char *set; /* path to change */
	const char *json; /* new value, NULL to delete */
	const char *expected; /* the path the error must name */
} bad_cases[] = {
	{"slug", "\"Charter 2022\"", "slug"},
	{"slug", "\"-charter\"", "slug"},
	{"slug", "\"x\"", "slug"},
	{"slug", "\"a123456789012345678901234567890123456789012345678901234567890123\"", "slug"},
	{"title", NULL, "title"},
	{"title", "\"   \"", "title"},
	{"title", "42", "title"},
	{"summary", "\"Текст\\u0007со звонком\"", "summary"},
	{"period", "\"2022-02-08..2022-03-08\"", "period"},
	{"period.start", "\"2022-02-30\"", "period.start"},
	{"period.start", "\"2022-13-01\"", "period.start"},
	{"period.start", "\"8.02.2022\"", "period.start"},
	{"period.end", "\"2022-02-07\"", "period.end"},
	{"period.finish", "\"2022-03-08\"", "period.finish"},
	{"time_zone", "\"Vladivostok time\"", "time_zone"},
	{"time_zone", "\"../../etc/passwd\"", "time_zone"},
	{"report_due", "\"2022-03-07\"", "report_due"},
	{"report_due", NULL, "report_due"},
	{"report_due_time", "\"24:00:00\"", "report_due_time"},
	{"report_due_time", "\"23:59\"", "report_due_time"},
	{"hashtags", "[\"#МояХартия\", \"#мояхартия\"]", "hashtags[1]"},
	{"hashtags", "[\"#МояХартия\", \"#МОЯХАРТИЯ\"]", "hashtags[1]"},
	{"hashtags", "[\"МояХартия\"]", "hashtags[0]"},
	{"hashtags", "[\"#Моя Хартия\"]", "hashtags[0]"},
	{"hashtags", "[\"#МояХартия\", 7]", "hashtags[1]"},
	{"hashtags", "\"#МояХартия\"", "hashtags"},
	{"links[2].url", "\"ftp://facebook.com/internetforkids.ru\"", "links[2].url"},
	{"links[0].url", "\"javascript:alert(1)\"", "links[0].url"},
	{"links[4].url", "\"https://t.me/internet forkids\"", "links[4].url"},
	{"links[1].title", NULL, "links[1].title"},
	{"forms[3].title", "\"\"", "forms[3].title"},
	{"forms[5].code", "\"posts\"", "forms[5].code"},
	{"forms[2].code", "\"Content\"", "forms[2].code"},
	{"forms[0].retired", "\"yes\"", "forms[0].retired"},
	{"forms[1]", "\"posts\"", "forms[1]"},
	{"forms[6].colour", "\"red\"", "forms[6].colour"},
	{"forms", "[]", "forms"},
	{"lock_after_days", "-1", "lock_after_days"},
	{"grace_days", "1.5", "grace_days"},
	{"colour", "\"red\"", "colour"},
	{"contest", "[]", "contest"},
	{"contest.entries_until", "\"2022-02-01\"", "contest.entries_until"},
	{"contest.entries_from", "\"2022-02-29\"", "contest.entries_from"},
	{"contest.rules", NULL, "contest.rules"},
	{"contest.hashtags[2]", "\"#цифровая-этика\"", "contest.hashtags[2]"},
	{"contest.video_hosts", "[]", "contest.video_hosts"},
	{"contest.video_hosts[1].hosts[0]", "\"vk com\"", "contest.video_hosts[1].hosts[0]"},
	{"contest.video_hosts[1].hosts[1]", "\"vk.com\"", "contest.video_hosts[1].hosts[1]"},
	{"contest.video_hosts[2].code", "\"tiktok\"", "contest.video_hosts[2].code"},
	{"contest.age_min", "121", "contest.age_min"},
	{"contest.age_max", "5", "contest.age_max"},
	{"contest.prise", "\"Поездка\"", "contest.prise"},
	{"contest.hashtags", "[]", "contest.hashtags"},
	{"contest.video_hosts[0].code", "\"youtube\"", "contest.video_hosts[0].code"},
	{"contest.video_hosts[0].hosts[1]", "\"youtube.com\"", "contest.video_hosts[0].hosts[1]"},
	{"contest.video_hosts[3].hosts[0]", "\"vk.com\"", "contest.video_hosts[3].hosts[0]"},
	{"contest.video_hosts[1].title", "\"\"", "contest.video_hosts[1].title"},
	{"contest.nominations", "{}", "contest.nominations"},
	{"contest.nominations[0].age_min", "6", "contest.nominations[0].age_min"},
	{"contest.nominations[2].age_max", "18", "contest.nominations[2].age_max"},
	{"contest.nominations[1].age_min", "10", "contest.nominations[1]"},
	{"contest.nominations[1].age_max", "10", "contest.nominations[1].age_max"},
	{"contest.nominations[2].age_max", "16", "contest.nominations"},
	{"contest.nominations[1].code", "\"age-7-10\"", "contest.nominations[1].code"},
	{"contest.nominations[0].title", NULL, "contest.nominations[0].title"},
	{"contest.nominations[0].colour", "\"red\"", "contest.nominations[0].colour"},
	{"contest.criteria", NULL, "contest.criteria"},
	{"contest.criteria", "[]", "contest.criteria"},
	{"contest.criteria[0].max", "0", "contest.criteria[0].max"},
	{"contest.criteria[1].max", "101", "contest.criteria[1].max"},
	{"contest.criteria[2].weight", "0", "contest.criteria[2].weight"},
	{"contest.criteria[2].weight", "2.5", "contest.criteria[2].weight"},
	{"contest.criteria[1].code", "\"principles\"", "contest.criteria[1].code"},
	{"contest.criteria[0].title", "\"\"", "contest.criteria[0].title"},
	{"contest.min_scores", "0", "contest.min_scores"},
	{"contest.z_normalize", "1", "contest.z_normalize"},
	{"contest.guardian_confirmation", "\"да\"", "contest.guardian_confirmation"},
	{"contest.retention_days", "0", "contest.retention_days"},
	{"contest.retention_days", "3651", "contest.retention_days"},
	{"contest.min_form_seconds", "601", "contest.min_form_seconds"},
	{"contest.min_form_seconds", "-1", "contest.min_form_seconds"},
	{"contest.prizes", "\"Поездка\"", "contest.prizes"},
	{"contest.prizes[1]", "\" \"", "contest.prizes[1]"},
	{"contest.consents", NULL, "contest.consents"},
	{"contest.consents", "\"согласен\"", "contest.consents"},
	{"contest.consents.version", NULL, "contest.consents.version"},
	{"contest.consents.processing", NULL, "contest.consents.processing"},
	{"contest.consents.publication", "\"\"", "contest.consents.publication"},
	{"contest.consents.guardian", "7", "contest.consents.guardian"},
	{"contest.consents.child", "\"Текст\\u0007\"", "contest.consents.child"},
	{"contest.consents.parent", "\"Текст\"", "contest.consents.parent"},
	{"org_units", "\"nakhodka\"", "org_units"},
	{"org_units", "[\"nakhodka\", \"artem\", \"nakhodka\"]", "org_units[2]"},
	{"org_units", "[\"Находка\"]", "org_units[0]"},
	{"org_units", "[\"nakhodka\", 5]", "org_units[1]"},
	{"org_units", "[\"\"]", "org_units[0]"},
	{"reminders", "[3]", "reminders"},
	{"reminders.days_before", "3", "reminders.days_before"},
	{"reminders.days_before", "[3, 0]", "reminders.days_before[1]"},
	{"reminders.days_before", "[61]", "reminders.days_before[0]"},
	{"reminders.days_before", "[3, 1, 3]", "reminders.days_before[2]"},
	{"reminders.days_before", "[\"3\"]", "reminders.days_before[0]"},
	{"reminders.days_before", "[1,2,3,4,5,6,7,8,9,10,11]", "reminders.days_before"},
	{"reminders.after_due", "1", "reminders.after_due"},
	{"reminders.after", "true", "reminders.after"},
};

/* Eleven criteria: one more than a contest may have. */
static void
test_contest_criteria_max(void **state)
{
	struct campaign_error err;
	json_t *doc = charter_load(), *out = NULL, *crit = json_array();
	char code[8];
	int i;

	(void)state;
	for (i = 0; i < 11; i++) {
		assert_true(snprintf(code, sizeof(code), "c%d", i) > 0);
		assert_int_equal(
			json_array_append_new(crit, json_pack("{s:s, s:s, s:i, s:i}", "code", code, "title",
							      "Критерий", "max", 10, "weight", 1)),
			0);
	}
	assert_int_equal(json_object_set(json_object_get(doc, "contest"), "criteria", crit), 0);
	assert_int_equal(campaign_validate(doc, &out, &err), -1);
	assert_string_equal(err.path, "contest.criteria");
	assert_string_equal(err.message, "Поле contest.criteria: должно содержать от 1 до 10 элементов");
	/* Ten are fine. */
	assert_int_equal(json_array_remove(crit, 10), 0);
	assert_int_equal(campaign_validate(doc, &out, &err), 0);
	assert_int_equal(json_array_size(json_object_get(json_object_get(out, "contest"), "criteria")), 10);
	json_decref(out);
	json_decref(crit);
	json_decref(doc);
}

/*
 * The contest block: the charter's settings as written, the defaults of
 * the optional ones, a platform's title from video.h, and the messages of
 * the rules that span several fields (nominations).
 */
static void
test_contest_block(void **state)
{
	struct campaign_error err;
	json_t *doc = charter_load(), *out = NULL, *c;
	static const char *const optional[] = {
		"nominations",    "min_scores",       "z_normalize", "guardian_confirmation",
		"retention_days", "min_form_seconds", "prizes",      "prize",
		"organiser"};
	size_t i;

	(void)state;
	assert_int_equal(campaign_validate(doc, &out, &err), 0);
	c = json_object_get(out, "contest");
	assert_int_equal(json_array_size(json_object_get(c, "nominations")), 3);
	assert_int_equal(json_array_size(json_object_get(c, "criteria")), 3);
	assert_string_equal(json_string_value(json_object_get(
				    json_array_get(json_object_get(c, "criteria"), 0), "title")),
			    "Раскрытие принципов Хартии");
	assert_int_equal(json_integer_value(json_object_get(json_array_get(json_object_get(c, "criteria"), 0),
							    "weight")),
			 3);
	assert_int_equal(json_integer_value(json_object_get(c, "min_scores")), 2);
	assert_true(json_is_true(json_object_get(c, "guardian_confirmation")));
	assert_int_equal(json_integer_value(json_object_get(c, "retention_days")), 90);
	assert_string_equal(json_string_value(json_object_get(json_object_get(c, "consents"), "version")),
			    "2022-01");
	assert_non_null(strstr(
		json_string_value(json_object_get(json_object_get(c, "consents"), "publication")), "10.1"));
	json_decref(out);

	for (i = 0; i < sizeof(optional) / sizeof(optional[0]); i++)
		json_object_del(json_object_get(doc, "contest"), optional[i]);
	json_object_del(json_array_get(json_object_get(json_object_get(doc, "contest"), "video_hosts"), 3),
			"title");
	if (campaign_validate(doc, &out, &err) != 0)
		fail_msg("rejected: %s", err.message);
	c = json_object_get(out, "contest");
	assert_int_equal(json_array_size(json_object_get(c, "nominations")), 0);
	assert_int_equal(json_array_size(json_object_get(c, "prizes")), 0);
	assert_int_equal(json_integer_value(json_object_get(c, "min_scores")), 1);
	assert_true(json_is_false(json_object_get(c, "z_normalize")));
	assert_true(json_is_true(json_object_get(c, "guardian_confirmation")));
	assert_int_equal(json_integer_value(json_object_get(c, "retention_days")), 90);
	assert_int_equal(json_integer_value(json_object_get(c, "min_form_seconds")), 5);
	assert_string_equal(json_string_value(json_object_get(c, "prize")), "");
	assert_string_equal(json_string_value(json_object_get(
				    json_array_get(json_object_get(c, "video_hosts"), 3), "title")),
			    "Yappy");
	json_decref(out);
	json_decref(doc);

	/* The messages of the nomination rules. */
	doc = charter_load();
	path_set(doc, "contest.nominations[1].age_min", "10");
	assert_int_equal(campaign_validate(doc, &out, &err), -1);
	assert_string_equal(err.message, "Поле contest.nominations[1]: возраст 10 уже входит в номинацию "
					 "nominations[0]: возрастные группы не должны пересекаться");
	json_decref(doc);
	doc = charter_load();
	path_set(doc, "contest.nominations[2].age_min", "16");
	assert_int_equal(campaign_validate(doc, &out, &err), -1);
	assert_string_equal(err.message,
			    "Поле contest.nominations: возраст 15 не входит ни в одну номинацию: "
			    "номинации должны покрывать возраст участников от 7 до 17");
	json_decref(doc);
	doc = charter_load();
	path_set(doc, "contest.video_hosts[0].hosts[0]", "\"youtube.com\"");
	assert_int_equal(campaign_validate(doc, &out, &err), -1);
	assert_string_equal(
		err.message,
		"Поле contest.video_hosts[0].hosts[0]: площадка tiktok не размещает ролики на домене "
		"youtube.com");
	json_decref(doc);
}

static void
test_bad_fields(void **state)
{
	struct campaign_error err;
	size_t i;
	char want[200];

	(void)state;
	for (i = 0; i < sizeof(bad_cases) / sizeof(bad_cases[0]); i++) {
		const struct bad_case *c = &bad_cases[i];
		json_t *doc = charter_load(), *out = (json_t *)1;
		int r;

		/* A valid reminders object for the reminders.* cases to spoil. */
		assert_int_equal(
			json_object_set_new(doc, "reminders",
					    json_pack("{s:[i], s:b}", "days_before", 3, "after_due", 1)),
			0);
		path_set(doc, c->set, c->json);
		r = campaign_validate(doc, &out, &err);
		if (r != -1)
			fail_msg("case %zu (%s): accepted", i, c->set);
		assert_null(out);
		if (strcmp(err.path, c->expected) != 0)
			fail_msg("case %zu (%s): path \"%s\", want \"%s\" (%s)", i, c->set, err.path,
				 c->expected, err.message);
		r = snprintf(want, sizeof(want), "Поле %s: ", c->expected);
		assert_true(r > 0 && (size_t)r < sizeof(want));
		assert_memory_equal(err.message, want, strlen(want));
		assert_true(strlen(err.reason) > 0);
		json_decref(doc);
	}
}

static void
test_messages(void **state)
{
	struct campaign_error err;
	json_t *doc = charter_load(), *out = NULL;

	(void)state;
	path_set(doc, "forms[3].title", "\"  \"");
	assert_int_equal(campaign_validate(doc, &out, &err), -1);
	assert_string_equal(err.message, "Поле forms[3].title: должно быть непустой строкой");
	json_decref(doc);

	doc = json_loads("[1, 2]", 0, NULL);
	assert_int_equal(campaign_validate(doc, &out, &err), -1);
	assert_string_equal(err.path, "");
	json_decref(doc);

	/* 51 forms are too many. */
	doc = charter_load();
	{
		json_t *forms = json_object_get(doc, "forms");
		char code[16];
		int k, r;

		for (k = 8; k < 51; k++) {
			r = snprintf(code, sizeof(code), "f%d", k);
			assert_true(r > 0 && (size_t)r < sizeof(code));
			assert_int_equal(json_array_append_new(
						 forms, json_pack("{s:s, s:s}", "code", code, "title", "Т")),
					 0);
		}
		assert_int_equal(campaign_validate(doc, &out, &err), -1);
		assert_string_equal(err.path, "forms");
		json_array_remove(forms, 50);
		assert_int_equal(campaign_validate(doc, &out, &err), 0); /* 50 are fine */
		json_decref(out);
	}
	json_decref(doc);
}

static void
test_due_instant(void **state)
{
	int64_t t = 0;
	int secs;

	(void)state;
	assert_int_equal(campaign_due_instant("2022-03-10", "23:59:59", 36000, &t), 0);
	assert_int_equal(t, 1646920799);
	assert_int_equal(campaign_due_instant("2022-03-10", NULL, 36000, &t), 0);
	assert_int_equal(t, 1646920799); /* default 23:59:59 */
	/* One second later is 11 March, 00:00:00 in Vladivostok. */
	assert_int_equal(campaign_due_instant("2022-03-11", "00:00:00", 36000, &t), 0);
	assert_int_equal(t, 1646920800);
	assert_int_equal(campaign_due_instant("2022-03-10", "23:59:59", 0, &t), 0);
	assert_int_equal(t, 1646956799);
	assert_int_equal(campaign_due_instant("2022-03-10", "00:00:00", -18000, &t), 0);
	assert_int_equal(t, 1646888400);
	assert_int_equal(campaign_due_instant("2022-02-30", NULL, 36000, &t), -1);
	assert_int_equal(campaign_due_instant("2022-03-10", "24:00:00", 36000, &t), -1);
	assert_int_equal(campaign_due_instant("2022-03-10", "23:60:00", 36000, &t), -1);
	assert_int_equal(campaign_due_instant("2022-03-10", NULL, 19 * 3600, &t), -1);
	assert_int_equal(civil_time_parse("00:00:00", &secs), 0);
	assert_int_equal(secs, 0);
	assert_int_equal(civil_time_parse("23:59:59", &secs), 0);
	assert_int_equal(secs, 86399);
	assert_int_equal(civil_time_parse("9:00:00", &secs), -1);
	assert_int_equal(civil_time_parse("12:00:60", &secs), -1);
}

static void
test_org_units(void **state)
{
	struct campaign_error err;
	json_t *doc = charter_load(), *out = NULL, *units;

	(void)state;
	/* Absent: every municipality reports, written as an empty list. */
	assert_int_equal(campaign_validate(doc, &out, &err), 0);
	units = json_object_get(out, "org_units");
	assert_true(json_is_array(units));
	assert_int_equal(json_array_size(units), 0);
	json_decref(out);

	path_set(doc, "org_units", "[\"nakhodka\", \"artem\", \"khasansky\"]");
	assert_int_equal(campaign_validate(doc, &out, &err), 0);
	units = json_object_get(out, "org_units");
	assert_int_equal(json_array_size(units), 3);
	assert_string_equal(json_string_value(json_array_get(units, 0)), "nakhodka");
	assert_string_equal(json_string_value(json_array_get(units, 2)), "khasansky");
	json_decref(out);

	path_set(doc, "org_units", "[\"nakhodka\", \"nakhodka\"]");
	assert_int_equal(campaign_validate(doc, &out, &err), -1);
	assert_string_equal(err.path, "org_units[1]");
	assert_non_null(strstr(err.message, "дважды"));
	json_decref(doc);
}

/* The charter, validated. */
static json_t *
charter_validated(void)
{
	struct campaign_error err;
	json_t *doc = charter_load(), *out = NULL;

	assert_int_equal(campaign_validate(doc, &out, &err), 0);
	json_decref(doc);
	return out;
}

static void
test_forms_check_edit(void **state)
{
	struct campaign_error err;
	json_t *old = charter_validated(), *next, *in_use, *narrow;

	(void)state;
	in_use = campaign_form_codes(old);
	assert_int_equal(json_array_size(in_use), 8);
	assert_string_equal(json_string_value(json_array_get(in_use, 0)), "banners-online");
	assert_string_equal(json_string_value(json_array_get(in_use, 7)), "banners-outdoor");

	/* Unchanged, renamed, retired, one form added: all fine. */
	next = json_deep_copy(old);
	assert_int_equal(campaign_forms_check_edit(old, next, in_use, &err), 0);
	path_set(next, "forms[1].title", "\"Публикации в соцсетях\"");
	path_set(next, "forms[7].retired", "true");
	assert_int_equal(json_array_append_new(json_object_get(next, "forms"),
					       json_pack("{s:s, s:s, s:b}", "code", "podcasts", "title",
							 "Подкасты", "retired", 0)),
			 0);
	assert_int_equal(campaign_forms_check_edit(old, next, in_use, &err), 0);
	/* Reordering keeps every code. */
	path_set(next, "forms[0]", "{\"code\": \"media\", \"title\": \"СМИ\", \"retired\": false}");
	path_set(next, "forms[6]",
		 "{\"code\": \"banners-online\", \"title\": \"Баннеры\", \"retired\": false}");
	assert_int_equal(campaign_forms_check_edit(old, next, in_use, &err), 0);
	json_decref(next);

	/* Deleting a form in use is refused, naming the form and telling to retire it. */
	next = json_deep_copy(old);
	path_set(next, "forms[6]", NULL); /* media */
	assert_int_equal(campaign_forms_check_edit(old, next, in_use, &err), -1);
	assert_string_equal(err.path, "forms");
	assert_non_null(strstr(err.message, "Поле forms: форма «Широкое освещение в СМИ"));
	assert_non_null(strstr(err.message, "(код media)"));
	assert_non_null(strstr(err.reason, "удалить её нельзя"));
	assert_non_null(strstr(err.reason, "retired"));

	/* The same deletion is fine when no report uses that form. */
	narrow = json_pack("[s, s]", "posts", "content");
	assert_int_equal(campaign_forms_check_edit(old, next, narrow, &err), 0);
	json_decref(narrow);
	narrow = json_array();
	assert_int_equal(campaign_forms_check_edit(old, next, narrow, &err), 0);
	json_decref(narrow);

	/* Changing a code is deleting the old one. */
	json_decref(next);
	next = json_deep_copy(old);
	path_set(next, "forms[2].code", "\"videos\"");
	assert_int_equal(campaign_forms_check_edit(old, next, in_use, &err), -1);
	assert_non_null(strstr(err.message, "(код content)"));

	/* A long title is cut on a character boundary: the message stays valid UTF-8. */
	path_set(old, "forms[2].title",
		 "\"ЯЯЯЯЯЯЯЯЯЯЯЯЯЯЯЯЯЯЯЯЯЯЯЯЯЯЯЯЯЯЯЯЯЯЯЯЯЯЯЯЯЯЯЯЯЯЯЯЯЯЯЯЯЯЯЯЯЯЯЯЯЯЯЯЯЯЯЯЯЯЯЯЯЯЯЯЯЯЯЯЯЯЯ\"");
	assert_int_equal(campaign_forms_check_edit(old, next, in_use, &err), -1);
	{
		json_t *m = json_string(err.message);

		assert_non_null(m);
		json_decref(m);
	}
	assert_non_null(strstr(err.message, "Я…»"));
	json_decref(next);
	json_decref(in_use);
	json_decref(old);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_charter_valid),    cmocka_unit_test(test_normalized_defaults),
		cmocka_unit_test(test_bad_fields),       cmocka_unit_test(test_messages),
		cmocka_unit_test(test_due_instant),      cmocka_unit_test(test_org_units),
		cmocka_unit_test(test_forms_check_edit), cmocka_unit_test(test_reminders),
		cmocka_unit_test(test_contest_block),    cmocka_unit_test(test_contest_criteria_max),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
