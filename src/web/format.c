/*
 * format: dates and times as Russian pages show them — ДД.ММ.ГГГГ, periods
 * «8 февраля – 8 марта 2022 г.», instants in a given UTC offset — into the
 * request's arena.
 */
#include <stdio.h>
#include <time.h>

#include "domain/campaign.h"
#include "web/web.h"

const char *
web_date_ru(struct arena *a, const char *iso)
{
	char ru[CAMPAIGN_DATE_TEXT_MAX];
	int64_t days;

	if (iso == NULL || campaign_date_parse(iso, &days) < 0 ||
	    campaign_date_format(days, ru, sizeof(ru)) < 0)
		return NULL;
	return arena_strdup(a, ru);
}

const char *
web_period_ru(struct arena *a, const char *from, const char *to)
{
	char text[CAMPAIGN_PERIOD_TEXT_MAX];
	int64_t d1, d2;

	if (from == NULL || to == NULL || campaign_date_parse(from, &d1) < 0 ||
	    campaign_date_parse(to, &d2) < 0 || campaign_period_format(d1, d2, text, sizeof(text)) < 0)
		return NULL;
	return arena_strdup(a, text);
}

const char *
web_local_time_ru(struct arena *a, int64_t t)
{
	char s[32];
	struct tm tm;
	time_t tt = (time_t)t;

	if (localtime_r(&tt, &tm) == NULL || strftime(s, sizeof(s), "%d.%m.%Y %H:%M", &tm) == 0)
		return "";
	return arena_strdup(a, s);
}

const char *
web_instant_ru(struct arena *a, int64_t t, int32_t offset)
{
	int64_t local = t + offset, days, secs;
	char date[CAMPAIGN_DATE_TEXT_MAX];

	days = local >= 0 ? local / 86400 : -((-local + 86399) / 86400);
	secs = local - days * 86400;
	if (campaign_date_format(days, date, sizeof(date)) < 0)
		return "";
	return arena_printf(a, "%s %02d:%02d", date, (int)(secs / 3600), (int)(secs / 60 % 60));
}
