/*
 * campaign: the due instant and the form's date input (on util/civil.c's
 * calendar), the field checks and campaign_validate(), which walks the document with a path stack so
 * that every error names the exact field ("forms[3].title").
 */
#include "domain/campaign.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <utf8proc.h>

#include "domain/text.h"
#include "util/civil.h"

/* ---- dates ---- */

static int
digits(const char *s, int n, int *out)
{
	int i, v = 0;

	for (i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	*out = v;
	return 0;
}

int
campaign_due_instant(const char *due, const char *due_time, int32_t utc_offset, int64_t *instant)
{
	int64_t days;
	int secs;

	if (civil_date_parse(due, &days) < 0 || civil_time_parse(due_time ? due_time : "23:59:59", &secs) < 0)
		return -1;
	if (utc_offset < -18 * 3600 || utc_offset > 18 * 3600)
		return -1;
	*instant = days * 86400 + secs - utc_offset;
	return 0;
}

/* ---- single values ---- */

static int
ascii_run(const char *s, size_t from, size_t to, const char *extra)
{
	size_t i;

	for (i = from; i < to; i++) {
		char c = s[i];

		if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
		      (c != '\0' && strchr(extra, c) != NULL)))
			return -1;
	}
	return 0;
}

int
campaign_slug_check(const char *slug)
{
	size_t n = strlen(slug);

	if (n < 2 || n > 63 || slug[0] == '-')
		return -1;
	return ascii_run(slug, 0, n, "-");
}

int
campaign_code_check(const char *code)
{
	size_t n = strlen(code);

	if (n < 1 || n > 64)
		return -1;
	return ascii_run(code, 0, n, "-");
}

int
campaign_hashtag_check(const char *tag)
{
	size_t n = strlen(tag), i = 1, count = 0;
	int32_t cp;
	int after_letter = 0;

	if (n < 2 || tag[0] != '#')
		return -1;
	while (i < n) {
		if (utf8_next(tag, n, &i, &cp) < 0)
			return -1;
		switch (utf8proc_category(cp)) {
		case UTF8PROC_CATEGORY_LU:
		case UTF8PROC_CATEGORY_LL:
		case UTF8PROC_CATEGORY_LT:
		case UTF8PROC_CATEGORY_LM:
		case UTF8PROC_CATEGORY_LO: after_letter = 1; break;
		case UTF8PROC_CATEGORY_MN:
		case UTF8PROC_CATEGORY_MC:
			if (!after_letter)
				return -1;
			break;
		case UTF8PROC_CATEGORY_ND: after_letter = 0; break;
		default:
			if (cp != '_')
				return -1;
			after_letter = 0;
			break;
		}
		if (++count > CAMPAIGN_HASHTAG_MAX)
			return -1;
	}
	return 0;
}

int
campaign_domain_check(const char *host)
{
	size_t n = strlen(host), i, label = 0, labels = 1;

	if (n < 3 || n > 253)
		return -1;
	for (i = 0; i <= n; i++) {
		char c = host[i];

		if (c == '.' || c == '\0') {
			if (label == 0 || host[i - 1] == '-')
				return -1;
			if (c == '.')
				labels++;
			label = 0;
			continue;
		}
		if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-'))
			return -1;
		if (label == 0 && c == '-')
			return -1;
		if (++label > 63)
			return -1;
	}
	return labels >= 2 ? 0 : -1;
}

int
campaign_url_check(const char *url)
{
	size_t n = strlen(url), skip, i, host_end;
	int32_t cp;

	if (n > CAMPAIGN_URL_MAX || text_utf8_check(url, n, TEXT_SINGLE_LINE) < 0)
		return -1;
	if (n >= 7 && strncasecmp(url, "http://", 7) == 0)
		skip = 7;
	else if (n >= 8 && strncasecmp(url, "https://", 8) == 0)
		skip = 8;
	else
		return -1;
	/* No white space anywhere; the authority ends at / ? # and must hold a host. */
	for (i = 0; i < n;) {
		if (utf8_next(url, n, &i, &cp) < 0 || text_cp_is_space(cp) || cp < 0x20 || cp == 0x7f)
			return -1;
	}
	host_end = skip + strcspn(url + skip, "/?#");
	if (memchr(url + skip, '@', host_end - skip) != NULL)
		return -1; /* no user info: it only serves to disguise the host */
	for (i = skip; i < host_end && url[i] != ':'; i++) {
		unsigned char c = (unsigned char)url[i];

		if (!(c >= 0x80 || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		      (c >= '0' && c <= '9') || c == '.' || c == '-'))
			return -1;
	}
	if (i == skip || url[skip] == '.' || url[skip] == '-')
		return -1;
	if (i < host_end) { /* a port: 1..5 digits */
		size_t p = i + 1;

		if (p == host_end || host_end - p > 5)
			return -1;
		for (; p < host_end; p++) {
			if (url[p] < '0' || url[p] > '9')
				return -1;
		}
	}
	return 0;
}

int
campaign_time_zone_check(const char *tz)
{
	size_t n = strlen(tz), i, comp = 0, parts = 1;

	if (n == 0 || n > 64)
		return -1;
	if (!((tz[0] >= 'A' && tz[0] <= 'Z') || (tz[0] >= 'a' && tz[0] <= 'z')))
		return -1;
	for (i = 0; i <= n; i++) {
		char c = tz[i];

		if (c == '/' || c == '\0') {
			if (comp == 0)
				return -1;
			if (c == '/')
				parts++;
			comp = 0;
			continue;
		}
		if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
		      c == '_' || c == '+' || c == '-'))
			return -1;
		comp++;
	}
	return parts >= 2 || strcmp(tz, "UTC") == 0 ? 0 : -1;
}

/* ---- the validator ---- */

struct vctx {
	struct campaign_error *err;
	char path[128]; /* the field being checked */
	size_t len; /* strlen(path) */
	int failed;
};

/* Pushes ".key" (or "key" at the top) or "[i]"; returns the old length to pop to. */
static size_t
path_key(struct vctx *v, const char *key)
{
	size_t old = v->len;
	int r = snprintf(v->path + v->len, sizeof(v->path) - v->len, "%s%s", v->len ? "." : "", key);

	if (r < 0 || (size_t)r >= sizeof(v->path) - v->len)
		abort(); /* keys are ours and paths shallow */
	v->len += (size_t)r;
	return old;
}

static size_t
path_index(struct vctx *v, size_t i)
{
	size_t old = v->len;
	int r = snprintf(v->path + v->len, sizeof(v->path) - v->len, "[%zu]", i);

	if (r < 0 || (size_t)r >= sizeof(v->path) - v->len)
		abort();
	v->len += (size_t)r;
	return old;
}

static void
path_pop(struct vctx *v, size_t old)
{
	v->len = old;
	v->path[old] = '\0';
}

/* Records the first error at the current path; always returns -1. */
__attribute__((format(printf, 2, 3))) static int
fail(struct vctx *v, const char *fmt, ...)
{
	struct campaign_error *e = v->err;
	va_list ap;
	int r;

	if (v->failed)
		return -1;
	v->failed = 1;
	va_start(ap, fmt);
	r = vsnprintf(e->reason, sizeof(e->reason), fmt, ap);
	va_end(ap);
	if (r < 0 || (size_t)r >= sizeof(e->reason))
		abort();
	r = snprintf(e->path, sizeof(e->path), "%s", v->path);
	if (r < 0 || (size_t)r >= sizeof(e->path))
		abort();
	if (v->len > 0)
		r = snprintf(e->message, sizeof(e->message), "Поле %s: %s", e->path, e->reason);
	else
		r = snprintf(e->message, sizeof(e->message), "Документ кампании: %s", e->reason);
	if (r < 0 || (size_t)r >= sizeof(e->message))
		abort();
	return -1;
}

static void
set_new(json_t *o, const char *key, json_t *val)
{
	if (val == NULL || json_object_set_new(o, key, val) < 0)
		abort();
}

static void
append_new(json_t *a, json_t *val)
{
	if (val == NULL || json_array_append_new(a, val) < 0)
		abort();
}

/* Rejects keys of `o` not in the NULL-terminated `known`. */
static int
known_keys(struct vctx *v, const json_t *o, const char *const *known)
{
	const char *key;
	json_t *val;
	size_t i, old;

	json_object_foreach((json_t *)o, key, val)
	{
		for (i = 0; known[i] != NULL && strcmp(known[i], key) != 0; i++)
			;
		if (known[i] == NULL) {
			old = path_key(v, strlen(key) < 48 && text_utf8_check(key, strlen(key),
									      TEXT_SINGLE_LINE) == 0
						  ? key
						  : "?");
			fail(v, "неизвестное поле");
			path_pop(v, old);
			return -1;
		}
	}
	return 0;
}

enum str_kind {
	STR_LINE, /* one line, non-empty, ≤ CAMPAIGN_TITLE_MAX */
	STR_TEXT, /* several lines, non-empty, ≤ CAMPAIGN_TEXT_MAX */
	STR_LINE_ANY, /* one line, may be empty */
	STR_RAW_SHORT, /* one line, as is, for codes, dates, URLs */
};

/*
 * Checks o[key] as a string of `kind`; stores a new cleaned json string in
 * *res. Missing: error when `required`, else *res = NULL and 0.
 */
static int
get_string(struct vctx *v, const json_t *o, const char *key, enum str_kind kind, int required, json_t **res)
{
	const json_t *j = json_object_get(o, key);
	size_t old = path_key(v, key), count, max;
	char *clean = NULL;
	int ret = -1;

	*res = NULL;
	if (j == NULL) {
		ret = required ? fail(v, "обязательное поле отсутствует") : 0;
		goto out;
	}
	if (!json_is_string(j)) {
		fail(v, kind == STR_LINE_ANY ? "должно быть строкой" : "должно быть непустой строкой");
		goto out;
	}
	clean = text_clean(json_string_value(j), json_string_length(j),
			   kind == STR_TEXT ? TEXT_NO_CONTROLS : TEXT_SINGLE_LINE);
	if (clean == NULL) {
		fail(v, "содержит недопустимые символы");
		goto out;
	}
	if (clean[0] == '\0' && kind != STR_LINE_ANY) {
		fail(v, "должно быть непустой строкой");
		goto out;
	}
	max = kind == STR_TEXT        ? CAMPAIGN_TEXT_MAX
	      : kind == STR_RAW_SHORT ? CAMPAIGN_URL_MAX
				      : CAMPAIGN_TITLE_MAX;
	if (kind == STR_RAW_SHORT) {
		/* A URL: its limit is in bytes (see CAMPAIGN_URL_MAX). */
		if (strlen(clean) > max) {
			fail(v, "слишком длинное значение (не более %zu байт)", max);
			goto out;
		}
	} else if (utf8_grapheme_count(clean, strlen(clean), &count) < 0 || count > max) {
		fail(v, "слишком длинное значение (не более %zu символов)", max);
		goto out;
	}
	*res = json_string(clean);
	if (*res == NULL)
		abort();
	ret = 0;
out:
	free(clean);
	path_pop(v, old);
	return ret;
}

/* Checks a date field; its days go to *days. */
static int
get_date(struct vctx *v, const json_t *o, const char *key, json_t *dst, int64_t *days)
{
	json_t *s;
	size_t old;

	if (get_string(v, o, key, STR_RAW_SHORT, 1, &s) < 0)
		return -1;
	old = path_key(v, key);
	if (civil_date_parse(json_string_value(s), days) < 0) {
		json_decref(s);
		fail(v, "должно быть существующей датой в формате ГГГГ-ММ-ДД");
		path_pop(v, old);
		return -1;
	}
	path_pop(v, old);
	set_new(dst, key, s);
	return 0;
}

/* Checks an optional integer in [min, max], default `def`. */
static int
get_int(struct vctx *v, const json_t *o, const char *key, json_int_t min, json_int_t max, int required,
	json_int_t def, json_t *dst, json_int_t *value)
{
	const json_t *j = json_object_get(o, key);
	size_t old = path_key(v, key);
	json_int_t x = def;
	int ret = -1;

	if (j == NULL && required) {
		fail(v, "обязательное поле отсутствует");
		goto out;
	}
	if (j != NULL) {
		if (!json_is_integer(j) || json_integer_value(j) < min || json_integer_value(j) > max) {
			fail(v, "должно быть целым числом от %lld до %lld", (long long)min, (long long)max);
			goto out;
		}
		x = json_integer_value(j);
	}
	set_new(dst, key, json_integer(x));
	if (value != NULL)
		*value = x;
	ret = 0;
out:
	path_pop(v, old);
	return ret;
}

/* Fetches o[key] as an array of min..max items; NULL with an error otherwise. */
static const json_t *
get_array(struct vctx *v, const json_t *o, const char *key, size_t min, size_t max)
{
	const json_t *a = json_object_get(o, key);
	size_t old = path_key(v, key);

	if (a == NULL)
		fail(v, "обязательное поле отсутствует");
	else if (!json_is_array(a))
		fail(v, "должно быть массивом");
	else if (json_array_size(a) < min || json_array_size(a) > max)
		fail(v, "должно содержать от %zu до %zu элементов", min, max);
	path_pop(v, old);
	return v->failed ? NULL : a;
}

/* hashtags: valid, no two equal under case folding. */
static int
hashtags_check(struct vctx *v, const json_t *o, const char *key, json_t *dst)
{
	const json_t *a = get_array(v, o, key, 0, CAMPAIGN_LIST_MAX);
	json_t *res, *folded = NULL;
	size_t i, j, old, old2;
	int ret = -1;

	if (a == NULL)
		return -1;
	res = json_array();
	folded = json_array();
	if (res == NULL || folded == NULL)
		abort();
	old = path_key(v, key);
	for (i = 0; i < json_array_size(a); i++) {
		const json_t *t = json_array_get(a, i);
		char *clean = NULL, *fold = NULL;

		old2 = path_index(v, i);
		if (!json_is_string(t) ||
		    (clean = text_clean(json_string_value(t), json_string_length(t), TEXT_SINGLE_LINE)) ==
			    NULL ||
		    campaign_hashtag_check(clean) < 0) {
			free(clean);
			fail(v,
			     "хэштег должен начинаться с # и состоять из букв, цифр и знака подчёркивания");
			goto out;
		}
		fold = text_fold(clean, strlen(clean));
		if (fold == NULL)
			abort(); /* clean is valid UTF-8 */
		for (j = 0; j < i; j++) {
			if (strcmp(json_string_value(json_array_get(folded, j)), fold) == 0)
				break;
		}
		if (j < i) {
			free(clean);
			free(fold);
			fail(v, "повторяет хэштег %s[%zu] (регистр букв не различается)", key, j);
			goto out;
		}
		append_new(res, json_string(clean));
		append_new(folded, json_string(fold));
		free(clean);
		free(fold);
		path_pop(v, old2);
	}
	set_new(dst, key, res);
	res = NULL;
	ret = 0;
out:
	path_pop(v, old);
	json_decref(res);
	json_decref(folded);
	return ret;
}

/* Starts element i of an array of objects: pushes the path, checks the type and keys. */
static int
item_begin(struct vctx *v, const json_t *item, size_t i, const char *const *known, size_t *old)
{
	*old = path_index(v, i);
	if (!json_is_object(item))
		return fail(v, "должно быть объектом");
	return known_keys(v, item, known);
}

static int
links_check(struct vctx *v, const json_t *o, json_t *dst)
{
	static const char *const known[] = {"title", "url", NULL};
	const json_t *a = get_array(v, o, "links", 0, CAMPAIGN_LIST_MAX);
	json_t *res, *item = NULL, *s;
	size_t i, old, old2, old3;
	int ret = -1;

	if (a == NULL)
		return -1;
	res = json_array();
	if (res == NULL)
		abort();
	old = path_key(v, "links");
	for (i = 0; i < json_array_size(a); i++) {
		const json_t *in = json_array_get(a, i);

		if (item_begin(v, in, i, known, &old2) < 0)
			goto out;
		item = json_object();
		if (item == NULL)
			abort();
		if (get_string(v, in, "title", STR_LINE, 1, &s) < 0)
			goto out;
		set_new(item, "title", s);
		if (get_string(v, in, "url", STR_RAW_SHORT, 1, &s) < 0)
			goto out;
		set_new(item, "url", s);
		if (campaign_url_check(json_string_value(s)) < 0) {
			old3 = path_key(v, "url");
			fail(v, "должно быть адресом http:// или https://");
			path_pop(v, old3);
			goto out;
		}
		append_new(res, item);
		item = NULL;
		path_pop(v, old2);
	}
	set_new(dst, "links", res);
	res = NULL;
	ret = 0;
out:
	path_pop(v, old);
	json_decref(item);
	json_decref(res);
	return ret;
}

/* Checks item.code as a code unique among `seen` (an object used as a set). */
static int
code_unique(struct vctx *v, const json_t *in, json_t *item, json_t *seen)
{
	json_t *s;
	size_t old;

	if (get_string(v, in, "code", STR_RAW_SHORT, 1, &s) < 0)
		return -1;
	set_new(item, "code", s);
	old = path_key(v, "code");
	if (campaign_code_check(json_string_value(s)) < 0)
		fail(v,
		     "код должен состоять из строчных латинских букв, цифр и дефиса (не более 64 символов)");
	else if (json_object_get(seen, json_string_value(s)) != NULL)
		fail(v, "код повторяется");
	else
		set_new(seen, json_string_value(s), json_true());
	path_pop(v, old);
	return v->failed ? -1 : 0;
}

static int
forms_check(struct vctx *v, const json_t *o, json_t *dst)
{
	static const char *const known[] = {"code", "title", "retired", NULL};
	const json_t *a = get_array(v, o, "forms", 1, CAMPAIGN_FORMS_MAX);
	json_t *res, *seen, *item = NULL, *s;
	size_t i, old, old2, old3;
	int ret = -1;

	if (a == NULL)
		return -1;
	res = json_array();
	seen = json_object();
	if (res == NULL || seen == NULL)
		abort();
	old = path_key(v, "forms");
	for (i = 0; i < json_array_size(a); i++) {
		const json_t *in = json_array_get(a, i), *retired;

		if (item_begin(v, in, i, known, &old2) < 0)
			goto out;
		item = json_object();
		if (item == NULL)
			abort();
		if (code_unique(v, in, item, seen) < 0)
			goto out;
		if (get_string(v, in, "title", STR_TEXT, 1, &s) < 0)
			goto out;
		set_new(item, "title", s);
		retired = json_object_get(in, "retired");
		if (retired != NULL && !json_is_boolean(retired)) {
			old3 = path_key(v, "retired");
			fail(v, "должно быть логическим значением (true или false)");
			path_pop(v, old3);
			goto out;
		}
		set_new(item, "retired", json_boolean(retired != NULL && json_is_true(retired)));
		append_new(res, item);
		item = NULL;
		path_pop(v, old2);
	}
	set_new(dst, "forms", res);
	res = NULL;
	ret = 0;
out:
	path_pop(v, old);
	json_decref(item);
	json_decref(res);
	json_decref(seen);
	return ret;
}

/* org_units: optional, unique codes of the org units that must report; default []. */
static int
org_units_check(struct vctx *v, const json_t *o, json_t *dst)
{
	const json_t *a;
	json_t *res, *seen;
	size_t i, old, old2;
	int ret = -1;

	if (json_object_get(o, "org_units") == NULL) {
		set_new(dst, "org_units", json_array());
		return 0;
	}
	if ((a = get_array(v, o, "org_units", 0, CAMPAIGN_ORG_UNITS_MAX)) == NULL)
		return -1;
	res = json_array();
	seen = json_object();
	if (res == NULL || seen == NULL)
		abort();
	old = path_key(v, "org_units");
	for (i = 0; i < json_array_size(a); i++) {
		const json_t *t = json_array_get(a, i);
		const char *code = json_string_value(t);

		old2 = path_index(v, i);
		if (code == NULL || strlen(code) != json_string_length(t) || campaign_code_check(code) < 0) {
			fail(v,
			     "код муниципалитета должен состоять из строчных латинских букв, цифр и дефиса "
			     "(не более 64 символов)");
			goto out;
		}
		if (json_object_get(seen, code) != NULL) {
			fail(v, "муниципалитет указан дважды");
			goto out;
		}
		set_new(seen, code, json_true());
		append_new(res, json_string(code));
		path_pop(v, old2);
	}
	set_new(dst, "org_units", res);
	res = NULL;
	ret = 0;
out:
	path_pop(v, old);
	json_decref(res);
	json_decref(seen);
	return ret;
}

static int
principles_check(struct vctx *v, const json_t *o, json_t *dst)
{
	const json_t *a;
	json_t *res, *s;
	size_t i, old, old2;
	char *clean;
	int ret = -1;

	if (json_object_get(o, "principles") == NULL) {
		set_new(dst, "principles", json_array());
		return 0;
	}
	if ((a = get_array(v, o, "principles", 0, CAMPAIGN_LIST_MAX)) == NULL)
		return -1;
	res = json_array();
	if (res == NULL)
		abort();
	old = path_key(v, "principles");
	for (i = 0; i < json_array_size(a); i++) {
		const json_t *t = json_array_get(a, i);

		old2 = path_index(v, i);
		clean = json_is_string(t)
				? text_clean(json_string_value(t), json_string_length(t), TEXT_NO_CONTROLS)
				: NULL;
		if (clean == NULL || clean[0] == '\0') {
			free(clean);
			fail(v, "должно быть непустой строкой");
			goto out;
		}
		s = json_string(clean);
		free(clean);
		append_new(res, s);
		path_pop(v, old2);
	}
	set_new(dst, "principles", res);
	res = NULL;
	ret = 0;
out:
	path_pop(v, old);
	json_decref(res);
	return ret;
}

static int
hosts_check(struct vctx *v, const json_t *in, json_t *item)
{
	const json_t *a = get_array(v, in, "hosts", 1, CAMPAIGN_LIST_MAX);
	json_t *res;
	size_t i, j, old, old2;
	int ret = -1;

	if (a == NULL)
		return -1;
	res = json_array();
	if (res == NULL)
		abort();
	old = path_key(v, "hosts");
	for (i = 0; i < json_array_size(a); i++) {
		const json_t *t = json_array_get(a, i);
		char host[254];
		size_t n, k;

		old2 = path_index(v, i);
		n = json_is_string(t) ? json_string_length(t) : 0;
		if (n == 0 || n >= sizeof(host) || strlen(json_string_value(t)) != n) {
			fail(v, "должно быть доменным именем, например vk.com");
			goto out;
		}
		for (k = 0; k < n; k++) {
			char c = json_string_value(t)[k];

			host[k] = (c >= 'A' && c <= 'Z') ? (char)(c - 'A' + 'a') : c;
		}
		host[n] = '\0';
		if (campaign_domain_check(host) < 0) {
			fail(v, "должно быть доменным именем, например vk.com");
			goto out;
		}
		for (j = 0; j < i; j++) {
			if (strcmp(json_string_value(json_array_get(res, j)), host) == 0)
				break;
		}
		if (j < i) {
			fail(v, "домен повторяется");
			goto out;
		}
		append_new(res, json_string(host));
		path_pop(v, old2);
	}
	set_new(item, "hosts", res);
	res = NULL;
	ret = 0;
out:
	path_pop(v, old);
	json_decref(res);
	return ret;
}

static int
video_hosts_check(struct vctx *v, const json_t *o, json_t *dst)
{
	static const char *const known[] = {"code", "title", "hosts", "note", NULL};
	const json_t *a = get_array(v, o, "video_hosts", 1, CAMPAIGN_LIST_MAX);
	json_t *res, *seen, *item = NULL, *s;
	size_t i, old, old2;
	int ret = -1;

	if (a == NULL)
		return -1;
	res = json_array();
	seen = json_object();
	if (res == NULL || seen == NULL)
		abort();
	old = path_key(v, "video_hosts");
	for (i = 0; i < json_array_size(a); i++) {
		const json_t *in = json_array_get(a, i);

		if (item_begin(v, in, i, known, &old2) < 0)
			goto out;
		item = json_object();
		if (item == NULL)
			abort();
		if (code_unique(v, in, item, seen) < 0)
			goto out;
		if (get_string(v, in, "title", STR_LINE, 1, &s) < 0)
			goto out;
		set_new(item, "title", s);
		if (hosts_check(v, in, item) < 0)
			goto out;
		if (get_string(v, in, "note", STR_TEXT, 0, &s) < 0)
			goto out;
		if (s != NULL)
			set_new(item, "note", s);
		append_new(res, item);
		item = NULL;
		path_pop(v, old2);
	}
	set_new(dst, "video_hosts", res);
	res = NULL;
	ret = 0;
out:
	path_pop(v, old);
	json_decref(item);
	json_decref(res);
	json_decref(seen);
	return ret;
}

static int
contest_check(struct vctx *v, const json_t *doc, json_t *dst)
{
	static const char *const known[] = {"title",         "rules",       "hashtags", "entries_from",
					    "entries_until", "video_hosts", "age_min",  "age_max",
					    "prize",         "organiser",   NULL};
	const json_t *in = json_object_get(doc, "contest");
	json_t *c = NULL, *s;
	int64_t from, until;
	json_int_t amin, amax;
	size_t old = path_key(v, "contest"), old2;
	int ret = -1;

	if (in == NULL || json_is_null(in)) {
		ret = 0;
		goto out;
	}
	if (!json_is_object(in)) {
		fail(v, "должно быть объектом");
		goto out;
	}
	if (known_keys(v, in, known) < 0)
		goto out;
	c = json_object();
	if (c == NULL)
		abort();
	if (get_string(v, in, "title", STR_LINE, 1, &s) < 0)
		goto out;
	set_new(c, "title", s);
	if (get_string(v, in, "rules", STR_TEXT, 1, &s) < 0)
		goto out;
	set_new(c, "rules", s);
	if (hashtags_check(v, in, "hashtags", c) < 0)
		goto out;
	if (get_date(v, in, "entries_from", c, &from) < 0 || get_date(v, in, "entries_until", c, &until) < 0)
		goto out;
	if (until < from) {
		old2 = path_key(v, "entries_until");
		fail(v, "приём работ не может закончиться раньше, чем начался (entries_from)");
		path_pop(v, old2);
		goto out;
	}
	if (video_hosts_check(v, in, c) < 0)
		goto out;
	if (get_int(v, in, "age_min", 0, 120, 1, 0, c, &amin) < 0 ||
	    get_int(v, in, "age_max", 0, 120, 1, 0, c, &amax) < 0)
		goto out;
	if (amax < amin) {
		old2 = path_key(v, "age_max");
		fail(v, "не может быть меньше age_min");
		path_pop(v, old2);
		goto out;
	}
	if (get_string(v, in, "prize", STR_TEXT, 0, &s) < 0)
		goto out;
	set_new(c, "prize", s != NULL ? s : json_string(""));
	if (get_string(v, in, "organiser", STR_TEXT, 0, &s) < 0)
		goto out;
	set_new(c, "organiser", s != NULL ? s : json_string(""));
	set_new(dst, "contest", c);
	c = NULL;
	ret = 0;
out:
	path_pop(v, old);
	json_decref(c);
	return ret;
}

/*
 * reminders: optional {"days_before": [N…] (each 1..CAMPAIGN_REMIND_DAYS_MAX,
 * distinct, sorted descending in the result), "after_due": bool}; absent
 * stays absent (no automatic reminders).
 */
static int
reminders_check(struct vctx *v, const json_t *doc, json_t *dst)
{
	static const char *const known[] = {"days_before", "after_due", NULL};
	const json_t *in = json_object_get(doc, "reminders"), *days, *d, *after;
	json_t *r = NULL, *list = NULL;
	size_t old = path_key(v, "reminders"), old2, old3, i, j;
	json_int_t x;
	int ret = -1;

	if (in == NULL || json_is_null(in)) {
		ret = 0;
		goto out;
	}
	if (!json_is_object(in)) {
		fail(v, "должно быть объектом с полями days_before и after_due");
		goto out;
	}
	if (known_keys(v, in, known) < 0)
		goto out;
	if ((r = json_object()) == NULL || (list = json_array()) == NULL)
		abort();
	days = json_object_get(in, "days_before");
	old2 = path_key(v, "days_before");
	if (days != NULL && !json_is_array(days)) {
		fail(v, "должно быть массивом чисел дней");
		goto out;
	}
	if (days != NULL && json_array_size(days) > CAMPAIGN_REMIND_LIST_MAX) {
		fail(v, "должно содержать не больше %d элементов", CAMPAIGN_REMIND_LIST_MAX);
		goto out;
	}
	json_array_foreach(days, i, d)
	{
		old3 = path_index(v, i);
		if (!json_is_integer(d) || json_integer_value(d) < 1 ||
		    json_integer_value(d) > CAMPAIGN_REMIND_DAYS_MAX) {
			fail(v, "должно быть целым числом от 1 до %d", CAMPAIGN_REMIND_DAYS_MAX);
			goto out;
		}
		for (j = 0; j < i; j++) {
			if (json_integer_value(json_array_get(days, j)) == json_integer_value(d)) {
				fail(v, "это число дней уже указано");
				goto out;
			}
		}
		path_pop(v, old3);
		/* Insert sorted, largest first: the order reminders go out in. */
		x = json_integer_value(d);
		for (j = 0; j < json_array_size(list) && json_integer_value(json_array_get(list, j)) > x; j++)
			;
		if (json_array_insert_new(list, j, json_integer(x)) < 0)
			abort();
	}
	path_pop(v, old2);
	set_new(r, "days_before", list);
	list = NULL;
	after = json_object_get(in, "after_due");
	old2 = path_key(v, "after_due");
	if (after != NULL && !json_is_boolean(after)) {
		fail(v, "должно быть true или false");
		goto out;
	}
	path_pop(v, old2);
	set_new(r, "after_due", json_boolean(after != NULL && json_is_true(after)));
	set_new(dst, "reminders", r);
	r = NULL;
	ret = 0;
out:
	path_pop(v, old);
	json_decref(list);
	json_decref(r);
	return ret;
}

int
campaign_validate(const json_t *doc, json_t **out, struct campaign_error *err)
{
	static const char *const known[] = {"slug",
					    "title",
					    "summary",
					    "period",
					    "time_zone",
					    "report_due",
					    "report_due_time",
					    "hashtags",
					    "links",
					    "forms",
					    "principles",
					    "org_units",
					    "lock_after_days",
					    "grace_days",
					    "contest",
					    "reminders",
					    NULL};
	static const char *const period_known[] = {"start", "end", NULL};
	struct vctx v = {.err = err};
	const json_t *period;
	json_t *res = NULL, *p = NULL, *s;
	int64_t start = 0, end = 0, due;
	int secs;
	size_t old;

	*out = NULL;
	memset(err, 0, sizeof(*err));
	if (!json_is_object(doc)) {
		fail(&v, "должен быть объектом JSON");
		goto out;
	}
	if (known_keys(&v, doc, known) < 0)
		goto out;
	res = json_object();
	if (res == NULL)
		abort();

	if (get_string(&v, doc, "slug", STR_RAW_SHORT, 1, &s) < 0)
		goto out;
	set_new(res, "slug", s);
	if (campaign_slug_check(json_string_value(s)) < 0) {
		old = path_key(&v, "slug");
		fail(&v,
		     "допустимы строчные латинские буквы, цифры и дефис, от 2 до 63 символов, в начале — буква "
		     "или цифра");
		path_pop(&v, old);
		goto out;
	}
	if (get_string(&v, doc, "title", STR_LINE, 1, &s) < 0)
		goto out;
	set_new(res, "title", s);
	if (get_string(&v, doc, "summary", STR_TEXT, 0, &s) < 0)
		goto out;
	set_new(res, "summary", s != NULL ? s : json_string(""));

	period = json_object_get(doc, "period");
	old = path_key(&v, "period");
	if (period == NULL)
		fail(&v, "обязательное поле отсутствует");
	else if (!json_is_object(period))
		fail(&v, "должно быть объектом с полями start и end");
	else if (known_keys(&v, period, period_known) == 0) {
		p = json_object();
		if (p == NULL)
			abort();
		if (get_date(&v, period, "start", p, &start) == 0 &&
		    get_date(&v, period, "end", p, &end) == 0 && end < start) {
			size_t old2 = path_key(&v, "end");

			fail(&v, "акция не может закончиться раньше, чем началась (period.start)");
			path_pop(&v, old2);
		}
	}
	path_pop(&v, old);
	if (v.failed)
		goto out;
	set_new(res, "period", p);
	p = NULL;

	if (get_string(&v, doc, "time_zone", STR_RAW_SHORT, 1, &s) < 0)
		goto out;
	set_new(res, "time_zone", s);
	if (campaign_time_zone_check(json_string_value(s)) < 0) {
		old = path_key(&v, "time_zone");
		fail(&v, "должно быть названием часового пояса IANA, например Asia/Vladivostok");
		path_pop(&v, old);
		goto out;
	}
	if (get_date(&v, doc, "report_due", res, &due) < 0)
		goto out;
	if (due < end) {
		old = path_key(&v, "report_due");
		fail(&v, "срок отчёта не может быть раньше окончания акции (period.end)");
		path_pop(&v, old);
		goto out;
	}
	if (get_string(&v, doc, "report_due_time", STR_RAW_SHORT, 0, &s) < 0)
		goto out;
	if (s == NULL)
		s = json_string("23:59:59");
	set_new(res, "report_due_time", s);
	if (civil_time_parse(json_string_value(s), &secs) < 0) {
		old = path_key(&v, "report_due_time");
		fail(&v, "должно быть временем в формате ЧЧ:ММ:СС, например 23:59:59");
		path_pop(&v, old);
		goto out;
	}

	if (hashtags_check(&v, doc, "hashtags", res) < 0 || links_check(&v, doc, res) < 0 ||
	    forms_check(&v, doc, res) < 0 || principles_check(&v, doc, res) < 0 ||
	    org_units_check(&v, doc, res) < 0)
		goto out;
	if (get_int(&v, doc, "lock_after_days", 0, CAMPAIGN_DAYS_MAX, 0, 0, res, NULL) < 0 ||
	    get_int(&v, doc, "grace_days", 0, CAMPAIGN_DAYS_MAX, 0, 0, res, NULL) < 0)
		goto out;
	if (contest_check(&v, doc, res) < 0 || reminders_check(&v, doc, res) < 0)
		goto out;
	*out = res;
	res = NULL;
out:
	json_decref(p);
	json_decref(res);
	return *out != NULL ? 0 : -1;
}

/* ---- editing ---- */

json_t *
campaign_form_codes(const json_t *doc)
{
	json_t *codes = json_array(), *f;
	size_t i;

	if (codes == NULL)
		abort();
	json_array_foreach(json_object_get(doc, "forms"), i, f)
	{
		const char *code = json_string_value(json_object_get(f, "code"));

		if (code != NULL)
			append_new(codes, json_string(code));
	}
	return codes;
}

/* The form of `doc` with this code, or NULL. */
static const json_t *
form_by_code(const json_t *doc, const char *code)
{
	json_t *f;
	size_t i;

	json_array_foreach(json_object_get(doc, "forms"), i, f)
	{
		const char *c = json_string_value(json_object_get(f, "code"));

		if (c != NULL && strcmp(c, code) == 0)
			return f;
	}
	return NULL;
}

int
campaign_forms_check_edit(const json_t *old_doc, const json_t *new_doc, const json_t *codes_in_use,
			  struct campaign_error *err)
{
	struct vctx v = {.err = err};
	const json_t *c, *was;
	const char *code, *title;
	size_t i, old, n;

	memset(err, 0, sizeof(*err));
	json_array_foreach(codes_in_use, i, c)
	{
		code = json_string_value(c);
		if (code == NULL || form_by_code(new_doc, code) != NULL)
			continue;
		was = form_by_code(old_doc, code);
		title = was ? json_string_value(json_object_get(was, "title")) : NULL;
		if (title == NULL)
			title = code;
		n = utf8_fit(title, strlen(title), 80);
		old = path_key(&v, "forms");
		fail(&v,
		     "форма «%.*s%s» (код %.64s) уже используется в отчётах, удалить её нельзя — "
		     "переименуйте её или отметьте «выведена из употребления» (retired)",
		     (int)n, title, title[n] ? "…" : "", code);
		path_pop(&v, old);
		return -1;
	}
	return 0;
}

int
campaign_date_input(const char *s, char *out, size_t outsz)
{
	char buf[16];
	size_t n, i, dot1, dot2;
	int d, m, y;
	int64_t days;

	while (*s == ' ' || *s == '\t')
		s++;
	n = strlen(s);
	while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r' || s[n - 1] == '\n'))
		n--;
	if (n == 0 || n >= sizeof(buf) || outsz < 11)
		return -1;
	memcpy(buf, s, n);
	buf[n] = '\0';
	if (civil_date_parse(buf, &days) == 0)
		return civil_date_format_iso(days, out, outsz);
	/* ДД.ММ.ГГГГ: D or DD, M or MM, YYYY. */
	dot1 = strcspn(buf, ".");
	if (dot1 < 1 || dot1 > 2 || buf[dot1] != '.')
		return -1;
	dot2 = dot1 + 1 + strcspn(buf + dot1 + 1, ".");
	if (dot2 - dot1 - 1 < 1 || dot2 - dot1 - 1 > 2 || buf[dot2] != '.' || n - dot2 - 1 != 4)
		return -1;
	for (i = 0; i < n; i++) {
		if (i != dot1 && i != dot2 && (buf[i] < '0' || buf[i] > '9'))
			return -1;
	}
	if (digits(buf, (int)dot1, &d) < 0 || digits(buf + dot1 + 1, (int)(dot2 - dot1 - 1), &m) < 0 ||
	    digits(buf + dot2 + 1, 4, &y) < 0)
		return -1;
	if (!civil_date_valid(y, m, d))
		return -1;
	return civil_date_format_iso(civil_days_from_date(y, m, d), out, outsz);
}
