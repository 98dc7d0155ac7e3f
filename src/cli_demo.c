/*
 * cli_demo: `svodka demo` fills a campaign with plausible reports so a
 * newcomer sees a living dashboard: drafts, reports submitted on time and
 * late, returned with a comment, accepted, and about a third of the
 * municipalities with nothing. The same seed gives the same data. Reports go
 * through the same validation and store calls as the coordinator's form,
 * with each step (save, submit, return, accept) dated inside the campaign's
 * period and around its due date. With --clock INSTANT (the instant `svodka
 * serve --clock` starts at) the data is the campaign as it stands then: no
 * step, activity or publication after INSTANT, and before the due date
 * nothing late. A municipality that already has a report is left alone, so
 * running it twice changes nothing. A real deployment never runs it.
 */
#include <getopt.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "domain/campaign.h"
#include "domain/deadline.h"
#include "domain/report.h"
#include "store/store.h"
#include "util/civil.h"
#include "util/tz.h"

/* xorshift64*: small, fast, and the same sequence for the same seed everywhere. */
struct rng {
	uint64_t s;
};

static uint64_t
rng_next(struct rng *r)
{
	r->s ^= r->s >> 12;
	r->s ^= r->s << 25;
	r->s ^= r->s >> 27;
	return r->s * UINT64_C(2685821657736338717);
}

/* A number in [lo, hi]. */
static int64_t
rng_range(struct rng *r, int64_t lo, int64_t hi)
{
	return lo + (int64_t)(rng_next(r) % (uint64_t)(hi - lo + 1));
}

static const char *
pick(struct rng *r, const char *const *list, size_t n)
{
	return list[rng_next(r) % n];
}

#define N(a) (sizeof(a) / sizeof((a)[0]))

static const char *const first_names[] = {"Анна",    "Ольга",    "Елена", "Татьяна", "Ирина",
					  "Наталья", "Светлана", "Мария", "Сергей",  "Андрей",
					  "Дмитрий", "Алексей",  "Юлия",  "Ксения"};
static const char *const last_names[] = {"Иванова",   "Ким",      "Петренко", "Соловьёва", "Ли",
					 "Кузнецова", "Ёлкина",   "Морозова", "Пак",       "Семёнова",
					 "Шевченко",  "Грищенко", "Лебедева"};
static const char *const positions[] = {
	"главный специалист отдела молодёжной политики", "начальник отдела образования",
	"ведущий специалист управления культуры",        "заместитель главы администрации",
	"специалист по связям с общественностью",
};
static const char *const titles_by_form[][3] = {
	{"Баннер акции на официальном сайте администрации", "Логотип Хартии на сайтах школ округа",
	 "Материалы акции на страницах учреждений культуры"},
	{"Пост о Хартии в сообществе администрации",
	 "Публикация о лучших практиках в аккаунте отдела образования",
	 "Серия постов «Цифровая этика в семье»"},
	{"Видеоролик «Правила безопасного интернета»", "Сторис с участием местного блогера",
	 "Конкурс ТикТоков среди старшеклассников"},
	{"Интервью начальника отдела образования на местном радио", "Комментарий главы округа о Хартии",
	 "Выступление на местном телевидении"},
	{"Родительское собрание «Безопасный интернет»", "Круглый стол с педагогами",
	 "Мастер-класс для школьников по цифровой гигиене"},
	{"Конкурс рисунков «Мой безопасный интернет»", "Хакатон для старшеклассников",
	 "Викторина «Цифровая этика детства»"},
	{"Статья в районной газете", "Социальная реклама на городском портале",
	 "Сюжет в новостях муниципального ТВ"},
	{"Баннер у здания администрации", "Растяжка на центральной улице", "Плакаты в школах и библиотеках"},
};
static const char *const comments[] = {
	"Укажите охват по каждому мероприятию и ссылки на публикации.",
	"Не хватает даты присоединения у организаций; проверьте ИНН школы № 3.",
	"Часть мероприятий проведена вне периода акции — уточните даты.",
};

/* A valid 10-digit INN of a Primorye organization (region code 25). */
static void
make_inn(struct rng *r, char out[11])
{
	static const int w[9] = {2, 4, 10, 3, 5, 9, 4, 6, 8};
	int i, sum = 0;

	out[0] = '2';
	out[1] = '5';
	for (i = 2; i < 9; i++)
		out[i] = (char)('0' + rng_range(r, 0, 9));
	for (i = 0; i < 9; i++)
		sum += w[i] * (out[i] - '0');
	out[9] = (char)('0' + sum % 11 % 10);
	out[10] = '\0';
}

static const char *
iso_day(int64_t day, char buf[16])
{
	if (civil_date_format_iso(day, buf, 16) < 0)
		buf[0] = '\0';
	return buf;
}

/*
 * A plausible report of one municipality for the campaign, every date in
 * [period start, last_day] (the day of its last save at the latest).
 */
static json_t *
make_report(struct rng *r, const json_t *campaign, const struct deadline *dl, const char *org, int n_acts,
	    int64_t last_day)
{
	static const char *const kinds[] = {"school",  "kindergarten", "library",
					    "culture", "college",      "youth"};
	/* Names open a quotation that the number closes: «МБОУ «СОШ № 28»». */
	static const char *const kind_names[] = {"МБОУ «СОШ",        "МБДОУ «Детский сад",
						 "МБУК «Библиотека", "МБУК «Дом культуры",
						 "КГБПОУ «Колледж",  "МБУ «Молодёжный центр"};
	static const char *const hosts[] = {"https://vk.com/wall-", "https://ok.ru/group/",
					    "https://t.me/adm_", "https://dzen.ru/a/"};
	const json_t *forms = json_object_get(campaign, "forms");
	char day[16], name[128], phone[32], email[96], url[128], inn[11];
	json_t *d, *acts, *orgs, *pubs, *aud, *links;
	int i, k, f, n, participants;

	(void)snprintf(name, sizeof(name), "%s %s", pick(r, last_names, N(last_names)),
		       pick(r, first_names, N(first_names)));
	(void)snprintf(phone, sizeof(phone), "8 (423) %03d-%02d-%02d", (int)rng_range(r, 200, 299),
		       (int)rng_range(r, 10, 99), (int)rng_range(r, 10, 99));
	(void)snprintf(email, sizeof(email), "molodezh@%s.example.ru", org);
	d = json_pack("{s:{s:s, s:s, s:s, s:s}, s:s, s:s}", "contact", "name", name, "position",
		      pick(r, positions, N(positions)), "phone", phone, "email", email, "remarks", "",
		      "no_activity_reason", "");
	acts = json_array();
	for (i = 0; i < n_acts; i++) {
		f = (int)rng_range(r, 0, (int64_t)json_array_size(forms) - 1);
		participants = (int)rng_range(r, 8, 320);
		aud = json_array();
		for (k = 0; k < REPORT_AUDIENCES_N; k++)
			if (rng_range(r, 0, 2) == 0)
				json_array_append_new(aud, json_string(report_audiences[k]));
		if (json_array_size(aud) == 0)
			json_array_append_new(
				aud, json_string(report_audiences[rng_range(r, 0, REPORT_AUDIENCES_N - 1)]));
		links = json_array();
		if (rng_range(r, 0, 1)) {
			(void)snprintf(url, sizeof(url), "https://vk.com/wall-%d_%d",
				       (int)rng_range(r, 1000000, 9999999), (int)rng_range(r, 100, 9999));
			json_array_append_new(links, json_string(url));
		}
		json_array_append_new(
			acts, json_pack("{s:s, s:s, s:s, s:s, s:o, s:I, s:I, s:o}", "form",
					json_string_value(
						json_object_get(json_array_get(forms, (size_t)f), "code")),
					"date", iso_day(rng_range(r, dl->period_start, last_day), day),
					"title", titles_by_form[f % 8][rng_range(r, 0, 2)], "description",
					"Проведено в рамках акции #МояХартия.", "audience", aud,
					"participants", (json_int_t)participants, "reach",
					(json_int_t)participants * rng_range(r, 2, 25), "links", links));
	}
	json_object_set_new(d, "activities", acts);
	orgs = json_array();
	n = (int)rng_range(r, 0, 4);
	for (i = 0; i < n; i++) {
		k = (int)rng_range(r, 0, (int64_t)N(kinds) - 1);
		(void)snprintf(name, sizeof(name), "%s № %d»", kind_names[k],
			       (int)rng_range(r, 1, 40) + 10 * i);
		make_inn(r, inn);
		json_array_append_new(orgs,
				      json_pack("{s:s, s:s, s:s, s:s}", "name", name, "kind", kinds[k], "inn",
						rng_range(r, 0, 3) ? inn : "", "joined",
						iso_day(rng_range(r, dl->period_start, last_day), day)));
	}
	json_object_set_new(d, "organizations", orgs);
	pubs = json_array();
	n = (int)rng_range(r, 1, 5);
	for (i = 0; i < n; i++) {
		k = (int)rng_range(r, 0, 3);
		/* VK and Dzen posts are -OWNER_POST; OK and Telegram GROUP/POST. */
		(void)snprintf(url, sizeof(url), "%s%d%s%d", hosts[k], (int)rng_range(r, 10000, 999999),
			       k == 0 || k == 3 ? "_" : "/", (int)rng_range(r, 1, 9999) * 10 + i);
		json_array_append_new(pubs, json_pack("{s:s, s:s, s:I, s:b, s:b}", "url", url, "date",
						      iso_day(rng_range(r, dl->period_start, last_day), day),
						      "views", (json_int_t)rng_range(r, 50, 9000),
						      "has_hashtag", (int)(rng_range(r, 0, 3) > 0),
						      "has_alliance_link", (int)rng_range(r, 0, 1)));
	}
	json_object_set_new(d, "publications", pubs);
	return d;
}

/* What happens to one municipality's report. */
enum fate { MISSING, DRAFT, ON_TIME, LATE, RETURNED, ACCEPTED };

/* One write of the report's story; returns 0 or -1 (logged by the store). */
static int
step(struct store *st, const char *slug, const char *org, json_t *data, const char *status,
     const char *action, const char *comment, int64_t at, int64_t submitted_at, int late, int64_t *version)
{
	struct store_report_write w = {
		.campaign = slug,
		.org_unit = org,
		.base_version = *version,
		.data = data,
		.status = status,
		.action = action,
		.comment = comment,
		.submitted_at = submitted_at,
		.late = late,
		.actor_login = NULL,
		.now = at,
	};

	return store_report_write(st, &w, version) == STORE_OK ? 0 : -1;
}

/* The instants of one report's story, each at or before the demo's horizon. */
struct story {
	int64_t saved; /* the last save of the draft */
	int64_t submitted; /* 0 for a draft */
	int64_t decided; /* returned or accepted; 0 when neither */
};

static int64_t
min64(int64_t a, int64_t b)
{
	return a < b ? a : b;
}

static int64_t
max64(int64_t a, int64_t b)
{
	return a > b ? a : b;
}

/*
 * Dates the steps of a fate between the campaign's start (first, an
 * instant) and the horizon ("now" for the demo), with on-time submissions
 * in the last days before min(horizon, due) and late ones in the days after
 * the due instant. The caller has made sure the span allows the fate:
 * horizon ≥ first + 2 days, and for LATE horizon > due + 2 hours.
 */
static void
plot(struct rng *r, const struct deadline *dl, int64_t first, int64_t horizon, enum fate fate,
     struct story *t)
{
	int64_t end = min64(horizon, dl->due), lo = first + 3600;

	memset(t, 0, sizeof(*t));
	if (fate == DRAFT) {
		t->saved = max64(end - rng_range(r, 3600, 10 * 86400), lo);
		return;
	}
	if (fate == LATE)
		t->submitted = dl->due + rng_range(r, 3600, min64(5 * 86400, horizon - dl->due - 60));
	else
		t->submitted = max64(end - rng_range(r, 600, 4 * 86400), lo + 7200);
	t->saved = max64(t->submitted - rng_range(r, 3600, 14 * 86400) - rng_range(r, 0, 36000), lo);
	if (fate == RETURNED || fate == ACCEPTED) {
		t->decided = t->submitted + rng_range(r, 3600, 3 * 86400);
		if (t->decided >= horizon)
			t->decided = t->submitted + (horizon - t->submitted) / 2;
	}
}

/* Writes the story of one municipality's report; 0, or -1 on a failure. */
static int
tell(struct store *st, struct rng *r, const json_t *campaign, const struct deadline *dl, int32_t off,
     int64_t horizon, const char *slug, const char *org, enum fate fate)
{
	struct report_rules rules;
	json_t *raw = NULL, *clean = NULL, *issues = NULL;
	int64_t version = 0, first = dl->period_start * 86400 - off;
	struct story t;
	int ret = -1;

	plot(r, dl, first, horizon, fate, &t);
	raw = make_report(r, campaign, dl, org, (int)rng_range(r, 2, 9),
			  min64(dl->period_end, civil_local_day(t.saved, off)));
	memset(&rules, 0, sizeof(rules));
	rules.mode = fate == DRAFT ? REPORT_DRAFT : REPORT_SUBMIT;
	rules.campaign = campaign;
	rules.today = civil_local_day(t.saved, off);
	if (report_validate(raw, &rules, &clean, &issues) < 0) {
		fprintf(stderr, "svodka: demo: generated report of %s does not validate: %s\n", org,
			json_string_value(json_object_get(json_array_get(issues, 0), "message")));
		goto out;
	}
	if (step(st, slug, org, clean, "draft", "save", NULL, t.saved, 0, 0, &version) < 0)
		goto out;
	if (fate != DRAFT && step(st, slug, org, NULL, "submitted", "submit", NULL, t.submitted, t.submitted,
				  deadline_is_late(dl->due, t.submitted), &version) < 0)
		goto out;
	if (fate == RETURNED && step(st, slug, org, NULL, "returned", "return",
				     pick(r, comments, N(comments)), t.decided, 0, 0, &version) < 0)
		goto out;
	if (fate == ACCEPTED &&
	    step(st, slug, org, NULL, "accepted", "accept", NULL, t.decided, 0, 0, &version) < 0)
		goto out;
	ret = 0;
out:
	json_decref(raw);
	json_decref(clean);
	json_decref(issues);
	return ret;
}

/*
 * The fate a municipality meets by the horizon: nothing before the
 * campaign has run two days; a report that will be late is still a draft
 * before the due instant (and for two hours after it).
 */
static enum fate
fate_by(enum fate planned, const struct deadline *dl, int64_t first, int64_t horizon)
{
	if (horizon < first + 2 * 86400)
		return MISSING;
	if (planned == LATE && horizon <= dl->due + 7200)
		return DRAFT;
	return planned;
}

static int
usage(const char *why, const char *arg)
{
	fprintf(stderr, "svodka: demo: %s%s (see svodka demo --help)\n", why, arg);
	return 2;
}

int
cli_demo(int argc, char **argv)
{
	static const struct option opts[] = {
		{"db", required_argument, NULL, 'd'},   {"campaign", required_argument, NULL, 'c'},
		{"seed", required_argument, NULL, 's'}, {"clock", required_argument, NULL, 'C'},
		{"help", no_argument, NULL, 'h'},       {NULL, 0, NULL, 0}};
	/* A third missing, the rest spread over the other fates, for 34 municipalities. */
	static const enum fate plan[] = {MISSING,  ON_TIME, DRAFT,    ACCEPTED, LATE,  MISSING, ON_TIME,
					 RETURNED, MISSING, ACCEPTED, ON_TIME,  DRAFT, MISSING, LATE};
	const char *db = getenv("SVODKA_DB"), *slug = "charter-2022", *clock = NULL, *what = "--clock ";
	json_t *campaign = NULL, *units = NULL, *u, *rep = NULL;
	struct store *st = NULL;
	struct deadline dl;
	struct rng r = {UINT64_C(0x9E3779B97F4A7C15)};
	int64_t seed = 1, horizon = 0, first;
	int32_t clock_off = 0;
	int counts[6] = {0}, off, c, ret = 1, skipped = 0;
	enum deadline_instant_rc irc;
	char as_of[32] = "";
	enum fate fate;
	char *end;
	size_t i, n = 0;

	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 'd': db = optarg; break;
		case 'c': slug = optarg; break;
		case 's':
			seed = strtoll(optarg, &end, 10);
			if (*end != '\0' || seed < 0)
				return usage("--seed takes a non-negative number, not ", optarg);
			break;
		case 'C': clock = optarg; break;
		case 'h':
			printf("usage: svodka demo --db FILE [--campaign SLUG] [--seed N] [--clock INSTANT]\n\n"
			       "Fills the campaign (default charter-2022) with plausible reports: drafts,\n"
			       "reports submitted on time and late, returned with comments, accepted, and\n"
			       "about a third of the municipalities missing. The same seed gives the same\n"
			       "data; municipalities that already have a report are left alone. For demos\n"
			       "and development only: a real deployment never runs it.\n"
			       "--clock INSTANT (SVODKA_CLOCK), e.g. 2022-03-05T12:00:00+10:00: the data as it\n"
			       "stands at INSTANT, for `svodka serve --clock` at the same instant: every step\n"
			       "before it, and before the due date nothing late (reports that will be late\n"
			       "are still drafts). Without it: the campaign a month after its due date.\n");
			return 0;
		default: return usage("unknown option ", argv[optind - 1]);
		}
	}
	if (db == NULL || *db == '\0')
		return usage("no database: give --db FILE or set SVODKA_DB", "");
	if (clock == NULL && getenv("SVODKA_CLOCK") && *getenv("SVODKA_CLOCK")) {
		clock = getenv("SVODKA_CLOCK");
		what = "SVODKA_CLOCK=";
	}
	if (clock && (irc = deadline_instant_parse(clock, &horizon, &clock_off)) != DEADLINE_INSTANT_OK) {
		fprintf(stderr, "svodka: demo: %s%s: %s (see svodka demo --help)\n", what, clock,
			deadline_instant_message(irc));
		return 2;
	}
	r.s ^= (uint64_t)seed * UINT64_C(0xBF58476D1CE4E5B9);
	if (r.s == 0)
		r.s = 1;
	if (store_open(db, &st) != STORE_OK) {
		fprintf(stderr, "svodka: demo: cannot open the database\n");
		return 1;
	}
	if (store_campaign_get(st, slug, &campaign) != STORE_OK) {
		fprintf(stderr, "svodka: demo: no campaign %s (run svodka init first)\n", slug);
		goto out;
	}
	if (deadline_from_campaign_zone(campaign, tz_offset, &dl, &off) < 0) {
		fprintf(stderr, "svodka: demo: campaign %s has no usable due date or time zone\n", slug);
		goto out;
	}
	first = dl.period_start * 86400 - off;
	if (clock == NULL)
		horizon = dl.due + 30 * 86400;
	else if (deadline_instant_format(horizon, clock_off, as_of, sizeof(as_of)) < 0)
		as_of[0] = '\0';
	if (store_org_unit_list(st, &units) != STORE_OK)
		goto out;
	if (store_begin(st, 1) != STORE_OK)
		goto out;
	json_array_foreach(units, i, u)
	{
		const char *org = json_string_value(json_object_get(u, "code"));

		if (json_string_value(json_object_get(u, "parent")) == NULL)
			continue;
		fate = fate_by(plan[(n + (size_t)seed) % N(plan)], &dl, first, horizon);
		n++;
		if (store_report_get(st, slug, org, &rep) == STORE_OK) {
			json_decref(rep);
			rep = NULL;
			skipped++;
			continue;
		}
		counts[fate]++;
		if (fate != MISSING && tell(st, &r, campaign, &dl, off, horizon, slug, org, fate) < 0) {
			store_rollback(st);
			goto out;
		}
	}
	if (store_commit(st) != STORE_OK)
		goto out;
	printf("demo: %s: %d missing, %d drafts, %d on time, %d late, %d returned, %d accepted", slug,
	       counts[MISSING], counts[DRAFT], counts[ON_TIME], counts[LATE], counts[RETURNED],
	       counts[ACCEPTED]);
	if (skipped)
		printf("; %d already had a report", skipped);
	if (as_of[0])
		printf("; as of %s (simulated clock)", as_of);
	printf("\n");
	ret = 0;
out:
	json_decref(campaign);
	json_decref(units);
	store_close(st);
	tz_release();
	return ret;
}
