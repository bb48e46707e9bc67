/*
 * fetch.h - the only stage that includes <curl/curl.h>: download every
 * source of a manifest into the cache (cache/cache.h), in parallel, with
 * conditional requests, retries, a size cap enforced while streaming,
 * SHA-256 and atomic replacement (eitirep(1), fetch).
 */
#ifndef EITI_FETCH_FETCH_H
#define EITI_FETCH_FETCH_H

#include <stdbool.h>
#include <stddef.h>

#include "core/err.h"
#include "core/rules.h"
#include "model/provenance.h"

struct eiti_fetch_item;

struct eiti_fetch_opts {
	const char *cache_dir; /* NULL: eiti_cache_default_dir() */
	long long max_size;    /* bytes, one body; default 512 MiB */
	long timeout;	       /* stall limit, seconds; default 60 */
	const char *cacert;    /* extra CA file, may be NULL */
	int jobs;	       /* parallel transfers; default 4 */
	/* Credentials: the netrc file libcurl reads for every host it
	 * connects to (optional); NULL: ~/.netrc.  eiti_fetch_opts_init()
	 * takes $NETRC when it is set. */
	const char *netrc;
	int verbosity; /* -1 quiet, 0 normal, 1 verbose */
	bool progress; /* draw progress on stderr (a terminal) */
	/*
	 * Retry policy.  eiti_fetch_opts_init() reads the defaults from the
	 * environment: EITIREP_RETRY_ATTEMPTS (attempts per source, default
	 * 4), EITIREP_RETRY_BASE_MS (first backoff, default 1000, doubling
	 * with jitter) and EITIREP_RETRY_MAX_MS (ceiling of one wait and of
	 * an honoured Retry-After, default 60000; a longer Retry-After
	 * gives up at once).
	 */
	int retry_attempts;
	long retry_base_ms;
	long retry_max_ms;
	/* Only cli/ prints: the stage reports through these (each may be
	 * NULL).  log: level 0 normal, 1 verbose.  progress: sources done
	 * out of total and body bytes received so far. */
	void (*log)(void *ctx, int level, const char *msg);
	void (*on_progress)(
	    void *ctx, size_t done, size_t total, long long bytes);
	/*
	 * Is a body what its source must be (eitirep(1), fetch: a well-formed
	 * disclosure, a readable table, ...)?  Called on the complete
	 * temporary file at path, after the transfer, size, length and pin
	 * checks, before it replaces the cached copy.  Returns 0 when it
	 * will do; 1 with a reason in why (lower case; the stage adds the
	 * URL) when it must not replace the last good copy (rule
	 * FETCH-BODY, not retried); -1 with err set when the file cannot be
	 * read.  The stage knows no document kinds: the callback decides
	 * from the item (its check_ud).  NULL: only an empty body or an
	 * HTML page is refused.
	 */
	int (*check_body)(void *ctx, const struct eiti_fetch_item *it,
	    const char *path, char *why, size_t whysz, struct eiti_err *err);
	void *ctx;
};

/* Defaults (512 MiB, 60 s, 4 jobs, quiet callbacks), and the retry
 * policy and the netrc file from the environment (see above). */
void eiti_fetch_opts_init(struct eiti_fetch_opts *o);

struct eiti_fetch_item {
	const char *href;	/* as in the manifest */
	const char *pin_sha256; /* may be NULL */
	const void *check_ud;	/* the caller's, for check_body */
	/* results */
	bool ok; /* fetched, unchanged or local this run;
		    when false, prov.sha256 is set if a
		    previous good copy is kept in the cache */
	struct eiti_provenance prov;
	char msg[512];		 /* why it failed, naming the URL or path */
	enum eiti_err_kind code; /* failed: EITI_ERR_FETCH, or EITI_ERR_IO
			  when the cache could not be written */
	enum eiti_rule rule;	 /* EITI_ERR_FETCH: which (FETCH-HTTP, ...);
				    the caller reports it as a finding at the
				    manifest's element */
};

/* Global libcurl init/cleanup; call once from main(). */
int eiti_fetch_global_init(struct eiti_err *err);
void eiti_fetch_global_cleanup(void);

/*
 * Fetch every item (relative paths and file: URLs resolve against
 * manifest_dir and are only hashed).  Credentials come from ~/.netrc, or
 * the file $NETRC names, never from a URL: a manifest refuses them
 * (SRC-CREDENTIALS), and every message and record of this stage is
 * written without a URL's user name or password (core/url.h).  Returns the
 * number of items that failed (0 = all available), or -1 with err set when
 * nothing could be attempted (cache not writable ...).  Per-item outcome in
 * items[i].
 */
int eiti_fetch_all(struct eiti_fetch_item *items, size_t n,
    const char *manifest_dir, const struct eiti_fetch_opts *o,
    struct eiti_err *err);

#endif
