/*
 * contest: the video contest's public pages and their API twins, for any
 * campaign whose document has a contest block (docs/contest.md): the rules
 * and the entry form, sending an entry (form and JSON take the same
 * fields), the receipt, the status page with the withdrawal, and the
 * guardian's confirmation.
 *
 * Personal data (names, birth date, school, the guardian's and the
 * contact's data, the caption, the address) is sealed (util/seal.h) before
 * it reaches the store; duplicates and rate limits compare keyed hashes.
 * Nothing personal is logged, audited, put in a URL or shown on a public
 * page: the receipt, status and confirmation pages name the entry by number.
 * The status and confirmation links carry 256-bit random tokens of which
 * only the keyed hashes are stored. A GET never changes an entry: the
 * confirmation link opens a page with a button.
 *
 * Abuse: a honeypot field ("website"), the form_token (signed by the
 * server, at least min_form_seconds and at most a day old), entries per
 * address (in memory, per process, keyed by the address's keyed hash) and
 * per contact e-mail (counted in the store), and the route's body limit.
 * Every refusal stores nothing.
 */
#include <pthread.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "domain/contest.h"
#include "domain/contest_score.h"
#include "domain/reporting.h"
#include "domain/throttle.h"
#include "mail/outbox.h"
#include "util/civil.h"
#include "util/log.h"
#include "util/seal.h"
#include "util/tz.h"
#include "util/utf8.h"
#include "web/web.h"

#define FORM_TOKEN_MAX_AGE 86400 /* a form is good for a day */
#define ADDRESS_WINDOW 3600 /* the per-address limit counts entries of the last hour */
#define CONTACT_LIMIT 10 /* entries per contact e-mail … */
#define CONTACT_WINDOW 86400 /* … in a day */
#define CONTACT_RETRY 3600 /* Retry-After of the per-contact limit */
#define TOKEN_HEX 64

static pthread_mutex_t throttle_lock = PTHREAD_MUTEX_INITIALIZER;
static struct throttle throttle;
static int throttle_on;

/* The form's text fields, as the JSON names them (a dot: a member of an object). */
static const char *const text_fields[] = {
	"author.full_name",   "author.birth_date", "org_unit",       "school",
	"video_url",          "caption",           "title",          "description",
	"guardian.full_name", "guardian.relation", "guardian.email", "guardian.phone",
	"contact.email",      "contact.phone",
};
static const char *const consent_fields[] = {"consents.processing", "consents.publication", "consents.child"};

int
contest_init(int address_limit)
{
	struct throttle_limits limits = {0};

	throttle_on = 0;
	if (address_limit == 0)
		address_limit = WEB_CONTEST_ADDRESS_LIMIT;
	if (address_limit < 0)
		return 0; /* off: benchmarks that send everything from one address */
	if (address_limit > THROTTLE_FAILURES_MAX)
		address_limit = THROTTLE_FAILURES_MAX;
	limits.capacity = 4096;
	limits.nrules = 1;
	(void)snprintf(limits.rules[0].prefix, sizeof(limits.rules[0].prefix), "%s", "ip:");
	limits.rules[0].max_failures = (unsigned)address_limit;
	limits.rules[0].window = ADDRESS_WINDOW;
	randombytes_buf(&limits.seed, sizeof(limits.seed));
	if (throttle_init(&throttle, &limits) < 0)
		return -1;
	throttle_on = 1;
	return 0;
}

void
contest_shutdown(void)
{
	if (throttle_on)
		throttle_release(&throttle);
	throttle_on = 0;
}

/* The throttle key of the request's address: its keyed hash, never the address. */
static void
address_key(struct http_request *req, const struct seal *s, char key[4 + SEAL_HASH_HEX])
{
	char h[SEAL_HASH_HEX];
	const char *ip = req->remote_ip ? req->remote_ip : "";

	seal_hash(s, "ip", ip, strlen(ip), h);
	(void)snprintf(key, 4 + SEAL_HASH_HEX, "ip:%s", h);
}

/* Whether the address may send an entry now; *retry gets the seconds to wait when not. */
static int
address_blocked(const char *key, int64_t now, int64_t *retry)
{
	int blocked;

	*retry = 0;
	if (!throttle_on)
		return 0;
	pthread_mutex_lock(&throttle_lock);
	blocked = throttle_check(&throttle, key, now, retry) == THROTTLE_BLOCKED;
	pthread_mutex_unlock(&throttle_lock);
	return blocked;
}

static void
address_count(const char *key, int64_t now)
{
	if (!throttle_on)
		return;
	pthread_mutex_lock(&throttle_lock);
	throttle_fail(&throttle, key, now); /* "failure" is the throttle's word for one counted event */
	pthread_mutex_unlock(&throttle_lock);
}

/* "YYYY-MM-DD" of now in the campaign's zone into out[CIVIL_DATE_TEXT_MAX]. */
static void
campaign_today(const json_t *campaign, int64_t now, char out[CIVIL_DATE_TEXT_MAX])
{
	const char *zone = jx_get_str(campaign, "time_zone");
	int off = 0;

	if (zone == NULL || tz_offset(zone, now, &off) < 0)
		off = 0;
	if (civil_date_format_iso(civil_local_day(now, off), out, CIVIL_DATE_TEXT_MAX) < 0)
		out[0] = '\0';
}

json_t *
web_contest_campaign(struct http_request *req, struct http_response *resp, const json_t **contest)
{
	json_t *campaign = web_campaign(req, resp, http_params_get(&req->params, "slug"));

	if (campaign == NULL)
		return NULL;
	if ((*contest = contest_block(campaign)) == NULL) {
		http_error(req, resp, 404, "not_found", "В этой кампании нет конкурса.", NULL);
		return NULL;
	}
	return campaign;
}

/* The municipalities the campaign runs in (store model list, the region left out); NULL on error. */
static json_t *
campaign_units(struct http_request *req, struct http_response *resp, const json_t *campaign)
{
	struct reporting_units set;
	json_t *all = NULL, *out, *u;
	enum store_rc rc;
	size_t i;

	if ((rc = store_org_unit_list(web_store(), &all)) != STORE_OK) {
		web_store_error(req, resp, rc);
		return NULL;
	}
	out = web_keep(req, jx_arr());
	reporting_units_init(&set, campaign);
	json_array_foreach(all, i, u)
	{
		if (reporting_units_has(&set, jx_get_str(u, "code"),
					json_is_null(json_object_get(u, "parent"))))
			json_array_append(out, u);
	}
	reporting_units_release(&set);
	json_decref(all);
	return out;
}

/*
 * The one municipality an entry names, as the list contest_entry_check
 * takes: [unit] when it is one the campaign runs in, else [] (the check
 * then refuses it). One row read, where the form needs the whole list.
 */
static json_t *
entry_unit(struct http_request *req, struct http_response *resp, const json_t *campaign, const char *code)
{
	struct reporting_units set;
	json_t *out = web_keep(req, jx_arr()), *u = NULL;
	enum store_rc rc;

	if (code == NULL)
		return out;
	if ((rc = store_org_unit_get(web_store(), code, &u)) == STORE_NOTFOUND)
		return out;
	if (rc != STORE_OK) {
		web_store_error(req, resp, rc);
		return NULL;
	}
	reporting_units_init(&set, campaign);
	if (reporting_units_has(&set, code, json_is_null(json_object_get(u, "parent"))))
		json_array_append(out, u);
	reporting_units_release(&set);
	json_decref(u);
	return out;
}

/* The key of a field in templates: "author.full_name" → "author_full_name", in the arena. */
static const char *
tpl_key(struct http_request *req, const char *field)
{
	char *k = arena_strdup(req->arena, field), *p;

	for (p = k; *p; p++)
		if (*p == '.')
			*p = '_';
	return k;
}

/*
 * The rules part of the page and of the API's answer: dates in ДД.ММ.ГГГГ,
 * criteria with weights, the scoring and tie-break rules, the consent texts.
 */
static json_t *
rules_model(struct http_request *req, const json_t *campaign, const json_t *contest, enum contest_window w)
{
	const json_t *consents = json_object_get(contest, "consents");
	json_t *m, *hosts = jx_arr(), *h;
	const char *from = jx_get_str(contest, "entries_from"), *until = jx_get_str(contest, "entries_until");
	const char *zone = jx_get_str(campaign, "time_zone");
	size_t i;

	m = web_pack("{s:s?, s:s?, s:s?, s:O?, s:O?, s:O?, s:O?, s:s?, s:O?, s:s?, s:s?}", "slug",
		     jx_get_str(campaign, "slug"), "campaign_title", jx_get_str(campaign, "title"), "title",
		     jx_get_str(contest, "title"), "rules", json_object_get(contest, "rules"), "hashtags",
		     json_object_get(contest, "hashtags"), "nominations",
		     json_object_get(contest, "nominations"), "criteria",
		     json_object_get(contest, "criteria"), "prize", jx_get_str(contest, "prize"), "prizes",
		     json_object_get(contest, "prizes"), "organiser", jx_get_str(contest, "organiser"),
		     "time_zone", zone ? (civil_zone_name(zone) ? civil_zone_name(zone) : zone) : NULL);
	if (m == NULL) {
		json_decref(hosts);
		return NULL;
	}
	json_array_foreach(json_object_get(contest, "video_hosts"), i, h)
	{
		json_t *v = web_pack("{s:s?, s:s?}", "title", jx_get_str(h, "title"), "note",
				     jx_get_str(h, "note"));

		if (v)
			jx_append(hosts, v);
	}
	jx_set(m, "video_hosts", hosts);
	if (from && web_date_ru(req->arena, from))
		jx_set(m, "entries_from_ru", jx_str(web_date_ru(req->arena, from)));
	if (until && web_date_ru(req->arena, until))
		jx_set(m, "entries_until_ru", jx_str(web_date_ru(req->arena, until)));
	if (json_object_get(contest, "age_min")) {
		jx_set(m, "age_min", jx_int(json_integer_value(json_object_get(contest, "age_min"))));
		jx_set(m, "age_max", jx_int(json_integer_value(json_object_get(contest, "age_max"))));
	}
	jx_set(m, "min_scores", jx_int(contest_min_scores(contest)));
	jx_set(m, "scoring_text", jx_str(contest_scoring_text(contest_z_normalize(contest))));
	jx_set(m, "tiebreak_text", jx_str(contest_tiebreak_text()));
	jx_set(m, "guardian_confirmation", jx_bool(contest_guardian_confirmation(contest)));
	jx_set(m, "window", jx_str(w == CONTEST_OPEN ? "open" : w == CONTEST_BEFORE ? "before" : "closed"));
	jx_set(m, "is_open", jx_bool(w == CONTEST_OPEN));
	jx_set(m, "is_before", jx_bool(w == CONTEST_BEFORE));
	jx_set(m, "is_closed", jx_bool(w == CONTEST_CLOSED));
	if (json_is_object(consents))
		jx_set(m, "consents", json_deep_copy(consents));
	jx_set(m, "page_title",
	       jx_str(jx_get_str(contest, "title") ? jx_get_str(contest, "title") : "Конкурс"));
	return m;
}

/* What the entrant typed, for the form shown again: {"author_full_name": …, "consents_processing": bool}. */
static json_t *
typed_values(struct http_request *req)
{
	json_t *v = jx_obj();
	const char *s;
	size_t i;

	if (req->is_api)
		return v;
	for (i = 0; i < sizeof(text_fields) / sizeof(text_fields[0]); i++) {
		s = http_params_get(&req->form, text_fields[i]);
		if (s && utf8_valid(s, strlen(s)) == 0)
			jx_set(v, tpl_key(req, text_fields[i]), jx_str(s));
	}
	for (i = 0; i < sizeof(consent_fields) / sizeof(consent_fields[0]); i++) {
		s = http_params_get(&req->form, consent_fields[i]);
		jx_set(v, tpl_key(req, consent_fields[i]), jx_bool(s && *s));
	}
	return v;
}

/*
 * The page: rules, and the form while the window is open, with what was
 * typed and the messages beside their fields (errors: [{"field",
 * "message"}], may be NULL), alert above it. A new form_token unless the
 * one sent is still good (keep_token).
 */
static void
form_page(struct http_request *req, struct http_response *resp, const json_t *campaign, const json_t *contest,
	  int status, const char *alert, const json_t *errors, const char *keep_token)
{
	const struct seal *s = seal_global();
	const char *today_ok, *sel;
	char today[CIVIL_DATE_TEXT_MAX];
	enum contest_window w;
	json_t *m, *units, *opts, *u, *err, *e, *values;
	int64_t now = web_now();
	size_t i;
	char *tok;

	campaign_today(campaign, now, today);
	today_ok = today;
	w = contest_window_at(contest, today_ok);
	if ((units = campaign_units(req, resp, campaign)) == NULL)
		return;
	if ((m = rules_model(req, campaign, contest, w)) == NULL) {
		http_error(req, resp, 500, "internal", "the page model could not be built", NULL);
		return;
	}
	values = typed_values(req);
	sel = jx_get_str(values, "org_unit");
	opts = jx_arr();
	json_array_foreach(units, i, u)
	{
		json_t *o = web_pack("{s:s, s:s, s:b}", "code", jx_get_str(u, "code"), "name",
				     jx_get_str(u, "name"), "selected",
				     sel && strcmp(sel, jx_get_str(u, "code")) == 0);
		if (o)
			jx_append(opts, o);
	}
	jx_set(m, "org_units", opts);
	jx_set(m, "v", values);
	err = jx_obj();
	json_array_foreach(errors, i, e)
	{
		const char *f = jx_get_str(e, "field"), *msg = jx_get_str(e, "message");

		if (f && msg && json_object_get(err, tpl_key(req, f)) == NULL)
			jx_set(err, tpl_key(req, f), jx_str(msg));
	}
	jx_set(m, "err", err);
	if (errors && json_array_size(errors) > 0)
		jx_set(m, "errors", json_deep_copy(errors));
	if (alert)
		jx_set(m, "alert", jx_str(alert));
	if (w == CONTEST_OPEN && s) {
		if (keep_token)
			jx_set(m, "form_token", jx_str(keep_token));
		else if ((tok = seal_form_token(s, now)) != NULL) {
			jx_set(m, "form_token", jx_str(tok));
			free(tok);
		}
	}
	web_ensure_csrf_cookie(req, resp);
	web_no_store(req, resp);
	resp->status = status;
	web_respond(req, resp, "contest", m);
}

/*
 * GET /campaigns/{slug}/contest and /api/v1/campaigns/{slug}/contest: 200
 * with the rules (and the form, or the form_token under /api/); 404 for a
 * campaign without a contest.
 */
void
contest_rules(struct http_request *req, struct http_response *resp)
{
	const struct seal *s = seal_global();
	const json_t *contest;
	json_t *campaign, *units, *list, *u, *m;
	char today[CIVIL_DATE_TEXT_MAX];
	enum contest_window w;
	int64_t now = web_now();
	size_t i;
	char *tok;

	if (web_store() == NULL) {
		web_store_error(req, resp, STORE_UNAVAILABLE);
		return;
	}
	if ((campaign = web_contest_campaign(req, resp, &contest)) == NULL)
		return;
	if (!req->is_api) {
		form_page(req, resp, campaign, contest, 200, NULL, NULL, NULL);
		return;
	}
	campaign_today(campaign, now, today);
	w = contest_window_at(contest, today);
	if ((units = campaign_units(req, resp, campaign)) == NULL)
		return;
	list = jx_arr();
	json_array_foreach(units, i, u)
	{
		json_t *o =
			web_pack("{s:s, s:s}", "code", jx_get_str(u, "code"), "name", jx_get_str(u, "name"));
		if (o)
			jx_append(list, o);
	}
	m = web_pack("{s:s?, s:O, s:s, s:s, s:s, s:o, s:I, s:I}", "campaign", jx_get_str(campaign, "slug"),
		     "contest", contest, "window",
		     w == CONTEST_OPEN     ? "open"
		     : w == CONTEST_BEFORE ? "before"
					   : "closed",
		     "scoring", contest_scoring_text(contest_z_normalize(contest)), "tiebreak",
		     contest_tiebreak_text(), "org_units", list, "min_form_seconds",
		     (json_int_t)contest_min_form_seconds(contest), "max_form_seconds",
		     (json_int_t)FORM_TOKEN_MAX_AGE);
	if (m && w == CONTEST_OPEN && s && (tok = seal_form_token(s, now)) != NULL) {
		jx_set(m, "form_token", jx_str(tok));
		free(tok);
	}
	web_no_store(req, resp);
	web_respond(req, resp, NULL, m);
}

/* Sets obj's member at a dotted path ("guardian.email") to v, making the objects between. */
static void
set_path(json_t *obj, const char *field, json_t *v)
{
	const char *dot = strchr(field, '.');
	char head[32];
	json_t *sub;

	if (dot == NULL) {
		jx_set(obj, field, v);
		return;
	}
	(void)snprintf(head, sizeof(head), "%.*s", (int)(dot - field), field);
	if (!json_is_object(sub = json_object_get(obj, head))) {
		sub = jx_obj();
		jx_set(obj, head, sub);
	}
	jx_set(sub, dot + 1, v);
}

/*
 * The form read into the JSON of the API (docs/api.md): guardian and
 * contact only when one of their fields is filled in, consents as booleans.
 * NULL with *bad the first field that is not UTF-8.
 */
static json_t *
form_input(struct http_request *req, const char **bad)
{
	json_t *in = jx_obj();
	const char *s;
	size_t i;

	*bad = NULL;
	for (i = 0; i < sizeof(text_fields) / sizeof(text_fields[0]); i++) {
		s = http_params_get(&req->form, text_fields[i]);
		if (s == NULL)
			continue;
		if (utf8_valid(s, strlen(s)) < 0) {
			*bad = text_fields[i];
			json_decref(in);
			return NULL;
		}
		if (*s == '\0' && (strncmp(text_fields[i], "guardian.", 9) == 0 ||
				   strncmp(text_fields[i], "contact.", 8) == 0))
			continue;
		set_path(in, text_fields[i], jx_str(s));
	}
	for (i = 0; i < sizeof(consent_fields) / sizeof(consent_fields[0]); i++) {
		s = http_params_get(&req->form, consent_fields[i]);
		set_path(in, consent_fields[i], jx_bool(s && *s));
	}
	return in;
}

/* What one POST of an entry carries and has found out. */
struct entry_post {
	json_t *campaign;
	const json_t *contest;
	const char *slug;
	const char *form_token; /* as sent */
	int token_ok; /* the token passed its check: keep it when the form is shown again */
};

/*
 * Answers a refusal: JSON {"error": {"code", "message", "field"},
 * "errors": [...]} under /api/, else the form again with the message (and
 * the field messages) and what was typed. Nothing was stored.
 */
static void
refuse(struct http_request *req, struct http_response *resp, const struct entry_post *p, int status,
       const char *code, const char *field, const char *message, const json_t *errors)
{
	json_t *err;

	if (!req->is_api) {
		json_t *one = NULL;

		if (errors == NULL && field) {
			one = web_keep(req, jx_arr());
			jx_append(one, web_pack("{s:s, s:s}", "field", field, "message", message));
		}
		form_page(req, resp, p->campaign, p->contest, status, message, errors ? errors : one,
			  p->token_ok ? p->form_token : NULL);
		return;
	}
	err = web_pack("{s:s, s:s}", "code", code, "message", message);
	if (err && field)
		jx_set(err, "field", jx_str(field));
	resp->status = status;
	web_no_store(req, resp);
	if (errors)
		web_respond(req, resp, NULL, web_pack("{s:o, s:O}", "error", err, "errors", errors));
	else
		web_respond(req, resp, NULL, web_pack("{s:o}", "error", err));
}

static const char *
retry_text(struct http_request *req, const char *what, int64_t retry)
{
	int64_t min = (retry + 59) / 60;

	return arena_printf(req->arena, "%s Повторите через %lld мин.", what, (long long)(min > 0 ? min : 1));
}

/*
 * The hash of the consent texts of a campaign's version, computed once per
 * version (the texts are some kilobytes, every entry stores their hash).
 */
static pthread_mutex_t consent_hash_lock = PTHREAD_MUTEX_INITIALIZER;
static struct {
	char slug[128];
	int64_t version;
	char hash[65];
} consent_hash_last;

static void
consent_hash(const json_t *campaign, const json_t *contest, char hash[65])
{
	const char *slug = jx_get_str(campaign, "slug");
	int64_t version = json_integer_value(json_object_get(campaign, "version"));
	int hit;

	pthread_mutex_lock(&consent_hash_lock);
	hit = slug && version > 0 && consent_hash_last.version == version &&
	      strcmp(consent_hash_last.slug, slug) == 0;
	if (hit)
		memcpy(hash, consent_hash_last.hash, 65);
	pthread_mutex_unlock(&consent_hash_lock);
	if (hit)
		return;
	contest_consent_hash(contest, hash);
	if (slug == NULL || strlen(slug) >= sizeof(consent_hash_last.slug))
		return;
	pthread_mutex_lock(&consent_hash_lock);
	memcpy(consent_hash_last.slug, slug, strlen(slug) + 1);
	consent_hash_last.version = version;
	memcpy(consent_hash_last.hash, hash, 65);
	pthread_mutex_unlock(&consent_hash_lock);
}

/* The JSON of the consents stored with the entry (no personal data: the address is sealed apart). */
static char *
consents_text(const json_t *campaign, const json_t *contest, const json_t *e, int64_t now)
{
	const json_t *c = json_object_get(e, "consents");
	char hash[65];
	json_t *j;
	char *text;

	consent_hash(campaign, contest, hash);
	j = web_pack("{s:s?, s:s, s:b, s:b, s:b, s:b, s:I}", "version",
		     jx_get_str(json_object_get(contest, "consents"), "version"), "text_hash", hash,
		     "processing", json_is_true(json_object_get(c, "processing")), "publication",
		     json_is_true(json_object_get(c, "publication")), "child",
		     json_is_true(json_object_get(c, "child")), "guardian",
		     json_is_true(json_object_get(c, "guardian")), "at", (json_int_t)now);
	if (j == NULL)
		return NULL;
	text = json_dumps(j, JSON_COMPACT | JSON_SORT_KEYS);
	json_decref(j);
	return text;
}

/*
 * The sealed JSON of the entry's personal data, the address it came from
 * and its status link's token (for the mail that follows); NULL on failure.
 */
static char *
pd_sealed(struct http_request *req, const struct seal *s, const json_t *e, const char *status_token)
{
	json_t *j =
		web_pack("{s:O?, s:O?, s:O?, s:O?, s:O?, s:s, s:s}", "author", json_object_get(e, "author"),
			 "school", json_object_get(e, "school"), "guardian", json_object_get(e, "guardian"),
			 "contact", json_object_get(e, "contact"), "caption", json_object_get(e, "caption"),
			 "address", req->remote_ip ? req->remote_ip : "", "status_token", status_token);
	char *text, *sealed;

	if (j == NULL)
		return NULL;
	text = json_dumps(j, JSON_COMPACT);
	json_decref(j);
	if (text == NULL)
		return NULL;
	sealed = seal_box(s, text, strlen(text));
	sodium_memzero(text, strlen(text));
	free(text);
	return sealed;
}

/* The keyed hash of the same child with the same guardian (or adult author): name, birth date, e-mail. */
static void
person_hash(const struct seal *s, const json_t *e, const char *email, char out[SEAL_HASH_HEX])
{
	const json_t *a = json_object_get(e, "author");
	const char *name = jx_get_str(a, "full_name") ? jx_get_str(a, "full_name") : "";
	const char *birth = jx_get_str(a, "birth_date") ? jx_get_str(a, "birth_date") : "";
	char *key = utf8_fold_key(name, strlen(name));
	struct buf b;

	buf_init(&b, 4096);
	if (buf_addf(&b, "%s\n%s\n%s", key ? key : name, birth, email) < 0)
		abort(); /* names are capped far below */
	seal_hash(s, "person", b.data, b.len, out);
	sodium_memzero(b.data, b.len);
	buf_release(&b);
	free(key);
}

/* The status page's absolute link, in the arena. */
static const char *
status_link(struct http_request *req, const char *slug, const char *token)
{
	return arena_printf(req->arena, "%s/campaigns/%s/contest/status/%s", outbox_public_url(), slug,
			    token);
}

/*
 * Stores a checked entry with its receipt mail, in one transaction.
 * Returns the store's answer (CONFLICT: a live entry has the same video);
 * *id, status_token (TOKEN_HEX + 1) and *confirm_expires on success.
 */
static enum store_rc
entry_store(struct http_request *req, const struct seal *s, const struct entry_post *p, const json_t *e,
	    int64_t now, int64_t *id, char status_token[SEAL_HASH_HEX], int64_t *confirm_expires)
{
	struct store *st = web_store();
	const json_t *video = json_object_get(e, "video");
	const char *email = jx_get_str(json_object_get(e, "contact"), "email");
	const char *zone = jx_get_str(p->campaign, "time_zone");
	int needs = json_is_true(json_object_get(e, "needs_confirmation"));
	char vh[SEAL_HASH_HEX], ph[SEAL_HASH_HEX], ch[SEAL_HASH_HEX], sh[SEAL_HASH_HEX], cfh[SEAL_HASH_HEX];
	char confirm_token[SEAL_HASH_HEX];
	char *pd = NULL, *vs = NULL, *consents = NULL, *hashtags = NULL;
	struct store_contest_entry_new n;
	struct mailtext_model mm = {0};
	int64_t same = 0;
	json_t *detail;
	enum store_rc rc = STORE_ERROR;

	if (email == NULL)
		email = "";
	seal_hash(s, "video", jx_get_str(video, "key"), strlen(jx_get_str(video, "key")), vh);
	person_hash(s, e, email, ph);
	seal_hash(s, "contact", email, strlen(email), ch);
	seal_random_hex(status_token);
	seal_hash(s, "status", status_token, TOKEN_HEX, sh);
	if (needs) {
		seal_random_hex(confirm_token);
		seal_hash(s, "confirm", confirm_token, TOKEN_HEX, cfh);
		*confirm_expires = now + CONTEST_CONFIRM_SECONDS;
	}
	pd = pd_sealed(req, s, e, status_token);
	vs = seal_box(s, jx_get_str(video, "url"), strlen(jx_get_str(video, "url")));
	consents = consents_text(p->campaign, p->contest, e, now);
	hashtags = json_dumps(json_object_get(e, "hashtags"), JSON_COMPACT);
	if (pd == NULL || vs == NULL || consents == NULL || hashtags == NULL) {
		log_warnx("%s: the entry could not be sealed", __func__);
		goto out;
	}
	n = (struct store_contest_entry_new){
		.campaign = p->slug,
		.org_unit = jx_get_str(e, "org_unit"),
		.nomination = jx_get_str(e, "nomination"),
		.age = (int)json_integer_value(json_object_get(e, "age")),
		.title = jx_get_str(e, "title"),
		.description = jx_get_str(e, "description"),
		.video_platform = jx_get_str(video, "platform"),
		.video_sealed = vs,
		.video_hash = vh,
		.pd_sealed = pd,
		.person_hash = ph,
		.contact_hash = ch,
		.status_token_hash = sh,
		.confirm_token_hash = needs ? cfh : NULL,
		.confirm_expires = needs ? *confirm_expires : 0,
		.consents = consents,
		.hashtags = hashtags,
		.publication = json_is_true(json_object_get(json_object_get(e, "consents"), "publication")),
		.now = now,
	};
	if ((rc = store_begin(st, 1)) != STORE_OK)
		goto out;
	if ((rc = store_contest_entry_add(st, &n, id, &same)) != STORE_OK)
		goto fail;
	detail = web_pack("{s:s, s:s?, s:s?, s:s, s:I}", "campaign", p->slug, "org_unit", n.org_unit,
			  "nomination", n.nomination, "status", needs ? "awaiting_confirmation" : "received",
			  "same_person", (json_int_t)same);
	if ((rc = web_audit(req, "contest.entry.create", "contest_entry",
			    arena_printf(req->arena, "%lld", (long long)*id), detail)) != STORE_OK)
		goto fail;
	mm.campaign = jx_get_str(p->campaign, "title");
	mm.org_unit = jx_get_str(e, "org_unit_name") ? jx_get_str(e, "org_unit_name") : n.org_unit;
	mm.link = status_link(req, p->slug, status_token);
	mm.entry_id = *id;
	if (needs) {
		mm.confirm_link = arena_printf(req->arena, "%s/campaigns/%s/contest/confirm/%s",
					       outbox_public_url(), p->slug, confirm_token);
		mm.expires = web_instant_ru(req->arena, *confirm_expires, zone ? zone : "UTC");
	}
	if (*email &&
	    (rc = outbox_queue_sealed(st, s, MAILTEXT_CONTEST_RECEIPT, &mm, email,
				      arena_printf(req->arena, "contest:%lld:receipt", (long long)*id),
				      p->slug, now)) != STORE_OK)
		goto fail;
	if ((rc = store_commit(st)) != STORE_OK)
		goto fail;
	if (same > 0)
		log_info("contest entry %lld of %s flagged same_person", (long long)*id, p->slug);
	goto out;
fail:
	store_rollback(st);
out:
	sodium_memzero(confirm_token, sizeof(confirm_token));
	free(pd);
	free(vs);
	free(consents);
	free(hashtags);
	return rc;
}

/* The Russian words of a refused form_token. */
static const char *
token_message(enum seal_token_rc rc)
{
	switch (rc) {
	case SEAL_TOKEN_FRESH:
		return "Форма отправлена слишком быстро. Проверьте введённое и отправьте её ещё раз через "
		       "несколько секунд.";
	case SEAL_TOKEN_EXPIRED:
		return "Форма открыта больше суток назад и устарела. Отправьте её ещё раз: введённое "
		       "сохранено.";
	default: return "Форма повреждена или устарела. Отправьте её ещё раз: введённое сохранено.";
	}
}

/*
 * POST /campaigns/{slug}/contest/entries (urlencoded, CSRF) and POST
 * /api/v1/campaigns/{slug}/contest/entries (JSON): 201 {"entry": {"id",
 * "status", "nomination"}, "status_url"} (the page: the receipt); 422 with
 * the field and the list of errors (a closed window, the honeypot, the
 * form_token, every field contest_entry_check refuses); 409 for a video
 * already entered; 429 with Retry-After when the address or the contact
 * sent too many; 404 without a contest; 500 without a key.
 */
void
contest_entry_post(struct http_request *req, struct http_response *resp)
{
	const struct seal *s = seal_global();
	struct entry_post p = {0};
	json_t *input = NULL, *errors = NULL, *e, *units;
	const char *bad, *website, *email;
	char today[CIVIL_DATE_TEXT_MAX], ipkey[4 + SEAL_HASH_HEX], ch[SEAL_HASH_HEX], token[SEAL_HASH_HEX];
	enum seal_token_rc trc;
	int64_t now = web_now(), retry = 0, count = 0, id = 0, expires = 0;
	enum store_rc rc;
	enum contest_window w;

	if (web_store() == NULL) {
		web_store_error(req, resp, STORE_UNAVAILABLE);
		return;
	}
	if ((p.campaign = web_contest_campaign(req, resp, &p.contest)) == NULL)
		return;
	p.slug = jx_get_str(p.campaign, "slug");
	if (s == NULL) {
		http_error(req, resp, 500, "internal", "no key loaded: entries cannot be sealed", NULL);
		return;
	}
	if (req->is_api && !json_is_object(req->json)) {
		http_error(req, resp, 400, "invalid_json", "Ожидается объект JSON с полями заявки.", NULL);
		return;
	}
	p.form_token = web_input(req, "form_token");
	campaign_today(p.campaign, now, today);
	if ((w = contest_window_at(p.contest, today)) != CONTEST_OPEN) {
		const char *d =
			web_date_ru(req->arena, jx_get_str(p.contest, w == CONTEST_BEFORE ? "entries_from"
											  : "entries_until"));
		refuse(req, resp, &p, 422, "closed", NULL,
		       w == CONTEST_BEFORE
			       ? arena_printf(req->arena, "Приём заявок ещё не начался: он откроется %s.",
					      d ? d : "")
			       : arena_printf(req->arena, "Приём заявок завершён %s.", d ? d : ""),
		       NULL);
		return;
	}
	/* The honeypot: a person never sees the field, a form-filling robot fills it. */
	website = req->is_api ? NULL : http_params_get(&req->form, "website");
	if (req->is_api && json_object_get(req->json, "website") &&
	    !(json_is_string(json_object_get(req->json, "website")) &&
	      *json_string_value(json_object_get(req->json, "website")) == '\0') &&
	    !json_is_null(json_object_get(req->json, "website")))
		website = "x";
	if (website && *website) {
		log_info("contest entry refused for %s: the hidden field was filled", p.slug);
		refuse(req, resp, &p, 422, "rejected", NULL,
		       "Заявку не удалось принять. Проверьте форму и отправьте её ещё раз.", NULL);
		return;
	}
	trc = seal_form_token_check(s, p.form_token, now, contest_min_form_seconds(p.contest),
				    FORM_TOKEN_MAX_AGE, NULL);
	if (trc != SEAL_TOKEN_OK) {
		p.token_ok = trc == SEAL_TOKEN_FRESH; /* waiting is all it needs */
		log_info("contest entry refused for %s: form_token %s", p.slug,
			 trc == SEAL_TOKEN_FRESH     ? "too fresh"
			 : trc == SEAL_TOKEN_EXPIRED ? "expired"
						     : "bad");
		refuse(req, resp, &p, 422, "form_token", "form_token", token_message(trc), NULL);
		return;
	}
	p.token_ok = 1;
	address_key(req, s, ipkey);
	if (address_blocked(ipkey, now, &retry)) {
		http_response_header(req, resp, "Retry-After",
				     arena_printf(req->arena, "%lld", (long long)retry));
		refuse(req, resp, &p, 429, "too_many_entries", NULL,
		       retry_text(req, "С этого адреса отправлено слишком много заявок.", retry), NULL);
		return;
	}
	if (req->is_api)
		input = json_incref(req->json);
	else if ((input = form_input(req, &bad)) == NULL) {
		refuse(req, resp, &p, 422, "invalid", bad,
		       arena_printf(req->arena, "%s: текст не в кодировке UTF-8.", contest_field_label(bad)),
		       NULL);
		return;
	}
	web_keep(req, input);
	if ((units = entry_unit(req, resp, p.campaign, jx_get_str(input, "org_unit"))) == NULL)
		return;
	if ((e = contest_entry_check(p.campaign, units, input, &errors)) == NULL) {
		web_keep(req, errors);
		refuse(req, resp, &p, 422, "invalid", jx_get_str(json_array_get(errors, 0), "field"),
		       jx_get_str(json_array_get(errors, 0), "message")
			       ? jx_get_str(json_array_get(errors, 0), "message")
			       : "Проверьте поля заявки.",
		       errors);
		return;
	}
	web_keep(req, e);
	email = jx_get_str(json_object_get(e, "contact"), "email");
	if (email) {
		seal_hash(s, "contact", email, strlen(email), ch);
		if ((rc = store_contest_contact_count(web_store(), p.slug, ch, now - CONTACT_WINDOW,
						      &count)) != STORE_OK) {
			web_store_error(req, resp, rc);
			return;
		}
		if (count >= CONTACT_LIMIT) {
			http_response_header(req, resp, "Retry-After",
					     arena_printf(req->arena, "%d", CONTACT_RETRY));
			refuse(req, resp, &p, 429, "too_many_entries", NULL,
			       retry_text(req,
					  "С этим адресом электронной почты за сутки подано слишком много "
					  "заявок.",
					  CONTACT_RETRY),
			       NULL);
			return;
		}
	}
	rc = entry_store(req, s, &p, e, now, &id, token, &expires);
	if (rc == STORE_CONFLICT) {
		refuse(req, resp, &p, 409, "duplicate", "video_url",
		       "Ссылка на ролик: этот ролик уже подан на конкурс. Если это ваша заявка, её статус — "
		       "по ссылке из письма.",
		       NULL);
		return;
	}
	if (rc != STORE_OK) {
		web_store_error(req, resp, rc);
		return;
	}
	address_count(ipkey, now);
	log_info("contest entry %lld of %s received", (long long)id, p.slug);
	web_no_store(req, resp);
	{
		const char *status = json_is_true(json_object_get(e, "needs_confirmation"))
					     ? "awaiting_confirmation"
					     : "received";
		const char *link = status_link(req, p.slug, token);

		sodium_memzero(token, sizeof(token));
		if (req->is_api) {
			resp->status = 201;
			web_respond(req, resp, NULL,
				    web_pack("{s:{s:I, s:s, s:O}, s:s}", "entry", "id", (json_int_t)id,
					     "status", status, "nomination", json_object_get(e, "nomination"),
					     "status_url", link));
			return;
		}
		resp->status = 201;
		web_respond(req, resp, "contest_receipt",
			    web_pack("{s:s, s:s, s:s?, s:I, s:s, s:s, s:s?, s:b, s:s?, s:s?}", "page_title",
				     "Заявка получена", "slug", p.slug, "title",
				     jx_get_str(p.contest, "title"), "id", (json_int_t)id, "status", status,
				     "status_title", contest_status_title(status), "nomination_title",
				     jx_get_str(e, "nomination_title"), "needs_confirmation",
				     strcmp(status, "awaiting_confirmation") == 0, "expires_ru",
				     expires ? web_instant_ru(req->arena, expires,
							      jx_get_str(p.campaign, "time_zone")
								      ? jx_get_str(p.campaign, "time_zone")
								      : "UTC")
					     : NULL,
				     "status_url", link));
	}
}

/* A link token from the path: 64 lowercase hex digits, else NULL. */
static const char *
path_token(struct http_request *req)
{
	const char *t = http_params_get(&req->params, "token");
	size_t i;

	if (t == NULL || strlen(t) != TOKEN_HEX)
		return NULL;
	for (i = 0; i < TOKEN_HEX; i++)
		if (!((t[i] >= '0' && t[i] <= '9') || (t[i] >= 'a' && t[i] <= 'f')))
			return NULL;
	return t;
}

static const char MSG_NO_ENTRY[] = "Заявка не найдена: ссылка неверна, или заявка удалена.";
static const char MSG_NO_CONFIRM[] =
	"Ссылка для подтверждения недействительна: заявка уже подтверждена, отозвана, или срок "
	"ссылки истёк.";

/* The entry behind the link's token (purpose "status" or "confirm") of this campaign; NULL after 404. */
static json_t *
entry_by_token(struct http_request *req, struct http_response *resp, const char *purpose)
{
	const struct seal *s = seal_global();
	const char *t = path_token(req), *slug = http_params_get(&req->params, "slug");
	const char *msg = strcmp(purpose, "status") == 0 ? MSG_NO_ENTRY : MSG_NO_CONFIRM;
	char h[SEAL_HASH_HEX];
	json_t *entry = NULL;
	enum store_rc rc;

	if (web_store() == NULL) {
		web_store_error(req, resp, STORE_UNAVAILABLE);
		return NULL;
	}
	if (t == NULL || s == NULL) {
		http_error(req, resp, 404, "not_found", msg, NULL);
		return NULL;
	}
	seal_hash(s, purpose, t, TOKEN_HEX, h);
	rc = strcmp(purpose, "status") == 0 ? store_contest_entry_by_status(web_store(), h, &entry)
					    : store_contest_entry_by_confirm(web_store(), h, &entry);
	if (rc == STORE_NOTFOUND ||
	    (rc == STORE_OK &&
	     strcmp(jx_get_str(entry, "campaign") ? jx_get_str(entry, "campaign") : "", slug) != 0)) {
		json_decref(entry);
		http_error(req, resp, 404, "not_found", msg, NULL);
		return NULL;
	}
	if (rc != STORE_OK) {
		web_store_error(req, resp, rc);
		return NULL;
	}
	return web_keep(req, entry);
}

/* The public view of an entry: number, status, title, nomination, municipality; no personal data. */
static json_t *
entry_model(struct http_request *req, const json_t *campaign, const json_t *entry)
{
	const char *status = jx_get_str(entry, "status") ? jx_get_str(entry, "status") : "";
	const char *reason = jx_get_str(entry, "reject_reason");
	const char *zone = jx_get_str(campaign, "time_zone") ? jx_get_str(campaign, "time_zone") : "UTC";
	const json_t *contest = contest_block(campaign), *n;
	const char *nom = jx_get_str(entry, "nomination"), *nom_title = NULL;
	json_t *m, *state = NULL;
	size_t i;

	json_array_foreach(json_object_get(contest, "nominations"), i, n)
	{
		if (nom && jx_get_str(n, "code") && strcmp(nom, jx_get_str(n, "code")) == 0)
			nom_title = jx_get_str(n, "title");
	}
	m = web_pack("{s:I, s:s, s:s, s:s?, s:s?, s:s?, s:s?, s:s?}", "id",
		     (json_int_t)json_integer_value(json_object_get(entry, "id")), "status", status,
		     "status_title", contest_status_title(status), "title", jx_get_str(entry, "title"),
		     "nomination", nom, "nomination_title", nom_title, "org_unit_name",
		     jx_get_str(entry, "org_unit_name"), "contest_title", jx_get_str(contest, "title"));
	if (m == NULL)
		return NULL;
	jx_set(m, "slug", jx_str(jx_get_str(campaign, "slug")));
	jx_set(m, "submitted_ru",
	       jx_str(web_instant_ru(req->arena, json_integer_value(json_object_get(entry, "submitted_at")),
				     zone)));
	jx_set(m, arena_printf(req->arena, "is_%s", status), jx_bool(1));
	if (strcmp(status, "rejected") == 0) {
		jx_set(m, "reject_reason", jx_str_or_null(reason));
		jx_set(m, "reject_reason_title",
		       jx_str_or_null(reason ? contest_reject_reason_title(reason) : NULL));
		jx_set(m, "reject_note", jx_str_or_null(jx_get_str(entry, "reject_note")));
	}
	if (json_integer_value(json_object_get(entry, "confirm_expires")) > 0 &&
	    strcmp(status, "awaiting_confirmation") == 0)
		jx_set(m, "confirm_expires_ru",
		       jx_str(web_instant_ru(req->arena,
					     json_integer_value(json_object_get(entry, "confirm_expires")),
					     zone)));
	jx_set(m, "can_withdraw",
	       jx_bool(strcmp(status, "withdrawn") != 0 && strcmp(status, "expired") != 0));
	if (store_contest_state(web_store(), jx_get_str(campaign, "slug"), &state) == STORE_OK &&
	    !json_is_null(json_object_get(state, "results_published_at")) &&
	    json_object_get(state, "results_published_at"))
		jx_set(m, "results_url",
		       jx_str(arena_printf(req->arena, "/campaigns/%s/contest/results",
					   jx_get_str(campaign, "slug"))));
	json_decref(state);
	return m;
}

/*
 * GET /campaigns/{slug}/contest/status/{token} and its /api/v1/ twin: 200
 * with the entry's status (received, awaiting confirmation, accepted,
 * rejected with the reason, withdrawn, expired; the results' link once
 * published) and the withdrawal form; 404 for an unknown token.
 */
void
contest_status(struct http_request *req, struct http_response *resp)
{
	const json_t *contest;
	json_t *campaign, *entry, *m;

	if ((campaign = web_contest_campaign(req, resp, &contest)) == NULL)
		return;
	if ((entry = entry_by_token(req, resp, "status")) == NULL)
		return;
	if ((m = entry_model(req, campaign, entry)) == NULL) {
		http_error(req, resp, 500, "internal", "the page model could not be built", NULL);
		return;
	}
	jx_set(m, "page_title", jx_str("Статус заявки"));
	jx_set(m, "token", jx_str(path_token(req)));
	if (!req->is_api)
		web_ensure_csrf_cookie(req, resp);
	web_no_store(req, resp);
	if (req->is_api) {
		json_object_del(m, "token");
		web_respond(req, resp, NULL, web_pack("{s:o}", "entry", m));
		return;
	}
	web_respond(req, resp, "contest_status", m);
}

/*
 * POST /campaigns/{slug}/contest/status/{token}/withdraw (CSRF) and its
 * /api/v1/ twin (JSON): the entrant withdraws; the personal data is erased
 * at once. 200 with the status page (withdrawn); 404 for an unknown token
 * or an entry already withdrawn or expired.
 */
void
contest_withdraw(struct http_request *req, struct http_response *resp)
{
	struct store *st = web_store();
	const json_t *contest;
	json_t *campaign, *entry, *m, *after = NULL;
	int64_t id, now = web_now();
	enum store_rc rc;

	if ((campaign = web_contest_campaign(req, resp, &contest)) == NULL)
		return;
	if ((entry = entry_by_token(req, resp, "status")) == NULL)
		return;
	id = json_integer_value(json_object_get(entry, "id"));
	if ((rc = store_begin(st, 1)) != STORE_OK)
		goto fail;
	if ((rc = store_contest_entry_withdraw(st, id, now)) != STORE_OK)
		goto fail;
	if ((rc = web_audit(req, "contest.entry.withdraw", "contest_entry",
			    arena_printf(req->arena, "%lld", (long long)id),
			    web_pack("{s:s, s:s?}", "campaign", jx_get_str(campaign, "slug"), "from",
				     jx_get_str(entry, "status")))) != STORE_OK)
		goto fail;
	if ((rc = store_commit(st)) != STORE_OK)
		goto fail;
	log_info("contest entry %lld of %s withdrawn by the entrant", (long long)id,
		 jx_get_str(campaign, "slug"));
	if (store_contest_entry_get(st, id, &after) != STORE_OK) {
		after = json_deep_copy(entry);
		jx_set(after, "status", jx_str("withdrawn"));
	}
	web_keep(req, after);
	if ((m = entry_model(req, campaign, after)) == NULL) {
		http_error(req, resp, 500, "internal", "the page model could not be built", NULL);
		return;
	}
	jx_set(m, "page_title", jx_str("Заявка отозвана"));
	jx_set(m, "just_withdrawn", jx_bool(1));
	web_no_store(req, resp);
	if (req->is_api) {
		web_respond(req, resp, NULL, web_pack("{s:o}", "entry", m));
		return;
	}
	web_respond(req, resp, "contest_status", m);
	return;
fail:
	store_rollback(st);
	if (rc == STORE_NOTFOUND)
		http_error(req, resp, 404, "not_found", MSG_NO_ENTRY, NULL);
	else
		web_store_error(req, resp, rc);
}

/*
 * GET /campaigns/{slug}/contest/confirm/{token}: 200 with the entry's
 * number and a button (a GET never confirms: mail scanners follow links);
 * 404 when the link is unknown, used or expired.
 */
void
contest_confirm_page(struct http_request *req, struct http_response *resp)
{
	const json_t *contest;
	json_t *campaign, *entry, *m;

	if ((campaign = web_contest_campaign(req, resp, &contest)) == NULL)
		return;
	if ((entry = entry_by_token(req, resp, "confirm")) == NULL)
		return;
	if ((m = entry_model(req, campaign, entry)) == NULL) {
		http_error(req, resp, 500, "internal", "the page model could not be built", NULL);
		return;
	}
	jx_set(m, "page_title", jx_str("Подтверждение заявки"));
	jx_set(m, "token", jx_str(path_token(req)));
	jx_set(m, "awaiting", jx_bool(strcmp(jx_get_str(entry, "status"), "awaiting_confirmation") == 0));
	if (json_is_object(json_object_get(contest, "consents"))) {
		jx_set(m, "consent_guardian",
		       jx_str_or_null(jx_get_str(json_object_get(contest, "consents"), "guardian")));
		jx_set(m, "consent_processing",
		       jx_str_or_null(jx_get_str(json_object_get(contest, "consents"), "processing")));
	}
	web_ensure_csrf_cookie(req, resp);
	web_no_store(req, resp);
	web_respond(req, resp, "contest_confirm", m);
}

/*
 * POST /campaigns/{slug}/contest/confirm/{token} (CSRF) and its /api/v1/
 * twin (JSON): the guardian confirms; the entry becomes «получена». 200
 * with the confirmation page (confirmed); 404 when the link is unknown,
 * used or expired.
 */
void
contest_confirm(struct http_request *req, struct http_response *resp)
{
	struct store *st = web_store();
	const json_t *contest;
	json_t *campaign, *entry, *m, *after = NULL;
	int64_t id, now = web_now();
	enum store_rc rc;

	if ((campaign = web_contest_campaign(req, resp, &contest)) == NULL)
		return;
	if ((entry = entry_by_token(req, resp, "confirm")) == NULL)
		return;
	id = json_integer_value(json_object_get(entry, "id"));
	if ((rc = store_begin(st, 1)) != STORE_OK)
		goto fail;
	if ((rc = store_contest_entry_confirm(st, id, now)) != STORE_OK)
		goto fail;
	if ((rc = web_audit(req, "contest.entry.confirm", "contest_entry",
			    arena_printf(req->arena, "%lld", (long long)id),
			    web_pack("{s:s}", "campaign", jx_get_str(campaign, "slug")))) != STORE_OK)
		goto fail;
	if ((rc = store_commit(st)) != STORE_OK)
		goto fail;
	log_info("contest entry %lld of %s confirmed", (long long)id, jx_get_str(campaign, "slug"));
	if (store_contest_entry_get(st, id, &after) != STORE_OK) {
		after = json_deep_copy(entry);
		jx_set(after, "status", jx_str("received"));
	}
	web_keep(req, after);
	if ((m = entry_model(req, campaign, after)) == NULL) {
		http_error(req, resp, 500, "internal", "the page model could not be built", NULL);
		return;
	}
	jx_set(m, "page_title", jx_str("Заявка подтверждена"));
	jx_set(m, "confirmed", jx_bool(1));
	web_no_store(req, resp);
	if (req->is_api) {
		web_respond(req, resp, NULL, web_pack("{s:o}", "entry", m));
		return;
	}
	web_respond(req, resp, "contest_confirm", m);
	return;
fail:
	store_rollback(st);
	if (rc == STORE_NOTFOUND)
		http_error(req, resp, 404, "not_found", MSG_NO_CONFIRM, NULL);
	else
		web_store_error(req, resp, rc);
}
