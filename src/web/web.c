/*
 * web: the route table, the guard every request passes (session, CSRF,
 * role), the error answers (Russian pages, JSON under /api/), the per-thread
 * database connections, and web_respond, which renders a handler's model as
 * a page or as JSON.
 */
#include "web/web.h"

#include <errno.h>
#include <pthread.h>
#include <stdarg.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "domain/contest.h"
#include "domain/password.h"
#include "domain/text.h"
#include "util/clock.h"
#include "util/log.h"
#include "util/num.h"
#include "util/xalloc.h"
#include "view/view.h"
#include "web/cache.h"

#define SESSION_COOKIE "svodka_session"
#define CSRF_COOKIE "svodka_csrf"
#define CSRF_FIELD "csrf_token"
#define CSRF_HEADER "X-CSRF-Token"
#define MAX_STORES 256
#define SESSION_TOUCH_EVERY 60

#define GH (HTTP_GET | HTTP_HEAD)

/*
 * The route table. Literal routes come before parameter routes that could
 * match the same path, since the first match in table order wins. The last
 * member, max_fields, is left out (0: HTTP_MAX_FIELDS) but where a form
 * posts more, so the table does not warn about it.
 */
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wmissing-field-initializers"
static const struct http_route routes[] = {
	{GH, "/", pages_home, WEB_PUBLIC, 0, 0},
	{GH, "/campaigns/{slug}", pages_campaign, WEB_PUBLIC, 0, 0},
	{GH, "/login", auth_login_form, WEB_PUBLIC, 0, 0},
	{HTTP_POST, "/login", auth_login, WEB_PUBLIC, HTTP_ROUTE_BLOCKING, 16384},
	{HTTP_POST, "/logout", auth_logout, WEB_SIGNED_IN, 0, 16384},
	{GH, "/admin/users", admin_users, WEB_ADMIN, 0, 0},
	{HTTP_POST, "/admin/users", admin_user_create, WEB_ADMIN, HTTP_ROUTE_BLOCKING, 0},
	{HTTP_POST, "/admin/users/{id}/disable", admin_user_disable, WEB_ADMIN, 0, 0},
	{HTTP_POST, "/admin/users/{id}/enable", admin_user_enable, WEB_ADMIN, 0, 0},
	{HTTP_POST, "/admin/users/{id}/password", admin_user_password, WEB_ADMIN, HTTP_ROUTE_BLOCKING, 0},
	{HTTP_POST, "/admin/users/{id}/email", admin_user_email, WEB_ADMIN, 0, 0},
	{GH, "/admin/org-units", admin_org_units, WEB_ADMIN, 0, 0},
	{GH, "/admin/org-units/{code}", admin_org_unit, WEB_ADMIN, 0, 0},
	{HTTP_POST, "/admin/org-units/{code}", admin_org_unit_update, WEB_ADMIN, 0, 0},
	{GH, "/admin/audit", admin_audit, WEB_ADMIN, 0, 0},
	{HTTP_POST, "/api/v1/session", auth_api_session_create, WEB_PUBLIC,
	 HTTP_ROUTE_BLOCKING | WEB_ROUTE_JSON_SIGNIN, 16384},
	{HTTP_DELETE, "/api/v1/session", auth_api_session_delete, WEB_SIGNED_IN, 0, 0},
	{GH, "/api/v1/me", auth_api_me, WEB_SIGNED_IN, 0, 0},
	{GH, "/api/v1/campaigns", pages_home, WEB_PUBLIC, 0, 0},
	{GH, "/api/v1/campaigns/{slug}", pages_campaign, WEB_PUBLIC, 0, 0},
	{GH, "/api/v1/users", admin_users, WEB_ADMIN, 0, 0},
	{HTTP_POST, "/api/v1/users", admin_user_create, WEB_ADMIN, HTTP_ROUTE_BLOCKING, 0},
	{HTTP_POST, "/api/v1/users/{id}/disable", admin_user_disable, WEB_ADMIN, 0, 0},
	{HTTP_POST, "/api/v1/users/{id}/enable", admin_user_enable, WEB_ADMIN, 0, 0},
	{HTTP_POST, "/api/v1/users/{id}/password", admin_user_password, WEB_ADMIN, HTTP_ROUTE_BLOCKING, 0},
	{HTTP_PUT, "/api/v1/users/{id}/email", admin_user_email, WEB_ADMIN, 0, 0},
	{GH, "/api/v1/org-units", admin_org_units, WEB_ADMIN, 0, 0},
	{GH, "/api/v1/org-units/{code}", admin_org_unit, WEB_ADMIN, 0, 0},
	{HTTP_PUT, "/api/v1/org-units/{code}", admin_org_unit_update, WEB_ADMIN, 0, 0},
	{GH, "/api/v1/audit", admin_audit, WEB_ADMIN, 0, 0},
	/* Campaign editing (web/campaigns.c). */
	{GH, "/admin/campaigns", campaigns_admin_list, WEB_ADMIN, 0, 0},
	{HTTP_POST, "/admin/campaigns", campaigns_admin_create, WEB_ADMIN, 0, 0},
	{GH, "/admin/campaigns/new", campaigns_admin_new, WEB_ADMIN, 0, 0},
	{HTTP_POST, "/admin/campaigns/import", campaigns_admin_import, WEB_ADMIN, 0, 0},
	{GH, "/admin/campaigns/{slug}", campaigns_admin_edit, WEB_ADMIN, 0, 0},
	{HTTP_POST, "/admin/campaigns/{slug}", campaigns_admin_update, WEB_ADMIN, 0, 0},
	{GH, "/admin/campaigns/{slug}/export.json", campaigns_admin_export, WEB_ADMIN, 0, 0},
	{HTTP_POST, "/api/v1/campaigns", campaigns_admin_create, WEB_ADMIN, 0, 0},
	{HTTP_PUT, "/api/v1/campaigns/{slug}", campaigns_admin_update, WEB_ADMIN, 0, 0},
	/* Reports (web/reports.c). */
	{GH, "/reports", reports_mine, WEB_SIGNED_IN, 0, 0},
	{GH, "/admin/campaigns/{slug}/reports", reports_admin_list, WEB_ADMIN, 0, 0},
	{GH, "/campaigns/{slug}/reports/{org}", reports_show, WEB_SIGNED_IN, 0, 0},
	{HTTP_POST, "/campaigns/{slug}/reports/{org}", reports_post, WEB_SIGNED_IN, 0, WEB_REPORT_FORM_BODY,
	 WEB_REPORT_FORM_FIELDS},
	{GH, "/campaigns/{slug}/reports/{org}/history", reports_history, WEB_SIGNED_IN, 0, 0},
	{HTTP_POST, "/campaigns/{slug}/reports/{org}/return", reports_return, WEB_ADMIN, 0, 0},
	{HTTP_POST, "/campaigns/{slug}/reports/{org}/accept", reports_accept, WEB_ADMIN, 0, 0},
	{HTTP_POST, "/campaigns/{slug}/reports/{org}/reopen", reports_reopen, WEB_ADMIN, 0, 0},
	{HTTP_POST, "/campaigns/{slug}/reports/{org}/lock-exception", reports_lock_exception, WEB_ADMIN, 0,
	 0},
	{GH, "/api/v1/campaigns/{slug}/reports", reports_admin_list, WEB_ADMIN, 0, 0},
	{GH, "/api/v1/campaigns/{slug}/reports/{org}", reports_show, WEB_SIGNED_IN, 0, 0},
	{HTTP_PUT, "/api/v1/campaigns/{slug}/reports/{org}", reports_post, WEB_SIGNED_IN, 0,
	 WEB_REPORT_JSON_BODY, 0},
	{HTTP_POST, "/api/v1/campaigns/{slug}/reports/{org}/submit", reports_submit, WEB_SIGNED_IN, 0, 0},
	{GH, "/api/v1/campaigns/{slug}/reports/{org}/history", reports_history, WEB_SIGNED_IN, 0, 0},
	{HTTP_POST, "/api/v1/campaigns/{slug}/reports/{org}/return", reports_return, WEB_ADMIN, 0, 0},
	{HTTP_POST, "/api/v1/campaigns/{slug}/reports/{org}/accept", reports_accept, WEB_ADMIN, 0, 0},
	{HTTP_POST, "/api/v1/campaigns/{slug}/reports/{org}/reopen", reports_reopen, WEB_ADMIN, 0, 0},
	{HTTP_POST, "/api/v1/campaigns/{slug}/reports/{org}/lock-exception", reports_lock_exception,
	 WEB_ADMIN, 0, 0},
	/* Importing reports from CSV (web/import.c). */
	{GH, "/admin/campaigns/{slug}/import", import_form, WEB_ADMIN, 0, 0},
	{HTTP_POST, "/admin/campaigns/{slug}/import", import_run, WEB_ADMIN, HTTP_ROUTE_BLOCKING, 4u << 20},
	{HTTP_POST, "/api/v1/campaigns/{slug}/import", import_run, WEB_ADMIN, HTTP_ROUTE_BLOCKING, 4u << 20},
	/* The department's view (web/dashboard.c, web/exports.c, web/reminders.c). */
	{GH, "/admin/campaigns/{slug}/dashboard", dashboard_show, WEB_ADMIN, 0, 0},
	{GH, "/api/v1/campaigns/{slug}/dashboard", dashboard_show, WEB_ADMIN, 0, 0},
	{GH, "/admin/campaigns/{slug}/summary.xlsx", exports_xlsx, WEB_ADMIN, HTTP_ROUTE_BLOCKING, 0},
	{GH, "/admin/campaigns/{slug}/summary.csv", exports_csv, WEB_ADMIN, HTTP_ROUTE_BLOCKING, 0},
	{GH, "/admin/campaigns/{slug}/summary.json", exports_json, WEB_ADMIN, HTTP_ROUTE_BLOCKING, 0},
	{GH, "/api/v1/campaigns/{slug}/summary.xlsx", exports_xlsx, WEB_ADMIN, HTTP_ROUTE_BLOCKING, 0},
	{GH, "/api/v1/campaigns/{slug}/summary.csv", exports_csv, WEB_ADMIN, HTTP_ROUTE_BLOCKING, 0},
	{GH, "/api/v1/campaigns/{slug}/summary.json", exports_json, WEB_ADMIN, HTTP_ROUTE_BLOCKING, 0},
	{GH, "/admin/campaigns/{slug}/reminders", reminders_show, WEB_ADMIN, 0, 0},
	{HTTP_POST, "/admin/campaigns/{slug}/reminders", reminders_send, WEB_ADMIN, 0, 0},
	{GH, "/api/v1/campaigns/{slug}/reminders", reminders_show, WEB_ADMIN, 0, 0},
	{HTTP_POST, "/api/v1/campaigns/{slug}/reminders", reminders_send, WEB_ADMIN, 0, 0},
	{GH, "/admin/mail", reminders_outbox, WEB_ADMIN, 0, 0},
	{GH, "/api/v1/mail", reminders_outbox, WEB_ADMIN, 0, 0},
	/*
	 * The contest's public side (web/contest.c). The API's POSTs have no session
	 * and take JSON only, like the API sign-in (WEB_ROUTE_JSON_SIGNIN): no token.
	 */
	{GH, "/campaigns/{slug}/contest", contest_rules, WEB_PUBLIC, 0, 0},
	{HTTP_POST, "/campaigns/{slug}/contest/entries", contest_entry_post, WEB_PUBLIC, 0,
	 CONTEST_FORM_BODY},
	{GH, "/campaigns/{slug}/contest/status/{token}", contest_status, WEB_PUBLIC, HTTP_ROUTE_SECRET_PATH,
	 0},
	{HTTP_POST, "/campaigns/{slug}/contest/status/{token}/withdraw", contest_withdraw, WEB_PUBLIC,
	 HTTP_ROUTE_SECRET_PATH, 16384},
	{GH, "/campaigns/{slug}/contest/confirm/{token}", contest_confirm_page, WEB_PUBLIC,
	 HTTP_ROUTE_SECRET_PATH, 0},
	{HTTP_POST, "/campaigns/{slug}/contest/confirm/{token}", contest_confirm, WEB_PUBLIC,
	 HTTP_ROUTE_SECRET_PATH, 16384},
	{GH, "/api/v1/campaigns/{slug}/contest", contest_rules, WEB_PUBLIC, 0, 0},
	{HTTP_POST, "/api/v1/campaigns/{slug}/contest/entries", contest_entry_post, WEB_PUBLIC,
	 WEB_ROUTE_JSON_SIGNIN, CONTEST_JSON_BODY},
	{GH, "/api/v1/campaigns/{slug}/contest/status/{token}", contest_status, WEB_PUBLIC,
	 HTTP_ROUTE_SECRET_PATH, 0},
	{HTTP_POST, "/api/v1/campaigns/{slug}/contest/status/{token}/withdraw", contest_withdraw, WEB_PUBLIC,
	 HTTP_ROUTE_SECRET_PATH | WEB_ROUTE_JSON_SIGNIN, 16384},
	{HTTP_POST, "/api/v1/campaigns/{slug}/contest/confirm/{token}", contest_confirm, WEB_PUBLIC,
	 HTTP_ROUTE_SECRET_PATH | WEB_ROUTE_JSON_SIGNIN, 16384},
	/* The contest's results (web/contest_admin.c), public once published. */
	{GH, "/campaigns/{slug}/contest/results", contest_results, WEB_PUBLIC, 0, 0},
	{GH, "/api/v1/campaigns/{slug}/contest/results", contest_results, WEB_PUBLIC, 0, 0},
	/* Moderation, the jury's assignment, judging, publication, purge (web/contest_admin.c). */
	{GH, "/admin/campaigns/{slug}/contest", contest_admin_overview, WEB_ADMIN, 0, 0},
	{GH, "/admin/campaigns/{slug}/contest/entries", contest_admin_entries, WEB_ADMIN, 0, 0},
	{GH, "/admin/campaigns/{slug}/contest/entries/{id}", contest_admin_entry, WEB_ADMIN, 0, 0},
	{HTTP_POST, "/admin/campaigns/{slug}/contest/entries/{id}/decision", contest_admin_decide, WEB_ADMIN,
	 0, 16384},
	{HTTP_POST, "/admin/campaigns/{slug}/contest/decisions", contest_admin_bulk, WEB_ADMIN, 0, 65536,
	 260},
	{HTTP_POST, "/admin/campaigns/{slug}/contest/jurors", contest_admin_jurors, WEB_ADMIN, 0, 16384},
	{HTTP_POST, "/admin/campaigns/{slug}/contest/exclusions", contest_admin_exclusions, WEB_ADMIN, 0,
	 16384},
	{HTTP_POST, "/admin/campaigns/{slug}/contest/judging", contest_admin_judging, WEB_ADMIN, 0, 16384},
	{HTTP_POST, "/admin/campaigns/{slug}/contest/publish", contest_admin_publish, WEB_ADMIN, 0, 16384},
	{HTTP_POST, "/admin/campaigns/{slug}/contest/purge", contest_admin_purge, WEB_ADMIN, 0, 16384},
	{GH, "/admin/campaigns/{slug}/contest/destructions.csv", contest_admin_destructions_csv, WEB_ADMIN, 0,
	 0},
	{GH, "/admin/campaigns/{slug}/contest/protocol", contest_admin_protocol, WEB_ADMIN, 0, 0},
	{GH, "/admin/campaigns/{slug}/contest/protocol.xlsx", exports_contest_protocol, WEB_ADMIN,
	 HTTP_ROUTE_BLOCKING, 0},
	{GH, "/api/v1/campaigns/{slug}/contest/protocol.xlsx", exports_contest_protocol, WEB_ADMIN,
	 HTTP_ROUTE_BLOCKING, 0},
	{GH, "/api/v1/campaigns/{slug}/contest/admin", contest_admin_overview, WEB_ADMIN, 0, 0},
	{GH, "/api/v1/campaigns/{slug}/contest/entries", contest_admin_entries, WEB_ADMIN, 0, 0},
	{GH, "/api/v1/campaigns/{slug}/contest/entries/{id}", contest_admin_entry, WEB_ADMIN, 0, 0},
	{HTTP_POST, "/api/v1/campaigns/{slug}/contest/entries/{id}/decision", contest_admin_decide, WEB_ADMIN,
	 0, 16384},
	{HTTP_POST, "/api/v1/campaigns/{slug}/contest/decisions", contest_admin_bulk, WEB_ADMIN, 0, 65536},
	{HTTP_POST, "/api/v1/campaigns/{slug}/contest/jurors", contest_admin_jurors, WEB_ADMIN, 0, 16384},
	{HTTP_POST, "/api/v1/campaigns/{slug}/contest/exclusions", contest_admin_exclusions, WEB_ADMIN, 0,
	 16384},
	{HTTP_POST, "/api/v1/campaigns/{slug}/contest/judging", contest_admin_judging, WEB_ADMIN, 0, 16384},
	{HTTP_POST, "/api/v1/campaigns/{slug}/contest/publish", contest_admin_publish, WEB_ADMIN, 0, 16384},
	{HTTP_POST, "/api/v1/campaigns/{slug}/contest/purge", contest_admin_purge, WEB_ADMIN, 0, 16384},
	/* The contest jury (web/jury.c). */
	{GH, "/jury", jury_home, WEB_JUROR, 0, 0},
	{GH, "/jury/{slug}", jury_queue, WEB_JUROR, 0, 0},
	{GH, "/jury/{slug}/entries/{id}", jury_entry, WEB_JUROR, 0, 0},
	{HTTP_POST, "/jury/{slug}/entries/{id}", jury_score, WEB_JUROR, 0, 16384},
	{GH, "/api/v1/jury", jury_home, WEB_JUROR, 0, 0},
	{GH, "/api/v1/jury/{slug}/entries", jury_queue, WEB_JUROR, 0, 0},
	{GH, "/api/v1/jury/{slug}/entries/{id}", jury_entry, WEB_JUROR, 0, 0},
	{HTTP_PUT, "/api/v1/jury/{slug}/entries/{id}/score", jury_score, WEB_JUROR, 0, 16384},
	{GH, "/healthz", ops_healthz, WEB_PUBLIC, WEB_ROUTE_NO_SESSION, 0},
	{GH, "/metrics", ops_metrics, WEB_LOOPBACK, 0, 0},
	{GH, "/static/{path*}", ops_static, WEB_PUBLIC, WEB_ROUTE_NO_SESSION, 0},
};
#pragma GCC diagnostic pop

static struct web_config config;
static _Thread_local struct store *thread_store;
static pthread_mutex_t stores_lock = PTHREAD_MUTEX_INITIALIZER;
static struct store *stores[MAX_STORES];
static size_t nstores;

static int web_guard(struct http_request *req, struct http_response *resp);
static void doc_cache_clear(void);
static enum store_rc load_session(struct http_request *req, struct web_ctx *ctx);
static void web_error(struct http_request *req, struct http_response *resp, int status, const char *code,
		      const char *message, const char *field);

static const struct http_app app = {
	.routes = routes,
	.nroutes = sizeof(routes) / sizeof(routes[0]),
	.guard = web_guard,
	.error = web_error,
};

int
web_init(const struct web_config *cfg)
{
	config = *cfg;
	if (config.session_idle <= 0)
		config.session_idle = 2 * 3600;
	if (config.session_absolute <= 0)
		config.session_absolute = 12 * 3600;
	if (cfg->assets_dir)
		cache_disable();
	if (view_init(cfg->assets_dir) < 0)
		return -1;
	if (auth_init() < 0)
		return -1;
	if (contest_init(config.contest_address_limit) < 0)
		return -1;
	return 0;
}

const struct http_app *
web_app(void)
{
	return &app;
}

void
web_shutdown(void)
{
	size_t i;

	pthread_mutex_lock(&stores_lock);
	for (i = 0; i < nstores; i++)
		store_close(stores[i]);
	nstores = 0;
	pthread_mutex_unlock(&stores_lock);
	auth_shutdown();
	contest_shutdown();
	doc_cache_clear();
	cache_clear();
	view_shutdown();
}

const struct web_config *
web_config(void)
{
	return &config;
}

struct store *
web_store(void)
{
	struct store *st = NULL;

	if (thread_store)
		return thread_store;
	pthread_mutex_lock(&stores_lock);
	if (nstores < MAX_STORES && store_open(config.db_url, &st) == STORE_OK)
		stores[nstores++] = st;
	else if (st) {
		store_close(st);
		st = NULL;
	}
	pthread_mutex_unlock(&stores_lock);
	thread_store = st;
	return st;
}

int64_t
web_now(void)
{
	return clock_now();
}

struct web_ctx *
web_ctx(struct http_request *req)
{
	if (req->app == NULL)
		req->app = arena_alloc(req->arena, sizeof(struct web_ctx));
	return req->app;
}

static void
decref(void *p)
{
	json_decref(p);
}

json_t *
web_keep(struct http_request *req, json_t *j)
{
	if (j)
		arena_defer(req->arena, decref, j);
	return j;
}

json_t *
web_pack_at(const char *file, int line, const char *fmt, ...)
{
	json_error_t err;
	va_list ap;
	json_t *j;

	va_start(ap, fmt);
	j = json_vpack_ex(&err, 0, fmt, ap);
	va_end(ap);
	if (j == NULL)
		log_warnx("%s:%d: json_pack: %s", file, line, err.text);
	return j;
}

/*
 * Parsed campaign documents by slug and version: a request reads the
 * version (one indexed row) and copies the parsed document instead of
 * parsing it again; a changed campaign has a new version and replaces its
 * entry. Handlers get a copy of their own, which they may change.
 */
#define DOC_CACHE 16
static pthread_mutex_t doc_cache_lock = PTHREAD_MUTEX_INITIALIZER;
static struct {
	char *slug;
	int64_t version;
	json_t *doc;
} doc_cache[DOC_CACHE];
static size_t doc_cache_next;

static json_t *
doc_cache_get(const char *slug, int64_t version)
{
	json_t *doc = NULL;
	size_t i;

	pthread_mutex_lock(&doc_cache_lock);
	for (i = 0; i < DOC_CACHE && doc == NULL; i++)
		if (doc_cache[i].slug && doc_cache[i].version == version &&
		    strcmp(doc_cache[i].slug, slug) == 0)
			doc = json_deep_copy(doc_cache[i].doc);
	pthread_mutex_unlock(&doc_cache_lock);
	return doc;
}

static void
doc_cache_put(const char *slug, int64_t version, const json_t *doc)
{
	json_t *copy = json_deep_copy(doc);
	size_t i;

	pthread_mutex_lock(&doc_cache_lock);
	for (i = 0; i < DOC_CACHE; i++)
		if (doc_cache[i].slug && strcmp(doc_cache[i].slug, slug) == 0)
			break;
	if (i == DOC_CACHE)
		i = doc_cache_next++ % DOC_CACHE;
	free(doc_cache[i].slug);
	json_decref(doc_cache[i].doc);
	doc_cache[i].slug = xstrdup(slug);
	doc_cache[i].version = version;
	doc_cache[i].doc = copy;
	pthread_mutex_unlock(&doc_cache_lock);
}

static void
doc_cache_clear(void)
{
	for (size_t i = 0; i < DOC_CACHE; i++) {
		free(doc_cache[i].slug);
		json_decref(doc_cache[i].doc);
		doc_cache[i].slug = NULL;
		doc_cache[i].doc = NULL;
	}
}

json_t *
web_campaign(struct http_request *req, struct http_response *resp, const char *slug)
{
	struct store *st = web_store();
	json_t *doc = NULL;
	int64_t version = 0;
	enum store_rc rc;

	if (st == NULL) {
		web_store_error(req, resp, STORE_UNAVAILABLE);
		return NULL;
	}
	if (slug == NULL || (rc = store_campaign_version(st, slug, &version)) != STORE_OK) {
		if (slug == NULL || rc == STORE_NOTFOUND)
			http_error(req, resp, 404, "not_found", "Такой кампании нет.", NULL);
		else
			web_store_error(req, resp, rc);
		return NULL;
	}
	if ((doc = doc_cache_get(slug, version)) != NULL)
		return web_keep(req, doc);
	if ((rc = store_campaign_get(st, slug, &doc)) == STORE_OK &&
	    json_integer_value(json_object_get(doc, "version")) == version)
		doc_cache_put(slug, version, doc);
	if (rc != STORE_OK) {
		if (rc == STORE_NOTFOUND)
			http_error(req, resp, 404, "not_found", "Такой кампании нет.", NULL);
		else
			web_store_error(req, resp, rc);
		return NULL;
	}
	return web_keep(req, doc);
}

const char *
web_input(struct http_request *req, const char *name)
{
	json_t *v;

	if (req->is_api) {
		v = req->json ? json_object_get(req->json, name) : NULL;
		return json_is_string(v) ? json_string_value(v) : NULL;
	}
	return http_params_get(&req->form, name);
}

int
web_int_check(struct http_request *req, struct http_response *resp, const char *field, const char *label,
	      const char *s, int64_t min, int64_t max, int64_t *out)
{
	if (num_parse_i64(s, min, max, out) == 0)
		return 0;
	web_invalid(req, resp, field,
		    arena_printf(req->arena, "%s — целое число от %lld до %lld.", label, (long long)min,
				 (long long)max));
	return -1;
}

int
web_param_int(struct http_request *req, struct http_response *resp, const char *field, const char *label,
	      int64_t min, int64_t max, int64_t def, int64_t *out)
{
	json_t *v = req->is_api && json_is_object(req->json) ? json_object_get(req->json, field) : NULL;
	const char *s;

	if (v && !json_is_null(v)) {
		if (json_is_integer(v) && json_integer_value(v) >= min && json_integer_value(v) <= max) {
			*out = json_integer_value(v);
			return 0;
		}
		s = json_is_string(v) ? json_string_value(v) : "";
	} else if ((s = http_params_get(&req->form, field)) == NULL) {
		s = http_params_get(&req->query, field);
	}
	if (s == NULL || *s == '\0') {
		*out = def;
		return 0;
	}
	return web_int_check(req, resp, field, label, s, min, max, out);
}

void
web_no_store(struct http_request *req, struct http_response *resp)
{
	size_t i;

	for (i = 0; i < resp->nheaders; i++)
		if (strcasecmp(resp->headers[i].name, "Cache-Control") == 0) {
			resp->headers[i].value = "no-store";
			return;
		}
	http_response_header(req, resp, "Cache-Control", "no-store");
}

/* Statuses and their Russian page titles. */
static const char *
status_title(int status)
{
	switch (status) {
	case 400: return "Некорректный запрос";
	case 401: return "Требуется вход";
	case 403: return "Доступ запрещён";
	case 404: return "Страница не найдена";
	case 405: return "Метод не поддерживается";
	case 409: return "Конфликт изменений";
	case 413: return "Слишком большой запрос";
	case 414: return "Слишком длинный адрес";
	case 415: return "Неподдерживаемый формат";
	case 422: return "Проверьте введённые данные";
	case 429: return "Слишком много попыток";
	case 431: return "Слишком большие заголовки";
	case 501: return "Метод не поддерживается";
	case 503: return "Сервис временно недоступен";
	default: return status >= 500 ? "Внутренняя ошибка сервера" : "Ошибка";
	}
}

/*
 * An answer the http layer makes before the guard (413, 414, 404 ...) has
 * no session yet; a page shows who is signed in, so it is looked up here,
 * once, read-only in effect. A failure leaves the page anonymous: the error
 * being answered matters more.
 */
static void
error_session(struct http_request *req)
{
	struct web_ctx *ctx = web_ctx(req);

	if (ctx->session_looked_up || req->is_api)
		return;
	ctx->session_looked_up = 1;
#ifdef SVODKA_FAULT_INJECTION
	store_fault_arm(0); /* a fault armed by an earlier request never hits this lookup */
#endif
	if (load_session(req, ctx) != STORE_OK) {
		ctx->user = NULL;
		ctx->has_role = 0;
		ctx->csrf = NULL;
	}
}

/* What a user of a page can do about a form the server would not read. */
static const char *
error_advice(const char *code)
{
	if (strcmp(code, "too_many_fields") == 0 || strcmp(code, "body_too_large") == 0)
		return "Ничего не сохранено. Вернитесь на предыдущую страницу: если браузер сохранил введённое, "
		       "уменьшите форму (удалите лишние строки или сохраните отчёт частями — по нескольку "
		       "строк за раз) и отправьте её снова. Если это не помогает, обратитесь в департамент.";
	return NULL;
}

static void
web_error(struct http_request *req, struct http_response *resp, int status, const char *code,
	  const char *message, const char *field)
{
	char incident[17];
	unsigned char rnd[8];
	json_t *model, *err;
	char *text;

	/* 501 (a method we do not know) and 503 are the client's or the moment's, not incidents. */
	if (status >= 500 && status != 501 && status != 503) {
		randombytes_buf(rnd, sizeof(rnd));
		sodium_bin2hex(incident, sizeof(incident), rnd, sizeof(rnd));
		log_warnx("incident %s: %s %s: %s", incident, req->method, req->path,
			  message ? message : code);
		message = arena_printf(req->arena,
				       "Произошла внутренняя ошибка. Мы записали её в журнал; "
				       "если она повторится, сообщите администратору номер инцидента %s.",
				       incident);
		code = "internal";
		field = NULL;
	} else if (message == NULL || text_utf8_check(message, strlen(message), 0) < 0) {
		/* A message quoting bytes that are not UTF-8 cannot be JSON: say less. */
		message = status_title(status);
	}
	resp->status = status;
	buf_reset(&resp->body);
	if (req->is_api) {
		err = web_pack("{s:s, s:s}", "code", code, "message", message);
		if (field)
			jx_set(err, "field", jx_str(field));
		model = web_pack("{s:o}", "error", err);
		text = json_dumps(model, JSON_COMPACT);
		json_decref(model);
		resp->content_type = "application/json; charset=utf-8";
		if (buf_adds(&resp->body, text) < 0)
			abort();
		free(text);
		return;
	}
	error_session(req);
	model = web_pack("{s:i, s:s, s:s, s:s}", "status", status, "title", status_title(status), "message",
			 message, "code", code);
	if (field)
		jx_set(model, "field", jx_str(field));
	if (error_advice(code))
		jx_set(model, "advice", jx_str(error_advice(code)));
	if (status >= 500 && status != 501 && status != 503) /* the incident written above */
		jx_set(model, "incident", jx_str(incident));
	resp->content_type = "text/html; charset=utf-8";
	web_respond(req, resp, "error", model);
	resp->status = status;
	if (resp->body.len == 0 && buf_adds(&resp->body, status_title(status)) < 0)
		abort();
}

void
web_invalid(struct http_request *req, struct http_response *resp, const char *field, const char *message)
{
	http_error(req, resp, 422, "invalid", message, field);
}

void
web_store_error(struct http_request *req, struct http_response *resp, enum store_rc rc)
{
	switch (rc) {
	case STORE_NOTFOUND: http_error(req, resp, 404, "not_found", "Запись не найдена.", NULL); break;
	case STORE_CONFLICT:
		http_error(req, resp, 409, "conflict",
			   "Запись уже изменена или такая уже существует. Обновите страницу и повторите.",
			   NULL);
		break;
	case STORE_UNAVAILABLE:
		http_error(req, resp, 503, "unavailable",
			   "База данных временно недоступна. Повторите попытку через минуту.", NULL);
		break;
	default: http_error(req, resp, 500, "internal", "store error", NULL); break;
	}
}

enum store_rc
web_audit(struct http_request *req, const char *action, const char *entity, const char *entity_id,
	  json_t *detail)
{
	struct web_ctx *ctx = web_ctx(req);
	struct store_audit_event e = {
		.actor_id = ctx->user_id,
		.actor_login = ctx->login,
		.action = action,
		.entity = entity,
		.entity_id = entity_id,
		.detail = detail,
		.at = web_now(),
		.remote_ip = req->remote_ip,
	};

	enum store_rc rc = store_audit_add(web_store(), &e);

	json_decref(detail);
	return rc;
}

void
web_respond(struct http_request *req, struct http_response *resp, const char *tpl, json_t *model)
{
	struct web_ctx *ctx = web_ctx(req);
	char *text;

	if (model == NULL) {
		/* A model that could not be built: web_pack logged where and why. */
		http_error(req, resp, 500, "internal", "the page model could not be built", NULL);
		return;
	}
	arena_defer(req->arena, decref, model);
	if (ctx->user)
		web_no_store(req, resp);
	if (resp->status == 0)
		resp->status = 200;
	if (req->is_api) {
		resp->content_type = "application/json; charset=utf-8";
		text = json_dumps(model, JSON_COMPACT);
		if (text == NULL || buf_adds(&resp->body, text) < 0) {
			free(text);
			http_error(req, resp, 500, "internal", "json encoding failed", NULL);
			return;
		}
		free(text);
		return;
	}
	/* The page context: who is signed in, the CSRF token, menu flags. */
	if (ctx->user) {
		json_object_set(model, "me", ctx->user);
		jx_set(model, "me_role_ru", jx_str(ctx->has_role ? password_role_name(ctx->role) : ""));
		jx_set(model, "is_admin", jx_bool(web_is(req, PASSWORD_ROLE_ADMIN)));
		jx_set(model, "is_coordinator", jx_bool(web_is(req, PASSWORD_ROLE_COORDINATOR)));
		jx_set(model, "is_juror", jx_bool(web_is(req, PASSWORD_ROLE_JUROR)));
	}
	if (ctx->csrf)
		jx_set(model, "csrf_token", jx_str(ctx->csrf));
	resp->content_type = "text/html; charset=utf-8";
	if (view_render(tpl, model, &resp->body) < 0) {
		buf_reset(&resp->body);
		if (strcmp(tpl, "error") == 0) {
			/* The error page itself failed: plain words, nothing more to try. */
			resp->status = 500;
			resp->content_type = "text/plain; charset=utf-8";
			if (buf_adds(&resp->body, "Внутренняя ошибка сервера.") < 0)
				abort();
			return;
		}
		http_error(req, resp, 500, "internal", "template failed", NULL);
	}
}

int
web_is(struct http_request *req, enum password_role role)
{
	const struct web_ctx *ctx = web_ctx(req);

	return ctx->user != NULL && ctx->has_role && ctx->role == role;
}

const char *
web_role_ru(const char *role)
{
	enum password_role r;

	if (role == NULL || password_role_parse(role, &r) < 0)
		return "";
	return password_role_name(r);
}

static int
is_loopback(const char *ip)
{
	return ip &&
	       (strncmp(ip, "127.", 4) == 0 || strcmp(ip, "::1") == 0 || strncmp(ip, "::ffff:127.", 11) == 0);
}

/* Hex SHA-256 of the cookie's token, into out[65]. */
static void
token_hash(const char *token, char out[65])
{
	unsigned char h[crypto_hash_sha256_BYTES];

	crypto_hash_sha256(h, (const unsigned char *)token, strlen(token));
	sodium_bin2hex(out, 65, h, sizeof(h));
}

/* Finds the session behind the cookie and fills the context. */
static enum store_rc
load_session(struct http_request *req, struct web_ctx *ctx)
{
	const char *token = http_cookie(req, SESSION_COOKIE);
	struct store *st;
	json_t *s = NULL, *user;
	char hash[65];
	enum store_rc rc;
	int64_t now = web_now();

	if (token == NULL || strlen(token) != 43)
		return STORE_NOTFOUND;
	if ((st = web_store()) == NULL)
		return STORE_UNAVAILABLE;
	token_hash(token, hash);
	if ((rc = store_session_get(st, hash, now, &s)) != STORE_OK)
		return rc;
	arena_defer(req->arena, decref, s);
	user = json_object_get(s, "user");
	ctx->user = user;
	ctx->user_id = json_integer_value(json_object_get(user, "id"));
	ctx->login = json_string_value(json_object_get(user, "login"));
	ctx->has_role = password_role_parse(jx_get_str(user, "role"), &ctx->role) == 0;
	ctx->csrf = json_string_value(json_object_get(s, "csrf"));
	ctx->token_hash = arena_strdup(req->arena, hash);
	if (now - json_integer_value(json_object_get(s, "last_seen")) >= SESSION_TOUCH_EVERY &&
	    store_session_touch(st, hash, now, now + config.session_idle) != STORE_OK)
		log_warnx("%s: session touch failed", __func__);
	return STORE_OK;
}

static int
role_allows(int need, struct http_request *req, const struct web_ctx *ctx)
{
	switch (need) {
	case WEB_PUBLIC: return 1;
	case WEB_SIGNED_IN: return ctx->user != NULL;
	case WEB_ADMIN: return web_is(req, PASSWORD_ROLE_ADMIN);
	case WEB_COORDINATOR: return web_is(req, PASSWORD_ROLE_COORDINATOR);
	case WEB_JUROR: return web_is(req, PASSWORD_ROLE_JUROR);
	case WEB_LOOPBACK: return is_loopback(req->remote_ip) || web_is(req, PASSWORD_ROLE_ADMIN);
	default: abort();
	}
}

/*
 * Constant-time comparison of a presented CSRF token with the expected one.
 */
static int
csrf_equal(const char *got, const char *want)
{
	size_t n;

	if (got == NULL || want == NULL || (n = strlen(want)) == 0 || strlen(got) != n)
		return 0;
	return sodium_memcmp(got, want, n) == 0;
}

#ifdef SVODKA_FAULT_INJECTION
#define FAULT_HEADER "X-Svodka-Fault"
#define FAULT_MAX 1000

/*
 * Test builds only: arms the store's fault countdown on this thread from
 * the request's X-Svodka-Fault header (1..FAULT_MAX: that store call of
 * the request, the session lookup included, fails), or disarms it when the
 * header is absent, so a fault never outlives its request: guard and
 * handler run on one thread, and every request passes here first. -1 on
 * a malformed value.
 */
static int
fault_arm(struct http_request *req)
{
	const char *v = http_header(req, FAULT_HEADER);
	int64_t n;

	store_fault_arm(0);
	if (v == NULL)
		return 0;
	if (num_parse_i64(v, 1, FAULT_MAX, &n) < 0)
		return -1;
	store_fault_arm((int)n);
	return 0;
}
#endif

/*
 * The guard: session → user; CSRF on unsafe methods; role. Answers 401 (API)
 * or a redirect to the sign-in page (pages) for anonymous users on
 * protected routes, 403 for a wrong role or a bad CSRF token, 503 when the
 * database is down; in test builds 400 for a malformed X-Svodka-Fault.
 */
static int
web_guard(struct http_request *req, struct http_response *resp)
{
	struct web_ctx *ctx = web_ctx(req);
	const char *got;
	enum store_rc rc;
	int unsafe = !(req->method_bit & (HTTP_GET | HTTP_HEAD | HTTP_OPTIONS));

#ifdef SVODKA_FAULT_INJECTION
	if (fault_arm(req) < 0) {
		http_error(req, resp, 400, "invalid_fault", "X-Svodka-Fault: ожидается число от 1 до 1000.",
			   NULL);
		return -1;
	}
#endif
	/* Static files and health checks need no session. */
	if (req->route->flags & WEB_ROUTE_NO_SESSION)
		return 0;
	ctx->session_looked_up = 1;
	rc = load_session(req, ctx);
	if (rc != STORE_OK && rc != STORE_NOTFOUND) {
		web_store_error(req, resp, rc);
		return -1;
	}
	if (ctx->user == NULL)
		ctx->csrf = http_cookie(req, CSRF_COOKIE);

	if (unsafe && req->is_api && req->content_type &&
	    strcmp(req->content_type, "application/json") == 0 && !json_is_object(req->json)) {
		http_error(req, resp, 400, "invalid_json", "Тело запроса должно быть объектом JSON.", NULL);
		return -1;
	}
	if (unsafe) {
		if (req->route->flags & WEB_ROUTE_JSON_SIGNIN) {
			/*
			 * Sign-in through the API has no session yet. It takes JSON only, which
			 * a cross-site page cannot send without a CORS preflight that svodka
			 * never grants, so no token is needed.
			 */
			if (req->content_type == NULL || strcmp(req->content_type, "application/json") != 0) {
				http_error(req, resp, 415, "unsupported_media_type",
					   "Ожидается тело запроса в формате JSON (application/json).", NULL);
				return -1;
			}
		} else {
			got = http_header(req, CSRF_HEADER);
			if (got == NULL)
				got = http_params_get(&req->form, CSRF_FIELD);
			if (!csrf_equal(got, ctx->csrf)) {
				http_error(
					req, resp, 403, "csrf",
					"Форма устарела или отправлена не с этого сайта. Обновите страницу "
					"и отправьте её ещё раз.",
					NULL);
				return -1;
			}
		}
	}

	if (!role_allows(req->route->role, req, ctx)) {
		if (ctx->user == NULL && req->route->role != WEB_LOOPBACK) {
			if (req->is_api) {
				http_error(req, resp, 401, "unauthorized", "Требуется вход в систему.", NULL);
			} else {
				http_redirect(req, resp, 303,
					      arena_printf(req->arena, "/login?next=%s",
							   web_url_encode(req->arena, req->path)));
				web_no_store(req, resp);
			}
			return -1;
		}
		http_error(req, resp, 403, "forbidden", "У вашей роли нет доступа к этой странице.", NULL);
		return -1;
	}
	return 0;
}

void
web_set_session_cookie(struct http_request *req, struct http_response *resp, const char *token)
{
	const char *secure = config.secure ? "; Secure" : "";

	if (token)
		http_response_header(req, resp, "Set-Cookie",
				     arena_printf(req->arena,
						  SESSION_COOKIE "=%s; Path=/; HttpOnly; SameSite=Lax%s",
						  token, secure));
	else
		http_response_header(req, resp, "Set-Cookie",
				     arena_printf(req->arena,
						  SESSION_COOKIE
						  "=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0%s",
						  secure));
}

void
web_ensure_csrf_cookie(struct http_request *req, struct http_response *resp)
{
	struct web_ctx *ctx = web_ctx(req);
	unsigned char rnd[32];
	char tok[65];

	if (ctx->csrf && strlen(ctx->csrf) == 64)
		return;
	randombytes_buf(rnd, sizeof(rnd));
	sodium_bin2hex(tok, sizeof(tok), rnd, sizeof(rnd));
	ctx->csrf = arena_strdup(req->arena, tok);
	http_response_header(req, resp, "Set-Cookie",
			     arena_printf(req->arena, CSRF_COOKIE "=%s; Path=/; HttpOnly; SameSite=Lax%s",
					  tok, config.secure ? "; Secure" : ""));
}

void
web_token_hash(const char *token, char out[65])
{
	token_hash(token, out);
}

char *
web_url_encode(struct arena *a, const char *s)
{
	static const char hex[] = "0123456789ABCDEF";
	size_t n = strlen(s), i, j = 0;
	char *out = arena_alloc(a, 3 * n + 1);

	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];

		if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
		    c == '_' || c == '.' || c == '~' || c == '/') {
			out[j++] = (char)c;
		} else {
			out[j++] = '%';
			out[j++] = hex[c >> 4];
			out[j++] = hex[c & 15];
		}
	}
	out[j] = '\0';
	return out;
}
