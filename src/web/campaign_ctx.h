/*
 * campaign_ctx: what the handlers that look at a whole campaign share —
 * which org units must report on it and its deadline instants in its own
 * time zone. Used by the reports (web/reports.c) and the dashboard
 * (web/dashboard.c). Pure functions of the campaign document and an org
 * unit model; no I/O.
 */
#ifndef SVODKA_WEB_CAMPAIGN_CTX_H
#define SVODKA_WEB_CAMPAIGN_CTX_H

#include <stdint.h>

#include <jansson.h>

#include "domain/deadline.h"

/*
 * Whether the campaign expects a report from the unit: never from the
 * region (the root); from every municipality when the campaign's
 * "org_units" list is empty, else from those listed.
 */
int campaign_ctx_must_report(const json_t *campaign, const json_t *unit);

/*
 * The same question for many units at once (a national campaign lists
 * thousands): the campaign's list sorted once, each unit looked up by
 * binary search. The set borrows the campaign's strings.
 */
struct campaign_ctx_units {
	const char **codes; /* the listed codes, sorted; NULL when every municipality reports */
	size_t n;
};
void campaign_ctx_units_init(struct campaign_ctx_units *set, const json_t *campaign);
void campaign_ctx_units_release(struct campaign_ctx_units *set);
/* Same answer as campaign_ctx_must_report for the campaign the set was made from. */
int campaign_ctx_units_has(const struct campaign_ctx_units *set, const json_t *unit);
/* The same by the code of a unit known to be below the root (a store_export_summary row). */
int campaign_ctx_units_has_code(const struct campaign_ctx_units *set, const char *code);

/*
 * The campaign's deadline instants and the UTC offset of its zone on the
 * due date: 0, or -1 when the zone or dates are unusable.
 */
__attribute__((warn_unused_result)) int campaign_ctx_deadline(const json_t *campaign, struct deadline *dl,
							      int32_t *offset);

#endif
