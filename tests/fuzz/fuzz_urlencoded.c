/* fuzz_urlencoded: libFuzzer target for http_parse_urlencoded (query strings and forms). */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "http/http.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct arena *a = arena_new();
	struct http_params p;
	size_t i;

	if (http_parse_urlencoded(a, (const char *)data, size, &p) == 0) {
		for (i = 0; i < p.n; i++) {
			/* Names never hold NUL; values are terminated after value_len. */
			if (p.v[i].name[0] == '\0' || p.v[i].value[p.v[i].value_len] != '\0')
				__builtin_trap();
			(void)http_params_get(&p, p.v[i].name);
		}
	}
	arena_free(a);
	return 0;
}
