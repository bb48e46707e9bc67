/*
 * queue.c - the rows a chunk of sheet XML completes, waiting for
 * eiti_table_next() (internal.h).  Cells and their text are appended to
 * two buffers that are emptied, not freed, once every waiting row has
 * been handed out; text is kept as offsets until a row is handed out, so
 * the buffers may move while rows wait.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "import/internal.h"

void
imp_queue_init(struct imp_queue *q)
{
	memset(q, 0, sizeof(*q));
}

void
imp_queue_free(struct imp_queue *q)
{
	free(q->cells);
	free(q->text);
	free(q->rows);
	free(q->out);
	memset(q, 0, sizeof(*q));
}

void
imp_queue_begin_row(struct imp_queue *q)
{
	if (q->open) {
		q->ncells = q->open_first;
		q->tlen = q->open_text;
	}
	q->open = true;
	q->open_first = q->ncells;
	q->open_text = q->tlen;
}

void
imp_queue_text(struct imp_queue *q, const char *s, size_t n)
{
	if (q->tlen + n + 1 > q->tcap) {
		q->tcap = q->tcap ? q->tcap : 65536;
		while (q->tcap < q->tlen + n + 1)
			q->tcap *= 2;
		q->text = eiti_xrealloc(q->text, q->tcap);
	}
	memcpy(q->text + q->tlen, s, n);
	q->tlen += n;
}

struct imp_qcell *
imp_queue_cell(struct imp_queue *q, size_t text_start)
{
	struct imp_qcell *c;

	if (q->ncells == q->cells_cap) {
		q->cells_cap = q->cells_cap ? 2 * q->cells_cap : 1024;
		q->cells = eiti_xrealloc(q->cells, q->cells_cap * sizeof(*c));
	}
	c = &q->cells[q->ncells++];
	memset(c, 0, sizeof(*c));
	c->off = text_start;
	c->len = q->tlen - text_start;
	/* Every text ends with a NUL in the buffer. */
	imp_queue_text(q, "", 1);
	return c;
}

void
imp_queue_end_row(struct imp_queue *q, unsigned long row, unsigned long repeat)
{
	struct imp_qrow *r;

	if (!q->open)
		return;
	q->open = false;
	if (q->ncells == q->open_first || repeat == 0) {
		q->ncells = q->open_first;
		q->tlen = q->open_text;
		return;
	}
	if (q->nrows == q->rows_cap) {
		q->rows_cap = q->rows_cap ? 2 * q->rows_cap : 256;
		q->rows = eiti_xrealloc(q->rows, q->rows_cap * sizeof(*r));
	}
	r = &q->rows[q->nrows++];
	r->row = row;
	r->first = q->open_first;
	r->n = q->ncells - q->open_first;
	r->repeat = repeat;
}

bool
imp_queue_empty(const struct imp_queue *q)
{
	return q->head == q->nrows;
}

size_t
imp_queue_compact(struct imp_queue *q)
{
	size_t shift = 0, i;

	if (!imp_queue_empty(q))
		return 0;
	if (q->open) {
		shift = q->open_text;
		for (i = q->open_first; i < q->ncells; i++)
			if (q->cells[i].ext == NULL)
				q->cells[i].off -= shift;
		memmove(q->cells, q->cells + q->open_first,
		    (q->ncells - q->open_first) * sizeof(*q->cells));
		q->ncells -= q->open_first;
		memmove(q->text, q->text + shift, q->tlen - shift);
		q->tlen -= shift;
		q->open_first = 0;
		q->open_text = 0;
	} else {
		shift = q->tlen;
		q->ncells = 0;
		q->tlen = 0;
	}
	q->nrows = 0;
	q->head = 0;
	return shift;
}

const struct eiti_row *
imp_queue_pop(struct imp_queue *q)
{
	struct imp_qrow *r;
	size_t i;

	if (imp_queue_empty(q))
		return NULL;
	r = &q->rows[q->head];
	if (r->n > q->out_cap) {
		q->out_cap = r->n > 2 * q->out_cap ? r->n : 2 * q->out_cap;
		q->out = eiti_xrealloc(q->out, q->out_cap * sizeof(*q->out));
	}
	for (i = 0; i < r->n; i++) {
		const struct imp_qcell *c = &q->cells[r->first + i];
		struct eiti_cell *o = &q->out[i];

		o->type = c->type;
		o->text = c->ext != NULL ? c->ext : q->text + c->off;
		o->len = c->len;
		o->col = c->col;
		o->date_style = c->date_style;
		o->formula = c->formula;
		o->invalid = c->invalid;
	}
	q->row.row = r->row;
	q->row.line = r->row;
	q->row.cells = q->out;
	q->row.ncells = r->n;
	if (--r->repeat == 0)
		q->head++;
	else
		r->row++;
	return &q->row;
}
