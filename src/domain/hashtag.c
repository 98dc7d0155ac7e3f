/*
 * hashtag: scanning text for hashtags, comparing them, and checking a
 * contest caption against the required ones (see hashtag.h).
 */
#include "domain/hashtag.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <utf8proc.h>

#include "domain/campaign.h"
#include "domain/text.h"
#include "util/buf.h"
#include "util/utf8.h"

enum wclass { W_OTHER, W_LETTER, W_MARK, W_DIGIT };

static enum wclass
wclass(int32_t cp)
{
	if (cp == '_')
		return W_DIGIT; /* joins like a digit: never carries a mark */
	switch (utf8proc_category(cp)) {
	case UTF8PROC_CATEGORY_LU:
	case UTF8PROC_CATEGORY_LL:
	case UTF8PROC_CATEGORY_LT:
	case UTF8PROC_CATEGORY_LM:
	case UTF8PROC_CATEGORY_LO: return W_LETTER;
	case UTF8PROC_CATEGORY_MN:
	case UTF8PROC_CATEGORY_MC:
	case UTF8PROC_CATEGORY_ME: return W_MARK;
	case UTF8PROC_CATEGORY_ND: return W_DIGIT;
	default: return W_OTHER;
	}
}

/*
 * Whether the word characters that end right before s[i] follow a '#':
 * then they are a hashtag (or a '#'-word glued to text) and a '#' at i
 * glues the next tag to them ("#хартия#ХартияПриморье"). Walks back over
 * that one run only.
 */
static int
run_after_hash(const char *s, size_t n, size_t i)
{
	int32_t cp;

	while (i > 0) {
		size_t p = utf8_prev(s, i), k = p;

		if (utf8_next(s, n, &k, &cp) < 0 || k != i)
			return 0;
		if (wclass(cp) == W_OTHER)
			return cp == '#';
		i = p;
	}
	return 0;
}

int
hashtag_next(const char *s, size_t n, size_t *pos, size_t *off, size_t *len)
{
	size_t i = *pos;
	/*
	 * in_word: the last character was a word character; hashed: the run
	 * of them follows a '#'; after_hash: the last character was '#'.
	 */
	int in_word = 0, hashed = 0, after_hash = 0;
	int32_t cp;

	if (n > HASHTAG_TEXT_MAX)
		n = HASHTAG_TEXT_MAX;
	/* What precedes *pos decides whether a '#' there starts a tag. */
	if (i > 0 && i <= n) {
		size_t k = utf8_prev(s, i);

		if (utf8_next(s, n, &k, &cp) == 0 && k == i && wclass(cp) != W_OTHER) {
			in_word = 1;
			hashed = run_after_hash(s, n, i);
		}
	}
	while (i < n) {
		size_t at = i, j;
		int after_letter = 0, count = 0;

		if (utf8_next(s, n, &i, &cp) < 0) {
			i = at + 1;
			in_word = hashed = after_hash = 0;
			continue;
		}
		if (cp != '#') {
			if (wclass(cp) == W_OTHER) {
				in_word = hashed = after_hash = 0;
			} else if (!in_word) {
				in_word = 1;
				hashed = after_hash;
				after_hash = 0;
			}
			continue;
		}
		/* A '#' inside a word ("почта#тег") starts nothing, unless the word is a tag. */
		if (in_word && !hashed) {
			in_word = hashed = 0;
			after_hash = 1;
			continue;
		}
		/* A '#' at `at`: take the word characters after it. */
		for (j = i; j < n;) {
			size_t k = j;
			enum wclass c;

			if (utf8_next(s, n, &k, &cp) < 0)
				break;
			c = wclass(cp);
			if (c == W_OTHER || (c == W_MARK && !after_letter))
				break;
			if (c != W_MARK)
				after_letter = c == W_LETTER;
			count++;
			j = k;
		}
		if (count == 0) {
			in_word = hashed = 0;
			after_hash = 1;
			continue;
		}
		*off = at;
		*len = j - at;
		*pos = j;
		return 1;
	}
	*pos = n;
	return 0;
}

json_t *
hashtag_extract(const char *text)
{
	size_t n = strlen(text), pos = 0, off, len;
	json_t *tags = json_array(), *seen = json_object();

	if (tags == NULL || seen == NULL)
		abort();
	while (hashtag_next(text, n, &pos, &off, &len)) {
		char *nfc = text_nfc(text + off, len), *key = text_fold(text + off, len);

		if (nfc == NULL || key == NULL)
			abort(); /* hashtag_next returns valid UTF-8 only */
		if (json_object_get(seen, key) == NULL) {
			if (json_object_set_new(seen, key, json_true()) < 0 ||
			    json_array_append_new(tags, json_string(nfc)) < 0)
				abort();
		}
		free(nfc);
		free(key);
	}
	json_decref(seen);
	return tags;
}

char *
hashtag_key(const char *tag)
{
	if (campaign_hashtag_check(tag) < 0)
		return NULL;
	return text_fold(tag, strlen(tag));
}

int
hashtag_equal(const char *a, const char *b)
{
	char *ka = hashtag_key(a), *kb = hashtag_key(b);
	int eq = ka != NULL && kb != NULL && strcmp(ka, kb) == 0;

	free(ka);
	free(kb);
	return eq;
}

int
hashtag_text_has(const char *text, const char *tag)
{
	size_t n = strlen(text), pos = 0, off, len;
	char *key = hashtag_key(tag);
	int found = 0;

	if (key == NULL)
		return 0;
	while (!found && hashtag_next(text, n, &pos, &off, &len)) {
		char *k = text_fold(text + off, len);

		found = k != NULL && strcmp(k, key) == 0;
		free(k);
	}
	free(key);
	return found;
}

int
hashtag_mixed_script(const char *tag)
{
	size_t n = strlen(tag), i = 0;
	int latin = 0, cyrillic = 0;
	int32_t cp;

	while (i < n) {
		if (utf8_next(tag, n, &i, &cp) < 0)
			return 0;
		if ((cp >= 'A' && cp <= 'Z') || (cp >= 'a' && cp <= 'z') ||
		    (cp >= 0xc0 && cp <= 0x24f && cp != 0xd7 && cp != 0xf7))
			latin = 1;
		else if (cp >= 0x400 && cp <= 0x52f)
			cyrillic = 1;
	}
	return latin && cyrillic;
}

/* ---- the hashtags a contest requires ---- */

/* The Cyrillic letter a case-folded Latin look-alike stands for, or 0. */
static int32_t
lookalike_cyrillic(int32_t cp)
{
	static const struct {
		char latin;
		int32_t cyrillic;
	} map[] = {
		{'a', 0x430}, /* а */
		{'b', 0x432}, /* в (from B) */
		{'c', 0x441}, /* с */
		{'e', 0x435}, /* е */
		{'h', 0x43d}, /* н (from H) */
		{'k', 0x43a}, /* к (from K) */
		{'m', 0x43c}, /* м (from M) */
		{'o', 0x43e}, /* о */
		{'p', 0x440}, /* р */
		{'t', 0x442}, /* т (from T) */
		{'x', 0x445}, /* х */
		{'y', 0x443}, /* у */
	};
	size_t i;

	for (i = 0; i < sizeof(map) / sizeof(map[0]); i++) {
		if (cp == map[i].latin)
			return map[i].cyrillic;
	}
	return 0;
}

/*
 * The look-alike key of a tag: its case folding with every Latin
 * look-alike read as the Cyrillic letter. A new string, or NULL when the
 * tag is not valid UTF-8.
 */
static char *
lookalike_key(const char *tag)
{
	char *folded = text_fold(tag, strlen(tag));
	size_t n, i = 0;
	struct buf b;
	int32_t cp;

	if (folded == NULL)
		return NULL;
	n = strlen(folded);
	buf_init(&b, 4 * n + 1);
	while (i < n) {
		char enc[UTF8_SEQ_MAX];
		int32_t c;
		size_t k;

		if (utf8_next(folded, n, &i, &cp) < 0)
			abort(); /* text_fold returns valid UTF-8 */
		c = lookalike_cyrillic(cp);
		k = utf8_encode(c != 0 ? c : cp, enc);
		if (k == 0 || buf_add(&b, enc, k) < 0)
			abort(); /* a decoded code point, within 4 bytes of each */
	}
	free(folded);
	return buf_detach(&b, NULL);
}

static void
arr_add_str(json_t *a, const char *s)
{
	if (json_array_append_new(a, json_string(s)) < 0)
		abort();
}

json_t *
hashtag_required_check(const char *caption, const json_t *required)
{
	json_t *res = json_object(), *found = json_array(), *missing = json_array(),
	       *lookalike = json_array();
	json_t *seen = json_object(), *tags;
	size_t i, j, k;

	if (res == NULL || found == NULL || missing == NULL || lookalike == NULL || seen == NULL)
		abort();
	if (caption == NULL)
		caption = "";
	for (i = 0; json_is_array(required) && i < json_array_size(required); i++) {
		const char *tag = json_string_value(json_array_get(required, i));
		char *key;

		if (tag == NULL)
			continue;
		/* Each required tag once, however many times the list repeats it. */
		key = text_fold(tag, strlen(tag));
		if (key == NULL || json_object_get(seen, key) != NULL) {
			free(key);
			continue;
		}
		if (json_object_set_new(seen, key, json_true()) < 0)
			abort();
		free(key);
		arr_add_str(hashtag_text_has(caption, tag) ? found : missing, tag);
	}
	json_decref(seen);
	/* A tag of the caption that is a missing one with Latin look-alike letters. */
	tags = hashtag_extract(caption);
	for (j = 0; json_array_size(missing) > 0 && j < json_array_size(tags); j++) {
		const char *written = json_string_value(json_array_get(tags, j));
		char *wkey = lookalike_key(written);

		for (k = 0; wkey != NULL && k < json_array_size(missing); k++) {
			const char *expected = json_string_value(json_array_get(missing, k));
			char *ekey = lookalike_key(expected);
			int hit = ekey != NULL && strcmp(wkey, ekey) == 0;

			free(ekey);
			if (!hit)
				continue;
			if (json_array_append_new(lookalike, json_pack("{s:s,s:s}", "written", written,
								       "expected", expected)) < 0)
				abort();
			break;
		}
		free(wkey);
	}
	json_decref(tags);
	if (json_object_set_new(res, "ok", json_boolean(json_array_size(missing) == 0)) < 0 ||
	    json_object_set_new(res, "found", found) < 0 ||
	    json_object_set_new(res, "missing", missing) < 0 ||
	    json_object_set_new(res, "lookalike", lookalike) < 0)
		abort();
	return res;
}

/* Which letters of `written` stand in for another script's in `expected`. */
static const char *
lookalike_phrase(const char *written, const char *expected)
{
	char *w = text_fold(written, strlen(written)), *e = text_fold(expected, strlen(expected));
	size_t wn, en, i = 0, k = 0, latin = 0, cyrillic = 0;
	const char *phrase;
	int32_t a, b;

	wn = w != NULL ? strlen(w) : 0;
	en = e != NULL ? strlen(e) : 0;
	while (i < wn && k < en && utf8_next(w, wn, &i, &a) == 0 && utf8_next(e, en, &k, &b) == 0) {
		if (a == b)
			continue;
		if (lookalike_cyrillic(a) == b)
			latin++;
		else if (lookalike_cyrillic(b) == a)
			cyrillic++;
	}
	free(w);
	free(e);
	if (latin > 0 && cyrillic > 0)
		phrase = "перепутаны латинские и русские буквы";
	else if (latin > 1)
		phrase = "латинские буквы вместо русских";
	else if (latin == 1)
		phrase = "латинская буква вместо русской";
	else if (cyrillic > 1)
		phrase = "русские буквы вместо латинских";
	else if (cyrillic == 1)
		phrase = "русская буква вместо латинской";
	else
		phrase = "буквы другого алфавита";
	return phrase;
}

char *
hashtag_required_message(const json_t *check)
{
	const json_t *missing = json_object_get(check, "missing"),
		     *lookalike = json_object_get(check, "lookalike");
	size_t i, nm, parts = 0;
	struct buf b;
	int r = 0;

	buf_init(&b, BUF_MAX_DEFAULT);
	if (!json_is_object(check) || json_is_true(json_object_get(check, "ok")))
		return buf_detach(&b, NULL);
	for (i = 0, nm = 0; i < json_array_size(missing); i++)
		nm += json_is_string(json_array_get(missing, i));
	for (i = 0; i < json_array_size(missing); i++) {
		const char *tag = json_string_value(json_array_get(missing, i));

		if (tag == NULL)
			continue;
		r |= buf_adds(&b, parts == 0 ? (nm == 1 ? "нет хэштега " : "нет хэштегов ") : ", ");
		r |= buf_adds(&b, tag);
		parts++;
	}
	for (i = 0; i < json_array_size(lookalike); i++) {
		const json_t *l = json_array_get(lookalike, i);
		const char *written = json_string_value(json_object_get(l, "written"));
		const char *expected = json_string_value(json_object_get(l, "expected"));

		if (written == NULL || expected == NULL)
			continue;
		r |= buf_adds(&b, parts > 0 ? "; в " : "в ");
		r |= buf_addf(&b, "%s %s", written, lookalike_phrase(written, expected));
		parts++;
	}
	if (r < 0)
		abort(); /* a caption's tags (HASHTAG_TEXT_MAX) and a campaign's: far below the limit */
	return buf_detach(&b, NULL);
}
