/*
 * sec_keys.c - what the Independent Administrator did and concluded:
 * every adjustment and explanation grouped by class with a summary per
 * class, every in-scope key that is not matched with its figures and its
 * adjustments (the unreconciled ones marked), the out-of-scope keys, and
 * the conclusions and recommendations (README, Outputs; EITI Requirement
 * 4.9).
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/money.h"
#include "render/rsec.h"

/* An amount recorded as xs:decimal text, in the report's number format
 * with the fraction digits it was written with; other text as is. */
static const char *
decimal_text(struct rdoc *d, const char *s)
{
	const char *dot = strchr(s, '.');
	int digits = dot ? (int)strlen(dot + 1) : 0;
	char buf[EITI_MONEY_BUFSZ];
	int64_t v;

	if (digits > 18 || eiti_money_parse(&v, s, digits) != EITI_AMOUNT_OK)
		return r_clean(d, s);
	return r_tmp_strdup(d, r_amount(d, buf, v, digits));
}

/* The row of an adjustment, or NULL when it names no key. */
static const struct eiti_res_row *
adj_row_of(const struct eiti_results *res, const struct eiti_res_adjustment *a)
{
	return a->row != SIZE_MAX && a->row < res->nrows ? &res->rows[a->row]
							 : NULL;
}

/* ---- adjustments and explanations, by class ----------------------------- */

struct classsum {
	size_t nadj, nexp;
	int64_t ac, ag;
	bool ok; /* no overflow */
};

static void
class_sums(const struct eiti_results *res, struct classsum *s)
{
	size_t i;
	int k;

	for (k = 0; k < R_NCLASS; k++)
		s[k] = (struct classsum){0, 0, 0, 0, true};
	for (i = 0; i < res->nadjustments; i++) {
		const struct eiti_res_adjustment *a = &res->adjustments[i];
		struct classsum *c = &s[r_class_index(a->klass)];

		if (a->is_explanation) {
			c->nexp++;
			continue;
		}
		c->nadj++;
		if (a->side == EITI_ROLE_COMPANY)
			c->ok = c->ok && eiti_add(&c->ac, c->ac, a->value);
		else
			c->ok = c->ok && eiti_add(&c->ag, c->ag, a->value);
	}
}

/* The summary by class: counts, and the amounts on each side. */
static void
class_table(struct rdoc *d, const struct classsum *s)
{
	static const struct rcolspec c[5] = {
	    {"col.class", RC_TEXT, RA_LEFT, 1},
	    {"col.adjustments", RC_FIXED, RA_RIGHT, 66},
	    {"col.explanations", RC_FIXED, RA_RIGHT, 62},
	    {"col.ac", RC_MONEY, RA_RIGHT, 80},
	    {"col.ag", RC_MONEY, RA_RIGHT, 80},
	};
	struct classsum tot = {0, 0, 0, 0, true};
	struct rcolmax m[5] = {{0, false}};
	struct rtable t;
	int k;

	for (k = 0; k < R_NCLASS; k++) {
		tot.nadj += s[k].nadj;
		tot.nexp += s[k].nexp;
		tot.ok = tot.ok && s[k].ok &&
			 eiti_add(&tot.ac, tot.ac, s[k].ac) &&
			 eiti_add(&tot.ag, tot.ag, s[k].ag);
		rcm_add(&m[3], s[k].ac);
		rcm_add(&m[4], s[k].ag);
	}
	rcm_add(&m[3], tot.ac);
	rcm_add(&m[4], tot.ag);
	r_subheading(d, 2, T(d, "adjustments.summary"));
	rt_setup(d, &t, c, 5, m, 100);
	for (k = 0; k <= R_NCLASS && !d->failed; k++) {
		const struct classsum *x = k < R_NCLASS ? &s[k] : &tot;
		bool total = k == R_NCLASS;
		enum rs st = total && t.bold ? RS_TAB_BOLD : RS_TAB;
		struct rrow r;

		if (!total && x->nadj + x->nexp == 0)
			continue;
		rrow_init(&r, total ? RR_TOTAL : RR_BODY);
		if (total) {
			rcell_add(&r, 0, RS_TAB_BOLD, T(d, "col.total"), false);
		} else {
			char key[64];

			snprintf(
			    key, sizeof(key), "class.%s.title", r_class_id[k]);
			rcell_add(&r, 0, RS_TAB, T(d, key), false);
		}
		rcell_count(d, &r, 1, st, (int64_t)x->nadj);
		rcell_count(d, &r, 2, st, (int64_t)x->nexp);
		if (x->ok) {
			rcell_money(d, &r, 3, st, x->ac);
			rcell_money(d, &r, 4, st, x->ag);
		} else {
			rcell_add(&r, 3, st, T(d, "summary.overflow"), false);
		}
		rt_rows(d, &t, &r, 1);
		r_tmp_reset(d);
	}
	rt_end(d, &t);
}

/* The key of an adjustment: company, entity and stream, and its final
 * status. */
static void
adj_key_cell(
    struct rdoc *d, struct rrow *r, const struct eiti_res_adjustment *a)
{
	const struct eiti_res_row *row = adj_row_of(d->res, a);
	const struct eiti_res_entity *e = r_entity(d, a->entity_id);

	rcell_add(r, 0, RS_TAB_BOLD, r_company_name(d, a->company_id), false);
	rcell_add(r, 0, RS_TAB_GREY,
	    r_tmp_printf(d, "%s · %s", r_clean(d, a->company_id),
		e != NULL && e->name[0] ? r_clean(d, e->name)
					: r_clean(d, a->entity_id)),
	    false);
	rcell_add(r, 0, RS_TAB_GREY,
	    a->project[0]
		? r_tmp_printf(d, "%s · %s", r_stream_label(d, a->stream),
		      r_clean(d, a->project))
		: r_stream_label(d, a->stream),
	    false);
	rcell_add(r, 1, RS_TAB_GREY,
	    row != NULL ? R_MSG(d, "adjustments.status",
			      RM_S("status", r_status_name(d, row->status)))
			: T(d, "adjustments.no-key"),
	    false);
}

/* One record: its key, kind and amounts, and below them its reason and
 * reference across the table. */
static void
adj_record(
    struct rdoc *d, struct rtable *t, const struct eiti_res_adjustment *a)
{
	struct rrow rows[2];

	rrow_init(&rows[0], RR_BODY);
	rcell_add(&rows[0], 1, RS_TAB_BOLD,
	    T(d, a->is_explanation		? "adjustments.explanation"
		 : a->side == EITI_ROLE_COMPANY ? "adjustments.company"
						: "adjustments.government"),
	    false);
	adj_key_cell(d, &rows[0], a);
	if (a->is_explanation) {
		rcell_add(&rows[0], 2, RS_TAB_GREY, "—", true);
		rcell_add(&rows[0], 3, RS_TAB_GREY, "—", true);
	} else {
		rcell_add(&rows[0], 2, RS_TAB,
		    r_tmp_printf(d, "%s %s", decimal_text(d, a->amount_text),
			r_clean(d, a->currency)),
		    true);
		rcell_money(d, &rows[0], 3, RS_TAB, a->value);
	}
	rrow_init(&rows[1], RR_SUB);
	rcell_add(&rows[1], 0, RS_TAB, r_clean(d, a->reason), false);
	/* A reason is the evidence: show up to about 3,000 characters. */
	rcell_maxl(&rows[1], 0, 40);
	if (a->ref[0])
		rcell_add(&rows[1], 0, RS_TAB_GREY,
		    R_MSG(d, "details.ref", RM_S("ref", r_clean(d, a->ref))),
		    false);
	rcell_span(&rows[1], 0, 4);
	rt_rows(d, t, rows, 2);
	r_tmp_reset(d);
}

/* Every record of class k, under its own heading. */
static void
class_records(struct rdoc *d, int k, size_t n)
{
	static const struct rcolspec c[4] = {
	    {"details.key-head", RC_TEXT, RA_LEFT, 1},
	    {"col.record", RC_FIXED, RA_LEFT, 108},
	    {"col.original", RC_FIXED, RA_RIGHT, 96},
	    {"col.converted", RC_MONEY, RA_RIGHT, 80},
	};
	const struct eiti_results *res = d->res;
	struct rcolmax m[4] = {{0, false}};
	char key[64];
	struct rtable t;
	size_t i;

	for (i = 0; i < res->nadjustments; i++)
		if (r_class_index(res->adjustments[i].klass) == k)
			rcm_add(&m[3], res->adjustments[i].value);
	snprintf(key, sizeof(key), "class.%s.title", r_class_id[k]);
	r_subheading(d, 2,
	    R_MSG(d, "adjustments.class", RM_S("class", T(d, key)),
		RM_N("n", n)));
	rt_setup(d, &t, c, 4, m, 0);
	t.zebra = false;
	for (i = 0; i < res->nadjustments && !d->failed; i++)
		if (r_class_index(res->adjustments[i].klass) == k)
			adj_record(d, &t, &res->adjustments[i]);
	rt_end(d, &t);
}

void
r_sec_adjustments(struct rdoc *d, int idx)
{
	const struct eiti_results *res = d->res;
	struct classsum s[R_NCLASS];
	size_t na = 0, ne = 0;
	int k;

	r_section_start(d, idx);
	class_sums(res, s);
	for (k = 0; k < R_NCLASS; k++) {
		na += s[k].nadj;
		ne += s[k].nexp;
	}
	if (na + ne == 0) {
		r_para(d, RS_BODY, T(d, "adjustments.none"));
		return;
	}
	r_para(d, RS_BODY,
	    R_MSG(d, "adjustments.intro", RM_N("adjustments", na),
		RM_N("explanations", ne),
		RM_S("currency", r_clean(d, res->currency))));
	class_table(d, s);
	for (k = 0; k < R_NCLASS && !d->failed; k++)
		if (s[k].nadj + s[k].nexp > 0)
			class_records(d, k, s[k].nadj + s[k].nexp);
}

/* ---- keys with differences ------------------------------------------------
 */

/* Columns of the table of keys: two text columns (company; entity and
 * stream) when the amounts leave room, else one. */
struct dcols {
	int co, en, st, c, g, diff;
	enum rs fin; /* style of the final figures */
};

/* One adjustment or explanation as a sub-row of its key. */
static void
adj_subrow(struct rdoc *d, const struct dcols *k, struct rrow *r,
    const struct eiti_res_adjustment *a)
{
	const char *kind, *side;

	rrow_init(r, RR_SUB);
	side = T(d,
	    a->side == EITI_ROLE_COMPANY ? "side.company" : "side.government");
	kind = R_MSG(d,
	    a->is_explanation ? "details.explanation" : "details.adjustment",
	    RM_S("side", side), RM_S("class", r_class_name(d, a->klass)));
	rcell_add(r, 0, RS_TAB_BOLD, kind, false);
	rcell_add(r, 0, RS_TAB, r_clean(d, a->reason), false);
	rcell_maxl(r, 0, 40);
	if (!a->is_explanation && a->currency[0] &&
	    strcmp(a->currency, d->res->currency) != 0)
		rcell_add(r, 0, RS_TAB_GREY,
		    R_MSG(d, "details.original",
			RM_S("amount", decimal_text(d, a->amount_text)),
			RM_S("currency", r_clean(d, a->currency))),
		    false);
	if (a->ref[0])
		rcell_add(r, 0, RS_TAB_GREY,
		    R_MSG(d, "details.ref", RM_S("ref", r_clean(d, a->ref))),
		    false);
	rcell_span(r, 0, k->st + 1);
	if (!a->is_explanation)
		rcell_money(d, r, a->side == EITI_ROLE_COMPANY ? k->c : k->g,
		    RS_TAB, a->value);
}

/* The key's identification: company in k->co, entity and stream in
 * k->en (the same column when there is only one). */
static void
key_cells(struct rdoc *d, const struct dcols *k, struct rrow *r,
    const char *company_name, const char *company_id, const char *entity,
    const char *stream, const char *project)
{
	rcell_add(r, k->co, RS_TAB_BOLD, company_name, false);
	rcell_add(r, k->co, RS_TAB_GREY, company_id, false);
	if (k->en == k->co) {
		rcell_add(r, k->en, RS_TAB,
		    r_tmp_printf(
			d, "%s · %s", entity, r_stream_label(d, stream)),
		    false);
	} else {
		rcell_add(r, k->en, RS_TAB, entity, false);
		rcell_add(
		    r, k->en, RS_TAB_GREY, r_stream_label(d, stream), false);
	}
	if (project[0])
		rcell_add(r, k->en, RS_TAB_GREY, r_clean(d, project), false);
}

/* An in-kind key (EITI Requirement 4.2, results.h): a grey line under
 * its status with the volume of the side results.h names, or a note that
 * its units differ.  The two texts are optional, so that a template
 * written before them still renders: without one the line is left out. */
static void
inkind_cell(
    struct rdoc *d, struct rrow *row, int col, const struct eiti_res_row *r)
{
	const char *vol = r->inkind_volume, *unit = r->inkind_unit, *pat;
	struct eiti_decimal v;
	char buf[EITI_MONEY_BUFSZ];

	if (vol == NULL || vol[0] == '\0' || unit == NULL || unit[0] == '\0') {
		pat = eiti_template_text(d->t, "details.in-kind-units");
		if (pat != NULL)
			rcell_add(row, col, RS_TAB_GREY, pat, false);
		return;
	}
	if (eiti_template_text(d->t, "details.in-kind") == NULL)
		return;
	/* grouped with the template's separators, every digit kept */
	rcell_add(row, col, RS_TAB_GREY,
	    R_MSG(d, "details.in-kind",
		RM_S("volume", eiti_decimal_parse(&v, vol) == EITI_AMOUNT_OK &&
				       v.coef >= 0 && v.coef <= INT64_MAX
				   ? r_amount(d, buf, (int64_t)v.coef, v.scale)
				   : r_clean(d, vol)),
		RM_S("unit", r_clean(d, unit))),
	    false);
}

static bool
shown_in_details(const struct eiti_res_row *r)
{
	return r->status != EITI_ST_MATCHED &&
	       r->status != EITI_ST_OUT_OF_SCOPE;
}

/* The table's columns, and the widths of its amounts. */
static void
details_table(struct rdoc *d, struct rtable *t, struct dcols *k)
{
	static const struct rcolspec two[6] = {
	    {"col.key-company", RC_TEXT, RA_LEFT, 55},
	    {"col.key-entity", RC_TEXT, RA_LEFT, 45},
	    {"col.status", RC_FIXED, RA_LEFT, 62},
	    {"col.c", RC_MONEY, RA_RIGHT, 62},
	    {"col.g", RC_MONEY, RA_RIGHT, 62},
	    {"col.difference", RC_MONEY, RA_RIGHT, 62},
	};
	static const struct rcolspec one[5] = {
	    {"details.key-head", RC_TEXT, RA_LEFT, 1},
	    {"col.status", RC_FIXED, RA_LEFT, 62},
	    {"col.c", RC_MONEY, RA_RIGHT, 62},
	    {"col.g", RC_MONEY, RA_RIGHT, 62},
	    {"col.difference", RC_MONEY, RA_RIGHT, 62},
	};
	const struct eiti_results *res = d->res;
	struct rcolmax m[6] = {{0, false}};
	size_t i, j;
	int64_t x;

	for (i = 0; i < res->nrows; i++) {
		const struct eiti_res_row *r = &res->rows[i];

		if (!shown_in_details(r))
			continue;
		rcm_add(&m[3], r->c);
		rcm_add(&m[4], r->g);
		rcm_add(&m[5], r->d);
		rcm_add(&m[5], r->f);
		rcm_add(&m[5], r->tolerance);
		if (eiti_add(&x, r->c, r->ac))
			rcm_add(&m[3], x);
		if (eiti_add(&x, r->g, r->ag))
			rcm_add(&m[4], x);
		for (j = 0; j < r->nadj && r->first_adj + j < res->nadjustments;
		     j++) {
			const struct eiti_res_adjustment *a =
			    &res->adjustments[r->first_adj + j];

			rcm_add(
			    &m[a->side == EITI_ROLE_COMPANY ? 3 : 4], a->value);
		}
	}
	/* Two text columns need about 95 points each. */
	rt_setup(d, t, two, 6, m, 85);
	if (t->w[1] >= 85) {
		*k = (struct dcols){
		    0, 1, 2, 3, 4, 5, t->bold ? RS_TAB_BOLD : RS_TAB};
		return;
	}
	rt_free(t);
	m[1] = m[2];
	memmove(&m[2], &m[3], 3 * sizeof(m[0]));
	rt_setup(d, t, one, 5, m, 0);
	*k = (struct dcols){0, 0, 1, 2, 3, 4, RS_TAB};
}

/* The first row of a key: who, status, figures, tolerance. */
static void
key_row(struct rdoc *d, const struct dcols *k, struct rrow *row,
    const struct eiti_res_row *r)
{
	rrow_init(row, RR_BODY);
	key_cells(d, k, row, r_clean(d, r->company_name),
	    r_clean(d, r->company_id), r_row_entity(d, r), r->stream,
	    r->project);
	rcell_add(row, k->st, RS_TAB, r_status_name(d, r->status), false);
	if (eiti_result_unreconciled(r))
		rcell_add(row, k->st, RS_TAB_ALERT,
		    T(d, "details.unreconciled"), false);
	else if (r->status == EITI_ST_DISCREPANCY)
		rcell_add(
		    row, k->st, RS_TAB_GREY, T(d, "details.explained"), false);
	if (r->in_kind)
		inkind_cell(d, row, k->st, r);
	if (r->has_company)
		rcell_money(d, row, k->c, RS_TAB, r->c);
	else
		rcell_add(row, k->c, RS_TAB_GREY, "—", true);
	if (r->has_government)
		rcell_money(d, row, k->g, RS_TAB, r->g);
	else
		rcell_add(row, k->g, RS_TAB_GREY, "—", true);
	rcell_money(d, row, k->diff, RS_TAB, r->d);
	if (r->status != EITI_ST_MATCHED) {
		char buf[EITI_MONEY_BUFSZ];

		rcell_add(row, k->diff, RS_TAB_GREY,
		    R_MSG(d, "details.tolerance",
			RM_S("t", r_money(d, buf, r->tolerance))),
		    true);
	}
}

/* A key, its adjustments and explanations, and its final figures. */
static void
key_group(struct rdoc *d, struct rtable *t, const struct dcols *k,
    const struct eiti_res_row *r, struct rrow **rows, size_t *cap)
{
	const struct eiti_results *res = d->res;
	size_t need = 2 + r->nadj, j, nr = 1;
	bool adjusted = false;
	int64_t x;

	if (need > *cap) {
		*cap = need * 2;
		*rows = eiti_xrealloc(*rows, *cap * sizeof(**rows));
	}
	key_row(d, k, &(*rows)[0], r);
	for (j = 0; j < r->nadj && r->first_adj + j < res->nadjustments; j++) {
		const struct eiti_res_adjustment *a =
		    &res->adjustments[r->first_adj + j];

		adj_subrow(d, k, &(*rows)[nr++], a);
		adjusted = adjusted || !a->is_explanation;
	}
	if (adjusted) {
		struct rrow *f = &(*rows)[nr++];

		rrow_init(f, RR_FINAL);
		rcell_add(f, 0, RS_TAB_BOLD, T(d, "details.final"), false);
		rcell_span(f, 0, k->st + 1);
		if (eiti_add(&x, r->c, r->ac))
			rcell_money(d, f, k->c, k->fin, x);
		if (eiti_add(&x, r->g, r->ag))
			rcell_money(d, f, k->g, k->fin, x);
		rcell_money(d, f, k->diff, k->fin, r->f);
	}
	rt_rows(d, t, *rows, (int)nr);
	r_tmp_reset(d);
}

/* The keys of out-of-scope companies, one line each; the index points
 * to each company's first line. */
static void
out_of_scope_keys(struct rdoc *d)
{
	static const struct rcolspec c[4] = {
	    {"col.key-company", RC_TEXT, RA_LEFT, 1},
	    {"col.key-entity", RC_TEXT, RA_LEFT, 1},
	    {"col.c", RC_MONEY, RA_RIGHT, 62},
	    {"col.g", RC_MONEY, RA_RIGHT, 62},
	};
	const struct eiti_results *res = d->res;
	size_t n = res->overall.count[EITI_ST_OUT_OF_SCOPE], i, last = SIZE_MAX;
	struct rcolmax m[4] = {{0, false}};
	struct rtable t;

	if (n == 0)
		return;
	for (i = 0; i < res->nrows; i++)
		if (res->rows[i].status == EITI_ST_OUT_OF_SCOPE) {
			rcm_add(&m[2], res->rows[i].c);
			rcm_add(&m[3], res->rows[i].g);
		}
	r_subheading(d, 2, T(d, "details.out-of-scope"));
	r_para(
	    d, RS_BODY, R_MSG(d, "details.out-of-scope-intro", RM_N("n", n)));
	rt_setup(d, &t, c, 4, m, 0);
	for (i = 0; i < res->nrows && !d->failed; i++) {
		const struct eiti_res_row *r = &res->rows[i];
		size_t ci;
		struct rrow row;

		if (r->status != EITI_ST_OUT_OF_SCOPE)
			continue;
		ci = r_company_index(d, r->company_id);
		rrow_init(&row, RR_BODY);
		if (ci != SIZE_MAX && ci != last)
			row.dest = r_tmp_printf(d, "co-%zu", ci);
		rcell_add(&row, 0, RS_TAB, r_clean(d, r->company_name), false);
		rcell_add(&row, 0, RS_TAB_GREY, r_clean(d, r->company_id), 0);
		rcell_add(&row, 1, RS_TAB, r_row_entity(d, r), false);
		rcell_add(
		    &row, 1, RS_TAB_GREY, r_stream_label(d, r->stream), false);
		rcell_money(d, &row, 2, RS_TAB, r->c);
		rcell_money(d, &row, 3, RS_TAB, r->g);
		rt_rows(d, &t, &row, 1);
		if (ci != SIZE_MAX && ci != last && d->pass == 1)
			d->co.page[ci] = d->page;
		last = ci;
		r_tmp_reset(d);
	}
	rt_end(d, &t);
}

/* Adjustments and explanations whose key has no payment at all, in a
 * table shaped like the keys' (like: its widths; head: its header). */
static void
orphans(struct rdoc *d, const struct rtable *like, const char *const *head,
    const struct dcols *k)
{
	const struct eiti_results *res = d->res;
	struct rrow rows[2];
	struct rtable t;
	size_t i, n = 0;

	for (i = 0; i < res->nadjustments; i++)
		n += adj_row_of(res, &res->adjustments[i]) == NULL;
	if (n == 0)
		return;
	r_subheading(d, 2, T(d, "details.orphans"));
	r_para(d, RS_BODY, T(d, "details.orphans-intro"));
	rt_init(&t, like->ncols);
	memcpy(t.w, like->w, sizeof(t.w));
	memcpy(t.align, like->align, sizeof(t.align));
	rt_header(d, &t, head);
	for (i = 0; i < res->nadjustments && !d->failed; i++) {
		const struct eiti_res_adjustment *a = &res->adjustments[i];

		if (adj_row_of(res, a) != NULL)
			continue;
		rrow_init(&rows[0], RR_BODY);
		key_cells(d, k, &rows[0], r_company_name(d, a->company_id),
		    r_clean(d, a->company_id), r_clean(d, a->entity_id),
		    a->stream, a->project);
		rcell_add(
		    &rows[0], k->st, RS_TAB_GREY, T(d, "details.key"), false);
		adj_subrow(d, k, &rows[1], a);
		rt_rows(d, &t, rows, 2);
		r_tmp_reset(d);
	}
	rt_end(d, &t);
}

void
r_sec_details(struct rdoc *d, int idx)
{
	const struct eiti_results *res = d->res;
	struct rrow *rows = NULL;
	size_t cap = 0, i, shown = 0;
	struct dcols k;
	struct rtable t;

	r_section_start(d, idx);
	for (i = 0; i < res->nrows; i++)
		shown += shown_in_details(&res->rows[i]);
	r_para(d, RS_BODY,
	    R_MSG(d, "details.intro", RM_N("n", shown),
		RM_S("currency", r_clean(d, res->currency))));
	details_table(d, &t, &k);
	if (shown == 0)
		r_para(d, RS_BODY, T(d, "details.none"));
	for (i = 0; i < res->nrows && !d->failed; i++)
		if (shown_in_details(&res->rows[i]))
			key_group(d, &t, &k, &res->rows[i], &rows, &cap);
	{
		/* the orphans' table has the same shape and header */
		const char *head[RT_MAXCOL];
		struct rtable like = t;
		int c;

		for (c = 0; c < t.ncols; c++)
			head[c] = r_tmp_strdup(
			    d, t.head.c[c].np > 0 ? t.head.c[c].p[0].text : "");
		rt_end(d, &t);
		orphans(d, &like, head, &k);
	}
	out_of_scope_keys(d);
	free(rows);
}

/* ---- conclusions and recommendations ------------------------------------ */

/* The paragraphs of v[0..n) in the language chosen for this report; a
 * note when that is not the report's. */
static size_t
lang_paragraphs(
    struct rdoc *d, const struct eiti_res_text *v, size_t n, bool numbered)
{
	const char *l = eiti_res_text_lang(v, n, d->lang);
	size_t i, k = 0;

	if (l == NULL)
		return 0;
	if (l[0] != '\0' && strcmp(l, d->lang) != 0)
		r_para(d, RS_NOTE,
		    R_MSG(d, "conclusions.other-lang",
			RM_S("lang", r_clean(d, l))));
	for (i = 0; i < n && !d->failed; i++) {
		if (strcmp(v[i].lang, l) != 0)
			continue;
		k++;
		r_para(d, RS_BODY,
		    numbered
			? r_tmp_printf(d, "%zu. %s", k, r_clean(d, v[i].text))
			: r_clean(d, v[i].text));
		r_tmp_reset(d);
	}
	return k;
}

void
r_sec_conclusions(struct rdoc *d, int idx)
{
	const struct eiti_results *res = d->res;
	bool admin = res->administrator && res->administrator[0];

	r_section_start(d, idx);
	r_para(d, RS_BODY,
	    R_MSG(d, "conclusions.intro", RM_S("admin", admin ? "yes" : "no"),
		RM_S("name", admin ? r_clean(d, res->administrator) : "")));
	r_subheading(d, 2, T(d, "conclusions.conclusions"));
	if (lang_paragraphs(d, res->conclusions, res->nconclusions, false) == 0)
		r_para(d, RS_BODY, T(d, "conclusions.none"));
	r_subheading(d, 2, T(d, "conclusions.recommendations"));
	if (lang_paragraphs(
		d, res->recommendations, res->nrecommendations, true) == 0)
		r_para(d, RS_BODY, T(d, "conclusions.recommendations-none"));
}
