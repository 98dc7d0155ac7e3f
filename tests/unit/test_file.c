/* Unit tests for util/file: whole small regular files, and what is refused. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "util/file.h"

static void
test_read(void **state)
{
	char path[] = "/tmp/svodka-test-file-XXXXXX";
	size_t len = 0;
	char *data;
	int fd = mkstemp(path);

	(void)state;
	assert_true(fd >= 0);
	assert_int_equal(write(fd, "Привет", 12), 12);
	close(fd);
	data = file_read(path, 12, &len);
	assert_non_null(data);
	assert_int_equal(len, 12);
	assert_string_equal(data, "Привет"); /* NUL-terminated */
	free(data);
	assert_null(file_read(path, 11, &len)); /* larger than the caller allows */
	unlink(path);
	assert_null(file_read(path, 100, &len)); /* absent */
	assert_null(file_read("/tmp", 100, &len)); /* not a regular file */
	assert_null(file_read("/dev/zero", 100, &len));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_read),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
