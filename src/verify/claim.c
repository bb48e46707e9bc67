/*
 * claim.c - what a published report says it was produced from: the XMP
 * packet the render stage writes into every PDF (namespace
 * urn:eitirep:verify:1), read through poppler, or the provenance of a
 * published results.xml.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <poppler.h>

#include "core/clock.h"
#include "model/results.h"
#include "validate/template_load.h"
#include "validate/validate.h"
#include "verify/verify.h"

#define NS "urn:eitirep:verify:1"
#define MAX_XMP (16u << 20)  /* the packet: 16 MiB */
#define MAX_FIELD 8192	     /* one value of the packet */
#define MAX_SOURCES 1000000u /* sources listed */

/* Read the whole file (a regular file of at most EITI_VERIFY_MAX_REPORT
 * bytes) into c. */
static int
read_report(struct eiti_verify_claim *c, const char *path, struct eiti_err *err)
{
	struct stat st;
	size_t got = 0;
	int fd = open(path, O_RDONLY | O_CLOEXEC);

	if (fd < 0)
		return eiti_err_set(
		    err, EITI_ERR_IO, "verify: %s: %s", path, strerror(errno));
	if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
		close(fd);
		return eiti_err_set(err, EITI_ERR_INVALID,
		    "verify: %s: not a regular file", path);
	}
	if ((unsigned long long)st.st_size > EITI_VERIFY_MAX_REPORT) {
		close(fd);
		return eiti_err_set(err, EITI_ERR_INVALID,
		    "verify: %s: %lld bytes, more than the %llu MiB a report "
		    "may have",
		    path, (long long)st.st_size, EITI_VERIFY_MAX_REPORT >> 20);
	}
	c->bytes = eiti_xmalloc((size_t)st.st_size + 1);
	while (got < (size_t)st.st_size) {
		ssize_t k = read(fd, c->bytes + got, (size_t)st.st_size - got);

		if (k < 0 && errno == EINTR)
			continue;
		if (k <= 0) {
			close(fd);
			return eiti_err_set(err, EITI_ERR_IO, "verify: %s: %s",
			    path,
			    k < 0 ? strerror(errno) : "changed while read");
		}
		got += (size_t)k;
	}
	close(fd);
	c->bytes[got] = '\0';
	c->nbytes = got;
	return 0;
}

/* ---- the XMP packet --------------------------------------------------- */

struct xmp {
	struct eiti_verify_claim *c;
	char text[MAX_FIELD + 1];
	size_t ntext;
	bool in_field, too_long;
	char *href, *sha; /* of the current rdf:li */
	char *epoch, *generated;
};

static void
xmp_start(void *ud, const char *local, const char *uri,
    const struct eiti_xml_attr *attrs, size_t nattrs)
{
	struct xmp *x = ud;

	x->in_field = uri != NULL && strcmp(uri, NS) == 0;
	x->ntext = 0;
	x->too_long = false;
}

static void
xmp_text(void *ud, const char *s, size_t len)
{
	struct xmp *x = ud;

	if (!x->in_field)
		return;
	if (x->ntext + len > MAX_FIELD) {
		x->too_long = true;
		return;
	}
	memcpy(x->text + x->ntext, s, len);
	x->ntext += len;
}

static void
set_field(char **dst, struct xmp *x)
{
	free(*dst);
	*dst = eiti_xstrndup(x->text, x->too_long ? 0 : x->ntext);
}

static void
xmp_end(void *ud, const char *local, const char *uri)
{
	static const char *const keys[] = {"version", "templates", "lang",
	    "manifest", "resultsCsv", "resultsXml", NULL};
	struct xmp *x = ud;
	struct eiti_verify_claim *c = x->c;
	char **dst[] = {&c->version, &c->templates, &c->lang, &c->manifest,
	    &c->results_csv, &c->results_xml};
	size_t i;

	if (uri != NULL && strcmp(uri, NS) == 0 && x->in_field) {
		for (i = 0; keys[i] != NULL; i++)
			if (strcmp(local, keys[i]) == 0)
				set_field(dst[i], x);
		if (strcmp(local, "epoch") == 0)
			set_field(&x->epoch, x);
		else if (strcmp(local, "generated") == 0)
			set_field(&x->generated, x);
		else if (strcmp(local, "href") == 0)
			set_field(&x->href, x);
		else if (strcmp(local, "sha256") == 0)
			set_field(&x->sha, x);
	} else if (local != NULL && strcmp(local, "li") == 0 &&
		   x->href != NULL && c->nsrc < MAX_SOURCES) {
		struct eiti_verify_source *s;

		c->src = eiti_xrealloc(c->src, (c->nsrc + 1) * sizeof(*c->src));
		s = &c->src[c->nsrc++];
		s->href = x->href;
		snprintf(s->sha256, sizeof(s->sha256), "%s",
		    x->sha != NULL ? x->sha : "");
		x->href = NULL;
		free(x->sha);
		x->sha = NULL;
	}
	x->in_field = false;
}

static bool
is_sha(const char *s)
{
	return s != NULL && strlen(s) == 64 &&
	       strspn(s, "0123456789abcdef") == 64;
}

/* Every field in its shape, or an error naming the first that is not. */
static int
check_claim(struct eiti_verify_claim *c, const char *epoch, const char *path,
    struct eiti_err *err)
{
	const char *bad = NULL;
	char *end = NULL;
	size_t i;

	if (c->version == NULL || c->version[0] == '\0')
		bad = "version";
	else if (!is_sha(c->templates))
		bad = "templates";
	else if (c->lang == NULL || !eiti_template_lang_ok(c->lang))
		bad = "lang";
	else if (!is_sha(c->manifest))
		bad = "manifest";
	else if (epoch == NULL ||
		 strspn(epoch, "0123456789") != strlen(epoch) ||
		 epoch[0] == '\0' || strlen(epoch) > 12 ||
		 (c->epoch = strtoll(epoch, &end, 10)) > EITI_CLOCK_MAX)
		bad = "epoch";
	for (i = 0; bad == NULL && i < c->nsrc; i++)
		if (!is_sha(c->src[i].sha256) || c->src[i].href[0] == '\0')
			bad = "sources";
	if (bad != NULL)
		return eiti_err_set(err, EITI_ERR_INVALID,
		    "verify: %s: the report's verification data (XMP "
		    "urn:eitirep:verify:1) has no valid '%s'",
		    path, bad);
	if (c->results_csv == NULL)
		c->results_csv = eiti_xstrdup("");
	if (c->results_xml == NULL)
		c->results_xml = eiti_xstrdup("");
	return 0;
}

static int
parse_xmp(struct eiti_verify_claim *c, const char *xmp, const char *path,
    struct eiti_diags *diags, struct eiti_err *err)
{
	static const struct eiti_xml_handler h = {xmp_start, xmp_end, xmp_text};
	struct eiti_xml_stream *s = NULL;
	struct xmp *x = eiti_xcalloc(1, sizeof(*x));
	int rc;

	x->c = c;
	if (eiti_xml_stream_new(&s, path, "XMP", &h, x, diags, err) != 0) {
		free(x);
		return -1;
	}
	eiti_xml_stream_push(s, xmp, strlen(xmp), true);
	rc = eiti_xml_stream_ok(s) ? 0 : 1;
	eiti_xml_stream_free(s);
	if (rc == 0)
		rc = check_claim(c, x->epoch, path, err);
	/* older reports lack it: the results were then made at the epoch */
	c->generated = eiti_clock_parse_iso8601(x->generated);
	if (rc == 0 && c->generated < 0)
		c->generated = c->epoch;
	free(x->generated);
	free(x->href);
	free(x->sha);
	free(x->epoch);
	free(x);
	return rc;
}

/* Open the PDF in c->bytes with poppler and read its XMP packet. */
static int
read_pdf(struct eiti_verify_claim *c, const char *path,
    struct eiti_diags *diags, struct eiti_err *err)
{
	GBytes *b = g_bytes_new_static(c->bytes, c->nbytes);
	GError *gerr = NULL;
	PopplerDocument *doc = poppler_document_new_from_bytes(b, NULL, &gerr);
	char *xmp;
	int rc;

	g_bytes_unref(b);
	if (doc == NULL) {
		bool enc = gerr != NULL && gerr->domain == POPPLER_ERROR &&
			   gerr->code == POPPLER_ERROR_ENCRYPTED;

		rc = eiti_err_set(err, EITI_ERR_INVALID, "verify: %s: %s%s",
		    path,
		    enc ? "an encrypted PDF: not a report eitirep writes"
			: "not a PDF that can be read: ",
		    enc || gerr == NULL ? "" : gerr->message);
		if (gerr != NULL)
			g_error_free(gerr);
		return rc;
	}
	xmp = poppler_document_get_metadata(doc);
	g_object_unref(doc);
	if (xmp == NULL || strstr(xmp, NS) == NULL || strlen(xmp) > MAX_XMP) {
		rc = eiti_err_set(err, EITI_ERR_INVALID, "verify: %s: %s", path,
		    xmp != NULL && strlen(xmp) > MAX_XMP
			? "its XMP metadata is larger than 16 MiB"
			: "no eitirep verification data (XMP "
			  "urn:eitirep:verify:1): not a report eitirep wrote, "
			  "or a truncated one");
		g_free(xmp);
		return rc;
	}
	rc = parse_xmp(c, xmp, path, diags, err);
	g_free(xmp);
	return rc;
}

/* ---- a results.xml ---------------------------------------------------- */

/* "2023-11-14T22:13:20Z" -> seconds, or -1. */
static int
read_results(struct eiti_verify_claim *c, const char *path,
    struct eiti_diags *diags, struct eiti_err *err)
{
	struct eiti_results *r = NULL;
	size_t i;
	int rc = eiti_results_load(&r, path, diags, err);

	if (rc != 0)
		return rc;
	c->version = eiti_xstrdup(r->tool_version ? r->tool_version : "");
	c->lang = eiti_xstrdup(r->lang ? r->lang : "");
	c->manifest =
	    eiti_xstrdup(r->manifest_sha256 ? r->manifest_sha256 : "");
	c->templates = eiti_xstrdup("");
	c->results_csv = eiti_xstrdup("");
	c->results_xml = eiti_xstrdup("");
	c->epoch = c->generated = eiti_clock_parse_iso8601(r->generated);
	c->src = eiti_xcalloc(r->nsources + 1, sizeof(*c->src));
	for (i = 0; i < r->nsources; i++) {
		c->src[i].href = eiti_xstrdup(r->sources[i].href);
		snprintf(c->src[i].sha256, sizeof(c->src[i].sha256), "%s",
		    r->sources[i].sha256 ? r->sources[i].sha256 : "");
	}
	c->nsrc = r->nsources;
	eiti_results_free(r);
	if (c->epoch < 0 || c->epoch > EITI_CLOCK_MAX)
		return eiti_err_set(err, EITI_ERR_INVALID,
		    "verify: %s: no usable generation time", path);
	return 0;
}

int
eiti_verify_read_claim(struct eiti_verify_claim *c, const char *path,
    struct eiti_diags *diags, struct eiti_err *err)
{
	size_t i = 0;

	memset(c, 0, sizeof(*c));
	if (read_report(c, path, err) != 0)
		return -1;
	c->is_pdf = c->nbytes >= 5 && memcmp(c->bytes, "%PDF-", 5) == 0;
	if (c->is_pdf)
		return read_pdf(c, path, diags, err);
	if (c->nbytes >= 3 && memcmp(c->bytes, "\xEF\xBB\xBF", 3) == 0)
		i = 3;
	while (i < c->nbytes && strchr(" \t\r\n", c->bytes[i]) != NULL)
		i++;
	if (i >= c->nbytes || c->bytes[i] != '<')
		return eiti_err_set(err, EITI_ERR_INVALID,
		    "verify: %s: neither a PDF (no %%PDF- header) nor a "
		    "results.xml",
		    path);
	return read_results(c, path, diags, err);
}

void
eiti_verify_claim_free(struct eiti_verify_claim *c)
{
	size_t i;

	for (i = 0; i < c->nsrc; i++)
		free(c->src[i].href);
	free(c->src);
	free(c->version);
	free(c->templates);
	free(c->lang);
	free(c->manifest);
	free(c->results_csv);
	free(c->results_xml);
	free(c->bytes);
	memset(c, 0, sizeof(*c));
}
