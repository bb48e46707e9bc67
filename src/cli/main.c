/*
 * main.c - the eitirep command: the table of commands over the stages,
 * `eitirep help`, and what every command shares to report its outcome
 * (exit statuses, errors, plurals, logs).
 */
#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "core/afile.h"
#include "core/url.h"

int eiti_cli_verbosity = 0;

/*
 * The commands, in the order of `eitirep --help` and the man page.
 *
 * To add a command NAME: write src/cli/cmd_NAME.c with its options (an
 * array of struct eiti_cli_opt ending with {0}), its exit statuses, a
 * function `static int run(const struct eiti_cli_args *a)` that reads the
 * options with eiti_cli_get()/eiti_cli_has()/eiti_cli_next() and the
 * operands in a->argv, and the definition
 *     const struct eiti_cli_cmd eiti_cmd_NAME = {.name = "NAME", ...};
 * then declare it in cli.h and add &eiti_cmd_NAME below (and the file to
 * src/cli/local.mk).  --help, `eitirep help NAME`, usage errors and the
 * man page's SYNOPSIS and COMMANDS follow from that definition alone.
 */
const struct eiti_cli_cmd *const eiti_cli_commands[] = {
    &eiti_cmd_fetch,
    &eiti_cmd_validate,
    &eiti_cmd_reconcile,
    &eiti_cmd_render,
    &eiti_cmd_run,
    &eiti_cmd_export,
    &eiti_cmd_import,
    &eiti_cmd_verify,
    &eiti_cmd_help,
    NULL,
};

const struct eiti_cli_exit eiti_cli_exits[] = {
    {EITI_EXIT_OK, "done"},
    {EITI_EXIT_INVALID,
	"input invalid: validation errors, a currency without a rate, and "
	"so on"},
    {EITI_EXIT_USAGE, "usage error"},
    {EITI_EXIT_FETCH, "a source could not be fetched"},
    {EITI_EXIT_IO,
	"output or system error: disk full, file-size limit, permission, an "
	"unreadable input, an output directory locked by another run"},
    {EITI_EXIT_DISCREPANCY,
	"unexplained discrepancies above tolerance (with "
	"--fail-on-discrepancy only, after every output is written)"},
    {0, NULL},
};

const struct eiti_cli_cmd *
eiti_cli_command(const char *name)
{
	size_t i;

	for (i = 0; eiti_cli_commands[i] != NULL; i++)
		if (strcmp(name, eiti_cli_commands[i]->name) == 0)
			return eiti_cli_commands[i];
	return NULL;
}

/* `eitirep help [COMMAND]`: the help of eitirep or of COMMAND. */
static int
help_run(const struct eiti_cli_args *a)
{
	const struct eiti_cli_cmd *cmd = NULL;

	if (a->argc == 1 && (cmd = eiti_cli_command(a->argv[0])) == NULL)
		return eiti_cli_usage_error(
		    a->cmd, "unknown command '%s'", a->argv[0]);
	eiti_cli_help(cmd, stdout);
	return fflush(stdout) == 0 && !ferror(stdout) ? EITI_EXIT_OK
						      : EITI_EXIT_IO;
}

static const struct eiti_cli_exit help_exits[] = {
    {EITI_EXIT_OK, "help shown"},
    {EITI_EXIT_USAGE, "unknown command"},
    {0, NULL},
};

const struct eiti_cli_cmd eiti_cmd_help = {
    .name = "help",
    .summary = "show the help of eitirep or of a command",
    .usage = "[COMMAND]",
    .about = "Print the help of COMMAND, the same as 'eitirep COMMAND "
	     "--help', or without COMMAND the list of commands.",
    .operand = "COMMAND",
    .min_args = 0,
    .max_args = 1,
    .exits = help_exits,
    .run = help_run,
};

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

/* Whether msg starts with the name of a stage ("render: ..."). */
static bool
names_stage(const char *msg)
{
	static const char *const stages[] = {"fetch", "validate", "import",
	    "reconcile", "render", "export", "verify", "run", NULL};
	size_t i, n;

	for (i = 0; stages[i] != NULL; i++) {
		n = strlen(stages[i]);
		if (strncmp(msg, stages[i], n) == 0 && msg[n] == ':' &&
		    msg[n + 1] == ' ')
			return true;
	}
	return false;
}

int
eiti_cli_fail(const char *stage, const struct eiti_err *err, int fallback)
{
	if (err == NULL || err->kind == EITI_ERR_NONE)
		return fallback;
	if (names_stage(err->msg) || stage == NULL)
		fprintf(stderr, "eitirep: %s\n", err->msg);
	else
		fprintf(stderr, "eitirep: %s: %s\n", stage, err->msg);
	return eiti_cli_exit_status(err->kind);
}

const char *
eiti_cli_plural(size_t n, const char *one, const char *many)
{
	return n == 1 ? one : many;
}

void
eiti_cli_log(int level, const char *fmt, ...)
{
	va_list ap;
	char *msg = NULL;

	if (level > eiti_cli_verbosity)
		return;
	va_start(ap, fmt);
	if (vasprintf(&msg, fmt, ap) < 0)
		msg = NULL;
	va_end(ap);
	/* a log line never shows a URL's password (core/url.h) */
	fprintf(
	    stderr, "eitirep: %s\n", msg != NULL ? eiti_url_redact(msg) : fmt);
	free(msg);
}

int
main(int argc, char **argv)
{
	const struct eiti_cli_cmd *cmd;
	const char *word = argc > 1 ? argv[1] : NULL;

	if (word == NULL)
		return eiti_cli_usage_error(NULL, "missing COMMAND");
	if (strcmp(word, "--help") == 0 || strcmp(word, "-h") == 0) {
		eiti_cli_help(NULL, stdout);
		return fflush(stdout) == 0 && !ferror(stdout) ? EITI_EXIT_OK
							      : EITI_EXIT_IO;
	}
	if (strcmp(word, "--version") == 0) {
		printf("eitirep %s\n", PACKAGE_VERSION);
		return fflush(stdout) == 0 && !ferror(stdout) ? EITI_EXIT_OK
							      : EITI_EXIT_IO;
	}
	/* Not for users: the build writes man/eitirep.1 with it. */
	if (strcmp(word, "--help-man") == 0)
		return eiti_cli_man(stdin, stdout) == 0 ? EITI_EXIT_OK
							: EITI_EXIT_IO;
	if (word[0] == '-' && word[1] != '\0')
		return eiti_cli_usage_error(NULL, "unknown option '%s'", word);
	if ((cmd = eiti_cli_command(word)) == NULL)
		return eiti_cli_usage_error(NULL, "unknown command '%s'", word);
	eiti_afile_install_signal_handlers();
	return eiti_cli_dispatch(cmd, argc - 1, argv + 1);
}
