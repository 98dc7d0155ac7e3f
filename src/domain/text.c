/*
 * text: text-field checks (controls, single line), NFC, case-blind
 * equality and white-space trimming, on util/utf8.c; white space is
 * utf8proc's category.
 */
#include "domain/text.h"

#include <stdlib.h>
#include <string.h>

#include <utf8proc.h>

#include "util/utf8.h"

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
		if (utf8_next(s, n, &i, &cp) < 0 || !cp_allowed(cp, flags))
			return -1;
	}
	return 0;
}

char *
text_nfc(const char *s, size_t n)
{
	return utf8_nfc(s, n);
}

char *
text_fold(const char *s, size_t n)
{
	return utf8_casefold(s, n);
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

		if (utf8_next(s, n, &i, &cp) < 0) {
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
