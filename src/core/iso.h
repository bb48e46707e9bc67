/*
 * iso.h - ISO 4217 currencies, ISO 3166-1 countries and 3166-2 areas.
 *
 * The tables are generated (tools/gen-iso-tables) from ICU's
 * ucurr_getDefaultFractionDigits() and Debian's iso-codes JSON (Spanish
 * country names from its gettext catalogue), never typed by hand, with
 * ISO 4217's minor units where CLDR departs from them (IQD 3, AFN 2, ...:
 * the generator's ISO_4217_DIGITS).  tests/check_iso.c pins the digits of
 * every currency (fixtures/iso/currency-digits.txt) and checks the codes
 * against the installed iso-codes when present.
 */
#ifndef EITI_CORE_ISO_H
#define EITI_CORE_ISO_H

#include <stdbool.h>

/* Minor-unit digits of an active ISO 4217 alpha-3 code, or -1 when the
 * code is unknown or not a currency (XAU, XXX ...). */
int eiti_currency_digits(const char *code);

/* English name of a currency (e.g. "Colombian Peso"), or NULL. */
const char *eiti_currency_name(const char *code);

/* ISO 3166-1 alpha-2 code known?  Its alpha-3 and English name, or NULL. */
bool eiti_country_known(const char *alpha2);
const char *eiti_country_alpha3(const char *alpha2);
const char *eiti_country_name(const char *alpha2);

/* The country's name in lang: Spanish for "es" (and "es-…"), from
 * Debian iso-codes' translations ("Perú"); English otherwise; NULL when
 * the code is unknown. */
const char *eiti_country_name_lang(const char *alpha2, const char *lang);

/* ISO 3166-2 subdivision code ("CO-CES") known?  Its name, or NULL. */
bool eiti_subdivision_known(const char *code);
const char *eiti_subdivision_name(const char *code);

#endif
