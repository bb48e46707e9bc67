/*
 * sniff.c - what a file that is not the XML we expect looks like, so that
 * the message says what to do rather than what libxml2 tripped on.
 *
 * Called by the engine (xml.c) on the first chunk of every file, before
 * any parsing: a document of ours begins with '<' (after an optional
 * UTF-8 byte order mark and white space), so anything else that is
 * recognisably a PDF, a spreadsheet, a zip archive, JSON or a CSV/TSV
 * table is named as such (rule NOT-XML), with the command that reads it.
 * And when libxml2 finds bytes that are not UTF-8, the byte is shown as
 * the Windows-1252 character it most likely is, with the conversion.
 * Nothing here parses: a few bytes are compared, so hostile input costs
 * at most one pass over the first chunk.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "validate/internal.h"

/* How much of a CSV's first line a message quotes. */
#define QUOTE_MAX 60

static bool
starts(const unsigned char *p, size_t n, const char *lit)
{
	size_t l = strlen(lit);

	return n >= l && memcmp(p, lit, l) == 0;
}

/* Is lit somewhere in p[0..n)? */
static bool
contains(const unsigned char *p, size_t n, const char *lit)
{
	size_t l = strlen(lit), i;

	for (i = 0; l <= n && i <= n - l; i++)
		if (p[i] == (unsigned char)lit[0] && memcmp(p + i, lit, l) == 0)
			return true;
	return false;
}

/* The command that turns a table into a disclosure (eitirep-profile(5)). */
static void
import_hint(char *out, size_t n, const char *what, const char *name)
{
	snprintf(out, n,
	    "the file is %s, not an XML document: import it with `eitirep "
	    "import %s --profile PROFILE`, or name it in the manifest with "
	    "profile=\"PROFILE\"",
	    what, name);
}

/*
 * A first line of text with a delimiter and no '<' looks like a table.
 * text/n is the start of the file (after a byte order mark).  Returns the
 * delimiter, or 0.
 */
static char
table_delimiter(const unsigned char *text, size_t n, size_t *line_len)
{
	static const char delims[] = ",;\t|";
	size_t count[sizeof(delims)] = {0}, i, best = 0;
	const char *d;

	for (i = 0; i < n && text[i] != '\n'; i++) {
		if (text[i] == '<' || text[i] == '\0')
			return 0;
		if (text[i] < 0x20 && text[i] != '\t' && text[i] != '\r')
			return 0; /* control bytes: binary, not text */
		if ((d = strchr(delims, text[i])) != NULL)
			count[d - delims]++;
	}
	*line_len = i;
	while (*line_len > 0 && text[*line_len - 1] == '\r')
		(*line_len)--;
	for (i = 1; i < sizeof(delims) - 1; i++)
		if (count[i] > count[best])
			best = i;
	return count[best] > 0 ? delims[best] : 0;
}

/* The first line, quoted, cut at QUOTE_MAX bytes (never inside a UTF-8
 * sequence). */
static void
quote_line(char *out, size_t n, const unsigned char *text, size_t len)
{
	size_t k = len;

	if (k > QUOTE_MAX) {
		k = QUOTE_MAX;
		while (k > 0 && (text[k] & 0xC0) == 0x80)
			k--;
	}
	snprintf(out, n, "'%.*s%s'", (int)k, (const char *)text,
	    k < len ? "..." : "");
}

/*
 * UTF-16 text (a byte order mark) as the ASCII it holds: every other
 * byte, as long as the other one is 0.  Enough to tell an XML document
 * from a spreadsheet's "Unicode text" export.  Returns the length.
 */
static size_t
utf16_ascii(
    unsigned char *out, size_t cap, const unsigned char *p, size_t n, bool le)
{
	size_t i, k = 0;

	for (i = 2; i + 1 < n && k < cap; i += 2) {
		unsigned char lo = le ? p[i] : p[i + 1];
		unsigned char hi = le ? p[i + 1] : p[i];

		if (hi != 0)
			break;
		out[k++] = lo;
	}
	return k;
}

int
vx_sniff_not_xml(
    char *msg, size_t msgsz, const char *buf, size_t n, const char *name)
{
	const unsigned char *p = (const unsigned char *)buf;
	unsigned char ascii[512];
	size_t len;
	char delim, quote[QUOTE_MAX + 8];

	if (starts(p, n, "%PDF-")) {
		snprintf(msg, msgsz,
		    "the file is a PDF document, not XML: eitirep reads "
		    "disclosures, manifests and results as XML; to check a "
		    "published report against its sources, use `eitirep "
		    "verify MANIFEST %s`",
		    name);
		return 1;
	}
	if (starts(p, n, "PK\x03\x04")) {
		/* Zip: the names of the first entries are in the first
		 * local headers, within the first chunk. */
		if (contains(p, n, "xl/"))
			import_hint(msg, msgsz, "an xlsx workbook", name);
		else if (contains(p, n, "mimetype") &&
			 contains(p, n,
			     "application/vnd.oasis.opendocument.spreadsheet"))
			import_hint(msg, msgsz, "an ods spreadsheet", name);
		else
			snprintf(msg, msgsz,
			    "the file is a zip archive, not an XML document");
		return 1;
	}
	if ((starts(p, n, "\xff\xfe") || starts(p, n, "\xfe\xff")) &&
	    !(n >= 4 && p[2] == 0 && p[3] == 0)) { /* not UTF-32LE */
		/* UTF-16 XML is libxml2's to detect (rule ENCODING); UTF-16
		 * text that is not XML is most often a spreadsheet saved as
		 * "Unicode text". */
		len = utf16_ascii(ascii, sizeof(ascii), p, n, p[0] == 0xff);
		if (len > 0 && ascii[0] != '<' &&
		    (delim = table_delimiter(ascii, len, &len)) != 0) {
			snprintf(msg, msgsz,
			    "the file is UTF-16 text that looks like a %s "
			    "table (a spreadsheet's \"Unicode text\"), not "
			    "XML: convert it with `iconv -f UTF-16 -t UTF-8 "
			    "%s > %s.utf8` and import that with `eitirep "
			    "import`",
			    delim == '\t' ? "tab-separated" : "delimited", name,
			    name);
			return 1;
		}
		return 0;
	}
	if (starts(p, n, "\xef\xbb\xbf")) { /* UTF-8 byte order mark */
		p += 3;
		n -= 3;
	}
	while (n > 0 && (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n')) {
		p++;
		n--;
	}
	if (n == 0 || *p == '<')
		return 0; /* XML, or empty: the parser says what is wrong */
	if (*p == '{' || *p == '[') {
		snprintf(msg, msgsz,
		    "the file looks like JSON, not XML: eitirep reads "
		    "disclosures as XML in the namespace "
		    "urn:eitirep:disclosure:1 (schemas/disclosure.xsd)");
		return 1;
	}
	if ((delim = table_delimiter(p, n, &len)) != 0) {
		char what[128];

		quote_line(quote, sizeof(quote), p, len);
		snprintf(what, sizeof(what), "%s table (first line %s)",
		    delim == '\t'  ? "a tab-separated"
		    : delim == ';' ? "a semicolon-separated"
		    : delim == '|' ? "a '|'-separated"
				   : "a CSV",
		    quote);
		import_hint(msg, msgsz, what, name);
		return 1;
	}
	return 0;
}

/*
 * Windows-1252 bytes 0x80-0x9F as UTF-8 (NULL where the code page
 * leaves the byte undefined); 0xA0-0xFF are U+00A0-U+00FF, as in
 * ISO-8859-1.
 */
static const char *const cp1252_c1[32] = {"\u20ac", NULL, "\u201a", "\u0192",
    "\u201e", "\u2026", "\u2020", "\u2021", "\u02c6", "\u2030", "\u0160",
    "\u2039", "\u0152", NULL, "\u017d", NULL, NULL, "\u2018", "\u2019",
    "\u201c", "\u201d", "\u2022", "\u2013", "\u2014", "\u02dc", "\u2122",
    "\u0161", "\u203a", "\u0153", NULL, "\u017e", "\u0178"};

/* The UTF-8 text of Windows-1252 byte b into out (at least 5 bytes), or
 * false when b is not a character of that code page. */
static bool
cp1252_char(char *out, unsigned char b)
{
	if (b < 0x80)
		return false;
	if (b < 0xA0) {
		if (cp1252_c1[b - 0x80] == NULL)
			return false;
		strcpy(out, cp1252_c1[b - 0x80]);
		return true;
	}
	if (b == 0xA0 || b == 0xAD)
		return false; /* invisible in a message */
	out[0] = (char)(0xC0 | (b >> 6));
	out[1] = (char)(0x80 | (b & 0x3F));
	out[2] = '\0';
	return true;
}

int
vx_sniff_not_utf8(
    char *msg, size_t msgsz, const char *libxml_msg, const char *name)
{
	static const char pre[] = "Input is not proper UTF-8";
	const char *b;
	char ch[8];
	unsigned long byte;

	if (libxml_msg == NULL || strncmp(libxml_msg, pre, sizeof(pre) - 1))
		return 0;
	/* "... indicate encoding ! Bytes: 0xED 0x61 0x22 0x20" */
	b = strstr(libxml_msg, "Bytes: 0x");
	if (b == NULL)
		return 0;
	byte = strtoul(b + strlen("Bytes: "), NULL, 16);
	if (byte > 0xFF || !cp1252_char(ch, (unsigned char)byte)) {
		snprintf(msg, msgsz,
		    "the file is not UTF-8 (byte 0x%02lX here): eitirep reads "
		    "UTF-8 only; convert the file to UTF-8",
		    byte);
		return 1;
	}
	snprintf(msg, msgsz,
	    "the file is not UTF-8: byte 0x%02lX here is '%s' in "
	    "Windows-1252, the encoding the file seems to be in; eitirep "
	    "reads UTF-8 only: convert it with `iconv -f WINDOWS-1252 -t "
	    "UTF-8 %s > %s.utf8`",
	    byte, ch, name, name);
	return 1;
}
