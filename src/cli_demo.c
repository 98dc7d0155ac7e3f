/* cli_demo: placeholder until the command lands. */
#include <stdio.h>

#include "cli.h"

int
cli_demo(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	fprintf(stderr, "svodka: demo: not built yet\n");
	return 1;
}
