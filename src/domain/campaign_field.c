/*
 * campaign_field: the checks of one value of a campaign document. First
 * the public ones on plain strings (slug, code, hashtag, domain, URL, time
 * zone, a date typed in a form); then the walker that campaign.c's
 * campaign_validate() reads the document with (campaign_int.h): a path
 * stack, so that every error names the exact field ("forms[3].title"), the
 * readers of a string, a date, an integer and an array member, and the
 * lists made of such values (hashtags, codes unique in their list, host
 * names).
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <utf8proc.h>

#include "domain/campaign.h"
#include "domain/campaign_int.h"
#include "domain/text.h"
#include "util/civil.h"
#include "util/jsonx.h"

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

/* ---- a date typed in a form ---- */

/* ---- the walker ---- */

/* Pushes ".key" (or "key" at the top) or "[i]"; returns the old length to pop to. */
size_t
campaign_path_key(struct campaign_vctx *v, const char *key)
{
	size_t old = v->len;
	int r = snprintf(v->path + v->len, sizeof(v->path) - v->len, "%s%s", v->len ? "." : "", key);

	if (r < 0 || (size_t)r >= sizeof(v->path) - v->len)
		abort(); /* keys are ours and paths shallow */
	v->len += (size_t)r;
	return old;
}

size_t
campaign_path_index(struct campaign_vctx *v, size_t i)
{
	size_t old = v->len;
	int r = snprintf(v->path + v->len, sizeof(v->path) - v->len, "[%zu]", i);

	if (r < 0 || (size_t)r >= sizeof(v->path) - v->len)
		abort();
	v->len += (size_t)r;
	return old;
}

void
campaign_path_pop(struct campaign_vctx *v, size_t old)
{
	v->len = old;
	v->path[old] = '\0';
}

/* Records the first error at the current path; always returns -1. */
int
campaign_fail(struct campaign_vctx *v, const char *fmt, ...)
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

/* Rejects keys of `o` not in the NULL-terminated `known`. */
int
campaign_known_keys(struct campaign_vctx *v, const json_t *o, const char *const *known)
{
	const char *key;
	json_t *val;
	size_t i, old;

	json_object_foreach((json_t *)o, key, val)
	{
		for (i = 0; known[i] != NULL && strcmp(known[i], key) != 0; i++)
			;
		if (known[i] == NULL) {
			old = campaign_path_key(v, strlen(key) < 48 && text_utf8_check(key, strlen(key),
										       TEXT_SINGLE_LINE) == 0
							   ? key
							   : "?");
			campaign_fail(v, "неизвестное поле");
			campaign_path_pop(v, old);
			return -1;
		}
	}
	return 0;
}

/*
 * Checks o[key] as a string of `kind`; stores a new cleaned json string in
 * *res. Missing: error when `required`, else *res = NULL and 0.
 */
int
campaign_get_string(struct campaign_vctx *v, const json_t *o, const char *key, enum campaign_str_kind kind,
		    int required, json_t **res)
{
	const json_t *j = json_object_get(o, key);
	size_t old = campaign_path_key(v, key), count, max;
	char *clean = NULL;
	int ret = -1;

	*res = NULL;
	if (j == NULL) {
		ret = required ? campaign_fail(v, "обязательное поле отсутствует") : 0;
		goto out;
	}
	if (!json_is_string(j)) {
		campaign_fail(v, kind == CAMPAIGN_STR_LINE_ANY ? "должно быть строкой"
							       : "должно быть непустой строкой");
		goto out;
	}
	clean = text_clean(json_string_value(j), json_string_length(j),
			   kind == CAMPAIGN_STR_TEXT ? TEXT_NO_CONTROLS : TEXT_SINGLE_LINE);
	if (clean == NULL) {
		campaign_fail(v, "содержит недопустимые символы");
		goto out;
	}
	if (clean[0] == '\0' && kind != CAMPAIGN_STR_LINE_ANY) {
		campaign_fail(v, "должно быть непустой строкой");
		goto out;
	}
	max = kind == CAMPAIGN_STR_TEXT        ? CAMPAIGN_TEXT_MAX
	      : kind == CAMPAIGN_STR_RAW_SHORT ? CAMPAIGN_URL_MAX
					       : CAMPAIGN_TITLE_MAX;
	if (kind == CAMPAIGN_STR_RAW_SHORT) {
		/* A URL: its limit is in bytes (see CAMPAIGN_URL_MAX). */
		if (strlen(clean) > max) {
			campaign_fail(v, "слишком длинное значение (не более %zu байт)", max);
			goto out;
		}
	} else if (utf8_grapheme_count(clean, strlen(clean), &count) < 0 || count > max) {
		campaign_fail(v, "слишком длинное значение (не более %zu символов)", max);
		goto out;
	}
	*res = jx_str(clean);
	ret = 0;
out:
	free(clean);
	campaign_path_pop(v, old);
	return ret;
}

/* Checks a date field; its days go to *days. */
int
campaign_get_date(struct campaign_vctx *v, const json_t *o, const char *key, json_t *dst, int64_t *days)
{
	json_t *s;
	size_t old;

	if (campaign_get_string(v, o, key, CAMPAIGN_STR_RAW_SHORT, 1, &s) < 0)
		return -1;
	old = campaign_path_key(v, key);
	if (civil_date_parse(json_string_value(s), days) < 0) {
		json_decref(s);
		campaign_fail(v, "должно быть существующей датой в формате ГГГГ-ММ-ДД");
		campaign_path_pop(v, old);
		return -1;
	}
	campaign_path_pop(v, old);
	jx_set(dst, key, s);
	return 0;
}

/* Checks an optional integer in [min, max], default `def`. */
int
campaign_get_int(struct campaign_vctx *v, const json_t *o, const char *key, json_int_t min, json_int_t max,
		 int required, json_int_t def, json_t *dst, json_int_t *value)
{
	const json_t *j = json_object_get(o, key);
	size_t old = campaign_path_key(v, key);
	json_int_t x = def;
	int ret = -1;

	if (j == NULL && required) {
		campaign_fail(v, "обязательное поле отсутствует");
		goto out;
	}
	if (j != NULL) {
		if (!json_is_integer(j) || json_integer_value(j) < min || json_integer_value(j) > max) {
			campaign_fail(v, "должно быть целым числом от %lld до %lld", (long long)min,
				      (long long)max);
			goto out;
		}
		x = json_integer_value(j);
	}
	jx_set(dst, key, json_integer(x));
	if (value != NULL)
		*value = x;
	ret = 0;
out:
	campaign_path_pop(v, old);
	return ret;
}

/* Fetches o[key] as an array of min..max items; NULL with an error otherwise. */
const json_t *
campaign_get_array(struct campaign_vctx *v, const json_t *o, const char *key, size_t min, size_t max)
{
	const json_t *a = json_object_get(o, key);
	size_t old = campaign_path_key(v, key);

	if (a == NULL)
		campaign_fail(v, "обязательное поле отсутствует");
	else if (!json_is_array(a))
		campaign_fail(v, "должно быть массивом");
	else if (json_array_size(a) < min || json_array_size(a) > max)
		campaign_fail(v, "должно содержать от %zu до %zu элементов", min, max);
	campaign_path_pop(v, old);
	return v->failed ? NULL : a;
}

/* hashtags: valid, no two equal under case folding. */
int
campaign_hashtag_list_check(struct campaign_vctx *v, const json_t *o, const char *key, json_t *dst)
{
	const json_t *a = campaign_get_array(v, o, key, 0, CAMPAIGN_LIST_MAX);
	json_t *res, *folded = NULL;
	size_t i, j, old, old2;
	int ret = -1;

	if (a == NULL)
		return -1;
	res = jx_arr();
	folded = jx_arr();
	old = campaign_path_key(v, key);
	for (i = 0; i < json_array_size(a); i++) {
		const json_t *t = json_array_get(a, i);
		char *clean = NULL, *fold = NULL;

		old2 = campaign_path_index(v, i);
		if (!json_is_string(t) ||
		    (clean = text_clean(json_string_value(t), json_string_length(t), TEXT_SINGLE_LINE)) ==
			    NULL ||
		    campaign_hashtag_check(clean) < 0) {
			free(clean);
			campaign_fail(
				v,
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
			campaign_fail(v, "повторяет хэштег %s[%zu] (регистр букв не различается)", key, j);
			goto out;
		}
		jx_append(res, json_string(clean));
		jx_append(folded, json_string(fold));
		free(clean);
		free(fold);
		campaign_path_pop(v, old2);
	}
	jx_set(dst, key, res);
	res = NULL;
	ret = 0;
out:
	campaign_path_pop(v, old);
	json_decref(res);
	json_decref(folded);
	return ret;
}

/* Starts element i of an array of objects: pushes the path, checks the type and keys. */
int
campaign_item_begin(struct campaign_vctx *v, const json_t *item, size_t i, const char *const *known,
		    size_t *old)
{
	*old = campaign_path_index(v, i);
	if (!json_is_object(item))
		return campaign_fail(v, "должно быть объектом");
	return campaign_known_keys(v, item, known);
}

/* Checks item.code as a code unique among `seen` (an object used as a set). */
int
campaign_code_unique(struct campaign_vctx *v, const json_t *in, json_t *item, json_t *seen)
{
	json_t *s;
	size_t old;

	if (campaign_get_string(v, in, "code", CAMPAIGN_STR_RAW_SHORT, 1, &s) < 0)
		return -1;
	jx_set(item, "code", s);
	old = campaign_path_key(v, "code");
	if (campaign_code_check(json_string_value(s)) < 0)
		campaign_fail(
			v,
			"код должен состоять из строчных латинских букв, цифр и дефиса (не более 64 символов)");
	else if (json_object_get(seen, json_string_value(s)) != NULL)
		campaign_fail(v, "код повторяется");
	else
		jx_set(seen, json_string_value(s), json_true());
	campaign_path_pop(v, old);
	return v->failed ? -1 : 0;
}

int
campaign_hosts_check(struct campaign_vctx *v, const json_t *in, json_t *item)
{
	const json_t *a = campaign_get_array(v, in, "hosts", 1, CAMPAIGN_LIST_MAX);
	json_t *res;
	size_t i, j, old, old2;
	int ret = -1;

	if (a == NULL)
		return -1;
	res = jx_arr();
	old = campaign_path_key(v, "hosts");
	for (i = 0; i < json_array_size(a); i++) {
		const json_t *t = json_array_get(a, i);
		char host[254];
		size_t n, k;

		old2 = campaign_path_index(v, i);
		n = json_is_string(t) ? json_string_length(t) : 0;
		if (n == 0 || n >= sizeof(host) || strlen(json_string_value(t)) != n) {
			campaign_fail(v, "должно быть доменным именем, например vk.com");
			goto out;
		}
		for (k = 0; k < n; k++) {
			char c = json_string_value(t)[k];

			host[k] = (c >= 'A' && c <= 'Z') ? (char)(c - 'A' + 'a') : c;
		}
		host[n] = '\0';
		if (campaign_domain_check(host) < 0) {
			campaign_fail(v, "должно быть доменным именем, например vk.com");
			goto out;
		}
		for (j = 0; j < i; j++) {
			if (strcmp(json_string_value(json_array_get(res, j)), host) == 0)
				break;
		}
		if (j < i) {
			campaign_fail(v, "домен повторяется");
			goto out;
		}
		jx_append(res, json_string(host));
		campaign_path_pop(v, old2);
	}
	jx_set(item, "hosts", res);
	res = NULL;
	ret = 0;
out:
	campaign_path_pop(v, old);
	json_decref(res);
	return ret;
}
