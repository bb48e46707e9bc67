/*
 * png.h - the cover logo: a PNG image carried inside results.xml.
 *
 * reconcile reads the file the manifest names once (eiti_logo_read:
 * regular files only, bounded), checks it (eiti_logo_check) and writes it
 * base64 into results.xml; render and export read it back from there and
 * check it again before cairo decodes it, so a published results.xml
 * renders anywhere and render never opens a path of the reviewer's
 * machine.  The check reads only the PNG signature and its first chunk
 * (IHDR): a small file that claims 20000 x 20000 pixels is refused
 * before a decoder allocates for it.
 */
#ifndef EITI_CORE_PNG_H
#define EITI_CORE_PNG_H

#include <stdbool.h>
#include <stddef.h>

#define EITI_LOGO_MAX_BYTES (1024 * 1024) /* the file */
#define EITI_LOGO_MAX_SIDE 4096		  /* pixels, width and height */
#define EITI_LOGO_WHY_SIZE 160

/* NULL when p[0..n) is a PNG of at most EITI_LOGO_MAX_BYTES whose IHDR
 * gives a width and height from 1 to EITI_LOGO_MAX_SIDE; else why not,
 * written into why ("20000 x 20000 pixels, more than 4096 x 4096"). */
const char *eiti_logo_check(
    const unsigned char *p, size_t n, char why[EITI_LOGO_WHY_SIZE]);

/* Read path whole into *out (malloc'ed, *n bytes): a regular file (opened
 * without blocking, so a FIFO is refused, never waited on) of at most
 * EITI_LOGO_MAX_BYTES.  0, or -1 with why set (the system's error, "not a
 * regular file", "larger than 1 MiB"). */
int eiti_logo_read(const char *path, unsigned char **out, size_t *n,
    char why[EITI_LOGO_WHY_SIZE]);

/* Base64 (RFC 4648) of p[0..n), in lines of 76 characters each ending
 * with "\n" followed by indent; malloc'ed, NUL-terminated. */
char *eiti_base64_encode(const unsigned char *p, size_t n, const char *indent);

/* Decode s[0..len) skipping XML whitespace; false when it is not base64
 * or decodes to more than max bytes.  *out is malloc'ed (*n bytes). */
bool eiti_base64_decode(
    const char *s, size_t len, size_t max, unsigned char **out, size_t *n);

#endif
