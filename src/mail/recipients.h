/*
 * recipients: who is written to about a report. A municipality's mail
 * goes to its org unit's e-mail, the contact of its report and its active
 * coordinators; the notice of a submitted report goes to the addresses
 * configured with --notify-to and every active admin. Each list holds the
 * address the mailer sends to (domain/email.h's email_mailbox: an IDN
 * domain in punycode), once (compared case-insensitively), in that order;
 * an address the mailer cannot send to is left out, never an error.
 */
#ifndef SVODKA_MAIL_RECIPIENTS_H
#define SVODKA_MAIL_RECIPIENTS_H

#include <jansson.h>

/*
 * The addresses a municipality is written to, as a new array of strings:
 * the org unit's e-mail, the report's contact e-mail, then the e-mail of
 * every active coordinator of the unit found in users (the store's user
 * list, may be NULL). data (the report's data) may be NULL.
 */
json_t *recipients_unit(const json_t *unit, const json_t *data, const json_t *users);

/*
 * The addresses told of a submitted report, as a new array of strings:
 * every address of notify (NULL-terminated, may be NULL), then the e-mail
 * of every active admin found in users (may be NULL).
 */
json_t *recipients_submitted(char *const *notify, const json_t *users);

#endif
