# hardening (issue 7): fuzz harness replay, fault tests, valgrind.
#
# Fuzzing proper is tests/fuzz/run.sh SECONDS (clang + libFuzzer, outside
# the autotools build).  Here every harness is linked with
# tests/fuzz/replay.c instead of libFuzzer and run as a test: with no
# arguments it replays fixtures/fuzz-regress/NAME (every finding ever
# made) and a few seeds, so each harness compiles and runs in every
# `make check`, under the sanitizer build and under valgrind too.

FUZZ_REPLAY_COMMON = tests/fuzz/replay.c tests/fuzz/fuzz_util.c \
	tests/fuzz/fuzz.h

check_PROGRAMS += tests/fuzz/replay-decimal
TESTS += tests/fuzz/replay-decimal
tests_fuzz_replay_decimal_SOURCES = tests/fuzz/fuzz_decimal.c \
	$(FUZZ_REPLAY_COMMON)
tests_fuzz_replay_decimal_CFLAGS = $(AM_CFLAGS) $(XML_CFLAGS)
tests_fuzz_replay_decimal_LDADD = libeiticore.a $(XML_LIBS)

# render and export: an output that is the input is refused; stale
# temporary files of a killed render or export are removed.
TESTS += tests/outputs-guard.sh
EXTRA_DIST += tests/outputs-guard.sh

# Fault tests: disk full, unreadable/missing inputs, signals.
TESTS += tests/faults-disk.sh tests/faults-input.sh tests/faults-signal.sh
EXTRA_DIST += tests/faults-lib.sh tests/faults-disk.sh \
	tests/faults-input.sh tests/faults-signal.sh

check_PROGRAMS += tests/fuzz/replay-disclosure tests/fuzz/replay-manifest
TESTS += tests/fuzz/replay-disclosure tests/fuzz/replay-manifest
tests_fuzz_replay_disclosure_SOURCES = tests/fuzz/fuzz_disclosure.c \
	$(FUZZ_REPLAY_COMMON)
tests_fuzz_replay_disclosure_CFLAGS = $(AM_CFLAGS)
tests_fuzz_replay_disclosure_LDADD = libeitivalidate.a libeitimodel.a \
	libeiticore.a \
	$(XML_LIBS) $(CRYPTO_LIBS)
tests_fuzz_replay_manifest_SOURCES = tests/fuzz/fuzz_manifest.c \
	$(FUZZ_REPLAY_COMMON)
tests_fuzz_replay_manifest_CFLAGS = $(AM_CFLAGS)
tests_fuzz_replay_manifest_LDADD = libeitivalidate.a libeitimodel.a \
	libeiticore.a \
	$(XML_LIBS) $(CRYPTO_LIBS)

# fetched bodies (the check before a body replaces the cached copy) and
# URL redaction
check_PROGRAMS += tests/fuzz/replay-body
TESTS += tests/fuzz/replay-body
tests_fuzz_replay_body_SOURCES = tests/fuzz/fuzz_body.c $(FUZZ_REPLAY_COMMON)
tests_fuzz_replay_body_CFLAGS = $(AM_CFLAGS)
tests_fuzz_replay_body_LDADD = libeitivalidate.a libeitimodel.a \
	libeiticore.a $(XML_LIBS) $(CRYPTO_LIBS)

check_PROGRAMS += tests/fuzz/replay-render tests/fuzz/replay-template
TESTS += tests/fuzz/replay-render tests/fuzz/replay-template
FUZZ_RENDER_LIBS = libeitirender.a libeitirecon.a libeitivalidate.a \
	libeitimodel.a libeiticore.a $(PANGO_LIBS) $(CAIRO_LIBS) $(XML_LIBS) \
	$(CRYPTO_LIBS)
tests_fuzz_replay_render_SOURCES = tests/fuzz/fuzz_render.c \
	$(FUZZ_REPLAY_COMMON)
tests_fuzz_replay_render_CFLAGS = $(AM_CFLAGS)
tests_fuzz_replay_render_LDADD = $(FUZZ_RENDER_LIBS)
tests_fuzz_replay_template_SOURCES = tests/fuzz/fuzz_template.c \
	$(FUZZ_REPLAY_COMMON)
tests_fuzz_replay_template_CFLAGS = $(AM_CFLAGS)
tests_fuzz_replay_template_LDADD = libeitipipeline.a libeitiimport.a \
	libeiticache.a $(FUZZ_RENDER_LIBS) $(CRYPTO_LIBS) $(ZIP_LIBS)

EXTRA_DIST += \
	tests/fuzz/run.sh \
	tests/fuzz/make-seeds.sh \
	tests/fuzz/README \
	tests/fuzz/eitirep.dict \
	tests/fuzz/context-manifest.xml \
	tests/fuzz/seeds \
	fixtures/fuzz-regress \
	tests/lsan.supp \
	tests/valgrind.supp

# In a sanitizer build every test runs with the LeakSanitizer
# suppressions of library-internal leaks (tests/lsan.supp), printed
# nowhere (tests compare stderr); an LSAN_OPTIONS of the caller is kept
# and wins where it repeats an option.  EITI_SANITIZERS=1 tells tests
# that measure memory or time that ASan's overhead is in the figures
# (check-valgrind sets EITI_UNDER_VALGRIND=1 likewise).
if SANITIZERS
AM_TESTS_ENVIRONMENT += \
	LSAN_OPTIONS="suppressions=$(abs_top_srcdir)/tests/lsan.supp:print_suppressions=0$${LSAN_OPTIONS:+:$$LSAN_OPTIONS}"; \
	export LSAN_OPTIONS; EITI_SANITIZERS=1; export EITI_SANITIZERS;
endif

# make check-valgrind: the whole test suite with every Check suite, every
# replay harness and every eitirep started by a shell test under valgrind
# memcheck.  Check runs in-process (CK_FORK=no) so that valgrind sees its
# allocations.  Valgrind writes to tests/valgrind/PID.log, never to the
# program's stderr (shell tests compare stderr); --error-exitcode makes
# any memory error or definite leak fail the test that caused it, and the
# logs with errors are listed at the end.  A sanitizer build cannot run
# under valgrind.
VALGRIND_FLAGS = --error-exitcode=99 --leak-check=full \
	--errors-for-leak-kinds=definite --show-leak-kinds=definite \
	--num-callers=30 --track-fds=no \
	--suppressions=$(abs_top_srcdir)/tests/valgrind.supp \
	--log-file=$(abs_top_builddir)/tests/valgrind/%p.log
if SANITIZERS
VALGRIND_BUILD_OK = no
else
VALGRIND_BUILD_OK = yes
endif

check-valgrind:
	@if test "$(VALGRIND_BUILD_OK)" != yes; then \
	  echo "check-valgrind: reconfigure without --enable-sanitizers" >&2; \
	  exit 1; \
	fi
	@if test -z "$(VALGRIND)"; then \
	  echo "check-valgrind: valgrind not found by configure" >&2; \
	  exit 1; \
	fi
	$(AM_V_at)rm -rf tests/valgrind && $(MKDIR_P) tests/valgrind
	$(AM_V_GEN)printf '#!/bin/sh\nexec %s %s %s "$$@"\n' \
	  '$(VALGRIND)' '$(VALGRIND_FLAGS)' '$(abs_top_builddir)/eitirep' \
	  >tests/eitirep-valgrind && chmod +x tests/eitirep-valgrind
	@st=0; \
	$(MAKE) $(AM_MAKEFLAGS) check \
	  LOG_COMPILER='$(VALGRIND) $(VALGRIND_FLAGS)' \
	  TESTS_ENVIRONMENT='EITIREP=$(abs_top_builddir)/tests/eitirep-valgrind; export EITIREP; CK_FORK=no; export CK_FORK; CK_TIMEOUT_MULTIPLIER=20; export CK_TIMEOUT_MULTIPLIER; EITI_UNDER_VALGRIND=1; export EITI_UNDER_VALGRIND;' \
	  || st=$$?; \
	bad=`grep -lE 'ERROR SUMMARY: [1-9]|definitely lost: [1-9]' \
	  tests/valgrind/*.log 2>/dev/null`; \
	if test -n "$$bad"; then \
	  echo "check-valgrind: memory errors or leaks in:"; \
	  for f in $$bad; do \
	    echo "== $$f"; grep -m1 -E 'Command:' $$f; \
	    grep -E '^==[0-9]+== (Invalid|Conditional|Use of|Syscall|Mismatched|Source and|[0-9,]+ (\([^)]*\) )?bytes in)' $$f | head -5; \
	  done; \
	  st=1; \
	else \
	  echo "check-valgrind: `ls tests/valgrind | wc -l` processes, no memory errors, no definite leaks"; \
	fi; \
	exit $$st

clean-local: clean-valgrind
clean-valgrind:
	-rm -rf tests/valgrind tests/eitirep-valgrind

.PHONY: check-valgrind clean-valgrind
