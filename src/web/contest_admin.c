/*
 * contest_admin: the moderators' and the organisers' side of the video
 * contest (docs/contest.md), every route admin-only, HTML and API alike:
 * the contest's overview (counts, jurors, conflicts of interest, judging,
 * results, destruction records), the queue of entries with filters and
 * bulk decisions, the entry card, a decision (accept, or reject with a
 * reason from the list) audited and mailed to the entrant, closing and
 * reopening judging, publishing the results, the purge, the jury's
 * protocol (print view; XLSX in web/contest_results.c) and the public
 * results page.
 *
 * Only these pages open an entrant's sealed data, and only the entry card
 * shows it. Audit details carry codes and numbers, never personal data.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "domain/contest.h"
#include "domain/contest_score.h"
#include "domain/hashtag.h"
#include "mail/outbox.h"
#include "util/log.h"
#include "util/num.h"
#include "util/seal.h"
#include "util/utf8.h"
#include "web/web.h"

#define QUEUE_PAGE 50 /* entries per page of the queue */
#define BULK_MAX 200 /* entries of one bulk decision */
#define NOTE_MAX 1000 /* characters of a rejection's note */
#define GROUND_MAX 1000 /* characters of a purge's ground */

static const char *const reasons[] = {"no_hashtags", "unavailable", "off_topic",
				      "no_consent",  "duplicate",   "other"};
static const char *const statuses[] = {
	"awaiting_confirmation", "received", "accepted", "rejected", "withdrawn", "expired"};

/* The route's {id} as an entry id, 0 when it is not one. */
static int64_t
param_id(struct http_request *req)
{
	int64_t id = 0;

	if (num_parse_i64(http_params_get(&req->params, "id"), 1, INT64_MAX, &id) < 0)
		return 0;
	return id;
}

/* The title of a nomination code in the contest block, or NULL. */
static const char *
nomination_title(const json_t *contest, const char *code)
{
	const json_t *n;
	size_t i;

	if (code == NULL)
		return NULL;
	json_array_foreach(json_object_get(contest, "nominations"), i, n)
	{
		if (jx_get_str(n, "code") && strcmp(jx_get_str(n, "code"), code) == 0)
			return jx_get_str(n, "title");
	}
	return NULL;
}

/* Adds the words people read to an entry model (status, nomination, dates, reason). */
static void
entry_words(struct http_request *req, const json_t *campaign, const json_t *contest, json_t *e)
{
	const char *zone = jx_get_str(campaign, "time_zone");
	const char *status = jx_get_str(e, "status");
	const char *reason = jx_get_str(e, "reject_reason");

	jx_set(e, "status_title", jx_str(contest_status_title(status ? status : "")));
	jx_set(e, "nomination_title", jx_str_or_null(nomination_title(contest, jx_get_str(e, "nomination"))));
	jx_set(e, "submitted_ru",
	       jx_str(web_instant_ru(req->arena, json_integer_value(json_object_get(e, "submitted_at")),
				     zone ? zone : "UTC")));
	if (reason != NULL && contest_reject_reason_title(reason) != NULL)
		jx_set(e, "reject_reason_title", jx_str(contest_reject_reason_title(reason)));
	jx_set(e, "same_person", jx_bool(json_array_size(json_object_get(e, "flags")) > 0));
	jx_set(e, "decidable",
	       jx_bool(status && (strcmp(status, "received") == 0 || strcmp(status, "accepted") == 0 ||
				  strcmp(status, "rejected") == 0)));
	/* Sealed text never leaves the server, opened or not, except on the card. */
	json_object_del(e, "pd_sealed");
	json_object_del(e, "video_sealed");
}

/* The reasons moderators choose from, for the forms. */
static json_t *
reason_list(void)
{
	json_t *a = jx_arr();
	size_t i;

	for (i = 0; i < sizeof(reasons) / sizeof(reasons[0]); i++)
		jx_append(a, web_pack("{s:s, s:s}", "code", reasons[i], "title",
				      contest_reject_reason_title(reasons[i])));
	return a;
}

/* GET /admin/campaigns/{slug}/contest/entries[?status&org_unit&nomination&flag&page] (API twin). */
void
contest_admin_entries(struct http_request *req, struct http_response *resp)
{
	struct store_contest_filter f = {0};
	const json_t *contest;
	json_t *campaign, *entries = NULL, *counts = NULL, *m, *e, *noms, *st_list;
	int64_t page = 1, total = 0, pages;
	enum store_rc rc;
	const char *slug;
	size_t i;

	if ((campaign = web_contest_campaign(req, resp, &contest)) == NULL)
		return;
	slug = jx_get_str(campaign, "slug");
	if (web_param_int(req, resp, "page", "Страница", 1, WEB_PAGE_MAX, 1, &page) < 0)
		return;
	f.status = http_params_get(&req->query, "status");
	f.org_unit = http_params_get(&req->query, "org_unit");
	f.nomination = http_params_get(&req->query, "nomination");
	f.flag = http_params_get(&req->query, "flag");
	if (f.status && !*f.status)
		f.status = NULL;
	if (f.org_unit && !*f.org_unit)
		f.org_unit = NULL;
	if (f.nomination && !*f.nomination && !http_params_get(&req->query, "no_nomination"))
		f.nomination = NULL;
	if (f.flag && !*f.flag)
		f.flag = NULL;
	f.offset = (page - 1) * QUEUE_PAGE;
	f.limit = QUEUE_PAGE;
	if ((rc = store_contest_entry_list(web_store(), slug, &f, &entries, &total)) != STORE_OK ||
	    (rc = store_contest_entry_counts(web_store(), slug, &counts)) != STORE_OK) {
		json_decref(entries);
		web_store_error(req, resp, rc);
		return;
	}
	json_array_foreach(entries, i, e) entry_words(req, campaign, contest, e);
	pages = total ? (total + QUEUE_PAGE - 1) / QUEUE_PAGE : 1;
	noms = jx_arr();
	json_array_foreach(json_object_get(contest, "nominations"), i, e)
	{
		jx_append(noms, web_pack("{s:s?, s:s?, s:b}", "code", jx_get_str(e, "code"), "title",
					 jx_get_str(e, "title"), "selected",
					 f.nomination && jx_get_str(e, "code") &&
						 strcmp(f.nomination, jx_get_str(e, "code")) == 0));
	}
	st_list = jx_arr();
	for (i = 0; i < sizeof(statuses) / sizeof(statuses[0]); i++)
		jx_append(st_list, web_pack("{s:s, s:s, s:O, s:b}", "code", statuses[i], "title",
					    contest_status_title(statuses[i]), "count",
					    json_object_get(counts, statuses[i]), "selected",
					    f.status && strcmp(f.status, statuses[i]) == 0));
	m = web_pack("{s:s, s:s, s:s?, s:o, s:o, s:I, s:I, s:I, s:o, s:o, s:o, s:s?, s:s?, s:b}", "title",
		     "Заявки конкурса", "slug", slug, "campaign_title", jx_get_str(campaign, "title"),
		     "entries", entries, "counts", counts, "total", (json_int_t)total, "page",
		     (json_int_t)page, "pages", (json_int_t)pages, "statuses", st_list, "nominations", noms,
		     "reasons", reason_list(), "org_unit", f.org_unit, "flag", f.flag, "flag_same_person",
		     f.flag && strcmp(f.flag, "same_person") == 0);
	if (m && page > 1)
		jx_set(m, "prev", jx_int(page - 1));
	if (m && page < pages)
		jx_set(m, "next", jx_int(page + 1));
	web_no_store(req, resp);
	web_respond(req, resp, "contest_admin_entries", m);
}

/* The entry of the route, of the route's campaign; NULL after answering. */
static json_t *
route_entry(struct http_request *req, struct http_response *resp, const char *slug)
{
	int64_t id = param_id(req);
	json_t *e = NULL;
	enum store_rc rc;

	if (id == 0 || (rc = store_contest_entry_get(web_store(), id, &e)) == STORE_NOTFOUND ||
	    (rc == STORE_OK && strcmp(jx_get_str(e, "campaign"), slug) != 0)) {
		json_decref(e);
		http_error(req, resp, 404, "not_found", "Такой заявки нет.", NULL);
		return NULL;
	}
	if (rc != STORE_OK) {
		web_store_error(req, resp, rc);
		return NULL;
	}
	return web_keep(req, e);
}

/* GET /admin/campaigns/{slug}/contest/entries/{id} (API twin): the card, with the opened data. */
void
contest_admin_entry(struct http_request *req, struct http_response *resp)
{
	const struct seal *s = seal_global();
	const json_t *contest;
	json_t *campaign, *e, *pd = NULL, *m, *check;
	char *video = NULL, *msg;
	const char *slug;

	if ((campaign = web_contest_campaign(req, resp, &contest)) == NULL)
		return;
	slug = jx_get_str(campaign, "slug");
	if ((e = route_entry(req, resp, slug)) == NULL)
		return;
	if (s != NULL && jx_get_str(e, "pd_sealed"))
		pd = seal_open_json(s, jx_get_str(e, "pd_sealed"));
	if (s != NULL && jx_get_str(e, "video_sealed") &&
	    seal_open(s, jx_get_str(e, "video_sealed"), &video, NULL) < 0)
		video = NULL;
	if (pd == NULL && jx_get_str(e, "pd_sealed") != NULL)
		log_warnx("%s: entry %lld: sealed data does not open with this key", __func__,
			  (long long)json_integer_value(json_object_get(e, "id")));
	e = json_deep_copy(e);
	entry_words(req, campaign, contest, e);
	if (pd != NULL) {
		json_object_del(pd, "status_token");
		json_object_del(pd, "address");
		jx_set(e, "pd", pd);
	}
	jx_set(e, "erased", jx_bool(pd == NULL));
	if (video != NULL) {
		jx_set(e, "video_url", jx_str(video));
		free(video);
	}
	check = json_object_get(e, "hashtags");
	if (json_is_object(check) && (msg = hashtag_required_message(check)) != NULL) {
		jx_set(e, "hashtags_message", jx_str(msg));
		free(msg);
	}
	jx_set(e, "hashtags_ok", jx_bool(json_array_size(json_object_get(check, "missing")) == 0));
	m = web_pack("{s:s, s:s, s:s?, s:o, s:o}", "title",
		     arena_printf(req->arena, "Заявка № %lld",
				  (long long)json_integer_value(json_object_get(e, "id"))),
		     "slug", slug, "campaign_title", jx_get_str(campaign, "title"), "entry", e, "reasons",
		     reason_list());
	web_no_store(req, resp);
	web_respond(req, resp, "contest_admin_entry", m);
}

/*
 * One decision in the caller's open transaction: the store's decision, the
 * audit event and the mail to the entrant. version 0: the entry's current.
 */
static enum store_rc
decide(struct http_request *req, const json_t *campaign, int64_t id, int64_t version, const char *status,
       const char *reason, const char *note, int64_t now)
{
	struct store *st = web_store();
	struct mailtext_model mm = {0};
	json_t *e = NULL;
	enum store_rc rc;
	const char *why;

	if ((rc = store_contest_entry_get(st, id, &e)) != STORE_OK)
		return rc;
	if (strcmp(jx_get_str(e, "campaign"), jx_get_str(campaign, "slug")) != 0) {
		json_decref(e);
		return STORE_NOTFOUND;
	}
	if (version == 0)
		version = json_integer_value(json_object_get(e, "version"));
	rc = store_contest_entry_decide(st, id, version, status, reason, note, web_ctx(req)->user_id, now);
	if (rc != STORE_OK)
		goto out;
	rc = web_audit(req, strcmp(status, "accepted") == 0 ? "contest.entry.accept" : "contest.entry.reject",
		       "contest_entry", arena_printf(req->arena, "%lld", (long long)id),
		       web_pack("{s:s, s:s?}", "campaign", jx_get_str(campaign, "slug"), "reason",
				strcmp(status, "accepted") == 0 ? NULL : reason));
	if (rc != STORE_OK)
		goto out;
	why = reason ? contest_reject_reason_title(reason) : NULL;
	mm.accepted = strcmp(status, "accepted") == 0;
	if (!mm.accepted)
		mm.comment = note && *note ? arena_printf(req->arena, "%s. %s", why ? why : "", note) : why;
	rc = outbox_contest_entry_mail(st, seal_global(), MAILTEXT_CONTEST_DECISION, campaign, e,
				       arena_printf(req->arena, "decision:%lld", (long long)version + 1), &mm,
				       now);
out:
	json_decref(e);
	return rc;
}

/*
 * The decision's fields: status "accepted"/"rejected" (or the form's
 * "accept"/"reject"), a reason from the list for a rejection, a note
 * (needed for "other"). 0, or -1 after answering 422.
 */
static int
decision_input(struct http_request *req, struct http_response *resp, const char **status, const char **reason,
	       const char **note)
{
	const char *s = web_input(req, "status");
	size_t i;

	*reason = web_input(req, "reason");
	*note = web_input(req, "note");
	if (s && strcmp(s, "accept") == 0)
		s = "accepted";
	if (s && strcmp(s, "reject") == 0)
		s = "rejected";
	if (s == NULL || (strcmp(s, "accepted") != 0 && strcmp(s, "rejected") != 0)) {
		web_invalid(req, resp, "status", "Решение: выберите «принять» или «отклонить».");
		return -1;
	}
	*status = s;
	if (*note && !**note)
		*note = NULL;
	if (*note && utf8_length(*note, strlen(*note)) > NOTE_MAX) {
		web_invalid(req, resp, "note", "Пояснение: не длиннее 1000 символов.");
		return -1;
	}
	if (strcmp(s, "accepted") == 0) {
		*reason = *note = NULL;
		return 0;
	}
	for (i = 0; *reason && i < sizeof(reasons) / sizeof(reasons[0]); i++)
		if (strcmp(*reason, reasons[i]) == 0)
			break;
	if (*reason == NULL || i == sizeof(reasons) / sizeof(reasons[0])) {
		web_invalid(req, resp, "reason", "Причина отклонения: выберите причину из списка.");
		return -1;
	}
	if (strcmp(*reason, "other") == 0 && *note == NULL) {
		web_invalid(req, resp, "note", "Пояснение: для причины «другое» напишите, что не так.");
		return -1;
	}
	return 0;
}

/* POST …/contest/entries/{id}/decision {status, reason, note, version}: 303 to the card (API: 200 entry). */
void
contest_admin_decide(struct http_request *req, struct http_response *resp)
{
	struct store *st = web_store();
	const char *status, *reason, *note, *slug;
	const json_t *contest;
	json_t *campaign, *e = NULL;
	int64_t id = param_id(req), version = 0, now = web_now();
	enum store_rc rc;

	if ((campaign = web_contest_campaign(req, resp, &contest)) == NULL)
		return;
	slug = jx_get_str(campaign, "slug");
	if (decision_input(req, resp, &status, &reason, &note) < 0)
		return;
	if (web_param_int(req, resp, "version", "Версия", 1, INT32_MAX, 0, &version) < 0)
		return;
	if (version == 0) {
		web_invalid(req, resp, "version", "Версия заявки не указана: обновите страницу.");
		return;
	}
	if ((rc = store_begin(st, 1)) != STORE_OK)
		goto fail;
	if ((rc = decide(req, campaign, id, version, status, reason, note, now)) != STORE_OK)
		goto fail;
	if ((rc = store_commit(st)) != STORE_OK)
		goto fail;
	if (!req->is_api) {
		http_redirect(req, resp, 303,
			      arena_printf(req->arena, "/admin/campaigns/%s/contest/entries/%lld", slug,
					   (long long)id));
		return;
	}
	if ((rc = store_contest_entry_get(st, id, &e)) != STORE_OK) {
		web_store_error(req, resp, rc);
		return;
	}
	entry_words(req, campaign, contest, e);
	web_respond(req, resp, NULL, web_pack("{s:o}", "entry", e));
	return;
fail:
	store_rollback(st);
	if (rc == STORE_CONFLICT) {
		http_error(req, resp, 409, "conflict",
			   "Заявку уже изменили или её нельзя рассмотреть в этом статусе. Обновите страницу.",
			   NULL);
		return;
	}
	if (rc == STORE_NOTFOUND) {
		http_error(req, resp, 404, "not_found", "Такой заявки нет.", NULL);
		return;
	}
	web_store_error(req, resp, rc);
}

/*
 * POST …/contest/entries/decision {ids: [..] (form: id repeated), status,
 * reason, note}: each entry decided in its own transaction at its current
 * version; those that cannot be decided are listed. 303 to the queue (API:
 * 200 {"decided": [ids], "skipped": [ids]}).
 */
void
contest_admin_bulk(struct http_request *req, struct http_response *resp)
{
	struct store *st = web_store();
	const char *status, *reason, *note, *slug;
	const json_t *contest, *ids_json;
	json_t *campaign, *ids = web_keep(req, jx_arr()), *decided, *skipped, *v;
	int64_t id, now = web_now();
	enum store_rc rc;
	size_t i;

	if ((campaign = web_contest_campaign(req, resp, &contest)) == NULL)
		return;
	slug = jx_get_str(campaign, "slug");
	if (decision_input(req, resp, &status, &reason, &note) < 0)
		return;
	if (req->is_api) {
		ids_json = json_object_get(req->json, "ids");
		json_array_foreach(ids_json, i, v)
		{
			if (!json_is_integer(v) || json_integer_value(v) < 1) {
				web_invalid(req, resp, "ids", "Заявки: номера заявок — целые числа.");
				return;
			}
			jx_append(ids, json_incref(v));
		}
	} else {
		for (i = 0; i < req->form.n; i++) {
			if (strcmp(req->form.v[i].name, "id") != 0)
				continue;
			if (num_parse_i64(req->form.v[i].value, 1, INT64_MAX, &id) < 0) {
				web_invalid(req, resp, "ids", "Заявки: номера заявок — целые числа.");
				return;
			}
			jx_append(ids, jx_int(id));
		}
	}
	if (json_array_size(ids) == 0 || json_array_size(ids) > BULK_MAX) {
		web_invalid(req, resp, "ids", "Заявки: отметьте от 1 до 200 заявок.");
		return;
	}
	decided = web_keep(req, jx_arr());
	skipped = web_keep(req, jx_arr());
	json_array_foreach(ids, i, v)
	{
		id = json_integer_value(v);
		if ((rc = store_begin(st, 1)) == STORE_OK &&
		    (rc = decide(req, campaign, id, 0, status, reason, note, now)) == STORE_OK)
			rc = store_commit(st);
		if (rc != STORE_OK) {
			store_rollback(st);
			if (rc != STORE_CONFLICT && rc != STORE_NOTFOUND) {
				web_store_error(req, resp, rc);
				return;
			}
			jx_append(skipped, jx_int(id));
			continue;
		}
		jx_append(decided, jx_int(id));
	}
	if (!req->is_api) {
		http_redirect(req, resp, 303,
			      arena_printf(req->arena, "/admin/campaigns/%s/contest/entries", slug));
		return;
	}
	web_respond(req, resp, NULL, web_pack("{s:O, s:O}", "decided", decided, "skipped", skipped));
}

/* {"ID": entry} of a list of entry models, in the arena. */
static json_t *
entries_by_id(struct http_request *req, const json_t *entries)
{
	json_t *by_id = web_keep(req, jx_obj()), *e;
	char key[32];
	size_t i;

	json_array_foreach(entries, i, e)
	{
		snprintf(key, sizeof(key), "%lld", (long long)json_integer_value(json_object_get(e, "id")));
		jx_set(by_id, key, json_incref(e));
	}
	return by_id;
}

/* The published ranking's input: the accepted entries and every score. */
static enum store_rc
rank_inputs(const char *slug, json_t **entries, json_t **scores)
{
	struct store_contest_filter f = {.status = "accepted"};

	*scores = NULL;
	if (store_contest_entry_list(web_store(), slug, &f, entries, NULL) != STORE_OK)
		return STORE_ERROR;
	return store_contest_scores(web_store(), slug, scores);
}

/*
 * The results as published and shown: per nomination its entries in rank
 * order with the score and, where publication was consented, the author's
 * name and the video; otherwise «участник из …». No contact, birth date or
 * school ever. A new object, or NULL when the sealed data cannot be read.
 */
static json_t *
results_snapshot(struct http_request *req, const json_t *campaign, const json_t *contest, int64_t now)
{
	const struct seal *s = seal_global();
	json_t *entries = NULL, *scores = NULL, *ranking = NULL, *out = NULL, *noms, *by_id, *r, *e, *item;
	json_t *nom_obj, *list, *pd;
	const json_t *n;
	const char *code;
	char *video, key[32];
	size_t i;

	if (rank_inputs(jx_get_str(campaign, "slug"), &entries, &scores) != STORE_OK)
		goto out;
	if ((ranking = contest_rank(contest, entries, scores)) == NULL)
		goto out;
	by_id = entries_by_id(req, entries);
	noms = jx_arr();
	out = web_pack("{s:s?, s:s, s:s, s:I, s:I, s:o}", "title", jx_get_str(contest, "title"),
		       "scoring_text", contest_scoring_text(contest_z_normalize(contest)), "tiebreak_text",
		       contest_tiebreak_text(), "min_scores", (json_int_t)contest_min_scores(contest),
		       "published_at", (json_int_t)now, "nominations", noms);
	if (out == NULL)
		goto out;
	json_array_foreach(ranking, i, r)
	{
		code = jx_get_str(r, "nomination");
		nom_obj = NULL;
		for (size_t k = 0; k < json_array_size(noms); k++) {
			const char *c = jx_get_str(json_array_get(noms, k), "code");

			if ((c == NULL && code == NULL) || (c && code && strcmp(c, code) == 0))
				nom_obj = json_array_get(noms, k);
		}
		if (nom_obj == NULL) {
			n = NULL;
			nom_obj = web_pack("{s:s?, s:s, s:[]}", "code", code, "title",
					   nomination_title(contest, code) ? nomination_title(contest, code)
									   : "Без номинации",
					   "entries");
			(void)n;
			jx_append(noms, nom_obj);
		}
		list = json_object_get(nom_obj, "entries");
		snprintf(key, sizeof(key), "%lld", (long long)json_integer_value(json_object_get(r, "id")));
		e = json_object_get(by_id, key);
		item = web_pack("{s:O, s:O, s:O, s:O, s:O, s:O, s:s?}", "id", json_object_get(r, "id"),
				"rank", json_object_get(r, "rank"), "ranked", json_object_get(r, "ranked"),
				"score", json_object_get(r, "score"), "jurors", json_object_get(r, "jurors"),
				"tie_break", json_object_get(r, "tie_break"), "org_unit_name",
				jx_get_str(e, "org_unit_name"));
		if (item == NULL)
			continue;
		jx_set(item, "winner", jx_bool(json_integer_value(json_object_get(r, "rank")) == 1));
		jx_set(item, "prize_place",
		       jx_bool(json_is_integer(json_object_get(r, "rank")) &&
			       json_integer_value(json_object_get(r, "rank")) <= 3));
		if (json_is_true(json_object_get(e, "publication")) && s != NULL) {
			pd = seal_open_json(s, jx_get_str(e, "pd_sealed"));
			if (pd && jx_get_str(json_object_get(pd, "author"), "full_name"))
				jx_set(item, "author",
				       jx_str(jx_get_str(json_object_get(pd, "author"), "full_name")));
			json_decref(pd);
			if (jx_get_str(e, "video_sealed") &&
			    seal_open(s, jx_get_str(e, "video_sealed"), &video, NULL) == 0) {
				jx_set(item, "video_url", jx_str(video));
				free(video);
			}
			jx_set(item, "title", jx_str_or_null(jx_get_str(e, "title")));
		}
		jx_append(list, item);
	}
out:
	json_decref(entries);
	json_decref(scores);
	json_decref(ranking);
	return out;
}

/* The overview's model: counts, state, jurors, exclusions, records; NULL after answering. */
static json_t *
overview_model(struct http_request *req, struct http_response *resp, const json_t *campaign,
	       const json_t *contest)
{
	const char *slug = jx_get_str(campaign, "slug"), *zone = jx_get_str(campaign, "time_zone");
	json_t *counts = NULL, *state = NULL, *jurors = NULL, *excl = NULL, *recs = NULL, *users = NULL, *m;
	json_t *cand, *u, *j, *units = NULL, *unit_list;
	enum store_rc rc;
	size_t i;

	if ((rc = store_contest_entry_counts(web_store(), slug, &counts)) != STORE_OK ||
	    (rc = store_contest_state(web_store(), slug, &state)) != STORE_OK ||
	    (rc = store_contest_juror_list(web_store(), slug, &jurors)) != STORE_OK ||
	    (rc = store_contest_exclusion_list(web_store(), slug, &excl)) != STORE_OK ||
	    (rc = store_contest_destructions(web_store(), slug, &recs)) != STORE_OK ||
	    (rc = store_user_list(web_store(), &users)) != STORE_OK ||
	    (rc = store_org_unit_list(web_store(), &units)) != STORE_OK) {
		json_decref(counts);
		json_decref(state);
		json_decref(jurors);
		json_decref(excl);
		json_decref(recs);
		json_decref(users);
		web_store_error(req, resp, rc);
		return NULL;
	}
	/* Users with the role juror not yet assigned, for the form. */
	cand = jx_arr();
	json_array_foreach(users, i, u)
	{
		int assigned = 0;
		size_t k;

		if (jx_get_str(u, "role") == NULL || strcmp(jx_get_str(u, "role"), "juror") != 0)
			continue;
		json_array_foreach(jurors, k, j) if (json_equal(json_object_get(j, "user_id"),
								json_object_get(u, "id"))) assigned = 1;
		if (!assigned)
			jx_append(cand, web_pack("{s:O, s:s?, s:s?}", "id", json_object_get(u, "id"), "login",
						 jx_get_str(u, "login"), "name", jx_get_str(u, "name")));
	}
	json_decref(users);
	json_array_foreach(jurors, i, j)
	{
		jx_set(j, "nomination_title",
		       jx_str_or_null(nomination_title(contest, jx_get_str(j, "nomination"))));
	}
	json_array_foreach(recs, i, j)
	{
		jx_set(j, "at_ru",
		       jx_str(web_instant_ru(req->arena, json_integer_value(json_object_get(j, "at")),
					     zone)));
	}
	unit_list = jx_arr();
	json_array_foreach(units, i, u)
	{
		if (!json_is_null(json_object_get(u, "parent")))
			jx_append(unit_list, web_pack("{s:s?, s:s?}", "code", jx_get_str(u, "code"), "name",
						      jx_get_str(u, "name")));
	}
	json_decref(units);
	json_object_del(state, "results");
	m = web_pack("{s:s, s:s, s:s?, s:o, s:o, s:o, s:o, s:o, s:o, s:O?, s:o}", "title",
		     "Конкурс: управление", "slug", slug, "campaign_title", jx_get_str(campaign, "title"),
		     "counts", counts, "state", state, "jurors", jurors, "exclusions", excl, "destructions",
		     recs, "juror_candidates", cand, "nominations", json_object_get(contest, "nominations"),
		     "org_units", unit_list);
	if (m == NULL)
		return NULL;
	jx_set(m, "judging_closed", jx_bool(!json_is_null(json_object_get(state, "judging_closed_at"))));
	jx_set(m, "published", jx_bool(!json_is_null(json_object_get(state, "results_published_at"))));
	jx_set(m, "purged", jx_bool(!json_is_null(json_object_get(state, "purged_at"))));
	if (!json_is_null(json_object_get(state, "judging_closed_at")))
		jx_set(m, "judging_closed_ru",
		       jx_str(web_instant_ru(req->arena,
					     json_integer_value(json_object_get(state, "judging_closed_at")),
					     zone)));
	if (!json_is_null(json_object_get(state, "results_published_at")))
		jx_set(m, "published_ru",
		       jx_str(web_instant_ru(
			       req->arena, json_integer_value(json_object_get(state, "results_published_at")),
			       zone)));
	if (!json_is_null(json_object_get(state, "results_published_at")))
		jx_set(m, "purge_due_ru",
		       jx_str(web_instant_ru(
			       req->arena,
			       json_integer_value(json_object_get(state, "results_published_at")) +
				       contest_retention_days(contest) * 86400,
			       zone)));
	jx_set(m, "retention_days", jx_int(contest_retention_days(contest)));
	return m;
}

/* GET /admin/campaigns/{slug}/contest (API twin …/contest/admin). */
void
contest_admin_overview(struct http_request *req, struct http_response *resp)
{
	const json_t *contest;
	json_t *campaign, *m;

	if ((campaign = web_contest_campaign(req, resp, &contest)) == NULL)
		return;
	if ((m = overview_model(req, resp, campaign, contest)) == NULL)
		return;
	web_no_store(req, resp);
	web_respond(req, resp, "contest_admin", m);
}

/* 303 to the overview (API: 200 with its model). */
static void
to_overview(struct http_request *req, struct http_response *resp, const json_t *campaign,
	    const json_t *contest)
{
	json_t *m;

	if (!req->is_api) {
		http_redirect(req, resp, 303,
			      arena_printf(req->arena, "/admin/campaigns/%s/contest",
					   jx_get_str(campaign, "slug")));
		return;
	}
	if ((m = overview_model(req, resp, campaign, contest)) != NULL)
		web_respond(req, resp, NULL, m);
}

/* The answer to a failed change of the contest: 409 with why, else as the store says. */
static void
change_failed(struct http_request *req, struct http_response *resp, enum store_rc rc, const char *conflict)
{
	store_rollback(web_store());
	if (rc == STORE_CONFLICT)
		http_error(req, resp, 409, "conflict", conflict, NULL);
	else
		web_store_error(req, resp, rc);
}

/* POST …/contest/jurors {user_id, nomination (code or empty), action: add | remove}. */
void
contest_admin_jurors(struct http_request *req, struct http_response *resp)
{
	struct store *st = web_store();
	const char *action = web_input(req, "action"), *nom = web_input(req, "nomination"), *slug;
	const json_t *contest;
	json_t *campaign;
	int64_t uid = 0;
	enum store_rc rc;
	int remove = action && strcmp(action, "remove") == 0;

	if ((campaign = web_contest_campaign(req, resp, &contest)) == NULL)
		return;
	slug = jx_get_str(campaign, "slug");
	if (web_param_int(req, resp, "user_id", "Член жюри", 1, INT64_MAX, 0, &uid) < 0)
		return;
	if (uid == 0) {
		web_invalid(req, resp, "user_id", "Член жюри: выберите пользователя с ролью «член жюри».");
		return;
	}
	if (nom && !*nom)
		nom = NULL;
	if (!remove && nom && nomination_title(contest, nom) == NULL) {
		web_invalid(req, resp, "nomination", "Номинация: такой номинации в конкурсе нет.");
		return;
	}
	if ((rc = store_begin(st, 1)) != STORE_OK)
		return change_failed(req, resp, rc, "");
	rc = remove ? store_contest_juror_remove(st, slug, uid) : store_contest_juror_set(st, slug, uid, nom);
	if (rc == STORE_CONFLICT) {
		store_rollback(st);
		web_invalid(req, resp, "user_id", "Член жюри: у этого пользователя нет роли «член жюри».");
		return;
	}
	if (rc != STORE_OK ||
	    (rc = web_audit(req, remove ? "contest.juror.remove" : "contest.juror.set", "contest", slug,
			    web_pack("{s:I, s:s?}", "user_id", (json_int_t)uid, "nomination", nom))) !=
		    STORE_OK ||
	    (rc = store_commit(st)) != STORE_OK)
		return change_failed(req, resp, rc, "");
	to_overview(req, resp, campaign, contest);
}

/* POST …/contest/exclusions {user_id, org_unit, action: add | remove}: a conflict of interest. */
void
contest_admin_exclusions(struct http_request *req, struct http_response *resp)
{
	struct store *st = web_store();
	const char *action = web_input(req, "action"), *ou = web_input(req, "org_unit"), *slug;
	const json_t *contest;
	json_t *campaign, *unit = NULL;
	int64_t uid = 0;
	enum store_rc rc;
	int remove = action && strcmp(action, "remove") == 0;

	if ((campaign = web_contest_campaign(req, resp, &contest)) == NULL)
		return;
	slug = jx_get_str(campaign, "slug");
	if (web_param_int(req, resp, "user_id", "Член жюри", 1, INT64_MAX, 0, &uid) < 0)
		return;
	if (uid == 0) {
		web_invalid(req, resp, "user_id", "Член жюри: выберите члена жюри.");
		return;
	}
	if (ou == NULL || store_org_unit_get(web_store(), ou, &unit) != STORE_OK) {
		web_invalid(req, resp, "org_unit", "Муниципальное образование: выберите из списка.");
		return;
	}
	json_decref(unit);
	if ((rc = store_begin(st, 1)) != STORE_OK)
		return change_failed(req, resp, rc, "");
	if (!remove && (rc = store_contest_juror_get(st, slug, uid, &unit)) != STORE_OK) {
		store_rollback(st);
		if (rc == STORE_NOTFOUND)
			web_invalid(req, resp, "user_id", "Член жюри: этот пользователь не в жюри конкурса.");
		else
			web_store_error(req, resp, rc);
		return;
	}
	json_decref(unit);
	rc = remove ? store_contest_exclusion_remove(st, slug, uid, ou)
		    : store_contest_exclusion_add(st, slug, uid, ou);
	if (rc != STORE_OK ||
	    (rc = web_audit(req, remove ? "contest.exclusion.remove" : "contest.exclusion.add", "contest",
			    slug, web_pack("{s:I, s:s}", "user_id", (json_int_t)uid, "org_unit", ou))) !=
		    STORE_OK ||
	    (rc = store_commit(st)) != STORE_OK)
		return change_failed(req, resp, rc, "");
	to_overview(req, resp, campaign, contest);
}

/* POST …/contest/judging {closed: 1 | 0 (API: true | false)}. */
void
contest_admin_judging(struct http_request *req, struct http_response *resp)
{
	struct store *st = web_store();
	const json_t *contest, *v = req->is_api ? json_object_get(req->json, "closed") : NULL;
	const char *s = req->is_api ? NULL : web_input(req, "closed"), *slug;
	json_t *campaign;
	enum store_rc rc;
	int closed;

	if ((campaign = web_contest_campaign(req, resp, &contest)) == NULL)
		return;
	slug = jx_get_str(campaign, "slug");
	if (req->is_api ? !json_is_boolean(v) : (s == NULL || (strcmp(s, "1") != 0 && strcmp(s, "0") != 0))) {
		web_invalid(req, resp, "closed", "Оценивание: укажите, закрыть его или открыть снова.");
		return;
	}
	closed = req->is_api ? json_is_true(v) : strcmp(s, "1") == 0;
	if ((rc = store_begin(st, 1)) != STORE_OK ||
	    (rc = store_contest_set_judging(st, slug, closed, web_ctx(req)->user_id, web_now())) !=
		    STORE_OK ||
	    (rc = web_audit(req, closed ? "contest.judging.close" : "contest.judging.open", "contest", slug,
			    NULL)) != STORE_OK ||
	    (rc = store_commit(st)) != STORE_OK)
		return change_failed(req, resp, rc, "Итоги уже опубликованы: оценивание открыть нельзя.");
	to_overview(req, resp, campaign, contest);
}

/* POST …/contest/publish: the ranking as of now becomes the public results. */
void
contest_admin_publish(struct http_request *req, struct http_response *resp)
{
	struct store *st = web_store();
	const json_t *contest;
	json_t *campaign, *snap;
	const char *slug;
	enum store_rc rc;
	int64_t now = web_now();
	char *text;

	if ((campaign = web_contest_campaign(req, resp, &contest)) == NULL)
		return;
	slug = jx_get_str(campaign, "slug");
	if ((rc = store_begin(st, 1)) != STORE_OK)
		return change_failed(req, resp, rc, "");
	if ((snap = results_snapshot(req, campaign, contest, now)) == NULL) {
		store_rollback(st);
		http_error(req, resp, 500, "internal", "the results could not be computed", NULL);
		return;
	}
	text = json_dumps(snap, JSON_COMPACT | JSON_PRESERVE_ORDER);
	json_decref(snap);
	if (text == NULL)
		abort();
	rc = store_contest_publish(st, slug, text, web_ctx(req)->user_id, now);
	free(text);
	if (rc != STORE_OK ||
	    (rc = web_audit(req, "contest.results.publish", "contest", slug, NULL)) != STORE_OK ||
	    (rc = store_commit(st)) != STORE_OK)
		return change_failed(req, resp, rc, "Сначала завершите оценивание, затем публикуйте итоги.");
	to_overview(req, resp, campaign, contest);
}

/* POST …/contest/purge {ground}: erase the personal data now, with the destruction record. */
void
contest_admin_purge(struct http_request *req, struct http_response *resp)
{
	struct store *st = web_store();
	const char *ground = web_input(req, "ground"), *slug;
	const json_t *contest;
	json_t *campaign, *rec = NULL;
	enum store_rc rc;

	if ((campaign = web_contest_campaign(req, resp, &contest)) == NULL)
		return;
	slug = jx_get_str(campaign, "slug");
	if (ground == NULL || *ground == '\0' || utf8_length(ground, strlen(ground)) > GROUND_MAX) {
		web_invalid(req, resp, "ground",
			    "Основание: укажите основание уничтожения данных (не длиннее 1000 символов).");
		return;
	}
	if ((rc = store_begin(st, 1)) != STORE_OK ||
	    (rc = store_contest_purge(st, slug, web_ctx(req)->user_id, ground, web_now(), &rec)) !=
		    STORE_OK ||
	    (rc = web_audit(req, "contest.purge", "contest", slug,
			    web_pack("{s:O}", "records", json_object_get(rec, "records")))) != STORE_OK ||
	    (rc = store_commit(st)) != STORE_OK) {
		json_decref(rec);
		return change_failed(req, resp, rc, "");
	}
	json_decref(rec);
	to_overview(req, resp, campaign, contest);
}

/* One CSV field, quoted, with a formula's first character defused. */
static void
csv_field(struct buf *b, const char *s, int last)
{
	if (s == NULL)
		s = "";
	if (buf_addc(b, '"') < 0 || (strchr("=+-@\t\r", *s) && *s && buf_addc(b, '\'') < 0))
		abort();
	for (; *s; s++)
		if ((*s == '"' && buf_addc(b, '"') < 0) || buf_addc(b, *s) < 0)
			abort();
	if (buf_adds(b, last ? "\"\r\n" : "\";") < 0)
		abort();
}

/* GET /admin/campaigns/{slug}/contest/destructions.csv: the destruction records (Excel: UTF-8 BOM, ';'). */
void
contest_admin_destructions_csv(struct http_request *req, struct http_response *resp)
{
	const json_t *contest;
	json_t *campaign, *recs = NULL, *r;
	const char *zone;
	char *stats;
	enum store_rc rc;
	size_t i;

	if ((campaign = web_contest_campaign(req, resp, &contest)) == NULL)
		return;
	zone = jx_get_str(campaign, "time_zone");
	if ((rc = store_contest_destructions(web_store(), jx_get_str(campaign, "slug"), &recs)) != STORE_OK) {
		web_store_error(req, resp, rc);
		return;
	}
	if (buf_adds(&resp->body, "\xEF\xBB\xBF") < 0)
		abort();
	csv_field(&resp->body, "№ акта", 0);
	csv_field(&resp->body, "Дата и время", 0);
	csv_field(&resp->body, "Кем", 0);
	csv_field(&resp->body, "Основание", 0);
	csv_field(&resp->body, "Что уничтожено", 0);
	csv_field(&resp->body, "Записей", 0);
	csv_field(&resp->body, "Обезличенная статистика", 1);
	json_array_foreach(recs, i, r)
	{
		stats = json_dumps(json_object_get(r, "statistics"), JSON_COMPACT);
		csv_field(&resp->body,
			  arena_printf(req->arena, "%lld",
				       (long long)json_integer_value(json_object_get(r, "id"))),
			  0);
		csv_field(&resp->body,
			  web_instant_ru(req->arena, json_integer_value(json_object_get(r, "at")),
					 zone ? zone : "UTC"),
			  0);
		csv_field(&resp->body,
			  jx_get_str(r, "by_name") ? jx_get_str(r, "by_name") : "автоматически (svodka)", 0);
		csv_field(&resp->body, jx_get_str(r, "ground"), 0);
		csv_field(&resp->body, jx_get_str(r, "what"), 0);
		csv_field(&resp->body,
			  arena_printf(req->arena, "%lld",
				       (long long)json_integer_value(json_object_get(r, "records"))),
			  0);
		csv_field(&resp->body, stats, 1);
		free(stats);
	}
	json_decref(recs);
	resp->status = 200;
	resp->content_type = "text/csv; charset=utf-8";
	http_response_header(req, resp, "Content-Disposition",
			     arena_printf(req->arena, "attachment; filename=\"destructions-%s.csv\"",
					  jx_get_str(campaign, "slug")));
	web_no_store(req, resp);
}

/* GET /campaigns/{slug}/contest/results (API twin): the published results; 404 before. */
void
contest_results(struct http_request *req, struct http_response *resp)
{
	const json_t *contest;
	json_t *campaign, *state = NULL, *res, *m;
	enum store_rc rc;

	if ((campaign = web_contest_campaign(req, resp, &contest)) == NULL)
		return;
	if ((rc = store_contest_state(web_store(), jx_get_str(campaign, "slug"), &state)) != STORE_OK) {
		web_store_error(req, resp, rc);
		return;
	}
	web_keep(req, state);
	res = json_object_get(state, "results");
	if (res == NULL || json_is_null(res)) {
		http_error(req, resp, 404, "not_found", "Итоги конкурса ещё не опубликованы.", NULL);
		return;
	}
	m = web_pack(
		"{s:s, s:s, s:s?, s:O, s:s}", "title", "Итоги конкурса", "slug", jx_get_str(campaign, "slug"),
		"campaign_title", jx_get_str(campaign, "title"), "results", res, "published_ru",
		web_instant_ru(req->arena, json_integer_value(json_object_get(state, "results_published_at")),
			       jx_get_str(campaign, "time_zone")));
	web_respond(req, resp, "contest_results", m);
}

/*
 * GET /admin/campaigns/{slug}/contest/protocol: the jury's protocol to
 * print (A4): per nomination the ranking with each juror's scores per
 * criterion. Entries by number, title and municipality only.
 */
void
contest_admin_protocol(struct http_request *req, struct http_response *resp)
{
	const json_t *contest;
	json_t *campaign, *entries = NULL, *scores = NULL, *ranking = NULL, *rows, *r, *e, *sc, *m, *cells,
			  *crit;
	const char *slug;
	char key[32];
	size_t i, k, c;
	json_t *by_id;

	if ((campaign = web_contest_campaign(req, resp, &contest)) == NULL)
		return;
	slug = jx_get_str(campaign, "slug");
	if (rank_inputs(slug, &entries, &scores) != STORE_OK ||
	    (ranking = contest_rank(contest, entries, scores)) == NULL) {
		json_decref(entries);
		json_decref(scores);
		web_store_error(req, resp, STORE_ERROR);
		return;
	}
	web_keep(req, entries);
	web_keep(req, scores);
	web_keep(req, ranking);
	by_id = entries_by_id(req, entries);
	crit = json_object_get(contest, "criteria");
	rows = jx_arr();
	json_array_foreach(ranking, i, r)
	{
		json_t *row, *js = jx_arr();

		snprintf(key, sizeof(key), "%lld", (long long)json_integer_value(json_object_get(r, "id")));
		e = json_object_get(by_id, key);
		json_array_foreach(scores, k, sc)
		{
			if (!json_equal(json_object_get(sc, "entry"), json_object_get(r, "id")))
				continue;
			cells = jx_arr();
			json_array_foreach(crit, c, m)
			{
				json_t *v =
					json_object_get(json_object_get(sc, "values"), jx_get_str(m, "code"));

				jx_append(cells, v ? json_incref(v) : jx_str("—"));
			}
			jx_append(js, web_pack("{s:s?, s:o, s:s?}", "juror", jx_get_str(sc, "juror_name"),
					       "cells", cells, "comment", jx_get_str(sc, "comment")));
		}
		row = web_pack("{s:O, s:O, s:O, s:O, s:s?, s:s?, s:s?, s:o}", "id", json_object_get(r, "id"),
			       "rank", json_object_get(r, "rank"), "ranked", json_object_get(r, "ranked"),
			       "score", json_object_get(r, "score"), "title", jx_get_str(e, "title"),
			       "org_unit_name", jx_get_str(e, "org_unit_name"), "nomination_title",
			       nomination_title(contest, jx_get_str(r, "nomination")), "jurors", js);
		if (row)
			jx_append(rows, row);
	}
	m = web_pack("{s:s, s:s, s:s?, s:O, s:o, s:s, s:s, s:I}", "title", "Протокол жюри", "slug", slug,
		     "campaign_title", jx_get_str(campaign, "title"), "criteria", crit, "rows", rows,
		     "scoring_text", contest_scoring_text(contest_z_normalize(contest)), "tiebreak_text",
		     contest_tiebreak_text(), "min_scores", (json_int_t)contest_min_scores(contest));
	web_no_store(req, resp);
	web_respond(req, resp, "contest_protocol", m);
}
