/*
 * report: the report model (see report.h): its codes and Russian labels,
 * and report_validate(), which reads the contact, the rows of each section
 * and the top-level fields in one pass, building the normalized copy and
 * collecting issues; cross-row checks (duplicate URLs, INNs, names) keep
 * small JSON objects as sets keyed by the normalized value. The readers of
 * one field are in report_field.c, the diff of two versions in
 * report_diff.c.
 */
#include "domain/report.h"
#include "domain/report_int.h"
#include "util/civil.h"
#include "util/jsonx.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "domain/campaign.h"
#include "domain/deadline.h"
#include "domain/email.h"
#include "domain/inn.h"
#include "domain/phone.h"
#include "domain/text.h"

const char *const report_audiences[REPORT_AUDIENCES_N + 1] = {"children",    "parents", "teachers",
							      "specialists", "public",  NULL};
static const char *const audience_titles[] = {"Дети", "Родители", "Педагоги", "Специалисты",
					      "Широкая общественность"};

const char *const report_org_kinds[] = {"school",     "kindergarten", "college",  "library", "culture",
					"sports",     "youth",        "business", "ngo",     "media",
					"government", "other",        NULL};
static const char *const org_kind_titles[] = {"Школа",
					      "Детский сад",
					      "Колледж, техникум",
					      "Библиотека",
					      "Учреждение культуры",
					      "Спортивная организация",
					      "Молодёжная организация",
					      "Бизнес",
					      "Некоммерческая организация",
					      "СМИ",
					      "Орган власти",
					      "Другое"};

static const struct {
	const char *section; /* NULL for top-level fields */
	const char *field;
	const char *label;
} labels[] = {
	{"contact", "name", "ФИО"},
	{"contact", "position", "Должность"},
	{"contact", "phone", "Телефон"},
	{"contact", "phone_ext", "Добавочный"},
	{"contact", "email", "Эл. почта"},
	{"activities", "id", "Идентификатор"},
	{"activities", "form", "Форма"},
	{"activities", "date", "Дата"},
	{"activities", "title", "Название"},
	{"activities", "description", "Описание"},
	{"activities", "audience", "Аудитория"},
	{"activities", "participants", "Участники"},
	{"activities", "reach", "Охват"},
	{"activities", "links", "Ссылки"},
	{"organizations", "id", "Идентификатор"},
	{"organizations", "name", "Название"},
	{"organizations", "kind", "Тип"},
	{"organizations", "inn", "ИНН"},
	{"organizations", "joined", "Дата присоединения"},
	{"publications", "id", "Идентификатор"},
	{"publications", "url", "Ссылка"},
	{"publications", "key", "Ссылка"},
	{"publications", "network", "Соцсеть"},
	{"publications", "date", "Дата"},
	{"publications", "views", "Просмотры"},
	{"publications", "has_hashtag", "Хэштег"},
	{"publications", "has_alliance_link", "Ссылка на Альянс"},
	{NULL, "contact", "Контактное лицо"},
	{NULL, "activities", "Мероприятия"},
	{NULL, "organizations", "Организации"},
	{NULL, "publications", "Публикации"},
	{NULL, "remarks", "Примечания"},
	{NULL, "no_activity_reason", "Причина отсутствия мероприятий"},
};

const char *
report_section_label(const char *section)
{
	if (section == NULL)
		return NULL;
	if (strcmp(section, "activities") == 0)
		return "Мероприятие";
	if (strcmp(section, "organizations") == 0)
		return "Организация";
	if (strcmp(section, "publications") == 0)
		return "Публикация";
	if (strcmp(section, "contact") == 0)
		return "Контактное лицо";
	return NULL;
}

const char *
report_field_label(const char *section, const char *field)
{
	size_t i;

	if (field == NULL)
		return NULL;
	for (i = 0; i < sizeof(labels) / sizeof(labels[0]); i++) {
		if ((section == NULL) != (labels[i].section == NULL))
			continue;
		if (section != NULL && strcmp(section, labels[i].section) != 0)
			continue;
		if (strcmp(field, labels[i].field) == 0)
			return labels[i].label;
	}
	return NULL;
}

int
report_code_index(const char *const *codes, const char *code)
{
	int i;

	for (i = 0; codes[i] != NULL; i++) {
		if (strcmp(codes[i], code) == 0)
			return i;
	}
	return -1;
}

const char *
report_audience_title(const char *code)
{
	int i = report_code_index(report_audiences, code);

	return i < 0 ? NULL : audience_titles[i];
}

const char *
report_org_kind_title(const char *code)
{
	int i = report_code_index(report_org_kinds, code);

	return i < 0 ? NULL : org_kind_titles[i];
}

/* ---- rows ---- */

/* Records "unknown field" issues for keys of `in` not in `known`. */
static void
unknown_keys(struct report_vctx *v, const json_t *in, const char *section, long row, const char *const *known)
{
	const char *key;
	json_t *val;

	json_object_foreach((json_t *)in, key, val)
	{
		size_t k, n = strlen(key);
		int sane = n > 0 && n <= 64 && strspn(key, "abcdefghijklmnopqrstuvwxyz0123456789_") == n;
		struct report_where w = report_at(section, row, NULL);

		(void)val;
		for (k = 0; known[k] != NULL && strcmp(known[k], key) != 0; k++)
			;
		if (known[k] != NULL)
			continue;
		if (sane) {
			w.field = key;
			report_issue(v, 0, &w, "неизвестное поле");
		} else {
			report_issue(v, 0, &w, "неизвестное поле в данных формы");
		}
	}
}

/* Reads the optional row id, unique within `ids` (a set). */
static void
read_id(struct report_vctx *v, const json_t *in, const char *section, long row, json_t *dst, json_t *ids)
{
	const json_t *val = json_object_get(in, "id");
	struct report_where w = report_at(section, row, "id");
	const char *s;
	size_t n;

	if (val == NULL || json_is_null(val))
		return;
	s = json_string_value(val);
	n = s ? strlen(s) : 0;
	if (s == NULL || n == 0 || n > REPORT_ID_MAX || n != json_string_length(val) ||
	    strspn(s, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-") != n) {
		report_issue(v, 0, &w, "неверный идентификатор строки");
		return;
	}
	if (json_object_get(ids, s) != NULL) {
		report_issue(v, 0, &w, "идентификатор строки повторяется");
		return;
	}
	jx_set(ids, s, json_true());
	jx_set(dst, "id", jx_str(s));
}

/* 1 when every value of row `o` is empty: "", null, [], false. */
static int
row_blank(const json_t *o)
{
	const char *key;
	json_t *val;

	json_object_foreach((json_t *)o, key, val)
	{
		if (strcmp(key, "id") == 0)
			continue;
		if (json_is_string(val) && json_string_length(val) > 0)
			return 0;
		if (json_is_array(val) && json_array_size(val) > 0)
			return 0;
		if (json_is_true(val) || json_is_number(val) || json_is_object(val))
			return 0;
	}
	return 1;
}

static void
require(struct report_vctx *v, int given, const char *section, long row, const char *field)
{
	struct report_where w = report_at(section, row, field);

	if (given == 0 && v->rules->mode == REPORT_SUBMIT)
		report_issue(v, 0, &w, "заполните это поле");
}

/* Date checks shared by activities and publications (in_window = error) and organizations (warning). */
static void
date_checks(struct report_vctx *v, const struct report_where *w, int64_t day, int window_is_error)
{
	if (v->have_window && !deadline_date_ok(&v->dl, day)) {
		if (window_is_error)
			report_issue(v, 0, w, "дата вне периода акции (%s)", v->window);
		else
			report_issue(v, 1, w, "дата вне периода акции (%s) — проверьте её", v->window);
	}
	if (day > v->rules->today) {
		if (v->rules->mode == REPORT_SUBMIT)
			report_issue(v, 0, w, "дата ещё не наступила");
		else
			report_issue(v, 1, w, "дата ещё не наступила — исправьте её до отправки отчёта");
	}
}

/* Checks a form code against the campaign (row form already normalized in dst). */
static void
form_check(struct report_vctx *v, const struct report_where *w, const char *code)
{
	const json_t *forms = json_object_get(v->rules->campaign, "forms"), *f;
	size_t i;

	if (v->rules->campaign == NULL)
		return;
	json_array_foreach(forms, i, f)
	{
		const char *fc = json_string_value(json_object_get(f, "code"));

		if (fc == NULL || strcmp(fc, code) != 0)
			continue;
		if (json_is_true(json_object_get(f, "retired")) &&
		    json_object_get(v->forms_prev, code) == NULL)
			report_issue(v, 0, w,
				     "эта форма мероприятия больше не используется в акции; выберите другую");
		return;
	}
	report_issue(v, 0, w, "в акции нет такой формы мероприятия; выберите форму из списка");
}

static const char *const activity_keys[] = {"id",       "form",         "date",  "title", "description",
					    "audience", "participants", "reach", "links", NULL};

static void
activity_read(struct report_vctx *v, const json_t *in, long row, json_t *dst, json_t *ids, json_t *link_seen)
{
	const char *S = "activities";
	struct report_where w;
	const json_t *aud, *links, *item;
	json_t *aud_out = NULL, *links_out = NULL;
	int64_t day, participants = 0, reach = 0;
	int has_form, has_date, has_title, has_p, has_r, blank = row_blank(in), picked[8] = {0};
	size_t i;

	unknown_keys(v, in, S, row, activity_keys);
	read_id(v, in, S, row, dst, ids);
	w = report_at(S, row, "form");
	has_form = report_read_text(v, in, &w, TEXT_SINGLE_LINE | READ_BYTES, 64, dst);
	if (has_form > 0)
		form_check(v, &w, json_string_value(json_object_get(dst, "form")));
	w = report_at(S, row, "date");
	has_date = report_read_date(v, in, &w, dst, &day);
	if (has_date > 0)
		date_checks(v, &w, day, 1);
	w = report_at(S, row, "title");
	has_title = report_read_text(v, in, &w, TEXT_SINGLE_LINE, REPORT_TITLE_MAX, dst);
	w = report_at(S, row, "description");
	(void)report_read_text(v, in, &w, TEXT_NO_CONTROLS, REPORT_DESCRIPTION_MAX, dst);

	/* Audience: distinct known codes, kept in the order of report_audiences. */
	w = report_at(S, row, "audience");
	aud = json_object_get(in, "audience");
	aud_out = jx_arr();
	if (aud != NULL && !json_is_null(aud) && !json_is_array(aud)) {
		report_issue(v, 0, &w, "ожидается список");
	} else {
		json_array_foreach(aud, i, item)
		{
			const char *code = json_string_value(item);
			int k = code ? report_code_index(report_audiences, code) : -1;

			if (k < 0) {
				w.sub = (long)i;
				w.sublabel = "значение";
				report_issue(v, 0, &w, "нет такой аудитории");
				w.sub = -1;
				continue;
			}
			picked[k] = 1;
		}
		for (i = 0; report_audiences[i] != NULL; i++) {
			if (picked[i])
				jx_append(aud_out, jx_str(report_audiences[i]));
		}
	}
	jx_set(dst, "audience", aud_out);

	w = report_at(S, row, "participants");
	has_p = report_read_number(v, in, &w, REPORT_PARTICIPANTS_MAX, dst, &participants);
	w = report_at(S, row, "reach");
	has_r = report_read_number(v, in, &w, REPORT_REACH_MAX, dst, &reach);
	if (has_p > 0 && has_r > 0 && reach < participants)
		report_issue(v, 1, &w, "охват (%lld) меньше числа участников (%lld) — проверьте цифры",
			     (long long)reach, (long long)participants);

	w = report_at(S, row, "links");
	links = json_object_get(in, "links");
	links_out = jx_arr();
	if (links != NULL && !json_is_null(links) && !json_is_array(links)) {
		report_issue(v, 0, &w, "ожидается список ссылок");
	} else if (json_array_size(links) > REPORT_LINKS_MAX) {
		report_issue(v, 0, &w, "не больше %d ссылок у одного мероприятия", REPORT_LINKS_MAX);
	} else {
		json_array_foreach(links, i, item)
		{
			json_t *lo = jx_obj();
			const json_t *u = json_is_object(item) ? json_object_get(item, "url") : item;

			w.sub = (long)i;
			w.sublabel = "ссылка";
			if (report_url_read(v, u, &w, lo, link_seen, row, "мероприятии") == 0) {
				json_decref(lo);
				continue; /* an empty link input is dropped */
			}
			jx_append(links_out, lo);
		}
	}
	jx_set(dst, "links", links_out);

	if (v->rules->mode == REPORT_SUBMIT && blank) {
		w = report_at(S, row, NULL);
		report_issue(v, 0, &w, "строка не заполнена — заполните или удалите её");
	} else {
		require(v, has_form, S, row, "form");
		require(v, has_date, S, row, "date");
		require(v, has_title, S, row, "title");
	}
}

static const char *const organization_keys[] = {"id", "name", "kind", "inn", "joined", NULL};

static void
organization_read(struct report_vctx *v, const json_t *in, long row, json_t *dst, json_t *ids, json_t *inns,
		  json_t *names)
{
	const char *S = "organizations";
	struct report_where w;
	int64_t day;
	int has_name, has_kind, has_joined, blank = row_blank(in);

	unknown_keys(v, in, S, row, organization_keys);
	read_id(v, in, S, row, dst, ids);
	w = report_at(S, row, "name");
	has_name = report_read_text(v, in, &w, TEXT_SINGLE_LINE, REPORT_NAME_MAX, dst);
	if (has_name > 0) {
		char *key = text_fold(json_string_value(json_object_get(dst, "name")),
				      strlen(json_string_value(json_object_get(dst, "name"))));
		const json_t *prev = key ? json_object_get(names, key) : NULL;

		if (prev != NULL)
			report_issue(v, 1, &w, "эта организация уже указана в строке %lld",
				     (long long)json_integer_value(prev) + 1);
		else if (key != NULL)
			jx_set(names, key, json_integer(row));
		free(key);
	}
	w = report_at(S, row, "kind");
	has_kind = report_read_text(v, in, &w, TEXT_SINGLE_LINE | READ_BYTES, 64, dst);
	if (has_kind > 0 &&
	    report_code_index(report_org_kinds, json_string_value(json_object_get(dst, "kind"))) < 0)
		report_issue(v, 0, &w, "выберите тип организации из списка");
	w = report_at(S, row, "inn");
	if (report_read_text(v, in, &w, TEXT_SINGLE_LINE | READ_BYTES, 64, dst) > 0) {
		char digits[INN_TEXT_MAX];
		enum inn_rc rc = inn_check(json_string_value(json_object_get(dst, "inn")), digits);
		const json_t *prev;

		if (rc != INN_OK) {
			report_issue(v, 0, &w, "%s", inn_reason(rc, "ИНН"));
		} else {
			jx_set(dst, "inn", jx_str(digits));
			prev = json_object_get(inns, digits);
			if (prev != NULL)
				report_issue(v, 1, &w, "этот ИНН уже указан у организации %lld",
					     (long long)json_integer_value(prev) + 1);
			else
				jx_set(inns, digits, json_integer(row));
		}
	}
	w = report_at(S, row, "joined");
	has_joined = report_read_date(v, in, &w, dst, &day);
	if (has_joined > 0)
		date_checks(v, &w, day, 0);
	if (v->rules->mode == REPORT_SUBMIT && blank) {
		w = report_at(S, row, NULL);
		report_issue(v, 0, &w, "строка не заполнена — заполните или удалите её");
	} else {
		require(v, has_name, S, row, "name");
		require(v, has_kind, S, row, "kind");
		require(v, has_joined, S, row, "joined");
	}
}

static const char *const publication_keys[] = {
	"id", "url", "key", "network", "date", "views", "has_hashtag", "has_alliance_link", NULL};

static void
publication_read(struct report_vctx *v, const json_t *in, long row, json_t *dst, json_t *ids, json_t *seen)
{
	const char *S = "publications";
	struct report_where w;
	int64_t day, views;
	int has_url, has_date, flag;
	json_t *probe = json_object();
	int blank;

	/* The derived fields (key, network) do not make a row filled. */
	if (probe == NULL || (in != NULL && json_object_update(probe, (json_t *)in) < 0))
		abort();
	(void)json_object_del(probe, "key");
	(void)json_object_del(probe, "network");
	blank = row_blank(probe);
	json_decref(probe);

	unknown_keys(v, in, S, row, publication_keys);
	read_id(v, in, S, row, dst, ids);
	w = report_at(S, row, "url");
	has_url = report_url_read(v, json_object_get(in, "url"), &w, dst, seen, row, "публикации");
	if (json_object_get(dst, "key") == NULL) {
		jx_set(dst, "key", jx_str(""));
		jx_set(dst, "network", jx_str(""));
	}
	w = report_at(S, row, "date");
	has_date = report_read_date(v, in, &w, dst, &day);
	if (has_date > 0)
		date_checks(v, &w, day, 1);
	w = report_at(S, row, "views");
	(void)report_read_number(v, in, &w, REPORT_REACH_MAX, dst, &views);
	w = report_at(S, row, "has_hashtag");
	(void)report_read_bool(v, in, &w, dst, &flag);
	w = report_at(S, row, "has_alliance_link");
	(void)report_read_bool(v, in, &w, dst, &flag);
	if (v->rules->mode == REPORT_SUBMIT && blank) {
		w = report_at(S, row, NULL);
		report_issue(v, 0, &w, "строка не заполнена — заполните или удалите её");
	} else {
		require(v, has_url, S, row, "url");
		require(v, has_date, S, row, "date");
	}
}

static const char *const contact_keys[] = {"name", "position", "phone", "phone_ext", "email", NULL};

static void
contact_read(struct report_vctx *v, const json_t *in, json_t *dst)
{
	const char *S = "contact";
	struct report_where w;
	int has_name, has_position, has_phone, has_email;

	unknown_keys(v, in, S, -1, contact_keys);
	w = report_at(S, -1, "name");
	has_name = report_read_text(v, in, &w, TEXT_SINGLE_LINE, REPORT_NAME_MAX, dst);
	w = report_at(S, -1, "position");
	has_position = report_read_text(v, in, &w, TEXT_SINGLE_LINE, REPORT_NAME_MAX, dst);
	w = report_at(S, -1, "phone_ext");
	if (report_read_text(v, in, &w, TEXT_SINGLE_LINE | READ_BYTES, 16, dst) > 0) {
		const char *e = json_string_value(json_object_get(dst, "phone_ext"));

		if (strlen(e) > PHONE_EXT_MAX || strspn(e, "0123456789") != strlen(e))
			report_issue(v, 0, &w, "добавочный номер — от 1 до %d цифр", PHONE_EXT_MAX);
	}
	w = report_at(S, -1, "phone");
	has_phone = report_read_text(v, in, &w, TEXT_SINGLE_LINE | READ_BYTES, PHONE_TEXT_MAX, dst);
	if (has_phone > 0) {
		struct phone p;
		enum phone_rc rc = phone_parse(json_string_value(json_object_get(dst, "phone")), &p);

		if (rc != PHONE_OK) {
			report_issue(v, 0, &w, "%s", phone_reason(rc));
		} else {
			jx_set(dst, "phone", jx_str(p.e164));
			if (p.ext[0] != '\0')
				jx_set(dst, "phone_ext", jx_str(p.ext));
		}
	}
	w = report_at(S, -1, "email");
	has_email = report_read_text(v, in, &w, TEXT_SINGLE_LINE | READ_BYTES, REPORT_EMAIL_MAX, dst);
	if (has_email > 0) {
		char *e = NULL;

		if (email_normalize(json_string_value(json_object_get(dst, "email")), &e) < 0)
			report_issue(v, 0, &w, "неверный адрес электронной почты; например ivanova@mail.ru");
		else
			jx_set(dst, "email", jx_str(e));
		free(e);
	}
	require(v, has_name, S, -1, "name");
	require(v, has_position, S, -1, "position");
	require(v, has_phone, S, -1, "phone");
	require(v, has_email, S, -1, "email");
}

/* Reads section `name` (an array of row objects) with `fn` for each row. */
static const json_t *
section_get(struct report_vctx *v, const json_t *in, const char *name, size_t max)
{
	const json_t *a = json_object_get(in, name);
	struct report_where w = report_at(NULL, -1, name);

	if (a == NULL || json_is_null(a))
		return NULL;
	if (!json_is_array(a)) {
		report_issue(v, 0, &w, "ожидается список строк");
		return NULL;
	}
	if (json_array_size(a) > max) {
		report_issue(v, 0, &w, "не больше %zu строк", max);
		return NULL;
	}
	return a;
}

static void
not_object(struct report_vctx *v, const char *section, long row)
{
	struct report_where w = report_at(section, row, NULL);

	report_issue(v, 0, &w, "неверные данные строки");
}

/* Prepares the date window text and the previous forms. */
static void
context_init(struct report_vctx *v, const struct report_rules *rules)
{
	const json_t *acts, *a;
	size_t i;

	memset(v, 0, sizeof(*v));
	v->rules = rules;
	v->issues = jx_arr();
	v->forms_prev = jx_obj();
	if (rules->campaign != NULL && deadline_from_campaign(rules->campaign, 0, &v->dl) == 0) {
		char a1[CIVIL_DATE_TEXT_MAX], a2[CIVIL_DATE_TEXT_MAX], b1[CIVIL_DATE_TEXT_MAX],
			b2[CIVIL_DATE_TEXT_MAX];
		int r;

		v->have_window = 1;
		if (civil_date_format(v->dl.period_start, a1, sizeof(a1)) < 0 ||
		    civil_date_format(v->dl.period_end, a2, sizeof(a2)) < 0 ||
		    civil_date_format(v->dl.first_day, b1, sizeof(b1)) < 0 ||
		    civil_date_format(v->dl.last_day, b2, sizeof(b2)) < 0)
			abort();
		if (v->dl.grace_days > 0)
			r = snprintf(v->window, sizeof(v->window), "%s – %s; с допуском — %s – %s", a1, a2,
				     b1, b2);
		else
			r = snprintf(v->window, sizeof(v->window), "%s – %s", a1, a2);
		if (r < 0 || (size_t)r >= sizeof(v->window))
			abort();
	}
	acts = json_object_get(rules->previous, "activities");
	json_array_foreach(acts, i, a)
	{
		const char *f = json_string_value(json_object_get(a, "form"));

		if (f != NULL && f[0] != '\0')
			jx_set(v->forms_prev, f, json_true());
	}
}

static const char *const report_keys[] = {
	"contact", "activities", "organizations", "publications", "remarks", "no_activity_reason", NULL};

int
report_validate(const json_t *in, const struct report_rules *rules, json_t **out, json_t **issues)
{
	struct report_vctx v;
	json_t *o = jx_obj(), *contact = jx_obj(), *acts = jx_arr(), *orgs = jx_arr(), *pubs = jx_arr();
	json_t *ids = NULL, *seen = jx_obj(), *inns = jx_obj(), *names = jx_obj();
	const json_t *sec, *row, *c;
	struct report_where w;
	size_t i;
	int has_reason;

	context_init(&v, rules);
	if (!json_is_object(in)) {
		w = report_at(NULL, -1, NULL);
		report_issue(&v, 0, &w, "неверные данные отчёта");
		in = NULL;
	} else {
		unknown_keys(&v, in, NULL, -1, report_keys);
	}
	c = json_object_get(in, "contact");
	if (c != NULL && !json_is_null(c) && !json_is_object(c)) {
		w = report_at(NULL, -1, "contact");
		report_issue(&v, 0, &w, "неверные данные");
		c = NULL;
	}
	contact_read(&v, c, contact);
	jx_set(o, "contact", contact);

	ids = jx_obj();
	sec = section_get(&v, in, "activities", REPORT_ACTIVITIES_MAX);
	json_array_foreach(sec, i, row)
	{
		json_t *r = jx_obj();

		if (!json_is_object(row))
			not_object(&v, "activities", (long)i);
		activity_read(&v, json_is_object(row) ? row : NULL, (long)i, r, ids, seen);
		jx_append(acts, r);
	}
	jx_set(o, "activities", acts);
	json_decref(ids);

	ids = jx_obj();
	sec = section_get(&v, in, "organizations", REPORT_ORGANIZATIONS_MAX);
	json_array_foreach(sec, i, row)
	{
		json_t *r = jx_obj();

		if (!json_is_object(row))
			not_object(&v, "organizations", (long)i);
		organization_read(&v, json_is_object(row) ? row : NULL, (long)i, r, ids, inns, names);
		jx_append(orgs, r);
	}
	jx_set(o, "organizations", orgs);
	json_decref(ids);

	ids = jx_obj();
	json_object_clear(seen);
	sec = section_get(&v, in, "publications", REPORT_PUBLICATIONS_MAX);
	json_array_foreach(sec, i, row)
	{
		json_t *r = jx_obj();

		if (!json_is_object(row))
			not_object(&v, "publications", (long)i);
		publication_read(&v, json_is_object(row) ? row : NULL, (long)i, r, ids, seen);
		jx_append(pubs, r);
	}
	jx_set(o, "publications", pubs);
	json_decref(ids);

	w = report_at(NULL, -1, "remarks");
	(void)report_read_text(&v, in, &w, TEXT_NO_CONTROLS, REPORT_REMARKS_MAX, o);
	w = report_at(NULL, -1, "no_activity_reason");
	has_reason = report_read_text(&v, in, &w, TEXT_NO_CONTROLS, REPORT_REASON_MAX, o);
	if (rules->mode == REPORT_SUBMIT && json_array_size(acts) == 0 && has_reason <= 0) {
		w = report_at("activities", -1, NULL);
		report_issue(
			&v, 0, &w,
			"добавьте хотя бы одно мероприятие или напишите, почему их не было (поле «Причина "
			"отсутствия мероприятий»)");
	}

	json_decref(seen);
	json_decref(inns);
	json_decref(names);
	json_decref(v.forms_prev);
	*out = o;
	*issues = v.issues;
	return v.errors > 0 ? -1 : 0;
}
