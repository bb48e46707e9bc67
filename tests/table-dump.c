/*
 * table-dump.c - print what the import stage's table readers see, one
 * cell a line:
 *
 *   WHERE<TAB>TYPE<TAB>TEXT
 *
 * WHERE as findings print it ("Data!K17", "17:3"), TYPE one of empty,
 * text, number, bool, error with ",date", ",formula" and ",invalid"
 * appended when set, TEXT with backslash, tab, CR and LF escaped as \\,
 * \t, \r, \n.  The findings follow on stderr, compiler style.  For golden
 * tests, the benchmarks and whoever writes a profile.
 *
 * usage: table-dump [-f csv|xlsx|ods] [-d DELIM] [-e utf-8|windows-1252|
 *        iso-8859-1] [-s SHEET] [-u] [-q] [-p] [-L LIMIT=N]... FILE
 *   -u  no quoting (IANA TSV)
 *   -q  print only a summary line: rows, cells, bytes of text
 *   -p  parse every cell as an amount (US format, 2 digits; stored numbers
 *       exactly) and print the sum of those that parse, for benchmarks
 *   -c  with -p, only the cells of this column (1-based)
 *   -L  cell=, columns=, part=, ratio=, shared=, record=, rows=
 * Exit status: 0, 1 when findings include an error, 2 usage or not a
 * table, 4 an I/O error.
 */
#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/diag.h"
#include "core/err.h"
#include "import/number.h"
#include "import/table.h"

static void
put_escaped(const char *s, size_t n, FILE *fp)
{
	size_t i;

	for (i = 0; i < n; i++) {
		switch (s[i]) {
		case '\\':
			fputs("\\\\", fp);
			break;
		case '\t':
			fputs("\\t", fp);
			break;
		case '\n':
			fputs("\\n", fp);
			break;
		case '\r':
			fputs("\\r", fp);
			break;
		default:
			putc(s[i], fp);
		}
	}
}

static const char *
type_name(enum eiti_cell_type t)
{
	switch (t) {
	case EITI_CELL_EMPTY:
		return "empty";
	case EITI_CELL_TEXT:
		return "text";
	case EITI_CELL_NUMBER:
		return "number";
	case EITI_CELL_BOOL:
		return "bool";
	case EITI_CELL_ERROR:
		return "error";
	}
	return "?";
}

static int
usage(void)
{
	fputs("usage: table-dump [-f csv|xlsx|ods] [-d DELIM] [-e ENCODING] "
	      "[-s SHEET] [-u] [-q] [-p] [-L LIMIT=N]... FILE\n",
	    stderr);
	return 2;
}

static int
set_limit(struct eiti_table_opts *o, const char *arg)
{
	const char *eq = strchr(arg, '=');
	unsigned long long v;
	char *end;

	if (eq == NULL)
		return -1;
	v = strtoull(eq + 1, &end, 10);
	if (*end != '\0')
		return -1;
#define LIM(name, field)                                                       \
	if ((size_t)(eq - arg) == strlen(name) &&                              \
	    strncmp(arg, name, strlen(name)) == 0) {                           \
		o->field = v;                                                  \
		return 0;                                                      \
	}
	LIM("cell", max_cell_bytes);
	LIM("columns", max_columns);
	LIM("part", max_part_bytes);
	LIM("ratio", max_zip_ratio);
	LIM("shared", max_shared_bytes);
	LIM("record", max_record_bytes);
	LIM("rows", max_rows);
#undef LIM
	return -1;
}

int
main(int argc, char **argv)
{
	struct eiti_table_opts o;
	struct eiti_table *t = NULL;
	struct eiti_diags diags;
	struct eiti_err err = EITI_ERR_INIT;
	struct eiti_numfmt nf;
	const struct eiti_row *r;
	unsigned long long rows = 0, cells = 0, bytes = 0, parsed = 0;
	__int128 sum = 0;
	bool quiet = false, parse = false;
	unsigned long only_col = 0;
	int c, rc, status = 0;

	eiti_table_opts_init(&o);
	eiti_numfmt_init(&nf);
	nf.round = true;
	while ((c = getopt(argc, argv, "f:d:e:s:uqpc:L:")) != -1) {
		switch (c) {
		case 'f':
			if (strcmp(optarg, "csv") == 0)
				o.format = EITI_TABLE_CSV;
			else if (strcmp(optarg, "xlsx") == 0)
				o.format = EITI_TABLE_XLSX;
			else if (strcmp(optarg, "ods") == 0)
				o.format = EITI_TABLE_ODS;
			else
				return usage();
			break;
		case 'd':
			o.delimiter = strcmp(optarg, "tab") == 0 ||
					      strcmp(optarg, "\\t") == 0
					  ? '\t'
					  : optarg[0];
			break;
		case 'e':
			if (strcmp(optarg, "utf-8") == 0)
				o.encoding = EITI_ENC_UTF8;
			else if (strcmp(optarg, "windows-1252") == 0)
				o.encoding = EITI_ENC_WINDOWS_1252;
			else if (strcmp(optarg, "iso-8859-1") == 0)
				o.encoding = EITI_ENC_ISO_8859_1;
			else
				return usage();
			break;
		case 's':
			o.sheet = optarg;
			break;
		case 'u':
			o.unquoted = true;
			break;
		case 'q':
			quiet = true;
			break;
		case 'p':
			parse = true;
			break;
		case 'c':
			only_col = strtoul(optarg, NULL, 10);
			break;
		case 'L':
			if (set_limit(&o, optarg) != 0)
				return usage();
			break;
		default:
			return usage();
		}
	}
	if (optind + 1 != argc)
		return usage();

	eiti_diags_init(&diags);
	diags.per_file_cap = 0;
	rc = eiti_table_open(&t, argv[optind], argv[optind], &o, &diags, &err);
	if (rc != 0) {
		eiti_diags_print_text(&diags, stderr);
		if (rc < 0)
			fprintf(stderr, "table-dump: %s\n", err.msg);
		eiti_diags_free(&diags);
		return rc < 0 ? 4 : 2;
	}
	while ((rc = eiti_table_next(t, &r, &diags, &err)) == 1) {
		size_t i;

		rows++;
		for (i = 0; i < r->ncells; i++) {
			const struct eiti_cell *cell = &r->cells[i];
			char where[256];

			cells++;
			bytes += cell->len;
			if (parse && (only_col == 0 || cell->col == only_col)) {
				int64_t v;
				enum eiti_num_status st;

				if (cell->type == EITI_CELL_NUMBER)
					st = eiti_num_parse_stored(&v,
					    cell->text, cell->len, 0, 2, true,
					    NULL);
				else
					st = eiti_num_parse(&v, cell->text,
					    cell->len, &nf, 2, NULL);
				if (st == EITI_NUM_OK ||
				    st == EITI_NUM_ROUNDED) {
					sum += v;
					parsed++;
				}
			}
			if (quiet)
				continue;
			fputs(eiti_table_where(
				  t, r, cell->col, where, sizeof(where)),
			    stdout);
			printf("\t%s%s%s%s\t", type_name(cell->type),
			    cell->date_style ? ",date" : "",
			    cell->formula ? ",formula" : "",
			    cell->invalid ? ",invalid" : "");
			put_escaped(cell->text, cell->len, stdout);
			putchar('\n');
		}
	}
	if (rc < 0) {
		fprintf(stderr, "table-dump: %s\n", err.msg);
		status = 4;
	}
	if (quiet) {
		printf("rows %llu cells %llu bytes %llu", rows, cells, bytes);
		if (parse) {
			char buf[64];
			int n = 0;
			unsigned __int128 m = sum < 0 ? -(unsigned __int128)sum
						      : (unsigned __int128)sum;

			do
				buf[n++] = (char)('0' + (int)(m % 10));
			while ((m /= 10) != 0);
			printf(
			    " amounts %llu sum %s", parsed, sum < 0 ? "-" : "");
			while (n > 0)
				putchar(buf[--n]);
			fputs(" (minor units)", stdout);
		}
		putchar('\n');
	}
	eiti_diags_print_text(&diags, stderr);
	if (status == 0 && diags.errors > 0)
		status = 1;
	eiti_table_free(t);
	eiti_diags_free(&diags);
	return status;
}
