/*
 * fuzz.h - what the libFuzzer harnesses in tests/fuzz/ share.
 *
 * Each harness defines LLVMFuzzerInitialize() and LLVMFuzzerTestOneInput()
 * and is linked two ways: with -fsanitize=fuzzer by tests/fuzz/run.sh, and
 * with tests/fuzz/replay.c (a plain main() that feeds files to the same
 * entry point) in `make check`, so every harness is compiled and run over
 * the regression corpus without libFuzzer, as libxml2's fuzz/ does.
 *
 * The stage APIs read files, so an input is written to a private scratch
 * directory (created once per process, removed at exit).  A violated
 * invariant calls fuzz_fail(), which prints the reason and aborts: libFuzzer
 * and the sanitizers report an abort as a finding and keep the input.
 */
#ifndef EITI_TESTS_FUZZ_H
#define EITI_TESTS_FUZZ_H

#include <stddef.h>
#include <stdint.h>

#include "core/diag.h"
#include "core/err.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/*
 * The corpus replay.c runs when given no arguments (as a `make check`
 * test): directories relative to the source tree ($top_srcdir, else the
 * configured one), NULL-terminated; a missing directory is skipped.  Each
 * harness defines it: its regression inputs in fixtures/fuzz-regress/NAME
 * and a handful of seeds.
 */
extern const char *const fuzz_replay_dirs[];

/* Point eiti_datadir() at the source tree (unless EITIREP_DATADIR is set)
 * and create the scratch directory.  Idempotent. */
void fuzz_setup(void);

/* The scratch directory (borrowed). */
const char *fuzz_dir(void);

/* Write data to fuzz_dir()/name, replacing it; returns the path
 * (borrowed until the next call with the same name).  Aborts on I/O
 * errors: they are harness failures, not findings. */
const char *fuzz_write(const char *name, const uint8_t *data, size_t size);

/* Print the reason on stderr and abort(). */
void fuzz_fail(const char *fmt, ...)
    __attribute__((format(printf, 1, 2), noreturn));

/*
 * Invariants every stage entry point must keep, whatever the input:
 * an operational failure (rc -1) sets err with a non-empty message and a
 * known exit code; success leaves err unset; every finding names the file
 * it was given and a line within the input (nlines = lines in it, 0 to
 * skip the check); text and JSON printing of the findings give one line
 * per finding and valid UTF-8 without raw control characters.
 */
void fuzz_check_result(const char *what, int rc, const struct eiti_err *err,
    const struct eiti_diags *diags, const char *name, unsigned long nlines);

/* True when id is listed in $FUZZ_KNOWN (comma separated): the invariant
 * of a reported finding that waits for its fix, skipped so that a long
 * run can look for others.  Never set in `make check`.  Ids:
 * "multiline" (an error message with a newline). */
int fuzz_known(const char *id);

/* Number of lines in data (a final line without '\n' counts). */
unsigned long fuzz_count_lines(const uint8_t *data, size_t size);

/* Touch every byte of s (NULL allowed) so that ASan sees a string that
 * outlived its storage. */
size_t fuzz_touch(const char *s);

#endif
