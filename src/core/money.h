/*
 * money.h - exact money.
 *
 * An amount is an int64_t count of minor units of its currency (COP 2
 * digits: 1234.56 COP is 123456).  Text in the xs:decimal lexical space is
 * parsed straight into that integer; no float or double is ever involved.
 * Every + - * is overflow-checked.  Exchange rates, relative tolerances
 * and in-kind volumes are exact decimals (coef / 10^scale) with a 128-bit
 * coefficient: every xs:decimal the schemas accept (24 digits) with up to
 * 18 fraction digits, at any magnitude (4255.123456789012345678).
 * Products of an amount and a rate are exact (up to 192 bits inside), and
 * there is exactly one rounding rule, half away from zero, applied once by
 * eiti_div_round() and by the conversions; FX conversion and every
 * percentage go through it.  The only other division, the truncation of
 * the tolerance shown in results (eiti_tolerance_value), is a display
 * rule, not a rounding of money.
 */
#ifndef EITI_CORE_MONEY_H
#define EITI_CORE_MONEY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Result of the parsers. */
enum eiti_amount_status {
	EITI_AMOUNT_OK = 0,
	EITI_AMOUNT_SYNTAX,   /* not in the xs:decimal lexical space */
	EITI_AMOUNT_DIGITS,   /* more fraction digits than the currency has */
	EITI_AMOUNT_OVERFLOW, /* does not fit in int64 minor units */
};

/* An exact decimal: value = coef / 10^scale, 0 <= scale <= 18.  The
 * parser gives |coef| < 10^24 (libxml2's 24 digits); the arithmetic below
 * takes any coef. */
struct eiti_decimal {
	__int128 coef;
	int scale;
};

/*
 * Parse s (NUL-terminated) as an xs:decimal, exactly the language libxml2
 * accepts: optional surrounding XML whitespace, optional sign, digits with
 * an optional '.' and fraction (".5" and "5." are valid), at most 24 total
 * digits (leading zeros not counted), no exponent, no grouping.  On
 * EITI_AMOUNT_OK *out holds the value in minor units of a currency with
 * `digits` minor-unit digits.  Trailing fraction zeros beyond `digits` are
 * accepted ("1.500" for 2 digits); a non-zero digit beyond is
 * EITI_AMOUNT_DIGITS and nothing is rounded.  "-0.00" is 0.
 * Measured libxml2 details kept here too: only space, tab, CR and LF count
 * as whitespace; the 24 digits include every fraction digit (trailing
 * zeros too) but not the integer part's leading zeros; an integer part of
 * 24 significant digits may not be followed by '.'.  Checks run in the
 * order syntax, fraction digits, overflow; `digits` outside 0..18 (an
 * unknown currency's -1) gives EITI_AMOUNT_DIGITS for any valid text.
 */
enum eiti_amount_status eiti_money_parse(
    int64_t *out, const char *s, int digits);

/* Same, with an explicit length (the string need not be NUL-terminated). */
enum eiti_amount_status eiti_money_parse_n(
    int64_t *out, const char *s, size_t len, int digits);

/* Parse a non-negative or negative xs:decimal into an exact decimal with
 * the smallest scale that represents it (trailing zeros removed), scale at
 * most 18.  Used for rates, relative tolerances and volumes.  More than 18
 * significant fraction digits: EITI_AMOUNT_DIGITS.  Any magnitude the
 * lexical space allows fits (24 digits < 2^80): never
 * EITI_AMOUNT_OVERFLOW. */
enum eiti_amount_status eiti_decimal_parse(
    struct eiti_decimal *out, const char *s);

/* *out = *a + *b exactly, at the larger scale, trailing zeros removed.
 * Returns false when the sum has more than the 24 digits of an
 * xs:decimal (it could not be written to results.xml and read back). */
bool eiti_decimal_add(struct eiti_decimal *out, const struct eiti_decimal *a,
    const struct eiti_decimal *b);

/* *out = *d * 10^e exactly (e may be negative: the scale grows).  Returns
 * false when the scale would exceed 18 or the coefficient overflows. */
bool eiti_decimal_shift(
    struct eiti_decimal *out, const struct eiti_decimal *d, int e);

/* Overflow-checked arithmetic: return false (and leave *out unspecified)
 * on overflow. */
bool eiti_add(int64_t *out, int64_t a, int64_t b);
bool eiti_sub(int64_t *out, int64_t a, int64_t b);
bool eiti_mul(int64_t *out, int64_t a, int64_t b);
bool eiti_abs(int64_t *out, int64_t a); /* fails for INT64_MIN */

/*
 * The one rounding division: *out = num / den rounded half away from zero.
 * den != 0.  Returns false when the result does not fit in int64.
 */
bool eiti_div_round(int64_t *out, __int128 num, __int128 den);

/*
 * Convert amount (minor units of a currency with from_digits) with rate
 * (report-currency units per one unit of the currency) into minor units of
 * the report currency (to_digits): the exact product amount * rate (up to
 * 192 bits), rounded once, half away from zero (eitirep-results(5),
 * Conversion).  Returns false only when the result itself does not fit in int64
 * minor units (or a digit count or scale is outside 0..18).
 */
bool eiti_money_convert(int64_t *out, int64_t amount, int from_digits,
    const struct eiti_decimal *rate, int to_digits);

/*
 * The other way: amount (minor units of the report currency, from_digits)
 * divided by rate, in minor units of the rate's currency (to_digits),
 * exact then rounded once, half away from zero.  rate must be positive.
 * Returns false when the result does not fit in int64 (or rate <= 0).
 */
bool eiti_money_convert_inverse(int64_t *out, int64_t amount, int from_digits,
    const struct eiti_decimal *rate, int to_digits);

/*
 * Exact comparison used by the margin of variance: true when
 * |f| <= max(abs_tol, rel * |base|) with no rounding anywhere.  All
 * amounts are in the same minor units; rel is a decimal fraction
 * (0.005 = 0.5 %).
 */
bool eiti_within_tolerance(
    int64_t f, int64_t abs_tol, const struct eiti_decimal *rel, int64_t base);

/* T = max(abs_tol, rel * |base|) for display, rounded toward zero to
 * minor units.  |f| is a whole number of minor units, so |f| <= this T
 * exactly when eiti_within_tolerance() is true: the T shown never
 * contradicts the status (a display truncation, not a rounding of money).
 * Returns false when T does not fit in int64. */
bool eiti_tolerance_value(int64_t *out, int64_t abs_tol,
    const struct eiti_decimal *rel, int64_t base);

/* Percentage num/den with two decimals, as an integer count of hundredths
 * of a percent (62.35 % -> 6235), rounded half away from zero.  den != 0. */
bool eiti_percent_bp(int64_t *out, int64_t num, int64_t den);

/*
 * Formatting.  Every formatter writes a NUL-terminated string into buf
 * (size >= EITI_MONEY_BUFSZ is always enough) and returns buf.
 *
 * eiti_money_plain: "-1234567.89" - the results.csv/xml form: '-' sign,
 *   '.' separator, exactly `digits` fraction digits, no grouping.
 * eiti_money_format: for reports, by language: "es" -> "1.234.567,89",
 *   "en" (and any other) -> "1,234,567.89"; negative with a leading '-'
 *   (U+2212 is not used, so the text is copyable); digits == 0 prints no
 *   separator.
 * eiti_decimal_plain: a decimal as its shortest text ("0.005", "4255.44"),
 *   every digit of any 128-bit coefficient.
 * eiti_percent_format: hundredths of a percent by language ("62,35 %" /
 *   "62.35%").
 */
#define EITI_MONEY_BUFSZ 64
char *eiti_money_plain(char *buf, int64_t amount, int digits);
char *eiti_money_format(
    char *buf, int64_t amount, int digits, const char *lang);
char *eiti_decimal_plain(char *buf, const struct eiti_decimal *d);
char *eiti_decimal_format(
    char *buf, const struct eiti_decimal *d, const char *lang);
char *eiti_percent_format(char *buf, int64_t bp, const char *lang);

#endif
