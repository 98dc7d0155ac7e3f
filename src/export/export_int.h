/*
 * export_int: what the writers of export/ share and nobody else sees: the
 * writer's operations table and its common head, which export.c checks the
 * call order against.
 */
#ifndef SVODKA_EXPORT_INT_H
#define SVODKA_EXPORT_INT_H

#include "export/export.h"

struct export_writer;

struct export_writer_ops {
	int (*begin)(struct export_writer *w, const struct export_meta *m);
	int (*sheet_begin)(struct export_writer *w, const struct export_sheet *s);
	int (*row)(struct export_writer *w, const struct export_value *v, int total);
	int (*sheet_end)(struct export_writer *w);
	int (*finish)(struct export_writer *w);
	void (*free)(struct export_writer *w);
};

enum export_state {
	EXPORT_STATE_NEW,
	EXPORT_STATE_OPEN, /* after begin */
	EXPORT_STATE_SHEET, /* inside a sheet */
	EXPORT_STATE_DONE, /* finished */
	EXPORT_STATE_FAILED,
};

/* The head of every writer: each writer's struct starts with it. */
struct export_writer {
	const struct export_writer_ops *ops;
	unsigned sheets; /* bits (1 << enum export_sheet_id) the writer takes */
	enum export_state state;
	const struct export_sheet *sheet; /* the sheet being written */
	struct export_meta meta; /* copied at begin; strings borrowed until finish */
};

/*
 * Whether s can go out as it is: valid UTF-8, no character export_text_clean
 * drops, at most max_chars code points (0: no limit); *nchars gets the count.
 */
int export_text_ok(const char *s, size_t max_chars, size_t *nchars);

#endif
