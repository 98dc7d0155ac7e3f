/*
 * audit: the audit log. An event (who, what, on which entity, from where,
 * with a JSON detail) is added in the caller's transaction; the admin
 * pages read a page of events, newest first, with their total. The SQL is
 * STMT_AUDIT_* in stmt.c.
 */
#include "store/store_int.h"

#include <stdlib.h>

#include "util/jsonx.h"
#include "util/log.h"

enum store_rc
store_audit_add(struct store *st, const struct store_audit_event *e)
{
	struct store_arg actor =
		e->actor_id > 0 ? (struct store_arg)I(e->actor_id) : (struct store_arg)T(NULL);
	char *detail = NULL;
	enum store_rc rc;

	if (e->action == NULL || e->entity == NULL) {
		log_warnx("%s: action and entity are required", __func__);
		return store_fail();
	}
	if (e->detail != NULL) {
		detail = json_dumps(e->detail, JSON_COMPACT | JSON_PRESERVE_ORDER | JSON_ENCODE_ANY);
		if (detail == NULL)
			abort();
	}
	rc = store_stmt_run(st, STMT_AUDIT_ADD,
			    ARGS(I(e->at), actor, T(e->actor_login), T(e->action), T(e->entity),
				 T(e->entity_id), T(detail), T(e->remote_ip)),
			    NULL);
	free(detail);
	return rc;
}

static json_t *
audit_from_row(struct store *st, struct store_stmt *s, int off)
{
	json_t *o = jx_obj(), *detail;

	detail = store_col_json(st, s, off + 6);
	if (detail == NULL) {
		json_decref(o);
		return NULL;
	}
	jx_set(o, "id", store_col_int(st, s, off));
	jx_set(o, "at", store_col_int(st, s, off + 1));
	jx_set(o, "actor", store_col_str(st, s, off + 2));
	jx_set(o, "action", store_col_str(st, s, off + 3));
	jx_set(o, "entity", store_col_str(st, s, off + 4));
	jx_set(o, "entity_id", store_col_str(st, s, off + 5));
	jx_set(o, "detail", detail);
	jx_set(o, "remote_ip", store_col_str(st, s, off + 7));
	return o;
}

/* Count and page come from one read transaction unless the caller has one open. */
enum store_rc
store_audit_list(struct store *st, int64_t offset, int64_t limit, json_t **events, int64_t *total)
{
	return store_stmt_page(st, STMT_AUDIT_COUNT, NOARGS, STMT_AUDIT_LIST, ARGS(I(limit), I(offset)),
			       offset, limit, audit_from_row, events, total);
}
