/*
 * render.h - the only stage that includes cairo and Pango: the PDF report
 * (SPEC section 8) laid out by our own engine on Pango, wording from
 * templates/.
 */
#ifndef EITI_RENDER_RENDER_H
#define EITI_RENDER_RENDER_H

#include "core/afile.h"
#include "core/clock.h"
#include "core/err.h"
#include "model/results.h"
#include "model/template.h"

struct eiti_render_opts {
	const char *lang;	   /* NULL: the results' lang */
	const char *templates_dir; /* NULL: eiti_datadir()/templates */
	/* The wording: required.  Render cannot read XML itself (only
	 * validate includes libxml2), so the caller loads it with
	 * eiti_template_load_lang(&t, templates_dir, lang, err) from
	 * validate/template_load.h; lang and templates_dir are for that
	 * call. */
	const struct eiti_template *tmpl;
	/* The time of the PDF's dates (core/clock.h, read once by the
	 * caller): required. */
	const struct eiti_clock *clock;
	/* Called after each page is written (may be NULL): page is 1..pages.
	 * Only the CLI prints. */
	void (*progress)(void *ud, int page, int pages);
	void *progress_ud;
};

/*
 * Render res as PDF into f (through cairo_pdf_surface_create_for_stream;
 * every write checked).  Fails with a clear message and writes nothing
 * usable when no font is available.  CreationDate/ModDate are the
 * clock's time when it is fixed (SOURCE_DATE_EPOCH), else res->generated
 * (else the clock's time), so the same inputs give the same bytes.
 * Errors: EITI_ERR_IO (write, no font), EITI_ERR_INVALID (template lacks
 * a text, unreadable logo), EITI_ERR_CONFIG (no template or no clock
 * given).  On error the caller aborts f.
 */
int eiti_render_pdf(const struct eiti_results *res,
    const struct eiti_render_opts *o, struct eiti_afile *f,
    struct eiti_err *err);

#endif
