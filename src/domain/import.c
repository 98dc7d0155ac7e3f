/*
 * import: the CSV import of reports (see import.h): the file's columns,
 * the issues and their messages, and import_check, which lays each
 * municipality's raw model (from import_parse.c) over the stored report,
 * runs report_validate and maps its issues back to lines and columns of
 * the file.
 */
#include "domain/import.h"
#include "domain/import_int.h"
#include "util/jsonx.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "domain/report.h"
#include "util/buf.h"
#include "util/utf8.h"
#include "util/xalloc.h"

#define MESSAGE_MAX 4096 /* bytes of an issue message; values quoted in it are cut to fit */

/* ---- the columns ---- */

const struct import_column_def import_column_defs[IMPORT_COL__MAX] = {
	[IMPORT_COL_MUNICIPALITY] =
		{"municipality",
		 "Муниципальное образование",
		 {"муниципальное образование", "муниципалитет", "мо", "municipality", "org_unit", "код мо",
		  NULL},
		 1,
		 "код (nakhodka) или полное название («Находкинский городской округ»); пустая "
		 "ячейка — то же, что в строке выше"},
	[IMPORT_COL_CONTACT_NAME] = {"contact_name",
				     "ФИО контактного лица",
				     {"фио контактного лица", "контактное лицо", "фио", "ответственный",
				      "фио ответственного", "contact_name", NULL},
				     0,
				     "в каждой строке или только в первой строке муниципалитета"},
	[IMPORT_COL_CONTACT_POSITION] = {"contact_position",
					 "Должность",
					 {"должность", "должность контактного лица", "contact_position",
					  NULL},
					 0,
					 "должность контактного лица"},
	[IMPORT_COL_CONTACT_PHONE] = {"contact_phone",
				      "Телефон",
				      {"телефон", "телефон контактного лица", "contact_phone", NULL},
				      0,
				      "например, 8 (4236) 69-22-10 или +7 914 123-45-67"},
	[IMPORT_COL_CONTACT_EMAIL] = {"contact_email",
				      "Эл. почта",
				      {"эл. почта", "электронная почта", "e-mail", "email",
				       "адрес электронной почты", "contact_email", NULL},
				      0,
				      "адрес контактного лица"},
	[IMPORT_COL_FORM] = {"form",
			     "Форма мероприятия",
			     {"форма мероприятия", "форма", "форма работы", "form", NULL},
			     1,
			     "номер формы в списке акции (1–8), её код или название"},
	[IMPORT_COL_DATE] = {"date",
			     "Дата",
			     {"дата", "дата проведения", "дата мероприятия", "date", NULL},
			     1,
			     "ДД.ММ.ГГГГ или ГГГГ-ММ-ДД"},
	[IMPORT_COL_TITLE] = {"title",
			      "Название",
			      {"название", "название мероприятия", "наименование мероприятия", "наименование",
			       "title", NULL},
			      1,
			      "одна строка, до 300 символов"},
	[IMPORT_COL_DESCRIPTION] = {"description",
				    "Описание",
				    {"описание", "краткое описание", "описание мероприятия", "description",
				     NULL},
				    0,
				    "до 5000 символов, можно в несколько строк"},
	[IMPORT_COL_AUDIENCE] =
		{"audience",
		 "Аудитория",
		 {"аудитория", "целевая аудитория", "audience", NULL},
		 0,
		 "через запятую: дети, родители, педагоги, специалисты, широкая общественность"},
	[IMPORT_COL_PARTICIPANTS] = {"participants",
				     "Участники",
				     {"участники", "количество участников", "число участников",
				      "participants", NULL},
				     0,
				     "целое число"},
	[IMPORT_COL_REACH] = {"reach",
			      "Охват",
			      {"охват", "охват аудитории", "reach", NULL},
			      0,
			      "целое число: просмотры, слушатели, читатели"},
	[IMPORT_COL_LINKS] = {"links",
			      "Ссылки",
			      {"ссылки", "ссылки на публикации", "ссылка", "links", NULL},
			      0,
			      "адреса публикаций через пробел, запятую или с новой строки"},
};

json_t *
import_columns(void)
{
	json_t *arr = jx_arr();
	size_t c, k;

	for (c = 0; c < IMPORT_COL__MAX; c++) {
		json_t *al = jx_arr();

		for (k = 0; import_column_defs[c].aliases[k] != NULL; k++)
			jx_append(al, jx_str(import_column_defs[c].aliases[k]));
		jx_append(arr, json_pack("{s:s, s:s, s:o, s:b, s:s}", "code", import_column_defs[c].code,
					 "title", import_column_defs[c].title, "aliases", al, "required",
					 import_column_defs[c].required, "hint", import_column_defs[c].hint));
	}
	return arr;
}

const char *
import_header_of(const char *const *header, enum import_column c)
{
	return header[c] ? header[c] : import_column_defs[c].title;
}

/* ---- issues ---- */

void
import_issue_add(json_t *result, unsigned line, unsigned row, const char *column, int warning,
		 const char *org_unit, const char *reason)
{
	json_t *issues = json_object_get(result, "issues");
	const char *counter = warning ? "warnings" : "errors";
	json_t *m;
	struct buf msg;
	int r = 0;

	jx_set(result, counter, json_integer(json_integer_value(json_object_get(result, counter)) + 1));
	if (org_unit != NULL && (m = import_municipality(result, org_unit)) != NULL)
		jx_set(m, counter, json_integer(json_integer_value(json_object_get(m, counter)) + 1));
	if (json_array_size(issues) >= IMPORT_MAX_ISSUES) {
		jx_set(result, "issues_truncated", json_true());
		return;
	}
	buf_init(&msg, MESSAGE_MAX);
	if (line > 0) {
		r |= buf_addf(&msg, "Строка %u", line);
		if (row > 0 && row != line)
			r |= buf_addf(&msg, " (в таблице — строка %u)", row);
	}
	if (column != NULL)
		r |= buf_addf(&msg, "%sстолбец «%s»", line > 0 ? ", " : "Столбец ", column);
	if (msg.len > 0)
		r |= buf_adds(&msg, ": ");
	if (r < 0 || buf_adds(&msg, reason) < 0) {
		/* A long column name or reason: keep what fits, cut on a character boundary. */
		buf_reset(&msg);
		if (buf_add(&msg, reason, utf8_fit(reason, strlen(reason), MESSAGE_MAX - 4)) < 0 ||
		    (reason[msg.len] != '\0' && buf_adds(&msg, "\xe2\x80\xa6") < 0))
			abort(); /* MESSAGE_MAX - 4 bytes and «…» fit MESSAGE_MAX */
	}
	jx_append(issues, json_pack("{s:I, s:I, s:o, s:s, s:s, s:o}", "line", (json_int_t)line, "row",
				    (json_int_t)row, "column", column ? jx_str(column) : json_null(), "level",
				    warning ? "warning" : "error", "message", msg.data, "org_unit",
				    org_unit ? jx_str(org_unit) : json_null()));
	buf_release(&msg);
}

json_t *
import_municipality(const json_t *result, const char *code)
{
	json_t *m;
	size_t i;

	json_array_foreach(json_object_get(result, "municipalities"), i, m)
	{
		if (strcmp(json_string_value(json_object_get(m, "org_unit")), code) == 0)
			return m;
	}
	return NULL;
}

/* ---- the check ---- */

/* The column of a report field, for mapping issues back. */
static enum import_column
column_of_field(const char *section, const char *field)
{
	static const struct {
		const char *section, *field;
		enum import_column col;
	} map[] = {
		{"contact", "name", IMPORT_COL_CONTACT_NAME},
		{"contact", "position", IMPORT_COL_CONTACT_POSITION},
		{"contact", "phone", IMPORT_COL_CONTACT_PHONE},
		{"contact", "phone_ext", IMPORT_COL_CONTACT_PHONE},
		{"contact", "email", IMPORT_COL_CONTACT_EMAIL},
		{"activities", "form", IMPORT_COL_FORM},
		{"activities", "date", IMPORT_COL_DATE},
		{"activities", "title", IMPORT_COL_TITLE},
		{"activities", "description", IMPORT_COL_DESCRIPTION},
		{"activities", "audience", IMPORT_COL_AUDIENCE},
		{"activities", "participants", IMPORT_COL_PARTICIPANTS},
		{"activities", "reach", IMPORT_COL_REACH},
		{"activities", "links", IMPORT_COL_LINKS},
	};
	size_t i;

	if (section == NULL || field == NULL)
		return IMPORT_COL__MAX;
	for (i = 0; i < sizeof(map) / sizeof(map[0]); i++)
		if (strcmp(map[i].section, section) == 0 && strcmp(map[i].field, field) == 0)
			return map[i].col;
	return IMPORT_COL__MAX;
}

/*
 * The reason of a report_validate message without its «Мероприятие 3, поле
 * «Дата»» prefix: what follows the field label (", ссылка 2: …" keeps the
 * item), or what follows the first ": ".
 */
const char *
import_reason_of(const char *msg, const char *section, const char *field)
{
	const char *label = section && field ? report_field_label(section, field) : NULL;
	const char *at;
	char needle[128];
	int k;

	if (label != NULL) {
		k = snprintf(needle, sizeof(needle), "поле «%s»", label);
		if (k > 0 && (size_t)k < sizeof(needle) && (at = strstr(msg, needle)) != NULL) {
			at += strlen(needle);
			if (at[0] == ',' && at[1] == ' ')
				return at + 2;
			if (at[0] == ':' && at[1] == ' ')
				return at + 2;
			return at;
		}
	}
	at = strstr(msg, ": ");
	return at ? at + 2 : msg;
}

/* Maps one report_validate issue of municipality m to the file. */
static void
issue_map(json_t *res, const json_t *m, const json_t *is, const char *const *header)
{
	const char *section = json_string_value(json_object_get(is, "section"));
	const char *field = json_string_value(json_object_get(is, "field"));
	const char *msg = json_string_value(json_object_get(is, "message"));
	const char *org = json_string_value(json_object_get(m, "org_unit"));
	int warning = strcmp(json_string_value(json_object_get(is, "level")), "warning") == 0;
	json_int_t line = json_integer_value(json_object_get(m, "first_line"));
	json_int_t row = json_integer_value(json_object_get(m, "first_row"));
	enum import_column c = column_of_field(section, field);
	const json_t *where = NULL;
	const char *column = c < IMPORT_COL__MAX ? import_header_of(header, c) : NULL;
	const char *reason;

	if (section && strcmp(section, "activities") == 0 && json_is_integer(json_object_get(is, "row")))
		where = json_array_get(json_object_get(m, "activity_lines"),
				       (size_t)json_integer_value(json_object_get(is, "row")) - 1);
	else if (section && strcmp(section, "contact") == 0 && field)
		where = json_object_get(json_object_get(m, "contact_lines"),
					strcmp(field, "phone_ext") == 0 ? "phone" : field);
	if (where != NULL) {
		line = json_integer_value(json_array_get(where, 0));
		row = json_integer_value(json_array_get(where, 1));
	}
	if (column != NULL) {
		reason = import_reason_of(msg, section, field);
	} else {
		/* Rows kept from the stored report, or the report as a whole: the message says which. */
		reason = msg;
	}
	import_issue_add(res, (unsigned)line, (unsigned)row, column, warning, org, reason);
}

/* Issue order: by line, then as added. */
struct sorted {
	json_int_t line;
	size_t seq;
	json_t *issue;
};

static int
sorted_cmp(const void *a, const void *b)
{
	const struct sorted *x = a, *y = b;

	if (x->line != y->line)
		return x->line < y->line ? -1 : 1;
	return x->seq < y->seq ? -1 : x->seq > y->seq;
}

static void
issues_sort(json_t *res)
{
	json_t *issues = json_object_get(res, "issues"), *is;
	size_t n = json_array_size(issues), i;
	struct sorted *s;

	if (n < 2)
		return;
	s = xcalloc(n, sizeof(*s));
	json_array_foreach(issues, i, is)
	{
		s[i].line = json_integer_value(json_object_get(is, "line"));
		s[i].seq = i;
		s[i].issue = json_incref(is);
	}
	qsort(s, n, sizeof(*s), sorted_cmp);
	json_array_clear(issues);
	for (i = 0; i < n; i++)
		jx_append(issues, s[i].issue);
	free(s);
}

/* Builds the input for report_validate: the stored data with the file's contact and activities. */
static json_t *
model_merge(const json_t *raw, const json_t *prev)
{
	json_t *in = json_is_object(prev) ? json_deep_copy(prev) : jx_obj(), *contact, *v;
	const char *key;

	if (in == NULL)
		abort();
	contact = json_object_get(in, "contact");
	if (!json_is_object(contact)) {
		contact = jx_obj();
		jx_set(in, "contact", contact);
	}
	json_object_foreach((json_t *)json_object_get(raw, "contact"), key, v)
	{
		jx_set(contact, key, json_incref(v));
		if (strcmp(key, "phone") == 0)
			jx_set(contact, "phone_ext", jx_str(""));
	}
	jx_set(in, "activities", json_deep_copy(json_object_get(raw, "activities")));
	return in;
}

int
import_check(json_t *res, const json_t *campaign, const json_t *previous, int64_t today)
{
	const char *header[IMPORT_COL__MAX];
	json_t *m, *in, *out, *issues, *is, *a;
	size_t i, k, c;

	for (c = 0; c < IMPORT_COL__MAX; c++)
		header[c] = json_string_value(
			json_object_get(json_object_get(res, "columns"), import_column_defs[c].code));
	json_array_foreach(json_object_get(res, "municipalities"), i, m)
	{
		const char *code = json_string_value(json_object_get(m, "org_unit"));
		const json_t *prev = previous ? json_object_get(previous, code) : NULL;
		struct report_rules rules = {REPORT_DRAFT, campaign, prev, today};
		json_int_t participants = 0, reach = 0;

		in = model_merge(json_object_get(m, "report"), prev);
		(void)report_validate(in, &rules, &out, &issues);
		json_decref(in);
		json_array_foreach(issues, k, is) issue_map(res, m, is, header);
		json_decref(issues);
		json_array_foreach(json_object_get(out, "activities"), k, a)
		{
			participants += json_integer_value(json_object_get(a, "participants"));
			reach += json_integer_value(json_object_get(a, "reach"));
		}
		jx_set(m, "activities",
		       json_integer((json_int_t)json_array_size(json_object_get(out, "activities"))));
		jx_set(m, "participants", json_integer(participants));
		jx_set(m, "reach", json_integer(reach));
		jx_set(m, "data", out);
	}
	issues_sort(res);
	return json_integer_value(json_object_get(res, "errors")) > 0 ? -1 : 0;
}
