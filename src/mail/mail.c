/*
 * mail: the message composer (headers with RFC 2047 encoded words, a
 * base64 UTF-8 body) and the SMTP sender on libcurl's easy interface, one
 * connection per message: the outbox sends a few mails a minute at most, so
 * keeping connections open would buy nothing and cost reconnect logic.
 */
#include "mail/mail.h"

#include <curl/curl.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "domain/email.h"
#include "util/utf8.h"

#define LINE_MAX_CHARS 76 /* RFC 2047: a line holding an encoded word stays within 76 */
#define WORD_OVERHEAD 12 /* "=?UTF-8?B?" and "?=" */
#define BODY_LINE 76 /* base64 characters per body line (RFC 2045) */

static const char b64[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

/* Length of the valid UTF-8 sequence at s (1..4), or 0 when it is not one. */
static size_t
seq_len(const unsigned char *s)
{
	size_t i = 0;
	int32_t cp;

	return utf8_next((const char *)s, strnlen((const char *)s, UTF8_SEQ_MAX), &i, &cp) == 0 ? i : 0;
}

/* Appends the base64 of n bytes (with padding). */
static int
add_base64(struct buf *out, const unsigned char *p, size_t n)
{
	char q[4];
	size_t i;

	for (i = 0; i + 2 < n; i += 3) {
		q[0] = b64[p[i] >> 2];
		q[1] = b64[((p[i] & 3) << 4) | (p[i + 1] >> 4)];
		q[2] = b64[((p[i + 1] & 15) << 2) | (p[i + 2] >> 6)];
		q[3] = b64[p[i + 2] & 63];
		if (buf_add(out, q, 4) < 0)
			return -1;
	}
	if (i < n) {
		q[0] = b64[p[i] >> 2];
		if (i + 1 < n) {
			q[1] = b64[((p[i] & 3) << 4) | (p[i + 1] >> 4)];
			q[2] = b64[(p[i + 1] & 15) << 2];
		} else {
			q[1] = b64[(p[i] & 3) << 4];
			q[2] = '=';
		}
		q[3] = '=';
		if (buf_add(out, q, 4) < 0)
			return -1;
	}
	return 0;
}

/* Whether s can go into a header as it is: printable ASCII only. */
static int
plain_ascii(const char *s)
{
	for (; *s; s++)
		if ((unsigned char)*s < 0x20 || (unsigned char)*s >= 0x7f)
			return 0;
	return 1;
}

/*
 * Appends s as encoded words. *col is the column the line is at; a word
 * that would pass LINE_MAX_CHARS starts a continuation line. Each word
 * holds whole characters only.
 */
static int
add_words(struct buf *out, const char *s, size_t *col)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t room, take, n, chunk;
	int first = 1;

	if (*p == '\0')
		return 0;
	while (*p) {
		/* Bytes that fit in a word on this line: 4 base64 characters per 3 bytes. */
		room = *col + (first ? 0 : 1) + WORD_OVERHEAD + 4 < LINE_MAX_CHARS
			       ? (LINE_MAX_CHARS - *col - (first ? 0 : 1) - WORD_OVERHEAD) / 4 * 3
			       : 0;
		if (room < 4) {
			/* Not even one character fits: continue on a new line. */
			if (buf_adds(out, "\r\n") < 0)
				return -1;
			*col = 0;
			first = 0;
			continue;
		}
		for (take = 0; p[take] && take < room; take += n) {
			if ((n = seq_len(p + take)) == 0)
				return -1;
			if (take + n > room)
				break;
		}
		if (!first && buf_addc(out, ' ') < 0)
			return -1;
		if (buf_adds(out, "=?UTF-8?B?") < 0 || add_base64(out, p, take) < 0 ||
		    buf_adds(out, "?=") < 0)
			return -1;
		chunk = WORD_OVERHEAD + (take + 2) / 3 * 4 + (first ? 0 : 1);
		*col += chunk;
		p += take;
		first = 0;
	}
	return 0;
}

int
mail_header_text(struct buf *out, const char *name, const char *value)
{
	size_t col = strlen(name) + 2;

	if (buf_adds(out, name) < 0 || buf_adds(out, ": ") < 0)
		return -1;
	if (plain_ascii(value) && col + strlen(value) <= 78) {
		if (buf_adds(out, value) < 0)
			return -1;
	} else if (add_words(out, value, &col) < 0) {
		return -1;
	}
	return buf_adds(out, "\r\n");
}

/* "Name: display <addr>" with the display name encoded, folded before <addr> when needed. */
static int
header_address(struct buf *out, const char *name, const char *display, const char *addr)
{
	size_t col = strlen(name) + 2;

	if (email_ascii_check(addr) < 0)
		return -1;
	if (buf_adds(out, name) < 0 || buf_adds(out, ": ") < 0)
		return -1;
	if (display && *display) {
		if (add_words(out, display, &col) < 0)
			return -1;
		if (col + 3 + strlen(addr) > 78) {
			if (buf_adds(out, "\r\n") < 0)
				return -1;
			col = 0;
		}
		if (buf_addc(out, ' ') < 0)
			return -1;
	}
	return buf_addf(out, "<%s>\r\n", addr);
}

/* RFC 5322 date in UTC: "Thu, 10 Mar 2022 13:59:59 +0000", independent of the locale. */
static int
header_date(struct buf *out, int64_t t)
{
	static const char *const days[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
	static const char *const months[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
					     "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
	time_t tt = (time_t)t;
	struct tm tm;

	if (gmtime_r(&tt, &tm) == NULL)
		return -1;
	return buf_addf(out, "Date: %s, %02d %s %04d %02d:%02d:%02d +0000\r\n", days[tm.tm_wday], tm.tm_mday,
			months[tm.tm_mon], tm.tm_year + 1900, tm.tm_hour, tm.tm_min, tm.tm_sec);
}

/* The body in canonical form (CRLF line ends), checked as UTF-8, then in base64 lines. */
static int
body_base64(struct buf *out, const char *body)
{
	struct buf canon;
	const unsigned char *p = (const unsigned char *)body;
	size_t i, n, line;
	int ret = -1;

	buf_init(&canon, out->max);
	for (i = 0; p[i]; i += n) {
		if ((n = seq_len(p + i)) == 0)
			goto out;
		if (p[i] == '\r' && p[i + 1] == '\n') {
			n = 2;
			if (buf_adds(&canon, "\r\n") < 0)
				goto out;
		} else if (p[i] == '\n' || p[i] == '\r') {
			if (buf_adds(&canon, "\r\n") < 0)
				goto out;
		} else if (buf_add(&canon, p + i, n) < 0) {
			goto out;
		}
	}
	line = BODY_LINE / 4 * 3;
	for (i = 0; i < canon.len; i += line) {
		n = canon.len - i < line ? canon.len - i : line;
		if (add_base64(out, (const unsigned char *)canon.data + i, n) < 0 ||
		    buf_adds(out, "\r\n") < 0)
			goto out;
	}
	ret = 0;
out:
	buf_release(&canon);
	return ret;
}

int
mail_compose(const struct mail_message *m, struct buf *out)
{
	if (m->subject == NULL || m->body == NULL || m->message_id == NULL || !plain_ascii(m->message_id) ||
	    strchr(m->message_id, '@') == NULL || strpbrk(m->message_id, "<> ") != NULL)
		return -1;
	if (header_date(out, m->date) < 0 || header_address(out, "From", m->from_name, m->from) < 0 ||
	    header_address(out, "To", m->to_name, m->to) < 0 ||
	    mail_header_text(out, "Subject", m->subject) < 0 ||
	    buf_addf(out, "Message-ID: <%s>\r\n", m->message_id) < 0 ||
	    buf_adds(out, "MIME-Version: 1.0\r\n") < 0 ||
	    buf_adds(out, "Content-Type: text/plain; charset=utf-8\r\n") < 0 ||
	    buf_adds(out, "Content-Transfer-Encoding: base64\r\n\r\n") < 0)
		return -1;
	return body_base64(out, m->body);
}

int
mail_global_init(void)
{
	return curl_global_init(CURL_GLOBAL_DEFAULT) == CURLE_OK ? 0 : -1;
}

void
mail_global_cleanup(void)
{
	curl_global_cleanup();
}

/* The message as libcurl reads it, a piece at a time. */
struct upload {
	const char *p;
	size_t left;
};

static size_t
read_cb(char *dst, size_t size, size_t nmemb, void *arg)
{
	struct upload *u = arg;
	size_t n = size * nmemb;

	if (n > u->left)
		n = u->left;
	memcpy(dst, u->p, n);
	u->p += n;
	u->left -= n;
	return n;
}

/* Aborts the transfer once the worker is told to stop. */
static int
progress_cb(void *arg, curl_off_t dltotal, curl_off_t dlnow, curl_off_t ultotal, curl_off_t ulnow)
{
	const atomic_int *cancel = arg;

	(void)dltotal;
	(void)dlnow;
	(void)ultotal;
	(void)ulnow;
	return cancel && atomic_load(cancel) ? 1 : 0;
}

enum mail_rc
mail_send(const struct mail_smtp *s, const char *rcpt, const char *msg, size_t len, const atomic_int *cancel,
	  char *err, size_t errlen)
{
	char errbuf[CURL_ERROR_SIZE] = "", from[300], to[300];
	struct curl_slist *rcpts = NULL;
	struct upload up = {msg, len};
	enum mail_rc ret = MAIL_RETRY;
	long code = 0;
	CURLcode cc;
	CURL *c;

	if (errlen)
		err[0] = '\0';
	if (s->url == NULL || (strncmp(s->url, "smtp://", 7) != 0 && strncmp(s->url, "smtps://", 8) != 0)) {
		snprintf(err, errlen, "smtp url must start with smtp:// or smtps://");
		return MAIL_RETRY;
	}
	if (email_ascii_check(s->from) < 0 || email_ascii_check(rcpt) < 0) {
		snprintf(err, errlen, "invalid sender or recipient address");
		return MAIL_REJECTED;
	}
	/* Both fit: addresses are at most 254 bytes. */
	if (snprintf(from, sizeof(from), "<%s>", s->from) >= (int)sizeof(from) ||
	    snprintf(to, sizeof(to), "<%s>", rcpt) >= (int)sizeof(to))
		return MAIL_REJECTED;
	if ((c = curl_easy_init()) == NULL) {
		snprintf(err, errlen, "curl_easy_init failed");
		return MAIL_RETRY;
	}
	if ((rcpts = curl_slist_append(NULL, to)) == NULL) {
		snprintf(err, errlen, "out of memory");
		goto out;
	}
	curl_easy_setopt(c, CURLOPT_URL, s->url);
	curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "smtp,smtps");
	curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(c, CURLOPT_ERRORBUFFER, errbuf);
	curl_easy_setopt(c, CURLOPT_MAIL_FROM, from);
	curl_easy_setopt(c, CURLOPT_MAIL_RCPT, rcpts);
	curl_easy_setopt(c, CURLOPT_READFUNCTION, read_cb);
	curl_easy_setopt(c, CURLOPT_READDATA, &up);
	curl_easy_setopt(c, CURLOPT_UPLOAD, 1L);
	curl_easy_setopt(c, CURLOPT_INFILESIZE_LARGE, (curl_off_t)len);
	curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT, s->connect_timeout > 0 ? s->connect_timeout : 10L);
	curl_easy_setopt(c, CURLOPT_TIMEOUT, s->timeout > 0 ? s->timeout : 60L);
	curl_easy_setopt(c, CURLOPT_NOPROGRESS, 0L);
	curl_easy_setopt(c, CURLOPT_XFERINFOFUNCTION, progress_cb);
	curl_easy_setopt(c, CURLOPT_XFERINFODATA, (void *)cancel);
	if (s->starttls)
		curl_easy_setopt(c, CURLOPT_USE_SSL, (long)CURLUSESSL_ALL);
	if (s->user && *s->user) {
		curl_easy_setopt(c, CURLOPT_USERNAME, s->user);
		curl_easy_setopt(c, CURLOPT_PASSWORD, s->password ? s->password : "");
	}
	cc = curl_easy_perform(c);
	curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &code);
	if (cc == CURLE_OK) {
		ret = MAIL_OK;
		goto out;
	}
	if (code > 0)
		snprintf(err, errlen, "smtp reply %ld: %s%s%s", code, curl_easy_strerror(cc),
			 errbuf[0] ? ": " : "", errbuf);
	else
		snprintf(err, errlen, "%s%s%s", curl_easy_strerror(cc), errbuf[0] ? ": " : "", errbuf);
	ret = code >= 500 && code < 600 ? MAIL_REJECTED : MAIL_RETRY;
out:
	curl_slist_free_all(rcpts);
	curl_easy_cleanup(c);
	return ret;
}
