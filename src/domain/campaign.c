/*
 * campaign: the campaign document as a whole. campaign_validate() reads it
 * section by section (links, forms of activity, the org units that must
 * report, principles, the contest and its video hosts, reminders) with the
 * walker of campaign_field.c, which also holds the checks of single
 * values; then the report deadline as an instant (on util/civil.c's
 * calendar) and the rule for editing a campaign whose forms are in use.
 */
#include "domain/campaign.h"

#include <stdlib.h>
#include <string.h>

#include "domain/campaign_int.h"
#include "domain/text.h"
#include "domain/video.h"
#include "util/civil.h"
#include "util/jsonx.h"

/* ---- the deadline ---- */

int
campaign_due_instant(const char *due, const char *due_time, int32_t utc_offset, int64_t *instant)
{
	int64_t days;
	int secs;

	if (civil_date_parse(due, &days) < 0 || civil_time_parse(due_time ? due_time : "23:59:59", &secs) < 0)
		return -1;
	if (utc_offset < -18 * 3600 || utc_offset > 18 * 3600)
		return -1;
	*instant = days * 86400 + secs - utc_offset;
	return 0;
}

/* ---- the document ---- */

static int
links_check(struct campaign_vctx *v, const json_t *o, json_t *dst)
{
	static const char *const known[] = {"title", "url", NULL};
	const json_t *a = campaign_get_array(v, o, "links", 0, CAMPAIGN_LIST_MAX);
	json_t *res, *item = NULL, *s;
	size_t i, old, old2, old3;
	int ret = -1;

	if (a == NULL)
		return -1;
	res = jx_arr();
	old = campaign_path_key(v, "links");
	for (i = 0; i < json_array_size(a); i++) {
		const json_t *in = json_array_get(a, i);

		if (campaign_item_begin(v, in, i, known, &old2) < 0)
			goto out;
		item = jx_obj();
		if (campaign_get_string(v, in, "title", CAMPAIGN_STR_LINE, 1, &s) < 0)
			goto out;
		jx_set(item, "title", s);
		if (campaign_get_string(v, in, "url", CAMPAIGN_STR_RAW_SHORT, 1, &s) < 0)
			goto out;
		jx_set(item, "url", s);
		if (campaign_url_check(json_string_value(s)) < 0) {
			old3 = campaign_path_key(v, "url");
			campaign_fail(v, "должно быть адресом http:// или https://");
			campaign_path_pop(v, old3);
			goto out;
		}
		jx_append(res, item);
		item = NULL;
		campaign_path_pop(v, old2);
	}
	jx_set(dst, "links", res);
	res = NULL;
	ret = 0;
out:
	campaign_path_pop(v, old);
	json_decref(item);
	json_decref(res);
	return ret;
}

static int
forms_check(struct campaign_vctx *v, const json_t *o, json_t *dst)
{
	static const char *const known[] = {"code", "title", "retired", NULL};
	const json_t *a = campaign_get_array(v, o, "forms", 1, CAMPAIGN_FORMS_MAX);
	json_t *res, *seen, *item = NULL, *s;
	size_t i, old, old2, old3;
	int ret = -1;

	if (a == NULL)
		return -1;
	res = jx_arr();
	seen = jx_obj();
	old = campaign_path_key(v, "forms");
	for (i = 0; i < json_array_size(a); i++) {
		const json_t *in = json_array_get(a, i), *retired;

		if (campaign_item_begin(v, in, i, known, &old2) < 0)
			goto out;
		item = jx_obj();
		if (campaign_code_unique(v, in, item, seen) < 0)
			goto out;
		if (campaign_get_string(v, in, "title", CAMPAIGN_STR_TEXT, 1, &s) < 0)
			goto out;
		jx_set(item, "title", s);
		retired = json_object_get(in, "retired");
		if (retired != NULL && !json_is_boolean(retired)) {
			old3 = campaign_path_key(v, "retired");
			campaign_fail(v, "должно быть логическим значением (true или false)");
			campaign_path_pop(v, old3);
			goto out;
		}
		jx_set(item, "retired", json_boolean(retired != NULL && json_is_true(retired)));
		jx_append(res, item);
		item = NULL;
		campaign_path_pop(v, old2);
	}
	jx_set(dst, "forms", res);
	res = NULL;
	ret = 0;
out:
	campaign_path_pop(v, old);
	json_decref(item);
	json_decref(res);
	json_decref(seen);
	return ret;
}

/* org_units: optional, unique codes of the org units that must report; default []. */
static int
org_units_check(struct campaign_vctx *v, const json_t *o, json_t *dst)
{
	const json_t *a;
	json_t *res, *seen;
	size_t i, old, old2;
	int ret = -1;

	if (json_object_get(o, "org_units") == NULL) {
		jx_set(dst, "org_units", json_array());
		return 0;
	}
	if ((a = campaign_get_array(v, o, "org_units", 0, CAMPAIGN_ORG_UNITS_MAX)) == NULL)
		return -1;
	res = jx_arr();
	seen = jx_obj();
	old = campaign_path_key(v, "org_units");
	for (i = 0; i < json_array_size(a); i++) {
		const json_t *t = json_array_get(a, i);
		const char *code = json_string_value(t);

		old2 = campaign_path_index(v, i);
		if (code == NULL || strlen(code) != json_string_length(t) || campaign_code_check(code) < 0) {
			campaign_fail(
				v,
				"код муниципалитета должен состоять из строчных латинских букв, цифр и дефиса "
				"(не более 64 символов)");
			goto out;
		}
		if (json_object_get(seen, code) != NULL) {
			campaign_fail(v, "муниципалитет указан дважды");
			goto out;
		}
		jx_set(seen, code, json_true());
		jx_append(res, json_string(code));
		campaign_path_pop(v, old2);
	}
	jx_set(dst, "org_units", res);
	res = NULL;
	ret = 0;
out:
	campaign_path_pop(v, old);
	json_decref(res);
	json_decref(seen);
	return ret;
}

/*
 * key: an optional list of non-empty texts, each cleaned (no controls) and,
 * when max_chars > 0, of at most that many characters; absent is [].
 * principles and prizes.
 */
static int
text_list_check(struct campaign_vctx *v, const json_t *o, json_t *dst, const char *key, size_t max_chars)
{
	const json_t *a;
	json_t *res;
	size_t i, old, old2, count;
	char *clean;
	int ret = -1;

	if (json_object_get(o, key) == NULL) {
		jx_set(dst, key, jx_arr());
		return 0;
	}
	if ((a = campaign_get_array(v, o, key, 0, CAMPAIGN_LIST_MAX)) == NULL)
		return -1;
	res = jx_arr();
	old = campaign_path_key(v, key);
	for (i = 0; i < json_array_size(a); i++) {
		const json_t *t = json_array_get(a, i);

		old2 = campaign_path_index(v, i);
		clean = json_is_string(t)
				? text_clean(json_string_value(t), json_string_length(t), TEXT_NO_CONTROLS)
				: NULL;
		if (clean == NULL || clean[0] == '\0') {
			free(clean);
			campaign_fail(v, "должно быть непустой строкой");
			goto out;
		}
		if (max_chars > 0 &&
		    (utf8_grapheme_count(clean, strlen(clean), &count) < 0 || count > max_chars)) {
			free(clean);
			campaign_fail(v, "слишком длинное значение (не более %zu символов)", max_chars);
			goto out;
		}
		jx_append(res, jx_str(clean));
		free(clean);
		campaign_path_pop(v, old2);
	}
	jx_set(dst, key, res);
	res = NULL;
	ret = 0;
out:
	campaign_path_pop(v, old);
	json_decref(res);
	return ret;
}

/*
 * video_hosts: the platforms a contest allows, each a code video.h knows
 * and the hosts it serves videos from; the title defaults to the
 * platform's name.
 */
static int
video_hosts_check(struct campaign_vctx *v, const json_t *o, json_t *dst)
{
	static const char *const known[] = {"code", "title", "hosts", "note", NULL};
	const json_t *a = campaign_get_array(v, o, "video_hosts", 1, CAMPAIGN_LIST_MAX), *h;
	json_t *res, *seen, *item = NULL, *s;
	size_t i, j, old, old2, old3;
	const char *code;
	int ret = -1;

	if (a == NULL)
		return -1;
	res = jx_arr();
	seen = jx_obj();
	old = campaign_path_key(v, "video_hosts");
	for (i = 0; i < json_array_size(a); i++) {
		const json_t *in = json_array_get(a, i);

		if (campaign_item_begin(v, in, i, known, &old2) < 0)
			goto out;
		item = jx_obj();
		if (campaign_code_unique(v, in, item, seen) < 0)
			goto out;
		code = jx_get_str(item, "code");
		if (!video_platform_known(code)) {
			old3 = campaign_path_key(v, "code");
			campaign_fail(
				v, "неизвестная видеоплощадка: допустимы tiktok, vk-clips, vk-video и yappy");
			campaign_path_pop(v, old3);
			goto out;
		}
		if (campaign_get_string(v, in, "title", CAMPAIGN_STR_LINE, 0, &s) < 0)
			goto out;
		jx_set(item, "title", s != NULL ? s : jx_str(video_platform_title(code)));
		if (campaign_hosts_check(v, in, item) < 0)
			goto out;
		json_array_foreach(json_object_get(item, "hosts"), j, h)
		{
			if (!video_platform_host(code, json_string_value(h))) {
				old3 = campaign_path_key(v, "hosts");
				(void)campaign_path_index(v, j);
				campaign_fail(v, "площадка %s не размещает ролики на домене %s", code,
					      json_string_value(h));
				campaign_path_pop(v, old3);
				goto out;
			}
		}
		if (campaign_get_string(v, in, "note", CAMPAIGN_STR_TEXT, 0, &s) < 0)
			goto out;
		if (s != NULL)
			jx_set(item, "note", s);
		jx_append(res, item);
		item = NULL;
		campaign_path_pop(v, old2);
	}
	jx_set(dst, "video_hosts", res);
	res = NULL;
	ret = 0;
out:
	campaign_path_pop(v, old);
	json_decref(item);
	json_decref(res);
	json_decref(seen);
	return ret;
}

/* An optional boolean o[key] into dst[key], `def` when absent. 0 or -1. */
static int
bool_check(struct campaign_vctx *v, const json_t *o, const char *key, int def, json_t *dst)
{
	const json_t *b = json_object_get(o, key);
	size_t old;

	if (b != NULL && !json_is_boolean(b)) {
		old = campaign_path_key(v, key);
		campaign_fail(v, "должно быть true или false");
		campaign_path_pop(v, old);
		return -1;
	}
	jx_set(dst, key, jx_bool(b != NULL ? json_is_true(b) : def));
	return 0;
}

/*
 * nominations: optional age groups {code, title, age_min, age_max}, each
 * inside the contest's ages, none overlapping another, together covering
 * every age from age_min to age_max; absent is [].
 */
static int
nominations_check(struct campaign_vctx *v, const json_t *o, json_int_t amin, json_int_t amax, json_t *dst)
{
	static const char *const known[] = {"code", "title", "age_min", "age_max", NULL};
	const json_t *a;
	json_t *res = NULL, *seen = NULL, *item = NULL, *s;
	size_t i, old, old2, old3;
	signed char owner[121]; /* the nomination (index) of each age, -1 none */
	json_int_t lo, hi, age;
	int ret = -1;

	if (json_object_get(o, "nominations") == NULL) {
		jx_set(dst, "nominations", jx_arr());
		return 0;
	}
	if ((a = campaign_get_array(v, o, "nominations", 0, CAMPAIGN_LIST_MAX)) == NULL)
		return -1;
	memset(owner, -1, sizeof(owner));
	res = jx_arr();
	seen = jx_obj();
	old = campaign_path_key(v, "nominations");
	for (i = 0; i < json_array_size(a); i++) {
		const json_t *in = json_array_get(a, i);

		if (campaign_item_begin(v, in, i, known, &old2) < 0)
			goto out;
		item = jx_obj();
		if (campaign_code_unique(v, in, item, seen) < 0)
			goto out;
		if (campaign_get_string(v, in, "title", CAMPAIGN_STR_LINE, 1, &s) < 0)
			goto out;
		jx_set(item, "title", s);
		if (campaign_get_int(v, in, "age_min", amin, amax, 1, 0, item, &lo) < 0 ||
		    campaign_get_int(v, in, "age_max", amin, amax, 1, 0, item, &hi) < 0)
			goto out;
		if (hi < lo) {
			old3 = campaign_path_key(v, "age_max");
			campaign_fail(v, "не может быть меньше age_min этой номинации");
			campaign_path_pop(v, old3);
			goto out;
		}
		for (age = lo; age <= hi; age++) {
			if (owner[age] >= 0) {
				campaign_fail(
					v,
					"возраст %lld уже входит в номинацию nominations[%d]: возрастные группы не "
					"должны пересекаться",
					(long long)age, owner[age]);
				goto out;
			}
			owner[age] = (signed char)i;
		}
		jx_append(res, item);
		item = NULL;
		campaign_path_pop(v, old2);
	}
	if (json_array_size(res) > 0) {
		for (age = amin; age <= amax; age++) {
			if (owner[age] < 0) {
				campaign_fail(v,
					      "возраст %lld не входит ни в одну номинацию: номинации должны "
					      "покрывать возраст участников от %lld до %lld",
					      (long long)age, (long long)amin, (long long)amax);
				goto out;
			}
		}
	}
	jx_set(dst, "nominations", res);
	res = NULL;
	ret = 0;
out:
	campaign_path_pop(v, old);
	json_decref(item);
	json_decref(res);
	json_decref(seen);
	return ret;
}

#define CONTEST_CRITERIA_MAX 10 /* criteria of a contest (contest.h) */

/* criteria: 1..CONTEST_CRITERIA_MAX of {code, title, max 1..100, weight 1..100}. */
static int
criteria_check(struct campaign_vctx *v, const json_t *o, json_t *dst)
{
	static const char *const known[] = {"code", "title", "max", "weight", NULL};
	const json_t *a = campaign_get_array(v, o, "criteria", 1, CONTEST_CRITERIA_MAX);
	json_t *res, *seen, *item = NULL, *s;
	size_t i, old, old2;
	int ret = -1;

	if (a == NULL)
		return -1;
	res = jx_arr();
	seen = jx_obj();
	old = campaign_path_key(v, "criteria");
	for (i = 0; i < json_array_size(a); i++) {
		const json_t *in = json_array_get(a, i);

		if (campaign_item_begin(v, in, i, known, &old2) < 0)
			goto out;
		item = jx_obj();
		if (campaign_code_unique(v, in, item, seen) < 0)
			goto out;
		if (campaign_get_string(v, in, "title", CAMPAIGN_STR_LINE, 1, &s) < 0)
			goto out;
		jx_set(item, "title", s);
		if (campaign_get_int(v, in, "max", 1, 100, 1, 0, item, NULL) < 0 ||
		    campaign_get_int(v, in, "weight", 1, 100, 1, 0, item, NULL) < 0)
			goto out;
		jx_append(res, item);
		item = NULL;
		campaign_path_pop(v, old2);
	}
	jx_set(dst, "criteria", res);
	res = NULL;
	ret = 0;
out:
	campaign_path_pop(v, old);
	json_decref(item);
	json_decref(res);
	json_decref(seen);
	return ret;
}

/* consents: {version, processing, publication, guardian, child}, all required texts. */
static int
consents_check(struct campaign_vctx *v, const json_t *o, json_t *dst)
{
	static const char *const known[] = {"version",  "processing", "publication",
					    "guardian", "child",      NULL};
	const json_t *in = json_object_get(o, "consents");
	json_t *c = NULL, *s;
	size_t old = campaign_path_key(v, "consents"), i;
	int ret = -1;

	if (in == NULL) {
		campaign_fail(v, "обязательное поле отсутствует: тексты согласий на обработку и публикацию "
				 "персональных данных (152-ФЗ)");
		goto out;
	}
	if (!json_is_object(in)) {
		campaign_fail(v, "должно быть объектом с полями version, processing, publication, guardian и "
				 "child");
		goto out;
	}
	if (campaign_known_keys(v, in, known) < 0)
		goto out;
	c = jx_obj();
	if (campaign_get_string(v, in, "version", CAMPAIGN_STR_LINE, 1, &s) < 0)
		goto out;
	jx_set(c, "version", s);
	for (i = 1; known[i] != NULL; i++) {
		if (campaign_get_string(v, in, known[i], CAMPAIGN_STR_TEXT, 1, &s) < 0)
			goto out;
		jx_set(c, known[i], s);
	}
	jx_set(dst, "consents", c);
	c = NULL;
	ret = 0;
out:
	campaign_path_pop(v, old);
	json_decref(c);
	return ret;
}

/*
 * contest: optional; the block contest.h describes. The normalized copy
 * has every setting with its default filled in.
 */
static int
contest_check(struct campaign_vctx *v, const json_t *doc, json_t *dst)
{
	static const char *const known[] = {"title",
					    "rules",
					    "hashtags",
					    "entries_from",
					    "entries_until",
					    "video_hosts",
					    "age_min",
					    "age_max",
					    "nominations",
					    "criteria",
					    "min_scores",
					    "z_normalize",
					    "guardian_confirmation",
					    "retention_days",
					    "min_form_seconds",
					    "prize",
					    "prizes",
					    "organiser",
					    "consents",
					    NULL};
	const json_t *in = json_object_get(doc, "contest");
	json_t *c = NULL, *s;
	int64_t from, until;
	json_int_t amin, amax;
	size_t old = campaign_path_key(v, "contest"), old2;
	int ret = -1;

	if (in == NULL || json_is_null(in)) {
		ret = 0;
		goto out;
	}
	if (!json_is_object(in)) {
		campaign_fail(v, "должно быть объектом");
		goto out;
	}
	if (campaign_known_keys(v, in, known) < 0)
		goto out;
	c = jx_obj();
	if (campaign_get_string(v, in, "title", CAMPAIGN_STR_LINE, 1, &s) < 0)
		goto out;
	jx_set(c, "title", s);
	if (campaign_get_string(v, in, "rules", CAMPAIGN_STR_TEXT, 1, &s) < 0)
		goto out;
	jx_set(c, "rules", s);
	if (campaign_hashtag_list_check(v, in, "hashtags", c) < 0)
		goto out;
	if (json_array_size(json_object_get(c, "hashtags")) == 0) {
		old2 = campaign_path_key(v, "hashtags");
		campaign_fail(v, "укажите хотя бы один хэштег, который участники ставят под роликом");
		campaign_path_pop(v, old2);
		goto out;
	}
	if (campaign_get_date(v, in, "entries_from", c, &from) < 0 ||
	    campaign_get_date(v, in, "entries_until", c, &until) < 0)
		goto out;
	if (until < from) {
		old2 = campaign_path_key(v, "entries_until");
		campaign_fail(v, "приём работ не может закончиться раньше, чем начался (entries_from)");
		campaign_path_pop(v, old2);
		goto out;
	}
	if (video_hosts_check(v, in, c) < 0)
		goto out;
	if (campaign_get_int(v, in, "age_min", 0, 120, 1, 0, c, &amin) < 0 ||
	    campaign_get_int(v, in, "age_max", 0, 120, 1, 0, c, &amax) < 0)
		goto out;
	if (amax < amin) {
		old2 = campaign_path_key(v, "age_max");
		campaign_fail(v, "не может быть меньше age_min");
		campaign_path_pop(v, old2);
		goto out;
	}
	if (nominations_check(v, in, amin, amax, c) < 0 || criteria_check(v, in, c) < 0)
		goto out;
	if (campaign_get_int(v, in, "min_scores", 1, 100, 0, 1, c, NULL) < 0 ||
	    bool_check(v, in, "z_normalize", 0, c) < 0 ||
	    bool_check(v, in, "guardian_confirmation", 1, c) < 0 ||
	    campaign_get_int(v, in, "retention_days", 1, CAMPAIGN_DAYS_MAX, 0, 90, c, NULL) < 0 ||
	    campaign_get_int(v, in, "min_form_seconds", 0, 600, 0, 5, c, NULL) < 0)
		goto out;
	if (campaign_get_string(v, in, "prize", CAMPAIGN_STR_TEXT, 0, &s) < 0)
		goto out;
	jx_set(c, "prize", s != NULL ? s : json_string(""));
	if (text_list_check(v, in, c, "prizes", CAMPAIGN_TEXT_MAX) < 0)
		goto out;
	if (campaign_get_string(v, in, "organiser", CAMPAIGN_STR_TEXT, 0, &s) < 0)
		goto out;
	jx_set(c, "organiser", s != NULL ? s : json_string(""));
	if (consents_check(v, in, c) < 0)
		goto out;
	jx_set(dst, "contest", c);
	c = NULL;
	ret = 0;
out:
	campaign_path_pop(v, old);
	json_decref(c);
	return ret;
}

/*
 * reminders: optional {"days_before": [N…] (each 1..CAMPAIGN_REMIND_DAYS_MAX,
 * distinct, sorted descending in the result), "after_due": bool}; absent
 * stays absent (no automatic reminders).
 */
static int
reminders_check(struct campaign_vctx *v, const json_t *doc, json_t *dst)
{
	static const char *const known[] = {"days_before", "after_due", NULL};
	const json_t *in = json_object_get(doc, "reminders"), *days, *d, *after;
	json_t *r = NULL, *list = NULL;
	size_t old = campaign_path_key(v, "reminders"), old2, old3, i, j;
	json_int_t x;
	int ret = -1;

	if (in == NULL || json_is_null(in)) {
		ret = 0;
		goto out;
	}
	if (!json_is_object(in)) {
		campaign_fail(v, "должно быть объектом с полями days_before и after_due");
		goto out;
	}
	if (campaign_known_keys(v, in, known) < 0)
		goto out;
	r = jx_obj();
	list = jx_arr();
	days = json_object_get(in, "days_before");
	old2 = campaign_path_key(v, "days_before");
	if (days != NULL && !json_is_array(days)) {
		campaign_fail(v, "должно быть массивом чисел дней");
		goto out;
	}
	if (days != NULL && json_array_size(days) > CAMPAIGN_REMIND_LIST_MAX) {
		campaign_fail(v, "должно содержать не больше %d элементов", CAMPAIGN_REMIND_LIST_MAX);
		goto out;
	}
	json_array_foreach(days, i, d)
	{
		old3 = campaign_path_index(v, i);
		if (!json_is_integer(d) || json_integer_value(d) < 1 ||
		    json_integer_value(d) > CAMPAIGN_REMIND_DAYS_MAX) {
			campaign_fail(v, "должно быть целым числом от 1 до %d", CAMPAIGN_REMIND_DAYS_MAX);
			goto out;
		}
		for (j = 0; j < i; j++) {
			if (json_integer_value(json_array_get(days, j)) == json_integer_value(d)) {
				campaign_fail(v, "это число дней уже указано");
				goto out;
			}
		}
		campaign_path_pop(v, old3);
		/* Insert sorted, largest first: the order reminders go out in. */
		x = json_integer_value(d);
		for (j = 0; j < json_array_size(list) && json_integer_value(json_array_get(list, j)) > x; j++)
			;
		if (json_array_insert_new(list, j, json_integer(x)) < 0)
			abort();
	}
	campaign_path_pop(v, old2);
	jx_set(r, "days_before", list);
	list = NULL;
	after = json_object_get(in, "after_due");
	old2 = campaign_path_key(v, "after_due");
	if (after != NULL && !json_is_boolean(after)) {
		campaign_fail(v, "должно быть true или false");
		goto out;
	}
	campaign_path_pop(v, old2);
	jx_set(r, "after_due", json_boolean(after != NULL && json_is_true(after)));
	jx_set(dst, "reminders", r);
	r = NULL;
	ret = 0;
out:
	campaign_path_pop(v, old);
	json_decref(list);
	json_decref(r);
	return ret;
}

int
campaign_validate(const json_t *doc, json_t **out, struct campaign_error *err)
{
	static const char *const known[] = {"slug",
					    "title",
					    "summary",
					    "period",
					    "time_zone",
					    "report_due",
					    "report_due_time",
					    "hashtags",
					    "links",
					    "forms",
					    "principles",
					    "org_units",
					    "lock_after_days",
					    "grace_days",
					    "contest",
					    "reminders",
					    NULL};
	static const char *const period_known[] = {"start", "end", NULL};
	struct campaign_vctx v = {.err = err};
	const json_t *period;
	json_t *res = NULL, *p = NULL, *s;
	int64_t start = 0, end = 0, due;
	int secs;
	size_t old;

	*out = NULL;
	memset(err, 0, sizeof(*err));
	if (!json_is_object(doc)) {
		campaign_fail(&v, "должен быть объектом JSON");
		goto out;
	}
	if (campaign_known_keys(&v, doc, known) < 0)
		goto out;
	res = jx_obj();

	if (campaign_get_string(&v, doc, "slug", CAMPAIGN_STR_RAW_SHORT, 1, &s) < 0)
		goto out;
	jx_set(res, "slug", s);
	if (campaign_slug_check(json_string_value(s)) < 0) {
		old = campaign_path_key(&v, "slug");
		campaign_fail(
			&v,
			"допустимы строчные латинские буквы, цифры и дефис, от 2 до 63 символов, в начале — буква "
			"или цифра");
		campaign_path_pop(&v, old);
		goto out;
	}
	if (campaign_get_string(&v, doc, "title", CAMPAIGN_STR_LINE, 1, &s) < 0)
		goto out;
	jx_set(res, "title", s);
	if (campaign_get_string(&v, doc, "summary", CAMPAIGN_STR_TEXT, 0, &s) < 0)
		goto out;
	jx_set(res, "summary", s != NULL ? s : json_string(""));

	period = json_object_get(doc, "period");
	old = campaign_path_key(&v, "period");
	if (period == NULL)
		campaign_fail(&v, "обязательное поле отсутствует");
	else if (!json_is_object(period))
		campaign_fail(&v, "должно быть объектом с полями start и end");
	else if (campaign_known_keys(&v, period, period_known) == 0) {
		p = jx_obj();
		if (campaign_get_date(&v, period, "start", p, &start) == 0 &&
		    campaign_get_date(&v, period, "end", p, &end) == 0 && end < start) {
			size_t old2 = campaign_path_key(&v, "end");

			campaign_fail(&v, "акция не может закончиться раньше, чем началась (period.start)");
			campaign_path_pop(&v, old2);
		}
	}
	campaign_path_pop(&v, old);
	if (v.failed)
		goto out;
	jx_set(res, "period", p);
	p = NULL;

	if (campaign_get_string(&v, doc, "time_zone", CAMPAIGN_STR_RAW_SHORT, 1, &s) < 0)
		goto out;
	jx_set(res, "time_zone", s);
	if (campaign_time_zone_check(json_string_value(s)) < 0) {
		old = campaign_path_key(&v, "time_zone");
		campaign_fail(&v, "должно быть названием часового пояса IANA, например Asia/Vladivostok");
		campaign_path_pop(&v, old);
		goto out;
	}
	if (campaign_get_date(&v, doc, "report_due", res, &due) < 0)
		goto out;
	if (due < end) {
		old = campaign_path_key(&v, "report_due");
		campaign_fail(&v, "срок отчёта не может быть раньше окончания акции (period.end)");
		campaign_path_pop(&v, old);
		goto out;
	}
	if (campaign_get_string(&v, doc, "report_due_time", CAMPAIGN_STR_RAW_SHORT, 0, &s) < 0)
		goto out;
	if (s == NULL)
		s = json_string("23:59:59");
	jx_set(res, "report_due_time", s);
	if (civil_time_parse(json_string_value(s), &secs) < 0) {
		old = campaign_path_key(&v, "report_due_time");
		campaign_fail(&v, "должно быть временем в формате ЧЧ:ММ:СС, например 23:59:59");
		campaign_path_pop(&v, old);
		goto out;
	}

	if (campaign_hashtag_list_check(&v, doc, "hashtags", res) < 0 || links_check(&v, doc, res) < 0 ||
	    forms_check(&v, doc, res) < 0 || text_list_check(&v, doc, res, "principles", 0) < 0 ||
	    org_units_check(&v, doc, res) < 0)
		goto out;
	if (campaign_get_int(&v, doc, "lock_after_days", 0, CAMPAIGN_DAYS_MAX, 0, 0, res, NULL) < 0 ||
	    campaign_get_int(&v, doc, "grace_days", 0, CAMPAIGN_DAYS_MAX, 0, 0, res, NULL) < 0)
		goto out;
	if (contest_check(&v, doc, res) < 0 || reminders_check(&v, doc, res) < 0)
		goto out;
	*out = res;
	res = NULL;
out:
	json_decref(p);
	json_decref(res);
	return *out != NULL ? 0 : -1;
}

/* ---- editing ---- */

json_t *
campaign_form_codes(const json_t *doc)
{
	json_t *codes = json_array(), *f;
	size_t i;

	if (codes == NULL)
		abort();
	json_array_foreach(json_object_get(doc, "forms"), i, f)
	{
		const char *code = json_string_value(json_object_get(f, "code"));

		if (code != NULL)
			jx_append(codes, json_string(code));
	}
	return codes;
}

/* The form of `doc` with this code, or NULL. */
static const json_t *
form_by_code(const json_t *doc, const char *code)
{
	json_t *f;
	size_t i;

	json_array_foreach(json_object_get(doc, "forms"), i, f)
	{
		const char *c = json_string_value(json_object_get(f, "code"));

		if (c != NULL && strcmp(c, code) == 0)
			return f;
	}
	return NULL;
}

int
campaign_forms_check_edit(const json_t *old_doc, const json_t *new_doc, const json_t *codes_in_use,
			  struct campaign_error *err)
{
	struct campaign_vctx v = {.err = err};
	const json_t *c, *was;
	const char *code, *title;
	size_t i, old, n;

	memset(err, 0, sizeof(*err));
	json_array_foreach(codes_in_use, i, c)
	{
		code = json_string_value(c);
		if (code == NULL || form_by_code(new_doc, code) != NULL)
			continue;
		was = form_by_code(old_doc, code);
		title = was ? json_string_value(json_object_get(was, "title")) : NULL;
		if (title == NULL)
			title = code;
		n = utf8_fit(title, strlen(title), 80);
		old = campaign_path_key(&v, "forms");
		campaign_fail(&v,
			      "форма «%.*s%s» (код %.64s) уже используется в отчётах, удалить её нельзя — "
			      "переименуйте её или отметьте «выведена из употребления» (retired)",
			      (int)n, title, title[n] ? "…" : "", code);
		campaign_path_pop(&v, old);
		return -1;
	}
	return 0;
}
