/*
 * png.c - the cover logo's checks, bounded read and base64 (png.h).
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/err.h"
#include "core/png.h"

static uint32_t
be32(const unsigned char *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
	       (uint32_t)p[2] << 8 | (uint32_t)p[3];
}

const char *
eiti_logo_check(const unsigned char *p, size_t n, char why[EITI_LOGO_WHY_SIZE])
{
	static const unsigned char sig[8] = {
	    0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
	uint32_t w, h;

	/* signature, then IHDR: length 13, type, width, height, ... */
	if (n < 33 || memcmp(p, sig, 8) != 0 || be32(p + 8) != 13 ||
	    memcmp(p + 12, "IHDR", 4) != 0) {
		snprintf(why, EITI_LOGO_WHY_SIZE, "not a PNG image");
		return why;
	}
	w = be32(p + 16);
	h = be32(p + 20);
	if (w == 0 || h == 0 || w > EITI_LOGO_MAX_SIDE ||
	    h > EITI_LOGO_MAX_SIDE) {
		snprintf(why, EITI_LOGO_WHY_SIZE,
		    "%lu x %lu pixels, not from 1 x 1 to %d x %d",
		    (unsigned long)w, (unsigned long)h, EITI_LOGO_MAX_SIDE,
		    EITI_LOGO_MAX_SIDE);
		return why;
	}
	if (n > EITI_LOGO_MAX_BYTES) {
		snprintf(why, EITI_LOGO_WHY_SIZE,
		    "%zu bytes, more than %d (1 MiB)", n, EITI_LOGO_MAX_BYTES);
		return why;
	}
	return NULL;
}

int
eiti_logo_read(const char *path, unsigned char **out, size_t *n,
    char why[EITI_LOGO_WHY_SIZE])
{
	unsigned char *buf = NULL;
	size_t got = 0;
	struct stat st;
	int fd;

	*out = NULL;
	*n = 0;
	/* O_NONBLOCK: open() of a FIFO returns at once; fstat refuses it */
	fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
	if (fd < 0) {
		snprintf(why, EITI_LOGO_WHY_SIZE, "%s", eiti_errno_text(errno));
		return -1;
	}
	if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
		snprintf(why, EITI_LOGO_WHY_SIZE, "not a regular file");
		close(fd);
		return -1;
	}
	buf = eiti_xmalloc(EITI_LOGO_MAX_BYTES + 1);
	/* one byte more than allowed tells a file that is too large, even
	 * one that grows while it is read */
	while (got <= EITI_LOGO_MAX_BYTES) {
		ssize_t r = read(fd, buf + got, EITI_LOGO_MAX_BYTES + 1 - got);

		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0) {
			snprintf(why, EITI_LOGO_WHY_SIZE, "%s",
			    eiti_errno_text(errno));
			goto fail;
		}
		if (r == 0)
			break;
		got += (size_t)r;
	}
	if (got > EITI_LOGO_MAX_BYTES) {
		/* what its header says first (a claim of 20000 x 20000
		 * pixels), else its size */
		if (eiti_logo_check(buf, got, why) == NULL ||
		    strncmp(why, "not a PNG", 9) == 0)
			snprintf(why, EITI_LOGO_WHY_SIZE,
			    "larger than %d bytes (1 MiB)",
			    EITI_LOGO_MAX_BYTES);
		goto fail;
	}
	close(fd);
	*out = buf;
	*n = got;
	return 0;
fail:
	close(fd);
	free(buf);
	return -1;
}

static const char b64[] =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

char *
eiti_base64_encode(const unsigned char *p, size_t n, const char *indent)
{
	size_t quads = (n + 2) / 3, lines = quads / 19 + 1;
	size_t il = strlen(indent);
	char *out = eiti_xmalloc(quads * 4 + lines * (il + 1) + 1), *o = out;
	size_t i, q = 0;

	for (i = 0; i < n; i += 3, q++) {
		uint32_t v = (uint32_t)p[i] << 16;

		if (i + 1 < n)
			v |= (uint32_t)p[i + 1] << 8;
		if (i + 2 < n)
			v |= p[i + 2];
		if (q > 0 && q % 19 == 0) { /* 76 characters a line */
			*o++ = '\n';
			memcpy(o, indent, il);
			o += il;
		}
		*o++ = b64[v >> 18 & 63];
		*o++ = b64[v >> 12 & 63];
		*o++ = i + 1 < n ? b64[v >> 6 & 63] : '=';
		*o++ = i + 2 < n ? b64[v & 63] : '=';
	}
	*o = '\0';
	return out;
}

static int
b64_value(int c)
{
	const char *p = c != '\0' ? strchr(b64, c) : NULL;

	return p != NULL ? (int)(p - b64) : -1;
}

bool
eiti_base64_decode(
    const char *s, size_t len, size_t max, unsigned char **out, size_t *n)
{
	unsigned char *buf = eiti_xmalloc(len / 4 * 3 + 3);
	uint32_t acc = 0;
	size_t i, got = 0;
	int k = 0, pad = 0;

	*out = NULL;
	*n = 0;
	for (i = 0; i < len; i++) {
		int c = (unsigned char)s[i], v;

		if (c == ' ' || c == '\t' || c == '\n' || c == '\r')
			continue;
		if (c == '=') {
			pad++;
			v = 0;
		} else if (pad > 0 || (v = b64_value(c)) < 0) {
			goto bad;
		}
		acc = acc << 6 | (uint32_t)v;
		if (++k == 4) {
			if (pad > 2)
				goto bad;
			buf[got++] = (unsigned char)(acc >> 16);
			if (pad < 2)
				buf[got++] = (unsigned char)(acc >> 8);
			if (pad < 1)
				buf[got++] = (unsigned char)acc;
			if (got > max)
				goto bad;
			acc = 0;
			k = 0;
		}
	}
	if (k != 0)
		goto bad;
	*out = buf;
	*n = got;
	return true;
bad:
	free(buf);
	return false;
}
