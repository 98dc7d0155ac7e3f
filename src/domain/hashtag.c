/*
 * hashtag: scanning text for hashtags and comparing them (see hashtag.h).
 */
#include "domain/hashtag.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <utf8proc.h>

#include "domain/campaign.h"
#include "domain/text.h"

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

int
hashtag_next(const char *s, size_t n, size_t *pos, size_t *off, size_t *len)
{
	size_t i = *pos;
	int prev_word = 0;
	int32_t cp;

	if (n > HASHTAG_TEXT_MAX)
		n = HASHTAG_TEXT_MAX;
	/* A '#' at *pos is only a start if the byte before it is not a word character. */
	if (i > 0 && i <= n) {
		size_t k = utf8_prev(s, i);

		if (utf8_next(s, n, &k, &cp) == 0 && k == i && wclass(cp) != W_OTHER)
			prev_word = 1;
	}
	while (i < n) {
		size_t at = i, j;
		int after_letter = 0, count = 0;

		if (utf8_next(s, n, &i, &cp) < 0) {
			i = at + 1;
			prev_word = 0;
			continue;
		}
		if (cp != '#' || prev_word) {
			prev_word = wclass(cp) != W_OTHER;
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
			prev_word = 0;
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
