/*
 * fuzz_table.c - arbitrary bytes as a table (src/import/table.h): CSV and
 * TSV text in every encoding, and, when the bytes are a zip, xlsx and ods
 * workbooks (the zip container, the parts' XML through the validate
 * stage's streaming parser, the sheet readers).
 *
 * Each input is read four ways: the format from the content with the
 * default caps; CSV with ';', Windows-1252 and small caps (a cell of 64
 * bytes, 16 columns, a record of 256 bytes); unquoted tab-separated
 * ISO-8859-1 with small caps; and the format from the content with small
 * workbook caps (a part of 1 MiB, 4 KiB of shared strings, 100 rows, 64
 * columns).  Beyond the sanitizers, every row must keep the contract:
 * row numbers increase, lines never go back, columns increase within a
 * row and stay within the cap (CSV: column i + 1 at index i), no row over
 * the column cap, every text NUL-terminated at its length, valid UTF-8,
 * within the cell cap, EMPTY exactly when it has no text, invalid cells
 * EMPTY; every cell location prints; the number and date parsers take
 * every cell's text; and the findings keep fuzz_check_result()'s
 * invariants.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "import/number.h"
#include "import/table.h"

const char *const fuzz_replay_dirs[] = {
    "fixtures/fuzz-regress/table",
    "fixtures/import/tables",
    "tests/fuzz/seeds/table",
    NULL,
};

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	fuzz_setup();
	return 0;
}

static bool
utf8_ok(const unsigned char *s, size_t n)
{
	size_t i = 0;

	while (i < n) {
		unsigned char c = s[i];
		size_t k, len;
		unsigned long cp;

		if (c < 0x80) {
			i++;
			continue;
		}
		if (c >= 0xc2 && c <= 0xdf)
			len = 2, cp = c & 0x1f;
		else if (c >= 0xe0 && c <= 0xef)
			len = 3, cp = c & 0x0f;
		else if (c >= 0xf0 && c <= 0xf4)
			len = 4, cp = c & 0x07;
		else
			return false;
		if (i + len > n)
			return false;
		for (k = 1; k < len; k++) {
			if ((s[i + k] & 0xc0) != 0x80)
				return false;
			cp = cp << 6 | (s[i + k] & 0x3f);
		}
		if ((len == 3 && cp < 0x800) || (len == 4 && cp < 0x10000) ||
		    cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
			return false;
		i += len;
	}
	return true;
}

static void
check_cells(const char *what, const struct eiti_table *t,
    const struct eiti_row *r, const struct eiti_table_opts *o)
{
	size_t i, max_cell = o->max_cell_bytes ? o->max_cell_bytes
					       : EITI_TABLE_MAX_CELL;
	size_t max_cols =
	    o->max_columns ? o->max_columns : EITI_TABLE_MAX_COLUMNS;
	bool csv = eiti_table_format(t) == EITI_TABLE_CSV;
	struct eiti_numfmt nf;
	char where[600], date[11];

	if (r->ncells == 0)
		fuzz_fail("%s: row %lu without cells", what, r->row);
	if (r->ncells > max_cols)
		fuzz_fail("%s: row %lu has %zu cells", what, r->row, r->ncells);
	eiti_numfmt_init(&nf);
	nf.group = ", \u00a0";
	nf.round = true;
	nf.dash_is_zero = true;
	for (i = 0; i < r->ncells; i++) {
		const struct eiti_cell *c = &r->cells[i];
		int64_t v;

		if (c->text == NULL || strlen(c->text) != c->len)
			fuzz_fail("%s: row %lu cell %zu: text and length "
				  "differ",
			    what, r->row, i);
		if (c->len > max_cell)
			fuzz_fail("%s: row %lu cell %zu: %zu bytes", what,
			    r->row, i, c->len);
		if (!utf8_ok((const unsigned char *)c->text, c->len))
			fuzz_fail("%s: row %lu cell %zu: invalid UTF-8", what,
			    r->row, i);
		if ((c->type == EITI_CELL_EMPTY) != (c->len == 0))
			fuzz_fail("%s: row %lu cell %zu: type %d with %zu "
				  "bytes",
			    what, r->row, i, (int)c->type, c->len);
		if (c->invalid && c->type != EITI_CELL_EMPTY)
			fuzz_fail("%s: invalid cell not EMPTY", what);
		if (c->col == 0 || c->col > max_cols)
			fuzz_fail("%s: column %lu", what, c->col);
		if (csv && c->col != i + 1)
			fuzz_fail(
			    "%s: CSV cell %zu in column %lu", what, i, c->col);
		if (i > 0 && c->col <= r->cells[i - 1].col)
			fuzz_fail("%s: columns out of order", what);
		if (c->date_style && c->type != EITI_CELL_NUMBER)
			fuzz_fail("%s: date style on a non-number", what);
		eiti_table_where(t, r, c->col, where, sizeof(where));
		if (where[0] == '\0')
			fuzz_fail("%s: empty cell location", what);
		(void)eiti_num_parse(&v, c->text, c->len, &nf, 2, NULL);
		(void)eiti_num_parse_stored(
		    &v, c->text, c->len, 3, 2, true, NULL);
		(void)eiti_date_from_serial(date, c->text, c->len);
		(void)eiti_date_parse(date, c->text, c->len, "D/M/YYYY");
	}
}

static void
read_one(const char *what, const char *path, const struct eiti_table_opts *o)
{
	struct eiti_table *t = NULL;
	struct eiti_diags diags;
	struct eiti_err err = EITI_ERR_INIT;
	const struct eiti_row *r;
	unsigned long last_row = 0, last_line = 0, rows = 0;
	int rc;

	eiti_diags_init(&diags);
	rc = eiti_table_open(&t, path, "table", o, &diags, &err);
	fuzz_check_result(what, rc, &err, &diags, "table", 0);
	if (rc != 0) {
		if (t != NULL)
			fuzz_fail(
			    "%s: open returned %d with a table", what, rc);
		eiti_diags_free(&diags);
		return;
	}
	if (eiti_table_format(t) == EITI_TABLE_AUTO)
		fuzz_fail("%s: format AUTO after open", what);
	if ((eiti_table_format(t) == EITI_TABLE_CSV) !=
	    (eiti_table_sheet(t) == NULL))
		fuzz_fail("%s: sheet and format disagree", what);
	fuzz_touch(eiti_table_sheet(t));
	while ((rc = eiti_table_next(t, &r, &diags, &err)) == 1) {
		if (r->row <= last_row)
			fuzz_fail("%s: row %lu after row %lu", what, r->row,
			    last_row);
		if (r->line < last_line)
			fuzz_fail("%s: line %lu after line %lu", what, r->line,
			    last_line);
		last_row = r->row;
		last_line = r->line;
		check_cells(what, t, r, o);
		if (++rows > 2000000)
			fuzz_fail("%s: more than 2,000,000 rows", what);
	}
	fuzz_check_result(what, rc < 0 ? -1 : 0, &err, &diags, "table", 0);
	eiti_table_free(t);
	eiti_diags_free(&diags);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *path = fuzz_write("table", data, size);
	struct eiti_table_opts o;

	eiti_table_opts_init(&o);
	read_one("auto", path, &o);

	eiti_table_opts_init(&o);
	o.format = EITI_TABLE_CSV;
	o.delimiter = ';';
	o.encoding = EITI_ENC_WINDOWS_1252;
	o.max_cell_bytes = 64;
	o.max_columns = 16;
	o.max_record_bytes = 256;
	read_one("csv-1252", path, &o);

	eiti_table_opts_init(&o);
	o.format = EITI_TABLE_CSV;
	o.delimiter = '\t';
	o.unquoted = true;
	o.encoding = EITI_ENC_ISO_8859_1;
	o.max_cell_bytes = 64;
	o.max_columns = 16;
	o.max_record_bytes = 256;
	read_one("tsv-latin1", path, &o);

	if (size >= 2 && data[0] == 'P' && data[1] == 'K') {
		eiti_table_opts_init(&o);
		o.max_part_bytes = 1u << 20;
		o.max_shared_bytes = 4096;
		o.max_rows = 100;
		o.max_columns = 64;
		o.max_cell_bytes = 256;
		o.sheet = "Sheet1";
		read_one("workbook-small", path, &o);
	}
	return 0;
}
