/*
 * report_field: reading one field of the report model (see report.h and
 * report_int.h): numbers as people type them, the validation context's
 * issues (path and Russian message), and the readers of text, dates,
 * counts, checkboxes and URLs that report.c's sections call.
 */
#include "domain/report.h"
#include "domain/report_int.h"
#include "util/civil.h"
#include "util/jsonx.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "domain/text.h"
#include "domain/url.h"
#include "util/buf.h"

/* ---- numbers ---- */

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

/* ---- issues ---- */

void
report_issue(struct report_vctx *v, int warning, const struct report_where *w, const char *fmt, ...)
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
struct report_where
report_at(const char *section, long row, const char *field)
{
	struct report_where w = {section, row, field, NULL, -1};

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
int
report_read_text(struct report_vctx *v, const json_t *in, const struct report_where *w, unsigned flags,
		 size_t max, json_t *dst)
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
		report_issue(v, 0, w, "ожидается текст");
		jx_set(dst, w->field, raw_copy(val));
		return -1;
	}
	flags &= ~READ_BYTES;
	t = text_clean(json_string_value(val), json_string_length(val), flags);
	if (t == NULL) {
		report_issue(v, 0, w, "%s",
			     (flags & TEXT_SINGLE_LINE)
				     ? "текст должен быть одной строкой без управляющих символов"
				     : "текст содержит недопустимые управляющие символы");
		jx_set(dst, w->field, raw_copy(val));
		return -1;
	}
	if (bytes) {
		count = strlen(t);
		if (count > max) {
			report_issue(v, 0, w, "не длиннее %zu байт (сейчас %zu)", max, count);
			jx_set(dst, w->field, jx_str(t));
			goto out;
		}
	} else if (utf8_grapheme_count(t, strlen(t), &count) < 0 || count > max) {
		report_issue(v, 0, w, "не длиннее %zu символов (сейчас %zu)", max, count);
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
int
report_read_date(struct report_vctx *v, const json_t *in, const struct report_where *w, json_t *dst,
		 int64_t *days)
{
	const char *s;
	char iso[16];
	int r = report_read_text(v, in, w, TEXT_SINGLE_LINE | READ_BYTES, 32, dst);

	if (r <= 0)
		return r;
	s = json_string_value(json_object_get(dst, w->field));
	if (civil_date_input(s, days) < 0 || civil_date_format_iso(*days, iso, sizeof(iso)) < 0) {
		report_issue(v, 0, w, "неверная дата; укажите её в виде ДД.ММ.ГГГГ, например 08.02.2022");
		return -1;
	}
	jx_set(dst, w->field, jx_str(iso));
	return 1;
}

/* Reads a count (string or JSON integer) within 0..max; stores an integer or null. */
int
report_read_number(struct report_vctx *v, const json_t *in, const struct report_where *w, int64_t max,
		   json_t *dst, int64_t *value)
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
		report_issue(v, 0, w, "слишком большое число: не больше %lld", (long long)max);
	} else if (rc != REPORT_NUM_OK) {
		report_issue(v, 0, w, "%s", report_number_reason(rc));
	} else {
		jx_set(dst, w->field, json_integer(*value));
		return 1;
	}
	jx_set(dst, w->field, raw_copy(val));
	return -1;
}

/* Reads a checkbox: JSON boolean, or "on"/"true"/"1"/"да" and ""/"off"/"false"/"0"/"нет". */
int
report_read_bool(struct report_vctx *v, const json_t *in, const struct report_where *w, json_t *dst,
		 int *value)
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
	report_issue(v, 0, w, "ожидается отметка: да или нет");
	jx_set(dst, w->field, json_false());
	return -1;
}

/*
 * Parses one URL into {"url","key","network"} (or {"url": typed} when bad) and
 * flags duplicates against `seen` (key → row, 0-based). Returns 1, 0 or -1.
 */
int
report_url_read(struct report_vctx *v, const json_t *val, const struct report_where *w, json_t *dst,
		json_t *seen, long row, const char *dup_in)
{
	struct url u;
	enum url_rc rc;
	const json_t *prev;

	if (val == NULL || json_is_null(val) || (json_is_string(val) && json_string_length(val) == 0)) {
		jx_set(dst, "url", jx_str(""));
		return 0;
	}
	if (!json_is_string(val) || json_string_length(val) != strlen(json_string_value(val))) {
		report_issue(v, 0, w, "ожидается адрес ссылки");
		jx_set(dst, "url", raw_copy(val));
		return -1;
	}
	rc = url_parse(json_string_value(val), &u);
	if (rc == URL_EMPTY) {
		jx_set(dst, "url", jx_str(""));
		return 0;
	}
	if (rc != URL_OK) {
		report_issue(v, 0, w, "%s", url_reason(rc));
		jx_set(dst, "url", raw_copy(val));
		return -1;
	}
	jx_set(dst, "url", jx_str(u.display));
	jx_set(dst, "key", jx_str(u.key));
	jx_set(dst, "network", jx_str(u.network));
	if (u.password)
		report_issue(v, 1, w, "адрес содержит пароль — удалите его из ссылки");
	else if (u.userinfo)
		report_issue(
			v, 1, w,
			"адрес содержит имя пользователя перед «@»; ссылка ведёт на сайт %s — проверьте её",
			u.host);
	prev = json_object_get(seen, u.key);
	if (prev != NULL)
		report_issue(v, 1, w, "эта ссылка уже указана в %s %ld", dup_in,
			     (long)json_integer_value(prev) + 1);
	else
		jx_set(seen, u.key, json_integer(row));
	url_release(&u);
	return 1;
}
