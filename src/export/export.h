/*
 * export: the consolidated summary (сводка) of a campaign as files an
 * official can hand upward untouched: one XLSX workbook of four sheets
 * («Сводка», «Мероприятия», «Публикации», «Организации»), CSV (one sheet a
 * file) and JSON.
 *
 * One column model (export_sheet_get) names the sheets and their columns
 * with their Russian headers, JSON keys and types, and every writer takes
 * its rows from it: the three formats cannot drift apart. A writer is fed
 * typed rows in order and streams them to its file, so memory stays
 * constant however many rows a national export has (XLSX through
 * libxlsxwriter's constant_memory mode).
 *
 * export_campaign() is the one driver: it reads the campaign, its
 * municipalities and reports from the store in one read transaction, applies
 * the filter and feeds a writer. The command line (cli_export.c) and the
 * web handlers (web/exports.c) both call it.
 *
 * Invariants:
 * - A writer receives, in this order: export_begin once; for each sheet it
 *   wants (export_wants), export_sheet_begin, rows, export_sheet_end; then
 *   export_finish. A call out of order is a programmer error (abort).
 * - Every row has exactly the sheet's number of columns.
 * - The strings of export_begin's meta stay valid until export_finish.
 * - Text reaching a file is valid UTF-8 without the control characters XML
 *   cannot hold; XLSX cells hold at most EXPORT_CELL_MAX characters; text is
 *   never turned into a formula (XLSX writes strings as strings; CSV prefixes
 *   text starting with = + - @ TAB CR with a single quote).
 * - After any writer call returned -1 the writer only accepts
 *   export_writer_free; the file is incomplete and the caller removes it.
 */
#ifndef SVODKA_EXPORT_H
#define SVODKA_EXPORT_H

#include <jansson.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "store/store.h"
#include "util/buf.h"

#define EXPORT_WUR __attribute__((warn_unused_result))

#define EXPORT_CELL_MAX 32767 /* characters of one XLSX cell: Excel's limit */

enum export_sheet_id {
	EXPORT_SUMMARY, /* «Сводка»: one row per municipality, a totals row */
	EXPORT_ACTIVITIES, /* «Мероприятия» */
	EXPORT_PUBLICATIONS, /* «Публикации» */
	EXPORT_ORGANIZATIONS, /* «Организации» */
	EXPORT_SHEET__MAX
};

enum export_type {
	EXPORT_NULL, /* an empty cell (values only) */
	EXPORT_TEXT, /* a string, never a formula */
	EXPORT_INT, /* a number */
	EXPORT_DATE, /* num: days since 1970-01-01; shown ДД.ММ.ГГГГ */
	EXPORT_DATETIME, /* num: Unix seconds, shown ДД.ММ.ГГГГ ЧЧ:ММ at offset */
	EXPORT_BOOL, /* num: 0 or 1; shown as the column's yes / no text */
	EXPORT_DECIMAL, /* num: hundredths (8750 is 87.50); a number shown with two decimals */
};

struct export_column {
	const char *key; /* JSON member: "org_unit_name" */
	const char *code_key; /* JSON member of the value's code ("org_unit"), or NULL */
	const char *title; /* header: «Муниципальное образование» */
	enum export_type type;
	const char *yes, *no; /* EXPORT_BOOL: «да» / «нет» */
	unsigned width_max; /* XLSX: widest the column gets, in characters */
};

struct export_sheet {
	enum export_sheet_id id;
	const char *code; /* "svodka", "activities", "publications", "organizations" */
	const char *json_key; /* "summary", "activities", … */
	const char *title; /* sheet name: «Сводка» */
	const struct export_column *columns;
	size_t ncolumns;
};

/* The sheet's model (static). */
const struct export_sheet *export_sheet_get(enum export_sheet_id id);
/* "svodka" | "activities" | "publications" | "organizations" → *id: 0, or -1 if unknown. */
EXPORT_WUR int export_sheet_parse(const char *code, enum export_sheet_id *id);

#define EXPORT_COLUMNS_MAX 24 /* columns of a sheet any writer takes */

/* One cell. Strings are borrowed for the duration of the call. */
struct export_value {
	enum export_type type; /* EXPORT_NULL, or the column's type (EXPORT_TEXT for an unparsable date) */
	const char *text; /* EXPORT_TEXT */
	const char *code; /* JSON only: the code behind the text (status, kind, form …), or NULL */
	int64_t num; /* EXPORT_INT, EXPORT_DATE, EXPORT_DATETIME, EXPORT_BOOL */
	int32_t offset; /* EXPORT_DATETIME: seconds east of UTC to show the instant at */
};

/* What the head of every sheet (and the JSON document) says. */
struct export_meta {
	const char *slug; /* campaign */
	const char *title; /* the campaign's title */
	const char *time_zone; /* "Asia/Vladivostok" */
	int64_t exported_at; /* Unix seconds */
	int32_t offset; /* the zone's offset at exported_at */
	const char *filter_text; /* «Отбор: статус — принят; вид — городской округ», or NULL */
	json_t *filter; /* {"status": [...], "kind": [...]}, or NULL; borrowed */
	const char *subject; /* the XLSX workbook's subject property; NULL: «Сводка» */
};

struct export_writer;

/*
 * XLSX workbook at path (created or truncated), libxlsxwriter's
 * constant_memory mode with its temporary files in tmpdir (NULL: the
 * system's). All four sheets. NULL (logged) when the file cannot be created.
 */
EXPORT_WUR struct export_writer *export_xlsx_new(const char *path, const char *tmpdir);
/*
 * CSV of one sheet to f (borrowed; the caller closes it after
 * export_finish): UTF-8 with BOM, header first, CRLF, RFC 4180 quoting,
 * delimiter ';' or ','.
 */
EXPORT_WUR struct export_writer *export_csv_new(FILE *f, enum export_sheet_id sheet, char delimiter);
/*
 * CSV of every sheet, one file each: DIR/PREFIX-<sheet code>.csv. NULL when
 * dir is not a directory. A file that exists is replaced.
 */
EXPORT_WUR struct export_writer *export_csv_dir_new(const char *dir, const char *prefix, char delimiter);
/* JSON document to f (borrowed), streamed. */
EXPORT_WUR struct export_writer *export_json_new(FILE *f);

/* Whether the writer takes this sheet (a CSV file takes one). */
int export_wants(const struct export_writer *w, enum export_sheet_id id);
EXPORT_WUR int export_begin(struct export_writer *w, const struct export_meta *m);
EXPORT_WUR int export_sheet_begin(struct export_writer *w, enum export_sheet_id id);
/*
 * A sheet whose model the caller builds (the contest protocol's columns
 * follow the campaign's criteria): s (at most EXPORT_COLUMNS_MAX columns)
 * and its strings stay valid until export_sheet_end. For a writer of every
 * sheet (XLSX, JSON, a CSV directory), not one of a single CSV sheet.
 */
EXPORT_WUR int export_sheet_begin_model(struct export_writer *w, const struct export_sheet *s);
/* A row of ncolumns values; total: the sheet's totals row (last, styled apart). */
EXPORT_WUR int export_row(struct export_writer *w, const struct export_value *v, int total);
EXPORT_WUR int export_sheet_end(struct export_writer *w);
/* Completes the file(s); 0 or -1 (logged: disk full, …). */
EXPORT_WUR int export_finish(struct export_writer *w);
/* Frees the writer; NULL is a no-op. Without export_finish the output is incomplete. */
void export_writer_free(struct export_writer *w);

/*
 * Text rules shared by the writers, exposed for tests. Appends s to out:
 * invalid UTF-8 sequences become U+FFFD, control characters other than TAB,
 * LF and CR are dropped, as are U+FFFE and U+FFFF, and at most max_chars
 * code points are kept (0: no limit). Returns 0, or -1 when out is full.
 */
EXPORT_WUR int export_text_clean(struct buf *out, const char *s, size_t max_chars);
/* Whether a CSV field of this text gets the ' prefix (starts with = + - @ TAB CR). */
int export_csv_risky(const char *s);
/*
 * Writes «ДД.ММ.ГГГГ» (11 bytes) or «ДД.ММ.ГГГГ ЧЧ:ММ» (17 bytes) of a
 * date, «87.50» of a decimal (at most 24 bytes); "" for other types.
 */
void export_value_format(const struct export_value *v, char *out, size_t outsz);

/*
 * The filter: statuses and kinds of municipality, as bit sets of
 * (1 << enum workflow_status) and (1 << enum orgunit_kind); 0 takes all.
 */
struct export_filter {
	unsigned statuses;
	unsigned kinds;
};
/*
 * Adds the codes of a comma-separated list ("submitted,accepted";
 * not_started, draft, submitted, returned, accepted / urban_okrug,
 * municipal_okrug, municipal_district). 0, or -1 with the first unknown code
 * copied into bad (cut to badsz on a character boundary).
 */
EXPORT_WUR int export_filter_add_status(struct export_filter *f, const char *list, char *bad, size_t badsz);
EXPORT_WUR int export_filter_add_kind(struct export_filter *f, const char *list, char *bad, size_t badsz);
/* {"status": [codes], "kind": [codes]} (new reference), or NULL when the filter takes all. */
json_t *export_filter_json(const struct export_filter *f);
/* «Отбор: статус — принят, на проверке; вид — городской округ» (malloc'd), or NULL when none. */
char *export_filter_text(const struct export_filter *f);

enum export_rc {
	EXPORT_OK = 0,
	EXPORT_NOTFOUND, /* no such campaign */
	EXPORT_UNAVAILABLE, /* the database cannot be reached or is busy */
	EXPORT_STORE_FAILED, /* any other store failure (logged) */
	EXPORT_WRITE_FAILED, /* the writer failed: disk full, … (logged) */
};

/*
 * Exports campaign slug through w (begin, the sheets w wants, finish) in
 * one read transaction of st (none may be open). «Сводка» lists every
 * municipality that must report (the campaign's org_units, or all when the
 * list is empty), those without a report as «не начат» with zeros, then a
 * totals row «Итого по краю»; the other sheets hold the rows of the reports
 * of the municipalities listed. The filter applies to every sheet. now is
 * the export's time (Unix seconds). On failure the file is incomplete.
 */
EXPORT_WUR enum export_rc export_campaign(struct store *st, const char *slug, const struct export_filter *f,
					  int64_t now, struct export_writer *w);

/*
 * The jury's protocol of a campaign's contest through w (begin, the sheets
 * «Итоги», «Оценки», «Критерии», finish), w a writer of every sheet
 * (export_xlsx_new; export_json_new gives the same rows as JSON). All
 * inputs are borrowed and read only:
 * - campaign: the campaign document (its "title", "slug", "time_zone" and
 *   "contest" block: "title", "criteria", "nominations", "min_scores",
 *   "z_normalize");
 * - entries: store entry models; only "id", "title", "nomination",
 *   "org_unit" and "org_unit_name" are read, so no personal data reaches
 *   the file;
 * - jurors: store juror models [{"user_id", "name", …}] (the order of the
 *   rows of «Оценки», and a juror's name when a score has none);
 * - scores: store_contest_scores() [{"entry", "juror", "juror_name",
 *   "values", "comment", "updated_at"}];
 * - ranking: contest_rank() of the same (its order is the order of «Итоги»).
 * now: the export's time (Unix seconds). 0, or -1 when the writer failed
 * (logged); the file is then incomplete and the caller removes it.
 */
EXPORT_WUR int export_contest_protocol(const json_t *campaign, const json_t *entries, const json_t *jurors,
				       const json_t *scores, const json_t *ranking, int64_t now,
				       struct export_writer *w);

#endif
