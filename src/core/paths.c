/*
 * paths.c - locating installed data, and path helpers.
 *
 * The build-tree check compares /proc/self/exe with EITI_BUILDDIR (both
 * resolved by realpath) so that `make check` and a developer running
 * ./eitirep use the schemas and templates of the source tree being built,
 * never a stale installed copy.
 */
#include "config.h"

#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/err.h"
#include "core/paths.h"

#ifndef PKGDATADIR
#define PKGDATADIR "/usr/local/share/eitirep"
#endif

static int
in_build_tree(void)
{
#if defined(EITI_BUILDDIR) && defined(EITI_SRCDIR)
	char exe[PATH_MAX], build[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
	size_t blen;

	if (n <= 0)
		return 0;
	exe[n] = '\0';
	if (realpath(EITI_BUILDDIR, build) == NULL)
		return 0;
	blen = strlen(build);
	/* A prefix must end at a path separator: /tmp/b is not in /tmp/bu. */
	return strncmp(exe, build, blen) == 0 &&
	       (exe[blen] == '/' || (blen == 1 && build[0] == '/'));
#else
	return 0;
#endif
}

const char *
eiti_datadir(void)
{
	/* 0 unknown, 1 build tree, 2 installed; decided once per process. */
	static int where;
	const char *env = getenv("EITIREP_DATADIR");

	if (env != NULL && env[0] != '\0')
		return env;
	if (where == 0)
		where = in_build_tree() ? 1 : 2;
#ifdef EITI_SRCDIR
	if (where == 1)
		return EITI_SRCDIR;
#endif
	return PKGDATADIR;
}

char *
eiti_datafile(const char *rel)
{
	return eiti_path_join(eiti_datadir(), rel);
}

char *
eiti_path_dirname(const char *path)
{
	size_t n = strlen(path);

	/* POSIX dirname(): trailing slashes do not start a component. */
	while (n > 1 && path[n - 1] == '/')
		n--;
	while (n > 0 && path[n - 1] != '/')
		n--;
	if (n == 0)
		return eiti_xstrdup(".");
	while (n > 1 && path[n - 1] == '/')
		n--;
	return eiti_xstrndup(path, n);
}

char *
eiti_path_join(const char *base_dir, const char *ref)
{
	size_t n;

	if (ref[0] == '/' || base_dir == NULL || base_dir[0] == '\0')
		return eiti_xstrdup(ref);
	n = strlen(base_dir);
	if (base_dir[n - 1] == '/')
		return eiti_xasprintf("%s%s", base_dir, ref);
	return eiti_xasprintf("%s/%s", base_dir, ref);
}

int
eiti_path_mkdirs(const char *dir, struct eiti_err *err)
{
	char *p = eiti_xstrdup(dir), *s;
	struct stat st;
	int rc = 0;

	if (*p == '\0') {
		free(p);
		return eiti_err_set(err, EITI_ERR_IO, "empty directory name");
	}
	/* each prefix ending at a '/' (not the leading one), then dir */
	for (s = p + 1; rc == 0; s++) {
		char c = *s;

		if (c != '/' && c != '\0')
			continue;
		*s = '\0';
		if (mkdir(p, 0777) != 0 && errno != EEXIST)
			rc = eiti_err_set(err, EITI_ERR_IO,
			    "%s: cannot create directory: %s", p,
			    strerror(errno));
		*s = c;
		if (c == '\0')
			break;
	}
	if (rc == 0 && (stat(dir, &st) != 0 || !S_ISDIR(st.st_mode)))
		rc = eiti_err_set(err, EITI_ERR_IO, "%s: not a directory", dir);
	free(p);
	return rc;
}

size_t
eiti_path_scheme_len(const char *ref)
{
	size_t i;

	if (!isalpha((unsigned char)ref[0]))
		return 0;
	for (i = 1; ref[i] != '\0'; i++) {
		unsigned char c = (unsigned char)ref[i];

		if (c == ':')
			return i + 1;
		if (!isalnum(c) && c != '+' && c != '-' && c != '.')
			return 0;
	}
	return 0;
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

char *
eiti_path_from_file_url(const char *href, const char **why)
{
	const char *p = href + 5; /* after "file:" */
	char *path;
	size_t i, j;

	if (p[0] == '/' && p[1] == '/') {
		const char *host = p + 2;
		const char *slash = strchr(host, '/');
		size_t hostlen =
		    slash != NULL ? (size_t)(slash - host) : strlen(host);

		if (hostlen != 0 &&
		    !(hostlen == 9 && strncasecmp(host, "localhost", 9) == 0)) {
			*why = "file URL names a remote host";
			return NULL;
		}
		if (slash == NULL) {
			*why = "file URL has no path";
			return NULL;
		}
		p = slash;
	}
	if (strpbrk(p, "?#") != NULL) {
		*why = "file URL with a query or fragment";
		return NULL;
	}
	path = eiti_xmalloc(strlen(p) + 1);
	for (i = 0, j = 0; p[i] != '\0'; i++) {
		int hi, lo;

		if (p[i] == '%' &&
		    (hi = hexval((unsigned char)p[i + 1])) >= 0 &&
		    (lo = hexval((unsigned char)p[i + 2])) >= 0) {
			if (hi == 0 && lo == 0) {
				free(path);
				*why = "file URL contains %00";
				return NULL;
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
		*why = "file URL has no path";
		return NULL;
	}
	return path;
}

char *
eiti_path_normalize(const char *path)
{
	size_t n = strlen(path), o = 0, base, nseg = 0, nup = 0;
	char *out = eiti_xmalloc(n + 2);
	size_t *starts = eiti_xmalloc((n / 2 + 2) * sizeof(*starts));
	bool abs = path[0] == '/';
	const char *p = path;

	/* out holds the segments kept, joined by '/'; starts[] where each
	 * begins (its separator included), the first nup of them ".." (a
	 * relative path that climbs above its start keeps them). */
	if (abs)
		out[o++] = '/';
	base = o;
	while (*p != '\0') {
		const char *seg;
		size_t len;

		while (*p == '/')
			p++;
		seg = p;
		while (*p != '\0' && *p != '/')
			p++;
		len = (size_t)(p - seg);
		if (len == 0 || (len == 1 && seg[0] == '.'))
			continue;
		if (len == 2 && seg[0] == '.' && seg[1] == '.') {
			if (nseg > nup) {
				o = starts[--nseg];
				continue;
			}
			if (abs)
				continue; /* "/.." is "/" */
			nup++;
		}
		starts[nseg++] = o;
		if (o > base)
			out[o++] = '/';
		memcpy(out + o, seg, len);
		o += len;
	}
	if (o == 0)
		out[o++] = '.';
	out[o] = '\0';
	free(starts);
	return out;
}

bool
eiti_path_same_file(const char *a, const char *b)
{
	struct stat sa, sb;

	return stat(a, &sa) == 0 && stat(b, &sb) == 0 &&
	       sa.st_dev == sb.st_dev && sa.st_ino == sb.st_ino;
}
