/*
 * cmd_import.c - `eitirep import TABLE --profile NAME|PATH
 * [--set NAME=VALUE]... [-o OUT.xml]`, `--list-profiles`, `--profile
 * NAME|PATH --list-params`
 *
 * Turns one published table (CSV, TSV, xlsx, ods) into one disclosure
 * through a profile (eitirep-profile(5)).  The items the import stage
 * makes go through the same rules as an XML disclosure (the validate
 * stage's feed), every finding located at its cell, and are written as
 * XML to OUT.xml (a temporary file renamed into place) or to stdout -
 * only when no error was found, so a bad table never produces a
 * half-right disclosure.  The import summary (rows read, items written,
 * nil cells, rows skipped by which rule, rounded amounts) ends the
 * output on stderr.
 */
#include "config.h"

#include <dirent.h>
#include <errno.h>
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

enum { OPT_LIST_PROFILES = EITI_OPT_LOCAL, OPT_LIST_PARAMS };

static const struct eiti_cli_opt opts[] = {
    {'p', "profile", "NAME|PATH",
	"the profile: one shipped with eitirep by name (see "
	"--list-profiles), or a profile file (a path with a '/' or ending "
	"in .xml)"},
    {'s', "set", "NAME=VALUE",
	"give the profile's parameter NAME the value VALUE (repeatable; "
	"--list-params lists them)"},
    {'o', "output", "OUT.xml",
	"write the disclosure to OUT.xml (default: standard output)"},
    {OPT_LIST_PROFILES, "list-profiles", NULL,
	"list the shipped profiles with their descriptions and exit"},
    {OPT_LIST_PARAMS, "list-params", NULL,
	"with --profile: list the profile's parameters (default or "
	"required, allowed values) and exit"},
    {0, NULL, NULL, NULL},
};

static const struct eiti_cli_exit exits[] = {
    {EITI_EXIT_OK, "written (or listed)"},
    {EITI_EXIT_INVALID,
	"the table, the profile or the disclosure has errors (every one "
	"located); nothing written"},
    {EITI_EXIT_USAGE,
	"usage error: an unknown profile or parameter, a value the profile "
	"does not allow, a required parameter missing"},
    {EITI_EXIT_IO,
	"the table or a map file could not be read, or the output could not "
	"be written"},
    {0, NULL},
};

/* The shipped profiles' names (without .xml), sorted; *n gets the
 * count. */
static int
cmp_names(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static char **
shipped(size_t *n)
{
	char *dir = eiti_datafile("profiles");
	DIR *d = opendir(dir);
	struct dirent *e;
	char **v = NULL;
	size_t cap = 0;

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
	if (*n > 1)
		qsort(v, *n, sizeof(*v), cmp_names);
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

/* A usage error for a profile name that no shipped profile has, with the
 * closest names. */
static int
unknown_profile(const struct eiti_cli_args *a, const char *ref)
{
	struct eiti_suggest sg;
	size_t n, i;
	char **names = shipped(&n), list[400];

	eiti_suggest_init(&sg, ref);
	for (i = 0; i < n; i++)
		eiti_suggest_offer(&sg, names[i]);
	eiti_suggest_list(&sg, list, sizeof(list));
	eiti_suggest_free(&sg);
	free_names(names, n);
	return eiti_cli_usage_error(a->cmd,
	    "no shipped profile is named '%s'%s%s (a path to a profile file "
	    "needs a '/' or '.xml')",
	    ref, list[0] ? "; did you mean " : "", list);
}

/* Load the profile ref (name or path).  Returns 0 with *out set, or an
 * exit status (findings or the error printed). */
static int
load_profile(struct eiti_profile **out, const struct eiti_cli_args *a,
    const char *ref, bool quiet)
{
	struct eiti_err err = EITI_ERR_INIT;
	struct eiti_diags diags;
	char *path = eiti_profile_locate(ref, NULL);
	struct stat st;
	int rc;

	*out = NULL;
	if (eiti_profile_is_name(ref) &&
	    (stat(path, &st) != 0 || !S_ISREG(st.st_mode))) {
		free(path);
		return unknown_profile(a, ref);
	}
	eiti_diags_init(&diags);
	rc = eiti_profile_load(out, path, &diags, &err);
	if (rc != 0 || !quiet)
		eiti_diags_print_text(&diags, stderr);
	eiti_diags_free(&diags);
	free(path);
	if (rc < 0)
		return eiti_cli_fail("import", &err, EITI_EXIT_IO);
	if (rc > 0) {
		fprintf(
		    stderr, "eitirep: import: %s: not a valid profile\n", ref);
		return EITI_EXIT_INVALID;
	}
	return 0;
}

static void
list_params(const struct eiti_profile *p, const char *ref)
{
	size_t i;

	printf("profile %s", ref);
	if (p->description != NULL && p->description[0] != '\0')
		printf(": %s", p->description);
	printf("\n");
	if (p->nparams == 0)
		printf("  (no parameters)\n");
	for (i = 0; i < p->nparams; i++) {
		const struct eiti_pparam *q = &p->params[i];

		printf("  %s", q->name);
		if (q->values != NULL)
			printf("=%s", q->values);
		if (q->def != NULL)
			printf(" (default %s)", q->def);
		else
			printf(" (required)");
		printf("\n      %s\n", q->description);
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

static void
free_params(struct eiti_import_param *v, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		free((char *)v[i].name);
	free(v);
}

/* The --set values, checked: NAME=VALUE, each NAME once.  Returns 0 with
 * *out and *n set (free_params()), or the exit status of a usage
 * error. */
static int
read_params(
    const struct eiti_cli_args *a, struct eiti_import_param **out, size_t *n)
{
	struct eiti_import_param *v = NULL;
	const char *s;
	size_t pos = 0, i;

	*out = NULL;
	*n = 0;
	while ((s = eiti_cli_next(a, 's', &pos)) != NULL) {
		const char *eq = strchr(s, '=');
		char *name;

		if (eq == NULL || eq == s) {
			free_params(v, *n);
			return eiti_cli_usage_error(
			    a->cmd, "--set needs NAME=VALUE, not '%s'", s);
		}
		name = eiti_xstrndup(s, (size_t)(eq - s));
		for (i = 0; i < *n; i++)
			if (strcmp(v[i].name, name) == 0) {
				free_params(v, *n);
				i = (size_t)eiti_cli_usage_error(a->cmd,
				    "parameter '%s' is set twice", name);
				free(name);
				return (int)i;
			}
		v = eiti_xrealloc(v, (*n + 1) * sizeof(*v));
		v[*n].name = name;
		v[*n].value = eq + 1;
		(*n)++;
	}
	*out = v;
	return 0;
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

/* One import: the table read through the profile, the items checked and
 * written. */
struct job {
	const struct eiti_cli_args *a;
	const char *input, *profile, *output;
	bool quiet;
	struct eiti_profile *prof;
	struct eiti_import *im;
	struct eiti_dfeed *feed;
	struct eiti_xmlout *xml;
	struct eiti_afile *af;
	char *comment; /* the XML comment naming table and profile */
	struct eiti_diags diags;
	struct eiti_err err;
};

/* Open the table with the parameters: 0, or an exit status. */
static int
job_open(struct job *j)
{
	struct eiti_import_param *params;
	size_t nparams;
	int rc;

	if ((rc = read_params(j->a, &params, &nparams)) != 0)
		return rc;
	rc = eiti_import_open(&j->im, j->prof, j->input, j->input, params,
	    nparams, &j->diags, &j->err);
	free_params(params, nparams);
	if (rc < 0 && j->err.kind == EITI_ERR_CONFIG)
		return eiti_cli_usage_error(j->a->cmd, "%s",
		    strncmp(j->err.msg, "import: ", 8) == 0 ? j->err.msg + 8
							    : j->err.msg);
	if (rc < 0)
		return eiti_cli_fail("import", &j->err, EITI_EXIT_IO);
	if (rc > 0) {
		eiti_diags_print_text(&j->diags, stderr);
		fprintf(
		    stderr, "eitirep: import: %s: not imported\n", j->input);
		return EITI_EXIT_INVALID;
	}
	return 0;
}

/* Read the table into the rules and the writer; print the findings and
 * the summary.  0 when the disclosure may be written, else an exit
 * status. */
static int
job_read(struct job *j)
{
	struct eiti_item_sink sink;
	struct tee tee;
	char *summary;

	if (j->output != NULL &&
	    eiti_afile_open(&j->af, j->output, &j->err) != 0)
		return eiti_cli_fail("import", &j->err, EITI_EXIT_IO);
	j->comment = eiti_xasprintf("imported by eitirep from %s with profile "
				    "%s (profile sha256 %s)",
	    base_name(j->input), j->profile, eiti_import_profile_sha256(j->im));
	j->xml = j->af != NULL
		     ? eiti_xmlout_new(afile_write, j->af, j->comment)
		     : eiti_xmlout_new(stdio_write, stdout, j->comment);
	if (eiti_dfeed_new(&j->feed, eiti_import_locator(j->im), NULL, NULL,
		&j->diags, &j->err) != 0)
		return eiti_cli_fail("import", &j->err, EITI_EXIT_IO);
	tee.feed = j->feed;
	tee.xml = j->xml;
	tee.err = &j->err;
	sink.ud = &tee;
	sink.item = tee_item;
	if (eiti_import_run(j->im, &sink, &j->diags, &j->err) != 0 ||
	    eiti_dfeed_finish(j->feed) != 0) {
		eiti_diags_print_text(&j->diags, stderr);
		return eiti_cli_fail("import", &j->err, EITI_EXIT_IO);
	}
	if (j->diags.errors > 0 || !j->quiet)
		eiti_diags_print_text(&j->diags, stderr);
	summary = eiti_import_summary(j->im);
	if (!j->quiet || j->diags.errors > 0)
		fprintf(stderr, "eitirep: import: %s: %s\n", j->input, summary);
	free(summary);
	if (j->diags.errors == 0)
		return 0;
	fprintf(stderr,
	    "eitirep: import: %s: %zu %s, %zu %s; nothing written\n", j->input,
	    j->diags.errors,
	    eiti_cli_plural(j->diags.errors, "error", "errors"),
	    j->diags.warnings,
	    eiti_cli_plural(j->diags.warnings, "warning", "warnings"));
	return EITI_EXIT_INVALID;
}

/* Only now, with no error found, is the disclosure written. */
static int
job_write(struct job *j)
{
	int rc;

	if (eiti_xmlout_finish(j->xml, &j->err) != 0)
		return eiti_cli_fail("import", &j->err, EITI_EXIT_IO);
	if (j->af != NULL) {
		rc = eiti_afile_commit(j->af, &j->err);
		j->af = NULL;
		if (rc != 0)
			return eiti_cli_fail("import", &j->err, EITI_EXIT_IO);
		eiti_cli_log(1, "import: wrote %s", j->output);
	} else if (fflush(stdout) != 0) {
		eiti_err_set(&j->err, EITI_ERR_IO,
		    "import: cannot write to stdout: %s", strerror(errno));
		return eiti_cli_fail("import", &j->err, EITI_EXIT_IO);
	}
	return EITI_EXIT_OK;
}

/* The usage errors of the options alone (before anything is read). */
static int
check_usage(const struct eiti_cli_args *a, const char *profile)
{
	bool list = eiti_cli_has(a, OPT_LIST_PROFILES);
	bool params = eiti_cli_has(a, OPT_LIST_PARAMS);
	const char *output = eiti_cli_get(a, 'o', NULL);

	if (list && (params || profile != NULL || a->argc > 0))
		return eiti_cli_usage_error(
		    a->cmd, "--list-profiles takes no table and no profile");
	if (list)
		return 0;
	if (profile == NULL)
		return eiti_cli_usage_error(
		    a->cmd, "no profile: give --profile NAME|PATH");
	if (params && a->argc > 0)
		return eiti_cli_usage_error(
		    a->cmd, "--list-params takes no table");
	if (params)
		return 0;
	if (a->argc == 0)
		return eiti_cli_usage_error(a->cmd, "missing TABLE");
	if (output != NULL && output[0] == '\0')
		return eiti_cli_usage_error(a->cmd, "empty output");
	return 0;
}

static int
run(const struct eiti_cli_args *a)
{
	struct job j;
	int status;

	memset(&j, 0, sizeof(j));
	j.a = a;
	j.err = (struct eiti_err)EITI_ERR_INIT;
	j.profile = eiti_cli_get(a, 'p', NULL);
	j.output = eiti_cli_get(a, 'o', NULL);
	j.input = a->argc > 0 ? a->argv[0] : NULL;
	j.quiet = eiti_cli_verbosity < 0;
	if ((status = check_usage(a, j.profile)) != 0)
		return status;
	eiti_xml_init();
	eiti_diags_init(&j.diags);
	/* the stream codes and the schemas, the profile's among them */
	if (eiti_validate_load(&j.err) != 0) {
		status = eiti_cli_fail("import", &j.err, EITI_EXIT_IO);
		goto out;
	}
	if (eiti_cli_has(a, OPT_LIST_PROFILES)) {
		status = list_profiles();
		goto out;
	}
	status = load_profile(
	    &j.prof, a, j.profile, j.quiet || eiti_cli_has(a, OPT_LIST_PARAMS));
	if (status == 0 && eiti_cli_has(a, OPT_LIST_PARAMS))
		list_params(j.prof, j.profile);
	else if (status == 0 && (status = job_open(&j)) == 0 &&
		 (status = job_read(&j)) == 0)
		status = job_write(&j);
out:
	eiti_afile_abort(j.af);
	eiti_xmlout_free(j.xml);
	eiti_dfeed_free(j.feed);
	eiti_import_free(j.im);
	eiti_profile_free(j.prof);
	eiti_diags_free(&j.diags);
	free(j.comment);
	eiti_xml_cleanup();
	return status;
}

const struct eiti_cli_cmd eiti_cmd_import = {
    .name = "import",
    .summary = "turn a published table (CSV, xlsx, ods) into a disclosure",
    .usage = "TABLE --profile NAME|PATH [--set NAME=VALUE]... [-o OUT.xml] "
	     "[-q|-v]",
    .about =
	"Turn one published table (CSV, TSV, xlsx or ods, recognised by its "
	"content) into one disclosure, as the profile says: which rows and "
	"columns hold what, number formats, nil markers, mapping tables.  "
	"Profiles for common published layouts ship with eitirep and are "
	"named without a path; the profile language is described in "
	"eitirep-profile(5).  The disclosure is checked by the same rules "
	"as an XML disclosure, every finding naming its cell "
	"(TABLE:LINE:FIELD for delimited text, TABLE:SHEET!A1 for "
	"workbooks), and it is written only when no error was found; the "
	"import summary (rows read, payments written, nil cells, rows "
	"skipped by which rule) follows the findings.\n\n"
	"'eitirep import --list-profiles' lists the shipped profiles and "
	"'eitirep import --profile NAME --list-params' the parameters of "
	"one.  A manifest's source may name a table directly (profile= and "
	"<param> children, eitirep-manifest(5)): reconcile and run then "
	"import it on the way.",
    .opts = {opts},
    .quiet = "print errors only: no warnings, no summary",
    .verbose = "also say what was written",
    .operand = "TABLE",
    .min_args = 0,
    .max_args = 1,
    .exits = exits,
    .run = run,
};
