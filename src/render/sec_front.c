/*
 * sec_front.c - the front of the report: the cover with the headline
 * figures, the linked table of contents, and the executive summary (the
 * headline totals, coverage, the differences before and after the
 * Independent Administrator's adjustments, the keys by status, and the
 * unreconciled keys by name: README, rule 7 and Outputs).
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/money.h"
#include "render/rsec.h"

/* ---- cover ------------------------------------------------------------- */

/* The report's title in its language (the manifest may give one per
 * language), else the template's default. */
static const char *
title_text(struct rdoc *d)
{
	const char *t = eiti_results_title(d->res, d->lang);

	return t[0] != '\0' ? r_clean(d, t) : T(d, "cover.default-title");
}

/* The coloured band, the cover's destination and the logo. */
static void
cover_band(struct rdoc *d)
{
	cairo_t *cr = d->cr;

	if (d->pass != 2 || d->failed)
		return;
	r_rgb(d, 0x0b3c5d);
	cairo_rectangle(cr, 0, 0, R_PAGE_W, 16.0);
	cairo_fill(cr);
	r_rgb(d, 0x56b4e9);
	cairo_rectangle(cr, 0, 16.0, R_PAGE_W, 3.0);
	cairo_fill(cr);
	cairo_tag_begin(cr, CAIRO_TAG_DEST, "name='sec-cover'");
	cairo_tag_end(cr, CAIRO_TAG_DEST);
	if (d->logo != NULL) {
		int lw = cairo_image_surface_get_width(d->logo);
		int lh = cairo_image_surface_get_height(d->logo);
		double sc = 150.0 / lw;

		if (lh * sc > 75.0)
			sc = 75.0 / lh;
		cairo_save(cr);
		cairo_translate(cr, R_PAGE_W - R_MR - lw * sc, 48.0);
		cairo_scale(cr, sc, sc);
		cairo_set_source_surface(cr, d->logo, 0, 0);
		cairo_paint(cr);
		cairo_restore(cr);
	}
}

/* A block of text at (x, y), at most maxl lines, tagged; its height. */
static double
cover_text(struct rdoc *d, const char *tag, enum rs st, double x, double y,
    double w, const char *text, int maxl)
{
	double h = r_text_h(d, st, w, text, maxl, NULL);

	r_tag_begin(d, tag, NULL);
	r_text_draw(d, st, x, y, w, text, maxl, RA_LEFT, NULL);
	r_tag_end(d, tag);
	return h;
}

/* The three headline figures and the coverage, two by two in boxes, as
 * Independent Administrators' reports put them on their cover. */
static double
cover_figures(struct rdoc *d, double y)
{
	const struct eiti_results *res = d->res;
	char pct[EITI_MONEY_BUFSZ];
	const char *label[4], *value[4];
	double w = (R_BODY_W - 12.0) / 2, h = 0;
	int i;

	label[0] = T(d, "cover.total-g");
	value[0] = r_money_cur(d, res->overall.g);
	label[1] = T(d, "cover.total-c");
	value[1] = r_money_cur(d, res->overall.c);
	label[2] = T(d, "cover.final-gross");
	value[2] = r_money_cur(d, res->overall.gross);
	label[3] = T(d, "cover.coverage");
	value[3] = res->has_coverage
		       ? r_tmp_strdup(d, r_pct(d, pct, res->coverage_bp))
		       : T(d, "summary.coverage-none");
	for (i = 0; i < 4; i++) {
		double hl = r_text_h(d, RS_COVER_LABEL, w - 16, label[i], 2, 0);
		double hv = r_text_h(d, RS_COVER_FIG, w - 16, value[i], 2, 0);

		if (hl + hv + 18 > h)
			h = hl + hv + 18;
	}
	for (i = 0; i < 4; i++) {
		double x = R_ML + (i % 2) * (w + 12.0),
		       yy = y + (i / 2) * (h + 8);
		double hl = r_text_h(d, RS_COVER_LABEL, w - 16, label[i], 2, 0);

		if (d->pass == 2 && !d->failed) {
			r_rgb(d, 0xeef2f5);
			cairo_rectangle(d->cr, x, yy, w, h);
			cairo_fill(d->cr);
			r_rgb(d, 0x0b3c5d);
			cairo_rectangle(d->cr, x, yy, 3.0, h);
			cairo_fill(d->cr);
		}
		r_tag_begin(d, "P", NULL);
		r_text_draw(d, RS_COVER_LABEL, x + 10, yy + 7, w - 16, label[i],
		    2, RA_LEFT, NULL);
		r_text_draw(d, RS_COVER_FIG, x + 10, yy + 9 + hl, w - 16,
		    value[i], 2, RA_LEFT, NULL);
		r_tag_end(d, "P");
	}
	return 2 * h + 8;
}

/* Country, period, currency, level, administrator, date. */
static double
cover_facts(struct rdoc *d, double y0)
{
	const struct eiti_results *res = d->res;
	const char *labels[6], *values[6];
	double y = y0;
	int n = 0, i;

	labels[n] = T(d, "cover.country");
	values[n++] = r_place_name(d);
	labels[n] = T(d, "cover.period");
	values[n++] = r_period_text(d);
	labels[n] = T(d, "cover.currency");
	values[n++] = r_clean(d, res->currency);
	labels[n] = T(d, "cover.level");
	values[n++] =
	    T(d, res->level_project ? "level.project" : "level.stream");
	if (res->administrator && res->administrator[0]) {
		labels[n] = T(d, "cover.administrator");
		values[n++] = r_clean(d, res->administrator);
	}
	labels[n] = T(d, "cover.date");
	values[n++] = r_date(d, res->generated);
	for (i = 0; i < n; i++) {
		double hl =
		    r_text_h(d, RS_COVER_LABEL, 150.0, labels[i], 2, NULL);
		double hv =
		    r_text_h(d, RS_COVER, R_BODY_W - 160.0, values[i], 2, NULL);

		r_tag_begin(d, "P", NULL);
		r_text_draw(d, RS_COVER_LABEL, R_ML, y + 1.5, 150.0, labels[i],
		    2, RA_LEFT, NULL);
		r_text_draw(d, RS_COVER, R_ML + 160.0, y, R_BODY_W - 160.0,
		    values[i], 2, RA_LEFT, NULL);
		r_tag_end(d, "P");
		y += (hl > hv ? hl : hv) + 7.0;
	}
	return y - y0;
}

/* The note on amounts and the program, at the foot of the page. */
static void
cover_note(struct rdoc *d, double y)
{
	const char *note = R_MSG(
	    d, "cover.note", RM_S("currency", r_clean(d, d->res->currency)));
	const char *gen = R_MSG(d, "cover.generated",
	    RM_S("version", r_clean(d, d->res->tool_version)));
	double hn = r_text_h(d, RS_NOTE, R_BODY_W, note, 4, NULL);
	double hg = r_text_h(d, RS_NOTE, R_BODY_W, gen, 2, NULL);
	double yb = R_PAGE_H - 70.0 - hn - hg - 4.0;

	if (yb < y + 10.0)
		yb = y + 10.0;
	cover_text(d, "P", RS_NOTE, R_ML, yb, R_BODY_W, note, 4);
	cover_text(d, "P", RS_NOTE, R_ML, yb + hn + 4.0, R_BODY_W, gen, 2);
}

void
r_sec_cover(struct rdoc *d, int idx)
{
	double y;

	r_page_break(d);
	d->no_running = true;
	r_page_open(d);
	d->no_running = false;
	d->cur_sec = idx;
	if (d->pass == 1)
		d->secs[idx].page = d->page;
	cover_band(d);
	y = 150.0;
	y += cover_text(d, "P", RS_COVER_LABEL, R_ML, y, R_BODY_W,
		 T(d, "cover.kicker"), 2) +
	     10.0;
	y +=
	    cover_text(d, "H1", RS_TITLE, R_ML, y, R_BODY_W, title_text(d), 4) +
	    12.0;
	y += cover_text(d, "P", RS_SUBTITLE, R_ML, y, R_BODY_W,
		 T(d, "cover.subtitle"), 3) +
	     24.0;
	y += cover_figures(d, y) + 26.0;
	if (d->pass == 2 && !d->failed) {
		r_rgb(d, 0x0b3c5d);
		cairo_set_line_width(d->cr, 1.0);
		cairo_move_to(d->cr, R_ML, y - 12.0);
		cairo_line_to(d->cr, R_ML + 60.0, y - 12.0);
		cairo_stroke(d->cr);
	}
	y += cover_facts(d, y);
	cover_note(d, y);
	d->at_top = false;
	r_page_close(d);
}

/* ---- contents ---------------------------------------------------------- */

/* Dot leaders from the end of a title's last line to its page number. */
static void
toc_leaders(struct rdoc *d, enum rs st, double x0, double x1, double base)
{
	double dashes[2] = {0.0, 3.2};

	r_rgb(d, 0x8a96a0);
	cairo_set_line_width(d->cr, 0.8);
	cairo_set_line_cap(d->cr, CAIRO_LINE_CAP_ROUND);
	cairo_set_dash(d->cr, dashes, 2, 0);
	cairo_move_to(d->cr, x0, base);
	cairo_line_to(d->cr, x1, base);
	cairo_stroke(d->cr);
	cairo_set_dash(d->cr, NULL, 0, 0);
	cairo_set_line_cap(d->cr, CAIRO_LINE_CAP_BUTT);
	(void)st;
}

static void
toc_entry(struct rdoc *d, const struct rsec *s, double h, double w)
{
	enum rs st = s->appendix ? RS_TOC : RS_TOC_BOLD;
	char pg[EITI_MONEY_BUFSZ];
	PangoLayout *lay = NULL;
	PangoRectangle ink, log;
	double tw, base = d->y + h - d->st[st].lh + d->st[st].base;

	r_tag_begin(d, "TOCI", NULL);
	cairo_tag_begin(
	    d->cr, CAIRO_TAG_LINK, r_tmp_printf(d, "dest='%s'", s->dest));
	r_text_h(d, st, w, s->title, 2, &lay);
	pango_layout_line_get_extents(pango_layout_get_line_readonly(lay,
					  pango_layout_get_line_count(lay) - 1),
	    &ink, &log);
	tw = (double)log.width / PANGO_SCALE;
	r_text_draw(d, st, R_ML, d->y, w, s->title, 2, RA_LEFT, lay);
	snprintf(pg, sizeof(pg), "%d", s->page);
	r_run_draw(
	    d, st, R_PAGE_W - R_MR, d->y + h - d->st[st].lh, pg, RA_RIGHT);
	cairo_tag_end(d->cr, CAIRO_TAG_LINK);
	r_tag_end(d, "TOCI");
	toc_leaders(d, st, R_ML + tw + 6.0,
	    R_PAGE_W - R_MR - r_run_w(d, st, pg) - 6.0, base);
}

void
r_sec_contents(struct rdoc *d, int idx)
{
	int i;

	r_page_break(d);
	d->cur_sec = idx;
	r_heading(d, 1, d->secs[idx].title, d->secs[idx].dest, idx);
	r_tag_begin(d, "TOC", NULL);
	for (i = 0; i < d->nsecs && !d->failed; i++) {
		const struct rsec *s = &d->secs[i];
		double w = R_BODY_W - 44.0, h;

		if (!s->in_toc)
			continue;
		h = r_text_h(d, s->appendix ? RS_TOC : RS_TOC_BOLD, w, s->title,
		    2, NULL);
		r_need(d, h + 7.0);
		if (d->pass == 2 && !d->failed)
			toc_entry(d, s, h, w);
		d->y += h + 7.0;
		d->at_top = false;
		r_tmp_reset(d);
	}
	r_tag_end(d, "TOC");
}

/* ---- summary ----------------------------------------------------------- */

/* Σ|D| over in-scope keys; false on overflow. */
static bool
initial_gross(const struct eiti_results *res, int64_t *out)
{
	int64_t sum = 0, a;
	size_t i;

	for (i = 0; i < res->nrows; i++) {
		if (res->rows[i].status == EITI_ST_OUT_OF_SCOPE)
			continue;
		if (!eiti_abs(&a, res->rows[i].d) || !eiti_add(&sum, sum, a))
			return false;
	}
	*out = sum;
	return true;
}

static void
summary_figures(struct rdoc *d)
{
	const struct eiti_results *res = d->res;
	const struct eiti_res_total *o = &res->overall;
	char pct[EITI_MONEY_BUFSZ];
	struct rtable t;
	int64_t gross;

	r_subheading(d, 2, T(d, "summary.figures"));
	r_kv_begin(d, &t, R_BODY_W * 0.58, true);
	r_kv_row(
	    d, &t, T(d, "summary.total-g"), r_money_cur(d, o->g), true, RS_TAB);
	r_kv_row(
	    d, &t, T(d, "summary.total-c"), r_money_cur(d, o->c), true, RS_TAB);
	r_kv_row(d, &t, T(d, "summary.initial-net"), r_money_cur(d, o->d), true,
	    RS_TAB);
	r_kv_row(d, &t, T(d, "summary.initial-gross"),
	    initial_gross(res, &gross) ? r_money_cur(d, gross)
				       : T(d, "summary.overflow"),
	    true, RS_TAB);
	r_kv_row(
	    d, &t, T(d, "summary.adj-c"), r_money_cur(d, o->ac), true, RS_TAB);
	r_kv_row(
	    d, &t, T(d, "summary.adj-g"), r_money_cur(d, o->ag), true, RS_TAB);
	r_kv_row(d, &t, T(d, "summary.final-net"), r_money_cur(d, o->f), true,
	    RS_TAB);
	r_kv_row(d, &t, T(d, "summary.final-gross"), r_money_cur(d, o->gross),
	    true, RS_TAB_BOLD);
	r_kv_row(d, &t, T(d, "summary.coverage"),
	    res->has_coverage ? r_tmp_strdup(d, r_pct(d, pct, res->coverage_bp))
			      : T(d, "summary.coverage-none"),
	    res->has_coverage, RS_TAB);
	rt_end(d, &t);
	if (res->has_coverage)
		r_para(d, RS_NOTE,
		    R_MSG(d, "summary.coverage-value",
			RM_S("pct", r_pct(d, pct, res->coverage_bp)),
			RM_S("num", r_money_s(d, res->coverage_num)),
			RM_S("den", r_money_s(d, res->coverage_den)),
			RM_S("currency", r_clean(d, res->currency))));
	r_tmp_reset(d);
}

static bool
has_difference(const struct eiti_res_row *r)
{
	return r->status != EITI_ST_OUT_OF_SCOPE && (r->d != 0 || r->f != 0);
}

static int64_t
row_d(const struct eiti_res_row *r)
{
	return r->d;
}

static int64_t
row_f(const struct eiti_res_row *r)
{
	return r->f;
}

/* A key's short label: stream, entity and company. */
static const char *
key_label(struct rdoc *d, const struct eiti_res_row *r)
{
	return r_tmp_printf(d, "%s · %s · %s", r_clean(d, r->stream),
	    r_clean(d, r->entity_id), r_row_company(d, r));
}

#define DIFF_CHART_MAX 10

/* The ten largest differences, before and after adjustments. */
static void
summary_chart(struct rdoc *d)
{
	const struct eiti_results *res = d->res;
	size_t top[DIFF_CHART_MAX], n, i;
	struct rbar bars[DIFF_CHART_MAX];
	const char *legend[2];

	n = r_top_rows(res, top, DIFF_CHART_MAX, has_difference, row_d);
	if (n == 0) {
		r_para(d, RS_BODY, T(d, "summary.chart-none"));
		return;
	}
	for (i = 0; i < n; i++) {
		const struct eiti_res_row *r = &res->rows[top[i]];

		bars[i].label = key_label(d, r);
		if (!eiti_abs(&bars[i].v[0], r->d))
			bars[i].v[0] = INT64_MAX;
		if (!eiti_abs(&bars[i].v[1], r->f))
			bars[i].v[1] = INT64_MAX;
	}
	legend[0] = T(d, "summary.chart-before");
	legend[1] = T(d, "summary.chart-after");
	r_para_keep(d, RS_NOTE,
	    R_MSG(d, "summary.chart", RM_N("n", n),
		RM_S("currency", r_clean(d, res->currency))));
	r_chart_bars(d, bars, (int)n, 2, true, r_series_rgb, NULL, legend);
	r_space(d, 8.0);
	r_tmp_reset(d);
}

static void
summary_statuses(struct rdoc *d, const size_t *count)
{
	static const struct rcolspec c[3] = {
	    {"col.status", RC_TEXT, RA_LEFT, 1},
	    {"summary.keys", RC_COUNT, RA_RIGHT, 70},
	    {"summary.share", RC_COUNT, RA_RIGHT, 70},
	};
	const struct eiti_results *res = d->res;
	struct rtable t;
	struct rrow r;
	size_t i;

	r_subheading(d, 2, T(d, "summary.statuses"));
	rt_setup(d, &t, c, 3, NULL, 0);
	for (i = 0; i < EITI_ST_COUNT; i++) {
		char pct[EITI_MONEY_BUFSZ];
		int64_t bp = 0;

		rrow_init(&r, RR_BODY);
		rcell_add(&r, 0, RS_TAB, r_status_name(d, i), false);
		rcell_count(d, &r, 1, RS_TAB, (int64_t)count[i]);
		if (res->nrows > 0)
			eiti_percent_bp(
			    &bp, (int64_t)count[i], (int64_t)res->nrows);
		rcell_add(
		    &r, 2, RS_TAB, r_tmp_strdup(d, r_pct(d, pct, bp)), true);
		rt_rows(d, &t, &r, 1);
	}
	rrow_init(&r, RR_TOTAL);
	rcell_add(&r, 0, RS_TAB_BOLD, T(d, "col.total"), false);
	rcell_count(d, &r, 1, RS_TAB_BOLD, (int64_t)res->nrows);
	rt_rows(d, &t, &r, 1);
	rt_end(d, &t);
	r_tmp_reset(d);
}

#define UNRECONCILED_SHOWN 12

/* The unreconciled keys by name (README rule 7), the largest first. */
static void
summary_unreconciled(struct rdoc *d)
{
	static const struct rcolspec c[4] = {
	    {"col.company", RC_TEXT, RA_LEFT, 52},
	    {"col.key-entity", RC_TEXT, RA_LEFT, 48},
	    {"col.status", RC_FIXED, RA_LEFT, 70},
	    {"col.f", RC_MONEY, RA_RIGHT, 62},
	};
	const struct eiti_results *res = d->res;
	size_t top[UNRECONCILED_SHOWN], n, i, total;
	struct rcolmax m[4] = {{0, false}};
	const char *ref;
	struct rtable t;

	total = eiti_results_unreconciled(res);
	r_subheading(d, 2, T(d, "summary.unreconciled"));
	r_para(d, RS_BODY,
	    R_MSG(d, "summary.unreconciled-intro", RM_N("n", total)));
	n = r_top_rows(
	    res, top, UNRECONCILED_SHOWN, eiti_result_unreconciled, row_f);
	if (n == 0)
		return;
	for (i = 0; i < n; i++)
		rcm_add(&m[3], res->rows[top[i]].f);
	rt_setup(d, &t, c, 4, m, 60);
	for (i = 0; i < n && !d->failed; i++) {
		const struct eiti_res_row *r = &res->rows[top[i]];
		struct rrow row;

		rrow_init(&row, RR_BODY);
		rcell_add(&row, 0, RS_TAB, r_row_company(d, r), false);
		rcell_add(&row, 0, RS_TAB_GREY, r_clean(d, r->company_id), 0);
		rcell_add(&row, 1, RS_TAB, r_row_entity(d, r), false);
		rcell_add(
		    &row, 1, RS_TAB_GREY, r_stream_label(d, r->stream), false);
		rcell_add(&row, 2, RS_TAB, r_status_name(d, r->status), false);
		rcell_money(d, &row, 3, RS_TAB, r->f);
		rt_rows(d, &t, &row, 1);
		r_tmp_reset(d);
	}
	rt_end(d, &t);
	ref = r_section_ref(d, "details");
	if (total > n)
		r_para(d, RS_BODY,
		    R_MSG(d, "summary.unreconciled-more", RM_N("n", total),
			RM_N("shown", n), RM_S("where", ref ? "yes" : "no"),
			RM_S("ref", ref)));
	else if (ref != NULL)
		r_para(d, RS_BODY,
		    R_MSG(d, "summary.unreconciled-all", RM_S("where", "yes"),
			RM_S("ref", ref)));
}

static void
summary_sentences(struct rdoc *d)
{
	const struct eiti_results *res = d->res;
	int64_t g = 0, bp = 0;
	char pct[EITI_MONEY_BUFSZ];
	const char *ref;
	size_t i;
	bool ok = true;

	for (i = 0; i < res->nnonreporting; i++) {
		ok = ok && eiti_add(&g, g, res->nonreporting[i].g);
		bp += res->nonreporting[i].share_bp;
	}
	r_para(d, RS_BODY,
	    R_MSG(d, "summary.nonreporting", RM_N("n", res->nnonreporting),
		RM_S("amount",
		    ok ? r_money_cur(d, g) : T(d, "summary.overflow")),
		RM_S("share", r_pct(d, pct, bp))));
	if (res->transfers != NULL) {
		ref = r_section_ref(d, "transfers");
		r_para(d, RS_BODY,
		    R_MSG(d, "summary.transfers",
			RM_N("keys", res->transfers->nrows),
			RM_N("discrepancies",
			    res->transfers->overall.count[EITI_XS_DISCREPANCY]),
			RM_S("where", ref ? "yes" : "no"), RM_S("ref", ref)));
	}
	ref = r_section_ref(d, "conclusions");
	if (ref != NULL)
		r_para(d, RS_BODY,
		    R_MSG(d, "summary.conclusions",
			RM_S("given",
			    res->nconclusions + res->nrecommendations > 0
				? "yes"
				: "no"),
			RM_S("ref", ref)));
}

/* What the summary says about the adjustments, with where they are. */
static void
summary_adjustments(struct rdoc *d)
{
	const struct eiti_results *res = d->res;
	const char *ref = r_section_ref(d, "adjustments");
	size_t i, na = 0, ne = 0;

	for (i = 0; i < res->nadjustments; i++)
		if (res->adjustments[i].is_explanation)
			ne++;
		else
			na++;
	r_para(d, RS_BODY,
	    R_MSG(d, "summary.adjustments", RM_N("adjustments", na),
		RM_N("explanations", ne),
		RM_S("where", ref && na + ne > 0 ? "yes" : "no"),
		RM_S("section", ref)));
}

void
r_sec_summary(struct rdoc *d, int idx)
{
	const struct eiti_results *res = d->res;
	size_t count[EITI_ST_COUNT] = {0}, unexplained = 0, inscope = 0, i;

	r_section_start(d, idx);
	for (i = 0; i < res->nrows; i++) {
		const struct eiti_res_row *r = &res->rows[i];

		if ((unsigned)r->status < EITI_ST_COUNT)
			count[r->status]++;
		if (r->status == EITI_ST_DISCREPANCY && !r->explained)
			unexplained++;
	}
	for (i = 0; i < res->ncompanies; i++)
		if (res->companies[i].in_scope)
			inscope++;
	r_para(d, RS_BODY,
	    R_MSG(d, "summary.intro", RM_N("keys", res->nrows),
		RM_N("companies", res->ncompanies), RM_N("in_scope", inscope),
		RM_S("all_in_scope", inscope == res->ncompanies ? "yes" : "no"),
		RM_N("entities", res->nentities),
		RM_S("period", r_period_text(d)),
		RM_S("currency", r_clean(d, res->currency))));
	summary_figures(d);
	summary_chart(d);
	summary_adjustments(d);
	summary_statuses(d, count);
	r_para(d, RS_BODY,
	    R_MSG(d, "summary.discrepancies",
		RM_N("discrepancies", count[EITI_ST_DISCREPANCY]),
		RM_N("unexplained", unexplained)));
	summary_unreconciled(d);
	summary_sentences(d);
}
