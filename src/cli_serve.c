/*
 * cli_serve: `svodka serve`, the web server with its mail worker:
 *
 *   svodka serve --db URL [--listen ADDR:PORT] [--threads N] [--workers N]
 *                [--assets DIR] [--secure] [--quiet] [--public-url URL]
 *                [--smtp-url URL --smtp-from ADDR [--smtp-user USER
 *                 --smtp-password-file FILE] [--smtp-starttls]]
 *                [--notify-to ADDR[,ADDR...]]... [--clock INSTANT]
 *                [--contest-address-limit N]
 *
 * Options also come from the environment (SVODKA_DB, SVODKA_LISTEN,
 * SVODKA_SMTP_*, …; --help lists them). It checks the mail settings and
 * the schema, starts the HTTP server (http/ with web/'s route table) and
 * the outbox worker (mail/outbox.h), then waits for SIGTERM or SIGINT and
 * stops both, requests in flight finished first.
 * Exit status: 0 stopped by a signal, 1 runtime failure, 2 usage error.
 */
#include <getopt.h>
#include <signal.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "domain/deadline.h"
#include "http/http.h"
#include "mail/mail.h"
#include "mail/outbox.h"
#include "store/store.h"
#include "util/buf.h"
#include "util/clock.h"
#include "util/log.h"
#include "util/seal.h"
#include "web/web.h"

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
		return cli_usage_error("%s%s: %s", what, in, deadline_instant_message(rc));
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

int
cli_serve(int argc, char **argv)
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
					     {"contest-address-limit", required_argument, NULL, 'L'},
					     {"key-file", required_argument, NULL, 'K'},
					     {"help", no_argument, NULL, 'h'},
					     {NULL, 0, NULL, 0}};
	const char *db = NULL, *listen = getenv("SVODKA_LISTEN"), *assets = NULL, *clock = NULL, *key = NULL;
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
		case 'K': key = optarg; break;
		case 'n':
			if ((notify.len && buf_addc(&notify, ',') < 0) || buf_adds(&notify, optarg) < 0) {
				ret = cli_usage_error("--notify-to: too many addresses");
				goto out;
			}
			break;
		case 'L':
			v = strtol(optarg, &end, 10);
			if (*end != '\0' || *optarg == '\0' || v < 0 || v > 64) {
				ret = cli_usage_error(
					"--contest-address-limit takes a number from 0 to 64, not %s",
					optarg);
				goto out;
			}
			wc.contest_address_limit = v == 0 ? -1 : (int)v; /* 0 turns the limit off */
			break;
		case 't':
		case 'w':
			v = strtol(optarg, &end, 10);
			if (*end != '\0' || v < 1 || v > 256) {
				ret = cli_usage_error(
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
			       "                    [--notify-to ADDR[,ADDR...]]... [--clock INSTANT]\n"
			       "                    [--contest-address-limit N] [--key-file FILE]\n\n"
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
			       "--contest-address-limit N: contest entries one address may send an hour\n"
			       "(default 20; 0: no limit, for benchmarks from one address).\n"
			       "--key-file FILE (SVODKA_KEY_FILE): svodka's key, which seals the contest's\n"
			       "personal data (default: beside a SQLite database, DB.key; required on\n"
			       "PostgreSQL, the same file on every instance); created when missing.\n"
			       "SIGTERM or SIGINT: stop accepting, finish requests in flight, exit 0.\n");
			goto out;
		default: ret = cli_usage_error("unknown option %s", argv[optind - 1]); goto out;
		}
	}
	if (optind < argc) {
		ret = cli_usage_error("unexpected argument %s", argv[optind]);
		goto out;
	}
	if ((ret = serve_clock(clock, getenv("SVODKA_CLOCK"))) != 0)
		goto out;
	if ((ret = cli_key(key, cli_db_url(db), 1)) != 0)
		goto out;
	if (listen == NULL)
		listen = "127.0.0.1:8080";
	if (pwfile && read_secret_file(pwfile, password, sizeof(password)) < 0) {
		ret = cli_fail("cannot read the smtp password from %s", pwfile);
		goto out;
	}
	if (!pwfile && env_pw &&
	    snprintf(password, sizeof(password), "%s", env_pw) >= (int)sizeof(password)) {
		ret = cli_fail("SVODKA_SMTP_PASSWORD is too long");
		goto out;
	}
	if (oc.public_url == NULL || *oc.public_url == '\0') {
		if (buf_addf(&public_url, "%s://%s", wc.secure ? "https" : "http", listen) < 0)
			abort();
		oc.public_url = public_url.data;
	}
	oc.db_url = cli_db_url(db);
	oc.smtp_password = password[0] ? password : NULL;
	oc.notify_to = notify.data;
	oc.retry_base = env_seconds("SVODKA_MAIL_RETRY_BASE");
	oc.max_attempts = (int)env_seconds("SVODKA_MAIL_MAX_ATTEMPTS");
	oc.reminder_interval = env_seconds("SVODKA_REMINDER_INTERVAL");
	oc.worker = 1;
	if (outbox_init(&oc) < 0) {
		ret = cli_usage_error("mail settings are invalid (see the message above)");
		goto out;
	}
	sodium_memzero(password, sizeof(password));
	if ((rc = cli_open_store(cli_db_url(db), &st, 1)) != 0) {
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
		ret = cli_fail("cannot initialise libcurl");
		goto out;
	}
	wc.db_url = cli_db_url(db);
	wc.assets_dir = assets;
	if (web_init(&wc) < 0) {
		outbox_stop();
		mail_global_cleanup();
		ret = cli_fail("cannot load templates");
		goto out;
	}
	hc.listen = listen;
	if ((srv = http_server_start(&hc, web_app())) == NULL) {
		web_shutdown();
		outbox_stop();
		mail_global_cleanup();
		ret = cli_fail("cannot listen on %s", listen);
		goto out;
	}
	if (outbox_start() < 0) {
		http_server_stop(srv);
		web_shutdown();
		outbox_stop();
		mail_global_cleanup();
		ret = cli_fail("cannot start the mail worker");
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
	seal_set_global(NULL);
	sodium_memzero(password, sizeof(password));
	buf_release(&notify);
	buf_release(&public_url);
	return ret;
}
