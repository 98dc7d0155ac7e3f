/* Unit tests for util/: the size-limited buffer and the per-request arena. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "util/arena.h"
#include "util/buf.h"

static void
test_buf_grows_and_terminates(void **state)
{
	struct buf b;
	int i;

	(void)state;
	buf_init(&b, 0);
	assert_non_null(b.data);
	assert_string_equal(b.data, "");
	for (i = 0; i < 1000; i++)
		assert_int_equal(buf_addf(&b, "%d,", i), 0);
	assert_int_equal(b.data[b.len], '\0');
	assert_memory_equal(b.data, "0,1,2,", 6);
	assert_true(strstr(b.data, "999,") != NULL);
	buf_release(&b);
	assert_int_equal(b.len, 0);
}

static void
test_buf_refuses_past_max(void **state)
{
	struct buf b;

	(void)state;
	buf_init(&b, 8);
	assert_int_equal(buf_adds(&b, "12345678"), 0);
	assert_int_equal(buf_addc(&b, '9'), -1);
	assert_int_equal(buf_addf(&b, "%s", "x"), -1);
	assert_int_equal(b.len, 8);
	assert_string_equal(b.data, "12345678");
	buf_release(&b);
}

static void
test_buf_html_escape(void **state)
{
	struct buf b;
	const char *s = "<a href=\"x\">'Ёж' & `q`</a>";

	(void)state;
	buf_init(&b, 0);
	assert_int_equal(buf_add_html(&b, s, strlen(s)), 0);
	assert_string_equal(b.data,
			    "&lt;a href&#61;&quot;x&quot;&gt;&#39;Ёж&#39; &amp; &#96;q&#96;&lt;/a&gt;");
	buf_release(&b);
}

static void
test_buf_detach(void **state)
{
	struct buf b;
	size_t n;
	char *p;

	(void)state;
	buf_init(&b, 0);
	p = buf_detach(&b, &n);
	assert_string_equal(p, "");
	assert_int_equal(n, 0);
	free(p);
	assert_int_equal(buf_adds(&b, "сводка"), 0);
	p = buf_detach(&b, &n);
	assert_string_equal(p, "сводка");
	assert_int_equal(n, strlen("сводка"));
	assert_int_equal(b.len, 0);
	free(p);
}

static int defer_runs;

static void
count_defer(void *p)
{
	assert_ptr_equal(p, &defer_runs);
	defer_runs++;
}

static void
test_arena(void **state)
{
	struct arena *a = arena_new();
	char *big, *s;
	int i;

	(void)state;
	for (i = 0; i < 10000; i++) {
		s = arena_printf(a, "%d", i);
		assert_int_equal(((uintptr_t)s) % 16, 0);
	}
	assert_string_equal(s, "9999");
	big = arena_alloc(a, 1 << 20);
	memset(big, 'x', 1 << 20);
	assert_string_equal(arena_strndup(a, "абвгд", 4), "аб");
	arena_defer(a, count_defer, &defer_runs);
	arena_defer(a, count_defer, &defer_runs);
	assert_true(arena_used(a) >= (1 << 20));
	arena_free(a);
	assert_int_equal(defer_runs, 2);
	arena_free(NULL);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_buf_grows_and_terminates),
		cmocka_unit_test(test_buf_refuses_past_max),
		cmocka_unit_test(test_buf_html_escape),
		cmocka_unit_test(test_buf_detach),
		cmocka_unit_test(test_arena),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
