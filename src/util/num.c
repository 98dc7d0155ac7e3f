/* num: strict decimal integers of request parameters (see num.h). */
#include "util/num.h"

#include <stddef.h>

int
num_parse_i64(const char *s, int64_t min, int64_t max, int64_t *out)
{
	uint64_t v = 0, limit;
	int neg = 0;
	size_t i = 0;

	if (s == NULL)
		return -1;
	if (s[0] == '-') {
		neg = 1;
		i = 1;
	}
	if (s[i] == '\0')
		return -1;
	/* The magnitude may reach 2^63 for INT64_MIN. */
	limit = neg ? (uint64_t)INT64_MAX + 1 : (uint64_t)INT64_MAX;
	for (; s[i] != '\0'; i++) {
		unsigned d;

		if (s[i] < '0' || s[i] > '9')
			return -1;
		d = (unsigned)(s[i] - '0');
		if (v > (limit - d) / 10)
			return -1;
		v = v * 10 + d;
	}
	if (neg) {
		int64_t r = v == (uint64_t)INT64_MAX + 1 ? INT64_MIN : -(int64_t)v;

		if (r < min || r > max)
			return -1;
		*out = r;
		return 0;
	}
	if ((int64_t)v < min || (int64_t)v > max)
		return -1;
	*out = (int64_t)v;
	return 0;
}
