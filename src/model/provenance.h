/*
 * provenance.h - where the bytes of one source came from: the record kept
 * beside each body in the fetch cache (cache/cache.h), copied into the
 * results (results.xml <source>) and printed in the report's appendix.
 * Plain data; no library headers.
 */
#ifndef EITI_MODEL_PROVENANCE_H
#define EITI_MODEL_PROVENANCE_H

/* Provenance of one source, as recorded in the cache and in results.xml.
 * Every string is owned by the struct (eiti_provenance_free frees them). */
struct eiti_provenance {
	char *url;	     /* as written in the manifest (files too) */
	char *final_url;     /* after redirects (without user name or
				password); same as url for files */
	long http_status;    /* 0 for local files */
	char *etag;	     /* may be NULL */
	char *last_modified; /* may be NULL */
	long long bytes;
	char sha256[65];
	char *retrieved; /* ISO 8601 UTC "2026-11-27T10:00:00Z", may be NULL */
	char *outcome;	 /* "fetched" | "unchanged" | "local" | "failed" */
	/* Last time a conditional request confirmed the body (HTTP 304),
	 * ISO 8601 UTC; NULL until then.  "retrieved" stays the time the
	 * bytes were downloaded, and http_status the status they came
	 * with. */
	char *checked;
};

/* Free the members of p and zero it (p itself is the caller's); accepts
 * NULL. */
void eiti_provenance_free(struct eiti_provenance *p);

/* Deep copy of src into dst (dst's old members are not freed). */
void eiti_provenance_copy(
    struct eiti_provenance *dst, const struct eiti_provenance *src);

#endif
