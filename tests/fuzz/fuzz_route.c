/* fuzz_route: libFuzzer target for http_route_match over a fixed table; the first byte picks the method. */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "http/http.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void
h(struct http_request *req, struct http_response *resp)
{
	(void)req;
	(void)resp;
}

static const struct http_route table[] = {
	{HTTP_GET | HTTP_HEAD, "/", h, 0, 0, 0, 0},
	{HTTP_GET, "/campaigns", h, 0, 0, 0, 0},
	{HTTP_GET, "/campaigns/new", h, 0, 0, 0, 0},
	{HTTP_GET | HTTP_HEAD, "/campaigns/{slug}", h, 0, 0, 0, 0},
	{HTTP_POST, "/campaigns/{slug}/reports/{id}", h, 0, 0, 0, 0},
	{HTTP_GET, "/static/{path*}", h, 0, 0, 0, 0},
	{HTTP_DELETE | HTTP_PUT, "/admin/users/{id}", h, 0, 0, 0, 0},
	{HTTP_GET, "/api/v1/{a}/{b}/{c}/{rest*}", h, 0, 0, 0, 0},
};

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct arena *a;
	const struct http_route *r;
	struct http_params p;
	unsigned allow, method;
	char *path;
	size_t i;
	int rc;

	if (size < 1)
		return 0;
	a = arena_new();
	method = 1u << (data[0] % 8); /* bit 7 is no method at all */
	path = arena_strndup(a, (const char *)data + 1, size - 1);
	rc = http_route_match(table, sizeof(table) / sizeof(table[0]), method, path, a, &r, &p, &allow);
	if (rc == 0) {
		if (r == NULL || !(r->methods & method))
			__builtin_trap();
		for (i = 0; i < p.n; i++)
			if (p.v[i].value_len == 0 || strlen(p.v[i].value) != p.v[i].value_len ||
			    (strchr(p.v[i].value, '/') && strcmp(p.v[i].name, "path") != 0 &&
			     strcmp(p.v[i].name, "rest") != 0))
				__builtin_trap();
	} else if (rc == 405) {
		if (allow == 0 || (allow & method) || r != NULL)
			__builtin_trap();
	} else if (rc != 404 || r != NULL) {
		__builtin_trap();
	}
	arena_free(a);
	return 0;
}
