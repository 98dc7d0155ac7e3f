/*
 * fuzz_mustache: libFuzzer target for the template engine. Each input is
 * parsed as a template; when it parses it is rendered against a small fixed
 * model into a buffer capped at 1 MiB, with partials that resolve "self" to
 * the input itself (recursion), "layout" to a fixed parent with blocks, and
 * every other name to nothing. Parse errors and -1 from render are expected
 * outcomes; crashes, sanitizer reports and hangs are bugs.
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "util/buf.h"
#include "view/mustache.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

struct fuzz_partials {
	const struct mustache_tpl *self; /* the input */
	const struct mustache_tpl *layout; /* a fixed parent */
};

static const char model_json[] =
	"{\"name\": \"Приморье <&>\", \"n\": 42, \"r\": 1.5, \"t\": true, \"f\": false,"
	" \"z\": null, \"e\": \"\", \"list\": [1, \"two\", {\"name\": \"three\"}, [4]],"
	" \"o\": {\"a\": {\"b\": {\"c\": \"deep\"}}, \"list\": []}}";

static const char layout_src[] =
	"<h1>{{$title}}T{{/title}}</h1>\n  {{$body}}\n  default {{name}}\n  {{/body}}\n"
	"{{#list}}{{$item}}{{.}}{{/item}}{{/list}}\n";

static const struct mustache_tpl *
lookup(void *ctx, const char *name)
{
	const struct fuzz_partials *fp = ctx;

	if (strcmp(name, "self") == 0)
		return fp->self;
	if (strcmp(name, "layout") == 0)
		return fp->layout;
	return NULL;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static json_t *model;
	static struct mustache_tpl *layout;
	struct fuzz_partials fp;
	struct mustache_partials p = {lookup, &fp};
	struct mustache_tpl *t;
	struct buf out;
	char err[128];

	if (model == NULL) {
		model = json_loads(model_json, 0, NULL);
		layout = mustache_parse(layout_src, sizeof(layout_src) - 1, NULL, 0);
		if (model == NULL || layout == NULL)
			__builtin_trap();
	}
	if (size > 64 * 1024)
		return 0;
	t = mustache_parse((const char *)data, size, err, sizeof(err));
	if (t == NULL) {
		/* Every syntax error names its line. */
		if (strncmp(err, "line ", 5) != 0)
			__builtin_trap();
		return 0;
	}
	fp.self = t;
	fp.layout = layout;
	buf_init(&out, (size_t)1 << 20);
	if (mustache_render(t, model, &p, &out) == 0 && out.len > out.max)
		__builtin_trap();
	if (strlen(out.data) > out.len)
		__builtin_trap();
	buf_release(&out);
	mustache_free(t);
	return 0;
}
