/*
 * plural.c - the integer plural rules of CLDR for the languages a report
 * template is likely to be written in (CLDR 42, plurals.xml; for
 * integers the operands i and n are the count and v, f, e are 0).
 */
#include "config.h"

#include <stddef.h>
#include <string.h>

#include "core/plural.h"

static const char *const names[EITI_PL_COUNT] = {
    "zero", "one", "two", "few", "many", "other"};

enum rule {
	R_ONE_1,      /* en de it nl sv da nb fi et ...: one n = 1 */
	R_ES,	      /* es: one n = 1; many n % 1000000 = 0, n != 0 */
	R_FR,	      /* fr pt: one i = 0,1; many as es */
	R_RU,	      /* ru uk be: one, few, many by the last digits */
	R_PL,	      /* pl: one n = 1; few 2..4 (not 12..14); many */
	R_CS,	      /* cs sk: one 1; few 2..4 */
	R_AR,	      /* ar: zero, one, two, few, many */
	R_OTHER_ONLY, /* ja zh ko id ms th vi: other */
};

static const struct {
	char lang[4];
	enum rule rule;
} langs[] = {
    {"ar", R_AR},
    {"be", R_RU},
    {"ca", R_ES},
    {"cs", R_CS},
    {"da", R_ONE_1},
    {"de", R_ONE_1},
    {"el", R_ONE_1},
    {"en", R_ONE_1},
    {"es", R_ES},
    {"et", R_ONE_1},
    {"fi", R_ONE_1},
    {"fr", R_FR},
    {"id", R_OTHER_ONLY},
    {"it", R_ES},
    {"ja", R_OTHER_ONLY},
    {"ko", R_OTHER_ONLY},
    {"ms", R_OTHER_ONLY},
    {"nb", R_ONE_1},
    {"nl", R_ONE_1},
    {"no", R_ONE_1},
    {"pl", R_PL},
    {"pt", R_FR},
    {"ru", R_RU},
    {"sk", R_CS},
    {"sv", R_ONE_1},
    {"th", R_OTHER_ONLY},
    {"tr", R_ONE_1},
    {"uk", R_RU},
    {"vi", R_OTHER_ONLY},
    {"zh", R_OTHER_ONLY},
};

static enum rule
rule_of(const char *lang)
{
	size_t i, n;

	if (lang == NULL)
		return R_ONE_1;
	n = strcspn(lang, "-_");
	for (i = 0; i < sizeof(langs) / sizeof(langs[0]); i++)
		if (n == strlen(langs[i].lang) &&
		    strncmp(lang, langs[i].lang, n) == 0)
			return langs[i].rule;
	return R_ONE_1;
}

enum eiti_plural
eiti_plural_category(const char *lang, uint64_t n)
{
	uint64_t d10 = n % 10, d100 = n % 100;

	switch (rule_of(lang)) {
	case R_ES:
		if (n == 1)
			return EITI_PL_ONE;
		return n != 0 && n % 1000000 == 0 ? EITI_PL_MANY
						  : EITI_PL_OTHER;
	case R_FR:
		if (n <= 1)
			return EITI_PL_ONE;
		return n % 1000000 == 0 ? EITI_PL_MANY : EITI_PL_OTHER;
	case R_RU:
		if (d10 == 1 && d100 != 11)
			return EITI_PL_ONE;
		if (d10 >= 2 && d10 <= 4 && !(d100 >= 12 && d100 <= 14))
			return EITI_PL_FEW;
		return EITI_PL_MANY;
	case R_PL:
		if (n == 1)
			return EITI_PL_ONE;
		if (d10 >= 2 && d10 <= 4 && !(d100 >= 12 && d100 <= 14))
			return EITI_PL_FEW;
		return EITI_PL_MANY;
	case R_CS:
		if (n == 1)
			return EITI_PL_ONE;
		return n >= 2 && n <= 4 ? EITI_PL_FEW : EITI_PL_OTHER;
	case R_AR:
		if (n <= 2)
			return (enum eiti_plural)n; /* zero, one, two */
		if (d100 >= 3 && d100 <= 10)
			return EITI_PL_FEW;
		return d100 >= 11 ? EITI_PL_MANY : EITI_PL_OTHER;
	case R_OTHER_ONLY:
		return EITI_PL_OTHER;
	case R_ONE_1:
	default:
		return n == 1 ? EITI_PL_ONE : EITI_PL_OTHER;
	}
}

const char *
eiti_plural_name(enum eiti_plural c)
{
	return (unsigned)c < EITI_PL_COUNT ? names[c] : "other";
}

int
eiti_plural_parse(const char *s, size_t n)
{
	int i;

	for (i = 0; i < EITI_PL_COUNT; i++)
		if (strlen(names[i]) == n && strncmp(s, names[i], n) == 0)
			return i;
	return -1;
}

const char *
eiti_plural_en(uint64_t n, const char *one, const char *other)
{
	return eiti_plural_category("en", n) == EITI_PL_ONE ? one : other;
}
