/*
 * sqlite_commit: the yardstick for bench/contest.sh — the bare rate of
 * one-row commits into SQLite with the settings svodka's store uses (WAL,
 * synchronous=FULL), on the same disk, for SECONDS: one prepared INSERT of
 * a row about the size of a contest entry (about 1.5 KB of text) in its own
 * transaction, again and again. No HTTP, no JSON, no checks, no crypto:
 * what an entry costs beyond this is svodka's own.
 *
 * Usage: sqlite_commit DB_FILE SECONDS
 * Prints "commits N seconds S per_second R".
 */
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static double
now_seconds(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int
run(sqlite3 *db, const char *sql)
{
	char *err = NULL;

	if (sqlite3_exec(db, sql, NULL, NULL, &err) != SQLITE_OK) {
		fprintf(stderr, "sqlite_commit: %s: %s\n", sql, err ? err : "?");
		sqlite3_free(err);
		return -1;
	}
	return 0;
}

int
main(int argc, char **argv)
{
	sqlite3 *db;
	sqlite3_stmt *ins;
	char payload[1536];
	double secs, start, elapsed;
	long n = 0;

	if (argc != 3 || (secs = atof(argv[2])) <= 0) {
		fprintf(stderr, "usage: sqlite_commit DB_FILE SECONDS\n");
		return 2;
	}
	memset(payload, 'x', sizeof payload - 1);
	payload[sizeof payload - 1] = '\0';
	if (sqlite3_open(argv[1], &db) != SQLITE_OK)
		return 1;
	if (run(db, "PRAGMA journal_mode=WAL") || run(db, "PRAGMA synchronous=FULL") ||
	    run(db,
		"CREATE TABLE IF NOT EXISTS t (id INTEGER PRIMARY KEY, k TEXT UNIQUE, v TEXT, at INTEGER)"))
		return 1;
	if (sqlite3_prepare_v2(db, "INSERT INTO t (k, v, at) VALUES (?1, ?2, ?3)", -1, &ins, NULL) !=
	    SQLITE_OK)
		return 1;
	start = now_seconds();
	do {
		char key[32];

		snprintf(key, sizeof key, "k%ld", n);
		if (run(db, "BEGIN IMMEDIATE"))
			return 1;
		sqlite3_bind_text(ins, 1, key, -1, SQLITE_TRANSIENT);
		sqlite3_bind_text(ins, 2, payload, -1, SQLITE_STATIC);
		sqlite3_bind_int64(ins, 3, (sqlite3_int64)n);
		if (sqlite3_step(ins) != SQLITE_DONE) {
			fprintf(stderr, "sqlite_commit: insert: %s\n", sqlite3_errmsg(db));
			return 1;
		}
		sqlite3_reset(ins);
		if (run(db, "COMMIT"))
			return 1;
		n++;
		elapsed = now_seconds() - start;
	} while (elapsed < secs);
	printf("commits %ld seconds %.2f per_second %.1f\n", n, elapsed, (double)n / elapsed);
	sqlite3_finalize(ins);
	sqlite3_close(db);
	return 0;
}
