# The eitirep binary: a thin main over the libraries, linked in layer
# order (EITI_ALL_LIBS, Makefile.am).
eitirep_SOURCES = \
	src/cli/cli.h \
	src/cli/main.c \
	src/cli/args.c \
	src/cli/help.c \
	src/cli/cmd_validate.c \
	src/cli/cmd_reconcile.c \
	src/cli/cmd_fetch.c \
	src/cli/cmd_render.c \
	src/cli/cmd_run.c \
	src/cli/runstate.h \
	src/cli/runstate.c \
	src/cli/cmd_export.c \
	src/cli/cmd_import.c \
	src/cli/cmd_verify.c
eitirep_CFLAGS = $(AM_CFLAGS)
eitirep_LDADD = $(EITI_ALL_LIBS) \
	$(XLSX_LIBS) $(PANGO_LIBS) $(CAIRO_LIBS) $(CURL_LIBS) $(XML_LIBS) \
	$(ZIP_LIBS) $(CRYPTO_LIBS) $(POPPLER_LIBS)
