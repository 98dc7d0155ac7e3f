/*
 * campaign: the rules of a campaign document (the format of
 * data/charter-2022.json, described field by field in docs/data.md), the
 * report deadline as an instant, and the form's date input; the calendar
 * itself is util/civil.h. campaign.c holds the document as a whole,
 * campaign_field.c the checks of one value.
 *
 * Invariants: a date is a proleptic Gregorian calendar day written
 * YYYY-MM-DD (years 0001..9999) and held as days since 1970-01-01 (int64,
 * negative before 1970). Nothing here reads a clock or a time zone
 * database: the caller resolves the campaign's time zone to a UTC offset and
 * passes it in. campaign_validate() never changes its input; the document
 * it returns has every optional field filled with its default, every
 * string trimmed and NFC-normalized, host names lowercased, and nothing
 * else: unknown fields are errors, so a typo never passes silently.
 */
#ifndef SVODKA_DOMAIN_CAMPAIGN_H
#define SVODKA_DOMAIN_CAMPAIGN_H

#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

#define CAMPAIGN_FORMS_MAX 50
#define CAMPAIGN_LIST_MAX 50 /* hashtags, links, principles, video hosts, hosts */
#define CAMPAIGN_ORG_UNITS_MAX 500 /* org units that must report */
/*
 * Titles and texts are counted in user-perceived characters
 * (utf8_grapheme_count) and their messages say «символов»; a URL is
 * counted in bytes (a protocol limit, as URL_MAX) and its message says
 * «байт».
 */
#define CAMPAIGN_TITLE_MAX 300 /* characters of a title */
#define CAMPAIGN_TEXT_MAX 10000 /* characters of a summary, rules, note */
#define CAMPAIGN_HASHTAG_MAX 100 /* code points after the '#' (letters, digits, '_': one each) */
#define CAMPAIGN_URL_MAX 2000 /* bytes */
#define CAMPAIGN_DAYS_MAX 3650 /* lock_after_days, grace_days */
#define CAMPAIGN_REMIND_DAYS_MAX 60 /* reminders.days_before: each 1..60 */
#define CAMPAIGN_REMIND_LIST_MAX 10 /* reminders.days_before: at most this many */

struct campaign_error {
	char path[128]; /* "forms[3].title", "contest.entries_until", "" for the whole document */
	char reason[384]; /* Russian, without the field: «должно быть непустой строкой» */
	char message[512]; /* «Поле forms[3].title: должно быть непустой строкой» */
};

/*
 * Validates a campaign document. On success returns 0 and a new normalized
 * copy in *out (the caller owns it). On failure returns -1, *out is NULL and
 * *err names the first bad field.
 */
__attribute__((warn_unused_result)) int campaign_validate(const json_t *doc, json_t **out,
							  struct campaign_error *err);

/*
 * The codes of the forms of activity of a (validated) campaign document, as
 * a new JSON array of strings the caller owns.
 */
json_t *campaign_form_codes(const json_t *doc);

/*
 * The rule for editing a campaign whose reports refer to its forms by code:
 * every code in codes_in_use (an array of strings: the form codes stored
 * reports use) must still be a form of new_doc. A form can be renamed (same
 * code, new title) or retired ("retired": true), never deleted while in use;
 * dropping a form no report uses is fine. old_doc gives the title for the
 * message. Returns 0, or -1 with *err naming "forms" and telling, in
 * Russian, to retire the form instead. Both documents are validated ones.
 */
__attribute__((warn_unused_result)) int campaign_forms_check_edit(const json_t *old_doc,
								  const json_t *new_doc,
								  const json_t *codes_in_use,
								  struct campaign_error *err);

/*
 * Checks one hashtag: '#' then 1..CAMPAIGN_HASHTAG_MAX letters, digits,
 * combining marks or '_' (Unicode categories L*, M* after a letter, Nd, '_'),
 * valid UTF-8. Returns 0 or -1. Compare hashtags with text_fold_equal().
 */
__attribute__((warn_unused_result)) int campaign_hashtag_check(const char *tag);

/* 0 when `slug` matches ^[a-z0-9][a-z0-9-]{1,62}$, else -1. */
__attribute__((warn_unused_result)) int campaign_slug_check(const char *slug);

/* 0 when `code` is 1..64 characters of [a-z0-9-] (form and host codes), else -1. */
__attribute__((warn_unused_result)) int campaign_code_check(const char *code);

/*
 * 0 when `url` is an absolute http:// or https:// URL with a host, no white
 * space or control characters and at most CAMPAIGN_URL_MAX bytes, else -1.
 */
__attribute__((warn_unused_result)) int campaign_url_check(const char *url);

/*
 * 0 when `host` is a lowercase DNS name of at least two labels: labels of
 * 1..63 characters [a-z0-9-] not starting or ending with '-', at most 253
 * bytes in all; else -1.
 */
__attribute__((warn_unused_result)) int campaign_domain_check(const char *host);

/*
 * 0 when `tz` looks like an IANA zone name ("Asia/Vladivostok",
 * "America/Argentina/Buenos_Aires", "UTC"): components of [A-Za-z0-9_+-],
 * the first starting with a letter, joined by '/'; else -1. Whether the zone
 * exists is the caller's check (it has the tz database).
 */
__attribute__((warn_unused_result)) int campaign_time_zone_check(const char *tz);

/*
 * The report deadline as a Unix time: `due` (YYYY-MM-DD) at `due_time`
 * (HH:MM:SS, NULL for "23:59:59") local time, where local time is UTC +
 * `utc_offset` seconds (the caller resolves the campaign's zone for that
 * date). 2022-03-10 23:59:59 at +36000 is 1646920799. A report is on time
 * when submitted at or before this instant. Returns 0, or -1 on a bad date,
 * time or offset (|offset| ≤ 18 hours).
 */
__attribute__((warn_unused_result)) int campaign_due_instant(const char *due, const char *due_time,
							     int32_t utc_offset, int64_t *instant);

#endif
