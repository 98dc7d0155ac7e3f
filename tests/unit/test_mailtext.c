/*
 * test_mailtext: domain/mailtext.h — each kind of message names the
 * campaign and the municipality and carries the link (the return carries
 * the comment), subjects are one line, a model without a link is refused;
 * Russian plurals of days; when automatic reminders are due (the days
 * before, the day after, never for a campaign long past, never twice at
 * once); the retry schedule and giving up; the contest's receipt (with
 * and without the guardian's confirmation link), the confirmation reminder
 * and the decision, each naming the entry by number and carrying the
 * status link, never a name.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "domain/campaign.h"
#include "domain/mailtext.h"
#include "util/civil.h"

#define LINK "https://svodka.example.ru/campaigns/charter-2022/reports/nakhodka"

static const struct mailtext_model model = {
	.campaign = "Цифровая этика детства",
	.org_unit = "Находкинский городской округ",
	.due = "10.03.2022 23:59",
	.days_left = 3,
	.comment = "Добавьте ссылки на публикации.",
	.link = LINK,
};

static void
compose(enum mailtext_kind k, const struct mailtext_model *m, struct buf *s, struct buf *b)
{
	buf_init(s, 4096);
	buf_init(b, 1 << 16);
	assert_int_equal(mailtext_compose(k, m, s, b), 0);
	assert_null(strchr(s->data, '\n'));
	assert_non_null(strstr(s->data, "Цифровая этика детства"));
	assert_non_null(strstr(b->data, "Находкинский городской округ"));
	/* The message's own link, on a line of its own. */
	assert_non_null(strstr(b->data, m->link));
	assert_int_equal(strstr(b->data, m->link)[strlen(m->link)], '\n');
}

static void
test_kinds(void **state)
{
	struct buf s, b;
	struct mailtext_model m = model;

	(void)state;
	compose(MAILTEXT_REMIND_BEFORE, &m, &s, &b);
	assert_string_equal(s.data,
			    "Напоминание: отчёт по кампании «Цифровая этика детства» — до срока 3 дня");
	assert_non_null(strstr(b.data, "10.03.2022 23:59"));
	assert_non_null(strstr(b.data, "осталось 3 дня"));
	buf_release(&s);
	buf_release(&b);

	m.days_left = 0;
	compose(MAILTEXT_REMIND_BEFORE, &m, &s, &b);
	assert_non_null(strstr(s.data, "срок сдачи сегодня"));
	assert_non_null(strstr(b.data, "последний день"));
	buf_release(&s);
	buf_release(&b);

	compose(MAILTEXT_REMIND_AFTER, &m, &s, &b);
	assert_non_null(strstr(s.data, "истёк"));
	assert_non_null(strstr(b.data, "опозданием"));
	buf_release(&s);
	buf_release(&b);

	compose(MAILTEXT_SUBMITTED, &m, &s, &b);
	assert_non_null(strstr(s.data, "Находкинский городской округ"));
	assert_null(strstr(b.data, "после срока"));
	buf_release(&s);
	buf_release(&b);
	m.late = 1;
	compose(MAILTEXT_SUBMITTED, &m, &s, &b);
	assert_non_null(strstr(b.data, "после срока"));
	buf_release(&s);
	buf_release(&b);

	compose(MAILTEXT_RETURNED, &m, &s, &b);
	assert_non_null(strstr(s.data, "возвращён на доработку"));
	assert_non_null(strstr(b.data, "Комментарий проверяющего:\nДобавьте ссылки на публикации.\n"));
	buf_release(&s);
	buf_release(&b);
	m.comment = NULL;
	compose(MAILTEXT_RETURNED, &m, &s, &b);
	assert_null(strstr(b.data, "Комментарий"));
	buf_release(&s);
	buf_release(&b);

	compose(MAILTEXT_ACCEPTED, &m, &s, &b);
	assert_non_null(strstr(s.data, "Отчёт принят"));
	buf_release(&s);
	buf_release(&b);

	assert_string_equal(mailtext_kind_code(MAILTEXT_RETURNED), "returned");
	assert_string_equal(mailtext_kind_code(MAILTEXT__MAX), "");
}

static void
test_refused(void **state)
{
	struct mailtext_model m = model;
	struct buf s, b;

	(void)state;
	buf_init(&s, 4096);
	buf_init(&b, 1 << 16);
	m.link = NULL;
	assert_int_equal(mailtext_compose(MAILTEXT_ACCEPTED, &m, &s, &b), -1);
	m = model;
	m.campaign = NULL;
	assert_int_equal(mailtext_compose(MAILTEXT_ACCEPTED, &m, &s, &b), -1);
	assert_int_equal(mailtext_compose(MAILTEXT__MAX, &model, &s, &b), -1);
	assert_int_equal(mailtext_compose(MAILTEXT_ACCEPTED, NULL, &s, &b), -1);
	buf_release(&s);
	buf_release(&b);
	/* A buffer too small is refused, not overrun. */
	buf_init(&s, 16);
	buf_init(&b, 1 << 16);
	assert_int_equal(mailtext_compose(MAILTEXT_ACCEPTED, &model, &s, &b), -1);
	buf_release(&s);
	buf_release(&b);
}

static void
test_days(void **state)
{
	static const struct {
		int64_t n;
		const char *want;
	} cases[] = {{0, "0 дней"},   {1, "1 день"},   {2, "2 дня"},      {4, "4 дня"},
		     {5, "5 дней"},   {11, "11 дней"}, {12, "12 дней"},   {14, "14 дней"},
		     {21, "21 день"}, {22, "22 дня"},  {111, "111 дней"}, {101, "101 день"}};
	struct buf b;
	size_t i;

	(void)state;
	buf_init(&b, 256);
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		buf_reset(&b);
		assert_int_equal(mailtext_days(&b, cases[i].n), 0);
		assert_string_equal(b.data, cases[i].want);
	}
	buf_release(&b);
}

#define STATUS                                                                                               \
	"https://svodka.example.ru/campaigns/charter-2022/contest/status/"                                   \
	"0a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f9"
#define CONFIRM                                                                                              \
	"https://svodka.example.ru/campaigns/charter-2022/contest/confirm/"                                  \
	"ffeeddccbbaa99887766554433221100ffeeddccbbaa99887766554433221100"

static const struct mailtext_model contest_model = {
	.campaign = "Цифровая этика детства",
	.org_unit = "Находкинский городской округ",
	.link = STATUS,
	.entry_id = 42,
	.confirm_link = CONFIRM,
	.expires = "12.03.2022 12:00 (Владивосток, UTC+10)",
};

static void
test_contest(void **state)
{
	struct mailtext_model m = contest_model;
	struct buf s, b;

	(void)state;
	/* A minor's receipt: the number, the confirmation link and its expiry, the status link. */
	compose(MAILTEXT_CONTEST_RECEIPT, &m, &s, &b);
	assert_string_equal(s.data, "Заявка № 42 на конкурс «Цифровая этика детства» получена");
	assert_non_null(strstr(b.data, "заявку № 42"));
	assert_non_null(strstr(b.data, CONFIRM "\n"));
	assert_non_null(strstr(b.data, "Ссылка действует до 12.03.2022 12:00"));
	assert_non_null(strstr(b.data, "отозвать"));
	assert_non_null(strstr(b.data, "статус заявки — по ссылке выше"));
	assert_null(strstr(b.data, "отчёт"));
	buf_release(&s);
	buf_release(&b);
	/* An adult's receipt: no confirmation to ask for. */
	m.confirm_link = NULL;
	m.expires = NULL;
	compose(MAILTEXT_CONTEST_RECEIPT, &m, &s, &b);
	assert_null(strstr(b.data, "/confirm/"));
	assert_null(strstr(b.data, "подтвердите"));
	buf_release(&s);
	buf_release(&b);

	m = contest_model;
	compose(MAILTEXT_CONTEST_CONFIRM_REMINDER, &m, &s, &b);
	assert_string_equal(s.data, "Подтвердите заявку № 42 на конкурс «Цифровая этика детства»");
	assert_non_null(strstr(b.data, "ожидает вашего подтверждения"));
	assert_non_null(strstr(b.data, CONFIRM "\n"));
	assert_non_null(strstr(b.data, "12.03.2022 12:00"));
	buf_release(&s);
	buf_release(&b);
	/* A reminder without the link to confirm by says nothing useful: refused. */
	buf_init(&s, 4096);
	buf_init(&b, 1 << 16);
	m.confirm_link = NULL;
	assert_int_equal(mailtext_compose(MAILTEXT_CONTEST_CONFIRM_REMINDER, &m, &s, &b), -1);
	buf_release(&s);
	buf_release(&b);

	m = contest_model;
	m.accepted = 1;
	compose(MAILTEXT_CONTEST_DECISION, &m, &s, &b);
	assert_string_equal(s.data, "Заявка № 42 на конкурс «Цифровая этика детства» принята");
	assert_non_null(strstr(b.data, "принята к конкурсу"));
	assert_null(strstr(b.data, "Причина"));
	buf_release(&s);
	buf_release(&b);
	m.accepted = 0;
	m.comment = "нет хэштегов";
	compose(MAILTEXT_CONTEST_DECISION, &m, &s, &b);
	assert_string_equal(s.data, "Заявка № 42 на конкурс «Цифровая этика детства» отклонена");
	assert_non_null(strstr(b.data, "Причина: нет хэштегов\n"));
	buf_release(&s);
	buf_release(&b);

	assert_string_equal(mailtext_kind_code(MAILTEXT_CONTEST_RECEIPT), "contest_receipt");
	assert_string_equal(mailtext_kind_code(MAILTEXT_CONTEST_CONFIRM_REMINDER),
			    "contest_confirm_reminder");
	assert_string_equal(mailtext_kind_code(MAILTEXT_CONTEST_DECISION), "contest_decision");
}

static int64_t
day(const char *iso)
{
	int64_t d;

	assert_int_equal(civil_date_parse(iso, &d), 0);
	return d;
}

static void
test_reminder_reason(void **state)
{
	const int64_t both[] = {3, 1}, bad[] = {0, -2};
	int64_t due = day("2022-03-10"), instant = 1646920799, n = -1;
	/* Noon local (UTC+10) of a day. */
#define NOON(d) ((d)*86400 + 2 * 3600)

	(void)state;
	/* Four days before: nothing yet. */
	assert_int_equal(mailtext_reminder_reason(both, 2, 1, due - 4, due, NOON(due - 4), instant, &n),
			 MAILTEXT_REASON_NONE);
	/* Three days before: "before 3"; two days before still 3 (the dedup key stops a second one). */
	assert_int_equal(mailtext_reminder_reason(both, 2, 1, due - 3, due, NOON(due - 3), instant, &n),
			 MAILTEXT_REASON_BEFORE);
	assert_int_equal(n, 3);
	assert_int_equal(mailtext_reminder_reason(both, 2, 1, due - 2, due, NOON(due - 2), instant, &n),
			 MAILTEXT_REASON_BEFORE);
	assert_int_equal(n, 3);
	/* One day before and on the due day: "before 1", never 3 and 1 at once. */
	assert_int_equal(mailtext_reminder_reason(both, 2, 1, due - 1, due, NOON(due - 1), instant, &n),
			 MAILTEXT_REASON_BEFORE);
	assert_int_equal(n, 1);
	assert_int_equal(mailtext_reminder_reason(both, 2, 1, due, due, NOON(due), instant, &n),
			 MAILTEXT_REASON_BEFORE);
	assert_int_equal(n, 1);
	/* After the deadline instant on the due day (an early due time): no "before". */
	assert_int_equal(mailtext_reminder_reason(both, 2, 1, due, due, instant + 1, instant, &n),
			 MAILTEXT_REASON_NONE);
	/* The day after: "after" when asked for, else nothing. */
	assert_int_equal(mailtext_reminder_reason(both, 2, 1, due + 1, due, NOON(due + 1), instant, &n),
			 MAILTEXT_REASON_AFTER);
	assert_int_equal(mailtext_reminder_reason(both, 2, 0, due + 1, due, NOON(due + 1), instant, &n),
			 MAILTEXT_REASON_NONE);
	/* A campaign long past never reminds. */
	assert_int_equal(mailtext_reminder_reason(both, 2, 1, due + 1000, due, NOON(due + 1000), instant, &n),
			 MAILTEXT_REASON_NONE);
	/* No days, or nonsense days: nothing before. */
	assert_int_equal(mailtext_reminder_reason(NULL, 0, 1, due - 1, due, NOON(due - 1), instant, &n),
			 MAILTEXT_REASON_NONE);
	assert_int_equal(mailtext_reminder_reason(bad, 2, 1, due - 1, due, NOON(due - 1), instant, &n),
			 MAILTEXT_REASON_NONE);
#undef NOON
}

static void
test_retry_delay(void **state)
{
	(void)state;
	assert_int_equal(mailtext_retry_delay(60, 1, 8), 60);
	assert_int_equal(mailtext_retry_delay(60, 2, 8), 300);
	assert_int_equal(mailtext_retry_delay(60, 3, 8), 1800);
	assert_int_equal(mailtext_retry_delay(60, 4, 8), 7200);
	assert_int_equal(mailtext_retry_delay(60, 7, 8), 86400);
	assert_int_equal(mailtext_retry_delay(60, 8, 8), 0);
	assert_int_equal(mailtext_retry_delay(60, 9, 8), 0);
	assert_int_equal(mailtext_retry_delay(1, 1, 3), 1);
	assert_int_equal(mailtext_retry_delay(1, 2, 3), 5);
	assert_int_equal(mailtext_retry_delay(1, 3, 3), 0);
	assert_int_equal(mailtext_retry_delay(0, 1, 3), 1);
	assert_int_equal(mailtext_retry_delay(10, 20, 30), 14400);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_kinds),       cmocka_unit_test(test_refused),
		cmocka_unit_test(test_days),        cmocka_unit_test(test_reminder_reason),
		cmocka_unit_test(test_retry_delay), cmocka_unit_test(test_contest),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
