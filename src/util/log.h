/*
 * log: one-line messages to stderr, lowercase, no trailing period, with the
 * function name first: log_warnx("%s: sqlite3_step: %s", __func__, msg).
 * Lines are written with a single write(2) so threads never interleave.
 * Never pass passwords, tokens or cookies to these functions.
 */
#ifndef SVODKA_UTIL_LOG_H
#define SVODKA_UTIL_LOG_H

void log_info(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void log_warnx(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Like log_warnx, with ": strerror(errno)" appended. */
void log_warn(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* 0 = quiet (warnings only), 1 = info (default). */
void log_set_level(int level);

#endif
