/*
 * pipeline.c - the stages glued together for `reconcile` and `run`:
 * manifest -> resolve each source (cache.h) -> validate it streaming
 * (validate.h) straight into the engine (reconcile.h) -> adjustments ->
 * results; and the two-file atomic commit of results.csv and results.xml.
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
#include <unistd.h>

#include "cli/pipeline.h"
#include "core/afile.h"
#include "core/cache.h"
#include "core/paths.h"
#include "import/import.h"
#include "model/profile.h"
#include "reconcile/reconcile.h"
#include "validate/validate.h"

struct feed {
	struct eiti_recon *r;
	struct eiti_diags *diags;
	struct eiti_err *err; /* operational errors stop the read */
	bool dead;	      /* the engine failed on data: stop feeding */
	/* an imported table: where its rows are (else lines of a file) */
	const struct eiti_item_locator *loc;
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
	if (f->loc != NULL) {
		char where[160];

		f->loc->where(f->loc->ud, line, 0, where, sizeof(where));
		eiti_diag_add_at(
		    f->diags, EITI_SEV_ERROR, file, where, "RECON", "%s", msg);
	} else {
		eiti_diag_add(f->diags, EITI_SEV_ERROR, file, line, 0, "RECON",
		    "%s", msg);
	}
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

/* ------------------------------------------------------------------ */
/* A source that is a table read through a profile (SPEC 3.2, 11)      */
/* ------------------------------------------------------------------ */

static int
feed_item(void *ud, const struct eiti_item *it)
{
	return eiti_dfeed_item(ud, it);
}

/*
 * Import the table at local (display name name) through the source's
 * profile and hand it to sink through the same rules as an XML
 * disclosure (validate's feed).  A profile that cannot be found or
 * loaded, or parameters it does not accept, are findings at the
 * manifest's source (SRC-PROFILE, SRC-PARAM) or in the profile file;
 * the table's own problems are findings at its cells.  profile_sha256
 * gets the profile file's digest ("" when it was not loaded).  Returns
 * 0 (check diags), or -1 with err set on an operational error.
 */
static int
read_table_source(const struct eiti_manifest *m,
    const struct eiti_source_decl *s, const char *local, const char *name,
    const struct eiti_disclosure_ctx *ctx,
    const struct eiti_disclosure_sink *sink, char profile_sha256[65],
    struct eiti_diags *diags, struct eiti_err *err)
{
	struct eiti_profile *prof = NULL;
	struct eiti_import *im = NULL;
	struct eiti_dfeed *feed = NULL;
	struct eiti_import_param *params = NULL;
	struct eiti_item_sink isink;
	struct eiti_err e = EITI_ERR_INIT;
	char *path = eiti_profile_locate(s->profile, m->dir);
	size_t i;
	int rc = -1, k;

	profile_sha256[0] = '\0';
	if (access(path, R_OK) != 0) {
		eiti_diag_add(diags, EITI_SEV_ERROR, m->file, s->line, 0,
		    "SRC-PROFILE",
		    eiti_profile_is_name(s->profile)
			? "source '%s': no profile named '%s' is shipped "
			  "with eitirep (eitirep import --list-profiles)"
			: "source '%s': cannot read the profile '%s'",
		    s->href, s->profile);
		rc = 0;
		goto out;
	}
	k = eiti_profile_load(&prof, path, diags, err);
	if (k != 0) {
		rc = k < 0 ? -1 : 0;
		goto out;
	}
	memcpy(profile_sha256, prof->sha256, 65);
	params = eiti_xcalloc(s->nparams + 1, sizeof(*params));
	for (i = 0; i < s->nparams; i++) {
		params[i].name = s->params[i].name;
		params[i].value = s->params[i].value;
	}
	k = eiti_import_open(
	    &im, prof, local, name, params, s->nparams, diags, &e);
	if (k < 0 && e.kind == EITI_ERR_CONFIG) {
		eiti_diag_add(diags, EITI_SEV_ERROR, m->file, s->line, 0,
		    "SRC-PARAM", "source '%s', profile '%s': %s", s->href,
		    s->profile,
		    strncmp(e.msg, "import: ", 8) == 0 ? e.msg + 8 : e.msg);
		rc = 0;
		goto out;
	}
	if (k != 0) {
		if (k < 0)
			eiti_err_set(err, e.kind, "%s", e.msg);
		rc = k < 0 ? -1 : 0;
		goto out;
	}
	/* The engine's findings name the table's rows. */
	((struct feed *)sink->ud)->loc = eiti_import_locator(im);
	eiti_dfeed_new(&feed, eiti_import_locator(im), ctx, sink, diags, err);
	isink.ud = feed;
	isink.item = feed_item;
	if (eiti_import_run(im, &isink, diags, err) != 0 ||
	    eiti_dfeed_finish(feed) != 0)
		goto out;
	rc = 0;
out:
	((struct feed *)sink->ud)->loc = NULL;
	eiti_dfeed_free(feed);
	eiti_import_free(im);
	eiti_profile_free(prof);
	free(params);
	free(path);
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
    const char *cache_dir, struct eiti_diags *diags, struct eiti_err *err)
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
	if (eiti_recon_new(&r, m, err) != 0)
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
		if (s->profile != NULL) {
			char psha[65];

			if (read_table_source(m, s, local, name, &ctx, &sink,
				psha, diags, err) != 0 ||
			    eiti_recon_source_profile(r, psha, err) != 0)
				goto out;
		} else if (eiti_disclosure_read(
			       local, name, &ctx, &sink, diags, err) != 0) {
			goto out;
		}
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
	struct eiti_afile *csv = NULL, *xml = NULL;
	char *csv_path = eiti_path_join(dir, "results.csv");
	char *xml_path = eiti_path_join(dir, "results.xml");
	int rc = -1;

	/* both complete and flushed before either replaces the old file */
	if (eiti_afile_open(&csv, csv_path, err) != 0 ||
	    eiti_afile_open(&xml, xml_path, err) != 0 ||
	    eiti_results_write_csv(res, csv, err) != 0 ||
	    eiti_results_write_xml(res, xml, err) != 0 ||
	    eiti_afile_close(csv, err) != 0 || eiti_afile_close(xml, err) != 0)
		goto out;
	rc = eiti_afile_commit(xml, err);
	xml = NULL;
	if (rc == 0) {
		rc = eiti_afile_commit(csv, err);
		csv = NULL;
	}
out:
	eiti_afile_abort(csv);
	eiti_afile_abort(xml);
	free(csv_path);
	free(xml_path);
	return rc;
}
