/*
 * route: matching a request's method and percent-decoded path against the
 * application's route table.
 *
 * Patterns are made of '/'-separated segments: a literal segment matches the
 * same bytes; "{name}" matches one non-empty segment (never a '/'); a final
 * "{name*}" matches the non-empty rest of the path, '/' included. The table is
 * scanned in order and the first pattern that matches both path and method
 * wins, so list literal routes before parameter routes that could shadow them.
 * There is no slash folding: "/admin/users/" does not match "/admin/users",
 * and an empty segment ("//") matches neither a literal nor a parameter.
 * Since the path is decoded, a %2F in the request is a separator here, so a
 * "{name}" value never holds a '/'. A path with a "." or ".." segment matches
 * nothing (404), so no parameter can climb out of a directory.
 */
#include "http/http.h"

#include <string.h>

/* Has the path a segment that is exactly "." or ".."? */
static int
has_dot_segment(const char *path)
{
	const char *p = path;

	while ((p = strchr(p, '/')) != NULL) {
		p++;
		if (p[0] == '.' && (p[1] == '/' || p[1] == '\0'))
			return 1;
		if (p[0] == '.' && p[1] == '.' && (p[2] == '/' || p[2] == '\0'))
			return 1;
	}
	return 0;
}

/*
 * Matches one pattern against the path. With an arena, fills params
 * (arena strings); with NULL, only answers. Returns 1 on a match.
 */
static int
match(const char *pat, const char *path, struct arena *a, struct http_params *params)
{
	const char *p = pat, *s = path;
	size_t cap = 0;

	if (a) {
		const char *c;

		for (c = pat; *c; c++)
			if (*c == '{')
				cap++;
		params->v = cap ? arena_alloc(a, cap * sizeof(*params->v)) : NULL;
		params->n = 0;
	}
	if (*p != '/' || *s != '/')
		return 0;
	while (*p == '/' && *s == '/') {
		const char *pe, *se;
		size_t plen, slen;

		p++;
		s++;
		pe = strchr(p, '/');
		if (pe == NULL)
			pe = p + strlen(p);
		se = strchr(s, '/');
		if (se == NULL)
			se = s + strlen(s);
		plen = (size_t)(pe - p);
		slen = (size_t)(se - s);
		if (plen >= 2 && p[0] == '{' && p[plen - 1] == '}') {
			int rest = plen >= 3 && p[plen - 2] == '*';
			size_t nlen = plen - 2 - (rest ? 1 : 0);

			if (rest) {
				if (*pe != '\0' || *s == '\0')
					return 0;
				se = s + strlen(s);
				slen = (size_t)(se - s);
			} else if (slen == 0) {
				return 0;
			}
			if (a) {
				struct http_param *prm = &params->v[params->n++];

				prm->name = arena_strndup(a, p + 1, nlen);
				prm->value = arena_strndup(a, s, slen);
				prm->value_len = slen;
			}
		} else if (plen != slen || memcmp(p, s, plen) != 0) {
			return 0;
		}
		p = pe;
		s = se;
	}
	return *p == '\0' && *s == '\0';
}

int
http_route_match(const struct http_route *routes, size_t n, unsigned method_bit, const char *path,
		 struct arena *a, const struct http_route **out, struct http_params *params, unsigned *allow)
{
	size_t i;
	unsigned allowed = 0;
	int seen = 0;

	*out = NULL;
	params->v = NULL;
	params->n = 0;
	if (allow)
		*allow = 0;
	if (path == NULL || has_dot_segment(path))
		return 404;
	for (i = 0; i < n; i++) {
		if (!match(routes[i].pattern, path, NULL, NULL))
			continue;
		if (routes[i].methods & method_bit) {
			*out = &routes[i];
			match(routes[i].pattern, path, a, params);
			return 0;
		}
		seen = 1;
		allowed |= routes[i].methods;
	}
	if (!seen)
		return 404;
	if (allow)
		*allow = allowed;
	return 405;
}
