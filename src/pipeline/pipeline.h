/*
 * pipeline.h - the stages glued together, shared by `reconcile` and `run`
 * (and linked by the tests that need a whole reconciliation).
 *
 * A library of its own (libeitipipeline.a), the one place that knows more
 * than one stage: it may use the stages (validate, reconcile, and the
 * source cache of cache/cache.h, import), model and core; only the
 * command line is above it.
 */
#ifndef EITI_PIPELINE_PIPELINE_H
#define EITI_PIPELINE_PIPELINE_H

#include "core/afile.h"
#include "core/clock.h"
#include "core/diag.h"
#include "core/err.h"
#include "model/model.h"
#include "model/results.h"

/* A table a manifest source imports through a profile, as read. */
struct eiti_pipeline_table {
	char *file;    /* its display name, as its findings name it */
	char *summary; /* the import's summary line (eiti_import_summary()) */
};

struct eiti_pipeline_tables {
	struct eiti_pipeline_table *v;
	size_t n;
};

void eiti_pipeline_tables_free(struct eiti_pipeline_tables *t);

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
 * A source with a profile is a table imported through it
 * (eitirep-manifest(5)); tables (may be NULL, else zeroed by the caller
 * and freed with eiti_pipeline_tables_free()) receives the import's
 * summary of each table that was read, for the command line to print.
 */
int eiti_pipeline_reconcile(struct eiti_results **out,
    struct eiti_manifest **manifest_out, const char *manifest_path,
    const char *cache_dir, const struct eiti_clock *clock,
    struct eiti_pipeline_tables *tables, struct eiti_diags *diags,
    struct eiti_err *err);

/*
 * How many threads eiti_pipeline_reconcile() validates the XML sources
 * with, each one source at a time, ahead of the engine (0, the default:
 * one per online CPU).  The results, the findings and their order are the
 * same for every value.
 */
void eiti_pipeline_set_jobs(unsigned jobs);

/*
 * Write results.csv and results.xml into dir (created with its parents
 * when missing), and transfers.csv when res has transfers: all are
 * written to temporary files and renamed into place only when all are
 * complete (an eiti_afile_group); then a transfers.csv of an earlier run
 * is removed when res has none.
 */
int eiti_pipeline_write_results(
    const struct eiti_results *res, const char *dir, struct eiti_err *err);

/* Write results.xml into xml and results.csv into csv, at the same time
 * (the CSV in a thread of its own); neither is closed.  0, or -1 with err
 * set by the first that failed (results.xml's, then results.csv's). */
int eiti_pipeline_write_pair(const struct eiti_results *res,
    struct eiti_afile *xml, struct eiti_afile *csv, struct eiti_err *err);

/* Add transfers.csv to the output group g and write it, when res has
 * transfers (nothing otherwise); the caller commits or aborts g. */
int eiti_pipeline_add_transfers(struct eiti_afile_group *g,
    const struct eiti_results *res, struct eiti_err *err);

/* After the group is committed: remove dir/transfers.csv when res has no
 * transfers (a missing file is fine), so that new results never sit
 * beside the transfers of an older run.  EITI_ERR_IO on failure. */
int eiti_pipeline_remove_stale(
    const struct eiti_results *res, const char *dir, struct eiti_err *err);

#endif
