noinst_LIBRARIES += libeitiexport.a
libeitiexport_a_SOURCES = src/export/export.h
libeitiexport_a_CFLAGS = $(AM_CFLAGS) $(XLSX_CFLAGS)
