/*
 * main: svodka's command line. Each command parses its own options, opens
 * the store and does one job:
 *   init      create or migrate the database, load the region and the campaigns in data/
 *   migrate   bring the schema up to date
 *   serve     run the web server
 *   user      add, list, disable users, set a password or an e-mail address
 *   backup    online copy of a SQLite database
 * Exit status: 0 done, 1 runtime failure, 2 usage error (with a one-line reason).
 */
#include <errno.h>
#include <getopt.h>
#include <signal.h>
#include <stdarg.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"
#include "domain/campaign.h"
#include "domain/deadline.h"
#include "domain/email.h"
#include "domain/orgunit.h"
#include "domain/password.h"
#include "domain/user.h"
#include "http/http.h"
#include "mail/mail.h"
#include "mail/outbox.h"
#include "store/store.h"
#include "util/clock.h"
#include "util/log.h"
#include "view/assets.h"
#include "web/web.h"

#define EXIT_USAGE 2

static const char *cmd_name = "svodka";

/* Prints "svodka: CMD: reason (see svodka CMD --help)" on one line; returns 2. */
static int usage_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Prints "svodka: CMD: reason" on one line; returns 1. */
static int fail(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

static int
usage_error(const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "svodka: %s: ", cmd_name);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	if (strcmp(cmd_name, "svodka") == 0)
		fprintf(stderr, " (see svodka --help)\n");
	else
		fprintf(stderr, " (see svodka %s --help)\n", cmd_name);
	return EXIT_USAGE;
}

static int
fail(const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "svodka: %s: ", cmd_name);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	return EXIT_FAILURE;
}

static const char main_help[] =
	"usage: svodka COMMAND [OPTIONS]\n"
	"\n"
	"svodka runs a regional campaign through its municipalities: reports, review,\n"
	"and the consolidated summary.\n"
	"\n"
	"commands:\n"
	"  init      create or migrate the database and load data/ (region, campaigns)\n"
	"  migrate   bring the database schema up to date\n"
	"  serve     serve the web interface and the API\n"
	"  user      add | list | disable | enable | passwd\n"
	"  backup    online copy of a SQLite database\n"
	"  export    the consolidated summary of a campaign as XLSX, CSV or JSON\n"
	"  demo      fill a campaign with plausible reports (never on a real deployment)\n"
	"\n"
	"Every command that touches data takes --db URL or reads SVODKA_DB: a file\n"
	"path or sqlite:PATH (SQLite), or postgres://USER:PASS@HOST:PORT/DB\n"
	"(PostgreSQL). 'svodka COMMAND --help' tells more.\n";

/* Reads the --db option or SVODKA_DB. */
static const char *
db_url(const char *opt)
{
	return opt ? opt : getenv("SVODKA_DB");
}

/* Finds a built-in data file by path, e.g. "data/charter-2022.json". */
static const struct view_asset *
data_file(const char *path)
{
	size_t i;

	for (i = 0; i < view_nassets; i++)
		if (strcmp(view_assets[i].path, path) == 0)
			return &view_assets[i];
	return NULL;
}

static enum store_rc
audit_cli(struct store *st, const char *action, const char *entity, const char *id, json_t *detail)
{
	struct store_audit_event e = {.action = action,
				      .entity = entity,
				      .entity_id = id,
				      .detail = detail,
				      .at = (int64_t)time(NULL)};
	enum store_rc rc = store_audit_add(st, &e);

	json_decref(detail);
	return rc;
}

static int
open_store(const char *url, struct store **st, int need_current)
{
	int v = 0;

	if (url == NULL || *url == '\0')
		return usage_error("no database: give --db FILE or set SVODKA_DB");
	if (store_open(url, st) != STORE_OK)
		return fail("cannot open the database %s", url);
	if (need_current) {
		if (store_schema_version(*st, &v) != STORE_OK) {
			store_close(*st);
			return fail("cannot read the schema version of %s", url);
		}
		if (v != store_schema_latest()) {
			store_close(*st);
			fprintf(stderr,
				"svodka: %s: the database is at schema version %d, this binary needs %d; "
				"run 'svodka init' or 'svodka migrate' first\n",
				cmd_name, v, store_schema_latest());
			return EXIT_FAILURE;
		}
	}
	return 0;
}

/* Loads the region and its municipalities; inserts only what is new. */
static int
load_org_units(struct store *st, int *added)
{
	const struct view_asset *csv = data_file("data/primorsky-municipalities.csv");
	const struct view_asset *rj = data_file("data/region.json");
	json_t *region = NULL, *clean = NULL, *units = NULL, *u;
	struct store_org_unit ou;
	struct orgunit_error err;
	json_error_t jerr;
	size_t i;
	int ins, ret = -1;

	if (csv == NULL || rj == NULL) {
		fprintf(stderr, "svodka: init: data files missing from the build\n");
		return -1;
	}
	if ((region = json_loadb((const char *)rj->data, rj->len, 0, &jerr)) == NULL) {
		fprintf(stderr, "svodka: init: data/region.json: %s\n", jerr.text);
		goto out;
	}
	if (orgunit_csv_parse((const char *)csv->data, csv->len, &units, &err) < 0) {
		fprintf(stderr, "svodka: init: data/primorsky-municipalities.csv: %s\n", err.message);
		goto out;
	}
	if (orgunit_validate(region, 1, &clean, &err) < 0) {
		fprintf(stderr, "svodka: init: data/region.json: %s\n", err.message);
		goto out;
	}
	ou = (struct store_org_unit){
		.code = json_string_value(json_object_get(clean, "code")),
		.name = json_string_value(json_object_get(clean, "name")),
		.kind = "region",
		.centre = *json_string_value(json_object_get(clean, "centre"))
				  ? json_string_value(json_object_get(clean, "centre"))
				  : NULL,
	};
	if (store_org_unit_ensure(st, &ou, &ins) != STORE_OK)
		goto out;
	if (ins && audit_cli(st, "org_unit.create", "org_unit", ou.code, NULL) != STORE_OK)
		goto out;
	*added += ins;
	json_array_foreach(units, i, u)
	{
		ou = (struct store_org_unit){
			.code = json_string_value(json_object_get(u, "code")),
			.parent = json_string_value(json_object_get(clean, "code")),
			.name = json_string_value(json_object_get(u, "name")),
			.kind = json_string_value(json_object_get(u, "kind")),
			.centre = json_string_value(json_object_get(u, "centre")),
		};
		if (store_org_unit_ensure(st, &ou, &ins) != STORE_OK)
			goto out;
		if (ins && audit_cli(st, "org_unit.create", "org_unit", ou.code, NULL) != STORE_OK)
			goto out;
		*added += ins;
	}
	ret = 0;
out:
	json_decref(region);
	json_decref(clean);
	json_decref(units);
	return ret;
}

/* Validates and loads every built-in campaign file (data/ *.json but region.json). */
static int
load_campaigns(struct store *st, int *added)
{
	json_t *doc, *clean;
	json_error_t jerr;
	struct campaign_error err;
	char zone[512];
	struct stat sb;
	const char *tz;
	size_t i, n;
	int ins;

	for (i = 0; i < view_nassets; i++) {
		const char *p = view_assets[i].path;

		n = strlen(p);
		if (strncmp(p, "data/", 5) != 0 || n < 6 || strcmp(p + n - 5, ".json") != 0 ||
		    strcmp(p, "data/region.json") == 0)
			continue;
		if ((doc = json_loadb((const char *)view_assets[i].data, view_assets[i].len, 0, &jerr)) ==
		    NULL) {
			fprintf(stderr, "svodka: init: %s: line %d: %s\n", p, jerr.line, jerr.text);
			return -1;
		}
		clean = NULL;
		if (campaign_validate(doc, &clean, &err) < 0) {
			fprintf(stderr, "svodka: init: %s: %s\n", p, err.message);
			json_decref(doc);
			return -1;
		}
		json_decref(doc);
		tz = json_string_value(json_object_get(clean, "time_zone"));
		if (snprintf(zone, sizeof(zone), "/usr/share/zoneinfo/%s", tz) >= (int)sizeof(zone) ||
		    stat(zone, &sb) < 0) {
			fprintf(stderr,
				"svodka: init: %s: time_zone: unknown time zone %s (is tzdata installed?)\n",
				p, tz);
			json_decref(clean);
			return -1;
		}
		if (store_campaign_ensure(st, clean, (int64_t)time(NULL), &ins) != STORE_OK ||
		    (ins && audit_cli(st, "campaign.create", "campaign",
				      json_string_value(json_object_get(clean, "slug")), NULL) != STORE_OK)) {
			json_decref(clean);
			return -1;
		}
		*added += ins;
		json_decref(clean);
	}
	return 0;
}

static int
cmd_migrate_or_init(int argc, char **argv, int load)
{
	static const struct option opts[] = {
		{"db", required_argument, NULL, 'd'}, {"help", no_argument, NULL, 'h'}, {NULL, 0, NULL, 0}};
	const char *db = NULL;
	struct store *st = NULL;
	int c, from = 0, to = 0, added = 0, rc;
	enum store_rc src;

	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 'd': db = optarg; break;
		case 'h':
			printf("usage: svodka %s --db FILE\n\n%s", cmd_name,
			       load ? "Creates the database or brings its schema up to date, then loads the\n"
				      "region's municipalities and the campaigns from data/. Running it again\n"
				      "leaves the same state: what exists is kept as it is.\n"
				    : "Brings the database schema up to date. Refuses a database made by a\n"
				      "newer svodka.\n");
			return 0;
		default: return usage_error("unknown option %s", argv[optind - 1]);
		}
	}
	if (optind < argc)
		return usage_error("unexpected argument %s", argv[optind]);
	if ((rc = open_store(db_url(db), &st, 0)) != 0)
		return rc;
	src = store_migrate(st, &from, &to);
	if (src == STORE_TOONEW) {
		store_close(st);
		return fail("the database was made by a newer svodka (its schema is newer than this binary); "
			    "upgrade svodka");
	}
	if (src != STORE_OK) {
		store_close(st);
		return fail("migration failed");
	}
	if (from != to)
		printf("schema: migrated from version %d to %d\n", from, to);
	else
		printf("schema: at version %d\n", to);
	if (load) {
		if (store_begin(st, 1) != STORE_OK || load_org_units(st, &added) < 0 ||
		    load_campaigns(st, &added) < 0 || store_commit(st) != STORE_OK) {
			store_rollback(st);
			store_close(st);
			return fail("loading data/ failed; nothing was loaded");
		}
		printf("data: %d new records loaded\n", added);
	}
	store_close(st);
	return 0;
}

/*
 * The first line of a secret file (the SMTP password), into out: 0, or -1
 * when the file cannot be read, is empty or the line does not fit.
 */
static int
read_secret_file(const char *path, char *out, size_t outlen)
{
	FILE *f = fopen(path, "r");
	size_t n;
	int ret = -1;

	if (f == NULL)
		return -1;
	if (fgets(out, (int)outlen, f) != NULL) {
		n = strlen(out);
		if (!(n == outlen - 1 && out[n - 1] != '\n')) {
			while (n && (out[n - 1] == '\n' || out[n - 1] == '\r'))
				out[--n] = '\0';
			ret = n ? 0 : -1;
		}
	}
	fclose(f);
	return ret;
}

/* A positive number of seconds from the environment (test knobs), or 0. */
static long
env_seconds(const char *name)
{
	const char *s = getenv(name);
	char *end;
	long v;

	if (s == NULL || *s == '\0')
		return 0;
	v = strtol(s, &end, 10);
	return *end == '\0' && v > 0 && v <= 86400 * 30 ? v : 0;
}

/*
 * Starts the simulated clock from --clock (opt) or SVODKA_CLOCK (env, ""
 * is unset): 0, also when neither is given (the real clock); 2 after a
 * one-line usage error. The start line of the log reports it.
 */
static int
serve_clock(const char *opt, const char *env)
{
	const char *in = opt ? opt : env, *what = opt ? "--clock " : "SVODKA_CLOCK=";
	enum deadline_instant_rc rc;
	int64_t at;
	int32_t off;

	if (opt == NULL && (env == NULL || *env == '\0'))
		return 0;
	if ((rc = deadline_instant_parse(in, &at, &off)) != DEADLINE_INSTANT_OK)
		return usage_error("%s%s: %s", what, in, deadline_instant_message(rc));
	clock_start(at, off);
	return 0;
}

/* The start line of the log; a simulated clock is said loudly, with its start. */
static void
log_serving(const char *listen)
{
	char from[32];
	int64_t at;
	int32_t off;

	if (!clock_simulated(&at, &off) || deadline_instant_format(at, off, from, sizeof(from)) < 0) {
		log_info("svodka %s serving on http://%s/", SVODKA_VERSION, listen);
		return;
	}
	/* The line's own timestamp is the real time. */
	log_info("svodka %s serving on http://%s/ with a SIMULATED CLOCK: started at %s, runs on from there "
		 "(--clock); deadlines, reminders and sessions follow it, not the real time",
		 SVODKA_VERSION, listen, from);
}

static int
cmd_serve(int argc, char **argv)
{
	static const struct option opts[] = {{"db", required_argument, NULL, 'd'},
					     {"listen", required_argument, NULL, 'l'},
					     {"threads", required_argument, NULL, 't'},
					     {"workers", required_argument, NULL, 'w'},
					     {"assets", required_argument, NULL, 'a'},
					     {"secure", no_argument, NULL, 's'},
					     {"quiet", no_argument, NULL, 'q'},
					     {"smtp-url", required_argument, NULL, 'U'},
					     {"smtp-from", required_argument, NULL, 'F'},
					     {"smtp-user", required_argument, NULL, 'u'},
					     {"smtp-password-file", required_argument, NULL, 'P'},
					     {"smtp-starttls", no_argument, NULL, 'S'},
					     {"public-url", required_argument, NULL, 'p'},
					     {"notify-to", required_argument, NULL, 'n'},
					     {"clock", required_argument, NULL, 'C'},
					     {"help", no_argument, NULL, 'h'},
					     {NULL, 0, NULL, 0}};
	const char *db = NULL, *listen = getenv("SVODKA_LISTEN"), *assets = NULL, *clock = NULL;
	const char *pwfile = getenv("SVODKA_SMTP_PASSWORD_FILE"), *env_pw = getenv("SVODKA_SMTP_PASSWORD");
	struct http_config hc = {0};
	struct web_config wc = {0};
	struct outbox_config oc = {0};
	struct http_server *srv;
	struct store *st = NULL;
	struct buf notify, public_url;
	char password[512] = "";
	sigset_t set;
	char *end;
	long v;
	int c, sig, rc, ret = 0;

	buf_init(&notify, 64 * 1024);
	buf_init(&public_url, 4096);
	oc.smtp_url = getenv("SVODKA_SMTP_URL");
	oc.smtp_from = getenv("SVODKA_SMTP_FROM");
	oc.smtp_user = getenv("SVODKA_SMTP_USER");
	oc.public_url = getenv("SVODKA_PUBLIC_URL");
	oc.smtp_starttls = getenv("SVODKA_SMTP_STARTTLS") && strcmp(getenv("SVODKA_SMTP_STARTTLS"), "1") == 0;
	if (getenv("SVODKA_NOTIFY_TO") && buf_adds(&notify, getenv("SVODKA_NOTIFY_TO")) < 0)
		abort();
	if (getenv("SVODKA_SECURE") && strcmp(getenv("SVODKA_SECURE"), "1") == 0)
		wc.secure = hc.secure = 1;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 'd': db = optarg; break;
		case 'l': listen = optarg; break;
		case 'a': assets = optarg; break;
		case 's': wc.secure = hc.secure = 1; break;
		case 'q': log_set_level(0); break;
		case 'U': oc.smtp_url = optarg; break;
		case 'F': oc.smtp_from = optarg; break;
		case 'u': oc.smtp_user = optarg; break;
		case 'P': pwfile = optarg; break;
		case 'S': oc.smtp_starttls = 1; break;
		case 'p': oc.public_url = optarg; break;
		case 'C': clock = optarg; break;
		case 'n':
			if ((notify.len && buf_addc(&notify, ',') < 0) || buf_adds(&notify, optarg) < 0) {
				ret = usage_error("--notify-to: too many addresses");
				goto out;
			}
			break;
		case 't':
		case 'w':
			v = strtol(optarg, &end, 10);
			if (*end != '\0' || v < 1 || v > 256) {
				ret = usage_error(
					"--threads and --workers take a number from 1 to 256, not %s",
					optarg);
				goto out;
			}
			if (c == 't')
				hc.threads = (unsigned)v;
			else
				hc.workers = (unsigned)v;
			break;
		case 'h':
			printf("usage: svodka serve --db FILE [--listen ADDR:PORT] [--threads N] [--workers N]\n"
			       "                    [--assets DIR] [--secure] [--quiet] [--public-url URL]\n"
			       "                    [--smtp-url URL --smtp-from ADDR [--smtp-user USER\n"
			       "                     --smtp-password-file FILE] [--smtp-starttls]]\n"
			       "                    [--notify-to ADDR[,ADDR...]]... [--clock INSTANT]\n\n"
			       "Serves the web interface and the API. Options also from the environment:\n"
			       "SVODKA_DB, SVODKA_LISTEN (default 127.0.0.1:8080), SVODKA_SECURE=1 (behind TLS:\n"
			       "Secure cookies and HSTS). --threads: event threads (default: one per core);\n"
			       "--workers: threads for slow work such as password hashing (default 2);\n"
			       "--assets DIR: read templates/ and static/ from DIR on every use (development).\n"
			       "Mail (docs/mail.md): --smtp-url smtp://HOST:PORT or smtps://HOST:PORT\n"
			       "(SVODKA_SMTP_URL; without it mail is queued, not sent), --smtp-from\n"
			       "(SVODKA_SMTP_FROM), --smtp-user (SVODKA_SMTP_USER), the password from a file\n"
			       "(--smtp-password-file, SVODKA_SMTP_PASSWORD_FILE) or SVODKA_SMTP_PASSWORD, never\n"
			       "on the command line; --smtp-starttls (SVODKA_SMTP_STARTTLS=1); --public-url, the\n"
			       "base of links in mail (SVODKA_PUBLIC_URL, default http://LISTEN); --notify-to,\n"
			       "the department's review mailbox told of submitted reports (SVODKA_NOTIFY_TO).\n"
			       "--clock INSTANT (SVODKA_CLOCK): for demos, training and tests only, the server's\n"
			       "clock starts at INSTANT and runs on from there, e.g. 2022-03-05T12:00:00+10:00\n"
			       "or 2022-03-05T02:00:00Z (an explicit offset is required); without it, the real\n"
			       "clock.\n"
			       "SIGTERM or SIGINT: stop accepting, finish requests in flight, exit 0.\n");
			goto out;
		default: ret = usage_error("unknown option %s", argv[optind - 1]); goto out;
		}
	}
	if (optind < argc) {
		ret = usage_error("unexpected argument %s", argv[optind]);
		goto out;
	}
	if ((ret = serve_clock(clock, getenv("SVODKA_CLOCK"))) != 0)
		goto out;
	if (listen == NULL)
		listen = "127.0.0.1:8080";
	if (pwfile && read_secret_file(pwfile, password, sizeof(password)) < 0) {
		ret = fail("cannot read the smtp password from %s", pwfile);
		goto out;
	}
	if (!pwfile && env_pw &&
	    snprintf(password, sizeof(password), "%s", env_pw) >= (int)sizeof(password)) {
		ret = fail("SVODKA_SMTP_PASSWORD is too long");
		goto out;
	}
	if (oc.public_url == NULL || *oc.public_url == '\0') {
		if (buf_addf(&public_url, "%s://%s", wc.secure ? "https" : "http", listen) < 0)
			abort();
		oc.public_url = public_url.data;
	}
	oc.db_url = db_url(db);
	oc.smtp_password = password[0] ? password : NULL;
	oc.notify_to = notify.data;
	oc.retry_base = env_seconds("SVODKA_MAIL_RETRY_BASE");
	oc.max_attempts = (int)env_seconds("SVODKA_MAIL_MAX_ATTEMPTS");
	oc.reminder_interval = env_seconds("SVODKA_REMINDER_INTERVAL");
	oc.worker = 1;
	if (outbox_init(&oc) < 0) {
		ret = usage_error("mail settings are invalid (see the message above)");
		goto out;
	}
	sodium_memzero(password, sizeof(password));
	if ((rc = open_store(db_url(db), &st, 1)) != 0) {
		ret = rc;
		outbox_stop();
		goto out;
	}
	store_close(st);

	/* Signals go to sigwait below, never to the server's threads. */
	sigemptyset(&set);
	sigaddset(&set, SIGINT);
	sigaddset(&set, SIGTERM);
	pthread_sigmask(SIG_BLOCK, &set, NULL);
	signal(SIGPIPE, SIG_IGN);

	if (mail_global_init() < 0) {
		outbox_stop();
		ret = fail("cannot initialise libcurl");
		goto out;
	}
	wc.db_url = db_url(db);
	wc.assets_dir = assets;
	if (web_init(&wc) < 0) {
		outbox_stop();
		mail_global_cleanup();
		ret = fail("cannot load templates");
		goto out;
	}
	hc.listen = listen;
	if ((srv = http_server_start(&hc, web_app())) == NULL) {
		web_shutdown();
		outbox_stop();
		mail_global_cleanup();
		ret = fail("cannot listen on %s", listen);
		goto out;
	}
	if (outbox_start() < 0) {
		http_server_stop(srv);
		web_shutdown();
		outbox_stop();
		mail_global_cleanup();
		ret = fail("cannot start the mail worker");
		goto out;
	}
	log_serving(listen);
	if (!outbox_sending())
		log_info("mail: no --smtp-url: mail is queued, not sent");
	if (sigwait(&set, &sig) != 0)
		sig = SIGTERM;
	log_info("%s: stopping: finishing requests in flight", sig == SIGINT ? "SIGINT" : "SIGTERM");
	http_server_stop(srv);
	outbox_stop();
	web_shutdown();
	mail_global_cleanup();
	log_info("stopped");
out:
	sodium_memzero(password, sizeof(password));
	buf_release(&notify);
	buf_release(&public_url);
	return ret;
}

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
		default: return usage_error("unknown option %s", argv[optind - 1]);
		}
	}
	if (login_in == NULL)
		return usage_error("--login L is required");
	switch (user_new_check(
		&(struct user_new){.login = login_in, .name = name, .role = role, .org_unit = unit}, &uc,
		&msg)) {
	case USER_OK: break;
	case USER_LOGIN: return usage_error("--login: %s", msg);
	case USER_NAME: return usage_error("--name: %s", msg);
	case USER_ROLE: return usage_error("--role must be admin, coordinator or juror");
	case USER_ORG_UNIT: return usage_error("a coordinator needs --org-unit CODE");
	}
	if (!user_role_has_unit(uc.role) && unit != NULL)
		return usage_error("--org-unit is for coordinators only");
	if ((erc = email_arg(email_in, &email)) != EMAIL_OK)
		return usage_error("--email: not an e-mail address the mailer sends to: %s",
				   email_message(erc));
	if ((rc = open_store(db_url(db), &st, 1)) != 0) {
		free(email);
		return rc;
	}
	if (unit && (src = store_org_unit_get(st, unit, &ou)) != STORE_OK) {
		free(email);
		store_close(st);
		return src == STORE_NOTFOUND ? fail("no org unit with code %s", unit)
					     : fail("database error");
	}
	json_decref(ou);
	if (read_password(pw, sizeof(pw), &gen) < 0) {
		free(email);
		store_close(st);
		return fail("the password on stdin is longer than 128 characters");
	}
	if ((prc = password_check(pw, uc.login)) != PASSWORD_OK) {
		free(email);
		store_close(st);
		return fail("%s", password_message(prc));
	}
	if (hash_password(pw, hash) != 0) {
		free(email);
		store_close(st);
		return fail("password hashing failed (out of memory?)");
	}
	nu = (struct store_user_new){.login = uc.login,
				     .name = uc.name,
				     .role = role,
				     .org_unit = unit,
				     .email = email,
				     .password_hash = hash,
				     .now = (int64_t)time(NULL)};
	if ((src = store_begin(st, 1)) != STORE_OK || (src = store_user_add(st, &nu, &id)) != STORE_OK ||
	    (src = audit_cli(st, "user.create", "user", uc.login,
			     json_pack("{s:s, s:s?, s:s?}", "role", role, "org_unit", unit, "email",
				       email))) != STORE_OK ||
	    (src = store_commit(st)) != STORE_OK) {
		free(email);
		store_rollback(st);
		store_close(st);
		return src == STORE_CONFLICT ? fail("login %s is taken", uc.login) : fail("database error");
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
		default: return usage_error("unknown option %s", argv[optind - 1]);
		}
	}
	if ((rc = open_store(db_url(db), &st, 1)) != 0)
		return rc;
	if (store_user_list(st, &users) != STORE_OK) {
		store_close(st);
		return fail("database error");
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
		default: return usage_error("unknown option %s", argv[optind - 1]);
		}
	}
	if (optind + 1 != argc)
		return usage_error("give exactly one LOGIN");
	if (password_login_check(argv[optind], login, sizeof(login)) != PASSWORD_LOGIN_OK)
		return usage_error("no such login %s", argv[optind]);
	if ((rc = open_store(db_url(db), &st, 1)) != 0)
		return rc;
	if ((src = store_user_get_by_login(st, login, &user)) != STORE_OK) {
		store_close(st);
		return src == STORE_NOTFOUND ? fail("no user with login %s", login) : fail("database error");
	}
	id = json_integer_value(json_object_get(user, "id"));
	json_decref(user);
	if (passwd) {
		if (read_password(pw, sizeof(pw), &gen) < 0) {
			store_close(st);
			return fail("the password on stdin is longer than 128 characters");
		}
		if ((prc = password_check(pw, login)) != PASSWORD_OK) {
			store_close(st);
			return fail("%s", password_message(prc));
		}
		if (hash_password(pw, hash) != 0) {
			store_close(st);
			return fail("password hashing failed");
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
	if ((src = audit_cli(st,
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
	return fail("database error");
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
		default: return usage_error("unknown option %s", argv[optind - 1]);
		}
	}
	if (optind + 2 != argc)
		return usage_error("give LOGIN and ADDR (\"\" to remove the address)");
	if (password_login_check(argv[optind], login, sizeof(login)) != PASSWORD_LOGIN_OK)
		return usage_error("no such login %s", argv[optind]);
	if ((erc = email_arg(argv[optind + 1], &email)) != EMAIL_OK)
		return usage_error("not an e-mail address the mailer sends to: %s: %s", argv[optind + 1],
				   email_message(erc));
	if ((rc = open_store(db_url(db), &st, 1)) != 0) {
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
	if ((src = audit_cli(st, "user.email", "user", login, json_pack("{s:s?}", "email", email))) !=
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
	return src == STORE_NOTFOUND ? fail("no user with login %s", login) : fail("database error");
}

static int
cmd_user(int argc, char **argv)
{
	const char *sub;

	if (argc < 2 || strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0) {
		if (argc < 2)
			return usage_error("missing subcommand: add, list, disable, enable, passwd or email");
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
	return usage_error("unknown subcommand %s", sub);
}

static int
cmd_backup(int argc, char **argv)
{
	static const struct option opts[] = {{"db", required_argument, NULL, 'd'},
					     {"out", required_argument, NULL, 'o'},
					     {"help", no_argument, NULL, 'h'},
					     {NULL, 0, NULL, 0}};
	const char *db = NULL, *out = NULL;
	struct store *st = NULL;
	int c, rc;

	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 'd': db = optarg; break;
		case 'o': out = optarg; break;
		case 'h':
			printf("usage: svodka backup --db FILE --out FILE\n\n"
			       "Copies a SQLite database online: consistent while svodka serves it.\n"
			       "For PostgreSQL use pg_dump (see docs/deploy.md).\n");
			return 0;
		default: return usage_error("unknown option %s", argv[optind - 1]);
		}
	}
	if (out == NULL)
		return usage_error("--out FILE is required");
	if (access(out, F_OK) == 0)
		return fail("%s exists; choose a new file", out);
	if ((rc = open_store(db_url(db), &st, 0)) != 0)
		return rc;
	if (store_backup(st, out) != STORE_OK) {
		store_close(st);
		return fail("backup to %s failed", out);
	}
	store_close(st);
	printf("backup: written to %s\n", out);
	return 0;
}

int
main(int argc, char **argv)
{
	const char *cmd;

	if (sodium_init() < 0) {
		fprintf(stderr, "svodka: libsodium failed to initialise\n");
		return EXIT_FAILURE;
	}
	if (argc < 2)
		return usage_error("missing command: init, migrate, serve, user or backup");
	cmd = argv[1];
	if (strcmp(cmd, "--help") == 0 || strcmp(cmd, "-h") == 0 || strcmp(cmd, "help") == 0) {
		fputs(main_help, stdout);
		return 0;
	}
	if (strcmp(cmd, "--version") == 0 || strcmp(cmd, "-V") == 0) {
		printf("svodka %s\n", SVODKA_VERSION);
		return 0;
	}
	cmd_name = cmd;
	opterr = 0; /* usage_error says it, on one line */
	argc--;
	argv++;
	if (strcmp(cmd, "init") == 0)
		return cmd_migrate_or_init(argc, argv, 1);
	if (strcmp(cmd, "migrate") == 0)
		return cmd_migrate_or_init(argc, argv, 0);
	if (strcmp(cmd, "serve") == 0)
		return cmd_serve(argc, argv);
	if (strcmp(cmd, "user") == 0)
		return cmd_user(argc, argv);
	if (strcmp(cmd, "backup") == 0)
		return cmd_backup(argc, argv);
	if (strcmp(cmd, "export") == 0)
		return cli_export(argc, argv);
	if (strcmp(cmd, "demo") == 0)
		return cli_demo(argc, argv);
	cmd_name = "svodka";
	return usage_error("unknown command %s", cmd);
}
