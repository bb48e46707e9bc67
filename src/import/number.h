/*
 * number.h - amounts and dates as tables print them, parsed exactly
 * (eitirep-profile(5)).  The text of a cell becomes an int64 count of minor
 * units without ever passing through a double, under a per-column format
 * that a profile states: decimal and grouping separators, accounting
 * negatives, currency symbols, a unit scale, and whether extra fraction
 * digits are an error or rounded half away from zero (the one rounding
 * rule, core/money.h).
 */
#ifndef EITI_IMPORT_NUMBER_H
#define EITI_IMPORT_NUMBER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct eiti_numfmt {
	char decimal;	     /* '.' or ','; the decimal separator */
	const char *group;   /* accepted grouping separators, UTF-8 list of
				characters (e.g. ",", ".", " \u00a0\u202f'");
				NULL or "": no grouping accepted */
	int scale;	     /* power of ten the printed figure is in: 3 for
				"in thousands", 6 for "in millions", 0 */
	bool round;	     /* extra fraction digits are rounded (half away
				from zero) instead of an error */
	bool dash_is_zero;   /* "$-", "-" and "–" alone mean 0 (accounting
				zero); otherwise they are not numbers (a
				profile lists them as nil markers) */
	const char *symbols; /* currency symbols and codes to ignore
				around the figure, '|'-separated
				("$|US$|COP|CAD"); NULL: "$" only */
};

/* '.' decimal, ',' grouping, scale 0, no rounding, no dash zero, "$". */
void eiti_numfmt_init(struct eiti_numfmt *f);

enum eiti_num_status {
	EITI_NUM_OK = 0,
	EITI_NUM_ROUNDED,  /* OK, but digits beyond the minor unit were
			      rounded (f->round): count it */
	EITI_NUM_EMPTY,	   /* blank, or only spaces */
	EITI_NUM_SYNTAX,   /* not a number in this format */
	EITI_NUM_MIXED,	   /* separators used inconsistently, such as
			      "29.907,397.716.519" or "1,23,4" */
	EITI_NUM_DIGITS,   /* more fraction digits than the minor unit */
	EITI_NUM_OVERFLOW, /* does not fit in int64 minor units */
};

/*
 * Parse a cell's text under f into minor units of a currency with
 * `digits` minor-unit digits.  Accepted: optional spaces, a sign ('-',
 * U+2212) or accounting parentheses "(1,234)", currency symbols before
 * or after the figure ("$(13,402,016)", "-$12,222.13", "1.234,56 COP"),
 * grouping separators only in groups of three from the decimal
 * separator, and the scale applied exactly ("1.5" in millions is
 * 1500000).  On failure *why (may be NULL) gets a short static
 * explanation for the finding ("grouping separator ',' after the decimal
 * separator").
 */
enum eiti_num_status eiti_num_parse(int64_t *out, const char *text, size_t len,
    const struct eiti_numfmt *f, int digits, const char **why);

/*
 * Parse the decimal text an xlsx or ods file stores for a number cell
 * ("2075.8000000000002", "1.5E-3", "-12", "1E+16"): plain '.' decimals
 * with an optional exponent, no grouping, scaled by `scale` and rounded
 * (round) or refused (EITI_NUM_DIGITS) beyond `digits`.  What a
 * spreadsheet stores is a binary double printed with up to 17 significant
 * digits; like Excel, which keeps 15, the digits beyond the 15th
 * significant one are rounded away (half away from zero) first and
 * silently: "2075.8000000000002" is 2075.80 exactly, not a rounding.
 */
enum eiti_num_status eiti_num_parse_stored(int64_t *out, const char *text,
    size_t len, int scale, int digits, bool round, const char **why);

/*
 * Dates.  A workbook date is a serial (days since 1899-12-30 in Excel's
 * 1900 system, whose fictitious 1900-02-29 is serial 60; a fraction is a
 * time of day and ignored); text dates follow a pattern made of YYYY,
 * MM, DD, M, D and literal characters ("DD/MM/YYYY", "YYYY-MM-DD",
 * "M/D/YYYY").  Both write "YYYY-MM-DD" and a NUL into out[11] and
 * return true, or return false for anything that is not a real date.
 */
bool eiti_date_from_serial(char out[11], const char *text, size_t len);
bool eiti_date_parse(
    char out[11], const char *text, size_t len, const char *pattern);

/* Same as eiti_date_from_serial() in a workbook's date system: date1904
 * (eiti_table_date1904(), Mac Excel's option) counts days from
 * 1904-01-01 = serial 0, with no fictitious day. */
bool eiti_date_from_serial_sys(
    char out[11], const char *text, size_t len, bool date1904);

/* The 1900-system serial of an ISO 8601 date ("2016-06-01", or with a
 * time "2016-06-01T12:00:00", ignored) as decimal text into out; false
 * for anything else or a date before 1900-01-01.  The ods reader gives
 * date cells this way, so that workbooks of both kinds look alike. */
bool eiti_date_to_serial(char *out, size_t size, const char *iso, size_t len);

#endif
