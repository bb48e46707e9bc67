/*
 * cmd_export.c - `eitirep export RESULTS.xml (--sdt | --csv | --xlsx)
 * -o PATH`
 *
 * Reads results.xml (validated against schemas/results.xsd) and writes
 * the open data of SPEC section 9: with --sdt the EITI Summary Data
 * Template v2.0 workbook to FILE.xlsx, with --csv company.csv and
 * government.csv into DIR, with --xlsx the results themselves (keys,
 * totals, adjustments) as a workbook of numbers.  Exit status: 0 written, 1 the
 * results file is invalid or holds what the format cannot carry exactly, 2
 * usage, 4 the output could not be written (the previous output is then
 * untouched).
 */
#include "config.h"

#include <getopt.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "core/diag.h"
#include "core/err.h"
#include "export/export.h"
#include "validate/validate.h"

#define USAGE                                                                  \
	"eitirep export RESULTS.xml (--sdt | --csv | --xlsx) -o FILE.xlsx|DIR"

static void
help(FILE *fp)
{
	fprintf(fp,
	    "usage: " USAGE "\n"
	    "\n"
	    "Write the open data of a reconciliation from its results.xml.\n"
	    "\n"
	    "options:\n"
	    "  --sdt               the EITI Summary Data Template v2.0 "
	    "workbook (.xlsx):\n"
	    "                      sheets Introduction, Part 1 - About ... "
	    "Part 5 - Company\n"
	    "                      data, Lists, in the layout the EITI's "
	    "importer reads\n"
	    "  --csv               " EITI_EXPORT_CSV_COMPANY
	    " and " EITI_EXPORT_CSV_GOVERNMENT " in the columns of EITI's\n"
	    "                      open-data files, into the directory "
	    "given by -o\n"
	    "  --xlsx              the results themselves as a workbook of "
	    "numbers: keys,\n"
	    "                      totals by company, stream, entity and "
	    "region,\n"
	    "                      adjustments (what results.csv holds, "
	    "opened right by a\n"
	    "                      spreadsheet whatever its decimal "
	    "separator)\n"
	    "  -o, --output=PATH   the workbook file (--sdt, --xlsx) or the "
	    "directory (--csv)\n"
	    "  -q, --quiet         print errors only\n"
	    "  -v, --verbose       say what was written\n"
	    "  -h, --help          show this help and exit\n"
	    "\n"
	    "Company data holds one figure per company, entity and stream: "
	    "the final\ngovernment figure after adjustments, or the "
	    "company's final figure where\nonly the company reported.  "
	    "Outputs are written to a temporary file and\nrenamed into "
	    "place only when complete.\n"
	    "\n"
	    "Exit status: 0 written, 1 invalid results, 2 usage error, "
	    "4 output error.\n");
}

int
eiti_cmd_export(int argc, char **argv)
{
	static const struct option longopts[] = {
	    {"sdt", no_argument, NULL, 'S'},
	    {"csv", no_argument, NULL, 'C'},
	    {"xlsx", no_argument, NULL, 'X'},
	    {"output", required_argument, NULL, 'o'},
	    {"quiet", no_argument, NULL, 'q'},
	    {"verbose", no_argument, NULL, 'v'},
	    {"help", no_argument, NULL, 'h'},
	    {NULL, 0, NULL, 0},
	};
	struct eiti_err err = EITI_ERR_INIT;
	struct eiti_diags diags;
	struct eiti_results *res = NULL;
	const char *output = NULL, *input;
	bool sdt = false, csv = false, xlsx = false, quiet = false;
	int c, rc;

	opterr = 0;
	optind = 1;
	while ((c = getopt_long(argc, argv, ":o:qvh", longopts, NULL)) != -1) {
		switch (c) {
		case 'S':
			sdt = true;
			break;
		case 'C':
			csv = true;
			break;
		case 'X':
			xlsx = true;
			break;
		case 'o':
			output = optarg;
			break;
		case 'q':
			quiet = true;
			eiti_cli_verbosity = -1;
			break;
		case 'v':
			eiti_cli_verbosity = 1;
			break;
		case 'h':
			help(stdout);
			return EITI_EXIT_OK;
		default:
			return eiti_cli_bad_option("export", USAGE, c, argv);
		}
	}
	if ((int)sdt + (int)csv + (int)xlsx != 1)
		return eiti_cli_usage_error("export", USAGE,
		    "give exactly one of --sdt and --csv (or --xlsx)");
	if (output == NULL || output[0] == '\0')
		return eiti_cli_usage_error("export", USAGE,
		    "no output: give -o %s", csv ? "DIR" : "FILE.xlsx");
	if (optind != argc - 1)
		return eiti_cli_usage_error("export", USAGE,
		    optind == argc ? "no results file given"
				   : "one results file only");
	input = argv[optind];

	eiti_xml_init();
	eiti_diags_init(&diags);
	rc = eiti_results_load(&res, input, &diags, &err);
	if (rc != 0 || !quiet)
		eiti_diags_print_text(&diags, stderr);
	if (rc < 0) {
		rc = eiti_cli_fail(&err, EITI_EXIT_IO);
		goto out;
	}
	if (rc > 0) {
		fprintf(
		    stderr, "eitirep: %s: not a valid results file\n", input);
		rc = EITI_EXIT_INVALID;
		goto out;
	}
	if ((sdt       ? eiti_export_sdt(res, output, &err)
		: xlsx ? eiti_export_xlsx(res, output, &err)
		       : eiti_export_csv(res, output, &err)) != 0) {
		rc = eiti_cli_fail(&err, EITI_EXIT_IO);
		goto out;
	}
	if (!csv)
		eiti_cli_log(1, "wrote %s", output);
	else
		eiti_cli_log(1,
		    "wrote %s/" EITI_EXPORT_CSV_COMPANY
		    " and %s/" EITI_EXPORT_CSV_GOVERNMENT,
		    output, output);
	rc = EITI_EXIT_OK;
out:
	eiti_results_free(res);
	eiti_diags_free(&diags);
	eiti_xml_cleanup();
	return rc;
}
