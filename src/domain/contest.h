/*
 * contest: the rules of a campaign's video contest (the "contest" block of
 * the campaign document, docs/contest.md) applied to one entry: who may
 * enter, in which nomination, which consents an age needs, and the check of
 * an entry as a child or a parent typed it, with a Russian message naming
 * each wrong field.
 *
 * The block, as campaign_check validates it (every field named on error):
 *   "title", "rules" (text), "entries_from", "entries_until" (YYYY-MM-DD,
 *   both inclusive, in the campaign's time zone), "hashtags" (required),
 *   "video_hosts": [{"code" (video_platform_known), "hosts", "note"}],
 *   "age_min", "age_max" (whole years on entries_until),
 *   "nominations": [{"code", "title", "age_min", "age_max"}] (optional;
 *     when given, inside age_min..age_max, not overlapping, covering it),
 *   "criteria": [{"code", "title", "max" (1..100), "weight" (1..100)}] (1..10),
 *   "min_scores" (jurors' scores an entry needs to be ranked; default 1),
 *   "z_normalize" (bool, default false),
 *   "guardian_confirmation" (bool, default true),
 *   "retention_days" (after the results; 1..3650, default 90),
 *   "min_form_seconds" (a form_token's least age; 0..600, default 5),
 *   "prize", "prizes" ([text]), "organiser",
 *   "consents": {"version", "processing", "publication", "guardian",
 *     "child"} (texts shown in full beside the boxes; "guardian" is the
 *     guardian's consent for a child under 14 and for the child's part
 *     from 14, "child" the minor's own consent from 14).
 *
 * Invariants: pure (no clock: "today" and the age date are passed in);
 * everything here reads a block campaign_check has accepted.
 */
#ifndef SVODKA_DOMAIN_CONTEST_H
#define SVODKA_DOMAIN_CONTEST_H

#include <jansson.h>
#include <stdint.h>

#define CONTEST_NAME_MAX 200 /* characters of a full name */
#define CONTEST_TITLE_MAX 200 /* characters of a video's title */
#define CONTEST_DESCRIPTION_MAX 2000 /* characters of the lines about the video */
#define CONTEST_CAPTION_MAX 4000 /* characters of a pasted caption */
#define CONTEST_SCHOOL_MAX 300
#define CONTEST_RELATION_MAX 100
#define CONTEST_JSON_BODY 65536 /* bytes of an entry's JSON */
#define CONTEST_FORM_BODY (3 * CONTEST_JSON_BODY) /* the same data urlencoded */
#define CONTEST_ADULT_AGE 18
#define CONTEST_CHILD_CONSENT_AGE 14
#define CONTEST_CONFIRM_SECONDS (7 * 86400) /* a guardian's confirmation link works this long */
#define CONTEST_REMIND_AFTER (3 * 86400) /* one reminder when not confirmed by then */

/* The block of a campaign document, or NULL when it has no contest. */
const json_t *contest_block(const json_t *campaign);

/* Settings with their defaults applied. */
int contest_guardian_confirmation(const json_t *contest);
int64_t contest_retention_days(const json_t *contest);
int64_t contest_min_form_seconds(const json_t *contest);
int64_t contest_min_scores(const json_t *contest);
int contest_z_normalize(const json_t *contest);

/*
 * Whole years from birth (YYYY-MM-DD) to `on` (YYYY-MM-DD); someone born
 * on 29 February is a year older on 1 March of a common year. -1 when
 * either date is not a real date or birth is after `on`.
 */
int contest_age_on(const char *birth, const char *on);

/* The nomination object whose age range holds age, or NULL (none defined, or none fits). */
const json_t *contest_nomination_for(const json_t *contest, int age);

/* Which consents an age needs (152-FZ; docs/contest.md). */
enum contest_consent_rule {
	CONTEST_CONSENT_OWN, /* 18 and over: the author's own */
	CONTEST_CONSENT_GUARDIAN, /* under 14: the guardian for the child */
	CONTEST_CONSENT_BOTH, /* 14 to 17: the child and the guardian */
};
enum contest_consent_rule contest_consent_rule(int age);

/* Where `today` (YYYY-MM-DD, the campaign's zone) stands against the window. */
enum contest_window { CONTEST_BEFORE = -1, CONTEST_OPEN = 0, CONTEST_CLOSED = 1 };
enum contest_window contest_window_at(const json_t *contest, const char *today);

/*
 * Hex SHA-256 of the consent texts the entrant was shown (version and the
 * texts in a fixed order), stored with the entry so the exact wording can be
 * proven later. out: 65 bytes.
 */
void contest_consent_hash(const json_t *contest, char out[65]);

/*
 * Checks an entry as sent (the JSON of docs/api.md; the form is read into
 * the same shape by web/), for a campaign with a contest, given its org
 * units (store model list) and today's date in its zone. The window is not
 * checked here (contest_window_at). On success returns the entry, new:
 *   {"author": {"full_name", "birth_date"}, "age", "nomination" (code or
 *    null), "nomination_title", "org_unit", "org_unit_name", "school" (or
 *    null), "video": {"platform", "id", "url", "key"}, "caption",
 *    "hashtags" (hashtag_required_check), "title", "description",
 *    "guardian": {"full_name", "relation", "email", "phone" (E.164)} or
 *    null, "contact": {"email", "phone"} (the guardian's for a minor),
 *    "consents": {"processing", "publication", "child", "guardian"},
 *    "minor", "needs_confirmation"}
 * with text NFC-normalized and trimmed, e-mail lowercased. Else NULL and
 * *errors gets a new array of {"field", "message"} (field as in the JSON:
 * "author.birth_date", "guardian.email", "consents.processing", …), every
 * wrong field once, in form order, messages in Russian naming the field
 * by its label («Дата рождения автора: …»).
 */
json_t *contest_entry_check(const json_t *campaign, const json_t *org_units, const json_t *input,
			    json_t **errors);

/* The Russian label of an entry field ("video_url" → «Ссылка на ролик»), or the name itself. */
const char *contest_field_label(const char *field);

/* The status's word for people: «ожидает подтверждения», «принята», … ; "" if unknown. */
const char *contest_status_title(const char *status);

/*
 * Reject reasons moderators choose from: codes "no_hashtags",
 * "unavailable", "off_topic", "no_consent", "duplicate", "other" (which
 * needs a text). The title, or NULL for an unknown code.
 */
const char *contest_reject_reason_title(const char *code);

#endif
