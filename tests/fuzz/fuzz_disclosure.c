/*
 * fuzz_disclosure.c - arbitrary bytes as a disclosure: the DOCTYPE policy,
 * the streaming parse, XSD validation and the semantic rules.
 *
 * Each input is read three ways: eiti_disclosure_read() alone, the same
 * with the context of a manifest (period, rates, aliases, expected role;
 * tests/fuzz/context-manifest.xml, when it loads), and
 * eiti_validate_file(), which picks the kind from the root element and so
 * also reaches the manifest, adjustments and results readers.  Beyond the
 * sanitizers, the harness checks that every item handed to the sink is
 * well formed (strings alive until the callback returns, the amount equal
 * to its text parsed for the item's currency when the file has no error)
 * and the invariants of fuzz_check_result().
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
    "fixtures/fuzz-regress/disclosure",
    "fixtures/valid",
    "fixtures/invalid",
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
	/* A fixed manifest gives the reconciliation context (rules that
	 * only apply inside a run).  Without it only the lone-file rules
	 * are exercised. */
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

struct seen {
	size_t items, amount_mismatch;
	const char *first_mismatch_id;
	char mismatch[512];
};

static int
on_header(void *ud, const struct eiti_disclosure_hdr *h)
{
	struct seen *s = ud;

	s->items++;
	fuzz_touch(h->file);
	fuzz_touch(h->country);
	fuzz_touch(h->period_start);
	fuzz_touch(h->period_end);
	fuzz_touch(h->reporter);
	fuzz_touch(h->currency);
	if (h->role != EITI_ROLE_COMPANY && h->role != EITI_ROLE_GOVERNMENT)
		fuzz_fail("header with role %d", (int)h->role);
	return 0;
}

static int
on_entity(void *ud, const struct eiti_disclosure_hdr *h,
    const struct eiti_entity_decl *e)
{
	struct seen *s = ud;

	s->items++;
	fuzz_touch(e->id);
	fuzz_touch(e->name);
	fuzz_touch(e->level);
	fuzz_touch(e->region);
	return 0;
}

static int
on_company(void *ud, const struct eiti_disclosure_hdr *h,
    const struct eiti_company_decl *c)
{
	struct seen *s = ud;

	s->items++;
	fuzz_touch(c->id);
	fuzz_touch(c->name);
	fuzz_touch(c->sector);
	fuzz_touch(c->commodity);
	return 0;
}

static int
on_total(void *ud, const struct eiti_disclosure_hdr *h,
    const struct eiti_total_decl *t)
{
	struct seen *s = ud;

	s->items++;
	fuzz_touch(t->stream);
	fuzz_touch(t->entity);
	fuzz_touch(t->currency);
	return 0;
}

static int
on_payment(
    void *ud, const struct eiti_disclosure_hdr *h, const struct eiti_payment *p)
{
	struct seen *s = ud;
	int64_t v = 0;

	s->items++;
	fuzz_touch(p->id);
	fuzz_touch(p->company);
	fuzz_touch(p->entity);
	fuzz_touch(p->stream);
	fuzz_touch(p->currency);
	fuzz_touch(p->amount_text);
	fuzz_touch(p->date);
	fuzz_touch(p->project);
	fuzz_touch(p->note);
	fuzz_touch(p->volume);
	fuzz_touch(p->unit);
	/* Judged at the end: a payment of an invalid file may carry a
	 * placeholder amount. */
	if (p->amount_text != NULL &&
	    (eiti_money_parse(&v, p->amount_text, p->currency_digits) !=
		    EITI_AMOUNT_OK ||
		v != p->amount)) {
		if (s->amount_mismatch++ == 0)
			snprintf(s->mismatch, sizeof(s->mismatch),
			    "payment '%s' amount %lld, text '%s' (%d digits)",
			    p->id != NULL ? p->id : "(null)",
			    (long long)p->amount, p->amount_text,
			    p->currency_digits);
	}
	return 0;
}

static void
read_once(const char *path, const uint8_t *data, size_t size,
    const struct eiti_disclosure_ctx *ctx)
{
	static const char name[] = "fuzz-disclosure.xml";
	struct seen seen;
	struct eiti_disclosure_sink sink = {
	    &seen, on_header, on_entity, on_company, on_total, on_payment};
	struct eiti_diags diags;
	struct eiti_err err = EITI_ERR_INIT;
	int rc;

	memset(&seen, 0, sizeof(seen));
	eiti_diags_init(&diags);
	rc = eiti_disclosure_read(path, name, ctx, &sink, &diags, &err);
	fuzz_check_result("eiti_disclosure_read", rc, &err, &diags, name,
	    fuzz_count_lines(data, size));
	if (rc == 0 && diags.errors == 0 && seen.amount_mismatch > 0)
		fuzz_fail("valid disclosure, but %s", seen.mismatch);
	eiti_diags_free(&diags);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct eiti_diags diags;
	struct eiti_err err = EITI_ERR_INIT;
	const char *path;
	int rc;

	path = fuzz_write("fuzz-disclosure.xml", data, size);

	read_once(path, data, size, NULL);
	if (ctx_manifest != NULL) {
		struct eiti_disclosure_ctx ctx = {ctx_manifest,
		    size > 0 && (data[size - 1] & 1) ? EITI_ROLE_GOVERNMENT
						     : EITI_ROLE_COMPANY};

		read_once(path, data, size, &ctx);
	}

	eiti_diags_init(&diags);
	rc = eiti_validate_file(path, &diags, &err);
	fuzz_check_result("eiti_validate_file", rc, &err, &diags, path,
	    fuzz_count_lines(data, size));
	eiti_diags_free(&diags);
	return 0;
}
