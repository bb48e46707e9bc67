/*
 * suggest.h - matching text the way people type it, and naming the
 * closest known values when something does not match ("did you mean").
 *
 * Two spellings of one name - "Agencia Nacional de Minería" and
 * "AGENCIA  NACIONAL DE MINERIA" with a no-break space - are the same
 * key once normalized: ASCII letters lower-cased, Latin letters with
 * diacritics folded to their base letters (á → a, Ñ → n, ß → ss, Œ → oe;
 * combining marks dropped), every kind of space (tab, line break,
 * NBSP, thin and narrow spaces) made one ASCII space, runs of spaces
 * collapsed and the ends trimmed, typographic quotes and dashes made
 * ASCII.  Other characters are kept as they are.
 *
 * The suggester ranks candidates against a query by a bounded edit
 * distance (Damerau-Levenshtein, optimal string alignment) of their
 * normalized forms, and also accepts a candidate that the query is a
 * prefix of (or that is a prefix of the query), that ends with the query
 * (a missing prefix: "20100000001" for "RUC-20100000001") or the query
 * with it, that begins with two
 * thirds of the query, or that holds two thirds of the query's words
 * (three letters or more) in any order.  It keeps the best
 * EITI_SUGGEST_MAX candidates in offer order among equals; memory does
 * not grow with the number of candidates.
 */
#ifndef EITI_CORE_SUGGEST_H
#define EITI_CORE_SUGGEST_H

#include <stdbool.h>
#include <stddef.h>

/*
 * Write the normalized form of s[0..len) (UTF-8) into out, NUL-terminated
 * and truncated at a character boundary to fit size bytes (size > 0).
 * Returns the length written.  Invalid UTF-8 bytes are kept as they are.
 */
size_t eiti_norm(char *out, size_t size, const char *s, size_t len);

/* The normalized form of the NUL-terminated s, newly allocated. */
char *eiti_norm_dup(const char *s);

/* True when a and b (NUL-terminated) are equal once normalized. */
bool eiti_norm_equal(const char *a, const char *b);

/*
 * Edit distance between a[0..alen) and b[0..blen) (bytes, no
 * normalization): insertions, deletions, substitutions and
 * transpositions of adjacent bytes cost 1.  Returns max + 1 as soon as
 * the distance is known to exceed max.
 */
unsigned eiti_edit_distance(
    const char *a, size_t alen, const char *b, size_t blen, unsigned max);

#define EITI_SUGGEST_MAX 3

struct eiti_suggest {
	char query[256]; /* normalized */
	size_t qlen;
	unsigned bound; /* largest distance accepted */
	struct {
		char *text; /* as offered, newly allocated */
		unsigned score;
	} best[EITI_SUGGEST_MAX];
	size_t n;
};

/* Start a search for the candidates closest to query (UTF-8). */
void eiti_suggest_init(struct eiti_suggest *s, const char *query);

/* Consider one candidate (copied only when it ranks among the best; a
 * candidate equal to one kept already is ignored). */
void eiti_suggest_offer(struct eiti_suggest *s, const char *candidate);

/* The candidates kept, best first, written as "'a', 'b' or 'c'" into
 * buf (truncated to size); "" when none was close.  Returns buf. */
char *eiti_suggest_list(const struct eiti_suggest *s, char *buf, size_t size);

/* The same, but when a candidate differs from the query only in case,
 * accents or spaces (equal once normalized), it alone is named: an
 * unknown code "1415e1" gets "'1415E1'", not its neighbours too. */
char *eiti_suggest_closest(
    const struct eiti_suggest *s, char *buf, size_t size);

/* Release the copies; s may be initialised again afterwards. */
void eiti_suggest_free(struct eiti_suggest *s);

#endif
