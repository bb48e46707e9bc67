/*
 * table.h - readers of the tables that disclosures are published as:
 * CSV/TSV, xlsx and ods (eitirep-profile(5)).  The import stage's lower half;
 * profile.h maps what these readers yield into a disclosure.
 *
 * A table is read row by row, in file order, in memory bounded by one row
 * (plus an xlsx workbook's shared-string table, itself capped): never the
 * whole sheet.  Every cell comes as its UTF-8 text exactly as the file
 * stores it - an xlsx number is the decimal text of its <v> element, never
 * a double - with its type and, for workbooks, whether its style is a date
 * format.  The format is detected from the content (a zip container with
 * xl/workbook.xml is xlsx, one with mimetype
 * application/vnd.oasis.opendocument.spreadsheet is ods, anything else is
 * text), whatever the file's extension.
 *
 * Hostile input: zip entries are decompressed with a cap on each part's
 * size and on the ratio of expanded to stored bytes; the sheet XML is read
 * with the validate stage's safe parser settings (no DTD, no entities, no
 * network, bounded depth); a CSV record or field larger than the caps, a
 * row with more columns than the cap, and invalid text in the declared
 * encoding are located findings.  Everything wrong with the data is a
 * finding in diags at its cell (FILE:SHEET!A1 or FILE:ROW:COLUMN); an
 * error (struct eiti_err) only when the file cannot be read at all.
 *
 * Rule ids of the findings: IMP-ENCODING (text invalid in the declared
 * encoding, a NUL byte, UTF-16, a byte order mark that contradicts the
 * encoding), IMP-CSV (RFC 4180 quoting), IMP-LIMIT (a cell, record,
 * column, row, repeat or shared-string table over its cap), IMP-ZIP (the
 * container: not a zip, corrupt, encrypted, a part over its cap or
 * inflating past the ratio), IMP-XLSX and IMP-ODS (workbook structure:
 * relationships, references, values), IMP-SHEET (the sheet asked for),
 * IMP-FORMAT (not a table this reads: legacy .xls, .xlsb, PDF, HTML,
 * another format than the one required), IMP-FORMULA (warning: a formula
 * without a cached value); from the XML parser, as for every document:
 * XML, SEC-DOCTYPE, SEC-DEPTH, SEC-SIZE.  A cell with a finding comes
 * EMPTY with invalid set; a cell a finding skips (a bad reference, out
 * of order) or a row (out of order) is not returned.
 */
#ifndef EITI_IMPORT_TABLE_H
#define EITI_IMPORT_TABLE_H

#include <stdbool.h>
#include <stddef.h>

#include "core/diag.h"
#include "core/err.h"

enum eiti_table_format {
	EITI_TABLE_AUTO = 0, /* detect from content */
	EITI_TABLE_CSV,	     /* delimited text (CSV, TSV, ...) */
	EITI_TABLE_XLSX,     /* Office Open XML workbook */
	EITI_TABLE_ODS,	     /* OpenDocument spreadsheet */
};

enum eiti_text_encoding {
	EITI_ENC_UTF8 = 0, /* with or without a BOM */
	EITI_ENC_WINDOWS_1252,
	EITI_ENC_ISO_8859_1,
};

struct eiti_table_opts {
	enum eiti_table_format format; /* EITI_TABLE_AUTO: by content */
	/* delimited text */
	char delimiter; /* ',' default; '\t' for TSV; 0: ',' */
	char quote;	/* '"' default; 0: '"' */
	bool unquoted;	/* no quoting at all: quote characters are text
			   (IANA text/tab-separated-values) */
	enum eiti_text_encoding encoding;
	/* workbooks: the sheet by name; NULL: the first sheet */
	const char *sheet;
	/* limits (0: the defaults below) */
	size_t max_cell_bytes;	 /* EITI_TABLE_MAX_CELL */
	size_t max_columns;	 /* EITI_TABLE_MAX_COLUMNS */
	size_t max_part_bytes;	 /* EITI_TABLE_MAX_PART: one zip member */
	unsigned max_zip_ratio;	 /* EITI_TABLE_MAX_RATIO */
	size_t max_shared_bytes; /* EITI_TABLE_MAX_SHARED: shared strings */
	size_t max_record_bytes; /* EITI_TABLE_MAX_RECORD: the text of a
				    CSV record or a workbook row held at
				    once */
	unsigned long max_rows;	 /* EITI_TABLE_MAX_ROWS: last workbook row
				    number read (ods row repeats) */
	/* use_fd: read the open file fd, from its start, instead of opening
	 * path - the bytes a caller has already hashed (one read of a
	 * source).  fd stays the caller's; tables read from it one after
	 * the other share its offset, so never two at once. */
	bool use_fd;
	int fd;
};

#define EITI_TABLE_MAX_CELL (1u << 20)	     /* 1 MiB of text per cell */
#define EITI_TABLE_MAX_COLUMNS 16384	     /* Excel's own limit (XFD) */
#define EITI_TABLE_MAX_PART (1ull << 30)     /* 1 GiB expanded */
#define EITI_TABLE_MAX_RATIO 200	     /* expanded / stored */
#define EITI_TABLE_MAX_SHARED (256ull << 20) /* 256 MiB */
#define EITI_TABLE_MAX_RECORD (16u << 20)    /* 16 MiB */
#define EITI_TABLE_MAX_ROWS 1048576ul	     /* Excel's own limit */

/* Set every field to its default (UTF-8, ',', '"', first sheet, limits
 * above, format AUTO). */
void eiti_table_opts_init(struct eiti_table_opts *o);

enum eiti_cell_type {
	EITI_CELL_EMPTY = 0, /* no value (also: a CSV field of length 0) */
	EITI_CELL_TEXT,	     /* a string (CSV fields are always TEXT) */
	EITI_CELL_NUMBER,    /* a workbook number: text is its stored decimal
				form, e.g. "2075.8000000000002", "1.5E-3" */
	EITI_CELL_BOOL,	     /* "0" or "1" */
	EITI_CELL_ERROR,     /* a workbook error value ("#N/A", "#REF!") */
};

struct eiti_cell {
	enum eiti_cell_type type;
	const char *text;  /* UTF-8, NUL-terminated, "" when EMPTY */
	size_t len;	   /* strlen(text) */
	unsigned long col; /* 1-based column (A = 1) */
	bool date_style;   /* workbook: a number whose style is a date or
			      date-time format (the value is a serial) */
	bool formula;	   /* workbook: the value is a formula's cached
			      result (EMPTY when the file has none) */
	bool invalid;	   /* a finding was raised about this cell (invalid
			      text, over the cap, bad quoting): it comes
			      EMPTY, and is not a blank */
};

/*
 * One row.  For CSV cells[] holds every field up to the last non-empty
 * (or invalid) one, so cells[i].col is i + 1; for workbooks it holds
 * the non-empty cells only (and invalid ones, and formulas without a
 * cached value), in column order, and cells[i].col says where each one
 * is.  A row without any such cell is not returned at all (a blank
 * line, an empty or repeated empty sheet row), but row numbers count
 * it.  Valid until the next eiti_table_next() call.
 *
 * Workbook dates: an xlsx date is a NUMBER serial with date_style set;
 * an ods date (office:date-value) is given the same way, converted to
 * its 1900-system serial, so both read with eiti_date_from_serial().
 */
struct eiti_row {
	unsigned long row;  /* 1-based: CSV record number, sheet row number */
	unsigned long line; /* CSV: the physical line the record starts on;
			       workbooks: same as row */
	const struct eiti_cell *cells;
	size_t ncells;
};

struct eiti_table;

/*
 * Open path for reading.  name is what diagnostics call the file (the
 * manifest href or the path as given).  Findings about the container
 * (a missing sheet, a zip bomb, a part over the cap) go to diags located
 * at the file; *out is then still set when reading can go on, else the
 * call returns 1.  Returns 0 with *out set, 1 when the file is not a
 * readable table (findings in diags), -1 with err set (EITI_ERR_IO) when
 * it cannot be opened or read.
 */
int eiti_table_open(struct eiti_table **out, const char *path, const char *name,
    const struct eiti_table_opts *o, struct eiti_diags *diags,
    struct eiti_err *err);

/* The next row: 1 with *row set, 0 at the end, -1 with err set on a read
 * error.  Findings about cells (invalid text in the encoding, a cell
 * over the cap) go to diags; such a cell is returned EMPTY with invalid
 * set. */
int eiti_table_next(struct eiti_table *t, const struct eiti_row **row,
    struct eiti_diags *diags, struct eiti_err *err);

/* The format actually read (never AUTO once opened). */
enum eiti_table_format eiti_table_format(const struct eiti_table *t);

/* The sheet read (workbooks), or NULL for delimited text. */
const char *eiti_table_sheet(const struct eiti_table *t);

/* True for an xlsx workbook in the 1904 date system (workbookPr
 * date1904): read its serials with eiti_date_from_serial_sys(). */
bool eiti_table_date1904(const struct eiti_table *t);

/*
 * Where a cell is, as diagnostics print it after "FILE:": "Data!K17" for
 * a workbook (the sheet name quoted as Excel does when it needs it:
 * 'Sheet 1'!K17), "17:3" (record line, field) for delimited text; col 0
 * names the row ("Data!17:17", "17").  Writes a NUL-terminated string
 * into buf (truncated to size) and returns buf.
 */
char *eiti_table_where(const struct eiti_table *t, const struct eiti_row *r,
    unsigned long col, char *buf, size_t size);

/* Close and free; accepts NULL. */
void eiti_table_free(struct eiti_table *t);

/* Excel's column letters for a 1-based column ("A", "Z", "AA", "XFD"). */
char *eiti_table_colname(char *buf, size_t size, unsigned long col);

#endif
