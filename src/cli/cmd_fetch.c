/*
 * cmd_fetch.c - `eitirep fetch MANIFEST`: download every source and the
 * adjustments file of a manifest into the cache (eitirep(1), fetch).
 *
 * Prints one summary line per source on stderr:
 *   fetched URL (BYTES bytes, sha256 PREFIX)
 *   unchanged URL (BYTES bytes, sha256 PREFIX)
 *   local PATH (BYTES bytes, sha256 PREFIX)
 *   MANIFEST:LINE:COL: error: URL: REASON [FETCH-...]
 * a failure being a finding located at the manifest's <source> element
 * (a cache that cannot be written is an error, "eitirep: fetch: URL:
 * ..."); -q keeps only the failures; and a progress line while fetching when
 * stderr is a terminal.  Exit 0 when every source is available, 3 when
 * any failed (all others are still fetched), 4 when the cache could not
 * be written, 1 for an invalid manifest, 2 for a usage error.
 */
#include "config.h"

#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli.h"
#include "core/diag.h"
#include "core/url.h"
#include "fetch/fetch.h"
#include "model/model.h"
#include "validate/validate.h"

const struct eiti_cli_opt eiti_cli_cache_opts[] = {
    {EITI_OPT_CACHE, "cache", "DIR",
	"the fetch cache (default: $XDG_CACHE_HOME/eitirep, else "
	"$HOME/.cache/eitirep)"},
    {0, NULL, NULL, NULL},
};

const struct eiti_cli_opt eiti_cli_fetch_opts[] = {
    {EITI_OPT_MAX_SIZE, "max-size", "SIZE",
	"largest body accepted for one source, with an optional K, M or G "
	"suffix (default 512M); enforced while the body streams, "
	"compressed or chunked"},
    {EITI_OPT_TIMEOUT, "timeout", "SECONDS",
	"abort a transfer that stalls this long, also the connect timeout "
	"(default 60)"},
    {EITI_OPT_CACERT, "cacert", "FILE",
	"also trust the certificate authorities in FILE (certificate "
	"verification cannot be turned off)"},
    {EITI_OPT_JOBS, "jobs", "N",
	"parallel transfers, 1 to 64 (default 4; at most 2 per host)"},
    {0, NULL, NULL, NULL},
};

static const struct eiti_cli_exit exits[] = {
    {EITI_EXIT_OK, "every source available"},
    {EITI_EXIT_INVALID, "invalid manifest"},
    {EITI_EXIT_USAGE, "usage error"},
    {EITI_EXIT_FETCH,
	"a source failed (the previous good copy, if any, is kept; every "
	"other source is still fetched)"},
    {EITI_EXIT_IO, "the cache could not be written"},
    {0, NULL},
};

/* SIZE: decimal digits with an optional K, M or G suffix (powers of
 * 1024).  Returns 0 and *out > 0, or -1. */
static int
parse_size(const char *s, long long *out)
{
	unsigned long long v = 0, mul = 1;
	const char *p = s;

	if (*p < '0' || *p > '9')
		return -1;
	for (; *p >= '0' && *p <= '9'; p++) {
		if (__builtin_mul_overflow(v, 10ULL, &v) ||
		    __builtin_add_overflow(
			v, (unsigned long long)(*p - '0'), &v))
			return -1;
	}
	switch (*p) {
	case '\0':
		break;
	case 'k':
	case 'K':
		mul = 1024ULL;
		p++;
		break;
	case 'm':
	case 'M':
		mul = 1024ULL * 1024;
		p++;
		break;
	case 'g':
	case 'G':
		mul = 1024ULL * 1024 * 1024;
		p++;
		break;
	default:
		return -1;
	}
	if (*p != '\0' || __builtin_mul_overflow(v, mul, &v) || v == 0 ||
	    v > (unsigned long long)INT64_MAX)
		return -1;
	*out = (long long)v;
	return 0;
}

static int
parse_int(const char *s, long lo, long hi, long *out)
{
	char *end;
	long v;

	if (*s < '0' || *s > '9')
		return -1;
	errno = 0;
	v = strtol(s, &end, 10);
	if (errno != 0 || *end != '\0' || v < lo || v > hi)
		return -1;
	*out = v;
	return 0;
}

int
eiti_cli_jobs(const struct eiti_cli_args *a, unsigned *out)
{
	const char *arg = eiti_cli_get(a, EITI_OPT_JOBS, NULL);
	long v;

	*out = 0;
	if (arg == NULL)
		return 0;
	if (parse_int(arg, 1, 64, &v) != 0)
		return eiti_cli_usage_error(
		    a->cmd, "invalid --jobs '%s' (1 to 64)", arg);
	*out = (unsigned)v;
	return 0;
}

/* --- what the fetch stage reports ------------------------------------ */

struct ui {
	bool progress;	 /* a progress line is drawn */
	bool line_shown; /* and is on screen now */
};

static void
clear_progress(struct ui *ui)
{
	if (ui->line_shown) {
		fputs("\r\033[K", stderr);
		ui->line_shown = false;
	}
}

static void
on_log(void *ctx, int level, const char *msg)
{
	struct ui *ui = ctx;

	clear_progress(ui);
	eiti_cli_log(level, "fetch: %s", msg);
}

static void
on_progress(void *ctx, size_t done, size_t total, long long bytes)
{
	struct ui *ui = ctx;

	if (!ui->progress)
		return;
	fprintf(stderr,
	    "\r\033[Kfetching: %zu of %zu sources done, %lld "
	    "KiB received",
	    done, total, bytes / 1024);
	fflush(stderr);
	ui->line_shown = true;
}

/*
 * What a fetched body must be before it replaces the cached copy (eitirep(1),
 * fetch): a well-formed document of the item's kind, or, for a source read
 * through a profile, a table (item check_ud points to one of these).
 */
struct body_kind {
	enum eiti_doc_kind kind;
	bool table;
};

static const struct body_kind body_disclosure = {EITI_DOC_DISCLOSURE, false};
static const struct body_kind body_adjustments = {EITI_DOC_ADJUSTMENTS, false};
static const struct body_kind body_table = {EITI_DOC_UNKNOWN, true};

static int
check_body(void *ctx, const struct eiti_fetch_item *it, const char *path,
    char *why, size_t whysz, struct eiti_err *err)
{
	const struct body_kind *b = it->check_ud;

	(void)ctx;
	if (b == NULL)
		return 0;
	if (b->table)
		return eiti_validate_table_body(path, why, whysz, err);
	return eiti_validate_body(path, b->kind, why, whysz, err);
}

/* Where the manifest names a fetched item. */
struct item_loc {
	unsigned long line, col;
};

static void
summary(const struct eiti_manifest *m, const struct item_loc *loc,
    const struct eiti_fetch_item *it, int ok_level)
{
	const struct eiti_provenance *p = &it->prov;
	struct eiti_diags d;
	char kept[128] = "";
	char *href;

	if (!it->ok) {
		if (p->sha256[0] != '\0')
			snprintf(kept, sizeof(kept),
			    " (previous copy kept: %lld bytes, sha256 %.12s)",
			    p->bytes, p->sha256);
		if (it->code == EITI_ERR_IO) {
			fprintf(
			    stderr, "eitirep: fetch: %s%s\n", it->msg, kept);
			return;
		}
		eiti_diags_init(&d);
		eiti_finding(&d, it->rule, m->file, loc->line, loc->col, "%s%s",
		    it->msg, kept);
		eiti_diags_print_text(&d, stderr);
		eiti_diags_free(&d);
		return;
	}
	if (eiti_cli_verbosity < ok_level)
		return;
	/* the reference as the manifest writes it, without a URL's user name
	 * or password (core/url.h) */
	href = eiti_url_redacted(it->href);
	fprintf(stderr, "%s %s (%lld bytes, sha256 %.12s)\n", p->outcome, href,
	    p->bytes, p->sha256);
	free(href);
}

/*
 * The options of eiti_cli_fetch_opts and --cache, in the order given:
 * each value is checked (the last of each wins).  Returns 0 or a usage
 * error's status.
 */
int
eiti_cli_fetch_options(struct eiti_fetch_opts *o, const struct eiti_cli_args *a)
{
	size_t i;
	long v;

	for (i = 0; i < a->nopt; i++) {
		const char *arg = a->opt[i].arg;

		switch (a->opt[i].id) {
		case EITI_OPT_CACHE:
			o->cache_dir = arg;
			break;
		case EITI_OPT_MAX_SIZE:
			if (parse_size(arg, &o->max_size) != 0)
				return eiti_cli_usage_error(a->cmd,
				    "invalid --max-size '%s' (a positive "
				    "number of bytes, optionally with a K, M "
				    "or G suffix)",
				    arg);
			break;
		case EITI_OPT_TIMEOUT:
			if (parse_int(arg, 1, 86400, &v) != 0)
				return eiti_cli_usage_error(a->cmd,
				    "invalid --timeout '%s' (seconds, 1 to "
				    "86400)",
				    arg);
			o->timeout = v;
			break;
		case EITI_OPT_CACERT:
			if (access(arg, R_OK) != 0)
				return eiti_cli_usage_error(a->cmd,
				    "--cacert %s: %s", arg, strerror(errno));
			o->cacert = arg;
			break;
		case EITI_OPT_JOBS:
			if (parse_int(arg, 1, 64, &v) != 0)
				return eiti_cli_usage_error(a->cmd,
				    "invalid --jobs '%s' (1 to 64)", arg);
			o->jobs = (int)v;
			break;
		}
	}
	return 0;
}

/*
 * Fetch every source and the adjustments file of m into the cache, print
 * one line per source (a failure always, as a finding at its element of
 * the manifest, or as an error when the cache could not be written; a
 * success when the verbosity is at least ok_level), and return the exit
 * status: 0 every source available, EITI_EXIT_FETCH when one failed,
 * EITI_EXIT_IO when the cache could not be written (err set when nothing
 * could be attempted).
 */
int
eiti_cli_fetch_manifest(const struct eiti_manifest *m,
    struct eiti_fetch_opts *o, int ok_level, struct eiti_err *err)
{
	struct eiti_fetch_item *items;
	struct item_loc *locs;
	struct ui ui = {false, false};
	size_t n = 0, i;
	bool io_failure = false;
	int rc, status = EITI_EXIT_OK;

	o->verbosity = eiti_cli_verbosity;
	ui.progress = eiti_cli_verbosity >= 0 && isatty(STDERR_FILENO);
	o->progress = ui.progress;
	o->log = on_log;
	o->on_progress = on_progress;
	o->check_body = check_body;
	o->ctx = &ui;

	items = eiti_xcalloc(m->nsources + 1, sizeof(*items));
	locs = eiti_xcalloc(m->nsources + 1, sizeof(*locs));
	for (i = 0; i < m->nsources; i++) {
		items[n].href = m->sources[i].href;
		items[n].pin_sha256 = m->sources[i].sha256;
		items[n].check_ud = m->sources[i].profile != NULL
					? &body_table
					: &body_disclosure;
		locs[n].line = m->sources[i].line;
		locs[n].col = m->sources[i].col;
		n++;
	}
	if (m->adjustments_href != NULL) {
		items[n].href = m->adjustments_href;
		items[n].pin_sha256 = m->adjustments_sha256;
		items[n].check_ud = &body_adjustments;
		locs[n].line = m->adjustments_line;
		locs[n].col = m->adjustments_col;
		n++;
	}
	if (eiti_fetch_global_init(err) != 0) {
		status = EITI_EXIT_IO;
		goto out;
	}
	rc = eiti_fetch_all(items, n, m->dir, o, err);
	clear_progress(&ui);
	eiti_fetch_global_cleanup();
	if (rc < 0) {
		status = EITI_EXIT_IO;
		goto out;
	}
	for (i = 0; i < n; i++) {
		summary(m, &locs[i], &items[i], ok_level);
		if (!items[i].ok && items[i].code == EITI_ERR_IO)
			io_failure = true;
	}
	if (rc > 0) {
		fprintf(stderr, "eitirep: fetch: %d of %zu %s failed\n", rc, n,
		    eiti_cli_plural(n, "source", "sources"));
		status = io_failure ? EITI_EXIT_IO : EITI_EXIT_FETCH;
	}
out:
	for (i = 0; i < n; i++)
		eiti_provenance_free(&items[i].prov);
	free(items);
	free(locs);
	return status;
}

static int
run(const struct eiti_cli_args *a)
{
	struct eiti_err err = EITI_ERR_INIT;
	struct eiti_diags diags;
	struct eiti_fetch_opts o;
	struct eiti_manifest *m = NULL;
	int rc, status = EITI_EXIT_OK;

	eiti_diags_init(&diags);
	eiti_fetch_opts_init(&o);
	if ((status = eiti_cli_fetch_options(&o, a)) != 0)
		goto out;

	eiti_xml_init();
	rc = eiti_manifest_load(&m, a->argv[0], &diags, &err);
	eiti_diags_print_text(&diags, stderr);
	if (rc < 0) {
		status = eiti_cli_fail("fetch", &err, EITI_EXIT_IO);
		goto out;
	}
	if (rc > 0 || m == NULL) {
		status = EITI_EXIT_INVALID;
		goto out;
	}
	status = eiti_cli_fetch_manifest(m, &o, 0, &err);
	if (err.kind != EITI_ERR_NONE)
		status = eiti_cli_fail("fetch", &err, status);
out:
	eiti_manifest_free(m);
	eiti_diags_free(&diags);
	return status;
}

const struct eiti_cli_cmd eiti_cmd_fetch = {
    .name = "fetch",
    .summary = "download every source of a manifest into the cache",
    .usage = "MANIFEST [--cache DIR] [--max-size SIZE] [--timeout SECONDS] "
	     "[--cacert FILE] [--jobs N] [-q|-v]",
    .about =
	"Download every source and the adjustments file of MANIFEST into "
	"the cache.  Only http, https and file: URLs and relative paths are "
	"accepted, also after redirects (at most 5); local files are only "
	"hashed.  Requests are conditional (ETag, Last-Modified): an "
	"unchanged source is not downloaded again.  Connection errors, "
	"timeouts, HTTP 5xx, 408 and 429 are retried with exponential "
	"backoff and jitter, honouring Retry-After.  TLS certificates are "
	"always verified.\n\nEach body is written to a temporary file while "
	"its SHA-256 is computed, and replaces the cached copy only when it "
	"is complete, matches its sha256 pin, if any, and is what the "
	"source must be: a well-formed disclosure (an adjustments file for "
	"the adjustments), whatever the status and the content type say.  "
	"A failed transfer or a body that is not the document (a JSON "
	"error, a maintenance page, a body cut short) leaves the previous "
	"good copy.  Compressed bodies (gzip, deflate) are decoded, within "
	"--max-size.  From an https URL, a redirect to http is refused.  "
	"User names and passwords never go in a manifest: they are read "
	"from ~/.netrc, or from the file $NETRC names.  The provenance of each "
	"source (URL, "
	"final URL, HTTP status, ETag, Last-Modified, size, SHA-256, "
	"retrieval time) is kept in the cache.  One line per source is "
	"printed on standard error, and a progress line while fetching when "
	"it is a terminal.",
    .opts = {eiti_cli_cache_opts, eiti_cli_fetch_opts},
    .quiet = "print failures only",
    .verbose = "print each request and retry",
    .operand = "MANIFEST",
    .min_args = 1,
    .max_args = 1,
    .notes = "Environment: EITIREP_RETRY_ATTEMPTS (attempts per source, "
	     "default 4), EITIREP_RETRY_BASE_MS (the first backoff, default "
	     "1000), EITIREP_RETRY_MAX_MS (the longest wait, also the longest "
	     "Retry-After honoured, default 60000), NETRC (the netrc file of "
	     "user names and passwords, default ~/.netrc).",
    .exits = exits,
    .run = run,
};
