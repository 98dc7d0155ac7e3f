/*
 * pct: percent-decoding, one pass, no allocation.
 */
#include "util/pct.h"

static int
hexval(unsigned char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

int
pct_decode(const char *s, size_t len, unsigned flags, char *out, size_t *outlen)
{
	size_t i, n = 0;

	for (i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];
		int hi, lo;

		if (c == '+' && (flags & PCT_PLUS_SPACE)) {
			out[n++] = ' ';
		} else if (c == '%') {
			if (len - i < 3)
				return -1;
			hi = hexval((unsigned char)s[i + 1]);
			lo = hexval((unsigned char)s[i + 2]);
			if (hi < 0 || lo < 0 || ((flags & PCT_NO_NUL) && (hi | lo) == 0))
				return -1;
			out[n++] = (char)(hi << 4 | lo);
			i += 2;
		} else {
			out[n++] = (char)c;
		}
	}
	out[n] = '\0';
	if (outlen)
		*outlen = n;
	return 0;
}
