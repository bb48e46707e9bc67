/*
 * ods.c - OpenDocument spreadsheets (ISO/IEC 26300, ODF 1.2 part 1,
 * section 9), read row by row from content.xml.
 *
 * content.xml holds every sheet (table:table, by table:name).  A first
 * pass reads it only up to the start tag of the sheet asked for (or the
 * first one) so that a missing sheet is a finding listing those there
 * are; the second pass streams that sheet into the row queue (queue.c).
 *
 * Repeats are counted, never expanded blindly: empty cells, however many
 * times repeated (LibreOffice ends every row with a cell repeated to
 * column 1024 and every sheet with a row repeated to row 1048576), only
 * move the column or row number; a non-empty cell is materialised once
 * per column up to max_columns, and a non-empty row is yielded once per
 * repetition up to max_rows, beyond which the repeat is a finding
 * (IMP-LIMIT).
 *
 * Values: float, currency and percentage cells give the exact text of
 * office:value; a date cell gives the 1900-system serial of
 * office:date-value (date_style set, as xlsx dates); a boolean "1" or
 * "0"; a string office:string-value or else its paragraphs' text, with
 * text:s (N spaces), text:tab and text:line-break expanded, spans and
 * links flattened, paragraphs joined by line breaks, annotations and
 * frames left out.  table:formula sets the formula flag.
 */
#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "import/internal.h"
#include "import/number.h"
#include "validate/validate.h"

#define CHUNK (64u * 1024)
#define MAX_SHEETS 65536

#define NS_TABLE "urn:oasis:names:tc:opendocument:xmlns:table:1.0"
#define NS_OFFICE "urn:oasis:names:tc:opendocument:xmlns:office:1.0"
#define NS_TEXT "urn:oasis:names:tc:opendocument:xmlns:text:1.0"

enum vtype { V_NONE, V_NUMBER, V_DATE, V_BOOL, V_STRING, V_TEXT };

struct ods {
	struct eiti_table *t;
	struct imp_zip *z;
	struct eiti_diags *diags;
	const char *want; /* the sheet asked for (pre-pass), or NULL */

	/* pre-pass */
	char **names;
	size_t nnames;
	bool found;
	struct eiti_xml_stream *pre;

	/* the sheet */
	struct imp_member *m;
	struct eiti_xml_stream *xs;
	char *chunk;
	bool eof;
	struct imp_queue q;
	int depth;	 /* of the current element */
	int sheet_depth; /* of the sheet's table:table, 0 outside */
	bool done;	 /* the sheet has ended */
	int row_depth, cell_depth, p_depth, skip_depth;
	unsigned long row, next_row, rrep;
	unsigned long col, crep;
	bool in_row, in_cell, rows_over, row_over;
	enum vtype vt;
	bool formula, over, has_text, cols_over;
	unsigned paragraphs;
	size_t cstart;
};

static const char *
attr(const struct eiti_xml_attr *a, size_t n, const char *ns, const char *name)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (a[i].uri != NULL && strcmp(a[i].uri, ns) == 0 &&
		    strcmp(a[i].local, name) == 0)
			return a[i].value;
	return NULL;
}

static bool
is(const char *uri, const char *ns, const char *local, const char *name)
{
	return uri != NULL && strcmp(local, name) == 0 && strcmp(uri, ns) == 0;
}

static void cell_finding(struct ods *o, enum eiti_rule rule, const char *fmt,
    ...) __attribute__((format(printf, 3, 4)));

static void
cell_finding(struct ods *o, enum eiti_rule rule, const char *fmt, ...)
{
	char msg[1024], w[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	imp_where(o->t, o->row, o->col > o->t->o.max_columns ? 0 : o->col, w,
	    sizeof(w));
	imp_finding(o->t, o->diags, w, rule, "%s", msg);
}

/* A repeat count: a positive decimal, at most 2^31 (larger is clamped:
 * the caps stop far before). */
static unsigned long
repeat_of(struct ods *o, const char *v, const char *what)
{
	unsigned long r = 0;
	const char *p = v;

	if (v == NULL)
		return 1;
	for (; *p >= '0' && *p <= '9'; p++)
		if (r < (1ul << 31))
			r = r * 10 + (unsigned long)(*p - '0');
	if (p == v || *p != '\0' || r == 0) {
		cell_finding(o, EITI_RULE_IMP_ODS,
		    "%s '%s' is not a positive number: taken as 1", what, v);
		return 1;
	}
	return r;
}

/* ------------------------------------------------------------------ */
/* Pre-pass: the sheets up to the one asked for                        */
/* ------------------------------------------------------------------ */

static void
pre_start(void *ud, const char *local, const char *uri,
    const struct eiti_xml_attr *a, size_t n)
{
	struct ods *o = ud;
	const char *name;

	if (!is(uri, NS_TABLE, local, "table"))
		return;
	name = attr(a, n, NS_TABLE, "name");
	if (name == NULL)
		name = "";
	if (o->want == NULL || strcmp(name, o->want) == 0 ||
	    strcasecmp(name, o->want) == 0) {
		o->found = true;
		free(o->t->sheet);
		o->t->sheet = eiti_xstrdup(name);
		eiti_xml_stream_stop(o->pre);
		return;
	}
	if (o->nnames < MAX_SHEETS) {
		if (o->nnames % 32 == 0)
			o->names = eiti_xrealloc(
			    o->names, (o->nnames + 32) * sizeof(*o->names));
		o->names[o->nnames++] = eiti_xstrdup(name);
	}
}

/* ------------------------------------------------------------------ */
/* The sheet                                                           */
/* ------------------------------------------------------------------ */

static void
add_text(struct ods *o, const char *s, size_t n)
{
	if (o->over)
		return;
	if (o->row_over)
		return;
	if (o->q.tlen - o->cstart + n > o->t->o.max_cell_bytes) {
		o->over = true;
		o->q.tlen = o->cstart;
		return;
	}
	if (o->q.tlen - o->q.open_text + n > o->t->o.max_record_bytes) {
		/* The row's text so far, held until the row ends. */
		cell_finding(o, EITI_RULE_IMP_LIMIT,
		    "row larger than %zu bytes: skipped",
		    o->t->o.max_record_bytes);
		o->row_over = true;
		o->q.ncells = o->q.open_first;
		o->q.tlen = o->q.open_text;
		o->cstart = o->q.tlen;
		return;
	}
	imp_queue_text(&o->q, s, n);
	o->has_text = true;
}

static void
begin_cell(struct ods *o, const struct eiti_xml_attr *a, size_t n)
{
	const char *vt = attr(a, n, NS_OFFICE, "value-type"), *v;
	char serial[32];

	o->in_cell = true;
	o->cell_depth = o->depth;
	o->crep = repeat_of(
	    o, attr(a, n, NS_TABLE, "number-columns-repeated"), "repeat count");
	o->formula = attr(a, n, NS_TABLE, "formula") != NULL;
	o->over = o->has_text = false;
	o->paragraphs = 0;
	o->p_depth = o->skip_depth = 0;
	o->cstart = o->q.tlen;
	o->vt = V_TEXT; /* the paragraphs, unless a value says otherwise */
	if (vt == NULL) {
		return;
	} else if (strcmp(vt, "float") == 0 || strcmp(vt, "currency") == 0 ||
		   strcmp(vt, "percentage") == 0) {
		o->vt = V_NUMBER;
		v = attr(a, n, NS_OFFICE, "value");
		if (v == NULL) {
			cell_finding(o, EITI_RULE_IMP_ODS,
			    "%s cell without office:value", vt);
			o->vt = V_NONE;
			o->over = true; /* invalid */
			return;
		}
		add_text(o, v, strlen(v));
	} else if (strcmp(vt, "date") == 0) {
		v = attr(a, n, NS_OFFICE, "date-value");
		if (v != NULL &&
		    eiti_date_to_serial(serial, sizeof(serial), v, strlen(v))) {
			o->vt = V_DATE;
			add_text(o, serial, strlen(serial));
		} else if (v != NULL) {
			o->vt = V_STRING; /* before 1900: the ISO text */
			add_text(o, v, strlen(v));
		}
	} else if (strcmp(vt, "boolean") == 0) {
		v = attr(a, n, NS_OFFICE, "boolean-value");
		o->vt = V_BOOL;
		if (v != NULL &&
		    (strcmp(v, "true") == 0 || strcmp(v, "1") == 0))
			add_text(o, "1", 1);
		else if (v != NULL &&
			 (strcmp(v, "false") == 0 || strcmp(v, "0") == 0))
			add_text(o, "0", 1);
		else {
			cell_finding(o, EITI_RULE_IMP_ODS,
			    "boolean cell without a true or false value");
			o->vt = V_NONE;
			o->over = true;
		}
	} else if (strcmp(vt, "string") == 0) {
		v = attr(a, n, NS_OFFICE, "string-value");
		if (v != NULL) {
			o->vt = V_STRING;
			add_text(o, v, strlen(v));
		}
	}
	/* "time" and anything else: the text shown. */
}

static void
end_cell(struct ods *o)
{
	unsigned long k, first = o->col, reps = o->crep;
	size_t len = o->q.tlen - o->cstart;
	bool invalid = o->over;
	enum eiti_cell_type type;

	o->in_cell = false;
	if (o->row_over) {
		/* The row is skipped: only the columns move on. */
		o->q.tlen = o->cstart;
		o->col =
		    first + reps < first ? (unsigned long)-1 : first + reps;
		return;
	}
	if (o->over && o->vt != V_NONE)
		cell_finding(o, EITI_RULE_IMP_LIMIT,
		    "cell longer than %zu bytes: not read",
		    o->t->o.max_cell_bytes);
	if (o->over)
		o->q.tlen = o->cstart;
	/* Columns move on whatever the cell holds. */
	o->col = first + reps < first ? (unsigned long)-1 : first + reps;
	if (!invalid && len == 0) {
		o->q.tlen = o->cstart;
		return; /* empty, however repeated */
	}
	switch (o->vt) {
	case V_NUMBER:
		type = EITI_CELL_NUMBER;
		break;
	case V_DATE:
		type = EITI_CELL_NUMBER;
		break;
	case V_BOOL:
		type = EITI_CELL_BOOL;
		break;
	default:
		type = EITI_CELL_TEXT;
	}
	if (invalid)
		type = EITI_CELL_EMPTY;
	for (k = 0; k < reps; k++) {
		struct imp_qcell *c;
		unsigned long col = first + k;

		if (col > o->t->o.max_columns || col < first) {
			if (!o->cols_over) {
				o->col = col;
				cell_finding(o, EITI_RULE_IMP_LIMIT,
				    "cells beyond column %zu: not read",
				    o->t->o.max_columns);
				o->cols_over = true;
			}
			break;
		}
		/* Repetitions share the text. */
		c = imp_queue_cell(&o->q, o->cstart);
		c->len = invalid ? 0 : len;
		o->q.tlen = o->cstart + len;
		c->type = type;
		c->col = col;
		c->date_style = o->vt == V_DATE;
		c->formula = o->formula;
		c->invalid = invalid;
	}
	/* One NUL after the shared text. */
	imp_queue_text(&o->q, "", 1);
	o->col = first + reps < first ? (unsigned long)-1 : first + reps;
}

static void
sheet_start(void *ud, const char *local, const char *uri,
    const struct eiti_xml_attr *a, size_t n)
{
	struct ods *o = ud;
	const char *v;

	o->depth++;
	if (o->sheet_depth == 0) {
		if (!o->done && is(uri, NS_TABLE, local, "table")) {
			v = attr(a, n, NS_TABLE, "name");
			if (v != NULL && strcmp(v, o->t->sheet) == 0)
				o->sheet_depth = o->depth;
		}
		return;
	}
	if (o->in_cell) {
		if (o->skip_depth > 0)
			return;
		if (o->p_depth == 0) {
			if (o->depth == o->cell_depth + 1 &&
			    (is(uri, NS_TEXT, local, "p") ||
				is(uri, NS_TEXT, local, "h"))) {
				o->p_depth = o->depth;
				if (o->vt == V_TEXT && o->paragraphs++ > 0)
					add_text(o, "\n", 1);
			} else {
				o->skip_depth = o->depth; /* annotations,
							     frames */
			}
			return;
		}
		if (o->vt != V_TEXT)
			return;
		if (is(uri, NS_TEXT, local, "s")) {
			unsigned long c = 1, i;

			v = attr(a, n, NS_TEXT, "c");
			if (v != NULL)
				c = repeat_of(o, v, "space count");
			for (i = 0; i < c && !o->over; i++)
				add_text(o, " ", 1);
		} else if (is(uri, NS_TEXT, local, "tab")) {
			add_text(o, "\t", 1);
		} else if (is(uri, NS_TEXT, local, "line-break")) {
			add_text(o, "\n", 1);
		} else if (is(uri, NS_OFFICE, local, "annotation") ||
			   is(uri, NS_TEXT, local, "note") ||
			   is(uri, NS_TEXT, local, "ruby-text")) {
			o->skip_depth = o->depth;
		}
		return;
	}
	if (o->in_row) {
		if (is(uri, NS_TABLE, local, "table-cell") ||
		    is(uri, NS_TABLE, local, "covered-table-cell"))
			begin_cell(o, a, n);
		return;
	}
	if (is(uri, NS_TABLE, local, "table-row")) {
		o->in_row = true;
		o->row_depth = o->depth;
		o->row = o->next_row;
		o->col = 1;
		o->cols_over = false;
		o->row_over = false;
		o->rrep =
		    repeat_of(o, attr(a, n, NS_TABLE, "number-rows-repeated"),
			"row repeat count");
		imp_queue_begin_row(&o->q);
	}
}

static void
sheet_text(void *ud, const char *s, size_t n)
{
	struct ods *o = ud;

	if (o->in_cell && o->vt == V_TEXT && o->p_depth > 0 &&
	    o->skip_depth == 0)
		add_text(o, s, n);
}

static void
sheet_end(void *ud, const char *local, const char *uri)
{
	struct ods *o = ud;
	int d = o->depth--;

	(void)local;
	(void)uri;
	if (o->sheet_depth == 0)
		return;
	if (d == o->sheet_depth) {
		o->sheet_depth = 0;
		o->done = true;
		eiti_xml_stream_stop(o->xs);
		return;
	}
	if (o->in_cell) {
		if (d == o->skip_depth)
			o->skip_depth = 0;
		else if (d == o->p_depth)
			o->p_depth = 0;
		else if (d == o->cell_depth)
			end_cell(o);
		return;
	}
	if (o->in_row && d == o->row_depth) {
		unsigned long reps = o->rrep, max = o->t->o.max_rows;
		bool any = o->q.ncells > o->q.open_first;

		o->in_row = false;
		if (any && o->row > max) {
			o->col = 0;
			cell_finding(o, EITI_RULE_IMP_LIMIT,
			    "row beyond %lu, the last row read: reading "
			    "stopped",
			    max);
			imp_queue_end_row(&o->q, o->row, 0);
			eiti_xml_stream_stop(o->xs);
			return;
		}
		if (any && reps > max - o->row + 1) {
			o->col = 0;
			cell_finding(o, EITI_RULE_IMP_LIMIT,
			    "row repeated %lu times, past row %lu, the last "
			    "row read: repeated up to it only",
			    reps, max);
			reps = max - o->row + 1;
		}
		imp_queue_end_row(&o->q, o->row, o->row_over ? 0 : reps);
		o->next_row = o->row + o->rrep < o->row ? (unsigned long)-1
							: o->row + o->rrep;
	}
}

static const struct eiti_xml_handler sheet_handler = {
    sheet_start, sheet_end, sheet_text};

static int
ods_next(struct eiti_table *t, const struct eiti_row **row,
    struct eiti_diags *diags, struct eiti_err *err)
{
	struct ods *o = t->st;

	(void)err;
	o->diags = diags;
	for (;;) {
		ssize_t n;
		size_t shift;

		if (!imp_queue_empty(&o->q)) {
			*row = imp_queue_pop(&o->q);
			return 1;
		}
		if (o->eof)
			return 0;
		shift = imp_queue_compact(&o->q);
		if (o->in_cell)
			o->cstart -= shift;
		n = imp_member_read(o->m, o->chunk, CHUNK, diags);
		if (n < 0) {
			o->eof = true;
			continue;
		}
		if (!eiti_xml_stream_push(o->xs, o->chunk, (size_t)n, n == 0))
			o->eof = true;
	}
}

static void
ods_free(void *st)
{
	struct ods *o = st;
	size_t i;

	if (o == NULL)
		return;
	for (i = 0; i < o->nnames; i++)
		free(o->names[i]);
	free(o->names);
	eiti_xml_stream_free(o->pre);
	eiti_xml_stream_free(o->xs);
	imp_member_close(o->m);
	free(o->chunk);
	imp_queue_free(&o->q);
	imp_zip_free(o->z);
	free(o);
}

static const struct imp_reader ods_reader = {ods_next, ods_free};

int
imp_ods_open(struct eiti_table *t, struct imp_zip *z, const char *sheet,
    struct eiti_diags *diags, struct eiti_err *err)
{
	static const struct eiti_xml_handler pre_h = {pre_start, NULL, NULL};
	struct ods *o = eiti_xcalloc(1, sizeof(*o));
	struct imp_member *m = NULL;
	char *buf = NULL;
	int rc;

	o->t = t;
	o->z = z;
	o->diags = diags;
	o->want = sheet;
	o->next_row = 1;
	imp_queue_init(&o->q);
	t->reader = &ods_reader;
	t->st = o;
	if (!imp_zip_has(z, "content.xml")) {
		imp_finding(t, diags, NULL, EITI_RULE_IMP_ODS,
		    "the spreadsheet has no content.xml");
		return 1;
	}

	/* Pre-pass, up to the sheet. */
	rc = imp_member_open(
	    &m, z, "content.xml", t->o.max_part_bytes, diags, err);
	if (rc != 0)
		return rc;
	eiti_xml_stream_new(
	    &o->pre, t->name, "content.xml", &pre_h, o, diags, err);
	buf = eiti_xmalloc(CHUNK);
	for (;;) {
		ssize_t n = imp_member_read(m, buf, CHUNK, diags);

		if (n < 0) {
			rc = 1;
			break;
		}
		if (!eiti_xml_stream_push(o->pre, buf, (size_t)n, n == 0))
			break;
	}
	imp_member_close(m);
	free(buf);
	if (rc == 0 && !o->found) {
		if (eiti_xml_stream_ok(o->pre))
			imp_no_sheet(t, diags, (const char *const *)o->names,
			    o->nnames, sheet != NULL ? sheet : "");
		rc = 1;
	}
	if (rc != 0)
		return rc;

	/* The sheet, streamed by ods_next(). */
	rc = imp_member_open(
	    &o->m, z, "content.xml", t->o.max_part_bytes, diags, err);
	if (rc != 0)
		return rc;
	eiti_xml_stream_new(
	    &o->xs, t->name, "content.xml", &sheet_handler, o, diags, err);
	o->chunk = eiti_xmalloc(CHUNK);
	return 0;
}
