/*
 * import_parse: reading a CSV file of reports (see import.h): import_parse
 * decodes the bytes (csv.h), finds the columns by their headers, and walks
 * the rows once, grouping them by municipality into raw report models;
 * import.c then checks them. Lookups (headers, municipalities, forms,
 * audiences) compare "keys": text trimmed, NFC, case-folded, «ё» read as
 * «е» and runs of white space collapsed, so «АРТЕМОВСКИЙ  городской округ»
 * finds «Артёмовский городской округ».
 */
#include "domain/import.h"
#include "domain/import_int.h"
#include "util/civil.h"
#include "util/jsonx.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "domain/csv.h"
#include "domain/report.h"
#include "domain/reporting.h"
#include "domain/text.h"
#include "util/buf.h"
#include "util/xalloc.h"

#define QUOTE_MAX 80 /* bytes of a cell value quoted in a message */
#define REASON_MAX 65536 /* bytes of a formatted reason before it is cut to MESSAGE_MAX */

/* Headers of columns that carry nothing to import (row numbers): skipped without a warning. */
static const char *const ignored_headers[] = {"№", "№ п/п", "n", "no", "номер", "п/п", NULL};

/* Audience words officials write, as keys, with the code they mean. */
static const struct {
	const char *key;
	const char *code;
} audience_words[] = {
	{"дети", "children"},
	{"школьники", "children"},
	{"учащиеся", "children"},
	{"обучающиеся", "children"},
	{"подростки", "children"},
	{"воспитанники", "children"},
	{"родители", "parents"},
	{"законные представители", "parents"},
	{"родительская общественность", "parents"},
	{"педагоги", "teachers"},
	{"учителя", "teachers"},
	{"воспитатели", "teachers"},
	{"педагогические работники", "teachers"},
	{"специалисты", "specialists"},
	{"эксперты", "specialists"},
	{"широкая общественность", "public"},
	{"общественность", "public"},
	{"жители", "public"},
	{"население", "public"},
};

static const char *const contact_fields[] = {"name", "position", "phone", "email"};

/*
 * The lookup key of s[0..n): the collation key (utf8_fold_key: NFC,
 * case-folded, «ё» → «е»), trimmed, runs of white space as one space. NULL
 * when s is not valid UTF-8. free() it.
 */
static char *
key_of(const char *s, size_t n)
{
	char *f = utf8_fold_key(s, n), *o;
	size_t i = 0, j = 0, len;
	int space = 0;

	if (f == NULL)
		return NULL;
	len = strlen(f);
	o = xmalloc(len + 1);
	while (i < len) {
		size_t at = i;
		int32_t cp;

		if (utf8_next(f, len, &i, &cp) < 0)
			abort(); /* utf8_fold_key returns valid UTF-8 */
		if (text_cp_is_space(cp)) {
			space = 1;
			continue;
		}
		if (space && j > 0)
			o[j++] = ' ';
		space = 0;
		memcpy(o + j, f + at, i - at);
		j += i - at;
	}
	o[j] = '\0';
	free(f);
	return o;
}

/* The key of a header: as key_of, without a trailing «(…)» hint, '*' or ':'. */
static char *
header_key(const char *s, size_t n)
{
	char *k = key_of(s, n);
	size_t len;

	if (k == NULL)
		return NULL;
	for (;;) {
		len = strlen(k);
		while (len > 0 && (k[len - 1] == '*' || k[len - 1] == ':' || k[len - 1] == ' '))
			k[--len] = '\0';
		if (len > 0 && k[len - 1] == ')') {
			char *open = strrchr(k, '(');

			if (open != NULL && open != k) {
				*open = '\0';
				continue;
			}
		}
		break;
	}
	return k;
}

/* Cuts s to at most QUOTE_MAX bytes on a character boundary, with «…» when cut: arena-free copy. */
static char *
quote_of(const char *s)
{
	size_t n = strlen(s), i = 0, last = 0;
	int32_t cp;
	char *o;

	if (n <= QUOTE_MAX)
		return xstrdup(s);
	while (i < n && i <= QUOTE_MAX - 3) {
		last = i;
		if (utf8_next(s, n, &i, &cp) < 0)
			break;
	}
	o = xmalloc(last + 4);
	memcpy(o, s, last);
	memcpy(o + last, "\xe2\x80\xa6", 4);
	return o;
}

static void issuef(json_t *result, unsigned line, unsigned row, const char *column, int warning,
		   const char *org_unit, const char *fmt, ...) __attribute__((format(printf, 7, 8)));

static void
issuef(json_t *result, unsigned line, unsigned row, const char *column, int warning, const char *org_unit,
       const char *fmt, ...)
{
	struct buf reason;
	va_list ap;
	int r;

	/*
	 * Cell values are cut to QUOTE_MAX, but a name from the database is
	 * quoted whole: the reason may be long, and a message is never worth
	 * an abort. Past REASON_MAX the issue says so instead.
	 */
	buf_init(&reason, REASON_MAX);
	va_start(ap, fmt);
	r = buf_vaddf(&reason, fmt, ap);
	va_end(ap);
	if (r < 0 && buf_adds(&reason, "слишком длинное сообщение об ошибке") < 0)
		abort(); /* the buffer is empty after a refused add */
	import_issue_add(result, line, row, column, warning, org_unit, reason.data);
	buf_release(&reason);
}

/* ---- the parse ---- */

struct parse {
	json_t *res; /* the result */
	json_t *units; /* key → org unit object (borrowed) */
	json_t *forms; /* key → form code; "1".."N" → code of the N-th active form */
	json_t *index; /* org unit code → municipality entry (borrowed) */
	const json_t *campaign; /* borrowed: who reports (reporting_must_report) */
	size_t nactive; /* active forms */
	size_t col_of[IMPORT_COL__MAX]; /* cell index of each column, or SIZE_MAX */
	const char *header[IMPORT_COL__MAX]; /* the header as written, in res "columns" */
	size_t ncells; /* cells in the header */
	unsigned char *known; /* ncells flags: 1 when the header cell names a column or is ignored */
};

/* Adds key(s) → value to a lookup object; the first one wins. */
static void
lookup_add(json_t *map, const char *s, json_t *value)
{
	char *k = key_of(s, strlen(s));

	if (k != NULL && k[0] != '\0' && json_object_get(map, k) == NULL)
		jx_set(map, k, json_incref(value));
	free(k);
	json_decref(value);
}

static void
lookups_init(struct parse *p, const json_t *campaign, const json_t *org_units)
{
	const json_t *u, *f;
	size_t i;

	p->units = jx_obj();
	p->forms = jx_obj();
	p->index = jx_obj();
	p->campaign = campaign;
	json_array_foreach(org_units, i, u)
	{
		const char *code = json_string_value(json_object_get(u, "code"));
		const char *name = json_string_value(json_object_get(u, "name"));
		const char *kind = json_string_value(json_object_get(u, "kind"));

		if (code == NULL || (kind != NULL && strcmp(kind, "region") == 0))
			continue;
		lookup_add(p->units, code, json_incref((json_t *)u));
		if (name != NULL)
			lookup_add(p->units, name, json_incref((json_t *)u));
	}
	json_array_foreach(json_object_get(campaign, "forms"), i, f)
	{
		const char *code = json_string_value(json_object_get(f, "code"));
		const char *title = json_string_value(json_object_get(f, "title"));
		char num[24];

		if (code == NULL)
			continue;
		if (!json_is_true(json_object_get(f, "retired"))) {
			int k = snprintf(num, sizeof(num), "%zu", ++p->nactive);

			if (k < 0 || (size_t)k >= sizeof(num))
				abort();
			jx_set(p->forms, num, jx_str(code));
		}
		lookup_add(p->forms, code, jx_str(code));
		if (title != NULL)
			lookup_add(p->forms, title, jx_str(code));
	}
}

/* 1 when every cell of the record is blank. */
static int
record_blank(const struct csv_reader *r)
{
	size_t i, off, n;

	for (i = 0; i < r->nfields; i++) {
		text_trim(r->fields[i].data, r->fields[i].len, &off, &n);
		if (n > 0)
			return 0;
	}
	return 1;
}

/* Reads the header record: -1 when the file cannot be imported (issues added). */
static int
header_read(struct parse *p, const struct csv_reader *r, unsigned line, unsigned row)
{
	json_t *cols = json_object_get(p->res, "columns");
	size_t j, c, k, found = 0;
	int ret = 0;

	p->ncells = r->nfields;
	p->known = xcalloc(r->nfields ? r->nfields : 1, 1);
	for (j = 0; j < r->nfields; j++) {
		char *key = header_key(r->fields[j].data, r->fields[j].len);
		size_t off, n;

		if (key == NULL) {
			free(key);
			continue;
		}
		if (key[0] == '\0') {
			free(key);
			continue;
		}
		for (k = 0; ignored_headers[k] != NULL && strcmp(ignored_headers[k], key) != 0; k++)
			;
		if (ignored_headers[k] != NULL) {
			p->known[j] = 1;
			free(key);
			continue;
		}
		for (c = 0; c < IMPORT_COL__MAX; c++) {
			for (k = 0; import_column_defs[c].aliases[k] != NULL &&
				    strcmp(import_column_defs[c].aliases[k], key) != 0;
			     k++)
				;
			if (import_column_defs[c].aliases[k] != NULL)
				break;
		}
		free(key);
		text_trim(r->fields[j].data, r->fields[j].len, &off, &n);
		if (c == IMPORT_COL__MAX) {
			p->known[j] = 2; /* warned once here, skipped silently in the rows */
			char *h = xstrndup(r->fields[j].data + off, n), *q = quote_of(h);

			issuef(p->res, line, row, NULL, 1, NULL,
			       "столбец %zu «%s» не распознан и пропущен; допустимые столбцы перечислены в "
			       "описании формата",
			       j + 1, q);
			free(h);
			free(q);
			continue;
		}
		if (p->col_of[c] != SIZE_MAX) {
			issuef(p->res, line, row, NULL, 0, NULL,
			       "столбец «%s» встречается в заголовке дважды (столбцы %zu и %zu)",
			       import_column_defs[c].title, p->col_of[c] + 1, j + 1);
			ret = -1;
			continue;
		}
		p->col_of[c] = j;
		p->known[j] = 1;
		jx_set(cols, import_column_defs[c].code, json_stringn(r->fields[j].data + off, n));
		found++;
	}
	if (found < 2) {
		issuef(p->res, line, row, NULL, 0, NULL,
		       "не найдены заголовки столбцов. Первая строка файла должна содержать названия столбцов: "
		       "«Муниципальное образование», «Форма мероприятия», «Дата», «Название» и другие "
		       "(разделитель — точка с запятой или запятая)");
		return -1;
	}
	for (c = 0; c < IMPORT_COL__MAX; c++) {
		if (import_column_defs[c].required && p->col_of[c] == SIZE_MAX) {
			issuef(p->res, line, row, NULL, 0, NULL, "в заголовке нет столбца «%s»",
			       import_column_defs[c].title);
			ret = -1;
		}
	}
	for (c = 0; c < IMPORT_COL__MAX; c++)
		p->header[c] = json_string_value(json_object_get(cols, import_column_defs[c].code));
	return ret;
}

/*
 * The trimmed value of column c in the record: a new string, "" when the
 * column or the cell is absent. Cells are valid UTF-8 (csv_decode made the
 * text so, and delimiters are ASCII).
 */
static char *
cell(const struct parse *p, const struct csv_reader *r, enum import_column c)
{
	size_t j = p->col_of[c], off, n;

	if (j == SIZE_MAX || j >= r->nfields)
		return xstrdup("");
	text_trim(r->fields[j].data, r->fields[j].len, &off, &n);
	return xstrndup(r->fields[j].data + off, n);
}

/* Parses a date: ДД.ММ.ГГГГ (or Д.М.ГГГГ, ДД.ММ.ГГ), ГГГГ-ММ-ДД, optionally with a time after it. */
static int
date_parse(const char *s, char iso[11])
{
	int y = 0, m = 0, d = 0, nd = 0, nm = 0, ny = 0, k;
	const char *q = s;
	int64_t days;

	if (strlen(s) >= 10 && s[4] == '-' && s[7] == '-') {
		memcpy(iso, s, 10);
		iso[10] = '\0';
		q = s + 10;
	} else {
		while (*q >= '0' && *q <= '9' && nd < 2)
			d = d * 10 + (*q++ - '0'), nd++;
		if (nd == 0 || *q++ != '.')
			return -1;
		while (*q >= '0' && *q <= '9' && nm < 2)
			m = m * 10 + (*q++ - '0'), nm++;
		if (nm == 0 || *q++ != '.')
			return -1;
		while (*q >= '0' && *q <= '9' && ny < 4)
			y = y * 10 + (*q++ - '0'), ny++;
		if (ny == 2)
			y += 2000;
		else if (ny != 4)
			return -1;
		k = snprintf(iso, 11, "%04d-%02d-%02d", y, m, d);
		if (k != 10)
			return -1;
	}
	/* A time Excel may add to a date cell: " 0:00" or " 00:00:00". */
	if (*q == ' ' || *q == 'T') {
		q++;
		if (strspn(q, "0123456789:") != strlen(q) || strchr(q, ':') == NULL)
			return -1;
	} else if (*q != '\0') {
		return -1;
	}
	return civil_date_parse(iso, &days);
}

/* Looks a form up by code, number (1..N, "5."), or title: the code, or NULL. */
static const char *
form_lookup(const struct parse *p, const char *s)
{
	char *k;
	const char *code;
	size_t n = strlen(s), d = strspn(s, "0123456789"), i;
	unsigned long v = 0;
	char num[24];
	int w;

	if (d > 0 && d <= 6 && (d == n || (d + 1 == n && s[d] == '.'))) {
		for (i = 0; i < d; i++)
			v = v * 10 + (unsigned long)(s[i] - '0');
		w = snprintf(num, sizeof(num), "%lu", v);
		if (w < 0 || (size_t)w >= sizeof(num))
			abort();
		return json_string_value(json_object_get(p->forms, num));
	}
	k = key_of(s, n);
	if (k == NULL)
		return NULL;
	code = json_string_value(json_object_get(p->forms, k));
	free(k);
	return code;
}

/* The audience code of a word (a code, a title, a synonym), or NULL. */
static const char *
audience_lookup(const char *key)
{
	size_t i;

	for (i = 0; report_audiences[i] != NULL; i++) {
		char *t = key_of(report_audience_title(report_audiences[i]),
				 strlen(report_audience_title(report_audiences[i])));
		int eq = strcmp(report_audiences[i], key) == 0 || strcmp(t, key) == 0;

		free(t);
		if (eq)
			return report_audiences[i];
	}
	for (i = 0; i < sizeof(audience_words) / sizeof(audience_words[0]); i++)
		if (strcmp(audience_words[i].key, key) == 0)
			return audience_words[i].code;
	return NULL;
}

/* The comparison form of a contact value: digits for phones (8… → 7…), keys otherwise. */
static char *
contact_key(const char *field, const char *s)
{
	size_t i, j = 0, n = strlen(s);
	char *o;

	if (strcmp(field, "phone") != 0)
		return key_of(s, n);
	o = xmalloc(n + 1);
	for (i = 0; i < n; i++)
		if (s[i] >= '0' && s[i] <= '9')
			o[j++] = s[i];
	o[j] = '\0';
	if (j == 11 && o[0] == '8')
		o[0] = '7';
	return o;
}

/* The municipality entry for org unit u, created on first use. */
static json_t *
entry_get(struct parse *p, const json_t *u, unsigned line, unsigned row)
{
	const char *code = json_string_value(json_object_get(u, "code"));
	json_t *m = json_object_get(p->index, code), *report;

	if (m != NULL)
		return m;
	report = json_pack("{s:{}, s:[]}", "contact", "activities");
	m = json_pack("{s:s, s:s, s:I, s:I, s:i, s:i, s:i, s:i, s:i, s:i, s:o, s:[], s:{}}", "org_unit", code,
		      "name", json_string_value(json_object_get(u, "name")) ?: code, "first_line",
		      (json_int_t)line, "first_row", (json_int_t)row, "rows", 0, "activities", 0,
		      "participants", 0, "reach", 0, "errors", 0, "warnings", 0, "report", report,
		      "activity_lines", "contact_lines");
	if (m == NULL)
		abort();
	jx_append(json_object_get(p->res, "municipalities"), m);
	jx_set(p->index, code, json_incref(m));
	return m;
}

/*
 * Checks a contact value of a later row of a municipality with the rule of
 * the report form (report_validate on a contact of that one field, draft
 * mode): the first row's value is checked with the whole report, a later
 * one here, so «12345» on row 9 is an error of row 9. Returns 0 when the
 * value is valid, -1 after adding an error naming the line and the column.
 */
static int
contact_check(struct parse *p, const json_t *m, enum import_column c, const char *field, const char *v,
	      unsigned line, unsigned row)
{
	struct report_rules rules = {.mode = REPORT_DRAFT};
	json_t *in = json_pack("{s:{s:s}}", "contact", field, v), *out = NULL, *issues = NULL, *is;
	int ret = 0;
	size_t i;

	if (in == NULL)
		return 0; /* cells are UTF-8 without NUL: json_pack cannot refuse them */
	(void)report_validate(in, &rules, &out, &issues);
	json_array_foreach(issues, i, is)
	{
		const char *msg = json_string_value(json_object_get(is, "message"));

		if (strcmp(json_string_value(json_object_get(is, "level")) ?: "", "error") != 0 ||
		    msg == NULL)
			continue;
		issuef(p->res, line, row, import_header_of(p->header, c), 0,
		       json_string_value(json_object_get(m, "org_unit")), "%s",
		       import_reason_of(msg, "contact", field));
		ret = -1;
		break;
	}
	json_decref(in);
	json_decref(out);
	json_decref(issues);
	return ret;
}

/*
 * Takes a contact cell: the first non-empty value wins; a later one must
 * pass the form's rule (an error) and, when it differs, is a warning.
 */
static void
contact_take(struct parse *p, json_t *m, enum import_column c, const char *field, const char *v,
	     unsigned line, unsigned row)
{
	json_t *contact = json_object_get(json_object_get(m, "report"), "contact");
	json_t *where = json_object_get(m, "contact_lines");
	const char *have = json_string_value(json_object_get(contact, field));
	char *a, *b, *q;

	if (v[0] == '\0')
		return;
	if (have == NULL) {
		jx_set(contact, field, jx_str(v));
		jx_set(where, field, json_pack("[I,I]", (json_int_t)line, (json_int_t)row));
		return;
	}
	if (contact_check(p, m, c, field, v, line, row) < 0)
		return;
	a = contact_key(field, have);
	b = contact_key(field, v);
	if (a == NULL || b == NULL || strcmp(a, b) != 0) {
		q = quote_of(have);
		issuef(p->res, line, row, import_header_of(p->header, c), 1,
		       json_string_value(json_object_get(m, "org_unit")),
		       "значение отличается от указанного в строке %lld («%s»); используется первое",
		       (long long)json_integer_value(json_array_get(json_object_get(where, field), 0)), q);
		free(q);
	}
	free(a);
	free(b);
}

/* Splits s on any of `seps` and white space into a new array of non-empty trimmed strings. */
static json_t *
split(const char *s, const char *seps, int on_space)
{
	json_t *arr = jx_arr();
	size_t n = strlen(s), i = 0, start = 0;

	while (i <= n) {
		int cut = i == n || strchr(seps, s[i]) != NULL;
		size_t adv = 1;

		if (!cut && on_space) {
			size_t j = i;
			int32_t cp;

			if (utf8_next(s, n, &j, &cp) == 0 && text_cp_is_space(cp)) {
				cut = 1;
				adv = j - i;
			}
		}
		if (cut) {
			size_t off, len;

			text_trim(s + start, i - start, &off, &len);
			if (len > 0)
				jx_append(arr, json_stringn(s + start + off, len));
			i += adv;
			start = i;
			continue;
		}
		i++;
	}
	return arr;
}

/* CRLF and lone CR → LF. In place. */
static void
newlines_lf(char *s)
{
	char *w = s;

	for (; *s; s++) {
		if (*s == '\r') {
			*w++ = '\n';
			if (s[1] == '\n')
				s++;
		} else {
			*w++ = *s;
		}
	}
	*w = '\0';
}

/* Reads the activity cells of one row into a new object; NULL when the row has none. */
static json_t *
activity_read(struct parse *p, const struct csv_reader *r, const char *org, unsigned line, unsigned row)
{
	static const enum import_column act_cols[] = {
		IMPORT_COL_FORM,     IMPORT_COL_DATE,         IMPORT_COL_TITLE, IMPORT_COL_DESCRIPTION,
		IMPORT_COL_AUDIENCE, IMPORT_COL_PARTICIPANTS, IMPORT_COL_REACH, IMPORT_COL_LINKS};
	char *v[sizeof(act_cols) / sizeof(act_cols[0])];
	size_t i, nv = sizeof(act_cols) / sizeof(act_cols[0]);
	json_t *a = NULL, *words, *w, *aud;
	int any = 0;
	char iso[11], *q;

	for (i = 0; i < nv; i++) {
		v[i] = cell(p, r, act_cols[i]);
		any |= v[i][0] != '\0';
	}
	if (!any)
		goto out;
	a = jx_obj();
	/* form */
	if (v[0][0] != '\0') {
		const char *code = form_lookup(p, v[0]);

		if (code == NULL) {
			q = quote_of(v[0]);
			issuef(p->res, line, row, import_header_of(p->header, IMPORT_COL_FORM), 0, org,
			       "формы «%s» нет в акции; укажите номер формы от 1 до %zu, её код или название "
			       "из списка акции",
			       q, p->nactive);
			free(q);
		}
		jx_set(a, "form", jx_str(code ? code : ""));
	}
	/* date */
	if (v[1][0] != '\0') {
		if (date_parse(v[1], iso) < 0) {
			q = quote_of(v[1]);
			issuef(p->res, line, row, import_header_of(p->header, IMPORT_COL_DATE), 0, org,
			       "неверная дата «%s»; укажите её в виде ДД.ММ.ГГГГ, например 08.02.2022", q);
			free(q);
			jx_set(a, "date", jx_str(""));
		} else {
			jx_set(a, "date", jx_str(iso));
		}
	}
	jx_set(a, "title", jx_str(v[2]));
	newlines_lf(v[3]);
	jx_set(a, "description", jx_str(v[3]));
	/* audience */
	aud = jx_arr();
	words = split(v[4], ",;/", 0);
	json_array_foreach(words, i, w)
	{
		char *k = key_of(json_string_value(w), json_string_length(w));
		const char *code = k ? audience_lookup(k) : NULL;

		if (code == NULL) {
			q = quote_of(json_string_value(w));
			issuef(p->res, line, row, import_header_of(p->header, IMPORT_COL_AUDIENCE), 0, org,
			       "аудитории «%s» нет; допустимы: дети, родители, педагоги, специалисты, широкая "
			       "общественность",
			       q);
			free(q);
		} else {
			jx_append(aud, jx_str(code));
		}
		free(k);
	}
	json_decref(words);
	jx_set(a, "audience", aud);
	jx_set(a, "participants", jx_str(v[5]));
	jx_set(a, "reach", jx_str(v[6]));
	jx_set(a, "links", split(v[7], ",;", 1));
out:
	for (i = 0; i < nv; i++)
		free(v[i]);
	return a;
}

/* Reads one data row. */
static void
row_read(struct parse *p, const struct csv_reader *r, unsigned line, unsigned row, json_t **last)
{
	static const enum import_column ccols[] = {IMPORT_COL_CONTACT_NAME, IMPORT_COL_CONTACT_POSITION,
						   IMPORT_COL_CONTACT_PHONE, IMPORT_COL_CONTACT_EMAIL};
	char *muni = NULL, *k = NULL, *q, *v;
	const json_t *u;
	json_t *m, *a;
	const char *org;
	size_t j, off, n;
	int stray = 0;

	for (j = 0; j < r->nfields; j++) {
		if (j < p->ncells && p->known[j])
			continue;
		text_trim(r->fields[j].data, r->fields[j].len, &off, &n);
		stray |= n > 0;
	}
	if (stray)
		issuef(p->res, line, row, NULL, 1, NULL,
		       "значения в столбцах без распознанного заголовка пропущены");

	muni = cell(p, r, IMPORT_COL_MUNICIPALITY);
	if (muni[0] == '\0') {
		if (*last == NULL) {
			issuef(p->res, line, row, import_header_of(p->header, IMPORT_COL_MUNICIPALITY), 0,
			       NULL, "не указано муниципальное образование");
			*last = json_null();
			goto out;
		}
		if (json_is_null(*last))
			goto out; /* the row above named an unknown one: already reported */
		m = *last;
	} else {
		k = key_of(muni, strlen(muni));
		u = k ? json_object_get(p->units, k) : NULL;
		if (u == NULL) {
			q = quote_of(muni);
			issuef(p->res, line, row, import_header_of(p->header, IMPORT_COL_MUNICIPALITY), 0,
			       NULL,
			       "муниципального образования «%s» нет в списке; укажите его код (например, "
			       "nakhodka) или полное название («Находкинский городской округ»)",
			       q);
			free(q);
			*last = json_null();
			goto out;
		}
		/* 0: the region is not among p->units (lookups_init). */
		if (!reporting_must_report(p->campaign, json_string_value(json_object_get(u, "code")), 0)) {
			issuef(p->res, line, row, import_header_of(p->header, IMPORT_COL_MUNICIPALITY), 0,
			       NULL,
			       "«%s» не участвует в этой акции: его нет в списке муниципальных образований, "
			       "которые по ней отчитываются",
			       json_string_value(json_object_get(u, "name")));
			*last = json_null();
			goto out;
		}
		m = entry_get(p, u, line, row);
		*last = m;
	}
	org = json_string_value(json_object_get(m, "org_unit"));
	jx_set(m, "rows", json_integer(json_integer_value(json_object_get(m, "rows")) + 1));
	for (j = 0; j < 4; j++) {
		v = cell(p, r, ccols[j]);
		contact_take(p, m, ccols[j], contact_fields[j], v, line, row);
		free(v);
	}
	if ((a = activity_read(p, r, org, line, row)) != NULL) {
		jx_append(json_object_get(json_object_get(m, "report"), "activities"), a);
		jx_append(json_object_get(m, "activity_lines"),
			  json_pack("[I,I]", (json_int_t)line, (json_int_t)row));
	}
out:
	free(muni);
	free(k);
}

int
import_parse(const char *text, size_t len, const json_t *campaign, const json_t *org_units, json_t **result)
{
	struct parse p;
	struct csv_reader r;
	struct buf utf8;
	enum csv_encoding enc = CSV_ENC_UTF8;
	enum csv_decode_rc drc;
	enum csv_rc rc;
	json_t *last = NULL;
	char reason[CSV_REASON_MAX], delim;
	unsigned line = 0, bad_line = 0, row = 0, rows = 0;
	size_t skip = 0, c;
	int have_header = 0;

	memset(&p, 0, sizeof(p));
	for (c = 0; c < IMPORT_COL__MAX; c++)
		p.col_of[c] = SIZE_MAX;
	p.res = json_pack("{s:s, s:s, s:i, s:{}, s:[], s:[], s:i, s:i, s:b}", "encoding", "utf-8",
			  "delimiter", ";", "rows", 0, "columns", "municipalities", "issues", "errors", 0,
			  "warnings", 0, "issues_truncated", 0);
	if (p.res == NULL)
		abort();
	*result = p.res;
	memset(&r, 0, sizeof(r));
	buf_init(&utf8, 3 * (len < IMPORT_MAX_BYTES ? len : 0) + 1);
	if (len > IMPORT_MAX_BYTES) {
		issuef(p.res, 0, 0, NULL, 0, NULL,
		       "Файл слишком большой: %zu байт, допускается не больше %zu байт (4 МиБ). Разделите его "
		       "на несколько файлов.",
		       len, IMPORT_MAX_BYTES);
		goto out;
	}
	drc = csv_decode(text, len, &utf8, &enc, &bad_line);
	if (drc != CSV_DECODE_OK) {
		import_issue_add(p.res, bad_line, 0, NULL, 0, NULL, csv_decode_reason(drc));
		goto out;
	}
	jx_set(p.res, "encoding", jx_str(csv_encoding_code(enc)));
	delim = csv_delimiter_detect(utf8.data, utf8.len, &skip);
	jx_set(p.res, "delimiter", json_stringn(&delim, 1));
	lookups_init(&p, campaign, org_units);
	csv_reader_init(&r, utf8.data + skip, utf8.len - skip, delim, IMPORT_FIELDS_MAX, IMPORT_FIELD_MAX,
			CSV_LAX);
	if (skip > 0)
		r.line = 2;
	for (;;) {
		rc = csv_reader_next(&r, &line);
		if (rc == CSV_END)
			break;
		if (rc != CSV_OK) {
			csv_reason(&r, rc, reason);
			issuef(p.res, r.err_line, 0, NULL, 0, NULL,
			       "%s; файл прочитан только до этого места, проверьте кавычки", reason);
			break;
		}
		row++;
		if (r.nfields == 0 || record_blank(&r))
			continue;
		if (!have_header) {
			have_header = 1;
			if (header_read(&p, &r, line, row) < 0)
				break;
			continue;
		}
		if (++rows > IMPORT_MAX_ROWS) {
			issuef(p.res, line, row, NULL, 0, NULL,
			       "в файле больше %d строк с данными; разделите его на несколько файлов",
			       IMPORT_MAX_ROWS);
			json_array_clear(json_object_get(p.res, "municipalities"));
			break;
		}
		row_read(&p, &r, line, row, &last);
	}
	if (rows > IMPORT_MAX_ROWS)
		rows = IMPORT_MAX_ROWS + 1;
	jx_set(p.res, "rows", json_integer(rows));
	if (!have_header)
		issuef(p.res, 0, 0, NULL, 0, NULL, "В файле нет ни заголовка, ни строк с данными.");
	else if (rows == 0 && json_integer_value(json_object_get(p.res, "errors")) == 0)
		issuef(p.res, 0, 0, NULL, 0, NULL,
		       "В файле есть заголовок, но нет ни одной строки с данными.");
out:
	csv_reader_release(&r);
	buf_release(&utf8);
	json_decref(p.units);
	json_decref(p.forms);
	json_decref(p.index);
	free(p.known);
	return json_integer_value(json_object_get(p.res, "errors")) > 0 ? -1 : 0;
}
