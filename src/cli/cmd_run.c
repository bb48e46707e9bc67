/*
 * cmd_run.c - `eitirep run`: the scheduled job.
 *
 * fetch -> validate -> reconcile -> render into one output directory.
 * Nothing is lost: report.pdf, results.xml and results.csv (and
 * transfers.csv when the inputs declare subnational transfers) are
 * written to temporary files beside their final places and renamed into
 * place only after all are complete, so a failure at any stage (invalid input,
 * network, disk full, file-size limit, a signal) leaves the previous
 * outputs byte-identical.  A lock on the directory itself (flock, released
 * by the kernel when a run dies, nothing left in the directory) keeps two
 * runs from interleaving; the lock of a killed run is therefore recovered
 * by the next run, which also removes the temporary files it left.
 */
#include "config.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cli/cli.h"
#include "pipeline/pipeline.h"
#include "core/afile.h"
#include "core/clock.h"
#include "core/paths.h"
#include "fetch/fetch.h"
#include "reconcile/reconcile.h"
#include "model/template.h"
#include "render/render.h"
#include "validate/template_load.h"
#include "validate/validate.h"

static const struct eiti_cli_opt opts[] = {
    {'o', "output", "DIR",
	"write report.pdf, results.xml and results.csv into DIR, created "
	"when missing (default: the current directory)"},
    {0, NULL, NULL, NULL},
};

static const struct eiti_cli_exit exits[] = {
    {EITI_EXIT_OK, "done"},
    {EITI_EXIT_INVALID, "input invalid"},
    {EITI_EXIT_USAGE, "usage error"},
    {EITI_EXIT_FETCH, "a source could not be fetched"},
    {EITI_EXIT_IO, "output or system error, or DIR is in use by another run"},
    {EITI_EXIT_DISCREPANCY,
	"unexplained discrepancies, with --fail-on-discrepancy (after "
	"writing every output)"},
    {0, NULL},
};

static const char *const outputs[] = {
    "report.pdf", "results.xml", "results.csv"};
#define NOUTPUTS (sizeof(outputs) / sizeof(outputs[0]))

/* Milliseconds on a monotonic clock, for stage timings. */
static long long
now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void
stage_done(const char *stage, long long t0, const char *what)
{
	long long ms = now_ms() - t0;

	eiti_cli_log(
	    0, "%s: %s (%lld.%03lld s)", stage, what, ms / 1000, ms % 1000);
}

/* Take the directory's lock (core/afile.h): one run per directory. */
static int
lock_dir(int *fdp, const char *dir, struct eiti_err *err)
{
	int rc = eiti_afile_lock_dir(fdp, dir, err);

	if (rc > 0)
		return eiti_err_set(err, EITI_ERR_IO,
		    "run: %s is in use by another run; nothing was changed",
		    dir);
	return rc;
}

static void
log_removed(void *ud, const char *path)
{
	eiti_cli_log(1, "run: removing stale %s", path);
}

/* Remove ".NAME.tmp.XXXXXX" files a killed run left for our outputs. */
static void
remove_stale_temps(const char *dir)
{
	size_t i;

	for (i = 0; i < NOUTPUTS; i++) {
		char *p = eiti_path_join(dir, outputs[i]);

		eiti_afile_sweep(p, log_removed, NULL);
		free(p);
	}
}

static int
run(const struct eiti_cli_args *a)
{
	struct eiti_err err = EITI_ERR_INIT;
	struct eiti_diags diags;
	struct eiti_fetch_opts fo;
	struct eiti_manifest *m = NULL;
	struct eiti_results *res = NULL;
	struct eiti_afile_group *group = NULL;
	struct eiti_afile *files[NOUTPUTS] = {NULL};
	struct eiti_render_opts ro;
	struct eiti_clock clock;
	struct eiti_pipeline_tables tables = {NULL, 0};
	struct eiti_template *tmpl = NULL;
	const char *dir = eiti_cli_get(a, 'o', "."), *manifest = a->argv[0];
	bool fail_on_discrepancy =
	    eiti_cli_has(a, EITI_OPT_FAIL_ON_DISCREPANCY);
	int rc = EITI_EXIT_OK, lockfd = -1, lr;
	size_t i, unexplained = 0;
	long long t0, t_all = now_ms();

	eiti_fetch_opts_init(&fo);
	if ((lr = eiti_cli_fetch_options(&fo, a)) != 0)
		return lr;
	if (eiti_clock_read(&clock, &err) != 0)
		return eiti_cli_fail("run", &err, EITI_EXIT_USAGE);
	eiti_diags_init(&diags);
	/* A broken installation changes nothing, not even DIR. */
	if (eiti_validate_load(&err) != 0) {
		rc = eiti_cli_fail("run", &err, EITI_EXIT_IO);
		goto out_nolock;
	}
	if (eiti_path_mkdirs(dir, &err) != 0 ||
	    lock_dir(&lockfd, dir, &err) != 0) {
		rc = eiti_cli_fail("run", &err, EITI_EXIT_IO);
		goto out_nolock;
	}
	remove_stale_temps(dir);

	/* fetch */
	t0 = now_ms();
	lr = eiti_manifest_load(&m, manifest, &diags, &err);
	if (lr != 0) {
		eiti_diags_print_text(&diags, stderr);
		rc = lr < 0 ? eiti_cli_fail("run", &err, EITI_EXIT_IO)
			    : EITI_EXIT_INVALID;
		if (lr > 0)
			fprintf(stderr,
			    "eitirep: run: %s: invalid manifest; nothing "
			    "was changed\n",
			    manifest);
		goto out;
	}
	rc = eiti_cli_fetch_manifest(m, &fo, 1, &err);
	if (rc != EITI_EXIT_OK) {
		rc = eiti_cli_fail("fetch", &err, rc);
		fprintf(stderr, "eitirep: run: a source could not be fetched; "
				"nothing was changed\n");
		goto out;
	}
	stage_done("fetch", t0, "every source available");
	eiti_manifest_free(m);
	m = NULL;
	/* The pipeline loads the manifest again: its findings once. */
	eiti_diags_free(&diags);

	/* validate + reconcile */
	t0 = now_ms();
	lr = eiti_pipeline_reconcile(
	    &res, &m, manifest, fo.cache_dir, &clock, &tables, &diags, &err);
	eiti_diags_print_text(&diags, stderr);
	eiti_cli_print_tables(&tables, &diags);
	if (lr != 0) {
		if (lr > 0) {
			fprintf(stderr,
			    "eitirep: run: %zu %s in the input; nothing "
			    "was changed\n",
			    diags.errors,
			    eiti_cli_plural(diags.errors, "error", "errors"));
			rc = EITI_EXIT_INVALID;
		} else {
			rc = eiti_cli_fail("reconcile", &err, EITI_EXIT_IO);
		}
		goto out;
	}
	unexplained = eiti_results_unexplained(res);
	{
		char what[128];

		snprintf(what, sizeof(what),
		    "%zu %s, %zu %s, %zu unexplained %s", res->nrows,
		    eiti_cli_plural(res->nrows, "key", "keys"), diags.warnings,
		    eiti_cli_plural(diags.warnings, "warning", "warnings"),
		    unexplained,
		    eiti_cli_plural(
			unexplained, "discrepancy", "discrepancies"));
		stage_done("reconcile", t0, what);
	}

	/* render and write, all to temporary files */
	t0 = now_ms();
	if (eiti_afile_group_open(&group, dir, &err) != 0 ||
	    eiti_pipeline_add_transfers(group, res, &err) != 0)
		goto fail_io;
	for (i = 0; i < NOUTPUTS; i++)
		if (eiti_afile_group_add(group, &files[i], outputs[i], &err) !=
		    0)
			goto fail_io;
	if (eiti_template_load_lang(&tmpl, NULL, res->lang, &err) != 0) {
		rc = eiti_cli_fail("render", &err, EITI_EXIT_INVALID);
		goto out;
	}
	memset(&ro, 0, sizeof(ro));
	ro.lang = res->lang;
	ro.tmpl = tmpl;
	ro.clock = &clock;
	if (eiti_render_pdf(res, &ro, files[0], &err) != 0 ||
	    eiti_afile_close(files[0], &err) != 0)
		goto fail_io;
	stage_done("render", t0, "report.pdf");
	t0 = now_ms();
	if (eiti_results_write_xml(res, files[1], &err) != 0 ||
	    eiti_results_write_csv(res, files[2], &err) != 0)
		goto fail_io;
	/* all complete: rename into place */
	lr = eiti_afile_group_commit(group, &err);
	group = NULL;
	if (lr != 0 || eiti_pipeline_remove_stale(res, dir, &err) != 0)
		goto fail_io;
	stage_done("write", t0, dir);
	{
		long long ms = now_ms() - t_all;

		eiti_cli_log(0, "run: done in %lld.%03lld s: %s/report.pdf",
		    ms / 1000, ms % 1000, dir);
	}
	if (fail_on_discrepancy && unexplained > 0) {
		fprintf(stderr,
		    "eitirep: run: %zu unexplained %s above tolerance\n",
		    unexplained,
		    eiti_cli_plural(
			unexplained, "discrepancy", "discrepancies"));
		rc = EITI_EXIT_DISCREPANCY;
	}
	goto out;

fail_io:
	rc = eiti_cli_fail("run", &err, EITI_EXIT_IO);
	fprintf(stderr,
	    "eitirep: run: previous outputs in %s left "
	    "unchanged\n",
	    dir);
out:
	eiti_afile_group_abort(group);
	eiti_template_free(tmpl);
	eiti_results_free(res);
	eiti_manifest_free(m);
	eiti_afile_unlock_dir(lockfd);
out_nolock:
	eiti_pipeline_tables_free(&tables);
	eiti_diags_free(&diags);
	eiti_xml_cleanup();
	return rc;
}

const struct eiti_cli_cmd eiti_cmd_run = {
    .name = "run",
    .summary = "fetch, validate, reconcile and render: the scheduled job",
    .usage = "MANIFEST [-o DIR] [--cache DIR] [--fail-on-discrepancy] "
	     "[--max-size SIZE] [--timeout SECONDS] [--cacert FILE] [--jobs N] "
	     "[-q|-v]",
    .about =
	"The scheduled job: fetch every source of MANIFEST, validate, "
	"reconcile and render into DIR: report.pdf, results.xml and "
	"results.csv (and transfers.csv, as for reconcile).  All are written "
	"to temporary files and renamed into place only when all of them are "
	"complete: a failed run leaves "
	"the previous outputs unchanged.  A lock in DIR makes a second "
	"concurrent run exit at once; the lock of a killed run is released "
	"by the kernel, and the temporary files it left are removed by the "
	"next run.  One log line per stage, with its duration, goes to "
	"standard error.",
    .opts = {opts, eiti_cli_cache_opts, eiti_cli_fail_opts,
	eiti_cli_fetch_opts},
    .quiet = "print errors only",
    .verbose = "also print each source fetched and each request",
    .operand = "MANIFEST",
    .min_args = 1,
    .max_args = 1,
    .exits = exits,
    .run = run,
};
