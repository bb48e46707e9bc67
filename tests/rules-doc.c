/*
 * rules-doc.c - the documentation of the rule registry, generated from
 * src/core/rules.def (through core/rules.h):
 *
 *   rules-doc ids                 every rule id, one per line
 *   rules-doc roff                man/diagnostics.roff, the rule list of
 *                                 the DIAGNOSTICS section of eitirep(1)
 *   rules-doc readme README FIXTURES
 *                                 README (fixtures/invalid/README.md) with
 *                                 the table between its two marker
 *                                 comments replaced by the registry's, the
 *                                 fixtures of each rule found under the
 *                                 directory FIXTURES
 *
 * Output goes to stdout; `make update-rules` writes it into the source
 * tree and tests/rules-registry.sh checks that the committed files are
 * what it writes.  A rule's fixtures are the golden cases whose expected
 * output shows "[ID]": FIXTURES/invalid/NAME.expected (listed as NAME),
 * FIXTURES/cli/NAME.expected (../cli/NAME) and the rule column of
 * FIXTURES/hostile/expected.txt (hostile NAME), each list sorted.
 */
#include "config.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/err.h"
#include "core/rules.h"

#define BEGIN_MARK "<!-- rules: begin"
#define END_MARK "<!-- rules: end -->"

/* A file's whole text, or NULL. */
static char *
slurp(const char *path)
{
	FILE *fp = fopen(path, "rb");
	char *buf = NULL;
	size_t len = 0, cap = 0, n;

	if (fp == NULL)
		return NULL;
	do {
		if (cap - len < 4096) {
			cap = cap ? 2 * cap : 65536;
			buf = eiti_xrealloc(buf, cap + 1);
		}
		n = fread(buf + len, 1, cap - len, fp);
		len += n;
	} while (n > 0);
	fclose(fp);
	buf[len] = '\0';
	return buf;
}

struct names {
	char **v;
	size_t n;
};

static void
names_add(struct names *l, const char *fmt, const char *name)
{
	l->v = eiti_xrealloc(l->v, (l->n + 1) * sizeof(*l->v));
	l->v[l->n++] = eiti_xasprintf(fmt, name);
}

static int
cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The sorted entries of dir (not starting with '.'). */
static struct names
list_dir(const char *dir)
{
	struct names l = {NULL, 0};
	DIR *d = opendir(dir);
	struct dirent *e;

	if (d == NULL)
		return l;
	while ((e = readdir(d)) != NULL)
		if (e->d_name[0] != '.')
			names_add(&l, "%s", e->d_name);
	closedir(d);
	if (l.n > 0)
		qsort(l.v, l.n, sizeof(*l.v), cmp_str);
	return l;
}

static void
names_free(struct names *l)
{
	size_t i;

	for (i = 0; i < l->n; i++)
		free(l->v[i]);
	free(l->v);
}

/* One golden case: its name as the table shows it, and its text. */
struct golden {
	char *label;
	char *text;
	const char *hostile_rule; /* hostile cases: their rule */
};

struct goldens {
	struct golden *v;
	size_t n;
};

static void
golden_add(struct goldens *g, char *label, char *text, const char *rule)
{
	g->v = eiti_xrealloc(g->v, (g->n + 1) * sizeof(*g->v));
	g->v[g->n].label = label;
	g->v[g->n].text = text;
	g->v[g->n].hostile_rule = rule;
	g->n++;
}

/* Every FIXTURES/SUB/NAME.expected, labelled by label (a format taking
 * the length and the text of NAME). */
static void
add_expected(
    struct goldens *g, const char *fixtures, const char *sub, const char *label)
{
	char *dir = eiti_xasprintf("%s/%s", fixtures, sub), *path, *text;
	struct names l = list_dir(dir);
	size_t i, k;

	for (i = 0; i < l.n; i++) {
		k = strlen(l.v[i]);
		if (k <= 9 || strcmp(l.v[i] + k - 9, ".expected") != 0)
			continue;
		path = eiti_xasprintf("%s/%s", dir, l.v[i]);
		text = slurp(path);
		free(path);
		if (text != NULL)
			golden_add(g,
			    eiti_xasprintf(label, (int)(k - 9), l.v[i]), text,
			    NULL);
	}
	names_free(&l);
	free(dir);
}

static struct goldens
load_goldens(const char *fixtures)
{
	struct goldens g = {NULL, 0};
	char *path, *text, *line, *save = NULL;
	size_t k;

	add_expected(&g, fixtures, "invalid", "`%.*s`");
	add_expected(&g, fixtures, "cli", "`../cli/%.*s`");

	/* hostile/expected.txt: "FILE RULE" lines, # comments */
	path = eiti_xasprintf("%s/hostile/expected.txt", fixtures);
	text = slurp(path);
	free(path);
	if (text != NULL) {
		for (line = strtok_r(text, "\n", &save); line != NULL;
		     line = strtok_r(NULL, "\n", &save)) {
			char file[256], rule[64];

			if (line[0] == '#' ||
			    sscanf(line, "%255s %63s", file, rule) != 2)
				continue;
			k = strlen(file);
			if (k > 4 && strcmp(file + k - 4, ".xml") == 0)
				file[k - 4] = '\0';
			golden_add(&g, eiti_xasprintf("hostile `%s`", file),
			    NULL, eiti_xstrdup(rule));
		}
		free(text);
	}
	return g;
}

static int
shows(const struct golden *c, const char *id)
{
	char *tag;
	int r;

	if (c->hostile_rule != NULL)
		return strcmp(c->hostile_rule, id) == 0;
	tag = eiti_xasprintf("[%s]", id);
	r = strstr(c->text, tag) != NULL;
	free(tag);
	return r;
}

static const char *
severity(const struct eiti_rule_info *ri)
{
	if (ri->sev_varies)
		return "error, warning";
	return ri->sev == EITI_SEV_ERROR ? "error" : "warning";
}

static void
print_table(FILE *fp, const char *fixtures)
{
	struct goldens g = load_goldens(fixtures);
	size_t r, i;

	fputs("| rule | severity | what | reference | fixtures |\n"
	      "|---|---|---|---|---|\n",
	    fp);
	for (r = 0; r < EITI_RULE_COUNT; r++) {
		const struct eiti_rule_info *ri = eiti_rule_info(r);
		const char *sep = "";

		fprintf(fp, "| `%s` | %s | %s | %s | ", ri->id, severity(ri),
		    ri->summary, ri->reference);
		for (i = 0; i < g.n; i++)
			if (shows(&g.v[i], ri->id)) {
				/* a hostile case may show a rule twice */
				if (i > 0 && g.v[i].hostile_rule != NULL &&
				    strcmp(g.v[i].label, g.v[i - 1].label) ==
					0 &&
				    shows(&g.v[i - 1], ri->id))
					continue;
				fprintf(fp, "%s%s", sep, g.v[i].label);
				sep = ", ";
			}
		fputs(sep[0] == '\0' ? "(see tests/rules-exempt.txt) |\n"
				     : " |\n",
		    fp);
	}
	for (i = 0; i < g.n; i++) {
		free(g.v[i].label);
		free(g.v[i].text);
		free((char *)g.v[i].hostile_rule);
	}
	free(g.v);
}

static int
readme(const char *path, const char *fixtures)
{
	char *text = slurp(path), *b, *e, *eol;

	if (text == NULL) {
		fprintf(stderr, "rules-doc: cannot read %s\n", path);
		return 1;
	}
	b = strstr(text, BEGIN_MARK);
	e = b != NULL ? strstr(b, END_MARK) : NULL;
	eol = b != NULL ? strchr(b, '\n') : NULL;
	if (b == NULL || e == NULL || eol == NULL || eol > e) {
		fprintf(stderr,
		    "rules-doc: %s: no '%s ...' line followed by '%s'\n", path,
		    BEGIN_MARK, END_MARK);
		free(text);
		return 1;
	}
	fwrite(text, 1, (size_t)(eol + 1 - text), stdout);
	print_table(stdout, fixtures);
	fputs(e, stdout);
	free(text);
	return 0;
}

/* roff text: backslashes doubled, '-' as \- (the id is typed as is). */
static void
roff_text(const char *s)
{
	for (; *s != '\0'; s++) {
		if (*s == '\\')
			fputs("\\e", stdout);
		else if (*s == '-')
			fputs("\\-", stdout);
		else
			putchar(*s);
	}
}

static void
roff(void)
{
	size_t r;

	puts(".\\\" Generated from src/core/rules.def by tests/rules-doc "
	     "(make update-rules):");
	puts(".\\\" do not edit.");
	puts("The rule ids, each with its severity and the page or standard "
	     "that explains it:");
	for (r = 0; r < EITI_RULE_COUNT; r++) {
		const struct eiti_rule_info *ri = eiti_rule_info(r);

		puts(".TP");
		fputs(".BR ", stdout);
		roff_text(ri->id);
		fputs(" \" (", stdout);
		roff_text(severity(ri));
		puts(")\"");
		roff_text(ri->summary);
		/* this page is eitirep(1): name the command instead */
		if (strncmp(ri->reference, "eitirep(1) ", 11) == 0) {
			fputs(".\nSee\n.B ", stdout);
			roff_text(ri->reference + 11);
			puts("\nunder COMMANDS.");
		} else {
			fputs(".\nSee ", stdout);
			roff_text(ri->reference);
			puts(".");
		}
	}
}

int
main(int argc, char **argv)
{
	size_t r;

	if (argc == 2 && strcmp(argv[1], "ids") == 0) {
		for (r = 0; r < EITI_RULE_COUNT; r++)
			puts(eiti_rule_id(r));
		return 0;
	}
	if (argc == 2 && strcmp(argv[1], "roff") == 0) {
		roff();
		return 0;
	}
	if (argc == 4 && strcmp(argv[1], "readme") == 0)
		return readme(argv[2], argv[3]);
	fputs("usage: rules-doc ids | roff | readme README FIXTURES-DIR\n",
	    stderr);
	return 2;
}
