/*
 * fetch.h - the only stage that includes <curl/curl.h>: download every
 * source of a manifest into the cache (core/cache.h), in parallel, with
 * conditional requests, retries, a size cap enforced while streaming,
 * SHA-256 and atomic replacement (SPEC section 7).
 */
#ifndef EITI_FETCH_FETCH_H
#define EITI_FETCH_FETCH_H

#include <stdbool.h>

#include "core/cache.h"
#include "core/err.h"

struct eiti_fetch_opts {
	const char *cache_dir;  /* NULL: eiti_cache_default_dir() */
	long long max_size;     /* bytes, one body; default 512 MiB */
	long timeout;           /* stall limit, seconds; default 60 */
	const char *cacert;     /* extra CA file, may be NULL */
	int jobs;               /* parallel transfers; default 4 */
	int verbosity;          /* -1 quiet, 0 normal, 1 verbose */
	bool progress;          /* draw progress on stderr (a terminal) */
};

void eiti_fetch_opts_init(struct eiti_fetch_opts *o);

struct eiti_fetch_item {
	const char *href;       /* as in the manifest */
	const char *pin_sha256; /* may be NULL */
	/* results */
	bool ok;                /* a good copy is available */
	struct eiti_provenance prov;
	char msg[512];          /* why it failed, naming the URL */
};

/* Global libcurl init/cleanup; call once from main(). */
int eiti_fetch_global_init(struct eiti_err *err);
void eiti_fetch_global_cleanup(void);

/*
 * Fetch every item (relative paths and file: URLs resolve against
 * manifest_dir and are only hashed).  Returns the number of items that
 * failed (0 = all available), or -1 with err set when nothing could be
 * attempted (cache not writable ...).  Per-item outcome in items[i].
 */
int eiti_fetch_all(struct eiti_fetch_item *items, size_t n,
	const char *manifest_dir, const struct eiti_fetch_opts *o,
	struct eiti_err *err);

#endif
