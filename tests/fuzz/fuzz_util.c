/*
 * fuzz_util.c - scratch files and shared invariants for the harnesses
 * (see fuzz.h).
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "fuzz.h"

#define MAX_FILES 16

static char scratch[4096];
static struct {
	char *name, *path;
} files[MAX_FILES];
static size_t nfiles;

void
fuzz_fail(const char *fmt, ...)
{
	va_list ap;

	fputs("fuzz: invariant violated: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	abort();
}

/* Remove what fuzz_write() created.  Not reached after a crash; run.sh
 * gives the harness its own TMPDIR and removes it. */
static void
cleanup(void)
{
	size_t i;

	for (i = 0; i < nfiles; i++) {
		unlink(files[i].path);
		free(files[i].path);
		free(files[i].name);
	}
	nfiles = 0;
	if (scratch[0] != '\0')
		rmdir(scratch);
	scratch[0] = '\0';
}

void
fuzz_setup(void)
{
	const char *tmp = getenv("TMPDIR");

	if (scratch[0] != '\0')
		return;
#ifdef EITI_SRCDIR
	/* Schemas and templates of the tree under test, never an installed
	 * copy. */
	setenv("EITIREP_DATADIR", EITI_SRCDIR, 0);
#endif
	if (tmp == NULL || tmp[0] == '\0')
		tmp = "/tmp";
	if ((size_t)snprintf(scratch, sizeof(scratch), "%s/eitirep-fuzz.XXXXXX",
		tmp) >= sizeof(scratch) ||
	    mkdtemp(scratch) == NULL) {
		perror("fuzz: mkdtemp");
		exit(99);
	}
	atexit(cleanup);
}

const char *
fuzz_dir(void)
{
	fuzz_setup();
	return scratch;
}

const char *
fuzz_write(const char *name, const uint8_t *data, size_t size)
{
	const char *path = NULL;
	size_t i, done = 0;
	int fd;

	fuzz_setup();
	for (i = 0; i < nfiles; i++)
		if (strcmp(files[i].name, name) == 0)
			path = files[i].path;
	if (path == NULL) {
		if (nfiles == MAX_FILES) {
			fputs("fuzz: too many scratch files\n", stderr);
			exit(99);
		}
		files[nfiles].name = eiti_xstrdup(name);
		files[nfiles].path = eiti_xasprintf("%s/%s", scratch, name);
		path = files[nfiles++].path;
	}
	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	if (fd < 0) {
		fprintf(stderr, "fuzz: %s: %s\n", path, strerror(errno));
		exit(99);
	}
	while (done < size) {
		ssize_t w = write(fd, data + done, size - done);

		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0) {
			fprintf(
			    stderr, "fuzz: %s: %s\n", path, strerror(errno));
			exit(99);
		}
		done += (size_t)w;
	}
	if (close(fd) != 0) {
		fprintf(stderr, "fuzz: %s: %s\n", path, strerror(errno));
		exit(99);
	}
	return path;
}

int
fuzz_known(const char *id)
{
	const char *list = getenv("FUZZ_KNOWN");
	size_t n = strlen(id);

	while (list != NULL && *list != '\0') {
		if (strncmp(list, id, n) == 0 &&
		    (list[n] == '\0' || list[n] == ','))
			return 1;
		list = strchr(list, ',');
		if (list != NULL)
			list++;
	}
	return 0;
}

unsigned long
fuzz_count_lines(const uint8_t *data, size_t size)
{
	unsigned long n = 1;
	size_t i;

	/* An upper bound, not an exact count: besides LF, count every byte
	 * that is a line break in some encoding libxml2 may convert from
	 * (CR, EBCDIC NL/LF, C1 NEL), so that a document in a legal but
	 * unusual encoding never looks like a finding. */
	for (i = 0; i < size; i++)
		switch (data[i]) {
		case 0x0a:
		case 0x0d:
		case 0x15:
		case 0x25:
		case 0x85:
			n++;
		}
	return n;
}

size_t
fuzz_touch(const char *s)
{
	volatile size_t sum = 0;

	if (s == NULL)
		return 0;
	for (; *s != '\0'; s++)
		sum += (unsigned char)*s;
	return sum;
}

/* Length of the valid UTF-8 sequence at p[0..n), 0 when invalid. */
static size_t
utf8_seq(const unsigned char *p, size_t n)
{
	size_t len, i;
	unsigned long cp;

	if (p[0] < 0x80)
		return 1;
	if (p[0] >= 0xc2 && p[0] <= 0xdf) {
		len = 2;
		cp = p[0] & 0x1f;
	} else if (p[0] >= 0xe0 && p[0] <= 0xef) {
		len = 3;
		cp = p[0] & 0x0f;
	} else if (p[0] >= 0xf0 && p[0] <= 0xf4) {
		len = 4;
		cp = p[0] & 0x07;
	} else {
		return 0;
	}
	if (len > n)
		return 0;
	for (i = 1; i < len; i++) {
		if ((p[i] & 0xc0) != 0x80)
			return 0;
		cp = (cp << 6) | (p[i] & 0x3f);
	}
	if ((len == 3 && cp < 0x800) || (len == 4 && cp < 0x10000) ||
	    (cp >= 0xd800 && cp <= 0xdfff) || cp > 0x10ffff)
		return 0;
	return len;
}

static void
check_printed(const struct eiti_diags *d)
{
	char *buf = NULL;
	size_t len = 0, i, lines = 0, want;
	FILE *fp;

	fp = open_memstream(&buf, &len);
	if (fp == NULL)
		fuzz_fail("open_memstream: %s", strerror(errno));
	eiti_diags_print_text(d, fp);
	fclose(fp);
	want = d->n;
	for (i = 0; i < d->nfiles; i++)
		if (d->files[i].dropped > 0)
			want++;
	for (i = 0; i < len; i++) {
		unsigned char c = (unsigned char)buf[i];

		if (c == '\n')
			lines++;
		else if (c < 0x20 || c == 0x7f)
			fuzz_fail(
			    "diagnostic text has raw control byte 0x%02x", c);
	}
	if (lines != want)
		fuzz_fail("%zu findings printed as %zu lines", want, lines);
	free(buf);

	buf = NULL;
	fp = open_memstream(&buf, &len);
	if (fp == NULL)
		fuzz_fail("open_memstream: %s", strerror(errno));
	eiti_diags_print_json(d, fp);
	fclose(fp);
	for (i = 0; i < len;) {
		const unsigned char *p = (const unsigned char *)buf + i;
		size_t n = utf8_seq(p, len - i);

		if (n == 0)
			fuzz_fail(
			    "diagnostic JSON is not UTF-8 at byte %zu", i);
		if (*p != '\n' && (*p < 0x20 || *p == 0x7f))
			fuzz_fail("diagnostic JSON has raw control byte "
				  "0x%02x",
			    *p);
		i += n;
	}
	free(buf);
}

void
fuzz_check_result(const char *what, int rc, const struct eiti_err *err,
    const struct eiti_diags *diags, const char *name, unsigned long nlines)
{
	size_t i;

	if (rc == -1) {
		if (err->kind < EITI_ERR_INVALID || err->kind > EITI_ERR_CONFIG)
			fuzz_fail("%s: returned -1 with error kind %d", what,
			    err->kind);
		if (err->msg[0] == '\0')
			fuzz_fail(
			    "%s: returned -1 with an empty message", what);
		if (strchr(err->msg, '\n') != NULL && !fuzz_known("multiline"))
			fuzz_fail("%s: error message spans lines: %s", what,
			    err->msg);
	} else if (rc == 0 || rc == 1) {
		if (eiti_err_isset(err))
			fuzz_fail("%s: returned %d but set an error: %s", what,
			    rc, err->msg);
	} else {
		fuzz_fail("%s: returned %d", what, rc);
	}
	if (diags == NULL)
		return;
	for (i = 0; i < diags->n; i++) {
		const struct eiti_diag *g = &diags->v[i];

		if (g->msg == NULL || g->msg[0] == '\0')
			fuzz_fail("%s: finding %zu has no message", what, i);
		if (name != NULL &&
		    (g->file == NULL || strcmp(g->file, name) != 0))
			fuzz_fail("%s: finding names file '%s', not '%s'", what,
			    g->file != NULL ? g->file : "(null)", name);
		if (nlines > 0 && g->line > nlines)
			fuzz_fail("%s: finding at line %lu of a %lu-line "
				  "input: %s",
			    what, g->line, nlines, g->msg);
	}
	if (rc == 1 && diags->errors == 0)
		fuzz_fail(
		    "%s: returned 1 (invalid) without an error finding", what);
	check_printed(diags);
}
