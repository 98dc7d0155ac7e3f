/*
 * test_route: http_route_match over a small table — literal, parameter and
 * rest matches, first match in table order, 404 against 405 with the allowed
 * methods, decoded slashes, empty and dot segments, trailing slashes and very
 * long paths.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "http/http.h"

static void
h(struct http_request *req, struct http_response *resp)
{
	(void)req;
	(void)resp;
}

static const struct http_route table[] = {
	{HTTP_GET | HTTP_HEAD, "/", h, 0, 0, 0, 0},
	{HTTP_GET, "/campaigns", h, 0, 0, 0, 0},
	{HTTP_GET, "/campaigns/new", h, 0, 0, 0, 0},
	{HTTP_GET | HTTP_HEAD, "/campaigns/{slug}", h, 0, 0, 0, 0},
	{HTTP_POST, "/campaigns/{slug}", h, 0, 0, 0, 0},
	{HTTP_GET, "/campaigns/{slug}/reports/{id}", h, 0, 0, 0, 0},
	{HTTP_GET, "/static/{path*}", h, 0, 0, 0, 0},
	{HTTP_DELETE, "/admin/users/{id}", h, 0, 0, 0, 0},
	{HTTP_PUT | HTTP_PATCH, "/admin/users/{id}", h, 0, 0, 0, 0},
	{HTTP_GET, "/admin/users", h, 0, 0, 0, 0},
};
#define N (sizeof(table) / sizeof(table[0]))

static int
m(unsigned method, const char *path, const struct http_route **out, struct http_params *p, unsigned *allow,
  struct arena *a)
{
	return http_route_match(table, N, method, path, a, out, p, allow);
}

static void
test_literal(void **state)
{
	struct arena *a = arena_new();
	const struct http_route *r;
	struct http_params p;
	unsigned allow;

	(void)state;
	assert_int_equal(m(HTTP_GET, "/", &r, &p, &allow, a), 0);
	assert_ptr_equal(r, &table[0]);
	assert_int_equal(p.n, 0);
	assert_int_equal(m(HTTP_GET, "/campaigns", &r, &p, &allow, a), 0);
	assert_ptr_equal(r, &table[1]);
	/* First match in table order: the literal listed before the parameter. */
	assert_int_equal(m(HTTP_GET, "/campaigns/new", &r, &p, &allow, a), 0);
	assert_ptr_equal(r, &table[2]);
	assert_int_equal(p.n, 0);
	arena_free(a);
}

static void
test_params(void **state)
{
	struct arena *a = arena_new();
	const struct http_route *r;
	struct http_params p;
	unsigned allow;

	(void)state;
	assert_int_equal(m(HTTP_GET, "/campaigns/charter-2022", &r, &p, &allow, a), 0);
	assert_ptr_equal(r, &table[3]);
	assert_int_equal(p.n, 1);
	assert_string_equal(p.v[0].name, "slug");
	assert_string_equal(http_params_get(&p, "slug"), "charter-2022");
	assert_int_equal(p.v[0].value_len, 12);
	/* The same pattern with another method is another row. */
	assert_int_equal(m(HTTP_POST, "/campaigns/x", &r, &p, &allow, a), 0);
	assert_ptr_equal(r, &table[4]);
	assert_int_equal(m(HTTP_GET, "/campaigns/c1/reports/42", &r, &p, &allow, a), 0);
	assert_ptr_equal(r, &table[5]);
	assert_int_equal(p.n, 2);
	assert_string_equal(http_params_get(&p, "slug"), "c1");
	assert_string_equal(http_params_get(&p, "id"), "42");
	/* Cyrillic bytes are just bytes. */
	assert_int_equal(m(HTTP_GET, "/campaigns/хартия", &r, &p, &allow, a), 0);
	assert_string_equal(http_params_get(&p, "slug"), "хартия");
	arena_free(a);
}

static void
test_rest(void **state)
{
	struct arena *a = arena_new();
	const struct http_route *r;
	struct http_params p;
	unsigned allow;

	(void)state;
	assert_int_equal(m(HTTP_GET, "/static/css/site.css", &r, &p, &allow, a), 0);
	assert_ptr_equal(r, &table[6]);
	assert_string_equal(http_params_get(&p, "path"), "css/site.css");
	assert_int_equal(m(HTTP_GET, "/static/a", &r, &p, &allow, a), 0);
	assert_string_equal(http_params_get(&p, "path"), "a");
	/* The rest must not be empty. */
	assert_int_equal(m(HTTP_GET, "/static/", &r, &p, &allow, a), 404);
	assert_null(r);
	assert_int_equal(m(HTTP_GET, "/static", &r, &p, &allow, a), 404);
	arena_free(a);
}

static void
test_404_405(void **state)
{
	struct arena *a = arena_new();
	const struct http_route *r;
	struct http_params p;
	unsigned allow = 12345;

	(void)state;
	assert_int_equal(m(HTTP_GET, "/nope", &r, &p, &allow, a), 404);
	assert_null(r);
	assert_int_equal(allow, 0);
	assert_int_equal(m(HTTP_POST, "/admin/users/7", &r, &p, &allow, a), 405);
	assert_null(r);
	assert_int_equal(p.n, 0);
	/* Allowed methods are gathered from every row with the pattern. */
	assert_int_equal(allow, HTTP_DELETE | HTTP_PUT | HTTP_PATCH);
	assert_int_equal(m(HTTP_PATCH, "/admin/users/7", &r, &p, &allow, a), 0);
	assert_ptr_equal(r, &table[8]);
	assert_int_equal(m(HTTP_HEAD, "/campaigns", &r, &p, &allow, a), 405);
	assert_int_equal(allow, HTTP_GET);
	assert_int_equal(m(HTTP_HEAD, "/campaigns/x", &r, &p, &allow, a), 0);
	/* Unknown method (bit 0) on a known path is a 405 too. */
	assert_int_equal(m(0, "/campaigns", &r, &p, &allow, a), 405);
	/* allow may be NULL. */
	assert_int_equal(http_route_match(table, N, HTTP_POST, "/campaigns", a, &r, &p, NULL), 405);
	arena_free(a);
}

static void
test_slashes_and_segments(void **state)
{
	struct arena *a = arena_new();
	const struct http_route *r;
	struct http_params p;
	unsigned allow;

	(void)state;
	/* Trailing slash: no folding, no redirect. */
	assert_int_equal(m(HTTP_GET, "/admin/users/", &r, &p, &allow, a), 404);
	assert_int_equal(m(HTTP_GET, "/campaigns/", &r, &p, &allow, a), 404);
	/* Empty segments match neither literals nor parameters. */
	assert_int_equal(m(HTTP_GET, "//campaigns", &r, &p, &allow, a), 404);
	assert_int_equal(m(HTTP_GET, "/campaigns//reports/1", &r, &p, &allow, a), 404);
	assert_int_equal(m(HTTP_GET, "/campaigns/c//1", &r, &p, &allow, a), 404);
	/* A decoded %2F is a separator: a parameter never holds a slash. */
	assert_int_equal(m(HTTP_GET, "/campaigns/a/b", &r, &p, &allow, a), 404);
	assert_int_equal(m(HTTP_DELETE, "/admin/users/1/2", &r, &p, &allow, a), 404);
	/* Dot segments match nothing, so no parameter climbs out. */
	assert_int_equal(m(HTTP_GET, "/static/../etc/passwd", &r, &p, &allow, a), 404);
	assert_int_equal(m(HTTP_GET, "/static/a/..", &r, &p, &allow, a), 404);
	assert_int_equal(m(HTTP_GET, "/campaigns/.", &r, &p, &allow, a), 404);
	assert_int_equal(m(HTTP_GET, "/static/.hidden/..x", &r, &p, &allow, a), 0);
	/* Not a path at all. */
	assert_int_equal(m(HTTP_GET, "", &r, &p, &allow, a), 404);
	assert_int_equal(m(HTTP_GET, "campaigns", &r, &p, &allow, a), 404);
	assert_int_equal(m(HTTP_GET, "*", &r, &p, &allow, a), 404);
	arena_free(a);
}

static void
test_long_paths(void **state)
{
	struct arena *a = arena_new();
	const struct http_route *r;
	struct http_params p;
	unsigned allow;
	size_t n = 1 << 20, i;
	char *path = malloc(n + 1);

	(void)state;
	assert_non_null(path);
	memcpy(path, "/static/", 8);
	for (i = 8; i < n; i++)
		path[i] = (i % 7) ? 'a' : '/';
	path[n] = '\0';
	assert_int_equal(m(HTTP_GET, path, &r, &p, &allow, a), 0);
	assert_int_equal(p.v[0].value_len, n - 8);
	memcpy(path, "/campaigns/", 11);
	for (i = 11; i < n; i++)
		path[i] = 'x';
	assert_int_equal(m(HTTP_GET, path, &r, &p, &allow, a), 0);
	assert_int_equal(strlen(http_params_get(&p, "slug")), n - 11);
	for (i = 0; i < n; i++)
		path[i] = '/';
	assert_int_equal(m(HTTP_GET, path, &r, &p, &allow, a), 404);
	free(path);
	arena_free(a);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_literal),
		cmocka_unit_test(test_params),
		cmocka_unit_test(test_rest),
		cmocka_unit_test(test_404_405),
		cmocka_unit_test(test_slashes_and_segments),
		cmocka_unit_test(test_long_paths),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
