/*
 * contest_protocol: the jury's protocol of a campaign's video contest, fed
 * to an export writer (XLSX: export_xlsx_new) as three sheets whose columns
 * follow the contest's criteria:
 *
 * - «Итоги»: per nomination, in the ranking's order, each entry's place,
 *   number, title, municipality, score (0–100, two places), the normalised
 *   mean of each criterion as a percentage of its maximum, how many jurors
 *   scored it, its first places, and a note: the tie-break step that put it
 *   below the entry above, or «не ранжирована (оценок меньше N)»;
 * - «Оценки»: one row per entry and juror with the raw score of every
 *   criterion, the juror's weighted total (100 × Σ weight × score / max ÷
 *   Σ weight, a criterion not given adding nothing, as contest_rank counts
 *   first places), the comment and when it was last changed (ДД.ММ.ГГГГ
 *   ЧЧ:ММ in the campaign's zone);
 * - «Критерии»: each criterion's maximum, weight and share of the weights,
 *   then the scoring and tie-break rules as the rules page prints them.
 *
 * An entry is named by its number, title, municipality and nomination only:
 * of the entry models nothing else is read, so no personal data (the sealed
 * blob, the video link, the description) can reach the file.
 */
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "domain/contest_score.h"
#include "export/export_int.h"
#include "util/jsonx.h"
#include "util/log.h"
#include "util/tz.h"
#include "util/utf8.h"
#include "util/xalloc.h"

#define CRITERIA_MAX 12 /* more than a contest block holds (10); the rest are left out */
#define RULE_LINE 88 /* characters of a rule's line on «Критерии» */
#define NO_NOMINATION "без номинации"

struct crit {
	const char *code, *title;
	json_int_t max, weight;
};

/* The items of a list with an integer id, sorted by id (the first of a repeated id kept). */
struct index {
	struct index_item {
		json_int_t id;
		size_t pos; /* in the list */
		const json_t *v;
	} * items;
	size_t n;
};

struct proto {
	struct export_writer *w;
	const json_t *contest;
	const json_t *entries, *jurors, *scores, *ranking;
	struct index entry_ix, rank_ix, juror_ix; /* entries by "id", ranking by "id", jurors by "user_id" */
	const char *zone;
	struct crit crits[CRITERIA_MAX];
	size_t nc;
	json_int_t weight_sum;
	json_int_t min_scores;
	struct export_column cols[EXPORT_COLUMNS_MAX];
	struct export_sheet sheet;
	char *owned[4 * CRITERIA_MAX]; /* the column titles and keys made for the criteria, two sheets */
	size_t nowned;
	struct export_value v[EXPORT_COLUMNS_MAX];
	struct buf tmp;
};

/* A malloc'd string, kept until the protocol is done (NULL when it would not fit 4 KiB). */
static const char *keepf(struct proto *p, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static const char *
keepf(struct proto *p, const char *fmt, ...)
{
	struct buf b;
	va_list ap;
	int r;

	if (p->nowned == sizeof(p->owned) / sizeof(p->owned[0]))
		abort();
	buf_init(&b, 4096);
	va_start(ap, fmt);
	r = buf_vaddf(&b, fmt, ap);
	va_end(ap);
	if (r < 0) {
		buf_release(&b);
		return NULL;
	}
	return p->owned[p->nowned++] = buf_detach(&b, NULL);
}

static int
int_of(const json_t *obj, const char *key, json_int_t *out)
{
	const json_t *v = json_object_get(obj, key);

	if (!json_is_integer(v))
		return -1;
	*out = json_integer_value(v);
	return 0;
}

/* The criteria the block names, as contest_rank reads them: a bad or repeated one is left out. */
static void
read_criteria(struct proto *p)
{
	const json_t *c;
	size_t i, k;

	json_array_foreach(json_object_get(p->contest, "criteria"), i, c)
	{
		struct crit cr = {.code = jx_get_str(c, "code"), .title = jx_get_str(c, "title")};

		if (p->nc == CRITERIA_MAX || cr.code == NULL || int_of(c, "max", &cr.max) < 0 ||
		    int_of(c, "weight", &cr.weight) < 0 || cr.max < 1 || cr.max > 100 || cr.weight < 1 ||
		    cr.weight > 100)
			continue;
		for (k = 0; k < p->nc && strcmp(p->crits[k].code, cr.code) != 0; k++)
			;
		if (k < p->nc)
			continue;
		if (cr.title == NULL || *cr.title == '\0')
			cr.title = cr.code;
		p->crits[p->nc++] = cr;
		p->weight_sum += cr.weight;
	}
}

static const char *
nomination_title(const struct proto *p, const char *code)
{
	const json_t *n;
	size_t i;

	if (code == NULL || *code == '\0')
		return NO_NOMINATION;
	json_array_foreach(json_object_get(p->contest, "nominations"), i, n)
	{
		const char *c = jx_get_str(n, "code"), *t = jx_get_str(n, "title");

		if (c && strcmp(c, code) == 0)
			return t && *t ? t : code;
	}
	return code;
}

static int
item_cmp(const void *a, const void *b)
{
	const struct index_item *x = a, *y = b;

	if (x->id != y->id)
		return x->id < y->id ? -1 : 1;
	return (x->pos > y->pos) - (x->pos < y->pos);
}

static void
index_init(struct index *ix, const json_t *list, const char *key)
{
	const json_t *v;
	size_t i, n = 0;

	ix->items = xcalloc(json_array_size(list) + 1, sizeof(*ix->items));
	json_array_foreach(list, i, v)
	{
		if (int_of(v, key, &ix->items[n].id) == 0) {
			ix->items[n].pos = i;
			ix->items[n++].v = v;
		}
	}
	qsort(ix->items, n, sizeof(*ix->items), item_cmp);
	ix->n = 0;
	for (i = 0; i < n; i++)
		if (ix->n == 0 || ix->items[ix->n - 1].id != ix->items[i].id)
			ix->items[ix->n++] = ix->items[i];
}

static void
index_release(struct index *ix)
{
	free(ix->items);
}

static const struct index_item *
index_find(const struct index *ix, json_int_t id)
{
	size_t lo = 0, hi = ix->n, mid;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (ix->items[mid].id < id)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < ix->n && ix->items[lo].id == id ? &ix->items[lo] : NULL;
}

static const json_t *
entry_of(const struct proto *p, json_int_t id)
{
	const struct index_item *it = index_find(&p->entry_ix, id);

	return it ? it->v : NULL;
}

static struct export_value
text(const char *s, const char *code)
{
	return (struct export_value){.type = s && *s ? EXPORT_TEXT : EXPORT_NULL, .text = s, .code = code};
}

static struct export_value
integer(json_int_t n)
{
	return (struct export_value){.type = EXPORT_INT, .num = n};
}

/* A real member scaled by `scale` to hundredths; NULL when it is not a number. */
static struct export_value
decimal(const json_t *v, double scale)
{
	double x = json_number_value(v);

	if (!json_is_number(v) || !isfinite(x) || fabs(x * scale) > 1e15)
		return (struct export_value){.type = EXPORT_NULL};
	return (struct export_value){.type = EXPORT_DECIMAL, .num = (int64_t)llround(x * scale)};
}

static void
column(struct proto *p, size_t i, const char *key, const char *code_key, const char *title,
       enum export_type type, unsigned width_max)
{
	p->cols[i] = (struct export_column){key, code_key, title, type, NULL, NULL, width_max};
}

static int
sheet_begin(struct proto *p, const char *code, const char *title, size_t ncolumns)
{
	p->sheet = (struct export_sheet){EXPORT_SHEET__MAX, code, code, title, p->cols, ncolumns};
	return export_sheet_begin_model(p->w, &p->sheet);
}

/* Every value of the row empty. */
static void
clear(struct proto *p)
{
	size_t i;

	for (i = 0; i < EXPORT_COLUMNS_MAX; i++)
		p->v[i] = (struct export_value){.type = EXPORT_NULL};
}

/* The note of a ranked entry placed below the one above by a tie-break step; NULL for none. */
static const char *
tie_note(struct proto *p, const char *step, json_int_t above)
{
	const char *what = NULL;
	size_t k;
	int r;

	if (step == NULL)
		return NULL;
	if (strncmp(step, "criterion:", 10) == 0) {
		for (k = 0; k < p->nc && strcmp(p->crits[k].code, step + 10) != 0; k++)
			;
		buf_reset(&p->tmp);
		r = buf_addf(&p->tmp, "Равный балл с № %lld: ниже средний балл по критерию «%s»",
			     (long long)above, k < p->nc ? p->crits[k].title : step + 10);
		return r < 0 ? NULL : p->tmp.data;
	}
	if (strcmp(step, "first_places") == 0)
		what = "меньше первых мест у членов жюри";
	else if (strcmp(step, "submitted_at") == 0)
		what = "подана позже";
	else if (strcmp(step, "id") == 0)
		what = "больший номер заявки";
	buf_reset(&p->tmp);
	r = buf_addf(&p->tmp, "Равный балл и средние по критериям с № %lld: %s", (long long)above,
		     what ? what : step);
	return r < 0 ? NULL : p->tmp.data;
}

/* «Итоги». */
static int
sheet_results(struct proto *p)
{
	const size_t nfixed = 6, n = nfixed + p->nc + 3;
	char unranked[96];
	const char *prev_nom = NULL;
	json_int_t id, rank, prev_id = 0, count;
	int have_prev = 0;
	const json_t *r;
	size_t i, k;

	column(p, 0, "nomination_title", "nomination", "Номинация", EXPORT_TEXT, 40);
	column(p, 1, "rank", NULL, "Место", EXPORT_INT, 8);
	column(p, 2, "id", NULL, "№ заявки", EXPORT_INT, 10);
	column(p, 3, "title", NULL, "Название работы", EXPORT_TEXT, 60);
	column(p, 4, "org_unit_name", "org_unit", "Муниципальное образование", EXPORT_TEXT, 45);
	column(p, 5, "score", NULL, "Итоговый балл (0–100)", EXPORT_DECIMAL, 14);
	for (k = 0; k < p->nc; k++) {
		const char *key = keepf(p, "criterion_%s", p->crits[k].code);
		const char *title = keepf(p, "«%s», %% от максимума", p->crits[k].title);

		column(p, nfixed + k, key ? key : "criterion", NULL, title ? title : p->crits[k].code,
		       EXPORT_DECIMAL, 18);
	}
	column(p, nfixed + p->nc, "jurors", NULL, "Оценок жюри", EXPORT_INT, 10);
	column(p, nfixed + p->nc + 1, "first_places", NULL, "Первых мест", EXPORT_INT, 10);
	column(p, nfixed + p->nc + 2, "note", NULL, "Примечание", EXPORT_TEXT, 80);
	if (sheet_begin(p, "results", "Итоги", n) < 0)
		return -1;
	k = (size_t)snprintf(unranked, sizeof(unranked), "не ранжирована (оценок меньше %lld)",
			     (long long)p->min_scores);
	if (k >= sizeof(unranked))
		abort(); /* 96 bytes hold any count */
	json_array_foreach(p->ranking, i, r)
	{
		const char *nom = jx_get_str(r, "nomination");
		const json_t *e, *crit = json_object_get(r, "criteria");
		int ranked = json_is_true(json_object_get(r, "ranked"));

		if (int_of(r, "id", &id) < 0)
			continue;
		e = entry_of(p, id);
		if (i == 0 || (nom == NULL) != (prev_nom == NULL) || (nom && strcmp(nom, prev_nom) != 0))
			have_prev = 0;
		prev_nom = nom;
		clear(p);
		p->v[0] = text(nomination_title(p, nom), nom);
		if (ranked && int_of(r, "rank", &rank) == 0)
			p->v[1] = integer(rank);
		p->v[2] = integer(id);
		p->v[3] = text(jx_get_str(e, "title"), NULL);
		p->v[4] = text(jx_get_str(e, "org_unit_name"), jx_get_str(e, "org_unit"));
		p->v[5] = decimal(json_object_get(r, "score"), 100.0);
		for (k = 0; k < p->nc; k++)
			p->v[nfixed + k] = decimal(json_object_get(crit, p->crits[k].code), 10000.0);
		p->v[nfixed + p->nc] = integer(int_of(r, "jurors", &count) == 0 ? count : 0);
		p->v[nfixed + p->nc + 1] = integer(int_of(r, "first_places", &count) == 0 ? count : 0);
		if (!ranked)
			p->v[nfixed + p->nc + 2] = text(unranked, NULL);
		else if (have_prev)
			p->v[nfixed + p->nc + 2] =
				text(tie_note(p, jx_get_str(r, "tie_break"), prev_id), NULL);
		if (ranked) {
			prev_id = id;
			have_prev = 1;
		}
		if (export_row(p->w, p->v, 0) < 0)
			return -1;
	}
	return export_sheet_end(p->w);
}

struct score_ref {
	const json_t *s;
	size_t entry_pos; /* the entry's place in the ranking (SIZE_MAX: not there) */
	size_t juror_pos; /* the juror's place in the jurors list (SIZE_MAX: not there) */
	json_int_t entry, juror;
};

static int
score_ref_cmp(const void *a, const void *b)
{
	const struct score_ref *x = a, *y = b;

	if (x->entry_pos != y->entry_pos)
		return x->entry_pos < y->entry_pos ? -1 : 1;
	if (x->entry != y->entry)
		return x->entry < y->entry ? -1 : 1;
	if (x->juror_pos != y->juror_pos)
		return x->juror_pos < y->juror_pos ? -1 : 1;
	return (x->juror > y->juror) - (x->juror < y->juror);
}

static const char *
juror_name(struct proto *p, const struct score_ref *s)
{
	const char *name = jx_get_str(s->s, "juror_name");
	const json_t *j;

	if (name && *name)
		return name;
	j = s->juror_pos != SIZE_MAX ? json_array_get(p->jurors, s->juror_pos) : NULL;
	if ((name = jx_get_str(j, "name")) && *name)
		return name;
	buf_reset(&p->tmp);
	return buf_addf(&p->tmp, "член жюри № %lld", (long long)s->juror) < 0 ? NULL : p->tmp.data;
}

/* One row of «Оценки». */
static int
score_row(struct proto *p, const struct score_ref *s, const size_t nfixed)
{
	const json_t *e = entry_of(p, s->entry), *values = json_object_get(s->s, "values");
	const char *nom = jx_get_str(e, "nomination");
	json_int_t v, at;
	double total = 0.0;
	int given = 0, off;
	size_t k;

	clear(p);
	p->v[0] = integer(s->entry);
	p->v[1] = text(jx_get_str(e, "title"), NULL);
	if (e != NULL)
		p->v[2] = text(nomination_title(p, nom), nom);
	p->v[3] = text(juror_name(p, s), NULL);
	for (k = 0; k < p->nc; k++) {
		if (int_of(values, p->crits[k].code, &v) < 0)
			continue;
		p->v[nfixed + k] = integer(v);
		if (v >= 0 && v <= p->crits[k].max) {
			total += (double)p->crits[k].weight * (double)v / (double)p->crits[k].max;
			given = 1;
		}
	}
	if (given && p->weight_sum > 0)
		p->v[nfixed + p->nc] = (struct export_value){
			.type = EXPORT_DECIMAL,
			.num = (int64_t)llround(total * 10000.0 / (double)p->weight_sum)};
	p->v[nfixed + p->nc + 1] = text(jx_get_str(s->s, "comment"), NULL);
	if (int_of(s->s, "updated_at", &at) == 0 && at > 0)
		p->v[nfixed + p->nc + 2] = (struct export_value){
			.type = EXPORT_DATETIME,
			.num = at,
			.offset = p->zone && tz_offset(p->zone, at, &off) == 0 ? off : 0};
	return export_row(p->w, p->v, 0);
}

/* «Оценки»: the scores in the ranking's order of entries, each entry's in the order of the jurors list. */
static int
sheet_scores(struct proto *p)
{
	const size_t nfixed = 4, n = nfixed + p->nc + 3;
	size_t i, k, ns = 0;
	const struct index_item *it;
	struct score_ref *refs;
	const json_t *s;
	int rc = 0;

	column(p, 0, "entry", NULL, "№ заявки", EXPORT_INT, 10);
	column(p, 1, "title", NULL, "Название работы", EXPORT_TEXT, 60);
	column(p, 2, "nomination_title", "nomination", "Номинация", EXPORT_TEXT, 40);
	column(p, 3, "juror_name", NULL, "Член жюри", EXPORT_TEXT, 40);
	for (k = 0; k < p->nc; k++) {
		const char *key = keepf(p, "value_%s", p->crits[k].code);
		const char *title = keepf(p, "«%s» (0–%lld)", p->crits[k].title, (long long)p->crits[k].max);

		column(p, nfixed + k, key ? key : "value", NULL, title ? title : p->crits[k].code, EXPORT_INT,
		       18);
	}
	column(p, nfixed + p->nc, "total", NULL, "Итог члена жюри (0–100)", EXPORT_DECIMAL, 14);
	column(p, nfixed + p->nc + 1, "comment", NULL, "Комментарий", EXPORT_TEXT, 80);
	column(p, nfixed + p->nc + 2, "updated_at", NULL, "Оценка изменена", EXPORT_DATETIME, 18);
	if (sheet_begin(p, "scores", "Оценки", n) < 0)
		return -1;
	refs = xcalloc(json_array_size(p->scores) + 1, sizeof(*refs));
	json_array_foreach(p->scores, i, s)
	{
		struct score_ref *r = &refs[ns];

		if (int_of(s, "entry", &r->entry) < 0 || int_of(s, "juror", &r->juror) < 0)
			continue;
		r->s = s;
		r->entry_pos = (it = index_find(&p->rank_ix, r->entry)) ? it->pos : SIZE_MAX;
		r->juror_pos = (it = index_find(&p->juror_ix, r->juror)) ? it->pos : SIZE_MAX;
		ns++;
	}
	qsort(refs, ns, sizeof(*refs), score_ref_cmp);
	for (i = 0; i < ns && rc == 0; i++)
		rc = score_row(p, &refs[i], nfixed);
	free(refs);
	return rc < 0 ? -1 : export_sheet_end(p->w);
}

/*
 * A rule on «Критерии»: the label beside its first line, the text cut at
 * spaces into lines of at most RULE_LINE characters (a longer word stays
 * whole), a row each.
 */
static int
rule(struct proto *p, const char *label, const char *s)
{
	const char *line = s, *end, *cut, *q;
	char *copy;
	int rc = 0;

	while (*line == ' ')
		line++;
	while (*line && rc == 0) {
		cut = NULL;
		for (q = line; *q; q = end) {
			for (end = q; *end == ' '; end++)
				;
			for (; *end && *end != ' '; end++)
				;
			if (cut && utf8_length(line, (size_t)(end - line)) > RULE_LINE)
				break;
			cut = end;
		}
		copy = xstrndup(line, (size_t)(cut - line));
		clear(p);
		p->v[1] = text(label, NULL);
		p->v[2] = text(copy, NULL);
		rc = export_row(p->w, p->v, 0);
		free(copy);
		label = NULL;
		for (line = cut; *line == ' '; line++)
			;
	}
	return rc;
}

/* «Критерии». */
static int
sheet_criteria(struct proto *p)
{
	const json_t *z = json_object_get(p->contest, "z_normalize");
	size_t k;

	column(p, 0, "position", NULL, "№", EXPORT_INT, 6);
	column(p, 1, "code", NULL, "Код", EXPORT_TEXT, 18);
	column(p, 2, "title", NULL, "Критерий", EXPORT_TEXT, 60);
	column(p, 3, "max", NULL, "Максимум баллов", EXPORT_INT, 12);
	column(p, 4, "weight", NULL, "Вес", EXPORT_INT, 8);
	column(p, 5, "weight_share", NULL, "Доля веса, %", EXPORT_DECIMAL, 10);
	if (sheet_begin(p, "criteria", "Критерии", 6) < 0)
		return -1;
	for (k = 0; k < p->nc; k++) {
		clear(p);
		p->v[0] = integer((json_int_t)k + 1);
		p->v[1] = text(p->crits[k].code, NULL);
		p->v[2] = text(p->crits[k].title, NULL);
		p->v[3] = integer(p->crits[k].max);
		p->v[4] = integer(p->crits[k].weight);
		p->v[5] = (struct export_value){.type = EXPORT_DECIMAL,
						.num = (int64_t)llround(10000.0 * (double)p->crits[k].weight /
									(double)p->weight_sum)};
		if (export_row(p->w, p->v, 0) < 0)
			return -1;
	}
	clear(p);
	buf_reset(&p->tmp);
	if (export_row(p->w, p->v, 0) < 0 ||
	    rule(p, "Подсчёт баллов", contest_scoring_text(json_is_true(z))) < 0 ||
	    rule(p, "Равенство баллов", contest_tiebreak_text()) < 0)
		return -1;
	if (buf_addf(
		    &p->tmp,
		    "Работа ранжируется, если её оценили не меньше %lld членов жюри; иначе она указывается в "
		    "«Итогах» как не ранжированная.",
		    (long long)p->min_scores) < 0)
		return -1;
	if (rule(p, "Минимум оценок", p->tmp.data) < 0)
		return -1;
	return export_sheet_end(p->w);
}

int
export_contest_protocol(const json_t *campaign, const json_t *entries, const json_t *jurors,
			const json_t *scores, const json_t *ranking, int64_t now, struct export_writer *w)
{
	struct proto p = {.w = w, .entries = entries, .jurors = jurors, .scores = scores, .ranking = ranking};
	const char *title, *ctitle;
	char *head = NULL, *note = NULL;
	struct export_meta m = {0};
	struct buf b;
	size_t i;
	int off, ret = -1;

	p.contest = json_object_get(campaign, "contest");
	p.zone = jx_get_str(campaign, "time_zone");
	if (int_of(p.contest, "min_scores", &p.min_scores) < 0 || p.min_scores < 0)
		p.min_scores = 1;
	buf_init(&p.tmp, 4096);
	read_criteria(&p);
	index_init(&p.entry_ix, entries, "id");
	index_init(&p.rank_ix, ranking, "id");
	index_init(&p.juror_ix, jurors, "user_id");
	title = jx_get_str(campaign, "title");
	ctitle = jx_get_str(p.contest, "title");
	buf_init(&b, 4096);
	if (buf_addf(&b, "Протокол жюри: %s", ctitle && *ctitle ? ctitle : title ? title : "конкурс") < 0)
		buf_reset(&b);
	head = buf_detach(&b, NULL);
	if (buf_addf(&b, "Ранжируются работы, у которых не меньше %lld оценок членов жюри; %s",
		     (long long)p.min_scores,
		     json_is_true(json_object_get(p.contest, "z_normalize"))
			     ? "оценки каждого члена жюри z-нормализуются"
			     : "без z-нормализации оценок") < 0)
		buf_reset(&b);
	note = buf_detach(&b, NULL);
	m.slug = jx_get_str(campaign, "slug") ? jx_get_str(campaign, "slug") : "";
	m.title = head;
	m.time_zone = p.zone ? p.zone : "UTC";
	m.exported_at = now;
	m.offset = p.zone && tz_offset(p.zone, now, &off) == 0 ? off : 0;
	m.filter_text = note;
	m.subject = "Протокол жюри";
	if (export_begin(w, &m) < 0 || sheet_results(&p) < 0 || sheet_scores(&p) < 0 ||
	    sheet_criteria(&p) < 0 || export_finish(w) < 0)
		goto out;
	ret = 0;
out:
	if (ret < 0)
		log_warnx("%s: the protocol of %s is incomplete", __func__, m.slug);
	for (i = 0; i < p.nowned; i++)
		free(p.owned[i]);
	buf_release(&p.tmp);
	index_release(&p.entry_ix);
	index_release(&p.rank_ix);
	index_release(&p.juror_ix);
	free(head);
	free(note);
	return ret;
}
