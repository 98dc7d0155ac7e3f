/*
 * parse: the parsers of untrusted request input — query strings and
 * urlencoded forms, the Cookie header, multipart/form-data bodies and JSON
 * bodies. Every result lives in the caller's arena; every count is capped
 * (HTTP_MAX_*) and every failure is a return value, never a crash. Each parser
 * has a libFuzzer target under tests/fuzz/.
 */
#include "http/http.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "util/pct.h"
#include "util/utf8.h"

#define BOUNDARY_MAX 70 /* RFC 2046 */
#define PART_HEADERS_MAX 8192 /* bytes of headers in one multipart part */

const char *
http_params_get(const struct http_params *p, const char *name)
{
	size_t i;

	for (i = 0; i < p->n; i++)
		if (strcmp(p->v[i].name, name) == 0)
			return p->v[i].value;
	return NULL;
}

/*
 * Decodes s[0..len) ('+' is a space, %XX a byte) into a NUL-terminated arena
 * string; *outlen gets its length. Returns NULL on a bad escape.
 */
static char *
form_decode(struct arena *a, const char *s, size_t len, size_t *outlen)
{
	char *out = arena_alloc(a, len + 1);

	return pct_decode(s, len, PCT_PLUS_SPACE, out, outlen) == 0 ? out : NULL;
}

/*
 * Pairs are separated by '&'; a pair without '=' is a name with an empty
 * value; pairs with an empty name (and empty pairs) are skipped. A name may
 * not decode to a string holding NUL; a value may (value_len says so).
 */
int
http_parse_urlencoded(struct arena *a, const char *s, size_t len, struct http_params *out)
{
	return http_parse_urlencoded_max(a, s, len, HTTP_MAX_FIELDS, out);
}

int
http_parse_urlencoded_max(struct arena *a, const char *s, size_t len, size_t max_fields,
			  struct http_params *out)
{
	size_t i, max = 1, start;

	out->v = NULL;
	out->n = 0;
	for (i = 0; i < len; i++)
		if (s[i] == '&')
			max++;
	if (max_fields == 0)
		max_fields = HTTP_MAX_FIELDS;
	if (max > max_fields) {
		/* An upper bound; count the non-empty pairs exactly. */
		size_t real = 0;

		for (i = 0, start = 0; i <= len; i++)
			if (i == len || s[i] == '&') {
				if (i > start && s[start] != '=')
					real++;
				start = i + 1;
			}
		if (real > max_fields) {
			errno = E2BIG;
			return -1;
		}
		max = real;
	}
	out->v = arena_alloc(a, (max ? max : 1) * sizeof(*out->v));
	for (start = 0, i = 0; i <= len; i++) {
		const char *pair = s + start, *eq;
		size_t plen, nlen, vlen;
		struct http_param *p;
		char *name, *value;

		if (i < len && s[i] != '&')
			continue;
		plen = i - start;
		start = i + 1;
		if (plen == 0)
			continue;
		eq = memchr(pair, '=', plen);
		nlen = eq ? (size_t)(eq - pair) : plen;
		if (nlen == 0)
			continue;
		name = form_decode(a, pair, nlen, &vlen);
		if (name == NULL || strlen(name) != vlen)
			goto bad;
		if (eq)
			value = form_decode(a, eq + 1, plen - nlen - 1, &vlen);
		else
			value = form_decode(a, "", 0, &vlen);
		if (value == NULL)
			goto bad;
		p = &out->v[out->n++];
		p->name = name;
		p->value = value;
		p->value_len = vlen;
	}
	return 0;
bad:
	out->n = 0;
	errno = EINVAL;
	return -1;
}

static int
is_ows(char c)
{
	return c == ' ' || c == '\t';
}

/*
 * "a=1; b=2". Pairs without '=' or with an empty name are skipped, as
 * browsers do; a value in double quotes loses its quotes; values are not
 * percent-decoded. Returns -1 (E2BIG) past HTTP_MAX_COOKIES pairs.
 */
int
http_parse_cookies(struct arena *a, const char *header, struct http_params *out)
{
	const char *p = header, *end;
	size_t max = 1, i;

	out->v = NULL;
	out->n = 0;
	if (header == NULL)
		return 0;
	for (i = 0; header[i]; i++)
		if (header[i] == ';')
			max++;
	if (max > HTTP_MAX_COOKIES)
		max = HTTP_MAX_COOKIES + 1;
	out->v = arena_alloc(a, max * sizeof(*out->v));
	while (*p) {
		const char *ns, *ne, *vs, *ve, *eq;
		struct http_param *prm;

		end = strchr(p, ';');
		if (end == NULL)
			end = p + strlen(p);
		eq = memchr(p, '=', (size_t)(end - p));
		ns = p;
		p = *end ? end + 1 : end;
		if (eq == NULL)
			continue;
		ne = eq;
		while (ns < ne && is_ows(*ns))
			ns++;
		while (ne > ns && is_ows(ne[-1]))
			ne--;
		if (ne == ns)
			continue;
		vs = eq + 1;
		ve = end;
		while (vs < ve && is_ows(*vs))
			vs++;
		while (ve > vs && is_ows(ve[-1]))
			ve--;
		if (ve - vs >= 2 && *vs == '"' && ve[-1] == '"') {
			vs++;
			ve--;
		}
		if (out->n == HTTP_MAX_COOKIES) {
			out->n = 0;
			errno = E2BIG;
			return -1;
		}
		prm = &out->v[out->n++];
		prm->name = arena_strndup(a, ns, (size_t)(ne - ns));
		prm->value = arena_strndup(a, vs, (size_t)(ve - vs));
		prm->value_len = (size_t)(ve - vs);
	}
	return 0;
}

/* memmem on bytes that may hold NUL. */
static const char *
find(const char *hay, size_t haylen, const char *needle, size_t nlen)
{
	return memmem(hay, haylen, needle, nlen);
}

/*
 * Reads the value of parameter `want` from a header's parameter list
 * ("form-data; name=\"x\"; filename=\"y\""), quoted or a token, into the
 * arena. In a quoted value, \" and \\ stand for " and \ (curl escapes so;
 * browsers send %22), any other backslash is kept (old Windows paths).
 * Returns NULL when absent or malformed.
 */
static char *
header_param(struct arena *a, const char *s, size_t len, const char *want)
{
	size_t i = 0, wlen = strlen(want);

	/* Skip the first item (the media type or disposition). */
	while (i < len && s[i] != ';')
		i++;
	while (i < len) {
		size_t ns, ne;
		int match;

		i++; /* ';' */
		while (i < len && is_ows(s[i]))
			i++;
		ns = i;
		while (i < len && s[i] != '=' && s[i] != ';')
			i++;
		ne = i;
		while (ne > ns && is_ows(s[ne - 1]))
			ne--;
		match = ne - ns == wlen && strncasecmp(s + ns, want, wlen) == 0;
		if (i >= len || s[i] == ';')
			continue;
		i++; /* '=' */
		while (i < len && is_ows(s[i]))
			i++;
		if (i < len && s[i] == '"') {
			char *v = arena_alloc(a, len - i + 1);
			size_t n = 0;

			for (i++; i < len && s[i] != '"'; i++) {
				if (s[i] == '\\' && i + 1 < len && (s[i + 1] == '"' || s[i + 1] == '\\'))
					i++;
				v[n++] = s[i];
			}
			if (i >= len)
				return NULL; /* unterminated quote */
			i++;
			if (match)
				return v;
			while (i < len && s[i] != ';')
				i++;
		} else {
			size_t vs = i;

			while (i < len && s[i] != ';')
				i++;
			if (match) {
				size_t ve = i;

				while (ve > vs && is_ows(s[ve - 1]))
					ve--;
				return arena_strndup(a, s + vs, ve - vs);
			}
		}
	}
	return NULL;
}

struct part {
	char *name;
	char *filename;
	char *content_type;
};

/*
 * Parses the header block of one part, h[0..len) with CRLF line ends and no
 * final empty line. Returns 0 or -1 when Content-Disposition is missing or
 * has no name.
 */
static int
part_headers(struct arena *a, const char *h, size_t len, struct part *part)
{
	const char *p = h, *end = h + len;

	memset(part, 0, sizeof(*part));
	while (p < end) {
		const char *eol = find(p, (size_t)(end - p), "\r\n", 2), *colon, *v;
		size_t vlen;

		if (eol == NULL)
			eol = end;
		colon = memchr(p, ':', (size_t)(eol - p));
		if (colon == NULL)
			return -1;
		v = colon + 1;
		while (v < eol && is_ows(*v))
			v++;
		vlen = (size_t)(eol - v);
		while (vlen && is_ows(v[vlen - 1]))
			vlen--;
		if (colon - p == 19 && strncasecmp(p, "Content-Disposition", 19) == 0) {
			if (vlen < 9 || strncasecmp(v, "form-data", 9) != 0 ||
			    (vlen > 9 && v[9] != ';' && !is_ows(v[9])))
				return -1;
			part->name = header_param(a, v, vlen, "name");
			part->filename = header_param(a, v, vlen, "filename");
		} else if (colon - p == 12 && strncasecmp(p, "Content-Type", 12) == 0) {
			part->content_type = arena_strndup(a, v, vlen);
		}
		p = eol + 2;
	}
	if (part->name == NULL || part->name[0] == '\0')
		return -1;
	return 0;
}

/*
 * Finds the next delimiter "\r\n--boundary" in b[0..len) that is followed by
 * "--" or by optional blanks and CRLF; a boundary string inside data that is
 * not such a line is data. Returns its offset or -1.
 */
static long
next_delim(const char *b, size_t len, const char *delim, size_t dlen)
{
	size_t off = 0;

	for (;;) {
		const char *d = find(b + off, len - off, delim, dlen);
		size_t at, j;

		if (d == NULL)
			return -1;
		at = (size_t)(d - b);
		j = at + dlen;
		if (len - j >= 2 && b[j] == '-' && b[j + 1] == '-')
			return (long)at;
		while (j < len && is_ows(b[j]))
			j++;
		if (len - j >= 2 && b[j] == '\r' && b[j + 1] == '\n')
			return (long)at;
		off = at + 1;
	}
}

/*
 * multipart/form-data (RFC 7578). The boundary comes from the Content-Type
 * header (quoted or not, 1..70 bytes). Lines end in CRLF. A part with a
 * filename parameter (even empty) is an upload, others are text fields.
 * A body without the closing delimiter is malformed.
 */
int
http_parse_multipart_max(struct arena *a, const char *content_type_header, const char *body, size_t len,
			 size_t max_fields, struct http_params *fields, struct http_upload **uploads,
			 size_t *nuploads)
{
	char *boundary, *delim;
	size_t dlen, pos, fcap = 0, ucap = 0;
	long at;

	fields->v = NULL;
	fields->n = 0;
	*uploads = NULL;
	*nuploads = 0;
	errno = EINVAL;
	if (content_type_header == NULL)
		return -1;
	boundary = header_param(a, content_type_header, strlen(content_type_header), "boundary");
	if (boundary == NULL || boundary[0] == '\0' || strlen(boundary) > BOUNDARY_MAX)
		return -1;
	delim = arena_printf(a, "\r\n--%s", boundary);
	dlen = strlen(delim);
	/* The first delimiter may open the body without the CRLF. */
	if (len >= dlen - 2 && memcmp(body, delim + 2, dlen - 2) == 0) {
		pos = dlen - 2;
	} else {
		at = next_delim(body, len, delim, dlen);
		if (at < 0)
			return -1;
		pos = (size_t)at + dlen;
	}
	for (;;) {
		const char *hend;
		size_t hstart, dstart;
		struct part part;

		/* pos is just after a delimiter. */
		if (len - pos >= 2 && body[pos] == '-' && body[pos + 1] == '-')
			return 0; /* the close delimiter; the epilogue is ignored */
		while (pos < len && is_ows(body[pos]))
			pos++;
		if (len - pos < 2 || body[pos] != '\r' || body[pos + 1] != '\n')
			goto bad;
		pos += 2;
		hstart = pos;
		if (len - pos >= 2 && body[pos] == '\r' && body[pos + 1] == '\n') {
			hend = body + pos; /* no headers at all */
			dstart = pos + 2;
		} else {
			size_t look = len - pos < PART_HEADERS_MAX ? len - pos : PART_HEADERS_MAX;

			hend = find(body + pos, look, "\r\n\r\n", 4);
			if (hend == NULL)
				goto bad;
			dstart = (size_t)(hend - body) + 4;
		}
		if (part_headers(a, body + hstart, (size_t)(hend - (body + hstart)), &part) < 0)
			goto bad;
		at = next_delim(body + dstart, len - dstart, delim, dlen);
		if (at < 0)
			goto bad;
		if (part.filename) {
			struct http_upload *u;

			if (*nuploads == HTTP_MAX_UPLOADS)
				goto big;
			if (*nuploads == ucap) {
				struct http_upload *nv;

				ucap = ucap ? ucap * 2 : 4;
				nv = arena_alloc(a, ucap * sizeof(*nv));
				if (*nuploads)
					memcpy(nv, *uploads, *nuploads * sizeof(*nv));
				*uploads = nv;
			}
			u = &(*uploads)[(*nuploads)++];
			u->field = part.name;
			u->filename = part.filename;
			u->content_type = part.content_type ? part.content_type : "application/octet-stream";
			u->data = arena_strndup(a, body + dstart, (size_t)at);
			u->len = (size_t)at;
		} else {
			struct http_param *p;

			if (fields->n == (max_fields ? max_fields : HTTP_MAX_FIELDS))
				goto big;
			if (fields->n == fcap) {
				struct http_param *nv;

				fcap = fcap ? fcap * 2 : 8;
				nv = arena_alloc(a, fcap * sizeof(*nv));
				if (fields->n)
					memcpy(nv, fields->v, fields->n * sizeof(*nv));
				fields->v = nv;
			}
			p = &fields->v[fields->n++];
			p->name = part.name;
			p->value = arena_strndup(a, body + dstart, (size_t)at);
			p->value_len = (size_t)at;
		}
		pos = dstart + (size_t)at + dlen;
	}
big:
	errno = E2BIG;
	goto fail;
bad:
	errno = EINVAL;
fail:
	fields->n = 0;
	*nuploads = 0;
	return -1;
}

/*
 * Ends a message that snprintf cut at errlen - 1 bytes on a UTF-8 character
 * boundary, so the Russian text never ends in half a letter.
 */
static void
cut_utf8(char *msg, size_t errlen)
{
	msg[utf8_fit(msg, errlen - 1, errlen - 1)] = '\0';
}

/*
 * Deepest nesting of arrays and objects in s[0..len), strings skipped;
 * stops counting past limit.
 */
static int
json_depth(const char *s, size_t len, int limit)
{
	int depth = 0, max = 0, in_str = 0;
	size_t i;

	for (i = 0; i < len; i++) {
		char c = s[i];

		if (in_str) {
			if (c == '\\')
				i++;
			else if (c == '"')
				in_str = 0;
			continue;
		}
		if (c == '"') {
			in_str = 1;
		} else if (c == '[' || c == '{') {
			if (++depth > max)
				max = depth;
			if (max > limit)
				break;
		} else if (c == ']' || c == '}') {
			depth--;
		}
	}
	return max;
}

/*
 * What went wrong, in Russian, from jansson's error code: its own text is
 * English and names its flags (JSON_ALLOW_NUL), so it is never shown.
 */
static const char *
json_error_ru(const json_error_t *err)
{
	switch (json_error_code(err)) {
	case json_error_invalid_utf8: return "текст не в кодировке UTF-8";
	case json_error_premature_end_of_input: return "текст оборван, JSON не закончен";
	case json_error_end_of_input_expected: return "после JSON лишние символы";
	case json_error_null_character: return "в строке нулевой символ (\\u0000)";
	case json_error_null_byte_in_key: return "в имени поля нулевой символ (\\u0000)";
	case json_error_duplicate_key: return "поле повторяется";
	case json_error_numeric_overflow: return "слишком большое число";
	case json_error_stack_overflow: return "слишком глубокая вложенность";
	case json_error_out_of_memory: return "не хватило памяти";
	default: return "синтаксическая ошибка";
	}
}

/*
 * Parses a JSON text (an object or array at the top, nothing after it, no
 * \u0000 in strings, no duplicate keys) nested at most HTTP_MAX_JSON_DEPTH
 * deep. Returns a new reference, or NULL with a Russian message in errmsg.
 */
json_t *
http_parse_json(const char *body, size_t len, char *errmsg, size_t errlen)
{
	json_error_t err;
	json_t *j;
	int n;

	if (errmsg && errlen)
		errmsg[0] = '\0';
	if (json_depth(body, len, HTTP_MAX_JSON_DEPTH) > HTTP_MAX_JSON_DEPTH) {
		if (errmsg && errlen) {
			n = snprintf(errmsg, errlen, "Тело запроса — не JSON: вложенность глубже %d уровней",
				     HTTP_MAX_JSON_DEPTH);
			if (n < 0 || (size_t)n >= errlen)
				cut_utf8(errmsg, errlen);
		}
		return NULL;
	}
	j = json_loadb(body, len, JSON_REJECT_DUPLICATES, &err);
	if (j == NULL && errmsg && errlen) {
		n = snprintf(errmsg, errlen, "Тело запроса — не JSON: %s (строка %d, позиция %d)",
			     json_error_ru(&err), err.line, err.column);
		if (n < 0 || (size_t)n >= errlen)
			cut_utf8(errmsg, errlen); /* a cut message is still a message */
	}
	return j;
}
