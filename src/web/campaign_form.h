/*
 * campaign_form: what the campaign handlers (campaigns.c) and the edit
 * form (campaign_form.c) share: one save in progress and the form's
 * functions. Nothing else includes it.
 *
 * Invariants: the form state (e->form) is a JSON object of strings as
 * typed, every one valid UTF-8, with the rows of each repeated group and
 * their count; e->errors maps a form field name to its reason. Everything
 * returned lives in the request's arena or is a new reference the caller
 * hands to it.
 */
#ifndef SVODKA_WEB_CAMPAIGN_FORM_H
#define SVODKA_WEB_CAMPAIGN_FORM_H

#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

#include "domain/campaign.h"
#include "http/http.h"

#define CAMPAIGN_FORM_ROWS_MAX 60 /* rows of one repeated group the form carries at most */

/* Where a save comes from, which decides how a refusal is answered. */
enum campaign_via {
	CAMPAIGN_VIA_FORM, /* the edit page: the page again, what was typed kept, errors beside fields */
	CAMPAIGN_VIA_API, /* /api/v1/campaigns: {"error": {code, message, field}} */
	CAMPAIGN_VIA_IMPORT, /* a file uploaded on the list page: the list page with the message */
};

/* One save in progress. */
struct campaign_edit {
	enum campaign_via via;
	int is_new; /* create (1) or update (0) */
	const char *slug; /* update: the campaign's slug from the URL */
	int64_t version; /* update: the version the change is based on */
	json_t *form; /* CAMPAIGN_VIA_FORM: the form state, strings as typed */
	json_t *errors; /* CAMPAIGN_VIA_FORM: form field name → reason */
	const char *message; /* the first error, for the alert on top */
	json_t *munis; /* the municipalities, in list order */
	size_t link_row[CAMPAIGN_FORM_ROWS_MAX]; /* document index → form row */
	size_t form_row[CAMPAIGN_FORM_ROWS_MAX];
	size_t vh_row[CAMPAIGN_FORM_ROWS_MAX];
};

/* The string member key of o, or "" (never NULL). */
const char *campaign_form_str(const json_t *o, const char *key);
/* ДД.ММ.ГГГГ of an ISO date, or the text as it is ("" for NULL), in the arena. */
const char *campaign_form_date_ru(struct http_request *req, const char *iso);

/*
 * The form state of a (validated) document, a new reference. copy: for a
 * duplicate, the slug and dates are left empty and every form code stays
 * editable.
 */
json_t *campaign_form_of_doc(struct http_request *req, const json_t *doc, int copy);
/* The empty form of a new campaign, with the defaults filled in; a new reference. */
json_t *campaign_form_empty(void);
/*
 * The form state of a posted edit page, as typed, a new reference. NULL
 * when a value is not valid UTF-8 (the caller answers 422).
 */
json_t *campaign_form_of_request(struct http_request *req);

/*
 * Builds the campaign document (a new reference) from e->form; form errors
 * (a date that is no date, a number that is no number, no municipality
 * checked) are recorded in e, and the document goes to the validator only
 * when e->message is still NULL.
 */
json_t *campaign_form_to_doc(struct http_request *req, struct campaign_edit *e);
/* Marks the form field behind err's document path with its reason. */
void campaign_form_mark(struct http_request *req, struct campaign_edit *e, const struct campaign_error *err);
/*
 * Renders the edit page with `status`: e->form as typed, e->errors beside
 * the fields, e->message on top. conflict: someone saved first.
 */
void campaign_form_page(struct http_request *req, struct http_response *resp, int status,
			struct campaign_edit *e, int conflict);

#endif
