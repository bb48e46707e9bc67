/*
 * fuzz_template.c - arbitrary bytes as a report template (templates/
 * LANG.xml): the loader's parsing policy and schema check, the
 * invariants model/template.h promises, and the report rendered with the
 * hostile wording (quotes, backslashes, bidi
 * overrides, control characters, long strings, format patterns).
 *
 * For an input that loads: every string is valid UTF-8 and not NULL, the
 * texts are sorted with unique keys and collapsed whitespace, every key
 * is found by eiti_template_text(), there are 12 months.  Then the report
 * of fixtures/recon/statuses (every status, adjustments, explanations;
 * reconciled at start-up with src/pipeline/pipeline.c) is rendered with that
 * wording into a scratch atomic file (discarded): it must either succeed with a
 * whole PDF or fail with a proper error (a missing text is EITI_ERR_INVALID).
 */
#include "config.h"

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/afile.h"
#include "core/clock.h"
#include "core/paths.h"
#include "fuzz.h"
#include "pipeline/pipeline.h"
#include "render/render.h"
#include "validate/template_load.h"
#include "validate/validate.h"

const char *const fuzz_replay_dirs[] = {
    "fixtures/fuzz-regress/template",
    "templates",
    NULL,
};

static char *xsd_path;
static struct eiti_results *ctx_results;

static void
cleanup(void)
{
	eiti_results_free(ctx_results);
	free(xsd_path);
}

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	/* reproducible, no dependence on the time */
	const struct eiti_clock clock = eiti_clock_at(1700000000);
	struct eiti_diags diags;
	struct eiti_err err = EITI_ERR_INIT;
	char *path;

	fuzz_setup();
	eiti_xml_init();
	setenv("TZ", "UTC", 1);
	xsd_path = eiti_datafile("templates/template.xsd");
	atexit(cleanup);

	/* Reconciled here, with the stages themselves, so that it always
	 * matches the current results model. */
	path = eiti_datafile("fixtures/recon/statuses/manifest.xml");
	eiti_diags_init(&diags);
	if (eiti_pipeline_reconcile(&ctx_results, NULL, path, NULL, &clock,
		NULL, &diags, &err) != 0) {
		eiti_diags_print_text(&diags, stderr);
		fuzz_fail(
		    "cannot reconcile %s for the report: %s", path, err.msg);
	}
	eiti_diags_free(&diags);
	free(path);
	return 0;
}

/* Valid UTF-8, checked here rather than trusted. */
static void
check_string(const char *what, const char *s)
{
	const unsigned char *p = (const unsigned char *)s;

	if (s == NULL)
		fuzz_fail("template %s is NULL", what);
	while (*p != '\0') {
		size_t n, i;

		if (*p < 0x80)
			n = 1;
		else if (*p >= 0xc2 && *p <= 0xdf)
			n = 2;
		else if (*p >= 0xe0 && *p <= 0xef)
			n = 3;
		else if (*p >= 0xf0 && *p <= 0xf4)
			n = 4;
		else
			fuzz_fail("template %s is not UTF-8", what);
		for (i = 1; i < n; i++)
			if ((p[i] & 0xc0) != 0x80)
				fuzz_fail("template %s is not UTF-8", what);
		p += n;
	}
}

static void
check_template(const struct eiti_template *t)
{
	size_t i;

	check_string("file", t->file);
	check_string("lang", t->lang);
	check_string("language", t->language);
	check_string("num_lang", t->num_lang);
	check_string("num_decimal", t->num_decimal);
	check_string("num_group", t->num_group);
	check_string("num_percent", t->num_percent);
	check_string("date_pattern", t->date_pattern);
	for (i = 0; i < 12; i++)
		check_string("month", t->months[i]);
	for (i = 0; i < t->nsections; i++)
		check_string("section id", t->sections[i].id);
	for (i = 0; i < t->nglossary; i++) {
		check_string("glossary term", t->glossary[i].term);
		check_string("glossary definition", t->glossary[i].definition);
	}
	for (i = 0; i < t->ntexts; i++) {
		const char *v = t->texts[i].value;

		check_string("text key", t->texts[i].key);
		check_string("text", v);
		if (i > 0 && strcmp(t->texts[i - 1].key, t->texts[i].key) >= 0)
			fuzz_fail("template texts not sorted and unique at "
				  "'%s'",
			    t->texts[i].key);
		if (strpbrk(v, "\t\n\r") != NULL || strstr(v, "  ") != NULL)
			fuzz_fail("template text '%s' has uncollapsed "
				  "whitespace",
			    t->texts[i].key);
		if (eiti_template_text(t, t->texts[i].key) != v)
			fuzz_fail(
			    "eiti_template_text misses '%s'", t->texts[i].key);
	}
}

static void
render_with(const struct eiti_template *t)
{
	const struct eiti_clock clock = eiti_clock_at(1700000000);
	struct eiti_render_opts o;
	struct eiti_err err = EITI_ERR_INIT;
	struct eiti_afile *f = NULL;
	char *pdf = eiti_xasprintf("%s/report.pdf", fuzz_dir());
	char head[8], tail[32];
	off_t end;
	int rc, fd;

	memset(&o, 0, sizeof(o));
	o.clock = &clock;
	o.lang = t->lang;
	o.tmpl = t;
	if (eiti_afile_open(&f, pdf, &err) != 0)
		fuzz_fail("afile_open: %s", err.msg);
	rc = eiti_render_pdf(ctx_results, &o, f, &err);
	fuzz_check_result("eiti_render_pdf", rc, &err, NULL, NULL, 0);
	if (rc == 0) {
		if (eiti_afile_close(f, &err) != 0)
			fuzz_fail("afile_close: %s", err.msg);
		fd = open(eiti_afile_tmppath(f), O_RDONLY | O_CLOEXEC);
		end = fd >= 0 ? lseek(fd, 0, SEEK_END) : -1;
		memset(tail, 0, sizeof(tail));
		if (end < (off_t)sizeof(tail) || pread(fd, head, 5, 0) != 5 ||
		    pread(fd, tail, sizeof(tail) - 1,
			end - (off_t)sizeof(tail) + 1) !=
			(ssize_t)sizeof(tail) - 1 ||
		    memcmp(head, "%PDF-", 5) != 0 ||
		    strstr(tail, "%%EOF") == NULL)
			fuzz_fail("rendered report is not a whole PDF");
		close(fd);
	}
	eiti_afile_abort(f);
	free(pdf);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct eiti_template *t = NULL;
	struct eiti_err err = EITI_ERR_INIT;
	const char *path;
	int rc;

	path = fuzz_write("fuzz-template.xml", data, size);
	rc = eiti_template_load(&t, path, xsd_path, &err);
	fuzz_check_result("eiti_template_load", rc, &err, NULL, NULL, 0);
	if ((rc == 0) != (t != NULL))
		fuzz_fail("eiti_template_load returned %d with *out %s", rc,
		    t != NULL ? "set" : "NULL");
	if (t != NULL) {
		check_template(t);
		if (ctx_results != NULL)
			render_with(t);
	}
	eiti_template_free(t);
	return 0;
}
