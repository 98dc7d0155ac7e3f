/*
 * postgres: the PostgreSQL backend of the store, the only file in svodka
 * that calls libpq. One connection per struct store, opened from a
 * postgres:// URL (connect_timeout 2 s unless the URL says otherwise) and
 * set up for UTF-8, UTC, and statement and lock timeouts. The core's `?`
 * placeholders are rewritten into $1..$n, and each statement is prepared
 * (PQprepare, named "s<id>") once per session and run with its parameters
 * sent as text. Inside a transaction a writing statement runs under a
 * savepoint, so that a constraint conflict leaves the rest of the
 * transaction usable, as on SQLite.
 *
 * A streaming statement (STORE_PREPARE_STREAM: the exports) is prepared as
 * `DECLARE c<id> NO SCROLL CURSOR FOR <query>`; running it declares the
 * cursor in the open transaction, and stepping fetches STORE_STREAM_ROWS
 * rows at a time (`FETCH 1000 FROM c<id>`), so an export of 400,000 rows
 * holds 1,000 in memory, where PQexecPrepared would have fetched them all.
 * reset() closes the cursor.
 *
 * A lost session (server restarted, backend terminated) marks the
 * connection broken and answers STORE_UNAVAILABLE; the next call tries
 * PQreset once and, when the server is back, prepares its statements anew.
 */
#include "store/store_int.h"

#include <ctype.h>
#include <libpq-fe.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "util/buf.h"
#include "util/log.h"
#include "util/xalloc.h"

#define CONNECT_TIMEOUT "2" /* seconds; applies to every (re)connect */

/* Run on every new session; PQreset starts a new one. */
#define SESSION_SQL                                                                                          \
	"SET client_encoding = 'UTF8'; SET TimeZone = 'UTC'; SET application_name = 'svodka'; "              \
	"SET statement_timeout = '30s'; SET lock_timeout = '5s'"

struct pg_stmt {
	struct store_stmt base; /* first: the core sees this */
	struct pg_store *c; /* the connection it belongs to */
	char name[16]; /* server-side name, "s<id>" */
	char *sql; /* rewritten with $n; NULL until first prepared */
	int nparams;
	int write; /* not a SELECT: runs under a savepoint inside a transaction */
	int stream; /* STORE_PREPARE_STREAM: sql declares cursor c<id> */
	int open; /* stream: the cursor is declared in the current transaction */
	int prepared; /* on the current session */
	char **values; /* nparams bound values, malloc'd; NULL binds NULL */
	PGresult *res; /* the rows of the current run, NULL before it */
	int nrows;
	int cur; /* row the column functions read; -1 before the first step */
};

struct pg_store {
	struct store base; /* first: the core sees this */
	PGconn *conn;
	int broken; /* the session is lost: reconnect on the next call */
	int tx; /* a transaction is open on the server */
	char where[160]; /* "host:port/db" for log lines, never the password */
	struct pg_stmt stmts[STMT__MAX]; /* the statement cache */
};

static struct pg_store *
conn(struct store *st)
{
	return (struct pg_store *)st;
}

static struct pg_stmt *
stm(struct store_stmt *s)
{
	return (struct pg_stmt *)s;
}

/* The length of msg's first line: libpq messages end in a newline. */
static int
line_len(const char *msg)
{
	size_t n = strcspn(msg, "\n");

	return n > 512 ? 512 : (int)n;
}

/*
 * Maps a failed call to a store_rc from its SQLSTATE (res may be NULL: then
 * the connection's message is used). Integrity violations (class 23) are
 * expected outcomes: STORE_CONFLICT, neither logged nor counted, as on
 * SQLite. A lost session marks the connection broken: STORE_UNAVAILABLE.
 * Lock and statement timeouts, deadlocks, serialization failures and a
 * server out of resources are STORE_UNAVAILABLE too (a retry may succeed);
 * anything else is STORE_ERROR. All but conflicts are logged and counted.
 */
static enum store_rc
classify(struct pg_store *c, const PGresult *res, const char *fn, const char *call)
{
	const char *state = res != NULL ? PQresultErrorField(res, PG_DIAG_SQLSTATE) : NULL;
	const char *msg = res != NULL ? PQresultErrorField(res, PG_DIAG_MESSAGE_PRIMARY) : NULL;
	enum store_rc rc = STORE_ERROR;

	if (state == NULL)
		state = "";
	if (msg == NULL)
		msg = res != NULL && *PQresultErrorMessage(res) != '\0' ? PQresultErrorMessage(res)
									: PQerrorMessage(c->conn);
	if (strncmp(state, "23", 2) == 0)
		return STORE_CONFLICT;
	if (PQstatus(c->conn) == CONNECTION_BAD || strncmp(state, "08", 2) == 0 ||
	    strcmp(state, "57P01") == 0 || strcmp(state, "57P02") == 0 || strcmp(state, "57P03") == 0) {
		c->broken = 1;
		rc = STORE_UNAVAILABLE;
	} else if (strcmp(state, "40001") == 0 || strcmp(state, "40P01") == 0 ||
		   strcmp(state, "55P03") == 0 || strcmp(state, "57014") == 0 ||
		   strncmp(state, "53", 2) == 0) {
		rc = STORE_UNAVAILABLE;
	}
	log_warnx("%s: %s: %s: %.*s%s%s%s", fn, call, c->where, line_len(msg), msg, *state ? " (" : "", state,
		  *state ? ")" : "");
	store_error_note();
	return rc;
}

/* Runs a command without parameters or rows (BEGIN, SET, SAVEPOINT ...). */
static enum store_rc
simple(struct pg_store *c, const char *sql, const char *fn)
{
	PGresult *res = PQexec(c->conn, sql);
	enum store_rc rc = STORE_OK;
	ExecStatusType status = PQresultStatus(res);

	if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK)
		rc = classify(c, res, fn, "PQexec");
	PQclear(res);
	return rc;
}

/* Forgets every prepared statement: they died with the old session. */
static void
forget_statements(struct pg_store *c)
{
	int i;

	for (i = 0; i < STMT__MAX; i++) {
		c->stmts[i].prepared = 0;
		c->stmts[i].open = 0;
		PQclear(c->stmts[i].res);
		c->stmts[i].res = NULL;
		c->stmts[i].nrows = 0;
		c->stmts[i].cur = -1;
	}
}

/*
 * Makes sure the session is there: on a broken connection, tries PQreset
 * once. A transaction open when the session was lost is gone with it, so
 * until the caller rolls back every call answers STORE_UNAVAILABLE.
 */
static enum store_rc
usable(struct pg_store *c, const char *fn)
{
	const char *msg;

	if (!c->broken)
		return STORE_OK;
	if (c->tx) {
		log_warnx("%s: %s: the transaction was lost with the connection", fn, c->where);
		return STORE_UNAVAILABLE;
	}
	PQreset(c->conn);
	if (PQstatus(c->conn) != CONNECTION_OK) {
		msg = PQerrorMessage(c->conn);
		log_warnx("%s: reconnect to %s: %.*s", fn, c->where, line_len(msg), msg);
		store_error_note();
		return STORE_UNAVAILABLE;
	}
	forget_statements(c);
	c->broken = 0;
	if (simple(c, SESSION_SQL, fn) != STORE_OK) {
		c->broken = 1;
		return STORE_UNAVAILABLE;
	}
	log_info("%s: reconnected to %s", fn, c->where);
	return STORE_OK;
}

static int
ident_char(char ch)
{
	return ch == '_' || (unsigned char)ch >= 0x80 || isalnum((unsigned char)ch);
}

/* Past the quoted text at p ('...', E'...' when esc, "..."); a doubled quote is a quote. */
static const char *
skip_quoted(const char *p, int esc)
{
	const char q = *p++;

	while (*p != '\0') {
		if (esc && *p == '\\' && p[1] != '\0')
			p += 2;
		else if (*p == q && p[1] == q)
			p += 2;
		else if (*p++ == q)
			break;
	}
	return p;
}

/* Past the block comment at p; they nest in PostgreSQL. */
static const char *
skip_comment(const char *p)
{
	int depth = 1;

	for (p += 2; *p != '\0' && depth > 0; p++) {
		if (p[0] == '/' && p[1] == '*') {
			depth++;
			p++;
		} else if (p[0] == '*' && p[1] == '/') {
			depth--;
			p++;
		}
	}
	return p;
}

/* Past the dollar-quoted string at p ($$...$$, $tag$...$tag$), or NULL if p starts none. */
static const char *
skip_dollar(const char *p)
{
	const char *close;
	size_t n = 1;
	char *tag;

	if (p[1] != '$' && (p[1] == '_' || isalpha((unsigned char)p[1])) == 0)
		return NULL;
	while (p[n] != '$' && ident_char(p[n]))
		n++;
	if (p[n] != '$')
		return NULL;
	tag = xstrndup(p, n + 1);
	close = strstr(p + n + 1, tag);
	free(tag);
	return close != NULL ? close + n + 1 : p + strlen(p);
}

/*
 * Rewrites the `?` placeholders of sql into $1..$n, leaving alone those in
 * string literals ('...', E'...', $tag$...$tag$), quoted identifiers and
 * comments. Returns a malloc'd string; *nparams gets n.
 */
char *
store_postgres_placeholders(const char *sql, int *nparams)
{
	struct buf b;
	const char *p = sql, *end, *dollar;
	int n = 0, fail = 0, after_ident = 0;

	buf_init(&b, BUF_MAX_DEFAULT);
	while (*p != '\0') {
		end = p + 1;
		if (*p == '?') {
			fail |= buf_addf(&b, "$%d", ++n);
			p++;
			after_ident = 0;
			continue;
		}
		if (*p == '"')
			end = skip_quoted(p, 0);
		else if (*p == '\'')
			end = skip_quoted(p, p > sql && (p[-1] | 0x20) == 'e' &&
						     !(p - 1 > sql && ident_char(p[-2])));
		else if (p[0] == '-' && p[1] == '-')
			end = p + strcspn(p, "\n");
		else if (p[0] == '/' && p[1] == '*')
			end = skip_comment(p);
		else if (*p == '$' && !after_ident && (dollar = skip_dollar(p)) != NULL)
			end = dollar;
		after_ident = ident_char(*p) || *p == '$';
		fail |= buf_add(&b, p, (size_t)(end - p));
		p = end;
	}
	if (fail != 0)
		abort(); /* statement text is ours and far below the limit */
	*nparams = n;
	return buf_detach(&b, NULL);
}

/* Server notices (NOTICE, WARNING outside an error) go to the log, not to stderr raw. */
static void
notice(void *arg, const char *msg)
{
	struct pg_store *c = arg;

	log_info("postgres: %s: %.*s", c->where, line_len(msg), msg);
}

static enum store_rc
session_setup(struct pg_store *c)
{
	return simple(c, SESSION_SQL, __func__);
}

/* c->where from the URL's host, port and database, defaults marked as such. */
static void
describe(struct pg_store *c, PQconninfoOption *opts)
{
	const char *host = NULL, *port = NULL, *db = NULL;
	PQconninfoOption *o;
	int n;

	for (o = opts; o->keyword != NULL; o++) {
		if (strcmp(o->keyword, "host") == 0)
			host = o->val;
		else if (strcmp(o->keyword, "port") == 0)
			port = o->val;
		else if (strcmp(o->keyword, "dbname") == 0)
			db = o->val;
	}
	n = snprintf(c->where, sizeof(c->where), "%s:%s/%s", host != NULL ? host : "(default)",
		     port != NULL ? port : "(default)", db != NULL ? db : "(default)");
	if (n < 0 || (size_t)n >= sizeof(c->where))
		memcpy(c->where + sizeof(c->where) - 4, "...", 4);
}

/*
 * Connects to url (a postgres:// or postgresql:// URI that libpq parses).
 * A malformed URL is STORE_ERROR, an unreachable server STORE_UNAVAILABLE;
 * neither log line shows the URL, which may hold a password.
 */
static enum store_rc
pg_open(const char *url, struct store **out)
{
	/* Later keywords win: the URL may override the first two. */
	const char *const keys[] = {"connect_timeout", "application_name", "dbname", NULL};
	const char *const vals[] = {CONNECT_TIMEOUT, "svodka", url, NULL};
	PQconninfoOption *opts;
	struct pg_store *c = NULL;
	char *err = NULL;
	const char *msg;
	enum store_rc ret;
	int i;

	opts = PQconninfoParse(url, &err);
	if (opts == NULL) {
		/* libpq's message may quote the password: not logged. */
		log_warnx("%s: malformed postgres url (not shown: it may hold a password)", __func__);
		PQfreemem(err);
		store_error_note();
		return STORE_ERROR;
	}
	c = xcalloc(1, sizeof(*c));
	describe(c, opts);
	PQconninfoFree(opts);
	c->conn = PQconnectdbParams(keys, vals, 1);
	if (c->conn == NULL)
		abort(); /* libpq out of memory */
	PQsetNoticeProcessor(c->conn, notice, c);
	if (PQstatus(c->conn) != CONNECTION_OK) {
		msg = PQerrorMessage(c->conn);
		log_warnx("%s: connect to %s: %.*s", __func__, c->where, line_len(msg), msg);
		store_error_note();
		ret = STORE_UNAVAILABLE;
		goto out;
	}
	if ((ret = session_setup(c)) != STORE_OK)
		goto out;
	for (i = 0; i < STMT__MAX; i++) {
		c->stmts[i].base.id = (enum store_stmt_id)i;
		c->stmts[i].c = c;
		c->stmts[i].cur = -1;
		if (snprintf(c->stmts[i].name, sizeof(c->stmts[i].name), "s%d", i) >=
		    (int)sizeof(c->stmts[i].name))
			abort();
	}
	*out = &c->base;
	c = NULL;
out:
	if (c != NULL) {
		PQfinish(c->conn);
		free(c);
	}
	return ret;
}

static void
clear_values(struct pg_stmt *s)
{
	int i;

	for (i = 0; i < s->nparams; i++) {
		free(s->values[i]);
		s->values[i] = NULL;
	}
}

static void
pg_close(struct store *st)
{
	struct pg_store *c = conn(st);
	int i;

	for (i = 0; i < STMT__MAX; i++) {
		PQclear(c->stmts[i].res);
		if (c->stmts[i].values != NULL)
			clear_values(&c->stmts[i]);
		free(c->stmts[i].values);
		free(c->stmts[i].sql);
	}
	PQfinish(c->conn);
	free(c);
}

static enum store_rc
pg_exec(struct store *st, const char *sql)
{
	struct pg_store *c = conn(st);
	enum store_rc rc;

	if ((rc = usable(c, __func__)) != STORE_OK)
		return rc;
	return simple(c, sql, __func__);
}

static enum store_rc
pg_has_table(struct store *st, const char *name, int *exists)
{
	static const char sql[] = "SELECT count(*) FROM pg_catalog.pg_tables "
				  "WHERE schemaname = current_schema() AND tablename = $1";
	struct pg_store *c = conn(st);
	const char *const params[] = {name};
	PGresult *res = NULL;
	enum store_rc rc;

	*exists = 0;
	if ((rc = usable(c, __func__)) != STORE_OK)
		return rc;
	res = PQexecParams(c->conn, sql, 1, NULL, params, NULL, NULL, 0);
	if (PQresultStatus(res) != PGRES_TUPLES_OK || PQntuples(res) != 1) {
		rc = classify(c, res, __func__, "PQexecParams");
		goto out;
	}
	*exists = strtoll(PQgetvalue(res, 0, 0), NULL, 10) > 0;
out:
	PQclear(res);
	return rc;
}

/* The SQL text to prepare for a streaming statement: a cursor over the query. */
static char *
declare_sql(const struct pg_stmt *s, const char *query)
{
	struct buf b;

	buf_init(&b, BUF_MAX_DEFAULT);
	if (buf_addf(&b, "DECLARE c%d NO SCROLL CURSOR FOR %s", (int)s->base.id, query) < 0)
		abort(); /* statement text is ours and far below the limit */
	return buf_detach(&b, NULL);
}

static enum store_rc
pg_prepare(struct store *st, enum store_stmt_id id, const char *sql, unsigned flags, struct store_stmt **out)
{
	struct pg_store *c = conn(st);
	struct pg_stmt *s = &c->stmts[id];
	PGresult *res;
	enum store_rc rc;
	char *query;

	if ((rc = usable(c, __func__)) != STORE_OK)
		return rc;
	if (s->sql == NULL) {
		s->sql = store_postgres_placeholders(sql, &s->nparams);
		s->values = s->nparams > 0 ? xcalloc((size_t)s->nparams, sizeof(*s->values)) : NULL;
		s->write = strncasecmp(sql, "SELECT", 6) != 0;
		s->stream = (flags & STORE_PREPARE_STREAM) != 0;
		if (s->stream) {
			query = s->sql;
			s->sql = declare_sql(s, query);
			free(query);
		}
	}
	if (!s->prepared) {
		res = PQprepare(c->conn, s->name, s->sql, s->nparams, NULL);
		if (PQresultStatus(res) != PGRES_COMMAND_OK) {
			rc = classify(c, res, __func__, "PQprepare");
			PQclear(res);
			return rc;
		}
		PQclear(res);
		s->prepared = 1;
	}
	*out = &s->base;
	return STORE_OK;
}

/* Takes ownership of v (NULL binds NULL). */
static enum store_rc
bind_value(struct pg_stmt *s, int i, char *v, const char *fn)
{
	if (i < 1 || i > s->nparams) {
		log_warnx("%s: statement %s has no parameter %d", fn, s->name, i);
		store_error_note();
		free(v);
		return STORE_ERROR;
	}
	free(s->values[i - 1]);
	s->values[i - 1] = v;
	return STORE_OK;
}

static enum store_rc
pg_bind_int64(struct store_stmt *s, int i, int64_t v)
{
	char *text = xmalloc(24);

	if (snprintf(text, 24, "%lld", (long long)v) >= 24)
		abort();
	return bind_value(stm(s), i, text, __func__);
}

static enum store_rc
pg_bind_text(struct store_stmt *s, int i, const char *v)
{
	return bind_value(stm(s), i, xstrdup(v), __func__);
}

static enum store_rc
pg_bind_null(struct store_stmt *s, int i)
{
	return bind_value(stm(s), i, NULL, __func__);
}

/* A streaming statement: the next STORE_STREAM_ROWS rows of its cursor. */
static enum store_rc
fetch(struct pg_stmt *s)
{
	struct pg_store *c = s->c;
	char sql[64];
	PGresult *res;
	int n;

	n = snprintf(sql, sizeof(sql), "FETCH %d FROM c%d", STORE_STREAM_ROWS, (int)s->base.id);
	if (n < 0 || (size_t)n >= sizeof(sql))
		abort();
	PQclear(s->res);
	s->res = NULL;
	s->nrows = 0;
	s->cur = -1;
	res = PQexec(c->conn, sql);
	if (PQresultStatus(res) != PGRES_TUPLES_OK) {
		enum store_rc rc = classify(c, res, __func__, "PQexec");

		PQclear(res);
		return rc;
	}
	s->res = res;
	s->nrows = PQntuples(res);
	return STORE_OK;
}

/* A streaming statement: declares its cursor (in the open transaction) and fetches the first rows. */
static enum store_rc
run_stream(struct pg_stmt *s)
{
	struct pg_store *c = s->c;
	PGresult *res;
	enum store_rc rc;

	if (!c->tx) {
		log_warnx("%s: %s: a streaming statement needs a transaction", __func__, s->name);
		store_error_note();
		return STORE_ERROR;
	}
	res = PQexecPrepared(c->conn, s->name, s->nparams, (const char *const *)s->values, NULL, NULL, 0);
	if (PQresultStatus(res) != PGRES_COMMAND_OK) {
		rc = classify(c, res, __func__, "PQexecPrepared");
		PQclear(res);
		return rc;
	}
	PQclear(res);
	s->open = 1;
	return fetch(s);
}

/* Executes the statement with its bound values and keeps the rows. */
static enum store_rc
run(struct pg_stmt *s)
{
	struct pg_store *c = s->c;
	int savepoint = c->tx && s->write;
	PGresult *res;
	ExecStatusType status;
	enum store_rc rc;

	if (c->broken) {
		log_warnx("%s: %s: the connection is lost", __func__, c->where);
		return STORE_UNAVAILABLE;
	}
	if (s->stream)
		return run_stream(s);
	if (savepoint && (rc = simple(c, "SAVEPOINT svodka_stmt", __func__)) != STORE_OK)
		return rc;
	res = PQexecPrepared(c->conn, s->name, s->nparams, (const char *const *)s->values, NULL, NULL, 0);
	status = PQresultStatus(res);
	if (status != PGRES_TUPLES_OK && status != PGRES_COMMAND_OK) {
		rc = classify(c, res, __func__, "PQexecPrepared");
		PQclear(res);
		if (savepoint && !c->broken)
			(void)simple(c, "ROLLBACK TO SAVEPOINT svodka_stmt", __func__);
		return rc;
	}
	if (savepoint && (rc = simple(c, "RELEASE SAVEPOINT svodka_stmt", __func__)) != STORE_OK) {
		PQclear(res);
		return rc;
	}
	s->res = res;
	s->nrows = PQntuples(res);
	s->cur = -1;
	return STORE_OK;
}

static enum store_rc
pg_step(struct store_stmt *base, int *row)
{
	struct pg_stmt *s = stm(base);
	enum store_rc rc;

	*row = 0;
	if (s->res == NULL && (rc = run(s)) != STORE_OK)
		return rc;
	/* A full batch of a cursor may have more behind it. */
	if (s->stream && s->cur + 1 >= s->nrows && s->nrows == STORE_STREAM_ROWS &&
	    (rc = fetch(s)) != STORE_OK)
		return rc;
	if (s->cur + 1 < s->nrows) {
		s->cur++;
		*row = 1;
	} else {
		s->cur = s->nrows;
	}
	return STORE_OK;
}

/* The text of column i of the current row, NULL for SQL NULL or no row. */
static const char *
value(struct pg_stmt *s, int i)
{
	if (s->res == NULL || s->cur < 0 || s->cur >= s->nrows || i < 0 || i >= PQnfields(s->res) ||
	    PQgetisnull(s->res, s->cur, i))
		return NULL;
	return PQgetvalue(s->res, s->cur, i);
}

static int64_t
pg_column_int64(struct store_stmt *s, int i)
{
	const char *v = value(stm(s), i);

	return v != NULL ? strtoll(v, NULL, 10) : 0;
}

static const char *
pg_column_text(struct store_stmt *s, int i)
{
	return value(stm(s), i);
}

static int
pg_column_is_null(struct store_stmt *s, int i)
{
	return value(stm(s), i) == NULL;
}

static void
pg_reset(struct store_stmt *base)
{
	struct pg_stmt *s = stm(base);
	struct pg_store *c = s->c;
	char sql[32];
	int n;

	/* An error has aborted the transaction, and the cursor with it: nothing to close. */
	if (s->open && !c->broken && PQtransactionStatus(c->conn) == PQTRANS_INTRANS) {
		n = snprintf(sql, sizeof(sql), "CLOSE c%d", (int)s->base.id);
		if (n < 0 || (size_t)n >= sizeof(sql))
			abort();
		(void)simple(c, sql, __func__);
	}
	s->open = 0;
	PQclear(s->res);
	s->res = NULL;
	s->nrows = 0;
	s->cur = -1;
	clear_values(s);
}

/*
 * write: READ COMMITTED, where writes guard themselves with
 * `WHERE version = ?`; read: one REPEATABLE READ READ ONLY snapshot for all
 * the queries of a page.
 */
static enum store_rc
pg_begin(struct store *st, int write)
{
	struct pg_store *c = conn(st);
	enum store_rc rc;

	if ((rc = usable(c, __func__)) != STORE_OK)
		return rc;
	rc = simple(c, write ? "BEGIN" : "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY", __func__);
	if (rc == STORE_OK)
		c->tx = 1;
	return rc;
}

/*
 * A failed COMMIT has ended the transaction on the server. A transaction
 * that an earlier error had aborted is rolled back by COMMIT: STORE_ERROR.
 */
static enum store_rc
pg_commit(struct store *st)
{
	struct pg_store *c = conn(st);
	PGresult *res;
	enum store_rc rc = STORE_OK;

	if (!c->tx)
		return STORE_OK;
	c->tx = 0;
	if (c->broken) {
		log_warnx("%s: %s: the transaction was lost with the connection", __func__, c->where);
		return STORE_UNAVAILABLE;
	}
	res = PQexec(c->conn, "COMMIT");
	if (PQresultStatus(res) != PGRES_COMMAND_OK) {
		rc = classify(c, res, __func__, "PQexec");
	} else if (strcmp(PQcmdStatus(res), "ROLLBACK") == 0) {
		log_warnx("%s: %s: an earlier error had aborted the transaction; rolled back", __func__,
			  c->where);
		store_error_note();
		rc = STORE_ERROR;
	}
	PQclear(res);
	return rc;
}

static void
pg_rollback(struct store *st)
{
	struct pg_store *c = conn(st);

	if (!c->tx)
		return;
	c->tx = 0;
	if (!c->broken)
		(void)simple(c, "ROLLBACK", __func__);
}

struct pg_conn *
store_postgres_handle(struct store *st)
{
	if (st == NULL || st->ops != &store_postgres_ops)
		return NULL;
	return conn(st)->conn;
}

const struct store_ops store_postgres_ops = {
	.version = STORE_OPS_VERSION,
	.name = "postgres",
	.dialect = STORE_DIALECT_POSTGRES,
	.open = pg_open,
	.close = pg_close,
	.exec = pg_exec,
	.has_table = pg_has_table,
	.prepare = pg_prepare,
	.bind_int64 = pg_bind_int64,
	.bind_text = pg_bind_text,
	.bind_null = pg_bind_null,
	.step = pg_step,
	.column_int64 = pg_column_int64,
	.column_text = pg_column_text,
	.column_is_null = pg_column_is_null,
	.reset = pg_reset,
	.begin = pg_begin,
	.commit = pg_commit,
	.rollback = pg_rollback,
	.backup = NULL, /* pg_dump is the tool */
};
