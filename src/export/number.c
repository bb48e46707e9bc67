/*
 * number.c - the one place an amount becomes a double: the final output
 * boundary of the workbook, where libxlsxwriter takes nothing else.
 *
 * Why |amount| < 2^52: (double)amount is exact up to 2^53, and the one
 * division by 10^digits is correctly rounded, so the double D is within
 * half an ulp of the true value x.  Below 2^52 minor units that half ulp
 * is under half a minor unit, hence D, libxlsxwriter's "%.16G" text of D
 * and any reader's double of that text all round back to the amount.
 * Between 2^52 and 2^53 a 16-digit amount with a fraction may sit more
 * than half a minor unit from every double, so it is refused instead of
 * being written one minor unit off.  With no fraction (digits 0) D is the
 * integer itself, exact up to 2^53.
 */
#include "config.h"

#include "export/export.h"

static const double pow10_dbl[] = {1.0, 10.0, 100.0, 1000.0, 10000.0};

int
eiti_export_amount_double(double *out, int64_t amount, int digits)
{
	uint64_t mag;

	if (digits < 0 || digits > 4)
		return -1;
	mag = amount < 0 ? (uint64_t)0 - (uint64_t)amount : (uint64_t)amount;
	if (digits == 0 ? mag > (UINT64_C(1) << 53)
			: mag >= (uint64_t)EITI_EXPORT_EXACT_LIMIT)
		return -1;
	*out = (double)amount / pow10_dbl[digits];
	return 0;
}
