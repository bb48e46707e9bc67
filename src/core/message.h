/*
 * message.h - sentences with numbers that agree with them: a subset of
 * ICU MessageFormat for the report's templates (and the command line).
 *
 *   {name}                       an argument: a string, or a count
 *                                formatted by the caller's function
 *   {name, plural, =0 {…} one {…} other {…}}
 *                                the branch for the count name: an exact
 *                                "=N" first, then its CLDR category in the
 *                                message's language (core/plural.h), else
 *                                other; inside it, # is the count
 *   {name, select, yes {…} other {…}}
 *                                the branch whose key equals the string
 *                                argument, else other
 *
 * Branches may nest and contain arguments.  "=0" is how a template says
 * "none" naturally ("Every company reported" rather than "0 companies did
 * not report").  A { that does not start a well-formed argument, and an
 * argument nobody passed, are copied as they are.  Braces cannot be
 * quoted: a template has no literal { or }.
 */
#ifndef EITI_CORE_MESSAGE_H
#define EITI_CORE_MESSAGE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* One argument: a string (str != NULL) or a count (str == NULL). */
struct eiti_msg_arg {
	const char *name;
	const char *str;
	int64_t num;
};

/* A string argument (NULL prints as nothing) and a count argument. */
static inline struct eiti_msg_arg
eiti_msg_s(const char *name, const char *s)
{
	struct eiti_msg_arg a = {name, s != NULL ? s : "", 0};

	return a;
}

#define EITI_MSG_S(n, s) eiti_msg_s((n), (s))
#define EITI_MSG_N(n, v) ((struct eiti_msg_arg){(n), NULL, (int64_t)(v)})

/* Formats a count into buf (at least 64 bytes), e.g. with grouping. */
typedef void (*eiti_msg_numfn)(void *ud, char *buf, int64_t n);

/*
 * Format pattern with args in language lang (plural rules); counts are
 * formatted by num (NULL: plain decimal digits).  Returns a new malloc'ed
 * string (never NULL).  Nesting deeper than EITI_MSG_MAXDEPTH is copied
 * as text, so a hostile template cannot recurse without bound.
 */
#define EITI_MSG_MAXDEPTH 8
char *eiti_msg_format(const char *pattern, const struct eiti_msg_arg *args,
    size_t nargs, const char *lang, eiti_msg_numfn num, void *ud);

/*
 * Check the syntax of pattern: every {name, plural|select, …} is closed,
 * has an other branch and well-formed selectors.  Returns true when it
 * is; else false with a short reason in why (n bytes).
 */
bool eiti_msg_check(const char *pattern, char *why, size_t n);

#endif
