/*
 * cli.h - the command line: one table of commands, one option parser.
 *
 * Every command is described once, by a struct eiti_cli_cmd (name,
 * summary, usage, options, operand count, exit statuses, function), in
 * its own cmd_NAME.c; main.c lists them.  One parser (args.c) builds the
 * getopt_long arrays from the description, owns -h/--help, -q/--quiet,
 * -v/--verbose and the operand count, and words every usage error the
 * same way; `--help`, `eitirep help COMMAND` and the man page (help.c)
 * are all written from the same description, so they cannot drift.
 * A command's function receives the parsed options (struct
 * eiti_cli_args), runs its pipeline and returns an exit status; it is the
 * only place that prints errors.
 */
#ifndef EITI_CLI_CLI_H
#define EITI_CLI_CLI_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "core/diag.h"
#include "core/err.h"

/* Exit status of every command (eitirep(1), EXIT STATUS). */
enum eiti_exit {
	EITI_EXIT_OK = 0,
	EITI_EXIT_INVALID = 1,	   /* input invalid */
	EITI_EXIT_USAGE = 2,	   /* usage error */
	EITI_EXIT_FETCH = 3,	   /* fetch failed */
	EITI_EXIT_IO = 4,	   /* output or system error */
	EITI_EXIT_DISCREPANCY = 5, /* --fail-on-discrepancy and one was found */
};

/*
 * The ids of the options that have no short letter.  An option with a
 * short letter is identified by that letter ('o' for -o/--output); 'h',
 * 'q' and 'v' belong to the parser.  The options shared by several
 * commands have an id here; a command numbers its own long-only options
 * from EITI_OPT_LOCAL.
 */
enum eiti_opt_id {
	EITI_OPT_CACHE = 256,
	EITI_OPT_MAX_SIZE,
	EITI_OPT_TIMEOUT,
	EITI_OPT_CACERT,
	EITI_OPT_JOBS,
	EITI_OPT_FAIL_ON_DISCREPANCY,
	EITI_OPT_FORMAT, /* reconcile, run: --format=text|json */
	EITI_OPT_LOCAL = 512,
};

/*
 * One option.  help is a phrase, lower case, no final period; the help
 * printer and the man page writer wrap it.  An array of options ends with
 * an entry whose name is NULL.
 */
struct eiti_cli_opt {
	int id;		  /* short letter, or an enum eiti_opt_id */
	const char *name; /* long name, without "--" */
	const char *arg;  /* name of its argument ("DIR"); NULL: a flag */
	const char *help;
};

/* One exit status a command returns and what it means there.  An array
 * ends with an entry whose meaning is NULL. */
struct eiti_cli_exit {
	int status;
	const char *meaning;
};

struct eiti_cli_args;

#define EITI_CLI_MAX_GROUPS 4
/* More options than any command has, -q, -v and -h included: the
 * parser's and the help's arrays live on the stack. */
#define EITI_CLI_MAX_OPTS 64

/*
 * A command.  text paragraphs (about, notes) are separated by a blank
 * line ("\n\n") and wrapped by the printers.
 */
struct eiti_cli_cmd {
	const char *name;
	const char *summary; /* one line, for `eitirep --help` */
	const char *usage;   /* what follows "eitirep NAME " */
	const char *about;   /* what the command does */
	/* its options, in the order of --help: its own array first, then
	 * groups shared with other commands (eiti_cli_cache_opts, ...) */
	const struct eiti_cli_opt *opts[EITI_CLI_MAX_GROUPS];
	const char *quiet;   /* help of -q/--quiet; NULL: not accepted */
	const char *verbose; /* help of -v/--verbose; NULL: not accepted */
	const char *operand; /* what a missing operand is called */
	int min_args;	     /* operands after the options */
	int max_args;	     /* -1: no limit */
	const char *notes;   /* after the options (environment); or NULL */
	const struct eiti_cli_exit *exits;
	int (*run)(const struct eiti_cli_args *a);
};

/* One option as given on the command line. */
struct eiti_cli_optval {
	int id;
	const char *arg; /* NULL for a flag */
};

/* What the parser hands a command: its operands and every option given,
 * in command-line order (read them with eiti_cli_get and friends). */
struct eiti_cli_args {
	const struct eiti_cli_cmd *cmd;
	int argc; /* operands */
	char **argv;
	size_t nopt;
	struct eiti_cli_optval *opt;
};

/* The commands (cmd_NAME.c) and the table of them (main.c). */
extern const struct eiti_cli_cmd eiti_cmd_fetch, eiti_cmd_validate,
    eiti_cmd_reconcile, eiti_cmd_render, eiti_cmd_run, eiti_cmd_export,
    eiti_cmd_import, eiti_cmd_verify, eiti_cmd_help;
extern const struct eiti_cli_cmd *const eiti_cli_commands[];
/* The command called name, or NULL. */
const struct eiti_cli_cmd *eiti_cli_command(const char *name);
/* The exit statuses of the program as a whole (eitirep --help, man). */
extern const struct eiti_cli_exit eiti_cli_exits[];

/* Option groups shared by several commands, each declared once:
 * --cache (fetch, reconcile, run), the transfer options --max-size,
 * --timeout, --cacert, --jobs (fetch, run; reconcile has its own --jobs)
 * and --fail-on-discrepancy and --format (reconcile, run). */
extern const struct eiti_cli_opt eiti_cli_cache_opts[];
extern const struct eiti_cli_opt eiti_cli_fetch_opts[];
extern const struct eiti_cli_opt eiti_cli_fail_opts[];

/*
 * Parse argv (argv[0] the command's name) against cmd and run it: prints
 * the help for -h/--help, sets eiti_cli_verbosity from -q/-v, checks the
 * operand count, and reports a bad option or count as a usage error.
 * Returns the exit status.
 */
int eiti_cli_dispatch(const struct eiti_cli_cmd *cmd, int argc, char **argv);

/* The last value of option id, or dflt when it was not given. */
const char *eiti_cli_get(
    const struct eiti_cli_args *a, int id, const char *dflt);
/* Whether option id was given. */
bool eiti_cli_has(const struct eiti_cli_args *a, int id);
/* The values of a repeatable option in order: start with *pos = 0; NULL
 * after the last. */
const char *eiti_cli_next(const struct eiti_cli_args *a, int id, size_t *pos);

/*
 * Print a usage error of cmd (NULL: of eitirep itself) on stderr, in the
 * one shape every usage error has:
 *   eitirep: COMMAND: MESSAGE
 *   Usage: eitirep COMMAND USAGE
 *   Try 'eitirep COMMAND --help'.
 * and return EITI_EXIT_USAGE.
 */
int eiti_cli_usage_error(const struct eiti_cli_cmd *cmd, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* Write the help of cmd (NULL: of eitirep) to fp (help.c). */
void eiti_cli_help(const struct eiti_cli_cmd *cmd, FILE *fp);
/* Write the usage line of cmd (NULL: of eitirep) to fp, "Usage: ..."
 * wrapped to 80 columns (help.c). */
void eiti_cli_usage(const struct eiti_cli_cmd *cmd, FILE *fp);
/* Every option cmd accepts, in the order of its help: its groups, then
 * -q, -v (when it accepts them) and -h.  At most cap; returns how many
 * (args.c). */
size_t eiti_cli_opts_of(
    const struct eiti_cli_cmd *cmd, struct eiti_cli_opt *out, size_t cap);

/*
 * Copy the man page source in to out, replacing the lines @SYNOPSIS@,
 * @COMMANDS@, @OPTIONS@ and @EXIT_STATUS@ with roff written from the
 * command table (help.c; `eitirep --help-man`, used by the build).
 * Returns 0, or -1 on a read or write error.
 */
int eiti_cli_man(FILE *in, FILE *out);

/* The exit status for an error kind: the one place kinds become statuses. */
int eiti_cli_exit_status(enum eiti_err_kind kind);

/*
 * Print err on stderr as "eitirep: STAGE: OBJECT: MESSAGE" and return the
 * exit status of its kind (fallback when err is unset).  Stages name
 * themselves at the start of their messages; a message from core (an
 * output file, the cache) that names no stage gets stage, the stage the
 * caller was running.
 */
int eiti_cli_fail(const char *stage, const struct eiti_err *err, int fallback);

/* n's noun in English: one when n is 1, else many ("1 error", "2
 * errors"; "0 warnings"). */
const char *eiti_cli_plural(size_t n, const char *one, const char *many);

/* Verbosity for stage logs: -1 quiet (errors only), 0 normal, 1 verbose
 * (set by the parser from -q and -v, the last one given winning). */
extern int eiti_cli_verbosity;
/* "eitirep: MESSAGE" on stderr when level <= eiti_cli_verbosity; the
 * message starts with its stage ("render: wrote report.pdf"). */
void eiti_cli_log(int level, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

struct eiti_fetch_opts;
struct eiti_manifest;
struct eiti_pipeline_tables;

/* --format of reconcile and run: 0 with *json set, or the usage error's
 * exit status (the error printed). */
int eiti_cli_findings_format(const struct eiti_cli_args *a, bool *json);
/* The findings of reconcile or run, compiler style on stderr or, with
 * json, as one JSON array on stdout (validate's); quiet: errors only. */
void eiti_cli_print_findings(const struct eiti_diags *d, bool quiet, bool json);

/* With --fail-on-discrepancy: "eitirep: CMD: N unreconciled keys: ..."
 * on stderr (README, rule 7). */
struct eiti_results;
void eiti_cli_unreconciled(const char *cmd, const struct eiti_results *res);

/* After the findings of reconcile or run: the import summary of each
 * table a manifest source imports, in the shape `eitirep import` prints
 * it ("eitirep: import: TABLE: 12 rows read, ..."), for a table with
 * errors always, for the others with -v (cmd_reconcile.c). */
void eiti_cli_print_tables(
    const struct eiti_pipeline_tables *t, const struct eiti_diags *diags);

/* Set o from the transfer options of eiti_cli_fetch_opts given in a (and
 * --cache): 0, or a usage error's status (already printed). */
int eiti_cli_fetch_options(
    struct eiti_fetch_opts *o, const struct eiti_cli_args *a);

/* The value of --jobs in a (1 to 64), 0 when it is not given: 0, or a
 * usage error's status (already printed). */
int eiti_cli_jobs(const struct eiti_cli_args *a, unsigned *out);

/* Fetch every source of m into the cache, print a summary line per
 * source (successes only at verbosity >= ok_level), return 0,
 * EITI_EXIT_FETCH or EITI_EXIT_IO (cmd_fetch.c). */
int eiti_cli_fetch_manifest(const struct eiti_manifest *m,
    struct eiti_fetch_opts *o, int ok_level, struct eiti_err *err);

#endif
