/*
 * inn: check digits of the INN, OGRN and OGRNIP (see inn.h). The weights and
 * moduli are those of the Federal Tax Service's published rules.
 */
#include "domain/inn.h"

#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "domain/text.h"

/*
 * Trims `s` and copies its digits to out. Returns INN_OK with *n set, or the
 * reason it is not a run of 1..INN_TEXT_MAX-1 ASCII digits.
 */
static enum inn_rc
digits_take(const char *s, char out[INN_TEXT_MAX], size_t *n)
{
	size_t off, len, i;

	text_trim(s, strlen(s), &off, &len);
	if (len == 0)
		return INN_EMPTY;
	for (i = 0; i < len; i++) {
		if (s[off + i] < '0' || s[off + i] > '9')
			return INN_NOT_DIGITS;
	}
	if (len >= INN_TEXT_MAX)
		return INN_LENGTH;
	memcpy(out, s + off, len);
	out[len] = '\0';
	*n = len;
	for (i = 0; i < len; i++) {
		if (out[i] != '0')
			return INN_OK;
	}
	return INN_ZEROS;
}

/* sum(weights[i] * digit i) mod 11 mod 10: one INN check digit. */
static int
inn_digit(const char *d, const int *weights, size_t n)
{
	int sum = 0;
	size_t i;

	for (i = 0; i < n; i++)
		sum += weights[i] * (d[i] - '0');
	return sum % 11 % 10;
}

/* The first n digits of d as a number, modulo m (n ≤ 14 fits in uint64). */
static unsigned
mod_of(const char *d, size_t n, unsigned m)
{
	uint64_t v = 0;
	size_t i;

	for (i = 0; i < n; i++)
		v = v * 10 + (uint64_t)(d[i] - '0');
	return (unsigned)(v % m);
}

enum inn_rc
inn_check(const char *s, char out[INN_TEXT_MAX])
{
	static const int w10[] = {2, 4, 10, 3, 5, 9, 4, 6, 8};
	static const int w11[] = {7, 2, 4, 10, 3, 5, 9, 4, 6, 8};
	static const int w12[] = {3, 7, 2, 4, 10, 3, 5, 9, 4, 6, 8};
	char d[INN_TEXT_MAX];
	size_t n = 0;
	enum inn_rc rc = digits_take(s, d, &n);

	if (rc == INN_LENGTH || (rc == INN_OK && n != 10 && n != 12) ||
	    (rc == INN_ZEROS && n != 10 && n != 12))
		return INN_LENGTH;
	if (rc != INN_OK)
		return rc;
	if (n == 10) {
		if (inn_digit(d, w10, 9) != d[9] - '0')
			return INN_CHECKSUM;
	} else {
		if (inn_digit(d, w11, 10) != d[10] - '0' || inn_digit(d, w12, 11) != d[11] - '0')
			return INN_CHECKSUM;
	}
	memcpy(out, d, n + 1);
	return INN_OK;
}

/* OGRN and OGRNIP: `len` digits, the first len-1 mod m, last digit, is the last. */
static enum inn_rc
registry_check(const char *s, char out[INN_TEXT_MAX], size_t len, unsigned m)
{
	char d[INN_TEXT_MAX];
	size_t n = 0;
	enum inn_rc rc = digits_take(s, d, &n);

	if (rc == INN_LENGTH || ((rc == INN_OK || rc == INN_ZEROS) && n != len))
		return INN_LENGTH;
	if (rc != INN_OK)
		return rc;
	if (mod_of(d, len - 1, m) % 10 != (unsigned)(d[len - 1] - '0'))
		return INN_CHECKSUM;
	memcpy(out, d, n + 1);
	return INN_OK;
}

enum inn_rc
inn_ogrn_check(const char *s, char out[INN_TEXT_MAX])
{
	return registry_check(s, out, 13, 11);
}

enum inn_rc
inn_ogrnip_check(const char *s, char out[INN_TEXT_MAX])
{
	return registry_check(s, out, 15, 13);
}

const char *
inn_reason(enum inn_rc rc, const char *what)
{
	int ogrn = strcmp(what, "ОГРН") == 0, ogrnip = strcmp(what, "ОГРНИП") == 0;

	switch (rc) {
	case INN_OK: return "";
	case INN_EMPTY: return "номер не указан";
	case INN_NOT_DIGITS: return "номер должен состоять только из цифр";
	case INN_LENGTH:
		return ogrn     ? "номер должен состоять из 13 цифр"
		       : ogrnip ? "номер должен состоять из 15 цифр"
				: "номер должен состоять из 10 цифр (организация) или 12 цифр (ИП)";
	case INN_ZEROS: return "номер не может состоять из одних нулей";
	case INN_CHECKSUM: return "не сходится контрольная цифра — проверьте номер";
	case INN_RC__MAX: break;
	}
	return "неверный номер";
}

int
inn_message(enum inn_rc rc, const char *what, const char *s, char *out, size_t outsz)
{
	size_t off, len, i;
	int show = 1, r;

	text_trim(s, strlen(s), &off, &len);
	if (len == 0 || len > 20)
		show = 0;
	for (i = 0; show && i < len; i++) {
		if ((unsigned char)s[off + i] <= 0x20 || (unsigned char)s[off + i] >= 0x7f)
			show = 0;
	}
	if (show)
		r = snprintf(out, outsz, "%s %.*s: %s", what, (int)len, s + off, inn_reason(rc, what));
	else
		r = snprintf(out, outsz, "%s: %s", what, inn_reason(rc, what));
	return r < 0 || (size_t)r >= outsz ? -1 : 0;
}
