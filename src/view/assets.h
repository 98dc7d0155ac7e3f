/*
 * assets: the templates and static files built into the binary by
 * tools/embed.py. Each data array is NUL-terminated one byte past len.
 */
#ifndef SVODKA_VIEW_ASSETS_H
#define SVODKA_VIEW_ASSETS_H

#include <stddef.h>

struct view_asset {
	const char *path; /* relative to the source root: "templates/home.mustache" */
	const unsigned char *data;
	size_t len;
};

extern const struct view_asset view_assets[];
extern const size_t view_nassets;

#endif
