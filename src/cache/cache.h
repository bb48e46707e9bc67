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
 * Both are replaced atomically (afile.h), together: eiti_cache_commit()
 * writes the new record to a temporary file, then, holding an exclusive
 * flock on the entry's directory (objects/XX), renames the body and then
 * the record into place.  A reader (eiti_source_open()) holds the same
 * lock shared while it reads the record and opens the body, so the
 * record it gets always describes the body it opened: a `fetch` that
 * replaces an entry while a `reconcile` reads the cache changes nothing
 * for that reconcile, which goes on reading the old body through its
 * open descriptor (the rename does not touch an open file).  Neither
 * holds the lock any longer than that (no download, no parse under it).
 * `eitirep fetch` runs on one cache one at a time: each holds an flock
 * on the cache directory itself (no lock file).
 *
 * One read: a source's SHA-256 is always computed from the bytes that
 * are parsed.  eiti_source_open() opens the file once and reads nothing;
 * the caller reads that one descriptor to its end (the validator hashes
 * while it parses) and hands the digest to eiti_source_check(), which
 * compares it with the record (a cached copy) and the manifest's pin.  A
 * file swapped by its path after the open is never read, and a file
 * changed in place (not something fetch does) fails the check.
 */
#ifndef EITI_CACHE_CACHE_H
#define EITI_CACHE_CACHE_H

#include "core/afile.h"
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
 * Open the file a manifest reference names, once, for the caller to read
 * to its end: relative paths and file: URLs (percent-decoded) resolve
 * against manifest_dir (outcome "local"; url and final-url are the
 * reference as written, never a path of this machine); http(s) URLs are
 * looked up in cache_dir (NULL: the default) and come with their record.
 * Nothing is read: *fd is at offset 0.  Returns 0 with *fd (the caller
 * closes it) and *prov set (sha256 and bytes of a local file are not
 * known yet); 1 with *why set when the source cannot be used (a remote
 * source not in the cache or with an unreadable copy: FETCH-CACHE; a
 * pin that is not a SHA-256: FETCH-PIN; a reference that is not a usable
 * path or URL: FETCH-LOCAL); -1 with an EITI_ERR_IO error (naming the
 * reference) when a local file cannot be opened.
 */
int eiti_source_open(int *fd, struct eiti_provenance *prov, const char *href,
    const char *manifest_dir, const char *cache_dir, const char *pin_sha256,
    struct eiti_source_problem *why, struct eiti_err *err);

/*
 * After the descriptor of eiti_source_open() was read to its end: sha256
 * (64 lower-case hex digits) and bytes describe what was read.  A cached
 * copy must match its record (FETCH-CACHE); a local file's provenance
 * takes them.  Then the pin, if any (FETCH-PIN).  Returns 0, or 1 with
 * *why set.
 */
int eiti_source_check(struct eiti_provenance *prov, const char *href,
    const char *pin_sha256, const char sha256[65], long long bytes,
    struct eiti_source_problem *why);

/* eiti_source_open(), hashing the whole file and eiti_source_check():
 * for a caller that only needs the provenance (fetch, for local
 * sources).  Same returns; prov is set on 0 only. */
int eiti_source_resolve(struct eiti_provenance *prov, const char *href,
    const char *manifest_dir, const char *cache_dir, const char *pin_sha256,
    struct eiti_source_problem *why, struct eiti_err *err);

/* Replace a cache entry: body (a complete atomic file for the entry's
 * body path, or NULL to keep the body) and then the record p at
 * meta_path, under the entry's exclusive lock (see above).  body is
 * consumed (committed or removed).  EITI_ERR_IO on failure: when the body
 * was renamed and the record could not be, the next read reports the
 * mismatch and the next fetch starts afresh. */
int eiti_cache_commit(struct eiti_afile *body, const char *meta_path,
    const struct eiti_provenance *p, struct eiti_err *err);

#endif
