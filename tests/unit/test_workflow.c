/* Unit tests for domain/workflow: every transition, allowed and refused. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "domain/workflow.h"

#define C WORKFLOW_COORDINATOR
#define A WORKFLOW_ADMIN

static void
allowed(enum workflow_status from, enum workflow_action act, enum workflow_actor who,
	enum workflow_status want)
{
	enum workflow_status to = WORKFLOW_STATUS__MAX;
	const char *why = NULL;

	assert_int_equal(workflow_next(from, act, who, 0, &to, &why), 0);
	assert_int_equal(to, want);
}

static const char *
refused(enum workflow_status from, enum workflow_action act, enum workflow_actor who, int locked)
{
	enum workflow_status to = WORKFLOW_STATUS__MAX;
	const char *why = NULL;

	assert_int_equal(workflow_next(from, act, who, locked, &to, &why), -1);
	assert_non_null(why);
	assert_int_equal(to, WORKFLOW_STATUS__MAX);
	return why;
}

static void
test_the_loop(void **state)
{
	(void)state;
	allowed(WORKFLOW_NOT_STARTED, WORKFLOW_SAVE, C, WORKFLOW_DRAFT);
	allowed(WORKFLOW_DRAFT, WORKFLOW_SAVE, C, WORKFLOW_DRAFT);
	allowed(WORKFLOW_NOT_STARTED, WORKFLOW_SUBMIT, C, WORKFLOW_SUBMITTED);
	allowed(WORKFLOW_DRAFT, WORKFLOW_SUBMIT, C, WORKFLOW_SUBMITTED);
	allowed(WORKFLOW_SUBMITTED, WORKFLOW_RETURN, A, WORKFLOW_RETURNED);
	allowed(WORKFLOW_RETURNED, WORKFLOW_SAVE, C, WORKFLOW_RETURNED);
	allowed(WORKFLOW_RETURNED, WORKFLOW_SUBMIT, C, WORKFLOW_SUBMITTED);
	allowed(WORKFLOW_SUBMITTED, WORKFLOW_ACCEPT, A, WORKFLOW_ACCEPTED);
	allowed(WORKFLOW_ACCEPTED, WORKFLOW_REOPEN, A, WORKFLOW_RETURNED);
}

static void
test_refusals(void **state)
{
	(void)state;
	assert_non_null(strstr(refused(WORKFLOW_SUBMITTED, WORKFLOW_SAVE, C, 0), "вернёт"));
	assert_non_null(strstr(refused(WORKFLOW_ACCEPTED, WORKFLOW_SUBMIT, C, 0), "принят"));
	refused(WORKFLOW_DRAFT, WORKFLOW_SAVE, A, 0);
	refused(WORKFLOW_DRAFT, WORKFLOW_RETURN, A, 0);
	refused(WORKFLOW_RETURNED, WORKFLOW_ACCEPT, A, 0);
	refused(WORKFLOW_SUBMITTED, WORKFLOW_RETURN, C, 0);
	refused(WORKFLOW_SUBMITTED, WORKFLOW_ACCEPT, C, 0);
	refused(WORKFLOW_ACCEPTED, WORKFLOW_REOPEN, C, 0);
	refused(WORKFLOW_SUBMITTED, WORKFLOW_REOPEN, A, 0);
	refused(WORKFLOW_NOT_STARTED, WORKFLOW_ACCEPT, A, 0);
}

static void
test_lock(void **state)
{
	(void)state;
	assert_non_null(strstr(refused(WORKFLOW_DRAFT, WORKFLOW_SAVE, C, 1), "закрыт"));
	refused(WORKFLOW_RETURNED, WORKFLOW_SUBMIT, C, 1);
	refused(WORKFLOW_NOT_STARTED, WORKFLOW_SAVE, C, 1);
	/* The department's own actions are not locked. */
	allowed(WORKFLOW_SUBMITTED, WORKFLOW_ACCEPT, A, WORKFLOW_ACCEPTED);
}

static void
test_names(void **state)
{
	enum workflow_status s;
	enum workflow_action a;
	int i;

	(void)state;
	for (i = 0; i < WORKFLOW_STATUS__MAX; i++) {
		assert_int_equal(workflow_status_parse(workflow_status_code((enum workflow_status)i), &s), 0);
		assert_int_equal(s, i);
		assert_non_null(workflow_status_name((enum workflow_status)i));
	}
	for (i = 0; i < WORKFLOW_ACTION__MAX; i++) {
		assert_int_equal(workflow_action_parse(workflow_action_code((enum workflow_action)i), &a), 0);
		assert_int_equal(a, i);
	}
	assert_int_equal(workflow_status_parse("approved", &s), -1);
	assert_int_equal(workflow_status_parse(NULL, &s), -1);
	assert_int_equal(workflow_action_parse("delete", &a), -1);
	assert_int_equal(workflow_action_parse("import", &a), 0);
	assert_int_equal(a, WORKFLOW_SAVE);
	assert_string_equal(workflow_status_name(WORKFLOW_RETURNED), "возвращён на доработку");
	assert_false(workflow_editable(WORKFLOW_SUBMITTED));
	assert_true(workflow_editable(WORKFLOW_RETURNED));
}

/* The reviewer's comment counts user-perceived characters, trailing white space aside. */
static void
test_comment(void **state)
{
	size_t len = 0, i;
	char *s;

	(void)state;
	assert_int_equal(workflow_comment_check(NULL, &len), -1);
	assert_int_equal(workflow_comment_check("", &len), -1);
	assert_int_equal(workflow_comment_check(" \r\n\t ", &len), -1);
	assert_int_equal(workflow_comment_check("Нет ссылок \n", &len), 0);
	assert_int_equal(len, strlen("Нет ссылок"));
	assert_int_equal(workflow_comment_check("\xff\xfe", &len), -1);
	/* 5000 Cyrillic letters are 10,000 bytes and fit; 5001 do not. */
	s = malloc(5001 * 2 + 1);
	assert_non_null(s);
	for (i = 0; i < 5000; i++)
		memcpy(s + 2 * i, "ж", 2);
	s[10000] = '\0';
	assert_int_equal(workflow_comment_check(s, &len), 0);
	assert_int_equal(len, 10000);
	memcpy(s + 10000, "ж", 2);
	s[10002] = '\0';
	assert_int_equal(workflow_comment_check(s, &len), -1);
	free(s);
}

/* Who owes a report (the reminders' audience), over every status and the stored codes. */
static void
test_owes(void **state)
{
	static const int owes[WORKFLOW_STATUS__MAX] = {
		[WORKFLOW_NOT_STARTED] = 1, [WORKFLOW_DRAFT] = 1,    [WORKFLOW_SUBMITTED] = 0,
		[WORKFLOW_RETURNED] = 1,    [WORKFLOW_ACCEPTED] = 0,
	};
	int i;

	(void)state;
	for (i = 0; i < WORKFLOW_STATUS__MAX; i++) {
		assert_int_equal(workflow_owes((enum workflow_status)i), owes[i]);
		assert_int_equal(workflow_code_owes(workflow_status_code((enum workflow_status)i)), owes[i]);
	}
	assert_int_equal(workflow_owes(WORKFLOW_STATUS__MAX), 0);
	assert_int_equal(workflow_code_owes(NULL), 1); /* no report yet */
	assert_int_equal(workflow_code_owes("returned"), 1);
	assert_int_equal(workflow_code_owes("approved"), 0);
	assert_int_equal(workflow_code_owes(""), 0);
	assert_int_equal(workflow_code_owes("Draft"), 0);
}

/* What counts as presented: submitted at least once. */
static void
test_reported(void **state)
{
	static const int reported[WORKFLOW_STATUS__MAX] = {
		[WORKFLOW_NOT_STARTED] = 0, [WORKFLOW_DRAFT] = 0,    [WORKFLOW_SUBMITTED] = 1,
		[WORKFLOW_RETURNED] = 1,    [WORKFLOW_ACCEPTED] = 1,
	};
	int i;

	(void)state;
	for (i = 0; i < WORKFLOW_STATUS__MAX; i++)
		assert_int_equal(workflow_reported((enum workflow_status)i), reported[i]);
	assert_int_equal(workflow_reported(WORKFLOW_STATUS__MAX), 0);
}

/* Late or on time is fixed at the first submission and kept on a resubmission. */
static void
test_first_submission(void **state)
{
	const int64_t due = 1646920799; /* 10.03.2022 23:59:59 +10:00 */
	int64_t at = -1;
	int late = -1, i;

	(void)state;
	assert_int_equal(workflow_first_submission(WORKFLOW_SUBMIT, 0, due, due, &at, &late), 1);
	assert_int_equal(at, due);
	assert_int_equal(late, 0); /* at the due instant: on time */
	assert_int_equal(workflow_first_submission(WORKFLOW_SUBMIT, 0, due, due + 1, &at, &late), 1);
	assert_int_equal(at, due + 1);
	assert_int_equal(late, 1);
	/* A resubmission after a return, early or late, keeps the first record. */
	at = due - 100;
	late = 0;
	assert_int_equal(workflow_first_submission(WORKFLOW_SUBMIT, 1, due, due + 86400, &at, &late), 0);
	assert_int_equal(at, due - 100);
	assert_int_equal(late, 0);
	late = 1;
	assert_int_equal(workflow_first_submission(WORKFLOW_SUBMIT, 1, due, due - 86400, &at, &late), 0);
	assert_int_equal(late, 1);
	/* No other action records a submission. */
	for (i = 0; i < WORKFLOW_ACTION__MAX; i++) {
		if (i == WORKFLOW_SUBMIT)
			continue;
		at = -1;
		late = -1;
		assert_int_equal(
			workflow_first_submission((enum workflow_action)i, 0, due, due + 1, &at, &late), 0);
		assert_int_equal(at, -1);
		assert_int_equal(late, -1);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_the_loop), cmocka_unit_test(test_refusals),
		cmocka_unit_test(test_lock),     cmocka_unit_test(test_names),
		cmocka_unit_test(test_comment),  cmocka_unit_test(test_owes),
		cmocka_unit_test(test_reported), cmocka_unit_test(test_first_submission),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
