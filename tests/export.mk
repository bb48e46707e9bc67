# tests of the export stage: the SDT workbook (read back with
# tests/xlsx-read.py, python3 zipfile + xml.etree) and the CSV files.
check_PROGRAMS += tests/check_export tests/export-sample
TESTS += tests/check_export tests/export-cli.sh tests/formula-injection.sh
tests_check_export_SOURCES = tests/check_export.c tests/export_samples.c \
	tests/export_samples.h
tests_check_export_LDADD = libeitiexport.a libeitimodel.a libeiticore.a \
	$(XLSX_LIBS) \
	$(CHECK_LIBS)
tests_check_export_CFLAGS = $(AM_CFLAGS) $(CHECK_CFLAGS)
# writes the C samples as results.xml for tests/export-cli.sh
tests_export_sample_SOURCES = tests/export_sample.c tests/export_samples.c \
	tests/export_samples.h
tests_export_sample_LDADD = libeitirecon.a libeitimodel.a libeiticore.a
EXTRA_DIST += tests/xlsx-read.py tests/export-check.py tests/export-cli.sh \
	tests/export-xlsx-check.py tests/formula-injection.sh \
	fixtures/formula-injection
