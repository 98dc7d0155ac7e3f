/*
 * test_hashtag: domain/hashtag.h — hashtags compare by NFC + case folding
 * (#МояХартия = #мояхартия = #МОЯХАРТИЯ, «ё» in NFD = «ё»), a Latin look-alike
 * letter never matches, extraction from a post stops at the first non-word
 * character and ignores '#' inside words, and "does this post carry the
 * tag" wants the whole tag; glued tags ("#хартия#ХартияПриморье") split
 * while "почта#тег" stays no tag; a contest caption checked against its
 * required tags (found, missing, Latin look-alikes named) and the Russian
 * verdict.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "domain/hashtag.h"

static void
test_equal(void **state)
{
	(void)state;
	assert_true(hashtag_equal("#МояХартия", "#мояхартия"));
	assert_true(hashtag_equal("#МояХартия", "#МОЯХАРТИЯ"));
	assert_true(hashtag_equal("#ХартияПриморье", "#хартияприморье"));
	/* «ё» composed vs «е» + U+0308; «Ё» upper vs lower. */
	assert_true(hashtag_equal("#ёлка", "#е\xcc\x88лка"));
	assert_true(hashtag_equal("#Ёлка", "#ёлка"));
	assert_false(hashtag_equal("#ёлка", "#елка")); /* ё is not е */
	/* Latin look-alikes: o (U+006F), a (U+0061), x (U+0078), M (U+004D). */
	assert_false(hashtag_equal("#МояХартия", "#MояХартия"));
	assert_false(hashtag_equal("#МояХартия", "#МoяХартия"));
	assert_false(hashtag_equal("#МояХартия", "#МояХaртия"));
	assert_false(hashtag_equal("#МояХартия", "#МояxартиЯ"));
	/* Not hashtags at all. */
	assert_false(hashtag_equal("#Моя Хартия", "#Моя Хартия"));
	assert_false(hashtag_equal("МояХартия", "МояХартия"));
	assert_false(hashtag_equal("#", "#"));
}

static void
test_key(void **state)
{
	char *k;

	(void)state;
	k = hashtag_key("#МОЯХАРТИЯ");
	assert_non_null(k);
	assert_string_equal(k, "#мояхартия");
	free(k);
	assert_null(hashtag_key("#цифровая-этика"));
	assert_null(hashtag_key(""));
}

static void
test_extract(void **state)
{
	json_t *tags;

	(void)state;
	tags = hashtag_extract("Присоединяйтесь! #МояХартия, #хартия.\n#ХартияПриморье и снова #мояхартия "
			       "а это не тег: почта#тег, ## и # одиночные; #цифроваяэтикадетства2022!");
	assert_int_equal(json_array_size(tags), 4);
	assert_string_equal(json_string_value(json_array_get(tags, 0)), "#МояХартия");
	assert_string_equal(json_string_value(json_array_get(tags, 1)), "#хартия");
	assert_string_equal(json_string_value(json_array_get(tags, 2)), "#ХартияПриморье");
	assert_string_equal(json_string_value(json_array_get(tags, 3)), "#цифроваяэтикадетства2022");
	json_decref(tags);

	/* NFD input comes out NFC; the combining mark stays inside the tag. */
	tags = hashtag_extract("#е\xcc\x88лка_2022 #Моя Хартия");
	assert_int_equal(json_array_size(tags), 2);
	assert_string_equal(json_string_value(json_array_get(tags, 0)), "#ёлка_2022");
	assert_string_equal(json_string_value(json_array_get(tags, 1)), "#Моя");
	json_decref(tags);

	/* A '#' right after a '#' starts a tag; invalid bytes are skipped safely. */
	tags = hashtag_extract("##два \xff#три #\xff");
	assert_int_equal(json_array_size(tags), 2);
	assert_string_equal(json_string_value(json_array_get(tags, 0)), "#два");
	assert_string_equal(json_string_value(json_array_get(tags, 1)), "#три");
	json_decref(tags);

	tags = hashtag_extract("");
	assert_int_equal(json_array_size(tags), 0);
	json_decref(tags);
}

static void
test_text_has(void **state)
{
	const char *post = "Мы присоединились к Хартии! #МОЯХАРТИЯ #ХартияПриморье";

	(void)state;
	assert_true(hashtag_text_has(post, "#МояХартия"));
	assert_true(hashtag_text_has(post, "#хартияприморье"));
	assert_false(hashtag_text_has(post, "#хартия")); /* a prefix is not the tag */
	assert_false(hashtag_text_has("#МояХартия2022", "#МояХартия"));
	assert_false(hashtag_text_has("#MояХартия", "#МояХартия")); /* Latin M */
	assert_false(hashtag_text_has("МояХартия без решётки", "#МояХартия"));
	assert_false(hashtag_text_has("текст#МояХартия", "#МояХартия"));
	assert_true(hashtag_text_has("(#МояХартия)", "#МояХартия"));
	assert_false(hashtag_text_has(post, "МояХартия")); /* not a valid tag to look for */
}

static void
test_mixed_script(void **state)
{
	(void)state;
	assert_true(hashtag_mixed_script("#MояХартия"));
	assert_true(hashtag_mixed_script("#МояХaртия"));
	assert_false(hashtag_mixed_script("#МояХартия"));
	assert_false(hashtag_mixed_script("#internetforkids"));
	assert_false(hashtag_mixed_script("#Хартия2022"));
}

static void
test_glued(void **state)
{
	json_t *tags;

	(void)state;
	tags = hashtag_extract("#хартия#ХартияПриморье#цифроваяэтикадетства");
	assert_int_equal(json_array_size(tags), 3);
	assert_string_equal(json_string_value(json_array_get(tags, 0)), "#хартия");
	assert_string_equal(json_string_value(json_array_get(tags, 1)), "#ХартияПриморье");
	assert_string_equal(json_string_value(json_array_get(tags, 2)), "#цифроваяэтикадетства");
	json_decref(tags);
	/* Glued to a word, a '#' is no tag; "##" between tags is skipped. */
	tags = hashtag_extract("почта#тег слово#хартия #один##два #три#");
	assert_int_equal(json_array_size(tags), 3);
	assert_string_equal(json_string_value(json_array_get(tags, 0)), "#один");
	assert_string_equal(json_string_value(json_array_get(tags, 1)), "#два");
	assert_string_equal(json_string_value(json_array_get(tags, 2)), "#три");
	json_decref(tags);
	assert_true(hashtag_text_has("#хартия#ХартияПриморье", "#ХАРТИЯПРИМОРЬЕ"));
	assert_true(hashtag_text_has("#хартия#ХартияПриморье", "#хартия"));
	assert_false(hashtag_text_has("слово#хартия", "#хартия"));
	/* NFD before the glue: the mark is part of the first tag. */
	assert_true(hashtag_text_has("#е\xcc\x88лка#хартия", "#хартия"));
	assert_true(hashtag_text_has("#е\xcc\x88лка#хартия", "#ёлка"));
}

static void
test_trailing_punctuation(void **state)
{
	static const char *const captions[] = {
		"Наш ролик #хартия!",
		"Наш ролик #хартия…",
		"Наш ролик #хартия.",
		"(#хартия)",
		"«#хартия»",
		"#хартия,#ХартияПриморье",
		"#хартия\xf0\x9f\x8e\xac", /* 🎬 */
		"#хартия\n",
		"#ХАРТИЯ?!",
		"#Хартия\xc2\xa0и ещё", /* NBSP */
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(captions) / sizeof(captions[0]); i++)
		assert_true(hashtag_text_has(captions[i], "#хартия"));
	assert_false(hashtag_text_has("#хартия_", "#хартия"));
	assert_false(hashtag_text_has("#хартия2022!", "#хартия"));
}

static json_t *
demo_tags(void)
{
	return json_pack("[sss]", "#хартия", "#ХартияПриморье", "#цифроваяэтикадетства");
}

static const char *
str_at(const json_t *c, const char *key, size_t i)
{
	return json_string_value(json_array_get(json_object_get(c, key), i));
}

static size_t
count(const json_t *c, const char *key)
{
	return json_array_size(json_object_get(c, key));
}

static void
test_required_check(void **state)
{
	json_t *req = demo_tags(), *c;
	char *m;

	(void)state;
	/* All three, in another case, glued, with punctuation: ok. */
	c = hashtag_required_check("Смотрите наш ролик! #ХАРТИЯ#хартияприморье, #ЦифроваяЭтикаДетства…", req);
	assert_true(json_is_true(json_object_get(c, "ok")));
	assert_int_equal(count(c, "found"), 3);
	assert_string_equal(str_at(c, "found", 0), "#хартия");
	assert_string_equal(str_at(c, "found", 1), "#ХартияПриморье");
	assert_string_equal(str_at(c, "found", 2), "#цифроваяэтикадетства");
	assert_int_equal(count(c, "missing"), 0);
	assert_int_equal(count(c, "lookalike"), 0);
	m = hashtag_required_message(c);
	assert_string_equal(m, "");
	free(m);
	json_decref(c);

	/* One missing: listed as required; a longer tag does not count. */
	c = hashtag_required_check("#хартия #ХартияПриморье2022 #цифроваяэтикадетства", req);
	assert_false(json_is_true(json_object_get(c, "ok")));
	assert_int_equal(count(c, "found"), 2);
	assert_int_equal(count(c, "missing"), 1);
	assert_string_equal(str_at(c, "missing", 0), "#ХартияПриморье");
	m = hashtag_required_message(c);
	assert_string_equal(m, "нет хэштега #ХартияПриморье");
	free(m);
	json_decref(c);

	/* None: all listed; words without '#' and '#' inside words do not count. */
	c = hashtag_required_check("хартия ХартияПриморье текст#цифроваяэтикадетства", req);
	assert_int_equal(count(c, "found"), 0);
	assert_int_equal(count(c, "missing"), 3);
	m = hashtag_required_message(c);
	assert_string_equal(m, "нет хэштегов #хартия, #ХартияПриморье, #цифроваяэтикадетства");
	free(m);
	json_decref(c);
	json_decref(req);
}

static void
test_required_lookalike(void **state)
{
	json_t *req = demo_tags(), *c;
	char *m;

	(void)state;
	/* A Latin "X" (U+0058) in place of «Х». */
	c = hashtag_required_check("#хартия #XартияПриморье #цифроваяэтикадетства", req);
	assert_false(json_is_true(json_object_get(c, "ok")));
	assert_int_equal(count(c, "missing"), 1);
	assert_string_equal(str_at(c, "missing", 0), "#ХартияПриморье");
	assert_int_equal(count(c, "lookalike"), 1);
	assert_string_equal(json_string_value(json_object_get(
				    json_array_get(json_object_get(c, "lookalike"), 0), "written")),
			    "#XартияПриморье");
	assert_string_equal(json_string_value(json_object_get(
				    json_array_get(json_object_get(c, "lookalike"), 0), "expected")),
			    "#ХартияПриморье");
	m = hashtag_required_message(c);
	assert_string_equal(m,
			    "нет хэштега #ХартияПриморье; в #XартияПриморье латинская буква вместо русской");
	free(m);
	json_decref(c);

	/* Several Latin letters (a, p, o, e, c, T, H, K, M, B, y), and a look-alike in upper case. */
	c = hashtag_required_check("#xapтия #ХАРТИЯПРИМОРЬЕ #цифрoвaяэтикaдeтcтвa", req);
	assert_int_equal(count(c, "found"), 1);
	assert_int_equal(count(c, "missing"), 2);
	assert_int_equal(count(c, "lookalike"), 2);
	m = hashtag_required_message(c);
	assert_string_equal(m,
			    "нет хэштегов #хартия, #цифроваяэтикадетства; в #xapтия латинские буквы вместо "
			    "русских; в #цифрoвaяэтикaдeтcтвa латинские буквы вместо русских");
	free(m);
	json_decref(c);
	json_decref(req);

	req = json_pack("[ss]", "#ТВМНК", "#моу");
	c = hashtag_required_check("#TBMHK #мoy", req);
	assert_int_equal(count(c, "missing"), 2);
	assert_int_equal(count(c, "lookalike"), 2);
	json_decref(c);
	/* Letters with no look-alike stay a different tag, not a look-alike. */
	c = hashtag_required_check("#ТВМНЖ #моя", req);
	assert_int_equal(count(c, "missing"), 2);
	assert_int_equal(count(c, "lookalike"), 0);
	m = hashtag_required_message(c);
	assert_string_equal(m, "нет хэштегов #ТВМНК, #моу");
	free(m);
	json_decref(c);
	json_decref(req);

	/* The other way round: a Cyrillic «о» in a Latin tag. */
	req = json_pack("[s]", "#hope");
	c = hashtag_required_check("#hоpe", req);
	assert_int_equal(count(c, "lookalike"), 1);
	m = hashtag_required_message(c);
	assert_string_equal(m, "нет хэштега #hope; в #hоpe русская буква вместо латинской");
	free(m);
	json_decref(c);
	c = hashtag_required_check("#НОРЕ", req); /* «Н», «О», «Р», «Е» all Cyrillic */
	m = hashtag_required_message(c);
	assert_string_equal(m, "нет хэштега #hope; в #НОРЕ русские буквы вместо латинских");
	free(m);
	json_decref(c);
	json_decref(req);
}

static void
test_required_bad_inputs(void **state)
{
	json_t *req = demo_tags(), *c, *odd;
	char *m, *big;
	size_t n;

	(void)state;
	/* No caption, an empty one, invalid UTF-8: nothing found, no crash. */
	c = hashtag_required_check(NULL, req);
	assert_int_equal(count(c, "missing"), 3);
	json_decref(c);
	c = hashtag_required_check("", req);
	assert_int_equal(count(c, "missing"), 3);
	json_decref(c);
	c = hashtag_required_check("#хартия\xff#ХартияПриморье \xd0", req);
	assert_int_equal(count(c, "found"), 2);
	assert_string_equal(str_at(c, "missing", 0), "#цифроваяэтикадетства");
	json_decref(c);
	/* A tag past HASHTAG_TEXT_MAX is not read. */
	n = HASHTAG_TEXT_MAX + 64;
	big = malloc(n + 1);
	assert_non_null(big);
	memset(big, ' ', n);
	memcpy(big, "#хартия", strlen("#хартия"));
	memcpy(big + HASHTAG_TEXT_MAX + 8, "#ХартияПриморье", strlen("#ХартияПриморье"));
	big[n] = '\0';
	c = hashtag_required_check(big, req);
	assert_int_equal(count(c, "found"), 1);
	assert_int_equal(count(c, "missing"), 2);
	json_decref(c);
	free(big);
	json_decref(req);

	/* Nothing required: ok. Repeats counted once, non-strings skipped. */
	c = hashtag_required_check("текст", NULL);
	assert_true(json_is_true(json_object_get(c, "ok")));
	m = hashtag_required_message(c);
	assert_string_equal(m, "");
	free(m);
	json_decref(c);
	odd = json_pack("[sisn]", "#хартия", 1, "#ХАРТИЯ");
	c = hashtag_required_check("#Хартия", odd);
	assert_true(json_is_true(json_object_get(c, "ok")));
	assert_int_equal(count(c, "found"), 1);
	json_decref(c);
	c = hashtag_required_check("нет", odd);
	assert_int_equal(count(c, "missing"), 1);
	json_decref(c);
	json_decref(odd);

	/* The message of something that is not a check. */
	m = hashtag_required_message(NULL);
	assert_string_equal(m, "");
	free(m);
	odd = json_pack("{s:b,s:[s,i]}", "ok", 0, "missing", "#хартия", 7);
	m = hashtag_required_message(odd);
	assert_string_equal(m, "нет хэштега #хартия");
	free(m);
	json_decref(odd);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_equal),
		cmocka_unit_test(test_key),
		cmocka_unit_test(test_extract),
		cmocka_unit_test(test_text_has),
		cmocka_unit_test(test_mixed_script),
		cmocka_unit_test(test_glued),
		cmocka_unit_test(test_trailing_punctuation),
		cmocka_unit_test(test_required_check),
		cmocka_unit_test(test_required_lookalike),
		cmocka_unit_test(test_required_bad_inputs),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
