/*
 * deadline: on-time, lock and date-window rules (see deadline.h).
 */
#include "domain/deadline.h"

#include <stdio.h>
#include <string.h>

#include "domain/campaign.h"
#include "util/civil.h"

#define OFFSET_MAX (18 * 3600)

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
	    civil_date_parse(start, &d->period_start) < 0 || civil_date_parse(end, &d->period_end) < 0 ||
	    d->period_end < d->period_start)
		return -1;
	d->lock = deadline_lock_instant(d->due, (int)lock_days);
	d->grace_days = (int)grace_days;
	d->first_day = d->period_start - grace_days;
	d->last_day = d->period_end + grace_days;
	return 0;
}

int
deadline_from_campaign_zone(const json_t *campaign, deadline_zone_offset_fn zone_offset, struct deadline *d,
			    int32_t *utc_offset)
{
	const char *due = json_string_value(json_object_get(campaign, "report_due"));
	const char *zone = json_string_value(json_object_get(campaign, "time_zone"));
	int64_t days;
	int off;

	if (civil_date_parse(due ? due : "", &days) < 0 ||
	    zone_offset(zone ? zone : "", days * 86400, &off) < 0)
		return -1;
	*utc_offset = off;
	return deadline_from_campaign(campaign, off, d);
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

static int
is_digit(char c)
{
	return c >= '0' && c <= '9';
}

enum deadline_instant_rc
deadline_instant_parse(const char *s, int64_t *instant, int32_t *utc_offset)
{
	char date[11], tod[9];
	const char *z;
	int64_t days, t;
	int secs, off, sign, oh, om;
	size_t i;

	/* The shape first, so that a date or time error names a real one. */
	for (i = 0; i < 19; i++) {
		int want_digit = i != 4 && i != 7 && i != 10 && i != 13 && i != 16;

		if (s[i] == '\0' || (want_digit && !is_digit(s[i])))
			return DEADLINE_INSTANT_SYNTAX;
	}
	if (s[4] != '-' || s[7] != '-' || (s[10] != 'T' && s[10] != 't') || s[13] != ':' || s[16] != ':')
		return DEADLINE_INSTANT_SYNTAX;
	z = s + 19;
	if (*z == '\0')
		return DEADLINE_INSTANT_NO_OFFSET;
	if ((z[0] == 'Z' || z[0] == 'z') && z[1] == '\0') {
		off = 0;
	} else if (z[0] == '+' || z[0] == '-') {
		if (strlen(z) != 6 || !is_digit(z[1]) || !is_digit(z[2]) || z[3] != ':' || !is_digit(z[4]) ||
		    !is_digit(z[5]))
			return DEADLINE_INSTANT_OFFSET;
		sign = z[0] == '-' ? -1 : 1;
		oh = (z[1] - '0') * 10 + (z[2] - '0');
		om = (z[4] - '0') * 10 + (z[5] - '0');
		if (om > 59 || oh * 3600 + om * 60 > OFFSET_MAX)
			return DEADLINE_INSTANT_OFFSET;
		off = sign * (oh * 3600 + om * 60);
	} else {
		return DEADLINE_INSTANT_SYNTAX;
	}
	memcpy(date, s, 10);
	date[10] = '\0';
	memcpy(tod, s + 11, 8);
	tod[8] = '\0';
	if (civil_date_parse(date, &days) < 0)
		return DEADLINE_INSTANT_DATE;
	if (civil_time_parse(tod, &secs) < 0)
		return DEADLINE_INSTANT_TIME;
	t = days * 86400 + secs - off;
	if (t < 0)
		return DEADLINE_INSTANT_RANGE;
	*instant = t;
	if (utc_offset)
		*utc_offset = off;
	return DEADLINE_INSTANT_OK;
}

const char *
deadline_instant_message(enum deadline_instant_rc rc)
{
	switch (rc) {
	case DEADLINE_INSTANT_OK: return "ok";
	case DEADLINE_INSTANT_SYNTAX:
		return "not an instant: write YYYY-MM-DDTHH:MM:SS with Z or an offset, e.g. "
		       "2022-03-05T12:00:00+10:00";
	case DEADLINE_INSTANT_DATE: return "no such calendar day";
	case DEADLINE_INSTANT_TIME: return "no such time of day (00:00:00 to 23:59:59)";
	case DEADLINE_INSTANT_NO_OFFSET:
		return "no UTC offset: add Z or +HH:MM, e.g. 2022-03-05T12:00:00+10:00";
	case DEADLINE_INSTANT_OFFSET: return "the UTC offset must be Z or +HH:MM or -HH:MM, at most 18:00";
	case DEADLINE_INSTANT_RANGE: return "before 1970-01-01T00:00:00Z";
	}
	return "invalid instant";
}

int
deadline_instant_format(int64_t instant, int32_t utc_offset, char *out, size_t outsz)
{
	int64_t days = civil_local_day(instant, utc_offset), secs = instant + utc_offset - days * 86400;
	int32_t a = utc_offset < 0 ? -utc_offset : utc_offset;
	int y, m, d, r;

	if (utc_offset % 60 != 0 || a > OFFSET_MAX)
		return -1;
	civil_date_from_days(days, &y, &m, &d);
	if (utc_offset == 0)
		r = snprintf(out, outsz, "%04d-%02d-%02dT%02d:%02d:%02dZ", y, m, d, (int)(secs / 3600),
			     (int)(secs % 3600 / 60), (int)(secs % 60));
	else
		r = snprintf(out, outsz, "%04d-%02d-%02dT%02d:%02d:%02d%c%02d:%02d", y, m, d,
			     (int)(secs / 3600), (int)(secs % 3600 / 60), (int)(secs % 60),
			     utc_offset < 0 ? '-' : '+', (int)(a / 3600), (int)(a % 3600 / 60));
	return r < 0 || (size_t)r >= outsz ? -1 : 0;
}
