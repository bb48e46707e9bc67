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
