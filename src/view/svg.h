/*
 * svg: the dashboard's charts drawn on the server as inline SVG markup, so
 * they show without JavaScript and print (colour or greyscale) like the
 * rest of the page: horizontal bars with labels and values, a grid of
 * coloured cells with a legend (the status of each municipality), and a
 * timeline with one bar per day.
 *
 * Invariants: every piece of text that reaches the markup (labels, hover
 * titles, links, colours) is escaped here, and control characters become
 * spaces, so the result is well-formed XML that templates may emit raw
 * ({{{…}}}). The builders are pure: they only append to the buffer. Each
 * returns 0, or -1 when the buffer's limit is reached or an argument is
 * bad (an id outside [a-z0-9-], a cell naming no class); on -1 the buffer
 * is left as it was. Numbers are written the Russian way (see
 * svg_format_int).
 */
#ifndef SVODKA_VIEW_SVG_H
#define SVODKA_VIEW_SVG_H

#include <stddef.h>
#include <stdint.h>

#include "util/buf.h"

/* Bytes enough for any svg_format_int or svg_format_tenths result. */
#define SVG_NUM_MAX 48

/* What every chart has. */
struct svg_chart {
	const char *id; /* unique within the page, 1..32 of [a-z0-9-]; prefixes the ids inside */
	const char *title; /* the accessible name (<title>), required */
	const char *unit; /* a word after values in hover titles («мероприятий»), or NULL */
};

/* One bar of svg_bars. */
struct svg_bar {
	const char *label; /* at the left, wrapped to two lines, shortened with «…» */
	int64_t value; /* negative values are drawn as 0 */
	const char *fill; /* CSS colour, or NULL for the accent colour */
	const char *mark; /* a letter drawn before the label (for greyscale print), or NULL */
	const char *href; /* where the bar links to, or NULL */
};

/* Horizontal bars, one row each, scaled to the largest value, with value labels. */
__attribute__((warn_unused_result)) int svg_bars(struct buf *out, const struct svg_chart *c,
						 const struct svg_bar *bars, size_t n);

/* A class of cells in svg_grid: a colour, a letter and a name for the legend. */
struct svg_class {
	const char *code; /* CSS class suffix (cell-CODE), [a-z0-9_-] */
	const char *name; /* legend text, e.g. «принят — 5» */
	const char *fill; /* CSS colours */
	const char *stroke;
	const char *mark; /* a short letter drawn in every cell of the class */
	int dashed; /* dashed border, one more cue in greyscale */
};

/* One cell of svg_grid. */
struct svg_cell {
	const char *label; /* first line (shortened to fit) */
	const char *sublabel; /* second, smaller line, or NULL */
	const char *hover; /* the <title> of the cell (full name and status) */
	size_t cls; /* index into the classes */
	const char *href; /* where the cell links to, or NULL */
};

/* Cells in rows of six, then the legend of every class. */
__attribute__((warn_unused_result)) int svg_grid(struct buf *out, const struct svg_chart *c,
						 const struct svg_cell *cells, size_t n,
						 const struct svg_class *classes, size_t nclasses);

/* One day of svg_timeline. */
struct svg_day {
	const char *tick; /* «ДД.ММ» under the axis (shown for some days only) */
	const char *hover; /* the day in full for the <title>, e.g. «15.02.2022» */
	int64_t value; /* negative values are drawn as 0 */
	int outside; /* a grace day outside the campaign period: drawn lighter */
};

/* A bar per day in order, a value axis, date ticks spaced to stay legible. */
__attribute__((warn_unused_result)) int svg_timeline(struct buf *out, const struct svg_chart *c,
						     const struct svg_day *days, size_t n);

/*
 * Writes v with a thin no-break space (U+202F) between groups of three
 * digits: «12 500», «−1 234» (with U+2212). 0, or -1 when size is too small.
 */
__attribute__((warn_unused_result)) int svg_format_int(char *out, size_t size, int64_t v);

/* Writes tenths (333 → «33,3», 5 → «0,5») with a comma. 0 or -1. */
__attribute__((warn_unused_result)) int svg_format_tenths(char *out, size_t size, int64_t tenths);

/*
 * num / den in tenths of a percent, rounded half up (1 of 3 → 333); 0 when
 * den ≤ 0 or num < 0.
 */
int64_t svg_percent_tenths(int64_t num, int64_t den);

#endif
