# tests of the validate stage: unit tests (check_validate), the golden
# diagnostics of fixtures/invalid/, the hostile corpus of fixtures/hostile/
# and the valid samples of fixtures/valid/.
check_PROGRAMS += tests/check_validate
TESTS += tests/check_validate
tests_check_validate_CFLAGS = $(AM_CFLAGS) $(XML_CFLAGS) $(CHECK_CFLAGS)
tests_check_validate_LDADD = libeitivalidate.a libeitimodel.a libeiticore.a \
	$(XML_LIBS) $(CRYPTO_LIBS) $(CHECK_LIBS)

TESTS += tests/validate-golden.sh tests/validate-hostile.sh \
	tests/validate-valid.sh
EXTRA_DIST += tests/validate-golden.sh tests/validate-hostile.sh \
	tests/validate-valid.sh tests/validate-lib.sh \
	tests/bench/gen-disclosure.py tests/bench/validate-bench.sh \
	fixtures/valid fixtures/invalid fixtures/hostile

# A missing or broken installed data file (streams.csv, a schema, the
# templates) is one installation error naming it, exit 4.
TESTS += tests/install-data.sh
EXTRA_DIST += tests/install-data.sh

# The XSD shortcut for <payment> changes no finding: every document read
# with it and without it.
check_PROGRAMS += tests/check_xsdfast
TESTS += tests/check_xsdfast
tests_check_xsdfast_CFLAGS = $(AM_CFLAGS) $(XML_CFLAGS) $(CHECK_CFLAGS)
tests_check_xsdfast_LDADD = libeitivalidate.a libeitimodel.a libeiticore.a \
	$(XML_LIBS) $(CRYPTO_LIBS) $(CHECK_LIBS)
