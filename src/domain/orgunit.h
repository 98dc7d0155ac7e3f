/*
 * orgunit: the rules for org units (the region and its municipalities) and
 * the parser of the municipalities CSV (data/primorsky-municipalities.csv).
 *
 * Invariants: an org unit is a JSON object {code, name, kind, centre} (and,
 * from an admin's edit, head and email) with `code` of 1..64 characters
 * [a-z0-9-], `name` a non-empty single line of at most ORGUNIT_NAME_MAX
 * user-perceived characters (trimmed, NFC), `kind` one of the codes below
 * ("region" for the root only), `centre` and `head` single lines of at most
 * ORGUNIT_NAME_MAX characters (may be empty) and `email` "" or the address
 * the mailer sends to (email_mailbox, domain/email.h). The CSV
 * holds municipalities only: the region is the root of the tree and comes
 * from data/region.json, not from the CSV. Reading the file is the caller's
 * job; these functions take the text.
 */
#ifndef SVODKA_DOMAIN_ORGUNIT_H
#define SVODKA_DOMAIN_ORGUNIT_H

#include <stddef.h>

#include <jansson.h>

#define ORGUNIT_CODE_MAX 64
#define ORGUNIT_NAME_MAX 300 /* user-perceived characters (utf8_grapheme_count): name, centre, head */
#define ORGUNIT_CSV_MAX (1u << 20) /* bytes of CSV text */
#define ORGUNIT_CSV_ROWS_MAX 1000

enum orgunit_kind {
	ORGUNIT_REGION,
	ORGUNIT_URBAN_OKRUG,
	ORGUNIT_MUNICIPAL_OKRUG,
	ORGUNIT_MUNICIPAL_DISTRICT,
	ORGUNIT_KIND__MAX
};

struct orgunit_error {
	unsigned line; /* 1-based line of the CSV where the bad record starts; 0 if none */
	char field[32]; /* "code", "name", "kind", "centre", "head", "email", or "" for the record */
	char message[320]; /* Russian, full sentence, names the line and field (a file's) or the field */
};

/* "region", "urban_okrug", "municipal_okrug", "municipal_district" → *kind: 0 or -1. */
__attribute__((warn_unused_result)) int orgunit_kind_parse(const char *s, enum orgunit_kind *kind);

/* The code of a kind: "urban_okrug" … */
const char *orgunit_kind_code(enum orgunit_kind kind);

/* The Russian name: «городской округ», «муниципальный округ», «муниципальный район», «регион». */
const char *orgunit_kind_name(enum orgunit_kind kind);

/* 0 when `code` is 1..ORGUNIT_CODE_MAX characters of [a-z0-9-], else -1. */
__attribute__((warn_unused_result)) int orgunit_code_check(const char *code);

/*
 * Validates one org unit object (from data/region.json or an admin's
 * edit): code, name and kind required, centre, head and email optional
 * (absent or "" for none), nothing else. root: the unit is the region,
 * whose kind is "region"; any other unit's kind is a municipal one. On
 * success returns 0 and a new normalized object in *out with all six keys
 * (the caller owns it); on failure returns -1 and fills *err (line 0, the
 * message naming the field in Russian: «Название: не более 300 символов»).
 */
__attribute__((warn_unused_result)) int orgunit_validate(const json_t *unit, int root, json_t **out,
							 struct orgunit_error *err);

/*
 * Parses the municipalities CSV: a header naming the columns code, name_ru,
 * kind, centre (in any order), then one record per unit; RFC 4180 quoting;
 * an optional UTF-8 BOM; CRLF or LF line ends; blank lines skipped. Kinds
 * must be municipal (not "region"); codes must be unique. On success returns
 * 0 and a new array of {code, name, kind, centre} in *out (the caller owns
 * it); on failure returns -1 and fills *err.
 */
__attribute__((warn_unused_result)) int orgunit_csv_parse(const char *text, size_t len, json_t **out,
							  struct orgunit_error *err);

#endif
