/*
 * web: svodka's application on top of the generic http/ layer: the route
 * table, the guards (session → user, CSRF on unsafe methods, role), and one
 * file of handlers per resource. A handler parses its input, checks it with
 * domain/, calls store/, and builds a model (json_t) that web_respond turns
 * into a page (templates) or, under /api/, into JSON: one handler, two
 * representations.
 *
 * Invariants: every route names the role it needs and web_guard checks it
 * before the handler runs; every unsafe request carries a valid CSRF token;
 * every write and its audit event share one transaction.
 */
#ifndef SVODKA_WEB_H
#define SVODKA_WEB_H

#include <jansson.h>
#include <stdint.h>

#include "domain/report.h"
#include "domain/password.h"
#include "http/http.h"
#include "store/store.h"
#include "util/jsonx.h"

/*
 * The most text fields the report form (templates/report_form.mustache,
 * read by web/reports.c) posts: per activity 8 inputs and a checkbox per
 * audience, per organization 5, per publication 6, and 12 of the report
 * itself (csrf_token, version, action, 4 contact fields, 3 row counts,
 * remarks, no_activity_reason). One row more per section than the rules
 * allow, so that a form one row over gets the rules' own message, not 413.
 */
#define WEB_REPORT_ACTIVITY_FIELDS (8 + REPORT_AUDIENCES_N)
#define WEB_REPORT_ORGANIZATION_FIELDS 5
#define WEB_REPORT_PUBLICATION_FIELDS 6
#define WEB_REPORT_FORM_FIELDS                                                                               \
	((size_t)WEB_REPORT_ACTIVITY_FIELDS * (REPORT_ACTIVITIES_MAX + 1) +                                  \
	 (size_t)WEB_REPORT_ORGANIZATION_FIELDS * (REPORT_ORGANIZATIONS_MAX + 1) +                           \
	 (size_t)WEB_REPORT_PUBLICATION_FIELDS * (REPORT_PUBLICATIONS_MAX + 1) + 12)
/*
 * Body limits of a report: the API's JSON (the server's default), and the
 * form carrying the same data: every byte of a value is at most 3 bytes
 * urlencoded (%XX), and each field adds its name, '=' and '&' (the longest
 * name, "p2000_has_alliance_link", is 23 bytes).
 */
#define WEB_REPORT_JSON_BODY ((size_t)1 << 20)
#define WEB_REPORT_FORM_NAME_MAX 25
#define WEB_REPORT_FORM_BODY (3 * WEB_REPORT_JSON_BODY + WEB_REPORT_FORM_NAME_MAX * WEB_REPORT_FORM_FIELDS)

struct web_config {
	const char *db_url; /* passed to store_open, once per thread */
	const char *assets_dir; /* NULL: built-in templates and static files */
	int secure; /* behind TLS: Secure cookies */
	int64_t session_idle; /* seconds a session lives without use */
	int64_t session_absolute; /* seconds a session lives at most */
	int contest_address_limit; /* contest entries per address an hour; 0: the default, -1: no limit */
};

#define WEB_CONTEST_ADDRESS_LIMIT 20 /* the default: a school's pupils may share one address */

/* Roles a route can require. */
enum web_role {
	WEB_PUBLIC = 0, /* anyone */
	WEB_SIGNED_IN, /* any signed-in user */
	WEB_ADMIN,
	WEB_COORDINATOR,
	WEB_JUROR,
	WEB_LOOPBACK, /* from 127.0.0.0/8 or ::1, or an admin (operations) */
};

/* Route flags of the application (http.h leaves bits 16..31 to it). */
#define WEB_ROUTE_NO_SESSION (1u << 16) /* no session lookup: static files, health checks */
#define WEB_ROUTE_JSON_SIGNIN (1u << 17) /* unsafe without a CSRF token, but JSON only (API sign-in) */

/* What the guard found out about the request; req->app points here. */
struct web_ctx {
	json_t *user; /* user model of the session, or NULL */
	int64_t user_id;
	const char *login;
	int has_role; /* a user is signed in and their stored role is one of enum password_role */
	enum password_role role; /* valid when has_role */
	const char *csrf; /* the token forms must carry */
	const char *token_hash; /* session key, or NULL */
	int session_looked_up; /* the session cookie was looked up (by the guard or an error page) */
};

__attribute__((warn_unused_result)) int web_init(const struct web_config *cfg);
const struct http_app *web_app(void);
/* Closes every thread's database connection; call after the server stopped. */
void web_shutdown(void);

/* The calling thread's database connection, opened on first use; NULL if it cannot be. */
struct store *web_store(void);
const struct web_config *web_config(void);
struct web_ctx *web_ctx(struct http_request *req);

/*
 * Answers with the model: JSON under /api/, else the template tpl rendered
 * with the model plus the page context (who is signed in, CSRF token). Takes
 * the reference to model.
 */
void web_respond(struct http_request *req, struct http_response *resp, const char *tpl, json_t *model);
/* Answers a store failure: 409, 404, 503 or 500 as fits rc. */
void web_store_error(struct http_request *req, struct http_response *resp, enum store_rc rc);
/* Answers 400/422 with a Russian message naming the field. */
void web_invalid(struct http_request *req, struct http_response *resp, const char *field,
		 const char *message);
/* Sets "Cache-Control: no-store", replacing any Cache-Control already set (never two). */
void web_no_store(struct http_request *req, struct http_response *resp);

/*
 * Writes an audit event for the signed-in user (or the system) in the open
 * transaction. Takes the reference to detail (may be NULL).
 */
__attribute__((warn_unused_result)) enum store_rc web_audit(struct http_request *req, const char *action,
							    const char *entity, const char *entity_id,
							    json_t *detail);

/*
 * Typed request parameters. web_int_check parses s as a decimal integer in
 * [min, max] (util/num.h: digits only, "12abc" and " 12" are not numbers)
 * into *out; web_param_int first finds the parameter `field`: the JSON
 * member under /api/ (an integer, or a string of digits), else the form
 * field, else the query parameter; absent or empty, *out = def. Both return
 * 0, or -1 after answering 422 «<label> — целое число от <min> до <max>.»
 * naming the field.
 */
#define WEB_PAGE_MAX 1000000 /* the highest ?page= of a paged list */
__attribute__((warn_unused_result)) int web_int_check(struct http_request *req, struct http_response *resp,
						      const char *field, const char *label, const char *s,
						      int64_t min, int64_t max, int64_t *out);
__attribute__((warn_unused_result)) int web_param_int(struct http_request *req, struct http_response *resp,
						      const char *field, const char *label, int64_t min,
						      int64_t max, int64_t def, int64_t *out);

/* Input field: form field for pages, JSON member under /api/ (strings only). */
const char *web_input(struct http_request *req, const char *name);

/* Set-Cookie for the session; token NULL clears it. */
void web_set_session_cookie(struct http_request *req, struct http_response *resp, const char *token);
/* Gives an anonymous visitor a CSRF cookie (double submit) for the sign-in form. */
void web_ensure_csrf_cookie(struct http_request *req, struct http_response *resp);
/* Hex SHA-256 of a session token. */
void web_token_hash(const char *token, char out[65]);
/* Percent-encodes s for a URL path or query (keeps '/'), in the arena. */
char *web_url_encode(struct arena *a, const char *s);

/* web/format.c: «ДД.ММ.ГГГГ» of "YYYY-MM-DD", or NULL when not a date. */
const char *web_date_ru(struct arena *a, const char *iso);
/* «8 февраля – 8 марта 2022 г.», or NULL. */
const char *web_period_ru(struct arena *a, const char *from, const char *to);
/*
 * How pages show an instant: «05.03.2022 12:00 (Владивосток, UTC+10)», in
 * the IANA zone `zone` (a campaign's time_zone) at its offset at t
 * (util/civil.h, civil_instant_format_zone); "" when the zone is unknown.
 */
const char *web_instant_ru(struct arena *a, int64_t t, const char *zone);

/* Whether a user is signed in with that role. */
int web_is(struct http_request *req, enum password_role role);

/* The Russian name of a role code ("admin" …), for pages; "" for an unknown one. */
const char *web_role_ru(const char *role);

/*
 * json_pack that names its cause: when packing fails (a NULL where the
 * format wants a string or a value, text that is not UTF-8) it logs the
 * caller's file and line with jansson's reason and returns NULL, which
 * web_respond answers as a 500 with an incident id. Otherwise a new
 * reference, the caller's. Build models in web/ with this and the jx_*
 * helpers of util/jsonx.h (they abort only when memory runs out), never
 * with unchecked json_object_set_new.
 */
#define web_pack(...) web_pack_at(__FILE__, __LINE__, __VA_ARGS__)
json_t *web_pack_at(const char *file, int line, const char *fmt, ...);

/* Hands j to the request's arena (decref'd when the request ends) and returns it; NULL passes through. */
json_t *web_keep(struct http_request *req, json_t *j);

/*
 * The campaign document of slug, owned by the request's arena; NULL after
 * answering 404 («Такой кампании нет.»), 503 or 500.
 */
json_t *web_campaign(struct http_request *req, struct http_response *resp, const char *slug);
/*
 * web_instant_ru() in UTC, named («05.03.2022 02:00 (UTC)»), for pages that
 * belong to no campaign: users, the audit log, the outbox. Never the
 * server's TZ: a page must not change with the machine it is served from.
 */
const char *web_utc_time_ru(struct arena *a, int64_t t);

/*
 * Current time in Unix seconds: the one clock read of the handlers, from
 * util/clock (simulated when serve runs with --clock). Handlers pass the
 * instant down; nothing below web/ reads the clock.
 */
int64_t web_now(void);

/* Handlers, one file per resource. */
void auth_login_form(struct http_request *, struct http_response *);
void auth_login(struct http_request *, struct http_response *);
void auth_logout(struct http_request *, struct http_response *);
void auth_api_session_create(struct http_request *, struct http_response *);
void auth_api_session_delete(struct http_request *, struct http_response *);
void auth_api_me(struct http_request *, struct http_response *);
int auth_init(void);
void auth_shutdown(void);
/* Hashes a password with argon2id, at most a few at a time process-wide. */
__attribute__((warn_unused_result)) int auth_hash_password(const char *password, char *out, size_t outlen);
/* Writes a random password of 16 characters into out (size ≥ 17). */
void auth_generate_password(char *out, size_t outlen);

void pages_home(struct http_request *, struct http_response *);
void pages_campaign(struct http_request *, struct http_response *);

void admin_users(struct http_request *, struct http_response *);
void admin_user_create(struct http_request *, struct http_response *);
void admin_user_disable(struct http_request *, struct http_response *);
void admin_user_enable(struct http_request *, struct http_response *);
void admin_user_password(struct http_request *, struct http_response *);
void admin_user_email(struct http_request *, struct http_response *);
void admin_org_units(struct http_request *, struct http_response *);
void admin_org_unit(struct http_request *, struct http_response *);
void admin_org_unit_update(struct http_request *, struct http_response *);
void admin_audit(struct http_request *, struct http_response *);

/* web/campaigns.c: creating, editing, duplicating, importing and exporting campaigns. */
void campaigns_admin_list(struct http_request *, struct http_response *);
void campaigns_admin_new(struct http_request *, struct http_response *);
void campaigns_admin_create(struct http_request *, struct http_response *);
void campaigns_admin_edit(struct http_request *, struct http_response *);
void campaigns_admin_update(struct http_request *, struct http_response *);
void campaigns_admin_export(struct http_request *, struct http_response *);
void campaigns_admin_import(struct http_request *, struct http_response *);

/* web/reports.c: the coordinator's form and the department's review. */
void reports_mine(struct http_request *, struct http_response *);
void reports_admin_list(struct http_request *, struct http_response *);
void reports_show(struct http_request *, struct http_response *);
void reports_post(struct http_request *, struct http_response *);
void reports_submit(struct http_request *, struct http_response *);
void reports_history(struct http_request *, struct http_response *);
void reports_return(struct http_request *, struct http_response *);
void reports_accept(struct http_request *, struct http_response *);
void reports_reopen(struct http_request *, struct http_response *);
void reports_lock_exception(struct http_request *, struct http_response *);

/* web/import.c: reports that still arrive as spreadsheets, from CSV with a dry run. */
void import_form(struct http_request *, struct http_response *);
void import_run(struct http_request *, struct http_response *);

/* web/dashboard.c: reporting rates, the table of municipalities, totals and charts. */
void dashboard_show(struct http_request *, struct http_response *);
/* web/exports.c: the consolidated summary as XLSX, CSV and JSON files. */
void exports_xlsx(struct http_request *, struct http_response *);
void exports_csv(struct http_request *, struct http_response *);
void exports_json(struct http_request *, struct http_response *);
/* web/reminders.c: who has not reported, reminders, and the outbox. */
void reminders_show(struct http_request *, struct http_response *);
void reminders_send(struct http_request *, struct http_response *);
void reminders_outbox(struct http_request *, struct http_response *);

/* web/contest.c: the contest's public pages: rules and form, entries, status, confirmation. */
__attribute__((warn_unused_result)) int contest_init(int address_limit);
void contest_shutdown(void);
/*
 * The campaign of the route's {slug} with its contest block (*contest),
 * owned by the request's arena; NULL after answering 404 («В этой кампании
 * нет конкурса.» when it has none), 503 or 500.
 */
json_t *web_contest_campaign(struct http_request *req, struct http_response *resp, const json_t **contest);
void contest_rules(struct http_request *, struct http_response *);
void contest_entry_post(struct http_request *, struct http_response *);
void contest_status(struct http_request *, struct http_response *);
void contest_withdraw(struct http_request *, struct http_response *);
void contest_confirm_page(struct http_request *, struct http_response *);
void contest_confirm(struct http_request *, struct http_response *);
void contest_results(struct http_request *, struct http_response *);

/* web/contest_admin.c: moderation, jury assignment, judging, results, purge (admins only). */
void contest_admin_overview(struct http_request *, struct http_response *);
void contest_admin_entries(struct http_request *, struct http_response *);
void contest_admin_entry(struct http_request *, struct http_response *);
void contest_admin_decide(struct http_request *, struct http_response *);
void contest_admin_bulk(struct http_request *, struct http_response *);
void contest_admin_jurors(struct http_request *, struct http_response *);
void contest_admin_exclusions(struct http_request *, struct http_response *);
void contest_admin_judging(struct http_request *, struct http_response *);
void contest_admin_publish(struct http_request *, struct http_response *);
void contest_admin_purge(struct http_request *, struct http_response *);
void contest_admin_destructions_csv(struct http_request *, struct http_response *);
void contest_admin_protocol(struct http_request *, struct http_response *);
void exports_contest_protocol(struct http_request *, struct http_response *);

/* web/jury.c: the contest jury's page. */
void jury_home(struct http_request *, struct http_response *);
void jury_queue(struct http_request *, struct http_response *);
void jury_entry(struct http_request *, struct http_response *);
void jury_score(struct http_request *, struct http_response *);

void ops_healthz(struct http_request *, struct http_response *);
void ops_metrics(struct http_request *, struct http_response *);
void ops_static(struct http_request *, struct http_response *);

#endif
