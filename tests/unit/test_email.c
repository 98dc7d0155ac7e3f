/*
 * test_email: domain/email.h — what an address is (trimmed, NFC, domain
 * lowercased, IDN kept in Unicode), the address the mailer sends to (the
 * domain in punycode, a local part in ASCII only), the check before a
 * header or the envelope, and the bad inputs: no '@', two, empty parts,
 * dots out of place, white space, header injection, IP literals, a domain
 * without a dot, Cyrillic before the '@', too long.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "domain/email.h"

static const char *const bad[] = {
	"",
	"ivanova",
	"@mail.ru",
	"ivanova@",
	"a@b@mail.ru",
	"a..b@mail.ru",
	".a@mail.ru",
	"a.@mail.ru",
	"a b@mail.ru",
	"a@mail",
	"a@10.0.0.1",
	"a@[::1]",
	"a@-mail.ru",
	"a(b)@mail.ru",
	"a@mail.ru\n",
	"a@c.ru\r\nBcc: x@y.ru",
	"<a@c.ru>",
	"a@c.ru,b@c.ru",
	"\xff@mail.ru",
	"a@\xd0.ru",
};

static void
test_normalize(void **state)
{
	static const char *const good[][2] = {
		{"ivanova@mail.ru", "ivanova@mail.ru"},
		{" Ivanova@MAIL.RU ", "Ivanova@mail.ru"},
		{"адм@почта.рф", "адм@почта.рф"},
		{"a.b+tag@sub.example.com", "a.b+tag@sub.example.com"},
		{"x@ПОЧТА.РФ", "x@почта.рф"},
	};
	char *out;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(good) / sizeof(good[0]); i++) {
		if (email_normalize(good[i][0], &out) != 0)
			fail_msg("%s rejected", good[i][0]);
		assert_string_equal(out, good[i][1]);
		free(out);
	}
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		if (email_normalize(bad[i], &out) != -1)
			fail_msg("%s accepted", bad[i]);
		assert_null(out);
	}
}

static void
test_mailbox(void **state)
{
	static const char *const good[][2] = {
		{" Anna.Elkina@ARTEM-CITY.RU ", "Anna.Elkina@artem-city.ru"},
		{"glava@администрация.рф", "glava@xn--80aalqabyj2ajl4c8g.xn--p1ai"},
		{"Glava@АДМИНИСТРАЦИЯ.РФ", "Glava@xn--80aalqabyj2ajl4c8g.xn--p1ai"},
		{"otdel@приморье.рф", "otdel@xn--e1afmicgd0h.xn--p1ai"},
		{"glava@xn--80aalqabyj2ajl4c8g.xn--p1ai", "glava@xn--80aalqabyj2ajl4c8g.xn--p1ai"},
	};
	char *out = (char *)"x";
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(good) / sizeof(good[0]); i++) {
		if (email_mailbox(good[i][0], &out) != EMAIL_OK)
			fail_msg("%s refused", good[i][0]);
		assert_string_equal(out, good[i][1]);
		assert_int_equal(email_ascii_check(out), 0);
		free(out);
	}
	/* An address, but the mailer cannot send to it: Cyrillic before the '@'. */
	assert_int_equal(email_mailbox("глава@администрация.рф", &out), EMAIL_NOT_ASCII);
	assert_null(out);
	assert_int_equal(email_mailbox("ёлкина@artem.ru", &out), EMAIL_NOT_ASCII);
	assert_null(out);
	assert_int_equal(email_mailbox(NULL, &out), EMAIL_INVALID);
	assert_null(out);
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		if (email_mailbox(bad[i], &out) != EMAIL_INVALID)
			fail_msg("%s not refused as invalid", bad[i]);
		assert_null(out);
	}
	assert_non_null(strstr(email_message(EMAIL_NOT_ASCII), "русскими буквами"));
	assert_non_null(strstr(email_message(EMAIL_INVALID), "указан неверно"));
}

static void
test_too_long(void **state)
{
	char s[400];
	char *out = NULL;

	(void)state;
	/* 64 + 1 + 189 = 254 bytes fit; one more does not. */
	memset(s, 'a', 64);
	s[64] = '@';
	memset(s + 65, 'b', 60);
	memcpy(s + 125, ".", 1);
	memset(s + 126, 'c', 60);
	memcpy(s + 186, ".", 1);
	memset(s + 187, 'd', 63);
	memcpy(s + 250, ".com", 5);
	assert_int_equal(strlen(s), 254);
	assert_int_equal(email_mailbox(s, &out), EMAIL_OK);
	free(out);
	memcpy(s + 250, ".comx", 6);
	assert_int_equal(email_mailbox(s, &out), EMAIL_INVALID);
	assert_null(out);
	/* 65 bytes before the '@'. */
	memset(s, 'a', 65);
	memcpy(s + 65, "@mail.ru", 9);
	assert_int_equal(email_normalize(s, &out), -1);
}

/* The check before a header or the SMTP envelope (once mail_address_check in mail/). */
static void
test_ascii_check(void **state)
{
	(void)state;
	assert_int_equal(email_ascii_check("adm@nakhodka-city.ru"), 0);
	assert_int_equal(email_ascii_check("a.b+c@mail.example.org"), 0);
	assert_int_equal(email_ascii_check(NULL), -1);
	assert_int_equal(email_ascii_check(""), -1);
	assert_int_equal(email_ascii_check("nobody"), -1);
	assert_int_equal(email_ascii_check("@example.ru"), -1);
	assert_int_equal(email_ascii_check("a@"), -1);
	assert_int_equal(email_ascii_check("a@b@c.ru"), -1);
	assert_int_equal(email_ascii_check("a@localhost"), -1);
	assert_int_equal(email_ascii_check("a b@c.ru"), -1);
	assert_int_equal(email_ascii_check("a@c.ru\r\nBcc: x@y.ru"), -1);
	assert_int_equal(email_ascii_check("<a@c.ru>"), -1);
	assert_int_equal(email_ascii_check("a@c.ru,b@c.ru"), -1);
	assert_int_equal(email_ascii_check("почта@админ.рф"), -1);
	assert_int_equal(email_ascii_check("a@c.ru."), -1);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_normalize),
		cmocka_unit_test(test_mailbox),
		cmocka_unit_test(test_too_long),
		cmocka_unit_test(test_ascii_check),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
