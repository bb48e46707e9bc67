/*
 * render-sample.c - render the in-memory sample results (render_sample.h)
 * to a PDF, the way `eitirep render` does with a results.xml: template
 * loaded by the validate stage, atomic output, the same exit codes.  Used
 * by the render shell tests and by tests/bench/render-bench.sh.
 *
 *   render-sample [--keys N] [--hostile] [--big] [--lang L]
 *                 [--templates DIR] [--logo PNG] [--print] -o OUT.pdf
 *
 * --print writes what the tests look for on stdout: the overall totals
 * (plain decimals) and the company of every discrepancy.
 */
#include "config.h"

#include <getopt.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/afile.h"
#include "core/clock.h"
#include "core/err.h"
#include "core/money.h"
#include "model/model.h"
#include "render/render.h"
#include "render_sample.h"
#include "validate/template_load.h"

/* LeakSanitizer, sanitizer build: fontconfig 2.14.1 loses one block while
 * parsing fonts.conf (see tests/lsan.supp); the rule names only that
 * library, so nothing allocated by eitirep is hidden. */
const char *__lsan_default_suppressions(void);

const char *
__lsan_default_suppressions(void)
{
	return "leak:libfontconfig.so\n";
}

int
main(int argc, char **argv)
{
	static const struct option longopts[] = {
	    {"keys", required_argument, NULL, 'k'},
	    {"hostile", no_argument, NULL, 'H'},
	    {"big", no_argument, NULL, 'b'},
	    {"lang", required_argument, NULL, 'l'},
	    {"templates", required_argument, NULL, 't'},
	    {"logo", required_argument, NULL, 'g'},
	    {"print", no_argument, NULL, 'p'},
	    {NULL, 0, NULL, 0},
	};
	struct rs_opts so = {120, false, false, "es", NULL};
	struct eiti_render_opts ro = {.lang = NULL};
	struct eiti_clock clock;
	struct eiti_err err = EITI_ERR_INIT;
	struct eiti_template *t = NULL;
	struct eiti_results *res = NULL;
	struct eiti_afile *f = NULL;
	const char *out = NULL;
	bool print = false;
	int c, rc = 0;

	while ((c = getopt_long(argc, argv, "o:", longopts, NULL)) != -1) {
		switch (c) {
		case 'o':
			out = optarg;
			break;
		case 'k':
			so.nkeys = strtoul(optarg, NULL, 10);
			break;
		case 'H':
			so.hostile = true;
			break;
		case 'b':
			so.big = true;
			break;
		case 'l':
			so.lang = optarg;
			break;
		case 't':
			ro.templates_dir = optarg;
			break;
		case 'g':
			so.logo = optarg;
			break;
		case 'p':
			print = true;
			break;
		default:
			fprintf(stderr,
			    "usage: render-sample [--keys N] "
			    "[--hostile] [--big] [--lang L] [--templates DIR] "
			    "[--logo PNG] -o OUT.pdf\n");
			return EITI_ERR_CONFIG;
		}
	}
	if (out == NULL || optind != argc) {
		fprintf(stderr, "render-sample: -o OUT.pdf is required\n");
		return EITI_ERR_CONFIG;
	}
	eiti_afile_install_signal_handlers();
	ro.lang = so.lang;
	if (eiti_streams_load(&err) != 0)
		goto fail;
	if (eiti_template_load_lang(&t, ro.templates_dir, so.lang, &err) != 0)
		goto fail;
	ro.tmpl = t;
	res = rs_sample_new(&so);
	if (print) {
		/* What the shell tests look for in the PDF's text. */
		char buf[EITI_MONEY_BUFSZ];
		size_t i;

		printf("total_g %s\n", eiti_money_plain(buf, res->overall.g,
					   res->currency_digits));
		printf("total_c %s\n", eiti_money_plain(buf, res->overall.c,
					   res->currency_digits));
		printf("final_gross %s\n",
		    eiti_money_plain(
			buf, res->overall.gross, res->currency_digits));
		for (i = 0; i < res->nrows; i++)
			if (res->rows[i].status == EITI_ST_DISCREPANCY)
				printf("discrepancy %s\t%s\n",
				    res->rows[i].company_id,
				    res->rows[i].company_name);
	}
	/* the clock as the command line reads it (SOURCE_DATE_EPOCH) */
	if (eiti_clock_read(&clock, &err) != 0)
		goto fail;
	ro.clock = &clock;
	if (eiti_afile_open(&f, out, &err) != 0)
		goto fail;
	if (eiti_render_pdf(res, &ro, f, &err) != 0)
		goto fail;
	if (eiti_afile_commit(f, &err) != 0) {
		f = NULL;
		goto fail;
	}
	f = NULL;
	goto done;
fail:
	eiti_afile_abort(f);
	fprintf(stderr, "render-sample: %s\n", err.msg);
	rc = err.kind == EITI_ERR_CONFIG ? 2 : 4; /* as eitirep exits */
done:
	rs_sample_free(res);
	eiti_template_free(t);
	return rc;
}
