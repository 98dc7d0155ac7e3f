/*
 * view: the template registry and static files, built in or from disk. The
 * built-in templates are parsed once in view_init; from disk, each render
 * reads and parses the template set afresh (development only).
 */
#include "view/view.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/file.h"
#include "util/log.h"
#include "util/xalloc.h"
#include "view/assets.h"
#include "view/mustache.h"

#define MAX_TEMPLATES 128
#define MAX_ASSET_SIZE (8u << 20)

struct tpl_entry {
	char *name; /* "home" for templates/home.mustache */
	struct mustache_tpl *tpl;
};

struct tpl_set {
	struct tpl_entry v[MAX_TEMPLATES];
	size_t n;
};

static struct tpl_set builtin;
static char *assets_dir;
static char static_etags[256][24];

static const char *
tpl_name_of(const char *path, size_t *len)
{
	const char *base = path + strlen("templates/");
	const char *dot = strrchr(base, '.');

	if (strncmp(path, "templates/", 10) != 0 || dot == NULL || strcmp(dot, ".mustache") != 0)
		return NULL;
	*len = (size_t)(dot - base);
	return base;
}

static void
set_free(struct tpl_set *s)
{
	size_t i;

	for (i = 0; i < s->n; i++) {
		free(s->v[i].name);
		mustache_free(s->v[i].tpl);
	}
	s->n = 0;
}

static int
set_add(struct tpl_set *s, const char *name, size_t namelen, const char *src, size_t len)
{
	char err[256];
	struct mustache_tpl *t;

	if (s->n == MAX_TEMPLATES) {
		log_warnx("%s: more than %d templates", __func__, MAX_TEMPLATES);
		return -1;
	}
	t = mustache_parse(src, len, err, sizeof(err));
	if (t == NULL) {
		log_warnx("%s: template %.*s: %s", __func__, (int)namelen, name, err);
		return -1;
	}
	s->v[s->n].name = xstrndup(name, namelen);
	s->v[s->n].tpl = t;
	s->n++;
	return 0;
}

static const struct mustache_tpl *
set_lookup(void *ctx, const char *name)
{
	const struct tpl_set *s = ctx;
	size_t i;

	for (i = 0; i < s->n; i++)
		if (strcmp(s->v[i].name, name) == 0)
			return s->v[i].tpl;
	return NULL;
}

/* Loads every templates/ asset (built in or, with a folder, from disk). */
static int
set_load(struct tpl_set *s)
{
	const char *name;
	size_t i, namelen, len;
	char path[4096];
	char *src;
	int rc;

	for (i = 0; i < view_nassets; i++) {
		if ((name = tpl_name_of(view_assets[i].path, &namelen)) == NULL)
			continue;
		if (assets_dir == NULL) {
			rc = set_add(s, name, namelen, (const char *)view_assets[i].data, view_assets[i].len);
		} else {
			if (snprintf(path, sizeof(path), "%s/%s", assets_dir, view_assets[i].path) >=
			    (int)sizeof(path))
				return -1;
			if ((src = file_read(path, MAX_ASSET_SIZE, &len)) == NULL) {
				log_warn("%s: %s", __func__, path);
				return -1;
			}
			rc = set_add(s, name, namelen, src, len);
			free(src);
		}
		if (rc < 0)
			return -1;
	}
	return 0;
}

/* FNV-1a, enough for an ETag of content built into the binary. */
static unsigned long long
fnv1a(const unsigned char *p, size_t n)
{
	unsigned long long h = 1469598103934665603ULL;

	while (n--) {
		h ^= *p++;
		h *= 1099511628211ULL;
	}
	return h;
}

int
view_init(const char *dir)
{
	size_t i;
	int n;

	free(assets_dir);
	assets_dir = dir ? xstrdup(dir) : NULL;
	for (i = 0; i < view_nassets && i < 256; i++) {
		n = snprintf(static_etags[i], sizeof(static_etags[i]), "\"%016llx\"",
			     fnv1a(view_assets[i].data, view_assets[i].len));
		if (n < 0 || (size_t)n >= sizeof(static_etags[i]))
			return -1;
	}
	if (set_load(&builtin) < 0) {
		set_free(&builtin);
		return -1;
	}
	return 0;
}

void
view_shutdown(void)
{
	set_free(&builtin);
	free(assets_dir);
	assets_dir = NULL;
}

int
view_render(const char *name, json_t *model, struct buf *out)
{
	struct tpl_set *s = &builtin, fresh;
	struct mustache_partials partials;
	const struct mustache_tpl *t;
	int ret = -1;

	if (assets_dir) {
		memset(&fresh, 0, sizeof(fresh));
		s = &fresh;
		if (set_load(s) < 0)
			goto out;
	}
	if ((t = set_lookup(s, name)) == NULL) {
		log_warnx("%s: no template %s", __func__, name);
		goto out;
	}
	partials.lookup = set_lookup;
	partials.ctx = s;
	if (mustache_render(t, model, &partials, out) < 0) {
		log_warnx("%s: %s: output over %zu bytes or partials too deep", __func__, name, out->max);
		goto out;
	}
	ret = 0;
out:
	if (s != &builtin)
		set_free(s);
	return ret;
}

static const char *
content_type_of(const char *path)
{
	static const struct {
		const char *ext, *type;
	} types[] = {
		{".css", "text/css; charset=utf-8"},
		{".js", "text/javascript; charset=utf-8"},
		{".svg", "image/svg+xml"},
		{".png", "image/png"},
		{".ico", "image/x-icon"},
		{".txt", "text/plain; charset=utf-8"},
		{".csv", "text/csv; charset=utf-8"},
		{".woff2", "font/woff2"},
	};
	const char *dot = strrchr(path, '.');
	size_t i;

	for (i = 0; dot && i < sizeof(types) / sizeof(types[0]); i++)
		if (strcmp(dot, types[i].ext) == 0)
			return types[i].type;
	return "application/octet-stream";
}

static int
path_ok(const char *p)
{
	const char *c;

	if (*p == '\0' || *p == '/' || strstr(p, "..") || strstr(p, "//"))
		return 0;
	for (c = p; *c; c++)
		if (!((*c >= 'a' && *c <= 'z') || (*c >= 'A' && *c <= 'Z') || (*c >= '0' && *c <= '9') ||
		      *c == '.' || *c == '_' || *c == '-' || *c == '/'))
			return 0;
	return 1;
}

int
view_static(const char *path, struct arena *a, struct view_file *f)
{
	char full[4096];
	size_t i, len;
	char *data;

	if (!path_ok(path))
		return -1;
	if (snprintf(full, sizeof(full), "static/%s", path) >= (int)sizeof(full))
		return -1;
	for (i = 0; i < view_nassets; i++)
		if (strcmp(view_assets[i].path, full) == 0)
			break;
	if (i == view_nassets)
		return -1;
	f->content_type = content_type_of(path);
	if (assets_dir == NULL) {
		f->data = view_assets[i].data;
		f->len = view_assets[i].len;
		f->etag = i < 256 ? static_etags[i] : NULL;
		return 0;
	}
	if (snprintf(full, sizeof(full), "%s/static/%s", assets_dir, path) >= (int)sizeof(full))
		return -1;
	if ((data = file_read(full, MAX_ASSET_SIZE, &len)) == NULL)
		return -1;
	f->data = (const unsigned char *)arena_strndup(a, data, len);
	f->len = len;
	f->etag = arena_printf(a, "\"%016llx\"", fnv1a(f->data, len));
	free(data);
	return 0;
}
