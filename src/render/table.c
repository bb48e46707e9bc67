/*
 * table.c - tables that break across pages with repeated header rows,
 * rows kept together in groups (a key with its adjustments), zebra
 * stripes, totals, links and amounts drawn as glyph runs; and column
 * layouts given as data (struct rcolspec) instead of repeated arrays.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/money.h"
#include "render/rint.h"

#define CELL_HPAD 3.0
#define CELL_VPAD 2.2
#define PART_GAP 0.6

void
rcm_add(struct rcolmax *m, int64_t v)
{
	uint64_t a = v < 0 ? (uint64_t)(-(v + 1)) + 1 : (uint64_t)v;

	if (a > m->max)
		m->max = a;
	if (v < 0)
		m->neg = true;
}

void
rt_setup(struct rdoc *d, struct rtable *t, const struct rcolspec *c, int n,
    const struct rcolmax *m, double min_text)
{
	const char *head[RT_MAXCOL];
	double wr[RT_MAXCOL], wb[RT_MAXCOL], fixed_r = 0, fixed_b = 0;
	double weight = 0, least = R_BODY_W;
	int i;

	rt_init(t, n);
	for (i = 0; i < n && i < RT_MAXCOL; i++) {
		wr[i] = wb[i] = c[i].kind == RC_TEXT ? 0 : c[i].w;
		if (c[i].kind == RC_MONEY && m != NULL) {
			double a = rt_money_w(d, RS_TAB, m[i].max, m[i].neg);
			double b =
			    rt_money_w(d, RS_TAB_BOLD, m[i].max, m[i].neg);

			wr[i] = a > c[i].w ? a : c[i].w;
			wb[i] = b > c[i].w ? b : c[i].w;
		}
		if (c[i].kind == RC_TEXT)
			weight += c[i].w;
		fixed_r += wr[i];
		fixed_b += wb[i];
		t->align[i] = c[i].align;
		head[i] = R_MSG(d, c[i].head,
		    RM_S("currency", r_clean(d, d->res->currency)));
	}
	/* bold totals only when every text column keeps min_text points */
	for (i = 0; i < n && i < RT_MAXCOL; i++)
		if (c[i].kind == RC_TEXT && weight > 0) {
			double w = (R_BODY_W - fixed_b) * c[i].w / weight;

			if (w < least)
				least = w;
		}
	t->bold = weight == 0 || least >= min_text;
	for (i = 0; i < n && i < RT_MAXCOL; i++) {
		double fixed = t->bold ? fixed_b : fixed_r;
		double *w = t->bold ? wb : wr;

		t->w[i] = c[i].kind == RC_TEXT && weight > 0
			      ? (R_BODY_W - fixed) * c[i].w / weight
			      : w[i];
	}
	rt_header(d, t, head);
}

void
rt_init(struct rtable *t, int ncols)
{
	memset(t, 0, sizeof(*t));
	t->ncols = ncols;
	t->zebra = true;
}

void
rrow_init(struct rrow *r, int kind)
{
	int i;

	r->nc = 0;
	r->kind = kind;
	r->h = 0;
	r->dest = NULL;
	for (i = 0; i < RT_MAXCOL; i++) {
		r->c[i].np = 0;
		r->c[i].span = 1;
	}
}

static struct rpart *
add_part(struct rrow *r, int col)
{
	struct rcell *c;

	if (col < 0 || col >= RT_MAXCOL)
		return NULL;
	c = &r->c[col];
	if (c->np >= RT_MAXPART)
		return NULL;
	if (col + 1 > r->nc)
		r->nc = col + 1;
	memset(&c->p[c->np], 0, sizeof(c->p[0]));
	return &c->p[c->np++];
}

void
rcell_add(struct rrow *r, int col, enum rs st, const char *text, bool run)
{
	struct rpart *p = add_part(r, col);

	if (p == NULL || text == NULL)
		return;
	p->text = text;
	p->st = st;
	p->run = run;
}

void
rcell_link(
    struct rrow *r, int col, enum rs st, const char *text, const char *uri)
{
	struct rpart *p = add_part(r, col);

	if (p == NULL || text == NULL)
		return;
	p->text = text;
	p->st = st;
	p->uri = uri;
}

/* Index of the number buffer for the next run part of col. */
static char *
numbuf(struct rrow *r, int col)
{
	int used = 0, i;

	for (i = 0; i < r->c[col].np; i++)
		if (r->c[col].p[i].run)
			used++;
	return used < 2 ? r->nb[col][used] : NULL;
}

void
rcell_money(struct rdoc *d, struct rrow *r, int col, enum rs st, int64_t v)
{
	char *b;

	if (col < 0 || col >= RT_MAXCOL || (b = numbuf(r, col)) == NULL)
		return;
	{
		char tmp[EITI_MONEY_BUFSZ];

		snprintf(b, RT_NUMBUF, "%s", r_money(d, tmp, v));
	}
	rcell_add(r, col, st, b, true);
}

void
rcell_count(struct rdoc *d, struct rrow *r, int col, enum rs st, int64_t n)
{
	char *b;

	if (col < 0 || col >= RT_MAXCOL || (b = numbuf(r, col)) == NULL)
		return;
	{
		char tmp[EITI_MONEY_BUFSZ];

		snprintf(b, RT_NUMBUF, "%s", r_count(d, tmp, n));
	}
	rcell_add(r, col, st, b, true);
}

void
rcell_maxl(struct rrow *r, int col, int maxl)
{
	if (col >= 0 && col < RT_MAXCOL && r->c[col].np > 0)
		r->c[col].p[r->c[col].np - 1].maxl = maxl;
}

static int
part_maxl(const struct rpart *p)
{
	return p->maxl > 0 ? p->maxl : RT_MAXLINES;
}

void
rcell_span(struct rrow *r, int col, int span)
{
	if (col >= 0 && col < RT_MAXCOL && span >= 1)
		r->c[col].span = span;
	if (col + span > r->nc)
		r->nc = col + span;
}

double
rt_money_w(struct rdoc *d, enum rs st, uint64_t maxabs, bool neg)
{
	char buf[EITI_MONEY_BUFSZ];
	int digits = d->res->currency_digits + 1, n = 1;
	uint64_t x = maxabs;
	int64_t v;

	while (x >= 10) {
		x /= 10;
		n++;
	}
	if (n < digits)
		n = digits;
	if (n >= 19) {
		v = INT64_MAX;
	} else {
		v = 1;
		while (n-- > 0)
			v *= 10;
		v -= 1;
	}
	if (neg)
		v = -v;
	return r_run_w(d, st, r_money(d, buf, v)) + 2 * CELL_HPAD + 1.0;
}

static double
cell_w(const struct rtable *t, int col, int span)
{
	double w = 0;
	int i;

	for (i = col; i < col + span && i < t->ncols; i++)
		w += t->w[i];
	return w;
}

/* Alignment of the text of cell col: a cell spanning from the first
 * column is a sub-row label, left aligned; otherwise its column's. */
static int
part_align(const struct rtable *t, const struct rrow *r, int col)
{
	if (r->c[col].span > 1 && col == 0)
		return RA_LEFT;
	return t->align[col];
}

/* Measure a row (and in pass 2 keep the shaped layouts in its parts). */
static double
row_measure(struct rdoc *d, const struct rtable *t, struct rrow *r)
{
	double hmax = 0;
	int i, j;

	for (i = 0; i < r->nc && i < t->ncols; i += r->c[i].span) {
		struct rcell *c = &r->c[i];
		double w = cell_w(t, i, c->span) - 2 * CELL_HPAD, h = 0;

		for (j = 0; j < c->np; j++) {
			struct rpart *p = &c->p[j];

			if (p->run) {
				p->h = d->st[p->st].lh;
			} else {
				p->h = r_text_ha(d, p->st, w, p->text,
				    part_maxl(p), part_align(t, r, i),
				    d->pass == 2 ? &p->lay : NULL);
			}
			h += p->h + (j > 0 ? PART_GAP : 0);
		}
		if (h > hmax)
			hmax = h;
		if (c->span < 1)
			c->span = 1;
	}
	r->h = hmax + 2 * CELL_VPAD;
	return r->h;
}

static void
row_release(struct rrow *r)
{
	int i, j;

	for (i = 0; i < r->nc && i < RT_MAXCOL; i++)
		for (j = 0; j < r->c[i].np; j++)
			if (r->c[i].p[j].lay != NULL) {
				g_object_unref(r->c[i].p[j].lay);
				r->c[i].p[j].lay = NULL;
			}
}

static void
row_draw(struct rdoc *d, struct rtable *t, struct rrow *r, bool head)
{
	cairo_t *cr = d->cr;
	double x = R_ML;
	bool cells;
	int i, j;

	if (d->pass != 2 || d->failed) {
		row_release(r);
		return;
	}
	if (head || r->kind == RR_TOTAL || r->kind == RR_FINAL ||
	    (t->zebra && (t->group & 1))) {
		r_rgb(d, head		       ? 0xdce6ee
			 : r->kind == RR_TOTAL ? 0xe3ebf2
			 : r->kind == RR_FINAL ? 0xeef2f5
					       : 0xf5f7f9);
		cairo_rectangle(cr, R_ML, d->y, R_BODY_W, r->h);
		cairo_fill(cr);
	}
	if (r->kind == RR_TOTAL) {
		r_rgb(d, 0x0b3c5d);
		cairo_set_line_width(cr, 0.8);
		cairo_move_to(cr, R_ML, d->y + 0.4);
		cairo_line_to(cr, R_PAGE_W - R_MR, d->y + 0.4);
		cairo_stroke(cr);
	}
	if (r->dest != NULL) {
		cairo_tag_begin(
		    cr, CAIRO_TAG_DEST, r_tmp_printf(d, "name='%s'", r->dest));
		cairo_tag_end(cr, CAIRO_TAG_DEST);
	}
	cells = head || d->tagged_rows < R_TAGGED_ROWS;
	if (cells) {
		d->tagged_rows++;
		r_tag_begin(d, "TR", NULL);
	}
	for (i = 0; i < r->nc && i < t->ncols; i += r->c[i].span) {
		struct rcell *c = &r->c[i];
		double w = cell_w(t, i, c->span), y = d->y + CELL_VPAD;
		int align = part_align(t, r, i);

		if (cells)
			r_tag_begin(d, head ? "TH" : "TD", NULL);
		for (j = 0; j < c->np; j++) {
			struct rpart *p = &c->p[j];

			if (p->uri != NULL)
				cairo_tag_begin(cr, CAIRO_TAG_LINK, p->uri);
			if (p->run) {
				if (align == RA_RIGHT)
					r_run_draw(d, p->st, x + w - CELL_HPAD,
					    y, p->text, RA_RIGHT);
				else
					r_run_draw(d, p->st, x + CELL_HPAD, y,
					    p->text, RA_LEFT);
			} else {
				r_text_draw(d, p->st, x + CELL_HPAD, y,
				    w - 2 * CELL_HPAD, p->text, part_maxl(p),
				    align, p->lay);
				p->lay = NULL;
			}
			if (p->uri != NULL)
				cairo_tag_end(cr, CAIRO_TAG_LINK);
			y += p->h + PART_GAP;
		}
		if (cells)
			r_tag_end(d, head ? "TH" : "TD");
		x += w;
	}
	if (cells)
		r_tag_end(d, "TR");
	if (head) {
		r_rgb(d, 0x0b3c5d);
		cairo_set_line_width(cr, 0.8);
		cairo_move_to(cr, R_ML, d->y + r->h - 0.4);
		cairo_line_to(cr, R_PAGE_W - R_MR, d->y + r->h - 0.4);
		cairo_stroke(cr);
	}
	row_release(r);
}

void
rt_header(struct rdoc *d, struct rtable *t, const char *const *titles)
{
	int i;

	rrow_init(&t->head, RR_BODY);
	for (i = 0; i < t->ncols; i++)
		rcell_add(
		    &t->head, i, RS_TAB_HEAD, r_clean_dup(titles[i]), false);
	t->head_h = row_measure(d, t, &t->head);
	row_release(&t->head);
}

static void
table_open(struct rdoc *d, struct rtable *t)
{
	r_tag_begin(d, "Table", NULL);
	t->head_h = row_measure(d, t, &t->head);
	row_draw(d, t, &t->head, true);
	d->y += t->head_h;
	d->at_top = false;
	t->on_page = true;
}

static void
table_close(struct rdoc *d, struct rtable *t)
{
	if (!t->on_page)
		return;
	r_tag_end(d, "Table");
	t->on_page = false;
}

void
rt_intro(struct rdoc *d, const struct rtable *t, enum rs st, const char *text)
{
	int k = t->keep > 0 ? t->keep : 1;
	double row = 2 * d->st[RS_TAB].lh + PART_GAP + 2 * CELL_VPAD;
	double h = r_text_h(d, st, R_BODY_W, text, 0, NULL) + 8.0 + t->head_h +
		   k * row;

	if (h < (R_BOTTOM - R_TOP) / 2)
		r_need(d, h);
	r_para(d, st, text);
}

void
rt_keep(struct rtable *t, size_t nrows)
{
	t->keep = nrows <= 8 ? (int)nrows : 3;
}

void
rt_rows(struct rdoc *d, struct rtable *t, struct rrow *rows, int n)
{
	double total = 0, body = R_BOTTOM - R_TOP, need;
	bool fits;
	int i;

	if (d->failed || n <= 0)
		return;
	for (i = 0; i < n; i++)
		total += row_measure(d, t, &rows[i]);
	fits = t->head_h + total <= body;
	need = fits ? total : rows[0].h;
	if (fits && t->group == 0 && t->keep > n) {
		/* the first rows of a table stay with its header */
		double more = total / n * (t->keep - n);

		if (t->head_h + total + more <= body)
			need = total + more;
	}
	if (t->on_page && d->y + need > R_BOTTOM) {
		table_close(d, t);
		r_page_close(d);
	}
	if (!t->on_page) {
		r_need(d, t->head_h + need);
		table_open(d, t);
	}
	for (i = 0; i < n && !d->failed; i++) {
		if (d->y + rows[i].h > R_BOTTOM + 0.01) {
			table_close(d, t);
			r_page_close(d);
			r_page_open(d);
			table_open(d, t);
		}
		row_draw(d, t, &rows[i], false);
		d->y += rows[i].h;
	}
	for (i = 0; i < n; i++)
		row_release(&rows[i]);
	if (d->pass == 2 && !d->failed && rows[n - 1].kind != RR_TOTAL) {
		r_rgb(d, 0xc5ced6);
		cairo_set_line_width(d->cr, 0.4);
		cairo_move_to(d->cr, R_ML, d->y - 0.2);
		cairo_line_to(d->cr, R_PAGE_W - R_MR, d->y - 0.2);
		cairo_stroke(d->cr);
	}
	t->group++;
}

void
rt_free(struct rtable *t)
{
	int i;

	for (i = 0; i < t->ncols; i++)
		if (t->head.c[i].np > 0) {
			free((char *)t->head.c[i].p[0].text);
			t->head.c[i].p[0].text = NULL;
		}
	row_release(&t->head);
}

void
rt_end(struct rdoc *d, struct rtable *t)
{
	table_close(d, t);
	rt_free(t);
	r_space(d, 10.0);
}
