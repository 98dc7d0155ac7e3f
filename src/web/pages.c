/*
 * pages: the public pages — home with the campaigns, and a campaign's page
 * (period, hashtags, the alliance's links, forms of activity, the contest in
 * brief). The same handlers answer /api/v1/campaigns[/{slug}] as JSON.
 */
#include <stdio.h>
#include <string.h>

#include "domain/campaign.h"
#include "web/cache.h"
#include "web/web.h"

/* Adds "<key>_ru" = ДД.ММ.ГГГГ next to a "YYYY-MM-DD" member, when valid. */
static void
add_date_ru(struct http_request *req, json_t *obj, const char *key)
{
	const char *ru = web_date_ru(req->arena, json_string_value(json_object_get(obj, key)));

	if (ru)
		jx_set(obj, arena_printf(req->arena, "%s_ru", key), jx_str(ru));
}

/* Adds the Russian period text «8 февраля – 8 марта 2022 г.» as "period_ru". */
static void
add_period_ru(struct http_request *req, json_t *obj, const char *from, const char *to)
{
	const char *text = web_period_ru(req->arena, from, to);

	if (text)
		jx_set(obj, "period_ru", jx_str(text));
}

/* GET / and /api/v1/campaigns: 200 with the campaigns, newest first. */
void
pages_home(struct http_request *req, struct http_response *resp)
{
	json_t *list = NULL, *c;
	enum store_rc rc;
	size_t i;

	if (web_store() == NULL) {
		web_store_error(req, resp, STORE_UNAVAILABLE);
		return;
	}
	if ((rc = store_campaign_list(web_store(), &list)) != STORE_OK) {
		web_store_error(req, resp, rc);
		return;
	}
	json_array_foreach(list, i, c)
	{
		add_period_ru(req, c, json_string_value(json_object_get(c, "starts")),
			      json_string_value(json_object_get(c, "ends")));
		add_date_ru(req, c, "due");
	}
	web_respond(req, resp, "home",
		    web_pack("{s:s, s:o, s:b}", "title", "Кампании", "campaigns", list, "empty",
			     json_array_size(list) == 0));
}

/* Numbers the items of an array from 1 as "n", for ordered lists in templates. */
static void
number_items(json_t *arr)
{
	json_t *it;
	size_t i;

	json_array_foreach(arr, i, it)
	{
		if (json_is_object(it))
			jx_set(it, "n", jx_int((json_int_t)i + 1));
	}
}

/* GET /campaigns/{slug} and /api/v1/campaigns/{slug}: 200, or 404. */
void
pages_campaign(struct http_request *req, struct http_response *resp)
{
	const char *slug = http_params_get(&req->params, "slug");
	json_t *doc = NULL, *period, *contest, *forms, *active;
	const char *key = NULL;
	int64_t version = 0;
	json_t *f;
	size_t i;

	if (web_store() == NULL) {
		web_store_error(req, resp, STORE_UNAVAILABLE);
		return;
	}
	/* Anonymous visitors all see the same page: answer it from the cache. */
	if (!req->is_api && web_ctx(req)->user == NULL &&
	    store_campaign_version(web_store(), slug, &version) == STORE_OK) {
		key = arena_printf(req->arena, "campaign:%s", slug);
		if (cache_get(key, version, &resp->body) == 0) {
			resp->status = 200;
			resp->content_type = "text/html; charset=utf-8";
			return;
		}
	}
	if ((doc = web_campaign(req, resp, slug)) == NULL)
		return;
	json_incref(doc); /* web_respond takes a reference; the arena keeps its own */
	if (req->is_api) {
		web_respond(req, resp, NULL, doc);
		return;
	}
	period = json_object_get(doc, "period");
	add_period_ru(req, doc, json_string_value(json_object_get(period, "start")),
		      json_string_value(json_object_get(period, "end")));
	add_date_ru(req, doc, "report_due");
	forms = json_object_get(doc, "forms");
	active = jx_arr();
	json_array_foreach(forms, i, f)
	{
		if (!json_is_true(json_object_get(f, "retired")))
			json_array_append(active, f);
	}
	number_items(active);
	jx_set(doc, "active_forms", active);
	if ((contest = json_object_get(doc, "contest")) != NULL) {
		add_period_ru(req, contest, json_string_value(json_object_get(contest, "entries_from")),
			      json_string_value(json_object_get(contest, "entries_until")));
		add_date_ru(req, contest, "entries_until");
	}
	if (jx_get_str(doc, "title"))
		jx_set(doc, "page_title", jx_str(jx_get_str(doc, "title")));
	version = json_integer_value(json_object_get(doc, "version"));
	web_respond(req, resp, "campaign", doc);
	if (key && resp->status == 200)
		cache_put(key, version, resp->body.data, resp->body.len);
}
