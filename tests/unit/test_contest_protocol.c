/*
 * test_contest_protocol: the jury's protocol (export/contest_protocol.c)
 * built from fixed models of a contest of two nominations, two criteria,
 * two jurors and five entries, and read back: the sheet XML of the XLSX
 * through unzip (sheet names, the cells of «Итоги», «Оценки» and
 * «Критерии», numbers as numbers with the «0.00» format, the frozen header,
 * the unranked entries labelled, the tie-break note, times in the
 * campaign's zone), the same protocol as JSON (parsed with jansson) and as
 * CSV (the decimal comma); the ranking contest_rank makes of the same
 * scores; every tie-break note; ten criteria and 10000 scores; no
 * entrant's name, sealed blob, video link or description in the file,
 * compressed or not; LibreOffice converting it when it is installed; a
 * writer that fails; inputs of the wrong shape.
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

#include "domain/contest_score.h"
#include "export/export.h"

#define NOW 1767261600 /* 2026-01-01 10:00 UTC: 20:00 in Vladivostok */

/* Strings of the entrants that must never reach the protocol. */
static const char *const secrets[] = {
	"Запечатанова",      "pd-sealed-BLOB-7f3a",
	"Секретова Алиса",   "https://vk.com/video-77_secret",
	"Школа № 99 тайная", "описание-с-фамилией Тайнова",
};

static json_t *
load(const char *text)
{
	json_error_t e;
	json_t *j = json_loads(text, 0, &e);

	if (j == NULL)
		fail_msg("json: %s at %d", e.text, e.position);
	return j;
}

static const char campaign_json[] =
	"{\"slug\": \"video-2026\", \"title\": \"Цифровая этика детства\", "
	"\"time_zone\": \"Asia/Vladivostok\", \"contest\": {\"title\": \"Моя цифровая этика\", "
	"\"criteria\": [{\"code\": \"idea\", \"title\": \"Идея\", \"max\": 10, \"weight\": 3}, "
	"{\"code\": \"craft\", \"title\": \"Исполнение\", \"max\": 5, \"weight\": 1}], "
	"\"nominations\": [{\"code\": \"junior\", \"title\": \"7–10 лет\"}, "
	"{\"code\": \"senior\", \"title\": \"11–17 лет\"}], \"min_scores\": 2, \"z_normalize\": false}}";

/* An entry model with what the store holds of the entrant: none of it may show. */
static json_t *
entry(json_int_t id, const char *nomination, const char *title, const char *unit, const char *unit_name)
{
	json_t *e = json_pack(
		"{s:I, s:s, s:s, s:s, s:s?, s:i, s:s, s:s, s:s, s:s, s:s, s:s, s:{s:s, s:s}, s:I}", "id", id,
		"campaign", "video-2026", "org_unit", unit, "org_unit_name", unit_name, "nomination",
		nomination, "age", 9, "title", title, "description", "описание-с-фамилией Тайнова",
		"video_platform", "vk", "video_sealed", "https://vk.com/video-77_secret", "pd_sealed",
		"pd-sealed-BLOB-7f3a Запечатанова", "status", "accepted", "author", "full_name",
		"Секретова Алиса", "school", "Школа № 99 тайная", "submitted_at", (json_int_t)1764547200);

	assert_non_null(e);
	return e;
}

static json_t *
entries_new(void)
{
	json_t *a = json_array();

	json_array_append_new(
		a, entry(12, "junior", "Мой друг — планшет", "artem", "Артёмовский городской округ"));
	json_array_append_new(a, entry(14, "junior", "Сеть и я", "nakhodka", "Находкинский городской округ"));
	json_array_append_new(a,
			      entry(15, "junior", "=1+1 не формула", "artem", "Артёмовский городской округ"));
	json_array_append_new(
		a, entry(20, "senior", "Кибергигиена", "nakhodka", "Находкинский городской округ"));
	json_array_append_new(a, entry(21, NULL, "Без номинации", "artem", "Артёмовский городской округ"));
	assert_int_equal(json_array_size(a), 5);
	return a;
}

static const char jurors_json[] =
	"[{\"user_id\": 6, \"login\": \"juror6\", \"name\": \"Белова Ирина\", \"org_unit\": \"vlad\", "
	"\"org_unit_name\": \"Владивостокский городской округ\", \"nomination\": null}, "
	"{\"user_id\": 5, \"login\": \"juror5\", \"name\": \"Андреев Пётр\", \"org_unit\": null, "
	"\"org_unit_name\": null, \"nomination\": null}]";

/* Juror 5 is listed second: «Оценки» follows the jurors list, not the ids. */
static const char scores_json[] =
	"[{\"entry\": 12, \"juror\": 5, \"juror_name\": \"Андреев Пётр\", \"values\": {\"idea\": 9, \"craft\": 4}, "
	"\"comment\": \"Сильная идея\", \"updated_at\": 1767225600}, "
	"{\"entry\": 12, \"juror\": 6, \"juror_name\": \"Белова Ирина\", \"values\": {\"idea\": 7, \"craft\": 5}, "
	"\"comment\": null, \"updated_at\": 1767229200}, "
	"{\"entry\": 14, \"juror\": 5, \"juror_name\": \"Андреев Пётр\", \"values\": {\"idea\": 9, \"craft\": 3}, "
	"\"comment\": \"=HYPERLINK(\\\"http://evil\\\")\", \"updated_at\": 1767225600}, "
	"{\"entry\": 14, \"juror\": 6, \"juror_name\": null, \"values\": {\"idea\": 9, \"craft\": 3}, "
	"\"comment\": \"\", \"updated_at\": 1767229200}, "
	"{\"entry\": 15, \"juror\": 5, \"juror_name\": \"Андреев Пётр\", \"values\": {\"idea\": 5}, "
	"\"comment\": null, \"updated_at\": 1767225600}, "
	"{\"entry\": 20, \"juror\": 5, \"juror_name\": \"Андреев Пётр\", \"values\": {\"idea\": 6, \"craft\": 5}, "
	"\"comment\": null, \"updated_at\": 1767225600}, "
	"{\"entry\": 20, \"juror\": 6, \"juror_name\": \"Белова Ирина\", \"values\": {\"idea\": 8, \"craft\": 5}, "
	"\"comment\": null, \"updated_at\": 1767229200}]";

/*
 * What contest_rank makes of the above: 14 and 12 both 82.5, 14 first on
 * «Идея» (0.9 against 0.8); 15 has one score of the two needed; 21 none.
 */
static const char ranking_json[] =
	"[{\"id\": 14, \"nomination\": \"junior\", \"score\": 82.5, \"criteria\": {\"idea\": 0.9, \"craft\": 0.6}, "
	"\"jurors\": 2, \"first_places\": 1, \"ranked\": true, \"rank\": 1, \"tie_break\": null}, "
	"{\"id\": 12, \"nomination\": \"junior\", \"score\": 82.5, \"criteria\": {\"idea\": 0.8, \"craft\": 0.9}, "
	"\"jurors\": 2, \"first_places\": 1, \"ranked\": true, \"rank\": 2, \"tie_break\": \"criterion:idea\"}, "
	"{\"id\": 15, \"nomination\": \"junior\", \"score\": 37.5, \"criteria\": {\"idea\": 0.5}, "
	"\"jurors\": 1, \"first_places\": 0, \"ranked\": false, \"rank\": null, \"tie_break\": null}, "
	"{\"id\": 20, \"nomination\": \"senior\", \"score\": 77.5, \"criteria\": {\"idea\": 0.7, \"craft\": 1.0}, "
	"\"jurors\": 2, \"first_places\": 2, \"ranked\": true, \"rank\": 1, \"tie_break\": null}, "
	"{\"id\": 21, \"nomination\": null, \"score\": 0, \"criteria\": {}, "
	"\"jurors\": 0, \"first_places\": 0, \"ranked\": false, \"rank\": null, \"tie_break\": null}]";

struct inputs {
	json_t *campaign, *entries, *jurors, *scores, *ranking;
};

static void
inputs_load(struct inputs *in)
{
	in->campaign = load(campaign_json);
	in->entries = entries_new();
	in->jurors = load(jurors_json);
	in->scores = load(scores_json);
	in->ranking = load(ranking_json);
}

static void
inputs_release(struct inputs *in)
{
	json_decref(in->campaign);
	json_decref(in->entries);
	json_decref(in->jurors);
	json_decref(in->scores);
	json_decref(in->ranking);
}

static int
protocol(const struct inputs *in, struct export_writer *w)
{
	return export_contest_protocol(in->campaign, in->entries, in->jurors, in->scores, in->ranking, NOW,
				       w);
}

/* Output of a shell command (the file names are ours, no quoting needed); NULL when it failed. */
static char *
run_status(const char *cmd, size_t *len_out)
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
	if (len_out)
		*len_out = len;
	if (pclose(p) != 0) {
		free(s);
		return NULL;
	}
	return s;
}

static char *
run(const char *cmd)
{
	char *s = run_status(cmd, NULL);

	if (s == NULL)
		fail_msg("%s failed", cmd);
	return s;
}

static char *
sheet_xml(const char *path, int n)
{
	char cmd[512];

	snprintf(cmd, sizeof(cmd), "unzip -p %s xl/worksheets/sheet%d.xml", path, n);
	return run(cmd);
}

/*
 * The cell ref of a sheet's XML: its value (the number of <v>, or the text
 * of an inline string), "" for a cell that is not there; *is_text says which.
 */
static const char *
cell(const char *xml, const char *ref, int *is_text)
{
	static char out[4096];
	char key[32];
	const char *c, *end, *v, *ve;
	size_t n;

	snprintf(key, sizeof(key), "<c r=\"%s\"", ref);
	out[0] = '\0';
	*is_text = 0;
	if ((c = strstr(xml, key)) == NULL)
		return out;
	end = strstr(c, "</c>");
	ve = strstr(c, "/>");
	if (ve && (end == NULL || ve < end) && ve < strchr(c, '>') + 1)
		return out; /* <c r=".." s=".."/>: empty, styled */
	assert_non_null(end);
	*is_text = strstr(c, "t=\"inlineStr\"") && strstr(c, "t=\"inlineStr\"") < strchr(c, '>');
	v = strstr(c, *is_text ? "<t>" : "<v>");
	if (v == NULL || v > end)
		v = strstr(c, "<t xml:space=\"preserve\">");
	if (v == NULL || v > end)
		return out;
	v = strchr(v, '>') + 1;
	ve = strchr(v, '<');
	n = (size_t)(ve - v);
	assert_true(n < sizeof(out));
	memcpy(out, v, n);
	out[n] = '\0';
	return out;
}

static void
text_is(const char *xml, const char *ref, const char *want)
{
	int t;
	const char *got = cell(xml, ref, &t);

	if (strcmp(got, want) != 0 || (*want && !t))
		fail_msg("%s: «%s» (%s), want text «%s»", ref, got, t ? "text" : "number", want);
}

static void
number_is(const char *xml, const char *ref, const char *want)
{
	int t;
	const char *got = cell(xml, ref, &t);

	if (strcmp(got, want) != 0 || t)
		fail_msg("%s: «%s» (%s), want number %s", ref, got, t ? "text" : "number", want);
}

static void
empty_at(const char *xml, const char *ref)
{
	int t;

	assert_string_equal(cell(xml, ref, &t), "");
}

/* The style index s="N" of a cell, or -1. */
static int
style_of(const char *xml, const char *ref)
{
	char key[32];
	const char *c, *s;

	snprintf(key, sizeof(key), "<c r=\"%s\"", ref);
	c = strstr(xml, key);
	assert_non_null(c);
	s = strstr(c, " s=\"");
	if (s == NULL || s > strchr(c, '>'))
		return -1;
	return (int)strtol(s + 4, NULL, 10);
}

static void
no_secrets(const char *bytes, size_t len, const char *what)
{
	size_t i;

	for (i = 0; i < sizeof(secrets) / sizeof(secrets[0]); i++) {
		if (memmem(bytes, len, secrets[i], strlen(secrets[i])) != NULL)
			fail_msg("%s holds «%s»", what, secrets[i]);
	}
	assert_null(memmem(bytes, len, "pd_sealed", 9));
}

static char *
file_bytes(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	long n;
	char *s;

	assert_non_null(f);
	assert_int_equal(fseek(f, 0, SEEK_END), 0);
	n = ftell(f);
	rewind(f);
	s = malloc((size_t)n + 1);
	assert_int_equal(fread(s, 1, (size_t)n, f), (size_t)n);
	s[n] = '\0';
	fclose(f);
	*len = (size_t)n;
	return s;
}

static void
test_decimal(void **state)
{
	struct export_value v = {.type = EXPORT_DECIMAL, .num = 8750};
	char out[32];

	(void)state;
	export_value_format(&v, out, sizeof(out));
	assert_string_equal(out, "87.50");
	v.num = -5;
	export_value_format(&v, out, sizeof(out));
	assert_string_equal(out, "-0.05");
	v.num = 0;
	export_value_format(&v, out, sizeof(out));
	assert_string_equal(out, "0.00");
	v.num = 1000007;
	export_value_format(&v, out, sizeof(out));
	assert_string_equal(out, "10000.07");
	v.num = INT64_MIN;
	export_value_format(&v, out, sizeof(out));
	assert_string_equal(out, "-92233720368547758.08");
	export_value_format(&v, out, 6); /* too small: nothing, not a cut number */
	assert_string_equal(out, "");
}

/*
 * A sheet model of the caller's with decimals and a totals row, through
 * the three writers: XLSX sums them with SUBTOTAL (the value cached), CSV
 * writes the decimal comma beside ';' and the point beside ',', JSON
 * numbers with two places.
 */
static void
test_decimal_writers(void **state)
{
	static const struct export_column cols[] = {
		{"name", NULL, "Что", EXPORT_TEXT, NULL, NULL, 20},
		{"sum", NULL, "Сумма", EXPORT_DECIMAL, NULL, NULL, 12},
	};
	static const struct export_sheet sheet = {EXPORT_SHEET__MAX, "sums", "sums", "Суммы", cols, 2};
	const struct export_meta m = {.slug = "s", .title = "Т", .time_zone = "UTC", .exported_at = NOW};
	const struct export_value r1[2] = {{.type = EXPORT_TEXT, .text = "а"},
					   {.type = EXPORT_DECIMAL, .num = 1250}};
	const struct export_value r2[2] = {{.type = EXPORT_TEXT, .text = "б"},
					   {.type = EXPORT_DECIMAL, .num = -5}};
	const struct export_value tot[2] = {{.type = EXPORT_TEXT, .text = "Итого"},
					    {.type = EXPORT_DECIMAL, .num = 1245}};
	char dir[] = "/tmp/test_protocol_XXXXXX", path[256], cmd[512];
	struct export_writer *w[3];
	FILE *f = tmpfile();
	char *s;
	size_t i;

	(void)state;
	assert_non_null(mkdtemp(dir));
	assert_non_null(f);
	snprintf(path, sizeof(path), "%s/d.xlsx", dir);
	w[0] = export_xlsx_new(path, dir);
	w[1] = export_csv_dir_new(dir, "d", ',');
	w[2] = export_json_new(f);
	for (i = 0; i < 3; i++) {
		assert_non_null(w[i]);
		assert_int_equal(export_begin(w[i], &m), 0);
		assert_int_equal(export_sheet_begin_model(w[i], &sheet), 0);
		assert_int_equal(export_row(w[i], r1, 0), 0);
		assert_int_equal(export_row(w[i], r2, 0), 0);
		assert_int_equal(export_row(w[i], tot, 1), 0);
		assert_int_equal(export_sheet_end(w[i]), 0);
		assert_int_equal(export_finish(w[i]), 0);
		export_writer_free(w[i]);
	}
	s = sheet_xml(path, 1);
	number_is(s, "B5", "12.5");
	number_is(s, "B6", "-0.05");
	assert_non_null(strstr(s, "<f>SUBTOTAL(109,B5:B6)</f><v>12.45</v>"));
	free(s);
	snprintf(cmd, sizeof(cmd), "cat %s/d-sums.csv", dir);
	s = run(cmd);
	assert_string_equal(s, "\xEF\xBB\xBFЧто,Сумма\r\nа,12.50\r\nб,-0.05\r\nИтого,12.45\r\n");
	free(s);
	rewind(f);
	s = malloc(4096);
	s[fread(s, 1, 4095, f)] = '\0';
	assert_non_null(strstr(
		s, "\"sums\": [\n  {\"name\": \"а\", \"sum\": 12.50},\n  {\"name\": \"б\", \"sum\": -0.05}"));
	assert_non_null(strstr(s, "\"totals\": {\"name\": \"Итого\", \"sum\": 12.45}"));
	free(s);
	fclose(f);
	snprintf(cmd, sizeof(cmd), "rm -r %s", dir);
	free(run(cmd));
}

static void
test_xlsx(void **state)
{
	char dir[] = "/tmp/test_protocol_XXXXXX", path[256], cmd[1024];
	struct export_writer *w;
	struct inputs in;
	size_t len;
	char *s;
	int dec;

	(void)state;
	inputs_load(&in);
	assert_non_null(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/p.xlsx", dir);
	w = export_xlsx_new(path, dir);
	assert_non_null(w);
	assert_int_equal(protocol(&in, w), 0);
	export_writer_free(w);

	snprintf(cmd, sizeof(cmd), "unzip -p %s xl/workbook.xml", path);
	s = run(cmd);
	assert_non_null(strstr(s, "<sheet name=\"Итоги\" sheetId=\"1\""));
	assert_non_null(strstr(s, "<sheet name=\"Оценки\" sheetId=\"2\""));
	assert_non_null(strstr(s, "<sheet name=\"Критерии\" sheetId=\"3\""));
	free(s);

	/* «Итоги»: nomination, place, №, title, municipality, score, two criteria, jurors, first places, note. */
	s = sheet_xml(path, 1);
	text_is(s, "A1", "Протокол жюри: Моя цифровая этика");
	text_is(s, "A2", "Выгружено 01.01.2026 20:00 (Asia/Vladivostok)");
	text_is(s, "A3",
		"Ранжируются работы, у которых не меньше 2 оценок членов жюри; без z-нормализации оценок");
	assert_non_null(strstr(
		s, "<pane ySplit=\"4\" topLeftCell=\"A5\" activePane=\"bottomLeft\" state=\"frozen\"/>"));
	assert_non_null(strstr(s, "<autoFilter ref=\"A4:K9\"/>"));
	text_is(s, "A4", "Номинация");
	text_is(s, "B4", "Место");
	text_is(s, "C4", "№ заявки");
	text_is(s, "F4", "Итоговый балл (0–100)");
	text_is(s, "G4", "«Идея», % от максимума");
	text_is(s, "H4", "«Исполнение», % от максимума");
	text_is(s, "I4", "Оценок жюри");
	text_is(s, "J4", "Первых мест");
	text_is(s, "K4", "Примечание");
	/* Entry 14 first, on «Идея». */
	text_is(s, "A5", "7–10 лет");
	number_is(s, "B5", "1");
	number_is(s, "C5", "14");
	text_is(s, "D5", "Сеть и я");
	text_is(s, "E5", "Находкинский городской округ");
	number_is(s, "F5", "82.5");
	number_is(s, "G5", "90");
	number_is(s, "H5", "60");
	number_is(s, "I5", "2");
	number_is(s, "J5", "1");
	empty_at(s, "K5");
	/* The same score, placed below by the first criterion. */
	number_is(s, "B6", "2");
	number_is(s, "C6", "12");
	text_is(s, "D6", "Мой друг — планшет");
	number_is(s, "F6", "82.5");
	number_is(s, "G6", "80");
	text_is(s, "K6", "Равный балл с № 14: ниже средний балл по критерию «Идея»");
	/* Unranked: no place, labelled; a formula-looking title stays text. */
	empty_at(s, "B7");
	number_is(s, "C7", "15");
	text_is(s, "D7", "=1+1 не формула");
	assert_null(strstr(s, "<f>1+1"));
	number_is(s, "F7", "37.5");
	number_is(s, "G7", "50");
	empty_at(s, "H7");
	number_is(s, "I7", "1");
	text_is(s, "K7", "не ранжирована (оценок меньше 2)");
	/* The next nomination starts again at 1; an entry without one is listed as such. */
	text_is(s, "A8", "11–17 лет");
	number_is(s, "B8", "1");
	number_is(s, "C8", "20");
	number_is(s, "J8", "2");
	empty_at(s, "K8");
	text_is(s, "A9", "без номинации");
	empty_at(s, "B9");
	number_is(s, "F9", "0");
	number_is(s, "I9", "0");
	text_is(s, "K9", "не ранжирована (оценок меньше 2)");
	/* Scores and criteria share one «0.00» style; integers have none. */
	dec = style_of(s, "F5");
	assert_true(dec > 0);
	assert_int_equal(style_of(s, "G5"), dec);
	assert_int_equal(style_of(s, "F9"), dec);
	assert_int_equal(style_of(s, "C5"), -1);
	/* Widths: the title column fits «Находкинский городской округ» (28 characters). */
	assert_non_null(strstr(s, "<col min=\"5\" max=\"5\" width=\"29.7"));
	free(s);

	/* «Оценки»: by the ranking's entries (14, 12, 15, 20), each in the jurors list's order (6, 5). */
	s = sheet_xml(path, 2);
	text_is(s, "A4", "№ заявки");
	text_is(s, "D4", "Член жюри");
	text_is(s, "E4", "«Идея» (0–10)");
	text_is(s, "F4", "«Исполнение» (0–5)");
	text_is(s, "G4", "Итог члена жюри (0–100)");
	text_is(s, "H4", "Комментарий");
	text_is(s, "I4", "Оценка изменена");
	assert_non_null(strstr(s, "<autoFilter ref=\"A4:I11\"/>"));
	number_is(s, "A5", "14");
	text_is(s, "B5", "Сеть и я");
	text_is(s, "C5", "7–10 лет");
	text_is(s, "D5", "Белова Ирина"); /* juror_name null: the jurors list's name */
	number_is(s, "E5", "9");
	number_is(s, "F5", "3");
	number_is(s, "G5", "82.5");
	empty_at(s, "H5");
	/* 2026-01-01 01:00 UTC is 11:00 in Vladivostok: serial 46023 + 11/24. */
	assert_true(strncmp(cell(s, "I5", &dec), "46023.458333", 12) == 0);
	number_is(s, "A6", "14");
	text_is(s, "D6", "Андреев Пётр");
	text_is(s, "H6", "=HYPERLINK(\"http://evil\")");
	assert_null(strstr(s, "<f>HYPERLINK"));
	number_is(s, "A7", "12");
	text_is(s, "D7", "Белова Ирина");
	number_is(s, "G7", "77.5");
	number_is(s, "A8", "12");
	text_is(s, "D8", "Андреев Пётр");
	number_is(s, "E8", "9");
	number_is(s, "F8", "4");
	number_is(s, "G8", "87.5");
	text_is(s, "H8", "Сильная идея");
	assert_true(strncmp(cell(s, "I8", &dec), "46023.416666", 12) == 0);
	/* A criterion not given: an empty cell, and the total over what was given. */
	number_is(s, "A9", "15");
	number_is(s, "E9", "5");
	empty_at(s, "F9");
	number_is(s, "G9", "37.5");
	number_is(s, "A10", "20");
	number_is(s, "A11", "20");
	empty_at(s, "A12");
	free(s);

	/* «Критерии»: the criteria, then the rules as the rules page has them. */
	s = sheet_xml(path, 3);
	text_is(s, "C4", "Критерий");
	number_is(s, "A5", "1");
	text_is(s, "B5", "idea");
	text_is(s, "C5", "Идея");
	number_is(s, "D5", "10");
	number_is(s, "E5", "3");
	number_is(s, "F5", "75");
	text_is(s, "C6", "Исполнение");
	number_is(s, "D6", "5");
	number_is(s, "F6", "25");
	text_is(s, "B8", "Подсчёт баллов");
	assert_true(strncmp(cell(s, "C8", &dec), "Каждый член жюри оценивает", 20) == 0);
	assert_non_null(strstr(s, "<t>Минимум оценок</t>"));
	assert_non_null(strstr(s, "не меньше 2 членов жюри"));
	assert_non_null(strstr(s, "<t>Равенство баллов</t>"));
	free(s);

	snprintf(cmd, sizeof(cmd), "unzip -p %s docProps/core.xml", path);
	s = run(cmd);
	assert_non_null(strstr(s, "<dc:title>Протокол жюри: Моя цифровая этика</dc:title>"));
	assert_non_null(strstr(s, "<dc:subject>Протокол жюри</dc:subject>"));
	free(s);

	snprintf(cmd, sizeof(cmd), "unzip -p %s xl/styles.xml", path);
	s = run(cmd);
	assert_non_null(strstr(s, "formatCode=\"0.00\""));
	assert_non_null(strstr(s, "formatCode=\"dd.mm.yyyy hh:mm\""));
	free(s);

	/* No entrant's data, neither in the file's bytes nor in any of its parts unpacked. */
	s = file_bytes(path, &len);
	no_secrets(s, len, "the file");
	free(s);
	snprintf(cmd, sizeof(cmd), "unzip -p %s", path);
	s = run_status(cmd, &len);
	assert_non_null(s);
	assert_true(len > 1000);
	no_secrets(s, len, "the unpacked file");
	free(s);

	/* Another reader: xlsx2csv sees the numbers and the Cyrillic sheet. */
	snprintf(cmd, sizeof(cmd), "xlsx2csv -d ';' -s 1 %s", path);
	s = run(cmd);
	assert_non_null(strstr(s, "7–10 лет;2;12;Мой друг — планшет;Артёмовский городской округ;82.5"));
	free(s);

	/*
	 * LibreOffice, when the machine has it, opens the workbook and writes
	 * every sheet as CSV (the last option, -1: LibreOffice 7.2 and later),
	 * the numbers as shown.
	 */
	if ((s = run_status("command -v soffice", NULL)) != NULL) {
		free(s);
		snprintf(
			cmd, sizeof(cmd),
			"cd %s && timeout 100 soffice -env:UserInstallation=file://%s/lo --headless "
			"--convert-to 'csv:Text - txt - csv (StarCalc):59,34,76,1,,0,false,true,true,false,false,-1' "
			"--outdir %s %s >%s/soffice.log 2>&1",
			dir, dir, dir, path, dir);
		if ((s = run_status(cmd, NULL)) == NULL) {
			snprintf(cmd, sizeof(cmd), "cat %s/soffice.log", dir);
			s = run(cmd);
			fail_msg("soffice failed: %s", s);
		}
		free(s);
		snprintf(cmd, sizeof(cmd), "cat %s/p-Итоги.csv", dir);
		s = run(cmd);
		assert_non_null(strstr(s, "Протокол жюри: Моя цифровая этика"));
		assert_non_null(
			strstr(s, "7–10 лет;2;12;Мой друг — планшет;Артёмовский городской округ;82.50;80.00;"
				  "90.00;2;1;Равный балл с № 14: ниже средний балл по критерию «Идея»"));
		assert_non_null(strstr(s, ";37.50;50.00;;1;0;не ранжирована (оценок меньше 2)"));
		free(s);
		snprintf(cmd, sizeof(cmd), "cat %s/p-Оценки.csv", dir);
		s = run(cmd);
		assert_non_null(strstr(
			s,
			"12;Мой друг — планшет;7–10 лет;Андреев Пётр;9;4;87.50;Сильная идея;01.01.2026 10:00"));
		free(s);
		snprintf(cmd, sizeof(cmd), "cat %s/p-Критерии.csv", dir);
		s = run(cmd);
		assert_non_null(strstr(s, "1;idea;Идея;10;3;75.00"));
		free(s);
		snprintf(cmd, sizeof(cmd), "rm -rf %s/lo %s/*.csv %s/soffice.log", dir, dir, dir);
		free(run(cmd));
	} else {
		print_message("soffice is not installed: the LibreOffice check is skipped\n");
	}

	assert_int_equal(unlink(path), 0);
	assert_int_equal(rmdir(dir), 0);
	inputs_release(&in);
}

static void
test_json(void **state)
{
	struct export_writer *w;
	struct inputs in;
	json_error_t e;
	json_t *doc, *r;
	FILE *f = tmpfile();
	char *s;
	size_t len;
	long n;

	(void)state;
	inputs_load(&in);
	assert_non_null(f);
	w = export_json_new(f);
	assert_non_null(w);
	assert_int_equal(protocol(&in, w), 0);
	export_writer_free(w);
	n = ftell(f);
	rewind(f);
	s = malloc((size_t)n + 1);
	len = fread(s, 1, (size_t)n, f);
	assert_int_equal(len, (size_t)n);
	s[len] = '\0';
	fclose(f);
	no_secrets(s, len, "the JSON");
	doc = json_loads(s, 0, &e);
	if (doc == NULL)
		fail_msg("json: %s at line %d: %s", e.text, e.line, s);
	assert_int_equal(json_array_size(json_object_get(doc, "results")), 5);
	r = json_array_get(json_object_get(doc, "results"), 1);
	assert_int_equal(json_integer_value(json_object_get(r, "id")), 12);
	assert_int_equal(json_integer_value(json_object_get(r, "rank")), 2);
	assert_string_equal(json_string_value(json_object_get(r, "nomination")), "junior");
	assert_string_equal(json_string_value(json_object_get(r, "org_unit")), "artem");
	assert_true(json_is_real(json_object_get(r, "score")));
	assert_true(json_real_value(json_object_get(r, "score")) == 82.5);
	assert_true(json_real_value(json_object_get(r, "criterion_idea")) == 80.0);
	r = json_array_get(json_object_get(doc, "results"), 2);
	assert_true(json_is_null(json_object_get(r, "rank")));
	assert_string_equal(json_string_value(json_object_get(r, "note")),
			    "не ранжирована (оценок меньше 2)");
	assert_int_equal(json_array_size(json_object_get(doc, "scores")), 7);
	r = json_array_get(json_object_get(doc, "scores"), 3);
	assert_string_equal(json_string_value(json_object_get(r, "juror_name")), "Андреев Пётр");
	assert_int_equal(json_integer_value(json_object_get(r, "value_idea")), 9);
	assert_string_equal(json_string_value(json_object_get(r, "updated_at")), "2026-01-01T10:00:00+10:00");
	assert_true(json_array_size(json_object_get(doc, "criteria")) > 5);
	r = json_array_get(json_object_get(doc, "criteria"), 0);
	assert_string_equal(json_string_value(json_object_get(r, "code")), "idea");
	assert_int_equal(json_integer_value(json_object_get(r, "max")), 10);
	assert_true(json_real_value(json_object_get(r, "weight_share")) == 75.0);
	json_decref(doc);
	free(s);
	inputs_release(&in);
}

static void
test_csv(void **state)
{
	char dir[] = "/tmp/test_protocol_XXXXXX", cmd[512];
	struct export_writer *w;
	struct inputs in;
	char *s;

	(void)state;
	inputs_load(&in);
	assert_non_null(mkdtemp(dir));
	w = export_csv_dir_new(dir, "p", ';');
	assert_non_null(w);
	assert_int_equal(protocol(&in, w), 0);
	export_writer_free(w);
	snprintf(cmd, sizeof(cmd), "cat %s/p-results.csv", dir);
	s = run(cmd);
	/* The decimal comma beside ';', a formula-looking title guarded. */
	assert_non_null(strstr(
		s, "7–10 лет;2;12;Мой друг — планшет;Артёмовский городской округ;82,50;80,00;90,00;2;1;"
		   "Равный балл с № 14: ниже средний балл по критерию «Идея»\r\n"));
	assert_non_null(strstr(s, ";15;'=1+1 не формула;"));
	free(s);
	snprintf(cmd, sizeof(cmd), "rm -r %s", dir);
	free(run(cmd));
	inputs_release(&in);
}

/*
 * Inputs of the wrong shape make a protocol of what can be read: no
 * contest block, non-arrays, rows without ids, a criterion out of range, a
 * score of an entry not listed, values that are not integers.
 */
static void
test_bad_inputs(void **state)
{
	char dir[] = "/tmp/test_protocol_XXXXXX", path[256];
	struct export_writer *w;
	json_t *campaign, *entries, *scores, *ranking, *odd;
	char *s;

	(void)state;
	assert_non_null(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/p.xlsx", dir);

	/* Nothing at all: three sheets of headers. */
	odd = json_string("not a model");
	w = export_xlsx_new(path, dir);
	assert_non_null(w);
	assert_int_equal(export_contest_protocol(odd, NULL, odd, NULL, odd, NOW, w), 0);
	export_writer_free(w);
	s = sheet_xml(path, 1);
	text_is(s, "A1", "Протокол жюри: конкурс");
	text_is(s, "A3",
		"Ранжируются работы, у которых не меньше 1 оценок членов жюри; без z-нормализации оценок");
	text_is(s, "G4", "Оценок жюри");
	empty_at(s, "A5");
	free(s);
	s = sheet_xml(path, 3);
	empty_at(s, "A5");
	text_is(s, "B6", "Подсчёт баллов");
	free(s);

	campaign = load("{\"title\": \"Кампания\", \"time_zone\": \"Nowhere/Unknown\", \"contest\": {"
			"\"min_scores\": \"two\", \"z_normalize\": true, \"criteria\": ["
			"{\"code\": \"idea\", \"title\": \"\", \"max\": 10, \"weight\": 1},"
			"{\"code\": \"idea\", \"title\": \"Повтор\", \"max\": 10, \"weight\": 1},"
			"{\"code\": \"big\", \"title\": \"Слишком\", \"max\": 1000, \"weight\": 1},"
			"{\"title\": \"Без кода\", \"max\": 5, \"weight\": 1}, \"junk\"]}}");
	entries = load("[{\"id\": \"7\", \"title\": \"строковый id\"}, {\"id\": 7, \"title\": \"Семь\", "
		       "\"nomination\": \"unknown\", \"pd_sealed\": \"pd-sealed-BLOB-7f3a\"}]");
	scores = load("[{\"entry\": 7, \"juror\": 1, \"values\": {\"idea\": 11}, \"updated_at\": 1767225600},"
		      "{\"entry\": 7, \"juror\": 2, \"values\": {\"idea\": \"9\"}},"
		      "{\"entry\": 99, \"juror\": 1, \"values\": {\"idea\": 4}}, {\"juror\": 1}, 5]");
	ranking = load(
		"[{\"id\": 7, \"nomination\": \"unknown\", \"score\": \"high\", \"criteria\": 3, "
		"\"ranked\": true, \"rank\": 1, \"tie_break\": \"weird\"}, {\"rank\": 2}, null,"
		"{\"id\": 8, \"nomination\": \"unknown\", \"ranked\": true, \"rank\": 1, \"score\": 1e300, \"tie_break\": \"id\"}]");
	w = export_xlsx_new(path, dir);
	assert_non_null(w);
	assert_int_equal(export_contest_protocol(campaign, entries, NULL, scores, ranking, NOW, w), 0);
	export_writer_free(w);
	s = sheet_xml(path, 1);
	text_is(s, "A1", "Протокол жюри: Кампания");
	text_is(s, "A2", "Выгружено 01.01.2026 10:00 (Nowhere/Unknown)"); /* an unknown zone shows UTC */
	text_is(s, "A3",
		"Ранжируются работы, у которых не меньше 1 оценок членов жюри; оценки каждого члена "
		"жюри z-нормализуются");
	text_is(s, "G4", "«idea», % от максимума"); /* one criterion: the empty title shows the code */
	text_is(s, "H4", "Оценок жюри");
	text_is(s, "A5", "unknown");
	number_is(s, "C5", "7");
	text_is(s, "D5", "Семь");
	empty_at(s, "F5");
	empty_at(s, "G5");
	number_is(s, "C6", "8");
	empty_at(s, "D6"); /* not among the entries */
	empty_at(s, "F6");
	text_is(s, "J6", "Равный балл и средние по критериям с № 7: больший номер заявки");
	empty_at(s, "A7");
	free(s);
	s = sheet_xml(path, 2);
	/* 11 of 10 is shown as given, not counted; "9" is no score; entry 99 listed by number. */
	number_is(s, "A5", "7");
	text_is(s, "D5", "член жюри № 1");
	number_is(s, "E5", "11");
	empty_at(s, "F5");
	number_is(s, "A6", "7");
	empty_at(s, "E6");
	empty_at(s, "F6");
	number_is(s, "A7", "99");
	empty_at(s, "B7");
	empty_at(s, "C7");
	number_is(s, "F7", "40");
	empty_at(s, "A8");
	free(s);
	json_decref(campaign);
	json_decref(entries);
	json_decref(scores);
	json_decref(ranking);
	json_decref(odd);

	/* A file that cannot be written: -1, nothing left behind by us. */
	{
		struct inputs in;

		inputs_load(&in);
		w = export_xlsx_new(path, NULL);
		assert_non_null(w);
		assert_int_equal(unlink(path), 0);
		assert_int_equal(rmdir(dir), 0);
		assert_int_equal(protocol(&in, w), -1);
		export_writer_free(w);
		inputs_release(&in);
	}
}

/* A protocol as JSON (parsed back). */
static json_t *
as_json(const json_t *campaign, const json_t *entries, const json_t *jurors, const json_t *scores,
	const json_t *ranking)
{
	struct export_writer *w;
	json_error_t e;
	FILE *f = tmpfile();
	json_t *doc;

	assert_non_null(f);
	w = export_json_new(f);
	assert_non_null(w);
	assert_int_equal(export_contest_protocol(campaign, entries, jurors, scores, ranking, NOW, w), 0);
	export_writer_free(w);
	rewind(f);
	doc = json_loadf(f, 0, &e);
	if (doc == NULL)
		fail_msg("json: %s at line %d", e.text, e.line);
	fclose(f);
	return doc;
}

static const char *
note_of(const json_t *doc, size_t i)
{
	const char *s = json_string_value(
		json_object_get(json_array_get(json_object_get(doc, "results"), i), "note"));

	return s ? s : "";
}

/*
 * Each tie-break step in words, against the entry ranked just above in the
 * same nomination (an unranked entry in between does not count); a new
 * nomination has none; an entry listed twice keeps its first model.
 */
static void
test_tie_notes(void **state)
{
	json_t *campaign = load(campaign_json), *entries = entries_new(), *doc, *ranking;

	(void)state;
	json_array_append_new(entries,
			      entry(14, "senior", "Второй раз", "artem", "Артёмовский городской округ"));
	ranking = load(
		"[{\"id\": 20, \"nomination\": \"junior\", \"ranked\": true, \"rank\": 1, \"tie_break\": \"id\"},"
		"{\"id\": 14, \"nomination\": \"junior\", \"ranked\": true, \"rank\": 2, "
		"\"tie_break\": \"criterion:craft\"},"
		"{\"id\": 12, \"nomination\": \"junior\", \"ranked\": true, \"rank\": 3, "
		"\"tie_break\": \"first_places\"},"
		"{\"id\": 15, \"nomination\": \"junior\", \"ranked\": false, \"rank\": null},"
		"{\"id\": 21, \"nomination\": \"junior\", \"ranked\": true, \"rank\": 4, "
		"\"tie_break\": \"submitted_at\"},"
		"{\"id\": 30, \"nomination\": \"junior\", \"ranked\": true, \"rank\": 5, "
		"\"tie_break\": \"criterion:gone\"},"
		"{\"id\": 31, \"nomination\": \"junior\", \"ranked\": true, \"rank\": 6, \"tie_break\": null},"
		"{\"id\": 32, \"nomination\": \"senior\", \"ranked\": true, \"rank\": 1, "
		"\"tie_break\": \"first_places\"}]");
	doc = as_json(campaign, entries, NULL, NULL, ranking);
	assert_string_equal(note_of(doc, 0), ""); /* the first of its nomination */
	assert_string_equal(note_of(doc, 1),
			    "Равный балл с № 20: ниже средний балл по критерию «Исполнение»");
	assert_string_equal(note_of(doc, 2),
			    "Равный балл и средние по критериям с № 14: меньше первых мест у членов жюри");
	assert_string_equal(note_of(doc, 3), "не ранжирована (оценок меньше 2)");
	assert_string_equal(note_of(doc, 4), "Равный балл и средние по критериям с № 12: подана позже");
	assert_string_equal(note_of(doc, 5), "Равный балл с № 21: ниже средний балл по критерию «gone»");
	assert_string_equal(note_of(doc, 6), ""); /* placed by its score */
	assert_string_equal(note_of(doc, 7), "");
	assert_string_equal(json_string_value(json_object_get(
				    json_array_get(json_object_get(doc, "results"), 1), "title")),
			    "Сеть и я");
	json_decref(doc);
	json_decref(ranking);
	json_decref(entries);
	json_decref(campaign);
}

/* The ranking contest_rank makes of the same scores gives the same «Итоги» as the fixed one. */
static void
test_with_contest_rank(void **state)
{
	struct inputs in;
	json_t *ranking, *doc, *r;
	static const json_int_t order[] = {14, 12, 15, 20, 21};
	size_t i;

	(void)state;
	inputs_load(&in);
	ranking = contest_rank(json_object_get(in.campaign, "contest"), in.entries, in.scores);
	assert_non_null(ranking);
	doc = as_json(in.campaign, in.entries, in.jurors, in.scores, ranking);
	assert_int_equal(json_array_size(json_object_get(doc, "results")), 5);
	for (i = 0; i < 5; i++) {
		r = json_array_get(json_object_get(doc, "results"), i);
		assert_int_equal(json_integer_value(json_object_get(r, "id")), order[i]);
	}
	r = json_array_get(json_object_get(doc, "results"), 1);
	assert_true(json_real_value(json_object_get(r, "score")) == 82.5);
	assert_true(json_real_value(json_object_get(r, "criterion_idea")) == 80.0);
	assert_int_equal(json_integer_value(json_object_get(r, "rank")), 2);
	assert_string_equal(note_of(doc, 1), "Равный балл с № 14: ниже средний балл по критерию «Идея»");
	assert_string_equal(note_of(doc, 2), "не ранжирована (оценок меньше 2)");
	assert_string_equal(note_of(doc, 4), "не ранжирована (оценок меньше 2)");
	assert_int_equal(json_integer_value(json_object_get(
				 json_array_get(json_object_get(doc, "results"), 3), "first_places")),
			 2);
	json_decref(doc);
	json_decref(ranking);
	inputs_release(&in);
}

/*
 * The most a contest block holds (10 criteria: 19 columns of «Итоги»), and
 * a large contest: 2000 entries, 5 jurors each, in one protocol.
 */
static void
test_large(void **state)
{
	char dir[] = "/tmp/test_protocol_XXXXXX", path[256], ref[16];
	json_t *campaign = load(campaign_json), *crits = json_array(), *entries = json_array(),
	       *jurors = json_array(), *scores = json_array(), *ranking = json_array(), *values;
	struct export_writer *w;
	json_int_t id, j;
	char code[16], title[32];
	int k;
	char *s;

	(void)state;
	for (k = 0; k < 10; k++) {
		snprintf(code, sizeof(code), "c%d", k);
		snprintf(title, sizeof(title), "Критерий %d", k + 1);
		json_array_append_new(crits, json_pack("{s:s, s:s, s:i, s:i}", "code", code, "title", title,
						       "max", 10, "weight", k + 1));
	}
	json_object_set_new(json_object_get(campaign, "contest"), "criteria", crits);
	for (j = 1; j <= 5; j++)
		json_array_append_new(jurors, json_pack("{s:I, s:s}", "user_id", j, "name", "Член жюри"));
	for (id = 1; id <= 2000; id++) {
		json_array_append_new(entries,
				      entry(id, "junior", "Работа", "artem", "Артёмовский городской округ"));
		json_array_append_new(ranking,
				      json_pack("{s:I, s:s, s:f, s:{}, s:i, s:i, s:b, s:I, s:n}", "id", id,
						"nomination", "junior", "score", 50.0, "criteria", "jurors",
						5, "first_places", 0, "ranked", 1, "rank", id, "tie_break"));
		for (j = 1; j <= 5; j++) {
			values = json_object();
			for (k = 0; k < 10; k++) {
				snprintf(code, sizeof(code), "c%d", k);
				json_object_set_new(values, code, json_integer((id + j + k) % 11));
			}
			json_array_append_new(scores,
					      json_pack("{s:I, s:I, s:o, s:I}", "entry", id, "juror", j,
							"values", values, "updated_at", (json_int_t)NOW));
		}
	}
	assert_non_null(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/p.xlsx", dir);
	w = export_xlsx_new(path, dir);
	assert_non_null(w);
	assert_int_equal(export_contest_protocol(campaign, entries, jurors, scores, ranking, NOW, w), 0);
	export_writer_free(w);
	s = sheet_xml(path, 1);
	text_is(s, "P4", "«Критерий 10», % от максимума");
	text_is(s, "S4", "Примечание");
	number_is(s, "C2004", "2000");
	free(s);
	s = sheet_xml(path, 2);
	text_is(s, "N4", "«Критерий 10» (0–10)");
	text_is(s, "Q4", "Оценка изменена");
	snprintf(ref, sizeof(ref), "A%d", 4 + 10000);
	number_is(s, ref, "2000");
	free(s);
	assert_int_equal(unlink(path), 0);
	assert_int_equal(rmdir(dir), 0);
	json_decref(campaign);
	json_decref(entries);
	json_decref(jurors);
	json_decref(scores);
	json_decref(ranking);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_decimal),   cmocka_unit_test(test_decimal_writers),
		cmocka_unit_test(test_xlsx),      cmocka_unit_test(test_json),
		cmocka_unit_test(test_csv),       cmocka_unit_test(test_bad_inputs),
		cmocka_unit_test(test_tie_notes), cmocka_unit_test(test_with_contest_rank),
		cmocka_unit_test(test_large),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
