/*
 * pipeline.c - the stages glued together for `reconcile` and `run`:
 * manifest -> resolve each source (cache/cache.h) -> validate it streaming
 * (validate.h) straight into the engine (reconcile.h) -> adjustments ->
 * results; and the two-file atomic commit of results.csv and results.xml
 * (core/afile.h groups).
 *
 * Disclosures are never held in memory: the validator's sink hands each
 * payment to the engine as it is read.  Every file is validated even
 * after a finding, so the user sees every problem in one run; once any
 * error finding exists the results would be discarded anyway, so the
 * engine stops being fed.  The engine raises its own findings (an
 * overflow) into the same list, at the payment's line and column, so
 * they are printed with the others.  A source that is not available (not
 * in the cache, not matching its pin) is a finding at its <source>
 * element; the others are still validated, and the run then fails with
 * a fetch error (exit 3).
 */
#include "config.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cache/cache.h"
#include "core/afile.h"
#include "core/paths.h"
#include "pipeline/pipeline.h"
#include "reconcile/reconcile.h"
#include "validate/validate.h"

struct feed {
	struct eiti_recon *r;
	struct eiti_diags *diags;
	struct eiti_err *err; /* operational errors stop the read */
};

/* Should the engine see this item?  Not when results are lost anyway: a
 * finding of the engine or of the validator is an error of the run. */
static bool
feeding(const struct feed *f)
{
	return f->diags->errors == 0;
}

static int
on_header(void *ud, const struct eiti_disclosure_hdr *h)
{
	struct feed *f = ud;

	return feeding(f) ? eiti_recon_header(f->r, h, f->err) : 0;
}

static int
on_entity(void *ud, const struct eiti_disclosure_hdr *h,
    const struct eiti_entity_decl *d)
{
	struct feed *f = ud;

	return feeding(f) ? eiti_recon_entity(f->r, h, d, f->err) : 0;
}

static int
on_company(void *ud, const struct eiti_disclosure_hdr *h,
    const struct eiti_company_decl *d)
{
	struct feed *f = ud;

	return feeding(f) ? eiti_recon_company(f->r, h, d, f->err) : 0;
}

static int
on_total(void *ud, const struct eiti_disclosure_hdr *h,
    const struct eiti_total_decl *t)
{
	struct feed *f = ud;

	return feeding(f) ? eiti_recon_total(f->r, h, t, f->err) : 0;
}

static int
on_payment(
    void *ud, const struct eiti_disclosure_hdr *h, const struct eiti_payment *p)
{
	struct feed *f = ud;

	return feeding(f) ? eiti_recon_payment(f->r, h, p, f->err) : 0;
}

/* Resolve a source of manifest m declared at line:col: 0 with *local
 * and *prov set; 1 when it is not available (a finding at its element);
 * -1 with err set when a local file cannot be read. */
static int
resolve(char **local, struct eiti_provenance *prov,
    const struct eiti_manifest *m, const char *href, const char *pin,
    unsigned long line, unsigned long col, const char *cache_dir,
    struct eiti_diags *diags, struct eiti_err *err)
{
	struct eiti_source_problem why;
	int rc;

	rc = eiti_source_resolve(
	    local, prov, href, m->dir, cache_dir, pin, &why, err);
	if (rc > 0)
		eiti_finding(
		    diags, why.rule, m->file, line, col, "%s", why.msg);
	return rc;
}

/* What diagnostics call a source: the local path for files (so an editor
 * can open it), the URL for remote sources. */
static const char *
display_name(const char *href, const char *local)
{
	return eiti_href_is_remote(href) ? href : local;
}

int
eiti_pipeline_reconcile(struct eiti_results **out,
    struct eiti_manifest **manifest_out, const char *manifest_path,
    const char *cache_dir, const struct eiti_clock *clock,
    struct eiti_diags *diags, struct eiti_err *err)
{
	struct eiti_manifest *m = NULL;
	struct eiti_recon *r = NULL;
	struct eiti_adjustments *adj = NULL;
	struct eiti_provenance prov;
	struct feed feed;
	struct eiti_disclosure_sink sink;
	struct eiti_disclosure_ctx ctx;
	char *local = NULL;
	size_t i, unavailable = 0;
	int rc;

	*out = NULL;
	if (manifest_out != NULL)
		*manifest_out = NULL;
	memset(&prov, 0, sizeof(prov));
	rc = eiti_manifest_load(&m, manifest_path, diags, err);
	if (rc != 0)
		goto out;
	rc = eiti_recon_new(&r, m, clock, diags, err);
	if (rc != 0)
		goto out;
	rc = -1;
	eiti_recon_validated(r, manifest_path);

	memset(&feed, 0, sizeof(feed));
	feed.r = r;
	feed.diags = diags;
	feed.err = err;
	memset(&sink, 0, sizeof(sink));
	sink.ud = &feed;
	sink.header = on_header;
	sink.entity = on_entity;
	sink.company = on_company;
	sink.total = on_total;
	sink.payment = on_payment;

	for (i = 0; i < m->nsources; i++) {
		const struct eiti_source_decl *s = &m->sources[i];
		const char *name;
		int src;

		src = resolve(&local, &prov, m, s->href, s->sha256, s->line,
		    s->col, cache_dir, diags, err);
		if (src < 0)
			goto out;
		if (src > 0) {
			/* the others are still validated */
			unavailable++;
			continue;
		}
		name = display_name(s->href, local);
		if (eiti_recon_source(r, s, &prov, err) != 0)
			goto out;
		ctx.manifest = m;
		ctx.expected_role = s->role;
		if (eiti_disclosure_read(
			local, name, &ctx, &sink, diags, err) != 0)
			goto out;
		eiti_recon_validated(r, name);
		free(local);
		local = NULL;
		eiti_provenance_free(&prov);
		memset(&prov, 0, sizeof(prov));
	}

	if (m->adjustments_href != NULL) {
		const char *name;
		int arc;

		arc = resolve(&local, &prov, m, m->adjustments_href,
		    m->adjustments_sha256, m->adjustments_line,
		    m->adjustments_col, cache_dir, diags, err);
		if (arc < 0)
			goto out;
		if (arc > 0) {
			unavailable++;
			goto sources_done;
		}
		name = display_name(m->adjustments_href, local);
		arc = eiti_adjustments_load(&adj, local, name, m, diags, err);
		if (arc < 0)
			goto out;
		eiti_recon_validated(r, name);
		if (feeding(&feed) && eiti_recon_adjustments(r, adj,
					  m->adjustments_href, &prov, err) != 0)
			goto out;
	}
sources_done:
	if (unavailable > 0) {
		/* exit 3, whatever else was found */
		eiti_err_set(err, EITI_ERR_FETCH,
		    "reconcile: %s: not every source is available", m->file);
		goto out;
	}
	rc = eiti_recon_finish(out, r, err);
out:
	free(local);
	eiti_provenance_free(&prov);
	eiti_adjustments_free(adj);
	eiti_recon_free(r);
	if (manifest_out != NULL && m != NULL)
		*manifest_out = m;
	else
		eiti_manifest_free(m);
	return rc;
}

int
eiti_pipeline_write_results(
    const struct eiti_results *res, const char *dir, struct eiti_err *err)
{
	struct eiti_afile_group *g = NULL;
	struct eiti_afile *xml, *csv;

	/* both complete and flushed before either replaces the old file */
	if (eiti_path_mkdirs(dir, err) != 0 ||
	    eiti_afile_group_open(&g, dir, err) != 0 ||
	    eiti_afile_group_add(g, &xml, "results.xml", err) != 0 ||
	    eiti_afile_group_add(g, &csv, "results.csv", err) != 0 ||
	    eiti_results_write_csv(res, csv, err) != 0 ||
	    eiti_results_write_xml(res, xml, err) != 0) {
		eiti_afile_group_abort(g);
		return -1;
	}
	return eiti_afile_group_commit(g, err);
}
