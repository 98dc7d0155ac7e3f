/*
 * num: strict parsing of the integers that come in request parameters and
 * headers (page numbers, versions, row indices, day counts). Decimal digits
 * only, an optional leading '-', no white space, no '+', no trailing text:
 * "12abc", " 12", "0x10" and "" are not numbers. Overflow and a value
 * outside [min, max] are refused as well. Numbers a person types into a
 * report (with spaces between thousands) are a domain rule, not this.
 */
#ifndef SVODKA_UTIL_NUM_H
#define SVODKA_UTIL_NUM_H

#include <stdint.h>

/*
 * Parses s (NUL-terminated; NULL is refused) as a decimal integer in
 * [min, max] into *out. Returns 0, or -1 leaving *out as it was.
 */
__attribute__((warn_unused_result)) int num_parse_i64(const char *s, int64_t min, int64_t max, int64_t *out);

#endif
