/*
 * cmd_reconcile.c - `eitirep reconcile MANIFEST [-o DIR] [--cache DIR]
 * [--fail-on-discrepancy] [-q|-v]`
 *
 * Validates every input of the manifest, reconciles (SPEC section 4) and
 * writes results.csv and results.xml into DIR (default ".", created when
 * missing).  Invalid input: every finding printed compiler style, a
 * summary line, exit 1, nothing written.  Exit 3 when a remote source is
 * not in the cache, 4 on an output or system error, 5 with
 * --fail-on-discrepancy when a discrepancy is left unexplained (after
 * both files are written).
 */
#include "config.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "pipeline/pipeline.h"
#include "core/clock.h"
#include "core/diag.h"
#include "core/err.h"
#include "core/money.h"
#include "model/results.h"
#include "reconcile/reconcile.h"
#include "validate/validate.h"

#define USAGE                                                                  \
	"eitirep reconcile MANIFEST [-o DIR] [--cache DIR] "                   \
	"[--fail-on-discrepancy] [-q|-v]"

static void
help(FILE *fp)
{
	fprintf(fp,
	    "usage: " USAGE "\n"
	    "\n"
	    "Validate every source and the adjustments named by MANIFEST, "
	    "reconcile company\nagainst government figures key by key, and "
	    "write results.csv and results.xml\ninto DIR.  Local sources "
	    "are read directly (relative paths resolve against the\n"
	    "manifest's directory); http(s) sources are read from the cache "
	    "that\n'eitirep fetch' filled.\n"
	    "\n"
	    "options:\n"
	    "  -o, --output DIR         write the results into DIR "
	    "(default: .)\n"
	    "  --cache DIR              the fetch cache (default: "
	    "$XDG_CACHE_HOME/eitirep)\n"
	    "  --fail-on-discrepancy    exit 5 when a discrepancy above "
	    "tolerance is left\n"
	    "                           unexplained (after writing the "
	    "results)\n"
	    "  -q, --quiet              print errors only\n"
	    "  -v, --verbose            also list every source read\n"
	    "  -h, --help               show this help and exit\n"
	    "\n"
	    "SOURCE_DATE_EPOCH, when set, gives the time recorded in "
	    "results.xml.\n"
	    "\n"
	    "Exit status: 0 done, 1 input invalid (nothing written), 2 usage "
	    "error,\n3 a remote source is not in the cache, 4 output or "
	    "system error,\n5 unexplained discrepancies with "
	    "--fail-on-discrepancy.\n");
}

static const char *
plural(size_t n, const char *one, const char *many)
{
	return n == 1 ? one : many;
}

/* The findings worth printing under -q: errors only. */
static void
print_findings(const struct eiti_diags *d, bool quiet)
{
	struct eiti_diags shown;
	size_t i;

	if (!quiet) {
		eiti_diags_print_text(d, stderr);
		return;
	}
	eiti_diags_init(&shown);
	for (i = 0; i < d->n; i++)
		if (d->v[i].sev == EITI_SEV_ERROR)
			eiti_diag_add(&shown, EITI_SEV_ERROR, d->v[i].file,
			    d->v[i].line, d->v[i].col, d->v[i].rule, "%s",
			    d->v[i].msg);
	eiti_diags_print_text(&shown, stderr);
	eiti_diags_free(&shown);
}

static void
summary(const struct eiti_results *res, const char *dir)
{
	const size_t *n = res->overall.count;
	char pct[EITI_MONEY_BUFSZ];

	fprintf(stderr,
	    "eitirep: reconcile: %zu %s: %zu matched, %zu within tolerance, "
	    "%zu %s (%zu unexplained), %zu company-only, %zu "
	    "government-only, %zu out of scope",
	    res->nrows, plural(res->nrows, "key", "keys"), n[EITI_ST_MATCHED],
	    n[EITI_ST_WITHIN_TOLERANCE], n[EITI_ST_DISCREPANCY],
	    plural(n[EITI_ST_DISCREPANCY], "discrepancy", "discrepancies"),
	    eiti_results_unexplained(res), n[EITI_ST_COMPANY_ONLY],
	    n[EITI_ST_GOVERNMENT_ONLY], n[EITI_ST_OUT_OF_SCOPE]);
	if (res->has_coverage)
		fprintf(stderr, "; coverage %s%%",
		    eiti_money_plain(pct, res->coverage_bp, 2));
	fprintf(stderr,
	    "\neitirep: reconcile: wrote %s/results.csv and "
	    "%s/results.xml\n",
	    dir, dir);
}

int
eiti_cmd_reconcile(int argc, char **argv)
{
	enum { OPT_CACHE = 256, OPT_FAIL };
	static const struct option longopts[] = {
	    {"output", required_argument, NULL, 'o'},
	    {"cache", required_argument, NULL, OPT_CACHE},
	    {"fail-on-discrepancy", no_argument, NULL, OPT_FAIL},
	    {"quiet", no_argument, NULL, 'q'},
	    {"verbose", no_argument, NULL, 'v'},
	    {"help", no_argument, NULL, 'h'},
	    {NULL, 0, NULL, 0},
	};
	struct eiti_err err = EITI_ERR_INIT;
	struct eiti_diags diags;
	struct eiti_results *res = NULL;
	struct eiti_clock clock;
	const char *dir = ".", *cache = NULL;
	bool fail_on = false, quiet = false;
	size_t i;
	int c, rc, status;

	opterr = 0;
	optind = 1;
	while ((c = getopt_long(argc, argv, ":o:qvh", longopts, NULL)) != -1) {
		switch (c) {
		case 'o':
			dir = optarg;
			break;
		case OPT_CACHE:
			cache = optarg;
			break;
		case OPT_FAIL:
			fail_on = true;
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
			return eiti_cli_bad_option("reconcile", USAGE, c, argv);
		}
	}
	if (optind >= argc)
		return eiti_cli_usage_error(
		    "reconcile", USAGE, "no manifest given");
	if (argc - optind > 1)
		return eiti_cli_usage_error("reconcile", USAGE,
		    "one manifest only ('%s' is extra)", argv[optind + 1]);
	if (dir[0] == '\0')
		return eiti_cli_usage_error(
		    "reconcile", USAGE, "empty output directory");
	if (eiti_clock_read(&clock, &err) != 0)
		return eiti_cli_fail(&err, EITI_EXIT_USAGE);

	eiti_xml_init();
	eiti_diags_init(&diags);
	rc = eiti_pipeline_reconcile(
	    &res, NULL, argv[optind], cache, &clock, &diags, &err);
	print_findings(&diags, quiet);
	if (rc > 0) {
		fprintf(stderr,
		    "eitirep: reconcile: input invalid: %zu %s, %zu %s; no "
		    "results written\n",
		    diags.errors, plural(diags.errors, "error", "errors"),
		    diags.warnings,
		    plural(diags.warnings, "warning", "warnings"));
		status = EITI_EXIT_INVALID;
		goto out;
	}
	if (rc < 0) {
		status = eiti_cli_fail(&err, EITI_EXIT_IO);
		goto out;
	}
	for (i = 0; i < res->nsources; i++)
		eiti_cli_log(1, "reconcile: read %s (%zu %s)",
		    res->sources[i].href, res->sources[i].payments,
		    res->sources[i].is_adjustments ? "items" : "payments");
	if (eiti_pipeline_write_results(res, dir, &err) != 0) {
		status = eiti_cli_fail(&err, EITI_EXIT_IO);
		goto out;
	}
	if (!quiet)
		summary(res, dir);
	status = EITI_EXIT_OK;
	if (fail_on && eiti_results_unexplained(res) > 0) {
		if (!quiet)
			fprintf(stderr,
			    "eitirep: reconcile: %zu unexplained %s above "
			    "tolerance\n",
			    eiti_results_unexplained(res),
			    plural(eiti_results_unexplained(res), "discrepancy",
				"discrepancies"));
		status = EITI_EXIT_DISCREPANCY;
	}
out:
	eiti_results_free(res);
	eiti_diags_free(&diags);
	eiti_xml_cleanup();
	return status;
}
