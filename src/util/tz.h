/*
 * tz: the UTC offset of an IANA time zone at an instant, read from the
 * system's tzdata (/usr/share/zoneinfo, TZif files). Thread-safe; a zone's
 * file is read once and kept. svodka needs it for deadlines ("through
 * 23:59:59 local time on 10 March") and to show times in a campaign's zone,
 * without touching the process-wide TZ that localtime() uses.
 *
 * Instants after the last transition in the file take the offset of that
 * transition (the file's POSIX rule for future daylight saving is not
 * read; the zones of Russia have none since 2014).
 */
#ifndef SVODKA_UTIL_TZ_H
#define SVODKA_UTIL_TZ_H

#include <stdint.h>

/* Stores the offset east of UTC in seconds in *offset: 0, or -1 when the zone is unknown. */
__attribute__((warn_unused_result)) int tz_offset(const char *zone, int64_t instant, int *offset);
/* Frees the cache (at exit, for leak checkers). */
void tz_release(void);

#endif
