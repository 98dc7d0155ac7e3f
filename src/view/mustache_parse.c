/*
 * mustache_parse: the parser of the template engine (see mustache.h); the
 * renderer is mustache_render.c, the tree they share mustache_int.h.
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
 */
#include "view/mustache.h"
#include "view/mustache_int.h"

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
