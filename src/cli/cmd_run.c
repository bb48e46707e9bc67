/*
 * cmd_run.c - `eitirep run`: the scheduled job.
 *
 * fetch -> validate -> reconcile -> render into one output directory.
 * Nothing is lost: report.pdf, results.xml and results.csv (and
 * transfers.csv when the inputs declare subnational transfers) are
 * written to temporary files beside their final places and renamed into
 * place only after all are complete, so a failure at any stage (invalid input,
 * network, disk full, file-size limit, a signal) leaves the previous
 * outputs byte-identical.  A lock file in the directory (flock, released
 * by the kernel when a run dies) keeps two runs from interleaving; a stale
 * lock from a killed run is therefore recovered by the next run, which
 * also removes the temporary files a killed run left behind.
 */
#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "cli/cli.h"
#include "cli/pipeline.h"
#include "core/afile.h"
#include "core/paths.h"
#include "core/sha256.h"
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

/* mkdir -p for the output directory. */
static int
make_dirs(const char *dir, struct eiti_err *err)
{
	char *p = eiti_xstrdup(dir), *s;
	int rc = 0;

	for (s = p + 1;; s++) {
		if (*s == '/' || *s == '\0') {
			char c = *s;

			*s = '\0';
			if (mkdir(p, 0777) != 0 && errno != EEXIST) {
				rc = eiti_err_set(err, EITI_ERR_IO,
				    "run: cannot create %s: %s", p,
				    strerror(errno));
				break;
			}
			*s = c;
			if (c == '\0')
				break;
		}
	}
	free(p);
	return rc;
}

/*
 * Take the directory's lock.  flock() is released by the kernel when the
 * holder dies, so a lock file left by a killed run does not block.
 */
static int
lock_dir(int *fdp, const char *dir, struct eiti_err *err)
{
	char *path = eiti_xasprintf("%s/.eitirep.lock", dir);
	char buf[32] = "";
	int fd;
	ssize_t n;

	fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0666);
	if (fd < 0) {
		eiti_err_set(err, EITI_ERR_IO, "run: cannot open lock %s: %s",
		    path, strerror(errno));
		free(path);
		return -1;
	}
	if (flock(fd, LOCK_EX | LOCK_NB) != 0) {
		n = pread(fd, buf, sizeof(buf) - 1, 0);
		buf[n > 0 ? n : 0] = '\0';
		buf[strcspn(buf, "\n")] = '\0';
		eiti_err_set(err, EITI_ERR_IO,
		    "run: %s is in use by another run%s%s%s; nothing was "
		    "changed",
		    dir, buf[0] ? " (pid " : "", buf, buf[0] ? ")" : "");
		close(fd);
		free(path);
		return -1;
	}
	if (ftruncate(fd, 0) == 0) {
		n = snprintf(buf, sizeof(buf), "%ld\n", (long)getpid());
		/* the pid is informative only: ignore a failed write */
		(void)!pwrite(fd, buf, (size_t)n, 0);
	}
	free(path);
	*fdp = fd;
	return 0;
}

/* Remove ".NAME.tmp.XXXXXX" files a killed run left for our outputs. */
static void
remove_stale_temps(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *de;
	size_t i, len;

	if (d == NULL)
		return;
	while ((de = readdir(d)) != NULL) {
		for (i = 0; i < NOUTPUTS; i++) {
			len = strlen(outputs[i]);
			if (de->d_name[0] == '.' &&
			    strncmp(de->d_name + 1, outputs[i], len) == 0 &&
			    strncmp(de->d_name + 1 + len, ".tmp.", 5) == 0) {
				char *p =
				    eiti_xasprintf("%s/%s", dir, de->d_name);

				eiti_cli_log(1, "run: removing stale %s", p);
				unlink(p);
				free(p);
			}
		}
	}
	closedir(d);
}

static int
run(const struct eiti_cli_args *a)
{
	struct eiti_err err = EITI_ERR_INIT;
	struct eiti_diags diags;
	struct eiti_fetch_opts fo;
	struct eiti_manifest *m = NULL;
	struct eiti_results *res = NULL;
	struct eiti_afile *files[NOUTPUTS] = {NULL}, *xfer = NULL;
	struct eiti_render_opts ro;
	struct eiti_template *tmpl = NULL;
	const char *dir = eiti_cli_get(a, 'o', "."), *manifest = a->argv[0];
	bool fail_on_discrepancy =
	    eiti_cli_has(a, EITI_OPT_FAIL_ON_DISCREPANCY);
	int rc = EITI_EXIT_OK, lockfd = -1, lr;
	size_t i, unexplained = 0;
	char xml_sha[65], csv_sha[65];
	long long t0, t_all = now_ms();

	eiti_fetch_opts_init(&fo);
	if ((lr = eiti_cli_fetch_options(&fo, a)) != 0)
		return lr;
	eiti_diags_init(&diags);
	/* A broken installation changes nothing, not even DIR. */
	if (eiti_validate_load(&err) != 0) {
		rc = eiti_cli_fail("run", &err, EITI_EXIT_IO);
		goto out_nolock;
	}
	if (make_dirs(dir, &err) != 0 || lock_dir(&lockfd, dir, &err) != 0) {
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
	    &res, &m, manifest, fo.cache_dir, &diags, &err);
	eiti_diags_print_text(&diags, stderr);
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
	for (i = 0; i < NOUTPUTS; i++) {
		char *path = eiti_xasprintf("%s/%s", dir, outputs[i]);
		int orc = eiti_afile_open(&files[i], path, &err);

		free(path);
		if (orc != 0)
			goto fail_io;
	}
	if (eiti_template_load_lang(&tmpl, NULL, res->lang, &err) != 0) {
		rc = eiti_cli_fail("render", &err, EITI_EXIT_INVALID);
		goto out;
	}
	/* results.xml and results.csv first: the report carries their
	 * digests (for `eitirep verify`) */
	if (eiti_results_write_xml(res, files[1], &err) != 0 ||
	    eiti_afile_close(files[1], &err) != 0 ||
	    eiti_results_write_csv(res, files[2], &err) != 0 ||
	    eiti_afile_close(files[2], &err) != 0 ||
	    eiti_pipeline_prepare_transfers(&xfer, res, dir, &err) != 0 ||
	    eiti_sha256_file(
		eiti_afile_tmppath(files[1]), xml_sha, NULL, &err) != 0 ||
	    eiti_sha256_file(
		eiti_afile_tmppath(files[2]), csv_sha, NULL, &err) != 0)
		goto fail_io;
	memset(&ro, 0, sizeof(ro));
	ro.lang = res->lang;
	ro.tmpl = tmpl;
	ro.results_xml_sha256 = xml_sha;
	ro.results_csv_sha256 = csv_sha;
	if (eiti_render_pdf(res, &ro, files[0], &err) != 0 ||
	    eiti_afile_close(files[0], &err) != 0)
		goto fail_io;
	stage_done("render", t0, "report.pdf");
	t0 = now_ms();
	/* all complete: rename into place (transfers.csv first, see
	 * pipeline.c) */
	if (xfer != NULL) {
		int crc = eiti_afile_commit(xfer, &err);

		xfer = NULL;
		if (crc != 0)
			goto fail_io;
	}
	for (i = 0; i < NOUTPUTS; i++) {
		int crc = eiti_afile_commit(files[i], &err);

		files[i] = NULL;
		if (crc != 0)
			goto fail_io;
	}
	if (eiti_pipeline_remove_stale(res, dir, &err) != 0)
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
	for (i = 0; i < NOUTPUTS; i++)
		eiti_afile_abort(files[i]);
	eiti_afile_abort(xfer);
	eiti_template_free(tmpl);
	eiti_results_free(res);
	eiti_manifest_free(m);
	if (lockfd >= 0)
		close(lockfd);
out_nolock:
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
