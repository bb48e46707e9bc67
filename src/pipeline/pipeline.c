/*
 * pipeline.c - the stages glued together for `reconcile` and `run`:
 * manifest -> resolve each source (cache/cache.h) -> validate it streaming
 * (validate.h) straight into the engine (reconcile.h) -> adjustments ->
 * results; and the atomic commit of results.csv, results.xml and, when
 * the inputs declare subnational transfers, transfers.csv (core/afile.h
 * groups).
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
 *
 * Subnational transfers (EITI Requirement 5.2) have their own engine
 * (reconcile/transfers.h), fed from the same stream: entity declarations
 * go to both engines (to the transfers engine always: the checks of the
 * sharing rules need every declaration, whatever else is wrong),
 * transfers and entitlements to the second, which raises its findings
 * into the same list.
 *
 * transfers.csv exists only for results that have transfers.  Written,
 * it is committed with the other outputs (before them, so that the
 * results.csv a reader sees last is never older than it); when the new
 * results have none, a transfers.csv left by an earlier run in the
 * directory is removed once the new results are in place, so the
 * directory never pairs them with outdated transfers.  A failed run
 * removes nothing.
 */
#include "config.h"

#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cache/cache.h"
#include "core/afile.h"
#include "core/paths.h"
#include "pipeline/pipeline.h"
#include "reconcile/reconcile.h"
#include "reconcile/transfers.h"
#include "validate/validate.h"

struct feed {
	struct eiti_recon *r;
	struct eiti_xfer *x;
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

	if (eiti_xfer_entity(f->x, h, d, f->err) != 0)
		return -1;
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

static int
on_transfer(void *ud, const struct eiti_disclosure_hdr *h,
    const struct eiti_transfer *t)
{
	struct feed *f = ud;

	return feeding(f) ? eiti_xfer_transfer(f->x, h, t, f->err) : 0;
}

static int
on_entitlement(void *ud, const struct eiti_disclosure_hdr *h,
    const struct eiti_entitlement *e)
{
	struct feed *f = ud;

	return feeding(f) ? eiti_xfer_entitlement(f->x, h, e, f->err) : 0;
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

/* The sink that streams a disclosure's items into the engines. */
static void
feed_init(struct feed *feed, struct eiti_disclosure_sink *sink,
    struct eiti_recon *r, struct eiti_xfer *x, struct eiti_diags *diags,
    struct eiti_err *err)
{
	memset(feed, 0, sizeof(*feed));
	feed->r = r;
	feed->x = x;
	feed->diags = diags;
	feed->err = err;
	memset(sink, 0, sizeof(*sink));
	sink->ud = feed;
	sink->header = on_header;
	sink->entity = on_entity;
	sink->company = on_company;
	sink->total = on_total;
	sink->payment = on_payment;
	sink->transfer = on_transfer;
	sink->entitlement = on_entitlement;
}

int
eiti_pipeline_reconcile(struct eiti_results **out,
    struct eiti_manifest **manifest_out, const char *manifest_path,
    const char *cache_dir, const struct eiti_clock *clock,
    struct eiti_diags *diags, struct eiti_err *err)
{
	struct eiti_manifest *m = NULL;
	struct eiti_recon *r = NULL;
	struct eiti_xfer *x = NULL;
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
	if (eiti_xfer_new(&x, m, diags, err) != 0)
		goto out;
	eiti_recon_validated(r, manifest_path);

	feed_init(&feed, &sink, r, x, diags, err);

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
	rc = -1;
	if (eiti_xfer_check(x, err) != 0)
		goto out;
	rc = eiti_recon_finish(out, r, err);
	if (rc == 0) {
		rc = eiti_xfer_finish(*out, x, err);
		if (rc != 0) {
			eiti_results_free(*out);
			*out = NULL;
		}
	}
out:
	eiti_xfer_free(x);
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
eiti_pipeline_add_transfers(struct eiti_afile_group *g,
    const struct eiti_results *res, struct eiti_err *err)
{
	struct eiti_afile *f;

	if (res->transfers == NULL)
		return 0;
	if (eiti_afile_group_add(g, &f, "transfers.csv", err) != 0)
		return -1;
	return eiti_transfers_write_csv(res, f, err);
}

int
eiti_pipeline_remove_stale(
    const struct eiti_results *res, const char *dir, struct eiti_err *err)
{
	char *path;
	int rc = 0;

	if (res->transfers != NULL)
		return 0;
	path = eiti_path_join(dir, "transfers.csv");
	if (unlink(path) != 0 && errno != ENOENT)
		rc = eiti_err_set(err, EITI_ERR_IO,
		    "%s: cannot remove the transfers of an earlier run: %s",
		    path, strerror(errno));
	free(path);
	return rc;
}

int
eiti_pipeline_write_results(
    const struct eiti_results *res, const char *dir, struct eiti_err *err)
{
	struct eiti_afile_group *g = NULL;
	struct eiti_afile *xml, *csv;

	/* all complete and flushed before any replaces the old file */
	if (eiti_path_mkdirs(dir, err) != 0 ||
	    eiti_afile_group_open(&g, dir, err) != 0 ||
	    eiti_pipeline_add_transfers(g, res, err) != 0 ||
	    eiti_afile_group_add(g, &xml, "results.xml", err) != 0 ||
	    eiti_afile_group_add(g, &csv, "results.csv", err) != 0 ||
	    eiti_results_write_csv(res, csv, err) != 0 ||
	    eiti_results_write_xml(res, xml, err) != 0) {
		eiti_afile_group_abort(g);
		return -1;
	}
	if (eiti_afile_group_commit(g, err) != 0)
		return -1;
	return eiti_pipeline_remove_stale(res, dir, err);
}
