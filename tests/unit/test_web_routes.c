/*
 * test_web_routes: docs/api.md against the route table that web_app()
 * hands the server. Every method of every route (HEAD folded into GET) must
 * be listed in a heading or a table row of the doc as "`METHOD pattern`",
 * the pattern spelled exactly as in the table; and every such mention in a
 * heading or table row must name a route of the table, so the doc can
 * neither miss a route nor keep a dead or abbreviated one. The doc is read
 * in place from $SVODKA_SOURCE/docs/api.md (SVODKA_SOURCE is set by meson
 * test, as for the other unit tests that read files of the checkout).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "http/http.h"
#include "web/web.h"

#define DOC_MAX ((size_t)1 << 20) /* api.md is far smaller; a bigger file is a mistake */
#define MENTIONS_MAX 1024

/* One "`METHOD pattern`" span in a heading or a table row of the doc. */
struct mention {
	unsigned method; /* one HTTP_* bit */
	const char *method_name; /* as written */
	const char *pattern; /* into doc text, not NUL-terminated */
	size_t len; /* bytes of pattern */
	unsigned line; /* 1-based line of the doc */
};

struct doc {
	char path[4096]; /* where the doc was read */
	char *text; /* the whole file, NUL-terminated; owned */
	struct mention mentions[MENTIONS_MAX];
	size_t n; /* mentions used */
};

static const struct {
	unsigned bit;
	const char *name;
} methods[] = {
	{HTTP_GET, "GET"},       {HTTP_HEAD, "HEAD"},   {HTTP_POST, "POST"},       {HTTP_PUT, "PUT"},
	{HTTP_DELETE, "DELETE"}, {HTTP_PATCH, "PATCH"}, {HTTP_OPTIONS, "OPTIONS"},
};

static const char *
method_name(unsigned bit)
{
	size_t i;

	for (i = 0; i < sizeof(methods) / sizeof(methods[0]); i++)
		if (methods[i].bit == bit)
			return methods[i].name;
	return "?"; /* not a method of the table: never NULL into a %s */
}

/*
 * Records the span s[0..len) when it reads "METHOD rest" for a known method.
 * Returns 0, or -1 when there is no room left.
 */
static int
scan_span(struct doc *d, const char *s, size_t len, unsigned line)
{
	size_t i, mlen;

	for (i = 0; i < sizeof(methods) / sizeof(methods[0]); i++) {
		mlen = strlen(methods[i].name);
		if (len <= mlen + 1 || memcmp(s, methods[i].name, mlen) != 0 || s[mlen] != ' ')
			continue;
		if (d->n == MENTIONS_MAX)
			return -1;
		d->mentions[d->n].method = methods[i].bit;
		d->mentions[d->n].method_name = methods[i].name;
		d->mentions[d->n].pattern = s + mlen + 1;
		d->mentions[d->n].len = len - mlen - 1;
		d->mentions[d->n].line = line;
		d->n++;
		return 0;
	}
	return 0;
}

/*
 * Collects the mentions of d->text: the backquoted spans of lines that start
 * with '#' (headings) or '|' (table rows); prose and code blocks are not
 * route entries. Returns 0, or -1 when there are more than MENTIONS_MAX.
 */
static int
scan_doc(struct doc *d)
{
	const char *p = d->text, *eol, *open, *close;
	unsigned line = 1;

	d->n = 0;
	for (; *p != '\0'; p = *eol ? eol + 1 : eol, line++) {
		eol = strchr(p, '\n');
		if (eol == NULL)
			eol = p + strlen(p);
		if (*p != '#' && *p != '|')
			continue;
		for (open = memchr(p, '`', (size_t)(eol - p)); open != NULL;
		     open = memchr(close + 1, '`', (size_t)(eol - close - 1))) {
			close = memchr(open + 1, '`', (size_t)(eol - open - 1));
			if (close == NULL)
				break;
			if (scan_span(d, open + 1, (size_t)(close - open - 1), line) < 0)
				return -1;
		}
	}
	return 0;
}

/* Whether the doc lists method bit with exactly this pattern. */
static int
doc_lists(const struct doc *d, unsigned bit, const char *pattern)
{
	size_t i, len = strlen(pattern);

	for (i = 0; i < d->n; i++)
		if (d->mentions[i].method == bit && d->mentions[i].len == len &&
		    memcmp(d->mentions[i].pattern, pattern, len) == 0)
			return 1;
	return 0;
}

/* Whether some route of the table accepts the mention's method at its pattern. */
static int
table_has(const struct http_app *app, const struct mention *m)
{
	size_t i;

	for (i = 0; i < app->nroutes; i++)
		if ((app->routes[i].methods & m->method) && strlen(app->routes[i].pattern) == m->len &&
		    memcmp(app->routes[i].pattern, m->pattern, m->len) == 0)
			return 1;
	return 0;
}

static int
doc_setup(void **state)
{
	const char *root = getenv("SVODKA_SOURCE");
	struct doc *d;
	FILE *f;
	size_t n;
	int len;

	if (root == NULL || root[0] == '\0') {
		print_error("SVODKA_SOURCE is not set: cannot find docs/api.md\n");
		return -1;
	}
	d = calloc(1, sizeof(*d));
	if (d == NULL)
		return -1;
	len = snprintf(d->path, sizeof(d->path), "%s/docs/api.md", root);
	if (len < 0 || (size_t)len >= sizeof(d->path)) {
		print_error("docs/api.md: path too long\n");
		free(d);
		return -1;
	}
	d->text = malloc(DOC_MAX + 1);
	f = fopen(d->path, "rb");
	if (d->text == NULL || f == NULL) {
		print_error("cannot read %s\n", d->path);
		goto fail;
	}
	n = fread(d->text, 1, DOC_MAX + 1, f);
	if (ferror(f) || n > DOC_MAX) {
		print_error("%s: read error or over %zu bytes\n", d->path, DOC_MAX);
		goto fail;
	}
	fclose(f);
	f = NULL;
	d->text[n] = '\0';
	if (scan_doc(d) < 0) {
		print_error("%s: more than %d route mentions\n", d->path, MENTIONS_MAX);
		goto fail;
	}
	*state = d;
	return 0;
fail:
	if (f != NULL)
		fclose(f);
	free(d->text);
	free(d);
	return -1;
}

static int
doc_teardown(void **state)
{
	struct doc *d = *state;

	if (d != NULL)
		free(d->text);
	free(d);
	return 0;
}

/* Every method of every route appears as "`METHOD pattern`"; GET covers HEAD. */
static void
test_every_route_is_documented(void **state)
{
	const struct doc *d = *state;
	const struct http_app *app = web_app();
	const char *first_method = NULL, *first_pattern = NULL;
	size_t i, b, missing = 0;
	unsigned bit, accepted;

	assert_true(app->nroutes > 0);
	for (i = 0; i < app->nroutes; i++) {
		accepted = app->routes[i].methods;
		if (accepted & HTTP_GET)
			accepted &= ~(unsigned)HTTP_HEAD;
		for (b = 0; b < sizeof(methods) / sizeof(methods[0]); b++) {
			bit = methods[b].bit;
			if (!(accepted & bit) || doc_lists(d, bit, app->routes[i].pattern))
				continue;
			print_error("%s lists no `%s %s` (routes[%zu] in src/web/web.c)\n", d->path,
				    method_name(bit), app->routes[i].pattern, i);
			if (missing++ == 0) {
				first_method = method_name(bit);
				first_pattern = app->routes[i].pattern;
			}
		}
	}
	if (missing > 0)
		fail_msg("%zu route(s) missing from docs/api.md, the first `%s %s`", missing, first_method,
			 first_pattern);
}

/* Every "`METHOD …`" of a heading or a table row names a route of the table. */
static void
test_every_documented_route_exists(void **state)
{
	const struct doc *d = *state;
	const struct http_app *app = web_app();
	const struct mention *first = NULL;
	size_t i, dead = 0;

	for (i = 0; i < d->n; i++) {
		if (table_has(app, &d->mentions[i]))
			continue;
		print_error("%s:%u: `%s %.*s` is no route of web_app()\n", d->path, d->mentions[i].line,
			    d->mentions[i].method_name, (int)d->mentions[i].len, d->mentions[i].pattern);
		if (dead++ == 0)
			first = &d->mentions[i];
	}
	if (first != NULL)
		fail_msg("%zu mention(s) in docs/api.md name no route, the first `%s %.*s` on line %u", dead,
			 first->method_name, (int)first->len, first->pattern, first->line);
}

/*
 * The scanner itself: spans of headings and table rows count, several to a
 * line; prose, code blocks and spans that are no method do not; an
 * abbreviated or query-carrying pattern is kept as written, so that the
 * second test reports it.
 */
static void
test_scanner_reads_headings_and_tables_only(void **state)
{
	static const char text[] = "# Title with `GET /nothing`\n"
				   "Prose names `GET /prose` and is skipped.\n"
				   "### `POST /a/{id}/x`, `POST /a/{id}/y`\n"
				   "| `DELETE /b` | admin | `/jury` | `GETTER /c` |\n"
				   "```\n"
				   "GET /code\n"
				   "```\n"
				   "### `GET …/reports/{org}`\n"
				   "| `GET /audit?page=N` | unterminated `PUT /d\n";
	struct doc *d = calloc(1, sizeof(*d));

	(void)state;
	assert_non_null(d);
	d->text = malloc(sizeof(text));
	assert_non_null(d->text);
	memcpy(d->text, text, sizeof(text));
	assert_int_equal(scan_doc(d), 0);
	assert_int_equal(d->n, 6);
	assert_int_equal(d->mentions[0].method, HTTP_GET);
	assert_int_equal(d->mentions[0].line, 1);
	assert_true(doc_lists(d, HTTP_POST, "/a/{id}/x"));
	assert_true(doc_lists(d, HTTP_POST, "/a/{id}/y"));
	assert_true(doc_lists(d, HTTP_DELETE, "/b"));
	assert_true(doc_lists(d, HTTP_GET, "…/reports/{org}"));
	assert_true(doc_lists(d, HTTP_GET, "/audit?page=N"));
	assert_int_equal(d->mentions[5].line, 9);
	assert_false(doc_lists(d, HTTP_GET, "/prose"));
	assert_false(doc_lists(d, HTTP_GET, "/code"));
	assert_false(doc_lists(d, HTTP_GET, "/audit"));
	assert_false(doc_lists(d, HTTP_PUT, "/d"));
	free(d->text);
	free(d);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_scanner_reads_headings_and_tables_only),
		cmocka_unit_test(test_every_route_is_documented),
		cmocka_unit_test(test_every_documented_route_exists),
	};

	return cmocka_run_group_tests(tests, doc_setup, doc_teardown);
}
