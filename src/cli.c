/*
 * cli: what the commands share (see cli.h): the command's name in every
 * message, usage and failure lines, --db, opening the store and auditing.
 */
#include "cli.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "util/seal.h"

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

int
cli_key(const char *key_opt, const char *db_url, int create)
{
	const char *env = getenv("SVODKA_KEY_FILE");
	char *def = NULL, err[512];
	const char *path = key_opt ? key_opt : env && *env ? env : NULL;
	struct seal *s = NULL;
	int ret = 0;

	if (path == NULL) {
		if (db_url == NULL || *db_url == '\0')
			return cli_usage_error("no database: give --db FILE or set SVODKA_DB");
		if ((def = seal_default_path(db_url)) == NULL)
			return cli_usage_error(
				"a PostgreSQL database needs --key-file FILE (or SVODKA_KEY_FILE), "
				"the same file on every instance");
		path = def;
	}
	if (create && access(path, F_OK) != 0) {
		if (seal_key_create(path) == 0) {
			printf("key: created %s (mode 0600); keep it with the database's backups\n", path);
		} else if (errno != EEXIST) { /* EEXIST: another instance has just made it */
			ret = cli_fail("cannot create the key file %s: %s", path, strerror(errno));
			goto out;
		}
	}
	if (seal_key_load(path, &s, err, sizeof(err)) < 0) {
		ret = cli_fail("%s", err);
		goto out;
	}
	seal_set_global(s);
out:
	free(def);
	return ret;
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
