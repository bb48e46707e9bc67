/* placeholder until the reconcile command lands (replaced by its owner) */
#include "config.h"
#include <stdio.h>
#include "cli/cli.h"
int
eiti_cmd_reconcile(int argc, char **argv)
{
	fprintf(stderr, "eitirep: reconcile: not built yet\n");
	return EITI_EXIT_USAGE;
}
