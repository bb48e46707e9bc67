/*
 * internal.h - what the table readers of the import stage share (not
 * part of its contract: see table.h).
 *
 * struct eiti_table is the common handle; each format (csv.c, xlsx.c,
 * ods.c) sets a reader whose next() yields rows.  The workbook readers
 * are SAX-driven (the validate stage's safe streaming parser), so a chunk
 * of sheet XML pushed in may complete several rows: they wait in a row
 * queue (struct imp_queue) whose cells and text live in buffers reused
 * from chunk to chunk, so reading a sheet allocates nothing per cell once
 * the buffers have grown to the size of one chunk's rows.  Zip members
 * are read through imp_member (zip.c), which counts the bytes actually
 * inflated against the caps.
 */
#ifndef EITI_IMPORT_INTERNAL_H
#define EITI_IMPORT_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

#include "core/diag.h"
#include "core/err.h"
#include "import/table.h"

struct imp_reader {
	int (*next)(struct eiti_table *t, const struct eiti_row **row,
	    struct eiti_diags *diags, struct eiti_err *err);
	void (*free)(void *st);
};

struct eiti_table {
	enum eiti_table_format format;
	char *name;		  /* display name in findings */
	char *sheet;		  /* the sheet read (workbooks) */
	struct eiti_table_opts o; /* limits filled in; o.sheet unused */
	bool date1904;
	const struct imp_reader *reader;
	void *st;
};

/* Findings located at a cell or a part: eiti_finding_at() with the
 * table's display name (rules IMP-* of core/rules.def). */
void imp_finding(struct eiti_table *t, struct eiti_diags *diags,
    const char *where, enum eiti_rule rule, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));

/* IMP-SHEET: no sheet named want; the finding lists the sheets there
 * are (names[0..n)). */
void imp_no_sheet(struct eiti_table *t, struct eiti_diags *diags,
    const char *const *names, size_t n, const char *want);

/* "Data!K17" (or "17:3" for CSV) for a finding about a cell. */
char *imp_where(const struct eiti_table *t, unsigned long row,
    unsigned long col, char *buf, size_t size);

/* --- delimited text (csv.c) -------------------------------------------
 * fd is open on the file; the first nhead bytes, already read, are in
 * head.  Takes fd (closed by the reader).  Returns 0, 1 when the file
 * cannot be read as text (finding), -1 with err set. */
int imp_csv_open(struct eiti_table *t, int fd, const char *head, size_t nhead,
    struct eiti_diags *diags, struct eiti_err *err);

/* --- zip members (zip.c) ---------------------------------------------- */

struct imp_zip;
struct imp_member;

/* Open the zip archive on fd (taken: closed by imp_zip_free, also on
 * failure).  Returns 0, 1 when it is not a readable zip (finding), -1 on
 * an I/O error. */
int imp_zip_open(struct imp_zip **out, int fd, struct eiti_table *t,
    struct eiti_diags *diags, struct eiti_err *err);
void imp_zip_free(struct imp_zip *z);
/* Whether the archive has a member of this name (without case, as OPC
 * part names are compared). */
bool imp_zip_has(struct imp_zip *z, const char *member);
/* Open a member for reading, capped at max_bytes inflated (and at the
 * table's ratio).  Returns 0, 1 when it cannot be read (finding about
 * it), -1 on an I/O error. */
int imp_member_open(struct imp_member **out, struct imp_zip *z,
    const char *member, unsigned long long max_bytes, struct eiti_diags *diags,
    struct eiti_err *err);
/* Read up to n inflated bytes: > 0 bytes, 0 at the end, -1 when reading
 * must stop (a finding: over a cap, a CRC error, a corrupt stream). */
ssize_t imp_member_read(
    struct imp_member *m, char *buf, size_t n, struct eiti_diags *diags);
void imp_member_close(struct imp_member *m);
/* The whole (small) member into a NUL-terminated malloc'd buffer, capped
 * at max_bytes.  Returns 0, 1 (finding), -1 (err). */
int imp_member_slurp(char **out, size_t *len, struct imp_zip *z,
    const char *member, size_t max_bytes, struct eiti_diags *diags,
    struct eiti_err *err);

/* --- workbooks (xlsx.c, ods.c) -----------------------------------------
 * The zip is taken (freed by the reader, also on failure).  Return 0,
 * 1 when the workbook cannot be read (findings), -1 on an I/O error. */
int imp_xlsx_open(struct eiti_table *t, struct imp_zip *z, const char *sheet,
    struct eiti_diags *diags, struct eiti_err *err);
int imp_ods_open(struct eiti_table *t, struct imp_zip *z, const char *sheet,
    struct eiti_diags *diags, struct eiti_err *err);

/* --- the row queue of the workbook readers (queue.c) -------------------- */

struct imp_qcell {
	enum eiti_cell_type type;
	unsigned long col;
	const char *ext; /* text kept elsewhere (a shared string), or NULL */
	size_t off, len; /* text in the queue's buffer when ext is NULL */
	bool date_style, formula, invalid;
};

struct imp_qrow {
	unsigned long row;
	size_t first, n;      /* cells[first .. first + n) */
	unsigned long repeat; /* yield it this many times (ods) */
};

struct imp_queue {
	struct imp_qcell *cells;
	size_t ncells, cells_cap;
	char *text;
	size_t tlen, tcap;
	struct imp_qrow *rows;
	size_t nrows, rows_cap, head;
	/* the row being read: its cells start here */
	size_t open_first, open_text;
	bool open;
	/* what next() hands out */
	struct eiti_cell *out;
	size_t out_cap;
	struct eiti_row row;
};

void imp_queue_init(struct imp_queue *q);
void imp_queue_free(struct imp_queue *q);
/* Start a row (any open row is discarded). */
void imp_queue_begin_row(struct imp_queue *q);
/* Append bytes to the text of the cell being read (its text starts at
 * q->tlen when the cell is begun). */
void imp_queue_text(struct imp_queue *q, const char *s, size_t n);
/* A new cell of the open row; its text is what was appended since
 * text_start.  Returns the cell (valid until the next call). */
struct imp_qcell *imp_queue_cell(struct imp_queue *q, size_t text_start);
/* Close the open row as row number `row`, yielded `repeat` times; a row
 * without cells is dropped. */
void imp_queue_end_row(
    struct imp_queue *q, unsigned long row, unsigned long repeat);
/* True when no complete row waits. */
bool imp_queue_empty(const struct imp_queue *q);
/* Reclaim the buffers of the rows handed out (only when empty); an open
 * row is moved to the front.  Returns how far text offsets moved down
 * (the reader's own offsets into q->text must follow). */
size_t imp_queue_compact(struct imp_queue *q);
/* Pop the next row into q->row (valid until the next call). */
const struct eiti_row *imp_queue_pop(struct imp_queue *q);

/* --- text helpers (table.c) ------------------------------------------- */

/* Offset of the first byte of s that does not start a valid UTF-8
 * sequence (overlong forms, surrogates and code points above U+10FFFF
 * are invalid; so is a NUL byte), or n when all of s is valid. */
size_t imp_utf8_check(const char *s, size_t n);
/* True when s has no byte >= 0x80 and no NUL (fast path). */
bool imp_ascii_clean(const char *s, size_t n);
/* A short description of s[at] and what follows for a finding about
 * invalid UTF-8: writes "byte 0xE9 at offset 5 of the cell" and, when the
 * bytes read as Windows-1252, "; in Windows-1252 it reads 'é'". */
void imp_utf8_explain(
    char *buf, size_t size, const char *s, size_t n, size_t at);

#endif
