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

/* Directory holding schemas/ and templates/ (borrowed, never NULL). */
const char *eiti_datadir(void);

/* eiti_datadir()/rel, newly allocated. */
char *eiti_datafile(const char *rel);

/* Directory part of path ("." when none), newly allocated. */
char *eiti_path_dirname(const char *path);

/* Resolve ref against base_dir unless ref is absolute; newly allocated. */
char *eiti_path_join(const char *base_dir, const char *ref);

#endif
