/*
 * cmd_validate.c - `eitirep validate [--format=text|json] [--manifest M]
 * [-q|-v] FILE...`
 *
 * Validates disclosures, manifests, adjustment files and results files,
 * the kind of each taken from its root element; with --manifest, in the
 * context of a reconciliation (the rules that need a manifest: periods,
 * rates, aliases, source roles, the project level of adjustments).
 * Findings are printed compiler style on stderr (or as one JSON array on
 * stdout with --format=json), then a one-line summary on stderr.  Exit status:
 * 0 all valid, 1 any invalid, 2 usage, 4 a file could not be read (the other
 * files are still validated).
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "core/diag.h"
#include "core/err.h"
#include "validate/identity.h"
#include "validate/validate.h"

enum { OPT_FORMAT = EITI_OPT_LOCAL };

_Static_assert(EITI_XML_MAX_SIZE_DEFAULT == 1ULL << 30,
    "the help of validate says files over 1 GiB are not read");

static const struct eiti_cli_opt opts[] = {
    {OPT_FORMAT, "format", "FORMAT",
	"the findings as text on standard error (FORMAT text, the "
	"default) or as one JSON array on standard output (json)"},
    {'m', "manifest", "MANIFEST",
	"validate the files in the context of this reconciliation "
	"manifest: its period, exchange rates, aliases, source roles and "
	"level"},
    {0, NULL, NULL, NULL},
};

static const struct eiti_cli_exit exits[] = {
    {EITI_EXIT_OK, "every file valid"},
    {EITI_EXIT_INVALID, "a file is invalid"},
    {EITI_EXIT_USAGE, "usage error"},
    {EITI_EXIT_IO,
	"a file could not be read (the other files are still validated)"},
    {0, NULL},
};

/* The findings worth printing under -q: errors only. */
static void
errors_only(struct eiti_diags *out, const struct eiti_diags *in)
{
	size_t i;

	for (i = 0; i < in->n; i++)
		if (in->v[i].sev == EITI_SEV_ERROR)
			eiti_diag_copy(out, &in->v[i]);
	/* Keep the counts of findings over the cap for the "more not
	 * shown" notes. */
	for (i = 0; i < out->nfiles; i++) {
		size_t j;

		for (j = 0; j < in->nfiles; j++)
			if (strcmp(in->files[j].file, out->files[i].file) == 0)
				out->files[i].dropped = in->files[j].dropped;
	}
}

/*
 * With a manifest: validate every file, handing the disclosures'
 * declarations and payments to one collector, then the checks across
 * them (IDENT-*) and, when any disclosure was given, whether the
 * adjustment files name declared companies and entities (ADJ-PARTY).
 * bad[i] counts the errors of file i; it is -1 when the file could not be
 * read.
 */
static void
validate_all(const struct eiti_cli_args *a, const struct eiti_manifest *m,
    long *bad, struct eiti_diags *diags)
{
	struct eiti_identity *id = m != NULL ? eiti_identity_new(m) : NULL;
	struct eiti_adjustments **adj =
	    eiti_xcalloc((size_t)a->argc + 1, sizeof(*adj));
	int i;

	for (i = 0; i < a->argc; i++) {
		struct eiti_err err = EITI_ERR_INIT;
		size_t before = diags->errors;
		int rc = id != NULL ? eiti_validate_file_collect(a->argv[i], m,
					  id, &adj[i], diags, &err)
				    : eiti_validate_file_in(
					  a->argv[i], m, diags, &err);

		bad[i] = (long)(diags->errors - before);
		if (rc != 0) {
			/* The file could not be read: say so now, go on. */
			eiti_cli_fail("validate", &err, EITI_EXIT_IO);
			bad[i] = -1;
		}
	}
	if (id != NULL && eiti_identity_files(id) > 0) {
		eiti_identity_check(id, diags);
		for (i = 0; i < a->argc; i++) {
			size_t before = diags->errors;

			if (adj[i] == NULL)
				continue;
			eiti_identity_parties(id, adj[i], diags);
			bad[i] += (long)(diags->errors - before);
		}
	}
	for (i = 0; i < a->argc; i++)
		eiti_adjustments_free(adj[i]);
	free(adj);
	eiti_identity_free(id);
}

static int
run(const struct eiti_cli_args *a)
{
	struct eiti_diags diags, shown;
	struct eiti_manifest *manifest = NULL;
	const char *manifest_path = eiti_cli_get(a, 'm', NULL);
	const char *format = eiti_cli_get(a, OPT_FORMAT, "text");
	bool json,
	    quiet = eiti_cli_verbosity<0, verbose = eiti_cli_verbosity> 0;
	size_t valid = 0, invalid = 0, unreadable = 0, nfiles;
	int i, status = EITI_EXIT_OK;
	long *bad;

	if (strcmp(format, "json") != 0 && strcmp(format, "text") != 0)
		return eiti_cli_usage_error(
		    a->cmd, "unknown format '%s' (text or json)", format);
	json = strcmp(format, "json") == 0;

	{
		struct eiti_err err = EITI_ERR_INIT;

		/* A broken installation is one error, not one per file. */
		if (eiti_validate_load(&err) != 0)
			return eiti_cli_fail("validate", &err, EITI_EXIT_IO);
	}
	eiti_diags_init(&diags);
	eiti_diags_init(&shown);
	nfiles = (size_t)a->argc;
	if (manifest_path != NULL) {
		struct eiti_err err = EITI_ERR_INIT;
		int rc =
		    eiti_manifest_load(&manifest, manifest_path, &diags, &err);

		/* An unusable manifest is reported like any invalid file;
		 * the files are then checked without its context. */
		nfiles++;
		if (rc < 0) {
			eiti_cli_fail("validate", &err, EITI_EXIT_IO);
			unreadable++;
			status = EITI_EXIT_IO;
		} else if (rc > 0) {
			invalid++;
			status = EITI_EXIT_INVALID;
		} else {
			valid++;
		}
	}
	bad = eiti_xcalloc((size_t)a->argc + 1, sizeof(*bad));
	validate_all(a, manifest, bad, &diags);
	for (i = 0; i < a->argc; i++) {
		if (bad[i] < 0) {
			unreadable++;
			status = EITI_EXIT_IO;
			continue;
		}
		if (bad[i] > 0) {
			invalid++;
			if (status == EITI_EXIT_OK)
				status = EITI_EXIT_INVALID;
		} else {
			valid++;
			if (verbose && !json)
				fprintf(stderr,
				    "eitirep: validate: %s: valid\n",
				    a->argv[i]);
		}
	}
	free(bad);
	if (quiet)
		errors_only(&shown, &diags);
	if (json)
		eiti_diags_print_json(quiet ? &shown : &diags, stdout);
	else
		eiti_diags_print_text(quiet ? &shown : &diags, stderr);
	if (!quiet) {
		fprintf(stderr,
		    "eitirep: validate: %zu %s, %zu valid, %zu invalid", nfiles,
		    eiti_cli_plural(nfiles, "file", "files"), valid, invalid);
		if (unreadable > 0)
			fprintf(stderr, ", %zu unreadable", unreadable);
		fprintf(stderr, ": %zu %s, %zu %s\n", diags.errors,
		    eiti_cli_plural(diags.errors, "error", "errors"),
		    diags.warnings,
		    eiti_cli_plural(diags.warnings, "warning", "warnings"));
	}
	if (fflush(stdout) != 0 && status == EITI_EXIT_OK)
		status = EITI_EXIT_IO;
	eiti_manifest_free(manifest);
	eiti_diags_free(&shown);
	eiti_diags_free(&diags);
	eiti_xml_cleanup();
	return status;
}

const struct eiti_cli_cmd eiti_cmd_validate = {
    .name = "validate",
    .summary =
	"validate disclosures, manifests, adjustments, results or profiles",
    .usage = "[--format=text|json] [--manifest MANIFEST] [-q|-v] FILE...",
    .about =
	"Validate eitirep XML files against the schemas and the semantic "
	"rules.  The kind of each FILE (disclosure, manifest, adjustments, "
	"results, import profile) is taken from its root element.  Every "
	"finding of every "
	"file is printed, compiler style, as FILE:LINE:COLUMN: error: "
	"MESSAGE [RULE-ID] on standard error, followed by a one-line "
	"summary.\n\nInput is treated as untrusted: DOCTYPEs, external "
	"entities and network access are refused, and files over 1 GiB are "
	"not read.",
    .opts = {opts},
    .quiet = "print errors only: no warnings, no summary",
    .verbose = "also name every valid file",
    .operand = "FILE",
    .min_args = 1,
    .max_args = -1,
    .exits = exits,
    .run = run,
};
