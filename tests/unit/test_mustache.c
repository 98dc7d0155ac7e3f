/*
 * test_mustache: the template engine against the official mustache spec
 * (the files in $SVODKA_SHARED/conformance/mustache/, read in place, never
 * copied), plus svodka's own cases: syntax errors name their line, the
 * output limit and the recursion limits stop a render with -1, values in
 * attributes are escaped, and one parsed template renders the same from
 * four threads at once.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <pthread.h>

#include "util/buf.h"
#include "view/mustache.h"

/* Named templates for partials and parents. */
struct tpl_set {
	const char *names[16]; /* partial names */
	struct mustache_tpl *tpls[16]; /* parsed partials */
	size_t n; /* number used */
};

static const struct mustache_tpl *
set_lookup(void *ctx, const char *name)
{
	const struct tpl_set *set = ctx;
	size_t i;

	for (i = 0; i < set->n; i++)
		if (strcmp(set->names[i], name) == 0)
			return set->tpls[i];
	return NULL;
}

static void
set_release(struct tpl_set *set)
{
	size_t i;

	for (i = 0; i < set->n; i++)
		mustache_free(set->tpls[i]);
	set->n = 0;
}

static void
set_add(struct tpl_set *set, const char *name, const char *src)
{
	char err[256];

	assert_true(set->n < 16);
	set->names[set->n] = name;
	set->tpls[set->n] = mustache_parse(src, strlen(src), err, sizeof(err));
	if (set->tpls[set->n] == NULL)
		fail_msg("partial %s: %s", name, err);
	set->n++;
}

/* Prints a string JSON-quoted, so newlines and blanks show. */
static void
print_quoted(const char *label, const char *s)
{
	json_t *j = json_string(s);
	char *q = j ? json_dumps(j, JSON_ENCODE_ANY) : NULL;

	printf("    %s: %s\n", label, q ? q : "(not UTF-8)");
	free(q);
	json_decref(j);
}

/* Runs one spec test; returns 1 when it passes. */
static int
run_spec_test(json_t *test)
{
	const char *name = json_string_value(json_object_get(test, "name"));
	const char *src = json_string_value(json_object_get(test, "template"));
	const char *expected = json_string_value(json_object_get(test, "expected"));
	json_t *partials = json_object_get(test, "partials");
	struct tpl_set set = {0};
	struct mustache_partials p = {set_lookup, &set};
	struct mustache_tpl *t = NULL;
	struct buf out;
	const char *key;
	json_t *val;
	char err[256];
	int ok = 0;

	buf_init(&out, 1 << 20);
	if (name == NULL || src == NULL || expected == NULL) {
		printf("  malformed spec test %s\n", name ? name : "(no name)");
		goto out;
	}
	json_object_foreach(partials, key, val)
	{
		if (set.n == 16 ||
		    (set.tpls[set.n] = mustache_parse(json_string_value(val), json_string_length(val), err,
						      sizeof(err))) == NULL) {
			printf("  FAIL %s: partial %s does not parse: %s\n", name, key, err);
			goto out;
		}
		set.names[set.n++] = key;
	}
	t = mustache_parse(src, strlen(src), err, sizeof(err));
	if (t == NULL) {
		printf("  FAIL %s: template does not parse: %s\n", name, err);
		goto out;
	}
	if (mustache_render(t, json_object_get(test, "data"), &p, &out) < 0) {
		printf("  FAIL %s: render returned -1\n", name);
		goto out;
	}
	ok = strcmp(out.data, expected) == 0;
	if (!ok) {
		printf("  FAIL %s\n", name);
		print_quoted("template", src);
		print_quoted("expected", expected);
		print_quoted("actual  ", out.data);
	}
out:
	mustache_free(t);
	set_release(&set);
	buf_release(&out);
	return ok;
}

/* Runs every test of one spec file; fails the cmocka test unless all pass. */
static void
run_spec_file(const char *file, size_t expected_count)
{
	const char *shared = getenv("SVODKA_SHARED");
	char path[4096];
	json_error_t jerr;
	json_t *root, *tests, *test;
	size_t i, passed = 0, failed = 0;
	int n;

	if (shared == NULL || shared[0] == '\0')
		fail_msg("SVODKA_SHARED is not set: cannot find the mustache spec files");
	n = snprintf(path, sizeof(path), "%s/conformance/mustache/%s.json", shared, file);
	if (n < 0 || (size_t)n >= sizeof(path))
		fail_msg("spec path too long");
	root = json_load_file(path, 0, &jerr);
	if (root == NULL)
		fail_msg("cannot read %s: %s", path, jerr.text);
	tests = json_object_get(root, "tests");
	if (!json_is_array(tests) || json_array_size(tests) == 0) {
		json_decref(root);
		fail_msg("%s holds no tests", path);
	}
	json_array_foreach(tests, i, test)
	{
		if (run_spec_test(test))
			passed++;
		else
			failed++;
	}
	printf("mustache spec %s: %zu passed, %zu failed\n", file, passed, failed);
	fflush(stdout);
	json_decref(root);
	assert_int_equal(failed, 0);
	assert_int_equal(passed, expected_count);
}

static void
test_spec_comments(void **state)
{
	(void)state;
	run_spec_file("comments", 12);
}

static void
test_spec_delimiters(void **state)
{
	(void)state;
	run_spec_file("delimiters", 14);
}

static void
test_spec_interpolation(void **state)
{
	(void)state;
	run_spec_file("interpolation", 42);
}

static void
test_spec_inverted(void **state)
{
	(void)state;
	run_spec_file("inverted", 22);
}

static void
test_spec_partials(void **state)
{
	(void)state;
	run_spec_file("partials", 12);
}

static void
test_spec_sections(void **state)
{
	(void)state;
	run_spec_file("sections", 34);
}

static void
test_spec_inheritance(void **state)
{
	(void)state;
	run_spec_file("~inheritance", 27);
}

/* Renders src against the JSON text data with partials; returns the output or NULL on -1. */
static char *
render_str(const char *src, const char *data, struct tpl_set *set, size_t max)
{
	struct mustache_partials p = {set_lookup, set};
	struct mustache_tpl *t;
	json_t *model;
	struct buf out;
	char err[256];
	char *s = NULL;

	t = mustache_parse(src, strlen(src), err, sizeof(err));
	if (t == NULL)
		fail_msg("%s: %s", src, err);
	model = json_loads(data, JSON_DECODE_ANY, NULL);
	assert_non_null(model);
	buf_init(&out, max);
	if (mustache_render(t, model, set ? &p : NULL, &out) == 0)
		s = buf_detach(&out, NULL);
	assert_true(out.len <= out.max);
	buf_release(&out);
	json_decref(model);
	mustache_free(t);
	return s;
}

static void
expect_render(const char *src, const char *data, const char *expected)
{
	char *s = render_str(src, data, NULL, 0);

	assert_non_null(s);
	assert_string_equal(s, expected);
	free(s);
}

/* Every syntax error gives NULL and a message naming the right line. */
static void
test_syntax_errors(void **state)
{
	static const struct {
		const char *src;
		const char *msg;
	} cases[] = {
		{"a\n{{#items}}\nx\n", "line 2: unclosed section \"items\""},
		{"{{#a}}\n{{#b}}\n{{/a}}\n{{/b}}",
		 "line 3: closing tag \"a\" does not match \"b\" opened on line 2"},
		{"x\n\n{{/a}}", "line 3: closing tag \"a\" without an opening tag"},
		{"a\nb {{name", "line 2: unclosed tag"},
		{"{{{name}}", "line 1: unclosed tag"},
		{"\n{{=<% %>}}", "line 2: unclosed tag"},
		{"{{=<% %> x=}}", "line 1: bad delimiter change"},
		{"{{=<%=}}", "line 1: bad delimiter change"},
		{"{{= a= b =}}", "line 1: bad delimiter change"},
		{"ok\n{{}}", "line 2: empty tag"},
		{"{{# }}{{/ }}", "line 1: empty tag"},
		{"{{a b}}", "line 1: invalid name \"a b\""},
		{"{{a..b}}", "line 1: invalid name \"a..b\""},
		{"{{.a}}", "line 1: invalid name \".a\""},
		{"{{<layout}}\n{{$body}}\n{{/layout}}",
		 "line 3: closing tag \"layout\" does not match \"body\""},
		{"{{!\n\n}}\n{{/x}}", "line 4: closing tag \"x\" without an opening tag"},
	};
	char err[256];
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct mustache_tpl *t = mustache_parse(cases[i].src, strlen(cases[i].src), err, sizeof(err));

		if (t != NULL)
			fail_msg("%s: parsed", cases[i].src);
		if (strncmp(err, cases[i].msg, strlen(cases[i].msg)) != 0)
			fail_msg("%s: got \"%s\", want \"%s\"", cases[i].src, err, cases[i].msg);
	}
	/* A NULL message buffer is allowed. */
	assert_null(mustache_parse("{{#a}}", 6, NULL, 0));
}

/* Sections nested past MUSTACHE_NEST_MAX are refused at parse time. */
static void
test_nesting_limit(void **state)
{
	struct buf src;
	struct mustache_tpl *t;
	char err[256];
	int i;

	(void)state;
	buf_init(&src, 0);
	for (i = 0; i < MUSTACHE_NEST_MAX + 1; i++)
		assert_int_equal(buf_adds(&src, "{{#a}}"), 0);
	for (i = 0; i < MUSTACHE_NEST_MAX + 1; i++)
		assert_int_equal(buf_adds(&src, "{{/a}}"), 0);
	t = mustache_parse(src.data, src.len, err, sizeof(err));
	assert_null(t);
	assert_non_null(strstr(err, "nested deeper"));
	/* Exactly at the limit is fine. */
	t = mustache_parse(src.data + 6, src.len - 12, err, sizeof(err));
	assert_non_null(t);
	mustache_free(t);
	buf_release(&src);
}

/* The source need not be NUL-terminated and the template keeps its own copy. */
static void
test_source_copied(void **state)
{
	char src[] = "Hi {{name}}!XXXX";
	struct mustache_tpl *t = mustache_parse(src, 12, NULL, 0);
	json_t *model = json_pack("{s:s}", "name", "Оля");
	struct buf out;

	(void)state;
	assert_non_null(t);
	memset(src, '#', sizeof(src) - 1);
	buf_init(&out, 0);
	assert_int_equal(mustache_render(t, model, NULL, &out), 0);
	assert_string_equal(out.data, "Hi Оля!");
	buf_release(&out);
	json_decref(model);
	mustache_free(t);
}

/* Output past the buffer's max makes render return -1, never overflow. */
static void
test_output_limit(void **state)
{
	char *s;

	(void)state;
	s = render_str("{{#list}}<li>{{.}}</li>{{/list}}", "{\"list\": [\"aaaa\", \"bbbb\", \"cccc\"]}", NULL,
		       20);
	assert_null(s);
	/* The same fits in a larger buffer. */
	s = render_str("{{#list}}<li>{{.}}</li>{{/list}}", "{\"list\": [\"aaaa\", \"bbbb\", \"cccc\"]}", NULL,
		       100);
	assert_non_null(s);
	assert_string_equal(s, "<li>aaaa</li><li>bbbb</li><li>cccc</li>");
	free(s);
	/* Escaping counts against the limit too: 10 '<' become 40 bytes. */
	s = render_str("{{x}}", "{\"x\": \"<<<<<<<<<<\"}", NULL, 39);
	assert_null(s);
}

/* Unbounded recursion through partials, parents or blocks stops with -1. */
static void
test_recursion_limit(void **state)
{
	struct tpl_set set = {0};
	char *s;

	(void)state;
	set_add(&set, "self", "x{{>self}}");
	set_add(&set, "parent", "{{<parent}}{{/parent}}");
	set_add(&set, "twice", "{{>twice}}{{>twice}}");
	set_add(&set, "layout", "[{{$a}}{{/a}}]");
	set_add(&set, "tree", "{{name}}({{#kids}}{{>tree}}{{/kids}})");
	set_add(&set, "empty", "");
	assert_null(render_str("{{>self}}", "{}", &set, 0));
	assert_null(render_str("{{<parent}}{{/parent}}", "{}", &set, 0));
	/* Hitting the depth limit ends the whole render, so fan-out stops too. */
	assert_null(render_str("{{>twice}}", "{}", &set, 0));
	/* A block whose argument expands itself. */
	assert_null(render_str("{{<layout}}{{$a}}{{$a}}.{{/a}}{{/a}}{{/layout}}", "{}", &set, 0));
	s = render_str("[{{>empty}}]\n  {{>empty}}\n", "{}", &set, 0);
	assert_non_null(s);
	assert_string_equal(s, "[]\n");
	free(s);
	/* Recursion that the data ends is fine. */
	s = render_str("{{>tree}}",
		       "{\"name\":\"a\",\"kids\":[{\"name\":\"b\",\"kids\":[{\"name\":\"c\",\"kids\":[]}]},"
		       "{\"name\":\"d\",\"kids\":null}]}",
		       &set, 0);
	assert_non_null(s);
	assert_string_equal(s, "a(b(c())d())");
	free(s);
	set_release(&set);
}

/* A render that visits too many nodes stops with -1 instead of running on. */
static void
test_step_limit(void **state)
{
	struct buf data;
	char *s;
	int i;

	(void)state;
	buf_init(&data, 0);
	assert_int_equal(buf_adds(&data, "{\"a\": [0"), 0);
	for (i = 1; i < 300; i++)
		assert_int_equal(buf_addf(&data, ",%d", i), 0);
	assert_int_equal(buf_adds(&data, "]}"), 0);
	/* 300^3 iterations of the innermost section: more than MUSTACHE_STEPS_MAX. */
	s = render_str("{{#a}}{{#a}}{{#a}}{{/a}}{{/a}}{{/a}}", data.data, NULL, 0);
	assert_null(s);
	/* 300^2 is well within the budget. */
	s = render_str("{{#a}}{{#a}}{{/a}}{{/a}}", data.data, NULL, 0);
	assert_non_null(s);
	assert_string_equal(s, "");
	free(s);
	buf_release(&data);
}

/* Values are escaped for HTML text and attributes; raw tags are not. */
static void
test_escaping(void **state)
{
	(void)state;
	expect_render("<a title='{{t}}' href=\"{{u}}\">",
		      "{\"t\": \"it's <b>\", \"u\": \"/x?a=1&b=\\\"2\\\"\"}",
		      "<a title='it&#39;s &lt;b&gt;' href=\"/x?a&#61;1&amp;b&#61;&quot;2&quot;\">");
	expect_render("{{{t}}}|{{&t}}", "{\"t\": \"<i>'&'</i>\"}", "<i>'&'</i>|<i>'&'</i>");
	expect_render("{{#l}}{{.}}{{/l}}", "{\"l\": [\"<\", \"'\"]}", "&lt;&#39;");
	/* Cyrillic passes through untouched. */
	expect_render("{{t}}", "{\"t\": \"Цифровая этика детства\"}", "Цифровая этика детства");
}

/* How each JSON type interpolates and which values open a section. */
static void
test_values(void **state)
{
	(void)state;
	expect_render("{{i}} {{n}} {{r}} {{z}} {{big}} {{tiny}}",
		      "{\"i\": 42, \"n\": -7, \"r\": 0.1, \"z\": 5.0, \"big\": 1e300, \"tiny\": 2.5e-8}",
		      "42 -7 0.1 5 1e+300 2.5e-08");
	expect_render("{{t}}/{{f}}/{{null}}/{{o}}/{{a}}/{{missing}}",
		      "{\"t\": true, \"f\": false, \"null\": null, \"o\": {\"x\": 1}, \"a\": [1]}",
		      "true/false////");
	expect_render(
		"{{#e}}E{{/e}}{{^e}}no-e{{/e}} {{#z}}Z{{/z}} {{#o}}O{{/o}} {{#a}}A{{/a}}{{^a}}no-a{{/a}}",
		"{\"e\": \"\", \"z\": 0, \"o\": {}, \"a\": []}", "no-e Z O no-a");
	/* Empty templates and partials (a fuzzer find: NULL node array). */
	expect_render("", "{}", "");
	/* A null model renders names as missing. */
	expect_render("[{{x}}{{.}}]", "null", "[]");
}

/* The layout pattern the pages use: a parent with blocks. */
static void
test_layout(void **state)
{
	struct tpl_set set = {0};
	char *s;

	(void)state;
	set_add(&set, "layout",
		"<html>\n<head><title>{{$title}}Сводка{{/title}}</title></head>\n<body>\n"
		"  <main>\n    {{$content}}\n    <p>пусто</p>\n    {{/content}}\n  </main>\n</body>\n</html>\n");
	s = render_str(
		"{{<layout}}\n{{$title}}{{name}}{{/title}}\n{{$content}}\n<ul>\n{{#items}}\n  <li>{{.}}</li>\n"
		"{{/items}}\n</ul>\n{{/content}}\n{{/layout}}\n",
		"{\"name\": \"Отчёт\", \"items\": [\"a\", \"b\"]}", &set, 0);
	assert_non_null(s);
	assert_string_equal(
		s, "<html>\n<head><title>Отчёт</title></head>\n<body>\n  <main>\n    <ul>\n      <li>a</li>\n"
		   "      <li>b</li>\n    </ul>\n  </main>\n</body>\n</html>\n");
	free(s);
	/* Without arguments the defaults render. */
	s = render_str("{{>layout}}", "{}", &set, 0);
	assert_non_null(s);
	assert_string_equal(s,
			    "<html>\n<head><title>Сводка</title></head>\n<body>\n  <main>\n    <p>пусто</p>\n"
			    "  </main>\n</body>\n</html>\n");
	free(s);
	set_release(&set);
}

struct thread_job {
	const struct mustache_tpl *t; /* shared template */
	const json_t *model; /* shared model */
	const struct mustache_partials *p;
	const char *expected; /* output of a single-threaded render */
	int ok; /* every render matched */
};

static void *
thread_main(void *arg)
{
	struct thread_job *job = arg;
	struct buf out;
	int i;

	job->ok = 1;
	buf_init(&out, 0);
	for (i = 0; i < 300; i++) {
		buf_reset(&out);
		if (mustache_render(job->t, job->model, job->p, &out) != 0 ||
		    strcmp(out.data, job->expected) != 0)
			job->ok = 0;
	}
	buf_release(&out);
	return NULL;
}

/* One parsed template renders identically from four threads at once. */
static void
test_threads(void **state)
{
	struct tpl_set set = {0};
	struct mustache_partials p = {set_lookup, &set};
	const char *src = "{{<layout}}{{$body}}\n{{#rows}}\n  {{>row}}\n{{/rows}}\n{{/body}}{{/layout}}";
	struct mustache_tpl *t;
	struct thread_job jobs[4];
	pthread_t th[4];
	json_t *model, *rows;
	struct buf ref;
	int i;

	(void)state;
	set_add(&set, "layout", "<table>\n  {{$body}}{{/body}}\n</table>\n");
	set_add(&set, "row", "<tr><td>{{n}}</td><td>{{name}}</td><td>{{share}}</td></tr>\n");
	t = mustache_parse(src, strlen(src), NULL, 0);
	assert_non_null(t);
	model = json_object();
	rows = json_array();
	for (i = 0; i < 200; i++)
		json_array_append_new(rows, json_pack("{s:i,s:s,s:f}", "n", i, "name",
						      "Район <Ольгинский> & Co", "share", i / 8.0));
	json_object_set_new(model, "rows", rows);
	buf_init(&ref, 0);
	assert_int_equal(mustache_render(t, model, &p, &ref), 0);
	assert_non_null(strstr(
		ref.data, "  <tr><td>199</td><td>Район &lt;Ольгинский&gt; &amp; Co</td><td>24.875</td>"));
	for (i = 0; i < 4; i++) {
		jobs[i] = (struct thread_job){t, model, &p, ref.data, 0};
		assert_int_equal(pthread_create(&th[i], NULL, thread_main, &jobs[i]), 0);
	}
	for (i = 0; i < 4; i++) {
		assert_int_equal(pthread_join(th[i], NULL), 0);
		assert_true(jobs[i].ok);
	}
	buf_release(&ref);
	json_decref(model);
	mustache_free(t);
	set_release(&set);
}

/* A decimal part of a dotted name indexes an array (as mustache.js does). */
static void
test_array_index(void **state)
{
	char *s;

	(void)state;
	s = render_str("{{#list.0}}есть{{/list.0}}{{^list.0}}пусто{{/list.0}}|{{list.1.name}}",
		       "{\"list\": [{\"name\": \"а\"}, {\"name\": \"Ёж\"}]}", NULL, 0);
	assert_string_equal(s, "есть|Ёж");
	free(s);
	s = render_str("{{#list.0}}есть{{/list.0}}{{^list.0}}пусто{{/list.0}}{{list.x}}{{list.99}}",
		       "{\"list\": []}", NULL, 0);
	assert_string_equal(s, "пусто");
	free(s);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_array_index),     cmocka_unit_test(test_spec_comments),
		cmocka_unit_test(test_spec_delimiters), cmocka_unit_test(test_spec_interpolation),
		cmocka_unit_test(test_spec_inverted),   cmocka_unit_test(test_spec_partials),
		cmocka_unit_test(test_spec_sections),   cmocka_unit_test(test_spec_inheritance),
		cmocka_unit_test(test_syntax_errors),   cmocka_unit_test(test_nesting_limit),
		cmocka_unit_test(test_source_copied),   cmocka_unit_test(test_output_limit),
		cmocka_unit_test(test_recursion_limit), cmocka_unit_test(test_step_limit),
		cmocka_unit_test(test_escaping),        cmocka_unit_test(test_values),
		cmocka_unit_test(test_layout),          cmocka_unit_test(test_threads),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
