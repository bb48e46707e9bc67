/*
 * render.c - eiti_render_pdf(): checks, the two passes, the PDF surface.
 *
 * Order matters for "write nothing on failure": the template, the fonts
 * (RELIABILITY 3.1: with no font cairo writes blank pages and says
 * success) and the logo are checked, and the whole report is laid out
 * once, before the first byte is produced.  The PDF is written through
 * cairo_pdf_surface_create_for_stream() into the caller's atomic file,
 * because cairo given a file name loses ENOSPC and truncates silently on
 * EFBIG; every write is checked, cairo_status() after every page and
 * cairo_surface_status() after finishing.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/afile.h"
#include "core/clock.h"
#include "core/err.h"
#include "render/render.h"
#include "render/rint.h"

struct wctx {
	struct eiti_afile *f;
	struct eiti_err *err;
	bool failed;
};

static cairo_status_t
write_cb(void *closure, const unsigned char *data, unsigned int len)
{
	struct wctx *w = closure;

	if (w->failed)
		return CAIRO_STATUS_WRITE_ERROR;
	if (eiti_afile_write(w->f, data, len, w->err) != 0) {
		w->failed = true;
		return CAIRO_STATUS_WRITE_ERROR;
	}
	return CAIRO_STATUS_SUCCESS;
}

/* ISO 8601 for the PDF dates: the clock when it is fixed
 * (SOURCE_DATE_EPOCH), else the results' generation time when it has the
 * right shape, else the clock's time. */
static void
pdf_date(char buf[EITI_CLOCK_ISO_BUFSZ], const char *generated,
    const struct eiti_clock *clock)
{
	if (!clock->fixed && generated != NULL && strlen(generated) == 20 &&
	    generated[4] == '-' && generated[7] == '-' &&
	    generated[10] == 'T' && generated[13] == ':' &&
	    generated[16] == ':' && generated[19] == 'Z' &&
	    strspn(generated, "0123456789-T:Z") == 20) {
		memcpy(buf, generated, 21);
		return;
	}
	eiti_clock_iso8601(clock->now, buf);
}

static void
set_metadata(struct rdoc *d, cairo_surface_t *s, const struct eiti_clock *clock)
{
	const struct eiti_results *res = d->res;
	char date[EITI_CLOCK_ISO_BUFSZ];
	const char *title = res->title && res->title[0]
				? r_clean(d, res->title)
				: T(d, "cover.default-title");
	const char *subj = r_subst(d, T(d, "meta.subject"), "country",
	    r_clean(d, res->country), "start", r_clean(d, res->period_start),
	    "end", r_clean(d, res->period_end), (char *)NULL);
	const char *creator = r_subst(d, T(d, "meta.creator"), "version",
	    r_clean(d, res->tool_version), (char *)NULL);

	cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_TITLE, title);
	if (res->administrator && res->administrator[0])
		cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_AUTHOR,
		    r_clean(d, res->administrator));
	cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_SUBJECT, subj);
	cairo_pdf_surface_set_metadata(
	    s, CAIRO_PDF_METADATA_KEYWORDS, T(d, "meta.keywords"));
	cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_CREATOR, creator);
	pdf_date(date, res->generated, clock);
	cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_CREATE_DATE, date);
	cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_MOD_DATE, date);
	r_tmp_reset(d);
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

static int
load_logo(struct rdoc *d)
{
	const char *path = d->res->logo;
	cairo_status_t cs;

	if (path == NULL || path[0] == '\0')
		return 0;
	d->logo = cairo_image_surface_create_from_png(path);
	cs = cairo_surface_status(d->logo);
	if (cs != CAIRO_STATUS_SUCCESS) {
		cairo_surface_destroy(d->logo);
		d->logo = NULL;
		/* cairo 1.16 reports a file that is not a PNG as "out of
		 * memory"; a real lack of memory would abort elsewhere. */
		r_fail(d, EITI_ERR_INVALID, "render: logo %s: %s", path,
		    cs == CAIRO_STATUS_FILE_NOT_FOUND
			? "cannot be opened"
			: "not a readable PNG image");
		return -1;
	}
	if (cairo_image_surface_get_width(d->logo) <= 0 ||
	    cairo_image_surface_get_height(d->logo) <= 0) {
		r_fail(
		    d, EITI_ERR_INVALID, "render: logo %s: empty image", path);
		return -1;
	}
	return 0;
}

int
eiti_render_pdf(const struct eiti_results *res,
    const struct eiti_render_opts *o, struct eiti_afile *f,
    struct eiti_err *err)
{
	struct rdoc d;
	struct wctx w = {f, err, false};
	cairo_surface_t *s = NULL;
	cairo_t *cr = NULL;
	cairo_status_t cs;
	int rc = -1, i;

	memset(&d, 0, sizeof(d));
	d.res = res;
	d.err = err;
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
	if (check_template(&d) != 0)
		goto out;
	if (r_init(&d, err) != 0)
		goto out;
	if (load_logo(&d) != 0)
		goto out;
	r_sections_init(&d);
	d.run_left = r_clean_dup(res->title && res->title[0]
				     ? res->title
				     : T(&d, "cover.default-title"));
	{
		const char *a = r_date(&d, res->period_start);
		const char *b = r_date(&d, res->period_end);
		const char *p = r_subst(&d, T(&d, "period.range"), "start", a,
		    "end", b, (char *)NULL);

		d.run_right = r_clean_dup(r_subst(&d, T(&d, "running.right"),
		    "country", r_place_name(&d), "period", p, (char *)NULL));
	}
	r_tmp_reset(&d);
	if (d.failed)
		goto out;

	/* Pass 1: lay out, count pages, find every section's page. */
	r_pass_begin(&d, 1, NULL, NULL);
	r_report(&d);
	if (r_pass_end(&d) != 0)
		goto out;

	/* Pass 2: the same decisions again, drawn. */
	s = cairo_pdf_surface_create_for_stream(
	    write_cb, &w, R_PAGE_W, R_PAGE_H);
	cs = cairo_surface_status(s);
	if (cs != CAIRO_STATUS_SUCCESS) {
		eiti_err_set(err, EITI_ERR_IO, "render: cairo: %s",
		    cairo_status_to_string(cs));
		goto out;
	}
	set_metadata(&d, s, o->clock);
	cr = cairo_create(s);
	r_pass_begin(&d, 2, s, cr);
	/* One root element: cairo 1.16 marks the document as tagged only
	 * with a single structure root. */
	r_tag_begin(&d, "Document", NULL);
	r_report(&d);
	if (d.npend > 0)
		r_need(&d, 0);
	r_tag_end(&d, "Document");
	if (r_pass_end(&d) != 0)
		goto out;
	cs = cairo_status(cr);
	if (cs != CAIRO_STATUS_SUCCESS) {
		eiti_err_set(err, EITI_ERR_IO, "render: cairo: %s",
		    cairo_status_to_string(cs));
		goto out;
	}
	cairo_destroy(cr);
	cr = NULL;
	cairo_surface_finish(s);
	cs = cairo_surface_status(s);
	if (cs != CAIRO_STATUS_SUCCESS || w.failed) {
		eiti_err_set(err, EITI_ERR_IO, "render: cairo: %s",
		    cairo_status_to_string(cs != CAIRO_STATUS_SUCCESS
					       ? cs
					       : CAIRO_STATUS_WRITE_ERROR));
		goto out;
	}
	rc = 0;
out:
	if (cr != NULL)
		cairo_destroy(cr);
	if (s != NULL) {
		/* A surface that failed must not be finished again with a
		 * broken stream: finishing is what writes, and the write
		 * callback refuses once failed. */
		w.failed = true;
		cairo_surface_destroy(s);
	}
	if (d.logo != NULL)
		cairo_surface_destroy(d.logo);
	for (i = 0; i < d.nsecs; i++)
		free(d.secs[i].title);
	free(d.run_left);
	free(d.run_right);
	r_fini(&d);
	if (rc != 0 && !eiti_err_isset(err))
		eiti_err_set(err, EITI_ERR_IO, "render: failed");
	return rc;
}
