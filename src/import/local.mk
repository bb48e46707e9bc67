# import: tables (CSV/TSV, xlsx, ods) read as rows of exact cell text, and
# the exact number and date parsers.  libzip for the workbooks' zip
# containers; their XML goes through the validate stage's safe streaming
# parser (no libxml2 header here).
noinst_LIBRARIES += libeitiimport.a
libeitiimport_a_SOURCES = src/import/table.h src/import/number.h \
	src/import/internal.h \
	src/import/table.c \
	src/import/csv.c \
	src/import/zip.c \
	src/import/queue.c \
	src/import/xlsx.c \
	src/import/ods.c \
	src/import/number.c
libeitiimport_a_CFLAGS = $(AM_CFLAGS) $(ZIP_CFLAGS)
# (the validate header is included for its streaming XML API only)
# import (upper half): profiles applied to tables, and the XML form of an
# imported disclosure.
libeitiimport_a_SOURCES += src/import/import.h src/import/engine.c \
	src/import/xmlout.c
# The shipped import profiles and the mapping tables beside them,
# installed under $(pkgdatadir)/profiles and found by name
# (eitirep import --profile NAME); the profile language's manual page is
# man/eitirep-profile.5 (man/local.mk).
profiledir = $(pkgdatadir)/profiles
dist_profile_DATA = \
	profiles/estma.xml \
	profiles/useiti-workbook.xml \
	profiles/onrr-revenue.xml \
	profiles/sdt.xml \
	profiles/generic-en.xml \
	profiles/generic-es.xml \
	profiles/countries.csv \
	profiles/streams-en.csv \
	profiles/streams-es.csv \
	profiles/useiti-companies.csv
EXTRA_DIST += tools/gen-profile-maps.py
