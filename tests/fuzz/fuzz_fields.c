/*
 * fuzz_fields: the parsers of single report fields typed by users — URL
 * (with IDN hosts and punycode), phone, INN/OGRN/OGRNIP, numbers with
 * thousands separators, e-mail, and hashtags in a free text. The first
 * byte picks the parser; the rest is the text. Beyond not crashing, a URL
 * that parses must give a comparison key that parses to itself.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "domain/email.h"
#include "domain/hashtag.h"
#include "domain/inn.h"
#include "domain/phone.h"
#include "domain/report.h"
#include "domain/url.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s, out[64], *email = NULL;
	struct url u, again;
	struct phone ph;
	json_t *tags;
	enum url_rc rc;
	int64_t v;

	if (size < 1 || size > 4096)
		return 0;
	s = malloc(size);
	memcpy(s, data + 1, size - 1);
	s[size - 1] = '\0';
	switch (data[0] % 7) {
	case 0:
		memset(&u, 0, sizeof(u));
		if (url_parse(s, &u) == URL_OK) {
			/* Percent-encoding may take a key past URL_MAX; otherwise it must be a fixed point. */
			memset(&again, 0, sizeof(again));
			rc = url_parse(u.key, &again);
			if ((rc == URL_OK && strcmp(again.key, u.key) != 0) ||
			    (rc != URL_OK && rc != URL_TOO_LONG))
				abort();
			url_release(&again);
		}
		url_release(&u);
		break;
	case 1: (void)phone_parse(s, &ph); break;
	case 2: (void)inn_check(s, out); break;
	case 3: (void)report_number_parse(s, REPORT_REACH_MAX, &v); break;
	case 4:
		if (email_normalize(s, &email) == 0)
			free(email);
		if (email_mailbox(s, &email) == EMAIL_OK)
			free(email);
		break;
	case 5:
		tags = hashtag_extract(s);
		json_decref(tags);
		break;
	default: (void)hashtag_text_has(s, "#МояХартия"); break;
	}
	free(s);
	return 0;
}
