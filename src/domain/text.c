/*
 * text: strict UTF-8 decoding, code point and grapheme cluster counting,
 * NFC normalization, case folding and white-space trimming. The decoder is our own (so that the
 * rules on overlongs, surrogates and NUL are explicit); normalization and
 * folding are utf8proc_map().
 */
#include "domain/text.h"

#include <stdlib.h>
#include <string.h>

#include <utf8proc.h>

#include "util/xalloc.h"

int
text_utf8_next(const char *s, size_t n, size_t *i, int32_t *cp)
{
	const unsigned char *p = (const unsigned char *)s + *i;
	size_t left = n - *i, len, k;
	uint32_t c, min;

	if (*i >= n)
		return -1;
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
		if ((p[k] & 0xc0) != 0x80)
			return -1;
		c = (c << 6) | (p[k] & 0x3f);
	}
	if (c < min || c > 0x10ffff || (c >= 0xd800 && c <= 0xdfff))
		return -1;
	*cp = (int32_t)c;
	*i += len;
	return 0;
}

static int
cp_allowed(int32_t cp, unsigned flags)
{
	if (cp == 0)
		return 0;
	if (flags & TEXT_SINGLE_LINE) {
		if (cp == '\n' || cp == '\r')
			return 0;
		flags |= TEXT_NO_CONTROLS;
	}
	if ((flags & TEXT_NO_CONTROLS) &&
	    ((cp < 0x20 && cp != '\t' && cp != '\n' && cp != '\r') || cp == 0x7f))
		return 0;
	return 1;
}

int
text_utf8_check(const char *s, size_t n, unsigned flags)
{
	size_t i = 0;
	int32_t cp;

	while (i < n) {
		if (text_utf8_next(s, n, &i, &cp) < 0 || !cp_allowed(cp, flags))
			return -1;
	}
	return 0;
}

int
text_utf8_count(const char *s, size_t n, size_t *count)
{
	size_t i = 0, c = 0;
	int32_t cp;

	while (i < n) {
		if (text_utf8_next(s, n, &i, &cp) < 0 || cp == 0)
			return -1;
		c++;
	}
	*count = c;
	return 0;
}

size_t
text_utf8_fit(const char *s, size_t n, size_t max)
{
	if (n <= max)
		return n;
	n = max;
	while (n > 0 && ((unsigned char)s[n] & 0xc0) == 0x80)
		n--;
	return n;
}

int
text_grapheme_count(const char *s, size_t n, size_t *count)
{
	size_t i = 0, c = 0;
	int32_t cp, prev = -1;
	utf8proc_int32_t state = 0;

	while (i < n) {
		if (text_utf8_next(s, n, &i, &cp) < 0 || cp == 0)
			return -1;
		if (prev < 0 || utf8proc_grapheme_break_stateful(prev, cp, &state))
			c++;
		prev = cp;
	}
	*count = c;
	return 0;
}

/* Runs utf8proc_map over checked input; returns a malloc'ed string or NULL. */
static char *
map(const char *s, size_t n, utf8proc_option_t options)
{
	utf8proc_uint8_t *out = NULL;
	utf8proc_ssize_t r;

	if (text_utf8_check(s, n, 0) < 0)
		return NULL;
	if (n > (size_t)0x7fffffff)
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
text_nfc(const char *s, size_t n)
{
	return map(s, n, UTF8PROC_STABLE | UTF8PROC_COMPOSE);
}

char *
text_fold(const char *s, size_t n)
{
	return map(s, n, UTF8PROC_STABLE | UTF8PROC_COMPOSE | UTF8PROC_CASEFOLD);
}

int
text_fold_equal(const char *a, const char *b)
{
	char *fa = NULL, *fb = NULL;
	int eq = 0;

	fa = text_fold(a, strlen(a));
	fb = text_fold(b, strlen(b));
	if (fa == NULL || fb == NULL)
		goto out;
	eq = strcmp(fa, fb) == 0;
out:
	free(fa);
	free(fb);
	return eq;
}

int
text_cp_is_space(int32_t cp)
{
	if ((cp >= 0x09 && cp <= 0x0d) || cp == 0x20 || cp == 0x85)
		return 1;
	if (cp < 0xa0)
		return 0;
	switch (utf8proc_category(cp)) {
	case UTF8PROC_CATEGORY_ZS:
	case UTF8PROC_CATEGORY_ZL:
	case UTF8PROC_CATEGORY_ZP: return 1;
	default: return 0;
	}
}

void
text_trim(const char *s, size_t n, size_t *off, size_t *len)
{
	size_t start = 0, end = 0, i = 0;
	int32_t cp;
	int seen = 0;

	/* One forward pass: `start` is the first non-space, `end` follows the last. */
	while (i < n) {
		size_t at = i;

		if (text_utf8_next(s, n, &i, &cp) < 0) {
			cp = -1;
			i = at + 1;
		}
		if (cp >= 0 && text_cp_is_space(cp))
			continue;
		if (!seen) {
			start = at;
			seen = 1;
		}
		end = i;
	}
	*off = seen ? start : n;
	*len = seen ? end - start : 0;
}

char *
text_clean(const char *s, size_t n, unsigned flags)
{
	size_t off, len;

	if (text_utf8_check(s, n, flags) < 0)
		return NULL;
	text_trim(s, n, &off, &len);
	return text_nfc(s + off, len);
}
