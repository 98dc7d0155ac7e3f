/*
 * video: the address of a contest video on one of the platforms a contest
 * allows, checked for a shape that really is one video, and reduced to a
 * canonical URL and a key, so the same video entered twice — through
 * another host alias, the mobile site, with tracking parameters — is one.
 *
 * Platforms (codes as in the campaign file's contest.video_hosts):
 * - "tiktok": www.tiktok.com, tiktok.com, m.tiktok.com:
 *   /@USER/video/ID (ID: digits) → https://www.tiktok.com/@user/video/ID,
 *   key "tiktok:ID"; /v/ID.html and m.tiktok.com/v/ID.html the same ID;
 *   short links vm.tiktok.com/CODE/, vt.tiktok.com/CODE/ and
 *   www.tiktok.com/t/CODE/ → https://vm.tiktok.com/CODE/, key
 *   "tiktok-short:CODE" (a short link cannot be resolved without the
 *   network, so it and the long link of the same video are two keys).
 * - "vk-clips" and "vk-video": vk.com, m.vk.com, vk.ru, m.vk.ru,
 *   vkvideo.ru, m.vkvideo.ru: /clip-OWNER_ID (clips), /video-OWNER_ID and
 *   /videoOWNER_ID (video), also as ?z=clip… / ?z=video… on any vk page
 *   → https://vk.com/clip-1_2 or https://vk.com/video-1_2; one key
 *   "vk:OWNER_ID" for both, since VK serves one video under both paths.
 *   A vk.com URL is accepted when either VK platform is allowed.
 * - "yappy": yappy.media, www.yappy.media: /v/ID, /video/ID
 *   → https://yappy.media/v/ID, key "yappy:ID".
 * The query (utm_*, is_from_webapp, sender_device, _r, _t, share_*…) and
 * the fragment are dropped: the canonical URL carries none. http:// is
 * accepted and canonicalised to https://.
 *
 * Invariants: pure; after video_parse() returns VIDEO_OK every string of
 * the struct is owned by it (video_release frees them); on any other result
 * nothing is allocated.
 */
#ifndef SVODKA_DOMAIN_VIDEO_H
#define SVODKA_DOMAIN_VIDEO_H

#include <jansson.h>

#include "domain/url.h"

struct video {
	const char *platform; /* static code: "tiktok", "vk-clips", "vk-video", "yappy" */
	char *id; /* the platform's id: "7062947386237650178", "-123_456", "ZSabc123" */
	char *url; /* canonical URL, as shown to moderators and jurors */
	char *key; /* duplicate key: same video ⇔ same key */
};

enum video_rc {
	VIDEO_OK = 0,
	VIDEO_BAD_URL, /* not a URL at all: *url_rc says why */
	VIDEO_HOST, /* a URL, but not on an allowed platform */
	VIDEO_SHAPE, /* an allowed host, but not one video: a profile, a search, a feed */
	VIDEO_RC__MAX
};

/* 1 when code is a platform this module knows, else 0. */
int video_platform_known(const char *code);
/* Its name for people: «TikTok», «VK Клипы», «VK Видео», «Yappy»; NULL if unknown. */
const char *video_platform_title(const char *code);
/*
 * 1 when host (ASCII, lowercase, as in the campaign file's "hosts") is one
 * the platform serves videos from, else 0: the campaign file's check.
 */
int video_platform_host(const char *code, const char *host);

/*
 * Parses `s`, accepting only the platforms whose codes are in `allowed` (a
 * JSON array of strings). On VIDEO_BAD_URL *url_rc (may be NULL) gets the
 * URL's own reason.
 */
__attribute__((warn_unused_result)) enum video_rc video_parse(const char *s, const json_t *allowed,
							      struct video *v, enum url_rc *url_rc);
void video_release(struct video *v); /* NULL or a zeroed struct is fine */

/*
 * The reason in Russian, without the field. For VIDEO_HOST it lists the
 * allowed platforms' titles («допустимы ролики TikTok, VK Клипы, Yappy»),
 * for VIDEO_SHAPE it says a link to one video is needed, for VIDEO_BAD_URL
 * url_reason(url_rc). A new string (free it).
 */
char *video_reason(enum video_rc rc, enum url_rc url_rc, const json_t *allowed);

#endif
