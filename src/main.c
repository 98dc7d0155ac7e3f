/*
 * main: svodka's command line. Each command parses its own options, opens
 * the store and does one job:
 *   init      create or migrate the database, load the region and the campaigns in data/
 *   migrate   bring the schema up to date
 *   serve     run the web server (cli_serve.c)
 *   user      add, list, disable users, set a password or an e-mail address (cli_user.c)
 *   backup    online copy of a SQLite database
 *   export    the consolidated summary as a file (cli_export.c)
 *   demo      plausible reports for a demonstration (cli_demo.c)
 *   purge     erase a contest's personal data (cli_contest.c)
 * This file dispatches and holds init, migrate and backup; what the
 * commands share is cli.c's.
 * Exit status: 0 done, 1 runtime failure, 2 usage error (with a one-line reason).
 */
#include <getopt.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"
#include "domain/campaign.h"
#include "domain/orgunit.h"
#include "store/store.h"
#include "util/seal.h"
#include "view/assets.h"

static const char main_help[] =
	"usage: svodka COMMAND [OPTIONS]\n"
	"\n"
	"svodka runs a regional campaign through its municipalities: reports, review,\n"
	"and the consolidated summary.\n"
	"\n"
	"commands:\n"
	"  init      create or migrate the database and load data/ (region, campaigns)\n"
	"  migrate   bring the database schema up to date\n"
	"  serve     serve the web interface and the API\n"
	"  user      add | list | disable | enable | passwd\n"
	"  backup    online copy of a SQLite database\n"
	"  export    the consolidated summary of a campaign as XLSX, CSV or JSON\n"
	"  demo      fill a campaign with plausible reports (never on a real deployment)\n"
	"  purge     erase the personal data of a campaign's contest, with a destruction record\n"
	"\n"
	"Every command that touches data takes --db URL or reads SVODKA_DB: a file\n"
	"path or sqlite:PATH (SQLite), or postgres://USER:PASS@HOST:PORT/DB\n"
	"(PostgreSQL). 'svodka COMMAND --help' tells more.\n";

/* Finds a built-in data file by path, e.g. "data/charter-2022.json". */
static const struct view_asset *
data_file(const char *path)
{
	size_t i;

	for (i = 0; i < view_nassets; i++)
		if (strcmp(view_assets[i].path, path) == 0)
			return &view_assets[i];
	return NULL;
}

/* Loads the region and its municipalities; inserts only what is new. */
static int
load_org_units(struct store *st, int *added)
{
	const struct view_asset *csv = data_file("data/primorsky-municipalities.csv");
	const struct view_asset *rj = data_file("data/region.json");
	json_t *region = NULL, *clean = NULL, *units = NULL, *u;
	struct store_org_unit ou;
	struct orgunit_error err;
	json_error_t jerr;
	size_t i;
	int ins, ret = -1;

	if (csv == NULL || rj == NULL) {
		fprintf(stderr, "svodka: init: data files missing from the build\n");
		return -1;
	}
	if ((region = json_loadb((const char *)rj->data, rj->len, 0, &jerr)) == NULL) {
		fprintf(stderr, "svodka: init: data/region.json: %s\n", jerr.text);
		goto out;
	}
	if (orgunit_csv_parse((const char *)csv->data, csv->len, &units, &err) < 0) {
		fprintf(stderr, "svodka: init: data/primorsky-municipalities.csv: %s\n", err.message);
		goto out;
	}
	if (orgunit_validate(region, 1, &clean, &err) < 0) {
		fprintf(stderr, "svodka: init: data/region.json: %s\n", err.message);
		goto out;
	}
	ou = (struct store_org_unit){
		.code = json_string_value(json_object_get(clean, "code")),
		.name = json_string_value(json_object_get(clean, "name")),
		.kind = "region",
		.centre = *json_string_value(json_object_get(clean, "centre"))
				  ? json_string_value(json_object_get(clean, "centre"))
				  : NULL,
	};
	if (store_org_unit_ensure(st, &ou, &ins) != STORE_OK)
		goto out;
	if (ins && cli_audit(st, "org_unit.create", "org_unit", ou.code, NULL) != STORE_OK)
		goto out;
	*added += ins;
	json_array_foreach(units, i, u)
	{
		ou = (struct store_org_unit){
			.code = json_string_value(json_object_get(u, "code")),
			.parent = json_string_value(json_object_get(clean, "code")),
			.name = json_string_value(json_object_get(u, "name")),
			.kind = json_string_value(json_object_get(u, "kind")),
			.centre = json_string_value(json_object_get(u, "centre")),
		};
		if (store_org_unit_ensure(st, &ou, &ins) != STORE_OK)
			goto out;
		if (ins && cli_audit(st, "org_unit.create", "org_unit", ou.code, NULL) != STORE_OK)
			goto out;
		*added += ins;
	}
	ret = 0;
out:
	json_decref(region);
	json_decref(clean);
	json_decref(units);
	return ret;
}

/* Validates and loads every built-in campaign file (data/ *.json but region.json). */
static int
load_campaigns(struct store *st, int *added)
{
	json_t *doc, *clean;
	json_error_t jerr;
	struct campaign_error err;
	char zone[512];
	struct stat sb;
	const char *tz;
	size_t i, n;
	int ins;

	for (i = 0; i < view_nassets; i++) {
		const char *p = view_assets[i].path;

		n = strlen(p);
		if (strncmp(p, "data/", 5) != 0 || n < 6 || strcmp(p + n - 5, ".json") != 0 ||
		    strcmp(p, "data/region.json") == 0)
			continue;
		if ((doc = json_loadb((const char *)view_assets[i].data, view_assets[i].len, 0, &jerr)) ==
		    NULL) {
			fprintf(stderr, "svodka: init: %s: line %d: %s\n", p, jerr.line, jerr.text);
			return -1;
		}
		clean = NULL;
		if (campaign_validate(doc, &clean, &err) < 0) {
			fprintf(stderr, "svodka: init: %s: %s\n", p, err.message);
			json_decref(doc);
			return -1;
		}
		json_decref(doc);
		tz = json_string_value(json_object_get(clean, "time_zone"));
		if (snprintf(zone, sizeof(zone), "/usr/share/zoneinfo/%s", tz) >= (int)sizeof(zone) ||
		    stat(zone, &sb) < 0) {
			fprintf(stderr,
				"svodka: init: %s: time_zone: unknown time zone %s (is tzdata installed?)\n",
				p, tz);
			json_decref(clean);
			return -1;
		}
		if (store_campaign_ensure(st, clean, (int64_t)time(NULL), &ins) != STORE_OK ||
		    (ins && cli_audit(st, "campaign.create", "campaign",
				      json_string_value(json_object_get(clean, "slug")), NULL) != STORE_OK)) {
			json_decref(clean);
			return -1;
		}
		*added += ins;
		json_decref(clean);
	}
	return 0;
}

static int
cmd_migrate_or_init(int argc, char **argv, int load)
{
	static const struct option opts[] = {{"db", required_argument, NULL, 'd'},
					     {"key-file", required_argument, NULL, 'k'},
					     {"help", no_argument, NULL, 'h'},
					     {NULL, 0, NULL, 0}};
	const char *db = NULL, *key = NULL;
	struct store *st = NULL;
	int c, from = 0, to = 0, added = 0, rc;
	enum store_rc src;

	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 'd': db = optarg; break;
		case 'k': key = optarg; break;
		case 'h':
			printf("usage: svodka %s --db FILE%s\n\n%s", cli_command(),
			       load ? " [--key-file FILE]" : "",
			       load ? "Creates the database or brings its schema up to date, then loads the\n"
				      "region's municipalities and the campaigns from data/. Running it again\n"
				      "leaves the same state: what exists is kept as it is. Creates svodka's key\n"
				      "(mode 0600) unless it exists: --key-file FILE (SVODKA_KEY_FILE), by default\n"
				      "beside a SQLite database (DB.key); required on PostgreSQL.\n"
				    : "Brings the database schema up to date. Refuses a database made by a\n"
				      "newer svodka.\n");
			return 0;
		default: return cli_usage_error("unknown option %s", argv[optind - 1]);
		}
	}
	if (optind < argc)
		return cli_usage_error("unexpected argument %s", argv[optind]);
	if (load && (rc = cli_key(key, cli_db_url(db), 1)) != 0)
		return rc;
	seal_set_global(NULL); /* init only makes sure the key exists and loads */
	if ((rc = cli_open_store(cli_db_url(db), &st, 0)) != 0)
		return rc;
	src = store_migrate(st, &from, &to);
	if (src == STORE_TOONEW) {
		store_close(st);
		return cli_fail(
			"the database was made by a newer svodka (its schema is newer than this binary); "
			"upgrade svodka");
	}
	if (src != STORE_OK) {
		store_close(st);
		return cli_fail("migration failed");
	}
	if (from != to)
		printf("schema: migrated from version %d to %d\n", from, to);
	else
		printf("schema: at version %d\n", to);
	if (load) {
		if (store_begin(st, 1) != STORE_OK || load_org_units(st, &added) < 0 ||
		    load_campaigns(st, &added) < 0 || store_commit(st) != STORE_OK) {
			store_rollback(st);
			store_close(st);
			return cli_fail("loading data/ failed; nothing was loaded");
		}
		printf("data: %d new records loaded\n", added);
	}
	store_close(st);
	return 0;
}

static int
cmd_backup(int argc, char **argv)
{
	static const struct option opts[] = {{"db", required_argument, NULL, 'd'},
					     {"out", required_argument, NULL, 'o'},
					     {"help", no_argument, NULL, 'h'},
					     {NULL, 0, NULL, 0}};
	const char *db = NULL, *out = NULL;
	struct store *st = NULL;
	int c, rc;

	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 'd': db = optarg; break;
		case 'o': out = optarg; break;
		case 'h':
			printf("usage: svodka backup --db FILE --out FILE\n\n"
			       "Copies a SQLite database online: consistent while svodka serves it.\n"
			       "For PostgreSQL use pg_dump (see docs/deploy.md).\n");
			return 0;
		default: return cli_usage_error("unknown option %s", argv[optind - 1]);
		}
	}
	if (out == NULL)
		return cli_usage_error("--out FILE is required");
	if (access(out, F_OK) == 0)
		return cli_fail("%s exists; choose a new file", out);
	if ((rc = cli_open_store(cli_db_url(db), &st, 0)) != 0)
		return rc;
	if (store_backup(st, out) != STORE_OK) {
		store_close(st);
		return cli_fail("backup to %s failed", out);
	}
	store_close(st);
	printf("backup: written to %s\n", out);
	return 0;
}

int
main(int argc, char **argv)
{
	const char *cmd;

	if (sodium_init() < 0) {
		fprintf(stderr, "svodka: libsodium failed to initialise\n");
		return EXIT_FAILURE;
	}
	if (argc < 2)
		return cli_usage_error("missing command: init, migrate, serve, user or backup");
	cmd = argv[1];
	if (strcmp(cmd, "--help") == 0 || strcmp(cmd, "-h") == 0 || strcmp(cmd, "help") == 0) {
		fputs(main_help, stdout);
		return 0;
	}
	if (strcmp(cmd, "--version") == 0 || strcmp(cmd, "-V") == 0) {
		printf("svodka %s\n", SVODKA_VERSION);
		return 0;
	}
	cli_command_set(cmd);
	opterr = 0; /* usage_error says it, on one line */
	argc--;
	argv++;
	if (strcmp(cmd, "init") == 0)
		return cmd_migrate_or_init(argc, argv, 1);
	if (strcmp(cmd, "migrate") == 0)
		return cmd_migrate_or_init(argc, argv, 0);
	if (strcmp(cmd, "serve") == 0)
		return cli_serve(argc, argv);
	if (strcmp(cmd, "user") == 0)
		return cli_user(argc, argv);
	if (strcmp(cmd, "backup") == 0)
		return cmd_backup(argc, argv);
	if (strcmp(cmd, "export") == 0)
		return cli_export(argc, argv);
	if (strcmp(cmd, "demo") == 0)
		return cli_demo(argc, argv);
	if (strcmp(cmd, "purge") == 0)
		return cli_purge(argc, argv);
	cli_command_set("svodka");
	return cli_usage_error("unknown command %s", cmd);
}
