/*
 * civil: calendar arithmetic (days from civil and back, after Howard
 * Hinnant's published derivation), exact date and time readers, Russian
 * date wording, and the Russian names of Russia's time zones.
 */
#include "util/civil.h"

#include <stdio.h>
#include <string.h>

#include "util/tz.h"

static const char *const months_genitive[12] = {
	"января", "февраля", "марта",    "апреля",  "мая",    "июня",
	"июля",   "августа", "сентября", "октября", "ноября", "декабря",
};

/* The zones of Russia (tzdata's zone1970.tab, country RU) by their city, and UTC. */
static const struct {
	const char *zone, *name;
} zone_names[] = {
	{"Europe/Kaliningrad", "Калининград"},
	{"Europe/Moscow", "Москва"},
	{"Europe/Kirov", "Киров"},
	{"Europe/Volgograd", "Волгоград"},
	{"Europe/Astrakhan", "Астрахань"},
	{"Europe/Saratov", "Саратов"},
	{"Europe/Ulyanovsk", "Ульяновск"},
	{"Europe/Samara", "Самара"},
	{"Asia/Yekaterinburg", "Екатеринбург"},
	{"Asia/Omsk", "Омск"},
	{"Asia/Novosibirsk", "Новосибирск"},
	{"Asia/Barnaul", "Барнаул"},
	{"Asia/Tomsk", "Томск"},
	{"Asia/Novokuznetsk", "Новокузнецк"},
	{"Asia/Krasnoyarsk", "Красноярск"},
	{"Asia/Irkutsk", "Иркутск"},
	{"Asia/Chita", "Чита"},
	{"Asia/Yakutsk", "Якутск"},
	{"Asia/Khandyga", "Хандыга"},
	{"Asia/Vladivostok", "Владивосток"},
	{"Asia/Ust-Nera", "Усть-Нера"},
	{"Asia/Magadan", "Магадан"},
	{"Asia/Sakhalin", "Сахалин"},
	{"Asia/Srednekolymsk", "Среднеколымск"},
	{"Asia/Kamchatka", "Петропавловск-Камчатский"},
	{"Asia/Anadyr", "Анадырь"},
	{"UTC", "UTC"},
	{"Etc/UTC", "UTC"},
};

static int
is_leap(int y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static int
month_days(int y, int m)
{
	static const int days[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};

	return m == 2 && is_leap(y) ? 29 : days[m - 1];
}

int
civil_date_valid(int y, int m, int d)
{
	return y >= 1 && y <= 9999 && m >= 1 && m <= 12 && d >= 1 && d <= month_days(y, m);
}

int64_t
civil_days_from_date(int y, int m, int d)
{
	int64_t yy = y - (m <= 2);
	int64_t era = (yy >= 0 ? yy : yy - 399) / 400;
	int64_t yoe = yy - era * 400; /* 0..399 */
	int64_t doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1; /* 0..365 */
	int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy; /* 0..146096 */

	return era * 146097 + doe - 719468;
}

void
civil_date_from_days(int64_t days, int *y, int *m, int *d)
{
	int64_t z = days + 719468;
	int64_t era = (z >= 0 ? z : z - 146096) / 146097;
	int64_t doe = z - era * 146097; /* 0..146096 */
	int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365; /* 0..399 */
	int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100); /* 0..365 */
	int64_t mp = (5 * doy + 2) / 153; /* 0..11, March first */
	int64_t dd = doy - (153 * mp + 2) / 5 + 1;
	int64_t mm = mp < 10 ? mp + 3 : mp - 9;

	*y = (int)(yoe + era * 400 + (mm <= 2));
	*m = (int)mm;
	*d = (int)dd;
}

static int
digits(const char *s, int n, int *out)
{
	int i, v = 0;

	for (i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	*out = v;
	return 0;
}

int
civil_date_parse(const char *s, int64_t *days)
{
	int y, m, d;

	if (strlen(s) != 10 || s[4] != '-' || s[7] != '-' || digits(s, 4, &y) < 0 ||
	    digits(s + 5, 2, &m) < 0 || digits(s + 8, 2, &d) < 0 || !civil_date_valid(y, m, d))
		return -1;
	*days = civil_days_from_date(y, m, d);
	return 0;
}

int
civil_date_input(const char *s, int64_t *days)
{
	char buf[16];
	size_t n, i, dot1, dot2;
	int d, m, y;

	if (s == NULL)
		return -1;
	while (*s == ' ' || *s == '\t')
		s++;
	n = strlen(s);
	while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r' || s[n - 1] == '\n'))
		n--;
	if (n == 0 || n >= sizeof(buf))
		return -1;
	memcpy(buf, s, n);
	buf[n] = '\0';
	if (civil_date_parse(buf, days) == 0)
		return 0;
	/* ДД.ММ.ГГГГ: D or DD, M or MM, YYYY. */
	dot1 = strcspn(buf, ".");
	if (dot1 < 1 || dot1 > 2 || buf[dot1] != '.')
		return -1;
	dot2 = dot1 + 1 + strcspn(buf + dot1 + 1, ".");
	if (dot2 - dot1 - 1 < 1 || dot2 - dot1 - 1 > 2 || buf[dot2] != '.' || n - dot2 - 1 != 4)
		return -1;
	for (i = 0; i < n; i++) {
		if (i != dot1 && i != dot2 && (buf[i] < '0' || buf[i] > '9'))
			return -1;
	}
	if (digits(buf, (int)dot1, &d) < 0 || digits(buf + dot1 + 1, (int)(dot2 - dot1 - 1), &m) < 0 ||
	    digits(buf + dot2 + 1, 4, &y) < 0 || !civil_date_valid(y, m, d))
		return -1;
	*days = civil_days_from_date(y, m, d);
	return 0;
}

int
civil_time_parse(const char *s, int *seconds)
{
	int h, mi, se;

	if (strlen(s) != 8 || s[2] != ':' || s[5] != ':' || digits(s, 2, &h) < 0 ||
	    digits(s + 3, 2, &mi) < 0 || digits(s + 6, 2, &se) < 0)
		return -1;
	if (h > 23 || mi > 59 || se > 59)
		return -1;
	*seconds = h * 3600 + mi * 60 + se;
	return 0;
}

/* 0 when snprintf's result r fit in outsz bytes, else -1 (out emptied when it has room). */
static int
fits(int r, char *out, size_t outsz)
{
	if (r >= 0 && (size_t)r < outsz)
		return 0;
	if (outsz > 0)
		out[0] = '\0';
	return -1;
}

int
civil_date_format_iso(int64_t days, char *out, size_t outsz)
{
	int y, m, d;

	civil_date_from_days(days, &y, &m, &d);
	return fits(snprintf(out, outsz, "%04d-%02d-%02d", y, m, d), out, outsz);
}

int
civil_date_format(int64_t days, char *out, size_t outsz)
{
	int y, m, d;

	civil_date_from_days(days, &y, &m, &d);
	return fits(snprintf(out, outsz, "%02d.%02d.%04d", d, m, y), out, outsz);
}

int
civil_period_format(int64_t start, int64_t end, char *out, size_t outsz)
{
	int y1, m1, d1, y2, m2, d2, r;

	if (end < start)
		return -1;
	civil_date_from_days(start, &y1, &m1, &d1);
	civil_date_from_days(end, &y2, &m2, &d2);
	if (start == end)
		r = snprintf(out, outsz, "%d %s %d г.", d1, months_genitive[m1 - 1], y1);
	else if (y1 == y2 && m1 == m2)
		r = snprintf(out, outsz, "%d–%d %s %d г.", d1, d2, months_genitive[m1 - 1], y1);
	else if (y1 == y2)
		r = snprintf(out, outsz, "%d %s – %d %s %d г.", d1, months_genitive[m1 - 1], d2,
			     months_genitive[m2 - 1], y2);
	else
		r = snprintf(out, outsz, "%d %s %d г. – %d %s %d г.", d1, months_genitive[m1 - 1], y1, d2,
			     months_genitive[m2 - 1], y2);
	return fits(r, out, outsz);
}

int64_t
civil_local_day(int64_t t, int32_t offset)
{
	int64_t local = t + offset;

	return local >= 0 ? local / 86400 : -((-local + 86399) / 86400);
}

void
civil_local(int64_t t, int32_t offset, int64_t *days, int *secs)
{
	*days = civil_local_day(t, offset);
	*secs = (int)(t + offset - *days * 86400);
}

int
civil_instant_format(int64_t t, int32_t offset, char *out, size_t outsz)
{
	int64_t days;
	int secs, y, m, d;

	civil_local(t, offset, &days, &secs);
	civil_date_from_days(days, &y, &m, &d);
	return fits(snprintf(out, outsz, "%02d.%02d.%04d %02d:%02d", d, m, y, secs / 3600, secs / 60 % 60),
		    out, outsz);
}

const char *
civil_zone_name(const char *zone)
{
	size_t i;

	for (i = 0; zone != NULL && i < sizeof(zone_names) / sizeof(zone_names[0]); i++)
		if (strcmp(zone_names[i].zone, zone) == 0)
			return zone_names[i].name;
	return NULL;
}

int
civil_zone_format(const char *zone, int32_t offset, char *out, size_t outsz)
{
	const char *name = civil_zone_name(zone);
	int32_t a = offset < 0 ? -offset : offset;
	char utc[16];

	if (a % 3600 == 0)
		(void)snprintf(utc, sizeof(utc), "UTC%c%d", offset < 0 ? '-' : '+', (int)(a / 3600));
	else
		(void)snprintf(utc, sizeof(utc), "UTC%c%d:%02d", offset < 0 ? '-' : '+', (int)(a / 3600),
			       (int)(a % 3600 / 60));
	if (offset == 0)
		(void)snprintf(utc, sizeof(utc), "UTC");
	if (name == NULL || strcmp(name, utc) == 0)
		return fits(snprintf(out, outsz, "%s", utc), out, outsz);
	return fits(snprintf(out, outsz, "%s, %s", name, utc), out, outsz);
}

int
civil_instant_format_zone(int64_t t, const char *zone, char *out, size_t outsz)
{
	char when[CIVIL_INSTANT_TEXT_MAX], name[CIVIL_ZONE_TEXT_MAX];
	int off;

	if (zone == NULL || tz_offset(zone, t, &off) < 0 ||
	    civil_instant_format(t, off, when, sizeof(when)) < 0 ||
	    civil_zone_format(zone, off, name, sizeof(name)) < 0)
		return fits(-1, out, outsz);
	return fits(snprintf(out, outsz, "%s (%s)", when, name), out, outsz);
}
