/* workflow: the report's status machine (see workflow.h). */
#include "domain/workflow.h"

#include <stdlib.h>
#include <string.h>

#include "domain/deadline.h"
#include "domain/text.h"

static const char *const status_codes[WORKFLOW_STATUS__MAX] = {
	"not_started", "draft", "submitted", "returned", "accepted",
};
static const char *const status_names[WORKFLOW_STATUS__MAX] = {
	"не начат", "черновик", "на проверке", "возвращён на доработку", "принят",
};
static const char *const action_codes[WORKFLOW_ACTION__MAX] = {
	"save", "submit", "return", "accept", "reopen",
};
static const char *const action_names[WORKFLOW_ACTION__MAX] = {
	"сохранён", "отправлен на проверку", "возвращён на доработку", "принят", "открыт повторно",
};

int
workflow_editable(enum workflow_status s)
{
	return s == WORKFLOW_NOT_STARTED || s == WORKFLOW_DRAFT || s == WORKFLOW_RETURNED;
}

int
workflow_owes(enum workflow_status s)
{
	switch (s) {
	case WORKFLOW_NOT_STARTED:
	case WORKFLOW_DRAFT:
	case WORKFLOW_RETURNED: return 1;
	case WORKFLOW_SUBMITTED:
	case WORKFLOW_ACCEPTED:
	case WORKFLOW_STATUS__MAX: break;
	}
	return 0;
}

int
workflow_code_owes(const char *code)
{
	enum workflow_status s;

	if (code == NULL)
		return 1;
	return workflow_status_parse(code, &s) == 0 && workflow_owes(s);
}

int
workflow_reported(enum workflow_status s)
{
	switch (s) {
	case WORKFLOW_SUBMITTED:
	case WORKFLOW_RETURNED:
	case WORKFLOW_ACCEPTED: return 1;
	case WORKFLOW_NOT_STARTED:
	case WORKFLOW_DRAFT:
	case WORKFLOW_STATUS__MAX: break;
	}
	return 0;
}

int
workflow_first_submission(enum workflow_action action, int has_submitted, int64_t due, int64_t now,
			  int64_t *submitted_at, int *late)
{
	if (action != WORKFLOW_SUBMIT || has_submitted)
		return 0;
	*submitted_at = now;
	*late = deadline_is_late(due, now);
	return 1;
}

int
workflow_next(enum workflow_status from, enum workflow_action action, enum workflow_actor actor, int locked,
	      enum workflow_status *to, const char **why)
{
	switch (action) {
	case WORKFLOW_SAVE:
	case WORKFLOW_SUBMIT:
		if (actor != WORKFLOW_COORDINATOR) {
			*why = "Отчёт заполняет и отправляет координатор муниципалитета.";
			return -1;
		}
		if (!workflow_editable(from)) {
			*why = from == WORKFLOW_ACCEPTED
				       ? "Отчёт принят департаментом; изменить его можно, только если департамент "
					 "откроет его повторно."
				       : "Отчёт отправлен на проверку; изменить его можно, только если департамент "
					 "вернёт его на доработку.";
			return -1;
		}
		if (locked) {
			*why = "Приём отчётов по кампании закрыт. Чтобы внести изменения, обратитесь в "
			       "департамент: он может открыть отчёт на несколько дней.";
			return -1;
		}
		if (action == WORKFLOW_SUBMIT)
			*to = WORKFLOW_SUBMITTED;
		else
			*to = from == WORKFLOW_RETURNED ? WORKFLOW_RETURNED : WORKFLOW_DRAFT;
		return 0;
	case WORKFLOW_RETURN:
	case WORKFLOW_ACCEPT:
		if (actor != WORKFLOW_ADMIN) {
			*why = "Проверяет отчёты департамент.";
			return -1;
		}
		if (from != WORKFLOW_SUBMITTED) {
			*why = "Вернуть или принять можно только отчёт, отправленный на проверку.";
			return -1;
		}
		*to = action == WORKFLOW_RETURN ? WORKFLOW_RETURNED : WORKFLOW_ACCEPTED;
		return 0;
	case WORKFLOW_REOPEN:
		if (actor != WORKFLOW_ADMIN) {
			*why = "Открыть принятый отчёт повторно может только департамент.";
			return -1;
		}
		if (from != WORKFLOW_ACCEPTED) {
			*why = "Открыть повторно можно только принятый отчёт.";
			return -1;
		}
		*to = WORKFLOW_RETURNED;
		return 0;
	case WORKFLOW_ACTION__MAX: break;
	}
	abort();
}

const char *
workflow_status_code(enum workflow_status s)
{
	return s < WORKFLOW_STATUS__MAX ? status_codes[s] : NULL;
}

const char *
workflow_status_name(enum workflow_status s)
{
	return s < WORKFLOW_STATUS__MAX ? status_names[s] : NULL;
}

int
workflow_status_parse(const char *code, enum workflow_status *s)
{
	int i;

	for (i = 0; code && i < WORKFLOW_STATUS__MAX; i++)
		if (strcmp(code, status_codes[i]) == 0) {
			*s = (enum workflow_status)i;
			return 0;
		}
	return -1;
}

const char *
workflow_action_code(enum workflow_action a)
{
	return a < WORKFLOW_ACTION__MAX ? action_codes[a] : NULL;
}

const char *
workflow_action_name(enum workflow_action a)
{
	return a < WORKFLOW_ACTION__MAX ? action_names[a] : NULL;
}

int
workflow_action_parse(const char *code, enum workflow_action *a)
{
	int i;

	if (code && strcmp(code, "import") == 0) {
		*a = WORKFLOW_SAVE;
		return 0;
	}
	for (i = 0; code && i < WORKFLOW_ACTION__MAX; i++)
		if (strcmp(code, action_codes[i]) == 0) {
			*a = (enum workflow_action)i;
			return 0;
		}
	return -1;
}

int
workflow_comment_check(const char *s, size_t *len)
{
	size_t n = s ? strlen(s) : 0, chars;

	while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\n' || s[n - 1] == '\r' || s[n - 1] == '\t'))
		n--;
	if (n == 0 || utf8_grapheme_count(s, n, &chars) < 0 || chars > WORKFLOW_COMMENT_MAX)
		return -1;
	*len = n;
	return 0;
}
