/*
 * test_video: domain/video.h — every platform and URL shape (TikTok long,
 * /v/ID.html and short links; VK clips and videos on every alias and as
 * ?z=…; Yappy), the canonical URL and key (https, host case, tracking
 * parameters and fragments dropped, one key for aliases), the platforms a
 * contest allows, and the refusals: profiles, searches, feeds, other and
 * look-alike hosts, user info, ports, non-digit ids, empty and long input,
 * with the Russian reasons.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "domain/video.h"

static json_t *
all_platforms(void)
{
	return json_pack("[ssss]", "tiktok", "vk-clips", "vk-video", "yappy");
}

/* `s` parses under `allowed` into platform, id, url and key. */
static void
ok_in(const json_t *allowed, const char *s, const char *platform, const char *id, const char *url,
      const char *key)
{
	struct video v;
	enum url_rc urc = URL_RC__MAX;

	assert_int_equal(video_parse(s, allowed, &v, &urc), VIDEO_OK);
	assert_int_equal(urc, URL_OK);
	assert_string_equal(v.platform, platform);
	assert_string_equal(v.id, id);
	assert_string_equal(v.url, url);
	assert_string_equal(v.key, key);
	video_release(&v);
	assert_null(v.id);
	assert_null(v.url);
	assert_null(v.key);
}

static void
ok(const char *s, const char *platform, const char *id, const char *url, const char *key)
{
	json_t *all = all_platforms();

	ok_in(all, s, platform, id, url, key);
	json_decref(all);
}

/* `s` is refused under `allowed` with `want`, and nothing is left in v. */
static void
bad_in(const json_t *allowed, const char *s, enum video_rc want)
{
	struct video v;
	enum url_rc urc = URL_RC__MAX;

	assert_int_equal(video_parse(s, allowed, &v, &urc), want);
	if (want != VIDEO_BAD_URL)
		assert_int_equal(urc, URL_OK);
	else
		assert_int_not_equal(urc, URL_OK);
	assert_null(v.platform);
	assert_null(v.id);
	assert_null(v.url);
	assert_null(v.key);
	video_release(&v);
}

static void
bad(const char *s, enum video_rc want)
{
	json_t *all = all_platforms();

	bad_in(all, s, want);
	json_decref(all);
}

static void
test_platforms(void **state)
{
	(void)state;
	assert_int_equal(video_platform_known("tiktok"), 1);
	assert_int_equal(video_platform_known("vk-clips"), 1);
	assert_int_equal(video_platform_known("vk-video"), 1);
	assert_int_equal(video_platform_known("yappy"), 1);
	assert_int_equal(video_platform_known("youtube"), 0);
	assert_int_equal(video_platform_known("TikTok"), 0);
	assert_int_equal(video_platform_known(""), 0);
	assert_int_equal(video_platform_known(NULL), 0);
	assert_string_equal(video_platform_title("tiktok"), "TikTok");
	assert_string_equal(video_platform_title("vk-clips"), "VK Клипы");
	assert_string_equal(video_platform_title("vk-video"), "VK Видео");
	assert_string_equal(video_platform_title("yappy"), "Yappy");
	assert_null(video_platform_title("rutube"));
	assert_null(video_platform_title(NULL));

	assert_int_equal(video_platform_host("tiktok", "www.tiktok.com"), 1);
	assert_int_equal(video_platform_host("tiktok", "tiktok.com"), 1);
	assert_int_equal(video_platform_host("tiktok", "m.tiktok.com"), 1);
	assert_int_equal(video_platform_host("tiktok", "vm.tiktok.com"), 1);
	assert_int_equal(video_platform_host("tiktok", "vt.tiktok.com"), 1);
	assert_int_equal(video_platform_host("tiktok", "evil-tiktok.com"), 0);
	assert_int_equal(video_platform_host("tiktok", "tiktok.com.evil.ru"), 0);
	assert_int_equal(video_platform_host("tiktok", "ads.tiktok.com"), 0);
	assert_int_equal(video_platform_host("tiktok", "vk.com"), 0);
	assert_int_equal(video_platform_host("tiktok", "WWW.TIKTOK.COM"), 0); /* hosts come lowercase */
	assert_int_equal(video_platform_host("vk-clips", "vk.com"), 1);
	assert_int_equal(video_platform_host("vk-clips", "m.vk.com"), 1);
	assert_int_equal(video_platform_host("vk-video", "vk.ru"), 1);
	assert_int_equal(video_platform_host("vk-video", "m.vk.ru"), 1);
	assert_int_equal(video_platform_host("vk-video", "vkvideo.ru"), 1);
	assert_int_equal(video_platform_host("vk-clips", "m.vkvideo.ru"), 1);
	assert_int_equal(video_platform_host("vk-video", "vk.company"), 0);
	assert_int_equal(video_platform_host("vk-video", "tiktok.com"), 0);
	assert_int_equal(video_platform_host("yappy", "yappy.media"), 1);
	assert_int_equal(video_platform_host("yappy", "www.yappy.media"), 1);
	assert_int_equal(video_platform_host("yappy", "yappy.media.evil.ru"), 0);
	assert_int_equal(video_platform_host("youtube", "youtube.com"), 0);
	assert_int_equal(video_platform_host(NULL, "vk.com"), 0);
	assert_int_equal(video_platform_host("vk-clips", NULL), 0);
}

static void
test_tiktok(void **state)
{
	const char *want = "https://www.tiktok.com/@school25/video/7062947386237650178";

	(void)state;
	ok("https://www.tiktok.com/@school25/video/7062947386237650178", "tiktok", "7062947386237650178",
	   want, "tiktok:7062947386237650178");
	ok("https://tiktok.com/@school25/video/7062947386237650178", "tiktok", "7062947386237650178", want,
	   "tiktok:7062947386237650178");
	ok("https://m.tiktok.com/@school25/video/7062947386237650178/", "tiktok", "7062947386237650178", want,
	   "tiktok:7062947386237650178");
	/* http, host and user case, tracking parameters and the fragment. */
	ok("http://WWW.TikTok.com/@School25/video/7062947386237650178?is_from_webapp=1&sender_device=pc"
	   "&_r=1&_t=8abc#comments",
	   "tiktok", "7062947386237650178", want, "tiktok:7062947386237650178");
	ok("  https://www.tiktok.com/@school25/video/7062947386237650178?lang=ru  ", "tiktok",
	   "7062947386237650178", want, "tiktok:7062947386237650178");
	ok("https://www.tiktok.com.:443/@school25/video/7062947386237650178", "tiktok", "7062947386237650178",
	   want, "tiktok:7062947386237650178");
	ok("https://www.tiktok.com/@shkola_25.vl/video/1", "tiktok", "1",
	   "https://www.tiktok.com/@shkola_25.vl/video/1", "tiktok:1");
	/* /v/ID.html: the same id, so the same key as the long link. */
	ok("https://www.tiktok.com/v/7062947386237650178.html", "tiktok", "7062947386237650178",
	   "https://www.tiktok.com/v/7062947386237650178.html", "tiktok:7062947386237650178");
	ok("https://m.tiktok.com/v/7062947386237650178.html?u_code=x", "tiktok", "7062947386237650178",
	   "https://www.tiktok.com/v/7062947386237650178.html", "tiktok:7062947386237650178");
	/* Short links: their own key, one canonical host. */
	ok("https://vm.tiktok.com/ZSabc123/", "tiktok", "ZSabc123", "https://vm.tiktok.com/ZSabc123/",
	   "tiktok-short:ZSabc123");
	ok("https://vm.tiktok.com/ZSabc123", "tiktok", "ZSabc123", "https://vm.tiktok.com/ZSabc123/",
	   "tiktok-short:ZSabc123");
	ok("http://VT.TIKTOK.COM/ZSabc123/?_r=1", "tiktok", "ZSabc123", "https://vm.tiktok.com/ZSabc123/",
	   "tiktok-short:ZSabc123");
	ok("https://www.tiktok.com/t/ZSabc123/", "tiktok", "ZSabc123", "https://vm.tiktok.com/ZSabc123/",
	   "tiktok-short:ZSabc123");
	ok("https://tiktok.com/t/ZSabc123", "tiktok", "ZSabc123", "https://vm.tiktok.com/ZSabc123/",
	   "tiktok-short:ZSabc123");
	/* A short code is case-sensitive: another code, another key. */
	ok("https://vm.tiktok.com/zsabc123/", "tiktok", "zsabc123", "https://vm.tiktok.com/zsabc123/",
	   "tiktok-short:zsabc123");
}

static void
test_tiktok_not_one_video(void **state)
{
	(void)state;
	bad("https://www.tiktok.com/", VIDEO_SHAPE);
	bad("https://www.tiktok.com", VIDEO_SHAPE);
	bad("https://www.tiktok.com/@school25", VIDEO_SHAPE); /* a profile */
	bad("https://www.tiktok.com/@school25/", VIDEO_SHAPE);
	bad("https://www.tiktok.com/@school25/video/", VIDEO_SHAPE);
	bad("https://www.tiktok.com/@school25/video/abc", VIDEO_SHAPE); /* non-digit id */
	bad("https://www.tiktok.com/@school25/video/706294738623765017x", VIDEO_SHAPE);
	bad("https://www.tiktok.com/@school25/video/-7062947386237650178", VIDEO_SHAPE);
	bad("https://www.tiktok.com/@school25/video/7062947386237650178/comments", VIDEO_SHAPE);
	bad("https://www.tiktok.com/@school25/video/7062947386237650178//", VIDEO_SHAPE);
	bad("https://www.tiktok.com/@school25/photo/7062947386237650178", VIDEO_SHAPE);
	bad("https://www.tiktok.com/@/video/7062947386237650178", VIDEO_SHAPE);
	bad("https://www.tiktok.com/@школа/video/7062947386237650178", VIDEO_SHAPE);
	bad("https://www.tiktok.com/@school25/VIDEO/7062947386237650178", VIDEO_SHAPE);
	bad("https://www.tiktok.com/school25/video/7062947386237650178", VIDEO_SHAPE);
	bad("https://www.tiktok.com/search?q=%23хартия", VIDEO_SHAPE); /* a search */
	bad("https://www.tiktok.com/tag/хартия", VIDEO_SHAPE); /* a hashtag feed */
	bad("https://www.tiktok.com/foryou", VIDEO_SHAPE); /* the feed */
	bad("https://www.tiktok.com/explore", VIDEO_SHAPE);
	bad("https://www.tiktok.com/?video=7062947386237650178", VIDEO_SHAPE);
	bad("https://www.tiktok.com/v/7062947386237650178", VIDEO_SHAPE);
	bad("https://www.tiktok.com/v/7062947386237650178.htm", VIDEO_SHAPE);
	bad("https://www.tiktok.com/v/abc.html", VIDEO_SHAPE);
	bad("https://www.tiktok.com/v/.html", VIDEO_SHAPE);
	bad("https://www.tiktok.com/t/", VIDEO_SHAPE);
	bad("https://www.tiktok.com/t/ZS-abc/", VIDEO_SHAPE);
	bad("https://vm.tiktok.com/", VIDEO_SHAPE);
	bad("https://vm.tiktok.com", VIDEO_SHAPE);
	bad("https://vm.tiktok.com/ZSabc123/x", VIDEO_SHAPE);
	bad("https://vm.tiktok.com/@school25/video/7062947386237650178", VIDEO_SHAPE);
	bad("https://vm.tiktok.com/ZS%41bc/", VIDEO_SHAPE);
	/* An id longer than any platform's. */
	bad("https://www.tiktok.com/@a/video/"
	    "12345678901234567890123456789012345678901234567890123456789012345",
	    VIDEO_SHAPE);
}

static void
test_vk(void **state)
{
	(void)state;
	ok("https://vk.com/clip-123_456", "vk-clips", "-123_456", "https://vk.com/clip-123_456",
	   "vk:-123_456");
	ok("https://m.vk.com/clip-123_456", "vk-clips", "-123_456", "https://vk.com/clip-123_456",
	   "vk:-123_456");
	ok("https://vk.ru/clip-123_456/", "vk-clips", "-123_456", "https://vk.com/clip-123_456",
	   "vk:-123_456");
	ok("https://m.vk.ru/clip123_456", "vk-clips", "123_456", "https://vk.com/clip123_456", "vk:123_456");
	ok("https://vkvideo.ru/clip-123_456", "vk-clips", "-123_456", "https://vk.com/clip-123_456",
	   "vk:-123_456");
	ok("https://vk.com/video-123_456", "vk-video", "-123_456", "https://vk.com/video-123_456",
	   "vk:-123_456");
	ok("https://vk.com/video123_456", "vk-video", "123_456", "https://vk.com/video123_456", "vk:123_456");
	ok("http://VKVideo.RU/video-123_456?list=ln-abc&t=1m2s#x", "vk-video", "-123_456",
	   "https://vk.com/video-123_456", "vk:-123_456");
	ok("https://m.vkvideo.ru/video-123_456", "vk-video", "-123_456", "https://vk.com/video-123_456",
	   "vk:-123_456");
	/* ?z=… on any VK page, with VK's own tail after the id. */
	ok("https://vk.com/clips-123?z=clip-1_2", "vk-clips", "-1_2", "https://vk.com/clip-1_2", "vk:-1_2");
	ok("https://vk.com/feed?w=wall&z=clip-1_2%2Fpl_cat_trends", "vk-clips", "-1_2",
	   "https://vk.com/clip-1_2", "vk:-1_2");
	ok("https://vk.com/?z=video-1_2", "vk-video", "-1_2", "https://vk.com/video-1_2", "vk:-1_2");
	ok("https://vk.com/videos-1?z=video-1_2/pl_-1_-2", "vk-video", "-1_2", "https://vk.com/video-1_2",
	   "vk:-1_2");
	ok("https://m.vk.com/club1?utm_source=x&z=video1_2&utm_medium=y", "vk-video", "1_2",
	   "https://vk.com/video1_2", "vk:1_2");
}

static void
test_vk_not_one_video(void **state)
{
	(void)state;
	bad("https://vk.com/", VIDEO_SHAPE);
	bad("https://vk.com/club123", VIDEO_SHAPE); /* a community */
	bad("https://vk.com/id123", VIDEO_SHAPE); /* a profile */
	bad("https://vk.com/clips", VIDEO_SHAPE); /* the clips feed */
	bad("https://vk.com/clips-123", VIDEO_SHAPE);
	bad("https://vk.com/video", VIDEO_SHAPE);
	bad("https://vk.com/videos-123", VIDEO_SHAPE);
	bad("https://vk.com/video?q=хартия", VIDEO_SHAPE); /* a search */
	bad("https://vk.com/video-123", VIDEO_SHAPE);
	bad("https://vk.com/video-123_", VIDEO_SHAPE);
	bad("https://vk.com/video-_456", VIDEO_SHAPE);
	bad("https://vk.com/video-abc_456", VIDEO_SHAPE);
	bad("https://vk.com/video-123_45x", VIDEO_SHAPE);
	bad("https://vk.com/video--123_456", VIDEO_SHAPE);
	bad("https://vk.com/video-123_456/comments", VIDEO_SHAPE);
	bad("https://vk.com/wall-123_456", VIDEO_SHAPE); /* a post, not a video */
	bad("https://vk.com/feed?z=photo-1_2", VIDEO_SHAPE);
	bad("https://vk.com/feed?z=clip-1_", VIDEO_SHAPE);
	bad("https://vk.com/feed?z=clip-1_2x", VIDEO_SHAPE);
	bad("https://vk.com/feed?zz=clip-1_2", VIDEO_SHAPE);
	bad("https://vk.com/feed?q=1#z=clip-1_2", VIDEO_SHAPE); /* the fragment is not the query */
	bad("https://vk.com/feed?z=", VIDEO_SHAPE);
	bad("https://vk.com/feed?z", VIDEO_SHAPE);
}

static void
test_yappy(void **state)
{
	(void)state;
	ok("https://yappy.media/v/ZSabc123", "yappy", "ZSabc123", "https://yappy.media/v/ZSabc123",
	   "yappy:ZSabc123");
	ok("https://www.yappy.media/video/ZSabc123/?utm_source=share", "yappy", "ZSabc123",
	   "https://yappy.media/v/ZSabc123", "yappy:ZSabc123");
	ok("http://YAPPY.media/v/a1_b-2#t", "yappy", "a1_b-2", "https://yappy.media/v/a1_b-2",
	   "yappy:a1_b-2");
	bad("https://yappy.media/", VIDEO_SHAPE);
	bad("https://yappy.media/v/", VIDEO_SHAPE);
	bad("https://yappy.media/profile/school25", VIDEO_SHAPE);
	bad("https://yappy.media/v/ZS.abc", VIDEO_SHAPE);
	bad("https://yappy.media/v/ZSabc123/more", VIDEO_SHAPE);
	bad("https://yappy.media/search?q=x", VIDEO_SHAPE);
}

static void
test_same_video_one_key(void **state)
{
	static const char *const tt[] = {
		"https://www.tiktok.com/@school25/video/7062947386237650178",
		"http://m.tiktok.com/@SCHOOL25/video/7062947386237650178?_r=1",
		"https://tiktok.com/v/7062947386237650178.html",
		"https://www.tiktok.com/@another/video/7062947386237650178#x",
	};
	static const char *const vk[] = {
		"https://vk.com/clip-1_2",
		"https://m.vk.ru/video-1_2",
		"https://vkvideo.ru/video-1_2?list=x",
		"https://vk.com/clips?z=clip-1_2",
		"http://VK.COM/feed?z=video-1_2%2Fpl",
	};
	json_t *all = all_platforms();
	struct video a, b;
	size_t i;

	(void)state;
	assert_int_equal(video_parse(tt[0], all, &a, NULL), VIDEO_OK);
	for (i = 1; i < sizeof(tt) / sizeof(tt[0]); i++) {
		assert_int_equal(video_parse(tt[i], all, &b, NULL), VIDEO_OK);
		assert_string_equal(a.key, b.key);
		video_release(&b);
	}
	video_release(&a);
	assert_int_equal(video_parse(vk[0], all, &a, NULL), VIDEO_OK);
	for (i = 1; i < sizeof(vk) / sizeof(vk[0]); i++) {
		assert_int_equal(video_parse(vk[i], all, &b, NULL), VIDEO_OK);
		assert_string_equal(a.key, b.key);
		video_release(&b);
	}
	video_release(&a);
	/* Different videos, different keys; and a short link is not the long one. */
	assert_int_equal(video_parse("https://vk.com/clip-1_2", all, &a, NULL), VIDEO_OK);
	assert_int_equal(video_parse("https://vk.com/clip-1_3", all, &b, NULL), VIDEO_OK);
	assert_string_not_equal(a.key, b.key);
	video_release(&a);
	video_release(&b);
	assert_int_equal(video_parse("https://vk.com/clip-1_2", all, &a, NULL), VIDEO_OK);
	assert_int_equal(video_parse("https://vk.com/clip1_2", all, &b, NULL), VIDEO_OK);
	assert_string_not_equal(a.key, b.key); /* a community's and a user's video */
	video_release(&a);
	video_release(&b);
	assert_int_equal(video_parse("https://vm.tiktok.com/123/", all, &a, NULL), VIDEO_OK);
	assert_int_equal(video_parse("https://www.tiktok.com/@a/video/123", all, &b, NULL), VIDEO_OK);
	assert_string_not_equal(a.key, b.key);
	video_release(&a);
	video_release(&b);
	json_decref(all);
}

static void
test_allowed(void **state)
{
	json_t *tiktok = json_pack("[s]", "tiktok");
	json_t *clips = json_pack("[s]", "vk-clips");
	json_t *video = json_pack("[s]", "vk-video");
	json_t *yappy = json_pack("[s]", "yappy");
	json_t *none = json_array();
	json_t *weird = json_pack("[isn]", 1, "youtube");
	json_t *obj = json_object();

	(void)state;
	ok_in(tiktok, "https://vm.tiktok.com/ZS1/", "tiktok", "ZS1", "https://vm.tiktok.com/ZS1/",
	      "tiktok-short:ZS1");
	bad_in(tiktok, "https://vk.com/clip-1_2", VIDEO_HOST);
	bad_in(tiktok, "https://yappy.media/v/x", VIDEO_HOST);
	bad_in(yappy, "https://www.tiktok.com/@a/video/1", VIDEO_HOST);
	bad_in(yappy, "https://vm.tiktok.com/ZS1/", VIDEO_HOST);
	ok_in(yappy, "https://yappy.media/v/x", "yappy", "x", "https://yappy.media/v/x", "yappy:x");
	/* Either VK platform lets a VK URL in, under the platform that is allowed. */
	ok_in(clips, "https://vk.com/clip-1_2", "vk-clips", "-1_2", "https://vk.com/clip-1_2", "vk:-1_2");
	ok_in(clips, "https://vk.com/video-1_2", "vk-clips", "-1_2", "https://vk.com/video-1_2", "vk:-1_2");
	ok_in(video, "https://vk.com/clip-1_2", "vk-video", "-1_2", "https://vk.com/clip-1_2", "vk:-1_2");
	ok_in(video, "https://vk.com/?z=video-1_2", "vk-video", "-1_2", "https://vk.com/video-1_2",
	      "vk:-1_2");
	bad_in(clips, "https://www.tiktok.com/@a/video/1", VIDEO_HOST);
	/* Nothing allowed, a non-array, odd members: no host is allowed. */
	bad_in(none, "https://www.tiktok.com/@a/video/1", VIDEO_HOST);
	bad_in(weird, "https://www.tiktok.com/@a/video/1", VIDEO_HOST);
	bad_in(obj, "https://vk.com/clip-1_2", VIDEO_HOST);
	bad_in(NULL, "https://vk.com/clip-1_2", VIDEO_HOST);
	/* The host is checked before the shape: a profile on a forbidden host is a host error. */
	bad_in(tiktok, "https://vk.com/id1", VIDEO_HOST);
	json_decref(tiktok);
	json_decref(clips);
	json_decref(video);
	json_decref(yappy);
	json_decref(none);
	json_decref(weird);
	json_decref(obj);
}

static void
test_bad_hosts(void **state)
{
	(void)state;
	bad("https://youtube.com/watch?v=abc", VIDEO_HOST);
	bad("https://rutube.ru/video/abc/", VIDEO_HOST);
	bad("https://tiktok.com.evil.ru/@a/video/1", VIDEO_HOST);
	bad("https://evil-tiktok.com/@a/video/1", VIDEO_HOST);
	bad("https://eviltiktok.com/@a/video/1", VIDEO_HOST);
	bad("https://www.tiktok.co/@a/video/1", VIDEO_HOST);
	bad("https://ads.tiktok.com/@a/video/1", VIDEO_HOST);
	bad("https://vk.com.evil.ru/clip-1_2", VIDEO_HOST);
	bad("https://vk.company/clip-1_2", VIDEO_HOST);
	bad("https://fake-vk.com/clip-1_2", VIDEO_HOST);
	bad("https://www.vk.com.ru/clip-1_2", VIDEO_HOST);
	bad("https://yappy.media.evil.ru/v/x", VIDEO_HOST);
	/* Cyrillic «т» and «к» in place of Latin letters: punycode hosts, not TikTok or VK. */
	bad("https://тiktok.com/@a/video/1", VIDEO_HOST);
	bad("https://vк.com/clip-1_2", VIDEO_HOST);
	/* User info disguising the host, and user info on the right host. */
	bad("https://tiktok.com@evil.ru/@a/video/1", VIDEO_HOST);
	bad("https://www.tiktok.com:x@evil.ru/@a/video/1", VIDEO_HOST);
	bad("https://user@www.tiktok.com/@a/video/1", VIDEO_HOST);
	bad("https://vk.com@vk.com/clip-1_2", VIDEO_HOST);
	/* A port that is not the scheme's own. */
	bad("https://vk.com:8443/clip-1_2", VIDEO_HOST);
	bad("http://vk.com:443/clip-1_2", VIDEO_HOST);
	bad("https://10.0.0.1/clip-1_2", VIDEO_HOST);
}

static void
test_bad_urls(void **state)
{
	json_t *all = all_platforms();
	struct video v;
	enum url_rc urc;
	char *big;

	(void)state;
	bad("", VIDEO_BAD_URL);
	bad("   ", VIDEO_BAD_URL);
	bad("tiktok.com/@a/video/1", VIDEO_BAD_URL);
	bad("javascript:alert(1)", VIDEO_BAD_URL);
	bad("ftp://vk.com/clip-1_2", VIDEO_BAD_URL);
	bad("https://vk.com/clip-1_2 https://vk.com/clip-1_3", VIDEO_BAD_URL);
	bad("https://vk.com/clip-1_2\xe2\x80\x8b", VIDEO_BAD_URL); /* a zero-width space */
	bad("https://vk.com/clip-1_2\xff", VIDEO_BAD_URL);
	bad("https:///clip-1_2", VIDEO_BAD_URL);

	assert_int_equal(video_parse("", all, &v, &urc), VIDEO_BAD_URL);
	assert_int_equal(urc, URL_EMPTY);
	assert_int_equal(video_parse(NULL, all, &v, &urc), VIDEO_BAD_URL);
	assert_int_equal(urc, URL_EMPTY);
	assert_int_equal(video_parse("vk.com/clip-1_2", all, &v, &urc), VIDEO_BAD_URL);
	assert_int_equal(urc, URL_NO_SCHEME);
	assert_int_equal(video_parse("vk.com/clip-1_2", all, &v, NULL),
			 VIDEO_BAD_URL); /* url_rc may be NULL */
	/* Very long: past URL_MAX, then a long path that is no shape. */
	big = malloc(URL_MAX + 100);
	assert_non_null(big);
	memcpy(big, "https://vk.com/clip-1_", 22);
	memset(big + 22, '1', URL_MAX + 100 - 23);
	big[URL_MAX + 99] = '\0';
	assert_int_equal(video_parse(big, all, &v, &urc), VIDEO_BAD_URL);
	assert_int_equal(urc, URL_TOO_LONG);
	assert_null(v.key);
	big[URL_MAX - 10] = '\0';
	assert_int_equal(video_parse(big, all, &v, &urc), VIDEO_SHAPE);
	assert_null(v.key);
	free(big);
	json_decref(all);
	video_release(NULL);
}

/*
 * Every prefix of good URLs, and each with one byte changed to a few
 * troublemakers: never a crash or a leak (ASan), nothing left in v on a
 * refusal, and an accepted one always has the platform's key prefix.
 */
static void
test_prefixes_and_bytes(void **state)
{
	static const char *const good[] = {
		"https://www.tiktok.com/@school25/video/7062947386237650178?_r=1#x",
		"https://vm.tiktok.com/ZSabc123/",
		"https://m.vk.com/feed?z=clip-123_456%2Fpl",
		"https://www.yappy.media/video/ZSabc123/",
	};
	static const char subst[] = {'\0', '/', '?', '#', '@', ':', '%', '.', '-', '_', 'A', '9', '\x80'};
	json_t *all = all_platforms();
	char buf[128];
	size_t g, i, k;

	(void)state;
	for (g = 0; g < sizeof(good) / sizeof(good[0]); g++) {
		size_t n = strlen(good[g]);

		assert_true(n < sizeof(buf));
		for (i = 0; i <= n; i++) {
			for (k = 0; k < sizeof(subst); k++) {
				struct video v;
				enum video_rc rc;

				memcpy(buf, good[g], n + 1);
				if (i < n)
					buf[i] = subst[k];
				else
					buf[i] = '\0'; /* the whole URL */
				rc = video_parse(buf, all, &v, NULL);
				if (rc == VIDEO_OK) {
					assert_true(strncmp(v.key, "tiktok:", 7) == 0 ||
						    strncmp(v.key, "tiktok-short:", 13) == 0 ||
						    strncmp(v.key, "vk:", 3) == 0 ||
						    strncmp(v.key, "yappy:", 6) == 0);
					assert_true(strncmp(v.url, "https://", 8) == 0);
					assert_null(strpbrk(v.url, "?#"));
					assert_null(memchr(v.url + 8, '@', strcspn(v.url + 8, "/")));
				} else {
					assert_null(v.key);
					assert_null(v.url);
					assert_null(v.id);
				}
				video_release(&v);
			}
		}
	}
	json_decref(all);
}

static void
test_reason(void **state)
{
	json_t *all = all_platforms();
	json_t *some = json_pack("[sss]", "yappy", "tiktok", "yappy");
	json_t *none = json_array();
	json_t *odd = json_pack("[si]", "youtube", 1);
	char *s;

	(void)state;
	s = video_reason(VIDEO_HOST, URL_OK, all);
	assert_string_equal(s, "допустимы ролики TikTok, VK Клипы, VK Видео, Yappy");
	free(s);
	s = video_reason(VIDEO_HOST, URL_OK, some);
	assert_string_equal(s, "допустимы ролики Yappy, TikTok");
	free(s);
	s = video_reason(VIDEO_HOST, URL_OK, none);
	assert_string_equal(s, "конкурс не принимает ролики ни с одной платформы");
	free(s);
	s = video_reason(VIDEO_HOST, URL_OK, odd);
	assert_string_equal(s, "конкурс не принимает ролики ни с одной платформы");
	free(s);
	s = video_reason(VIDEO_HOST, URL_OK, NULL);
	assert_string_equal(s, "конкурс не принимает ролики ни с одной платформы");
	free(s);
	s = video_reason(VIDEO_SHAPE, URL_OK, all);
	assert_non_null(strstr(s, "нужна ссылка на один ролик, а не на профиль, поиск или ленту"));
	free(s);
	s = video_reason(VIDEO_BAD_URL, URL_NO_SCHEME, all);
	assert_string_equal(s, url_reason(URL_NO_SCHEME));
	free(s);
	s = video_reason(VIDEO_BAD_URL, URL_EMPTY, all);
	assert_string_equal(s, "адрес не указан");
	free(s);
	s = video_reason(VIDEO_OK, URL_OK, all);
	assert_string_equal(s, "");
	free(s);
	json_decref(all);
	json_decref(some);
	json_decref(none);
	json_decref(odd);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_platforms),
		cmocka_unit_test(test_tiktok),
		cmocka_unit_test(test_tiktok_not_one_video),
		cmocka_unit_test(test_vk),
		cmocka_unit_test(test_vk_not_one_video),
		cmocka_unit_test(test_yappy),
		cmocka_unit_test(test_same_video_one_key),
		cmocka_unit_test(test_allowed),
		cmocka_unit_test(test_bad_hosts),
		cmocka_unit_test(test_bad_urls),
		cmocka_unit_test(test_prefixes_and_bytes),
		cmocka_unit_test(test_reason),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
