/*
 * pipeline.h - the stages glued together, shared by `reconcile` and `run`
 * (and linked by the tests that need a whole reconciliation).
 *
 * A library of its own (libeitipipeline.a), the one place that knows more
 * than one stage: it may use the stages (validate, reconcile, and the
 * source cache of cache/cache.h; import later), model and core; only the
 * command line is above it.
 */
#ifndef EITI_PIPELINE_PIPELINE_H
#define EITI_PIPELINE_PIPELINE_H

#include "core/clock.h"
#include "core/diag.h"
#include "core/err.h"
#include "model/model.h"
#include "model/results.h"

/*
 * Load the manifest at manifest_path, resolve every source (local files
 * directly, http(s) from cache_dir, NULL = default cache), validate and
 * stream each disclosure into the engine, load the adjustments, and
 * compute the results, generated at clock's time (core/clock.h).  Every
 * finding goes to diags.  Returns 0 with *out
 * set when there is no error finding; 1 when input is invalid (*out not
 * set); -1 with err set on an operational error (EITI_ERR_IO), or with
 * EITI_ERR_FETCH when a source is not available (not in the cache, not
 * matching its pin: a finding at its <source> element says which).
 * *manifest_out (may be NULL) receives the loaded manifest when it loaded.
 */
int eiti_pipeline_reconcile(struct eiti_results **out,
    struct eiti_manifest **manifest_out, const char *manifest_path,
    const char *cache_dir, const struct eiti_clock *clock,
    struct eiti_diags *diags, struct eiti_err *err);

/*
 * Write results.csv and results.xml into dir (created with its parents
 * when missing): both are written to temporary files and renamed into
 * place only when both are complete (an eiti_afile_group).
 */
int eiti_pipeline_write_results(
    const struct eiti_results *res, const char *dir, struct eiti_err *err);

#endif
