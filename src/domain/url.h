/*
 * url: web addresses given in reports (publications, activity links): the
 * check, the comparison key, the social network, duplicates, and the
 * RFC 3492 punycode encoder that internationalized hosts need.
 *
 * Accepted: http:// and https:// URLs with a host, at most URL_MAX bytes
 * after trimming, valid UTF-8 without white space, control or invisible
 * formatting characters (zero-width, bidi). The host is a DNS name of two or
 * more labels (Cyrillic and other IDN labels accepted: «минобрнауки.рф»),
 * an IPv4 address (four decimal octets) or a bracketed IPv6 address. A port
 * is 1..65535. User info ("user@", "user:password@") is accepted but
 * reported through `userinfo` / `password`, because it is mostly used to
 * disguise the real host ("https://vk.com@evil.example/").
 *
 * The comparison key (for duplicates) is a URL too: lowercase scheme; the
 * host lowercased (NFC + case folding) and converted to punycode
 * ("xn--80abucjiibhv9a.xn--p1ai"), without a trailing dot; the port only
 * when it is not the scheme's default; no user info; the path "/" dropped
 * (the root only: "/news/" keeps its slash); non-ASCII bytes of path and
 * query percent-encoded and existing %xx escapes uppercased; no fragment.
 * The scheme stays in the key: http://x/ and https://x/ are not duplicates.
 *
 * The network is recognized from the key's host after dropping one leading
 * "www." or "m.", as that domain or a subdomain of it: vk.com, vk.ru → "vk";
 * ok.ru, odnoklassniki.ru → "ok"; t.me, telegram.me → "telegram";
 * instagram.com → "instagram"; facebook.com, fb.com → "facebook";
 * tiktok.com (vm.tiktok.com) → "tiktok"; youtube.com, youtu.be → "youtube";
 * rutube.ru → "rutube"; dzen.ru, zen.yandex.ru → "dzen"; anything else
 * (IP addresses included) → "site".
 *
 * Invariants: pure; after url_parse() returns URL_OK every string of the
 * struct is non-NULL and owned by it (url_release() frees them); on any
 * other result nothing is allocated.
 */
#ifndef SVODKA_DOMAIN_URL_H
#define SVODKA_DOMAIN_URL_H

#include <stddef.h>
#include <stdint.h>

#include "util/buf.h"

#define URL_MAX 2000 /* bytes of a trimmed URL */
#define URL_HOST_MAX 253 /* bytes of an ASCII host name */
#define URL_LABEL_MAX 63 /* bytes of an ASCII label (with "xn--") */

struct url {
	char *display; /* the input trimmed and NFC-normalized: show this */
	char *key; /* the comparison key described above */
	char *host; /* ASCII host as in the key: "vk.com", "xn--p1ai…", "10.0.0.1", "[::1]" */
	const char *network; /* static: "vk", "ok", …, "site" */
	int https; /* 1 for https, 0 for http */
	int port; /* explicit non-default port, or 0 */
	int userinfo; /* 1 when the URL has "user@" */
	int password; /* 1 when the user info has ":password" */
};

enum url_rc {
	URL_OK,
	URL_EMPTY, /* nothing but white space */
	URL_TOO_LONG, /* more than URL_MAX bytes */
	URL_BAD_TEXT, /* invalid UTF-8, control or invisible formatting characters */
	URL_SPACE, /* white space inside */
	URL_NO_SCHEME, /* "vk.com/page": no http:// or https:// */
	URL_SCHEME, /* another scheme: javascript:, data:, ftp:, mailto: … */
	URL_NO_HOST, /* "http://", "https:///path", "http:vk.com" */
	URL_BAD_HOST, /* a host that is not a DNS name or an IP address */
	URL_BAD_PORT, /* a port that is not 1..65535 */
	URL_RC__MAX
};

/* Parses and normalizes `s` (NUL-terminated) into *u; see above. */
__attribute__((warn_unused_result)) enum url_rc url_parse(const char *s, struct url *u);

/* Frees the strings of *u (NULL or a zeroed struct is fine) and zeroes it. */
void url_release(struct url *u);

/*
 * The reason for `rc` in Russian, without the field: «допустимы только адреса
 * http:// и https://». Static; "" for URL_OK.
 */
const char *url_reason(enum url_rc rc);

/*
 * Normalizes host[0..n) (no port, no user info) as in the key: appends the
 * ASCII form to `out`. IPv6 literals keep their brackets. Returns 0, or -1
 * when the host is not valid or `out` refuses the bytes.
 */
__attribute__((warn_unused_result)) int url_host_normalize(const char *host, size_t n, struct buf *out);

/*
 * Whether s may be followed as a redirect after sign-in: a path of this site
 * ("/x/y?z=1"), written only in RFC 3986's path and query characters
 * (unreserved, sub-delims, ':', '@', '/', '?' and well-formed %HH), at most
 * URL_LOCAL_PATH_MAX bytes, starting with one '/' and not "//" — so no other
 * host, no scheme, no backslash, no white space, no control character and no
 * raw non-ASCII byte can reach a Location header. NULL is refused.
 */
#define URL_LOCAL_PATH_MAX 2048
int url_local_path_ok(const char *s);

/* The network of an ASCII lowercase host ("m.vk.com" → "vk"); "site" if none. */
const char *url_network(const char *host);

/*
 * RFC 3492 punycode of code points cp[0..n) (without the "xn--" prefix),
 * appended to `out`. Returns 0, or -1 on overflow, a code point above
 * U+10FFFF or a surrogate, or when `out` refuses the bytes.
 */
__attribute__((warn_unused_result)) int url_punycode_encode(const int32_t *cp, size_t n, struct buf *out);

#endif
