/*
 * dashboard_int: what the dashboard's two files share and nobody else sees:
 * the compact row of a municipality, the table's query, and the loaded
 * dashboard. dashboard.c loads the campaign and builds the rates, totals
 * and charts; dashboard_table.c owns the table of municipalities (names and
 * their sort keys, the query string, sorting, filters, paging, links).
 */
#ifndef SVODKA_WEB_DASHBOARD_INT_H
#define SVODKA_WEB_DASHBOARD_INT_H

#include <stddef.h>
#include <stdint.h>

#include "domain/deadline.h"
#include "domain/orgunit.h"
#include "domain/workflow.h"
#include "web/web.h"

/* The totals a report carries, in the order of the table's columns. */
enum dashboard_tot {
	TOT_ACTIVITIES,
	TOT_PARTICIPANTS,
	TOT_REACH,
	TOT_PUBLICATIONS,
	TOT_ORGANIZATIONS,
	TOT__MAX
};
/* The JSON keys of the totals, in enum dashboard_tot order. */
extern const char *const dashboard_tot_keys[TOT__MAX];

enum dashboard_col {
	COL_NAME,
	COL_KIND,
	COL_STATUS,
	COL_SUBMITTED,
	COL_LATE,
	COL_ACTIVITIES, /* then the other totals, in enum dashboard_tot order */
	COL__MAX = COL_ACTIVITIES + TOT__MAX
};

/*
 * One municipality that must report, with its report's figures: a compact
 * struct, its strings in the request's arena (never a JSON object: at
 * national scale there are 20,000 of them and only a page becomes JSON).
 */
struct dashboard_row {
	const char *code, *name, *shortname;
	const unsigned char *key; /* the name's sort key (name_key) */
	size_t keylen;
	enum orgunit_kind kind;
	enum workflow_status status;
	int has_report;
	int late; /* submitted late (only for a report submitted at least once) */
	int64_t submitted_at; /* 0 when never submitted */
	int64_t tot[TOT__MAX];
	size_t order; /* position in the store's list: the last tie-break */
};

/* The table's query: filters, sort, page. */
struct dashboard_query {
	unsigned status_mask; /* bits of enum workflow_status; 0: all */
	unsigned kind_mask; /* bits of enum orgunit_kind; 0: all */
	enum dashboard_col sort;
	int desc;
	int64_t page, per_page;
};

/* Everything the handler loaded and worked out, for the model builders. */
struct dashboard {
	const char *slug;
	json_t *campaign, *by_form, *by_audience, *by_day;
	struct deadline dl;
	int32_t offset;
	int have_dl;
	struct dashboard_row *rows; /* every municipality that must report, in the store's order (malloc) */
	size_t nrows, cap;
	int counts[WORKFLOW_STATUS__MAX];
	int64_t on_time, late;
	int64_t totals[TOT__MAX], views; /* over every stored report */
};

/* dashboard.c: «12 500» in the arena. */
const char *dashboard_num_ru(struct http_request *req, int64_t v);

/* dashboard_table.c */
/* Sets r->shortname and r->key from r->name and r->kind. */
void dashboard_row_names(struct http_request *req, struct dashboard_row *r);
/* «ГО», «МО», «МР» of a kind; "" for another. */
const char *dashboard_kind_abbr(enum orgunit_kind kind);
/* Reads the query string into *q. Returns 0, or -1 after answering 422 naming the parameter. */
__attribute__((warn_unused_result)) int
dashboard_query_parse(struct http_request *req, struct http_response *resp, struct dashboard_query *q);
/* m["table"]: the filtered, sorted page of the table, its column headers and page links. */
void dashboard_table_add(struct http_request *req, struct dashboard *d, const struct dashboard_query *q,
			 json_t *m);
/* m["filters"]: the filter form's choices with what is checked. */
void dashboard_filters_add(struct http_request *req, const struct dashboard *d,
			   const struct dashboard_query *q, json_t *m);

#endif
