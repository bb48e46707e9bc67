/*
 * main.c - the eitirep command: a table of subcommands over the stages.
 */
#include "config.h"

#include <getopt.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "core/afile.h"

int eiti_cli_verbosity = 0;

static const struct command {
	const char *name;
	int (*fn)(int, char **);
	const char *summary;
} commands[] = {
    {"fetch", eiti_cmd_fetch,
	"download every source of a manifest into the cache"},
    {"validate", eiti_cmd_validate,
	"validate disclosures, manifests or adjustment files"},
    {"reconcile", eiti_cmd_reconcile,
	"reconcile company against government figures"},
    {"render", eiti_cmd_render, "render the PDF report from results.xml"},
    {"run", eiti_cmd_run,
	"fetch, validate, reconcile and render: the scheduled job"},
    {"export", eiti_cmd_export,
	"write the EITI Summary Data Template or open-data CSV"},
    {"import", eiti_cmd_import,
	"turn a published table (CSV, xlsx, ods) into a disclosure"},
};

static void
usage(FILE *fp)
{
	size_t i;

	fprintf(fp, "usage: eitirep COMMAND [OPTION]... [ARG]...\n"
		    "       eitirep --help | --version\n\ncommands:\n");
	for (i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
		fprintf(
		    fp, "  %-10s %s\n", commands[i].name, commands[i].summary);
	fprintf(fp,
	    "\nRun 'eitirep COMMAND --help' for the options of a "
	    "command.  Exit status: 0 done, 1 invalid input,\n"
	    "2 usage, 3 fetch failed, 4 output or system error, "
	    "5 unexplained discrepancies\n(with --fail-on-discrepancy).\n");
}

int
eiti_cli_exit_status(enum eiti_err_kind kind)
{
	switch (kind) {
	case EITI_ERR_NONE:
		return EITI_EXIT_OK;
	case EITI_ERR_INVALID:
		return EITI_EXIT_INVALID;
	case EITI_ERR_FETCH:
		return EITI_EXIT_FETCH;
	case EITI_ERR_CONFIG:
		return EITI_EXIT_USAGE;
	case EITI_ERR_IO:
		break;
	}
	return EITI_EXIT_IO;
}

int
eiti_cli_fail(const struct eiti_err *err, int fallback)
{
	if (err != NULL && err->kind != EITI_ERR_NONE) {
		fprintf(stderr, "eitirep: %s\n", err->msg);
		return eiti_cli_exit_status(err->kind);
	}
	return fallback;
}

int
eiti_cli_usage_error(
    const char *command, const char *usage_line, const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "eitirep %s: ", command);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, "\nusage: %s\nTry 'eitirep %s --help'.\n", usage_line,
	    command);
	return EITI_EXIT_USAGE;
}

int
eiti_cli_bad_option(
    const char *command, const char *usage_line, int c, char **argv)
{
	const char *arg = optind > 0 ? argv[optind - 1] : "";

	if (c == ':')
		return eiti_cli_usage_error(
		    command, usage_line, "option '%s' needs an argument", arg);
	if (optopt != 0 && optopt < 256 && strncmp(arg, "--", 2) != 0)
		return eiti_cli_usage_error(
		    command, usage_line, "unknown option '-%c'", optopt);
	return eiti_cli_usage_error(
	    command, usage_line, "unknown option '%s'", arg);
}

void
eiti_cli_log(int level, const char *fmt, ...)
{
	va_list ap;

	if (level > eiti_cli_verbosity)
		return;
	fputs("eitirep: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

int
main(int argc, char **argv)
{
	size_t i;

	if (argc < 2) {
		usage(stderr);
		return EITI_EXIT_USAGE;
	}
	if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0) {
		usage(stdout);
		return EITI_EXIT_OK;
	}
	if (strcmp(argv[1], "--version") == 0) {
		printf("eitirep %s\n", PACKAGE_VERSION);
		return EITI_EXIT_OK;
	}
	eiti_afile_install_signal_handlers();
	for (i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
		if (strcmp(argv[1], commands[i].name) == 0)
			return commands[i].fn(argc - 1, argv + 1);
	fprintf(stderr, "eitirep: unknown command '%s'\n", argv[1]);
	usage(stderr);
	return EITI_EXIT_USAGE;
}
