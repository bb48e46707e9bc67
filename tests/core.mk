# tests of the core stage: money, ISO tables, the hash table, and
# errors/arena/diag/afile/paths.  Check suites run in-process (CK_NOFORK
# in each main).
check_PROGRAMS += tests/check_money tests/check_core tests/check_iso \
	tests/check_hash
TESTS += tests/check_money tests/check_core tests/check_iso tests/check_hash
tests_check_money_LDADD = libeiticore.a $(CHECK_LIBS)
tests_check_money_CFLAGS = $(AM_CFLAGS) $(CHECK_CFLAGS)
tests_check_core_LDADD = libeiticore.a $(CHECK_LIBS)
tests_check_core_CFLAGS = $(AM_CFLAGS) $(CHECK_CFLAGS)
tests_check_iso_LDADD = libeiticore.a $(CHECK_LIBS)
tests_check_iso_CFLAGS = $(AM_CFLAGS) $(CHECK_CFLAGS)
tests_check_hash_LDADD = libeiticore.a $(CHECK_LIBS)
tests_check_hash_CFLAGS = $(AM_CFLAGS) $(CHECK_CFLAGS)

# The layers of Makefile.am, checked from the objects and the includes;
# the length of every function of src/.
TESTS += tests/layering.sh tests/function-length.sh
EXTRA_DIST += tests/layering.sh tests/function-length.sh

# The rule registry: its documentation (man/diagnostics.roff, the table of
# fixtures/invalid/README.md) is generated from src/core/rules.def by
# tests/rules-doc, and checked, with a golden case for every rule.
check_PROGRAMS += tests/rules-doc
tests_rules_doc_LDADD = libeiticore.a
TESTS += tests/rules-registry.sh
EXTRA_DIST += tests/rules-registry.sh tests/rules-exempt.txt \
	man/diagnostics.roff

# Rewrite the generated documentation in the source tree after a change
# of rules.def or of the golden cases.
update-rules: tests/rules-doc$(EXEEXT)
	tests/rules-doc$(EXEEXT) roff >$(srcdir)/man/diagnostics.roff.tmp && \
	mv $(srcdir)/man/diagnostics.roff.tmp $(srcdir)/man/diagnostics.roff
	tests/rules-doc$(EXEEXT) readme $(srcdir)/fixtures/invalid/README.md \
	    $(srcdir)/fixtures >$(srcdir)/fixtures/invalid/README.md.tmp && \
	mv $(srcdir)/fixtures/invalid/README.md.tmp \
	    $(srcdir)/fixtures/invalid/README.md
.PHONY: update-rules

# ISO 4217 minor units of every currency, pinned (tests/check_iso.c)
EXTRA_DIST += fixtures/iso/currency-digits.txt
