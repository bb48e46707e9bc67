/*
 * body.c - is a fetched body the document its source must be?  (eitirep(1),
 * fetch, eitirep(1) fetch)
 *
 * `eitirep fetch` asks before a body replaces the last good copy in the
 * cache: a server that answers 200 with a JSON error object, a "Service
 * Unavailable" text, a maintenance page (HTML, or XHTML served as XML), a
 * body cut short, or another XML document must never overwrite a good
 * disclosure.  The check is a streaming parse with no handler but the root
 * element's and no schema, in constant memory (the fetcher has capped the
 * size): well-formed XML, no DOCTYPE, the expected root element in its
 * namespace.  The schema and the rules are left to `reconcile`, which
 * reports them at their lines: a schema-invalid disclosure is still the
 * publisher's document, and keeping an older copy in its place would hide
 * what the publisher did.
 *
 * The parser is the one every document gets (xml.c): the same options
 * (never NOENT, DTD loading or HUGE), the same deny-all entity loader.
 */
#include "config.h"

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include <libxml/parser.h>
#include <libxml/xmlerror.h>

#include "validate/internal.h"
#include "validate/validate.h"

#define CHUNK (64 * 1024)
/* How much of a body that is not XML a message quotes. */
#define QUOTE_MAX 40

static int say(char *why, size_t whysz, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* Write the reason a body is refused; returns 1. */
static int
say(char *why, size_t whysz, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(why, whysz, fmt, ap);
	va_end(ap);
	return 1;
}

struct bcheck {
	xmlParserCtxtPtr ctxt;
	enum eiti_doc_kind expect;
	bool root_seen, refused;
	char *why;
	size_t whysz;
};

static void
stop(struct bcheck *b)
{
	b->refused = true;
	xmlStopParser(b->ctxt);
}

static void refuse(struct bcheck *b, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static void
refuse(struct bcheck *b, const char *fmt, ...)
{
	va_list ap;

	if (b->refused)
		return;
	va_start(ap, fmt);
	vsnprintf(b->why, b->whysz, fmt, ap);
	va_end(ap);
	stop(b);
}

static void
on_root(void *ud, const xmlChar *local, const xmlChar *prefix,
    const xmlChar *uri, int nns, const xmlChar **ns, int nattr, int ndef,
    const xmlChar **attrs)
{
	struct bcheck *b = ud;
	const char *want_ns = vx_kind_ns(b->expect);
	const char *want = vx_kind_root(b->expect);
	const char *l = (const char *)local, *u = (const char *)uri;

	(void)prefix;
	(void)nns;
	(void)ns;
	(void)nattr;
	(void)ndef;
	(void)attrs;
	if (b->root_seen)
		return;
	b->root_seen = true;
	if (u != NULL && strcmp(u, want_ns) == 0 && strcmp(l, want) == 0)
		return; /* the rest must still be well-formed */
	if (strcasecmp(l, "html") == 0)
		refuse(b,
		    "the body is an %s page (root element '%s'), not a %s "
		    "document",
		    u != NULL ? "XHTML" : "HTML", l, want);
	else if (u != NULL)
		refuse(b,
		    "the body's root element is '%s' in namespace '%s', not "
		    "'%s' in %s",
		    l, u, want, want_ns);
	else
		refuse(b,
		    "the body's root element is '%s' without a namespace, not "
		    "'%s' in %s",
		    l, want, want_ns);
}

static void
on_doctype(
    void *ud, const xmlChar *name, const xmlChar *ext, const xmlChar *sys)
{
	struct bcheck *b = ud;

	(void)ext;
	(void)sys;
	if (name != NULL && strcasecmp((const char *)name, "html") == 0)
		refuse(b,
		    "the body is an HTML page (<!DOCTYPE html>), not a "
		    "%s document",
		    vx_kind_root(b->expect));
	else
		refuse(b, "the body has a DOCTYPE, which an eitirep document "
			  "never has");
}

static void
on_error(void *ud, xmlErrorPtr e)
{
	struct bcheck *b = ud;
	char msg[512];
	size_t n;

	if (e->level < XML_ERR_ERROR || b->refused)
		return;
	snprintf(msg, sizeof(msg), "%s",
	    e->message != NULL ? e->message : "unknown error");
	/* libxml2's messages may span lines ("... indicate encoding !\n
	 * Bytes: 0x93 ..."): a reason is one line. */
	for (n = 0; msg[n] != '\0'; n++)
		if (msg[n] == '\n' || msg[n] == '\r')
			msg[n] = ' ';
	while (n > 0 && msg[n - 1] == ' ')
		msg[--n] = '\0';
	refuse(b, "the body is not well-formed XML: line %d: %s", e->line, msg);
}

/* The first bytes of a body that does not start like XML, quoted with
 * anything but printable ASCII shown as '?'. */
static void
quote_start(char *out, size_t outsz, const unsigned char *p, size_t n)
{
	size_t i, o = 0;

	for (i = 0; i < n && i < QUOTE_MAX && o + 2 < outsz; i++) {
		if (p[i] == '\n' || p[i] == '\r')
			break;
		out[o++] = p[i] >= 0x20 && p[i] < 0x7f ? (char)p[i] : '?';
	}
	out[o] = '\0';
}

/* Refuse a body that is recognisably not XML: 1 with why set. */
static int
not_xml(const unsigned char *p, size_t n, char *why, size_t whysz)
{
	char quote[QUOTE_MAX + 1];

	if (n >= 2 && p[0] == 0x1f && p[1] == 0x8b)
		return say(why, whysz,
		    "the body is gzip-compressed data (a "
		    "Content-Encoding the server did not declare)");
	if (n >= 5 && memcmp(p, "%PDF-", 5) == 0)
		return say(why, whysz, "the body is a PDF document");
	if (n >= 4 && memcmp(p, "PK\x03\x04", 4) == 0)
		return say(why, whysz,
		    "the body is a zip archive (a workbook?): a table "
		    "is read through a profile (profile=\"...\")");
	if (n >= 3 && memcmp(p, "\xef\xbb\xbf", 3) == 0) {
		p += 3;
		n -= 3;
	}
	while (n > 0 && (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n')) {
		p++;
		n--;
	}
	if (n == 0)
		return say(why, whysz, "the body is empty");
	if (*p == '<')
		return 0;
	if ((p[0] == 0xff && n > 1 && p[1] == 0xfe) ||
	    (p[0] == 0xfe && n > 1 && p[1] == 0xff))
		return 0; /* UTF-16: the parser decides */
	quote_start(quote, sizeof(quote), p, n);
	if (*p == '{' || *p == '[')
		return say(why, whysz,
		    "the body is JSON, not XML (it begins \"%s\")", quote);
	return say(why, whysz, "the body is not XML: it begins \"%s\"", quote);
}

static ssize_t
read_some(int fd, char *buf, size_t n)
{
	ssize_t got;

	do
		got = read(fd, buf, n);
	while (got < 0 && errno == EINTR);
	return got;
}

/* Parse the rest of fd after the first chunk (buf, got). */
static int
parse(struct bcheck *b, int fd, char *buf, ssize_t got, const char *path,
    struct eiti_err *err)
{
	xmlSAXHandler sax;
	size_t first = got < 4 ? (size_t)got : 4;

	memset(&sax, 0, sizeof(sax));
	sax.initialized = XML_SAX2_MAGIC;
	sax.startElementNs = on_root;
	sax.internalSubset = on_doctype;
	sax.serror = on_error;
	b->ctxt = xmlCreatePushParserCtxt(&sax, b, buf, (int)first, NULL);
	if (b->ctxt == NULL) {
		fputs("eitirep: out of memory\n", stderr);
		abort();
	}
	if (xmlCtxtUseOptions(b->ctxt, eiti_xml_parse_options()) != 0) {
		fputs("eitirep: libxml2 refused the parser options\n", stderr);
		abort();
	}
	(void)xmlParseChunk(
	    b->ctxt, buf + first, (int)((size_t)got - first), 0);
	while (!b->refused && b->ctxt->instate != XML_PARSER_EOF) {
		got = read_some(fd, buf, CHUNK);
		if (got < 0)
			return eiti_err_set(err, EITI_ERR_IO,
			    "%s: read error: %s", path, strerror(errno));
		(void)xmlParseChunk(b->ctxt, buf, (int)got, got == 0);
		if (got == 0)
			break;
	}
	if (!b->refused && !b->ctxt->wellFormed)
		refuse(b, "the body is not well-formed XML");
	else if (!b->refused && !b->root_seen)
		refuse(b, "the body has no root element");
	return 0;
}

int
eiti_validate_body(const char *path, enum eiti_doc_kind expect, char *why,
    size_t whysz, struct eiti_err *err)
{
	struct bcheck b;
	char *buf = NULL;
	ssize_t got;
	int fd, rc = -1;

	eiti_xml_init();
	memset(&b, 0, sizeof(b));
	b.expect = expect;
	b.why = why;
	b.whysz = whysz;
	why[0] = '\0';
	if (vx_kind_root(expect) == NULL)
		return eiti_err_set(err, EITI_ERR_IO,
		    "validate: no body check for this kind of document");
	fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY);
	if (fd < 0)
		return eiti_err_set(
		    err, EITI_ERR_IO, "%s: %s", path, strerror(errno));
	buf = eiti_xmalloc(CHUNK);
	got = read_some(fd, buf, CHUNK);
	if (got < 0) {
		eiti_err_set(err, EITI_ERR_IO, "%s: read error: %s", path,
		    strerror(errno));
		goto out;
	}
	if (not_xml((const unsigned char *)buf, (size_t)got, why, whysz)) {
		rc = 1;
		goto out;
	}
	if (parse(&b, fd, buf, got, path, err) != 0)
		goto out;
	rc = b.refused ? 1 : 0;
out:
	if (b.ctxt != NULL)
		xmlFreeParserCtxt(b.ctxt);
	free(buf);
	close(fd);
	return rc;
}

int
eiti_validate_table_body(
    const char *path, char *why, size_t whysz, struct eiti_err *err)
{
	unsigned char buf[4096];
	ssize_t got;
	size_t i, n;
	int fd;

	why[0] = '\0';
	fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY);
	if (fd < 0)
		return eiti_err_set(
		    err, EITI_ERR_IO, "%s: %s", path, strerror(errno));
	got = read_some(fd, (char *)buf, sizeof(buf));
	close(fd);
	if (got < 0)
		return eiti_err_set(err, EITI_ERR_IO, "%s: read error: %s",
		    path, strerror(errno));
	n = (size_t)got;
	if (n >= 4 && memcmp(buf, "PK\x03\x04", 4) == 0) {
		/* the first entries of an xlsx or ods workbook */
		for (i = 0; i + 3 <= n; i++)
			if (memcmp(buf + i, "xl/", 3) == 0 ||
			    (i + 8 <= n && memcmp(buf + i, "mimetype", 8) == 0))
				return 0;
		return say(why, whysz,
		    "the body is a zip archive but not an xlsx or ods "
		    "workbook");
	}
	if (n == 0)
		return say(why, whysz, "the body is empty");
	/* Delimited text: no NUL byte (UTF-16 text has them: a table saved
	 * as "Unicode text" is converted first) and not markup or JSON. */
	if (memchr(buf, '\0', n) != NULL)
		return say(why, whysz, "the body is binary data, not a table");
	for (i = 0; i < n && isspace(buf[i]); i++)
		;
	if (i < n && (buf[i] == '<' || buf[i] == '{' || buf[i] == '['))
		return say(why, whysz, "the body is %s, not a table",
		    buf[i] == '<' ? "markup (an HTML page?)" : "JSON");
	return 0;
}
