/*
 * cache.c - the fetch cache, provenance records, and the resolution of a
 * manifest reference to the bytes a run reads (SPEC sections 3.2 and 7).
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
#include <pwd.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cache/cache.h"
#include "core/afile.h"
#include "core/paths.h"
#include "core/sha256.h"

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

int
eiti_cache_meta_write(const char *meta_path, const struct eiti_provenance *p,
    struct eiti_err *err)
{
	struct eiti_afile *f = NULL;
	int rc = -1;

	if (eiti_afile_open(&f, meta_path, err) != 0)
		goto out;
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
	    put_field(f, "checked", p->checked, err) != 0)
		goto out;
	rc = eiti_afile_commit(f, err);
	f = NULL;
out:
	eiti_afile_abort(f);
	return rc;
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

static int
hexval(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	c = tolower(c);
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	return -1;
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
	return 1;
}

/*
 * The file-system path a file: URL names (RFC 8089), percent-decoded:
 * "file:rel/x.xml" (relative, resolved later against the manifest),
 * "file:/abs", "file:///abs" and "file://localhost/abs".  Other hosts,
 * queries and an encoded NUL are refused (returns 1, *why set).
 */
static int
file_url_path(char **out, const char *href, struct eiti_source_problem *why)
{
	const char *p = href + 5; /* after "file:" */
	char *path;
	size_t i, j;

	*out = NULL;
	if (p[0] == '/' && p[1] == '/') {
		const char *host = p + 2;
		const char *slash = strchr(host, '/');
		size_t hostlen =
		    slash != NULL ? (size_t)(slash - host) : strlen(host);

		if (hostlen != 0 &&
		    !(hostlen == 9 && strncasecmp(host, "localhost", 9) == 0))
			return problem(why, EITI_RULE_FETCH_LOCAL,
			    "%s: file URL names a remote host", href);
		if (slash == NULL)
			return problem(why, EITI_RULE_FETCH_LOCAL,
			    "%s: file URL has no path", href);
		p = slash;
	}
	if (strpbrk(p, "?#") != NULL)
		return problem(why, EITI_RULE_FETCH_LOCAL,
		    "%s: file URL with a query or fragment", href);
	path = eiti_xmalloc(strlen(p) + 1);
	for (i = 0, j = 0; p[i] != '\0'; i++) {
		int hi, lo;

		if (p[i] == '%' &&
		    (hi = hexval((unsigned char)p[i + 1])) >= 0 &&
		    (lo = hexval((unsigned char)p[i + 2])) >= 0) {
			if (hi == 0 && lo == 0) {
				free(path);
				return problem(why, EITI_RULE_FETCH_LOCAL,
				    "%s: file URL contains %%00", href);
			}
			path[j++] = (char)(hi * 16 + lo);
			i += 2;
		} else {
			path[j++] = p[i];
		}
	}
	path[j] = '\0';
	if (j == 0) {
		free(path);
		return problem(why, EITI_RULE_FETCH_LOCAL,
		    "%s: file URL has no path", href);
	}
	*out = path;
	return 0;
}

static int
check_pin(const char *what, const char *pin, const char *actual,
    struct eiti_source_problem *why)
{
	if (pin == NULL || strcasecmp(pin, actual) == 0)
		return 0;
	return problem(why, EITI_RULE_FETCH_PIN,
	    "%s: sha256 mismatch: the manifest pins %s, the content is %s",
	    what, pin, actual);
}

static int
resolve_local(char **local_path, struct eiti_provenance *prov, const char *href,
    const char *manifest_dir, const char *pin, struct eiti_source_problem *why,
    struct eiti_err *err)
{
	char *rel = NULL, *path = NULL;
	struct stat st;
	int rc = -1;

	if (has_prefix_ci(href, "file:")) {
		if ((rc = file_url_path(&rel, href, why)) != 0)
			goto out;
		rc = -1;
	} else {
		rel = eiti_xstrdup(href);
	}
	path = eiti_path_join(manifest_dir, rel);
	if (stat(path, &st) != 0) {
		eiti_err_set(err, EITI_ERR_IO, "%s: %s", path, strerror(errno));
		goto out;
	}
	if (!S_ISREG(st.st_mode)) {
		eiti_err_set(err, EITI_ERR_IO, "%s: not a regular file", path);
		goto out;
	}
	if (eiti_sha256_file(path, prov->sha256, &prov->bytes, err) != 0)
		goto out;
	if ((rc = check_pin(path, pin, prov->sha256, why)) != 0)
		goto out;
	prov->url = eiti_xstrdup(path);
	prov->final_url = eiti_xstrdup(path);
	prov->http_status = 0;
	prov->outcome = eiti_xstrdup("local");
	*local_path = path;
	path = NULL;
	rc = 0;
out:
	free(rel);
	free(path);
	return rc;
}

static int
resolve_remote(char **local_path, struct eiti_provenance *prov,
    const char *href, const char *cache_dir, const char *pin,
    struct eiti_source_problem *why)
{
	char *dflt = NULL, *body = NULL, *meta = NULL;
	struct eiti_err merr = EITI_ERR_INIT;
	char actual[65];
	long long size;
	int rc = 1;

	if (cache_dir == NULL)
		cache_dir = dflt = eiti_cache_default_dir();
	eiti_cache_paths(cache_dir, href, &body, &meta);
	if (access(meta, F_OK) != 0 && errno == ENOENT) {
		problem(why, EITI_RULE_FETCH_CACHE,
		    "%s: not in the cache %s (run 'eitirep fetch' first)", href,
		    cache_dir);
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
	if (eiti_sha256_file(body, actual, &size, &merr) != 0) {
		problem(why, EITI_RULE_FETCH_CACHE,
		    "%s: cached body unreadable: %s", href, merr.msg);
		goto out;
	}
	if (strcmp(actual, prov->sha256) != 0 || size != prov->bytes) {
		problem(why, EITI_RULE_FETCH_CACHE,
		    "%s: cached body %s does not match its provenance record "
		    "(sha256 %s, expected %s): fetch it again",
		    href, body, actual, prov->sha256);
		goto out;
	}
	if (check_pin(href, pin, actual, why) != 0)
		goto out;
	*local_path = body;
	body = NULL;
	rc = 0;
out:
	if (rc != 0)
		eiti_provenance_free(prov);
	free(dflt);
	free(body);
	free(meta);
	return rc;
}

int
eiti_source_resolve(char **local_path, struct eiti_provenance *prov,
    const char *href, const char *manifest_dir, const char *cache_dir,
    const char *pin_sha256, struct eiti_source_problem *why,
    struct eiti_err *err)
{
	size_t sl;
	int rc;

	*local_path = NULL;
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
		return resolve_remote(
		    local_path, prov, href, cache_dir, pin_sha256, why);
	sl = eiti_path_scheme_len(href);
	if (sl != 0 && !(sl == 5 && has_prefix_ci(href, "file:")))
		return problem(why, EITI_RULE_FETCH_LOCAL,
		    "%s: unsupported URL scheme (http, https and file only)",
		    href);
	rc = resolve_local(
	    local_path, prov, href, manifest_dir, pin_sha256, why, err);
	if (rc != 0)
		eiti_provenance_free(prov);
	return rc;
}
