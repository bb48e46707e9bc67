/*
 * reconcile.h - the reconciliation engine (SPEC section 4) and the results
 * writers (SPEC 3.4).  No library headers: it sees only model/ and core/.
 *
 * Use: eiti_recon_new() with the loaded manifest; feed every declaration
 * and payment of every source in manifest order (the CLI streams them out
 * of the validator), then the adjustments; eiti_recon_finish() computes
 * keys, statuses, totals, coverage and non-reporting companies.  Memory is
 * proportional to the number of keys, not of payments: payments are summed
 * into a hash table of keys as they arrive.
 */
#ifndef EITI_RECONCILE_RECONCILE_H
#define EITI_RECONCILE_RECONCILE_H

#include "core/afile.h"
#include "core/clock.h"
#include "core/diag.h"
#include "core/err.h"
#include "model/model.h"
#include "model/provenance.h"
#include "model/results.h"

struct eiti_recon;

/* m must outlive the engine; clock (core/clock.h, read once by the
 * caller) gives the results' generation time. */
int eiti_recon_new(struct eiti_recon **out, const struct eiti_manifest *m,
    const struct eiti_clock *clock, struct eiti_err *err);
void eiti_recon_free(struct eiti_recon *r); /* accepts NULL */

/* Start the next source (manifest order); prov is copied.  reporter may
 * be NULL until the header is seen (eiti_recon_header sets it). */
int eiti_recon_source(struct eiti_recon *r, const struct eiti_source_decl *s,
    const struct eiti_provenance *prov, struct eiti_err *err);
int eiti_recon_header(struct eiti_recon *r, const struct eiti_disclosure_hdr *h,
    struct eiti_err *err);
int eiti_recon_entity(struct eiti_recon *r, const struct eiti_disclosure_hdr *h,
    const struct eiti_entity_decl *e, struct eiti_err *err);
int eiti_recon_company(struct eiti_recon *r,
    const struct eiti_disclosure_hdr *h, const struct eiti_company_decl *c,
    struct eiti_err *err);
int eiti_recon_total(struct eiti_recon *r, const struct eiti_disclosure_hdr *h,
    const struct eiti_total_decl *t, struct eiti_err *err);
/* The side is h->role.  Converts per line (SPEC 4.1); overflow is an
 * EITI_ERR_INVALID error naming the payment. */
int eiti_recon_payment(struct eiti_recon *r,
    const struct eiti_disclosure_hdr *h, const struct eiti_payment *p,
    struct eiti_err *err);

/* The adjustments file (may be called once; a may be NULL), with its
 * provenance (NULL when there is none). */
int eiti_recon_adjustments(struct eiti_recon *r,
    const struct eiti_adjustments *a, const char *href,
    const struct eiti_provenance *prov, struct eiti_err *err);

/* Compute everything and hand over the results; diags (may be NULL) gives
 * the validation summary.  The engine may be freed afterwards. */
int eiti_recon_finish(struct eiti_results **out, struct eiti_recon *r,
    const struct eiti_diags *diags, struct eiti_err *err);

/* Record that the file named name (as diagnostics name it) was validated
 * for this reconciliation; finish() lists every such file, in call order,
 * in the validation summary with its counts from diags, then any other
 * file diags mentions.  name is copied. */
void eiti_recon_validated(struct eiti_recon *r, const char *name);

/* Move the engine's own findings (an explanation whose key has no payment
 * and no adjustment: a warning, rule RECON-EXPLANATION-NO-KEY) into d, so
 * that the caller prints them and finish() summarises them with the
 * others.  Findings not moved are added to the results by finish(). */
void eiti_recon_warnings(struct eiti_recon *r, struct eiti_diags *d);

/* Number of keys with status discrepancy and explained == false. */
size_t eiti_results_unexplained(const struct eiti_results *res);

/* Write results.csv (SPEC 3.4, byte-exact) / results.xml
 * (urn:eitirep:results:1, schemas/results.xsd) to an open atomic file. */
int eiti_results_write_csv(
    const struct eiti_results *res, struct eiti_afile *f, struct eiti_err *err);
int eiti_results_write_xml(
    const struct eiti_results *res, struct eiti_afile *f, struct eiti_err *err);

#endif
