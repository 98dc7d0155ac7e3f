/*
 * view: turns a model (json_t) into a page through the mustache templates in
 * templates/, and hands out the static files in static/. By default both come
 * from the copies built into the binary and templates are parsed once at
 * start; with an assets folder (svodka serve --assets DIR, for development)
 * they are read from disk on every use, so an edit shows on the next reload.
 *
 * Invariants: after view_init succeeds, view_render and view_static are safe
 * from any number of threads until view_shutdown.
 */
#ifndef SVODKA_VIEW_H
#define SVODKA_VIEW_H

#include <jansson.h>
#include <stddef.h>

#include "util/arena.h"
#include "util/buf.h"

/* assets_dir: NULL for the built-in copies. Returns 0, or -1 with the reason logged. */
__attribute__((warn_unused_result)) int view_init(const char *assets_dir);
void view_shutdown(void);

/*
 * Renders templates/NAME.mustache with model into out. Partials and parents
 * ({{>name}}, {{<layout}}) are other templates by name. Returns 0, or -1
 * (unknown template, or out's limit reached), logged.
 */
__attribute__((warn_unused_result)) int view_render(const char *name, json_t *model, struct buf *out);

struct view_file {
	const unsigned char *data;
	size_t len;
	const char *content_type;
	const char *etag; /* quoted strong validator */
};

/*
 * Finds static/PATH. Paths with "..", empty segments or characters outside
 * [A-Za-z0-9._/-] are refused. From disk, the bytes live in the arena.
 * Returns 0, or -1 when there is no such file.
 */
__attribute__((warn_unused_result)) int view_static(const char *path, struct arena *a, struct view_file *f);

#endif
