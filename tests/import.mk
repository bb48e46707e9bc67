# tests of the import stage's readers: the exact number and date parsers
# (check_number), the table readers over small fixture tables and hostile
# tables made by the test itself (check_table), and table-dump, a small
# program that prints a table's cells (golden tests, benchmarks).
check_PROGRAMS += tests/check_number tests/check_table
TESTS += tests/check_number tests/check_table
tests_check_number_CFLAGS = $(AM_CFLAGS) $(CHECK_CFLAGS)
tests_check_number_LDADD = libeitiimport.a libeitimodel.a libeiticore.a \
	$(CHECK_LIBS)
tests_check_table_CFLAGS = $(AM_CFLAGS) $(CHECK_CFLAGS) $(ZIP_CFLAGS)
tests_check_table_LDADD = libeitiimport.a libeitivalidate.a libeitimodel.a \
	libeiticore.a $(ZIP_LIBS) $(XML_LIBS) $(CRYPTO_LIBS) $(CHECK_LIBS)

check_PROGRAMS += tests/table-dump
tests_table_dump_SOURCES = tests/table-dump.c
tests_table_dump_CFLAGS = $(AM_CFLAGS)
tests_table_dump_LDADD = libeitiimport.a libeitivalidate.a libeitimodel.a \
	libeiticore.a $(ZIP_LIBS) $(XML_LIBS) $(CRYPTO_LIBS)

# Fuzz harnesses (tests/fuzz/README), replayed over their regression
# inputs, the fixture tables and the seeds on every check.
check_PROGRAMS += tests/fuzz/replay-table tests/fuzz/replay-number
TESTS += tests/fuzz/replay-table tests/fuzz/replay-number
tests_fuzz_replay_table_SOURCES = tests/fuzz/fuzz_table.c \
	$(FUZZ_REPLAY_COMMON)
tests_fuzz_replay_table_CFLAGS = $(AM_CFLAGS)
tests_fuzz_replay_table_LDADD = libeitiimport.a libeitivalidate.a \
	libeitimodel.a libeiticore.a $(ZIP_LIBS) $(XML_LIBS) $(CRYPTO_LIBS)
tests_fuzz_replay_number_SOURCES = tests/fuzz/fuzz_number.c \
	$(FUZZ_REPLAY_COMMON)
tests_fuzz_replay_number_CFLAGS = $(AM_CFLAGS)
tests_fuzz_replay_number_LDADD = libeitiimport.a libeitimodel.a libeiticore.a \
	$(CRYPTO_LIBS)

# The benchmark (run by hand: tests/bench/table-bench.sh after make check).
EXTRA_DIST += tests/bench/table-bench.sh tests/bench/gen-table.py \
	tests/bench/table-py.py

TESTS += tests/import-golden.sh
EXTRA_DIST += tests/import-golden.sh fixtures/import

# The upper half of import: eitirep import on the cases of
# fixtures/import/cases (golden: exit status, disclosure, findings at
# their cells, summary), the shipped profiles on real published tables
# (figures checked against an independent Python reading of each file),
# the USEITI reconciliation straight from its workbook, the SDT round
# trip, a manifest that names a table directly through `eitirep run`,
# and the normalized matching of core/suggest.h.
TESTS += tests/import-cases.sh tests/import-real.sh tests/import-run.sh
EXTRA_DIST += tests/import-cases.sh tests/import-real.sh \
	tests/import-run.sh tests/import-check.py tests/useiti-workbook.py \
	tests/bench/import-bench.sh
check_PROGRAMS += tests/check_suggest
TESTS += tests/check_suggest
tests_check_suggest_CFLAGS = $(AM_CFLAGS) $(CHECK_CFLAGS)
tests_check_suggest_LDADD = libeiticore.a $(CRYPTO_LIBS) $(CHECK_LIBS)
