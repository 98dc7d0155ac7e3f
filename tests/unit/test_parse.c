/*
 * test_parse: the request parsers on good and hostile input — urlencoded
 * forms and query strings, the Cookie header, multipart/form-data and JSON.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "http/http.h"
#include "util/buf.h"

static int
ue(struct arena *a, const char *s, struct http_params *p)
{
	return http_parse_urlencoded(a, s, strlen(s), p);
}

static void
test_urlencoded(void **state)
{
	struct arena *a = arena_new();
	struct http_params p;

	(void)state;
	assert_int_equal(ue(a, "a=1&b=x+y&c=%D0%AF%2b%26", &p), 0);
	assert_int_equal(p.n, 3);
	assert_string_equal(p.v[0].name, "a");
	assert_string_equal(http_params_get(&p, "b"), "x y");
	assert_string_equal(http_params_get(&p, "c"), "Я+&");
	assert_null(http_params_get(&p, "d"));
	/* Names are decoded too; no '=' is an empty value. */
	assert_int_equal(ue(a, "f%5B%5D=1&flag&e=", &p), 0);
	assert_int_equal(p.n, 3);
	assert_string_equal(p.v[0].name, "f[]");
	assert_string_equal(http_params_get(&p, "flag"), "");
	assert_string_equal(http_params_get(&p, "e"), "");
	/* Repeated names keep their order; the first wins in get. */
	assert_int_equal(ue(a, "k=1&k=2&k=3", &p), 0);
	assert_int_equal(p.n, 3);
	assert_string_equal(http_params_get(&p, "k"), "1");
	assert_string_equal(p.v[2].value, "3");
	/* Empty names and empty pairs are skipped. */
	assert_int_equal(ue(a, "=x&&a=1&=&", &p), 0);
	assert_int_equal(p.n, 1);
	assert_string_equal(p.v[0].name, "a");
	assert_int_equal(ue(a, "", &p), 0);
	assert_int_equal(p.n, 0);
	/* '=' inside a value stays. */
	assert_int_equal(ue(a, "t=a=b", &p), 0);
	assert_string_equal(http_params_get(&p, "t"), "a=b");
	/* A NUL in a value is kept and counted; in a name it is refused. */
	assert_int_equal(ue(a, "v=a%00b", &p), 0);
	assert_int_equal(p.v[0].value_len, 3);
	assert_memory_equal(p.v[0].value, "a\0b", 4);
	errno = 0;
	assert_int_equal(ue(a, "n%00=1", &p), -1);
	assert_int_equal(errno, EINVAL);
	/* Bad escapes. */
	assert_int_equal(ue(a, "a=%zz", &p), -1);
	assert_int_equal(p.n, 0);
	assert_int_equal(ue(a, "a=%4", &p), -1);
	assert_int_equal(ue(a, "a=%", &p), -1);
	assert_int_equal(ue(a, "%g1=1", &p), -1);
	assert_int_equal(ue(a, "ok=1&a=%+1", &p), -1);
	/* Not NUL-terminated input: only len bytes are read. */
	assert_int_equal(http_parse_urlencoded(a, "a=12345", 4, &p), 0);
	assert_string_equal(http_params_get(&p, "a"), "12");
	arena_free(a);
}

static void
test_urlencoded_cap(void **state)
{
	struct arena *a = arena_new();
	struct http_params p;
	struct buf b;
	int i;

	(void)state;
	buf_init(&b, 0);
	for (i = 0; i < HTTP_MAX_FIELDS; i++)
		assert_int_equal(buf_addf(&b, "f%d=%d&", i, i), 0);
	assert_int_equal(http_parse_urlencoded(a, b.data, b.len, &p), 0);
	assert_int_equal(p.n, HTTP_MAX_FIELDS);
	assert_int_equal(buf_adds(&b, "one=more"), 0);
	errno = 0;
	assert_int_equal(http_parse_urlencoded(a, b.data, b.len, &p), -1);
	assert_int_equal(errno, E2BIG);
	/* Many separators but few pairs is fine. */
	buf_reset(&b);
	for (i = 0; i < 3 * HTTP_MAX_FIELDS; i++)
		assert_int_equal(buf_addc(&b, '&'), 0);
	assert_int_equal(buf_adds(&b, "x=1"), 0);
	assert_int_equal(http_parse_urlencoded(a, b.data, b.len, &p), 0);
	assert_int_equal(p.n, 1);
	/* A route's own cap: more than the default passes, one over it does not. */
	buf_reset(&b);
	for (i = 0; i < 3 * HTTP_MAX_FIELDS; i++)
		assert_int_equal(buf_addf(&b, "f%d=%d&", i, i), 0);
	assert_int_equal(http_parse_urlencoded_max(a, b.data, b.len, 3 * HTTP_MAX_FIELDS, &p), 0);
	assert_int_equal(p.n, 3 * HTTP_MAX_FIELDS);
	assert_int_equal(buf_adds(&b, "one=more"), 0);
	errno = 0;
	assert_int_equal(http_parse_urlencoded_max(a, b.data, b.len, 3 * HTTP_MAX_FIELDS, &p), -1);
	assert_int_equal(errno, E2BIG);
	buf_release(&b);
	arena_free(a);
}

static void
test_cookies(void **state)
{
	struct arena *a = arena_new();
	struct http_params p;
	struct buf b;
	int i;

	(void)state;
	assert_int_equal(http_parse_cookies(a, "sid=abc; csrf=x%20y", &p), 0);
	assert_int_equal(p.n, 2);
	assert_string_equal(http_params_get(&p, "sid"), "abc");
	/* No percent-decoding: cookie values are opaque. */
	assert_string_equal(http_params_get(&p, "csrf"), "x%20y");
	/* Quotes, spaces and tabs. */
	assert_int_equal(http_parse_cookies(a, "  a = \"q v\" ;\tb=\"\";c=\"unterminated", &p), 0);
	assert_int_equal(p.n, 3);
	assert_string_equal(http_params_get(&p, "a"), "q v");
	assert_string_equal(http_params_get(&p, "b"), "");
	assert_string_equal(http_params_get(&p, "c"), "\"unterminated");
	/* Malformed pairs are skipped; values may hold '='. */
	assert_int_equal(http_parse_cookies(a, "junk; =novalue; ;;x=1=2; y=", &p), 0);
	assert_int_equal(p.n, 2);
	assert_string_equal(http_params_get(&p, "x"), "1=2");
	assert_string_equal(http_params_get(&p, "y"), "");
	assert_null(http_params_get(&p, "junk"));
	/* Empty and absent. */
	assert_int_equal(http_parse_cookies(a, "", &p), 0);
	assert_int_equal(p.n, 0);
	assert_int_equal(http_parse_cookies(a, NULL, &p), 0);
	assert_int_equal(p.n, 0);
	assert_int_equal(http_parse_cookies(a, "; ; ", &p), 0);
	assert_int_equal(p.n, 0);
	/* Too many. */
	buf_init(&b, 0);
	for (i = 0; i <= HTTP_MAX_COOKIES; i++)
		assert_int_equal(buf_addf(&b, "c%d=1; ", i), 0);
	errno = 0;
	assert_int_equal(http_parse_cookies(a, b.data, &p), -1);
	assert_int_equal(errno, E2BIG);
	buf_release(&b);
	arena_free(a);
}

static int
mp(struct arena *a, const char *ct, const char *body, size_t len, struct http_params *f,
   struct http_upload **u, size_t *nu)
{
	return http_parse_multipart_max(a, ct, body, len, 0, f, u, nu);
}

static void
test_multipart(void **state)
{
	struct arena *a = arena_new();
	struct http_params f;
	struct http_upload *u;
	size_t nu;
	static const char body[] =
		"preamble is ignored\r\n"
		"--XyZ\r\n"
		"Content-Disposition: form-data; name=\"title\"\r\n"
		"\r\n"
		"Отчёт\r\nвторая строка\r\n"
		"--XyZ\r\n"
		"content-disposition: form-data; name=note\r\n"
		"\r\n"
		"\r\n"
		"--XyZ\r\n"
		"Content-Disposition: form-data; name=\"file\"; filename=\"отчёт \\\"1\\\".csv\"\r\n"
		"Content-Type: text/csv\r\n"
		"\r\n"
		"a,b\r\n--XyZnot a delimiter\r\nx--XyZ\r\n\r\n"
		"--XyZ--\r\n"
		"epilogue";

	(void)state;
	assert_int_equal(mp(a, "multipart/form-data; boundary=XyZ", body, sizeof(body) - 1, &f, &u, &nu), 0);
	assert_int_equal(f.n, 2);
	assert_string_equal(http_params_get(&f, "title"), "Отчёт\r\nвторая строка");
	assert_string_equal(http_params_get(&f, "note"), "");
	assert_int_equal(f.v[1].value_len, 0);
	assert_int_equal(nu, 1);
	assert_string_equal(u[0].field, "file");
	assert_string_equal(u[0].filename, "отчёт \"1\".csv");
	assert_string_equal(u[0].content_type, "text/csv");
	/* The boundary inside data (not a delimiter line) is data. */
	assert_int_equal(u[0].len, strlen("a,b\r\n--XyZnot a delimiter\r\nx--XyZ\r\n"));
	assert_memory_equal(u[0].data, "a,b\r\n--XyZnot a delimiter\r\nx--XyZ\r\n", u[0].len);
	assert_int_equal(u[0].data[u[0].len], '\0');
	arena_free(a);
}

static void
test_multipart_boundary_forms(void **state)
{
	struct arena *a = arena_new();
	struct http_params f;
	struct http_upload *u;
	size_t nu;
	static const char body[] = "--a b:c\r\n"
				   "Content-Disposition: form-data; name=\"x\"\r\n\r\n1\r\n"
				   "--a b:c \t\r\n" /* transport padding after a delimiter */
				   "Content-Disposition: form-data; name=\"f\"; filename=\"\"\r\n\r\n"
				   "\r\n--a b:c--";

	(void)state;
	/* Quoted boundary with a space, mixed-case parameter name. */
	assert_int_equal(mp(a, "Multipart/Form-Data; charset=utf-8; Boundary=\"a b:c\"", body,
			    sizeof(body) - 1, &f, &u, &nu),
			 0);
	assert_int_equal(f.n, 1);
	assert_string_equal(http_params_get(&f, "x"), "1");
	/* An empty file input still is an upload, with an empty name and body. */
	assert_int_equal(nu, 1);
	assert_string_equal(u[0].filename, "");
	assert_int_equal(u[0].len, 0);
	assert_string_equal(u[0].content_type, "application/octet-stream");
	/* No parts at all. */
	assert_int_equal(mp(a, "multipart/form-data; boundary=q", "--q--\r\n", 7, &f, &u, &nu), 0);
	assert_int_equal(f.n + nu, 0);
	arena_free(a);
}

static void
test_multipart_malformed(void **state)
{
	struct arena *a = arena_new();
	struct http_params f;
	struct http_upload *u;
	size_t nu;
	const char *ct = "multipart/form-data; boundary=B";
	static const char *const bad[] = {
		/* missing final boundary */
		"--B\r\nContent-Disposition: form-data; name=\"x\"\r\n\r\n1\r\n",
		"--B\r\nContent-Disposition: form-data; name=\"x\"\r\n\r\n1\r\n--B",
		/* no delimiter at all */
		"just text",
		"",
		/* LF instead of CRLF */
		"--B\nContent-Disposition: form-data; name=\"x\"\n\n1\n--B--",
		/* headers never end */
		"--B\r\nContent-Disposition: form-data; name=\"x\"\r\n1\r\n--B--",
		/* no name, no disposition, not form-data */
		"--B\r\nContent-Disposition: form-data\r\n\r\n1\r\n--B--",
		"--B\r\nContent-Type: text/plain\r\n\r\n1\r\n--B--",
		"--B\r\nContent-Disposition: attachment; name=\"x\"\r\n\r\n1\r\n--B--",
		"--B\r\nContent-Disposition: form-data; name=\"\"\r\n\r\n1\r\n--B--",
		/* unterminated quote */
		"--B\r\nContent-Disposition: form-data; name=\"x\r\n\r\n1\r\n--B--",
		/* header line without a colon */
		"--B\r\nContent-Disposition: form-data; name=x\r\ngarbage\r\n\r\n1\r\n--B--",
		/* garbage after a delimiter */
		"--Bxx\r\nContent-Disposition: form-data; name=x\r\n\r\n1\r\n--B--",
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		errno = 0;
		assert_int_equal(mp(a, ct, bad[i], strlen(bad[i]), &f, &u, &nu), -1);
		assert_int_equal(errno, EINVAL);
		assert_int_equal(f.n + nu, 0);
	}
	/* Bad Content-Type headers. */
	assert_int_equal(mp(a, "multipart/form-data", "--B--", 5, &f, &u, &nu), -1);
	assert_int_equal(mp(a, "multipart/form-data; boundary=", "----", 4, &f, &u, &nu), -1);
	assert_int_equal(mp(a, "multipart/form-data; boundary=\"\"", "----", 4, &f, &u, &nu), -1);
	assert_int_equal(mp(a, NULL, "--B--", 5, &f, &u, &nu), -1);
	assert_int_equal(mp(a,
			    "multipart/form-data; boundary=12345678901234567890123456789012345678901234567890"
			    "123456789012345678901",
			    "--B--", 5, &f, &u, &nu),
			 -1);
	arena_free(a);
}

static void
test_multipart_caps(void **state)
{
	struct arena *a = arena_new();
	struct http_params f;
	struct http_upload *u;
	size_t nu;
	struct buf b;
	int i;

	(void)state;
	buf_init(&b, 0);
	for (i = 0; i <= HTTP_MAX_UPLOADS; i++)
		assert_int_equal(
			buf_addf(
				&b,
				"--B\r\nContent-Disposition: form-data; name=\"f\"; filename=\"%d.txt\"\r\n\r\n"
				"%d\r\n",
				i, i),
			0);
	assert_int_equal(buf_adds(&b, "--B--\r\n"), 0);
	errno = 0;
	assert_int_equal(mp(a, "multipart/form-data; boundary=B", b.data, b.len, &f, &u, &nu), -1);
	assert_int_equal(errno, E2BIG);
	buf_reset(&b);
	for (i = 0; i <= HTTP_MAX_FIELDS; i++)
		assert_int_equal(buf_addf(&b,
					  "--B\r\nContent-Disposition: form-data; name=\"f%d\"\r\n\r\n%d\r\n",
					  i, i),
				 0);
	assert_int_equal(buf_adds(&b, "--B--\r\n"), 0);
	errno = 0;
	assert_int_equal(mp(a, "multipart/form-data; boundary=B", b.data, b.len, &f, &u, &nu), -1);
	assert_int_equal(errno, E2BIG);
	buf_release(&b);
	arena_free(a);
}

static json_t *
pj(const char *s, char *msg, size_t len)
{
	return http_parse_json(s, strlen(s), msg, len);
}

static void
test_json(void **state)
{
	char msg[256];
	json_t *j;
	char deep[2 * HTTP_MAX_JSON_DEPTH + 8];
	size_t i;

	(void)state;
	j = pj("{\"a\": [1, 2, {\"b\": \"в\"}]}", msg, sizeof(msg));
	assert_non_null(j);
	assert_int_equal(json_array_size(json_object_get(j, "a")), 3);
	json_decref(j);
	/* Brackets inside strings do not count as depth. */
	j = pj("{\"s\": \"[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[\\\"\"}", msg,
	       sizeof(msg));
	assert_non_null(j);
	json_decref(j);
	/* Malformed: the message is in Russian and names the place. */
	assert_null(pj("{\"a\": }", msg, sizeof(msg)));
	assert_non_null(strstr(msg, "Тело запроса — не JSON: синтаксическая ошибка (строка 1, позиция "));
	assert_null(pj("", msg, sizeof(msg)));
	assert_non_null(strstr(msg, "JSON не закончен"));
	assert_null(pj("{} x", msg, sizeof(msg)));
	assert_non_null(strstr(msg, "после JSON лишние символы (строка 1, позиция 4)"));
	assert_null(pj("{\"a\":1,\n\"a\":2}", msg, sizeof(msg)));
	assert_non_null(strstr(msg, "поле повторяется (строка 2"));
	assert_null(pj("{\"a\":\"\\u0000\"}", msg, sizeof(msg)));
	assert_non_null(strstr(msg, "в строке нулевой символ"));
	assert_null(pj("{\"a\":\"\xff\"}", msg, sizeof(msg)));
	assert_non_null(strstr(msg, "не в кодировке UTF-8"));
	assert_null(pj("[1e999999]", msg, sizeof(msg)));
	assert_non_null(strstr(msg, "слишком большое число"));
	/* Never jansson's own English words. */
	assert_null(strstr(msg, "JSON_ALLOW_NUL"));
	assert_null(pj("{\"a\":\"\\u0000\"}", msg, sizeof(msg)));
	assert_null(strstr(msg, "JSON_ALLOW_NUL"));
	assert_null(strstr(msg, "without"));
	assert_null(http_parse_json("{\"a\":1}", 5, msg, sizeof(msg)));
	/* Depth: the limit itself passes, one more fails. */
	for (i = 0; i < HTTP_MAX_JSON_DEPTH; i++)
		deep[i] = '[';
	for (i = 0; i < HTTP_MAX_JSON_DEPTH; i++)
		deep[HTTP_MAX_JSON_DEPTH + i] = ']';
	j = http_parse_json(deep, 2 * HTTP_MAX_JSON_DEPTH, msg, sizeof(msg));
	assert_non_null(j);
	json_decref(j);
	memmove(deep + 1, deep, 2 * HTTP_MAX_JSON_DEPTH);
	deep[0] = '[';
	deep[2 * HTTP_MAX_JSON_DEPTH + 1] = ']';
	assert_null(http_parse_json(deep, 2 * HTTP_MAX_JSON_DEPTH + 2, msg, sizeof(msg)));
	assert_non_null(strstr(msg, "вложенность"));
	/* A tiny message buffer still gets a terminated string; none at all is fine. */
	assert_null(http_parse_json("nope", 4, msg, 8));
	assert_string_equal(msg, "Тел"); /* cut on a character boundary */
	assert_null(http_parse_json("nope", 4, NULL, 0));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_urlencoded),
		cmocka_unit_test(test_urlencoded_cap),
		cmocka_unit_test(test_cookies),
		cmocka_unit_test(test_multipart),
		cmocka_unit_test(test_multipart_boundary_forms),
		cmocka_unit_test(test_multipart_malformed),
		cmocka_unit_test(test_multipart_caps),
		cmocka_unit_test(test_json),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
