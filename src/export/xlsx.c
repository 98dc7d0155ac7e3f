/*
 * xlsx: the summary as one Excel workbook through libxlsxwriter, in its
 * constant_memory mode: each sheet's rows go to a temporary file as they
 * come, so a national export needs a few MiB however many rows it has.
 *
 * Every sheet: the campaign's title, «Выгружено ДД.ММ.ГГГГ ЧЧ:ММ (zone)» and
 * the filter on the first three rows, the header on the fourth (bold, filled,
 * frozen below), then the rows; an autofilter spans header and rows; the
 * totals row, when there is one, comes after the filtered range with
 * SUBTOTAL formulas (their values computed here and cached in the file), so
 * Excel's filter recomputes them and readers that do not calculate see the
 * same numbers. Dates and times are Excel serial numbers with a format
 * («dd.mm.yyyy», «dd.mm.yyyy hh:mm»); integers are numbers, decimals numbers
 * with the «0.00» format; text is always a string, never a formula.
 *
 * Column widths fit the content: libxlsxwriter writes <cols> when the
 * workbook closes, even in constant_memory mode, so each column's widest
 * cell is tracked while streaming and the widths are set at the sheet's end
 * (capped by the column model's width_max).
 */
#include <stdlib.h>
#include <string.h>
#include <xlsxwriter.h>

#include "export/export_int.h"
#include "util/civil.h"
#include "util/log.h"
#include "util/utf8.h"
#include "util/xalloc.h"

#define HEAD_ROW 3 /* 0-based: title, exported, filter, header */
#define COLS_MAX EXPORT_COLUMNS_MAX
#define EXCEL_EPOCH 25569 /* serial of 1970-01-01 */
#define EXCEL_FIRST_REAL 61 /* serial of 1900-03-01: earlier serials suffer the 1900 leap-year bug */
#define EXCEL_ROWS 1048576

struct xlsx {
	struct export_writer w;
	lxw_workbook *wb;
	lxw_worksheet *ws;
	lxw_format *title, *note, *head, *date, *datetime, *decimal, *total, *total_date, *total_dt,
		*total_dec;
	lxw_row_t row; /* next row to write */
	int have_total;
	unsigned width[COLS_MAX]; /* widest cell so far, in characters */
	struct buf text; /* a cell's cleaned text */
	char *tmpdir;
	char *path;
	lxw_doc_properties props;
};

static void
track(struct xlsx *x, size_t col, unsigned n)
{
	if (n > x->width[col])
		x->width[col] = n;
}

static int
lxw_ok(struct xlsx *x, lxw_error e, const char *what)
{
	if (e == LXW_NO_ERROR)
		return 0;
	log_warnx("xlsx: %s: %s (%s)", what, lxw_strerror(e), x->path);
	return -1;
}

/*
 * Writes a string cell, cleaned and capped (text that needs neither goes
 * as it is); empty text writes nothing unless fmt. Tracks the column's width.
 */
static int
put_text(struct xlsx *x, lxw_row_t r, lxw_col_t c, const char *s, lxw_format *fmt)
{
	size_t n;

	if (!export_text_ok(s, EXPORT_CELL_MAX, &n)) {
		buf_reset(&x->text);
		if (export_text_clean(&x->text, s, EXPORT_CELL_MAX) < 0)
			return -1;
		s = x->text.data;
		n = (unsigned)utf8_length(s, strlen(s));
	}
	if (c < COLS_MAX)
		track(x, c, (unsigned)(n > 1000 ? 1000 : n) + 1);
	if (*s == '\0')
		return fmt ? lxw_ok(x, worksheet_write_blank(x->ws, r, c, fmt), "write_blank") : 0;
	return lxw_ok(x, worksheet_write_string(x->ws, r, c, s, fmt), "write_string");
}

static int
xlsx_begin(struct export_writer *w, const struct export_meta *m)
{
	struct xlsx *x = (struct xlsx *)w;

	x->props.title = (char *)(m->title ? m->title : "");
	x->props.subject = (char *)(m->subject ? m->subject : "Сводка");
	x->props.author = "svodka";
	x->props.created = (time_t)m->exported_at;
	return lxw_ok(x, workbook_set_properties(x->wb, &x->props), "set_properties");
}

static int
xlsx_sheet_begin(struct export_writer *w, const struct export_sheet *s)
{
	struct xlsx *x = (struct xlsx *)w;
	const struct export_meta *m = &w->meta;
	char when[32], line[256];
	struct export_value v = {.type = EXPORT_DATETIME, .num = m->exported_at, .offset = m->offset};
	size_t i;
	int n;

	if (s->ncolumns > COLS_MAX)
		abort();
	x->ws = workbook_add_worksheet(x->wb, s->title);
	if (x->ws == NULL) {
		log_warnx("xlsx: add_worksheet failed (%s)", x->path);
		return -1;
	}
	x->have_total = 0;
	export_value_format(&v, when, sizeof(when));
	n = snprintf(line, sizeof(line), "Выгружено %s (%s)", when, m->time_zone ? m->time_zone : "UTC");
	if (n < 0 || (size_t)n >= sizeof(line))
		line[0] = '\0';
	if (put_text(x, 0, 0, m->title ? m->title : "", x->title) < 0 ||
	    put_text(x, 1, 0, line, x->note) < 0 ||
	    (m->filter_text && put_text(x, 2, 0, m->filter_text, x->note) < 0))
		return -1;
	memset(x->width, 0, sizeof(x->width)); /* the lines above the table may overflow */
	for (i = 0; i < s->ncolumns; i++) {
		if (put_text(x, HEAD_ROW, (lxw_col_t)i, s->columns[i].title, x->head) < 0)
			return -1;
		track(x, i,
		      (unsigned)utf8_length(s->columns[i].title, strlen(s->columns[i].title)) +
			      3); /* bold, and the filter's button */
	}
	x->row = HEAD_ROW + 1;
	return 0;
}

/* The SUBTOTAL formula over column c's data rows, or NULL when there are none. */
static const char *
subtotal(struct xlsx *x, lxw_col_t c, char *out, size_t outsz)
{
	char range[64];
	int n;

	if (x->row <= HEAD_ROW + 1)
		return NULL;
	lxw_rowcol_to_range(range, HEAD_ROW + 1, c, x->row - 1, c);
	n = snprintf(out, outsz, "=SUBTOTAL(109,%s)", range);
	return n > 0 && (size_t)n < outsz ? out : NULL;
}

static int
xlsx_row(struct export_writer *w, const struct export_value *v, int total)
{
	struct xlsx *x = (struct xlsx *)w;
	const struct export_sheet *s = w->sheet;
	const struct export_column *col;
	lxw_col_t c;
	lxw_format *fmt;
	char tmp[64];
	const char *f;
	double serial;
	int64_t days;
	int secs, rc = 0;

	if (x->row >= EXCEL_ROWS) {
		log_warnx("xlsx: sheet %s: more rows than Excel holds (%d)", s->code, EXCEL_ROWS);
		return -1;
	}
	if (total) {
		x->have_total = 1;
		worksheet_autofilter(x->ws, HEAD_ROW, 0, x->row - 1, (lxw_col_t)(s->ncolumns - 1));
	}
	for (c = 0; c < s->ncolumns && rc == 0; c++) {
		col = &s->columns[c];
		switch (v[c].type) {
		case EXPORT_NULL:
			rc = total ? lxw_ok(x, worksheet_write_blank(x->ws, x->row, c, x->total),
					    "write_blank")
				   : 0;
			break;
		case EXPORT_TEXT:
			rc = put_text(x, x->row, c, v[c].text ? v[c].text : "", total ? x->total : NULL);
			break;
		case EXPORT_INT:
			fmt = total ? x->total : NULL;
			f = total ? subtotal(x, c, tmp, sizeof(tmp)) : NULL;
			if (f)
				rc = lxw_ok(x,
					    worksheet_write_formula_num(x->ws, x->row, c, f, fmt,
									(double)v[c].num),
					    "write_formula");
			else
				rc = lxw_ok(x,
					    worksheet_write_number(x->ws, x->row, c, (double)v[c].num, fmt),
					    "write_number");
			snprintf(tmp, sizeof(tmp), "%lld", (long long)v[c].num);
			track(x, c, (unsigned)strlen(tmp) + 1);
			break;
		case EXPORT_DATE:
		case EXPORT_DATETIME:
			days = v[c].num;
			secs = 0;
			if (v[c].type == EXPORT_DATETIME)
				civil_local(v[c].num, v[c].offset, &days, &secs);
			serial = (double)(days + EXCEL_EPOCH) + secs / 86400.0;
			if (days + EXCEL_EPOCH < EXCEL_FIRST_REAL || days + EXCEL_EPOCH > 2958465) {
				/* Outside what Excel shows as a date: keep the text. */
				export_value_format(&v[c], tmp, sizeof(tmp));
				rc = put_text(x, x->row, c, tmp, total ? x->total : NULL);
			} else if (v[c].type == EXPORT_DATE) {
				rc = lxw_ok(x,
					    worksheet_write_number(x->ws, x->row, c, serial,
								   total ? x->total_date : x->date),
					    "write_date");
			} else {
				rc = lxw_ok(x,
					    worksheet_write_number(x->ws, x->row, c, serial,
								   total ? x->total_dt : x->datetime),
					    "write_datetime");
			}
			track(x, c, v[c].type == EXPORT_DATE ? 11 : 17);
			break;
		case EXPORT_DECIMAL:
			fmt = total ? x->total_dec : x->decimal;
			f = total ? subtotal(x, c, tmp, sizeof(tmp)) : NULL;
			if (f)
				rc = lxw_ok(x,
					    worksheet_write_formula_num(x->ws, x->row, c, f, fmt,
									(double)v[c].num / 100.0),
					    "write_formula");
			else
				rc = lxw_ok(x,
					    worksheet_write_number(x->ws, x->row, c, (double)v[c].num / 100.0,
								   fmt),
					    "write_number");
			export_value_format(&v[c], tmp, sizeof(tmp));
			track(x, c, (unsigned)strlen(tmp) + 1);
			break;
		case EXPORT_BOOL:
			f = v[c].num ? (col->yes ? col->yes : "да") : (col->no ? col->no : "нет");
			rc = put_text(x, x->row, c, f, total ? x->total : NULL);
			break;
		default: abort();
		}
	}
	x->row++;
	return rc;
}

static int
xlsx_sheet_end(struct export_writer *w)
{
	struct xlsx *x = (struct xlsx *)w;
	const struct export_sheet *s = w->sheet;
	unsigned width;
	size_t c;

	if (!x->have_total)
		worksheet_autofilter(x->ws, HEAD_ROW, 0, x->row > HEAD_ROW + 1 ? x->row - 1 : HEAD_ROW,
				     (lxw_col_t)(s->ncolumns - 1));
	worksheet_freeze_panes(x->ws, HEAD_ROW + 1, 0);
	for (c = 0; c < s->ncolumns; c++) {
		width = x->width[c] < 6 ? 6 : x->width[c];
		if (width > s->columns[c].width_max)
			width = s->columns[c].width_max;
		if (lxw_ok(x, worksheet_set_column(x->ws, (lxw_col_t)c, (lxw_col_t)c, width, NULL),
			   "set_column") < 0)
			return -1;
	}
	return 0;
}

static int
xlsx_finish(struct export_writer *w)
{
	struct xlsx *x = (struct xlsx *)w;
	lxw_error e = workbook_close(x->wb);

	x->wb = NULL;
	return lxw_ok(x, e, "close");
}

static void
xlsx_free(struct export_writer *w)
{
	struct xlsx *x = (struct xlsx *)w;

	if (x->wb)
		(void)workbook_close(x->wb); /* frees it; the incomplete file is the caller's to remove */
	buf_release(&x->text);
	free(x->tmpdir);
	free(x->path);
	free(x);
}

static const struct export_writer_ops xlsx_ops = {
	xlsx_begin, xlsx_sheet_begin, xlsx_row, xlsx_sheet_end, xlsx_finish, xlsx_free,
};

struct export_writer *
export_xlsx_new(const char *path, const char *tmpdir)
{
	struct xlsx *x = xcalloc(1, sizeof(*x));
	lxw_workbook_options o = {.constant_memory = LXW_TRUE, .use_zip64 = LXW_TRUE};
	FILE *probe;

	x->w.ops = &xlsx_ops;
	x->w.sheets = (1u << EXPORT_SHEET__MAX) - 1;
	x->path = xstrdup(path);
	x->tmpdir = tmpdir ? xstrdup(tmpdir) : NULL;
	o.tmpdir = x->tmpdir;
	buf_init(&x->text, (size_t)EXPORT_CELL_MAX * 4 + 16);
	/* libxlsxwriter opens the file only when it closes the workbook: find out now. */
	if ((probe = fopen(path, "wb")) == NULL || fclose(probe) != 0) {
		log_warn("xlsx: %s", path);
		xlsx_free(&x->w);
		return NULL;
	}
	x->wb = workbook_new_opt(path, &o);
	if (x->wb == NULL) {
		log_warnx("xlsx: cannot create %s", path);
		xlsx_free(&x->w);
		return NULL;
	}
	x->title = workbook_add_format(x->wb);
	format_set_bold(x->title);
	format_set_font_size(x->title, 14);
	x->note = workbook_add_format(x->wb);
	format_set_italic(x->note);
	format_set_font_color(x->note, 0x595959);
	x->head = workbook_add_format(x->wb);
	format_set_bold(x->head);
	format_set_bg_color(x->head, 0xDDEBF7);
	format_set_border(x->head, LXW_BORDER_THIN);
	format_set_text_wrap(x->head);
	format_set_align(x->head, LXW_ALIGN_VERTICAL_CENTER);
	x->date = workbook_add_format(x->wb);
	format_set_num_format(x->date, "dd.mm.yyyy");
	x->datetime = workbook_add_format(x->wb);
	format_set_num_format(x->datetime, "dd.mm.yyyy hh:mm");
	x->decimal = workbook_add_format(x->wb);
	format_set_num_format(x->decimal, "0.00");
	x->total = workbook_add_format(x->wb);
	format_set_bold(x->total);
	format_set_top(x->total, LXW_BORDER_THIN);
	x->total_date = workbook_add_format(x->wb);
	format_set_bold(x->total_date);
	format_set_top(x->total_date, LXW_BORDER_THIN);
	format_set_num_format(x->total_date, "dd.mm.yyyy");
	x->total_dt = workbook_add_format(x->wb);
	format_set_bold(x->total_dt);
	format_set_top(x->total_dt, LXW_BORDER_THIN);
	format_set_num_format(x->total_dt, "dd.mm.yyyy hh:mm");
	x->total_dec = workbook_add_format(x->wb);
	format_set_bold(x->total_dec);
	format_set_top(x->total_dec, LXW_BORDER_THIN);
	format_set_num_format(x->total_dec, "0.00");
	return &x->w;
}
