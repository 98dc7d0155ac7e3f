/*
 * campaign_int: what campaign.c and campaign_field.c share and nobody else
 * sees: the walker that reads a campaign document with a path stack, so
 * that the first error names the exact field ("forms[3].title").
 *
 * Invariants: v->path holds v->len bytes and is NUL-terminated; every push
 * returns the length to pop back to. Once v->failed is set, *v->err holds
 * the first error and later failures change nothing. The readers never
 * change their input; what they store in a destination is a new,
 * normalized value, and allocation failure aborts (util/jsonx.h).
 */
#ifndef SVODKA_DOMAIN_CAMPAIGN_INT_H
#define SVODKA_DOMAIN_CAMPAIGN_INT_H

#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

#include "domain/campaign.h"

struct campaign_vctx {
	struct campaign_error *err;
	char path[128]; /* the field being checked */
	size_t len; /* strlen(path) */
	int failed;
};

enum campaign_str_kind {
	CAMPAIGN_STR_LINE, /* one line, non-empty, ≤ CAMPAIGN_TITLE_MAX */
	CAMPAIGN_STR_TEXT, /* several lines, non-empty, ≤ CAMPAIGN_TEXT_MAX */
	CAMPAIGN_STR_LINE_ANY, /* one line, may be empty */
	CAMPAIGN_STR_RAW_SHORT, /* one line, as is, for codes, dates, URLs */
};

/* Pushes ".key" (or "key" at the top) or "[i]"; returns the old length to pop to. */
size_t campaign_path_key(struct campaign_vctx *v, const char *key);
size_t campaign_path_index(struct campaign_vctx *v, size_t i);
void campaign_path_pop(struct campaign_vctx *v, size_t old);

/* Records the first error at the current path; always returns -1. */
__attribute__((format(printf, 2, 3))) int campaign_fail(struct campaign_vctx *v, const char *fmt, ...);

/* Rejects keys of `o` not in the NULL-terminated `known`: 0 or -1. */
int campaign_known_keys(struct campaign_vctx *v, const json_t *o, const char *const *known);

/*
 * Checks o[key] as a string of `kind`; stores a new cleaned json string in
 * *res. Missing: error when `required`, else *res = NULL and 0.
 */
int campaign_get_string(struct campaign_vctx *v, const json_t *o, const char *key,
			enum campaign_str_kind kind, int required, json_t **res);
/* Checks the date field o[key] into dst[key]; its days go to *days. 0 or -1. */
int campaign_get_date(struct campaign_vctx *v, const json_t *o, const char *key, json_t *dst, int64_t *days);
/* Checks an integer o[key] in [min, max] into dst[key], default `def` when optional. 0 or -1. */
int campaign_get_int(struct campaign_vctx *v, const json_t *o, const char *key, json_int_t min,
		     json_int_t max, int required, json_int_t def, json_t *dst, json_int_t *value);
/* Fetches o[key] as an array of min..max items; NULL with an error otherwise. */
const json_t *campaign_get_array(struct campaign_vctx *v, const json_t *o, const char *key, size_t min,
				 size_t max);
/* Starts element i of an array of objects: pushes the path (to pop to *old), checks the type and keys. */
int campaign_item_begin(struct campaign_vctx *v, const json_t *item, size_t i, const char *const *known,
			size_t *old);

/* The hashtag list o[key] into dst[key]: each valid, no two equal under case folding. 0 or -1. */
int campaign_hashtag_list_check(struct campaign_vctx *v, const json_t *o, const char *key, json_t *dst);
/* Checks in.code into item.code as a code unique among `seen` (an object used as a set). 0 or -1. */
int campaign_code_unique(struct campaign_vctx *v, const json_t *in, json_t *item, json_t *seen);
/* The host names in.hosts into item.hosts: lowercased DNS names, no repeats. 0 or -1. */
int campaign_hosts_check(struct campaign_vctx *v, const json_t *in, json_t *item);

#endif
