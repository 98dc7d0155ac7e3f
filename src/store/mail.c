/*
 * mail: the outbox. A mail is queued in the caller's transaction under a
 * dedup key (a key already taken queues nothing); workers list the due
 * mails or claim them under a lease, then mark each sent or failed (with
 * a next attempt, or given up); the admin pages read a page of the outbox
 * and the count of each status. The SQL is STMT_MAIL_* in stmt.c.
 */
#include "store/store_int.h"

#include <stdlib.h>

#include "util/jsonx.h"
#include "util/log.h"
#include "util/xalloc.h"

static json_t *
mail_from_row(struct store *st, struct store_stmt *s, int off)
{
	json_t *o = jx_obj();

	jx_set(o, "id", store_col_int(st, s, off));
	jx_set(o, "to", store_col_str(st, s, off + 1));
	jx_set(o, "subject", store_col_str(st, s, off + 2));
	jx_set(o, "body", store_col_str(st, s, off + 3));
	jx_set(o, "kind", store_col_str(st, s, off + 4));
	jx_set(o, "dedup_key", store_col_str(st, s, off + 5));
	jx_set(o, "status", store_col_str(st, s, off + 6));
	jx_set(o, "attempts", store_col_int(st, s, off + 7));
	jx_set(o, "last_error", store_col_str(st, s, off + 8));
	jx_set(o, "created_at", store_col_int(st, s, off + 9));
	jx_set(o, "next_attempt_at", store_col_int(st, s, off + 10));
	jx_set(o, "sent_at", store_col_int_or_null(st, s, off + 11));
	jx_set(o, "campaign", store_col_str(st, s, off + 12));
	jx_set(o, "org_unit", store_col_str(st, s, off + 13));
	jx_set(o, "version", store_col_int(st, s, off + 14));
	jx_set(o, "sealed", jx_bool(st->ops->column_int64(s, off + 15) != 0));
	return o;
}

/* The first attempt is due at once (now). */
enum store_rc
store_mail_enqueue(struct store *st, const struct store_mail_new *m, int64_t *id)
{
	enum store_rc rc;

	if (m->to == NULL || m->subject == NULL || m->body == NULL || m->kind == NULL) {
		log_warnx("%s: to, subject, body and kind are required", __func__);
		return store_fail();
	}
	rc = store_stmt_int(st, STMT_MAIL_ENQUEUE,
			    ARGS(T(m->to), T(m->subject), T(m->body), T(m->kind), T(m->dedup_key), I(m->now),
				 I(m->now), T(m->campaign), T(m->org_unit), I(m->sealed ? 1 : 0)),
			    id);
	/* No row: the dedup key was taken (ON CONFLICT DO NOTHING). */
	return rc == STORE_NOTFOUND ? STORE_CONFLICT : rc;
}

enum store_rc
store_mail_due(struct store *st, int64_t now, int64_t limit, json_t **mails)
{
	*mails = NULL;
	if (limit <= 0) {
		log_warnx("%s: bad limit %lld", __func__, (long long)limit);
		return store_fail();
	}
	return store_stmt_list(st, STMT_MAIL_DUE, ARGS(I(now), I(limit)), mail_from_row, mails);
}

/* The claimed mails of one call, by id. */
static int
mail_id_cmp(const void *a, const void *b)
{
	json_int_t x = json_integer_value(json_object_get(*(json_t *const *)a, "id"));
	json_int_t y = json_integer_value(json_object_get(*(json_t *const *)b, "id"));

	return (x > y) - (x < y);
}

/*
 * One statement leases the due mails (MAIL_CLAIM), in the caller's write
 * transaction or in one of its own: on SQLite BEGIN IMMEDIATE makes the
 * read of the due mails and their update one step no other connection can
 * come between; on PostgreSQL the rows are locked as they are chosen, and
 * those another claim holds are skipped. RETURNING has no order: the list
 * is sorted by id here.
 */
enum store_rc
store_mail_claim(struct store *st, int64_t now, int64_t limit, int64_t lease_until, json_t **mails)
{
	json_t *list = NULL, **v = NULL, *m;
	enum store_rc rc;
	size_t i, n;
	int own_tx = 0;

	*mails = NULL;
	if (limit <= 0 || lease_until <= now) {
		log_warnx("%s: bad limit %lld or lease %lld (now %lld)", __func__, (long long)limit,
			  (long long)lease_until, (long long)now);
		return store_fail();
	}
	if (!st->in_tx) {
		if ((rc = store_begin(st, 1)) != STORE_OK)
			return rc;
		own_tx = 1;
	}
	rc = store_stmt_list(st, STMT_MAIL_CLAIM, ARGS(I(lease_until), I(now), I(limit), I(now)),
			     mail_from_row, &list);
	if (own_tx) {
		if (rc == STORE_OK)
			rc = store_commit(st);
		else
			store_rollback(st);
	}
	if (rc != STORE_OK) {
		json_decref(list);
		return rc;
	}
	n = json_array_size(list);
	v = xcalloc(n + 1, sizeof(*v));
	json_array_foreach(list, i, m) v[i] = json_incref(m);
	qsort(v, n, sizeof(*v), mail_id_cmp);
	json_array_clear(list);
	for (i = 0; i < n; i++)
		jx_append(list, v[i]);
	free(v);
	*mails = list;
	return STORE_OK;
}

enum store_rc
store_mail_mark_sent(struct store *st, int64_t id, int64_t now)
{
	return store_stmt_one(st, STMT_MAIL_SENT, ARGS(I(now), I(id)));
}

enum store_rc
store_mail_mark_failed(struct store *st, int64_t id, const char *error, int64_t next_attempt)
{
	struct store_arg next =
		next_attempt > 0 ? (struct store_arg)I(next_attempt) : (struct store_arg)T(NULL);

	return store_stmt_one(st, STMT_MAIL_FAILED,
			      ARGS(T(next_attempt > 0 ? "queued" : "failed"), T(error), next, I(id)));
}

/* Count and page come from one read transaction unless the caller has one open. */
enum store_rc
store_mail_list(struct store *st, const char *status, int64_t offset, int64_t limit, json_t **mails,
		int64_t *total)
{
	if (status == NULL)
		return store_stmt_page(st, STMT_MAIL_COUNT, NOARGS, STMT_MAIL_LIST, ARGS(I(limit), I(offset)),
				       offset, limit, mail_from_row, mails, total);
	return store_stmt_page(st, STMT_MAIL_COUNT_STATUS, ARGS(T(status)), STMT_MAIL_LIST_STATUS,
			       ARGS(T(status), I(limit), I(offset)), offset, limit, mail_from_row, mails,
			       total);
}

enum store_rc
store_mail_counts(struct store *st, json_t **counts)
{
	static const char *const statuses[] = {"queued", "sent", "failed"};

	return store_stmt_counts(st, STMT_MAIL_COUNTS, NOARGS, statuses,
				 sizeof(statuses) / sizeof(statuses[0]), counts);
}
