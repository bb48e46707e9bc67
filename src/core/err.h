/*
 * err.h - operational errors and exit codes.
 *
 * A struct eiti_err lives on the caller's stack.  The first error set wins:
 * later calls to eiti_err_set() on an already-set error are ignored, so the
 * innermost, most precise cause is what main() prints.  Messages are lower
 * case, carry no trailing period and name the stage and the object
 * ("fetch: https://example.org/a.xml: HTTP 503").  Only main() prints them.
 *
 * Findings about data (schema violations, discrepancies) are not errors:
 * see diag.h.
 */
#ifndef EITI_CORE_ERR_H
#define EITI_CORE_ERR_H

#include <stdarg.h>
#include <stddef.h>

/*
 * What kind of failure stopped an operation.  Stages raise a kind; only
 * the command line (cli/) maps kinds to exit statuses (eitirep(1), EXIT
 * STATUS): invalid input 1, fetch 3, I/O and installation 4, configuration 2.
 */
enum eiti_err_kind {
	EITI_ERR_NONE = 0, /* unset */
	EITI_ERR_INVALID,  /* the input data cannot be used */
	EITI_ERR_FETCH,	   /* a source cannot be fetched */
	EITI_ERR_IO,	   /* output, system or installation error */
	EITI_ERR_CONFIG,   /* the invocation asks for what cannot be
			      (unknown language, bad parameter value) */
};

struct eiti_err {
	enum eiti_err_kind kind; /* EITI_ERR_NONE while unset */
	char msg[1024];
};

#define EITI_ERR_INIT                                                          \
	{                                                                      \
		0,                                                             \
		{                                                              \
			0                                                      \
		}                                                              \
	}

/*
 * Set err (if not set yet) to kind and a printf-style message.  Always
 * returns -1 so callers can write "return eiti_err_set(...)".  err may be
 * NULL.
 */
int eiti_err_set(struct eiti_err *err, enum eiti_err_kind kind, const char *fmt,
    ...) __attribute__((format(printf, 3, 4)));
int eiti_err_vset(
    struct eiti_err *err, enum eiti_err_kind kind, const char *fmt, va_list ap);

/* strerror(e) with its first letter in lower case, as messages are
 * ("no such file or directory"); a static buffer, valid until the next
 * call. */
const char *eiti_errno_text(int e);

/* Non-zero when an error has been set. */
int eiti_err_isset(const struct eiti_err *err);

/* Out of memory is not an error path in a CLI: print and abort. */
void *eiti_xmalloc(size_t n);
void *eiti_xcalloc(size_t n, size_t m);
void *eiti_xrealloc(void *p, size_t n);
char *eiti_xstrdup(const char *s);
char *eiti_xstrndup(const char *s, size_t n);
char *eiti_xasprintf(const char *fmt, ...)
    __attribute__((format(printf, 1, 2)));

#endif
