/*
 * seal: the key file and what svodka does with it — sealing personal data,
 * keyed hashes and signed form tokens (seal.h). Every primitive is
 * libsodium's; this file only fixes the formats and the subkeys.
 */
#include "util/seal.h"

#include <errno.h>
#include <fcntl.h>
#include <jansson.h>
#include <inttypes.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util/xalloc.h"

#define SEAL_KEY_BYTES 32
#define SEAL_CONTEXT "svodka01" /* crypto_kdf context: 8 bytes */
#define SEAL_BOX_PREFIX "s1."
#define SEAL_TOKEN_PREFIX "t1."
#define SEAL_TOKEN_RANDOM 16 /* bytes of a form token's random part */

/* Subkey ids: one per purpose, never reused for another. */
enum { SUBKEY_BOX = 1, SUBKEY_HASH = 2, SUBKEY_TOKEN = 3 };

struct seal {
	unsigned char box[crypto_secretbox_xchacha20poly1305_KEYBYTES];
	unsigned char hash[crypto_generichash_KEYBYTES];
	unsigned char token[crypto_generichash_KEYBYTES];
};

static struct seal *global;

static int
ready(void)
{
	return sodium_init() < 0 ? -1 : 0;
}

int
seal_key_create(const char *path)
{
	unsigned char key[SEAL_KEY_BYTES];
	int fd, saved;
	ssize_t w;

	if (ready() < 0) {
		errno = EIO;
		return -1;
	}
	fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
	if (fd < 0)
		return -1;
	randombytes_buf(key, sizeof(key));
	w = write(fd, key, sizeof(key));
	sodium_memzero(key, sizeof(key));
	if (w != (ssize_t)sizeof(key) || fchmod(fd, 0600) < 0 || fsync(fd) < 0) {
		saved = w >= 0 && w != (ssize_t)sizeof(key) ? EIO : errno;
		close(fd);
		unlink(path);
		errno = saved;
		return -1;
	}
	if (close(fd) < 0)
		return -1;
	return 0;
}

int
seal_key_load(const char *path, struct seal **out, char *err, size_t errlen)
{
	unsigned char key[SEAL_KEY_BYTES + 1];
	struct seal *s = NULL;
	struct stat sb;
	ssize_t n;
	int fd = -1, ret = -1;

	*out = NULL;
	if (ready() < 0) {
		snprintf(err, errlen, "libsodium failed to initialise");
		return -1;
	}
	fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
	if (fd < 0) {
		snprintf(err, errlen, "key file %s: %s", path, strerror(errno));
		goto out;
	}
	if (fstat(fd, &sb) < 0 || !S_ISREG(sb.st_mode)) {
		snprintf(err, errlen, "key file %s is not a regular file", path);
		goto out;
	}
	if ((sb.st_mode & 077) != 0) {
		snprintf(err, errlen, "key file %s is readable by group or others (mode %04o): chmod 600 it",
			 path, (unsigned)(sb.st_mode & 07777));
		goto out;
	}
	n = read(fd, key, sizeof(key));
	if (n != SEAL_KEY_BYTES) {
		snprintf(err, errlen, "key file %s must hold exactly %d bytes", path, SEAL_KEY_BYTES);
		goto out;
	}
	s = xcalloc(1, sizeof(*s));
	if (crypto_kdf_derive_from_key(s->box, sizeof(s->box), SUBKEY_BOX, SEAL_CONTEXT, key) != 0 ||
	    crypto_kdf_derive_from_key(s->hash, sizeof(s->hash), SUBKEY_HASH, SEAL_CONTEXT, key) != 0 ||
	    crypto_kdf_derive_from_key(s->token, sizeof(s->token), SUBKEY_TOKEN, SEAL_CONTEXT, key) != 0) {
		snprintf(err, errlen, "key file %s: deriving subkeys failed", path);
		goto out;
	}
	*out = s;
	s = NULL;
	ret = 0;
out:
	sodium_memzero(key, sizeof(key));
	seal_free(s);
	if (fd >= 0)
		close(fd);
	return ret;
}

void
seal_free(struct seal *s)
{
	if (s == NULL)
		return;
	sodium_memzero(s, sizeof(*s));
	free(s);
}

char *
seal_default_path(const char *db_url)
{
	const char *p = db_url;
	char *out;
	size_t n;

	if (db_url == NULL || strncmp(db_url, "postgres://", 11) == 0 ||
	    strncmp(db_url, "postgresql://", 13) == 0)
		return NULL;
	if (strncmp(p, "sqlite:", 7) == 0)
		p += 7;
	if (*p == '\0')
		return NULL; /* no database, no place beside it */
	n = strlen(p);
	out = xmalloc(n + 5);
	memcpy(out, p, n);
	memcpy(out + n, ".key", 5);
	return out;
}

const struct seal *
seal_global(void)
{
	return global;
}

void
seal_set_global(struct seal *s)
{
	seal_free(global);
	global = s;
}

char *
seal_box(const struct seal *s, const char *plain, size_t n)
{
	size_t raw_len = crypto_secretbox_xchacha20poly1305_NONCEBYTES +
			 crypto_secretbox_xchacha20poly1305_MACBYTES + n;
	unsigned char *raw = xmalloc(raw_len);
	size_t b64_len = sodium_base64_ENCODED_LEN(raw_len, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
	char *out = xmalloc(sizeof(SEAL_BOX_PREFIX) - 1 + b64_len);

	randombytes_buf(raw, crypto_secretbox_xchacha20poly1305_NONCEBYTES);
	crypto_secretbox_xchacha20poly1305_easy(raw + crypto_secretbox_xchacha20poly1305_NONCEBYTES,
						(const unsigned char *)plain, n, raw, s->box);
	memcpy(out, SEAL_BOX_PREFIX, sizeof(SEAL_BOX_PREFIX) - 1);
	sodium_bin2base64(out + sizeof(SEAL_BOX_PREFIX) - 1, b64_len, raw, raw_len,
			  sodium_base64_VARIANT_URLSAFE_NO_PADDING);
	free(raw);
	return out;
}

int
seal_open(const struct seal *s, const char *sealed, char **plain, size_t *n)
{
	const size_t overhead =
		crypto_secretbox_xchacha20poly1305_NONCEBYTES + crypto_secretbox_xchacha20poly1305_MACBYTES;
	unsigned char *raw = NULL;
	size_t b64_len, raw_len;
	char *out = NULL;
	int ret = -1;

	*plain = NULL;
	if (sealed == NULL || strncmp(sealed, SEAL_BOX_PREFIX, sizeof(SEAL_BOX_PREFIX) - 1) != 0)
		return -1;
	sealed += sizeof(SEAL_BOX_PREFIX) - 1;
	b64_len = strlen(sealed);
	raw = xmalloc(b64_len + 1);
	if (sodium_base642bin(raw, b64_len + 1, sealed, b64_len, NULL, &raw_len, NULL,
			      sodium_base64_VARIANT_URLSAFE_NO_PADDING) != 0 ||
	    raw_len < overhead)
		goto out;
	out = xmalloc(raw_len - overhead + 1);
	if (crypto_secretbox_xchacha20poly1305_open_easy(
		    (unsigned char *)out, raw + crypto_secretbox_xchacha20poly1305_NONCEBYTES,
		    raw_len - crypto_secretbox_xchacha20poly1305_NONCEBYTES, raw, s->box) != 0)
		goto out;
	out[raw_len - overhead] = '\0';
	if (n != NULL)
		*n = raw_len - overhead;
	*plain = out;
	out = NULL;
	ret = 0;
out:
	free(out);
	free(raw);
	return ret;
}

json_t *
seal_open_json(const struct seal *s, const char *sealed)
{
	char *plain = NULL;
	size_t n = 0;
	json_t *j;

	if (s == NULL || seal_open(s, sealed, &plain, &n) < 0)
		return NULL;
	j = json_loadb(plain, n, 0, NULL);
	sodium_memzero(plain, n);
	free(plain);
	return j;
}

void
seal_hash(const struct seal *s, const char *purpose, const void *data, size_t n, char out[SEAL_HASH_HEX])
{
	unsigned char h[32];
	crypto_generichash_state st;

	crypto_generichash_init(&st, s->hash, sizeof(s->hash), sizeof(h));
	/* The tag and its NUL first, so no purpose's input is another's. */
	crypto_generichash_update(&st, (const unsigned char *)purpose, strlen(purpose) + 1);
	crypto_generichash_update(&st, data, n);
	crypto_generichash_final(&st, h, sizeof(h));
	sodium_bin2hex(out, SEAL_HASH_HEX, h, sizeof(h));
}

/* The MAC of a token's signed part, as hex into mac (65 bytes). */
static void
token_mac(const struct seal *s, const char *signed_part, size_t n, char mac[SEAL_HASH_HEX])
{
	unsigned char h[32];

	crypto_generichash(h, sizeof(h), (const unsigned char *)signed_part, n, s->token, sizeof(s->token));
	sodium_bin2hex(mac, SEAL_HASH_HEX, h, sizeof(h));
}

char *
seal_form_token(const struct seal *s, int64_t now)
{
	unsigned char rnd[SEAL_TOKEN_RANDOM];
	char rnd_hex[2 * SEAL_TOKEN_RANDOM + 1], mac[SEAL_HASH_HEX], head[80];
	char *out;
	int n;

	randombytes_buf(rnd, sizeof(rnd));
	sodium_bin2hex(rnd_hex, sizeof(rnd_hex), rnd, sizeof(rnd));
	n = snprintf(head, sizeof(head), SEAL_TOKEN_PREFIX "%" PRId64 ".%s", now, rnd_hex);
	if (n < 0 || (size_t)n >= sizeof(head))
		abort();
	token_mac(s, head, (size_t)n, mac);
	out = xmalloc((size_t)n + 1 + sizeof(mac));
	memcpy(out, head, (size_t)n);
	out[n] = '.';
	memcpy(out + n + 1, mac, sizeof(mac));
	return out;
}

enum seal_token_rc
seal_form_token_check(const struct seal *s, const char *token, int64_t now, int64_t min_age, int64_t max_age,
		      int64_t *age)
{
	char mac[SEAL_HASH_HEX];
	const char *p, *dot, *last;
	int64_t issued = 0;
	size_t i;

	if (token == NULL || strncmp(token, SEAL_TOKEN_PREFIX, sizeof(SEAL_TOKEN_PREFIX) - 1) != 0 ||
	    strlen(token) > 200)
		return SEAL_TOKEN_BAD;
	p = token + sizeof(SEAL_TOKEN_PREFIX) - 1;
	dot = strchr(p, '.');
	last = strrchr(p, '.');
	if (dot == NULL || dot == p || last == dot || dot - p > 18)
		return SEAL_TOKEN_BAD;
	for (const char *q = p; q < dot; q++) {
		if (*q < '0' || *q > '9')
			return SEAL_TOKEN_BAD;
		issued = issued * 10 + (*q - '0');
	}
	if (last - dot - 1 != 2 * SEAL_TOKEN_RANDOM || strlen(last + 1) != SEAL_HASH_HEX - 1)
		return SEAL_TOKEN_BAD;
	for (i = 0; last[1 + i] != '\0'; i++)
		if (!((last[1 + i] >= '0' && last[1 + i] <= '9') ||
		      (last[1 + i] >= 'a' && last[1 + i] <= 'f')))
			return SEAL_TOKEN_BAD;
	token_mac(s, token, (size_t)(last - token), mac);
	if (sodium_memcmp(mac, last + 1, SEAL_HASH_HEX - 1) != 0)
		return SEAL_TOKEN_BAD;
	if (age != NULL)
		*age = now - issued;
	if (now - issued < min_age)
		return SEAL_TOKEN_FRESH;
	if (now - issued > max_age)
		return SEAL_TOKEN_EXPIRED;
	return SEAL_TOKEN_OK;
}

void
seal_random_hex(char out[SEAL_HASH_HEX])
{
	unsigned char rnd[32];

	if (ready() < 0)
		abort();
	randombytes_buf(rnd, sizeof(rnd));
	sodium_bin2hex(out, SEAL_HASH_HEX, rnd, sizeof(rnd));
	sodium_memzero(rnd, sizeof(rnd));
}
