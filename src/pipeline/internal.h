/*
 * internal.h - what the files of the pipeline library share: one file of
 * the manifest read once (pipeline.c), and the workers that validate XML
 * sources ahead of the engine (parallel.c).
 */
#ifndef EITI_PIPELINE_INTERNAL_H
#define EITI_PIPELINE_INTERNAL_H

#include "cache/cache.h"
#include "core/sha256.h"
#include "model/provenance.h"
#include "validate/validate.h"

/*
 * One file of the manifest (a source or the adjustments file) read once
 * (cache/cache.h): opened, read by the validator through a tap that
 * hashes every byte as it is parsed, then the digest checked against the
 * cache's record and the pin.
 */
struct reading {
	const char *href, *pin;
	unsigned long line, col; /* of its element in the manifest */
	int fd;
	struct eiti_provenance prov;
	struct eiti_read_tap tap;
	struct eiti_sha256 sha;
	char hex[65]; /* after reading_check(); "" when not read whole */
};

/* Open rd's file (see pipeline.c): 0, 1 when not available (a finding at
 * its element, counted in *unavailable), -1 with err set. */
int pl_reading_open(struct reading *rd, const struct eiti_manifest *m,
    const char *cache_dir, size_t *unavailable, struct eiti_diags *diags,
    struct eiti_err *err);
/* After the file was read: 0 when its bytes match its record and pin, 1
 * with a finding (counted in *unavailable). */
int pl_reading_check(struct reading *rd, const struct eiti_manifest *m,
    size_t *unavailable, struct eiti_diags *diags);
void pl_reading_close(struct reading *rd);

/* ------------------------------------------------------------------ */
/* Workers (parallel.c)                                                */
/* ------------------------------------------------------------------ */

/*
 * A pool of threads that read the XML sources of a manifest (those
 * without a profile) ahead of the engine, one source per task, in
 * manifest order, each into a bounded queue of records: its findings,
 * the items its validator hands over, and the steps of its reading.  The
 * main thread replays each source's records in manifest order, so that
 * everything the engine and the list of findings see is what a reading
 * of one source after the other would give them, whatever the threads'
 * timing.
 */
struct pl_pool;

/* What the main thread does at the steps of a source's reading. */
struct pl_steps {
	void *ud;
	/* the file is open: its provenance (before any item) */
	int (*opened)(
	    void *ud, const struct eiti_provenance *prov, struct eiti_err *err);
	/* read to its end (before the checks of its digest) */
	void (*validated)(void *ud);
};

/* Start jobs threads (0: the online CPUs) over the XML sources of m.
 * Returns 0, or -1 with err set. */
int pl_pool_start(struct pl_pool **out, const struct eiti_manifest *m,
    const char *cache_dir, unsigned jobs, struct eiti_err *err);

/*
 * Replay source i (an XML source) into sink and diags, calling steps on
 * the way.  Returns 0 with *rd the source's reading (its provenance, and
 * its digest in rd->hex; the pool keeps and closes it), *checked true
 * when it was read and its digest matches its record and pin, and
 * *unavailable counting it when it is not available or does not match
 * (its findings made); or -1 with err set: an operational error of the
 * reading, of the sink or of a step.
 */
int pl_pool_replay(struct pl_pool *p, size_t i,
    const struct eiti_disclosure_sink *sink, const struct pl_steps *steps,
    struct reading **rd, bool *checked, size_t *unavailable,
    struct eiti_diags *diags, struct eiti_err *err);

/* The main thread is at source i (a table, or an XML source about to be
 * replayed): workers ahead of it wait when the queues are full. */
void pl_pool_at(struct pl_pool *p, size_t i);

/* Stop the workers (after an error or at the end), wait for them, free
 * everything; accepts NULL. */
void pl_pool_free(struct pl_pool *p);

/* Threads to use when none is asked for: the online CPUs (1 to 64). */
unsigned pl_default_jobs(void);

#endif
