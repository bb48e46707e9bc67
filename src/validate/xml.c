/*
 * xml.c - safe parsing and streaming XSD validation (libxml2 2.9).
 *
 * Policy for untrusted input (measured on
 * libxml2 2.9.14):
 *   - the parser options never include NOENT, DTDLOAD, DTDATTR,
 *     DTDVALID, XINCLUDE or HUGE; NONET always (eiti_xml_parse_options(),
 *     checked by tests/check_validate.c);
 *   - any DOCTYPE is refused (SEC-DOCTYPE) from the internalSubset SAX
 *     event, which libxml2 sends before it reads a single declaration of
 *     the internal subset, so no entity is ever declared, let alone
 *     expanded;
 *   - the external entity loader is replaced, process-wide, by one that
 *     only opens files under the schemas directory (realpath + prefix),
 *     and catalogs are off;
 *   - input is read by our own read() loop from a file descriptor, in
 *     64 KiB chunks, with a size cap (EITI_XML_MAX_SIZE_DEFAULT, 1 GiB),
 *     and pushed into a push parser, so memory does not grow with the
 *     file; libxml2's own limits (depth 256, 10 MB text or attribute,
 *     50,000-byte names) stay on.
 *
 * The kind of document comes from its root element.  A first push parser
 * reads only up to the root start tag (normally within the first chunk,
 * which is kept); the real parse then starts from byte 0 with the schema
 * of that kind plugged into the SAX stream (xmlSchemaSAXPlug).
 */
#include "config.h"

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <libxml/catalog.h>
#include <libxml/parser.h>
#include <libxml/parserInternals.h>
#include <libxml/xmlerror.h>
#include <libxml/xmlschemas.h>

#include "core/err.h"
#include "core/paths.h"
#include "model/item.h"
#include "validate/internal.h"
#include "validate/validate.h"

#define CHUNK_SIZE (64 * 1024)
/* The root start tag must appear within this many bytes (comments and
 * processing instructions before it are legal but never that long). */
#define PROBE_MAX (8 * 1024 * 1024)

static bool xml_ready;
static char *schemas_real; /* realpath of the schemas directory */
static unsigned long long max_size = EITI_XML_MAX_SIZE_DEFAULT;
static unsigned long denied_loads;
static xmlSchemaPtr schema_cache[EITI_DOC_PROFILE + 1];
/* The compiled disclosure schema is the one the <payment> shortcut
 * follows (xsdfast.c), and the shortcut is wanted. */
static bool fast_schema, fast_wanted = true;
static unsigned long fast_taken; /* payments short-cut, all runs */

static const struct kind_info {
	const char *ns, *root, *schema, *what;
} kinds[] = {
    [EITI_DOC_UNKNOWN] = {NULL, NULL, NULL, "document"},
    [EITI_DOC_DISCLOSURE] = {VX_NS_DISCLOSURE, "disclosure",
	"schemas/disclosure.xsd", "disclosure"},
    [EITI_DOC_MANIFEST] = {VX_NS_MANIFEST, "reconciliation",
	"schemas/manifest.xsd", "manifest"},
    [EITI_DOC_ADJUSTMENTS] = {VX_NS_ADJUSTMENTS, "adjustments",
	"schemas/adjustments.xsd", "adjustments file"},
    /* results.xml: any root in the namespace; its schema decides. */
    [EITI_DOC_RESULTS] = {VX_NS_RESULTS, NULL, "schemas/results.xsd",
	"results file"},
    [EITI_DOC_PROFILE] = {VX_NS_PROFILE, "profile", "schemas/profile.xsd",
	"profile"},
};

const char *
vx_kind_ns(enum eiti_doc_kind kind)
{
	return kinds[kind].ns;
}

const char *
vx_kind_root(enum eiti_doc_kind kind)
{
	return kinds[kind].root;
}

/* ------------------------------------------------------------------ */
/* Process-wide setup                                                  */
/* ------------------------------------------------------------------ */

int
eiti_xml_parse_options(void)
{
	/* NONET: belt and braces (the loader below is the real policy).
	 * Deliberately absent: NOENT (the XXE switch), DTDLOAD, DTDATTR,
	 * DTDVALID, XINCLUDE, HUGE (lifts every size limit), RECOVER. */
	return XML_PARSE_NONET;
}

void
eiti_xml_set_max_size(unsigned long long bytes)
{
	max_size = bytes;
}

unsigned long long
eiti_xml_max_size(void)
{
	return max_size;
}

unsigned long
eiti_xml_denied_loads(void)
{
	return denied_loads;
}

/*
 * The only way libxml2 may open anything but what we push into it: the
 * XSD files themselves (xmlSchemaParse reads them, and their includes,
 * through the loader).  Everything else - external DTDs and entities,
 * network URLs, files outside the schemas directory - is refused.
 */
static xmlParserInputPtr
deny_loader(const char *url, const char *id, xmlParserCtxtPtr ctxt)
{
	const char *p = url;
	char *real = NULL;
	xmlParserInputPtr in = NULL;
	size_t n;

	(void)id;
	if (url == NULL || ctxt == NULL || schemas_real == NULL)
		goto deny;
	if (strncmp(p, "file://", 7) == 0) {
		p += 7;
		if (strncmp(p, "localhost/", 10) == 0)
			p += 9;
		if (*p != '/')
			goto deny;
	} else if (eiti_path_scheme_len(p) != 0) {
		goto deny;
	}
	real = realpath(p, NULL);
	if (real == NULL)
		goto deny;
	n = strlen(schemas_real);
	if (strncmp(real, schemas_real, n) != 0 || real[n] != '/')
		goto deny;
	in = xmlNewInputFromFile(ctxt, real);
	free(real);
	return in;
deny:
	denied_loads++;
	free(real);
	return NULL;
}

static void
silent_generic_error(void *ctx, const char *msg, ...)
{
	/* Every error we report comes through a structured handler with a
	 * position; nothing may reach stderr behind the CLI's back. */
	(void)ctx;
	(void)msg;
}

void
eiti_xml_init(void)
{
	char *dir;

	if (xml_ready)
		return;
	xml_ready = true;
	xmlInitParser();
	xmlCatalogSetDefaults(XML_CATA_ALLOW_NONE);
	xmlSetExternalEntityLoader(deny_loader);
	xmlSetGenericErrorFunc(NULL, silent_generic_error);
	xmlSetStructuredErrorFunc(NULL, NULL);
	/* the same in every thread started later (the error handlers are
	 * per thread in libxml2; pipeline's workers parse too) */
	xmlThrDefSetGenericErrorFunc(NULL, silent_generic_error);
	xmlThrDefSetStructuredErrorFunc(NULL, NULL);
	dir = eiti_datafile("schemas");
	schemas_real = realpath(dir, NULL);
	free(dir);
}

void
eiti_xml_cleanup(void)
{
	size_t i;

	if (!xml_ready)
		return;
	for (i = 0; i < sizeof(schema_cache) / sizeof(schema_cache[0]); i++) {
		if (schema_cache[i] != NULL)
			xmlSchemaFree(schema_cache[i]);
		schema_cache[i] = NULL;
	}
	free(schemas_real);
	schemas_real = NULL;
	xmlCleanupParser();
	xml_ready = false;
}

/* ------------------------------------------------------------------ */
/* Schemas, compiled once per process                                  */
/* ------------------------------------------------------------------ */

struct schema_errbuf {
	char msg[512];
};

static void
schema_parse_error(void *ud, xmlErrorPtr e)
{
	struct schema_errbuf *b = ud;
	size_t n;

	if (b->msg[0] != '\0' || e == NULL || e->message == NULL)
		return;
	snprintf(b->msg, sizeof(b->msg), "%s", e->message);
	n = strlen(b->msg);
	while (n > 0 && (b->msg[n - 1] == '\n' || b->msg[n - 1] == ' '))
		b->msg[--n] = '\0';
}

/* The compiled schema of kind, or NULL with an EITI_ERR_IO error naming
 * the .xsd (an installation error). */
static xmlSchemaPtr
schema_for(enum eiti_doc_kind kind, struct eiti_err *err)
{
	struct schema_errbuf eb = {{0}};
	xmlSchemaParserCtxtPtr pctxt = NULL;
	xmlSchemaPtr s = NULL;
	char *path = NULL;
	bool fast;

	if (schema_cache[kind] != NULL)
		return schema_cache[kind];
	path = eiti_datafile(kinds[kind].schema);
	if (access(path, R_OK) != 0) {
		eiti_err_set(err, EITI_ERR_IO, "validate: %s: %s", path,
		    strerror(errno));
		goto out;
	}
	pctxt = xmlSchemaNewParserCtxt(path);
	if (pctxt == NULL) {
		eiti_err_set(err, EITI_ERR_IO,
		    "validate: %s: cannot load the schema", path);
		goto out;
	}
	xmlSchemaSetParserStructuredErrors(pctxt, schema_parse_error, &eb);
	/* Digest before and after the parse: the same file both times. */
	fast = kind == EITI_DOC_DISCLOSURE && vx_fast_schema_ok(path);
	s = xmlSchemaParse(pctxt);
	fast = fast && vx_fast_schema_ok(path);
	if (s == NULL) {
		eiti_err_set(err, EITI_ERR_IO,
		    "validate: %s: cannot compile the schema: %s", path,
		    eb.msg[0] ? eb.msg : "unknown error");
		goto out;
	}
	schema_cache[kind] = s;
	if (kind == EITI_DOC_DISCLOSURE)
		fast_schema = fast;
out:
	if (pctxt != NULL)
		xmlSchemaFreeParserCtxt(pctxt);
	free(path);
	return schema_cache[kind];
}

int
eiti_validate_load(struct eiti_err *err)
{
	struct eiti_err e = EITI_ERR_INIT;
	int k;

	eiti_xml_init();
	if (eiti_streams_load(&e) != 0)
		return eiti_err_set(err, e.kind, "validate: %s", e.msg);
	for (k = EITI_DOC_DISCLOSURE; k <= EITI_DOC_PROFILE; k++)
		if (schema_for((enum eiti_doc_kind)k, err) == NULL)
			return -1;
	return 0;
}

/* ------------------------------------------------------------------ */
/* Positions                                                           */
/* ------------------------------------------------------------------ */

/*
 * Stop the parser from inside a SAX callback.  Not xmlStopParser(): in
 * 2.9 it frees the input buffer at once, and the schema validator's half
 * of the same SAX event still reads the attributes from it (found by
 * valgrind).  The parser checks instate after every callback.
 */
static void
halt(xmlParserCtxtPtr ctxt)
{
	if (ctxt == NULL)
		return; /* a fed disclosure (feed.c): nothing to stop */
	ctxt->instate = XML_PARSER_EOF;
	ctxt->disableSAX = 1;
	ctxt->errNo = XML_ERR_USER_STOP;
}

static bool
in_buffer(xmlParserCtxtPtr ctxt, const xmlChar *p)
{
	xmlParserInputPtr in = ctxt != NULL ? ctxt->input : NULL;

	return in != NULL && p != NULL && p >= in->base && p <= in->cur;
}

/*
 * Line and byte column (1-based) of p, a pointer into the parser's
 * current input buffer at or before the parse position.  libxml2 keeps
 * the line of the parse position; the bytes in between tell the rest.
 * When p is not in the buffer, the line of the parse position and column
 * 0 (unknown).
 */
/* Newlines in [p, end). */
static unsigned long
count_newlines(const xmlChar *p, const xmlChar *end)
{
	unsigned long n = 0;

	while (p < end && (p = memchr(p, '\n', (size_t)(end - p))) != NULL) {
		n++;
		p++;
	}
	return n;
}

static unsigned long
line_of(xmlParserCtxtPtr ctxt, const xmlChar *p)
{
	xmlParserInputPtr in = ctxt->input;
	unsigned long nl;

	if (in == NULL || in->line <= 0)
		return 0;
	if (!in_buffer(ctxt, p))
		return (unsigned long)in->line;
	nl = count_newlines(p, in->cur);
	return (unsigned long)in->line > nl ? in->line - nl : 1;
}

static void
pos_of(xmlParserCtxtPtr ctxt, const xmlChar *p, unsigned long *line,
    unsigned long *col)
{
	xmlParserInputPtr in = ctxt->input;
	const xmlChar *q;

	*line = line_of(ctxt, p);
	if (!in_buffer(ctxt, p)) {
		*col = 0;
		return;
	}
	q = p > in->base ? memrchr(in->base, '\n', (size_t)(p - in->base))
			 : NULL;
	if (q != NULL) {
		*col = (unsigned long)(p - q);
	} else if (in->consumed == 0) {
		*col = (unsigned long)(p - in->base) + 1;
	} else if (memchr(p, '\n', (size_t)(in->cur - p)) == NULL &&
		   in->col > in->cur - p) {
		/* The start of the line was shrunk away: count back from the
		 * parser's own column. */
		*col = (unsigned long)(in->col - (in->cur - p));
	} else {
		*col = 0;
	}
}

/* The '<' that opens the markup at or before p (attribute values cannot
 * contain '<', so the nearest one is the tag's). */
static const xmlChar *
tag_open(xmlParserCtxtPtr ctxt, const xmlChar *p)
{
	xmlParserInputPtr in = ctxt->input;

	if (!in_buffer(ctxt, p))
		return NULL;
	while (p > in->base && *p != '<')
		p--;
	return *p == '<' ? p : NULL;
}

static const xmlChar *
elem_ptr(struct vx_run *r)
{
	const xmlChar *from =
	    r->ctxt->input != NULL ? r->ctxt->input->cur : NULL;
	int i;

	if (r->win == VX_WIN_TEXT)
		return in_buffer(r->ctxt, r->win_ptr) ? r->win_ptr : NULL;
	if (r->win == VX_WIN_START) {
		/* Start from the first attribute in the buffer: shorter. */
		for (i = 0; i < r->el.nattrs; i++)
			if (in_buffer(r->ctxt, r->el.attrs[i].value)) {
				from = r->el.attrs[i].value;
				break;
			}
	}
	if (from != NULL && r->win == VX_WIN_END && from > r->ctxt->input->base)
		from--; /* cur is just past the end tag's '>' */
	return tag_open(r->ctxt, from);
}

unsigned long
vx_line(struct vx_run *r)
{
	xmlParserInputPtr in = r->ctxt != NULL ? r->ctxt->input : NULL;

	if (r->loc != NULL)
		return r->el.line;

	return in != NULL && in->line > 0 ? (unsigned long)in->line : 0;
}

unsigned long
vx_elem_line(struct vx_run *r)
{
	if (r->loc != NULL)
		return r->el.line;
	return line_of(r->ctxt, elem_ptr(r));
}

void
vx_line_ref(struct vx_run *r, unsigned long line, char *buf, size_t size)
{
	if (r->loc == NULL) {
		snprintf(buf, size, "line %lu", line);
		return;
	}
	buf[0] = '\0';
	r->loc->row(r->loc->ud, line, buf, size);
}

/* ------------------------------------------------------------------ */
/* Findings                                                            */
/* ------------------------------------------------------------------ */

/* Record one finding: at a line and column of the file, or, for a
 * disclosure fed item by item, at the cell its locator names. */
static void
record(struct vx_run *r, enum eiti_severity sev, unsigned long line,
    unsigned long col, enum eiti_rule rule, const char *msg)
{
	char where[128];

	if (r->loc == NULL) {
		eiti_finding_sev(
		    r->diags, sev, rule, r->name, line, col, "%s", msg);
		return;
	}
	where[0] = '\0';
	if (line > 0)
		r->loc->where(r->loc->ud, line, col, where, sizeof(where));
	eiti_finding_at_sev(r->diags, sev, rule, r->name, where, "%s", msg);
}

/* Record the findings about the last start tag, by position. */
static void
flush_pending(struct vx_run *r)
{
	size_t i, j;

	/* Insertion sort: a handful of findings, and stable. */
	for (i = 1; i < r->npending; i++) {
		struct vx_pending t = r->pending[i];

		for (j = i; j > 0 && (r->pending[j - 1].line > t.line ||
					 (r->pending[j - 1].line == t.line &&
					     r->pending[j - 1].col > t.col));
		     j--)
			r->pending[j] = r->pending[j - 1];
		r->pending[j] = t;
	}
	for (i = 0; i < r->npending; i++) {
		struct vx_pending *p = &r->pending[i];

		record(r, p->sev, p->line, p->col, p->rule, p->msg);
		free(p->msg);
	}
	r->npending = 0;
}

static void
finding(struct vx_run *r, enum eiti_severity sev, unsigned long line,
    unsigned long col, enum eiti_rule rule, const char *msg)
{
	if (sev == EITI_SEV_ERROR)
		r->errors++;
	else
		r->warnings++;
	if (r->win != VX_WIN_START) {
		flush_pending(r);
		record(r, sev, line, col, rule, msg);
		return;
	}
	if (r->npending == r->pending_cap) {
		r->pending_cap = r->pending_cap ? 2 * r->pending_cap : 16;
		r->pending = eiti_xrealloc(
		    r->pending, r->pending_cap * sizeof(*r->pending));
	}
	r->pending[r->npending].sev = sev;
	r->pending[r->npending].line = line;
	r->pending[r->npending].col = col;
	r->pending[r->npending].rule = rule;
	r->pending[r->npending].msg = eiti_xstrdup(msg);
	r->npending++;
}

/* name, as the parser's dictionary holds it (NULL only when out of
 * memory, and then nothing matches). */
static inline const char *
interned(struct vx_run *r, const char *name)
{
	enum { SLOTS = sizeof(r->names) / sizeof(r->names[0]), PROBES = 8 };
	/* Multiplicative hashing: string literals lie a few bytes apart,
	 * and shifting their addresses alone puts neighbours in one slot.
	 * Neighbours that still meet take the next free slot (a few
	 * probes), so that two names in turn do not evict each other. */
	size_t h0 = (size_t)(((uint64_t)(uintptr_t)name *
				 0x9e3779b97f4a7c15ull) >>
			     56) %
		    SLOTS,
	       h = h0, k;

	for (k = 0; k < PROBES; k++, h = (h + 1) % SLOTS) {
		if (r->names[h].lit == NULL)
			break;
		/* The first-letter test catches a caller that passed a
		 * buffer instead of a literal, in most cases. */
		if (r->names[h].lit == name && r->names[h].name != NULL &&
		    r->names[h].name[0] == name[0])
			return r->names[h].name;
		if (r->names[h].lit == name)
			break;
	}
	if (k == PROBES)
		h = h0;
	r->names[h].lit = name;
	r->names[h].name = r->ctxt == NULL
			       ? vx_name_intern(name)
			       : (const char *)xmlDictLookup(
				     r->ctxt->dict, (const xmlChar *)name, -1);
	return r->names[h].name;
}

/* An attribute by a name that is not a literal (it may change under the
 * same address). */
static struct vx_attr *
find_attr_str(struct vx_run *r, const char *name)
{
	int i;

	for (i = 0; i < r->el.nattrs; i++)
		if (strcmp(r->el.attrs[i].name, name) == 0)
			return &r->el.attrs[i];
	return NULL;
}

#define INDEX_SLOTS (2 * VX_MAX_ATTRS)

static size_t
index_slot(const char *name)
{
	return ((uintptr_t)name >> 4) % INDEX_SLOTS;
}

/* An attribute by a literal name (a string constant of the caller). */
static inline struct vx_attr *
find_attr(struct vx_run *r, const char *name)
{
	const char *n = interned(r, name);
	size_t i;

	for (i = index_slot(n); r->el.index[i] != 0; i = (i + 1) % INDEX_SLOTS)
		if (r->el.attrs[r->el.index[i] - 1].name == n)
			return &r->el.attrs[r->el.index[i] - 1];
	return NULL;
}

static bool
claimed(struct vx_run *r, const char *name)
{
	int i;

	for (i = 0; i < r->el.nclaimed; i++)
		if (strcmp(r->el.claimed[i], name) == 0)
			return true;
	return false;
}

/* "LABEL: message", or the message alone without a label. */
static void
format_msg(struct vx_run *r, char *msg, size_t n, const char *fmt, va_list ap)
{
	size_t l = 0;

	if (r->label_what != NULL && r->label_id != NULL &&
	    r->label_id[0] != '\0')
		l = (size_t)snprintf(
		    msg, n, "%s '%s': ", r->label_what, r->label_id);
	else if (r->label_what != NULL)
		l = (size_t)snprintf(msg, n, "%s: ", r->label_what);
	else if (r->label[0] != '\0')
		l = (size_t)snprintf(msg, n, "%s: ", r->label);
	if (l >= n)
		l = n - 1;
	vsnprintf(msg + l, n - l, fmt, ap);
}

static void
vattr_finding(struct vx_run *r, enum eiti_severity sev, enum eiti_rule rule,
    const char *attr, const char *fmt, va_list ap)
{
	unsigned long line, col;
	char msg[1024];

	format_msg(r, msg, sizeof(msg), fmt, ap);
	vx_attr_pos(r, attr, &line, &col);
	finding(r, sev, line, col, rule, msg);
	if (sev == EITI_SEV_ERROR)
		vx_claim(r, attr);
}

void
vx_attr_finding(struct vx_run *r, enum eiti_rule rule, const char *attr,
    const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vattr_finding(r, eiti_rule_info(rule)->sev, rule, attr, fmt, ap);
	va_end(ap);
}

void
vx_attr_finding_sev(struct vx_run *r, enum eiti_severity sev,
    enum eiti_rule rule, const char *attr, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vattr_finding(r, sev, rule, attr, fmt, ap);
	va_end(ap);
}

void
vx_attr_pos(
    struct vx_run *r, const char *attr, unsigned long *line, unsigned long *col)
{
	struct vx_attr *a = find_attr(r, attr);

	if (r->loc != NULL) {
		/* A fed item: the cell the value came from, else the
		 * item's own. */
		*line = a != NULL && a->line > 0 ? a->line : r->el.line;
		*col = a != NULL && a->line > 0 ? a->col : r->el.col;
	} else if (a != NULL && in_buffer(r->ctxt, a->value)) {
		pos_of(r->ctxt, a->value, line, col);
	} else {
		pos_of(r->ctxt, elem_ptr(r), line, col);
	}
}

void
vx_elem_pos(struct vx_run *r, unsigned long *line, unsigned long *col)
{
	if (r->loc != NULL) {
		*line = r->el.line;
		*col = r->el.col;
		return;
	}
	pos_of(r->ctxt, elem_ptr(r), line, col);
}

void
vx_finding_at(struct vx_run *r, unsigned long line, unsigned long col,
    enum eiti_rule rule, const char *fmt, ...)
{
	char msg[1024];
	va_list ap;

	va_start(ap, fmt);
	format_msg(r, msg, sizeof(msg), fmt, ap);
	va_end(ap);
	finding(r, eiti_rule_info(rule)->sev, line, col, rule, msg);
}

void
vx_claim(struct vx_run *r, const char *attr)
{
	struct vx_attr *a = find_attr(r, attr);

	if (r->win == VX_WIN_START && r->el.nclaimed < VX_MAX_ATTRS &&
	    !claimed(r, attr))
		r->el.claimed[r->el.nclaimed++] = a != NULL ? a->name : attr;
}

static void
velem_finding(struct vx_run *r, enum eiti_severity sev, enum eiti_rule rule,
    const char *fmt, va_list ap)
{
	unsigned long line, col;
	char msg[1024];

	format_msg(r, msg, sizeof(msg), fmt, ap);
	vx_elem_pos(r, &line, &col);
	finding(r, sev, line, col, rule, msg);
}

void
vx_elem_finding(struct vx_run *r, enum eiti_rule rule, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	velem_finding(r, eiti_rule_info(rule)->sev, rule, fmt, ap);
	va_end(ap);
}

void
vx_elem_finding_sev(struct vx_run *r, enum eiti_severity sev,
    enum eiti_rule rule, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	velem_finding(r, sev, rule, fmt, ap);
	va_end(ap);
}

void
vx_label(struct vx_run *r, const char *what, const char *id)
{
	r->label_what = what;
	r->label_id = id;
}

void
vx_labelf(struct vx_run *r, const char *fmt, ...)
{
	va_list ap;

	r->label_what = NULL;
	va_start(ap, fmt);
	vsnprintf(r->label, sizeof(r->label), fmt, ap);
	va_end(ap);
}

void
vx_stop(struct vx_run *r)
{
	r->stopped = true;
	halt(r->ctxt);
}

/* Copy a libxml2 message: no trailing newline, and the document's own
 * namespace left out of "{urn:...}name" (every element is in it; a
 * foreign namespace stays visible). */
static void
clean_message(char *out, size_t outsz, const char *msg, const char *ns)
{
	size_t o = 0, nslen = ns != NULL ? strlen(ns) : 0;
	const char *p = msg != NULL ? msg : "unknown error";

	while (*p != '\0' && o + 1 < outsz) {
		if (nslen > 0 && p[0] == '{' &&
		    strncmp(p + 1, ns, nslen) == 0 && p[1 + nslen] == '}') {
			p += nslen + 2;
			continue;
		}
		out[o++] = *p == '\n' ? ' ' : *p;
		p++;
	}
	while (o > 0 && (out[o - 1] == ' ' || out[o - 1] == '\n'))
		o--;
	out[o] = '\0';
}

/* The attribute an XSD message is about ("..., attribute 'amount': ..."),
 * copied into buf, or NULL. */
static const char *
message_attr(const char *msg, char *buf, size_t bufsz)
{
	const char *p = msg != NULL ? strstr(msg, "attribute '") : NULL;
	const char *e;

	if (p == NULL)
		return NULL;
	p += strlen("attribute '");
	e = strchr(p, '\'');
	if (e == NULL || (size_t)(e - p) >= bufsz)
		return NULL;
	memcpy(buf, p, (size_t)(e - p));
	buf[e - p] = '\0';
	return buf;
}

static void
on_schema_error(void *ud, xmlErrorPtr e)
{
	struct vx_run *r = ud;
	enum eiti_severity sev =
	    e->level == XML_ERR_WARNING ? EITI_SEV_WARNING : EITI_SEV_ERROR;
	char abuf[128], msg[1024];
	const char *attr = message_attr(e->message, abuf, sizeof(abuf));
	struct vx_attr *a = NULL;
	unsigned long line, col;

	r->xsd_seen++;
	if (r->ctxt == NULL || r->ctxt->disableSAX)
		return; /* halted: what follows is not worth reporting */
	if (r->win == VX_WIN_START && attr != NULL) {
		/* A rule already said what is wrong with this attribute. */
		if (claimed(r, attr))
			return;
		a = find_attr_str(r, attr);
	}
	if (r->win == VX_WIN_TEXT) {
		/* Long text arrives in pieces: one complaint per run of
		 * text. */
		if (r->text_err_depth == r->depth)
			return;
		r->text_err_depth = r->depth;
	}
	if (sev == EITI_SEV_ERROR)
		r->xsd_errors++;
	clean_message(msg, sizeof(msg), e->message, r->ns);
	if (a != NULL && in_buffer(r->ctxt, a->value))
		pos_of(r->ctxt, a->value, &line, &col);
	else if (r->win != VX_WIN_NONE)
		pos_of(r->ctxt, elem_ptr(r), &line, &col);
	else {
		line = e->line > 0 ? (unsigned long)e->line : vx_line(r);
		col = 0;
	}
	finding(r, sev, line, col, EITI_RULE_XSD, msg);
}

static bool
is_space(xmlChar c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/*
 * Once the whole file has been pushed, what is left unparsed at its end:
 * the name of a tag cut short ("<payment id=\"P-2\" comp"), kept for the
 * message of a document that ends early.
 */
static void
note_tail(struct vx_run *r)
{
	xmlParserInputPtr in = r->ctxt != NULL ? r->ctxt->input : NULL;
	const xmlChar *p, *q;
	size_t k = 0;

	r->tail_tag[0] = '\0';
	if (in == NULL || in->cur == NULL || in->end == NULL)
		return;
	for (p = in->cur; p < in->end && is_space(*p); p++)
		;
	if (p + 1 >= in->end || *p != '<' ||
	    !(isalpha(p[1]) || p[1] == '_' || p[1] >= 0x80))
		return;
	for (q = p + 1; q < in->end && k + 1 < sizeof(r->tail_tag) &&
			(isalnum(*q) || *q == '_' || *q == '-' || *q == '.' ||
			    *q == ':' || *q >= 0x80);
	     q++)
		r->tail_tag[k++] = (char)*q;
	r->tail_tag[k] = '\0';
	r->tail_line = (in->line > 0 ? (unsigned long)in->line : 1) +
		       count_newlines(in->cur, p);
}

/* XML-TRUNCATED: the file ended with elements still open (r->depth > 0)
 * or inside a tag. */
static void
truncated_message(struct vx_run *r, char *out, size_t n)
{
	static const char why[] =
	    "the file is incomplete (an interrupted download or copy?)";
	const char *open = r->depth > 0 ? r->open[r->depth].name : NULL;
	unsigned long line = r->depth > 0 ? r->open[r->depth].line : 0;

	if (r->tail_tag[0] != '\0' && open != NULL)
		snprintf(out, n,
		    "the document ends early, in the middle of a <%s> tag at "
		    "line %lu, inside <%s> opened at line %lu: %s",
		    r->tail_tag, r->tail_line, open, line, why);
	else if (open != NULL)
		snprintf(out, n,
		    "the document ends early, inside <%s> opened at line %lu "
		    "(no </%s> follows): %s",
		    open, line, open, why);
	else if (r->tail_tag[0] != '\0')
		snprintf(out, n,
		    "the document ends early, in the middle of the <%s> tag "
		    "at line %lu: %s",
		    r->tail_tag, r->tail_line, why);
	else
		snprintf(out, n, "the document ends early: %s", why);
}

/* Parser (well-formedness) errors.  The schema plug does not pass the
 * user data to serror, so the run is found from the parser context. */
static void
on_parse_error(void *ud, xmlErrorPtr e)
{
	xmlParserCtxtPtr ctxt = e != NULL ? e->ctxt : NULL;
	struct vx_run *r = ctxt != NULL ? ctxt->_private : NULL;
	char msg[1024];

	char better[1024];
	enum eiti_rule rule = EITI_RULE_XML;

	(void)ud;
	if (r == NULL || ctxt->disableSAX)
		return;
	flush_pending(r);
	r->win = VX_WIN_NONE;
	clean_message(msg, sizeof(msg), e->message, NULL);
	if (vx_sniff_not_utf8(better, sizeof(better), msg, r->name)) {
		rule = EITI_RULE_ENCODING;
		memcpy(msg, better, sizeof(msg));
	} else if (r->at_eof && r->depth > 0) {
		rule = EITI_RULE_XML_TRUNCATED;
		truncated_message(r, msg, sizeof(msg));
	}
	finding(r,
	    e->level == XML_ERR_WARNING ? EITI_SEV_WARNING : EITI_SEV_ERROR,
	    e->line > 0 ? (unsigned long)e->line : vx_line(r),
	    e->int2 > 0 ? (unsigned long)e->int2 : 0, rule, msg);
}

static int
locator(void *ctx, const char **file, unsigned long *line)
{
	struct vx_run *r = ctx;

	if (file != NULL)
		*file = r->name;
	if (line != NULL)
		*line = vx_line(r);
	return 0;
}

/* ------------------------------------------------------------------ */
/* Attributes                                                          */
/* ------------------------------------------------------------------ */

/*
 * Without entity substitution (never XML_PARSE_NOENT), libxml2's SAX2
 * hands attribute values over with every '&' written as the five bytes
 * "&#38;" so that the value could be re-serialised.  Every other reference
 * is already resolved (character references) or refused (a DOCTYPE is
 * refused, so no entity can be declared), so turning "&#38;" back into
 * '&' gives the attribute's real value: "Shell E&amp;P" is "Shell E&P".
 * Works in place on s..end (NUL-terminated) and returns the new end.
 */
static char *
amp_decode(char *s, char *end)
{
	char *p = memchr(s, '&', (size_t)(end - s)), *o;

	if (p == NULL)
		return end;
	for (o = p; p < end;) {
		if (p[0] == '&' && end - p >= 5 && memcmp(p, "&#38;", 5) == 0) {
			*o++ = '&';
			p += 5;
		} else {
			*o++ = *p++;
		}
	}
	*o = '\0';
	return o;
}

static char *
scratch_copy(struct vx_run *r, const xmlChar *v, const xmlChar *end, bool token)
{
	char *out = r->scratch + r->scratch_used, *o = out;
	const xmlChar *p = v;
	bool space = false, amp = true;

	if (token) {
		/* Most values have no white space and no '&' at all: one
		 * pass, then a plain copy. */
		for (p = v; p<end && * p> ' ' && *p != '&'; p++)
			;
		amp = p < end && *p == '&';
		for (; p<end && * p> ' '; p++)
			;
		/* A fed item's value is NUL-terminated and not escaped:
		 * without white space it is its own token. */
		if (p == end && r->ctxt == NULL)
			return (char *)v;
		amp = amp || p < end;
		if (p < end) {
			for (p = v; p < end && is_space(*p); p++)
				;
			for (; p < end; p++) {
				if (is_space(*p)) {
					space = true;
					continue;
				}
				if (space)
					*o++ = ' ';
				space = false;
				*o++ = (char)*p;
			}
			goto done;
		}
	}
	memcpy(o, v, (size_t)(end - v));
	o += end - v;
done:
	*o = '\0';
	if (r->ctxt != NULL && amp) /* fed values are not XML-escaped */
		o = amp_decode(out, o);
	*o++ = '\0';
	r->scratch_used += (size_t)(o - out);
	return out;
}

const char *
vx_attr(struct vx_run *r, const char *attr)
{
	struct vx_attr *a = find_attr(r, attr);

	if (a == NULL)
		return NULL;
	if (a->copy == NULL)
		a->copy = scratch_copy(r, a->value, a->end, true);
	return a->copy;
}

const char *
vx_attr_raw(struct vx_run *r, const char *attr)
{
	struct vx_attr *a = find_attr(r, attr);

	return a == NULL ? NULL : scratch_copy(r, a->value, a->end, false);
}

/* ------------------------------------------------------------------ */
/* SAX events of the real parse                                        */
/* ------------------------------------------------------------------ */

/* No current element (END and TEXT windows). */
static void
clear_elem(struct vx_run *r)
{
	r->el.nattrs = 0;
	r->el.nclaimed = 0;
	memset(r->el.index, 0, sizeof(r->el.index));
}

/* Put attribute n of the current element in its name index. */
static void
index_attr(struct vx_run *r, int n)
{
	size_t slot;

	for (slot = index_slot(r->el.attrs[n].name); r->el.index[slot] != 0;
	     slot = (slot + 1) % INDEX_SLOTS)
		;
	r->el.index[slot] = (unsigned char)(n + 1);
}

/* The element's attributes are in place: make room for a token copy and
 * a raw copy of every attribute (need bytes), so that pointers handed out
 * for this element never move, and hand it to the kind's handler. */
static void
start_element(struct vx_run *r, size_t need)
{
	if (need > r->scratch_cap) {
		free(r->scratch);
		r->scratch_cap = need > 4096 ? need : 4096;
		r->scratch = eiti_xmalloc(r->scratch_cap);
	}
	r->scratch_used = 0;
	if (r->ops != NULL && r->ops->start != NULL && !r->stopped)
		r->ops->start(r);
}

static void
on_start(void *ud, const xmlChar *local, const xmlChar *prefix,
    const xmlChar *uri, int nns, const xmlChar **nss, int nattrs,
    int ndefaulted, const xmlChar **attrs)
{
	struct vx_run *r = ud;
	size_t need = 0;
	int i, n = 0;

	(void)prefix;
	(void)nns;
	(void)nss;
	(void)ndefaulted;
	flush_pending(r);
	r->depth++;
	r->text_err_depth = -1;
	r->win = VX_WIN_START;
	if (r->depth > VX_MAX_DEPTH) {
		char msg[128];

		r->win = VX_WIN_NONE;
		snprintf(msg, sizeof(msg),
		    "elements nested deeper than %d "
		    "levels; reading stopped",
		    VX_MAX_DEPTH);
		finding(
		    r, EITI_SEV_ERROR, vx_line(r), 0, EITI_RULE_SEC_DEPTH, msg);
		halt(r->ctxt);
		return;
	}
	/* The root's line is the probe's (its '<'); others are cheaper:
	 * the line where the start tag ends. */
	r->open[r->depth].name = (const char *)local;
	if (r->depth > 1)
		r->open[r->depth].line = vx_line(r);
	r->el.local = (const char *)local;
	r->el.ours = uri != NULL && strcmp((const char *)uri, r->ns) == 0;
	r->el.depth = r->depth;
	r->el.nclaimed = 0;
	memset(r->el.index, 0, sizeof(r->el.index));
	r->label[0] = '\0';
	r->label_what = NULL;
	for (i = 0; i < nattrs && n < VX_MAX_ATTRS; i++) {
		const xmlChar **a = attrs + 5 * i;

		/* Our attributes are unqualified, apart from xml:lang (kept
		 * under that name); xsi:* and foreign ones are the schema's
		 * business. */
		if (a[2] != NULL &&
		    !(xmlStrEqual(a[2], XML_XML_NAMESPACE) &&
			xmlStrEqual(a[0], (const xmlChar *)"lang")))
			continue;
		r->el.attrs[n].name =
		    a[2] != NULL ? (const char *)xmlDictLookup(r->ctxt->dict,
				       (const xmlChar *)"xml:lang", -1)
				 : (const char *)a[0];
		r->el.attrs[n].value = a[3];
		r->el.attrs[n].end = a[4];
		r->el.attrs[n].copy = NULL;
		index_attr(r, n);
		need += 2 * (size_t)(a[4] - a[3] + 1);
		n++;
	}
	r->el.nattrs = n;
	start_element(r, need);
}

static void
on_end(
    void *ud, const xmlChar *local, const xmlChar *prefix, const xmlChar *uri)
{
	struct vx_run *r = ud;
	bool empty = r->win == VX_WIN_START;

	(void)prefix;
	(void)uri;
	r->text_err_depth = -1;
	/* The end of an empty element belongs with its start tag: what its
	 * handler finds is sorted with the start tag's findings. */
	if (!empty) {
		flush_pending(r);
		r->win = VX_WIN_END;
		clear_elem(r);
		r->label[0] = '\0';
		r->label_what = NULL;
	}
	if (r->ops != NULL && r->ops->end != NULL && !r->stopped)
		r->ops->end(r, (const char *)local, r->depth);
	flush_pending(r);
	r->win = VX_WIN_END;
	clear_elem(r);
	r->depth--;
}

static void
on_text(void *ud, const xmlChar *s, int len)
{
	struct vx_run *r = ud;

	flush_pending(r);
	r->win = VX_WIN_TEXT;
	r->win_ptr = s;
	clear_elem(r);
	if (r->ops != NULL && r->ops->text != NULL && !r->stopped)
		r->ops->text(r, (const char *)s, len);
}

/* ------------------------------------------------------------------ */
/* The XSD shortcut for <payment> (xsdfast.c)                          */
/* ------------------------------------------------------------------ */

void
vx_fast_enable(bool on)
{
	fast_wanted = on;
}

unsigned long
vx_fast_taken(void)
{
	return __atomic_load_n(&fast_taken, __ATOMIC_RELAXED);
}

/* At the start callback the parser stands on the "/>" or ">" that ends
 * the start tag (libxml2 2.9 calls startElementNs before it looks). */
static bool
empty_tag(xmlParserCtxtPtr ctxt)
{
	xmlParserInputPtr in = ctxt->input;

	return in != NULL && in->cur != NULL && in->end - in->cur >= 2 &&
	       in->cur[0] == '/' && in->cur[1] == '>';
}

static void
fr_start(void *ud, const xmlChar *local, const xmlChar *prefix,
    const xmlChar *uri, int nns, const xmlChar **nss, int nattrs,
    int ndefaulted, const xmlChar **attrs)
{
	struct vx_run *r = ud;

	if (r->depth == 1) {
		bool pay = local == r->fast_payment && uri != NULL &&
			   strcmp((const char *)uri, r->ns) == 0;

		if (pay && r->after_payment && r->xsd_seen == 0 && nns == 0 &&
		    ndefaulted == 0 && empty_tag(r->ctxt) &&
		    vx_fast_payment(r->fast_names, nattrs, attrs)) {
			on_start(r, local, prefix, uri, nns, nss, nattrs,
			    ndefaulted, attrs);
			r->fast_open = true;
			r->fast_count++;
			return;
		}
		r->after_payment = pay;
	}
	r->split.startElementNs(r->plug_ud, local, prefix, uri, nns, nss,
	    nattrs, ndefaulted, attrs);
}

static void
fr_end(
    void *ud, const xmlChar *local, const xmlChar *prefix, const xmlChar *uri)
{
	struct vx_run *r = ud;

	if (r->fast_open) {
		r->fast_open = false;
		on_end(r, local, prefix, uri);
		return;
	}
	r->split.endElementNs(r->plug_ud, local, prefix, uri);
}

/* White space between payments: the validator ignores it in the root's
 * element-only content (and a payment before it already marked the root
 * as not empty). */
static bool
fast_blank(struct vx_run *r, const xmlChar *s, int len)
{
	int i;

	if (r->depth != 1 || !r->after_payment || r->xsd_seen != 0)
		return false;
	for (i = 0; i < len; i++)
		if (!is_space(s[i]))
			return false;
	return true;
}

static void
fr_text(void *ud, const xmlChar *s, int len)
{
	struct vx_run *r = ud;

	if (fast_blank(r, s, len)) {
		on_text(r, s, len);
		return;
	}
	r->split.characters(r->plug_ud, s, len);
}

static void
fr_cdata(void *ud, const xmlChar *s, int len)
{
	struct vx_run *r = ud;

	r->split.cdataBlock(r->plug_ud, s, len);
}

static void
fr_reference(void *ud, const xmlChar *name)
{
	struct vx_run *r = ud;

	r->split.reference(r->plug_ud, name);
}

static void
fr_subset(void *ud, const xmlChar *name, const xmlChar *eid, const xmlChar *sid)
{
	struct vx_run *r = ud;

	r->split.internalSubset(r->plug_ud, name, eid, sid);
}

/* Put front between the parser and the schema plug, when the plug's
 * table holds only the callbacks front knows how to pass on. */
static void
fast_install(struct vx_run *r)
{
	static const xmlSAXHandler none;
	xmlSAXHandler rest;

	if (!fast_wanted || !fast_schema || r->kind != EITI_DOC_DISCLOSURE ||
	    !vx_fast_names(r->ctxt->dict, r->fast_names))
		return;
	r->fast_payment =
	    xmlDictLookup(r->ctxt->dict, (const xmlChar *)"payment", -1);
	if (r->fast_payment == NULL)
		return;
	r->split = *r->ctxt->sax;
	rest = r->split;
	rest.initialized = 0;
	rest.internalSubset = NULL;
	rest.characters = NULL;
	rest.ignorableWhitespace = NULL;
	rest.cdataBlock = NULL;
	rest.reference = NULL;
	rest.startElementNs = NULL;
	rest.endElementNs = NULL;
	rest.serror = NULL;
	/* The parser takes another path for white space (and leaves its
	 * position elsewhere) when the two text callbacks differ: the plug
	 * makes them one for our handlers, and front keeps them one. */
	if (memcmp(&rest, &none, sizeof(rest)) != 0 ||
	    r->split.startElementNs == NULL || r->split.endElementNs == NULL ||
	    r->split.characters == NULL ||
	    r->split.ignorableWhitespace != r->split.characters)
		return;
	r->front = r->split;
	r->front.startElementNs = fr_start;
	r->front.endElementNs = fr_end;
	r->front.characters = fr_text;
	r->front.ignorableWhitespace = fr_text;
	r->front.cdataBlock = r->split.cdataBlock != NULL ? fr_cdata : NULL;
	r->front.reference = r->split.reference != NULL ? fr_reference : NULL;
	r->front.internalSubset =
	    r->split.internalSubset != NULL ? fr_subset : NULL;
	r->plug_ud = r->ctxt->userData;
	r->ctxt->sax = &r->front;
	r->ctxt->userData = r;
}

/* ------------------------------------------------------------------ */
/* Disclosures fed item by item (feed.c)                               */
/* ------------------------------------------------------------------ */

const char *
vx_name_intern(const char *name)
{
	enum eiti_attr a = eiti_item_attr_index(name);

	return a < EITI_A_N ? eiti_item_attr_names[a] : name;
}

void
vx_feed_element(struct vx_run *r, const struct eiti_item *it,
    const char *const *names, int depth, bool close)
{
	size_t need = 0, i;
	int n = 0;

	flush_pending(r);
	r->depth = depth;
	r->win = VX_WIN_START;
	r->el.local = eiti_item_element(it->kind);
	r->el.ours = true;
	r->el.depth = depth;
	r->el.line = it->line;
	r->el.col = it->col;
	r->el.nclaimed = 0;
	memset(r->el.index, 0, sizeof(r->el.index));
	r->label[0] = '\0';
	r->label_what = NULL;
	for (i = 0; i < it->nattrs && n < VX_MAX_ATTRS; i++) {
		const struct eiti_item_attr *a = &it->attrs[i];
		struct vx_attr *o = &r->el.attrs[n];
		size_t len = strlen(a->value);

		o->name = names != NULL ? names[i] : vx_name_intern(a->name);
		o->value = (const xmlChar *)a->value;
		o->end = o->value + len;
		o->copy = NULL;
		o->line = a->line;
		o->col = a->col;
		index_attr(r, n);
		need += 2 * (len + 1);
		n++;
	}
	r->el.nattrs = n;
	start_element(r, need);
	if (close && r->ops != NULL && r->ops->end != NULL && !r->stopped)
		r->ops->end(r, r->el.local, depth);
	flush_pending(r);
	r->win = VX_WIN_END;
	clear_elem(r);
}

void
vx_feed_close(struct vx_run *r, const char *local, int depth)
{
	flush_pending(r);
	r->win = VX_WIN_END;
	clear_elem(r);
	if (r->ops != NULL && r->ops->end != NULL && !r->stopped)
		r->ops->end(r, local, depth);
	flush_pending(r);
	r->win = VX_WIN_NONE;
}

static void
doctype_finding(struct vx_run *r)
{
	const xmlChar *lt = tag_open(
	    r->ctxt, r->ctxt->input != NULL ? r->ctxt->input->cur - 1 : NULL);
	unsigned long line, col;

	pos_of(r->ctxt, lt, &line, &col);
	finding(r, EITI_SEV_ERROR, line, col, EITI_RULE_SEC_DOCTYPE,
	    "DOCTYPE declarations are not allowed: eitirep refuses DTDs and "
	    "entity declarations in untrusted input");
}

static void
on_doctype(
    void *ud, const xmlChar *name, const xmlChar *ext, const xmlChar *sys)
{
	struct vx_run *r = ud;

	(void)name;
	(void)ext;
	(void)sys;
	/* Before the internal subset is read: nothing is declared yet. */
	doctype_finding(r);
	halt(r->ctxt);
}

/* ------------------------------------------------------------------ */
/* The probe: what is the root element?                                */
/* ------------------------------------------------------------------ */

struct probe {
	struct vx_run *r; /* for positions and findings */
	bool root, doctype;
	bool enc_bad; /* transcoded from something not UTF-8 */
	char enc[64];
	char *ns, *local;
	unsigned long line, col;
	struct eiti_diags errs; /* parser errors met before the root */
};

static bool
encoding_ok(xmlParserCtxtPtr ctxt, const char **name)
{
	xmlCharEncodingHandlerPtr h =
	    ctxt->input != NULL && ctxt->input->buf != NULL
		? ctxt->input->buf->encoder
		: NULL;

	*name = h != NULL && h->name != NULL ? h->name : NULL;
	if (h == NULL)
		return true;
	return strcasecmp(h->name, "UTF-8") == 0 ||
	       strcasecmp(h->name, "US-ASCII") == 0 ||
	       strcasecmp(h->name, "ASCII") == 0;
}

static void
probe_start(void *ud, const xmlChar *local, const xmlChar *prefix,
    const xmlChar *uri, int nns, const xmlChar **nss, int nattrs,
    int ndefaulted, const xmlChar **attrs)
{
	struct probe *pr = ud;
	xmlParserCtxtPtr ctxt = pr->r->ctxt;
	const xmlChar *from = ctxt->input != NULL ? ctxt->input->cur : NULL;

	(void)prefix;
	(void)nns;
	(void)nss;
	(void)ndefaulted;
	if (nattrs > 0 && in_buffer(ctxt, attrs[3]))
		from = attrs[3];
	pos_of(ctxt, tag_open(ctxt, from), &pr->line, &pr->col);
	pr->root = true;
	/* Now, while the input is intact: the parser drops it once
	 * stopped. */
	{
		const char *enc;

		pr->enc_bad = !encoding_ok(ctxt, &enc);
		snprintf(pr->enc, sizeof(pr->enc), "%s",
		    enc != NULL ? enc : "another encoding");
	}
	pr->local = eiti_xstrdup((const char *)local);
	pr->ns = uri != NULL ? eiti_xstrdup((const char *)uri) : NULL;
	halt(ctxt);
}

static void
probe_doctype(
    void *ud, const xmlChar *name, const xmlChar *ext, const xmlChar *sys)
{
	struct probe *pr = ud;

	(void)name;
	(void)ext;
	(void)sys;
	pr->doctype = true;
	doctype_finding(pr->r);
	halt(pr->r->ctxt);
}

static void
probe_error(void *ud, xmlErrorPtr e)
{
	struct probe *pr = ud;
	char msg[1024], better[1024];
	enum eiti_rule rule = EITI_RULE_XML;

	/* Errors can come before the context exists: libxml2 reports an
	 * unsupported byte order mark from inside xmlCreatePushParserCtxt()
	 * (fuzz finding: a UCS-4 2143 mark crashed here). */
	if (pr->r->ctxt != NULL && pr->r->ctxt->disableSAX)
		return;
	clean_message(msg, sizeof(msg), e->message, NULL);
	if (vx_sniff_not_utf8(better, sizeof(better), msg, pr->r->name)) {
		rule = EITI_RULE_ENCODING;
		memcpy(msg, better, sizeof(msg));
	}
	eiti_finding_sev(&pr->errs,
	    e->level == XML_ERR_WARNING ? EITI_SEV_WARNING : EITI_SEV_ERROR,
	    rule, pr->r->name, e->line > 0 ? (unsigned long)e->line : 0,
	    e->int2 > 0 ? (unsigned long)e->int2 : 0, "%s", msg);
}

/* ------------------------------------------------------------------ */
/* Reading                                                             */
/* ------------------------------------------------------------------ */

struct input {
	int fd;
	unsigned long long total;
	bool eof, over, failed;
	char *pre; /* bytes read during the probe, replayed afterwards */
	size_t npre, pre_cap;
	struct eiti_read_tap *tap; /* sees every byte read, may be NULL */
};

/* Read the next chunk into buf; 0 at end of file or over the size cap,
 * -1 with err set on a read error. */
static ssize_t
read_chunk(struct input *in, char *buf, size_t n, const char *name,
    struct eiti_err *err)
{
	ssize_t got;

	if (in->eof)
		return 0;
	do
		got = read(in->fd, buf, n);
	while (got < 0 && errno == EINTR);
	if (got < 0) {
		in->failed = true;
		return eiti_err_set(err, EITI_ERR_IO,
		    "validate: cannot read %s: %s", name, strerror(errno));
	}
	if (got == 0) {
		in->eof = true;
		return 0;
	}
	if (in->tap != NULL)
		in->tap->bytes(in->tap->ud, buf, (size_t)got);
	in->total += (unsigned long long)got;
	if (in->total > max_size) {
		in->eof = true;
		in->over = true;
		return 0;
	}
	return got;
}

static void
size_finding(struct vx_run *r)
{
	char msg[200];

	snprintf(msg, sizeof(msg),
	    "file larger than the limit of %llu bytes; reading stopped",
	    max_size);
	finding(r, EITI_SEV_ERROR, vx_line(r), 0, EITI_RULE_SEC_SIZE, msg);
}

static xmlParserCtxtPtr
new_push_parser(
    xmlSAXHandler *sax, void *ud, const char *chunk, size_t n, const char *name)
{
	xmlParserCtxtPtr ctxt;
	int bad;

	/* The first four bytes let libxml2 detect a byte order mark; the
	 * probe then refuses anything that is not UTF-8. */
	ctxt =
	    xmlCreatePushParserCtxt(sax, ud, chunk, (int)(n < 4 ? n : 4), name);
	if (ctxt == NULL) {
		fputs("eitirep: out of memory\n", stderr);
		abort();
	}
	bad = xmlCtxtUseOptions(ctxt, eiti_xml_parse_options());
	if (bad != 0) {
		fprintf(stderr, "eitirep: libxml2 refused parser options %#x\n",
		    bad);
		abort();
	}
	return ctxt;
}

/* Push n bytes; false once the parser has stopped (fatal error, DOCTYPE,
 * root found in the probe, or a handler's stop). */
static bool
push(xmlParserCtxtPtr ctxt, const char *buf, size_t n, bool last)
{
	if (ctxt->instate == XML_PARSER_EOF)
		return false;
	/* The return value is the last error code, fatal or not; whether
	 * the parse can go on is in instate, and the errors themselves
	 * reached the error handlers. */
	(void)xmlParseChunk(ctxt, buf, (int)n, last ? 1 : 0);
	return ctxt->instate != XML_PARSER_EOF;
}

/*
 * Read until the root start tag.  Returns 1 with pr->root set, 0 when the
 * file ended or failed before it (findings recorded), -1 on an I/O error.
 */
static int
probe_root(struct probe *pr, struct input *in, struct eiti_err *err)
{
	struct vx_run *r = pr->r;
	xmlSAXHandler sax;
	char *buf = NULL, msg[1024];
	ssize_t got;
	bool going;
	size_t i;
	int rc = 0;

	memset(&sax, 0, sizeof(sax));
	sax.initialized = XML_SAX2_MAGIC;
	sax.startElementNs = probe_start;
	sax.internalSubset = probe_doctype;
	sax.serror = probe_error;
	buf = eiti_xmalloc(CHUNK_SIZE);
	got = read_chunk(in, buf, CHUNK_SIZE, r->name, err);
	if (got < 0) {
		rc = -1;
		goto out;
	}
	r->ctxt = new_push_parser(&sax, pr, buf, (size_t)got, r->name);
	if (in->total == 0 && !in->over) {
		finding(r, EITI_SEV_ERROR, 1, 1, EITI_RULE_XML,
		    "empty file: expected an XML document");
		goto out;
	}
	if (vx_sniff_not_xml(msg, sizeof(msg), buf, (size_t)got, r->name)) {
		finding(r, EITI_SEV_ERROR, 1, 1, EITI_RULE_NOT_XML, msg);
		goto out;
	}
	going = got > 0; /* else over the size cap at once */
	while (going) {
		size_t skip = got < 4 ? (size_t)got : 4;

		if (in->npre + (size_t)got > in->pre_cap) {
			in->pre_cap = 2 * (in->npre + (size_t)got);
			in->pre = eiti_xrealloc(in->pre, in->pre_cap);
		}
		memcpy(in->pre + in->npre, buf, (size_t)got);
		/* The first 4 bytes went to xmlCreatePushParserCtxt. */
		going = push(r->ctxt, buf + (in->npre == 0 ? skip : 0),
		    (size_t)got - (in->npre == 0 ? skip : 0), false);
		in->npre += (size_t)got;
		if (!going || pr->root || pr->doctype)
			break;
		if (in->npre > PROBE_MAX) {
			finding(r, EITI_SEV_ERROR, vx_line(r), 0, EITI_RULE_XML,
			    "no complete root start tag in the first 8 MiB");
			goto out;
		}
		got = read_chunk(in, buf, CHUNK_SIZE, r->name, err);
		if (got < 0) {
			rc = -1;
			goto out;
		}
		if (got == 0) {
			note_tail(r);
			push(r->ctxt, NULL, 0, true);
			break;
		}
	}
	if (pr->root) {
		if (pr->enc_bad) {
			/* iconv's "UTF-16" reads the byte order mark and
			 * drops it */
			snprintf(msg, sizeof(msg),
			    "the document is encoded in %s: eitirep reads "
			    "UTF-8 only; convert it with `iconv -f %s -t UTF-8 "
			    "%s > %s.utf8` and declare encoding=\"UTF-8\"",
			    pr->enc,
			    strncasecmp(pr->enc, "UTF-16", 6) == 0 ? "UTF-16"
								   : pr->enc,
			    r->name, r->name);
			finding(
			    r, EITI_SEV_ERROR, 1, 1, EITI_RULE_ENCODING, msg);
			goto out;
		}
		rc = 1;
		goto out;
	}
	if (pr->doctype)
		goto out;
	if (in->eof && !in->over && r->tail_tag[0] != '\0') {
		/* The file ends inside the root's start tag. */
		truncated_message(r, msg, sizeof(msg));
		finding(r, EITI_SEV_ERROR,
		    pr->errs.n > 0 ? pr->errs.v[0].line : r->tail_line,
		    pr->errs.n > 0 ? pr->errs.v[0].col : 0,
		    EITI_RULE_XML_TRUNCATED, msg);
		goto out;
	}
	/* No root: report what the parser said (or that nothing was said). */
	for (i = 0; i < pr->errs.n; i++) {
		struct eiti_diag *d = &pr->errs.v[i];

		finding(r, d->sev, d->line, d->col, d->rule, d->msg);
	}
	if (in->over)
		size_finding(r);
	else if (pr->errs.n == 0)
		finding(r, EITI_SEV_ERROR, vx_line(r), 0, EITI_RULE_XML,
		    "no root element");
out:
	if (r->ctxt != NULL)
		xmlFreeParserCtxt(r->ctxt);
	r->ctxt = NULL;
	free(buf);
	return rc;
}

/* ------------------------------------------------------------------ */
/* One file                                                            */
/* ------------------------------------------------------------------ */

static enum eiti_doc_kind
kind_of(const char *ns, const char *local)
{
	int k;

	for (k = EITI_DOC_DISCLOSURE; k <= EITI_DOC_PROFILE; k++)
		if (ns != NULL && strcmp(ns, kinds[k].ns) == 0 &&
		    (kinds[k].root == NULL ||
			strcmp(local, kinds[k].root) == 0))
			return (enum eiti_doc_kind)k;
	return EITI_DOC_UNKNOWN;
}

/* KIND: say what the root element is and what was expected. */
static void
kind_finding(struct vx_run *r, const struct probe *pr, enum eiti_doc_kind seen,
    enum eiti_doc_kind expect)
{
	char msg[1024];
	int k, by_name = 0, by_ns = 0;

	for (k = EITI_DOC_DISCLOSURE; k <= EITI_DOC_PROFILE; k++) {
		if (kinds[k].root != NULL &&
		    strcmp(pr->local, kinds[k].root) == 0)
			by_name = k;
		if (pr->ns != NULL && strcmp(pr->ns, kinds[k].ns) == 0)
			by_ns = k;
	}
	if (seen != EITI_DOC_UNKNOWN && expect == EITI_DOC_RESULTS) {
		/* render and export: the results of a reconciliation */
		if (seen == EITI_DOC_MANIFEST)
			snprintf(msg, sizeof(msg),
			    "expected results.xml (urn:eitirep:results:1), "
			    "found a manifest: reconcile it first with "
			    "`eitirep reconcile %s -o DIR` and give "
			    "DIR/results.xml (or `eitirep run %s -o DIR`, "
			    "which also renders the report)",
			    r->name, r->name);
		else
			snprintf(msg, sizeof(msg),
			    "expected results.xml (urn:eitirep:results:1), "
			    "found a %s: results.xml is written by `eitirep "
			    "reconcile MANIFEST -o DIR` from a manifest that "
			    "lists the disclosures",
			    kinds[seen].what);
	} else if (seen != EITI_DOC_UNKNOWN) {
		snprintf(msg, sizeof(msg),
		    "expected a %s ('%s' in %s), found a %s",
		    kinds[expect].what, kinds[expect].root, kinds[expect].ns,
		    kinds[seen].what);
	} else if (by_ns != 0) {
		snprintf(msg, sizeof(msg),
		    "root element '%s' in %s: a %s has the root element '%s'",
		    pr->local, pr->ns, kinds[by_ns].what, kinds[by_ns].root);
	} else if (by_name != 0 && pr->ns == NULL) {
		snprintf(msg, sizeof(msg),
		    "root element '%s' has no namespace: a %s needs "
		    "xmlns=\"%s\"",
		    pr->local, kinds[by_name].what, kinds[by_name].ns);
	} else if (by_name != 0) {
		snprintf(msg, sizeof(msg),
		    "root element '%s' is in namespace '%s': a %s must be in "
		    "%s",
		    pr->local, pr->ns, kinds[by_name].what, kinds[by_name].ns);
	} else {
		snprintf(msg, sizeof(msg),
		    "root element '%s'%s%s%s is not an eitirep document "
		    "(disclosure, manifest, adjustments or results)",
		    pr->local, pr->ns != NULL ? " in namespace '" : "",
		    pr->ns != NULL ? pr->ns : "", pr->ns != NULL ? "'" : "");
	}
	finding(r, EITI_SEV_ERROR, pr->line, pr->col, EITI_RULE_KIND, msg);
}

/* Refuse a directory as input. */
static int
check_input(const struct input *in, const char *name, struct eiti_err *err)
{
	struct stat st;

	if (fstat(in->fd, &st) != 0)
		return eiti_err_set(err, EITI_ERR_IO,
		    "validate: cannot read %s: %s", name,
		    eiti_errno_text(errno));
	if (S_ISDIR(st.st_mode))
		return eiti_err_set(err, EITI_ERR_IO,
		    "validate: cannot read %s: is a directory", name);
	return 0;
}

/* The parser of the whole document (our SAX handlers), started with the
 * probe's first bytes, and the schema's validator plugged into it. */
static int
start_parser(struct vx_run *r, const struct input *in, xmlSchemaPtr schema,
    xmlSchemaValidCtxtPtr *vctxt, xmlSchemaSAXPlugPtr *plug,
    struct eiti_err *err)
{
	xmlSAXHandler sax; /* copied by the parser */

	memset(&sax, 0, sizeof(sax));
	sax.initialized = XML_SAX2_MAGIC;
	sax.startElementNs = on_start;
	sax.endElementNs = on_end;
	sax.characters = on_text;
	sax.cdataBlock = on_text;
	sax.internalSubset = on_doctype;
	sax.serror = on_parse_error;
	r->ctxt = new_push_parser(&sax, r, in->pre, in->npre, r->name);
	r->ctxt->_private = r;
	*vctxt = xmlSchemaNewValidCtxt(schema);
	if (*vctxt == NULL)
		return eiti_err_set(err, EITI_ERR_IO,
		    "validate: %s: cannot create a schema validation context",
		    r->name);
	xmlSchemaSetValidStructuredErrors(*vctxt, on_schema_error, r);
	xmlSchemaValidateSetLocator(*vctxt, locator, r);
	*plug = xmlSchemaSAXPlug(*vctxt, &r->ctxt->sax, &r->ctxt->userData);
	if (*plug == NULL)
		return eiti_err_set(err, EITI_ERR_IO,
		    "validate: %s: cannot plug the schema validator", r->name);
	/* The plug forwards every event but serror. */
	r->ctxt->sax->serror = on_parse_error;
	fast_install(r);
	return 0;
}

/* Replay what the probe read, then stream the rest of the file through
 * the parser.  -1 with err set on a read error or when a handler stopped
 * the parse with an error. */
static int
stream_input(struct vx_run *r, struct input *in, struct eiti_err *err)
{
	size_t skip = in->npre < 4 ? in->npre : 4;
	char *buf = NULL;
	ssize_t got;
	bool going;
	int rc = -1;

	going = push(r->ctxt, in->pre + skip, in->npre - skip, false);
	free(in->pre);
	in->pre = NULL;
	buf = eiti_xmalloc(CHUNK_SIZE);
	while (going && !in->eof) {
		got = read_chunk(in, buf, CHUNK_SIZE, r->name, err);
		if (got < 0)
			goto out;
		if (got == 0)
			break;
		going = push(r->ctxt, buf, (size_t)got, false);
	}
	if (r->stopped && eiti_err_isset(err))
		goto out;
	if (in->over) {
		size_finding(r);
		halt(r->ctxt);
	} else if (going) {
		/* Errors from here on are about the end of the file. */
		note_tail(r);
		r->at_eof = true;
		push(r->ctxt, NULL, 0, true);
	}
	if (r->stopped && eiti_err_isset(err))
		goto out;
	rc = 0;
out:
	free(buf);
	return rc;
}

/* After the last byte: the validator's verdict (taken before the plug is
 * removed, which resets it), and a finding when the parser or the
 * validator failed without saying where. */
static int
conclude(struct vx_run *r, const struct input *in, xmlSchemaValidCtxtPtr vctxt,
    xmlSchemaSAXPlugPtr *plug, struct eiti_err *err)
{
	bool wf;
	int valid = 1;

	flush_pending(r);
	r->win = VX_WIN_NONE;
	wf = r->ctxt->wellFormed != 0;
	if (vctxt != NULL)
		valid = xmlSchemaIsValid(vctxt);
	if (*plug != NULL) {
		int u = xmlSchemaSAXUnplug(*plug);

		*plug = NULL;
		if (u != 0)
			return eiti_err_set(err, EITI_ERR_IO,
			    "validate: %s: cannot unplug the schema "
			    "validator",
			    r->name);
	}
	if (!wf && r->errors == 0)
		finding(r, EITI_SEV_ERROR, vx_line(r), 0, EITI_RULE_XML,
		    "the document is not well-formed");
	if (wf && !in->over && valid == 0 && r->errors == 0)
		finding(r, EITI_SEV_ERROR, vx_line(r), 0, EITI_RULE_XSD,
		    "the document is not valid against its schema");
	if (wf && !in->over && valid < 0)
		finding(r, EITI_SEV_ERROR, vx_line(r), 0, EITI_RULE_XSD,
		    "internal error of the schema validator");
	return 0;
}

/* Read what is left of the file for the tap (after a parse that stopped
 * early), within the size cap, and say how the reading ended. */
static void
finish_tap(struct input *in, const char *name, struct eiti_err *err)
{
	char *buf = eiti_xmalloc(CHUNK_SIZE);

	while (!in->eof && !in->failed &&
	       read_chunk(in, buf, CHUNK_SIZE, name, err) > 0)
		;
	free(buf);
	in->tap->total = (long long)in->total;
	in->tap->complete = in->eof && !in->over && !in->failed;
}

int
vx_run_fd(enum eiti_doc_kind *kind_out, int fd, const char *name,
    enum eiti_doc_kind expect,
    const struct vx_ops *(*ops_for)(
	enum eiti_doc_kind kind, void *arg, void **ud),
    void *arg, struct eiti_diags *diags, struct eiti_read_tap *tap,
    struct eiti_err *err)
{
	struct vx_run r;
	struct probe pr;
	struct input in;
	enum eiti_doc_kind kind;
	xmlSchemaPtr schema = NULL;
	xmlSchemaValidCtxtPtr vctxt = NULL;
	xmlSchemaSAXPlugPtr plug = NULL;
	int rc = -1, p;

	eiti_xml_init();
	memset(&r, 0, sizeof(r));
	memset(&pr, 0, sizeof(pr));
	memset(&in, 0, sizeof(in));
	in.fd = fd;
	*kind_out = EITI_DOC_UNKNOWN;
	r.diags = diags;
	r.name = name;
	r.err = err;
	r.text_err_depth = -1;
	pr.r = &r;
	eiti_diags_init(&pr.errs);
	in.tap = tap;
	if (tap != NULL) {
		tap->total = 0;
		tap->complete = false;
	}

	/* The installation first: its error is not about this file. */
	if (eiti_validate_load(err) != 0 || check_input(&in, name, err) != 0)
		goto out;
	p = probe_root(&pr, &in, err);
	if (p <= 0) {
		rc = p < 0 ? -1 : 0;
		goto out;
	}
	kind = kind_of(pr.ns, pr.local);
	if (kind == EITI_DOC_UNKNOWN ||
	    (expect != EITI_DOC_UNKNOWN && kind != expect)) {
		kind_finding(&r, &pr, kind, expect);
		rc = 0;
		goto out;
	}
	*kind_out = kind;
	schema = schema_for(kind, err);
	if (schema == NULL)
		goto out;
	r.kind = kind;
	r.ns = kinds[kind].ns;
	r.open[1].line = pr.line;
	r.ops = ops_for != NULL ? ops_for(kind, arg, &r.ud) : NULL;
	if (start_parser(&r, &in, schema, &vctxt, &plug, err) != 0 ||
	    stream_input(&r, &in, err) != 0 ||
	    conclude(&r, &in, vctxt, &plug, err) != 0)
		goto out;
	rc = 0;
out:
	if (plug != NULL)
		xmlSchemaSAXUnplug(plug);
	if (r.fast_count != 0)
		__atomic_add_fetch(&fast_taken, r.fast_count, __ATOMIC_RELAXED);
	if (vctxt != NULL)
		xmlSchemaFreeValidCtxt(vctxt);
	if (r.ctxt != NULL)
		xmlFreeParserCtxt(r.ctxt);
	if (tap != NULL && rc == 0) {
		finish_tap(&in, name, err);
		if (eiti_err_isset(err))
			rc = -1;
	}
	free(in.pre);
	flush_pending(&r);
	free(r.pending);
	free(r.scratch);
	free(pr.ns);
	free(pr.local);
	eiti_diags_free(&pr.errs);
	return rc;
}

int
vx_run_file_tap(enum eiti_doc_kind *kind_out, const char *path,
    const char *name, enum eiti_doc_kind expect,
    const struct vx_ops *(*ops_for)(
	enum eiti_doc_kind kind, void *arg, void **ud),
    void *arg, struct eiti_diags *diags, struct eiti_read_tap *tap,
    struct eiti_err *err)
{
	int fd, rc;

	*kind_out = EITI_DOC_UNKNOWN;
	/* The installation first: its error is not about this file. */
	if (eiti_validate_load(err) != 0)
		return -1;
	fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY);
	if (fd < 0)
		return eiti_err_set(err, EITI_ERR_IO,
		    "validate: cannot open %s: %s", name,
		    eiti_errno_text(errno));
	rc = vx_run_fd(
	    kind_out, fd, name, expect, ops_for, arg, diags, tap, err);
	close(fd);
	return rc;
}

int
vx_run_file(enum eiti_doc_kind *kind_out, const char *path, const char *name,
    enum eiti_doc_kind expect,
    const struct vx_ops *(*ops_for)(
	enum eiti_doc_kind kind, void *arg, void **ud),
    void *arg, struct eiti_diags *diags, struct eiti_err *err)
{
	return vx_run_file_tap(
	    kind_out, path, name, expect, ops_for, arg, diags, NULL, err);
}

/* ------------------------------------------------------------------ */
/* The same safe setup for stream.c                                    */
/* ------------------------------------------------------------------ */

xmlParserCtxtPtr
vx_new_push_parser(
    xmlSAXHandler *sax, void *ud, const char *chunk, size_t n, const char *name)
{
	return new_push_parser(sax, ud, chunk, n, name);
}

bool
vx_push(xmlParserCtxtPtr ctxt, const char *buf, size_t n, bool last)
{
	return push(ctxt, buf, n, last);
}

void
vx_halt(xmlParserCtxtPtr ctxt)
{
	halt(ctxt);
}

void
vx_clean_message(char *out, size_t outsz, const char *msg)
{
	clean_message(out, outsz, msg, NULL);
}

char *
vx_amp_decode(char *s, char *end)
{
	return amp_decode(s, end);
}
