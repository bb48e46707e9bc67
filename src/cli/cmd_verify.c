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
#include <ftw.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "cli/cli.h"
#include "core/afile.h"
#include "core/paths.h"
#include "fetch/fetch.h"
#include "validate/validate.h"
#include "verify/verify.h"

enum { OPT_RESULTS = EITI_OPT_LOCAL, OPT_TEMPLATES, OPT_FETCH };

static const struct eiti_cli_opt opts[] = {
    {OPT_RESULTS, "results", "DIR",
	"also compare the published DIR/results.csv with the recomputed one, "
	"key by key"},
    {OPT_TEMPLATES, "templates", "DIR",
	"the report's templates: read LANG.xml and template.xsd from DIR "
	"instead of the installed templates"},
    {OPT_FETCH, "fetch", NULL,
	"download every source afresh into a temporary cache instead of "
	"reading the cache (then the figures are compared through "
	"results.csv's SHA-256: the report's bytes cannot agree, since "
	"its provenance records other retrieval times)"},
    {0, NULL, NULL, NULL},
};

static const struct eiti_cli_exit exits[] = {
    {EITI_EXIT_OK, "verified: the report was produced from these sources"},
    {EITI_EXIT_INVALID,
	"not verified (each difference is named), or the report, the "
	"manifest or a source is invalid"},
    {EITI_EXIT_USAGE, "usage error"},
    {EITI_EXIT_FETCH,
	"a source is not in the cache, or with --fetch could not be "
	"fetched"},
    {EITI_EXIT_IO, "system error"},
    {0, NULL},
};

/* The temporary directory, for the signal handler. */
static char tmpdir[4096];

static int
rm_one(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	return remove(path) != 0 && errno != ENOENT ? -1 : 0;
}

/* Remove the temporary directory and everything in it (the cache of
 * --fetch). */
static void
remove_tmpdir(void)
{
	if (tmpdir[0] != '\0' &&
	    nftw(tmpdir, rm_one, 16, FTW_DEPTH | FTW_PHYS) != 0 &&
	    errno != ENOENT)
		fprintf(stderr, "eitirep: verify: cannot remove %s: %s\n",
		    tmpdir, strerror(errno));
	tmpdir[0] = '\0';
}

/* On SIGINT or SIGTERM: the live temporary files, then the directory
 * (a fetched cache in it needs more than rmdir: rm -r, by fork and exec,
 * which a signal handler may call), then die of the signal. */
static void
on_signal(int sig)
{
	pid_t pid;
	int st;

	eiti_afile_cleanup_signal();
	if (tmpdir[0] != '\0' && rmdir(tmpdir) != 0 && (pid = fork()) >= 0) {
		if (pid == 0) {
			execl(
			    "/bin/rm", "rm", "-rf", "--", tmpdir, (char *)NULL);
			_exit(127);
		}
		while (waitpid(pid, &st, 0) < 0 && errno == EINTR)
			;
	}
	signal(sig, SIG_DFL);
	raise(sig);
}

/* --fetch: every source of the manifest into a new cache in the
 * temporary directory, as `eitirep fetch` does.  0 or an exit status. */
static int
fetch_fresh(struct eiti_fetch_opts *fo, char **cache, const char *manifest,
    struct eiti_diags *diags)
{
	struct eiti_err err = EITI_ERR_INIT;
	struct eiti_manifest *m = NULL;
	int lr, rc;

	*cache = eiti_path_join(tmpdir, "cache");
	fo->cache_dir = *cache;
	if (eiti_validate_load(&err) != 0)
		return eiti_cli_fail("verify", &err, EITI_EXIT_IO);
	lr = eiti_manifest_load(&m, manifest, diags, &err);
	if (lr != 0) {
		eiti_diags_print_text(diags, stderr);
		eiti_diags_free(diags);
		eiti_diags_init(diags);
		return lr < 0 ? eiti_cli_fail("verify", &err, EITI_EXIT_IO)
			      : EITI_EXIT_INVALID;
	}
	/* the pipeline loads it again: its findings once */
	eiti_diags_free(diags);
	eiti_diags_init(diags);
	rc = eiti_cli_fetch_manifest(m, fo, 1, &err);
	eiti_manifest_free(m);
	if (rc != EITI_EXIT_OK)
		return eiti_cli_fail("fetch", &err, rc);
	return 0;
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
	struct eiti_fetch_opts fo;
	char *cache = NULL;
	size_t i;
	int rc;

	memset(&o, 0, sizeof(o));
	memset(&out, 0, sizeof(out));
	o.manifest = a->argv[0];
	o.report = a->argv[1];
	o.cache_dir = eiti_cli_get(a, EITI_OPT_CACHE, NULL);
	o.results_dir = eiti_cli_get(a, OPT_RESULTS, NULL);
	o.templates_dir = eiti_cli_get(a, OPT_TEMPLATES, NULL);
	o.fresh = eiti_cli_has(a, OPT_FETCH);
	eiti_fetch_opts_init(&fo);
	if (o.fresh && eiti_cli_has(a, EITI_OPT_CACHE))
		return eiti_cli_usage_error(a->cmd,
		    "--fetch downloads into a temporary cache: no "
		    "--cache with it");
	if ((rc = eiti_cli_fetch_options(&fo, a)) != 0)
		return rc;
	eiti_diags_init(&diags);
	if (make_tmpdir(&err) != 0) {
		eiti_diags_free(&diags);
		return eiti_cli_fail("verify", &err, EITI_EXIT_IO);
	}
	o.tmpdir = tmpdir;
	if (o.fresh && (rc = fetch_fresh(&fo, &cache, o.manifest, &diags)) != 0)
		goto out;
	if (cache != NULL)
		o.cache_dir = cache;
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
out:
	remove_tmpdir();
	free(cache);
	eiti_verify_outcome_free(&out);
	eiti_diags_free(&diags);
	eiti_xml_cleanup();
	return rc;
}

const struct eiti_cli_cmd eiti_cmd_verify = {
    .name = "verify",
    .summary = "check that a published report comes from these sources",
    .usage = "MANIFEST REPORT [--cache DIR | --fetch] [--results DIR] "
	     "[--templates DIR] [--max-size SIZE] [--timeout SECONDS] "
	     "[--cacert FILE] [--jobs N] [-q]",
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
    .opts = {opts, eiti_cli_cache_opts, eiti_cli_fetch_opts},
    .quiet = "print nothing when the report is verified (the exit status "
	     "says it)",
    .operand = "MANIFEST REPORT",
    .min_args = 2,
    .max_args = 2,
    .exits = exits,
    .run = run,
};
