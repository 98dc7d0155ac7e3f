/*
 * contest_score: the jury's scores made into a ranking (contest_score.h
 * states the rule). The work goes in passes over flat arrays: the criteria,
 * the entries (sorted by id for lookup), the jurors, the scores (one per
 * entry and juror, the last sent counting); then the adjusted values (raw,
 * or z-normalised), the per-entry means, each juror's first places per
 * nomination, and one sort by nomination and the tie-break chain.
 */
#include "domain/contest_score.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "util/jsonx.h"
#include "util/xalloc.h"

struct crit {
	const char *code;
	double max; /* 1..100 */
	double weight; /* 1..100 */
};

struct entry {
	json_int_t id;
	const char *nomination; /* NULL: none */
	int has_submitted; /* 0: unknown, after every known one */
	json_int_t submitted_at; /* Unix seconds, as the store's entry model has it */
	double *mean; /* per criterion: mean over the jurors of value / max, 0..1 */
	double score; /* 0..100, unrounded */
	int jurors; /* scores with at least one valid value */
	int first_places;
	int ranked;
};

struct score {
	size_t entry; /* index into entries */
	size_t juror; /* index into jurors */
	size_t seq; /* position in the input, so the last of duplicates counts */
	int *raw; /* per criterion: 0..max, or -1 when not given */
	double *adj; /* per criterion: the value the mean uses */
};

struct ctx {
	struct crit *crits;
	size_t nc;
	double weight_sum;
	struct entry *ents;
	size_t ne;
	const json_t **jurors;
	size_t nj;
	struct score *scores;
	size_t ns;
	const json_t *nominations; /* the contest block's list, or NULL */
};

/* Scores and means compare at this resolution, so rounding noise never decides a place. */
static double
key9(double x)
{
	return round(x * 1e9);
}

static json_t *
real(double v)
{
	json_t *j = json_real(v);

	if (j == NULL)
		abort();
	return j;
}

static int
int_member(const json_t *obj, const char *key, json_int_t lo, json_int_t hi, json_int_t dflt, json_int_t *out)
{
	const json_t *v = json_object_get(obj, key);

	if (v == NULL) {
		*out = dflt;
		return 0;
	}
	if (!json_is_integer(v) || json_integer_value(v) < lo || json_integer_value(v) > hi)
		return -1;
	*out = json_integer_value(v);
	return 0;
}

/* The criteria the block names; one without a code, or with max or weight outside 1..100, is left out. */
static void
read_criteria(struct ctx *x, const json_t *contest)
{
	const json_t *list = json_object_get(contest, "criteria"), *c;
	size_t i;

	x->crits = xcalloc(json_array_size(list) + 1, sizeof(*x->crits));
	json_array_foreach(list, i, c)
	{
		const char *code = jx_get_str(c, "code");
		json_int_t max, weight;
		size_t k;

		if (code == NULL || int_member(c, "max", 1, 100, 0, &max) < 0 ||
		    int_member(c, "weight", 1, 100, 0, &weight) < 0 || max == 0 || weight == 0)
			continue;
		for (k = 0; k < x->nc && strcmp(x->crits[k].code, code) != 0; k++)
			;
		if (k < x->nc)
			continue; /* a repeated code: the first counts */
		x->crits[x->nc].code = code;
		x->crits[x->nc].max = (double)max;
		x->crits[x->nc].weight = (double)weight;
		x->weight_sum += (double)weight;
		x->nc++;
	}
}

static int
entry_id_cmp(const void *a, const void *b)
{
	const struct entry *p = a, *q = b;

	return (p->id > q->id) - (p->id < q->id);
}

/* The entries, sorted by id; one without an integer id, or with an id seen before, is left out. */
static void
read_entries(struct ctx *x, const json_t *entries)
{
	const json_t *e;
	size_t i, n = 0;

	x->ents = xcalloc(json_array_size(entries) + 1, sizeof(*x->ents));
	json_array_foreach(entries, i, e)
	{
		const json_t *id = json_object_get(e, "id");

		if (!json_is_integer(id))
			continue;
		x->ents[n].id = json_integer_value(id);
		x->ents[n].nomination = jx_get_str(e, "nomination");
		if (json_is_integer(json_object_get(e, "submitted_at"))) {
			x->ents[n].has_submitted = 1;
			x->ents[n].submitted_at = json_integer_value(json_object_get(e, "submitted_at"));
		}
		n++;
	}
	qsort(x->ents, n, sizeof(*x->ents), entry_id_cmp);
	for (i = 0; i < n; i++) {
		if (x->ne > 0 && x->ents[x->ne - 1].id == x->ents[i].id)
			continue;
		x->ents[x->ne++] = x->ents[i];
	}
	for (i = 0; i < x->ne; i++)
		x->ents[i].mean = xcalloc(x->nc + 1, sizeof(double));
}

static struct entry *
entry_find(struct ctx *x, json_int_t id)
{
	struct entry key = {.id = id};

	return bsearch(&key, x->ents, x->ne, sizeof(*x->ents), entry_id_cmp);
}

/* The juror's index, added when new; a juror is an integer or a string id. */
static size_t
juror_index(struct ctx *x, const json_t *juror)
{
	size_t i;

	for (i = 0; i < x->nj; i++) {
		if (json_equal(x->jurors[i], juror))
			return i;
	}
	x->jurors[x->nj] = juror;
	return x->nj++;
}

static int
score_cmp(const void *a, const void *b)
{
	const struct score *p = a, *q = b;

	if (p->entry != q->entry)
		return p->entry < q->entry ? -1 : 1;
	if (p->juror != q->juror)
		return p->juror < q->juror ? -1 : 1;
	return (p->seq > q->seq) - (p->seq < q->seq);
}

/*
 * The scores, one per entry and juror (the last sent counts). Left out: a
 * score for an unknown entry, without a juror, without values, or with no
 * value that is an integer in 0..max of a known criterion.
 */
static void
read_scores(struct ctx *x, const json_t *scores)
{
	const json_t *s;
	size_t i, n = 0;

	x->scores = xcalloc(json_array_size(scores) + 1, sizeof(*x->scores));
	x->jurors = xcalloc(json_array_size(scores) + 1, sizeof(*x->jurors));
	json_array_foreach(scores, i, s)
	{
		const json_t *entry = json_object_get(s, "entry"), *juror = json_object_get(s, "juror");
		const json_t *values = json_object_get(s, "values");
		struct entry *e;
		int *raw, given = 0;
		size_t c;

		if (!json_is_integer(entry) || (e = entry_find(x, json_integer_value(entry))) == NULL)
			continue;
		if (!(json_is_integer(juror) || json_is_string(juror)) || !json_is_object(values))
			continue;
		raw = xcalloc(x->nc + 1, sizeof(*raw));
		for (c = 0; c < x->nc; c++) {
			const json_t *v = json_object_get(values, x->crits[c].code);

			raw[c] = -1;
			if (json_is_integer(v) && json_integer_value(v) >= 0 &&
			    (double)json_integer_value(v) <= x->crits[c].max) {
				raw[c] = (int)json_integer_value(v);
				given = 1;
			}
		}
		if (!given) {
			free(raw);
			continue;
		}
		x->scores[n].entry = (size_t)(e - x->ents);
		x->scores[n].juror = juror_index(x, juror);
		x->scores[n].seq = i;
		x->scores[n].raw = raw;
		n++;
	}
	qsort(x->scores, n, sizeof(*x->scores), score_cmp);
	for (i = 0; i < n; i++) {
		if (i + 1 < n && x->scores[i + 1].entry == x->scores[i].entry &&
		    x->scores[i + 1].juror == x->scores[i].juror) {
			free(x->scores[i].raw); /* a later score of the same juror replaces it */
			continue;
		}
		x->scores[x->ns++] = x->scores[i];
	}
	for (i = 0; i < x->ns; i++)
		x->scores[i].adj = xcalloc(x->nc + 1, sizeof(double));
}

/* Count, sum and sum of squares of integer values: exact, so a zero spread is found exactly. */
struct moments {
	long long n, sum, sumsq;
};

static void
moments_add(struct moments *m, int v)
{
	m->n++;
	m->sum += v;
	m->sumsq += (long long)v * v;
}

static double
moments_mean(const struct moments *m)
{
	return (double)m->sum / (double)m->n;
}

/* The population standard deviation; 0 when the values are all equal. */
static double
moments_sd(const struct moments *m)
{
	long long num = m->n * m->sumsq - m->sum * m->sum;

	return num <= 0 ? 0.0 : sqrt((double)num) / (double)m->n;
}

/*
 * The values the means use: the raw ones, or with z, each juror's value on
 * a criterion standardised over that juror's values on it and put back on
 * the pooled scale of all jurors' values on it, clamped to 0..max; a juror
 * with one value or equal values on a criterion keeps them as they are.
 */
static void
adjust(struct ctx *x, int z)
{
	struct moments *pooled = NULL, *own = NULL;
	size_t i, c;

	if (z) {
		pooled = xcalloc(x->nc + 1, sizeof(*pooled));
		own = xcalloc((x->nj + 1) * (x->nc + 1), sizeof(*own));
		for (i = 0; i < x->ns; i++) {
			for (c = 0; c < x->nc; c++) {
				if (x->scores[i].raw[c] < 0)
					continue;
				moments_add(&pooled[c], x->scores[i].raw[c]);
				moments_add(&own[x->scores[i].juror * x->nc + c], x->scores[i].raw[c]);
			}
		}
	}
	for (i = 0; i < x->ns; i++) {
		struct score *s = &x->scores[i];

		for (c = 0; c < x->nc; c++) {
			const struct moments *m;
			double sd, v;

			if (s->raw[c] < 0)
				continue;
			s->adj[c] = (double)s->raw[c];
			if (!z)
				continue;
			m = &own[s->juror * x->nc + c];
			if (m->n < 2 || (sd = moments_sd(m)) == 0.0)
				continue;
			v = moments_mean(&pooled[c]) +
			    ((double)s->raw[c] - moments_mean(m)) / sd * moments_sd(&pooled[c]);
			s->adj[c] = v < 0.0 ? 0.0 : v > x->crits[c].max ? x->crits[c].max : v;
		}
	}
	free(pooled);
	free(own);
}

/* Each entry's per-criterion means, its score and how many jurors scored it. */
static void
aggregate(struct ctx *x, json_int_t min_scores)
{
	long long *given = xcalloc(x->nc + 1, sizeof(*given));
	size_t i = 0, j, c;

	while (i < x->ns) {
		struct entry *e = &x->ents[x->scores[i].entry];
		double sum;

		memset(given, 0, (x->nc + 1) * sizeof(*given));
		for (j = i; j < x->ns && x->scores[j].entry == x->scores[i].entry; j++) {
			for (c = 0; c < x->nc; c++) {
				if (x->scores[j].raw[c] < 0)
					continue;
				e->mean[c] += x->scores[j].adj[c] / x->crits[c].max;
				given[c]++;
			}
			e->jurors++;
		}
		sum = 0.0;
		for (c = 0; c < x->nc; c++) {
			if (given[c] > 0)
				e->mean[c] /= (double)given[c];
			sum += x->crits[c].weight * e->mean[c];
		}
		e->score = x->weight_sum > 0.0 ? 100.0 * sum / x->weight_sum : 0.0;
		i = j;
	}
	for (i = 0; i < x->ne; i++)
		x->ents[i].ranked = x->ents[i].jurors > 0 && x->ents[i].jurors >= min_scores;
	free(given);
}

/* A juror's weighted total of raw values on an entry (a criterion not given adds nothing). */
static double
juror_total(const struct ctx *x, const struct score *s)
{
	double t = 0.0;
	size_t c;

	for (c = 0; c < x->nc; c++) {
		if (s->raw[c] >= 0)
			t += x->crits[c].weight * (double)s->raw[c] / x->crits[c].max;
	}
	return t;
}

/* Strings with NULL after every string. */
static int
cmp_null_last(const char *a, const char *b)
{
	if (a == NULL || b == NULL)
		return (a == NULL) - (b == NULL);
	return strcmp(a, b);
}

/* A score as the first places see it: qsort has no context argument, so the item carries its keys. */
struct fp_item {
	size_t juror;
	const char *nomination;
	size_t entry;
	double total; /* the juror's weighted total, at the comparison resolution */
};

static int
fp_cmp(const void *pa, const void *pb)
{
	const struct fp_item *a = pa, *b = pb;

	if (a->juror != b->juror)
		return a->juror < b->juror ? -1 : 1;
	return cmp_null_last(a->nomination, b->nomination);
}

/*
 * First places: for each juror and nomination, every entry the juror scored
 * there with the juror's highest total gets one.
 */
static void
first_places(struct ctx *x)
{
	struct fp_item *it = xcalloc(x->ns + 1, sizeof(*it));
	size_t i, j, k;

	for (i = 0; i < x->ns; i++) {
		it[i].juror = x->scores[i].juror;
		it[i].entry = x->scores[i].entry;
		it[i].nomination = x->ents[it[i].entry].nomination;
		it[i].total = key9(juror_total(x, &x->scores[i]));
	}
	qsort(it, x->ns, sizeof(*it), fp_cmp);
	for (i = 0; i < x->ns; i = j) {
		double best = it[i].total;

		for (j = i; j < x->ns && fp_cmp(&it[i], &it[j]) == 0; j++) {
			if (it[j].total > best)
				best = it[j].total;
		}
		for (k = i; k < j; k++) {
			if (it[k].total == best)
				x->ents[it[k].entry].first_places++;
		}
	}
	free(it);
}

/* The place of a nomination code in the block's list; unknown codes after, null last. */
static size_t
nomination_pos(const json_t *nominations, const char *code)
{
	const json_t *n;
	size_t i;

	if (code == NULL)
		return (size_t)-1;
	json_array_foreach(nominations, i, n)
	{
		const char *c = jx_get_str(n, "code");

		if (c != NULL && strcmp(c, code) == 0)
			return i;
	}
	return json_array_size(nominations);
}

/* What the final sort orders: qsort has no context argument, so each item carries it. */
struct sort_item {
	const struct ctx *x;
	const struct entry *e;
	size_t nom_pos;
};

enum step { STEP_SCORE, STEP_CRITERION, STEP_FIRST_PLACES, STEP_SUBMITTED, STEP_ID, STEP_NONE };

/*
 * Compares two ranked entries of one nomination by the tie-break chain:
 * < 0 when a goes first. *step names the step that decided, *crit the
 * criterion when it was one.
 */
static int
rank_cmp(const struct ctx *x, const struct entry *a, const struct entry *b, enum step *step, size_t *crit)
{
	double ka = key9(a->score), kb = key9(b->score);
	size_t c;

	*step = STEP_SCORE;
	if (ka != kb)
		return ka > kb ? -1 : 1;
	*step = STEP_CRITERION;
	for (c = 0; c < x->nc; c++) {
		ka = key9(a->mean[c]);
		kb = key9(b->mean[c]);
		if (ka != kb) {
			*crit = c;
			return ka > kb ? -1 : 1;
		}
	}
	*step = STEP_FIRST_PLACES;
	if (a->first_places != b->first_places)
		return a->first_places > b->first_places ? -1 : 1;
	*step = STEP_SUBMITTED;
	if (a->has_submitted != b->has_submitted)
		return a->has_submitted ? -1 : 1;
	if (a->has_submitted && a->submitted_at != b->submitted_at)
		return a->submitted_at < b->submitted_at ? -1 : 1;
	*step = STEP_ID;
	if (a->id != b->id)
		return a->id < b->id ? -1 : 1;
	*step = STEP_NONE;
	return 0;
}

static int
item_cmp(const void *pa, const void *pb)
{
	const struct sort_item *a = pa, *b = pb;
	enum step step;
	size_t crit;
	int r;

	if (a->nom_pos != b->nom_pos)
		return a->nom_pos < b->nom_pos ? -1 : 1;
	if (a->nom_pos == json_array_size(a->x->nominations) &&
	    (r = strcmp(a->e->nomination, b->e->nomination)) != 0)
		return r; /* codes the block does not list, by code */
	if (a->e->ranked != b->e->ranked)
		return a->e->ranked ? -1 : 1;
	if (!a->e->ranked)
		return (a->e->id > b->e->id) - (a->e->id < b->e->id);
	return rank_cmp(a->x, a->e, b->e, &step, &crit);
}

static json_t *
entry_json(const struct ctx *x, const struct entry *e, json_int_t rank, json_t *tie_break)
{
	json_t *o = jx_obj(), *crit = jx_obj();
	size_t c;

	for (c = 0; c < x->nc; c++)
		jx_set(crit, x->crits[c].code, real(e->mean[c]));
	jx_set(o, "id", jx_int(e->id));
	jx_set(o, "nomination", jx_str_or_null(e->nomination));
	jx_set(o, "score", real(round(e->score * 100.0) / 100.0));
	jx_set(o, "criteria", crit);
	jx_set(o, "jurors", jx_int(e->jurors));
	jx_set(o, "first_places", jx_int(e->first_places));
	jx_set(o, "ranked", jx_bool(e->ranked));
	jx_set(o, "rank", e->ranked ? jx_int(rank) : json_null());
	jx_set(o, "tie_break", tie_break);
	return o;
}

/* The tie-break value of an entry against the one ranked just above it. */
static json_t *
tie_break(const struct ctx *x, const struct entry *above, const struct entry *e)
{
	enum step step;
	size_t crit = 0;
	char *s;
	json_t *j;

	(void)rank_cmp(x, above, e, &step, &crit);
	switch (step) {
	case STEP_SCORE:
	case STEP_NONE: return json_null();
	case STEP_CRITERION:
		s = xmalloc(strlen("criterion:") + strlen(x->crits[crit].code) + 1);
		memcpy(s, "criterion:", strlen("criterion:"));
		memcpy(s + strlen("criterion:"), x->crits[crit].code, strlen(x->crits[crit].code) + 1);
		j = jx_str(s);
		free(s);
		return j;
	case STEP_FIRST_PLACES: return jx_str("first_places");
	case STEP_SUBMITTED: return jx_str("submitted_at");
	case STEP_ID: return jx_str("id");
	}
	abort();
}

static json_t *
build(const struct ctx *x)
{
	struct sort_item *items = xcalloc(x->ne + 1, sizeof(*items));
	json_t *out = jx_arr();
	json_int_t rank = 0;
	size_t i;

	for (i = 0; i < x->ne; i++) {
		items[i].x = x;
		items[i].e = &x->ents[i];
		items[i].nom_pos = nomination_pos(x->nominations, x->ents[i].nomination);
	}
	qsort(items, x->ne, sizeof(*items), item_cmp);
	for (i = 0; i < x->ne; i++) {
		const struct entry *e = items[i].e;
		int first = i == 0 || cmp_null_last(items[i - 1].e->nomination, e->nomination) != 0;

		if (first)
			rank = 0;
		if (!e->ranked) {
			jx_append(out, entry_json(x, e, 0, json_null()));
			continue;
		}
		rank++;
		jx_append(out, entry_json(x, e, rank, first ? json_null() : tie_break(x, items[i - 1].e, e)));
	}
	free(items);
	return out;
}

json_t *
contest_rank(const json_t *contest, const json_t *entries, const json_t *scores)
{
	struct ctx x = {0};
	json_int_t min_scores;
	const json_t *z = json_object_get(contest, "z_normalize");
	json_t *out;
	size_t i;

	if (int_member(contest, "min_scores", 0, 1000000, 1, &min_scores) < 0)
		min_scores = 1;
	x.nominations = json_object_get(contest, "nominations");
	if (!json_is_array(x.nominations))
		x.nominations = NULL;
	read_criteria(&x, contest);
	read_entries(&x, entries);
	read_scores(&x, scores);
	adjust(&x, json_is_true(z));
	aggregate(&x, min_scores);
	first_places(&x);
	out = build(&x);
	for (i = 0; i < x.ne; i++)
		free(x.ents[i].mean);
	for (i = 0; i < x.ns; i++) {
		free(x.scores[i].raw);
		free(x.scores[i].adj);
	}
	free(x.crits);
	free(x.ents);
	free(x.jurors);
	free(x.scores);
	return out;
}

const char *
contest_tiebreak_text(void)
{
	return "При равном итоговом балле выше ставится работа с более высоким средним нормированным баллом "
	       "по первому критерию, при равенстве и его — по второму, и так далее по порядку критериев; "
	       "затем — работа, которой больше членов жюри поставили первое место (первое место у члена "
	       "жюри — работа номинации с его наибольшей взвешенной суммой оценок; при равенстве сумм "
	       "первое место получает каждая такая работа); затем — работа, поданная раньше; затем — "
	       "работа с меньшим номером.";
}

const char *
contest_scoring_text(int z_normalize)
{
	if (!z_normalize)
		return "Каждый член жюри оценивает работу по каждому критерию целым числом баллов от 0 до "
		       "максимума критерия. По каждому критерию берётся среднее по оценившим работу членам "
		       "жюри отношение оценки к максимуму критерия; итоговый балл — сумма этих средних, "
		       "умноженных на веса критериев, делённая на сумму весов и умноженная на 100, то есть "
		       "от 0 до 100. Работа, получившая меньше оценок членов жюри, чем установленный минимум, "
		       "не ранжируется и указывается отдельно.";
	return "Каждый член жюри оценивает работу по каждому критерию целым числом баллов от 0 до максимума "
	       "критерия. Чтобы строгий и снисходительный члены жюри весили одинаково, оценки сначала "
	       "приводятся к общей шкале (z-нормализация): из оценки члена жюри по критерию вычитается "
	       "среднее его оценок по этому критерию, разность делится на их стандартное отклонение, "
	       "умножается на стандартное отклонение всех оценок жюри по критерию и складывается с их "
	       "средним; результат ограничивается диапазоном от 0 до максимума. Оценки члена жюри, "
	       "поставившего по критерию одну оценку или одинаковые оценки, остаются как есть. Затем по "
	       "каждому критерию берётся среднее по оценившим работу членам жюри отношение оценки к "
	       "максимуму критерия; итоговый балл — сумма этих средних, умноженных на веса критериев, "
	       "делённая на сумму весов и умноженная на 100, то есть от 0 до 100. Работа, получившая "
	       "меньше оценок членов жюри, чем установленный минимум, не ранжируется и указывается "
	       "отдельно.";
}
