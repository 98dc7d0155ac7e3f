/*
 * test_orgunit: domain/orgunit.h — the real municipalities file (34 units:
 * 12 urban okrugs, 9 municipal okrugs, 13 municipal districts), RFC 4180
 * quoting, BOM and CRLF, and the bad inputs: unknown kind, duplicate code,
 * unterminated quote, missing column, bad header, each naming line and field.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "domain/orgunit.h"

/* Reads $SVODKA_SOURCE/rel into a malloc'ed buffer (the test may do I/O). */
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

static const char *
unit_get(const json_t *arr, size_t i, const char *key)
{
	return json_string_value(json_object_get(json_array_get(arr, i), key));
}

static void
test_real_file(void **state)
{
	struct orgunit_error err;
	json_t *arr = NULL;
	size_t len, i, kinds[ORGUNIT_KIND__MAX] = {0};
	char *text = slurp("data/primorsky-municipalities.csv", &len);

	(void)state;
	assert_int_equal(orgunit_csv_parse(text, len, &arr, &err), 0);
	assert_int_equal(json_array_size(arr), 34);
	for (i = 0; i < json_array_size(arr); i++) {
		enum orgunit_kind k;

		assert_int_equal(orgunit_kind_parse(unit_get(arr, i, "kind"), &k), 0);
		kinds[k]++;
		assert_int_equal(orgunit_code_check(unit_get(arr, i, "code")), 0);
		assert_true(strlen(unit_get(arr, i, "name")) > 0);
	}
	assert_int_equal(kinds[ORGUNIT_REGION], 0);
	assert_int_equal(kinds[ORGUNIT_URBAN_OKRUG], 12);
	assert_int_equal(kinds[ORGUNIT_MUNICIPAL_OKRUG], 9);
	assert_int_equal(kinds[ORGUNIT_MUNICIPAL_DISTRICT], 13);
	assert_string_equal(unit_get(arr, 0, "code"), "vladivostok");
	assert_string_equal(unit_get(arr, 0, "name"), "Владивостокский городской округ");
	assert_string_equal(unit_get(arr, 0, "centre"), "г. Владивосток");
	assert_string_equal(unit_get(arr, 2, "name"), "Артёмовский городской округ");
	json_decref(arr);
	free(text);
}

static void
test_region_file(void **state)
{
	struct orgunit_error err;
	json_error_t jerr;
	json_t *doc, *out = NULL;
	size_t len;
	char *text = slurp("data/region.json", &len);

	(void)state;
	doc = json_loadb(text, len, 0, &jerr);
	assert_non_null(doc);
	assert_int_equal(orgunit_validate(doc, 1, &out, &err), 0);
	assert_string_equal(json_string_value(json_object_get(out, "code")), "primorsky");
	assert_string_equal(json_string_value(json_object_get(out, "kind")), "region");
	assert_string_equal(json_string_value(json_object_get(out, "name")), "Приморский край");
	json_decref(out);
	/* A bad kind in the JSON form names the field. */
	assert_int_equal(json_object_set_new(doc, "kind", json_string("krai")), 0);
	assert_int_equal(orgunit_validate(doc, 1, &out, &err), -1);
	assert_null(out);
	assert_string_equal(err.field, "kind");
	assert_int_equal(err.line, 0);
	json_decref(doc);
	free(text);
}

/* Validates an admin's edit of a municipality (JSON text); returns 0 or -1 with *err. */
static int
edit(const char *json, int root, json_t **out, struct orgunit_error *err)
{
	json_error_t jerr;
	json_t *doc = json_loads(json, 0, &jerr);
	int rc;

	assert_non_null(doc);
	rc = orgunit_validate(doc, root, out, err);
	json_decref(doc);
	return rc;
}

static void
test_admin_edit(void **state)
{
	struct orgunit_error err;
	json_t *out = NULL;
	char name[2 * 301 + 64];
	size_t i;

	(void)state;
	assert_int_equal(
		edit("{\"code\": \"artem\", \"name\": \" Артёмовский городской округ \", \"kind\": "
		     "\"urban_okrug\", \"head\": \"Глава\", \"email\": \" Priemnaya@Администрация.РФ \"}",
		     0, &out, &err),
		0);
	assert_string_equal(json_string_value(json_object_get(out, "name")), "Артёмовский городской округ");
	assert_string_equal(json_string_value(json_object_get(out, "centre")), "");
	assert_string_equal(json_string_value(json_object_get(out, "head")), "Глава");
	assert_string_equal(json_string_value(json_object_get(out, "email")),
			    "Priemnaya@xn--80aalqabyj2ajl4c8g.xn--p1ai");
	json_decref(out);
	/* Blank e-mail and head are none. */
	assert_int_equal(
		edit("{\"code\": \"artem\", \"name\": \"А\", \"kind\": \"urban_okrug\", \"email\": \"  \"}",
		     0, &out, &err),
		0);
	assert_string_equal(json_string_value(json_object_get(out, "email")), "");
	assert_string_equal(json_string_value(json_object_get(out, "head")), "");
	json_decref(out);
	/* ORGUNIT_NAME_MAX user-perceived characters fit, one more does not. */
	for (i = 0; i < ORGUNIT_NAME_MAX; i++)
		memcpy(name + 2 * i, "Ж", 2);
	name[2 * ORGUNIT_NAME_MAX] = '\0';
	out = json_pack("{s:s, s:s, s:s}", "code", "artem", "name", name, "kind", "urban_okrug");
	assert_non_null(out);
	{
		json_t *clean = NULL;

		assert_int_equal(orgunit_validate(out, 0, &clean, &err), 0);
		json_decref(clean);
		memcpy(name + 2 * ORGUNIT_NAME_MAX, "Ж", 3);
		assert_int_equal(json_object_set_new(out, "name", json_string(name)), 0);
		assert_int_equal(orgunit_validate(out, 0, &clean, &err), -1);
		assert_null(clean);
		assert_string_equal(err.field, "name");
		assert_string_equal(err.message, "Название: не более 300 символов");
		/* The same limit for the head. */
		assert_int_equal(json_object_set_new(out, "name", json_string("А")), 0);
		assert_int_equal(json_object_set_new(out, "head", json_string(name)), 0);
		assert_int_equal(orgunit_validate(out, 0, &clean, &err), -1);
		assert_string_equal(err.field, "head");
	}
	json_decref(out);
}

static void
test_admin_edit_bad(void **state)
{
	static const struct {
		const char *json;
		int root;
		const char *field, *needle;
	} bad[] = {
		{"{\"code\": \"artem\", \"kind\": \"urban_okrug\"}", 0, "name", "отсутствует"},
		{"{\"code\": \"artem\", \"name\": \"\", \"kind\": \"urban_okrug\"}", 0, "name", "пустым"},
		{"{\"code\": \"artem\", \"name\": \"А\\nБ\", \"kind\": \"urban_okrug\"}", 0, "name",
		 "недопустимые"},
		{"{\"code\": \"artem\", \"name\": 5, \"kind\": \"urban_okrug\"}", 0, "name", "строкой"},
		{"{\"code\": \"artem\", \"name\": \"А\", \"kind\": \"planet\"}", 0, "kind",
		 "городской округ"},
		/* A municipality cannot be made a region, nor the region a municipality. */
		{"{\"code\": \"artem\", \"name\": \"А\", \"kind\": \"region\"}", 0, "kind",
		 "городской округ"},
		{"{\"code\": \"primorsky\", \"name\": \"А\", \"kind\": \"urban_okrug\"}", 1, "kind",
		 "region"},
		{"{\"code\": \"artem\", \"name\": \"А\", \"kind\": \"urban_okrug\", \"email\": \"нет\"}", 0,
		 "email", "указан неверно"},
		{"{\"code\": \"artem\", \"name\": \"А\", \"kind\": \"urban_okrug\", \"email\": "
		 "\"глава@администрация.рф\"}",
		 0, "email", "русскими буквами"},
		{"{\"code\": \"artem\", \"name\": \"А\", \"kind\": \"urban_okrug\", \"email\": 7}", 0,
		 "email", "строкой"},
		{"{\"code\": \"artem\", \"name\": \"А\", \"kind\": \"urban_okrug\", \"mayor\": \"x\"}", 0, "",
		 "неизвестное поле"},
		{"{\"code\": \"Artem\", \"name\": \"А\", \"kind\": \"urban_okrug\"}", 0, "code", "латинских"},
	};
	struct orgunit_error err;
	json_t *out;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		out = NULL;
		if (edit(bad[i].json, bad[i].root, &out, &err) != -1)
			fail_msg("accepted: %s", bad[i].json);
		assert_null(out);
		assert_int_equal(err.line, 0);
		assert_string_equal(err.field, bad[i].field);
		if (strstr(err.message, bad[i].needle) == NULL)
			fail_msg("%s: message \"%s\" lacks \"%s\"", bad[i].json, err.message, bad[i].needle);
	}
}

/* Parses `csv`; expects success and returns the array. */
static json_t *
parse_ok(const char *csv)
{
	struct orgunit_error err;
	json_t *arr = NULL;

	if (orgunit_csv_parse(csv, strlen(csv), &arr, &err) != 0)
		fail_msg("unexpected error: %s", err.message);
	return arr;
}

/* Parses `csv`; expects failure at `line` and `field`; returns the message. */
static void
parse_bad(const char *csv, unsigned line, const char *field, const char *needle)
{
	struct orgunit_error err;
	json_t *arr = NULL;

	assert_int_equal(orgunit_csv_parse(csv, strlen(csv), &arr, &err), -1);
	assert_null(arr);
	assert_int_equal(err.line, line);
	assert_string_equal(err.field, field);
	if (strstr(err.message, needle) == NULL)
		fail_msg("message \"%s\" lacks \"%s\"", err.message, needle);
}

static void
test_quoting_bom_crlf(void **state)
{
	json_t *arr;

	(void)state;
	arr = parse_ok("\xef\xbb\xbf"
		       "code,name_ru,kind,centre\r\n"
		       "a-1,\"Округ \"\"Тест\"\", первый\",urban_okrug,\"г. А\"\r\n"
		       "\r\n"
		       "b2,  Второй  ,municipal_district,\r\n");
	assert_int_equal(json_array_size(arr), 2);
	assert_string_equal(unit_get(arr, 0, "code"), "a-1");
	assert_string_equal(unit_get(arr, 0, "name"), "Округ \"Тест\", первый");
	assert_string_equal(unit_get(arr, 1, "name"), "Второй");
	assert_string_equal(unit_get(arr, 1, "centre"), "");
	json_decref(arr);
	/* Columns in another order, no trailing newline. */
	arr = parse_ok(
		"kind,centre,code,name_ru\nmunicipal_okrug,с. Лазо,lazovsky,Лазовский муниципальный округ");
	assert_int_equal(json_array_size(arr), 1);
	assert_string_equal(unit_get(arr, 0, "code"), "lazovsky");
	assert_string_equal(unit_get(arr, 0, "kind"), "municipal_okrug");
	json_decref(arr);
}

static void
test_bad_inputs(void **state)
{
	(void)state;
	parse_bad("code,name_ru,kind,centre\nx,Икс,city,\n", 2, "kind", "Строка 2, поле kind");
	parse_bad("code,name_ru,kind,centre\nx,Икс,region,\n", 2, "kind", "неизвестный вид");
	parse_bad("code,name_ru,kind,centre\nx,Икс,urban_okrug,\ny,Игрек,urban_okrug,\nx,Икс2,urban_okrug,\n",
		  4, "code", "повторяется");
	/* The quote opens on line 3 and never closes; the record starts there. */
	parse_bad(
		"code,name_ru,kind,centre\nx,Икс,urban_okrug,\ny,\"Игрек,urban_okrug,\nz,Зет,urban_okrug,\n",
		3, "", "кавычка не закрыта");
	parse_bad("code,name_ru,kind,centre\nx,Икс,urban_okrug\n", 2, "", "ожидалось полей: 4, найдено: 3");
	parse_bad("code,name_ru,kind\nx,Икс,urban_okrug\n", 1, "", "нет столбца centre");
	parse_bad("code,name,kind,centre\n", 1, "", "неизвестный столбец");
	parse_bad("code,name_ru,kind,centre,code\n", 1, "", "повторяется");
	parse_bad("code,name_ru,kind,centre\nX Y,Икс,urban_okrug,\n", 2, "code", "латинских");
	parse_bad("code,name_ru,kind,centre\nx,,urban_okrug,\n", 2, "name_ru", "пустым");
	parse_bad("code,name_ru,kind,centre\nx,\xd0,urban_okrug,\n", 2, "name_ru", "недопустимые символы");
	parse_bad("code,name_ru,kind,centre\nx,\"Икс\"z,urban_okrug,\n", 2, "", "после закрывающей кавычки");
	parse_bad("code,name_ru,kind,centre\nx,И\"кс,urban_okrug,\n", 2, "", "кавычка внутри поля");
	parse_bad("code,name_ru,kind,centre\rx,Икс,urban_okrug,\n", 1, "", "возврата каретки");
	parse_bad("code,name_ru,kind,centre\n\n", 2, "", "нет ни одного");
	parse_bad("", 1, "", "нет строки заголовка");
}

static void
test_kinds(void **state)
{
	enum orgunit_kind k;

	(void)state;
	assert_int_equal(orgunit_kind_parse("urban_okrug", &k), 0);
	assert_string_equal(orgunit_kind_name(k), "городской округ");
	assert_int_equal(orgunit_kind_parse("municipal_okrug", &k), 0);
	assert_string_equal(orgunit_kind_name(k), "муниципальный округ");
	assert_int_equal(orgunit_kind_parse("municipal_district", &k), 0);
	assert_string_equal(orgunit_kind_name(k), "муниципальный район");
	assert_int_equal(orgunit_kind_parse("region", &k), 0);
	assert_string_equal(orgunit_kind_name(k), "регион");
	assert_string_equal(orgunit_kind_code(k), "region");
	assert_int_equal(orgunit_kind_parse("Region", &k), -1);
	assert_int_equal(orgunit_code_check("spassk-dalny"), 0);
	assert_int_equal(orgunit_code_check("Spassk"), -1);
	assert_int_equal(orgunit_code_check(""), -1);
	assert_int_equal(orgunit_code_check("спасск"), -1);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_real_file),
		cmocka_unit_test(test_region_file),
		cmocka_unit_test(test_admin_edit),
		cmocka_unit_test(test_admin_edit_bad),
		cmocka_unit_test(test_quoting_bom_crlf),
		cmocka_unit_test(test_bad_inputs),
		cmocka_unit_test(test_kinds),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
