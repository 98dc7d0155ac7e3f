/*
 * cli_contest: `svodka purge`, the erasure of a contest's personal data
 * before its retention runs out (the worker does it by itself then):
 *
 *   svodka purge --db URL --campaign SLUG [--ground TEXT]
 *
 * Erases what store_contest_purge erases, keeps the anonymous statistics,
 * writes the destruction record (by the operator: no user) and an audit
 * event, in one transaction, and prints the record. Running it again
 * erases nothing new and writes a record of 0 entries.
 * Exit status: 0 purged, 1 runtime failure (no such campaign or contest,
 * database), 2 usage error.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cli.h"
#include "domain/contest.h"
#include "store/store.h"
#include "util/jsonx.h"

#define DEFAULT_GROUND                                                                                                                                              \
	"Решение оператора: цели обработки достигнуты (ч. 7 ст. 5, ч. 4 ст. 21 Федерального закона " \
	"№ 152-ФЗ)"

static const char help[] =
	"usage: svodka purge --db URL --campaign SLUG [--ground TEXT]\n"
	"\n"
	"Erases the personal data of the campaign's video contest (names, birth dates,\n"
	"contacts, schools, captions, video links, titles and descriptions, the contest's\n"
	"mail), keeps the anonymous statistics (counts by municipality, nomination, age\n"
	"and status) and writes a destruction record, which the admin pages show and\n"
	"export. --ground: the ground written in the record (default: the purposes of\n"
	"processing are achieved, 152-FZ art. 5 part 7). The worker purges by itself\n"
	"the contest's retention days after the results are published.\n";

int
cli_purge(int argc, char **argv)
{
	static const struct option opts[] = {{"db", required_argument, NULL, 'd'},
					     {"campaign", required_argument, NULL, 'c'},
					     {"ground", required_argument, NULL, 'g'},
					     {"help", no_argument, NULL, 'h'},
					     {NULL, 0, NULL, 0}};
	const char *db = NULL, *slug = NULL, *ground = DEFAULT_GROUND;
	json_t *campaign = NULL, *rec = NULL;
	struct store *st = NULL;
	enum store_rc src;
	int c, rc;

	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 'd': db = optarg; break;
		case 'c': slug = optarg; break;
		case 'g': ground = optarg; break;
		case 'h': fputs(help, stdout); return 0;
		default: return cli_usage_error("unknown option %s", argv[optind - 1]);
		}
	}
	if (optind < argc)
		return cli_usage_error("unexpected argument %s", argv[optind]);
	if (slug == NULL || *slug == '\0')
		return cli_usage_error("--campaign SLUG is required");
	if (*ground == '\0' || strlen(ground) > 1000)
		return cli_usage_error("--ground must be 1 to 1000 bytes");
	if ((rc = cli_open_store(cli_db_url(db), &st, 1)) != 0)
		return rc;
	if ((src = store_begin(st, 1)) != STORE_OK)
		goto fail;
	if ((src = store_campaign_get(st, slug, &campaign)) != STORE_OK) {
		store_rollback(st);
		store_close(st);
		return src == STORE_NOTFOUND ? cli_fail("no campaign %s", slug) : cli_fail("database error");
	}
	if (contest_block(campaign) == NULL) {
		json_decref(campaign);
		store_rollback(st);
		store_close(st);
		return cli_fail("campaign %s has no contest", slug);
	}
	if ((src = store_contest_purge(st, slug, 0, ground, (int64_t)time(NULL), &rec)) != STORE_OK ||
	    (src = cli_audit(st, "contest.purge", "contest", slug,
			     json_pack("{s:s, s:O}", "ground", ground, "records",
				       json_object_get(rec, "records")))) != STORE_OK ||
	    (src = store_commit(st)) != STORE_OK)
		goto fail;
	printf("purge: %s: personal data of %lld entries erased; destruction record %lld written\n", slug,
	       (long long)json_integer_value(json_object_get(rec, "records")),
	       (long long)json_integer_value(json_object_get(rec, "id")));
	json_decref(rec);
	json_decref(campaign);
	store_close(st);
	return 0;
fail:
	store_rollback(st);
	json_decref(rec);
	json_decref(campaign);
	store_close(st);
	return cli_fail("purge failed: database error %d; nothing was erased", src);
}
