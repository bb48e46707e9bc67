/*
 * cmd_render.c - `eitirep render RESULTS.xml [-o report.pdf]
 * [--lang LANG] [--templates DIR] [-q|-v]`
 *
 * Loads results.xml (validated against schemas/results.xsd), the wording
 * of templates/LANG.xml (default: the results' language) and renders the
 * PDF report (README.md, Outputs) through an atomic file: on any failure the
 * previous report.pdf is left untouched and no temporary file remains.
 * Exit 1 for an invalid results file or template, 2 for a usage error or
 * an unknown language, 4 for an output or system error (disk full,
 * permission, no usable font).
 */
#include "config.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli.h"
#include "core/afile.h"
#include "core/clock.h"
#include "core/diag.h"
#include "core/err.h"
#include "core/paths.h"
#include "model/results.h"
#include "model/template.h"
#include "render/render.h"
#include "validate/template_load.h"
#include "validate/validate.h"

enum { OPT_LANG = EITI_OPT_LOCAL, OPT_TEMPLATES };

static const struct eiti_cli_opt opts[] = {
    {'o', "output", "FILE", "write the report to FILE (default: report.pdf)"},
    {OPT_LANG, "lang", "LANG",
	"language of the report, e.g. es or en (default: the language "
	"recorded in the results)"},
    {OPT_TEMPLATES, "templates", "DIR",
	"read LANG.xml and template.xsd from DIR instead of the installed "
	"templates"},
    {0, NULL, NULL, NULL},
};

static const struct eiti_cli_exit exits[] = {
    {EITI_EXIT_OK, "done"},
    {EITI_EXIT_INVALID, "invalid results or template"},
    {EITI_EXIT_USAGE, "usage error or unknown language"},
    {EITI_EXIT_IO,
	"output or system error (disk full, permission, no usable font); the "
	"previous report is left untouched"},
    {0, NULL},
};

static void
log_removed(void *ud, const char *path)
{
	(void)ud;
	eiti_cli_log(1, "render: removing stale %s", path);
}

/* The output must not be the results it is made from, nor the
 * results.csv beside them that the report's digests cover: the input
 * it would overwrite, or NULL. */
static const char *
overwritten_input(const char *input, const char *output)
{
	char *dir = eiti_path_dirname(input);
	char *csv = eiti_path_join(dir, "results.csv");
	const char *which = NULL;

	if (eiti_path_same_file(input, output))
		which = input;
	else if (eiti_path_same_file(csv, output))
		which = "results.csv";
	free(csv);
	free(dir);
	return which;
}

struct progress {
	bool on;
	int last;
};

/* Progress on stderr, only when it is a terminal (eitirep(1)). */
static void
show_progress(void *ud, int page, int pages)
{
	struct progress *p = ud;

	if (!p->on || (page != pages && page - p->last < 20))
		return;
	p->last = page;
	fprintf(stderr, "\reitirep: render: page %d of %d", page, pages);
	if (page == pages)
		fputc('\n', stderr);
	fflush(stderr);
}

static int
run(const struct eiti_cli_args *a)
{
	struct eiti_err err = EITI_ERR_INIT;
	struct eiti_diags diags;
	struct eiti_results *res = NULL;
	struct eiti_template *tmpl = NULL;
	struct eiti_afile *f = NULL;
	struct eiti_render_opts ro;
	struct eiti_render_inputs in;
	struct eiti_clock clock;
	struct progress prog = {false, 0};
	const char *output = eiti_cli_get(a, 'o', "report.pdf");
	const char *lang = eiti_cli_get(a, OPT_LANG, NULL);
	const char *tdir = eiti_cli_get(a, OPT_TEMPLATES, NULL);
	const char *same;
	bool quiet = eiti_cli_verbosity < 0;
	int rc, status;

	if (output[0] == '\0')
		return eiti_cli_usage_error(a->cmd, "empty output file name");
	if (lang != NULL && !eiti_template_lang_ok(lang))
		return eiti_cli_usage_error(
		    a->cmd, "unknown language '%s'", lang);
	if ((same = overwritten_input(a->argv[0], output)) != NULL)
		return eiti_cli_usage_error(a->cmd,
		    "-o %s would overwrite the input %s (the same file); "
		    "nothing was written",
		    output, same);
	if (eiti_clock_read(&clock, &err) != 0)
		return eiti_cli_fail("render", &err, EITI_EXIT_USAGE);

	eiti_xml_init();
	eiti_diags_init(&diags);
	rc = eiti_results_load(&res, a->argv[0], &diags, &err);
	if (rc != 0 || !quiet)
		eiti_diags_print_text(&diags, stderr);
	if (rc < 0) {
		status = eiti_cli_fail("render", &err, EITI_EXIT_IO);
		goto out;
	}
	if (rc > 0) {
		fprintf(stderr,
		    "eitirep: render: %s: not a valid results file\n",
		    a->argv[0]);
		status = EITI_EXIT_INVALID;
		goto out;
	}
	if (lang == NULL)
		lang = res->lang;
	if (eiti_template_load_lang(&tmpl, tdir, lang, &err) != 0) {
		status = eiti_cli_fail("render", &err, EITI_EXIT_INVALID);
		goto out;
	}
	memset(&ro, 0, sizeof(ro));
	/* the digests of results.xml (and results.csv beside it) for
	 * `eitirep verify` */
	if (eiti_render_hash_inputs(&in, &ro, a->argv[0], &err) != 0) {
		status = eiti_cli_fail("render", &err, EITI_EXIT_IO);
		goto out;
	}
	ro.lang = lang;
	ro.templates_dir = tdir;
	ro.tmpl = tmpl;
	ro.clock = &clock;
	prog.on = !quiet && isatty(STDERR_FILENO);
	ro.progress = show_progress;
	ro.progress_ud = &prog;
	eiti_afile_sweep_stale(output, log_removed, NULL);
	if (eiti_afile_open(&f, output, &err) != 0 ||
	    eiti_render_pdf(res, &ro, f, &err) != 0) {
		eiti_afile_abort(f);
		status = eiti_cli_fail("render", &err, EITI_EXIT_IO);
		goto out;
	}
	if (eiti_afile_commit(f, &err) != 0) {
		status = eiti_cli_fail("render", &err, EITI_EXIT_IO);
		goto out;
	}
	eiti_cli_log(1, "render: wrote %s (%s)", output, tmpl->language);
	status = EITI_EXIT_OK;
out:
	eiti_template_free(tmpl);
	eiti_results_free(res);
	eiti_diags_free(&diags);
	eiti_xml_cleanup();
	return status;
}

const struct eiti_cli_cmd eiti_cmd_render = {
    .name = "render",
    .summary = "render the PDF report from results.xml",
    .usage = "RESULTS.xml [-o report.pdf] [--lang LANG] [--templates DIR] "
	     "[-q|-v]",
    .about = "Render the PDF reconciliation report from RESULTS.xml (written "
	     "by 'eitirep reconcile').  All wording comes from "
	     "templates/LANG.xml; add a language by adding such a file.  The "
	     "report is written to a temporary file and renamed into place "
	     "only when complete.",
    .opts = {opts},
    .quiet = "print errors only",
    .verbose = "say what was written",
    .operand = "RESULTS.xml",
    .min_args = 1,
    .max_args = 1,
    .notes = "SOURCE_DATE_EPOCH, when set, gives the PDF's creation date; "
	     "the same results then always give the same bytes.",
    .exits = exits,
    .run = run,
};
