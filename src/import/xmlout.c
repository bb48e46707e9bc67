/*
 * xmlout.c - the XML form of an imported disclosure (import.h): the
 * items of model/item.h written as the elements of
 * urn:eitirep:disclosure:1, one per line, attributes in the order the
 * items give them, values escaped so that any text survives exactly
 * (tab, line feed and carriage return as character references, which
 * attribute-value normalization would otherwise turn into spaces).
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "core/err.h"
#include "import/import.h"

struct eiti_xmlout {
	int (*write)(void *ud, const void *buf, size_t n, struct eiti_err *err);
	void *ud;
	const char *comment;
	bool root_open;
	char *buf;
	size_t n, cap;
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
	if (x == NULL)
		return;
	free(x->buf);
	free(x);
}

/* Room for n more bytes. */
static void
reserve(struct eiti_xmlout *x, size_t n)
{
	if (x->n + n > x->cap) {
		x->cap = 2 * (x->n + n) + 256;
		x->buf = eiti_xrealloc(x->buf, x->cap);
	}
}

static void
put(struct eiti_xmlout *x, const char *s, size_t n)
{
	reserve(x, n);
	memcpy(x->buf + x->n, s, n);
	x->n += n;
}

static void
puts_(struct eiti_xmlout *x, const char *s)
{
	put(x, s, strlen(s));
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

/* Append ' NAME="VALUE"' (room reserved here: six bytes per byte of
 * the value at most). */
static void
attribute(struct eiti_xmlout *x, const char *name, const char *value)
{
	const unsigned char *p = (const unsigned char *)value;
	size_t nl = strlen(name), vl = strlen(value);
	char *o;

	reserve(x, nl + 6 * vl + 4);
	o = x->buf + x->n;

	*o++ = ' ';
	memcpy(o, name, nl);
	o += nl;
	*o++ = '=';
	*o++ = '"';
	for (; *p != '\0'; p++) {
		const char *rep = esc_of[*p];

		if (rep == NULL) {
			*o++ = (char)*p;
			continue;
		}
		while (*rep != '\0')
			*o++ = *rep++;
	}
	*o++ = '"';
	x->n = (size_t)(o - x->buf);
}

/* A comment cannot hold "--": write what is given with dashes spaced. */
static void
comment(struct eiti_xmlout *x, const char *s)
{
	puts_(x, "<!-- ");
	for (; *s != '\0'; s++) {
		put(x, s, 1);
		if (s[0] == '-' && (s[1] == '-' || s[1] == '\0'))
			puts_(x, " ");
	}
	puts_(x, " -->\n");
}

static int
flush(struct eiti_xmlout *x, struct eiti_err *err)
{
	int rc = x->n > 0 ? x->write(x->ud, x->buf, x->n, err) : 0;

	x->n = 0;
	return rc;
}

int
eiti_xmlout_item(
    struct eiti_xmlout *x, const struct eiti_item *it, struct eiti_err *err)
{
	size_t i;

	if (it->kind == EITI_ITEM_DISCLOSURE) {
		puts_(x, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
		if (x->comment != NULL)
			comment(x, x->comment);
		puts_(x, "<disclosure xmlns=\"urn:eitirep:disclosure:1\"");
	} else {
		puts_(x, "  <");
		puts_(x, eiti_item_element(it->kind));
	}
	for (i = 0; i < it->nattrs; i++)
		attribute(x, it->attrs[i].name, it->attrs[i].value);
	if (it->kind == EITI_ITEM_DISCLOSURE) {
		puts_(x, ">\n");
		x->root_open = true;
	} else {
		puts_(x, "/>\n");
	}
	return x->n >= 65536 ? flush(x, err) : 0;
}

int
eiti_xmlout_finish(struct eiti_xmlout *x, struct eiti_err *err)
{
	if (x->root_open)
		puts_(x, "</disclosure>\n");
	x->root_open = false;
	return flush(x, err);
}
