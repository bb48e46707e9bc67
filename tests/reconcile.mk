# tests of the reconcile stage
check_PROGRAMS += tests/check_recon
TESTS += tests/check_recon
tests_check_recon_SOURCES = tests/check_recon.c
tests_check_recon_CFLAGS = $(AM_CFLAGS) $(CHECK_CFLAGS)
tests_check_recon_CFLAGS += $(XML_CFLAGS)
tests_check_recon_LDADD = libeitirecon.a libeitivalidate.a libeitimodel.a \
	libeiticore.a \
	$(XML_LIBS) $(CRYPTO_LIBS) $(CHECK_LIBS)

# the subnational transfers engine, its writers and the loader
check_PROGRAMS += tests/check_transfers
TESTS += tests/check_transfers
tests_check_transfers_SOURCES = tests/check_transfers.c
tests_check_transfers_CFLAGS = $(AM_CFLAGS) $(CHECK_CFLAGS)
tests_check_transfers_CFLAGS += $(XML_CFLAGS)
tests_check_transfers_LDADD = libeitirecon.a libeitivalidate.a \
	libeitimodel.a libeiticore.a $(XML_LIBS) $(CRYPTO_LIBS) $(CHECK_LIBS)

# `eitirep reconcile` on every fixture case (and the oracle), and as a
# command (exit statuses, determinism, atomic outputs).
TESTS += tests/reconcile-fixtures.sh tests/reconcile-cli.sh
EXTRA_DIST += tests/reconcile-fixtures.sh tests/reconcile-cli.sh

# subnational transfers through the commands (transfers.csv in the output
# group, stale files, the engine's findings, run/render/export)
TESTS += tests/reconcile-transfers.sh
EXTRA_DIST += tests/reconcile-transfers.sh

# --jobs: the same outputs and findings, in the same order, from any
# number of threads
TESTS += tests/reconcile-jobs.sh
EXTRA_DIST += tests/reconcile-jobs.sh

# the benchmark (run by hand: tests/bench/recon-bench.sh -b BUILDDIR)
EXTRA_DIST += tests/bench/recon-bench.sh

# The inputs of the golden findings of reconcile and render (their
# transcripts are fixtures/cli/findings-*), and run's findings counted
# once.
TESTS += tests/run-findings.sh
EXTRA_DIST += tests/run-findings.sh fixtures/findings

# the same inputs, the same bytes, from any working directory; no path of
# this machine in the outputs; the same source twice by any spelling
TESTS += tests/reconcile-paths.sh tests/reconcile-sources.sh
EXTRA_DIST += tests/reconcile-paths.sh tests/reconcile-sources.sh
