/*
 * plural.h - CLDR plural categories of counts, so that every sentence
 * with a number agrees with it ("1 empresa", "2 empresas"; "1 key",
 * "2 keys") in the report and on the command line.
 *
 * Counts are non-negative integers, so only the integer rules of the
 * Unicode CLDR plural rules (https://cldr.unicode.org, plurals.xml) are
 * implemented, for the languages listed in plural.c; any other language
 * gets the English rule (one for 1, other otherwise).  A language is
 * found by its primary subtag ("pt-BR" -> "pt").
 */
#ifndef EITI_CORE_PLURAL_H
#define EITI_CORE_PLURAL_H

#include <stdint.h>

enum eiti_plural {
	EITI_PL_ZERO,
	EITI_PL_ONE,
	EITI_PL_TWO,
	EITI_PL_FEW,
	EITI_PL_MANY,
	EITI_PL_OTHER,
	EITI_PL_COUNT
};

/* The category of the count n in language lang (NULL: English). */
enum eiti_plural eiti_plural_category(const char *lang, uint64_t n);

/* "zero", "one", "two", "few", "many", "other". */
const char *eiti_plural_name(enum eiti_plural c);

/* The category named s (n bytes), or -1. */
int eiti_plural_parse(const char *s, size_t n);

/* English word for a count on the command line: one when n is 1, else
 * other ("1 file", "0 files", "2 files"). */
const char *eiti_plural_en(uint64_t n, const char *one, const char *other);

#endif
