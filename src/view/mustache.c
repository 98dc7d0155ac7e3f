/*
 * mustache: parser and renderer of the template engine (see mustache.h).
 *
 * Parsing takes three passes over the source:
 * 1. tokenize: find the tags, apply delimiter changes, check every name and
 *    the pairing of opening and closing tags (all syntax errors come from
 *    here);
 * 2. standalone: mark the tags that stand alone on their line; such a line
 *    (its indentation and newline) is left out of the output;
 * 3. build: turn the text between the tags and the tags themselves into a
 *    flat array of nodes, where a container (section, parent, block) is
 *    followed by its children and records the index past its last child.
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

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/xalloc.h"

#define DELIM_MAX 16 /* longest custom delimiter */
#define NAME_MAX_LEN 1024 /* longest tag name */

enum tok_kind {
	TOK_VAR, /* {{name}} */
	TOK_RAW, /* {{{name}}} or {{&name}} */
	TOK_SECTION, /* {{#name}} */
	TOK_INVERTED, /* {{^name}} */
	TOK_CLOSE, /* {{/name}} */
	TOK_PARTIAL, /* {{>name}} */
	TOK_PARENT, /* {{<name}} */
	TOK_BLOCK, /* {{$name}} */
	TOK_COMMENT, /* {{! text}} */
	TOK_DELIM, /* {{=open close=}} */
};

struct token {
	enum tok_kind kind;
	size_t start, end; /* the tag in the source, delimiters included */
	size_t eff_start, eff_end; /* what the tag consumes: its whole line when standalone */
	size_t ls; /* standalone: start of the tag's line */
	size_t name, name_len; /* trimmed content, as an offset into the source */
	size_t match; /* open and close tags: index of the other one */
	int line; /* 1-based line of the tag's start */
	int standalone; /* the tag's line is removed from the output */
};

enum node_type {
	N_TEXT, /* literal bytes */
	N_INDENT, /* a line start: writes the indentation chain */
	N_VAR, /* escaped interpolation */
	N_RAW, /* raw interpolation */
	N_SECTION, /* container */
	N_INVERTED, /* container */
	N_PARTIAL, /* partial by name */
	N_PARENT, /* container: its block children are the arguments */
	N_BLOCK, /* container: the default content */
};

struct node {
	uint8_t type; /* enum node_type */
	uint8_t standalone; /* partial, parent, block: the tag stands alone */
	uint16_t nparts; /* var, section: parts of a dotted name, 0 for "." */
	uint32_t end; /* containers: index past the last child */
	uint32_t off, len; /* text: bytes in strs; others: NUL-terminated name in strs */
	uint32_t ind, ind_len; /* standalone partial, parent, block: indentation to add */
};

struct mustache_tpl {
	char *strs; /* a copy of the source, followed by the names */
	struct node *nodes; /* the template, containers followed by their children */
	size_t n; /* number of nodes */
};

struct parser {
	const char *src; /* the template's own copy of the source */
	size_t len; /* source length */
	struct token *toks; /* tags in source order */
	size_t ntoks, captoks; /* used and allocated tokens */
	struct mustache_tpl *t; /* the template being built */
	size_t capnodes; /* allocated nodes */
	size_t strs_len; /* bytes used in t->strs */
	size_t strip, strip_len; /* indentation stripped from each line (source bytes) */
	char *err; /* caller's message buffer, may be NULL */
	size_t errlen; /* its size */
};

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

/* Writes "line N: ..." to the caller's buffer; a truncated message is acceptable. */
__attribute__((format(printf, 3, 4))) static void
fail(struct parser *ps, int line, const char *fmt, ...)
{
	va_list ap;
	int n;

	if (ps->err == NULL || ps->errlen == 0)
		return;
	n = snprintf(ps->err, ps->errlen, "line %d: ", line);
	if (n < 0 || (size_t)n >= ps->errlen)
		return;
	va_start(ap, fmt);
	if (vsnprintf(ps->err + n, ps->errlen - (size_t)n, fmt, ap) < 0)
		ps->err[0] = '\0';
	va_end(ap);
}

static int
is_blank(char c)
{
	return c == ' ' || c == '\t';
}

static int
is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f';
}

/* Names quoted in messages are cut to this many bytes. */
static int
quote_len(size_t n)
{
	return n > 40 ? 40 : (int)n;
}

/* Checks a tag name: no blanks inside; dotted names have no empty part. */
static int
name_ok(enum tok_kind kind, const char *s, size_t n)
{
	size_t i;

	if (n == 0 || n > NAME_MAX_LEN)
		return 0;
	for (i = 0; i < n; i++)
		if (is_space(s[i]))
			return 0;
	if (kind == TOK_PARTIAL || kind == TOK_PARENT || kind == TOK_BLOCK || kind == TOK_CLOSE)
		return 1;
	if (n == 1 && s[0] == '.')
		return 1;
	if (s[0] == '.' || s[n - 1] == '.')
		return 0;
	for (i = 1; i < n; i++)
		if (s[i] == '.' && s[i - 1] == '.')
			return 0;
	return 1;
}

/*
 * Reads the new delimiters of "{{=open close=}}" from the content between
 * the two '=' signs. Returns 0, or -1 when there are not exactly two words
 * without '=' of at most DELIM_MAX bytes.
 */
static int
parse_delims(const char *s, size_t n, char *otag, size_t *olen, char *ctag, size_t *clen)
{
	size_t i = 0, a, b, c, d;

	while (i < n && is_space(s[i]))
		i++;
	a = i;
	while (i < n && !is_space(s[i]))
		i++;
	b = i;
	while (i < n && is_space(s[i]))
		i++;
	c = i;
	while (i < n && !is_space(s[i]))
		i++;
	d = i;
	while (i < n && is_space(s[i]))
		i++;
	if (i != n || a == b || c == d || b - a > DELIM_MAX || d - c > DELIM_MAX)
		return -1;
	if (memchr(s + a, '=', b - a) || memchr(s + c, '=', d - c))
		return -1;
	memcpy(otag, s + a, b - a);
	*olen = b - a;
	memcpy(ctag, s + c, d - c);
	*clen = d - c;
	return 0;
}

/* The kind of tag whose content starts with c (TOK_VAR: no sigil). */
static enum tok_kind
sigil_kind(char c)
{
	switch (c) {
	case '&': return TOK_RAW;
	case '#': return TOK_SECTION;
	case '^': return TOK_INVERTED;
	case '/': return TOK_CLOSE;
	case '>': return TOK_PARTIAL;
	case '<': return TOK_PARENT;
	case '$': return TOK_BLOCK;
	case '!': return TOK_COMMENT;
	default: return TOK_VAR;
	}
}

static void
token_add(struct parser *ps, const struct token *tk)
{
	if (ps->ntoks == ps->captoks) {
		ps->captoks = ps->captoks ? ps->captoks * 2 : 64;
		ps->toks = xrealloc(ps->toks, ps->captoks * sizeof(*ps->toks));
	}
	ps->toks[ps->ntoks++] = *tk;
}

/*
 * Pass 1: splits the source into tags, applying delimiter changes, and pairs
 * every opening tag with its closing tag. Returns 0 or -1 with a message.
 */
static int
tokenize(struct parser *ps)
{
	const char *src = ps->src;
	char otag[DELIM_MAX] = "{{", ctag[DELIM_MAX] = "}}";
	size_t olen = 2, clen = 2, pos = 0, counted = 0;
	size_t stack[MUSTACHE_NEST_MAX];
	size_t depth = 0;
	int line = 1;

	for (;;) {
		const char *hit = memmem(src + pos, ps->len - pos, otag, olen);
		struct token tk = {0};
		const char *close;
		size_t p, cs, ce, skip;
		char tail[DELIM_MAX + 2];

		if (hit == NULL)
			break;
		tk.start = (size_t)(hit - src);
		for (; counted < tk.start; counted++)
			if (src[counted] == '\n')
				line++;
		tk.line = line;
		p = tk.start + olen;
		/* The content ends at ctag, or at "}"ctag / "="ctag for {{{ and {{=. */
		skip = 0;
		tk.kind = TOK_VAR;
		if (p < ps->len && (src[p] == '{' || src[p] == '=')) {
			tail[0] = src[p] == '{' ? '}' : '=';
			memcpy(tail + 1, ctag, clen);
			tk.kind = src[p] == '{' ? TOK_RAW : TOK_DELIM;
			p++;
			skip = 1;
		}
		close = memmem(src + p, ps->len - p, skip ? tail : ctag, clen + skip);
		if (close == NULL) {
			fail(ps, line, "unclosed tag");
			return -1;
		}
		cs = p;
		ce = (size_t)(close - src);
		tk.end = ce + skip + clen;
		if (tk.kind == TOK_DELIM) {
			if (parse_delims(src + cs, ce - cs, otag, &olen, ctag, &clen) < 0) {
				fail(ps, line, "bad delimiter change");
				return -1;
			}
			token_add(ps, &tk);
			pos = tk.end;
			continue;
		}
		if (tk.kind == TOK_VAR && cs < ce) {
			tk.kind = sigil_kind(src[cs]);
			if (tk.kind != TOK_VAR)
				cs++;
		}
		pos = tk.end;
		if (tk.kind == TOK_COMMENT) {
			token_add(ps, &tk);
			continue;
		}
		while (cs < ce && is_space(src[cs]))
			cs++;
		while (ce > cs && is_space(src[ce - 1]))
			ce--;
		tk.name = cs;
		tk.name_len = ce - cs;
		if (tk.name_len == 0) {
			fail(ps, line, "empty tag");
			return -1;
		}
		if (!name_ok(tk.kind, src + cs, ce - cs)) {
			fail(ps, line, "invalid name \"%.*s\"", quote_len(ce - cs), src + cs);
			return -1;
		}
		switch (tk.kind) {
		case TOK_SECTION:
		case TOK_INVERTED:
		case TOK_PARENT:
		case TOK_BLOCK:
			if (depth == MUSTACHE_NEST_MAX) {
				fail(ps, line, "sections nested deeper than %d", MUSTACHE_NEST_MAX);
				return -1;
			}
			stack[depth++] = ps->ntoks;
			break;
		case TOK_CLOSE: {
			struct token *open;

			if (depth == 0) {
				fail(ps, line, "closing tag \"%.*s\" without an opening tag",
				     quote_len(tk.name_len), src + tk.name);
				return -1;
			}
			open = &ps->toks[stack[depth - 1]];
			if (open->name_len != tk.name_len ||
			    memcmp(src + open->name, src + tk.name, tk.name_len)) {
				fail(ps, line,
				     "closing tag \"%.*s\" does not match \"%.*s\" opened on line %d",
				     quote_len(tk.name_len), src + tk.name, quote_len(open->name_len),
				     src + open->name, open->line);
				return -1;
			}
			open->match = ps->ntoks;
			tk.match = stack[--depth];
			break;
		}
		default: break;
		}
		token_add(ps, &tk);
	}
	if (depth > 0) {
		const struct token *open = &ps->toks[stack[depth - 1]];

		fail(ps, open->line, "unclosed section \"%.*s\"", quote_len(open->name_len),
		     src + open->name);
		return -1;
	}
	return 0;
}

/* Tags that may stand alone on a line and then take the line with them. */
static int
can_stand_alone(enum tok_kind kind)
{
	return kind != TOK_VAR && kind != TOK_RAW;
}

/* Start of the line holding `at` if only blanks precede `at` on it, else SIZE_MAX. */
static size_t
blank_before(const char *src, size_t at)
{
	while (at > 0 && is_blank(src[at - 1]))
		at--;
	return at == 0 || src[at - 1] == '\n' ? at : SIZE_MAX;
}

/*
 * Past the newline ending the line of `at` if only blanks follow `at` on it,
 * else SIZE_MAX; *nl is where the newline (or the end) begins.
 */
static size_t
blank_after(const char *src, size_t len, size_t at, size_t *nl)
{
	while (at < len && is_blank(src[at]))
		at++;
	*nl = at;
	if (at == len)
		return len;
	if (src[at] == '\n')
		return at + 1;
	if (src[at] == '\r' && at + 1 < len && src[at + 1] == '\n')
		return at + 2;
	return SIZE_MAX;
}

/*
 * Two adjacent tags that stand alone together (inheritance spec): a parent
 * and its close, a parent and its first block, a block's close and its
 * parent's close (1), or a block and its close (2: the newline is kept).
 */
static int
pair_kind(const struct token *toks, size_t i)
{
	const struct token *a = &toks[i], *b = &toks[i + 1];

	if (a->end != b->start)
		return 0;
	if (a->kind == TOK_PARENT && b->kind == TOK_CLOSE && a->match == i + 1)
		return 1;
	if (a->kind == TOK_BLOCK && b->kind == TOK_CLOSE && a->match == i + 1)
		return 2;
	if (a->kind == TOK_PARENT && b->kind == TOK_BLOCK)
		return 1;
	if (a->kind == TOK_CLOSE && b->kind == TOK_CLOSE && toks[a->match].kind == TOK_BLOCK &&
	    toks[b->match].kind == TOK_PARENT)
		return 1;
	return 0;
}

/* Pass 2: marks standalone tags and the source range each tag consumes. */
static void
mark_standalone(struct parser *ps)
{
	size_t i, ls, le, nl;
	int pk;

	for (i = 0; i < ps->ntoks; i++) {
		ps->toks[i].eff_start = ps->toks[i].start;
		ps->toks[i].eff_end = ps->toks[i].end;
	}
	for (i = 0; i < ps->ntoks; i++) {
		struct token *a = &ps->toks[i], *b;

		if (!can_stand_alone(a->kind) || (ls = blank_before(ps->src, a->start)) == SIZE_MAX)
			continue;
		le = blank_after(ps->src, ps->len, a->end, &nl);
		if (le != SIZE_MAX) {
			a->standalone = 1;
			a->ls = a->eff_start = ls;
			a->eff_end = le;
			continue;
		}
		if (i + 1 == ps->ntoks || (pk = pair_kind(ps->toks, i)) == 0)
			continue;
		b = &ps->toks[i + 1];
		le = blank_after(ps->src, ps->len, b->end, &nl);
		if (le == SIZE_MAX)
			continue;
		a->standalone = b->standalone = 1;
		a->ls = a->eff_start = ls;
		b->ls = b->start;
		b->eff_end = pk == 2 ? nl : le;
		i++;
	}
}

static size_t
node_add(struct parser *ps, enum node_type type)
{
	struct mustache_tpl *t = ps->t;

	if (t->n == ps->capnodes) {
		ps->capnodes = ps->capnodes ? ps->capnodes * 2 : 64;
		t->nodes = xrealloc(t->nodes, ps->capnodes * sizeof(*t->nodes));
	}
	memset(&t->nodes[t->n], 0, sizeof(t->nodes[t->n]));
	t->nodes[t->n].type = (uint8_t)type;
	return t->n++;
}

/* Copies a token's name, NUL-terminated, after the source in strs. */
static void
node_name(struct parser *ps, size_t idx, const struct token *tk)
{
	struct node *nd = &ps->t->nodes[idx];
	size_t i;

	memcpy(ps->t->strs + ps->strs_len, ps->src + tk->name, tk->name_len);
	ps->t->strs[ps->strs_len + tk->name_len] = '\0';
	nd->off = (uint32_t)ps->strs_len;
	nd->len = (uint32_t)tk->name_len;
	ps->strs_len += tk->name_len + 1;
	if (tk->name_len == 1 && ps->src[tk->name] == '.')
		return;
	nd->nparts = 1;
	for (i = 0; i < tk->name_len; i++)
		if (ps->src[tk->name + i] == '.')
			nd->nparts++;
}

/* Length of the common run of blanks at a and b. */
static size_t
common_blanks(const char *a, size_t alen, const char *b, size_t blen)
{
	size_t k = 0;

	while (k < alen && k < blen && a[k] == b[k] && is_blank(a[k]))
		k++;
	return k;
}

/* Sets a node's indentation to src[from, to) less the stripped indentation. */
static void
node_indent(struct parser *ps, size_t idx, size_t from, size_t to)
{
	struct node *nd = &ps->t->nodes[idx];
	size_t k = common_blanks(ps->src + from, to - from, ps->src + ps->strip, ps->strip_len);

	nd->standalone = 1;
	nd->ind = (uint32_t)(from + k);
	nd->ind_len = (uint32_t)(to - from - k);
}

/*
 * Handles the line start at p (text before `to` only): skips the stripped
 * indentation and adds an INDENT unless the line is empty. Returns the
 * position after the skipped blanks.
 */
static size_t
line_start(struct parser *ps, size_t p, size_t to)
{
	const char *src = ps->src;

	p += common_blanks(src + p, to - p, src + ps->strip, ps->strip_len);
	if (p < ps->len && src[p] != '\n' && !(src[p] == '\r' && p + 1 < ps->len && src[p + 1] == '\n'))
		node_add(ps, N_INDENT);
	return p;
}

/*
 * Adds the text in [from, to) as one TEXT node per line, with an INDENT at
 * each line start; `tag_follows` says a kept tag begins at `to`, which then
 * gets an INDENT if it starts a line.
 */
static void
add_text(struct parser *ps, size_t from, size_t to, int tag_follows)
{
	const char *src = ps->src;
	size_t p = from;

	while (p < to) {
		const char *nl;
		size_t q, idx;

		if (p == 0 || src[p - 1] == '\n') {
			p = line_start(ps, p, to);
			if (p >= to)
				break;
		}
		nl = memchr(src + p, '\n', to - p);
		q = nl ? (size_t)(nl - src) + 1 : to;
		idx = node_add(ps, N_TEXT);
		ps->t->nodes[idx].off = (uint32_t)p;
		ps->t->nodes[idx].len = (uint32_t)(q - p);
		p = q;
	}
	if (tag_follows && p == to && (to == 0 || src[to - 1] == '\n'))
		line_start(ps, to, to);
}

/* Open container while building, with the strip in effect around it. */
struct open_frame {
	size_t node; /* the container's node */
	size_t strip, strip_len; /* strip to restore at its close */
};

/*
 * For a standalone block tag: the indentation of its first content line
 * becomes the block's strip, and the site's indentation is that one (or the
 * tag's own when the first line has none), less the enclosing strip.
 */
static void
block_indent(struct parser *ps, size_t idx, const struct token *tk)
{
	const char *src = ps->src;
	size_t from = tk->eff_end, to = ps->toks[tk->match].eff_start, w = from;

	while (w < to && is_blank(src[w]))
		w++;
	if (from < to && w < to && src[w] != '\n' && src[w] != '\r') {
		if (w > from)
			node_indent(ps, idx, from, w);
		else
			node_indent(ps, idx, tk->ls, tk->start);
		ps->strip = from;
		ps->strip_len = w - from;
		return;
	}
	node_indent(ps, idx, tk->ls, tk->start);
}

/* Pass 3: builds the nodes from the tokens. */
static void
build(struct parser *ps)
{
	struct open_frame stack[MUSTACHE_NEST_MAX];
	size_t depth = 0, cursor = 0, i, idx;
	static const enum node_type kinds[] = {
		[TOK_VAR] = N_VAR,           [TOK_RAW] = N_RAW,         [TOK_SECTION] = N_SECTION,
		[TOK_INVERTED] = N_INVERTED, [TOK_PARTIAL] = N_PARTIAL, [TOK_PARENT] = N_PARENT,
		[TOK_BLOCK] = N_BLOCK,
	};

	for (i = 0; i < ps->ntoks; i++) {
		const struct token *tk = &ps->toks[i];

		add_text(ps, cursor, tk->eff_start, !tk->standalone);
		cursor = tk->eff_end;
		if (tk->kind == TOK_COMMENT || tk->kind == TOK_DELIM)
			continue;
		if (tk->kind == TOK_CLOSE) {
			depth--;
			ps->t->nodes[stack[depth].node].end = (uint32_t)ps->t->n;
			ps->strip = stack[depth].strip;
			ps->strip_len = stack[depth].strip_len;
			continue;
		}
		idx = node_add(ps, kinds[tk->kind]);
		node_name(ps, idx, tk);
		if (tk->kind == TOK_VAR || tk->kind == TOK_RAW)
			continue;
		if (tk->standalone && (tk->kind == TOK_PARTIAL || tk->kind == TOK_PARENT))
			node_indent(ps, idx, tk->ls, tk->start);
		if (tk->kind == TOK_PARTIAL)
			continue;
		stack[depth].node = idx;
		stack[depth].strip = ps->strip;
		stack[depth].strip_len = ps->strip_len;
		depth++;
		if (tk->standalone && tk->kind == TOK_BLOCK)
			block_indent(ps, idx, tk);
	}
	add_text(ps, cursor, ps->len, 0);
}

struct mustache_tpl *
mustache_parse(const char *src, size_t len, char *err, size_t errlen)
{
	struct parser ps = {0};
	struct mustache_tpl *t = NULL;

	ps.err = err;
	ps.errlen = errlen;
	if (err && errlen)
		err[0] = '\0';
	if (len > MUSTACHE_SRC_MAX) {
		fail(&ps, 1, "template larger than %zu bytes", MUSTACHE_SRC_MAX);
		return NULL;
	}
	t = xcalloc(1, sizeof(*t));
	/* The names, each NUL-terminated, never take more room than the source. */
	t->strs = xmalloc(2 * len + 2);
	if (len)
		memcpy(t->strs, src, len);
	t->strs[len] = '\0';
	ps.strs_len = len + 1;
	ps.src = t->strs;
	ps.len = len;
	ps.t = t;
	if (tokenize(&ps) < 0) {
		mustache_free(t);
		t = NULL;
		goto out;
	}
	mark_standalone(&ps);
	build(&ps);
	/* Renders do pointer arithmetic on nodes, even for an empty template. */
	if (t->nodes == NULL)
		t->nodes = xmalloc(sizeof(*t->nodes));
out:
	free(ps.toks);
	return t;
}

void
mustache_free(struct mustache_tpl *t)
{
	if (t == NULL)
		return;
	free(t->strs);
	free(t->nodes);
	free(t);
}

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
