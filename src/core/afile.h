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

/*
 * A group of outputs in one directory, committed all or none: `reconcile`
 * (results.csv, results.xml), `run` (with report.pdf) and `export --csv`.
 *
 *	eiti_afile_group_open(&g, dir, err);    dir must exist
 *	eiti_afile_group_add(g, &f, "a.csv", err);   write to f ...
 *	eiti_afile_group_commit(g, err);        or eiti_afile_group_abort(g)
 *
 * Nothing is renamed until every file of the group is complete, flushed
 * and fsync'ed; then the files are renamed in the order they were added
 * and the directory is fsync'ed once.  Any failure before the renames
 * removes every temporary file and leaves every previous output as it
 * was.  (A rename itself failing after an earlier one succeeded, which
 * takes the directory failing between two renames, leaves the earlier
 * ones in place: the error says which.)  The group owns its files: never
 * commit or abort one of them alone.
 */
struct eiti_afile_group;

int eiti_afile_group_open(
    struct eiti_afile_group **out, const char *dir, struct eiti_err *err);
/* Open the atomic file dir/name; *f is borrowed from the group. */
int eiti_afile_group_add(struct eiti_afile_group *g, struct eiti_afile **f,
    const char *name, struct eiti_err *err);
/* Close every file, then rename them all into place; frees g.  On
 * failure every file not yet renamed is removed. */
int eiti_afile_group_commit(struct eiti_afile_group *g, struct eiti_err *err);
/* Remove every temporary file and free g; accepts NULL. */
void eiti_afile_group_abort(struct eiti_afile_group *g);

/*
 * Remove the temporary files (".NAME.tmp.XXXXXX") a killed process left
 * beside final_path; each (may be NULL) is told every path removed.
 * Only under a lock that keeps every other writer of final_path out
 * (eiti_afile_lock_dir): a live writer's temporary file looks the same.
 */
void eiti_afile_sweep(
    const char *final_path, void (*each)(void *ud, const char *path), void *ud);

/*
 * What `render` and `export` do before writing final_path, which they do
 * not hold a lock for: remove the temporary files of final_path that a
 * killed process left, when they are regular files unchanged for
 * EITI_AFILE_STALE_AGE seconds (a live writer's file is newer), and only
 * when the directory's lock is free (a `run` into that directory sweeps
 * for itself).  Errors are ignored: the output's own open reports them.
 */
#define EITI_AFILE_STALE_AGE 3600
void eiti_afile_sweep_stale(
    const char *final_path, void (*each)(void *ud, const char *path), void *ud);

/*
 * Lock a directory for one writer at a time: flock() on the directory
 * itself, so that nothing is left behind in it (outputs directories are
 * published as they are) and the kernel releases the lock when the
 * holder dies.  Returns 0 with *fd set (eiti_afile_unlock_dir releases
 * it), 1 when another process holds the lock (err untouched: the caller
 * says who is waiting for what), -1 with EITI_ERR_IO set otherwise.
 */
int eiti_afile_lock_dir(int *fd, const char *dir, struct eiti_err *err);
void eiti_afile_unlock_dir(int fd); /* accepts -1 */

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
