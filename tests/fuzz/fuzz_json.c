/* fuzz_json: libFuzzer target for http_parse_json (depth pre-scan, then jansson). */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "http/http.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char msg[256];
	json_t *j = http_parse_json((const char *)data, size, msg, sizeof(msg));

	if (j == NULL && (msg[0] == '\0' || strlen(msg) >= sizeof(msg)))
		__builtin_trap();
	json_decref(j);
	return 0;
}
