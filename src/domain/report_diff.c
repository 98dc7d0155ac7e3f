/*
 * report_diff: the field-by-field differences between two versions of a
 * report (see report.h), for the history feed and the edit conflict, which
 * name each field in Russian with report_field_label().
 */
#include "domain/report.h"
#include "domain/report_int.h"
#include "util/jsonx.h"

#include <stdlib.h>
#include <string.h>

#include "util/buf.h"

static int
is_empty(const json_t *j)
{
	return j == NULL || json_is_null(j) || (json_is_string(j) && json_string_length(j) == 0) ||
	       (json_is_array(j) && json_array_size(j) == 0);
}

static void
change_add(json_t *changes, const char *section, long row, const char *field, const char *id, const json_t *b,
	   const json_t *a)
{
	json_t *o = jx_obj();
	struct buf path;
	int r = 0;
	const char *kind = is_empty(b) ? "added" : is_empty(a) ? "removed" : "changed";

	buf_init(&path, 1024);
	if (section != NULL) {
		r |= buf_adds(&path, section);
		if (row >= 0)
			r |= buf_addf(&path, "[%ld]", row);
	}
	if (field != NULL)
		r |= buf_addf(&path, "%s%s", path.len > 0 ? "." : "", field);
	if (r < 0)
		abort();
	jx_set(o, "path", jx_str(path.data));
	jx_set(o, "section", section ? jx_str(section) : json_null());
	jx_set(o, "row", row >= 0 ? json_integer(row + 1) : json_null());
	jx_set(o, "field", field ? jx_str(field) : json_null());
	jx_set(o, "id", id ? jx_str(id) : json_null());
	jx_set(o, "change", jx_str(kind));
	jx_set(o, "before", b && !json_is_null(b) ? json_deep_copy(b) : json_null());
	jx_set(o, "after", a && !json_is_null(a) ? json_deep_copy(a) : json_null());
	jx_append(changes, o);
	buf_release(&path);
}

static void
value_diff(json_t *changes, const char *section, long row, const char *field, const char *id, const json_t *b,
	   const json_t *a)
{
	if (is_empty(b) && is_empty(a))
		return;
	if (b != NULL && a != NULL && json_equal((json_t *)b, (json_t *)a))
		return;
	change_add(changes, section, row, field, id, b, a);
}

/* Field-by-field diff of two objects: keys of `a` in order, then keys only in `b`. */
static void
object_diff(json_t *changes, const char *section, long row, const char *id, const json_t *b, const json_t *a)
{
	const char *key;
	json_t *val;

	json_object_foreach((json_t *)a, key, val)
	{
		if (strcmp(key, "id") != 0)
			value_diff(changes, section, row, key, id, json_object_get(b, key), val);
	}
	json_object_foreach((json_t *)b, key, val)
	{
		if (strcmp(key, "id") != 0 && json_object_get(a, key) == NULL)
			value_diff(changes, section, row, key, id, val, NULL);
	}
}

static int
all_have_ids(const json_t *rows)
{
	const json_t *r;
	size_t i;

	json_array_foreach(rows, i, r)
	{
		if (json_string_value(json_object_get(r, "id")) == NULL)
			return 0;
	}
	return 1;
}

static void
rows_diff(json_t *changes, const char *section, const json_t *b, const json_t *a)
{
	const json_t *ra = NULL, *rb = NULL;
	size_t i, j, nb = json_array_size(b), na = json_array_size(a);

	if (nb + na > 0 && all_have_ids(a) && all_have_ids(b)) {
		json_array_foreach(a, i, ra)
		{
			const char *id = json_string_value(json_object_get(ra, "id"));

			json_array_foreach(b, j, rb)
			{
				if (strcmp(json_string_value(json_object_get(rb, "id")), id) == 0)
					break;
			}
			if (j < nb)
				object_diff(changes, section, (long)i, id, rb, ra);
			else
				change_add(changes, section, (long)i, NULL, id, NULL, ra);
		}
		json_array_foreach(b, j, rb)
		{
			const char *id = json_string_value(json_object_get(rb, "id"));

			json_array_foreach(a, i, ra)
			{
				if (strcmp(json_string_value(json_object_get(ra, "id")), id) == 0)
					break;
			}
			if (i == na)
				change_add(changes, section, (long)j, NULL, id, rb, NULL);
		}
		return;
	}
	for (i = 0; i < na || i < nb; i++) {
		ra = json_array_get(a, i);
		rb = json_array_get(b, i);
		if (ra != NULL && rb != NULL)
			object_diff(changes, section, (long)i, json_string_value(json_object_get(ra, "id")),
				    rb, ra);
		else if (ra != NULL)
			change_add(changes, section, (long)i, NULL,
				   json_string_value(json_object_get(ra, "id")), NULL, ra);
		else
			change_add(changes, section, (long)i, NULL,
				   json_string_value(json_object_get(rb, "id")), rb, NULL);
	}
}

json_t *
report_diff(const json_t *before, const json_t *after)
{
	static const char *const sections[] = {"activities", "organizations", "publications", NULL};
	json_t *changes = jx_arr();
	const char *key;
	json_t *val;
	size_t k;

	object_diff(changes, "contact", -1, NULL, json_object_get(before, "contact"),
		    json_object_get(after, "contact"));
	for (k = 0; k < 3; k++)
		rows_diff(changes, sections[k], json_object_get(before, sections[k]),
			  json_object_get(after, sections[k]));
	json_object_foreach((json_t *)after, key, val)
	{
		if (strcmp(key, "contact") == 0 || report_code_index(sections, key) >= 0)
			continue;
		value_diff(changes, NULL, -1, key, NULL, json_object_get(before, key), val);
	}
	json_object_foreach((json_t *)before, key, val)
	{
		if (strcmp(key, "contact") == 0 || report_code_index(sections, key) >= 0 ||
		    json_object_get(after, key))
			continue;
		value_diff(changes, NULL, -1, key, NULL, val, NULL);
	}
	return changes;
}
