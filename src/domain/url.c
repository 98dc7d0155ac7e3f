/*
 * url: parsing, normalization and network recognition of report URLs, and
 * the punycode encoder (RFC 3492, section 6.3). See url.h for the rules.
 */
#include "domain/url.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <jansson.h>
#include <utf8proc.h>

#include "domain/text.h"
#include "util/xalloc.h"

/* ---- punycode (RFC 3492) ---- */

enum {
	PUNY_BASE = 36,
	PUNY_TMIN = 1,
	PUNY_TMAX = 26,
	PUNY_SKEW = 38,
	PUNY_DAMP = 700,
	PUNY_INITIAL_BIAS = 72,
	PUNY_INITIAL_N = 128,
};

static uint32_t
puny_adapt(uint32_t delta, uint32_t numpoints, int firsttime)
{
	uint32_t k = 0;

	delta = firsttime ? delta / PUNY_DAMP : delta / 2;
	delta += delta / numpoints;
	while (delta > ((PUNY_BASE - PUNY_TMIN) * PUNY_TMAX) / 2) {
		delta /= PUNY_BASE - PUNY_TMIN;
		k += PUNY_BASE;
	}
	return k + (PUNY_BASE - PUNY_TMIN + 1) * delta / (delta + PUNY_SKEW);
}

static char
puny_digit(uint32_t d)
{
	return (char)(d < 26 ? 'a' + d : '0' + (d - 26));
}

int
url_punycode_encode(const int32_t *cp, size_t n, struct buf *out)
{
	uint32_t code = PUNY_INITIAL_N, delta = 0, bias = PUNY_INITIAL_BIAS, h, b = 0;
	size_t i;

	if (n > 0xffff)
		return -1;
	for (i = 0; i < n; i++) {
		if (cp[i] < 0 || cp[i] > 0x10ffff || (cp[i] >= 0xd800 && cp[i] <= 0xdfff))
			return -1;
		if (cp[i] < 0x80) {
			if (buf_addc(out, (char)cp[i]) < 0)
				return -1;
			b++;
		}
	}
	h = b;
	if (b > 0 && buf_addc(out, '-') < 0)
		return -1;
	while (h < n) {
		uint32_t m = UINT32_MAX;

		for (i = 0; i < n; i++) {
			if ((uint32_t)cp[i] >= code && (uint32_t)cp[i] < m)
				m = (uint32_t)cp[i];
		}
		if (m - code > (UINT32_MAX - delta) / (h + 1))
			return -1;
		delta += (m - code) * (h + 1);
		code = m;
		for (i = 0; i < n; i++) {
			uint32_t c = (uint32_t)cp[i], q, k;

			if (c < code && ++delta == 0)
				return -1;
			if (c != code)
				continue;
			q = delta;
			for (k = PUNY_BASE;; k += PUNY_BASE) {
				uint32_t t = k <= bias               ? PUNY_TMIN
					     : k >= bias + PUNY_TMAX ? PUNY_TMAX
								     : k - bias;

				if (q < t)
					break;
				if (buf_addc(out, puny_digit(t + (q - t) % (PUNY_BASE - t))) < 0)
					return -1;
				q = (q - t) / (PUNY_BASE - t);
			}
			if (buf_addc(out, puny_digit(q)) < 0)
				return -1;
			bias = puny_adapt(delta, h + 1, h == b);
			delta = 0;
			h++;
		}
		delta++;
		code++;
	}
	return 0;
}

/* ---- hosts ---- */

static int
is_digit(int c)
{
	return c >= '0' && c <= '9';
}

static int
is_hex(int c)
{
	return is_digit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

/* 1 when s[0..n) is a dotted-quad IPv4 address without leading zeros. */
static int
ipv4_check(const char *s, size_t n)
{
	size_t i = 0, parts = 0;

	while (parts < 4) {
		size_t start = i;
		unsigned v = 0;

		while (i < n && is_digit(s[i]) && i - start < 3)
			v = v * 10 + (unsigned)(s[i++] - '0');
		if (i == start || v > 255 || (i - start > 1 && s[start] == '0'))
			return 0;
		parts++;
		if (parts < 4) {
			if (i >= n || s[i] != '.')
				return 0;
			i++;
		}
	}
	return i == n;
}

/* 1 when s[0..n) (inside the brackets) is an IPv6 address (RFC 4291 text forms). */
static int
ipv6_check(const char *s, size_t n)
{
	size_t i = 0, groups = 0;
	int gap = 0;

	if (n >= 2 && s[0] == ':' && s[1] == ':') {
		gap = 1;
		i = 2;
	} else if (n >= 1 && s[0] == ':') {
		return 0;
	}
	while (i < n) {
		size_t start = i, dot;

		/* An IPv4 tail takes the place of the last two groups. */
		for (dot = i; dot < n && s[dot] != ':'; dot++) {
			if (s[dot] == '.')
				break;
		}
		if (dot < n && s[dot] == '.') {
			if (!ipv4_check(s + i, n - i))
				return 0;
			groups += 2;
			i = n;
			break;
		}
		while (i < n && is_hex(s[i]) && i - start < 4)
			i++;
		if (i == start)
			return 0;
		groups++;
		if (i == n)
			break;
		if (s[i] != ':')
			return 0;
		i++;
		if (i < n && s[i] == ':') {
			if (gap)
				return 0;
			gap = 1;
			i++;
		} else if (i == n) {
			return 0; /* a single trailing ':' */
		}
	}
	return gap ? groups <= 7 : groups == 8;
}

static int
is_ace_char(int c)
{
	return (c >= 'a' && c <= 'z') || is_digit(c) || c == '-';
}

/*
 * Appends one label (code points cp[0..n), folded) in ASCII to out: as is
 * when ASCII, else "xn--" + punycode. Returns 0 or -1.
 */
static int
label_add(const int32_t *cp, size_t n, struct buf *out)
{
	size_t i, before = out->len;
	int ascii = 1;

	if (n == 0 || n > URL_LABEL_MAX || cp[0] == '-' || cp[n - 1] == '-')
		return -1;
	for (i = 0; i < n; i++) {
		if (cp[i] < 0x80) {
			if (!is_ace_char(cp[i]))
				return -1;
			continue;
		}
		ascii = 0;
		switch (utf8proc_category(cp[i])) {
		case UTF8PROC_CATEGORY_LU:
		case UTF8PROC_CATEGORY_LL:
		case UTF8PROC_CATEGORY_LT:
		case UTF8PROC_CATEGORY_LM:
		case UTF8PROC_CATEGORY_LO:
		case UTF8PROC_CATEGORY_ND: break;
		case UTF8PROC_CATEGORY_MN:
		case UTF8PROC_CATEGORY_MC:
			if (i == 0)
				return -1;
			break;
		default: return -1;
		}
	}
	if (ascii) {
		for (i = 0; i < n; i++) {
			if (buf_addc(out, (char)cp[i]) < 0)
				return -1;
		}
		return 0;
	}
	if (n >= 4 && cp[2] == '-' && cp[3] == '-')
		return -1; /* "xn--" and other "??--" prefixes are reserved for ACE labels */
	if (buf_adds(out, "xn--") < 0 || url_punycode_encode(cp, n, out) < 0 ||
	    out->len - before > URL_LABEL_MAX)
		return -1;
	return 0;
}

int
url_host_normalize(const char *host, size_t n, struct buf *out)
{
	char *folded = NULL;
	int32_t *cps = NULL, cp;
	size_t i = 0, ncp = 0, start, labels = 0, before = out->len, fn;
	int ret = -1, numeric_last = 0, all_numeric = 1;

	if (n == 0 || n > 4 * URL_HOST_MAX)
		return -1;
	if (host[0] == '[') {
		if (n < 4 || host[n - 1] != ']' || !ipv6_check(host + 1, n - 2))
			return -1;
		for (i = 0; i < n; i++) {
			char c = host[i];

			if (buf_addc(out, (char)(c >= 'A' && c <= 'Z' ? c + 32 : c)) < 0)
				goto out;
		}
		return 0;
	}
	if (memchr(host, '%', n) != NULL || text_utf8_check(host, n, TEXT_SINGLE_LINE) < 0)
		return -1;
	folded = text_fold(host, n);
	if (folded == NULL)
		return -1;
	fn = strlen(folded);
	cps = xmalloc((fn + 1) * sizeof(*cps));
	while (i < fn) {
		if (utf8_next(folded, fn, &i, &cp) < 0)
			goto out;
		if (cp == 0x3002 || cp == 0xff0e || cp == 0xff61)
			cp = '.'; /* ideographic and fullwidth full stops separate labels too */
		cps[ncp++] = cp;
	}
	if (ncp > 0 && cps[ncp - 1] == '.')
		ncp--; /* the root label of a fully qualified name */
	for (start = 0, i = 0; i <= ncp; i++) {
		size_t k;
		int numeric = 1;

		if (i < ncp && cps[i] != '.')
			continue;
		if (labels > 0 && buf_addc(out, '.') < 0)
			goto out;
		if (label_add(cps + start, i - start, out) < 0)
			goto out;
		for (k = start; k < i; k++) {
			if (!is_digit(cps[k]))
				numeric = 0;
		}
		all_numeric &= numeric;
		numeric_last = numeric;
		labels++;
		start = i + 1;
	}
	if (all_numeric) {
		if (!ipv4_check(out->data + before, out->len - before))
			goto out;
	} else if (labels < 2 || numeric_last || out->len - before > URL_HOST_MAX) {
		goto out;
	}
	ret = 0;
out:
	if (ret < 0 && out->len > before) {
		out->len = before;
		out->data[before] = '\0';
	}
	free(cps);
	free(folded);
	return ret;
}

/* ---- networks ---- */

static const struct {
	const char *domain;
	const char *network;
} networks[] = {
	{"vk.com", "vk"},
	{"vk.ru", "vk"},
	{"ok.ru", "ok"},
	{"odnoklassniki.ru", "ok"},
	{"t.me", "telegram"},
	{"telegram.me", "telegram"},
	{"instagram.com", "instagram"},
	{"facebook.com", "facebook"},
	{"fb.com", "facebook"},
	{"tiktok.com", "tiktok"},
	{"youtube.com", "youtube"},
	{"youtu.be", "youtube"},
	{"rutube.ru", "rutube"},
	{"dzen.ru", "dzen"},
	{"zen.yandex.ru", "dzen"},
};

const char *
url_network(const char *host)
{
	size_t i, n, d;

	if (strncmp(host, "www.", 4) == 0)
		host += 4;
	else if (strncmp(host, "m.", 2) == 0)
		host += 2;
	n = strlen(host);
	for (i = 0; i < sizeof(networks) / sizeof(networks[0]); i++) {
		d = strlen(networks[i].domain);
		if (n == d && strcmp(host, networks[i].domain) == 0)
			return networks[i].network;
		if (n > d && host[n - d - 1] == '.' && strcmp(host + n - d, networks[i].domain) == 0)
			return networks[i].network;
	}
	return "site";
}

/* ---- URLs ---- */

/* 1 for characters that have no place in a URL even when pasted: invisible ones. */
static int
is_invisible(int32_t cp)
{
	return (cp >= 0x80 && cp <= 0x9f) || (cp >= 0x200b && cp <= 0x200f) ||
	       (cp >= 0x202a && cp <= 0x202e) || (cp >= 0x2060 && cp <= 0x2064) ||
	       (cp >= 0x2066 && cp <= 0x2069) || cp == 0xfeff || cp == 0xad;
}

/* Appends s[0..n) to the key: non-ASCII bytes as %XX, %xx escapes uppercased. */
static int
key_add_escaped(struct buf *k, const char *s, size_t n)
{
	static const char hex[] = "0123456789ABCDEF";
	size_t i;

	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		int r;

		if (c >= 0x80) {
			r = buf_addc(k, '%') | buf_addc(k, hex[c >> 4]) | buf_addc(k, hex[c & 15]);
		} else if (c == '%' && i + 2 < n && is_hex(s[i + 1]) && is_hex(s[i + 2])) {
			char a = s[i + 1], b = s[i + 2];

			r = buf_addc(k, '%') | buf_addc(k, (char)(a >= 'a' ? a - 32 : a)) |
			    buf_addc(k, (char)(b >= 'a' ? b - 32 : b));
			i += 2;
		} else {
			r = buf_addc(k, (char)c);
		}
		if (r < 0)
			return -1;
	}
	return 0;
}

enum url_rc
url_parse(const char *s, struct url *u)
{
	size_t n = strlen(s), off, len, i, scheme_len, auth, auth_end, host_start, host_end, path_end, q_end,
	       at;
	char *d = NULL;
	struct buf host, key;
	enum url_rc rc = URL_OK;
	int32_t cp;
	int https = 0, port = 0;
	const char *p;

	memset(u, 0, sizeof(*u));
	buf_init(&host, URL_HOST_MAX + 8);
	buf_init(&key, 4 * URL_MAX);
	if (text_utf8_check(s, n, TEXT_SINGLE_LINE) < 0)
		return URL_BAD_TEXT;
	text_trim(s, n, &off, &len);
	if (len == 0)
		return URL_EMPTY;
	if (len > URL_MAX)
		return URL_TOO_LONG;
	d = text_nfc(s + off, len);
	if (d == NULL)
		return URL_BAD_TEXT;
	n = strlen(d);
	for (i = 0; i < n;) {
		if (utf8_next(d, n, &i, &cp) < 0) {
			rc = URL_BAD_TEXT;
			goto out;
		}
		if (text_cp_is_space(cp)) {
			rc = URL_SPACE;
			goto out;
		}
		if (is_invisible(cp)) {
			rc = URL_BAD_TEXT;
			goto out;
		}
	}
	/* The scheme: a letter, then letters, digits, + . - up to ':'. */
	for (i = 0; i < n && ((d[i] >= 'a' && d[i] <= 'z') || (d[i] >= 'A' && d[i] <= 'Z') ||
			      (i > 0 && (is_digit(d[i]) || d[i] == '+' || d[i] == '.' || d[i] == '-')));
	     i++)
		;
	scheme_len = i;
	if (scheme_len == 0 || i == n || d[i] != ':' || memchr(d, '.', scheme_len) != NULL) {
		rc = URL_NO_SCHEME;
		goto out;
	}
	if (scheme_len == 5 && strncasecmp(d, "https", 5) == 0) {
		https = 1;
	} else if (!(scheme_len == 4 && strncasecmp(d, "http", 4) == 0)) {
		/* "localhost:8080/x" and "vk.com:443" look like schemes but are not. */
		rc = is_digit(d[i + 1]) ? URL_NO_SCHEME : URL_SCHEME;
		goto out;
	}
	if (strncmp(d + i + 1, "//", 2) != 0) {
		rc = URL_NO_HOST;
		goto out;
	}
	auth = i + 3;
	auth_end = auth + strcspn(d + auth, "/?#");
	if (memchr(d + auth, '\\', auth_end - auth) != NULL) {
		rc = URL_BAD_HOST;
		goto out;
	}
	host_start = auth;
	for (at = auth_end; at > auth; at--) {
		if (d[at - 1] == '@')
			break;
	}
	if (at > auth) {
		u->userinfo = 1;
		u->password = memchr(d + auth, ':', at - 1 - auth) != NULL;
		host_start = at;
	}
	/* The host ends at the port's ':' (after the ']' of an IPv6 literal). */
	if (host_start < auth_end && d[host_start] == '[') {
		p = memchr(d + host_start, ']', auth_end - host_start);
		host_end = p ? (size_t)(p - d) + 1 : auth_end;
	} else {
		p = memchr(d + host_start, ':', auth_end - host_start);
		host_end = p ? (size_t)(p - d) : auth_end;
	}
	if (host_end == host_start) {
		rc = URL_NO_HOST;
		goto out;
	}
	if (host_end < auth_end) {
		size_t k;
		long v = 0;

		if (d[host_end] != ':' || auth_end - host_end - 1 > 5) {
			rc = d[host_end] != ':' ? URL_BAD_HOST : URL_BAD_PORT;
			goto out;
		}
		for (k = host_end + 1; k < auth_end; k++) {
			if (!is_digit(d[k])) {
				rc = URL_BAD_PORT;
				goto out;
			}
			v = v * 10 + (d[k] - '0');
		}
		if (k > host_end + 1 && (v < 1 || v > 65535)) {
			rc = URL_BAD_PORT;
			goto out;
		}
		port = (int)v;
		if (port == (https ? 443 : 80))
			port = 0;
	}
	if (url_host_normalize(d + host_start, host_end - host_start, &host) < 0) {
		rc = URL_BAD_HOST;
		goto out;
	}
	path_end = auth_end + strcspn(d + auth_end, "?#");
	q_end = path_end + strcspn(d + path_end, "#");
	if (buf_adds(&key, https ? "https://" : "http://") < 0 || buf_add(&key, host.data, host.len) < 0)
		goto toolong;
	if (port != 0 && buf_addf(&key, ":%d", port) < 0)
		goto toolong;
	if (!(path_end - auth_end == 1 && d[auth_end] == '/') &&
	    key_add_escaped(&key, d + auth_end, path_end - auth_end) < 0)
		goto toolong;
	if (key_add_escaped(&key, d + path_end, q_end - path_end) < 0)
		goto toolong;
	u->display = d;
	d = NULL;
	u->host = buf_detach(&host, NULL);
	u->key = buf_detach(&key, NULL);
	u->network = url_network(u->host);
	u->https = https;
	u->port = port;
	goto out;
toolong:
	rc = URL_TOO_LONG;
out:
	if (rc != URL_OK)
		memset(u, 0, sizeof(*u));
	buf_release(&host);
	buf_release(&key);
	free(d);
	return rc;
}

void
url_release(struct url *u)
{
	if (u == NULL)
		return;
	free(u->display);
	free(u->key);
	free(u->host);
	memset(u, 0, sizeof(*u));
}

const char *
url_reason(enum url_rc rc)
{
	switch (rc) {
	case URL_OK: return "";
	case URL_EMPTY: return "адрес не указан";
	case URL_TOO_LONG: return "адрес длиннее 2000 байт";
	case URL_BAD_TEXT: return "адрес содержит управляющие или невидимые символы — вставьте его заново";
	case URL_SPACE: return "адрес не должен содержать пробелов";
	case URL_NO_SCHEME:
		return "адрес должен начинаться с https:// или http://, например https://vk.com/…";
	case URL_SCHEME: return "допустимы только адреса http:// и https://";
	case URL_NO_HOST: return "в адресе нет имени сайта, например https://vk.com/…";
	case URL_BAD_HOST: return "неверное имя сайта в адресе";
	case URL_BAD_PORT: return "неверный номер порта в адресе";
	case URL_RC__MAX: break;
	}
	return "неверный адрес";
}

static int
hexdigit(int c)
{
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

int
url_local_path_ok(const char *s)
{
	size_t i;

	if (s == NULL || s[0] != '/' || s[1] == '/')
		return 0;
	for (i = 0; s[i] != '\0'; i++) {
		unsigned char c = (unsigned char)s[i];

		if (i >= URL_LOCAL_PATH_MAX)
			return 0;
		if (c == '%') {
			if (!hexdigit(s[i + 1]) || !hexdigit(s[i + 2]))
				return 0;
			i += 2;
			continue;
		}
		if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'))
			continue;
		if (strchr("-._~!$&'()*+,;=:@/?", c) == NULL)
			return 0;
	}
	return 1;
}
