/*
 * import: reports that still arrive as spreadsheets. Turns the text of a
 * CSV file (one row per activity, the columns of docs/import.md) into one
 * report model per municipality (the shape of domain/report.h) and a list
 * of row-level issues, each naming the line of the file and the column.
 *
 * Two steps, so the caller can read the stored reports in between:
 *   import_parse()  CSV bytes → rows → municipalities and their raw models,
 *                   with the issues the file itself has (unknown
 *                   municipality or form, bad date, …);
 *   import_check()  each raw model, laid over the municipality's stored
 *                   report, through report_validate(REPORT_DRAFT) with the
 *                   campaign; its issues ("activities[2].date") mapped back
 *                   to the CSV line and column of that activity.
 *
 * The result (a JSON object the caller owns):
 *   {"encoding": "utf-8" | "utf-8-bom" | "windows-1251",
 *    "delimiter": ";", "rows": data rows read,
 *    "columns": {field code: header as written in the file},
 *    "municipalities": [{"org_unit", "name", "first_line", "first_row",
 *        "rows", "activities", "participants", "reach", "errors",
 *        "warnings", "report": the raw model, "data": the normalized model
 *        (after import_check), "activity_lines": [[line, row]…],
 *        "contact_lines": {field: [line, row]}}],
 *    "issues": [{"line", "row", "column", "level", "message", "org_unit"}],
 *    "errors": N, "warnings": N, "issues_truncated": bool}
 * "line" is the 1-based physical line where the record starts (as a text
 * editor shows it), "row" its record number (as Excel shows it; it differs
 * when a quoted cell holds line breaks); both are 0 for issues about the
 * whole file. "column" is the header as written, or null. Messages are
 * Russian and name line and column: «Строка 7, столбец «Дата»: …». At most
 * IMPORT_MAX_ISSUES issues are listed; "errors" and "warnings" count all.
 *
 * Pure: no clock (today is passed in), no I/O; allocation failure aborts.
 */
#ifndef SVODKA_DOMAIN_IMPORT_H
#define SVODKA_DOMAIN_IMPORT_H

#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

#define IMPORT_MAX_BYTES ((size_t)4 << 20) /* bytes of the file as uploaded */
#define IMPORT_MAX_ROWS 20000 /* data rows, blank ones not counted */
#define IMPORT_MAX_ISSUES 2000 /* issues listed; more are only counted */
#define IMPORT_FIELDS_MAX 256 /* cells in one row (Excel writes empty ones up to its used range) */
#define IMPORT_FIELD_MAX 65536 /* bytes of one cell */

enum import_column {
	IMPORT_COL_MUNICIPALITY,
	IMPORT_COL_CONTACT_NAME,
	IMPORT_COL_CONTACT_POSITION,
	IMPORT_COL_CONTACT_PHONE,
	IMPORT_COL_CONTACT_EMAIL,
	IMPORT_COL_FORM,
	IMPORT_COL_DATE,
	IMPORT_COL_TITLE,
	IMPORT_COL_DESCRIPTION,
	IMPORT_COL_AUDIENCE,
	IMPORT_COL_PARTICIPANTS,
	IMPORT_COL_REACH,
	IMPORT_COL_LINKS,
	IMPORT_COL__MAX
};

/*
 * The columns for a page or docs: a new array of {"code", "title",
 * "aliases": [Russian headers also accepted], "required": bool, "hint"}.
 */
json_t *import_columns(void);

/*
 * Reads the file: text[0..len) as uploaded (any of the encodings above),
 * the campaign as campaign_validate() returns it (its forms), and the org
 * units (objects with "code" and "name"; the region, kind "region", is
 * skipped). Always sets *result (see above). Returns 0 when the file has
 * no error so far, -1 otherwise.
 */
int import_parse(const char *text, size_t len, const json_t *campaign, const json_t *org_units,
		 json_t **result);

/*
 * Validates each municipality's model: the raw model's contact fields
 * (those the file gives) and activities over `previous`'s stored data for
 * that org unit (an object code → normalized report data; NULL or a missing
 * code for a new report; organizations, publications and remarks are kept
 * from it), through report_validate in REPORT_DRAFT with `campaign` and
 * `today` (days since 1970-01-01). Sets "data" and the totals of each
 * municipality, adds the mapped issues, sorts the issues by line. Returns
 * 0 when the whole result has no error (warnings allowed), else -1.
 */
int import_check(json_t *result, const json_t *campaign, const json_t *previous, int64_t today);

/*
 * Adds an issue to result: line and row 0 for the whole file; column may
 * be NULL; org_unit may be NULL. The message gets the «Строка L, столбец
 * «H»: » prefix. Counts it in "errors" or "warnings".
 */
void import_issue_add(json_t *result, unsigned line, unsigned row, const char *column, int warning,
		      const char *org_unit, const char *reason);

/* The municipality entry of result for org unit `code`, or NULL. */
json_t *import_municipality(const json_t *result, const char *code);

#endif
