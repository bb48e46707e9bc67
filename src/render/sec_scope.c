/*
 * sec_scope.c - scope and method (thresholds, margins of variance,
 * exchange rates, the companies and entities), government revenue by
 * stream with the unilateral totals, the reconciliation totals by
 * company, stream, entity and region (README rule 6), and the companies that
 * did not report (README rule 6).
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/money.h"
#include "render/rsec.h"

/* ---- scope and method ------------------------------------------------ */

/* Entities named in the results that reported no receipt at all. */
static size_t
silent_entities(struct rdoc *d)
{
	const struct eiti_results *res = d->res;
	bool *heard = eiti_xcalloc(res->nentities + 1, sizeof(bool));
	size_t i, n = 0;

	for (i = 0; i < res->nrows; i++) {
		const struct eiti_res_entity *e;

		if (!res->rows[i].has_government ||
		    (e = r_entity(d, res->rows[i].entity_id)) == NULL)
			continue;
		heard[e - res->entities] = true;
	}
	for (i = 0; i < res->nentities; i++)
		if (!heard[i])
			n++;
	free(heard);
	return n;
}

static void
method_intro(struct rdoc *d)
{
	const struct eiti_results *res = d->res;
	size_t i, sources = 0;

	for (i = 0; i < res->nsources; i++)
		if (!res->sources[i].is_adjustments)
			sources++;
	r_para(d, RS_BODY,
	    R_MSG(d, "method.intro", RM_S("place", r_place_name(d)),
		RM_S("period", r_period_text(d)),
		RM_S("currency", r_clean(d, res->currency)),
		RM_N("sources", sources), RM_N("companies", res->ncompanies),
		RM_N("entities", res->nentities),
		RM_N("nonreporting", res->nnonreporting),
		RM_N("silent", silent_entities(d))));
}

static void
method_params(struct rdoc *d)
{
	const struct eiti_results *res = d->res;
	struct rtable t;

	r_subheading(d, 2, T(d, "method.params"));
	r_kv_begin(d, &t, R_BODY_W * 0.42, false);
	r_kv_row(d, &t, T(d, "method.param.period"), r_period_text(d), false,
	    RS_TAB);
	r_kv_row(d, &t, T(d, "method.param.currency"),
	    R_MSG(d, "currency.value",
		RM_S("currency", r_clean(d, res->currency)),
		RM_N("digits", res->currency_digits)),
	    false, RS_TAB);
	r_kv_row(d, &t, T(d, "method.param.level"),
	    T(d, res->level_project ? "level.project" : "level.stream"), false,
	    RS_TAB);
	r_kv_row(d, &t, T(d, "method.param.basis"), T(d, "method.basis"), false,
	    RS_TAB);
	r_kv_row(d, &t, T(d, "method.param.materiality"),
	    res->has_materiality ? r_money_cur(d, res->materiality)
				 : T(d, "method.materiality-none"),
	    false, RS_TAB);
	r_kv_row(d, &t, T(d, "method.param.abs"), r_money_cur(d, res->abs_tol),
	    false, RS_TAB);
	r_kv_row(d, &t, T(d, "method.param.rel"),
	    r_pct_fraction(d, &res->rel_tol), false, RS_TAB);
	r_kv_row(d, &t, T(d, "method.param.rounding"), T(d, "method.rounding"),
	    false, RS_TAB);
	r_kv_row(d, &t, T(d, "method.param.generated"),
	    r_date(d, res->generated), false, RS_TAB);
	r_kv_row(d, &t, T(d, "method.param.tool"),
	    r_tmp_printf(d, "eitirep %s", r_clean(d, res->tool_version)), false,
	    RS_TAB);
	rt_end(d, &t);
	r_tmp_reset(d);
}

static void
method_rules(struct rdoc *d)
{
	const struct eiti_results *res = d->res;

	if (res->has_materiality)
		r_para(d, RS_BODY,
		    R_MSG(d, "method.scope-rule",
			RM_S("materiality", r_money_cur(d, res->materiality))));
	else
		r_para(d, RS_BODY, T(d, "method.scope-all"));
	r_para(d, RS_BODY,
	    R_MSG(d, "method.tolerance-rule",
		RM_S("abs", r_money_cur(d, res->abs_tol)),
		RM_S("rel", r_pct_fraction(d, &res->rel_tol))));
	r_para(d, RS_BODY, T(d, "method.adjustments-rule"));
	r_tmp_reset(d);
}

static void
method_overrides(struct rdoc *d)
{
	static const struct rcolspec c[4] = {
	    {"col.stream", RC_TEXT, RA_LEFT, 3},
	    {"col.entity", RC_TEXT, RA_LEFT, 2},
	    {"col.abs", RC_MONEY, RA_RIGHT, 70},
	    {"col.rel", RC_FIXED, RA_RIGHT, 64},
	};
	const struct eiti_results *res = d->res;
	struct rcolmax m[4] = {{0, false}};
	struct rtable t;
	size_t i;

	r_subheading(d, 2, T(d, "method.overrides"));
	if (res->ntolerances == 0) {
		r_para(d, RS_BODY, T(d, "method.overrides-none"));
		return;
	}
	for (i = 0; i < res->ntolerances; i++)
		rcm_add(&m[2], res->tolerances[i].abs);
	rt_setup(d, &t, c, 4, m, 0);
	for (i = 0; i < res->ntolerances && !d->failed; i++) {
		const struct eiti_res_tolerance *tl = &res->tolerances[i];
		struct rrow r;

		rrow_init(&r, RR_BODY);
		r_stream_parts(d, &r, 0, tl->stream);
		if (tl->entity[0])
			r_entity_parts(d, &r, 1, tl->entity);
		else
			rcell_add(&r, 1, RS_TAB, T(d, "all-entities"), false);
		if (tl->has_abs)
			rcell_money(d, &r, 2, RS_TAB, tl->abs);
		else
			rcell_add(&r, 2, RS_TAB_GREY, "—", true);
		rcell_add(&r, 3, RS_TAB,
		    tl->has_rel ? r_pct_fraction(d, &tl->rel) : "—", true);
		rt_rows(d, &t, &r, 1);
		r_tmp_reset(d);
	}
	rt_end(d, &t);
}

static void
method_rates(struct rdoc *d)
{
	static const struct rcolspec c[3] = {
	    {"col.currency", RC_FIXED, RA_LEFT, 60},
	    {"col.rate", RC_FIXED, RA_RIGHT, 110},
	    {"col.source", RC_TEXT, RA_LEFT, 1},
	};
	const struct eiti_results *res = d->res;
	struct rtable t;
	size_t i;

	r_subheading(d, 2, T(d, "method.rates"));
	if (res->nrates == 0) {
		r_para(d, RS_BODY,
		    R_MSG(d, "method.rates-none",
			RM_S("currency", r_clean(d, res->currency))));
		return;
	}
	rt_setup(d, &t, c, 3, NULL, 0);
	for (i = 0; i < res->nrates && !d->failed; i++) {
		const struct eiti_res_rate *rt = &res->rates[i];
		char buf[EITI_MONEY_BUFSZ];
		struct rrow r;

		rrow_init(&r, RR_BODY);
		rcell_add(&r, 0, RS_TAB_BOLD, r_clean(d, rt->currency), false);
		rcell_add(&r, 1, RS_TAB,
		    rt->rate.coef <= INT64_MAX
			? r_tmp_strdup(
			      d, r_amount(d, buf, (int64_t)rt->rate.coef,
				     rt->rate.scale))
			: r_clean(d, rt->value),
		    true);
		rcell_add(&r, 2, RS_TAB, r_clean(d, rt->source), false);
		rt_rows(d, &t, &r, 1);
		r_tmp_reset(d);
	}
	rt_end(d, &t);
}

/* Terms and their definitions: statuses (and, in the glossary,
 * classes). */
static void
method_statuses(struct rdoc *d)
{
	static const struct rcolspec c[2] = {
	    {"col.status", RC_FIXED, RA_LEFT, 110},
	    {"col.definition", RC_TEXT, RA_LEFT, 1},
	};
	struct rtable t;
	size_t i;

	r_subheading(d, 2, T(d, "method.statuses"));
	rt_setup(d, &t, c, 2, NULL, 0);
	for (i = 0; i < EITI_ST_COUNT; i++) {
		char key[64];
		struct rrow r;

		snprintf(key, sizeof(key), "status.%s.desc", r_status_id[i]);
		rrow_init(&r, RR_BODY);
		rcell_add(&r, 0, RS_TAB_BOLD, r_status_name(d, i), false);
		rcell_add(&r, 1, RS_TAB, T(d, key), false);
		rt_rows(d, &t, &r, 1);
	}
	rt_end(d, &t);
}

static void
method_companies(struct rdoc *d)
{
	static const struct rcolspec c[5] = {
	    {"col.company", RC_TEXT, RA_LEFT, 1},
	    {"col.sector", RC_FIXED, RA_LEFT, 70},
	    {"col.g", RC_MONEY, RA_RIGHT, 70},
	    {"col.in-scope", RC_FIXED, RA_CENTER, 46},
	    {"col.reporting", RC_FIXED, RA_CENTER, 46},
	};
	const struct eiti_results *res = d->res;
	struct rcolmax m[5] = {{0, false}};
	struct rtable t;
	size_t i;

	r_subheading(d, 2, T(d, "method.companies"));
	if (res->ncompanies == 0) {
		r_para(d, RS_BODY, T(d, "method.companies-none"));
		return;
	}
	for (i = 0; i < res->ncompanies; i++)
		rcm_add(&m[2], res->companies[i].g);
	rt_setup(d, &t, c, 5, m, 0);
	for (i = 0; i < res->ncompanies && !d->failed; i++) {
		const struct eiti_res_company *co = &res->companies[i];
		struct rrow r;

		rrow_init(&r, RR_BODY);
		rcell_add(&r, 0, RS_TAB, r_clean(d, co->name), false);
		rcell_add(&r, 0, RS_TAB_GREY, r_clean(d, co->id), false);
		if (co->aliases && co->aliases[0])
			rcell_add(
			    &r, 0, RS_TAB_GREY, r_clean(d, co->aliases), false);
		rcell_add(&r, 1, RS_TAB, r_coded(d, "sector", co->sector), 0);
		if (co->commodity && co->commodity[0])
			rcell_add(&r, 1, RS_TAB_GREY, r_clean(d, co->commodity),
			    false);
		rcell_money(d, &r, 2, RS_TAB, co->g);
		rcell_add(&r, 3, RS_TAB, T(d, co->in_scope ? "yes" : "no"), 0);
		rcell_add(&r, 4,
		    co->reporting || !co->in_scope ? RS_TAB : RS_TAB_ALERT,
		    T(d, co->reporting ? "yes" : "no"), false);
		rt_rows(d, &t, &r, 1);
		r_tmp_reset(d);
	}
	rt_end(d, &t);
}

static void
method_entities(struct rdoc *d)
{
	static const struct rcolspec c[3] = {
	    {"col.entity", RC_TEXT, RA_LEFT, 3},
	    {"col.level", RC_TEXT, RA_LEFT, 1},
	    {"col.region", RC_TEXT, RA_LEFT, 2},
	};
	const struct eiti_results *res = d->res;
	struct rtable t;
	size_t i;

	r_subheading(d, 2, T(d, "method.entities"));
	if (res->nentities == 0) {
		r_para(d, RS_BODY, T(d, "method.entities-none"));
		return;
	}
	rt_setup(d, &t, c, 3, NULL, 0);
	for (i = 0; i < res->nentities && !d->failed; i++) {
		const struct eiti_res_entity *e = &res->entities[i];
		struct rrow r;

		rrow_init(&r, RR_BODY);
		rcell_add(&r, 0, RS_TAB, r_clean(d, e->name), false);
		rcell_add(&r, 0, RS_TAB_GREY, r_clean(d, e->id), false);
		rcell_add(&r, 1, RS_TAB, r_coded(d, "level", e->level), false);
		rcell_add(&r, 2, RS_TAB,
		    e->region[0] ? r_region_name(d, e->region) : "—", false);
		if (e->region[0])
			rcell_add(
			    &r, 2, RS_TAB_GREY, r_clean(d, e->region), false);
		rt_rows(d, &t, &r, 1);
		r_tmp_reset(d);
	}
	rt_end(d, &t);
}

void
r_sec_method(struct rdoc *d, int idx)
{
	r_section_start(d, idx);
	method_intro(d);
	method_params(d);
	method_rules(d);
	method_overrides(d);
	method_rates(d);
	method_statuses(d);
	method_companies(d);
	method_entities(d);
}

/* ---- government revenue by stream ------------------------------------ */

static int
cmp_abs_g(const void *a, const void *b)
{
	const struct eiti_res_total *x =
	    *(const struct eiti_res_total *const *)a;
	const struct eiti_res_total *y =
	    *(const struct eiti_res_total *const *)b;
	uint64_t ax = x->g < 0 ? (uint64_t)(-(x->g + 1)) + 1 : (uint64_t)x->g;
	uint64_t ay = y->g < 0 ? (uint64_t)(-(y->g + 1)) + 1 : (uint64_t)y->g;

	if (ax != ay)
		return ax > ay ? -1 : 1;
	return strcmp(x->key, y->key);
}

/* Government revenue per stream: G, its share of ΣG, and the keys. */
static void
revenue_table(struct rdoc *d)
{
	static const struct rcolspec c[4] = {
	    {"col.stream", RC_TEXT, RA_LEFT, 1},
	    {"col.g", RC_MONEY, RA_RIGHT, 62},
	    {"streams.share", RC_FIXED, RA_RIGHT, 70},
	    {"col.keys", RC_FIXED, RA_RIGHT, 46},
	};
	const struct eiti_results *res = d->res;
	struct rcolmax m[4] = {{0, false}};
	struct rtable t;
	size_t i;

	for (i = 0; i < res->nby_stream; i++)
		rcm_add(&m[1], res->by_stream[i].g);
	rcm_add(&m[1], res->overall.g);
	rt_setup(d, &t, c, 4, m, 150);
	for (i = 0; i <= res->nby_stream && !d->failed; i++) {
		bool total = i == res->nby_stream;
		const struct eiti_res_total *x =
		    total ? &res->overall : &res->by_stream[i];
		enum rs st = total && t.bold ? RS_TAB_BOLD : RS_TAB;
		char pct[EITI_MONEY_BUFSZ];
		int64_t bp = 0;
		struct rrow r;

		if (!total && r_in_scope_keys(x) == 0)
			continue;
		rrow_init(&r, total ? RR_TOTAL : RR_BODY);
		if (total)
			rcell_add(&r, 0, RS_TAB_BOLD, T(d, "col.total"), false);
		else
			r_stream_parts(d, &r, 0, x->key);
		rcell_money(d, &r, 1, st, x->g);
		if (res->overall.g != 0 &&
		    eiti_percent_bp(&bp, x->g, res->overall.g))
			rcell_add(&r, 2, st, r_tmp_strdup(d, r_pct(d, pct, bp)),
			    true);
		else
			rcell_add(&r, 2, RS_TAB_GREY, "—", true);
		rcell_count(d, &r, 3, st, (int64_t)r_in_scope_keys(x));
		rt_rows(d, &t, &r, 1);
		r_tmp_reset(d);
	}
	rt_end(d, &t);
}

static void
unilateral_table(struct rdoc *d)
{
	static const struct rcolspec c[5] = {
	    {"col.entity", RC_TEXT, RA_LEFT, 1},
	    {"col.stream", RC_TEXT, RA_LEFT, 1},
	    {"col.declared", RC_MONEY, RA_RIGHT, 66},
	    {"col.g-all", RC_MONEY, RA_RIGHT, 66},
	    {"col.g-in", RC_MONEY, RA_RIGHT, 66},
	};
	const struct eiti_results *res = d->res;
	struct rcolmax m[5] = {{0, false}};
	struct rtable t;
	size_t i;

	for (i = 0; i < res->nunilateral; i++) {
		rcm_add(&m[2], res->unilateral[i].declared);
		rcm_add(&m[2], res->unilateral[i].g_all);
		rcm_add(&m[2], res->unilateral[i].g_in);
	}
	m[3] = m[4] = m[2];
	rt_setup(d, &t, c, 5, m, 0);
	for (i = 0; i < res->nunilateral && !d->failed; i++) {
		const struct eiti_res_unilateral *u = &res->unilateral[i];
		struct rrow r;

		rrow_init(&r, RR_BODY);
		r_entity_parts(d, &r, 0, u->entity_id);
		r_stream_parts(d, &r, 1, u->stream);
		if (u->has_declared)
			rcell_money(d, &r, 2, RS_TAB, u->declared);
		else
			rcell_add(&r, 2, RS_TAB_GREY, "—", true);
		rcell_money(d, &r, 3, RS_TAB, u->g_all);
		rcell_money(d, &r, 4, RS_TAB, u->g_in);
		rt_rows(d, &t, &r, 1);
		r_tmp_reset(d);
	}
	rt_end(d, &t);
}

#define STREAM_CHART_MAX 15

void
r_sec_streams(struct rdoc *d, int idx)
{
	const struct eiti_results *res = d->res;
	const struct eiti_res_total **all;
	struct rbar bars[STREAM_CHART_MAX];
	const char *legend[2];
	size_t i, n = 0;

	r_section_start(d, idx);
	r_para(d, RS_BODY, T(d, "streams.intro"));
	if (res->nby_stream == 0) {
		r_para(d, RS_BODY, T(d, "streams.none"));
		return;
	}
	/* The chart shows the largest streams by government revenue. */
	all = eiti_xcalloc(res->nby_stream, sizeof(*all));
	for (i = 0; i < res->nby_stream; i++)
		if (r_in_scope_keys(&res->by_stream[i]) > 0)
			all[n++] = &res->by_stream[i];
	qsort(all, n, sizeof(*all), cmp_abs_g);
	if (n > STREAM_CHART_MAX)
		n = STREAM_CHART_MAX;
	for (i = 0; i < n; i++) {
		bars[i].label = r_stream_label(d, all[i]->key);
		bars[i].v[0] = all[i]->g;
		bars[i].v[1] = all[i]->c;
	}
	free(all);
	legend[0] = T(d, "col.g");
	legend[1] = T(d, "col.c");
	if (n > 0) {
		r_para_keep(d, RS_NOTE,
		    R_MSG(d, "streams.chart", RM_N("n", n),
			RM_S("currency", r_clean(d, res->currency))));
		r_chart_bars(
		    d, bars, (int)n, 2, true, r_series_rgb, NULL, legend);
		r_space(d, 10.0);
	}
	r_tmp_reset(d);
	revenue_table(d);
	r_subheading(d, 2, T(d, "streams.unilateral"));
	r_para(d, RS_BODY, T(d, "streams.unilateral-intro"));
	if (res->nunilateral > 0)
		unilateral_table(d);
}

/* ---- totals by company, stream, entity and region --------------------- */

enum gkind { G_COMPANY, G_STREAM, G_ENTITY, G_REGION };

/* The label of a group row: name and key, or code and name. */
static void
group_label(struct rdoc *d, struct rrow *r, int col,
    const struct eiti_res_total *x, enum gkind k, bool with_key)
{
	if (k == G_STREAM && with_key) {
		r_stream_parts(d, r, col, x->key);
	} else if (k == G_STREAM) {
		rcell_add(r, col, RS_TAB, r_stream_name(d, x->key), false);
	} else if (k == G_REGION) {
		rcell_add(r, col, RS_TAB, r_region_name(d, x->key), false);
		if (with_key && x->key[0])
			rcell_add(
			    r, col, RS_TAB_GREY, r_clean(d, x->key), false);
	} else {
		rcell_add(r, col, RS_TAB,
		    x->name[0] ? r_clean(d, x->name) : r_clean(d, x->key),
		    false);
		if (with_key)
			rcell_add(
			    r, col, RS_TAB_GREY, r_clean(d, x->key), false);
	}
}

/* One group's figures in columns 1..5 of r: G, C, net and gross final
 * difference, in-scope keys (with the discrepancies below). */
static void
group_figures(
    struct rdoc *d, struct rrow *r, const struct eiti_res_total *x, enum rs st)
{
	rcell_money(d, r, 1, st, x->g);
	rcell_money(d, r, 2, st, x->c);
	rcell_money(d, r, 3, st, x->f);
	rcell_money(d, r, 4, st, x->gross);
	rcell_count(d, r, 5, st, (int64_t)r_in_scope_keys(x));
	if (x->count[EITI_ST_DISCREPANCY] > 0)
		rcell_add(r, 5, RS_TAB_GREY,
		    R_MSG(d, "count.discrepancies",
			RM_N("n", x->count[EITI_ST_DISCREPANCY])),
		    false);
}

/* The totals of one grouping (README rule 6) with the overall total, over
 * in-scope keys; a group with no in-scope key is left out.  When the
 * amounts leave too little room for names, each name gets a line of its
 * own above its figures ("stacked"). */
static void
group_table(
    struct rdoc *d, const struct eiti_res_total *v, size_t n, enum gkind k)
{
	static const char *const label_key[] = {
	    "col.company", "col.stream", "col.entity", "col.region"};
	struct rcolspec c[6] = {
	    {label_key[k], RC_TEXT, RA_LEFT, 1},
	    {"col.g", RC_MONEY, RA_RIGHT, 62},
	    {"col.c", RC_MONEY, RA_RIGHT, 62},
	    {"col.f-net", RC_MONEY, RA_RIGHT, 62},
	    {"col.f-gross", RC_MONEY, RA_RIGHT, 62},
	    {"col.keys", RC_FIXED, RA_RIGHT, 62},
	};
	const struct eiti_res_total *o = &d->res->overall;
	struct rcolmax m[6] = {{0, false}};
	struct rrow rows[2];
	struct rtable t;
	bool stacked;
	size_t i;

	for (i = 0; i <= n; i++) {
		const struct eiti_res_total *x = i < n ? &v[i] : o;

		rcm_add(&m[1], x->g);
		rcm_add(&m[2], x->c);
		rcm_add(&m[3], x->f);
		rcm_add(&m[4], x->gross);
	}
	rt_setup(d, &t, c, 6, m, 130);
	rt_keep(&t, n + 1);
	stacked = t.w[0] < 112.0;
	for (i = 0; i <= n && !d->failed; i++) {
		const struct eiti_res_total *x = i < n ? &v[i] : o;
		bool total = i == n;
		struct rrow *r = &rows[0];
		int nr = 1;

		if (!total && r_in_scope_keys(x) == 0)
			continue;
		if (!total && stacked) {
			rrow_init(&rows[0], RR_BODY);
			group_label(d, &rows[0], 0, x, k, false);
			rcell_span(&rows[0], 0, 6);
			r = &rows[1];
			nr = 2;
		}
		rrow_init(r, total ? RR_TOTAL : RR_BODY);
		if (total)
			rcell_add(r, 0, RS_TAB_BOLD, T(d, "col.total"), false);
		else if (stacked)
			rcell_add(r, 0,
			    k == G_STREAM ? RS_TAB_BOLD : RS_TAB_GREY,
			    x->key[0] ? r_clean(d, x->key) : "—", false);
		else
			group_label(d, r, 0, x, k, true);
		group_figures(d, r, x, total && t.bold ? RS_TAB_BOLD : RS_TAB);
		rt_rows(d, &t, rows, nr);
		r_tmp_reset(d);
	}
	rt_end(d, &t);
}

/* Out-of-scope companies with the government figure the entities report
 * for them, which no total above includes. */
static void
out_of_scope_companies(struct rdoc *d)
{
	static const struct rcolspec c[3] = {
	    {"col.company", RC_TEXT, RA_LEFT, 1},
	    {"col.g", RC_MONEY, RA_RIGHT, 70},
	    {"col.keys", RC_FIXED, RA_RIGHT, 62},
	};
	const struct eiti_results *res = d->res;
	struct rcolmax m[3] = {{0, false}};
	struct rtable t;
	size_t i, n = 0;

	for (i = 0; i < res->ncompanies; i++)
		if (!res->companies[i].in_scope) {
			rcm_add(&m[1], res->companies[i].g);
			n++;
		}
	if (n == 0)
		return;
	r_subheading(d, 2, T(d, "groups.out-of-scope"));
	r_para(d, RS_BODY, R_MSG(d, "groups.out-of-scope-intro", RM_N("n", n)));
	rt_setup(d, &t, c, 3, m, 0);
	rt_keep(&t, n);
	for (i = 0; i < res->ncompanies && !d->failed; i++) {
		const struct eiti_res_company *co = &res->companies[i];
		size_t keys;
		struct rrow r;

		if (co->in_scope)
			continue;
		r_company_rows(d, co->id, &keys);
		rrow_init(&r, RR_BODY);
		rcell_add(&r, 0, RS_TAB,
		    co->name[0] ? r_clean(d, co->name) : r_clean(d, co->id),
		    false);
		rcell_add(&r, 0, RS_TAB_GREY, r_clean(d, co->id), false);
		rcell_money(d, &r, 1, RS_TAB, co->g);
		rcell_count(d, &r, 2, RS_TAB, (int64_t)keys);
		rt_rows(d, &t, &r, 1);
		r_tmp_reset(d);
	}
	rt_end(d, &t);
}

static void
sec_group(struct rdoc *d, int idx, const char *intro,
    const struct eiti_res_total *v, size_t n, enum gkind k)
{
	size_t oos = d->res->overall.count[EITI_ST_OUT_OF_SCOPE];

	r_section_start(d, idx);
	r_para(d, RS_BODY,
	    R_MSG(d, intro, RM_S("currency", r_clean(d, d->res->currency))));
	if (r_in_scope_keys(&d->res->overall) == 0) {
		r_para(d, RS_BODY, T(d, "groups.none"));
	} else {
		group_table(d, v, n, k);
	}
	if (k == G_COMPANY)
		out_of_scope_companies(d);
	else if (oos > 0)
		r_para(d, RS_NOTE,
		    R_MSG(d, "groups.out-of-scope-note", RM_N("n", oos)));
}

void
r_sec_companies(struct rdoc *d, int idx)
{
	sec_group(d, idx, "groups.intro.company", d->res->by_company,
	    d->res->nby_company, G_COMPANY);
}

void
r_sec_stream_groups(struct rdoc *d, int idx)
{
	sec_group(d, idx, "groups.intro.stream", d->res->by_stream,
	    d->res->nby_stream, G_STREAM);
}

void
r_sec_entities(struct rdoc *d, int idx)
{
	sec_group(d, idx, "groups.intro.entity", d->res->by_entity,
	    d->res->nby_entity, G_ENTITY);
}

void
r_sec_regions(struct rdoc *d, int idx)
{
	sec_group(d, idx, "groups.intro.region", d->res->by_region,
	    d->res->nby_region, G_REGION);
}

/* ---- non-reporting companies -------------------------------------------- */

void
r_sec_nonreporting(struct rdoc *d, int idx)
{
	static const struct rcolspec c[3] = {
	    {"col.company", RC_TEXT, RA_LEFT, 1},
	    {"col.g", RC_MONEY, RA_RIGHT, 70},
	    {"col.share", RC_FIXED, RA_RIGHT, 70},
	};
	const struct eiti_results *res = d->res;
	struct rcolmax m[3] = {{0, false}};
	struct rtable t;
	size_t i;
	int64_t g = 0, bp = 0;
	bool ok = true;

	r_section_start(d, idx);
	r_para(d, RS_BODY, T(d, "nonreporting.intro"));
	if (res->nnonreporting == 0) {
		r_para(d, RS_BODY, T(d, "nonreporting.none"));
		return;
	}
	for (i = 0; i < res->nnonreporting; i++) {
		rcm_add(&m[1], res->nonreporting[i].g);
		ok = ok && eiti_add(&g, g, res->nonreporting[i].g);
		bp += res->nonreporting[i].share_bp;
	}
	rcm_add(&m[1], g);
	rt_setup(d, &t, c, 3, m, 0);
	rt_keep(&t, res->nnonreporting + 1);
	for (i = 0; i <= res->nnonreporting && !d->failed; i++) {
		bool total = i == res->nnonreporting;
		enum rs st = total ? RS_TAB_BOLD : RS_TAB;
		char pct[EITI_MONEY_BUFSZ];
		struct rrow r;

		rrow_init(&r, total ? RR_TOTAL : RR_BODY);
		if (total) {
			rcell_add(&r, 0, st, T(d, "col.total"), false);
			if (ok)
				rcell_money(d, &r, 1, st, g);
			rcell_add(&r, 2, st, r_tmp_strdup(d, r_pct(d, pct, bp)),
			    true);
		} else {
			const struct eiti_res_nonreporting *x =
			    &res->nonreporting[i];

			rcell_add(
			    &r, 0, st, r_clean(d, x->company_name), false);
			rcell_add(&r, 0, RS_TAB_GREY, r_clean(d, x->company_id),
			    false);
			rcell_money(d, &r, 1, st, x->g);
			rcell_add(&r, 2, st,
			    r_tmp_strdup(d, r_pct(d, pct, x->share_bp)), true);
		}
		rt_rows(d, &t, &r, 1);
		r_tmp_reset(d);
	}
	rt_end(d, &t);
}
