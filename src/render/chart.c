/*
 * chart.c - horizontal bar charts drawn with cairo from integer geometry.
 *
 * Bar ends are computed in hundredths of a point from the int64 amounts
 * with eiti_div_round() (half away from zero) on __int128 numerators; the
 * only conversion to double is of those final integers, when they become
 * cairo coordinates (no floating point on an amount's path, not
 * even for a chart).  Colours are the Okabe-Ito palette, which stays
 * distinguishable with the common colour-vision deficiencies.
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "core/money.h"
#include "render/rint.h"

/* Geometry in hundredths of a point. */
#define CP_LABEL 15500
#define CP_VALUE_MONEY 10200
#define CP_VALUE_COUNT 5200
#define CP_GAP 600
#define CP_BAR 700
#define CP_BAR_GAP 150
#define CP_ITEM_GAP 500
#define CP_LEGEND 1400

static double
pt(int64_t cp)
{
	return (double)cp / 100.0;
}

/* Position of v on an axis of length len covering [lo, hi]. */
static int64_t
axis_pos(int64_t v, int64_t lo, int64_t hi, int64_t len)
{
	__int128 span = (__int128)hi - lo;
	int64_t out = 0;

	if (span <= 0)
		return 0;
	if (!eiti_div_round(&out, ((__int128)v - lo) * len, span))
		return 0;
	return out;
}

void
r_chart_bars(struct rdoc *d, const struct rbar *bars, int n, int nser,
    bool money, const uint32_t *series_rgb, const uint32_t *item_rgb,
    const char *const *legend)
{
	int64_t body = (int64_t)(R_BODY_W * 100.0);
	int64_t value_w = money ? CP_VALUE_MONEY : CP_VALUE_COUNT;
	int64_t area = body - CP_LABEL - value_w - 2 * CP_GAP;
	int64_t item_h = nser * CP_BAR + (nser - 1) * CP_BAR_GAP + CP_ITEM_GAP;
	int64_t lo = 0, hi = 0, x0, height;
	bool has_legend = legend != NULL && nser > 1;
	double top, left = R_ML + pt(CP_LABEL + CP_GAP);
	cairo_t *cr = d->cr;
	int i, s;

	if (n <= 0 || d->failed)
		return;
	for (i = 0; i < n; i++)
		for (s = 0; s < nser; s++) {
			if (bars[i].v[s] < lo)
				lo = bars[i].v[s];
			if (bars[i].v[s] > hi)
				hi = bars[i].v[s];
		}
	if (hi == lo)
		hi = lo + 1;
	height = (int64_t)n * item_h + (has_legend ? CP_LEGEND : 0) + 400;
	r_need(d, pt(height));
	top = d->y;
	if (d->pass == 2 && !d->failed) {
		r_tag_begin(d, "Figure", NULL);
		if (has_legend) {
			double lx = left;

			for (s = 0; s < nser; s++) {
				double tw = r_run_w(d, RS_CHART, legend[s]);

				r_rgb(d, series_rgb[s]);
				cairo_rectangle(cr, lx, top + 1.5, 7.0, 7.0);
				cairo_fill(cr);
				r_run_draw(d, RS_CHART, lx + 10.0, top + 1.0,
				    legend[s], RA_LEFT);
				lx += 10.0 + tw + 18.0;
			}
			top += pt(CP_LEGEND);
		}
		x0 = axis_pos(0, lo, hi, area);
		for (i = 0; i < n; i++) {
			double iy = top + pt((int64_t)i * item_h);
			/* two lines beside two bars, cut between words */
			int maxl = nser > 1 ? 2 : 1;
			const char *label = r_fit_words(
			    d, RS_CHART, pt(CP_LABEL), bars[i].label, maxl);
			double lh = r_text_h(
			    d, RS_CHART, pt(CP_LABEL), label, maxl, NULL);
			double label_y =
			    iy +
			    pt(nser * CP_BAR + (nser - 1) * CP_BAR_GAP) / 2.0 -
			    lh / 2.0;

			r_text_draw(d, RS_CHART, R_ML, label_y, pt(CP_LABEL),
			    label, maxl, RA_LEFT, NULL);
			for (s = 0; s < nser; s++) {
				int64_t x1 =
				    axis_pos(bars[i].v[s], lo, hi, area);
				int64_t a = x0 < x1 ? x0 : x1;
				int64_t w = x0 < x1 ? x1 - x0 : x0 - x1;
				double by =
				    iy + pt((int64_t)s * (CP_BAR + CP_BAR_GAP));
				char buf[EITI_MONEY_BUFSZ];

				r_rgb(d, item_rgb != NULL ? item_rgb[i]
							  : series_rgb[s]);
				/* Even a tiny non-zero value stays visible. */
				if (w == 0 && bars[i].v[s] != 0)
					w = 40;
				cairo_rectangle(
				    cr, left + pt(a), by, pt(w), pt(CP_BAR));
				cairo_fill(cr);
				if (money)
					r_money(d, buf, bars[i].v[s]);
				else
					r_count(d, buf, bars[i].v[s]);
				r_run_draw(d, RS_CHART, R_ML + pt(body),
				    by + pt(CP_BAR) / 2.0 -
					d->st[RS_CHART].lh / 2.0,
				    buf, RA_RIGHT);
			}
		}
		/* The zero line. */
		r_rgb(d, 0x555555);
		cairo_set_line_width(cr, 0.6);
		cairo_move_to(cr, left + pt(x0), top - 2.0);
		cairo_line_to(cr, left + pt(x0),
		    top + pt((int64_t)n * item_h) - pt(CP_ITEM_GAP) + 2.0);
		cairo_stroke(cr);
		r_tag_end(d, "Figure");
	}
	d->y += pt(height);
	d->at_top = false;
}
