/*
 * xalloc: allocation that aborts on failure. Every input svodka reads is
 * size-capped, so running out of memory cannot be driven from outside; a
 * failed allocation is a fault of the machine and ends the process.
 */
#ifndef SVODKA_UTIL_XALLOC_H
#define SVODKA_UTIL_XALLOC_H

#include <stddef.h>

void *xmalloc(size_t n);
void *xcalloc(size_t nmemb, size_t n);
void *xrealloc(void *p, size_t n);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);

#endif
