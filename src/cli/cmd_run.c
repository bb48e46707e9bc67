/* placeholder until the run command lands (replaced by its owner) */
#include "config.h"
#include <stdio.h>
#include "cli/cli.h"
int
eiti_cmd_run(int argc, char **argv)
{
	fprintf(stderr, "eitirep: run: not built yet\n");
	return EITI_EXIT_USAGE;
}
