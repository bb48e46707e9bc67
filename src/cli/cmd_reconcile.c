/*
 * cmd_reconcile.c - `eitirep reconcile MANIFEST [-o DIR] [--cache DIR]
 * [--jobs N] [--fail-on-discrepancy] [-q|-v]`
 *
 * Validates every input of the manifest, reconciles (eitirep-results(5)) and
 * writes results.csv and results.xml into DIR (default ".", created when
 * missing).  Invalid input: every finding printed compiler style, a
 * summary line, exit 1, nothing written.  Exit 3 when a remote source is
 * not in the cache, 4 on an output or system error, 5 with
 * --fail-on-discrepancy when a key is unreconciled: a discrepancy, or a
 * key of one side beyond tolerance, with no adjustment or explanation
 * (after every file is written).
 */
#include "config.h"

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

static const struct eiti_cli_opt opts[] = {
    {'o', "output", "DIR",
	"write the results into DIR, created when missing (default: the "
	"current directory)"},
    {EITI_OPT_JOBS, "jobs", "N",
	"validate up to N sources at a time, 1 to 64 (default: one per "
	"online CPU); the results and the findings do not depend on it"},
    {0, NULL, NULL, NULL},
};

const struct eiti_cli_opt eiti_cli_fail_opts[] = {
    {EITI_OPT_FAIL_ON_DISCREPANCY, "fail-on-discrepancy", NULL,
	"exit with status 5, after writing every output, when a key is "
	"unreconciled: a discrepancy, or a key of one side only beyond "
	"tolerance, with no adjustment or explanation"},
    {EITI_OPT_FORMAT, "format", "FORMAT",
	"the findings as text on standard error (FORMAT text, the "
	"default) or as one JSON array on standard output (json), as "
	"validate prints them; the summary stays on standard error"},
    {0, NULL, NULL, NULL},
};

static const struct eiti_cli_exit exits[] = {
    {EITI_EXIT_OK, "done"},
    {EITI_EXIT_INVALID, "input invalid (nothing written)"},
    {EITI_EXIT_USAGE, "usage error"},
    {EITI_EXIT_FETCH, "a remote source is not in the cache"},
    {EITI_EXIT_IO, "output or system error"},
    {EITI_EXIT_DISCREPANCY,
	"unreconciled keys, with --fail-on-discrepancy (after writing the "
	"results)"},
    {0, NULL},
};

int
eiti_cli_findings_format(const struct eiti_cli_args *a, bool *json)
{
	const char *format = eiti_cli_get(a, EITI_OPT_FORMAT, "text");

	*json = strcmp(format, "json") == 0;
	if (!*json && strcmp(format, "text") != 0)
		return eiti_cli_usage_error(
		    a->cmd, "unknown format '%s' (text or json)", format);
	return 0;
}

/* The findings worth printing under -q: errors only. */
void
eiti_cli_print_findings(const struct eiti_diags *d, bool quiet, bool json)
{
	struct eiti_diags shown;
	size_t i;

	eiti_diags_init(&shown);
	if (quiet)
		for (i = 0; i < d->n; i++)
			if (d->v[i].sev == EITI_SEV_ERROR)
				eiti_diag_copy(&shown, &d->v[i]);
	if (json) {
		eiti_diags_print_json(quiet ? &shown : d, stdout);
		fflush(stdout);
	} else {
		eiti_diags_print_text(quiet ? &shown : d, stderr);
	}
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
	    "government-only, %zu out of scope; %zu unreconciled",
	    res->nrows, eiti_cli_plural(res->nrows, "key", "keys"),
	    n[EITI_ST_MATCHED], n[EITI_ST_WITHIN_TOLERANCE],
	    n[EITI_ST_DISCREPANCY],
	    eiti_cli_plural(
		n[EITI_ST_DISCREPANCY], "discrepancy", "discrepancies"),
	    eiti_results_unexplained(res), n[EITI_ST_COMPANY_ONLY],
	    n[EITI_ST_GOVERNMENT_ONLY], n[EITI_ST_OUT_OF_SCOPE],
	    eiti_results_unreconciled(res));
	if (res->has_coverage)
		fprintf(stderr, "; coverage %s%%",
		    eiti_money_plain(pct, res->coverage_bp, 2));
	if (res->transfers != NULL) {
		const struct eiti_res_transfers *t = res->transfers;

		n = t->overall.count;
		fprintf(stderr,
		    "\neitirep: reconcile: %zu transfer %s: %zu matched, %zu "
		    "within tolerance, %zu %s, %zu not transferred, %zu "
		    "receipt not reported, %zu transfer not reported",
		    t->nrows, eiti_cli_plural(t->nrows, "key", "keys"),
		    n[EITI_XS_MATCHED], n[EITI_XS_WITHIN_TOLERANCE],
		    n[EITI_XS_DISCREPANCY],
		    eiti_cli_plural(
			n[EITI_XS_DISCREPANCY], "discrepancy", "discrepancies"),
		    n[EITI_XS_NOT_TRANSFERRED], n[EITI_XS_RECEIPT_NOT_REPORTED],
		    n[EITI_XS_TRANSFER_NOT_REPORTED]);
	}
	if (res->transfers != NULL)
		fprintf(stderr,
		    "\neitirep: reconcile: wrote %s/results.csv, "
		    "%s/transfers.csv and %s/results.xml\n",
		    dir, dir, dir);
	else
		fprintf(stderr,
		    "\neitirep: reconcile: wrote %s/results.csv and "
		    "%s/results.xml\n",
		    dir, dir);
}

void
eiti_cli_unreconciled(const char *cmd, const struct eiti_results *res)
{
	size_t n = eiti_results_unreconciled(res);

	fprintf(stderr,
	    "eitirep: %s: %zu unreconciled %s: a discrepancy, or one side "
	    "only beyond tolerance, with no adjustment or explanation\n",
	    cmd, n, eiti_cli_plural(n, "key", "keys"));
}

void
eiti_cli_print_tables(
    const struct eiti_pipeline_tables *t, const struct eiti_diags *diags)
{
	size_t i;

	for (i = 0; i < t->n; i++)
		if (eiti_diags_errors_in(diags, t->v[i].file) > 0)
			fprintf(stderr, "eitirep: import: %s: %s\n",
			    t->v[i].file, t->v[i].summary);
		else
			eiti_cli_log(
			    1, "import: %s: %s", t->v[i].file, t->v[i].summary);
}

static int
run(const struct eiti_cli_args *a)
{
	struct eiti_err err = EITI_ERR_INIT;
	struct eiti_diags diags;
	struct eiti_results *res = NULL;
	struct eiti_pipeline_tables tables = {NULL, 0};
	struct eiti_clock clock;
	const char *dir = eiti_cli_get(a, 'o', ".");
	const char *cache = eiti_cli_get(a, EITI_OPT_CACHE, NULL);
	bool fail_on = eiti_cli_has(a, EITI_OPT_FAIL_ON_DISCREPANCY);
	bool quiet = eiti_cli_verbosity < 0, json;
	size_t i;
	unsigned jobs;
	int rc, status;

	if (dir[0] == '\0')
		return eiti_cli_usage_error(a->cmd, "empty output directory");
	if ((rc = eiti_cli_findings_format(a, &json)) != 0)
		return rc;
	if ((rc = eiti_cli_jobs(a, &jobs)) != 0)
		return rc;
	eiti_pipeline_set_jobs(jobs);
	if (eiti_clock_read(&clock, &err) != 0)
		return eiti_cli_fail("reconcile", &err, EITI_EXIT_USAGE);

	eiti_xml_init();
	eiti_diags_init(&diags);
	rc = eiti_pipeline_reconcile(
	    &res, NULL, a->argv[0], cache, &clock, &tables, &diags, &err);
	eiti_cli_print_findings(&diags, quiet, json);
	eiti_cli_print_tables(&tables, &diags);
	if (rc > 0) {
		fprintf(stderr,
		    "eitirep: reconcile: input invalid: %zu %s, %zu %s; no "
		    "results written\n",
		    diags.errors,
		    eiti_cli_plural(diags.errors, "error", "errors"),
		    diags.warnings,
		    eiti_cli_plural(diags.warnings, "warning", "warnings"));
		status = EITI_EXIT_INVALID;
		goto out;
	}
	if (rc < 0) {
		status = eiti_cli_fail("reconcile", &err, EITI_EXIT_IO);
		goto out;
	}
	for (i = 0; i < res->nsources; i++)
		eiti_cli_log(1, "reconcile: read %s (%zu %s)",
		    res->sources[i].href, res->sources[i].payments,
		    res->sources[i].is_adjustments ? "items" : "payments");
	if (eiti_pipeline_write_results(res, dir, &err) != 0) {
		status = eiti_cli_fail("reconcile", &err, EITI_EXIT_IO);
		goto out;
	}
	if (!quiet)
		summary(res, dir);
	status = EITI_EXIT_OK;
	if (fail_on && eiti_results_unreconciled(res) > 0) {
		if (!quiet)
			eiti_cli_unreconciled("reconcile", res);
		status = EITI_EXIT_DISCREPANCY;
	}
out:
	eiti_pipeline_tables_free(&tables);
	eiti_results_free(res);
	eiti_diags_free(&diags);
	eiti_xml_cleanup();
	return status;
}

const struct eiti_cli_cmd eiti_cmd_reconcile = {
    .name = "reconcile",
    .summary = "reconcile company against government figures",
    .usage = "MANIFEST [-o DIR] [--cache DIR] [--jobs N] "
	     "[--fail-on-discrepancy] [--format=text|json] [-q|-v]",
    .about = "Validate every source and the adjustments named by MANIFEST, "
	     "reconcile company against government figures key by key, and "
	     "write results.csv and results.xml into DIR, and transfers.csv "
	     "when the inputs declare subnational transfers (a transfers.csv "
	     "of an earlier run is removed when they declare none).  Local "
	     "sources and "
	     "file: URLs are read directly (relative paths resolve against "
	     "the manifest's directory); http(s) sources are read from the "
	     "cache that 'eitirep fetch' filled.  Invalid input prints every "
	     "finding and writes nothing.",
    .opts = {opts, eiti_cli_cache_opts, eiti_cli_fail_opts},
    .quiet = "print errors only",
    .verbose = "also list every source read",
    .operand = "MANIFEST",
    .min_args = 1,
    .max_args = 1,
    .notes = "SOURCE_DATE_EPOCH, when set, gives the time recorded in "
	     "results.xml.",
    .exits = exits,
    .run = run,
};
