/*
 * runstate.h - what `eitirep run` remembers of its last good run, in
 * DIR/.eitirep-run: the SHA-256 of everything the outputs were produced
 * from (the program's version, the manifest, every source, the templates
 * and their languages, SOURCE_DATE_EPOCH) and of the outputs themselves.
 * A run whose inputs are all unchanged and whose outputs are still the
 * ones it wrote leaves them untouched (README, "Operating").
 */
#ifndef EITI_CLI_RUNSTATE_H
#define EITI_CLI_RUNSTATE_H

#include <stdbool.h>
#include <stddef.h>

#include "core/err.h"
#include "model/results.h"
#include "model/template.h"

#define EITI_RUN_STATE ".eitirep-run"

/* The inputs part of the record, one "NAME VALUE" per line (no path or
 * URL: the manifest's and sources' digests stand for them); t[0..nt) are
 * the templates of the reports, in output order.  malloc'ed. */
char *eiti_run_inputs(const struct eiti_results *res,
    const struct eiti_template *const *t, size_t nt);

/* Whether dir holds the record of a run with exactly these inputs and
 * every output (names relative to dir) is still there with the digest
 * recorded for it. */
bool eiti_run_unchanged(
    const char *dir, const char *inputs, const char *const *outputs, size_t n);

/* Record inputs and the digests of the outputs (all in place) in
 * dir/.eitirep-run, atomically.  EITI_ERR_IO on failure. */
int eiti_run_record(const char *dir, const char *inputs,
    const char *const *outputs, size_t n, struct eiti_err *err);

#endif
