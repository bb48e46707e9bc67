/*
 * paths.h - where installed data (schemas/, templates/) is found, and
 * small path helpers.
 *
 * Order: $EITIREP_DATADIR; the source tree when the running binary is the
 * one in the build tree (so a stale installed copy never shadows the tree
 * being tested); $(pkgdatadir) after `make install`.
 */
#ifndef EITI_CORE_PATHS_H
#define EITI_CORE_PATHS_H

#include <stdbool.h>
#include <stddef.h>

#include "core/err.h"

/* Directory holding schemas/ and templates/ (borrowed, never NULL). */
const char *eiti_datadir(void);

/* eiti_datadir()/rel, newly allocated. */
char *eiti_datafile(const char *rel);

/* Directory part of path ("." when none), newly allocated. */
char *eiti_path_dirname(const char *path);

/* Resolve ref against base_dir unless ref is absolute; newly allocated. */
char *eiti_path_join(const char *base_dir, const char *ref);

/* Length of the URI scheme at the start of ref (RFC 3986 3.1: a letter,
 * then letters, digits, '+', '-' or '.') including its colon, or 0 when
 * ref has none (a plain path). */
size_t eiti_path_scheme_len(const char *ref);

/*
 * The file-system path a file: URL names (RFC 8089), percent-decoded:
 * "file:rel/x.xml" gives "rel/x.xml" (relative: resolve it against the
 * manifest's directory), "file:/abs", "file:///abs" and
 * "file://localhost/abs" give "/abs".  href must start with "file:" (any
 * case).  Returns the path, newly allocated, or NULL with *why set to a
 * static reason: another host, a query or fragment, an encoded NUL, no
 * path.  Every reader of file: URLs goes through it, so that
 * "file:a%2Exml" and "a.xml" are the same file everywhere.
 */
char *eiti_path_from_file_url(const char *href, const char **why);

/* path with repeated slashes and "." segments removed, and each ".."
 * segment taking away the one before it (lexically: a symbolic link is
 * not followed); newly allocated.  "a/./b/../c" gives "a/c", "/.." gives
 * "/", "../x" stays. */
char *eiti_path_normalize(const char *path);

/* True when a and b name one existing file: the same device and inode
 * once symbolic links are followed (hard links and "./x" included);
 * false when either cannot be reached. */
bool eiti_path_same_file(const char *a, const char *b);

/* mkdir -p: create dir and its missing parents (mode 0777 less the
 * umask).  An existing directory is fine; EITI_ERR_IO names the first
 * directory that cannot be created, or dir when it exists and is not a
 * directory. */
int eiti_path_mkdirs(const char *dir, struct eiti_err *err);

#endif
