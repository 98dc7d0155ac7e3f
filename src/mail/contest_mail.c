/*
 * contest_mail: the video contest's mail and its timed work (outbox.h).
 * Every contest mail is sealed in the outbox. The worker's contest tick
 * expires the minors' entries never confirmed (their data erased), sends
 * the guardian one reminder with a fresh link after CONTEST_REMIND_AFTER,
 * and purges a contest's personal data its retention days after the
 * results were published, writing the destruction record.
 */
#include "mail/outbox.h"

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "domain/contest.h"
#include "util/buf.h"
#include "util/civil.h"
#include "util/jsonx.h"
#include "util/log.h"
#include "util/seal.h"

#define TEXT_MAX ((size_t)64 * 1024)

enum store_rc
outbox_queue_sealed(struct store *st, const struct seal *s, enum mailtext_kind k,
		    const struct mailtext_model *m, const char *to, const char *key, const char *slug,
		    int64_t now)
{
	struct store_mail_new nm = {0};
	char *sto = NULL, *ssubj = NULL, *sbody = NULL;
	struct buf subj, body;
	enum store_rc rc = STORE_ERROR;
	int64_t id;

	if (s == NULL || to == NULL || *to == '\0')
		return STORE_ERROR;
	buf_init(&subj, TEXT_MAX);
	buf_init(&body, TEXT_MAX);
	if (mailtext_compose(k, m, &subj, &body) < 0) {
		log_warnx("%s: cannot compose a %s mail", __func__, mailtext_kind_code(k));
		goto out;
	}
	sto = seal_box(s, to, strlen(to));
	ssubj = seal_box(s, subj.data, subj.len);
	sbody = seal_box(s, body.data, body.len);
	if (sto == NULL || ssubj == NULL || sbody == NULL)
		goto out;
	nm.to = sto;
	nm.subject = ssubj;
	nm.body = sbody;
	nm.kind = "contest";
	nm.dedup_key = key;
	nm.campaign = slug;
	nm.now = now;
	nm.sealed = 1;
	rc = store_mail_enqueue(st, &nm, &id);
	if (rc == STORE_CONFLICT)
		rc = STORE_OK; /* this mail was queued before: never twice */
out:
	sodium_memzero(body.data, body.len);
	buf_release(&subj);
	buf_release(&body);
	free(sto);
	free(ssubj);
	free(sbody);
	return rc;
}

/* The status page of an entry, from the token kept in its sealed data: a new string. */
static char *
status_link(const char *slug, const json_t *pd)
{
	const char *token = jx_get_str(pd, "status_token");
	char *out;
	size_t n;

	if (token == NULL)
		return NULL;
	n = strlen(outbox_public_url()) + strlen(slug) + strlen(token) + 64;
	out = malloc(n);
	if (out == NULL)
		abort();
	snprintf(out, n, "%s/campaigns/%s/contest/status/%s", outbox_public_url(), slug, token);
	return out;
}

enum store_rc
outbox_contest_entry_mail(struct store *st, const struct seal *s, enum mailtext_kind k,
			  const json_t *campaign, const json_t *entry, const char *what,
			  struct mailtext_model *m, int64_t now)
{
	const char *slug = jx_get_str(campaign, "slug");
	json_t *pd = seal_open_json(s, jx_get_str(entry, "pd_sealed"));
	const char *to = jx_get_str(json_object_get(pd, "contact"), "email");
	char *link = NULL, key[64];
	enum store_rc rc = STORE_OK;

	if (pd == NULL || to == NULL || slug == NULL)
		goto out; /* erased, or no address: nothing to send */
	link = status_link(slug, pd);
	m->campaign = jx_get_str(campaign, "title");
	m->org_unit = jx_get_str(entry, "org_unit_name");
	m->link = link;
	m->entry_id = json_integer_value(json_object_get(entry, "id"));
	snprintf(key, sizeof(key), "contest:%lld:%s", (long long)m->entry_id, what);
	if (link != NULL)
		rc = outbox_queue_sealed(st, s, k, m, to, key, slug, now);
out:
	free(link);
	json_decref(pd);
	return rc;
}

/* One reminder with a fresh link (the old one stops working), in a transaction of its own. */
static void
remind_one(struct store *st, const struct seal *s, const json_t *due, int64_t now)
{
	int64_t id = json_integer_value(json_object_get(due, "id"));
	json_t *campaign = NULL, *entry = NULL;
	char token[SEAL_HASH_HEX], hash[SEAL_HASH_HEX], link[512], expires[CIVIL_ZONED_TEXT_MAX] = "";
	struct mailtext_model m = {0};
	int64_t exp;
	enum store_rc rc;

	if (store_begin(st, 1) != STORE_OK)
		return;
	if ((rc = store_contest_entry_get(st, id, &entry)) != STORE_OK ||
	    (rc = store_campaign_get(st, jx_get_str(entry, "campaign"), &campaign)) != STORE_OK)
		goto fail;
	exp = json_integer_value(json_object_get(entry, "confirm_expires"));
	seal_random_hex(token);
	seal_hash(s, "confirm", token, SEAL_HASH_HEX - 1, hash);
	if ((rc = store_contest_entry_set_confirm(st, id, hash, exp)) != STORE_OK)
		goto fail;
	snprintf(link, sizeof(link), "%s/campaigns/%s/contest/confirm/%s", outbox_public_url(),
		 jx_get_str(campaign, "slug"), token);
	if (civil_instant_format_zone(exp, jx_get_str(campaign, "time_zone"), expires, sizeof(expires)) < 0)
		expires[0] = '\0';
	m.confirm_link = link;
	m.expires = expires;
	if ((rc = outbox_contest_entry_mail(st, s, MAILTEXT_CONTEST_CONFIRM_REMINDER, campaign, entry,
					    "reminder", &m, now)) != STORE_OK)
		goto fail;
	if ((rc = store_contest_entry_reminded(st, id, now)) != STORE_OK)
		goto fail;
	if (store_commit(st) == STORE_OK)
		log_info("contest entry %lld: confirmation reminder queued", (long long)id);
	goto out;
fail:
	log_warnx("%s: entry %lld: store error %d", __func__, (long long)id, rc);
	store_rollback(st);
out:
	sodium_memzero(token, sizeof(token));
	sodium_memzero(link, sizeof(link));
	json_decref(entry);
	json_decref(campaign);
}

/* Purges one campaign whose retention has run out, with its destruction record. */
static void
purge_one(struct store *st, const char *slug, int64_t now)
{
	json_t *campaign = NULL, *state = NULL, *rec = NULL;
	int64_t published, days;
	char ground[256];
	enum store_rc rc;

	if (store_begin(st, 1) != STORE_OK)
		return;
	if ((rc = store_campaign_get(st, slug, &campaign)) != STORE_OK ||
	    (rc = store_contest_state(st, slug, &state)) != STORE_OK)
		goto fail;
	published = json_integer_value(json_object_get(state, "results_published_at"));
	days = contest_retention_days(contest_block(campaign));
	if (contest_block(campaign) == NULL || published + days * 86400 > now) {
		store_rollback(st);
		goto out;
	}
	snprintf(ground, sizeof(ground),
		 "Автоматически: истёк срок хранения — %lld дн. после публикации итогов; цели обработки "
		 "достигнуты (ч. 7 ст. 5, ч. 4 ст. 21 Федерального закона № 152-ФЗ)",
		 (long long)days);
	if ((rc = store_contest_purge(st, slug, 0, ground, now, &rec)) != STORE_OK)
		goto fail;
	if (store_commit(st) == STORE_OK)
		log_info("contest of %s: personal data purged (%lld records)", slug,
			 (long long)json_integer_value(json_object_get(rec, "records")));
	goto out;
fail:
	log_warnx("%s: %s: store error %d", __func__, slug, rc);
	store_rollback(st);
out:
	json_decref(rec);
	json_decref(state);
	json_decref(campaign);
}

void
outbox_contest_run(struct store *st, int64_t now)
{
	const struct seal *s = seal_global();
	json_t *remind = NULL, *slugs = NULL, *v;
	int64_t expired = 0;
	size_t i;

	if (s == NULL)
		return;
	if (store_begin(st, 1) != STORE_OK)
		return;
	if (store_contest_confirmations_due(st, now, now - CONTEST_REMIND_AFTER, &expired, &remind) !=
		    STORE_OK ||
	    store_commit(st) != STORE_OK) {
		log_warnx("%s: the confirmations could not be checked", __func__);
		store_rollback(st);
		json_decref(remind);
		return;
	}
	if (expired > 0)
		log_info("contest: %lld unconfirmed entries expired and erased", (long long)expired);
	json_array_foreach(remind, i, v) remind_one(st, s, v, now);
	json_decref(remind);
	if (store_contest_purge_due(st, now, &slugs) == STORE_OK)
		json_array_foreach(slugs, i, v) purge_one(st, json_string_value(v), now);
	json_decref(slugs);
	store_rollback(st);
}
