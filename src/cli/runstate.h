/*
 * runstate.h - what `eitirep run` remembers of its last good run into a
 * directory: the SHA-256 of everything the outputs were produced from
 * (the program's version, the manifest, every source, the templates and
 * their languages, SOURCE_DATE_EPOCH) and of the outputs themselves.  A
 * run whose inputs are all unchanged and whose outputs are still the
 * ones it wrote leaves them untouched (README, "Running it on a
 * schedule").  The record lives in the cache (CACHE/runs/, one file per
 * output directory), not beside the outputs, which are published as they
 * are.
 */
#ifndef EITI_CLI_RUNSTATE_H
#define EITI_CLI_RUNSTATE_H

#include <stdbool.h>
#include <stddef.h>

#include "core/clock.h"
#include "core/err.h"
#include "model/results.h"
#include "model/template.h"

/* The inputs part of the record, one "NAME VALUE" per line (no path or
 * URL: the manifest's and sources' digests stand for them); t[0..nt) are
 * the templates of the reports, in output order; clock the outputs'
 * (its time counts when it is fixed).  malloc'ed. */
char *eiti_run_inputs(const struct eiti_results *res,
    const struct eiti_template *const *t, size_t nt,
    const struct eiti_clock *clock);

/* The record of output directory dir (which exists) in cache_dir (NULL:
 * the default cache): cache_dir/runs/SHA-256 of dir's real path.
 * malloc'ed; NULL when dir's real path cannot be had. */
char *eiti_run_state_path(const char *cache_dir, const char *dir);

/* Whether the record at state holds exactly these inputs and every
 * output (names relative to dir) is still there, a regular file, with
 * the digest recorded for it. */
bool eiti_run_unchanged(const char *state, const char *dir, const char *inputs,
    const char *const *outputs, size_t n);

/* Record inputs and the digests of the outputs (all in place in dir) at
 * state, atomically, creating its directory.  EITI_ERR_IO on failure. */
int eiti_run_record(const char *state, const char *dir, const char *inputs,
    const char *const *outputs, size_t n, struct eiti_err *err);

#endif
