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

/* Exit status of every command (SPEC section 2). */
enum eiti_exit {
	EITI_EXIT_OK = 0,
	EITI_EXIT_INVALID = 1,	   /* input invalid */
	EITI_EXIT_USAGE = 2,	   /* usage error */
	EITI_EXIT_FETCH = 3,	   /* fetch failed */
	EITI_EXIT_IO = 4,	   /* output or system error */
	EITI_EXIT_DISCREPANCY = 5, /* --fail-on-discrepancy and one was found */
};

struct eiti_err {
	int code; /* an enum eiti_exit value; 0 while unset */
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
 * Set err (if not set yet) to code and a printf-style message.  Always
 * returns -1 so callers can write "return eiti_err_set(...)".  err may be
 * NULL.
 */
int eiti_err_set(struct eiti_err *err, int code, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
int eiti_err_vset(struct eiti_err *err, int code, const char *fmt, va_list ap);

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
