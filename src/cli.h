/*
 * cli: commands of the svodka binary that live in files of their own; main.c
 * dispatches to them. Each returns the exit status: 0, 1 (runtime
 * failure) or 2 (usage error, one line on stderr).
 */
#ifndef SVODKA_CLI_H
#define SVODKA_CLI_H

/* svodka export --db … --campaign SLUG --format xlsx|csv|json --out FILE [filters] */
int cli_export(int argc, char **argv);
/* svodka demo --db … [--campaign SLUG] [--seed N] */
int cli_demo(int argc, char **argv);

#endif
