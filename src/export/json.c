/*
 * json: the summary as one JSON document, streamed row by row:
 *
 *   {"campaign": {"slug", "title", "time_zone"},
 *    "exported_at": "2022-03-11T09:30:00+10:00",
 *    "filter": {"status": [...], "kind": [...]} | null,
 *    "summary": [{row}…], "totals": {row},
 *    "activities": [{row}…], "publications": [...], "organizations": [...]}
 *
 * A row is an object with the column model's keys: text as strings (the
 * code behind a Russian title, where the column has one, under its own key:
 * "status_name": "принят", "status": "accepted"), integers as numbers,
 * decimals as numbers with two places (87.50), dates
 * as "YYYY-MM-DD", times as ISO 8601 with the campaign zone's offset,
 * yes/no columns as booleans, null for no value.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "export/export_int.h"
#include "util/civil.h"
#include "util/log.h"
#include "util/xalloc.h"

struct jw {
	struct export_writer w;
	FILE *f;
	size_t rows; /* rows of the sheet written so far */
	int in_array; /* the sheet's array is open */
	struct buf out; /* one row */
	struct buf text;
};

/* Appends s as a JSON string (cleaned UTF-8, escaped). */
static int
add_str(struct jw *j, const char *s)
{
	const unsigned char *p;
	int r = 0;

	buf_reset(&j->text);
	if (export_text_clean(&j->text, s ? s : "", 0) < 0)
		return -1;
	r |= buf_addc(&j->out, '"');
	for (p = (const unsigned char *)j->text.data; *p && r == 0; p++) {
		switch (*p) {
		case '"': r |= buf_adds(&j->out, "\\\""); break;
		case '\\': r |= buf_adds(&j->out, "\\\\"); break;
		case '\n': r |= buf_adds(&j->out, "\\n"); break;
		case '\r': r |= buf_adds(&j->out, "\\r"); break;
		case '\t': r |= buf_adds(&j->out, "\\t"); break;
		default:
			if (*p < 0x20)
				r |= buf_addf(&j->out, "\\u%04x", *p);
			else
				r |= buf_addc(&j->out, (char)*p);
		}
	}
	r |= buf_addc(&j->out, '"');
	return r < 0 ? -1 : 0;
}

/* Appends an instant as ISO 8601 at its offset: 2022-03-11T09:30:00+10:00. */
static int
add_instant(struct jw *j, int64_t t, int32_t offset)
{
	int64_t days;
	int secs, y, m, d, off = offset < 0 ? -offset : offset;

	civil_local(t, offset, &days, &secs);
	civil_date_from_days(days, &y, &m, &d);
	return buf_addf(&j->out, "\"%04d-%02d-%02dT%02d:%02d:%02d%c%02d:%02d\"", y, m, d, secs / 3600,
			secs / 60 % 60, secs % 60, offset < 0 ? '-' : '+', off / 3600, off / 60 % 60);
}

static int
flush_out(struct jw *j)
{
	int ok = fwrite(j->out.data, 1, j->out.len, j->f) == j->out.len;

	buf_reset(&j->out);
	return ok ? 0 : -1;
}

static int
jw_begin(struct export_writer *w, const struct export_meta *m)
{
	struct jw *j = (struct jw *)w;
	char *filter = NULL;
	int r = 0;

	buf_reset(&j->out);
	r |= buf_adds(&j->out, "{\"campaign\": {\"slug\": ");
	r |= add_str(j, m->slug);
	r |= buf_adds(&j->out, ", \"title\": ");
	r |= add_str(j, m->title);
	r |= buf_adds(&j->out, ", \"time_zone\": ");
	r |= add_str(j, m->time_zone);
	r |= buf_adds(&j->out, "},\n \"exported_at\": ");
	r |= add_instant(j, m->exported_at, m->offset);
	r |= buf_adds(&j->out, ",\n \"filter\": ");
	if (m->filter) {
		filter = json_dumps(m->filter, JSON_COMPACT | JSON_ENSURE_ASCII);
		r |= buf_adds(&j->out, filter ? filter : "null");
		free(filter);
	} else {
		r |= buf_adds(&j->out, "null");
	}
	return r < 0 ? -1 : flush_out(j);
}

static int
jw_sheet_begin(struct export_writer *w, const struct export_sheet *s)
{
	struct jw *j = (struct jw *)w;
	int r = 0;

	j->rows = 0;
	j->in_array = 1;
	r |= buf_adds(&j->out, ",\n ");
	r |= add_str(j, s->json_key);
	r |= buf_adds(&j->out, ": [");
	return r < 0 ? -1 : flush_out(j);
}

static int
jw_row(struct export_writer *w, const struct export_value *v, int total)
{
	struct jw *j = (struct jw *)w;
	const struct export_sheet *s = w->sheet;
	const struct export_column *col;
	size_t i;
	int r = 0;

	if (total) {
		r |= buf_adds(&j->out, j->rows ? "\n ],\n \"totals\": " : "],\n \"totals\": ");
		j->in_array = 0;
	} else {
		r |= buf_adds(&j->out, j->rows ? ",\n  " : "\n  ");
	}
	r |= buf_addc(&j->out, '{');
	for (i = 0; i < s->ncolumns && r == 0; i++) {
		col = &s->columns[i];
		if (i > 0)
			r |= buf_adds(&j->out, ", ");
		r |= add_str(j, col->key);
		r |= buf_adds(&j->out, ": ");
		switch (v[i].type) {
		case EXPORT_NULL: r |= buf_adds(&j->out, "null"); break;
		case EXPORT_TEXT: r |= add_str(j, v[i].text); break;
		case EXPORT_INT: r |= buf_addf(&j->out, "%lld", (long long)v[i].num); break;
		case EXPORT_DATE: {
			int y, m, d;

			civil_date_from_days(v[i].num, &y, &m, &d);
			r |= buf_addf(&j->out, "\"%04d-%02d-%02d\"", y, m, d);
			break;
		}
		case EXPORT_DATETIME: r |= add_instant(j, v[i].num, v[i].offset); break;
		case EXPORT_BOOL: r |= buf_adds(&j->out, v[i].num ? "true" : "false"); break;
		case EXPORT_DECIMAL: {
			char tmp[32];

			export_value_format(&v[i], tmp, sizeof(tmp));
			r |= buf_adds(&j->out, tmp);
			break;
		}
		default: abort();
		}
		if (col->code_key) {
			r |= buf_adds(&j->out, ", ");
			r |= add_str(j, col->code_key);
			r |= buf_adds(&j->out, ": ");
			if (v[i].code)
				r |= add_str(j, v[i].code);
			else
				r |= buf_adds(&j->out, "null");
		}
	}
	r |= buf_addc(&j->out, '}');
	j->rows++;
	if (r < 0) {
		log_warnx("json: row longer than %zu bytes", j->out.max);
		return -1;
	}
	return flush_out(j);
}

static int
jw_sheet_end(struct export_writer *w)
{
	struct jw *j = (struct jw *)w;

	if (j->in_array && buf_adds(&j->out, j->rows ? "\n ]" : "]") < 0)
		return -1;
	j->in_array = 0;
	return flush_out(j);
}

static int
jw_finish(struct export_writer *w)
{
	struct jw *j = (struct jw *)w;

	if (buf_adds(&j->out, "}\n") < 0 || flush_out(j) < 0 || fflush(j->f) != 0 || ferror(j->f)) {
		log_warn("json: write");
		return -1;
	}
	return 0;
}

static void
jw_free(struct export_writer *w)
{
	struct jw *j = (struct jw *)w;

	buf_release(&j->out);
	buf_release(&j->text);
	free(j);
}

static const struct export_writer_ops json_ops = {
	jw_begin, jw_sheet_begin, jw_row, jw_sheet_end, jw_finish, jw_free,
};

struct export_writer *
export_json_new(FILE *f)
{
	struct jw *j = xcalloc(1, sizeof(*j));

	j->w.ops = &json_ops;
	j->w.sheets = (1u << EXPORT_SHEET__MAX) - 1;
	j->f = f;
	buf_init(&j->out, (size_t)16 * 6 * 4 * EXPORT_CELL_MAX);
	buf_init(&j->text, (size_t)4 * EXPORT_CELL_MAX * 8);
	return &j->w;
}
