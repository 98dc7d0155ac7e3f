/*
 * mail_int: what the files of mail/ share and nobody else needs. Header
 * only.
 */
#ifndef SVODKA_MAIL_INT_H
#define SVODKA_MAIL_INT_H

#include <jansson.h>

/* The string member key of obj, or NULL (not an object, no such key, not a string). */
static inline const char *
mail_str(const json_t *obj, const char *key)
{
	return json_string_value(json_object_get(obj, key));
}

#endif
