/*
 * xlsx.c - Office Open XML workbooks (ECMA-376 / ISO/IEC 29500), read
 * row by row.
 *
 * Parts, each inflated in chunks under the caps of zip.c and parsed by
 * the validate stage's safe streaming parser: the package relationships
 * (_rels/.rels) name the workbook part; the workbook lists the sheets
 * (name -> relationship id) and the date system; its relationships give
 * each sheet's part and the shared strings and styles parts, targets
 * resolved against the workbook's folder and refused when external or
 * outside the archive; the styles say which cell formats are dates
 * (built-in formats 14-22, 27-36, 45-47, 50-58 and custom codes with d, m
 * or y outside quotes and brackets); the shared strings are loaded into
 * one buffer (capped), rich-text runs concatenated and phonetic runs
 * left out.  Then the sheet is streamed: a chunk pushed into the parser
 * completes rows into the queue (queue.c) that eiti_table_next() empties.
 *
 * Cells keep the exact text of <v> (numbers as stored: "2075.8000000000002"),
 * a shared string by pointer into the table (no copy), and the formula
 * flag when a <f> is there; a cell without r follows the previous one, a
 * row without r the previous row.  Out-of-order rows and cells, bad
 * references and shared-string indexes out of range are findings
 * (IMP-XLSX) at the cell.
 */
#include "config.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "import/internal.h"
#include "import/number.h"
#include "validate/validate.h"

#define CHUNK (64u * 1024)
/* No real workbook comes near these counts. */
#define MAX_SHEETS 65536
#define MAX_RELS 65536
#define MAX_FORMATS 65536

struct sheet_ref {
	char *name, *rid;
};

struct rel {
	char *id, *type, *target;
	bool external;
};

struct rels {
	struct rel *v;
	size_t n;
	bool over;
};

struct numfmt {
	unsigned long id;
	bool date;
};

struct xlsx {
	struct eiti_table *t;
	struct imp_zip *z;
	struct eiti_diags *diags;

	/* workbook */
	char *wb_part, *wb_dir;
	struct sheet_ref *sheets;
	size_t nsheets;
	bool sheets_over;
	struct rels wb_rels;

	/* styles: which cell formats (cellXfs) are dates */
	struct numfmt *fmts;
	size_t nfmts;
	unsigned char *xf_date;
	size_t nxf;
	int in_numfmts, in_cellxfs;

	/* shared strings */
	char *sst;
	size_t sst_len, sst_cap;
	size_t
	    *sst_off; /* nsst + 1 offsets: string i is [off[i], off[i+1]-1) */
	size_t nsst, sst_off_cap;
	bool in_si, in_t, sst_over;
	int rph; /* inside a phonetic run */
	size_t si_start;

	struct eiti_xml_stream *part_xs; /* the part being read */

	/* the sheet */
	char *sheet_part;
	struct imp_member *m;
	struct eiti_xml_stream *xs;
	char *chunk;
	bool eof, stop_after; /* the sheet data has ended */
	struct imp_queue q;
	bool in_data, in_row, in_c, in_v, in_is, skip_row, skip_cell;
	unsigned long row, last_row, col, last_col;
	char ctype; /* n s t(str) i(inlineStr) b e d */
	bool cdate, has_f, has_v, over;
	size_t cstart;
};

/* ------------------------------------------------------------------ */
/* Helpers                                                             */
/* ------------------------------------------------------------------ */

static const char *
attr(const struct eiti_xml_attr *a, size_t n, const char *name)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (a[i].uri == NULL && strcmp(a[i].local, name) == 0)
			return a[i].value;
	return NULL;
}

/* r:id, in the relationships namespace of either ECMA-376 flavour. */
static const char *
attr_rid(const struct eiti_xml_attr *a, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (a[i].uri != NULL && strcmp(a[i].local, "id") == 0 &&
		    strstr(a[i].uri, "relationships") != NULL)
			return a[i].value;
	return NULL;
}

/* The last segment of a relationship type URI ("worksheet"). */
static const char *
type_tail(const char *type)
{
	const char *s = type != NULL ? strrchr(type, '/') : NULL;

	return s != NULL ? s + 1 : type != NULL ? type : "";
}

/* A decimal number of at most 10 digits, whitespace around allowed. */
static bool
parse_ulong(const char *s, unsigned long *out)
{
	unsigned long v = 0;
	int n = 0;

	while (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r')
		s++;
	for (; *s >= '0' && *s <= '9' && n < 10; s++, n++)
		v = v * 10 + (unsigned long)(*s - '0');
	while (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r')
		s++;
	if (n == 0 || *s != '\0')
		return false;
	*out = v;
	return true;
}

/* A cell reference "K17" ($ signs allowed): column and row. */
static bool
parse_ref(const char *s, unsigned long *col, unsigned long *row)
{
	unsigned long c = 0, r = 0;
	int nl = 0, nd = 0;

	if (*s == '$')
		s++;
	for (; isalpha((unsigned char)*s) && nl < 4; s++, nl++)
		c = c * 26 +
		    (unsigned long)(toupper((unsigned char)*s) - 'A' + 1);
	if (*s == '$')
		s++;
	for (; *s >= '0' && *s <= '9' && nd < 10; s++, nd++)
		r = r * 10 + (unsigned long)(*s - '0');
	if (nl == 0 || nl > 3 || nd == 0 || *s != '\0' || r == 0)
		return false;
	*col = c;
	*row = r;
	return true;
}

static int
hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/*
 * Undo OOXML's escaping of characters XML cannot hold (ST_Xstring,
 * ECMA-376 Part 1, 22.9.2.19): "_x000D_" is a carriage return,
 * "_x005F_" an underscore.  In place; returns the new length.  NUL and
 * surrogate code points stay escaped.
 */
static size_t
unescape_x(char *s, size_t n)
{
	size_t i = 0, o = 0;

	if (memchr(s, '_', n) == NULL)
		return n;
	while (i < n) {
		if (s[i] == '_' && i + 6 < n && s[i + 1] == 'x' &&
		    s[i + 6] == '_') {
			int h0 = hexval(s[i + 2]), h1 = hexval(s[i + 3]),
			    h2 = hexval(s[i + 4]), h3 = hexval(s[i + 5]);

			if (h0 >= 0 && h1 >= 0 && h2 >= 0 && h3 >= 0) {
				unsigned cp = (unsigned)(h0 << 12 | h1 << 8 |
							 h2 << 4 | h3);

				if (cp != 0 && (cp < 0xd800 || cp > 0xdfff)) {
					if (cp < 0x80) {
						s[o++] = (char)cp;
					} else if (cp < 0x800) {
						s[o++] = (char)(0xc0 | cp >> 6);
						s[o++] =
						    (char)(0x80 | (cp & 0x3f));
					} else {
						s[o++] =
						    (char)(0xe0 | cp >> 12);
						s[o++] =
						    (char)(0x80 |
							   ((cp >> 6) & 0x3f));
						s[o++] =
						    (char)(0x80 | (cp & 0x3f));
					}
					i += 7;
					continue;
				}
			}
		}
		s[o++] = s[i++];
	}
	return o;
}

/* The folder of a part ("xl/" of "xl/workbook.xml"; "" at the root). */
static char *
dir_of(const char *part)
{
	const char *s = strrchr(part, '/');

	return s != NULL ? eiti_xstrndup(part, (size_t)(s - part + 1))
			 : eiti_xstrdup("");
}

/*
 * Resolve a relationship target against the folder of its source part
 * (OPC, ECMA-376 Part 2, 9.3): "worksheets/sheet1.xml" from "xl/", or
 * "/xl/worksheets/sheet1.xml" from the package root.  NULL (and *why)
 * for an external or absolute URI or a path that leaves the archive.
 */
static char *
resolve(const char *dir, const char *target, const char **why)
{
	char *path, *out, *seg;
	size_t o = 0, i;
	const char *p;

	if (target == NULL || target[0] == '\0') {
		*why = "is empty";
		return NULL;
	}
	for (p = target;
	     isalpha((unsigned char)*p) || *p == '+' || *p == '-' || *p == '.';
	     p++)
		;
	if (*p == ':' && p > target) {
		*why = "is a URI outside the workbook";
		return NULL;
	}
	if (target[0] == '/' && target[1] == '/') {
		*why = "is a URI outside the workbook";
		return NULL;
	}
	if (target[0] == '/')
		path = eiti_xstrdup(target + 1);
	else
		path = eiti_xasprintf("%s%s", dir, target);
	for (i = 0; path[i] != '\0'; i++)
		if (path[i] == '\\')
			path[i] = '/';
	out = eiti_xmalloc(strlen(path) + 1);
	seg = path;
	while (seg != NULL) {
		char *next = strchr(seg, '/');

		if (next != NULL)
			*next++ = '\0';
		if (seg[0] == '\0' || strcmp(seg, ".") == 0) {
			/* nothing */
		} else if (strcmp(seg, "..") == 0) {
			if (o == 0) {
				free(path);
				free(out);
				*why = "leaves the archive";
				return NULL;
			}
			/* Back over the last segment and its '/'. */
			o--;
			while (o > 0 && out[o - 1] != '/')
				o--;
		} else {
			size_t n = strlen(seg);

			memcpy(out + o, seg, n);
			o += n;
			if (next != NULL)
				out[o++] = '/';
		}
		seg = next;
	}
	out[o] = '\0';
	free(path);
	if (o == 0 || out[o - 1] == '/') {
		free(out);
		*why = "is not a part";
		return NULL;
	}
	return out;
}

/* Push a whole member through a handler.  Returns 0 when it was read to
 * its end without a finding, 1 otherwise (findings recorded), -1 on an
 * I/O error. */
static int
parse_part(struct xlsx *x, const char *member, const struct eiti_xml_handler *h,
    void *ud, struct eiti_err *err)
{
	struct imp_member *m = NULL;
	struct eiti_xml_stream *xs = NULL;
	char *buf = NULL;
	int rc;

	rc = imp_member_open(
	    &m, x->z, member, x->t->o.max_part_bytes, x->diags, err);
	if (rc != 0)
		return rc;
	eiti_xml_stream_new(&xs, x->t->name, member, h, ud, x->diags, err);
	x->part_xs = xs;
	buf = eiti_xmalloc(CHUNK);
	for (;;) {
		ssize_t n = imp_member_read(m, buf, CHUNK, x->diags);

		if (n < 0) {
			rc = 1;
			break;
		}
		if (!eiti_xml_stream_push(xs, buf, (size_t)n, n == 0))
			break;
	}
	if (rc == 0 && !eiti_xml_stream_ok(xs))
		rc = 1;
	x->part_xs = NULL;
	eiti_xml_stream_free(xs);
	imp_member_close(m);
	free(buf);
	return rc;
}

static void part_finding(struct xlsx *x, enum eiti_rule rule, const char *fmt,
    ...) __attribute__((format(printf, 3, 4)));

static void
part_finding(struct xlsx *x, enum eiti_rule rule, const char *fmt, ...)
{
	char msg[1024];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	imp_finding(x->t, x->diags, NULL, rule, "%s", msg);
}

/* ------------------------------------------------------------------ */
/* Relationships                                                       */
/* ------------------------------------------------------------------ */

struct rels_ctx {
	struct xlsx *x;
	struct rels *r;
	const char *part;
};

static void
rels_start(void *ud, const char *local, const char *uri,
    const struct eiti_xml_attr *a, size_t n)
{
	struct rels_ctx *c = ud;
	struct rel *r;
	const char *mode;

	(void)uri;
	if (strcmp(local, "Relationship") != 0 || c->r->over)
		return;
	if (c->r->n >= MAX_RELS) {
		part_finding(c->x, EITI_RULE_IMP_LIMIT,
		    "%s lists more than %d relationships: the rest are not "
		    "read",
		    c->part, MAX_RELS);
		c->r->over = true;
		return;
	}
	if (c->r->n % 64 == 0)
		c->r->v =
		    eiti_xrealloc(c->r->v, (c->r->n + 64) * sizeof(*c->r->v));
	r = &c->r->v[c->r->n++];
	r->id = eiti_xstrdup(attr(a, n, "Id") ? attr(a, n, "Id") : "");
	r->type = eiti_xstrdup(attr(a, n, "Type") ? attr(a, n, "Type") : "");
	r->target =
	    eiti_xstrdup(attr(a, n, "Target") ? attr(a, n, "Target") : "");
	mode = attr(a, n, "TargetMode");
	r->external = mode != NULL && strcmp(mode, "External") == 0;
}

static void
rels_free(struct rels *r)
{
	size_t i;

	for (i = 0; i < r->n; i++) {
		free(r->v[i].id);
		free(r->v[i].type);
		free(r->v[i].target);
	}
	free(r->v);
	memset(r, 0, sizeof(*r));
}

static int
read_rels(
    struct xlsx *x, const char *part, struct rels *out, struct eiti_err *err)
{
	static const struct eiti_xml_handler h = {rels_start, NULL, NULL};
	struct rels_ctx c = {x, out, part};

	return parse_part(x, part, &h, &c, err);
}

/* The resolved part of the relationship of type tail (first one), or
 * NULL; a refused target is a finding. */
static char *
rel_part(struct xlsx *x, const struct rels *r, const char *relpart,
    const char *dir, const char *id, const char *tail)
{
	size_t i;

	for (i = 0; i < r->n; i++) {
		const struct rel *e = &r->v[i];
		const char *why = NULL;
		char *p;

		if (id != NULL ? strcmp(e->id, id) != 0
			       : strcmp(type_tail(e->type), tail) != 0)
			continue;
		if (e->external) {
			part_finding(x, EITI_RULE_IMP_XLSX,
			    "%s: relationship %s points outside the workbook "
			    "(TargetMode External): not followed",
			    relpart, e->id);
			return NULL;
		}
		p = resolve(dir, e->target, &why);
		if (p == NULL)
			part_finding(x, EITI_RULE_IMP_XLSX,
			    "%s: the target '%s' of relationship %s %s: not "
			    "followed",
			    relpart, e->target, e->id, why);
		return p;
	}
	return NULL;
}

/* ------------------------------------------------------------------ */
/* Workbook                                                            */
/* ------------------------------------------------------------------ */

static void
wb_start(void *ud, const char *local, const char *uri,
    const struct eiti_xml_attr *a, size_t n)
{
	struct xlsx *x = ud;
	const char *v;

	(void)uri;
	if (strcmp(local, "workbookPr") == 0) {
		v = attr(a, n, "date1904");
		x->t->date1904 = v != NULL && (strcmp(v, "1") == 0 ||
						  strcmp(v, "true") == 0);
	} else if (strcmp(local, "sheet") == 0 && !x->sheets_over) {
		struct sheet_ref *s;

		if (x->nsheets >= MAX_SHEETS) {
			part_finding(x, EITI_RULE_IMP_LIMIT,
			    "%s lists more than %d sheets: the rest are not "
			    "read",
			    x->wb_part, MAX_SHEETS);
			x->sheets_over = true;
			return;
		}
		if (x->nsheets % 32 == 0)
			x->sheets = eiti_xrealloc(
			    x->sheets, (x->nsheets + 32) * sizeof(*x->sheets));
		s = &x->sheets[x->nsheets++];
		v = attr(a, n, "name");
		s->name = eiti_xstrdup(v != NULL ? v : "");
		v = attr_rid(a, n);
		s->rid = eiti_xstrdup(v != NULL ? v : "");
	}
}

/* ------------------------------------------------------------------ */
/* Styles                                                              */
/* ------------------------------------------------------------------ */

static bool
builtin_date(unsigned long id)
{
	return (id >= 14 && id <= 22) || (id >= 27 && id <= 36) ||
	       (id >= 45 && id <= 47) || (id >= 50 && id <= 58);
}

/* A number format code shows a date when it has d, m or y outside quoted
 * text, [brackets] (colours, locales, elapsed time) and the one character
 * after \ _ and * (an m with h or s and without d or y is minutes, and
 * so is one next to an elapsed [h], [m] or [s]). */
static bool
code_is_date(const char *code)
{
	bool d = false, m = false, y = false, h = false, s = false;
	const char *p;

	for (p = code; *p != '\0'; p++) {
		switch (*p) {
		case '"':
			p = strchr(p + 1, '"');
			if (p == NULL)
				goto done;
			break;
		case '[': {
			/* [h], [mm], [ss]: elapsed time, not a date. */
			const char *e = strchr(p + 1, ']');
			size_t k, len;

			if (e == NULL)
				goto done;
			len = (size_t)(e - p - 1);
			for (k = 0;
			     k < len && tolower((unsigned char)p[1 + k]) ==
					    tolower((unsigned char)p[1]);
			     k++)
				;
			if (len > 0 && k == len &&
			    strchr("hHmMsS", p[1]) != NULL)
				h = true;
			p = e;
			break;
		}
		case '\\':
		case '_':
		case '*':
			if (p[1] == '\0')
				goto done;
			p++;
			break;
		case 'd':
		case 'D':
			d = true;
			break;
		case 'm':
		case 'M':
			m = true;
			break;
		case 'y':
		case 'Y':
			y = true;
			break;
		case 'h':
		case 'H':
			h = true;
			break;
		case 's':
		case 'S':
			s = true;
			break;
		default:
			break;
		}
	}
done:
	return d || y || (m && !h && !s);
}

static void
styles_start(void *ud, const char *local, const char *uri,
    const struct eiti_xml_attr *a, size_t n)
{
	struct xlsx *x = ud;
	unsigned long id = 0;
	const char *v;

	(void)uri;
	if (strcmp(local, "numFmts") == 0) {
		x->in_numfmts++;
	} else if (strcmp(local, "cellXfs") == 0) {
		x->in_cellxfs++;
	} else if (x->in_numfmts > 0 && strcmp(local, "numFmt") == 0) {
		v = attr(a, n, "numFmtId");
		if (v == NULL || !parse_ulong(v, &id) ||
		    x->nfmts >= MAX_FORMATS)
			return;
		if (x->nfmts % 64 == 0)
			x->fmts = eiti_xrealloc(
			    x->fmts, (x->nfmts + 64) * sizeof(*x->fmts));
		x->fmts[x->nfmts].id = id;
		v = attr(a, n, "formatCode");
		x->fmts[x->nfmts].date = v != NULL && code_is_date(v);
		x->nfmts++;
	} else if (x->in_cellxfs > 0 && strcmp(local, "xf") == 0) {
		bool date;
		size_t i;

		if (x->nxf >= MAX_FORMATS)
			return;
		v = attr(a, n, "numFmtId");
		if (v == NULL || !parse_ulong(v, &id))
			id = 0;
		date = builtin_date(id);
		for (i = 0; i < x->nfmts; i++)
			if (x->fmts[i].id == id)
				date = x->fmts[i].date;
		if (x->nxf % 64 == 0)
			x->xf_date = eiti_xrealloc(x->xf_date, x->nxf + 64);
		x->xf_date[x->nxf++] = date;
	}
}

static void
styles_end(void *ud, const char *local, const char *uri)
{
	struct xlsx *x = ud;

	(void)uri;
	if (strcmp(local, "numFmts") == 0 && x->in_numfmts > 0)
		x->in_numfmts--;
	else if (strcmp(local, "cellXfs") == 0 && x->in_cellxfs > 0)
		x->in_cellxfs--;
}

/* ------------------------------------------------------------------ */
/* Shared strings                                                      */
/* ------------------------------------------------------------------ */

static bool
sst_room(struct xlsx *x, size_t n)
{
	size_t total = x->sst_len + n + (x->nsst + 2) * sizeof(size_t);

	if (x->sst_over)
		return false;
	if (total > x->t->o.max_shared_bytes) {
		part_finding(x, EITI_RULE_IMP_LIMIT,
		    "the shared strings take more than %zu bytes: reading "
		    "stopped",
		    x->t->o.max_shared_bytes);
		x->sst_over = true;
		eiti_xml_stream_stop(x->part_xs);
		return false;
	}
	if (x->sst_len + n > x->sst_cap) {
		x->sst_cap = x->sst_cap ? x->sst_cap : 65536;
		while (x->sst_cap < x->sst_len + n)
			x->sst_cap *= 2;
		x->sst = eiti_xrealloc(x->sst, x->sst_cap);
	}
	return true;
}

struct sst_ctx {
	struct xlsx *x;
	struct eiti_xml_stream *xs;
};

static void
sst_start(void *ud, const char *local, const char *uri,
    const struct eiti_xml_attr *a, size_t n)
{
	struct xlsx *x = ud;

	(void)uri;
	(void)a;
	(void)n;
	if (strcmp(local, "si") == 0) {
		x->in_si = true;
		x->rph = 0;
		x->si_start = x->sst_len;
	} else if (x->in_si && strcmp(local, "rPh") == 0) {
		x->rph++;
	} else if (x->in_si && x->rph == 0 && strcmp(local, "t") == 0) {
		x->in_t = true;
	}
}

static void
sst_text(void *ud, const char *s, size_t n)
{
	struct xlsx *x = ud;

	if (!x->in_t || x->rph > 0 || !sst_room(x, n))
		return;
	memcpy(x->sst + x->sst_len, s, n);
	x->sst_len += n;
}

static void
sst_end(void *ud, const char *local, const char *uri)
{
	struct xlsx *x = ud;

	(void)uri;
	if (strcmp(local, "t") == 0) {
		x->in_t = false;
	} else if (strcmp(local, "rPh") == 0 && x->rph > 0) {
		x->rph--;
	} else if (strcmp(local, "si") == 0 && x->in_si) {
		x->in_si = false;
		if (!sst_room(x, 1))
			return;
		x->sst_len = x->si_start + unescape_x(x->sst + x->si_start,
					       x->sst_len - x->si_start);
		x->sst[x->sst_len++] = '\0';
		if (x->nsst + 2 > x->sst_off_cap) {
			x->sst_off_cap =
			    x->sst_off_cap ? 2 * x->sst_off_cap : 1024;
			x->sst_off = eiti_xrealloc(
			    x->sst_off, x->sst_off_cap * sizeof(*x->sst_off));
		}
		x->sst_off[x->nsst++] = x->si_start;
		x->sst_off[x->nsst] = x->sst_len;
	}
}

/* ------------------------------------------------------------------ */
/* The sheet                                                           */
/* ------------------------------------------------------------------ */

static void cell_finding(struct xlsx *x, enum eiti_rule rule, const char *fmt,
    ...) __attribute__((format(printf, 3, 4)));

static void
cell_finding(struct xlsx *x, enum eiti_rule rule, const char *fmt, ...)
{
	char msg[1024], w[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	imp_where(x->t, x->row, x->col, w, sizeof(w));
	imp_finding(x->t, x->diags, w, rule, "%s", msg);
}

/* A <row>: its number, in order and within the cap. */
static void
row_start(struct xlsx *x, const struct eiti_xml_attr *a, size_t n)
{
	const char *v = attr(a, n, "r");
	unsigned long r;

	x->in_row = true;
	x->skip_row = false;
	x->last_col = 0;
	if (v == NULL) {
		r = x->last_row + 1;
	} else if (!parse_ulong(v, &r) || r == 0) {
		x->row = x->last_row + 1;
		x->col = 0;
		cell_finding(x, EITI_RULE_IMP_XLSX,
		    "row number '%s' is not valid: row skipped", v);
		x->skip_row = true;
		r = x->last_row;
	}
	x->row = r;
	if (!x->skip_row && r <= x->last_row) {
		x->col = 0;
		cell_finding(x, EITI_RULE_IMP_XLSX,
		    "row %lu comes after row %lu (rows out of order): skipped",
		    r, x->last_row);
		x->skip_row = true;
	}
	if (!x->skip_row && r > x->t->o.max_rows) {
		x->col = 0;
		cell_finding(x, EITI_RULE_IMP_LIMIT,
		    "row number beyond %lu, the last row read: reading "
		    "stopped",
		    x->t->o.max_rows);
		x->skip_row = true;
		eiti_xml_stream_stop(x->xs);
		return;
	}
	if (!x->skip_row)
		x->last_row = r;
	imp_queue_begin_row(&x->q);
}

/* A cell's column from its reference r="B7" (or the next one): false
 * when the cell is skipped (finding made). */
static bool
cell_column(struct xlsx *x, const char *v)
{
	unsigned long c, r;

	if (v == NULL) {
		c = x->last_col + 1;
	} else if (!parse_ref(v, &c, &r)) {
		x->col = x->last_col + 1;
		cell_finding(x, EITI_RULE_IMP_XLSX,
		    "cell reference '%s' is not valid: cell skipped", v);
		return false;
	} else if (r != x->row) {
		x->col = c;
		cell_finding(x, EITI_RULE_IMP_XLSX,
		    "cell reference '%s' in row %lu: cell skipped", v, x->row);
		return false;
	}
	x->col = c;
	if (c <= x->last_col) {
		cell_finding(x, EITI_RULE_IMP_XLSX,
		    "cell comes after column %lu of its row (cells out of "
		    "order): skipped",
		    x->last_col);
		return false;
	}
	if (c > x->t->o.max_columns) {
		cell_finding(x, EITI_RULE_IMP_LIMIT,
		    "cell beyond column %zu: not read", x->t->o.max_columns);
		return false;
	}
	x->last_col = c;
	return true;
}

/* The cell type t="..." as one letter: n number, s shared string, t
 * formula string, i inline string, b boolean, e error, d ISO date; 0
 * for a type the format does not have. */
static char
cell_type(const char *v)
{
	static const struct {
		const char *name;
		char type;
	} types[] = {{"n", 'n'}, {"s", 's'}, {"str", 't'}, {"inlineStr", 'i'},
	    {"b", 'b'}, {"e", 'e'}, {"d", 'd'}};
	size_t i;

	if (v == NULL)
		return 'n';
	for (i = 0; i < sizeof(types) / sizeof(types[0]); i++)
		if (strcmp(v, types[i].name) == 0)
			return types[i].type;
	return 0;
}

/* A <c>: its column, type and whether its style is a date format. */
static void
cell_start(struct xlsx *x, const struct eiti_xml_attr *a, size_t n)
{
	const char *v;
	unsigned long r;

	x->in_c = true;
	x->skip_cell = x->skip_row;
	x->has_f = x->has_v = x->over = x->cdate = false;
	x->in_v = x->in_is = false;
	x->rph = 0;
	x->cstart = x->q.tlen;
	x->ctype = 'n';
	if (x->skip_cell)
		return;
	if (!cell_column(x, attr(a, n, "r"))) {
		x->skip_cell = true;
		return;
	}
	v = attr(a, n, "t");
	x->ctype = cell_type(v);
	if (x->ctype == 0) {
		x->ctype = 'n';
		cell_finding(x, EITI_RULE_IMP_XLSX,
		    "unknown cell type '%s': cell skipped", v);
		x->skip_cell = true;
		return;
	}
	v = attr(a, n, "s");
	if (v != NULL && parse_ulong(v, &r) && r < x->nxf)
		x->cdate = x->xf_date[r] != 0;
}

static void
sheet_start(void *ud, const char *local, const char *uri,
    const struct eiti_xml_attr *a, size_t n)
{
	struct xlsx *x = ud;

	(void)uri;
	if (!x->in_data) {
		if (strcmp(local, "sheetData") == 0)
			x->in_data = true;
	} else if (!x->in_row) {
		if (strcmp(local, "row") == 0)
			row_start(x, a, n);
	} else if (!x->in_c) {
		if (strcmp(local, "c") == 0)
			cell_start(x, a, n);
	} else if (strcmp(local, "v") == 0) {
		x->in_v = true;
	} else if (strcmp(local, "f") == 0) {
		x->has_f = true;
	} else if (strcmp(local, "is") == 0) {
		x->in_is = true;
	} else if (x->in_is && strcmp(local, "rPh") == 0) {
		x->rph++;
	} else if (x->in_is && x->rph == 0 && strcmp(local, "t") == 0) {
		x->in_t = true;
	}
}

static void
sheet_text(void *ud, const char *s, size_t n)
{
	struct xlsx *x = ud;

	if (!x->in_c || x->skip_cell || x->over)
		return;
	if (!x->in_v && !(x->in_t && x->rph == 0))
		return;
	if (x->q.tlen - x->cstart + n > x->t->o.max_cell_bytes) {
		x->over = true;
		x->q.tlen = x->cstart;
		return;
	}
	if (x->q.tlen - x->q.open_text + n > x->t->o.max_record_bytes) {
		/* The row's text so far, held until the row ends. */
		cell_finding(x, EITI_RULE_IMP_LIMIT,
		    "row larger than %zu bytes: skipped",
		    x->t->o.max_record_bytes);
		x->skip_row = x->skip_cell = true;
		x->q.ncells = x->q.open_first;
		x->q.tlen = x->q.open_text;
		x->cstart = x->q.tlen;
		return;
	}
	imp_queue_text(&x->q, s, n);
}

static void
finish_cell(struct xlsx *x)
{
	struct imp_qcell *c;
	size_t len = x->q.tlen - x->cstart;
	char *text = x->q.text + x->cstart;
	unsigned long idx;
	char serial[32];

	if (x->skip_cell) {
		x->q.tlen = x->cstart;
		return;
	}
	if (x->over) {
		cell_finding(x, EITI_RULE_IMP_LIMIT,
		    "cell longer than %zu bytes: not read",
		    x->t->o.max_cell_bytes);
		x->q.tlen = x->cstart;
		c = imp_queue_cell(&x->q, x->cstart);
		c->col = x->col;
		c->invalid = true;
		c->formula = x->has_f;
		return;
	}
	if (!x->has_v) {
		x->q.tlen = x->cstart;
		if (!x->has_f)
			return; /* a styled empty cell */
		cell_finding(x, EITI_RULE_IMP_FORMULA,
		    "formula without a cached value (the program that saved "
		    "the file did not calculate it): open and save it in a "
		    "spreadsheet program");
		c = imp_queue_cell(&x->q, x->cstart);
		c->col = x->col;
		c->formula = true;
		return;
	}
	switch (x->ctype) {
	case 's': {
		size_t k = 0;

		/* The index, digits only (no snprintf: this is per cell). */
		idx = 0;
		while (k < len && k < 10 && text[k] >= '0' && text[k] <= '9')
			idx = idx * 10 + (unsigned long)(text[k++] - '0');
		x->q.tlen = x->cstart;
		if (k == 0 || k != len || idx >= x->nsst) {
			cell_finding(x, EITI_RULE_IMP_XLSX,
			    "shared string index '%.*s' out of range (the "
			    "workbook has %zu)",
			    (int)(len < 32 ? len : 32), text, x->nsst);
			c = imp_queue_cell(&x->q, x->cstart);
			c->col = x->col;
			c->invalid = true;
			c->formula = x->has_f;
			return;
		}
		if (x->sst_off[idx + 1] - x->sst_off[idx] <= 1)
			return; /* an empty string */
		c = imp_queue_cell(&x->q, x->cstart);
		c->type = EITI_CELL_TEXT;
		c->ext = x->sst + x->sst_off[idx];
		c->len = x->sst_off[idx + 1] - x->sst_off[idx] - 1;
		break;
	}
	case 't':
	case 'i':
		len = unescape_x(text, len);
		x->q.tlen = x->cstart + len;
		if (len == 0)
			return;
		c = imp_queue_cell(&x->q, x->cstart);
		c->type = EITI_CELL_TEXT;
		break;
	case 'b':
		if (len != 1 || (text[0] != '0' && text[0] != '1')) {
			x->q.tlen = x->cstart;
			cell_finding(x, EITI_RULE_IMP_XLSX,
			    "boolean cell with a value other than 0 or 1");
			c = imp_queue_cell(&x->q, x->cstart);
			c->invalid = true;
			break;
		}
		c = imp_queue_cell(&x->q, x->cstart);
		c->type = EITI_CELL_BOOL;
		break;
	case 'e':
		if (len == 0)
			return;
		c = imp_queue_cell(&x->q, x->cstart);
		c->type = EITI_CELL_ERROR;
		break;
	case 'd':
		if (len == 0)
			return;
		if (eiti_date_to_serial(serial, sizeof(serial), text, len)) {
			x->q.tlen = x->cstart;
			imp_queue_text(&x->q, serial, strlen(serial));
			c = imp_queue_cell(&x->q, x->cstart);
			c->type = EITI_CELL_NUMBER;
			c->date_style = true;
		} else {
			c = imp_queue_cell(&x->q, x->cstart);
			c->type = EITI_CELL_TEXT;
		}
		break;
	default:
		if (len == 0)
			return;
		c = imp_queue_cell(&x->q, x->cstart);
		c->type = EITI_CELL_NUMBER;
		c->date_style = x->cdate;
		break;
	}
	c->col = x->col;
	c->formula = x->has_f;
}

static void
sheet_end(void *ud, const char *local, const char *uri)
{
	struct xlsx *x = ud;

	(void)uri;
	if (!x->in_data)
		return;
	if (x->in_c) {
		if (strcmp(local, "v") == 0) {
			x->in_v = false;
			x->has_v = true;
		} else if (strcmp(local, "t") == 0) {
			x->in_t = false;
		} else if (strcmp(local, "rPh") == 0 && x->rph > 0) {
			x->rph--;
		} else if (strcmp(local, "is") == 0) {
			x->in_is = false;
			x->has_v = true;
		} else if (strcmp(local, "c") == 0) {
			finish_cell(x);
			x->in_c = false;
		}
		return;
	}
	if (x->in_row && strcmp(local, "row") == 0) {
		imp_queue_end_row(&x->q, x->row, x->skip_row ? 0 : 1);
		x->in_row = false;
	} else if (strcmp(local, "sheetData") == 0) {
		x->in_data = false;
		x->stop_after = true;
		eiti_xml_stream_stop(x->xs);
	}
}

static const struct eiti_xml_handler sheet_handler = {
    sheet_start, sheet_end, sheet_text};

static int
xlsx_next(struct eiti_table *t, const struct eiti_row **row,
    struct eiti_diags *diags, struct eiti_err *err)
{
	struct xlsx *x = t->st;

	(void)err;
	x->diags = diags;
	for (;;) {
		ssize_t n;
		size_t shift;

		if (!imp_queue_empty(&x->q)) {
			*row = imp_queue_pop(&x->q);
			return 1;
		}
		if (x->eof)
			return 0;
		shift = imp_queue_compact(&x->q);
		if (x->in_c)
			x->cstart -= shift;
		n = imp_member_read(x->m, x->chunk, CHUNK, diags);
		if (n < 0) {
			x->eof = true;
			continue;
		}
		if (!eiti_xml_stream_push(x->xs, x->chunk, (size_t)n, n == 0))
			x->eof = true;
	}
}

static void
xlsx_free(void *st)
{
	struct xlsx *x = st;
	size_t i;

	if (x == NULL)
		return;
	for (i = 0; i < x->nsheets; i++) {
		free(x->sheets[i].name);
		free(x->sheets[i].rid);
	}
	free(x->sheets);
	rels_free(&x->wb_rels);
	free(x->wb_part);
	free(x->wb_dir);
	free(x->fmts);
	free(x->xf_date);
	free(x->sst);
	free(x->sst_off);
	free(x->sheet_part);
	eiti_xml_stream_free(x->xs);
	imp_member_close(x->m);
	free(x->chunk);
	imp_queue_free(&x->q);
	imp_zip_free(x->z);
	free(x);
}

static const struct imp_reader xlsx_reader = {xlsx_next, xlsx_free};

/* The finding for a sheet that is not there, listing those that are. */
static void
no_sheet(struct xlsx *x, const char *want)
{
	const char **names = eiti_xcalloc(x->nsheets + 1, sizeof(*names));
	size_t i;

	for (i = 0; i < x->nsheets; i++)
		names[i] = x->sheets[i].name;
	imp_no_sheet(x->t, x->diags, names, x->nsheets, want);
	free(names);
}

/* The workbook part (the package's officeDocument relationship) and its
 * sheets' names.  0, 1 (finding) or -1 (err). */
static int
open_workbook(struct xlsx *x, struct eiti_err *err)
{
	static const struct eiti_xml_handler wb_h = {wb_start, NULL, NULL};
	struct rels pkg = {0};
	int rc;

	if (imp_zip_has(x->z, "_rels/.rels")) {
		rc = read_rels(x, "_rels/.rels", &pkg, err);
		if (rc < 0)
			goto out;
		x->wb_part = rel_part(
		    x, &pkg, "_rels/.rels", "", NULL, "officeDocument");
	}
	if (x->wb_part == NULL)
		x->wb_part = eiti_xstrdup("xl/workbook.xml");
	rc = 1;
	if (strlen(x->wb_part) > 4 &&
	    strcasecmp(x->wb_part + strlen(x->wb_part) - 4, ".bin") == 0) {
		part_finding(x, EITI_RULE_IMP_FORMAT,
		    "the file is a binary Excel workbook (.xlsb), which "
		    "eitirep does not read: save it as .xlsx");
		goto out;
	}
	if (!imp_zip_has(x->z, x->wb_part)) {
		part_finding(x, EITI_RULE_IMP_XLSX,
		    "the workbook part %s is missing", x->wb_part);
		goto out;
	}
	x->wb_dir = dir_of(x->wb_part);
	rc = parse_part(x, x->wb_part, &wb_h, x, err);
out:
	rels_free(&pkg);
	return rc;
}

/* The sheet called sheet (exactly, else ignoring case; NULL: the first),
 * or NULL with a finding. */
static struct sheet_ref *
find_sheet(struct xlsx *x, const char *sheet)
{
	size_t i;

	if (sheet == NULL && x->nsheets > 0)
		return &x->sheets[0];
	for (i = 0; i < x->nsheets && sheet != NULL; i++)
		if (strcmp(x->sheets[i].name, sheet) == 0)
			return &x->sheets[i];
	for (i = 0; i < x->nsheets && sheet != NULL; i++)
		if (strcasecmp(x->sheets[i].name, sheet) == 0)
			return &x->sheets[i];
	no_sheet(x, sheet != NULL ? sheet : "");
	return NULL;
}

/* The part of sheet sr, through the workbook's relationships (relpart):
 * 0 with x->sheet_part set, or 1 (finding). */
static int
sheet_part(struct xlsx *x, const struct sheet_ref *sr, const char *relpart)
{
	size_t i;

	for (i = 0; i < x->wb_rels.n; i++)
		if (strcmp(x->wb_rels.v[i].id, sr->rid) == 0)
			break;
	if (i == x->wb_rels.n) {
		part_finding(x, EITI_RULE_IMP_XLSX,
		    "sheet '%s': relationship '%s' is not in %s", sr->name,
		    sr->rid, relpart);
		return 1;
	}
	if (strcmp(type_tail(x->wb_rels.v[i].type), "worksheet") != 0) {
		part_finding(x, EITI_RULE_IMP_SHEET,
		    "sheet '%s' is a %s, not a worksheet", sr->name,
		    type_tail(x->wb_rels.v[i].type));
		return 1;
	}
	x->sheet_part =
	    rel_part(x, &x->wb_rels, relpart, x->wb_dir, sr->rid, NULL);
	if (x->sheet_part == NULL)
		return 1;
	if (!imp_zip_has(x->z, x->sheet_part)) {
		part_finding(x, EITI_RULE_IMP_XLSX,
		    "sheet '%s': its part %s is missing", sr->name,
		    x->sheet_part);
		return 1;
	}
	return 0;
}

/* Styles (a failure only costs the date flags) and the shared strings
 * (needed).  0, 1 (finding) or -1 (err). */
static int
read_styles_strings(struct xlsx *x, const char *relpart, struct eiti_err *err)
{
	static const struct eiti_xml_handler st_h = {
	    styles_start, styles_end, NULL};
	static const struct eiti_xml_handler sst_h = {
	    sst_start, sst_end, sst_text};
	char *styles_part, *sst_part;
	int rc = 0;

	styles_part =
	    rel_part(x, &x->wb_rels, relpart, x->wb_dir, NULL, "styles");
	if (styles_part != NULL && imp_zip_has(x->z, styles_part))
		rc = parse_part(x, styles_part, &st_h, x, err);
	free(styles_part);
	if (rc < 0)
		return rc;
	rc = 0;
	sst_part =
	    rel_part(x, &x->wb_rels, relpart, x->wb_dir, NULL, "sharedStrings");
	if (sst_part != NULL && imp_zip_has(x->z, sst_part)) {
		rc = parse_part(x, sst_part, &sst_h, x, err);
		if (rc == 0 && x->sst_over)
			rc = 1;
	}
	free(sst_part);
	if (rc == 0 && x->sst_off == NULL) {
		x->sst_off = eiti_xcalloc(1, sizeof(*x->sst_off));
		x->sst_off_cap = 1;
	}
	return rc;
}

int
imp_xlsx_open(struct eiti_table *t, struct imp_zip *z, const char *sheet,
    struct eiti_diags *diags, struct eiti_err *err)
{
	struct xlsx *x = eiti_xcalloc(1, sizeof(*x));
	struct sheet_ref *sr;
	char *relpart = NULL;
	int rc;

	x->t = t;
	x->z = z;
	x->diags = diags;
	imp_queue_init(&x->q);
	t->reader = &xlsx_reader;
	t->st = x;

	rc = open_workbook(x, err);
	if (rc != 0)
		goto out;
	/* Its relationships: sheets, shared strings, styles. */
	relpart = eiti_xasprintf(
	    "%s_rels/%s.rels", x->wb_dir, x->wb_part + strlen(x->wb_dir));
	if (imp_zip_has(z, relpart)) {
		rc = read_rels(x, relpart, &x->wb_rels, err);
		if (rc != 0)
			goto out;
	}
	rc = 1;
	if ((sr = find_sheet(x, sheet)) == NULL)
		goto out;
	t->sheet = eiti_xstrdup(sr->name);
	if (sheet_part(x, sr, relpart) != 0)
		goto out;
	rc = read_styles_strings(x, relpart, err);
	if (rc != 0)
		goto out;
	rc = imp_member_open(
	    &x->m, z, x->sheet_part, t->o.max_part_bytes, diags, err);
	if (rc != 0)
		goto out;
	eiti_xml_stream_new(
	    &x->xs, t->name, x->sheet_part, &sheet_handler, x, diags, err);
	x->chunk = eiti_xmalloc(CHUNK);
	rc = 0;
out:
	free(relpart);
	return rc;
}
