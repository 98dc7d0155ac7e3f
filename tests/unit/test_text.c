/*
 * test_text: domain/text.h — what a text field accepts (overlongs,
 * surrogates, truncation, NUL, controls), NFC and case folding of Cyrillic
 * in its many shapes, confusable Latin letters, trimming. Decoding,
 * counting and cutting are util/utf8.h's (test_utf8.c).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "domain/text.h"
#include "util/buf.h"

#define CHECK(s, flags) text_utf8_check((s), sizeof(s) - 1, (flags))

static void
test_utf8_valid(void **state)
{
	(void)state;
	assert_int_equal(CHECK("", 0), 0);
	assert_int_equal(CHECK("plain ascii", 0), 0);
	assert_int_equal(CHECK("Приморский край", 0), 0);
	assert_int_equal(CHECK("\xe2\x82\xac", 0), 0); /* € U+20AC */
	assert_int_equal(CHECK("\xf0\x9f\x98\x80", 0), 0); /* U+1F600 */
	assert_int_equal(CHECK("\xf4\x8f\xbf\xbf", 0), 0); /* U+10FFFF */
	assert_int_equal(CHECK("\xed\x9f\xbf", 0), 0); /* U+D7FF, just below surrogates */
	assert_int_equal(CHECK("\xee\x80\x80", 0), 0); /* U+E000, just above */
	assert_int_equal(CHECK("a\tb\nc\r\n", TEXT_NO_CONTROLS), 0); /* tab, LF, CR allowed */
}

static void
test_utf8_invalid(void **state)
{
	(void)state;
	assert_int_equal(CHECK("\xc0\xaf", 0), -1); /* overlong '/' */
	assert_int_equal(CHECK("\xc1\xbf", 0), -1); /* overlong */
	assert_int_equal(CHECK("\xe0\x80\xaf", 0), -1); /* overlong 3-byte */
	assert_int_equal(CHECK("\xf0\x80\x80\xaf", 0), -1); /* overlong 4-byte */
	assert_int_equal(CHECK("\xed\xa0\x80", 0), -1); /* U+D800 surrogate */
	assert_int_equal(CHECK("\xed\xbf\xbf", 0), -1); /* U+DFFF surrogate */
	assert_int_equal(CHECK("\xf4\x90\x80\x80", 0), -1); /* U+110000 */
	assert_int_equal(CHECK("\xf5\x80\x80\x80", 0), -1);
	assert_int_equal(CHECK("\xff", 0), -1);
	assert_int_equal(CHECK("\x80", 0), -1); /* lone continuation */
	assert_int_equal(CHECK("\xd0", 0), -1); /* truncated «П» */
	assert_int_equal(CHECK("\xd0\x9f\xd1", 0), -1); /* truncated at the end */
	assert_int_equal(CHECK("\xe2\x82", 0), -1);
	assert_int_equal(CHECK("\xd0\x41", 0), -1); /* lead then ASCII */
	assert_int_equal(CHECK("a\0b", 0), -1); /* NUL is never allowed */
	/* Controls only with the flag. */
	assert_int_equal(CHECK("a\x01z", 0), 0);
	assert_int_equal(CHECK("a\x01z", TEXT_NO_CONTROLS), -1);
	assert_int_equal(CHECK("a\x1bz", TEXT_NO_CONTROLS), -1);
	assert_int_equal(CHECK("a\x7fz", TEXT_NO_CONTROLS), -1);
	assert_int_equal(CHECK("a\nb", TEXT_SINGLE_LINE), -1);
	assert_int_equal(CHECK("a\rb", TEXT_SINGLE_LINE), -1);
	assert_int_equal(CHECK("a\x02z", TEXT_SINGLE_LINE), -1);
	assert_int_equal(CHECK("a\tb", TEXT_SINGLE_LINE), 0);
}

static void
test_fold(void **state)
{
	char *a, *b;

	(void)state;
	a = text_fold("#МояХартия", strlen("#МояХартия"));
	assert_non_null(a);
	assert_string_equal(a, "#мояхартия");
	free(a);
	/* Decomposed Ё (Е + U+0308) folds to the precomposed ё. */
	a = text_fold("\xd0\x95\xcc\x88лка", strlen("\xd0\x95\xcc\x88лка"));
	assert_non_null(a);
	assert_string_equal(a, "ёлка");
	free(a);
	a = text_nfc("\xd0\xb5\xcc\x88", 4);
	assert_non_null(a);
	assert_string_equal(a, "ё");
	free(a);
	/* NFC keeps case. */
	a = text_nfc("ЁЖ", strlen("ЁЖ"));
	assert_string_equal(a, "ЁЖ");
	free(a);
	b = text_fold("\xc0\xaf", 2);
	assert_null(b);
	b = text_fold("", 0);
	assert_non_null(b);
	assert_string_equal(b, "");
	free(b);
}

static void
test_fold_equal(void **state)
{
	(void)state;
	assert_true(text_fold_equal("#МояХартия", "#мояхартия"));
	assert_true(text_fold_equal("#МояХартия", "#МОЯХАРТИЯ"));
	assert_true(text_fold_equal("#мояхартия", "#МОЯХАРТИЯ"));
	assert_true(text_fold_equal("ЁЛКА", "ёлка"));
	assert_true(text_fold_equal("ёлка", "\xd0\xb5\xcc\x88лка")); /* precomposed vs combining */
	assert_true(text_fold_equal("\xd0\x95\xcc\x88ЛКА", "ёлка")); /* combining capital */
	assert_true(text_fold_equal("Straße", "STRASSE")); /* full case folding */
	/* ё and е are different letters. */
	assert_false(text_fold_equal("ёлка", "елка"));
	/* Latin look-alikes do not pass for Cyrillic: o (U+006F) vs о (U+043E), a vs а, x vs х. */
	assert_false(text_fold_equal("#МояХартия", "#Mo\xd1\x8fХартия"));
	assert_false(text_fold_equal("#мояхартия", "#моях\x61ртия"));
	assert_false(text_fold_equal("#мояхартия", "#моя\x78\xd0\xb0ртия"));
	assert_false(text_fold_equal("#мояхартия", "#МОЯXАРТИЯ"));
	/* Mixed scripts fold each letter by its own script. */
	assert_true(text_fold_equal("VK Клипы", "vk клипы"));
	assert_false(text_fold_equal("VK Клипы", "vk клипы "));
	/* Invalid input never equals anything, not even itself. */
	assert_false(text_fold_equal("\xff", "\xff"));
}

static void
test_space(void **state)
{
	(void)state;
	assert_true(text_cp_is_space(' '));
	assert_true(text_cp_is_space('\t'));
	assert_true(text_cp_is_space(0xa0)); /* no-break space */
	assert_true(text_cp_is_space(0x2003)); /* em space */
	assert_true(text_cp_is_space(0x3000)); /* ideographic space */
	assert_true(text_cp_is_space(0x2028)); /* line separator */
	assert_false(text_cp_is_space('x'));
	assert_false(text_cp_is_space(0x200b)); /* zero width space is not White_Space */
	assert_false(text_cp_is_space(0x44f)); /* я */
}

static void
test_trim(void **state)
{
	const char *s = "\xc2\xa0 \tПриморье\xe2\x80\x83\n";
	size_t off = 99, len = 99;
	char *c;

	(void)state;
	text_trim(s, strlen(s), &off, &len);
	assert_int_equal(off, 4);
	assert_int_equal(len, strlen("Приморье"));
	assert_memory_equal(s + off, "Приморье", len);
	text_trim("   ", 3, &off, &len);
	assert_int_equal(len, 0);
	text_trim("", 0, &off, &len);
	assert_int_equal(len, 0);
	text_trim("а б", strlen("а б"), &off, &len); /* inner space kept */
	assert_int_equal(off, 0);
	assert_int_equal(len, strlen("а б"));
	text_trim(" \xff ", 3, &off, &len); /* undecodable bytes are kept */
	assert_int_equal(off, 1);
	assert_int_equal(len, 1);

	c = text_clean("  \xd0\xb5\xcc\x88ж  ", strlen("  \xd0\xb5\xcc\x88ж  "), TEXT_SINGLE_LINE);
	assert_non_null(c);
	assert_string_equal(c, "ёж");
	free(c);
	assert_null(text_clean("a\nb", 3, TEXT_SINGLE_LINE));
	assert_null(text_clean("\xed\xa0\x80", 3, 0));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_utf8_valid), cmocka_unit_test(test_utf8_invalid),
		cmocka_unit_test(test_fold),       cmocka_unit_test(test_fold_equal),
		cmocka_unit_test(test_space),      cmocka_unit_test(test_trim),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
