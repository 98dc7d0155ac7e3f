/*
 * inn: Russian tax and registry numbers with their check digits: the INN
 * (ИНН, 10 digits for an organization, 12 for an individual entrepreneur),
 * the OGRN (ОГРН, 13 digits) and the OGRNIP (ОГРНИП, 15 digits).
 *
 * Invariants: the functions take a NUL-terminated string, tolerate Unicode
 * white space around the number (never inside it) and write the bare digits
 * to `out` (at least INN_TEXT_MAX bytes) only on success. A number of all
 * zeros is rejected even where its check digit would match. Nothing here
 * reads a clock or does I/O; the messages are Russian and carry no field
 * name, so a caller can put «Организация 3, поле «ИНН»: » in front.
 */
#ifndef SVODKA_DOMAIN_INN_H
#define SVODKA_DOMAIN_INN_H

#include <stddef.h>

#define INN_TEXT_MAX 16 /* 15 digits of an OGRNIP and the NUL */
#define INN_MESSAGE_MAX 200 /* bytes of a message with the number, NUL included */

enum inn_rc {
	INN_OK,
	INN_EMPTY, /* nothing but white space */
	INN_NOT_DIGITS, /* a character other than 0-9 inside */
	INN_LENGTH, /* not 10 or 12 digits (13 for OGRN, 15 for OGRNIP) */
	INN_ZEROS, /* all zeros */
	INN_CHECKSUM, /* the check digit(s) do not match */
	INN_RC__MAX
};

/* Checks an INN of 10 or 12 digits; on INN_OK writes the digits to `out`. */
__attribute__((warn_unused_result)) enum inn_rc inn_check(const char *s, char out[INN_TEXT_MAX]);

/* Checks an OGRN (13 digits: the first 12 mod 11, last digit, is digit 13). */
__attribute__((warn_unused_result)) enum inn_rc inn_ogrn_check(const char *s, char out[INN_TEXT_MAX]);

/* Checks an OGRNIP (15 digits: the first 14 mod 13, last digit, is digit 15). */
__attribute__((warn_unused_result)) enum inn_rc inn_ogrnip_check(const char *s, char out[INN_TEXT_MAX]);

/*
 * The reason for `rc` in Russian, without the field or the number: «должен
 * состоять из 10 или 12 цифр», «не сходится контрольная цифра — проверьте
 * номер». `what` says which number: "ИНН", "ОГРН" or "ОГРНИП" (it picks the
 * lengths named). Static string; "" for INN_OK.
 */
const char *inn_reason(enum inn_rc rc, const char *what);

/*
 * Writes the full message «ИНН 2540000001: не сходится контрольная цифра —
 * проверьте номер» for number `s` (trimmed, shown only when it is at most
 * 20 printable ASCII bytes) to out. Returns 0, or -1 when outsz is too small.
 */
__attribute__((warn_unused_result)) int inn_message(enum inn_rc rc, const char *what, const char *s,
						    char *out, size_t outsz);

#endif
