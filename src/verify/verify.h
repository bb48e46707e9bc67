/*
 * verify.h - `eitirep verify`: does a published report come from the
 * published data?
 *
 * A library of its own (libeitiverify.a), above the pipeline: it reads
 * what the report states (the PDF's XMP packet, written by the render
 * stage, read back through poppler - the only code that calls poppler;
 * or a published results.xml), reconciles again through the pipeline
 * with the report's own date, renders again with its own language, and
 * compares.  Nothing is written but into the directory the caller gives
 * (a temporary one it removes).
 *
 * A report from elsewhere is hostile: the file is capped
 * (EITI_VERIFY_MAX_REPORT) before poppler sees it, the XMP packet is
 * capped and read with the validate stage's safe parser (no DTD, bounded
 * depth and size), and every field is checked for its shape.  Poppler
 * only opens the document (cross-reference table, catalog, metadata
 * stream); no page is rendered, so time and memory are bounded by the
 * file's size.  Limits on the process itself (setrlimit) are the
 * caller's: they are not set here.
 */
#ifndef EITI_VERIFY_VERIFY_H
#define EITI_VERIFY_VERIFY_H

#include <stdbool.h>
#include <stddef.h>

#include "core/diag.h"
#include "core/err.h"

/* The largest report (PDF or results.xml) verify reads: 256 MiB. */
#define EITI_VERIFY_MAX_REPORT (256ull << 20)

/* One source as the report states it. */
struct eiti_verify_source {
	char *href;	 /* as the manifest writes it */
	char sha256[65]; /* lowercase hex */
};

/* What a report says it was produced from. */
struct eiti_verify_claim {
	bool is_pdf; /* else a results.xml */
	char *version, *templates, *lang, *manifest, *results_csv,
	    *results_xml;    /* "" when not stated */
	long long epoch;     /* the production date, seconds */
	long long generated; /* the results' generation time, seconds */
	struct eiti_verify_source *src;
	size_t nsrc;
	char *bytes; /* the file itself, for the byte comparison */
	size_t nbytes;
};

/*
 * Read the report at path: a PDF (by its "%PDF-" header) through poppler
 * and its XMP packet, else a results.xml (validated as `render` does).
 * Returns 0 with c filled, 1 when the file is invalid (findings in diags
 * for a results.xml or the packet's XML), -1 with err set: EITI_ERR_INVALID
 * (not a PDF poppler can open, encrypted, too large, no eitirep data),
 * EITI_ERR_IO (cannot be read).  Free c with eiti_verify_claim_free()
 * whatever the return.
 */
int eiti_verify_read_claim(struct eiti_verify_claim *c, const char *path,
    struct eiti_diags *diags, struct eiti_err *err);
void eiti_verify_claim_free(struct eiti_verify_claim *c);

struct eiti_verify_opts {
	const char *manifest;	   /* MANIFEST */
	const char *report;	   /* the PDF or results.xml */
	const char *cache_dir;	   /* NULL: the default cache */
	const char *results_dir;   /* --results DIR, or NULL */
	const char *templates_dir; /* NULL: the installed templates */
	const char *tmpdir;	   /* existing, empty; the caller removes it */
	/* The sources were fetched afresh (--fetch): their provenance has
	 * other retrieval times, so the report's bytes cannot agree; the
	 * figures are compared through results.csv's SHA-256 instead. */
	bool fresh;
};

/* The verdict: every difference found (one line each, in the order
 * manifest, sources, results.csv, templates, bytes), or the line that
 * says the report is verified. */
struct eiti_verify_outcome {
	char **diff;
	size_t ndiff;
	char *verified; /* set when ndiff is 0 */
};

/*
 * Verify o->report against o->manifest.  Returns 0 with out set (verified
 * when out->ndiff is 0); 1 when the manifest or a source is invalid or the
 * report is (findings in diags); -1 with err set: EITI_ERR_INVALID (the
 * report cannot be read as one), EITI_ERR_FETCH (a source is not in the
 * cache), EITI_ERR_IO.  Free out with eiti_verify_outcome_free().
 */
int eiti_verify(struct eiti_verify_outcome *out,
    const struct eiti_verify_opts *o, struct eiti_diags *diags,
    struct eiti_err *err);
void eiti_verify_outcome_free(struct eiti_verify_outcome *out);

/* Internal: add one difference line (printf-like) to out. */
void eiti_verify_diff(struct eiti_verify_outcome *out, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* Internal (csvdiff.c): compare the published results.csv at published
 * with the recomputed one at ours, key by key; every difference goes to
 * out, named "PUBLISHED:LINE: ...".  Returns 0, or -1 with err set when a
 * file cannot be read. */
int eiti_verify_csv(struct eiti_verify_outcome *out, const char *published,
    const char *ours, struct eiti_diags *diags, struct eiti_err *err);

#endif
