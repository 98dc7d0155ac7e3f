/*
 * deadline: on-time, lock and date-window rules (see deadline.h).
 */
#include "domain/deadline.h"

#include "domain/campaign.h"

/* Floor division for negative instants (before 1970). */
static int64_t
floor_div(int64_t a, int64_t b)
{
	int64_t q = a / b;

	return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q;
}

int
deadline_from_campaign(const json_t *campaign, int32_t utc_offset, struct deadline *d)
{
	const json_t *period = json_object_get(campaign, "period");
	const char *due = json_string_value(json_object_get(campaign, "report_due"));
	const char *due_time = json_string_value(json_object_get(campaign, "report_due_time"));
	const char *start = json_string_value(json_object_get(period, "start"));
	const char *end = json_string_value(json_object_get(period, "end"));
	const json_t *lock = json_object_get(campaign, "lock_after_days");
	const json_t *grace = json_object_get(campaign, "grace_days");
	json_int_t lock_days = 0, grace_days = 0;

	if (due == NULL || start == NULL || end == NULL)
		return -1;
	if (lock != NULL) {
		if (!json_is_integer(lock))
			return -1;
		lock_days = json_integer_value(lock);
	}
	if (grace != NULL) {
		if (!json_is_integer(grace))
			return -1;
		grace_days = json_integer_value(grace);
	}
	if (lock_days < 0 || lock_days > CAMPAIGN_DAYS_MAX || grace_days < 0 ||
	    grace_days > CAMPAIGN_DAYS_MAX)
		return -1;
	if (campaign_due_instant(due, due_time, utc_offset, &d->due) < 0 ||
	    campaign_date_parse(start, &d->period_start) < 0 ||
	    campaign_date_parse(end, &d->period_end) < 0 || d->period_end < d->period_start)
		return -1;
	d->lock = deadline_lock_instant(d->due, (int)lock_days);
	d->grace_days = (int)grace_days;
	d->first_day = d->period_start - grace_days;
	d->last_day = d->period_end + grace_days;
	return 0;
}

int
deadline_is_late(int64_t due, int64_t submitted_at)
{
	return submitted_at > due;
}

int64_t
deadline_lock_instant(int64_t due, int lock_after_days)
{
	int64_t add;

	if (lock_after_days <= 0)
		return DEADLINE_NEVER;
	add = (int64_t)lock_after_days * 86400;
	if (due > DEADLINE_NEVER - add)
		return DEADLINE_NEVER;
	return due + add;
}

int
deadline_is_locked(int64_t lock, int64_t now, int64_t exception_until)
{
	if (now <= lock)
		return 0;
	return !(exception_until != DEADLINE_NO_EXCEPTION && now <= exception_until);
}

int
deadline_date_ok(const struct deadline *d, int64_t day)
{
	return day >= d->first_day && day <= d->last_day;
}

int64_t
deadline_local_day(int64_t t, int32_t utc_offset)
{
	return floor_div(t + utc_offset, 86400);
}
