/*
 * afile.c - atomic output files (temp file + rename): README, "Outputs".
 *
 * Sequence: mkstemp(".NAME.tmp.XXXXXX") beside the final path, buffered
 * writes through a checked write loop, fsync (a failed fsync is fatal and
 * never retried), checked close, rename, fsync of the directory.  Any
 * failure unlinks the temporary file, so the previous file at the final
 * path is never touched.
 *
 * Live temporary paths are also kept in a fixed static table of character
 * arrays, claimed with atomic compare-and-swap, so that a signal handler
 * can unlink them using only async-signal-safe calls (unlink, getpid,
 * sigaction, raise).  A path that does not fit the table still works; it
 * is only not cleaned up on a signal (a later run's temp files are hidden
 * dot files that never shadow real outputs).
 */
#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <time.h>
#include <unistd.h>

#include "core/afile.h"
#include "core/err.h"
#include "core/paths.h"

#define AFILE_BUFSZ 65536
#define REG_SLOTS 64
#define REG_PATHMAX 4096

enum { SLOT_FREE, SLOT_CLAIMED, SLOT_LIVE };

struct reg_slot {
	int state;   /* enum above, accessed atomically */
	pid_t owner; /* a forked child must not unlink its parent's files */
	char path[REG_PATHMAX];
};

static struct reg_slot registry[REG_SLOTS];

struct eiti_afile {
	int fd;	    /* -1 once closed */
	int failed; /* poisoned by a write/close error */
	int slot;   /* registry slot or -1 */
	char *final_path;
	char *tmp_path;
	size_t nbuf;
	unsigned char buf[AFILE_BUFSZ];
};

static int
reg_add(const char *path)
{
	size_t len = strlen(path);
	int i;

	if (len >= REG_PATHMAX)
		return -1;
	for (i = 0; i < REG_SLOTS; i++) {
		int expect = SLOT_FREE;

		if (!__atomic_compare_exchange_n(&registry[i].state, &expect,
			SLOT_CLAIMED, 0, __ATOMIC_ACQ_REL, __ATOMIC_RELAXED))
			continue;
		memcpy(registry[i].path, path, len + 1);
		registry[i].owner = getpid();
		/* The path is complete before the handler may read it. */
		__atomic_store_n(
		    &registry[i].state, SLOT_LIVE, __ATOMIC_RELEASE);
		return i;
	}
	return -1;
}

static void
reg_remove(int slot)
{
	if (slot < 0)
		return;
	__atomic_store_n(&registry[slot].state, SLOT_FREE, __ATOMIC_RELEASE);
}

void
eiti_afile_cleanup_signal(void)
{
	int saved = errno;
	pid_t me = getpid();
	int i;

	for (i = 0; i < REG_SLOTS; i++)
		if (__atomic_load_n(&registry[i].state, __ATOMIC_ACQUIRE) ==
			SLOT_LIVE &&
		    registry[i].owner == me)
			unlink(registry[i].path);
	errno = saved;
}

static void
on_signal(int sig)
{
	int saved = errno;
	struct sigaction sa;

	eiti_afile_cleanup_signal();
	/* Die of the same signal so the parent sees the real cause; it is
	 * delivered as soon as the handler returns and unblocks it. */
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = SIG_DFL;
	sigemptyset(&sa.sa_mask);
	sigaction(sig, &sa, NULL);
	raise(sig);
	errno = saved;
}

/* The signals whose handler removes the registered temporary files. */
static const int cleanup_sigs[] = {SIGINT, SIGTERM, SIGHUP};
#define NCLEANUP_SIGS (sizeof(cleanup_sigs) / sizeof(cleanup_sigs[0]))

void
eiti_afile_install_signal_handlers(void)
{
	const int *sigs = cleanup_sigs;
	struct sigaction sa, old;
	size_t i;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	for (i = 0; i < NCLEANUP_SIGS; i++)
		sigaddset(&sa.sa_mask, sigs[i]);
	for (i = 0; i < NCLEANUP_SIGS; i++) {
		/* A signal ignored by our parent (nohup) stays ignored. */
		if (sigaction(sigs[i], NULL, &old) == 0 &&
		    old.sa_handler == SIG_IGN)
			continue;
		sigaction(sigs[i], &sa, NULL);
	}
	/* With a file-size limit write() then fails with EFBIG, which is
	 * reported as an output error (exit 4) instead of killing us. */
	signal(SIGXFSZ, SIG_IGN);
}

/* Mode for a new final file: keep the mode of the file being replaced,
 * else what open(0666) would give under the current umask.  mkstemp()
 * creates 0600, which would make reports private by accident. */
static mode_t
final_mode(const char *final_path)
{
	static mode_t mask = (mode_t)-1;
	struct stat st;

	if (stat(final_path, &st) == 0 && S_ISREG(st.st_mode))
		return st.st_mode & 07777;
	if (mask == (mode_t)-1) {
		mask = umask(022);
		umask(mask);
	}
	return 0666 & ~mask;
}

int
eiti_afile_open(
    struct eiti_afile **out, const char *final_path, struct eiti_err *err)
{
	struct eiti_afile *f = NULL;
	struct stat st;
	sigset_t block, saved;
	const char *base;
	size_t i;
	int rc = -1, e;

	*out = NULL;
	base = strrchr(final_path, '/');
	base = base != NULL ? base + 1 : final_path;
	if (*base == '\0') {
		eiti_err_set(
		    err, EITI_ERR_IO, "%s: not a file name", final_path);
		goto out;
	}
	/* The temporary file is renamed over whatever is there: never over
	 * a device (/dev/full, /dev/null as root), a FIFO or a directory. */
	if (stat(final_path, &st) == 0 && !S_ISREG(st.st_mode)) {
		eiti_err_set(err, EITI_ERR_IO,
		    "%s: not a regular file; not replacing it", final_path);
		goto out;
	}
	f = eiti_xcalloc(1, sizeof(*f));
	f->fd = -1;
	f->slot = -1;
	f->final_path = eiti_xstrdup(final_path);
	/* Same directory as the final path, so rename() is atomic. */
	f->tmp_path = eiti_xasprintf(
	    "%.*s.%s.tmp.XXXXXX", (int)(base - final_path), final_path, base);
	/* O_CLOEXEC: a child process never inherits a half-written output.
	 * The cleanup signals wait until the file is registered: one that
	 * came between its creation and its registration would leave it. */
	sigemptyset(&block);
	for (i = 0; i < NCLEANUP_SIGS; i++)
		sigaddset(&block, cleanup_sigs[i]);
	pthread_sigmask(SIG_BLOCK, &block, &saved);
	f->fd = mkostemp(f->tmp_path, O_CLOEXEC);
	e = errno;
	if (f->fd >= 0)
		f->slot = reg_add(f->tmp_path);
	pthread_sigmask(SIG_SETMASK, &saved, NULL);
	if (f->fd < 0) {
		eiti_err_set(err, EITI_ERR_IO,
		    "%s: cannot create temporary file: %s", final_path,
		    strerror(e));
		goto out;
	}
	if (fchmod(f->fd, final_mode(final_path)) != 0) {
		eiti_err_set(err, EITI_ERR_IO, "%s: chmod: %s", f->tmp_path,
		    strerror(errno));
		goto out;
	}
	*out = f;
	f = NULL;
	rc = 0;
out:
	if (f != NULL)
		eiti_afile_abort(f);
	return rc;
}

static int
fail(struct eiti_afile *f, struct eiti_err *err, const char *what, int e)
{
	f->failed = 1;
	return eiti_err_set(
	    err, EITI_ERR_IO, "%s: %s: %s", f->final_path, what, strerror(e));
}

static int
write_out(struct eiti_afile *f, const unsigned char *p, size_t n,
    struct eiti_err *err)
{
	size_t off = 0;

	while (off < n) {
		ssize_t w = write(f->fd, p + off, n - off);

		if (w < 0) {
			if (errno == EINTR)
				continue;
			return fail(f, err, "write error", errno);
		}
		if (w == 0)
			return fail(f, err, "write error", EIO);
		off += (size_t)w;
	}
	return 0;
}

static int
flush_buf(struct eiti_afile *f, struct eiti_err *err)
{
	if (write_out(f, f->buf, f->nbuf, err) != 0)
		return -1;
	f->nbuf = 0;
	return 0;
}

static int
check_usable(struct eiti_afile *f, struct eiti_err *err)
{
	if (f->failed)
		return eiti_err_set(err, EITI_ERR_IO,
		    "%s: write after an earlier error", f->final_path);
	if (f->fd < 0)
		return eiti_err_set(
		    err, EITI_ERR_IO, "%s: write after close", f->final_path);
	return 0;
}

int
eiti_afile_write(
    struct eiti_afile *f, const void *buf, size_t n, struct eiti_err *err)
{
	const unsigned char *p = buf;

	if (check_usable(f, err) != 0)
		return -1;
	if (n >= AFILE_BUFSZ) { /* a large write of the caller's: no copy */
		if (f->nbuf > 0 && flush_buf(f, err) != 0)
			return -1;
		return write_out(f, p, n, err);
	}
	while (n > 0) {
		size_t room = AFILE_BUFSZ - f->nbuf;
		size_t k = n < room ? n : room;

		memcpy(f->buf + f->nbuf, p, k);
		f->nbuf += k;
		p += k;
		n -= k;
		if (f->nbuf == AFILE_BUFSZ && flush_buf(f, err) != 0)
			return -1;
	}
	return 0;
}

int
eiti_afile_puts(struct eiti_afile *f, const char *s, struct eiti_err *err)
{
	return eiti_afile_write(f, s, strlen(s), err);
}

int
eiti_afile_printf(
    struct eiti_afile *f, struct eiti_err *err, const char *fmt, ...)
{
	char small[512];
	char *big = NULL;
	va_list ap;
	int n, rc;

	va_start(ap, fmt);
	n = vsnprintf(small, sizeof(small), fmt, ap);
	va_end(ap);
	if (n < 0) {
		f->failed = 1;
		return eiti_err_set(
		    err, EITI_ERR_IO, "%s: formatting error", f->final_path);
	}
	if ((size_t)n < sizeof(small))
		return eiti_afile_write(f, small, (size_t)n, err);
	big = eiti_xmalloc((size_t)n + 1);
	va_start(ap, fmt);
	vsnprintf(big, (size_t)n + 1, fmt, ap);
	va_end(ap);
	rc = eiti_afile_write(f, big, (size_t)n, err);
	free(big);
	return rc;
}

int
eiti_afile_close(struct eiti_afile *f, struct eiti_err *err)
{
	int rc;

	if (f->fd < 0)
		return f->failed ? check_usable(f, err) : 0;
	if (f->failed) {
		close(f->fd);
		f->fd = -1;
		return check_usable(f, err);
	}
	if (flush_buf(f, err) != 0)
		goto fail;
	/* A failed fsync may have dropped the dirty pages: never retry. */
	if (fsync(f->fd) != 0) {
		fail(f, err, "fsync failed", errno);
		goto fail;
	}
	rc = close(f->fd);
	f->fd = -1;
	if (rc != 0)
		return fail(f, err, "close failed", errno);
	return 0;
fail:
	close(f->fd);
	f->fd = -1;
	return -1;
}

static void
fsync_dir(const char *final_path)
{
	char *dir = eiti_path_dirname(final_path);
	int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);

	/* The rename is done and the data is durable; a directory that
	 * cannot be synced (some filesystems return EINVAL) only weakens
	 * crash durability of the name, so it is not an error. */
	if (fd >= 0) {
		fsync(fd);
		close(fd);
	}
	free(dir);
}

/* Rename a closed file into place; the directory is not synced. */
static int
rename_into_place(struct eiti_afile *f, struct eiti_err *err)
{
	if (rename(f->tmp_path, f->final_path) != 0)
		return eiti_err_set(err, EITI_ERR_IO,
		    "%s: cannot rename %s: %s", f->final_path, f->tmp_path,
		    strerror(errno));
	/* The temporary name no longer exists: nothing to clean up. */
	reg_remove(f->slot);
	f->slot = -1;
	free(f->tmp_path);
	f->tmp_path = NULL;
	return 0;
}

int
eiti_afile_commit(struct eiti_afile *f, struct eiti_err *err)
{
	int rc = -1;

	if (eiti_afile_close(f, err) != 0 || rename_into_place(f, err) != 0)
		goto out;
	fsync_dir(f->final_path);
	rc = 0;
out:
	eiti_afile_abort(f);
	return rc;
}

void
eiti_afile_abort(struct eiti_afile *f)
{
	if (f == NULL)
		return;
	if (f->fd >= 0)
		close(f->fd);
	if (f->tmp_path != NULL)
		unlink(f->tmp_path);
	reg_remove(f->slot);
	free(f->tmp_path);
	free(f->final_path);
	free(f);
}

const char *
eiti_afile_tmppath(const struct eiti_afile *f)
{
	return f->tmp_path;
}

/* --- groups ---------------------------------------------------------- */

struct eiti_afile_group {
	char *dir;
	struct eiti_afile **f;
	size_t n, cap;
};

int
eiti_afile_group_open(
    struct eiti_afile_group **out, const char *dir, struct eiti_err *err)
{
	struct stat st;

	*out = NULL;
	if (stat(dir, &st) != 0)
		return eiti_err_set(
		    err, EITI_ERR_IO, "%s: %s", dir, strerror(errno));
	if (!S_ISDIR(st.st_mode))
		return eiti_err_set(
		    err, EITI_ERR_IO, "%s: not a directory", dir);
	*out = eiti_xcalloc(1, sizeof(**out));
	(*out)->dir = eiti_xstrdup(dir);
	return 0;
}

int
eiti_afile_group_add(struct eiti_afile_group *g, struct eiti_afile **f,
    const char *name, struct eiti_err *err)
{
	char *path = eiti_path_join(g->dir, name);
	int rc;

	*f = NULL;
	if (g->n == g->cap) {
		g->cap = g->cap ? 2 * g->cap : 4;
		g->f = eiti_xrealloc(g->f, g->cap * sizeof(*g->f));
	}
	rc = eiti_afile_open(&g->f[g->n], path, err);
	free(path);
	if (rc != 0)
		return -1;
	*f = g->f[g->n++];
	return 0;
}

int
eiti_afile_group_commit(struct eiti_afile_group *g, struct eiti_err *err)
{
	size_t i;
	int rc = -1;

	/* every file complete and durable before the first rename */
	for (i = 0; i < g->n; i++)
		if (eiti_afile_close(g->f[i], err) != 0)
			goto out;
	for (i = 0; i < g->n; i++) {
		if (rename_into_place(g->f[i], err) != 0)
			goto out;
	}
	if (g->n > 0)
		fsync_dir(g->f[0]->final_path);
	rc = 0;
out:
	eiti_afile_group_abort(g);
	return rc;
}

void
eiti_afile_group_abort(struct eiti_afile_group *g)
{
	size_t i;

	if (g == NULL)
		return;
	for (i = 0; i < g->n; i++)
		eiti_afile_abort(g->f[i]); /* a renamed one: just freed */
	free(g->f);
	free(g->dir);
	free(g);
}

/* --- what a killed process left, and the directory lock -------------- */

/* Remove the ".NAME.tmp.XXXXXX" files of final_path; with min_age >= 0
 * only regular files whose last change is at least min_age seconds
 * before now. */
static void
sweep_temps(const char *final_path, long long min_age, long long now,
    void (*each)(void *ud, const char *path), void *ud)
{
	char *dir = eiti_path_dirname(final_path);
	const char *base = strrchr(final_path, '/');
	size_t len;
	DIR *d;
	struct dirent *e;

	base = base != NULL ? base + 1 : final_path;
	len = strlen(base);
	d = opendir(dir);
	if (d == NULL)
		goto out;
	while ((e = readdir(d)) != NULL) {
		/* ".NAME.tmp.XXXXXX", as eiti_afile_open() names them */
		if (e->d_name[0] == '.' &&
		    strncmp(e->d_name + 1, base, len) == 0 &&
		    strncmp(e->d_name + 1 + len, ".tmp.", 5) == 0 &&
		    strlen(e->d_name + 1 + len + 5) == 6) {
			char *p = eiti_path_join(dir, e->d_name);
			struct stat st;

			if (min_age >= 0 &&
			    (lstat(p, &st) != 0 || !S_ISREG(st.st_mode) ||
				now - (long long)st.st_mtime < min_age)) {
				free(p);
				continue;
			}
			if (unlink(p) == 0 && each != NULL)
				each(ud, p);
			free(p);
		}
	}
	closedir(d);
out:
	free(dir);
}

void
eiti_afile_sweep(
    const char *final_path, void (*each)(void *ud, const char *path), void *ud)
{
	sweep_temps(final_path, -1, 0, each, ud);
}

void
eiti_afile_sweep_stale(
    const char *final_path, void (*each)(void *ud, const char *path), void *ud)
{
	struct eiti_err err = EITI_ERR_INIT;
	char *dir = eiti_path_dirname(final_path);
	int fd = -1;

	/* a run holding the directory sweeps for itself; an error (no
	 * such directory) is the output's to report */
	if (eiti_afile_lock_dir(&fd, dir, &err) == 0) {
		/* the age of a file on disk, compared with the system's
		 * time (never written anywhere: core/clock.h is for outputs) */
		sweep_temps(final_path, EITI_AFILE_STALE_AGE,
		    (long long)time(NULL), each, ud);
		eiti_afile_unlock_dir(fd);
	}
	free(dir);
}

int
eiti_afile_lock_dir(int *fd, const char *dir, struct eiti_err *err)
{
	int d;

	*fd = -1;
	d = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (d < 0)
		return eiti_err_set(err, EITI_ERR_IO, "%s: cannot open: %s",
		    dir, strerror(errno));
	if (flock(d, LOCK_EX | LOCK_NB) != 0) {
		int e = errno;

		close(d);
		if (e == EWOULDBLOCK)
			return 1;
		return eiti_err_set(
		    err, EITI_ERR_IO, "%s: cannot lock: %s", dir, strerror(e));
	}
	*fd = d;
	return 0;
}

void
eiti_afile_unlock_dir(int fd)
{
	if (fd >= 0)
		close(fd); /* releases the flock */
}
