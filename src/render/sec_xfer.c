/*
 * sec_xfer.c - the reconciliation of subnational transfers (EITI
 * Requirement 5.2; README, "Subnational transfers"): totals and keys by
 * status, totals by region (department) and by recipient (department or
 * municipality), every transfer key with its entitlement E, amount sent S
 * and amount received R, the sharing formulas, and the recipients of a
 * formula that declared no receipt.  Present only when the results have
 * transfers (model/transfers.h).
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "core/money.h"
#include "render/rsec.h"

static const char *const xs_id[EITI_XS_COUNT] = {
    [EITI_XS_MATCHED] = "matched",
    [EITI_XS_WITHIN_TOLERANCE] = "within-tolerance",
    [EITI_XS_DISCREPANCY] = "discrepancy",
    [EITI_XS_NOT_TRANSFERRED] = "not-transferred",
    [EITI_XS_RECEIPT_NOT_REPORTED] = "receipt-not-reported",
    [EITI_XS_TRANSFER_NOT_REPORTED] = "transfer-not-reported",
};

static const char *
xs_name(struct rdoc *d, enum eiti_xfer_status s)
{
	return (unsigned)s < EITI_XS_COUNT ? r_coded(d, "xstatus", xs_id[s])
					   : "?";
}

/* The five figures of a transfer key or group; a figure that does not
 * exist is NULL. */
struct xfig {
	const int64_t *v[5]; /* E, S, R, S - E, R - S */
};

static struct xfig
row_fig(const struct eiti_res_xfer *x)
{
	return (struct xfig){{x->has_e ? &x->e : NULL, x->has_s ? &x->s : NULL,
	    x->has_r ? &x->r : NULL, eiti_xfer_has_s_e(x) ? &x->s_e : NULL,
	    eiti_xfer_has_r_s(x) ? &x->r_s : NULL}};
}

/* A group's figures; S (R) does not exist when none of its keys has one:
 * every key is not-transferred or transfer-not-reported (or
 * receipt-not-reported), by the order of the statuses. */
static struct xfig
total_fig(const struct eiti_res_xfer_total *x)
{
	const size_t *c = x->count;
	bool no_s = x->keys > 0 && c[EITI_XS_NOT_TRANSFERRED] +
					   c[EITI_XS_TRANSFER_NOT_REPORTED] ==
				       x->keys;
	bool no_r = x->keys > 0 && c[EITI_XS_NOT_TRANSFERRED] +
					   c[EITI_XS_RECEIPT_NOT_REPORTED] ==
				       x->keys;

	return (struct xfig){{&x->e, no_s ? NULL : &x->s, no_r ? NULL : &x->r,
	    no_s ? NULL : &x->s_e, no_s || no_r ? NULL : &x->r_s}};
}

static const struct rcolspec xcols[6] = {
    {"col.transfer", RC_TEXT, RA_LEFT, 1},
    {"col.xfer-e", RC_MONEY, RA_RIGHT, 58},
    {"col.xfer-s", RC_MONEY, RA_RIGHT, 58},
    {"col.xfer-r", RC_MONEY, RA_RIGHT, 58},
    {"col.xfer-s-e", RC_MONEY, RA_RIGHT, 52},
    {"col.xfer-r-s", RC_MONEY, RA_RIGHT, 52},
};

static void
fig_max(struct rcolmax *m, const struct xfig *f)
{
	int i;

	for (i = 0; i < 5; i++)
		if (f->v[i] != NULL)
			rcm_add(&m[i + 1], *f->v[i]);
}

static void
fig_cells(struct rdoc *d, struct rrow *r, const struct xfig *f, enum rs st)
{
	int i;

	for (i = 0; i < 5; i++)
		if (f->v[i] != NULL)
			rcell_money(d, r, i + 1, st, *f->v[i]);
		else
			rcell_add(r, i + 1, RS_TAB_GREY, "—", true);
}

/* One line of a table: the label parts in column 0 (or, when the table
 * is stacked, on a line of their own above the figures, with the second
 * label, grey, beside the figures). */
struct xlabel {
	const char *main, *sub, *sub2;
	enum rs sub2_st;
};

static void
xrow(struct rdoc *d, struct rtable *t, bool stacked, const struct xlabel *l,
    const struct xfig *f, int kind)
{
	enum rs st = kind == RR_TOTAL && t->bold ? RS_TAB_BOLD : RS_TAB;
	struct rrow rows[2], *r = &rows[0];
	int nr = 1;

	if (stacked && kind != RR_TOTAL) {
		rrow_init(&rows[0], RR_BODY);
		rcell_add(&rows[0], 0, RS_TAB, l->main, false);
		rcell_span(&rows[0], 0, 6);
		r = &rows[1];
		nr = 2;
	}
	rrow_init(r, kind);
	if (!stacked || kind == RR_TOTAL)
		rcell_add(r, 0, kind == RR_TOTAL ? RS_TAB_BOLD : RS_TAB,
		    l->main, false);
	if (l->sub != NULL && l->sub[0] != '\0')
		rcell_add(r, 0, RS_TAB_GREY, l->sub, false);
	if (l->sub2 != NULL && l->sub2[0] != '\0')
		rcell_add(r, 0, l->sub2_st, l->sub2, false);
	fig_cells(d, r, f, st);
	rt_rows(d, t, rows, nr);
}

enum xgroup { XG_REGION, XG_RECIPIENT };

/* Totals by region or by recipient, with the overall total. */
static void
group_table(struct rdoc *d, enum xgroup g)
{
	const struct eiti_res_transfers *x = d->res->transfers;
	const struct eiti_res_xfer_total *v =
	    g == XG_REGION ? x->by_region : x->by_recipient;
	size_t n = g == XG_REGION ? x->nby_region : x->nby_recipient, i;
	struct rcolspec c[6];
	struct rcolmax m[6] = {{0, false}};
	struct rtable t;
	bool stacked;

	memcpy(c, xcols, sizeof(c));
	c[0].head = g == XG_REGION ? "col.region" : "col.recipient";
	for (i = 0; i <= n; i++) {
		struct xfig f = total_fig(i < n ? &v[i] : &x->overall);

		fig_max(m, &f);
	}
	rt_setup(d, &t, c, 6, m, 110);
	rt_keep(&t, n + 1);
	stacked = t.w[0] < 100.0;
	for (i = 0; i <= n && !d->failed; i++) {
		const struct eiti_res_xfer_total *y =
		    i < n ? &v[i] : &x->overall;
		struct xfig f = total_fig(y);
		struct xlabel l = {NULL, NULL, NULL, RS_TAB_GREY};

		if (i == n)
			l.main = T(d, "col.total");
		else if (g == XG_REGION) {
			l.main = r_region_name(d, y->key);
			l.sub = r_clean(d, y->key);
		} else {
			l.main = y->name[0] ? r_clean(d, y->name)
					    : r_clean(d, y->key);
			l.sub = r_clean(d, y->key);
		}
		if (i < n && y->count[EITI_XS_DISCREPANCY] > 0) {
			l.sub2 = R_MSG(d, "count.discrepancies",
			    RM_N("n", y->count[EITI_XS_DISCREPANCY]));
			l.sub2_st = RS_TAB_ALERT;
		}
		xrow(d, &t, stacked, &l, &f, i == n ? RR_TOTAL : RR_BODY);
		r_tmp_reset(d);
	}
	rt_end(d, &t);
}

/* Every transfer key: from -> to, the stream and the status. */
static void
key_table(struct rdoc *d)
{
	const struct eiti_res_transfers *x = d->res->transfers;
	struct rcolmax m[6] = {{0, false}};
	struct rtable t;
	size_t i;

	for (i = 0; i < x->nrows; i++) {
		struct xfig f = row_fig(&x->rows[i]);

		fig_max(m, &f);
	}
	rt_setup(d, &t, xcols, 6, m, 110);
	rt_keep(&t, x->nrows);
	rt_intro(d, &t, RS_BODY, T(d, "transfers.keys-intro"));
	for (i = 0; i < x->nrows && !d->failed; i++) {
		const struct eiti_res_xfer *y = &x->rows[i];
		struct xfig f = row_fig(y);
		struct xlabel l;

		l.main = R_MSG(d, "transfers.key",
		    RM_S("from", r_clean(d, y->from_name[0] ? y->from_name
							    : y->from_id)),
		    RM_S("to",
			r_clean(d, y->to_name[0] ? y->to_name : y->to_id)));
		l.sub = r_stream_label(d, y->stream);
		l.sub2 = xs_name(d, y->status);
		l.sub2_st = y->status == EITI_XS_DISCREPANCY ? RS_TAB_ALERT
							     : RS_TAB_GREY;
		xrow(d, &t, true, &l, &f, RR_BODY);
		r_tmp_reset(d);
	}
	rt_end(d, &t);
}

/* The overall figures and the keys by status. */
static void
overview(struct rdoc *d)
{
	const struct eiti_res_xfer_total *o = &d->res->transfers->overall;
	static const char *const label[7] = {"transfers.total-e",
	    "transfers.total-s", "transfers.total-r", "transfers.net-s-e",
	    "transfers.net-r-s", "transfers.gross-s-e", "transfers.gross-r-s"};
	static const struct rcolspec scols[2] = {
	    {"col.status", RC_TEXT, RA_LEFT, 1},
	    {"col.keys", RC_FIXED, RA_RIGHT, 80},
	};
	const int64_t v[7] = {
	    o->e, o->s, o->r, o->s_e, o->r_s, o->gross_s_e, o->gross_r_s};
	struct rtable t;
	int i;

	r_kv_begin(d, &t, R_BODY_W * 0.58, true);
	rt_keep(&t, 7);
	for (i = 0; i < 7 && !d->failed; i++)
		r_kv_row(
		    d, &t, T(d, label[i]), r_money_cur(d, v[i]), true, RS_TAB);
	rt_end(d, &t);
	r_tmp_reset(d);
	rt_setup(d, &t, scols, 2, NULL, 0);
	rt_keep(&t, EITI_XS_COUNT);
	for (i = 0; i < EITI_XS_COUNT && !d->failed; i++) {
		struct rrow r;

		rrow_init(&r, RR_BODY);
		rcell_add(
		    &r, 0, RS_TAB, xs_name(d, (enum eiti_xfer_status)i), false);
		rcell_count(d, &r, 1, RS_TAB, (int64_t)o->count[i]);
		rt_rows(d, &t, &r, 1);
	}
	rt_end(d, &t);
	r_tmp_reset(d);
}

/* The name of a recipient of a sharing rule (its id when unknown). */
static const char *
party_name(struct rdoc *d, const char *id)
{
	const struct eiti_res_transfers *x = d->res->transfers;
	size_t lo = 0, hi = x->nby_recipient;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = strcmp(x->by_recipient[mid].key, id);

		if (c == 0)
			return r_clean(d, x->by_recipient[mid].name[0]
					      ? x->by_recipient[mid].name
					      : id);
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return r_clean(d, id);
}

/* One sharing formula: its base and each recipient's share (the
 * formula's amount in the base's currency when that is not the report's,
 * and the amount due in the report's). */
static void
sharing_table(struct rdoc *d, const struct eiti_res_sharing *s)
{
	const struct rcolspec c[4] = {
	    {"col.recipient", RC_TEXT, RA_LEFT, 1},
	    {"col.share-rate", RC_FIXED, RA_RIGHT, 56},
	    {"col.share-amount", RC_MONEY, RA_RIGHT, 70},
	    {"col.xfer-e", RC_MONEY, RA_RIGHT, 70},
	};
	bool foreign = strcmp(s->currency, d->res->currency) != 0;
	struct rcolspec cols[4] = {c[0], c[1], c[2], c[3]};
	int nc = foreign ? 4 : 3, ve = nc - 1;
	struct rcolmax m[4] = {{0, false}};
	char buf[EITI_MONEY_BUFSZ];
	const char *intro;
	struct rtable t;
	size_t i;

	if (!foreign)
		cols[2] = c[3];
	for (i = 0; i < s->nshares; i++) {
		rcm_add(&m[2], s->shares[i].amount);
		rcm_add(&m[ve], s->shares[i].value);
	}
	rt_setup(d, &t, cols, nc, m, 100);
	rt_keep(&t, s->nshares);
	intro = R_MSG(d, "transfers.sharing-rule",
	    RM_S("from", r_clean(d, s->from_name[0] ? s->from_name : s->from)),
	    RM_S("stream", r_stream_label(d, s->stream)),
	    RM_S("base", r_amount(d, buf, s->base, s->currency_digits)),
	    RM_S("currency", r_clean(d, s->currency)),
	    RM_S("has_basis", s->basis[0] ? "yes" : "no"),
	    RM_S("basis", r_clean(d, s->basis)));
	rt_intro(d, &t, RS_BODY, intro);
	for (i = 0; i < s->nshares && !d->failed; i++) {
		const struct eiti_res_share *sh = &s->shares[i];
		struct rrow r;

		rrow_init(&r, RR_BODY);
		rcell_add(&r, 0, RS_TAB, party_name(d, sh->to), false);
		rcell_add(&r, 0, RS_TAB_GREY, r_clean(d, sh->to), false);
		rcell_add(&r, 1, RS_TAB, r_pct_fraction(d, &sh->rate), true);
		if (foreign)
			rcell_add(&r, 2, RS_TAB,
			    r_tmp_strdup(d, r_amount(d, buf, sh->amount,
						s->currency_digits)),
			    true);
		rcell_money(d, &r, ve, RS_TAB, sh->value);
		rt_rows(d, &t, &r, 1);
		r_tmp_reset(d);
	}
	rt_end(d, &t);
}

/* Recipients of a formula that declared no receipt at all. */
static void
silent_table(struct rdoc *d)
{
	static const struct rcolspec c[3] = {
	    {"col.recipient", RC_TEXT, RA_LEFT, 1},
	    {"col.xfer-e", RC_MONEY, RA_RIGHT, 70},
	    {"col.xfer-s", RC_MONEY, RA_RIGHT, 70},
	};
	const struct eiti_res_transfers *x = d->res->transfers;
	struct rcolmax m[3] = {{0, false}};
	struct rtable t;
	size_t i;

	if (x->nsilent == 0) {
		r_para(d, RS_BODY,
		    R_MSG(d, "transfers.silent-intro", RM_N("n", 0)));
		return;
	}
	for (i = 0; i < x->nsilent; i++) {
		rcm_add(&m[1], x->silent[i].e);
		rcm_add(&m[2], x->silent[i].s);
	}
	rt_setup(d, &t, c, 3, m, 0);
	rt_keep(&t, x->nsilent);
	rt_intro(d, &t, RS_BODY,
	    R_MSG(d, "transfers.silent-intro", RM_N("n", x->nsilent)));
	for (i = 0; i < x->nsilent && !d->failed; i++) {
		const struct eiti_res_xfer_silent *y = &x->silent[i];
		struct rrow r;

		rrow_init(&r, RR_BODY);
		rcell_add(&r, 0, RS_TAB,
		    r_clean(d, y->name[0] ? y->name : y->id), false);
		rcell_add(&r, 0, RS_TAB_GREY,
		    y->region[0] ? r_tmp_printf(d, "%s · %s", r_clean(d, y->id),
				       r_region_name(d, y->region))
				 : r_clean(d, y->id),
		    false);
		rcell_money(d, &r, 1, RS_TAB, y->e);
		rcell_money(d, &r, 2, RS_TAB, y->s);
		rt_rows(d, &t, &r, 1);
		r_tmp_reset(d);
	}
	rt_end(d, &t);
}

bool
r_has_transfers(const struct eiti_results *res)
{
	return res->transfers != NULL;
}

void
r_sec_transfers(struct rdoc *d, int idx)
{
	const struct eiti_res_transfers *x = d->res->transfers;
	size_t i;

	r_section_start(d, idx);
	r_para(d, RS_BODY,
	    R_MSG(d, "transfers.intro", RM_N("keys", x->nrows),
		RM_N("recipients", x->nby_recipient),
		RM_S("currency", r_clean(d, d->res->currency))));
	overview(d);
	r_subheading(d, 2, T(d, "transfers.by-region"));
	group_table(d, XG_REGION);
	r_subheading(d, 2, T(d, "transfers.by-recipient"));
	group_table(d, XG_RECIPIENT);
	r_subheading(d, 2, T(d, "transfers.keys"));
	key_table(d);
	if (x->nsharings > 0) {
		r_subheading(d, 2, T(d, "transfers.sharing"));
		for (i = 0; i < x->nsharings && !d->failed; i++)
			sharing_table(d, &x->sharings[i]);
	}
	r_subheading(d, 2, T(d, "transfers.silent"));
	silent_table(d);
}
