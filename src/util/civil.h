/*
 * civil: the proleptic Gregorian calendar and the way svodka writes dates
 * and times: days from a civil date and back, "YYYY-MM-DD" and "HH:MM:SS"
 * read exactly, «ДД.ММ.ГГГГ», «ЧЧ:ММ» and periods with Russian month names
 * written, and an instant shown in a named IANA zone with the zone named:
 * «05.03.2022 12:00 (Владивосток, UTC+10)».
 *
 * Invariants: dates are days since 1970-01-01 (negative before), instants
 * Unix times in seconds, offsets seconds east of UTC; a local day is the
 * floor of (instant + offset) / 86400, so instants before 1970 work too.
 * Nothing here reads the clock; only civil_instant_format_zone() reads the
 * tz database (util/tz.h). Every writer checks its snprintf for truncation
 * and returns -1 when outsz is too small (the *_TEXT_MAX sizes suffice).
 */
#ifndef SVODKA_UTIL_CIVIL_H
#define SVODKA_UTIL_CIVIL_H

#include <stddef.h>
#include <stdint.h>

#define CIVIL_DATE_TEXT_MAX 16 /* "ДД.ММ.ГГГГ" or "YYYY-MM-DD" with the NUL */
#define CIVIL_PERIOD_TEXT_MAX 96 /* «28 декабря 2021 г. – 10 января 2022 г.» with the NUL */
#define CIVIL_INSTANT_TEXT_MAX 32 /* "ДД.ММ.ГГГГ ЧЧ:ММ" with the NUL */
#define CIVIL_ZONE_TEXT_MAX 64 /* «Петропавловск-Камчатский, UTC+12» with the NUL */
#define CIVIL_ZONED_TEXT_MAX (CIVIL_INSTANT_TEXT_MAX + CIVIL_ZONE_TEXT_MAX + 4)

/* Days since 1970-01-01 of civil date y-m-d (valid per civil_date_valid). */
int64_t civil_days_from_date(int y, int m, int d);

/* The civil date of `days` since 1970-01-01. */
void civil_date_from_days(int64_t days, int *y, int *m, int *d);

/* 1 when y-m-d is a real date with y in 1..9999, else 0. */
int civil_date_valid(int y, int m, int d);

/* Parses "YYYY-MM-DD" (exactly) into days since 1970-01-01: 0, or -1 if not a real date. */
__attribute__((warn_unused_result)) int civil_date_parse(const char *s, int64_t *days);

/*
 * Reads a date as a person types it: "YYYY-MM-DD" (what <input type="date">
 * sends) or «ДД.ММ.ГГГГ» with the day and month in one or two digits
 * («8.2.2022», «08.02.2022»), blanks around it ignored, into days since
 * 1970-01-01: 0, or -1 if it is no real date in either form.
 */
__attribute__((warn_unused_result)) int civil_date_input(const char *s, int64_t *days);

/* Parses "HH:MM:SS" (00:00:00..23:59:59) into seconds since midnight: 0 or -1. */
__attribute__((warn_unused_result)) int civil_time_parse(const char *s, int *seconds);

/* Writes "YYYY-MM-DD" to out: 0, or -1 if outsz is too small. */
__attribute__((warn_unused_result)) int civil_date_format_iso(int64_t days, char *out, size_t outsz);

/* Writes «ДД.ММ.ГГГГ» (e.g. "08.02.2022"): 0, or -1 if outsz is too small. */
__attribute__((warn_unused_result)) int civil_date_format(int64_t days, char *out, size_t outsz);

/*
 * Writes a period in Russian with genitive month names: «8 февраля – 8 марта
 * 2022 г.»; «8–28 февраля 2022 г.» within a month; «8 февраля 2022 г.» for
 * one day; «28 декабря 2021 г. – 10 января 2022 г.» across years. Returns 0,
 * or -1 if outsz is too small or end < start.
 */
__attribute__((warn_unused_result)) int civil_period_format(int64_t start, int64_t end, char *out,
							    size_t outsz);

/* The local calendar day (days since 1970-01-01) of instant t at UTC offset `offset`. */
int64_t civil_local_day(int64_t t, int32_t offset);

/* The local day of t at `offset` in *days and the seconds since its midnight (0..86399) in *secs. */
void civil_local(int64_t t, int32_t offset, int64_t *days, int *secs);

/* Writes «ДД.ММ.ГГГГ ЧЧ:ММ» of instant t at `offset`: 0, or -1 if outsz is too small. */
__attribute__((warn_unused_result)) int civil_instant_format(int64_t t, int32_t offset, char *out,
							     size_t outsz);

/*
 * The Russian name of an IANA zone of Russia by its city («Владивосток» for
 * Asia/Vladivostok, «Москва» for Europe/Moscow), "UTC" for UTC; NULL for a
 * zone the table does not know (pages then name the offset alone).
 */
const char *civil_zone_name(const char *zone);

/*
 * Writes the name of `zone` at an instant whose offset there is `offset`:
 * «Владивосток, UTC+10», «UTC+5:30» for a zone without a Russian name,
 * «UTC» for UTC. Returns 0, or -1 if outsz is too small.
 */
__attribute__((warn_unused_result)) int civil_zone_format(const char *zone, int32_t offset, char *out,
							  size_t outsz);

/*
 * Writes instant t as pages show it: «ДД.ММ.ГГГГ ЧЧ:ММ (zone name)», in
 * `zone`'s offset at t (tz_offset), e.g. «05.03.2022 12:00 (Владивосток,
 * UTC+10)». Returns 0, or -1 when the zone is unknown to the tz database
 * or outsz is too small.
 */
__attribute__((warn_unused_result)) int civil_instant_format_zone(int64_t t, const char *zone, char *out,
								  size_t outsz);

#endif
