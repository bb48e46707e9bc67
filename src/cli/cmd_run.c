/*
 * cmd_run.c - `eitirep run`: the scheduled job.
 *
 * fetch -> validate -> reconcile -> render into one output directory.
 * Nothing is lost: report.pdf, results.xml and results.csv are written to
 * temporary files beside their final places and renamed into place only
 * after all three are complete, so a failure at any stage (invalid input,
 * network, disk full, file-size limit, a signal) leaves the previous
 * outputs byte-identical.  A lock on the directory itself (flock, released
 * by the kernel when a run dies, nothing left in the directory) keeps two
 * runs from interleaving; the lock of a killed run is therefore recovered
 * by the next run, which also removes the temporary files it left.
 */
#include "config.h"

#include <getopt.h>
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

static const char run_usage[] =
    "eitirep run MANIFEST [-o DIR] [--cache DIR] [--fail-on-discrepancy]\n"
    "       [--max-size SIZE] [--timeout SECONDS] [--cacert FILE]"
    " [--jobs N] [-q|-v]";

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

int
eiti_cmd_run(int argc, char **argv)
{
	static const struct option longopts[] = {
	    {"output", required_argument, NULL, 'o'},
	    {"cache", required_argument, NULL, 'C'},
	    {"fail-on-discrepancy", no_argument, NULL, 'F'},
	    {"max-size", required_argument, NULL, 's'},
	    {"timeout", required_argument, NULL, 't'},
	    {"cacert", required_argument, NULL, 'a'},
	    {"jobs", required_argument, NULL, 'j'},
	    {"quiet", no_argument, NULL, 'q'},
	    {"verbose", no_argument, NULL, 'v'},
	    {"help", no_argument, NULL, 'h'},
	    {NULL, 0, NULL, 0},
	};
	struct eiti_err err = EITI_ERR_INIT;
	struct eiti_diags diags;
	struct eiti_fetch_opts fo;
	struct eiti_manifest *m = NULL;
	struct eiti_results *res = NULL;
	struct eiti_afile_group *group = NULL;
	struct eiti_afile *files[NOUTPUTS] = {NULL};
	struct eiti_render_opts ro;
	struct eiti_clock clock;
	struct eiti_template *tmpl = NULL;
	const char *dir = ".", *manifest;
	bool fail_on_discrepancy = false;
	int c, rc = EITI_EXIT_OK, lockfd = -1, lr;
	size_t i, unexplained = 0;
	long long t0, t_all = now_ms();

	eiti_diags_init(&diags);
	eiti_fetch_opts_init(&fo);
	opterr = 0;
	optind = 1;
	while ((c = getopt_long(argc, argv, ":o:qvh", longopts, NULL)) != -1) {
		lr = eiti_cli_fetch_option(c, optarg, &fo, "run", run_usage);
		if (lr == 1)
			continue;
		if (lr != 0)
			return lr;
		switch (c) {
		case 'o':
			dir = optarg;
			break;
		case 'C':
			fo.cache_dir = optarg;
			break;
		case 'F':
			fail_on_discrepancy = true;
			break;
		case 'q':
			eiti_cli_verbosity = -1;
			break;
		case 'v':
			eiti_cli_verbosity = 1;
			break;
		case 'h':
			printf("usage: %s\n", run_usage);
			return EITI_EXIT_OK;
		default:
			return eiti_cli_bad_option("run", run_usage, c, argv);
		}
	}
	if (optind != argc - 1)
		return eiti_cli_usage_error("run", run_usage,
		    optind >= argc ? "missing MANIFEST" : "too many arguments");
	manifest = argv[optind];
	if (eiti_clock_read(&clock, &err) != 0)
		return eiti_cli_fail(&err, EITI_EXIT_USAGE);

	eiti_xml_init();
	if (eiti_path_mkdirs(dir, &err) != 0 ||
	    lock_dir(&lockfd, dir, &err) != 0) {
		rc = eiti_cli_fail(&err, EITI_EXIT_IO);
		goto out_nolock;
	}
	remove_stale_temps(dir);

	/* fetch */
	t0 = now_ms();
	lr = eiti_manifest_load(&m, manifest, &diags, &err);
	if (lr != 0) {
		eiti_diags_print_text(&diags, stderr);
		rc = lr < 0 ? eiti_cli_fail(&err, EITI_EXIT_IO)
			    : EITI_EXIT_INVALID;
		if (lr > 0)
			fprintf(stderr,
			    "eitirep: run: %s is invalid; nothing "
			    "was changed\n",
			    manifest);
		goto out;
	}
	rc = eiti_cli_fetch_manifest(m, &fo, 1, &err);
	if (rc != EITI_EXIT_OK) {
		rc = eiti_cli_fail(&err, rc);
		fprintf(stderr, "eitirep: run: a source could not be fetched; "
				"nothing was changed\n");
		goto out;
	}
	stage_done("fetch", t0, "every source available");
	eiti_manifest_free(m);
	m = NULL;

	/* validate + reconcile */
	t0 = now_ms();
	lr = eiti_pipeline_reconcile(
	    &res, &m, manifest, fo.cache_dir, &clock, &diags, &err);
	eiti_diags_print_text(&diags, stderr);
	if (lr != 0) {
		if (lr > 0) {
			fprintf(stderr,
			    "eitirep: run: %zu errors in the "
			    "input; nothing was changed\n",
			    diags.errors);
			rc = EITI_EXIT_INVALID;
		} else {
			rc = eiti_cli_fail(&err, EITI_EXIT_IO);
		}
		goto out;
	}
	unexplained = eiti_results_unexplained(res);
	{
		char what[128];

		snprintf(what, sizeof(what),
		    "%zu keys, %zu warnings, %zu "
		    "unexplained discrepancies",
		    res->nrows, diags.warnings, unexplained);
		stage_done("reconcile", t0, what);
	}

	/* render and write, all to temporary files */
	t0 = now_ms();
	if (eiti_afile_group_open(&group, dir, &err) != 0)
		goto fail_io;
	for (i = 0; i < NOUTPUTS; i++)
		if (eiti_afile_group_add(group, &files[i], outputs[i], &err) !=
		    0)
			goto fail_io;
	if (eiti_template_load_lang(&tmpl, NULL, res->lang, &err) != 0) {
		rc = eiti_cli_fail(&err, EITI_EXIT_INVALID);
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
	if (lr != 0)
		goto fail_io;
	stage_done("write", t0, dir);
	{
		long long ms = now_ms() - t_all;

		eiti_cli_log(0, "run: done in %lld.%03lld s: %s/report.pdf",
		    ms / 1000, ms % 1000, dir);
	}
	if (fail_on_discrepancy && unexplained > 0) {
		fprintf(stderr,
		    "eitirep: run: %zu unexplained discrepancies "
		    "above tolerance\n",
		    unexplained);
		rc = EITI_EXIT_DISCREPANCY;
	}
	goto out;

fail_io:
	rc = eiti_cli_fail(&err, EITI_EXIT_IO);
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
	eiti_diags_free(&diags);
	eiti_xml_cleanup();
	return rc;
}
