/*
 * test_export: export/ without a database — the column model (sheets,
 * codes, the status column on every sheet, unique keys), the text rules
 * (UTF-8 repair, control characters, the cell cap, the CSV injection
 * guard), the filter (lists, unknown codes, its Russian text), and the three
 * writers fed a small model: CSV (BOM, delimiters, RFC 4180 quoting, CRLF,
 * dates, the ' prefix), JSON (parsed back with jansson) and XLSX (the sheet
 * XML read with unzip: sheet names, Cyrillic text, numbers as numbers, dates
 * as serials with the dd.mm.yyyy format, frozen header, autofilter, widths,
 * the SUBTOTAL totals row; and xlsx2csv reading it back).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "domain/workflow.h"
#include "export/export.h"

static void
test_model(void **state)
{
	enum export_sheet_id id;
	size_t i, k, n;

	(void)state;
	for (i = 0; i < EXPORT_SHEET__MAX; i++) {
		const struct export_sheet *s = export_sheet_get((enum export_sheet_id)i);

		assert_int_equal(s->id, i);
		assert_int_equal(export_sheet_parse(s->code, &id), 0);
		assert_int_equal(id, i);
		assert_true(s->ncolumns >= 7 && s->ncolumns <= 16);
		assert_string_equal(s->columns[0].title, "Муниципальное образование");
		/* Every sheet carries the report's status. */
		for (k = 0, n = 0; k < s->ncolumns; k++)
			n += strcmp(s->columns[k].code_key ? s->columns[k].code_key : "", "status") == 0;
		assert_int_equal(n, 1);
		for (k = 0; k < s->ncolumns; k++) {
			size_t j;

			assert_true(s->columns[k].width_max >= 6);
			for (j = k + 1; j < s->ncolumns; j++) {
				assert_string_not_equal(s->columns[k].key, s->columns[j].key);
				assert_string_not_equal(s->columns[k].title, s->columns[j].title);
			}
		}
	}
	assert_string_equal(export_sheet_get(EXPORT_SUMMARY)->title, "Сводка");
	assert_string_equal(export_sheet_get(EXPORT_ACTIVITIES)->title, "Мероприятия");
	assert_string_equal(export_sheet_get(EXPORT_PUBLICATIONS)->title, "Публикации");
	assert_string_equal(export_sheet_get(EXPORT_ORGANIZATIONS)->title, "Организации");
	assert_string_equal(export_sheet_get(EXPORT_SUMMARY)->json_key, "summary");
	assert_int_equal(export_sheet_parse("summary", &id), -1);
	assert_int_equal(export_sheet_parse("", &id), -1);
	assert_int_equal(export_sheet_parse(NULL, &id), -1);
}

static void
clean_is(const char *in, size_t max, const char *want)
{
	struct buf b;

	buf_init(&b, 1 << 20);
	assert_int_equal(export_text_clean(&b, in, max), 0);
	assert_string_equal(b.data, want);
	buf_release(&b);
}

static void
test_text(void **state)
{
	struct buf b;
	char *big;

	(void)state;
	clean_is("Находка", 0, "Находка");
	clean_is("a\x01"
		 "b\x1f"
		 "c\x7f",
		 0, "abc\x7f");
	clean_is("tab\tnl\ncr\r", 0, "tab\tnl\ncr\r");
	clean_is("bad\xff"
		 "byte",
		 0,
		 "bad\xEF\xBF\xBD"
		 "byte");
	clean_is("trunc\xD0", 0, "trunc\xEF\xBF\xBD");
	clean_is("over\xC0\xAF"
		 "long",
		 0,
		 "over\xEF\xBF\xBD\xEF\xBF\xBD"
		 "long");
	clean_is("sur\xED\xA0\x80"
		 "x",
		 0,
		 "sur\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD"
		 "x");
	clean_is("non\xEF\xBF\xBF"
		 "char",
		 0, "nonchar");
	clean_is("Приморье", 3, "При");
	clean_is("", 5, "");
	/* The XLSX cap: 32767 code points of a longer Cyrillic text. */
	big = malloc(2 * 40000 + 1);
	for (size_t i = 0; i < 40000; i++)
		memcpy(big + 2 * i, "ж", 2);
	big[80000] = '\0';
	buf_init(&b, 1 << 20);
	assert_int_equal(export_text_clean(&b, big, EXPORT_CELL_MAX), 0);
	assert_int_equal(b.len, 2 * EXPORT_CELL_MAX);
	buf_release(&b);
	/* A full buffer is refused. */
	buf_init(&b, 10);
	assert_int_equal(export_text_clean(&b, big, 0), -1);
	buf_release(&b);
	free(big);

	assert_true(export_csv_risky("=HYPERLINK(\"x\")"));
	assert_true(export_csv_risky("+7 999"));
	assert_true(export_csv_risky("-1"));
	assert_true(export_csv_risky("@SUM(A1)"));
	assert_true(export_csv_risky("\tx"));
	assert_false(export_csv_risky("Акция"));
	assert_false(export_csv_risky(""));
}

static void
test_dates(void **state)
{
	struct export_value d = {.type = EXPORT_DATE, .num = 19061}; /* 2022-03-10 */
	struct export_value t = {.type = EXPORT_DATETIME, .num = 1646917200 + 300, .offset = 36000};
	struct export_value i = {.type = EXPORT_INT, .num = 5};
	char out[32];

	(void)state;
	export_value_format(&d, out, sizeof(out));
	assert_string_equal(out, "10.03.2022");
	/* 2022-03-10 13:05 UTC is 23:05 in Vladivostok. */
	export_value_format(&t, out, sizeof(out));
	assert_string_equal(out, "10.03.2022 23:05");
	t.num += 3600;
	export_value_format(&t, out, sizeof(out));
	assert_string_equal(out, "11.03.2022 00:05");
	export_value_format(&i, out, sizeof(out));
	assert_string_equal(out, "");
	export_value_format(&d, out, 5);
	assert_string_equal(out, "");
}

static void
test_filter(void **state)
{
	struct export_filter f = {0, 0};
	char bad[16];
	json_t *j;
	char *t;

	(void)state;
	assert_null(export_filter_json(&f));
	assert_null(export_filter_text(&f));
	assert_int_equal(export_filter_add_status(&f, "submitted, accepted", bad, sizeof(bad)), 0);
	assert_int_equal(export_filter_add_status(&f, "not_started", bad, sizeof(bad)), 0);
	assert_int_equal(f.statuses, (1u << WORKFLOW_SUBMITTED) | (1u << WORKFLOW_ACCEPTED) |
					     (1u << WORKFLOW_NOT_STARTED));
	assert_int_equal(export_filter_add_status(&f, "accepted,bogus-status-that-is-long", bad, sizeof(bad)),
			 -1);
	assert_string_equal(bad, "bogus-status-th");
	assert_int_equal(export_filter_add_status(&f, "Accepted", bad, sizeof(bad)), -1);
	assert_string_equal(bad, "Accepted");
	assert_int_equal(export_filter_add_kind(&f, "urban_okrug", bad, sizeof(bad)), 0);
	assert_int_equal(export_filter_add_kind(&f, "region", bad, sizeof(bad)), -1);
	assert_string_equal(bad, "region");
	assert_int_equal(export_filter_add_kind(&f, ",,", bad, sizeof(bad)), 0);
	j = export_filter_json(&f);
	assert_non_null(j);
	assert_int_equal(json_array_size(json_object_get(j, "status")), 3);
	assert_string_equal(json_string_value(json_array_get(json_object_get(j, "kind"), 0)), "urban_okrug");
	json_decref(j);
	t = export_filter_text(&f);
	assert_string_equal(t, "Отбор: статус — не начат, на проверке, принят; вид — городской округ");
	free(t);
}

/* Feeds a writer the small model: a summary of two municipalities and a totals row, two activities. */
static void
feed(struct export_writer *w)
{
	struct export_meta m = {.slug = "charter-2022",
				.title = "Цифровая этика детства",
				.time_zone = "Asia/Vladivostok",
				.exported_at = 1646957400, /* 2022-03-11 00:10 UTC */
				.offset = 36000};
	struct export_value s1[11] = {
		{.type = EXPORT_TEXT, .text = "Находкинский городской округ", .code = "nakhodka"},
		{.type = EXPORT_TEXT, .text = "городской округ", .code = "urban_okrug"},
		{.type = EXPORT_TEXT, .text = "принят", .code = "accepted"},
		{.type = EXPORT_DATETIME, .num = 1646917200, .offset = 36000},
		{.type = EXPORT_BOOL, .num = 1},
		{.type = EXPORT_INT, .num = 2},
		{.type = EXPORT_INT, .num = 120},
		{.type = EXPORT_INT, .num = 1500},
		{.type = EXPORT_INT, .num = 1},
		{.type = EXPORT_INT, .num = 3200},
		{.type = EXPORT_INT, .num = 1},
	};
	struct export_value s2[11] = {
		{.type = EXPORT_TEXT, .text = "Артёмовский городской округ", .code = "artem"},
		{.type = EXPORT_TEXT, .text = "городской округ", .code = "urban_okrug"},
		{.type = EXPORT_TEXT, .text = "не начат", .code = "not_started"},
		{.type = EXPORT_NULL},
		{.type = EXPORT_NULL},
		{.type = EXPORT_INT, .num = 0},
		{.type = EXPORT_INT, .num = 0},
		{.type = EXPORT_INT, .num = 0},
		{.type = EXPORT_INT, .num = 0},
		{.type = EXPORT_INT, .num = 0},
		{.type = EXPORT_INT, .num = 0},
	};
	struct export_value tot[11] = {{.type = EXPORT_TEXT, .text = "Итого по краю"}};
	struct export_value a1[11] = {
		{.type = EXPORT_TEXT, .text = "Находкинский городской округ", .code = "nakhodka"},
		{.type = EXPORT_TEXT, .text = "принят", .code = "accepted"},
		{.type = EXPORT_INT, .num = 1},
		{.type = EXPORT_TEXT, .text = "Проведение мастер-классов", .code = "events-educational"},
		{.type = EXPORT_DATE, .num = 19038}, /* 2022-02-15 */
		{.type = EXPORT_TEXT, .text = "=HYPERLINK(\"http://evil\";\"клик\")"},
		{.type = EXPORT_TEXT, .text = "Строка 1\nстрока \"2\"; конец"},
		{.type = EXPORT_TEXT, .text = "Родители, Учителя", .code = "parents,teachers"},
		{.type = EXPORT_INT, .num = 120},
		{.type = EXPORT_NULL},
		{.type = EXPORT_TEXT, .text = "https://vk.com/wall-1_2 https://t.me/x/1"},
	};
	struct export_value a2[11] = {
		{.type = EXPORT_TEXT, .text = "Находкинский городской округ", .code = "nakhodka"},
		{.type = EXPORT_TEXT, .text = "принят", .code = "accepted"},
		{.type = EXPORT_INT, .num = 2},
		{.type = EXPORT_TEXT, .text = "posts", .code = "posts"},
		{.type = EXPORT_NULL},
		{.type = EXPORT_TEXT, .text = "Пост\x01 о Хартии"},
		{.type = EXPORT_NULL},
		{.type = EXPORT_NULL},
		{.type = EXPORT_NULL},
		{.type = EXPORT_INT, .num = 1500},
		{.type = EXPORT_NULL},
	};
	size_t k;

	for (k = 5; k < 11; k++)
		tot[k] = (struct export_value){.type = EXPORT_INT, .num = s1[k].num + s2[k].num};
	assert_int_equal(export_begin(w, &m), 0);
	if (export_wants(w, EXPORT_SUMMARY)) {
		assert_int_equal(export_sheet_begin(w, EXPORT_SUMMARY), 0);
		assert_int_equal(export_row(w, s1, 0), 0);
		assert_int_equal(export_row(w, s2, 0), 0);
		assert_int_equal(export_row(w, tot, 1), 0);
		assert_int_equal(export_sheet_end(w), 0);
	}
	if (export_wants(w, EXPORT_ACTIVITIES)) {
		assert_int_equal(export_sheet_begin(w, EXPORT_ACTIVITIES), 0);
		assert_int_equal(export_row(w, a1, 0), 0);
		assert_int_equal(export_row(w, a2, 0), 0);
		assert_int_equal(export_sheet_end(w), 0);
	}
	for (k = EXPORT_PUBLICATIONS; k < EXPORT_SHEET__MAX; k++) {
		if (export_wants(w, (enum export_sheet_id)k)) {
			assert_int_equal(export_sheet_begin(w, (enum export_sheet_id)k), 0);
			assert_int_equal(export_sheet_end(w), 0);
		}
	}
	assert_int_equal(export_finish(w), 0);
}

/* The whole of a stream written to a tmpfile. */
static char *
slurp(FILE *f, size_t *len)
{
	long n;
	char *s;

	assert_int_equal(fseek(f, 0, SEEK_END), 0);
	n = ftell(f);
	rewind(f);
	s = malloc((size_t)n + 1);
	assert_int_equal(fread(s, 1, (size_t)n, f), (size_t)n);
	s[n] = '\0';
	*len = (size_t)n;
	return s;
}

static void
test_csv(void **state)
{
	struct export_writer *w;
	FILE *f = tmpfile();
	size_t len;
	char *s;

	(void)state;
	w = export_csv_new(f, EXPORT_ACTIVITIES, ';');
	assert_false(export_wants(w, EXPORT_SUMMARY));
	assert_true(export_wants(w, EXPORT_ACTIVITIES));
	feed(w);
	export_writer_free(w);
	s = slurp(f, &len);
	assert_memory_equal(s, "\xEF\xBB\xBF", 3);
	assert_non_null(strstr(s,
			       "\xEF\xBB\xBFМуниципальное образование;Статус отчёта;№;Форма проведения;Дата;"
			       "Название;Описание;Аудитория;Участников;Охват;Ссылки\r\n"));
	/* Quoting, the ' guard, dates, numbers, empty fields, a control character dropped. */
	assert_non_null(
		strstr(s, "\r\nНаходкинский городской округ;принят;1;Проведение мастер-классов;15.02.2022;"
			  "\"'=HYPERLINK(\"\"http://evil\"\";\"\"клик\"\")\";"
			  "\"Строка 1\nстрока \"\"2\"\"; конец\";Родители, Учителя;120;;"
			  "https://vk.com/wall-1_2 https://t.me/x/1\r\n"));
	assert_non_null(
		strstr(s, "\r\nНаходкинский городской округ;принят;2;posts;;Пост о Хартии;;;;1500;\r\n"));
	assert_null(strstr(s, "Сводка"));
	assert_int_equal(s[len - 1], '\n');
	assert_int_equal(s[len - 2], '\r');
	free(s);
	fclose(f);

	f = tmpfile();
	w = export_csv_new(f, EXPORT_SUMMARY, ',');
	feed(w);
	export_writer_free(w);
	s = slurp(f, &len);
	assert_non_null(strstr(s, "\xEF\xBB\xBFМуниципальное образование,Вид,Статус,Отправлен,"
				  "В срок / с опозданием,Мероприятий,"));
	assert_non_null(strstr(s, "\r\nНаходкинский городской округ,городской округ,принят,10.03.2022 23:00,"
				  "с опозданием,2,120,1500,1,3200,1\r\n"));
	assert_non_null(
		strstr(s, "\r\nАртёмовский городской округ,городской округ,не начат,,,0,0,0,0,0,0\r\n"));
	assert_non_null(strstr(s, "\r\nИтого по краю,,,,,2,120,1500,1,3200,1\r\n"));
	free(s);
	fclose(f);
}

static void
test_csv_dir(void **state)
{
	char dir[] = "/tmp/test_export_XXXXXX", path[256];
	struct export_writer *w;
	FILE *f;
	size_t i, len;
	char *s;

	(void)state;
	assert_null(export_csv_dir_new("/nonexistent/dir", "x", ';'));
	assert_non_null(mkdtemp(dir));
	w = export_csv_dir_new(dir, "charter-2022", ';');
	assert_non_null(w);
	feed(w);
	export_writer_free(w);
	for (i = 0; i < EXPORT_SHEET__MAX; i++) {
		snprintf(path, sizeof(path), "%s/charter-2022-%s.csv", dir, export_sheet_get(i)->code);
		f = fopen(path, "rb");
		assert_non_null(f);
		s = slurp(f, &len);
		assert_int_equal(strncmp(s, "\xEF\xBB\xBFМуниципальное образование;",
					 strlen("\xEF\xBB\xBFМуниципальное образование;")),
				 0);
		free(s);
		fclose(f);
		assert_int_equal(unlink(path), 0);
	}
	assert_int_equal(rmdir(dir), 0);
}

static void
test_json(void **state)
{
	struct export_writer *w;
	FILE *f = tmpfile();
	json_error_t err;
	json_t *j, *row;
	size_t len;
	char *s;

	(void)state;
	w = export_json_new(f);
	feed(w);
	export_writer_free(w);
	s = slurp(f, &len);
	j = json_loads(s, 0, &err);
	if (j == NULL)
		fail_msg("json: %s at %d: %s", err.text, err.line, s);
	assert_string_equal(json_string_value(json_object_get(json_object_get(j, "campaign"), "title")),
			    "Цифровая этика детства");
	assert_string_equal(json_string_value(json_object_get(j, "exported_at")),
			    "2022-03-11T10:10:00+10:00");
	assert_true(json_is_null(json_object_get(j, "filter")));
	assert_int_equal(json_array_size(json_object_get(j, "summary")), 2);
	row = json_array_get(json_object_get(j, "summary"), 0);
	assert_string_equal(json_string_value(json_object_get(row, "org_unit")), "nakhodka");
	assert_string_equal(json_string_value(json_object_get(row, "status")), "accepted");
	assert_string_equal(json_string_value(json_object_get(row, "status_name")), "принят");
	assert_string_equal(json_string_value(json_object_get(row, "submitted_at")),
			    "2022-03-10T23:00:00+10:00");
	assert_true(json_is_true(json_object_get(row, "late")));
	assert_int_equal(json_integer_value(json_object_get(row, "reach")), 1500);
	row = json_array_get(json_object_get(j, "summary"), 1);
	assert_true(json_is_null(json_object_get(row, "submitted_at")));
	row = json_object_get(j, "totals");
	assert_string_equal(json_string_value(json_object_get(row, "org_unit_name")), "Итого по краю");
	assert_int_equal(json_integer_value(json_object_get(row, "views")), 3200);
	row = json_array_get(json_object_get(j, "activities"), 0);
	assert_string_equal(json_string_value(json_object_get(row, "date")), "2022-02-15");
	assert_string_equal(json_string_value(json_object_get(row, "title")),
			    "=HYPERLINK(\"http://evil\";\"клик\")");
	assert_string_equal(json_string_value(json_object_get(row, "audience")), "parents,teachers");
	assert_true(json_is_null(json_object_get(row, "reach")));
	row = json_array_get(json_object_get(j, "activities"), 1);
	assert_string_equal(json_string_value(json_object_get(row, "title")), "Пост о Хартии");
	assert_int_equal(json_array_size(json_object_get(j, "publications")), 0);
	assert_true(json_is_array(json_object_get(j, "organizations")));
	json_decref(j);
	free(s);
	fclose(f);
}

/* Output of a shell command (the file names are ours, no quoting needed). */
static char *
run(const char *cmd)
{
	FILE *p = popen(cmd, "r");
	size_t len = 0, cap = 1 << 16, n;
	char *s = malloc(cap);

	assert_non_null(p);
	while ((n = fread(s + len, 1, cap - len - 1, p)) > 0) {
		len += n;
		if (cap - len < 2)
			s = realloc(s, cap *= 2);
	}
	s[len] = '\0';
	if (pclose(p) != 0) {
		free(s);
		fail_msg("%s failed", cmd);
	}
	return s;
}

static void
test_xlsx(void **state)
{
	char dir[] = "/tmp/test_export_XXXXXX", path[256], cmd[512];
	struct export_writer *w;
	char *s;

	(void)state;
	assert_non_null(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/s.xlsx", dir);
	w = export_xlsx_new(path, dir);
	assert_non_null(w);
	feed(w);
	export_writer_free(w);

	snprintf(cmd, sizeof(cmd), "unzip -p %s xl/workbook.xml", path);
	s = run(cmd);
	assert_non_null(strstr(s, "<sheet name=\"Сводка\" sheetId=\"1\""));
	assert_non_null(strstr(s, "<sheet name=\"Мероприятия\" sheetId=\"2\""));
	assert_non_null(strstr(s, "<sheet name=\"Публикации\""));
	assert_non_null(strstr(s, "<sheet name=\"Организации\""));
	free(s);

	snprintf(cmd, sizeof(cmd), "unzip -p %s xl/worksheets/sheet1.xml", path);
	s = run(cmd);
	/* Header on row 4, frozen below it; the autofilter spans header and rows, not the totals. */
	assert_non_null(strstr(
		s, "<pane ySplit=\"4\" topLeftCell=\"A5\" activePane=\"bottomLeft\" state=\"frozen\"/>"));
	assert_non_null(strstr(s, "<autoFilter ref=\"A4:K6\"/>"));
	assert_non_null(strstr(s, "<t>Цифровая этика детства</t>"));
	assert_non_null(strstr(s, "<t>Выгружено 11.03.2022 10:10 (Asia/Vladivostok)</t>"));
	assert_non_null(strstr(s, "<t>Находкинский городской округ</t>"));
	/* Numbers as numbers; the submission as a serial: 2022-03-10 23:00 = 44630 + 23/24. */
	assert_non_null(strstr(s, "<c r=\"H5\"><v>1500</v></c>"));
	assert_non_null(strstr(s, "<v>44630.95833333"));
	assert_non_null(strstr(s, "<f>SUBTOTAL(109,H5:H6)</f><v>1500</v>"));
	/* The first column fits «Находкинский городской округ» (28 characters) and more. */
	assert_non_null(strstr(s, "<col min=\"1\" max=\"1\" width=\"29.7"));
	free(s);

	snprintf(cmd, sizeof(cmd), "unzip -p %s xl/worksheets/sheet2.xml", path);
	s = run(cmd);
	assert_non_null(strstr(s, "<autoFilter ref=\"A4:K6\"/>"));
	/* A formula-looking title stays a string; the date is a serial (2022-02-15 = 44607). */
	assert_non_null(strstr(s, "t=\"inlineStr\"><is><t>=HYPERLINK(\"http://evil\";\"клик\")</t>"));
	assert_null(strstr(s, "<f>HYPERLINK"));
	assert_non_null(strstr(s, "<v>44607</v>"));
	assert_non_null(strstr(s, "<t>Пост о Хартии</t>"));
	free(s);

	snprintf(cmd, sizeof(cmd), "unzip -p %s xl/styles.xml", path);
	s = run(cmd);
	assert_non_null(strstr(s, "formatCode=\"dd.mm.yyyy\""));
	free(s);

	snprintf(cmd, sizeof(cmd), "xlsx2csv -d ';' -f %%d.%%m.%%Y -s 2 %s", path);
	s = run(cmd);
	assert_non_null(
		strstr(s, "Находкинский городской округ;принят;1;Проведение мастер-классов;15.02.2022;"));
	free(s);
	snprintf(cmd, sizeof(cmd), "xlsx2csv -d ';' -s 1 %s", path);
	s = run(cmd);
	assert_non_null(strstr(s, "Итого по краю;;;;;2;120;1500;1;3200;1"));
	free(s);

	assert_int_equal(unlink(path), 0);
	assert_int_equal(rmdir(dir), 0);
	/* A file that cannot be created. */
	assert_null(export_xlsx_new("/nonexistent/dir/s.xlsx", NULL));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_model),  cmocka_unit_test(test_text), cmocka_unit_test(test_dates),
		cmocka_unit_test(test_filter), cmocka_unit_test(test_csv),  cmocka_unit_test(test_csv_dir),
		cmocka_unit_test(test_json),   cmocka_unit_test(test_xlsx),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
