/*
 * err.c - first-error-wins operational errors and the x-alloc wrappers.
 *
 * Out of memory is not an error path in a command-line tool (house style,
 * ownership rule 4): the wrappers print one line and abort, so every
 * caller can treat allocation as infallible.
 */
#include "config.h"

#include <ctype.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/err.h"
#include "core/url.h"

int
eiti_err_vset(
    struct eiti_err *err, enum eiti_err_kind kind, const char *fmt, va_list ap)
{
	/* The first error wins: it is the innermost, most precise cause. */
	if (err == NULL || err->kind != EITI_ERR_NONE)
		return -1;
	/* NONE would read as "unset"; an error always has a real kind. */
	err->kind = kind != EITI_ERR_NONE ? kind : EITI_ERR_IO;
	vsnprintf(err->msg, sizeof(err->msg), fmt, ap);
	eiti_url_redact(err->msg); /* no URL's password is ever printed */
	return -1;
}

int
eiti_err_set(
    struct eiti_err *err, enum eiti_err_kind kind, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	eiti_err_vset(err, kind, fmt, ap);
	va_end(ap);
	return -1;
}

const char *
eiti_errno_text(int e)
{
	static char buf[128];

	snprintf(buf, sizeof(buf), "%s", strerror(e));
	buf[0] = (char)tolower((unsigned char)buf[0]);
	return buf;
}

int
eiti_err_isset(const struct eiti_err *err)
{
	return err != NULL && err->kind != EITI_ERR_NONE;
}

static void
oom(void)
{
	/* write(2), not stdio: the heap may be exhausted. */
	static const char m[] = "eitirep: out of memory\n";
	ssize_t r = write(STDERR_FILENO, m, sizeof(m) - 1);

	(void)r;
	abort();
}

void *
eiti_xmalloc(size_t n)
{
	void *p = malloc(n != 0 ? n : 1);

	if (p == NULL)
		oom();
	return p;
}

void *
eiti_xcalloc(size_t n, size_t m)
{
	void *p;

	if (n == 0 || m == 0)
		n = m = 1;
	p = calloc(n, m);
	if (p == NULL)
		oom();
	return p;
}

void *
eiti_xrealloc(void *p, size_t n)
{
	void *q = realloc(p, n != 0 ? n : 1);

	if (q == NULL)
		oom();
	return q;
}

char *
eiti_xstrdup(const char *s)
{
	return eiti_xstrndup(s, strlen(s));
}

char *
eiti_xstrndup(const char *s, size_t n)
{
	size_t len = strnlen(s, n);
	char *p;

	if (len == SIZE_MAX)
		oom();
	p = eiti_xmalloc(len + 1);
	memcpy(p, s, len);
	p[len] = '\0';
	return p;
}

char *
eiti_xasprintf(const char *fmt, ...)
{
	va_list ap;
	char *p = NULL;
	int r;

	va_start(ap, fmt);
	r = vasprintf(&p, fmt, ap);
	va_end(ap);
	if (r < 0)
		oom();
	return p;
}
