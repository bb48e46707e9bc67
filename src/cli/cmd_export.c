/* placeholder until the export command lands (replaced by its owner) */
#include "config.h"
#include <stdio.h>
#include "cli/cli.h"
int
eiti_cmd_export(int argc, char **argv)
{
	fprintf(stderr, "eitirep: export: not built yet\n");
	return EITI_EXIT_USAGE;
}
