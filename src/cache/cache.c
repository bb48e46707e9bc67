/*
 * cache.c - the fetch cache, provenance records, and the resolution of a
 * manifest reference to the bytes a run reads (eitirep-manifest(5); eitirep(1),
 * fetch).
 *
 * A provenance record ("NAME.meta") is a small UTF-8 text file of
 * "key: value" lines, first line "eitirep-provenance: 1":
 *
 *   eitirep-provenance: 1
 *   url: https://example.org/anm-2022.xml
 *   final-url: https://cdn.example.org/anm-2022.xml
 *   http-status: 200
 *   etag: "5f1c-61a"
 *   last-modified: Tue, 01 Aug 2023 10:00:00 GMT
 *   bytes: 24348
 *   sha256: 9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08
 *   retrieved: 2023-08-02T06:00:00Z
 *   outcome: fetched
 *   checked: 2023-08-09T06:00:00Z      (after a 304 revalidation)
 *
 * Values are escaped so that one value is always one line: backslash,
 * CR and LF are written as \\, \r and \n.  Unknown keys are ignored when
 * reading (later versions may add some); absent optional keys (etag,
 * last-modified, retrieved, checked) read as NULL.
 *
 * The record describes the last good body beside it.  A failed fetch
 * leaves both the body and the record untouched, so `reconcile --cache`
 * keeps working from the last good copy while `fetch` reports the failure
 * (exit 3).  The body's SHA-256 is checked against the record every time a
 * source is resolved, so a damaged cache is an error, never silent.
 */
#include "config.h"

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <pwd.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <sys/file.h>
#include <unistd.h>

#include "cache/cache.h"
#include "core/afile.h"
#include "core/paths.h"
#include "core/sha256.h"
#include "core/url.h"

#define META_MAGIC "eitirep-provenance: 1"
#define META_MAX (64 * 1024)

char *
eiti_cache_default_dir(void)
{
	const char *xdg = getenv("XDG_CACHE_HOME");
	const char *home = getenv("HOME");
	struct passwd *pw;

	/* XDG Base Directory: a relative XDG_CACHE_HOME is invalid and must
	 * be ignored. */
	if (xdg != NULL && xdg[0] == '/')
		return eiti_xasprintf("%s/eitirep", xdg);
	if (home != NULL && home[0] != '\0')
		return eiti_xasprintf("%s/.cache/eitirep", home);
	pw = getpwuid(getuid());
	if (pw != NULL && pw->pw_dir != NULL && pw->pw_dir[0] != '\0')
		return eiti_xasprintf("%s/.cache/eitirep", pw->pw_dir);
	return eiti_xstrdup(".cache/eitirep");
}

void
eiti_cache_paths(
    const char *cache_dir, const char *url, char **body_path, char **meta_path)
{
	struct eiti_sha256 s;
	char key[65];

	/* The key is the URL exactly as the manifest writes it: the same
	 * manifest always finds the same entry. */
	eiti_sha256_init(&s);
	eiti_sha256_update(&s, url, strlen(url));
	eiti_sha256_final_hex(&s, key);
	if (body_path != NULL)
		*body_path = eiti_xasprintf(
		    "%s/objects/%.2s/%s.body", cache_dir, key, key);
	if (meta_path != NULL)
		*meta_path = eiti_xasprintf(
		    "%s/objects/%.2s/%s.meta", cache_dir, key, key);
}

/* --- the record format ---------------------------------------------- */

static char *
unescape(const char *s, size_t n)
{
	char *out = eiti_xmalloc(n + 1);
	size_t i, j = 0;

	for (i = 0; i < n; i++) {
		if (s[i] == '\\' && i + 1 < n) {
			i++;
			out[j++] = s[i] == 'n'	 ? '\n'
				   : s[i] == 'r' ? '\r'
						 : s[i];
		} else {
			out[j++] = s[i];
		}
	}
	out[j] = '\0';
	return out;
}

static int
put_field(struct eiti_afile *f, const char *key, const char *value,
    struct eiti_err *err)
{
	const char *p;

	if (value == NULL)
		return 0;
	if (eiti_afile_printf(f, err, "%s: ", key) != 0)
		return -1;
	for (p = value; *p != '\0'; p++) {
		const char *esc = *p == '\\'   ? "\\\\"
				  : *p == '\n' ? "\\n"
				  : *p == '\r' ? "\\r"
					       : NULL;
		int rc = esc != NULL ? eiti_afile_puts(f, esc, err)
				     : eiti_afile_write(f, p, 1, err);

		if (rc != 0)
			return -1;
	}
	return eiti_afile_puts(f, "\n", err);
}

/* The record p in a new atomic file for meta_path (not closed). */
static int
meta_open(struct eiti_afile **out, const char *meta_path,
    const struct eiti_provenance *p, struct eiti_err *err)
{
	struct eiti_afile *f = NULL;

	*out = NULL;
	if (eiti_afile_open(&f, meta_path, err) != 0)
		return -1;
	if (eiti_afile_puts(f, META_MAGIC "\n", err) != 0 ||
	    put_field(f, "url", p->url, err) != 0 ||
	    put_field(f, "final-url", p->final_url, err) != 0 ||
	    eiti_afile_printf(f, err, "http-status: %ld\n", p->http_status) !=
		0 ||
	    put_field(f, "etag", p->etag, err) != 0 ||
	    put_field(f, "last-modified", p->last_modified, err) != 0 ||
	    eiti_afile_printf(f, err, "bytes: %lld\n", p->bytes) != 0 ||
	    put_field(f, "sha256", p->sha256, err) != 0 ||
	    put_field(f, "retrieved", p->retrieved, err) != 0 ||
	    put_field(f, "outcome", p->outcome, err) != 0 ||
	    put_field(f, "checked", p->checked, err) != 0) {
		eiti_afile_abort(f);
		return -1;
	}
	*out = f;
	return 0;
}

int
eiti_cache_meta_write(const char *meta_path, const struct eiti_provenance *p,
    struct eiti_err *err)
{
	struct eiti_afile *f;

	if (meta_open(&f, meta_path, p, err) != 0)
		return -1;
	return eiti_afile_commit(f, err);
}

static int
is_sha256_hex(const char *s)
{
	size_t i;

	for (i = 0; i < 64; i++)
		if (!isxdigit((unsigned char)s[i]))
			return 0;
	return s[64] == '\0';
}

static int
parse_long(const char *s, long long *out)
{
	char *end;

	errno = 0;
	*out = strtoll(s, &end, 10);
	return errno == 0 && end != s && *end == '\0' ? 0 : -1;
}

/* Parse the record text buf (NUL-terminated) into out. */
static int
parse_meta(const char *path, char *buf, struct eiti_provenance *out,
    struct eiti_err *err)
{
	char *line, *next;
	unsigned long lineno = 0;
	int have_sha = 0, have_bytes = 0;

	for (line = buf; line != NULL && *line != '\0'; line = next) {
		char *colon, *val, *v;
		long long num;

		next = strchr(line, '\n');
		if (next != NULL)
			*next++ = '\0';
		lineno++;
		if (lineno == 1) {
			if (strcmp(line, META_MAGIC) != 0)
				return eiti_err_set(err, EITI_ERR_IO,
				    "%s:1: not an eitirep provenance record",
				    path);
			continue;
		}
		if (*line == '\0')
			continue;
		colon = strstr(line, ": ");
		if (colon == NULL)
			return eiti_err_set(err, EITI_ERR_IO,
			    "%s:%lu: malformed provenance line", path, lineno);
		*colon = '\0';
		val = colon + 2;
		v = unescape(val, strlen(val));
		if (strcmp(line, "url") == 0) {
			free(out->url);
			out->url = v;
		} else if (strcmp(line, "final-url") == 0) {
			free(out->final_url);
			out->final_url = v;
		} else if (strcmp(line, "etag") == 0) {
			free(out->etag);
			out->etag = v;
		} else if (strcmp(line, "last-modified") == 0) {
			free(out->last_modified);
			out->last_modified = v;
		} else if (strcmp(line, "retrieved") == 0) {
			free(out->retrieved);
			out->retrieved = v;
		} else if (strcmp(line, "outcome") == 0) {
			free(out->outcome);
			out->outcome = v;
		} else if (strcmp(line, "checked") == 0) {
			free(out->checked);
			out->checked = v;
		} else if (strcmp(line, "http-status") == 0 ||
			   strcmp(line, "bytes") == 0) {
			int ok = parse_long(v, &num) == 0 && num >= 0;

			free(v);
			if (!ok)
				return eiti_err_set(err, EITI_ERR_IO,
				    "%s:%lu: bad %s value", path, lineno, line);
			if (line[0] == 'h') {
				out->http_status = (long)num;
			} else {
				out->bytes = num;
				have_bytes = 1;
			}
		} else if (strcmp(line, "sha256") == 0) {
			int ok = is_sha256_hex(v);
			size_t i;

			if (ok)
				for (i = 0; i < 64; i++)
					out->sha256[i] =
					    (char)tolower((unsigned char)v[i]);
			out->sha256[64] = '\0';
			free(v);
			if (!ok)
				return eiti_err_set(err, EITI_ERR_IO,
				    "%s:%lu: bad sha256 value", path, lineno);
			have_sha = 1;
		} else {
			free(v); /* a later version's field */
		}
	}
	if (lineno == 0)
		return eiti_err_set(
		    err, EITI_ERR_IO, "%s: empty provenance record", path);
	if (out->url == NULL || !have_sha || !have_bytes)
		return eiti_err_set(err, EITI_ERR_IO,
		    "%s: incomplete provenance record (url, sha256 and bytes "
		    "are required)",
		    path);
	if (out->final_url == NULL)
		out->final_url = eiti_xstrdup(out->url);
	if (out->outcome == NULL)
		out->outcome = eiti_xstrdup("fetched");
	return 0;
}

int
eiti_cache_meta_read(
    const char *meta_path, struct eiti_provenance *out, struct eiti_err *err)
{
	FILE *fp = NULL;
	char *buf = NULL;
	size_t n;
	int rc = -1;

	memset(out, 0, sizeof(*out));
	fp = fopen(meta_path, "re");
	if (fp == NULL) {
		if (errno == ENOENT)
			eiti_err_set(err, EITI_ERR_IO,
			    "%s: no provenance record: the source has not "
			    "been fetched",
			    meta_path);
		else
			eiti_err_set(err, EITI_ERR_IO, "%s: %s", meta_path,
			    strerror(errno));
		goto out;
	}
	buf = eiti_xmalloc(META_MAX + 1);
	n = fread(buf, 1, META_MAX + 1, fp);
	if (ferror(fp)) {
		eiti_err_set(err, EITI_ERR_IO, "%s: read error", meta_path);
		goto out;
	}
	if (n > META_MAX) {
		eiti_err_set(err, EITI_ERR_IO,
		    "%s: provenance record too large", meta_path);
		goto out;
	}
	if (memchr(buf, '\0', n) != NULL) {
		eiti_err_set(err, EITI_ERR_IO,
		    "%s: provenance record contains a NUL byte", meta_path);
		goto out;
	}
	buf[n] = '\0';
	rc = parse_meta(meta_path, buf, out, err);
out:
	if (rc != 0)
		eiti_provenance_free(out);
	if (fp != NULL)
		fclose(fp);
	free(buf);
	return rc;
}

/* --- replacing an entry -------------------------------------------- */

/*
 * Lock the directory that holds an entry (objects/XX), shared for a reader
 * that pairs a record with its body, exclusive for a writer that replaces
 * them.  Blocking: a writer holds it for two renames, a reader for
 * reading a record and opening a file.  Returns the descriptor to close,
 * or -1 with err set.
 */
static int
lock_entry(const char *meta_path, int how, struct eiti_err *err)
{
	char *dir = eiti_path_dirname(meta_path);
	int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	int rc;

	if (fd < 0) {
		eiti_err_set(err, EITI_ERR_IO, "%s: cannot open: %s", dir,
		    strerror(errno));
		free(dir);
		return -1;
	}
	do
		rc = flock(fd, how);
	while (rc != 0 && errno == EINTR);
	if (rc != 0) {
		eiti_err_set(err, EITI_ERR_IO, "%s: cannot lock: %s", dir,
		    strerror(errno));
		close(fd);
		fd = -1;
	}
	free(dir);
	return fd;
}

int
eiti_cache_commit(struct eiti_afile *body, const char *meta_path,
    const struct eiti_provenance *p, struct eiti_err *err)
{
	struct eiti_afile *meta = NULL;
	int lock = -1, rc = -1;

	/* The record complete on disk first, then both renames under the
	 * lock, body first. */
	if (meta_open(&meta, meta_path, p, err) != 0 ||
	    eiti_afile_close(meta, err) != 0 ||
	    (lock = lock_entry(meta_path, LOCK_EX, err)) < 0)
		goto out;
	if (body != NULL) {
		rc = eiti_afile_commit(body, err);
		body = NULL;
		if (rc != 0)
			goto out;
	}
	rc = eiti_afile_commit(meta, err);
	meta = NULL;
out:
	eiti_afile_abort(body);
	eiti_afile_abort(meta);
	if (lock >= 0)
		close(lock);
	return rc;
}

/* --- resolving references ------------------------------------------- */

static int
has_prefix_ci(const char *s, const char *prefix)
{
	return strncasecmp(s, prefix, strlen(prefix)) == 0;
}

int
eiti_href_is_remote(const char *href)
{
	return has_prefix_ci(href, "http:") || has_prefix_ci(href, "https:");
}

static int problem(struct eiti_source_problem *why, enum eiti_rule rule,
    const char *fmt, ...) __attribute__((format(printf, 3, 4)));

/* Record why a source cannot be used; returns 1. */
static int
problem(
    struct eiti_source_problem *why, enum eiti_rule rule, const char *fmt, ...)
{
	va_list ap;

	why->rule = rule;
	va_start(ap, fmt);
	vsnprintf(why->msg, sizeof(why->msg), fmt, ap);
	va_end(ap);
	eiti_url_redact(why->msg);
	return 1;
}

/* A local file: opened, nothing read yet.  Errors name the reference as
 * the manifest writes it. */
static int
open_local(int *fd, struct eiti_provenance *prov, const char *href,
    const char *manifest_dir, struct eiti_source_problem *why,
    struct eiti_err *err)
{
	const char *reason;
	char *rel = NULL, *path = NULL;
	struct stat st;
	int rc = -1;

	if (has_prefix_ci(href, "file:")) {
		rel = eiti_path_from_file_url(href, &reason);
		if (rel == NULL)
			return problem(
			    why, EITI_RULE_FETCH_LOCAL, "%s: %s", href, reason);
	} else {
		rel = eiti_xstrdup(href);
	}
	path = eiti_path_join(manifest_dir, rel);
	*fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
	if (*fd < 0) {
		eiti_err_set(
		    err, EITI_ERR_IO, "%s: %s", href, eiti_errno_text(errno));
		goto out;
	}
	if (fstat(*fd, &st) != 0 || !S_ISREG(st.st_mode)) {
		eiti_err_set(err, EITI_ERR_IO, "%s: not a regular file", href);
		close(*fd);
		*fd = -1;
		goto out;
	}
	/* O_NONBLOCK only kept open() from hanging on a FIFO */
	(void)fcntl(*fd, F_SETFL, fcntl(*fd, F_GETFL) & ~O_NONBLOCK);
	prov->url = eiti_xstrdup(href);
	prov->final_url = eiti_xstrdup(href);
	prov->http_status = 0;
	prov->outcome = eiti_xstrdup("local");
	rc = 0;
out:
	free(rel);
	free(path);
	return rc;
}

/* A remote source: its record and its body, paired under the entry's
 * shared lock (cache.h). */
static int
open_remote(int *fd, struct eiti_provenance *prov, const char *href,
    const char *cache_dir, struct eiti_source_problem *why,
    struct eiti_err *err)
{
	char *dflt = NULL, *body = NULL, *meta = NULL;
	struct eiti_err merr = EITI_ERR_INIT;
	struct stat st;
	int lock = -1, rc = 1;

	if (cache_dir == NULL)
		cache_dir = dflt = eiti_cache_default_dir();
	eiti_cache_paths(cache_dir, href, &body, &meta);
	if (access(meta, F_OK) != 0 && errno == ENOENT) {
		problem(why, EITI_RULE_FETCH_CACHE,
		    "%s: not in the cache %s (run 'eitirep fetch' first)", href,
		    cache_dir);
		goto out;
	}
	if ((lock = lock_entry(meta, LOCK_SH, err)) < 0) {
		rc = -1;
		goto out;
	}
	if (eiti_cache_meta_read(meta, prov, &merr) != 0) {
		problem(why, EITI_RULE_FETCH_CACHE,
		    "%s: unusable cache entry: %s", href, merr.msg);
		goto out;
	}
	if (strcmp(prov->url, href) != 0) {
		problem(why, EITI_RULE_FETCH_CACHE,
		    "%s: cache entry %s records another URL (%s)", href, meta,
		    prov->url);
		goto out;
	}
	*fd = open(body, O_RDONLY | O_CLOEXEC | O_NOCTTY);
	if (*fd < 0 || fstat(*fd, &st) != 0 || !S_ISREG(st.st_mode)) {
		problem(why, EITI_RULE_FETCH_CACHE,
		    "%s: cached body %s unreadable: %s", href, body,
		    *fd < 0 ? eiti_errno_text(errno) : "not a regular file");
		if (*fd >= 0)
			close(*fd);
		*fd = -1;
		goto out;
	}
	rc = 0;
out:
	if (lock >= 0)
		close(lock);
	if (rc != 0)
		eiti_provenance_free(prov);
	free(dflt);
	free(body);
	free(meta);
	return rc;
}

int
eiti_source_open(int *fd, struct eiti_provenance *prov, const char *href,
    const char *manifest_dir, const char *cache_dir, const char *pin_sha256,
    struct eiti_source_problem *why, struct eiti_err *err)
{
	size_t sl;
	int rc;

	*fd = -1;
	memset(prov, 0, sizeof(*prov));
	memset(why, 0, sizeof(*why));
	if (href == NULL || href[0] == '\0')
		return problem(
		    why, EITI_RULE_FETCH_LOCAL, "empty source reference");
	if (pin_sha256 != NULL && !is_sha256_hex(pin_sha256))
		return problem(why, EITI_RULE_FETCH_PIN,
		    "%s: pinned sha256 '%s' is not 64 hexadecimal digits", href,
		    pin_sha256);
	if (eiti_href_is_remote(href))
		return open_remote(fd, prov, href, cache_dir, why, err);
	sl = eiti_path_scheme_len(href);
	if (sl != 0 && !(sl == 5 && has_prefix_ci(href, "file:")))
		return problem(why, EITI_RULE_FETCH_LOCAL,
		    "%s: unsupported URL scheme (http, https and file only)",
		    href);
	rc = open_local(fd, prov, href, manifest_dir, why, err);
	if (rc != 0)
		eiti_provenance_free(prov);
	return rc;
}

int
eiti_source_check(struct eiti_provenance *prov, const char *href,
    const char *pin_sha256, const char sha256[65], long long bytes,
    struct eiti_source_problem *why)
{
	memset(why, 0, sizeof(*why));
	if (strcmp(prov->outcome, "local") == 0) {
		memcpy(prov->sha256, sha256, 65);
		prov->bytes = bytes;
	} else if (strcmp(sha256, prov->sha256) != 0 || bytes != prov->bytes) {
		return problem(why, EITI_RULE_FETCH_CACHE,
		    "%s: the cached copy does not match its provenance record "
		    "(sha256 %s, %lld bytes; the record says %s, %lld bytes): "
		    "fetch it again",
		    href, sha256, bytes, prov->sha256, prov->bytes);
	}
	if (pin_sha256 != NULL && strcasecmp(pin_sha256, sha256) != 0)
		return problem(why, EITI_RULE_FETCH_PIN,
		    "%s: sha256 mismatch: the manifest pins %s, the content "
		    "is %s",
		    href, pin_sha256, sha256);
	return 0;
}

int
eiti_source_resolve(struct eiti_provenance *prov, const char *href,
    const char *manifest_dir, const char *cache_dir, const char *pin_sha256,
    struct eiti_source_problem *why, struct eiti_err *err)
{
	char hex[65];
	long long size;
	int fd, rc;

	rc = eiti_source_open(
	    &fd, prov, href, manifest_dir, cache_dir, pin_sha256, why, err);
	if (rc != 0)
		return rc;
	rc = eiti_sha256_fd(fd, href, hex, &size, err) != 0
		 ? -1
		 : eiti_source_check(prov, href, pin_sha256, hex, size, why);
	close(fd);
	if (rc != 0)
		eiti_provenance_free(prov);
	return rc;
}
