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
 * engine stops being fed.  An engine failure on data (an overflow) is
 * turned into a finding at the payment's line, so it is printed with the
 * others instead of hiding the findings of the files not yet read.
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
	bool dead;	      /* the engine failed on data: stop feeding */
};

/* Should the engine see this item?  Not when results are lost anyway. */
static bool
feeding(const struct feed *f)
{
	return !f->dead && f->diags->errors == 0;
}

/* An engine error while reading: a finding for data errors (the message
 * without its "reconcile: FILE:LINE: " prefix, which the finding gives),
 * else an operational error that stops the read. */
static int
engine_failed(struct feed *f, const char *file, unsigned long line,
    const struct eiti_err *e)
{
	const char *msg = e->msg;
	char prefix[1200];

	if (e->kind != EITI_ERR_INVALID) {
		eiti_err_set(f->err, e->kind, "%s", e->msg);
		return -1;
	}
	snprintf(prefix, sizeof(prefix), "reconcile: %s:%lu: ", file, line);
	if (strncmp(msg, prefix, strlen(prefix)) == 0)
		msg += strlen(prefix);
	else if (strncmp(msg, "reconcile: ", 11) == 0)
		msg += 11;
	eiti_diag_add(
	    f->diags, EITI_SEV_ERROR, file, line, 0, "RECON", "%s", msg);
	f->dead = true;
	return 0;
}

static int
on_header(void *ud, const struct eiti_disclosure_hdr *h)
{
	struct feed *f = ud;
	struct eiti_err e = EITI_ERR_INIT;

	if (feeding(f) && eiti_recon_header(f->r, h, &e) != 0)
		return engine_failed(f, h->file, 0, &e);
	return 0;
}

static int
on_entity(void *ud, const struct eiti_disclosure_hdr *h,
    const struct eiti_entity_decl *d)
{
	struct feed *f = ud;
	struct eiti_err e = EITI_ERR_INIT;

	if (feeding(f) && eiti_recon_entity(f->r, h, d, &e) != 0)
		return engine_failed(f, h->file, d->line, &e);
	return 0;
}

static int
on_company(void *ud, const struct eiti_disclosure_hdr *h,
    const struct eiti_company_decl *d)
{
	struct feed *f = ud;
	struct eiti_err e = EITI_ERR_INIT;

	if (feeding(f) && eiti_recon_company(f->r, h, d, &e) != 0)
		return engine_failed(f, h->file, d->line, &e);
	return 0;
}

static int
on_total(void *ud, const struct eiti_disclosure_hdr *h,
    const struct eiti_total_decl *t)
{
	struct feed *f = ud;
	struct eiti_err e = EITI_ERR_INIT;

	if (feeding(f) && eiti_recon_total(f->r, h, t, &e) != 0)
		return engine_failed(f, h->file, t->line, &e);
	return 0;
}

static int
on_payment(
    void *ud, const struct eiti_disclosure_hdr *h, const struct eiti_payment *p)
{
	struct feed *f = ud;
	struct eiti_err e = EITI_ERR_INIT;

	if (feeding(f) && eiti_recon_payment(f->r, h, p, &e) != 0)
		return engine_failed(f, h->file, p->line, &e);
	return 0;
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
	size_t i;
	int rc;

	*out = NULL;
	if (manifest_out != NULL)
		*manifest_out = NULL;
	memset(&prov, 0, sizeof(prov));
	rc = eiti_manifest_load(&m, manifest_path, diags, err);
	if (rc != 0)
		goto out;
	rc = -1;
	if (eiti_recon_new(&r, m, clock, err) != 0)
		goto out;
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

		if (eiti_source_resolve(&local, &prov, s->href, m->dir,
			cache_dir, s->sha256, err) != 0)
			goto out;
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

		if (eiti_source_resolve(&local, &prov, m->adjustments_href,
			m->dir, cache_dir, m->adjustments_sha256, err) != 0)
			goto out;
		name = display_name(m->adjustments_href, local);
		arc = eiti_adjustments_load(&adj, local, name, m, diags, err);
		if (arc < 0)
			goto out;
		eiti_recon_validated(r, name);
		if (feeding(&feed) && eiti_recon_adjustments(r, adj,
					  m->adjustments_href, &prov, err) != 0)
			goto out;
	}
	if (diags->errors > 0) {
		rc = 1;
		goto out;
	}
	eiti_recon_warnings(r, diags);
	if (eiti_recon_finish(out, r, diags, err) != 0)
		goto out;
	rc = 0;
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
