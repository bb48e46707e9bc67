/*
 * template_load.c - templates/LANG.xml -> struct eiti_template.
 *
 * Templates are small, trusted-but-checked files, so they are parsed
 * whole into a tree (from a capped in-memory copy), validated against
 * template.xsd, copied into an arena and the tree freed.  A DOCTYPE is
 * refused from the SAX internalSubset event, which libxml2 raises before
 * it reads any declaration of the internal subset, so no entity of a
 * hostile template is ever defined, let alone expanded.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxml/xmlschemas.h>

#include "core/arena.h"
#include "core/err.h"
#include "core/message.h"
#include "core/paths.h"
#include "core/sha256.h"
#include "validate/template_load.h"

#define TMPL_NS "urn:eitirep:template:1"

/* The parser options: nothing from the network, no entity substitution,
 * no huge-document mode, libxml2 prints nothing itself. */
#define TMPL_PARSE_OPTS                                                        \
	(XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING)

struct load_state {
	const char *path;
	bool doctype;
	struct eiti_err *err;
};

/* Read at most max bytes of path into a new buffer (NUL-terminated). */
static int
read_capped(
    char **out, size_t *len, const char *path, long max, struct eiti_err *err)
{
	char *buf = NULL;
	size_t n = 0, cap = 0;
	int fd, rc = -1;

	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return eiti_err_set(err, EITI_ERR_IO, "render: template %s: %s",
		    path, strerror(errno));
	for (;;) {
		ssize_t r;

		if (n + 4096 + 1 > cap) {
			cap = cap ? cap * 2 : 16384;
			buf = eiti_xrealloc(buf, cap);
		}
		r = read(fd, buf + n, cap - n - 1);
		if (r < 0) {
			if (errno == EINTR)
				continue;
			eiti_err_set(err, EITI_ERR_IO,
			    "render: template %s: %s", path, strerror(errno));
			goto out;
		}
		if (r == 0)
			break;
		n += (size_t)r;
		if ((long)n > max) {
			eiti_err_set(err, EITI_ERR_INVALID,
			    "render: template %s: larger than %ld bytes", path,
			    max);
			goto out;
		}
	}
	buf[n] = '\0';
	*out = buf;
	*len = n;
	buf = NULL;
	rc = 0;
out:
	free(buf);
	close(fd);
	return rc;
}

/* libxml2's message as one line (it may add "Bytes: 0x.." on a second
 * one): an error is printed once, on one line, by main. */
static void
one_line(char *out, size_t cap, const char *msg)
{
	size_t o = 0;
	bool space = false;

	for (; *msg != '\0' && o + 2 < cap; msg++) {
		unsigned char c = (unsigned char)*msg;

		if (c == '\n' || c == '\r' || c == '\t' || c == ' ') {
			space = o > 0;
			continue;
		}
		if (space)
			out[o++] = ' ';
		space = false;
		out[o++] = c < 0x20 ? '?' : (char)c;
	}
	out[o] = '\0';
}

/* SAX hook: a DOCTYPE stops the parser before its internal subset. */
static void
refuse_doctype(void *ctx, const xmlChar *name, const xmlChar *ext_id,
    const xmlChar *sys_id)
{
	xmlParserCtxtPtr ctxt = ctx;
	struct load_state *st = ctxt->_private;

	st->doctype = true;
	xmlStopParser(ctxt);
}

static void
schema_error(void *ud, xmlErrorPtr e)
{
	struct load_state *st = ud;
	char msg[512];

	if (e == NULL || e->level < XML_ERR_ERROR)
		return;
	one_line(msg, sizeof(msg), e->message ? e->message : "error");
	eiti_err_set(st->err, EITI_ERR_INVALID, "render: template %s:%d: %s",
	    st->path, e->line, msg);
}

/* Validate doc against the schema file at xsd_path (parsed from memory). */
static int
validate_doc(xmlDocPtr doc, const char *xsd_path, struct load_state *st)
{
	xmlSchemaParserCtxtPtr pctx = NULL;
	xmlSchemaPtr schema = NULL;
	xmlSchemaValidCtxtPtr vctx = NULL;
	char *xsd = NULL;
	size_t xsd_len;
	int rc = -1;

	if (read_capped(&xsd, &xsd_len, xsd_path, EITI_TEMPLATE_MAX_BYTES,
		st->err) != 0)
		goto out;
	pctx = xmlSchemaNewMemParserCtxt(xsd, (int)xsd_len);
	if (pctx == NULL) {
		eiti_err_set(st->err, EITI_ERR_INVALID,
		    "render: template schema %s: cannot be read", xsd_path);
		goto out;
	}
	xmlSchemaSetParserStructuredErrors(pctx, NULL, NULL);
	schema = xmlSchemaParse(pctx);
	if (schema == NULL) {
		eiti_err_set(st->err, EITI_ERR_INVALID,
		    "render: template schema %s: not a valid schema", xsd_path);
		goto out;
	}
	vctx = xmlSchemaNewValidCtxt(schema);
	if (vctx == NULL) {
		eiti_err_set(st->err, EITI_ERR_IO,
		    "render: template schema %s: out of memory", xsd_path);
		goto out;
	}
	xmlSchemaSetValidStructuredErrors(vctx, schema_error, st);
	if (xmlSchemaValidateDoc(vctx, doc) != 0) {
		eiti_err_set(st->err, EITI_ERR_INVALID,
		    "render: template %s: does not match %s", st->path,
		    xsd_path);
		goto out;
	}
	rc = 0;
out:
	xmlSchemaFreeValidCtxt(vctx);
	xmlSchemaFree(schema);
	xmlSchemaFreeParserCtxt(pctx);
	free(xsd);
	return rc;
}

static bool
is_ours(xmlNodePtr n, const char *name)
{
	return n->type == XML_ELEMENT_NODE && n->ns != NULL &&
	       strcmp((const char *)n->ns->href, TMPL_NS) == 0 &&
	       strcmp((const char *)n->name, name) == 0;
}

/* Copy s into the arena with XML whitespace runs collapsed to one space
 * and trimmed, so authors may wrap long texts over several lines. */
static char *
collapse(struct eiti_arena *a, const char *s)
{
	size_t n = s ? strlen(s) : 0, o = 0, i;
	char *d = eiti_arena_alloc(a, n + 1);
	bool space = false;

	for (i = 0; i < n; i++) {
		char c = s[i];

		if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
			space = o > 0;
			continue;
		}
		if (space)
			d[o++] = ' ';
		space = false;
		d[o++] = c;
	}
	d[o] = '\0';
	return d;
}

static char *
attr_copy(struct eiti_arena *a, xmlNodePtr n, const char *name)
{
	xmlChar *v = xmlGetProp(n, (const xmlChar *)name);
	char *s = eiti_arena_strdup(a, v ? (const char *)v : "");

	xmlFree(v);
	return s;
}

static char *
content_copy(struct eiti_arena *a, xmlNodePtr n)
{
	xmlChar *v = xmlNodeGetContent(n);
	char *s = collapse(a, (const char *)v);

	xmlFree(v);
	return s;
}

static int
cmp_text(const void *a, const void *b)
{
	const struct eiti_tmpl_text *x = a, *y = b;

	return strcmp(x->key, y->key);
}

static size_t
count_children(xmlNodePtr parent, const char *name)
{
	size_t n = 0;
	xmlNodePtr c;

	for (c = parent ? parent->children : NULL; c != NULL; c = c->next)
		if (is_ours(c, name))
			n++;
	return n;
}

static xmlNodePtr
child(xmlNodePtr parent, const char *name)
{
	xmlNodePtr c;

	for (c = parent->children; c != NULL; c = c->next)
		if (is_ours(c, name))
			return c;
	return NULL;
}

/* Copy the validated tree into t.  The schema guarantees the shape; the
 * checks here cover what XSD 1.0 cannot say. */
static int
copy_tree(struct eiti_template *t, xmlNodePtr root, struct load_state *st)
{
	struct eiti_arena *a = t->arena;
	xmlNodePtr numbers, dates, sections, texts, glossary, c;
	size_t i;

	t->lang = attr_copy(a, root, "lang");
	t->language = attr_copy(a, root, "language");
	numbers = child(root, "numbers");
	dates = child(root, "dates");
	sections = child(root, "sections");
	texts = child(root, "texts");
	glossary = child(root, "glossary");
	if (numbers == NULL || dates == NULL || sections == NULL ||
	    texts == NULL)
		return eiti_err_set(st->err, EITI_ERR_INVALID,
		    "render: template %s: incomplete", st->path);
	t->num_lang = attr_copy(a, numbers, "lang");
	t->num_decimal = attr_copy(a, numbers, "decimal");
	t->num_group = attr_copy(a, numbers, "group");
	t->num_percent = attr_copy(a, numbers, "percent");
	if ((t->num_decimal[0] == '\0') != (t->num_group[0] == '\0'))
		return eiti_err_set(st->err, EITI_ERR_INVALID,
		    "render: template %s:%ld: numbers needs both decimal and "
		    "group, or neither",
		    st->path, xmlGetLineNo(numbers));
	t->date_pattern = attr_copy(a, dates, "pattern");
	i = 0;
	for (c = dates->children; c != NULL; c = c->next)
		if (is_ours(c, "month") && i < 12)
			t->months[i++] = content_copy(a, c);
	if (i != 12)
		return eiti_err_set(st->err, EITI_ERR_INVALID,
		    "render: template %s: needs 12 months", st->path);

	t->nsections = count_children(sections, "section");
	t->sections =
	    eiti_arena_alloc(a, (t->nsections + 1) * sizeof(*t->sections));
	i = 0;
	for (c = sections->children; c != NULL; c = c->next) {
		char *app;

		if (!is_ours(c, "section"))
			continue;
		t->sections[i].id = attr_copy(a, c, "id");
		app = attr_copy(a, c, "appendix");
		t->sections[i].appendix =
		    strcmp(app, "true") == 0 || strcmp(app, "1") == 0;
		i++;
	}

	t->ntexts = count_children(texts, "text");
	t->texts = eiti_arena_alloc(a, (t->ntexts + 1) * sizeof(*t->texts));
	i = 0;
	for (c = texts->children; c != NULL; c = c->next) {
		if (!is_ours(c, "text"))
			continue;
		t->texts[i].key = attr_copy(a, c, "key");
		t->texts[i].value = content_copy(a, c);
		i++;
	}
	for (i = 0; i < t->ntexts; i++) {
		char why[160];

		if (!eiti_msg_check(t->texts[i].value, why, sizeof(why)))
			return eiti_err_set(st->err, EITI_ERR_INVALID,
			    "render: template %s: text '%s': %s", st->path,
			    t->texts[i].key, why);
	}
	qsort(t->texts, t->ntexts, sizeof(*t->texts), cmp_text);
	for (i = 1; i < t->ntexts; i++)
		if (strcmp(t->texts[i - 1].key, t->texts[i].key) == 0)
			return eiti_err_set(st->err, EITI_ERR_INVALID,
			    "render: template %s: text '%s' defined twice",
			    st->path, t->texts[i].key);

	t->nglossary = count_children(glossary, "entry");
	t->glossary =
	    eiti_arena_alloc(a, (t->nglossary + 1) * sizeof(*t->glossary));
	i = 0;
	for (c = glossary ? glossary->children : NULL; c != NULL; c = c->next) {
		xmlNodePtr term, def;

		if (!is_ours(c, "entry"))
			continue;
		term = child(c, "term");
		def = child(c, "definition");
		t->glossary[i].term = term ? content_copy(a, term) : "";
		t->glossary[i].definition = def ? content_copy(a, def) : "";
		i++;
	}
	return 0;
}

int
eiti_template_load(struct eiti_template **out, const char *path,
    const char *xsd_path, struct eiti_err *err)
{
	struct load_state st = {path, false, err};
	struct eiti_template *t = NULL;
	xmlParserCtxtPtr ctxt = NULL;
	xmlDocPtr doc = NULL;
	xmlNodePtr root;
	char *buf = NULL;
	size_t len;
	int rc = -1;

	if (read_capped(&buf, &len, path, EITI_TEMPLATE_MAX_BYTES, err) != 0)
		goto out;
	ctxt = xmlNewParserCtxt();
	if (ctxt == NULL) {
		eiti_err_set(err, EITI_ERR_IO,
		    "render: template %s: out of memory", path);
		goto out;
	}
	ctxt->_private = &st;
	ctxt->sax->internalSubset = refuse_doctype;
	doc =
	    xmlCtxtReadMemory(ctxt, buf, (int)len, path, NULL, TMPL_PARSE_OPTS);
	if (st.doctype) {
		eiti_err_set(err, EITI_ERR_INVALID,
		    "render: template %s: a DOCTYPE is not allowed", path);
		goto out;
	}
	if (doc == NULL || !ctxt->wellFormed) {
		xmlErrorPtr e = xmlCtxtGetLastError(ctxt);
		char msg[512] = "not well-formed XML";

		if (e != NULL && e->message != NULL)
			one_line(msg, sizeof(msg), e->message);
		eiti_err_set(err, EITI_ERR_INVALID,
		    "render: template %s:%d: %s", path, e ? e->line : 0, msg);
		goto out;
	}
	root = xmlDocGetRootElement(doc);
	if (root == NULL || !is_ours(root, "template")) {
		eiti_err_set(err, EITI_ERR_INVALID,
		    "render: template %s: root element is not {%s}template",
		    path, TMPL_NS);
		goto out;
	}
	if (validate_doc(doc, xsd_path, &st) != 0)
		goto out;
	t = eiti_xcalloc(1, sizeof(*t));
	t->arena = eiti_arena_new();
	t->file = eiti_arena_strdup(t->arena, path);
	{
		struct eiti_sha256 h;

		eiti_sha256_init(&h);
		eiti_sha256_update(&h, buf, len);
		eiti_sha256_final_hex(&h, t->sha256);
	}
	if (copy_tree(t, root, &st) != 0)
		goto out;
	*out = t;
	t = NULL;
	rc = 0;
out:
	eiti_template_free(t);
	xmlFreeDoc(doc);
	xmlFreeParserCtxt(ctxt);
	free(buf);
	return rc;
}

bool
eiti_template_lang_ok(const char *lang)
{
	size_t i, n;

	if (lang == NULL)
		return false;
	n = strlen(lang);
	if (n == 0 || n > 35)
		return false;
	if (!((lang[0] >= 'a' && lang[0] <= 'z') ||
		(lang[0] >= 'A' && lang[0] <= 'Z')))
		return false;
	for (i = 0; i < n; i++) {
		char c = lang[i];

		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
			(c >= '0' && c <= '9') || c == '-'))
			return false;
	}
	return true;
}

int
eiti_template_load_lang(struct eiti_template **out, const char *dir,
    const char *lang, struct eiti_err *err)
{
	struct eiti_template *t = NULL;
	struct eiti_err e = EITI_ERR_INIT;
	char *d = NULL, *path = NULL, *xsd = NULL;
	struct stat sb;
	int rc = -1;
	/* A broken template of the installation is an installation error;
	 * one of a --templates directory is invalid input. */
	enum eiti_err_kind bad = dir == NULL ? EITI_ERR_IO : EITI_ERR_INVALID;

	if (!eiti_template_lang_ok(lang))
		return eiti_err_set(err, EITI_ERR_CONFIG,
		    "render: unknown language '%s'", lang ? lang : "");
	d = dir != NULL ? eiti_xstrdup(dir) : eiti_datafile("templates");
	path = eiti_xasprintf("%s/%s.xml", d, lang);
	xsd = eiti_xasprintf("%s/template.xsd", d);
	/* Without its schema the directory is not a templates directory:
	 * an installation (or --templates) error, not an unknown language. */
	if (access(xsd, R_OK) != 0) {
		eiti_err_set(
		    err, EITI_ERR_IO, "render: %s: %s", xsd, strerror(errno));
		goto out;
	}
	if (stat(path, &sb) != 0 || !S_ISREG(sb.st_mode)) {
		eiti_err_set(err, EITI_ERR_CONFIG,
		    "render: unknown language '%s' (no template %s)", lang,
		    path);
		goto out;
	}
	if (eiti_template_load(&t, path, xsd, &e) != 0) {
		eiti_err_set(err, e.kind == EITI_ERR_INVALID ? bad : e.kind,
		    "%s", e.msg);
		goto out;
	}
	if (strcmp(t->lang, lang) != 0) {
		eiti_err_set(err, bad,
		    "render: template %s: lang=\"%s\" does not match its file "
		    "name",
		    path, t->lang);
		goto out;
	}
	*out = t;
	t = NULL;
	rc = 0;
out:
	eiti_template_free(t);
	free(d);
	free(path);
	free(xsd);
	return rc;
}

void
eiti_template_free(struct eiti_template *t)
{
	if (t == NULL)
		return;
	eiti_arena_free(t->arena);
	free(t);
}
