/*
 * render.c - eiti_render_pdf(): checks, the two passes, the PDF surface,
 * and the final touch to the PDF cairo writes (its language and the
 * metadata `eitirep verify` reads).
 *
 * Order matters for "write nothing on failure": the template, the fonts
 * (measured with cairo 1.16: with no font cairo writes blank pages and says
 * success) and the logo are checked, and the whole report is laid out
 * once, before the first byte is produced.  The PDF is written through
 * cairo_pdf_surface_create_for_stream() into the caller's atomic file,
 * because cairo given a file name loses ENOSPC and truncates silently on
 * EFBIG; every write is checked, cairo_status() after every page and
 * cairo_surface_status() after finishing.
 *
 * cairo 1.16 has no API for the document's language, so while cairo
 * finishes the file its output is held back from the start of the last
 * object written (the catalog is the last one), and that tail - catalog,
 * cross-reference table, trailer - is rewritten with /Lang and a new Info
 * dictionary (pdfpost.c) before it reaches the file: one file, written
 * once, the same bytes for the same inputs.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "core/afile.h"
#include "core/clock.h"
#include "core/err.h"
#include "core/paths.h"
#include "core/png.h"
#include "core/sha256.h"
#include "render/render.h"
#include "render/rint.h"
#include "render/rsec.h"

/* The output: pages go straight to the file; while cairo finishes, the
 * tail from the last object on is held in memory. */
struct wctx {
	struct eiti_afile *f;
	struct eiti_err *err;
	bool failed;
	long long off; /* bytes handed to the file so far */
	bool finishing;
	char *tail;
	size_t ntail, cap;
	size_t checked; /* tail[0..checked) was searched for objects */
};

#define TAIL_FLUSH (1u << 20)

static void
to_file(struct wctx *w, const void *p, size_t n)
{
	if (w->failed || n == 0)
		return;
	if (eiti_afile_write(w->f, p, n, w->err) != 0)
		w->failed = true;
	w->off += (long long)n;
}

/* Where the last object of the held tail starts ("\nN 0 obj\n"),
 * searching s[from..n) only, or 0. */
static size_t
last_object(const char *s, size_t n, size_t from)
{
	size_t i;

	for (i = n; i-- > 7 && i >= from;) {
		size_t j = i;

		if (memcmp(s + i - 7, " 0 obj\n", 7) != 0)
			continue;
		j = i - 7;
		while (j > 0 && s[j - 1] >= '0' && s[j - 1] <= '9')
			j--;
		if (j < i - 7 && (j == 0 || s[j - 1] == '\n'))
			return j;
	}
	return 0;
}

/*
 * cairo's output.  After a write error the rest is discarded but cairo
 * is told all is well: a page whose bytes failed must still be a page for
 * cairo, or finishing the surface resolves a link to a destination on it
 * and aborts (cairo 1.16).  The error itself is in w->err; the layout
 * stops at the next page (r_page_close() reads w->failed) and the file
 * is aborted.
 */
static cairo_status_t
write_cb(void *closure, const unsigned char *data, unsigned int len)
{
	struct wctx *w = closure;

	if (w->failed)
		return CAIRO_STATUS_SUCCESS;
	if (!w->finishing) {
		to_file(w, data, len);
		return CAIRO_STATUS_SUCCESS;
	}
	if (w->ntail + len > w->cap) {
		w->cap = (w->ntail + len) * 2;
		w->tail = eiti_xrealloc(w->tail, w->cap);
	}
	memcpy(w->tail + w->ntail, data, len);
	w->ntail += len;
	/* Hand over everything before the last object, searching each
	 * byte once (the cross-reference table has no object and grows
	 * to megabytes). */
	if (w->ntail - w->checked > TAIL_FLUSH) {
		size_t k = last_object(
		    w->tail, w->ntail, w->checked > 16 ? w->checked - 16 : 0);

		w->checked = w->ntail;
		if (k > 0) {
			to_file(w, w->tail, k);
			memmove(w->tail, w->tail + k, w->ntail - k);
			w->ntail -= k;
			w->checked -= k;
		}
	}
	return CAIRO_STATUS_SUCCESS;
}

/* The production date: the clock when it is fixed (SOURCE_DATE_EPOCH),
 * else the results' generation time when it has the right shape, else
 * the clock's time (core/clock.h). */
static void
doc_date(struct rdoc *d, const struct eiti_clock *clock)
{
	long long g = eiti_clock_parse_iso8601(d->res->generated);

	d->epoch_from_env = clock->fixed;
	d->epoch = clock->fixed || g < 0 ? clock->now : g;
	eiti_clock_iso8601(d->epoch, d->date_iso);
}

static const char *
title_of(struct rdoc *d)
{
	const char *t = eiti_results_title(d->res, d->lang);

	return t[0] != '\0' ? r_clean(d, t) : T(d, "cover.default-title");
}

static void
set_metadata(struct rdoc *d, cairo_surface_t *s)
{
	const struct eiti_results *res = d->res;
	const char *subj =
	    R_MSG(d, "meta.subject", RM_S("country", r_clean(d, res->country)),
		RM_S("start", r_clean(d, res->period_start)),
		RM_S("end", r_clean(d, res->period_end)));
	const char *creator = R_MSG(
	    d, "meta.creator", RM_S("version", r_clean(d, res->tool_version)));

	cairo_pdf_surface_set_metadata(
	    s, CAIRO_PDF_METADATA_TITLE, title_of(d));
	if (res->administrator && res->administrator[0])
		cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_AUTHOR,
		    r_clean(d, res->administrator));
	cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_SUBJECT, subj);
	cairo_pdf_surface_set_metadata(
	    s, CAIRO_PDF_METADATA_KEYWORDS, T(d, "meta.keywords"));
	cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_CREATOR, creator);
	cairo_pdf_surface_set_metadata(
	    s, CAIRO_PDF_METADATA_CREATE_DATE, d->date_iso);
	cairo_pdf_surface_set_metadata(
	    s, CAIRO_PDF_METADATA_MOD_DATE, d->date_iso);
	r_tmp_reset(d);
}

/* Rewrite the held tail with /Lang and the Info dictionary, and write
 * it. */
static int
finish_tail(struct rdoc *d, struct wctx *w)
{
	const struct eiti_results *res = d->res;
	const struct eiti_render_opts *o = d->opts;
	char epoch[32], *out = NULL;
	size_t nout = 0;
	struct rinfo info;
	int rc;

	snprintf(epoch, sizeof(epoch), "%lld", d->epoch);
	memset(&info, 0, sizeof(info));
	info.title = title_of(d);
	info.author = res->administrator && res->administrator[0]
			  ? r_clean(d, res->administrator)
			  : NULL;
	info.subject =
	    R_MSG(d, "meta.subject", RM_S("country", r_clean(d, res->country)),
		RM_S("start", r_clean(d, res->period_start)),
		RM_S("end", r_clean(d, res->period_end)));
	info.keywords = T(d, "meta.keywords");
	info.creator = R_MSG(
	    d, "meta.creator", RM_S("version", r_clean(d, res->tool_version)));
	info.date = d->date_iso;
	info.lang = d->t->lang;
	info.version = r_clean(d, res->tool_version);
	info.templates = d->t->sha256;
	info.epoch = epoch;
	info.manifest = res->manifest_sha256;
	info.results_csv = o != NULL ? o->results_csv_sha256 : NULL;
	info.results_xml = o != NULL ? o->results_xml_sha256 : NULL;
	info.generated = res->generated;
	info.sources = res->sources;
	info.nsources = res->nsources;
	rc = r_pdf_post(&out, &nout, w->tail, w->ntail, w->off, &info, d->err);
	if (rc == 0)
		to_file(w, out, nout);
	free(out);
	r_tmp_reset(d);
	return rc == 0 && !w->failed ? 0 : -1;
}

static int
check_template(struct rdoc *d)
{
	size_t i;

	for (i = 0; r_required_keys[i] != NULL; i++)
		if (eiti_template_text(d->t, r_required_keys[i]) == NULL) {
			r_fail(d, EITI_ERR_INVALID,
			    "render: template %s: no text '%s'", d->t->file,
			    r_required_keys[i]);
			return -1;
		}
	if (d->t->nsections == 0) {
		r_fail(d, EITI_ERR_INVALID, "render: template %s: no sections",
		    d->t->file);
		return -1;
	}
	return 0;
}

/* cairo reads the logo from memory */
struct png_mem {
	const unsigned char *p;
	size_t n, at;
};

static cairo_status_t
png_read(void *closure, unsigned char *data, unsigned int length)
{
	struct png_mem *m = closure;

	if (length > m->n - m->at)
		return CAIRO_STATUS_READ_ERROR;
	memcpy(data, m->p + m->at, length);
	m->at += length;
	return CAIRO_STATUS_SUCCESS;
}

/* The logo results.xml carries, never a file: checked (size, and the
 * dimensions its header claims) before cairo decodes it (core/png.h). */
static int
load_logo(struct rdoc *d)
{
	struct png_mem m = {d->res->logo, d->res->logo_size, 0};
	char whybuf[EITI_LOGO_WHY_SIZE];
	const char *why;
	cairo_status_t cs;

	if (m.p == NULL || m.n == 0)
		return 0;
	why = eiti_logo_check(m.p, m.n, whybuf);
	if (why != NULL) {
		r_fail(d, EITI_ERR_INVALID, "render: logo: %s", why);
		return -1;
	}
	d->logo = cairo_image_surface_create_from_png_stream(png_read, &m);
	cs = cairo_surface_status(d->logo);
	if (cs != CAIRO_STATUS_SUCCESS) {
		cairo_surface_destroy(d->logo);
		d->logo = NULL;
		/* cairo 1.16 reports a damaged PNG as "out of memory"; a
		 * real lack of memory would abort elsewhere. */
		r_fail(d, EITI_ERR_INVALID,
		    "render: logo: not a readable PNG "
		    "image");
		return -1;
	}
	if (cairo_image_surface_get_width(d->logo) <= 0 ||
	    cairo_image_surface_get_height(d->logo) <= 0) {
		r_fail(d, EITI_ERR_INVALID, "render: logo: empty image");
		return -1;
	}
	return 0;
}

/* Everything before pass 1: template, fonts, logo, sections, running
 * header. */
static int
prepare(struct rdoc *d, struct eiti_err *err)
{
	if (check_template(d) != 0 || r_init(d, err) != 0 || load_logo(d) != 0)
		return -1;
	doc_date(d, d->opts->clock);
	r_sections_init(d);
	/* one line of the running header shows at most R_LINE_BYTES */
	d->run_left =
	    r_clean_dup(r_tmp_printf(d, "%.*s", R_LINE_BYTES, title_of(d)));
	d->run_right = r_clean_dup(
	    R_MSG(d, "running.right", RM_S("country", r_place_name(d)),
		RM_S("period", r_period_text(d))));
	d->run_two_lines = r_run_w(d, RS_RUN, d->run_left) +
			       r_run_w(d, RS_RUN, d->run_right) + 12.0 >
			   R_BODY_W;
	r_tmp_reset(d);
	return d->failed ? -1 : 0;
}

static int
cairo_failed(struct eiti_err *err, cairo_status_t cs)
{
	eiti_err_set(
	    err, EITI_ERR_IO, "render: cairo: %s", cairo_status_to_string(cs));
	return -1;
}

/* Pass 2: draw into a PDF surface on the file, then finish it. */
static int
draw(struct rdoc *d, struct wctx *w)
{
	cairo_surface_t *s;
	cairo_t *cr = NULL;
	cairo_status_t cs;
	int rc = -1;

	s = cairo_pdf_surface_create_for_stream(
	    write_cb, w, R_PAGE_W, R_PAGE_H);
	if ((cs = cairo_surface_status(s)) != CAIRO_STATUS_SUCCESS) {
		cairo_failed(d->err, cs);
		goto out;
	}
	set_metadata(d, s);
	cr = cairo_create(s);
	r_pass_begin(d, 2, s, cr);
	d->write_failed = &w->failed;
	/* One root element: cairo 1.16 marks the document as tagged only
	 * with a single structure root. */
	r_tag_begin(d, "Document", NULL);
	r_report(d);
	if (d->npend > 0)
		r_need(d, 0);
	r_tag_end(d, "Document");
	if (r_pass_end(d) != 0 || w->failed)
		goto out;
	if ((cs = cairo_status(cr)) != CAIRO_STATUS_SUCCESS) {
		cairo_failed(d->err, cs);
		goto out;
	}
	cairo_destroy(cr);
	cr = NULL;
	w->finishing = true;
	cairo_surface_finish(s);
	cs = cairo_surface_status(s);
	if (cs != CAIRO_STATUS_SUCCESS || w->failed) {
		if (!eiti_err_isset(d->err))
			cairo_failed(d->err, cs != CAIRO_STATUS_SUCCESS
						 ? cs
						 : CAIRO_STATUS_WRITE_ERROR);
		goto out;
	}
	rc = finish_tail(d, w);
out:
	if (cr != NULL)
		cairo_destroy(cr);
	if (s != NULL) {
		/* Finishing (in destroy) writes: from here on the callback
		 * discards everything. */
		w->failed = true;
		cairo_surface_destroy(s);
	}
	return rc;
}

int
eiti_render_pdf(const struct eiti_results *res,
    const struct eiti_render_opts *o, struct eiti_afile *f,
    struct eiti_err *err)
{
	struct rdoc d;
	struct wctx w;
	int rc = -1;

	memset(&d, 0, sizeof(d));
	memset(&w, 0, sizeof(w));
	w.f = f;
	w.err = err;
	d.res = res;
	d.err = err;
	d.opts = o;
	if (o == NULL || o->tmpl == NULL)
		return eiti_err_set(err, EITI_ERR_CONFIG,
		    "render: no template loaded for language '%s'",
		    o && o->lang ? o->lang : res->lang);
	if (o->clock == NULL)
		return eiti_err_set(
		    err, EITI_ERR_CONFIG, "render: no clock given");
	d.t = o->tmpl;
	d.lang = d.t->lang;
	d.progress = o->progress;
	d.progress_ud = o->progress_ud;
	if (prepare(&d, err) != 0)
		goto out;
	/* Pass 1: lay out, count pages, find every section's page. */
	r_pass_begin(&d, 1, NULL, NULL);
	r_report(&d);
	if (r_pass_end(&d) != 0)
		goto out;
	rc = draw(&d, &w);
out:
	if (d.logo != NULL)
		cairo_surface_destroy(d.logo);
	free(d.run_left);
	free(d.run_right);
	free(w.tail);
	r_report_fini(&d);
	r_fini(&d);
	if (rc != 0 && !eiti_err_isset(err))
		eiti_err_set(err, EITI_ERR_IO, "render: failed");
	return rc;
}

int
eiti_render_hash_inputs(struct eiti_render_inputs *in,
    struct eiti_render_opts *o, const char *path, struct eiti_err *err)
{
	char *dir = eiti_path_dirname(path), *csv;
	struct eiti_err ignored = EITI_ERR_INIT;
	struct stat sb;
	int rc = -1;

	memset(in, 0, sizeof(*in));
	csv = eiti_path_join(dir, "results.csv");
	if (eiti_sha256_file(path, in->results_xml, NULL, err) != 0)
		goto out;
	o->results_xml_sha256 = in->results_xml;
	if (stat(csv, &sb) == 0 && S_ISREG(sb.st_mode) &&
	    eiti_sha256_file(csv, in->results_csv, NULL, &ignored) == 0)
		o->results_csv_sha256 = in->results_csv;
	rc = 0;
out:
	free(dir);
	free(csv);
	return rc;
}
