/* placeholder until the validate command lands (replaced by its owner) */
#include "config.h"
#include <stdio.h>
#include "cli/cli.h"
int
eiti_cmd_validate(int argc, char **argv)
{
	fprintf(stderr, "eitirep: validate: not built yet\n");
	return EITI_EXIT_USAGE;
}
