/*
 * mailtext: the Russian texts of svodka's mail, the rule that says when an
 * automatic reminder is due, and the retry schedule of the outbox. Pure:
 * everything comes in as arguments.
 */
#include "domain/mailtext.h"

#include <string.h>

#define FOOTER                                                                                                                                                                           \
	"\n—\nЭто письмо отправлено автоматически системой «Сводка» департамента внутренней политики.\n" \
	"Отвечать на него не нужно: все действия с отчётом — по ссылке выше.\n"
#define CONTEST_FOOTER                                                                                                                                                                   \
	"\n—\nЭто письмо отправлено автоматически системой «Сводка» департамента внутренней политики.\n" \
	"Отвечать на него не нужно: статус заявки — по ссылке выше.\n"

const char *
mailtext_kind_code(enum mailtext_kind k)
{
	switch (k) {
	case MAILTEXT_REMIND_BEFORE: return "reminder_before";
	case MAILTEXT_REMIND_AFTER: return "reminder_after";
	case MAILTEXT_SUBMITTED: return "submitted";
	case MAILTEXT_RETURNED: return "returned";
	case MAILTEXT_ACCEPTED: return "accepted";
	case MAILTEXT_CONTEST_RECEIPT: return "contest_receipt";
	case MAILTEXT_CONTEST_CONFIRM_REMINDER: return "contest_confirm_reminder";
	case MAILTEXT_CONTEST_DECISION: return "contest_decision";
	default: return "";
	}
}

int
mailtext_days(struct buf *out, int64_t n)
{
	int64_t a = n < 0 ? -n : n, d10 = a % 10, d100 = a % 100;
	const char *noun;

	if (d10 == 1 && d100 != 11)
		noun = "день";
	else if (d10 >= 2 && d10 <= 4 && (d100 < 12 || d100 > 14))
		noun = "дня";
	else
		noun = "дней";
	return buf_addf(out, "%lld %s", (long long)n, noun);
}

/* «Срок сдачи отчёта — до 10.03.2022 23:59 (местное время кампании).» */
static int
add_due(struct buf *b, const struct mailtext_model *m)
{
	if (m->due == NULL || *m->due == '\0')
		return 0;
	return buf_addf(b, "Срок сдачи отчёта — до %s (по времени кампании).\n", m->due);
}

static int
before(const struct mailtext_model *m, struct buf *s, struct buf *b)
{
	if (buf_addf(s, "Напоминание: отчёт по кампании «%s» — ", m->campaign) < 0)
		return -1;
	if (m->days_left <= 0) {
		if (buf_adds(s, "срок сдачи сегодня") < 0)
			return -1;
	} else if (buf_adds(s, "до срока ") < 0 || mailtext_days(s, m->days_left) < 0) {
		return -1;
	}
	if (buf_addf(b,
		     "Здравствуйте!\n\n"
		     "Напоминаем: отчёт по кампании «%s» ещё не отправлен в департамент.\n"
		     "Муниципальное образование: %s.\n",
		     m->campaign, m->org_unit) < 0 ||
	    add_due(b, m) < 0)
		return -1;
	if (m->days_left <= 0) {
		if (buf_adds(b, "Сегодня — последний день.\n") < 0)
			return -1;
	} else if (buf_adds(b, "До срока осталось ") < 0 || mailtext_days(b, m->days_left) < 0 ||
		   buf_adds(b, ".\n") < 0) {
		return -1;
	}
	return buf_addf(b,
			"\nЗаполнить и отправить отчёт можно по ссылке:\n%s\n\n"
			"Черновик можно сохранять сколько угодно раз; отчёт уходит на проверку по кнопке "
			"«Отправить».\n",
			m->link);
}

static int
after(const struct mailtext_model *m, struct buf *s, struct buf *b)
{
	if (buf_addf(s, "Срок сдачи отчёта по кампании «%s» истёк", m->campaign) < 0)
		return -1;
	if (buf_addf(b,
		     "Здравствуйте!\n\n"
		     "Срок сдачи отчёта по кампании «%s» истёк, а отчёт в департамент не поступил.\n"
		     "Муниципальное образование: %s.\n",
		     m->campaign, m->org_unit) < 0 ||
	    add_due(b, m) < 0)
		return -1;
	return buf_addf(b,
			"\nПросим отправить отчёт как можно скорее по ссылке:\n%s\n\n"
			"Отчёт, отправленный после срока, будет отмечен как поданный с опозданием.\n",
			m->link);
}

static int
submitted(const struct mailtext_model *m, struct buf *s, struct buf *b)
{
	if (buf_addf(s, "Отчёт на проверку: %s — «%s»", m->org_unit, m->campaign) < 0)
		return -1;
	if (buf_addf(b,
		     "Здравствуйте!\n\n"
		     "На проверку поступил отчёт по кампании «%s»%s.\n"
		     "Муниципальное образование: %s.\n\n"
		     "Проверить отчёт, принять его или вернуть на доработку с комментарием:\n%s\n",
		     m->campaign, m->late ? " (отправлен после срока сдачи)" : "", m->org_unit, m->link) < 0)
		return -1;
	return 0;
}

static int
returned(const struct mailtext_model *m, struct buf *s, struct buf *b)
{
	if (buf_addf(s, "Отчёт возвращён на доработку — «%s»", m->campaign) < 0)
		return -1;
	if (buf_addf(b,
		     "Здравствуйте!\n\n"
		     "Департамент вернул на доработку отчёт по кампании «%s».\n"
		     "Муниципальное образование: %s.\n",
		     m->campaign, m->org_unit) < 0)
		return -1;
	if (m->comment && *m->comment && buf_addf(b, "\nКомментарий проверяющего:\n%s\n", m->comment) < 0)
		return -1;
	return buf_addf(b, "\nИсправьте отчёт и отправьте его снова по ссылке:\n%s\n", m->link);
}

static int
accepted(const struct mailtext_model *m, struct buf *s, struct buf *b)
{
	if (buf_addf(s, "Отчёт принят — «%s»", m->campaign) < 0)
		return -1;
	return buf_addf(b,
			"Здравствуйте!\n\n"
			"Департамент принял отчёт по кампании «%s». Спасибо за работу!\n"
			"Муниципальное образование: %s.\n\n"
			"Отчёт доступен для просмотра по ссылке:\n%s\n",
			m->campaign, m->org_unit, m->link);
}

/*
 * The contest's mail goes to the entrant, or for a minor to the guardian;
 * it names the entry by number and the municipality, never the child.
 */
static int
contest_receipt(const struct mailtext_model *m, struct buf *s, struct buf *b)
{
	if (buf_addf(s, "Заявка № %lld на конкурс «%s» получена", (long long)m->entry_id, m->campaign) < 0)
		return -1;
	if (buf_addf(b,
		     "Здравствуйте!\n\n"
		     "Мы получили заявку № %lld на конкурс кампании «%s».\n"
		     "Муниципальное образование: %s.\n",
		     (long long)m->entry_id, m->campaign, m->org_unit) < 0)
		return -1;
	if (m->confirm_link && *m->confirm_link) {
		if (buf_addf(b,
			     "\nАвтору ещё нет 18 лет, поэтому заявка будет участвовать в конкурсе, только "
			     "когда вы, законный представитель, подтвердите её и своё согласие на обработку "
			     "персональных данных. Подтвердить заявку:\n%s\n",
			     m->confirm_link) < 0)
			return -1;
		if (m->expires && *m->expires && buf_addf(b, "Ссылка действует до %s.\n", m->expires) < 0)
			return -1;
		if (buf_adds(b, "Без подтверждения заявка не участвует в конкурсе, а её данные удаляются. "
				"Если вы не знаете об этой заявке, просто не переходите по ссылке.\n") < 0)
			return -1;
	}
	return buf_addf(b,
			"\nСтатус заявки — получена, ожидает подтверждения, принята или отклонена — "
			"можно посмотреть по ссылке:\n%s\n\n"
			"Там же заявку можно отозвать: её персональные данные будут сразу удалены. "
			"Не пересылайте эту ссылку посторонним.\n",
			m->link);
}

static int
contest_confirm_reminder(const struct mailtext_model *m, struct buf *s, struct buf *b)
{
	if (buf_addf(s, "Подтвердите заявку № %lld на конкурс «%s»", (long long)m->entry_id, m->campaign) < 0)
		return -1;
	if (m->confirm_link == NULL || *m->confirm_link == '\0')
		return -1;
	if (buf_addf(b,
		     "Здравствуйте!\n\n"
		     "Заявка № %lld на конкурс кампании «%s» всё ещё ожидает вашего подтверждения.\n"
		     "Муниципальное образование: %s.\n\n"
		     "Пока законный представитель автора не подтвердит заявку, она не участвует в "
		     "конкурсе. Подтвердить заявку:\n%s\n",
		     (long long)m->entry_id, m->campaign, m->org_unit, m->confirm_link) < 0)
		return -1;
	if (m->expires && *m->expires &&
	    buf_addf(b, "Ссылка действует до %s; после этого заявка и её данные будут удалены.\n",
		     m->expires) < 0)
		return -1;
	return buf_addf(b, "\nСтатус заявки:\n%s\n", m->link);
}

static int
contest_decision(const struct mailtext_model *m, struct buf *s, struct buf *b)
{
	if (buf_addf(s, "Заявка № %lld на конкурс «%s» %s", (long long)m->entry_id, m->campaign,
		     m->accepted ? "принята" : "отклонена") < 0)
		return -1;
	if (buf_addf(b, "Здравствуйте!\n\nЗаявка № %lld на конкурс кампании «%s» ", (long long)m->entry_id,
		     m->campaign) < 0)
		return -1;
	if (m->accepted) {
		if (buf_addf(b,
			     "прошла проверку и принята к конкурсу.\n"
			     "Муниципальное образование: %s.\n\n"
			     "Теперь ролик оценит жюри. Итоги будут опубликованы на сайте; статус заявки "
			     "и ссылка на итоги — по ссылке:\n%s\n",
			     m->org_unit, m->link) < 0)
			return -1;
		return 0;
	}
	if (buf_addf(b, "отклонена модератором.\nМуниципальное образование: %s.\n", m->org_unit) < 0)
		return -1;
	if (m->comment && *m->comment && buf_addf(b, "\nПричина: %s\n", m->comment) < 0)
		return -1;
	return buf_addf(b,
			"\nЕсли причину можно устранить (например, добавить хэштеги или открыть доступ "
			"к ролику), вы можете подать новую заявку, пока идёт приём работ.\n"
			"Статус заявки:\n%s\n",
			m->link);
}

int
mailtext_compose(enum mailtext_kind k, const struct mailtext_model *m, struct buf *subject, struct buf *body)
{
	int rc;

	if (m == NULL || m->campaign == NULL || m->org_unit == NULL || m->link == NULL)
		return -1;
	switch (k) {
	case MAILTEXT_REMIND_BEFORE: rc = before(m, subject, body); break;
	case MAILTEXT_REMIND_AFTER: rc = after(m, subject, body); break;
	case MAILTEXT_SUBMITTED: rc = submitted(m, subject, body); break;
	case MAILTEXT_RETURNED: rc = returned(m, subject, body); break;
	case MAILTEXT_ACCEPTED: rc = accepted(m, subject, body); break;
	case MAILTEXT_CONTEST_RECEIPT: rc = contest_receipt(m, subject, body); break;
	case MAILTEXT_CONTEST_CONFIRM_REMINDER: rc = contest_confirm_reminder(m, subject, body); break;
	case MAILTEXT_CONTEST_DECISION: rc = contest_decision(m, subject, body); break;
	default: return -1;
	}
	if (rc < 0)
		return -1;
	if (buf_adds(body, k >= MAILTEXT_CONTEST_RECEIPT ? CONTEST_FOOTER : FOOTER) < 0)
		return -1;
	return 0;
}

enum mailtext_reason
mailtext_reminder_reason(const int64_t *days_before, size_t ndays, int after_due, int64_t today,
			 int64_t due_day, int64_t now, int64_t due_instant, int64_t *n)
{
	int64_t best = -1;
	size_t i;

	*n = 0;
	if (after_due && today == due_day + 1)
		return MAILTEXT_REASON_AFTER;
	if (today > due_day || now > due_instant)
		return MAILTEXT_REASON_NONE;
	for (i = 0; i < ndays; i++) {
		if (days_before[i] < 1)
			continue;
		if (today >= due_day - days_before[i] && (best < 0 || days_before[i] < best))
			best = days_before[i];
	}
	if (best < 0)
		return MAILTEXT_REASON_NONE;
	*n = best;
	return MAILTEXT_REASON_BEFORE;
}

int64_t
mailtext_retry_delay(int64_t base, int attempts, int max_attempts)
{
	static const int64_t steps[] = {1, 5, 30, 120, 360, 720, 1440};
	size_t i;

	if (attempts < 1)
		attempts = 1;
	if (attempts >= max_attempts)
		return 0;
	if (base < 1)
		base = 1;
	i = (size_t)attempts - 1;
	if (i >= sizeof(steps) / sizeof(steps[0]))
		i = sizeof(steps) / sizeof(steps[0]) - 1;
	return base * steps[i];
}
