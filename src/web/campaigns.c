/*
 * campaigns: the department's campaign editing. An admin lists the
 * campaigns, creates one (empty, or as a copy of another: that is how next
 * year's campaign starts), edits it, exports it as the JSON file format of
 * data/ and imports such a file. The API twins take and give the campaign
 * document itself.
 *
 * Here are the handlers and the save. The edit page's form is turned
 * into the campaign document by campaign_form.c, and every document (the
 * form's, the API's, an imported file) passes the same rules of
 * domain/campaign.c; a refused form comes back with its errors beside the
 * fields. What needs I/O stays here: the time zone must exist in the
 * system's tz database, the org units in the store.
 *
 * Every save and its audit event share one transaction.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "domain/campaign.h"
#include "domain/text.h"
#include "util/log.h"
#include "web/campaign_form.h"
#include "domain/contest.h"
#include "web/web.h"

#define ZONEINFO "/usr/share/zoneinfo"

static void
decref(void *p)
{
	json_decref(p);
}

/* Fills *err as domain/campaign_field.c does: path, reason, «Поле path: reason». */
__attribute__((format(printf, 3, 4))) static void
set_error(struct campaign_error *err, const char *path, const char *fmt, ...)
{
	va_list ap;
	int r;

	memset(err, 0, sizeof(*err));
	if ((size_t)snprintf(err->path, sizeof(err->path), "%s", path) >= sizeof(err->path))
		abort(); /* paths are ours */
	va_start(ap, fmt);
	r = vsnprintf(err->reason, sizeof(err->reason), fmt, ap);
	va_end(ap);
	if (r < 0 || (size_t)r >= sizeof(err->reason))
		abort(); /* messages are ours, their arguments bounded */
	r = snprintf(err->message, sizeof(err->message), "Поле %s: %s", err->path, err->reason);
	if (r < 0 || (size_t)r >= sizeof(err->message))
		abort();
}

/*
 * Whether the zone exists in the system's tz database: a TZif file under
 * /usr/share/zoneinfo. tz has passed campaign_time_zone_check (no dots, no
 * leading slash), so the path stays inside that folder.
 */
static int
zone_exists(const char *tz)
{
	char path[256], magic[4];
	int fd, r;
	ssize_t n;

	if (campaign_time_zone_check(tz) < 0)
		return 0;
	r = snprintf(path, sizeof(path), ZONEINFO "/%s", tz);
	if (r < 0 || (size_t)r >= sizeof(path))
		return 0;
	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) < 0) {
		if (errno != ENOENT && errno != ENOTDIR)
			log_warn("%s: open %s", __func__, path);
		return 0;
	}
	n = read(fd, magic, sizeof(magic));
	close(fd);
	return n == (ssize_t)sizeof(magic) && memcmp(magic, "TZif", 4) == 0;
}

/* The municipalities (org units below the region), in the store's order. */
static enum store_rc
munis_load(struct store *st, json_t **out)
{
	json_t *units = NULL, *u, *munis;
	enum store_rc rc;
	size_t i;

	*out = NULL;
	if (st == NULL)
		return STORE_UNAVAILABLE;
	if ((rc = store_org_unit_list(st, &units)) != STORE_OK)
		return rc;
	munis = jx_arr();
	json_array_foreach(units, i, u)
	{
		if (json_string_value(json_object_get(u, "parent")) != NULL)
			json_array_append(munis, u);
	}
	json_decref(units);
	*out = munis;
	return STORE_OK;
}

static int
muni_known(const json_t *munis, const char *code)
{
	json_t *u;
	size_t i;

	json_array_foreach(munis, i, u)
	{
		if (strcmp(campaign_form_str(u, "code"), code) == 0)
			return 1;
	}
	return 0;
}

/* ---- the list ---- */

/*
 * The list page (or {"campaigns": [...]} under /api/) with an optional
 * import message. Takes no references.
 */
static void
list_page(struct http_request *req, struct http_response *resp, int status, const char *import_error)
{
	json_t *list = NULL, *c, *m, *doc;
	enum store_rc rc = STORE_UNAVAILABLE;
	size_t i;

	if (web_store() == NULL || (rc = store_campaign_list(web_store(), &list)) != STORE_OK) {
		web_store_error(req, resp, web_store() == NULL ? STORE_UNAVAILABLE : rc);
		return;
	}
	json_array_foreach(list, i, c)
	{
		jx_set(c, "starts_ru", jx_str(campaign_form_date_ru(req, campaign_form_str(c, "starts"))));
		jx_set(c, "ends_ru", jx_str(campaign_form_date_ru(req, campaign_form_str(c, "ends"))));
		jx_set(c, "due_ru", jx_str(campaign_form_date_ru(req, campaign_form_str(c, "due"))));
		if ((doc = web_campaign(req, resp, campaign_form_str(c, "slug"))) == NULL) {
			json_decref(list);
			return;
		}
		jx_set(c, "has_contest", jx_bool(contest_block(doc) != NULL));
	}
	m = web_pack("{s:s, s:o, s:b}", "title", "Кампании: управление", "campaigns", list, "empty",
		     json_array_size(list) == 0);
	if (m != NULL && import_error) /* NULL: web_respond answers 500 */
		jx_set(m, "import_error", jx_str(import_error));
	resp->status = status;
	web_respond(req, resp, "admin_campaigns", m);
}

/* GET /admin/campaigns: 200. */
void
campaigns_admin_list(struct http_request *req, struct http_response *resp)
{
	list_page(req, resp, 200, NULL);
}

/* ---- saving ---- */

/* Answers a refused save as fits where it came from. */
static void
refuse(struct http_request *req, struct http_response *resp, struct campaign_edit *e, int status,
       const struct campaign_error *err)
{
	switch (e->via) {
	case CAMPAIGN_VIA_API:
		http_error(req, resp, status, status == 409 ? "conflict" : "invalid", err->message,
			   err->path);
		return;
	case CAMPAIGN_VIA_IMPORT:
		list_page(req, resp, status, arena_printf(req->arena, "Файл не принят. %s", err->message));
		return;
	case CAMPAIGN_VIA_FORM:
		campaign_form_mark(req, e, err);
		campaign_form_page(req, resp, status, e, 0);
		return;
	}
	abort();
}

/* The top-level keys whose values differ between two documents (version aside). */
static json_t *
changed_keys(const json_t *before, const json_t *after)
{
	json_t *keys = jx_arr(), *v;
	const char *k;

	json_object_foreach((json_t *)after, k, v)
	{
		if (strcmp(k, "version") != 0 && !json_equal(v, json_object_get(before, k)))
			jx_append(keys, jx_str(k));
	}
	json_object_foreach((json_t *)before, k, v)
	{
		if (strcmp(k, "version") != 0 && json_object_get(after, k) == NULL)
			jx_append(keys, jx_str(k));
	}
	return keys;
}

/*
 * Validates doc (borrowed) and saves it: creates the campaign or updates
 * e->slug from e->version, with its audit event, in one transaction. Then
 * answers: the API 201/200 with the document, the form 303 to the list, an
 * import 303 to the new campaign's page. Refusals: 422 (invalid, naming the
 * field), 409 (slug taken, or someone saved first), 404 (no such campaign).
 */
static void
save(struct http_request *req, struct http_response *resp, struct campaign_edit *e, const json_t *doc)
{
	struct store *st = web_store();
	struct campaign_error err;
	json_t *clean = NULL, *old = NULL, *in_use = NULL, *detail, *u;
	const char *slug;
	enum store_rc rc;
	size_t i;

	if (campaign_validate(doc, &clean, &err) < 0) {
		refuse(req, resp, e, 422, &err);
		return;
	}
	arena_defer(req->arena, decref, clean);
	slug = campaign_form_str(clean, "slug");
	if (!e->is_new && strcmp(slug, e->slug) != 0) {
		set_error(&err, "slug", "адрес кампании изменить нельзя: он должен остаться «%s»", e->slug);
		refuse(req, resp, e, 422, &err);
		return;
	}
	if (!zone_exists(campaign_form_str(clean, "time_zone"))) {
		set_error(
			&err, "time_zone",
			"такого часового пояса нет в базе часовых поясов; укажите, например, Asia/Vladivostok");
		refuse(req, resp, e, 422, &err);
		return;
	}
	json_array_foreach(json_object_get(clean, "org_units"), i, u)
	{
		if (!muni_known(e->munis, json_string_value(u))) {
			set_error(&err, arena_printf(req->arena, "org_units[%zu]", i),
				  "муниципалитета с кодом «%s» нет в справочнике", json_string_value(u));
			refuse(req, resp, e, 422, &err);
			return;
		}
	}

	if ((rc = store_begin(st, 1)) != STORE_OK)
		goto fail;
	if (e->is_new) {
		if ((rc = store_campaign_create(st, clean, web_now())) != STORE_OK)
			goto fail;
		detail = web_pack("{s:s, s:s}", "title", campaign_form_str(clean, "title"), "via",
				  e->via == CAMPAIGN_VIA_API      ? "api"
				  : e->via == CAMPAIGN_VIA_IMPORT ? "import"
								  : "form");
	} else {
		if ((rc = store_campaign_get(st, e->slug, &old)) != STORE_OK)
			goto fail;
		if (json_integer_value(json_object_get(old, "version")) != e->version) {
			rc = STORE_CONFLICT;
			goto fail;
		}
		/*
		 * Every form of the stored campaign counts as in use: the store cannot
		 * yet list the form codes its reports use. With such a function, pass
		 * its answer here instead and unused forms become deletable.
		 */
		in_use = campaign_form_codes(old);
		if (campaign_forms_check_edit(old, clean, in_use, &err) < 0) {
			store_rollback(st);
			json_decref(in_use);
			json_decref(old);
			refuse(req, resp, e, 422, &err);
			return;
		}
		json_decref(in_use);
		if ((rc = store_campaign_update(st, e->slug, clean, e->version, web_now())) != STORE_OK)
			goto fail;
		detail = web_pack("{s:o, s:I}", "changed", changed_keys(old, clean), "from_version",
				  (json_int_t)e->version);
	}
	if ((rc = web_audit(req, e->is_new ? "campaign.create" : "campaign.update", "campaign", slug,
			    detail)) != STORE_OK)
		goto fail;
	if ((rc = store_commit(st)) != STORE_OK)
		goto fail;
	json_decref(old);
	old = NULL;
	switch (e->via) {
	case CAMPAIGN_VIA_API:
		if ((rc = store_campaign_get(st, slug, &old)) != STORE_OK) {
			web_store_error(req, resp, rc);
			return;
		}
		resp->status = e->is_new ? 201 : 200;
		web_respond(req, resp, NULL, old);
		return;
	case CAMPAIGN_VIA_FORM: http_redirect(req, resp, 303, "/admin/campaigns"); return;
	case CAMPAIGN_VIA_IMPORT:
		http_redirect(req, resp, 303, arena_printf(req->arena, "/admin/campaigns/%s", slug));
		return;
	}
	abort();
fail:
	store_rollback(st);
	json_decref(old);
	old = NULL;
	if (rc == STORE_CONFLICT && e->is_new) {
		if (e->via == CAMPAIGN_VIA_IMPORT)
			set_error(
				&err, "slug",
				"кампания с адресом «%s» уже есть. Измените в файле поле \"slug\" на новый адрес "
				"или откройте существующую кампанию и отредактируйте её",
				slug);
		else
			set_error(&err, "slug", "адрес «%s» уже занят другой кампанией; выберите другой",
				  slug);
		refuse(req, resp, e, 409, &err);
		return;
	}
	if (rc == STORE_CONFLICT && e->via == CAMPAIGN_VIA_FORM) {
		/* Someone saved first: the form as typed, based on the stored version now. */
		if (store_campaign_get(st, e->slug, &old) == STORE_OK) {
			json_object_set(e->form, "version", json_object_get(old, "version"));
			json_decref(old);
			e->message =
				"Пока вы редактировали, кампанию сохранил кто-то другой. Ниже — то, что "
				"ввели вы; откройте кампанию в новой вкладке, сравните и сохраните ещё раз.";
			campaign_form_page(req, resp, 409, e, 1);
			return;
		}
	}
	if (rc == STORE_NOTFOUND) {
		http_error(req, resp, 404, "not_found", "Такой кампании нет.", NULL);
		return;
	}
	web_store_error(req, resp, rc);
}

/* Starts an edit: the municipalities loaded. Returns -1 after answering on a store failure. */
static int
edit_begin(struct http_request *req, struct http_response *resp, struct campaign_edit *e,
	   enum campaign_via via, int is_new)
{
	enum store_rc rc;

	memset(e, 0, sizeof(*e));
	e->via = via;
	e->is_new = is_new;
	e->errors = jx_obj();
	arena_defer(req->arena, decref, e->errors);
	if ((rc = munis_load(web_store(), &e->munis)) != STORE_OK) {
		web_store_error(req, resp, rc);
		return -1;
	}
	arena_defer(req->arena, decref, e->munis);
	return 0;
}

/* GET /admin/campaigns/new[?from=SLUG]: 200, the form empty or copied from a campaign; 404. */
void
campaigns_admin_new(struct http_request *req, struct http_response *resp)
{
	const char *from = http_params_get(&req->query, "from");
	struct campaign_edit e;
	json_t *doc = NULL;
	enum store_rc rc;

	if (edit_begin(req, resp, &e, CAMPAIGN_VIA_FORM, 1) < 0)
		return;
	if (from && *from) {
		if ((rc = store_campaign_get(web_store(), from, &doc)) != STORE_OK) {
			if (rc == STORE_NOTFOUND)
				http_error(req, resp, 404, "not_found",
					   "Кампании, которую вы хотите скопировать, нет.", NULL);
			else
				web_store_error(req, resp, rc);
			return;
		}
		e.form = campaign_form_of_doc(req, doc, 1);
		jx_set(e.form, "from", jx_str(from));
		json_decref(doc);
	} else {
		e.form = campaign_form_empty();
	}
	arena_defer(req->arena, decref, e.form);
	campaign_form_page(req, resp, 200, &e, 0);
}

/* The document of an API request: the body without "version". */
static json_t *
api_doc(struct http_request *req)
{
	json_t *doc = json_is_object(req->json) ? json_deep_copy(req->json) : jx_obj();

	json_object_del(doc, "version");
	arena_defer(req->arena, decref, doc);
	return doc;
}

/*
 * The posted edit page: "add" asks for one more row (200, nothing saved);
 * otherwise the document is built and saved. Returns with the answer made.
 */
static void
form_post(struct http_request *req, struct http_response *resp, struct campaign_edit *e)
{
	json_t *doc;
	int64_t ver;

	if (!e->is_new && web_param_int(req, resp, "version", "Версия кампании", 0, INT64_MAX, 0, &ver) < 0)
		return;
	if ((e->form = campaign_form_of_request(req)) == NULL) {
		web_invalid(req, resp, "", "Поля формы должны быть в кодировке UTF-8.");
		return;
	}
	arena_defer(req->arena, decref, e->form);
	if (!e->is_new)
		e->version = json_integer_value(json_object_get(e->form, "version"));
	if (http_params_get(&req->form, "add") != NULL) {
		campaign_form_page(req, resp, 200, e, 0);
		return;
	}
	doc = campaign_form_to_doc(req, e);
	arena_defer(req->arena, decref, doc);
	if (e->message != NULL) {
		campaign_form_page(req, resp, 422, e, 0);
		return;
	}
	save(req, resp, e, doc);
}

/*
 * POST /admin/campaigns (the form), POST /api/v1/campaigns (the document as
 * JSON): creates a campaign. 303 to the list (API: 201 with the document);
 * 422 naming the field; 409 when the slug is taken.
 */
void
campaigns_admin_create(struct http_request *req, struct http_response *resp)
{
	struct campaign_edit e;

	if (edit_begin(req, resp, &e, req->is_api ? CAMPAIGN_VIA_API : CAMPAIGN_VIA_FORM, 1) < 0)
		return;
	if (req->is_api) {
		save(req, resp, &e, api_doc(req));
		return;
	}
	form_post(req, resp, &e);
}

/* GET /admin/campaigns/{slug}: 200, the edit form; 404. */
void
campaigns_admin_edit(struct http_request *req, struct http_response *resp)
{
	const char *slug = http_params_get(&req->params, "slug");
	struct campaign_edit e;
	json_t *doc = NULL;

	if (edit_begin(req, resp, &e, CAMPAIGN_VIA_FORM, 0) < 0)
		return;
	if ((doc = web_campaign(req, resp, slug)) == NULL)
		return;
	e.slug = slug;
	e.form = campaign_form_of_doc(req, doc, 0);
	arena_defer(req->arena, decref, e.form);
	campaign_form_page(req, resp, 200, &e, 0);
}

/*
 * POST /admin/campaigns/{slug} (the form, with the version in a hidden
 * field), PUT /api/v1/campaigns/{slug} (the document plus "version"):
 * replaces the campaign. 303 to the list (API: 200 with the document); 422
 * naming the field (a form of activity in use deleted, among others); 409
 * when someone saved first (the page keeps what was typed); 404 (also for a
 * slug that is not UTF-8).
 */
void
campaigns_admin_update(struct http_request *req, struct http_response *resp)
{
	struct campaign_edit e;
	json_t *doc, *v;
	struct campaign_error err;

	if (edit_begin(req, resp, &e, req->is_api ? CAMPAIGN_VIA_API : CAMPAIGN_VIA_FORM, 0) < 0)
		return;
	e.slug = http_params_get(&req->params, "slug");
	if (text_utf8_check(e.slug, strlen(e.slug), 0) < 0) {
		/* Stored slugs are validated, so none matches; it must not reach jx_str either. */
		http_error(req, resp, 404, "not_found", "Такой кампании нет.", NULL);
		return;
	}
	if (!req->is_api) {
		form_post(req, resp, &e);
		return;
	}
	v = json_object_get(req->json, "version");
	if (!json_is_integer(v) || json_integer_value(v) < 1) {
		set_error(&err, "version", "укажите номер версии, которую вы меняете (целое число из GET)");
		refuse(req, resp, &e, 422, &err);
		return;
	}
	e.version = json_integer_value(v);
	doc = api_doc(req);
	if (json_object_get(doc, "slug") == NULL)
		jx_set(doc, "slug", jx_str(e.slug));
	save(req, resp, &e, doc);
}

/*
 * GET /admin/campaigns/{slug}/export.json: the campaign document as a file
 * in the format of data/ (no version), which imports back as it is. 200;
 * 404.
 */
void
campaigns_admin_export(struct http_request *req, struct http_response *resp)
{
	const char *slug = http_params_get(&req->params, "slug");
	json_t *doc = NULL, *clean = NULL;
	struct campaign_error err;
	char *text;

	if ((doc = web_campaign(req, resp, slug)) == NULL)
		return;
	json_incref(doc); /* released below; the arena keeps its own reference */
	json_object_del(doc, "version");
	/* The validator's copy has the file's order and every default; a stored document always passes. */
	if (campaign_validate(doc, &clean, &err) == 0) {
		json_decref(doc);
		doc = clean;
	} else {
		log_warnx("%s: stored campaign %s does not validate: %s", __func__, slug, err.message);
	}
	text = json_dumps(doc, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
	json_decref(doc);
	if (text == NULL) {
		http_error(req, resp, 500, "internal", "json encoding failed", NULL);
		return;
	}
	if (buf_adds(&resp->body, text) < 0 || buf_addc(&resp->body, '\n') < 0) {
		free(text);
		http_error(req, resp, 500, "internal", "export too large", NULL);
		return;
	}
	free(text);
	resp->status = 200;
	resp->content_type = "application/json; charset=utf-8";
	http_response_header(req, resp, "Content-Disposition",
			     arena_printf(req->arena, "attachment; filename=\"%s.json\"", slug));
	web_no_store(req, resp);
}

/*
 * POST /admin/campaigns/import (multipart, the file in field "file"):
 * creates a campaign from a file in the format of data/. 303 to its edit
 * page; 422 (no file, not JSON with the line and column, or an invalid
 * document naming the field); 409 when the slug is taken.
 */
void
campaigns_admin_import(struct http_request *req, struct http_response *resp)
{
	const struct http_upload *up = NULL;
	struct campaign_edit e;
	char msg[512];
	const char *data;
	size_t i, len;
	json_t *doc;

	if (edit_begin(req, resp, &e, CAMPAIGN_VIA_IMPORT, 1) < 0)
		return;
	for (i = 0; i < req->nuploads; i++) {
		if (strcmp(req->uploads[i].field, "file") == 0) {
			up = &req->uploads[i];
			break;
		}
	}
	if (up == NULL || up->len == 0) {
		list_page(req, resp, 422,
			  "Выберите файл кампании в формате JSON (как тот, что выгружает «Скачать JSON»).");
		return;
	}
	data = up->data;
	len = up->len;
	if (len >= 3 && memcmp(data, "\xef\xbb\xbf", 3) == 0) { /* a BOM some editors write */
		data += 3;
		len -= 3;
	}
	if ((doc = http_parse_json(data, len, msg, sizeof(msg))) == NULL) {
		const char *m = msg;

		if (strncmp(m, "Тело запроса ", strlen("Тело запроса ")) == 0)
			m = arena_printf(req->arena, "Файл %s", m + strlen("Тело запроса "));
		list_page(req, resp, 422,
			  arena_printf(req->arena, "Файл не принят. %s.", *m ? m : "Это не JSON"));
		return;
	}
	arena_defer(req->arena, decref, doc);
	save(req, resp, &e, doc);
}
