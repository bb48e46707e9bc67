/*
 * export.h - open data (SPEC section 9): the EITI Summary Data Template
 * v2.0 workbook (libxlsxwriter, the only code that includes it) and the
 * flattened company/government CSV files of EITI's open-data layout.
 */
#ifndef EITI_EXPORT_EXPORT_H
#define EITI_EXPORT_EXPORT_H

#include "core/err.h"
#include "model/results.h"

/* Write the SDT workbook to path (through a temporary file renamed into
 * place). */
int eiti_export_sdt(const struct eiti_results *res, const char *path,
	struct eiti_err *err);

/* Write company.csv and government.csv into dir. */
int eiti_export_csv(const struct eiti_results *res, const char *dir,
	struct eiti_err *err);

#endif
