/*
 * workflow: the life of a municipality's report, as a pure state machine.
 *
 *   not started ─save─▶ draft ─save─▶ draft
 *   not started, draft, returned ─submit─▶ submitted
 *   submitted ─return (comment)─▶ returned ─save─▶ returned
 *   submitted ─accept─▶ accepted ─reopen (reason)─▶ returned
 *
 * Coordinators save and submit their own municipality's report; admins
 * return, accept and reopen. A submitted or accepted report is read-only for
 * the coordinator. While the campaign has locked reports (and no lock
 * exception runs), the coordinator can neither save nor submit.
 */
#ifndef SVODKA_DOMAIN_WORKFLOW_H
#define SVODKA_DOMAIN_WORKFLOW_H

#include <stddef.h>
#include <stdint.h>

enum workflow_status {
	WORKFLOW_NOT_STARTED,
	WORKFLOW_DRAFT,
	WORKFLOW_SUBMITTED,
	WORKFLOW_RETURNED,
	WORKFLOW_ACCEPTED,
	WORKFLOW_STATUS__MAX
};

enum workflow_action {
	WORKFLOW_SAVE,
	WORKFLOW_SUBMIT,
	WORKFLOW_RETURN,
	WORKFLOW_ACCEPT,
	WORKFLOW_REOPEN,
	WORKFLOW_ACTION__MAX
};

enum workflow_actor {
	WORKFLOW_COORDINATOR,
	WORKFLOW_ADMIN,
};

/*
 * The status after `action` by `actor` on a report in status `from`: 0 and
 * *to, or -1 and *why (a Russian sentence, static) when the action is not
 * allowed. locked: the campaign has closed reports for this municipality.
 */
__attribute__((warn_unused_result)) int workflow_next(enum workflow_status from, enum workflow_action action,
						      enum workflow_actor actor, int locked,
						      enum workflow_status *to, const char **why);

/* "not_started", "draft", "submitted", "returned", "accepted". */
const char *workflow_status_code(enum workflow_status s);
/* «не начат», «черновик», «на проверке», «возвращён на доработку», «принят». */
const char *workflow_status_name(enum workflow_status s);
/* Code → status: 0, or -1 when unknown. */
__attribute__((warn_unused_result)) int workflow_status_parse(const char *code, enum workflow_status *s);
/* "save", "submit", "return", "accept", "reopen". */
const char *workflow_action_code(enum workflow_action a);
/* «сохранён», «отправлен на проверку», «возвращён на доработку», «принят», «открыт повторно». */
const char *workflow_action_name(enum workflow_action a);
/* Code → action: 0, or -1 when unknown (also "import", the CSV import's save, maps to SAVE). */
__attribute__((warn_unused_result)) int workflow_action_parse(const char *code, enum workflow_action *a);
/* Whether the coordinator may change the data in this status (draft, returned, not started). */
int workflow_editable(enum workflow_status s);

/*
 * Whether a municipality whose report is in status s still owes it: not
 * started, draft or returned — whom the reminders write to. A submitted
 * or accepted report owes nothing.
 */
int workflow_owes(enum workflow_status s);

/*
 * The same for a stored status code: NULL (no report) owes; a code that
 * workflow_status_parse does not know owes nothing.
 */
int workflow_code_owes(const char *code);

/*
 * Whether the report counts as presented (DHIS2's "reported"): submitted at
 * least once, so submitted, returned or accepted. Not started and draft
 * count as missing.
 */
int workflow_reported(enum workflow_status s);

/*
 * On time or late is decided by the first submission: when `action` is a
 * submit and none is recorded yet (has_submitted 0), records now in
 * *submitted_at and in *late whether now is after `due`
 * (deadline_is_late), and returns 1. Every other action, and a
 * resubmission after a return, keeps what was recorded: returns 0 and
 * leaves both untouched.
 */
int workflow_first_submission(enum workflow_action action, int has_submitted, int64_t due, int64_t now,
			      int64_t *submitted_at, int *late);

/* A return or reopen comment: user-perceived characters, trailing white space aside. */
#define WORKFLOW_COMMENT_MAX 5000

/*
 * Checks the reviewer's comment of a return or a reopen: s (NUL-terminated,
 * may be NULL) is valid UTF-8 and, without trailing spaces and line breaks,
 * 1..WORKFLOW_COMMENT_MAX user-perceived characters. Returns 0 and stores
 * the trimmed length in bytes in *len, or -1.
 */
__attribute__((warn_unused_result)) int workflow_comment_check(const char *s, size_t *len);

#endif
