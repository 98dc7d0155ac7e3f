/*
 * test_seal: util/seal.h — the key file is created once with mode 0600 and
 * never overwritten; a key readable by others, of the wrong size, or a
 * symlink is refused; sealing round-trips, every seal differs, a tampered,
 * truncated or foreign box does not open; keyed hashes are stable, differ
 * by purpose and by key; form tokens carry their age and a forged, edited
 * or foreign token is refused.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "util/seal.h"

static char dir[] = "/tmp/svodka-seal-XXXXXX";

static char *
path_in(const char *name)
{
	static char p[256];

	snprintf(p, sizeof(p), "%s/%s", dir, name);
	return p;
}

static struct seal *
load(const char *name)
{
	struct seal *s = NULL;
	char err[256];

	assert_int_equal(seal_key_load(path_in(name), &s, err, sizeof(err)), 0);
	return s;
}

static void
test_key_file(void **state)
{
	struct seal *s = NULL;
	struct stat sb;
	char err[256];
	FILE *f;

	(void)state;
	assert_int_equal(seal_key_create(path_in("a.key")), 0);
	assert_int_equal(stat(path_in("a.key"), &sb), 0);
	assert_int_equal(sb.st_mode & 0777, 0600);
	assert_int_equal(sb.st_size, 32);
	/* Never overwritten. */
	assert_int_equal(seal_key_create(path_in("a.key")), -1);
	s = load("a.key");
	seal_free(s);

	/* Readable by others: refused, with the mode and the fix named. */
	assert_int_equal(chmod(path_in("a.key"), 0644), 0);
	assert_int_equal(seal_key_load(path_in("a.key"), &s, err, sizeof(err)), -1);
	assert_null(s);
	assert_non_null(strstr(err, "0644"));
	assert_non_null(strstr(err, "chmod 600"));
	assert_int_equal(chmod(path_in("a.key"), 0600), 0);

	/* Wrong size. */
	f = fopen(path_in("short.key"), "w");
	assert_non_null(f);
	fputs("short", f);
	fclose(f);
	assert_int_equal(chmod(path_in("short.key"), 0600), 0);
	assert_int_equal(seal_key_load(path_in("short.key"), &s, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "32 bytes"));

	/* Absent; a symlink. */
	assert_int_equal(seal_key_load(path_in("none.key"), &s, err, sizeof(err)), -1);
	{
		char target[256];

		snprintf(target, sizeof(target), "%s", path_in("a.key"));
		assert_int_equal(symlink(target, path_in("link.key")), 0);
	}
	assert_int_equal(seal_key_load(path_in("link.key"), &s, err, sizeof(err)), -1);
	assert_null(s);
}

static void
test_box(void **state)
{
	struct seal *a, *b;
	const char *text = "{\"full_name\":\"Иванова-Щукина Алёна\"}";
	char *x, *y, *plain = NULL;
	size_t n = 0;

	(void)state;
	assert_int_equal(seal_key_create(path_in("b1.key")), 0);
	assert_int_equal(seal_key_create(path_in("b2.key")), 0);
	a = load("b1.key");
	b = load("b2.key");
	x = seal_box(a, text, strlen(text));
	y = seal_box(a, text, strlen(text));
	assert_memory_equal(x, "s1.", 3);
	assert_string_not_equal(x, y); /* random nonce */
	assert_null(strstr(x, "Алёна"));
	assert_int_equal(seal_open(a, x, &plain, &n), 0);
	assert_string_equal(plain, text);
	assert_int_equal(n, strlen(text));
	free(plain);

	/* Another key, a flipped character, a cut, garbage: none opens. */
	assert_int_equal(seal_open(b, x, &plain, NULL), -1);
	assert_null(plain);
	x[10] = x[10] == 'A' ? 'B' : 'A';
	assert_int_equal(seal_open(a, x, &plain, NULL), -1);
	y[20] = '\0';
	assert_int_equal(seal_open(a, y, &plain, NULL), -1);
	assert_int_equal(seal_open(a, "s1.", &plain, NULL), -1);
	assert_int_equal(seal_open(a, "s1.!!!!", &plain, NULL), -1);
	assert_int_equal(seal_open(a, "plain text", &plain, NULL), -1);
	assert_int_equal(seal_open(a, NULL, &plain, NULL), -1);
	free(x);
	free(y);

	/* Empty plaintext round-trips. */
	x = seal_box(a, "", 0);
	assert_int_equal(seal_open(a, x, &plain, &n), 0);
	assert_string_equal(plain, "");
	assert_int_equal(n, 0);
	free(plain);
	free(x);
	seal_free(a);
	seal_free(b);
}

static void
test_hash(void **state)
{
	struct seal *a, *b;
	char h1[SEAL_HASH_HEX], h2[SEAL_HASH_HEX], h3[SEAL_HASH_HEX], h4[SEAL_HASH_HEX];

	(void)state;
	assert_int_equal(seal_key_create(path_in("h1.key")), 0);
	assert_int_equal(seal_key_create(path_in("h2.key")), 0);
	a = load("h1.key");
	b = load("h2.key");
	seal_hash(a, "video", "tiktok:1", 8, h1);
	seal_hash(a, "video", "tiktok:1", 8, h2);
	assert_string_equal(h1, h2);
	assert_int_equal(strlen(h1), 64);
	seal_hash(a, "contact", "tiktok:1", 8, h3);
	assert_string_not_equal(h1, h3);
	seal_hash(b, "video", "tiktok:1", 8, h4);
	assert_string_not_equal(h1, h4);
	seal_hash(a, "video", "tiktok:2", 8, h4);
	assert_string_not_equal(h1, h4);
	seal_free(a);
	seal_free(b);
}

static void
test_token(void **state)
{
	struct seal *a, *b;
	int64_t age = -1;
	char *t;

	(void)state;
	assert_int_equal(seal_key_create(path_in("t1.key")), 0);
	assert_int_equal(seal_key_create(path_in("t2.key")), 0);
	a = load("t1.key");
	b = load("t2.key");
	t = seal_form_token(a, 1000);
	assert_memory_equal(t, "t1.1000.", 8);
	assert_int_equal(seal_form_token_check(a, t, 1010, 5, 86400, &age), SEAL_TOKEN_OK);
	assert_int_equal(age, 10);
	assert_int_equal(seal_form_token_check(a, t, 1002, 5, 86400, NULL), SEAL_TOKEN_FRESH);
	assert_int_equal(seal_form_token_check(a, t, 1000 + 86401, 5, 86400, NULL), SEAL_TOKEN_EXPIRED);
	assert_int_equal(seal_form_token_check(a, t, 1000 + 86400, 5, 86400, NULL), SEAL_TOKEN_OK);
	assert_int_equal(seal_form_token_check(b, t, 1010, 5, 86400, NULL), SEAL_TOKEN_BAD);
	/* An older issue time with the same MAC: refused. */
	t[3] = '0';
	assert_int_equal(seal_form_token_check(a, t, 1010, 5, 86400, NULL), SEAL_TOKEN_BAD);
	free(t);
	assert_int_equal(seal_form_token_check(a, NULL, 1010, 5, 86400, NULL), SEAL_TOKEN_BAD);
	assert_int_equal(seal_form_token_check(a, "", 1010, 5, 86400, NULL), SEAL_TOKEN_BAD);
	assert_int_equal(seal_form_token_check(a, "t1.1000.abc.def", 1010, 5, 86400, NULL), SEAL_TOKEN_BAD);
	assert_int_equal(seal_form_token_check(a, "t1..x.y", 1010, 5, 86400, NULL), SEAL_TOKEN_BAD);
	seal_free(a);
	seal_free(b);
}

static void
test_misc(void **state)
{
	char a[SEAL_HASH_HEX], b[SEAL_HASH_HEX];
	char *p;

	(void)state;
	seal_random_hex(a);
	seal_random_hex(b);
	assert_int_equal(strlen(a), 64);
	assert_string_not_equal(a, b);
	p = seal_default_path("sqlite:/var/lib/svodka/svodka.db");
	assert_string_equal(p, "/var/lib/svodka/svodka.db.key");
	free(p);
	p = seal_default_path("data/x.db");
	assert_string_equal(p, "data/x.db.key");
	free(p);
	assert_null(seal_default_path("postgres://u@h/db"));
	assert_null(seal_default_path(""));
	assert_null(seal_default_path("sqlite:"));
	assert_null(seal_global());
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_key_file), cmocka_unit_test(test_box),  cmocka_unit_test(test_hash),
		cmocka_unit_test(test_token),    cmocka_unit_test(test_misc),
	};
	int rc;

	if (mkdtemp(dir) == NULL)
		return 1;
	rc = cmocka_run_group_tests(tests, NULL, NULL);
	/* Test files are left for inspection only on failure. */
	if (rc == 0) {
		const char *names[] = {"a.key",  "short.key", "link.key", "b1.key", "b2.key",
				       "h1.key", "h2.key",    "t1.key",   "t2.key"};
		for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
			unlink(path_in(names[i]));
		rmdir(dir);
	}
	return rc;
}
