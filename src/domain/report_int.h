/*
 * report_int: what the files of the report module share and nobody else
 * sees: the validation context, where an issue points, and the readers of
 * one field (report_field.c) that report.c's sections call. A reader
 * returns 1 when a value was read, 0 when the field is absent or empty, -1
 * after recording an issue; it always stores the field in `dst` (the
 * normalized value, or the trimmed text typed when it is bad).
 */
#ifndef SVODKA_DOMAIN_REPORT_INT_H
#define SVODKA_DOMAIN_REPORT_INT_H

#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

#include "domain/deadline.h"
#include "domain/report.h"

/* A flag of report_read_text beside enum text_flags: its `max` counts bytes. */
#define READ_BYTES (1u << 16)

struct report_vctx {
	const struct report_rules *rules;
	json_t *issues;
	int errors;
	int have_window; /* the campaign gave a period */
	struct deadline dl;
	char window[160]; /* «08.02.2022 – 08.03.2022» (and the grace) */
	json_t *forms_prev; /* set of forms used by the previous version */
};

/* Where an issue points: a section row (row ≥ 0), a field, a list item (sub ≥ 0). */
struct report_where {
	const char *section; /* "activities", "contact", or NULL for top-level fields */
	long row; /* 0-based, or -1 */
	const char *field; /* NULL for the whole row or report */
	const char *sublabel; /* «ссылка» for list items */
	long sub; /* 0-based index in the field's list, or -1 */
};

/* The index of `code` in the NULL-terminated `codes`, or -1. */
int report_code_index(const char *const *codes, const char *code);

/* Records an issue at w, a warning when `warning`: «Мероприятие 3, поле «Дата»: …». */
void report_issue(struct report_vctx *v, int warning, const struct report_where *w, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

/* A where for a field of a row (row -1 for contact and top-level fields). */
struct report_where report_at(const char *section, long row, const char *field);

/* Text cleaned with `flags` (enum text_flags, or READ_BYTES), at most `max` long. */
int report_read_text(struct report_vctx *v, const json_t *in, const struct report_where *w, unsigned flags,
		     size_t max, json_t *dst);
/* A date "YYYY-MM-DD" or «ДД.ММ.ГГГГ» into *days; stores the ISO form. */
int report_read_date(struct report_vctx *v, const json_t *in, const struct report_where *w, json_t *dst,
		     int64_t *days);
/* A count within 0..max into *value; stores an integer or null. */
int report_read_number(struct report_vctx *v, const json_t *in, const struct report_where *w, int64_t max,
		       json_t *dst, int64_t *value);
/* A checkbox into *value; stores a boolean. */
int report_read_bool(struct report_vctx *v, const json_t *in, const struct report_where *w, json_t *dst,
		     int *value);
/*
 * One URL `val` into dst's "url", "key" and "network"; a URL already in
 * `seen` (key → 0-based row) is a warning naming that row («в `dup_in` N»).
 */
int report_url_read(struct report_vctx *v, const json_t *val, const struct report_where *w, json_t *dst,
		    json_t *seen, long row, const char *dup_in);

#endif
