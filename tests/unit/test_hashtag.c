/*
 * test_hashtag: domain/hashtag.h — hashtags compare by NFC + case folding
 * (#МояХартия = #мояхартия = #МОЯХАРТИЯ, «ё» in NFD = «ё»), a Latin look-alike
 * letter never matches, extraction from a post stops at the first non-word
 * character and ignores '#' inside words, and "does this post carry the
 * tag" wants the whole tag.
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

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_equal),        cmocka_unit_test(test_key),
		cmocka_unit_test(test_extract),      cmocka_unit_test(test_text_has),
		cmocka_unit_test(test_mixed_script),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
