/*
 * contest: the rules of a campaign's video contest applied to one entry.
 * First the settings with their defaults, the age on a date, the
 * nomination and the consents an age needs, the entry window and the hash
 * of the consent texts (SHA-256, FIPS 180-4, written here so the domain
 * library links no crypto library); then the check of an entry as typed,
 * field by field in the order of the form, and the words for people:
 * field labels, statuses, reject reasons.
 */
#include "domain/contest.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <utf8proc.h>

#include "domain/email.h"
#include "domain/hashtag.h"
#include "domain/phone.h"
#include "domain/text.h"
#include "domain/video.h"
#include "util/civil.h"
#include "util/jsonx.h"
#include "util/xalloc.h"

/* ---- the block and its settings ---- */

const json_t *
contest_block(const json_t *campaign)
{
	const json_t *c = json_object_get(campaign, "contest");

	return json_is_object(c) ? c : NULL;
}

static int
bool_or(const json_t *contest, const char *key, int def)
{
	const json_t *b = json_object_get(contest, key);

	return json_is_boolean(b) ? json_is_true(b) : def;
}

static int64_t
int_or(const json_t *contest, const char *key, int64_t def)
{
	const json_t *i = json_object_get(contest, key);

	return json_is_integer(i) ? (int64_t)json_integer_value(i) : def;
}

int
contest_guardian_confirmation(const json_t *contest)
{
	return bool_or(contest, "guardian_confirmation", 1);
}

int64_t
contest_retention_days(const json_t *contest)
{
	return int_or(contest, "retention_days", 90);
}

int64_t
contest_min_form_seconds(const json_t *contest)
{
	return int_or(contest, "min_form_seconds", 5);
}

int64_t
contest_min_scores(const json_t *contest)
{
	return int_or(contest, "min_scores", 1);
}

int
contest_z_normalize(const json_t *contest)
{
	return bool_or(contest, "z_normalize", 0);
}

/* ---- age, nomination, consents, window ---- */

int
contest_age_on(const char *birth, const char *on)
{
	int64_t bd, od;
	int by, bm, bday, oy, om, oday, age;

	if (birth == NULL || on == NULL || civil_date_parse(birth, &bd) < 0 ||
	    civil_date_parse(on, &od) < 0 || bd > od)
		return -1;
	civil_date_from_days(bd, &by, &bm, &bday);
	civil_date_from_days(od, &oy, &om, &oday);
	age = oy - by;
	/*
	 * Not yet the birthday this year. Born on 29 February: in a common
	 * year 28 February is still before it and 1 March is after it.
	 */
	if (om < bm || (om == bm && oday < bday))
		age--;
	return age;
}

const json_t *
contest_nomination_for(const json_t *contest, int age)
{
	const json_t *n;
	size_t i;

	json_array_foreach(json_object_get(contest, "nominations"), i, n)
	{
		json_int_t lo = json_integer_value(json_object_get(n, "age_min"));
		json_int_t hi = json_integer_value(json_object_get(n, "age_max"));

		if (json_is_integer(json_object_get(n, "age_min")) && age >= lo && age <= hi)
			return n;
	}
	return NULL;
}

enum contest_consent_rule
contest_consent_rule(int age)
{
	if (age >= CONTEST_ADULT_AGE)
		return CONTEST_CONSENT_OWN;
	if (age < CONTEST_CHILD_CONSENT_AGE)
		return CONTEST_CONSENT_GUARDIAN;
	return CONTEST_CONSENT_BOTH;
}

enum contest_window
contest_window_at(const json_t *contest, const char *today)
{
	int64_t t, from, until;

	if (today == NULL || civil_date_parse(today, &t) < 0 ||
	    civil_date_parse(json_string_value(json_object_get(contest, "entries_from")), &from) < 0 ||
	    civil_date_parse(json_string_value(json_object_get(contest, "entries_until")), &until) < 0)
		return CONTEST_CLOSED; /* nothing to enter into: never open by mistake */
	if (t < from)
		return CONTEST_BEFORE;
	return t > until ? CONTEST_CLOSED : CONTEST_OPEN;
}

/* ---- SHA-256 (FIPS 180-4) ---- */

struct sha256 {
	uint32_t h[8];
	unsigned char block[64];
	size_t fill; /* bytes in block */
	uint64_t bytes; /* total length */
};

static const uint32_t sha256_k[64] = {
	0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
	0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
	0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
	0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
	0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
	0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
	0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
	0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
};

static uint32_t
ror32(uint32_t x, unsigned n)
{
	return (x >> n) | (x << (32 - n));
}

static void
sha256_compress(struct sha256 *c, const unsigned char *p)
{
	uint32_t w[64], a, b, cc, d, e, f, g, h, t1, t2;
	int i;

	for (i = 0; i < 16; i++)
		w[i] = (uint32_t)p[4 * i] << 24 | (uint32_t)p[4 * i + 1] << 16 | (uint32_t)p[4 * i + 2] << 8 |
		       (uint32_t)p[4 * i + 3];
	for (i = 16; i < 64; i++)
		w[i] = (ror32(w[i - 2], 17) ^ ror32(w[i - 2], 19) ^ (w[i - 2] >> 10)) + w[i - 7] +
		       (ror32(w[i - 15], 7) ^ ror32(w[i - 15], 18) ^ (w[i - 15] >> 3)) + w[i - 16];
	a = c->h[0], b = c->h[1], cc = c->h[2], d = c->h[3];
	e = c->h[4], f = c->h[5], g = c->h[6], h = c->h[7];
	for (i = 0; i < 64; i++) {
		t1 = h + (ror32(e, 6) ^ ror32(e, 11) ^ ror32(e, 25)) + ((e & f) ^ (~e & g)) + sha256_k[i] +
		     w[i];
		t2 = (ror32(a, 2) ^ ror32(a, 13) ^ ror32(a, 22)) + ((a & b) ^ (a & cc) ^ (b & cc));
		h = g, g = f, f = e, e = d + t1;
		d = cc, cc = b, b = a, a = t1 + t2;
	}
	c->h[0] += a, c->h[1] += b, c->h[2] += cc, c->h[3] += d;
	c->h[4] += e, c->h[5] += f, c->h[6] += g, c->h[7] += h;
}

static void
sha256_init(struct sha256 *c)
{
	static const uint32_t iv[8] = {0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a,
				       0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19};

	memcpy(c->h, iv, sizeof(iv));
	c->fill = 0;
	c->bytes = 0;
}

static void
sha256_add(struct sha256 *c, const void *data, size_t n)
{
	const unsigned char *p = data;
	size_t take;

	c->bytes += n;
	while (n > 0) {
		take = 64 - c->fill < n ? 64 - c->fill : n;
		memcpy(c->block + c->fill, p, take);
		c->fill += take;
		p += take;
		n -= take;
		if (c->fill == 64) {
			sha256_compress(c, c->block);
			c->fill = 0;
		}
	}
}

static void
sha256_hex(struct sha256 *c, char out[65])
{
	static const char hex[] = "0123456789abcdef";
	uint64_t bits = c->bytes * 8;
	unsigned char pad = 0x80, len[8];
	int i;

	sha256_add(c, &pad, 1);
	pad = 0;
	while (c->fill != 56)
		sha256_add(c, &pad, 1);
	for (i = 0; i < 8; i++)
		len[i] = (unsigned char)(bits >> (56 - 8 * i));
	sha256_add(c, len, 8);
	for (i = 0; i < 32; i++) {
		unsigned char byte = (unsigned char)(c->h[i / 4] >> (24 - 8 * (i % 4)));

		out[2 * i] = hex[byte >> 4];
		out[2 * i + 1] = hex[byte & 15];
	}
	out[64] = '\0';
}

/*
 * The texts are hashed as a fixed sequence: a tag, then the version and
 * each text (absent as empty) followed by a NUL byte, which no checked
 * text contains, so no two sets of texts run together into one input.
 */
void
contest_consent_hash(const json_t *contest, char out[65])
{
	static const char *const keys[] = {"version", "processing", "publication", "guardian", "child"};
	const json_t *consents = json_object_get(contest, "consents");
	struct sha256 c;
	size_t i;

	sha256_init(&c);
	sha256_add(&c, "svodka-consents-1", sizeof("svodka-consents-1"));
	for (i = 0; i < sizeof(keys) / sizeof(keys[0]); i++) {
		const json_t *t = json_object_get(consents, keys[i]);
		const char *s = json_is_string(t) ? json_string_value(t) : "";

		sha256_add(&c, s, strlen(s) + 1);
	}
	sha256_hex(&c, out);
}

/* ---- words for people ---- */

static const struct {
	const char *field;
	const char *label;
} labels[] = {
	{"contest", "Конкурс"},
	{"entry", "Заявка"},
	{"author", "Автор"},
	{"author.full_name", "Фамилия и имя автора"},
	{"author.birth_date", "Дата рождения автора"},
	{"org_unit", "Муниципалитет"},
	{"school", "Школа или кружок"},
	{"video_url", "Ссылка на ролик"},
	{"caption", "Подпись к публикации"},
	{"title", "Название ролика"},
	{"description", "О ролике"},
	{"guardian", "Законный представитель"},
	{"guardian.full_name", "Фамилия и имя законного представителя"},
	{"guardian.relation", "Кем приходится автору"},
	{"guardian.email", "Электронная почта законного представителя"},
	{"guardian.phone", "Телефон законного представителя"},
	{"contact", "Контакты автора"},
	{"contact.email", "Электронная почта автора"},
	{"contact.phone", "Телефон автора"},
	{"consents", "Согласия"},
	{"consents.processing", "Согласие на обработку персональных данных"},
	{"consents.publication", "Согласие на публикацию"},
	{"consents.child", "Согласие автора"},
	{"website", "Сайт"},
	{"form_token", "Форма"},
};

const char *
contest_field_label(const char *field)
{
	size_t i;

	if (field == NULL)
		return "";
	for (i = 0; i < sizeof(labels) / sizeof(labels[0]); i++) {
		if (strcmp(labels[i].field, field) == 0)
			return labels[i].label;
	}
	return field;
}

const char *
contest_status_title(const char *status)
{
	static const struct {
		const char *code, *title;
	} t[] = {
		{"awaiting_confirmation", "ожидает подтверждения"},
		{"received", "получена"},
		{"accepted", "принята"},
		{"rejected", "отклонена"},
		{"withdrawn", "отозвана"},
		{"expired", "не подтверждена вовремя"},
	};
	size_t i;

	for (i = 0; status != NULL && i < sizeof(t) / sizeof(t[0]); i++) {
		if (strcmp(t[i].code, status) == 0)
			return t[i].title;
	}
	return "";
}

const char *
contest_reject_reason_title(const char *code)
{
	static const struct {
		const char *code, *title;
	} t[] = {
		{"no_hashtags", "нет хэштегов конкурса"},
		{"unavailable", "ролик недоступен"},
		{"off_topic", "не по теме конкурса"},
		{"no_consent", "нет согласия"},
		{"duplicate", "дубликат"},
		{"other", "другое"},
	};
	size_t i;

	for (i = 0; code != NULL && i < sizeof(t) / sizeof(t[0]); i++) {
		if (strcmp(t[i].code, code) == 0)
			return t[i].title;
	}
	return NULL;
}

/* ---- the entry ---- */

/* "год", "года" or "лет" after n. */
static const char *
years_word(long long n)
{
	long long d = n % 10, h = n % 100;

	if (d == 1 && h != 11)
		return "год";
	if (d >= 2 && d <= 4 && (h < 12 || h > 14))
		return "года";
	return "лет";
}

/* The state of one check: the input, the result being built, the errors. */
struct entry_ctx {
	const json_t *in;
	json_t *errors;
};

/* Adds {"field", "message": «Label: reason»} unless the field already has one. */
__attribute__((format(printf, 3, 4))) static void
fail(struct entry_ctx *c, const char *field, const char *fmt, ...)
{
	const char *label = contest_field_label(field);
	const json_t *e;
	va_list ap;
	size_t i, ln = strlen(label);
	char *msg;
	int n;

	json_array_foreach(c->errors, i, e)
	{
		if (strcmp(jx_get_str(e, "field"), field) == 0)
			return;
	}
	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0)
		abort();
	msg = xmalloc(ln + 2 + (size_t)n + 1);
	memcpy(msg, label, ln);
	memcpy(msg + ln, ": ", 2);
	va_start(ap, fmt);
	if (vsnprintf(msg + ln + 2, (size_t)n + 1, fmt, ap) != n)
		abort();
	va_end(ap);
	jx_append(c->errors, json_pack("{s:s, s:s}", "field", field, "message", msg));
	free(msg);
}

/* The value at "a" or "a.b" of the input, or NULL. */
static const json_t *
input_get(const json_t *in, const char *field)
{
	const char *dot = strchr(field, '.');
	char head[32];
	int n;

	if (dot == NULL)
		return json_object_get(in, field);
	n = snprintf(head, sizeof(head), "%.*s", (int)(dot - field), field);
	if (n < 0 || (size_t)n >= sizeof(head))
		return NULL;
	return json_object_get(json_object_get(in, head), dot + 1);
}

enum text_kind {
	TEXT_LINE, /* one line */
	TEXT_LINES, /* several lines */
};

/*
 * Reads a text field: trimmed and NFC. Returns a new string ("" when
 * absent, null or blank and not required) or NULL with the field's error
 * (`missing` when a required one is blank).
 */
static char *
text_field_why(struct entry_ctx *c, const char *field, enum text_kind kind, size_t max, int required,
	       const char *missing)
{
	const json_t *j = input_get(c->in, field);
	char *s;
	size_t count;

	if (j != NULL && !json_is_null(j) && !json_is_string(j)) {
		fail(c, field, "должно быть строкой");
		return NULL;
	}
	s = text_clean(j ? json_string_value(j) : "", j ? json_string_length(j) : 0,
		       kind == TEXT_LINE ? TEXT_SINGLE_LINE : TEXT_NO_CONTROLS);
	if (s == NULL) {
		fail(c, field,
		     kind == TEXT_LINE ? "содержит недопустимые символы или перевод строки"
				       : "содержит недопустимые символы");
		return NULL;
	}
	if (required && s[0] == '\0') {
		free(s);
		fail(c, field, "%s", missing);
		return NULL;
	}
	if (utf8_grapheme_count(s, strlen(s), &count) < 0)
		abort(); /* text_clean returned valid UTF-8 */
	if (count > max) {
		free(s);
		fail(c, field, "не длиннее %zu символов (сейчас %zu)", max, count);
		return NULL;
	}
	return s;
}

static char *
text_field(struct entry_ctx *c, const char *field, enum text_kind kind, size_t max, int required)
{
	return text_field_why(c, field, kind, max, required, "заполните это поле");
}

/*
 * A person's full name: letters (any script, with their marks), spaces,
 * hyphens, apostrophes and dots; at least two words (surname and name);
 * runs of spaces become one. A new string, or NULL with the error.
 */
static char *
name_field(struct entry_ctx *c, const char *field, const char *missing)
{
	char *s = text_field_why(c, field, TEXT_LINE, CONTEST_NAME_MAX, 1, missing), *out;
	size_t i = 0, n, o = 0, words = 0;
	int32_t cp;
	int space = 1, letters = 0;

	if (s == NULL)
		return NULL;
	n = strlen(s);
	out = xmalloc(n + 1);
	while (i < n) {
		size_t at = i;

		if (utf8_next(s, n, &i, &cp) < 0)
			abort(); /* valid UTF-8 */
		if (text_cp_is_space(cp)) {
			if (!space)
				out[o++] = ' ';
			space = 1;
			continue;
		}
		switch (utf8proc_category(cp)) {
		case UTF8PROC_CATEGORY_LU:
		case UTF8PROC_CATEGORY_LL:
		case UTF8PROC_CATEGORY_LT:
		case UTF8PROC_CATEGORY_LM:
		case UTF8PROC_CATEGORY_LO: letters++; break;
		case UTF8PROC_CATEGORY_MN:
		case UTF8PROC_CATEGORY_MC: break;
		default:
			if (cp != '-' && cp != '\'' && cp != 0x2019 && cp != '.' && cp != 0x2010) {
				free(s);
				free(out);
				fail(c, field, "допустимы только буквы, пробел, дефис и апостроф");
				return NULL;
			}
		}
		if (space)
			words++;
		space = 0;
		memcpy(out + o, s + at, i - at);
		o += i - at;
	}
	out[o] = '\0';
	free(s);
	if (words < 2 || letters < 2) {
		free(out);
		fail(c, field, "укажите фамилию и имя полностью");
		return NULL;
	}
	return out;
}

/* An e-mail address as the mailer sends to it, all lowercase; NULL with the error. */
static char *
email_field(struct entry_ctx *c, const char *field)
{
	char *s = text_field(c, field, TEXT_LINE, EMAIL_MAX, 1), *mb = NULL, *p;
	enum email_rc rc;

	if (s == NULL)
		return NULL;
	rc = email_mailbox(s, &mb);
	free(s);
	/* email_message() offers to leave the field empty, which this one cannot be. */
	if (rc == EMAIL_NOT_ASCII) {
		fail(c, field, "%s",
		     "в адресе до знака @ допустимы только латинские буквы, цифры и знаки . _ - +");
		return NULL;
	}
	if (rc != EMAIL_OK) {
		fail(c, field, "%s",
		     "нужен адрес вида имя@домен, например ivanova@mail.ru; на него придёт письмо");
		return NULL;
	}
	for (p = mb; *p; p++) {
		if (*p >= 'A' && *p <= 'Z')
			*p = (char)(*p - 'A' + 'a');
	}
	return mb;
}

/* A phone in E.164 into out; -1 with the error. */
static int
phone_field(struct entry_ctx *c, const char *field, char out[13])
{
	char *s = text_field(c, field, TEXT_LINE, PHONE_TEXT_MAX, 1);
	struct phone ph;
	enum phone_rc rc;

	if (s == NULL)
		return -1;
	rc = phone_parse(s, &ph);
	free(s);
	if (rc != PHONE_OK) {
		fail(c, field, "%s", phone_reason(rc));
		return -1;
	}
	memcpy(out, ph.e164, sizeof(ph.e164));
	return 0;
}

/* A consent box: 1 ticked, 0 not (absent, null or false), -1 a wrong type (error added). */
static int
consent_field(struct entry_ctx *c, const char *field)
{
	const json_t *j = input_get(c->in, field);

	if (j == NULL || json_is_null(j))
		return 0;
	if (!json_is_boolean(j)) {
		fail(c, field, "должно быть true или false");
		return -1;
	}
	return json_is_true(j);
}

/* Sets key to a new string taken from s, or null when s is NULL. */
static void
set_taken(json_t *o, const char *key, char *s)
{
	jx_set(o, key, jx_str_or_null(s));
	free(s);
}

/*
 * The author's name and birth date; *age gets the age on entries_until,
 * also when it is outside the contest's range (the entry is refused, but
 * the age still says whether a guardian's or the author's own part is
 * checked), -1 when unknown.
 */
static void
author_check(struct entry_ctx *c, const json_t *contest, json_t *res, int *age)
{
	const char *until = jx_get_str(contest, "entries_until");
	json_int_t lo = json_integer_value(json_object_get(contest, "age_min"));
	json_int_t hi = json_integer_value(json_object_get(contest, "age_max"));
	json_t *author = jx_obj();
	char *name, *birth, iso[CIVIL_DATE_TEXT_MAX], until_ru[CIVIL_DATE_TEXT_MAX];
	int64_t days, udays;

	*age = -1;
	if (input_get(c->in, "author") != NULL && !json_is_object(input_get(c->in, "author")))
		fail(c, "author", "должно быть объектом с полями full_name и birth_date");
	name = name_field(c, "author.full_name", "заполните это поле");
	set_taken(author, "full_name", name);
	birth = text_field(c, "author.birth_date", TEXT_LINE, CIVIL_DATE_TEXT_MAX * 4, 1);
	if (birth != NULL) {
		if (civil_date_input(birth, &days) < 0 || civil_date_format_iso(days, iso, sizeof(iso)) < 0) {
			fail(c, "author.birth_date",
			     "нужна существующая дата в виде ДД.ММ.ГГГГ, например 23.07.2011");
		} else if (civil_date_parse(until, &udays) < 0 ||
			   civil_date_format(udays, until_ru, sizeof(until_ru)) < 0) {
			abort(); /* campaign_validate checked entries_until */
		} else if ((*age = contest_age_on(iso, until)) < 0) {
			fail(c, "author.birth_date", "дата рождения позже окончания приёма работ (%s)",
			     until_ru);
		} else if (*age < lo || *age > hi) {
			fail(c, "author.birth_date",
			     "в конкурсе участвуют авторы от %lld до %lld %s (возраст на %s, последний день "
			     "приёма работ), а автору в этот день %d %s",
			     (long long)lo, (long long)hi, years_word(hi), until_ru, *age, years_word(*age));
		} else {
			jx_set(author, "birth_date", jx_str(iso));
		}
		free(birth);
	}
	if (json_object_get(author, "birth_date") == NULL)
		jx_set(author, "birth_date", json_null());
	jx_set(res, "author", author);
}

static void
org_unit_check(struct entry_ctx *c, const json_t *org_units, json_t *res)
{
	const json_t *j = input_get(c->in, "org_unit"), *u;
	const char *code = json_string_value(j);
	size_t i;

	jx_set(res, "org_unit", json_null());
	jx_set(res, "org_unit_name", json_null());
	if (code == NULL || code[0] == '\0') {
		fail(c, "org_unit", "выберите муниципалитет из списка");
		return;
	}
	json_array_foreach(org_units, i, u)
	{
		const char *uc = jx_get_str(u, "code");

		if (uc != NULL && strcmp(uc, code) == 0 && strlen(code) == json_string_length(j)) {
			jx_set(res, "org_unit", jx_str(uc));
			jx_set(res, "org_unit_name", jx_str_or_null(jx_get_str(u, "name")));
			return;
		}
	}
	fail(c, "org_unit", "такого муниципалитета нет в списке участников конкурса");
}

/* The platform codes the contest allows, as video_parse wants them (new). */
static json_t *
allowed_platforms(const json_t *contest)
{
	json_t *a = jx_arr();
	const json_t *h;
	size_t i;

	json_array_foreach(json_object_get(contest, "video_hosts"), i, h)
	{
		if (jx_get_str(h, "code") != NULL)
			jx_append(a, jx_str(jx_get_str(h, "code")));
	}
	return a;
}

static void
video_check(struct entry_ctx *c, const json_t *contest, json_t *res)
{
	char *url = text_field(c, "video_url", TEXT_LINE, URL_MAX, 1), *why;
	json_t *allowed;
	struct video v = {0};
	enum url_rc urc = URL_OK;
	enum video_rc rc;

	jx_set(res, "video", json_null());
	if (url == NULL)
		return;
	allowed = allowed_platforms(contest);
	rc = video_parse(url, allowed, &v, &urc);
	free(url);
	if (rc != VIDEO_OK) {
		why = video_reason(rc, urc, allowed);
		fail(c, "video_url", "%s", why);
		free(why);
	} else {
		jx_set(res, "video",
		       json_pack("{s:s, s:s, s:s, s:s}", "platform", v.platform, "id", v.id, "url", v.url,
				 "key", v.key));
		video_release(&v);
	}
	json_decref(allowed);
}

static void
caption_check(struct entry_ctx *c, const json_t *contest, json_t *res)
{
	char *cap = text_field(c, "caption", TEXT_LINES, CONTEST_CAPTION_MAX, 1), *why;
	json_t *check;

	jx_set(res, "caption", json_null());
	jx_set(res, "hashtags", json_null());
	if (cap == NULL)
		return;
	check = hashtag_required_check(cap, json_object_get(contest, "hashtags"));
	if (!json_is_true(json_object_get(check, "ok"))) {
		why = hashtag_required_message(check);
		fail(c, "caption", "%s", why);
		free(why);
	}
	jx_set(res, "hashtags", check);
	set_taken(res, "caption", cap);
}

/* The guardian of a minor: res.guardian and res.contact. */
static void
guardian_check(struct entry_ctx *c, json_t *res)
{
	const json_t *g = input_get(c->in, "guardian");
	json_t *out = jx_obj();
	char *s, phone[13];

	if (g != NULL && !json_is_null(g) && !json_is_object(g)) {
		fail(c, "guardian", "должно быть объектом с полями full_name, relation, email и phone");
		json_decref(out);
		jx_set(res, "guardian", json_null());
		jx_set(res, "contact", json_null());
		return;
	}
	s = name_field(c, "guardian.full_name",
		       "автору младше 18 лет нужен законный представитель (родитель, опекун): укажите его "
		       "фамилию и имя");
	set_taken(out, "full_name", s);
	set_taken(out, "relation", text_field(c, "guardian.relation", TEXT_LINE, CONTEST_RELATION_MAX, 1));
	set_taken(out, "email", email_field(c, "guardian.email"));
	jx_set(out, "phone", phone_field(c, "guardian.phone", phone) == 0 ? jx_str(phone) : json_null());
	jx_set(res, "contact",
	       json_pack("{s:O, s:O}", "email", json_object_get(out, "email"), "phone",
			 json_object_get(out, "phone")));
	jx_set(res, "guardian", out);
}

/* An adult author's own contacts: res.contact, res.guardian = null. */
static void
contact_check(struct entry_ctx *c, json_t *res)
{
	const json_t *k = input_get(c->in, "contact");
	json_t *out = jx_obj();
	char phone[13];

	jx_set(res, "guardian", json_null());
	if (k != NULL && !json_is_null(k) && !json_is_object(k)) {
		fail(c, "contact", "должно быть объектом с полями email и phone");
		json_decref(out);
		jx_set(res, "contact", json_null());
		return;
	}
	set_taken(out, "email", email_field(c, "contact.email"));
	jx_set(out, "phone", phone_field(c, "contact.phone", phone) == 0 ? jx_str(phone) : json_null());
	jx_set(res, "contact", out);
}

static void
consents_check(struct entry_ctx *c, int age, json_t *res)
{
	const json_t *k = input_get(c->in, "consents");
	int processing, publication, child, minor = age >= 0 && age < CONTEST_ADULT_AGE;
	enum contest_consent_rule rule = contest_consent_rule(age >= 0 ? age : CONTEST_ADULT_AGE);

	if (k != NULL && !json_is_null(k) && !json_is_object(k)) {
		fail(c, "consents", "должно быть объектом с полями processing, publication и child");
		processing = publication = child = 0;
	} else {
		processing = consent_field(c, "consents.processing");
		child = consent_field(c, "consents.child");
		publication = consent_field(c, "consents.publication");
	}
	if (processing == 0)
		fail(c, "consents.processing",
		     minor ? "без согласия законного представителя на обработку персональных данных заявку "
			     "принять нельзя"
			   : "без согласия на обработку персональных данных заявку принять нельзя");
	if (age >= 0 && rule == CONTEST_CONSENT_BOTH && child == 0)
		fail(c, "consents.child",
		     "с %d лет автор тоже даёт своё согласие на обработку персональных данных",
		     CONTEST_CHILD_CONSENT_AGE);
	jx_set(res, "consents",
	       json_pack("{s:b, s:b, s:b, s:b}", "processing", processing == 1, "publication",
			 publication == 1, "child", rule == CONTEST_CONSENT_BOTH && child == 1, "guardian",
			 minor && processing == 1));
}

json_t *
contest_entry_check(const json_t *campaign, const json_t *org_units, const json_t *input, json_t **errors)
{
	const json_t *contest = contest_block(campaign), *nom;
	struct entry_ctx c = {.in = input, .errors = jx_arr()};
	json_t *res = jx_obj();
	int age;

	*errors = NULL;
	if (contest == NULL || !json_is_object(input)) {
		fail(&c, contest == NULL ? "contest" : "entry",
		     contest == NULL ? "у этой кампании нет конкурса" : "должна быть объектом JSON");
		goto out;
	}
	author_check(&c, contest, res, &age);
	org_unit_check(&c, org_units, res);
	set_taken(res, "school", text_field(&c, "school", TEXT_LINE, CONTEST_SCHOOL_MAX, 0));
	if (json_is_string(json_object_get(res, "school")) && jx_get_str(res, "school")[0] == '\0')
		jx_set(res, "school", json_null());
	video_check(&c, contest, res);
	caption_check(&c, contest, res);
	set_taken(res, "title", text_field(&c, "title", TEXT_LINE, CONTEST_TITLE_MAX, 1));
	set_taken(res, "description", text_field(&c, "description", TEXT_LINES, CONTEST_DESCRIPTION_MAX, 0));
	/*
	 * Under 18 a guardian, else the author's contacts. With no usable
	 * birth date, whichever part was filled in is checked (guardian when
	 * neither), so its own mistakes are reported too.
	 */
	if (age >= 0 ? age < CONTEST_ADULT_AGE
		     : !(json_is_object(input_get(input, "contact")) &&
			 !json_is_object(input_get(input, "guardian"))))
		guardian_check(&c, res);
	else
		contact_check(&c, res);
	consents_check(&c, age, res);
	if (json_array_size(c.errors) > 0)
		goto out;
	jx_set(res, "age", jx_int(age));
	nom = contest_nomination_for(contest, age);
	jx_set(res, "nomination", jx_str_or_null(nom ? jx_get_str(nom, "code") : NULL));
	jx_set(res, "nomination_title", jx_str_or_null(nom ? jx_get_str(nom, "title") : NULL));
	jx_set(res, "minor", jx_bool(age < CONTEST_ADULT_AGE));
	jx_set(res, "needs_confirmation",
	       jx_bool(age < CONTEST_ADULT_AGE && contest_guardian_confirmation(contest)));
out:
	if (json_array_size(c.errors) > 0) {
		json_decref(res);
		*errors = c.errors;
		return NULL;
	}
	json_decref(c.errors);
	return res;
}
