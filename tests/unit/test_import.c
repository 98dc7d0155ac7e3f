/*
 * test_import: domain/import.h against the real campaign (data/
 * charter-2022.json) and municipalities file — contact given on every row or
 * on the first row only, a conflicting contact (warning); forms by number,
 * title and code; audience words; dates in both formats; headers in Russian
 * in any case and as English codes; a municipality by code, by name, with
 * «е» for «ё», and from the row above; the line numbers of issues found by
 * report_validate (a quoted line break makes line and row differ); stored
 * data kept; the bad inputs: unknown municipality, form, audience, bad
 * date, missing column, Windows-1251, the size and row limits.
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
#include "domain/import.h"
#include "domain/orgunit.h"
#include "util/buf.h"
#include "util/civil.h"

static json_t *campaign, *units;
static int64_t today; /* well after the campaign: no "future date" warnings */

static char *
slurp(const char *rel, size_t *len)
{
	const char *root = getenv("SVODKA_SOURCE");
	char path[1024];
	FILE *f;
	char *data;
	long n;
	int r;

	assert_non_null(root);
	r = snprintf(path, sizeof(path), "%s/%s", root, rel);
	assert_true(r > 0 && (size_t)r < sizeof(path));
	f = fopen(path, "rb");
	assert_non_null(f);
	assert_int_equal(fseek(f, 0, SEEK_END), 0);
	n = ftell(f);
	assert_true(n > 0);
	rewind(f);
	data = malloc((size_t)n + 1);
	assert_non_null(data);
	assert_int_equal(fread(data, 1, (size_t)n, f), (size_t)n);
	data[n] = '\0';
	fclose(f);
	*len = (size_t)n;
	return data;
}

static int
setup(void **state)
{
	struct orgunit_error oerr;
	struct campaign_error cerr;
	json_t *doc;
	size_t len;
	char *text;

	(void)state;
	text = slurp("data/primorsky-municipalities.csv", &len);
	assert_int_equal(orgunit_csv_parse(text, len, &units, &oerr), 0);
	free(text);
	text = slurp("data/charter-2022.json", &len);
	doc = json_loads(text, 0, NULL);
	free(text);
	assert_non_null(doc);
	assert_int_equal(campaign_validate(doc, &campaign, &cerr), 0);
	json_decref(doc);
	today = civil_days_from_date(2022, 3, 10);
	return 0;
}

static int
teardown(void **state)
{
	(void)state;
	json_decref(campaign);
	json_decref(units);
	return 0;
}

/* Parses and checks s; returns the result (caller frees) and the rc of import_check in *rc. */
static json_t *
run(const char *s, const json_t *previous, int *rc)
{
	json_t *res = NULL;

	(void)import_parse(s, strlen(s), campaign, units, &res);
	assert_non_null(res);
	*rc = import_check(res, campaign, previous, today);
	return res;
}

static const json_t *
muni(const json_t *res, const char *code)
{
	const json_t *m = import_municipality(res, code);

	assert_non_null(m);
	return m;
}

static const json_t *
activity(const json_t *res, const char *code, size_t i)
{
	return json_array_get(json_object_get(json_object_get(muni(res, code), "data"), "activities"), i);
}

static const char *
act_str(const json_t *res, const char *code, size_t i, const char *key)
{
	return json_string_value(json_object_get(activity(res, code, i), key));
}

/* The issue at line with a message containing needle; fails when there is none. */
static const json_t *
find_issue(const json_t *res, long line, const char *column, const char *needle)
{
	const json_t *is;
	size_t i;

	json_array_foreach(json_object_get(res, "issues"), i, is)
	{
		const char *c = json_string_value(json_object_get(is, "column"));

		if (json_integer_value(json_object_get(is, "line")) == line &&
		    ((column == NULL && c == NULL) || (column && c && strcmp(column, c) == 0)) &&
		    strstr(json_string_value(json_object_get(is, "message")), needle) != NULL)
			return is;
	}
	fail_msg("no issue at line %ld, column %s, with «%s»", line, column ? column : "-", needle);
	return NULL;
}

static long
count(const json_t *res, const char *key)
{
	return (long)json_integer_value(json_object_get(res, key));
}

#define HEAD                                                                                                                                                                                      \
	"Муниципальное образование;ФИО контактного лица;Должность;Телефон;Эл. почта;Форма мероприятия;Дата;" \
	"Название;Описание;Аудитория;Участники;Охват;Ссылки\r\n"

static void
test_good_file(void **state)
{
	const char *csv =
		"\xef\xbb\xbf" HEAD
		"nakhodka;Иванова Анна;специалист;8 (4236) 69-22-10;ivanova@mail.ru;5;10.02.2022;"
		"Урок;\"Первая строка; вторая\r\nстрока\";Дети, родители;120;450;"
		"https://vk.com/wall-1_1, https://t.me/x/1\r\n"
		";;;;;posts;2022-02-15;Пост;;широкая общественность;;1 500;https://vk.com/wall-1_2\r\n"
		"Артемовский городской округ;Петров;;;;Размещение внешних баннеров;1.3.2022;Баннер;;"
		"педагоги / специалисты;;;\r\n"
		"vladivostok;Сидорова;;+7 423 222-33-44;;contests;20.02.2022;Конкурс;;;45;200;\r\n"
		"vladivostok;Сидорова;;+7 423 222-33-44;;8;21.02.2022;Баннер 2;;;;;\r\n";
	int rc;
	json_t *res = run(csv, NULL, &rc);
	const json_t *n, *contact;

	(void)state;
	assert_int_equal(rc, 0);
	assert_int_equal(count(res, "errors"), 0);
	assert_int_equal(count(res, "warnings"), 0);
	assert_string_equal(json_string_value(json_object_get(res, "encoding")), "utf-8-bom");
	assert_string_equal(json_string_value(json_object_get(res, "delimiter")), ";");
	assert_int_equal(count(res, "rows"), 5);
	assert_int_equal(json_array_size(json_object_get(res, "municipalities")), 3);

	n = muni(res, "nakhodka");
	assert_int_equal(count(n, "rows"), 2);
	assert_int_equal(count(n, "activities"), 2);
	assert_int_equal(count(n, "participants"), 120);
	assert_int_equal(count(n, "reach"), 1950);
	/* Contact on the first row only. */
	contact = json_object_get(json_object_get(n, "data"), "contact");
	assert_string_equal(json_string_value(json_object_get(contact, "name")), "Иванова Анна");
	assert_string_equal(json_string_value(json_object_get(contact, "phone")), "+74236692210");
	/* Form by number (5) and by code; dates in both formats. */
	assert_string_equal(act_str(res, "nakhodka", 0, "form"), "events-educational");
	assert_string_equal(act_str(res, "nakhodka", 1, "form"), "posts");
	assert_string_equal(act_str(res, "nakhodka", 0, "date"), "2022-02-10");
	assert_string_equal(act_str(res, "nakhodka", 1, "date"), "2022-02-15");
	assert_string_equal(act_str(res, "nakhodka", 0, "description"), "Первая строка; вторая\nстрока");
	assert_int_equal(json_array_size(json_object_get(activity(res, "nakhodka", 0), "links")), 2);
	assert_string_equal(json_string_value(json_array_get(
				    json_object_get(activity(res, "nakhodka", 0), "audience"), 1)),
			    "parents");
	assert_string_equal(json_string_value(json_array_get(
				    json_object_get(activity(res, "nakhodka", 1), "audience"), 0)),
			    "public");
	/* By name with «е» for «ё»; form by title; Д.М.ГГГГ; audience words split on '/'. */
	assert_string_equal(act_str(res, "artem", 0, "form"), "banners-outdoor");
	assert_string_equal(act_str(res, "artem", 0, "date"), "2022-03-01");
	assert_int_equal(json_array_size(json_object_get(activity(res, "artem", 0), "audience")), 2);
	/* Contact repeated on every row: no warning; form 8 is the last of the list. */
	assert_string_equal(act_str(res, "vladivostok", 1, "form"), "banners-outdoor");
	assert_int_equal(count(muni(res, "vladivostok"), "activities"), 2);
	json_decref(res);
}

static void
test_contact_conflict_and_inherit(void **state)
{
	const char *csv = HEAD "nakhodka;Иванова;;8 (4236) 69-22-10;;1;10.02.2022;А;;;;;\n"
			       ";иванова;;+7 4236 69-22-10;;1;11.02.2022;Б;;;;;\n"
			       ";Петрова;;;;1;12.02.2022;В;;;;;\n";
	int rc;
	json_t *res = run(csv, NULL, &rc);
	const json_t *is;

	(void)state;
	assert_int_equal(rc, 0);
	/* The same name in another case and the same phone written otherwise: no warning. */
	assert_int_equal(count(res, "warnings"), 1);
	is = find_issue(res, 4, "ФИО контактного лица", "отличается от указанного в строке 2 («Иванова»)");
	assert_string_equal(json_string_value(json_object_get(is, "level")), "warning");
	assert_string_equal(json_string_value(json_object_get(is, "org_unit")), "nakhodka");
	/* Rows without a municipality belong to the one above. */
	assert_int_equal(count(muni(res, "nakhodka"), "activities"), 3);
	assert_int_equal(count(muni(res, "nakhodka"), "warnings"), 1);
	json_decref(res);
}

/*
 * Every row's contact is checked with the form's rule, not only the first:
 * a later «12345», a bad e-mail or an over-long name is an error of its own
 * line and column (and the file cannot be committed); a later valid value
 * that differs stays a warning.
 */
static void
test_contact_later_rows_validated(void **state)
{
	char csv[4096];
	char name[1024];
	size_t i;
	int rc, k;
	json_t *res;
	const json_t *is;

	(void)state;
	name[0] = '\0';
	for (i = 0; i < 301; i++)
		memcpy(name + 2 * i, "Ж", 3);
	k = snprintf(csv, sizeof(csv),
		     HEAD "nakhodka;Иванова;специалист;8 (4236) 69-22-10;iv@mail.ru;1;10.02.2022;А;;;;;\n"
			  ";;;12345;;1;11.02.2022;Б;;;;;\n"
			  ";;;;нет;1;12.02.2022;В;;;;;\n"
			  ";%s;;;;1;13.02.2022;Г;;;;;\n"
			  ";;консультант;;;1;14.02.2022;Д;;;;;\n",
		     name);
	assert_true(k > 0 && (size_t)k < sizeof(csv));
	res = run(csv, NULL, &rc);
	assert_int_equal(rc, -1);
	assert_int_equal(count(res, "errors"), 3);
	is = find_issue(res, 3, "Телефон", "Строка 3, столбец «Телефон»: ");
	assert_string_equal(json_string_value(json_object_get(is, "level")), "error");
	assert_string_equal(json_string_value(json_object_get(is, "org_unit")), "nakhodka");
	find_issue(res, 4, "Эл. почта", "Строка 4, столбец «Эл. почта»: неверный адрес электронной почты");
	find_issue(res, 5, "ФИО контактного лица", "300");
	/* A valid later value that differs: still only the warning. */
	is = find_issue(res, 6, "Должность", "отличается от указанного в строке 2");
	assert_string_equal(json_string_value(json_object_get(is, "level")), "warning");
	assert_int_equal(count(res, "warnings"), 1);
	assert_int_equal(count(muni(res, "nakhodka"), "errors"), 3);
	json_decref(res);

	/* The same phone written another way on a later row is neither. */
	res = run(HEAD "nakhodka;;;8 (4236) 69-22-10;;1;10.02.2022;А;;;;;\n"
		       ";;;+7 4236 69-22-10;;1;11.02.2022;Б;;;;;\n",
		  NULL, &rc);
	assert_int_equal(rc, 0);
	assert_int_equal(count(res, "errors"), 0);
	assert_int_equal(count(res, "warnings"), 0);
	json_decref(res);
}

static void
test_headers(void **state)
{
	/* English codes in any case and order, a «№» column, a hint in brackets, an unknown column. */
	const char *csv = "№,DATE,Municipality,Title,FORM,Примечание\n"
			  "1,2022-02-10,nakhodka,Урок,posts,что-то\n";
	const char *dup = "Дата;Название;Форма;МО;дата\nx;y;z;w;v\n";
	const char *missing = "Муниципальное образование;Название\nnakhodka;Урок\n";
	const char *hint = "МО;Форма;Дата (ДД.ММ.ГГГГ);Название*\nnakhodka;posts;10.02.2022;Урок\n";
	int rc;
	json_t *res = run(csv, NULL, &rc);

	(void)state;
	assert_int_equal(rc, 0);
	assert_string_equal(act_str(res, "nakhodka", 0, "form"), "posts");
	assert_string_equal(json_string_value(json_object_get(json_object_get(res, "columns"), "date")),
			    "DATE");
	find_issue(res, 1, NULL, "«Примечание» не распознан");
	json_decref(res);

	res = run(dup, NULL, &rc);
	assert_int_equal(rc, -1);
	find_issue(res, 1, NULL, "столбец «Дата» встречается в заголовке дважды (столбцы 1 и 5)");
	json_decref(res);

	res = run(missing, NULL, &rc);
	assert_int_equal(rc, -1);
	find_issue(res, 1, NULL, "в заголовке нет столбца «Дата»");
	find_issue(res, 1, NULL, "в заголовке нет столбца «Форма мероприятия»");
	assert_int_equal(json_array_size(json_object_get(res, "municipalities")), 0);
	json_decref(res);

	res = run(hint, NULL, &rc);
	assert_int_equal(rc, 0);
	assert_string_equal(act_str(res, "nakhodka", 0, "date"), "2022-02-10");
	json_decref(res);
}

static void
test_row_errors(void **state)
{
	const char *csv = HEAD "Горловский округ;;;;;1;10.02.2022;А;;;;;\n"
			       ";;;;;1;10.02.2022;Б;;;;;\n" /* belongs to the unknown one: silent */
			       "nakhodka;;;;;9;10.02.2022;В;;;;;\n"
			       "nakhodka;;;;;Круглый стол;10.02.2022;Г;;;;;\n"
			       "nakhodka;;;;;1;31.02.2022;Д;;;;;\n"
			       "nakhodka;;;;;1;10/02/2022;Е;;;;;\n"
			       "nakhodka;;;;;1;10.02.2022;Ж;;взрослые, дети;;;\n";
	int rc;
	json_t *res = run(csv, NULL, &rc);

	(void)state;
	assert_int_equal(rc, -1);
	assert_int_equal(count(res, "errors"), 6);
	find_issue(res, 2, "Муниципальное образование", "«Горловский округ» нет в списке");
	find_issue(res, 4, "Форма мероприятия", "формы «9» нет в акции; укажите номер формы от 1 до 8");
	find_issue(res, 5, "Форма мероприятия", "формы «Круглый стол» нет");
	find_issue(res, 6, "Дата", "неверная дата «31.02.2022»");
	find_issue(res, 7, "Дата", "неверная дата «10/02/2022»");
	find_issue(res, 8, "Аудитория", "аудитории «взрослые» нет");
	assert_string_equal(
		json_string_value(
			json_object_get(json_array_get(json_object_get(res, "issues"), 0), "message")),
		"Строка 2, столбец «Муниципальное образование»: муниципального образования "
		"«Горловский округ» нет в списке; укажите его код (например, nakhodka) или полное "
		"название («Находкинский городской округ»)");
	assert_int_equal(count(muni(res, "nakhodka"), "errors"), 5);
	json_decref(res);

	res = run(HEAD ";;;;;1;10.02.2022;А;;;;;\n", NULL, &rc);
	find_issue(res, 2, "Муниципальное образование", "не указано муниципальное образование");
	json_decref(res);
}

static void
test_mapped_line_numbers(void **state)
{
	/*
	 * Line 2's description spans lines 2–4, so artem's second activity
	 * starts on line 6 (row 4 in a spreadsheet). Its date is outside the
	 * campaign period and its reach below its participants: report_validate
	 * finds both on activities[1], mapped back here.
	 */
	const char *csv = HEAD "artem;;;;;1;10.02.2022;А;\"один\nдва\nтри\";;;;\n"
			       "nakhodka;;;;;1;10.02.2022;Б;;;;;\n"
			       "artem;;;;;1;20.03.2022;В;;;100;10;не-ссылка\n"
			       "artem;;;;bad-email;1;11.02.2022;Г;;;;;\n";
	int rc;
	json_t *res = run(csv, NULL, &rc);
	const json_t *is;

	(void)state;
	assert_int_equal(rc, -1);
	is = find_issue(res, 6, "Дата", "дата вне периода акции (08.02.2022 – 08.03.2022)");
	assert_int_equal(json_integer_value(json_object_get(is, "row")), 4);
	assert_string_equal(json_string_value(json_object_get(is, "message")),
			    "Строка 6 (в таблице — строка 4), столбец «Дата»: дата вне периода акции "
			    "(08.02.2022 – 08.03.2022)");
	find_issue(res, 6, "Охват", "охват (10) меньше числа участников (100)");
	find_issue(res, 6, "Ссылки", "ссылка 1: ");
	/* A contact issue points at the row that gave the value. */
	find_issue(res, 7, "Эл. почта", "неверный адрес электронной почты");
	/* Sorted by line. */
	is = json_array_get(json_object_get(res, "issues"), 0);
	assert_int_equal(json_integer_value(json_object_get(is, "line")), 6);
	json_decref(res);
}

static void
test_previous_kept(void **state)
{
	json_t *prev =
		json_pack("{s:{s:{s:s, s:s}, s:[{s:s, s:s, s:s}], s:[], s:s}}", "nakhodka", "contact", "name",
			  "Старое имя", "email", "old@mail.ru", "organizations", "name", "Школа № 1", "kind",
			  "school", "inn", "", "activities", "remarks", "Примечание");
	int rc;
	json_t *res;
	const json_t *data;

	(void)state;
	res = run(HEAD "nakhodka;Новое имя;;;;1;10.02.2022;А;;;;;\n", prev, &rc);
	assert_int_equal(rc, 0);
	data = json_object_get(muni(res, "nakhodka"), "data");
	assert_string_equal(json_string_value(json_object_get(json_object_get(data, "contact"), "name")),
			    "Новое имя");
	assert_string_equal(json_string_value(json_object_get(json_object_get(data, "contact"), "email")),
			    "old@mail.ru");
	assert_int_equal(json_array_size(json_object_get(data, "organizations")), 1);
	assert_string_equal(json_string_value(json_object_get(data, "remarks")), "Примечание");
	assert_int_equal(json_array_size(json_object_get(data, "activities")), 1);
	json_decref(res);
	json_decref(prev);
}

static void
test_cp1251_and_comma(void **state)
{
	/* «МО,Форма,Дата,Название» and a Nakhodka row, in Windows-1251 with ',' delimiters. */
	const char *csv =
		"\xcc\xce,\xd4\xee\xf0\xec\xe0,\xc4\xe0\xf2\xe0,\xcd\xe0\xe7\xe2\xe0\xed\xe8\xe5\r\n"
		"\xcd\xe0\xf5\xee\xe4\xea\xe8\xed\xf1\xea\xe8\xe9 \xe3\xee\xf0\xee\xe4\xf1\xea\xee\xe9 "
		"\xee\xea\xf0\xf3\xe3,1,10.02.2022,\xd3\xf0\xee\xea\r\n";
	int rc;
	json_t *res = run(csv, NULL, &rc);

	(void)state;
	assert_int_equal(rc, 0);
	assert_string_equal(json_string_value(json_object_get(res, "encoding")), "windows-1251");
	assert_string_equal(json_string_value(json_object_get(res, "delimiter")), ",");
	assert_string_equal(act_str(res, "nakhodka", 0, "title"), "Урок");
	json_decref(res);
}

static void
test_file_errors(void **state)
{
	struct buf big;
	json_t *res = NULL;
	size_t i;
	int rc;

	(void)state;
	res = run("", NULL, &rc);
	assert_int_equal(rc, -1);
	find_issue(res, 0, NULL, "Файл пустой");
	json_decref(res);

	res = run(HEAD, NULL, &rc);
	find_issue(res, 0, NULL, "нет ни одной строки с данными");
	json_decref(res);

	res = run(HEAD "nakhodka;;;;;1;10.02.2022;\"А;;;;;\n", NULL, &rc);
	find_issue(res, 2, NULL, "кавычка не закрыта");
	json_decref(res);

	/* Over 20 000 rows. */
	buf_init(&big, IMPORT_MAX_BYTES);
	assert_int_equal(buf_adds(&big, "МО;Форма;Дата;Название\n"), 0);
	for (i = 0; i <= IMPORT_MAX_ROWS; i++)
		assert_int_equal(buf_adds(&big, "nakhodka;1;10.02.2022;А\n"), 0);
	assert_int_equal(import_parse(big.data, big.len, campaign, units, &res), -1);
	find_issue(res, IMPORT_MAX_ROWS + 2, NULL, "больше 20000 строк");
	assert_int_equal(json_array_size(json_object_get(res, "municipalities")), 0);
	json_decref(res);
	buf_release(&big);

	/* Over 4 MiB: refused before reading. */
	assert_int_equal(import_parse("x", IMPORT_MAX_BYTES + 1, campaign, units, &res), -1);
	find_issue(res, 0, NULL, "Файл слишком большой");
	json_decref(res);
}

static void
test_issue_cap(void **state)
{
	struct buf b;
	json_t *res = NULL;
	size_t i;

	(void)state;
	buf_init(&b, IMPORT_MAX_BYTES);
	assert_int_equal(buf_adds(&b, "МО;Форма;Дата;Название\n"), 0);
	for (i = 0; i < IMPORT_MAX_ISSUES + 10; i++)
		assert_int_equal(buf_adds(&b, "nowhere;1;10.02.2022;А\n"), 0);
	assert_int_equal(import_parse(b.data, b.len, campaign, units, &res), -1);
	assert_int_equal(json_array_size(json_object_get(res, "issues")), IMPORT_MAX_ISSUES);
	assert_int_equal(count(res, "errors"), IMPORT_MAX_ISSUES + 10);
	assert_true(json_is_true(json_object_get(res, "issues_truncated")));
	json_decref(res);
	buf_release(&b);
}

static void
test_columns(void **state)
{
	json_t *cols = import_columns();

	(void)state;
	assert_int_equal(json_array_size(cols), IMPORT_COL__MAX);
	assert_string_equal(
		json_string_value(json_object_get(json_array_get(cols, IMPORT_COL_DATE), "title")), "Дата");
	assert_string_equal(
		json_string_value(json_object_get(json_array_get(cols, IMPORT_COL_CONTACT_EMAIL), "code")),
		"contact_email");
	assert_true(json_is_true(json_object_get(json_array_get(cols, IMPORT_COL_MUNICIPALITY), "required")));
	json_decref(cols);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_good_file),
		cmocka_unit_test(test_contact_conflict_and_inherit),
		cmocka_unit_test(test_contact_later_rows_validated),
		cmocka_unit_test(test_headers),
		cmocka_unit_test(test_row_errors),
		cmocka_unit_test(test_mapped_line_numbers),
		cmocka_unit_test(test_previous_kept),
		cmocka_unit_test(test_cp1251_and_comma),
		cmocka_unit_test(test_file_errors),
		cmocka_unit_test(test_issue_cap),
		cmocka_unit_test(test_columns),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
