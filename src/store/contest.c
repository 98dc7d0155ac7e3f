/*
 * contest: the video contest's entries, jurors, scores, state and
 * destruction records (store.h). Personal data arrives sealed and leaves
 * sealed; erasing it (withdrawal, expiry, the purge) is one column list,
 * CONTEST_ERASED in stmt.c. The SQL is STMT_CONTEST_* in stmt.c.
 */
#include "store/store_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/jsonx.h"
#include "util/log.h"

static const char *const contest_statuses[] = {
	"awaiting_confirmation", "received", "accepted", "rejected", "withdrawn", "expired"};
#define NSTATUSES (sizeof(contest_statuses) / sizeof(contest_statuses[0]))

static json_t *
entry_from_row(struct store *st, struct store_stmt *s, int off)
{
	json_t *o = jx_obj(), *consents, *hashtags, *flags;

	consents = store_col_json(st, s, off + 12);
	hashtags = store_col_json(st, s, off + 13);
	if (consents == NULL || hashtags == NULL) {
		json_decref(consents);
		json_decref(hashtags);
		json_decref(o);
		return NULL;
	}
	jx_set(o, "id", store_col_int(st, s, off));
	jx_set(o, "campaign", store_col_str(st, s, off + 1));
	jx_set(o, "org_unit", store_col_str(st, s, off + 2));
	jx_set(o, "org_unit_name", store_col_str(st, s, off + 3));
	jx_set(o, "nomination", store_col_str(st, s, off + 4));
	jx_set(o, "age", store_col_int(st, s, off + 5));
	jx_set(o, "title", store_col_str(st, s, off + 6));
	jx_set(o, "description", store_col_str(st, s, off + 7));
	jx_set(o, "video_platform", store_col_str(st, s, off + 8));
	jx_set(o, "video_sealed", store_col_str(st, s, off + 9));
	jx_set(o, "pd_sealed", store_col_str(st, s, off + 10));
	jx_set(o, "status", store_col_str(st, s, off + 11));
	jx_set(o, "consents", consents);
	jx_set(o, "hashtags", hashtags);
	jx_set(o, "publication", jx_bool(st->ops->column_int64(s, off + 14) != 0));
	flags = jx_arr();
	if (st->ops->column_int64(s, off + 15) != 0)
		jx_append(flags, jx_str("same_person"));
	jx_set(o, "flags", flags);
	jx_set(o, "reject_reason", store_col_str(st, s, off + 16));
	jx_set(o, "reject_note", store_col_str(st, s, off + 17));
	jx_set(o, "submitted_at", store_col_int(st, s, off + 18));
	jx_set(o, "confirm_expires", store_col_int_or_null(st, s, off + 19));
	jx_set(o, "confirmed_at", store_col_int_or_null(st, s, off + 20));
	jx_set(o, "decided_at", store_col_int_or_null(st, s, off + 21));
	jx_set(o, "decided_by", store_col_int_or_null(st, s, off + 22));
	jx_set(o, "version", store_col_int(st, s, off + 23));
	return o;
}

/* The juror's view: no sealed data at all, and the juror's own score. */
static json_t *
juror_entry_from_row(struct store *st, struct store_stmt *s, int off)
{
	json_t *o = entry_from_row(st, s, off), *vals;

	if (o == NULL)
		return NULL;
	json_object_del(o, "pd_sealed");
	json_object_del(o, "consents");
	json_object_del(o, "flags");
	json_object_del(o, "reject_reason");
	json_object_del(o, "reject_note");
	if ((vals = store_col_json(st, s, off + 24)) == NULL) {
		json_decref(o);
		return NULL;
	}
	jx_set(o, "my_scores", vals);
	jx_set(o, "my_comment", store_col_str(st, s, off + 25));
	return o;
}

static enum store_rc
entry_one(struct store *st, enum store_stmt_id id, const struct store_arg *args, json_t **entry)
{
	return store_stmt_row(st, id, args, entry_from_row, entry);
}

enum store_rc
store_contest_entry_add(struct store *st, const struct store_contest_entry_new *e, int64_t *id,
			int64_t *same_person)
{
	struct store_arg confirm = e->confirm_token_hash != NULL ? (struct store_arg)I(e->confirm_expires)
								 : (struct store_arg)T(NULL);
	int64_t others = 0;
	enum store_rc rc;

	if (same_person != NULL)
		*same_person = 0;
	if (e->campaign == NULL || e->org_unit == NULL || e->video_platform == NULL ||
	    e->video_hash == NULL || e->status_token_hash == NULL || e->consents == NULL ||
	    e->hashtags == NULL) {
		log_warnx("%s: campaign, org unit, video, status token, consents and hashtags are required",
			  __func__);
		return store_fail();
	}
	if (e->person_hash != NULL &&
	    (rc = store_stmt_int(st, STMT_CONTEST_PERSON_COUNT, ARGS(T(e->campaign), T(e->person_hash)),
				 &others)) != STORE_OK)
		return rc;
	rc = store_stmt_int(st, STMT_CONTEST_ENTRY_ADD,
			    ARGS(T(e->campaign), T(e->org_unit), T(e->nomination), I(e->age), T(e->title),
				 T(e->description), T(e->video_platform), T(e->video_sealed),
				 T(e->video_hash), T(e->pd_sealed), T(e->person_hash), T(e->contact_hash),
				 T(e->status_token_hash), T(e->confirm_token_hash), confirm,
				 T(e->confirm_token_hash != NULL ? "awaiting_confirmation" : "received"),
				 T(e->consents), T(e->hashtags), I(e->publication ? 1 : 0),
				 I(others > 0 ? 1 : 0), I(e->now)),
			    id);
	/* No row: a live entry of the campaign has this video (ON CONFLICT DO NOTHING). */
	if (rc == STORE_NOTFOUND)
		return STORE_CONFLICT;
	if (rc != STORE_OK)
		return rc;
	if (others > 0) {
		rc = store_stmt_run(st, STMT_CONTEST_PERSON_FLAG, ARGS(T(e->campaign), T(e->person_hash)),
				    NULL);
		if (rc != STORE_OK)
			return rc;
	}
	if (same_person != NULL)
		*same_person = others;
	return STORE_OK;
}

enum store_rc
store_contest_entry_get(struct store *st, int64_t id, json_t **entry)
{
	return entry_one(st, STMT_CONTEST_ENTRY_GET, ARGS(I(id)), entry);
}

enum store_rc
store_contest_entry_by_status(struct store *st, const char *status_token_hash, json_t **entry)
{
	return entry_one(st, STMT_CONTEST_BY_STATUS, ARGS(T(status_token_hash)), entry);
}

enum store_rc
store_contest_entry_by_confirm(struct store *st, const char *confirm_token_hash, json_t **entry)
{
	return entry_one(st, STMT_CONTEST_BY_CONFIRM, ARGS(T(confirm_token_hash)), entry);
}

enum store_rc
store_contest_entry_confirm(struct store *st, int64_t id, int64_t now)
{
	return store_stmt_one(st, STMT_CONTEST_CONFIRM, ARGS(I(now), I(id), I(now)));
}

enum store_rc
store_contest_entry_list(struct store *st, const char *campaign, const struct store_contest_filter *f,
			 json_t **entries, int64_t *total)
{
	static const struct store_contest_filter all;
	int64_t count = 0, limit;
	enum store_rc rc;

	*entries = NULL;
	if (f == NULL)
		f = &all;
	limit = f->limit > 0 ? f->limit : INT32_MAX;
	rc = store_stmt_page(st, STMT_CONTEST_LIST_COUNT,
			     ARGS(T(campaign), T(f->status), T(f->status), T(f->org_unit), T(f->org_unit),
				  T(f->nomination), T(f->nomination), T(f->flag), T(f->flag)),
			     STMT_CONTEST_LIST,
			     ARGS(T(campaign), T(f->status), T(f->status), T(f->org_unit), T(f->org_unit),
				  T(f->nomination), T(f->nomination), T(f->flag), T(f->flag), I(limit),
				  I(f->offset)),
			     f->offset, limit, entry_from_row, entries, &count);
	if (total != NULL)
		*total = count;
	return rc;
}

enum store_rc
store_contest_entry_counts(struct store *st, const char *campaign, json_t **counts)
{
	return store_stmt_counts(st, STMT_CONTEST_COUNTS, ARGS(T(campaign)), contest_statuses, NSTATUSES,
				 counts);
}

enum store_rc
store_contest_entry_decide(struct store *st, int64_t id, int64_t version, const char *status,
			   const char *reason, const char *note, int64_t by_user, int64_t now)
{
	enum store_rc rc;

	if (status == NULL || (strcmp(status, "accepted") != 0 && strcmp(status, "rejected") != 0)) {
		log_warnx("%s: status must be accepted or rejected", __func__);
		return store_fail();
	}
	if (strcmp(status, "accepted") == 0)
		reason = note = NULL;
	rc = store_stmt_one(st, STMT_CONTEST_DECIDE,
			    ARGS(T(status), T(reason), T(note), I(now), I(by_user), I(id), I(version)));
	return rc == STORE_NOTFOUND ? STORE_CONFLICT : rc;
}

/* Erases one entry's personal data, scores and mail, leaving it with status. */
static enum store_rc
erase_entry(struct store *st, int64_t id, const char *status)
{
	char pattern[48];
	enum store_rc rc;
	int n;

	if ((rc = store_stmt_one(st, STMT_CONTEST_ERASE, ARGS(T(status), I(id)))) != STORE_OK)
		return rc;
	if ((rc = store_stmt_run(st, STMT_CONTEST_SCORES_DEL_ENTRY, ARGS(I(id)), NULL)) != STORE_OK)
		return rc;
	n = snprintf(pattern, sizeof(pattern), "contest:%lld:%%", (long long)id);
	if (n < 0 || (size_t)n >= sizeof(pattern))
		return store_fail();
	return store_stmt_run(st, STMT_MAIL_DELETE_LIKE, ARGS(T(pattern)), NULL);
}

enum store_rc
store_contest_entry_withdraw(struct store *st, int64_t id, int64_t now)
{
	(void)now;
	return erase_entry(st, id, "withdrawn");
}

enum store_rc
store_contest_contact_count(struct store *st, const char *campaign, const char *contact_hash, int64_t since,
			    int64_t *count)
{
	return store_stmt_int(st, STMT_CONTEST_CONTACT_COUNT, ARGS(T(campaign), T(contact_hash), I(since)),
			      count);
}

static json_t *
id_from_row(struct store *st, struct store_stmt *s, int off)
{
	return store_col_int(st, s, off);
}

static json_t *
remind_from_row(struct store *st, struct store_stmt *s, int off)
{
	json_t *o = jx_obj();

	jx_set(o, "id", store_col_int(st, s, off));
	jx_set(o, "campaign", store_col_str(st, s, off + 1));
	jx_set(o, "pd_sealed", store_col_str(st, s, off + 2));
	jx_set(o, "submitted_at", store_col_int(st, s, off + 3));
	return o;
}

enum store_rc
store_contest_confirmations_due(struct store *st, int64_t now, int64_t remind_before, int64_t *expired,
				json_t **remind)
{
	json_t *ids = NULL, *v;
	enum store_rc rc;
	size_t i;

	*expired = 0;
	*remind = NULL;
	if ((rc = store_stmt_list(st, STMT_CONTEST_EXPIRED_IDS, ARGS(I(now)), id_from_row, &ids)) != STORE_OK)
		return rc;
	json_array_foreach(ids, i, v)
	{
		rc = erase_entry(st, json_integer_value(v), "expired");
		if (rc == STORE_NOTFOUND)
			continue;
		if (rc != STORE_OK) {
			json_decref(ids);
			return rc;
		}
		(*expired)++;
	}
	json_decref(ids);
	return store_stmt_list(st, STMT_CONTEST_REMIND_DUE, ARGS(I(remind_before), I(now)), remind_from_row,
			       remind);
}

enum store_rc
store_contest_entry_reminded(struct store *st, int64_t id, int64_t now)
{
	return store_stmt_one(st, STMT_CONTEST_REMINDED, ARGS(I(now), I(id)));
}

enum store_rc
store_contest_entry_set_confirm(struct store *st, int64_t id, const char *confirm_token_hash, int64_t expires)
{
	return store_stmt_one(st, STMT_CONTEST_SET_CONFIRM, ARGS(T(confirm_token_hash), I(expires), I(id)));
}

static json_t *
juror_from_row(struct store *st, struct store_stmt *s, int off)
{
	json_t *o = jx_obj();

	jx_set(o, "user_id", store_col_int(st, s, off));
	jx_set(o, "login", store_col_str(st, s, off + 1));
	jx_set(o, "name", store_col_str(st, s, off + 2));
	jx_set(o, "org_unit", store_col_str(st, s, off + 3));
	jx_set(o, "org_unit_name", store_col_str(st, s, off + 4));
	jx_set(o, "nomination", store_col_str(st, s, off + 5));
	return o;
}

enum store_rc
store_contest_juror_set(struct store *st, const char *campaign, int64_t user_id, const char *nomination)
{
	json_t *user = NULL;
	enum store_rc rc;
	int juror;

	if ((rc = store_user_get(st, user_id, &user)) != STORE_OK)
		return rc == STORE_NOTFOUND ? STORE_CONFLICT : rc;
	juror = strcmp(jx_get_str(user, "role") ? jx_get_str(user, "role") : "", "juror") == 0;
	json_decref(user);
	if (!juror)
		return STORE_CONFLICT;
	return store_stmt_run(st, STMT_CONTEST_JUROR_SET, ARGS(T(campaign), I(user_id), T(nomination)), NULL);
}

enum store_rc
store_contest_juror_remove(struct store *st, const char *campaign, int64_t user_id)
{
	return store_stmt_one(st, STMT_CONTEST_JUROR_REMOVE, ARGS(T(campaign), I(user_id)));
}

enum store_rc
store_contest_juror_list(struct store *st, const char *campaign, json_t **jurors)
{
	return store_stmt_list(st, STMT_CONTEST_JUROR_LIST, ARGS(T(campaign)), juror_from_row, jurors);
}

enum store_rc
store_contest_juror_get(struct store *st, const char *campaign, int64_t user_id, json_t **juror)
{
	return store_stmt_row(st, STMT_CONTEST_JUROR_GET, ARGS(T(campaign), I(user_id)), juror_from_row,
			      juror);
}

static json_t *
slug_from_row(struct store *st, struct store_stmt *s, int off)
{
	return store_col_str(st, s, off);
}

enum store_rc
store_contest_juror_campaigns(struct store *st, int64_t user_id, json_t **slugs)
{
	return store_stmt_list(st, STMT_CONTEST_JUROR_CAMPAIGNS, ARGS(I(user_id)), slug_from_row, slugs);
}

enum store_rc
store_contest_exclusion_add(struct store *st, const char *campaign, int64_t user_id, const char *org_unit)
{
	return store_stmt_run(st, STMT_CONTEST_EXCL_ADD, ARGS(T(campaign), I(user_id), T(org_unit)), NULL);
}

enum store_rc
store_contest_exclusion_remove(struct store *st, const char *campaign, int64_t user_id, const char *org_unit)
{
	return store_stmt_one(st, STMT_CONTEST_EXCL_REMOVE, ARGS(T(campaign), I(user_id), T(org_unit)));
}

static json_t *
exclusion_from_row(struct store *st, struct store_stmt *s, int off)
{
	json_t *o = jx_obj();

	jx_set(o, "user_id", store_col_int(st, s, off));
	jx_set(o, "org_unit", store_col_str(st, s, off + 1));
	jx_set(o, "org_unit_name", store_col_str(st, s, off + 2));
	return o;
}

enum store_rc
store_contest_exclusion_list(struct store *st, const char *campaign, json_t **exclusions)
{
	return store_stmt_list(st, STMT_CONTEST_EXCL_LIST, ARGS(T(campaign)), exclusion_from_row, exclusions);
}

enum store_rc
store_contest_juror_queue(struct store *st, const char *campaign, int64_t user_id, json_t **entries)
{
	return store_stmt_list(st, STMT_CONTEST_JUROR_QUEUE,
			       ARGS(I(user_id), T(campaign), I(user_id), I(user_id), I(user_id)),
			       juror_entry_from_row, entries);
}

enum store_rc
store_contest_juror_entry(struct store *st, const char *campaign, int64_t user_id, int64_t entry_id,
			  json_t **entry)
{
	return store_stmt_row(st, STMT_CONTEST_JUROR_ENTRY,
			      ARGS(I(user_id), T(campaign), I(user_id), I(user_id), I(user_id), I(entry_id)),
			      juror_entry_from_row, entry);
}

enum store_rc
store_contest_score_set(struct store *st, int64_t entry_id, int64_t juror_id, const char *values,
			const char *comment, int64_t now)
{
	if (values == NULL) {
		log_warnx("%s: values are required", __func__);
		return store_fail();
	}
	return store_stmt_run(st, STMT_CONTEST_SCORE_SET,
			      ARGS(I(entry_id), I(juror_id), T(values), T(comment), I(now)), NULL);
}

static json_t *
score_from_row(struct store *st, struct store_stmt *s, int off)
{
	json_t *o, *vals = store_col_json(st, s, off + 3);

	if (vals == NULL)
		return NULL;
	o = jx_obj();
	jx_set(o, "entry", store_col_int(st, s, off));
	jx_set(o, "juror", store_col_int(st, s, off + 1));
	jx_set(o, "juror_name", store_col_str(st, s, off + 2));
	jx_set(o, "values", vals);
	jx_set(o, "comment", store_col_str(st, s, off + 4));
	jx_set(o, "updated_at", store_col_int(st, s, off + 5));
	return o;
}

enum store_rc
store_contest_scores(struct store *st, const char *campaign, json_t **scores)
{
	return store_stmt_list(st, STMT_CONTEST_SCORES, ARGS(T(campaign)), score_from_row, scores);
}

static json_t *
state_from_row(struct store *st, struct store_stmt *s, int off)
{
	json_t *o, *results = store_col_json(st, s, off + 4);

	if (results == NULL)
		return NULL;
	o = jx_obj();
	jx_set(o, "judging_closed_at", store_col_int_or_null(st, s, off));
	jx_set(o, "judging_closed_by", store_col_int_or_null(st, s, off + 1));
	jx_set(o, "results_published_at", store_col_int_or_null(st, s, off + 2));
	jx_set(o, "results_published_by", store_col_int_or_null(st, s, off + 3));
	jx_set(o, "results", results);
	jx_set(o, "purged_at", store_col_int_or_null(st, s, off + 5));
	return o;
}

enum store_rc
store_contest_state(struct store *st, const char *campaign, json_t **state)
{
	static const char *const keys[] = {
		"judging_closed_at",    "judging_closed_by", "results_published_at",
		"results_published_by", "results",           "purged_at"};
	enum store_rc rc = store_stmt_row(st, STMT_CONTEST_STATE, ARGS(T(campaign)), state_from_row, state);
	size_t i;

	if (rc != STORE_NOTFOUND)
		return rc;
	*state = jx_obj();
	for (i = 0; i < sizeof(keys) / sizeof(keys[0]); i++)
		jx_set(*state, keys[i], json_null());
	return STORE_OK;
}

enum store_rc
store_contest_set_judging(struct store *st, const char *campaign, int closed, int64_t by_user, int64_t now)
{
	struct store_arg at = closed ? (struct store_arg)I(now) : (struct store_arg)T(NULL);
	struct store_arg by = closed ? (struct store_arg)I(by_user) : (struct store_arg)T(NULL);
	enum store_rc rc;

	if ((rc = store_stmt_run(st, STMT_CONTEST_STATE_ENSURE, ARGS(T(campaign)), NULL)) != STORE_OK)
		return rc;
	rc = store_stmt_one(st, STMT_CONTEST_SET_JUDGING, ARGS(at, by, T(campaign)));
	return rc == STORE_NOTFOUND ? STORE_CONFLICT : rc;
}

enum store_rc
store_contest_publish(struct store *st, const char *campaign, const char *results, int64_t by_user,
		      int64_t now)
{
	enum store_rc rc;

	if (results == NULL) {
		log_warnx("%s: results are required", __func__);
		return store_fail();
	}
	if ((rc = store_stmt_run(st, STMT_CONTEST_STATE_ENSURE, ARGS(T(campaign)), NULL)) != STORE_OK)
		return rc;
	rc = store_stmt_one(st, STMT_CONTEST_PUBLISH, ARGS(T(results), I(now), I(by_user), T(campaign)));
	return rc == STORE_NOTFOUND ? STORE_CONFLICT : rc;
}

enum store_rc
store_contest_purge_due(struct store *st, int64_t before, json_t **slugs)
{
	return store_stmt_list(st, STMT_CONTEST_PURGE_DUE, ARGS(I(before)), slug_from_row, slugs);
}

/* counts[key] += 1 */
static void
tally(json_t *counts, const char *key)
{
	json_t *v = json_object_get(counts, key);

	jx_set(counts, key, json_integer(v != NULL ? json_integer_value(v) + 1 : 1));
}

static enum store_rc
statistics(struct store *st, const char *campaign, json_t **out)
{
	json_t *o = jx_obj(), *by_ou = jx_obj(), *by_nom = jx_obj(), *by_age = jx_obj(),
	       *by_status = jx_obj();
	struct store_stmt *s = NULL;
	const char *ou, *nom, *status;
	enum store_rc rc;
	char age[24];

	jx_set(o, "by_org_unit", by_ou);
	jx_set(o, "by_nomination", by_nom);
	jx_set(o, "by_age", by_age);
	jx_set(o, "by_status", by_status);
	rc = store_stmt_run(st, STMT_CONTEST_STATS, ARGS(T(campaign)), &s);
	while (rc == STORE_OK) {
		ou = st->ops->column_text(s, 0);
		nom = st->ops->column_text(s, 1);
		snprintf(age, sizeof(age), "%lld", (long long)st->ops->column_int64(s, 2));
		status = st->ops->column_text(s, 3);
		tally(by_ou, ou != NULL ? ou : "");
		tally(by_nom, nom != NULL ? nom : "");
		tally(by_age, age);
		tally(by_status, status != NULL ? status : "");
		rc = store_stmt_step(st, s);
	}
	store_stmt_done(st, s);
	if (rc != STORE_NOTFOUND) {
		json_decref(o);
		return rc;
	}
	*out = o;
	return STORE_OK;
}

/* Removes "author" and "video_url" from every object under v: the published names and links. */
static void
strip_published(json_t *v)
{
	const char *key;
	json_t *x;
	size_t i;

	if (json_is_object(v)) {
		json_object_del(v, "author");
		json_object_del(v, "video_url");
		json_object_foreach(v, key, x) strip_published(x);
	} else if (json_is_array(v)) {
		json_array_foreach(v, i, x) strip_published(x);
	}
}

static json_t *
destruction_from_row(struct store *st, struct store_stmt *s, int off)
{
	json_t *o, *stats = store_col_json(st, s, off + 8);

	if (stats == NULL)
		return NULL;
	o = jx_obj();
	jx_set(o, "id", store_col_int(st, s, off));
	jx_set(o, "campaign", store_col_str(st, s, off + 1));
	jx_set(o, "at", store_col_int(st, s, off + 2));
	jx_set(o, "by_user", store_col_int_or_null(st, s, off + 3));
	jx_set(o, "by_name", store_col_str(st, s, off + 4));
	jx_set(o, "ground", store_col_str(st, s, off + 5));
	jx_set(o, "what", store_col_str(st, s, off + 6));
	jx_set(o, "records", store_col_int(st, s, off + 7));
	jx_set(o, "statistics", stats);
	return o;
}

/* What a purge erases, as the destruction record names it. */
#define PURGE_WHAT                                                                                           \
	"full names and birth dates of authors, schools, guardians' names and relations, e-mail "            \
	"addresses and phones, captions, video links, titles and descriptions, addresses of submission, "    \
	"duplicate and rate-limit hashes, the contest's queued and sent mail"

enum store_rc
store_contest_purge(struct store *st, const char *campaign, int64_t by_user, const char *ground, int64_t now,
		    json_t **record)
{
	struct store_arg by = by_user > 0 ? (struct store_arg)I(by_user) : (struct store_arg)T(NULL);
	json_t *stats = NULL, *state = NULL, *results, *list = NULL;
	char *stats_text = NULL, *results_text = NULL;
	int64_t records = 0, id = 0;
	enum store_rc rc;

	*record = NULL;
	if (ground == NULL || *ground == '\0') {
		log_warnx("%s: a ground is required", __func__);
		return store_fail();
	}
	if ((rc = statistics(st, campaign, &stats)) != STORE_OK)
		goto out;
	if ((rc = store_stmt_int(st, STMT_CONTEST_PURGE_COUNT, ARGS(T(campaign)), &records)) != STORE_OK)
		goto out;
	if ((rc = store_stmt_run(st, STMT_CONTEST_PURGE_ERASE, ARGS(T(campaign)), NULL)) != STORE_OK)
		goto out;
	if ((rc = store_stmt_run(st, STMT_CONTEST_PURGE_MAIL, ARGS(T(campaign)), NULL)) != STORE_OK)
		goto out;
	if ((rc = store_contest_state(st, campaign, &state)) != STORE_OK)
		goto out;
	results = json_object_get(state, "results");
	if (results != NULL && !json_is_null(results)) {
		strip_published(results);
		results_text = json_dumps(results, JSON_COMPACT | JSON_PRESERVE_ORDER);
		if (results_text == NULL)
			abort();
	}
	if ((rc = store_stmt_run(st, STMT_CONTEST_STATE_ENSURE, ARGS(T(campaign)), NULL)) != STORE_OK)
		goto out;
	if ((rc = store_stmt_run(st, STMT_CONTEST_PURGE_MARK, ARGS(I(now), T(results_text), T(campaign)),
				 NULL)) != STORE_OK)
		goto out;
	stats_text = json_dumps(stats, JSON_COMPACT | JSON_PRESERVE_ORDER);
	if (stats_text == NULL)
		abort();
	rc = store_stmt_int(st, STMT_CONTEST_DESTRUCTION_ADD,
			    ARGS(T(campaign), I(now), by, I(by_user), T(ground), T(PURGE_WHAT), I(records),
				 T(stats_text)),
			    &id);
	if (rc != STORE_OK)
		goto out;
	if ((rc = store_contest_destructions(st, campaign, &list)) != STORE_OK)
		goto out;
	for (size_t i = 0; i < json_array_size(list); i++)
		if (json_integer_value(json_object_get(json_array_get(list, i), "id")) == id)
			*record = json_incref(json_array_get(list, i));
	rc = *record != NULL ? STORE_OK : store_fail();
out:
	json_decref(list);
	json_decref(stats);
	json_decref(state);
	free(stats_text);
	free(results_text);
	return rc;
}

enum store_rc
store_contest_destructions(struct store *st, const char *campaign, json_t **records)
{
	return store_stmt_list(st, STMT_CONTEST_DESTRUCTIONS, ARGS(T(campaign)), destruction_from_row,
			       records);
}
