/*
 * fuzz_manifest.c - arbitrary bytes as a manifest and as an adjustments
 * file (eitirep-manifest(5) and eitirep-adjustments(5)): the safe parser, XSD
 * validation, the rules and the loaders that build struct eiti_manifest /
 * struct eiti_adjustments.
 *
 * Each input is loaded as a manifest, as a lone adjustments file, and as
 * the adjustments file of a fixed manifest (tests/fuzz/context-manifest.xml:
 * currency and period rules).  Beyond the sanitizers: *out is set exactly
 * when the loader returns 0; every loaded string is alive; every amount,
 * rate and tolerance equals its own text parsed again; every adjustment
 * has a reason; the invariants of fuzz_check_result().
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/paths.h"
#include "fuzz.h"
#include "validate/validate.h"

static struct eiti_manifest *ctx_manifest;

const char *const fuzz_replay_dirs[] = {
    "fixtures/fuzz-regress/manifest",
    "fixtures/valid",
    "fixtures/recon/aliases",
    NULL,
};

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	struct eiti_diags diags;
	struct eiti_err err = EITI_ERR_INIT;
	char *path;

	fuzz_setup();
	eiti_xml_init();
	path = eiti_datafile("tests/fuzz/context-manifest.xml");
	eiti_diags_init(&diags);
	if (eiti_manifest_load(&ctx_manifest, path, &diags, &err) != 0) {
		/* A setup problem, not a finding: say so and go on with the
		 * lone-file rules only. */
		fprintf(stderr, "fuzz: %s does not load: %s\n", path, err.msg);
		eiti_diags_print_text(&diags, stderr);
		ctx_manifest = NULL;
	}
	eiti_diags_free(&diags);
	free(path);
	return 0;
}

static void
check_money(const char *what, int64_t v, const char *text, int digits)
{
	int64_t w = 0;

	if (text == NULL)
		return;
	if (eiti_money_parse(&w, text, digits) != EITI_AMOUNT_OK || w != v)
		fuzz_fail("%s: loaded %lld from '%s' (%d digits)", what,
		    (long long)v, text, digits);
}

static void
check_decimal(const char *what, const struct eiti_decimal *d, const char *text)
{
	struct eiti_decimal w = {0, 0};

	if (text == NULL)
		return;
	if (eiti_decimal_parse(&w, text) != EITI_AMOUNT_OK ||
	    w.coef != d->coef || w.scale != d->scale)
		fuzz_fail("%s: loaded %lld/10^%d from '%s'", what,
		    (long long)d->coef, d->scale, text);
}

static void
check_manifest(const struct eiti_manifest *m)
{
	size_t i;
	int dg = m->currency_digits;

	fuzz_touch(m->file);
	fuzz_touch(m->dir);
	fuzz_touch(m->country);
	fuzz_touch(m->period_start);
	fuzz_touch(m->period_end);
	fuzz_touch(m->currency);
	fuzz_touch(m->lang);
	fuzz_touch(m->title);
	fuzz_touch(m->administrator);
	fuzz_touch(m->logo_href);
	fuzz_touch(m->adjustments_href);
	fuzz_touch(m->adjustments_sha256);
	if (dg < 0 || dg > 4)
		fuzz_fail("manifest currency with %d minor digits", dg);
	if (m->has_materiality)
		check_money(
		    "materiality", m->materiality, m->materiality_text, dg);
	if (m->has_abs_tol)
		check_money("abs-tolerance", m->abs_tol, m->abs_tol_text, dg);
	if (m->has_rel_tol)
		check_decimal("rel-tolerance", &m->rel_tol, m->rel_tol_text);
	for (i = 0; i < m->ntolerances; i++) {
		const struct eiti_tolerance_decl *t = &m->tolerances[i];

		fuzz_touch(t->stream);
		fuzz_touch(t->entity);
		if (t->has_abs)
			check_money("tolerance abs", t->abs, t->abs_text, dg);
		if (t->has_rel)
			check_decimal("tolerance rel", &t->rel, t->rel_text);
	}
	for (i = 0; i < m->nrates; i++) {
		const struct eiti_rate_decl *r = &m->rates[i];

		fuzz_touch(r->currency);
		fuzz_touch(r->source);
		check_decimal("rate", &r->value, r->value_text);
		if (r->currency == NULL ||
		    eiti_manifest_rate(m, r->currency) == NULL)
			fuzz_fail(
			    "rate %zu not found by eiti_manifest_rate", i);
	}
	for (i = 0; i < m->nsources; i++) {
		fuzz_touch(m->sources[i].href);
		fuzz_touch(m->sources[i].sha256);
		if (m->sources[i].href == NULL)
			fuzz_fail("source %zu without href", i);
	}
	for (i = 0; i < m->naliases; i++) {
		fuzz_touch(m->aliases[i].id);
		fuzz_touch(m->aliases[i].name);
	}
}

static void
check_adjustments(const struct eiti_adjustments *a)
{
	size_t i;

	fuzz_touch(a->file);
	for (i = 0; i < a->nitems; i++) {
		const struct eiti_adjustment_decl *x = &a->items[i];

		fuzz_touch(x->company);
		fuzz_touch(x->entity);
		fuzz_touch(x->stream);
		fuzz_touch(x->project);
		fuzz_touch(x->currency);
		fuzz_touch(x->ref);
		fuzz_touch(x->klass);
		if (x->reason == NULL || x->reason[0] == '\0')
			fuzz_fail("adjustment %zu loaded without a reason", i);
		if (!x->is_explanation)
			check_money("adjustment", x->amount, x->amount_text,
			    x->currency_digits);
	}
}

static void
load_adjustments(
    const char *path, const struct eiti_manifest *m, unsigned long nlines)
{
	static const char name[] = "fuzz-adjustments.xml";
	struct eiti_adjustments *a = NULL;
	struct eiti_diags diags;
	struct eiti_err err = EITI_ERR_INIT;
	int rc;

	eiti_diags_init(&diags);
	rc = eiti_adjustments_load(&a, path, name, m, &diags, &err);
	fuzz_check_result(
	    "eiti_adjustments_load", rc, &err, &diags, name, nlines);
	if ((rc == 0) != (a != NULL))
		fuzz_fail("eiti_adjustments_load returned %d with *out %s", rc,
		    a != NULL ? "set" : "NULL");
	if (a != NULL)
		check_adjustments(a);
	eiti_adjustments_free(a);
	eiti_diags_free(&diags);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct eiti_manifest *m = NULL;
	struct eiti_diags diags;
	struct eiti_err err = EITI_ERR_INIT;
	unsigned long nlines = fuzz_count_lines(data, size);
	const char *path;
	int rc;

	path = fuzz_write("fuzz-manifest.xml", data, size);
	eiti_diags_init(&diags);
	rc = eiti_manifest_load(&m, path, &diags, &err);
	/* Findings name the manifest as it was given. */
	fuzz_check_result("eiti_manifest_load", rc, &err, &diags, path, nlines);
	if ((rc == 0) != (m != NULL))
		fuzz_fail("eiti_manifest_load returned %d with *out %s", rc,
		    m != NULL ? "set" : "NULL");
	if (m != NULL)
		check_manifest(m);
	eiti_manifest_free(m);
	eiti_diags_free(&diags);

	load_adjustments(path, NULL, nlines);
	if (ctx_manifest != NULL)
		load_adjustments(path, ctx_manifest, nlines);
	return 0;
}
