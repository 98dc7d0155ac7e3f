/*
 * import_int: what the two files of the import share and nobody else sees:
 * the table of the file's columns (import.c), and the two helpers that both
 * the parse (import_parse.c) and the check (import.c) use to word an issue.
 */
#ifndef SVODKA_DOMAIN_IMPORT_INT_H
#define SVODKA_DOMAIN_IMPORT_INT_H

#include "domain/import.h"

/* One column a file may have. */
struct import_column_def {
	const char *code;
	const char *title;
	const char *aliases[8]; /* keys (see key_of), NULL-terminated */
	int required;
	const char *hint;
};

/* The columns, indexed by enum import_column. */
extern const struct import_column_def import_column_defs[IMPORT_COL__MAX];

/* The header of column c for messages: header[c] as written in the file, else the standard title. */
const char *import_header_of(const char *const *header, enum import_column c);

/*
 * The reason of a report_validate message without its «Мероприятие 3, поле
 * «Дата»» prefix (section and field name the prefix); a pointer into msg.
 */
const char *import_reason_of(const char *msg, const char *section, const char *field);

#endif
