/*
 * layout.c - the report's layout engine on Pango: styles, the text cache,
 * pages with running header and footer, headings kept with what follows,
 * paragraphs split between lines with orphan and widow control, and
 * tables that break across pages with repeated header rows.
 *
 * Speed comes from not shaping the same text twice: measured heights and
 * shaped layouts are cached by (style, width, text), one-line strings made
 * only of glyphs of the style's own font are measured by adding cached
 * advances, and amounts are drawn as glyph strings built from that table
 * (tabular figures: every digit has the same advance), never shaped.
 */
#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/money.h"
#include "render/rint.h"

#define TC_MAX_ENT 200000
#define TC_MAX_LAY 6000
#define TC_MAX_TEXT 512

#define PARA_GAP 6.0
#define HEAD_MAXL 5 /* a heading (a company's name) shows at most 5 lines */

/* Sizes in tenths of a point. */
static const struct {
	const char *family;
	int size10;
	bool bold;
	uint32_t rgb;
	bool tnum;
} style_def[RS_COUNT] = {
    [RS_BODY] = {"DejaVu Sans", 90, false, 0x222222, false},
    [RS_BOLD] = {"DejaVu Sans", 90, true, 0x222222, false},
    [RS_NOTE] = {"DejaVu Sans", 75, false, 0x4d4d4d, true},
    [RS_H1] = {"DejaVu Sans", 165, true, 0x0b3c5d, false},
    [RS_H2] = {"DejaVu Sans", 115, true, 0x0b3c5d, false},
    [RS_H3] = {"DejaVu Sans", 95, true, 0x0b3c5d, false},
    [RS_TITLE] = {"DejaVu Sans", 250, true, 0x0b3c5d, false},
    [RS_SUBTITLE] = {"DejaVu Sans", 130, false, 0x3d3d3d, false},
    [RS_COVER] = {"DejaVu Sans", 105, false, 0x222222, true},
    [RS_COVER_LABEL] = {"DejaVu Sans", 80, true, 0x5a5a5a, false},
    [RS_COVER_FIG] = {"DejaVu Sans", 125, true, 0x0b3c5d, true},
    [RS_TAB] = {"DejaVu Sans", 70, false, 0x1a1a1a, true},
    [RS_TAB_BOLD] = {"DejaVu Sans", 70, true, 0x1a1a1a, true},
    [RS_TAB_GREY] = {"DejaVu Sans", 65, false, 0x595959, true},
    [RS_TAB_HEAD] = {"DejaVu Sans", 70, true, 0x0b3c5d, true},
    [RS_TAB_LINK] = {"DejaVu Sans", 70, false, 0x0060a0, false},
    [RS_TAB_ALERT] = {"DejaVu Sans", 65, true, 0xb03a00, true},
    [RS_MONO] = {"DejaVu Sans Mono", 65, false, 0x1a1a1a, false},
    [RS_CODE] = {"DejaVu Sans Mono", 95, true, 0x0b3c5d, false},
    [RS_RUN] = {"DejaVu Sans", 70, false, 0x5a5a5a, true},
    [RS_TOC] = {"DejaVu Sans", 95, false, 0x222222, true},
    [RS_TOC_BOLD] = {"DejaVu Sans", 95, true, 0x0b3c5d, true},
    [RS_CHART] = {"DejaVu Sans", 65, false, 0x333333, true},
};

/* Typographic characters outside the direct table that amounts, dates
 * and labels use. */
static const uint32_t extra_cp[R_GLYPH_EXTRA] = {
    0x2212,
    0x2013,
    0x2014,
    0x2026,
    0x202f,
    0x2009,
    0x2019,
    0x201c,
    0x201d,
    0x20ac,
    0x2022,
    0x2192,
    0x03a3,
    0x2265,
};

/* A probe with every Spanish letter: no unknown glyph may remain. */
static const char font_probe[] =
    "Conciliación EITI año señal ¿pagó? ¡sí! ÁÉÍÓÚÜÑ áéíóúüñ "
    "0123456789 .,;:%()-–— «»";

void
r_fail(struct rdoc *d, int code, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	eiti_err_vset(d->err, code, fmt, ap);
	va_end(ap);
	d->failed = true;
}

/* ---- UTF-8 ---------------------------------------------------------- */

/* Decode one code point at s (valid UTF-8 is guaranteed by r_clean());
 * returns its length. */
static int
utf8_next(const char *s, uint32_t *cp)
{
	const unsigned char *u = (const unsigned char *)s;

	if (u[0] < 0x80) {
		*cp = u[0];
		return 1;
	}
	if ((u[0] & 0xe0) == 0xc0 && u[1]) {
		*cp = ((uint32_t)(u[0] & 0x1f) << 6) | (u[1] & 0x3f);
		return 2;
	}
	if ((u[0] & 0xf0) == 0xe0 && u[1] && u[2]) {
		*cp = ((uint32_t)(u[0] & 0x0f) << 12) |
		      ((uint32_t)(u[1] & 0x3f) << 6) | (u[2] & 0x3f);
		return 3;
	}
	if ((u[0] & 0xf8) == 0xf0 && u[1] && u[2] && u[3]) {
		*cp = ((uint32_t)(u[0] & 0x07) << 18) |
		      ((uint32_t)(u[1] & 0x3f) << 12) |
		      ((uint32_t)(u[2] & 0x3f) << 6) | (u[3] & 0x3f);
		return 4;
	}
	*cp = 0xfffd;
	return 1;
}

/* ---- styles and glyph tables ---------------------------------------- */

static PangoLayout *
new_layout(struct rdoc *d, enum rs s)
{
	PangoLayout *l = pango_layout_new(d->pc);

	pango_layout_set_font_description(l, d->st[s].fd);
	if (d->st[s].attrs != NULL)
		pango_layout_set_attributes(l, d->st[s].attrs);
	return l;
}

/* Shape cp alone; fill g when the style's font has it. */
static void
glyph_probe(struct rdoc *d, PangoLayout *l, struct rstyle *st, uint32_t cp,
    struct rglyph *g)
{
	char buf[8];
	int n = g_unichar_to_utf8(cp, buf);
	PangoLayoutLine *line;
	PangoGlyphItem *run;
	PangoFont *font;

	buf[n] = '\0';
	pango_layout_set_text(l, buf, n);
	line = pango_layout_get_line_readonly(l, 0);
	if (line == NULL || line->runs == NULL || line->runs->next != NULL)
		return;
	run = line->runs->data;
	if (run->glyphs->num_glyphs != 1)
		return;
	if (run->glyphs->glyphs[0].glyph & PANGO_GLYPH_UNKNOWN_FLAG)
		return;
	font = run->item->analysis.font;
	if (st->font == NULL)
		st->font = g_object_ref(font);
	else if (font != st->font)
		return; /* a fallback font: leave it to Pango */
	g->glyph = run->glyphs->glyphs[0].glyph;
	g->adv = run->glyphs->glyphs[0].geometry.width;
	g->ok = true;
}

static void
glyphs_init(struct rdoc *d, enum rs s)
{
	struct rstyle *st = &d->st[s];
	PangoLayout *l = new_layout(d, s);
	uint32_t cp;
	int i;

	st->glyphs_done = true;
	/* '0' first: the font that has the digits is the style's font. */
	glyph_probe(d, l, st, '0', &st->g['0']);
	for (cp = 0x20; cp < R_GLYPH_CP; cp++) {
		if ((cp >= 0x7f && cp < 0xa0) || cp == '0')
			continue;
		glyph_probe(d, l, st, cp, &st->g[cp]);
	}
	for (i = 0; i < R_GLYPH_EXTRA; i++)
		glyph_probe(d, l, st, extra_cp[i], &st->gx[i]);
	g_object_unref(l);
}

static const struct rglyph *
glyph_of(struct rstyle *st, uint32_t cp)
{
	int i;

	if (cp < R_GLYPH_CP)
		return st->g[cp].ok ? &st->g[cp] : NULL;
	for (i = 0; i < R_GLYPH_EXTRA; i++)
		if (extra_cp[i] == cp)
			return st->gx[i].ok ? &st->gx[i] : NULL;
	return NULL;
}

/* Sum of advances of s in Pango units, or -1 when a character is not in
 * the style's glyph table (or is a line break). */
static long
table_width(struct rdoc *d, enum rs s, const char *text)
{
	struct rstyle *st = &d->st[s];
	long w = 0;

	if (!st->glyphs_done)
		glyphs_init(d, s);
	while (*text) {
		uint32_t cp;
		const struct rglyph *g;

		text += utf8_next(text, &cp);
		if (cp == '\n' || (g = glyph_of(st, cp)) == NULL)
			return -1;
		w += g->adv;
	}
	return w;
}

int
r_init(struct rdoc *d, struct eiti_err *err)
{
	cairo_font_options_t *fo;
	PangoLayout *probe = NULL;
	PangoFont *font = NULL;
	int s, rc = -1;

	d->err = err;
	d->fm = pango_cairo_font_map_new();
	d->pc = pango_font_map_create_context(d->fm);
	pango_cairo_context_set_resolution(d->pc, 72.0);
	/* Unhinted metrics: layout does not depend on a device grid, and
	 * measuring (no surface) and drawing (PDF) agree exactly. */
	fo = cairo_font_options_create();
	cairo_font_options_set_hint_style(fo, CAIRO_HINT_STYLE_NONE);
	cairo_font_options_set_hint_metrics(fo, CAIRO_HINT_METRICS_OFF);
	cairo_font_options_set_antialias(fo, CAIRO_ANTIALIAS_GRAY);
	pango_cairo_context_set_font_options(d->pc, fo);
	cairo_font_options_destroy(fo);
	pango_context_set_language(
	    d->pc, pango_language_from_string(d->lang ? d->lang : "en"));

	for (s = 0; s < RS_COUNT; s++) {
		struct rstyle *st = &d->st[s];
		PangoLayout *l;
		int h;

		st->fd = pango_font_description_new();
		pango_font_description_set_family(st->fd, style_def[s].family);
		pango_font_description_set_size(
		    st->fd, style_def[s].size10 * PANGO_SCALE / 10);
		pango_font_description_set_weight(
		    st->fd, style_def[s].bold ? PANGO_WEIGHT_BOLD
					      : PANGO_WEIGHT_NORMAL);
		st->attrs = pango_attr_list_new();
		if (style_def[s].tnum)
			pango_attr_list_insert(
			    st->attrs, pango_attr_font_features_new("tnum=1"));
		/* A line broken inside an identifier, a URL or a digest must
		 * not show a hyphen that is not in the data. */
		pango_attr_list_insert(
		    st->attrs, pango_attr_insert_hyphens_new(FALSE));
		st->rgb[0] = ((style_def[s].rgb >> 16) & 0xff) / 255.0;
		st->rgb[1] = ((style_def[s].rgb >> 8) & 0xff) / 255.0;
		st->rgb[2] = (style_def[s].rgb & 0xff) / 255.0;
		l = new_layout(d, s);
		pango_layout_set_text(l, "Ág", -1);
		pango_layout_get_size(l, NULL, &h);
		st->lh = (double)h / PANGO_SCALE;
		st->base = (double)pango_layout_get_baseline(l) / PANGO_SCALE;
		g_object_unref(l);
	}

	/* Self-check: with no usable font cairo writes
	 * blank pages and reports success, so refuse to start. */
	font = pango_context_load_font(d->pc, d->st[RS_BODY].fd);
	if (font == NULL)
		goto nofont;
	for (s = 0; s < RS_COUNT; s++) {
		if (s != RS_BODY && s != RS_BOLD && s != RS_MONO)
			continue;
		probe = new_layout(d, s);
		pango_layout_set_text(probe, font_probe, -1);
		if (pango_layout_get_unknown_glyphs_count(probe) != 0)
			goto nofont;
		g_object_unref(probe);
		probe = NULL;
	}
	/* no hash_of: TC_MAX_ENT entries never need 2^24 slots */
	eiti_hash_init(&d->tc.index, 16, NULL, NULL);
	rc = 0;
	goto out;
nofont:
	r_fail(d, EITI_ERR_IO,
	    "render: no usable font (install fonts-dejavu-core)");
out:
	if (probe != NULL)
		g_object_unref(probe);
	if (font != NULL)
		g_object_unref(font);
	return rc;
}

void
r_fini(struct rdoc *d)
{
	size_t i;
	int s;

	for (i = 0; i < d->tc.n; i++) {
		if (d->tc.v[i]->lay != NULL)
			g_object_unref(d->tc.v[i]->lay);
		free(d->tc.v[i]);
	}
	free(d->tc.v);
	d->tc.v = NULL;
	d->tc.n = d->tc.cap = 0;
	eiti_hash_dispose(&d->tc.index);
	for (s = 0; s < RS_COUNT; s++) {
		if (d->st[s].fd != NULL)
			pango_font_description_free(d->st[s].fd);
		if (d->st[s].attrs != NULL)
			pango_attr_list_unref(d->st[s].attrs);
		if (d->st[s].font != NULL)
			g_object_unref(d->st[s].font);
	}
	for (i = 0; i < (size_t)d->npend; i++)
		free(d->pend[i].text);
	if (d->pc != NULL)
		g_object_unref(d->pc);
	if (d->fm != NULL)
		g_object_unref(d->fm);
	r_tmp_reset(d);
	free(d->tmp);
}

/* ---- the text cache -------------------------------------------------- */

static uint64_t
tc_hash(const char *s, int style, int width, int maxl, int align)
{
	uint64_t k = (uint64_t)(uint32_t)width << 32 |
		     (uint64_t)(uint16_t)style << 16 |
		     (uint16_t)(maxl * 8 + align);

	return eiti_hash_str(s, NULL) ^ eiti_hash_u64(k);
}

/* The entry of (text, style, width, maxl, align), or NULL; p is left
 * where a new entry goes. */
static struct tc_ent *
tc_lookup(struct rdoc *d, uint64_t h, const char *text, int style, int width,
    int maxl, int align, struct eiti_hash_probe *p)
{
	size_t id;

	for (id = eiti_hash_first(&d->tc.index, h, p); id != EITI_HASH_NONE;
	     id = eiti_hash_next(&d->tc.index, p)) {
		struct tc_ent *e = d->tc.v[id];

		if (e->hash == h && e->style == style && e->width == width &&
		    e->maxl == maxl && e->align == align &&
		    strcmp(e->text, text) == 0)
			return e;
	}
	return NULL;
}

static struct tc_ent *
tc_find(struct rdoc *d, uint64_t h, const char *text, int style, int width,
    int maxl, int align)
{
	struct eiti_hash_probe p;

	return tc_lookup(d, h, text, style, width, maxl, align, &p);
}

/* Add an entry that tc_find() did not find. */
static struct tc_ent *
tc_add(struct rdoc *d, uint64_t h, const char *text, int style, int width,
    int maxl, int align, double height)
{
	size_t n = strlen(text);
	struct eiti_hash_probe p;
	struct tc_ent *e;

	if (d->tc.n >= TC_MAX_ENT || n > TC_MAX_TEXT ||
	    tc_lookup(d, h, text, style, width, maxl, align, &p) != NULL)
		return NULL;
	e = eiti_xmalloc(sizeof(*e) + n + 1);
	e->hash = h;
	e->style = style;
	e->width = width;
	e->maxl = maxl;
	e->align = align;
	e->h = height;
	e->lay = NULL;
	memcpy(e->text, text, n + 1);
	if (d->tc.n == d->tc.cap) {
		d->tc.cap = d->tc.cap ? 2 * d->tc.cap : 1024;
		d->tc.v = eiti_xrealloc(d->tc.v, d->tc.cap * sizeof(*d->tc.v));
	}
	d->tc.v[d->tc.n] = e;
	eiti_hash_insert(&d->tc.index, &p, d->tc.n++);
	return e;
}

static PangoLayout *
make_layout(
    struct rdoc *d, enum rs s, int width, const char *text, int maxl, int align)
{
	PangoLayout *l = new_layout(d, s);

	pango_layout_set_width(l, width);
	pango_layout_set_wrap(l, PANGO_WRAP_WORD_CHAR);
	if (maxl > 0) {
		pango_layout_set_height(l, -maxl);
		pango_layout_set_ellipsize(l, PANGO_ELLIPSIZE_END);
	}
	pango_layout_set_alignment(l, align == RA_RIGHT	   ? PANGO_ALIGN_RIGHT
				      : align == RA_CENTER ? PANGO_ALIGN_CENTER
							   : PANGO_ALIGN_LEFT);
	if (maxl > 0 && strlen(text) > (size_t)maxl * R_LINE_BYTES) {
		/* No line of the body holds more than R_LINE_BYTES bytes
		 * (250 narrow clusters of up to R_MAX_MARKS marks): shape
		 * only what can show, cut at a character, with its
		 * ellipsis. */
		size_t n = (size_t)maxl * R_LINE_BYTES;
		char *cut;

		while (n > 0 && ((unsigned char)text[n] & 0xc0) == 0x80)
			n--;
		cut = eiti_xmalloc(n + 4);
		memcpy(cut, text, n);
		memcpy(cut + n, "\xe2\x80\xa6", 4);
		pango_layout_set_text(l, cut, -1);
		free(cut);
		return l;
	}
	pango_layout_set_text(l, text, -1);
	return l;
}

static double
layout_h(PangoLayout *l)
{
	int h;

	pango_layout_get_size(l, NULL, &h);
	return (double)h / PANGO_SCALE;
}

/* Height of (s, width, text, maxl, align), and in pass 2 when want is
 * set, a shaped layout for it (a new reference). */
static double
text_measure(struct rdoc *d, enum rs s, int width, const char *text, int maxl,
    int align, PangoLayout **want)
{
	uint64_t h = tc_hash(text, s, width, maxl, align);
	struct tc_ent *e = tc_find(d, h, text, s, width, maxl, align);
	PangoLayout *l = NULL;
	double height;
	long tw;

	if (want != NULL)
		*want = NULL;
	if (e != NULL) {
		if (want == NULL || d->pass != 2)
			return e->h;
		if (e->lay == NULL) {
			e->lay = make_layout(d, s, width, text, maxl, align);
			d->tc.nlay++;
		}
		*want = g_object_ref(e->lay);
		return e->h;
	}
	/* One line of glyphs of the style's own font: the sum of their
	 * unkerned advances bounds the shaped width (kerning and
	 * ligatures only narrow it), so a margin proves it fits. */
	tw = table_width(d, s, text);
	if (tw >= 0 && tw + tw / 20 + PANGO_SCALE <= width) {
		height = d->st[s].lh;
	} else {
		l = make_layout(d, s, width, text, maxl, align);
		height = layout_h(l);
	}
	e = tc_add(d, h, text, s, width, maxl, align, height);
	if (want != NULL && d->pass == 2) {
		if (l == NULL)
			l = make_layout(d, s, width, text, maxl, align);
		if (e != NULL && d->tc.nlay < TC_MAX_LAY) {
			e->lay = g_object_ref(l);
			d->tc.nlay++;
		}
		*want = l;
		return height;
	}
	if (l != NULL)
		g_object_unref(l);
	return height;
}

static int
to_pu(double w)
{
	return (int)(w * PANGO_SCALE);
}

double
r_text_h(struct rdoc *d, enum rs st, double w, const char *text, int maxl,
    PangoLayout **lay)
{
	return text_measure(d, st, to_pu(w), text, maxl, RA_LEFT, lay);
}

double
r_text_ha(struct rdoc *d, enum rs st, double w, const char *text, int maxl,
    int align, PangoLayout **lay)
{
	return text_measure(d, st, to_pu(w), text, maxl, align, lay);
}

void
r_color(struct rdoc *d, const double rgb[3])
{
	cairo_set_source_rgb(d->cr, rgb[0], rgb[1], rgb[2]);
}

void
r_rgb(struct rdoc *d, uint32_t rgb)
{
	cairo_set_source_rgb(d->cr, ((rgb >> 16) & 0xff) / 255.0,
	    ((rgb >> 8) & 0xff) / 255.0, (rgb & 0xff) / 255.0);
}

void
r_text_draw(struct rdoc *d, enum rs st, double x, double y, double w,
    const char *text, int maxl, int align, PangoLayout *lay)
{
	if (d->pass != 2 || d->failed) {
		if (lay != NULL)
			g_object_unref(lay);
		return;
	}
	if (lay == NULL)
		text_measure(d, st, to_pu(w), text, maxl, align, &lay);
	r_color(d, d->st[st].rgb);
	cairo_move_to(d->cr, x, y);
	pango_cairo_show_layout(d->cr, lay);
	g_object_unref(lay);
}

double
r_run_w(struct rdoc *d, enum rs st, const char *s)
{
	long w = table_width(d, st, s);
	PangoLayout *l;
	int pw;

	if (w >= 0)
		return (double)w / PANGO_SCALE;
	l = new_layout(d, st);
	pango_layout_set_text(l, s, -1);
	pango_layout_get_size(l, &pw, NULL);
	g_object_unref(l);
	return (double)pw / PANGO_SCALE;
}

/* Does text fit in maxl lines of width w without ellipsis? */
static bool
fits_lines(struct rdoc *d, enum rs st, int w, const char *text, int maxl)
{
	PangoLayout *l = make_layout(d, st, w, text, maxl, RA_LEFT);
	bool ok = !pango_layout_is_ellipsized(l);

	g_object_unref(l);
	return ok;
}

const char *
r_fit_words(struct rdoc *d, enum rs st, double w, const char *text, int maxl)
{
	size_t lo = 0, hi, n = strlen(text), best = 0, i;
	int pw = to_pu(w);
	char *cut;

	if (n > 4096)
		n = 4096;
	if (n == strlen(text) && fits_lines(d, st, pw, text, maxl))
		return text;
	/* the longest prefix ending before a space that fits with "…" */
	cut = r_tmp_printf(d, "%.*s%8s", (int)n, text, ""); /* room for … */
	hi = n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo + 1) / 2, k = mid;

		while (k > 0 && text[k] != ' ')
			k--;
		if (k == 0) {
			hi = mid - 1;
			continue;
		}
		memcpy(cut, text, k);
		memcpy(cut + k, "\xe2\x80\xa6", 4);
		if (fits_lines(d, st, pw, cut, maxl)) {
			best = k;
			lo = mid;
		} else {
			hi = mid - 1;
		}
	}
	if (best == 0)
		return text; /* one long word: Pango's ellipsis it is */
	for (i = best; i > 0 && (text[i - 1] == ',' || text[i - 1] == ' ' ||
				    text[i - 1] == '-');
	     i--)
		;
	memcpy(cut, text, i);
	memcpy(cut + i, "\xe2\x80\xa6", 4);
	return cut;
}

void
r_run_draw(
    struct rdoc *d, enum rs s, double x, double y, const char *text, int align)
{
	struct rstyle *st = &d->st[s];
	PangoGlyphString *gs;
	PangoGlyphItem gitem;
	PangoItem *item;
	const char *p;
	long w = 0;
	int n = 0, i;

	if (d->pass != 2 || d->failed)
		return;
	if (table_width(d, s, text) < 0) {
		/* Not all in the table: let Pango shape it. */
		PangoLayout *l = new_layout(d, s);
		int pw;

		pango_layout_set_text(l, text, -1);
		pango_layout_get_size(l, &pw, NULL);
		r_color(d, st->rgb);
		cairo_move_to(d->cr,
		    align == RA_RIGHT ? x - (double)pw / PANGO_SCALE : x, y);
		pango_cairo_show_layout(d->cr, l);
		g_object_unref(l);
		return;
	}
	gs = pango_glyph_string_new();
	for (p = text; *p; n++) {
		uint32_t cp;

		p += utf8_next(p, &cp);
	}
	pango_glyph_string_set_size(gs, n);
	for (p = text, i = 0; *p; i++) {
		uint32_t cp;
		const struct rglyph *g;
		PangoGlyphInfo *gi = &gs->glyphs[i];

		gs->log_clusters[i] = (int)(p - text);
		p += utf8_next(p, &cp);
		g = glyph_of(st, cp);
		gi->glyph = g->glyph;
		gi->geometry.width = g->adv;
		gi->geometry.x_offset = 0;
		gi->geometry.y_offset = 0;
		gi->attr.is_cluster_start = 1;
		w += g->adv;
	}
	/* A glyph item, not a bare glyph string: it carries the text, so
	 * cairo records exactly which characters the glyphs are and a
	 * reader copies "1 234,56" even where one glyph serves several
	 * code points (a narrow no-break space drawn with the space). */
	item = pango_item_new();
	item->offset = 0;
	item->length = (int)strlen(text);
	item->num_chars = n;
	item->analysis.font = g_object_ref(st->font);
	gitem.item = item;
	gitem.glyphs = gs;
	r_color(d, st->rgb);
	cairo_move_to(d->cr,
	    align == RA_RIGHT ? x - (double)w / PANGO_SCALE : x, y + st->base);
	pango_cairo_show_glyph_item(d->cr, text, &gitem);
	pango_item_free(item);
	pango_glyph_string_free(gs);
}

/* ---- tags -------------------------------------------------------------- */

void
r_tag_begin(struct rdoc *d, const char *name, const char *attrs)
{
	if (d->pass != 2 || d->failed)
		return;
	cairo_tag_begin(d->cr, name, attrs);
	d->tagdepth++;
}

void
r_tag_end(struct rdoc *d, const char *name)
{
	if (d->pass != 2 || d->failed)
		return;
	cairo_tag_end(d->cr, name);
	d->tagdepth--;
}

/* ---- pages ------------------------------------------------------------ */

/* The running header: the title on the left and the place and period on
 * the right, on one line when both fit, else on two (the title never
 * cut in the middle of the period). */
static void
draw_running(struct rdoc *d)
{
	char pg[EITI_MONEY_BUFSZ], tot[EITI_MONEY_BUFSZ];
	const char *footer;
	cairo_t *cr = d->cr;

	if (d->no_running)
		goto footer;
	/* one line, or the title above the place and period */
	if (d->run_left != NULL)
		r_text_draw(d, RS_RUN, R_ML, d->run_two_lines ? 27.0 : 36.0,
		    R_BODY_W, d->run_left, 1, RA_LEFT, NULL);
	if (d->run_right != NULL)
		r_text_draw(d, RS_RUN, R_ML, d->run_two_lines ? 36.5 : 36.0,
		    R_BODY_W, d->run_right, 1, RA_RIGHT, NULL);
	r_rgb(d, 0xb8c4ce);
	cairo_set_line_width(cr, 0.6);
	cairo_move_to(cr, R_ML, 48.5);
	cairo_line_to(cr, R_PAGE_W - R_MR, 48.5);
	cairo_stroke(cr);
footer:
	r_rgb(d, 0xb8c4ce);
	cairo_set_line_width(cr, 0.6);
	cairo_move_to(cr, R_ML, R_PAGE_H - 44.0);
	cairo_line_to(cr, R_PAGE_W - R_MR, R_PAGE_H - 44.0);
	cairo_stroke(cr);
	/* Page numbers are never grouped: "page 1 of 1254". */
	snprintf(pg, sizeof(pg), "%d", d->page);
	snprintf(tot, sizeof(tot), "%d", d->pages_total);
	footer = r_subst(
	    d, T(d, "page.footer"), "page", pg, "pages", tot, (char *)NULL);
	r_text_draw(d, RS_RUN, R_ML, R_PAGE_H - 39.0, R_BODY_W, footer, 1,
	    RA_CENTER, NULL);
}

void
r_page_open(struct rdoc *d)
{
	if (d->failed || d->page_open)
		return;
	d->page++;
	d->page_open = true;
	d->at_top = true;
	d->y = R_TOP;
	if (d->pass == 2)
		draw_running(d);
}

void
r_page_close(struct rdoc *d)
{
	cairo_status_t cs;

	if (!d->page_open)
		return;
	d->page_open = false;
	if (d->pass != 2 || d->failed)
		return;
	cairo_show_page(d->cr);
	/* Errors are sticky: a write error shows here, page by page. */
	cs = cairo_status(d->cr);
	if (cs != CAIRO_STATUS_SUCCESS)
		r_fail(d, EITI_ERR_IO, "render: cairo: %s",
		    cairo_status_to_string(cs));
	else if (d->write_failed != NULL && *d->write_failed)
		r_fail(d, EITI_ERR_IO, "render: write error");
	else if (d->progress != NULL)
		d->progress(d->progress_ud, d->page, d->pages_total);
}

void
r_page_break(struct rdoc *d)
{
	r_page_close(d);
}

static enum rs
heading_style(int level)
{
	return level == 1 ? RS_H1 : level == 2 ? RS_H2 : RS_H3;
}

/* Draw one pending heading at d->y (pass 2): tag, destination, outline
 * entry and, for sections, a rule. */
static void
heading_draw(struct rdoc *d, const struct rpend *p, double th)
{
	static const char *const tag[] = {"H1", "H2", "H3"};
	const char *t = tag[p->level - 1];
	char *attr = r_tmp_printf(d, "name='%s'", p->dest);

	r_tag_begin(d, t, NULL);
	cairo_tag_begin(d->cr, CAIRO_TAG_DEST, attr);
	r_text_draw(d, heading_style(p->level), R_ML, d->y, R_BODY_W, p->text,
	    HEAD_MAXL, RA_LEFT, NULL);
	cairo_tag_end(d->cr, CAIRO_TAG_DEST);
	r_tag_end(d, t);
	attr = r_tmp_printf(d, "dest='%s'", p->dest);
	if (p->level == 1) {
		d->outline_h1 = cairo_pdf_surface_add_outline(
		    d->surf, CAIRO_PDF_OUTLINE_ROOT, p->text, attr, 0);
		d->outline_h2 = d->outline_h1;
		r_rgb(d, 0x0b3c5d);
		cairo_set_line_width(d->cr, 1.2);
		cairo_move_to(d->cr, R_ML, d->y + th + 3.0);
		cairo_line_to(d->cr, R_PAGE_W - R_MR, d->y + th + 3.0);
		cairo_stroke(d->cr);
	} else if (p->level == 2) {
		d->outline_h2 = cairo_pdf_surface_add_outline(
		    d->surf, d->outline_h1, p->text, attr, 0);
	} else if (p->outline) {
		cairo_pdf_surface_add_outline(
		    d->surf, d->outline_h2, p->text, attr, 0);
	}
}

static void
flush_pending(struct rdoc *d)
{
	static const double before[] = {0.0, 10.0, 7.0};
	static const double after[] = {12.0, 5.0, 3.0};
	int i;

	for (i = 0; i < d->npend; i++) {
		struct rpend *p = &d->pend[i];
		double th;

		if (!d->at_top)
			d->y += before[p->level - 1];
		th = r_text_h(d, heading_style(p->level), R_BODY_W, p->text,
		    HEAD_MAXL, NULL);
		if (p->sec >= 0) {
			struct rsec *sec = &d->secs[p->sec];

			if (d->pass == 1)
				sec->page = d->page;
			else if (sec->page != d->page)
				r_fail(d, EITI_ERR_IO,
				    "render: internal error: section %s moved "
				    "from page %d to %d",
				    sec->id, sec->page, d->page);
		}
		if (d->pass == 2 && !d->failed)
			heading_draw(d, p, th);
		d->y += th + after[p->level - 1];
		d->at_top = false;
		free(p->text);
		p->text = NULL;
	}
	d->npend = 0;
}

void
r_need(struct rdoc *d, double h)
{
	double total = h;
	int i;

	if (d->failed)
		return;
	if (!d->page_open)
		r_page_open(d);
	for (i = 0; i < d->npend; i++)
		total += d->pend[i].h;
	if (!d->at_top && d->y + total > R_BOTTOM) {
		r_page_close(d);
		r_page_open(d);
	}
	flush_pending(d);
}

double
r_room(const struct rdoc *d)
{
	return d->page_open ? R_BOTTOM - d->y : 0;
}

void
r_space(struct rdoc *d, double h)
{
	if (!d->page_open || d->at_top)
		return;
	d->y += h;
}

static void
heading_add(struct rdoc *d, int level, const char *text, const char *dest,
    int sec, bool outline)
{
	static const double extra[] = {12.0, 15.0, 10.0};
	struct rpend *p;

	if (d->failed || d->npend >= R_MAXPEND || level < 1 || level > 3)
		return;
	p = &d->pend[d->npend++];
	p->level = level;
	p->text = r_clean_dup(text);
	snprintf(p->dest, sizeof(p->dest), "%s", dest);
	p->sec = sec;
	p->outline = outline || level < 3;
	p->h = r_text_h(d, heading_style(level), R_BODY_W, p->text, HEAD_MAXL,
		   NULL) +
	       extra[level - 1];
}

void
r_heading(
    struct rdoc *d, int level, const char *text, const char *dest, int sec)
{
	heading_add(d, level, text, dest, sec, false);
}

void
r_heading_o(
    struct rdoc *d, int level, const char *text, const char *dest, bool outline)
{
	heading_add(d, level, text, dest, -1, outline);
}

/* ---- paragraphs ------------------------------------------------------ */

void
r_para(struct rdoc *d, enum rs s, const char *text)
{
	PangoLayout *l;
	PangoLayoutIter *it;
	double *top, *bot, *base;
	int n, i, k;

	if (d->failed)
		return;
	l = make_layout(d, s, to_pu(R_BODY_W), text, 0, RA_LEFT);
	n = pango_layout_get_line_count(l);
	top = eiti_xcalloc((size_t)n * 3 + 1, sizeof(double));
	bot = top + n;
	base = bot + n;
	it = pango_layout_get_iter(l);
	i = 0;
	do {
		PangoRectangle lr;

		pango_layout_iter_get_line_extents(it, NULL, &lr);
		top[i] = (double)lr.y / PANGO_SCALE;
		bot[i] = (double)(lr.y + lr.height) / PANGO_SCALE;
		base[i] =
		    (double)pango_layout_iter_get_baseline(it) / PANGO_SCALE;
		i++;
	} while (i < n && pango_layout_iter_next_line(it));
	pango_layout_iter_free(it);

	for (i = 0; i < n && !d->failed;) {
		int first_need = i + 1 < n ? i + 1 : i; /* two lines */
		double avail;

		r_need(d, bot[first_need] - top[i]);
		avail = R_BOTTOM - d->y;
		k = i;
		while (k < n && bot[k] - top[i] <= avail)
			k++;
		if (k == i)
			k = i + 1; /* a line taller than a page: place it */
		/* Widow: never leave a paragraph's last line alone. */
		if (k < n && n - k == 1 && k - i > 2)
			k--;
		if (d->pass == 2) {
			int j;

			r_tag_begin(d, "P", NULL);
			r_color(d, d->st[s].rgb);
			for (j = i; j < k; j++) {
				cairo_move_to(
				    d->cr, R_ML, d->y + base[j] - top[i]);
				pango_cairo_show_layout_line(d->cr,
				    pango_layout_get_line_readonly(l, j));
			}
			r_tag_end(d, "P");
		}
		d->y += bot[k - 1] - top[i];
		d->at_top = false;
		i = k;
		if (i < n) {
			r_page_close(d);
			r_page_open(d);
		}
	}
	d->y += PARA_GAP;
	free(top);
	g_object_unref(l);
}

void
r_para_keep(struct rdoc *d, enum rs s, const char *text)
{
	PangoLayout *lay = NULL;
	double h;

	if (d->failed)
		return;
	h = r_text_h(d, s, R_BODY_W, text, 0, d->pass == 2 ? &lay : NULL);
	if (h > R_BOTTOM - R_TOP) {
		if (lay != NULL)
			g_object_unref(lay);
		r_para(d, s, text);
		return;
	}
	r_need(d, h);
	r_tag_begin(d, "P", NULL);
	r_text_draw(d, s, R_ML, d->y, R_BODY_W, text, 0, RA_LEFT, lay);
	r_tag_end(d, "P");
	d->y += h + PARA_GAP;
	d->at_top = false;
}

/* ---- passes ------------------------------------------------------------ */

void
r_pass_begin(struct rdoc *d, int pass, cairo_surface_t *s, cairo_t *cr)
{
	d->pass = pass;
	d->surf = s;
	d->cr = cr;
	d->page = 0;
	d->page_open = false;
	d->at_top = true;
	d->y = R_TOP;
	d->tagdepth = 0;
	d->tagged_rows = 0;
	d->npend = 0;
	d->outline_h1 = CAIRO_PDF_OUTLINE_ROOT;
	d->outline_h2 = CAIRO_PDF_OUTLINE_ROOT;
	d->cur_sec = -1;
}

int
r_pass_end(struct rdoc *d)
{
	if (d->npend > 0)
		r_need(d, 0);
	r_page_close(d);
	if (d->failed)
		return -1;
	if (d->pass == 1)
		d->pages_total = d->page;
	else if (d->page != d->pages_total) {
		r_fail(d, EITI_ERR_IO,
		    "render: internal error: %d pages laid out, %d drawn",
		    d->pages_total, d->page);
		return -1;
	}
	return 0;
}
