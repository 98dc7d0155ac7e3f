/*
 * campaign_ctx: the org units a campaign expects reports from and its
 * deadline instants (see campaign_ctx.h).
 */
#include "web/campaign_ctx.h"
#include "util/civil.h"
#include "web/web.h"

#include <stdlib.h>
#include <string.h>

#include "domain/campaign.h"
#include "util/tz.h"
#include "util/xalloc.h"

int
campaign_ctx_must_report(const json_t *campaign, const json_t *unit)
{
	const json_t *list = json_object_get(campaign, "org_units"), *v;
	const char *code = web_str(unit, "code");
	size_t i;

	if (web_str(unit, "parent") == NULL || code == NULL)
		return 0; /* the region itself does not report */
	if (!json_is_array(list) || json_array_size(list) == 0)
		return 1;
	json_array_foreach(list, i, v)
	{
		if (json_is_string(v) && strcmp(json_string_value(v), code) == 0)
			return 1;
	}
	return 0;
}

static int
code_cmp(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

void
campaign_ctx_units_init(struct campaign_ctx_units *set, const json_t *campaign)
{
	const json_t *list = json_object_get(campaign, "org_units"), *v;
	size_t i;

	set->codes = NULL;
	set->n = 0;
	if (!json_is_array(list) || json_array_size(list) == 0)
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
campaign_ctx_units_release(struct campaign_ctx_units *set)
{
	free(set->codes);
	set->codes = NULL;
	set->n = 0;
}

int
campaign_ctx_units_has(const struct campaign_ctx_units *set, const json_t *unit)
{
	const char *code = web_str(unit, "code");

	if (web_str(unit, "parent") == NULL)
		return 0;
	return campaign_ctx_units_has_code(set, code);
}

int
campaign_ctx_units_has_code(const struct campaign_ctx_units *set, const char *code)
{
	if (code == NULL)
		return 0;
	if (set->codes == NULL)
		return 1;
	return bsearch(&code, set->codes, set->n, sizeof(*set->codes), code_cmp) != NULL;
}

int
campaign_ctx_deadline(const json_t *campaign, struct deadline *dl, int32_t *offset)
{
	int64_t days;
	int off;

	if (civil_date_parse(web_str(campaign, "report_due") ? web_str(campaign, "report_due") : "", &days) <
		    0 ||
	    tz_offset(web_str(campaign, "time_zone") ? web_str(campaign, "time_zone") : "", days * 86400,
		      &off) < 0)
		return -1;
	*offset = off;
	return deadline_from_campaign(campaign, off, dl);
}
