/*
 * text: the rules for user text, on util/utf8.h (decoding, counting,
 * cutting and case folding live there): what a text field accepts, NFC,
 * trimming, and case-blind equality.
 *
 * Invariants: every function takes a pointer and an explicit byte length, so
 * it never reads past `s + n`; none of them reads a clock, a file or a
 * socket. Valid UTF-8 here means RFC 3629: no overlong forms, no surrogates
 * (U+D800..U+DFFF), nothing above U+10FFFF, and never a NUL byte (svodka's
 * strings are C strings: an embedded NUL would cut them short). Comparisons
 * of user text (hashtags, search) go through text_fold(): NFC normalization
 * followed by Unicode case folding, so «Ё» equals «ё» and «е» + U+0308 equals
 * «ё», while a Latin "o" never equals a Cyrillic «о».
 *
 * Strings returned by text_fold() and text_nfc() are allocated with malloc()
 * and owned by the caller (free()); allocation failure aborts.
 */
#ifndef SVODKA_DOMAIN_TEXT_H
#define SVODKA_DOMAIN_TEXT_H

#include <stddef.h>
#include <stdint.h>

#include "util/utf8.h"

enum text_flags {
	/* Also reject C0 controls other than \t \n \r, and DEL (0x7f). */
	TEXT_NO_CONTROLS = (1 << 0),
	/* Also reject \n and \r (single-line fields); implies TEXT_NO_CONTROLS. */
	TEXT_SINGLE_LINE = (1 << 1),
};

/*
 * Returns 0 when s[0..n) is valid UTF-8 without NUL and, with `flags`, without
 * the control characters they name; -1 otherwise.
 */
__attribute__((warn_unused_result)) int text_utf8_check(const char *s, size_t n, unsigned flags);

/*
 * NFC-normalizes s[0..n) (UTF8PROC_STABLE | UTF8PROC_COMPOSE). Returns a new
 * NUL-terminated string (free() it), or NULL when s is not valid UTF-8.
 */
char *text_nfc(const char *s, size_t n);

/*
 * NFC-normalizes and case-folds s[0..n) (UTF8PROC_STABLE | UTF8PROC_COMPOSE |
 * UTF8PROC_CASEFOLD): the key to compare or index user text by. Returns a new
 * string (free() it), or NULL when s is not valid UTF-8.
 */
char *text_fold(const char *s, size_t n);

/*
 * Returns 1 when NUL-terminated a and b are equal after text_fold(), 0 when
 * they differ or either is not valid UTF-8.
 */
int text_fold_equal(const char *a, const char *b);

/* Returns 1 when cp has the Unicode White_Space property, else 0. */
int text_cp_is_space(int32_t cp);

/*
 * Trims Unicode white space (text_cp_is_space) from both ends of s[0..n):
 * stores the offset of the first kept byte in *off and the kept length in
 * *len. Bytes that do not decode are kept, never trimmed.
 */
void text_trim(const char *s, size_t n, size_t *off, size_t *len);

/*
 * Trims, then NFC-normalizes s[0..n). Returns a new string (free() it), or
 * NULL when s is not valid UTF-8 or breaks `flags` (see text_utf8_check).
 */
char *text_clean(const char *s, size_t n, unsigned flags);

#endif
