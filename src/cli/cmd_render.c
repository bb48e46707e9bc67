/*
 * cmd_render.c - `eitirep render RESULTS.xml [-o report.pdf]
 * [--lang LANG] [--templates DIR] [-q|-v]`
 *
 * Loads results.xml (validated against schemas/results.xsd), the wording
 * of templates/LANG.xml (default: the results' language) and renders the
 * PDF report (SPEC section 8) through an atomic file: on any failure the
 * previous report.pdf is left untouched and no temporary file remains.
 * Exit 1 for an invalid results file or template, 2 for a usage error or
 * an unknown language, 4 for an output or system error (disk full,
 * permission, no usable font).
 */
#include "config.h"

#include <getopt.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli.h"
#include "core/afile.h"
#include "core/clock.h"
#include "core/diag.h"
#include "core/err.h"
#include "model/results.h"
#include "model/template.h"
#include "render/render.h"
#include "validate/template_load.h"
#include "validate/validate.h"

#define USAGE                                                                  \
	"eitirep render RESULTS.xml [-o report.pdf] [--lang LANG] "            \
	"[--templates DIR] [-q|-v]"

static void
help(FILE *fp)
{
	fprintf(fp,
	    "usage: " USAGE "\n"
	    "\n"
	    "Render the PDF reconciliation report from RESULTS.xml (written "
	    "by 'eitirep\nreconcile').  All wording comes from "
	    "templates/LANG.xml; add a language by\nadding such a file.\n"
	    "\n"
	    "options:\n"
	    "  -o, --output FILE    write the report to FILE (default: "
	    "report.pdf)\n"
	    "  --lang LANG          language of the report, e.g. es or en "
	    "(default: the\n"
	    "                       language recorded in the results)\n"
	    "  --templates DIR      read LANG.xml and template.xsd from DIR\n"
	    "  -q, --quiet          print errors only\n"
	    "  -v, --verbose        say what was written\n"
	    "  -h, --help           show this help and exit\n"
	    "\n"
	    "SOURCE_DATE_EPOCH, when set, gives the PDF's creation date; "
	    "the same results\nthen always give the same bytes.\n"
	    "\n"
	    "Exit status: 0 done, 1 invalid results or template, 2 usage "
	    "error or unknown\nlanguage, 4 output or system error.\n");
}

struct progress {
	bool on;
	int last;
};

/* Progress on stderr, only when it is a terminal (SPEC section 2). */
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

int
eiti_cmd_render(int argc, char **argv)
{
	enum { OPT_LANG = 256, OPT_TEMPLATES };
	static const struct option longopts[] = {
	    {"output", required_argument, NULL, 'o'},
	    {"lang", required_argument, NULL, OPT_LANG},
	    {"templates", required_argument, NULL, OPT_TEMPLATES},
	    {"quiet", no_argument, NULL, 'q'},
	    {"verbose", no_argument, NULL, 'v'},
	    {"help", no_argument, NULL, 'h'},
	    {NULL, 0, NULL, 0},
	};
	struct eiti_err err = EITI_ERR_INIT;
	struct eiti_diags diags;
	struct eiti_results *res = NULL;
	struct eiti_template *tmpl = NULL;
	struct eiti_afile *f = NULL;
	struct eiti_render_opts ro;
	struct eiti_clock clock;
	struct progress prog = {false, 0};
	const char *output = "report.pdf", *lang = NULL, *tdir = NULL;
	bool quiet = false;
	int c, rc, status;

	opterr = 0;
	optind = 1;
	while ((c = getopt_long(argc, argv, ":o:qvh", longopts, NULL)) != -1) {
		switch (c) {
		case 'o':
			output = optarg;
			break;
		case OPT_LANG:
			lang = optarg;
			break;
		case OPT_TEMPLATES:
			tdir = optarg;
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
			return eiti_cli_bad_option("render", USAGE, c, argv);
		}
	}
	if (optind >= argc)
		return eiti_cli_usage_error(
		    "render", USAGE, "no results file given");
	if (argc - optind > 1)
		return eiti_cli_usage_error("render", USAGE,
		    "one results file only ('%s' is extra)", argv[optind + 1]);
	if (output[0] == '\0')
		return eiti_cli_usage_error("render", USAGE,
		    "empty output "
		    "file name");
	if (lang != NULL && !eiti_template_lang_ok(lang))
		return eiti_cli_usage_error(
		    "render", USAGE, "unknown language '%s'", lang);
	if (eiti_clock_read(&clock, &err) != 0)
		return eiti_cli_fail(&err, EITI_EXIT_USAGE);

	eiti_xml_init();
	eiti_diags_init(&diags);
	rc = eiti_results_load(&res, argv[optind], &diags, &err);
	if (rc != 0 || !quiet)
		eiti_diags_print_text(&diags, stderr);
	if (rc < 0) {
		status = eiti_cli_fail(&err, EITI_EXIT_IO);
		goto out;
	}
	if (rc > 0) {
		fprintf(stderr, "eitirep: %s: not a valid results file\n",
		    argv[optind]);
		status = EITI_EXIT_INVALID;
		goto out;
	}
	if (lang == NULL)
		lang = res->lang;
	if (eiti_template_load_lang(&tmpl, tdir, lang, &err) != 0) {
		status = eiti_cli_fail(&err, EITI_EXIT_INVALID);
		goto out;
	}
	memset(&ro, 0, sizeof(ro));
	ro.lang = lang;
	ro.templates_dir = tdir;
	ro.tmpl = tmpl;
	ro.clock = &clock;
	prog.on = !quiet && isatty(STDERR_FILENO);
	ro.progress = show_progress;
	ro.progress_ud = &prog;
	if (eiti_afile_open(&f, output, &err) != 0 ||
	    eiti_render_pdf(res, &ro, f, &err) != 0) {
		eiti_afile_abort(f);
		status = eiti_cli_fail(&err, EITI_EXIT_IO);
		goto out;
	}
	if (eiti_afile_commit(f, &err) != 0) {
		status = eiti_cli_fail(&err, EITI_EXIT_IO);
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
