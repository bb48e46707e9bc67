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

/* Exit status of every command (SPEC section 2). */
enum eiti_exit {
	EITI_EXIT_OK = 0,
	EITI_EXIT_INVALID = 1,	   /* input invalid */
	EITI_EXIT_USAGE = 2,	   /* usage error */
	EITI_EXIT_FETCH = 3,	   /* fetch failed */
	EITI_EXIT_IO = 4,	   /* output or system error */
	EITI_EXIT_DISCREPANCY = 5, /* --fail-on-discrepancy and one was found */
};

/* The exit status for an error kind: the one place kinds become statuses. */
int eiti_cli_exit_status(enum eiti_err_kind kind);

int eiti_cmd_validate(int argc, char **argv);
int eiti_cmd_reconcile(int argc, char **argv);
int eiti_cmd_fetch(int argc, char **argv);
int eiti_cmd_render(int argc, char **argv);
int eiti_cmd_run(int argc, char **argv);
int eiti_cmd_export(int argc, char **argv);
int eiti_cmd_import(int argc, char **argv);

struct eiti_fetch_opts;
struct eiti_manifest;

/* The fetch options shared by `fetch` and `run` (short codes 's' max-size,
 * 't' timeout, 'a' cacert, 'j' jobs): 1 handled, 0 not a fetch option,
 * else a usage error status (already printed). */
int eiti_cli_fetch_option(int c, const char *arg, struct eiti_fetch_opts *o,
    const char *command, const char *usage);

/* Fetch every source of m into the cache, print a summary line per
 * source (successes only at verbosity >= ok_level), return 0,
 * EITI_EXIT_FETCH or EITI_EXIT_IO (cmd_fetch.c). */
int eiti_cli_fetch_manifest(const struct eiti_manifest *m,
    struct eiti_fetch_opts *o, int ok_level, struct eiti_err *err);

/* Print "eitirep: MESSAGE" for err on stderr and return the exit status of
 * its kind (or
 * fallback when err is unset). */
int eiti_cli_fail(const struct eiti_err *err, int fallback);

/* Print a usage error for command ("eitirep CMD: MESSAGE" + usage line)
 * and return EITI_EXIT_USAGE. */
int eiti_cli_usage_error(const char *command, const char *usage,
    const char *fmt, ...) __attribute__((format(printf, 3, 4)));

/* The usage error for what getopt_long returned as c: ':' (an option
 * without its argument) or anything unknown.  Returns EITI_EXIT_USAGE. */
int eiti_cli_bad_option(
    const char *command, const char *usage, int c, char **argv);

/* Verbosity for stage logs: -1 quiet (errors only), 0 normal, 1 verbose. */
extern int eiti_cli_verbosity;
void eiti_cli_log(int level, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

#endif
