/*
 * csv: svodka's one CSV reader (RFC 4180), shared by the municipalities file
 * (orgunit.c) and the import of reports from spreadsheets (import.c), plus
 * what a spreadsheet's "Save as CSV" needs around it: finding the delimiter
 * Excel used (';' in a Russian locale, ',' elsewhere, a "sep=;" first line)
 * and turning its bytes into UTF-8 (UTF-8 with or without a BOM, or
 * Windows-1251, which Excel's plain "CSV" writes on a Russian Windows).
 *
 * Invariants: the reader walks the text once, never reads past text + len,
 * and keeps the physical line number (1-based, "\r\n" counting once), so
 * every message can name the line a user sees in a text editor. A record's
 * fields are NUL-terminated buffers owned by the reader, valid until the
 * next call; a field never holds more than field_max bytes and a record
 * never more than max_fields fields. Pure: no I/O, allocation failure
 * aborts.
 */
#ifndef SVODKA_DOMAIN_CSV_H
#define SVODKA_DOMAIN_CSV_H

#include <stddef.h>

#include "util/buf.h"

enum csv_flags {
	/*
	 * Forgiving input from hand-made files: a '"' inside an unquoted field
	 * is a literal character, and a lone '\r' ends a line (old Mac Excel).
	 * Without it both are errors.
	 */
	CSV_LAX = (1 << 0),
};

enum csv_rc {
	CSV_OK, /* a record was read (possibly blank: nfields 0) */
	CSV_END, /* no more text */
	CSV_UNTERMINATED, /* a quoted field runs to the end of the text */
	CSV_STRAY_QUOTE, /* '"' inside an unquoted field (strict mode) */
	CSV_AFTER_QUOTE, /* something other than a delimiter or line end after a closing quote */
	CSV_BARE_CR, /* '\r' not followed by '\n' (strict mode) */
	CSV_TOO_MANY_FIELDS,
	CSV_FIELD_TOO_LONG,
	CSV_RC__MAX
};

struct csv_reader {
	const char *p; /* the text, not owned */
	size_t n, i; /* its length and the read position */
	char delim; /* ',', ';' or '\t' */
	unsigned flags; /* enum csv_flags */
	unsigned line; /* physical line of p[i] */
	unsigned err_line; /* after an error: the line it is about */
	size_t max_fields, field_max;
	struct buf *fields; /* max_fields buffers of at most field_max bytes */
	size_t nfields; /* fields of the last record; 0 for a blank line */
};

#define CSV_REASON_MAX 160 /* bytes of a reason, with the NUL */

/* Sets up r to read text[0..len). Fields are bounded by max_fields and field_max. */
void csv_reader_init(struct csv_reader *r, const char *text, size_t len, char delim, size_t max_fields,
		     size_t field_max, unsigned flags);
void csv_reader_release(struct csv_reader *r);

/*
 * Reads the next record into r->fields[0..r->nfields). *line gets the line
 * where the record starts. A line with nothing on it is a record with
 * nfields 0 (a line of delimiters only is not: it has empty fields). On an
 * error r->err_line names the line (for an unterminated quote, the line it
 * opened on) and the reader must not be called again.
 */
__attribute__((warn_unused_result)) enum csv_rc csv_reader_next(struct csv_reader *r, unsigned *line);

/*
 * The reason for rc in Russian, without the line: «кавычка не закрыта»,
 * «слишком много полей (не более 64)». Written to out (CSV_REASON_MAX bytes).
 */
void csv_reason(const struct csv_reader *r, enum csv_rc rc, char out[CSV_REASON_MAX]);

/*
 * Detects the delimiter from the first record of text: a first line that is
 * exactly "sep=X" (Excel's hint) names it and *skip gets that line's length
 * with its line end; else the most frequent of ';', ',' and '\t' outside
 * quotes in the first line wins (ties and none: ';' before ',' before '\t';
 * none at all gives ','), and *skip is 0.
 */
char csv_delimiter_detect(const char *text, size_t len, size_t *skip);

/* The Russian name of a delimiter for messages: «точка с запятой», «запятая», «табуляция». */
const char *csv_delimiter_name(char delim);

enum csv_encoding {
	CSV_ENC_UTF8, /* valid UTF-8 without a BOM (plain ASCII too) */
	CSV_ENC_UTF8_BOM, /* valid UTF-8 after a BOM (Excel's "CSV UTF-8") */
	CSV_ENC_CP1251, /* not valid UTF-8, read as Windows-1251 */
};

enum csv_decode_rc {
	CSV_DECODE_OK,
	CSV_DECODE_EMPTY, /* no bytes (or only a BOM) */
	CSV_DECODE_SPREADSHEET, /* an XLSX (zip) or XLS (OLE) file, not CSV */
	CSV_DECODE_UTF16, /* a UTF-16 BOM: Excel's "Unicode text" */
	CSV_DECODE_NUL, /* a NUL byte: binary, not text */
	CSV_DECODE_BAD_UTF8, /* a UTF-8 BOM, then bytes that are not UTF-8 */
	CSV_DECODE_CP1251_UNDEFINED, /* byte 0x98, which Windows-1251 leaves undefined */
	CSV_DECODE_RC__MAX
};

/*
 * Turns the bytes of a CSV file into UTF-8 text in out (reset first; its
 * max must allow 3 × len + 1 bytes): a UTF-8 BOM is dropped; valid UTF-8
 * is copied; anything else is decoded as Windows-1251. *enc tells which.
 * On failure *bad_line names the 1-based line of the offending byte (0 when
 * it is about the whole file).
 */
__attribute__((warn_unused_result)) enum csv_decode_rc csv_decode(const char *in, size_t len, struct buf *out,
								  enum csv_encoding *enc, unsigned *bad_line);

/* The reason for a decoding failure in Russian, a full sentence. Static. */
const char *csv_decode_reason(enum csv_decode_rc rc);

/* The code point of Windows-1251 byte b (0x00..0xff), or -1 for 0x98. */
long csv_cp1251_to_ucs(unsigned char b);

/* "utf-8", "utf-8-bom", "windows-1251". */
const char *csv_encoding_code(enum csv_encoding enc);

#endif
