/*
 * pdfpost.c - the last touch to the PDF cairo 1.16 writes: the catalog
 * gains /Lang (ISO 32000-1 14.9.2; PDF/UA asks for it) and
 * /ViewerPreferences << /DisplayDocTitle true >>, and a new Info
 * dictionary carries the standard metadata plus the keys `eitirep
 * verify` reads, which an XMP packet (the catalog's /Metadata) repeats
 * with every source's digest, for readers that see no custom Info key.  cairo
 * writes the catalog as its last object, then the cross-reference table and the
 * trailer; render.c holds that tail back, and this file rewrites it: objects
 * before the catalog keep their offsets, the Info dictionary becomes a new last
 * object, and the table gains its entry.  Anything that does not look like that
 * is an error, never a guess.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/err.h"
#include "core/url.h"
#include "render/rint.h"

struct obuf {
	char *s;
	size_t n, cap;
};

static void
put(struct obuf *b, const void *p, size_t n)
{
	if (b->n + n + 1 > b->cap) {
		b->cap = (b->n + n + 1) * 2;
		b->s = eiti_xrealloc(b->s, b->cap);
	}
	memcpy(b->s + b->n, p, n);
	b->n += n;
	b->s[b->n] = '\0';
}

static void
puts_(struct obuf *b, const char *s)
{
	put(b, s, strlen(s));
}

static void
printf_(struct obuf *b, const char *fmt, long long v)
{
	char tmp[64];
	int n = snprintf(tmp, sizeof(tmp), fmt, v);

	put(b, tmp, (size_t)n);
}

/* Decode one UTF-8 sequence (the strings are clean: r_clean()). */
static size_t
utf8(const unsigned char *s, uint32_t *cp)
{
	if (s[0] < 0x80) {
		*cp = s[0];
		return 1;
	}
	if ((s[0] & 0xe0) == 0xc0 && s[1]) {
		*cp = ((uint32_t)(s[0] & 0x1f) << 6) | (s[1] & 0x3f);
		return 2;
	}
	if ((s[0] & 0xf0) == 0xe0 && s[1] && s[2]) {
		*cp = ((uint32_t)(s[0] & 0x0f) << 12) |
		      ((uint32_t)(s[1] & 0x3f) << 6) | (s[2] & 0x3f);
		return 3;
	}
	if ((s[0] & 0xf8) == 0xf0 && s[1] && s[2] && s[3]) {
		*cp = ((uint32_t)(s[0] & 0x07) << 18) |
		      ((uint32_t)(s[1] & 0x3f) << 12) |
		      ((uint32_t)(s[2] & 0x3f) << 6) | (s[3] & 0x3f);
		return 4;
	}
	*cp = 0xfffd;
	return 1;
}

/* A PDF text string: printable ASCII as a literal string, anything else
 * as UTF-16BE with a byte order mark, in hexadecimal (7.9.2.2). */
static void
pdf_string(struct obuf *b, const char *s)
{
	static const char hex[] = "0123456789ABCDEF";
	const unsigned char *u = (const unsigned char *)s;
	size_t i;
	bool ascii = true;

	for (i = 0; u[i] != '\0'; i++)
		if (u[i] < 0x20 || u[i] > 0x7e)
			ascii = false;
	if (ascii) {
		put(b, "(", 1);
		for (i = 0; u[i] != '\0'; i++) {
			if (u[i] == '(' || u[i] == ')' || u[i] == '\\')
				put(b, "\\", 1);
			put(b, &u[i], 1);
		}
		put(b, ")", 1);
		return;
	}
	puts_(b, "<FEFF");
	for (i = 0; u[i] != '\0';) {
		uint32_t cp, unit[2];
		int k, nu = 1;

		i += utf8(u + i, &cp);
		unit[0] = cp;
		if (cp >= 0x10000) {
			cp -= 0x10000;
			unit[0] = 0xd800 | (cp >> 10);
			unit[1] = 0xdc00 | (cp & 0x3ff);
			nu = 2;
		}
		for (k = 0; k < nu; k++) {
			char h[4] = {hex[(unit[k] >> 12) & 15],
			    hex[(unit[k] >> 8) & 15], hex[(unit[k] >> 4) & 15],
			    hex[unit[k] & 15]};

			put(b, h, 4);
		}
	}
	puts_(b, ">");
}

static void
info_key(struct obuf *b, const char *key, const char *value)
{
	if (value == NULL || value[0] == '\0')
		return;
	puts_(b, " /");
	puts_(b, key);
	put(b, " ", 1);
	pdf_string(b, value);
	put(b, "\n", 1);
}

/* "2023-11-14T22:13:20Z" -> "D:20231114221320Z" (7.9.4). */
static void
pdf_date(char out[24], const char *iso)
{
	snprintf(out, 24, "D:%.4s%.2s%.2s%.2s%.2s%.2sZ", iso, iso + 5, iso + 8,
	    iso + 11, iso + 14, iso + 17);
}

static void
info_dict(struct obuf *b, const struct rinfo *in)
{
	char date[24];

	pdf_date(date, in->date);
	puts_(b, "<<\n");
	info_key(b, "Title", in->title);
	info_key(b, "Author", in->author);
	info_key(b, "Subject", in->subject);
	info_key(b, "Keywords", in->keywords);
	info_key(b, "Creator", in->creator);
	info_key(b, "Producer",
	    "cairo " CAIRO_VERSION_STRING " (https://cairographics.org)");
	info_key(b, "CreationDate", date);
	info_key(b, "ModDate", date);
	info_key(b, "EitirepVersion", in->version);
	info_key(b, "EitirepTemplates", in->templates);
	info_key(b, "EitirepLang", in->lang);
	info_key(b, "EitirepEpoch", in->epoch);
	info_key(b, "EitirepManifest", in->manifest);
	info_key(b, "EitirepResultsCsv", in->results_csv);
	info_key(b, "EitirepResultsXml", in->results_xml);
	puts_(b, ">>");
}

/* Text as XML character data or an attribute value: the markup
 * characters as references; a control character (never in a clean
 * string, but a source's href is the manifest's) as U+FFFD. */
static void
xml_text(struct obuf *b, const char *s)
{
	const unsigned char *u = (const unsigned char *)(s != NULL ? s : "");

	for (; *u != '\0'; u++)
		switch (*u) {
		case '&':
			puts_(b, "&amp;");
			break;
		case '<':
			puts_(b, "&lt;");
			break;
		case '>':
			puts_(b, "&gt;");
			break;
		case '"':
			puts_(b, "&quot;");
			break;
		default:
			if (*u < 0x20)
				puts_(b, "\xEF\xBF\xBD");
			else
				put(b, u, 1);
		}
}

static void
xmp_key(struct obuf *b, const char *key, const char *value)
{
	puts_(b, "   <eitirep:");
	puts_(b, key);
	put(b, ">", 1);
	xml_text(b, value);
	puts_(b, "</eitirep:");
	puts_(b, key);
	puts_(b, ">\n");
}

/* The XMP packet (ISO 16684-1) of the catalog's /Metadata: what `eitirep
 * verify` reads back (namespace urn:eitirep:verify:1): the keys of the
 * Info dictionary and every source with its SHA-256, in the results'
 * order. */
static void
xmp_packet(struct obuf *b, const struct rinfo *in)
{
	size_t i;

	puts_(b, "<?xpacket begin=\"\xEF\xBB\xBF\" "
		 "id=\"W5M0MpCehiHzreSzNTczkc9d\"?>\n"
		 "<x:xmpmeta xmlns:x=\"adobe:ns:meta/\">\n"
		 " <rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/"
		 "22-rdf-syntax-ns#\">\n"
		 "  <rdf:Description rdf:about=\"\" "
		 "xmlns:eitirep=\"urn:eitirep:verify:1\">\n");
	xmp_key(b, "version", in->version);
	xmp_key(b, "templates", in->templates);
	xmp_key(b, "lang", in->lang);
	xmp_key(b, "epoch", in->epoch);
	xmp_key(b, "generated", in->generated);
	xmp_key(b, "manifest", in->manifest);
	xmp_key(b, "resultsCsv", in->results_csv);
	xmp_key(b, "resultsXml", in->results_xml);
	puts_(b, "   <eitirep:sources>\n    <rdf:Seq>\n");
	for (i = 0; i < in->nsources; i++) {
		/* never a user name or password (core/url.h) */
		char *href = eiti_url_redacted(in->sources[i].href);

		puts_(b, "     <rdf:li rdf:parseType=\"Resource\">"
			 "<eitirep:href>");
		xml_text(b, href);
		free(href);
		puts_(b, "</eitirep:href><eitirep:sha256>");
		xml_text(b, in->sources[i].sha256);
		puts_(b, "</eitirep:sha256></rdf:li>\n");
	}
	puts_(b, "    </rdf:Seq>\n   </eitirep:sources>\n"
		 "  </rdf:Description>\n </rdf:RDF>\n</x:xmpmeta>\n"
		 "<?xpacket end=\"r\"?>");
}

/* The last occurrence of needle in [s, s + n), or NULL. */
static const char *
rfind(const char *s, size_t n, const char *needle)
{
	size_t k = strlen(needle), i;

	for (i = n; i >= k && i-- > 0;)
		if (i + k <= n && memcmp(s + i, needle, k) == 0)
			return s + i;
	return NULL;
}

/* The integer after key (e.g. "/Size ") within [s, end), or -1. */
static long long
int_after(const char *s, const char *end, const char *key)
{
	const char *p = s;
	size_t k = strlen(key);

	for (; p + k < end; p++)
		if (memcmp(p, key, k) == 0) {
			long long v = 0;

			p += k;
			if (p >= end || *p < '0' || *p > '9')
				return -1;
			while (p < end && *p >= '0' && *p <= '9' &&
			       v < 1000000000000LL)
				v = v * 10 + (*p++ - '0');
			return v;
		}
	return -1;
}

struct tail {
	long long xref, size, root, info;
	size_t cat, cat_end; /* the catalog: [cat, cat_end) of buf */
	size_t dict_end;     /* its closing ">>" */
	size_t xref_at;	     /* the table: buf + xref_at */
};

static int
bad(struct eiti_err *err, const char *what)
{
	return eiti_err_set(err, EITI_ERR_IO,
	    "render: internal error: cairo's PDF has no %s where expected",
	    what);
}

/* Find the trailer, the table, the catalog in buf (file offset base). */
static int
parse_tail(struct tail *t, const char *buf, size_t n, long long base,
    struct eiti_err *err)
{
	const char *end = buf + n, *tr, *sx, *entry, *obj, *eo;
	char head[32];

	if ((sx = rfind(buf, n, "startxref\n")) == NULL)
		return bad(err, "startxref");
	t->xref = int_after(sx, end, "startxref\n");
	if ((tr = rfind(buf, n, "trailer\n")) == NULL)
		return bad(err, "trailer");
	t->size = int_after(tr, sx, "/Size ");
	t->root = int_after(tr, sx, "/Root ");
	t->info = int_after(tr, sx, "/Info ");
	if (t->xref < base || t->xref - base >= (long long)n || t->size <= 0 ||
	    t->root <= 0 || t->root >= t->size)
		return bad(err, "usable trailer");
	t->xref_at = (size_t)(t->xref - base);
	snprintf(head, sizeof(head), "xref\n0 %lld\n", t->size);
	if (strncmp(buf + t->xref_at, head, strlen(head)) != 0)
		return bad(err, "single cross-reference section");
	if (buf + t->xref_at + strlen(head) + 20 * (size_t)t->size > tr)
		return bad(err, "complete cross-reference table");
	entry = buf + t->xref_at + strlen(head) + 20 * (size_t)t->root;
	if (entry + 20 > tr || entry[10] != ' ' || entry[17] != 'n')
		return bad(err, "catalog entry");
	t->cat = (size_t)(strtoll(entry, NULL, 10) - base);
	if (strtoll(entry, NULL, 10) < base || t->cat >= t->xref_at)
		return bad(err, "catalog in the held tail");
	obj = buf + t->cat;
	snprintf(head, sizeof(head), "%lld 0 obj\n", t->root);
	if (strncmp(obj, head, strlen(head)) != 0 ||
	    strstr(obj, "/Type /Catalog") == NULL)
		return bad(err, "catalog object");
	eo = rfind(obj, (size_t)(buf + t->xref_at - obj), "endobj");
	if (eo == NULL)
		return bad(err, "end of the catalog");
	t->cat_end = (size_t)(eo - buf) + 6;
	obj = rfind(buf + t->cat, (size_t)(eo - obj), ">>");
	if (obj == NULL)
		return bad(err, "catalog dictionary");
	t->dict_end = (size_t)(obj - buf);
	return 0;
}

int
r_pdf_post(char **out, size_t *nout, const char *buf, size_t n, long long base,
    const struct rinfo *info, struct eiti_err *err)
{
	struct obuf b = {NULL, 0, 0}, xmp = {NULL, 0, 0};
	struct tail t;
	long long info_off, meta_off, xref_off;
	const char *tab;

	*out = NULL;
	*nout = 0;
	memset(&t, 0, sizeof(t));
	if (parse_tail(&t, buf, n, base, err) != 0)
		return -1;
	/* everything up to the catalog's closing >>, then the additions */
	put(&b, buf, t.dict_end);
	puts_(&b, " /Lang ");
	pdf_string(&b, info->lang);
	puts_(&b, " /ViewerPreferences << /DisplayDocTitle true >> ");
	printf_(&b, "/Metadata %lld 0 R ", t.size);
	put(&b, buf + t.dict_end, t.cat_end - t.dict_end);
	puts_(&b, "\n");
	/* the XMP packet, then the Info dictionary: two new objects */
	xmp_packet(&xmp, info);
	meta_off = base + (long long)b.n;
	printf_(&b, "%lld 0 obj\n", t.size);
	printf_(&b,
	    "<< /Type /Metadata /Subtype /XML /Length %lld >>\nstream\n",
	    (long long)xmp.n);
	put(&b, xmp.s, xmp.n);
	puts_(&b, "\nendstream\nendobj\n");
	free(xmp.s);
	info_off = base + (long long)b.n;
	printf_(&b, "%lld 0 obj\n", t.size + 1);
	info_dict(&b, info);
	puts_(&b, "\nendobj\n");
	xref_off = base + (long long)b.n;
	printf_(&b, "xref\n0 %lld\n", t.size + 2);
	tab = buf + t.xref_at +
	      (strchr(buf + t.xref_at + 5, '\n') + 1 - (buf + t.xref_at));
	put(&b, tab, 20 * (size_t)t.size);
	printf_(&b, "%010lld 00000 n \n", meta_off);
	printf_(&b, "%010lld 00000 n \n", info_off);
	printf_(&b, "trailer\n<< /Size %lld\n", t.size + 2);
	printf_(&b, "   /Root %lld 0 R\n", t.root);
	printf_(&b, "   /Info %lld 0 R\n>>\n", t.size + 1);
	printf_(&b, "startxref\n%lld\n%%%%EOF\n", xref_off);
	*out = b.s;
	*nout = b.n;
	return 0;
}
