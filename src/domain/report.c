/*
 * report: validation, normalization and diff of the report model (see
 * report.h). One pass over the input builds the normalized copy and collects
 * issues; cross-row checks (duplicate URLs, INNs, names) keep small JSON
 * objects as sets keyed by the normalized value.
 */
#include "domain/report.h"
#include "util/civil.h"
#include "util/jsonx.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <utf8proc.h>

#include "domain/campaign.h"
#include "domain/deadline.h"
#include "domain/email.h"
#include "domain/inn.h"
#include "domain/phone.h"
#include "domain/text.h"
#include "domain/url.h"
#include "util/buf.h"
#include "util/xalloc.h"

/* A flag of read_text beside enum text_flags: its `max` counts bytes. */
#define READ_BYTES (1u << 16)

const char *const report_audiences[REPORT_AUDIENCES_N + 1] = {"children",    "parents", "teachers",
							      "specialists", "public",  NULL};
static const char *const audience_titles[] = {"Дети", "Родители", "Педагоги", "Специалисты",
					      "Широкая общественность"};

const char *const report_org_kinds[] = {"school",     "kindergarten", "college",  "library", "culture",
					"sports",     "youth",        "business", "ngo",     "media",
					"government", "other",        NULL};
static const char *const org_kind_titles[] = {"Школа",
					      "Детский сад",
					      "Колледж, техникум",
					      "Библиотека",
					      "Учреждение культуры",
					      "Спортивная организация",
					      "Молодёжная организация",
					      "Бизнес",
					      "Некоммерческая организация",
					      "СМИ",
					      "Орган власти",
					      "Другое"};

static const struct {
	const char *section; /* NULL for top-level fields */
	const char *field;
	const char *label;
} labels[] = {
	{"contact", "name", "ФИО"},
	{"contact", "position", "Должность"},
	{"contact", "phone", "Телефон"},
	{"contact", "phone_ext", "Добавочный"},
	{"contact", "email", "Эл. почта"},
	{"activities", "id", "Идентификатор"},
	{"activities", "form", "Форма"},
	{"activities", "date", "Дата"},
	{"activities", "title", "Название"},
	{"activities", "description", "Описание"},
	{"activities", "audience", "Аудитория"},
	{"activities", "participants", "Участники"},
	{"activities", "reach", "Охват"},
	{"activities", "links", "Ссылки"},
	{"organizations", "id", "Идентификатор"},
	{"organizations", "name", "Название"},
	{"organizations", "kind", "Тип"},
	{"organizations", "inn", "ИНН"},
	{"organizations", "joined", "Дата присоединения"},
	{"publications", "id", "Идентификатор"},
	{"publications", "url", "Ссылка"},
	{"publications", "key", "Ссылка"},
	{"publications", "network", "Соцсеть"},
	{"publications", "date", "Дата"},
	{"publications", "views", "Просмотры"},
	{"publications", "has_hashtag", "Хэштег"},
	{"publications", "has_alliance_link", "Ссылка на Альянс"},
	{NULL, "contact", "Контактное лицо"},
	{NULL, "activities", "Мероприятия"},
	{NULL, "organizations", "Организации"},
	{NULL, "publications", "Публикации"},
	{NULL, "remarks", "Примечания"},
	{NULL, "no_activity_reason", "Причина отсутствия мероприятий"},
};

const char *
report_section_label(const char *section)
{
	if (section == NULL)
		return NULL;
	if (strcmp(section, "activities") == 0)
		return "Мероприятие";
	if (strcmp(section, "organizations") == 0)
		return "Организация";
	if (strcmp(section, "publications") == 0)
		return "Публикация";
	if (strcmp(section, "contact") == 0)
		return "Контактное лицо";
	return NULL;
}

const char *
report_field_label(const char *section, const char *field)
{
	size_t i;

	if (field == NULL)
		return NULL;
	for (i = 0; i < sizeof(labels) / sizeof(labels[0]); i++) {
		if ((section == NULL) != (labels[i].section == NULL))
			continue;
		if (section != NULL && strcmp(section, labels[i].section) != 0)
			continue;
		if (strcmp(field, labels[i].field) == 0)
			return labels[i].label;
	}
	return NULL;
}

static int
code_index(const char *const *codes, const char *code)
{
	int i;

	for (i = 0; codes[i] != NULL; i++) {
		if (strcmp(codes[i], code) == 0)
			return i;
	}
	return -1;
}

const char *
report_audience_title(const char *code)
{
	int i = code_index(report_audiences, code);

	return i < 0 ? NULL : audience_titles[i];
}

const char *
report_org_kind_title(const char *code)
{
	int i = code_index(report_org_kinds, code);

	return i < 0 ? NULL : org_kind_titles[i];
}

/* ---- numbers and e-mail ---- */

static int
is_group_space(int32_t cp)
{
	return cp == ' ' || cp == 0xa0 || cp == 0x202f || cp == 0x2009 || cp == 0x2007;
}

enum report_num_rc
report_number_parse(const char *s, int64_t max, int64_t *value)
{
	size_t n = strlen(s), off, len, i = 0, group = 0, groups = 0, first = 0;
	int64_t v = 0;
	int32_t cp;
	int big = 0, sep = 0;

	text_trim(s, n, &off, &len);
	if (len == 0)
		return REPORT_NUM_EMPTY;
	s += off;
	if (s[0] == '+' || s[0] == '-' || strncmp(s, "\xe2\x88\x92", 3) == 0)
		return REPORT_NUM_SIGN;
	while (i < len) {
		if (utf8_next(s, len, &i, &cp) < 0)
			return REPORT_NUM_NOT_NUMBER;
		if (cp >= '0' && cp <= '9') {
			group++;
			if (!big && v > (max - (cp - '0')) / 10)
				big = 1;
			if (!big)
				v = v * 10 + (cp - '0');
			sep = 0;
		} else if (is_group_space(cp)) {
			if (group == 0 || sep)
				return REPORT_NUM_GROUPS;
			if (groups++ == 0)
				first = group;
			else if (group != 3)
				return REPORT_NUM_GROUPS;
			if (first > 3)
				return REPORT_NUM_GROUPS;
			group = 0;
			sep = 1;
		} else if ((cp == '.' || cp == ',') && group > 0 && i < len && s[i] >= '0' && s[i] <= '9') {
			return REPORT_NUM_DECIMAL;
		} else {
			return REPORT_NUM_NOT_NUMBER;
		}
	}
	if (groups > 0 && group != 3)
		return REPORT_NUM_GROUPS;
	if (big || v > max)
		return REPORT_NUM_TOO_BIG;
	*value = v;
	return REPORT_NUM_OK;
}

const char *
report_number_reason(enum report_num_rc rc)
{
	switch (rc) {
	case REPORT_NUM_OK: return "";
	case REPORT_NUM_EMPTY: return "укажите число";
	case REPORT_NUM_SIGN: return "укажите число без знака: 0 или больше";
	case REPORT_NUM_DECIMAL: return "допустимо только целое число";
	case REPORT_NUM_GROUPS: return "разряды отделяются пробелом по три цифры, например 12 500";
	case REPORT_NUM_NOT_NUMBER: return "укажите число цифрами, например 12 500";
	case REPORT_NUM_TOO_BIG: return "слишком большое число";
	case REPORT_NUM_RC__MAX: break;
	}
	return "неверное число";
}

/* ---- validation context and issues ---- */

struct vctx {
	const struct report_rules *rules;
	json_t *issues;
	int errors;
	int have_window; /* the campaign gave a period */
	struct deadline dl;
	char window[160]; /* «08.02.2022 – 08.03.2022» (and the grace) */
	json_t *forms_prev; /* set of forms used by the previous version */
};

/* Where an issue points: a section row (row ≥ 0), a field, a list item (sub ≥ 0). */
struct where {
	const char *section; /* "activities", "contact", or NULL for top-level fields */
	long row; /* 0-based, or -1 */
	const char *field; /* NULL for the whole row or report */
	const char *sublabel; /* «ссылка» for list items */
	long sub; /* 0-based index in the field's list, or -1 */
};

static void issue(struct vctx *v, int warning, const struct where *w, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

static void
issue(struct vctx *v, int warning, const struct where *w, const char *fmt, ...)
{
	struct buf path, msg;
	const char *flabel = NULL;
	json_t *o = jx_obj();
	va_list ap;
	int r = 0;

	buf_init(&path, 1024);
	buf_init(&msg, 16384);
	if (w->field != NULL) {
		flabel = report_field_label(w->section, w->field);
		if (flabel == NULL)
			flabel = w->field;
	}
	/* The path: section[row].field[sub]. */
	if (w->section != NULL) {
		r |= buf_adds(&path, w->section);
		if (w->row >= 0)
			r |= buf_addf(&path, "[%ld]", w->row);
	}
	if (w->field != NULL)
		r |= buf_addf(&path, "%s%s", path.len > 0 ? "." : "", w->field);
	if (w->sub >= 0)
		r |= buf_addf(&path, "[%ld]", w->sub);
	/* The message: «Мероприятие 3, поле «Дата», ссылка 2: …». */
	if (w->section != NULL && report_section_label(w->section) != NULL &&
	    (w->row >= 0 || flabel != NULL)) {
		r |= buf_adds(&msg, report_section_label(w->section));
		if (w->row >= 0)
			r |= buf_addf(&msg, " %ld", w->row + 1);
		if (flabel != NULL)
			r |= buf_addf(&msg, ", поле «%s»", flabel);
	} else if (flabel != NULL) {
		r |= buf_addf(&msg, "Поле «%s»", flabel);
	} else {
		r |= buf_adds(&msg, "Отчёт");
	}
	if (w->sub >= 0)
		r |= buf_addf(&msg, ", %s %ld", w->sublabel ? w->sublabel : "значение", w->sub + 1);
	r |= buf_adds(&msg, ": ");
	va_start(ap, fmt);
	r |= buf_vaddf(&msg, fmt, ap);
	va_end(ap);
	if (r < 0)
		abort(); /* messages are short by construction */
	jx_set(o, "path", jx_str(path.data));
	jx_set(o, "row", w->row >= 0 ? json_integer(w->row + 1) : json_null());
	jx_set(o, "section", w->section ? jx_str(w->section) : json_null());
	jx_set(o, "field", w->field ? jx_str(w->field) : json_null());
	jx_set(o, "level", jx_str(warning ? "warning" : "error"));
	jx_set(o, "message", jx_str(msg.data));
	jx_append(v->issues, o);
	if (!warning)
		v->errors++;
	buf_release(&path);
	buf_release(&msg);
}

/* A where for a field of a row (row -1 for contact and top-level fields). */
static struct where
at(const char *section, long row, const char *field)
{
	struct where w = {section, row, field, NULL, -1};

	return w;
}

/* ---- field readers: 1 value given, 0 empty, -1 bad (an issue is recorded) ---- */

/* The value of a field as trimmed text for keeping a bad value: a new string json. */
static json_t *
raw_copy(const json_t *val)
{
	size_t off, len;

	if (json_is_string(val)) {
		text_trim(json_string_value(val), json_string_length(val), &off, &len);
		return json_stringn(json_string_value(val) + off, len);
	}
	if (json_is_integer(val) || json_is_real(val) || json_is_boolean(val))
		return json_deep_copy(val);
	return jx_str("");
}

/*
 * Reads text field w->field of `in` into dst: cleaned (text_clean with
 * `flags`) and at most `max` long. The length is in user-perceived
 * characters (utf8_grapheme_count), what the message calls «символов», for
 * text a person types; with READ_BYTES in `flags` it is in bytes and the
 * message says «байт», for codes, dates, phones and e-mail addresses, whose
 * limits are storage or protocol limits (RFC 5321's 254 bytes). Returns 1
 * when a value was read, 0 when absent or empty, -1 after an issue.
 */
static int
read_text(struct vctx *v, const json_t *in, const struct where *w, unsigned flags, size_t max, json_t *dst)
{
	int bytes = (flags & READ_BYTES) != 0;

	const json_t *val = json_object_get(in, w->field);
	char *t = NULL;
	size_t count = 0;
	int ret = -1;

	if (val == NULL || json_is_null(val)) {
		jx_set(dst, w->field, jx_str(""));
		return 0;
	}
	if (!json_is_string(val)) {
		issue(v, 0, w, "ожидается текст");
		jx_set(dst, w->field, raw_copy(val));
		return -1;
	}
	flags &= ~READ_BYTES;
	t = text_clean(json_string_value(val), json_string_length(val), flags);
	if (t == NULL) {
		issue(v, 0, w, "%s",
		      (flags & TEXT_SINGLE_LINE) ? "текст должен быть одной строкой без управляющих символов"
						 : "текст содержит недопустимые управляющие символы");
		jx_set(dst, w->field, raw_copy(val));
		return -1;
	}
	if (bytes) {
		count = strlen(t);
		if (count > max) {
			issue(v, 0, w, "не длиннее %zu байт (сейчас %zu)", max, count);
			jx_set(dst, w->field, jx_str(t));
			goto out;
		}
	} else if (utf8_grapheme_count(t, strlen(t), &count) < 0 || count > max) {
		issue(v, 0, w, "не длиннее %zu символов (сейчас %zu)", max, count);
		jx_set(dst, w->field, jx_str(t));
		goto out;
	}
	jx_set(dst, w->field, jx_str(t));
	ret = t[0] != '\0';
out:
	free(t);
	return ret;
}

/* Reads a date "YYYY-MM-DD" or «ДД.ММ.ГГГГ» into *days; stores the ISO form. */
static int
read_date(struct vctx *v, const json_t *in, const struct where *w, json_t *dst, int64_t *days)
{
	const char *s;
	char iso[16];
	int r = read_text(v, in, w, TEXT_SINGLE_LINE | READ_BYTES, 32, dst);

	if (r <= 0)
		return r;
	s = json_string_value(json_object_get(dst, w->field));
	if (strlen(s) == 10 && s[2] == '.' && s[5] == '.') {
		int k = snprintf(iso, sizeof(iso), "%.4s-%.2s-%.2s", s + 6, s + 3, s);

		if (k < 0 || (size_t)k >= sizeof(iso))
			abort();
	} else if (strlen(s) < sizeof(iso)) {
		memcpy(iso, s, strlen(s) + 1);
	} else {
		iso[0] = '\0';
	}
	if (civil_date_parse(iso, days) < 0) {
		issue(v, 0, w, "неверная дата; укажите её в виде ДД.ММ.ГГГГ, например 08.02.2022");
		return -1;
	}
	jx_set(dst, w->field, jx_str(iso));
	return 1;
}

/* Reads a count (string or JSON integer) within 0..max; stores an integer or null. */
static int
read_number(struct vctx *v, const json_t *in, const struct where *w, int64_t max, json_t *dst, int64_t *value)
{
	const json_t *val = json_object_get(in, w->field);
	enum report_num_rc rc;

	if (val == NULL || json_is_null(val)) {
		jx_set(dst, w->field, json_null());
		return 0;
	}
	if (json_is_integer(val)) {
		*value = json_integer_value(val);
		rc = *value < 0 ? REPORT_NUM_SIGN : *value > max ? REPORT_NUM_TOO_BIG : REPORT_NUM_OK;
	} else if (json_is_real(val)) {
		rc = REPORT_NUM_DECIMAL;
	} else if (json_is_string(val)) {
		rc = report_number_parse(json_string_value(val), max, value);
		if (json_string_length(val) != strlen(json_string_value(val)))
			rc = REPORT_NUM_NOT_NUMBER; /* an embedded NUL */
		if (rc == REPORT_NUM_EMPTY) {
			jx_set(dst, w->field, json_null());
			return 0;
		}
	} else {
		rc = REPORT_NUM_NOT_NUMBER;
	}
	if (rc == REPORT_NUM_TOO_BIG) {
		issue(v, 0, w, "слишком большое число: не больше %lld", (long long)max);
	} else if (rc != REPORT_NUM_OK) {
		issue(v, 0, w, "%s", report_number_reason(rc));
	} else {
		jx_set(dst, w->field, json_integer(*value));
		return 1;
	}
	jx_set(dst, w->field, raw_copy(val));
	return -1;
}

/* Reads a checkbox: JSON boolean, or "on"/"true"/"1"/"да" and ""/"off"/"false"/"0"/"нет". */
static int
read_bool(struct vctx *v, const json_t *in, const struct where *w, json_t *dst, int *value)
{
	static const char *const yes[] = {"on", "true", "1", "yes", "да", NULL};
	static const char *const no[] = {"", "off", "false", "0", "no", "нет", NULL};
	const json_t *val = json_object_get(in, w->field);
	char *t;
	int k;

	*value = 0;
	if (val == NULL || json_is_null(val) || json_is_boolean(val)) {
		*value = json_is_true(val);
		jx_set(dst, w->field, json_boolean(*value));
		return *value;
	}
	if (json_is_string(val) && (t = text_fold(json_string_value(val), json_string_length(val))) != NULL) {
		size_t off, len;

		text_trim(t, strlen(t), &off, &len);
		t[off + len] = '\0';
		for (k = 0; yes[k] != NULL; k++) {
			if (strcmp(t + off, yes[k]) == 0)
				*value = 1;
		}
		for (k = 0; !*value && no[k] != NULL; k++) {
			if (strcmp(t + off, no[k]) == 0)
				break;
		}
		if (*value || no[k] != NULL) {
			free(t);
			jx_set(dst, w->field, json_boolean(*value));
			return *value;
		}
		free(t);
	}
	issue(v, 0, w, "ожидается отметка: да или нет");
	jx_set(dst, w->field, json_false());
	return -1;
}

/* ---- rows ---- */

/* Records "unknown field" issues for keys of `in` not in `known`. */
static void
unknown_keys(struct vctx *v, const json_t *in, const char *section, long row, const char *const *known)
{
	const char *key;
	json_t *val;

	json_object_foreach((json_t *)in, key, val)
	{
		size_t k, n = strlen(key);
		int sane = n > 0 && n <= 64 && strspn(key, "abcdefghijklmnopqrstuvwxyz0123456789_") == n;
		struct where w = at(section, row, NULL);

		(void)val;
		for (k = 0; known[k] != NULL && strcmp(known[k], key) != 0; k++)
			;
		if (known[k] != NULL)
			continue;
		if (sane) {
			w.field = key;
			issue(v, 0, &w, "неизвестное поле");
		} else {
			issue(v, 0, &w, "неизвестное поле в данных формы");
		}
	}
}

/* Reads the optional row id, unique within `ids` (a set). */
static void
read_id(struct vctx *v, const json_t *in, const char *section, long row, json_t *dst, json_t *ids)
{
	const json_t *val = json_object_get(in, "id");
	struct where w = at(section, row, "id");
	const char *s;
	size_t n;

	if (val == NULL || json_is_null(val))
		return;
	s = json_string_value(val);
	n = s ? strlen(s) : 0;
	if (s == NULL || n == 0 || n > REPORT_ID_MAX || n != json_string_length(val) ||
	    strspn(s, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-") != n) {
		issue(v, 0, &w, "неверный идентификатор строки");
		return;
	}
	if (json_object_get(ids, s) != NULL) {
		issue(v, 0, &w, "идентификатор строки повторяется");
		return;
	}
	jx_set(ids, s, json_true());
	jx_set(dst, "id", jx_str(s));
}

/* 1 when every value of row `o` is empty: "", null, [], false. */
static int
row_blank(const json_t *o)
{
	const char *key;
	json_t *val;

	json_object_foreach((json_t *)o, key, val)
	{
		if (strcmp(key, "id") == 0)
			continue;
		if (json_is_string(val) && json_string_length(val) > 0)
			return 0;
		if (json_is_array(val) && json_array_size(val) > 0)
			return 0;
		if (json_is_true(val) || json_is_number(val) || json_is_object(val))
			return 0;
	}
	return 1;
}

static void
require(struct vctx *v, int given, const char *section, long row, const char *field)
{
	struct where w = at(section, row, field);

	if (given == 0 && v->rules->mode == REPORT_SUBMIT)
		issue(v, 0, &w, "заполните это поле");
}

/* Date checks shared by activities and publications (in_window = error) and organizations (warning). */
static void
date_checks(struct vctx *v, const struct where *w, int64_t day, int window_is_error)
{
	if (v->have_window && !deadline_date_ok(&v->dl, day)) {
		if (window_is_error)
			issue(v, 0, w, "дата вне периода акции (%s)", v->window);
		else
			issue(v, 1, w, "дата вне периода акции (%s) — проверьте её", v->window);
	}
	if (day > v->rules->today) {
		if (v->rules->mode == REPORT_SUBMIT)
			issue(v, 0, w, "дата ещё не наступила");
		else
			issue(v, 1, w, "дата ещё не наступила — исправьте её до отправки отчёта");
	}
}

/* Checks a form code against the campaign (row form already normalized in dst). */
static void
form_check(struct vctx *v, const struct where *w, const char *code)
{
	const json_t *forms = json_object_get(v->rules->campaign, "forms"), *f;
	size_t i;

	if (v->rules->campaign == NULL)
		return;
	json_array_foreach(forms, i, f)
	{
		const char *fc = json_string_value(json_object_get(f, "code"));

		if (fc == NULL || strcmp(fc, code) != 0)
			continue;
		if (json_is_true(json_object_get(f, "retired")) &&
		    json_object_get(v->forms_prev, code) == NULL)
			issue(v, 0, w,
			      "эта форма мероприятия больше не используется в акции; выберите другую");
		return;
	}
	issue(v, 0, w, "в акции нет такой формы мероприятия; выберите форму из списка");
}

/*
 * Parses one URL into {"url","key","network"} (or {"url": typed} when bad) and
 * flags duplicates against `seen` (key → row, 0-based). Returns 1, 0 or -1.
 */
static int
url_read(struct vctx *v, const json_t *val, const struct where *w, json_t *dst, json_t *seen, long row,
	 const char *dup_in)
{
	struct url u;
	enum url_rc rc;
	const json_t *prev;

	if (val == NULL || json_is_null(val) || (json_is_string(val) && json_string_length(val) == 0)) {
		jx_set(dst, "url", jx_str(""));
		return 0;
	}
	if (!json_is_string(val) || json_string_length(val) != strlen(json_string_value(val))) {
		issue(v, 0, w, "ожидается адрес ссылки");
		jx_set(dst, "url", raw_copy(val));
		return -1;
	}
	rc = url_parse(json_string_value(val), &u);
	if (rc == URL_EMPTY) {
		jx_set(dst, "url", jx_str(""));
		return 0;
	}
	if (rc != URL_OK) {
		issue(v, 0, w, "%s", url_reason(rc));
		jx_set(dst, "url", raw_copy(val));
		return -1;
	}
	jx_set(dst, "url", jx_str(u.display));
	jx_set(dst, "key", jx_str(u.key));
	jx_set(dst, "network", jx_str(u.network));
	if (u.password)
		issue(v, 1, w, "адрес содержит пароль — удалите его из ссылки");
	else if (u.userinfo)
		issue(v, 1, w,
		      "адрес содержит имя пользователя перед «@»; ссылка ведёт на сайт %s — проверьте её",
		      u.host);
	prev = json_object_get(seen, u.key);
	if (prev != NULL)
		issue(v, 1, w, "эта ссылка уже указана в %s %ld", dup_in, (long)json_integer_value(prev) + 1);
	else
		jx_set(seen, u.key, json_integer(row));
	url_release(&u);
	return 1;
}

static const char *const activity_keys[] = {"id",       "form",         "date",  "title", "description",
					    "audience", "participants", "reach", "links", NULL};

static void
activity_read(struct vctx *v, const json_t *in, long row, json_t *dst, json_t *ids, json_t *link_seen)
{
	const char *S = "activities";
	struct where w;
	const json_t *aud, *links, *item;
	json_t *aud_out = NULL, *links_out = NULL;
	int64_t day, participants = 0, reach = 0;
	int has_form, has_date, has_title, has_p, has_r, blank = row_blank(in), picked[8] = {0};
	size_t i;

	unknown_keys(v, in, S, row, activity_keys);
	read_id(v, in, S, row, dst, ids);
	w = at(S, row, "form");
	has_form = read_text(v, in, &w, TEXT_SINGLE_LINE | READ_BYTES, 64, dst);
	if (has_form > 0)
		form_check(v, &w, json_string_value(json_object_get(dst, "form")));
	w = at(S, row, "date");
	has_date = read_date(v, in, &w, dst, &day);
	if (has_date > 0)
		date_checks(v, &w, day, 1);
	w = at(S, row, "title");
	has_title = read_text(v, in, &w, TEXT_SINGLE_LINE, REPORT_TITLE_MAX, dst);
	w = at(S, row, "description");
	(void)read_text(v, in, &w, TEXT_NO_CONTROLS, REPORT_DESCRIPTION_MAX, dst);

	/* Audience: distinct known codes, kept in the order of report_audiences. */
	w = at(S, row, "audience");
	aud = json_object_get(in, "audience");
	aud_out = jx_arr();
	if (aud != NULL && !json_is_null(aud) && !json_is_array(aud)) {
		issue(v, 0, &w, "ожидается список");
	} else {
		json_array_foreach(aud, i, item)
		{
			const char *code = json_string_value(item);
			int k = code ? code_index(report_audiences, code) : -1;

			if (k < 0) {
				w.sub = (long)i;
				w.sublabel = "значение";
				issue(v, 0, &w, "нет такой аудитории");
				w.sub = -1;
				continue;
			}
			picked[k] = 1;
		}
		for (i = 0; report_audiences[i] != NULL; i++) {
			if (picked[i])
				jx_append(aud_out, jx_str(report_audiences[i]));
		}
	}
	jx_set(dst, "audience", aud_out);

	w = at(S, row, "participants");
	has_p = read_number(v, in, &w, REPORT_PARTICIPANTS_MAX, dst, &participants);
	w = at(S, row, "reach");
	has_r = read_number(v, in, &w, REPORT_REACH_MAX, dst, &reach);
	if (has_p > 0 && has_r > 0 && reach < participants)
		issue(v, 1, &w, "охват (%lld) меньше числа участников (%lld) — проверьте цифры",
		      (long long)reach, (long long)participants);

	w = at(S, row, "links");
	links = json_object_get(in, "links");
	links_out = jx_arr();
	if (links != NULL && !json_is_null(links) && !json_is_array(links)) {
		issue(v, 0, &w, "ожидается список ссылок");
	} else if (json_array_size(links) > REPORT_LINKS_MAX) {
		issue(v, 0, &w, "не больше %d ссылок у одного мероприятия", REPORT_LINKS_MAX);
	} else {
		json_array_foreach(links, i, item)
		{
			json_t *lo = jx_obj();
			const json_t *u = json_is_object(item) ? json_object_get(item, "url") : item;

			w.sub = (long)i;
			w.sublabel = "ссылка";
			if (url_read(v, u, &w, lo, link_seen, row, "мероприятии") == 0) {
				json_decref(lo);
				continue; /* an empty link input is dropped */
			}
			jx_append(links_out, lo);
		}
	}
	jx_set(dst, "links", links_out);

	if (v->rules->mode == REPORT_SUBMIT && blank) {
		w = at(S, row, NULL);
		issue(v, 0, &w, "строка не заполнена — заполните или удалите её");
	} else {
		require(v, has_form, S, row, "form");
		require(v, has_date, S, row, "date");
		require(v, has_title, S, row, "title");
	}
}

static const char *const organization_keys[] = {"id", "name", "kind", "inn", "joined", NULL};

static void
organization_read(struct vctx *v, const json_t *in, long row, json_t *dst, json_t *ids, json_t *inns,
		  json_t *names)
{
	const char *S = "organizations";
	struct where w;
	int64_t day;
	int has_name, has_kind, has_joined, blank = row_blank(in);

	unknown_keys(v, in, S, row, organization_keys);
	read_id(v, in, S, row, dst, ids);
	w = at(S, row, "name");
	has_name = read_text(v, in, &w, TEXT_SINGLE_LINE, REPORT_NAME_MAX, dst);
	if (has_name > 0) {
		char *key = text_fold(json_string_value(json_object_get(dst, "name")),
				      strlen(json_string_value(json_object_get(dst, "name"))));
		const json_t *prev = key ? json_object_get(names, key) : NULL;

		if (prev != NULL)
			issue(v, 1, &w, "эта организация уже указана в строке %lld",
			      (long long)json_integer_value(prev) + 1);
		else if (key != NULL)
			jx_set(names, key, json_integer(row));
		free(key);
	}
	w = at(S, row, "kind");
	has_kind = read_text(v, in, &w, TEXT_SINGLE_LINE | READ_BYTES, 64, dst);
	if (has_kind > 0 && code_index(report_org_kinds, json_string_value(json_object_get(dst, "kind"))) < 0)
		issue(v, 0, &w, "выберите тип организации из списка");
	w = at(S, row, "inn");
	if (read_text(v, in, &w, TEXT_SINGLE_LINE | READ_BYTES, 64, dst) > 0) {
		char digits[INN_TEXT_MAX];
		enum inn_rc rc = inn_check(json_string_value(json_object_get(dst, "inn")), digits);
		const json_t *prev;

		if (rc != INN_OK) {
			issue(v, 0, &w, "%s", inn_reason(rc, "ИНН"));
		} else {
			jx_set(dst, "inn", jx_str(digits));
			prev = json_object_get(inns, digits);
			if (prev != NULL)
				issue(v, 1, &w, "этот ИНН уже указан у организации %lld",
				      (long long)json_integer_value(prev) + 1);
			else
				jx_set(inns, digits, json_integer(row));
		}
	}
	w = at(S, row, "joined");
	has_joined = read_date(v, in, &w, dst, &day);
	if (has_joined > 0)
		date_checks(v, &w, day, 0);
	if (v->rules->mode == REPORT_SUBMIT && blank) {
		w = at(S, row, NULL);
		issue(v, 0, &w, "строка не заполнена — заполните или удалите её");
	} else {
		require(v, has_name, S, row, "name");
		require(v, has_kind, S, row, "kind");
		require(v, has_joined, S, row, "joined");
	}
}

static const char *const publication_keys[] = {
	"id", "url", "key", "network", "date", "views", "has_hashtag", "has_alliance_link", NULL};

static void
publication_read(struct vctx *v, const json_t *in, long row, json_t *dst, json_t *ids, json_t *seen)
{
	const char *S = "publications";
	struct where w;
	int64_t day, views;
	int has_url, has_date, flag;
	json_t *probe = json_object();
	int blank;

	/* The derived fields (key, network) do not make a row filled. */
	if (probe == NULL || (in != NULL && json_object_update(probe, (json_t *)in) < 0))
		abort();
	(void)json_object_del(probe, "key");
	(void)json_object_del(probe, "network");
	blank = row_blank(probe);
	json_decref(probe);

	unknown_keys(v, in, S, row, publication_keys);
	read_id(v, in, S, row, dst, ids);
	w = at(S, row, "url");
	has_url = url_read(v, json_object_get(in, "url"), &w, dst, seen, row, "публикации");
	if (json_object_get(dst, "key") == NULL) {
		jx_set(dst, "key", jx_str(""));
		jx_set(dst, "network", jx_str(""));
	}
	w = at(S, row, "date");
	has_date = read_date(v, in, &w, dst, &day);
	if (has_date > 0)
		date_checks(v, &w, day, 1);
	w = at(S, row, "views");
	(void)read_number(v, in, &w, REPORT_REACH_MAX, dst, &views);
	w = at(S, row, "has_hashtag");
	(void)read_bool(v, in, &w, dst, &flag);
	w = at(S, row, "has_alliance_link");
	(void)read_bool(v, in, &w, dst, &flag);
	if (v->rules->mode == REPORT_SUBMIT && blank) {
		w = at(S, row, NULL);
		issue(v, 0, &w, "строка не заполнена — заполните или удалите её");
	} else {
		require(v, has_url, S, row, "url");
		require(v, has_date, S, row, "date");
	}
}

static const char *const contact_keys[] = {"name", "position", "phone", "phone_ext", "email", NULL};

static void
contact_read(struct vctx *v, const json_t *in, json_t *dst)
{
	const char *S = "contact";
	struct where w;
	int has_name, has_position, has_phone, has_email;

	unknown_keys(v, in, S, -1, contact_keys);
	w = at(S, -1, "name");
	has_name = read_text(v, in, &w, TEXT_SINGLE_LINE, REPORT_NAME_MAX, dst);
	w = at(S, -1, "position");
	has_position = read_text(v, in, &w, TEXT_SINGLE_LINE, REPORT_NAME_MAX, dst);
	w = at(S, -1, "phone_ext");
	if (read_text(v, in, &w, TEXT_SINGLE_LINE | READ_BYTES, 16, dst) > 0) {
		const char *e = json_string_value(json_object_get(dst, "phone_ext"));

		if (strlen(e) > PHONE_EXT_MAX || strspn(e, "0123456789") != strlen(e))
			issue(v, 0, &w, "добавочный номер — от 1 до %d цифр", PHONE_EXT_MAX);
	}
	w = at(S, -1, "phone");
	has_phone = read_text(v, in, &w, TEXT_SINGLE_LINE | READ_BYTES, PHONE_TEXT_MAX, dst);
	if (has_phone > 0) {
		struct phone p;
		enum phone_rc rc = phone_parse(json_string_value(json_object_get(dst, "phone")), &p);

		if (rc != PHONE_OK) {
			issue(v, 0, &w, "%s", phone_reason(rc));
		} else {
			jx_set(dst, "phone", jx_str(p.e164));
			if (p.ext[0] != '\0')
				jx_set(dst, "phone_ext", jx_str(p.ext));
		}
	}
	w = at(S, -1, "email");
	has_email = read_text(v, in, &w, TEXT_SINGLE_LINE | READ_BYTES, REPORT_EMAIL_MAX, dst);
	if (has_email > 0) {
		char *e = NULL;

		if (email_normalize(json_string_value(json_object_get(dst, "email")), &e) < 0)
			issue(v, 0, &w, "неверный адрес электронной почты; например ivanova@mail.ru");
		else
			jx_set(dst, "email", jx_str(e));
		free(e);
	}
	require(v, has_name, S, -1, "name");
	require(v, has_position, S, -1, "position");
	require(v, has_phone, S, -1, "phone");
	require(v, has_email, S, -1, "email");
}

/* Reads section `name` (an array of row objects) with `fn` for each row. */
static const json_t *
section_get(struct vctx *v, const json_t *in, const char *name, size_t max)
{
	const json_t *a = json_object_get(in, name);
	struct where w = at(NULL, -1, name);

	if (a == NULL || json_is_null(a))
		return NULL;
	if (!json_is_array(a)) {
		issue(v, 0, &w, "ожидается список строк");
		return NULL;
	}
	if (json_array_size(a) > max) {
		issue(v, 0, &w, "не больше %zu строк", max);
		return NULL;
	}
	return a;
}

static void
not_object(struct vctx *v, const char *section, long row)
{
	struct where w = at(section, row, NULL);

	issue(v, 0, &w, "неверные данные строки");
}

/* Prepares the date window text and the previous forms. */
static void
context_init(struct vctx *v, const struct report_rules *rules)
{
	const json_t *acts, *a;
	size_t i;

	memset(v, 0, sizeof(*v));
	v->rules = rules;
	v->issues = jx_arr();
	v->forms_prev = jx_obj();
	if (rules->campaign != NULL && deadline_from_campaign(rules->campaign, 0, &v->dl) == 0) {
		char a1[CIVIL_DATE_TEXT_MAX], a2[CIVIL_DATE_TEXT_MAX], b1[CIVIL_DATE_TEXT_MAX],
			b2[CIVIL_DATE_TEXT_MAX];
		int r;

		v->have_window = 1;
		if (civil_date_format(v->dl.period_start, a1, sizeof(a1)) < 0 ||
		    civil_date_format(v->dl.period_end, a2, sizeof(a2)) < 0 ||
		    civil_date_format(v->dl.first_day, b1, sizeof(b1)) < 0 ||
		    civil_date_format(v->dl.last_day, b2, sizeof(b2)) < 0)
			abort();
		if (v->dl.grace_days > 0)
			r = snprintf(v->window, sizeof(v->window), "%s – %s; с допуском — %s – %s", a1, a2,
				     b1, b2);
		else
			r = snprintf(v->window, sizeof(v->window), "%s – %s", a1, a2);
		if (r < 0 || (size_t)r >= sizeof(v->window))
			abort();
	}
	acts = json_object_get(rules->previous, "activities");
	json_array_foreach(acts, i, a)
	{
		const char *f = json_string_value(json_object_get(a, "form"));

		if (f != NULL && f[0] != '\0')
			jx_set(v->forms_prev, f, json_true());
	}
}

static const char *const report_keys[] = {
	"contact", "activities", "organizations", "publications", "remarks", "no_activity_reason", NULL};

int
report_validate(const json_t *in, const struct report_rules *rules, json_t **out, json_t **issues)
{
	struct vctx v;
	json_t *o = jx_obj(), *contact = jx_obj(), *acts = jx_arr(), *orgs = jx_arr(), *pubs = jx_arr();
	json_t *ids = NULL, *seen = jx_obj(), *inns = jx_obj(), *names = jx_obj();
	const json_t *sec, *row, *c;
	struct where w;
	size_t i;
	int has_reason;

	context_init(&v, rules);
	if (!json_is_object(in)) {
		w = at(NULL, -1, NULL);
		issue(&v, 0, &w, "неверные данные отчёта");
		in = NULL;
	} else {
		unknown_keys(&v, in, NULL, -1, report_keys);
	}
	c = json_object_get(in, "contact");
	if (c != NULL && !json_is_null(c) && !json_is_object(c)) {
		w = at(NULL, -1, "contact");
		issue(&v, 0, &w, "неверные данные");
		c = NULL;
	}
	contact_read(&v, c, contact);
	jx_set(o, "contact", contact);

	ids = jx_obj();
	sec = section_get(&v, in, "activities", REPORT_ACTIVITIES_MAX);
	json_array_foreach(sec, i, row)
	{
		json_t *r = jx_obj();

		if (!json_is_object(row))
			not_object(&v, "activities", (long)i);
		activity_read(&v, json_is_object(row) ? row : NULL, (long)i, r, ids, seen);
		jx_append(acts, r);
	}
	jx_set(o, "activities", acts);
	json_decref(ids);

	ids = jx_obj();
	sec = section_get(&v, in, "organizations", REPORT_ORGANIZATIONS_MAX);
	json_array_foreach(sec, i, row)
	{
		json_t *r = jx_obj();

		if (!json_is_object(row))
			not_object(&v, "organizations", (long)i);
		organization_read(&v, json_is_object(row) ? row : NULL, (long)i, r, ids, inns, names);
		jx_append(orgs, r);
	}
	jx_set(o, "organizations", orgs);
	json_decref(ids);

	ids = jx_obj();
	json_object_clear(seen);
	sec = section_get(&v, in, "publications", REPORT_PUBLICATIONS_MAX);
	json_array_foreach(sec, i, row)
	{
		json_t *r = jx_obj();

		if (!json_is_object(row))
			not_object(&v, "publications", (long)i);
		publication_read(&v, json_is_object(row) ? row : NULL, (long)i, r, ids, seen);
		jx_append(pubs, r);
	}
	jx_set(o, "publications", pubs);
	json_decref(ids);

	w = at(NULL, -1, "remarks");
	(void)read_text(&v, in, &w, TEXT_NO_CONTROLS, REPORT_REMARKS_MAX, o);
	w = at(NULL, -1, "no_activity_reason");
	has_reason = read_text(&v, in, &w, TEXT_NO_CONTROLS, REPORT_REASON_MAX, o);
	if (rules->mode == REPORT_SUBMIT && json_array_size(acts) == 0 && has_reason <= 0) {
		w = at("activities", -1, NULL);
		issue(&v, 0, &w,
		      "добавьте хотя бы одно мероприятие или напишите, почему их не было (поле «Причина "
		      "отсутствия мероприятий»)");
	}

	json_decref(seen);
	json_decref(inns);
	json_decref(names);
	json_decref(v.forms_prev);
	*out = o;
	*issues = v.issues;
	return v.errors > 0 ? -1 : 0;
}

/* ---- diff ---- */

static int
is_empty(const json_t *j)
{
	return j == NULL || json_is_null(j) || (json_is_string(j) && json_string_length(j) == 0) ||
	       (json_is_array(j) && json_array_size(j) == 0);
}

static void
change_add(json_t *changes, const char *section, long row, const char *field, const char *id, const json_t *b,
	   const json_t *a)
{
	json_t *o = jx_obj();
	struct buf path;
	int r = 0;
	const char *kind = is_empty(b) ? "added" : is_empty(a) ? "removed" : "changed";

	buf_init(&path, 1024);
	if (section != NULL) {
		r |= buf_adds(&path, section);
		if (row >= 0)
			r |= buf_addf(&path, "[%ld]", row);
	}
	if (field != NULL)
		r |= buf_addf(&path, "%s%s", path.len > 0 ? "." : "", field);
	if (r < 0)
		abort();
	jx_set(o, "path", jx_str(path.data));
	jx_set(o, "section", section ? jx_str(section) : json_null());
	jx_set(o, "row", row >= 0 ? json_integer(row + 1) : json_null());
	jx_set(o, "field", field ? jx_str(field) : json_null());
	jx_set(o, "id", id ? jx_str(id) : json_null());
	jx_set(o, "change", jx_str(kind));
	jx_set(o, "before", b && !json_is_null(b) ? json_deep_copy(b) : json_null());
	jx_set(o, "after", a && !json_is_null(a) ? json_deep_copy(a) : json_null());
	jx_append(changes, o);
	buf_release(&path);
}

static void
value_diff(json_t *changes, const char *section, long row, const char *field, const char *id, const json_t *b,
	   const json_t *a)
{
	if (is_empty(b) && is_empty(a))
		return;
	if (b != NULL && a != NULL && json_equal((json_t *)b, (json_t *)a))
		return;
	change_add(changes, section, row, field, id, b, a);
}

/* Field-by-field diff of two objects: keys of `a` in order, then keys only in `b`. */
static void
object_diff(json_t *changes, const char *section, long row, const char *id, const json_t *b, const json_t *a)
{
	const char *key;
	json_t *val;

	json_object_foreach((json_t *)a, key, val)
	{
		if (strcmp(key, "id") != 0)
			value_diff(changes, section, row, key, id, json_object_get(b, key), val);
	}
	json_object_foreach((json_t *)b, key, val)
	{
		if (strcmp(key, "id") != 0 && json_object_get(a, key) == NULL)
			value_diff(changes, section, row, key, id, val, NULL);
	}
}

static int
all_have_ids(const json_t *rows)
{
	const json_t *r;
	size_t i;

	json_array_foreach(rows, i, r)
	{
		if (json_string_value(json_object_get(r, "id")) == NULL)
			return 0;
	}
	return 1;
}

static void
rows_diff(json_t *changes, const char *section, const json_t *b, const json_t *a)
{
	const json_t *ra = NULL, *rb = NULL;
	size_t i, j, nb = json_array_size(b), na = json_array_size(a);

	if (nb + na > 0 && all_have_ids(a) && all_have_ids(b)) {
		json_array_foreach(a, i, ra)
		{
			const char *id = json_string_value(json_object_get(ra, "id"));

			json_array_foreach(b, j, rb)
			{
				if (strcmp(json_string_value(json_object_get(rb, "id")), id) == 0)
					break;
			}
			if (j < nb)
				object_diff(changes, section, (long)i, id, rb, ra);
			else
				change_add(changes, section, (long)i, NULL, id, NULL, ra);
		}
		json_array_foreach(b, j, rb)
		{
			const char *id = json_string_value(json_object_get(rb, "id"));

			json_array_foreach(a, i, ra)
			{
				if (strcmp(json_string_value(json_object_get(ra, "id")), id) == 0)
					break;
			}
			if (i == na)
				change_add(changes, section, (long)j, NULL, id, rb, NULL);
		}
		return;
	}
	for (i = 0; i < na || i < nb; i++) {
		ra = json_array_get(a, i);
		rb = json_array_get(b, i);
		if (ra != NULL && rb != NULL)
			object_diff(changes, section, (long)i, json_string_value(json_object_get(ra, "id")),
				    rb, ra);
		else if (ra != NULL)
			change_add(changes, section, (long)i, NULL,
				   json_string_value(json_object_get(ra, "id")), NULL, ra);
		else
			change_add(changes, section, (long)i, NULL,
				   json_string_value(json_object_get(rb, "id")), rb, NULL);
	}
}

json_t *
report_diff(const json_t *before, const json_t *after)
{
	static const char *const sections[] = {"activities", "organizations", "publications", NULL};
	json_t *changes = jx_arr();
	const char *key;
	json_t *val;
	size_t k;

	object_diff(changes, "contact", -1, NULL, json_object_get(before, "contact"),
		    json_object_get(after, "contact"));
	for (k = 0; k < 3; k++)
		rows_diff(changes, sections[k], json_object_get(before, sections[k]),
			  json_object_get(after, sections[k]));
	json_object_foreach((json_t *)after, key, val)
	{
		if (strcmp(key, "contact") == 0 || code_index(sections, key) >= 0)
			continue;
		value_diff(changes, NULL, -1, key, NULL, json_object_get(before, key), val);
	}
	json_object_foreach((json_t *)before, key, val)
	{
		if (strcmp(key, "contact") == 0 || code_index(sections, key) >= 0 ||
		    json_object_get(after, key))
			continue;
		value_diff(changes, NULL, -1, key, NULL, val, NULL);
	}
	return changes;
}
