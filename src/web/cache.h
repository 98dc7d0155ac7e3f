/*
 * cache: rendered public pages for anonymous visitors, validated by the
 * version of the data behind them (see cache.c). Thread-safe.
 */
#ifndef SVODKA_WEB_CACHE_H
#define SVODKA_WEB_CACHE_H

#include <stddef.h>
#include <stdint.h>

#include "util/buf.h"

/* Appends the page cached under key for exactly this version: 0, or -1 (miss). */
__attribute__((warn_unused_result)) int cache_get(const char *key, int64_t version, struct buf *out);
/* Stores a copy of the page rendered from version, replacing older ones. */
void cache_put(const char *key, int64_t version, const char *data, size_t len);
/* Frees every page (at shutdown). */
void cache_clear(void);
/* Turns caching off (templates served from disk while developing). */
void cache_disable(void);

#endif
