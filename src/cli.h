/*
 * cli: what the commands of the svodka binary share, and the commands that
 * live in files of their own (main.c dispatches to them): the name their
 * messages start with, one-line usage and failure messages, the --db
 * option, opening the store and the audit event of a command. Each command
 * returns the exit status: 0, 1 (runtime failure) or 2 (usage error, one
 * line on stderr).
 */
#ifndef SVODKA_CLI_H
#define SVODKA_CLI_H

#include <jansson.h>

#include "store/store.h"

#define CLI_EXIT_USAGE 2

/* The command messages name ("svodka: serve: ..."); "svodka" until main sets it. */
void cli_command_set(const char *name);
const char *cli_command(void);

/* Prints "svodka: CMD: reason (see svodka CMD --help)" on one line; returns 2. */
int cli_usage_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Prints "svodka: CMD: reason" on one line; returns 1. */
int cli_fail(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* The --db option (opt), else SVODKA_DB; NULL when neither is set. */
const char *cli_db_url(const char *opt);

/*
 * Opens the store at url into *st: 0, or the exit status after saying why
 * (2 without a url, 1 when it cannot be opened or, with need_current, its
 * schema is not the one this binary needs; *st is then closed).
 */
__attribute__((warn_unused_result)) int cli_open_store(const char *url, struct store **st, int need_current);

/*
 * Loads svodka's key (util/seal.h) as the process's key: from key_opt,
 * else SVODKA_KEY_FILE, else beside a SQLite database (DB.key). With
 * create, a missing file is created first (mode 0600), and said so on
 * stdout. Returns 0, or the exit status after saying why (2 on PostgreSQL
 * without a key file named, 1 when it cannot be created or loaded).
 */
__attribute__((warn_unused_result)) int cli_key(const char *key_opt, const char *db_url, int create);

/* Records a command's audit event at the real time; takes the reference to detail (may be NULL). */
__attribute__((warn_unused_result)) enum store_rc
cli_audit(struct store *st, const char *action, const char *entity, const char *id, json_t *detail);

/* svodka serve [options]: the web server and the mail worker (cli_serve.c) */
int cli_serve(int argc, char **argv);
/* svodka user add|list|disable|enable|passwd|email … (cli_user.c) */
int cli_user(int argc, char **argv);
/* svodka export --db … --campaign SLUG --format xlsx|csv|json --out FILE [filters] */
int cli_export(int argc, char **argv);
/* svodka purge --db … --campaign SLUG [--ground TEXT]: the contest's personal data (cli_contest.c) */
int cli_purge(int argc, char **argv);
/* svodka demo --db … [--campaign SLUG] [--seed N] */
int cli_demo(int argc, char **argv);

#endif
