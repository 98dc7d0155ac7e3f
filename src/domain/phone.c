/*
 * phone: parsing of Russian telephone numbers (see phone.h). The number is
 * read left to right: digits, separators and one pair of parentheses; the
 * first character that belongs to none of them starts the extension, which
 * must then be a known marker and 1..PHONE_EXT_MAX digits.
 */
#include "domain/phone.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "domain/text.h"

#define EXAMPLE "например +7 423 222-22-22 или 8 914 700-00-00"

/* Separators allowed between digits: white space, '-', '.', Unicode dashes. */
static int
is_separator(int32_t cp)
{
	return text_cp_is_space(cp) || cp == '-' || cp == '.' || (cp >= 0x2010 && cp <= 0x2015) ||
	       cp == 0x2212;
}

/*
 * Parses the extension in folded text `t` (from the first character that
 * is not part of a number): optional ',' or ';', a marker, optional '.',
 * white space, 1..PHONE_EXT_MAX digits, nothing after. Returns PHONE_OK with
 * ext filled, PHONE_EXT for a marker with bad digits, PHONE_BAD_CHAR when
 * there is no marker at all.
 */
static enum phone_rc
ext_parse(const char *t, char ext[PHONE_EXT_MAX + 1])
{
	static const char *const markers[] = {"добавочный", "доб", "д", "ext", "x", "#", NULL};
	size_t n = strlen(t), i = 0, k, mlen = 0, nd = 0;
	int32_t cp;

	if (t[i] == ',' || t[i] == ';')
		i++;
	while (i < n && t[i] == ' ')
		i++;
	for (k = 0; markers[k] != NULL; k++) {
		mlen = strlen(markers[k]);
		if (strncmp(t + i, markers[k], mlen) == 0)
			break;
	}
	if (markers[k] == NULL)
		return PHONE_BAD_CHAR;
	i += mlen;
	if (t[i] == '.')
		i++;
	while (i < n) {
		size_t at = i;

		if (utf8_next(t, n, &i, &cp) < 0)
			return PHONE_EXT;
		if (!text_cp_is_space(cp)) {
			i = at;
			break;
		}
	}
	for (; i < n; i++) {
		if (t[i] < '0' || t[i] > '9' || nd == PHONE_EXT_MAX)
			return PHONE_EXT;
		ext[nd++] = t[i];
	}
	if (nd == 0)
		return PHONE_EXT;
	ext[nd] = '\0';
	return PHONE_OK;
}

enum phone_rc
phone_parse(const char *s, struct phone *out)
{
	size_t n = strlen(s), off, len, i, nd = 0, nd_open = 0;
	char digits[PHONE_TEXT_MAX], ext[PHONE_EXT_MAX + 1] = "";
	const char *national;
	int32_t cp;
	int plus = 0, open = 0, closed = 0;
	enum phone_rc rc = PHONE_OK;
	char *folded = NULL;

	if (n > PHONE_TEXT_MAX)
		return PHONE_DIGITS;
	if (text_utf8_check(s, n, TEXT_SINGLE_LINE) < 0)
		return PHONE_BAD_CHAR;
	text_trim(s, n, &off, &len);
	if (len == 0)
		return PHONE_EMPTY;
	s += off;
	for (i = 0; i < len;) {
		size_t at = i;

		if (utf8_next(s, len, &i, &cp) < 0)
			return PHONE_BAD_CHAR;
		if (cp >= '0' && cp <= '9') {
			digits[nd++] = (char)cp;
		} else if (cp == '+' && at == 0) {
			plus = 1;
		} else if (cp == '(' && !open) {
			open = 1;
			nd_open = nd;
		} else if (cp == ')' && open && !closed && nd > nd_open) {
			closed = 1;
		} else if (is_separator(cp)) {
			continue;
		} else if (nd >= 10) {
			/* Something after a whole number: it must be an extension. */
			folded = text_fold(s + at, len - at);
			rc = folded ? ext_parse(folded, ext) : PHONE_BAD_CHAR;
			if (rc != PHONE_OK)
				goto out;
			break;
		} else {
			rc = PHONE_BAD_CHAR;
			goto out;
		}
	}
	if (open != closed) {
		rc = PHONE_BAD_CHAR;
		goto out;
	}
	if (plus) {
		if (nd == 0 || digits[0] != '7') {
			rc = nd == 0 ? PHONE_DIGITS : PHONE_COUNTRY;
			goto out;
		}
		if (nd != 11) {
			rc = PHONE_DIGITS;
			goto out;
		}
		national = digits + 1;
	} else if (nd == 11 && (digits[0] == '8' || digits[0] == '7')) {
		national = digits + 1;
	} else if (nd == 10) {
		national = digits;
	} else {
		rc = nd >= 5 && nd <= 7 ? PHONE_LOCAL : PHONE_DIGITS;
		goto out;
	}
	if (!(national[0] == '3' || national[0] == '4' || national[0] == '8' || national[0] == '9')) {
		rc = PHONE_CODE;
		goto out;
	}
	out->e164[0] = '+';
	out->e164[1] = '7';
	memcpy(out->e164 + 2, national, 10);
	out->e164[12] = '\0';
	memcpy(out->ext, ext, sizeof(ext));
out:
	free(folded);
	return rc;
}

const char *
phone_reason(enum phone_rc rc)
{
	switch (rc) {
	case PHONE_OK: return "";
	case PHONE_EMPTY: return "номер телефона не указан; " EXAMPLE;
	case PHONE_BAD_CHAR:
		return "в номере телефона допустимы только цифры, пробелы, дефисы, скобки и добавочный "
		       "(«доб. 123»); " EXAMPLE;
	case PHONE_DIGITS: return "в номере должно быть 10 цифр после +7 или 8; " EXAMPLE;
	case PHONE_LOCAL: return "укажите номер с кодом города; " EXAMPLE;
	case PHONE_COUNTRY: return "принимаются только российские номера (+7); " EXAMPLE;
	case PHONE_CODE: return "такого кода города или оператора в России нет; " EXAMPLE;
	case PHONE_EXT:
		return "добавочный номер — от 1 до 6 цифр после «доб.»; например +7 423 222-22-22 доб. 123";
	case PHONE_RC__MAX: break;
	}
	return "неверный номер телефона; " EXAMPLE;
}
