/*
 * check_core.c - err, arena, diag, afile and paths (src/core).
 *
 * The afile cases that need a failing disk or a signal run in a forked
 * child (setrlimit(RLIMIT_FSIZE) with SIGXFSZ ignored gives EFBIG, as a
 * full disk gives ENOSPC); everything else runs in-process.
 */
#include "config.h"

#include <check.h>
#include <dirent.h>
#include <errno.h>
#include <signal.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "core/afile.h"
#include "core/arena.h"
#include "core/clock.h"
#include "core/diag.h"
#include "core/err.h"
#include "core/message.h"
#include "core/paths.h"
#include "core/plural.h"
#include "core/url.h"

#define N(a) (sizeof(a) / sizeof((a)[0]))

/* A fresh directory under $TMPDIR for each test that writes files. */
static char tmpdir[4096];

static void
make_tmpdir(void)
{
	const char *t = getenv("TMPDIR");

	snprintf(tmpdir, sizeof(tmpdir), "%s/check_core.XXXXXX",
	    t != NULL && t[0] != '\0' ? t : "/tmp");
	ck_assert_ptr_nonnull(mkdtemp(tmpdir));
}

static void
remove_tmpdir(void)
{
	DIR *d = opendir(tmpdir);
	struct dirent *e;

	if (d == NULL)
		return;
	while ((e = readdir(d)) != NULL) {
		char p[8192];

		if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
			continue;
		snprintf(p, sizeof(p), "%s/%s", tmpdir, e->d_name);
		unlink(p);
	}
	closedir(d);
	rmdir(tmpdir);
}

/* Number of entries in tmpdir (temporary files included). */
static int
count_entries(void)
{
	DIR *d = opendir(tmpdir);
	struct dirent *e;
	int n = 0;

	ck_assert_ptr_nonnull(d);
	while ((e = readdir(d)) != NULL)
		if (strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0)
			n++;
	closedir(d);
	return n;
}

/* Paths live in fixed buffers, not on the heap: a forked child that
 * _exits or dies of a signal then leaks nothing under valgrind. */
#define PATHSZ 4352

static char *
path_in_tmp(char *buf, const char *name)
{
	snprintf(buf, PATHSZ, "%s/%s", tmpdir, name);
	return buf;
}

static void
write_file(const char *path, const char *text)
{
	FILE *fp = fopen(path, "w");

	ck_assert_ptr_nonnull(fp);
	fputs(text, fp);
	ck_assert_int_eq(fclose(fp), 0);
}

/* The whole file, newly allocated ("" when missing is an error). */
static char *
read_file(const char *path)
{
	FILE *fp = fopen(path, "r");
	char *buf = NULL;
	size_t cap = 0, n = 0;

	ck_assert_msg(fp != NULL, "cannot read %s", path);
	for (;;) {
		size_t r;

		if (cap - n < 4096) {
			cap = cap ? 2 * cap : 8192;
			buf = eiti_xrealloc(buf, cap);
		}
		r = fread(buf + n, 1, cap - n - 1, fp);
		if (r == 0)
			break;
		n += r;
	}
	fclose(fp);
	buf[n] = '\0';
	return buf;
}

/* err.h */

START_TEST(test_err_first_wins)
{
	struct eiti_err err = EITI_ERR_INIT;

	ck_assert(!eiti_err_isset(&err));
	ck_assert_int_eq(eiti_err_set(&err, EITI_ERR_FETCH,
			     "fetch: %s: HTTP %d", "https://x.test/a.xml", 503),
	    -1);
	ck_assert(eiti_err_isset(&err));
	ck_assert_int_eq(eiti_err_set(&err, EITI_ERR_IO, "later"), -1);
	ck_assert_int_eq(err.kind, EITI_ERR_FETCH);
	ck_assert_str_eq(err.msg, "fetch: https://x.test/a.xml: HTTP 503");
	/* NULL is allowed and still returns -1. */
	ck_assert_int_eq(eiti_err_set(NULL, EITI_ERR_IO, "x"), -1);
	ck_assert(!eiti_err_isset(NULL));
}
END_TEST

START_TEST(test_err_truncates)
{
	struct eiti_err err = EITI_ERR_INIT;
	char big[3000];

	memset(big, 'a', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	eiti_err_set(&err, EITI_ERR_INVALID, "%s", big);
	ck_assert_uint_eq(strlen(err.msg), sizeof(err.msg) - 1);
	ck_assert_int_eq(err.kind, EITI_ERR_INVALID);
}
END_TEST

START_TEST(test_xalloc)
{
	char *s = eiti_xstrndup("abcdef", 3);
	char *t = eiti_xasprintf("%s-%d", "x", 42);
	char *u = eiti_xstrdup("");
	int *z = eiti_xcalloc(16, sizeof(int));
	size_t i;

	ck_assert_str_eq(s, "abc");
	ck_assert_str_eq(t, "x-42");
	ck_assert_str_eq(u, "");
	for (i = 0; i < 16; i++)
		ck_assert_int_eq(z[i], 0);
	z = eiti_xrealloc(z, 1000 * sizeof(int));
	z[999] = 1;
	free(s);
	free(t);
	free(u);
	free(z);
	free(eiti_xmalloc(0));
}
END_TEST

/* Out of memory: one line on stderr, then abort (checked in a child). */
START_TEST(test_xalloc_oom)
{
#if defined(__SANITIZE_ADDRESS__)
	/* ASan reports huge requests itself instead of returning NULL. */
	return;
#else
	int fds[2], status;
	char buf[256] = {0};
	pid_t pid;
	ssize_t n;

	ck_assert_int_eq(pipe(fds), 0);
	pid = fork();
	ck_assert_int_ge(pid, 0);
	if (pid == 0) {
		struct rlimit rl = {0, 0};

		dup2(fds[1], STDERR_FILENO);
		setrlimit(RLIMIT_CORE, &rl);
		eiti_xmalloc(SIZE_MAX / 2);
		_exit(0);
	}
	close(fds[1]);
	n = read(fds[0], buf, sizeof(buf) - 1);
	close(fds[0]);
	ck_assert_int_eq(waitpid(pid, &status, 0), pid);
	ck_assert(WIFSIGNALED(status));
	ck_assert_int_eq(WTERMSIG(status), SIGABRT);
	ck_assert_int_gt(n, 0);
	ck_assert_str_eq(buf, "eitirep: out of memory\n");
#endif
}
END_TEST

/* arena.h */

START_TEST(test_arena)
{
	struct eiti_arena *a = eiti_arena_new();
	char *p, *long_text;
	size_t i;

	for (i = 0; i < 10000; i++) {
		size_t n = 1 + i % 97;
		unsigned char *q = eiti_arena_alloc(a, n);
		size_t k;

		ck_assert_uint_eq((uintptr_t)q % _Alignof(max_align_t), 0);
		for (k = 0; k < n; k++)
			ck_assert_int_eq(q[k], 0);
		memset(q, 0xa5, n);
	}
	/* a request bigger than any block */
	p = eiti_arena_alloc(a, 3 * 1024 * 1024);
	ck_assert_int_eq(p[3 * 1024 * 1024 - 1], 0);
	ck_assert_uint_eq((uintptr_t)p % _Alignof(max_align_t), 0);
	/* and small ones keep working after it */
	p = eiti_arena_alloc(a, 8);
	ck_assert_int_eq(p[7], 0);

	ck_assert_ptr_null(eiti_arena_strdup(a, NULL));
	ck_assert_str_eq(eiti_arena_strdup(a, "Aguachica"), "Aguachica");
	ck_assert_str_eq(eiti_arena_strndup(a, "CO-CES;x", 6), "CO-CES");
	ck_assert_str_eq(eiti_arena_strndup(a, "ab", 10), "ab");
	ck_assert_str_eq(eiti_arena_printf(a, "%s-%04d", "ANM", 7), "ANM-0007");
	long_text = eiti_arena_printf(a, "%0600d|%s", 1, "end");
	ck_assert_uint_eq(strlen(long_text), 604);
	ck_assert_str_eq(long_text + 600, "|end");
	eiti_arena_free(a);
	eiti_arena_free(NULL);
}
END_TEST

/* diag.h */

static char *
capture(const struct eiti_diags *d, int json)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *fp = open_memstream(&buf, &len);

	ck_assert_ptr_nonnull(fp);
	if (json)
		eiti_diags_print_json(d, fp);
	else
		eiti_diags_print_text(d, fp);
	fclose(fp);
	return buf;
}

static void
sample_diags(struct eiti_diags *d)
{
	eiti_diags_init(d);
	eiti_finding(d, EITI_RULE_XSD, "gov/anm-2022.xml", 12, 7,
	    "'1,50' is not a valid value of the atomic type '%s'",
	    "xs:decimal");
	eiti_finding(d, EITI_RULE_TOTAL_ROLE, "gov/anm-2022.xml", 40, 0,
	    "total \"%s\": a company disclosure", "9999X9");
	eiti_finding(d, EITI_RULE_KIND, "manifest.xml", 0, 0,
	    "line one\nline two\\tab\there \x1b[31m");
}

START_TEST(test_diag_text)
{
	struct eiti_diags d;
	char *out;

	sample_diags(&d);
	out = capture(&d, 0);
	ck_assert_str_eq(out,
	    "gov/anm-2022.xml:12:7: error: '1,50' is not a valid value of "
	    "the atomic type 'xs:decimal' [XSD]\n"
	    "gov/anm-2022.xml:40:0: warning: total \"9999X9\": a company "
	    "disclosure [TOTAL-ROLE]\n"
	    "manifest.xml:0:0: error: line one\\nline two\\tab\\there "
	    "\\x1b[31m [KIND]\n");
	ck_assert_uint_eq(d.errors, 2);
	ck_assert_uint_eq(d.warnings, 1);
	ck_assert_uint_eq(eiti_diags_errors_in(&d, "gov/anm-2022.xml"), 1);
	ck_assert_uint_eq(eiti_diags_errors_in(&d, "manifest.xml"), 1);
	ck_assert_uint_eq(eiti_diags_errors_in(&d, "other.xml"), 0);
	free(out);
	eiti_diags_free(&d);
}
END_TEST

START_TEST(test_diag_json)
{
	struct eiti_diags d;
	char *out;

	sample_diags(&d);
	/* invalid UTF-8 and a DEL; valid UTF-8 passes through */
	eiti_finding(&d, EITI_RULE_ENCODING, "a\"b.xml", 1, 2,
	    "bad \xff byte, \xc3\xa1 ok, del \x7f, nul-free \xed\xa0\x80");
	out = capture(&d, 1);
	ck_assert_str_eq(out,
	    "[\n"
	    "  {\"file\": \"gov/anm-2022.xml\", \"line\": 12, \"column\": 7, "
	    "\"severity\": \"error\", \"rule\": \"XSD\", \"message\": "
	    "\"'1,50' is not a valid value of the atomic type "
	    "'xs:decimal'\"},\n"
	    "  {\"file\": \"gov/anm-2022.xml\", \"line\": 40, \"column\": 0, "
	    "\"severity\": \"warning\", \"rule\": \"TOTAL-ROLE\", "
	    "\"message\": \"total \\\"9999X9\\\": a company disclosure\"},\n"
	    "  {\"file\": \"manifest.xml\", \"line\": 0, \"column\": 0, "
	    "\"severity\": \"error\", \"rule\": \"KIND\", \"message\": "
	    "\"line one\\nline two\\\\tab\\there \\u001b[31m\"},\n"
	    "  {\"file\": \"a\\\"b.xml\", \"line\": 1, \"column\": 2, "
	    "\"severity\": \"error\", \"rule\": \"ENCODING\", \"message\": "
	    "\"bad \\ufffd byte, \xc3\xa1 ok, del \\u007f, nul-free "
	    "\\ufffd\\ufffd\\ufffd\"}\n"
	    "]\n");
	free(out);
	eiti_diags_free(&d);

	eiti_diags_init(&d);
	out = capture(&d, 1);
	ck_assert_str_eq(out, "[]\n");
	free(out);
	out = capture(&d, 0);
	ck_assert_str_eq(out, "");
	free(out);
	eiti_diags_free(&d);
}
END_TEST

START_TEST(test_diag_where)
{
	struct eiti_diags d;
	char *out;

	eiti_diags_init(&d);
	eiti_finding_at(&d, EITI_RULE_AMT_SYNTAX, "book.xlsx", "Data!K17",
	    "'1,2.3' is not a number");
	eiti_finding_at(
	    &d, EITI_RULE_RATE_SOURCE, "book.xlsx", NULL, "no \n sheet");
	out = capture(&d, 0);
	ck_assert_str_eq(out,
	    "book.xlsx:Data!K17: error: '1,2.3' is not a number "
	    "[AMT-SYNTAX]\n"
	    "book.xlsx: warning: no \\n sheet [RATE-SOURCE]\n");
	free(out);
	out = capture(&d, 1);
	ck_assert_str_eq(out,
	    "[\n"
	    "  {\"file\": \"book.xlsx\", \"line\": 0, \"column\": 0, "
	    "\"severity\": \"error\", \"rule\": \"AMT-SYNTAX\", "
	    "\"where\": \"Data!K17\", \"message\": \"'1,2.3' is not a "
	    "number\"},\n"
	    "  {\"file\": \"book.xlsx\", \"line\": 0, \"column\": 0, "
	    "\"severity\": \"warning\", \"rule\": \"RATE-SOURCE\", "
	    "\"where\": \"\", "
	    "\"message\": \"no \\n sheet\"}\n"
	    "]\n");
	free(out);
	ck_assert_uint_eq(eiti_diags_errors_in(&d, "book.xlsx"), 1);
	eiti_diags_free(&d);
}
END_TEST

/* One finding over the cap is counted in the singular. */
START_TEST(test_diag_cap_one)
{
	struct eiti_diags d;
	char *out;

	eiti_diags_init(&d);
	d.per_file_cap = 1;
	eiti_finding(&d, EITI_RULE_XSD, "a.xml", 1, 1, "first");
	eiti_finding(&d, EITI_RULE_XSD, "a.xml", 2, 1, "second");
	out = capture(&d, 0);
	ck_assert_str_eq(out, "a.xml:1:1: error: first [XSD]\n"
			      "a.xml: note: 1 more error not shown\n");
	free(out);
	eiti_diags_free(&d);
}
END_TEST

START_TEST(test_diag_cap)
{
	struct eiti_diags d;
	char *out;
	int i;

	eiti_diags_init(&d);
	ck_assert_uint_eq(d.per_file_cap, EITI_DIAG_PER_FILE_CAP);
	d.per_file_cap = 2;
	for (i = 1; i <= 5; i++)
		eiti_finding(&d, EITI_RULE_XSD, "big.xml", (unsigned long)i, 1,
		    "error %d", i);
	eiti_finding(&d, EITI_RULE_XSD, "small.xml", 3, 4, "alone");
	eiti_finding(&d, EITI_RULE_RATE_SOURCE, "big.xml", 9, 9, "late");
	out = capture(&d, 0);
	ck_assert_str_eq(out, "big.xml:1:1: error: error 1 [XSD]\n"
			      "big.xml:2:1: error: error 2 [XSD]\n"
			      "small.xml:3:4: error: alone [XSD]\n"
			      "big.xml: note: 4 more errors not shown\n");
	ck_assert_uint_eq(d.n, 3);
	ck_assert_uint_eq(d.errors, 6);
	ck_assert_uint_eq(d.warnings, 1);
	ck_assert_uint_eq(eiti_diags_errors_in(&d, "big.xml"), 5);
	ck_assert_uint_eq(d.nfiles, 2);
	ck_assert_uint_eq(d.files[0].dropped, 4);
	ck_assert_uint_eq(d.files[1].dropped, 0);
	free(out);
	eiti_diags_free(&d);
	/* free leaves an empty, usable list */
	eiti_finding(&d, EITI_RULE_KIND, NULL, 0, 0, "no file");
	out = capture(&d, 0);
	ck_assert_str_eq(out, "-:0:0: error: no file [KIND]\n");
	free(out);
	eiti_diags_free(&d);
}
END_TEST

/* rules.h: the registry, and severities from it */
START_TEST(test_rules_registry)
{
	size_t i, j;

	ck_assert_str_eq(eiti_rule_id(EITI_RULE_AMT_DIGITS), "AMT-DIGITS");
	ck_assert_int_eq(
	    eiti_rule_by_id("RATE-MISSING"), EITI_RULE_RATE_MISSING);
	ck_assert_int_eq(eiti_rule_by_id("RECON"), -1);
	ck_assert_int_eq(eiti_rule_by_id(NULL), -1);
	ck_assert(eiti_rule_info(EITI_RULE_XSD)->sev_varies);
	ck_assert(!eiti_rule_info(EITI_RULE_TOTAL_ROLE)->sev_varies);
	ck_assert_int_eq(
	    eiti_rule_info(EITI_RULE_TOTAL_ROLE)->sev, EITI_SEV_WARNING);
	for (i = 0; i < EITI_RULE_COUNT; i++) {
		const struct eiti_rule_info *ri = eiti_rule_info(i);

		/* ids: upper case, digits and '-'; unique; documented */
		ck_assert_msg(strspn(ri->id, "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
					     "0123456789-") == strlen(ri->id) &&
				  ri->id[0] != '\0',
		    "%s", ri->id);
		ck_assert_msg(
		    ri->summary[0] != '\0' && ri->reference[0] != '\0', "%s",
		    ri->id);
		ck_assert_msg(
		    strstr(ri->reference, "SPEC") == NULL, "%s", ri->id);
		for (j = 0; j < i; j++)
			ck_assert_str_ne(eiti_rule_id(j), ri->id);
	}
}
END_TEST

START_TEST(test_diag_sev_copy)
{
	struct eiti_diags d, e;
	char *out;

	eiti_diags_init(&d);
	eiti_diags_init(&e);
	/* a rule whose severity varies takes the one given */
	eiti_finding_sev(&d, EITI_SEV_WARNING, EITI_RULE_INKIND, "a.xml", 3, 4,
	    "volume on a cash payment");
	eiti_finding_sev(
	    &d, EITI_SEV_ERROR, EITI_RULE_INKIND, "a.xml", 5, 4, "no volume");
	/* a fixed one may be given its own severity */
	eiti_finding_sev(
	    &d, EITI_SEV_ERROR, EITI_RULE_KIND, "a.xml", 1, 1, "not ours");
	eiti_finding_at(&d, EITI_RULE_AMT_SYNTAX, "b.xlsx", "Data!A1", "x");
	ck_assert_uint_eq(d.errors, 3);
	ck_assert_uint_eq(d.warnings, 1);
	eiti_diag_copy(&e, &d.v[0]);
	eiti_diag_copy(&e, &d.v[3]);
	out = capture(&e, 0);
	ck_assert_str_eq(out,
	    "a.xml:3:4: warning: volume on a cash payment [INKIND]\n"
	    "b.xlsx:Data!A1: error: x [AMT-SYNTAX]\n");
	ck_assert_uint_eq(e.errors, 1);
	ck_assert_uint_eq(e.warnings, 1);
	free(out);
	eiti_diags_free(&d);
	eiti_diags_free(&e);
}
END_TEST

/* afile.h */

START_TEST(test_afile_commit)
{
	struct eiti_err err = EITI_ERR_INIT;
	struct eiti_afile *f = NULL;
	char pathbuf[PATHSZ], *path, *text, *tmp;
	char big[100000];
	struct stat st;
	mode_t old = umask(022);

	make_tmpdir();
	path = path_in_tmp(pathbuf, "results.csv");
	ck_assert_int_eq(eiti_afile_open(&f, path, &err), 0);
	ck_assert_ptr_nonnull(f);
	/* beside the final file, hidden, named after it */
	tmp = eiti_xstrdup(eiti_afile_tmppath(f));
	ck_assert_msg(strncmp(tmp, tmpdir, strlen(tmpdir)) == 0 &&
			  strstr(tmp, "/.results.csv.tmp.") != NULL,
	    "temp path %s", tmp);
	ck_assert_int_eq(eiti_afile_puts(f, "a,b\n", &err), 0);
	ck_assert_int_eq(eiti_afile_printf(f, &err, "%d,%s\n", 1, "x"), 0);
	/* more than the buffer, so that it is flushed mid-way */
	memset(big, 'z', sizeof(big));
	ck_assert_int_eq(eiti_afile_write(f, big, sizeof(big), &err), 0);
	ck_assert_int_eq(eiti_afile_commit(f, &err), 0);
	ck_assert(!eiti_err_isset(&err));
	text = read_file(path);
	ck_assert_uint_eq(strlen(text), 8 + sizeof(big));
	ck_assert(strncmp(text, "a,b\n1,x\nzzz", 11) == 0);
	ck_assert_int_eq(access(tmp, F_OK), -1);
	ck_assert_int_eq(count_entries(), 1);
	/* mkstemp's 0600 is not kept: the umask decides */
	ck_assert_int_eq(stat(path, &st), 0);
	ck_assert_int_eq(st.st_mode & 0777, 0644);
	free(text);
	free(tmp);

	/* Replacing keeps the mode of the file being replaced. */
	chmod(path, 0600);
	ck_assert_int_eq(eiti_afile_open(&f, path, &err), 0);
	ck_assert_int_eq(eiti_afile_puts(f, "new\n", &err), 0);
	/* two-phase: close first, commit later */
	ck_assert_int_eq(eiti_afile_close(f, &err), 0);
	ck_assert_int_eq(eiti_afile_commit(f, &err), 0);
	text = read_file(path);
	ck_assert_str_eq(text, "new\n");
	ck_assert_int_eq(stat(path, &st), 0);
	ck_assert_int_eq(st.st_mode & 0777, 0600);
	ck_assert_int_eq(count_entries(), 1);
	free(text);
	umask(old);
	remove_tmpdir();
}
END_TEST

START_TEST(test_afile_abort)
{
	struct eiti_err err = EITI_ERR_INIT;
	struct eiti_afile *f = NULL;
	char pathbuf[PATHSZ], *path, *text;

	make_tmpdir();
	path = path_in_tmp(pathbuf, "report.pdf");
	write_file(path, "previous\n");
	ck_assert_int_eq(eiti_afile_open(&f, path, &err), 0);
	ck_assert_int_eq(eiti_afile_puts(f, "half a report", &err), 0);
	ck_assert_int_eq(count_entries(), 2);
	eiti_afile_abort(f);
	eiti_afile_abort(NULL);
	text = read_file(path);
	ck_assert_str_eq(text, "previous\n");
	ck_assert_int_eq(count_entries(), 1);
	free(text);

	/* What a fatal-signal handler calls: every live temp file goes. */
	ck_assert_int_eq(eiti_afile_open(&f, path, &err), 0);
	ck_assert_int_eq(count_entries(), 2);
	eiti_afile_cleanup_signal();
	ck_assert_int_eq(count_entries(), 1);
	eiti_afile_abort(f);
	ck_assert(!eiti_err_isset(&err));
	remove_tmpdir();
}
END_TEST

START_TEST(test_afile_open_fails)
{
	struct eiti_err err = EITI_ERR_INIT;
	struct eiti_afile *f = (struct eiti_afile *)&err;
	char pathbuf[PATHSZ], *path;

	make_tmpdir();
	path = path_in_tmp(pathbuf, "missing-dir/results.xml");
	ck_assert_int_eq(eiti_afile_open(&f, path, &err), -1);
	ck_assert_ptr_null(f);
	ck_assert_int_eq(err.kind, EITI_ERR_IO);
	ck_assert_msg(strstr(err.msg, path) != NULL &&
			  strstr(err.msg, "No such file or directory") != NULL,
	    "message: %s", err.msg);
	remove_tmpdir();
}
END_TEST

/*
 * A write that fails half-way (file-size limit: EFBIG, like ENOSPC on a
 * full disk) must give EITI_ERR_IO naming the path, poison the file,
 * and leave the previous content and no temporary file behind.
 */
static void
efbig_child(const char *path, int fd, int fail_at_commit)
{
	struct eiti_err err = EITI_ERR_INIT;
	struct eiti_afile *f = NULL;
	struct rlimit rl = {1000, 1000};
	char block[4096];
	int rc = 0, i;

	eiti_afile_install_signal_handlers(); /* ignores SIGXFSZ */
	if (setrlimit(RLIMIT_FSIZE, &rl) != 0)
		_exit(90);
	if (eiti_afile_open(&f, path, &err) != 0)
		_exit(91);
	memset(block, 'x', sizeof(block));
	if (fail_at_commit) {
		/* stays in the buffer: the failure comes at the flush */
		rc = eiti_afile_write(f, block, 2000, &err);
		if (rc == 0)
			rc = eiti_afile_commit(f, &err);
		else
			eiti_afile_abort(f);
	} else {
		for (i = 0; i < 64 && rc == 0; i++)
			rc = eiti_afile_write(f, block, sizeof(block), &err);
		/* poisoned: later writes fail too, without a new error */
		if (rc != 0 && eiti_afile_puts(f, "more", &err) != -1)
			_exit(92);
		eiti_afile_abort(f);
	}
	if (write(fd, err.msg, strlen(err.msg)) < 0)
		_exit(93);
	_exit(rc == 0 ? 0 : err.kind);
}

static void
check_efbig(int fail_at_commit)
{
	char pathbuf[PATHSZ], *path, *text, msg[2048] = {0};
	int fds[2], status;
	pid_t pid;
	ssize_t n;

	make_tmpdir();
	path = path_in_tmp(pathbuf, "results.xml");
	write_file(path, "<previous/>\n");
	ck_assert_int_eq(pipe(fds), 0);
	pid = fork();
	ck_assert_int_ge(pid, 0);
	if (pid == 0) {
		close(fds[0]);
		efbig_child(path, fds[1], fail_at_commit);
	}
	close(fds[1]);
	n = read(fds[0], msg, sizeof(msg) - 1);
	close(fds[0]);
	ck_assert_int_eq(waitpid(pid, &status, 0), pid);
	ck_assert_msg(WIFEXITED(status), "child killed by signal %d",
	    WIFSIGNALED(status) ? WTERMSIG(status) : 0);
	ck_assert_int_eq(WEXITSTATUS(status), EITI_ERR_IO);
	ck_assert_int_gt(n, 0);
	ck_assert_msg(
	    strstr(msg, path) != NULL && strstr(msg, "File too large") != NULL,
	    "message: %s", msg);
	text = read_file(path);
	ck_assert_str_eq(text, "<previous/>\n");
	ck_assert_int_eq(count_entries(), 1);
	free(text);
	remove_tmpdir();
}

START_TEST(test_afile_write_fails)
{
	check_efbig(0);
}
END_TEST

START_TEST(test_afile_commit_fails)
{
	check_efbig(1);
}
END_TEST

/* SIGTERM/SIGINT/SIGHUP while a temporary file is live: the handler
 * removes it and the process still dies of that signal. */
static void
check_signal(int sig)
{
	char pathbuf[PATHSZ], *path, *text;
	int fds[2], status;
	char c;
	pid_t pid;

	make_tmpdir();
	path = path_in_tmp(pathbuf, "report.pdf");
	write_file(path, "old pdf\n");
	ck_assert_int_eq(pipe(fds), 0);
	pid = fork();
	ck_assert_int_ge(pid, 0);
	if (pid == 0) {
		struct eiti_err err = EITI_ERR_INIT;
		struct eiti_afile *f[3];
		int i;

		close(fds[0]);
		signal(sig, SIG_DFL);
		eiti_afile_install_signal_handlers();
		for (i = 0; i < 3; i++)
			if (eiti_afile_open(&f[i], path, &err) != 0 ||
			    eiti_afile_puts(f[i], "partial", &err) != 0)
				_exit(91);
		if (write(fds[1], "r", 1) != 1)
			_exit(92);
		for (;;)
			pause();
	}
	close(fds[1]);
	ck_assert_int_eq(read(fds[0], &c, 1), 1);
	close(fds[0]);
	ck_assert_int_eq(count_entries(), 4);
	ck_assert_int_eq(kill(pid, sig), 0);
	ck_assert_int_eq(waitpid(pid, &status, 0), pid);
	ck_assert(WIFSIGNALED(status));
	ck_assert_int_eq(WTERMSIG(status), sig);
	ck_assert_int_eq(count_entries(), 1);
	text = read_file(path);
	ck_assert_str_eq(text, "old pdf\n");
	free(text);
	remove_tmpdir();
}

START_TEST(test_afile_signals)
{
	check_signal(SIGTERM);
	check_signal(SIGINT);
	check_signal(SIGHUP);
}
END_TEST

/* paths.h */

START_TEST(test_path_dirname)
{
	static const char *const v[][2] = {
	    {"a/b/c", "a/b"},
	    {"a", "."},
	    {"/a", "/"},
	    {"/", "/"},
	    {"a/b/", "a"},
	    {"a//b", "a"},
	    {"//a", "/"},
	    {"", "."},
	    {"./x", "."},
	    {"../x/y.xml", "../x"},
	    {"/srv/eiti/manifest.xml", "/srv/eiti"},
	};
	size_t i;

	for (i = 0; i < N(v); i++) {
		char *d = eiti_path_dirname(v[i][0]);

		ck_assert_msg(
		    strcmp(d, v[i][1]) == 0, "dirname(%s) = %s", v[i][0], d);
		free(d);
	}
}
END_TEST

START_TEST(test_path_join)
{
	static const char *const v[][3] = {
	    {"base", "x.xml", "base/x.xml"},
	    {"base/", "x.xml", "base/x.xml"},
	    {"base", "/abs/x.xml", "/abs/x.xml"},
	    {"", "x.xml", "x.xml"},
	    {".", "gov/anm.xml", "./gov/anm.xml"},
	    {"/", "x", "/x"},
	};
	size_t i;
	char *j;

	for (i = 0; i < N(v); i++) {
		j = eiti_path_join(v[i][0], v[i][1]);
		ck_assert_str_eq(j, v[i][2]);
		free(j);
	}
	j = eiti_path_join(NULL, "x");
	ck_assert_str_eq(j, "x");
	free(j);
}
END_TEST

START_TEST(test_path_normalize)
{
	static const char *const v[][2] = {
	    {"a/./b/../c", "a/c"},
	    {"./empresas/../empresas//x.xml", "empresas/x.xml"},
	    {"/..", "/"},
	    {"/a/../../b", "/b"},
	    {"../x", "../x"},
	    {"a/../../x", "../x"},
	    {"../../a/..", "../.."},
	    {".", "."},
	    {"a/..", "."},
	    {"", "."},
	    {"/", "/"},
	    {"//a//b/", "/a/b"},
	    {"dir/x.xml", "dir/x.xml"},
	};
	size_t i;

	for (i = 0; i < N(v); i++) {
		char *n = eiti_path_normalize(v[i][0]);

		ck_assert_msg(
		    strcmp(n, v[i][1]) == 0, "normalize(%s) = %s", v[i][0], n);
		free(n);
	}
}
END_TEST

START_TEST(test_path_file_url)
{
	static const char *const ok[][2] = {
	    {"file:gov/a%20b.xml", "gov/a b.xml"},
	    {"file:c%2Exml", "c.xml"},
	    {"FILE:/abs/x.xml", "/abs/x.xml"},
	    {"file:///abs/x.xml", "/abs/x.xml"},
	    {"file://localhost/abs/x.xml", "/abs/x.xml"},
	    {"file://LocalHost/abs/x.xml", "/abs/x.xml"},
	    {"file:a%zz.xml", "a%zz.xml"},
	};
	static const char *const bad[] = {
	    "file://server/share/a.xml",
	    "file:a%00.xml",
	    "file:a.xml?x=1",
	    "file:a.xml#f",
	    "file:",
	    "file://localhost",
	};
	const char *why;
	size_t i;

	for (i = 0; i < N(ok); i++) {
		char *p = eiti_path_from_file_url(ok[i][0], &why);

		ck_assert_msg(p != NULL && strcmp(p, ok[i][1]) == 0,
		    "%s gives %s", ok[i][0], p != NULL ? p : "NULL");
		free(p);
	}
	for (i = 0; i < N(bad); i++) {
		why = NULL;
		ck_assert_msg(eiti_path_from_file_url(bad[i], &why) == NULL &&
				  why != NULL,
		    "%s accepted", bad[i]);
	}
}
END_TEST

START_TEST(test_url_redact)
{
	static const char *const v[][2] = {
	    {"https://ana:s3cret@example.org/a.xml",
		"https://example.org/a.xml"},
	    {"http://ana@example.org:8080/a", "http://example.org:8080/a"},
	    {"http://ana:p@ss@example.org/a", "http://example.org/a"},
	    {"HTTPS://a:b@h", "HTTPS://h"},
	    {"fetch: http://a:b@h/x: HTTP 401; moved from https://c:d@h2/y",
		"fetch: http://h/x: HTTP 401; moved from https://h2/y"},
	    {"'http://a:b@h/x'", "'http://h/x'"},
	    {"http://example.org/a@b.xml", "http://example.org/a@b.xml"},
	    {"http://example.org/?u=a@b", "http://example.org/?u=a@b"},
	    {"mail ana@example.org", "mail ana@example.org"},
	    {"://a:b@h", "://a:b@h"},
	    {"x1http://a:b@h", "x1http://h"},
	    {"", ""},
	    {"no url here", "no url here"},
	};
	size_t i;

	for (i = 0; i < N(v); i++) {
		char *r = eiti_url_redacted(v[i][0]);

		ck_assert_msg(
		    strcmp(r, v[i][1]) == 0, "redact(%s) = %s", v[i][0], r);
		free(r);
	}
	ck_assert_ptr_null(eiti_url_redacted(NULL));
	ck_assert(eiti_url_has_userinfo("https://a:b@h/x"));
	ck_assert(eiti_url_has_userinfo("http://a@h"));
	ck_assert(!eiti_url_has_userinfo("https://h/a@b"));
	ck_assert(!eiti_url_has_userinfo("empresas/a@b.xml"));
	ck_assert(!eiti_url_has_userinfo(NULL));
}
END_TEST

/* Every printer gets redacted text: findings (message, file, place) and
 * errors. */
START_TEST(test_redact_printers)
{
	struct eiti_diags d;
	struct eiti_err err = EITI_ERR_INIT;
	char *buf = NULL;
	size_t len = 0;
	FILE *fp;

	eiti_diags_init(&d);
	eiti_finding(&d, EITI_RULE_FETCH_HTTP, "http://a:s3cret@h/m.xml", 1, 1,
	    "%s: HTTP 401", "https://a:s3cret@h/x.xml");
	eiti_finding_at(
	    &d, EITI_RULE_FETCH_HTTP, "m.xml", "ftp://u:s3cret@h", "x");
	fp = open_memstream(&buf, &len);
	eiti_diags_print_text(&d, fp);
	eiti_diags_print_json(&d, fp);
	fclose(fp);
	ck_assert_ptr_null(strstr(buf, "s3cret"));
	ck_assert_ptr_nonnull(strstr(buf, "https://h/x.xml: HTTP 401"));
	free(buf);
	eiti_diags_free(&d);
	eiti_err_set(&err, EITI_ERR_FETCH, "fetch: %s", "http://a:s3cret@h/");
	ck_assert_str_eq(err.msg, "fetch: http://h/");
}
END_TEST

START_TEST(test_datadir)
{
	char *saved = NULL, *f;
	const char *env = getenv("EITIREP_DATADIR");

	if (env != NULL)
		saved = eiti_xstrdup(env);
	ck_assert_int_eq(setenv("EITIREP_DATADIR", "/opt/eiti-data", 1), 0);
	ck_assert_str_eq(eiti_datadir(), "/opt/eiti-data");
	f = eiti_datafile("schemas/disclosure.xsd");
	ck_assert_str_eq(f, "/opt/eiti-data/schemas/disclosure.xsd");
	free(f);
	/* An empty variable counts as unset. */
	setenv("EITIREP_DATADIR", "", 1);
	ck_assert_str_eq(eiti_datadir(), EITI_SRCDIR);
	/* This test binary lives in the build tree, so the source tree is
	 * used, not $(pkgdatadir). */
	unsetenv("EITIREP_DATADIR");
	ck_assert_str_eq(eiti_datadir(), EITI_SRCDIR);
	f = eiti_datafile("templates");
	ck_assert_str_eq(f, EITI_SRCDIR "/templates");
	free(f);
	if (saved != NULL)
		setenv("EITIREP_DATADIR", saved, 1);
	free(saved);
}
END_TEST

/* CLDR plural categories of counts (core/plural.h). */
START_TEST(test_plural)
{
	static const struct {
		const char *lang;
		uint64_t n;
		const char *want;
	} v[] = {
	    {"es", 0, "other"},
	    {"es", 1, "one"},
	    {"es", 2, "other"},
	    {"es", 21, "other"},
	    {"es", 1000000, "many"},
	    {"es", 2000000, "many"},
	    {"es", 1000001, "other"},
	    {"en", 0, "other"},
	    {"en", 1, "one"},
	    {"en", 2, "other"},
	    {"en", 1000000, "other"},
	    {"en-GB", 1, "one"},
	    {NULL, 1, "one"},
	    {"xx", 1, "one"},
	    {"xx", 7, "other"},
	    {"fr", 0, "one"},
	    {"fr", 1, "one"},
	    {"fr", 2, "other"},
	    {"pt-BR", 0, "one"},
	    {"ru", 1, "one"},
	    {"ru", 11, "many"},
	    {"ru", 21, "one"},
	    {"ru", 3, "few"},
	    {"ru", 13, "many"},
	    {"ru", 24, "few"},
	    {"ru", 5, "many"},
	    {"pl", 1, "one"},
	    {"pl", 22, "few"},
	    {"pl", 21, "many"},
	    {"cs", 3, "few"},
	    {"cs", 5, "other"},
	    {"ar", 0, "zero"},
	    {"ar", 2, "two"},
	    {"ar", 103, "few"},
	    {"ar", 111, "many"},
	    {"ar", 100, "other"},
	    {"ja", 1, "other"},
	    {"zh-Hans", 1, "other"},
	    {"es", UINT64_MAX, "other"},
	};
	size_t i;

	for (i = 0; i < N(v); i++)
		ck_assert_msg(strcmp(eiti_plural_name(eiti_plural_category(
					 v[i].lang, v[i].n)),
				  v[i].want) == 0,
		    "%s %llu", v[i].lang ? v[i].lang : "NULL",
		    (unsigned long long)v[i].n);
	ck_assert_int_eq(eiti_plural_parse("many", 4), EITI_PL_MANY);
	ck_assert_int_eq(eiti_plural_parse("other}", 5), EITI_PL_OTHER);
	ck_assert_int_eq(eiti_plural_parse("on", 2), -1);
	ck_assert_str_eq(eiti_plural_en(1, "key", "keys"), "key");
	ck_assert_str_eq(eiti_plural_en(0, "key", "keys"), "keys");
}
END_TEST

static void
grouped(void *ud, char *buf, int64_t n)
{
	(void)ud;
	snprintf(buf, 64, "<%lld>", (long long)n);
}

/* Messages with counts and variants (core/message.h). */
START_TEST(test_message)
{
	static const char *const nonrep =
	    "{n, plural, =0 {Todas presentaron.} one {# empresa no "
	    "presentó.} other {# empresas no presentaron.}}";
	static const struct {
		const char *pattern, *lang;
		int64_t n;
		const char *want;
	} v[] = {
	    {"{n, plural, =0 {Todas presentaron.} one {# empresa no "
	     "presentó.} other {# empresas no presentaron.}}",
		"es", 0, "Todas presentaron."},
	    {NULL, "es", 1, "<1> empresa no presentó."},
	    {NULL, "es", 2, "<2> empresas no presentaron."},
	    {NULL, "es", 1000000, "<1000000> empresas no presentaron."},
	    {"{n, plural, one {# key} other {# keys}}", "en", 1, "<1> key"},
	    {"{n, plural, one {# key} other {# keys}}", "en", 0, "<0> keys"},
	    {"{n, plural, =1 {one} =2 {two} other {#}} x", "en", 2, "two x"},
	    {"{n, plural, other {# {s}}}", "en", 3, "<3> word"},
	    {"a {n} b {s} c {missing} d", "en", 7,
		"a <7> b word c {missing} d"},
	    {"{s, select, word {W} other {O}}", "en", 0, "W"},
	    {"{t, select, word {W} other {O}}", "en", 0, "O"},
	    {"# {n, plural, one {#} other {#}} #", "en", 5, "# <5> #"},
	    {"stray { and } braces {n", "en", 1, "stray { and } braces {n"},
	    {"{n, plural, one {x}}", "en", 2, "{n, plural, one {x}}"},
	    {"{n, plural, one {x} other {y} junk}", "en", 1,
		"{n, plural, one {x} other {y} junk}"},
	    {"{n, bogus, other {x}}", "en", 1, "{n, bogus, other {x}}"},
	    {"", "en", 1, ""},
	};
	const char *prev = NULL;
	size_t i;

	for (i = 0; i < N(v); i++) {
		const char *pat = v[i].pattern ? v[i].pattern : prev;
		struct eiti_msg_arg a[3] = {EITI_MSG_N("n", v[i].n),
		    EITI_MSG_S("s", "word"), EITI_MSG_S("t", "other-word")};
		char *out =
		    eiti_msg_format(pat, a, 3, v[i].lang, grouped, NULL);

		ck_assert_msg(strcmp(out, v[i].want) == 0,
		    "%zu: '%s', want '%s'", i, out, v[i].want);
		free(out);
		prev = pat;
	}
	(void)nonrep;
	{
		char why[128];
		static const char *const good[] = {"plain", "{a}",
		    "{n, plural, =0 {none} one {# x} other {# xs}}",
		    "{n, plural, many {m} other {o}} {s, select, a {1} other "
		    "{2}}",
		    "x {n, plural, other {{m, plural, one {#} other {#}}}}"};
		static const char *const bad[] = {"{", "}", "a {b",
		    "{n, plural}", "{n, plural, one {x}}",
		    "{n, plural, lots {x} other {y}}",
		    "{n, plural, =x {x} other {y}}", "{1 2}",
		    "{a,plural,other{{b,plural,other{{c,plural,other{{d,plural,"
		    "other{{e,plural,other{{f,plural,other{{g,plural,other{{h,"
		    "plural,other{{i,plural,other{x}}}}}}}}}}}}}}}}}}"};

		for (i = 0; i < N(good); i++)
			ck_assert_msg(eiti_msg_check(good[i], why, sizeof(why)),
			    "%s: %s", good[i], why);
		for (i = 0; i < N(bad); i++) {
			ck_assert_msg(!eiti_msg_check(bad[i], why, sizeof(why)),
			    "%s accepted", bad[i]);
			ck_assert(why[0] != '\0');
		}
	}
}
END_TEST

/* afile.h groups, sweep and directory lock; paths.h mkdirs */

START_TEST(test_afile_group)
{
	struct eiti_err err = EITI_ERR_INIT;
	struct eiti_afile_group *g = NULL;
	struct eiti_afile *a, *b;
	char pa[PATHSZ], pb[PATHSZ], *text;

	make_tmpdir();
	path_in_tmp(pa, "results.xml");
	path_in_tmp(pb, "results.csv");
	write_file(pa, "old xml\n");
	write_file(pb, "old csv\n");

	/* a group abandoned half-way: nothing changes, nothing is left */
	ck_assert_int_eq(eiti_afile_group_open(&g, tmpdir, &err), 0);
	ck_assert_int_eq(eiti_afile_group_add(g, &a, "results.xml", &err), 0);
	ck_assert_int_eq(eiti_afile_group_add(g, &b, "results.csv", &err), 0);
	ck_assert_int_eq(eiti_afile_puts(a, "new xml\n", &err), 0);
	ck_assert_int_eq(count_entries(), 4);
	eiti_afile_group_abort(g);
	eiti_afile_group_abort(NULL);
	ck_assert_int_eq(count_entries(), 2);
	text = read_file(pa);
	ck_assert_str_eq(text, "old xml\n");
	free(text);

	/* a file of the group that cannot be opened (a directory is in
	 * its place): the group is abandoned, the other output intact */
	ck_assert_int_eq(mkdir(path_in_tmp(pb, "report.pdf"), 0777), 0);
	ck_assert_int_eq(eiti_afile_group_open(&g, tmpdir, &err), 0);
	ck_assert_int_eq(eiti_afile_group_add(g, &a, "results.xml", &err), 0);
	ck_assert_int_eq(eiti_afile_puts(a, "new xml\n", &err), 0);
	ck_assert_int_eq(eiti_afile_group_add(g, &b, "report.pdf", &err), -1);
	ck_assert_ptr_null(b);
	ck_assert_int_eq(err.kind, EITI_ERR_IO);
	eiti_afile_group_abort(g);
	ck_assert_int_eq(rmdir(pb), 0);
	text = read_file(pa);
	ck_assert_str_eq(text, "old xml\n");
	free(text);
	ck_assert_int_eq(count_entries(), 2);

	/* complete: both replaced, in one commit */
	memset(&err, 0, sizeof(err));
	ck_assert_int_eq(eiti_afile_group_open(&g, tmpdir, &err), 0);
	ck_assert_int_eq(eiti_afile_group_add(g, &a, "results.xml", &err), 0);
	ck_assert_int_eq(eiti_afile_group_add(g, &b, "results.csv", &err), 0);
	ck_assert_int_eq(eiti_afile_puts(a, "new xml\n", &err), 0);
	ck_assert_int_eq(eiti_afile_puts(b, "new csv\n", &err), 0);
	ck_assert_int_eq(eiti_afile_close(a, &err), 0); /* may close early */
	ck_assert_int_eq(eiti_afile_group_commit(g, &err), 0);
	ck_assert_int_eq(count_entries(), 2);
	text = read_file(path_in_tmp(pa, "results.xml"));
	ck_assert_str_eq(text, "new xml\n");
	free(text);
	text = read_file(path_in_tmp(pb, "results.csv"));
	ck_assert_str_eq(text, "new csv\n");
	free(text);

	/* the directory must exist and be one */
	ck_assert_int_eq(
	    eiti_afile_group_open(&g, path_in_tmp(pa, "nowhere"), &err), -1);
	ck_assert_ptr_null(g);
	ck_assert_int_eq(
	    eiti_afile_group_open(&g, path_in_tmp(pa, "results.csv"), &err),
	    -1);
	ck_assert_ptr_null(g);
	remove_tmpdir();
}
END_TEST

static int nswept;

static void
on_swept(void *ud, const char *path)
{
	ck_assert_ptr_eq(ud, &nswept);
	ck_assert_ptr_nonnull(strstr(path, "/.report.pdf.tmp."));
	nswept++;
}

START_TEST(test_afile_sweep)
{
	char p[PATHSZ];

	make_tmpdir();
	write_file(path_in_tmp(p, "report.pdf"), "kept\n");
	write_file(path_in_tmp(p, ".report.pdf.tmp.AbC123"), "left\n");
	write_file(path_in_tmp(p, ".report.pdf.tmp.dEf456"), "left\n");
	/* not what eiti_afile_open() makes for report.pdf: kept */
	write_file(path_in_tmp(p, ".report.pdf.tmp.toolong"), "x\n");
	write_file(path_in_tmp(p, ".report.pdfx.tmp.AbC123"), "x\n");
	write_file(path_in_tmp(p, "report.pdf.tmp.AbC123"), "x\n");
	nswept = 0;
	eiti_afile_sweep(path_in_tmp(p, "report.pdf"), on_swept, &nswept);
	ck_assert_int_eq(nswept, 2);
	ck_assert_int_eq(count_entries(), 4);
	eiti_afile_sweep(path_in_tmp(p, "missing/report.pdf"), NULL, NULL);
	remove_tmpdir();
}
END_TEST

START_TEST(test_afile_lock_dir)
{
	struct eiti_err err = EITI_ERR_INIT;
	char p[PATHSZ];
	int fd = -1, fd2 = -1;

	make_tmpdir();
	ck_assert_int_eq(eiti_afile_lock_dir(&fd, tmpdir, &err), 0);
	ck_assert_int_ge(fd, 0);
	/* held: a second lock (another open file) is refused, err kept
	 * for the caller's own message */
	ck_assert_int_eq(eiti_afile_lock_dir(&fd2, tmpdir, &err), 1);
	ck_assert_int_eq(fd2, -1);
	ck_assert(!eiti_err_isset(&err));
	/* nothing is created in the directory */
	ck_assert_int_eq(count_entries(), 0);
	eiti_afile_unlock_dir(fd);
	ck_assert_int_eq(eiti_afile_lock_dir(&fd2, tmpdir, &err), 0);
	eiti_afile_unlock_dir(fd2);
	eiti_afile_unlock_dir(-1);
	ck_assert_int_eq(
	    eiti_afile_lock_dir(&fd, path_in_tmp(p, "missing"), &err), -1);
	ck_assert_int_eq(err.kind, EITI_ERR_IO);
	ck_assert_ptr_nonnull(strstr(err.msg, "missing"));
	remove_tmpdir();
}
END_TEST

START_TEST(test_path_mkdirs)
{
	struct eiti_err err = EITI_ERR_INIT;
	char p[PATHSZ];
	struct stat st;

	make_tmpdir();
	ck_assert_int_eq(eiti_path_mkdirs(path_in_tmp(p, "a/b/c"), &err), 0);
	ck_assert_int_eq(stat(p, &st), 0);
	ck_assert(S_ISDIR(st.st_mode));
	/* again, and with a trailing slash: nothing to do */
	ck_assert_int_eq(eiti_path_mkdirs(p, &err), 0);
	ck_assert_int_eq(eiti_path_mkdirs(path_in_tmp(p, "a/b/"), &err), 0);
	ck_assert(!eiti_err_isset(&err));
	/* a file in the way */
	write_file(path_in_tmp(p, "a/file"), "x\n");
	ck_assert_int_eq(eiti_path_mkdirs(p, &err), -1);
	ck_assert_int_eq(err.kind, EITI_ERR_IO);
	ck_assert_ptr_nonnull(strstr(err.msg, "not a directory"));
	memset(&err, 0, sizeof(err));
	ck_assert_int_eq(
	    eiti_path_mkdirs(path_in_tmp(p, "a/file/sub"), &err), -1);
	ck_assert_int_eq(err.kind, EITI_ERR_IO);
	ck_assert_ptr_nonnull(strstr(err.msg, "cannot create directory"));
	memset(&err, 0, sizeof(err));
	ck_assert_int_eq(eiti_path_mkdirs("", &err), -1);
	ck_assert_int_eq(err.kind, EITI_ERR_IO);
	unlink(path_in_tmp(p, "a/file"));
	rmdir(path_in_tmp(p, "a/b/c"));
	rmdir(path_in_tmp(p, "a/b"));
	rmdir(path_in_tmp(p, "a"));
	remove_tmpdir();
}
END_TEST

/* clock.h */

START_TEST(test_clock)
{
	static const char *const bad[] = {"soon", "-1", "+1", " 1", "1 ", "1e9",
	    "0x10", "253402300800", "9999999999999", "1.5"};
	struct eiti_err err = EITI_ERR_INIT;
	struct eiti_clock c;
	char buf[EITI_CLOCK_ISO_BUFSZ], *saved = NULL;
	size_t i;

	if (getenv("SOURCE_DATE_EPOCH") != NULL)
		saved = eiti_xstrdup(getenv("SOURCE_DATE_EPOCH"));
	setenv("SOURCE_DATE_EPOCH", "1700000000", 1);
	ck_assert_int_eq(eiti_clock_read(&c, &err), 0);
	ck_assert(c.fixed);
	ck_assert_int_eq(c.now, 1700000000);
	eiti_clock_iso8601(c.now, buf);
	ck_assert_str_eq(buf, "2023-11-14T22:13:20Z");
	setenv("SOURCE_DATE_EPOCH", "0", 1);
	ck_assert_int_eq(eiti_clock_read(&c, &err), 0);
	eiti_clock_iso8601(c.now, buf);
	ck_assert_str_eq(buf, "1970-01-01T00:00:00Z");
	setenv("SOURCE_DATE_EPOCH", "253402300799", 1);
	ck_assert_int_eq(eiti_clock_read(&c, &err), 0);
	eiti_clock_iso8601(c.now, buf);
	ck_assert_str_eq(buf, "9999-12-31T23:59:59Z");
	ck_assert(!eiti_err_isset(&err));
	/* every bad value: a configuration error naming the variable and
	 * the value */
	for (i = 0; i < N(bad); i++) {
		memset(&err, 0, sizeof(err));
		setenv("SOURCE_DATE_EPOCH", bad[i], 1);
		ck_assert_int_eq(eiti_clock_read(&c, &err), -1);
		ck_assert_int_eq(err.kind, EITI_ERR_CONFIG);
		ck_assert_ptr_nonnull(strstr(err.msg, "SOURCE_DATE_EPOCH"));
		ck_assert_ptr_nonnull(strstr(err.msg, bad[i]));
	}
	/* unset or empty: the system's time, not fixed */
	setenv("SOURCE_DATE_EPOCH", "", 1);
	ck_assert_int_eq(eiti_clock_read(&c, &err), 0);
	ck_assert(!c.fixed);
	ck_assert_int_gt(c.now, 1700000000);
	unsetenv("SOURCE_DATE_EPOCH");
	ck_assert_int_eq(eiti_clock_read(&c, &err), 0);
	ck_assert(!c.fixed);
	c = eiti_clock_at(86400);
	ck_assert(c.fixed);
	eiti_clock_iso8601(c.now, buf);
	ck_assert_str_eq(buf, "1970-01-02T00:00:00Z");
	if (saved != NULL)
		setenv("SOURCE_DATE_EPOCH", saved, 1);
	free(saved);
}
END_TEST

static Suite *
core_suite(void)
{
	Suite *s = suite_create("core");
	/* Not static: Check's test handles are pointer variables. */
	const struct {
		const char *name;
		const TTest *test;
	} cases[] = {
	    {"err-first-wins", test_err_first_wins},
	    {"err-truncates", test_err_truncates},
	    {"xalloc", test_xalloc},
	    {"xalloc-oom", test_xalloc_oom},
	    {"arena", test_arena},
	    {"diag-text", test_diag_text},
	    {"diag-json", test_diag_json},
	    {"diag-where", test_diag_where},
	    {"diag-cap", test_diag_cap},
	    {"diag-cap-one", test_diag_cap_one},
	    {"rules-registry", test_rules_registry},
	    {"diag-sev-copy", test_diag_sev_copy},
	    {"afile-commit", test_afile_commit},
	    {"afile-abort", test_afile_abort},
	    {"afile-open-fails", test_afile_open_fails},
	    {"afile-write-fails", test_afile_write_fails},
	    {"afile-commit-fails", test_afile_commit_fails},
	    {"afile-signals", test_afile_signals},
	    {"afile-group", test_afile_group},
	    {"afile-sweep", test_afile_sweep},
	    {"afile-lock-dir", test_afile_lock_dir},
	    {"path-mkdirs", test_path_mkdirs},
	    {"clock", test_clock},
	    {"path-dirname", test_path_dirname},
	    {"path-join", test_path_join},
	    {"path-normalize", test_path_normalize},
	    {"path-file-url", test_path_file_url},
	    {"url-redact", test_url_redact},
	    {"redact-printers", test_redact_printers},
	    {"datadir", test_datadir},
	    {"plural", test_plural},
	    {"message", test_message},
	};
	size_t i;

	for (i = 0; i < N(cases); i++) {
		TCase *tc = tcase_create(cases[i].name);

		tcase_add_test(tc, cases[i].test);
		suite_add_tcase(s, tc);
	}
	return s;
}

int
main(void)
{
	SRunner *sr = srunner_create(core_suite());
	int failed;

	srunner_set_fork_status(sr, CK_NOFORK);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
