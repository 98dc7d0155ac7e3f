/*
 * cli: what the commands share (see cli.h): the command's name in every
 * message, usage and failure lines, --db, opening the store and auditing.
 */
#include "cli.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static const char *cmd_name = "svodka";

void
cli_command_set(const char *name)
{
	cmd_name = name;
}

const char *
cli_command(void)
{
	return cmd_name;
}

int
cli_usage_error(const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "svodka: %s: ", cmd_name);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	if (strcmp(cmd_name, "svodka") == 0)
		fprintf(stderr, " (see svodka --help)\n");
	else
		fprintf(stderr, " (see svodka %s --help)\n", cmd_name);
	return CLI_EXIT_USAGE;
}

int
cli_fail(const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "svodka: %s: ", cmd_name);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	return EXIT_FAILURE;
}

const char *
cli_db_url(const char *opt)
{
	return opt ? opt : getenv("SVODKA_DB");
}

enum store_rc
cli_audit(struct store *st, const char *action, const char *entity, const char *id, json_t *detail)
{
	struct store_audit_event e = {.action = action,
				      .entity = entity,
				      .entity_id = id,
				      .detail = detail,
				      .at = (int64_t)time(NULL)};
	enum store_rc rc = store_audit_add(st, &e);

	json_decref(detail);
	return rc;
}

int
cli_open_store(const char *url, struct store **st, int need_current)
{
	int v = 0;

	if (url == NULL || *url == '\0')
		return cli_usage_error("no database: give --db FILE or set SVODKA_DB");
	if (store_open(url, st) != STORE_OK)
		return cli_fail("cannot open the database %s", url);
	if (need_current) {
		if (store_schema_version(*st, &v) != STORE_OK) {
			store_close(*st);
			return cli_fail("cannot read the schema version of %s", url);
		}
		if (v != store_schema_latest()) {
			store_close(*st);
			fprintf(stderr,
				"svodka: %s: the database is at schema version %d, this binary needs %d; "
				"run 'svodka init' or 'svodka migrate' first\n",
				cmd_name, v, store_schema_latest());
			return EXIT_FAILURE;
		}
	}
	return 0;
}
