/*
 * file: reading a whole small file — a time zone from tzdata, a template or
 * a static file served from disk while developing. Only regular files, and
 * only up to a size the caller names, so a path never makes us read a
 * device or an endless stream.
 */
#ifndef SVODKA_UTIL_FILE_H
#define SVODKA_UTIL_FILE_H

#include <stddef.h>

/*
 * Reads the regular file at path, at most max bytes, into a new buffer with
 * a NUL after its len bytes (*len). Returns the buffer, which the caller
 * frees, or NULL when the file is absent, not regular, larger than max or
 * cannot be read.
 */
char *file_read(const char *path, size_t max, size_t *len);

#endif
