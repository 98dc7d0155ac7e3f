/* reporting: the org units a campaign expects reports from (see reporting.h). */
#include "domain/reporting.h"

#include <stdlib.h>
#include <string.h>

#include "util/xalloc.h"

static int
code_cmp(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* The campaign's list of reporting units, or NULL when every municipality reports. */
static const json_t *
listed(const json_t *campaign)
{
	const json_t *list = json_object_get(campaign, "org_units");

	return json_is_array(list) && json_array_size(list) > 0 ? list : NULL;
}

int
reporting_must_report(const json_t *campaign, const char *code, int is_root)
{
	const json_t *list, *v;
	size_t i;

	if (is_root || code == NULL)
		return 0; /* the region itself does not report */
	if ((list = listed(campaign)) == NULL)
		return 1;
	json_array_foreach(list, i, v)
	{
		if (json_is_string(v) && strcmp(json_string_value(v), code) == 0)
			return 1;
	}
	return 0;
}

void
reporting_units_init(struct reporting_units *set, const json_t *campaign)
{
	const json_t *list = listed(campaign), *v;
	size_t i;

	set->codes = NULL;
	set->n = 0;
	if (list == NULL)
		return;
	set->codes = xcalloc(json_array_size(list), sizeof(*set->codes));
	json_array_foreach(list, i, v)
	{
		if (json_is_string(v))
			set->codes[set->n++] = json_string_value(v);
	}
	qsort(set->codes, set->n, sizeof(*set->codes), code_cmp);
}

void
reporting_units_release(struct reporting_units *set)
{
	free(set->codes);
	set->codes = NULL;
	set->n = 0;
}

int
reporting_units_has(const struct reporting_units *set, const char *code, int is_root)
{
	if (is_root || code == NULL)
		return 0;
	if (set->codes == NULL)
		return 1;
	return bsearch(&code, set->codes, set->n, sizeof(*set->codes), code_cmp) != NULL;
}
