/*
 * table.c - opening a table: the format from the content, the options'
 * defaults, and what every reader shares (cell locations, UTF-8 checks).
 */
#include "config.h"

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "import/internal.h"
#include "import/table.h"

/* Bytes read to recognise the format. */
#define HEAD_SIZE 4096

void
eiti_table_opts_init(struct eiti_table_opts *o)
{
	memset(o, 0, sizeof(*o));
	o->format = EITI_TABLE_AUTO;
	o->delimiter = ',';
	o->quote = '"';
	o->encoding = EITI_ENC_UTF8;
	o->sheet = NULL;
	o->max_cell_bytes = EITI_TABLE_MAX_CELL;
	o->max_columns = EITI_TABLE_MAX_COLUMNS;
	o->max_part_bytes = EITI_TABLE_MAX_PART;
	o->max_zip_ratio = EITI_TABLE_MAX_RATIO;
	o->max_shared_bytes = EITI_TABLE_MAX_SHARED;
	o->max_record_bytes = EITI_TABLE_MAX_RECORD;
	o->max_rows = EITI_TABLE_MAX_ROWS;
}

void
imp_finding(struct eiti_table *t, struct eiti_diags *diags, const char *where,
    enum eiti_rule rule, const char *fmt, ...)
{
	char msg[1024];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	eiti_finding_at(diags, rule, t->name, where, "%s", msg);
}

void
imp_no_sheet(struct eiti_table *t, struct eiti_diags *diags,
    const char *const *names, size_t n, const char *want)
{
	char list[1024];
	size_t i, k = 0;

	list[0] = '\0';
	for (i = 0; i < n && k + 16 < sizeof(list); i++) {
		int w;

		if (i >= 20) {
			snprintf(
			    list + k, sizeof(list) - k, " and %zu more", n - i);
			break;
		}
		w = snprintf(list + k, sizeof(list) - k, "%s'%s'",
		    i > 0 ? ", " : "", names[i]);
		k += w > 0 ? (size_t)w : 0;
		if (k >= sizeof(list))
			k = sizeof(list) - 1;
	}
	if (n == 0)
		imp_finding(t, diags, NULL, EITI_RULE_IMP_SHEET,
		    "the workbook has no sheet");
	else
		imp_finding(t, diags, NULL, EITI_RULE_IMP_SHEET,
		    "no sheet named '%s': the workbook has %s", want, list);
}

/* ------------------------------------------------------------------ */
/* Recognising the format                                              */
/* ------------------------------------------------------------------ */

static bool
starts_with_ci(const char *p, size_t n, const char *word)
{
	size_t k = strlen(word), i;

	if (n < k)
		return false;
	for (i = 0; i < k; i++)
		if (tolower((unsigned char)p[i]) != word[i])
			return false;
	return true;
}

enum sniff {
	SNIFF_TEXT,
	SNIFF_ZIP,
	SNIFF_OLE,
	SNIFF_PDF,
	SNIFF_HTML,
	SNIFF_XML,
};

static enum sniff
sniff(const char *h, size_t n)
{
	const char *p = h, *end = h + n;

	if (n >= 4 && memcmp(h, "PK\3\4", 4) == 0)
		return SNIFF_ZIP;
	if (n >= 4 && memcmp(h, "PK\5\6", 4) == 0)
		return SNIFF_ZIP; /* an empty archive */
	if (n >= 8 && memcmp(h, "\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", 8) == 0)
		return SNIFF_OLE;
	if (n >= 5 && memcmp(h, "%PDF-", 5) == 0)
		return SNIFF_PDF;
	if (n >= 3 && memcmp(h, "\xef\xbb\xbf", 3) == 0)
		p += 3;
	while (p < end && (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n'))
		p++;
	n = (size_t)(end - p);
	if (starts_with_ci(p, n, "<!doctype html") ||
	    starts_with_ci(p, n, "<html") || starts_with_ci(p, n, "<table") ||
	    starts_with_ci(p, n, "<head") || starts_with_ci(p, n, "<body"))
		return SNIFF_HTML;
	if (starts_with_ci(p, n, "<?xml")) {
		/* An HTML page with an XML declaration is still HTML. */
		const char *q = memchr(p, '>', n);

		if (q != NULL) {
			q++;
			while (q < end && (*q == ' ' || *q == '\t' ||
					      *q == '\r' || *q == '\n'))
				q++;
			if (starts_with_ci(
				q, (size_t)(end - q), "<!doctype html") ||
			    starts_with_ci(q, (size_t)(end - q), "<html"))
				return SNIFF_HTML;
		}
		return SNIFF_XML;
	}
	return SNIFF_TEXT;
}

static const char *
format_what(enum eiti_table_format f)
{
	switch (f) {
	case EITI_TABLE_XLSX:
		return "an xlsx workbook";
	case EITI_TABLE_ODS:
		return "an ods spreadsheet";
	case EITI_TABLE_CSV:
		return "delimited text";
	default:
		return "a table";
	}
}

/* The finding for content that is not a table this program reads. */
static void
not_a_table(struct eiti_table *t, struct eiti_diags *diags, enum sniff s,
    enum eiti_table_format want)
{
	const char *what = "";

	switch (s) {
	case SNIFF_OLE:
		what = "a legacy Excel 97-2003 workbook (.xls), which eitirep "
		       "does not read: save it as .xlsx, .ods or .csv";
		break;
	case SNIFF_PDF:
		what = "a PDF document, not a table";
		break;
	case SNIFF_HTML:
		what = "an HTML page, not a table (some sites serve HTML "
		       "under a spreadsheet's name): save it as .xlsx, .ods "
		       "or .csv";
		break;
	case SNIFF_XML:
		what = "an XML document, not a table (flat OpenDocument .fods "
		       "and Excel 2003 XML are not read): save it as .xlsx, "
		       ".ods or .csv";
		break;
	case SNIFF_ZIP:
		what = "a zip archive (a workbook?), not delimited text";
		break;
	case SNIFF_TEXT:
		what = "not a zip archive, so not a workbook";
		break;
	}
	if (want != EITI_TABLE_AUTO && s != SNIFF_OLE && s != SNIFF_PDF &&
	    s != SNIFF_HTML)
		imp_finding(t, diags, NULL, EITI_RULE_IMP_FORMAT,
		    "expected %s: the file is %s", format_what(want), what);
	else
		imp_finding(t, diags, NULL, EITI_RULE_IMP_FORMAT,
		    "the file is %s", what);
}

/* Which workbook a zip holds: ods by its mimetype member, xlsx by its
 * package relationships or workbook part. */
static int
zip_kind(enum eiti_table_format *kind, struct imp_zip *z,
    struct eiti_diags *diags, struct eiti_err *err)
{
	char *mt = NULL;
	size_t len = 0;
	int rc;

	*kind = EITI_TABLE_AUTO;
	if (imp_zip_has(z, "mimetype")) {
		rc =
		    imp_member_slurp(&mt, &len, z, "mimetype", 256, diags, err);
		if (rc != 0)
			return rc;
		while (len > 0 && (mt[len - 1] == '\n' || mt[len - 1] == '\r' ||
				      mt[len - 1] == ' '))
			mt[--len] = '\0';
		if (strcmp(
			mt, "application/vnd.oasis.opendocument.spreadsheet") ==
			0 ||
		    strcmp(mt, "application/vnd.oasis.opendocument."
			       "spreadsheet-template") == 0)
			*kind = EITI_TABLE_ODS;
		free(mt);
		if (*kind != EITI_TABLE_AUTO)
			return 0;
	}
	if (imp_zip_has(z, "_rels/.rels") || imp_zip_has(z, "xl/workbook.xml"))
		*kind = EITI_TABLE_XLSX;
	return 0;
}

/* The options o (NULL: the defaults) with every 0 replaced by its
 * default. */
static void
opts_fill(struct eiti_table_opts *t, const struct eiti_table_opts *o)
{
	if (o != NULL)
		*t = *o;
	else
		eiti_table_opts_init(t);
	if (t->delimiter == 0)
		t->delimiter = ',';
	if (t->quote == 0)
		t->quote = '"';
	if (t->max_cell_bytes == 0)
		t->max_cell_bytes = EITI_TABLE_MAX_CELL;
	if (t->max_columns == 0)
		t->max_columns = EITI_TABLE_MAX_COLUMNS;
	if (t->max_part_bytes == 0)
		t->max_part_bytes = EITI_TABLE_MAX_PART;
	if (t->max_zip_ratio == 0)
		t->max_zip_ratio = EITI_TABLE_MAX_RATIO;
	if (t->max_shared_bytes == 0)
		t->max_shared_bytes = EITI_TABLE_MAX_SHARED;
	if (t->max_record_bytes == 0)
		t->max_record_bytes = EITI_TABLE_MAX_RECORD;
	if (t->max_rows == 0)
		t->max_rows = EITI_TABLE_MAX_ROWS;
}

/* Open path for reading and read its first bytes into head (*nhead gets
 * how many), st its status.  The descriptor, or -1 with err set. */
static int
open_head(struct eiti_table *t, const char *path, struct stat *st, char *head,
    size_t size, size_t *nhead, struct eiti_err *err)
{
	int fd;

	if (t->o.use_fd) {
		fd = fcntl(t->o.fd, F_DUPFD_CLOEXEC, 0);
		if (fd >= 0 && lseek(fd, 0, SEEK_SET) != 0) {
			close(fd);
			fd = -1;
		}
	} else {
		fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY);
	}
	*nhead = 0;
	if (fd < 0) {
		eiti_err_set(err, EITI_ERR_IO, "import: cannot open %s: %s",
		    t->name, eiti_errno_text(errno));
		return -1;
	}
	if (fstat(fd, st) != 0) {
		eiti_err_set(err, EITI_ERR_IO, "import: cannot read %s: %s",
		    t->name, eiti_errno_text(errno));
		goto fail;
	}
	if (S_ISDIR(st->st_mode)) {
		eiti_err_set(err, EITI_ERR_IO,
		    "import: cannot read %s: is a directory", t->name);
		goto fail;
	}
	while (*nhead < size) {
		ssize_t got = read(fd, head + *nhead, size - *nhead);

		if (got < 0 && errno == EINTR)
			continue;
		if (got < 0) {
			eiti_err_set(err, EITI_ERR_IO,
			    "import: cannot read %s: %s", t->name,
			    eiti_errno_text(errno));
			goto fail;
		}
		if (got == 0)
			break;
		*nhead += (size_t)got;
	}
	return fd;
fail:
	close(fd);
	return -1;
}

int
eiti_table_open(struct eiti_table **out, const char *path, const char *name,
    const struct eiti_table_opts *o, struct eiti_diags *diags,
    struct eiti_err *err)
{
	struct eiti_table *t = NULL;
	struct imp_zip *z = NULL;
	struct stat st;
	char head[HEAD_SIZE];
	size_t nhead = 0;
	enum sniff s;
	enum eiti_table_format want, kind;
	int fd = -1, rc = -1;

	*out = NULL;
	t = eiti_xcalloc(1, sizeof(*t));
	opts_fill(&t->o, o);
	t->o.sheet = NULL;
	t->name = eiti_xstrdup(name != NULL ? name : path);
	want = t->o.format;

	fd = open_head(t, path, &st, head, sizeof(head), &nhead, err);
	if (fd < 0)
		goto out;
	s = sniff(head, nhead);

	if (want == EITI_TABLE_CSV ||
	    (want == EITI_TABLE_AUTO && s == SNIFF_TEXT)) {
		if (s != SNIFF_TEXT && s != SNIFF_XML) {
			not_a_table(t, diags, s, want);
			rc = 1;
			goto out;
		}
		t->format = EITI_TABLE_CSV;
		rc = imp_csv_open(t, fd, head, nhead, diags, err);
		fd = -1; /* taken */
		goto out;
	}
	if (s != SNIFF_ZIP) {
		not_a_table(t, diags, s, want);
		rc = 1;
		goto out;
	}
	if (!S_ISREG(st.st_mode)) {
		eiti_err_set(err, EITI_ERR_IO,
		    "import: cannot read %s: a workbook must be a regular "
		    "file (not a pipe or device)",
		    t->name);
		goto out;
	}
	rc = imp_zip_open(&z, fd, t, diags, err);
	fd = -1; /* taken */
	if (rc != 0)
		goto out;
	rc = zip_kind(&kind, z, diags, err);
	if (rc != 0)
		goto out;
	if (kind == EITI_TABLE_AUTO) {
		imp_finding(t, diags, NULL, EITI_RULE_IMP_FORMAT,
		    "the file is a zip archive that is neither an xlsx "
		    "workbook nor an ods spreadsheet");
		rc = 1;
		goto out;
	}
	if (want != EITI_TABLE_AUTO && want != kind) {
		imp_finding(t, diags, NULL, EITI_RULE_IMP_FORMAT,
		    "expected %s: the file is %s", format_what(want),
		    format_what(kind));
		rc = 1;
		goto out;
	}
	t->format = kind;
	if (kind == EITI_TABLE_XLSX)
		rc = imp_xlsx_open(
		    t, z, o != NULL ? o->sheet : NULL, diags, err);
	else
		rc =
		    imp_ods_open(t, z, o != NULL ? o->sheet : NULL, diags, err);
	z = NULL; /* taken */
out:
	if (fd >= 0)
		close(fd);
	imp_zip_free(z);
	if (rc == 0) {
		*out = t;
		return 0;
	}
	eiti_table_free(t);
	return rc;
}

int
eiti_table_next(struct eiti_table *t, const struct eiti_row **row,
    struct eiti_diags *diags, struct eiti_err *err)
{
	*row = NULL;
	return t->reader->next(t, row, diags, err);
}

enum eiti_table_format
eiti_table_format(const struct eiti_table *t)
{
	return t->format;
}

const char *
eiti_table_sheet(const struct eiti_table *t)
{
	return t->format == EITI_TABLE_CSV ? NULL : t->sheet;
}

bool
eiti_table_date1904(const struct eiti_table *t)
{
	return t->date1904;
}

void
eiti_table_free(struct eiti_table *t)
{
	if (t == NULL)
		return;
	if (t->reader != NULL && t->reader->free != NULL)
		t->reader->free(t->st);
	free(t->name);
	free(t->sheet);
	free(t);
}

/* ------------------------------------------------------------------ */
/* Cell locations                                                      */
/* ------------------------------------------------------------------ */

char *
eiti_table_colname(char *buf, size_t size, unsigned long col)
{
	char tmp[16];
	size_t n = 0, i;

	if (size == 0)
		return buf;
	while (col > 0 && n < sizeof(tmp)) {
		col--;
		tmp[n++] = (char)('A' + col % 26);
		col /= 26;
	}
	for (i = 0; i < n && i + 1 < size; i++)
		buf[i] = tmp[n - 1 - i];
	buf[i] = '\0';
	return buf;
}

/* Whether Excel quotes the sheet name in a reference: anything but
 * letters, digits, '_' and '.' (and non-ASCII letters), a leading digit,
 * or a name that reads as a cell reference ("AB12", "R1C1"). */
static bool
sheet_needs_quotes(const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t letters = 0, digits = 0, i;

	if (*p == '\0' || isdigit(*p))
		return true;
	for (i = 0; p[i] != '\0'; i++)
		if (!(isalnum(p[i]) || p[i] == '_' || p[i] == '.' ||
			p[i] >= 0x80))
			return true;
	/* Letters then digits, like a cell: A1 .. XFD1048576. */
	for (i = 0; isalpha(p[i]); i++)
		letters++;
	for (; isdigit(p[i]); i++)
		digits++;
	if (p[i] == '\0' && letters >= 1 && letters <= 3 && digits >= 1)
		return true;
	/* R1C1 style: R, C, R1, C1, R1C1, RC. */
	if (p[0] == 'R' || p[0] == 'r' || p[0] == 'C' || p[0] == 'c') {
		i = 1;
		if (p[0] == 'R' || p[0] == 'r') {
			while (isdigit(p[i]))
				i++;
			if (p[i] == 'C' || p[i] == 'c')
				i++;
		}
		while (isdigit(p[i]))
			i++;
		if (p[i] == '\0')
			return true;
	}
	if (strcasecmp(s, "TRUE") == 0 || strcasecmp(s, "FALSE") == 0)
		return true;
	return false;
}

/* Append src to buf at *n (truncating). */
static void
put(char *buf, size_t size, size_t *n, const char *src)
{
	while (*src != '\0' && *n + 1 < size)
		buf[(*n)++] = *src++;
	buf[*n] = '\0';
}

char *
imp_where(const struct eiti_table *t, unsigned long row, unsigned long col,
    char *buf, size_t size)
{
	char tmp[64];
	size_t n = 0;

	if (size == 0)
		return buf;
	buf[0] = '\0';
	if (t->format == EITI_TABLE_CSV) {
		if (col == 0)
			snprintf(buf, size, "%lu", row);
		else
			snprintf(buf, size, "%lu:%lu", row, col);
		return buf;
	}
	if (t->sheet != NULL) {
		if (sheet_needs_quotes(t->sheet)) {
			const char *p;

			put(buf, size, &n, "'");
			for (p = t->sheet; *p != '\0'; p++) {
				char c[3] = {*p, '\0', '\0'};

				if (*p == '\'')
					c[1] = '\'';
				put(buf, size, &n, c);
			}
			put(buf, size, &n, "'");
		} else {
			put(buf, size, &n, t->sheet);
		}
		put(buf, size, &n, "!");
	}
	if (col == 0)
		snprintf(tmp, sizeof(tmp), "%lu:%lu", row, row);
	else {
		char cn[16];

		snprintf(tmp, sizeof(tmp), "%s%lu",
		    eiti_table_colname(cn, sizeof(cn), col), row);
	}
	put(buf, size, &n, tmp);
	return buf;
}

char *
eiti_table_where(const struct eiti_table *t, const struct eiti_row *r,
    unsigned long col, char *buf, size_t size)
{
	return imp_where(
	    t, t->format == EITI_TABLE_CSV ? r->line : r->row, col, buf, size);
}

/* ------------------------------------------------------------------ */
/* UTF-8                                                               */
/* ------------------------------------------------------------------ */

bool
imp_ascii_clean(const char *s, size_t n)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0;

	/* Eight bytes at a time: no high bit, no zero byte. */
	for (; i + 8 <= n; i += 8) {
		uint64_t w;

		memcpy(&w, p + i, 8);
		if ((w & 0x8080808080808080ull) != 0 ||
		    ((w - 0x0101010101010101ull) & ~w &
			0x8080808080808080ull) != 0)
			return false;
	}
	for (; i < n; i++)
		if (p[i] >= 0x80 || p[i] == 0)
			return false;
	return true;
}

size_t
imp_utf8_check(const char *s, size_t n)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0;

	while (i < n) {
		unsigned char c = p[i];

		if (c != 0 && c < 0x80) {
			i++;
			continue;
		}
		if (c >= 0xc2 && c <= 0xdf) {
			if (i + 1 < n && (p[i + 1] & 0xc0) == 0x80) {
				i += 2;
				continue;
			}
		} else if (c >= 0xe0 && c <= 0xef) {
			unsigned char lo = c == 0xe0 ? 0xa0 : 0x80,
				      hi = c == 0xed ? 0x9f : 0xbf;

			if (i + 2 < n && p[i + 1] >= lo && p[i + 1] <= hi &&
			    (p[i + 2] & 0xc0) == 0x80) {
				i += 3;
				continue;
			}
		} else if (c >= 0xf0 && c <= 0xf4) {
			unsigned char lo = c == 0xf0 ? 0x90 : 0x80,
				      hi = c == 0xf4 ? 0x8f : 0xbf;

			if (i + 3 < n && p[i + 1] >= lo && p[i + 1] <= hi &&
			    (p[i + 2] & 0xc0) == 0x80 &&
			    (p[i + 3] & 0xc0) == 0x80) {
				i += 4;
				continue;
			}
		}
		return i;
	}
	return n;
}

/* Windows-1252's characters for 0x80..0x9F (NULL: undefined). */
static const char *const cp1252_c1[32] = {"\u20ac", NULL, "\u201a", "\u0192",
    "\u201e", "\u2026", "\u2020", "\u2021", "\u02c6", "\u2030", "\u0160",
    "\u2039", "\u0152", NULL, "\u017d", NULL, NULL, "\u2018", "\u2019",
    "\u201c", "\u201d", "\u2022", "\u2013", "\u2014", "\u02dc", "\u2122",
    "\u0161", "\u203a", "\u0153", NULL, "\u017e", "\u0178"};

void
imp_utf8_explain(char *buf, size_t size, const char *s, size_t n, size_t at)
{
	unsigned char c = at < n ? (unsigned char)s[at] : 0;
	char cp[16] = "";
	size_t k, len = 0;

	if (c == 0) {
		snprintf(buf, size, "a NUL byte at offset %zu of the cell", at);
		return;
	}
	/* Text with valid UTF-8 sequences is damaged UTF-8, not another
	 * encoding. */
	for (k = 0; k < n; k++) {
		if ((unsigned char)s[k] < 0x80)
			continue;
		if (imp_utf8_check(s + k, n - k) > 0) {
			snprintf(buf, size,
			    "byte 0x%02X at offset %zu of the cell", c, at);
			return;
		}
		if ((unsigned char)s[k] < 0xa0 &&
		    cp1252_c1[s[k] & 0x1f] == NULL) {
			snprintf(buf, size,
			    "byte 0x%02X at offset %zu of the cell", c, at);
			return;
		}
	}
	/* What the bytes from `at` read as in Windows-1252 (up to three of
	 * them, up to the next ASCII byte). */
	for (k = at; k < n && k < at + 3 && (unsigned char)s[k] >= 0x80; k++) {
		unsigned char b = (unsigned char)s[k];

		if (b < 0xa0) {
			const char *u = cp1252_c1[b - 0x80];

			if (u == NULL) {
				len = 0;
				break;
			}
			memcpy(cp + len, u, strlen(u));
			len += strlen(u);
		} else {
			cp[len++] = (char)(0xc0 | (b >> 6));
			cp[len++] = (char)(0x80 | (b & 0x3f));
		}
	}
	cp[len] = '\0';
	if (cp[0] != '\0')
		snprintf(buf, size,
		    "byte 0x%02X at offset %zu of the cell; the text looks "
		    "like Windows-1252, where it reads '%s'",
		    c, at, cp);
	else
		snprintf(
		    buf, size, "byte 0x%02X at offset %zu of the cell", c, at);
}
