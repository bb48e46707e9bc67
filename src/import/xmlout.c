/*
 * xmlout.c - the XML form of an imported disclosure (import.h): the
 * items of model/item.h written as the elements of
 * urn:eitirep:disclosure:1, one per line, attributes in the order the
 * items give them, values escaped so that any text survives exactly
 * (tab, line feed and carriage return as character references, which
 * attribute-value normalization would otherwise turn into spaces).
 *
 * Items may come in any order after the root (an importer declares a
 * party when it first meets it); each kind goes to its own part - the
 * root line, entities and companies in memory, totals and payments in
 * unlinked temporary files - and eiti_xmlout_finish() writes the parts
 * in the order of the format.
 */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/err.h"
#include "import/import.h"

/* One part of the document: text in memory, spilled to a temporary
 * file once it passes SPILL bytes. */
struct part {
	char *buf;
	size_t n, cap;
	FILE *f;
};

#define SPILL (1u << 20)

enum { P_ROOT, P_ENTITY, P_COMPANY, P_TOTAL, P_PAYMENT, P_N };

struct eiti_xmlout {
	int (*write)(void *ud, const void *buf, size_t n, struct eiti_err *err);
	void *ud;
	const char *comment;
	struct part part[P_N];
};

struct eiti_xmlout *
eiti_xmlout_new(
    int (*write)(void *ud, const void *buf, size_t n, struct eiti_err *err),
    void *ud, const char *comment)
{
	struct eiti_xmlout *x = eiti_xcalloc(1, sizeof(*x));

	x->write = write;
	x->ud = ud;
	x->comment = comment;
	return x;
}

void
eiti_xmlout_free(struct eiti_xmlout *x)
{
	size_t i;

	if (x == NULL)
		return;
	for (i = 0; i < P_N; i++) {
		free(x->part[i].buf);
		if (x->part[i].f != NULL)
			fclose(x->part[i].f);
	}
	free(x);
}

/* Room for n more bytes. */
static void
reserve(struct part *p, size_t n)
{
	if (p->n + n > p->cap) {
		p->cap = 2 * (p->n + n) + 256;
		p->buf = eiti_xrealloc(p->buf, p->cap);
	}
}

static void
put(struct part *p, const char *s, size_t n)
{
	reserve(p, n);
	memcpy(p->buf + p->n, s, n);
	p->n += n;
}

static void
puts_(struct part *p, const char *s)
{
	put(p, s, strlen(s));
}

/* The characters an attribute value must escape, and how. */
static const char *const esc_of[256] = {
    ['&'] = "&amp;",
    ['<'] = "&lt;",
    ['>'] = "&gt;",
    ['"'] = "&quot;",
    ['\t'] = "&#9;",
    ['\n'] = "&#10;",
    ['\r'] = "&#13;",
};

/* Append ' NAME="VALUE"': six bytes per byte of the value at most. */
static void
attribute(struct part *p, const char *name, const char *value)
{
	const unsigned char *v = (const unsigned char *)value;
	size_t nl = strlen(name), vl = strlen(value);
	char *o;

	reserve(p, nl + 6 * vl + 4);
	o = p->buf + p->n;
	*o++ = ' ';
	memcpy(o, name, nl);
	o += nl;
	*o++ = '=';
	*o++ = '"';
	for (; *v != '\0'; v++) {
		const char *rep = esc_of[*v];
		size_t run;

		if (rep != NULL) {
			while (*rep != '\0')
				*o++ = *rep++;
			continue;
		}
		/* A run of plain bytes, copied at once. */
		for (run = 1; v[run] != '\0' && esc_of[v[run]] == NULL; run++)
			;
		memcpy(o, v, run);
		o += run;
		v += run - 1;
	}
	*o++ = '"';
	p->n = (size_t)(o - p->buf);
}

/* A comment cannot hold "--": write what is given with dashes spaced. */
static void
comment(struct part *p, const char *s)
{
	puts_(p, "<!-- ");
	for (; *s != '\0'; s++) {
		put(p, s, 1);
		if (s[0] == '-' && (s[1] == '-' || s[1] == '\0'))
			puts_(p, " ");
	}
	puts_(p, " -->\n");
}

/* Move a part's text to its temporary file. */
static int
spill(struct part *p, struct eiti_err *err)
{
	if (p->f == NULL) {
		p->f = tmpfile();
		if (p->f == NULL)
			return eiti_err_set(err, EITI_ERR_IO,
			    "import: cannot create a temporary file: %s",
			    strerror(errno));
	}
	if (p->n > 0 && fwrite(p->buf, 1, p->n, p->f) != p->n)
		return eiti_err_set(err, EITI_ERR_IO,
		    "import: cannot write a temporary file: %s",
		    strerror(errno));
	p->n = 0;
	return 0;
}

int
eiti_xmlout_item(
    struct eiti_xmlout *x, const struct eiti_item *it, struct eiti_err *err)
{
	struct part *p;
	size_t i;

	switch (it->kind) {
	case EITI_ITEM_DISCLOSURE:
		p = &x->part[P_ROOT];
		p->n = 0;
		puts_(p, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
		if (x->comment != NULL)
			comment(p, x->comment);
		puts_(p, "<disclosure xmlns=\"urn:eitirep:disclosure:1\"");
		for (i = 0; i < it->nattrs; i++)
			attribute(p, it->attrs[i].name, it->attrs[i].value);
		puts_(p, ">\n");
		return 0;
	case EITI_ITEM_ENTITY:
		p = &x->part[P_ENTITY];
		break;
	case EITI_ITEM_COMPANY:
		p = &x->part[P_COMPANY];
		break;
	case EITI_ITEM_TOTAL:
		p = &x->part[P_TOTAL];
		break;
	default:
		p = &x->part[P_PAYMENT];
		break;
	}
	puts_(p, "  <");
	puts_(p, eiti_item_element(it->kind));
	for (i = 0; i < it->nattrs; i++)
		attribute(p, it->attrs[i].name, it->attrs[i].value);
	puts_(p, "/>\n");
	return p->n >= SPILL ? spill(p, err) : 0;
}

/* Write a part: its temporary file, then what is still in memory. */
static int
emit(struct eiti_xmlout *x, struct part *p, struct eiti_err *err)
{
	char buf[65536];
	size_t n;

	if (p->f != NULL) {
		if (fflush(p->f) != 0 || fseek(p->f, 0, SEEK_SET) != 0)
			return eiti_err_set(err, EITI_ERR_IO,
			    "import: cannot read a temporary file: %s",
			    strerror(errno));
		while ((n = fread(buf, 1, sizeof(buf), p->f)) > 0)
			if (x->write(x->ud, buf, n, err) != 0)
				return -1;
		if (ferror(p->f))
			return eiti_err_set(err, EITI_ERR_IO,
			    "import: cannot read a temporary file: %s",
			    strerror(errno));
	}
	return p->n > 0 ? x->write(x->ud, p->buf, p->n, err) : 0;
}

int
eiti_xmlout_finish(struct eiti_xmlout *x, struct eiti_err *err)
{
	size_t i;

	for (i = 0; i < P_N; i++)
		if (emit(x, &x->part[i], err) != 0)
			return -1;
	if (x->part[P_ROOT].n > 0 &&
	    x->write(x->ud, "</disclosure>\n", 14, err) != 0)
		return -1;
	return 0;
}
