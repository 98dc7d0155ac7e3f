/*
 * cli_export: `svodka export`, the consolidated summary of a campaign as a
 * file from the command line — the same exporter as the web's
 * …/summary.xlsx|.csv|.json, with no size cap, for national exports and
 * scripts:
 *
 *   svodka export --db URL --campaign SLUG --format xlsx|csv|json --out FILE
 *                 [--status CODE[,CODE…]]… [--kind CODE[,CODE…]]…
 *                 [--sheet svodka|activities|publications|organizations]
 *                 [--delimiter semicolon|comma]
 *
 * CSV: --out FILE writes one sheet (--sheet, default svodka); --out DIR (an
 * existing directory) writes every sheet as DIR/svodka-SLUG-<sheet>.csv.
 * A file is written under a temporary name beside the target and renamed
 * when complete, so --out never holds half an export.
 * Exit status: 0 written, 1 runtime failure (no such campaign, database,
 * disk), 2 usage error.
 */
#include <errno.h>
#include <getopt.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"
#include "export/export.h"
#include "store/store.h"
#include "util/xalloc.h"

enum fmt { FMT_XLSX, FMT_CSV, FMT_JSON };

static const char help[] =
	"usage: svodka export --db URL --campaign SLUG --format xlsx|csv|json --out FILE\n"
	"                     [--status CODE,…] [--kind CODE,…] [--sheet NAME] [--delimiter semicolon|comma]\n"
	"\n"
	"Writes the consolidated summary of a campaign: XLSX (sheets «Сводка», «Мероприятия»,\n"
	"«Публикации», «Организации»), CSV (one sheet; with --out DIR every sheet as\n"
	"DIR/svodka-SLUG-SHEET.csv) or JSON.\n"
	"\n"
	"  --status   not_started, draft, submitted, returned, accepted (repeatable)\n"
	"  --kind     urban_okrug, municipal_okrug, municipal_district (repeatable)\n"
	"  --sheet    CSV: svodka (default), activities, publications, organizations\n"
	"  --delimiter  CSV: semicolon (default, what Excel expects in a Russian locale) or comma\n";

static int
is_dir(const char *path)
{
	struct stat sb;

	return stat(path, &sb) == 0 && S_ISDIR(sb.st_mode);
}

/* The directory of path, malloc'd ("." when none). */
static char *
dir_of(const char *path)
{
	const char *slash = strrchr(path, '/');

	if (slash == NULL)
		return xstrdup(".");
	if (slash == path)
		return xstrdup("/");
	return xstrndup(path, (size_t)(slash - path));
}

static int
report(enum export_rc erc, const char *slug)
{
	switch (erc) {
	case EXPORT_OK: return 0;
	case EXPORT_NOTFOUND: return cli_fail("no campaign %s", slug);
	case EXPORT_UNAVAILABLE: return cli_fail("the database cannot be reached or is busy");
	case EXPORT_STORE_FAILED: return cli_fail("reading the database failed");
	case EXPORT_WRITE_FAILED: return cli_fail("writing the file failed");
	default: abort();
	}
}

int
cli_export(int argc, char **argv)
{
	static const struct option opts[] = {
		{"db", required_argument, NULL, 'd'},     {"campaign", required_argument, NULL, 'c'},
		{"format", required_argument, NULL, 'f'}, {"out", required_argument, NULL, 'o'},
		{"status", required_argument, NULL, 's'}, {"kind", required_argument, NULL, 'k'},
		{"sheet", required_argument, NULL, 'S'},  {"delimiter", required_argument, NULL, 'D'},
		{"help", no_argument, NULL, 'h'},         {NULL, 0, NULL, 0},
	};
	const char *db = getenv("SVODKA_DB"), *slug = NULL, *format = NULL, *out = NULL, *sheet_opt = NULL;
	struct export_filter filter = {0, 0};
	enum export_sheet_id sheet = EXPORT_SUMMARY;
	struct export_writer *w = NULL;
	struct store *st = NULL;
	char bad[64], *dir = NULL, *tmp = NULL, *prefix = NULL;
	enum fmt fmt;
	char delimiter = ';';
	FILE *f = NULL;
	int c, ret = 0, fd = -1;
	enum export_rc erc;

	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 'd': db = optarg; break;
		case 'c': slug = optarg; break;
		case 'f': format = optarg; break;
		case 'o': out = optarg; break;
		case 's':
			if (export_filter_add_status(&filter, optarg, bad, sizeof(bad)) < 0)
				return cli_usage_error(
					"unknown --status %s: use not_started, draft, submitted, returned, "
					"accepted",
					bad);
			break;
		case 'k':
			if (export_filter_add_kind(&filter, optarg, bad, sizeof(bad)) < 0)
				return cli_usage_error("unknown --kind %s: use urban_okrug, municipal_okrug, "
						       "municipal_district",
						       bad);
			break;
		case 'S':
			sheet_opt = optarg;
			if (export_sheet_parse(optarg, &sheet) < 0)
				return cli_usage_error(
					"unknown --sheet %s: use svodka, activities, publications, "
					"organizations",
					optarg);
			break;
		case 'D':
			if (strcmp(optarg, "comma") == 0 || strcmp(optarg, ",") == 0)
				delimiter = ',';
			else if (strcmp(optarg, "semicolon") == 0 || strcmp(optarg, ";") == 0)
				delimiter = ';';
			else
				return cli_usage_error("unknown --delimiter %s: use semicolon or comma",
						       optarg);
			break;
		case 'h': fputs(help, stdout); return 0;
		default: return cli_usage_error("unknown option %s", argv[optind - 1]);
		}
	}
	if (optind < argc)
		return cli_usage_error("unexpected argument %s", argv[optind]);
	if (slug == NULL)
		return cli_usage_error("--campaign SLUG is required");
	if (format == NULL)
		return cli_usage_error("--format xlsx|csv|json is required");
	if (strcmp(format, "xlsx") == 0)
		fmt = FMT_XLSX;
	else if (strcmp(format, "csv") == 0)
		fmt = FMT_CSV;
	else if (strcmp(format, "json") == 0)
		fmt = FMT_JSON;
	else
		return cli_usage_error("unknown --format %s: use xlsx, csv or json", format);
	if (out == NULL || *out == '\0')
		return cli_usage_error("--out FILE is required");
	if (fmt != FMT_CSV && (sheet_opt || delimiter != ';'))
		return cli_usage_error("--sheet and --delimiter are for --format csv");
	if (is_dir(out) && (fmt != FMT_CSV || sheet_opt))
		return cli_usage_error("%s is a directory: give a file name", out);

	if ((ret = cli_open_store(db, &st, 1)) != 0)
		return ret;

	if (fmt == FMT_CSV && is_dir(out)) {
		if (asprintf(&prefix, "svodka-%s", slug) < 0)
			abort();
		w = export_csv_dir_new(out, prefix, delimiter);
		if (w == NULL) {
			ret = cli_fail("%s: %s", out, strerror(errno));
			goto out;
		}
		ret = report(export_campaign(st, slug, &filter, (int64_t)time(NULL), w), slug);
		if (ret == 0)
			printf("export: written to %s/%s-*.csv\n", out, prefix);
		goto out;
	}

	dir = dir_of(out);
	if (asprintf(&tmp, "%s/.svodka-export-XXXXXX", dir) < 0)
		abort();
	if ((fd = mkstemp(tmp)) < 0) {
		ret = cli_fail("cannot write in %s: %s", dir, strerror(errno));
		free(tmp);
		tmp = NULL;
		goto out;
	}
	if (fmt == FMT_XLSX) {
		close(fd);
		fd = -1;
		w = export_xlsx_new(tmp, dir);
	} else {
		if ((f = fdopen(fd, "wb")) == NULL) {
			ret = cli_fail("%s: %s", tmp, strerror(errno));
			goto out;
		}
		fd = -1;
		w = fmt == FMT_CSV ? export_csv_new(f, sheet, delimiter) : export_json_new(f);
	}
	if (w == NULL) {
		ret = cli_fail("cannot write %s", tmp);
		goto out;
	}
	erc = export_campaign(st, slug, &filter, (int64_t)time(NULL), w);
	if ((ret = report(erc, slug)) != 0)
		goto out;
	if (f) {
		if (fsync(fileno(f)) != 0 || fclose(f) != 0) {
			f = NULL;
			ret = cli_fail("writing %s: %s", out, strerror(errno));
			goto out;
		}
		f = NULL;
	}
	if (rename(tmp, out) < 0) {
		ret = cli_fail("cannot write %s: %s", out, strerror(errno));
		goto out;
	}
	free(tmp);
	tmp = NULL;
	printf("export: written to %s\n", out);
out:
	export_writer_free(w);
	if (f)
		fclose(f);
	if (fd >= 0)
		close(fd);
	if (tmp) {
		(void)unlink(tmp);
		free(tmp);
	}
	free(dir);
	free(prefix);
	store_close(st);
	return ret;
}
