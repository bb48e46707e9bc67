/*
 * report.c - what the report says, section by section (SPEC section 8,
 * EITI.md 1.10), in the order and with the words of the template.
 *
 * Every function here runs twice (layout pass and drawing pass, see
 * rint.h) and must take the same decisions both times: nothing in it may
 * depend on the pass except through the layout engine.  Data strings
 * (names, reasons, URLs) go through r_clean() before Pango sees them.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/iso.h"
#include "core/money.h"
#include "model/model.h"
#include "render/rint.h"

static const char *const status_id[EITI_ST_COUNT] = {
    [EITI_ST_MATCHED] = "matched",
    [EITI_ST_WITHIN_TOLERANCE] = "within-tolerance",
    [EITI_ST_DISCREPANCY] = "discrepancy",
    [EITI_ST_COMPANY_ONLY] = "company-only",
    [EITI_ST_GOVERNMENT_ONLY] = "government-only",
    [EITI_ST_OUT_OF_SCOPE] = "out-of-scope",
};

/* Okabe-Ito colours per status. */
static const uint32_t status_rgb[EITI_ST_COUNT] = {
    [EITI_ST_MATCHED] = 0x009e73,
    [EITI_ST_WITHIN_TOLERANCE] = 0x56b4e9,
    [EITI_ST_DISCREPANCY] = 0xd55e00,
    [EITI_ST_COMPANY_ONLY] = 0xe69f00,
    [EITI_ST_GOVERNMENT_ONLY] = 0x0072b2,
    [EITI_ST_OUT_OF_SCOPE] = 0xcc79a7,
};

static const uint32_t series_rgb[2] = {0x0072b2, 0xe69f00};

/* Explanation classes of SPEC 3.3. */
static const char *const class_id[] = {
    "timing",
    "classification",
    "perimeter",
    "out-of-scope",
    "on-account",
    "fx",
    "omission",
    "jv-partner",
    "in-kind-valuation",
    "other",
};
#define NCLASS (sizeof(class_id) / sizeof(class_id[0]))

const char *const r_required_keys[] = {
    "page.footer",
    "running.right",
    "period.range",
    "heading.numbered",
    "datetime",
    "heading.appendix",
    "section.cover",
    "section.contents",
    "section.summary",
    "section.method",
    "section.streams",
    "section.companies",
    "section.stream-reconciliation",
    "section.entities",
    "section.regions",
    "section.non-reporting",
    "section.details",
    "section.provenance",
    "section.validation",
    "section.glossary",
    "meta.subject",
    "meta.keywords",
    "meta.creator",
    "cover.default-title",
    "cover.kicker",
    "cover.subtitle",
    "cover.country",
    "cover.period",
    "cover.currency",
    "cover.level",
    "cover.administrator",
    "cover.date",
    "cover.note",
    "cover.generated",
    "level.stream",
    "level.project",
    "currency.value",
    "summary.intro",
    "summary.figures",
    "summary.total-g",
    "summary.total-c",
    "summary.initial-net",
    "summary.initial-gross",
    "summary.adj-c",
    "summary.adj-g",
    "summary.final-net",
    "summary.final-gross",
    "summary.coverage",
    "summary.coverage-value",
    "summary.coverage-none",
    "summary.statuses",
    "summary.keys",
    "summary.share",
    "summary.unexplained",
    "summary.nonreporting",
    "summary.nonreporting-none",
    "summary.chart",
    "summary.overflow",
    "col.item",
    "col.amount",
    "col.status",
    "col.definition",
    "col.company",
    "col.stream",
    "col.entity",
    "col.region",
    "col.code",
    "col.g",
    "col.c",
    "col.d",
    "col.f",
    "col.keys",
    "col.key-company",
    "col.key-entity",
    "col.difference",
    "col.total",
    "col.id",
    "col.sector",
    "col.in-scope",
    "col.reporting",
    "col.level",
    "col.currency",
    "col.rate",
    "col.source",
    "col.abs",
    "col.rel",
    "col.share",
    "col.file",
    "col.errors",
    "col.warnings",
    "col.term",
    "col.declared",
    "col.g-all",
    "col.g-in",
    "count.discrepancies",
    "yes",
    "no",
    "all-entities",
    "method.intro",
    "method.params",
    "method.param.period",
    "method.param.currency",
    "method.param.level",
    "method.param.basis",
    "method.param.materiality",
    "method.param.abs",
    "method.param.rel",
    "method.param.rounding",
    "method.param.generated",
    "method.param.tool",
    "method.basis",
    "method.rounding",
    "method.materiality-none",
    "method.scope-rule",
    "method.scope-all",
    "method.tolerance-rule",
    "method.adjustments-rule",
    "method.overrides",
    "method.overrides-none",
    "method.rates",
    "method.rates-none",
    "method.statuses",
    "method.companies",
    "method.companies-none",
    "method.entities",
    "method.entities-none",
    "streams.intro",
    "streams.chart",
    "streams.unilateral",
    "streams.share",
    "streams.unilateral-intro",
    "streams.none",
    "groups.intro.company",
    "groups.intro.stream",
    "groups.intro.entity",
    "groups.intro.region",
    "groups.none",
    "regions.national",
    "nonreporting.intro",
    "nonreporting.none",
    "details.intro",
    "details.none",
    "details.final",
    "details.explained",
    "details.unexplained",
    "details.adjustment",
    "details.explanation",
    "details.original",
    "details.ref",
    "details.tolerance",
    "details.orphans",
    "details.orphans-intro",
    "details.key",
    "details.key-head",
    "role.company",
    "role.government",
    "role.adjustments",
    "provenance.intro",
    "provenance.none",
    "provenance.source",
    "provenance.url",
    "provenance.final-url",
    "provenance.sha256",
    "provenance.profile",
    "provenance.bytes",
    "provenance.bytes-value",
    "provenance.retrieved",
    "provenance.http",
    "provenance.etag",
    "provenance.last-modified",
    "provenance.payments",
    "provenance.local",
    "side.company",
    "side.government",
    "validation.intro",
    "validation.none",
    "glossary.intro",
    "glossary.classes",
    "glossary.statuses",
    "status.matched",
    "status.within-tolerance",
    "status.discrepancy",
    "status.company-only",
    "status.government-only",
    "status.out-of-scope",
    "status.matched.desc",
    "status.within-tolerance.desc",
    "status.discrepancy.desc",
    "status.company-only.desc",
    "status.government-only.desc",
    "status.out-of-scope.desc",
    "class.timing",
    "class.classification",
    "class.perimeter",
    "class.out-of-scope",
    "class.on-account",
    "class.fx",
    "class.omission",
    "class.jv-partner",
    "class.in-kind-valuation",
    "class.other",
    "class.timing.desc",
    "class.classification.desc",
    "class.perimeter.desc",
    "class.out-of-scope.desc",
    "class.on-account.desc",
    "class.fx.desc",
    "class.omission.desc",
    "class.jv-partner.desc",
    "class.in-kind-valuation.desc",
    "class.other.desc",
    "level.national",
    "level.regional",
    "level.municipal",
    "level.soe",
    "sector.mining",
    "sector.oil",
    "sector.gas",
    "sector.other",
    NULL,
};

/* ---- small helpers ----------------------------------------------------- */

static const char *
status_name(struct rdoc *d, enum eiti_status s)
{
	char key[64];

	if ((unsigned)s >= EITI_ST_COUNT)
		return "?";
	snprintf(key, sizeof(key), "status.%s", status_id[s]);
	return T(d, key);
}

static const char *
class_name(struct rdoc *d, const char *k)
{
	char key[64];
	size_t i;

	for (i = 0; i < NCLASS; i++)
		if (strcmp(k, class_id[i]) == 0) {
			snprintf(key, sizeof(key), "class.%s", k);
			return T(d, key);
		}
	return r_clean(d, k);
}

/* "level.national" etc., or the cleaned value itself. */
static const char *
coded(struct rdoc *d, const char *prefix, const char *v)
{
	char key[96];
	const char *s;

	if (v == NULL || v[0] == '\0')
		return "";
	snprintf(key, sizeof(key), "%s.%s", prefix, v);
	s = strlen(v) < 40 ? eiti_template_text(d->t, key) : NULL;
	return s ? s : r_clean(d, v);
}

static const char *
stream_name(struct rdoc *d, const char *code)
{
	const char *s = NULL;

	s = eiti_stream_name(code, d->lang);
	return r_clean(d, s ? s : code);
}

/* "1415E1 Royalties", or the code alone when it has no name. */
static const char *
stream_label(struct rdoc *d, const char *code)
{
	const char *name = stream_name(d, code), *c = r_clean(d, code);

	if (strcmp(name, c) == 0)
		return c;
	return r_tmp_printf(d, "%s %s", c, name);
}

/* Stream code (bold) and, when known, its name below it. */
static void
stream_parts(struct rdoc *d, struct rrow *r, int col, const char *code)
{
	const char *c = r_clean(d, code), *name = stream_name(d, code);

	rcell_add(r, col, RS_TAB_BOLD, c, false);
	if (strcmp(name, c) != 0)
		rcell_add(r, col, RS_TAB, name, false);
}

/* An entity by name, with its id below (id alone when unknown). */
static void
entity_parts(struct rdoc *d, struct rrow *r, int col, const char *id)
{
	size_t i;

	for (i = 0; i < d->res->nentities; i++)
		if (strcmp(d->res->entities[i].id, id) == 0 &&
		    d->res->entities[i].name[0] != '\0') {
			rcell_add(r, col, RS_TAB,
			    r_clean(d, d->res->entities[i].name), false);
			rcell_add(r, col, RS_TAB_GREY, r_clean(d, id), false);
			return;
		}
	rcell_add(r, col, RS_TAB, r_clean(d, id), false);
}

static const char *
region_name(struct rdoc *d, const char *code)
{
	const char *s = NULL;

	if (code == NULL || code[0] == '\0')
		return T(d, "regions.national");
	s = eiti_subdivision_name(code);
	return r_clean(d, s ? s : code);
}

/* Country or region of the report, by name when known. */
const char *
r_place_name(struct rdoc *d)
{
	const char *c = d->res->country, *s = NULL;
	char key[64];

	if (c == NULL || c[0] == '\0')
		return "";
	snprintf(key, sizeof(key), "country.%s", c);
	if (strlen(c) < 16 && (s = eiti_template_text(d->t, key)) != NULL)
		return s;
	if (strchr(c, '-') != NULL)
		s = eiti_subdivision_name(c);
	else
		s = eiti_country_name(c);
	if (s != NULL)
		return r_tmp_printf(d, "%s (%s)", s, r_clean(d, c));
	return r_clean(d, c);
}

static const char *
period_text(struct rdoc *d)
{
	const char *a = r_date(d, d->res->period_start);
	const char *b = r_date(d, d->res->period_end);

	return r_subst(
	    d, T(d, "period.range"), "start", a, "end", b, (char *)NULL);
}

static const char *
money_s(struct rdoc *d, int64_t v)
{
	char buf[EITI_MONEY_BUFSZ];

	return r_tmp_strdup(d, r_money(d, buf, v));
}

static const char *
money_cur(struct rdoc *d, int64_t v)
{
	char buf[EITI_MONEY_BUFSZ];

	return r_tmp_printf(
	    d, "%s %s", r_money(d, buf, v), r_clean(d, d->res->currency));
}

static const char *
count_s(struct rdoc *d, int64_t n)
{
	char buf[EITI_MONEY_BUFSZ];

	return r_tmp_strdup(d, r_count(d, buf, n));
}

/* A decimal fraction (0.005) as a percentage text ("0,5 %"), exactly. */
static const char *
fraction_pct(struct rdoc *d, const struct eiti_decimal *f)
{
	struct eiti_decimal p;
	char buf[EITI_MONEY_BUFSZ];
	const char *pat;

	if (!eiti_decimal_shift(&p, f, 2)) /* x 100, exactly */
		return r_clean(d, d->res->rel_tol_text);
	eiti_decimal_format(buf, &p, d->t->num_lang);
	if (d->t->num_decimal[0] != '\0') {
		char *dot =
		    strchr(buf, strcmp(d->t->num_lang, "es") == 0 ? ',' : '.');
		if (dot != NULL)
			return r_subst(d,
			    d->t->num_percent[0] ? d->t->num_percent : "{n} %",
			    "n",
			    r_tmp_printf(d, "%.*s%s%s", (int)(dot - buf), buf,
				d->t->num_decimal, dot + 1),
			    (char *)NULL);
	}
	pat = d->t->num_percent[0]
		  ? d->t->num_percent
		  : (strcmp(d->t->num_lang, "es") == 0 ? "{n} %" : "{n}%");
	return r_subst(d, pat, "n", buf, (char *)NULL);
}

struct colmax {
	uint64_t max;
	bool neg;
};

static bool money_cols(struct rdoc *d, const struct colmax *m, int n,
    double other, double min_label, double *w);

static void
cm_add(struct colmax *m, int64_t v)
{
	uint64_t a = v < 0 ? (uint64_t)(-(v + 1)) + 1 : (uint64_t)v;

	if (a > m->max)
		m->max = a;
	if (v < 0)
		m->neg = true;
}

/* Start a section: new page and its numbered heading. */
static void
section_start(struct rdoc *d, int i)
{
	r_tmp_reset(d);
	r_page_break(d);
	d->cur_sec = i;
	r_heading(d, 1, d->secs[i].title, d->secs[i].dest, i);
}

static void
subheading(struct rdoc *d, const char *text, int n)
{
	char dest[48];

	snprintf(dest, sizeof(dest), "%s-%d", d->secs[d->cur_sec].dest, n);
	r_heading(d, 2, text, dest, -1);
}

/* A two-column table of labels and values (values as text). */
static void
kv_begin(struct rdoc *d, struct rtable *t, double label_w, bool right)
{
	static const double weight[2] = {0, 1};
	double fixed[2] = {label_w, 0};
	const char *head[2];

	rt_init(t, 2);
	rt_widths(t, fixed, weight);
	head[0] = T(d, "col.item");
	head[1] = T(d, "col.amount");
	if (right)
		t->align[1] = RA_RIGHT;
	rt_header(d, t, head);
	t->zebra = true;
}

static void
kv_row(struct rdoc *d, struct rtable *t, const char *label, const char *val,
    bool run)
{
	struct rrow r;

	rrow_init(&r, RR_BODY);
	rcell_add(&r, 0, RS_TAB, label, false);
	rcell_add(&r, 1, RS_TAB, val, run);
	rt_rows(d, t, &r, 1);
}

/* ---- sections ------------------------------------------------------------ */

static void
sec_cover(struct rdoc *d, int idx)
{
	const struct eiti_results *res = d->res;
	const char *title = res->title && res->title[0]
				? r_clean(d, res->title)
				: T(d, "cover.default-title");
	const char *labels[6], *values[6];
	double y, h;
	int n = 0, i;
	cairo_t *cr = d->cr;

	r_page_break(d);
	d->no_running = true;
	r_page_open(d);
	d->no_running = false;
	d->cur_sec = idx;
	if (d->pass == 1)
		d->secs[idx].page = d->page;
	if (d->pass == 2 && !d->failed) {
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
	y = 190.0;
	h = r_text_h(
	    d, RS_COVER_LABEL, R_BODY_W, T(d, "cover.kicker"), 3, NULL);
	r_tag_begin(d, "P", NULL);
	r_text_draw(d, RS_COVER_LABEL, R_ML, y, R_BODY_W, T(d, "cover.kicker"),
	    3, RA_LEFT, NULL);
	r_tag_end(d, "P");
	y += h + 10.0;
	h = r_text_h(d, RS_TITLE, R_BODY_W, title, 5, NULL);
	r_tag_begin(d, "H1", NULL);
	r_text_draw(d, RS_TITLE, R_ML, y, R_BODY_W, title, 5, RA_LEFT, NULL);
	r_tag_end(d, "H1");
	y += h + 12.0;
	h = r_text_h(d, RS_SUBTITLE, R_BODY_W, T(d, "cover.subtitle"), 4, NULL);
	r_tag_begin(d, "P", NULL);
	r_text_draw(d, RS_SUBTITLE, R_ML, y, R_BODY_W, T(d, "cover.subtitle"),
	    4, RA_LEFT, NULL);
	r_tag_end(d, "P");
	y += h + 40.0;
	if (y < 430.0)
		y = 430.0;

	labels[n] = T(d, "cover.country");
	values[n++] = r_place_name(d);
	labels[n] = T(d, "cover.period");
	values[n++] = period_text(d);
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
	if (d->pass == 2 && !d->failed) {
		r_rgb(d, 0x0b3c5d);
		cairo_set_line_width(cr, 1.0);
		cairo_move_to(cr, R_ML, y - 12.0);
		cairo_line_to(cr, R_ML + 60.0, y - 12.0);
		cairo_stroke(cr);
	}
	for (i = 0; i < n; i++) {
		double hl =
		    r_text_h(d, RS_COVER_LABEL, 150.0, labels[i], 2, NULL);
		double hv =
		    r_text_h(d, RS_COVER, R_BODY_W - 160.0, values[i], 3, NULL);

		r_tag_begin(d, "P", NULL);
		r_text_draw(d, RS_COVER_LABEL, R_ML, y + 1.5, 150.0, labels[i],
		    2, RA_LEFT, NULL);
		r_text_draw(d, RS_COVER, R_ML + 160.0, y, R_BODY_W - 160.0,
		    values[i], 3, RA_LEFT, NULL);
		r_tag_end(d, "P");
		y += (hl > hv ? hl : hv) + 9.0;
	}
	{
		const char *note = r_subst(d, T(d, "cover.note"), "currency",
		    r_clean(d, res->currency), (char *)NULL);
		const char *gen = r_subst(d, T(d, "cover.generated"), "version",
		    r_clean(d, res->tool_version), (char *)NULL);
		double hn = r_text_h(d, RS_NOTE, R_BODY_W, note, 4, NULL);
		double hg = r_text_h(d, RS_NOTE, R_BODY_W, gen, 2, NULL);
		double yb = R_PAGE_H - 70.0 - hn - hg - 4.0;

		if (yb < y + 10.0)
			yb = y + 10.0;
		r_tag_begin(d, "P", NULL);
		r_text_draw(
		    d, RS_NOTE, R_ML, yb, R_BODY_W, note, 4, RA_LEFT, NULL);
		r_tag_end(d, "P");
		r_tag_begin(d, "P", NULL);
		r_text_draw(d, RS_NOTE, R_ML, yb + hn + 4.0, R_BODY_W, gen, 2,
		    RA_LEFT, NULL);
		r_tag_end(d, "P");
	}
	d->at_top = false;
	r_page_close(d);
}

static void
sec_contents(struct rdoc *d, int idx)
{
	int i;

	section_start(d, idx);
	r_tag_begin(d, "TOC", NULL);
	for (i = 0; i < d->nsecs && !d->failed; i++) {
		const struct rsec *s = &d->secs[i];
		double numw = 34.0, w = R_BODY_W - numw - 10.0, h;
		enum rs st = s->appendix ? RS_TOC : RS_TOC_BOLD;

		if (!s->in_toc)
			continue;
		h = r_text_h(d, st, w, s->title, 2, NULL);
		r_need(d, h + 7.0);
		if (d->pass == 2 && !d->failed) {
			char pg[EITI_MONEY_BUFSZ], *attr;
			PangoLayout *lay = NULL;
			double tw;

			attr = r_tmp_printf(d, "dest='%s'", s->dest);
			r_tag_begin(d, "TOCI", NULL);
			cairo_tag_begin(d->cr, CAIRO_TAG_LINK, attr);
			r_text_h(d, st, w, s->title, 2, &lay);
			{
				PangoRectangle ink, log;
				int nl = pango_layout_get_line_count(lay);
				PangoLayoutLine *last =
				    pango_layout_get_line_readonly(lay, nl - 1);

				pango_layout_line_get_extents(last, &ink, &log);
				tw = (double)log.width / PANGO_SCALE;
			}
			r_text_draw(
			    d, st, R_ML, d->y, w, s->title, 2, RA_LEFT, lay);
			snprintf(pg, sizeof(pg), "%d", s->page);
			r_run_draw(d, st, R_PAGE_W - R_MR,
			    d->y + h - d->st[st].lh, pg, RA_RIGHT);
			cairo_tag_end(d->cr, CAIRO_TAG_LINK);
			r_tag_end(d, "TOCI");
			/* Dot leaders from the title's last line to the
			 * page number. */
			r_rgb(d, 0x8a96a0);
			cairo_set_line_width(d->cr, 0.8);
			cairo_set_line_cap(d->cr, CAIRO_LINE_CAP_ROUND);
			{
				double dashes[2] = {0.0, 3.2};

				cairo_set_dash(d->cr, dashes, 2, 0);
			}
			cairo_move_to(d->cr, R_ML + tw + 6.0,
			    d->y + h - d->st[st].lh + d->st[st].base);
			cairo_line_to(d->cr,
			    R_PAGE_W - R_MR - r_run_w(d, st, pg) - 6.0,
			    d->y + h - d->st[st].lh + d->st[st].base);
			cairo_stroke(d->cr);
			cairo_set_dash(d->cr, NULL, 0, 0);
			cairo_set_line_cap(d->cr, CAIRO_LINE_CAP_BUTT);
		}
		d->y += h + 7.0;
		d->at_top = false;
	}
	r_tag_end(d, "TOC");
}

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
sec_summary(struct rdoc *d, int idx)
{
	const struct eiti_results *res = d->res;
	const struct eiti_res_total *o = &res->overall;
	size_t count[EITI_ST_COUNT] = {0}, unexplained = 0, inscope = 0, i;
	struct rbar bars[EITI_ST_COUNT];
	uint32_t rgb[EITI_ST_COUNT];
	struct rtable t;
	int64_t gross;
	int nb = 0;

	section_start(d, idx);
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
	    r_subst(d, T(d, "summary.intro"), "keys",
		count_s(d, (int64_t)res->nrows), "companies",
		count_s(d, (int64_t)res->ncompanies), "in_scope",
		count_s(d, (int64_t)inscope), "entities",
		count_s(d, (int64_t)res->nentities), "period", period_text(d),
		"currency", r_clean(d, res->currency), (char *)NULL));

	subheading(d, T(d, "summary.figures"), 1);
	kv_begin(d, &t, R_BODY_W * 0.58, true);
	kv_row(d, &t, T(d, "summary.total-g"), money_cur(d, o->g), true);
	kv_row(d, &t, T(d, "summary.total-c"), money_cur(d, o->c), true);
	kv_row(d, &t, T(d, "summary.initial-net"), money_cur(d, o->d), true);
	kv_row(d, &t, T(d, "summary.initial-gross"),
	    initial_gross(res, &gross) ? money_cur(d, gross)
				       : T(d, "summary.overflow"),
	    true);
	kv_row(d, &t, T(d, "summary.adj-c"), money_cur(d, o->ac), true);
	kv_row(d, &t, T(d, "summary.adj-g"), money_cur(d, o->ag), true);
	kv_row(d, &t, T(d, "summary.final-net"), money_cur(d, o->f), true);
	kv_row(
	    d, &t, T(d, "summary.final-gross"), money_cur(d, o->gross), true);
	if (res->has_coverage) {
		char pct[EITI_MONEY_BUFSZ];

		kv_row(d, &t, T(d, "summary.coverage"),
		    r_pct(d, pct, res->coverage_bp), true);
	} else {
		kv_row(d, &t, T(d, "summary.coverage"),
		    T(d, "summary.coverage-none"), false);
	}
	rt_end(d, &t);
	if (res->has_coverage) {
		char pct[EITI_MONEY_BUFSZ];

		r_para(d, RS_NOTE,
		    r_subst(d, T(d, "summary.coverage-value"), "pct",
			r_pct(d, pct, res->coverage_bp), "num",
			money_s(d, res->coverage_num), "den",
			money_s(d, res->coverage_den), "currency",
			r_clean(d, res->currency), (char *)NULL));
	}
	r_tmp_reset(d);

	subheading(d, T(d, "summary.statuses"), 2);
	{
		static const double weight[3] = {1, 0, 0};
		double fixed[3] = {0, 70, 70};
		const char *head[3];

		rt_init(&t, 3);
		rt_widths(&t, fixed, weight);
		t.align[1] = t.align[2] = RA_RIGHT;
		head[0] = T(d, "col.status");
		head[1] = T(d, "summary.keys");
		head[2] = T(d, "summary.share");
		rt_header(d, &t, head);
		for (i = 0; i < EITI_ST_COUNT; i++) {
			struct rrow r;
			int64_t bp = 0;
			char pct[EITI_MONEY_BUFSZ];

			rrow_init(&r, RR_BODY);
			rcell_add(&r, 0, RS_TAB, status_name(d, i), false);
			rcell_count(d, &r, 1, RS_TAB, (int64_t)count[i]);
			if (res->nrows > 0)
				eiti_percent_bp(&bp, (int64_t)count[i],
				    (int64_t)res->nrows);
			rcell_add(&r, 2, RS_TAB,
			    r_tmp_strdup(d, r_pct(d, pct, bp)), true);
			rt_rows(d, &t, &r, 1);
		}
		{
			struct rrow r;

			rrow_init(&r, RR_TOTAL);
			rcell_add(&r, 0, RS_TAB_BOLD, T(d, "col.total"), false);
			rcell_count(d, &r, 1, RS_TAB_BOLD, (int64_t)res->nrows);
			rt_rows(d, &t, &r, 1);
		}
		rt_end(d, &t);
	}
	for (i = 0; i < EITI_ST_COUNT; i++) {
		bars[nb].label = status_name(d, i);
		bars[nb].v[0] = (int64_t)count[i];
		bars[nb].v[1] = 0;
		rgb[nb] = status_rgb[i];
		nb++;
	}
	r_para_keep(d, RS_NOTE, T(d, "summary.chart"));
	r_chart_bars(d, bars, nb, 1, false, series_rgb, rgb, NULL);
	r_space(d, 8.0);
	r_para(d, RS_BODY,
	    r_subst(d, T(d, "summary.unexplained"), "n",
		count_s(d, (int64_t)unexplained), "discrepancies",
		count_s(d, (int64_t)count[EITI_ST_DISCREPANCY]), (char *)NULL));
	if (res->nnonreporting > 0) {
		int64_t g = 0, bp = 0;
		char pct[EITI_MONEY_BUFSZ];

		for (i = 0; i < res->nnonreporting; i++)
			if (!eiti_add(&g, g, res->nonreporting[i].g))
				break;
		for (i = 0; i < res->nnonreporting; i++)
			bp += res->nonreporting[i].share_bp;
		r_para(d, RS_BODY,
		    r_subst(d, T(d, "summary.nonreporting"), "n",
			count_s(d, (int64_t)res->nnonreporting), "amount",
			money_cur(d, g), "share", r_pct(d, pct, bp),
			(char *)NULL));
	} else {
		r_para(d, RS_BODY, T(d, "summary.nonreporting-none"));
	}
}

static void
sec_method(struct rdoc *d, int idx)
{
	const struct eiti_results *res = d->res;
	char dig[8];
	struct rtable t;
	size_t i;

	section_start(d, idx);
	r_para(d, RS_BODY,
	    r_subst(d, T(d, "method.intro"), "place", r_place_name(d), "period",
		period_text(d), "currency", r_clean(d, res->currency),
		(char *)NULL));

	subheading(d, T(d, "method.params"), 1);
	snprintf(dig, sizeof(dig), "%d", res->currency_digits);
	kv_begin(d, &t, R_BODY_W * 0.42, false);
	kv_row(d, &t, T(d, "method.param.period"), period_text(d), false);
	kv_row(d, &t, T(d, "method.param.currency"),
	    r_subst(d, T(d, "currency.value"), "currency",
		r_clean(d, res->currency), "digits", dig, (char *)NULL),
	    false);
	kv_row(d, &t, T(d, "method.param.level"),
	    T(d, res->level_project ? "level.project" : "level.stream"), false);
	kv_row(d, &t, T(d, "method.param.basis"), T(d, "method.basis"), false);
	kv_row(d, &t, T(d, "method.param.materiality"),
	    res->has_materiality ? money_cur(d, res->materiality)
				 : T(d, "method.materiality-none"),
	    false);
	kv_row(
	    d, &t, T(d, "method.param.abs"), money_cur(d, res->abs_tol), false);
	kv_row(d, &t, T(d, "method.param.rel"), fraction_pct(d, &res->rel_tol),
	    false);
	kv_row(d, &t, T(d, "method.param.rounding"), T(d, "method.rounding"),
	    false);
	kv_row(d, &t, T(d, "method.param.generated"), r_date(d, res->generated),
	    false);
	kv_row(d, &t, T(d, "method.param.tool"),
	    r_tmp_printf(d, "eitirep %s", r_clean(d, res->tool_version)),
	    false);
	rt_end(d, &t);
	r_tmp_reset(d);

	if (res->has_materiality)
		r_para(d, RS_BODY,
		    r_subst(d, T(d, "method.scope-rule"), "materiality",
			money_cur(d, res->materiality), (char *)NULL));
	else
		r_para(d, RS_BODY, T(d, "method.scope-all"));
	r_para(d, RS_BODY,
	    r_subst(d, T(d, "method.tolerance-rule"), "abs",
		money_cur(d, res->abs_tol), "rel",
		fraction_pct(d, &res->rel_tol), (char *)NULL));
	r_para(d, RS_BODY, T(d, "method.adjustments-rule"));
	r_tmp_reset(d);

	subheading(d, T(d, "method.overrides"), 2);
	if (res->ntolerances == 0) {
		r_para(d, RS_BODY, T(d, "method.overrides-none"));
	} else {
		static const double weight[4] = {3, 2, 0, 0};
		double fixed[4] = {0, 0, 0, 64};
		const char *head[4];
		struct colmax m = {0, false};

		for (i = 0; i < res->ntolerances; i++)
			cm_add(&m, res->tolerances[i].abs);
		fixed[2] = rt_money_w(d, RS_TAB, m.max, m.neg);
		if (fixed[2] < 70)
			fixed[2] = 70;
		rt_init(&t, 4);
		rt_widths(&t, fixed, weight);
		t.align[2] = t.align[3] = RA_RIGHT;
		head[0] = T(d, "col.stream");
		head[1] = T(d, "col.entity");
		head[2] = T(d, "col.abs");
		head[3] = T(d, "col.rel");
		rt_header(d, &t, head);
		for (i = 0; i < res->ntolerances; i++) {
			const struct eiti_res_tolerance *tl =
			    &res->tolerances[i];
			struct rrow r;

			rrow_init(&r, RR_BODY);
			stream_parts(d, &r, 0, tl->stream);
			if (tl->entity[0])
				entity_parts(d, &r, 1, tl->entity);
			else
				rcell_add(
				    &r, 1, RS_TAB, T(d, "all-entities"), false);
			if (tl->has_abs)
				rcell_money(d, &r, 2, RS_TAB, tl->abs);
			else
				rcell_add(&r, 2, RS_TAB_GREY, "—", true);
			rcell_add(&r, 3, RS_TAB,
			    tl->has_rel ? fraction_pct(d, &tl->rel) : "—",
			    true);
			rt_rows(d, &t, &r, 1);
			r_tmp_reset(d);
		}
		rt_end(d, &t);
	}

	subheading(d, T(d, "method.rates"), 3);
	if (res->nrates == 0) {
		r_para(d, RS_BODY,
		    r_subst(d, T(d, "method.rates-none"), "currency",
			r_clean(d, res->currency), (char *)NULL));
	} else {
		static const double weight[3] = {0, 0, 1};
		double fixed[3] = {60, 110, 0};
		const char *head[3];

		rt_init(&t, 3);
		rt_widths(&t, fixed, weight);
		t.align[1] = RA_RIGHT;
		head[0] = T(d, "col.currency");
		head[1] = T(d, "col.rate");
		head[2] = T(d, "col.source");
		rt_header(d, &t, head);
		for (i = 0; i < res->nrates; i++) {
			const struct eiti_res_rate *rt = &res->rates[i];
			char buf[EITI_MONEY_BUFSZ];
			struct rrow r;

			rrow_init(&r, RR_BODY);
			rcell_add(&r, 0, RS_TAB_BOLD, r_clean(d, rt->currency),
			    false);
			rcell_add(&r, 1, RS_TAB,
			    r_tmp_strdup(d, eiti_decimal_format(buf, &rt->rate,
						d->t->num_lang)),
			    true);
			rcell_add(&r, 2, RS_TAB, r_clean(d, rt->source), false);
			rt_rows(d, &t, &r, 1);
			r_tmp_reset(d);
		}
		rt_end(d, &t);
	}

	subheading(d, T(d, "method.statuses"), 4);
	{
		static const double weight[2] = {0, 1};
		double fixed[2] = {110, 0};
		const char *head[2];

		rt_init(&t, 2);
		rt_widths(&t, fixed, weight);
		head[0] = T(d, "col.status");
		head[1] = T(d, "col.definition");
		rt_header(d, &t, head);
		for (i = 0; i < EITI_ST_COUNT; i++) {
			char key[64];
			struct rrow r;

			snprintf(
			    key, sizeof(key), "status.%s.desc", status_id[i]);
			rrow_init(&r, RR_BODY);
			rcell_add(&r, 0, RS_TAB_BOLD, status_name(d, i), false);
			rcell_add(&r, 1, RS_TAB, T(d, key), false);
			rt_rows(d, &t, &r, 1);
		}
		rt_end(d, &t);
	}

	subheading(d, T(d, "method.companies"), 5);
	if (res->ncompanies == 0) {
		r_para(d, RS_BODY, T(d, "method.companies-none"));
	} else {
		static const double weight[5] = {1, 0, 0, 0, 0};
		double fixed[5] = {0, 70, 0, 46, 46};
		const char *head[5];
		struct colmax m = {0, false};

		for (i = 0; i < res->ncompanies; i++)
			cm_add(&m, res->companies[i].g);
		fixed[2] = rt_money_w(d, RS_TAB, m.max, m.neg);
		if (fixed[2] < 70)
			fixed[2] = 70;
		rt_init(&t, 5);
		rt_widths(&t, fixed, weight);
		t.align[2] = RA_RIGHT;
		t.align[3] = t.align[4] = RA_CENTER;
		head[0] = T(d, "col.company");
		head[1] = T(d, "col.sector");
		head[2] = T(d, "col.g");
		head[3] = T(d, "col.in-scope");
		head[4] = T(d, "col.reporting");
		rt_header(d, &t, head);
		for (i = 0; i < res->ncompanies && !d->failed; i++) {
			const struct eiti_res_company *c = &res->companies[i];
			struct rrow r;

			rrow_init(&r, RR_BODY);
			rcell_add(&r, 0, RS_TAB, r_clean(d, c->name), false);
			rcell_add(&r, 0, RS_TAB_GREY, r_clean(d, c->id), false);
			if (c->aliases && c->aliases[0])
				rcell_add(&r, 0, RS_TAB_GREY,
				    r_clean(d, c->aliases), false);
			rcell_add(&r, 1, RS_TAB, coded(d, "sector", c->sector),
			    false);
			if (c->commodity && c->commodity[0])
				rcell_add(&r, 1, RS_TAB_GREY,
				    r_clean(d, c->commodity), false);
			rcell_money(d, &r, 2, RS_TAB, c->g);
			rcell_add(&r, 3, RS_TAB,
			    T(d, c->in_scope ? "yes" : "no"), false);
			rcell_add(&r, 4, RS_TAB,
			    T(d, c->reporting ? "yes" : "no"), false);
			rt_rows(d, &t, &r, 1);
			r_tmp_reset(d);
		}
		rt_end(d, &t);
	}

	subheading(d, T(d, "method.entities"), 6);
	if (res->nentities == 0) {
		r_para(d, RS_BODY, T(d, "method.entities-none"));
	} else {
		static const double weight[3] = {3, 1, 2};
		double fixed[3] = {0, 0, 0};
		const char *head[3];

		rt_init(&t, 3);
		rt_widths(&t, fixed, weight);
		head[0] = T(d, "col.entity");
		head[1] = T(d, "col.level");
		head[2] = T(d, "col.region");
		rt_header(d, &t, head);
		for (i = 0; i < res->nentities && !d->failed; i++) {
			const struct eiti_res_entity *e = &res->entities[i];
			struct rrow r;

			rrow_init(&r, RR_BODY);
			rcell_add(&r, 0, RS_TAB, r_clean(d, e->name), false);
			rcell_add(&r, 0, RS_TAB_GREY, r_clean(d, e->id), false);
			rcell_add(
			    &r, 1, RS_TAB, coded(d, "level", e->level), false);
			rcell_add(&r, 2, RS_TAB,
			    e->region[0] ? region_name(d, e->region) : "—",
			    false);
			if (e->region[0])
				rcell_add(&r, 2, RS_TAB_GREY,
				    r_clean(d, e->region), false);
			rt_rows(d, &t, &r, 1);
			r_tmp_reset(d);
		}
		rt_end(d, &t);
	}
}

enum gkind { G_COMPANY, G_STREAM, G_ENTITY, G_REGION };

/* Widths of amount columns for the values in m, regular and bold, and
 * whether the bold ones leave at least min_label points for the text.
 * Totals rows are bold only when that fits: 15-digit amounts in four
 * columns of a portrait page leave no room for bold digits. */
static bool
money_cols(struct rdoc *d, const struct colmax *m, int n, double other,
    double min_label, double *w)
{
	double sum_b = other, sum_r = other, wb[RT_MAXCOL];
	int c;

	for (c = 0; c < n; c++) {
		w[c] = rt_money_w(d, RS_TAB, m[c].max, m[c].neg);
		wb[c] = rt_money_w(d, RS_TAB_BOLD, m[c].max, m[c].neg);
		if (w[c] < 62)
			w[c] = 62;
		if (wb[c] < 62)
			wb[c] = 62;
		sum_b += wb[c];
		sum_r += w[c];
	}
	if (R_BODY_W - sum_b >= min_label) {
		for (c = 0; c < n; c++)
			w[c] = wb[c];
		return true;
	}
	return false;
}

/* The label of a group row: name and key, or code and name. */
static void
group_label(struct rdoc *d, struct rrow *r, int col,
    const struct eiti_res_total *x, enum gkind k, bool with_key)
{
	if (k == G_STREAM && with_key) {
		stream_parts(d, r, col, x->key);
	} else if (k == G_STREAM) {
		rcell_add(r, col, RS_TAB, stream_name(d, x->key), false);
	} else if (k == G_REGION) {
		rcell_add(r, col, RS_TAB, region_name(d, x->key), false);
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

/* The totals of one grouping (SPEC 4.8) with the overall total.  When
 * the amounts leave too little room for names, each name gets a line of
 * its own above its figures ("stacked"). */
static void
group_table(
    struct rdoc *d, const struct eiti_res_total *v, size_t n, enum gkind k)
{
	static const char *const label_key[] = {
	    "col.company", "col.stream", "col.entity", "col.region"};
	static const double weight[6] = {1, 0, 0, 0, 0, 0};
	const struct eiti_res_total *o = &d->res->overall;
	struct colmax m[4] = {{0, false}, {0, false}, {0, false}, {0, false}};
	double fixed[6] = {0, 0, 0, 0, 0, 46}, w[4];
	const char *head[6];
	struct rrow rows[2];
	struct rtable t;
	bool bold, stacked;
	size_t i;
	int c;

	for (i = 0; i <= n; i++) {
		const struct eiti_res_total *x = i < n ? &v[i] : o;

		cm_add(&m[0], x->g);
		cm_add(&m[1], x->c);
		cm_add(&m[2], x->d);
		cm_add(&m[3], x->f);
	}
	bold = money_cols(d, m, 4, fixed[5], 130.0, w);
	for (c = 0; c < 4; c++)
		fixed[c + 1] = w[c];
	rt_init(&t, 6);
	rt_widths(&t, fixed, weight);
	stacked = t.w[0] < 112.0;
	for (c = 1; c < 6; c++)
		t.align[c] = RA_RIGHT;
	head[0] = T(d, label_key[k]);
	head[1] = T(d, "col.g");
	head[2] = T(d, "col.c");
	head[3] = T(d, "col.d");
	head[4] = T(d, "col.f");
	head[5] = T(d, "col.keys");
	rt_header(d, &t, head);
	for (i = 0; i <= n && !d->failed; i++) {
		const struct eiti_res_total *x = i < n ? &v[i] : o;
		bool total = i == n;
		enum rs st = total && bold ? RS_TAB_BOLD : RS_TAB;
		struct rrow *r = &rows[0];
		int nr = 1;

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
		rcell_money(d, r, 1, st, x->g);
		rcell_money(d, r, 2, st, x->c);
		rcell_money(d, r, 3, st, x->d);
		rcell_money(d, r, 4, st, x->f);
		rcell_count(d, r, 5, st, (int64_t)x->keys);
		if (x->count[EITI_ST_DISCREPANCY] > 0)
			rcell_add(r, 5, RS_TAB_GREY,
			    r_subst(d, T(d, "count.discrepancies"), "n",
				count_s(
				    d, (int64_t)x->count[EITI_ST_DISCREPANCY]),
				(char *)NULL),
			    true);
		rt_rows(d, &t, rows, nr);
		r_tmp_reset(d);
	}
	rt_end(d, &t);
}

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
	const struct eiti_results *res = d->res;
	static const double weight[4] = {1, 0, 0, 0};
	double fixed[4] = {0, 0, 70, 46}, w[1];
	struct colmax m[1] = {{0, false}};
	const char *head[4];
	struct rtable t;
	bool bold;
	size_t i;

	for (i = 0; i < res->nby_stream; i++)
		cm_add(&m[0], res->by_stream[i].g);
	cm_add(&m[0], res->overall.g);
	bold = money_cols(d, m, 1, 116.0, 150.0, w);
	fixed[1] = w[0];
	rt_init(&t, 4);
	rt_widths(&t, fixed, weight);
	t.align[1] = t.align[2] = t.align[3] = RA_RIGHT;
	head[0] = T(d, "col.stream");
	head[1] = T(d, "col.g");
	head[2] = T(d, "streams.share");
	head[3] = T(d, "col.keys");
	rt_header(d, &t, head);
	for (i = 0; i <= res->nby_stream && !d->failed; i++) {
		bool total = i == res->nby_stream;
		const struct eiti_res_total *x =
		    total ? &res->overall : &res->by_stream[i];
		enum rs st = total && bold ? RS_TAB_BOLD : RS_TAB;
		char pct[EITI_MONEY_BUFSZ];
		int64_t bp = 0;
		struct rrow r;

		rrow_init(&r, total ? RR_TOTAL : RR_BODY);
		if (total)
			rcell_add(&r, 0, RS_TAB_BOLD, T(d, "col.total"), false);
		else
			stream_parts(d, &r, 0, x->key);
		rcell_money(d, &r, 1, st, x->g);
		if (res->overall.g != 0 &&
		    eiti_percent_bp(&bp, x->g, res->overall.g))
			rcell_add(&r, 2, st, r_tmp_strdup(d, r_pct(d, pct, bp)),
			    true);
		else
			rcell_add(&r, 2, RS_TAB_GREY, "—", true);
		rcell_count(d, &r, 3, st, (int64_t)x->keys);
		rt_rows(d, &t, &r, 1);
		r_tmp_reset(d);
	}
	rt_end(d, &t);
}

#define STREAM_CHART_MAX 15

static void
sec_streams(struct rdoc *d, int idx)
{
	const struct eiti_results *res = d->res;
	const struct eiti_res_total *top[STREAM_CHART_MAX];
	const struct eiti_res_total **all;
	struct rbar bars[STREAM_CHART_MAX];
	const char *legend[2];
	size_t i, n;

	section_start(d, idx);
	r_para(d, RS_BODY, T(d, "streams.intro"));
	if (res->nby_stream == 0) {
		r_para(d, RS_BODY, T(d, "streams.none"));
		return;
	}
	/* The chart shows the largest streams by government revenue. */
	all = eiti_xcalloc(res->nby_stream, sizeof(*all));
	for (i = 0; i < res->nby_stream; i++)
		all[i] = &res->by_stream[i];
	qsort(all, res->nby_stream, sizeof(*all), cmp_abs_g);
	n = res->nby_stream < STREAM_CHART_MAX ? res->nby_stream
					       : STREAM_CHART_MAX;
	for (i = 0; i < n; i++) {
		top[i] = all[i];
		bars[i].label = stream_label(d, top[i]->key);
		bars[i].v[0] = top[i]->g;
		bars[i].v[1] = top[i]->c;
	}
	free(all);
	legend[0] = T(d, "col.g");
	legend[1] = T(d, "col.c");
	r_para_keep(d, RS_NOTE,
	    r_subst(d, T(d, "streams.chart"), "n", count_s(d, (int64_t)n),
		"currency", r_clean(d, res->currency), (char *)NULL));
	r_chart_bars(d, bars, (int)n, 2, true, series_rgb, NULL, legend);
	r_space(d, 10.0);
	r_tmp_reset(d);
	revenue_table(d);

	subheading(d, T(d, "streams.unilateral"), 1);
	r_para(d, RS_BODY, T(d, "streams.unilateral-intro"));
	if (res->nunilateral > 0) {
		static const double weight[5] = {1, 1, 0, 0, 0};
		double fixed[5] = {0, 0, 0, 0, 0};
		const char *head[5];
		struct colmax m = {0, false};
		struct rtable t;

		for (i = 0; i < res->nunilateral; i++) {
			cm_add(&m, res->unilateral[i].declared);
			cm_add(&m, res->unilateral[i].g_all);
			cm_add(&m, res->unilateral[i].g_in);
		}
		fixed[2] = fixed[3] = fixed[4] =
		    rt_money_w(d, RS_TAB, m.max, m.neg) < 66
			? 66
			: rt_money_w(d, RS_TAB, m.max, m.neg);
		rt_init(&t, 5);
		rt_widths(&t, fixed, weight);
		t.align[2] = t.align[3] = t.align[4] = RA_RIGHT;
		head[0] = T(d, "col.entity");
		head[1] = T(d, "col.stream");
		head[2] = T(d, "col.declared");
		head[3] = T(d, "col.g-all");
		head[4] = T(d, "col.g-in");
		rt_header(d, &t, head);
		for (i = 0; i < res->nunilateral && !d->failed; i++) {
			const struct eiti_res_unilateral *u =
			    &res->unilateral[i];
			struct rrow r;

			rrow_init(&r, RR_BODY);
			entity_parts(d, &r, 0, u->entity_id);
			stream_parts(d, &r, 1, u->stream);
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
}

static void
sec_group(struct rdoc *d, int idx, const char *intro,
    const struct eiti_res_total *v, size_t n, enum gkind k)
{
	section_start(d, idx);
	r_para(d, RS_BODY,
	    r_subst(d, T(d, intro), "currency", r_clean(d, d->res->currency),
		(char *)NULL));
	if (n == 0) {
		r_para(d, RS_BODY, T(d, "groups.none"));
		return;
	}
	group_table(d, v, n, k);
}

static void
sec_nonreporting(struct rdoc *d, int idx)
{
	const struct eiti_results *res = d->res;
	static const double weight[3] = {1, 0, 0};
	double fixed[3] = {0, 0, 70};
	const char *head[3];
	struct colmax m = {0, false};
	struct rtable t;
	size_t i;
	int64_t g = 0, bp = 0;
	bool ok = true;

	section_start(d, idx);
	r_para(d, RS_BODY, T(d, "nonreporting.intro"));
	if (res->nnonreporting == 0) {
		r_para(d, RS_BODY, T(d, "nonreporting.none"));
		return;
	}
	for (i = 0; i < res->nnonreporting; i++) {
		cm_add(&m, res->nonreporting[i].g);
		ok = ok && eiti_add(&g, g, res->nonreporting[i].g);
		bp += res->nonreporting[i].share_bp;
	}
	cm_add(&m, g);
	fixed[1] = rt_money_w(d, RS_TAB, m.max, m.neg);
	if (fixed[1] < 70)
		fixed[1] = 70;
	rt_init(&t, 3);
	rt_widths(&t, fixed, weight);
	t.align[1] = t.align[2] = RA_RIGHT;
	head[0] = T(d, "col.company");
	head[1] = T(d, "col.g");
	head[2] = T(d, "col.share");
	rt_header(d, &t, head);
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

/* Columns of the table of keys: two text columns (company; entity and
 * stream) when the amounts leave room, else one. */
struct dcols {
	int co, en, st, c, g, diff, ncols;
	enum rs fin; /* style of the final figures */
};

/* One adjustment or explanation as a sub-row of its key. */
static void
adj_row(struct rdoc *d, const struct dcols *k, struct rrow *r,
    const struct eiti_res_adjustment *a)
{
	const char *kind, *side, *text;

	rrow_init(r, RR_SUB);
	side = T(d,
	    a->side == EITI_ROLE_COMPANY ? "side.company" : "side.government");
	kind = r_subst(d,
	    T(d, a->is_explanation ? "details.explanation"
				   : "details.adjustment"),
	    "side", side, "class",
	    a->klass[0] ? class_name(d, a->klass) : class_name(d, "other"),
	    (char *)NULL);
	text = r_clean(d, a->reason);
	rcell_add(r, 0, RS_TAB_BOLD, kind, false);
	rcell_add(r, 0, RS_TAB, text, false);
	/* A reason is the evidence: show up to about 3,000 characters. */
	rcell_maxl(r, 0, 40);
	if (!a->is_explanation && a->currency[0] &&
	    strcmp(a->currency, d->res->currency) != 0)
		rcell_add(r, 0, RS_TAB_GREY,
		    r_subst(d, T(d, "details.original"), "amount",
			decimal_text(d, a->amount_text), "currency",
			r_clean(d, a->currency), (char *)NULL),
		    false);
	if (a->ref[0])
		rcell_add(r, 0, RS_TAB_GREY,
		    r_subst(d, T(d, "details.ref"), "ref", r_clean(d, a->ref),
			(char *)NULL),
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
		    r_tmp_printf(d, "%s · %s", entity, stream_label(d, stream)),
		    false);
	} else {
		rcell_add(r, k->en, RS_TAB, entity, false);
		rcell_add(
		    r, k->en, RS_TAB_GREY, stream_label(d, stream), false);
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
	pat = eiti_template_text(d->t, "details.in-kind");
	if (pat == NULL)
		return;
	/* grouped with the template's separators, every digit kept */
	rcell_add(row, col, RS_TAB_GREY,
	    r_subst(d, pat, "volume",
		eiti_decimal_parse(&v, vol) == EITI_AMOUNT_OK && v.coef >= 0 &&
			v.coef <= INT64_MAX
		    ? r_amount(d, buf, (int64_t)v.coef, v.scale)
		    : r_clean(d, vol),
		"unit", r_clean(d, unit), (char *)NULL),
	    false);
}

static void
sec_details(struct rdoc *d, int idx)
{
	const struct eiti_results *res = d->res;
	static const double weight2[6] = {55, 45, 0, 0, 0, 0};
	static const double weight1[5] = {1, 0, 0, 0, 0};
	double fixed[6] = {0}, w[3];
	struct colmax m[3] = {{0, false}, {0, false}, {0, false}};
	struct rrow *rows = NULL;
	size_t cap = 0, i, shown = 0, orphans = 0;
	const char *head[6];
	struct dcols k;
	struct rtable t;
	bool bold;

	section_start(d, idx);
	for (i = 0; i < res->nrows; i++) {
		const struct eiti_res_row *r = &res->rows[i];
		int64_t x;
		size_t j;

		if (r->status == EITI_ST_MATCHED)
			continue;
		shown++;
		cm_add(&m[0], r->c);
		cm_add(&m[1], r->g);
		cm_add(&m[2], r->d);
		cm_add(&m[2], r->f);
		cm_add(&m[2], r->tolerance);
		if (eiti_add(&x, r->c, r->ac))
			cm_add(&m[0], x);
		if (eiti_add(&x, r->g, r->ag))
			cm_add(&m[1], x);
		for (j = 0; j < r->nadj; j++) {
			const struct eiti_res_adjustment *a;

			if (r->first_adj + j >= res->nadjustments)
				break;
			a = &res->adjustments[r->first_adj + j];
			cm_add(
			    &m[a->side == EITI_ROLE_COMPANY ? 0 : 1], a->value);
		}
	}
	for (i = 0; i < res->nadjustments; i++)
		if (res->adjustments[i].row == SIZE_MAX ||
		    res->adjustments[i].row >= res->nrows)
			orphans++;
	r_para(d, RS_BODY,
	    r_subst(d, T(d, "details.intro"), "n", count_s(d, (int64_t)shown),
		"currency", r_clean(d, res->currency), (char *)NULL));
	if (shown == 0)
		r_para(d, RS_BODY, T(d, "details.none"));

	/* Two text columns need about 190 points between them. */
	bold = money_cols(d, m, 3, 62.0, 190.0, w);
	if (bold || R_BODY_W - 62.0 - w[0] - w[1] - w[2] >= 190.0) {
		k = (struct dcols){
		    0, 1, 2, 3, 4, 5, 6, bold ? RS_TAB_BOLD : RS_TAB};
		rt_init(&t, 6);
		fixed[2] = 62.0;
		fixed[3] = w[0];
		fixed[4] = w[1];
		fixed[5] = w[2];
		rt_widths(&t, fixed, weight2);
		head[0] = T(d, "col.key-company");
		head[1] = T(d, "col.key-entity");
	} else {
		k = (struct dcols){0, 0, 1, 2, 3, 4, 5, RS_TAB};
		rt_init(&t, 5);
		fixed[1] = 62.0;
		fixed[2] = w[0];
		fixed[3] = w[1];
		fixed[4] = w[2];
		rt_widths(&t, fixed, weight1);
		head[0] = T(d, "details.key-head");
	}
	t.align[k.c] = t.align[k.g] = t.align[k.diff] = RA_RIGHT;
	head[k.st] = T(d, "col.status");
	head[k.c] = T(d, "col.c");
	head[k.g] = T(d, "col.g");
	head[k.diff] = T(d, "col.difference");
	if (shown > 0)
		rt_header(d, &t, head);
	for (i = 0; i < res->nrows && !d->failed; i++) {
		const struct eiti_res_row *r = &res->rows[i];
		size_t need = 2 + r->nadj, j, nr = 0;
		bool adjusted = false;
		int64_t x;

		if (r->status == EITI_ST_MATCHED)
			continue;
		if (need > cap) {
			cap = need * 2;
			rows = eiti_xrealloc(rows, cap * sizeof(*rows));
		}
		rrow_init(&rows[0], RR_BODY);
		key_cells(d, &k, &rows[0], r_clean(d, r->company_name),
		    r_clean(d, r->company_id),
		    r->entity_name[0] ? r_clean(d, r->entity_name)
				      : r_clean(d, r->entity_id),
		    r->stream, r->project);
		rcell_add(
		    &rows[0], k.st, RS_TAB, status_name(d, r->status), false);
		if (r->status == EITI_ST_DISCREPANCY)
			rcell_add(&rows[0], k.st, RS_TAB_GREY,
			    T(d, r->explained ? "details.explained"
					      : "details.unexplained"),
			    false);
		if (r->in_kind)
			inkind_cell(d, &rows[0], k.st, r);
		if (r->has_company)
			rcell_money(d, &rows[0], k.c, RS_TAB, r->c);
		else
			rcell_add(&rows[0], k.c, RS_TAB_GREY, "—", true);
		if (r->has_government)
			rcell_money(d, &rows[0], k.g, RS_TAB, r->g);
		else
			rcell_add(&rows[0], k.g, RS_TAB_GREY, "—", true);
		rcell_money(d, &rows[0], k.diff, RS_TAB, r->d);
		if (r->status == EITI_ST_DISCREPANCY ||
		    r->status == EITI_ST_WITHIN_TOLERANCE) {
			char buf[EITI_MONEY_BUFSZ];

			rcell_add(&rows[0], k.diff, RS_TAB_GREY,
			    r_subst(d, T(d, "details.tolerance"), "t",
				r_money(d, buf, r->tolerance), (char *)NULL),
			    true);
		}
		nr = 1;
		for (j = 0; j < r->nadj; j++) {
			const struct eiti_res_adjustment *a;

			if (r->first_adj + j >= res->nadjustments)
				break;
			a = &res->adjustments[r->first_adj + j];
			adj_row(d, &k, &rows[nr++], a);
			if (!a->is_explanation)
				adjusted = true;
		}
		if (adjusted) {
			struct rrow *f = &rows[nr++];

			rrow_init(f, RR_FINAL);
			rcell_add(
			    f, 0, RS_TAB_BOLD, T(d, "details.final"), false);
			rcell_span(f, 0, k.st + 1);
			if (eiti_add(&x, r->c, r->ac))
				rcell_money(d, f, k.c, k.fin, x);
			if (eiti_add(&x, r->g, r->ag))
				rcell_money(d, f, k.g, k.fin, x);
			rcell_money(d, f, k.diff, k.fin, r->f);
		}
		rt_rows(d, &t, rows, (int)nr);
		r_tmp_reset(d);
	}
	if (shown > 0)
		rt_end(d, &t);

	if (orphans > 0 && !d->failed) {
		struct rtable t2 = t;

		subheading(d, T(d, "details.orphans"), 1);
		r_para(d, RS_BODY, T(d, "details.orphans-intro"));
		rt_init(&t, t2.ncols);
		memcpy(t.w, t2.w, sizeof(t.w));
		memcpy(t.align, t2.align, sizeof(t.align));
		rt_header(d, &t, head);
		if (cap < 2) {
			cap = 2;
			rows = eiti_xrealloc(rows, cap * sizeof(*rows));
		}
		for (i = 0; i < res->nadjustments && !d->failed; i++) {
			const struct eiti_res_adjustment *a =
			    &res->adjustments[i];

			if (a->row != SIZE_MAX && a->row < res->nrows)
				continue;
			rrow_init(&rows[0], RR_BODY);
			key_cells(d, &k, &rows[0], r_clean(d, a->company_id),
			    "", r_clean(d, a->entity_id), a->stream,
			    a->project);
			rcell_add(&rows[0], k.st, RS_TAB_GREY,
			    T(d, "details.key"), false);
			adj_row(d, &k, &rows[1], a);
			rt_rows(d, &t, rows, 2);
			r_tmp_reset(d);
		}
		rt_end(d, &t);
	}
	free(rows);
}

/* A URL in the value column: an external link when it is http(s). */
static void
link_cell(struct rdoc *d, struct rrow *r, const char *url)
{
	const char *attr = r_uri_attr(d, url);

	rcell_link(r, 1, attr ? RS_TAB_LINK : RS_TAB, r_clean(d, url), attr);
}

/* "2023-06-29T08:15:00Z" -> "29 de junio de 2023, 08:15 UTC". */
static const char *
datetime_text(struct rdoc *d, const char *iso)
{
	char hm[8];

	if (iso == NULL || strlen(iso) < 16 || iso[10] != 'T' || iso[13] != ':')
		return r_date(d, iso);
	snprintf(hm, sizeof(hm), "%.5s", iso + 11);
	if (strspn(hm, "0123456789:") != 5)
		return r_date(d, iso);
	return r_subst(d, T(d, "datetime"), "date", r_date(d, iso), "time", hm,
	    (char *)NULL);
}

/* The rows of source s (number i) in the provenance table, into rows
 * (room for 12); returns how many. */
static int
provenance_rows(struct rdoc *d, const struct eiti_res_source *s, size_t i,
    struct rrow *rows)
{
	const char *role =
	    T(d, s->is_adjustments		? "role.adjustments"
		 : s->role == EITI_ROLE_COMPANY ? "role.company"
						: "role.government");
	const char *url = s->url[0] ? s->url : s->href;
	char num[EITI_MONEY_BUFSZ];
	int n = 0;

	rrow_init(&rows[n], RR_FINAL);
	rcell_add(&rows[n], 0, RS_TAB_BOLD,
	    r_subst(d, T(d, "provenance.source"), "n",
		r_count(d, num, (int64_t)i + 1), "role", role, "reporter",
		r_clean(d, s->reporter), (char *)NULL),
	    false);
	rcell_span(&rows[n], 0, 2);
	n++;
	rrow_init(&rows[n], RR_BODY);
	rcell_add(&rows[n], 0, RS_TAB, T(d, "provenance.url"), false);
	link_cell(d, &rows[n], url);
	n++;
	if (s->final_url[0] && strcmp(s->final_url, url) != 0) {
		rrow_init(&rows[n], RR_BODY);
		rcell_add(
		    &rows[n], 0, RS_TAB, T(d, "provenance.final-url"), false);
		link_cell(d, &rows[n], s->final_url);
		n++;
	}
	rrow_init(&rows[n], RR_BODY);
	rcell_add(&rows[n], 0, RS_TAB, T(d, "provenance.sha256"), false);
	rcell_add(&rows[n], 1, RS_MONO,
	    s->sha256[0] ? r_clean(d, s->sha256) : "—", false);
	n++;
	if (s->profile != NULL && s->profile[0]) { /* a table */
		rrow_init(&rows[n], RR_BODY);
		rcell_add(
		    &rows[n], 0, RS_TAB, T(d, "provenance.profile"), false);
		rcell_add(&rows[n], 1, RS_MONO,
		    r_subst(d, "{p} · SHA-256 {h}", "p", r_clean(d, s->profile),
			"h",
			r_clean(d,
			    s->profile_sha256 != NULL ? s->profile_sha256 : ""),
			(char *)NULL),
		    false);
		n++;
	}
	rrow_init(&rows[n], RR_BODY);
	rcell_add(&rows[n], 0, RS_TAB, T(d, "provenance.bytes"), false);
	rcell_add(&rows[n], 1, RS_TAB,
	    r_subst(d, T(d, "provenance.bytes-value"), "n",
		r_count(d, num, (int64_t)s->bytes), (char *)NULL),
	    false);
	n++;
	rrow_init(&rows[n], RR_BODY);
	rcell_add(&rows[n], 0, RS_TAB, T(d, "provenance.retrieved"), false);
	rcell_add(&rows[n], 1, RS_TAB,
	    s->retrieved[0] ? datetime_text(d, s->retrieved)
			    : T(d, "provenance.local"),
	    false);
	n++;
	if (s->http_status > 0 || s->outcome[0]) {
		rrow_init(&rows[n], RR_BODY);
		rcell_add(&rows[n], 0, RS_TAB, T(d, "provenance.http"), false);
		rcell_add(&rows[n], 1, RS_TAB,
		    s->http_status > 0
			? r_tmp_printf(d, "HTTP %ld%s%s", s->http_status,
			      s->outcome[0] ? " · " : "",
			      coded(d, "outcome", s->outcome))
			: coded(d, "outcome", s->outcome),
		    false);
		n++;
	}
	if (s->etag[0]) {
		rrow_init(&rows[n], RR_BODY);
		rcell_add(&rows[n], 0, RS_TAB, T(d, "provenance.etag"), false);
		rcell_add(&rows[n], 1, RS_MONO, r_clean(d, s->etag), false);
		n++;
	}
	if (s->last_modified[0]) {
		rrow_init(&rows[n], RR_BODY);
		rcell_add(&rows[n], 0, RS_TAB, T(d, "provenance.last-modified"),
		    false);
		rcell_add(
		    &rows[n], 1, RS_TAB, r_clean(d, s->last_modified), false);
		n++;
	}
	if (!s->is_adjustments) {
		rrow_init(&rows[n], RR_BODY);
		rcell_add(
		    &rows[n], 0, RS_TAB, T(d, "provenance.payments"), false);
		rcell_add(&rows[n], 1, RS_TAB,
		    r_tmp_strdup(d, r_count(d, num, (int64_t)s->payments)),
		    false);
		n++;
	}
	return n;
}

static void
sec_provenance(struct rdoc *d, int idx)
{
	const struct eiti_results *res = d->res;
	static const double weight[2] = {0, 1};
	double fixed[2] = {118, 0};
	const char *head[2];
	struct rrow rows[12];
	struct rtable t;
	size_t i;

	section_start(d, idx);
	r_para(d, RS_BODY, T(d, "provenance.intro"));
	if (res->nsources == 0) {
		r_para(d, RS_BODY, T(d, "provenance.none"));
		return;
	}
	rt_init(&t, 2);
	rt_widths(&t, fixed, weight);
	t.zebra = false;
	head[0] = T(d, "col.item");
	head[1] = T(d, "col.source");
	rt_header(d, &t, head);
	for (i = 0; i < res->nsources && !d->failed; i++) {
		int n = provenance_rows(d, &res->sources[i], i, rows);

		rt_rows(d, &t, rows, n);
		r_tmp_reset(d);
	}
	rt_end(d, &t);
}

static void
sec_validation(struct rdoc *d, int idx)
{
	const struct eiti_results *res = d->res;
	static const double weight[3] = {1, 0, 0};
	double fixed[3] = {0, 64, 64};
	const char *head[3];
	struct rtable t;
	size_t i, te = 0, tw = 0;

	section_start(d, idx);
	r_para(d, RS_BODY, T(d, "validation.intro"));
	if (res->nvalidation == 0) {
		r_para(d, RS_BODY, T(d, "validation.none"));
		return;
	}
	rt_init(&t, 3);
	rt_widths(&t, fixed, weight);
	t.align[1] = t.align[2] = RA_RIGHT;
	head[0] = T(d, "col.file");
	head[1] = T(d, "col.errors");
	head[2] = T(d, "col.warnings");
	rt_header(d, &t, head);
	for (i = 0; i <= res->nvalidation && !d->failed; i++) {
		bool total = i == res->nvalidation;
		enum rs st = total ? RS_TAB_BOLD : RS_TAB;
		struct rrow r;

		rrow_init(&r, total ? RR_TOTAL : RR_BODY);
		if (total) {
			rcell_add(&r, 0, st, T(d, "col.total"), false);
			rcell_count(d, &r, 1, st, (int64_t)te);
			rcell_count(d, &r, 2, st, (int64_t)tw);
		} else {
			const struct eiti_res_validation *v =
			    &res->validation[i];

			rcell_add(&r, 0, st, r_clean(d, v->file), false);
			rcell_count(d, &r, 1, st, (int64_t)v->errors);
			rcell_count(d, &r, 2, st, (int64_t)v->warnings);
			te += v->errors;
			tw += v->warnings;
		}
		rt_rows(d, &t, &r, 1);
		r_tmp_reset(d);
	}
	rt_end(d, &t);
}

static void
sec_glossary(struct rdoc *d, int idx)
{
	static const double weight[2] = {0, 1};
	double fixed[2] = {130, 0};
	const char *head[2];
	struct rtable t;
	size_t i;

	section_start(d, idx);
	r_para(d, RS_BODY, T(d, "glossary.intro"));
	rt_init(&t, 2);
	rt_widths(&t, fixed, weight);
	head[0] = T(d, "col.term");
	head[1] = T(d, "col.definition");
	rt_header(d, &t, head);
	for (i = 0; i < d->t->nglossary && !d->failed; i++) {
		struct rrow r;

		rrow_init(&r, RR_BODY);
		rcell_add(&r, 0, RS_TAB_BOLD, d->t->glossary[i].term, false);
		rcell_add(&r, 1, RS_TAB, d->t->glossary[i].definition, false);
		rt_rows(d, &t, &r, 1);
	}
	rt_end(d, &t);

	subheading(d, T(d, "glossary.statuses"), 1);
	rt_init(&t, 2);
	rt_widths(&t, fixed, weight);
	rt_header(d, &t, head);
	for (i = 0; i < EITI_ST_COUNT && !d->failed; i++) {
		char key[64];
		struct rrow r;

		snprintf(key, sizeof(key), "status.%s.desc", status_id[i]);
		rrow_init(&r, RR_BODY);
		rcell_add(&r, 0, RS_TAB_BOLD, status_name(d, i), false);
		rcell_add(&r, 1, RS_TAB, T(d, key), false);
		rt_rows(d, &t, &r, 1);
	}
	rt_end(d, &t);

	subheading(d, T(d, "glossary.classes"), 2);
	rt_init(&t, 2);
	rt_widths(&t, fixed, weight);
	rt_header(d, &t, head);
	for (i = 0; i < NCLASS && !d->failed; i++) {
		char key[64];
		struct rrow r;

		snprintf(key, sizeof(key), "class.%s.desc", class_id[i]);
		rrow_init(&r, RR_BODY);
		rcell_add(
		    &r, 0, RS_TAB_BOLD, class_name(d, class_id[i]), false);
		rcell_add(&r, 1, RS_TAB, T(d, key), false);
		rt_rows(d, &t, &r, 1);
	}
	rt_end(d, &t);
}

/* ---- the document ----------------------------------------------------- */

void
r_sections_init(struct rdoc *d)
{
	size_t i;
	int num = 0, letter = 0;

	d->nsecs = 0;
	for (i = 0; i < d->t->nsections && d->nsecs < R_MAXSECS; i++) {
		const struct eiti_tmpl_section *ts = &d->t->sections[i];
		struct rsec *s = &d->secs[d->nsecs++];
		char key[80], n[16];
		const char *title;

		s->id = ts->id;
		s->appendix = ts->appendix;
		s->page = 0;
		snprintf(s->dest, sizeof(s->dest), "sec-%s", ts->id);
		snprintf(key, sizeof(key), "section.%s", ts->id);
		title = T(d, key);
		if (strcmp(ts->id, "cover") == 0 ||
		    strcmp(ts->id, "contents") == 0) {
			s->title = r_clean_dup(title);
			s->in_toc = false;
			continue;
		}
		s->in_toc = true;
		if (ts->appendix) {
			n[0] = (char)('A' + (letter < 26 ? letter : 25));
			n[1] = '\0';
			letter++;
			s->title =
			    r_clean_dup(r_subst(d, T(d, "heading.appendix"),
				"letter", n, "title", title, (char *)NULL));
		} else {
			snprintf(n, sizeof(n), "%d", ++num);
			s->title =
			    r_clean_dup(r_subst(d, T(d, "heading.numbered"),
				"number", n, "title", title, (char *)NULL));
		}
	}
	r_tmp_reset(d);
}

void
r_report(struct rdoc *d)
{
	const struct eiti_results *res = d->res;
	int i;

	for (i = 0; i < d->nsecs && !d->failed; i++) {
		const char *id = d->secs[i].id;

		if (strcmp(id, "cover") == 0)
			sec_cover(d, i);
		else if (strcmp(id, "contents") == 0)
			sec_contents(d, i);
		else if (strcmp(id, "summary") == 0)
			sec_summary(d, i);
		else if (strcmp(id, "method") == 0)
			sec_method(d, i);
		else if (strcmp(id, "streams") == 0)
			sec_streams(d, i);
		else if (strcmp(id, "companies") == 0)
			sec_group(d, i, "groups.intro.company", res->by_company,
			    res->nby_company, G_COMPANY);
		else if (strcmp(id, "stream-reconciliation") == 0)
			sec_group(d, i, "groups.intro.stream", res->by_stream,
			    res->nby_stream, G_STREAM);
		else if (strcmp(id, "entities") == 0)
			sec_group(d, i, "groups.intro.entity", res->by_entity,
			    res->nby_entity, G_ENTITY);
		else if (strcmp(id, "regions") == 0)
			sec_group(d, i, "groups.intro.region", res->by_region,
			    res->nby_region, G_REGION);
		else if (strcmp(id, "non-reporting") == 0)
			sec_nonreporting(d, i);
		else if (strcmp(id, "details") == 0)
			sec_details(d, i);
		else if (strcmp(id, "provenance") == 0)
			sec_provenance(d, i);
		else if (strcmp(id, "validation") == 0)
			sec_validation(d, i);
		else if (strcmp(id, "glossary") == 0)
			sec_glossary(d, i);
		r_tmp_reset(d);
	}
}
