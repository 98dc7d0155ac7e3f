/*
 * csv: a sheet of the summary as CSV for Excel in a Russian locale: UTF-8
 * with a BOM (so Excel does not read it as Windows-1251), ';' between
 * fields by default (',' on request), CRLF line ends, RFC 4180 quoting
 * (a field holding the delimiter, a quote, CR or LF is quoted, its quotes
 * doubled). The header comes first, with the column model's Russian titles;
 * there are no title lines above it, so the file parses as a plain table.
 * Dates are ДД.ММ.ГГГГ (ДД.ММ.ГГГГ ЧЧ:ММ with a time), integers plain
 * digits, decimals «87,50» (with ',' between fields: «87.50»), yes/no columns the model's words, an empty field for no value.
 *
 * CSV injection (OWASP): a text field that starts with = + - @ TAB or CR
 * gets a leading single quote, so a spreadsheet shows it as text instead of
 * running it as a formula. Only text from reports is touched: numbers and
 * dates, which we format, never start so.
 *
 * One writer writes one sheet to a FILE it is given, or every sheet to a
 * file of its own in a directory (DIR/PREFIX-svodka.csv …, each written to
 * a temporary name and renamed when complete).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "export/export_int.h"
#include "util/log.h"
#include "util/xalloc.h"

struct csv {
	struct export_writer w;
	FILE *f; /* the sheet's output */
	char delim;
	char *dir, *prefix; /* directory mode, else NULL */
	char *path, *tmp; /* directory mode: the sheet's file and its temporary name */
	struct buf text;
};

static int
csv_begin(struct export_writer *w, const struct export_meta *m)
{
	(void)w;
	(void)m;
	return 0;
}

static int
csv_sheet_begin(struct export_writer *w, const struct export_sheet *s)
{
	struct csv *c = (struct csv *)w;
	struct export_value v[EXPORT_COLUMNS_MAX];
	size_t i;

	if (c->dir) {
		free(c->path);
		free(c->tmp);
		c->path = NULL;
		c->tmp = NULL;
		if (asprintf(&c->path, "%s/%s-%s.csv", c->dir, c->prefix, s->code) < 0 ||
		    asprintf(&c->tmp, "%s.tmp", c->path) < 0)
			abort();
		c->f = fopen(c->tmp, "wb");
		if (c->f == NULL) {
			log_warn("csv: %s", c->tmp);
			return -1;
		}
	}
	if (fputs("\xEF\xBB\xBF", c->f) == EOF)
		return -1;
	if (s->ncolumns > sizeof(v) / sizeof(v[0]))
		abort();
	/* The header is a row of text, written by the same rules. */
	for (i = 0; i < s->ncolumns; i++)
		v[i] = (struct export_value){.type = EXPORT_TEXT, .text = s->columns[i].title};
	return w->ops->row(w, v, 0);
}

/* Appends one field to c->text, quoted when it must be. */
static int
field(struct csv *c, const char *s, int text)
{
	size_t start = c->text.len, i;
	int quote = 0;

	if (text && export_csv_risky(s) && buf_addc(&c->text, '\'') < 0)
		return -1;
	if (text ? export_text_clean(&c->text, s, 0) < 0 : buf_adds(&c->text, s) < 0)
		return -1;
	for (i = start; i < c->text.len && !quote; i++) {
		char ch = c->text.data[i];
		quote = ch == c->delim || ch == '"' || ch == '\r' || ch == '\n';
	}
	if (!quote)
		return 0;
	/* Rewrites the field quoted, quotes doubled. */
	{
		size_t n = c->text.len - start;
		char *copy = xmalloc(n + 1);
		int r = 0;

		memcpy(copy, c->text.data + start, n);
		c->text.len = start;
		c->text.data[start] = '\0';
		r |= buf_addc(&c->text, '"');
		for (i = 0; i < n && r == 0; i++) {
			if (copy[i] == '"')
				r |= buf_addc(&c->text, '"');
			r |= buf_addc(&c->text, copy[i]);
		}
		r |= buf_addc(&c->text, '"');
		free(copy);
		return r < 0 ? -1 : 0;
	}
}

static int
csv_row(struct export_writer *w, const struct export_value *v, int total)
{
	struct csv *c = (struct csv *)w;
	const struct export_sheet *s = w->sheet;
	char tmp[32];
	size_t i;
	int r = 0;

	(void)total;
	buf_reset(&c->text);
	for (i = 0; i < s->ncolumns && r == 0; i++) {
		if (i > 0)
			r = buf_addc(&c->text, c->delim);
		if (r < 0)
			break;
		switch (v[i].type) {
		case EXPORT_NULL: break;
		case EXPORT_TEXT: r = field(c, v[i].text ? v[i].text : "", 1); break;
		case EXPORT_INT:
			snprintf(tmp, sizeof(tmp), "%lld", (long long)v[i].num);
			r = buf_adds(&c->text, tmp);
			break;
		case EXPORT_DATE:
		case EXPORT_DATETIME:
			export_value_format(&v[i], tmp, sizeof(tmp));
			r = buf_adds(&c->text, tmp);
			break;
		case EXPORT_DECIMAL:
			export_value_format(&v[i], tmp, sizeof(tmp));
			if (c->delim == ';' && strchr(tmp, '.'))
				*strchr(tmp, '.') = ',';
			r = buf_adds(&c->text, tmp);
			break;
		case EXPORT_BOOL:
			r = field(c,
				  v[i].num ? (s->columns[i].yes ? s->columns[i].yes : "да")
					   : (s->columns[i].no ? s->columns[i].no : "нет"),
				  0);
			break;
		default: abort();
		}
	}
	if (r < 0 || buf_adds(&c->text, "\r\n") < 0) {
		log_warnx("csv: row longer than %zu bytes", c->text.max);
		return -1;
	}
	return fwrite(c->text.data, 1, c->text.len, c->f) == c->text.len ? 0 : -1;
}

static int
csv_sheet_end(struct export_writer *w)
{
	struct csv *c = (struct csv *)w;
	int bad;

	if (c->dir == NULL)
		return fflush(c->f) == 0 && !ferror(c->f) ? 0 : -1;
	bad = ferror(c->f);
	if (fclose(c->f) != 0)
		bad = 1;
	c->f = NULL;
	if (bad || rename(c->tmp, c->path) < 0) {
		log_warn("csv: writing %s", c->path);
		(void)unlink(c->tmp);
		return -1;
	}
	return 0;
}

static int
csv_finish(struct export_writer *w)
{
	struct csv *c = (struct csv *)w;

	if (c->dir == NULL && (fflush(c->f) != 0 || ferror(c->f))) {
		log_warn("csv: write");
		return -1;
	}
	return 0;
}

static void
csv_free(struct export_writer *w)
{
	struct csv *c = (struct csv *)w;

	if (c->dir && c->f) {
		fclose(c->f);
		(void)unlink(c->tmp);
	}
	buf_release(&c->text);
	free(c->dir);
	free(c->prefix);
	free(c->path);
	free(c->tmp);
	free(c);
}

static const struct export_writer_ops csv_ops = {
	csv_begin, csv_sheet_begin, csv_row, csv_sheet_end, csv_finish, csv_free,
};

static struct csv *
csv_alloc(char delimiter)
{
	struct csv *c = xcalloc(1, sizeof(*c));

	if (delimiter != ';' && delimiter != ',')
		abort();
	c->w.ops = &csv_ops;
	c->delim = delimiter;
	/* A row: 16 fields of at most a cell's worth of text, quoted. */
	buf_init(&c->text, (size_t)16 * 2 * 4 * EXPORT_CELL_MAX);
	return c;
}

struct export_writer *
export_csv_new(FILE *f, enum export_sheet_id sheet, char delimiter)
{
	struct csv *c = csv_alloc(delimiter);

	c->f = f;
	c->w.sheets = 1u << export_sheet_get(sheet)->id;
	return &c->w;
}

struct export_writer *
export_csv_dir_new(const char *dir, const char *prefix, char delimiter)
{
	struct stat sb;
	struct csv *c;

	if (stat(dir, &sb) < 0 || !S_ISDIR(sb.st_mode)) {
		errno = ENOTDIR;
		return NULL;
	}
	c = csv_alloc(delimiter);
	c->dir = xstrdup(dir);
	c->prefix = xstrdup(prefix);
	c->w.sheets = (1u << EXPORT_SHEET__MAX) - 1;
	return &c->w;
}
