/*
 * identity.h - the checks that need every file of a reconciliation at
 * once: who is who across disclosures, and whom the adjustments name
 * (eitirep-adjustments(5), eitirep-manifest(5)).
 *
 * The collector is handed each disclosure's declarations and payments as
 * they are read (the reconciliation's sink, or `validate --manifest`),
 * whatever else is wrong with them, and afterwards:
 *
 *  - eiti_identity_check() raises the cross-file warnings (ID-*): one
 *    company name under two ids (names compared ignoring case, accents,
 *    punctuation and legal-form suffixes such as S.A.S., Ltda., Inc.; the
 *    message gives the <alias> line that makes them one), one company id
 *    with two names or sectors, one entity id with two names, levels or
 *    regions, and a payment id repeated in two files of one reporter;
 *  - eiti_identity_parties() raises ADJ-PARTY for every adjustment or
 *    explanation whose company (after aliases) or entity no disclosure
 *    declares, naming the closest declared ids (core/suggest.h).
 *
 * Memory: the declarations, and the first EITI_IDENTITY_MAX_IDS payment
 * ids (compact sets, validate/strset.c).
 */
#ifndef EITI_VALIDATE_IDENTITY_H
#define EITI_VALIDATE_IDENTITY_H

#include "core/diag.h"
#include "model/model.h"

struct eiti_identity;

/* The payment ids kept for IDENT-PAYMENT, at most (the first ones read). */
#define EITI_IDENTITY_MAX_IDS (1UL << 20)

/* A collector for the reconciliation of m (m may be NULL: no aliases). */
struct eiti_identity *eiti_identity_new(const struct eiti_manifest *m);
void eiti_identity_free(struct eiti_identity *id); /* accepts NULL */

/* One declaration or payment of the disclosure h. */
void eiti_identity_company(struct eiti_identity *id,
    const struct eiti_disclosure_hdr *h, const struct eiti_company_decl *c);
void eiti_identity_entity(struct eiti_identity *id,
    const struct eiti_disclosure_hdr *h, const struct eiti_entity_decl *e);
void eiti_identity_payment(struct eiti_identity *id,
    const struct eiti_disclosure_hdr *h, const struct eiti_payment *p);

/* The number of disclosures that declared anything so far. */
size_t eiti_identity_files(const struct eiti_identity *id);

/* The cross-file warnings, once every disclosure was read (the payment
 * ids kept for them are then given back). */
void eiti_identity_check(struct eiti_identity *id, struct eiti_diags *diags);

/* ADJ-PARTY for the items of a (findings in a->file). */
void eiti_identity_parties(const struct eiti_identity *id,
    const struct eiti_adjustments *a, struct eiti_diags *diags);

/*
 * eiti_validate_file_in() (validate.h) for `validate --manifest`, which
 * also hands a disclosure's declarations and payments to id and, for an
 * adjustments file, sets *adj to its items (free with
 * eiti_adjustments_free(); NULL for other kinds), for
 * eiti_identity_check() and eiti_identity_parties() once every file is
 * read.  Same returns.
 */
int eiti_validate_file_collect(const char *path, const struct eiti_manifest *m,
    struct eiti_identity *id, struct eiti_adjustments **adj,
    struct eiti_diags *diags, struct eiti_err *err);

/*
 * The key two company names are compared by, written into out (size
 * bytes): normalized as core/suggest.h does, punctuation dropped, runs
 * of one-letter words joined ("S. A. S." is "sas") and trailing legal
 * forms removed ("Minera Andina S.A.S." and "MINERA ANDINA" give
 * "minera andina").
 */
void eiti_company_name_key(char *out, size_t size, const char *name);

#endif
