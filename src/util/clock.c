/*
 * clock: the real clock plus an offset set once at start-up (see clock.h).
 */
#include "util/clock.h"

static int simulated; /* clock_start() was called */
static int64_t offset; /* simulated minus real, seconds */
static int64_t started; /* the instant the simulated clock started at */
static int32_t started_offset; /* the UTC offset it was written with */

static int64_t
real_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	return (int64_t)ts.tv_sec;
}

void
clock_start(int64_t instant, int32_t utc_offset)
{
	offset = instant - real_now();
	started = instant;
	started_offset = utc_offset;
	simulated = 1;
}

int64_t
clock_now(void)
{
	return real_now() + offset;
}

int
clock_simulated(int64_t *at, int32_t *utc_offset)
{
	if (!simulated)
		return 0;
	if (at)
		*at = started;
	if (utc_offset)
		*utc_offset = started_offset;
	return 1;
}

void
clock_real_after(int64_t seconds, struct timespec *ts)
{
	clock_gettime(CLOCK_REALTIME, ts);
	ts->tv_sec += (time_t)seconds;
}
