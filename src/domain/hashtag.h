/*
 * hashtag: hashtags found in free text (a post) and compared as users mean
 * them: by Unicode NFC + case folding (text.h), never by bytes.
 *
 * A hashtag in text is '#' not preceded by a word character, followed by one
 * or more word characters: letters (L*), decimal digits (Nd), '_', and
 * combining marks (M*) right after a letter, so NFD input such as
 * «е» + U+0308 stays inside the tag. Any other character ends it:
 * "#МояХартия," gives "#МояХартия"; "#Моя Хартия" gives "#Моя". A '#'
 * right after word characters that follow a '#' starts a tag too, so glued
 * tags split: "#хартия#ХартияПриморье" holds both; "почта#тег" holds none.
 * #МояХартия, #мояхартия and #МОЯХАРТИЯ are one hashtag; with a Latin "o",
 * "a" or "x" in place of the Cyrillic letter it is another one.
 *
 * Invariants: pure; functions take NUL-terminated UTF-8; bytes that do not
 * decode are treated as non-word characters, never read past the end.
 */
#ifndef SVODKA_DOMAIN_HASHTAG_H
#define SVODKA_DOMAIN_HASHTAG_H

#include <stddef.h>

#include <jansson.h>

#define HASHTAG_TEXT_MAX ((size_t)1 << 20) /* bytes of text scanned; the rest is ignored */

/*
 * Finds the next hashtag in s[0..n) at or after *pos. Returns 1 and sets
 * *off, *len (bytes, the '#' included) and *pos past it; 0 when there is
 * none left.
 */
int hashtag_next(const char *s, size_t n, size_t *pos, size_t *off, size_t *len);

/*
 * The hashtags of `text`, NFC-normalized, in order of first appearance, each
 * once (repeats under case folding are dropped): a new JSON array of strings
 * the caller owns. Never NULL.
 */
json_t *hashtag_extract(const char *text);

/*
 * The comparison key of a hashtag: NFC + case folding of `tag`, a new string
 * (free() it); NULL when `tag` is not a valid hashtag
 * (campaign_hashtag_check).
 */
char *hashtag_key(const char *tag);

/* 1 when a and b are valid hashtags equal under NFC + case folding, else 0. */
int hashtag_equal(const char *a, const char *b);

/*
 * 1 when `text` carries hashtag `tag` as a whole tag ("#МояХартия2022" does
 * not carry "#МояХартия"), 0 when not or when `tag` is not valid.
 */
int hashtag_text_has(const char *text, const char *tag);

/*
 * 1 when `tag` mixes Latin and Cyrillic letters ("#MояХартия" with a Latin
 * "M"): almost always a typo, worth a warning since it never matches the
 * all-Cyrillic tag; else 0.
 */
int hashtag_mixed_script(const char *tag);

/*
 * The check of a post's caption against the hashtags a contest requires
 * (`required`, an array of valid hashtags): a new object the caller owns,
 * never NULL:
 *   {"found": [tag as required, …],
 *    "missing": [tag as required, …],
 *    "lookalike": [{"written": tag as in the caption, "expected": tag}, …],
 *    "ok": true when nothing is missing}
 * A required tag is found when the caption carries it as a whole tag under
 * NFC + case folding (hashtag_text_has). Glued tags ("#хартия#ХартияПриморье")
 * and trailing punctuation ("#хартия!", "#хартия…") are handled by the
 * tokenizer. A tag of the caption that equals a missing one once its Latin
 * look-alike letters (a, c, e, o, p, x, y, A, B, C, E, H, K, M, O, P, T, X
 * and their case-folded forms) are read as the Cyrillic ones is reported in
 * "lookalike" (and the required tag stays in "missing").
 */
json_t *hashtag_required_check(const char *caption, const json_t *required);

/*
 * The check's verdict for people, in Russian, without the field: "" when
 * ok, else «нет хэштегов #хартия, #ХартияПриморье» and, for each
 * look-alike, «в #XартияПриморье латинская буква вместо русской». A new
 * string (free it).
 */
char *hashtag_required_message(const json_t *check);

#endif
