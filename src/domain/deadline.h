/*
 * deadline: when a report is on time, when it locks, and which activity and
 * publication dates a campaign accepts. All instants are Unix times (seconds,
 * UTC) and all dates days since 1970-01-01 (campaign.h); the caller reads
 * the clock and resolves the campaign's time zone to a UTC offset.
 *
 * Semantics (the campaign fields are those of docs/data.md):
 * - due instant: `report_due` at `report_due_time` (default 23:59:59) local
 *   time (campaign_due_instant). A submission at or before it is on time;
 *   one second later it is late: still accepted, flagged. There is no grace
 *   on lateness: a campaign that wants one moves report_due.
 * - lock: with `lock_after_days` N > 0 a report can no longer be edited by
 *   its coordinator after due instant + N days (editing at the lock instant
 *   itself is still allowed); N = 0 never locks. An admin may grant one
 *   municipality a lock exception until an instant E: the report is then
 *   editable through E (inclusive).
 * - date window: activity and publication dates must fall within the
 *   campaign period [period.start, period.end], widened by `grace_days` G on
 *   both sides: [start − G, end + G], days inclusive.
 */
#ifndef SVODKA_DOMAIN_DEADLINE_H
#define SVODKA_DOMAIN_DEADLINE_H

#include <stdint.h>

#include <jansson.h>

#define DEADLINE_NEVER INT64_MAX /* a lock instant that never comes */
#define DEADLINE_NO_EXCEPTION INT64_MIN /* no lock exception */

struct deadline {
	int64_t due; /* Unix time of the last on-time second */
	int64_t lock; /* Unix time of the last editable second, or DEADLINE_NEVER */
	int64_t first_day; /* first accepted activity date (days): period.start − grace_days */
	int64_t last_day; /* last accepted activity date (days): period.end + grace_days */
	int64_t period_start, period_end; /* the campaign period as written (days) */
	int grace_days;
};

/*
 * Fills *d from a campaign normalized by campaign_validate() (it reads
 * report_due, report_due_time, period, lock_after_days, grace_days) and the
 * UTC offset in force on the due date. Returns 0, or -1 when a field is
 * missing or bad (a campaign that passed campaign_validate never is).
 */
__attribute__((warn_unused_result)) int deadline_from_campaign(const json_t *campaign, int32_t utc_offset,
							       struct deadline *d);

/*
 * How the UTC offset of an IANA zone at an instant is found: util/tz.h's
 * tz_offset in the program, a fixed table in tests. Returns 0, or -1 when
 * the zone is unknown.
 */
typedef int (*deadline_zone_offset_fn)(const char *zone, int64_t instant, int *offset);

/*
 * deadline_from_campaign() in the campaign's own zone: the offset is the
 * one zone_offset gives for `time_zone` at 00:00 UTC of `report_due`, and
 * *utc_offset gets it. Returns 0, or -1 when the zone, the due date or
 * another field is unusable. The rule stays pure: the tz database is read
 * only through zone_offset.
 */
__attribute__((warn_unused_result)) int deadline_from_campaign_zone(const json_t *campaign,
								    deadline_zone_offset_fn zone_offset,
								    struct deadline *d, int32_t *utc_offset);

/* 1 when a report submitted at `submitted_at` is late (after `due`), else 0. */
int deadline_is_late(int64_t due, int64_t submitted_at);

/* due + days × 86400, or DEADLINE_NEVER when days ≤ 0 (or on overflow). */
int64_t deadline_lock_instant(int64_t due, int lock_after_days);

/*
 * 1 when a report is locked at `now`: now > lock and not (now ≤
 * exception_until). Pass DEADLINE_NO_EXCEPTION when there is no exception.
 */
int deadline_is_locked(int64_t lock, int64_t now, int64_t exception_until);

/* 1 when date `day` is within [first_day, last_day], else 0. */
int deadline_date_ok(const struct deadline *d, int64_t day);

/* What deadline_instant_parse() found wrong; zero is success. */
enum deadline_instant_rc {
	DEADLINE_INSTANT_OK,
	DEADLINE_INSTANT_SYNTAX, /* not YYYY-MM-DDTHH:MM:SS followed by an offset */
	DEADLINE_INSTANT_DATE, /* no such calendar day */
	DEADLINE_INSTANT_TIME, /* no such time of day */
	DEADLINE_INSTANT_NO_OFFSET, /* local time without Z or ±HH:MM */
	DEADLINE_INSTANT_OFFSET, /* offset malformed or beyond ±18:00 */
	DEADLINE_INSTANT_RANGE, /* before 1970-01-01T00:00:00Z */
};

/*
 * Parses an instant written in ISO 8601 with an explicit offset, exactly
 * "YYYY-MM-DDTHH:MM:SS" then "Z" or "±HH:MM" ("2022-03-05T12:00:00+10:00",
 * "2022-03-04T02:00:00Z"): *instant gets the Unix time and *utc_offset
 * (may be NULL) the offset in seconds east of UTC (0 for Z). A local time
 * without an offset is refused: it would depend on the machine's zone.
 * Returns DEADLINE_INSTANT_OK or what is wrong (deadline_instant_message).
 */
__attribute__((warn_unused_result)) enum deadline_instant_rc
deadline_instant_parse(const char *s, int64_t *instant, int32_t *utc_offset);

/* An English phrase for a parse failure: "no such calendar day" … */
const char *deadline_instant_message(enum deadline_instant_rc rc);

/*
 * Writes `instant` at `utc_offset` the way deadline_instant_parse() reads
 * it ("2022-03-05T12:00:00+10:00", "...Z" for offset 0) into out: 0, or -1
 * when outsz is too small (26 bytes always suffice) or the offset is not a
 * whole number of minutes within ±18:00.
 */
__attribute__((warn_unused_result)) int deadline_instant_format(int64_t instant, int32_t utc_offset,
								char *out, size_t outsz);

#endif
