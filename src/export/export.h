/*
 * export.h - open data (eitirep(1), export): the EITI Summary Data Template
 * v2.0 workbook (libxlsxwriter, the only code that includes it) and the
 * flattened company/government CSV files of EITI's open-data layout.
 *
 * Both are filled from a struct eiti_results only.  The workbook follows
 * the sheet names and cell positions the EITI's own importer reads
 * (EITI Requirement 7.2); the CSV files follow the columns of EITI's open-data
 * republication.  Every output is written to a temporary
 * file beside its final path and renamed into place only when complete.
 *
 * Amounts stay int64 minor units until the very last step: a spreadsheet
 * cell holds a binary double, so eiti_export_amount_double() converts
 * once, checked to be exact at the currency's minor unit, and nothing is
 * ever computed with the result.
 */
#ifndef EITI_EXPORT_EXPORT_H
#define EITI_EXPORT_EXPORT_H

#include <stddef.h> /* core/err.h uses size_t */
#include <stdint.h>

#include "core/err.h"
#include "model/results.h"

/* Write the SDT workbook to path (through a temporary file renamed into
 * place only when libxlsxwriter reports success).  Errors: EITI_ERR_IO
 * when the file cannot be written, EITI_ERR_INVALID when the results
 * hold something the template cannot carry exactly (an amount beyond the
 * exact range below, a text longer than a cell holds). */
int eiti_export_sdt(
    const struct eiti_results *res, const char *path, struct eiti_err *err);

/* Write the results themselves as a workbook of real numbers (sheets
 * About, Keys, Companies, Company list, Streams, Entities, Regions,
 * Adjustments), for spreadsheet users whose decimal separator is not
 * results.csv's '.'.  Amounts a double cannot hold exactly are written as
 * their exact decimal text.  Errors as for eiti_export_sdt(). */
int eiti_export_xlsx(
    const struct eiti_results *res, const char *path, struct eiti_err *err);

/* Write company.csv and government.csv into dir (created if missing, one
 * level).  Both are completed as temporary files before
 * either is renamed into place (an eiti_afile_group).  Errors as for
 * eiti_export_sdt(). */
int eiti_export_csv(
    const struct eiti_results *res, const char *dir, struct eiti_err *err);

/* File names eiti_export_csv() writes. */
#define EITI_EXPORT_CSV_COMPANY "company.csv"
#define EITI_EXPORT_CSV_GOVERNMENT "government.csv"

/*
 * The double a spreadsheet cell stores for amount, in minor units of a
 * currency with `digits` (0..4) minor-unit digits: (double)amount /
 * 10^digits, one correctly rounded division.  The result is exact at the
 * minor unit (the text libxlsxwriter writes, "%.16G", and any reader's
 * double both round back to amount) while |amount| < 2^52, and for digits
 * 0 while |amount| <= 2^53; outside that range this returns -1 and writes
 * nothing (a 16-digit amount near 2^53 with a fraction has no double
 * within half a minor unit).  Returns 0 on success.
 */
#define EITI_EXPORT_EXACT_LIMIT (INT64_C(1) << 52)
int eiti_export_amount_double(double *out, int64_t amount, int digits);

#endif
