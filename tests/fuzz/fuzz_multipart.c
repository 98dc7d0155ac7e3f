/*
 * fuzz_multipart: libFuzzer target for http_parse_multipart_max. The input up to
 * the first newline (at most 100 bytes) is the Content-Type header, so the
 * fuzzer picks the boundary, quoted or not; the rest is the body.
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "http/http.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct arena *a = arena_new();
	const char *s = (const char *)data;
	const char *nl = memchr(s, '\n', size < 100 ? size : 100);
	size_t hlen = nl ? (size_t)(nl - s) : 0;
	char *ct = arena_strndup(a, s, hlen);
	const char *body = nl ? nl + 1 : s;
	size_t blen = size - (size_t)(body - s), i;
	struct http_params f;
	struct http_upload *u;
	size_t nu;

	if (http_parse_multipart_max(a, ct, body, blen, 0, &f, &u, &nu) == 0) {
		for (i = 0; i < f.n; i++)
			if (f.v[i].value_len > blen || f.v[i].value[f.v[i].value_len] != '\0')
				__builtin_trap();
		for (i = 0; i < nu; i++)
			if (u[i].len > blen || u[i].data[u[i].len] != '\0' || u[i].filename == NULL ||
			    u[i].content_type == NULL)
				__builtin_trap();
	}
	arena_free(a);
	return 0;
}
