/*
 * orgunit: kinds, field rules and the municipalities CSV, read with the
 * shared RFC 4180 reader (csv.h), which keeps the physical line number so
 * that every error names the line a user sees in a text editor.
 */
#include "domain/orgunit.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "domain/csv.h"
#include "domain/email.h"
#include "domain/text.h"
#include "util/buf.h"

#define CSV_FIELDS_MAX 16
#define CSV_FIELD_MAX 4096 /* bytes */

static const struct {
	const char *code;
	const char *name;
} kinds[ORGUNIT_KIND__MAX] = {
	[ORGUNIT_REGION] = {"region", "регион"},
	[ORGUNIT_URBAN_OKRUG] = {"urban_okrug", "городской округ"},
	[ORGUNIT_MUNICIPAL_OKRUG] = {"municipal_okrug", "муниципальный округ"},
	[ORGUNIT_MUNICIPAL_DISTRICT] = {"municipal_district", "муниципальный район"},
};

/* The CSV column names, in the order of the fields of struct unit_in. */
static const char *const columns[] = {"code", "name_ru", "kind", "centre"};
#define NCOLUMNS (sizeof(columns) / sizeof(columns[0]))

int
orgunit_kind_parse(const char *s, enum orgunit_kind *kind)
{
	int k;

	for (k = 0; k < ORGUNIT_KIND__MAX; k++) {
		if (strcmp(s, kinds[k].code) == 0) {
			*kind = (enum orgunit_kind)k;
			return 0;
		}
	}
	return -1;
}

const char *
orgunit_kind_code(enum orgunit_kind kind)
{
	if ((unsigned)kind >= ORGUNIT_KIND__MAX)
		abort();
	return kinds[kind].code;
}

const char *
orgunit_kind_name(enum orgunit_kind kind)
{
	if ((unsigned)kind >= ORGUNIT_KIND__MAX)
		abort();
	return kinds[kind].name;
}

int
orgunit_code_check(const char *code)
{
	size_t n = strlen(code), i;

	if (n == 0 || n > ORGUNIT_CODE_MAX)
		return -1;
	for (i = 0; i < n; i++) {
		char c = code[i];

		if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-'))
			return -1;
	}
	return 0;
}

/* The Russian title of a field, for messages about an admin's edit (line 0). */
static const char *
field_title(const char *field)
{
	static const char *const titles[][2] = {
		{"code", "Код"},   {"name", "Название"},
		{"kind", "Вид"},   {"centre", "Административный центр"},
		{"head", "Глава"}, {"email", "Эл. почта"},
	};
	size_t i;

	for (i = 0; i < sizeof(titles) / sizeof(titles[0]); i++)
		if (strcmp(field, titles[i][0]) == 0)
			return titles[i][1];
	return field;
}

/* Fills *err; `line` 0 means "not from a file". */
__attribute__((format(printf, 4, 5))) static void
error_set(struct orgunit_error *err, unsigned line, const char *field, const char *fmt, ...)
{
	char reason[224];
	va_list ap;
	int r;

	va_start(ap, fmt);
	r = vsnprintf(reason, sizeof(reason), fmt, ap);
	va_end(ap);
	if (r < 0 || (size_t)r >= sizeof(reason))
		abort(); /* our own messages are short */
	err->line = line;
	r = snprintf(err->field, sizeof(err->field), "%s", field);
	if (r < 0 || (size_t)r >= sizeof(err->field))
		abort();
	if (line > 0 && field[0] != '\0')
		r = snprintf(err->message, sizeof(err->message), "Строка %u, поле %s: %s", line, field,
			     reason);
	else if (line > 0)
		r = snprintf(err->message, sizeof(err->message), "Строка %u: %s", line, reason);
	else if (field[0] != '\0')
		r = snprintf(err->message, sizeof(err->message), "%s: %s", field_title(field), reason);
	else
		r = snprintf(err->message, sizeof(err->message), "%s", reason);
	if (r < 0 || (size_t)r >= sizeof(err->message))
		abort();
}

/* A single-line text field: trimmed, NFC; NULL and *err filled when bad. */
static char *
text_field(const char *s, size_t n, int required, unsigned line, const char *field, struct orgunit_error *err)
{
	char *v = text_clean(s, n, TEXT_SINGLE_LINE);
	size_t count;

	if (v == NULL) {
		error_set(err, line, field,
			  "недопустимые символы (неверная кодировка или управляющие символы)");
		return NULL;
	}
	if (required && v[0] == '\0') {
		error_set(err, line, field, "не должно быть пустым");
		goto fail;
	}
	if (utf8_grapheme_count(v, strlen(v), &count) < 0 || count > ORGUNIT_NAME_MAX) {
		error_set(err, line, field, "не более %d символов", ORGUNIT_NAME_MAX);
		goto fail;
	}
	return v;
fail:
	free(v);
	return NULL;
}

/*
 * Checks the four values of one unit and builds its object; `fields` names
 * them for messages ("name_ru" in the CSV, "name" in JSON). region: the
 * kind must be "region" (the root), else a municipal one. Returns the
 * object or NULL with *err filled.
 */
static json_t *
unit_build(const char *const val[NCOLUMNS], const size_t len[NCOLUMNS], const char *const fields[NCOLUMNS],
	   int region, unsigned line, struct orgunit_error *err)
{
	char *code = NULL, *name = NULL, *kind = NULL, *centre = NULL;
	enum orgunit_kind k;
	json_t *o = NULL;

	code = text_clean(val[0], len[0], TEXT_SINGLE_LINE);
	if (code == NULL || orgunit_code_check(code) < 0) {
		error_set(
			err, line, fields[0],
			"код должен состоять из строчных латинских букв, цифр и дефиса (от 1 до %d символов)",
			ORGUNIT_CODE_MAX);
		goto out;
	}
	if ((name = text_field(val[1], len[1], 1, line, fields[1], err)) == NULL)
		goto out;
	kind = text_clean(val[2], len[2], TEXT_SINGLE_LINE);
	if (kind == NULL || orgunit_kind_parse(kind, &k) < 0 || (k == ORGUNIT_REGION) != (region != 0)) {
		if (region)
			error_set(err, line, fields[2], "у региона вид region");
		else if (line == 0)
			error_set(err, line, fields[2],
				  "выберите городской округ, муниципальный округ или муниципальный район");
		else
			error_set(err, line, fields[2],
				  "неизвестный вид муниципального образования; допустимы urban_okrug, "
				  "municipal_okrug, municipal_district");
		goto out;
	}
	if ((centre = text_field(val[3], len[3], 0, line, fields[3], err)) == NULL)
		goto out;
	o = json_pack("{s:s, s:s, s:s, s:s}", "code", code, "name", name, "kind", kinds[k].code, "centre",
		      centre);
	if (o == NULL)
		abort();
out:
	free(code);
	free(name);
	free(kind);
	free(centre);
	return o;
}

/*
 * The optional head and e-mail of an admin's edit, added to o: "" when
 * absent or blank. 0, or -1 with *err filled.
 */
static int
contacts_add(const json_t *unit, json_t *o, struct orgunit_error *err)
{
	const json_t *head = json_object_get(unit, "head"), *email = json_object_get(unit, "email");
	char *h = NULL, *box = NULL, *t = NULL;
	enum email_rc rc;
	int ret = -1;

	if ((head && !json_is_string(head)) || (email && !json_is_string(email))) {
		error_set(err, 0, head && !json_is_string(head) ? "head" : "email", "должно быть строкой");
		goto out;
	}
	if ((h = text_field(head ? json_string_value(head) : "", head ? json_string_length(head) : 0, 0, 0,
			    "head", err)) == NULL)
		goto out;
	if ((t = text_clean(email ? json_string_value(email) : "", email ? json_string_length(email) : 0,
			    TEXT_SINGLE_LINE)) != NULL &&
	    t[0] == '\0') {
		box = t;
		t = NULL;
	} else if ((rc = email_mailbox(email ? json_string_value(email) : NULL, &box)) != EMAIL_OK) {
		/* The users' sentence as it is, longer than error_set's reasons. */
		err->line = 0;
		if (snprintf(err->field, sizeof(err->field), "email") < 0 ||
		    snprintf(err->message, sizeof(err->message), "%s", email_message(rc)) >=
			    (int)sizeof(err->message))
			abort();
		goto out;
	}
	if (json_object_set_new(o, "head", json_string(h)) < 0 ||
	    json_object_set_new(o, "email", json_string(box)) < 0)
		abort();
	ret = 0;
out:
	free(h);
	free(box);
	free(t);
	return ret;
}

int
orgunit_validate(const json_t *unit, int root, json_t **out, struct orgunit_error *err)
{
	static const char *const keys[NCOLUMNS] = {"code", "name", "kind", "centre"};
	const char *val[NCOLUMNS];
	size_t len[NCOLUMNS], i;
	const char *key;
	json_t *v;

	*out = NULL;
	if (!json_is_object(unit)) {
		error_set(err, 0, "", "подразделение должно быть объектом JSON");
		return -1;
	}
	json_object_foreach((json_t *)unit, key, v)
	{
		for (i = 0; i < NCOLUMNS && strcmp(key, keys[i]) != 0; i++)
			;
		if (i == NCOLUMNS && strcmp(key, "head") != 0 && strcmp(key, "email") != 0) {
			error_set(err, 0, "",
				  "неизвестное поле; допустимы code, name, kind, centre, head, email");
			return -1;
		}
	}
	for (i = 0; i < NCOLUMNS; i++) {
		v = json_object_get(unit, keys[i]);
		if (v == NULL && i == 3) {
			val[i] = "";
			len[i] = 0;
			continue;
		}
		if (!json_is_string(v)) {
			error_set(err, 0, keys[i],
				  v == NULL ? "обязательное поле отсутствует" : "должно быть строкой");
			return -1;
		}
		val[i] = json_string_value(v);
		len[i] = json_string_length(v);
	}
	if ((*out = unit_build(val, len, keys, root, 0, err)) == NULL)
		return -1;
	if (contacts_add(unit, *out, err) < 0) {
		json_decref(*out);
		*out = NULL;
		return -1;
	}
	return 0;
}

/* Reads one record; -1 with *err filled on a malformed one. */
static int
read_record(struct csv_reader *c, unsigned *line, enum csv_rc *rc, struct orgunit_error *err)
{
	char reason[CSV_REASON_MAX];

	*rc = csv_reader_next(c, line);
	if (*rc == CSV_OK || *rc == CSV_END)
		return 0;
	csv_reason(c, *rc, reason);
	error_set(err, c->err_line, "", "%s", reason);
	return -1;
}

int
orgunit_csv_parse(const char *text, size_t len, json_t **out, struct orgunit_error *err)
{
	struct csv_reader c;
	struct buf *fields;
	enum csv_rc rc = CSV_END;
	size_t nf = 0, col_of[NCOLUMNS], ncols = 0, i, j, rows = 0, skip = 0;
	const char *val[NCOLUMNS];
	size_t vlen[NCOLUMNS];
	json_t *arr = NULL, *seen = NULL, *unit;
	unsigned line = 0;
	int ret = -1;

	*out = NULL;
	if (len >= 3 && memcmp(text, "\xef\xbb\xbf", 3) == 0)
		skip = 3;
	csv_reader_init(&c, text + skip, len - skip, ',', CSV_FIELDS_MAX, CSV_FIELD_MAX, 0);
	fields = c.fields;
	if (len > ORGUNIT_CSV_MAX) {
		error_set(err, 0, "", "файл слишком большой (не более %u байт)", ORGUNIT_CSV_MAX);
		goto out;
	}
	/* The header: every known column exactly once, nothing else. */
	do {
		if (read_record(&c, &line, &rc, err) < 0)
			goto out;
		nf = c.nfields;
	} while (rc == CSV_OK && nf == 0);
	if (rc == CSV_END) {
		error_set(err, 1, "", "нет строки заголовка code,name_ru,kind,centre");
		goto out;
	}
	for (i = 0; i < NCOLUMNS; i++)
		col_of[i] = SIZE_MAX;
	for (j = 0; j < nf; j++) {
		size_t off, n;

		text_trim(fields[j].data, fields[j].len, &off, &n);
		for (i = 0; i < NCOLUMNS; i++) {
			if (strlen(columns[i]) == n && memcmp(fields[j].data + off, columns[i], n) == 0)
				break;
		}
		if (i == NCOLUMNS) {
			error_set(err, line, "",
				  "неизвестный столбец №%zu в заголовке; нужны code, name_ru, kind, centre",
				  j + 1);
			goto out;
		}
		if (col_of[i] != SIZE_MAX) {
			error_set(err, line, "", "столбец %s повторяется в заголовке", columns[i]);
			goto out;
		}
		col_of[i] = j;
	}
	for (i = 0; i < NCOLUMNS; i++) {
		if (col_of[i] == SIZE_MAX) {
			error_set(err, line, "", "в заголовке нет столбца %s", columns[i]);
			goto out;
		}
	}
	ncols = nf;

	arr = json_array();
	seen = json_object();
	if (arr == NULL || seen == NULL)
		abort();
	for (;;) {
		if (read_record(&c, &line, &rc, err) < 0)
			goto out;
		if (rc == CSV_END)
			break;
		nf = c.nfields;
		if (nf == 0)
			continue;
		if (nf != ncols) {
			error_set(err, line, "", "ожидалось полей: %zu, найдено: %zu", ncols, nf);
			goto out;
		}
		if (++rows > ORGUNIT_CSV_ROWS_MAX) {
			error_set(err, line, "", "слишком много строк (не более %d)", ORGUNIT_CSV_ROWS_MAX);
			goto out;
		}
		for (i = 0; i < NCOLUMNS; i++) {
			val[i] = fields[col_of[i]].data;
			vlen[i] = fields[col_of[i]].len;
		}
		if ((unit = unit_build(val, vlen, columns, 0, line, err)) == NULL)
			goto out;
		if (json_object_get(seen, json_string_value(json_object_get(unit, "code"))) != NULL) {
			json_decref(unit);
			error_set(err, line, "code", "код повторяется (уже встречался выше)");
			goto out;
		}
		if (json_object_set_new(seen, json_string_value(json_object_get(unit, "code")), json_true()) <
			    0 ||
		    json_array_append_new(arr, unit) < 0)
			abort();
	}
	if (rows == 0) {
		error_set(err, line, "", "нет ни одного муниципального образования");
		goto out;
	}
	*out = arr;
	arr = NULL;
	ret = 0;
out:
	csv_reader_release(&c);
	json_decref(arr);
	json_decref(seen);
	return ret;
}
