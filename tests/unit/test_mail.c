/*
 * test_mail: mail/mail.h — RFC 2047 encoded
 * words (decoded back, never a UTF-8 sequence split across words, no line
 * over 76 characters), the whole message (headers, base64 body with CRLF
 * line ends, RFC 5322 date), bad input refused, and mail_send's answer when
 * nothing listens (retry later) or the URL is not SMTP.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "mail/mail.h"
#include "util/utf8.h"

static int
b64val(char c)
{
	const char *t = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
	const char *p = strchr(t, c);

	return c && p ? (int)(p - t) : -1;
}

/* Decodes base64 (ignoring CR and LF) into out; returns the length. */
static size_t
unb64(const char *s, size_t n, char *out)
{
	unsigned acc = 0;
	int bits = 0, v;
	size_t i, o = 0;

	for (i = 0; i < n; i++) {
		if (s[i] == '\r' || s[i] == '\n' || s[i] == '=')
			continue;
		v = b64val(s[i]);
		assert_true(v >= 0);
		acc = (acc << 6) | (unsigned)v;
		bits += 6;
		if (bits >= 8) {
			bits -= 8;
			out[o++] = (char)((acc >> bits) & 0xff);
		}
	}
	out[o] = '\0';
	return o;
}

/* Whether s is valid UTF-8 by itself (no sequence cut at either end). */
static int
whole_utf8(const char *s, size_t n)
{
	return utf8_valid(s, n) == 0;
}

/* Decodes the encoded words of one header (after "Name: ") into out, checking each word. */
static void
decode_header(const char *h, char *out)
{
	const char *p = h, *e;
	char word[256];
	size_t n, o = 0;

	out[0] = '\0';
	while ((p = strstr(p, "=?UTF-8?B?")) != NULL) {
		p += 10;
		e = strstr(p, "?=");
		assert_non_null(e);
		assert_true(e - p + 12 <= 75);
		n = unb64(p, (size_t)(e - p), word);
		assert_true(whole_utf8(word, n));
		memcpy(out + o, word, n);
		o += n;
		out[o] = '\0';
		p = e + 2;
	}
}

static void
check_lines(const char *msg)
{
	const char *p = msg, *e;

	while ((e = strstr(p, "\r\n")) != NULL) {
		assert_true(e - p <= 78);
		p = e + 2;
	}
	for (p = msg; *p; p++) {
		assert_true((unsigned char)*p < 0x80);
		if (*p == '\n')
			assert_true(p > msg && p[-1] == '\r');
	}
}

static void
test_header_ascii(void **state)
{
	struct buf b;

	(void)state;
	buf_init(&b, 1 << 16);
	assert_int_equal(mail_header_text(&b, "Subject", "Report accepted"), 0);
	assert_string_equal(b.data, "Subject: Report accepted\r\n");
	buf_reset(&b);
	/* A line break in the text is never written raw: it is encoded. */
	assert_int_equal(mail_header_text(&b, "Subject", "a\r\nBcc: evil@example.ru"), 0);
	assert_null(strstr(b.data, "Bcc"));
	assert_non_null(strstr(b.data, "=?UTF-8?B?"));
	buf_release(&b);
}

static void
test_header_cyrillic_long(void **state)
{
	/* 2-byte letters and a 4-byte emoji, long enough for several words. */
	const char *subj = "Напоминание: отчёт по кампании «Цифровая этика детства» — срок через 3 дня, "
			   "муниципалитет Находкинский городской округ 😀 и ещё немного текста";
	char decoded[1024];
	struct buf b;

	(void)state;
	buf_init(&b, 1 << 16);
	assert_int_equal(mail_header_text(&b, "Subject", subj), 0);
	check_lines(b.data);
	assert_int_equal(strncmp(b.data, "Subject: =?UTF-8?B?", 19), 0);
	assert_non_null(strstr(b.data, "\r\n =?UTF-8?B?"));
	decode_header(b.data, decoded);
	assert_string_equal(decoded, subj);
	buf_release(&b);

	/* Invalid UTF-8 is refused. */
	buf_init(&b, 1 << 16);
	assert_int_equal(mail_header_text(&b, "Subject", "bad \xd0 byte"), -1);
	buf_reset(&b);
	assert_int_equal(mail_header_text(&b, "Subject", "\xc0\xaf overlong"), -1);
	buf_release(&b);
}

static void
test_compose(void **state)
{
	struct mail_message m = {
		.from = "svodka@primorsky.ru",
		.from_name = "Сводка — департамент внутренней политики",
		.to = "adm@nakhodka-city.ru",
		.to_name = "Находкинский городской округ",
		.subject = "Отчёт принят",
		.body = "Здравствуйте!\n\nОтчёт принят.\nСсылка: https://svodka.example.ru/campaigns/charter-2022/"
			"reports/nakhodka\n",
		.date = 1646920799,
		.message_id = "svodka.1.abc@primorsky.ru",
	};
	char decoded[2048];
	const char *body;
	struct buf b;

	(void)state;
	buf_init(&b, 1 << 16);
	assert_int_equal(mail_compose(&m, &b), 0);
	check_lines(b.data);
	assert_non_null(strstr(b.data, "Date: Thu, 10 Mar 2022 13:59:59 +0000\r\n"));
	assert_non_null(strstr(b.data, "<svodka@primorsky.ru>\r\n"));
	assert_non_null(strstr(b.data, "<adm@nakhodka-city.ru>\r\n"));
	assert_non_null(strstr(b.data, "\r\nTo: =?UTF-8?B?"));
	assert_non_null(strstr(b.data, "Message-ID: <svodka.1.abc@primorsky.ru>\r\n"));
	assert_non_null(strstr(b.data, "MIME-Version: 1.0\r\n"));
	assert_non_null(strstr(b.data, "Content-Type: text/plain; charset=utf-8\r\n"));
	assert_non_null(strstr(b.data, "Content-Transfer-Encoding: base64\r\n\r\n"));
	decode_header(strstr(b.data, "Subject: "), decoded);
	assert_string_equal(decoded, "Отчёт принят");
	body = strstr(b.data, "\r\n\r\n") + 4;
	unb64(body, strlen(body), decoded);
	assert_string_equal(decoded, "Здравствуйте!\r\n\r\nОтчёт принят.\r\nСсылка: "
				     "https://svodka.example.ru/campaigns/charter-2022/reports/nakhodka\r\n");
	buf_release(&b);
}

static void
test_compose_refused(void **state)
{
	struct mail_message m = {
		.from = "svodka@primorsky.ru",
		.to = "adm@nakhodka-city.ru\r\nBcc: x@y.ru",
		.subject = "s",
		.body = "b",
		.date = 0,
		.message_id = "a@b",
	};
	struct buf b;

	(void)state;
	buf_init(&b, 1 << 16);
	assert_int_equal(mail_compose(&m, &b), -1);
	buf_reset(&b);
	m.to = "adm@nakhodka-city.ru";
	m.message_id = "a b@c>";
	assert_int_equal(mail_compose(&m, &b), -1);
	buf_reset(&b);
	m.message_id = "a@b";
	m.body = "bad \xff body";
	assert_int_equal(mail_compose(&m, &b), -1);
	buf_reset(&b);
	/* A full buffer is refused, not overrun. */
	buf_release(&b);
	buf_init(&b, 64);
	m.body = "ok";
	assert_int_equal(mail_compose(&m, &b), -1);
	buf_release(&b);
}

static void
test_send_unreachable(void **state)
{
	struct mail_smtp s = {.url = "smtp://127.0.0.1:1",
			      .from = "svodka@primorsky.ru",
			      .connect_timeout = 5,
			      .timeout = 10};
	const char *msg = "Subject: x\r\n\r\nbody\r\n";
	char err[256];

	(void)state;
	assert_int_equal(mail_global_init(), 0);
	assert_int_equal(mail_send(&s, "adm@nakhodka-city.ru", msg, strlen(msg), NULL, err, sizeof(err)),
			 MAIL_RETRY);
	assert_true(strlen(err) > 0);
	s.url = "http://127.0.0.1:1";
	assert_int_equal(mail_send(&s, "adm@nakhodka-city.ru", msg, strlen(msg), NULL, err, sizeof(err)),
			 MAIL_RETRY);
	assert_non_null(strstr(err, "smtp"));
	s.url = "smtp://127.0.0.1:1";
	assert_int_equal(mail_send(&s, "not an address", msg, strlen(msg), NULL, err, sizeof(err)),
			 MAIL_REJECTED);
	mail_global_cleanup();
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_header_ascii),     cmocka_unit_test(test_header_cyrillic_long),
		cmocka_unit_test(test_compose),          cmocka_unit_test(test_compose_refused),
		cmocka_unit_test(test_send_unreachable),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
