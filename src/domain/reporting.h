/*
 * reporting: which org units a campaign expects a report from. The region
 * (the root of the tree) never reports; every municipality does when the
 * campaign's "org_units" list is empty or absent, else those listed (codes
 * that are not strings are ignored). The reports pages, the dashboard, the
 * reminders, the export and the CSV import all ask here.
 */
#ifndef SVODKA_DOMAIN_REPORTING_H
#define SVODKA_DOMAIN_REPORTING_H

#include <stddef.h>

#include <jansson.h>

/*
 * Whether `campaign` expects a report from the org unit `code` (NULL: no
 * unit); is_root: the unit is the region. 1 or 0.
 */
int reporting_must_report(const json_t *campaign, const char *code, int is_root);

/*
 * The same question for many units at once (a national campaign lists
 * thousands): the campaign's list sorted once, each unit looked up by
 * binary search. The set borrows the campaign's strings: it lives no
 * longer than the campaign document.
 */
struct reporting_units {
	const char **codes; /* the listed codes, sorted; NULL when every municipality reports */
	size_t n;
};
void reporting_units_init(struct reporting_units *set, const json_t *campaign);
void reporting_units_release(struct reporting_units *set);
/* Same answer as reporting_must_report for the campaign the set was made from. */
int reporting_units_has(const struct reporting_units *set, const char *code, int is_root);

#endif
