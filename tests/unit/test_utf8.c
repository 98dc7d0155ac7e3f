/*
 * test_utf8: util/utf8.h — strict decoding (overlongs, surrogates, beyond
 * U+10FFFF, truncation, stray continuation bytes), validation, code point
 * and grapheme counts, cutting on a boundary (and mending a cut string),
 * encoding, and the case-fold collation key in Cyrillic, Latin-extended,
 * Greek and Ukrainian.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "util/buf.h"
#include "util/utf8.h"

/* Counts n of s as user-perceived characters; -1 when utf8_grapheme_count refuses it. */
static long
graphemes(const char *s, size_t n)
{
	size_t c = 0;

	return utf8_grapheme_count(s, n, &c) == 0 ? (long)c : -1;
}

static void
test_utf8_next(void **state)
{
	const char *s = "Ёж";
	size_t i = 0;
	int32_t cp = 0;

	(void)state;
	assert_int_equal(utf8_next(s, strlen(s), &i, &cp), 0);
	assert_int_equal(cp, 0x401);
	assert_int_equal(i, 2);
	assert_int_equal(utf8_next(s, strlen(s), &i, &cp), 0);
	assert_int_equal(cp, 0x436);
	assert_int_equal(utf8_next(s, strlen(s), &i, &cp), -1); /* at the end */
	i = 1;
	assert_int_equal(utf8_next(s, strlen(s), &i, &cp), -1); /* mid-sequence */
	assert_int_equal(i, 1);
}

static void
test_count(void **state)
{
	size_t n = 0;

	(void)state;
	assert_int_equal(utf8_count("", 0, &n), 0);
	assert_int_equal(n, 0);
	assert_int_equal(utf8_count("абв", strlen("абв"), &n), 0);
	assert_int_equal(n, 3); /* 6 bytes, 3 code points */
	assert_int_equal(utf8_count("ёж😀", strlen("ёж😀"), &n), 0);
	assert_int_equal(n, 3);
	assert_int_equal(utf8_count("е\xcc\x88", 4, &n), 0); /* e + combining diaeresis */
	assert_int_equal(n, 2);
	assert_int_equal(utf8_count("\xd0", 1, &n), -1);
}

static void
test_grapheme_count(void **state)
{
	struct buf b;
	int i;

	(void)state;
	assert_int_equal(graphemes("", 0), 0);
	assert_int_equal(graphemes("hello, world", 12), 12);
	assert_int_equal(graphemes("Приморье", strlen("Приморье")), 8);
	/* «ё» precomposed and as «е» + U+0308: one each. */
	assert_int_equal(graphemes("ё", strlen("ё")), 1);
	assert_int_equal(graphemes("е\xcc\x88ж", strlen("е\xcc\x88ж")), 2);
	/* An emoji with VS16, a ZWJ family, a flag, a skin tone: one each. */
	assert_int_equal(graphemes("\xe2\x9c\x88\xef\xb8\x8f", 6), 1);
	assert_int_equal(graphemes("ё\xe2\x9c\x88\xef\xb8\x8f", 8), 2);
	assert_int_equal(graphemes("\xf0\x9f\x91\xa8\xe2\x80\x8d\xf0\x9f\x91\xa9\xe2\x80\x8d\xf0\x9f"
				   "\x91\xa7\xe2\x80\x8d\xf0\x9f\x91\xa6",
				   25),
			 1);
	assert_int_equal(graphemes("\xf0\x9f\x87\xb7\xf0\x9f\x87\xba", 8), 1); /* RU */
	assert_int_equal(graphemes("\xf0\x9f\x87\xb7\xf0\x9f\x87\xba\xf0\x9f\x87\xb7", 12), 2);
	assert_int_equal(graphemes("\xf0\x9f\x91\x8d\xf0\x9f\x8f\xbd", 8), 1); /* thumbs up, tone 4 */
	assert_int_equal(graphemes("\r\n", 2), 1);
	/* «ё✈️» ×3400: 10 200 code points, 6 800 characters. */
	buf_init(&b, 1 << 20);
	for (i = 0; i < 3400; i++)
		assert_int_equal(buf_adds(&b, "ё\xe2\x9c\x88\xef\xb8\x8f"), 0);
	assert_int_equal(graphemes(b.data, b.len), 6800);
	buf_release(&b);
	/* Invalid UTF-8 and NUL are refused, as by utf8_count. */
	assert_int_equal(graphemes("\xd0", 1), -1);
	assert_int_equal(graphemes("a\xc0\xaf"
				   "b",
				   4),
			 -1);
	assert_int_equal(graphemes("\xed\xa0\x80", 3), -1);
	assert_int_equal(graphemes("a\0b", 3), -1);
}

/* Shortening never cuts a character in two. */
static void
test_utf8_fit(void **state)
{
	const char *s = "жёлтый"; /* 12 bytes, 6 letters of 2 bytes */

	(void)state;
	assert_int_equal(utf8_fit(s, 12, 100), 12);
	assert_int_equal(utf8_fit(s, 12, 12), 12);
	assert_int_equal(utf8_fit(s, 12, 11), 10);
	assert_int_equal(utf8_fit(s, 12, 1), 0);
	assert_int_equal(utf8_fit("a\xe2\x9c\x88"
				  "b",
				  5, 3),
			 1); /* ✈ is 3 bytes */
	assert_int_equal(utf8_fit("a\xe2\x9c\x88"
				  "b",
				  5, 4),
			 4);
	assert_int_equal(utf8_fit("abc", 3, 0), 0);
}

/* Each malformed sequence is refused by utf8_next, utf8_valid and utf8_count alike. */
static void
test_bad_sequences(void **state)
{
	static const char *const bad[] = {
		"\x80", /* a stray continuation byte */
		"\xbf", /* another */
		"\xc0\xaf", /* overlong '/' */
		"\xc1\xbf", /* overlong, 0xc1 lead */
		"\xe0\x80\xaf", /* overlong '/', three bytes */
		"\xf0\x80\x80\xaf", /* overlong '/', four bytes */
		"\xed\xa0\x80", /* U+D800, a surrogate */
		"\xed\xbf\xbf", /* U+DFFF */
		"\xf4\x90\x80\x80", /* U+110000 */
		"\xf5\x80\x80\x80", /* lead beyond 0xf4 */
		"\xff", /* never in UTF-8 */
		"\xd0", /* truncated */
		"\xe2\x9c", /* truncated */
		"\xd0\x41", /* lead then ASCII */
	};
	size_t k, i, n;
	int32_t cp = 7;

	(void)state;
	for (k = 0; k < sizeof(bad) / sizeof(bad[0]); k++) {
		i = 0;
		assert_int_equal(utf8_next(bad[k], strlen(bad[k]), &i, &cp), -1);
		assert_int_equal(i, 0);
		assert_int_equal(cp, 7);
		assert_int_equal(utf8_valid(bad[k], strlen(bad[k])), -1);
		assert_int_equal(utf8_count(bad[k], strlen(bad[k]), &n), -1);
	}
	/* The edges that are valid. */
	assert_int_equal(utf8_valid("\xc2\x80", 2), 0); /* U+0080 */
	assert_int_equal(utf8_valid("\xed\x9f\xbf", 3), 0); /* U+D7FF */
	assert_int_equal(utf8_valid("\xee\x80\x80", 3), 0); /* U+E000 */
	assert_int_equal(utf8_valid("\xf4\x8f\xbf\xbf", 4), 0); /* U+10FFFF */
	/* NUL decodes, but a checked string may not hold it. */
	i = 0;
	assert_int_equal(utf8_next("\0", 1, &i, &cp), 0);
	assert_int_equal(cp, 0);
	assert_int_equal(utf8_valid("a\0b", 3), -1);
	/* Never reads past n: a valid sequence cut by n is truncated. */
	i = 0;
	assert_int_equal(utf8_next("ж", 1, &i, &cp), -1);
}

/* Lax counts for display: a byte that does not decode counts as one. */
static void
test_length_prefix(void **state)
{
	(void)state;
	assert_int_equal(utf8_length("", 0), 0);
	assert_int_equal(utf8_length("Приморье", strlen("Приморье")), 8);
	assert_int_equal(utf8_length("a\xff"
				     "b",
				     3),
			 3);
	assert_int_equal(utf8_length("\xd0", 1), 1);
	assert_int_equal(utf8_prefix("Приморье", strlen("Приморье"), 3), 6);
	assert_int_equal(utf8_prefix("Приморье", strlen("Приморье"), 100), 16);
	assert_int_equal(utf8_prefix("a\xff"
				     "b",
				     3, 2),
			 2);
	assert_int_equal(utf8_prefix("abc", 3, 0), 0);
}

/* A string snprintf already cut loses its trailing half character. */
static void
test_fit_mends_cut(void **state)
{
	(void)state;
	assert_int_equal(utf8_fit("ab\xd0", 3, 3), 2);
	assert_int_equal(utf8_fit("a\xe2\x9c", 3, 3), 1);
	assert_int_equal(utf8_fit("a\xf0\x9f\x98", 4, 4), 1);
	assert_int_equal(utf8_fit("a\xf0\x9f\x98\x80", 5, 5), 5);
	assert_int_equal(utf8_fit("", 0, 0), 0);
	assert_int_equal(utf8_prev("aж", 3), 1);
	assert_int_equal(utf8_prev("aж", 1), 0);
	assert_int_equal(utf8_prev("\xf0\x9f\x98\x80", 4), 0);
}

static void
test_encode(void **state)
{
	static const int32_t cps[] = {0x41,   0x7f,   0x80,    0x451,   0x7ff,   0x800,
				      0x2708, 0xffff, 0x10000, 0x1f600, 0x10ffff};
	char out[UTF8_SEQ_MAX];
	size_t k, n, i;
	int32_t cp;

	(void)state;
	for (k = 0; k < sizeof(cps) / sizeof(cps[0]); k++) {
		n = utf8_encode(cps[k], out);
		assert_true(n >= 1 && n <= 4);
		i = 0;
		assert_int_equal(utf8_next(out, n, &i, &cp), 0);
		assert_int_equal(i, n);
		assert_int_equal(cp, cps[k]);
	}
	assert_int_equal(utf8_encode(0xd800, out), 0);
	assert_int_equal(utf8_encode(0xdfff, out), 0);
	assert_int_equal(utf8_encode(0x110000, out), 0);
	assert_int_equal(utf8_encode(-1, out), 0);
}

/* strcmp on collation keys; 2 when either is not UTF-8. */
static int
key_cmp(const char *a, const char *b)
{
	char *ka = utf8_fold_key(a, strlen(a)), *kb = utf8_fold_key(b, strlen(b));
	int c = 2;

	if (ka && kb)
		c = strcmp(ka, kb) < 0 ? -1 : strcmp(ka, kb) > 0;
	free(ka);
	free(kb);
	return c;
}

/* The collation key: Unicode case folding in every script, «ё» as «е». */
static void
test_fold_key(void **state)
{
	char *k;

	(void)state;
	assert_int_equal(key_cmp("Ёлкино", "елкино"), 0);
	assert_int_equal(key_cmp("ЁЛКИНО", "ёлкино"), 0);
	assert_int_equal(key_cmp("е\xcc\x88лкино", "Елкино"), 0); /* е + U+0308 is ё */
	assert_int_equal(key_cmp("Арсеньев", "артём"), -1);
	/* Beyond ASCII and А–Я: the dashboard's old fold left these as they were. */
	assert_int_equal(key_cmp("Ґалич", "ґалич"), 0); /* Ukrainian Ґ */
	assert_int_equal(key_cmp("Їжакевич", "їжакевич"), 0); /* Ukrainian Ї */
	assert_int_equal(key_cmp("ΑΘΗΝΑ", "αθηνα"), 0); /* Greek */
	assert_int_equal(key_cmp("Ωμέγα", "ωμέγα"), 0);
	assert_int_equal(key_cmp("Łódź", "łódź"), 0); /* Latin-extended */
	assert_int_equal(key_cmp("ÉCOLE", "école"), 0);
	assert_int_equal(key_cmp("Straße", "STRASSE"), 0); /* full folding: ß is ss */
	/* Case never decides the order: Ł sorts after every l-word's l, as ł does. */
	assert_int_equal(key_cmp("Łódź", "lublin"), 1);
	assert_int_equal(key_cmp("łódź", "Lublin"), 1);
	/* Latin "o" and Cyrillic «о» stay apart. */
	assert_int_not_equal(key_cmp("o", "о"), 0);
	k = utf8_fold_key("Ёж", strlen("Ёж"));
	assert_string_equal(k, "еж");
	free(k);
	assert_null(utf8_fold_key("\xd0", 1));
	assert_null(utf8_fold_key("a\0b", 3));
	assert_int_equal(key_cmp("\xc0\xaf", "a"), 2);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_utf8_next),     cmocka_unit_test(test_bad_sequences),
		cmocka_unit_test(test_count),         cmocka_unit_test(test_grapheme_count),
		cmocka_unit_test(test_length_prefix), cmocka_unit_test(test_utf8_fit),
		cmocka_unit_test(test_fit_mends_cut), cmocka_unit_test(test_encode),
		cmocka_unit_test(test_fold_key),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
