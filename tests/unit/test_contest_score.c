/*
 * test_contest_score: domain/contest_score.h — the weighted score with the
 * demo criteria (10 ×3, 10 ×2, 10 ×1); each tie-break step deciding alone
 * (criterion, first places, submission, id); z-normalisation making a
 * harsh and a lenient juror equal, keeping a lone or flat juror's values and
 * clamping to the maximum; min_scores leaving entries unranked after the
 * ranked ones; ranking per nomination in the block's order; the bad inputs
 * (a value above max, negative, not an integer, a missing or unknown
 * criterion, an unknown entry, a repeated score, bad entries, no entries,
 * no input at all); one juror; the inputs left as they were; the texts.
 */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "domain/contest_score.h"

/*
 * Fails unless |a − b| ≤ eps (a NaN never passes): Debian 12's cmocka
 * 1.1.5 has no assert_double_equal. A macro, so cmocka reports the line.
 */
#define assert_near(a, b, eps)                                                                               \
	do {                                                                                                 \
		double a_ = (a), b_ = (b), e_ = (eps);                                                       \
		if (!(fabs(a_ - b_) <= e_))                                                                  \
			fail_msg("%.15g is not %.15g within %g", a_, b_, e_);                                \
	} while (0)

/* The demo's criteria, weights 3, 2, 1, each out of 10. */
#define CRITERIA                                                                                                                     \
	"\"criteria\": [{\"code\": \"principles\", \"title\": \"Раскрытие принципов Хартии\", \"max\": 10, " \
	"\"weight\": 3}, {\"code\": \"creativity\", \"title\": \"Творческий подход\", \"max\": 10, "                 \
	"\"weight\": 2}, {\"code\": \"quality\", \"title\": \"Качество исполнения\", \"max\": 10, "                \
	"\"weight\": 1}]"

static json_t *
load(const char *text)
{
	json_error_t e;
	json_t *j = json_loads(text, 0, &e);

	if (j == NULL)
		fail_msg("bad test JSON at %d: %s", e.position, e.text);
	return j;
}

/* Ranks the three JSON texts and checks the inputs come back unchanged. */
static json_t *
rank(const char *contest, const char *entries, const char *scores)
{
	json_t *c = load(contest), *e = load(entries), *s = load(scores), *out;
	char *before[3] = {json_dumps(c, JSON_SORT_KEYS), json_dumps(e, JSON_SORT_KEYS),
			   json_dumps(s, JSON_SORT_KEYS)};
	char *after[3];
	int i;

	out = contest_rank(c, e, s);
	assert_non_null(out);
	assert_true(json_is_array(out));
	after[0] = json_dumps(c, JSON_SORT_KEYS);
	after[1] = json_dumps(e, JSON_SORT_KEYS);
	after[2] = json_dumps(s, JSON_SORT_KEYS);
	for (i = 0; i < 3; i++) {
		assert_string_equal(before[i], after[i]);
		free(before[i]);
		free(after[i]);
	}
	json_decref(c);
	json_decref(e);
	json_decref(s);
	return out;
}

static const json_t *
at(const json_t *out, size_t i)
{
	const json_t *o = json_array_get(out, i);

	assert_non_null(o);
	return o;
}

static json_int_t
id_at(const json_t *out, size_t i)
{
	return json_integer_value(json_object_get(at(out, i), "id"));
}

static double
num(const json_t *o, const char *key)
{
	const json_t *v = json_object_get(o, key);

	assert_true(json_is_number(v));
	return json_number_value(v);
}

static double
crit(const json_t *o, const char *code)
{
	return num(json_object_get(o, "criteria"), code);
}

static json_int_t
rank_of(const json_t *o)
{
	const json_t *r = json_object_get(o, "rank");

	if (json_is_null(r))
		return 0;
	assert_true(json_is_integer(r));
	return json_integer_value(r);
}

/* The tie-break of o, or "" when it is null. */
static const char *
tb(const json_t *o)
{
	const json_t *t = json_object_get(o, "tie_break");

	assert_non_null(t);
	if (json_is_null(t))
		return "";
	assert_true(json_is_string(t));
	return json_string_value(t);
}

static void
test_plain_weights(void **state)
{
	json_t *out;

	(void)state;
	out = rank(
		"{" CRITERIA "}",
		"[{\"id\": 1, \"nomination\": null, \"submitted_at\": 1644454800},"
		" {\"id\": 2, \"nomination\": null, \"submitted_at\": 1644541200}]",
		"[{\"entry\": 1, \"juror\": 7, \"values\": {\"principles\": 10, \"creativity\": 10, \"quality\": 10}},"
		" {\"entry\": 1, \"juror\": 8, \"values\": {\"principles\": 6, \"creativity\": 8, \"quality\": 4}},"
		" {\"entry\": 2, \"juror\": 7, \"values\": {\"principles\": 10, \"creativity\": 5, \"quality\": 0}},"
		" {\"entry\": 2, \"juror\": 8, \"values\": {\"principles\": 10, \"creativity\": 5, \"quality\": 0}}]");
	assert_int_equal(json_array_size(out), 2);
	/* Entry 1: means 0.8, 0.9, 0.7 → 100 × (2.4 + 1.8 + 0.7) / 6 = 81.67. */
	assert_int_equal(id_at(out, 0), 1);
	assert_near(num(at(out, 0), "score"), 81.67, 1e-9);
	assert_near(crit(at(out, 0), "principles"), 0.8, 1e-12);
	assert_near(crit(at(out, 0), "creativity"), 0.9, 1e-12);
	assert_near(crit(at(out, 0), "quality"), 0.7, 1e-12);
	assert_int_equal(num(at(out, 0), "jurors"), 2);
	assert_int_equal(rank_of(at(out, 0)), 1);
	assert_true(json_is_true(json_object_get(at(out, 0), "ranked")));
	assert_string_equal(tb(at(out, 0)), "");
	assert_true(json_is_null(json_object_get(at(out, 0), "nomination")));
	/*
	 * Juror 7: entry 1 totals 6, entry 2 totals 4: the first place is 1's;
	 * juror 8: 3.8 against 4, the first place is 2's, though 1 ranks higher.
	 */
	assert_int_equal(num(at(out, 0), "first_places"), 1);
	/*
	 * Entry 2: 100 × (3 + 1 + 0) / 6 = 66.67, separated by the score, so no
	 * tie-break, though its first criterion (1.0) is above entry 1's.
	 */
	assert_int_equal(id_at(out, 1), 2);
	assert_near(crit(at(out, 1), "principles"), 1.0, 1e-12);
	assert_near(num(at(out, 1), "score"), 66.67, 1e-9);
	assert_int_equal(rank_of(at(out, 1)), 2);
	assert_string_equal(tb(at(out, 1)), "");
	assert_int_equal(num(at(out, 1), "first_places"), 1);
	json_decref(out);
}

/* Equal scores; the first criterion decides, against the earlier submission and the lower id. */
static void
test_tie_first_criterion(void **state)
{
	json_t *out;

	(void)state;
	out = rank(
		"{" CRITERIA "}",
		"[{\"id\": 1, \"submitted_at\": 1644454800},"
		" {\"id\": 2, \"submitted_at\": 1644541200}]",
		"[{\"entry\": 1, \"juror\": 7, \"values\": {\"principles\": 0, \"creativity\": 10, \"quality\": 10}},"
		" {\"entry\": 2, \"juror\": 8, \"values\": {\"principles\": 10, \"creativity\": 0, \"quality\": 0}}]");
	assert_near(num(at(out, 0), "score"), 50.0, 1e-9);
	assert_near(num(at(out, 1), "score"), 50.0, 1e-9);
	assert_int_equal(id_at(out, 0), 2);
	assert_int_equal(rank_of(at(out, 0)), 1);
	assert_int_equal(id_at(out, 1), 1);
	assert_int_equal(rank_of(at(out, 1)), 2);
	assert_string_equal(tb(at(out, 1)), "criterion:principles");
	json_decref(out);
}

/* Equal scores and first criterion; the second decides. */
static void
test_tie_second_criterion(void **state)
{
	json_t *out;

	(void)state;
	out = rank(
		"{" CRITERIA "}", "[{\"id\": 1}, {\"id\": 2}]",
		"[{\"entry\": 1, \"juror\": 7, \"values\": {\"principles\": 5, \"creativity\": 0, \"quality\": 10}},"
		" {\"entry\": 2, \"juror\": 8, \"values\": {\"principles\": 5, \"creativity\": 5, \"quality\": 0}}]");
	assert_near(num(at(out, 0), "score"), num(at(out, 1), "score"), 1e-9);
	assert_int_equal(id_at(out, 0), 2);
	assert_int_equal(id_at(out, 1), 1);
	assert_string_equal(tb(at(out, 1)), "criterion:creativity");
	json_decref(out);
}

/*
 * Equal in every criterion; more first places decides against the earlier
 * submission and the lower id. Entry 1 is scored by jurors 7 (all 10) and
 * 8 (all 0), entry 2 by 8 (all 10) and 9 (all 0): juror 7's first place is
 * 1's, 8's and 9's are 2's.
 */
static void
test_tie_first_places(void **state)
{
	json_t *out;

	(void)state;
	out = rank(
		"{" CRITERIA "}",
		"[{\"id\": 1, \"submitted_at\": 1644454800},"
		" {\"id\": 2, \"submitted_at\": 1644541200}]",
		"[{\"entry\": 1, \"juror\": 7, \"values\": {\"principles\": 10, \"creativity\": 10, \"quality\": 10}},"
		" {\"entry\": 1, \"juror\": 8, \"values\": {\"principles\": 0, \"creativity\": 0, \"quality\": 0}},"
		" {\"entry\": 2, \"juror\": 8, \"values\": {\"principles\": 10, \"creativity\": 10, \"quality\": 10}},"
		" {\"entry\": 2, \"juror\": 9, \"values\": {\"principles\": 0, \"creativity\": 0, \"quality\": 0}}]");
	assert_near(num(at(out, 0), "score"), 50.0, 1e-9);
	assert_near(num(at(out, 1), "score"), 50.0, 1e-9);
	assert_int_equal(id_at(out, 0), 2);
	assert_int_equal(num(at(out, 0), "first_places"), 2);
	assert_int_equal(id_at(out, 1), 1);
	assert_int_equal(num(at(out, 1), "first_places"), 1);
	assert_string_equal(tb(at(out, 1)), "first_places");
	json_decref(out);
}

/* Equal in everything before; the earlier submission decides against the lower id; unknown goes last. */
static void
test_tie_submitted(void **state)
{
	json_t *out;

	(void)state;
	out = rank(
		"{" CRITERIA "}",
		"[{\"id\": 1, \"submitted_at\": 1646096400},"
		" {\"id\": 2, \"submitted_at\": 1645318800},"
		" {\"id\": 3}]",
		"[{\"entry\": 1, \"juror\": 7, \"values\": {\"principles\": 6, \"creativity\": 6, \"quality\": 6}},"
		" {\"entry\": 2, \"juror\": 7, \"values\": {\"principles\": 6, \"creativity\": 6, \"quality\": 6}},"
		" {\"entry\": 3, \"juror\": 7, \"values\": {\"principles\": 6, \"creativity\": 6, \"quality\": 6}}]");
	assert_int_equal(json_array_size(out), 3);
	/* One juror's equal totals: each of the three has that juror's first place. */
	assert_int_equal(num(at(out, 0), "first_places"), 1);
	assert_int_equal(num(at(out, 2), "first_places"), 1);
	assert_int_equal(id_at(out, 0), 2);
	assert_string_equal(tb(at(out, 0)), "");
	assert_int_equal(id_at(out, 1), 1);
	assert_string_equal(tb(at(out, 1)), "submitted_at");
	assert_int_equal(id_at(out, 2), 3);
	assert_string_equal(tb(at(out, 2)), "submitted_at");
	assert_int_equal(rank_of(at(out, 2)), 3);
	json_decref(out);
}

/* Equal in everything, submitted the same second: the lower id. */
static void
test_tie_id(void **state)
{
	json_t *out;

	(void)state;
	out = rank(
		"{" CRITERIA "}",
		"[{\"id\": 12, \"submitted_at\": 1646096400},"
		" {\"id\": 5, \"submitted_at\": 1646096400}]",
		"[{\"entry\": 12, \"juror\": 7, \"values\": {\"principles\": 3, \"creativity\": 4, \"quality\": 5}},"
		" {\"entry\": 5, \"juror\": 7, \"values\": {\"principles\": 3, \"creativity\": 4, \"quality\": 5}}]");
	assert_int_equal(id_at(out, 0), 5);
	assert_int_equal(rank_of(at(out, 0)), 1);
	assert_int_equal(id_at(out, 1), 12);
	assert_int_equal(rank_of(at(out, 1)), 2);
	assert_string_equal(tb(at(out, 1)), "id");
	json_decref(out);
}

/*
 * Floating-point noise decides nothing: entry 1's mean is (0.1 + 0.2) / 2,
 * one ulp above entry 2's (0.3 + 0) / 2. Compared as they are, 1 would win
 * on the score; at 1e-9 they tie through the score, the criterion and the
 * first places (two each), and 2's earlier submission decides.
 */
static void
test_tie_rounding_noise(void **state)
{
	json_t *out;

	(void)state;
	assert_true((0.1 + 0.2) / 2 != (0.3 + 0.0) / 2); /* the noise is there */
	out = rank("{\"criteria\": [{\"code\": \"c\", \"max\": 10, \"weight\": 1}]}",
		   "[{\"id\": 1, \"submitted_at\": 1646096400},"
		   " {\"id\": 2, \"submitted_at\": 1643677200}]",
		   "[{\"entry\": 1, \"juror\": 7, \"values\": {\"c\": 1}},"
		   " {\"entry\": 1, \"juror\": 8, \"values\": {\"c\": 2}},"
		   " {\"entry\": 2, \"juror\": 9, \"values\": {\"c\": 3}},"
		   " {\"entry\": 2, \"juror\": 10, \"values\": {\"c\": 0}}]");
	assert_int_equal(json_array_size(out), 2);
	assert_int_equal(id_at(out, 0), 2);
	assert_int_equal(id_at(out, 1), 1);
	assert_int_equal(num(at(out, 0), "first_places"), 2);
	assert_int_equal(num(at(out, 1), "first_places"), 2);
	assert_near(num(at(out, 0), "score"), 15.0, 1e-9);
	assert_near(num(at(out, 1), "score"), 15.0, 1e-9);
	assert_string_equal(tb(at(out, 1)), "submitted_at");
	json_decref(out);
}

/*
 * A harsh juror (7: 4 and 2) and a lenient one (8: 10 and 8) score
 * different entries. Raw, the lenient juror's entries win; z-normalised,
 * each juror's better entry maps to μ + σ of the pooled values (6 + √10)
 * and the worse one to 6 − √10, so 1 and 3 are equal, and 2 and 4.
 */
static void
test_z_harsh_and_lenient(void **state)
{
	static const char *entries = "[{\"id\": 1, \"submitted_at\": 1644454800},"
				     " {\"id\": 2, \"submitted_at\": 1644458400},"
				     " {\"id\": 3, \"submitted_at\": 1644462000},"
				     " {\"id\": 4, \"submitted_at\": 1644465600}]";
	static const char *scores =
		"[{\"entry\": 1, \"juror\": 7, \"values\": {\"principles\": 4, \"creativity\": 4, \"quality\": 4}},"
		" {\"entry\": 2, \"juror\": 7, \"values\": {\"principles\": 2, \"creativity\": 2, \"quality\": 2}},"
		" {\"entry\": 3, \"juror\": 8, \"values\": {\"principles\": 10, \"creativity\": 10, \"quality\": 10}},"
		" {\"entry\": 4, \"juror\": 8, \"values\": {\"principles\": 8, \"creativity\": 8, \"quality\": 8}}]";
	double hi = 10.0 * (6.0 + 3.1622776601683795), lo = 10.0 * (6.0 - 3.1622776601683795);
	json_t *out;

	(void)state;
	out = rank("{" CRITERIA ", \"z_normalize\": false}", entries, scores);
	assert_int_equal(id_at(out, 0), 3);
	assert_near(num(at(out, 0), "score"), 100.0, 1e-9);
	assert_int_equal(id_at(out, 1), 4);
	assert_int_equal(id_at(out, 2), 1);
	assert_near(num(at(out, 2), "score"), 40.0, 1e-9);
	json_decref(out);

	out = rank("{" CRITERIA ", \"z_normalize\": true}", entries, scores);
	assert_int_equal(json_array_size(out), 4);
	/* 1 and 3 equal in score and criteria and first places: the earlier submission, 1, first. */
	assert_int_equal(id_at(out, 0), 1);
	assert_int_equal(id_at(out, 1), 3);
	assert_near(num(at(out, 0), "score"), round(hi * 100.0) / 100.0, 1e-9);
	assert_near(crit(at(out, 0), "principles"), hi / 100.0, 1e-12);
	assert_near(num(at(out, 0), "score"), 91.62, 1e-9);
	assert_near(num(at(out, 1), "score"), 91.62, 1e-9);
	assert_near(crit(at(out, 0), "principles"), crit(at(out, 1), "principles"), 1e-12);
	assert_string_equal(tb(at(out, 1)), "submitted_at");
	assert_int_equal(id_at(out, 2), 2);
	assert_int_equal(id_at(out, 3), 4);
	assert_near(num(at(out, 2), "score"), 28.38, 1e-9);
	assert_near(num(at(out, 3), "score"), 28.38, 1e-9);
	assert_near(crit(at(out, 3), "quality"), lo / 100.0, 1e-12);
	assert_string_equal(tb(at(out, 3)), "submitted_at");
	json_decref(out);
}

/*
 * z keeps the values of a juror with one value on a criterion (9 scores
 * only entry 3) and of one whose values are all equal (8: 5 and 5), and
 * clamps to max: juror 7's 10 among 0, 0, 0 maps above 10.
 */
static void
test_z_lone_flat_and_clamped(void **state)
{
	json_t *out;
	size_t i;

	(void)state;
	out = rank("{\"criteria\": [{\"code\": \"c\", \"max\": 10, \"weight\": 1}], \"z_normalize\": true}",
		   "[{\"id\": 1}, {\"id\": 2}, {\"id\": 3}, {\"id\": 4}, {\"id\": 5}, {\"id\": 6}]",
		   "[{\"entry\": 1, \"juror\": 7, \"values\": {\"c\": 10}},"
		   " {\"entry\": 2, \"juror\": 7, \"values\": {\"c\": 0}},"
		   " {\"entry\": 4, \"juror\": 7, \"values\": {\"c\": 0}},"
		   " {\"entry\": 5, \"juror\": 7, \"values\": {\"c\": 0}},"
		   " {\"entry\": 3, \"juror\": 9, \"values\": {\"c\": 7}},"
		   " {\"entry\": 6, \"juror\": 8, \"values\": {\"c\": 5}},"
		   " {\"entry\": 2, \"juror\": 8, \"values\": {\"c\": 5}}]");
	assert_int_equal(json_array_size(out), 6);
	for (i = 0; i < 6; i++) {
		const json_t *o = at(out, i);

		switch (json_integer_value(json_object_get(o, "id"))) {
		case 1: assert_near(crit(o, "c"), 1.0, 1e-12); break; /* clamped */
		case 3: assert_near(crit(o, "c"), 0.7, 1e-12); break; /* lone: raw */
		case 6: assert_near(crit(o, "c"), 0.5, 1e-12); break; /* flat: raw */
		default: break;
		}
	}
	assert_int_equal(id_at(out, 0), 1);
	assert_near(num(at(out, 0), "score"), 100.0, 1e-9);
	json_decref(out);
}

/* min_scores 2: entries with one score or none are not ranked and come after, by id. */
static void
test_min_scores(void **state)
{
	json_t *out;

	(void)state;
	out = rank(
		"{" CRITERIA ", \"min_scores\": 2}", "[{\"id\": 4}, {\"id\": 3}, {\"id\": 2}, {\"id\": 1}]",
		"[{\"entry\": 1, \"juror\": 7, \"values\": {\"principles\": 10, \"creativity\": 10, \"quality\": 10}},"
		" {\"entry\": 2, \"juror\": 7, \"values\": {\"principles\": 2, \"creativity\": 2, \"quality\": 2}},"
		" {\"entry\": 2, \"juror\": 8, \"values\": {\"principles\": 4, \"creativity\": 4, \"quality\": 4}}]");
	assert_int_equal(json_array_size(out), 4);
	assert_int_equal(id_at(out, 0), 2);
	assert_int_equal(rank_of(at(out, 0)), 1);
	assert_near(num(at(out, 0), "score"), 30.0, 1e-9);
	/* Entry 1 has the best score but one juror: not ranked, rank null, after the ranked. */
	assert_int_equal(id_at(out, 1), 1);
	assert_true(json_is_false(json_object_get(at(out, 1), "ranked")));
	assert_true(json_is_null(json_object_get(at(out, 1), "rank")));
	assert_true(json_is_null(json_object_get(at(out, 1), "tie_break")));
	assert_near(num(at(out, 1), "score"), 100.0, 1e-9);
	assert_int_equal(num(at(out, 1), "jurors"), 1);
	assert_int_equal(id_at(out, 2), 3);
	assert_int_equal(num(at(out, 2), "jurors"), 0);
	assert_near(num(at(out, 2), "score"), 0.0, 1e-9);
	assert_true(json_is_null(json_object_get(at(out, 2), "rank")));
	assert_int_equal(id_at(out, 3), 4);
	json_decref(out);

	/* The default, 1: an entry nobody scored is still not ranked. */
	out = rank("{" CRITERIA "}", "[{\"id\": 1}, {\"id\": 2}]",
		   "[{\"entry\": 2, \"juror\": 7, \"values\": {\"principles\": 1}}]");
	assert_int_equal(id_at(out, 0), 2);
	assert_int_equal(rank_of(at(out, 0)), 1);
	assert_int_equal(id_at(out, 1), 1);
	assert_int_equal(rank_of(at(out, 1)), 0);
	json_decref(out);
}

/*
 * Nominations in the block's order, ranks from 1 in each, a code the block
 * does not list after the listed ones, no nomination last; first places are
 * counted per nomination.
 */
static void
test_per_nomination(void **state)
{
	json_t *out;
	static const char *const order[] = {"junior", "junior", "senior", "mystery", NULL};
	static const json_int_t ids[] = {3, 1, 2, 5, 4};
	static const json_int_t ranks[] = {1, 2, 1, 1, 1};
	size_t i;

	(void)state;
	out = rank(
		"{" CRITERIA ", \"nominations\": [{\"code\": \"junior\", \"title\": \"7–10 лет\"},"
		" {\"code\": \"senior\", \"title\": \"11–17 лет\"}]}",
		"[{\"id\": 1, \"nomination\": \"junior\"}, {\"id\": 2, \"nomination\": \"senior\"},"
		" {\"id\": 3, \"nomination\": \"junior\"}, {\"id\": 4, \"nomination\": null},"
		" {\"id\": 5, \"nomination\": \"mystery\"}]",
		"[{\"entry\": 1, \"juror\": 7, \"values\": {\"principles\": 5, \"creativity\": 5, \"quality\": 5}},"
		" {\"entry\": 3, \"juror\": 7, \"values\": {\"principles\": 6, \"creativity\": 5, \"quality\": 5}},"
		" {\"entry\": 2, \"juror\": 7, \"values\": {\"principles\": 1, \"creativity\": 1, \"quality\": 1}},"
		" {\"entry\": 4, \"juror\": 7, \"values\": {\"principles\": 9, \"creativity\": 9, \"quality\": 9}},"
		" {\"entry\": 5, \"juror\": 7, \"values\": {\"principles\": 2, \"creativity\": 2, \"quality\": 2}}]");
	assert_int_equal(json_array_size(out), 5);
	for (i = 0; i < 5; i++) {
		const json_t *o = at(out, i);

		assert_int_equal(id_at(out, i), ids[i]);
		assert_int_equal(rank_of(o), ranks[i]);
		if (order[i] == NULL)
			assert_true(json_is_null(json_object_get(o, "nomination")));
		else
			assert_string_equal(json_string_value(json_object_get(o, "nomination")), order[i]);
	}
	/* Juror 7's highest total overall is entry 4's, yet 2 (senior) and 3 (junior) hold a first place. */
	assert_int_equal(num(at(out, 0), "first_places"), 1);
	assert_int_equal(num(at(out, 1), "first_places"), 0);
	assert_int_equal(num(at(out, 2), "first_places"), 1);
	assert_int_equal(num(at(out, 4), "first_places"), 1);
	json_decref(out);
}

/*
 * Bad values are not given: 11 (above max), -1, 5.5, "7" and null leave
 * their criterion out of the mean; an unknown criterion is ignored; a score
 * with no good value does not count as a juror's; a score for an unknown
 * entry, one without a juror or without values is ignored; the last of two
 * scores by one juror counts.
 */
static void
test_bad_values(void **state)
{
	json_t *out;

	(void)state;
	out = rank(
		"{" CRITERIA "}", "[{\"id\": 1}, {\"id\": 2}]",
		"[{\"entry\": 1, \"juror\": 7, \"values\": {\"principles\": 11, \"creativity\": 4, \"quality\": 8}},"
		" {\"entry\": 1, \"juror\": 8, \"values\": {\"principles\": 6, \"creativity\": -1, \"quality\": 5.5}},"
		" {\"entry\": 1, \"juror\": 9, \"values\": {\"principles\": \"7\", \"creativity\": null, \"bogus\": 3}},"
		" {\"entry\": 99, \"juror\": 7, \"values\": {\"principles\": 10}},"
		" {\"entry\": \"2\", \"juror\": 7, \"values\": {\"principles\": 10}},"
		" {\"entry\": 2, \"values\": {\"principles\": 10}},"
		" {\"entry\": 2, \"juror\": 7},"
		" {\"entry\": 2, \"juror\": 7, \"values\": [10, 10, 10]},"
		" {\"entry\": 2, \"juror\": 8, \"values\": {\"principles\": 10, \"creativity\": 10, \"quality\": 10}},"
		" {\"entry\": 2, \"juror\": 8, \"values\": {\"principles\": 2, \"creativity\": 2, \"quality\": 2}},"
		" 17, null]");
	assert_int_equal(json_array_size(out), 2);
	/* Entry 1: principles only from 8 (6), creativity only from 7 (4), quality only from 7 (8). */
	assert_int_equal(id_at(out, 0), 1);
	assert_int_equal(num(at(out, 0), "jurors"), 2);
	assert_near(crit(at(out, 0), "principles"), 0.6, 1e-12);
	assert_near(crit(at(out, 0), "creativity"), 0.4, 1e-12);
	assert_near(crit(at(out, 0), "quality"), 0.8, 1e-12);
	assert_near(num(at(out, 0), "score"), 56.67, 1e-9);
	/* Entry 2: only juror 8's later score (all 2). */
	assert_int_equal(id_at(out, 1), 2);
	assert_int_equal(num(at(out, 1), "jurors"), 1);
	assert_near(num(at(out, 1), "score"), 20.0, 1e-9);
	json_decref(out);

	/* A criterion nobody scored counts 0 and keeps its weight. */
	out = rank("{" CRITERIA "}", "[{\"id\": 1}]",
		   "[{\"entry\": 1, \"juror\": 7, \"values\": {\"principles\": 10, \"creativity\": 10}}]");
	assert_near(crit(at(out, 0), "quality"), 0.0, 1e-12);
	assert_near(num(at(out, 0), "score"), 83.33, 1e-9);
	json_decref(out);
}

/* Entries without an integer id, or repeating one, are left out; jurors may be strings. */
static void
test_bad_entries(void **state)
{
	json_t *out;

	(void)state;
	out = rank("{" CRITERIA "}",
		   "[{\"id\": \"1\"}, {\"nomination\": \"junior\"}, 3, null, {\"id\": 2, \"nomination\": 5},"
		   " {\"id\": 2, \"nomination\": \"other\"}]",
		   "[{\"entry\": 2, \"juror\": \"anna\", \"values\": {\"principles\": 10}},"
		   " {\"entry\": 2, \"juror\": 7, \"values\": {\"principles\": 0}}]");
	assert_int_equal(json_array_size(out), 1);
	assert_int_equal(id_at(out, 0), 2);
	assert_int_equal(num(at(out, 0), "jurors"), 2);
	assert_near(crit(at(out, 0), "principles"), 0.5, 1e-12);
	json_decref(out);
}

/* No entries, no scores, no criteria, no input at all: an empty ranking or zeros, never a crash. */
static void
test_empty(void **state)
{
	json_t *out;

	(void)state;
	out = rank("{" CRITERIA "}", "[]", "[]");
	assert_int_equal(json_array_size(out), 0);
	json_decref(out);
	out = rank("{" CRITERIA "}", "[]",
		   "[{\"entry\": 1, \"juror\": 7, \"values\": {\"principles\": 10}}]");
	assert_int_equal(json_array_size(out), 0);
	json_decref(out);
	out = contest_rank(NULL, NULL, NULL);
	assert_non_null(out);
	assert_int_equal(json_array_size(out), 0);
	json_decref(out);
	/* No criteria: entries are listed with 0 and ranked when scored (by nothing, so not). */
	out = rank("{}", "[{\"id\": 1}]", "[{\"entry\": 1, \"juror\": 7, \"values\": {\"principles\": 10}}]");
	assert_int_equal(json_array_size(out), 1);
	assert_near(num(at(out, 0), "score"), 0.0, 1e-9);
	assert_int_equal(num(at(out, 0), "jurors"), 0);
	assert_true(json_is_false(json_object_get(at(out, 0), "ranked")));
	json_decref(out);
}

/* One juror scoring three entries: the order is that juror's, one first place. */
static void
test_one_juror(void **state)
{
	json_t *out;

	(void)state;
	out = rank(
		"{" CRITERIA ", \"z_normalize\": true}", "[{\"id\": 1}, {\"id\": 2}, {\"id\": 3}]",
		"[{\"entry\": 1, \"juror\": 7, \"values\": {\"principles\": 3, \"creativity\": 3, \"quality\": 3}},"
		" {\"entry\": 2, \"juror\": 7, \"values\": {\"principles\": 9, \"creativity\": 3, \"quality\": 3}},"
		" {\"entry\": 3, \"juror\": 7, \"values\": {\"principles\": 5, \"creativity\": 5, \"quality\": 5}}]");
	assert_int_equal(id_at(out, 0), 2);
	assert_int_equal(id_at(out, 1), 3);
	assert_int_equal(id_at(out, 2), 1);
	assert_int_equal(num(at(out, 0), "first_places"), 1);
	assert_int_equal(num(at(out, 1), "first_places"), 0);
	/* One juror's values are the pooled ones: z maps them onto themselves. */
	assert_near(crit(at(out, 0), "principles"), 0.9, 1e-12);
	assert_near(num(at(out, 0), "score"), 60.0, 1e-9);
	json_decref(out);
}

static void
test_texts(void **state)
{
	(void)state;
	assert_non_null(strstr(contest_tiebreak_text(), "по первому критерию"));
	assert_non_null(strstr(contest_tiebreak_text(), "первое место"));
	assert_non_null(strstr(contest_tiebreak_text(), "поданная раньше"));
	assert_null(strstr(contest_scoring_text(0), "z-нормализация"));
	assert_non_null(strstr(contest_scoring_text(0), "сумму весов"));
	assert_non_null(strstr(contest_scoring_text(1), "z-нормализация"));
	assert_non_null(strstr(contest_scoring_text(1), "не ранжируется"));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_plain_weights),
		cmocka_unit_test(test_tie_first_criterion),
		cmocka_unit_test(test_tie_second_criterion),
		cmocka_unit_test(test_tie_first_places),
		cmocka_unit_test(test_tie_submitted),
		cmocka_unit_test(test_tie_id),
		cmocka_unit_test(test_tie_rounding_noise),
		cmocka_unit_test(test_z_harsh_and_lenient),
		cmocka_unit_test(test_z_lone_flat_and_clamped),
		cmocka_unit_test(test_min_scores),
		cmocka_unit_test(test_per_nomination),
		cmocka_unit_test(test_bad_values),
		cmocka_unit_test(test_bad_entries),
		cmocka_unit_test(test_empty),
		cmocka_unit_test(test_one_juror),
		cmocka_unit_test(test_texts),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
