/* fuzz_cookies: libFuzzer target for http_parse_cookies (the Cookie header). */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "http/http.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct arena *a = arena_new();
	char *header = arena_strndup(a, (const char *)data, size); /* a header is a C string */
	struct http_params p;
	size_t i;

	if (http_parse_cookies(a, header, &p) == 0)
		for (i = 0; i < p.n; i++)
			if (p.v[i].name[0] == '\0' || strlen(p.v[i].value) != p.v[i].value_len)
				__builtin_trap();
	arena_free(a);
	return 0;
}
