/*
 * svg: server-side charts as inline SVG (see svg.h). Coordinates are in
 * user units of a fixed viewBox; the page scales the picture with CSS
 * (width 100%, height auto), so one drawing serves the screen and an A4
 * sheet. Text width is estimated from the number of code points, which is
 * close enough for the sans-serif fonts the page uses.
 */
#include "view/svg.h"

#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "util/utf8.h"

#define WIDTH 760 /* viewBox width of every chart */
#define FONT "PT Sans, Segoe UI, Roboto, Arial, sans-serif"
#define ACCENT "#1f5fbf"
#define INK "#1d2433"
#define MUTED "#5d6779"
#define LINE "#d8dde6"

/* Bars. */
#define BAR_LABEL_W 300 /* label column */
#define BAR_LABEL_CP 40 /* code points per label line */
#define BAR_X 312 /* where bars start */
#define BAR_MAX_W (WIDTH - BAR_X - 84) /* the longest bar; room for the value after it */
#define BAR_ROW_H 38
#define BAR_H 18

/* Grid. */
#define GRID_COLS 6
#define GRID_GAP 6
#define GRID_CELL_W ((WIDTH - (GRID_COLS - 1) * GRID_GAP) / GRID_COLS)
#define GRID_CELL_H 48
#define GRID_LABEL_CP 17
#define GRID_LEGEND_H 26

/* Timeline. */
#define TL_X 52 /* left of the plot: value axis labels before it */
#define TL_TOP 14
#define TL_PLOT_H 150
#define TL_TICKS 16 /* at most this many date ticks */

/* A writer that remembers the first failure, so drawing code stays linear. */
struct w {
	struct buf *b;
	size_t start; /* length of the buffer before the chart: restored on failure */
	int err;
};

static void
w_init(struct w *w, struct buf *b)
{
	w->b = b;
	w->start = b->len;
	w->err = 0;
}

/* Finishes: 0, or -1 with the buffer cut back to where it was. */
static int
w_done(struct w *w)
{
	if (!w->err)
		return 0;
	if (w->b->len > w->start) {
		w->b->len = w->start;
		w->b->data[w->start] = '\0';
	}
	return -1;
}

__attribute__((format(printf, 2, 3))) static void
put(struct w *w, const char *fmt, ...)
{
	va_list ap;

	if (w->err)
		return;
	va_start(ap, fmt);
	if (buf_vaddf(w->b, fmt, ap) < 0)
		w->err = 1;
	va_end(ap);
}

/*
 * Appends n bytes of s escaped for XML text and attributes; control
 * characters become spaces (XML 1.0 forbids most of them).
 */
static void
esc(struct w *w, const char *s, size_t n)
{
	size_t i, from = 0;
	const char *rep;

	if (w->err || s == NULL)
		return;
	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];

		switch (c) {
		case '&': rep = "&amp;"; break;
		case '<': rep = "&lt;"; break;
		case '>': rep = "&gt;"; break;
		case '"': rep = "&quot;"; break;
		case '\'': rep = "&#39;"; break;
		default:
			if (c >= 0x20 && c != 0x7f)
				continue;
			rep = " ";
			break;
		}
		if (buf_add(w->b, s + from, i - from) < 0 || buf_adds(w->b, rep) < 0) {
			w->err = 1;
			return;
		}
		from = i + 1;
	}
	if (buf_add(w->b, s + from, n - from) < 0)
		w->err = 1;
}

static void
escs(struct w *w, const char *s)
{
	if (s)
		esc(w, s, strlen(s));
}

/* Whether s is 1..32 characters of the given set (ids and class codes). */
static int
token_ok(const char *s, int underscore)
{
	size_t n = 0;

	if (s == NULL)
		return 0;
	for (; *s; s++, n++) {
		if (!((*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9') || *s == '-' ||
		      (underscore && *s == '_')))
			return 0;
	}
	return n >= 1 && n <= 32;
}

/*
 * Splits s into at most maxl lines of at most width code points, breaking
 * at spaces where one is not too far back; when text remains after the
 * last line, that line is shortened and gets «…» (*ellipsis = 1). Line i
 * is s[off[i] .. off[i]+len[i]). Returns the number of lines.
 */
static size_t
wrap(const char *s, size_t width, size_t maxl, size_t *off, size_t *len, int *ellipsis)
{
	size_t n = s ? strlen(s) : 0, pos = 0, lines = 0, take, cut, k;

	*ellipsis = 0;
	while (lines < maxl) {
		while (pos < n && s[pos] == ' ')
			pos++;
		if (pos >= n)
			break;
		if (utf8_length(s + pos, n - pos) <= width) {
			off[lines] = pos;
			len[lines++] = n - pos;
			pos = n;
			break;
		}
		/* More than fits: the last line leaves room for «…». */
		take = utf8_prefix(s + pos, n - pos, lines + 1 == maxl ? width - 1 : width);
		cut = take;
		if (s[pos + take] != ' ') {
			for (k = take; k > take / 2; k--) {
				if (s[pos + k - 1] == ' ') {
					cut = k - 1;
					break;
				}
			}
		}
		off[lines] = pos;
		len[lines] = cut;
		while (len[lines] > 0 && s[pos + len[lines] - 1] == ' ')
			len[lines]--;
		lines++;
		pos += cut;
	}
	while (pos < n && s[pos] == ' ')
		pos++;
	if (pos < n)
		*ellipsis = 1;
	return lines;
}

/* Text of at most width code points, shortened with «…». */
static void
esc_fit(struct w *w, const char *s, size_t width)
{
	size_t off, len;
	int ell;

	if (wrap(s, width, 1, &off, &len, &ell) == 0)
		return;
	esc(w, s + off, len);
	if (ell)
		put(w, "…");
}

/* The opening of a chart: the root element with its accessible title. */
static void
open_svg(struct w *w, const struct svg_chart *c, int height)
{
	put(w,
	    "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart\" id=\"chart-%s\" viewBox=\"0 0 %d %d\" "
	    "width=\"%d\" height=\"%d\" role=\"img\" aria-labelledby=\"chart-%s-t\" font-family=\"%s\" "
	    "font-size=\"12\" fill=\"" INK "\"><title id=\"chart-%s-t\">",
	    c->id, WIDTH, height, WIDTH, height, c->id, FONT, c->id);
	escs(w, c->title);
	put(w, "</title>");
}

static void
open_link(struct w *w, const char *href)
{
	if (href == NULL)
		return;
	put(w, "<a href=\"");
	escs(w, href);
	put(w, "\">");
}

static void
close_link(struct w *w, const char *href)
{
	if (href)
		put(w, "</a>");
}

static void
hover_value(struct w *w, const char *label, int64_t v, const char *unit)
{
	char num[SVG_NUM_MAX];

	if (svg_format_int(num, sizeof(num), v) < 0)
		num[0] = '\0';
	put(w, "<title>");
	escs(w, label);
	put(w, ": %s", num);
	if (unit) {
		put(w, " ");
		escs(w, unit);
	}
	put(w, "</title>");
}

static int
chart_ok(const struct svg_chart *c)
{
	return c && token_ok(c->id, 0) && c->title;
}

int
svg_bars(struct buf *out, const struct svg_chart *c, const struct svg_bar *bars, size_t n)
{
	size_t i, k, off[2], len[2], lines;
	int64_t max = 0, v;
	int ell, height, y, bw, text_x;
	char num[SVG_NUM_MAX];
	struct w w;

	w_init(&w, out);
	if (!chart_ok(c) || (n > 0 && bars == NULL))
		return -1;
	for (i = 0; i < n; i++)
		max = bars[i].value > max ? bars[i].value : max;
	height = (int)(n > 0 ? n : 1) * BAR_ROW_H + 8;
	open_svg(&w, c, height);
	put(&w, "<line x1=\"%d\" y1=\"4\" x2=\"%d\" y2=\"%d\" stroke=\"" LINE "\"/>", BAR_X, BAR_X,
	    height - 4);
	if (n == 0)
		put(&w, "<text x=\"%d\" y=\"26\" fill=\"" MUTED "\">Нет данных</text>", BAR_X + 8);
	for (i = 0; i < n; i++) {
		const struct svg_bar *b = &bars[i];

		v = b->value > 0 ? b->value : 0;
		y = 4 + (int)i * BAR_ROW_H;
		/* Scaled in double: values may be as large as INT64_MAX. */
		bw = max > 0 ? (int)((double)v / (double)max * BAR_MAX_W + 0.5) : 0;
		if (v > 0 && bw < 2)
			bw = 2;
		put(&w, "<g class=\"bar\">");
		open_link(&w, b->href);
		hover_value(&w, b->label, v, c->unit);
		text_x = 0;
		if (b->mark) {
			put(&w, "<text x=\"0\" y=\"%d\" font-weight=\"bold\">", y + BAR_ROW_H / 2 + 4);
			esc_fit(&w, b->mark, 2);
			put(&w, "</text>");
			text_x = 16;
		}
		lines = wrap(b->label, b->mark ? BAR_LABEL_CP - 3 : BAR_LABEL_CP, 2, off, len, &ell);
		put(&w, "<text x=\"%d\" y=\"%d\">", text_x, y + (lines > 1 ? 15 : BAR_ROW_H / 2 + 4));
		for (k = 0; k < lines; k++) {
			put(&w, "<tspan x=\"%d\" dy=\"%d\">", text_x, k == 0 ? 0 : 14);
			esc(&w, b->label + off[k], len[k]);
			if (ell && k + 1 == lines)
				put(&w, "…");
			put(&w, "</tspan>");
		}
		put(&w, "</text>");
		put(&w, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" rx=\"2\" fill=\"", BAR_X + 1,
		    y + (BAR_ROW_H - BAR_H) / 2, bw, BAR_H);
		escs(&w, b->fill ? b->fill : ACCENT);
		put(&w, "\" stroke=\"" INK "\" stroke-opacity=\"0.35\"/>");
		if (svg_format_int(num, sizeof(num), v) < 0)
			num[0] = '\0';
		put(&w, "<text x=\"%d\" y=\"%d\" font-weight=\"bold\">%s</text>", BAR_X + bw + 7,
		    y + BAR_ROW_H / 2 + 4, num);
		close_link(&w, b->href);
		put(&w, "</g>");
	}
	put(&w, "</svg>");
	return w_done(&w);
}

int
svg_grid(struct buf *out, const struct svg_chart *c, const struct svg_cell *cells, size_t n,
	 const struct svg_class *classes, size_t nclasses)
{
	size_t i, rows, lx;
	int height, x, y, legend_y;
	const struct svg_class *k;
	struct w w;

	w_init(&w, out);
	if (!chart_ok(c) || (n > 0 && cells == NULL) || (nclasses > 0 && classes == NULL))
		return -1;
	for (i = 0; i < nclasses; i++)
		if (!token_ok(classes[i].code, 1))
			return -1;
	for (i = 0; i < n; i++)
		if (cells[i].cls >= nclasses)
			return -1;
	rows = (n + GRID_COLS - 1) / GRID_COLS;
	legend_y = (int)rows * (GRID_CELL_H + GRID_GAP) + 6;
	/* The legend wraps after three entries per line. */
	height = legend_y + (int)((nclasses + 2) / 3) * GRID_LEGEND_H + 4;
	open_svg(&w, c, height);
	for (i = 0; i < n; i++) {
		const struct svg_cell *cell = &cells[i];

		k = &classes[cell->cls];
		x = (int)(i % GRID_COLS) * (GRID_CELL_W + GRID_GAP);
		y = (int)(i / GRID_COLS) * (GRID_CELL_H + GRID_GAP);
		put(&w, "<g class=\"cell cell-%s\">", k->code);
		open_link(&w, cell->href);
		put(&w, "<title>");
		escs(&w, cell->hover ? cell->hover : cell->label);
		put(&w, "</title><rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" rx=\"4\" fill=\"", x + 1,
		    y + 1, GRID_CELL_W - 2, GRID_CELL_H - 2);
		escs(&w, k->fill);
		put(&w, "\" stroke=\"");
		escs(&w, k->stroke);
		put(&w, "\" stroke-width=\"1.5\"%s/>", k->dashed ? " stroke-dasharray=\"4 3\"" : "");
		put(&w, "<text x=\"%d\" y=\"%d\" text-anchor=\"end\" font-weight=\"bold\" font-size=\"13\">",
		    x + GRID_CELL_W - 7, y + 38);
		esc_fit(&w, k->mark, 2);
		put(&w, "</text><text x=\"%d\" y=\"%d\" font-size=\"11.5\">", x + 7, y + 20);
		esc_fit(&w, cell->label, GRID_LABEL_CP);
		put(&w, "</text>");
		if (cell->sublabel) {
			put(&w, "<text x=\"%d\" y=\"%d\" font-size=\"10\" fill=\"" MUTED "\">", x + 7,
			    y + 37);
			esc_fit(&w, cell->sublabel, GRID_LABEL_CP - 2);
			put(&w, "</text>");
		}
		close_link(&w, cell->href);
		put(&w, "</g>");
	}
	put(&w, "<g class=\"legend\">");
	for (lx = 0; lx < nclasses; lx++) {
		k = &classes[lx];
		x = (int)(lx % 3) * (WIDTH / 3);
		y = legend_y + (int)(lx / 3) * GRID_LEGEND_H;
		put(&w, "<rect x=\"%d\" y=\"%d\" width=\"18\" height=\"18\" rx=\"3\" fill=\"", x + 1, y);
		escs(&w, k->fill);
		put(&w, "\" stroke=\"");
		escs(&w, k->stroke);
		put(&w, "\" stroke-width=\"1.5\"%s/>", k->dashed ? " stroke-dasharray=\"4 3\"" : "");
		put(&w,
		    "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\" font-weight=\"bold\" font-size=\"11\">",
		    x + 10, y + 13);
		esc_fit(&w, k->mark, 2);
		put(&w, "</text><text x=\"%d\" y=\"%d\">", x + 26, y + 13);
		esc_fit(&w, k->name, 36);
		put(&w, "</text>");
	}
	put(&w, "</g></svg>");
	return w_done(&w);
}

/* A round step for the value axis: the least of 1, 2, 5 × 10^k that is at least max / 4. */
static int64_t
axis_step(int64_t max)
{
	int64_t want = max / 4 + (max % 4 != 0), p = 1;

	if (want <= 1)
		return 1;
	for (;;) {
		if (p >= want)
			return p;
		if (p <= INT64_MAX / 2 && p * 2 >= want)
			return p * 2;
		if (p <= INT64_MAX / 5 && p * 5 >= want)
			return p * 5;
		if (p > INT64_MAX / 10)
			return p;
		p *= 10;
	}
}

int
svg_timeline(struct buf *out, const struct svg_chart *c, const struct svg_day *days, size_t n)
{
	int64_t max = 0, step, g, q, v;
	size_t i, every;
	double slot, bw;
	int height, base, h, x;
	char num[SVG_NUM_MAX];
	struct w w;

	w_init(&w, out);
	if (!chart_ok(c) || (n > 0 && days == NULL))
		return -1;
	for (i = 0; i < n; i++)
		max = days[i].value > max ? days[i].value : max;
	step = axis_step(max);
	/* The axis ends at the first step at or above the largest value. */
	q = max / step + (max % step != 0);
	g = q == 0 ? step : q > INT64_MAX / step ? max : q * step;
	base = TL_TOP + TL_PLOT_H;
	height = base + 34;
	open_svg(&w, c, height);
	/* Value axis: grid lines at every step. */
	for (v = 0; v <= g && v >= 0; v += step) {
		int yy = base - (int)((double)v / (double)g * TL_PLOT_H + 0.5);

		if (svg_format_int(num, sizeof(num), v) < 0)
			num[0] = '\0';
		put(&w,
		    "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"" LINE "\"/>"
		    "<text x=\"%d\" y=\"%d\" text-anchor=\"end\" font-size=\"10.5\" fill=\"" MUTED
		    "\">%s</text>",
		    TL_X, yy, WIDTH - 4, yy, TL_X - 6, yy + 4, num);
		if (v > INT64_MAX - step)
			break;
	}
	if (n == 0)
		put(&w, "<text x=\"%d\" y=\"%d\" fill=\"" MUTED "\">Нет данных</text>", TL_X + 8, base - 10);
	slot = n > 0 ? (double)(WIDTH - 4 - TL_X) / (double)n : 0;
	bw = slot > 3 ? slot * 0.72 : slot;
	every = (n + TL_TICKS - 1) / TL_TICKS;
	if (every == 0)
		every = 1;
	for (i = 0; i < n; i++) {
		const struct svg_day *d = &days[i];

		v = d->value > 0 ? d->value : 0;
		h = g > 0 ? (int)((double)v / (double)g * TL_PLOT_H + 0.5) : 0;
		if (v > 0 && h < 2)
			h = 2;
		x = TL_X + (int)(slot * (double)i + (slot - bw) / 2);
		put(&w, "<g class=\"day%s\">", d->outside ? " outside" : "");
		hover_value(&w, d->hover ? d->hover : d->tick, v, c->unit);
		/* A transparent full-height target, so the hover works on empty days too. */
		put(&w, "<rect x=\"%d\" y=\"%d\" width=\"%.1f\" height=\"%d\" fill=\"transparent\"/>", x,
		    TL_TOP, bw, TL_PLOT_H);
		if (h > 0)
			put(&w,
			    "<rect x=\"%d\" y=\"%d\" width=\"%.1f\" height=\"%d\" fill=\"" ACCENT "\"%s "
			    "stroke=\"" INK "\" stroke-opacity=\"0.35\"/>",
			    x, base - h, bw, h, d->outside ? " fill-opacity=\"0.4\"" : "");
		if (v > 0 && slot >= 18) {
			if (svg_format_int(num, sizeof(num), v) < 0)
				num[0] = '\0';
			put(&w, "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\" font-size=\"10\">%s</text>",
			    x + bw / 2, base - h - 3, num);
		}
		if (i % every == 0 && d->tick) {
			put(&w,
			    "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"" MUTED "\"/>"
			    "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\" font-size=\"10.5\" fill=\"" MUTED
			    "\">",
			    x + bw / 2, base, x + bw / 2, base + 4, x + bw / 2, base + 17);
			esc_fit(&w, d->tick, 6);
			put(&w, "</text>");
		}
		put(&w, "</g>");
	}
	put(&w, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"" INK "\"/></svg>", TL_X, base,
	    WIDTH - 4, base);
	return w_done(&w);
}

int
svg_format_int(char *out, size_t size, int64_t v)
{
	char digits[24], tmp[SVG_NUM_MAX];
	uint64_t u;
	size_t nd, i, o = 0;
	int r;

	u = v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v;
	r = snprintf(digits, sizeof(digits), "%" PRIu64, u);
	if (r < 0 || (size_t)r >= sizeof(digits))
		return -1;
	nd = (size_t)r;
	if (v < 0) {
		memcpy(tmp, "\xe2\x88\x92", 3); /* U+2212 minus sign */
		o = 3;
	}
	for (i = 0; i < nd; i++) {
		if (i > 0 && (nd - i) % 3 == 0) {
			memcpy(tmp + o, "\xe2\x80\xaf", 3); /* U+202F narrow no-break space */
			o += 3;
		}
		tmp[o++] = digits[i];
	}
	tmp[o] = '\0';
	if (o + 1 > size)
		return -1;
	memcpy(out, tmp, o + 1);
	return 0;
}

int
svg_format_tenths(char *out, size_t size, int64_t tenths)
{
	char whole[SVG_NUM_MAX];
	int64_t w = tenths / 10, f = tenths % 10;
	int r;

	if (f < 0)
		f = -f;
	if (svg_format_int(whole, sizeof(whole), w) < 0)
		return -1;
	r = snprintf(out, size, "%s%s,%d", tenths < 0 && w == 0 ? "\xe2\x88\x92" : "", whole, (int)f);
	return r < 0 || (size_t)r >= size ? -1 : 0;
}

int64_t
svg_percent_tenths(int64_t num, int64_t den)
{
	if (den <= 0 || num < 0)
		return 0;
	/* In double: num × 1000 could pass INT64_MAX. */
	return (int64_t)((double)num * 1000.0 / (double)den + 0.5);
}
