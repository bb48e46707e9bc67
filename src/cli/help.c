/*
 * help.c - `--help` and the man page, both written from the command table.
 *
 * The help is plain text wrapped to 80 columns; the man page source
 * (man/eitirep.1.in) holds the prose and four marker lines that
 * eiti_cli_man() replaces with roff: @SYNOPSIS@ (every command's usage),
 * @COMMANDS@ (what each does, its options, notes and exit statuses),
 * @OPTIONS@ (eitirep's own) and @EXIT_STATUS@.
 */
#include "config.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"

#define WIDTH 79     /* columns of text in --help */
#define LABEL_MAX 28 /* widest option column before help moves down */

/* eitirep's own options (before a command). */
static const struct eiti_cli_opt top_opts[] = {
    {'h', "help", NULL,
	"show this help and exit; after a command, the help of that "
	"command"},
    {EITI_OPT_LOCAL, "version", NULL, "print the version and exit"},
    {0, NULL, NULL, NULL},
};

static const char top_usage[] = "COMMAND [OPTION]... [ARG]...";
static const char top_about[] =
    "Fetch, validate and reconcile EITI disclosures, and render the "
    "reconciliation report.";

static void
spaces(FILE *fp, size_t n)
{
	while (n-- > 0)
		fputc(' ', fp);
}

/*
 * The next word of help text at *p, its length in *len (0 at the end);
 * *para tells that a paragraph break ("\n\n") came before it.  *p moves
 * past the word.
 */
static const char *
next_word(const char **p, size_t *len, bool *para)
{
	const char *s = *p;

	*para = false;
	for (;;) {
		if (s[0] == '\n' && s[1] == '\n') {
			*para = true;
			s += 2;
		} else if (*s == ' ' || *s == '\n') {
			s++;
		} else {
			break;
		}
	}
	*len = strcspn(s, " \n");
	*p = s + *len;
	return s;
}

/*
 * Print text wrapped to WIDTH columns, the cursor being at column col;
 * continuation lines start with indent spaces, "\n\n" starts a new
 * paragraph after a blank line.  Ends the last line.
 */
static void
wrap(FILE *fp, const char *text, size_t col, size_t indent)
{
	const char *p = text, *w;
	bool first = true, para;
	size_t len;

	while ((w = next_word(&p, &len, &para)), len > 0) {
		if (para) {
			fputs("\n\n", fp);
			spaces(fp, indent);
			col = indent;
			first = true;
		} else if (!first && col + 1 + len > WIDTH) {
			fputc('\n', fp);
			spaces(fp, indent);
			col = indent;
			first = true;
		}
		if (!first) {
			fputc(' ', fp);
			col++;
		}
		fwrite(w, 1, len, fp);
		col += len;
		first = false;
	}
	fputc('\n', fp);
}

/* The length of the next word of a usage string: up to a space outside
 * brackets, so that "[--cache DIR]" is never broken. */
static size_t
usage_word(const char *p)
{
	size_t n = 0;
	int depth = 0;

	for (; p[n] != '\0' && (depth > 0 || p[n] != ' '); n++) {
		if (p[n] == '[' || p[n] == '(')
			depth++;
		else if ((p[n] == ']' || p[n] == ')') && depth > 0)
			depth--;
	}
	return n;
}

/* "Usage: eitirep NAME USAGE", wrapped under its first word. */
static void
usage_line(FILE *fp, const char *lead, const char *name, const char *usage)
{
	size_t col, indent, len;
	const char *p = usage;

	col = (size_t)fprintf(
	    fp, "%seitirep%s%s", lead, name[0] != '\0' ? " " : "", name);
	indent = col + 1;
	while (*p != '\0') {
		if (*p == ' ') {
			p++;
			continue;
		}
		len = usage_word(p);
		if (col + 1 + len > WIDTH && col > indent) {
			fputc('\n', fp);
			spaces(fp, indent - 1);
			col = indent - 1;
		}
		fputc(' ', fp);
		fwrite(p, 1, len, fp);
		col += 1 + len;
		p += len;
	}
	fputc('\n', fp);
}

void
eiti_cli_usage(const struct eiti_cli_cmd *cmd, FILE *fp)
{
	if (cmd != NULL) {
		usage_line(fp, "Usage: ", cmd->name, cmd->usage);
		return;
	}
	usage_line(fp, "Usage: ", "", top_usage);
	usage_line(fp, "       ", "help", eiti_cmd_help.usage);
	fputs("       eitirep --help | --version\n", fp);
}

/* "-o, --output=DIR" or "    --cache=DIR" into buf; returns its length. */
static size_t
label(char *buf, size_t size, const struct eiti_cli_opt *o)
{
	int n;

	n = snprintf(buf, size, "%c%c%c --%s%s%s", o->id < 256 ? '-' : ' ',
	    o->id < 256 ? o->id : ' ', o->id < 256 ? ',' : ' ', o->name,
	    o->arg != NULL ? "=" : "", o->arg != NULL ? o->arg : "");
	return n < 0 ? 0 : (size_t)n < size ? (size_t)n : size - 1;
}

/* The options, two columns: label and wrapped help. */
static void
options(FILE *fp, const struct eiti_cli_opt *o, size_t n)
{
	char buf[128];
	size_t i, w, col = 0;

	for (i = 0; i < n; i++) {
		w = 2 + label(buf, sizeof(buf), &o[i]) + 2;
		if (w > col && w <= LABEL_MAX)
			col = w;
	}
	for (i = 0; i < n; i++) {
		w = 2 + label(buf, sizeof(buf), &o[i]);
		fprintf(fp, "  %s", buf);
		if (w + 2 > col) {
			fputc('\n', fp);
			w = 0;
		}
		spaces(fp, col - w);
		wrap(fp, o[i].help, col, col);
	}
}

static void
exits(FILE *fp, const struct eiti_cli_exit *e)
{
	fputs("\nExit status:\n", fp);
	for (; e->meaning != NULL; e++) {
		fprintf(fp, "  %d  ", e->status);
		wrap(fp, e->meaning, 5, 5);
	}
}

void
eiti_cli_help(const struct eiti_cli_cmd *cmd, FILE *fp)
{
	struct eiti_cli_opt all[EITI_CLI_MAX_OPTS];
	size_t i, w = 0;

	eiti_cli_usage(cmd, fp);
	fputc('\n', fp);
	if (cmd == NULL) {
		wrap(fp, top_about, 0, 0);
		fputs("\nCommands:\n", fp);
		for (i = 0; eiti_cli_commands[i] != NULL; i++)
			if (strlen(eiti_cli_commands[i]->name) > w)
				w = strlen(eiti_cli_commands[i]->name);
		for (i = 0; eiti_cli_commands[i] != NULL; i++) {
			fprintf(
			    fp, "  %-*s  ", (int)w, eiti_cli_commands[i]->name);
			wrap(fp, eiti_cli_commands[i]->summary, w + 4, w + 4);
		}
		fputs("\nOptions:\n", fp);
		for (i = 0; top_opts[i].name != NULL; i++)
			continue;
		options(fp, top_opts, i);
		fputc('\n', fp);
		wrap(fp,
		    "Run 'eitirep help COMMAND' or 'eitirep COMMAND --help' "
		    "for the options of a command, 'man eitirep' for more.",
		    0, 0);
		exits(fp, eiti_cli_exits);
		return;
	}
	wrap(fp, cmd->about, 0, 0);
	fputs("\nOptions:\n", fp);
	options(fp, all, eiti_cli_opts_of(cmd, all, EITI_CLI_MAX_OPTS));
	if (cmd->notes != NULL) {
		fputc('\n', fp);
		wrap(fp, cmd->notes, 0, 0);
	}
	exits(fp, cmd->exits);
}

/* --- roff ------------------------------------------------------------ */

struct roff {
	FILE *out;
	bool bol; /* at the beginning of an output line */
};

static void
r_raw(struct roff *r, const char *s)
{
	size_t n = strlen(s);

	fputs(s, r->out);
	if (n > 0)
		r->bol = s[n - 1] == '\n';
}

/* Text, escaped: backslashes, minus signs (options are typed with
 * them), and a control character at the start of a line. */
static void
r_text(struct roff *r, const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		if (r->bol && (s[i] == '.' || s[i] == '\''))
			fputs("\\&", r->out);
		if (s[i] == '\\')
			fputs("\\e", r->out);
		else if (s[i] == '-')
			fputs("\\-", r->out);
		else
			fputc(s[i], r->out);
		r->bol = s[i] == '\n';
	}
}

static void
r_str(struct roff *r, const char *s)
{
	r_text(r, s, strlen(s));
}

/* A paragraph of help text: one sentence per line, "\n\n" a new
 * paragraph; sentence says to start upper case and end with a period
 * (the help's phrases are lower case without one). */
static void
r_para(struct roff *r, const char *s, bool sentence)
{
	const char *p = s, *w, *end = s;
	bool first = true, para;
	size_t len;

	if (!r->bol)
		r_raw(r, "\n");
	while ((w = next_word(&p, &len, &para)), len > 0) {
		if (para) {
			r_raw(r, "\n.PP\n");
			first = true;
		} else if (!first && !r->bol) {
			r_raw(r, " ");
		}
		if (first && sentence && islower((unsigned char)*w)) {
			fputc(toupper((unsigned char)*w), r->out);
			r->bol = false;
			r_text(r, w + 1, len - 1);
		} else {
			r_text(r, w, len);
		}
		first = false;
		end = p;
		/* a sentence ends: the next one on a line of its own */
		if (len > 1 && p[-1] == '.' && *p == ' ' &&
		    isupper((unsigned char)p[strspn(p, " ")]))
			r_raw(r, "\n");
	}
	if (sentence && end > s && end[-1] != '.')
		r_raw(r, ".");
	r_raw(r, "\n");
}

/* A usage string: options bold, metavariables (upper case) italic, and
 * no line break inside brackets. */
static void
r_usage(struct roff *r, const char *s)
{
	const char *p = s;
	size_t len, eq;
	int depth = 0;

	while (*p != '\0') {
		len = strcspn(p, " []|()");
		if (len == 0) {
			if (*p == '[' || *p == '(')
				depth++;
			else if ((*p == ']' || *p == ')') && depth > 0)
				depth--;
			if (*p == ' ' && depth > 0)
				r_raw(r, "\\~");
			else
				r_text(r, p, 1);
			p++;
			continue;
		}
		if (*p == '-') {
			eq = strcspn(p, "=");
			eq = eq < len ? eq : len;
			r_raw(r, "\\fB");
			r_text(r, p, eq);
			r_raw(r, "\\fR");
			r_text(r, p + eq, len - eq);
		} else if (isupper((unsigned char)*p)) {
			r_raw(r, "\\fI");
			r_text(r, p, len);
			r_raw(r, "\\fR");
		} else {
			r_text(r, p, len);
		}
		p += len;
	}
	r_raw(r, "\n");
}

static void
r_option(struct roff *r, const struct eiti_cli_opt *o)
{
	char buf[8];

	r_raw(r, ".TP\n");
	if (o->id < 256) {
		snprintf(buf, sizeof(buf), "-%c", o->id);
		r_raw(r, "\\fB");
		r_str(r, buf);
		r_raw(r, "\\fR, ");
	}
	r_raw(r, "\\fB");
	r_str(r, "--");
	r_str(r, o->name);
	r_raw(r, "\\fR");
	if (o->arg != NULL) {
		r_raw(r, "=\\fI");
		r_str(r, o->arg);
		r_raw(r, "\\fR");
	}
	r_raw(r, "\n");
	r_para(r, o->help, true);
}

static void
r_exits(struct roff *r, const struct eiti_cli_exit *e)
{
	char buf[16];

	for (; e->meaning != NULL; e++) {
		snprintf(buf, sizeof(buf), ".TP\n.B %d\n", e->status);
		r_raw(r, buf);
		r_para(r, e->meaning, true);
	}
}

static void
man_synopsis(struct roff *r)
{
	const struct eiti_cli_cmd *cmd;
	size_t i;

	for (i = 0; (cmd = eiti_cli_commands[i]) != NULL; i++) {
		r_raw(r, ".SY \"eitirep ");
		r_str(r, cmd->name);
		r_raw(r, "\"\n");
		r_usage(r, cmd->usage);
		r_raw(r, ".YS\n");
	}
	r_raw(r, ".SY eitirep\n");
	r_usage(r, "--help | --version");
	r_raw(r, ".YS\n");
}

static void
man_commands(struct roff *r)
{
	struct eiti_cli_opt all[EITI_CLI_MAX_OPTS];
	const struct eiti_cli_cmd *cmd;
	size_t i, j, n;

	for (i = 0; (cmd = eiti_cli_commands[i]) != NULL; i++) {
		r_raw(r, ".SS ");
		r_str(r, cmd->name);
		r_raw(r, "\n");
		r_para(r, cmd->about, false);
		n = eiti_cli_opts_of(cmd, all, EITI_CLI_MAX_OPTS);
		for (j = 0; j < n; j++)
			r_option(r, &all[j]);
		if (cmd->notes != NULL) {
			r_raw(r, ".PP\n");
			r_para(r, cmd->notes, false);
		}
		r_raw(r, ".PP\nExit status:\n.RS\n.PD 0\n");
		r_exits(r, cmd->exits);
		r_raw(r, ".PD\n.RE\n");
	}
}

/*
 * Whether the table is sound: every command complete, and within one
 * command no option id or long name given twice (the parser's -q, -v and
 * -h included).  Says what is wrong on stderr.  Checked when the man page
 * is written, so that a broken entry fails the build.
 */
static bool
table_ok(void)
{
	struct eiti_cli_opt all[EITI_CLI_MAX_OPTS];
	const struct eiti_cli_cmd *cmd;
	size_t i, j, k, n;
	bool ok = true;

	for (i = 0; (cmd = eiti_cli_commands[i]) != NULL; i++) {
		if (cmd->summary == NULL || cmd->usage == NULL ||
		    cmd->about == NULL || cmd->exits == NULL ||
		    cmd->run == NULL || cmd->min_args < 0 ||
		    (cmd->max_args >= 0 && cmd->max_args < cmd->min_args) ||
		    (cmd->max_args != 0 && cmd->operand == NULL)) {
			fprintf(stderr,
			    "eitirep: command %s: incomplete entry\n",
			    cmd->name);
			ok = false;
		}
		n = eiti_cli_opts_of(cmd, all, EITI_CLI_MAX_OPTS);
		for (j = 0; j < n; j++) {
			if (all[j].help == NULL || all[j].id <= 0) {
				fprintf(stderr,
				    "eitirep: command %s: option --%s: no help "
				    "or id\n",
				    cmd->name, all[j].name);
				ok = false;
			}
			for (k = j + 1; k < n; k++)
				if (all[j].id == all[k].id ||
				    strcmp(all[j].name, all[k].name) == 0) {
					fprintf(stderr,
					    "eitirep: command %s: options --%s "
					    "and --%s clash\n",
					    cmd->name, all[j].name,
					    all[k].name);
					ok = false;
				}
		}
	}
	return ok;
}

int
eiti_cli_man(FILE *in, FILE *out)
{
	struct roff r = {out, true};
	char *line = NULL;
	size_t cap = 0;
	ssize_t n;
	size_t i;

	if (!table_ok())
		return -1;
	while ((n = getline(&line, &cap, in)) > 0) {
		if (line[n - 1] == '\n')
			line[n - 1] = '\0';
		if (strcmp(line, "@SYNOPSIS@") == 0) {
			man_synopsis(&r);
		} else if (strcmp(line, "@COMMANDS@") == 0) {
			man_commands(&r);
		} else if (strcmp(line, "@OPTIONS@") == 0) {
			for (i = 0; top_opts[i].name != NULL; i++)
				r_option(&r, &top_opts[i]);
		} else if (strcmp(line, "@EXIT_STATUS@") == 0) {
			r_exits(&r, eiti_cli_exits);
		} else {
			fputs(line, out);
			fputc('\n', out);
		}
	}
	free(line);
	if (ferror(in) || fflush(out) != 0 || ferror(out))
		return -1;
	return 0;
}
