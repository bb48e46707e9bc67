/*
 * csv.c - delimited text (RFC 4180), read as a stream in bounded memory.
 *
 * The file is read in chunks into one buffer and parsed in place: a
 * field is a pointer into the chunk, its doubled quotes undone by moving
 * the bytes down and its end marked with a NUL where the delimiter (or
 * closing quote, or line break) was, so a record that lies inside one
 * chunk is handed out without copying a byte.  Only when a record runs
 * past the end of a chunk are its fields so far copied into a side store
 * before the chunk is refilled; that store is capped
 * (max_record_bytes), as are each field (max_cell_bytes) and the number
 * of fields (max_columns): past a cap a field is not kept at all, so a
 * 1 GB line costs one chunk of memory.
 *
 * Line breaks: CRLF, LF and a lone CR each end a record (a quoted one is
 * part of the field) and count as one physical line; a record's line is
 * the line it starts on, and a field's place is "LINE:FIELD".  Quoting
 * is strict: a quote inside an unquoted field, text after a closing
 * quote and a quote still open at the end of the file are findings
 * (IMP-CSV), and the field comes back EMPTY and invalid.
 *
 * Text: UTF-8 is checked (a leading byte order mark dropped); Windows-1252
 * and ISO-8859-1 go through iconv, one field at a time and only for
 * fields with bytes above 0x7F (the structure bytes are ASCII in all
 * three).  Bytes that are not text in the declared encoding (and NUL
 * bytes) are findings at the field (IMP-ENCODING).
 */
#include "config.h"

#include <errno.h>
#include <iconv.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "import/internal.h"

#define CHUNK_SIZE (256u * 1024)

/* Byte classes (bits). */
#define K_DELIM 1
#define K_QUOTE 2
#define K_EOL 4
#define K_HIGH 8 /* a byte above 0x7F, or NUL: the text needs a check */

enum state {
	ST_FIELD_START, /* at the first byte of a field */
	ST_UNQUOTED,
	ST_QUOTED,
	ST_QUOTE_SEEN, /* a quote inside a quoted field: doubled or closing? */
	ST_AFTER_CLOSE,
	ST_BAD, /* a field with a quoting finding: skip to its end */
};

struct fld {
	char *p;    /* in the chunk while in_chunk */
	size_t off; /* in the store otherwise */
	size_t len;
	bool in_chunk;
	bool over; /* over max_cell_bytes: not kept */
	bool bad;  /* a quoting finding: not kept */
	bool high; /* has a byte above 0x7F or a NUL */
};

struct csv {
	int fd;
	char *buf; /* CHUNK_SIZE + 1: room for a NUL after the last byte */
	size_t len, pos;
	bool eof;
	unsigned char cls[256];	 /* unquoted fields */
	unsigned char qcls[256]; /* quoted fields */
	unsigned long line;	 /* physical line of buf[pos] */
	bool last_cr;		 /* the byte before pos was a CR */
	unsigned long records;

	/* the record being read */
	enum state st;
	bool started;
	unsigned long rec_line;
	size_t nfields; /* fields seen, kept or not */
	struct fld *f;	/* the first max_columns of them */
	size_t nf, f_cap;
	struct fld sink; /* a field past max_columns */
	struct fld *cur;
	char *store;
	size_t slen, s_cap;
	bool rec_over;	/* the record went over max_record_bytes */
	bool cols_over; /* more fields than max_columns */

	/* the row handed out */
	struct eiti_cell *cells;
	size_t c_cap;
	char *conv; /* fields converted to UTF-8 */
	size_t clen, conv_cap;
	size_t *conv_off;
	size_t conv_off_cap;
	iconv_t cd;
	const char *enc_name;
	struct eiti_row row;
};

static void
csv_free(void *st)
{
	struct csv *c = st;

	if (c == NULL)
		return;
	if (c->fd >= 0)
		close(c->fd);
	if (c->cd != (iconv_t)-1)
		iconv_close(c->cd);
	free(c->buf);
	free(c->f);
	free(c->store);
	free(c->cells);
	free(c->conv);
	free(c->conv_off);
	free(c);
}

static int
fill(struct csv *c, struct eiti_table *t, struct eiti_err *err)
{
	ssize_t got;

	c->pos = 0;
	c->len = 0;
	do
		got = read(c->fd, c->buf, CHUNK_SIZE);
	while (got < 0 && errno == EINTR);
	if (got < 0)
		return eiti_err_set(err, EITI_ERR_IO,
		    "import: cannot read %s: %s", t->name, strerror(errno));
	if (got == 0)
		c->eof = true;
	c->len = (size_t)got;
	return 0;
}

/* ------------------------------------------------------------------ */
/* Fields                                                              */
/* ------------------------------------------------------------------ */

static void
where(struct csv *c, char *buf, size_t size, size_t field)
{
	snprintf(buf, size, "%lu:%zu", c->rec_line, field);
}

static void
field_begin(struct csv *c, struct eiti_table *t, struct eiti_diags *diags)
{
	struct fld *f;

	c->nfields++;
	if (c->nf >= t->o.max_columns) {
		if (!c->cols_over) {
			char w[64];

			where(c, w, sizeof(w), c->nfields);
			imp_finding(t, diags, w, EITI_RULE_IMP_LIMIT,
			    "record with more than %zu fields: the fields "
			    "from here on are not read",
			    t->o.max_columns);
			c->cols_over = true;
		}
		f = &c->sink;
	} else {
		if (c->nf == c->f_cap) {
			c->f_cap = c->f_cap ? 2 * c->f_cap : 64;
			if (c->f_cap > t->o.max_columns)
				c->f_cap = t->o.max_columns;
			c->f = eiti_xrealloc(c->f, c->f_cap * sizeof(*c->f));
		}
		f = &c->f[c->nf++];
	}
	f->p = c->buf + c->pos;
	f->off = 0;
	f->len = 0;
	f->in_chunk = true;
	f->over = f->bad = f->high = false;
	c->cur = f;
}

static bool
store_room(
    struct csv *c, struct eiti_table *t, struct eiti_diags *diags, size_t n)
{
	if (c->rec_over)
		return false;
	if (c->slen + n > t->o.max_record_bytes) {
		char w[64];

		snprintf(w, sizeof(w), "%lu", c->rec_line);
		imp_finding(t, diags, w, EITI_RULE_IMP_LIMIT,
		    "record larger than %zu bytes: skipped",
		    t->o.max_record_bytes);
		c->rec_over = true;
		return false;
	}
	if (c->slen + n > c->s_cap) {
		c->s_cap = c->s_cap ? c->s_cap : 4096;
		while (c->s_cap < c->slen + n)
			c->s_cap *= 2;
		c->store = eiti_xrealloc(c->store, c->s_cap);
	}
	return true;
}

/* The field grows by n bytes of content at src (in the chunk); in_chunk
 * fields keep them in place (moved down to p + len when a doubled quote
 * came before). */
static void
field_add(struct csv *c, struct eiti_table *t, struct eiti_diags *diags,
    const char *src, size_t n)
{
	struct fld *f = c->cur;

	if (f == &c->sink || f->over || f->bad || n == 0)
		return;
	if (f->len + n > t->o.max_cell_bytes) {
		char w[64];

		where(c, w, sizeof(w), c->nfields);
		imp_finding(t, diags, w, EITI_RULE_IMP_LIMIT,
		    "field longer than %zu bytes: not read",
		    t->o.max_cell_bytes);
		f->over = true;
		return;
	}
	if (f->in_chunk) {
		if (f->p + f->len != src)
			memmove(f->p + f->len, src, n);
	} else {
		if (!store_room(c, t, diags, n)) {
			f->over = true;
			return;
		}
		memcpy(c->store + c->slen, src, n);
		c->slen += n;
	}
	f->len += n;
}

static void
field_end(struct csv *c, struct eiti_table *t, struct eiti_diags *diags)
{
	struct fld *f = c->cur;

	if (f == &c->sink) {
		f->len = 0;
	} else if (f->over || f->bad) {
		f->len = 0;
	} else if (f->in_chunk) {
		f->p[f->len] = '\0';
	} else if (store_room(c, t, diags, 1)) {
		c->store[c->slen++] = '\0';
	} else {
		f->over = true;
		f->len = 0;
	}
	c->cur = NULL;
}

static void
field_bad(struct csv *c, struct eiti_table *t, struct eiti_diags *diags,
    const char *what)
{
	char w[64];

	if (c->cur->bad)
		return;
	where(c, w, sizeof(w), c->nfields);
	imp_finding(t, diags, w, EITI_RULE_IMP_CSV, "%s", what);
	c->cur->bad = true;
}

/* Before the chunk is refilled in the middle of a record: its fields
 * still in the chunk move to the store. */
static void
spill(struct csv *c, struct eiti_table *t, struct eiti_diags *diags)
{
	size_t i;

	for (i = 0; i < c->nf; i++) {
		struct fld *f = &c->f[i];
		bool open = f == c->cur;

		if (!f->in_chunk)
			continue;
		f->in_chunk = false;
		f->off = c->slen;
		if (f->over || f->bad)
			continue;
		/* A closed field with its NUL; the open one without. */
		if (!store_room(c, t, diags, f->len + (open ? 0 : 1))) {
			f->over = true;
			f->len = 0;
			continue;
		}
		if (f->len + (open ? 0 : 1) == 0)
			continue; /* an open field with nothing yet */
		memcpy(c->store + c->slen, f->p, f->len + (open ? 0 : 1));
		c->slen += f->len + (open ? 0 : 1);
	}
	if (c->cur == &c->sink)
		c->sink.in_chunk = false;
}

/* ------------------------------------------------------------------ */
/* Records                                                             */
/* ------------------------------------------------------------------ */

static void
record_reset(struct csv *c)
{
	c->st = ST_FIELD_START;
	c->started = false;
	c->nfields = 0;
	c->nf = 0;
	c->cur = NULL;
	c->slen = 0;
	c->rec_over = false;
	c->cols_over = false;
}

/* A line break at pos (CR or LF): count the line. */
static void
eol(struct csv *c, char b)
{
	if (b == '\r') {
		c->line++;
		c->last_cr = true;
	} else {
		if (!c->last_cr)
			c->line++;
		c->last_cr = false;
	}
}

/*
 * The record's states, one function each: every one consumes from the
 * buffer at b (before its end e) and returns 1 when the record ended, 0
 * when reading goes on.
 */

/* The buffer is used up: refill it, or end the record at the end of the
 * file.  Returns 1 (a record ended), 0 (no record: the end of the
 * file), -1 (error), 2 (go on). */
static int
at_buffer_end(struct csv *c, struct eiti_table *t, struct eiti_diags *diags,
    struct eiti_err *err)
{
	if (!c->eof) {
		if (c->started)
			spill(c, t, diags);
		return fill(c, t, err) != 0 ? -1 : 2;
	}
	if (!c->started)
		return 0;
	if (c->st == ST_FIELD_START) {
		field_begin(c, t, diags);
	} else if (c->st == ST_QUOTED) {
		char w[64];

		where(c, w, sizeof(w), c->nfields);
		imp_finding(t, diags, w, EITI_RULE_IMP_CSV,
		    "quoted field not closed before the end of the file");
		c->cur->bad = true;
	}
	field_end(c, t, diags);
	return 1;
}

static inline int
st_field_start(struct csv *c, struct eiti_table *t, struct eiti_diags *diags,
    const char *b)
{
	char ch;
	unsigned char k;

	if (!c->started) {
		/* The LF of a CRLF that ended the last record. */
		if (c->last_cr && *b == '\n') {
			c->last_cr = false;
			c->pos++;
			return 0;
		}
		c->started = true;
		c->rec_line = c->line;
		c->records++;
		c->last_cr = false;
	}
	field_begin(c, t, diags);
	ch = *b;
	k = c->cls[(unsigned char)ch];
	if (k & K_QUOTE) {
		c->pos++;
		c->cur->p = c->buf + c->pos;
		c->st = ST_QUOTED;
	} else if (k & K_DELIM) {
		field_end(c, t, diags);
		c->last_cr = false;
		c->pos++;
	} else if (k & K_EOL) {
		field_end(c, t, diags); /* NUL over ch */
		eol(c, ch);
		c->pos++;
		return 1;
	} else {
		c->st = ST_UNQUOTED;
	}
	return 0;
}

/* Add to the field the longest run from b of bytes that class table
 * cls calls plain text (bytes over 0x7F mark the field as needing a
 * check of its text); returns where the run ends (e, or the byte that
 * ended it), with c->pos there. */
static inline char *
plain_run(struct csv *c, struct eiti_table *t, struct eiti_diags *diags,
    const unsigned char *cls, char *b, const char *e)
{
	char *s = b;

	for (;;) {
		while (b < e && cls[(unsigned char)*b] == 0)
			b++;
		if (b == e || cls[(unsigned char)*b] != K_HIGH)
			break;
		c->cur->high = true;
		b++;
	}
	if (b > s)
		c->last_cr = false;
	field_add(c, t, diags, s, (size_t)(b - s));
	c->pos = (size_t)(b - c->buf);
	return b;
}

static inline int
st_unquoted(struct csv *c, struct eiti_table *t, struct eiti_diags *diags,
    char *b, const char *e)
{
	char ch;
	unsigned char k;

	b = plain_run(c, t, diags, c->cls, b, e);
	if (b == e)
		return 0;
	ch = *b;
	k = c->cls[(unsigned char)ch];
	if (k & K_QUOTE) {
		field_bad(c, t, diags,
		    "quote character inside an unquoted field (quote the "
		    "whole field and double its quotes)");
		c->st = ST_BAD;
		c->pos++;
		return 0;
	}
	field_end(c, t, diags); /* NUL over ch */
	c->pos++;
	c->st = ST_FIELD_START;
	if (k & K_EOL) {
		eol(c, ch);
		return 1;
	}
	return 0;
}

static inline int
st_quoted(struct csv *c, struct eiti_table *t, struct eiti_diags *diags,
    char *b, const char *e)
{
	b = plain_run(c, t, diags, c->qcls, b, e);
	if (b == e)
		return 0;
	if (c->qcls[(unsigned char)*b] & K_QUOTE) {
		c->st = ST_QUOTE_SEEN;
		c->last_cr = false;
	} else {
		field_add(c, t, diags, b, 1);
		eol(c, *b);
	}
	c->pos++;
	return 0;
}

/* A delimiter or the end of a line ends the field (and at the end of a
 * line the record: returns 1); else text follows a closing quote. */
static inline int
st_after_close(struct csv *c, struct eiti_table *t, struct eiti_diags *diags,
    const char *b)
{
	char ch = *b;
	unsigned char k = c->cls[(unsigned char)ch];

	if (!(k & (K_DELIM | K_EOL))) {
		field_bad(
		    c, t, diags, "text after the closing quote of a field");
		c->st = ST_BAD;
		return 0;
	}
	field_end(c, t, diags);
	c->pos++;
	c->st = ST_FIELD_START;
	if (k & K_EOL) {
		eol(c, ch);
		return 1;
	}
	c->last_cr = false;
	return 0;
}

/* Skip to the end of a bad field, quotes and all. */
static inline int
st_bad(struct csv *c, struct eiti_table *t, struct eiti_diags *diags, char *b,
    const char *e)
{
	char *s = b;

	while (b < e && !(c->cls[(unsigned char)*b] & (K_DELIM | K_EOL)))
		b++;
	if (b > s)
		c->last_cr = false;
	c->pos = (size_t)(b - c->buf);
	if (b == e)
		return 0;
	c->st = ST_AFTER_CLOSE; /* ends the field as after a quote */
	return st_after_close(c, t, diags, b);
}

/*
 * Read one record into c->f.  Returns 1 when a record ends (also at the
 * end of the file), 0 at the end of the file with no record, -1 on a read
 * error.
 */
static int
read_record(struct csv *c, struct eiti_table *t, struct eiti_diags *diags,
    struct eiti_err *err)
{
	int rc = 0;

	record_reset(c);
	for (;;) {
		char *b, *e;

		if (c->pos == c->len) {
			rc = at_buffer_end(c, t, diags, err);
			if (rc == 2)
				continue;
			return rc;
		}
		b = c->buf + c->pos;
		e = c->buf + c->len;
		switch (c->st) {
		case ST_FIELD_START:
			rc = st_field_start(c, t, diags, b);
			break;
		case ST_UNQUOTED:
			rc = st_unquoted(c, t, diags, b, e);
			break;
		case ST_QUOTED:
			rc = st_quoted(c, t, diags, b, e);
			break;
		case ST_QUOTE_SEEN:
			if (c->qcls[(unsigned char)*b] & K_QUOTE) {
				/* A doubled quote: one quote of content. */
				field_add(c, t, diags, b, 1);
				c->pos++;
				c->st = ST_QUOTED;
			} else {
				c->st = ST_AFTER_CLOSE;
			}
			rc = 0;
			break;
		case ST_AFTER_CLOSE:
			rc = st_after_close(c, t, diags, b);
			break;
		case ST_BAD:
			rc = st_bad(c, t, diags, b, e);
			break;
		}
		if (rc != 0)
			return rc;
	}
}

/* ------------------------------------------------------------------ */
/* Text                                                                */
/* ------------------------------------------------------------------ */

static void
conv_room(struct csv *c, size_t n)
{
	if (c->clen + n > c->conv_cap) {
		c->conv_cap = c->conv_cap ? c->conv_cap : 4096;
		while (c->conv_cap < c->clen + n)
			c->conv_cap *= 2;
		c->conv = eiti_xrealloc(c->conv, c->conv_cap);
	}
}

/* Convert field i (text s, n bytes) from the declared single-byte
 * encoding; false with a finding when a byte is not defined there. */
static bool
convert(struct csv *c, struct eiti_table *t, struct eiti_diags *diags, size_t i,
    const char *s, size_t n)
{
	char *in = (char *)s, *outp;
	size_t inleft = n, outleft;

	/* Windows-1252 and ISO-8859-1 take at most 3 UTF-8 bytes a byte. */
	conv_room(c, 3 * n + 1);
	outp = c->conv + c->clen;
	outleft = c->conv_cap - c->clen;
	iconv(c->cd, NULL, NULL, NULL, NULL);
	if (iconv(c->cd, &in, &inleft, &outp, &outleft) == (size_t)-1) {
		char w[64];

		where(c, w, sizeof(w), i + 1);
		imp_finding(t, diags, w, EITI_RULE_IMP_ENCODING,
		    "byte 0x%02X at offset %zu of the cell is not a character "
		    "in %s; declare the table's real encoding in the profile",
		    (unsigned char)*in, (size_t)(in - s), c->enc_name);
		return false;
	}
	if ((size_t)(outp - (c->conv + c->clen)) > t->o.max_cell_bytes) {
		char w[64];

		/* The cap holds for the text as given out, in UTF-8. */
		where(c, w, sizeof(w), i + 1);
		imp_finding(t, diags, w, EITI_RULE_IMP_LIMIT,
		    "field longer than %zu bytes in UTF-8: not read",
		    t->o.max_cell_bytes);
		return false;
	}
	*outp++ = '\0';
	c->conv_off[i] = c->clen;
	c->clen = (size_t)(outp - c->conv);
	return true;
}

/* Check or convert field i; false (finding) when its text is invalid. */
static bool
text_ok(struct csv *c, struct eiti_table *t, struct eiti_diags *diags, size_t i,
    const char *s, size_t n)
{
	size_t bad;
	char w[64], msg[256];

	if (imp_ascii_clean(s, n))
		return true;
	if (memchr(s, '\0', n) != NULL) {
		where(c, w, sizeof(w), i + 1);
		imp_finding(t, diags, w, EITI_RULE_IMP_ENCODING,
		    "NUL byte at offset %zu of the cell: not text",
		    (size_t)((const char *)memchr(s, '\0', n) - s));
		return false;
	}
	if (t->o.encoding != EITI_ENC_UTF8)
		return convert(c, t, diags, i, s, n);
	bad = imp_utf8_check(s, n);
	if (bad == n)
		return true;
	where(c, w, sizeof(w), i + 1);
	imp_utf8_explain(msg, sizeof(msg), s, n, bad);
	imp_finding(t, diags, w, EITI_RULE_IMP_ENCODING,
	    "invalid UTF-8: %s; declare the table's encoding in the profile",
	    msg);
	return false;
}

/* Make the row of the record just read. */
static void
build_row(struct csv *c, struct eiti_table *t, struct eiti_diags *diags)
{
	size_t n = c->nf, i;

	/* Trailing empty fields are not cells. */
	while (n > 0 && c->f[n - 1].len == 0 && !c->f[n - 1].over &&
	       !c->f[n - 1].bad)
		n--;
	if (n > c->c_cap) {
		c->c_cap = n > 2 * c->c_cap ? n : 2 * c->c_cap;
		c->cells =
		    eiti_xrealloc(c->cells, c->c_cap * sizeof(*c->cells));
		c->conv_off =
		    eiti_xrealloc(c->conv_off, c->c_cap * sizeof(*c->conv_off));
	}
	c->clen = 0;
	for (i = 0; i < n; i++) {
		struct fld *f = &c->f[i];
		struct eiti_cell *cell = &c->cells[i];
		const char *s;

		cell->col = i + 1;
		cell->len = 0;
		cell->date_style = cell->formula = cell->invalid = false;
		c->conv_off[i] = SIZE_MAX;
		if (f->over || f->bad) {
			cell->type = EITI_CELL_EMPTY;
			cell->invalid = true;
			cell->text = "";
			continue;
		}
		if (f->len == 0) {
			cell->type = EITI_CELL_EMPTY;
			cell->text = "";
			continue;
		}
		s = f->in_chunk ? f->p : c->store + f->off;
		if (f->high && !text_ok(c, t, diags, i, s, f->len)) {
			cell->type = EITI_CELL_EMPTY;
			cell->invalid = true;
			cell->text = "";
			continue;
		}
		cell->type = EITI_CELL_TEXT;
		cell->text = s;
		cell->len = f->len;
	}
	/* Converted text: pointers once the buffer has stopped moving. */
	for (i = 0; i < n; i++)
		if (c->conv_off[i] != SIZE_MAX) {
			c->cells[i].text = c->conv + c->conv_off[i];
			c->cells[i].len = strlen(c->cells[i].text);
		}
	c->row.row = c->records;
	c->row.line = c->rec_line;
	c->row.cells = c->cells;
	c->row.ncells = n;
}

static int
csv_next(struct eiti_table *t, const struct eiti_row **row,
    struct eiti_diags *diags, struct eiti_err *err)
{
	struct csv *c = t->st;
	int rc;

	for (;;) {
		rc = read_record(c, t, diags, err);
		if (rc <= 0)
			return rc;
		if (c->rec_over)
			continue;
		build_row(c, t, diags);
		if (c->row.ncells == 0)
			continue; /* a blank line */
		*row = &c->row;
		return 1;
	}
}

static const struct imp_reader csv_reader = {csv_next, csv_free};

int
imp_csv_open(struct eiti_table *t, int fd, const char *head, size_t nhead,
    struct eiti_diags *diags, struct eiti_err *err)
{
	struct csv *c = eiti_xcalloc(1, sizeof(*c));
	const unsigned char *h = (const unsigned char *)head;

	c->fd = fd;
	c->cd = (iconv_t)-1;
	c->line = 1;
	t->reader = &csv_reader;
	t->st = c;
	c->buf = eiti_xmalloc(CHUNK_SIZE + 1);
	memcpy(c->buf, head, nhead);
	c->len = nhead;
	c->eof = nhead == 0; /* the head read stopped at the end */
	if ((unsigned char)t->o.delimiter >= 0x80 ||
	    (unsigned char)t->o.quote >= 0x80 || t->o.delimiter == t->o.quote ||
	    t->o.delimiter == '\r' || t->o.delimiter == '\n' ||
	    t->o.quote == '\r' || t->o.quote == '\n') {
		imp_finding(t, diags, NULL, EITI_RULE_IMP_FORMAT,
		    "the delimiter and the quote must be two different ASCII "
		    "characters other than a line break");
		return 1;
	}
	{
		int b;

		for (b = 0x80; b < 0x100; b++)
			c->cls[b] = c->qcls[b] = K_HIGH;
		c->cls[0] = c->qcls[0] = K_HIGH;
	}
	c->cls[(unsigned char)t->o.delimiter] = K_DELIM;
	if (!t->o.unquoted) {
		c->cls[(unsigned char)t->o.quote] = K_QUOTE;
		c->qcls[(unsigned char)t->o.quote] = K_QUOTE;
	}
	c->cls['\r'] = c->cls['\n'] = K_EOL;
	c->qcls['\r'] = c->qcls['\n'] = K_EOL;

	if (nhead >= 2 && ((h[0] == 0xff && h[1] == 0xfe) ||
			      (h[0] == 0xfe && h[1] == 0xff))) {
		imp_finding(t, diags, NULL, EITI_RULE_IMP_ENCODING,
		    "the file is UTF-16 text (byte order mark %02X %02X), "
		    "which eitirep does not read: save it as UTF-8 (\"CSV "
		    "UTF-8\")",
		    h[0], h[1]);
		return 1;
	}
	if (nhead >= 3 && h[0] == 0xef && h[1] == 0xbb && h[2] == 0xbf) {
		if (t->o.encoding == EITI_ENC_UTF8)
			c->pos = 3;
		else
			imp_finding(t, diags, "1:1", EITI_RULE_IMP_ENCODING,
			    "the file starts with a UTF-8 byte order mark but "
			    "the profile declares %s",
			    t->o.encoding == EITI_ENC_WINDOWS_1252
				? "Windows-1252"
				: "ISO-8859-1");
	}
	if (t->o.encoding != EITI_ENC_UTF8) {
		const char *from = t->o.encoding == EITI_ENC_WINDOWS_1252
				       ? "WINDOWS-1252"
				       : "ISO-8859-1";

		c->enc_name = t->o.encoding == EITI_ENC_WINDOWS_1252
				  ? "Windows-1252"
				  : "ISO-8859-1";
		c->cd = iconv_open("UTF-8", from);
		if (c->cd == (iconv_t)-1)
			return eiti_err_set(err, EITI_ERR_IO,
			    "import: %s: no %s converter: %s", t->name, from,
			    strerror(errno));
	}
	return 0;
}
