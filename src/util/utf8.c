/*
 * utf8: the strict decoder (our own, so that the rules on overlongs,
 * surrogates and NUL are explicit), counting, cutting and encoding; the
 * normalization, case folding and grapheme breaks are utf8proc's. This is
 * the only file that takes UTF-8 apart with bit masks.
 */
#include "util/utf8.h"

#include <stdlib.h>
#include <string.h>

#include <utf8proc.h>

#include "util/xalloc.h"

/* A byte that continues a sequence: 10xxxxxx. */
static int
is_cont(unsigned char c)
{
	return (c & 0xc0) == 0x80;
}

int
utf8_next(const char *s, size_t n, size_t *i, int32_t *cp)
{
	const unsigned char *p = (const unsigned char *)s + *i;
	size_t left, len, k;
	uint32_t c, min;

	if (*i >= n)
		return -1;
	left = n - *i;
	if (p[0] < 0x80) {
		*cp = p[0];
		*i += 1;
		return 0;
	}
	if (p[0] >= 0xc2 && p[0] <= 0xdf) {
		len = 2;
		c = p[0] & 0x1f;
		min = 0x80;
	} else if (p[0] >= 0xe0 && p[0] <= 0xef) {
		len = 3;
		c = p[0] & 0x0f;
		min = 0x800;
	} else if (p[0] >= 0xf0 && p[0] <= 0xf4) {
		len = 4;
		c = p[0] & 0x07;
		min = 0x10000;
	} else {
		return -1; /* continuation byte, 0xc0/0xc1 overlong lead, or > 0xf4 */
	}
	if (left < len)
		return -1;
	for (k = 1; k < len; k++) {
		if (!is_cont(p[k]))
			return -1;
		c = (c << 6) | (p[k] & 0x3f);
	}
	if (c < min || c > 0x10ffff || (c >= 0xd800 && c <= 0xdfff))
		return -1;
	*cp = (int32_t)c;
	*i += len;
	return 0;
}

int
utf8_valid(const char *s, size_t n)
{
	size_t count;

	return utf8_count(s, n, &count);
}

int
utf8_count(const char *s, size_t n, size_t *count)
{
	size_t i = 0, c = 0;
	int32_t cp;

	while (i < n) {
		if (utf8_next(s, n, &i, &cp) < 0 || cp == 0)
			return -1;
		c++;
	}
	*count = c;
	return 0;
}

int
utf8_grapheme_count(const char *s, size_t n, size_t *count)
{
	size_t i = 0, c = 0;
	int32_t cp, prev = -1;
	utf8proc_int32_t state = 0;

	while (i < n) {
		if (utf8_next(s, n, &i, &cp) < 0 || cp == 0)
			return -1;
		if (prev < 0 || utf8proc_grapheme_break_stateful(prev, cp, &state))
			c++;
		prev = cp;
	}
	*count = c;
	return 0;
}

/* Steps over the code point at s[i], or over one byte when it does not decode. */
static size_t
step(const char *s, size_t n, size_t i)
{
	int32_t cp;

	if (utf8_next(s, n, &i, &cp) < 0)
		i++;
	return i;
}

size_t
utf8_length(const char *s, size_t n)
{
	size_t i = 0, c = 0;

	for (; i < n; c++)
		i = step(s, n, i);
	return c;
}

size_t
utf8_prefix(const char *s, size_t n, size_t count)
{
	size_t i = 0;

	for (; i < n && count > 0; count--)
		i = step(s, n, i);
	return i;
}

size_t
utf8_prev(const char *s, size_t i)
{
	size_t j = i - 1;

	while (j > 0 && i - j < UTF8_SEQ_MAX && is_cont((unsigned char)s[j]))
		j--;
	return j;
}

size_t
utf8_fit(const char *s, size_t n, size_t max)
{
	size_t end = n < max ? n : max, p = end, need;
	unsigned char lead;

	/* Back to the lead byte of the last sequence that starts before `end`. */
	while (p > 0 && end - p < UTF8_SEQ_MAX - 1 && is_cont((unsigned char)s[p - 1]))
		p--;
	if (p == 0)
		return end;
	lead = (unsigned char)s[p - 1];
	need = lead >= 0xf0 ? 4 : lead >= 0xe0 ? 3 : lead >= 0xc0 ? 2 : 1;
	return p - 1 + need > end ? p - 1 : end;
}

size_t
utf8_encode(int32_t cp, char out[UTF8_SEQ_MAX])
{
	if (cp < 0 || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
		return 0;
	if (cp < 0x80) {
		out[0] = (char)cp;
		return 1;
	}
	if (cp < 0x800) {
		out[0] = (char)(0xc0 | (cp >> 6));
		out[1] = (char)(0x80 | (cp & 0x3f));
		return 2;
	}
	if (cp < 0x10000) {
		out[0] = (char)(0xe0 | (cp >> 12));
		out[1] = (char)(0x80 | ((cp >> 6) & 0x3f));
		out[2] = (char)(0x80 | (cp & 0x3f));
		return 3;
	}
	out[0] = (char)(0xf0 | (cp >> 18));
	out[1] = (char)(0x80 | ((cp >> 12) & 0x3f));
	out[2] = (char)(0x80 | ((cp >> 6) & 0x3f));
	out[3] = (char)(0x80 | (cp & 0x3f));
	return 4;
}

/* Runs utf8proc_map over checked input; returns a malloc'ed string or NULL. */
static char *
map(const char *s, size_t n, utf8proc_option_t options)
{
	utf8proc_uint8_t *out = NULL;
	utf8proc_ssize_t r;

	if (utf8_valid(s, n) < 0 || n > (size_t)0x7fffffff)
		return NULL;
	r = utf8proc_map((const utf8proc_uint8_t *)s, (utf8proc_ssize_t)n, &out, options);
	if (r == UTF8PROC_ERROR_NOMEM)
		abort();
	if (r < 0) {
		free(out);
		return NULL;
	}
	return (char *)out;
}

char *
utf8_nfc(const char *s, size_t n)
{
	return map(s, n, UTF8PROC_STABLE | UTF8PROC_COMPOSE);
}

char *
utf8_casefold(const char *s, size_t n)
{
	return map(s, n, UTF8PROC_STABLE | UTF8PROC_COMPOSE | UTF8PROC_CASEFOLD);
}

char *
utf8_fold_key(const char *s, size_t n)
{
	static const char yo[] = "ё", ye[] = "е"; /* U+0451, U+0435: two bytes each */
	char *k = utf8_casefold(s, n), *p;

	if (k == NULL)
		return NULL;
	for (p = k; (p = strstr(p, yo)) != NULL; p += sizeof(ye) - 1)
		memcpy(p, ye, sizeof(ye) - 1);
	return k;
}
