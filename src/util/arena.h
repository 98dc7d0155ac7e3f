/*
 * arena: a per-request memory pool. Everything allocated from it dies at
 * once in arena_free(); callers never free single allocations. Deferred
 * cleanups (json_decref of a model, closing a file) run in reverse order of
 * registration when the arena is freed. Allocation failure aborts.
 */
#ifndef SVODKA_UTIL_ARENA_H
#define SVODKA_UTIL_ARENA_H

#include <stdarg.h>
#include <stddef.h>

struct arena;

struct arena *arena_new(void);
void arena_free(struct arena *a); /* NULL is a no-op */

void *arena_alloc(struct arena *a, size_t n); /* zeroed, aligned to 16 */
char *arena_strdup(struct arena *a, const char *s);
char *arena_strndup(struct arena *a, const char *s, size_t n);
char *arena_printf(struct arena *a, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Runs fn(p) when the arena is freed. */
void arena_defer(struct arena *a, void (*fn)(void *), void *p);

/* Bytes handed out so far (for limits and tests). */
size_t arena_used(const struct arena *a);

#endif
