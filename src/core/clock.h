/*
 * clock.h - the time written into outputs, read once.
 *
 * Reports and results carry the time they were made.  With
 * SOURCE_DATE_EPOCH set (https://reproducible-builds.org/specs/
 * source-date-epoch/) that time is the variable's instead, so that the
 * same inputs give byte-identical outputs.  The command line reads it
 * once, with one rule for every command, and hands the result to the
 * stages (eiti_recon_new, eiti_pipeline_reconcile, eiti_render_opts):
 * no stage reads the environment or the system clock for an output.
 */
#ifndef EITI_CORE_CLOCK_H
#define EITI_CORE_CLOCK_H

#include <stdbool.h>

#include "core/err.h"

/* The largest time the outputs can write: 9999-12-31T23:59:59Z. */
#define EITI_CLOCK_MAX 253402300799LL

struct eiti_clock {
	long long now; /* seconds since 1970-01-01T00:00:00Z, 0..MAX */
	bool fixed;    /* from SOURCE_DATE_EPOCH: outputs must use it */
};

/*
 * SOURCE_DATE_EPOCH when it is set and not empty (fixed), else the
 * system's time.  A set value that is not a decimal number of seconds
 * from 0 to EITI_CLOCK_MAX is an EITI_ERR_CONFIG error naming the
 * variable and the value, whichever command reads it.
 */
int eiti_clock_read(struct eiti_clock *c, struct eiti_err *err);

/* A clock fixed at t (tests, and callers that have a time already). */
struct eiti_clock eiti_clock_at(long long t);

/* "YYYY-MM-DDTHH:MM:SSZ" (UTC) of t, 0 <= t <= EITI_CLOCK_MAX. */
#define EITI_CLOCK_ISO_BUFSZ 21
void eiti_clock_iso8601(long long t, char buf[EITI_CLOCK_ISO_BUFSZ]);

/* The time of "YYYY-MM-DDTHH:MM:SSZ" (UTC), the form eiti_clock_iso8601
 * writes; -1 when g is NULL, not of that shape, or outside 0 to
 * EITI_CLOCK_MAX. */
long long eiti_clock_parse_iso8601(const char *g);

#endif
