/*
 * jsonx: building jansson values where a failure can only be an allocation
 * failure (every string handed in is valid UTF-8, every key new), so it
 * aborts like the rest of util/xalloc.h. Header only: the callers link
 * jansson themselves.
 */
#ifndef SVODKA_UTIL_JSONX_H
#define SVODKA_UTIL_JSONX_H

#include <jansson.h>
#include <stdlib.h>

/* The string member key of obj, or NULL (not an object, no such key, not a string). */
static inline const char *
jx_get_str(const json_t *obj, const char *key)
{
	return json_string_value(json_object_get(obj, key));
}

/* Sets obj[key] = v, taking the reference to v. */
static inline void
jx_set(json_t *obj, const char *key, json_t *v)
{
	if (v == NULL || json_object_set_new(obj, key, v) < 0)
		abort();
}

/* Appends v to arr, taking the reference to v. */
static inline void
jx_append(json_t *arr, json_t *v)
{
	if (v == NULL || json_array_append_new(arr, v) < 0)
		abort();
}

/* A new string value of s (valid UTF-8). */
static inline json_t *
jx_str(const char *s)
{
	json_t *j = json_string(s);

	if (j == NULL)
		abort();
	return j;
}

/* A string value of s, or JSON null when s is NULL (an optional column or field). */
static inline json_t *
jx_str_or_null(const char *s)
{
	json_t *j = s ? json_string(s) : json_null();

	if (j == NULL)
		abort();
	return j;
}

static inline json_t *
jx_int(json_int_t v)
{
	json_t *j = json_integer(v);

	if (j == NULL)
		abort();
	return j;
}

static inline json_t *
jx_bool(int v)
{
	return v ? json_true() : json_false();
}

static inline json_t *
jx_obj(void)
{
	json_t *o = json_object();

	if (o == NULL)
		abort();
	return o;
}

static inline json_t *
jx_arr(void)
{
	json_t *a = json_array();

	if (a == NULL)
		abort();
	return a;
}

#endif
