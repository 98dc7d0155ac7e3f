/*
 * recipients: the addresses of a municipality and of the people told of a
 * submitted report (see recipients.h).
 */
#include "mail/recipients.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "domain/email.h"
#include "domain/user.h"
#include "util/jsonx.h"

/*
 * Appends the address the mailer sends to (email_mailbox: an IDN domain in
 * punycode) unless addr is none the mailer can send to or it is already
 * there (case-insensitively).
 */
static void
add_address(json_t *out, const char *addr)
{
	char *box = NULL;
	json_t *v;
	size_t j;

	if (email_mailbox(addr, &box) != EMAIL_OK)
		return;
	json_array_foreach(out, j, v)
	{
		if (strcasecmp(json_string_value(v), box) == 0) {
			free(box);
			return;
		}
	}
	jx_append(out, jx_str(box));
	free(box);
}

/* Appends the addresses of the active users of a role (and, for coordinators, of the unit). */
static void
add_users(json_t *out, const json_t *users, enum password_role role, const char *unit)
{
	const json_t *u;
	size_t i;

	json_array_foreach(users, i, u)
	{
		if (user_acts_for(u, role, unit))
			add_address(out, jx_get_str(u, "email"));
	}
}

json_t *
recipients_unit(const json_t *unit, const json_t *data, const json_t *users)
{
	json_t *out = jx_arr();

	add_address(out, jx_get_str(unit, "email"));
	add_address(out, jx_get_str(json_object_get(data, "contact"), "email"));
	if (users)
		add_users(out, users, PASSWORD_ROLE_COORDINATOR, jx_get_str(unit, "code"));
	return out;
}

json_t *
recipients_submitted(char *const *notify, const json_t *users)
{
	json_t *out = jx_arr();
	size_t i;

	for (i = 0; notify && notify[i]; i++)
		add_address(out, notify[i]);
	add_users(out, users, PASSWORD_ROLE_ADMIN, NULL);
	return out;
}
