# export: the EITI Summary Data Template workbook (libxlsxwriter, the only
# stage that includes it) and the open-data CSV files.
noinst_LIBRARIES += libeitiexport.a
libeitiexport_a_SOURCES = \
	src/export/export.h src/export/export_int.h \
	src/export/csv.c src/export/number.c src/export/sdt.c \
	src/export/view.c src/export/workbook.h src/export/workbook.c \
	src/export/xlsx.c
libeitiexport_a_CFLAGS = $(AM_CFLAGS) $(XLSX_CFLAGS)
