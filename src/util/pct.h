/*
 * pct: the one percent-decoder (RFC 3986 §2.1) of svodka, for request
 * paths and for application/x-www-form-urlencoded bodies and queries.
 *
 * Invariants: the output is never longer than the input, so a caller's
 * buffer of len + 1 bytes always suffices; an escape is '%' and exactly two
 * hex digits (either case), anything else after '%' ("%", "%4", "%zz") is
 * refused, never passed through. The decoder knows nothing of UTF-8: the
 * bytes it produces are the caller's to check.
 */
#ifndef SVODKA_UTIL_PCT_H
#define SVODKA_UTIL_PCT_H

#include <stddef.h>

enum pct_flags {
	/* '+' decodes as a space (form encoding); without it '+' stays '+' (paths). */
	PCT_PLUS_SPACE = (1 << 0),
	/* Refuse "%00": the result is a C string that must not be cut short. */
	PCT_NO_NUL = (1 << 1),
};

/*
 * Decodes s[0..len) into out (at least len + 1 bytes), NUL-terminated, and
 * stores the decoded length in *outlen (may be NULL). Returns 0, or -1 on
 * a bad escape or, with PCT_NO_NUL, an escaped NUL; out then holds garbage.
 */
__attribute__((warn_unused_result)) int pct_decode(const char *s, size_t len, unsigned flags, char *out,
						   size_t *outlen);

#endif
