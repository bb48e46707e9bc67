/*
 * url.h - URLs in everything the program prints or writes: never a user
 * name or password.
 *
 * A manifest may not carry credentials (rule SRC-CREDENTIALS: it is
 * published with its report; `eitirep fetch` takes them from ~/.netrc or
 * the file $NETRC names), but a server's redirect may still put some in a
 * URL.  So every printer and writer passes what it prints through
 * eiti_url_redact(): diagnostics (core/diag.c), errors (core/err.c), the
 * command line's logs and summaries, the provenance in results.xml and
 * what is read back from it.
 */
#ifndef EITI_CORE_URL_H
#define EITI_CORE_URL_H

#include <stdbool.h>

/*
 * Remove the user information ("user:password@", "user@") from every URL
 * in the text s, in place: "https://ana:s3cret@host/x" becomes
 * "https://host/x".  s may be a URL alone or a message that quotes URLs
 * anywhere; everything else is left as it is.  Returns s (NULL for NULL).
 */
char *eiti_url_redact(char *s);

/* A redacted copy of s, newly allocated (NULL for NULL). */
char *eiti_url_redacted(const char *s);

/* True when the URL url (any scheme with "//") has user information: a
 * user name, a password or both before its host. */
bool eiti_url_has_userinfo(const char *url);

#endif
