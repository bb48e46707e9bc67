/*
 * stream.c - streaming XML for other stages (validate.h): the import
 * stage's workbook parts read through the engine's own safe parser setup
 * (xml.c: eiti_xml_init()'s deny-all entity loader and catalogs off, the
 * push parser with eiti_xml_parse_options(), DOCTYPE refused from the
 * internalSubset event before any declaration is read), with the same
 * depth and size caps.  No schema: the caller interprets the elements.
 */
#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/parser.h>
#include <libxml/parserInternals.h>

#include "validate/internal.h"
#include "validate/validate.h"

struct eiti_xml_stream {
	xmlParserCtxtPtr ctxt;
	xmlSAXHandler sax;
	const struct eiti_xml_handler *h;
	void *ud;
	struct eiti_diags *diags;
	char *file, *part;
	unsigned char head[4]; /* the first bytes, until there are 4 */
	size_t nhead;
	unsigned long long pushed;
	int depth;
	bool stopped; /* by the caller, a cap or a refusal */
	bool failed;  /* a finding */
	bool done;
	/* attributes of the current start tag */
	struct eiti_xml_attr *attrs;
	size_t attrs_cap;
	char *scratch;
	size_t scratch_cap;
};

static void finding(struct eiti_xml_stream *s, unsigned long line,
    unsigned long col, enum eiti_severity sev, enum eiti_rule rule,
    const char *fmt, ...) __attribute__((format(printf, 6, 7)));

static void
finding(struct eiti_xml_stream *s, unsigned long line, unsigned long col,
    enum eiti_severity sev, enum eiti_rule rule, const char *fmt, ...)
{
	char msg[1024], where[1200];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	if (sev == EITI_SEV_ERROR)
		s->failed = true;
	if (s->part == NULL) {
		eiti_finding_sev(
		    s->diags, sev, rule, s->file, line, col, "%s", msg);
		return;
	}
	snprintf(where, sizeof(where), "%s:%lu:%lu", s->part, line, col);
	eiti_finding_at_sev(s->diags, sev, rule, s->file, where, "%s", msg);
}

static void
here(struct eiti_xml_stream *s, unsigned long *line, unsigned long *col)
{
	xmlParserInputPtr in = s->ctxt != NULL ? s->ctxt->input : NULL;

	*line = in != NULL && in->line > 0 ? (unsigned long)in->line : 0;
	*col = in != NULL && in->col > 0 ? (unsigned long)in->col : 0;
}

static void
stop(struct eiti_xml_stream *s)
{
	s->stopped = true;
	if (s->ctxt != NULL)
		vx_halt(s->ctxt);
}

static void
on_start(void *ud, const xmlChar *local, const xmlChar *prefix,
    const xmlChar *uri, int nns, const xmlChar **nss, int nattrs,
    int ndefaulted, const xmlChar **attrs)
{
	struct eiti_xml_stream *s = ud;
	size_t need = 0, used = 0;
	int i;

	(void)prefix;
	(void)nns;
	(void)nss;
	(void)ndefaulted;
	if (s->stopped)
		return;
	if (++s->depth > VX_MAX_DEPTH) {
		unsigned long line, col;

		here(s, &line, &col);
		finding(s, line, col, EITI_SEV_ERROR, EITI_RULE_SEC_DEPTH,
		    "elements nested deeper than %d levels; reading stopped",
		    VX_MAX_DEPTH);
		stop(s);
		return;
	}
	if (nattrs < 0)
		nattrs = 0;
	if ((size_t)nattrs > s->attrs_cap) {
		s->attrs_cap = (size_t)nattrs * 2;
		s->attrs =
		    eiti_xrealloc(s->attrs, s->attrs_cap * sizeof(*s->attrs));
	}
	for (i = 0; i < nattrs; i++)
		need += (size_t)(attrs[5 * i + 4] - attrs[5 * i + 3]) + 1;
	if (need > s->scratch_cap) {
		s->scratch_cap = need > 4096 ? 2 * need : 4096;
		free(s->scratch);
		s->scratch = eiti_xmalloc(s->scratch_cap);
	}
	for (i = 0; i < nattrs; i++) {
		const xmlChar **a = attrs + 5 * i;
		size_t n = (size_t)(a[4] - a[3]);
		char *v = s->scratch + used, *end;

		memcpy(v, a[3], n);
		v[n] = '\0';
		end = vx_amp_decode(v, v + n);
		s->attrs[i].local = (const char *)a[0];
		s->attrs[i].uri = (const char *)a[2];
		s->attrs[i].value = v;
		s->attrs[i].len = (size_t)(end - v);
		used += n + 1;
	}
	if (s->h->start != NULL)
		s->h->start(s->ud, (const char *)local, (const char *)uri,
		    s->attrs, (size_t)nattrs);
}

static void
on_end(
    void *ud, const xmlChar *local, const xmlChar *prefix, const xmlChar *uri)
{
	struct eiti_xml_stream *s = ud;

	(void)prefix;
	if (s->stopped)
		return;
	s->depth--;
	if (s->h->end != NULL)
		s->h->end(s->ud, (const char *)local, (const char *)uri);
}

static void
on_text(void *ud, const xmlChar *ch, int len)
{
	struct eiti_xml_stream *s = ud;

	if (s->stopped || len <= 0)
		return;
	if (s->h->text != NULL)
		s->h->text(s->ud, (const char *)ch, (size_t)len);
}

static void
on_doctype(
    void *ud, const xmlChar *name, const xmlChar *ext, const xmlChar *sys)
{
	struct eiti_xml_stream *s = ud;
	unsigned long line, col;

	(void)name;
	(void)ext;
	(void)sys;
	here(s, &line, &col);
	finding(s, line, 0, EITI_SEV_ERROR, EITI_RULE_SEC_DOCTYPE,
	    "DOCTYPE declarations are not allowed: eitirep refuses DTDs and "
	    "entity declarations in untrusted input");
	stop(s);
}

static void
on_error(void *ud, xmlErrorPtr e)
{
	xmlParserCtxtPtr ctxt = e != NULL ? e->ctxt : NULL;
	struct eiti_xml_stream *s = ctxt != NULL ? ctxt->_private : ud;
	char msg[1024];

	if (s == NULL || s->stopped || (ctxt != NULL && ctxt->disableSAX))
		return;
	vx_clean_message(msg, sizeof(msg), e->message);
	finding(s, e->line > 0 ? (unsigned long)e->line : 0,
	    e->int2 > 0 ? (unsigned long)e->int2 : 0,
	    e->level == XML_ERR_WARNING ? EITI_SEV_WARNING : EITI_SEV_ERROR,
	    EITI_RULE_XML, "%s", msg);
	if (e->level != XML_ERR_WARNING)
		stop(s);
}

int
eiti_xml_stream_new(struct eiti_xml_stream **out, const char *file,
    const char *part, const struct eiti_xml_handler *h, void *ud,
    struct eiti_diags *diags, struct eiti_err *err)
{
	struct eiti_xml_stream *s;

	(void)err;
	eiti_xml_init();
	s = eiti_xcalloc(1, sizeof(*s));
	s->h = h;
	s->ud = ud;
	s->diags = diags;
	s->file = eiti_xstrdup(file);
	s->part = part != NULL ? eiti_xstrdup(part) : NULL;
	s->sax.initialized = XML_SAX2_MAGIC;
	s->sax.startElementNs = on_start;
	s->sax.endElementNs = on_end;
	s->sax.characters = on_text;
	s->sax.cdataBlock = on_text;
	s->sax.internalSubset = on_doctype;
	s->sax.serror = on_error;
	*out = s;
	return 0;
}

bool
eiti_xml_stream_push(
    struct eiti_xml_stream *s, const char *buf, size_t len, bool final)
{
	bool going;

	if (s->stopped || s->done)
		return false;
	s->pushed += len;
	if (s->pushed > eiti_xml_max_size()) {
		unsigned long line, col;

		here(s, &line, &col);
		finding(s, line, 0, EITI_SEV_ERROR, EITI_RULE_SEC_SIZE,
		    "document larger than the limit of %llu bytes; reading "
		    "stopped",
		    eiti_xml_max_size());
		stop(s);
		return false;
	}
	if (s->ctxt == NULL) {
		/* The parser gets its first four bytes at creation, to see a
		 * byte order mark. */
		size_t take = 4 - s->nhead < len ? 4 - s->nhead : len;

		memcpy(s->head + s->nhead, buf, take);
		s->nhead += take;
		buf += take;
		len -= take;
		if (s->nhead < 4 && !final)
			return true;
		s->ctxt = vx_new_push_parser(&s->sax, s, (const char *)s->head,
		    s->nhead, s->part != NULL ? s->part : s->file);
		s->ctxt->_private = s;
		if (s->nhead == 0 && final) {
			finding(s, 1, 1, EITI_SEV_ERROR, EITI_RULE_XML,
			    "empty document: expected XML");
			stop(s);
			return false;
		}
	}
	going = vx_push(s->ctxt, buf, len, final);
	if (s->stopped)
		return false;
	if (!going || s->ctxt->disableSAX) {
		if (!s->failed && !s->ctxt->wellFormed) {
			unsigned long line, col;

			here(s, &line, &col);
			finding(s, line, 0, EITI_SEV_ERROR, EITI_RULE_XML,
			    "the document is not well-formed");
		}
		s->done = true;
		return false;
	}
	if (final) {
		s->done = true;
		return false;
	}
	return true;
}

void
eiti_xml_stream_stop(struct eiti_xml_stream *s)
{
	stop(s);
}

bool
eiti_xml_stream_ok(const struct eiti_xml_stream *s)
{
	return !s->failed && (s->ctxt == NULL || s->ctxt->wellFormed);
}

unsigned long
eiti_xml_stream_line(const struct eiti_xml_stream *s)
{
	xmlParserInputPtr in = s->ctxt != NULL ? s->ctxt->input : NULL;

	return in != NULL && in->line > 0 ? (unsigned long)in->line : 0;
}

void
eiti_xml_stream_free(struct eiti_xml_stream *s)
{
	if (s == NULL)
		return;
	if (s->ctxt != NULL)
		xmlFreeParserCtxt(s->ctxt);
	free(s->attrs);
	free(s->scratch);
	free(s->file);
	free(s->part);
	free(s);
}
