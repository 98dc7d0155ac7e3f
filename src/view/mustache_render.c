/*
 * mustache_render: the renderer of the template engine (see mustache.h),
 * over the tree mustache_parse.c builds (mustache_int.h).
 *
 * Indentation: every kept line start of the template becomes an INDENT node.
 * At render time an INDENT writes the indentation chain in effect, which
 * standalone partials, parents and blocks extend; at top level the chain is
 * empty, so INDENT writes nothing. Inside a block whose opening tag stands
 * alone, the block's own indentation (that of its first line) is stripped
 * from each line at parse time and the indentation of the site where the
 * block is expanded is added back at render time.
 *
 * Rendering keeps its whole state (context stack, indentation chain, block
 * overrides) in small structs on the C stack, so it allocates nothing but
 * the output and is safe to run from many threads on one template.
 */
#include "view/mustache.h"
#include "view/mustache_int.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A frame of the context stack. */
struct ctx {
	const json_t *v; /* the value */
	const struct ctx *up; /* the frame below, NULL at the root */
};

/* One piece of the indentation chain; the pieces are written outermost first. */
struct chain {
	const char *s; /* indentation bytes */
	size_t n; /* their number */
	const struct chain *up; /* the enclosing piece */
};

/* The arguments of one parent being expanded. */
struct scope {
	const struct mustache_tpl *t; /* the template holding the parent tag */
	const struct node *parent; /* the parent node, whose block children are the arguments */
	const struct scope *up; /* the enclosing parent expansion */
};

struct render {
	struct buf *out; /* output */
	const struct mustache_partials *p; /* partial lookup, may be NULL */
	long steps; /* nodes visited so far */
	int depth; /* partials, parents and blocks being expanded */
	int nest; /* containers being rendered */
};

static int render_range(struct render *r, const struct mustache_tpl *t, const struct node *nd,
			const struct node *end, const struct ctx *cx, const struct chain *ch,
			const struct scope *sc);

/* The node after `nd` and its children. */
static const struct node *
next_node(const struct mustache_tpl *t, const struct node *nd)
{
	switch (nd->type) {
	case N_SECTION:
	case N_INVERTED:
	case N_PARENT:
	case N_BLOCK: return t->nodes + nd->end;
	default: return nd + 1;
	}
}

/*
 * A decimal part of a dotted name indexes an array, as in mustache.js:
 * {{#list.0}}…{{/list.0}} renders when the list has a first element.
 */
static const json_t *
array_index(const json_t *arr, const char *s, size_t n)
{
	size_t i, idx = 0;

	if (n == 0 || n > 9)
		return NULL;
	for (i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return NULL;
		idx = idx * 10 + (size_t)(s[i] - '0');
	}
	return json_array_get(arr, idx);
}

/*
 * Resolves a (dotted) name against the context stack: the first part in the
 * nearest frame that has it, the others inside the value found. Returns
 * NULL when the name is missing.
 */
static const json_t *
resolve(const struct mustache_tpl *t, const struct node *nd, const struct ctx *cx)
{
	const char *name = t->strs + nd->off, *dot;
	size_t left = nd->len, plen;
	const json_t *v = NULL;

	if (nd->nparts == 0)
		return cx->v;
	dot = memchr(name, '.', left);
	plen = dot ? (size_t)(dot - name) : left;
	for (; cx; cx = cx->up)
		if (json_is_object(cx->v) && (v = json_object_getn(cx->v, name, plen)) != NULL)
			break;
	while (v && dot) {
		name = dot + 1;
		left -= plen + 1;
		dot = memchr(name, '.', left);
		plen = dot ? (size_t)(dot - name) : left;
		if (json_is_object(v))
			v = json_object_getn(v, name, plen);
		else if (json_is_array(v))
			v = array_index(v, name, plen);
		else
			v = NULL;
	}
	return v;
}

static int
truthy(const json_t *v)
{
	if (v == NULL)
		return 0;
	switch (json_typeof(v)) {
	case JSON_NULL:
	case JSON_FALSE: return 0;
	case JSON_STRING: return json_string_length(v) > 0;
	case JSON_ARRAY: return json_array_size(v) > 0;
	default: return 1;
	}
}

/* Prints a double in the shortest %g form that reads back to the same value. */
static size_t
format_real(char *s, size_t size, double d)
{
	int prec, n = 0;

	for (prec = 15; prec <= 17; prec++) {
		n = snprintf(s, size, "%.*g", prec, d);
		if (n < 0 || (size_t)n >= size) {
			s[0] = '\0';
			return 0;
		}
		if (strtod(s, NULL) == d)
			break;
	}
	return (size_t)n;
}

/* Writes an interpolated value, HTML-escaped unless raw. */
static int
put_value(struct buf *out, const json_t *v, int raw)
{
	char num[64];
	const char *s;
	size_t n;
	int k;

	switch (json_typeof(v)) {
	case JSON_STRING:
		s = json_string_value(v);
		n = json_string_length(v);
		break;
	case JSON_INTEGER:
		k = snprintf(num, sizeof(num), "%" JSON_INTEGER_FORMAT, json_integer_value(v));
		if (k < 0 || (size_t)k >= sizeof(num))
			return -1;
		s = num;
		n = (size_t)k;
		break;
	case JSON_REAL:
		n = format_real(num, sizeof(num), json_real_value(v));
		s = num;
		break;
	case JSON_TRUE:
		s = "true";
		n = 4;
		break;
	case JSON_FALSE:
		s = "false";
		n = 5;
		break;
	default: return 0;
	}
	return raw ? buf_add(out, s, n) : buf_add_html(out, s, n);
}

/* Writes the indentation chain, outermost piece first. */
static int
put_chain(struct buf *out, const struct chain *ch)
{
	if (ch == NULL)
		return 0;
	if (put_chain(out, ch->up) < 0)
		return -1;
	return buf_add(out, ch->s, ch->n);
}

/*
 * Finds the argument for block `name`: the outermost parent expansion that
 * passes one wins. Returns the block node and sets *tp to its template, or
 * returns NULL.
 */
static const struct node *
find_override(const struct scope *sc, const char *name, const struct mustache_tpl **tp)
{
	const struct node *c, *end, *hit;

	if (sc == NULL)
		return NULL;
	if ((hit = find_override(sc->up, name, tp)) != NULL)
		return hit;
	end = sc->t->nodes + sc->parent->end;
	for (c = sc->parent + 1; c < end; c = next_node(sc->t, c)) {
		if (c->type == N_BLOCK && strcmp(sc->t->strs + c->off, name) == 0) {
			*tp = sc->t;
			return c;
		}
	}
	return NULL;
}

/* Renders the children of a section once per element or once for the value. */
static int
render_section(struct render *r, const struct mustache_tpl *t, const struct node *nd, const struct ctx *cx,
	       const struct chain *ch, const struct scope *sc)
{
	const json_t *v = resolve(t, nd, cx);
	const struct node *first = nd + 1, *end = t->nodes + nd->end;
	struct ctx top = {v, cx};
	size_t i;

	if (nd->type == N_INVERTED)
		return truthy(v) ? 0 : render_range(r, t, first, end, cx, ch, sc);
	if (!truthy(v))
		return 0;
	if (!json_is_array(v))
		return render_range(r, t, first, end, &top, ch, sc);
	for (i = 0; i < json_array_size(v); i++) {
		if (++r->steps > MUSTACHE_STEPS_MAX)
			return -1;
		top.v = json_array_get(v, i);
		if (render_range(r, t, first, end, &top, ch, sc) < 0)
			return -1;
	}
	return 0;
}

/*
 * Expands a partial or a parent: looks the template up by name (missing
 * renders nothing) and renders it whole, indented when the tag stood alone.
 */
static int
render_partial(struct render *r, const struct mustache_tpl *t, const struct node *nd, const struct ctx *cx,
	       const struct chain *ch, const struct scope *sc)
{
	const struct mustache_tpl *pt;
	struct chain piece = {t->strs + nd->ind, nd->ind_len, ch};
	struct scope args = {t, nd, sc};
	int rc;

	if (r->p == NULL || r->p->lookup == NULL)
		return 0;
	pt = r->p->lookup(r->p->ctx, t->strs + nd->off);
	if (pt == NULL)
		return 0;
	if (r->depth >= MUSTACHE_DEPTH_MAX)
		return -1;
	r->depth++;
	rc = render_range(r, pt, pt->nodes, pt->nodes + pt->n, cx,
			  !nd->standalone ? NULL
			  : nd->ind_len   ? &piece
					  : ch,
			  nd->type == N_PARENT ? &args : sc);
	r->depth--;
	return rc;
}

/*
 * Expands a block: the outermost argument passed for it, else its default
 * content. A standalone block indents the content by its site's
 * indentation; an argument at an inline site is not indented at all.
 */
static int
render_block(struct render *r, const struct mustache_tpl *t, const struct node *nd, const struct ctx *cx,
	     const struct chain *ch, const struct scope *sc)
{
	const struct mustache_tpl *bt = t;
	const struct node *b = find_override(sc, t->strs + nd->off, &bt);
	const struct node *first, *end;
	struct chain piece = {t->strs + nd->ind, nd->ind_len, ch};
	const struct chain *nch;
	int rc;

	if (b == NULL)
		b = nd;
	first = b + 1;
	end = bt->nodes + b->end;
	if (nd->standalone) {
		nch = nd->ind_len ? &piece : ch;
		if (first < end && first->type != N_INDENT && put_chain(r->out, nch) < 0)
			return -1;
	} else {
		nch = b == nd ? ch : NULL;
	}
	if (r->depth >= MUSTACHE_DEPTH_MAX)
		return -1;
	r->depth++;
	rc = render_range(r, bt, first, end, cx, nch, sc);
	r->depth--;
	return rc;
}

/* Renders the nodes [nd, end) of template t. */
static int
render_range(struct render *r, const struct mustache_tpl *t, const struct node *nd, const struct node *end,
	     const struct ctx *cx, const struct chain *ch, const struct scope *sc)
{
	const json_t *v;
	int rc = 0;

	if (r->nest >= MUSTACHE_RENDER_NEST_MAX)
		return -1;
	r->nest++;
	for (; nd < end && rc == 0; nd = next_node(t, nd)) {
		if (++r->steps > MUSTACHE_STEPS_MAX) {
			rc = -1;
			break;
		}
		switch (nd->type) {
		case N_TEXT: rc = buf_add(r->out, t->strs + nd->off, nd->len); break;
		case N_INDENT: rc = put_chain(r->out, ch); break;
		case N_VAR:
		case N_RAW:
			v = resolve(t, nd, cx);
			if (v != NULL)
				rc = put_value(r->out, v, nd->type == N_RAW);
			break;
		case N_SECTION:
		case N_INVERTED: rc = render_section(r, t, nd, cx, ch, sc); break;
		case N_PARTIAL:
		case N_PARENT: rc = render_partial(r, t, nd, cx, ch, sc); break;
		case N_BLOCK: rc = render_block(r, t, nd, cx, ch, sc); break;
		default: abort();
		}
	}
	r->nest--;
	return rc < 0 ? -1 : 0;
}

int
mustache_render(const struct mustache_tpl *t, const json_t *data, const struct mustache_partials *p,
		struct buf *out)
{
	struct render r = {out, p, 0, 0, 0};
	struct ctx root = {data, NULL};

	return render_range(&r, t, t->nodes, t->nodes + t->n, &root, NULL, NULL);
}
