/*
 * cli_user: `svodka user`, the accounts from the command line:
 *
 *   svodka user add --login L --role admin|coordinator|juror [--org-unit CODE]
 *                   [--name NAME] [--email ADDR]
 *   svodka user list [--role ROLE]
 *   svodka user disable|enable|passwd LOGIN
 *   svodka user email LOGIN ADDR
 *
 * each with --db FILE (or SVODKA_DB). A new account follows the same rule
 * as the users page and the API (domain/user.h); a password comes from
 * stdin when it is not a terminal, else is generated and printed once.
 * Every change is an audit event.
 * Exit status: 0 done, 1 runtime failure, 2 usage error.
 */
#include <getopt.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"
#include "domain/email.h"
#include "domain/password.h"
#include "domain/user.h"
#include "store/store.h"
#include "web/web.h"

/*
 * A password from stdin when stdin is not a terminal and holds a line;
 * otherwise a generated one, which the caller prints once.
 */
static int
read_password(char *out, size_t outlen, int *generated)
{
	size_t n;

	*generated = 0;
	if (!isatty(STDIN_FILENO) && fgets(out, (int)outlen, stdin) != NULL) {
		n = strlen(out);
		if (n == outlen - 1 && out[n - 1] != '\n')
			return -1;
		while (n && (out[n - 1] == '\n' || out[n - 1] == '\r'))
			out[--n] = '\0';
		if (n)
			return 0;
	}
	auth_generate_password(out, outlen);
	*generated = 1;
	return 0;
}

static int
hash_password(const char *pw, char hash[crypto_pwhash_STRBYTES])
{
	return crypto_pwhash_str(hash, pw, strlen(pw), crypto_pwhash_OPSLIMIT_INTERACTIVE,
				 crypto_pwhash_MEMLIMIT_INTERACTIVE);
}

/*
 * An e-mail address given on the command line: blank is none (*out NULL);
 * otherwise *out is the address the mailer sends to (email_mailbox: an IDN
 * domain in punycode; free() it). Returns EMAIL_OK or why it is refused.
 */
static enum email_rc
email_arg(const char *in, char **out)
{
	const char *p = in;

	*out = NULL;
	if (p == NULL)
		return EMAIL_OK;
	while (*p == ' ' || *p == '\t')
		p++;
	if (*p == '\0')
		return EMAIL_OK;
	return email_mailbox(in, out);
}

static int
user_add(const char *db, int argc, char **argv)
{
	static const struct option opts[] = {
		{"db", required_argument, NULL, 'd'},   {"login", required_argument, NULL, 'l'},
		{"role", required_argument, NULL, 'r'}, {"org-unit", required_argument, NULL, 'o'},
		{"name", required_argument, NULL, 'n'}, {"email", required_argument, NULL, 'e'},
		{"help", no_argument, NULL, 'h'},       {NULL, 0, NULL, 0}};
	const char *login_in = NULL, *role = NULL, *unit = NULL, *name = NULL, *email_in = NULL;
	char *email = NULL;
	char pw[256], hash[crypto_pwhash_STRBYTES];
	struct user_checked uc;
	const char *msg = NULL;
	struct store_user_new nu;
	struct store *st = NULL;
	json_t *ou = NULL;
	enum password_rc prc;
	enum store_rc src;
	int64_t id;
	enum email_rc erc;
	int c, gen, rc;

	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 'd': db = optarg; break;
		case 'l': login_in = optarg; break;
		case 'r': role = optarg; break;
		case 'o': unit = optarg; break;
		case 'n': name = optarg; break;
		case 'e': email_in = optarg; break;
		case 'h':
			printf("usage: svodka user add --login L --role admin|coordinator|juror [--org-unit CODE]\n"
			       "                       [--name NAME] [--email ADDR] [--db FILE]\n\n"
			       "The password is read from stdin when it is not a terminal; otherwise one is\n"
			       "generated and printed once. A coordinator needs --org-unit (a municipality code).\n"
			       "--email: the address notifications and reminders go to.\n");
			return 0;
		default: return cli_usage_error("unknown option %s", argv[optind - 1]);
		}
	}
	if (login_in == NULL)
		return cli_usage_error("--login L is required");
	switch (user_new_check(
		&(struct user_new){.login = login_in, .name = name, .role = role, .org_unit = unit}, &uc,
		&msg)) {
	case USER_OK: break;
	case USER_LOGIN: return cli_usage_error("--login: %s", msg);
	case USER_NAME: return cli_usage_error("--name: %s", msg);
	case USER_ROLE: return cli_usage_error("--role must be admin, coordinator or juror");
	case USER_ORG_UNIT: return cli_usage_error("a coordinator needs --org-unit CODE");
	}
	if (uc.org_unit == NULL && unit != NULL)
		return cli_usage_error("--org-unit is for coordinators and jurors only");
	if ((erc = email_arg(email_in, &email)) != EMAIL_OK)
		return cli_usage_error("--email: not an e-mail address the mailer sends to: %s",
				       email_message(erc));
	if ((rc = cli_open_store(cli_db_url(db), &st, 1)) != 0) {
		free(email);
		return rc;
	}
	if (unit && (src = store_org_unit_get(st, unit, &ou)) != STORE_OK) {
		free(email);
		store_close(st);
		return src == STORE_NOTFOUND ? cli_fail("no org unit with code %s", unit)
					     : cli_fail("database error");
	}
	json_decref(ou);
	if (read_password(pw, sizeof(pw), &gen) < 0) {
		free(email);
		store_close(st);
		return cli_fail("the password on stdin is longer than 128 characters");
	}
	if ((prc = password_check(pw, uc.login)) != PASSWORD_OK) {
		free(email);
		store_close(st);
		return cli_fail("%s", password_message(prc));
	}
	if (hash_password(pw, hash) != 0) {
		free(email);
		store_close(st);
		return cli_fail("password hashing failed (out of memory?)");
	}
	nu = (struct store_user_new){.login = uc.login,
				     .name = uc.name,
				     .role = role,
				     .org_unit = unit,
				     .email = email,
				     .password_hash = hash,
				     .now = (int64_t)time(NULL)};
	if ((src = store_begin(st, 1)) != STORE_OK || (src = store_user_add(st, &nu, &id)) != STORE_OK ||
	    (src = cli_audit(st, "user.create", "user", uc.login,
			     json_pack("{s:s, s:s?, s:s?}", "role", role, "org_unit", unit, "email",
				       email))) != STORE_OK ||
	    (src = store_commit(st)) != STORE_OK) {
		free(email);
		store_rollback(st);
		store_close(st);
		return src == STORE_CONFLICT ? cli_fail("login %s is taken", uc.login)
					     : cli_fail("database error");
	}
	free(email);
	store_close(st);
	printf("user: %s (%s) added\n", uc.login, role);
	if (gen)
		printf("password: %s\n", pw);
	sodium_memzero(pw, sizeof(pw));
	return 0;
}

static int
user_list(const char *db, int argc, char **argv)
{
	static const struct option opts[] = {{"db", required_argument, NULL, 'd'},
					     {"role", required_argument, NULL, 'r'},
					     {"help", no_argument, NULL, 'h'},
					     {NULL, 0, NULL, 0}};
	const char *role = NULL;
	struct store *st = NULL;
	json_t *users = NULL, *u;
	size_t i;
	int c, rc;

	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 'd': db = optarg; break;
		case 'r': role = optarg; break;
		case 'h':
			printf("usage: svodka user list [--role ROLE] [--db FILE]\n\n"
			       "One line per user: login, role, org unit, status, e-mail, tab-separated\n"
			       "(\"-\" for no org unit or no address).\n");
			return 0;
		default: return cli_usage_error("unknown option %s", argv[optind - 1]);
		}
	}
	if ((rc = cli_open_store(cli_db_url(db), &st, 1)) != 0)
		return rc;
	if (store_user_list(st, &users) != STORE_OK) {
		store_close(st);
		return cli_fail("database error");
	}
	json_array_foreach(users, i, u)
	{
		const char *r = json_string_value(json_object_get(u, "role"));

		if (role && strcmp(role, r) != 0)
			continue;
		printf("%s\t%s\t%s\t%s\t%s\n", json_string_value(json_object_get(u, "login")), r,
		       json_string_value(json_object_get(u, "org_unit")) ?: "-",
		       json_is_true(json_object_get(u, "disabled")) ? "disabled" : "active",
		       json_string_value(json_object_get(u, "email")) ?: "-");
	}
	json_decref(users);
	store_close(st);
	return 0;
}

/* user disable|enable|passwd LOGIN */
static int
user_change(const char *db, const char *what, int argc, char **argv)
{
	static const struct option opts[] = {
		{"db", required_argument, NULL, 'd'}, {"help", no_argument, NULL, 'h'}, {NULL, 0, NULL, 0}};
	char login[65], pw[256], hash[crypto_pwhash_STRBYTES];
	struct store *st = NULL;
	json_t *user = NULL;
	enum password_rc prc;
	enum store_rc src;
	int64_t id;
	int c, gen = 0, rc, passwd = strcmp(what, "passwd") == 0;

	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 'd': db = optarg; break;
		case 'h':
			printf("usage: svodka user %s LOGIN [--db FILE]\n\n%s", what,
			       passwd ? "Sets a new password: from stdin when it is not a terminal, otherwise\n"
					"generated and printed once. Ends the user's sessions.\n"
				      : "Disabling ends the user's sessions; the account and its history stay.\n");
			return 0;
		default: return cli_usage_error("unknown option %s", argv[optind - 1]);
		}
	}
	if (optind + 1 != argc)
		return cli_usage_error("give exactly one LOGIN");
	if (password_login_check(argv[optind], login, sizeof(login)) != PASSWORD_LOGIN_OK)
		return cli_usage_error("no such login %s", argv[optind]);
	if ((rc = cli_open_store(cli_db_url(db), &st, 1)) != 0)
		return rc;
	if ((src = store_user_get_by_login(st, login, &user)) != STORE_OK) {
		store_close(st);
		return src == STORE_NOTFOUND ? cli_fail("no user with login %s", login)
					     : cli_fail("database error");
	}
	id = json_integer_value(json_object_get(user, "id"));
	json_decref(user);
	if (passwd) {
		if (read_password(pw, sizeof(pw), &gen) < 0) {
			store_close(st);
			return cli_fail("the password on stdin is longer than 128 characters");
		}
		if ((prc = password_check(pw, login)) != PASSWORD_OK) {
			store_close(st);
			return cli_fail("%s", password_message(prc));
		}
		if (hash_password(pw, hash) != 0) {
			store_close(st);
			return cli_fail("password hashing failed");
		}
	}
	if ((src = store_begin(st, 1)) != STORE_OK)
		goto fail;
	if (passwd)
		src = store_user_set_password(st, id, hash);
	else
		src = store_user_set_disabled(st, id, strcmp(what, "disable") == 0);
	if (src != STORE_OK)
		goto fail;
	if (strcmp(what, "enable") != 0 && (src = store_session_delete_user(st, id)) != STORE_OK &&
	    src != STORE_NOTFOUND)
		goto fail;
	if ((src = cli_audit(st,
			     passwd                         ? "user.password"
			     : strcmp(what, "disable") == 0 ? "user.disable"
							    : "user.enable",
			     "user", login, NULL)) != STORE_OK)
		goto fail;
	if ((src = store_commit(st)) != STORE_OK)
		goto fail;
	store_close(st);
	printf("user: %s: %s done\n", login, what);
	if (gen)
		printf("password: %s\n", pw);
	return 0;
fail:
	store_rollback(st);
	store_close(st);
	return cli_fail("database error");
}

/* user email LOGIN ADDR: sets the address; "" removes it. */
static int
user_email(const char *db, int argc, char **argv)
{
	static const struct option opts[] = {
		{"db", required_argument, NULL, 'd'}, {"help", no_argument, NULL, 'h'}, {NULL, 0, NULL, 0}};
	char login[65], *email = NULL;
	struct store *st = NULL;
	json_t *user = NULL;
	enum email_rc erc;
	enum store_rc src;
	int64_t id;
	int c, rc;

	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 'd': db = optarg; break;
		case 'h':
			printf("usage: svodka user email LOGIN ADDR [--db FILE]\n\n"
			       "Sets the address notifications and reminders go to; an empty ADDR (\"\")\n"
			       "removes it.\n");
			return 0;
		default: return cli_usage_error("unknown option %s", argv[optind - 1]);
		}
	}
	if (optind + 2 != argc)
		return cli_usage_error("give LOGIN and ADDR (\"\" to remove the address)");
	if (password_login_check(argv[optind], login, sizeof(login)) != PASSWORD_LOGIN_OK)
		return cli_usage_error("no such login %s", argv[optind]);
	if ((erc = email_arg(argv[optind + 1], &email)) != EMAIL_OK)
		return cli_usage_error("not an e-mail address the mailer sends to: %s: %s", argv[optind + 1],
				       email_message(erc));
	if ((rc = cli_open_store(cli_db_url(db), &st, 1)) != 0) {
		free(email);
		return rc;
	}
	if ((src = store_begin(st, 1)) != STORE_OK)
		goto fail;
	if ((src = store_user_get_by_login(st, login, &user)) != STORE_OK)
		goto fail;
	id = json_integer_value(json_object_get(user, "id"));
	json_decref(user);
	if ((src = store_user_set_email(st, id, email)) != STORE_OK)
		goto fail;
	if ((src = cli_audit(st, "user.email", "user", login, json_pack("{s:s?}", "email", email))) !=
	    STORE_OK)
		goto fail;
	if ((src = store_commit(st)) != STORE_OK)
		goto fail;
	store_close(st);
	if (email)
		printf("user: %s: e-mail %s\n", login, email);
	else
		printf("user: %s: e-mail removed\n", login);
	free(email);
	return 0;
fail:
	store_rollback(st);
	store_close(st);
	free(email);
	return src == STORE_NOTFOUND ? cli_fail("no user with login %s", login) : cli_fail("database error");
}

int
cli_user(int argc, char **argv)
{
	const char *sub;

	if (argc < 2 || strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0) {
		if (argc < 2)
			return cli_usage_error(
				"missing subcommand: add, list, disable, enable, passwd or email");
		printf("usage: svodka user add|list|disable|enable|passwd|email ... [--db FILE]\n"
		       "'svodka user SUBCOMMAND --help' tells more.\n");
		return 0;
	}
	sub = argv[1];
	argc--;
	argv++;
	if (strcmp(sub, "add") == 0)
		return user_add(NULL, argc, argv);
	if (strcmp(sub, "list") == 0)
		return user_list(NULL, argc, argv);
	if (strcmp(sub, "disable") == 0 || strcmp(sub, "enable") == 0 || strcmp(sub, "passwd") == 0)
		return user_change(NULL, sub, argc, argv);
	if (strcmp(sub, "email") == 0)
		return user_email(NULL, argc, argv);
	return cli_usage_error("unknown subcommand %s", sub);
}
