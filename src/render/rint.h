/*
 * rint.h - internals of the render stage (not a contract; see render.h).
 *
 * The report is produced by running the same generator twice.  Pass 1
 * lays everything out without drawing: it counts pages and records on
 * which page every section lands.  Pass 2 repeats exactly the same
 * decisions (Pango is deterministic and every measurement goes through
 * the same functions, most of them answered from a cache) and draws,
 * now knowing "page X of Y" and the table of contents.  Nothing of a
 * page is kept once it is drawn; what stays in memory is bounded caches
 * of measured and shaped text.
 *
 * Geometry is in PDF points as doubles: it never carries an amount.
 * Chart bars are computed from int64 amounts with integer arithmetic
 * (eiti_div_round) into hundredths of a point and converted only at the
 * last moment (chart.c).
 */
#ifndef EITI_RENDER_RINT_H
#define EITI_RENDER_RINT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <cairo.h>
#include <cairo-pdf.h>
#include <pango/pangocairo.h>

#include "core/err.h"
#include "core/hash.h"
#include "model/results.h"
#include "model/template.h"

/* A4 portrait (210 x 297 mm) and the body frame, in points. */
#define R_PAGE_W 595.2756
#define R_PAGE_H 841.8898
#define R_ML 51.0
#define R_MR 51.0
#define R_BODY_W (R_PAGE_W - R_ML - R_MR)
#define R_TOP 72.0
#define R_BOTTOM (R_PAGE_H - 64.0)

/* Text styles; the table in layout.c gives family, size and colour. */
enum rs {
	RS_BODY,
	RS_BOLD,
	RS_NOTE, /* small grey text under tables and charts */
	RS_H1,
	RS_H2,
	RS_TITLE, /* cover title */
	RS_SUBTITLE,
	RS_COVER,
	RS_COVER_LABEL,
	RS_TAB, /* table body */
	RS_TAB_BOLD,
	RS_TAB_GREY,
	RS_TAB_HEAD,
	RS_TAB_LINK, /* URLs */
	RS_MONO,     /* SHA-256 digests */
	RS_RUN,	     /* running header and footer */
	RS_TOC,
	RS_TOC_BOLD,
	RS_CHART,
	RS_COUNT
};

/* Glyph table of a style: code points below R_GLYPH_CP plus a few
 * typographic extras, each shaped alone once.  ok means the style's own
 * font covers it (no fallback font). */
#define R_GLYPH_CP 0x180
#define R_GLYPH_EXTRA 12
struct rglyph {
	PangoGlyph glyph;
	int adv; /* Pango units */
	bool ok;
};

struct rstyle {
	PangoFontDescription *fd;
	PangoAttrList *attrs; /* tabular figures */
	PangoFont *font;      /* the font that covers the glyph table */
	double lh, base;      /* one line's height and baseline, points */
	double rgb[3];
	bool glyphs_done;
	struct rglyph g[R_GLYPH_CP];
	struct rglyph gx[R_GLYPH_EXTRA];
};

/* Measured (and, in pass 2, shaped) text, by style, width and text. */
struct tc_ent {
	uint64_t hash;
	int style, width, maxl, align;
	double h;
	PangoLayout *lay; /* NULL until drawn once */
	char text[];
};

struct tcache {
	struct eiti_hash index; /* of v (core/hash.h) */
	struct tc_ent **v;
	size_t n, cap, nlay;
};

/* A heading waiting to be placed together with what follows it (so a
 * heading never ends a page). */
struct rpend {
	int level;
	char *text;
	char dest[48];
	double h;
	int sec; /* index into rdoc.secs for level 1, else -1 */
};

/* One report section as printed. */
struct rsec {
	const char *id;
	char *title; /* numbered: "3. Reconciliation by company" */
	char dest[48];
	int page; /* where its heading landed (pass 1), 0 if not yet */
	bool appendix, in_toc;
};

#define R_MAXSECS 32
#define R_MAXPEND 4

struct rdoc {
	const struct eiti_results *res;
	const struct eiti_template *t;
	const char *lang; /* the template's */
	struct eiti_err *err;
	bool failed; /* an error was set: stop producing */

	PangoFontMap *fm;
	PangoContext *pc;
	struct rstyle st[RS_COUNT];
	PangoLayout *scratch; /* measuring layout for cache misses */
	struct tcache tc;

	/* per pass */
	int pass; /* 1 measure, 2 draw */
	cairo_surface_t *surf;
	cairo_t *cr;
	int page, pages_total;
	bool page_open, at_top;
	bool no_running; /* the next page opened has no running header */
	double y;
	int tagdepth;
	struct rpend pend[R_MAXPEND];
	int npend;
	int outline_h1; /* outline id of the current section */

	struct rsec secs[R_MAXSECS];
	int nsecs;
	int cur_sec;

	/* running header text, set once */
	char *run_left, *run_right;

	void (*progress)(void *ud, int page, int pages);
	void *progress_ud;

	/* cover logo, NULL when none */
	cairo_surface_t *logo;

	/* temporary strings, freed by r_tmp_reset() */
	char **tmp;
	size_t ntmp, tmpcap;
};

/* ---- layout.c ---------------------------------------------------- */

int r_init(struct rdoc *d, struct eiti_err *err);
void r_fini(struct rdoc *d);
/* Start a pass: 1 (cr == NULL) or 2 (drawing into cr). */
void r_pass_begin(struct rdoc *d, int pass, cairo_surface_t *s, cairo_t *cr);
/* Close the last page; returns 0 or -1 with d->err set. */
int r_pass_end(struct rdoc *d);

void r_fail(struct rdoc *d, int code, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

void r_page_open(struct rdoc *d);
void r_page_close(struct rdoc *d);
void r_page_break(struct rdoc *d);
/* Make room for h points (plus pending headings), placing the pending
 * headings; starts a new page when needed. */
void r_need(struct rdoc *d, double h);
void r_space(struct rdoc *d, double h);

void r_tag_begin(struct rdoc *d, const char *name, const char *attrs);
void r_tag_end(struct rdoc *d, const char *name);
void r_color(struct rdoc *d, const double rgb[3]);
void r_rgb(struct rdoc *d, uint32_t rgb);

/* Height of text in style st wrapped at width w (at most maxl lines,
 * ellipsized; 0 = unlimited).  If lay is not NULL and pass 2 had to shape
 * the text, *lay gets that layout (a reference) so drawing does not shape
 * it again; else *lay is NULL. */
double r_text_h(struct rdoc *d, enum rs st, double w, const char *text,
    int maxl, PangoLayout **lay);
/* The same for text aligned in its box (align: RA_*). */
double r_text_ha(struct rdoc *d, enum rs st, double w, const char *text,
    int maxl, int align, PangoLayout **lay);
/* Draw text at (x, y) = top left; align 0 left, 1 right, 2 centre.  lay
 * from r_text_h() or NULL; it is released. */
void r_text_draw(struct rdoc *d, enum rs st, double x, double y, double w,
    const char *text, int maxl, int align, PangoLayout *lay);
/* Width of a one-line string (amounts, counts, codes). */
double r_run_w(struct rdoc *d, enum rs st, const char *s);
/* Draw a one-line string with its right edge at xr (align 1), left edge
 * at xr (align 0), top at y. */
void r_run_draw(
    struct rdoc *d, enum rs st, double x, double y, const char *s, int align);

void r_heading(
    struct rdoc *d, int level, const char *text, const char *dest, int sec);
void r_para(struct rdoc *d, enum rs st, const char *text);
/* A paragraph that is never split (short notes under tables). */
void r_para_keep(struct rdoc *d, enum rs st, const char *text);

/* ---- tables (layout.c) -------------------------------------------- */

#define RT_MAXCOL 8
#define RT_MAXPART 4
#define RT_NUMBUF 48
#define RT_MAXLINES 14 /* a cell shows at most this many lines */

enum { RA_LEFT, RA_RIGHT, RA_CENTER };
enum { RR_BODY, RR_TOTAL, RR_SUB, RR_FINAL };

struct rpart {
	const char *text;
	unsigned char st; /* enum rs */
	bool run;	  /* one-line run (amounts): no wrapping */
	const char *uri;  /* already sanitised link attribute, or NULL */
	int maxl;	  /* most lines shown; 0: RT_MAXLINES */
	double h;
	PangoLayout *lay;
};

struct rcell {
	struct rpart p[RT_MAXPART];
	int np;
	int span; /* columns covered, 1 by default */
};

struct rrow {
	struct rcell c[RT_MAXCOL];
	int nc;
	int kind; /* RR_* */
	char nb[RT_MAXCOL][2][RT_NUMBUF];
	double h;
};

struct rtable {
	int ncols;
	double w[RT_MAXCOL];
	int align[RT_MAXCOL];
	struct rrow head;
	double head_h;
	bool on_page; /* header drawn on the current page */
	bool zebra;
	int group;
};

void rt_init(struct rtable *t, int ncols);
void rrow_init(struct rrow *r, int kind);
/* Append a part to cell col (st, text; run for amounts). */
void rcell_add(struct rrow *r, int col, enum rs st, const char *text, bool run);
/* An amount part, formatted into the row's own buffer. */
void rcell_money(
    struct rdoc *d, struct rrow *r, int col, enum rs st, int64_t v);
void rcell_count(
    struct rdoc *d, struct rrow *r, int col, enum rs st, int64_t n);
void rcell_link(
    struct rrow *r, int col, enum rs st, const char *text, const char *uri);
void rcell_span(struct rrow *r, int col, int span);
/* Let the last part of cell col show up to maxl lines (long reasons). */
void rcell_maxl(struct rrow *r, int col, int maxl);
/* Header row: texts in RS_TAB_HEAD. */
void rt_header(struct rdoc *d, struct rtable *t, const char *const *titles);
/* Fit column widths: cols with fixed[i] > 0 keep them, the others share
 * what is left of R_BODY_W by weight[i]. */
void rt_widths(struct rtable *t, const double *fixed, const double *weight);
/* Width an amount column needs for values up to maxabs (minor units),
 * negative ones when neg. */
double rt_money_w(struct rdoc *d, enum rs st, uint64_t maxabs, bool neg);
/* Place rows[0..n) as one group kept on one page when it fits. */
void rt_rows(struct rdoc *d, struct rtable *t, struct rrow *rows, int n);
void rt_end(struct rdoc *d, struct rtable *t);

/* ---- text.c ------------------------------------------------------ */

void r_tmp_reset(struct rdoc *d);
char *r_tmp_strdup(struct rdoc *d, const char *s);
char *r_tmp_printf(struct rdoc *d, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
/* Text of key from the template; a missing key is an error. */
const char *T(struct rdoc *d, const char *key);
/* pattern with {name} replaced by values: name, value pairs, NULL
 * terminated.  Result is temporary. */
char *r_subst(struct rdoc *d, const char *pattern, ...)
    __attribute__((sentinel));
/* Data string made safe to print: invalid UTF-8 -> U+FFFD, control
 * characters -> space, bidirectional overrides and isolates removed.
 * Returns s itself when it is already clean, else a temporary copy. */
const char *r_clean(struct rdoc *d, const char *s);
/* The same into a new malloc'ed string. */
char *r_clean_dup(const char *s);
char *r_money(struct rdoc *d, char *buf, int64_t v);
/* v in minor units with digits fraction digits. */
char *r_amount(struct rdoc *d, char *buf, int64_t v, int digits);
char *r_count(struct rdoc *d, char *buf, int64_t n);
char *r_pct(struct rdoc *d, char *buf, int64_t bp);
/* "2024-03-01..." -> "1 de marzo de 2024"; other text is returned
 * cleaned. */
const char *r_date(struct rdoc *d, const char *iso);
/* A link attribute string (uri='...') for an http(s) URL, or NULL when
 * the URL is not linkable.  Characters outside RFC 3986 are
 * percent-encoded, ' and \ as well (cairo 1.16 crashes on an unescaped
 * quote).  Result is temporary. */
const char *r_uri_attr(struct rdoc *d, const char *url);
/* Escape \ and ' for a cairo attribute value; result is temporary. */
char *r_attr_escape(struct rdoc *d, const char *s);

/* ---- chart.c ----------------------------------------------------- */

struct rbar {
	const char *label;
	int64_t v[2]; /* one or two series */
};

/* Horizontal bar chart of n items with nser series (1 or 2); values are
 * amounts (money true) or counts.  colours per series, or per item when
 * item_rgb is not NULL (one series). */
void r_chart_bars(struct rdoc *d, const struct rbar *bars, int n, int nser,
    bool money, const uint32_t *series_rgb, const uint32_t *item_rgb,
    const char *const *legend);

/* ---- report.c ---------------------------------------------------- */

/* The required template keys; NULL-terminated. */
extern const char *const r_required_keys[];
/* "Colombia (CO)": the report's country or region by name. */
const char *r_place_name(struct rdoc *d);
/* Generate the whole document once (the current pass). */
void r_report(struct rdoc *d);
/* Set up sections from the template (before pass 1). */
void r_sections_init(struct rdoc *d);

#endif
