/*
 * transfers.h - the reconciliation of subnational transfers (EITI
 * Requirement 5.2): what a revenue-sharing rule gives each department or
 * municipality, what the transferring entity sent and what the recipient
 * received, per key (from, to, stream).  No library headers: it sees only
 * model/ and core/.
 *
 * Use, beside the payments engine (reconcile.h): eiti_xfer_new() with the
 * loaded manifest computes the entitlements of its sharing rules; feed
 * every entity declaration, transfer and entitlement of every source in
 * manifest order; eiti_xfer_check() once every source is read; then, after
 * eiti_recon_finish(), eiti_xfer_finish() adds the transfers part to the
 * results.  Lines are summed into their key as they arrive, so memory
 * grows with the number of keys and entities, never with the number of
 * lines.
 *
 * Problems with the data are findings in the diags given to
 * eiti_xfer_new() (rules XFER-*, RATE-MISSING), located at the item, in
 * the same list as the payments engine's; the item is left out and the
 * next one taken.  struct eiti_err is for operational failures only.
 * The rules are those of transfers.h (model) and the README.
 */
#ifndef EITI_RECONCILE_TRANSFERS_H
#define EITI_RECONCILE_TRANSFERS_H

#include <stdbool.h>

#include "core/afile.h"
#include "core/diag.h"
#include "core/err.h"
#include "model/model.h"
#include "model/results.h"

struct eiti_xfer;

/* A new engine for manifest m; m and diags must outlive it.  The
 * entitlements of m's sharing rules are computed now, round(base x rate)
 * half away from zero in the base's currency, then converted as one
 * line; a base currency with no rate or an overflow is a finding at the
 * manifest's share. */
int eiti_xfer_new(struct eiti_xfer **out, const struct eiti_manifest *m,
    struct eiti_diags *diags, struct eiti_err *err);
void eiti_xfer_free(struct eiti_xfer *x); /* accepts NULL */

/* An entity declaration: the first one of an id in source order gives
 * its name, level and region (as for the payments' entities). */
int eiti_xfer_entity(struct eiti_xfer *x, const struct eiti_disclosure_hdr *h,
    const struct eiti_entity_decl *e, struct eiti_err *err);

/* A transfer line: converted on its own (rule 4.1 of the README) and
 * added to S (sent) or R (received) of its key.  A currency without rate
 * or an overflow is a finding at the line (rules RATE-MISSING,
 * XFER-OVERFLOW), and the line is not counted. */
int eiti_xfer_transfer(struct eiti_xfer *x, const struct eiti_disclosure_hdr *h,
    const struct eiti_transfer *t, struct eiti_err *err);

/* A declared entitlement: added to E of its key, converted on its own.
 * A key that a sharing rule covers is a finding (XFER-BOTH): the
 * entitlement is not counted. */
int eiti_xfer_entitlement(struct eiti_xfer *x,
    const struct eiti_disclosure_hdr *h, const struct eiti_entitlement *e,
    struct eiti_err *err);

/* After the last source: every entity of a sharing rule is declared by
 * some disclosure (XFER-PARTY) and every recipient as regional or
 * municipal (XFER-LEVEL); findings at the manifest's elements. */
int eiti_xfer_check(struct eiti_xfer *x, struct eiti_err *err);

/* True when the inputs declare transfers: a transfer or entitlement line
 * or a sharing rule. */
bool eiti_xfer_any(const struct eiti_xfer *x);

/* Compute every key's figures, status and the totals, and set
 * res->transfers (allocated in res's arena; NULL when eiti_xfer_any() is
 * false).  Returns 0; 1 when a difference or a total overflows (an
 * XFER-OVERFLOW finding located at the manifest, res->transfers NULL);
 * -1 with err set when the engine was already finished. */
int eiti_xfer_finish(
    struct eiti_results *res, struct eiti_xfer *x, struct eiti_err *err);

/* Write transfers.csv (byte-exact, columns from_id, from_name, to_id,
 * to_name, region, stream, entitled, sent, received,
 * sent_minus_entitled, received_minus_sent, status) to an open atomic
 * file.  res->transfers must not be NULL. */
int eiti_transfers_write_csv(
    const struct eiti_results *res, struct eiti_afile *f, struct eiti_err *err);

#endif
