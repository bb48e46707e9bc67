/*
 * results_check.h - the derived figures of results.xml checked, not
 * trusted, as the loader reads them (rule RESULTS-DERIVED).
 *
 * A row's d, f, tolerance, beyond-tolerance and status are recomputed
 * with eiti_result_derive() (model/results.h, the function reconcile
 * sets them with) from its c, g, ac, ag, sides, its company's scope and
 * the tolerance that applies; its ac and ag against the sums of its
 * adjustments; every total (overall, by company, stream, entity,
 * region) against the sums of its rows (eiti_result_total_add()).  Each
 * mismatch is an error at the row or total, naming it.
 */
#ifndef EITI_VALIDATE_RESULTS_CHECK_H
#define EITI_VALIDATE_RESULTS_CHECK_H

#include <stddef.h>

#include "model/results.h"
#include "validate/internal.h"

enum rc_group { RC_COMPANY, RC_STREAM, RC_ENTITY, RC_REGION, RC_NGROUPS };

struct rcheck;

/* Before the first row: the parameters' thresholds, the tolerances
 * (copied), the digits of the report currency. */
struct rcheck *rcheck_new(const struct eiti_results *params,
    const struct eiti_res_tolerance *tols, size_t ntols, int digits);
void rcheck_free(struct rcheck *k); /* accepts NULL */

/* The row just read (the current element of r), its index, and its
 * company's scope: 1 in scope, 0 not, -1 no such company. */
void rcheck_row(struct rcheck *k, struct vx_run *r, size_t index,
    const struct eiti_res_row *w, int in_scope);

/* A total element just read (the current element of r). */
void rcheck_total_line(struct rcheck *k, struct vx_run *r, int group);

/* At the end of the document: adjustments against ac and ag, totals
 * against rows. */
struct rcheck_doc {
	const struct eiti_res_row *rows;
	size_t nrows;
	const struct eiti_res_adjustment *adjs;
	size_t nadjs;
	const struct eiti_res_total *overall; /* NULL when absent */
	const struct eiti_res_total *groups[RC_NGROUPS];
	size_t ngroups[RC_NGROUPS];
};
void rcheck_finish(
    struct rcheck *k, struct vx_run *r, const struct rcheck_doc *doc);

#endif
