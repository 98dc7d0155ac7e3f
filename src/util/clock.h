/*
 * clock: the wall clock of a svodka process, read in this one place. By
 * default it is the real clock. clock_start() makes it a simulated clock
 * for demos, training and tests (`svodka serve --clock INSTANT`): it reads
 * INSTANT at the moment of the call and runs on from there at the real
 * rate, as a fixed offset from the real clock.
 *
 * Invariants: clock_start() is called at most once, before any thread that
 * reads the clock starts; afterwards the clock is read-only and every
 * function here is thread-safe. Log timestamps (util/log.c) and timed waits
 * stay on the real clock: clock_real_after() gives the absolute real time a
 * pthread_cond_timedwait() needs.
 */
#ifndef SVODKA_UTIL_CLOCK_H
#define SVODKA_UTIL_CLOCK_H

#include <stdint.h>
#include <time.h>

/*
 * Starts the simulated clock at `instant` (Unix time) now; `utc_offset`
 * (seconds east of UTC) is the offset INSTANT was written with, kept for
 * showing the clock's times the way the operator wrote them.
 */
void clock_start(int64_t instant, int32_t utc_offset);

/* The current instant (Unix time, seconds): real, or simulated once started. */
int64_t clock_now(void);

/*
 * 1 when the clock is simulated, with the instant it started at and the
 * offset it was written with in *started and *utc_offset (either may be
 * NULL); 0 for the real clock.
 */
int clock_simulated(int64_t *started, int32_t *utc_offset);

/* The real CLOCK_REALTIME instant `seconds` from now, for a timed wait. */
void clock_real_after(int64_t seconds, struct timespec *ts);

#endif
