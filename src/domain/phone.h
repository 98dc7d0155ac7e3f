/*
 * phone: Russian telephone numbers as people write them, normalized to
 * +7XXXXXXXXXX (E.164).
 *
 * Accepted: "8 (423) 222-22-22", "+7 423 222 22 22", "8-914-700-00-00",
 * "84232222222", "+7(914)7000000", "7 914 700 00 00", "914 700-00-00" (ten
 * digits without the trunk prefix), with spaces (also no-break and thin
 * spaces), dashes, dots and one pair of parentheses between the digits,
 * and an optional extension after the number: "доб. 123", "доб 123",
 * "д. 123", "ext. 123", "ext 123", "x123", "#123" (1..6 digits), which is kept
 * apart from the number.
 *
 * Rejected: letters or other symbols, fewer or more digits, a '+' with a
 * country code other than 7 ("+380…"), a national number whose first digit
 * is not 3, 4, 8 or 9 (Russia's geographic codes are 3xx/4xx/8xx, mobile
 * 9xx; 6xx and 7xx after +7 are Kazakhstan; 0, 1, 2 and 5 are not
 * assigned), and local numbers without the area code ("222-22-22").
 *
 * Invariants: pure; `out` is written only on success.
 */
#ifndef SVODKA_DOMAIN_PHONE_H
#define SVODKA_DOMAIN_PHONE_H

#include <stddef.h>

#define PHONE_TEXT_MAX 200 /* bytes of input looked at; longer is rejected */
#define PHONE_EXT_MAX 6 /* digits of an extension */

struct phone {
	char e164[13]; /* "+74232222222" */
	char ext[PHONE_EXT_MAX + 1]; /* "123", or "" */
};

enum phone_rc {
	PHONE_OK,
	PHONE_EMPTY, /* nothing but white space */
	PHONE_BAD_CHAR, /* a letter or symbol that has no place in a phone number */
	PHONE_DIGITS, /* too few or too many digits */
	PHONE_LOCAL, /* 5..7 digits: a local number without the area code */
	PHONE_COUNTRY, /* another country's code: "+380…", "+1…" */
	PHONE_CODE, /* the national number starts with 0, 1, 2, 5, 6 or 7 */
	PHONE_EXT, /* a malformed extension */
	PHONE_RC__MAX
};

/* Parses `s` (NUL-terminated) into *out. */
__attribute__((warn_unused_result)) enum phone_rc phone_parse(const char *s, struct phone *out);

/*
 * The reason in Russian with an example of a valid number, without the field:
 * «неверный номер: нужно 10 цифр после +7 или 8, например +7 423 222-22-22
 * или 8 914 700-00-00». Static string; "" for PHONE_OK.
 */
const char *phone_reason(enum phone_rc rc);

#endif
