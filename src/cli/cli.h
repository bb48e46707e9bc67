/*
 * cli.h - the subcommands and what they share.  Each command parses its
 * own options (getopt_long), returns an exit status (core/err.h) and is
 * the only place that prints errors.
 */
#ifndef EITI_CLI_CLI_H
#define EITI_CLI_CLI_H

#include <stdio.h>

#include "core/diag.h"
#include "core/err.h"

int eiti_cmd_validate(int argc, char **argv);
int eiti_cmd_reconcile(int argc, char **argv);
int eiti_cmd_fetch(int argc, char **argv);
int eiti_cmd_render(int argc, char **argv);
int eiti_cmd_run(int argc, char **argv);
int eiti_cmd_export(int argc, char **argv);

/* Print "eitirep: MESSAGE" for err on stderr and return err->code (or
 * fallback when err is unset). */
int eiti_cli_fail(const struct eiti_err *err, int fallback);

/* Print a usage error for command ("eitirep CMD: MESSAGE" + usage line)
 * and return EITI_EXIT_USAGE. */
int eiti_cli_usage_error(const char *command, const char *usage,
	const char *fmt, ...) __attribute__((format(printf, 3, 4)));

/* Verbosity for stage logs: -1 quiet (errors only), 0 normal, 1 verbose. */
extern int eiti_cli_verbosity;
void eiti_cli_log(int level, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

#endif
