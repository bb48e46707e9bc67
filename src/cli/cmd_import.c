/*
 * cmd_import.c - `eitirep import FILE --profile NAME|PATH
 * [--set NAME=VALUE]... [-o OUT.xml]`
 *
 * Turns one published table (CSV, TSV, xlsx, ods) into one disclosure
 * through a profile (SPEC section 11, eitirep-profile(5)).  The items the
 * import stage makes go through the same rules as an XML disclosure (the
 * validate stage's feed), every finding located at its cell, and are
 * written as XML to OUT.xml (a temporary file renamed into place) or to
 * stdout - only when no error was found, so a bad table never produces a
 * half-right disclosure.  The import summary (rows read, items written,
 * nil cells, rows skipped by which rule, rounded amounts) ends the
 * output on stderr.
 *
 * Exit status: 0 written; 1 the table, the profile or the disclosure
 * has errors (every one located); 2 usage (an unknown profile or
 * parameter, a required parameter missing); 4 the output could not be
 * written or the table read.
 */
#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <getopt.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cli/cli.h"
#include "core/afile.h"
#include "core/diag.h"
#include "core/err.h"
#include "core/paths.h"
#include "core/suggest.h"
#include "import/import.h"
#include "model/profile.h"
#include "validate/validate.h"

#define USAGE                                                                  \
	"eitirep import FILE --profile NAME|PATH [--set NAME=VALUE]... "       \
	"[-o OUT.xml]"

static void
help(FILE *fp)
{
	fprintf(fp,
	    "usage: " USAGE "\n"
	    "       eitirep import --list-profiles\n"
	    "       eitirep import --profile NAME|PATH --help\n"
	    "\n"
	    "Turn one published table (CSV, TSV, xlsx or ods, recognised by "
	    "its content)\ninto one disclosure, as the profile says: which "
	    "rows and columns hold what,\nnumber formats, nil markers, "
	    "mapping tables.  The disclosure is checked by\nthe same rules "
	    "as an XML disclosure; every finding names its cell\n"
	    "(FILE:LINE:FIELD for CSV, FILE:SHEET!A1 for workbooks).  It is "
	    "written only\nwhen no error was found.\n"
	    "\n"
	    "options:\n"
	    "  -p, --profile=NAME|PATH  a shipped profile by name (see "
	    "--list-profiles) or\n"
	    "                           a profile file "
	    "(urn:eitirep:profile:1)\n"
	    "  -s, --set=NAME=VALUE     a parameter of the profile "
	    "(repeatable)\n"
	    "  -o, --output=OUT.xml     write the disclosure there "
	    "(default: stdout)\n"
	    "      --list-profiles      list the shipped profiles and exit\n"
	    "  -q, --quiet              print errors only\n"
	    "  -v, --verbose            say what was written\n"
	    "  -h, --help               show this help (with --profile: "
	    "its parameters)\n"
	    "\n"
	    "The profile language is described in eitirep-profile(5).\n"
	    "\n"
	    "Exit status: 0 written, 1 invalid table or profile, 2 usage "
	    "error (unknown\nprofile or parameter, a required parameter "
	    "missing), 4 output or read error.\n");
}

/* The shipped profiles' names (without .xml), sorted; *n gets the
 * count. */
static char **
shipped(size_t *n)
{
	char *dir = eiti_datafile("profiles");
	DIR *d = opendir(dir);
	struct dirent *e;
	char **v = NULL;
	size_t cap = 0, i, j;

	*n = 0;
	while (d != NULL && (e = readdir(d)) != NULL) {
		size_t len = strlen(e->d_name);

		if (len < 5 || strcmp(e->d_name + len - 4, ".xml") != 0)
			continue;
		if (*n == cap) {
			cap = cap ? 2 * cap : 16;
			v = eiti_xrealloc(v, cap * sizeof(*v));
		}
		v[(*n)++] = eiti_xstrndup(e->d_name, len - 4);
	}
	if (d != NULL)
		closedir(d);
	free(dir);
	for (i = 1; i < *n; i++)
		for (j = i; j > 0 && strcmp(v[j - 1], v[j]) > 0; j--) {
			char *t = v[j];

			v[j] = v[j - 1];
			v[j - 1] = t;
		}
	return v;
}

static void
free_names(char **v, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		free(v[i]);
	free(v);
}

/* Load the profile ref (name or path).  Returns 0 with *out set, or an
 * exit status (findings or the error printed). */
static int
load_profile(struct eiti_profile **out, const char *ref, bool quiet)
{
	struct eiti_err err = EITI_ERR_INIT;
	struct eiti_diags diags;
	char *path = eiti_profile_locate(ref, NULL);
	struct stat st;
	int rc;

	*out = NULL;
	if (eiti_profile_is_name(ref) &&
	    (stat(path, &st) != 0 || !S_ISREG(st.st_mode))) {
		struct eiti_suggest sg;
		size_t n, i;
		char **names = shipped(&n), list[400];

		eiti_suggest_init(&sg, ref);
		for (i = 0; i < n; i++)
			eiti_suggest_offer(&sg, names[i]);
		eiti_suggest_list(&sg, list, sizeof(list));
		eiti_suggest_free(&sg);
		free_names(names, n);
		free(path);
		return eiti_cli_usage_error("import", USAGE,
		    "no shipped profile is named '%s'%s%s (a path to a "
		    "profile file needs a '/' or '.xml')",
		    ref, list[0] ? "; did you mean " : "", list);
	}
	eiti_diags_init(&diags);
	rc = eiti_profile_load(out, path, &diags, &err);
	if (rc != 0 || !quiet)
		eiti_diags_print_text(&diags, stderr);
	eiti_diags_free(&diags);
	free(path);
	if (rc < 0)
		return eiti_cli_fail(&err, EITI_EXIT_IO);
	if (rc > 0) {
		fprintf(
		    stderr, "eitirep: import: profile %s is not valid\n", ref);
		return EITI_EXIT_INVALID;
	}
	return 0;
}

static void
profile_help(const struct eiti_profile *p, const char *ref, FILE *fp)
{
	size_t i;

	fprintf(fp, "\nprofile %s", ref);
	if (p->description != NULL && p->description[0] != '\0')
		fprintf(fp, ":\n  %s", p->description);
	fprintf(fp, "\n\nparameters (--set NAME=VALUE):\n");
	if (p->nparams == 0)
		fprintf(fp, "  (none)\n");
	for (i = 0; i < p->nparams; i++) {
		const struct eiti_pparam *q = &p->params[i];

		fprintf(fp, "  %s", q->name);
		if (q->values != NULL)
			fprintf(fp, "=%s", q->values);
		if (q->def != NULL)
			fprintf(fp, " (default %s)", q->def);
		else
			fprintf(fp, " (required)");
		fprintf(fp, "\n      %s\n", q->description);
	}
}

static int
list_profiles(void)
{
	size_t n, i;
	char **names = shipped(&n);

	for (i = 0; i < n; i++) {
		struct eiti_profile *p = NULL;
		struct eiti_err err = EITI_ERR_INIT;
		struct eiti_diags diags;
		char *path = eiti_profile_locate(names[i], NULL);

		eiti_diags_init(&diags);
		if (eiti_profile_load(&p, path, &diags, &err) == 0)
			printf("%-16s %s\n", names[i],
			    p->description != NULL ? p->description : "");
		else
			printf("%-16s (not a valid profile)\n", names[i]);
		eiti_profile_free(p);
		eiti_diags_free(&diags);
		free(path);
	}
	free_names(names, n);
	return EITI_EXIT_OK;
}

/* Items to the rules, then to the XML writer. */
struct tee {
	struct eiti_dfeed *feed;
	struct eiti_xmlout *xml;
	struct eiti_err *err;
};

static int
tee_item(void *ud, const struct eiti_item *it)
{
	struct tee *t = ud;

	if (eiti_dfeed_item(t->feed, it) != 0)
		return -1;
	return eiti_xmlout_item(t->xml, it, t->err);
}

static int
afile_write(void *ud, const void *buf, size_t n, struct eiti_err *err)
{
	return eiti_afile_write(ud, buf, n, err);
}

static int
stdio_write(void *ud, const void *buf, size_t n, struct eiti_err *err)
{
	if (fwrite(buf, 1, n, ud) != n)
		return eiti_err_set(err, EITI_ERR_IO,
		    "import: cannot write to stdout: %s", strerror(errno));
	return 0;
}

static const char *
base_name(const char *path)
{
	const char *s = strrchr(path, '/');

	return s != NULL ? s + 1 : path;
}

int
eiti_cmd_import(int argc, char **argv)
{
	enum { OPT_LIST = 256 };
	static const struct option longopts[] = {
	    {"profile", required_argument, NULL, 'p'},
	    {"set", required_argument, NULL, 's'},
	    {"output", required_argument, NULL, 'o'},
	    {"list-profiles", no_argument, NULL, OPT_LIST},
	    {"quiet", no_argument, NULL, 'q'},
	    {"verbose", no_argument, NULL, 'v'},
	    {"help", no_argument, NULL, 'h'},
	    {NULL, 0, NULL, 0},
	};
	struct eiti_err err = EITI_ERR_INIT;
	struct eiti_diags diags;
	struct eiti_profile *prof = NULL;
	struct eiti_import *im = NULL;
	struct eiti_dfeed *feed = NULL;
	struct eiti_xmlout *xml = NULL;
	struct eiti_afile *af = NULL;
	struct eiti_import_param *params = NULL;
	struct eiti_item_sink sink;
	struct tee tee;
	const char *profile = NULL, *output = NULL, *input;
	bool quiet = false, want_help = false;
	size_t nparams = 0, i;
	char *comment = NULL, *summary = NULL;
	int c, rc, status = EITI_EXIT_IO;

	opterr = 0;
	optind = 1;
	params = eiti_xcalloc((size_t)argc + 1, sizeof(*params));
	while (
	    (c = getopt_long(argc, argv, ":p:s:o:qvh", longopts, NULL)) != -1) {
		switch (c) {
		case 'p':
			profile = optarg;
			break;
		case 's': {
			char *eq = strchr(optarg, '=');

			if (eq == NULL || eq == optarg) {
				free(params);
				return eiti_cli_usage_error("import", USAGE,
				    "--set needs NAME=VALUE, not '%s'", optarg);
			}
			*eq = '\0';
			for (i = 0; i < nparams; i++)
				if (strcmp(params[i].name, optarg) == 0)
					break;
			if (i < nparams) {
				free(params);
				return eiti_cli_usage_error("import", USAGE,
				    "parameter '%s' is set twice", optarg);
			}
			params[nparams].name = optarg;
			params[nparams].value = eq + 1;
			nparams++;
			break;
		}
		case 'o':
			output = optarg;
			break;
		case OPT_LIST:
			free(params);
			eiti_xml_init();
			rc = list_profiles();
			eiti_xml_cleanup();
			return rc;
		case 'q':
			quiet = true;
			eiti_cli_verbosity = -1;
			break;
		case 'v':
			eiti_cli_verbosity = 1;
			break;
		case 'h':
			want_help = true;
			break;
		default:
			free(params);
			return eiti_cli_bad_option("import", USAGE, c, argv);
		}
	}
	eiti_xml_init();
	eiti_diags_init(&diags);
	if (want_help) {
		help(stdout);
		status = EITI_EXIT_OK;
		if (profile != NULL) {
			status = load_profile(&prof, profile, true);
			if (status == 0)
				profile_help(prof, profile, stdout);
		}
		goto out;
	}
	if (profile == NULL) {
		status = eiti_cli_usage_error(
		    "import", USAGE, "no profile: give --profile NAME|PATH");
		goto out;
	}
	if (optind != argc - 1) {
		status = eiti_cli_usage_error("import", USAGE,
		    optind == argc ? "no table given" : "one table only");
		goto out;
	}
	if (output != NULL && output[0] == '\0') {
		status = eiti_cli_usage_error("import", USAGE, "empty output");
		goto out;
	}
	input = argv[optind];
	if ((status = load_profile(&prof, profile, quiet)) != 0)
		goto out;

	rc = eiti_import_open(
	    &im, prof, input, input, params, nparams, &diags, &err);
	if (rc < 0) {
		status =
		    err.kind == EITI_ERR_CONFIG
			? eiti_cli_usage_error("import", USAGE, "%s",
			      strncmp(err.msg, "import: ", 8) == 0 ? err.msg + 8
								   : err.msg)
			: eiti_cli_fail(&err, EITI_EXIT_IO);
		goto out;
	}
	if (rc > 0) {
		eiti_diags_print_text(&diags, stderr);
		fprintf(stderr, "eitirep: import: %s: not imported\n", input);
		status = EITI_EXIT_INVALID;
		goto out;
	}

	if (output != NULL && eiti_afile_open(&af, output, &err) != 0) {
		status = eiti_cli_fail(&err, EITI_EXIT_IO);
		goto out;
	}
	comment = eiti_xasprintf("imported by eitirep from %s with profile "
				 "%s (sha256 %s)",
	    base_name(input), profile, prof->sha256);
	xml = af != NULL ? eiti_xmlout_new(afile_write, af, comment)
			 : eiti_xmlout_new(stdio_write, stdout, comment);
	eiti_dfeed_new(
	    &feed, eiti_import_locator(im), NULL, NULL, &diags, &err);
	tee.feed = feed;
	tee.xml = xml;
	tee.err = &err;
	sink.ud = &tee;
	sink.item = tee_item;
	if (eiti_import_run(im, &sink, &diags, &err) != 0 ||
	    eiti_dfeed_finish(feed) != 0) {
		eiti_diags_print_text(&diags, stderr);
		status = eiti_cli_fail(&err, EITI_EXIT_IO);
		goto out;
	}
	if (diags.errors > 0 || !quiet)
		eiti_diags_print_text(&diags, stderr);
	summary = eiti_import_summary(im);
	if (!quiet || diags.errors > 0)
		fprintf(stderr, "eitirep: import: %s: %s\n", input, summary);
	if (diags.errors > 0) {
		fprintf(stderr,
		    "eitirep: import: %s: %zu error%s, %zu warning%s; "
		    "nothing written\n",
		    input, diags.errors, diags.errors == 1 ? "" : "s",
		    diags.warnings, diags.warnings == 1 ? "" : "s");
		status = EITI_EXIT_INVALID;
		goto out;
	}
	/* Only now, with no error found, is the disclosure written. */
	if (eiti_xmlout_finish(xml, &err) != 0) {
		status = eiti_cli_fail(&err, EITI_EXIT_IO);
		goto out;
	}
	if (af != NULL) {
		rc = eiti_afile_commit(af, &err);
		af = NULL;
		if (rc != 0) {
			status = eiti_cli_fail(&err, EITI_EXIT_IO);
			goto out;
		}
		eiti_cli_log(1, "import: wrote %s", output);
	} else if (fflush(stdout) != 0) {
		eiti_err_set(&err, EITI_ERR_IO,
		    "import: cannot write to stdout: %s", strerror(errno));
		status = eiti_cli_fail(&err, EITI_EXIT_IO);
		goto out;
	}
	status = EITI_EXIT_OK;
out:
	eiti_afile_abort(af);
	eiti_xmlout_free(xml);
	eiti_dfeed_free(feed);
	eiti_import_free(im);
	eiti_profile_free(prof);
	eiti_diags_free(&diags);
	free(comment);
	free(summary);
	free(params);
	eiti_xml_cleanup();
	return status;
}
