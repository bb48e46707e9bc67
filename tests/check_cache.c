/*
 * check_cache.c - the cache layout, provenance records and
 * eiti_source_resolve() for local files, file: URLs and cached http(s)
 * sources.  Works in a fresh directory under $TMPDIR.
 */
#include "config.h"

#include <check.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cache/cache.h"
#include "core/afile.h"
#include "core/sha256.h"

#define ABC_SHA                                                                \
	"ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"

static char tmpdir[4096];

static void
rm_rf(const char *path)
{
	struct stat st;
	DIR *d;
	struct dirent *e;

	if (lstat(path, &st) != 0)
		return;
	if (!S_ISDIR(st.st_mode)) {
		unlink(path);
		return;
	}
	d = opendir(path);
	if (d != NULL) {
		while ((e = readdir(d)) != NULL) {
			char sub[4096];

			if (strcmp(e->d_name, ".") == 0 ||
			    strcmp(e->d_name, "..") == 0)
				continue;
			snprintf(sub, sizeof(sub), "%s/%s", path, e->d_name);
			rm_rf(sub);
		}
		closedir(d);
	}
	rmdir(path);
}

static void
setup(void)
{
	const char *t = getenv("TMPDIR");

	snprintf(tmpdir, sizeof(tmpdir), "%s/check_cache.XXXXXX",
	    t != NULL && t[0] != '\0' ? t : "/tmp");
	ck_assert_ptr_nonnull(mkdtemp(tmpdir));
}

static void
teardown(void)
{
	rm_rf(tmpdir);
}

static void
write_file(const char *path, const char *text)
{
	FILE *fp = fopen(path, "w");

	ck_assert_ptr_nonnull(fp);
	fputs(text, fp);
	ck_assert_int_eq(fclose(fp), 0);
}

static char *
read_file(const char *path)
{
	static char buf[8192];
	FILE *fp = fopen(path, "r");
	size_t n;

	ck_assert_ptr_nonnull(fp);
	n = fread(buf, 1, sizeof(buf) - 1, fp);
	buf[n] = '\0';
	fclose(fp);
	return buf;
}

static void
mkdirs_for(const char *file)
{
	char buf[8192];
	char *p;

	snprintf(buf, sizeof(buf), "%s", file);
	for (p = buf + 1; *p != '\0'; p++) {
		if (*p != '/')
			continue;
		*p = '\0';
		mkdir(buf, 0777);
		*p = '/';
	}
}

/* --- default directory and layout ---------------------------------- */

START_TEST(test_default_dir)
{
	char *saved_xdg =
	    getenv("XDG_CACHE_HOME") ? strdup(getenv("XDG_CACHE_HOME")) : NULL;
	char *saved_home = getenv("HOME") ? strdup(getenv("HOME")) : NULL;
	char *d;

	setenv("XDG_CACHE_HOME", "/x/cache", 1);
	setenv("HOME", "/home/u", 1);
	d = eiti_cache_default_dir();
	ck_assert_str_eq(d, "/x/cache/eitirep");
	free(d);
	/* A relative XDG_CACHE_HOME is ignored (XDG Base Directory). */
	setenv("XDG_CACHE_HOME", "rel", 1);
	d = eiti_cache_default_dir();
	ck_assert_str_eq(d, "/home/u/.cache/eitirep");
	free(d);
	unsetenv("XDG_CACHE_HOME");
	d = eiti_cache_default_dir();
	ck_assert_str_eq(d, "/home/u/.cache/eitirep");
	free(d);
	if (saved_xdg != NULL)
		setenv("XDG_CACHE_HOME", saved_xdg, 1);
	if (saved_home != NULL)
		setenv("HOME", saved_home, 1);
	else
		unsetenv("HOME");
	free(saved_xdg);
	free(saved_home);
}
END_TEST

START_TEST(test_paths)
{
	char *body, *meta;
	/* sha256("abc") names the entry of the URL "abc". */
	eiti_cache_paths("/c", "abc", &body, &meta);
	ck_assert_str_eq(body, "/c/objects/ba/" ABC_SHA ".body");
	ck_assert_str_eq(meta, "/c/objects/ba/" ABC_SHA ".meta");
	free(body);
	free(meta);
}
END_TEST

START_TEST(test_is_remote)
{
	ck_assert(eiti_href_is_remote("http://a/b"));
	ck_assert(eiti_href_is_remote("HTTPS://a/b"));
	ck_assert(!eiti_href_is_remote("file:a.xml"));
	ck_assert(!eiti_href_is_remote("httpdocs/a.xml"));
	ck_assert(!eiti_href_is_remote("ftp://a/b"));
}
END_TEST

/* --- provenance records --------------------------------------------- */

START_TEST(test_meta_roundtrip)
{
	struct eiti_err err = EITI_ERR_INIT;
	struct eiti_provenance p = {0}, q;
	char path[4200];

	snprintf(path, sizeof(path), "%s/x.meta", tmpdir);
	p.url = strdup("https://example.org/a.xml");
	p.final_url = strdup("https://cdn.example.org/a.xml");
	p.http_status = 200;
	p.etag = strdup("\"we\\ird\nvalue\r\"");
	p.last_modified = NULL;
	p.bytes = 1234567890123LL;
	memcpy(p.sha256, ABC_SHA, 65);
	p.retrieved = strdup("2026-11-27T10:00:00Z");
	p.outcome = strdup("fetched");
	ck_assert_int_eq(eiti_cache_meta_write(path, &p, &err), 0);
	/* One value per line: the newline inside the ETag is escaped. */
	ck_assert_ptr_nonnull(
	    strstr(read_file(path), "etag: \"we\\\\ird\\nvalue\\r\"\n"));
	ck_assert_ptr_null(strstr(read_file(path), "last-modified"));
	ck_assert_int_eq(eiti_cache_meta_read(path, &q, &err), 0);
	ck_assert_str_eq(q.url, p.url);
	ck_assert_str_eq(q.final_url, p.final_url);
	ck_assert_int_eq(q.http_status, 200);
	ck_assert_str_eq(q.etag, p.etag);
	ck_assert_ptr_null(q.last_modified);
	ck_assert_int_eq(q.bytes, 1234567890123LL);
	ck_assert_str_eq(q.sha256, ABC_SHA);
	ck_assert_str_eq(q.retrieved, p.retrieved);
	ck_assert_str_eq(q.outcome, "fetched");
	eiti_provenance_free(&q);
	eiti_provenance_free(&p);
	ck_assert_ptr_null(p.url);
	eiti_provenance_free(NULL);
}
END_TEST

START_TEST(test_meta_errors)
{
	struct eiti_err err = EITI_ERR_INIT;
	struct eiti_provenance q;
	char path[4200];

	snprintf(path, sizeof(path), "%s/missing.meta", tmpdir);
	ck_assert_int_eq(eiti_cache_meta_read(path, &q, &err), -1);
	ck_assert_int_eq(err.kind, EITI_ERR_IO);
	ck_assert_ptr_nonnull(strstr(err.msg, "has not been fetched"));

	snprintf(path, sizeof(path), "%s/bad.meta", tmpdir);
	write_file(path, "hello\n");
	memset(&err, 0, sizeof(err));
	ck_assert_int_eq(eiti_cache_meta_read(path, &q, &err), -1);
	ck_assert_ptr_nonnull(strstr(err.msg, "not an eitirep provenance"));

	write_file(path, "eitirep-provenance: 1\nurl: http://a/\nbytes: 3\n");
	memset(&err, 0, sizeof(err));
	ck_assert_int_eq(eiti_cache_meta_read(path, &q, &err), -1);
	ck_assert_ptr_nonnull(strstr(err.msg, "incomplete"));
	ck_assert_ptr_null(q.url); /* nothing leaks out on failure */

	write_file(path, "eitirep-provenance: 1\nurl: http://a/\nbytes: x\n");
	memset(&err, 0, sizeof(err));
	ck_assert_int_eq(eiti_cache_meta_read(path, &q, &err), -1);
	ck_assert_ptr_nonnull(strstr(err.msg, ":3: bad bytes"));

	/* Unknown keys are a later version's business; upper-case hex is
	 * normalised. */
	write_file(path, "eitirep-provenance: 1\nurl: http://a/\nbytes: 3\n"
			 "future-field: 1\nsha256: BA7816BF8F01CFEA414140DE5D"
			 "AE2223B00361A396177A9CB410FF61F20015AD\n");
	memset(&err, 0, sizeof(err));
	ck_assert_int_eq(eiti_cache_meta_read(path, &q, &err), 0);
	ck_assert_str_eq(q.sha256, ABC_SHA);
	ck_assert_str_eq(q.final_url, "http://a/");
	eiti_provenance_free(&q);
}
END_TEST

/* --- resolving local references -------------------------------------- */

/* Why the last resolve() returned 1. */
static struct eiti_source_problem WHY;

static int
resolve(struct eiti_provenance *p, const char *href, const char *cache,
    const char *pin, struct eiti_err *err)
{
	memset(err, 0, sizeof(*err));
	return eiti_source_resolve(p, href, tmpdir, cache, pin, &WHY, err);
}

/* The whole content of fd from where it is, as a string. */
static char *
slurp(int fd)
{
	static char buf[256];
	ssize_t n = read(fd, buf, sizeof(buf) - 1);

	ck_assert_int_ge(n, 0);
	buf[n] = '\0';
	return buf;
}

START_TEST(test_resolve_local)
{
	static const char *const hrefs[] = {
	    "gov/a b.xml",
	    "file:gov/a%20b.xml",
	    "./gov/a b.xml",
	    "file:gov/a%20b%2Exml",
	};
	struct eiti_err err;
	struct eiti_provenance p;
	char path[4200], abs_url[4300];
	size_t i;

	snprintf(path, sizeof(path), "%s/gov/a b.xml", tmpdir);
	mkdirs_for(path);
	write_file(path, "abc");
	for (i = 0; i < sizeof(hrefs) / sizeof(hrefs[0]); i++) {
		ck_assert_int_eq(resolve(&p, hrefs[i], NULL, NULL, &err), 0);
		ck_assert_str_eq(p.sha256, ABC_SHA);
		ck_assert_int_eq(p.bytes, 3);
		ck_assert_int_eq(p.http_status, 0);
		ck_assert_str_eq(p.outcome, "local");
		/* recorded as the manifest writes it, never as a path of
		 * this machine */
		ck_assert_str_eq(p.url, hrefs[i]);
		ck_assert_str_eq(p.final_url, hrefs[i]);
		eiti_provenance_free(&p);
	}
	/* Absolute file: URLs, with and without an empty or localhost
	 * authority. */
	snprintf(abs_url, sizeof(abs_url), "file://%s/gov/a%%20b.xml", tmpdir);
	ck_assert_int_eq(resolve(&p, abs_url, NULL, NULL, &err), 0);
	ck_assert_str_eq(p.url, abs_url);
	eiti_provenance_free(&p);
	snprintf(abs_url, sizeof(abs_url), "FILE://localhost%s/gov/a%%20b.xml",
	    tmpdir);
	ck_assert_int_eq(resolve(&p, abs_url, NULL, ABC_SHA, &err), 0);
	eiti_provenance_free(&p);
	snprintf(abs_url, sizeof(abs_url), "file:%s/gov/a%%20b.xml", tmpdir);
	ck_assert_int_eq(resolve(&p, abs_url, NULL, NULL, &err), 0);
	ck_assert_str_eq(p.sha256, ABC_SHA);
	eiti_provenance_free(&p);
}
END_TEST

/* One read: the descriptor eiti_source_open() gives reads the file that
 * was there when it was opened, whatever replaces it by its path, and the
 * check takes the digest of what was read. */
START_TEST(test_source_open_once)
{
	struct eiti_err err = EITI_ERR_INIT;
	struct eiti_provenance p;
	char path[4200], tmp[4200];
	int fd;

	snprintf(path, sizeof(path), "%s/once.xml", tmpdir);
	snprintf(tmp, sizeof(tmp), "%s/once.new", tmpdir);
	write_file(path, "abc");
	ck_assert_int_eq(eiti_source_open(&fd, &p, "once.xml", tmpdir, NULL,
			     ABC_SHA, &WHY, &err),
	    0);
	ck_assert_str_eq(p.outcome, "local");
	ck_assert_str_eq(p.sha256, ""); /* nothing read yet */
	write_file(tmp, "abd");
	ck_assert_int_eq(rename(tmp, path), 0);
	ck_assert_str_eq(slurp(fd), "abc");
	close(fd);
	ck_assert_int_eq(
	    eiti_source_check(&p, "once.xml", ABC_SHA, ABC_SHA, 3, &WHY), 0);
	ck_assert_str_eq(p.sha256, ABC_SHA);
	ck_assert_int_eq(p.bytes, 3);
	/* the pin is checked against the digest given */
	ck_assert_int_eq(eiti_source_check(&p, "once.xml",
			     "1111111111111111111111111111111111111111111111"
			     "111111111111111111",
			     ABC_SHA, 3, &WHY),
	    1);
	ck_assert_int_eq(WHY.rule, EITI_RULE_FETCH_PIN);
	eiti_provenance_free(&p);
}
END_TEST

START_TEST(test_resolve_local_errors)
{
	struct eiti_err err;
	struct eiti_provenance p;
	char path[4200];

	snprintf(path, sizeof(path), "%s/a.xml", tmpdir);
	write_file(path, "abc");

	/* A pin that does not match is a FETCH-PIN problem naming both
	 * hashes. */
	ck_assert_int_eq(resolve(&p, "a.xml", NULL,
			     "0000000000000000000000000000000000000000000000"
			     "000000000000000000",
			     &err),
	    1);
	ck_assert_int_eq(WHY.rule, EITI_RULE_FETCH_PIN);
	ck_assert_ptr_nonnull(strstr(WHY.msg, "sha256 mismatch"));
	ck_assert_ptr_nonnull(strstr(WHY.msg, ABC_SHA));
	ck_assert_ptr_null(p.url);

	/* Upper-case pins are fine; malformed ones are not. */
	ck_assert_int_eq(resolve(&p, "a.xml", NULL,
			     "BA7816BF8F01CFEA414140DE5DAE2223B00361A396177A9CB"
			     "410FF61F20015AD",
			     &err),
	    0);
	eiti_provenance_free(&p);
	ck_assert_int_eq(resolve(&p, "a.xml", NULL, "abc", &err), 1);
	ck_assert_int_eq(WHY.rule, EITI_RULE_FETCH_PIN);

	/* Errors name the reference, not a path of this machine. */
	ck_assert_int_eq(resolve(&p, "missing.xml", NULL, NULL, &err), -1);
	ck_assert_int_eq(err.kind, EITI_ERR_IO);
	ck_assert_str_eq(err.msg, "missing.xml: no such file or directory");

	ck_assert_int_eq(resolve(&p, ".", NULL, NULL, &err), -1);
	ck_assert_int_eq(err.kind, EITI_ERR_IO);
	ck_assert_str_eq(err.msg, ".: not a regular file");

	ck_assert_int_eq(
	    resolve(&p, "ftp://example.org/a.xml", NULL, NULL, &err), 1);
	ck_assert_int_eq(WHY.rule, EITI_RULE_FETCH_LOCAL);
	ck_assert_ptr_nonnull(strstr(WHY.msg, "unsupported URL scheme"));

	ck_assert_int_eq(
	    resolve(&p, "file://server/share/a.xml", NULL, NULL, &err), 1);
	ck_assert_int_eq(WHY.rule, EITI_RULE_FETCH_LOCAL);
	ck_assert_ptr_nonnull(strstr(WHY.msg, "remote host"));

	ck_assert_int_eq(resolve(&p, "file:a%00.xml", NULL, NULL, &err), 1);
	ck_assert_int_eq(WHY.rule, EITI_RULE_FETCH_LOCAL);

	ck_assert_int_eq(resolve(&p, "", NULL, NULL, &err), 1);
	ck_assert_int_eq(WHY.rule, EITI_RULE_FETCH_LOCAL);
}
END_TEST

/* --- resolving cached remote references -------------------------------- */

static void
put_cached(const char *cache, const char *url, const char *body_text)
{
	struct eiti_err err = EITI_ERR_INIT;
	struct eiti_provenance p = {0};
	struct eiti_sha256 s;
	char *body, *meta;

	eiti_cache_paths(cache, url, &body, &meta);
	mkdirs_for(body);
	write_file(body, body_text);
	p.url = (char *)url;
	p.final_url = (char *)url;
	p.http_status = 200;
	p.etag = (char *)"\"e1\"";
	p.bytes = (long long)strlen(body_text);
	eiti_sha256_init(&s);
	eiti_sha256_update(&s, body_text, strlen(body_text));
	eiti_sha256_final_hex(&s, p.sha256);
	p.retrieved = (char *)"2026-01-02T03:04:05Z";
	p.outcome = (char *)"fetched";
	ck_assert_int_eq(eiti_cache_meta_write(meta, &p, &err), 0);
	free(body);
	free(meta);
}

START_TEST(test_resolve_remote)
{
	const char *url = "http://127.0.0.1:9/a.xml";
	struct eiti_err err;
	struct eiti_provenance p;
	char cache[4200];
	char *body;

	snprintf(cache, sizeof(cache), "%s/cache", tmpdir);
	ck_assert_int_eq(resolve(&p, url, cache, NULL, &err), 1);
	ck_assert_int_eq(WHY.rule, EITI_RULE_FETCH_CACHE);
	ck_assert_ptr_nonnull(strstr(WHY.msg, "not in the cache"));
	ck_assert_ptr_nonnull(strstr(WHY.msg, url));

	put_cached(cache, url, "abc");
	ck_assert_int_eq(resolve(&p, url, cache, ABC_SHA, &err), 0);
	eiti_cache_paths(cache, url, &body, NULL);
	ck_assert_str_eq(p.url, url);
	ck_assert_str_eq(p.etag, "\"e1\"");
	ck_assert_str_eq(p.sha256, ABC_SHA);
	ck_assert_str_eq(p.outcome, "fetched");
	ck_assert_str_eq(p.retrieved, "2026-01-02T03:04:05Z");
	ck_assert_int_eq(p.http_status, 200);
	eiti_provenance_free(&p);

	/* Pin mismatch. */
	ck_assert_int_eq(resolve(&p, url, cache,
			     "1111111111111111111111111111111111111111111111"
			     "111111111111111111",
			     &err),
	    1);
	ck_assert_int_eq(WHY.rule, EITI_RULE_FETCH_PIN);
	ck_assert_ptr_nonnull(strstr(WHY.msg, "sha256 mismatch"));

	/* A damaged body is detected, never read silently. */
	write_file(body, "abd");
	ck_assert_int_eq(resolve(&p, url, cache, NULL, &err), 1);
	ck_assert_int_eq(WHY.rule, EITI_RULE_FETCH_CACHE);
	ck_assert_ptr_nonnull(strstr(WHY.msg, "does not match"));
	unlink(body);
	ck_assert_int_eq(resolve(&p, url, cache, NULL, &err), 1);
	ck_assert_int_eq(WHY.rule, EITI_RULE_FETCH_CACHE);
	ck_assert_ptr_nonnull(strstr(WHY.msg, "unreadable"));
	free(body);
}
END_TEST

/* eiti_cache_commit() replaces body and record together; a reader that
 * opened the entry before keeps reading the old body, and its record's
 * digest is that body's. */
START_TEST(test_cache_commit)
{
	const char *url = "https://example.org/c.xml";
	struct eiti_err err = EITI_ERR_INIT;
	struct eiti_provenance p, q = {0};
	struct eiti_afile *af;
	char cache[4200];
	char *body, *meta;
	int fd;

	snprintf(cache, sizeof(cache), "%s/cache2", tmpdir);
	put_cached(cache, url, "abc");
	eiti_cache_paths(cache, url, &body, &meta);
	ck_assert_int_eq(
	    eiti_source_open(&fd, &p, url, NULL, cache, NULL, &WHY, &err), 0);
	ck_assert_str_eq(p.sha256, ABC_SHA);

	ck_assert_int_eq(eiti_afile_open(&af, body, &err), 0);
	ck_assert_int_eq(eiti_afile_puts(af, "abcd", &err), 0);
	q.url = (char *)url;
	q.final_url = (char *)url;
	q.bytes = 4;
	strcpy(q.sha256, "88d4266fd4e6338d13b845fcf289579d209c897823b9217da3e1"
			 "61936f031589");
	q.outcome = (char *)"fetched";
	ck_assert_int_eq(eiti_cache_commit(af, meta, &q, &err), 0);

	ck_assert_str_eq(slurp(fd), "abc");
	close(fd);
	ck_assert_int_eq(eiti_source_check(&p, url, NULL, ABC_SHA, 3, &WHY), 0);
	eiti_provenance_free(&p);
	/* the next reader gets the new pair */
	ck_assert_int_eq(resolve(&p, url, cache, NULL, &err), 0);
	ck_assert_int_eq(p.bytes, 4);
	eiti_provenance_free(&p);
	free(body);
	free(meta);
}
END_TEST

START_TEST(test_resolve_remote_default_cache)
{
	const char *url = "https://example.org/b.xml";
	char *saved =
	    getenv("XDG_CACHE_HOME") ? strdup(getenv("XDG_CACHE_HOME")) : NULL;
	struct eiti_err err;
	struct eiti_provenance p;
	char cache[4200];

	setenv("XDG_CACHE_HOME", tmpdir, 1);
	snprintf(cache, sizeof(cache), "%s/eitirep", tmpdir);
	put_cached(cache, url, "abc");
	ck_assert_int_eq(resolve(&p, url, NULL, NULL, &err), 0);
	ck_assert_str_eq(p.sha256, ABC_SHA);
	eiti_provenance_free(&p);
	if (saved != NULL)
		setenv("XDG_CACHE_HOME", saved, 1);
	else
		unsetenv("XDG_CACHE_HOME");
	free(saved);
}
END_TEST

int
main(void)
{
	Suite *s = suite_create("cache");
	TCase *tc;
	SRunner *sr;
	int failed;

	tc = tcase_create("layout");
	tcase_add_test(tc, test_default_dir);
	tcase_add_test(tc, test_paths);
	tcase_add_test(tc, test_is_remote);
	suite_add_tcase(s, tc);
	tc = tcase_create("meta");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_meta_roundtrip);
	tcase_add_test(tc, test_meta_errors);
	suite_add_tcase(s, tc);
	tc = tcase_create("resolve");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_resolve_local);
	tcase_add_test(tc, test_resolve_local_errors);
	tcase_add_test(tc, test_source_open_once);
	tcase_add_test(tc, test_cache_commit);
	tcase_add_test(tc, test_resolve_remote);
	tcase_add_test(tc, test_resolve_remote_default_cache);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
