/*
 * gen_national: fills a database with a national-scale dataset for the
 * benchmarks of the dashboard, the exports and the report pages. The data
 * is deterministic for a seed: a root region and N municipalities (codes
 * m00001…, Cyrillic names, the three kinds), one campaign (the Charter 2022
 * document of data/charter-2022.json with slug "national" and org_units
 * empty, so every municipality reports) and the reports of about two
 * thirds of the municipalities in a realistic mix of statuses (draft,
 * submitted on time and late, returned, accepted; the rest have not
 * started). The activities, publications and organizations are spread
 * over the reports so that their totals are exactly the numbers asked for
 * (by default 400,000 activities: 20 per municipality, 30 per report on
 * average, from about 12 to 48; 2 % of the reports are empty). Everything goes through store.h: org units, the campaign, and
 * every report through store_report_write, BATCH reports per transaction.
 *
 * Usage: gen_national --db URL [--seed N] [--municipalities N]
 *        [--activities N] [--publications N] [--organizations N]
 *        [--campaign FILE]
 * The database must not hold the campaign "national" yet (a fresh one is
 * migrated first). Prints the counts and the seconds taken.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <jansson.h>

#include "domain/campaign.h"
#include "store/store.h"
#include "util/log.h"

#ifndef SVODKA_SOURCE_ROOT
#define SVODKA_SOURCE_ROOT "."
#endif

#define SLUG "national"
#define ROOT_CODE "ru"
#define BATCH 500 /* reports per transaction */
#define PERIOD_DAYS 29 /* 2022-02-08 … 2022-03-08 */
#define PERIOD_START INT64_C(1644278400) /* 2022-02-08T00:00:00Z */
/* The report deadline, 2022-03-10 23:59:59 in Vladivostok (UTC+10). */
#define DUE INT64_C(1646920799)

struct opts {
	const char *db;
	const char *campaign;
	uint64_t seed;
	int64_t municipalities, activities, publications, organizations;
};

/* splitmix64: small, fast and the same on every platform. */
static uint64_t
next(uint64_t *s)
{
	uint64_t z = (*s += UINT64_C(0x9e3779b97f4a7c15));

	z = (z ^ (z >> 30)) * UINT64_C(0xbf58476d1ce4e5b9);
	z = (z ^ (z >> 27)) * UINT64_C(0x94d049bb133111eb);
	return z ^ (z >> 31);
}

/* Uniform in [0, n). */
static int64_t
below(uint64_t *s, int64_t n)
{
	return n <= 0 ? 0 : (int64_t)(next(s) % (uint64_t)n);
}

static const char *
pick(uint64_t *s, const char *const *list, size_t n)
{
	return list[below(s, (int64_t)n)];
}

#define PICK(s, list) pick((s), (list), sizeof(list) / sizeof((list)[0]))

static void
set(json_t *o, const char *key, json_t *v)
{
	if (v == NULL || json_object_set_new(o, key, v) != 0)
		abort();
}

static void
push(json_t *a, json_t *v)
{
	if (v == NULL || json_array_append_new(a, v) != 0)
		abort();
}

/* snprintf into a fixed buffer that is always large enough. */
static const char *fmt(char *dst, size_t n, const char *f, ...) __attribute__((format(printf, 3, 4)));

static const char *
fmt(char *dst, size_t n, const char *f, ...)
{
	va_list ap;
	int len;

	va_start(ap, f);
	len = vsnprintf(dst, n, f, ap);
	va_end(ap);
	if (len < 0 || (size_t)len >= n)
		abort();
	return dst;
}

/* "YYYY-MM-DD" of day d of the campaign period (d may run past its end). */
static const char *
period_date(char *dst, size_t n, int64_t d)
{
	time_t t = (time_t)(PERIOD_START + d * 86400);
	struct tm tm;

	if (gmtime_r(&t, &tm) == NULL)
		abort();
	return fmt(dst, n, "%04d-%02d-%02d", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday);
}

static int
parse_int(const char *s, int64_t min, int64_t *out)
{
	char *end;
	long long v;

	errno = 0;
	v = strtoll(s, &end, 10);
	if (errno != 0 || end == s || *end != '\0' || v < min)
		return -1;
	*out = v;
	return 0;
}

static void
usage(void)
{
	fprintf(stderr, "usage: gen_national --db URL [--seed N] [--municipalities N] [--activities N]\n"
			"                    [--publications N] [--organizations N] [--campaign FILE]\n");
}

static int
parse_args(int argc, char **argv, struct opts *o)
{
	int64_t seed = 1;
	int i;

	o->db = NULL;
	o->campaign = SVODKA_SOURCE_ROOT "/data/charter-2022.json";
	o->municipalities = 20000;
	o->activities = 400000;
	o->publications = 100000;
	o->organizations = 50000;
	for (i = 1; i < argc; i += 2) {
		const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;
		int rc = 0;

		if (v == NULL) {
			usage();
			return -1;
		}
		if (strcmp(a, "--db") == 0)
			o->db = v;
		else if (strcmp(a, "--campaign") == 0)
			o->campaign = v;
		else if (strcmp(a, "--seed") == 0)
			rc = parse_int(v, 0, &seed);
		else if (strcmp(a, "--municipalities") == 0)
			rc = parse_int(v, 1, &o->municipalities);
		else if (strcmp(a, "--activities") == 0)
			rc = parse_int(v, 0, &o->activities);
		else if (strcmp(a, "--publications") == 0)
			rc = parse_int(v, 0, &o->publications);
		else if (strcmp(a, "--organizations") == 0)
			rc = parse_int(v, 0, &o->organizations);
		else
			rc = -1;
		if (rc < 0) {
			fprintf(stderr, "gen_national: bad argument %s %s\n", a, v);
			usage();
			return -1;
		}
	}
	if (o->db == NULL || o->municipalities > 99999) {
		usage();
		return -1;
	}
	o->seed = (uint64_t)seed;
	return 0;
}

static const char *const name_heads[] = {
	"Ново", "Старо",  "Верхне", "Нижне",   "Красно", "Бело",   "Черно", "Светло", "Высоко",   "Дальне",
	"Южно", "Северо", "Зелено", "Каменно", "Лесо",   "Озёрно", "Тихо",  "Ясно",   "Солнечно", "Медве"};
static const char *const name_tails[] = {"горский",  "реченский", "озёрский", "польский",   "борский",
					 "дольский", "морский",   "лугский",  "ярский",     "ключевский",
					 "бережный", "холмский",  "донский",  "сосновский", "кедровский"};

/* The root region and the municipalities, in one transaction. */
static enum store_rc
add_units(struct store *st, const struct opts *o, uint64_t *rng)
{
	static const char *const kinds[] = {"urban_okrug", "municipal_okrug", "municipal_district",
					    "municipal_district"};
	static const char *const kind_names[] = {"городской округ", "муниципальный округ",
						 "муниципальный район", "муниципальный район"};
	struct store_org_unit u = {
		ROOT_CODE, NULL, "Российская Федерация (сводный регион)", "region", "Москва", NULL, NULL};
	char code[16], name[256], centre[128];
	enum store_rc rc;
	int64_t i, k;
	int inserted;

	if ((rc = store_begin(st, 1)) != STORE_OK)
		return rc;
	if ((rc = store_org_unit_ensure(st, &u, &inserted)) != STORE_OK)
		goto out;
	for (i = 1; i <= o->municipalities; i++) {
		const char *head = PICK(rng, name_heads), *tail = PICK(rng, name_tails);

		k = below(rng, 4);
		u.code = fmt(code, sizeof(code), "m%05" PRId64, i);
		u.parent = ROOT_CODE;
		u.kind = kinds[k];
		u.name = fmt(name, sizeof(name), "%s%s %s № %" PRId64, head, tail, kind_names[k], i);
		u.centre = fmt(centre, sizeof(centre), "%s%s", head, k == 0 ? "горск" : "во");
		u.email = NULL;
		if ((rc = store_org_unit_ensure(st, &u, &inserted)) != STORE_OK)
			goto out;
	}
	rc = store_commit(st);
out:
	store_rollback(st);
	return rc;
}

/* The campaign: the Charter document with slug "national", every org unit reporting. */
static int
add_campaign(struct store *st, const struct opts *o, json_t **forms)
{
	struct campaign_error cerr;
	json_error_t jerr;
	json_t *doc = NULL, *valid = NULL;
	int inserted = 0, ret = -1;

	doc = json_load_file(o->campaign, 0, &jerr);
	if (doc == NULL) {
		fprintf(stderr, "gen_national: %s: %s\n", o->campaign, jerr.text);
		goto out;
	}
	set(doc, "slug", json_string(SLUG));
	set(doc, "title", json_string("Цифровая этика детства (всероссийская)"));
	set(doc, "org_units", json_array());
	if (campaign_validate(doc, &valid, &cerr) < 0) {
		fprintf(stderr, "gen_national: %s: %s\n", o->campaign, cerr.message);
		goto out;
	}
	if (store_campaign_ensure(st, valid, PERIOD_START - 86400, &inserted) != STORE_OK)
		goto out;
	if (!inserted) {
		fprintf(stderr, "gen_national: the database already has the campaign \"%s\"\n", SLUG);
		goto out;
	}
	*forms = campaign_form_codes(valid);
	ret = *forms != NULL && json_array_size(*forms) > 0 ? 0 : -1;
out:
	json_decref(doc);
	json_decref(valid);
	return ret;
}

/*
 * Splits total over n slots in proportion to weights: slot i gets
 * floor(total * W_i / W) - floor(total * W_{i-1} / W), W_i the running sum,
 * so the counts add up to total exactly.
 */
static void
spread(int64_t total, const int64_t *weights, int64_t *counts, int64_t n)
{
	__int128 sum = 0, run = 0, prev = 0, cur;
	int64_t i;

	for (i = 0; i < n; i++)
		sum += weights[i];
	for (i = 0; i < n; i++) {
		run += weights[i];
		cur = sum > 0 ? (__int128)total * run / sum : 0;
		counts[i] = (int64_t)(cur - prev);
		prev = cur;
	}
}

static const char *const titles[] = {"Урок цифровой грамотности",
				     "Классный час «Безопасный интернет»",
				     "Родительское собрание о Хартии",
				     "Круглый стол «Дети в цифровой среде»",
				     "Конкурс рисунков «Моя Хартия»",
				     "Мастер-класс для педагогов",
				     "Публикация о Хартии в сообществе школы",
				     "Квест «Цифровой след»",
				     "Выступление на местном радио",
				     "Встреча со специалистами по кибербезопасности"};
static const char *const descriptions[] = {
	"", "Рассказали о принципах Хартии «Цифровая этика детства» и ответили на вопросы.",
	("Участники обсудили правила поведения в сети, защиту персональных данных и "
	 "ответственность взрослых."),
	"Разместили баннер акции с хэштегом #МояХартия; подготовили памятку для родителей.",
	"Провели опрос, подвели итоги, наградили победителей грамотами."};
static const char *const networks[][2] = {{"vk.com", "vk"},
					  {"ok.ru", "ok"},
					  {"t.me", "telegram"},
					  {"dzen.ru", "dzen"},
					  {"school.edu.ru", "site"}};
static const char *const audiences[] = {"children", "parents", "teachers", "specialists", "public"};
static const char *const org_kinds[] = {"school",  "kindergarten", "college",    "library",
					"culture", "sports",       "youth",      "business",
					"ngo",     "media",        "government", "other"};
/* Organization names: the text around a number. */
static const char *const org_names[][2] = {
	{"МБОУ «СОШ № ", "»"},          {"МБДОУ «Детский сад № ", "»"}, {"Центральная библиотека № ", ""},
	{"Дом культуры «Юность-", "»"}, {"Спортивная школа № ", ""},    {"ООО «Цифра-", "»"},
	{"АНО «Дети онлайн ", "»"}};

/* A URL on a social network and its comparison key and network (domain/url.h's form). */
static json_t *
link_of(uint64_t *rng, const char *unit, int64_t n)
{
	const char *const *nw = networks[below(rng, (int64_t)(sizeof(networks) / sizeof(networks[0])))];
	char url[160], key[160];

	fmt(key, sizeof(key), "%s/%s_%" PRId64, nw[0], unit, n);
	fmt(url, sizeof(url), "https://%s", key);
	return json_pack("{s:s, s:s, s:s}", "url", url, "key", key, "network", nw[1]);
}

/* A valid 10-digit INN of a legal entity (the check digit of domain/inn.c's rule). */
static const char *
inn_of(uint64_t *rng, char *dst, size_t n)
{
	static const int w[9] = {2, 4, 10, 3, 5, 9, 4, 6, 8};
	int d[10], i, sum = 0;

	d[0] = 2;
	d[1] = 5;
	for (i = 2; i < 9; i++)
		d[i] = (int)below(rng, 10);
	for (i = 0; i < 9; i++)
		sum += w[i] * d[i];
	d[9] = sum % 11 % 10;
	return fmt(dst, n, "%d%d%d%d%d%d%d%d%d%d", d[0], d[1], d[2], d[3], d[4], d[5], d[6], d[7], d[8],
		   d[9]);
}

static json_t *
activity(uint64_t *rng, json_t *forms, const char *unit, int64_t i)
{
	json_t *a, *aud = json_array(), *links = json_array();
	char id[32], date[16], title[256];
	int64_t part, k, nlinks;
	unsigned mask = (unsigned)below(rng, 32);

	if (aud == NULL || links == NULL)
		abort();
	if (below(rng, 10) > 0 && mask == 0)
		mask = 1; /* most activities name an audience */
	for (k = 0; k < 5; k++)
		if (mask & (1u << k))
			push(aud, json_string(audiences[k]));
	nlinks = below(rng, 4);
	for (k = 0; k < nlinks; k++)
		push(links, link_of(rng, unit, i * 10 + k));
	part = 5 + below(rng, 300);
	a = json_object();
	if (a == NULL)
		abort();
	set(a, "id", json_string(fmt(id, sizeof(id), "a%" PRId64, i)));
	set(a, "form", json_copy(json_array_get(forms, (size_t)below(rng, (int64_t)json_array_size(forms)))));
	set(a, "date",
	    json_string(below(rng, 20) == 0 ? "" : period_date(date, sizeof(date), below(rng, PERIOD_DAYS))));
	set(a, "title", json_string(fmt(title, sizeof(title), "%s (%" PRId64 ")", PICK(rng, titles), i + 1)));
	set(a, "description", json_string(PICK(rng, descriptions)));
	set(a, "audience", aud);
	set(a, "participants", below(rng, 20) == 0 ? json_null() : json_integer(part));
	set(a, "reach", below(rng, 10) == 0 ? json_null() : json_integer(part * (1 + below(rng, 30))));
	set(a, "links", links);
	return a;
}

static json_t *
publication(uint64_t *rng, const char *unit, int64_t i)
{
	json_t *l = link_of(rng, unit, 100000 + i), *p = json_object();
	char id[32], date[16];

	if (p == NULL || l == NULL)
		abort();
	set(p, "id", json_string(fmt(id, sizeof(id), "p%" PRId64, i)));
	set(p, "url", json_incref(json_object_get(l, "url")));
	set(p, "key", json_incref(json_object_get(l, "key")));
	set(p, "network", json_incref(json_object_get(l, "network")));
	set(p, "date",
	    json_string(below(rng, 20) == 0 ? "" : period_date(date, sizeof(date), below(rng, PERIOD_DAYS))));
	set(p, "views", below(rng, 10) == 0 ? json_null() : json_integer(below(rng, 20000)));
	set(p, "has_hashtag", json_boolean(below(rng, 4) > 0));
	set(p, "has_alliance_link", json_boolean(below(rng, 2) == 0));
	json_decref(l);
	return p;
}

static json_t *
organization(uint64_t *rng, int64_t i)
{
	const char *const *on = org_names[below(rng, (int64_t)(sizeof(org_names) / sizeof(org_names[0])))];
	json_t *o = json_object();
	char id[32], name[256], inn[16], date[16];

	if (o == NULL)
		abort();
	set(o, "id", json_string(fmt(id, sizeof(id), "o%" PRId64, i)));
	set(o, "name",
	    json_string(fmt(name, sizeof(name), "%s%d%s", on[0], (int)(1 + below(rng, 60)), on[1])));
	set(o, "kind", json_string(PICK(rng, org_kinds)));
	set(o, "inn", json_string(below(rng, 5) == 0 ? "" : inn_of(rng, inn, sizeof(inn))));
	set(o, "joined",
	    json_string(below(rng, 3) == 0 ? "" : period_date(date, sizeof(date), below(rng, PERIOD_DAYS))));
	return o;
}

/* The normalized data of one report (domain/report.h). */
static json_t *
report_data(uint64_t *rng, json_t *forms, const char *unit, int64_t nact, int64_t npub, int64_t norg)
{
	json_t *acts = json_array(), *pubs = json_array(), *orgs = json_array(), *d;
	char phone[16];
	int64_t i;

	if (acts == NULL || pubs == NULL || orgs == NULL)
		abort();
	for (i = 0; i < nact; i++)
		push(acts, activity(rng, forms, unit, i));
	for (i = 0; i < npub; i++)
		push(pubs, publication(rng, unit, i));
	for (i = 0; i < norg; i++)
		push(orgs, organization(rng, i));
	fmt(phone, sizeof(phone), "+7999%07" PRId64, below(rng, 10000000));
	d = json_pack("{s:{s:s, s:s, s:s, s:s, s:s}, s:o, s:o, s:o, s:s, s:s}", "contact", "name",
		      "Иванова Мария Петровна", "position", "главный специалист", "phone", phone, "phone_ext",
		      "", "email", "otchet@example.ru", "activities", acts, "organizations", orgs,
		      "publications", pubs, "remarks", "", "no_activity_reason",
		      nact == 0 ? "Мероприятия не проводились: карантин в школах" : "");
	if (d == NULL)
		abort();
	return d;
}

/* What one started municipality's report looks like, before its rows. */
struct plan {
	int64_t unit; /* 1-based municipality number */
	int64_t nact, npub, norg;
	const char *status;
	int64_t submitted_at;
	int late;
	const char *comment;
};

/*
 * Decides which municipalities have started (about two thirds), the status
 * of each report and how many rows each gets. Returns the number of
 * reports; *out is malloc'd.
 */
static int64_t
make_plans(const struct opts *o, uint64_t *rng, struct plan **out)
{
	struct plan *p = calloc((size_t)o->municipalities, sizeof(*p));
	int64_t *w = calloc((size_t)o->municipalities, sizeof(*w));
	int64_t *c = calloc((size_t)o->municipalities, sizeof(*c));
	int64_t i, n = 0, r;

	if (p == NULL || w == NULL || c == NULL)
		abort();
	for (i = 1; i <= o->municipalities; i++) {
		if (below(rng, 3) == 0)
			continue; /* not started */
		p[n].unit = i;
		r = below(rng, 100);
		if (r < 22) {
			p[n].status = "draft";
		} else if (r < 57) {
			p[n].status = "submitted";
			p[n].submitted_at = DUE - 3600 - below(rng, 20 * 86400);
		} else if (r < 67) {
			p[n].status = "submitted";
			p[n].submitted_at = DUE + 60 + below(rng, 5 * 86400);
			p[n].late = 1;
		} else if (r < 75) {
			p[n].status = "returned";
			p[n].submitted_at = DUE - 86400 - below(rng, 10 * 86400);
			p[n].comment = "Уточните охват мероприятий и приложите ссылки на публикации";
		} else {
			p[n].status = "accepted";
			p[n].submitted_at = DUE - 3600 - below(rng, 20 * 86400);
			p[n].late = below(rng, 10) == 0;
			if (p[n].late)
				p[n].submitted_at = DUE + 60 + below(rng, 3 * 86400);
		}
		n++;
	}
	/* Weights: 2 % of the reports are empty, the rest vary from 1 to 4 times the smallest. */
	for (i = 0; i < n; i++)
		w[i] = below(rng, 50) == 0 ? 0 : 10 + below(rng, 31);
	spread(o->activities, w, c, n);
	for (i = 0; i < n; i++)
		p[i].nact = c[i];
	for (i = 0; i < n; i++)
		w[i] = p[i].nact == 0 ? 0 : 1 + below(rng, 8);
	spread(o->publications, w, c, n);
	for (i = 0; i < n; i++)
		p[i].npub = c[i];
	for (i = 0; i < n; i++)
		w[i] = p[i].nact == 0 ? 0 : 1 + below(rng, 4);
	spread(o->organizations, w, c, n);
	for (i = 0; i < n; i++)
		p[i].norg = c[i];
	free(w);
	free(c);
	*out = p;
	return n;
}

static enum store_rc
write_reports(struct store *st, const struct plan *p, int64_t n, json_t *forms, uint64_t *rng)
{
	struct store_report_write w;
	char code[16];
	json_t *data;
	enum store_rc rc = STORE_OK;
	int64_t i;

	for (i = 0; i < n && rc == STORE_OK; i++) {
		if (i % BATCH == 0 && (rc = store_begin(st, 1)) != STORE_OK)
			break;
		fmt(code, sizeof(code), "m%05" PRId64, p[i].unit);
		data = report_data(rng, forms, code, p[i].nact, p[i].npub, p[i].norg);
		memset(&w, 0, sizeof(w));
		w.campaign = SLUG;
		w.org_unit = code;
		w.data = data;
		w.status = p[i].status;
		w.action = strcmp(p[i].status, "draft") == 0 ? "save" : "import";
		w.comment = p[i].comment;
		w.submitted_at = p[i].submitted_at;
		w.late = p[i].late;
		w.actor_login = "gen_national";
		w.now = p[i].submitted_at > 0 ? p[i].submitted_at : DUE - below(rng, 20 * 86400);
		rc = store_report_write(st, &w, NULL);
		json_decref(data);
		if (rc == STORE_OK && (i % BATCH == BATCH - 1 || i == n - 1))
			rc = store_commit(st);
	}
	store_rollback(st);
	return rc;
}

static double
seconds(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

int
main(int argc, char **argv)
{
	struct opts o;
	struct store *st = NULL;
	struct plan *plans = NULL;
	json_t *forms = NULL;
	uint64_t rng;
	int64_t n = 0, i, sums[3] = {0, 0, 0};
	double t0 = seconds(), t1;
	int ret = 1;

	if (parse_args(argc, argv, &o) < 0)
		return 2;
	log_set_level(0);
	rng = o.seed;
	if (store_open(o.db, &st) != STORE_OK || store_migrate(st, NULL, NULL) != STORE_OK) {
		fprintf(stderr, "gen_national: cannot open or migrate the database\n");
		goto out;
	}
	if (add_campaign(st, &o, &forms) < 0)
		goto out;
	if (add_units(st, &o, &rng) != STORE_OK) {
		fprintf(stderr, "gen_national: cannot add the org units\n");
		goto out;
	}
	n = make_plans(&o, &rng, &plans);
	t1 = seconds();
	if (write_reports(st, plans, n, forms, &rng) != STORE_OK) {
		fprintf(stderr, "gen_national: cannot write the reports\n");
		goto out;
	}
	for (i = 0; i < n; i++) {
		sums[0] += plans[i].nact;
		sums[1] += plans[i].npub;
		sums[2] += plans[i].norg;
	}
	printf("municipalities %" PRId64 "\nreports %" PRId64 "\nactivities %" PRId64
	       "\npublications %" PRId64 "\norganizations %" PRId64 "\nseconds %.1f (reports %.1f)\n",
	       o.municipalities, n, sums[0], sums[1], sums[2], seconds() - t0, seconds() - t1);
	ret = 0;
out:
	free(plans);
	json_decref(forms);
	store_close(st);
	return ret;
}
