/*
 * iso_tables.h - the generated ISO tables (private to src/core/iso.c and
 * the tests).  iso_tables.c is written by tools/gen-iso-tables; every
 * table is sorted by its code in byte order.
 */
#ifndef EITI_CORE_ISO_TABLES_H
#define EITI_CORE_ISO_TABLES_H

#include <stddef.h>

struct eiti_iso_currency {
	char code[4];
	signed char digits; /* -1: not a currency */
	const char *name;
};

struct eiti_iso_country {
	char alpha2[3];
	char alpha3[4];
	const char *name;    /* English */
	const char *name_es; /* Spanish (iso-codes' gettext catalogue) */
};

struct eiti_iso_subdivision {
	const char *code;
	const char *name;
};

extern const struct eiti_iso_currency eiti_iso_currencies[];
extern const size_t eiti_iso_ncurrencies;
extern const struct eiti_iso_country eiti_iso_countries[];
extern const size_t eiti_iso_ncountries;
extern const struct eiti_iso_subdivision eiti_iso_subdivisions[];
extern const size_t eiti_iso_nsubdivisions;

#endif
