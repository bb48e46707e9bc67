/* placeholder until the render command lands (replaced by its owner) */
#include "config.h"
#include <stdio.h>
#include "cli/cli.h"
int
eiti_cmd_render(int argc, char **argv)
{
	fprintf(stderr, "eitirep: render: not built yet\n");
	return EITI_EXIT_USAGE;
}
