/*
 * test_store: the store contract (store.h) against a real database. One
 * suite, two backends: `test_store sqlite` runs every case on a fresh
 * SQLite file in a temporary directory; `test_store postgres` runs them on
 * the PostgreSQL database at SVODKA_TEST_PG_URL (scripts/pg-cluster.sh
 * makes one), each case in a schema of its own that is dropped afterwards,
 * and fails when the variable is unset. Without an argument the variable
 * chooses. The tests speak only through store.h, except where a backend
 * hook looks underneath (raw SQL to fake a newer schema, to fill an older
 * one that store_migrate_to() built, or to check the rows a report write
 * derives; the connection's settings); the cases about lost connections
 * need a server to lose and skip on SQLite.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <arpa/inet.h>
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <libpq-fe.h>
#include <netdb.h>
#include <netinet/in.h>
#include <poll.h>
#include <pthread.h>
#include <sqlite3.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

#include "store/store.h"
#include "store/store_int.h"
#include "util/jsonx.h"

#define URL_MAX 4096

/* What the suite needs to know of a backend beyond store.h. */
struct backend_hook {
	const char *name; /* the command-line argument that picks it */
	int (*init)(void); /* once per run; -1 with a message on stderr */
	void (*fini)(void);
	/* A fresh, empty database for one test; its URL goes to url. */
	void (*fresh)(char *url, size_t n);
	/* Raw SQL on the database at url, outside the store. */
	void (*raw_exec)(const char *url, const char *sql);
	int64_t (*raw_int)(const char *url, const char *sql);
	/* Asserts the settings the backend promises on st's connection. */
	void (*check_settings)(struct store *st, const char *url);
	int has_backup;
	int begin_locks; /* store_begin(st, 1) takes the database's write lock */
};

/* SQLite: one temporary directory per run, one file per test. */

static char sqlite_dir[256];
static int sqlite_seq;

static int
sqlite_init(void)
{
	const char *tmp = getenv("TMPDIR");
	int n;

	n = snprintf(sqlite_dir, sizeof(sqlite_dir), "%s/svodka-store-XXXXXX", tmp != NULL ? tmp : "/tmp");
	if (n < 0 || (size_t)n >= sizeof(sqlite_dir))
		return -1;
	return mkdtemp(sqlite_dir) != NULL ? 0 : -1;
}

static int
rm_entry(const char *path, const struct stat *sb, int flag, struct FTW *ftw)
{
	(void)sb;
	(void)flag;
	(void)ftw;
	return remove(path);
}

static void
sqlite_fini(void)
{
	if (sqlite_dir[0] != '\0')
		nftw(sqlite_dir, rm_entry, 16, FTW_DEPTH | FTW_PHYS);
}

static void
sqlite_fresh(char *url, size_t n)
{
	int k = snprintf(url, n, "sqlite:%s/t%d.db", sqlite_dir, ++sqlite_seq);

	assert_true(k > 0 && (size_t)k < n);
}

static sqlite3 *
sqlite_raw_open(const char *url)
{
	sqlite3 *db = NULL;

	if (strncmp(url, "sqlite:", 7) == 0)
		url += 7;
	assert_int_equal(sqlite3_open_v2(url, &db, SQLITE_OPEN_READWRITE, NULL), SQLITE_OK);
	sqlite3_busy_timeout(db, 5000);
	/* Like the store's own connections, so that cascades happen. */
	assert_int_equal(sqlite3_exec(db, "PRAGMA foreign_keys=ON", NULL, NULL, NULL), SQLITE_OK);
	return db;
}

static void
sqlite_raw_exec(const char *url, const char *sql)
{
	sqlite3 *db = sqlite_raw_open(url);

	assert_int_equal(sqlite3_exec(db, sql, NULL, NULL, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_close(db), SQLITE_OK);
}

static int64_t
db_int(sqlite3 *db, const char *sql)
{
	sqlite3_stmt *stmt = NULL;
	int64_t v;

	assert_int_equal(sqlite3_prepare_v2(db, sql, -1, &stmt, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_step(stmt), SQLITE_ROW);
	v = sqlite3_column_int64(stmt, 0);
	sqlite3_finalize(stmt);
	return v;
}

static int64_t
sqlite_raw_int(const char *url, const char *sql)
{
	sqlite3 *db = sqlite_raw_open(url);
	int64_t v = db_int(db, sql);

	assert_int_equal(sqlite3_close(db), SQLITE_OK);
	return v;
}

static void
sqlite_check_settings(struct store *st, const char *url)
{
	sqlite3 *db = store_sqlite_handle(st), *raw;
	sqlite3_stmt *stmt = NULL;

	/* Per connection: on the store's own connection. */
	assert_non_null(db);
	assert_null(store_postgres_handle(st));
	assert_int_equal(db_int(db, "PRAGMA synchronous"), 2);
	assert_int_equal(db_int(db, "PRAGMA foreign_keys"), 1);
	assert_int_equal(db_int(db, "PRAGMA busy_timeout"), 5000);
	/* WAL is a property of the file: a separate raw connection sees it. */
	raw = sqlite_raw_open(url);
	assert_int_equal(sqlite3_prepare_v2(raw, "PRAGMA journal_mode", -1, &stmt, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_step(stmt), SQLITE_ROW);
	assert_string_equal((const char *)sqlite3_column_text(stmt, 0), "wal");
	sqlite3_finalize(stmt);
	assert_int_equal(sqlite3_close(raw), SQLITE_OK);
}

/*
 * PostgreSQL: the database at SVODKA_TEST_PG_URL, one schema per test
 * (svodka_test_<pid>_<n>, chosen through the URL's search_path), dropped
 * when the next test starts and at the end.
 */

static char pg_base[URL_MAX];
static char pg_schema[64];
static int pg_seq;

static PGconn *
pg_raw_open(const char *url)
{
	PGconn *c = PQconnectdb(url);

	if (PQstatus(c) != CONNECTION_OK) {
		fprintf(stderr, "test_store: connect: %s", PQerrorMessage(c));
		PQfinish(c);
		return NULL;
	}
	return c;
}

/* Runs sql; 0 or -1 with libpq's message on stderr. */
static int
pg_try_exec(const char *url, const char *sql)
{
	PGconn *c = pg_raw_open(url);
	PGresult *res;
	int ret = -1;

	if (c == NULL)
		return -1;
	res = PQexec(c, sql);
	if (PQresultStatus(res) == PGRES_COMMAND_OK || PQresultStatus(res) == PGRES_TUPLES_OK)
		ret = 0;
	else
		fprintf(stderr, "test_store: %s: %s", sql, PQresultErrorMessage(res));
	PQclear(res);
	PQfinish(c);
	return ret;
}

static void
pg_raw_exec(const char *url, const char *sql)
{
	assert_int_equal(pg_try_exec(url, sql), 0);
}

static int64_t
pg_conn_int(PGconn *c, const char *sql)
{
	PGresult *res = PQexec(c, sql);
	int64_t v;

	if (PQresultStatus(res) != PGRES_TUPLES_OK)
		fprintf(stderr, "test_store: %s: %s", sql, PQresultErrorMessage(res));
	assert_int_equal(PQresultStatus(res), PGRES_TUPLES_OK);
	assert_int_equal(PQntuples(res), 1);
	v = strtoll(PQgetvalue(res, 0, 0), NULL, 10);
	PQclear(res);
	return v;
}

static int64_t
pg_raw_int(const char *url, const char *sql)
{
	PGconn *c = pg_raw_open(url);
	int64_t v;

	assert_non_null(c);
	v = pg_conn_int(c, sql);
	PQfinish(c);
	return v;
}

static void
pg_drop_schema(void)
{
	char sql[128];
	int n;

	if (pg_schema[0] == '\0')
		return;
	n = snprintf(
		sql, sizeof(sql),
		"SET client_min_messages = warning; SET lock_timeout = '10s'; DROP SCHEMA IF EXISTS %s CASCADE",
		pg_schema);
	if (n > 0 && (size_t)n < sizeof(sql))
		(void)pg_try_exec(pg_base, sql);
	pg_schema[0] = '\0';
}

static int
pg_init(void)
{
	const char *url = getenv("SVODKA_TEST_PG_URL");
	PGconn *c;
	int n;

	if (url == NULL || *url == '\0') {
		fprintf(stderr,
			"test_store: SVODKA_TEST_PG_URL is not set; the postgres run needs a server:\n"
			"  scripts/pg-cluster.sh start /tmp/svodka-pg  (prints the URL to export)\n");
		return -1;
	}
	n = snprintf(pg_base, sizeof(pg_base), "%s", url);
	if (n < 0 || (size_t)n >= sizeof(pg_base))
		return -1;
	if ((c = pg_raw_open(pg_base)) == NULL)
		return -1;
	PQfinish(c);
	return 0;
}

static void
pg_fini(void)
{
	pg_drop_schema();
}

static void
pg_fresh(char *url, size_t n)
{
	char sql[128];
	int k;

	pg_drop_schema();
	k = snprintf(pg_schema, sizeof(pg_schema), "svodka_test_%ld_%d", (long)getpid(), ++pg_seq);
	assert_true(k > 0 && (size_t)k < sizeof(pg_schema));
	k = snprintf(sql, sizeof(sql), "CREATE SCHEMA %s", pg_schema);
	assert_true(k > 0 && (size_t)k < sizeof(sql));
	pg_raw_exec(pg_base, sql);
	k = snprintf(url, n, "%s%coptions=-csearch_path%%3D%s", pg_base, strchr(pg_base, '?') ? '&' : '?',
		     pg_schema);
	assert_true(k > 0 && (size_t)k < n);
}

static void
pg_expect_setting(PGconn *c, const char *sql, const char *want)
{
	PGresult *res = PQexec(c, sql);

	assert_int_equal(PQresultStatus(res), PGRES_TUPLES_OK);
	assert_string_equal(PQgetvalue(res, 0, 0), want);
	PQclear(res);
}

static void
pg_check_settings(struct store *st, const char *url)
{
	PGconn *c = store_postgres_handle(st);

	(void)url;
	assert_non_null(c);
	assert_null(store_sqlite_handle(st));
	pg_expect_setting(c, "SHOW TimeZone", "UTC");
	pg_expect_setting(c, "SHOW client_encoding", "UTF8");
	pg_expect_setting(c, "SHOW server_encoding", "UTF8");
	pg_expect_setting(c, "SHOW application_name", "svodka");
	pg_expect_setting(c, "SHOW statement_timeout", "30s");
	pg_expect_setting(c, "SHOW lock_timeout", "5s");
	pg_expect_setting(c, "SHOW transaction_isolation", "read committed");
	/* Lists sort as on SQLite only in a bytewise-collating database (docs/store.md). */
	pg_expect_setting(c, "SELECT datcollate FROM pg_database WHERE datname = current_database()", "C");
}

static const struct backend_hook hooks[] = {
	{"sqlite", sqlite_init, sqlite_fini, sqlite_fresh, sqlite_raw_exec, sqlite_raw_int,
	 sqlite_check_settings, 1, 1},
	{"postgres", pg_init, pg_fini, pg_fresh, pg_raw_exec, pg_raw_int, pg_check_settings, 0, 0},
};

static const struct backend_hook *hook;

/* The fixture every test gets: a fresh database, open, migrated or not. */
struct fx {
	char url[URL_MAX];
	struct store *st;
};

static int
suite_setup(void **state)
{
	(void)state;
	return hook->init();
}

static int
suite_teardown(void **state)
{
	(void)state;
	hook->fini();
	return 0;
}

static int teardown(void **state);

static int
setup_empty(void **state)
{
	struct fx *f = calloc(1, sizeof(*f));

	assert_non_null(f);
	hook->fresh(f->url, sizeof(f->url));
	assert_int_equal(store_open(f->url, &f->st), STORE_OK);
	*state = f;
	return 0;
}

static int
setup(void **state)
{
	struct fx *f;

	setup_empty(state);
	f = *state;
	if (store_migrate(f->st, NULL, NULL) != STORE_OK) {
		teardown(state);
		return -1;
	}
	return 0;
}

static int
teardown(void **state)
{
	struct fx *f = *state;

	store_close(f->st);
	free(f);
	return 0;
}

/* Helpers. */

static int64_t
add_user(struct store *st, const char *login, const char *role, const char *org_unit)
{
	struct store_user_new u = {login, "Имя", role, org_unit, NULL, "$argon2id$hash-of-" /* fake */, 1000};
	int64_t id = 0;

	assert_int_equal(store_user_add(st, &u, &id), STORE_OK);
	assert_true(id > 0);
	return id;
}

static void
add_unit(struct store *st, const char *code, const char *parent, const char *name, const char *kind)
{
	struct store_org_unit u = {code, parent, name, kind, "центр", NULL, NULL};
	int inserted = 0;

	assert_int_equal(store_org_unit_ensure(st, &u, &inserted), STORE_OK);
	assert_int_equal(inserted, 1);
}

static const char *
jstr(json_t *o, const char *key)
{
	return json_string_value(json_object_get(o, key));
}

static json_int_t
jint(json_t *o, const char *key)
{
	json_t *v = json_object_get(o, key);

	assert_true(json_is_integer(v));
	return json_integer_value(v);
}

static const char TOKEN_A[] = "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";
static const char TOKEN_B[] = "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb";
static const char TOKEN_C[] = "cccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccc";

static void
add_session(struct store *st, const char *token, int64_t user_id, int64_t now, int64_t idle, int64_t absolute)
{
	struct store_session_new s = {token, user_id, "csrf-token", now, idle, absolute, "192.0.2.1"};

	assert_int_equal(store_session_create(st, &s), STORE_OK);
}

/* Opening. */

static double
now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Reads everything written to fp (a tmpfile() that stood in for stderr). */
static char *
slurp(FILE *fp)
{
	static char text[65536];
	size_t n;

	rewind(fp);
	n = fread(text, 1, sizeof(text) - 1, fp);
	text[n] = '\0';
	return text;
}

static void
test_open_bad_urls(void **state)
{
	struct store *st = (struct store *)1;
	unsigned long before = store_errors_total();
	FILE *log = tmpfile();
	int saved;
	double t0;
	const char *text;

	(void)state;
	assert_non_null(log);
	assert_int_equal(store_open("", &st), STORE_ERROR);
	assert_null(st);
	assert_int_equal(store_open("sqlite:", &st), STORE_ERROR);
	assert_int_equal(store_open("/nonexistent-dir-svodka/x/db.sqlite", &st), STORE_UNAVAILABLE);
	assert_null(st);

	/* PostgreSQL URLs: the password never reaches the log. */
	fflush(stderr);
	saved = dup(2);
	assert_true(saved >= 0);
	assert_int_equal(dup2(fileno(log), 2), 2);
	t0 = now_s();
	/* Nothing listens on port 1: refused at once. */
	st = (struct store *)1;
	assert_int_equal(store_open("postgres://u:secret-pw@127.0.0.1:1/db", &st), STORE_UNAVAILABLE);
	assert_null(st);
	assert_int_equal(store_open("postgresql://u:secret-pw@127.0.0.1:1/db?sslmode=disable", &st),
			 STORE_UNAVAILABLE);
	assert_true(now_s() - t0 < 5);
	/* Malformed: a bad escape in the password, an unknown parameter. */
	assert_int_equal(store_open("postgres://u:secret-pw%zz@127.0.0.1:1/db", &st), STORE_ERROR);
	assert_int_equal(store_open("postgres://u:secret-pw@127.0.0.1:1/db?nosuch=secret-pw", &st),
			 STORE_ERROR);
	assert_null(st);
	fflush(stderr);
	assert_int_equal(dup2(saved, 2), 2);
	close(saved);
	text = slurp(log);
	fclose(log);
	assert_null(strstr(text, "secret-pw"));
	assert_non_null(strstr(text, "127.0.0.1:1/db")); /* host, port and database are */
	assert_non_null(strstr(text, "malformed postgres url"));
	assert_true(store_errors_total() >= before + 7);
}

static void
test_open_not_a_database(void **state)
{
	char path[URL_MAX];
	struct store *st = NULL;
	FILE *fp;
	int n;

	(void)state;
	if (strcmp(hook->name, "sqlite") != 0)
		skip();
	n = snprintf(path, sizeof(path), "%s/garbage.db", sqlite_dir);
	assert_true(n > 0 && (size_t)n < sizeof(path));
	fp = fopen(path, "w");
	assert_non_null(fp);
	fputs("this is not an sqlite database, not at all, and it is long enough to have a header", fp);
	fclose(fp);
	assert_int_equal(store_open(path, &st), STORE_ERROR);
	assert_null(st);
}

static void
test_settings(void **state)
{
	struct fx *f = *state;

	hook->check_settings(f->st, f->url);
	assert_int_equal(store_ping(f->st), STORE_OK);
}

/* Migrations. */

static void
test_migrate_empty(void **state)
{
	struct fx *f = *state;
	int v = -1, from = -1, to = -1;

	assert_true(store_schema_latest() >= 1);
	assert_int_equal(store_schema_version(f->st, &v), STORE_OK);
	assert_int_equal(v, 0);
	assert_int_equal(store_migrate(f->st, &from, &to), STORE_OK);
	assert_int_equal(from, 0);
	assert_int_equal(to, store_schema_latest());
	assert_int_equal(store_schema_version(f->st, &v), STORE_OK);
	assert_int_equal(v, store_schema_latest());
}

static void
test_migrate_twice(void **state)
{
	struct fx *f = *state;
	int v = -1, from = -1, to = -1;
	int64_t rows;

	assert_int_equal(store_migrate(f->st, NULL, NULL), STORE_OK);
	rows = hook->raw_int(f->url, "SELECT count(*) FROM schema_version");
	assert_int_equal(rows, store_schema_latest());
	assert_int_equal(store_migrate(f->st, &from, &to), STORE_OK);
	assert_int_equal(from, store_schema_latest());
	assert_int_equal(to, store_schema_latest());
	assert_int_equal(store_schema_version(f->st, &v), STORE_OK);
	assert_int_equal(v, store_schema_latest());
	assert_int_equal(hook->raw_int(f->url, "SELECT count(*) FROM schema_version"), rows);
}

static void
test_migrate_too_new(void **state)
{
	struct fx *f = *state;
	char sql[128];
	int v = -1, from = -1, to = -1, n;

	assert_int_equal(store_migrate(f->st, NULL, NULL), STORE_OK);
	add_user(f->st, "keeper", "admin", NULL);
	n = snprintf(sql, sizeof(sql), "INSERT INTO schema_version (version, applied_at) VALUES (%d, 0)",
		     store_schema_latest() + 1);
	assert_true(n > 0 && (size_t)n < sizeof(sql));
	hook->raw_exec(f->url, sql);

	assert_int_equal(store_schema_version(f->st, &v), STORE_OK);
	assert_int_equal(v, store_schema_latest() + 1);
	assert_int_equal(store_migrate(f->st, &from, &to), STORE_TOONEW);
	assert_int_equal(from, store_schema_latest() + 1);
	/* Nothing changed: the version rows and the data are as they were. */
	assert_int_equal(hook->raw_int(f->url, "SELECT count(*) FROM schema_version"),
			 store_schema_latest() + 1);
	assert_int_equal(hook->raw_int(f->url, "SELECT max(version) FROM schema_version"),
			 store_schema_latest() + 1);
	assert_int_equal(hook->raw_int(f->url, "SELECT count(*) FROM users WHERE login = 'keeper'"), 1);
	/* And the connection is usable: no transaction was left open. */
	assert_int_equal(store_begin(f->st, 1), STORE_OK);
	store_rollback(f->st);
}

/* Users. */

static void
test_users(void **state)
{
	struct fx *f = *state;
	json_t *u = NULL, *list = NULL;
	int64_t a, b, id = 0, count = 0;
	char *hash = NULL;
	int disabled = -1;

	add_unit(f->st, "25", NULL, "Приморский край", "region");
	add_unit(f->st, "vl", "25", "Владивостокский ГО", "urban_okrug");
	b = add_user(f->st, "zeta", "coordinator", "vl");
	a = add_user(f->st, "alpha", "admin", NULL);
	assert_true(a != b);

	assert_int_equal(store_user_get(f->st, b, &u), STORE_OK);
	assert_int_equal(jint(u, "id"), b);
	assert_string_equal(jstr(u, "login"), "zeta");
	assert_string_equal(jstr(u, "name"), "Имя");
	assert_string_equal(jstr(u, "role"), "coordinator");
	assert_string_equal(jstr(u, "org_unit"), "vl");
	assert_string_equal(jstr(u, "org_unit_name"), "Владивостокский ГО");
	assert_true(json_is_false(json_object_get(u, "disabled")));
	assert_int_equal(jint(u, "created_at"), 1000);
	assert_int_equal(jint(u, "version"), 1);
	assert_null(json_object_get(u, "password_hash"));
	json_decref(u);

	assert_int_equal(store_user_get_by_login(f->st, "alpha", &u), STORE_OK);
	assert_int_equal(jint(u, "id"), a);
	assert_true(json_is_null(json_object_get(u, "org_unit")));
	assert_true(json_is_null(json_object_get(u, "org_unit_name")));
	json_decref(u);
	assert_int_equal(store_user_get_by_login(f->st, "nobody", &u), STORE_NOTFOUND);
	assert_null(u);
	assert_int_equal(store_user_get(f->st, 999999, &u), STORE_NOTFOUND);

	assert_int_equal(store_user_list(f->st, &list), STORE_OK);
	assert_int_equal(json_array_size(list), 2);
	assert_string_equal(jstr(json_array_get(list, 0), "login"), "alpha");
	assert_string_equal(jstr(json_array_get(list, 1), "login"), "zeta");
	json_decref(list);

	assert_int_equal(store_user_count(f->st, "admin", &count), STORE_OK);
	assert_int_equal(count, 1);
	assert_int_equal(store_user_count(f->st, "juror", &count), STORE_OK);
	assert_int_equal(count, 0);
	assert_int_equal(store_user_count(f->st, NULL, &count), STORE_OK);
	assert_int_equal(count, 2);

	assert_int_equal(store_user_auth(f->st, "zeta", &id, &hash, &disabled), STORE_OK);
	assert_int_equal(id, b);
	assert_string_equal(hash, "$argon2id$hash-of-");
	assert_int_equal(disabled, 0);
	free(hash);
	hash = NULL;
	assert_int_equal(store_user_auth(f->st, "nobody", &id, &hash, &disabled), STORE_NOTFOUND);
	assert_null(hash);

	assert_int_equal(store_user_set_password(f->st, b, "$argon2id$new"), STORE_OK);
	assert_int_equal(store_user_auth(f->st, "zeta", &id, &hash, &disabled), STORE_OK);
	assert_string_equal(hash, "$argon2id$new");
	free(hash);
	hash = NULL;
	assert_int_equal(store_user_set_password(f->st, 999999, "$argon2id$new"), STORE_NOTFOUND);

	assert_int_equal(store_user_set_disabled(f->st, b, 1), STORE_OK);
	assert_int_equal(store_user_auth(f->st, "zeta", &id, &hash, &disabled), STORE_OK);
	assert_int_equal(disabled, 1);
	free(hash);
	assert_int_equal(store_user_get(f->st, b, &u), STORE_OK);
	assert_true(json_is_true(json_object_get(u, "disabled")));
	assert_int_equal(jint(u, "version"), 3);
	json_decref(u);
	assert_int_equal(store_user_set_disabled(f->st, 999999, 1), STORE_NOTFOUND);
}

static void
test_users_bad(void **state)
{
	struct fx *f = *state;
	struct store_user_new u = {"dup", NULL, "juror", NULL, NULL, "$argon2id$x", 1};
	unsigned long before;
	int64_t id = 0, count = -1;

	add_user(f->st, "dup", "juror", NULL);
	assert_int_equal(store_user_add(f->st, &u, &id), STORE_CONFLICT);
	u.login = "orphan";
	u.org_unit = "no-such-unit";
	assert_int_equal(store_user_add(f->st, &u, &id), STORE_CONFLICT);
	u.org_unit = NULL;
	u.role = "superuser";
	assert_int_equal(store_user_add(f->st, &u, &id), STORE_CONFLICT);
	assert_int_equal(store_user_count(f->st, NULL, &count), STORE_OK);
	assert_int_equal(count, 1);

	before = store_errors_total();
	u.role = "juror";
	u.login = NULL;
	assert_int_equal(store_user_add(f->st, &u, &id), STORE_ERROR);
	assert_int_equal(store_errors_total(), before + 1);
}

/* Sessions. */

static void
test_sessions(void **state)
{
	struct fx *f = *state;
	json_t *s = NULL;
	int64_t uid;

	uid = add_user(f->st, "coord", "coordinator", NULL);
	add_session(f->st, TOKEN_A, uid, 100, 200, 1000);

	assert_int_equal(store_session_get(f->st, TOKEN_A, 150, &s), STORE_OK);
	assert_string_equal(jstr(s, "csrf"), "csrf-token");
	assert_int_equal(jint(s, "created_at"), 100);
	assert_int_equal(jint(s, "last_seen"), 100);
	assert_int_equal(jint(s, "idle_expires"), 200);
	assert_int_equal(jint(s, "absolute_expires"), 1000);
	assert_string_equal(jstr(json_object_get(s, "user"), "login"), "coord");
	assert_int_equal(jint(json_object_get(s, "user"), "id"), uid);
	json_decref(s);
	assert_int_equal(store_session_get(f->st, TOKEN_A, 200, &s), STORE_OK);
	json_decref(s);

	/* Idle expiry. */
	assert_int_equal(store_session_get(f->st, TOKEN_A, 201, &s), STORE_NOTFOUND);
	assert_null(s);
	/* An expired session cannot be touched back to life. */
	assert_int_equal(store_session_touch(f->st, TOKEN_A, 201, 500), STORE_NOTFOUND);

	/* Touch moves the idle expiry. */
	assert_int_equal(store_session_touch(f->st, TOKEN_A, 190, 600), STORE_OK);
	assert_int_equal(store_session_get(f->st, TOKEN_A, 590, &s), STORE_OK);
	assert_int_equal(jint(s, "last_seen"), 190);
	assert_int_equal(jint(s, "idle_expires"), 600);
	json_decref(s);

	/* Absolute expiry wins over a fresh idle expiry. */
	assert_int_equal(store_session_touch(f->st, TOKEN_A, 590, 5000), STORE_OK);
	assert_int_equal(store_session_get(f->st, TOKEN_A, 1000, &s), STORE_OK);
	json_decref(s);
	assert_int_equal(store_session_get(f->st, TOKEN_A, 1001, &s), STORE_NOTFOUND);

	assert_int_equal(store_session_get(f->st, TOKEN_B, 150, &s), STORE_NOTFOUND);
	assert_int_equal(store_session_touch(f->st, TOKEN_B, 150, 300), STORE_NOTFOUND);

	assert_int_equal(store_session_delete(f->st, TOKEN_A), STORE_OK);
	assert_int_equal(store_session_get(f->st, TOKEN_A, 150, &s), STORE_NOTFOUND);
	assert_int_equal(store_session_delete(f->st, TOKEN_A), STORE_NOTFOUND);
}

static void
test_sessions_disabled_user(void **state)
{
	struct fx *f = *state;
	json_t *s = NULL;
	int64_t uid;

	uid = add_user(f->st, "coord", "coordinator", NULL);
	add_session(f->st, TOKEN_A, uid, 100, 200, 1000);
	assert_int_equal(store_user_set_disabled(f->st, uid, 1), STORE_OK);
	assert_int_equal(store_session_get(f->st, TOKEN_A, 150, &s), STORE_NOTFOUND);
	assert_null(s);
	assert_int_equal(store_user_set_disabled(f->st, uid, 0), STORE_OK);
	assert_int_equal(store_session_get(f->st, TOKEN_A, 150, &s), STORE_OK);
	json_decref(s);
}

static void
test_sessions_bulk(void **state)
{
	struct fx *f = *state;
	json_t *s = NULL;
	int64_t u1, u2;

	u1 = add_user(f->st, "one", "coordinator", NULL);
	u2 = add_user(f->st, "two", "coordinator", NULL);
	add_session(f->st, TOKEN_A, u1, 100, 200, 1000);
	add_session(f->st, TOKEN_B, u1, 100, 900, 1000);
	add_session(f->st, TOKEN_C, u2, 100, 900, 1000);

	/* A session is alive through its expiry second, as store_session_get has it. */
	assert_int_equal(store_session_purge(f->st, 200), STORE_OK);
	assert_int_equal(hook->raw_int(f->url, "SELECT count(*) FROM sessions"), 3);
	assert_int_equal(store_session_get(f->st, TOKEN_A, 200, &s), STORE_OK);
	json_decref(s);
	assert_int_equal(store_session_purge(f->st, 201), STORE_OK);
	assert_int_equal(hook->raw_int(f->url, "SELECT count(*) FROM sessions"), 2);

	/* Purge at 500 removes A (idle-expired) only. */
	assert_int_equal(store_session_purge(f->st, 500), STORE_OK);
	assert_int_equal(hook->raw_int(f->url, "SELECT count(*) FROM sessions"), 2);
	assert_int_equal(store_session_get(f->st, TOKEN_B, 150, &s), STORE_OK);
	json_decref(s);

	assert_int_equal(store_session_delete_user(f->st, u1), STORE_OK);
	assert_int_equal(store_session_get(f->st, TOKEN_B, 150, &s), STORE_NOTFOUND);
	assert_int_equal(store_session_get(f->st, TOKEN_C, 150, &s), STORE_OK);
	json_decref(s);
	/* Nothing to delete is still fine. */
	assert_int_equal(store_session_delete_user(f->st, u1), STORE_OK);

	/* Purge past the absolute expiry removes the rest. */
	assert_int_equal(store_session_purge(f->st, 1001), STORE_OK);
	assert_int_equal(hook->raw_int(f->url, "SELECT count(*) FROM sessions"), 0);
}

static void
test_sessions_bad(void **state)
{
	struct fx *f = *state;
	struct store_session_new s = {TOKEN_A, 999999, "csrf", 100, 200, 300, NULL};
	int64_t uid;

	/* Unknown user: foreign key. */
	assert_int_equal(store_session_create(f->st, &s), STORE_CONFLICT);
	uid = add_user(f->st, "coord", "coordinator", NULL);
	s.user_id = uid;
	assert_int_equal(store_session_create(f->st, &s), STORE_OK);
	/* The same token twice. */
	assert_int_equal(store_session_create(f->st, &s), STORE_CONFLICT);
	s.token_hash = NULL;
	assert_int_equal(store_session_create(f->st, &s), STORE_ERROR);
	/* Sessions follow their user out (ON DELETE CASCADE). */
	hook->raw_exec(f->url, "DELETE FROM users");
	assert_int_equal(hook->raw_int(f->url, "SELECT count(*) FROM sessions"), 0);
}

/* Org units. */

static void
test_org_units(void **state)
{
	struct fx *f = *state;
	struct store_org_unit u = {"25", NULL, "Другое имя", "region", NULL, NULL, NULL};
	json_t *list = NULL, *one = NULL;
	int inserted = -1;

	add_unit(f->st, "25", NULL, "Приморский край", "region");
	add_unit(f->st, "ch", "25", "Черниговский МО", "municipal_okrug");
	add_unit(f->st, "ar", "25", "Арсеньевский ГО", "urban_okrug");
	add_unit(f->st, "vl", "25", "Владивостокский ГО", "urban_okrug");
	add_unit(f->st, "an", "25", "Анучинский МР", "municipal_district");

	/* Ensuring again leaves the unit as it is. */
	assert_int_equal(store_org_unit_ensure(f->st, &u, &inserted), STORE_OK);
	assert_int_equal(inserted, 0);
	assert_int_equal(store_org_unit_get(f->st, "25", &one), STORE_OK);
	assert_string_equal(jstr(one, "name"), "Приморский край");
	assert_true(json_is_null(json_object_get(one, "parent")));
	assert_string_equal(jstr(one, "centre"), "центр");
	assert_true(json_is_null(json_object_get(one, "head")));
	assert_int_equal(jint(one, "version"), 1);
	json_decref(one);

	assert_int_equal(store_org_unit_list(f->st, &list), STORE_OK);
	assert_int_equal(json_array_size(list), 5);
	assert_string_equal(jstr(json_array_get(list, 0), "code"), "25");
	assert_string_equal(jstr(json_array_get(list, 1), "code"), "ar");
	assert_string_equal(jstr(json_array_get(list, 2), "code"), "vl");
	assert_string_equal(jstr(json_array_get(list, 3), "code"), "ch");
	assert_string_equal(jstr(json_array_get(list, 4), "code"), "an");
	assert_string_equal(jstr(json_array_get(list, 1), "parent"), "25");
	json_decref(list);

	assert_int_equal(store_org_unit_get(f->st, "zz", &one), STORE_NOTFOUND);
	assert_null(one);
}

static void
test_org_unit_update(void **state)
{
	struct fx *f = *state;
	struct store_org_unit u = {"vl",          "25",    "Владивосток", "urban_okrug",
				   "Владивосток", "Глава", "adm@vlc.ru"};
	json_t *one = NULL;
	int inserted = -1;

	add_unit(f->st, "25", NULL, "Приморский край", "region");
	add_unit(f->st, "vl", "25", "Владивостокский ГО", "urban_okrug");

	assert_int_equal(store_org_unit_update(f->st, &u, 1), STORE_OK);
	assert_int_equal(store_org_unit_get(f->st, "vl", &one), STORE_OK);
	assert_string_equal(jstr(one, "name"), "Владивосток");
	assert_string_equal(jstr(one, "head"), "Глава");
	assert_string_equal(jstr(one, "email"), "adm@vlc.ru");
	assert_int_equal(jint(one, "version"), 2);
	json_decref(one);

	/* Stale version: conflict, nothing changed. */
	u.name = "Чужая правка";
	assert_int_equal(store_org_unit_update(f->st, &u, 1), STORE_CONFLICT);
	assert_int_equal(store_org_unit_get(f->st, "vl", &one), STORE_OK);
	assert_string_equal(jstr(one, "name"), "Владивосток");
	assert_int_equal(jint(one, "version"), 2);
	json_decref(one);

	/* The edited name survives a second ensure (as at every start-up). */
	u.name = "Владивостокский ГО";
	assert_int_equal(store_org_unit_ensure(f->st, &u, &inserted), STORE_OK);
	assert_int_equal(inserted, 0);
	assert_int_equal(store_org_unit_get(f->st, "vl", &one), STORE_OK);
	assert_string_equal(jstr(one, "name"), "Владивосток");
	json_decref(one);

	u.code = "zz";
	assert_int_equal(store_org_unit_update(f->st, &u, 1), STORE_NOTFOUND);
	/* A kind outside the list is refused by the schema. */
	u.code = "vl";
	u.kind = "village";
	assert_int_equal(store_org_unit_update(f->st, &u, 2), STORE_CONFLICT);
}

static void
test_org_units_bad(void **state)
{
	struct fx *f = *state;
	struct store_org_unit u = {"x", "no-parent", "X", "urban_okrug", NULL, NULL, NULL};
	int inserted = -1;

	assert_int_equal(store_org_unit_ensure(f->st, &u, &inserted), STORE_CONFLICT);
	u.parent = NULL;
	u.kind = "village";
	assert_int_equal(store_org_unit_ensure(f->st, &u, &inserted), STORE_CONFLICT);
	u.kind = NULL;
	assert_int_equal(store_org_unit_ensure(f->st, &u, &inserted), STORE_ERROR);
	assert_int_equal(inserted, 0);
	assert_int_equal(hook->raw_int(f->url, "SELECT count(*) FROM org_units"), 0);
}

/* Campaigns. */

static json_t *
campaign_doc(const char *slug, const char *title, const char *start)
{
	json_t *doc = json_pack("{s:s, s:s, s:{s:s, s:s}, s:s, s:s, s:[s, s]}", "slug", slug, "title", title,
				"period", "start", start, "end", "2022-03-08", "report_due", "2022-03-10",
				"time_zone", "Asia/Vladivostok", "hashtags", "#МояХартия", "#хартия");

	assert_non_null(doc);
	return doc;
}

static void
test_campaigns(void **state)
{
	struct fx *f = *state;
	json_t *doc = campaign_doc("charter-2022", "Цифровая этика детства", "2022-02-08");
	json_t *older = campaign_doc("older", "Прошлая", "2021-02-01");
	json_t *changed = campaign_doc("charter-2022", "Другое название", "2022-02-08");
	json_t *list = NULL, *got = NULL, *item;
	int inserted = -1;

	assert_int_equal(store_campaign_ensure(f->st, older, 50, &inserted), STORE_OK);
	assert_int_equal(inserted, 1);
	assert_int_equal(store_campaign_ensure(f->st, doc, 100, &inserted), STORE_OK);
	assert_int_equal(inserted, 1);
	assert_int_equal(store_campaign_ensure(f->st, changed, 200, &inserted), STORE_OK);
	assert_int_equal(inserted, 0);

	assert_int_equal(store_campaign_list(f->st, &list), STORE_OK);
	assert_int_equal(json_array_size(list), 2);
	item = json_array_get(list, 0);
	assert_string_equal(jstr(item, "slug"), "charter-2022");
	assert_string_equal(jstr(item, "title"), "Цифровая этика детства");
	assert_string_equal(jstr(item, "starts"), "2022-02-08");
	assert_string_equal(jstr(item, "ends"), "2022-03-08");
	assert_string_equal(jstr(item, "due"), "2022-03-10");
	assert_int_equal(jint(item, "version"), 1);
	assert_string_equal(jstr(json_array_get(list, 1), "slug"), "older");
	json_decref(list);

	assert_int_equal(store_campaign_get(f->st, "charter-2022", &got), STORE_OK);
	assert_int_equal(jint(got, "version"), 1);
	assert_int_equal(json_object_del(got, "version"), 0);
	assert_true(json_equal(got, doc));
	json_decref(got);
	got = NULL;
	assert_int_equal(store_campaign_get(f->st, "none", &got), STORE_NOTFOUND);
	assert_null(got);

	json_decref(doc);
	json_decref(older);
	json_decref(changed);
}

static void
test_campaigns_bad(void **state)
{
	struct fx *f = *state;
	json_t *doc = campaign_doc("c", "T", "2022-02-08");
	int inserted = -1;

	assert_int_equal(json_object_del(json_object_get(doc, "period"), "end"), 0);
	assert_int_equal(store_campaign_ensure(f->st, doc, 1, &inserted), STORE_ERROR);
	assert_int_equal(inserted, 0);
	assert_int_equal(json_object_set_new(doc, "slug", json_integer(5)), 0);
	assert_int_equal(store_campaign_ensure(f->st, doc, 1, &inserted), STORE_ERROR);
	assert_int_equal(hook->raw_int(f->url, "SELECT count(*) FROM campaigns"), 0);
	json_decref(doc);
}

/* Audit. */

static void
add_event(struct store *st, int64_t at, const char *action, json_t *detail)
{
	struct store_audit_event e = {0, NULL, action, "user", "7", detail, at, NULL};

	assert_int_equal(store_audit_add(st, &e), STORE_OK);
}

static void
test_audit(void **state)
{
	struct fx *f = *state;
	json_t *detail = json_pack("{s:s, s:i}", "login", "coord", "n", 3);
	struct store_audit_event e = {42, "admin", "user.create", "user", "9", detail, 300, "192.0.2.7"};
	json_t *list = NULL, *ev;
	int64_t total = -1;

	assert_non_null(detail);
	add_event(f->st, 100, "a.first", NULL);
	add_event(f->st, 200, "a.second", NULL);
	add_event(f->st, 200, "a.third", NULL); /* same instant: newer id first */
	assert_int_equal(store_audit_add(f->st, &e), STORE_OK);
	add_event(f->st, 50, "a.oldest", NULL);

	assert_int_equal(store_audit_list(f->st, 0, 2, &list, &total), STORE_OK);
	assert_int_equal(total, 5);
	assert_int_equal(json_array_size(list), 2);
	ev = json_array_get(list, 0);
	assert_string_equal(jstr(ev, "action"), "user.create");
	assert_string_equal(jstr(ev, "actor"), "admin");
	assert_string_equal(jstr(ev, "entity"), "user");
	assert_string_equal(jstr(ev, "entity_id"), "9");
	assert_string_equal(jstr(ev, "remote_ip"), "192.0.2.7");
	assert_int_equal(jint(ev, "at"), 300);
	assert_true(json_equal(json_object_get(ev, "detail"), detail));
	ev = json_array_get(list, 1);
	assert_string_equal(jstr(ev, "action"), "a.third");
	assert_true(json_is_null(json_object_get(ev, "actor")));
	assert_true(json_is_null(json_object_get(ev, "detail")));
	json_decref(list);

	assert_int_equal(store_audit_list(f->st, 2, 2, &list, &total), STORE_OK);
	assert_int_equal(json_array_size(list), 2);
	assert_string_equal(jstr(json_array_get(list, 0), "action"), "a.second");
	assert_string_equal(jstr(json_array_get(list, 1), "action"), "a.first");
	json_decref(list);

	assert_int_equal(store_audit_list(f->st, 4, 10, &list, &total), STORE_OK);
	assert_int_equal(json_array_size(list), 1);
	assert_string_equal(jstr(json_array_get(list, 0), "action"), "a.oldest");
	json_decref(list);

	assert_int_equal(store_audit_list(f->st, 10, 10, &list, &total), STORE_OK);
	assert_int_equal(json_array_size(list), 0);
	assert_int_equal(total, 5);
	json_decref(list);

	/* The system actor is stored as no actor. */
	assert_int_equal(hook->raw_int(f->url, "SELECT count(*) FROM audit_events WHERE actor_id IS NULL"),
			 4);

	assert_int_equal(store_audit_list(f->st, -1, 10, &list, &total), STORE_ERROR);
	assert_null(list);
	assert_int_equal(store_audit_list(f->st, 0, 0, &list, &total), STORE_ERROR);
	e.action = NULL;
	assert_int_equal(store_audit_add(f->st, &e), STORE_ERROR);
	json_decref(detail);
}

/* Transactions. */

static void
test_rollback(void **state)
{
	struct fx *f = *state;
	struct store_user_new u = {"ghost", NULL, "juror", NULL, NULL, "$argon2id$x", 1};
	struct store_audit_event e = {0, NULL, "user.create", "user", "ghost", NULL, 1, NULL};
	json_t *got = NULL, *list = NULL;
	int64_t id = 0, total = -1;

	assert_int_equal(store_begin(f->st, 1), STORE_OK);
	assert_int_equal(store_user_add(f->st, &u, &id), STORE_OK);
	assert_int_equal(store_audit_add(f->st, &e), STORE_OK);
	/* Inside the transaction both are visible. */
	assert_int_equal(store_user_get(f->st, id, &got), STORE_OK);
	json_decref(got);
	assert_int_equal(store_audit_list(f->st, 0, 10, &list, &total), STORE_OK);
	assert_int_equal(total, 1);
	json_decref(list);
	store_rollback(f->st);

	assert_int_equal(store_user_get_by_login(f->st, "ghost", &got), STORE_NOTFOUND);
	assert_int_equal(store_audit_list(f->st, 0, 10, &list, &total), STORE_OK);
	assert_int_equal(total, 0);
	assert_int_equal(json_array_size(list), 0);
	json_decref(list);

	/* Committed, both stay. */
	assert_int_equal(store_begin(f->st, 1), STORE_OK);
	assert_int_equal(store_user_add(f->st, &u, &id), STORE_OK);
	assert_int_equal(store_audit_add(f->st, &e), STORE_OK);
	assert_int_equal(store_commit(f->st), STORE_OK);
	assert_int_equal(store_user_get_by_login(f->st, "ghost", &got), STORE_OK);
	json_decref(got);
	assert_int_equal(hook->raw_int(f->url, "SELECT count(*) FROM audit_events"), 1);

	/* Misuse is refused, and rollback with nothing open is harmless. */
	store_rollback(f->st);
	assert_int_equal(store_commit(f->st), STORE_ERROR);
	assert_int_equal(store_begin(f->st, 0), STORE_OK);
	assert_int_equal(store_begin(f->st, 1), STORE_ERROR);
	assert_int_equal(store_commit(f->st), STORE_OK);
	/* A conflict inside a transaction keeps the rest of it. */
	assert_int_equal(store_begin(f->st, 1), STORE_OK);
	add_user(f->st, "kept", "juror", NULL);
	assert_int_equal(store_user_add(f->st, &u, &id), STORE_CONFLICT);
	assert_int_equal(store_commit(f->st), STORE_OK);
	assert_int_equal(store_user_get_by_login(f->st, "kept", &got), STORE_OK);
	json_decref(got);
}

static void
test_two_connections(void **state)
{
	struct fx *f = *state;
	struct store_org_unit unit = {"25", NULL, "Край", "region", NULL, NULL, NULL};
	struct store *other = NULL;
	json_t *got = NULL;
	int64_t count = -1;
	double t0;

	assert_int_equal(store_open(f->url, &other), STORE_OK);
	assert_int_equal(store_begin(f->st, 1), STORE_OK);
	add_user(f->st, "fresh", "juror", NULL);
	assert_int_equal(store_user_get_by_login(other, "fresh", &got), STORE_NOTFOUND);
	assert_int_equal(store_commit(f->st), STORE_OK);
	assert_int_equal(store_user_get_by_login(other, "fresh", &got), STORE_OK);
	assert_string_equal(jstr(got, "login"), "fresh");
	json_decref(got);

	/* A read transaction sees one snapshot, whatever commits meanwhile. */
	assert_int_equal(store_begin(other, 0), STORE_OK);
	assert_int_equal(store_user_count(other, NULL, &count), STORE_OK);
	assert_int_equal(count, 1);
	add_user(f->st, "meanwhile", "juror", NULL);
	assert_int_equal(store_user_count(other, NULL, &count), STORE_OK);
	assert_int_equal(count, 1);
	assert_int_equal(store_commit(other), STORE_OK);
	assert_int_equal(store_user_count(other, NULL, &count), STORE_OK);
	assert_int_equal(count, 2);

	if (hook->begin_locks) {
		/* A second writer waits out the busy timeout, then gives up cleanly. */
		assert_int_equal(store_begin(f->st, 1), STORE_OK);
		assert_int_equal(store_begin(other, 1), STORE_UNAVAILABLE);
		store_rollback(other);
		store_rollback(f->st);
	} else {
		/* Writers meet on rows: the second waits out the lock timeout, then gives up. */
		add_unit(f->st, "25", NULL, "Приморский край", "region");
		assert_int_equal(store_begin(f->st, 1), STORE_OK);
		assert_int_equal(store_org_unit_update(f->st, &unit, 1), STORE_OK);
		assert_int_equal(store_begin(other, 1), STORE_OK);
		t0 = now_s();
		assert_int_equal(store_org_unit_update(other, &unit, 1), STORE_UNAVAILABLE);
		assert_true(now_s() - t0 > 3 && now_s() - t0 < 15);
		store_rollback(other);
		store_rollback(f->st);
		assert_int_equal(store_org_unit_update(other, &unit, 1), STORE_OK);
	}
	assert_int_equal(store_begin(other, 1), STORE_OK);
	add_user(other, "second", "juror", NULL);
	assert_int_equal(store_commit(other), STORE_OK);
	assert_int_equal(store_user_get_by_login(f->st, "second", &got), STORE_OK);
	json_decref(got);
	store_close(other);
}

static void
test_backup(void **state)
{
	struct fx *f = *state;
	char path[URL_MAX];
	struct store *copy = NULL;
	json_t *list = NULL;
	int v = 0, n;

	if (!hook->has_backup) {
		/* PostgreSQL: pg_dump is the tool; the store refuses. */
		assert_int_equal(store_backup(f->st, "/tmp/svodka-never-written.db"), STORE_ERROR);
		assert_int_equal(access("/tmp/svodka-never-written.db", F_OK), -1);
		return;
	}
	add_user(f->st, "u1", "admin", NULL);
	add_user(f->st, "u2", "juror", NULL);
	n = snprintf(path, sizeof(path), "%s/backup-%d.db", sqlite_dir, sqlite_seq);
	assert_true(n > 0 && (size_t)n < sizeof(path));

	/* Another connection writing while the copy is taken does not matter. */
	assert_int_equal(store_backup(f->st, path), STORE_OK);
	add_user(f->st, "u3", "juror", NULL);

	assert_int_equal(store_open(path, &copy), STORE_OK);
	assert_int_equal(store_schema_version(copy, &v), STORE_OK);
	assert_int_equal(v, store_schema_latest());
	assert_int_equal(store_user_list(copy, &list), STORE_OK);
	assert_int_equal(json_array_size(list), 2);
	assert_string_equal(jstr(json_array_get(list, 0), "login"), "u1");
	assert_string_equal(jstr(json_array_get(list, 1), "login"), "u2");
	json_decref(list);
	store_close(copy);

	/* An existing file is never overwritten. */
	assert_int_equal(store_backup(f->st, path), STORE_ERROR);
	assert_int_equal(store_open(path, &copy), STORE_OK);
	assert_int_equal(store_user_list(copy, &list), STORE_OK);
	assert_int_equal(json_array_size(list), 2);
	json_decref(list);
	store_close(copy);
	/* Nor is a directory that does not exist created. */
	assert_int_equal(store_backup(f->st, "/nonexistent-dir-svodka/b.db"), STORE_ERROR);
}

/* Campaign editing. */

static void
test_campaign_edit(void **state)
{
	struct fx *f = *state;
	json_t *doc = campaign_doc("c1", "Первая", "2022-02-08");
	json_t *changed = campaign_doc("c1", "Новое название", "2022-02-09");
	json_t *other = campaign_doc("c2", "Другая", "2022-02-08");
	json_t *got = NULL, *list = NULL;
	unsigned long before;
	int64_t v = 0;

	assert_int_equal(store_campaign_create(f->st, doc, 100), STORE_OK);
	assert_int_equal(store_campaign_create(f->st, doc, 200), STORE_CONFLICT);
	assert_int_equal(store_campaign_version(f->st, "c1", &v), STORE_OK);
	assert_int_equal(v, 1);
	assert_int_equal(hook->raw_int(f->url, "SELECT updated_at FROM campaigns WHERE slug = 'c1'"), 100);

	assert_int_equal(store_campaign_update(f->st, "c1", changed, 1, 500), STORE_OK);
	assert_int_equal(store_campaign_list(f->st, &list), STORE_OK);
	assert_int_equal(json_array_size(list), 1);
	assert_string_equal(jstr(json_array_get(list, 0), "title"), "Новое название");
	assert_string_equal(jstr(json_array_get(list, 0), "starts"), "2022-02-09");
	assert_int_equal(jint(json_array_get(list, 0), "version"), 2);
	json_decref(list);
	assert_int_equal(hook->raw_int(f->url, "SELECT updated_at FROM campaigns WHERE slug = 'c1'"), 500);
	assert_int_equal(hook->raw_int(f->url, "SELECT created_at FROM campaigns WHERE slug = 'c1'"), 100);

	/* The model from store_campaign_get goes back in as it is; its version is not stored. */
	assert_int_equal(store_campaign_get(f->st, "c1", &got), STORE_OK);
	assert_int_equal(json_object_set_new(got, "title", json_string("Третье")), 0);
	assert_int_equal(store_campaign_update(f->st, "c1", got, 2, 600), STORE_OK);
	json_decref(got);
	assert_int_equal(store_campaign_get(f->st, "c1", &got), STORE_OK);
	assert_int_equal(jint(got, "version"), 3);
	assert_string_equal(jstr(got, "title"), "Третье");
	json_decref(got);
	assert_int_equal(hook->raw_int(f->url, "SELECT count(*) FROM campaigns WHERE doc LIKE '%version%'"),
			 0);

	/* Stale: nothing changes. */
	assert_int_equal(store_campaign_update(f->st, "c1", doc, 2, 700), STORE_CONFLICT);
	assert_int_equal(store_campaign_get(f->st, "c1", &got), STORE_OK);
	assert_string_equal(jstr(got, "title"), "Третье");
	assert_int_equal(jint(got, "version"), 3);
	json_decref(got);
	assert_int_equal(hook->raw_int(f->url, "SELECT updated_at FROM campaigns WHERE slug = 'c1'"), 600);

	/* Unknown slug; a document of another campaign; an incomplete one. */
	assert_int_equal(store_campaign_update(f->st, "c2", other, 1, 700), STORE_NOTFOUND);
	before = store_errors_total();
	assert_int_equal(store_campaign_update(f->st, "c1", other, 3, 700), STORE_ERROR);
	assert_int_equal(json_object_del(other, "title"), 0);
	assert_int_equal(store_campaign_create(f->st, other, 700), STORE_ERROR);
	assert_int_equal(store_errors_total(), before + 2);
	assert_int_equal(hook->raw_int(f->url, "SELECT count(*) FROM campaigns"), 1);
	assert_int_equal(store_campaign_version(f->st, "c1", &v), STORE_OK);
	assert_int_equal(v, 3);

	json_decref(doc);
	json_decref(changed);
	json_decref(other);
}

/* Reports. */

#define CAMPAIGN "charter-2022"

/* Two municipalities of a region and a campaign. */
static void
report_fixture(struct store *st)
{
	json_t *doc = campaign_doc(CAMPAIGN, "Цифровая этика детства", "2022-02-08");
	int inserted = 0;

	add_unit(st, "25", NULL, "Приморский край", "region");
	add_unit(st, "vl", "25", "Владивостокский ГО", "urban_okrug");
	add_unit(st, "ar", "25", "Арсеньевский ГО", "urban_okrug");
	assert_int_equal(store_campaign_ensure(st, doc, 100, &inserted), STORE_OK);
	json_decref(doc);
}

static void
push(json_t *arr, json_t *v)
{
	assert_non_null(v);
	assert_int_equal(json_array_append_new(arr, v), 0);
}

/*
 * Normalized report data (domain/report.h) with nact activities, npub
 * publications and norg organizations. Activity i has 10*(i+1)
 * participants (the last: null) and 100*(i+1) reach (the first: null), i%3
 * links, audiences children+parents (even i) or teachers; publication j
 * has 1000*(j+1) views (j = 1: null), a hashtag when j is even, no date
 * when j = 0.
 */
static json_t *
report_data(const char *remarks, int nact, int npub, int norg)
{
	json_t *acts = json_array(), *pubs = json_array(), *orgs = json_array(), *links, *a, *d;
	char id[32], title[96], url[96], key[96];
	int i, k;

	assert_non_null(acts);
	assert_non_null(pubs);
	assert_non_null(orgs);
	for (i = 0; i < nact; i++) {
		links = json_array();
		assert_non_null(links);
		for (k = 0; k < i % 3; k++)
			push(links, json_pack("{s:s, s:s, s:s}", "url", "https://t.me/s/ch/1", "key",
					      "t.me/s/ch/1", "network", "telegram"));
		assert_true(snprintf(id, sizeof(id), "a%d", i) < (int)sizeof(id));
		assert_true(snprintf(title, sizeof(title), "Урок цифровой этики №%d", i) <
			    (int)sizeof(title));
		a = json_pack("{s:s, s:s, s:s, s:s, s:s, s:o, s:o, s:o, s:o}", "id", id, "form",
			      i % 2 ? "lesson" : "contest", "date", i == 2 ? "" : "2022-02-15", "title",
			      title, "description", "Рассказали о «правилах» в сети", "audience",
			      i % 2 ? json_pack("[s]", "teachers")
				    : json_pack("[s, s]", "children", "parents"),
			      "participants", i == nact - 1 ? json_null() : json_integer(10 * (i + 1)),
			      "reach", i == 0 ? json_null() : json_integer(100 * (i + 1)), "links", links);
		push(acts, a);
	}
	for (i = 0; i < npub; i++) {
		assert_true(snprintf(id, sizeof(id), "p%d", i) < (int)sizeof(id));
		assert_true(snprintf(url, sizeof(url), "https://vk.com/wall-1_%d", i) < (int)sizeof(url));
		assert_true(snprintf(key, sizeof(key), "vk.com/wall-1_%d", i) < (int)sizeof(key));
		push(pubs, json_pack("{s:s, s:s, s:s, s:s, s:s, s:o, s:b, s:b}", "id", id, "url", url, "key",
				     key, "network", "vk", "date", i == 0 ? "" : "2022-02-20", "views",
				     i == 1 ? json_null() : json_integer(1000 * (i + 1)), "has_hashtag",
				     i % 2 == 0, "has_alliance_link", i == 0));
	}
	for (i = 0; i < norg; i++) {
		assert_true(snprintf(id, sizeof(id), "o%d", i) < (int)sizeof(id));
		push(orgs, json_pack("{s:s, s:s, s:s, s:s, s:s}", "id", id, "name", "МБОУ «СОШ № 1»", "kind",
				     "school", "inn", i == 0 ? "2536000000" : "", "joined", ""));
	}
	d = json_pack("{s:{s:s, s:s, s:s, s:s, s:s}, s:o, s:o, s:o, s:s, s:s}", "contact", "name",
		      "Иванова Мария Петровна", "position", "специалист", "phone", "+79990001122",
		      "phone_ext", "", "email", "m@почта.рф", "activities", acts, "organizations", orgs,
		      "publications", pubs, "remarks", remarks, "no_activity_reason", "");
	assert_non_null(d);
	return d;
}

/* The totals report_data(…, nact, npub, norg) must give, in the model's form. */
static json_t *
report_totals_of(int nact, int npub, int norg)
{
	json_int_t participants = 0, reach = 0, views = 0;
	int i;

	for (i = 0; i < nact - 1; i++)
		participants += 10 * (i + 1);
	for (i = 1; i < nact; i++)
		reach += 100 * (i + 1);
	for (i = 0; i < npub; i++)
		views += i == 1 ? 0 : 1000 * (i + 1);
	return json_pack("{s:i, s:I, s:I, s:i, s:I, s:i}", "activities", nact, "participants", participants,
			 "reach", reach, "publications", npub, "views", views, "organizations", norg);
}

static struct store_report_write
report_save(const char *org_unit, int64_t base, json_t *data, int64_t now)
{
	struct store_report_write w = {
		.campaign = CAMPAIGN,
		.org_unit = org_unit,
		.base_version = base,
		.data = data,
		.status = "draft",
		.action = "save",
		.actor_id = 7,
		.actor_login = "coord",
		.now = now,
	};

	return w;
}

/* Writes and expects version want. */
static void
write_ok(struct store *st, const struct store_report_write *w, int64_t want)
{
	int64_t v = -1;

	assert_int_equal(store_report_write(st, w, &v), STORE_OK);
	assert_int_equal(v, want);
}

static json_t *
get_report(struct store *st, const char *org_unit)
{
	json_t *r = NULL;

	assert_int_equal(store_report_get(st, CAMPAIGN, org_unit, &r), STORE_OK);
	assert_non_null(r);
	return r;
}

static int64_t
count_rows(const char *url, const char *table)
{
	char sql[128];
	int n = snprintf(sql, sizeof(sql), "SELECT count(*) FROM %s", table);

	assert_true(n > 0 && (size_t)n < sizeof(sql));
	return hook->raw_int(url, sql);
}

/* Every report table is empty. */
static void
assert_no_reports(const char *url)
{
	assert_int_equal(count_rows(url, "reports"), 0);
	assert_int_equal(count_rows(url, "report_data"), 0);
	assert_int_equal(count_rows(url, "report_history"), 0);
	assert_int_equal(count_rows(url, "report_activities"), 0);
	assert_int_equal(count_rows(url, "report_activity_audiences"), 0);
	assert_int_equal(count_rows(url, "report_publications"), 0);
	assert_int_equal(count_rows(url, "report_organizations"), 0);
}

static void
test_report_create(void **state)
{
	struct fx *f = *state;
	json_t *data = report_data("Всё прошло «хорошо»", 3, 2, 2), *other = report_data("Другое", 1, 0, 0);
	json_t *totals = report_totals_of(3, 2, 2), *r, *h = NULL, *e, *acts;
	struct store_report_write w = report_save("vl", 0, data, 1000);
	int64_t v = -1;

	report_fixture(f->st);
	write_ok(f->st, &w, 1);

	r = get_report(f->st, "vl");
	assert_string_equal(jstr(r, "campaign"), CAMPAIGN);
	assert_string_equal(jstr(r, "org_unit"), "vl");
	assert_string_equal(jstr(r, "org_unit_name"), "Владивостокский ГО");
	assert_string_equal(jstr(r, "org_unit_kind"), "urban_okrug");
	assert_string_equal(jstr(r, "status"), "draft");
	assert_int_equal(jint(r, "version"), 1);
	assert_true(json_equal(json_object_get(r, "data"), data));
	assert_int_equal(jint(r, "created_at"), 1000);
	assert_int_equal(jint(r, "updated_at"), 1000);
	assert_string_equal(jstr(r, "updated_by"), "coord");
	assert_true(json_is_null(json_object_get(r, "submitted_at")));
	assert_true(json_is_false(json_object_get(r, "late")));
	assert_true(json_is_null(json_object_get(r, "last_comment")));
	assert_true(json_is_null(json_object_get(r, "lock_until")));
	assert_true(json_equal(json_object_get(r, "totals"), totals));
	/* The data comes back typed: integers, nulls, booleans, Cyrillic intact. */
	acts = json_object_get(json_object_get(r, "data"), "activities");
	assert_true(json_is_integer(json_object_get(json_array_get(acts, 0), "participants")));
	assert_true(json_is_null(json_object_get(json_array_get(acts, 2), "participants")));
	assert_string_equal(jstr(json_array_get(acts, 1), "title"), "Урок цифровой этики №1");
	assert_true(json_is_true(json_object_get(
		json_array_get(json_object_get(json_object_get(r, "data"), "publications"), 0),
		"has_hashtag")));
	json_decref(r);

	assert_int_equal(store_report_history(f->st, CAMPAIGN, "vl", &h), STORE_OK);
	assert_int_equal(json_array_size(h), 1);
	e = json_array_get(h, 0);
	assert_int_equal(jint(e, "version"), 1);
	assert_string_equal(jstr(e, "action"), "save");
	assert_string_equal(jstr(e, "status"), "draft");
	assert_int_equal(jint(e, "at"), 1000);
	assert_string_equal(jstr(e, "actor"), "coord");
	assert_true(json_is_null(json_object_get(e, "comment")));
	assert_true(json_equal(json_object_get(e, "data"), data));
	json_decref(h);

	/* A second creation from version 0: CONFLICT, nothing changed. */
	w = report_save("vl", 0, other, 2000);
	assert_int_equal(store_report_write(f->st, &w, &v), STORE_CONFLICT);
	assert_int_equal(v, -1);
	r = get_report(f->st, "vl");
	assert_int_equal(jint(r, "version"), 1);
	assert_int_equal(jint(r, "updated_at"), 1000);
	assert_true(json_equal(json_object_get(r, "data"), data));
	json_decref(r);
	assert_int_equal(count_rows(f->url, "reports"), 1);
	assert_int_equal(count_rows(f->url, "report_history"), 1);
	assert_int_equal(count_rows(f->url, "report_activities"), 3);
	assert_int_equal(count_rows(f->url, "report_publications"), 2);

	/* The system (no actor) writes too. */
	w = report_save("ar", 0, other, 3000);
	w.actor_id = 0;
	w.actor_login = NULL;
	w.action = "import";
	write_ok(f->st, &w, 1);
	r = get_report(f->st, "ar");
	assert_true(json_is_null(json_object_get(r, "updated_by")));
	json_decref(r);
	assert_int_equal(hook->raw_int(f->url, "SELECT count(*) FROM report_history WHERE actor_id IS NULL "
					       "AND actor_login IS NULL AND action = 'import'"),
			 1);

	json_decref(data);
	json_decref(other);
	json_decref(totals);
}

/* The child rows of report_data(…, 3, 2, 2), checked through SQL. */
static void
assert_rows_3_2_2(const char *url)
{
	assert_int_equal(count_rows(url, "report_activities"), 3);
	assert_int_equal(hook->raw_int(url, "SELECT sum(participants) FROM report_activities"), 30);
	assert_int_equal(
		hook->raw_int(url, "SELECT count(*) FROM report_activities WHERE participants IS NULL"), 1);
	assert_int_equal(hook->raw_int(url, "SELECT count(*) FROM report_activities WHERE reach IS NULL "
					    "AND position = 0 AND row_id = 'a0'"),
			 1);
	assert_int_equal(hook->raw_int(url, "SELECT sum(position) FROM report_activities"), 3);
	assert_int_equal(hook->raw_int(url, "SELECT sum(n_links) FROM report_activities"), 3);
	assert_int_equal(hook->raw_int(url, "SELECT count(*) FROM report_activities WHERE form = 'contest'"),
			 2);
	/* An empty date is no date. */
	assert_int_equal(hook->raw_int(url, "SELECT count(*) FROM report_activities "
					    "WHERE date IS NULL AND position = 2"),
			 1);
	assert_int_equal(hook->raw_int(url, "SELECT count(*) FROM report_activities "
					    "WHERE title = 'Урок цифровой этики №1' AND form = 'lesson'"),
			 1);
	assert_int_equal(count_rows(url, "report_activity_audiences"), 5);
	assert_int_equal(hook->raw_int(url, "SELECT count(*) FROM report_activity_audiences x "
					    "JOIN report_activities a ON a.id = x.activity_id "
					    "WHERE x.audience = 'teachers' AND a.position = 1"),
			 1);
	assert_int_equal(count_rows(url, "report_publications"), 2);
	assert_int_equal(hook->raw_int(url, "SELECT sum(views) FROM report_publications"), 1000);
	assert_int_equal(hook->raw_int(url, "SELECT count(*) FROM report_publications WHERE position = 0 AND "
					    "date IS NULL AND has_hashtag = 1 AND has_alliance_link = 1 AND "
					    "url = 'https://vk.com/wall-1_0' AND url_key = 'vk.com/wall-1_0' "
					    "AND network = 'vk'"),
			 1);
	assert_int_equal(hook->raw_int(url, "SELECT count(*) FROM report_publications WHERE position = 1 AND "
					    "views IS NULL AND has_hashtag = 0 AND has_alliance_link = 0"),
			 1);
	assert_int_equal(count_rows(url, "report_organizations"), 2);
	assert_int_equal(hook->raw_int(url, "SELECT count(*) FROM report_organizations WHERE "
					    "name = 'МБОУ «СОШ № 1»' AND kind = 'school' AND joined IS NULL"),
			 2);
	assert_int_equal(hook->raw_int(url, "SELECT count(*) FROM report_organizations WHERE inn IS NULL"),
			 1);
}

static void
test_report_update(void **state)
{
	struct fx *f = *state;
	json_t *d1 = report_data("Первая", 3, 2, 2), *d2 = report_data("Вторая", 70, 130, 1);
	json_t *d3 = report_data("Третья", 1, 0, 0), *t2 = report_totals_of(70, 130, 1);
	json_t *t3 = report_totals_of(1, 0, 0), *r, *h = NULL;
	struct store_report_write w = report_save("vl", 0, d1, 1000);
	int64_t v = -1;

	report_fixture(f->st);
	write_ok(f->st, &w, 1);
	assert_rows_3_2_2(f->url);
	w = report_save("ar", 0, d1, 1000);
	write_ok(f->st, &w, 1);

	/* Past one batch of rows (64), several for the publications. */
	w = report_save("vl", 1, d2, 2000);
	w.actor_login = "coord2";
	write_ok(f->st, &w, 2);
	r = get_report(f->st, "vl");
	assert_int_equal(jint(r, "version"), 2);
	assert_true(json_equal(json_object_get(r, "data"), d2));
	assert_true(json_equal(json_object_get(r, "totals"), t2));
	assert_int_equal(jint(r, "created_at"), 1000);
	assert_int_equal(jint(r, "updated_at"), 2000);
	assert_string_equal(jstr(r, "updated_by"), "coord2");
	json_decref(r);
	assert_int_equal(hook->raw_int(f->url,
				       "SELECT count(*) FROM report_activities a "
				       "JOIN reports r ON r.id = a.report_id WHERE r.org_unit = 'vl'"),
			 70);
	assert_int_equal(hook->raw_int(f->url,
				       "SELECT count(DISTINCT position) FROM report_activities a "
				       "JOIN reports r ON r.id = a.report_id WHERE r.org_unit = 'vl'"),
			 70);
	assert_int_equal(hook->raw_int(f->url,
				       "SELECT max(position) FROM report_publications p "
				       "JOIN reports r ON r.id = p.report_id WHERE r.org_unit = 'vl'"),
			 129);
	/* 35 activities with two audiences, 35 with one; the other report's 5 stay. */
	assert_int_equal(count_rows(f->url, "report_activity_audiences"), 105 + 5);
	assert_int_equal(count_rows(f->url, "report_publications"), 130 + 2);
	assert_int_equal(count_rows(f->url, "report_organizations"), 1 + 2);
	/* The totals columns agree with the child rows. */
	assert_int_equal(hook->raw_int(f->url,
				       "SELECT count(*) FROM reports r WHERE r.participants = "
				       "(SELECT coalesce(sum(participants), 0) FROM report_activities a "
				       "WHERE a.report_id = r.id) AND r.views = "
				       "(SELECT coalesce(sum(views), 0) FROM report_publications p "
				       "WHERE p.report_id = r.id)"),
			 2);

	/* Stale: CONFLICT, the data and the history as they were. */
	w = report_save("vl", 1, d3, 3000);
	assert_int_equal(store_report_write(f->st, &w, &v), STORE_CONFLICT);
	r = get_report(f->st, "vl");
	assert_int_equal(jint(r, "version"), 2);
	assert_true(json_equal(json_object_get(r, "data"), d2));
	json_decref(r);
	assert_int_equal(count_rows(f->url, "report_history"), 3);
	assert_int_equal(count_rows(f->url, "report_activities"), 73);

	/* Smaller again: no rows of the previous version are left. */
	w = report_save("vl", 2, d3, 3000);
	write_ok(f->st, &w, 3);
	r = get_report(f->st, "vl");
	assert_true(json_equal(json_object_get(r, "totals"), t3));
	json_decref(r);
	assert_int_equal(count_rows(f->url, "report_activities"), 1 + 3);
	assert_int_equal(count_rows(f->url, "report_activity_audiences"), 2 + 5);
	assert_int_equal(count_rows(f->url, "report_publications"), 2);
	assert_int_equal(count_rows(f->url, "report_organizations"), 2);
	assert_int_equal(store_report_history(f->st, CAMPAIGN, "vl", &h), STORE_OK);
	assert_int_equal(json_array_size(h), 3);
	json_decref(h);

	json_decref(d1);
	json_decref(d2);
	json_decref(d3);
	json_decref(t2);
	json_decref(t3);
}

static void
test_report_rows_odd(void **state)
{
	struct fx *f = *state;
	json_t *d = report_data("", 1, 0, 0), *act = json_array_get(json_object_get(d, "activities"), 0), *r;
	json_t *big = report_data("", 2, 0, 0);
	struct store_report_write w = report_save("vl", 0, d, 1000);
	int64_t v = -1;

	report_fixture(f->st);
	/* An audience twice, an empty one, numbers as typed text (a draft with errors): kept in the data. */
	assert_int_equal(json_array_append_new(json_object_get(act, "audience"), json_string("children")), 0);
	assert_int_equal(json_array_append_new(json_object_get(act, "audience"), json_string("")), 0);
	assert_int_equal(json_object_set_new(act, "participants", json_string("12 50")), 0);
	assert_int_equal(json_object_set_new(act, "reach", json_integer(40)), 0);
	write_ok(f->st, &w, 1);
	assert_int_equal(count_rows(f->url, "report_activity_audiences"), 2);
	assert_int_equal(hook->raw_int(f->url, "SELECT count(*) FROM report_activities "
					       "WHERE participants IS NULL AND reach = 40"),
			 1);
	r = get_report(f->st, "vl");
	assert_true(json_equal(json_object_get(r, "data"), d));
	assert_int_equal(jint(json_object_get(r, "totals"), "participants"), 0);
	assert_int_equal(jint(json_object_get(r, "totals"), "reach"), 40);
	json_decref(r);

	/* Totals that do not fit: refused, nothing written. */
	act = json_array_get(json_object_get(big, "activities"), 0);
	assert_int_equal(json_object_set_new(act, "reach", json_integer(INT64_MAX)), 0);
	w = report_save("vl", 1, big, 2000);
	assert_int_equal(store_report_write(f->st, &w, &v), STORE_ERROR);
	r = get_report(f->st, "vl");
	assert_int_equal(jint(r, "version"), 1);
	json_decref(r);

	json_decref(d);
	json_decref(big);
}

static void
test_report_status(void **state)
{
	struct fx *f = *state;
	json_t *d1 = report_data("Первая", 3, 2, 2), *d2 = report_data("Вторая", 1, 0, 0), *r, *h = NULL, *e;
	json_t *t1 = report_totals_of(3, 2, 2);
	struct store_report_write w = report_save("vl", 0, d1, 1000);
	int64_t ids, v = -1;

	report_fixture(f->st);
	write_ok(f->st, &w, 1);
	ids = hook->raw_int(f->url, "SELECT sum(id) FROM report_activities");

	/* Submitted late: data and child rows stay, the version moves. */
	w = report_save("vl", 1, NULL, 5000);
	w.status = "submitted";
	w.action = "submit";
	w.submitted_at = 5000;
	w.late = 1;
	write_ok(f->st, &w, 2);
	r = get_report(f->st, "vl");
	assert_string_equal(jstr(r, "status"), "submitted");
	assert_true(json_equal(json_object_get(r, "data"), d1));
	assert_true(json_equal(json_object_get(r, "totals"), t1));
	assert_int_equal(jint(r, "submitted_at"), 5000);
	assert_true(json_is_true(json_object_get(r, "late")));
	assert_int_equal(jint(r, "updated_at"), 5000);
	json_decref(r);
	assert_rows_3_2_2(f->url);
	assert_int_equal(hook->raw_int(f->url, "SELECT sum(id) FROM report_activities"), ids);

	/* Returned with a comment by an admin: submitted_at and late kept. */
	w = report_save("vl", 2, NULL, 6000);
	w.status = "returned";
	w.action = "return";
	w.comment = "Исправьте даты публикаций";
	w.actor_login = "admin";
	write_ok(f->st, &w, 3);
	r = get_report(f->st, "vl");
	assert_string_equal(jstr(r, "status"), "returned");
	assert_string_equal(jstr(r, "last_comment"), "Исправьте даты публикаций");
	assert_int_equal(jint(r, "submitted_at"), 5000);
	assert_true(json_is_true(json_object_get(r, "late")));
	assert_string_equal(jstr(r, "updated_by"), "admin");
	json_decref(r);

	/* A save without a comment keeps the last one; a new submission on time clears late. */
	w = report_save("vl", 3, d2, 7000);
	write_ok(f->st, &w, 4);
	w = report_save("vl", 4, NULL, 8000);
	w.status = "submitted";
	w.action = "submit";
	w.submitted_at = 8000;
	w.late = 0;
	write_ok(f->st, &w, 5);
	r = get_report(f->st, "vl");
	assert_string_equal(jstr(r, "last_comment"), "Исправьте даты публикаций");
	assert_int_equal(jint(r, "submitted_at"), 8000);
	assert_true(json_is_false(json_object_get(r, "late")));
	assert_true(json_equal(json_object_get(r, "data"), d2));
	json_decref(r);

	/* A status outside the list is refused by the schema; nothing changed. */
	w = report_save("vl", 5, NULL, 9000);
	w.status = "deleted";
	assert_int_equal(store_report_write(f->st, &w, &v), STORE_CONFLICT);

	/* The history: newest first, each entry with the data of its version. */
	assert_int_equal(store_report_history(f->st, CAMPAIGN, "vl", &h), STORE_OK);
	assert_int_equal(json_array_size(h), 5);
	e = json_array_get(h, 0);
	assert_int_equal(jint(e, "version"), 5);
	assert_string_equal(jstr(e, "action"), "submit");
	assert_true(json_equal(json_object_get(e, "data"), d2));
	e = json_array_get(h, 1);
	assert_int_equal(jint(e, "version"), 4);
	assert_string_equal(jstr(e, "action"), "save");
	assert_true(json_is_null(json_object_get(e, "comment")));
	assert_true(json_equal(json_object_get(e, "data"), d2));
	e = json_array_get(h, 2);
	assert_int_equal(jint(e, "version"), 3);
	assert_string_equal(jstr(e, "status"), "returned");
	assert_string_equal(jstr(e, "comment"), "Исправьте даты публикаций");
	assert_string_equal(jstr(e, "actor"), "admin");
	assert_int_equal(jint(e, "at"), 6000);
	assert_true(json_equal(json_object_get(e, "data"), d1));
	e = json_array_get(h, 3);
	assert_int_equal(jint(e, "version"), 2);
	assert_string_equal(jstr(e, "status"), "submitted");
	assert_true(json_equal(json_object_get(e, "data"), d1));
	e = json_array_get(h, 4);
	assert_int_equal(jint(e, "version"), 1);
	assert_true(json_equal(json_object_get(e, "data"), d1));
	json_decref(h);

	json_decref(d1);
	json_decref(d2);
	json_decref(t1);
}

static void
test_report_list(void **state)
{
	struct fx *f = *state;
	json_t *d1 = report_data("Первая", 3, 2, 2), *d2 = report_data("Вторая", 1, 0, 0);
	json_t *t1 = report_totals_of(3, 2, 2), *doc = campaign_doc("other", "Другая", "2023-02-01");
	json_t *list = NULL, *item;
	struct store_report_write w = report_save("vl", 0, d1, 1000);
	int inserted = 0;

	report_fixture(f->st);
	assert_int_equal(store_report_list(f->st, CAMPAIGN, &list), STORE_OK);
	assert_int_equal(json_array_size(list), 0);
	json_decref(list);

	write_ok(f->st, &w, 1);
	w = report_save("ar", 0, d2, 1100);
	write_ok(f->st, &w, 1);
	/* A report of another campaign is not listed. */
	assert_int_equal(store_campaign_ensure(f->st, doc, 100, &inserted), STORE_OK);
	w = report_save("25", 0, d2, 1200);
	w.campaign = "other";
	write_ok(f->st, &w, 1);

	assert_int_equal(store_report_list(f->st, CAMPAIGN, &list), STORE_OK);
	assert_int_equal(json_array_size(list), 2);
	item = json_array_get(list, 0);
	assert_string_equal(jstr(item, "org_unit"), "ar");
	assert_string_equal(jstr(item, "org_unit_name"), "Арсеньевский ГО");
	assert_int_equal(jint(item, "updated_at"), 1100);
	item = json_array_get(list, 1);
	assert_string_equal(jstr(item, "org_unit"), "vl");
	assert_string_equal(jstr(item, "campaign"), CAMPAIGN);
	assert_string_equal(jstr(item, "status"), "draft");
	assert_int_equal(jint(item, "version"), 1);
	assert_null(json_object_get(item, "data"));
	assert_true(json_equal(json_object_get(item, "totals"), t1));
	assert_true(json_is_false(json_object_get(item, "late")));
	json_decref(list);

	assert_int_equal(store_report_list(f->st, "none", &list), STORE_OK);
	assert_int_equal(json_array_size(list), 0);
	json_decref(list);
	/* One row of data per report, out of the reports row (migration 4). */
	assert_int_equal(count_rows(f->url, "report_data"), 3);

	json_decref(d1);
	json_decref(d2);
	json_decref(t1);
	json_decref(doc);
}

static void
test_report_notfound(void **state)
{
	struct fx *f = *state;
	json_t *d = report_data("", 1, 1, 1), *got = (json_t *)1, *arr = json_array();
	struct store_report_write w = report_save("vl", 0, d, 1000);
	unsigned long before;
	int64_t v = -1;

	report_fixture(f->st);
	w.campaign = "none";
	assert_int_equal(store_report_write(f->st, &w, &v), STORE_NOTFOUND);
	w.campaign = CAMPAIGN;
	w.org_unit = "zz";
	assert_int_equal(store_report_write(f->st, &w, &v), STORE_NOTFOUND);
	/* An update of a report that was never created. */
	w.org_unit = "vl";
	w.base_version = 1;
	assert_int_equal(store_report_write(f->st, &w, &v), STORE_NOTFOUND);
	w.data = NULL;
	assert_int_equal(store_report_write(f->st, &w, &v), STORE_NOTFOUND);
	w.campaign = "none";
	assert_int_equal(store_report_write(f->st, &w, &v), STORE_NOTFOUND);
	assert_int_equal(v, -1);

	assert_int_equal(store_report_get(f->st, CAMPAIGN, "vl", &got), STORE_NOTFOUND);
	assert_null(got);
	got = (json_t *)1;
	assert_int_equal(store_report_history(f->st, CAMPAIGN, "vl", &got), STORE_NOTFOUND);
	assert_null(got);
	assert_int_equal(store_report_set_lock_exception(f->st, CAMPAIGN, "vl", 5000, 1000), STORE_NOTFOUND);

	/* Misuse: logged and counted. */
	before = store_errors_total();
	w = report_save("vl", 0, NULL, 1000); /* a new report without data */
	assert_int_equal(store_report_write(f->st, &w, &v), STORE_ERROR);
	w.data = arr;
	assert_int_equal(store_report_write(f->st, &w, &v), STORE_ERROR);
	w.data = d;
	w.status = NULL;
	assert_int_equal(store_report_write(f->st, &w, &v), STORE_ERROR);
	w.status = "draft";
	w.base_version = -1;
	assert_int_equal(store_report_write(f->st, &w, &v), STORE_ERROR);
	assert_int_equal(store_errors_total(), before + 4);

	assert_no_reports(f->url);
	/* And no transaction was left open. */
	assert_int_equal(store_begin(f->st, 1), STORE_OK);
	store_rollback(f->st);
	json_decref(d);
	json_decref(arr);
}

static void
test_report_lock_exception(void **state)
{
	struct fx *f = *state;
	json_t *d = report_data("", 1, 0, 0), *r;
	struct store_report_write w = report_save("vl", 0, d, 1000);
	int64_t v = -1;

	report_fixture(f->st);
	write_ok(f->st, &w, 1);
	assert_int_equal(store_report_set_lock_exception(f->st, CAMPAIGN, "vl", 90000, 2000), STORE_OK);
	r = get_report(f->st, "vl");
	assert_int_equal(jint(r, "lock_until"), 90000);
	assert_int_equal(jint(r, "version"), 2);
	assert_int_equal(jint(r, "updated_at"), 2000);
	assert_string_equal(jstr(r, "updated_by"), "coord");
	json_decref(r);
	/* An edit based on the version before the exception is stale. */
	w = report_save("vl", 1, d, 3000);
	assert_int_equal(store_report_write(f->st, &w, &v), STORE_CONFLICT);
	w.base_version = 2;
	write_ok(f->st, &w, 3);
	r = get_report(f->st, "vl");
	assert_int_equal(jint(r, "lock_until"), 90000);
	json_decref(r);

	assert_int_equal(store_report_set_lock_exception(f->st, CAMPAIGN, "vl", 0, 4000), STORE_OK);
	r = get_report(f->st, "vl");
	assert_true(json_is_null(json_object_get(r, "lock_until")));
	assert_int_equal(jint(r, "version"), 4);
	json_decref(r);
	assert_int_equal(store_report_set_lock_exception(f->st, CAMPAIGN, "ar", 0, 4000), STORE_NOTFOUND);
	assert_int_equal(store_report_set_lock_exception(f->st, "none", "vl", 0, 4000), STORE_NOTFOUND);
	json_decref(d);
}

static void
test_report_rollback(void **state)
{
	struct fx *f = *state;
	json_t *d1 = report_data("Первая", 3, 2, 2), *d2 = report_data("Вторая", 70, 5, 0), *r, *list = NULL;
	struct store_report_write w = report_save("vl", 0, d1, 1000);
	struct store_audit_event e = {7, "coord", "report.save", "report", "vl", NULL, 1000, NULL};
	int64_t v = -1, total = -1;

	report_fixture(f->st);
	/* A rolled-back creation leaves nothing. */
	assert_int_equal(store_begin(f->st, 1), STORE_OK);
	write_ok(f->st, &w, 1);
	assert_int_equal(store_audit_add(f->st, &e), STORE_OK);
	r = get_report(f->st, "vl");
	json_decref(r);
	store_rollback(f->st);
	assert_int_equal(store_report_get(f->st, CAMPAIGN, "vl", &r), STORE_NOTFOUND);
	assert_no_reports(f->url);
	assert_int_equal(count_rows(f->url, "audit_events"), 0);

	/* Committed with its audit event. */
	assert_int_equal(store_begin(f->st, 1), STORE_OK);
	write_ok(f->st, &w, 1);
	assert_int_equal(store_audit_add(f->st, &e), STORE_OK);
	assert_int_equal(store_commit(f->st), STORE_OK);
	assert_int_equal(store_audit_list(f->st, 0, 10, &list, &total), STORE_OK);
	assert_int_equal(total, 1);
	json_decref(list);

	/* A rolled-back update leaves version 1, its rows and its history. */
	assert_int_equal(store_begin(f->st, 1), STORE_OK);
	w = report_save("vl", 1, d2, 2000);
	write_ok(f->st, &w, 2);
	store_rollback(f->st);
	r = get_report(f->st, "vl");
	assert_int_equal(jint(r, "version"), 1);
	assert_true(json_equal(json_object_get(r, "data"), d1));
	json_decref(r);
	assert_rows_3_2_2(f->url);
	assert_int_equal(count_rows(f->url, "report_history"), 1);

	/* A conflict inside the caller's transaction keeps the rest of it. */
	assert_int_equal(store_begin(f->st, 1), STORE_OK);
	add_user(f->st, "kept", "juror", NULL);
	w = report_save("vl", 0, d2, 2000);
	assert_int_equal(store_report_write(f->st, &w, &v), STORE_CONFLICT);
	w.org_unit = "zz";
	assert_int_equal(store_report_write(f->st, &w, &v), STORE_NOTFOUND);
	w = report_save("vl", 1, d2, 2000);
	write_ok(f->st, &w, 2);
	assert_int_equal(store_commit(f->st), STORE_OK);
	assert_int_equal(count_rows(f->url, "users"), 1);
	assert_int_equal(count_rows(f->url, "report_activities"), 70);
	assert_int_equal(count_rows(f->url, "report_history"), 2);

	json_decref(d1);
	json_decref(d2);
}

/* One writer of the same report on its own connection. */
struct report_writer {
	struct store *st;
	struct store_report_write w;
	pthread_barrier_t *start; /* NULL: go at once */
	enum store_rc rc;
	atomic_int done;
};

static void *
report_writer_main(void *arg)
{
	struct report_writer *rw = arg;
	int64_t v = 0;

	if (rw->start != NULL)
		pthread_barrier_wait(rw->start);
	rw->rc = store_report_write(rw->st, &rw->w, &v);
	atomic_store(&rw->done, 1);
	return NULL;
}

/* Two connections write from the same base at the same moment: one wins. */
static void
race(struct store *a, struct store *b, const struct store_report_write *w)
{
	struct report_writer rw[2] = {{.st = a, .w = *w}, {.st = b, .w = *w}};
	pthread_barrier_t start;
	pthread_t t[2];
	int i, ok = 0, conflict = 0;

	assert_int_equal(pthread_barrier_init(&start, NULL, 2), 0);
	for (i = 0; i < 2; i++) {
		rw[i].start = &start;
		assert_int_equal(pthread_create(&t[i], NULL, report_writer_main, &rw[i]), 0);
	}
	for (i = 0; i < 2; i++) {
		assert_int_equal(pthread_join(t[i], NULL), 0);
		ok += rw[i].rc == STORE_OK;
		conflict += rw[i].rc == STORE_CONFLICT;
	}
	pthread_barrier_destroy(&start);
	assert_int_equal(ok, 1);
	assert_int_equal(conflict, 1);
}

static void
test_report_two_writers(void **state)
{
	struct fx *f = *state;
	json_t *d1 = report_data("Первая", 3, 2, 2), *d2 = report_data("Вторая", 5, 1, 0);
	json_t *d3 = report_data("Третья", 2, 0, 1), *r;
	struct store_report_write w = report_save("vl", 0, d1, 1000);
	struct store *other = NULL;
	struct report_writer rw = {0};
	pthread_t t;
	int i;

	report_fixture(f->st);
	assert_int_equal(store_open(f->url, &other), STORE_OK);
	write_ok(f->st, &w, 1);

	/*
	 * The first writer holds its transaction open; the second, from the
	 * same base, waits for it and then finds its base stale.
	 */
	assert_int_equal(store_begin(f->st, 1), STORE_OK);
	w = report_save("vl", 1, d2, 2000);
	write_ok(f->st, &w, 2);
	rw.st = other;
	rw.w = report_save("vl", 1, d3, 2100);
	assert_int_equal(pthread_create(&t, NULL, report_writer_main, &rw), 0);
	usleep(300 * 1000);
	assert_int_equal(atomic_load(&rw.done), 0);
	assert_int_equal(store_commit(f->st), STORE_OK);
	assert_int_equal(pthread_join(t, NULL), 0);
	assert_int_equal(rw.rc, STORE_CONFLICT);
	r = get_report(other, "vl");
	assert_int_equal(jint(r, "version"), 2);
	assert_true(json_equal(json_object_get(r, "data"), d2));
	json_decref(r);

	/* At the same moment, several times over: exactly one wins each time. */
	for (i = 0; i < 5; i++) {
		w = report_save("vl", 2 + i, i % 2 ? d1 : d3, 3000 + i);
		race(f->st, other, &w);
	}
	w = report_save("ar", 0, d1, 4000);
	race(f->st, other, &w);
	r = get_report(f->st, "vl");
	assert_int_equal(jint(r, "version"), 7);
	json_decref(r);
	assert_int_equal(count_rows(f->url, "report_history"), 7 + 1);
	/* The child rows are those of the winners' data only: d3 (the last race) and d1. */
	assert_int_equal(count_rows(f->url, "report_activities"), 2 + 3);

	store_close(other);
	json_decref(d1);
	json_decref(d2);
	json_decref(d3);
}

/* Schema version 1 with data in it, then the newest: the data stays. */
static void
test_migrate_v1_data(void **state)
{
	struct fx *f = *state;
	json_t *got = NULL, *list = NULL, *d = report_data("", 1, 0, 0), *doc;
	struct store_report_write w = report_save("vl", 0, d, 1000);
	int from = -1, to = -1, v = -1;
	int64_t total = -1, cv = -1;

	assert_int_equal(store_migrate_to(f->st, 1, &from, &to), STORE_OK);
	assert_int_equal(to, 1);
	assert_int_equal(store_schema_version(f->st, &v), STORE_OK);
	assert_int_equal(v, 1);
	hook->raw_exec(f->url,
		       "INSERT INTO org_units (code, parent, name, kind, version) VALUES "
		       "('25', NULL, 'Приморский край', 'region', 1), "
		       "('vl', '25', 'Владивостокский ГО', 'urban_okrug', 4);"
		       "INSERT INTO users (login, name, role, org_unit, password_hash, disabled, created_at, "
		       "version) VALUES ('coord', 'Мария', 'coordinator', 'vl', '$argon2id$x', 0, 10, 3);"
		       "INSERT INTO campaigns (slug, title, starts, ends, due, time_zone, doc, created_at, "
		       "version) VALUES ('" CAMPAIGN "', 'Хартия', '2022-02-08', '2022-03-08', '2022-03-10', "
		       "'Asia/Vladivostok', '{\"slug\":\"" CAMPAIGN "\",\"title\":\"Хартия\","
		       "\"period\":{\"start\":\"2022-02-08\",\"end\":\"2022-03-08\"},"
		       "\"report_due\":\"2022-03-10\",\"time_zone\":\"Asia/Vladivostok\"}', 77, 2);"
		       "INSERT INTO audit_events (at, actor_login, action, entity, entity_id) VALUES "
		       "(5, 'admin', 'user.create', 'user', 'coord')");

	assert_int_equal(store_migrate(f->st, &from, &to), STORE_OK);
	assert_int_equal(from, 1);
	assert_int_equal(to, store_schema_latest());

	assert_int_equal(store_user_get_by_login(f->st, "coord", &got), STORE_OK);
	assert_string_equal(jstr(got, "name"), "Мария");
	assert_string_equal(jstr(got, "org_unit_name"), "Владивостокский ГО");
	assert_int_equal(jint(got, "version"), 3);
	json_decref(got);
	assert_int_equal(store_org_unit_get(f->st, "vl", &got), STORE_OK);
	assert_int_equal(jint(got, "version"), 4);
	json_decref(got);
	assert_int_equal(store_campaign_get(f->st, CAMPAIGN, &got), STORE_OK);
	assert_string_equal(jstr(got, "title"), "Хартия");
	assert_int_equal(jint(got, "version"), 2);
	json_decref(got);
	assert_int_equal(hook->raw_int(f->url, "SELECT updated_at FROM campaigns"), 77);
	assert_int_equal(store_audit_list(f->st, 0, 10, &list, &total), STORE_OK);
	assert_int_equal(total, 1);
	json_decref(list);

	/* The new schema works on the old rows. */
	write_ok(f->st, &w, 1);
	doc = campaign_doc(CAMPAIGN, "Хартия, изменённая", "2022-02-08");
	assert_int_equal(store_campaign_update(f->st, CAMPAIGN, doc, 2, 500), STORE_OK);
	assert_int_equal(store_campaign_version(f->st, CAMPAIGN, &cv), STORE_OK);
	assert_int_equal(cv, 3);
	json_decref(doc);
	json_decref(d);
}

/* The dashboard's aggregates and the exports. */

/* Sums over the activities of data, per form, audience and date, into acc (an object of objects). */
static void
expect_add(json_t *acc, const char *key, json_t *row, int with_sums)
{
	json_t *e = json_object_get(acc, key), *p = json_object_get(row, "participants"),
	       *r = json_object_get(row, "reach");

	if (e == NULL) {
		e = with_sums ? json_pack("{s:i, s:i, s:i}", "activities", 0, "participants", 0, "reach", 0)
			      : json_pack("{s:i}", "activities", 0);
		assert_non_null(e);
		assert_int_equal(json_object_set_new(acc, key, e), 0);
	}
	assert_int_equal(json_object_set_new(e, "activities", json_integer(jint(e, "activities") + 1)), 0);
	if (!with_sums)
		return;
	/* Null numbers count as 0. */
	assert_int_equal(json_object_set_new(e, "participants",
					     json_integer(jint(e, "participants") + json_integer_value(p))),
			 0);
	assert_int_equal(
		json_object_set_new(e, "reach", json_integer(jint(e, "reach") + json_integer_value(r))), 0);
}

static void
expect_rows(json_t *data, json_t *by_form, json_t *by_audience, json_t *by_day)
{
	json_t *row, *code;
	size_t i, j;

	json_array_foreach(json_object_get(data, "activities"), i, row)
	{
		if (json_string_length(json_object_get(row, "form")) > 0)
			expect_add(by_form, jstr(row, "form"), row, 1);
		json_array_foreach(json_object_get(row, "audience"), j, code)
			expect_add(by_audience, json_string_value(code), row, 1);
		if (json_string_length(json_object_get(row, "date")) > 0)
			expect_add(by_day, jstr(row, "date"), row, 0);
	}
}

/* rows (the store's answer) holds exactly the entries of want, keyed by key, in key order when ordered. */
static void
assert_aggregate(json_t *rows, json_t *want, const char *key, int ordered)
{
	const char *prev = NULL, *k;
	json_t *row, *w, *v;
	size_t i;

	assert_true(json_is_array(rows));
	assert_int_equal(json_array_size(rows), json_object_size(want));
	json_array_foreach(rows, i, row)
	{
		k = jstr(row, key);
		assert_non_null(k);
		w = json_object_get(want, k);
		assert_non_null(w);
		assert_int_equal(json_object_size(row), json_object_size(w) + 1);
		json_object_foreach(w, k, v) assert_int_equal(jint(row, k), json_integer_value(v));
		if (ordered && prev != NULL)
			assert_true(strcmp(prev, jstr(row, key)) < 0);
		prev = jstr(row, key);
	}
}

static void
check_aggregates(struct store *st, const char *campaign, json_t **datas, size_t n)
{
	json_t *form = json_object(), *aud = json_object(), *day = json_object(), *rows = NULL;
	size_t i;

	for (i = 0; i < n; i++)
		expect_rows(datas[i], form, aud, day);
	assert_int_equal(store_campaign_by_form(st, campaign, &rows), STORE_OK);
	assert_aggregate(rows, form, "form", 1);
	json_decref(rows);
	assert_int_equal(store_campaign_by_audience(st, campaign, &rows), STORE_OK);
	assert_aggregate(rows, aud, "audience", 0);
	json_decref(rows);
	assert_int_equal(store_campaign_by_day(st, campaign, &rows), STORE_OK);
	assert_aggregate(rows, day, "date", 1);
	json_decref(rows);
	json_decref(form);
	json_decref(aud);
	json_decref(day);
}

/* Sets field key of row i of data's section to v (stolen). */
static void
set_row(json_t *data, const char *section, size_t i, const char *key, json_t *v)
{
	json_t *row = json_array_get(json_object_get(data, section), i);

	assert_non_null(row);
	assert_non_null(v);
	assert_int_equal(json_object_set_new(row, key, v), 0);
}

static void
assert_empty_aggregates(struct store *st, const char *campaign)
{
	json_t *rows = NULL;

	assert_int_equal(store_campaign_by_form(st, campaign, &rows), STORE_OK);
	assert_int_equal(json_array_size(rows), 0);
	json_decref(rows);
	assert_int_equal(store_campaign_by_audience(st, campaign, &rows), STORE_OK);
	assert_true(json_is_array(rows));
	assert_int_equal(json_array_size(rows), 0);
	json_decref(rows);
	assert_int_equal(store_campaign_by_day(st, campaign, &rows), STORE_OK);
	assert_true(json_is_array(rows));
	assert_int_equal(json_array_size(rows), 0);
	json_decref(rows);
}

static void
test_campaign_aggregates(void **state)
{
	struct fx *f = *state;
	json_t *vl = report_data("", 5, 1, 0), *ar = report_data("", 3, 0, 0),
	       *empty = report_data("", 0, 0, 0);
	json_t *other = report_data("", 4, 0, 0), *vl2 = report_data("", 2, 0, 0), *rows = NULL, *doc;
	json_t *datas[2];
	struct store_report_write w = report_save("vl", 0, vl, 1000);
	int inserted = 0;

	report_fixture(f->st);
	add_unit(f->st, "nk", "25", "Находкинский ГО", "urban_okrug");
	doc = campaign_doc("other", "Другая кампания", "2023-02-08");
	assert_int_equal(store_campaign_ensure(f->st, doc, 100, &inserted), STORE_OK);
	json_decref(doc);
	assert_empty_aggregates(f->st, CAMPAIGN);

	/* Dates out of order, an activity without a form, an audience of its own. */
	set_row(vl, "activities", 0, "date", json_string("2022-03-01"));
	set_row(vl, "activities", 1, "date", json_string("2022-02-09"));
	set_row(vl, "activities", 3, "form", json_string(""));
	set_row(vl, "activities", 4, "audience", json_pack("[s, s]", "specialists", "public"));
	set_row(ar, "activities", 1, "participants", json_integer(1000000));
	write_ok(f->st, &w, 1);
	w = report_save("ar", 0, ar, 1000);
	write_ok(f->st, &w, 1);
	w = report_save("nk", 0, empty, 1000); /* a report with no rows */
	write_ok(f->st, &w, 1);
	w = report_save("vl", 0, other, 1000);
	w.campaign = "other";
	write_ok(f->st, &w, 1);

	datas[0] = vl;
	datas[1] = ar;
	check_aggregates(f->st, CAMPAIGN, datas, 2);
	/* The same, written out: forms contest (vl 0, 2, 4; ar 0, 2) and lesson (vl 1; ar 1). */
	assert_int_equal(store_campaign_by_form(f->st, CAMPAIGN, &rows), STORE_OK);
	assert_int_equal(json_array_size(rows), 2);
	assert_string_equal(jstr(json_array_get(rows, 0), "form"), "contest");
	assert_int_equal(jint(json_array_get(rows, 0), "activities"), 5);
	assert_int_equal(jint(json_array_get(rows, 0), "participants"), 10 + 30 + 10);
	assert_int_equal(jint(json_array_get(rows, 0), "reach"), 300 + 500 + 300);
	assert_string_equal(jstr(json_array_get(rows, 1), "form"), "lesson");
	assert_int_equal(jint(json_array_get(rows, 1), "participants"), 20 + 1000000);
	json_decref(rows);
	assert_int_equal(store_campaign_by_day(f->st, CAMPAIGN, &rows), STORE_OK);
	assert_int_equal(json_array_size(rows), 3);
	assert_string_equal(jstr(json_array_get(rows, 0), "date"), "2022-02-09");
	assert_string_equal(jstr(json_array_get(rows, 1), "date"), "2022-02-15");
	assert_int_equal(jint(json_array_get(rows, 1), "activities"), 2 + 2);
	assert_string_equal(jstr(json_array_get(rows, 2), "date"), "2022-03-01");
	json_decref(rows);
	assert_int_equal(store_campaign_by_audience(f->st, CAMPAIGN, &rows), STORE_OK);
	assert_int_equal(json_array_size(rows), 5);
	assert_string_equal(jstr(json_array_get(rows, 0), "audience"), "children");
	assert_int_equal(jint(json_array_get(rows, 0), "activities"), 2 + 2);
	assert_string_equal(jstr(json_array_get(rows, 4), "audience"), "public");
	assert_int_equal(jint(json_array_get(rows, 4), "activities"), 1);
	assert_int_equal(jint(json_array_get(rows, 4), "participants"), 0); /* vl 4: the last, null */
	assert_int_equal(jint(json_array_get(rows, 4), "reach"), 500);
	json_decref(rows);

	/* The other campaign counts apart; an unknown one is empty. */
	datas[0] = other;
	check_aggregates(f->st, "other", datas, 1);
	assert_empty_aggregates(f->st, "no-such-campaign");

	/* A rewrite replaces the rows; a change of status keeps them. */
	w = report_save("vl", 1, vl2, 2000);
	write_ok(f->st, &w, 2);
	w = report_save("vl", 2, NULL, 3000);
	w.status = "submitted";
	w.action = "submit";
	write_ok(f->st, &w, 3);
	datas[0] = vl2;
	datas[1] = ar;
	check_aggregates(f->st, CAMPAIGN, datas, 2);

	json_decref(vl);
	json_decref(vl2);
	json_decref(ar);
	json_decref(empty);
	json_decref(other);
}

/* An export's callback: copies each row into rows; returns -1 at row stop_at (from 1), if set. */
struct collect {
	json_t *rows;
	int calls;
	int stop_at;
	int64_t last_position;
	char last_unit[32];
	int ordered; /* every row came after the one before (org unit, then position) */
	PGconn *pg; /* PostgreSQL: the store's connection, to look at its cursors */
	int64_t cursors; /* PostgreSQL: open cursors seen at the first row */
};

static json_t *
jstr_or_null(const char *s)
{
	return s != NULL ? json_string(s) : json_null();
}

/* Checks the order against the row before; -1 when the callback must stop. */
static int
collect_base(struct collect *c, const struct store_export_base *b, json_t *o)
{
	int cmp;

	c->calls++;
	assert_non_null(b->org_unit);
	if (c->pg != NULL && c->calls == 1)
		c->cursors = pg_conn_int(c->pg, "SELECT count(*) FROM pg_cursors");
	cmp = strcmp(c->last_unit, b->org_unit);
	if (c->calls > 1 && (cmp > 0 || (cmp == 0 && b->position != c->last_position + 1)))
		c->ordered = 0;
	if (cmp != 0 && b->position != 0)
		c->ordered = 0;
	assert_true(snprintf(c->last_unit, sizeof(c->last_unit), "%s", b->org_unit) <
		    (int)sizeof(c->last_unit));
	c->last_position = b->position;
	if (o != NULL) {
		assert_int_equal(json_object_set_new(o, "org_unit", json_string(b->org_unit)), 0);
		assert_int_equal(json_object_set_new(o, "org_unit_name", jstr_or_null(b->org_unit_name)), 0);
		assert_int_equal(json_object_set_new(o, "org_unit_kind", jstr_or_null(b->org_unit_kind)), 0);
		assert_int_equal(json_object_set_new(o, "status", jstr_or_null(b->status)), 0);
		assert_int_equal(json_object_set_new(o, "position", json_integer(b->position)), 0);
		if (c->rows != NULL)
			push(c->rows, o);
		else
			json_decref(o);
	}
	return c->stop_at > 0 && c->calls == c->stop_at ? -1 : 0;
}

static json_t *
num_or_null(int has, int64_t v)
{
	return has ? json_integer(v) : json_null();
}

static int
collect_activity(void *ctx, const struct store_export_activity *a)
{
	struct collect *c = ctx;
	json_t *o = c->rows != NULL
			    ? json_pack("{s:o, s:o, s:o, s:o, s:s, s:s, s:o, s:o}", "form",
					jstr_or_null(a->form), "date", jstr_or_null(a->date), "title",
					jstr_or_null(a->title), "description", jstr_or_null(a->description),
					"audience", a->audience, "links", a->links, "participants",
					num_or_null(a->has_participants, a->participants), "reach",
					num_or_null(a->has_reach, a->reach))
			    : NULL;

	assert_true(c->rows == NULL || o != NULL);
	assert_non_null(a->audience);
	assert_non_null(a->links);
	return collect_base(c, &a->b, o);
}

static int
collect_publication(void *ctx, const struct store_export_publication *p)
{
	struct collect *c = ctx;
	json_t *o = json_pack("{s:o, s:o, s:o, s:o, s:b, s:b}", "url", jstr_or_null(p->url), "network",
			      jstr_or_null(p->network), "date", jstr_or_null(p->date), "views",
			      num_or_null(p->has_views, p->views), "has_hashtag", p->has_hashtag,
			      "has_alliance_link", p->has_alliance_link);

	assert_non_null(o);
	return collect_base(c, &p->b, o);
}

static int
collect_organization(void *ctx, const struct store_export_organization *g)
{
	struct collect *c = ctx;
	json_t *o = json_pack("{s:o, s:o, s:o, s:o}", "name", jstr_or_null(g->name), "kind",
			      jstr_or_null(g->kind), "inn", jstr_or_null(g->inn), "joined",
			      jstr_or_null(g->joined));

	assert_non_null(o);
	return collect_base(c, &g->b, o);
}

static void
collect_init(struct collect *c, int keep)
{
	memset(c, 0, sizeof(*c));
	c->rows = keep ? json_array() : NULL;
	c->ordered = 1;
	if (keep)
		assert_non_null(c->rows);
}

static void
test_export(void **state)
{
	struct fx *f = *state;
	json_t *vl = report_data("", 3, 2, 2), *ar = report_data("", 1, 1, 1), *row;
	struct store_report_write w = report_save("vl", 0, vl, 1000);
	struct collect c;
	unsigned long errors;

	report_fixture(f->st);
	/* Audience codes come out in their fixed order, whatever the data's. */
	set_row(ar, "activities", 0, "audience", json_pack("[s, s, s]", "public", "teachers", "children"));
	set_row(ar, "activities", 0, "title", json_string("Квест «Цифровой след» — ёлка"));
	set_row(ar, "activities", 0, "description", json_string(""));
	set_row(ar, "activities", 0, "links",
		json_pack("[{s:s}, s]", "url", "https://vk.com/wall-1_9", "https://ok.ru/group/1"));
	write_ok(f->st, &w, 1);
	w = report_save("ar", 0, ar, 1000);
	w.status = "submitted";
	w.action = "submit";
	write_ok(f->st, &w, 1);

	collect_init(&c, 1);
	assert_int_equal(store_export_activities(f->st, CAMPAIGN, collect_activity, &c), STORE_OK);
	assert_int_equal(c.calls, 4);
	assert_true(c.ordered);
	/* ar before vl. */
	row = json_array_get(c.rows, 0);
	assert_string_equal(jstr(row, "org_unit"), "ar");
	assert_string_equal(jstr(row, "org_unit_name"), "Арсеньевский ГО");
	assert_string_equal(jstr(row, "org_unit_kind"), "urban_okrug");
	assert_string_equal(jstr(row, "status"), "submitted");
	assert_int_equal(jint(row, "position"), 0);
	assert_string_equal(jstr(row, "title"), "Квест «Цифровой след» — ёлка");
	assert_true(json_is_null(json_object_get(row, "description")));
	assert_string_equal(jstr(row, "audience"), "children,teachers,public");
	assert_string_equal(jstr(row, "links"), "https://vk.com/wall-1_9 https://ok.ru/group/1");
	assert_true(json_is_null(json_object_get(row, "participants"))); /* the last activity */
	assert_true(json_is_null(json_object_get(row, "reach"))); /* the first */
	row = json_array_get(c.rows, 1);
	assert_string_equal(jstr(row, "org_unit"), "vl");
	assert_string_equal(jstr(row, "status"), "draft");
	assert_string_equal(jstr(row, "form"), "contest");
	assert_string_equal(jstr(row, "date"), "2022-02-15");
	assert_string_equal(jstr(row, "title"), "Урок цифровой этики №0");
	assert_string_equal(jstr(row, "description"), "Рассказали о «правилах» в сети");
	assert_string_equal(jstr(row, "audience"), "children,parents");
	assert_string_equal(jstr(row, "links"), "");
	assert_int_equal(jint(row, "participants"), 10);
	row = json_array_get(c.rows, 2);
	assert_int_equal(jint(row, "position"), 1);
	assert_string_equal(jstr(row, "audience"), "teachers");
	assert_string_equal(jstr(row, "links"), "https://t.me/s/ch/1");
	assert_int_equal(jint(row, "reach"), 200);
	row = json_array_get(c.rows, 3);
	assert_true(json_is_null(json_object_get(row, "date")));
	assert_string_equal(jstr(row, "links"), "https://t.me/s/ch/1 https://t.me/s/ch/1");
	assert_true(json_is_null(json_object_get(row, "participants")));
	assert_int_equal(jint(row, "reach"), 300);
	json_decref(c.rows);

	collect_init(&c, 1);
	assert_int_equal(store_export_publications(f->st, CAMPAIGN, collect_publication, &c), STORE_OK);
	assert_int_equal(c.calls, 3);
	assert_true(c.ordered);
	row = json_array_get(c.rows, 1);
	assert_string_equal(jstr(row, "org_unit"), "vl");
	assert_string_equal(jstr(row, "url"), "https://vk.com/wall-1_0");
	assert_string_equal(jstr(row, "network"), "vk");
	assert_true(json_is_null(json_object_get(row, "date")));
	assert_int_equal(jint(row, "views"), 1000);
	assert_true(json_is_true(json_object_get(row, "has_hashtag")));
	assert_true(json_is_true(json_object_get(row, "has_alliance_link")));
	row = json_array_get(c.rows, 2);
	assert_string_equal(jstr(row, "date"), "2022-02-20");
	assert_true(json_is_null(json_object_get(row, "views")));
	assert_true(json_is_false(json_object_get(row, "has_hashtag")));
	assert_true(json_is_false(json_object_get(row, "has_alliance_link")));
	json_decref(c.rows);

	collect_init(&c, 1);
	assert_int_equal(store_export_organizations(f->st, CAMPAIGN, collect_organization, &c), STORE_OK);
	assert_int_equal(c.calls, 3);
	assert_true(c.ordered);
	row = json_array_get(c.rows, 1);
	assert_string_equal(jstr(row, "name"), "МБОУ «СОШ № 1»");
	assert_string_equal(jstr(row, "kind"), "school");
	assert_string_equal(jstr(row, "inn"), "2536000000");
	assert_true(json_is_null(json_object_get(row, "joined")));
	assert_true(json_is_null(json_object_get(json_array_get(c.rows, 2), "inn")));
	json_decref(c.rows);

	/* The callback's -1 stops the export at once: STORE_ERROR, not counted as a database error. */
	errors = store_errors_total();
	collect_init(&c, 0);
	c.stop_at = 2;
	assert_int_equal(store_export_activities(f->st, CAMPAIGN, collect_activity, &c), STORE_ERROR);
	assert_int_equal(c.calls, 2);
	assert_int_equal(store_errors_total(), errors);
	/* The store goes on: inside a transaction of the caller, which stays usable. */
	assert_int_equal(store_begin(f->st, 0), STORE_OK);
	collect_init(&c, 0);
	assert_int_equal(store_export_organizations(f->st, CAMPAIGN, collect_organization, &c), STORE_OK);
	assert_int_equal(c.calls, 3);
	row = get_report(f->st, "vl");
	json_decref(row);
	store_rollback(f->st);

	/* An unknown campaign has no rows; no callback is a fault. */
	collect_init(&c, 0);
	assert_int_equal(store_export_activities(f->st, "no-such-campaign", collect_activity, &c), STORE_OK);
	assert_int_equal(c.calls, 0);
	assert_int_equal(store_export_activities(f->st, CAMPAIGN, NULL, &c), STORE_ERROR);
	assert_int_equal(store_export_publications(f->st, NULL, collect_publication, &c), STORE_ERROR);

	json_decref(vl);
	json_decref(ar);
}

/*
 * Many rows: 5 reports of 1,000 activities, so on PostgreSQL the cursor's
 * batches end exactly at the end of each report and of the export.
 */
static void
test_export_many(void **state)
{
	struct fx *f = *state;
	json_t *d = report_data("", 1000, 0, 0);
	struct store_report_write w;
	char code[8], name[32];
	struct collect c;
	int i;

	report_fixture(f->st);
	assert_int_equal(store_begin(f->st, 1), STORE_OK);
	for (i = 0; i < 5; i++) {
		assert_true(snprintf(code, sizeof(code), "m%d", i) < (int)sizeof(code));
		assert_true(snprintf(name, sizeof(name), "Округ %d", i) < (int)sizeof(name));
		add_unit(f->st, code, "25", name, "municipal_okrug");
		w = report_save(code, 0, d, 1000);
		write_ok(f->st, &w, 1);
	}
	assert_int_equal(store_commit(f->st), STORE_OK);

	collect_init(&c, 0);
	c.pg = store_postgres_handle(f->st);
	assert_int_equal(store_export_activities(f->st, CAMPAIGN, collect_activity, &c), STORE_OK);
	assert_int_equal(c.calls, 5000);
	assert_true(c.ordered);
	assert_string_equal(c.last_unit, "m4");
	assert_int_equal(c.last_position, 999);
	/* On PostgreSQL the rows came through a cursor, not one result of 5,000 rows. */
	if (c.pg != NULL)
		assert_int_equal(c.cursors, 1);

	/* Stopped in the middle of a batch, then again at its end: the next export starts afresh. */
	collect_init(&c, 0);
	c.stop_at = 2500;
	assert_int_equal(store_export_activities(f->st, CAMPAIGN, collect_activity, &c), STORE_ERROR);
	assert_int_equal(c.calls, 2500);
	collect_init(&c, 0);
	c.stop_at = 1000;
	assert_int_equal(store_export_activities(f->st, CAMPAIGN, collect_activity, &c), STORE_ERROR);
	collect_init(&c, 0);
	assert_int_equal(store_export_activities(f->st, CAMPAIGN, collect_activity, &c), STORE_OK);
	assert_int_equal(c.calls, 5000);
	assert_true(c.ordered);

	/*
	 * Exports in the caller's transaction, one stopped: each closes its
	 * cursor (another one would be a leak until the transaction ends).
	 */
	assert_int_equal(store_begin(f->st, 0), STORE_OK);
	collect_init(&c, 0);
	c.pg = store_postgres_handle(f->st);
	c.stop_at = 1500;
	assert_int_equal(store_export_activities(f->st, CAMPAIGN, collect_activity, &c), STORE_ERROR);
	if (c.pg != NULL) {
		assert_int_equal(c.cursors, 1);
		assert_int_equal(pg_conn_int(c.pg, "SELECT count(*) FROM pg_cursors"), 0);
	}
	collect_init(&c, 0);
	c.pg = store_postgres_handle(f->st);
	assert_int_equal(store_export_activities(f->st, CAMPAIGN, collect_activity, &c), STORE_OK);
	assert_int_equal(c.calls, 5000);
	if (c.pg != NULL) {
		assert_int_equal(c.cursors, 1);
		assert_int_equal(pg_conn_int(c.pg, "SELECT count(*) FROM pg_cursors"), 0);
	}
	assert_int_equal(store_commit(f->st), STORE_OK);
	json_decref(d);
}

/* The mail outbox. */

static int64_t
enqueue(struct store *st, const char *to, const char *dedup, int64_t now)
{
	struct store_mail_new m = {to,
				   "Напоминание: отчёт до 10 марта",
				   "Здравствуйте!\nОтчёт ждём.",
				   "reminder",
				   dedup,
				   CAMPAIGN,
				   "vl",
				   now,
				   0};
	int64_t id = -1;

	assert_int_equal(store_mail_enqueue(st, &m, &id), STORE_OK);
	assert_true(id > 0);
	return id;
}

static void
assert_counts(struct store *st, int queued, int sent, int failed)
{
	json_t *c = NULL;

	assert_int_equal(store_mail_counts(st, &c), STORE_OK);
	assert_int_equal(json_object_size(c), 3);
	assert_int_equal(jint(c, "queued"), queued);
	assert_int_equal(jint(c, "sent"), sent);
	assert_int_equal(jint(c, "failed"), failed);
	json_decref(c);
}

/* The ids of store_mail_due(now, limit), in order, into ids; their count. */
static size_t
due_ids(struct store *st, int64_t now, int64_t limit, int64_t *ids, size_t n)
{
	json_t *list = NULL, *m;
	size_t i;

	assert_int_equal(store_mail_due(st, now, limit, &list), STORE_OK);
	assert_true(json_array_size(list) <= n);
	json_array_foreach(list, i, m)
	{
		assert_string_equal(jstr(m, "status"), "queued");
		ids[i] = jint(m, "id");
	}
	i = json_array_size(list);
	json_decref(list);
	return i;
}

static void
test_mail_outbox(void **state)
{
	struct fx *f = *state;
	struct store_mail_new m = {"a@example.ru", "Тема", "Текст", "notification", "report:vl:submit", NULL,
				   NULL,           100,    0};
	json_t *list = NULL, *mail;
	int64_t a, b, c, d, id = -1, ids[8], total = -1;

	assert_counts(f->st, 0, 0, 0);
	a = enqueue(f->st, "vl@example.ru", "reminder:charter-2022:vl:2022-03-09", 100);
	b = enqueue(f->st, "ar@example.ru", NULL, 200);
	c = enqueue(f->st, "nk@example.ru", NULL, 150); /* NULL keys never collide */
	assert_true(a < b && b < c);
	assert_counts(f->st, 3, 0, 0);

	/* A used dedup key: CONFLICT, nothing queued. */
	m.dedup_key = "reminder:charter-2022:vl:2022-03-09";
	assert_int_equal(store_mail_enqueue(f->st, &m, &id), STORE_CONFLICT);
	assert_counts(f->st, 3, 0, 0);
	/* ... also inside a transaction, which stays usable. */
	assert_int_equal(store_begin(f->st, 1), STORE_OK);
	assert_int_equal(store_mail_enqueue(f->st, &m, &id), STORE_CONFLICT);
	m.dedup_key = "report:vl:submit";
	assert_int_equal(store_mail_enqueue(f->st, &m, &id), STORE_OK);
	d = id;
	assert_int_equal(store_commit(f->st), STORE_OK);
	assert_counts(f->st, 4, 0, 0);

	/* Due at now: by next attempt (here the time queued), then id; later ones wait. */
	assert_int_equal(due_ids(f->st, 99, 10, ids, 8), 0);
	assert_int_equal(due_ids(f->st, 150, 10, ids, 8), 3);
	assert_int_equal(ids[0], a);
	assert_int_equal(ids[1], d);
	assert_int_equal(ids[2], c);
	assert_int_equal(due_ids(f->st, 1000, 2, ids, 8), 2);
	assert_int_equal(ids[1], d);

	/* The model. */
	assert_int_equal(store_mail_due(f->st, 100, 1, &list), STORE_OK);
	mail = json_array_get(list, 0);
	assert_int_equal(jint(mail, "id"), a);
	assert_string_equal(jstr(mail, "to"), "vl@example.ru");
	assert_string_equal(jstr(mail, "subject"), "Напоминание: отчёт до 10 марта");
	assert_string_equal(jstr(mail, "body"), "Здравствуйте!\nОтчёт ждём.");
	assert_string_equal(jstr(mail, "kind"), "reminder");
	assert_string_equal(jstr(mail, "dedup_key"), "reminder:charter-2022:vl:2022-03-09");
	assert_string_equal(jstr(mail, "status"), "queued");
	assert_int_equal(jint(mail, "attempts"), 0);
	assert_true(json_is_null(json_object_get(mail, "last_error")));
	assert_int_equal(jint(mail, "created_at"), 100);
	assert_int_equal(jint(mail, "next_attempt_at"), 100);
	assert_true(json_is_null(json_object_get(mail, "sent_at")));
	assert_string_equal(jstr(mail, "campaign"), CAMPAIGN);
	assert_string_equal(jstr(mail, "org_unit"), "vl");
	assert_int_equal(jint(mail, "version"), 1);
	json_decref(list);

	/* Sent once; a second mark finds no queued mail. */
	assert_int_equal(store_mail_mark_sent(f->st, a, 300), STORE_OK);
	assert_int_equal(store_mail_mark_sent(f->st, a, 301), STORE_NOTFOUND);
	assert_int_equal(store_mail_mark_sent(f->st, 999999, 301), STORE_NOTFOUND);
	/* Failed with a retry: still queued, due only from then on. */
	assert_int_equal(store_mail_mark_failed(f->st, d, "421 4.7.0 try again later", 1000), STORE_OK);
	assert_int_equal(due_ids(f->st, 999, 10, ids, 8), 2);
	assert_int_equal(ids[0], c);
	assert_int_equal(ids[1], b);
	assert_int_equal(due_ids(f->st, 1000, 10, ids, 8), 3);
	assert_int_equal(ids[2], d);
	/* Failed for good. */
	assert_int_equal(store_mail_mark_failed(f->st, d, "550 5.1.1 нет такого ящика", 0), STORE_OK);
	assert_int_equal(store_mail_mark_failed(f->st, d, "again", 2000), STORE_NOTFOUND);
	assert_int_equal(store_mail_mark_failed(f->st, a, "after sent", 2000), STORE_NOTFOUND);
	assert_int_equal(due_ids(f->st, 5000, 10, ids, 8), 2);
	assert_counts(f->st, 2, 1, 1);

	/* Lists: newest first, by status, paged, with the total. */
	assert_int_equal(store_mail_list(f->st, NULL, 0, 10, &list, &total), STORE_OK);
	assert_int_equal(total, 4);
	assert_int_equal(json_array_size(list), 4);
	assert_int_equal(jint(json_array_get(list, 0), "id"), d);
	assert_int_equal(jint(json_array_get(list, 3), "id"), a);
	mail = json_array_get(list, 0);
	assert_string_equal(jstr(mail, "status"), "failed");
	assert_int_equal(jint(mail, "attempts"), 2);
	assert_string_equal(jstr(mail, "last_error"), "550 5.1.1 нет такого ящика");
	assert_true(json_is_null(json_object_get(mail, "campaign")));
	assert_int_equal(jint(mail, "version"), 3);
	mail = json_array_get(list, 3);
	assert_string_equal(jstr(mail, "status"), "sent");
	assert_int_equal(jint(mail, "sent_at"), 300);
	assert_int_equal(jint(mail, "attempts"), 1);
	json_decref(list);
	assert_int_equal(store_mail_list(f->st, "queued", 1, 1, &list, &total), STORE_OK);
	assert_int_equal(total, 2);
	assert_int_equal(json_array_size(list), 1);
	assert_int_equal(jint(json_array_get(list, 0), "id"), b);
	json_decref(list);
	assert_int_equal(store_mail_list(f->st, "sent", 0, 10, &list, &total), STORE_OK);
	assert_int_equal(total, 1);
	assert_int_equal(jint(json_array_get(list, 0), "id"), a);
	json_decref(list);

	/* A mail queued in a transaction that rolls back is gone, and its key is free again. */
	assert_int_equal(store_begin(f->st, 1), STORE_OK);
	enqueue(f->st, "x@example.ru", "reminder:charter-2022:ar:2022-03-09", 400);
	assert_counts(f->st, 3, 1, 1);
	store_rollback(f->st);
	assert_counts(f->st, 2, 1, 1);
	assert_int_equal(due_ids(f->st, 5000, 10, ids, 8), 2);
	enqueue(f->st, "x@example.ru", "reminder:charter-2022:ar:2022-03-09", 400);
	assert_counts(f->st, 3, 1, 1);
}

static void
test_mail_bad(void **state)
{
	struct fx *f = *state;
	struct store_mail_new m = {NULL, "Тема", "Текст", "test", NULL, NULL, NULL, 100, 0};
	json_t *list = NULL;
	int64_t id = -1, total = -1;

	assert_int_equal(store_mail_enqueue(f->st, &m, &id), STORE_ERROR);
	m.to = "a@example.ru";
	m.body = NULL;
	assert_int_equal(store_mail_enqueue(f->st, &m, &id), STORE_ERROR);
	assert_int_equal(id, -1);
	assert_int_equal(store_mail_due(f->st, 100, 0, &list), STORE_ERROR);
	assert_null(list);
	assert_int_equal(store_mail_list(f->st, NULL, -1, 10, &list, &total), STORE_ERROR);
	assert_int_equal(store_mail_list(f->st, NULL, 0, 0, &list, &total), STORE_ERROR);
	assert_null(list);
	assert_int_equal(store_mail_list(f->st, "no-such-status", 0, 10, &list, &total), STORE_OK);
	assert_int_equal(total, 0);
	assert_int_equal(json_array_size(list), 0);
	json_decref(list);
	assert_counts(f->st, 0, 0, 0);
}

/*
 * Users' e-mail (migration 4): given at creation or not, set, changed and
 * cleared, each a new version; the session's user carries it too.
 */
static void
test_user_email(void **state)
{
	struct fx *f = *state;
	struct store_user_new nu = {.login = "mailer",
				    .role = "admin",
				    .password_hash = "$argon2id$x",
				    .now = 5,
				    .email = "mailer@primorsky.ru"};
	json_t *u = NULL, *list = NULL, *s = NULL;
	int64_t id = 0, plain;

	assert_int_equal(store_user_add(f->st, &nu, &id), STORE_OK);
	plain = add_user(f->st, "plain", "juror", NULL);
	assert_int_equal(store_user_get(f->st, id, &u), STORE_OK);
	assert_string_equal(jstr(u, "email"), "mailer@primorsky.ru");
	assert_int_equal(jint(u, "version"), 1);
	json_decref(u);
	assert_int_equal(store_user_get_by_login(f->st, "plain", &u), STORE_OK);
	assert_true(json_is_null(json_object_get(u, "email")));
	json_decref(u);

	assert_int_equal(store_user_set_email(f->st, plain, "Плейн@почта.рф"), STORE_OK);
	assert_int_equal(store_user_get(f->st, plain, &u), STORE_OK);
	assert_string_equal(jstr(u, "email"), "Плейн@почта.рф");
	assert_int_equal(jint(u, "version"), 2);
	json_decref(u);
	assert_int_equal(store_user_list(f->st, &list), STORE_OK);
	assert_string_equal(jstr(json_array_get(list, 0), "login"), "mailer");
	assert_string_equal(jstr(json_array_get(list, 0), "email"), "mailer@primorsky.ru");
	assert_string_equal(jstr(json_array_get(list, 1), "email"), "Плейн@почта.рф");
	json_decref(list);

	add_session(f->st, TOKEN_A, id, 100, 1000, 2000);
	assert_int_equal(store_session_get(f->st, TOKEN_A, 100, &s), STORE_OK);
	assert_string_equal(jstr(json_object_get(s, "user"), "email"), "mailer@primorsky.ru");
	json_decref(s);

	/* NULL clears it; an unknown user is NOTFOUND and nothing changes. */
	assert_int_equal(store_user_set_email(f->st, id, NULL), STORE_OK);
	assert_int_equal(store_user_get(f->st, id, &u), STORE_OK);
	assert_true(json_is_null(json_object_get(u, "email")));
	assert_int_equal(jint(u, "version"), 2);
	json_decref(u);
	assert_int_equal(store_user_set_email(f->st, 999999, "x@y.ru"), STORE_NOTFOUND);
	assert_int_equal(hook->raw_int(f->url, "SELECT count(*) FROM users WHERE email = 'x@y.ru'"), 0);
}

/* The summary export: one row per municipality, its report (or none) and totals. */

struct summary_collect {
	json_t *rows;
	int calls, stop_at;
};

static int
collect_summary(void *ctx, const struct store_export_summary_row *u)
{
	struct summary_collect *c = ctx;
	json_t *o;

	c->calls++;
	assert_non_null(u->org_unit);
	assert_non_null(u->org_unit_name);
	assert_non_null(u->org_unit_kind);
	/* No report: no status, no submission, zeros. */
	if (u->status == NULL) {
		assert_false(u->has_submitted);
		assert_int_equal(u->activities + u->participants + u->reach + u->publications + u->views +
					 u->organizations,
				 0);
	}
	o = json_pack("{s:s, s:s, s:s, s:o, s:o, s:b, s:[IIIIII]}", "code", u->org_unit, "name",
		      u->org_unit_name, "kind", u->org_unit_kind, "status", jstr_or_null(u->status),
		      "submitted_at", num_or_null(u->has_submitted, u->submitted_at), "late", u->late,
		      "totals", (json_int_t)u->activities, (json_int_t)u->participants, (json_int_t)u->reach,
		      (json_int_t)u->publications, (json_int_t)u->views, (json_int_t)u->organizations);
	push(c->rows, o);
	return c->stop_at > 0 && c->calls == c->stop_at ? -1 : 0;
}

static json_t *
summary_rows(struct store *st, const char *campaign)
{
	struct summary_collect c = {json_array(), 0, 0};

	assert_non_null(c.rows);
	assert_int_equal(store_export_summary(st, campaign, collect_summary, &c), STORE_OK);
	assert_int_equal(c.calls, (int)json_array_size(c.rows));
	return c.rows;
}

static void
test_export_summary(void **state)
{
	struct fx *f = *state;
	json_t *vl = report_data("", 3, 2, 2), *ar = report_data("", 1, 1, 1), *rows, *row, *want;
	json_t *doc = campaign_doc("other", "Другая", "2023-02-01");
	struct store_report_write w = report_save("vl", 0, vl, 1000);
	struct summary_collect c = {NULL, 0, 2};
	int inserted = 0;

	report_fixture(f->st);
	add_unit(f->st, "zz", "25", "Анучинский МР", "municipal_district");
	add_unit(f->st, "nk", "25", "Надеждинский МО", "municipal_okrug");
	add_unit(f->st, "ab", "25", "Надеждинский МО", "municipal_okrug");

	/* Before any report: every unit but the root, by kind, name, code; nothing started. */
	rows = summary_rows(f->st, CAMPAIGN);
	assert_int_equal(json_array_size(rows), 5);
	assert_string_equal(jstr(json_array_get(rows, 0), "code"), "ar");
	assert_string_equal(jstr(json_array_get(rows, 1), "code"), "vl");
	assert_string_equal(jstr(json_array_get(rows, 2), "code"), "ab");
	assert_string_equal(jstr(json_array_get(rows, 3), "code"), "nk");
	assert_string_equal(jstr(json_array_get(rows, 4), "code"), "zz");
	json_decref(rows);

	write_ok(f->st, &w, 1);
	w = report_save("ar", 0, ar, 1100);
	write_ok(f->st, &w, 1);
	w = report_save("ar", 1, NULL, 3000);
	w.status = "submitted";
	w.action = "submit";
	w.submitted_at = 3000;
	w.late = 1;
	write_ok(f->st, &w, 2);
	/* Another campaign's report of the same unit stays out. */
	assert_int_equal(store_campaign_ensure(f->st, doc, 100, &inserted), STORE_OK);
	w = report_save("zz", 0, vl, 1200);
	w.campaign = "other";
	write_ok(f->st, &w, 1);

	rows = summary_rows(f->st, CAMPAIGN);
	assert_int_equal(json_array_size(rows), 5);
	row = json_array_get(rows, 0);
	want = json_pack("{s:s, s:s, s:s, s:s, s:i, s:b, s:[iiiiii]}", "code", "ar", "name",
			 "Арсеньевский ГО", "kind", "urban_okrug", "status", "submitted", "submitted_at",
			 3000, "late", 1, "totals", 1, 0, 0, 1, 1000, 1);
	assert_true(json_equal(row, want));
	json_decref(want);
	row = json_array_get(rows, 1);
	want = json_pack("{s:s, s:s, s:s, s:s, s:n, s:b, s:[iiiiii]}", "code", "vl", "name",
			 "Владивостокский ГО", "kind", "urban_okrug", "status", "draft", "submitted_at",
			 "late", 0, "totals", 3, 30, 500, 2, 1000, 2);
	assert_true(json_equal(row, want));
	json_decref(want);
	row = json_array_get(rows, 4);
	assert_string_equal(jstr(row, "code"), "zz");
	assert_true(json_is_null(json_object_get(row, "status")));
	json_decref(rows);

	/* The other campaign: zz alone has a report. */
	rows = summary_rows(f->st, "other");
	assert_int_equal(json_array_size(rows), 5);
	assert_string_equal(jstr(json_array_get(rows, 4), "status"), "draft");
	assert_true(json_is_null(json_object_get(json_array_get(rows, 0), "status")));
	json_decref(rows);

	/* An unknown campaign: every unit, none started. */
	rows = summary_rows(f->st, "none");
	assert_int_equal(json_array_size(rows), 5);
	json_decref(rows);

	/* In the caller's read transaction too (one snapshot with other reads). */
	assert_int_equal(store_begin(f->st, 0), STORE_OK);
	rows = summary_rows(f->st, CAMPAIGN);
	assert_int_equal(json_array_size(rows), 5);
	json_decref(rows);
	store_rollback(f->st);

	/* The callback stops it: STORE_ERROR after exactly that row; bad arguments. */
	c.rows = json_array();
	assert_int_equal(store_export_summary(f->st, CAMPAIGN, collect_summary, &c), STORE_ERROR);
	assert_int_equal(c.calls, 2);
	json_decref(c.rows);
	assert_int_equal(store_export_summary(f->st, NULL, collect_summary, &c), STORE_ERROR);
	assert_int_equal(store_export_summary(f->st, CAMPAIGN, NULL, &c), STORE_ERROR);
	/* And the connection is still usable, outside any transaction. */
	assert_int_equal(store_begin(f->st, 1), STORE_OK);
	store_rollback(f->st);

	json_decref(vl);
	json_decref(ar);
	json_decref(doc);
}

/* Outbox claims: leases instead of a bare read of the due mails. */

/* The ids of a claim, in order, into ids (each checked leased); their count. */
static size_t
claim_ids(struct store *st, int64_t now, int64_t limit, int64_t lease, int64_t *ids, size_t n)
{
	json_t *list = NULL, *m;
	size_t i;

	assert_int_equal(store_mail_claim(st, now, limit, lease, &list), STORE_OK);
	assert_true(json_array_size(list) <= n && json_array_size(list) <= (size_t)limit);
	json_array_foreach(list, i, m)
	{
		assert_string_equal(jstr(m, "status"), "queued");
		assert_int_equal(jint(m, "next_attempt_at"), lease);
		ids[i] = jint(m, "id");
		assert_true(i == 0 || ids[i] > ids[i - 1]);
	}
	i = json_array_size(list);
	json_decref(list);
	return i;
}

static void
test_mail_claim(void **state)
{
	struct fx *f = *state;
	int64_t id[6], got[8], v = 0;
	json_t *list = NULL;
	size_t n;
	int i;

	for (i = 0; i < 5; i++)
		id[i] = enqueue(f->st, "a@example.ru", NULL, 100 + i);
	id[5] = enqueue(f->st, "b@example.ru", NULL, 200);

	/* The longest due first, up to the limit; each leased, a new version. */
	n = claim_ids(f->st, 150, 3, 450, got, 8);
	assert_int_equal(n, 3);
	for (i = 0; i < 3; i++)
		assert_int_equal(got[i], id[i]);
	assert_int_equal(hook->raw_int(f->url, "SELECT count(*) FROM mail_outbox WHERE version = 2 "
					       "AND next_attempt_at = 450"),
			 3);
	/* Leased mails are neither claimed nor due again; the mail of 200 is not due at 150. */
	n = claim_ids(f->st, 150, 10, 450, got, 8);
	assert_int_equal(n, 2);
	assert_int_equal(got[0], id[3]);
	assert_int_equal(got[1], id[4]);
	assert_int_equal(claim_ids(f->st, 150, 10, 450, got, 8), 0);
	assert_int_equal(due_ids(f->st, 300, 10, got, 8), 1);
	assert_int_equal(got[0], id[5]);

	/* The worker settles them: sent, or failed with the next attempt (or given up). */
	assert_int_equal(store_mail_mark_sent(f->st, id[0], 160), STORE_OK);
	assert_int_equal(store_mail_mark_failed(f->st, id[1], "421 busy", 600), STORE_OK);
	assert_int_equal(store_mail_mark_failed(f->st, id[2], "550 no such user", 0), STORE_OK);
	assert_counts(f->st, 4, 1, 1);

	/* Until the lease ends nothing of them is taken; then the unsettled ones are due again. */
	assert_int_equal(claim_ids(f->st, 449, 10, 900, got, 8), 1);
	assert_int_equal(got[0], id[5]);
	n = claim_ids(f->st, 450, 10, 900, got, 8);
	assert_int_equal(n, 2);
	assert_int_equal(got[0], id[3]);
	assert_int_equal(got[1], id[4]);
	/* The failure's next attempt holds as before. */
	n = claim_ids(f->st, 600, 10, 900, got, 8);
	assert_int_equal(n, 1);
	assert_int_equal(got[0], id[1]);

	/* In the caller's transaction: a rollback undoes the lease. */
	assert_int_equal(store_begin(f->st, 1), STORE_OK);
	assert_int_equal(claim_ids(f->st, 950, 10, 2000, got, 8), 4);
	store_rollback(f->st);
	assert_int_equal(claim_ids(f->st, 950, 1, 2000, got, 8), 1);
	assert_int_equal(got[0], id[1]);
	v = hook->raw_int(f->url,
			  "SELECT version FROM mail_outbox WHERE id = (SELECT min(id) FROM mail_outbox "
			  "WHERE status = 'queued')");
	assert_int_equal(v, 5); /* claimed (2), failed (3), claimed at 600 (4) and at 950 (5) */

	/* Bad arguments: no limit, a lease that is not in the future. */
	assert_int_equal(store_mail_claim(f->st, 950, 0, 2000, &list), STORE_ERROR);
	assert_null(list);
	assert_int_equal(store_mail_claim(f->st, 950, 5, 950, &list), STORE_ERROR);
	assert_null(list);
	assert_int_equal(store_mail_claim(f->st, 950, -1, 2000, &list), STORE_ERROR);
	assert_null(list);
	assert_counts(f->st, 4, 1, 1);
}

/*
 * Two connections (threads) claim from one outbox at once until it is
 * empty, settling each mail they took: no mail is taken twice (its second
 * mark_sent would find it sent: NOTFOUND), every mail is taken once.
 */
#define CLAIM_MAILS 150

struct claimer {
	const char *url;
	pthread_barrier_t *start;
	int64_t ids[CLAIM_MAILS];
	size_t n;
	int settle_failed;
	enum store_rc rc;
};

static void *
claimer_main(void *arg)
{
	struct claimer *c = arg;
	struct store *st = NULL;
	json_t *list = NULL, *m;
	size_t i;

	c->rc = store_open(c->url, &st);
	pthread_barrier_wait(c->start);
	while (c->rc == STORE_OK) {
		c->rc = store_mail_claim(st, 1000, 4, 1300, &list);
		if (c->rc != STORE_OK || json_array_size(list) == 0)
			break;
		json_array_foreach(list, i, m)
		{
			if (c->n < CLAIM_MAILS)
				c->ids[c->n] = json_integer_value(json_object_get(m, "id"));
			c->n++;
			if (store_mail_mark_sent(st, json_integer_value(json_object_get(m, "id")), 1001) !=
			    STORE_OK)
				c->settle_failed++;
		}
		json_decref(list);
		list = NULL;
	}
	json_decref(list);
	store_close(st);
	return NULL;
}

static void
test_mail_claim_concurrent(void **state)
{
	struct fx *f = *state;
	struct claimer c[2];
	pthread_barrier_t start;
	pthread_t t[2];
	char *seen = calloc(CLAIM_MAILS + 1, 1);
	int64_t first = 0, id;
	size_t i, k;
	int j;

	assert_non_null(seen);
	for (j = 0; j < CLAIM_MAILS; j++) {
		id = enqueue(f->st, "many@example.ru", NULL, 100 + j % 7);
		if (j == 0)
			first = id;
	}
	assert_int_equal(pthread_barrier_init(&start, NULL, 2), 0);
	for (k = 0; k < 2; k++) {
		memset(&c[k], 0, sizeof(c[k]));
		c[k].url = f->url;
		c[k].start = &start;
		assert_int_equal(pthread_create(&t[k], NULL, claimer_main, &c[k]), 0);
	}
	for (k = 0; k < 2; k++)
		assert_int_equal(pthread_join(t[k], NULL), 0);
	pthread_barrier_destroy(&start);

	for (k = 0; k < 2; k++) {
		assert_int_equal(c[k].rc, STORE_OK);
		assert_int_equal(c[k].settle_failed, 0);
		assert_true(c[k].n <= CLAIM_MAILS);
		for (i = 0; i < c[k].n; i++) {
			id = c[k].ids[i] - first;
			assert_true(id >= 0 && id < CLAIM_MAILS);
			assert_int_equal(seen[id], 0); /* never taken twice */
			seen[id] = 1;
		}
	}
	assert_int_equal(c[0].n + c[1].n, CLAIM_MAILS);
	assert_counts(f->st, 0, CLAIM_MAILS, 0);
	free(seen);
}

/*
 * PostgreSQL: a claim skips the mails another open transaction has claimed
 * (FOR UPDATE SKIP LOCKED) and takes the next ones at once instead of
 * waiting. (SQLite serialises the claims: the second waits for the write
 * lock, as test_two_connections shows.)
 */
static void
test_mail_claim_skip_locked(void **state)
{
	struct fx *f = *state;
	struct store *other = NULL;
	int64_t id[4], got[8];
	double t0;
	int i;

	if (hook->begin_locks)
		skip();
	for (i = 0; i < 4; i++)
		id[i] = enqueue(f->st, "a@example.ru", NULL, 100 + i);
	assert_int_equal(store_open(f->url, &other), STORE_OK);
	assert_int_equal(store_begin(f->st, 1), STORE_OK);
	assert_int_equal(claim_ids(f->st, 150, 2, 450, got, 8), 2);
	assert_int_equal(got[0], id[0]);
	t0 = now_s();
	assert_int_equal(claim_ids(other, 150, 10, 450, got, 8), 2);
	assert_true(now_s() - t0 < 2);
	assert_int_equal(got[0], id[2]);
	assert_int_equal(got[1], id[3]);
	assert_int_equal(claim_ids(other, 150, 10, 450, got, 8), 0);
	assert_int_equal(store_commit(f->st), STORE_OK);
	assert_int_equal(claim_ids(other, 150, 10, 450, got, 8), 0);
	assert_int_equal(claim_ids(other, 450, 10, 900, got, 8), 4);
	store_close(other);
}

/*
 * A version-2 database with reports migrates: every activity gets its
 * campaign, its audiences as bits, its description and links from the
 * report's data, and the dashboard and the export read them.
 */
static void
test_migrate_v2_reports(void **state)
{
	struct fx *f = *state;
	json_t *rows = NULL, *row, *report;
	struct collect c;
	int to = -1;

	assert_int_equal(store_migrate_to(f->st, 2, NULL, &to), STORE_OK);
	assert_int_equal(to, 2);
	hook->raw_exec(
		f->url,
		"INSERT INTO org_units (code, parent, name, kind, version) VALUES "
		"('25', NULL, 'Приморский край', 'region', 1), ('vl', '25', 'Владивостокский ГО', 'urban_okrug', 1);"
		"INSERT INTO campaigns (slug, title, starts, ends, due, time_zone, doc, created_at, updated_at, "
		"version) VALUES ('" CAMPAIGN "', 'Хартия', '2022-02-08', '2022-03-08', '2022-03-10', "
		"'Asia/Vladivostok', '{}', 1, 1, 1);"
		"INSERT INTO reports (campaign_id, org_unit, status, data, created_at, updated_at, version) "
		"SELECT id, 'vl', 'draft', '{\"activities\": [{\"form\": \"contest\", \"description\": "
		"\"Описание «первого»\", \"links\": [{\"url\": \"https://vk.com/a\"}, {\"url\": \"https://t.me/b\"}]}, "
		"{\"form\": \"lesson\", \"description\": \"\", \"links\": []}]}', 1, 1, 1 FROM campaigns;"
		"INSERT INTO report_activities (report_id, position, form, date, participants, reach, n_links) "
		"SELECT id, 0, 'contest', '2022-02-10', 10, NULL, 2 FROM reports;"
		"INSERT INTO report_activities (report_id, position, form, date, participants, reach, n_links) "
		"SELECT id, 1, 'lesson', NULL, NULL, 50, 0 FROM reports;"
		"INSERT INTO report_activity_audiences (activity_id, audience) "
		"SELECT id, 'public' FROM report_activities WHERE position = 0;"
		"INSERT INTO report_activity_audiences (activity_id, audience) "
		"SELECT id, 'children' FROM report_activities WHERE position = 0;"
		"INSERT INTO report_activity_audiences (activity_id, audience) "
		"SELECT id, 'teachers' FROM report_activities WHERE position = 1");
	assert_int_equal(store_migrate(f->st, NULL, &to), STORE_OK);
	assert_int_equal(to, store_schema_latest());
	assert_int_equal(hook->raw_int(f->url, "SELECT count(*) FROM report_activities WHERE campaign_id = "
					       "(SELECT id FROM campaigns)"),
			 2);
	assert_int_equal(hook->raw_int(f->url, "SELECT audiences FROM report_activities WHERE position = 0"),
			 17);
	/* Version 4: the data moved to report_data, and the store reads it from there. */
	assert_int_equal(count_rows(f->url, "report_data"), 1);
	report = get_report(f->st, "vl");
	assert_string_equal(
		jstr(json_array_get(json_object_get(json_object_get(report, "data"), "activities"), 0),
		     "description"),
		"Описание «первого»");
	assert_int_equal(jint(report, "version"), 1);
	json_decref(report);

	assert_int_equal(store_campaign_by_audience(f->st, CAMPAIGN, &rows), STORE_OK);
	assert_int_equal(json_array_size(rows), 3);
	assert_string_equal(jstr(json_array_get(rows, 0), "audience"), "children");
	assert_int_equal(jint(json_array_get(rows, 0), "participants"), 10);
	assert_string_equal(jstr(json_array_get(rows, 1), "audience"), "teachers");
	assert_int_equal(jint(json_array_get(rows, 1), "reach"), 50);
	json_decref(rows);
	assert_int_equal(store_campaign_by_form(f->st, CAMPAIGN, &rows), STORE_OK);
	assert_int_equal(json_array_size(rows), 2);
	json_decref(rows);

	collect_init(&c, 1);
	assert_int_equal(store_export_activities(f->st, CAMPAIGN, collect_activity, &c), STORE_OK);
	assert_int_equal(c.calls, 2);
	row = json_array_get(c.rows, 0);
	assert_string_equal(jstr(row, "description"), "Описание «первого»");
	assert_string_equal(jstr(row, "links"), "https://vk.com/a https://t.me/b");
	assert_string_equal(jstr(row, "audience"), "children,public");
	row = json_array_get(c.rows, 1);
	assert_true(json_is_null(json_object_get(row, "description")));
	assert_string_equal(jstr(row, "links"), "");
	assert_string_equal(jstr(row, "audience"), "teachers");
	json_decref(c.rows);
}

/* Migrating from several processes at once applies each migration once. */

struct migrator {
	const char *url;
	enum store_rc rc;
};

static void *
migrate_thread(void *arg)
{
	struct migrator *m = arg;
	struct store *st = NULL;

	m->rc = store_open(m->url, &st);
	if (m->rc == STORE_OK)
		m->rc = store_migrate(st, NULL, NULL);
	store_close(st);
	return NULL;
}

static void
test_migrate_concurrent(void **state)
{
	struct fx *f = *state;
	struct migrator m[4];
	pthread_t t[4];
	int i, v = -1;

	for (i = 0; i < 4; i++) {
		m[i].url = f->url;
		m[i].rc = STORE_ERROR;
		assert_int_equal(pthread_create(&t[i], NULL, migrate_thread, &m[i]), 0);
	}
	for (i = 0; i < 4; i++) {
		assert_int_equal(pthread_join(t[i], NULL), 0);
		assert_int_equal(m[i].rc, STORE_OK);
	}
	assert_int_equal(hook->raw_int(f->url, "SELECT count(*) FROM schema_version"), store_schema_latest());
	assert_int_equal(store_schema_version(f->st, &v), STORE_OK);
	assert_int_equal(v, store_schema_latest());
}

/* The PostgreSQL placeholder rewrite (a pure function: runs on both). */

static void
test_pg_placeholders(void **state)
{
	static const struct {
		const char *in, *out;
		int n;
	} cases[] = {
		{"SELECT 1", "SELECT 1", 0},
		{"", "", 0},
		{"SELECT ?, ?::bigint WHERE a = ?", "SELECT $1, $2::bigint WHERE a = $3", 3},
		{"SELECT '?', 'it''s ?', ?", "SELECT '?', 'it''s ?', $1", 1},
		{"SELECT \"a?\"\"?\", ?", "SELECT \"a?\"\"?\", $1", 1},
		{"SELECT E'\\'?', e'?\\\\', ?", "SELECT E'\\'?', e'?\\\\', $1", 1},
		{"SELECT some'?', ?", "SELECT some'?', $1", 1},
		{"SELECT ? -- a ?\n, ?", "SELECT $1 -- a ?\n, $2", 2},
		{"SELECT /* ? /* ? */ ? */ ?", "SELECT /* ? /* ? */ ? */ $1", 1},
		{"SELECT $$?$$, $t$ ? $$ ? $t$, ?", "SELECT $$?$$, $t$ ? $$ ? $t$, $1", 1},
		{"SELECT a$b, ?", "SELECT a$b, $1", 1},
		{"SELECT 'unterminated ?", "SELECT 'unterminated ?", 0},
		{"SELECT $$ open ?", "SELECT $$ open ?", 0},
		{"SELECT ?????????????", "SELECT $1$2$3$4$5$6$7$8$9$10$11$12$13", 13},
	};
	size_t i;
	char *out;
	int n;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		n = -1;
		out = store_postgres_placeholders(cases[i].in, &n);
		assert_string_equal(out, cases[i].out);
		assert_int_equal(n, cases[i].n);
		free(out);
	}
}

/* Lost connections (PostgreSQL only: SQLite has no server to lose). */

/* Ends the server process behind pid from another connection, and waits for it. */
static void
pg_terminate(const char *url, int pid)
{
	char sql[96];
	int n = snprintf(sql, sizeof(sql), "SELECT pg_terminate_backend(%d, 5000)::int", pid);

	assert_true(n > 0 && (size_t)n < sizeof(sql));
	assert_int_equal(pg_raw_int(url, sql), 1);
}

static void
test_lost_connection(void **state)
{
	struct fx *f = *state;
	struct store_user_new u = {"lost", NULL, "juror", NULL, NULL, "$argon2id$x", 1};
	PGconn *pc = store_postgres_handle(f->st);
	unsigned long before;
	int64_t count = -1, id = 0;
	json_t *got = NULL;
	int pid;

	if (pc == NULL)
		skip();
	add_user(f->st, "kept", "juror", NULL);
	assert_int_equal(store_user_count(f->st, NULL, &count), STORE_OK);

	/* The session dies: the next call says so, logged and counted. */
	pid = PQbackendPID(pc);
	pg_terminate(f->url, pid);
	before = store_errors_total();
	assert_int_equal(store_user_count(f->st, NULL, &count), STORE_UNAVAILABLE);
	assert_true(store_errors_total() > before);
	/* The one after reconnects, prepares its statements again and works. */
	count = -1;
	assert_int_equal(store_user_count(f->st, NULL, &count), STORE_OK);
	assert_int_equal(count, 1);
	pc = store_postgres_handle(f->st);
	assert_true(PQbackendPID(pc) != pid);
	hook->check_settings(f->st, f->url);
	assert_int_equal(store_user_get_by_login(f->st, "kept", &got), STORE_OK);
	json_decref(got);

	/* Lost inside a transaction: it is gone, and the store says so until rolled back. */
	assert_int_equal(store_begin(f->st, 1), STORE_OK);
	assert_int_equal(store_user_add(f->st, &u, &id), STORE_OK);
	pg_terminate(f->url, PQbackendPID(pc));
	u.login = "lost2";
	assert_int_equal(store_user_add(f->st, &u, &id), STORE_UNAVAILABLE);
	assert_int_equal(store_user_count(f->st, NULL, &count), STORE_UNAVAILABLE);
	assert_int_equal(store_commit(f->st), STORE_UNAVAILABLE);
	assert_int_equal(store_user_get_by_login(f->st, "lost", &got), STORE_NOTFOUND);
	assert_int_equal(store_user_count(f->st, NULL, &count), STORE_OK);
	assert_int_equal(count, 1);

	/* store_begin and store_ping notice and recover the same way. */
	pg_terminate(f->url, PQbackendPID(store_postgres_handle(f->st)));
	assert_int_equal(store_begin(f->st, 1), STORE_UNAVAILABLE);
	assert_int_equal(store_begin(f->st, 1), STORE_OK);
	store_rollback(f->st);
	pg_terminate(f->url, PQbackendPID(store_postgres_handle(f->st)));
	assert_int_equal(store_ping(f->st), STORE_UNAVAILABLE);
	assert_int_equal(store_ping(f->st), STORE_OK);
}

/*
 * A relay between a store and the server, to take the server away from a
 * connected store: RELAY passes bytes both ways; HANG drops every
 * connection and accepts no more (connections queue unanswered, as on a
 * stuck server); proxy_stop() closes the port (as on a stopped one).
 */
enum proxy_mode { PROXY_RELAY, PROXY_HANG, PROXY_QUIT };

#define PROXY_PAIRS 8

struct proxy {
	pthread_t thread;
	int lfd;
	int wake[2];
	atomic_int mode;
	char host[256], port[16]; /* the server: host name or socket directory */
	int pair[PROXY_PAIRS][2]; /* client, server; -1 when free */
	int listen_port;
};

static int
proxy_dial(struct proxy *p)
{
	struct addrinfo hints = {.ai_socktype = SOCK_STREAM}, *ai = NULL, *a;
	struct sockaddr_un sun = {.sun_family = AF_UNIX};
	int fd = -1, n;

	if (p->host[0] == '/') {
		n = snprintf(sun.sun_path, sizeof(sun.sun_path), "%s/.s.PGSQL.%s", p->host, p->port);
		if (n < 0 || (size_t)n >= sizeof(sun.sun_path))
			return -1;
		fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
		if (fd >= 0 && connect(fd, (struct sockaddr *)&sun, sizeof(sun)) < 0) {
			close(fd);
			fd = -1;
		}
		return fd;
	}
	if (getaddrinfo(p->host, p->port, &hints, &ai) != 0)
		return -1;
	for (a = ai; a != NULL && fd < 0; a = a->ai_next) {
		fd = socket(a->ai_family, a->ai_socktype | SOCK_CLOEXEC, a->ai_protocol);
		if (fd >= 0 && connect(fd, a->ai_addr, a->ai_addrlen) < 0) {
			close(fd);
			fd = -1;
		}
	}
	freeaddrinfo(ai);
	return fd;
}

static void
proxy_drop(struct proxy *p, int i)
{
	if (p->pair[i][0] < 0)
		return;
	close(p->pair[i][0]);
	close(p->pair[i][1]);
	p->pair[i][0] = p->pair[i][1] = -1;
}

static void
proxy_accept(struct proxy *p)
{
	int fd = accept4(p->lfd, NULL, NULL, SOCK_CLOEXEC), up, i;

	if (fd < 0)
		return;
	for (i = 0; i < PROXY_PAIRS && p->pair[i][0] >= 0; i++)
		;
	if (i == PROXY_PAIRS || (up = proxy_dial(p)) < 0) {
		close(fd);
		return;
	}
	p->pair[i][0] = fd;
	p->pair[i][1] = up;
}

/* Copies what fd has to its partner; drops the pair on end of file or error. */
static void
proxy_relay(struct proxy *p, int i, int side)
{
	char chunk[8192];
	ssize_t r = read(p->pair[i][side], chunk, sizeof(chunk)), w;
	size_t off = 0;

	while (r > 0 && off < (size_t)r) {
		w = write(p->pair[i][!side], chunk + off, (size_t)r - off);
		if (w <= 0)
			break;
		off += (size_t)w;
	}
	if (r <= 0 || off < (size_t)r)
		proxy_drop(p, i);
}

static void *
proxy_main(void *arg)
{
	struct proxy *p = arg;
	struct pollfd pfd[2 + 2 * PROXY_PAIRS];
	int who[2 + 2 * PROXY_PAIRS], mode, n, k, i, side;
	char drain[16];

	while ((mode = atomic_load(&p->mode)) != PROXY_QUIT) {
		n = 0;
		pfd[n] = (struct pollfd){.fd = p->wake[0], .events = POLLIN};
		who[n++] = -1;
		for (i = 0; i < PROXY_PAIRS; i++) {
			if (mode == PROXY_HANG)
				proxy_drop(p, i);
			for (side = 0; side < 2 && p->pair[i][0] >= 0; side++) {
				pfd[n] = (struct pollfd){.fd = p->pair[i][side], .events = POLLIN};
				who[n++] = 2 * i + side;
			}
		}
		if (mode == PROXY_RELAY) {
			pfd[n] = (struct pollfd){.fd = p->lfd, .events = POLLIN};
			who[n++] = -2;
		}
		if (poll(pfd, (nfds_t)n, -1) < 0)
			continue;
		for (k = 0; k < n; k++) {
			if (pfd[k].revents == 0)
				continue;
			if (who[k] == -1)
				(void)!read(p->wake[0], drain, sizeof(drain));
			else if (who[k] == -2)
				proxy_accept(p);
			else if (p->pair[who[k] / 2][who[k] % 2] == pfd[k].fd)
				proxy_relay(p, who[k] / 2, who[k] % 2);
		}
	}
	for (i = 0; i < PROXY_PAIRS; i++)
		proxy_drop(p, i);
	return NULL;
}

static void
proxy_set(struct proxy *p, enum proxy_mode mode)
{
	atomic_store(&p->mode, (int)mode);
	assert_int_equal(write(p->wake[1], "x", 1), 1);
}

/* Appends s to out percent-encoded, for a URL. */
static void
pct(char *out, size_t n, const char *s)
{
	size_t len = strlen(out);

	for (; *s != '\0' && len + 4 < n; s++) {
		if (isalnum((unsigned char)*s) || strchr("-._~", *s) != NULL)
			out[len++] = *s;
		else
			len += (size_t)snprintf(out + len, n - len, "%%%02X", (unsigned char)*s);
	}
	assert_true(*s == '\0');
	out[len] = '\0';
}

static void
append_raw(char *out, size_t n, const char *s)
{
	size_t len = strlen(out);
	int k = snprintf(out + len, n - len, "%s", s);

	assert_true(k >= 0 && (size_t)k < n - len);
}

/* Starts a relay to the server behind url; proxy_url gets a URL that goes through it. */
static void
proxy_start(struct proxy *p, const char *url, char *proxy_url, size_t n)
{
	struct sockaddr_in sin = {.sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
	socklen_t len = sizeof(sin);
	PGconn *c = pg_raw_open(url);
	int k;

	assert_non_null(c);
	memset(p->pair, -1, sizeof(p->pair));
	k = snprintf(p->host, sizeof(p->host), "%s", PQhost(c));
	assert_true(k > 0 && (size_t)k < sizeof(p->host));
	k = snprintf(p->port, sizeof(p->port), "%s", PQport(c));
	assert_true(k > 0 && (size_t)k < sizeof(p->port));
	p->lfd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
	assert_true(p->lfd >= 0);
	assert_int_equal(bind(p->lfd, (struct sockaddr *)&sin, sizeof(sin)), 0);
	assert_int_equal(listen(p->lfd, 16), 0);
	assert_int_equal(getsockname(p->lfd, (struct sockaddr *)&sin, &len), 0);
	p->listen_port = ntohs(sin.sin_port);
	assert_int_equal(pipe2(p->wake, O_CLOEXEC | O_NONBLOCK), 0);
	atomic_store(&p->mode, PROXY_RELAY);
	assert_int_equal(pthread_create(&p->thread, NULL, proxy_main, p), 0);

	k = snprintf(proxy_url, n, "postgresql://127.0.0.1:%d/", p->listen_port);
	assert_true(k > 0 && (size_t)k < n);
	pct(proxy_url, n, PQdb(c));
	append_raw(proxy_url, n, "?user=");
	pct(proxy_url, n, PQuser(c));
	append_raw(proxy_url, n, "&password=");
	pct(proxy_url, n, PQpass(c));
	append_raw(proxy_url, n, "&options=");
	pct(proxy_url, n, PQoptions(c));
	PQfinish(c);
}

static void
proxy_stop(struct proxy *p)
{
	proxy_set(p, PROXY_QUIT);
	assert_int_equal(pthread_join(p->thread, NULL), 0);
	close(p->lfd);
	close(p->wake[0]);
	close(p->wake[1]);
}

static void
test_server_gone(void **state)
{
	struct fx *f = *state;
	char url[URL_MAX];
	struct proxy p;
	struct store *st = NULL;
	int64_t count = -1;
	double t0;

	if (strcmp(hook->name, "postgres") != 0)
		skip();
	proxy_start(&p, f->url, url, sizeof(url));
	assert_int_equal(store_open(url, &st), STORE_OK);
	assert_int_equal(store_ping(st), STORE_OK);
	add_user(st, "one", "juror", NULL);

	/* The server drops the session: the next call notices at once. */
	proxy_set(&p, PROXY_HANG);
	t0 = now_s();
	assert_int_equal(store_ping(st), STORE_UNAVAILABLE);
	assert_true(now_s() - t0 < 3);
	/* It takes connections but never answers: the reconnect gives up after connect_timeout. */
	t0 = now_s();
	assert_int_equal(store_user_count(st, NULL, &count), STORE_UNAVAILABLE);
	assert_true(now_s() - t0 < 5);
	/* Back again: the next call reconnects. */
	proxy_set(&p, PROXY_RELAY);
	assert_int_equal(store_user_count(st, NULL, &count), STORE_OK);
	assert_int_equal(count, 1);
	add_user(st, "two", "juror", NULL);

	/* Stopped for good: nothing listens, every call answers at once. */
	proxy_stop(&p);
	t0 = now_s();
	assert_int_equal(store_ping(st), STORE_UNAVAILABLE);
	assert_int_equal(store_ping(st), STORE_UNAVAILABLE);
	assert_int_equal(store_begin(st, 1), STORE_UNAVAILABLE);
	assert_true(now_s() - t0 < 3);
	store_close(st);
	st = (struct store *)1;
	assert_int_equal(store_open(url, &st), STORE_UNAVAILABLE);
	assert_null(st);
	assert_true(now_s() - t0 < 5);
	assert_int_equal(hook->raw_int(f->url, "SELECT count(*) FROM users"), 2);
}

/* The contest. */

/* An entry of CAMPAIGN from org unit ou with video hash video; confirm NULL for an adult's. */
static int64_t
add_entry(struct store *st, const char *ou, const char *nomination, const char *video, const char *person,
	  const char *status_hash, const char *confirm, int64_t now)
{
	struct store_contest_entry_new e = {
		.campaign = CAMPAIGN,
		.org_unit = ou,
		.nomination = nomination,
		.age = confirm != NULL ? 12 : 19,
		.title = "Мой ролик",
		.description = "О хартии",
		.video_platform = "tiktok",
		.video_sealed = "s1.sealed-url",
		.video_hash = video,
		.pd_sealed = "s1.sealed-pd",
		.person_hash = person,
		.contact_hash = "contact-1",
		.status_token_hash = status_hash,
		.confirm_token_hash = confirm,
		.confirm_expires = now + 7 * 86400,
		.consents = "{\"version\":\"2022-01\",\"processing\":true}",
		.hashtags = "{\"found\":[],\"missing\":[]}",
		.publication = 1,
		.now = now,
	};
	int64_t id = 0;

	assert_int_equal(store_contest_entry_add(st, &e, &id, NULL), STORE_OK);
	assert_true(id > 0);
	return id;
}

static int64_t
count_entries(struct store *st, const struct store_contest_filter *flt)
{
	json_t *list = NULL;
	int64_t total = -1;

	assert_int_equal(store_contest_entry_list(st, CAMPAIGN, flt, &list, &total), STORE_OK);
	assert_int_equal((int64_t)json_array_size(list), total);
	json_decref(list);
	return total;
}

static void
test_contest_entries(void **state)
{
	struct fx *f = *state;
	struct store_contest_entry_new dup = {0};
	struct store_contest_filter flt = {0};
	struct store_mail_new m = {"s1.to", "s1.subj", "s1.body", "contest", NULL, CAMPAIGN, NULL, 100, 1};
	json_t *e = NULL, *counts = NULL, *mails = NULL;
	int64_t a, b, c, id = 0, n = -1, mail_id = 0;

	report_fixture(f->st);
	a = add_entry(f->st, "vl", "n11", "video-a", "person-1", "status-a", "confirm-a", 1000);
	b = add_entry(f->st, "ar", NULL, "video-b", "person-2", "status-b", NULL, 1001);

	/* The same video again: CONFLICT, nothing stored. */
	dup = (struct store_contest_entry_new){.campaign = CAMPAIGN,
					       .org_unit = "ar",
					       .age = 19,
					       .video_platform = "tiktok",
					       .video_hash = "video-a",
					       .status_token_hash = "status-x",
					       .consents = "{}",
					       .hashtags = "{}",
					       .now = 1002};
	assert_int_equal(store_contest_entry_add(f->st, &dup, &id, NULL), STORE_CONFLICT);
	assert_int_equal(count_entries(f->st, NULL), 2);
	/* Required fields. */
	dup.video_hash = NULL;
	assert_int_equal(store_contest_entry_add(f->st, &dup, &id, NULL), STORE_ERROR);

	assert_int_equal(store_contest_entry_get(f->st, a, &e), STORE_OK);
	assert_string_equal(jx_get_str(e, "status"), "awaiting_confirmation");
	assert_string_equal(jx_get_str(e, "org_unit_name"), "Владивостокский ГО");
	assert_string_equal(jx_get_str(e, "pd_sealed"), "s1.sealed-pd");
	assert_string_equal(jx_get_str(e, "nomination"), "n11");
	assert_true(json_is_true(json_object_get(e, "publication")));
	assert_string_equal(jx_get_str(json_object_get(e, "consents"), "version"), "2022-01");
	assert_int_equal(json_array_size(json_object_get(e, "flags")), 0);
	json_decref(e);
	assert_int_equal(store_contest_entry_get(f->st, b, &e), STORE_OK);
	assert_string_equal(jx_get_str(e, "status"), "received");
	assert_true(json_is_null(json_object_get(e, "confirm_expires")));
	json_decref(e);

	/* The same person again: both flagged. */
	{
		struct store_contest_entry_new e3 = {.campaign = CAMPAIGN,
						     .org_unit = "vl",
						     .age = 12,
						     .video_platform = "yappy",
						     .video_hash = "video-c",
						     .person_hash = "person-1",
						     .status_token_hash = "status-c",
						     .consents = "{}",
						     .hashtags = "{}",
						     .now = 1003};

		assert_int_equal(store_contest_entry_add(f->st, &e3, &c, &n), STORE_OK);
		assert_int_equal(n, 1);
	}
	flt.flag = "same_person";
	assert_int_equal(count_entries(f->st, &flt), 2);
	flt = (struct store_contest_filter){.status = "received"};
	assert_int_equal(count_entries(f->st, &flt), 2);
	flt = (struct store_contest_filter){.org_unit = "vl"};
	assert_int_equal(count_entries(f->st, &flt), 2);
	flt = (struct store_contest_filter){.nomination = ""};
	assert_int_equal(count_entries(f->st, &flt), 2);
	flt = (struct store_contest_filter){.nomination = "n11"};
	assert_int_equal(count_entries(f->st, &flt), 1);
	flt = (struct store_contest_filter){.limit = 1, .offset = 1};
	{
		json_t *list = NULL;
		int64_t total = 0;

		assert_int_equal(store_contest_entry_list(f->st, CAMPAIGN, &flt, &list, &total), STORE_OK);
		assert_int_equal(total, 3);
		assert_int_equal(json_array_size(list), 1);
		assert_int_equal(json_integer_value(json_object_get(json_array_get(list, 0), "id")), b);
		json_decref(list);
	}

	/* Links by their hashes. */
	assert_int_equal(store_contest_entry_by_status(f->st, "status-a", &e), STORE_OK);
	assert_int_equal(json_integer_value(json_object_get(e, "id")), a);
	json_decref(e);
	assert_int_equal(store_contest_entry_by_status(f->st, "nope", &e), STORE_NOTFOUND);
	assert_null(e);
	assert_int_equal(store_contest_entry_by_confirm(f->st, "confirm-a", &e), STORE_OK);
	json_decref(e);

	/* Confirmation: not after expiry, once only. */
	assert_int_equal(store_contest_entry_confirm(f->st, a, 1000 + 7 * 86400), STORE_NOTFOUND);
	assert_int_equal(store_contest_entry_confirm(f->st, a, 2000), STORE_OK);
	assert_int_equal(store_contest_entry_confirm(f->st, a, 2001), STORE_NOTFOUND);
	assert_int_equal(store_contest_entry_by_confirm(f->st, "confirm-a", &e), STORE_NOTFOUND);
	assert_int_equal(store_contest_entry_confirm(f->st, b, 2001), STORE_NOTFOUND);

	assert_int_equal(store_contest_entry_counts(f->st, CAMPAIGN, &counts), STORE_OK);
	assert_int_equal(json_integer_value(json_object_get(counts, "received")), 3);
	assert_int_equal(json_integer_value(json_object_get(counts, "accepted")), 0);
	assert_int_equal(json_integer_value(json_object_get(counts, "expired")), 0);
	json_decref(counts);

	/* Decisions: by version; a stale one is a CONFLICT. */
	assert_int_equal(store_contest_entry_get(f->st, b, &e), STORE_OK);
	n = json_integer_value(json_object_get(e, "version"));
	json_decref(e);
	assert_int_equal(store_contest_entry_decide(f->st, b, n, "rejected", "other", "Не то", 1, 3000),
			 STORE_OK);
	assert_int_equal(store_contest_entry_decide(f->st, b, n, "accepted", NULL, NULL, 1, 3001),
			 STORE_CONFLICT);
	assert_int_equal(store_contest_entry_decide(f->st, b, n + 1, "accepted", NULL, NULL, 1, 3001),
			 STORE_OK);
	assert_int_equal(store_contest_entry_decide(f->st, b, n + 2, "withdrawn", NULL, NULL, 1, 3001),
			 STORE_ERROR);
	assert_int_equal(store_contest_entry_get(f->st, b, &e), STORE_OK);
	assert_string_equal(jx_get_str(e, "status"), "accepted");
	assert_true(json_is_null(json_object_get(e, "reject_reason")));
	assert_int_equal(json_integer_value(json_object_get(e, "decided_at")), 3001);
	json_decref(e);

	/* Per-contact count. */
	assert_int_equal(store_contest_contact_count(f->st, CAMPAIGN, "contact-1", 1001, &n), STORE_OK);
	assert_int_equal(n, 1);

	/* Withdrawal erases the personal data and the entry's mail, not another's. */
	{
		char key[48];

		snprintf(key, sizeof(key), "contest:%lld:receipt", (long long)a);
		m.dedup_key = key;
		assert_int_equal(store_mail_enqueue(f->st, &m, &mail_id), STORE_OK);
		snprintf(key, sizeof(key), "contest:%lld1:receipt", (long long)a);
		assert_int_equal(store_mail_enqueue(f->st, &m, &mail_id), STORE_OK);
	}
	assert_int_equal(store_contest_entry_withdraw(f->st, a, 4000), STORE_OK);
	assert_int_equal(store_contest_entry_withdraw(f->st, a, 4001), STORE_NOTFOUND);
	assert_int_equal(store_contest_entry_get(f->st, a, &e), STORE_OK);
	assert_string_equal(jx_get_str(e, "status"), "withdrawn");
	assert_true(json_is_null(json_object_get(e, "pd_sealed")));
	assert_true(json_is_null(json_object_get(e, "video_sealed")));
	assert_true(json_is_null(json_object_get(e, "title")));
	assert_true(json_is_null(json_object_get(e, "description")));
	json_decref(e);
	assert_int_equal(hook->raw_int(f->url,
				       "SELECT count(*) FROM contest_entries WHERE video_hash IS NOT NULL "
				       "OR person_hash IS NOT NULL OR contact_hash IS NOT NULL"),
			 2);
	assert_int_equal(store_mail_list(f->st, NULL, 0, 10, &mails, &n), STORE_OK);
	assert_int_equal(n, 1);
	assert_true(json_is_true(json_object_get(json_array_get(mails, 0), "sealed")));
	json_decref(mails);
	/* The status link still answers, and the video may be entered again. */
	assert_int_equal(store_contest_entry_by_status(f->st, "status-a", &e), STORE_OK);
	json_decref(e);
	add_entry(f->st, "vl", NULL, "video-a", NULL, "status-a2", NULL, 5000);
}

static void
test_contest_confirmations(void **state)
{
	struct fx *f = *state;
	json_t *remind = NULL, *e = NULL;
	int64_t a, b, expired = -1;

	report_fixture(f->st);
	a = add_entry(f->st, "vl", NULL, "video-a", NULL, "status-a", "confirm-a", 1000);
	b = add_entry(f->st, "vl", NULL, "video-b", NULL, "status-b", "confirm-b", 1000 + 4 * 86400);
	/* Day 3: a is due a reminder; b is not. */
	assert_int_equal(store_contest_confirmations_due(f->st, 1000 + 3 * 86400,
							 1000 + 3 * 86400 - 3 * 86400, &expired, &remind),
			 STORE_OK);
	assert_int_equal(expired, 0);
	assert_int_equal(json_array_size(remind), 1);
	assert_int_equal(json_integer_value(json_object_get(json_array_get(remind, 0), "id")), a);
	assert_string_equal(jx_get_str(json_array_get(remind, 0), "pd_sealed"), "s1.sealed-pd");
	json_decref(remind);
	assert_int_equal(store_contest_entry_reminded(f->st, a, 1000 + 3 * 86400), STORE_OK);
	assert_int_equal(store_contest_confirmations_due(f->st, 1000 + 3 * 86400, 1000, &expired, &remind),
			 STORE_OK);
	assert_int_equal(json_array_size(remind), 0);
	json_decref(remind);
	/* A new link after the reminder. */
	assert_int_equal(store_contest_entry_set_confirm(f->st, a, "confirm-a2", 1000 + 7 * 86400), STORE_OK);
	assert_int_equal(store_contest_entry_by_confirm(f->st, "confirm-a", &e), STORE_NOTFOUND);
	assert_int_equal(store_contest_entry_by_confirm(f->st, "confirm-a2", &e), STORE_OK);
	json_decref(e);
	/* Day 7: a expires and is erased; b stays. */
	assert_int_equal(store_contest_confirmations_due(f->st, 1000 + 7 * 86400, 0, &expired, &remind),
			 STORE_OK);
	assert_int_equal(expired, 1);
	json_decref(remind);
	assert_int_equal(store_contest_entry_get(f->st, a, &e), STORE_OK);
	assert_string_equal(jx_get_str(e, "status"), "expired");
	assert_true(json_is_null(json_object_get(e, "pd_sealed")));
	json_decref(e);
	assert_int_equal(store_contest_entry_get(f->st, b, &e), STORE_OK);
	assert_string_equal(jx_get_str(e, "status"), "awaiting_confirmation");
	json_decref(e);
	assert_int_equal(store_contest_entry_set_confirm(f->st, a, "confirm-a3", 1), STORE_NOTFOUND);
}

static void
test_contest_jury(void **state)
{
	struct fx *f = *state;
	json_t *q = NULL, *e = NULL, *list = NULL, *st = NULL, *rec = NULL, *slugs = NULL;
	int64_t j1, j2, coord, admin, a, b, c, ver;
	int i;

	report_fixture(f->st);
	add_unit(f->st, "ns", "25", "Находкинский ГО", "urban_okrug");
	j1 = add_user(f->st, "juror-vl", "juror", "vl");
	j2 = add_user(f->st, "juror-free", "juror", NULL);
	coord = add_user(f->st, "coord", "coordinator", "vl");
	admin = add_user(f->st, "boss", "admin", NULL);
	a = add_entry(f->st, "vl", "n7", "video-a", NULL, "status-a", NULL, 1000);
	b = add_entry(f->st, "ar", "n7", "video-b", NULL, "status-b", NULL, 1001);
	c = add_entry(f->st, "ns", "n15", "video-c", NULL, "status-c", NULL, 1002);
	for (i = 0; i < 3; i++) {
		int64_t id = i == 0 ? a : i == 1 ? b : c;

		assert_int_equal(store_contest_entry_get(f->st, id, &e), STORE_OK);
		ver = json_integer_value(json_object_get(e, "version"));
		json_decref(e);
		assert_int_equal(
			store_contest_entry_decide(f->st, id, ver, "accepted", NULL, NULL, admin, 2000),
			STORE_OK);
	}

	assert_int_equal(store_contest_juror_set(f->st, CAMPAIGN, coord, NULL), STORE_CONFLICT);
	assert_int_equal(store_contest_juror_set(f->st, CAMPAIGN, 999999, NULL), STORE_CONFLICT);
	assert_int_equal(store_contest_juror_set(f->st, CAMPAIGN, j1, NULL), STORE_OK);
	assert_int_equal(store_contest_juror_set(f->st, CAMPAIGN, j2, "n15"), STORE_OK);
	assert_int_equal(store_contest_juror_list(f->st, CAMPAIGN, &list), STORE_OK);
	assert_int_equal(json_array_size(list), 2);
	json_decref(list);
	assert_int_equal(store_contest_juror_get(f->st, CAMPAIGN, coord, &e), STORE_NOTFOUND);
	assert_int_equal(store_contest_juror_get(f->st, CAMPAIGN, j1, &e), STORE_OK);
	assert_string_equal(jx_get_str(e, "org_unit_name"), "Владивостокский ГО");
	json_decref(e);
	assert_int_equal(store_contest_juror_campaigns(f->st, j1, &slugs), STORE_OK);
	assert_int_equal(json_array_size(slugs), 1);
	assert_string_equal(json_string_value(json_array_get(slugs, 0)), CAMPAIGN);
	json_decref(slugs);

	/* The juror from vl never sees vl's entry. */
	assert_int_equal(store_contest_juror_queue(f->st, CAMPAIGN, j1, &q), STORE_OK);
	assert_int_equal(json_array_size(q), 2);
	assert_int_equal(json_integer_value(json_object_get(json_array_get(q, 0), "id")), b);
	assert_null(json_object_get(json_array_get(q, 0), "pd_sealed"));
	assert_true(json_is_null(json_object_get(json_array_get(q, 0), "my_scores")));
	json_decref(q);
	assert_int_equal(store_contest_juror_entry(f->st, CAMPAIGN, j1, a, &e), STORE_NOTFOUND);
	assert_null(e);
	/* An exclusion hides ns too. */
	assert_int_equal(store_contest_exclusion_add(f->st, CAMPAIGN, j1, "ns"), STORE_OK);
	assert_int_equal(store_contest_exclusion_add(f->st, CAMPAIGN, j1, "ns"), STORE_OK);
	assert_int_equal(store_contest_exclusion_list(f->st, CAMPAIGN, &list), STORE_OK);
	assert_int_equal(json_array_size(list), 1);
	json_decref(list);
	assert_int_equal(store_contest_juror_entry(f->st, CAMPAIGN, j1, c, &e), STORE_NOTFOUND);
	assert_int_equal(store_contest_exclusion_remove(f->st, CAMPAIGN, j1, "ns"), STORE_OK);
	assert_int_equal(store_contest_exclusion_remove(f->st, CAMPAIGN, j1, "ns"), STORE_NOTFOUND);
	assert_int_equal(store_contest_juror_entry(f->st, CAMPAIGN, j1, c, &e), STORE_OK);
	json_decref(e);
	/* The n15 juror sees only n15. */
	assert_int_equal(store_contest_juror_queue(f->st, CAMPAIGN, j2, &q), STORE_OK);
	assert_int_equal(json_array_size(q), 1);
	assert_int_equal(json_integer_value(json_object_get(json_array_get(q, 0), "id")), c);
	json_decref(q);
	/* Not a juror of the contest: nothing. */
	assert_int_equal(store_contest_juror_queue(f->st, CAMPAIGN, coord, &q), STORE_OK);
	assert_int_equal(json_array_size(q), 0);
	json_decref(q);

	/* Scores: set, replace, the juror's own in the queue. */
	assert_int_equal(store_contest_score_set(f->st, b, j1, "{\"idea\":5}", NULL, 3000), STORE_OK);
	assert_int_equal(store_contest_score_set(f->st, b, j1, "{\"idea\":7}", "Хорошо", 3001), STORE_OK);
	assert_int_equal(store_contest_score_set(f->st, c, j2, "{\"idea\":9}", NULL, 3002), STORE_OK);
	assert_int_equal(store_contest_juror_entry(f->st, CAMPAIGN, j1, b, &e), STORE_OK);
	assert_int_equal(json_integer_value(json_object_get(json_object_get(e, "my_scores"), "idea")), 7);
	assert_string_equal(jx_get_str(e, "my_comment"), "Хорошо");
	json_decref(e);
	assert_int_equal(store_contest_scores(f->st, CAMPAIGN, &list), STORE_OK);
	assert_int_equal(json_array_size(list), 2);
	assert_int_equal(json_integer_value(json_object_get(json_array_get(list, 0), "juror")), j1);
	json_decref(list);

	/* State: publish needs closed judging; reopening needs unpublished results. */
	assert_int_equal(store_contest_state(f->st, CAMPAIGN, &st), STORE_OK);
	assert_true(json_is_null(json_object_get(st, "judging_closed_at")));
	json_decref(st);
	assert_int_equal(store_contest_publish(f->st, CAMPAIGN, "{}", admin, 4000), STORE_CONFLICT);
	assert_int_equal(store_contest_set_judging(f->st, CAMPAIGN, 1, admin, 4000), STORE_OK);
	assert_int_equal(store_contest_set_judging(f->st, CAMPAIGN, 0, admin, 4001), STORE_OK);
	assert_int_equal(store_contest_set_judging(f->st, CAMPAIGN, 1, admin, 4002), STORE_OK);
	assert_int_equal(store_contest_publish(f->st, CAMPAIGN,
					       "{\"entries\":[{\"id\":1,\"author\":\"Иванов Иван\","
					       "\"video_url\":\"https://x\",\"title\":\"T\"}]}",
					       admin, 5000),
			 STORE_OK);
	assert_int_equal(store_contest_set_judging(f->st, CAMPAIGN, 0, admin, 5001), STORE_CONFLICT);
	assert_int_equal(store_contest_state(f->st, CAMPAIGN, &st), STORE_OK);
	assert_int_equal(json_integer_value(json_object_get(st, "results_published_at")), 5000);
	assert_string_equal(
		jx_get_str(json_array_get(json_object_get(json_object_get(st, "results"), "entries"), 0),
			   "author"),
		"Иванов Иван");
	json_decref(st);
	assert_int_equal(store_contest_purge_due(f->st, 4999, &slugs), STORE_OK);
	assert_int_equal(json_array_size(slugs), 0);
	json_decref(slugs);
	assert_int_equal(store_contest_purge_due(f->st, 5000, &slugs), STORE_OK);
	assert_int_equal(json_array_size(slugs), 1);
	json_decref(slugs);

	/* The purge: a record with statistics, nothing personal left, names gone from the results. */
	assert_int_equal(store_contest_purge(f->st, CAMPAIGN, admin, "", 6000, &rec), STORE_ERROR);
	assert_int_equal(store_contest_purge(f->st, CAMPAIGN, admin, "retention", 6000, &rec), STORE_OK);
	assert_int_equal(json_integer_value(json_object_get(rec, "records")), 3);
	assert_string_equal(jx_get_str(rec, "by_name"), "Имя");
	assert_int_equal(json_integer_value(json_object_get(
				 json_object_get(json_object_get(rec, "statistics"), "by_org_unit"), "vl")),
			 1);
	assert_int_equal(
		json_integer_value(json_object_get(
			json_object_get(json_object_get(rec, "statistics"), "by_status"), "accepted")),
		3);
	assert_int_equal(json_integer_value(json_object_get(
				 json_object_get(json_object_get(rec, "statistics"), "by_nomination"), "n7")),
			 2);
	json_decref(rec);
	assert_int_equal(hook->raw_int(f->url,
				       "SELECT count(*) FROM contest_entries WHERE pd_sealed IS NOT NULL "
				       "OR video_sealed IS NOT NULL OR title IS NOT NULL OR video_hash IS "
				       "NOT NULL"),
			 0);
	assert_int_equal(store_contest_state(f->st, CAMPAIGN, &st), STORE_OK);
	assert_false(json_is_null(json_object_get(st, "purged_at")));
	e = json_array_get(json_object_get(json_object_get(st, "results"), "entries"), 0);
	assert_null(json_object_get(e, "author"));
	assert_null(json_object_get(e, "video_url"));
	assert_string_equal(jx_get_str(e, "title"), "T");
	json_decref(st);
	assert_int_equal(store_contest_purge_due(f->st, 9000, &slugs), STORE_OK);
	assert_int_equal(json_array_size(slugs), 0);
	json_decref(slugs);
	/* Again: nothing new, a record with 0; by the automatic purge. */
	assert_int_equal(store_contest_purge(f->st, CAMPAIGN, 0, "retention", 7000, &rec), STORE_OK);
	assert_int_equal(json_integer_value(json_object_get(rec, "records")), 0);
	assert_true(json_is_null(json_object_get(rec, "by_user")));
	json_decref(rec);
	assert_int_equal(store_contest_destructions(f->st, CAMPAIGN, &list), STORE_OK);
	assert_int_equal(json_array_size(list), 2);
	assert_int_equal(json_integer_value(json_object_get(json_array_get(list, 0), "at")), 7000);
	json_decref(list);
}

int
main(int argc, char **argv)
{
	const char *pg = getenv("SVODKA_TEST_PG_URL");
	const char *want = argc > 1 ? argv[1] : (pg != NULL && *pg != '\0' ? "postgres" : "sqlite");
	size_t i;
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_open_bad_urls),
		cmocka_unit_test(test_open_not_a_database),
		cmocka_unit_test_setup_teardown(test_settings, setup, teardown),
		cmocka_unit_test_setup_teardown(test_migrate_empty, setup_empty, teardown),
		cmocka_unit_test_setup_teardown(test_migrate_twice, setup_empty, teardown),
		cmocka_unit_test_setup_teardown(test_migrate_too_new, setup_empty, teardown),
		cmocka_unit_test_setup_teardown(test_users, setup, teardown),
		cmocka_unit_test_setup_teardown(test_users_bad, setup, teardown),
		cmocka_unit_test_setup_teardown(test_sessions, setup, teardown),
		cmocka_unit_test_setup_teardown(test_sessions_disabled_user, setup, teardown),
		cmocka_unit_test_setup_teardown(test_sessions_bulk, setup, teardown),
		cmocka_unit_test_setup_teardown(test_sessions_bad, setup, teardown),
		cmocka_unit_test_setup_teardown(test_org_units, setup, teardown),
		cmocka_unit_test_setup_teardown(test_org_unit_update, setup, teardown),
		cmocka_unit_test_setup_teardown(test_org_units_bad, setup, teardown),
		cmocka_unit_test_setup_teardown(test_campaigns, setup, teardown),
		cmocka_unit_test_setup_teardown(test_campaigns_bad, setup, teardown),
		cmocka_unit_test_setup_teardown(test_audit, setup, teardown),
		cmocka_unit_test_setup_teardown(test_campaign_edit, setup, teardown),
		cmocka_unit_test_setup_teardown(test_report_create, setup, teardown),
		cmocka_unit_test_setup_teardown(test_report_update, setup, teardown),
		cmocka_unit_test_setup_teardown(test_report_rows_odd, setup, teardown),
		cmocka_unit_test_setup_teardown(test_report_status, setup, teardown),
		cmocka_unit_test_setup_teardown(test_report_list, setup, teardown),
		cmocka_unit_test_setup_teardown(test_report_notfound, setup, teardown),
		cmocka_unit_test_setup_teardown(test_report_lock_exception, setup, teardown),
		cmocka_unit_test_setup_teardown(test_report_rollback, setup, teardown),
		cmocka_unit_test_setup_teardown(test_report_two_writers, setup, teardown),
		cmocka_unit_test_setup_teardown(test_campaign_aggregates, setup, teardown),
		cmocka_unit_test_setup_teardown(test_export, setup, teardown),
		cmocka_unit_test_setup_teardown(test_export_many, setup, teardown),
		cmocka_unit_test_setup_teardown(test_mail_outbox, setup, teardown),
		cmocka_unit_test_setup_teardown(test_mail_bad, setup, teardown),
		cmocka_unit_test_setup_teardown(test_mail_claim, setup, teardown),
		cmocka_unit_test_setup_teardown(test_mail_claim_concurrent, setup, teardown),
		cmocka_unit_test_setup_teardown(test_mail_claim_skip_locked, setup, teardown),
		cmocka_unit_test_setup_teardown(test_user_email, setup, teardown),
		cmocka_unit_test_setup_teardown(test_export_summary, setup, teardown),
		cmocka_unit_test_setup_teardown(test_contest_entries, setup, teardown),
		cmocka_unit_test_setup_teardown(test_contest_confirmations, setup, teardown),
		cmocka_unit_test_setup_teardown(test_contest_jury, setup, teardown),
		cmocka_unit_test_setup_teardown(test_migrate_v1_data, setup_empty, teardown),
		cmocka_unit_test_setup_teardown(test_migrate_v2_reports, setup_empty, teardown),
		cmocka_unit_test_setup_teardown(test_rollback, setup, teardown),
		cmocka_unit_test_setup_teardown(test_two_connections, setup, teardown),
		cmocka_unit_test_setup_teardown(test_backup, setup, teardown),
		cmocka_unit_test_setup_teardown(test_migrate_concurrent, setup_empty, teardown),
		cmocka_unit_test(test_pg_placeholders),
		cmocka_unit_test_setup_teardown(test_lost_connection, setup, teardown),
		cmocka_unit_test_setup_teardown(test_server_gone, setup, teardown),
	};

	for (i = 0; i < sizeof(hooks) / sizeof(hooks[0]); i++)
		if (strcmp(want, hooks[i].name) == 0)
			hook = &hooks[i];
	if (hook == NULL) {
		fprintf(stderr, "usage: test_store [sqlite | postgres]\n");
		return 2;
	}
	/* The group's name tells the two runs apart in the output. */
	return cmocka_run_group_tests_name(hook->name, tests, suite_setup, suite_teardown);
}
