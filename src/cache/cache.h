/*
 * cache.h - the fetch cache and the resolution of manifest sources.
 *
 * `eitirep fetch` fills the cache; `eitirep reconcile --cache` reads it.
 * Its own small library (libeiticache.a) between model and the stages
 * that use it: it speaks of a domain type (struct eiti_provenance, from
 * model/provenance.h), so it cannot live in core, and it is shared by the
 * fetch stage (which writes the cache) and by the pipeline (which
 * resolves every source of a manifest through it), so it belongs to
 * neither.  It uses no third-party library, so a program that only reads
 * the cache links without libcurl.  Layering: cache -> model -> core.
 *
 * Layout of a cache directory (default $XDG_CACHE_HOME/eitirep, else
 * $HOME/.cache/eitirep):
 *   objects/XX/<sha256 of the URL>.body   the last good body of that URL
 *   objects/XX/<sha256 of the URL>.meta   its provenance record
 * Both are replaced atomically (afile.h), body first, then meta: a meta
 * record always describes the body beside it (its sha256 is checked when
 * the body is read).  `eitirep fetch` runs on one cache one at a time:
 * each holds an flock on the cache directory itself (no lock file).
 */
#ifndef EITI_CACHE_CACHE_H
#define EITI_CACHE_CACHE_H

#include "core/err.h"
#include "core/rules.h"
#include "model/provenance.h"

/* Default cache directory, newly allocated. */
char *eiti_cache_default_dir(void);

/* Paths of the body and meta files of url inside cache_dir; newly
 * allocated. */
void eiti_cache_paths(
    const char *cache_dir, const char *url, char **body_path, char **meta_path);

/* Read a provenance record.  Returns 0, or -1 with EITI_ERR_IO set
 * (missing record: the message says the source has not been fetched). */
int eiti_cache_meta_read(
    const char *meta_path, struct eiti_provenance *out, struct eiti_err *err);

/* Write a provenance record atomically. */
int eiti_cache_meta_write(const char *meta_path,
    const struct eiti_provenance *p, struct eiti_err *err);

/* True for http: and https: references. */
int eiti_href_is_remote(const char *href);

/* Why a source cannot be used as it is (eiti_source_resolve() returning
 * 1): a finding for the caller to place at the manifest's element. */
struct eiti_source_problem {
	enum eiti_rule rule; /* FETCH-CACHE, FETCH-PIN or FETCH-LOCAL */
	char msg[768];	     /* names the reference or the path */
};

/*
 * Resolve a manifest reference to the local file to read and its
 * provenance.  Relative paths and file: URLs resolve against manifest_dir
 * and are hashed now (outcome "local"); http(s) URLs are looked up in
 * cache_dir (NULL: the default), and the body's SHA-256 is checked against
 * its record.  A pinned sha256 (may be NULL) must match.  Returns 0; 1
 * with *why set when the source cannot be used (a remote source not in
 * the cache or whose copy does not match its record: FETCH-CACHE; the
 * content does not match the pin, or the pin is not a SHA-256:
 * FETCH-PIN; a reference that is not a usable path or URL: FETCH-LOCAL);
 * -1 with an EITI_ERR_IO error when a local file cannot be read.
 */
int eiti_source_resolve(char **local_path, struct eiti_provenance *prov,
    const char *href, const char *manifest_dir, const char *cache_dir,
    const char *pin_sha256, struct eiti_source_problem *why,
    struct eiti_err *err);

#endif
