/*
 * rint.h - internals of the render stage (not a contract; see render.h).
 *
 * The report is produced by running the same generator twice.  Pass 1
 * lays everything out without drawing: it counts pages and records on
 * which page every section, company and list lands.  Pass 2 repeats
 * exactly the same decisions (Pango is deterministic and every
 * measurement goes through the same functions, most of them answered
 * from a cache) and draws, now knowing "page X of Y", the table of
 * contents and the index.  Nothing of a page is kept once it is drawn;
 * what stays in memory is bounded caches of measured and shaped text and
 * one page number per company.
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
#include "core/message.h"
#include "model/results.h"
#include "model/template.h"
#include "render/render.h"

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
	RS_H3,
	RS_TITLE, /* cover title */
	RS_SUBTITLE,
	RS_COVER,
	RS_COVER_LABEL,
	RS_COVER_FIG, /* the cover's headline figures */
	RS_TAB,	      /* table body */
	RS_TAB_BOLD,
	RS_TAB_GREY,
	RS_TAB_HEAD,
	RS_TAB_LINK, /* URLs */
	RS_TAB_ALERT,
	RS_MONO, /* SHA-256 digests */
	RS_CODE, /* a command to type */
	RS_RUN,	 /* running header and footer */
	RS_TOC,
	RS_TOC_BOLD,
	RS_CHART,
	RS_COUNT
};

/* Glyph table of a style: code points below R_GLYPH_CP plus a few
 * typographic extras, each shaped alone once.  ok means the style's own
 * font covers it (no fallback font). */
#define R_GLYPH_CP 0x180
#define R_GLYPH_EXTRA 14
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
	int sec;      /* index into rdoc.secs for level 1, else -1 */
	bool outline; /* also an entry of the PDF outline */
};

/* One report section as printed. */
struct rsec {
	const char *id;
	char *title;  /* numbered: "3. Reconciliation by company" */
	char num[16]; /* "3" or "A"; "" for cover and contents */
	char dest[48];
	int page; /* where its heading landed (pass 1), 0 if not yet */
	bool appendix, in_toc;
};

#define R_MAXSECS 32
#define R_MAXPEND 4

/* Where each company appears, by index in res->companies: the page of
 * its block in the appendix of every key (in-scope companies) or of its
 * line in the list of out-of-scope keys; 0 when nowhere. */
struct rcoindex {
	int *page;
	size_t *order; /* companies in alphabetical order */
	size_t n;
};

struct rdoc {
	const struct eiti_results *res;
	const struct eiti_template *t;
	const struct eiti_render_opts *opts; /* may be NULL (tests) */
	const char *lang;		     /* the template's */
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
	const bool *write_failed; /* set by the output: stop at the next page */
	double y;
	int tagdepth;
	size_t tagged_rows; /* table rows tagged cell by cell so far */
	struct rpend pend[R_MAXPEND];
	int npend;
	int outline_h1; /* outline id of the current section */
	int outline_h2; /* outline id of the current subsection */

	struct rsec secs[R_MAXSECS];
	int nsecs;
	int cur_sec;
	int nsub; /* subheadings of the current section so far */

	struct rcoindex co;
	/* res->entities and res->companies sorted by id (indexes) */
	size_t *ent_ix, *co_ix;

	/* the production date: SOURCE_DATE_EPOCH when set, else the
	 * results' generation time (render.c) */
	long long epoch;
	bool epoch_from_env;
	char date_iso[32];

	/* running header text, set once: left (title) and right (place and
	 * period), and whether they share one line */
	char *run_left, *run_right;
	bool run_two_lines;

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
/* Points left on the current page (0 when no page is open). */
double r_room(const struct rdoc *d);

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
/* text shortened at a word boundary, with an ellipsis, so that it fits
 * in maxl lines of width w without Pango cutting a word; text itself when
 * it fits.  Result may be temporary. */
const char *r_fit_words(
    struct rdoc *d, enum rs st, double w, const char *text, int maxl);

/* A heading: level 1 (section), 2 or 3; dest names its PDF destination;
 * sec is the section index for level 1, else -1.  Levels 1 and 2 are in
 * the outline, level 3 when outline is set. */
void r_heading(
    struct rdoc *d, int level, const char *text, const char *dest, int sec);
void r_heading_o(struct rdoc *d, int level, const char *text, const char *dest,
    bool outline);
void r_para(struct rdoc *d, enum rs st, const char *text);
/* A paragraph that is never split (short notes under tables). */
void r_para_keep(struct rdoc *d, enum rs st, const char *text);

/* ---- table.c ----------------------------------------------------- */

#define RT_MAXCOL 8
#define RT_MAXPART 5
#define RT_NUMBUF 48
#define RT_MAXLINES 14 /* a cell shows at most this many lines */
/* Table rows tagged cell by cell (TR, TD) in one report: cairo keeps the
 * whole structure tree until the end, about 2 KB a row.  Beyond these,
 * a table's content belongs to its Table element, one per page, so that
 * memory follows the pages, not the rows (the appendix of every key of a
 * large reconciliation has hundreds of thousands). */
#define R_TAGGED_ROWS 5000

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
	const char *dest; /* a PDF destination at the row, or NULL */
	double h;
};

/*
 * A column of a table, as data: the template key of its header, its
 * kind and alignment, and a width: RC_TEXT columns share what the others
 * leave by weight w; RC_FIXED and RC_COUNT columns are w points wide;
 * RC_MONEY columns are as wide as the largest amount given to
 * rt_setup() needs (at least w points).
 */
enum { RC_TEXT, RC_FIXED, RC_COUNT, RC_MONEY };

struct rcolspec {
	const char *head; /* template key; may use {currency} */
	unsigned char kind, align;
	double w;
};

/* The largest absolute value of an amount column, and whether it has a
 * negative one. */
struct rcolmax {
	uint64_t max;
	bool neg;
};

void rcm_add(struct rcolmax *m, int64_t v);

struct rtable {
	int ncols;
	double w[RT_MAXCOL];
	int align[RT_MAXCOL];
	struct rrow head;
	double head_h;
	bool on_page; /* header drawn on the current page */
	bool zebra;
	bool bold; /* totals in bold fit (rt_setup) */
	int group;
	int keep; /* rows kept on one page with the header (rt_keep) */
};

/*
 * Set up t from n column specs: widths (amount columns sized for the
 * values in m[i], one rcolmax per column, only RC_MONEY ones read; NULL
 * when there is none), alignments (amounts and counts right) and the
 * header row.  Totals may be bold (t->bold) when bold digits still leave
 * every text column at least min_text points.
 */
void rt_setup(struct rdoc *d, struct rtable *t, const struct rcolspec *c, int n,
    const struct rcolmax *m, double min_text);
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
/* Header row from the given texts (already words, not keys). */
void rt_header(struct rdoc *d, struct rtable *t, const char *const *titles);
/* Width an amount column needs for values up to maxabs (minor units),
 * negative ones when neg. */
double rt_money_w(struct rdoc *d, enum rs st, uint64_t maxabs, bool neg);
/* The table will have nrows rows: a short one (up to 8 rows) is kept on
 * one page when it fits, a longer one starts with at least 3 rows under
 * its header (estimated from the first row's height). */
void rt_keep(struct rtable *t, size_t nrows);
/* A paragraph that introduces table t (set up, not yet placed), kept on
 * one page with the table's header and first rows (estimated at two
 * lines each) when together they take less than half a page. */
void rt_intro(
    struct rdoc *d, const struct rtable *t, enum rs st, const char *text);
/* Place rows[0..n) as one group kept on one page when it fits. */
void rt_rows(struct rdoc *d, struct rtable *t, struct rrow *rows, int n);
void rt_end(struct rdoc *d, struct rtable *t);
/* Release a table that was set up but will not be used. */
void rt_free(struct rtable *t);

/* ---- text.c ------------------------------------------------------ */

void r_tmp_reset(struct rdoc *d);
char *r_tmp_strdup(struct rdoc *d, const char *s);
char *r_tmp_printf(struct rdoc *d, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
/* Text of key from the template; a missing key is an error. */
const char *T(struct rdoc *d, const char *key);
/* The text of key formatted with args (core/message.h: plural forms,
 * variants), counts grouped like every number of the report.  Result is
 * temporary. */
const char *r_msg(struct rdoc *d, const char *key,
    const struct eiti_msg_arg *args, size_t nargs);
#define R_MSG(d, key, ...)                                                     \
	r_msg((d), (key), (const struct eiti_msg_arg[]){__VA_ARGS__},          \
	    sizeof((const struct eiti_msg_arg[]){__VA_ARGS__}) /               \
		sizeof(struct eiti_msg_arg))
#define RM_S(n, s) EITI_MSG_S((n), (s))
#define RM_N(n, v) EITI_MSG_N((n), (v))
/* pattern with {name} replaced by values: name, value pairs, NULL
 * terminated.  Result is temporary. */
char *r_subst(struct rdoc *d, const char *pattern, ...)
    __attribute__((sentinel));
/* Data string made safe to print: invalid UTF-8 -> U+FFFD, control
 * characters -> space, bidirectional overrides and isolates removed, no
 * more than R_MAX_MARKS combining marks in a row, and a break
 * opportunity (U+200B) after every R_MAX_RUN characters that have none
 * (Pango's line breaking is quadratic in the length of an unbreakable
 * run, and so would shaping be in a run of thousands of marks).  Returns
 * s itself when it is already clean, else a temporary copy. */
#define R_MAX_MARKS 8
#define R_MAX_RUN 100
/* The most bytes one line of text can show (about 250 narrow clusters
 * of a few bytes): text limited to maxl lines is shaped no further than
 * maxl times this. */
#define R_LINE_BYTES 2048
const char *r_clean(struct rdoc *d, const char *s);
/* The same into a new malloc'ed string. */
char *r_clean_dup(const char *s);
char *r_money(struct rdoc *d, char *buf, int64_t v);
/* v in minor units with digits fraction digits. */
char *r_amount(struct rdoc *d, char *buf, int64_t v, int digits);
char *r_count(struct rdoc *d, char *buf, int64_t n);
/* A percentage in hundredths (6235 -> "62,35 %"). */
char *r_pct(struct rdoc *d, char *buf, int64_t bp);
/* An exact fraction as a percentage (0.005 -> "0,50 %"): at least two
 * decimals, more when the fraction has them; one format for every
 * percentage of the report. */
const char *r_pct_fraction(struct rdoc *d, const struct eiti_decimal *f);
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
/* A key for alphabetical order: lower case, Latin letters without their
 * accents (á -> a, ñ -> n~), other bytes as they are.  malloc'ed. */
char *r_sort_key(const char *s);

/* ---- chart.c ----------------------------------------------------- */

struct rbar {
	const char *label;
	int64_t v[2]; /* one or two series */
};

/* Horizontal bar chart of n items with nser series (1 or 2); values are
 * amounts (money true) or counts.  colours per series, or per item when
 * item_rgb is not NULL (one series).  Labels that do not fit are
 * shortened at a word boundary (two lines when there are two series). */
void r_chart_bars(struct rdoc *d, const struct rbar *bars, int n, int nser,
    bool money, const uint32_t *series_rgb, const uint32_t *item_rgb,
    const char *const *legend);

/* ---- pdfpost.c --------------------------------------------------- */

/* What the PDF's Info dictionary says (UTF-8 strings; NULL to omit). */
struct rinfo {
	const char *title, *author, *subject, *keywords, *creator, *date;
	const char *lang;
	const char *version, *templates, *epoch, *manifest, *results_csv,
	    *results_xml;
	const char *generated; /* the results' generation time (ISO 8601) */
	/* every source read, with its digest: the XMP packet's list */
	const struct eiti_res_source *sources;
	size_t nsources;
};

/*
 * Rewrite the tail of the PDF cairo wrote: buf[0..n) holds at least its
 * last object (the catalog), the cross-reference table and the trailer,
 * and starts at byte offset base of the file.  Adds /Lang,
 * /ViewerPreferences and /Metadata (an XMP packet in the namespace
 * urn:eitirep:verify:1 with what `eitirep verify` reads, the sources'
 * digests included) to the catalog and a new Info dictionary, fixing
 * the cross-reference table.  Returns a new malloc'ed tail (*out, *nout)
 * or -1 when the tail does not look like cairo's (err set).
 */
int r_pdf_post(char **out, size_t *nout, const char *buf, size_t n,
    long long base, const struct rinfo *info, struct eiti_err *err);

/* ---- report.c and the sections ------------------------------------ */

/* The required template keys; NULL-terminated. */
extern const char *const r_required_keys[];
/* "Colombia (CO)": the report's country or region by name. */
const char *r_place_name(struct rdoc *d);
/* Generate the whole document once (the current pass). */
void r_report(struct rdoc *d);
/* Set up sections and indexes (before pass 1); r_report_fini() frees
 * them. */
void r_sections_init(struct rdoc *d);
void r_report_fini(struct rdoc *d);

#endif
