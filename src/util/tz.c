/*
 * tz: a small TZif reader (RFC 8536) with a per-process cache of zones.
 * Only the transition times and their UTC offsets are kept.
 */
#include "util/tz.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/file.h"
#include "util/xalloc.h"

#define TZ_DIR "/usr/share/zoneinfo"
#define TZ_FILE_MAX (1u << 20)
#define TZ_CACHE 32

struct zone {
	char *name;
	size_t n; /* transitions */
	int64_t *at; /* transition instants, ascending */
	int32_t *off; /* offset from each transition on */
	int32_t first; /* offset before the first transition */
};

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static struct zone *zones[TZ_CACHE];
static size_t nzones;

static int64_t
be(const unsigned char *p, int bytes)
{
	uint64_t v = 0;
	int i;

	for (i = 0; i < bytes; i++)
		v = v << 8 | p[i];
	if (bytes == 4)
		return (int32_t)(uint32_t)v;
	return (int64_t)v;
}

/* Zone names: Area/Location of letters, digits, '_', '-', '+', '/'; no "..". */
static int
name_ok(const char *s)
{
	const char *c;

	if (*s == '\0' || *s == '/' || strstr(s, "..") || strlen(s) > 64)
		return 0;
	for (c = s; *c; c++)
		if (!((*c >= 'A' && *c <= 'Z') || (*c >= 'a' && *c <= 'z') || (*c >= '0' && *c <= '9') ||
		      *c == '_' || *c == '-' || *c == '+' || *c == '/'))
			return 0;
	return 1;
}

/* The TZif file at path, at least a header long: NULL if not one. */
static unsigned char *
slurp(const char *path, size_t *len)
{
	char *data = file_read(path, TZ_FILE_MAX, len);

	if (data != NULL && *len < 44) {
		free(data);
		return NULL;
	}
	return (unsigned char *)data;
}

/*
 * Parses one data block starting at p (header included) with times of
 * tbytes (4 for version 1, 8 for version 2+). Returns the block's end, or
 * NULL when the file is short or inconsistent.
 */
static const unsigned char *
parse_block(const unsigned char *p, const unsigned char *end, int tbytes, struct zone *z)
{
	int64_t isut, isstd, leap, timecnt, typecnt, charcnt;
	const unsigned char *times, *idx, *types;
	size_t need, i;

	if (end - p < 44 || memcmp(p, "TZif", 4) != 0)
		return NULL;
	isut = be(p + 20, 4);
	isstd = be(p + 24, 4);
	leap = be(p + 28, 4);
	timecnt = be(p + 32, 4);
	typecnt = be(p + 36, 4);
	charcnt = be(p + 40, 4);
	if (isut < 0 || isstd < 0 || leap < 0 || timecnt < 0 || typecnt < 1 || typecnt > 256 || charcnt < 0)
		return NULL;
	need = (size_t)timecnt * ((size_t)tbytes + 1) + (size_t)typecnt * 6 + (size_t)charcnt +
	       (size_t)leap * ((size_t)tbytes + 4) + (size_t)isstd + (size_t)isut;
	p += 44;
	if ((size_t)(end - p) < need)
		return NULL;
	times = p;
	idx = times + timecnt * tbytes;
	types = idx + timecnt;
	free(z->at);
	free(z->off);
	z->n = (size_t)timecnt;
	z->at = xcalloc(z->n + 1, sizeof(*z->at));
	z->off = xcalloc(z->n + 1, sizeof(*z->off));
	for (i = 0; i < z->n; i++) {
		if (idx[i] >= typecnt)
			return NULL;
		z->at[i] = be(times + i * (size_t)tbytes, tbytes);
		z->off[i] = (int32_t)be(types + idx[i] * 6, 4);
	}
	/* Before the first transition: the first type that is not daylight time. */
	z->first = (int32_t)be(types, 4);
	for (i = 0; i < (size_t)typecnt; i++)
		if (types[i * 6 + 4] == 0) {
			z->first = (int32_t)be(types + i * 6, 4);
			break;
		}
	return p + need;
}

static void
zone_free(struct zone *z)
{
	if (z == NULL)
		return;
	free(z->name);
	free(z->at);
	free(z->off);
	free(z);
}

static struct zone *
zone_load(const char *name)
{
	char path[256];
	unsigned char *data;
	const unsigned char *next;
	struct zone *z;
	size_t len;

	if (!name_ok(name) || snprintf(path, sizeof(path), "%s/%s", TZ_DIR, name) >= (int)sizeof(path))
		return NULL;
	if ((data = slurp(path, &len)) == NULL)
		return NULL;
	z = xcalloc(1, sizeof(*z));
	next = parse_block(data, data + len, 4, z);
	/* Version 2 and later repeat the data with 64-bit times: prefer those. */
	if (next && data[4] >= '2' && parse_block(next, data + len, 8, z) == NULL)
		next = NULL;
	free(data);
	if (next == NULL) {
		zone_free(z);
		return NULL;
	}
	z->name = xstrdup(name);
	return z;
}

int
tz_offset(const char *zone, int64_t instant, int *offset)
{
	struct zone *z = NULL;
	size_t i, lo, hi;

	pthread_mutex_lock(&lock);
	for (i = 0; i < nzones; i++)
		if (strcmp(zones[i]->name, zone) == 0)
			z = zones[i];
	if (z == NULL && nzones < TZ_CACHE && (z = zone_load(zone)) != NULL)
		zones[nzones++] = z;
	pthread_mutex_unlock(&lock);
	if (z == NULL)
		return -1;
	/* Zones are never changed once cached, so the search needs no lock. */
	if (z->n == 0 || instant < z->at[0]) {
		*offset = z->first;
		return 0;
	}
	lo = 0;
	hi = z->n;
	while (hi - lo > 1) {
		size_t mid = lo + (hi - lo) / 2;

		if (z->at[mid] <= instant)
			lo = mid;
		else
			hi = mid;
	}
	*offset = z->off[lo];
	return 0;
}

void
tz_release(void)
{
	size_t i;

	pthread_mutex_lock(&lock);
	for (i = 0; i < nzones; i++)
		zone_free(zones[i]);
	nzones = 0;
	pthread_mutex_unlock(&lock);
}
