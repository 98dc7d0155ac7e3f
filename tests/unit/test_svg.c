/*
 * Unit tests for view/svg: the charts escape every text they are given
 * (labels, hover titles, links, colours), shorten long labels at code-point
 * boundaries, refuse bad ids and cells of no class, leave the buffer as it
 * was when its limit is reached, and write numbers the Russian way.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "util/buf.h"
#include "util/utf8.h"
#include "view/svg.h"

#define NNBSP "\xe2\x80\xaf"

static const struct svg_chart chart = {"forms", "Мероприятия <по> формам", "мероприятий"};

/* Counts occurrences of needle in hay. */
static size_t
count(const char *hay, const char *needle)
{
	size_t n = 0;

	while ((hay = strstr(hay, needle)) != NULL) {
		n++;
		hay += strlen(needle);
	}
	return n;
}

/* Every '<' opens a tag we wrote: none comes from the data. */
static void
assert_no_injection(const char *svg)
{
	assert_null(strstr(svg, "<script"));
	assert_null(strstr(svg, "<b>"));
	assert_int_equal(count(svg, "<svg"), 1);
	assert_int_equal(count(svg, "</svg>"), 1);
}

static void
test_bars_escape_everything(void **state)
{
	struct svg_bar bars[] = {
		{"<script>alert(1)</script> & \"кавычки\" 'апостроф'", 12500, NULL, NULL, NULL},
		{"Вторая\x01форма", 3, "red\"/><script>", "<b>", "/x?a=1&b=\"2\""},
	};
	struct buf b;

	(void)state;
	buf_init(&b, 0);
	assert_int_equal(svg_bars(&b, &chart, bars, 2), 0);
	assert_no_injection(b.data);
	assert_non_null(
		strstr(b.data, "&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;кавычки&quot; &#39;"));
	assert_non_null(strstr(b.data, "Мероприятия &lt;по&gt; формам"));
	assert_non_null(strstr(b.data, "red&quot;/&gt;&lt;script&gt;"));
	assert_non_null(strstr(b.data, "href=\"/x?a=1&amp;b=&quot;2&quot;\""));
	assert_non_null(strstr(b.data, "Вторая форма")); /* the control character became a space */
	assert_non_null(strstr(b.data, ">12" NNBSP "500<"));
	assert_non_null(strstr(b.data, ": 12" NNBSP "500 мероприятий</title>"));
	buf_release(&b);
}

static void
test_bars_scale_and_empty(void **state)
{
	struct svg_bar bars[] = {
		{"max", INT64_MAX, NULL, NULL, NULL},
		{"half", INT64_MAX / 2, NULL, NULL, NULL},
		{"neg", -5, NULL, NULL, NULL},
	};
	struct buf b;

	(void)state;
	buf_init(&b, 0);
	assert_int_equal(svg_bars(&b, &chart, bars, 3), 0);
	/* The largest bar is the full width, a negative one is drawn as 0. */
	assert_non_null(strstr(b.data, "width=\"364\""));
	assert_non_null(strstr(b.data, "width=\"182\""));
	assert_non_null(strstr(b.data, "width=\"0\""));
	assert_non_null(strstr(b.data, ": 0 мероприятий"));
	buf_reset(&b);
	assert_int_equal(svg_bars(&b, &chart, NULL, 0), 0);
	assert_non_null(strstr(b.data, "Нет данных"));
	buf_release(&b);
}

static void
test_long_label_wraps_and_shortens(void **state)
{
	/* 8 words of 12 Cyrillic letters: more than two lines of 40. */
	const char *lbl = "Абвгдеёжзийк Абвгдеёжзийк Абвгдеёжзийк Абвгдеёжзийк Абвгдеёжзийк "
			  "Абвгдеёжзийк Абвгдеёжзийк Абвгдеёжзийк";
	struct svg_bar bar = {lbl, 1, NULL, NULL, NULL};
	struct buf b;

	(void)state;
	buf_init(&b, 0);
	assert_int_equal(svg_bars(&b, &chart, &bar, 1), 0);
	assert_int_equal(count(b.data, "<tspan"), 2);
	assert_int_equal(count(b.data, "…</tspan>"), 1);
	/* Lines break between words: no tspan starts or ends inside one. */
	assert_non_null(strstr(b.data, "dy=\"0\">Абвгдеёжзийк Абвгдеёжзийк Абвгдеёжзийк</tspan>"));
	assert_non_null(strstr(b.data, "dy=\"14\">Абвгдеёжзийк Абвгдеёжзийк Абвгдеёжзийк…</tspan>"));
	/* The hover title keeps the whole label. */
	assert_non_null(strstr(b.data, "<title>Абвгдеёжзийк Абвгдеёжзийк Абвгдеёжзийк Абвгдеёжзийк"));
	/* No broken UTF-8: every byte sequence decodes. */
	assert_int_equal(utf8_valid(b.data, b.len), 0);
	buf_release(&b);
}

static void
test_grid_cells_and_legend(void **state)
{
	struct svg_class cls[] = {
		{"not_started", "не начат — 1", "#eceff3", "#9aa3b2", "Н", 1},
		{"accepted", "принят — 1", "#d8f0dc", "#4f9d5d", "✓", 0},
	};
	struct svg_cell cells[] = {
		{"Владивостокский", "ГО", "Владивостокский городской округ: принят", 1,
		 "/campaigns/c/reports/vl"},
		{"Очень длинное название муниципалитета", NULL, "<hover>", 0, NULL},
	};
	struct buf b;

	(void)state;
	buf_init(&b, 0);
	assert_int_equal(svg_grid(&b, &chart, cells, 2, cls, 2), 0);
	assert_no_injection(b.data);
	assert_int_equal(count(b.data, "class=\"cell cell-"), 2);
	assert_non_null(strstr(b.data, "cell-accepted"));
	assert_non_null(strstr(b.data, "<title>&lt;hover&gt;</title>"));
	assert_non_null(strstr(b.data, "Очень длинное…"));
	assert_non_null(strstr(b.data, "stroke-dasharray"));
	assert_non_null(strstr(b.data, "принят — 1"));
	assert_non_null(strstr(b.data, "href=\"/campaigns/c/reports/vl\""));
	/* A cell of no class and a bad class code are refused, the buffer untouched. */
	buf_reset(&b);
	assert_int_equal(buf_adds(&b, "before"), 0);
	cells[1].cls = 2;
	assert_int_equal(svg_grid(&b, &chart, cells, 2, cls, 2), -1);
	assert_string_equal(b.data, "before");
	cells[1].cls = 0;
	cls[0].code = "x\"y";
	assert_int_equal(svg_grid(&b, &chart, cells, 2, cls, 2), -1);
	assert_string_equal(b.data, "before");
	buf_release(&b);
}

static void
test_timeline_ticks_and_values(void **state)
{
	struct svg_day days[40];
	char ticks[40][8], hovers[40][16];
	struct buf b;
	size_t i;

	(void)state;
	for (i = 0; i < 40; i++) {
		assert_true(snprintf(ticks[i], sizeof(ticks[i]), "%02zu.02", i + 1) < (int)sizeof(ticks[i]));
		assert_true(snprintf(hovers[i], sizeof(hovers[i]), "%02zu.02.2022", i + 1) <
			    (int)sizeof(hovers[i]));
		days[i] = (struct svg_day){ticks[i], hovers[i], (int64_t)(i % 7), i < 2};
	}
	buf_init(&b, 0);
	assert_int_equal(svg_timeline(&b, &chart, days, 40), 0);
	assert_int_equal(count(b.data, "<g class=\"day"), 40);
	assert_int_equal(count(b.data, "<g class=\"day outside\""), 2);
	/* 40 days, at most 16 ticks: every third day is labelled. */
	assert_non_null(strstr(b.data, ">01.02</text>"));
	assert_non_null(strstr(b.data, ">04.02</text>"));
	assert_null(strstr(b.data, ">02.02</text>"));
	assert_non_null(strstr(b.data, "<title>03.02.2022: 2 мероприятий</title>"));
	buf_reset(&b);
	assert_int_equal(svg_timeline(&b, &chart, NULL, 0), 0);
	assert_non_null(strstr(b.data, "Нет данных"));
	buf_release(&b);
}

static void
test_bad_id_and_limit(void **state)
{
	struct svg_chart bad = {"Forms!", "t", NULL};
	struct svg_bar bar = {"x", 1, NULL, NULL, NULL};
	struct buf b;

	(void)state;
	buf_init(&b, 0);
	assert_int_equal(svg_bars(&b, &bad, &bar, 1), -1);
	bad.id = "";
	assert_int_equal(svg_bars(&b, &bad, &bar, 1), -1);
	bad.id = "ok";
	bad.title = NULL;
	assert_int_equal(svg_timeline(&b, &bad, NULL, 0), -1);
	assert_int_equal(b.len, 0);
	buf_release(&b);
	/* Too small a buffer: refused, and what was there stays. */
	buf_init(&b, 300);
	assert_int_equal(buf_adds(&b, "keep"), 0);
	assert_int_equal(svg_bars(&b, &chart, &bar, 1), -1);
	assert_string_equal(b.data, "keep");
	assert_int_equal(b.len, 4);
	buf_release(&b);
}

static void
test_numbers(void **state)
{
	char s[SVG_NUM_MAX];

	(void)state;
	assert_int_equal(svg_format_int(s, sizeof(s), 0), 0);
	assert_string_equal(s, "0");
	assert_int_equal(svg_format_int(s, sizeof(s), 999), 0);
	assert_string_equal(s, "999");
	assert_int_equal(svg_format_int(s, sizeof(s), 12500), 0);
	assert_string_equal(s, "12" NNBSP "500");
	assert_int_equal(svg_format_int(s, sizeof(s), -1234567), 0);
	assert_string_equal(s, "\xe2\x88\x92"
			       "1" NNBSP "234" NNBSP "567");
	assert_int_equal(svg_format_int(s, sizeof(s), INT64_MIN), 0);
	assert_string_equal(s, "\xe2\x88\x92"
			       "9" NNBSP "223" NNBSP "372" NNBSP "036" NNBSP "854" NNBSP "775" NNBSP "808");
	assert_int_equal(svg_format_int(s, 4, 1000), -1);
	assert_int_equal(svg_format_tenths(s, sizeof(s), 333), 0);
	assert_string_equal(s, "33,3");
	assert_int_equal(svg_format_tenths(s, sizeof(s), 1000), 0);
	assert_string_equal(s, "100,0");
	assert_int_equal(svg_format_tenths(s, sizeof(s), 5), 0);
	assert_string_equal(s, "0,5");
	assert_int_equal(svg_format_tenths(s, sizeof(s), 123456), 0);
	assert_string_equal(s, "12" NNBSP "345,6");
	assert_int_equal(svg_format_tenths(s, 3, 333), -1);
	assert_int_equal(svg_percent_tenths(1, 3), 333);
	assert_int_equal(svg_percent_tenths(2, 3), 667);
	assert_int_equal(svg_percent_tenths(34, 34), 1000);
	assert_int_equal(svg_percent_tenths(1, 0), 0);
	assert_int_equal(svg_percent_tenths(-1, 5), 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_bars_escape_everything),
		cmocka_unit_test(test_bars_scale_and_empty),
		cmocka_unit_test(test_long_label_wraps_and_shortens),
		cmocka_unit_test(test_grid_cells_and_legend),
		cmocka_unit_test(test_timeline_ticks_and_values),
		cmocka_unit_test(test_bad_id_and_limit),
		cmocka_unit_test(test_numbers),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
