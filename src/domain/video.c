/*
 * video: contest video URLs — the platforms and their hosts, the path
 * shapes that are one video, the canonical URL and the duplicate key. The
 * URL itself is parsed and its host normalized by domain/url.c; this file
 * only reads the normalized host and the key's path and query. See video.h
 * for the rules.
 */
#include "domain/video.h"

#include <stdlib.h>
#include <string.h>

#include "util/buf.h"
#include "util/xalloc.h"

#define VIDEO_ID_MAX 64 /* bytes of an id, a user name or a short code */

enum family {
	FAM_NONE,
	FAM_TIKTOK, /* www.tiktok.com, tiktok.com, m.tiktok.com */
	FAM_TIKTOK_SHORT, /* vm.tiktok.com, vt.tiktok.com */
	FAM_VK,
	FAM_YAPPY,
};

static const struct {
	const char *host;
	enum family family;
} hosts[] = {
	{"www.tiktok.com", FAM_TIKTOK},
	{"tiktok.com", FAM_TIKTOK},
	{"m.tiktok.com", FAM_TIKTOK},
	{"vm.tiktok.com", FAM_TIKTOK_SHORT},
	{"vt.tiktok.com", FAM_TIKTOK_SHORT},
	{"vk.com", FAM_VK},
	{"m.vk.com", FAM_VK},
	{"vk.ru", FAM_VK},
	{"m.vk.ru", FAM_VK},
	{"vkvideo.ru", FAM_VK},
	{"m.vkvideo.ru", FAM_VK},
	{"yappy.media", FAM_YAPPY},
	{"www.yappy.media", FAM_YAPPY},
};

static const struct {
	const char *code;
	const char *title;
} platforms[] = {
	{"tiktok", "TikTok"},
	{"vk-clips", "VK Клипы"},
	{"vk-video", "VK Видео"},
	{"yappy", "Yappy"},
};

#define NELEM(a) (sizeof(a) / sizeof((a)[0]))

static enum family
host_family(const char *host)
{
	size_t i;

	for (i = 0; i < NELEM(hosts); i++) {
		if (strcmp(host, hosts[i].host) == 0)
			return hosts[i].family;
	}
	return FAM_NONE;
}

int
video_platform_known(const char *code)
{
	return video_platform_title(code) != NULL;
}

const char *
video_platform_title(const char *code)
{
	size_t i;

	if (code == NULL)
		return NULL;
	for (i = 0; i < NELEM(platforms); i++) {
		if (strcmp(code, platforms[i].code) == 0)
			return platforms[i].title;
	}
	return NULL;
}

int
video_platform_host(const char *code, const char *host)
{
	enum family f;

	if (code == NULL || host == NULL)
		return 0;
	f = host_family(host);
	if (strcmp(code, "tiktok") == 0)
		return f == FAM_TIKTOK || f == FAM_TIKTOK_SHORT;
	if (strcmp(code, "vk-clips") == 0 || strcmp(code, "vk-video") == 0)
		return f == FAM_VK;
	if (strcmp(code, "yappy") == 0)
		return f == FAM_YAPPY;
	return 0;
}

/* 1 when `code` is a string of the array `allowed`. */
static int
allowed_has(const json_t *allowed, const char *code)
{
	size_t i;

	if (!json_is_array(allowed))
		return 0;
	for (i = 0; i < json_array_size(allowed); i++) {
		const char *s = json_string_value(json_array_get(allowed, i));

		if (s != NULL && strcmp(s, code) == 0)
			return 1;
	}
	return 0;
}

static int
is_digit(int c)
{
	return c >= '0' && c <= '9';
}

static int
is_alnum(int c)
{
	return is_digit(c) || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

/* Bytes of s[0..n) from the start that are digits. */
static size_t
span_digits(const char *s, size_t n)
{
	size_t i = 0;

	while (i < n && is_digit(s[i]))
		i++;
	return i;
}

/* Bytes from the start that are ASCII letters, digits or one of `extra`. */
static size_t
span_word(const char *s, size_t n, const char *extra)
{
	size_t i = 0;

	while (i < n && (is_alnum(s[i]) || (s[i] != '\0' && strchr(extra, s[i]) != NULL)))
		i++;
	return i;
}

/* 1 when p[0..n) starts with the string `w`; then *adv is its length. */
static int
starts(const char *p, size_t n, const char *w, size_t *adv)
{
	size_t k = strlen(w);

	if (n < k || memcmp(p, w, k) != 0)
		return 0;
	*adv = k;
	return 1;
}

/* 1 when p[0..n) is empty or a single "/": the end of a one-video path. */
static int
path_end(const char *p, size_t n)
{
	return n == 0 || (n == 1 && p[0] == '/');
}

/* One recognized video, before it is copied into struct video. */
struct found {
	const char *platform;
	const char *id; /* not NUL-terminated */
	size_t id_len;
	const char *user; /* TikTok's user, or NULL */
	size_t user_len;
	int short_link; /* TikTok's short link */
	int vk_clip; /* VK: 1 for /clip…, 0 for /video… */
};

/* A decimal id of 1..VIDEO_ID_MAX digits at p: its length, or 0. */
static size_t
digits_id(const char *p, size_t n)
{
	size_t k = span_digits(p, n);

	return k <= VIDEO_ID_MAX ? k : 0;
}

/* TikTok's long links: /@USER/video/ID, /v/ID.html; short /t/CODE. */
static int
tiktok_path(const char *p, size_t n, struct found *f)
{
	size_t k, a;

	if (starts(p, n, "/@", &a)) {
		p += a, n -= a;
		k = span_word(p, n, "._");
		if (k == 0 || k > VIDEO_ID_MAX)
			return 0;
		f->user = p, f->user_len = k;
		p += k, n -= k;
		if (!starts(p, n, "/video/", &a))
			return 0;
		p += a, n -= a;
		k = digits_id(p, n);
		f->id = p, f->id_len = k;
		return k > 0 && path_end(p + k, n - k);
	}
	if (starts(p, n, "/v/", &a)) {
		p += a, n -= a;
		k = digits_id(p, n);
		f->id = p, f->id_len = k;
		return k > 0 && n - k == 5 && memcmp(p + k, ".html", 5) == 0;
	}
	if (starts(p, n, "/t/", &a)) {
		p += a, n -= a;
		k = span_word(p, n, "");
		f->id = p, f->id_len = k, f->short_link = 1;
		return k > 0 && k <= VIDEO_ID_MAX && path_end(p + k, n - k);
	}
	return 0;
}

/* vm.tiktok.com/CODE/ and vt.tiktok.com/CODE/. */
static int
tiktok_short_path(const char *p, size_t n, struct found *f)
{
	size_t k;

	if (n == 0 || p[0] != '/')
		return 0;
	k = span_word(p + 1, n - 1, "");
	f->id = p + 1, f->id_len = k, f->short_link = 1;
	return k > 0 && k <= VIDEO_ID_MAX && path_end(p + 1 + k, n - 1 - k);
}

/*
 * VK's "clip-1_2", "video-1_2", "video1_2" at the start of p[0..n): the
 * bytes it takes, with the id in f; 0 when p does not start with one.
 */
static size_t
vk_item(const char *p, size_t n, struct found *f)
{
	size_t a, k, o;

	if (starts(p, n, "clip", &a))
		f->vk_clip = 1;
	else if (starts(p, n, "video", &a))
		f->vk_clip = 0;
	else
		return 0;
	p += a, n -= a;
	o = n > 0 && p[0] == '-' ? 1 : 0;
	k = digits_id(p + o, n - o);
	if (k == 0 || o + k >= n || p[o + k] != '_')
		return 0;
	o += k + 1;
	k = digits_id(p + o, n - o);
	if (k == 0 || (o + k < n && is_alnum(p[o + k])))
		return 0;
	f->id = p, f->id_len = o + k;
	return a + o + k;
}

/* The value of parameter `name` in query q[0..n) (without '?'), or NULL. */
static const char *
query_param(const char *q, size_t n, const char *name, size_t *len)
{
	size_t i = 0, k = strlen(name);

	while (i < n) {
		size_t end = i;

		while (end < n && q[end] != '&')
			end++;
		if (end - i > k && memcmp(q + i, name, k) == 0 && q[i + k] == '=') {
			*len = end - i - k - 1;
			return q + i + k + 1;
		}
		i = end + 1;
	}
	return NULL;
}

/*
 * VK: the path is the video, or any page carries it as ?z=…, where VK may
 * go on after the id: "?z=video-1_2/pl_cat_trends", "…%2Fpl_cat_trends".
 */
static int
vk_path(const char *p, size_t n, const char *q, size_t qn, struct found *f)
{
	const char *z;
	size_t zn, k;

	if (n > 1 && p[0] == '/') {
		k = vk_item(p + 1, n - 1, f);
		if (k > 0)
			return path_end(p + 1 + k, n - 1 - k);
	}
	z = query_param(q, qn, "z", &zn);
	if (z == NULL)
		return 0;
	k = vk_item(z, zn, f);
	return k > 0 && (k == zn || z[k] == '/' || (zn - k >= 3 && memcmp(z + k, "%2F", 3) == 0));
}

/* Yappy's /v/ID and /video/ID. */
static int
yappy_path(const char *p, size_t n, struct found *f)
{
	size_t a, k;

	if (!starts(p, n, "/v/", &a) && !starts(p, n, "/video/", &a))
		return 0;
	p += a, n -= a;
	k = span_word(p, n, "_-");
	f->id = p, f->id_len = k;
	return k > 0 && k <= VIDEO_ID_MAX && path_end(p + k, n - k);
}

/* Fills *v from *f: the id, the canonical URL and the key. */
static void
video_fill(struct video *v, const struct found *f)
{
	struct buf url, key;
	int r;

	buf_init(&url, BUF_MAX_DEFAULT);
	buf_init(&key, BUF_MAX_DEFAULT);
	v->platform = f->platform;
	v->id = xstrndup(f->id, f->id_len);
	if (strcmp(f->platform, "tiktok") == 0 && f->short_link) {
		r = buf_addf(&url, "https://vm.tiktok.com/%s/", v->id) |
		    buf_addf(&key, "tiktok-short:%s", v->id);
	} else if (strcmp(f->platform, "tiktok") == 0 && f->user != NULL) {
		size_t i;

		r = buf_adds(&url, "https://www.tiktok.com/@");
		for (i = 0; i < f->user_len; i++) {
			char c = f->user[i];

			r |= buf_addc(&url, (char)(c >= 'A' && c <= 'Z' ? c + 32 : c));
		}
		r |= buf_addf(&url, "/video/%s", v->id) | buf_addf(&key, "tiktok:%s", v->id);
	} else if (strcmp(f->platform, "tiktok") == 0) {
		/* /v/ID.html has no user: TikTok's own redirect form stands for it. */
		r = buf_addf(&url, "https://www.tiktok.com/v/%s.html", v->id) |
		    buf_addf(&key, "tiktok:%s", v->id);
	} else if (strcmp(f->platform, "yappy") == 0) {
		r = buf_addf(&url, "https://yappy.media/v/%s", v->id) | buf_addf(&key, "yappy:%s", v->id);
	} else {
		r = buf_addf(&url, "https://vk.com/%s%s", f->vk_clip ? "clip" : "video", v->id) |
		    buf_addf(&key, "vk:%s", v->id);
	}
	if (r < 0)
		abort(); /* the parts are capped far below the buffers' limit */
	v->url = buf_detach(&url, NULL);
	v->key = buf_detach(&key, NULL);
}

enum video_rc
video_parse(const char *s, const json_t *allowed, struct video *v, enum url_rc *url_rc)
{
	struct url u;
	struct found f;
	enum url_rc urc;
	enum video_rc rc;
	enum family fam;
	const char *p, *q;
	size_t pn, qn, skip;
	int ok = 0;

	memset(v, 0, sizeof(*v));
	memset(&f, 0, sizeof(f));
	if (url_rc != NULL)
		*url_rc = URL_OK;
	urc = s != NULL ? url_parse(s, &u) : URL_EMPTY;
	if (urc != URL_OK) {
		if (url_rc != NULL)
			*url_rc = urc;
		return VIDEO_BAD_URL;
	}
	rc = VIDEO_HOST;
	fam = host_family(u.host);
	/* "https://tiktok.com@evil.example/": user info disguises hosts; a port is no platform's. */
	if (u.userinfo || u.port != 0 || fam == FAM_NONE)
		goto out;
	if ((fam == FAM_TIKTOK || fam == FAM_TIKTOK_SHORT) && !allowed_has(allowed, "tiktok"))
		goto out;
	if (fam == FAM_YAPPY && !allowed_has(allowed, "yappy"))
		goto out;
	if (fam == FAM_VK && !allowed_has(allowed, "vk-clips") && !allowed_has(allowed, "vk-video"))
		goto out;
	rc = VIDEO_SHAPE;
	/* The key is "https://" HOST PATH [?QUERY]: no port, no user info, no fragment. */
	skip = (u.https ? strlen("https://") : strlen("http://")) + strlen(u.host);
	p = u.key + skip;
	pn = strcspn(p, "?");
	q = p[pn] == '?' ? p + pn + 1 : p + pn;
	qn = strlen(q);
	switch (fam) {
	case FAM_TIKTOK:
		ok = tiktok_path(p, pn, &f);
		f.platform = "tiktok";
		break;
	case FAM_TIKTOK_SHORT:
		ok = tiktok_short_path(p, pn, &f);
		f.platform = "tiktok";
		break;
	case FAM_YAPPY:
		ok = yappy_path(p, pn, &f);
		f.platform = "yappy";
		break;
	case FAM_VK:
		ok = vk_path(p, pn, q, qn, &f);
		/* One video under both paths: the platform the URL names, if allowed, else the other. */
		f.platform = f.vk_clip ? "vk-clips" : "vk-video";
		if (!allowed_has(allowed, f.platform))
			f.platform = f.vk_clip ? "vk-video" : "vk-clips";
		break;
	case FAM_NONE: abort();
	}
	if (!ok)
		goto out;
	video_fill(v, &f);
	rc = VIDEO_OK;
out:
	url_release(&u);
	return rc;
}

void
video_release(struct video *v)
{
	if (v == NULL)
		return;
	free(v->id);
	free(v->url);
	free(v->key);
	memset(v, 0, sizeof(*v));
}

char *
video_reason(enum video_rc rc, enum url_rc url_rc, const json_t *allowed)
{
	struct buf b;
	size_t i, n = 0;

	switch (rc) {
	case VIDEO_OK: return xstrdup("");
	case VIDEO_BAD_URL: return xstrdup(url_reason(url_rc));
	case VIDEO_SHAPE:
		return xstrdup("нужна ссылка на один ролик, а не на профиль, поиск или ленту: откройте "
			       "ролик и скопируйте ссылку кнопкой «Поделиться»");
	case VIDEO_HOST: break;
	case VIDEO_RC__MAX: return xstrdup("неверная ссылка на ролик");
	}
	buf_init(&b, BUF_MAX_DEFAULT);
	/* The titles in the order of the campaign file, each once. */
	for (i = 0; json_is_array(allowed) && i < json_array_size(allowed); i++) {
		const char *code = json_string_value(json_array_get(allowed, i));
		const char *title = video_platform_title(code);
		size_t k;
		int seen = 0;

		if (title == NULL)
			continue;
		for (k = 0; k < i; k++) {
			const char *prev = json_string_value(json_array_get(allowed, k));

			if (prev != NULL && strcmp(prev, code) == 0)
				seen = 1;
		}
		if (seen)
			continue;
		if (buf_adds(&b, n == 0 ? "допустимы ролики " : ", ") < 0 || buf_adds(&b, title) < 0)
			abort(); /* a handful of short titles */
		n++;
	}
	if (n == 0) {
		buf_release(&b);
		return xstrdup("конкурс не принимает ролики ни с одной платформы");
	}
	return buf_detach(&b, NULL);
}
