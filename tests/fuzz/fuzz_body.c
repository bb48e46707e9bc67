/*
 * fuzz_body.c - arbitrary bytes as a fetched body: the checks a 200 body
 * passes before it replaces the last good copy in the cache
 * (eiti_validate_body() for a disclosure and for an adjustments file,
 * eiti_validate_table_body() for a table), and arbitrary text through the
 * URL redaction every printer uses (eiti_url_redact()).
 *
 * Beyond the sanitizers:
 *   - a readable file is never an operational error, and a refused body
 *     always says why, in one line;
 *   - the check never refuses what reconcile would accept: a body that
 *     the validator reads without an error as a disclosure (as an
 *     adjustments file) passes the disclosure (adjustments) check;
 *   - and never accepts what reconcile would refuse as not the document:
 *     a body that passes has no error of the rules XML, XML-TRUNCATED,
 *     NOT-XML, SEC-DOCTYPE or KIND from the validator;
 *   - redaction never lengthens the text, is idempotent, and leaves no
 *     URL with user information.
 */
#include "config.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/url.h"
#include "fuzz.h"
#include "validate/validate.h"

const char *const fuzz_replay_dirs[] = {
    "fixtures/fuzz-regress/body",
    "tests/fuzz/seeds/body",
    "fixtures/valid",
    "fixtures/hostile",
    NULL,
};

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	fuzz_setup();
	eiti_xml_init();
	return 0;
}

/* The check's verdict on path as kind; aborts on a broken invariant. */
static int
check(const char *path, enum eiti_doc_kind kind)
{
	struct eiti_err err = EITI_ERR_INIT;
	char why[400];
	int rc;

	why[0] = '\0';
	rc = kind == EITI_DOC_UNKNOWN
		 ? eiti_validate_table_body(path, why, sizeof(why), &err)
		 : eiti_validate_body(path, kind, why, sizeof(why), &err);
	if (rc < 0)
		fuzz_fail("body check (kind %d) failed on a readable file: %s",
		    (int)kind, err.msg);
	if (rc > 0 && (why[0] == '\0' || strchr(why, '\n') != NULL))
		fuzz_fail("body refused (kind %d) without a one-line reason: "
			  "'%s'",
		    (int)kind, why);
	if (rc == 0 && eiti_err_isset(&err))
		fuzz_fail("body accepted with an error set: %s", err.msg);
	return rc;
}

/* Does diags hold an error saying the file is not the document? */
static int
not_the_document(const struct eiti_diags *d)
{
	size_t i;

	for (i = 0; i < d->n; i++) {
		enum eiti_rule r = d->v[i].rule;

		if (d->v[i].sev == EITI_SEV_ERROR &&
		    (r == EITI_RULE_XML || r == EITI_RULE_XML_TRUNCATED ||
			r == EITI_RULE_NOT_XML || r == EITI_RULE_SEC_DOCTYPE ||
			r == EITI_RULE_KIND))
			return 1;
	}
	return 0;
}

/* Compare the body check of kind with what the validator makes of the
 * same bytes. */
static void
differential(const char *path, enum eiti_doc_kind kind, int verdict)
{
	struct eiti_disclosure_sink sink;
	struct eiti_adjustments *adj = NULL;
	struct eiti_diags d;
	struct eiti_err err = EITI_ERR_INIT;
	int rc;

	memset(&sink, 0, sizeof(sink));
	eiti_diags_init(&d);
	if (kind == EITI_DOC_DISCLOSURE)
		rc = eiti_disclosure_read(path, "body", NULL, &sink, &d, &err);
	else
		rc = eiti_adjustments_load(&adj, path, "body", NULL, &d, &err);
	eiti_adjustments_free(adj);
	if (rc >= 0) {
		if (d.errors == 0 && verdict != 0)
			fuzz_fail("a body the validator accepts as kind %d is "
				  "refused",
			    (int)kind);
		if (verdict == 0 && not_the_document(&d))
			fuzz_fail("a body the validator finds is not the "
				  "document (kind %d) is accepted",
			    (int)kind);
	}
	eiti_diags_free(&d);
}

static void
redaction(const uint8_t *data, size_t size)
{
	char *s = malloc(size + 1), *r, *again;
	const char *p;

	if (s == NULL)
		fuzz_fail("out of memory");
	memcpy(s, data, size);
	s[size] = '\0';
	r = eiti_url_redacted(s);
	again = eiti_url_redacted(r);
	if (strlen(r) > strlen(s))
		fuzz_fail("redaction lengthened the text");
	if (strcmp(r, again) != 0)
		fuzz_fail(
		    "redaction is not idempotent: '%s' then '%s'", r, again);
	for (p = strstr(r, "://"); p != NULL; p = strstr(p + 1, "://")) {
		const char *q = p; /* back to the start of the scheme */

		while (
		    q > r && (isalnum((unsigned char)q[-1]) || q[-1] == '+' ||
				 q[-1] == '-' || q[-1] == '.'))
			q--;
		if (eiti_url_has_userinfo(q))
			fuzz_fail("a URL keeps its user information: %s", r);
	}
	free(again);
	free(r);
	free(s);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *path = fuzz_write("fuzz-body", data, size);
	int d, a;

	d = check(path, EITI_DOC_DISCLOSURE);
	a = check(path, EITI_DOC_ADJUSTMENTS);
	(void)check(path, EITI_DOC_UNKNOWN);
	if (d == 0 && a == 0)
		fuzz_fail("a body passes as a disclosure and as adjustments");
	differential(path, EITI_DOC_DISCLOSURE, d);
	differential(path, EITI_DOC_ADJUSTMENTS, a);
	redaction(data, size);
	return 0;
}
