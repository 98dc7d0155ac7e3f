/*
 * seal: svodka's secret key and what it does with it (libsodium). The key
 * file holds 32 random bytes; `svodka init` creates it with mode 0600
 * (--key-file, default beside the SQLite database: DB.key), and every
 * instance on one PostgreSQL database loads the same file. Subkeys are
 * derived per purpose (crypto_kdf), so one purpose's output never helps
 * with another's:
 * - seal_box / seal_open: personal data at rest, XChaCha20-Poly1305
 *   (crypto_secretbox_xchacha20poly1305) with a random nonce; the text
 *   form is "s1." + base64url(nonce ‖ ciphertext);
 * - seal_hash: keyed BLAKE2b-256 (crypto_generichash) of a purpose tag and
 *   the data, hex: duplicate and rate-limit keys that never reveal the
 *   plaintext and cannot be recomputed without the key;
 * - seal_form_token / seal_form_token_check: a token a public form carries,
 *   "t1." + issued_at + "." + random + "." + MAC, proving the server issued
 *   it and when.
 *
 * Invariants: the key never leaves this module and never reaches a log;
 * seal_key_load refuses a file readable by group or others, or of the
 * wrong size; a struct seal is read-only after loading and shared by all
 * threads; key material is wiped on free.
 */
#ifndef SVODKA_UTIL_SEAL_H
#define SVODKA_UTIL_SEAL_H

#include <stddef.h>
#include <stdint.h>

#define SEAL_HASH_HEX 65 /* 64 hex digits and NUL */

struct seal;

/*
 * Creates a new key file at path (O_EXCL, mode 0600, fsync'd). Returns 0;
 * -1 with errno (EEXIST when the file exists: never overwritten).
 */
__attribute__((warn_unused_result)) int seal_key_create(const char *path);

/*
 * Loads the key file. Returns 0 and *out; -1 with a Russian-free English
 * reason in err (e.g. "key file /x/svodka.key is readable by group or
 * others (mode 0644): chmod 600 it").
 */
__attribute__((warn_unused_result)) int seal_key_load(const char *path, struct seal **out, char *err,
						      size_t errlen);
void seal_free(struct seal *s); /* NULL is a no-op */

/* The default key path for a database URL: "PATH.key" for SQLite, NULL for PostgreSQL or no path (new string). */
char *seal_default_path(const char *db_url);

/* The process's key (set once at start by the CLI), or NULL when none is loaded. */
const struct seal *seal_global(void);
void seal_set_global(struct seal *s); /* takes ownership; frees the previous one */

/* Seals n bytes of plaintext: a new NUL-terminated string, or NULL on allocation failure. */
char *seal_box(const struct seal *s, const char *plain, size_t n);
/*
 * Opens a sealed string: 0 and a new NUL-terminated *plain (length in *n,
 * may be NULL); -1 when it is malformed or was not sealed with this key.
 */
__attribute__((warn_unused_result)) int seal_open(const struct seal *s, const char *sealed, char **plain,
						  size_t *n);

/* Opens a sealed JSON text: a new value, or NULL when it does not open or is not JSON. */
struct json_t;
struct json_t *seal_open_json(const struct seal *s, const char *sealed);

/*
 * Keyed hash of (purpose, data[0..n)) as 64 hex digits into out. purpose is
 * a short fixed tag: "video", "person", "contact", "ip", "status",
 * "confirm".
 */
void seal_hash(const struct seal *s, const char *purpose, const void *data, size_t n,
	       char out[SEAL_HASH_HEX]);

/* A form token issued at `now`: a new string. */
char *seal_form_token(const struct seal *s, int64_t now);
enum seal_token_rc {
	SEAL_TOKEN_OK = 0,
	SEAL_TOKEN_BAD, /* missing, malformed or not issued with this key */
	SEAL_TOKEN_FRESH, /* younger than min_age */
	SEAL_TOKEN_EXPIRED, /* older than max_age */
};
/* Checks a form token against `now`; *age (may be NULL) gets its age in seconds when it is ours. */
enum seal_token_rc seal_form_token_check(const struct seal *s, const char *token, int64_t now,
					 int64_t min_age, int64_t max_age, int64_t *age);

/* 32 random bytes as 64 hex digits (a status or confirmation link's secret). */
void seal_random_hex(char out[SEAL_HASH_HEX]);

#endif
