/*
 * transfers.h - the outcome of the reconciliation of subnational transfers
 * (EITI Requirement 5.2): the revenue-sharing formulas, one row per
 * (from, to, stream) with the entitlement E, the amount sent S and the
 * amount received R, the two differences, the totals by recipient, by
 * region and overall, and the recipients a formula covers that reported
 * nothing.  Part of struct eiti_results (results.h: res->transfers, NULL
 * when the inputs declare no transfer, entitlement or sharing rule).
 *
 * The rules (README, "Subnational transfers"): E is the sum of the
 * declared entitlements of the key, or round(base x rate) of the
 * manifest's sharing rule in the base's currency, converted as one line;
 * S and R are sums of lines each converted on its own.  S - E exists when
 * E and S do, R - S when S and R do.  The margin of variance of each
 * difference is max(abs, rel x |S|), with the stream's (and the
 * recipient's) tolerance.  Status, the first that applies:
 * not-transferred (only E), receipt-not-reported (no R),
 * transfer-not-reported (no S), matched (every difference 0),
 * within-tolerance (every difference within the margin), discrepancy.
 *
 * Amounts are int64 minor units of the report currency unless a field
 * says otherwise; every string is owned by the results' arena and is
 * never NULL ("" when absent).  Rows are in byte order of (from, to,
 * stream); groups in byte order of their key.
 */
#ifndef EITI_MODEL_TRANSFERS_H
#define EITI_MODEL_TRANSFERS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/money.h"

enum eiti_xfer_status {
	EITI_XS_MATCHED,
	EITI_XS_WITHIN_TOLERANCE,
	EITI_XS_DISCREPANCY,
	EITI_XS_NOT_TRANSFERRED,
	EITI_XS_RECEIPT_NOT_REPORTED,
	EITI_XS_TRANSFER_NOT_REPORTED,
	EITI_XS_COUNT
};

/* "matched", "within-tolerance", "discrepancy", "not-transferred",
 * "receipt-not-reported", "transfer-not-reported" (the transfers.csv
 * spelling). */
const char *eiti_xfer_status_name(enum eiti_xfer_status s);
/* Parse that spelling; -1 if unknown. */
int eiti_xfer_status_parse(const char *s);

/* One recipient of a sharing rule. */
struct eiti_res_share {
	const char *to;
	struct eiti_decimal rate;
	const char *rate_text; /* shortest decimal text */
	int64_t amount;	       /* round(base x rate), minor units of the
				  sharing's currency */
	int64_t value;	       /* amount converted (one line) */
};

/* A revenue-sharing formula of the manifest. */
struct eiti_res_sharing {
	const char *from, *from_name, *stream;
	const char *currency; /* of the base */
	int currency_digits;
	int64_t base; /* minor units of currency */
	const char *basis;
	struct eiti_res_share *shares; /* manifest order */
	size_t nshares;
};

/* One key (from, to, stream). */
struct eiti_res_xfer {
	const char *from_id, *from_name, *to_id, *to_name;
	const char *region; /* of the recipient */
	const char *stream;
	bool has_e, has_s, has_r;
	bool formula;	   /* E comes from a sharing rule */
	int64_t e, s, r;   /* 0 when absent */
	int64_t s_e, r_s;  /* S - E, R - S; 0 when they do not exist */
	int64_t tolerance; /* max(abs, rel x |S|), rounded toward zero,
			      for display */
	enum eiti_xfer_status status;
};

/* The differences exist when both of their figures do. */
static inline bool
eiti_xfer_has_s_e(const struct eiti_res_xfer *x)
{
	return x->has_e && x->has_s;
}

static inline bool
eiti_xfer_has_r_s(const struct eiti_res_xfer *x)
{
	return x->has_s && x->has_r;
}

/* A totals group: sums over the rows where each figure or difference
 * exists; gross_* are sums of absolute values. */
struct eiti_res_xfer_total {
	const char *key;  /* recipient id, region code ("" for none); ""
			     for the overall total */
	const char *name; /* recipient name; "" otherwise */
	int64_t e, s, r, s_e, r_s, gross_s_e, gross_r_s;
	size_t keys;
	size_t count[EITI_XS_COUNT];
};

/* A recipient that a sharing rule covers and that declared no receipt at
 * all (in any key). */
struct eiti_res_xfer_silent {
	const char *id, *name, *region;
	int64_t e; /* its formula entitlements */
	int64_t s; /* what was sent to it, over every key */
};

struct eiti_res_transfers {
	struct eiti_res_sharing *sharings; /* manifest order */
	size_t nsharings;
	struct eiti_res_xfer *rows;
	size_t nrows;
	struct eiti_res_xfer_total overall;
	struct eiti_res_xfer_total *by_recipient, *by_region;
	size_t nby_recipient, nby_region;
	struct eiti_res_xfer_silent *silent; /* byte order of id */
	size_t nsilent;
};

#endif
