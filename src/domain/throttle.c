/*
 * throttle: a fixed table of failure records with a chained hash index and
 * an LRU list, both threaded through the records by index. Each record keeps
 * the times of its last max_failures failures in a ring, which is exactly
 * what the sliding-window rule in throttle.h needs.
 */
#include "domain/throttle.h"

#include <stdlib.h>
#include <string.h>

#include "util/xalloc.h"

#define NONE UINT32_MAX

struct throttle_slot {
	char key[THROTTLE_KEY_MAX + 1]; /* NUL-terminated, cut to THROTTLE_KEY_MAX */
	uint64_t hash; /* of key */
	uint32_t next; /* hash chain, or free list */
	uint32_t prev_lru, next_lru; /* towards the head / the tail */
	unsigned nfail; /* failure times held, ≤ the rule's max_failures */
	unsigned pos; /* next ring index to write */
};

void
throttle_limits_default(struct throttle_limits *limits)
{
	memset(limits, 0, sizeof(*limits));
	limits->capacity = 4096;
	limits->nrules = 2;
	memcpy(limits->rules[0].prefix, "login:", sizeof("login:"));
	limits->rules[0].max_failures = 5;
	limits->rules[0].window = 15 * 60;
	memcpy(limits->rules[1].prefix, "ip:", sizeof("ip:"));
	limits->rules[1].max_failures = 30;
	limits->rules[1].window = 15 * 60;
}

int
throttle_init(struct throttle *t, const struct throttle_limits *limits)
{
	size_t i;
	unsigned ring = 0;

	memset(t, 0, sizeof(*t));
	if (limits->capacity == 0 || limits->capacity > THROTTLE_CAPACITY_MAX || limits->nrules == 0 ||
	    limits->nrules > THROTTLE_RULES_MAX)
		return -1;
	for (i = 0; i < limits->nrules; i++) {
		const struct throttle_rule *r = &limits->rules[i];

		if (memchr(r->prefix, '\0', sizeof(r->prefix)) == NULL || r->max_failures == 0 ||
		    r->max_failures > THROTTLE_FAILURES_MAX || r->window <= 0)
			return -1;
		if (r->max_failures > ring)
			ring = r->max_failures;
	}
	t->limits = *limits;
	t->ring = ring;
	t->nbuckets = 1;
	while (t->nbuckets < limits->capacity)
		t->nbuckets <<= 1;
	t->slots = xcalloc(limits->capacity, sizeof(*t->slots));
	t->times = xcalloc(limits->capacity * ring, sizeof(*t->times));
	t->buckets = xmalloc(t->nbuckets * sizeof(*t->buckets));
	for (i = 0; i < t->nbuckets; i++)
		t->buckets[i] = NONE;
	for (i = 0; i < limits->capacity; i++)
		t->slots[i].next = i + 1 < limits->capacity ? (uint32_t)(i + 1) : NONE;
	t->free_head = 0;
	t->lru_head = t->lru_tail = NONE;
	t->used = 0;
	return 0;
}

void
throttle_release(struct throttle *t)
{
	free(t->slots);
	free(t->times);
	free(t->buckets);
	memset(t, 0, sizeof(*t));
}

static const struct throttle_rule *
rule_find(const struct throttle *t, const char *key)
{
	size_t i;

	for (i = 0; i < t->limits.nrules; i++) {
		const char *p = t->limits.rules[i].prefix;

		if (strncmp(key, p, strlen(p)) == 0)
			return &t->limits.rules[i];
	}
	return NULL;
}

/* FNV-1a over the seed and the key, then a 64-bit finalizer to spread the bits. */
static uint64_t
key_hash(uint64_t seed, const char *key, size_t n)
{
	uint64_t h = 0xcbf29ce484222325u ^ seed;
	size_t i;

	for (i = 0; i < n; i++) {
		h ^= (unsigned char)key[i];
		h *= 0x100000001b3u;
	}
	h ^= h >> 33;
	h *= 0xff51afd7ed558ccdu;
	h ^= h >> 33;
	return h;
}

static size_t
key_len(const char *key)
{
	return strnlen(key, THROTTLE_KEY_MAX);
}

static uint32_t
slot_find(const struct throttle *t, const char *key, size_t n, uint64_t h)
{
	uint32_t i = t->buckets[h & (t->nbuckets - 1)];

	while (i != NONE) {
		const struct throttle_slot *s = &t->slots[i];

		if (s->hash == h && strncmp(s->key, key, n) == 0 && s->key[n] == '\0')
			return i;
		i = s->next;
	}
	return NONE;
}

static void
lru_unlink(struct throttle *t, uint32_t i)
{
	struct throttle_slot *s = &t->slots[i];

	if (s->prev_lru != NONE)
		t->slots[s->prev_lru].next_lru = s->next_lru;
	else
		t->lru_head = s->next_lru;
	if (s->next_lru != NONE)
		t->slots[s->next_lru].prev_lru = s->prev_lru;
	else
		t->lru_tail = s->prev_lru;
	s->prev_lru = s->next_lru = NONE;
}

static void
lru_push_head(struct throttle *t, uint32_t i)
{
	struct throttle_slot *s = &t->slots[i];

	s->prev_lru = NONE;
	s->next_lru = t->lru_head;
	if (t->lru_head != NONE)
		t->slots[t->lru_head].prev_lru = i;
	t->lru_head = i;
	if (t->lru_tail == NONE)
		t->lru_tail = i;
}

/* Takes record i out of the index and the LRU list and puts it on the free list. */
static void
slot_remove(struct throttle *t, uint32_t i)
{
	struct throttle_slot *s = &t->slots[i];
	uint32_t *link = &t->buckets[s->hash & (t->nbuckets - 1)];

	while (*link != i)
		link = &t->slots[*link].next;
	*link = s->next;
	lru_unlink(t, i);
	memset(s, 0, sizeof(*s));
	s->next = t->free_head;
	t->free_head = i;
	t->used--;
}

enum throttle_rc
throttle_check(const struct throttle *t, const char *key, int64_t now, int64_t *retry_after)
{
	const struct throttle_rule *r = rule_find(t, key);
	const struct throttle_slot *s;
	size_t n = key_len(key);
	uint32_t i;
	int64_t oldest, until;

	if (retry_after != NULL)
		*retry_after = 0;
	if (r == NULL)
		return THROTTLE_ALLOWED;
	i = slot_find(t, key, n, key_hash(t->limits.seed, key, n));
	if (i == NONE)
		return THROTTLE_ALLOWED;
	s = &t->slots[i];
	if (s->nfail < r->max_failures)
		return THROTTLE_ALLOWED;
	/* The ring is full: pos is the oldest of the last max_failures failures. */
	oldest = t->times[(size_t)i * t->ring + s->pos];
	if (__builtin_add_overflow(oldest, r->window, &until))
		until = INT64_MAX;
	if (until <= now)
		return THROTTLE_ALLOWED;
	if (retry_after != NULL)
		*retry_after = until - now;
	return THROTTLE_BLOCKED;
}

void
throttle_fail(struct throttle *t, const char *key, int64_t now)
{
	const struct throttle_rule *r = rule_find(t, key);
	struct throttle_slot *s;
	size_t n = key_len(key);
	uint64_t h;
	uint32_t i;

	if (r == NULL)
		return;
	h = key_hash(t->limits.seed, key, n);
	i = slot_find(t, key, n, h);
	if (i == NONE) {
		if (t->free_head == NONE)
			slot_remove(t, t->lru_tail); /* full: evict the least recently touched */
		i = t->free_head;
		s = &t->slots[i];
		t->free_head = s->next;
		memcpy(s->key, key, n);
		s->key[n] = '\0';
		s->hash = h;
		s->nfail = 0;
		s->pos = 0;
		s->next = t->buckets[h & (t->nbuckets - 1)];
		t->buckets[h & (t->nbuckets - 1)] = i;
		s->prev_lru = s->next_lru = NONE;
		t->used++;
	} else {
		s = &t->slots[i];
		lru_unlink(t, i);
	}
	lru_push_head(t, i);
	t->times[(size_t)i * t->ring + s->pos] = now;
	s->pos = (s->pos + 1) % r->max_failures;
	if (s->nfail < r->max_failures)
		s->nfail++;
}

void
throttle_success(struct throttle *t, const char *key)
{
	size_t n = key_len(key);
	uint32_t i = slot_find(t, key, n, key_hash(t->limits.seed, key, n));

	if (i != NONE)
		slot_remove(t, i);
}

size_t
throttle_size(const struct throttle *t)
{
	return t->used;
}
