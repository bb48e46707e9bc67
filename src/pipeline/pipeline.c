/*
 * pipeline.c - the stages glued together for `reconcile` and `run`:
 * manifest -> resolve each source (cache/cache.h) -> validate it streaming
 * (validate.h) straight into the engine (reconcile.h) -> adjustments ->
 * results; and the atomic commit of results.csv, results.xml and, when
 * the inputs declare subnational transfers, transfers.csv (core/afile.h
 * groups).
 *
 * Disclosures are never held in memory whole.  The XML sources are
 * validated in parallel by worker threads (parallel.c, at most
 * eiti_pipeline_set_jobs() of them), each into a bounded queue of what
 * its validator hands over and of its findings; the main thread replays
 * the queues in manifest order into the engines and the list of
 * findings, as if the sources had been read one after the other, so that
 * nothing depends on the number of threads.  Every file is validated even
 * after a finding, so the user sees every problem in one run; once any
 * error finding exists the results would be discarded anyway, so the
 * engine stops being fed.  The engine raises its own findings (an
 * overflow) into the same list, at the payment's line and column, so
 * they are printed with the others.  A source that is not available (not
 * in the cache, not matching its pin) is a finding at its <source>
 * element; the others are still validated, and the run then fails with
 * a fetch error (exit 3).
 *
 * Each file is opened once and read once (cache/cache.h): the validator
 * hashes the bytes it parses, and the digest is then checked against the
 * cache's record and the manifest's pin; a mismatch is a finding at the
 * <source> element and fails the run like an unavailable source (the
 * items already fed are lost with the results).  The digest recorded in
 * results.xml is the one computed from the bytes reconciled.  A source
 * whose bytes are those of an earlier source is SRC-DUP.  Diagnostics
 * and results name each file as the manifest writes it (its href).
 *
 * Subnational transfers (EITI Requirement 5.2) have their own engine
 * (reconcile/transfers.h), fed from the same stream: entity declarations
 * go to both engines (to the transfers engine always: the checks of the
 * sharing rules need every declaration, whatever else is wrong),
 * transfers and entitlements to the second, which raises its findings
 * into the same list.
 *
 * A source with a profile is a table (eitirep-manifest(5)): it is
 * imported as `eitirep import` would (import/import.h) and its items go
 * through the validator's feed (eiti_dfeed_*), the same rules as an XML
 * disclosure, into the same sink.  Every finding about it names its cell;
 * the engines' findings, raised at the line and column of the item they
 * were handed, are given the cell's place once the table is read.  The
 * import's summary of each table is returned for the command line to
 * print.
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
#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cache/cache.h"
#include "core/afile.h"
#include "core/arena.h"
#include "core/paths.h"
#include "import/import.h"
#include "model/profile.h"
#include "core/sha256.h"
#include "pipeline/pipeline.h"
#include "reconcile/reconcile.h"
#include "reconcile/transfers.h"
#include "validate/identity.h"
#include "validate/validate.h"
#include "pipeline/internal.h"

struct feed {
	struct eiti_recon *r;
	struct eiti_xfer *x;
	struct eiti_identity *id; /* every declaration and payment */
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

	eiti_identity_entity(f->id, h, d);
	if (eiti_xfer_entity(f->x, h, d, f->err) != 0)
		return -1;
	return feeding(f) ? eiti_recon_entity(f->r, h, d, f->err) : 0;
}

static int
on_company(void *ud, const struct eiti_disclosure_hdr *h,
    const struct eiti_company_decl *d)
{
	struct feed *f = ud;

	eiti_identity_company(f->id, h, d);
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

	eiti_identity_payment(f->id, h, p);
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

static void
reading_bytes(void *ud, const void *p, size_t n)
{
	struct reading *rd = ud;

	eiti_sha256_update(&rd->sha, p, n);
}

/* Open the file: 0 (rd->tap ready for the validator); 1 when it is not
 * available (a finding at its element, and *unavailable counts it); -1
 * with err set when a local file cannot be opened.  pl_reading_close() in
 * every case. */
int
pl_reading_open(struct reading *rd, const struct eiti_manifest *m,
    const char *cache_dir, size_t *unavailable, struct eiti_diags *diags,
    struct eiti_err *err)
{
	struct eiti_source_problem why;
	int rc;

	rc = eiti_source_open(&rd->fd, &rd->prov, rd->href, m->dir, cache_dir,
	    rd->pin, &why, err);
	if (rc > 0) {
		eiti_finding(
		    diags, why.rule, m->file, rd->line, rd->col, "%s", why.msg);
		(*unavailable)++; /* the others are still validated */
	}
	if (rc != 0)
		return rc;
	rd->tap.bytes = reading_bytes;
	rd->tap.ud = rd;
	eiti_sha256_init(&rd->sha);
	return 0;
}

/* ------------------------------------------------------------------ */
/* A source that is a table read through a profile                     */
/* ------------------------------------------------------------------ */

static int
feed_item(void *ud, const struct eiti_item *it)
{
	return eiti_dfeed_item(ud, it);
}

static void
locate(void *ud, unsigned long line, unsigned long col, char *buf, size_t size)
{
	const struct eiti_item_locator *loc = ud;

	loc->where(loc->ud, line, col, buf, size);
}

static void
add_table(struct eiti_pipeline_tables *tables, const char *name,
    const struct eiti_import *im)
{
	struct eiti_pipeline_table *t;

	if (tables == NULL)
		return;
	tables->v = eiti_xrealloc(tables->v, (tables->n + 1) * sizeof(*t));
	t = &tables->v[tables->n++];
	t->file = eiti_xstrdup(name);
	t->summary = eiti_import_summary(im);
}

/*
 * Find and load the profile of source s of manifest m.  Returns 0 with
 * *out set; 1 when it is missing (SRC-PROFILE at the source) or not
 * valid (findings in the profile); -1 with err set.
 */
static int
source_profile(struct eiti_profile **out, const struct eiti_manifest *m,
    const struct eiti_source_decl *s, struct eiti_diags *diags,
    struct eiti_err *err)
{
	char *path = eiti_profile_locate(s->profile, m->dir);
	int rc = 1;

	*out = NULL;
	if (access(path, R_OK) != 0) {
		if (eiti_profile_is_name(s->profile))
			eiti_finding(diags, EITI_RULE_SRC_PROFILE, m->file,
			    s->line, s->col,
			    "source '%s': no profile named '%s' is shipped "
			    "with eitirep (eitirep import --list-profiles)",
			    s->href, s->profile);
		else
			eiti_finding(diags, EITI_RULE_SRC_PROFILE, m->file,
			    s->line, s->col,
			    "source '%s': cannot read the profile '%s'",
			    s->href, s->profile);
	} else {
		rc = eiti_profile_load(out, path, diags, err);
	}
	free(path);
	return rc;
}

/*
 * Open the table read from fd (display name name) through profile prof with
 * the source's parameters.  Returns 0 with *out set; 1 when it cannot be
 * imported (SRC-PARAM at the source for parameters the profile does not
 * accept; findings in the table or a map file); -1 with err set.
 */
static int
open_table(struct eiti_import **out, const struct eiti_profile *prof,
    const struct eiti_manifest *m, const struct eiti_source_decl *s, int fd,
    const char *name, struct eiti_diags *diags, struct eiti_err *err)
{
	struct eiti_import_param *params;
	struct eiti_err e = EITI_ERR_INIT;
	size_t i;
	int k;

	params = eiti_xcalloc(s->nparams + 1, sizeof(*params));
	for (i = 0; i < s->nparams; i++) {
		params[i].name = s->params[i].name;
		params[i].value = s->params[i].value;
	}
	k = eiti_import_open(
	    out, prof, name, name, params, s->nparams, diags, &e);
	free(params);
	if (k == 0)
		eiti_import_use_fd(*out, fd);
	if (k < 0 && e.kind == EITI_ERR_CONFIG) {
		eiti_finding(diags, EITI_RULE_SRC_PARAM, m->file, s->line,
		    s->col, "source '%s', profile '%s': %s", s->href,
		    s->profile,
		    strncmp(e.msg, "import: ", 8) == 0 ? e.msg + 8 : e.msg);
		return 1;
	}
	if (k < 0)
		eiti_err_set(err, e.kind, "%s", e.msg);
	return k;
}

/*
 * Import the table read from fd (display name name) through the source's
 * profile and hand it to sink through the same rules as an XML
 * disclosure (validate's feed).  A profile that cannot be found or
 * loaded, or parameters it does not accept, are findings at the
 * manifest's source (SRC-PROFILE, SRC-PARAM) or in the profile file;
 * the table's own problems are findings at its cells.  profile_sha256
 * gets the profile digest (eiti_import_profile_sha256(), "" when the
 * table was not imported); tables gets the import's summary.  Returns 0
 * (check diags), or -1 with err set on an operational error.
 */
static int
read_table_source(const struct eiti_manifest *m,
    const struct eiti_source_decl *s, int fd, const char *name,
    const struct eiti_disclosure_ctx *ctx,
    const struct eiti_disclosure_sink *sink, char profile_sha256[65],
    struct eiti_pipeline_tables *tables, struct eiti_diags *diags,
    struct eiti_err *err)
{
	struct eiti_profile *prof = NULL;
	struct eiti_import *im = NULL;
	struct eiti_dfeed *feed = NULL;
	struct eiti_item_sink isink;
	size_t first = diags->n;
	int rc;

	profile_sha256[0] = '\0';
	rc = source_profile(&prof, m, s, diags, err);
	if (rc == 0)
		rc = open_table(&im, prof, m, s, fd, name, diags, err);
	if (rc != 0)
		goto out;
	memcpy(profile_sha256, eiti_import_profile_sha256(im), 65);
	rc = -1;
	if (eiti_dfeed_new(
		&feed, eiti_import_locator(im), ctx, sink, diags, err) != 0)
		goto out;
	isink.ud = feed;
	isink.item = feed_item;
	if (eiti_import_run(im, &isink, diags, err) != 0 ||
	    eiti_dfeed_finish(feed) != 0)
		goto out;
	/* The engines' findings name the table's cells too. */
	eiti_diags_relocate(
	    diags, first, name, locate, (void *)eiti_import_locator(im));
	add_table(tables, name, im);
	rc = 0;
out:
	eiti_dfeed_free(feed);
	eiti_import_free(im);
	eiti_profile_free(prof);
	return rc < 0 ? -1 : 0;
}

void
eiti_pipeline_tables_free(struct eiti_pipeline_tables *t)
{
	size_t i;

	if (t == NULL)
		return;
	for (i = 0; i < t->n; i++) {
		free(t->v[i].file);
		free(t->v[i].summary);
	}
	free(t->v);
	t->v = NULL;
	t->n = 0;
}

/* After the file was read: do the bytes read match its record and its
 * pin?  0, or 1 with a finding at its element (and *unavailable counts
 * it).  A file read short of its end (the size cap) has its own finding
 * already. */
int
pl_reading_check(struct reading *rd, const struct eiti_manifest *m,
    size_t *unavailable, struct eiti_diags *diags)
{
	struct eiti_source_problem why;

	eiti_sha256_final_hex(&rd->sha, rd->hex);
	if (!rd->tap.complete) {
		rd->hex[0] = '\0';
		return 0;
	}
	if (eiti_source_check(&rd->prov, rd->href, rd->pin, rd->hex,
		rd->tap.total, &why) == 0)
		return 0;
	eiti_finding(
	    diags, why.rule, m->file, rd->line, rd->col, "%s", why.msg);
	(*unavailable)++;
	return 1;
}

void
pl_reading_close(struct reading *rd)
{
	eiti_sha256_dispose(&rd->sha);
	if (rd->fd >= 0)
		close(rd->fd);
	eiti_provenance_free(&rd->prov);
}

/* Do two sources read their bytes the same way?  Two XML disclosures
 * always do; a table read through a profile is another reading when the
 * profile or one of its parameters differs (one workbook, two sides). */
static bool
same_reading(const struct eiti_source_decl *a, const struct eiti_source_decl *b)
{
	size_t k;

	if ((a->profile == NULL) != (b->profile == NULL))
		return false;
	if (a->profile == NULL)
		return true;
	if (strcmp(a->profile, b->profile) != 0 || a->nparams != b->nparams)
		return false;
	for (k = 0; k < a->nparams; k++)
		if (strcmp(a->params[k].name, b->params[k].name) != 0 ||
		    strcmp(a->params[k].value, b->params[k].value) != 0)
			return false;
	return true;
}

/* The same bytes as an earlier source (SRC-DUP): their payments would be
 * counted twice, whatever the names say.  seen[0..i) are the digests of
 * the sources before source i ("" when not read whole). */
static void
check_same_content(const struct eiti_manifest *m, size_t i, char (*seen)[65],
    struct eiti_diags *diags)
{
	const struct eiti_source_decl *s = &m->sources[i];
	size_t j;

	if (seen[i][0] == '\0')
		return;
	for (j = 0; j < i; j++)
		if (strcmp(seen[j], seen[i]) == 0 &&
		    same_reading(s, &m->sources[j])) {
			eiti_finding(diags, EITI_RULE_SRC_DUP, m->file, s->line,
			    s->col,
			    "source '%s': the same content (sha256 %.12s...) "
			    "as "
			    "the source on line %lu, '%s': its payments would "
			    "be counted twice",
			    s->href, seen[i], m->sources[j].line,
			    m->sources[j].href);
			return;
		}
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

/* A table is read whole through the tap first (its digest), then
 * imported from the start of the same open file. */
static int
reading_whole(struct reading *rd, struct eiti_err *err)
{
	char buf[65536];

	for (;;) {
		ssize_t n = read(rd->fd, buf, sizeof(buf));

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return eiti_err_set(err, EITI_ERR_IO,
			    "reconcile: cannot read %s: %s", rd->href,
			    eiti_errno_text(errno));
		if (n == 0)
			break;
		rd->tap.bytes(rd->tap.ud, buf, (size_t)n);
		rd->tap.total += n;
	}
	rd->tap.complete = true;
	return 0;
}

/* Read one source once, streaming it into the engines: an XML
 * disclosure, or a table through its profile.  Returns 0 (available or
 * not: *unavailable counts the sources that are not), -1 with err set on
 * an operational error. */
static int
read_source(struct eiti_recon *r, const struct eiti_manifest *m, size_t i,
    const char *cache_dir, const struct eiti_disclosure_sink *sink,
    char (*seen)[65], size_t *unavailable, struct eiti_pipeline_tables *tables,
    struct eiti_diags *diags, struct eiti_err *err)
{
	const struct eiti_source_decl *s = &m->sources[i];
	struct reading rd = {.href = s->href,
	    .pin = s->sha256,
	    .line = s->line,
	    .col = s->col,
	    .fd = -1};
	struct eiti_disclosure_ctx ctx = {m, s->role};
	char psha[65];
	int rc;

	rc = pl_reading_open(&rd, m, cache_dir, unavailable, diags, err);
	if (rc != 0)
		goto out;
	rc = -1;
	/* Diagnostics name the file as the manifest writes it. */
	if (eiti_recon_source(r, s, &rd.prov, err) != 0)
		goto out;
	if (s->profile != NULL) {
		if (reading_whole(&rd, err) != 0 ||
		    read_table_source(m, s, rd.fd, s->href, &ctx, sink, psha,
			tables, diags, err) != 0 ||
		    eiti_recon_source_profile(r, psha, err) != 0)
			goto out;
	} else if (eiti_disclosure_read_fd(
		       rd.fd, s->href, &ctx, sink, diags, &rd.tap, err) != 0) {
		goto out;
	}
	eiti_recon_validated(r, s->href);
	rc = 0;
	if (pl_reading_check(&rd, m, unavailable, diags) == 0) {
		memcpy(seen[i], rd.hex, sizeof(seen[i]));
		check_same_content(m, i, seen, diags);
		rc = eiti_recon_source_provenance(r, &rd.prov, err);
	}
out:
	pl_reading_close(&rd);
	return rc < 0 ? -1 : 0;
}

/* The steps of an XML source read by a worker, done by the main thread
 * where read_source() does them. */
struct steps_ud {
	struct eiti_recon *r;
	const struct eiti_source_decl *s;
};

static int
step_opened(void *ud, const struct eiti_provenance *prov, struct eiti_err *err)
{
	struct steps_ud *u = ud;

	return eiti_recon_source(u->r, u->s, prov, err);
}

static void
step_validated(void *ud)
{
	struct steps_ud *u = ud;

	eiti_recon_validated(u->r, u->s->href);
}

/* read_source() for an XML source that a worker of pool read: its
 * findings and items replayed into diags and the engines, in the order
 * read_source() would have made and fed them. */
static int
replay_source(struct eiti_recon *r, const struct eiti_manifest *m, size_t i,
    struct pl_pool *pool, const struct eiti_disclosure_sink *sink,
    char (*seen)[65], size_t *unavailable, struct eiti_diags *diags,
    struct eiti_err *err)
{
	struct steps_ud u = {r, &m->sources[i]};
	struct pl_steps steps = {&u, step_opened, step_validated};
	struct reading *rd;
	bool checked;

	if (pl_pool_replay(pool, i, sink, &steps, &rd, &checked, unavailable,
		diags, err) != 0)
		return -1;
	if (!checked)
		return 0;
	memcpy(seen[i], rd->hex, sizeof(seen[i]));
	check_same_content(m, i, seen, diags);
	return eiti_recon_source_provenance(r, &rd->prov, err);
}

static unsigned pipeline_jobs; /* 0: the online CPUs */

void
eiti_pipeline_set_jobs(unsigned jobs)
{
	pipeline_jobs = jobs;
}

/* Read the adjustments file once, like a source; *adj is set when it is
 * valid.  Its companies and entities must be declared by the
 * disclosures read (id; ADJ-PARTY). */
static int
read_adjustments(struct eiti_recon *r, struct eiti_adjustments **adj,
    const struct eiti_manifest *m, const struct eiti_identity *id,
    const char *cache_dir, size_t *unavailable, struct eiti_diags *diags,
    struct eiti_err *err)
{
	struct reading rd = {.href = m->adjustments_href,
	    .pin = m->adjustments_sha256,
	    .line = m->adjustments_line,
	    .col = m->adjustments_col,
	    .fd = -1};
	int rc;

	rc = pl_reading_open(&rd, m, cache_dir, unavailable, diags, err);
	if (rc != 0)
		goto out;
	rc = eiti_adjustments_load_fd(
	    adj, rd.fd, rd.href, m, diags, &rd.tap, err);
	if (rc < 0)
		goto out;
	if (*adj != NULL && *unavailable == 0) /* else parties are missing */
		eiti_identity_parties(id, *adj, diags);
	eiti_recon_validated(r, rd.href);
	rc = 0;
	if (pl_reading_check(&rd, m, unavailable, diags) == 0 &&
	    diags->errors == 0) /* else the results are lost anyway */
		rc = eiti_recon_adjustments(r, *adj, rd.href, &rd.prov, err);
out:
	pl_reading_close(&rd);
	return rc < 0 ? -1 : 0;
}

int
eiti_pipeline_reconcile(struct eiti_results **out,
    struct eiti_manifest **manifest_out, const char *manifest_path,
    const char *cache_dir, const struct eiti_clock *clock,
    struct eiti_pipeline_tables *tables, struct eiti_diags *diags,
    struct eiti_err *err)
{
	struct eiti_manifest *m = NULL;
	struct eiti_recon *r = NULL;
	struct eiti_xfer *x = NULL;
	struct eiti_adjustments *adj = NULL;
	struct feed feed = {.id = NULL};
	struct eiti_disclosure_sink sink;
	char(*seen)[65] = NULL;
	struct pl_pool *pool = NULL;
	size_t i, unavailable = 0;
	int rc;

	*out = NULL;
	if (manifest_out != NULL)
		*manifest_out = NULL;
	rc = eiti_manifest_load(&m, manifest_path, diags, err);
	if (rc != 0)
		goto out;
	rc = eiti_recon_new(&r, m, clock, diags, err);
	if (rc != 0)
		goto out;
	rc = -1;
	if (eiti_xfer_new(&x, m, diags, err) != 0)
		goto out;
	eiti_recon_validated(r, m->file);

	feed_init(&feed, &sink, r, x, diags, err);
	feed.id = eiti_identity_new(m);
	seen = eiti_xcalloc(m->nsources + 1, sizeof(*seen));
	if (pl_pool_start(&pool, m, cache_dir, pipeline_jobs, err) != 0)
		goto out;
	for (i = 0; i < m->nsources; i++) {
		if (m->sources[i].profile == NULL) {
			if (replay_source(r, m, i, pool, &sink, seen,
				&unavailable, diags, err) != 0)
				goto out;
			continue;
		}
		pl_pool_at(pool, i);
		if (read_source(r, m, i, cache_dir, &sink, seen, &unavailable,
			tables, diags, err) != 0)
			goto out;
	}
	pl_pool_at(pool, m->nsources);
	/* Every source is replayed: the queues' memory goes back before
	 * the results are built (the peak of a large run). */
	pl_pool_free(pool);
	pool = NULL;
	eiti_identity_check(feed.id, diags);
	eiti_heap_trim();
	if (m->adjustments_href != NULL &&
	    read_adjustments(
		r, &adj, m, feed.id, cache_dir, &unavailable, diags, err) != 0)
		goto out;
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
	pl_pool_free(pool);
	free(seen);
	eiti_identity_free(feed.id);
	eiti_xfer_free(x);
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

struct csv_job {
	const struct eiti_results *res;
	struct eiti_afile *f;
	struct eiti_err err;
	int rc;
};

static void *
write_csv_job(void *arg)
{
	struct csv_job *j = arg;

	j->rc = eiti_results_write_csv(j->res, j->f, &j->err);
	return NULL;
}

int
eiti_pipeline_write_pair(const struct eiti_results *res, struct eiti_afile *xml,
    struct eiti_afile *csv, struct eiti_err *err)
{
	struct csv_job j = {res, csv, EITI_ERR_INIT, 0};
	pthread_t t;
	bool threaded;
	int rc;

	/* The writers only read res; each has its own file. */
	threaded = pthread_create(&t, NULL, write_csv_job, &j) == 0;
	rc = eiti_results_write_xml(res, xml, err);
	if (threaded)
		pthread_join(t, NULL);
	else
		write_csv_job(&j);
	if (rc == 0 && j.rc != 0)
		rc = eiti_err_set(err, j.err.kind, "%s", j.err.msg);
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
	    eiti_pipeline_write_pair(res, xml, csv, err) != 0) {
		eiti_afile_group_abort(g);
		return -1;
	}
	if (eiti_afile_group_commit(g, err) != 0)
		return -1;
	return eiti_pipeline_remove_stale(res, dir, err);
}
