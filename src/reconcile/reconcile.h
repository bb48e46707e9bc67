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

/*
 * Errors and findings.  A data problem met while feeding (a currency
 * without a rate, a sum that overflows, an in-kind volume that cannot be
 * summed) is a finding in the engine's diags, located at the item (the
 * disclosure's display name, line and column), raised once (once per
 * currency, once per key), and the engine goes on: the item is left out
 * and the next one is taken.  Feeding functions return -1 with err set
 * only on an operational failure (the engine used after finish); else 0,
 * finding or not.  An item the validator reported an error about is not
 * handed over (validate.h), so nothing is reported twice.
 */

/* Start an engine for manifest m (which must outlive it).  Its findings
 * go to diags, which must outlive it too; finish() also takes the
 * validation summary from diags.  clock (core/clock.h, read once by the
 * caller) gives the results' generation time.  Returns 0 with *out set;
 * 1 when m cannot be reconciled (an unknown report currency: a finding
 * in diags); -1 on error. */
int eiti_recon_new(struct eiti_recon **out, const struct eiti_manifest *m,
    const struct eiti_clock *clock, struct eiti_diags *diags,
    struct eiti_err *err);
void eiti_recon_free(struct eiti_recon *r); /* accepts NULL */

/* Start the next source (manifest order); prov is copied.  reporter may
 * be NULL until the header is seen (eiti_recon_header sets it). */
int eiti_recon_source(struct eiti_recon *r, const struct eiti_source_decl *s,
    const struct eiti_provenance *prov, struct eiti_err *err);

/* The current source is a table read through a profile with this
 * profile digest (the profile file, then its map files:
 * eitirep-profile(5)), recorded beside the table's own in the
 * provenance. */
int eiti_recon_source_profile(
    struct eiti_recon *r, const char *sha256, struct eiti_err *err);

/* Set the provenance of the current source again, once its bytes are
 * read and their digest known (cache/cache.h: one read); prov is copied.
 * URLs are recorded without user name or password (core/url.h). */
int eiti_recon_source_provenance(struct eiti_recon *r,
    const struct eiti_provenance *prov, struct eiti_err *err);
int eiti_recon_header(struct eiti_recon *r, const struct eiti_disclosure_hdr *h,
    struct eiti_err *err);
int eiti_recon_entity(struct eiti_recon *r, const struct eiti_disclosure_hdr *h,
    const struct eiti_entity_decl *e, struct eiti_err *err);
int eiti_recon_company(struct eiti_recon *r,
    const struct eiti_disclosure_hdr *h, const struct eiti_company_decl *c,
    struct eiti_err *err);
/* A unilateral total (government disclosures only; others are ignored).
 * Findings: CODE-CURRENCY, RATE-MISSING, RECON-OVERFLOW. */
int eiti_recon_total(struct eiti_recon *r, const struct eiti_disclosure_hdr *h,
    const struct eiti_total_decl *t, struct eiti_err *err);
/* The side is h->role.  Converts per line (SPEC 4.1).  Findings:
 * RATE-MISSING, INKIND, RECON-OVERFLOW (after which the key takes no more
 * payments: its sum is lost anyway). */
int eiti_recon_payment(struct eiti_recon *r,
    const struct eiti_disclosure_hdr *h, const struct eiti_payment *p,
    struct eiti_err *err);

/* The adjustments file (may be called once; a may be NULL), with its
 * provenance (NULL when there is none).  Findings: RATE-MISSING,
 * RECON-OVERFLOW, and the warning RECON-EXPLANATION-NO-KEY for an
 * explanation whose key has no payment and no adjustment. */
int eiti_recon_adjustments(struct eiti_recon *r,
    const struct eiti_adjustments *a, const char *href,
    const struct eiti_provenance *prov, struct eiti_err *err);

/* Compute everything and hand over the results, with every finding of
 * diags in them.  Returns 0 with *out set; 1 when diags holds an error
 * (results from invalid input would be wrong) or a figure of the results
 * overflows (a RECON-OVERFLOW finding located at the manifest); -1 with
 * err set on an operational error.  The engine may be freed afterwards. */
int eiti_recon_finish(
    struct eiti_results **out, struct eiti_recon *r, struct eiti_err *err);

/* Record that the file named name (as diagnostics name it) was validated
 * for this reconciliation; finish() lists every such file, in call order,
 * in the validation summary with its counts from diags, then any other
 * file diags mentions.  name is copied. */
void eiti_recon_validated(struct eiti_recon *r, const char *name);

/* Number of keys with status discrepancy and explained == false. */
size_t eiti_results_unexplained(const struct eiti_results *res);

/* Write results.csv (SPEC 3.4, byte-exact) / results.xml
 * (urn:eitirep:results:1, schemas/results.xsd) to an open atomic file. */
int eiti_results_write_csv(
    const struct eiti_results *res, struct eiti_afile *f, struct eiti_err *err);
int eiti_results_write_xml(
    const struct eiti_results *res, struct eiti_afile *f, struct eiti_err *err);

#endif
