/*
 * test_url: domain/url.h — RFC 3492 punycode against the RFC's samples and
 * Cyrillic hosts; Cyrillic (.рф) hosts kept for display and converted for
 * the key; the comparison key (case, default ports, root slash, fragment,
 * percent-escapes); the social network of a host; IP literals; every
 * rejected shape (javascript:, data:, ftp:, no host, spaces, bad labels,
 * bad ports, invisible characters); duplicates in a list.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "domain/text.h"
#include "domain/url.h"

/* Punycode of UTF-8 `s`. */
static void
puny(const char *s, const char *want)
{
	int32_t cps[128];
	size_t n = strlen(s), i = 0, k = 0;
	struct buf b;

	while (i < n) {
		assert_int_equal(utf8_next(s, n, &i, &cps[k]), 0);
		k++;
	}
	buf_init(&b, 1024);
	assert_int_equal(url_punycode_encode(cps, k, &b), 0);
	assert_string_equal(b.data, want);
	buf_release(&b);
}

static void
test_punycode(void **state)
{
	int32_t bad[] = {'a', 0xd800};
	int32_t big[] = {0x110000};
	struct buf b;

	(void)state;
	/* RFC 3492, section 7.1: (B) Chinese, (J) Russian, (L), (S). */
	puny("他们为什么不说中文", "ihqwcrb4cv8a8dqg056pqjye");
	puny("почемужеонинеговорятпорусски", "b1abfaaepdrnnbgefbadotcwatmq2g4l");
	puny("3年B組金八先生", "3B-ww4c5e180e575a65lsy2b");
	puny("-> $1.00 <-", "-> $1.00 <--");
	/* Hosts of the region's sites. */
	puny("минобрнауки", "80abucjiibhv9a");
	puny("рф", "p1ai");
	puny("президент", "d1abbgf6aiiy");
	puny("ёлка", "80atc1g");
	puny("новости-2022", "-2022-gwe6bzbjb7am");
	puny("bücher", "bcher-kva");
	buf_init(&b, 64);
	assert_int_equal(url_punycode_encode(bad, 2, &b), -1);
	assert_int_equal(url_punycode_encode(big, 1, &b), -1);
	buf_release(&b);
	/* A buffer too small refuses. */
	buf_init(&b, 4);
	{
		int32_t cy[] = {0x43f, 0x43e, 0x447, 0x442, 0x430}; /* «почта» */

		assert_int_equal(url_punycode_encode(cy, 5, &b), -1);
	}
	buf_release(&b);
	puny("a", "a-");
}

static void
parse_ok(const char *in, const char *key, const char *network)
{
	struct url u;
	enum url_rc rc = url_parse(in, &u);

	if (rc != URL_OK)
		fail_msg("%s: rejected (%d)", in, (int)rc);
	assert_string_equal(u.key, key);
	assert_string_equal(u.network, network);
	url_release(&u);
}

static void
parse_bad(const char *in, enum url_rc want)
{
	struct url u;
	enum url_rc rc = url_parse(in, &u);

	if (rc != want)
		fail_msg("%s: got %d, want %d", in, (int)rc, (int)want);
	assert_null(u.key);
	assert_null(u.display);
}

static void
test_idn(void **state)
{
	struct url u;

	(void)state;
	assert_int_equal(url_parse("  https://минобрнауки.рф/news  ", &u), URL_OK);
	assert_string_equal(u.display, "https://минобрнауки.рф/news");
	assert_string_equal(u.host, "xn--80abucjiibhv9a.xn--p1ai");
	assert_string_equal(u.key, "https://xn--80abucjiibhv9a.xn--p1ai/news");
	assert_string_equal(u.network, "site");
	assert_int_equal(u.https, 1);
	url_release(&u);
	url_release(&u); /* a released struct may be released again */
	/* Upper case Cyrillic, NFD «ё», and the ASCII form give the same key. */
	parse_ok("HTTPS://МИНОБРНАУКИ.РФ/news", "https://xn--80abucjiibhv9a.xn--p1ai/news", "site");
	parse_ok("https://xn--80abucjiibhv9a.xn--p1ai/news", "https://xn--80abucjiibhv9a.xn--p1ai/news",
		 "site");
	parse_ok("http://е\xcc\x88лка.рф", "http://xn--80atc1g.xn--p1ai", "site");
	parse_ok("http://Ёлка.рф", "http://xn--80atc1g.xn--p1ai", "site");
	/* Cyrillic path: percent-encoded in the key, same as the escaped form. */
	parse_ok("https://ru.wikipedia.org/wiki/Хартия",
		 "https://ru.wikipedia.org/wiki/%D0%A5%D0%B0%D1%80%D1%82%D0%B8%D1%8F", "site");
	parse_ok("https://ru.wikipedia.org/wiki/%d0%a5%d0%b0%d1%80%d1%82%d0%b8%d1%8f",
		 "https://ru.wikipedia.org/wiki/%D0%A5%D0%B0%D1%80%D1%82%D0%B8%D1%8F", "site");
}

static void
test_key(void **state)
{
	(void)state;
	parse_ok("HTTPS://VK.COM/", "https://vk.com", "vk");
	parse_ok("https://vk.com", "https://vk.com", "vk");
	parse_ok("https://vk.com:443/internetforkids_ru#wall", "https://vk.com/internetforkids_ru", "vk");
	parse_ok("http://vk.com:80/x", "http://vk.com/x", "vk");
	parse_ok("http://vk.com:443/x", "http://vk.com:443/x", "vk");
	parse_ok("https://vk.com:8443/x", "https://vk.com:8443/x", "vk");
	parse_ok("https://vk.com:/x", "https://vk.com/x", "vk");
	parse_ok("https://vk.com/news/", "https://vk.com/news/", "vk");
	parse_ok("https://vk.com/?w=wall-1_2", "https://vk.com?w=wall-1_2", "vk");
	parse_ok("https://vk.com/wall-1_2?Q=A#x", "https://vk.com/wall-1_2?Q=A", "vk");
	parse_ok("https://vk.com./x", "https://vk.com/x", "vk");
	parse_ok("https://user@vk.com/x", "https://vk.com/x", "vk");
}

static void
test_networks(void **state)
{
	(void)state;
	parse_ok("https://m.vk.com/wall-1_1", "https://m.vk.com/wall-1_1", "vk");
	parse_ok("https://vk.ru/x", "https://vk.ru/x", "vk");
	parse_ok("https://www.vk.com/x", "https://www.vk.com/x", "vk");
	parse_ok("https://ok.ru/internetforkids.ru", "https://ok.ru/internetforkids.ru", "ok");
	parse_ok("https://m.ok.ru/x", "https://m.ok.ru/x", "ok");
	parse_ok("https://t.me/internetforkids_ru", "https://t.me/internetforkids_ru", "telegram");
	parse_ok("https://telegram.me/x", "https://telegram.me/x", "telegram");
	parse_ok("https://www.instagram.com/x/", "https://www.instagram.com/x/", "instagram");
	parse_ok("https://facebook.com/x", "https://facebook.com/x", "facebook");
	parse_ok("https://m.facebook.com/x", "https://m.facebook.com/x", "facebook");
	parse_ok("https://fb.com/x", "https://fb.com/x", "facebook");
	parse_ok("https://www.tiktok.com/@user/video/1", "https://www.tiktok.com/@user/video/1", "tiktok");
	parse_ok("https://vm.tiktok.com/ZSabc/", "https://vm.tiktok.com/ZSabc/", "tiktok");
	parse_ok("https://youtu.be/abc", "https://youtu.be/abc", "youtube");
	parse_ok("https://m.youtube.com/watch?v=abc", "https://m.youtube.com/watch?v=abc", "youtube");
	parse_ok("https://rutube.ru/video/abc/", "https://rutube.ru/video/abc/", "rutube");
	parse_ok("https://dzen.ru/a/abc", "https://dzen.ru/a/abc", "dzen");
	parse_ok("https://zen.yandex.ru/media/x", "https://zen.yandex.ru/media/x", "dzen");
	/* Look-alikes are other sites. */
	parse_ok("https://yandex.ru/", "https://yandex.ru", "site");
	parse_ok("https://notvk.com/x", "https://notvk.com/x", "site");
	parse_ok("https://vk.com.evil.example/x", "https://vk.com.evil.example/x", "site");
	parse_ok("https://vk.com@evil.example/x", "https://evil.example/x", "site");
	parse_ok("https://ok.ru.example/x", "https://ok.ru.example/x", "site");
	assert_string_equal(url_network("www.m.vk.com"), "vk");
	assert_string_equal(url_network("vk"), "site");
	assert_string_equal(url_network(""), "site");
}

static void
test_ip_and_userinfo(void **state)
{
	struct url u;

	(void)state;
	parse_ok("http://10.0.0.1/x", "http://10.0.0.1/x", "site");
	parse_ok("http://255.255.255.255:8080", "http://255.255.255.255:8080", "site");
	parse_ok("http://[::1]/x", "http://[::1]/x", "site");
	parse_ok("http://[2001:DB8::1]:8080/x", "http://[2001:db8::1]:8080/x", "site");
	parse_ok("http://[::ffff:192.0.2.1]/", "http://[::ffff:192.0.2.1]", "site");
	parse_ok("http://[1:2:3:4:5:6:7:8]/", "http://[1:2:3:4:5:6:7:8]", "site");
	parse_bad("http://256.0.0.1/", URL_BAD_HOST);
	parse_bad("http://10.0.0/", URL_BAD_HOST);
	parse_bad("http://010.0.0.1/", URL_BAD_HOST);
	parse_bad("http://1.2.3.4.5/", URL_BAD_HOST);
	parse_bad("http://[1:2:3:4:5:6:7:8:9]/", URL_BAD_HOST);
	parse_bad("http://[1::2::3]/", URL_BAD_HOST);
	parse_bad("http://[:1]/", URL_BAD_HOST);
	parse_bad("http://[1:]/", URL_BAD_HOST);
	parse_bad("http://[::1/", URL_BAD_HOST);
	parse_bad("http://[::1]x/", URL_BAD_HOST);
	parse_bad("http://[fe80::1%25eth0]/", URL_BAD_HOST);
	assert_int_equal(url_parse("https://ivan:secret@vk.com/x", &u), URL_OK);
	assert_true(u.userinfo);
	assert_true(u.password);
	assert_string_equal(u.host, "vk.com");
	url_release(&u);
	assert_int_equal(url_parse("https://ivan@vk.com/x", &u), URL_OK);
	assert_true(u.userinfo);
	assert_false(u.password);
	url_release(&u);
	assert_int_equal(url_parse("https://vk.com/x@y", &u), URL_OK);
	assert_false(u.userinfo);
	url_release(&u);
}

static void
test_rejected(void **state)
{
	char long_url[URL_MAX + 2];

	(void)state;
	parse_bad("", URL_EMPTY);
	parse_bad(" \t ", URL_EMPTY);
	parse_bad("javascript:alert(1)", URL_SCHEME);
	parse_bad("JavaScript:alert(1)", URL_SCHEME);
	parse_bad("data:text/html,<b>x</b>", URL_SCHEME);
	parse_bad("ftp://example.com/file", URL_SCHEME);
	parse_bad("mailto:a@example.com", URL_SCHEME);
	parse_bad("vk.com/internetforkids_ru", URL_NO_SCHEME);
	parse_bad("www.vk.com", URL_NO_SCHEME);
	parse_bad("localhost:8080/x", URL_NO_SCHEME);
	parse_bad("//vk.com/x", URL_NO_SCHEME);
	parse_bad("http://", URL_NO_HOST);
	parse_bad("https://", URL_NO_HOST);
	parse_bad("https:///path", URL_NO_HOST);
	parse_bad("http:vk.com", URL_NO_HOST);
	parse_bad("http:/vk.com", URL_NO_HOST);
	parse_bad("https://user@/x", URL_NO_HOST);
	parse_bad("https://:80/x", URL_NO_HOST);
	parse_bad("https://vk.com/my page", URL_SPACE);
	parse_bad("https://vk.com/my\xc2\xa0page", URL_SPACE);
	parse_bad("https://vk.com/a\tb", URL_SPACE);
	parse_bad("https://vk.com/a\nb", URL_BAD_TEXT);
	parse_bad("https://vk.com/\xe2\x80\x8bx", URL_BAD_TEXT); /* zero-width space */
	parse_bad("https://vk.com/\xe2\x80\xaex", URL_BAD_TEXT); /* right-to-left override */
	parse_bad("https://vk.com/\xff", URL_BAD_TEXT);
	parse_bad("https://localhost/", URL_BAD_HOST);
	parse_bad("https://vk/", URL_BAD_HOST);
	parse_bad("https://-vk.com/", URL_BAD_HOST);
	parse_bad("https://vk-.com/", URL_BAD_HOST);
	parse_bad("https://vk..com/", URL_BAD_HOST);
	parse_bad("https://.vk.com/", URL_BAD_HOST);
	parse_bad("https://vk_ru.com/", URL_BAD_HOST);
	parse_bad("https://vk.com%2eevil/", URL_BAD_HOST);
	parse_bad("https://vk.123/", URL_BAD_HOST);
	parse_bad("https://evil.com\\@vk.com/", URL_BAD_HOST);
	parse_bad("https://мин*обр.рф/", URL_BAD_HOST);
	parse_bad("https://ab--ёлка.рф/", URL_BAD_HOST);
	parse_bad("https://a123456789012345678901234567890123456789012345678901234567890123.ru/",
		  URL_BAD_HOST);
	parse_bad("https://vk.com:0/", URL_BAD_PORT);
	parse_bad("https://vk.com:65536/", URL_BAD_PORT);
	parse_bad("https://vk.com:123456/", URL_BAD_PORT);
	parse_bad("https://vk.com:8o/", URL_BAD_PORT);
	/* Length: URL_MAX bytes pass, one more does not. */
	memset(long_url, 'a', sizeof(long_url));
	memcpy(long_url, "https://vk.com/", 15);
	long_url[URL_MAX] = '\0';
	parse_ok(long_url, long_url, "vk");
	long_url[URL_MAX] = 'a';
	long_url[URL_MAX + 1] = '\0';
	parse_bad(long_url, URL_TOO_LONG);
	/* 1 114 Cyrillic letters in the path are over 2000 bytes: the message says «байт». */
	{
		char cyr[16 + 2 * 1114 + 1];
		int i;

		memcpy(cyr, "https://vk.com/", 15);
		for (i = 0; i < 1114; i++)
			memcpy(cyr + 15 + 2 * i, "ж", 2);
		cyr[15 + 2 * 1114] = '\0';
		parse_bad(cyr, URL_TOO_LONG);
	}
	assert_string_equal(url_reason(URL_TOO_LONG), "адрес длиннее 2000 байт");
	assert_string_equal(url_reason(URL_SCHEME), "допустимы только адреса http:// и https://");
	assert_string_equal(url_reason(URL_OK), "");
}

static void
test_host_normalize(void **state)
{
	struct buf b;

	(void)state;
	buf_init(&b, 300);
	assert_int_equal(url_host_normalize("Почта.РФ", strlen("Почта.РФ"), &b), 0);
	assert_string_equal(b.data, "xn--80a1acny.xn--p1ai");
	buf_reset(&b);
	assert_int_equal(url_host_normalize("bad host", 8, &b), -1);
	assert_string_equal(b.data, ""); /* nothing left behind */
	assert_int_equal(url_host_normalize("", 0, &b), -1);
	buf_release(&b);
}

/* Two links are the same publication when their comparison keys are equal. */
static int
same_key(const char *a, const char *b)
{
	struct url ua = {0}, ub = {0};
	int same;

	assert_int_equal(url_parse(a, &ua), URL_OK);
	assert_int_equal(url_parse(b, &ub), URL_OK);
	same = strcmp(ua.key, ub.key) == 0;
	url_release(&ua);
	url_release(&ub);
	return same;
}

static void
test_duplicates(void **state)
{
	(void)state;
	assert_true(same_key("https://vk.com/wall-1_2", "https://VK.com/wall-1_2#comments"));
	assert_true(same_key("https://vk.com/wall-1_2", "https://vk.com:443/wall-1_2"));
	assert_true(same_key("https://минобрнауки.рф/", "https://xn--80abucjiibhv9a.xn--p1ai"));
	assert_false(
		same_key("https://vk.com/wall-1_2", "http://vk.com/wall-1_2")); /* http and https differ */
}

/* Redirect targets after sign-in: only this site's paths in plain URL characters. */
static void
test_local_path(void **state)
{
	static const char *const good[] = {
		"/",
		"/admin/users",
		"/campaigns/charter-2022/reports/nakhodka",
		"/admin/campaigns/charter-2022/dashboard?status=late&sort=name",
		"/%D0%BE%D1%82%D1%87%D1%91%D1%82",
		"/a/b;c=1/@x:y~z!$'()*+,",
		"/%2F/evil.example", /* a path segment of this site, not a host */
	};
	static const char *const bad[] = {
		"",
		"admin",
		"//evil.example/",
		"/\\evil.example/",
		"/\t/evil.example/",
		"/\n/evil.example/",
		"/\nx",
		"/\rSet-Cookie: a=b",
		"/ x",
		"/x\x7f",
		"/отчёт",
		"/%",
		"/%4",
		"/%zz",
		"/a\"b",
		"/a<b>",
		"/a#frag",
		"/a`b",
		"https://evil.example/",
		"\\/evil.example",
	};
	char long_path[URL_LOCAL_PATH_MAX + 2];
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(good) / sizeof(good[0]); i++)
		assert_true(url_local_path_ok(good[i]));
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		assert_false(url_local_path_ok(bad[i]));
	assert_false(url_local_path_ok(NULL));
	memset(long_path, 'a', sizeof(long_path) - 1);
	long_path[0] = '/';
	long_path[URL_LOCAL_PATH_MAX] = '\0';
	assert_true(url_local_path_ok(long_path)); /* exactly the maximum */
	long_path[URL_LOCAL_PATH_MAX] = 'a';
	long_path[URL_LOCAL_PATH_MAX + 1] = '\0';
	assert_false(url_local_path_ok(long_path));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_punycode),
		cmocka_unit_test(test_idn),
		cmocka_unit_test(test_key),
		cmocka_unit_test(test_networks),
		cmocka_unit_test(test_ip_and_userinfo),
		cmocka_unit_test(test_rejected),
		cmocka_unit_test(test_host_normalize),
		cmocka_unit_test(test_duplicates),
		cmocka_unit_test(test_local_path),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
