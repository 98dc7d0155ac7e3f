/*
 * test_report: domain/report.h — a complete report against the Charter 2022
 * campaign normalizes (phone, e-mail, numbers with spaces, «ДД.ММ.ГГГГ»
 * dates, NFD text, URLs and their networks, checkboxes) and validates again
 * to itself; drafts are lenient, submissions must be complete; each bad
 * field gives one issue with its path, row and a Russian message naming row
 * and field; warnings (reach below participants, duplicate URLs, INNs,
 * names) never block; retired forms; the date window with grace_days; the
 * diff of two versions by position and by row id.
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
#include "domain/report.h"
#include "util/buf.h"
#include "util/civil.h"

static json_t *campaign; /* the charter, normalized */
static int64_t today; /* 2022-03-10 */

static int
setup(void **state)
{
	const char *root = getenv("SVODKA_SOURCE");
	char path[1024];
	struct campaign_error err;
	json_error_t jerr;
	json_t *doc;
	int r;

	(void)state;
	if (root == NULL)
		return -1;
	r = snprintf(path, sizeof(path), "%s/data/charter-2022.json", root);
	if (r < 0 || (size_t)r >= sizeof(path))
		return -1;
	doc = json_load_file(path, 0, &jerr);
	if (doc == NULL || campaign_validate(doc, &campaign, &err) != 0)
		return -1;
	json_decref(doc);
	return civil_date_parse("2022-03-10", &today);
}

static int
teardown(void **state)
{
	(void)state;
	json_decref(campaign);
	return 0;
}

static json_t *
parse(const char *text)
{
	json_error_t jerr;
	json_t *j = json_loads(text, 0, &jerr);

	if (j == NULL)
		fail_msg("test JSON: %s at %d:%d", jerr.text, jerr.line, jerr.column);
	return j;
}

/* A complete report as the form sends it: every value a string. */
static const char *const full =
	"{\"contact\": {\"name\": \" Иванова Мария Петровна \", \"position\": \"главный специалист\","
	"  \"phone\": \"8 (423) 222-22-22 доб. 123\", \"email\": \"Ivanova@Почта.РФ\"},"
	" \"activities\": [{\"form\": \"events-educational\", \"date\": \"08.02.2022\","
	"   \"title\": \"Урок цифровой е\xcc\x88лки\", \"description\": \"Строка 1\\nСтрока 2\","
	"   \"audience\": [\"parents\", \"children\", \"parents\"], \"participants\": \"1 250\","
	"   \"reach\": \"12\xc2\xa0"
	"500\", \"links\": [\"https://VK.com/wall-1_1\", \"\"]},"
	"  {\"form\": \"posts\", \"date\": \"2022-03-08\", \"title\": \"Пост\", \"participants\": \"\","
	"   \"reach\": 300, \"links\": []}],"
	" \"organizations\": [{\"name\": \"МБОУ СОШ № 1\", \"kind\": \"school\", \"inn\": \" 2504001783 \","
	"   \"joined\": \"2022-02-10\"}],"
	" \"publications\": [{\"url\": \"https://минобрнауки.рф/news\", \"date\": \"2022-02-09\","
	"   \"views\": \"1\xe2\x80\xaf"
	"000\", \"has_hashtag\": \"on\", \"has_alliance_link\": \"\"}],"
	" \"remarks\": \"\", \"no_activity_reason\": null}";

static json_t *
validate(const json_t *in, enum report_mode mode, const json_t *previous, json_t **issues, int *rc)
{
	struct report_rules rules = {mode, campaign, previous, today};
	json_t *out = NULL;

	*rc = report_validate(in, &rules, &out, issues);
	assert_non_null(out);
	assert_non_null(*issues);
	return out;
}

/* Asserts there is an issue at `path` of `level` whose message is `message` (or contains it). */
static void
has_issue(const json_t *issues, const char *path, const char *level, const char *message)
{
	const json_t *i;
	size_t k;

	json_array_foreach(issues, k, i)
	{
		if (strcmp(json_string_value(json_object_get(i, "path")), path) != 0)
			continue;
		assert_string_equal(json_string_value(json_object_get(i, "level")), level);
		if (strstr(json_string_value(json_object_get(i, "message")), message) == NULL)
			fail_msg("%s: message «%s» lacks «%s»", path,
				 json_string_value(json_object_get(i, "message")), message);
		return;
	}
	fail_msg("no issue at %s; issues: %s", path, json_dumps(issues, JSON_INDENT(1)));
}

static size_t
count_level(const json_t *issues, const char *level)
{
	const json_t *i;
	size_t k, n = 0;

	json_array_foreach(issues, k, i)
	{
		if (strcmp(json_string_value(json_object_get(i, "level")), level) == 0)
			n++;
	}
	return n;
}

static const char *
str_at(const json_t *o, const char *path)
{
	json_t *j = json_object_get(o, "x");
	char key[64];
	const char *p = path;

	(void)j;
	/* A tiny path walker: "a.b", "a[1].b". */
	while (*p != '\0') {
		size_t n = strcspn(p, ".[");

		memcpy(key, p, n);
		key[n] = '\0';
		if (n > 0)
			o = json_object_get(o, key);
		p += n;
		if (*p == '[') {
			o = json_array_get(o, strtoul(p + 1, NULL, 10));
			p = strchr(p, ']') + 1;
		}
		if (*p == '.')
			p++;
	}
	if (!json_is_string(o))
		fail_msg("%s is not a string", path);
	return json_string_value(o);
}

static void
test_full_report(void **state)
{
	json_t *in = parse(full), *issues, *out, *again, *issues2, *a;
	int rc;

	(void)state;
	out = validate(in, REPORT_SUBMIT, NULL, &issues, &rc);
	if (rc != 0 || json_array_size(issues) != 0)
		fail_msg("issues: %s", json_dumps(issues, JSON_INDENT(1)));
	assert_string_equal(str_at(out, "contact.name"), "Иванова Мария Петровна");
	assert_string_equal(str_at(out, "contact.phone"), "+74232222222");
	assert_string_equal(str_at(out, "contact.phone_ext"), "123");
	assert_string_equal(str_at(out, "contact.email"), "Ivanova@почта.рф");
	assert_string_equal(str_at(out, "activities[0].date"), "2022-02-08");
	assert_string_equal(str_at(out, "activities[0].title"), "Урок цифровой ёлки"); /* NFC */
	assert_string_equal(str_at(out, "activities[0].description"), "Строка 1\nСтрока 2");
	a = json_object_get(json_array_get(json_object_get(out, "activities"), 0), "audience");
	assert_int_equal(json_array_size(a), 2);
	assert_string_equal(json_string_value(json_array_get(a, 0)), "children");
	assert_string_equal(json_string_value(json_array_get(a, 1)), "parents");
	a = json_array_get(json_object_get(out, "activities"), 0);
	assert_int_equal(json_integer_value(json_object_get(a, "participants")), 1250);
	assert_int_equal(json_integer_value(json_object_get(a, "reach")), 12500);
	assert_int_equal(json_array_size(json_object_get(a, "links")), 1); /* the empty one dropped */
	assert_string_equal(str_at(out, "activities[0].links[0].url"), "https://VK.com/wall-1_1");
	assert_string_equal(str_at(out, "activities[0].links[0].key"), "https://vk.com/wall-1_1");
	assert_string_equal(str_at(out, "activities[0].links[0].network"), "vk");
	a = json_array_get(json_object_get(out, "activities"), 1);
	assert_true(json_is_null(json_object_get(a, "participants")));
	assert_int_equal(json_integer_value(json_object_get(a, "reach")), 300);
	assert_string_equal(str_at(out, "activities[1].description"), "");
	assert_string_equal(str_at(out, "organizations[0].inn"), "2504001783");
	assert_string_equal(str_at(out, "publications[0].url"), "https://минобрнауки.рф/news");
	assert_string_equal(str_at(out, "publications[0].key"), "https://xn--80abucjiibhv9a.xn--p1ai/news");
	assert_string_equal(str_at(out, "publications[0].network"), "site");
	a = json_array_get(json_object_get(out, "publications"), 0);
	assert_int_equal(json_integer_value(json_object_get(a, "views")), 1000);
	assert_true(json_is_true(json_object_get(a, "has_hashtag")));
	assert_true(json_is_false(json_object_get(a, "has_alliance_link")));
	assert_string_equal(str_at(out, "remarks"), "");
	assert_string_equal(str_at(out, "no_activity_reason"), "");

	/* The output validates to itself. */
	again = validate(out, REPORT_SUBMIT, NULL, &issues2, &rc);
	assert_int_equal(rc, 0);
	assert_int_equal(json_array_size(issues2), 0);
	if (!json_equal(out, again))
		fail_msg("not idempotent:\n%s\n%s", json_dumps(out, 0), json_dumps(again, 0));
	json_decref(again);
	json_decref(issues2);
	json_decref(out);
	json_decref(issues);
	json_decref(in);
}

static void
test_draft_lenient_submit_complete(void **state)
{
	json_t *in = parse("{}"), *issues, *out;
	int rc;

	(void)state;
	out = validate(in, REPORT_DRAFT, NULL, &issues, &rc);
	assert_int_equal(rc, 0);
	assert_int_equal(json_array_size(issues), 0);
	/* Every field present, empty. */
	assert_string_equal(str_at(out, "contact.phone"), "");
	assert_int_equal(json_array_size(json_object_get(out, "activities")), 0);
	assert_true(json_is_array(json_object_get(out, "organizations")));
	assert_true(json_is_array(json_object_get(out, "publications")));
	json_decref(out);
	json_decref(issues);

	out = validate(in, REPORT_SUBMIT, NULL, &issues, &rc);
	assert_int_equal(rc, -1);
	has_issue(issues, "contact.name", "error", "Контактное лицо, поле «ФИО»: заполните это поле");
	has_issue(issues, "contact.position", "error", "«Должность»");
	has_issue(issues, "contact.phone", "error", "«Телефон»");
	has_issue(issues, "contact.email", "error", "«Эл. почта»");
	has_issue(issues, "activities", "error", "Отчёт: добавьте хотя бы одно мероприятие");
	assert_int_equal(json_array_size(issues), 5);
	json_decref(out);
	json_decref(issues);

	/* A written reason stands in for activities. */
	assert_int_equal(json_object_set_new(in, "no_activity_reason", json_string("Карантин в школах")), 0);
	out = validate(in, REPORT_SUBMIT, NULL, &issues, &rc);
	assert_int_equal(json_array_size(issues), 4);
	json_decref(out);
	json_decref(issues);
	json_decref(in);
}

static void
test_row_errors(void **state)
{
	json_t *in, *issues, *out;
	const json_t *i;
	int rc;

	(void)state;
	in = parse(
		"{\"activities\": ["
		" {\"form\": \"posts\", \"date\": \"2022-02-08\", \"title\": \"a\"},"
		" {\"form\": \"posts\", \"date\": \"2022-02-30\", \"title\": \"b\"},"
		" {\"form\": \"posts\", \"date\": \"2022-02-07\", \"title\": \"c\", \"participants\": \"12,5\"},"
		" {\"form\": \"nope\", \"date\": \"09.03.2022\", \"title\": \"d\", \"participants\": \"-5\","
		"  \"reach\": \"12 50\", \"audience\": [\"kids\"], \"links\": [\"javascript:alert(1)\"]},"
		" {\"form\": \"posts\", \"title\": \"e\\nf\", \"participants\": \"10000001\","
		"  \"reach\": \"1 000 000 001\", \"colour\": \"red\"}]}");
	out = validate(in, REPORT_DRAFT, NULL, &issues, &rc);
	assert_int_equal(rc, -1);
	has_issue(issues, "activities[1].date", "error",
		  "Мероприятие 2, поле «Дата»: неверная дата; укажите её в виде ДД.ММ.ГГГГ");
	has_issue(issues, "activities[2].date", "error",
		  "Мероприятие 3, поле «Дата»: дата вне периода акции (08.02.2022 – 08.03.2022)");
	has_issue(issues, "activities[2].participants", "error",
		  "Мероприятие 3, поле «Участники»: допустимо только целое число");
	has_issue(issues, "activities[3].form", "error", "в акции нет такой формы");
	has_issue(issues, "activities[3].date", "error", "вне периода акции");
	has_issue(issues, "activities[3].participants", "error", "без знака");
	has_issue(issues, "activities[3].reach", "error", "по три цифры");
	has_issue(issues, "activities[3].audience[0]", "error", "нет такой аудитории");
	has_issue(issues, "activities[3].links[0]", "error",
		  "Мероприятие 4, поле «Ссылки», ссылка 1: допустимы только адреса http:// и https://");
	has_issue(issues, "activities[4].title", "error", "одной строкой");
	has_issue(issues, "activities[4].participants", "error", "не больше 10000000");
	has_issue(issues, "activities[4].reach", "error", "не больше 1000000000");
	has_issue(issues, "activities[4].colour", "error", "Мероприятие 5, поле «colour»: неизвестное поле");
	assert_int_equal(count_level(issues, "error"), 13);
	/* Row numbers are 1-based, section and field are named. */
	i = json_array_get(issues, 1);
	assert_string_equal(json_string_value(json_object_get(i, "path")), "activities[2].date");
	assert_int_equal(json_integer_value(json_object_get(i, "row")), 3);
	assert_string_equal(json_string_value(json_object_get(i, "section")), "activities");
	assert_string_equal(json_string_value(json_object_get(i, "field")), "date");
	/* Bad values are kept as typed. */
	assert_string_equal(str_at(out, "activities[2].participants"), "12,5");
	assert_string_equal(str_at(out, "activities[1].date"), "2022-02-30");
	json_decref(out);
	json_decref(issues);
	json_decref(in);
}

static void
test_warnings(void **state)
{
	json_t *in, *issues, *out;
	int rc;

	(void)state;
	in = parse(
		"{\"activities\": ["
		" {\"form\": \"posts\", \"date\": \"2022-02-08\", \"title\": \"a\", \"participants\": 500,"
		"  \"reach\": \"100\", \"links\": [\"https://vk.com/wall-1_1\"]},"
		" {\"form\": \"posts\", \"date\": \"2022-02-09\", \"title\": \"b\","
		"  \"links\": [\"https://VK.COM/wall-1_1#reply\", \"https://ivan:pw@ok.ru/x\"]}],"
		" \"organizations\": ["
		"  {\"name\": \"Школа № 5\", \"kind\": \"school\", \"inn\": \"7707083893\", \"joined\": \"2021-12-01\"},"
		"  {\"name\": \"ШКОЛА № 5\", \"kind\": \"school\", \"inn\": \"7707083893\", \"joined\": \"2022-02-10\"}],"
		" \"publications\": ["
		"  {\"url\": \"https://t.me/internetforkids_ru/1\", \"date\": \"2022-02-10\"},"
		"  {\"url\": \"https://t.me/internetforkids_ru/1/\", \"date\": \"2022-02-10\"},"
		"  {\"url\": \"https://t.me/internetforkids_ru/1#x\", \"date\": \"2022-02-10\"},"
		"  {\"url\": \"https://vk.com/wall-1_1\", \"date\": \"2022-02-10\"}]}");
	out = validate(in, REPORT_DRAFT, NULL, &issues, &rc);
	if (rc != 0)
		fail_msg("issues: %s", json_dumps(issues, JSON_INDENT(1)));
	has_issue(issues, "activities[0].reach", "warning", "охват (100) меньше числа участников (500)");
	has_issue(issues, "activities[1].links[0]", "warning", "уже указана в мероприятии 1");
	has_issue(issues, "activities[1].links[1]", "warning", "пароль");
	has_issue(issues, "organizations[0].joined", "warning", "вне периода акции");
	has_issue(issues, "organizations[1].name", "warning", "уже указана в строке 1");
	has_issue(issues, "organizations[1].inn", "warning", "этот ИНН уже указан у организации 1");
	/* "/1/" is not "/1" (only the root slash goes), "#x" is dropped. */
	has_issue(issues, "publications[2].url", "warning",
		  "Публикация 3, поле «Ссылка»: эта ссылка уже указана в публикации 1");
	/* A publication may repeat an activity's link: no warning for publications[3]. */
	assert_int_equal(count_level(issues, "warning"), 7);
	assert_int_equal(count_level(issues, "error"), 0);
	json_decref(out);
	json_decref(issues);
	json_decref(in);
}

static void
test_organizations(void **state)
{
	json_t *in, *issues, *out;
	int rc;

	(void)state;
	in = parse(
		"{\"organizations\": ["
		" {\"name\": \"ООО «Ромашка»\", \"kind\": \"business\", \"inn\": \"2540000001\", \"joined\": \"2022-02-10\"},"
		" {\"name\": \"ИП Петров\", \"kind\": \"shop\", \"inn\": \"25401234569\", \"joined\": \"2022-02-10\"},"
		" {\"name\": \"ИП Сидоров\", \"kind\": \"other\", \"inn\": \"254012345692\", \"joined\": \"2022-02-10\"},"
		" {\"name\": \"\", \"kind\": \"\", \"inn\": \"\", \"joined\": \"\"},"
		" {\"kind\": \"ngo\"}]}");
	out = validate(in, REPORT_SUBMIT, NULL, &issues, &rc);
	has_issue(issues, "organizations[0].inn", "error",
		  "Организация 1, поле «ИНН»: не сходится контрольная цифра — проверьте номер");
	has_issue(issues, "organizations[1].kind", "error", "выберите тип организации из списка");
	has_issue(issues, "organizations[1].inn", "error", "10 цифр (организация) или 12 цифр (ИП)");
	has_issue(issues, "organizations[3]", "error", "Организация 4: строка не заполнена");
	has_issue(issues, "organizations[4].name", "error",
		  "Организация 5, поле «Название»: заполните это поле");
	has_issue(issues, "organizations[4].joined", "error", "«Дата присоединения»");
	assert_string_equal(str_at(out, "organizations[2].inn"), "254012345692");
	json_decref(out);
	json_decref(issues);

	/* In a draft, the blank row and the missing fields are fine. */
	out = validate(in, REPORT_DRAFT, NULL, &issues, &rc);
	assert_int_equal(count_level(issues, "error"), 3);
	json_decref(out);
	json_decref(issues);
	json_decref(in);
}

static void
test_contact(void **state)
{
	json_t *in, *issues, *out;
	int rc;

	(void)state;
	in = parse("{\"contact\": {\"name\": \"Иванова\", \"position\": \"специалист\","
		   " \"phone\": \"+380 44 123 45 67\", \"email\": \"ivanova@localhost\"}}");
	out = validate(in, REPORT_DRAFT, NULL, &issues, &rc);
	assert_int_equal(rc, -1);
	has_issue(issues, "contact.phone", "error",
		  "Контактное лицо, поле «Телефон»: принимаются только российские");
	has_issue(issues, "contact.phone", "error", "+7 423 222-22-22");
	has_issue(issues, "contact.email", "error", "неверный адрес электронной почты");
	assert_string_equal(str_at(out, "contact.phone"), "+380 44 123 45 67");
	json_decref(out);
	json_decref(issues);
	json_decref(in);

	in = parse("{\"contact\": {\"name\": \"И\", \"position\": \"с\", \"phone\": \"89147000000\","
		   " \"phone_ext\": \"12\", \"email\": \"a.b@mail.ru\"}}");
	out = validate(in, REPORT_DRAFT, NULL, &issues, &rc);
	assert_int_equal(rc, 0);
	assert_string_equal(str_at(out, "contact.phone"), "+79147000000");
	assert_string_equal(str_at(out, "contact.phone_ext"), "12");
	json_decref(out);
	json_decref(issues);
	json_decref(in);
}

static void
test_numbers(void **state)
{
	int64_t v = -1;

	(void)state;
	assert_int_equal(report_number_parse("12500", 100000, &v), REPORT_NUM_OK);
	assert_int_equal(v, 12500);
	assert_int_equal(report_number_parse(" 12 500 ", 100000, &v), REPORT_NUM_OK);
	assert_int_equal(report_number_parse("12\xc2\xa0"
					     "500",
					     100000, &v),
			 REPORT_NUM_OK); /* no-break */
	assert_int_equal(report_number_parse("12\xe2\x80\xaf"
					     "500",
					     100000, &v),
			 REPORT_NUM_OK); /* narrow */
	assert_int_equal(report_number_parse("12\xe2\x80\x89"
					     "500",
					     100000, &v),
			 REPORT_NUM_OK); /* thin */
	assert_int_equal(v, 12500);
	assert_int_equal(report_number_parse("1 000 000", 10000000, &v), REPORT_NUM_OK);
	assert_int_equal(v, 1000000);
	assert_int_equal(report_number_parse("0", 10, &v), REPORT_NUM_OK);
	assert_int_equal(v, 0);
	assert_int_equal(report_number_parse("007", 10, &v), REPORT_NUM_OK);
	assert_int_equal(v, 7);
	/* The bound is inclusive. */
	assert_int_equal(report_number_parse("10 000 000", REPORT_PARTICIPANTS_MAX, &v), REPORT_NUM_OK);
	assert_int_equal(report_number_parse("10 000 001", REPORT_PARTICIPANTS_MAX, &v), REPORT_NUM_TOO_BIG);
	assert_int_equal(report_number_parse("99999999999999999999999", REPORT_REACH_MAX, &v),
			 REPORT_NUM_TOO_BIG);
	v = 42;
	assert_int_equal(report_number_parse("", 10, &v), REPORT_NUM_EMPTY);
	assert_int_equal(report_number_parse("-5", 10, &v), REPORT_NUM_SIGN);
	assert_int_equal(report_number_parse("+5", 10, &v), REPORT_NUM_SIGN);
	assert_int_equal(report_number_parse("\xe2\x88\x92"
					     "5",
					     10, &v),
			 REPORT_NUM_SIGN);
	assert_int_equal(report_number_parse("12,5", 100, &v), REPORT_NUM_DECIMAL);
	assert_int_equal(report_number_parse("12.5", 100, &v), REPORT_NUM_DECIMAL);
	assert_int_equal(report_number_parse("12 50", 10000, &v), REPORT_NUM_GROUPS);
	assert_int_equal(report_number_parse("1234 567", 10000000, &v), REPORT_NUM_GROUPS);
	assert_int_equal(report_number_parse("12  500", 100000, &v), REPORT_NUM_GROUPS);
	assert_int_equal(report_number_parse("12 5000", 100000, &v), REPORT_NUM_GROUPS);
	assert_int_equal(report_number_parse("около 100", 1000, &v), REPORT_NUM_NOT_NUMBER);
	assert_int_equal(report_number_parse("100 человек", 1000, &v), REPORT_NUM_NOT_NUMBER);
	assert_int_equal(report_number_parse("1e3", 1000, &v), REPORT_NUM_NOT_NUMBER);
	assert_int_equal(report_number_parse("12.", 1000, &v), REPORT_NUM_NOT_NUMBER);
	assert_int_equal(report_number_parse("１２", 1000, &v), REPORT_NUM_NOT_NUMBER); /* fullwidth */
	assert_int_equal(v, 42);
}

static void
test_retired_forms_and_future(void **state)
{
	json_t *camp = json_deep_copy(campaign), *in, *prev, *issues, *out;
	struct report_rules rules = {REPORT_DRAFT, camp, NULL, 0};
	int rc;

	(void)state;
	assert_non_null(camp);
	assert_int_equal(json_object_set_new(json_array_get(json_object_get(camp, "forms"), 0), "retired",
					     json_true()),
			 0);
	rules.today = today;
	in = parse(
		"{\"activities\": [{\"form\": \"banners-online\", \"date\": \"2022-03-01\", \"title\": \"x\"}]}");
	rc = report_validate(in, &rules, &out, &issues);
	assert_int_equal(rc, -1);
	has_issue(issues, "activities[0].form", "error", "больше не используется");
	json_decref(out);
	json_decref(issues);
	/* Kept on a report that already used it. */
	prev = parse("{\"activities\": [{\"form\": \"banners-online\"}]}");
	rules.previous = prev;
	rc = report_validate(in, &rules, &out, &issues);
	assert_int_equal(rc, 0);
	json_decref(out);
	json_decref(issues);

	/* A date after today: a warning in a draft, an error on submit. */
	rules.today = today - 20; /* 2022-02-18 */
	rc = report_validate(in, &rules, &out, &issues);
	assert_int_equal(rc, 0);
	has_issue(issues, "activities[0].date", "warning", "ещё не наступила");
	json_decref(out);
	json_decref(issues);
	rules.mode = REPORT_SUBMIT;
	rc = report_validate(in, &rules, &out, &issues);
	assert_int_equal(rc, -1);
	has_issue(issues, "activities[0].date", "error", "дата ещё не наступила");
	json_decref(out);
	json_decref(issues);
	json_decref(prev);
	json_decref(in);
	json_decref(camp);
}

static void
test_grace(void **state)
{
	json_t *camp = json_deep_copy(campaign), *in, *issues, *out;
	struct report_rules rules = {REPORT_DRAFT, camp, NULL, 0};
	int rc;

	(void)state;
	rules.today = today + 10;
	assert_int_equal(json_object_set_new(camp, "grace_days", json_integer(2)), 0);
	in = parse("{\"publications\": [{\"url\": \"https://ok.ru/x\", \"date\": \"2022-03-10\"},"
		   " {\"url\": \"https://ok.ru/y\", \"date\": \"2022-02-06\"},"
		   " {\"url\": \"https://ok.ru/z\", \"date\": \"2022-03-11\"}]}");
	rc = report_validate(in, &rules, &out, &issues);
	assert_int_equal(rc, -1);
	assert_int_equal(json_array_size(issues), 1);
	has_issue(issues, "publications[2].date", "error",
		  "дата вне периода акции (08.02.2022 – 08.03.2022; с допуском — 06.02.2022 – 10.03.2022)");
	json_decref(out);
	json_decref(issues);
	json_decref(in);
	json_decref(camp);
}

static void
test_limits_and_types(void **state)
{
	json_t *in, *issues, *out, *act;
	char title[2 * 301 + 1];
	int rc, k;

	(void)state;
	for (k = 0; k < 300; k++)
		memcpy(title + 2 * k, "ж", 2);
	title[600] = '\0';
	act = json_pack("{s:s,s:s,s:s}", "form", "posts", "date", "2022-02-10", "title", title);
	in = json_pack("{s:[o]}", "activities", act);
	out = validate(in, REPORT_SUBMIT, NULL, &issues, &rc);
	assert_int_equal(count_level(issues, "error"), 4); /* the contact only */
	json_decref(out);
	json_decref(issues);
	memcpy(title + 600, "ж", 3);
	assert_int_equal(json_object_set_new(act, "title", json_string(title)), 0);
	out = validate(in, REPORT_SUBMIT, NULL, &issues, &rc);
	has_issue(issues, "activities[0].title", "error", "не длиннее 300 символов (сейчас 301)");
	json_decref(out);
	json_decref(issues);
	json_decref(in);

	in = parse("{\"contact\": [], \"activities\": {}, \"publications\": [1, {\"has_hashtag\": \"может\","
		   " \"views\": 1.5, \"url\": 5}], \"remarks\": 7, \"extra\": 1, \"Bad Key\": 2}");
	out = validate(in, REPORT_DRAFT, NULL, &issues, &rc);
	assert_int_equal(rc, -1);
	has_issue(issues, "contact", "error", "Поле «Контактное лицо»: неверные данные");
	has_issue(issues, "activities", "error", "ожидается список строк");
	has_issue(issues, "publications[0]", "error", "Публикация 1: неверные данные строки");
	has_issue(issues, "publications[1].has_hashtag", "error", "ожидается отметка");
	has_issue(issues, "publications[1].views", "error", "целое число");
	has_issue(issues, "publications[1].url", "error", "ожидается адрес");
	has_issue(issues, "remarks", "error", "Поле «Примечания»: ожидается текст");
	has_issue(issues, "extra", "error", "Поле «extra»: неизвестное поле");
	has_issue(issues, "", "error", "Отчёт: неизвестное поле в данных формы");
	assert_int_equal(json_array_size(json_object_get(out, "activities")), 0);
	assert_int_equal(json_array_size(json_object_get(out, "publications")), 2);
	json_decref(out);
	json_decref(issues);
	json_decref(in);

	in = json_string("not a report");
	out = validate(in, REPORT_DRAFT, NULL, &issues, &rc);
	assert_int_equal(rc, -1);
	has_issue(issues, "", "error", "Отчёт: неверные данные отчёта");
	assert_true(json_is_object(json_object_get(out, "contact")));
	json_decref(out);
	json_decref(issues);
	json_decref(in);
}

/*
 * Limits count what their messages say: «ё✈️» ×3400 is 10 200 code points
 * but 6 800 characters, so a description (5000) reports 6800 and remarks
 * (10 000) accept it; the e-mail limit is in bytes and says so.
 */
/*
 * Dates are read as the campaign form reads them (util/civil's
 * civil_date_input): «8.2.2022» is 8 February, as «08.02.2022» and ISO.
 * The report used to take only two-digit days and months.
 */
static void
test_dates_as_typed(void **state)
{
	static const char *const same[] = {"2022-02-08", "08.02.2022", "8.2.2022", " 8.02.2022 "};
	json_t *in, *issues, *out;
	size_t i;
	int rc;

	(void)state;
	for (i = 0; i < sizeof(same) / sizeof(same[0]); i++) {
		in = json_pack("{s:[{s:s,s:s,s:s}]}", "activities", "form", "posts", "date", same[i], "title",
			       "Урок");
		out = validate(in, REPORT_DRAFT, NULL, &issues, &rc);
		assert_int_equal(rc, 0);
		assert_string_equal(json_string_value(json_object_get(
					    json_array_get(json_object_get(out, "activities"), 0), "date")),
				    "2022-02-08");
		json_decref(out);
		json_decref(issues);
		json_decref(in);
	}
	in = json_pack("{s:[{s:s,s:s,s:s}]}", "activities", "form", "posts", "date", "30.02.2022", "title",
		       "Урок");
	out = validate(in, REPORT_DRAFT, NULL, &issues, &rc);
	assert_int_equal(rc, -1);
	has_issue(issues, "activities[0].date", "error", "неверная дата");
	json_decref(out);
	json_decref(issues);
	json_decref(in);
}

static void
test_limits_count_characters(void **state)
{
	struct buf b, mail;
	json_t *in, *issues, *out;
	int rc, i;

	(void)state;
	buf_init(&b, 1 << 20);
	for (i = 0; i < 3400; i++)
		assert_int_equal(buf_adds(&b, "ё\xe2\x9c\x88\xef\xb8\x8f"), 0);
	in = json_pack("{s:[{s:s,s:s,s:s,s:s}]}", "activities", "form", "posts", "date", "2022-02-10",
		       "title", "Урок", "description", b.data);
	out = validate(in, REPORT_DRAFT, NULL, &issues, &rc);
	assert_int_equal(rc, -1);
	has_issue(issues, "activities[0].description", "error", "не длиннее 5000 символов (сейчас 6800)");
	json_decref(out);
	json_decref(issues);
	json_decref(in);
	in = json_pack("{s:s}", "remarks", b.data);
	out = validate(in, REPORT_DRAFT, NULL, &issues, &rc);
	assert_int_equal(rc, 0);
	assert_int_equal(count_level(issues, "error"), 0);
	json_decref(out);
	json_decref(issues);
	json_decref(in);
	/* NFD «ё» (е + U+0308) is one character, as the precomposed one. */
	buf_reset(&b);
	for (i = 0; i < 301; i++)
		assert_int_equal(buf_adds(&b, "е\xcc\x88"), 0);
	in = json_pack("{s:[{s:s,s:s,s:s}]}", "activities", "form", "posts", "date", "2022-02-10", "title",
		       b.data);
	out = validate(in, REPORT_DRAFT, NULL, &issues, &rc);
	has_issue(issues, "activities[0].title", "error", "не длиннее 300 символов (сейчас 301)");
	json_decref(out);
	json_decref(issues);
	json_decref(in);
	buf_release(&b);
	/* An e-mail address of 255 bytes: the message says «байт». */
	buf_init(&mail, 1024);
	assert_int_equal(buf_adds(&mail, "a@"), 0);
	for (i = 0; i < 253; i++)
		assert_int_equal(buf_addc(&mail, 'b'), 0);
	in = json_pack("{s:{s:s}}", "contact", "email", mail.data);
	out = validate(in, REPORT_DRAFT, NULL, &issues, &rc);
	has_issue(issues, "contact.email", "error", "не длиннее 254 байт (сейчас 255)");
	json_decref(out);
	json_decref(issues);
	json_decref(in);
	buf_release(&mail);
}

static void
test_row_ids(void **state)
{
	json_t *in, *issues, *out;
	int rc;

	(void)state;
	in = parse(
		"{\"activities\": [{\"id\": \"a1\", \"title\": \"x\"}, {\"id\": \"a1\"}, {\"id\": \"a b\"}]}");
	out = validate(in, REPORT_DRAFT, NULL, &issues, &rc);
	has_issue(issues, "activities[1].id", "error", "повторяется");
	has_issue(issues, "activities[2].id", "error", "неверный идентификатор");
	assert_string_equal(str_at(out, "activities[0].id"), "a1");
	json_decref(out);
	json_decref(issues);
	json_decref(in);
}

static const json_t *
change_at(const json_t *changes, const char *path)
{
	const json_t *c;
	size_t i;

	json_array_foreach(changes, i, c)
	{
		if (strcmp(json_string_value(json_object_get(c, "path")), path) == 0)
			return c;
	}
	fail_msg("no change at %s: %s", path, json_dumps(changes, JSON_INDENT(1)));
	return NULL;
}

static void
test_diff(void **state)
{
	json_t *b, *a, *d;
	const json_t *c;

	(void)state;
	b = parse("{\"contact\": {\"name\": \"Иванова\", \"phone\": \"\"},"
		  " \"activities\": [{\"title\": \"a\", \"reach\": 10}, {\"title\": \"b\"}],"
		  " \"organizations\": [], \"publications\": [], \"remarks\": \"старое\"}");
	a = parse("{\"contact\": {\"name\": \"Петрова\", \"phone\": \"+74232222222\"},"
		  " \"activities\": [{\"title\": \"a\", \"reach\": 20}],"
		  " \"organizations\": [{\"name\": \"Школа\"}], \"publications\": [], \"remarks\": \"\"}");
	d = report_diff(b, a);
	assert_int_equal(json_array_size(d), 6);
	c = change_at(d, "contact.name");
	assert_string_equal(json_string_value(json_object_get(c, "change")), "changed");
	assert_string_equal(json_string_value(json_object_get(c, "before")), "Иванова");
	assert_string_equal(json_string_value(json_object_get(c, "after")), "Петрова");
	assert_true(json_is_null(json_object_get(c, "row")));
	c = change_at(d, "contact.phone");
	assert_string_equal(json_string_value(json_object_get(c, "change")), "added");
	c = change_at(d, "activities[0].reach");
	assert_string_equal(json_string_value(json_object_get(c, "change")), "changed");
	assert_int_equal(json_integer_value(json_object_get(c, "row")), 1);
	assert_int_equal(json_integer_value(json_object_get(c, "after")), 20);
	c = change_at(d, "activities[1]");
	assert_string_equal(json_string_value(json_object_get(c, "change")), "removed");
	assert_string_equal(json_string_value(json_object_get(json_object_get(c, "before"), "title")), "b");
	assert_true(json_is_null(json_object_get(c, "after")));
	c = change_at(d, "organizations[0]");
	assert_string_equal(json_string_value(json_object_get(c, "change")), "added");
	c = change_at(d, "remarks");
	assert_string_equal(json_string_value(json_object_get(c, "change")), "removed");
	json_decref(d);

	/* Same version: no changes; first version: everything added. */
	d = report_diff(a, a);
	assert_int_equal(json_array_size(d), 0);
	json_decref(d);
	d = report_diff(NULL, a);
	assert_int_equal(json_array_size(d), 4); /* name, phone, one activity, one organization */
	c = change_at(d, "activities[0]");
	assert_string_equal(json_string_value(json_object_get(c, "change")), "added");
	json_decref(d);
	json_decref(a);
	json_decref(b);

	/* With ids: deleting the first row is one removal, not a cascade of changes. */
	b = parse("{\"activities\": [{\"id\": \"x\", \"title\": \"a\"}, {\"id\": \"y\", \"title\": \"b\"},"
		  " {\"id\": \"z\", \"title\": \"c\"}]}");
	a = parse("{\"activities\": [{\"id\": \"z\", \"title\": \"c\"}, {\"id\": \"y\", \"title\": \"B\"}]}");
	d = report_diff(b, a);
	assert_int_equal(json_array_size(d), 2);
	c = change_at(d, "activities[1].title");
	assert_string_equal(json_string_value(json_object_get(c, "id")), "y");
	assert_string_equal(json_string_value(json_object_get(c, "before")), "b");
	c = change_at(d, "activities[0]");
	assert_string_equal(json_string_value(json_object_get(c, "change")), "removed");
	assert_string_equal(json_string_value(json_object_get(c, "id")), "x");
	json_decref(d);
	json_decref(a);
	json_decref(b);
}

static void
test_labels(void **state)
{
	(void)state;
	assert_string_equal(report_section_label("activities"), "Мероприятие");
	assert_string_equal(report_section_label("organizations"), "Организация");
	assert_string_equal(report_section_label("publications"), "Публикация");
	assert_string_equal(report_section_label("contact"), "Контактное лицо");
	assert_null(report_section_label("x"));
	assert_string_equal(report_field_label("activities", "date"), "Дата");
	assert_string_equal(report_field_label("organizations", "joined"), "Дата присоединения");
	assert_string_equal(report_field_label(NULL, "remarks"), "Примечания");
	assert_null(report_field_label("activities", NULL)); /* a whole row added or removed */
	assert_null(report_field_label(NULL, "date"));
	assert_string_equal(report_audience_title("children"), "Дети");
	assert_string_equal(report_org_kind_title("kindergarten"), "Детский сад");
	assert_null(report_org_kind_title("shop"));
	assert_string_equal(report_org_kinds[11], "other");
	assert_null(report_org_kinds[12]);
	assert_null(report_audiences[5]);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_full_report),    cmocka_unit_test(test_draft_lenient_submit_complete),
		cmocka_unit_test(test_row_errors),     cmocka_unit_test(test_warnings),
		cmocka_unit_test(test_organizations),  cmocka_unit_test(test_contact),
		cmocka_unit_test(test_numbers),        cmocka_unit_test(test_retired_forms_and_future),
		cmocka_unit_test(test_grace),          cmocka_unit_test(test_limits_and_types),
		cmocka_unit_test(test_dates_as_typed), cmocka_unit_test(test_limits_count_characters),
		cmocka_unit_test(test_row_ids),        cmocka_unit_test(test_diff),
		cmocka_unit_test(test_labels),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
