/*
 * cmd_validate.c - `eitirep validate [--format=text|json] [-q] FILE...`
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

#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "core/diag.h"
#include "core/err.h"
#include "validate/validate.h"

#define USAGE                                                                  \
	"eitirep validate [--format=text|json] [--manifest MANIFEST] [-q] "    \
	"[-v] FILE..."

static void
help(FILE *fp)
{
	fprintf(fp,
	    "usage: " USAGE "\n"
	    "\n"
	    "Validate eitirep XML files against the schemas and the semantic "
	    "rules.\nThe kind of each file (disclosure, manifest, "
	    "adjustments, results) is taken\nfrom its root element.  "
	    "Findings are printed as FILE:LINE:COLUMN: error: MESSAGE "
	    "[RULE]\non stderr, followed by a one-line summary.\n"
	    "\n"
	    "options:\n"
	    "  --format=text|json  text (default) or a JSON array of the "
	    "findings on stdout\n"
	    "  -m, --manifest=FILE validate the files in the context of this "
	    "manifest:\n"
	    "                      its period, exchange rates, aliases and "
	    "source roles\n"
	    "  -q, --quiet         print errors only: no warnings, no "
	    "summary\n"
	    "  -v, --verbose       also name every valid file\n"
	    "  -h, --help          show this help and exit\n"
	    "\n"
	    "Input is treated as untrusted: DOCTYPEs, external entities and "
	    "network access\nare refused, and files over %llu MiB are not "
	    "read.\n"
	    "\n"
	    "Exit status: 0 every file valid, 1 a file is invalid, 2 usage "
	    "error,\n4 a file could not be read.\n",
	    EITI_XML_MAX_SIZE_DEFAULT >> 20);
}

static const char *
plural(size_t n, const char *one, const char *many)
{
	return n == 1 ? one : many;
}

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

int
eiti_cmd_validate(int argc, char **argv)
{
	static const struct option longopts[] = {
	    {"format", required_argument, NULL, 'f'},
	    {"manifest", required_argument, NULL, 'm'},
	    {"quiet", no_argument, NULL, 'q'},
	    {"verbose", no_argument, NULL, 'v'},
	    {"help", no_argument, NULL, 'h'},
	    {NULL, 0, NULL, 0},
	};
	struct eiti_diags diags, shown;
	struct eiti_manifest *manifest = NULL;
	const char *manifest_path = NULL;
	bool json = false, quiet = false, verbose = false;
	size_t valid = 0, invalid = 0, unreadable = 0, nfiles;
	int c, i, status = EITI_EXIT_OK;

	opterr = 0;
	optind = 1;
	while ((c = getopt_long(argc, argv, ":m:qvh", longopts, NULL)) != -1) {
		switch (c) {
		case 'f':
			if (strcmp(optarg, "json") == 0)
				json = true;
			else if (strcmp(optarg, "text") == 0)
				json = false;
			else
				return eiti_cli_usage_error("validate", USAGE,
				    "unknown format '%s' (text or json)",
				    optarg);
			break;
		case 'm':
			manifest_path = optarg;
			break;
		case 'q':
			quiet = true;
			break;
		case 'v':
			verbose = true;
			break;
		case 'h':
			help(stdout);
			return EITI_EXIT_OK;
		default:
			return eiti_cli_bad_option("validate", USAGE, c, argv);
		}
	}
	if (optind >= argc)
		return eiti_cli_usage_error(
		    "validate", USAGE, "no input files");

	{
		struct eiti_err err = EITI_ERR_INIT;

		/* A broken installation is one error, not one per file. */
		if (eiti_validate_load(&err) != 0)
			return eiti_cli_fail(&err, EITI_EXIT_IO);
	}
	eiti_diags_init(&diags);
	eiti_diags_init(&shown);
	nfiles = (size_t)(argc - optind);
	if (manifest_path != NULL) {
		struct eiti_err err = EITI_ERR_INIT;
		int rc =
		    eiti_manifest_load(&manifest, manifest_path, &diags, &err);

		/* An unusable manifest is reported like any invalid file;
		 * the files are then checked without its context. */
		nfiles++;
		if (rc < 0) {
			eiti_cli_fail(&err, EITI_EXIT_IO);
			unreadable++;
			status = EITI_EXIT_IO;
		} else if (rc > 0) {
			invalid++;
			status = EITI_EXIT_INVALID;
		} else {
			valid++;
		}
	}
	for (i = optind; i < argc; i++) {
		struct eiti_err err = EITI_ERR_INIT;
		size_t before = diags.errors;

		if (eiti_validate_file_in(argv[i], manifest, &diags, &err) !=
		    0) {
			/* The file could not be read: say so now, go on. */
			eiti_cli_fail(&err, EITI_EXIT_IO);
			unreadable++;
			status = EITI_EXIT_IO;
			continue;
		}
		if (diags.errors > before) {
			invalid++;
			if (status == EITI_EXIT_OK)
				status = EITI_EXIT_INVALID;
		} else {
			valid++;
			if (verbose && !json)
				fprintf(stderr, "%s: valid\n", argv[i]);
		}
	}
	if (quiet)
		errors_only(&shown, &diags);
	if (json)
		eiti_diags_print_json(quiet ? &shown : &diags, stdout);
	else
		eiti_diags_print_text(quiet ? &shown : &diags, stderr);
	if (!quiet) {
		fprintf(stderr, "%zu %s, %zu valid, %zu invalid", nfiles,
		    plural(nfiles, "file", "files"), valid, invalid);
		if (unreadable > 0)
			fprintf(stderr, ", %zu unreadable", unreadable);
		fprintf(stderr, ": %zu %s, %zu %s\n", diags.errors,
		    plural(diags.errors, "error", "errors"), diags.warnings,
		    plural(diags.warnings, "warning", "warnings"));
	}
	if (fflush(stdout) != 0 && status == EITI_EXIT_OK)
		status = EITI_EXIT_IO;
	eiti_manifest_free(manifest);
	eiti_diags_free(&shown);
	eiti_diags_free(&diags);
	eiti_xml_cleanup();
	return status;
}
