/*
 * cmd_export.c - `eitirep export RESULTS.xml (--sdt | --csv | --xlsx)
 * -o PATH`
 *
 * Reads results.xml (validated against schemas/results.xsd) and writes
 * the open data (README.md, Outputs): with --sdt the EITI Summary Data
 * Template v2.0 workbook to FILE.xlsx, with --csv company.csv and
 * government.csv into DIR, with --xlsx the results themselves (keys,
 * totals, adjustments) as a workbook of numbers.  Exit status: 0 written, 1 the
 * results file is invalid or holds what the format cannot carry exactly, 2
 * usage, 4 the output could not be written (the previous output is then
 * untouched).
 */
#include "config.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "core/afile.h"
#include "core/diag.h"
#include "core/err.h"
#include "core/paths.h"
#include "export/export.h"
#include "validate/validate.h"

enum { OPT_SDT = EITI_OPT_LOCAL, OPT_CSV, OPT_XLSX };

static const struct eiti_cli_opt opts[] = {
    {OPT_SDT, "sdt", NULL,
	"write the EITI Summary Data Template v2.0 workbook (.xlsx): sheets "
	"Introduction, Part 1 - About ... Part 5 - Company data, Lists, in "
	"the layout the EITI's importer reads"},
    {OPT_CSV, "csv", NULL,
	"write " EITI_EXPORT_CSV_COMPANY " and " EITI_EXPORT_CSV_GOVERNMENT
	" in the columns of the EITI's open-data files, into the directory "
	"given by -o"},
    {OPT_XLSX, "xlsx", NULL,
	"write the results themselves as a workbook of numbers: keys, totals "
	"by company, stream, entity and region, adjustments (what "
	"results.csv holds, opened right by a spreadsheet whatever its "
	"decimal separator)"},
    {'o', "output", "PATH",
	"the workbook file (--sdt, --xlsx) or the directory "
	"(--csv)"},
    {0, NULL, NULL, NULL},
};

static const struct eiti_cli_exit exits[] = {
    {EITI_EXIT_OK, "written"},
    {EITI_EXIT_INVALID,
	"the results file is invalid, or holds what the format cannot "
	"carry exactly"},
    {EITI_EXIT_USAGE, "usage error"},
    {EITI_EXIT_IO,
	"the output could not be written (the previous output is left "
	"untouched)"},
    {0, NULL},
};

static void
log_removed(void *ud, const char *path)
{
	(void)ud;
	eiti_cli_log(1, "export: removing stale %s", path);
}

/* The files export writes: output itself, or the CSV files in it. */
static char *
output_file(const char *output, bool csv, int i)
{
	static const char *const names[] = {
	    EITI_EXPORT_CSV_COMPANY, EITI_EXPORT_CSV_GOVERNMENT, NULL};

	if (!csv)
		return i == 0 ? eiti_xstrdup(output) : NULL;
	return names[i] != NULL ? eiti_path_join(output, names[i]) : NULL;
}

/* 1 when an output is the input itself (device and inode), after the
 * stale temporary files of every output are swept. */
static int
check_outputs(const char *input, const char *output, bool csv)
{
	char *p;
	int i, same = 0;

	for (i = 0; (p = output_file(output, csv, i)) != NULL; i++) {
		if (eiti_path_same_file(input, p))
			same = 1;
		else
			eiti_afile_sweep_stale(p, log_removed, NULL);
		free(p);
	}
	return same;
}

static int
run(const struct eiti_cli_args *a)
{
	struct eiti_err err = EITI_ERR_INIT;
	struct eiti_diags diags;
	struct eiti_results *res = NULL;
	const char *output = eiti_cli_get(a, 'o', NULL), *input = a->argv[0];
	bool sdt = eiti_cli_has(a, OPT_SDT), csv = eiti_cli_has(a, OPT_CSV);
	bool xlsx = eiti_cli_has(a, OPT_XLSX);
	bool quiet = eiti_cli_verbosity < 0;
	int rc;

	if ((int)sdt + (int)csv + (int)xlsx != 1)
		return eiti_cli_usage_error(
		    a->cmd, "give exactly one of --sdt, --csv and --xlsx");
	if (output == NULL || output[0] == '\0')
		return eiti_cli_usage_error(
		    a->cmd, "no output: give -o %s", csv ? "DIR" : "FILE.xlsx");

	if (check_outputs(input, output, csv))
		return eiti_cli_usage_error(a->cmd,
		    "-o %s would overwrite the input %s (the same file); "
		    "nothing was written",
		    output, input);

	eiti_xml_init();
	eiti_diags_init(&diags);
	rc = eiti_results_load(&res, input, &diags, &err);
	if (rc != 0 || !quiet)
		eiti_diags_print_text(&diags, stderr);
	if (rc < 0) {
		rc = eiti_cli_fail("export", &err, EITI_EXIT_IO);
		goto out;
	}
	if (rc > 0) {
		fprintf(stderr,
		    "eitirep: export: %s: not a valid results file\n", input);
		rc = EITI_EXIT_INVALID;
		goto out;
	}
	if ((sdt       ? eiti_export_sdt(res, output, &err)
		: xlsx ? eiti_export_xlsx(res, output, &err)
		       : eiti_export_csv(res, output, &err)) != 0) {
		rc = eiti_cli_fail("export", &err, EITI_EXIT_IO);
		goto out;
	}
	if (!csv)
		eiti_cli_log(1, "export: wrote %s", output);
	else
		eiti_cli_log(1,
		    "export: wrote %s/" EITI_EXPORT_CSV_COMPANY
		    " and %s/" EITI_EXPORT_CSV_GOVERNMENT,
		    output, output);
	rc = EITI_EXIT_OK;
out:
	eiti_results_free(res);
	eiti_diags_free(&diags);
	eiti_xml_cleanup();
	return rc;
}

const struct eiti_cli_cmd eiti_cmd_export = {
    .name = "export",
    .summary = "write open data: the EITI SDT, CSV files or a results "
	       "workbook",
    .usage = "RESULTS.xml (--sdt | --csv | --xlsx) -o FILE.xlsx|DIR [-q|-v]",
    .about = "Write the open data of a reconciliation from its "
	     "results.xml.  Company data holds one figure per company, "
	     "entity and stream: the final government figure after "
	     "adjustments, or the company's final figure where only the "
	     "company reported.  Outputs are written to a temporary file and "
	     "renamed into place only when complete.",
    .opts = {opts},
    .quiet = "print errors only",
    .verbose = "say what was written",
    .operand = "RESULTS.xml",
    .min_args = 1,
    .max_args = 1,
    .exits = exits,
    .run = run,
};
