/*
 * format: dates and times as Russian pages show them — ДД.ММ.ГГГГ, periods
 * «8 февраля – 8 марта 2022 г.», instants in a named zone with the zone
 * named — into the request's arena. The calendar and the wording are
 * util/civil.c's; this file only moves them into the arena.
 */
#include "util/civil.h"
#include "web/web.h"

const char *
web_date_ru(struct arena *a, const char *iso)
{
	char ru[CIVIL_DATE_TEXT_MAX];
	int64_t days;

	if (iso == NULL || civil_date_parse(iso, &days) < 0 || civil_date_format(days, ru, sizeof(ru)) < 0)
		return NULL;
	return arena_strdup(a, ru);
}

const char *
web_period_ru(struct arena *a, const char *from, const char *to)
{
	char text[CIVIL_PERIOD_TEXT_MAX];
	int64_t d1, d2;

	if (from == NULL || to == NULL || civil_date_parse(from, &d1) < 0 || civil_date_parse(to, &d2) < 0 ||
	    civil_period_format(d1, d2, text, sizeof(text)) < 0)
		return NULL;
	return arena_strdup(a, text);
}

const char *
web_instant_ru(struct arena *a, int64_t t, const char *zone)
{
	char s[CIVIL_ZONED_TEXT_MAX];

	if (civil_instant_format_zone(t, zone, s, sizeof(s)) < 0)
		return "";
	return arena_strdup(a, s);
}

const char *
web_utc_time_ru(struct arena *a, int64_t t)
{
	return web_instant_ru(a, t, "UTC");
}
