/*
 * buf: the one growable byte buffer of svodka.
 *
 * Invariants: `data` is never NULL and always NUL-terminated (an empty buffer
 * points at a shared empty string until the first add); `len` never exceeds
 * `max`. Every adder refuses, returning -1 and leaving the buffer unchanged,
 * when the result would pass `max`: the caller turns that into a clear answer
 * (413, "export too large"). Allocation failure aborts (see util/xalloc.h).
 */
#ifndef SVODKA_UTIL_BUF_H
#define SVODKA_UTIL_BUF_H

#include <stdarg.h>
#include <stddef.h>

struct buf {
	char *data; /* never NULL, NUL-terminated */
	size_t len; /* bytes used, without the NUL */
	size_t cap; /* bytes allocated, 0 while data is the empty string */
	size_t max; /* hard limit on len */
};

#define BUF_MAX_DEFAULT ((size_t)64 << 20)

void buf_init(struct buf *b, size_t max);
void buf_release(struct buf *b);
void buf_reset(struct buf *b);

__attribute__((warn_unused_result)) int buf_add(struct buf *b, const void *p, size_t n);
__attribute__((warn_unused_result)) int buf_adds(struct buf *b, const char *s);
__attribute__((warn_unused_result)) int buf_addc(struct buf *b, char c);
__attribute__((warn_unused_result, format(printf, 2, 3))) int buf_addf(struct buf *b, const char *fmt, ...);
__attribute__((warn_unused_result, format(printf, 2, 0))) int buf_vaddf(struct buf *b, const char *fmt,
									va_list ap);

/* Appends `s` with &, <, >, ", ', `, = escaped for HTML text and attributes. */
__attribute__((warn_unused_result)) int buf_add_html(struct buf *b, const char *s, size_t n);

/*
 * Hands the bytes to the caller, who frees them with free(); the buffer is
 * left empty and may be reused. Never returns NULL.
 */
char *buf_detach(struct buf *b, size_t *len);

#endif
