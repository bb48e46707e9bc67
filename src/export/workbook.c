/*
 * workbook.c - one way to write an .xlsx file (export --sdt, --xlsx):
 * libxlsxwriter writes the temporary file of an atomic file itself, in
 * the C locale (it prints numbers with "%.16G": a decimal comma from the
 * process locale would corrupt the XML), with its own scratch files
 * beside the output, on the disk the user chose; the file is renamed
 * into place only when complete.
 */
#include "config.h"

#include <locale.h>
#include <stdlib.h>
#include <string.h>

#include "core/afile.h"
#include "core/paths.h"
#include "export/workbook.h"

int
eiti_export_workbook(const char *path, bool constant_memory,
    int (*fill)(lxw_workbook *wb, void *ud), void *ud, struct eiti_err *err)
{
	struct eiti_afile *af = NULL;
	lxw_workbook_options opts;
	lxw_workbook *wb = NULL;
	locale_t cloc, old = (locale_t)0;
	char *dir = NULL;
	lxw_error e;
	int rc = -1;

	cloc = newlocale(LC_ALL_MASK, "C", (locale_t)0);
	if (cloc == (locale_t)0)
		return eiti_err_set(
		    err, EITI_ERR_IO, "export: %s: no C locale", path);
	old = uselocale(cloc);
	if (eiti_afile_open(&af, path, err) != 0)
		goto out;
	dir = eiti_path_dirname(path);
	memset(&opts, 0, sizeof(opts));
	opts.tmpdir = dir;
	opts.constant_memory = constant_memory ? LXW_TRUE : LXW_FALSE;
	wb = workbook_new_opt(eiti_afile_tmppath(af), &opts);
	if (wb == NULL) {
		eiti_err_set(err, EITI_ERR_IO,
		    "export: %s: cannot create the workbook", path);
		goto out;
	}
	if (fill(wb, ud) != 0)
		goto out;
	e = workbook_close(wb);
	wb = NULL;
	if (e != LXW_NO_ERROR) {
		eiti_err_set(
		    err, EITI_ERR_IO, "export: %s: %s", path, lxw_strerror(e));
		goto out;
	}
	/* libxlsxwriter wrote and closed the temporary path itself; commit
	 * fsyncs that file and renames it into place */
	rc = eiti_afile_commit(af, err);
	af = NULL;
out:
	if (wb != NULL)
		lxw_workbook_free(wb); /* discard: nothing is written */
	eiti_afile_abort(af);
	uselocale(old);
	freelocale(cloc);
	free(dir);
	return rc;
}
