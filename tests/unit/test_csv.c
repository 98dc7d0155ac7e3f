/*
 * test_csv: domain/csv.h — RFC 4180 quoting (doubled quotes, delimiters and
 * line breaks inside quotes), CRLF/LF and the line numbers they give, blank
 * lines, ragged rows, the strict and lax modes, the limits (fields per
 * record, bytes per field), an unterminated quote, delimiter detection
 * (';' vs ',', tabs, quotes, Excel's "sep=" line), and decoding: UTF-8 with
 * and without BOM, Windows-1251 (the table against known letters), and the
 * files that are not CSV text at all.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "domain/csv.h"

/* Reads every record of text; returns the last rc; *nrec records read. */
static enum csv_rc
read_all(struct csv_reader *r, size_t *nrec, unsigned lines[], size_t nf[])
{
	enum csv_rc rc;
	unsigned line;

	*nrec = 0;
	while ((rc = csv_reader_next(r, &line)) == CSV_OK) {
		lines[*nrec] = line;
		nf[*nrec] = r->nfields;
		(*nrec)++;
	}
	return rc;
}

static void
test_quotes_and_newlines(void **state)
{
	const char *t = "a;\"b;\"\"c\"\"\";d\r\n\"multi\r\nline\ntext\";x;\"\"\n\nlast;;\n";
	struct csv_reader r;
	unsigned line = 0;

	(void)state;
	csv_reader_init(&r, t, strlen(t), ';', 8, 1024, 0);
	assert_int_equal(csv_reader_next(&r, &line), CSV_OK);
	assert_int_equal(line, 1);
	assert_int_equal(r.nfields, 3);
	assert_string_equal(r.fields[0].data, "a");
	assert_string_equal(r.fields[1].data, "b;\"c\"");
	assert_string_equal(r.fields[2].data, "d");
	assert_int_equal(csv_reader_next(&r, &line), CSV_OK);
	assert_int_equal(line, 2);
	assert_int_equal(r.nfields, 3);
	assert_string_equal(r.fields[0].data, "multi\r\nline\ntext");
	assert_string_equal(r.fields[2].data, "");
	/* The blank line after the three-line record is line 5. */
	assert_int_equal(csv_reader_next(&r, &line), CSV_OK);
	assert_int_equal(line, 5);
	assert_int_equal(r.nfields, 0);
	assert_int_equal(csv_reader_next(&r, &line), CSV_OK);
	assert_int_equal(line, 6);
	assert_int_equal(r.nfields, 3); /* "last;;" has two empty fields */
	assert_int_equal(csv_reader_next(&r, &line), CSV_END);
	csv_reader_release(&r);
}

static void
test_ragged_and_no_final_newline(void **state)
{
	const char *t = "a,b,c\n1\n1,2,3,4\n\"q\"";
	struct csv_reader r;
	unsigned lines[8];
	size_t nf[8], n;

	(void)state;
	csv_reader_init(&r, t, strlen(t), ',', 8, 64, 0);
	assert_int_equal(read_all(&r, &n, lines, nf), CSV_END);
	assert_int_equal(n, 4);
	assert_int_equal(nf[0], 3);
	assert_int_equal(nf[1], 1);
	assert_int_equal(nf[2], 4);
	assert_int_equal(nf[3], 1);
	assert_string_equal(r.fields[0].data, "q");
	assert_int_equal(lines[3], 4);
	csv_reader_release(&r);
}

static void
test_errors_strict(void **state)
{
	struct csv_reader r;
	unsigned line;
	char why[CSV_REASON_MAX];
	const char *unterminated = "h\nok\n\"open\nstill open\n";

	(void)state;
	/* The quote opens on line 3 and never closes: the error names line 3. */
	csv_reader_init(&r, unterminated, strlen(unterminated), ',', 4, 64, 0);
	assert_int_equal(csv_reader_next(&r, &line), CSV_OK);
	assert_int_equal(csv_reader_next(&r, &line), CSV_OK);
	assert_int_equal(csv_reader_next(&r, &line), CSV_UNTERMINATED);
	assert_int_equal(r.err_line, 3);
	csv_reason(&r, CSV_UNTERMINATED, why);
	assert_string_equal(why, "кавычка не закрыта");
	csv_reader_release(&r);

	csv_reader_init(&r, "a\"b", 3, ',', 4, 64, 0);
	assert_int_equal(csv_reader_next(&r, &line), CSV_STRAY_QUOTE);
	csv_reader_release(&r);

	csv_reader_init(&r, "\"a\"b;c", 6, ';', 4, 64, 0);
	assert_int_equal(csv_reader_next(&r, &line), CSV_AFTER_QUOTE);
	csv_reason(&r, CSV_AFTER_QUOTE, why);
	assert_non_null(strstr(why, "точка с запятой"));
	csv_reader_release(&r);

	csv_reader_init(&r, "a\rb\n", 4, ',', 4, 64, 0);
	assert_int_equal(csv_reader_next(&r, &line), CSV_BARE_CR);
	csv_reader_release(&r);
}

static void
test_lax(void **state)
{
	const char *t = "Акция \"Хартия\";x\rnext;\"in\rquote\"\rend";
	struct csv_reader r;
	unsigned line;

	(void)state;
	csv_reader_init(&r, t, strlen(t), ';', 4, 64, CSV_LAX);
	assert_int_equal(csv_reader_next(&r, &line), CSV_OK);
	assert_string_equal(r.fields[0].data, "Акция \"Хартия\"");
	assert_int_equal(csv_reader_next(&r, &line), CSV_OK);
	assert_int_equal(line, 2);
	assert_string_equal(r.fields[1].data, "in\rquote");
	assert_int_equal(csv_reader_next(&r, &line), CSV_OK);
	assert_int_equal(line, 4); /* old Mac line ends count, inside quotes too */
	assert_string_equal(r.fields[0].data, "end");
	csv_reader_release(&r);
}

static void
test_limits(void **state)
{
	struct csv_reader r;
	unsigned line;
	char why[CSV_REASON_MAX], longf[40];

	(void)state;
	csv_reader_init(&r, "a,b,c,d\n", 8, ',', 3, 64, 0);
	assert_int_equal(csv_reader_next(&r, &line), CSV_TOO_MANY_FIELDS);
	csv_reason(&r, CSV_TOO_MANY_FIELDS, why);
	assert_string_equal(why, "слишком много полей (не более 3)");
	csv_reader_release(&r);

	memset(longf, 'x', sizeof(longf));
	csv_reader_init(&r, longf, sizeof(longf), ',', 3, 16, 0);
	assert_int_equal(csv_reader_next(&r, &line), CSV_FIELD_TOO_LONG);
	csv_reason(&r, CSV_FIELD_TOO_LONG, why);
	assert_string_equal(why, "слишком длинное поле (не более 16 байт)");
	csv_reader_release(&r);

	/* Exactly at the limits is fine. */
	csv_reader_init(&r, longf, 16, ',', 1, 16, 0);
	assert_int_equal(csv_reader_next(&r, &line), CSV_OK);
	assert_int_equal(r.fields[0].len, 16);
	csv_reader_release(&r);
}

static size_t skip_seen;

static char
detect(const char *s)
{
	return csv_delimiter_detect(s, strlen(s), &skip_seen);
}

static void
test_delimiter(void **state)
{
	size_t skip;
	const char *sep = "sep=,\r\na;b,c\n";

	(void)state;
	assert_int_equal(detect("Дата;Название;Охват\n1,2;3"), ';');
	assert_int_equal(skip_seen, 0);
	assert_int_equal(detect("date,title,reach;x\n"), ',');
	/* Delimiters inside quotes do not count. */
	assert_int_equal(detect("\"a,b,c,d\";x;y\n"), ';');
	assert_int_equal(detect("a\tb\tc\n"), '\t');
	/* Ties go to ';', nothing at all to ','. */
	assert_int_equal(detect("a;b,c\n"), ';');
	assert_int_equal(detect("title\n"), ',');
	/* Only the first line is looked at. */
	assert_int_equal(detect("a;b\nc,d,e,f\n"), ';');
	assert_int_equal(csv_delimiter_detect(sep, strlen(sep), &skip), ',');
	assert_int_equal(skip, 7);
}

static void
test_decode_utf8(void **state)
{
	struct buf out;
	enum csv_encoding enc;
	unsigned bad;

	(void)state;
	buf_init(&out, 1024);
	assert_int_equal(csv_decode("\xef\xbb\xbfДата;X\n", 14, &out, &enc, &bad), CSV_DECODE_OK);
	assert_int_equal(enc, CSV_ENC_UTF8_BOM);
	assert_string_equal(out.data, "Дата;X\n");
	assert_int_equal(csv_decode("ascii,only\n", 11, &out, &enc, &bad), CSV_DECODE_OK);
	assert_int_equal(enc, CSV_ENC_UTF8);
	assert_string_equal(out.data, "ascii,only\n");
	assert_string_equal(csv_encoding_code(CSV_ENC_CP1251), "windows-1251");
	buf_release(&out);
}

static void
test_decode_cp1251(void **state)
{
	/* «Привет, Ёжик! № 5 — €» in Windows-1251. */
	static const char in[] = "\xcf\xf0\xe8\xe2\xe5\xf2, \xa8\xe6\xe8\xea! \xb9 5 \x97 \x88\n"
				 "\xab\xc0\xff\xbb\xb8";
	struct buf out;
	enum csv_encoding enc;
	unsigned bad;

	(void)state;
	buf_init(&out, 3 * sizeof(in) + 1);
	assert_int_equal(csv_decode(in, sizeof(in) - 1, &out, &enc, &bad), CSV_DECODE_OK);
	assert_int_equal(enc, CSV_ENC_CP1251);
	assert_string_equal(out.data, "Привет, Ёжик! № 5 — €\n«Ая»ё");
	/* The table: the alphabet in order, and the oddities. */
	assert_int_equal(csv_cp1251_to_ucs(0xC0), 0x0410);
	assert_int_equal(csv_cp1251_to_ucs(0xDF), 0x042F);
	assert_int_equal(csv_cp1251_to_ucs(0xE0), 0x0430);
	assert_int_equal(csv_cp1251_to_ucs(0xFF), 0x044F);
	assert_int_equal(csv_cp1251_to_ucs(0xA0), 0x00A0);
	assert_int_equal(csv_cp1251_to_ucs(0x96), 0x2013);
	assert_int_equal(csv_cp1251_to_ucs(0x80), 0x0402);
	assert_int_equal(csv_cp1251_to_ucs(0xA5), 0x0490);
	assert_int_equal(csv_cp1251_to_ucs(0x98), -1);
	assert_int_equal(csv_cp1251_to_ucs('A'), 'A');
	/* 0x98 is undefined: the file is neither. */
	assert_int_equal(csv_decode("a\nb\x98", 4, &out, &enc, &bad), CSV_DECODE_CP1251_UNDEFINED);
	assert_int_equal(bad, 2);
	buf_release(&out);
}

static void
test_decode_not_text(void **state)
{
	struct buf out;
	enum csv_encoding enc;
	unsigned bad;

	(void)state;
	buf_init(&out, 1024);
	assert_int_equal(csv_decode("PK\x03\x04rest", 8, &out, &enc, &bad), CSV_DECODE_SPREADSHEET);
	assert_int_equal(csv_decode("\xd0\xcf\x11\xe0....", 8, &out, &enc, &bad), CSV_DECODE_SPREADSHEET);
	assert_int_equal(csv_decode("\xff\xfe"
				    "a\0",
				    4, &out, &enc, &bad),
			 CSV_DECODE_UTF16);
	assert_int_equal(csv_decode("a\nb\nc\0d", 7, &out, &enc, &bad), CSV_DECODE_NUL);
	assert_int_equal(bad, 3);
	assert_int_equal(csv_decode("\xef\xbb\xbf", 3, &out, &enc, &bad), CSV_DECODE_EMPTY);
	assert_int_equal(csv_decode("", 0, &out, &enc, &bad), CSV_DECODE_EMPTY);
	/* A BOM promises UTF-8: broken bytes after it are an error, not Windows-1251. */
	assert_int_equal(csv_decode("\xef\xbb\xbf"
				    "ok\n\xcf\xf0",
				    8, &out, &enc, &bad),
			 CSV_DECODE_BAD_UTF8);
	assert_int_equal(bad, 2);
	assert_non_null(strstr(csv_decode_reason(CSV_DECODE_SPREADSHEET), "Excel"));
	buf_release(&out);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_quotes_and_newlines),
		cmocka_unit_test(test_ragged_and_no_final_newline),
		cmocka_unit_test(test_errors_strict),
		cmocka_unit_test(test_lax),
		cmocka_unit_test(test_limits),
		cmocka_unit_test(test_delimiter),
		cmocka_unit_test(test_decode_utf8),
		cmocka_unit_test(test_decode_cp1251),
		cmocka_unit_test(test_decode_not_text),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
