/*
 * workbook.h - writing an .xlsx file through an atomic file (workbook.c),
 * shared by the SDT (sdt.c) and the results workbook (xlsx.c).
 */
#ifndef EITI_EXPORT_WORKBOOK_H
#define EITI_EXPORT_WORKBOOK_H

#include <stdbool.h>

#include <xlsxwriter.h>

#include "core/err.h"

/* Create the workbook for path (constant_memory: rows are written in
 * order and not kept), let fill(wb, ud) add its sheets (0, or -1 with
 * err set), and put the file in place only when it is complete: on any
 * failure the previous file at path is untouched and no temporary file
 * remains.  EITI_ERR_IO errors name path. */
int eiti_export_workbook(const char *path, bool constant_memory,
    int (*fill)(lxw_workbook *wb, void *ud), void *ud, struct eiti_err *err);

#endif
