# tests of the reconcile stage
check_PROGRAMS += tests/check_recon
TESTS += tests/check_recon
tests_check_recon_SOURCES = tests/check_recon.c
tests_check_recon_CFLAGS = $(AM_CFLAGS) $(CHECK_CFLAGS)
tests_check_recon_CFLAGS += $(XML_CFLAGS)
tests_check_recon_LDADD = libeitirecon.a libeitivalidate.a libeiticore.a \
	$(XML_LIBS) $(CHECK_LIBS)

# `eitirep reconcile` on every fixture case (and the oracle), and as a
# command (exit statuses, determinism, atomic outputs).
TESTS += tests/reconcile-fixtures.sh tests/reconcile-cli.sh
EXTRA_DIST += tests/reconcile-fixtures.sh tests/reconcile-cli.sh

# the benchmark (run by hand: tests/bench/recon-bench.sh -b BUILDDIR)
EXTRA_DIST += tests/bench/recon-bench.sh

# `eitirep reconcile` on the golden cases of fixtures/reconcile-golden
# (findings of the reconciliation and of its sources, exit statuses).
TESTS += tests/reconcile-golden.sh
EXTRA_DIST += tests/reconcile-golden.sh \
	fixtures/reconcile-golden/README.md \
	fixtures/reconcile-golden/explanation-no-key/adjustments.xml \
	fixtures/reconcile-golden/explanation-no-key/anm.xml \
	fixtures/reconcile-golden/explanation-no-key/company.xml \
	fixtures/reconcile-golden/explanation-no-key/expected \
	fixtures/reconcile-golden/explanation-no-key/manifest.xml \
	fixtures/reconcile-golden/rate-missing/anm.xml \
	fixtures/reconcile-golden/rate-missing/company.xml \
	fixtures/reconcile-golden/rate-missing/expected \
	fixtures/reconcile-golden/rate-missing/manifest.xml \
	fixtures/reconcile-golden/recon-overflow/anm.xml \
	fixtures/reconcile-golden/recon-overflow/company.xml \
	fixtures/reconcile-golden/recon-overflow/expected \
	fixtures/reconcile-golden/recon-overflow/manifest.xml \
	fixtures/reconcile-golden/sources-unavailable/anm.xml \
	fixtures/reconcile-golden/sources-unavailable/args \
	fixtures/reconcile-golden/sources-unavailable/company.xml \
	fixtures/reconcile-golden/sources-unavailable/expected \
	fixtures/reconcile-golden/sources-unavailable/manifest.xml
