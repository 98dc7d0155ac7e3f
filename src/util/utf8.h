/*
 * utf8: the one UTF-8 module of svodka. Every layer that looks inside UTF-8
 * text calls it: strict decoding and validation, counting code points and
 * user-perceived characters, cutting on a character boundary, encoding a
 * code point, and the case-fold key that user text is matched and sorted
 * by. No other file decodes UTF-8 by hand (scripts/checksrc.sh checks it).
 *
 * Invariants: every function takes a pointer and an explicit byte length,
 * so it never reads past `s + n`; nothing here reads a clock, a file or a
 * socket. Valid UTF-8 means RFC 3629: no overlong forms, no surrogates
 * (U+D800..U+DFFF), nothing above U+10FFFF. The checked functions below
 * also refuse a NUL byte (svodka's strings are C strings); utf8_next()
 * decodes it as code point 0 and lets the caller decide.
 *
 * Strings returned by utf8_nfc(), utf8_casefold() and utf8_fold_key() are
 * allocated with malloc() and owned by the caller (free()); allocation
 * failure aborts (util/xalloc.h).
 */
#ifndef SVODKA_UTIL_UTF8_H
#define SVODKA_UTIL_UTF8_H

#include <stddef.h>
#include <stdint.h>

#define UTF8_SEQ_MAX 4 /* bytes of the longest sequence */

/*
 * Decodes the code point at s[*i] (*i < n), stores it in *cp and advances
 * *i past it. Returns 0, or -1 on an invalid or truncated sequence (then *i
 * and *cp are unchanged).
 */
__attribute__((warn_unused_result)) int utf8_next(const char *s, size_t n, size_t *i, int32_t *cp);

/* Returns 0 when s[0..n) is valid UTF-8 without NUL, -1 otherwise. */
__attribute__((warn_unused_result)) int utf8_valid(const char *s, size_t n);

/* Stores the number of code points of s[0..n) in *count: 0, or -1 when invalid or holding NUL. */
__attribute__((warn_unused_result)) int utf8_count(const char *s, size_t n, size_t *count);

/*
 * Stores the number of user-perceived characters (extended grapheme
 * clusters, Unicode UAX #29, utf8proc_grapheme_break_stateful) of s[0..n)
 * in *count: «ё» is one whether typed as U+0451 or as «е» + U+0308, «✈️»
 * (U+2708 U+FE0F) is one, a ZWJ family and a flag are one each. This is
 * what a length limit on text a person types counts and what its message
 * calls «символов». Returns 0, or -1 when s is not valid UTF-8 or holds NUL.
 */
__attribute__((warn_unused_result)) int utf8_grapheme_count(const char *s, size_t n, size_t *count);

/*
 * For display widths of text that may not be checked: the number of code
 * points of s[0..n), each byte that does not decode counting as one.
 */
size_t utf8_length(const char *s, size_t n);

/*
 * The byte length of the first `count` code points of s[0..n) (all of it
 * when it has fewer), each byte that does not decode counting as one.
 */
size_t utf8_prefix(const char *s, size_t n, size_t count);

/*
 * The offset of the first byte of the sequence that ends at i (0 < i ≤ n):
 * i - 1 stepped back over at most three continuation bytes. The caller
 * decodes there (utf8_next) to learn whether it is one character.
 */
size_t utf8_prev(const char *s, size_t i);

/*
 * The length of the longest prefix of s[0..n) of at most max bytes that
 * does not end inside a UTF-8 sequence: what to keep when a value must be
 * shortened to fit a message or a buffer. Also mends a string that was
 * already cut (snprintf's truncation): utf8_fit(s, n, n) drops a trailing
 * incomplete sequence.
 */
size_t utf8_fit(const char *s, size_t n, size_t max);

/*
 * Writes code point cp as UTF-8 to out (UTF8_SEQ_MAX bytes). Returns the
 * number of bytes written, or 0 when cp is a surrogate, negative or above
 * U+10FFFF.
 */
size_t utf8_encode(int32_t cp, char out[UTF8_SEQ_MAX]);

/*
 * NFC-normalizes s[0..n) (utf8proc: STABLE | COMPOSE). Returns a new
 * NUL-terminated string (free() it), or NULL when s is not valid UTF-8.
 */
char *utf8_nfc(const char *s, size_t n);

/*
 * NFC-normalizes and case-folds s[0..n) (utf8proc: STABLE | COMPOSE |
 * CASEFOLD), Unicode's full case folding: «Ё» and «ё» fold alike, so do
 * «Straße» and «STRASSE», «Ґ» and «ґ», «Σ» and «ς». Returns a new string
 * (free() it), or NULL when s is not valid UTF-8.
 */
char *utf8_casefold(const char *s, size_t n);

/*
 * The collation key of user text: utf8_casefold() with «ё» read as «е»
 * (the way Russian dictionaries order and people type it). Two names match
 * when their keys are equal; memcmp (strcmp) on keys orders names case
 * blind, in code point order of the folded letters, so Cyrillic sorts
 * А..Я with Ё among the Е, and Latin-extended, Greek and Ukrainian letters
 * sort by their folded forms. Returns a new string (free() it), or NULL
 * when s is not valid UTF-8.
 */
char *utf8_fold_key(const char *s, size_t n);

#endif
