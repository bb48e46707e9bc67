/*
 * sha256.h - SHA-256 (FIPS 180-4), streaming, from libcrypto.
 *
 * The digest of every source is recorded in its provenance and printed in
 * the report, so readers can tie a report to the published bytes.  A
 * struct eiti_sha256 lives on the caller's stack; init, then update any
 * number of times with any split, then final.  init allocates the
 * library's context: a digest that is started is either finished
 * (final_hex) or abandoned with dispose.  No OpenSSL header here: only
 * core/sha256.c includes it.
 */
#ifndef EITI_CORE_SHA256_H
#define EITI_CORE_SHA256_H

#include <stddef.h>
#include <stdint.h>

#include "core/err.h"

struct eiti_sha256 {
	void *ctx; /* libcrypto's EVP_MD_CTX; NULL when no digest is live */
};

/* Start a new digest (s must not hold a live one). */
void eiti_sha256_init(struct eiti_sha256 *s);
/* Add n bytes at p (n may be 0). */
void eiti_sha256_update(struct eiti_sha256 *s, const void *p, size_t n);
/* Finish and write 64 lower-case hex digits plus NUL into hex[65]; the
 * digest is spent (s->ctx is NULL: init again to start another). */
void eiti_sha256_final_hex(struct eiti_sha256 *s, char hex[65]);
/* Abandon a digest: frees its context.  Accepts a struct whose digest is
 * finished or was never started if it is zeroed (ctx NULL). */
void eiti_sha256_dispose(struct eiti_sha256 *s);

/* Add the bytes of the file at path to s (a live digest, left live
 * whatever happens); *size (may be NULL) gets their count.  EITI_ERR_IO
 * on error. */
int eiti_sha256_update_file(struct eiti_sha256 *s, const char *path,
    long long *size, struct eiti_err *err);

/* Hash what is left to read of the open file fd (name: what errors call
 * it); *size (may be NULL) gets the byte count.  fd is not closed. */
int eiti_sha256_fd(int fd, const char *name, char hex[65], long long *size,
    struct eiti_err *err);

/* Hash a whole file; *size gets its byte count.  EITI_ERR_IO on error. */
int eiti_sha256_file(
    const char *path, char hex[65], long long *size, struct eiti_err *err);

#endif
