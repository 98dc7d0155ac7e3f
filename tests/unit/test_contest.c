/*
 * test_contest: domain/contest.c — settings and their defaults, the age on
 * a date (29 February, bad dates), the nomination of an age, the consents
 * an age needs (13/14/17/18), the entry window's edges, the hash of the
 * consent texts (against SHA-256 computed elsewhere), and the check of an
 * entry: a minor's and an adult's entry normalised, then each bad input
 * with the field it names and its Russian message, and nothing returned.
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
#include "domain/contest.h"
#include "domain/email.h"
#include "domain/hashtag.h"
#include "domain/phone.h"
#include "domain/video.h"

/* The charter (data/charter-2022.json) as campaign_validate normalises it. */
static json_t *
charter(void)
{
	const char *root = getenv("SVODKA_SOURCE");
	struct campaign_error err;
	char path[1024];
	json_error_t jerr;
	json_t *doc, *out = NULL;
	int r;

	assert_non_null(root);
	r = snprintf(path, sizeof(path), "%s/data/charter-2022.json", root);
	assert_true(r > 0 && (size_t)r < sizeof(path));
	doc = json_load_file(path, 0, &jerr);
	if (doc == NULL)
		fail_msg("%s:%d: %s", path, jerr.line, jerr.text);
	if (campaign_validate(doc, &out, &err) != 0)
		fail_msg("charter rejected: %s", err.message);
	json_decref(doc);
	return out;
}

static json_t *
units(void)
{
	json_t *u = json_pack("[{s:s, s:n, s:s}, {s:s, s:s, s:s}, {s:s, s:s, s:s}]", "code", "primorye",
			      "parent", "name", "Приморский край", "code", "vladivostok", "parent",
			      "primorye", "name", "Владивостокский городской округ", "code", "nakhodka",
			      "parent", "primorye", "name", "Находкинский городской округ");

	assert_non_null(u);
	return u;
}

static json_t *
parse(const char *s)
{
	json_error_t jerr;
	json_t *j = json_loads(s, 0, &jerr);

	if (j == NULL)
		fail_msg("bad test JSON: %s", jerr.text);
	return j;
}

/* A valid entry of a ten-year-old, as the form would send it. */
#define MINOR_ENTRY                                                                                                                                     \
	"{\"author\": {\"full_name\": \"  Ксения  Снегирёва \", \"birth_date\": \"2011-07-23\"},"                                        \
	" \"org_unit\": \"nakhodka\", \"school\": \" Школа № 1 \","                                                                              \
	" \"video_url\": \"https://www.tiktok.com/@kvash/video/7062947386237650178?is_from_webapp=1\","                                                 \
	" \"caption\": \"Наш ролик #хартия #ХартияПриморье #цифроваяэтикадетства\","                    \
	" \"title\": \"Правила в сети\", \"description\": \"Как мы договорились о времени в телефоне.\"," \
	" \"guardian\": {\"full_name\": \"Снегирёв Пётр Ильич\", \"relation\": \"отец\","                                          \
	" \"email\": \" Petr.Snegirev@Example.RU \", \"phone\": \"8 (914) 555-19-37\"},"                                                                \
	" \"consents\": {\"processing\": true, \"publication\": false}}"

/* ---- settings, age, nomination, consents, window ---- */

static void
test_settings(void **state)
{
	json_t *doc = charter(), *empty = json_object();
	const json_t *c = contest_block(doc);

	(void)state;
	assert_non_null(c);
	assert_int_equal(contest_min_scores(c), 2);
	assert_int_equal(contest_retention_days(c), 90);
	assert_int_equal(contest_min_form_seconds(c), 5);
	assert_true(contest_guardian_confirmation(c));
	assert_false(contest_z_normalize(c));
	/* Defaults for a block without the settings. */
	assert_int_equal(contest_min_scores(empty), 1);
	assert_int_equal(contest_retention_days(empty), 90);
	assert_int_equal(contest_min_form_seconds(empty), 5);
	assert_true(contest_guardian_confirmation(empty));
	assert_false(contest_z_normalize(empty));
	/* No contest: NULL, also for a contest that is not an object. */
	assert_null(contest_block(empty));
	assert_int_equal(json_object_set_new(empty, "contest", json_string("да")), 0);
	assert_null(contest_block(empty));
	json_decref(empty);
	json_decref(doc);
}

static void
test_age_on(void **state)
{
	(void)state;
	assert_int_equal(contest_age_on("2011-07-23", "2022-03-08"), 10);
	/* The birthday itself counts; the day before does not. */
	assert_int_equal(contest_age_on("2012-03-08", "2022-03-08"), 10);
	assert_int_equal(contest_age_on("2012-03-09", "2022-03-08"), 9);
	assert_int_equal(contest_age_on("2022-03-08", "2022-03-08"), 0);
	/* 29 February: a year older on 1 March of a common year, on 29 February of a leap one. */
	assert_int_equal(contest_age_on("2012-02-29", "2022-02-28"), 9);
	assert_int_equal(contest_age_on("2012-02-29", "2022-03-01"), 10);
	assert_int_equal(contest_age_on("2012-02-29", "2024-02-28"), 11);
	assert_int_equal(contest_age_on("2012-02-29", "2024-02-29"), 12);
	assert_int_equal(contest_age_on("2004-02-29", "2022-03-08"), 18);
	/* Bad dates and a birth after the day. */
	assert_int_equal(contest_age_on("2011-02-29", "2022-03-08"), -1);
	assert_int_equal(contest_age_on("2011-13-01", "2022-03-08"), -1);
	assert_int_equal(contest_age_on("2011-04-31", "2022-03-08"), -1);
	assert_int_equal(contest_age_on("23.07.2011", "2022-03-08"), -1);
	assert_int_equal(contest_age_on("", "2022-03-08"), -1);
	assert_int_equal(contest_age_on(NULL, "2022-03-08"), -1);
	assert_int_equal(contest_age_on("2011-07-23", "2022-02-30"), -1);
	assert_int_equal(contest_age_on("2011-07-23", NULL), -1);
	assert_int_equal(contest_age_on("2022-03-09", "2022-03-08"), -1);
}

static void
test_nomination(void **state)
{
	json_t *doc = charter(), *bare;
	const json_t *c = contest_block(doc);
	static const struct {
		int age;
		const char *code;
	} cases[] = {{7, "age-7-10"},   {10, "age-7-10"},  {11, "age-11-14"}, {14, "age-11-14"},
		     {15, "age-15-17"}, {17, "age-15-17"}, {6, NULL},         {18, NULL}};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const json_t *n = contest_nomination_for(c, cases[i].age);

		if (cases[i].code == NULL)
			assert_null(n);
		else
			assert_string_equal(json_string_value(json_object_get(n, "code")), cases[i].code);
	}
	assert_string_equal(json_string_value(json_object_get(contest_nomination_for(c, 12), "title")),
			    "Средняя группа: 11–14 лет");
	/* No nominations defined: none for any age. */
	bare = json_deep_copy(c);
	assert_int_equal(json_object_set_new(bare, "nominations", json_array()), 0);
	assert_null(contest_nomination_for(bare, 10));
	json_object_del(bare, "nominations");
	assert_null(contest_nomination_for(bare, 10));
	json_decref(bare);
	json_decref(doc);
}

static void
test_consent_rule(void **state)
{
	(void)state;
	assert_int_equal(contest_consent_rule(7), CONTEST_CONSENT_GUARDIAN);
	assert_int_equal(contest_consent_rule(13), CONTEST_CONSENT_GUARDIAN);
	assert_int_equal(contest_consent_rule(14), CONTEST_CONSENT_BOTH);
	assert_int_equal(contest_consent_rule(17), CONTEST_CONSENT_BOTH);
	assert_int_equal(contest_consent_rule(18), CONTEST_CONSENT_OWN);
	assert_int_equal(contest_consent_rule(40), CONTEST_CONSENT_OWN);
}

static void
test_window(void **state)
{
	json_t *doc = charter();
	const json_t *c = contest_block(doc);

	(void)state;
	assert_int_equal(contest_window_at(c, "2022-02-07"), CONTEST_BEFORE);
	assert_int_equal(contest_window_at(c, "2022-02-08"), CONTEST_OPEN); /* the first day */
	assert_int_equal(contest_window_at(c, "2022-02-28"), CONTEST_OPEN);
	assert_int_equal(contest_window_at(c, "2022-03-08"), CONTEST_OPEN); /* the last day, inclusive */
	assert_int_equal(contest_window_at(c, "2022-03-09"), CONTEST_CLOSED); /* the day after */
	assert_int_equal(contest_window_at(c, "2021-12-31"), CONTEST_BEFORE);
	/* A day that is no date never opens the window. */
	assert_int_equal(contest_window_at(c, "2022-02-30"), CONTEST_CLOSED);
	assert_int_equal(contest_window_at(c, NULL), CONTEST_CLOSED);
	json_decref(doc);
}

/* ---- the consent hash ---- */

static void
test_consent_hash(void **state)
{
	json_t *c = parse("{\"consents\": {\"version\": \"1\", \"processing\": \"a\", \"publication\": \"b\","
			  " \"guardian\": \"c\", \"child\": \"d\"}}"),
	       *doc = charter(), *copy;
	char h[65], h2[65], big[2000];

	(void)state;
	/*
	 * SHA-256 of "svodka-consents-1\0" "1\0" "a\0" "b\0" "c\0" "d\0", and of
	 * an empty block (the tag and five NULs), computed with Python's
	 * hashlib: the implementation is the standard one.
	 */
	contest_consent_hash(c, h);
	assert_string_equal(h, "f225d5c867a6d15cf4afa308d08a21b6fe8beb75280a647877e4dd6461c5afa3");
	copy = json_object();
	contest_consent_hash(copy, h);
	json_decref(copy);
	assert_string_equal(h, "907dea001fc024e62c4bbbba5d61d6b0c6aafc49d7251ea113f68ecbac77bb4e");
	/* Several blocks of input: a 1500-byte text. */
	memset(big, 'x', 1500);
	big[1500] = '\0';
	assert_int_equal(json_object_set_new(json_object_get(c, "consents"), "processing", json_string(big)),
			 0);
	contest_consent_hash(c, h);
	assert_string_equal(h, "624515906044013d79202df46a630bc92f9e37c3ba28813c651655cd233dafff");

	/* Stable for the charter's texts; a changed letter or version changes it. */
	contest_consent_hash(contest_block(doc), h);
	contest_consent_hash(contest_block(doc), h2);
	assert_string_equal(h, h2);
	assert_int_equal(strlen(h), 64);
	copy = json_deep_copy(contest_block(doc));
	assert_int_equal(json_object_set_new(json_object_get(copy, "consents"), "child",
					     json_string("Согласие автора.")),
			 0);
	contest_consent_hash(copy, h2);
	assert_string_not_equal(h, h2);
	json_decref(copy);
	copy = json_deep_copy(contest_block(doc));
	assert_int_equal(
		json_object_set_new(json_object_get(copy, "consents"), "version", json_string("2022-02")), 0);
	contest_consent_hash(copy, h2);
	assert_string_not_equal(h, h2);
	json_decref(copy);
	/* Text moved from one consent to the next is another set of texts. */
	json_decref(c);
	c = parse("{\"consents\": {\"version\": \"1\", \"processing\": \"ab\", \"publication\": \"\"}}");
	contest_consent_hash(c, h);
	json_decref(c);
	c = parse("{\"consents\": {\"version\": \"1\", \"processing\": \"a\", \"publication\": \"b\"}}");
	contest_consent_hash(c, h2);
	assert_string_not_equal(h, h2);
	json_decref(c);
	json_decref(doc);
}

/* ---- the entry ---- */

static void
test_entry_minor(void **state)
{
	json_t *doc = charter(), *u = units(), *in = parse(MINOR_ENTRY), *errors = (json_t *)1, *e, *g;

	(void)state;
	/* «ё» typed as «е» + U+0308 in the surname is stored composed. */
	assert_int_equal(json_object_set_new(json_object_get(in, "author"), "full_name",
					     json_string("  Ксения  Снегире\xcc\x88ва ")),
			 0);
	e = contest_entry_check(doc, u, in, &errors);
	if (e == NULL)
		fail_msg("refused: %s", json_dumps(errors, JSON_ENSURE_ASCII));
	assert_null(errors);
	assert_string_equal(json_string_value(json_object_get(json_object_get(e, "author"), "full_name")),
			    "Ксения Снегирёва");
	assert_string_equal(json_string_value(json_object_get(json_object_get(e, "author"), "birth_date")),
			    "2011-07-23");
	assert_int_equal(json_integer_value(json_object_get(e, "age")), 10);
	assert_string_equal(json_string_value(json_object_get(e, "nomination")), "age-7-10");
	assert_string_equal(json_string_value(json_object_get(e, "nomination_title")),
			    "Младшая группа: 7–10 лет");
	assert_string_equal(json_string_value(json_object_get(e, "org_unit")), "nakhodka");
	assert_string_equal(json_string_value(json_object_get(e, "org_unit_name")),
			    "Находкинский городской округ");
	assert_string_equal(json_string_value(json_object_get(e, "school")), "Школа № 1");
	assert_string_equal(json_string_value(json_object_get(json_object_get(e, "video"), "platform")),
			    "tiktok");
	assert_string_equal(json_string_value(json_object_get(json_object_get(e, "video"), "key")),
			    "tiktok:7062947386237650178");
	assert_null(strstr(json_string_value(json_object_get(json_object_get(e, "video"), "url")),
			   "is_from_webapp"));
	assert_true(json_is_true(json_object_get(json_object_get(e, "hashtags"), "ok")));
	assert_string_equal(json_string_value(json_object_get(e, "title")), "Правила в сети");
	g = json_object_get(e, "guardian");
	assert_string_equal(json_string_value(json_object_get(g, "full_name")), "Снегирёв Пётр Ильич");
	assert_string_equal(json_string_value(json_object_get(g, "relation")), "отец");
	assert_string_equal(json_string_value(json_object_get(g, "email")), "petr.snegirev@example.ru");
	assert_string_equal(json_string_value(json_object_get(g, "phone")), "+79145551937");
	/* The contact is the guardian's. */
	assert_string_equal(json_string_value(json_object_get(json_object_get(e, "contact"), "email")),
			    "petr.snegirev@example.ru");
	assert_string_equal(json_string_value(json_object_get(json_object_get(e, "contact"), "phone")),
			    "+79145551937");
	assert_true(json_is_true(json_object_get(json_object_get(e, "consents"), "processing")));
	assert_true(json_is_false(json_object_get(json_object_get(e, "consents"), "publication")));
	assert_true(json_is_false(json_object_get(json_object_get(e, "consents"), "child")));
	assert_true(json_is_true(json_object_get(json_object_get(e, "consents"), "guardian")));
	assert_true(json_is_true(json_object_get(e, "minor")));
	assert_true(json_is_true(json_object_get(e, "needs_confirmation")));
	json_decref(e);

	/* No school: null; a date typed «ДД.ММ.ГГГГ»; confirmation switched off for the contest. */
	json_object_del(in, "school");
	assert_int_equal(
		json_object_set_new(json_object_get(in, "author"), "birth_date", json_string("23.7.2011")),
		0);
	assert_int_equal(
		json_object_set_new(json_object_get(doc, "contest"), "guardian_confirmation", json_false()),
		0);
	e = contest_entry_check(doc, u, in, &errors);
	assert_non_null(e);
	assert_true(json_is_null(json_object_get(e, "school")));
	assert_string_equal(json_string_value(json_object_get(json_object_get(e, "author"), "birth_date")),
			    "2011-07-23");
	assert_true(json_is_false(json_object_get(e, "needs_confirmation")));
	json_decref(e);

	/* Fifteen, with the child's own consent. */
	assert_int_equal(
		json_object_set_new(json_object_get(in, "author"), "birth_date", json_string("2006-12-01")),
		0);
	assert_int_equal(json_object_set_new(json_object_get(in, "consents"), "child", json_true()), 0);
	e = contest_entry_check(doc, u, in, &errors);
	assert_non_null(e);
	assert_string_equal(json_string_value(json_object_get(e, "nomination")), "age-15-17");
	assert_true(json_is_true(json_object_get(json_object_get(e, "consents"), "child")));
	assert_true(json_is_true(json_object_get(json_object_get(e, "consents"), "guardian")));
	json_decref(e);
	json_decref(in);
	json_decref(u);
	json_decref(doc);
}

static void
test_entry_adult(void **state)
{
	json_t *doc = charter(), *u = units(), *c, *in, *errors = NULL, *e;

	(void)state;
	/* A contest for 7..30 with no nominations. */
	c = json_object_get(doc, "contest");
	assert_int_equal(json_object_set_new(c, "age_max", json_integer(30)), 0);
	assert_int_equal(json_object_set_new(c, "nominations", json_array()), 0);
	in = parse("{\"author\": {\"full_name\": \"Анна-Мария О’Коннор\", \"birth_date\": \"2000-01-15\"},"
		   " \"org_unit\": \"vladivostok\", \"video_url\": \"https://vk.com/clip-123_456\","
		   " \"caption\": \"#ХАРТИЯ #хартияприморье #ЦифроваяЭтикаДетства\", \"title\": \"Ролик\","
		   " \"contact\": {\"email\": \"Anna@Mail.RU\", \"phone\": \"+7 423 222 22 22\"},"
		   " \"consents\": {\"processing\": true, \"publication\": true}}");
	e = contest_entry_check(doc, u, in, &errors);
	if (e == NULL)
		fail_msg("refused: %s", json_dumps(errors, JSON_ENSURE_ASCII));
	assert_int_equal(json_integer_value(json_object_get(e, "age")), 22);
	assert_true(json_is_null(json_object_get(e, "nomination")));
	assert_true(json_is_null(json_object_get(e, "guardian")));
	assert_string_equal(json_string_value(json_object_get(json_object_get(e, "author"), "full_name")),
			    "Анна-Мария О’Коннор");
	assert_string_equal(json_string_value(json_object_get(json_object_get(e, "contact"), "email")),
			    "anna@mail.ru");
	assert_string_equal(json_string_value(json_object_get(json_object_get(e, "contact"), "phone")),
			    "+74232222222");
	assert_string_equal(json_string_value(json_object_get(json_object_get(e, "video"), "key")),
			    "vk:-123_456");
	assert_string_equal(json_string_value(json_object_get(e, "description")), "");
	assert_true(json_is_false(json_object_get(e, "minor")));
	assert_true(json_is_false(json_object_get(e, "needs_confirmation")));
	assert_true(json_is_true(json_object_get(json_object_get(e, "consents"), "publication")));
	assert_true(json_is_false(json_object_get(json_object_get(e, "consents"), "guardian")));
	assert_true(json_is_false(json_object_get(json_object_get(e, "consents"), "child")));
	json_decref(e);

	/* An adult without contacts: both named; a guardian given instead is not read. */
	json_object_del(in, "contact");
	assert_int_equal(json_object_set_new(in, "guardian", json_pack("{s:s}", "full_name", "Кто-то")), 0);
	e = contest_entry_check(doc, u, in, &errors);
	assert_null(e);
	assert_int_equal(json_array_size(errors), 2);
	assert_string_equal(json_string_value(json_object_get(json_array_get(errors, 0), "field")),
			    "contact.email");
	assert_string_equal(json_string_value(json_object_get(json_array_get(errors, 0), "message")),
			    "Электронная почта автора: заполните это поле");
	assert_string_equal(json_string_value(json_object_get(json_array_get(errors, 1), "field")),
			    "contact.phone");
	json_decref(errors);
	json_decref(in);
	json_decref(u);
	json_decref(doc);
}

/*
 * Checks MINOR_ENTRY with `path` set to `json` (NULL: deleted): refused,
 * the first error names `field`, and its message is `message` exactly
 * (or starts with it, when `prefix`).
 */
static void
expect_refusal(const char *path, const char *json, const char *field, const char *message, int prefix)
{
	json_t *doc = charter(), *u = units(), *in = parse(MINOR_ENTRY), *errors = NULL, *e, *obj = in, *val;
	const char *dot = strchr(path, '.'), *got, *key = path;
	char head[32];
	size_t i;

	if (dot != NULL) {
		assert_true((size_t)(dot - path) < sizeof(head));
		memcpy(head, path, (size_t)(dot - path));
		head[dot - path] = '\0';
		obj = json_object_get(in, head);
		assert_non_null(obj);
		key = dot + 1;
	}
	if (json == NULL) {
		json_object_del(obj, key);
	} else {
		val = json_loads(json, JSON_DECODE_ANY, NULL);
		assert_non_null(val);
		assert_int_equal(json_object_set_new(obj, key, val), 0);
	}
	e = contest_entry_check(doc, u, in, &errors);
	if (e != NULL)
		fail_msg("%s = %s: accepted", path, json ? json : "(deleted)");
	assert_non_null(errors);
	got = json_string_value(json_object_get(json_array_get(errors, 0), "field"));
	if (got == NULL || strcmp(got, field) != 0)
		fail_msg("%s: first error %s", path, json_dumps(errors, 0));
	got = json_string_value(json_object_get(json_array_get(errors, 0), "message"));
	if (prefix ? strncmp(got, message, strlen(message)) != 0 : strcmp(got, message) != 0)
		fail_msg("%s: message «%s», want «%s»", path, got, message);
	/* Every field at most once. */
	for (i = 1; i < json_array_size(errors); i++)
		assert_string_not_equal(
			json_string_value(json_object_get(json_array_get(errors, i), "field")), field);
	json_decref(errors);
	json_decref(in);
	json_decref(u);
	json_decref(doc);
}

static void
test_entry_author(void **state)
{
	(void)state;
	expect_refusal("author.full_name", NULL, "author.full_name",
		       "Фамилия и имя автора: заполните это поле", 0);
	expect_refusal("author.full_name", "\"   \"", "author.full_name",
		       "Фамилия и имя автора: заполните это поле", 0);
	expect_refusal("author.full_name", "\"Ксения\"", "author.full_name",
		       "Фамилия и имя автора: укажите фамилию и имя полностью", 0);
	expect_refusal("author.full_name", "\"Ксения 2011\"", "author.full_name",
		       "Фамилия и имя автора: допустимы только буквы, пробел, дефис и апостроф", 0);
	expect_refusal("author.full_name", "\"Ксения\\nСнегирёва\"", "author.full_name",
		       "Фамилия и имя автора: содержит недопустимые символы или перевод строки", 0);
	expect_refusal("author.full_name", "42", "author.full_name",
		       "Фамилия и имя автора: должно быть строкой", 0);
	expect_refusal("author.birth_date", NULL, "author.birth_date",
		       "Дата рождения автора: заполните это поле", 0);
	expect_refusal("author.birth_date", "\"2012-02-30\"", "author.birth_date",
		       "Дата рождения автора: нужна существующая дата в виде ДД.ММ.ГГГГ, например 23.07.2011",
		       0);
	expect_refusal("author.birth_date", "\"31.02.2012\"", "author.birth_date",
		       "Дата рождения автора: нужна существующая дата", 1);
	expect_refusal("author.birth_date", "\"вчера\"", "author.birth_date",
		       "Дата рождения автора: нужна существующая дата", 1);
	/* Six on the last day of the window (seven the day after it). */
	expect_refusal(
		"author.birth_date", "\"2015-03-09\"", "author.birth_date",
		"Дата рождения автора: в конкурсе участвуют авторы от 7 до 17 лет (возраст на 08.03.2022, "
		"последний день приёма работ), а автору в этот день 6 лет",
		0);
	/* Eighteen on the last day. */
	expect_refusal(
		"author.birth_date", "\"2004-03-08\"", "author.birth_date",
		"Дата рождения автора: в конкурсе участвуют авторы от 7 до 17 лет (возраст на 08.03.2022, "
		"последний день приёма работ), а автору в этот день 18 лет",
		0);
	expect_refusal("author.birth_date", "\"2023-01-01\"", "author.birth_date",
		       "Дата рождения автора: дата рождения позже окончания приёма работ (08.03.2022)", 0);
	expect_refusal("author", "\"Ксения\"", "author", "Автор: должно быть объектом", 1);
}

static void
test_entry_fields(void **state)
{
	char title[2 * 201 + 3], *why;
	json_t *allowed, *check;
	size_t i;

	(void)state;
	expect_refusal("org_unit", "\"moscow\"", "org_unit",
		       "Муниципалитет: такого муниципалитета нет в списке участников конкурса", 0);
	expect_refusal("org_unit", NULL, "org_unit", "Муниципалитет: выберите муниципалитет из списка", 0);
	expect_refusal("org_unit", "7", "org_unit", "Муниципалитет: выберите муниципалитет из списка", 0);

	/* The video: the reason is video.h's, after the field's label. */
	allowed = json_pack("[s,s,s,s]", "tiktok", "vk-clips", "vk-video", "yappy");
	why = video_reason(VIDEO_HOST, URL_OK, allowed);
	{
		char want[1024];

		assert_true((size_t)snprintf(want, sizeof(want), "Ссылка на ролик: %s", why) < sizeof(want));
		expect_refusal("video_url", "\"https://www.youtube.com/watch?v=dQw4w9WgXcQ\"", "video_url",
			       want, 0);
	}
	free(why);
	json_decref(allowed);
	expect_refusal("video_url", "\"https://www.tiktok.com/@kvash\"", "video_url", "Ссылка на ролик: ", 1);
	expect_refusal("video_url", "\"javascript:alert(1)\"", "video_url", "Ссылка на ролик: ", 1);
	expect_refusal("video_url", NULL, "video_url", "Ссылка на ролик: заполните это поле", 0);

	/* The caption: the missing tags named. */
	allowed = json_pack("[s,s,s]", "#хартия", "#ХартияПриморье", "#цифроваяэтикадетства");
	check = hashtag_required_check("Наш ролик #хартия", allowed);
	json_decref(allowed);
	why = hashtag_required_message(check);
	{
		char want[1024];

		assert_true((size_t)snprintf(want, sizeof(want), "Подпись к публикации: %s", why) <
			    sizeof(want));
		assert_non_null(strstr(want, "#ХартияПриморье"));
		expect_refusal("caption", "\"Наш ролик #хартия\"", "caption", want, 0);
	}
	free(why);
	json_decref(check);
	expect_refusal("caption", "\"\"", "caption", "Подпись к публикации: заполните это поле", 0);

	/* Title: 200 characters pass, 201 do not. */
	for (i = 0; i < 201; i++)
		memcpy(title + 1 + 2 * i, "я", 2);
	title[0] = '"';
	title[1 + 2 * 201] = '"';
	title[2 + 2 * 201] = '\0';
	expect_refusal("title", title, "title", "Название ролика: не длиннее 200 символов (сейчас 201)", 0);
	expect_refusal("title", NULL, "title", "Название ролика: заполните это поле", 0);
	expect_refusal("title", "\"Строка\\nещё строка\"", "title",
		       "Название ролика: содержит недопустимые символы или перевод строки", 0);
	expect_refusal("description", "\"Звонок \\u0007\"", "description",
		       "О ролике: содержит недопустимые символы", 0);
}

static void
test_entry_guardian(void **state)
{
	(void)state;
	expect_refusal(
		"guardian", NULL, "guardian.full_name",
		"Фамилия и имя законного представителя: автору младше 18 лет нужен законный представитель "
		"(родитель, опекун): укажите его фамилию и имя",
		0);
	expect_refusal("guardian", "\"папа\"", "guardian", "Законный представитель: должно быть объектом", 1);
	expect_refusal("guardian.relation", NULL, "guardian.relation",
		       "Кем приходится автору: заполните это поле", 0);
	{
		char want[512];

		/* Not email_message(): it offers to leave the field empty, which this one cannot be. */
		snprintf(want, sizeof(want), "Электронная почта законного представителя: %s",
			 "нужен адрес вида имя@домен, например ivanova@mail.ru; на него придёт письмо");
		expect_refusal("guardian.email", "\"petr@\"", "guardian.email", want, 0);
		expect_refusal("guardian.email", "\"petr snegirev@example.ru\"", "guardian.email", want, 0);
		snprintf(want, sizeof(want), "Электронная почта законного представителя: %s",
			 "в адресе до знака @ допустимы только латинские буквы, цифры и знаки . _ - +");
		expect_refusal("guardian.email", "\"пётр@example.ru\"", "guardian.email", want, 0);
		assert_true((size_t)snprintf(want, sizeof(want), "Телефон законного представителя: %s",
					     phone_reason(PHONE_LOCAL)) < sizeof(want));
		expect_refusal("guardian.phone", "\"222-22-22\"", "guardian.phone", want, 0);
		assert_true((size_t)snprintf(want, sizeof(want), "Телефон законного представителя: %s",
					     phone_reason(PHONE_COUNTRY)) < sizeof(want));
		expect_refusal("guardian.phone", "\"+380 44 123 45 67\"", "guardian.phone", want, 0);
	}
	expect_refusal("guardian.phone", NULL, "guardian.phone",
		       "Телефон законного представителя: заполните это поле", 0);
}

static void
test_entry_consents(void **state)
{
	json_t *doc = charter(), *u = units(), *in, *errors = NULL, *e;

	(void)state;
	expect_refusal("consents.processing", "false", "consents.processing",
		       "Согласие на обработку персональных данных: без согласия законного представителя на "
		       "обработку персональных данных заявку принять нельзя",
		       0);
	expect_refusal("consents", NULL, "consents.processing",
		       "Согласие на обработку персональных данных: ", 1);
	expect_refusal("consents.processing", "\"да\"", "consents.processing",
		       "Согласие на обработку персональных данных: должно быть true или false", 0);
	expect_refusal("consents.publication", "1", "consents.publication",
		       "Согласие на публикацию: должно быть true или false", 0);
	/* Fifteen without the child's own consent; 13 needs none. */
	in = parse(MINOR_ENTRY);
	assert_int_equal(
		json_object_set_new(json_object_get(in, "author"), "birth_date", json_string("2006-12-01")),
		0);
	e = contest_entry_check(doc, u, in, &errors);
	assert_null(e);
	assert_int_equal(json_array_size(errors), 1);
	assert_string_equal(json_string_value(json_object_get(json_array_get(errors, 0), "field")),
			    "consents.child");
	assert_string_equal(
		json_string_value(json_object_get(json_array_get(errors, 0), "message")),
		"Согласие автора: с 14 лет автор тоже даёт своё согласие на обработку персональных данных");
	json_decref(errors);
	errors = NULL;
	/* Fourteen on 08.03.2022 exactly: the same. */
	assert_int_equal(
		json_object_set_new(json_object_get(in, "author"), "birth_date", json_string("2008-03-08")),
		0);
	assert_null(contest_entry_check(doc, u, in, &errors));
	assert_string_equal(json_string_value(json_object_get(json_array_get(errors, 0), "field")),
			    "consents.child");
	json_decref(errors);
	errors = NULL;
	/* Thirteen (14 on the day after the window): no child's consent needed. */
	assert_int_equal(
		json_object_set_new(json_object_get(in, "author"), "birth_date", json_string("2008-03-09")),
		0);
	e = contest_entry_check(doc, u, in, &errors);
	assert_non_null(e);
	assert_int_equal(json_integer_value(json_object_get(e, "age")), 13);
	assert_true(json_is_false(json_object_get(json_object_get(e, "consents"), "child")));
	json_decref(e);
	json_decref(in);
	json_decref(u);
	json_decref(doc);
}

/* Several wrong fields: each once, in the order of the form. */
static void
test_entry_order(void **state)
{
	json_t *doc = charter(), *u = units(), *in = parse(MINOR_ENTRY), *errors = NULL, *nc;
	static const char *const want[] = {"author.full_name", "org_unit",           "video_url", "title",
					   "guardian.email",   "consents.processing"};
	size_t i;

	(void)state;
	assert_int_equal(json_object_set_new(json_object_get(in, "author"), "full_name", json_string("Я")),
			 0);
	assert_int_equal(json_object_set_new(in, "org_unit", json_string("moscow")), 0);
	assert_int_equal(json_object_set_new(in, "video_url", json_string("https://example.com/v/1")), 0);
	json_object_del(in, "title");
	assert_int_equal(json_object_set_new(json_object_get(in, "guardian"), "email", json_string("x")), 0);
	assert_int_equal(json_object_set_new(json_object_get(in, "consents"), "processing", json_false()), 0);
	assert_null(contest_entry_check(doc, u, in, &errors));
	assert_int_equal(json_array_size(errors), sizeof(want) / sizeof(want[0]));
	for (i = 0; i < sizeof(want) / sizeof(want[0]); i++)
		assert_string_equal(json_string_value(json_object_get(json_array_get(errors, i), "field")),
				    want[i]);
	json_decref(errors);

	/* Not an object; a campaign without a contest. */
	assert_null(
		contest_entry_check(doc, u, json_array_get(json_object_get(doc, "hashtags"), 0), &errors));
	assert_int_equal(json_array_size(errors), 1);
	assert_string_equal(json_string_value(json_object_get(json_array_get(errors, 0), "message")),
			    "Заявка: должна быть объектом JSON");
	json_decref(errors);
	nc = json_deep_copy(doc);
	json_object_del(nc, "contest");
	assert_null(contest_entry_check(nc, u, in, &errors));
	assert_string_equal(json_string_value(json_object_get(json_array_get(errors, 0), "field")),
			    "contest");
	json_decref(errors);
	json_decref(nc);
	json_decref(in);
	json_decref(u);
	json_decref(doc);
}

static void
test_words(void **state)
{
	(void)state;
	assert_string_equal(contest_field_label("video_url"), "Ссылка на ролик");
	assert_string_equal(contest_field_label("author.birth_date"), "Дата рождения автора");
	assert_string_equal(contest_field_label("guardian.phone"), "Телефон законного представителя");
	assert_string_equal(contest_field_label("no_such_field"), "no_such_field");
	assert_string_equal(contest_status_title("awaiting_confirmation"), "ожидает подтверждения");
	assert_string_equal(contest_status_title("accepted"), "принята");
	assert_string_equal(contest_status_title("rejected"), "отклонена");
	assert_string_equal(contest_status_title("withdrawn"), "отозвана");
	assert_string_equal(contest_status_title("bogus"), "");
	assert_string_equal(contest_status_title(NULL), "");
	assert_string_equal(contest_reject_reason_title("no_hashtags"), "нет хэштегов конкурса");
	assert_string_equal(contest_reject_reason_title("duplicate"), "дубликат");
	assert_string_equal(contest_reject_reason_title("other"), "другое");
	assert_null(contest_reject_reason_title("rude"));
	assert_null(contest_reject_reason_title(NULL));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_settings),       cmocka_unit_test(test_age_on),
		cmocka_unit_test(test_nomination),     cmocka_unit_test(test_consent_rule),
		cmocka_unit_test(test_window),         cmocka_unit_test(test_consent_hash),
		cmocka_unit_test(test_entry_minor),    cmocka_unit_test(test_entry_adult),
		cmocka_unit_test(test_entry_author),   cmocka_unit_test(test_entry_fields),
		cmocka_unit_test(test_entry_guardian), cmocka_unit_test(test_entry_consents),
		cmocka_unit_test(test_entry_order),    cmocka_unit_test(test_words),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
