/*
 * xlsx_bare: the yardstick for bench/export.sh — a bare libxlsxwriter loop
 * in constant_memory mode that writes a workbook of the same shape as
 * `svodka export --format xlsx`: the same sheets, the same number of rows
 * and columns, each column the same type (text, number, date), Cyrillic
 * text of typical lengths, a bold header row. No database, no model, no
 * sanitizing: what the export costs beyond this is svodka's own.
 *
 * Usage: xlsx_bare OUT.xlsx NAME=ROWS:COLUMNS …
 *   COLUMNS: one comma-separated token a column: tN text of N characters
 *   (Cyrillic, cut from a passage at a place that moves with the row, so it
 *   compresses like real text), n number, d date (dd.mm.yyyy), T date and
 *   time. Example: xlsx_bare out.xlsx 'Мероприятия=400000:t34,t12,n,t90,d'
 * BARE_NORMAL=1 turns constant_memory off (to see what it saves).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <xlsxwriter.h>

static const char passage[] =
	"Муниципальные образования Приморского края привлекают организации и учреждения к присоединению "
	"к Хартии рассказывают об акции в социальных сетях и родительских сообществах со ссылками на "
	"страницы Альянса распространяют информацию о конкурсе видеороликов и сообщают департаменту "
	"внутренней политики о проведённой работе цель акции повысить уровень знаний о мерах по защите "
	"детей в цифровой среде популяризировать Хартию и деятельность Альянса по защите детей в цифровой "
	"среде провели родительское собрание круглый стол мастер класс конкурс рисунков и видеороликов";

#define COLS_MAX 32

static size_t starts[sizeof(passage)]; /* byte offset of each character */
static size_t nchars;

/* Writes n characters of the passage from character k into out; returns out. */
static const char *
cut(char *out, size_t k, size_t n)
{
	size_t a, b;

	if (n >= nchars)
		n = nchars - 1;
	k %= nchars - n;
	a = starts[k];
	b = starts[k + n];
	memcpy(out, passage + a, b - a);
	out[b - a] = '\0';
	return out;
}

int
main(int argc, char **argv)
{
	lxw_workbook_options o = {.constant_memory = LXW_TRUE, .tmpdir = NULL, .use_zip64 = LXW_TRUE};
	lxw_workbook *wb;
	lxw_worksheet *ws;
	lxw_format *head, *date, *datetime;
	char name[64], type[COLS_MAX], cell[sizeof(passage)];
	size_t len[COLS_MAX], c, ncols, i2;
	const char *spec, *eq, *colon, *p;
	long rows, r;
	int i;

	for (i2 = 0; passage[i2]; i2++)
		if (((unsigned char)passage[i2] & 0xC0) != 0x80)
			starts[nchars++] = i2;
	starts[nchars] = i2;
	if (argc < 3) {
		fprintf(stderr, "usage: xlsx_bare OUT.xlsx NAME=ROWS:TYPES …\n");
		return 2;
	}
	if (getenv("BARE_NORMAL"))
		o.constant_memory = LXW_FALSE;
	wb = workbook_new_opt(argv[1], &o);
	if (wb == NULL)
		return 1;
	head = workbook_add_format(wb);
	format_set_bold(head);
	date = workbook_add_format(wb);
	format_set_num_format(date, "dd.mm.yyyy");
	datetime = workbook_add_format(wb);
	format_set_num_format(datetime, "dd.mm.yyyy hh:mm");
	for (i = 2; i < argc; i++) {
		spec = argv[i];
		eq = strchr(spec, '=');
		colon = eq ? strchr(eq, ':') : NULL;
		if (eq == NULL || colon == NULL || (size_t)(eq - spec) >= sizeof(name)) {
			fprintf(stderr, "xlsx_bare: bad sheet %s\n", spec);
			return 2;
		}
		memcpy(name, spec, (size_t)(eq - spec));
		name[eq - spec] = '\0';
		rows = strtol(eq + 1, NULL, 10);
		for (ncols = 0, p = colon + 1; *p && ncols < COLS_MAX; ncols++) {
			type[ncols] = *p++;
			len[ncols] = type[ncols] == 't' ? strtoul(p, (char **)&p, 10) : 0;
			if (*p == ',')
				p++;
		}
		ws = workbook_add_worksheet(wb, name);
		for (c = 0; c < ncols; c++)
			worksheet_write_string(ws, 0, (lxw_col_t)c, "Заголовок столбца", head);
		for (r = 1; r <= rows; r++) {
			for (c = 0; c < ncols; c++) {
				switch (type[c]) {
				case 't':
					if (len[c] > 0)
						worksheet_write_string(
							ws, (lxw_row_t)r, (lxw_col_t)c,
							cut(cell, (size_t)r * 7 + c * 13, len[c]), NULL);
					break;
				case 'n':
					worksheet_write_number(ws, (lxw_row_t)r, (lxw_col_t)c,
							       (double)(r % 5000), NULL);
					break;
				case 'd':
					worksheet_write_number(ws, (lxw_row_t)r, (lxw_col_t)c,
							       44600 + (double)(r % 29), date);
					break;
				case 'T':
					worksheet_write_number(ws, (lxw_row_t)r, (lxw_col_t)c,
							       44630.5 + (double)(r % 29), datetime);
					break;
				default: fprintf(stderr, "xlsx_bare: bad type %c\n", type[c]); return 2;
				}
			}
		}
		worksheet_freeze_panes(ws, 1, 0);
		worksheet_autofilter(ws, 0, 0, (lxw_row_t)rows, (lxw_col_t)(ncols - 1));
	}
	return workbook_close(wb) == LXW_NO_ERROR ? 0 : 1;
}
