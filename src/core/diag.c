/*
 * diag.c - the list of findings and its two printers.
 *
 * Findings are kept in the order they were added.  Each file has a cap
 * (d->per_file_cap, 0 meaning no cap): past it only the per-file and total
 * counts grow, and the text printer ends with one note per file saying how
 * many were dropped.  Both printers make hostile text harmless: the text
 * printer escapes control characters so that one finding stays one line,
 * and the JSON printer escapes per RFC 8259 and replaces invalid UTF-8 with
 * U+FFFD so the output is always valid JSON.
 */
#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/diag.h"
#include "core/err.h"
#include "core/url.h"

void
eiti_diags_init(struct eiti_diags *d)
{
	memset(d, 0, sizeof(*d));
	d->per_file_cap = EITI_DIAG_PER_FILE_CAP;
}

void
eiti_diags_free(struct eiti_diags *d)
{
	size_t i;

	if (d == NULL)
		return;
	for (i = 0; i < d->n; i++) {
		free(d->v[i].file);
		free(d->v[i].msg);
		free(d->v[i].where);
	}
	for (i = 0; i < d->nfiles; i++)
		free(d->files[i].file);
	free(d->v);
	free(d->files);
	eiti_diags_init(d);
}

static const char *
file_or_dash(const char *file)
{
	return file != NULL ? file : "-";
}

static struct eiti_diag_file_count *
find_file(const struct eiti_diags *d, const char *file)
{
	size_t i;

	/* Findings arrive grouped by file, so search from the newest. */
	for (i = d->nfiles; i-- > 0;)
		if (strcmp(d->files[i].file, file) == 0)
			return &d->files[i];
	return NULL;
}

static struct eiti_diag_file_count *
file_count(struct eiti_diags *d, const char *file)
{
	struct eiti_diag_file_count *fc = find_file(d, file);

	if (fc != NULL)
		return fc;
	if (d->nfiles == d->files_cap) {
		d->files_cap = d->files_cap ? 2 * d->files_cap : 8;
		d->files =
		    eiti_xrealloc(d->files, d->files_cap * sizeof(*d->files));
	}
	fc = &d->files[d->nfiles++];
	memset(fc, 0, sizeof(*fc));
	fc->file = eiti_xstrdup(file);
	return fc;
}

static void
vadd(struct eiti_diags *d, enum eiti_severity sev, const char *file,
    unsigned long line, unsigned long col, const char *where,
    enum eiti_rule rule, const char *fmt, va_list ap)
{
	struct eiti_diag_file_count *fc;
	struct eiti_diag *g;
	char *redacted = NULL;
	int r;

	/* No URL's password in a finding (url.h): not in its file name ... */
	file = file_or_dash(file);
	if (strstr(file, "://") != NULL)
		file = redacted = eiti_url_redacted(file);
	fc = file_count(d, file);
	if (sev == EITI_SEV_ERROR) {
		fc->errors++;
		d->errors++;
	} else {
		fc->warnings++;
		d->warnings++;
	}
	if (d->per_file_cap != 0 &&
	    fc->errors + fc->warnings - fc->dropped > d->per_file_cap) {
		fc->dropped++;
		free(redacted);
		return;
	}
	if (d->n == d->cap) {
		d->cap = d->cap ? 2 * d->cap : 16;
		d->v = eiti_xrealloc(d->v, d->cap * sizeof(*d->v));
	}
	g = &d->v[d->n];
	g->sev = sev;
	g->file = eiti_xstrdup(file);
	g->line = line;
	g->col = col;
	g->where = where != NULL ? eiti_xstrdup(where) : NULL;
	g->rule = rule;
	r = vasprintf(&g->msg, fmt, ap);
	if (r < 0)
		g->msg = eiti_xstrdup(fmt); /* vasprintf fails only on ENOMEM */
	/* ... nor in its message or place */
	eiti_url_redact(g->msg);
	eiti_url_redact(g->where);
	free(redacted);
	d->n++;
}

void
eiti_finding_v(struct eiti_diags *d, enum eiti_rule rule, const char *file,
    unsigned long line, unsigned long col, const char *fmt, va_list ap)
{
	vadd(
	    d, eiti_rule_info(rule)->sev, file, line, col, NULL, rule, fmt, ap);
}

void
eiti_finding(struct eiti_diags *d, enum eiti_rule rule, const char *file,
    unsigned long line, unsigned long col, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vadd(
	    d, eiti_rule_info(rule)->sev, file, line, col, NULL, rule, fmt, ap);
	va_end(ap);
}

void
eiti_finding_at(struct eiti_diags *d, enum eiti_rule rule, const char *file,
    const char *where, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vadd(d, eiti_rule_info(rule)->sev, file, 0, 0,
	    where != NULL ? where : "", rule, fmt, ap);
	va_end(ap);
}

/* A severity other than the registry's for a rule that does not vary is
 * a programming error. */
static void
check_sev(enum eiti_severity sev, enum eiti_rule rule)
{
	const struct eiti_rule_info *ri = eiti_rule_info(rule);

	if (!ri->sev_varies && sev != ri->sev) {
		fprintf(stderr,
		    "eitirep: internal error: rule %s raised as a %s\n", ri->id,
		    sev == EITI_SEV_ERROR ? "error" : "warning");
		abort();
	}
}

void
eiti_finding_sev(struct eiti_diags *d, enum eiti_severity sev,
    enum eiti_rule rule, const char *file, unsigned long line,
    unsigned long col, const char *fmt, ...)
{
	va_list ap;

	check_sev(sev, rule);
	va_start(ap, fmt);
	vadd(d, sev, file, line, col, NULL, rule, fmt, ap);
	va_end(ap);
}

void
eiti_finding_at_sev(struct eiti_diags *d, enum eiti_severity sev,
    enum eiti_rule rule, const char *file, const char *where, const char *fmt,
    ...)
{
	va_list ap;

	check_sev(sev, rule);
	va_start(ap, fmt);
	vadd(d, sev, file, 0, 0, where != NULL ? where : "", rule, fmt, ap);
	va_end(ap);
}

static void
copy_finding(struct eiti_diags *d, const struct eiti_diag *g, ...)
{
	va_list ap;

	va_start(ap, g);
	vadd(d, g->sev, g->file, g->line, g->col, g->where, g->rule, "%s", ap);
	va_end(ap);
}

void
eiti_diag_copy(struct eiti_diags *d, const struct eiti_diag *g)
{
	copy_finding(d, g, g->msg);
}

void
eiti_diags_relocate(struct eiti_diags *d, size_t first, const char *file,
    void (*where)(void *ud, unsigned long line, unsigned long col, char *buf,
	size_t size),
    void *ud)
{
	char buf[160];
	size_t i;

	for (i = first; i < d->n; i++) {
		struct eiti_diag *g = &d->v[i];

		if (g->where != NULL || g->line == 0 ||
		    strcmp(g->file, file_or_dash(file)) != 0)
			continue;
		buf[0] = '\0';
		where(ud, g->line, g->col, buf, sizeof(buf));
		g->where = eiti_xstrdup(buf);
		g->line = 0;
		g->col = 0;
	}
}

size_t
eiti_diags_errors_in(const struct eiti_diags *d, const char *file)
{
	const struct eiti_diag_file_count *fc =
	    find_file(d, file_or_dash(file));

	return fc != NULL ? fc->errors : 0;
}

/* Text: control characters would split a finding over several lines or
 * drive the terminal, so they are printed as C escapes. */
static void
put_text(const char *s, FILE *fp)
{
	const unsigned char *p;

	for (p = (const unsigned char *)s; *p != '\0'; p++) {
		if (*p == '\n')
			fputs("\\n", fp);
		else if (*p == '\r')
			fputs("\\r", fp);
		else if (*p == '\t')
			fputs("\\t", fp);
		else if (*p < 0x20 || *p == 0x7f)
			fprintf(fp, "\\x%02x", *p);
		else
			putc(*p, fp);
	}
}

void
eiti_diags_print_text(const struct eiti_diags *d, FILE *fp)
{
	size_t i;

	for (i = 0; i < d->n; i++) {
		const struct eiti_diag *g = &d->v[i];

		put_text(g->file, fp);
		if (g->where == NULL) {
			fprintf(fp, ":%lu:%lu", g->line, g->col);
		} else if (g->where[0] != '\0') {
			putc(':', fp);
			put_text(g->where, fp);
		}
		fprintf(fp,
		    ": %s: ", g->sev == EITI_SEV_ERROR ? "error" : "warning");
		put_text(g->msg, fp);
		fprintf(fp, " [%s]", eiti_rule_id(g->rule));
		putc('\n', fp);
	}
	for (i = 0; i < d->nfiles; i++) {
		if (d->files[i].dropped == 0)
			continue;
		put_text(d->files[i].file, fp);
		fprintf(fp, ": note: %zu more %s not shown\n",
		    d->files[i].dropped,
		    d->files[i].dropped == 1 ? "error" : "errors");
	}
}

/* Length of the valid UTF-8 sequence at p (1..4), or 0 when it is not
 * one (overlong forms, surrogates and code points past U+10FFFF are
 * invalid, RFC 3629). */
static size_t
utf8_len(const unsigned char *p)
{
	unsigned c = p[0];
	size_t n, i;
	unsigned long cp;

	if (c < 0x80)
		return 1;
	if (c >= 0xc2 && c <= 0xdf) {
		n = 2;
		cp = c & 0x1f;
	} else if (c >= 0xe0 && c <= 0xef) {
		n = 3;
		cp = c & 0x0f;
	} else if (c >= 0xf0 && c <= 0xf4) {
		n = 4;
		cp = c & 0x07;
	} else {
		return 0;
	}
	for (i = 1; i < n; i++) {
		if ((p[i] & 0xc0) != 0x80)
			return 0; /* also stops at the NUL */
		cp = (cp << 6) | (p[i] & 0x3f);
	}
	if ((n == 3 && cp < 0x800) || (n == 4 && cp < 0x10000) ||
	    (cp >= 0xd800 && cp <= 0xdfff) || cp > 0x10ffff)
		return 0;
	return n;
}

static void
put_json_string(const char *s, FILE *fp)
{
	const unsigned char *p = (const unsigned char *)s;

	putc('"', fp);
	while (*p != '\0') {
		size_t n;

		switch (*p) {
		case '"':
			fputs("\\\"", fp);
			p++;
			continue;
		case '\\':
			fputs("\\\\", fp);
			p++;
			continue;
		case '\n':
			fputs("\\n", fp);
			p++;
			continue;
		case '\r':
			fputs("\\r", fp);
			p++;
			continue;
		case '\t':
			fputs("\\t", fp);
			p++;
			continue;
		case '\b':
			fputs("\\b", fp);
			p++;
			continue;
		case '\f':
			fputs("\\f", fp);
			p++;
			continue;
		}
		if (*p < 0x20 || *p == 0x7f) {
			fprintf(fp, "\\u%04x", *p);
			p++;
			continue;
		}
		n = utf8_len(p);
		if (n == 0) {
			fputs("\\ufffd", fp);
			p++;
			continue;
		}
		fwrite(p, 1, n, fp);
		p += n;
	}
	putc('"', fp);
}

void
eiti_diags_print_json(const struct eiti_diags *d, FILE *fp)
{
	size_t i;

	if (d->n == 0) {
		fputs("[]\n", fp);
		return;
	}
	fputs("[\n", fp);
	for (i = 0; i < d->n; i++) {
		const struct eiti_diag *g = &d->v[i];

		fputs("  {\"file\": ", fp);
		put_json_string(g->file, fp);
		fprintf(fp,
		    ", \"line\": %lu, \"column\": %lu, "
		    "\"severity\": \"%s\", \"rule\": ",
		    g->line, g->col,
		    g->sev == EITI_SEV_ERROR ? "error" : "warning");
		put_json_string(eiti_rule_id(g->rule), fp);
		if (g->where != NULL) {
			fputs(", \"where\": ", fp);
			put_json_string(g->where, fp);
		}
		fputs(", \"message\": ", fp);
		put_json_string(g->msg, fp);
		fputs(i + 1 < d->n ? "},\n" : "}\n", fp);
	}
	fputs("]\n", fp);
}
