/*
 * email: the one rule for an e-mail address, wherever one is typed (a
 * user's, an org unit's, a report's contact person, the command line) and
 * wherever mail is sent.
 *
 * Two questions, two answers:
 * - is it an address? email_normalize: one '@'; a local part of 1..64
 *   bytes of letters (any script), digits and !#$%&'*+/=?^_`{|}~- in
 *   dot-separated non-empty pieces; a domain that url_host_normalize()
 *   accepts as a name (IDN allowed, no IP literals); at most EMAIL_MAX
 *   bytes with the domain in its ASCII form. The result is trimmed, NFC,
 *   the domain lowercased and kept in Unicode («почта.рф»): what a report
 *   shows.
 * - can the mailer send to it? email_mailbox: an address whose local part
 *   is ASCII (svodka's messages are 7-bit, without SMTPUTF8), returned with
 *   the domain in punycode («glava@xn--80aalqabyj2ajl4c8g.xn--p1ai»
 *   for «glava@администрация.рф»). Users and org units store this form;
 *   the outbox sends to it. email_ascii_check is the last check before a
 *   header or the SMTP envelope.
 */
#ifndef SVODKA_DOMAIN_EMAIL_H
#define SVODKA_DOMAIN_EMAIL_H

#define EMAIL_MAX 254 /* bytes, RFC 5321's path limit */

enum email_rc {
	EMAIL_OK,
	EMAIL_INVALID, /* not an address (email_normalize refuses it) */
	EMAIL_NOT_ASCII, /* an address, but its local part is not ASCII: the mailer cannot send to it */
};

/*
 * Checks and normalizes an address (see above). On success returns 0 and
 * a new string in *out (free() it); else -1 and *out is NULL. s may not be
 * NULL.
 */
__attribute__((warn_unused_result)) int email_normalize(const char *s, char **out);

/*
 * The address the mailer sends to, from an address as typed (s may be
 * NULL: EMAIL_INVALID): EMAIL_OK and a new string in *out (free() it), the
 * local part as typed and the domain lowercased in punycode; it passes
 * email_ascii_check. Else the reason, and *out is NULL.
 */
__attribute__((warn_unused_result)) enum email_rc email_mailbox(const char *s, char **out);

/*
 * 0 when addr is a plain addr-spec fit for a header and the SMTP
 * envelope: local@domain, 3..EMAIL_MAX bytes of printable ASCII without
 * white space, quotes, angle brackets, parentheses, commas, colons,
 * semicolons, square brackets or backslashes, one '@' with text on both
 * sides and a dot inside the domain; else -1 (also for NULL).
 */
__attribute__((warn_unused_result)) int email_ascii_check(const char *addr);

/* The Russian sentence for a refusal (EMAIL_INVALID, EMAIL_NOT_ASCII), the same on every page. Static. */
const char *email_message(enum email_rc rc);

#endif
