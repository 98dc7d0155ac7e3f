/*
 * exports: the consolidated summary of a campaign as a file to download —
 * GET /admin/campaigns/{slug}/summary.xlsx|.csv|.json and their /api/v1/
 * twins (admin only; the route table says so). The routes are blocking: the
 * export runs on the worker pool, never on an event thread, and at most
 * EXPORTS_MAX run at once process-wide; another request meanwhile gets 503
 * with Retry-After rather than holding a worker while it waits.
 *
 * Query: status=CODE and kind=CODE (repeatable, or comma-separated) filter
 * every sheet; for CSV, sheet=svodka|activities|publications|organizations
 * (default svodka) and delimiter=semicolon|comma (default semicolon).
 *
 * The file is written to a temporary file (constant memory while writing),
 * read into the response body (capped at BUF_MAX_DEFAULT: larger exports
 * answer 413 and go through `svodka export`), and removed. Every download
 * is audited ("export.download").
 */
#include <errno.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "domain/campaign.h"
#include "domain/contest_score.h"
#include "domain/text.h"
#include "export/export.h"
#include "util/civil.h"
#include "util/log.h"
#include "util/tz.h"
#include "web/web.h"

#define EXPORTS_MAX 2 /* exports running at once, process-wide */
#define RETRY_AFTER "10" /* seconds, for the 503 when EXPORTS_MAX run */

enum fmt { FMT_XLSX, FMT_CSV, FMT_JSON };

static atomic_int running;

struct opts {
	struct export_filter filter;
	enum export_sheet_id sheet;
	char delimiter;
};

/* A refused query value is quoted in the answer only when it is UTF-8 text. */
static void
shown(char *bad)
{
	if (text_utf8_check(bad, strlen(bad), TEXT_SINGLE_LINE) < 0)
		memcpy(bad, "?", 2);
}

/*
 * Reads the query into o. Returns 0, or -1 after answering 400 with the
 * offending value named.
 */
static int
parse_query(struct http_request *req, struct http_response *resp, enum fmt fmt, struct opts *o)
{
	const struct http_param *p;
	char bad[64];
	size_t i;

	memset(o, 0, sizeof(*o));
	o->sheet = EXPORT_SUMMARY;
	o->delimiter = ';';
	for (i = 0; i < req->query.n; i++) {
		p = &req->query.v[i];
		if (strcmp(p->name, "status") == 0) {
			if (export_filter_add_status(&o->filter, p->value, bad, sizeof(bad)) < 0) {
				shown(bad);
				http_error(
					req, resp, 400, "invalid",
					arena_printf(req->arena,
						     "Неизвестный статус отчёта «%s»: допустимы not_started, "
						     "draft, submitted, returned, accepted.",
						     bad),
					"status");
				return -1;
			}
		} else if (strcmp(p->name, "kind") == 0) {
			if (export_filter_add_kind(&o->filter, p->value, bad, sizeof(bad)) < 0) {
				shown(bad);
				http_error(
					req, resp, 400, "invalid",
					arena_printf(
						req->arena,
						"Неизвестный вид муниципального образования «%s»: допустимы "
						"urban_okrug, municipal_okrug, municipal_district.",
						bad),
					"kind");
				return -1;
			}
		} else if (strcmp(p->name, "sheet") == 0 && fmt == FMT_CSV) {
			if (export_sheet_parse(p->value, &o->sheet) < 0) {
				http_error(req, resp, 400, "invalid",
					   "Неизвестный лист: допустимы svodka, activities, publications, "
					   "organizations.",
					   "sheet");
				return -1;
			}
		} else if (strcmp(p->name, "delimiter") == 0 && fmt == FMT_CSV) {
			if (strcmp(p->value, "comma") == 0 || strcmp(p->value, ",") == 0) {
				o->delimiter = ',';
			} else if (strcmp(p->value, "semicolon") == 0 || strcmp(p->value, ";") == 0) {
				o->delimiter = ';';
			} else {
				http_error(req, resp, 400, "invalid",
					   "Неизвестный разделитель: допустимы semicolon и comma.",
					   "delimiter");
				return -1;
			}
		}
	}
	return 0;
}

/* RFC 5987 value: UTF-8 bytes outside attr-char percent-encoded. */
static const char *
rfc5987(struct arena *a, const char *s)
{
	static const char hex[] = "0123456789ABCDEF";
	size_t n = strlen(s), k = 0, i;
	char *out = arena_alloc(a, 3 * n + 1);
	unsigned char c;

	for (i = 0; i < n; i++) {
		c = (unsigned char)s[i];
		if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
		    strchr("!#$&+-.^_`|~", c) != NULL) {
			out[k++] = (char)c;
		} else {
			out[k++] = '%';
			out[k++] = hex[c >> 4];
			out[k++] = hex[c & 15];
		}
	}
	out[k] = '\0';
	return out;
}

/*
 * Content-Disposition: an ASCII fallback (svodka-SLUG[-SHEET]-YYYYMMDD.EXT)
 * and the Russian name (Сводка — TITLE — ДД.ММ.ГГГГ.EXT) as filename*.
 */
static void
disposition(struct http_request *req, struct http_response *resp, const char *slug, const char *title,
	    const char *zone, enum fmt fmt, enum export_sheet_id sheet, int64_t now, const char *protocol)
{
	static const char *const ext[] = {"xlsx", "csv", "json"};
	int off = 0, y, m, d;
	const char *what, *ascii, *utf;

	if (zone == NULL || tz_offset(zone, now, &off) < 0)
		off = 0;
	civil_date_from_days(civil_local_day(now, off), &y, &m, &d);
	what = protocol ? protocol : fmt == FMT_CSV ? export_sheet_get(sheet)->title : "Сводка";
	if (protocol)
		ascii = arena_printf(req->arena, "svodka-%s-protocol-%04d%02d%02d.%s", slug, y, m, d,
				     ext[fmt]);
	else if (fmt == FMT_CSV)
		ascii = arena_printf(req->arena, "svodka-%s-%s-%04d%02d%02d.%s", slug,
				     export_sheet_get(sheet)->code, y, m, d, ext[fmt]);
	else
		ascii = arena_printf(req->arena, "svodka-%s-%04d%02d%02d.%s", slug, y, m, d, ext[fmt]);
	utf = arena_printf(req->arena, "%s — %s — %02d.%02d.%04d.%s", what, title, d, m, y, ext[fmt]);
	http_response_header(req, resp, "Content-Disposition",
			     arena_printf(req->arena, "attachment; filename=\"%s\"; filename*=UTF-8''%s",
					  ascii, rfc5987(req->arena, utf)));
}

/* Reads the whole file f into the response body: 0, -1 when too large (errno E2BIG) or on a read error. */
static int
read_body(FILE *f, struct http_response *resp)
{
	char chunk[65536];
	struct stat sb;
	size_t n;

	if (fstat(fileno(f), &sb) < 0)
		return -1;
	if ((size_t)sb.st_size > resp->body.max) {
		errno = E2BIG;
		return -1;
	}
	rewind(f);
	buf_reset(&resp->body);
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0) {
		if (buf_add(&resp->body, chunk, n) < 0) {
			errno = E2BIG;
			return -1;
		}
	}
	return ferror(f) ? -1 : 0;
}

/* Audits the download; a failure is logged, the file still goes out. */
static void
audit(struct http_request *req, const char *slug, enum fmt fmt, const struct opts *o)
{
	static const char *const names[] = {"xlsx", "csv", "json"};
	struct store *st = web_store();
	json_t *detail = web_pack("{s:s}", "format", names[fmt]);
	json_t *filter = export_filter_json(&o->filter);

	if (filter)
		jx_set(detail, "filter", filter);
	if (fmt == FMT_CSV)
		jx_set(detail, "sheet", jx_str(export_sheet_get(o->sheet)->code));
	if (store_begin(st, 1) != STORE_OK) {
		json_decref(detail);
		log_warnx("%s: audit of an export of %s skipped", __func__, slug);
		return;
	}
	if (web_audit(req, "export.download", "campaign", slug, detail) != STORE_OK ||
	    store_commit(st) != STORE_OK) {
		store_rollback(st);
		log_warnx("%s: audit of an export of %s failed", __func__, slug);
	}
}

static void
run(struct http_request *req, struct http_response *resp, enum fmt fmt)
{
	static const char *const types[] = {
		"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
		"text/csv; charset=utf-8",
		"application/json; charset=utf-8",
	};
	const char *slug = http_params_get(&req->params, "slug");
	const char *tmpdir = getenv("TMPDIR");
	struct store *st = web_store();
	struct export_writer *w = NULL;
	json_t *doc = NULL;
	struct opts o;
	char *path = NULL;
	FILE *f = NULL;
	enum export_rc erc;
	int64_t now = web_now();
	int fd = -1, slot = 0, created = 0;

	if (parse_query(req, resp, fmt, &o) < 0)
		return;
	if ((doc = web_campaign(req, resp, slug)) == NULL)
		return;
	if (atomic_fetch_add(&running, 1) >= EXPORTS_MAX) {
		atomic_fetch_sub(&running, 1);
		http_response_header(req, resp, "Retry-After", RETRY_AFTER);
		http_error(req, resp, 503, "busy",
			   "Сейчас уже готовятся другие выгрузки. Повторите через несколько секунд.", NULL);
		return;
	}
	slot = 1;
	path = arena_printf(req->arena, "%s/svodka-export-XXXXXX", tmpdir && *tmpdir ? tmpdir : "/tmp");
	if ((fd = mkstemp(path)) >= 0)
		created = 1;
	if (fd < 0 || (f = fdopen(fd, "w+b")) == NULL) {
		log_warn("%s: temporary file %s", __func__, path);
		http_error(req, resp, 500, "internal", "temporary file", NULL);
		goto out;
	}
	fd = -1;
	if (fmt == FMT_XLSX)
		w = export_xlsx_new(path, tmpdir && *tmpdir ? tmpdir : "/tmp");
	else if (fmt == FMT_CSV)
		w = export_csv_new(f, o.sheet, o.delimiter);
	else
		w = export_json_new(f);
	if (w == NULL) {
		http_error(req, resp, 500, "internal", "export writer", NULL);
		goto out;
	}
	erc = export_campaign(st, slug, &o.filter, now, w);
	export_writer_free(w);
	switch (erc) {
	case EXPORT_OK: break;
	case EXPORT_NOTFOUND: http_error(req, resp, 404, "not_found", "Такой кампании нет.", NULL); goto out;
	case EXPORT_UNAVAILABLE: web_store_error(req, resp, STORE_UNAVAILABLE); goto out;
	case EXPORT_STORE_FAILED: web_store_error(req, resp, STORE_ERROR); goto out;
	case EXPORT_WRITE_FAILED:
		http_error(req, resp, 500, "export_failed", "Не удалось записать файл выгрузки.", NULL);
		goto out;
	default: abort();
	}
	if (fmt == FMT_XLSX) {
		/* libxlsxwriter wrote the file by its name: read what is there now. */
		fclose(f);
		f = fopen(path, "rb");
	}
	if (f == NULL || read_body(f, resp) < 0) {
		if (errno == E2BIG) {
			buf_reset(&resp->body);
			http_error(
				req, resp, 413, "export_too_large",
				"Выгрузка больше 64 МиБ: получите её командой svodka export (см. docs/export.md).",
				NULL);
		} else {
			log_warn("%s: reading %s", __func__, path);
			http_error(req, resp, 500, "internal", "reading the export", NULL);
		}
		goto out;
	}
	resp->status = 200;
	resp->content_type = types[fmt];
	disposition(req, resp, slug, json_string_value(json_object_get(doc, "title")) ?: slug,
		    json_string_value(json_object_get(doc, "time_zone")), fmt, o.sheet, now, NULL);
	web_no_store(req, resp);
	audit(req, slug, fmt, &o);
out:
	if (f)
		fclose(f);
	if (fd >= 0)
		close(fd);
	if (created)
		(void)unlink(path);
	if (slot)
		atomic_fetch_sub(&running, 1);
}

/* GET …/summary.xlsx: 200 the workbook; 400 bad filter; 403 (guard); 404 no campaign; 413; 503 busy. */
void
exports_xlsx(struct http_request *req, struct http_response *resp)
{
	run(req, resp, FMT_XLSX);
}

/* GET …/summary.csv[?sheet=…&delimiter=comma]: 200 one sheet as CSV; statuses as for XLSX. */
void
exports_csv(struct http_request *req, struct http_response *resp)
{
	run(req, resp, FMT_CSV);
}

/* GET …/summary.json: 200 the whole summary as JSON; statuses as for XLSX. */
void
exports_json(struct http_request *req, struct http_response *resp)
{
	run(req, resp, FMT_JSON);
}

/*
 * The contest's inputs of the protocol: accepted entries, jurors, scores
 * and their ranking (new references); -1 after answering a store error.
 */
static int
protocol_inputs(struct http_request *req, struct http_response *resp, const char *slug, const json_t *contest,
		json_t **in)
{
	struct store_contest_filter f = {.status = "accepted"};
	enum store_rc rc;

	in[0] = in[1] = in[2] = in[3] = NULL;
	if ((rc = store_contest_entry_list(web_store(), slug, &f, &in[0], NULL)) != STORE_OK ||
	    (rc = store_contest_juror_list(web_store(), slug, &in[1])) != STORE_OK ||
	    (rc = store_contest_scores(web_store(), slug, &in[2])) != STORE_OK ||
	    (in[3] = contest_rank(contest, in[0], in[2])) == NULL) {
		for (int i = 0; i < 4; i++)
			json_decref(in[i]);
		web_store_error(req, resp, rc == STORE_OK ? STORE_ERROR : rc);
		return -1;
	}
	for (int i = 0; i < 4; i++)
		web_keep(req, in[i]);
	return 0;
}

/* GET /admin/campaigns/{slug}/contest/protocol.xlsx: the jury's protocol (export_contest_protocol). */
void
exports_contest_protocol(struct http_request *req, struct http_response *resp)
{
	const char *tmpdir = getenv("TMPDIR"), *slug;
	const json_t *contest;
	struct export_writer *w = NULL;
	json_t *campaign, *in[4];
	int64_t now = web_now();
	char *path;
	FILE *f = NULL;
	int fd, rc;

	if ((campaign = web_contest_campaign(req, resp, &contest)) == NULL)
		return;
	slug = jx_get_str(campaign, "slug");
	if (protocol_inputs(req, resp, slug, contest, in) < 0)
		return;
	path = arena_printf(req->arena, "%s/svodka-protocol-XXXXXX", tmpdir && *tmpdir ? tmpdir : "/tmp");
	if ((fd = mkstemp(path)) < 0) {
		log_warn("%s: temporary file %s", __func__, path);
		http_error(req, resp, 500, "internal", "temporary file", NULL);
		return;
	}
	close(fd);
	if ((w = export_xlsx_new(path, tmpdir && *tmpdir ? tmpdir : "/tmp")) == NULL) {
		http_error(req, resp, 500, "internal", "export writer", NULL);
		goto out;
	}
	rc = export_contest_protocol(campaign, in[0], in[1], in[2], in[3], now, w);
	export_writer_free(w);
	if (rc < 0 || (f = fopen(path, "rb")) == NULL || read_body(f, resp) < 0) {
		buf_reset(&resp->body);
		http_error(req, resp, 500, "export_failed", "Не удалось записать протокол.", NULL);
		goto out;
	}
	resp->status = 200;
	resp->content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
	disposition(req, resp, slug, jx_get_str(campaign, "title") ?: slug, jx_get_str(campaign, "time_zone"),
		    FMT_XLSX, EXPORT_SUMMARY, now, "Протокол жюри");
	web_no_store(req, resp);
out:
	if (f)
		fclose(f);
	(void)unlink(path);
}
