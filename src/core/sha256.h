/*
 * sha256.h - SHA-256 (FIPS 180-4), streaming, no external library.
 *
 * The digest of every source is recorded in its provenance and printed in
 * the report, so readers can tie a report to the published bytes.  A
 * struct eiti_sha256 lives on the caller's stack; init, then update any
 * number of times with any split, then final.
 */
#ifndef EITI_CORE_SHA256_H
#define EITI_CORE_SHA256_H

#include <stddef.h>
#include <stdint.h>

#include "core/err.h"

struct eiti_sha256 {
	uint32_t h[8];
	uint64_t len;
	unsigned char buf[64];
	size_t nbuf;
};

/* Start a new digest. */
void eiti_sha256_init(struct eiti_sha256 *s);
/* Add n bytes at p (n may be 0). */
void eiti_sha256_update(struct eiti_sha256 *s, const void *p, size_t n);
/* Finish and write 64 lower-case hex digits plus NUL into hex[65]; s is
 * re-initialised. */
void eiti_sha256_final_hex(struct eiti_sha256 *s, char hex[65]);

/* Hash a whole file; *size gets its byte count.  EITI_ERR_IO on error. */
int eiti_sha256_file(
    const char *path, char hex[65], long long *size, struct eiti_err *err);

#endif
