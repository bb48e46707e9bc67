/*
 * iso.c - lookups in the generated ISO 4217 / 3166 tables
 * (iso_tables.c, written by tools/gen-iso-tables).
 *
 * Codes are matched exactly, case included: ISO codes are upper case and
 * a lower-case "cop" in a disclosure is a finding, not a synonym.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "core/iso.h"
#include "core/iso_tables.h"

static int
cmp_currency(const void *key, const void *elt)
{
	return strcmp(key, ((const struct eiti_iso_currency *)elt)->code);
}

static int
cmp_country(const void *key, const void *elt)
{
	return strcmp(key, ((const struct eiti_iso_country *)elt)->alpha2);
}

static int
cmp_subdivision(const void *key, const void *elt)
{
	return strcmp(key, ((const struct eiti_iso_subdivision *)elt)->code);
}

static const struct eiti_iso_currency *
currency(const char *code)
{
	if (code == NULL)
		return NULL;
	return bsearch(code, eiti_iso_currencies, eiti_iso_ncurrencies,
	    sizeof(eiti_iso_currencies[0]), cmp_currency);
}

static const struct eiti_iso_country *
country(const char *alpha2)
{
	if (alpha2 == NULL)
		return NULL;
	return bsearch(alpha2, eiti_iso_countries, eiti_iso_ncountries,
	    sizeof(eiti_iso_countries[0]), cmp_country);
}

static const struct eiti_iso_subdivision *
subdivision(const char *code)
{
	if (code == NULL)
		return NULL;
	return bsearch(code, eiti_iso_subdivisions, eiti_iso_nsubdivisions,
	    sizeof(eiti_iso_subdivisions[0]), cmp_subdivision);
}

int
eiti_currency_digits(const char *code)
{
	const struct eiti_iso_currency *c = currency(code);

	return c != NULL ? c->digits : -1;
}

const char *
eiti_currency_name(const char *code)
{
	const struct eiti_iso_currency *c = currency(code);

	return c != NULL ? c->name : NULL;
}

bool
eiti_country_known(const char *alpha2)
{
	return country(alpha2) != NULL;
}

const char *
eiti_country_alpha3(const char *alpha2)
{
	const struct eiti_iso_country *c = country(alpha2);

	return c != NULL ? c->alpha3 : NULL;
}

const char *
eiti_country_name(const char *alpha2)
{
	const struct eiti_iso_country *c = country(alpha2);

	return c != NULL ? c->name : NULL;
}

const char *
eiti_country_name_lang(const char *alpha2, const char *lang)
{
	const struct eiti_iso_country *c = country(alpha2);

	if (c == NULL)
		return NULL;
	if (lang != NULL && strncmp(lang, "es", 2) == 0 &&
	    (lang[2] == '\0' || lang[2] == '-'))
		return c->name_es;
	return c->name;
}

bool
eiti_subdivision_known(const char *code)
{
	return subdivision(code) != NULL;
}

const char *
eiti_subdivision_name(const char *code)
{
	const struct eiti_iso_subdivision *s = subdivision(code);

	return s != NULL ? s->name : NULL;
}
