/*
 * render.h - the only stage that includes cairo and Pango: the PDF report
 * (eitirep(1), render) laid out by our own engine on Pango, wording from
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
	/* What `eitirep verify` needs to know which files the report was
	 * produced from: the SHA-256 (64 hex digits) of the results.xml and
	 * results.csv it comes from, NULL when unknown.  They are printed in
	 * the appendix on verification and stored in the PDF's Info
	 * dictionary (EitirepResultsXml, EitirepResultsCsv); see
	 * eiti_render_hash_inputs(). */
	const char *results_xml_sha256, *results_csv_sha256;
	/* The time of the PDF's dates (core/clock.h, read once by the
	 * caller): required. */
	const struct eiti_clock *clock;
	/* Called after each page is written (may be NULL): page is 1..pages.
	 * Only the CLI prints. */
	void (*progress)(void *ud, int page, int pages);
	void *progress_ud;
};

/* The digests of the files a report rendered from a results.xml comes
 * from: results.xml itself and, when it sits beside it, results.csv. */
struct eiti_render_inputs {
	char results_xml[65], results_csv[65]; /* "" when unknown */
};

/*
 * Hash the results.xml at path, and the results.csv in the same
 * directory when there is one, into in, and point o's digests at them.
 * Errors: EITI_ERR_IO when results.xml cannot be read (a missing
 * results.csv is not an error).
 */
int eiti_render_hash_inputs(struct eiti_render_inputs *in,
    struct eiti_render_opts *o, const char *path, struct eiti_err *err);

/*
 * Render res as PDF into f (through cairo_pdf_surface_create_for_stream;
 * every write checked).  Fails with a clear message and writes nothing
 * usable when no font is available.  CreationDate/ModDate are the
 * clock's time when it is fixed (SOURCE_DATE_EPOCH), else res->generated
 * (else the clock's time), so the same inputs give the same bytes.  The
 * PDF declares its language (/Lang in the catalog) and carries in its
 * Info dictionary the program version, the template's SHA-256, the
 * language, the date (EitirepEpoch), and the SHA-256 of the manifest,
 * results.csv and results.xml when known (EitirepVersion,
 * EitirepTemplates, EitirepLang, EitirepEpoch, EitirepManifest,
 * EitirepResultsCsv, EitirepResultsXml); an XMP packet (the catalog's
 * /Metadata, namespace urn:eitirep:verify:1) repeats them with the
 * results' generation time and every source's href and SHA-256, for
 * `eitirep verify`.  Errors: EITI_ERR_IO (write, no
 * font), EITI_ERR_INVALID (template lacks a text, unreadable logo),
 * EITI_ERR_CONFIG (no template or no clock given).  On error the caller
 * aborts f.
 */
int eiti_render_pdf(const struct eiti_results *res,
    const struct eiti_render_opts *o, struct eiti_afile *f,
    struct eiti_err *err);

#endif
