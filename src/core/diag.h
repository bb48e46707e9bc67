/*
 * diag.h - findings about data, collected and printed compiler style.
 *
 * A finding never stops a run early: every one is kept (up to a cap per
 * file, after which only a count is kept) and printed at the end as
 *   FILE:LINE:COLUMN: error: MESSAGE [RULE-ID]
 * or as a JSON array.  LINE and COLUMN are 1-based; 0 means unknown and is
 * still printed (editors accept it).  The list owns copies of every string.
 *
 * Every finding names a rule of the registry (core/rules.def), which also
 * gives its severity: raise findings with eiti_finding() and
 * eiti_finding_at(), never with a rule id spelled as a string.
 */
#ifndef EITI_CORE_DIAG_H
#define EITI_CORE_DIAG_H

#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>

#include "core/rules.h"

struct eiti_diag {
	enum eiti_severity sev;
	char *file;
	unsigned long line, col;
	enum eiti_rule rule; /* eiti_rule_id(): "XSD", "AMT-DIGITS" */
	char *msg;
	char *where; /* a place that is not a line and column ("Data!K17",
			a table cell), printed instead of them; else NULL */
};

struct eiti_diag_file_count {
	char *file;
	size_t errors, warnings, dropped; /* dropped: over the cap */
};

struct eiti_diags {
	struct eiti_diag *v;
	size_t n, cap;
	struct eiti_diag_file_count *files; /* in order of first finding */
	size_t nfiles, files_cap;
	size_t errors, warnings; /* totals, including dropped ones */
	size_t per_file_cap;	 /* default EITI_DIAG_PER_FILE_CAP; 0: none */
};

#define EITI_DIAG_PER_FILE_CAP 100

void eiti_diags_init(struct eiti_diags *d);
void eiti_diags_free(
    struct eiti_diags *d); /* accepts an initialised, empty list */

/* Record a finding of rule, with the rule's severity (rules.def), at
 * FILE:LINE:COL; copies every string.  Over the per-file cap only the
 * counts change.  file NULL is recorded as "-". */
void eiti_finding(struct eiti_diags *d, enum eiti_rule rule, const char *file,
    unsigned long line, unsigned long col, const char *fmt, ...)
    __attribute__((format(printf, 6, 7)));

/* eiti_finding() with the arguments as a va_list, for a stage's own
 * wrapper that fixes some of them (a rule, a place). */
void eiti_finding_v(struct eiti_diags *d, enum eiti_rule rule, const char *file,
    unsigned long line, unsigned long col, const char *fmt, va_list ap)
    __attribute__((format(printf, 6, 0)));

/* Same, located by a place that is not a line and column: where is
 * printed in their stead ("book.xlsx:Data!K17: error: ..."), and in JSON
 * as "where" with line and column 0.  where is copied; NULL or "" gives
 * "FILE: error: ...". */
void eiti_finding_at(struct eiti_diags *d, enum eiti_rule rule,
    const char *file, const char *where, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));

/* eiti_finding() with an explicit severity, for the few rules whose
 * severity depends on the case (ERROR_WARNING in rules.def).  Giving
 * another severity than the registry's to any other rule aborts: it is a
 * programming error. */
void eiti_finding_sev(struct eiti_diags *d, enum eiti_severity sev,
    enum eiti_rule rule, const char *file, unsigned long line,
    unsigned long col, const char *fmt, ...)
    __attribute__((format(printf, 7, 8)));
/* The same for a finding located by a place (eiti_finding_at()). */
void eiti_finding_at_sev(struct eiti_diags *d, enum eiti_severity sev,
    enum eiti_rule rule, const char *file, const char *where, const char *fmt,
    ...) __attribute__((format(printf, 6, 7)));

/* Record a copy of finding g (taken from another list), as it is. */
void eiti_diag_copy(struct eiti_diags *d, const struct eiti_diag *g);

/*
 * Give the findings about file recorded from index first on (d->n before
 * a step) that have a line but no place the place where() writes for
 * their line and column ("Data!K17"): for findings raised by code that
 * knows only the line and column of what it was handed (the
 * reconciliation engine fed items of a table), located once the caller
 * knows how its places are printed.
 */
void eiti_diags_relocate(struct eiti_diags *d, size_t first, const char *file,
    void (*where)(void *ud, unsigned long line, unsigned long col, char *buf,
	size_t size),
    void *ud);

/* Number of errors (not warnings) recorded for file, dropped included. */
size_t eiti_diags_errors_in(const struct eiti_diags *d, const char *file);

/* Print every finding compiler style, then for each file with dropped
 * findings "FILE: note: N more errors not shown", to fp.  N counts every
 * dropped finding.  Control characters in the strings are printed as C
 * escapes ("\n", "\x1b") so that one finding is always one line. */
void eiti_diags_print_text(const struct eiti_diags *d, FILE *fp);

/* Print the findings as one JSON array of objects
 * {"file","line","column","severity","rule","message"} ("where" too for a
 * finding located by a place), one object per
 * line.  Strings are escaped per RFC 8259 and invalid UTF-8 bytes become
 * U+FFFD, so the output is always valid JSON; dropped findings are not
 * listed. */
void eiti_diags_print_json(const struct eiti_diags *d, FILE *fp);

#endif
