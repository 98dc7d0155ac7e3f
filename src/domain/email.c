/* email: what an e-mail address is and which ones the mailer sends to (see email.h). */
#include "domain/email.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <utf8proc.h>

#include "domain/text.h"
#include "domain/url.h"
#include "util/buf.h"
#include "util/utf8.h"

static int
is_atext(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
	       (c != '\0' && strchr("!#$%&'*+/=?^_`{|}~-", c) != NULL);
}

int
email_normalize(const char *s, char **out)
{
	char *t = NULL, *dom = NULL;
	const char *at;
	size_t n, i, local;
	struct buf host, res;
	int ret = -1;
	int32_t cp;

	*out = NULL;
	buf_init(&host, URL_HOST_MAX + 8);
	buf_init(&res, 4 * EMAIL_MAX);
	t = text_clean(s, strlen(s), TEXT_SINGLE_LINE);
	if (t == NULL)
		goto out;
	n = strlen(t);
	at = strchr(t, '@');
	if (at == NULL || strchr(at + 1, '@') != NULL)
		goto out;
	local = (size_t)(at - t);
	if (local == 0 || local > 64 || t[0] == '.' || t[local - 1] == '.')
		goto out;
	for (i = 0; i < local;) {
		if (t[i] == '.' && t[i + 1] == '.')
			goto out;
		if ((unsigned char)t[i] < 0x80) {
			if (!is_atext((unsigned char)t[i]) && t[i] != '.')
				goto out;
			i++;
			continue;
		}
		if (utf8_next(t, local, &i, &cp) < 0)
			goto out;
		switch (utf8proc_category(cp)) {
		case UTF8PROC_CATEGORY_LU:
		case UTF8PROC_CATEGORY_LL:
		case UTF8PROC_CATEGORY_LT:
		case UTF8PROC_CATEGORY_LM:
		case UTF8PROC_CATEGORY_LO:
		case UTF8PROC_CATEGORY_MN:
		case UTF8PROC_CATEGORY_MC:
		case UTF8PROC_CATEGORY_ND: break;
		default: goto out;
		}
	}
	if (at[1] == '[' || url_host_normalize(at + 1, n - local - 1, &host) < 0)
		goto out;
	if (strspn(host.data, "0123456789.") == host.len)
		goto out; /* an IPv4 address */
	dom = text_fold(at + 1, n - local - 1);
	if (dom == NULL || buf_add(&res, t, local + 1) < 0 || buf_adds(&res, dom) < 0 ||
	    local + 1 + host.len > EMAIL_MAX)
		goto out;
	*out = buf_detach(&res, NULL);
	ret = 0;
out:
	buf_release(&host);
	buf_release(&res);
	free(t);
	free(dom);
	return ret;
}

enum email_rc
email_mailbox(const char *s, char **out)
{
	char *t = NULL;
	const char *at;
	struct buf res;
	enum email_rc rc = EMAIL_INVALID;
	size_t local, i;

	*out = NULL;
	buf_init(&res, EMAIL_MAX + 1);
	if (s == NULL || email_normalize(s, &t) < 0)
		goto out;
	at = strchr(t, '@');
	local = (size_t)(at - t);
	for (i = 0; i < local; i++) {
		if ((unsigned char)t[i] >= 0x80) {
			rc = EMAIL_NOT_ASCII;
			goto out;
		}
	}
	if (buf_add(&res, t, local + 1) < 0 || url_host_normalize(at + 1, strlen(at + 1), &res) < 0 ||
	    email_ascii_check(res.data) < 0)
		goto out;
	*out = buf_detach(&res, NULL);
	rc = EMAIL_OK;
out:
	buf_release(&res);
	free(t);
	return rc;
}

int
email_ascii_check(const char *addr)
{
	const char *at = NULL, *p;
	size_t n;

	if (addr == NULL || (n = strlen(addr)) < 3 || n > EMAIL_MAX)
		return -1;
	for (p = addr; *p; p++) {
		unsigned char c = (unsigned char)*p;

		if (c <= 0x20 || c >= 0x7f || strchr("\"<>(),;:\\[]", c) != NULL)
			return -1;
		if (c == '@') {
			if (at != NULL)
				return -1;
			at = p;
		}
	}
	if (at == NULL || at == addr || at[1] == '\0' || strchr(at + 1, '.') == NULL || at[1] == '.' ||
	    addr[n - 1] == '.')
		return -1;
	return 0;
}

const char *
email_message(enum email_rc rc)
{
	if (rc == EMAIL_NOT_ASCII)
		return "На адреса с русскими буквами до знака @ письма не отправляются: укажите имя ящика "
		       "латиницей, например ivanova@nakhodka-city.ru или glava@администрация.рф.";
	return "Адрес электронной почты указан неверно: нужен вид имя@домен, например "
	       "ivanova@nakhodka-city.ru. Оставьте поле пустым, если адреса нет.";
}
