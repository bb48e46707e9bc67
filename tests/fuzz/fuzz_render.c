/*
 * fuzz_render.c - arbitrary bytes as results.xml: the loader that render
 * and export trust (eiti_results_load), the PDF report
 * (eiti_render_pdf: hostile strings through
 * layout, links and outlines) and the results.xml writer.
 *
 * For an input that loads: the report is rendered into a scratch atomic
 * file, which must then hold a complete PDF (header and trailer), and is
 * discarded (no fsync, no rename); the results are written back as
 * results.xml, which must load again without findings and be written
 * identically the second time (what render reads is what reconcile
 * wrote, byte for byte).
 */
#include "config.h"

#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/afile.h"
#include "core/clock.h"
#include "fuzz.h"
#include "reconcile/reconcile.h"
#include "render/render.h"
#include "validate/template_load.h"
#include "validate/validate.h"

/* The shipped wording, loaded once: Spanish for results in Spanish,
 * English for anything else (the CLI refuses an unknown language before
 * rendering; here the hostile results should still reach the layout). */
static struct eiti_template *tmpl_es, *tmpl_en;

const char *const fuzz_replay_dirs[] = {
    "fixtures/fuzz-regress/render",
    "tests/fuzz/seeds/results",
    NULL,
};

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	struct eiti_err err = EITI_ERR_INIT;

	fuzz_setup();
	if (eiti_validate_load(&err) != 0)
		fuzz_fail("installed data: %s", err.msg);
	setenv("TZ", "UTC", 1);
	if (eiti_template_load_lang(&tmpl_es, NULL, "es", &err) != 0 ||
	    eiti_template_load_lang(&tmpl_en, NULL, "en", &err) != 0)
		fuzz_fail("shipped templates do not load: %s", err.msg);
	return 0;
}

/* Read a whole file into a malloc'd buffer. */
static char *
slurp(const char *path, size_t *len)
{
	struct stat st;
	char *buf;
	size_t done = 0;
	int fd = open(path, O_RDONLY | O_CLOEXEC);

	if (fd < 0 || fstat(fd, &st) != 0)
		fuzz_fail("cannot read back %s", path);
	buf = eiti_xmalloc((size_t)st.st_size + 1);
	while (done < (size_t)st.st_size) {
		ssize_t r = read(fd, buf + done, (size_t)st.st_size - done);

		if (r <= 0)
			fuzz_fail("short read of %s", path);
		done += (size_t)r;
	}
	close(fd);
	buf[done] = '\0';
	*len = done;
	return buf;
}

static void
render(const struct eiti_results *res)
{
	int es = res->lang != NULL && strcmp(res->lang, "es") == 0;
	const struct eiti_clock clock = eiti_clock_at(1700000000);
	struct eiti_render_opts o;
	struct eiti_err err = EITI_ERR_INIT;
	struct eiti_afile *f = NULL;
	char *path = eiti_xasprintf("%s/report.pdf", fuzz_dir());
	char *pdf;
	size_t len;
	int rc;

	memset(&o, 0, sizeof(o));
	o.clock = &clock; /* reproducible, no dependence on the time */
	o.lang = es ? "es" : "en";
	o.tmpl = es ? tmpl_es : tmpl_en;
	if (eiti_afile_open(&f, path, &err) != 0)
		fuzz_fail("afile_open: %s", err.msg);
	rc = eiti_render_pdf(res, &o, f, &err);
	fuzz_check_result("eiti_render_pdf", rc, &err, NULL, NULL, 0);
	if (rc == 0) {
		if (eiti_afile_close(f, &err) != 0)
			fuzz_fail("afile_close: %s", err.msg);
		pdf = slurp(eiti_afile_tmppath(f), &len);
		if (len < 16 || memcmp(pdf, "%PDF-", 5) != 0 ||
		    strstr(pdf + len - 16, "%%EOF") == NULL)
			fuzz_fail("rendered %zu bytes that are not a whole "
				  "PDF",
			    len);
		free(pdf);
	}
	eiti_afile_abort(f);
	free(path);
}

/* Write res as results.xml into the scratch directory; returns the
 * bytes written. */
static char *
write_xml(const struct eiti_results *res, const char *name, size_t *len)
{
	struct eiti_err err = EITI_ERR_INIT;
	struct eiti_afile *f = NULL;
	char *path = eiti_xasprintf("%s/%s", fuzz_dir(), name);
	char *buf;

	if (eiti_afile_open(&f, path, &err) != 0)
		fuzz_fail("afile_open: %s", err.msg);
	if (eiti_results_write_xml(res, f, &err) != 0)
		fuzz_fail("eiti_results_write_xml failed on loaded results: "
			  "%s",
		    err.msg);
	if (eiti_afile_close(f, &err) != 0)
		fuzz_fail("afile_close: %s", err.msg);
	buf = slurp(eiti_afile_tmppath(f), len);
	eiti_afile_abort(f);
	free(path);
	return buf;
}

static void
round_trip(const struct eiti_results *res)
{
	struct eiti_results *again = NULL;
	struct eiti_diags diags;
	struct eiti_err err = EITI_ERR_INIT;
	char *first, *second;
	size_t n1, n2;
	const char *path;
	int rc;

	first = write_xml(res, "results-1.xml", &n1);
	path = fuzz_write("results-rt.xml", (const uint8_t *)first, n1);
	eiti_diags_init(&diags);
	rc = eiti_results_load(&again, path, &diags, &err);
	if (rc != 0 || diags.errors > 0) {
		eiti_diags_print_text(&diags, stderr);
		fuzz_fail("results.xml written from loaded results does not "
			  "load again (rc %d, %zu errors): %s",
		    rc, diags.errors, err.msg);
	}
	second = write_xml(again, "results-2.xml", &n2);
	if (n1 != n2 || memcmp(first, second, n1) != 0)
		fuzz_fail("results.xml is not stable under load and write "
			  "(%zu then %zu bytes)",
		    n1, n2);
	free(first);
	free(second);
	eiti_results_free(again);
	eiti_diags_free(&diags);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct eiti_results *res = NULL;
	struct eiti_diags diags;
	struct eiti_err err = EITI_ERR_INIT;
	const char *path;
	int rc;

	path = fuzz_write("fuzz-results.xml", data, size);
	eiti_diags_init(&diags);
	rc = eiti_results_load(&res, path, &diags, &err);
	fuzz_check_result("eiti_results_load", rc, &err, &diags, path,
	    fuzz_count_lines(data, size));
	if ((rc == 0) != (res != NULL))
		fuzz_fail("eiti_results_load returned %d with *out %s", rc,
		    res != NULL ? "set" : "NULL");
	if (res != NULL) {
		render(res);
		round_trip(res);
	}
	eiti_results_free(res);
	eiti_diags_free(&diags);
	return 0;
}
