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
 *
 * --lang es,en adds a report per other language (report.LANG.pdf;
 * report.pdf is in the manifest's language) to the same group of
 * outputs.  A run whose inputs, program and templates are those of the
 * last good run (runstate.h) and whose outputs are still the ones it
 * wrote leaves them untouched and says so, unless --force.
 */
#include "config.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cli/cli.h"
#include "cli/runstate.h"
#include "pipeline/pipeline.h"
#include "core/afile.h"
#include "core/clock.h"
#include "core/paths.h"
#include "core/sha256.h"
#include "fetch/fetch.h"
#include "reconcile/reconcile.h"
#include "model/template.h"
#include "render/render.h"
#include "validate/template_load.h"
#include "validate/validate.h"

enum { OPT_LANG = EITI_OPT_LOCAL, OPT_FORCE };

static const struct eiti_cli_opt opts[] = {
    {'o', "output", "DIR",
	"write report.pdf, results.xml and results.csv into DIR, created "
	"when missing (default: the current directory)"},
    {OPT_LANG, "lang", "LIST",
	"the report's languages, comma-separated (e.g. es,en): report.pdf "
	"in the manifest's language and report.LANG.pdf in each other one "
	"(default: the manifest's language only)"},
    {OPT_FORCE, "force", NULL,
	"write the outputs even when nothing changed since the last run"},
    {0, NULL, NULL, NULL},
};

static const struct eiti_cli_exit exits[] = {
    {EITI_EXIT_OK, "done"},
    {EITI_EXIT_INVALID, "input invalid"},
    {EITI_EXIT_USAGE, "usage error"},
    {EITI_EXIT_FETCH, "a source could not be fetched"},
    {EITI_EXIT_IO, "output or system error, or DIR is in use by another run"},
    {EITI_EXIT_DISCREPANCY,
	"unreconciled keys, with --fail-on-discrepancy (after "
	"writing every output)"},
    {0, NULL},
};

/* The outputs beside the reports (report.pdf, report.LANG.pdf). */
static const char *const outputs[] = {"results.xml", "results.csv"};
#define NOUTPUTS (sizeof(outputs) / sizeof(outputs[0]))

/* The reports of one run: [0] in the results' language as report.pdf,
 * then one per other language of --lang as report.LANG.pdf. */
#define MAX_LANGS 8
struct reports {
	const char *want[MAX_LANGS]; /* --lang, in order */
	struct eiti_template *want_tmpl[MAX_LANGS];
	size_t nwant;
	char *langbuf;
	const char *lang[MAX_LANGS + 1];
	char *name[MAX_LANGS + 1];
	struct eiti_template *tmpl[MAX_LANGS + 1]; /* NULL: want_tmpl's */
	const struct eiti_template *use[MAX_LANGS + 1];
	struct eiti_afile *f[MAX_LANGS + 1]; /* borrowed from the group */
	size_t n;
};

/* --lang LIST: the languages asked for, each with its template, before
 * anything is changed; a usage error for an unknown one. */
static int
parse_langs(const struct eiti_cli_args *a, struct reports *rp)
{
	const char *list = eiti_cli_get(a, OPT_LANG, NULL);
	char *save = NULL, *tok;

	if (list == NULL)
		return 0;
	rp->langbuf = eiti_xstrdup(list);
	for (tok = strtok_r(rp->langbuf, ",", &save); tok != NULL;
	     tok = strtok_r(NULL, ",", &save)) {
		struct eiti_err err = EITI_ERR_INIT;
		size_t i;

		for (i = 0; i < rp->nwant && strcmp(rp->want[i], tok) != 0; i++)
			;
		if (i < rp->nwant)
			continue;
		if (rp->nwant == MAX_LANGS)
			return eiti_cli_usage_error(
			    a->cmd, "--lang: at most %d languages", MAX_LANGS);
		if (!eiti_template_lang_ok(tok) ||
		    eiti_template_load_lang(
			&rp->want_tmpl[rp->nwant], NULL, tok, &err) != 0)
			return eiti_cli_usage_error(
			    a->cmd, "unknown language '%s'", tok);
		rp->want[rp->nwant++] = tok;
	}
	if (rp->nwant == 0)
		return eiti_cli_usage_error(
		    a->cmd, "--lang: no language given");
	return 0;
}

/* The reports, once the results' language is known. */
static int
reports_setup(struct reports *rp, const char *main_lang, struct eiti_err *err)
{
	size_t i;

	rp->n = 0;
	rp->lang[rp->n] = main_lang;
	rp->name[rp->n++] = eiti_xstrdup("report.pdf");
	for (i = 0; i < rp->nwant; i++)
		if (strcmp(rp->want[i], main_lang) == 0) {
			rp->use[0] = rp->want_tmpl[i];
		} else {
			rp->lang[rp->n] = rp->want[i];
			rp->use[rp->n] = rp->want_tmpl[i];
			rp->name[rp->n++] =
			    eiti_xasprintf("report.%s.pdf", rp->want[i]);
		}
	if (rp->use[0] == NULL) {
		if (eiti_template_load_lang(&rp->tmpl[0], NULL, main_lang, err))
			return -1;
		rp->use[0] = rp->tmpl[0];
	}
	return 0;
}

static void
reports_free(struct reports *rp)
{
	size_t i;

	for (i = 0; i < rp->n; i++) {
		eiti_template_free(rp->tmpl[i]);
		free(rp->name[i]);
	}
	for (i = 0; i < rp->nwant; i++)
		eiti_template_free(rp->want_tmpl[i]);
	free(rp->langbuf);
}

/* Every output, relative to the directory: what the run's record lists. */
static size_t
output_names(const struct reports *rp, const struct eiti_results *res,
    const char **names)
{
	size_t n = 0, i;

	for (i = 0; i < NOUTPUTS; i++)
		names[n++] = outputs[i];
	if (res->transfers != NULL)
		names[n++] = "transfers.csv";
	for (i = 0; i < rp->n; i++)
		names[n++] = rp->name[i];
	return n;
}

/* Write every output of the group g: results.xml and results.csv first
 * (the reports carry their digests, for `eitirep verify`), transfers.csv,
 * then each report. */
static int
write_outputs(const struct eiti_results *res, struct eiti_afile_group *g,
    struct reports *rp, const struct eiti_clock *clock, struct eiti_err *err)
{
	struct eiti_afile *files[NOUTPUTS] = {NULL};
	char sha[NOUTPUTS][65];
	struct eiti_render_opts ro;
	size_t i;

	if (eiti_pipeline_add_transfers(g, res, err) != 0)
		return -1;
	for (i = 0; i < NOUTPUTS; i++)
		if (eiti_afile_group_add(g, &files[i], outputs[i], err) != 0)
			return -1;
	if (eiti_pipeline_write_pair(res, files[0], files[1], err) != 0 ||
	    eiti_afile_close(files[0], err) != 0 ||
	    eiti_afile_close(files[1], err) != 0)
		return -1;
	for (i = 0; i < NOUTPUTS; i++)
		if (eiti_sha256_file(
			eiti_afile_tmppath(files[i]), sha[i], NULL, err) != 0)
			return -1;
	for (i = 0; i < rp->n; i++) {
		memset(&ro, 0, sizeof(ro));
		ro.lang = rp->lang[i];
		ro.tmpl = rp->use[i];
		ro.clock = clock;
		ro.results_xml_sha256 = sha[0];
		ro.results_csv_sha256 = sha[1];
		if (eiti_afile_group_add(g, &rp->f[i], rp->name[i], err) != 0 ||
		    eiti_render_pdf(res, &ro, rp->f[i], err) != 0 ||
		    eiti_afile_close(rp->f[i], err) != 0)
			return -1;
	}
	return 0;
}

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

static void
sweep(const char *dir, const char *name)
{
	char *p = eiti_path_join(dir, name);

	eiti_afile_sweep(p, log_removed, NULL);
	free(p);
}

/* Remove ".NAME.tmp.XXXXXX" files a killed run left for our outputs. */
static void
remove_stale_temps(const char *dir, const struct reports *rp)
{
	size_t i;

	for (i = 0; i < NOUTPUTS; i++)
		sweep(dir, outputs[i]);
	sweep(dir, "report.pdf");
	for (i = 0; i < rp->nwant; i++) {
		char *name = eiti_xasprintf("report.%s.pdf", rp->want[i]);

		sweep(dir, name);
		free(name);
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
	struct eiti_clock clock;
	struct eiti_pipeline_tables tables = {NULL, 0};
	struct reports rp;
	const char *names[NOUTPUTS + 1 + MAX_LANGS + 1];
	char *inputs = NULL, *state = NULL;
	size_t nnames;
	const char *dir = eiti_cli_get(a, 'o', "."), *manifest = a->argv[0];
	bool fail_on_discrepancy =
	    eiti_cli_has(a, EITI_OPT_FAIL_ON_DISCREPANCY);
	bool json = false;
	int rc = EITI_EXIT_OK, lockfd = -1, lr;
	size_t unreconciled = 0;
	long long t0, t_all = now_ms();

	memset(&rp, 0, sizeof(rp));
	eiti_fetch_opts_init(&fo);
	if ((lr = eiti_cli_findings_format(a, &json)) != 0 ||
	    (lr = eiti_cli_fetch_options(&fo, a)) != 0 ||
	    (lr = parse_langs(a, &rp)) != 0) {
		reports_free(&rp);
		return lr;
	}
	/* --jobs: the sources validated at a time too */
	if (eiti_cli_has(a, EITI_OPT_JOBS))
		eiti_pipeline_set_jobs((unsigned)fo.jobs);
	if (eiti_clock_read(&clock, &err) != 0) {
		reports_free(&rp);
		return eiti_cli_fail("run", &err, EITI_EXIT_USAGE);
	}
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
	remove_stale_temps(dir, &rp);
	/* the record of the last run into dir (one writer: dir's lock) */
	state = eiti_run_state_path(fo.cache_dir, dir);
	if (state != NULL)
		eiti_afile_sweep(state, log_removed, NULL);

	/* fetch */
	t0 = now_ms();
	lr = eiti_manifest_load(&m, manifest, &diags, &err);
	if (lr != 0) {
		eiti_cli_print_findings(&diags, false, json);
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
	eiti_cli_print_findings(&diags, false, json);
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
	unreconciled = eiti_results_unreconciled(res);
	{
		char what[128];

		snprintf(what, sizeof(what), "%zu %s, %zu %s, %zu unreconciled",
		    res->nrows, eiti_cli_plural(res->nrows, "key", "keys"),
		    diags.warnings,
		    eiti_cli_plural(diags.warnings, "warning", "warnings"),
		    unreconciled);
		stage_done("reconcile", t0, what);
	}

	/* render and write, all to temporary files, unless nothing changed */
	if (reports_setup(&rp, res->lang, &err) != 0) {
		rc = eiti_cli_fail("render", &err, EITI_EXIT_INVALID);
		goto out;
	}
	inputs = eiti_run_inputs(res, rp.use, rp.n, &clock);
	nnames = output_names(&rp, res, names);
	if (!eiti_cli_has(a, OPT_FORCE) && state != NULL &&
	    eiti_run_unchanged(state, dir, inputs, names, nnames)) {
		eiti_cli_log(0,
		    "run: inputs, program and templates unchanged since the "
		    "last run; the outputs in %s are left as they are",
		    dir);
		goto verdict;
	}
	t0 = now_ms();
	if (eiti_afile_group_open(&group, dir, &err) != 0 ||
	    write_outputs(res, group, &rp, &clock, &err) != 0)
		goto fail_io;
	stage_done("render", t0, rp.n > 1 ? "the reports" : "report.pdf");
	t0 = now_ms();
	/* all complete: rename into place */
	lr = eiti_afile_group_commit(group, &err);
	group = NULL;
	if (lr != 0 || eiti_pipeline_remove_stale(res, dir, &err) != 0)
		goto fail_io;
	if (state != NULL &&
	    eiti_run_record(state, dir, inputs, names, nnames, &err) != 0)
		fprintf(stderr,
		    "eitirep: run: warning: %s; the next run renders "
		    "again\n",
		    err.msg);
	stage_done("write", t0, dir);
	{
		long long ms = now_ms() - t_all;

		eiti_cli_log(0, "run: done in %lld.%03lld s: %s/report.pdf",
		    ms / 1000, ms % 1000, dir);
	}
verdict:
	if (fail_on_discrepancy && unreconciled > 0) {
		eiti_cli_unreconciled("run", res);
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
	eiti_results_free(res);
	eiti_manifest_free(m);
	eiti_afile_unlock_dir(lockfd);
out_nolock:
	eiti_pipeline_tables_free(&tables);
	reports_free(&rp);
	free(inputs);
	free(state);
	eiti_diags_free(&diags);
	eiti_xml_cleanup();
	return rc;
}

const struct eiti_cli_cmd eiti_cmd_run = {
    .name = "run",
    .summary = "fetch, validate, reconcile and render: the scheduled job",
    .usage = "MANIFEST [-o DIR] [--lang LIST] [--force] [--cache DIR] "
	     "[--fail-on-discrepancy] [--format=text|json] [--max-size SIZE] "
	     "[--timeout SECONDS] [--cacert FILE] [--jobs N] [-q|-v]",
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
	"standard error.\n\n"
	"A run whose inputs (the manifest and every source, by SHA-256), "
	"program version, templates, languages and SOURCE_DATE_EPOCH are "
	"those of the last good run, and whose outputs are still the ones "
	"it wrote, leaves them untouched and says so (exit 0, or 5 with "
	"--fail-on-discrepancy): the date on the report changes only when "
	"something did.  The cache records them (CACHE/runs/, a file per "
	"DIR); --force renders anyway.",
    .opts = {opts, eiti_cli_cache_opts, eiti_cli_fail_opts,
	eiti_cli_fetch_opts},
    .quiet = "print errors only",
    .verbose = "also print each source fetched and each request",
    .operand = "MANIFEST",
    .min_args = 1,
    .max_args = 1,
    .notes = "--jobs N also validates up to N sources at a time (without "
	     "it: one per online CPU, as reconcile does); the results do not "
	     "depend on it.",
    .exits = exits,
    .run = run,
};
