/*
 * check_table.c - the table readers (src/import/table.h) on tables the
 * test makes itself: records and quoted fields across every read-chunk
 * boundary, hostile sizes (a million columns, a field over the cap, a
 * 64 MiB line read with the default caps), the format recognised from the
 * content, cell locations, the real published files of fixtures/import/real
 * (row counts and exact cells), and the workbooks: hand-made xlsx and ods
 * zips, zip bombs, parts over the cap, DOCTYPEs, relationship targets that
 * escape the archive, formulas, a missing sheet.  The golden dumps of the
 * small fixture tables are tests/import-golden.sh.
 *
 * Scratch files go to a private directory under $TMPDIR, removed at the
 * end; nothing is written into the source tree.
 */
#include "config.h"

#include <check.h>
#include <errno.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <zip.h>

#include "core/diag.h"
#include "core/err.h"
#include "import/number.h"
#include "import/table.h"

static char scratch[4096];

static void
setup_scratch(void)
{
	const char *tmp = getenv("TMPDIR");

	snprintf(scratch, sizeof(scratch), "%s/check_table.XXXXXX",
	    tmp != NULL && tmp[0] != '\0' ? tmp : "/tmp");
	if (mkdtemp(scratch) == NULL) {
		perror("mkdtemp");
		exit(1);
	}
}

static void
remove_scratch(void)
{
	char cmd[4200];

	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", scratch);
	if (system(cmd) != 0)
		fprintf(stderr, "cannot remove %s\n", scratch);
}

/* A path in the scratch directory (static buffer per call site use). */
static const char *
spath(const char *name)
{
	static char buf[4][4200];
	static int k;

	k = (k + 1) % 4;
	snprintf(buf[k], sizeof(buf[k]), "%s/%s", scratch, name);
	return buf[k];
}

static const char *
srcpath(const char *rel)
{
	static char buf[4][4200];
	static int k;
	const char *top = getenv("top_srcdir");

	if (top == NULL || top[0] == '\0')
		top = EITI_SRCDIR;
	k = (k + 1) % 4;
	snprintf(buf[k], sizeof(buf[k]), "%s/%s", top, rel);
	return buf[k];
}

static void
write_file(const char *path, const void *data, size_t n)
{
	FILE *fp = fopen(path, "wb");

	ck_assert_msg(fp != NULL, "%s: %s", path, strerror(errno));
	ck_assert(fwrite(data, 1, n, fp) == n);
	ck_assert(fclose(fp) == 0);
}

/* A growing string. */
struct sbuf {
	char *p;
	size_t n, cap;
};

static void
sb_add(struct sbuf *b, const char *s, size_t n)
{
	if (b->n + n + 1 > b->cap) {
		b->cap = b->cap ? b->cap : 4096;
		while (b->cap < b->n + n + 1)
			b->cap *= 2;
		b->p = realloc(b->p, b->cap);
		ck_assert(b->p != NULL);
	}
	memcpy(b->p + b->n, s, n);
	b->n += n;
	b->p[b->n] = '\0';
}

static void
sb_str(struct sbuf *b, const char *s)
{
	sb_add(b, s, strlen(s));
}

static void sb_fmt(struct sbuf *b, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static void
sb_fmt(struct sbuf *b, const char *fmt, ...)
{
	char tmp[8192];
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(tmp, sizeof(tmp), fmt, ap);
	va_end(ap);
	ck_assert(n >= 0 && (size_t)n < sizeof(tmp));
	sb_add(b, tmp, (size_t)n);
}

/* Does any finding carry this rule and contain this text? */
static bool
has_finding(const struct eiti_diags *d, const char *rule, const char *text)
{
	size_t i;

	for (i = 0; i < d->n; i++)
		if ((rule == NULL ||
			strcmp(eiti_rule_id(d->v[i].rule), rule) == 0) &&
		    (text == NULL || strstr(d->v[i].msg, text) != NULL))
			return true;
	return false;
}

static void
dump_diags(const struct eiti_diags *d)
{
	eiti_diags_print_text(d, stderr);
}

/* Open path with o; the test fails unless the return is `want`. */
static struct eiti_table *
open_want(const char *path, const struct eiti_table_opts *o,
    struct eiti_diags *d, int want)
{
	struct eiti_table *t = NULL;
	struct eiti_err err = EITI_ERR_INIT;
	int rc = eiti_table_open(&t, path, strrchr(path, '/') + 1, o, d, &err);

	if (rc != want)
		dump_diags(d);
	ck_assert_msg(rc == want, "%s: open returned %d (%s), want %d", path,
	    rc, err.msg, want);
	return t;
}

/* Read every row; count rows and cells. */
static void
read_all(struct eiti_table *t, struct eiti_diags *d, unsigned long *rows,
    unsigned long *cells)
{
	const struct eiti_row *r;
	struct eiti_err err = EITI_ERR_INIT;
	int rc;

	*rows = 0;
	*cells = 0;
	while ((rc = eiti_table_next(t, &r, d, &err)) == 1) {
		(*rows)++;
		*cells += r->ncells;
	}
	ck_assert_msg(rc == 0, "read error: %s", err.msg);
}

/* ------------------------------------------------------------------ */
/* Delimited text                                                      */
/* ------------------------------------------------------------------ */

/* A field's text for record i, field j of the boundary test: lengths
 * that sweep across the 256 KiB chunk, quotes, CRLFs, delimiters. */
static void
gen_field(struct sbuf *b, unsigned long i, int j)
{
	unsigned long len = (i * 7919 + (unsigned long)j * 104729) % 700;
	unsigned long k;

	for (k = 0; k < len; k++) {
		unsigned long r = (i * 31 + k * 17 + (unsigned long)j) % 53;

		if (r == 0)
			sb_str(b, "\"");
		else if (r == 1)
			sb_str(b, "\r\n");
		else if (r == 2)
			sb_str(b, ",");
		else if (r == 3)
			sb_str(b, "\n");
		else if (r == 4)
			sb_str(b, "\xc3\xa9"); /* é */
		else
			sb_add(b,
			    &"abcdefghijklmnopqrstuvwxyz0123456789"[r % 36], 1);
	}
}

START_TEST(t_csv_boundaries)
{
	struct sbuf file = {0}, want = {0};
	struct eiti_table_opts o;
	struct eiti_diags d;
	struct eiti_err err = EITI_ERR_INIT;
	struct eiti_table *t;
	const struct eiti_row *r;
	unsigned long i, line = 1, nrec = 6000;
	const char *path = spath("boundaries.csv");

	/* Records of three fields: a number, a quoted field with doubled
	 * quotes and line breaks, an unquoted one; line endings vary. */
	for (i = 0; i < nrec; i++) {
		struct sbuf f = {0};
		size_t k;

		gen_field(&f, i, 1);
		sb_fmt(&file, "%lu,\"", i);
		for (k = 0; k < f.n; k++) {
			if (f.p[k] == '"')
				sb_str(&file, "\"\"");
			else
				sb_add(&file, f.p + k, 1);
		}
		sb_fmt(&file, "\",plain%lu%s", i,
		    i % 3 == 0	 ? "\r\n"
		    : i % 3 == 1 ? "\n"
				 : "\r");
		free(f.p);
	}
	write_file(path, file.p, file.n);

	eiti_table_opts_init(&o);
	eiti_diags_init(&d);
	t = open_want(path, &o, &d, 0);
	for (i = 0; i < nrec; i++) {
		struct sbuf f = {0};
		char num[32], plain[32];
		size_t k;

		ck_assert_int_eq(eiti_table_next(t, &r, &d, &err), 1);
		ck_assert_uint_eq(r->row, i + 1);
		ck_assert_uint_eq(r->line, line);
		ck_assert_uint_eq(r->ncells, 3);
		gen_field(&f, i, 1);
		snprintf(num, sizeof(num), "%lu", i);
		snprintf(plain, sizeof(plain), "plain%lu", i);
		ck_assert_str_eq(r->cells[0].text, num);
		ck_assert_uint_eq(r->cells[1].len, f.n);
		ck_assert_msg(f.n == 0
				  ? r->cells[1].type == EITI_CELL_EMPTY
				  : memcmp(r->cells[1].text, f.p, f.n) == 0,
		    "record %lu: field 2 differs", i);
		ck_assert_uint_eq(strlen(r->cells[1].text), f.n);
		ck_assert_str_eq(r->cells[2].text, plain);
		/* Lines: one per CRLF, LF or CR, quoted ones too. */
		for (k = 0; k < f.n; k++)
			if (f.p[k] == '\r' ||
			    (f.p[k] == '\n' && (k == 0 || f.p[k - 1] != '\r')))
				line++;
		line++;
		free(f.p);
	}
	ck_assert_int_eq(eiti_table_next(t, &r, &d, &err), 0);
	if (d.n > 0)
		dump_diags(&d);
	ck_assert_uint_eq(d.n, 0);
	eiti_table_free(t);
	eiti_diags_free(&d);
	free(file.p);
	free(want.p);
}
END_TEST

START_TEST(t_csv_million_columns)
{
	struct eiti_table_opts o;
	struct eiti_diags d;
	struct eiti_err err = EITI_ERR_INIT;
	struct eiti_table *t;
	const struct eiti_row *r;
	const char *path = spath("columns.csv");
	size_t n = 1000000, i;
	char *line = malloc(2 * n + 16);

	ck_assert(line != NULL);
	for (i = 0; i < n; i++) {
		line[2 * i] = 'x';
		line[2 * i + 1] = ',';
	}
	memcpy(line + 2 * n, "x\nlast,row\n", 11);
	write_file(path, line, 2 * n + 11);
	free(line);

	eiti_table_opts_init(&o);
	eiti_diags_init(&d);
	t = open_want(path, &o, &d, 0);
	ck_assert_int_eq(eiti_table_next(t, &r, &d, &err), 1);
	ck_assert_uint_eq(r->ncells, EITI_TABLE_MAX_COLUMNS);
	ck_assert(has_finding(&d, "IMP-LIMIT", "more than 16384 fields"));
	ck_assert_int_eq(eiti_table_next(t, &r, &d, &err), 1);
	ck_assert_uint_eq(r->row, 2);
	ck_assert_str_eq(r->cells[1].text, "row");
	ck_assert_int_eq(eiti_table_next(t, &r, &d, &err), 0);
	ck_assert_uint_eq(d.errors, 1);
	eiti_table_free(t);
	eiti_diags_free(&d);
}
END_TEST

/* A field over a small cap, in and across read chunks; a record over the
 * record cap. */
START_TEST(t_csv_caps)
{
	struct eiti_table_opts o;
	struct eiti_diags d;
	struct eiti_err err = EITI_ERR_INIT;
	struct eiti_table *t;
	const struct eiti_row *r;
	struct sbuf f = {0};
	const char *path = spath("caps.csv");
	int i;

	sb_str(&f, "a,b\n1,");
	for (i = 0; i < 100000; i++)
		sb_str(&f, "y");
	sb_str(&f, ",after\n2,\"");
	for (i = 0; i < 600000; i++)
		sb_str(&f, i % 1000 == 0 ? "\"\"" : "q");
	sb_str(&f, "\",after2\n");
	/* A record of 300 fields of 1000 bytes: across a chunk, over a
	 * 64 KiB record cap. */
	for (i = 0; i < 300; i++) {
		int k;

		for (k = 0; k < 1000; k++)
			sb_str(&f, "z");
		sb_str(&f, ",");
	}
	sb_str(&f, "\nlast,1\n");
	write_file(path, f.p, f.n);
	free(f.p);

	eiti_table_opts_init(&o);
	o.max_cell_bytes = 1000;
	o.max_record_bytes = 65536;
	eiti_diags_init(&d);
	t = open_want(path, &o, &d, 0);
	ck_assert_int_eq(eiti_table_next(t, &r, &d, &err), 1);
	ck_assert_int_eq(eiti_table_next(t, &r, &d, &err), 1);
	ck_assert_uint_eq(r->line, 2);
	ck_assert_uint_eq(r->ncells, 3);
	ck_assert(r->cells[1].invalid);
	ck_assert_int_eq(r->cells[1].type, EITI_CELL_EMPTY);
	ck_assert_str_eq(r->cells[2].text, "after");
	ck_assert_int_eq(eiti_table_next(t, &r, &d, &err), 1);
	ck_assert_uint_eq(r->line, 3);
	ck_assert(r->cells[1].invalid);
	ck_assert_str_eq(r->cells[2].text, "after2");
	/* The 300 KB record is skipped. */
	ck_assert_int_eq(eiti_table_next(t, &r, &d, &err), 1);
	ck_assert_uint_eq(r->line, 5);
	ck_assert_str_eq(r->cells[0].text, "last");
	ck_assert_int_eq(eiti_table_next(t, &r, &d, &err), 0);
	ck_assert(has_finding(&d, "IMP-LIMIT", "field longer than 1000 bytes"));
	ck_assert(
	    has_finding(&d, "IMP-LIMIT", "record larger than 65536 bytes"));
	ck_assert_uint_eq(d.errors, 3);
	ck_assert_str_eq(d.v[0].where, "2:2");
	ck_assert_str_eq(d.v[1].where, "3:2");
	ck_assert_str_eq(d.v[2].where, "4");
	eiti_table_free(t);
	eiti_diags_free(&d);
}
END_TEST

/* A 64 MiB line with the default caps: the field is refused and never
 * held in memory (the record store stays empty: nothing of it is kept). */
START_TEST(t_csv_64mib_line)
{
	struct eiti_table_opts o;
	struct eiti_diags d;
	struct eiti_err err = EITI_ERR_INIT;
	struct eiti_table *t;
	const struct eiti_row *r;
	const char *path = spath("long.csv");
	FILE *fp = fopen(path, "wb");
	static char block[1 << 16];
	int i;

	ck_assert(fp != NULL);
	memset(block, 'L', sizeof(block));
	fputs("id,text\n1,", fp);
	for (i = 0; i < 1024; i++)
		ck_assert(fwrite(block, 1, sizeof(block), fp) == sizeof(block));
	fputs("\n2,short\n", fp);
	ck_assert(fclose(fp) == 0);

	eiti_table_opts_init(&o);
	eiti_diags_init(&d);
	t = open_want(path, &o, &d, 0);
	ck_assert_int_eq(eiti_table_next(t, &r, &d, &err), 1);
	ck_assert_int_eq(eiti_table_next(t, &r, &d, &err), 1);
	ck_assert(r->cells[1].invalid);
	ck_assert_int_eq(eiti_table_next(t, &r, &d, &err), 1);
	ck_assert_str_eq(r->cells[1].text, "short");
	ck_assert_uint_eq(r->line, 3);
	ck_assert_int_eq(eiti_table_next(t, &r, &d, &err), 0);
	ck_assert(has_finding(&d, "IMP-LIMIT", "field longer than 1048576"));
	ck_assert_uint_eq(d.errors, 1);
	eiti_table_free(t);
	eiti_diags_free(&d);
	unlink(path);
}
END_TEST

START_TEST(t_csv_edge_files)
{
	struct eiti_table_opts o;
	struct eiti_diags d;
	struct eiti_table *t;
	unsigned long rows, cells;

	eiti_table_opts_init(&o);
	eiti_diags_init(&d);
	/* Empty, only a BOM, only line breaks: no rows, no findings. */
	write_file(spath("empty.csv"), "", 0);
	t = open_want(spath("empty.csv"), &o, &d, 0);
	read_all(t, &d, &rows, &cells);
	ck_assert_uint_eq(rows, 0);
	eiti_table_free(t);
	write_file(spath("bom-only.csv"), "\xef\xbb\xbf", 3);
	t = open_want(spath("bom-only.csv"), &o, &d, 0);
	read_all(t, &d, &rows, &cells);
	ck_assert_uint_eq(rows, 0);
	eiti_table_free(t);
	write_file(spath("breaks.csv"), "\r\n\n\r\r\n", 6);
	t = open_want(spath("breaks.csv"), &o, &d, 0);
	read_all(t, &d, &rows, &cells);
	ck_assert_uint_eq(rows, 0);
	eiti_table_free(t);
	/* No final line break; a final empty quoted field. */
	write_file(spath("nofinal.csv"), "a,\"\"", 4);
	t = open_want(spath("nofinal.csv"), &o, &d, 0);
	read_all(t, &d, &rows, &cells);
	ck_assert_uint_eq(rows, 1);
	ck_assert_uint_eq(cells, 1);
	eiti_table_free(t);
	/* A quote right at the end of the file closes the field. */
	write_file(spath("endquote.csv"), "a,\"b\"", 5);
	t = open_want(spath("endquote.csv"), &o, &d, 0);
	read_all(t, &d, &rows, &cells);
	ck_assert_uint_eq(cells, 2);
	eiti_table_free(t);
	ck_assert_uint_eq(d.n, 0);
	eiti_diags_free(&d);
}
END_TEST

/* ------------------------------------------------------------------ */
/* Formats, locations, errors                                          */
/* ------------------------------------------------------------------ */

START_TEST(t_sniff)
{
	static const struct {
		const char *name, *data, *text;
		size_t n;
		enum eiti_table_format fmt;
	} v[] = {
	    {"old.xls", "\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1 rest",
		"legacy Excel 97-2003", 13, EITI_TABLE_AUTO},
	    {"doc.csv", "%PDF-1.4\n", "a PDF document", 9, EITI_TABLE_AUTO},
	    {"page.xls", "\n <html><table>", "an HTML page", 15,
		EITI_TABLE_AUTO},
	    {"page2.xls", "<?xml version=\"1.0\"?>\n<!DOCTYPE html>",
		"an HTML page", 37, EITI_TABLE_AUTO},
	    {"flat.fods", "<?xml version=\"1.0\"?><office:document/>",
		"an XML document", 39, EITI_TABLE_AUTO},
	    {"text.xlsx", "a,b\n1,2\n", "expected an xlsx workbook", 8,
		EITI_TABLE_XLSX},
	    {"zip.csv", "PK\3\4 not really", "a zip archive", 16,
		EITI_TABLE_CSV},
	    {"junk.xlsx", "PK\3\4 not really", "not a readable zip", 16,
		EITI_TABLE_AUTO},
	};
	size_t i;

	for (i = 0; i < sizeof(v) / sizeof(v[0]); i++) {
		struct eiti_table_opts o;
		struct eiti_diags d;

		eiti_table_opts_init(&o);
		o.format = v[i].fmt;
		eiti_diags_init(&d);
		write_file(spath(v[i].name), v[i].data, v[i].n);
		ck_assert(open_want(spath(v[i].name), &o, &d, 1) == NULL);
		ck_assert_msg(has_finding(&d, NULL, v[i].text),
		    "%s: no finding '%s'", v[i].name, v[i].text);
		ck_assert_str_eq(d.v[0].file, v[i].name);
		eiti_diags_free(&d);
	}
}
END_TEST

START_TEST(t_open_errors)
{
	struct eiti_table *t = NULL;
	struct eiti_diags d;
	struct eiti_err err = EITI_ERR_INIT;

	eiti_diags_init(&d);
	ck_assert_int_eq(eiti_table_open(&t, spath("missing.csv"),
			     "missing.csv", NULL, &d, &err),
	    -1);
	ck_assert_int_eq(err.kind, EITI_ERR_IO);
	ck_assert_str_eq(err.msg,
	    "import: cannot open missing.csv: no such file or directory");
	ck_assert(t == NULL);
	memset(&err, 0, sizeof(err));
	ck_assert_int_eq(
	    eiti_table_open(&t, scratch, "dir", NULL, &d, &err), -1);
	ck_assert_str_eq(err.msg, "import: cannot read dir: is a directory");
	ck_assert_uint_eq(d.n, 0);
	eiti_table_free(NULL);
	eiti_diags_free(&d);
}
END_TEST

START_TEST(t_colname)
{
	static const struct {
		unsigned long col;
		const char *name;
	} v[] = {{1, "A"}, {2, "B"}, {26, "Z"}, {27, "AA"}, {52, "AZ"},
	    {53, "BA"}, {702, "ZZ"}, {703, "AAA"}, {16384, "XFD"}};
	char buf[16];
	size_t i;

	for (i = 0; i < sizeof(v) / sizeof(v[0]); i++)
		ck_assert_str_eq(
		    eiti_table_colname(buf, sizeof(buf), v[i].col), v[i].name);
	ck_assert_str_eq(eiti_table_colname(buf, 3, 703), "AA");
}
END_TEST

START_TEST(t_where_csv)
{
	struct eiti_table_opts o;
	struct eiti_diags d;
	struct eiti_err err = EITI_ERR_INIT;
	struct eiti_table *t;
	const struct eiti_row *r;
	char buf[64];

	write_file(spath("w.csv"), "a\n\"x\ny\",b\nc,d,e\n", 16);
	eiti_table_opts_init(&o);
	eiti_diags_init(&d);
	t = open_want(spath("w.csv"), &o, &d, 0);
	ck_assert(eiti_table_sheet(t) == NULL);
	ck_assert_int_eq(eiti_table_format(t), EITI_TABLE_CSV);
	ck_assert_int_eq(eiti_table_next(t, &r, &d, &err), 1);
	ck_assert_int_eq(eiti_table_next(t, &r, &d, &err), 1);
	ck_assert_str_eq(eiti_table_where(t, r, 2, buf, sizeof(buf)), "2:2");
	ck_assert_int_eq(eiti_table_next(t, &r, &d, &err), 1);
	ck_assert_uint_eq(r->row, 3);
	ck_assert_str_eq(eiti_table_where(t, r, 3, buf, sizeof(buf)), "4:3");
	ck_assert_str_eq(eiti_table_where(t, r, 0, buf, sizeof(buf)), "4");
	eiti_table_free(t);
	eiti_diags_free(&d);
}
END_TEST

/* ------------------------------------------------------------------ */
/* Real published files                                                */
/* ------------------------------------------------------------------ */

START_TEST(t_real_onrr_tsv)
{
	struct eiti_table_opts o;
	struct eiti_diags d;
	struct eiti_err err = EITI_ERR_INIT;
	struct eiti_table *t;
	const struct eiti_row *r;
	struct eiti_numfmt nf;
	unsigned long rows = 0, withheld = 0;
	int64_t v, total = 0;
	int rc;

	eiti_table_opts_init(&o);
	o.delimiter = '\t';
	eiti_numfmt_init(&nf);
	eiti_diags_init(&d);
	t = open_want(
	    srcpath("fixtures/import/real/onrr-company-revenue-cy2015.tsv"), &o,
	    &d, 0);
	while ((rc = eiti_table_next(t, &r, &d, &err)) == 1) {
		rows++;
		ck_assert_uint_eq(r->line, rows);
		ck_assert_uint_eq(r->ncells, 4);
		if (rows == 1) {
			ck_assert_str_eq(r->cells[0].text, "Company");
			ck_assert_str_eq(r->cells[3].text, "Revenue");
			continue;
		}
		if (rows == 2) {
			ck_assert_str_eq(r->cells[0].text, "A & G COAL CORP");
			ck_assert_str_eq(r->cells[3].text, "$174,392.12");
		}
		if (strcmp(r->cells[3].text, "Withheld") == 0) {
			withheld++;
			continue;
		}
		ck_assert_msg(eiti_num_parse(&v, r->cells[3].text,
				  r->cells[3].len, &nf, 2, NULL) == EITI_NUM_OK,
		    "line %lu: '%s'", r->line, r->cells[3].text);
		total += v;
	}
	ck_assert_int_eq(rc, 0);
	/* 2,419 payments and the header; the last line has no line break. */
	ck_assert_uint_eq(rows, 2420);
	ck_assert_uint_eq(withheld, 20);
	ck_assert_uint_eq(d.n, 0);
	/* The sum of the other 2,399, in cents, as Python's csv and decimal
	 * modules add them up: 7,803,271,935.06. */
	ck_assert_int_eq(total, 780327193506);
	eiti_table_free(t);
	eiti_diags_free(&d);
}
END_TEST

START_TEST(t_real_estma_xlsx)
{
	struct eiti_table_opts o;
	struct eiti_diags d;
	struct eiti_err err = EITI_ERR_INIT;
	struct eiti_table *t;
	const struct eiti_row *r;
	unsigned long rows = 0, errors = 0, negatives = 0, amounts = 0;
	__int128 total = 0;
	char date[11], where[128];
	int rc;

	eiti_table_opts_init(&o);
	eiti_diags_init(&d);
	t = open_want(
	    srcpath("fixtures/import/real/estma-payments-2015-2017.xlsx"), &o,
	    &d, 0);
	ck_assert_int_eq(eiti_table_format(t), EITI_TABLE_XLSX);
	ck_assert_str_eq(
	    eiti_table_sheet(t), "SAMPLE-ESTMA-data-add-2019-repo");
	ck_assert(!eiti_table_date1904(t));
	while ((rc = eiti_table_next(t, &r, &d, &err)) == 1) {
		size_t i;

		rows++;
		ck_assert_uint_eq(r->row, rows);
		for (i = 0; i < r->ncells; i++) {
			const struct eiti_cell *c = &r->cells[i];

			if (c->type == EITI_CELL_ERROR)
				errors++;
			if (c->col == 11 && rows > 1) {
				int64_t v;

				ck_assert_int_eq(c->type, EITI_CELL_NUMBER);
				ck_assert_int_eq(
				    eiti_num_parse_stored(
					&v, c->text, c->len, 0, 2, false, NULL),
				    EITI_NUM_OK);
				total += v;
				amounts++;
				negatives += v < 0;
			}
		}
		if (rows == 2) {
			ck_assert_str_eq(
			    r->cells[1].text, "Rochester Resources Ltd.");
			ck_assert_int_eq(r->cells[3].type, EITI_CELL_NUMBER);
			ck_assert(r->cells[3].date_style);
			ck_assert(eiti_date_from_serial(
			    date, r->cells[3].text, r->cells[3].len));
			ck_assert_str_eq(date, "2016-06-01");
			ck_assert_str_eq(r->cells[10].text, "217444.04");
			ck_assert(!r->cells[10].date_style);
			ck_assert_str_eq(
			    eiti_table_where(t, r, 11, where, sizeof(where)),
			    "'SAMPLE-ESTMA-data-add-2019-repo'!K2");
		}
		if (rows == 3)
			ck_assert_str_eq(
			    r->cells[10].text, "2075.8000000000002");
	}
	ck_assert_int_eq(rc, 0);
	ck_assert_uint_eq(rows, 20399);
	ck_assert_uint_eq(amounts, 20398);
	ck_assert_uint_eq(negatives, 14);
	ck_assert_uint_eq(errors, 41);
	/* Python: each <v> as a Decimal to 15 significant digits, then to
	 * cents: none needed rounding, and they add up to this. */
	ck_assert(total == (__int128)37254977153170);
	ck_assert_uint_eq(d.n, 0);
	eiti_table_free(t);
	eiti_diags_free(&d);
}
END_TEST

START_TEST(t_real_useiti_xlsx)
{
	struct eiti_table_opts o;
	struct eiti_diags d;
	struct eiti_err err = EITI_ERR_INIT;
	struct eiti_table *t;
	const struct eiti_row *r;
	unsigned long rows = 0, cells = 0;
	int rc;

	eiti_table_opts_init(&o);
	o.sheet = "data"; /* sheet names compare without case */
	eiti_diags_init(&d);
	t = open_want(
	    srcpath("fixtures/import/real/useiti-reconciliation-cy2015.xlsx"),
	    &o, &d, 0);
	ck_assert_str_eq(eiti_table_sheet(t), "Data");
	while ((rc = eiti_table_next(t, &r, &d, &err)) == 1) {
		rows++;
		cells += r->ncells;
		if (r->row == 1) {
			ck_assert_str_eq(
			    r->cells[1].text, "Royalties \nGovernment");
			ck_assert_uint_eq(r->cells[45].col, 46);
			ck_assert_str_eq(r->cells[45].text,
			    "Corporate \nIncome Tax \nCompany");
		}
		if (r->row == 2) {
			ck_assert_str_eq(
			    r->cells[0].text, "Alpha Natural Resources, Inc.");
			ck_assert_str_eq(r->cells[1].text, "26797927");
			ck_assert_str_eq(
			    r->cells[8].text, "0.18131172448721194");
		}
	}
	ck_assert_int_eq(rc, 0);
	ck_assert_uint_eq(rows, 48);
	ck_assert_uint_eq(cells, 1960);
	eiti_table_free(t);

	/* A sheet that is not there: the finding lists those that are. */
	o.sheet = "Datos";
	ck_assert(
	    open_want(
		srcpath(
		    "fixtures/import/real/useiti-reconciliation-cy2015.xlsx"),
		&o, &d, 1) == NULL);
	ck_assert_str_eq(d.v[0].msg,
	    "no sheet named 'Datos': the workbook has 'Pivot Table', 'Data', "
	    "'Taxes Reconciliation Data', 'Data Dictionary'");
	ck_assert_str_eq(eiti_rule_id(d.v[0].rule), "IMP-SHEET");
	ck_assert_uint_eq(d.n, 1);
	eiti_diags_free(&d);
}
END_TEST

/* ------------------------------------------------------------------ */
/* Workbooks made by the test                                          */
/* ------------------------------------------------------------------ */

struct member {
	const char *name;
	const char *data; /* NULL: len bytes of filler */
	size_t len;
	bool store;
};

/* Write a zip of the members; large fillers are generated. */
static void
make_zip(const char *path, const struct member *m, size_t n)
{
	zip_t *za;
	int zerr = 0;
	size_t i;

	unlink(path);
	za = zip_open(path, ZIP_CREATE | ZIP_TRUNCATE, &zerr);
	ck_assert_msg(za != NULL, "zip_open %d", zerr);
	for (i = 0; i < n; i++) {
		zip_source_t *src;
		zip_int64_t idx;
		size_t len = m[i].data != NULL ? strlen(m[i].data) : m[i].len;
		/* libzip frees the buffer, but not an empty one: none then. */
		char *copy = len > 0 ? malloc(len) : NULL;

		ck_assert(len == 0 || copy != NULL);
		if (len > 0 && m[i].data != NULL)
			memcpy(copy, m[i].data, len);
		else if (len > 0)
			memset(copy, ' ', len);
		src = zip_source_buffer(za, copy, len, 1);
		ck_assert(src != NULL);
		idx = zip_file_add(za, m[i].name, src, ZIP_FL_OVERWRITE);
		ck_assert(idx >= 0);
		ck_assert(
		    zip_set_file_compression(za, (zip_uint64_t)idx,
			m[i].store ? ZIP_CM_STORE : ZIP_CM_DEFLATE, 0) == 0);
	}
	ck_assert_msg(zip_close(za) == 0, "zip_close");
}

#define X_MAIN                                                                 \
	"xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" " \
	"xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/"     \
	"relationships\""
#define X_RT                                                                   \
	"http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
#define X_RELS                                                                 \
	"<Relationships xmlns=\"http://schemas.openxmlformats.org/package/"    \
	"2006/relationships\">"

static const char x_pkg_rels[] =
    X_RELS "<Relationship Id=\"rId1\" Type=\"" X_RT
	   "officeDocument\" Target=\"xl/workbook.xml\"/></Relationships>";
static const char x_workbook[] =
    "<workbook " X_MAIN "><sheets><sheet name=\"S\" sheetId=\"1\" "
    "r:id=\"rId1\"/></sheets></workbook>";

/* An xlsx of one sheet S whose part is target (relative to xl/), with
 * sheet XML; extra members after. */
static void
make_xlsx(const char *path, const char *target, const char *sheet_name,
    const char *sheet_xml, size_t filler, const char *tail)
{
	char rels[1024];
	char *body = NULL;
	struct member m[5];
	size_t n = 0;

	snprintf(rels, sizeof(rels),
	    X_RELS "<Relationship Id=\"rId1\" Type=\"" X_RT
		   "worksheet\" Target=\"%s\"%s/></Relationships>",
	    target,
	    strncmp(target, "http", 4) == 0 ? " TargetMode=\"External\"" : "");
	m[n++] = (struct member){"_rels/.rels", x_pkg_rels, 0, false};
	m[n++] = (struct member){"xl/workbook.xml", x_workbook, 0, false};
	m[n++] = (struct member){"xl/_rels/workbook.xml.rels", rels, 0, false};
	if (filler > 0) {
		/* head, then filler spaces, then tail: one member. */
		size_t hl = strlen(sheet_xml), tl = strlen(tail);

		body = malloc(hl + filler + tl + 1);
		ck_assert(body != NULL);
		memcpy(body, sheet_xml, hl);
		memset(body + hl, ' ', filler);
		memcpy(body + hl + filler, tail, tl + 1);
		m[n++] = (struct member){sheet_name, body, 0, false};
	} else {
		m[n++] = (struct member){sheet_name, sheet_xml, 0, false};
	}
	make_zip(path, m, n);
	free(body);
}

START_TEST(t_xlsx_bomb)
{
	struct eiti_table_opts o;
	struct eiti_diags d;
	struct eiti_table *t;
	unsigned long rows, cells;

	/* 64 MiB of spaces in the sheet: about 64 KiB compressed. */
	make_xlsx(spath("bomb.xlsx"), "worksheets/sheet1.xml",
	    "xl/worksheets/sheet1.xml",
	    "<worksheet " X_MAIN
	    "><sheetData><row r=\"1\"><c><v>1</v></c></row>",
	    64u << 20, "</sheetData></worksheet>");
	eiti_table_opts_init(&o);
	eiti_diags_init(&d);
	t = open_want(spath("bomb.xlsx"), &o, &d, 0);
	read_all(t, &d, &rows, &cells);
	ck_assert_uint_eq(rows, 1);
	ck_assert_uint_eq(d.n, 1);
	ck_assert_str_eq(eiti_rule_id(d.v[0].rule), "IMP-ZIP");
	ck_assert_msg(
	    strstr(d.v[0].msg, "xl/worksheets/sheet1.xml expands more than 200 "
			       "times its compressed size") == d.v[0].msg,
	    "%s", d.v[0].msg);
	ck_assert_str_eq(d.v[0].file, "bomb.xlsx");
	eiti_table_free(t);
	eiti_diags_free(&d);

	/* The same read with a small part cap. */
	eiti_table_opts_init(&o);
	o.max_part_bytes = 100000;
	eiti_diags_init(&d);
	t = open_want(spath("bomb.xlsx"), &o, &d, 0);
	read_all(t, &d, &rows, &cells);
	ck_assert(has_finding(&d, "IMP-ZIP",
	    "xl/worksheets/sheet1.xml expands beyond 100000 bytes, the limit "
	    "for one part"));
	eiti_table_free(t);
	eiti_diags_free(&d);
}
END_TEST

START_TEST(t_xlsx_hostile_xml)
{
	static const struct {
		const char *xml, *rule, *text, *where;
	} v[] = {
	    {"<?xml version=\"1.0\"?>\n<!DOCTYPE w [<!ENTITY e \"boom\">]>\n"
	     "<worksheet " X_MAIN "><sheetData><row><c t=\"str\"><v>&e;</v>"
	     "</c></row></sheetData></worksheet>",
		"SEC-DOCTYPE", "DOCTYPE declarations are not allowed",
		"xl/worksheets/sheet1.xml:2:0"},
	    {"<worksheet " X_MAIN "><sheetData><row><c t=\"str\"><v>&e;</v>"
	     "</c></row></sheetData></worksheet>",
		"XML", "Entity 'e' not defined", NULL},
	    {"<worksheet " X_MAIN "><sheetData><row><c><v>1</v></c></row>"
	     "<row><c><v>2</v></row></sheetData></worksheet>",
		"XML", "mismatch", NULL},
	    {"<worksheet " X_MAIN "><sheetData><row><c><v>1</v></c></row>",
		"XML", NULL, NULL},
	    {"", "XML", "empty document", NULL},
	};
	size_t i;

	for (i = 0; i < sizeof(v) / sizeof(v[0]); i++) {
		struct eiti_table_opts o;
		struct eiti_diags d;
		struct eiti_table *t;
		unsigned long rows, cells;

		make_xlsx(spath("hostile.xlsx"), "worksheets/sheet1.xml",
		    "xl/worksheets/sheet1.xml", v[i].xml, 0, "");
		eiti_table_opts_init(&o);
		eiti_diags_init(&d);
		t = open_want(spath("hostile.xlsx"), &o, &d, 0);
		read_all(t, &d, &rows, &cells);
		if (d.n == 0 || !has_finding(&d, v[i].rule, v[i].text))
			dump_diags(&d);
		ck_assert_msg(
		    has_finding(&d, v[i].rule, v[i].text), "case %zu", i);
		if (v[i].where != NULL)
			ck_assert_str_eq(d.v[0].where, v[i].where);
		ck_assert_uint_le(rows, 1);
		eiti_table_free(t);
		eiti_diags_free(&d);
	}
}
END_TEST

START_TEST(t_xlsx_targets)
{
	static const struct {
		const char *target, *text;
	} v[] = {
	    {"../../../etc/passwd", "leaves the archive"},
	    {"worksheets/../../../x.xml", "leaves the archive"},
	    {"file:///etc/passwd", "is a URI outside the workbook"},
	    {"//host/share/x.xml", "is a URI outside the workbook"},
	    {"http://example.org/s.xml", "TargetMode External"},
	    {"", "is empty"},
	    {"worksheets/", "is not a part"},
	};
	size_t i;

	for (i = 0; i < sizeof(v) / sizeof(v[0]); i++) {
		struct eiti_table_opts o;
		struct eiti_diags d;

		make_xlsx(spath("target.xlsx"), v[i].target,
		    "xl/worksheets/sheet1.xml",
		    "<worksheet " X_MAIN "><sheetData/></worksheet>", 0, "");
		eiti_table_opts_init(&o);
		eiti_diags_init(&d);
		ck_assert(open_want(spath("target.xlsx"), &o, &d, 1) == NULL);
		ck_assert_msg(has_finding(&d, "IMP-XLSX", v[i].text),
		    "'%s': %s", v[i].target, d.n ? d.v[0].msg : "none");
		eiti_diags_free(&d);
	}
	/* Targets that stay inside resolve: absolute from the package
	 * root, with dot segments, in another case. */
	{
		static const char *ok[] = {"/xl/worksheets/sheet1.xml",
		    "./worksheets/x/../sheet1.xml", "WORKSHEETS/Sheet1.xml",
		    "worksheets\\sheet1.xml"};
		struct eiti_table_opts o;
		struct eiti_diags d;
		struct eiti_table *t;
		unsigned long rows, cells;

		for (i = 0; i < sizeof(ok) / sizeof(ok[0]); i++) {
			make_xlsx(spath("target.xlsx"), ok[i],
			    "xl/worksheets/sheet1.xml",
			    "<worksheet " X_MAIN "><sheetData><row><c><v>1</v>"
			    "</c></row></sheetData></worksheet>",
			    0, "");
			eiti_table_opts_init(&o);
			eiti_diags_init(&d);
			t = open_want(spath("target.xlsx"), &o, &d, 0);
			read_all(t, &d, &rows, &cells);
			ck_assert_msg(rows == 1, "%s", ok[i]);
			eiti_table_free(t);
			eiti_diags_free(&d);
		}
	}
}
END_TEST

START_TEST(t_xlsx_structure)
{
	struct eiti_table_opts o;
	struct eiti_diags d;
	struct eiti_err err = EITI_ERR_INIT;
	struct eiti_table *t;
	const struct eiti_row *r;
	struct member m[4];
	static const char sst[] =
	    "<sst " X_MAIN "><si><t>0123456789</t></si><si><t>x</t></si></sst>";
	static const char rels[] = X_RELS
	    "<Relationship Id=\"rId1\" Type=\"" X_RT
	    "worksheet\" Target=\"worksheets/sheet1.xml\"/><Relationship "
	    "Id=\"rId2\" Type=\"" X_RT
	    "sharedStrings\" Target=\"sharedStrings.xml\"/>"
	    "</Relationships>";
	static const char sheet[] =
	    "<worksheet " X_MAIN "><sheetData><row><c t=\"s\"><v>0</v></c>"
	    "<c t=\"s\"><v>1</v></c></row></sheetData></worksheet>";

	/* A workbook with no officeDocument relationship: xl/workbook.xml. */
	m[0] = (struct member){"xl/workbook.xml", x_workbook, 0, false};
	m[1] = (struct member){"xl/_rels/workbook.xml.rels", rels, 0, false};
	m[2] = (struct member){"xl/worksheets/sheet1.xml", sheet, 0, false};
	m[3] = (struct member){"xl/sharedStrings.xml", sst, 0, false};
	make_zip(spath("norels.xlxs"), m, 4);
	eiti_table_opts_init(&o);
	eiti_diags_init(&d);
	t = open_want(spath("norels.xlxs"), &o, &d, 0);
	ck_assert_int_eq(eiti_table_format(t), EITI_TABLE_XLSX);
	ck_assert_int_eq(eiti_table_next(t, &r, &d, &err), 1);
	ck_assert_str_eq(r->cells[0].text, "0123456789");
	ck_assert_uint_eq(r->cells[1].col, 2);
	ck_assert_str_eq(r->cells[1].text, "x");
	eiti_table_free(t);

	/* Shared strings over their cap: not readable. */
	o.max_shared_bytes = 16;
	ck_assert(open_want(spath("norels.xlxs"), &o, &d, 1) == NULL);
	ck_assert(
	    has_finding(&d, "IMP-LIMIT", "shared strings take more than 16"));
	eiti_diags_free(&d);

	/* A binary workbook. */
	eiti_diags_init(&d);
	m[0] = (struct member){"_rels/.rels",
	    X_RELS "<Relationship Id=\"rId1\" Type=\"" X_RT
		   "officeDocument\" Target=\"xl/workbook.bin\"/>"
		   "</Relationships>",
	    0, false};
	make_zip(spath("book.xlsb"), m, 1);
	eiti_table_opts_init(&o);
	ck_assert(open_want(spath("book.xlsb"), &o, &d, 1) == NULL);
	ck_assert(has_finding(&d, "IMP-FORMAT", "binary Excel workbook"));
	eiti_diags_free(&d);

	/* A zip that is no workbook; a workbook asked for as ods. */
	eiti_diags_init(&d);
	m[0] = (struct member){"readme.txt", "hello", 0, false};
	make_zip(spath("other.zip"), m, 1);
	ck_assert(open_want(spath("other.zip"), &o, &d, 1) == NULL);
	ck_assert(has_finding(&d, "IMP-FORMAT",
	    "neither an xlsx workbook nor an ods spreadsheet"));
	o.format = EITI_TABLE_ODS;
	ck_assert(open_want(spath("norels.xlxs"), &o, &d, 1) == NULL);
	ck_assert(has_finding(&d, "IMP-FORMAT",
	    "expected an ods spreadsheet: the file is an xlsx workbook"));
	eiti_diags_free(&d);
}
END_TEST

/* A corrupt member: a flipped byte in its compressed data. */
START_TEST(t_xlsx_corrupt)
{
	struct eiti_table_opts o;
	struct eiti_diags d;
	struct eiti_table *t;
	unsigned long rows, cells;
	FILE *fp;
	long size;
	char *buf, *p;
	size_t i;
	struct sbuf sheet = {0};

	sb_str(&sheet, "<worksheet " X_MAIN "><sheetData>");
	for (i = 0; i < 2000; i++)
		sb_fmt(&sheet, "<row><c><v>%zu</v></c></row>", i * 7919);
	sb_str(&sheet, "</sheetData></worksheet>");
	make_xlsx(spath("corrupt.xlsx"), "worksheets/sheet1.xml",
	    "xl/worksheets/sheet1.xml", sheet.p, 0, "");
	free(sheet.p);
	fp = fopen(spath("corrupt.xlsx"), "r+b");
	ck_assert(fp != NULL);
	fseek(fp, 0, SEEK_END);
	size = ftell(fp);
	buf = malloc((size_t)size);
	rewind(fp);
	ck_assert(fread(buf, 1, (size_t)size, fp) == (size_t)size);
	/* The sheet's local header, then into its data. */
	p = memmem(buf, (size_t)size, "xl/worksheets/sheet1.xml", 24);
	ck_assert(p != NULL);
	p += 24 + 200;
	*p ^= 0x55;
	rewind(fp);
	ck_assert(fwrite(buf, 1, (size_t)size, fp) == (size_t)size);
	fclose(fp);
	free(buf);

	eiti_table_opts_init(&o);
	eiti_diags_init(&d);
	t = open_want(spath("corrupt.xlsx"), &o, &d, 0);
	read_all(t, &d, &rows, &cells);
	if (!has_finding(&d, "IMP-ZIP", "cannot be inflated"))
		dump_diags(&d);
	ck_assert(d.errors >= 1);
	ck_assert(has_finding(&d, "IMP-ZIP", "cannot be inflated") ||
		  has_finding(&d, "XML", NULL));
	eiti_table_free(t);
	eiti_diags_free(&d);
}
END_TEST

/* The end-of-directory record of a zip that claims ten million members. */
START_TEST(t_zip_directory)
{
	unsigned char f[200];
	size_t n = 0;
	struct eiti_table_opts o;
	struct eiti_diags d;

	memset(f, 0, sizeof(f));
	memcpy(f, "PK\3\4", 4);
	n = 30;
	/* zip64 end of central directory record at offset 30 */
	memcpy(f + n, "PK\6\6", 4);
	f[n + 4] = 44; /* size of the rest */
	f[n + 24] = 0x80, f[n + 25] = 0x96, f[n + 26] = 0x98; /* this disk */
	f[n + 32] = 0x80, f[n + 33] = 0x96, f[n + 34] = 0x98; /* total */
	n += 56;
	/* locator: points at offset 30 */
	memcpy(f + n, "PK\6\7", 4);
	f[n + 8] = 30;
	f[n + 16] = 1;
	n += 20;
	/* end of central directory: 0xFFFF entries */
	memcpy(f + n, "PK\5\6", 4);
	f[n + 8] = f[n + 9] = 0xff;
	f[n + 10] = f[n + 11] = 0xff;
	n += 22;
	write_file(spath("many.xlsx"), f, n);
	eiti_table_opts_init(&o);
	eiti_diags_init(&d);
	ck_assert(open_want(spath("many.xlsx"), &o, &d, 1) == NULL);
	ck_assert(has_finding(&d, "IMP-ZIP", "lists 10000000 members"));
	eiti_diags_free(&d);
}
END_TEST

#define O_NS                                                                   \
	"xmlns:office=\"urn:oasis:names:tc:opendocument:xmlns:office:1.0\" "   \
	"xmlns:table=\"urn:oasis:names:tc:opendocument:xmlns:table:1.0\" "     \
	"xmlns:text=\"urn:oasis:names:tc:opendocument:xmlns:text:1.0\""

static void
make_ods(const char *path, const char *rows)
{
	struct sbuf c = {0};
	struct member m[2];

	sb_str(&c, "<office:document-content " O_NS "><office:body>"
		   "<office:spreadsheet><table:table table:name=\"T\">");
	sb_str(&c, rows);
	sb_str(&c, "</table:table></office:spreadsheet></office:body>"
		   "</office:document-content>");
	m[0] = (struct member){"mimetype",
	    "application/vnd.oasis.opendocument.spreadsheet", 0, true};
	m[1] = (struct member){"content.xml", c.p, 0, false};
	make_zip(path, m, 2);
	free(c.p);
}

START_TEST(t_ods_repeats)
{
	struct eiti_table_opts o;
	struct eiti_diags d;
	struct eiti_err err = EITI_ERR_INIT;
	struct eiti_table *t;
	const struct eiti_row *r;
	unsigned long rows, cells;

	/* A million empty cells and a million empty rows: nothing, no
	 * finding; a value repeated a million times: capped. */
	make_ods(spath("rep.ods"),
	    "<table:table-row><table:table-cell table:number-columns-repeated="
	    "\"1000000\"/><table:table-cell office:value-type=\"float\" "
	    "office:value=\"1\"/></table:table-row>"
	    "<table:table-row table:number-rows-repeated=\"1000000\">"
	    "<table:table-cell table:number-columns-repeated=\"1000000\"/>"
	    "</table:table-row>"
	    "<table:table-row><table:table-cell office:value-type=\"float\" "
	    "office:value=\"2\" table:number-columns-repeated=\"1000000\"/>"
	    "</table:table-row>");
	eiti_table_opts_init(&o);
	eiti_diags_init(&d);
	t = open_want(spath("rep.ods"), &o, &d, 0);
	ck_assert_int_eq(eiti_table_format(t), EITI_TABLE_ODS);
	ck_assert_int_eq(eiti_table_next(t, &r, &d, &err), 1);
	/* The value past column 16384 is not read. */
	ck_assert_uint_eq(r->row, 1000002);
	ck_assert_uint_eq(r->ncells, EITI_TABLE_MAX_COLUMNS);
	ck_assert_str_eq(r->cells[16383].text, "2");
	ck_assert_int_eq(eiti_table_next(t, &r, &d, &err), 0);
	ck_assert_uint_eq(d.n, 2);
	ck_assert(has_finding(&d, "IMP-LIMIT", "cells beyond column 16384"));
	eiti_table_free(t);
	eiti_diags_free(&d);

	/* A non-empty row repeated past max_rows. */
	make_ods(spath("rows.ods"),
	    "<table:table-row table:number-rows-repeated=\"1000000\">"
	    "<table:table-cell office:value-type=\"string\"><text:p>x</text:p>"
	    "</table:table-cell></table:table-row>");
	eiti_table_opts_init(&o);
	o.max_rows = 1000;
	eiti_diags_init(&d);
	t = open_want(spath("rows.ods"), &o, &d, 0);
	read_all(t, &d, &rows, &cells);
	ck_assert_uint_eq(rows, 1000);
	ck_assert(has_finding(&d, "IMP-LIMIT", "row repeated 1000000 times"));
	eiti_table_free(t);
	eiti_diags_free(&d);
}
END_TEST

/* A row whose text passes max_record_bytes is skipped, in both
 * workbook formats; the next row is read. */
START_TEST(t_workbook_row_cap)
{
	struct eiti_table_opts o;
	struct eiti_diags d;
	struct eiti_err err = EITI_ERR_INIT;
	struct eiti_table *t;
	const struct eiti_row *r;
	struct sbuf x = {0}, od = {0};
	int i;

	sb_str(&x, "<worksheet " X_MAIN "><sheetData><row>");
	sb_str(&od, "<table:table-row>");
	for (i = 0; i < 200; i++) {
		sb_str(&x, "<c t=\"inlineStr\"><is><t>0123456789</t></is></c>");
		sb_str(&od, "<table:table-cell><text:p>0123456789</text:p>"
			    "</table:table-cell>");
	}
	sb_str(&x, "</row><row><c><v>7</v></c></row></sheetData></worksheet>");
	sb_str(&od, "</table:table-row><table:table-row><table:table-cell "
		    "office:value-type=\"float\" office:value=\"7\"/>"
		    "</table:table-row>");
	make_xlsx(spath("wide.xlsx"), "worksheets/sheet1.xml",
	    "xl/worksheets/sheet1.xml", x.p, 0, "");
	make_ods(spath("wide.ods"), od.p);
	free(x.p);
	free(od.p);
	eiti_table_opts_init(&o);
	o.max_record_bytes = 1000;
	eiti_diags_init(&d);
	t = open_want(spath("wide.xlsx"), &o, &d, 0);
	ck_assert_int_eq(eiti_table_next(t, &r, &d, &err), 1);
	ck_assert_uint_eq(r->row, 2);
	ck_assert_str_eq(r->cells[0].text, "7");
	ck_assert_int_eq(eiti_table_next(t, &r, &d, &err), 0);
	eiti_table_free(t);
	t = open_want(spath("wide.ods"), &o, &d, 0);
	ck_assert_int_eq(eiti_table_next(t, &r, &d, &err), 1);
	ck_assert_uint_eq(r->row, 2);
	ck_assert_str_eq(r->cells[0].text, "7");
	ck_assert_int_eq(eiti_table_next(t, &r, &d, &err), 0);
	eiti_table_free(t);
	ck_assert_uint_eq(d.n, 2);
	ck_assert_str_eq(d.v[0].msg, "row larger than 1000 bytes: skipped");
	ck_assert_str_eq(d.v[0].where, "S!CN1");
	ck_assert_str_eq(d.v[1].msg, "row larger than 1000 bytes: skipped");
	eiti_diags_free(&d);
}
END_TEST

START_TEST(t_ods_hostile)
{
	struct eiti_table_opts o;
	struct eiti_diags d;
	struct eiti_table *t;
	unsigned long rows, cells;
	struct member m[2];

	/* A DOCTYPE in content.xml. */
	m[0] = (struct member){"mimetype",
	    "application/vnd.oasis.opendocument.spreadsheet", 0, true};
	m[1] = (struct member){"content.xml",
	    "<!DOCTYPE x [<!ENTITY a \"aaaaaaaaaa\"><!ENTITY b \"&a;&a;&a;\">]>"
	    "<office:document-content " O_NS "/>",
	    0, false};
	make_zip(spath("doctype.ods"), m, 2);
	eiti_table_opts_init(&o);
	eiti_diags_init(&d);
	ck_assert(open_want(spath("doctype.ods"), &o, &d, 1) == NULL);
	ck_assert(has_finding(&d, "SEC-DOCTYPE", NULL));
	ck_assert_str_eq(d.v[0].where, "content.xml:1:0");
	eiti_diags_free(&d);

	/* text:s with a huge count, over a small cell cap. */
	make_ods(spath("spaces.ods"),
	    "<table:table-row><table:table-cell><text:p>a<text:s text:c="
	    "\"2000000000\"/>b</text:p></table:table-cell>"
	    "<table:table-cell office:value-type=\"float\" office:value=\"5\"/>"
	    "</table:table-row>");
	o.max_cell_bytes = 1000;
	eiti_diags_init(&d);
	t = open_want(spath("spaces.ods"), &o, &d, 0);
	read_all(t, &d, &rows, &cells);
	ck_assert_uint_eq(rows, 1);
	ck_assert_uint_eq(cells, 2);
	ck_assert(has_finding(&d, "IMP-LIMIT", "cell longer than 1000 bytes"));
	ck_assert_str_eq(d.v[0].where, "T!A1");
	eiti_table_free(t);
	eiti_diags_free(&d);

	/* No such sheet; no content.xml. */
	make_ods(spath("t.ods"), "");
	eiti_table_opts_init(&o);
	o.sheet = "U";
	eiti_diags_init(&d);
	ck_assert(open_want(spath("t.ods"), &o, &d, 1) == NULL);
	ck_assert_str_eq(
	    d.v[0].msg, "no sheet named 'U': the workbook has 'T'");
	m[1] = (struct member){"other.xml", "<x/>", 0, false};
	make_zip(spath("empty.ods"), m, 2);
	ck_assert(open_want(spath("empty.ods"), &o, &d, 1) == NULL);
	ck_assert(has_finding(&d, "IMP-ODS", "no content.xml"));
	eiti_diags_free(&d);
}
END_TEST

int
main(void)
{
	Suite *s = suite_create("table");
	SRunner *sr;
	TCase *tc;
	int failed;

	setup_scratch();
	tc = tcase_create("csv");
	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, t_csv_boundaries);
	tcase_add_test(tc, t_csv_million_columns);
	tcase_add_test(tc, t_csv_caps);
	tcase_add_test(tc, t_csv_64mib_line);
	tcase_add_test(tc, t_csv_edge_files);
	suite_add_tcase(s, tc);
	tc = tcase_create("open");
	tcase_add_test(tc, t_sniff);
	tcase_add_test(tc, t_open_errors);
	tcase_add_test(tc, t_colname);
	tcase_add_test(tc, t_where_csv);
	suite_add_tcase(s, tc);
	tc = tcase_create("real");
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, t_real_onrr_tsv);
	tcase_add_test(tc, t_real_estma_xlsx);
	tcase_add_test(tc, t_real_useiti_xlsx);
	suite_add_tcase(s, tc);
	tc = tcase_create("workbooks");
	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, t_xlsx_bomb);
	tcase_add_test(tc, t_xlsx_hostile_xml);
	tcase_add_test(tc, t_xlsx_targets);
	tcase_add_test(tc, t_xlsx_structure);
	tcase_add_test(tc, t_xlsx_corrupt);
	tcase_add_test(tc, t_zip_directory);
	tcase_add_test(tc, t_ods_repeats);
	tcase_add_test(tc, t_ods_hostile);
	tcase_add_test(tc, t_workbook_row_cap);
	suite_add_tcase(s, tc);

	sr = srunner_create(s);
	srunner_set_fork_status(sr, CK_NOFORK);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	remove_scratch();
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
