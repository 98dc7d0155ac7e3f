/*
 * reports_int: what the report files of web/ share and nobody else sees.
 * reports.c loads a report for a route (struct rep, reports_load) and holds
 * the handlers that read and write it; report_form.c turns the posted form
 * into the report model and the model into the form page; report_history.c
 * and report_lists.c build their pages from the same pieces.
 *
 * Every string and json_t reached through struct rep is owned by the
 * request's arena and lives as long as the request.
 */
#ifndef SVODKA_WEB_REPORTS_INT_H
#define SVODKA_WEB_REPORTS_INT_H

#include <stdint.h>

#include "domain/deadline.h"
#include "domain/workflow.h"
#include "web/web.h"

/* What every report handler needs to know, loaded by reports_load(). */
struct rep {
	const char *slug;
	const char *org;
	json_t *campaign; /* the campaign document (request arena owns it) */
	json_t *unit; /* the org unit model */
	json_t *report; /* the stored report, or NULL when not started */
	enum workflow_status status;
	int64_t version; /* 0 when not started */
	struct deadline dl;
	int32_t offset; /* the campaign zone's UTC offset at the due date */
	int locked; /* the campaign has closed reports and no exception runs */
	int is_admin;
};

/* reports.c */

/* Whether the signed-in user is an admin. */
int reports_is_admin(struct http_request *req);
/* The coordinator's own org unit code, or NULL. */
const char *reports_own_unit(struct http_request *req);
/*
 * Loads campaign, org unit and report for the route's {slug} and {org} and
 * checks access. Returns 0, or -1 after answering (403, 404, 503, 500).
 */
__attribute__((warn_unused_result)) int reports_load(struct http_request *req, struct http_response *resp,
						     struct rep *r);

/* report_form.c */

/*
 * The report model from the posted form, strings as typed (rows in form
 * order; the row named by skip_section/skip_row left out). NULL when a
 * field is not UTF-8. A new reference, the caller's.
 */
json_t *reports_form_data(struct http_request *req, const char *skip_section, size_t skip_row);
/* Adds an empty row with a fresh id to a section of the model (none past the rules' maximum). */
void reports_add_row(struct http_request *req, json_t *data, const char *section);
/* The title of the campaign's form of activity code, or code itself when the campaign has none. */
const char *reports_form_title(const struct rep *r, const char *code);
/* Days from now to the due instant, as a Russian phrase (arena-owned). */
const char *reports_countdown(struct http_request *req, int64_t due, int64_t now);
/* The common part of every report page: a new reference, or NULL when it cannot be built. */
json_t *reports_page_base(struct http_request *req, const struct rep *r, const char *title);
/*
 * Shows the form with data (typed or stored) and issues; status 200, 409
 * or 422. conflict: the stored report that won, shown beside what was typed.
 */
void reports_form_page(struct http_request *req, struct http_response *resp, const struct rep *r,
		       const json_t *data, json_t *issues, int status, const char *notice,
		       const json_t *conflict);

#endif
