/*
 * mail: composing one e-mail message (RFC 5322 with MIME: RFC 2045 body,
 * RFC 2047 encoded words in headers) and sending it over SMTP with libcurl.
 * It knows nothing of svodka's outbox or its texts: mail/outbox.c decides
 * what to send and when, domain/mailtext.c writes the words.
 *
 * Invariants: a composed message is 7-bit ASCII with CRLF line ends and no
 * line longer than 78 characters, so any SMTP server takes it as it is:
 * every header that carries non-ASCII text (or anything that could end a
 * header line) is written as UTF-8 base64 encoded words of at most 75
 * characters, never splitting a UTF-8 sequence, and the body is UTF-8 text
 * in base64. Addresses are checked by email_ascii_check() (domain/email.h)
 * before they reach a header or the SMTP envelope. libcurl's headers stay in mail.c.
 */
#ifndef SVODKA_MAIL_H
#define SVODKA_MAIL_H

#include <stdatomic.h>
#include <stddef.h>
#include <stdint.h>

#include "util/buf.h"

/* What a message says; every string is UTF-8, NULL where optional. */
struct mail_message {
	const char *from; /* the sender's address: user@host */
	const char *from_name; /* display name, may be NULL */
	const char *to; /* one recipient address */
	const char *to_name; /* display name, may be NULL */
	const char *subject;
	const char *body; /* plain text, lines end with \n or \r\n */
	int64_t date; /* Unix seconds, written in UTC */
	const char *message_id; /* "local@domain" without the angle brackets */
};

/* Where and how to send. */
struct mail_smtp {
	const char *url; /* smtp://host[:port] or smtps://host[:port] */
	const char *from; /* envelope sender (MAIL FROM) */
	const char *user; /* NULL: no authentication */
	const char *password; /* with user */
	int starttls; /* smtp:// only: require STARTTLS before anything is sent */
	long connect_timeout; /* seconds; 0 = 10 */
	long timeout; /* seconds for the whole transfer; 0 = 60 */
};

enum mail_rc {
	MAIL_OK = 0,
	MAIL_RETRY, /* the server could not be reached or answered 4xx: try later */
	MAIL_REJECTED, /* the server refused for good (5xx): retrying will not help */
};

/*
 * Appends "Name: value\r\n" to out, value as RFC 2047 encoded words
 * ("=?UTF-8?B?...?=") folded onto continuation lines, each line at most 76
 * characters, unless it is printable ASCII that fits on the line as it is.
 * Returns 0, or -1 when value is not valid UTF-8 or out is full.
 */
__attribute__((warn_unused_result)) int mail_header_text(struct buf *out, const char *name,
							 const char *value);

/*
 * Appends the whole message to out: Date, From, To, Subject, Message-ID,
 * MIME-Version, Content-Type: text/plain; charset=utf-8,
 * Content-Transfer-Encoding: base64, an empty line and the body in base64
 * (its line ends made CRLF first). Returns 0, or -1 when an address is
 * invalid, a text is not valid UTF-8 or out is full (out may then hold part
 * of the message: reset it).
 */
__attribute__((warn_unused_result)) int mail_compose(const struct mail_message *m, struct buf *out);

/* libcurl's global set-up and tear-down: once per process, before and after any thread sends. */
__attribute__((warn_unused_result)) int mail_global_init(void);
void mail_global_cleanup(void);

/*
 * Sends msg (len bytes, as mail_compose made it) to rcpt over SMTP. A
 * transfer in progress gives up soon after *cancel becomes non-zero
 * (cancel may be NULL). On failure err (errlen bytes) gets a short English
 * description with the server's reply code, never the password.
 */
__attribute__((warn_unused_result)) enum mail_rc mail_send(const struct mail_smtp *s, const char *rcpt,
							   const char *msg, size_t len,
							   const atomic_int *cancel, char *err,
							   size_t errlen);

#endif
