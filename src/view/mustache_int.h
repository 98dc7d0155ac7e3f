/*
 * mustache_int: what the parser (mustache_parse.c) and the renderer
 * (mustache_render.c) share and nobody else sees: the parsed template, a
 * flat array of nodes in which a container (section, inverted section,
 * parent, block) is followed by its children and records the index past its
 * last child. The parser builds it once; the renderer only reads it.
 */
#ifndef SVODKA_VIEW_MUSTACHE_INT_H
#define SVODKA_VIEW_MUSTACHE_INT_H

#include <stddef.h>
#include <stdint.h>

#include "view/mustache.h"

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

#endif
