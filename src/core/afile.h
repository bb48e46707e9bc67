/*
 * afile.h - atomic output files.
 *
 * Every output (results, PDF, cache bodies, provenance) is written to a
 * temporary file beside its final place (".NAME.tmp.XXXXXX" in the same
 * directory), every write checked, fsync'ed, and renamed into place only
 * when complete; the directory is fsync'ed after the rename.  A failed or
 * interrupted run therefore never damages the previous file.
 *
 * Live temporary files are registered in a process-wide table so that a
 * SIGINT/SIGTERM handler can unlink them (eiti_afile_cleanup_signal()).
 */
#ifndef EITI_CORE_AFILE_H
#define EITI_CORE_AFILE_H

#include <stddef.h>

#include "core/err.h"

struct eiti_afile;

/* Create the temporary file for final_path.  Errors (EITI_ERR_IO) name
 * the path and the system error; a final path that exists and is not a
 * regular file (a device, a FIFO, a directory) is refused. */
int eiti_afile_open(
    struct eiti_afile **out, const char *final_path, struct eiti_err *err);

/* Append n bytes (buffered).  ENOSPC, EFBIG etc. are EITI_ERR_IO errors
 * naming the final path; after an error the file is poisoned. */
int eiti_afile_write(
    struct eiti_afile *f, const void *buf, size_t n, struct eiti_err *err);
int eiti_afile_puts(struct eiti_afile *f, const char *s, struct eiti_err *err);
int eiti_afile_printf(struct eiti_afile *f, struct eiti_err *err,
    const char *fmt, ...) __attribute__((format(printf, 3, 4)));

/* Flush, fsync and close the temporary file without renaming it: the
 * first phase of a multi-file commit. */
int eiti_afile_close(struct eiti_afile *f, struct eiti_err *err);

/* Close (if still open) and rename into place, fsync the directory, free
 * f.  On failure the temporary file is removed and f is freed. */
int eiti_afile_commit(struct eiti_afile *f, struct eiti_err *err);

/* Remove the temporary file and free f; accepts NULL. */
void eiti_afile_abort(struct eiti_afile *f);

/* Path of the temporary file (borrowed). */
const char *eiti_afile_tmppath(const struct eiti_afile *f);

/* Install SIGINT/SIGTERM/SIGHUP handlers that unlink every live temporary
 * file and re-raise the signal, and ignore SIGXFSZ so that a file-size
 * limit surfaces as EFBIG (exit 4) instead of a kill.  Call once from
 * main(). */
void eiti_afile_install_signal_handlers(void);

/* Unlink every live temporary file created by this process.  Async-signal
 * safe: for a program that installs its own fatal-signal handler instead
 * of the one above. */
void eiti_afile_cleanup_signal(void);

#endif
