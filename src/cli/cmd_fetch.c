/* placeholder until the fetch command lands (replaced by its owner) */
#include "config.h"
#include <stdio.h>
#include "cli/cli.h"
int
eiti_cmd_fetch(int argc, char **argv)
{
	fprintf(stderr, "eitirep: fetch: not built yet\n");
	return EITI_EXIT_USAGE;
}
