/*
 * import.h - a published table turned into one disclosure through a
 * profile (eitirep-profile(5)): the import stage's upper half, over the
 * table readers of table.h.
 *
 * eiti_import_open() resolves the profile's parameters and opens the
 * table; eiti_import_run() reads it row by row - header found by its
 * labels, row rules, column mappings, mapping tables, number formats,
 * nil markers, wide tables - and hands the disclosure to a sink as items
 * (model/item.h) as the table is read: the root first, then each payment
 * or total in table order, an entity or company just before the first
 * item that names it (declared once).  Nothing is held per row, so
 * memory does not grow with the number of rows, only with the number of
 * distinct parties and mapped values.  eiti_xmlout_*() puts the parties
 * first when it writes the XML form.
 *
 * Every value keeps the cell it came from: a payment's id (or, when the
 * profile maps ids, its note) names the cell of its amount ("Data!K17",
 * "17:5"), and every finding - the import's own (IMP-*: numbers, dates,
 * unmapped values, empty cells, missing header labels) as well as the
 * disclosure rules applied to the items downstream - is located there
 * through eiti_import_locator().  Problems of the profile that only the
 * parameters reveal are PROF-* findings at the profile.
 *
 * Amounts never pass through a double: number.h parses the cell's text
 * into minor units of the item's currency, and the item carries the
 * exact decimal text.
 */
#ifndef EITI_IMPORT_IMPORT_H
#define EITI_IMPORT_IMPORT_H

#include <stdbool.h>
#include <stddef.h>

#include "core/diag.h"
#include "core/err.h"
#include "model/item.h"
#include "model/profile.h"

/* A parameter value given to the profile (--set NAME=VALUE, a manifest
 * source's <param>). */
struct eiti_import_param {
	const char *name, *value;
};

struct eiti_import;

/*
 * Resolve params against the profile p (borrowed for the life of the
 * import) and open the table at path; name is what findings call it.
 * A parameter the profile does not declare, a value it does not allow
 * or a required parameter not given is an EITI_ERR_CONFIG error naming
 * it (and the closest declared name).  Map files are read here (findings
 * located in them).  Returns 0 with *out set; 1 when the table or a map
 * file is not readable (findings in diags); -1 with err set.
 */
int eiti_import_open(struct eiti_import **out, const struct eiti_profile *p,
    const char *path, const char *name, const struct eiti_import_param *params,
    size_t nparams, struct eiti_diags *diags, struct eiti_err *err);

/* Read the table from the open file fd (from its start, every time a
 * sheet is read) instead of opening its path: the bytes the caller
 * hashed.  fd stays the caller's and must outlive im. */
void eiti_import_use_fd(struct eiti_import *im, int fd);

/*
 * Read every table of the profile and hand the disclosure to sink.
 * Findings go to diags (the import goes on after each, so all are
 * reported); items are produced for every cell that could be read.
 * Returns 0, or -1 with err set (a read error, the sink failed).
 */
int eiti_import_run(struct eiti_import *im, const struct eiti_item_sink *sink,
    struct eiti_diags *diags, struct eiti_err *err);

/*
 * The profile digest (64 hex digits): SHA-256 over the bytes of the
 * profile file followed by the bytes of each map file it names (href=),
 * in the order of its map elements - everything the import read besides
 * the table.  Without map files it is the profile file's SHA-256.
 */
const char *eiti_import_profile_sha256(const struct eiti_import *im);

/* How the items' places are printed (valid while im lives). */
const struct eiti_item_locator *eiti_import_locator(struct eiti_import *im);

/* The disclosure's role once parameters are resolved ("company" or
 * "government"; anything else is reported by the disclosure rules). */
const char *eiti_import_role(const struct eiti_import *im);

/*
 * The summary of a run, one line without a final newline, newly
 * allocated: "2419 rows read, 2399 totals written (government), 20 nil
 * cells (Withheld 20), 0 rows skipped".
 */
char *eiti_import_summary(const struct eiti_import *im);

/* Counts of a run. */
struct eiti_import_counts {
	unsigned long rows;    /* data rows read */
	unsigned long items;   /* payments or totals handed on */
	unsigned long nil;     /* nil cells */
	unsigned long skipped; /* rows skipped by rules */
	unsigned long rounded; /* amounts rounded to the minor unit */
	unsigned long bad;     /* cells that gave no item because of an
				  error finding */
};
void eiti_import_counts(
    const struct eiti_import *im, struct eiti_import_counts *out);

void eiti_import_free(struct eiti_import *im); /* accepts NULL */

/*
 * The XML form of a disclosure, from its items in any order after the
 * root (those of eiti_import_run()): UTF-8, deterministic, one element
 * per line, in the order of the format - the root, entities, companies,
 * totals, payments, each kind in the order its items came.  Entities
 * and companies are kept in memory, totals and payments in unlinked
 * temporary files, until eiti_xmlout_finish() writes the whole document
 * through write(ud, ...) (an atomic file's eiti_afile_write, stdout).
 * comment, when not NULL, is written as an XML comment after the
 * declaration.
 */
struct eiti_xmlout;
struct eiti_xmlout *eiti_xmlout_new(
    int (*write)(void *ud, const void *buf, size_t n, struct eiti_err *err),
    void *ud, const char *comment);
int eiti_xmlout_item(
    struct eiti_xmlout *x, const struct eiti_item *it, struct eiti_err *err);
/* Write the document: nothing is written before this call. */
int eiti_xmlout_finish(struct eiti_xmlout *x, struct eiti_err *err);
void eiti_xmlout_free(struct eiti_xmlout *x); /* accepts NULL */

#endif
