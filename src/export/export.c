/*
 * export: the column model of the summary's sheets, the writer calls that
 * check their order and dispatch to a format (xlsx.c, csv.c, json.c), the
 * text rules every format shares (UTF-8 repair, control characters, the
 * cell limit, the CSV injection guard), date formatting, and the filter
 * (statuses and kinds of municipality).
 */
#include <stdlib.h>
#include <string.h>

#include "domain/campaign.h"
#include "domain/orgunit.h"
#include "domain/text.h"
#include "domain/workflow.h"
#include "export/export_int.h"
#include "util/civil.h"
#include "util/xalloc.h"

#define MO "Муниципальное образование"

static const struct export_column summary_cols[] = {
	{"org_unit_name", "org_unit", MO, EXPORT_TEXT, NULL, NULL, 50},
	{"kind_name", "kind", "Вид", EXPORT_TEXT, NULL, NULL, 24},
	{"status_name", "status", "Статус", EXPORT_TEXT, NULL, NULL, 26},
	{"submitted_at", NULL, "Отправлен", EXPORT_DATETIME, NULL, NULL, 18},
	{"late", NULL, "В срок / с опозданием", EXPORT_BOOL, "с опозданием", "в срок", 16},
	{"activities", NULL, "Мероприятий", EXPORT_INT, NULL, NULL, 14},
	{"participants", NULL, "Участников", EXPORT_INT, NULL, NULL, 14},
	{"reach", NULL, "Охват", EXPORT_INT, NULL, NULL, 14},
	{"publications", NULL, "Публикаций", EXPORT_INT, NULL, NULL, 14},
	{"views", NULL, "Просмотров", EXPORT_INT, NULL, NULL, 14},
	{"organizations", NULL, "Организаций", EXPORT_INT, NULL, NULL, 14},
};

static const struct export_column activity_cols[] = {
	{"org_unit_name", "org_unit", MO, EXPORT_TEXT, NULL, NULL, 50},
	{"status_name", "status", "Статус отчёта", EXPORT_TEXT, NULL, NULL, 26},
	{"position", NULL, "№", EXPORT_INT, NULL, NULL, 6},
	{"form_title", "form", "Форма проведения", EXPORT_TEXT, NULL, NULL, 60},
	{"date", NULL, "Дата", EXPORT_DATE, NULL, NULL, 12},
	{"title", NULL, "Название", EXPORT_TEXT, NULL, NULL, 60},
	{"description", NULL, "Описание", EXPORT_TEXT, NULL, NULL, 80},
	{"audience_names", "audience", "Аудитория", EXPORT_TEXT, NULL, NULL, 40},
	{"participants", NULL, "Участников", EXPORT_INT, NULL, NULL, 14},
	{"reach", NULL, "Охват", EXPORT_INT, NULL, NULL, 14},
	{"links", NULL, "Ссылки", EXPORT_TEXT, NULL, NULL, 80},
};

static const struct export_column publication_cols[] = {
	{"org_unit_name", "org_unit", MO, EXPORT_TEXT, NULL, NULL, 50},
	{"status_name", "status", "Статус отчёта", EXPORT_TEXT, NULL, NULL, 26},
	{"position", NULL, "№", EXPORT_INT, NULL, NULL, 6},
	{"url", NULL, "Ссылка", EXPORT_TEXT, NULL, NULL, 70},
	{"network_name", "network", "Сеть", EXPORT_TEXT, NULL, NULL, 16},
	{"date", NULL, "Дата", EXPORT_DATE, NULL, NULL, 12},
	{"views", NULL, "Просмотров", EXPORT_INT, NULL, NULL, 14},
	{"has_hashtag", NULL, "С хэштегом", EXPORT_BOOL, "да", "нет", 12},
	{"has_alliance_link", NULL, "Со ссылкой на Альянс", EXPORT_BOOL, "да", "нет", 12},
};

static const struct export_column organization_cols[] = {
	{"org_unit_name", "org_unit", MO, EXPORT_TEXT, NULL, NULL, 50},
	{"status_name", "status", "Статус отчёта", EXPORT_TEXT, NULL, NULL, 26},
	{"position", NULL, "№", EXPORT_INT, NULL, NULL, 6},
	{"name", NULL, "Название", EXPORT_TEXT, NULL, NULL, 70},
	{"kind_name", "kind", "Тип", EXPORT_TEXT, NULL, NULL, 30},
	{"inn", NULL, "ИНН", EXPORT_TEXT, NULL, NULL, 14},
	{"joined", NULL, "Дата присоединения", EXPORT_DATE, NULL, NULL, 12},
};

#define NCOLS(a) (sizeof(a) / sizeof((a)[0]))

static const struct export_sheet sheets[EXPORT_SHEET__MAX] = {
	{EXPORT_SUMMARY, "svodka", "summary", "Сводка", summary_cols, NCOLS(summary_cols)},
	{EXPORT_ACTIVITIES, "activities", "activities", "Мероприятия", activity_cols, NCOLS(activity_cols)},
	{EXPORT_PUBLICATIONS, "publications", "publications", "Публикации", publication_cols,
	 NCOLS(publication_cols)},
	{EXPORT_ORGANIZATIONS, "organizations", "organizations", "Организации", organization_cols,
	 NCOLS(organization_cols)},
};

const struct export_sheet *
export_sheet_get(enum export_sheet_id id)
{
	if ((unsigned)id >= EXPORT_SHEET__MAX)
		abort();
	return &sheets[id];
}

int
export_sheet_parse(const char *code, enum export_sheet_id *id)
{
	size_t i;

	for (i = 0; code && i < EXPORT_SHEET__MAX; i++) {
		if (strcmp(sheets[i].code, code) == 0) {
			*id = sheets[i].id;
			return 0;
		}
	}
	return -1;
}

/* Writer calls: order checks, then the format's operation. */

int
export_wants(const struct export_writer *w, enum export_sheet_id id)
{
	return (w->sheets & (1u << id)) != 0;
}

static int
step(struct export_writer *w, int rc)
{
	if (rc < 0)
		w->state = EXPORT_STATE_FAILED;
	return rc < 0 ? -1 : 0;
}

int
export_begin(struct export_writer *w, const struct export_meta *m)
{
	if (w->state != EXPORT_STATE_NEW)
		abort();
	w->meta = *m;
	w->state = EXPORT_STATE_OPEN;
	return step(w, w->ops->begin(w, &w->meta));
}

int
export_sheet_begin(struct export_writer *w, enum export_sheet_id id)
{
	if (w->state != EXPORT_STATE_OPEN || !export_wants(w, id))
		abort();
	w->sheet = export_sheet_get(id);
	w->state = EXPORT_STATE_SHEET;
	return step(w, w->ops->sheet_begin(w, w->sheet));
}

int
export_sheet_begin_model(struct export_writer *w, const struct export_sheet *s)
{
	if (w->state != EXPORT_STATE_OPEN || s->ncolumns > EXPORT_COLUMNS_MAX ||
	    w->sheets != (1u << EXPORT_SHEET__MAX) - 1)
		abort();
	w->sheet = s;
	w->state = EXPORT_STATE_SHEET;
	return step(w, w->ops->sheet_begin(w, w->sheet));
}

int
export_row(struct export_writer *w, const struct export_value *v, int total)
{
	if (w->state != EXPORT_STATE_SHEET)
		abort();
	return step(w, w->ops->row(w, v, total));
}

int
export_sheet_end(struct export_writer *w)
{
	if (w->state != EXPORT_STATE_SHEET)
		abort();
	w->state = EXPORT_STATE_OPEN;
	if (step(w, w->ops->sheet_end(w)) < 0)
		return -1;
	w->sheet = NULL;
	return 0;
}

int
export_finish(struct export_writer *w)
{
	if (w->state != EXPORT_STATE_OPEN)
		abort();
	if (step(w, w->ops->finish(w)) < 0)
		return -1;
	w->state = EXPORT_STATE_DONE;
	return 0;
}

void
export_writer_free(struct export_writer *w)
{
	if (w)
		w->ops->free(w);
}

/* Text. */

static int
keep_char(int32_t cp)
{
	return !((cp < 0x20 && cp != '\t' && cp != '\n' && cp != '\r') || cp == 0xFFFE || cp == 0xFFFF);
}

int
export_text_ok(const char *s, size_t max_chars, size_t *nchars)
{
	size_t n = strlen(s), i = 0, chars = 0;
	int32_t cp;

	while (i < n) {
		if (utf8_next(s, n, &i, &cp) < 0 || !keep_char(cp))
			return 0;
		if (++chars > max_chars && max_chars > 0)
			return 0;
	}
	*nchars = chars;
	return 1;
}

int
export_text_clean(struct buf *out, const char *s, size_t max_chars)
{
	size_t n = strlen(s), i = 0, start = 0, at, chars = 0;
	int32_t cp = 0;

	/* Copies runs of good bytes at once, stepping over what must go. */
	while (i < n && (max_chars == 0 || chars < max_chars)) {
		at = i;
		if (utf8_next(s, n, &i, &cp) == 0 && keep_char(cp)) {
			chars++;
			continue;
		}
		if (at > start && buf_add(out, s + start, at - start) < 0)
			return -1;
		if (i == at) {
			/* A byte that does not decode: U+FFFD in its place. */
			if (buf_adds(out, "\xEF\xBF\xBD") < 0)
				return -1;
			chars++;
			i = at + 1;
		}
		start = i;
	}
	if (i > start && buf_add(out, s + start, i - start) < 0)
		return -1;
	return 0;
}

int
export_csv_risky(const char *s)
{
	return s &&
	       (s[0] == '=' || s[0] == '+' || s[0] == '-' || s[0] == '@' || s[0] == '\t' || s[0] == '\r');
}

void
export_value_format(const struct export_value *v, char *out, size_t outsz)
{
	if (outsz == 0)
		return;
	out[0] = '\0';
	if (v->type == EXPORT_DATETIME && civil_instant_format(v->num, v->offset, out, outsz) < 0)
		out[0] = '\0';
	else if (v->type == EXPORT_DATE && civil_date_format(v->num, out, outsz) < 0)
		out[0] = '\0';
	else if (v->type == EXPORT_DECIMAL) {
		uint64_t a = v->num < 0 ? 0 - (uint64_t)v->num : (uint64_t)v->num;
		int n = snprintf(out, outsz, "%s%llu.%02u", v->num < 0 ? "-" : "",
				 (unsigned long long)(a / 100), (unsigned)(a % 100));

		if (n < 0 || (size_t)n >= outsz)
			out[0] = '\0';
	}
}

/* The filter. */

/* Calls add(code) for each item of a comma-separated list; -1 at the first refused. */
static int
each_code(const char *list, unsigned *bits, int (*bit)(const char *code, unsigned *b), char *bad,
	  size_t badsz)
{
	const char *p = list, *q;
	char code[64];
	size_t len;
	unsigned b;

	for (;;) {
		while (*p == ' ' || *p == ',')
			p++;
		if (*p == '\0')
			return 0;
		for (q = p; *q && *q != ','; q++)
			;
		len = (size_t)(q - p);
		while (len > 0 && p[len - 1] == ' ')
			len--;
		if (len >= sizeof(code) || (memcpy(code, p, len), code[len] = '\0', bit(code, &b) < 0)) {
			if (badsz > 0) {
				/* The value is the user's: cut it on a character boundary. */
				len = utf8_fit(p, len, badsz - 1);
				memcpy(bad, p, len);
				bad[len] = '\0';
			}
			return -1;
		}
		*bits |= b;
		p = q;
	}
}

static int
status_bit(const char *code, unsigned *b)
{
	enum workflow_status s;

	if (workflow_status_parse(code, &s) < 0)
		return -1;
	*b = 1u << s;
	return 0;
}

static int
kind_bit(const char *code, unsigned *b)
{
	enum orgunit_kind k;

	if (orgunit_kind_parse(code, &k) < 0 || k == ORGUNIT_REGION)
		return -1;
	*b = 1u << k;
	return 0;
}

int
export_filter_add_status(struct export_filter *f, const char *list, char *bad, size_t badsz)
{
	return each_code(list, &f->statuses, status_bit, bad, badsz);
}

int
export_filter_add_kind(struct export_filter *f, const char *list, char *bad, size_t badsz)
{
	return each_code(list, &f->kinds, kind_bit, bad, badsz);
}

json_t *
export_filter_json(const struct export_filter *f)
{
	json_t *j, *st, *k;
	int i;

	if (f == NULL || (f->statuses == 0 && f->kinds == 0))
		return NULL;
	st = json_array();
	k = json_array();
	for (i = 0; i < WORKFLOW_STATUS__MAX; i++)
		if (f->statuses & (1u << i))
			json_array_append_new(st, json_string(workflow_status_code((enum workflow_status)i)));
	for (i = 0; i < ORGUNIT_KIND__MAX; i++)
		if (f->kinds & (1u << i))
			json_array_append_new(k, json_string(orgunit_kind_code((enum orgunit_kind)i)));
	j = json_object();
	json_object_set_new(j, "status", st);
	json_object_set_new(j, "kind", k);
	return j;
}

char *
export_filter_text(const struct export_filter *f)
{
	struct buf b;
	const char *sep = "";
	int i, r = 0;

	if (f == NULL || (f->statuses == 0 && f->kinds == 0))
		return NULL;
	buf_init(&b, 4096);
	r |= buf_adds(&b, "Отбор: ");
	if (f->statuses) {
		r |= buf_adds(&b, "статус — ");
		for (i = 0; i < WORKFLOW_STATUS__MAX; i++) {
			if (f->statuses & (1u << i)) {
				r |= buf_addf(&b, "%s%s", sep, workflow_status_name((enum workflow_status)i));
				sep = ", ";
			}
		}
	}
	if (f->kinds) {
		r |= buf_adds(&b, f->statuses ? "; вид — " : "вид — ");
		sep = "";
		for (i = 0; i < ORGUNIT_KIND__MAX; i++) {
			if (f->kinds & (1u << i)) {
				r |= buf_addf(&b, "%s%s", sep, orgunit_kind_name((enum orgunit_kind)i));
				sep = ", ";
			}
		}
	}
	if (r < 0)
		abort(); /* 4 KiB hold every name */
	return buf_detach(&b, NULL);
}
