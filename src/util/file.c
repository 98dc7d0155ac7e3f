/* file: reading a whole small regular file (see file.h). */
#include "util/file.h"

#include <fcntl.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util/xalloc.h"

char *
file_read(const char *path, size_t max, size_t *len)
{
	struct stat sb;
	char *data = NULL;
	size_t got = 0;
	ssize_t n;
	int fd;

	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) < 0)
		return NULL;
	if (fstat(fd, &sb) < 0 || !S_ISREG(sb.st_mode) || (size_t)sb.st_size > max)
		goto fail;
	data = xmalloc((size_t)sb.st_size + 1);
	while (got < (size_t)sb.st_size) {
		if ((n = read(fd, data + got, (size_t)sb.st_size - got)) <= 0)
			goto fail;
		got += (size_t)n;
	}
	data[got] = '\0';
	*len = got;
	close(fd);
	return data;
fail:
	free(data);
	close(fd);
	return NULL;
}
