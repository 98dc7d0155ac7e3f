/*
 * contest_score: the jury's scores made into a ranking, by the rule the
 * rules page publishes.
 *
 * An entry's score is 100 × Σ_c weight_c × mean_j(s_jc / max_c) / Σ_c weight_c
 * over the jurors j who scored it and the criteria c. With z_normalize,
 * each juror's scores on a criterion are first standardised over all the
 * entries that juror scored on it (z = (s − μ_j) / σ_j; σ_j = 0 gives z = 0)
 * and mapped back onto the pooled scale of that criterion
 * (s' = μ + z × σ over all jurors' scores, clamped to 0..max), so a harsh
 * juror and a lenient one weigh the same.
 *
 * Entries with fewer scores than min_scores are not ranked. Ranked entries
 * are ordered within their nomination by score; ties are broken, in turn,
 * by the higher normalised mean on the first criterion, then the second,
 * and so on; then by more first places among jurors (a juror gives a first
 * place to every entry of the nomination that has that juror's highest
 * weighted total); then by the earlier submission; then by the lower id.
 * Scores compare after rounding to 1e-9, so floating-point noise never
 * decides a place.
 *
 * Invariants: pure; inputs are not modified; the result is new.
 */
#ifndef SVODKA_DOMAIN_CONTEST_SCORE_H
#define SVODKA_DOMAIN_CONTEST_SCORE_H

#include <jansson.h>

/*
 * contest: the campaign's contest block (criteria, min_scores,
 * z_normalize). entries: [{"id", "nomination" (code or null),
 * "submitted_at" (Unix seconds)}]. scores: [{"entry", "juror", "values": {criterion code:
 * integer}}] (a score missing a criterion counts as not given for it).
 * Returns [{"id", "nomination", "score" (0..100, rounded to 2 places),
 * "criteria": {code: normalised mean 0..1}, "jurors" (how many scored it),
 * "first_places", "ranked" (bool), "rank" (1.. within the nomination, or
 * null), "tie_break" (null, or the step that separated it from the entry
 * above: "criterion:CODE", "first_places", "submitted_at", "id")}], each
 * nomination's ranked entries in rank order, then its unranked ones by id;
 * nominations in the order of the contest block (null last).
 */
json_t *contest_rank(const json_t *contest, const json_t *entries, const json_t *scores);

/* The tie-break rule as the rules page prints it, in Russian (one paragraph). */
const char *contest_tiebreak_text(void);
/* The scoring rule as the rules page prints it: plain, or with z-normalisation. */
const char *contest_scoring_text(int z_normalize);

#endif
