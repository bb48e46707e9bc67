/*
 * url.c - removing the user information of URLs from text (url.h).
 *
 * A URL is found by its "://" after a scheme (RFC 3986 3.1: a letter,
 * then letters, digits, '+', '-' or '.'); its authority runs to the first
 * '/', '?', '#', white space, quote or angle bracket.  The user
 * information ends at the authority's last '@' (a password with an
 * unescaped '@' in it is still removed whole).  Linear in the text.
 */
#include "config.h"

#include <ctype.h>
#include <string.h>

#include "core/err.h"
#include "core/url.h"

static bool
scheme_char(unsigned char c)
{
	return isalnum(c) || c == '+' || c == '-' || c == '.';
}

static bool
authority_end(unsigned char c)
{
	return c == '\0' || c == '/' || c == '?' || c == '#' || c == '"' ||
	       c == '\'' || c == '<' || c == '>' || isspace(c);
}

/* Is s[0..i) ending in a scheme (at least one letter first)? */
static bool
after_scheme(const char *s, size_t i)
{
	size_t k = i;

	while (k > 0 && scheme_char((unsigned char)s[k - 1]))
		k--;
	while (k < i && !isalpha((unsigned char)s[k]))
		k++; /* "1http://": the scheme starts at its first letter */
	return k < i;
}

/* The '@' ending the user information of the authority at a, or NULL. */
static char *
userinfo_end(char *a)
{
	char *p, *at = NULL;

	for (p = a; !authority_end((unsigned char)*p); p++)
		if (*p == '@')
			at = p;
	return at;
}

char *
eiti_url_redact(char *s)
{
	char *p;

	if (s == NULL)
		return NULL;
	for (p = strstr(s, "://"); p != NULL; p = strstr(p, "://")) {
		char *a = p + 3, *at;

		if (after_scheme(s, (size_t)(p - s)) &&
		    (at = userinfo_end(a)) != NULL)
			memmove(a, at + 1, strlen(at + 1) + 1);
		p = a;
	}
	return s;
}

char *
eiti_url_redacted(const char *s)
{
	return s != NULL ? eiti_url_redact(eiti_xstrdup(s)) : NULL;
}

bool
eiti_url_has_userinfo(const char *url)
{
	const char *p = url != NULL ? strstr(url, "://") : NULL;

	if (p == NULL || !after_scheme(url, (size_t)(p - url)))
		return false;
	for (p += 3; !authority_end((unsigned char)*p); p++)
		if (*p == '@')
			return true;
	return false;
}
