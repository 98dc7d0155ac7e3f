/*
 * jury: the contest jury's room (docs/contest.md). A juror sees the
 * contests they are assigned to, each one's queue with progress («оценено
 * N из M»), an entry's video, title, description, nomination and
 * municipality — never the child's name, contacts, school or caption: the
 * entrant's sealed data is never opened here — and scores it per criterion
 * (integers 0..max) with an optional comment, until the admin closes
 * judging. Who sees which entry is the store's one rule
 * (store_contest_juror_queue / _entry): the juror's nomination, never the
 * juror's own municipality or one an admin excluded; anything else is a
 * 404, by every route. A juror sees no other juror's scores.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "domain/contest.h"
#include "util/num.h"
#include "util/seal.h"
#include "util/utf8.h"
#include "web/web.h"

#define COMMENT_MAX 2000 /* characters of a juror's comment */

/* The juror's queue of a contest with the progress; NULL after answering a store error. */
static json_t *
queue(struct http_request *req, struct http_response *resp, const char *slug, const json_t *contest,
      int64_t *scored)
{
	json_t *entries = NULL, *e;
	enum store_rc rc;
	size_t i;

	*scored = 0;
	if ((rc = store_contest_juror_queue(web_store(), slug, web_ctx(req)->user_id, &entries)) !=
	    STORE_OK) {
		web_store_error(req, resp, rc);
		return NULL;
	}
	json_array_foreach(entries, i, e)
	{
		const json_t *n;
		size_t k;

		json_object_del(e, "video_sealed");
		jx_set(e, "scored", jx_bool(json_is_object(json_object_get(e, "my_scores"))));
		if (json_is_object(json_object_get(e, "my_scores")))
			(*scored)++;
		json_array_foreach(json_object_get(contest, "nominations"), k, n)
		{
			if (jx_get_str(e, "nomination") && jx_get_str(n, "code") &&
			    strcmp(jx_get_str(e, "nomination"), jx_get_str(n, "code")) == 0)
				jx_set(e, "nomination_title", jx_str(jx_get_str(n, "title")));
		}
	}
	return web_keep(req, entries);
}

/* GET /jury (API twin): the juror's contests with progress; one contest opens its queue. */
void
jury_home(struct http_request *req, struct http_response *resp)
{
	json_t *slugs = NULL, *contests = web_keep(req, jx_arr()), *v, *campaign, *entries, *m;
	const json_t *contest;
	int64_t scored;
	enum store_rc rc;
	size_t i;

	if ((rc = store_contest_juror_campaigns(web_store(), web_ctx(req)->user_id, &slugs)) != STORE_OK) {
		web_store_error(req, resp, rc);
		return;
	}
	web_keep(req, slugs);
	json_array_foreach(slugs, i, v)
	{
		if ((campaign = web_campaign(req, resp, json_string_value(v))) == NULL)
			return;
		if ((contest = contest_block(campaign)) == NULL)
			continue;
		if ((entries = queue(req, resp, json_string_value(v), contest, &scored)) == NULL)
			return;
		jx_append(contests, web_pack("{s:s, s:s?, s:s?, s:I, s:I}", "slug", json_string_value(v),
					     "title", jx_get_str(contest, "title"), "campaign_title",
					     jx_get_str(campaign, "title"), "scored", (json_int_t)scored,
					     "total", (json_int_t)json_array_size(entries)));
	}
	if (!req->is_api && json_array_size(contests) == 1) {
		http_redirect(req, resp, 303,
			      arena_printf(req->arena, "/jury/%s",
					   jx_get_str(json_array_get(contests, 0), "slug")));
		return;
	}
	m = web_pack("{s:s, s:O, s:[]}", "title", "Работа жюри", "contests", contests, "entries");
	web_no_store(req, resp);
	web_respond(req, resp, "jury", m);
}

/* The route's contest, for a juror of it; NULL after answering 404. */
static json_t *
juror_contest(struct http_request *req, struct http_response *resp, const json_t **contest)
{
	json_t *campaign, *juror = NULL;
	enum store_rc rc;

	if ((campaign = web_contest_campaign(req, resp, contest)) == NULL)
		return NULL;
	rc = store_contest_juror_get(web_store(), jx_get_str(campaign, "slug"), web_ctx(req)->user_id,
				     &juror);
	json_decref(juror);
	if (rc == STORE_NOTFOUND) {
		http_error(req, resp, 404, "not_found", "Вы не входите в жюри этого конкурса.", NULL);
		return NULL;
	}
	if (rc != STORE_OK) {
		web_store_error(req, resp, rc);
		return NULL;
	}
	return campaign;
}

/* GET /jury/{slug} (API twin …/entries): the queue. */
void
jury_queue(struct http_request *req, struct http_response *resp)
{
	const json_t *contest;
	json_t *campaign, *entries, *m;
	int64_t scored;

	if ((campaign = juror_contest(req, resp, &contest)) == NULL)
		return;
	if ((entries = queue(req, resp, jx_get_str(campaign, "slug"), contest, &scored)) == NULL)
		return;
	m = web_pack("{s:s, s:s, s:s?, s:O, s:I, s:I, s:b}", "title", "Работы для оценки", "slug",
		     jx_get_str(campaign, "slug"), "contest_title", jx_get_str(contest, "title"), "entries",
		     entries, "scored", (json_int_t)scored, "total", (json_int_t)json_array_size(entries),
		     "all_scored", scored == (int64_t)json_array_size(entries) && scored > 0);
	web_no_store(req, resp);
	web_respond(req, resp, "jury_queue", m);
}

/* The entry of the route in this juror's queue; NULL after answering 404. */
static json_t *
juror_entry(struct http_request *req, struct http_response *resp, const char *slug)
{
	int64_t id = 0;
	json_t *e = NULL;
	enum store_rc rc;

	if (num_parse_i64(http_params_get(&req->params, "id"), 1, INT64_MAX, &id) < 0 ||
	    (rc = store_contest_juror_entry(web_store(), slug, web_ctx(req)->user_id, id, &e)) ==
		    STORE_NOTFOUND) {
		http_error(req, resp, 404, "not_found", "Такой работы в вашем списке нет.", NULL);
		return NULL;
	}
	if (rc != STORE_OK) {
		web_store_error(req, resp, rc);
		return NULL;
	}
	return web_keep(req, e);
}

/* Whether judging of the contest is closed; -1 after answering a store error. */
static int
judging_closed(struct http_request *req, struct http_response *resp, const char *slug)
{
	json_t *state = NULL;
	enum store_rc rc;
	int closed;

	if ((rc = store_contest_state(web_store(), slug, &state)) != STORE_OK) {
		web_store_error(req, resp, rc);
		return -1;
	}
	closed = !json_is_null(json_object_get(state, "judging_closed_at"));
	json_decref(state);
	return closed;
}

/*
 * The page of an entry: the video, what the entrant wrote about it, and the
 * form with one field per criterion — values as given (typed, after a
 * refusal, with errors {code: message}) or as scored before.
 */
static void
entry_page(struct http_request *req, struct http_response *resp, const json_t *campaign,
	   const json_t *contest, const json_t *e, int status, const json_t *typed, const json_t *errors,
	   const char *comment)
{
	const json_t *mine = json_object_get(e, "my_scores"), *c;
	json_t *crit = jx_arr(), *m, *view = json_deep_copy(e);
	char *video = NULL;
	size_t i;
	int closed;

	web_keep(req, view);
	if ((closed = judging_closed(req, resp, jx_get_str(campaign, "slug"))) < 0) {
		json_decref(crit);
		return;
	}
	json_array_foreach(json_object_get(contest, "criteria"), i, c)
	{
		const char *code = jx_get_str(c, "code");
		const json_t *v = typed ? json_object_get(typed, code) : json_object_get(mine, code);
		json_t *row =
			web_pack("{s:s?, s:s?, s:O?, s:O?}", "code", code, "title", jx_get_str(c, "title"),
				 "max", json_object_get(c, "max"), "weight", json_object_get(c, "weight"));

		if (row == NULL)
			continue;
		if (json_is_integer(v))
			jx_set(row, "value",
			       jx_str(arena_printf(req->arena, "%lld", (long long)json_integer_value(v))));
		else if (json_is_string(v))
			jx_set(row, "value", jx_str(json_string_value(v)));
		if (errors && json_object_get(errors, code))
			jx_set(row, "error", json_incref(json_object_get(errors, code)));
		jx_append(crit, row);
	}
	if (seal_global() && jx_get_str(e, "video_sealed") &&
	    seal_open(seal_global(), jx_get_str(e, "video_sealed"), &video, NULL) == 0) {
		jx_set(view, "video_url", jx_str(video));
		free(video);
	}
	json_object_del(view, "video_sealed");
	json_array_foreach(json_object_get(contest, "nominations"), i, c)
	{
		if (jx_get_str(e, "nomination") && jx_get_str(c, "code") &&
		    strcmp(jx_get_str(e, "nomination"), jx_get_str(c, "code")) == 0)
			jx_set(view, "nomination_title", jx_str(jx_get_str(c, "title")));
	}
	m = web_pack("{s:s, s:s, s:O, s:o, s:b, s:s?}", "title",
		     arena_printf(req->arena, "Работа № %lld",
				  (long long)json_integer_value(json_object_get(e, "id"))),
		     "slug", jx_get_str(campaign, "slug"), "entry", view, "criteria", crit, "closed", closed,
		     "comment", comment ? comment : jx_get_str(e, "my_comment"));
	if (m && errors)
		jx_set(m, "errors", json_incref((json_t *)errors));
	resp->status = status;
	web_no_store(req, resp);
	web_respond(req, resp, "jury_entry", m);
}

/* GET /jury/{slug}/entries/{id} (API twin). */
void
jury_entry(struct http_request *req, struct http_response *resp)
{
	const json_t *contest;
	json_t *campaign, *e;

	if ((campaign = juror_contest(req, resp, &contest)) == NULL)
		return;
	if ((e = juror_entry(req, resp, jx_get_str(campaign, "slug"))) == NULL)
		return;
	entry_page(req, resp, campaign, contest, e, 200, NULL, NULL, NULL);
}

/*
 * The scores as sent — the form's "score.CODE" fields, or the JSON's
 * "scores" object — checked against the criteria: every one present, an
 * integer from 0 to its max. *values gets {code: n} when all are good;
 * *typed what was sent (for the form again), *errors {code: message}.
 */
static int
read_scores(struct http_request *req, const json_t *contest, json_t **values, json_t **typed, json_t **errors)
{
	const json_t *sent = req->is_api ? json_object_get(req->json, "scores") : NULL, *c, *v;
	const char *code, *s;
	int64_t n, max;
	size_t i;

	*values = jx_obj();
	*typed = jx_obj();
	*errors = jx_obj();
	json_array_foreach(json_object_get(contest, "criteria"), i, c)
	{
		code = jx_get_str(c, "code");
		max = json_integer_value(json_object_get(c, "max"));
		n = -1;
		if (req->is_api) {
			v = json_object_get(sent, code);
			if (v)
				jx_set(*typed, code, json_incref((json_t *)v));
			if (json_is_integer(v))
				n = json_integer_value(v);
		} else {
			s = http_params_get(&req->form, arena_printf(req->arena, "score.%s", code));
			if (s)
				jx_set(*typed, code, jx_str(utf8_valid(s, strlen(s)) == 0 ? s : ""));
			if (s && num_parse_i64(s, 0, max, &n) < 0)
				n = -1;
		}
		if (n < 0 || n > max)
			jx_set(*errors, code,
			       jx_str(arena_printf(req->arena,
						   "«%s»: поставьте целое число баллов от 0 до %lld.",
						   jx_get_str(c, "title"), (long long)max)));
		else
			jx_set(*values, code, jx_int(n));
	}
	return json_object_size(*errors) == 0 ? 0 : -1;
}

/* POST /jury/{slug}/entries/{id} (form), PUT /api/v1/jury/{slug}/entries/{id}/score (JSON). */
void
jury_score(struct http_request *req, struct http_response *resp)
{
	struct store *st = web_store();
	const char *comment = web_input(req, "comment"), *slug, *first = NULL;
	const json_t *contest;
	json_t *campaign, *e, *values, *typed, *errors, *entries;
	int64_t id, scored, next = 0;
	enum store_rc rc;
	char *text;
	size_t i;
	int closed;

	if ((campaign = juror_contest(req, resp, &contest)) == NULL)
		return;
	slug = jx_get_str(campaign, "slug");
	if ((e = juror_entry(req, resp, slug)) == NULL)
		return;
	id = json_integer_value(json_object_get(e, "id"));
	if ((closed = judging_closed(req, resp, slug)) < 0)
		return;
	if (closed) {
		http_error(req, resp, 409, "judging_closed",
			   "Оценивание завершено: оценки больше не меняются.", NULL);
		return;
	}
	if (comment && !*comment)
		comment = NULL;
	if (read_scores(req, contest, &values, &typed, &errors) < 0 ||
	    (comment && (utf8_valid(comment, strlen(comment)) != 0 ||
			 utf8_length(comment, strlen(comment)) > COMMENT_MAX))) {
		web_keep(req, values);
		web_keep(req, typed);
		web_keep(req, errors);
		if (json_object_size(errors) == 0) {
			web_invalid(req, resp, "comment", "Комментарий: не длиннее 2000 символов.");
			return;
		}
		json_object_foreach(errors, first, e) break;
		if (req->is_api) {
			http_error(req, resp, 422, "invalid",
				   json_string_value(json_object_get(errors, first)),
				   arena_printf(req->arena, "scores.%s", first));
			return;
		}
		entry_page(req, resp, campaign, contest, juror_entry(req, resp, slug), 422, typed, errors,
			   comment);
		return;
	}
	web_keep(req, typed);
	web_keep(req, errors);
	text = json_dumps(values, JSON_COMPACT | JSON_PRESERVE_ORDER);
	json_decref(values);
	if (text == NULL)
		abort();
	if ((rc = store_begin(st, 1)) != STORE_OK ||
	    (rc = store_contest_score_set(st, id, web_ctx(req)->user_id, text, comment, web_now())) !=
		    STORE_OK ||
	    (rc = web_audit(req, "contest.score", "contest_entry",
			    arena_printf(req->arena, "%lld", (long long)id),
			    web_pack("{s:s}", "campaign", slug))) != STORE_OK ||
	    (rc = store_commit(st)) != STORE_OK) {
		store_rollback(st);
		free(text);
		web_store_error(req, resp, rc);
		return;
	}
	free(text);
	if (req->is_api) {
		json_t *after = NULL;

		if ((rc = store_contest_juror_entry(st, slug, web_ctx(req)->user_id, id, &after)) !=
		    STORE_OK) {
			web_store_error(req, resp, rc);
			return;
		}
		json_object_del(after, "video_sealed");
		web_respond(req, resp, NULL, web_pack("{s:o}", "entry", after));
		return;
	}
	/* On to the next entry not yet scored, else the queue. */
	if ((entries = queue(req, resp, slug, contest, &scored)) == NULL)
		return;
	json_array_foreach(entries, i, e)
	{
		if (!json_is_true(json_object_get(e, "scored"))) {
			next = json_integer_value(json_object_get(e, "id"));
			break;
		}
	}
	http_redirect(req, resp, 303,
		      next ? arena_printf(req->arena, "/jury/%s/entries/%lld", slug, (long long)next)
			   : arena_printf(req->arena, "/jury/%s", slug));
}
