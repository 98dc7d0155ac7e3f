/*
 * mustache: svodka's own mustache template engine. A template is parsed once
 * (at server start) into an immutable tree and rendered many times, from
 * several threads at once, against a jansson model. It implements the
 * official spec (comments, delimiters, interpolation, inverted, partials,
 * sections) and template inheritance (parents {{<name}} and blocks
 * {{$name}}); lambdas are not supported.
 *
 * Invariants:
 * - A parsed template is never modified: mustache_render() only reads it,
 *   keeps all its state on the caller's stack and touches no global mutable
 *   state, so any number of threads may render the same template at once.
 *   The model is only read too (no reference counts change).
 * - {{name}} is HTML-escaped (& < > " ' ` =, see buf_add_html()); only
 *   {{{name}}} and {{& name}} write raw text, so raw output is greppable.
 * - Rendering is bounded: the output never passes the buffer's max, partials,
 *   parents and blocks nest at most MUSTACHE_DEPTH_MAX deep, all containers
 *   together at most MUSTACHE_RENDER_NEST_MAX deep (this bounds the C stack
 *   a render uses), and one render takes at most MUSTACHE_STEPS_MAX steps
 *   (node visits plus section iterations); passing any limit makes
 *   mustache_render() return -1.
 *
 * Values: a missing name, null and false render as the empty string; true
 * and false render as "true" / "false" when interpolated; integers print
 * as integers, reals in the shortest form that reads back to the same double
 * ("1.21", "5" for 5.0); objects and arrays interpolate as the empty string.
 * Sections treat a missing name, null, false, "" and [] as false (the empty
 * string is false, as in mustache.js, so {{#error}}...{{/error}} works);
 * an array repeats the section once per element, any other value renders it
 * once with the value pushed on the context stack.
 *
 * Partials and parents are resolved by name at render time through the
 * caller's lookup; a name the lookup does not know renders as nothing.
 */
#ifndef SVODKA_VIEW_MUSTACHE_H
#define SVODKA_VIEW_MUSTACHE_H

#include <stddef.h>

#include <jansson.h>

#include "util/buf.h"

/* Deepest nesting of partials, parents and blocks inside one render. */
#define MUSTACHE_DEPTH_MAX 64
/* Deepest nesting of sections, parents and blocks inside one template. */
#define MUSTACHE_NEST_MAX 100
/* Deepest nesting of sections, partials, parents and blocks in one render. */
#define MUSTACHE_RENDER_NEST_MAX 256
/* Most steps (node visits and section iterations) of one render. */
#define MUSTACHE_STEPS_MAX (1L << 24)
/* Largest template source accepted by mustache_parse(). */
#define MUSTACHE_SRC_MAX ((size_t)1 << 24)

struct mustache_tpl;

/*
 * Maps a partial or parent name to a parsed template. lookup() returns NULL
 * for an unknown name and must be safe to call from several threads at once;
 * the templates it returns must outlive the render.
 */
struct mustache_partials {
	const struct mustache_tpl *(*lookup)(void *ctx, const char *name);
	void *ctx; /* handed to lookup() unchanged */
};

/*
 * Parses `len` bytes of `src` (need not be NUL-terminated; the template keeps
 * its own copy). Returns a new template that the caller frees with
 * mustache_free(), or NULL on a syntax error (unclosed tag or section,
 * mismatched or stray closing tag, bad delimiter change, empty or invalid
 * name, nesting deeper than MUSTACHE_NEST_MAX, source over MUSTACHE_SRC_MAX)
 * with a message "line N: ..." written to err (if err is not NULL).
 */
__attribute__((warn_unused_result)) struct mustache_tpl *mustache_parse(const char *src, size_t len,
									char *err, size_t errlen);

/* Frees a template; NULL is a no-op. */
void mustache_free(struct mustache_tpl *t);

/*
 * Renders `t` against `data` (the root of the context stack), appending the
 * text to `out`. `p` may be NULL (every partial is then missing). Returns 0,
 * or -1 when out's max or one of the MUSTACHE_*_MAX render limits is passed;
 * on -1 `out` holds a partial page that the caller must discard.
 */
__attribute__((warn_unused_result)) int mustache_render(const struct mustache_tpl *t, const json_t *data,
							const struct mustache_partials *p, struct buf *out);

#endif
