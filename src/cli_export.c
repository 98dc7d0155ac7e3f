/* cli_export: placeholder until the command lands. */
#include <stdio.h>

#include "cli.h"

int
cli_export(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	fprintf(stderr, "svodka: export: not built yet\n");
	return 1;
}
