/*
 * csv: the RFC 4180 reader, delimiter detection and the decoding of a
 * spreadsheet's CSV bytes (UTF-8, UTF-8 with BOM, Windows-1251) into UTF-8.
 * The Windows-1251 table is written out from the code page's published
 * mapping: 0x80..0xBF are the Cyrillic letters of other Slavic languages
 * and typographic symbols, 0xC0..0xFF the Russian alphabet А..я in order
 * (U+0410..U+044F); 0x98 is the one undefined byte.
 */
#include "domain/csv.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "domain/text.h"
#include "util/xalloc.h"

void
csv_reader_init(struct csv_reader *r, const char *text, size_t len, char delim, size_t max_fields,
		size_t field_max, unsigned flags)
{
	size_t k;

	memset(r, 0, sizeof(*r));
	r->p = text;
	r->n = len;
	r->delim = delim;
	r->flags = flags;
	r->line = 1;
	r->max_fields = max_fields;
	r->field_max = field_max;
	r->fields = xcalloc(max_fields, sizeof(struct buf));
	for (k = 0; k < max_fields; k++)
		buf_init(&r->fields[k], field_max);
}

void
csv_reader_release(struct csv_reader *r)
{
	size_t k;

	if (r->fields == NULL)
		return;
	for (k = 0; k < r->max_fields; k++)
		buf_release(&r->fields[k]);
	free(r->fields);
	r->fields = NULL;
}

/* 1 when p[i] ends a line: '\n', "\r\n", or (lax) a lone '\r'. */
static int
at_line_end(const struct csv_reader *r)
{
	char c = r->p[r->i];

	if (c == '\n')
		return 1;
	if (c != '\r')
		return 0;
	return (r->i + 1 < r->n && r->p[r->i + 1] == '\n') || (r->flags & CSV_LAX);
}

/* Consumes the line end at p[i] (at_line_end is true) and counts the line. */
static void
eat_line_end(struct csv_reader *r)
{
	if (r->p[r->i] == '\r' && r->i + 1 < r->n && r->p[r->i + 1] == '\n')
		r->i++;
	r->i++;
	r->line++;
}

enum csv_rc
csv_reader_next(struct csv_reader *r, unsigned *line)
{
	size_t nf = 0;
	int quoted_any = 0;

	r->nfields = 0;
	if (r->i >= r->n)
		return CSV_END;
	*line = r->line;
	for (;;) {
		struct buf *f;

		if (nf == r->max_fields) {
			r->err_line = *line;
			return CSV_TOO_MANY_FIELDS;
		}
		f = &r->fields[nf++];
		buf_reset(f);
		if (r->i < r->n && r->p[r->i] == '"') {
			unsigned open_line = r->line;

			quoted_any = 1;
			r->i++;
			for (;;) {
				char ch;

				if (r->i >= r->n) {
					r->err_line = open_line;
					return CSV_UNTERMINATED;
				}
				ch = r->p[r->i++];
				if (ch == '"') {
					if (r->i < r->n && r->p[r->i] == '"')
						r->i++;
					else
						break;
				} else if (ch == '\n') {
					r->line++;
				} else if (ch == '\r' && (r->flags & CSV_LAX) &&
					   (r->i >= r->n || r->p[r->i] != '\n')) {
					r->line++;
				}
				if (buf_addc(f, ch) < 0)
					goto too_long;
			}
			if (r->i < r->n && r->p[r->i] != r->delim && !at_line_end(r)) {
				r->err_line = r->line;
				return r->p[r->i] == '\r' ? CSV_BARE_CR : CSV_AFTER_QUOTE;
			}
		} else {
			while (r->i < r->n && r->p[r->i] != r->delim && r->p[r->i] != '\n' &&
			       r->p[r->i] != '\r') {
				if (r->p[r->i] == '"' && !(r->flags & CSV_LAX)) {
					r->err_line = r->line;
					return CSV_STRAY_QUOTE;
				}
				if (buf_addc(f, r->p[r->i++]) < 0)
					goto too_long;
			}
			if (r->i < r->n && r->p[r->i] == '\r' && !at_line_end(r)) {
				r->err_line = r->line;
				return CSV_BARE_CR;
			}
		}
		if (r->i >= r->n)
			break;
		if (r->p[r->i] == r->delim) {
			r->i++;
			continue;
		}
		eat_line_end(r);
		break;
	}
	r->nfields = (nf == 1 && !quoted_any && r->fields[0].len == 0) ? 0 : nf;
	return CSV_OK;
too_long:
	r->err_line = *line;
	return CSV_FIELD_TOO_LONG;
}

const char *
csv_delimiter_name(char delim)
{
	switch (delim) {
	case ';': return "точка с запятой";
	case ',': return "запятая";
	case '\t': return "табуляция";
	default: return "разделитель";
	}
}

void
csv_reason(const struct csv_reader *r, enum csv_rc rc, char out[CSV_REASON_MAX])
{
	int k;

	switch (rc) {
	case CSV_UNTERMINATED: k = snprintf(out, CSV_REASON_MAX, "кавычка не закрыта"); break;
	case CSV_STRAY_QUOTE: k = snprintf(out, CSV_REASON_MAX, "кавычка внутри поля без кавычек"); break;
	case CSV_AFTER_QUOTE:
		k = snprintf(out, CSV_REASON_MAX, "после закрывающей кавычки ожидалась %s или конец строки",
			     csv_delimiter_name(r->delim));
		break;
	case CSV_BARE_CR:
		k = snprintf(out, CSV_REASON_MAX, "символ возврата каретки без перевода строки");
		break;
	case CSV_TOO_MANY_FIELDS:
		k = snprintf(out, CSV_REASON_MAX, "слишком много полей (не более %zu)", r->max_fields);
		break;
	case CSV_FIELD_TOO_LONG:
		k = snprintf(out, CSV_REASON_MAX, "слишком длинное поле (не более %zu байт)", r->field_max);
		break;
	default: abort(); /* CSV_OK and CSV_END are not failures */
	}
	if (k < 0 || (size_t)k >= CSV_REASON_MAX)
		abort();
}

char
csv_delimiter_detect(const char *text, size_t len, size_t *skip)
{
	static const char cands[] = {';', ',', '\t'};
	size_t count[3] = {0, 0, 0}, i, k, best = 0;
	int quoted = 0;

	*skip = 0;
	if (len >= 5 && memcmp(text, "sep=", 4) == 0 && strchr(";,\t|", text[4]) != NULL &&
	    (len == 5 || text[5] == '\n' || text[5] == '\r')) {
		*skip = 5;
		if (*skip < len && text[*skip] == '\r')
			(*skip)++;
		if (*skip < len && text[*skip] == '\n')
			(*skip)++;
		return text[4];
	}
	for (i = 0; i < len; i++) {
		char c = text[i];

		if (c == '"') {
			quoted = !quoted;
			continue;
		}
		if (quoted)
			continue;
		if (c == '\n' || c == '\r')
			break;
		for (k = 0; k < 3; k++)
			if (c == cands[k])
				count[k]++;
	}
	for (k = 1; k < 3; k++)
		if (count[k] > count[best])
			best = k;
	return count[best] == 0 ? ',' : cands[best];
}

/* Windows-1251, bytes 0x80..0xFF; -1 marks the undefined 0x98. */
static const long cp1251_high[128] = {
	/* 0x80 */ 0x0402, 0x0403, 0x201A, 0x0453, 0x201E, 0x2026, 0x2020, 0x2021,
	/* 0x88 */ 0x20AC, 0x2030, 0x0409, 0x2039, 0x040A, 0x040C, 0x040B, 0x040F,
	/* 0x90 */ 0x0452, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
	/* 0x98 */ -1,     0x2122, 0x0459, 0x203A, 0x045A, 0x045C, 0x045B, 0x045F,
	/* 0xA0 */ 0x00A0, 0x040E, 0x045E, 0x0408, 0x00A4, 0x0490, 0x00A6, 0x00A7,
	/* 0xA8 */ 0x0401, 0x00A9, 0x0404, 0x00AB, 0x00AC, 0x00AD, 0x00AE, 0x0407,
	/* 0xB0 */ 0x00B0, 0x00B1, 0x0406, 0x0456, 0x0491, 0x00B5, 0x00B6, 0x00B7,
	/* 0xB8 */ 0x0451, 0x2116, 0x0454, 0x00BB, 0x0458, 0x0405, 0x0455, 0x0457,
	/* 0xC0 */ 0x0410, 0x0411, 0x0412, 0x0413, 0x0414, 0x0415, 0x0416, 0x0417,
	/* 0xC8 */ 0x0418, 0x0419, 0x041A, 0x041B, 0x041C, 0x041D, 0x041E, 0x041F,
	/* 0xD0 */ 0x0420, 0x0421, 0x0422, 0x0423, 0x0424, 0x0425, 0x0426, 0x0427,
	/* 0xD8 */ 0x0428, 0x0429, 0x042A, 0x042B, 0x042C, 0x042D, 0x042E, 0x042F,
	/* 0xE0 */ 0x0430, 0x0431, 0x0432, 0x0433, 0x0434, 0x0435, 0x0436, 0x0437,
	/* 0xE8 */ 0x0438, 0x0439, 0x043A, 0x043B, 0x043C, 0x043D, 0x043E, 0x043F,
	/* 0xF0 */ 0x0440, 0x0441, 0x0442, 0x0443, 0x0444, 0x0445, 0x0446, 0x0447,
	/* 0xF8 */ 0x0448, 0x0449, 0x044A, 0x044B, 0x044C, 0x044D, 0x044E, 0x044F,
};

long
csv_cp1251_to_ucs(unsigned char b)
{
	return b < 0x80 ? (long)b : cp1251_high[b - 0x80];
}

const char *
csv_encoding_code(enum csv_encoding enc)
{
	switch (enc) {
	case CSV_ENC_UTF8: return "utf-8";
	case CSV_ENC_UTF8_BOM: return "utf-8-bom";
	case CSV_ENC_CP1251: return "windows-1251";
	default: abort();
	}
}

const char *
csv_decode_reason(enum csv_decode_rc rc)
{
	switch (rc) {
	case CSV_DECODE_EMPTY: return "Файл пустой.";
	case CSV_DECODE_SPREADSHEET:
		return "Это файл Excel (XLSX или XLS), а не CSV. Откройте его в Excel и сохраните "
		       "через «Сохранить как» → «CSV UTF-8 (разделитель — запятая)» или «CSV (разделители — "
		       "точка с запятой)».";
	case CSV_DECODE_UTF16:
		return "Файл в кодировке UTF-16 («Текст Юникод»). Сохраните его в Excel как «CSV UTF-8».";
	case CSV_DECODE_NUL:
		return "Файл содержит нулевые байты — это не текстовый CSV. Сохраните таблицу как «CSV UTF-8».";
	case CSV_DECODE_BAD_UTF8:
		return "Файл помечен как UTF-8, но содержит байты, которые не являются UTF-8. Сохраните его "
		       "заново как «CSV UTF-8».";
	case CSV_DECODE_CP1251_UNDEFINED:
		return "Файл не в UTF-8 и не в Windows-1251: в нём есть байт 0x98, которого нет в этой "
		       "кодировке. Сохраните таблицу как «CSV UTF-8».";
	default: abort();
	}
}

/* 1-based line of byte offset off in in[0..). */
static unsigned
line_of(const char *in, size_t off)
{
	unsigned line = 1;
	size_t i;

	for (i = 0; i < off; i++)
		if (in[i] == '\n')
			line++;
	return line;
}

/* Appends code point cp (< 0x10000) as UTF-8. */
static int
add_ucs(struct buf *out, long cp)
{
	char u[UTF8_SEQ_MAX];

	return buf_add(out, u, utf8_encode((int32_t)cp, u));
}

enum csv_decode_rc
csv_decode(const char *in, size_t len, struct buf *out, enum csv_encoding *enc, unsigned *bad_line)
{
	const unsigned char *u = (const unsigned char *)in;
	const char *nul;
	size_t i, start = 0;
	int bom = 0;

	buf_reset(out);
	*enc = CSV_ENC_UTF8;
	*bad_line = 0;
	if (len >= 4 && (memcmp(in, "PK\x03\x04", 4) == 0 || memcmp(in, "\xD0\xCF\x11\xE0", 4) == 0))
		return CSV_DECODE_SPREADSHEET;
	if (len >= 2 && ((u[0] == 0xFF && u[1] == 0xFE) || (u[0] == 0xFE && u[1] == 0xFF)))
		return CSV_DECODE_UTF16;
	if (len >= 3 && memcmp(in, "\xEF\xBB\xBF", 3) == 0) {
		bom = 1;
		start = 3;
	}
	if (start == len)
		return CSV_DECODE_EMPTY;
	if ((nul = memchr(in, '\0', len)) != NULL) {
		*bad_line = line_of(in, (size_t)(nul - in));
		return CSV_DECODE_NUL;
	}
	if (text_utf8_check(in + start, len - start, 0) == 0) {
		*enc = bom ? CSV_ENC_UTF8_BOM : CSV_ENC_UTF8;
		if (buf_add(out, in + start, len - start) < 0)
			abort(); /* the caller sized out for the text */
		return CSV_DECODE_OK;
	}
	if (bom) {
		for (i = start; i < len;) {
			int32_t cp;

			if (utf8_next(in, len, &i, &cp) < 0)
				break;
		}
		*bad_line = line_of(in, i);
		return CSV_DECODE_BAD_UTF8;
	}
	*enc = CSV_ENC_CP1251;
	for (i = 0; i < len; i++) {
		long cp = csv_cp1251_to_ucs(u[i]);

		if (cp < 0) {
			buf_reset(out);
			*bad_line = line_of(in, i);
			return CSV_DECODE_CP1251_UNDEFINED;
		}
		if (add_ucs(out, cp) < 0)
			abort();
	}
	return CSV_DECODE_OK;
}
