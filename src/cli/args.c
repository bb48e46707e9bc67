/*
 * args.c - the one option parser of every command.
 *
 * getopt_long's arrays are built from the command's description (struct
 * eiti_cli_cmd): its option groups plus the parser's own -q/--quiet,
 * -v/--verbose and -h/--help.  Options and operands may come in any
 * order (GNU argument permutation; "--" ends the options), a long option
 * may be abbreviated to a unique prefix, and every usage error has one
 * shape (eiti_cli_usage_error).
 */
#include "config.h"

#include <getopt.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"

size_t
eiti_cli_opts_of(
    const struct eiti_cli_cmd *cmd, struct eiti_cli_opt *out, size_t cap)
{
	size_t n = 0, g, i;

	for (g = 0; g < EITI_CLI_MAX_GROUPS && cmd->opts[g] != NULL; g++)
		for (i = 0; cmd->opts[g][i].name != NULL && n < cap; i++)
			out[n++] = cmd->opts[g][i];
	if (cmd->quiet != NULL && n < cap)
		out[n++] =
		    (struct eiti_cli_opt){'q', "quiet", NULL, cmd->quiet};
	if (cmd->verbose != NULL && n < cap)
		out[n++] =
		    (struct eiti_cli_opt){'v', "verbose", NULL, cmd->verbose};
	if (n < cap)
		out[n++] = (struct eiti_cli_opt){
		    'h', "help", NULL, "show the help and exit"};
	return n;
}

int
eiti_cli_usage_error(const struct eiti_cli_cmd *cmd, const char *fmt, ...)
{
	va_list ap;

	fputs("eitirep: ", stderr);
	if (cmd != NULL)
		fprintf(stderr, "%s: ", cmd->name);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	eiti_cli_usage(cmd, stderr);
	fprintf(stderr, "Try 'eitirep %s%s--help'.\n",
	    cmd != NULL ? cmd->name : "", cmd != NULL ? " " : "");
	return EITI_EXIT_USAGE;
}

/*
 * The usage error for what getopt_long returned as c: ':' for an option
 * without its argument, '?' for anything it did not accept.  The option
 * is named as it was written (up to an '='), or by its letter.
 */
static int
bad_option(const struct eiti_cli_cmd *cmd, int c, char **argv,
    const struct option *longopts)
{
	const char *text = optind > 0 ? argv[optind - 1] : "";
	size_t len, i, prefixes = 0;
	const struct option *match = NULL;

	if (strncmp(text, "--", 2) != 0) {
		if (c == ':')
			return eiti_cli_usage_error(
			    cmd, "option '-%c' needs an argument", optopt);
		return eiti_cli_usage_error(
		    cmd, "unknown option '-%c'", optopt);
	}
	len = strcspn(text + 2, "=");
	for (i = 0; longopts[i].name != NULL; i++) {
		if (strncmp(longopts[i].name, text + 2, len) != 0)
			continue;
		if (longopts[i].name[len] == '\0') {
			match = &longopts[i];
			prefixes = 1;
			break;
		}
		match = &longopts[i];
		prefixes++;
	}
	if (prefixes > 1)
		return eiti_cli_usage_error(
		    cmd, "ambiguous option '%.*s'", (int)len + 2, text);
	if (match == NULL)
		return eiti_cli_usage_error(
		    cmd, "unknown option '%.*s'", (int)len + 2, text);
	if (c == ':')
		return eiti_cli_usage_error(
		    cmd, "option '--%s' needs an argument", match->name);
	return eiti_cli_usage_error(
	    cmd, "option '--%s' takes no argument", match->name);
}

int
eiti_cli_dispatch(const struct eiti_cli_cmd *cmd, int argc, char **argv)
{
	struct eiti_cli_opt all[EITI_CLI_MAX_OPTS];
	struct option longopts[EITI_CLI_MAX_OPTS + 1];
	char shortopts[2 * EITI_CLI_MAX_OPTS + 2];
	struct eiti_cli_args a;
	size_t n, i, k = 0;
	int c, status;

	n = eiti_cli_opts_of(cmd, all, EITI_CLI_MAX_OPTS);
	/* ':' first: a missing argument is told from an unknown option */
	shortopts[k++] = ':';
	for (i = 0; i < n; i++) {
		longopts[i].name = all[i].name;
		longopts[i].has_arg =
		    all[i].arg != NULL ? required_argument : no_argument;
		longopts[i].flag = NULL;
		longopts[i].val = all[i].id;
		if (all[i].id < 256) {
			shortopts[k++] = (char)all[i].id;
			if (all[i].arg != NULL)
				shortopts[k++] = ':';
		}
	}
	memset(&longopts[n], 0, sizeof(longopts[n]));
	shortopts[k] = '\0';

	memset(&a, 0, sizeof(a));
	a.cmd = cmd;
	a.opt = eiti_xcalloc((size_t)argc + 1, sizeof(*a.opt));
	opterr = 0;
	optind = 0; /* start afresh, permutation state included */
	while ((c = getopt_long(argc, argv, shortopts, longopts, NULL)) != -1) {
		switch (c) {
		case 'h':
			eiti_cli_help(cmd, stdout);
			status = fflush(stdout) == 0 && !ferror(stdout)
				     ? EITI_EXIT_OK
				     : EITI_EXIT_IO;
			goto out;
		case 'q':
			eiti_cli_verbosity = -1;
			break;
		case 'v':
			eiti_cli_verbosity = 1;
			break;
		case ':':
		case '?':
			status = bad_option(cmd, c, argv, longopts);
			goto out;
		default:
			a.opt[a.nopt].id = c;
			a.opt[a.nopt].arg = optarg;
			a.nopt++;
			break;
		}
	}
	a.argc = argc - optind;
	a.argv = argv + optind;
	if (a.argc < cmd->min_args)
		status = eiti_cli_usage_error(cmd, "missing %s", cmd->operand);
	else if (cmd->max_args >= 0 && a.argc > cmd->max_args)
		status = eiti_cli_usage_error(
		    cmd, "unexpected argument '%s'", a.argv[cmd->max_args]);
	else
		status = cmd->run(&a);
out:
	free(a.opt);
	return status;
}

const char *
eiti_cli_get(const struct eiti_cli_args *a, int id, const char *dflt)
{
	size_t i;

	for (i = a->nopt; i > 0; i--)
		if (a->opt[i - 1].id == id)
			return a->opt[i - 1].arg;
	return dflt;
}

bool
eiti_cli_has(const struct eiti_cli_args *a, int id)
{
	size_t i;

	for (i = 0; i < a->nopt; i++)
		if (a->opt[i].id == id)
			return true;
	return false;
}

const char *
eiti_cli_next(const struct eiti_cli_args *a, int id, size_t *pos)
{
	while (*pos < a->nopt) {
		const struct eiti_cli_optval *v = &a->opt[(*pos)++];

		if (v->id == id)
			return v->arg;
	}
	return NULL;
}
