/*
 * throttle: failed sign-in throttling, as pure bookkeeping.
 *
 * Invariants: a throttle is a fixed-capacity table of records keyed by a
 * string (the caller uses "login:NAME" and "ip:ADDR"); it never grows after
 * throttle_init(), and when it is full the record touched least recently is
 * evicted. Each key is governed by the first rule whose prefix begins it; a
 * key that matches no rule is never blocked and never recorded. A key is
 * blocked at `now` when its rule's `max_failures` most recent failures all
 * happened within the last `window` seconds, i.e. the max_failures-th most
 * recent failure f satisfies f + window > now; it is allowed again at
 * f + window exactly. Time is passed in (Unix seconds); nothing here reads
 * a clock.
 *
 * Keys longer than THROTTLE_KEY_MAX bytes are cut to that length, so two such
 * keys that share their first THROTTLE_KEY_MAX bytes share a record (which
 * only makes throttling stricter).
 *
 * No locking inside: a throttle is shared by all request threads, so the
 * caller holds one mutex around every call.
 */
#ifndef SVODKA_DOMAIN_THROTTLE_H
#define SVODKA_DOMAIN_THROTTLE_H

#include <stddef.h>
#include <stdint.h>

#define THROTTLE_KEY_MAX 127 /* bytes kept of a key */
#define THROTTLE_FAILURES_MAX 64 /* upper bound of a rule's max_failures */
#define THROTTLE_RULES_MAX 4 /* rules per table */
#define THROTTLE_PREFIX_MAX 16 /* bytes of a rule prefix, with the NUL */
#define THROTTLE_CAPACITY_MAX (1u << 20)

struct throttle_rule {
	char prefix[THROTTLE_PREFIX_MAX]; /* "login:", "ip:"; "" matches every key */
	unsigned max_failures; /* 1..THROTTLE_FAILURES_MAX */
	int64_t window; /* seconds, > 0 */
};

struct throttle_limits {
	size_t capacity; /* records, 1..THROTTLE_CAPACITY_MAX */
	size_t nrules; /* 1..THROTTLE_RULES_MAX */
	struct throttle_rule rules[THROTTLE_RULES_MAX]; /* first match wins */
	uint64_t seed; /* mixed into key hashing: pass random bytes */
};

struct throttle_slot; /* private to throttle.c */

struct throttle {
	struct throttle_limits limits;
	struct throttle_slot *slots; /* capacity records */
	int64_t *times; /* capacity * ring failure times */
	uint32_t *buckets; /* nbuckets chain heads, UINT32_MAX = empty */
	size_t nbuckets; /* power of two */
	unsigned ring; /* largest max_failures over the rules */
	uint32_t lru_head, lru_tail; /* most and least recently touched record */
	uint32_t free_head; /* chain of unused records */
	size_t used; /* records in use */
};

enum throttle_rc { THROTTLE_ALLOWED, THROTTLE_BLOCKED };

/*
 * svodka's policy: 4096 records; "login:" at most 5 failures per 15 minutes,
 * "ip:" at most 30 failures per 15 minutes. The seed is left 0: set it.
 */
void throttle_limits_default(struct throttle_limits *limits);

/* Allocates the table. Returns 0, or -1 when `limits` are out of range. */
__attribute__((warn_unused_result)) int throttle_init(struct throttle *t,
						      const struct throttle_limits *limits);
void throttle_release(struct throttle *t);

/*
 * May `key` try to sign in at `now`? On THROTTLE_BLOCKED, *retry_after (if
 * not NULL) gets the seconds until it may (always ≥ 1); on THROTTLE_ALLOWED
 * it gets 0. Does not change the table.
 */
enum throttle_rc throttle_check(const struct throttle *t, const char *key, int64_t now, int64_t *retry_after);

/* Records a failed attempt of `key` at `now`. */
void throttle_fail(struct throttle *t, const char *key, int64_t now);

/* Forgets the failures of `key` (after a successful sign-in). */
void throttle_success(struct throttle *t, const char *key);

/* Records in use (for tests and metrics). */
size_t throttle_size(const struct throttle *t);

#endif
