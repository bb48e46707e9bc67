/*
 * verify.c - reconcile again through the pipeline, with the report's own
 * date, render again with its own language and templates, and compare:
 * the manifest and every source by SHA-256, the published results.csv key
 * by key (--results), then the report itself byte for byte.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/afile.h"
#include "core/clock.h"
#include "core/hash.h"
#include "core/paths.h"
#include "core/sha256.h"
#include "pipeline/pipeline.h"
#include "reconcile/reconcile.h"
#include "render/render.h"
#include "validate/template_load.h"
#include "validate/validate.h"
#include "verify/verify.h"

void
eiti_verify_diff(struct eiti_verify_outcome *out, const char *fmt, ...)
{
	va_list ap;
	char *s = NULL;

	va_start(ap, fmt);
	if (vasprintf(&s, fmt, ap) < 0)
		s = eiti_xstrdup("(out of memory)");
	va_end(ap);
	out->diff = eiti_xrealloc(out->diff, (out->ndiff + 1) * sizeof(char *));
	out->diff[out->ndiff++] = s;
}

void
eiti_verify_outcome_free(struct eiti_verify_outcome *out)
{
	size_t i;

	for (i = 0; i < out->ndiff; i++)
		free(out->diff[i]);
	free(out->diff);
	free(out->verified);
	memset(out, 0, sizeof(*out));
}

/* The manifest and every source, by SHA-256, against what the report
 * states; sources are matched by href. */
static void
compare_inputs(struct eiti_verify_outcome *out,
    const struct eiti_verify_claim *c, const struct eiti_results *res,
    const struct eiti_verify_opts *o)
{
	struct eiti_strmap *m = eiti_strmap_of_array(
	    res->nsources > 0 ? (const void *)&res->sources[0].href : NULL,
	    sizeof(res->sources[0]), res->nsources);
	bool *seen = eiti_xcalloc(res->nsources + 1, sizeof(bool));
	size_t i, k;

	if (c->manifest[0] != '\0' && res->manifest_sha256 != NULL &&
	    strcmp(c->manifest, res->manifest_sha256) != 0)
		eiti_verify_diff(out,
		    "%s: not the manifest the report was produced from: "
		    "SHA-256 %s, the report states %s",
		    o->manifest, res->manifest_sha256, c->manifest);
	for (i = 0; i < c->nsrc; i++) {
		k = eiti_strmap_index(m, c->src[i].href);
		if (k == SIZE_MAX) {
			eiti_verify_diff(out,
			    "%s: a source of the report, not in %s",
			    c->src[i].href, o->manifest);
			continue;
		}
		seen[k] = true;
		if (strcmp(c->src[i].sha256, res->sources[k].sha256) != 0)
			eiti_verify_diff(out,
			    "%s: SHA-256 differs: the report states %s, the "
			    "source is %s",
			    c->src[i].href, c->src[i].sha256,
			    res->sources[k].sha256);
	}
	for (k = 0; k < res->nsources; k++)
		if (!seen[k])
			eiti_verify_diff(out,
			    "%s: a source of %s, not in the report",
			    res->sources[k].href, o->manifest);
	free(seen);
	eiti_strmap_free(m);
}

/* Whether the file at path holds exactly buf[0..n). */
static int
same_bytes(const char *path, const char *buf, size_t n, bool *same,
    struct eiti_err *err)
{
	char chunk[65536];
	size_t off = 0;
	ssize_t k;
	int fd = open(path, O_RDONLY | O_CLOEXEC);

	if (fd < 0)
		return eiti_err_set(
		    err, EITI_ERR_IO, "verify: %s: %s", path, strerror(errno));
	*same = true;
	while ((k = read(fd, chunk, sizeof(chunk))) != 0) {
		if (k < 0 && errno == EINTR)
			continue;
		if (k < 0) {
			close(fd);
			return eiti_err_set(err, EITI_ERR_IO, "verify: %s: %s",
			    path, strerror(errno));
		}
		if ((size_t)k > n - off ||
		    memcmp(chunk, buf + off, (size_t)k) != 0) {
			*same = false;
			break;
		}
		off += (size_t)k;
	}
	close(fd);
	if (off != n)
		*same = false;
	return 0;
}

/* The outputs again, in tmpdir: results.xml and results.csv, then the
 * report in the claim's language with the templates (as `run` writes
 * them: the report carries the results' digests).  *same: whether the
 * report (or results.xml) is byte-identical to the published one. */
struct redo {
	struct eiti_afile_group *g;
	struct eiti_afile *xml, *csv, *pdf;
	char sha_xml[65], sha_csv[65];
};

static int
write_results(struct redo *r, const struct eiti_results *res,
    const char *tmpdir, struct eiti_err *err)
{
	if (eiti_afile_group_open(&r->g, tmpdir, err) != 0 ||
	    eiti_afile_group_add(r->g, &r->xml, "results.xml", err) != 0 ||
	    eiti_afile_group_add(r->g, &r->csv, "results.csv", err) != 0 ||
	    eiti_results_write_xml(res, r->xml, err) != 0 ||
	    eiti_afile_close(r->xml, err) != 0 ||
	    eiti_results_write_csv(res, r->csv, err) != 0 ||
	    eiti_afile_close(r->csv, err) != 0 ||
	    eiti_sha256_file(
		eiti_afile_tmppath(r->xml), r->sha_xml, NULL, err) != 0 ||
	    eiti_sha256_file(
		eiti_afile_tmppath(r->csv), r->sha_csv, NULL, err) != 0)
		return -1;
	return 0;
}

static int
render_again(struct redo *r, const struct eiti_results *res,
    const struct eiti_template *t, const struct eiti_verify_claim *c,
    const struct eiti_clock *clock, struct eiti_err *err)
{
	struct eiti_render_opts ro;

	memset(&ro, 0, sizeof(ro));
	ro.lang = c->lang;
	ro.tmpl = t;
	ro.clock = clock;
	/* a digest the report does not state was unknown to it (rendered
	 * from a results.xml without results.csv beside it) */
	ro.results_xml_sha256 = c->results_xml[0] ? r->sha_xml : NULL;
	ro.results_csv_sha256 = c->results_csv[0] ? r->sha_csv : NULL;
	if (eiti_afile_group_add(r->g, &r->pdf, "report.pdf", err) != 0 ||
	    eiti_render_pdf(res, &ro, r->pdf, err) != 0 ||
	    eiti_afile_close(r->pdf, err) != 0)
		return -1;
	return 0;
}

/* The templates of the claim's language: the report's digest of them
 * against ours. */
static int
compare_templates(struct eiti_verify_outcome *out, struct eiti_template **t,
    const struct eiti_verify_claim *c, const struct eiti_verify_opts *o,
    struct eiti_err *err)
{
	const char *file;

	if (eiti_template_load_lang(t, o->templates_dir, c->lang, err) != 0)
		return -1;
	file = strrchr((*t)->file, '/');
	file = file != NULL ? file + 1 : (*t)->file;
	if (strcmp((*t)->sha256, c->templates) != 0)
		eiti_verify_diff(out,
		    "%s: the templates differ: the report was rendered with "
		    "templates SHA-256 %s, %s here is %s",
		    o->report, c->templates, file, (*t)->sha256);
	return 0;
}

/* "produced by eitirep 0.1.0 from 24 sources (...) on 2023-11-14". */
static void
verdict(struct eiti_verify_outcome *out, const struct eiti_verify_claim *c,
    const struct eiti_results *res, const struct eiti_verify_opts *o)
{
	char iso[EITI_CLOCK_ISO_BUFSZ];

	eiti_clock_iso8601(c->epoch, iso);
	out->verified = eiti_xasprintf(
	    "%s: verified — produced by eitirep %s from %zu %s (manifest "
	    "SHA-256 %s) on %.10s%s",
	    o->report, c->version, res->nsources,
	    res->nsources == 1 ? "source" : "sources",
	    res->manifest_sha256 ? res->manifest_sha256 : "", iso,
	    !o->fresh ? ""
	    : c->is_pdf
		? " (sources fetched now: the figures compared through "
		  "results.csv's SHA-256, not the PDF's bytes)"
		: " (sources fetched now: their digests compared, not the "
		  "bytes of results.xml)");
}

/* Render (or write results.xml) again and compare the bytes; the figures
 * agreed when nothing was found before. */
static int
compare_report(struct eiti_verify_outcome *out, struct redo *r,
    const struct eiti_results *res, const struct eiti_verify_claim *c,
    const struct eiti_verify_opts *o, const struct eiti_clock *clock,
    struct eiti_err *err)
{
	struct eiti_template *t = NULL;
	size_t before = out->ndiff;
	bool same = false;
	int rc = 0;

	if (c->is_pdf) {
		rc = compare_templates(out, &t, c, o, err);
		if (rc == 0)
			rc = render_again(r, res, t, c, clock, err);
		if (rc == 0)
			rc = same_bytes(eiti_afile_tmppath(r->pdf), c->bytes,
			    c->nbytes, &same, err);
	} else {
		rc = same_bytes(eiti_afile_tmppath(r->xml), c->bytes, c->nbytes,
		    &same, err);
	}
	eiti_template_free(t);
	if (rc != 0 || same || out->ndiff > before)
		return rc;
	if (strcmp(c->version, PACKAGE_VERSION) != 0)
		eiti_verify_diff(out,
		    "%s: every figure agrees, but the report says it was "
		    "produced by eitirep %s; this is eitirep %s",
		    o->report, c->version, PACKAGE_VERSION);
	else
		eiti_verify_diff(out,
		    "%s: every figure agrees, but the %s was not produced by "
		    "eitirep %s with these templates (the report claims "
		    "eitirep %s)",
		    o->report, c->is_pdf ? "PDF" : "results.xml",
		    PACKAGE_VERSION, c->version);
	return 0;
}

/* --fetch: the provenance of the sources fetched now has other retrieval
 * times, so the report's bytes cannot agree; a PDF states results.csv's
 * SHA-256, which holds every figure and no provenance. */
static int
compare_fresh(struct eiti_verify_outcome *out, const struct redo *r,
    const struct eiti_verify_claim *c, const struct eiti_verify_opts *o,
    struct eiti_err *err)
{
	struct eiti_template *t = NULL;

	if (!c->is_pdf)
		return 0;
	if (compare_templates(out, &t, c, o, err) != 0)
		return -1;
	eiti_template_free(t);
	if (c->results_csv[0] != '\0' &&
	    strcmp(c->results_csv, r->sha_csv) != 0)
		eiti_verify_diff(out,
		    "%s: the figures differ from those the report was "
		    "produced from: results.csv SHA-256 %s, the report "
		    "states %s",
		    o->report, r->sha_csv, c->results_csv);
	return 0;
}

static int
check_results_dir(struct eiti_verify_outcome *out, struct redo *r,
    const struct eiti_verify_opts *o, struct eiti_diags *diags,
    struct eiti_err *err)
{
	char *published = eiti_path_join(o->results_dir, "results.csv");
	int rc = eiti_verify_csv(
	    out, published, eiti_afile_tmppath(r->csv), diags, err);

	free(published);
	return rc;
}

int
eiti_verify(struct eiti_verify_outcome *out, const struct eiti_verify_opts *o,
    struct eiti_diags *diags, struct eiti_err *err)
{
	struct eiti_verify_claim c;
	struct eiti_results *res = NULL;
	struct eiti_clock clock, made;
	struct redo r;
	size_t inputs_differ;
	int rc;

	memset(out, 0, sizeof(*out));
	memset(&r, 0, sizeof(r));
	rc = eiti_verify_read_claim(&c, o->report, diags, err);
	if (rc == 0 && (rc = eiti_validate_load(err)) == 0) {
		/* the results' time, then the report's date (a report may
		 * be rendered after its results were made) */
		made = eiti_clock_at(c.generated);
		clock = eiti_clock_at(c.epoch);
		rc = eiti_pipeline_reconcile(&res, NULL, o->manifest,
		    o->cache_dir, &made, NULL, diags, err);
	}
	if (rc != 0)
		goto out;
	compare_inputs(out, &c, res, o);
	inputs_differ = out->ndiff;
	if ((rc = write_results(&r, res, o->tmpdir, err)) != 0)
		goto out;
	if (o->results_dir != NULL &&
	    (rc = check_results_dir(out, &r, o, diags, err)) != 0)
		goto out;
	/* a source or the manifest differs: the bytes cannot agree, and
	 * saying so adds nothing */
	if (inputs_differ == 0 &&
	    (rc = o->fresh
		      ? compare_fresh(out, &r, &c, o, err)
		      : compare_report(out, &r, res, &c, o, &clock, err)) != 0)
		goto out;
	if (out->ndiff == 0)
		verdict(out, &c, res, o);
out:
	eiti_afile_group_abort(r.g);
	eiti_results_free(res);
	eiti_verify_claim_free(&c);
	return rc;
}
