/*
 * import: reports that still arrive as spreadsheets, imported by an admin
 * from CSV (domain/import.h reads the file; docs/import.md describes it).
 * Every upload is a dry run first: the page (or JSON under /api/) lists
 * per municipality what would happen and every row-level issue, and stores
 * nothing. A commit (commit=1) needs a file without errors; it writes every
 * municipality's report as a draft (action "import") and one audit event in
 * a single transaction: all or nothing. Reports already submitted,
 * returned or accepted are never overwritten: such a municipality is an
 * error of the file, so the commit is refused until its rows are removed.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "domain/csv.h"
#include "domain/deadline.h"
#include "domain/import.h"
#include "domain/text.h"
#include "util/civil.h"
#include "domain/workflow.h"
#include "util/tz.h"
#include "web/web.h"

/* The campaign of the route's {slug}; -1 after answering 404 or 503. */
static int
campaign_load(struct http_request *req, struct http_response *resp, json_t **campaign)
{
	*campaign = web_campaign(req, resp, http_params_get(&req->params, "slug"));
	return *campaign ? 0 : -1;
}

/* The page model's common part: title, campaign, the columns of the format; NULL when it cannot be packed. */
static json_t *
page_base(const json_t *campaign, const char *title)
{
	return web_pack("{s:s, s:s, s:s, s:o}", "title", title, "slug", jx_get_str(campaign, "slug"),
			"campaign_title", jx_get_str(campaign, "title") ? jx_get_str(campaign, "title") : "",
			"columns", import_columns());
}

/* GET /admin/campaigns/{slug}/import: the upload form. 200, 404. */
void
import_form(struct http_request *req, struct http_response *resp)
{
	json_t *campaign, *m, *forms, *f, *list, *o;
	size_t i, n = 0;

	if (campaign_load(req, resp, &campaign) < 0)
		return;
	if ((m = page_base(campaign, "Импорт отчётов из CSV")) == NULL) {
		web_no_store(req, resp);
		web_respond(req, resp, "admin_import", NULL); /* 500: web_pack logged why */
		return;
	}
	forms = json_object_get(campaign, "forms");
	list = jx_arr();
	json_array_foreach(forms, i, f)
	{
		if (json_is_true(json_object_get(f, "retired")))
			continue;
		o = web_pack("{s:I, s:s, s:s}", "n", (json_int_t)++n, "code", jx_get_str(f, "code"), "title",
			     jx_get_str(f, "title"));
		if (o)
			jx_append(list, o);
	}
	jx_set(m, "forms", list);
	web_no_store(req, resp);
	web_respond(req, resp, "admin_import", m);
}

/*
 * The CSV of the request: an uploaded file (field "file", else the first
 * one), the text field "csv_text" (the dry-run page sends it back), or,
 * under /api/, a raw text/csv body. Returns 0, or -1 when there is none.
 */
static int
input_get(struct http_request *req, const char **text, size_t *len, const char **name)
{
	const struct http_upload *up = NULL;
	const char *s;
	size_t i;

	for (i = 0; i < req->nuploads; i++) {
		if (strcmp(req->uploads[i].field, "file") == 0) {
			up = &req->uploads[i];
			break;
		}
	}
	if (up == NULL && req->nuploads > 0)
		up = &req->uploads[0];
	if (up != NULL && up->len > 0) {
		*text = up->data;
		*len = up->len;
		*name = up->filename && up->filename[0] ? up->filename : "file.csv";
		return 0;
	}
	if ((s = http_params_get(&req->form, "csv_text")) != NULL && s[0] != '\0') {
		*text = s;
		*len = strlen(s);
		s = http_params_get(&req->form, "file_name");
		*name = s && s[0] ? s : "file.csv";
		return 0;
	}
	if (req->is_api && req->content_type &&
	    (strcmp(req->content_type, "text/csv") == 0 || strcmp(req->content_type, "text/plain") == 0 ||
	     strcmp(req->content_type, "application/octet-stream") == 0) &&
	    req->body_len > 0) {
		*text = req->body;
		*len = req->body_len;
		s = http_params_get(&req->query, "file_name");
		*name = s && s[0] ? s : "body.csv";
		return 0;
	}
	return -1;
}

/* A file name fit for a page and the audit log: UTF-8, one line, ≤ 255 bytes; else "file.csv". */
static const char *
name_clean(struct http_request *req, const char *s)
{
	size_t n = s ? strlen(s) : 0;

	if (n == 0 || n > 255 || text_utf8_check(s, n, TEXT_SINGLE_LINE) < 0)
		return "file.csv";
	return arena_strdup(req->arena, s);
}

/* "1" in the query (API) or the form: commit. */
static int
want_commit(struct http_request *req)
{
	const char *q = http_params_get(&req->query, "commit");
	const char *f = http_params_get(&req->form, "commit");

	return (q && strcmp(q, "1") == 0) || (f && strcmp(f, "1") == 0);
}

/* Local "today" of the campaign (days since 1970-01-01). */
static int64_t
campaign_today(const json_t *campaign)
{
	int off = 0;
	int64_t now = web_now();

	if (tz_offset(jx_get_str(campaign, "time_zone") ? jx_get_str(campaign, "time_zone") : "UTC", now,
		      &off) < 0)
		off = 0;
	return civil_local_day(now, off);
}

/* The status's name («на проверке», workflow_status_name), or the code when it is unknown. */
static const char *
status_ru(const char *status)
{
	enum workflow_status s;

	if (status == NULL || workflow_status_parse(status, &s) < 0)
		return status ? status : "нет отчёта";
	return workflow_status_name(s);
}

/*
 * Reads the stored report of each municipality of res: fills "status",
 * "base_version" and "action" (create, replace, refused), collects the
 * stored data in *previous, and adds an error for a report that is no
 * longer a draft (its message allocated from `a`). Returns STORE_OK or the
 * store's failure.
 */
static enum store_rc
stored_reports(struct arena *a, const char *slug, json_t *res, json_t **previous)
{
	json_t *m, *report;
	enum store_rc rc;
	size_t i;

	*previous = jx_obj();
	json_array_foreach(json_object_get(res, "municipalities"), i, m)
	{
		const char *code = jx_get_str(m, "org_unit"), *status;

		report = NULL;
		rc = store_report_get(web_store(), slug, code, &report);
		if (rc == STORE_NOTFOUND) {
			jx_set(m, "status", json_null());
			jx_set(m, "base_version", jx_int(0));
			jx_set(m, "action", jx_str("create"));
			continue;
		}
		if (rc != STORE_OK)
			return rc;
		status = jx_get_str(report, "status");
		jx_set(m, "status", jx_str(status));
		json_object_set(m, "base_version", json_object_get(report, "version"));
		json_object_set(*previous, code, json_object_get(report, "data"));
		if (status && strcmp(status, "draft") == 0) {
			jx_set(m, "action", jx_str("replace"));
		} else {
			/* The name is the admin's (up to 300 characters): the arena holds any length. */
			const char *msg = arena_printf(
				a,
				"отчёт «%s» уже %s; импорт заменяет только черновики. Уберите строки "
				"этого муниципалитета из файла или верните отчёт на доработку и "
				"откройте его заново",
				jx_get_str(m, "name"), status_ru(status));

			jx_set(m, "action", jx_str("refused"));
			import_issue_add(res, (unsigned)json_integer_value(json_object_get(m, "first_line")),
					 (unsigned)json_integer_value(json_object_get(m, "first_row")),
					 jx_get_str(json_object_get(res, "columns"), "municipality"), 0, code,
					 msg);
		}
		json_decref(report);
	}
	return STORE_OK;
}

/* The answer's municipality list: the summary fields only. */
static json_t *
summary(const json_t *res, int committed)
{
	json_t *out = jx_arr(), *m;
	size_t i;

	json_array_foreach(json_object_get(res, "municipalities"), i, m)
	{
		const char *action = jx_get_str(m, "action") ? jx_get_str(m, "action") : "create";
		const char *ru;
		json_t *s;

		if (committed)
			action = strcmp(action, "create") == 0 ? "created" : "replaced";
		if (strcmp(action, "create") == 0)
			ru = "будет создан черновик";
		else if (strcmp(action, "replace") == 0)
			ru = "черновик будет заменён";
		else if (strcmp(action, "created") == 0)
			ru = "создан черновик";
		else if (strcmp(action, "replaced") == 0)
			ru = "черновик заменён";
		else
			ru = "отказ: отчёт уже не черновик";
		s = web_pack("{s:s, s:s, s:O, s:O, s:O, s:O, s:O, s:O, s:O, s:s, s:s, s:O, s:s, s:b}",
			     "org_unit", jx_get_str(m, "org_unit"), "name", jx_get_str(m, "name"), "rows",
			     json_object_get(m, "rows"), "activities", json_object_get(m, "activities"),
			     "participants", json_object_get(m, "participants"), "reach",
			     json_object_get(m, "reach"), "errors", json_object_get(m, "errors"), "warnings",
			     json_object_get(m, "warnings"), "first_line", json_object_get(m, "first_line"),
			     "action", action, "action_ru", ru, "status",
			     json_object_get(m, "status") ? json_object_get(m, "status") : json_null(),
			     "status_ru", status_ru(jx_get_str(m, "status")), "refused",
			     strcmp(action, "refused") == 0);
		if (s == NULL)
			abort();
		if (json_object_get(m, "version"))
			json_object_set(s, "version", json_object_get(m, "version"));
		jx_append(out, s);
	}
	return out;
}

/*
 * Answers the import result: the dry-run page (with the text to commit),
 * the result page after a commit, or JSON under /api/. status 200 or 422.
 */
static void
answer(struct http_request *req, struct http_response *resp, const json_t *campaign, json_t *res, int dry_run,
       int committed, int status, const char *text, size_t len, const char *name)
{
	const char *enc = jx_get_str(res, "encoding");
	json_int_t errors = json_integer_value(json_object_get(res, "errors"));
	json_t *m, *is;
	size_t i;

	if (req->is_api) {
		m = web_pack("{s:b, s:b, s:s, s:s, s:O, s:s, s:O, s:o, s:O, s:O, s:O, s:O}", "dry_run",
			     dry_run, "committed", committed, "campaign", jx_get_str(campaign, "slug"),
			     "file_name", name, "encoding", json_object_get(res, "encoding"), "delimiter",
			     jx_get_str(res, "delimiter") ? jx_get_str(res, "delimiter") : ";", "rows",
			     json_object_get(res, "rows"), "municipalities", summary(res, committed),
			     "issues", json_object_get(res, "issues"), "errors",
			     json_object_get(res, "errors"), "warnings", json_object_get(res, "warnings"),
			     "issues_truncated", json_object_get(res, "issues_truncated"));
		if (m == NULL)
			abort();
		if (status == 422)
			jx_set(m, "error",
			       web_pack("{s:s, s:s}", "code", "invalid", "message",
					"В файле есть ошибки: импорт не выполнен. Исправьте строки, "
					"перечисленные в issues, и загрузите файл снова."));
		resp->status = status;
		web_respond(req, resp, NULL, m);
		return;
	}
	m = page_base(campaign, committed ? "Импорт выполнен" : "Проверка файла перед импортом");
	if (m == NULL) {
		resp->status = status;
		web_respond(req, resp, "admin_import", NULL); /* 500: web_pack logged why */
		return;
	}
	jx_set(m, "result", json_true());
	jx_set(m, "dry_run", jx_bool(dry_run));
	jx_set(m, "committed", jx_bool(committed));
	jx_set(m, "refused", jx_bool(status == 422));
	jx_set(m, "file_name", jx_str(name));
	jx_set(m, "municipalities", summary(res, committed));
	json_object_set(m, "rows", json_object_get(res, "rows"));
	json_object_set(m, "errors", json_object_get(res, "errors"));
	json_object_set(m, "warnings", json_object_get(res, "warnings"));
	json_object_set(m, "issues_truncated", json_object_get(res, "issues_truncated"));
	json_array_foreach(json_object_get(res, "issues"), i, is)
	{
		jx_set(is, "is_error",
		       jx_bool(strcmp(jx_get_str(is, "level") ? jx_get_str(is, "level") : "", "error") == 0));
	}
	json_object_set(m, "issues", json_object_get(res, "issues"));
	jx_set(m, "has_issues", jx_bool(json_array_size(json_object_get(res, "issues")) > 0));
	if (enc && strcmp(enc, "windows-1251") == 0)
		jx_set(m, "encoding_ru",
		       jx_str("Windows-1251 (так сохраняет «CSV» Excel в русской Windows); "
			      "текст перекодирован в UTF-8"));
	else if (enc && strcmp(enc, "utf-8-bom") == 0)
		jx_set(m, "encoding_ru", jx_str("UTF-8 с меткой BOM (Excel: «CSV UTF-8»)"));
	else
		jx_set(m, "encoding_ru", jx_str("UTF-8"));
	if (jx_get_str(res, "delimiter"))
		jx_set(m, "delimiter_ru", jx_str(csv_delimiter_name(jx_get_str(res, "delimiter")[0])));
	/* The commit form carries the text as UTF-8, so the file need not be chosen again. */
	if (dry_run && errors == 0 && json_array_size(json_object_get(res, "municipalities")) > 0) {
		struct buf utf8;
		enum csv_encoding e;
		unsigned bad;

		buf_init(&utf8, 3 * len + 1);
		if (csv_decode(text, len, &utf8, &e, &bad) == CSV_DECODE_OK) {
			json_t *t = json_stringn(utf8.data, utf8.len);

			jx_set(m, "can_commit", json_true());
			if (t) /* jansson refuses it: no text to carry, as before */
				jx_set(m, "csv_text", t);
		}
		buf_release(&utf8);
	}
	resp->status = status;
	web_respond(req, resp, "admin_import", m);
}

/*
 * POST /admin/campaigns/{slug}/import (multipart: file or csv_text, commit)
 * and POST /api/v1/campaigns/{slug}/import (text/csv body or multipart;
 * ?commit=1). Dry run: 200 with the summary and issues. Commit: 200 after
 * storing every report; 422 when the file has errors (nothing stored); 409
 * when a report changed meanwhile; 404 for an unknown campaign; 422 without
 * a file; 413 (http/) past 4 MiB.
 */
void
import_run(struct http_request *req, struct http_response *resp)
{
	struct web_ctx *ctx = web_ctx(req);
	struct store *st;
	json_t *campaign, *units = NULL, *u, *res = NULL, *previous = NULL, *m;
	const char *text, *name, *slug;
	size_t len, i;
	int commit = want_commit(req), in_tx = 0;
	json_int_t created = 0, replaced = 0, activities = 0;
	enum store_rc rc;

	if (campaign_load(req, resp, &campaign) < 0)
		return;
	slug = jx_get_str(campaign, "slug");
	st = web_store();
	if (input_get(req, &text, &len, &name) < 0) {

		web_invalid(req, resp, "file",
			    req->is_api ? "Пришлите файл CSV: тело запроса с Content-Type: text/csv или поле "
					  "«file» формы multipart/form-data."
					: "Выберите файл CSV.");
		return;
	}
	if ((rc = store_org_unit_list(st, &units)) != STORE_OK) {
		web_store_error(req, resp, rc);
		return;
	}
	web_keep(req, units);
	name = name_clean(req, name);
	/* The region itself never reports. */
	for (i = json_array_size(units); i-- > 0;) {
		u = json_array_get(units, i);
		if (jx_get_str(u, "parent") == NULL)
			json_array_remove(units, i);
	}
	(void)import_parse(text, len, campaign, units, &res);
	web_keep(req, res);
	if (commit) {
		/* Read and write under one write lock, so nothing changes in between. */
		if ((rc = store_begin(st, 1)) != STORE_OK)
			goto fail;
		in_tx = 1;
	}
	rc = stored_reports(req->arena, slug, res, &previous);
	web_keep(req, previous);
	if (rc != STORE_OK)
		goto fail;
	(void)import_check(res, campaign, previous, campaign_today(campaign));
	if (!commit) {
		answer(req, resp, campaign, res, 1, 0, 200, text, len, name);
		return;
	}
	if (json_integer_value(json_object_get(res, "errors")) > 0 ||
	    json_array_size(json_object_get(res, "municipalities")) == 0) {
		store_rollback(st);
		answer(req, resp, campaign, res, 0, 0, 422, text, len, name);
		return;
	}
	json_array_foreach(json_object_get(res, "municipalities"), i, m)
	{
		struct store_report_write w = {
			.campaign = slug,
			.org_unit = jx_get_str(m, "org_unit"),
			.base_version = json_integer_value(json_object_get(m, "base_version")),
			.data = json_object_get(m, "data"),
			.status = "draft",
			.action = "import",
			.actor_id = ctx->user_id,
			.actor_login = ctx->login,
			.now = web_now(),
		};
		int64_t version = 0;

		if ((rc = store_report_write(st, &w, &version)) != STORE_OK)
			goto fail;
		jx_set(m, "version", jx_int(version));
		if (w.base_version == 0)
			created++;
		else
			replaced++;
		activities += json_integer_value(json_object_get(m, "activities"));
	}
	rc = web_audit(req, "report.import", "campaign", slug,
		       web_pack("{s:s, s:s, s:O, s:O, s:I, s:I, s:I, s:I}", "campaign", slug, "file", name,
				"encoding", json_object_get(res, "encoding"), "rows",
				json_object_get(res, "rows"), "municipalities",
				(json_int_t)json_array_size(json_object_get(res, "municipalities")),
				"created", created, "replaced", replaced, "activities", activities));
	if (rc != STORE_OK)
		goto fail;
	if ((rc = store_commit(st)) != STORE_OK) {
		in_tx = 0;
		goto fail;
	}
	answer(req, resp, campaign, res, 0, 1, 200, text, len, name);
	return;
fail:
	if (in_tx)
		store_rollback(st);
	if (rc == STORE_CONFLICT) {
		http_error(
			req, resp, 409, "conflict",
			"Пока шёл импорт, отчёт одного из муниципалитетов изменился. Загрузите файл ещё раз: "
			"проверка покажет текущее состояние.",
			NULL);
		return;
	}
	web_store_error(req, resp, rc);
}
