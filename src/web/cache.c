/*
 * cache: rendered public pages for anonymous visitors, keyed by path and
 * validated by the version of the data they show. A handler asks the store
 * for the version (one indexed lookup), and when the cache holds the page
 * rendered from that version it answers the bytes without building the model
 * or rendering the template again. Any write bumps the version, so a stale
 * page is never served. Signed-in users always get a fresh render (their
 * page shows who they are and carries their CSRF token).
 */
#include "web/cache.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "util/xalloc.h"

#define CACHE_SLOTS 64
#define CACHE_KEY_MAX 256

struct page {
	int refs; /* the slot's and each reader's; guarded by lock */
	size_t len;
	char data[];
};

struct slot {
	char key[CACHE_KEY_MAX];
	int64_t version;
	struct page *page;
	unsigned long used; /* tick of last use, for eviction */
};

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static struct slot slots[CACHE_SLOTS];
static unsigned long ticks;
static int disabled;

void
cache_disable(void)
{
	disabled = 1;
}

static void
page_unref(struct page *p)
{
	if (p && --p->refs == 0)
		free(p);
}

int
cache_get(const char *key, int64_t version, struct buf *out)
{
	struct page *p = NULL;
	size_t i;
	int rc;

	if (disabled || strlen(key) >= CACHE_KEY_MAX)
		return -1;
	pthread_mutex_lock(&lock);
	for (i = 0; i < CACHE_SLOTS; i++) {
		if (slots[i].page && slots[i].version == version && strcmp(slots[i].key, key) == 0) {
			p = slots[i].page;
			p->refs++;
			slots[i].used = ++ticks;
			break;
		}
	}
	pthread_mutex_unlock(&lock);
	if (p == NULL)
		return -1;
	/* The copy runs outside the lock; the reference keeps the page alive. */
	rc = buf_add(out, p->data, p->len);
	pthread_mutex_lock(&lock);
	page_unref(p);
	pthread_mutex_unlock(&lock);
	return rc;
}

void
cache_put(const char *key, int64_t version, const char *data, size_t len)
{
	struct page *p, *old;
	struct slot *victim = &slots[0];
	size_t i;

	if (disabled || strlen(key) >= CACHE_KEY_MAX)
		return;
	p = xmalloc(sizeof(*p) + len);
	p->refs = 1;
	p->len = len;
	memcpy(p->data, data, len);
	pthread_mutex_lock(&lock);
	for (i = 0; i < CACHE_SLOTS; i++) {
		if (slots[i].page && strcmp(slots[i].key, key) == 0) {
			victim = &slots[i];
			break;
		}
		if (slots[i].used < victim->used)
			victim = &slots[i];
	}
	old = victim->page;
	memcpy(victim->key, key, strlen(key) + 1);
	victim->version = version;
	victim->page = p;
	victim->used = ++ticks;
	page_unref(old);
	pthread_mutex_unlock(&lock);
}

void
cache_clear(void)
{
	size_t i;

	pthread_mutex_lock(&lock);
	for (i = 0; i < CACHE_SLOTS; i++) {
		page_unref(slots[i].page);
		slots[i].page = NULL;
		slots[i].used = 0;
	}
	pthread_mutex_unlock(&lock);
}
