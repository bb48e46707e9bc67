/*
 * cmd_verify.c - `eitirep verify`: check that a published report was
 * produced from the published data (verify/verify.h does the work).
 *
 * Everything it writes goes into one temporary directory ($TMPDIR or
 * /tmp, eitirep-verify.XXXXXX), removed on every exit, on SIGINT and on
 * SIGTERM too.
 */
#include "config.h"

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli.h"
#include "core/afile.h"
#include "core/paths.h"
#include "validate/validate.h"
#include "verify/verify.h"

enum { OPT_RESULTS = EITI_OPT_LOCAL, OPT_TEMPLATES };

static const struct eiti_cli_opt opts[] = {
    {OPT_RESULTS, "results", "DIR",
	"also compare the published DIR/results.csv with the recomputed one, "
	"key by key"},
    {OPT_TEMPLATES, "templates", "DIR",
	"the report's templates: read LANG.xml and template.xsd from DIR "
	"instead of the installed templates"},
    {0, NULL, NULL, NULL},
};

static const struct eiti_cli_exit exits[] = {
    {EITI_EXIT_OK, "verified: the report was produced from these sources"},
    {EITI_EXIT_INVALID,
	"not verified (each difference is named), or the report, the "
	"manifest or a source is invalid"},
    {EITI_EXIT_USAGE, "usage error"},
    {EITI_EXIT_FETCH, "a source is not in the cache"},
    {EITI_EXIT_IO, "system error"},
    {0, NULL},
};

/* The temporary directory, for the signal handler. */
static char tmpdir[4096];

static void
on_signal(int sig)
{
	eiti_afile_cleanup_signal();
	if (tmpdir[0] != '\0')
		rmdir(tmpdir);
	signal(sig, SIG_DFL);
	raise(sig);
}

static int
make_tmpdir(struct eiti_err *err)
{
	const char *base = getenv("TMPDIR");
	struct sigaction sa;

	if (base == NULL || base[0] != '/' || strlen(base) > 2048)
		base = "/tmp";
	snprintf(tmpdir, sizeof(tmpdir), "%s/eitirep-verify.XXXXXX", base);
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	if (mkdtemp(tmpdir) == NULL) {
		int e = errno;

		tmpdir[0] = '\0';
		return eiti_err_set(err, EITI_ERR_IO,
		    "verify: cannot make a temporary directory in %s: %s", base,
		    strerror(e));
	}
	return 0;
}

static int
run(const struct eiti_cli_args *a)
{
	struct eiti_err err = EITI_ERR_INIT;
	struct eiti_diags diags;
	struct eiti_verify_outcome out;
	struct eiti_verify_opts o;
	size_t i;
	int rc;

	memset(&o, 0, sizeof(o));
	memset(&out, 0, sizeof(out));
	o.manifest = a->argv[0];
	o.report = a->argv[1];
	o.cache_dir = eiti_cli_get(a, EITI_OPT_CACHE, NULL);
	o.results_dir = eiti_cli_get(a, OPT_RESULTS, NULL);
	o.templates_dir = eiti_cli_get(a, OPT_TEMPLATES, NULL);
	eiti_diags_init(&diags);
	if (make_tmpdir(&err) != 0) {
		eiti_diags_free(&diags);
		return eiti_cli_fail("verify", &err, EITI_EXIT_IO);
	}
	o.tmpdir = tmpdir;
	rc = eiti_verify(&out, &o, &diags, &err);
	eiti_diags_print_text(&diags, stderr);
	if (rc < 0) {
		rc = eiti_cli_fail("verify", &err, EITI_EXIT_IO);
	} else if (rc > 0) {
		fprintf(stderr,
		    "eitirep: verify: %s: not verified: the inputs are "
		    "invalid\n",
		    o.report);
		rc = EITI_EXIT_INVALID;
	} else if (out.ndiff == 0) {
		if (eiti_cli_verbosity >= 0)
			printf("%s\n", out.verified);
	} else {
		for (i = 0; i < out.ndiff; i++)
			printf("%s\n", out.diff[i]);
		fprintf(stderr, "eitirep: verify: %s: not verified: %zu %s\n",
		    o.report, out.ndiff,
		    eiti_cli_plural(out.ndiff, "difference", "differences"));
		rc = EITI_EXIT_INVALID;
	}
	if (fflush(stdout) != 0 && rc == EITI_EXIT_OK)
		rc = EITI_EXIT_IO;
	if (rmdir(tmpdir) != 0 && errno != ENOENT)
		fprintf(stderr, "eitirep: verify: %s: %s\n", tmpdir,
		    strerror(errno));
	tmpdir[0] = '\0';
	eiti_verify_outcome_free(&out);
	eiti_diags_free(&diags);
	eiti_xml_cleanup();
	return rc;
}

const struct eiti_cli_cmd eiti_cmd_verify = {
    .name = "verify",
    .summary = "check that a published report comes from these sources",
    .usage = "MANIFEST REPORT [--cache DIR] [--results DIR] "
	     "[--templates DIR] [-q]",
    .about =
	"Check that REPORT (a report.pdf, or a results.xml) was produced "
	"from the sources of MANIFEST, without trusting its publisher: read "
	"every source (local files, or the cache that fetch filled), compare "
	"each with the SHA-256 the report states, reconcile again, render "
	"again with the report's own date, language and templates, and "
	"compare byte for byte.  Exit 0 with one line saying the report was "
	"produced from these sources; exit 1 naming each difference: the "
	"manifest, each source whose digest differs (its address, the "
	"digest the report states and the source's), each key whose figures "
	"differ from the published results.csv (--results), the templates, "
	"or that the figures agree but the report was not produced by this "
	"version of the program with these templates.\n\n"
	"A report from elsewhere is read with care: at most 256 MiB, "
	"through poppler, which only opens the document (no page is "
	"drawn); an encrypted, truncated or malformed PDF is refused (exit "
	"1) with a message naming it.  Nothing is written but into a "
	"temporary directory, removed on exit and on SIGINT and SIGTERM.",
    .opts = {opts, eiti_cli_cache_opts},
    .quiet = "print nothing when the report is verified (the exit status "
	     "says it)",
    .operand = "MANIFEST REPORT",
    .min_args = 2,
    .max_args = 2,
    .exits = exits,
    .run = run,
};
