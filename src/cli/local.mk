# The eitirep binary: a thin main over the stage libraries.
eitirep_SOURCES = \
	src/cli/cli.h \
	src/cli/main.c \
	src/cli/args.c \
	src/cli/help.c \
	src/cli/pipeline.h \
	src/cli/pipeline.c \
	src/cli/cmd_validate.c \
	src/cli/cmd_reconcile.c \
	src/cli/cmd_fetch.c \
	src/cli/cmd_render.c \
	src/cli/cmd_run.c \
	src/cli/runstate.h \
	src/cli/runstate.c \
	src/cli/cmd_export.c
eitirep_CFLAGS = $(AM_CFLAGS) $(XML_CFLAGS) $(CURL_CFLAGS) $(PANGO_CFLAGS) \
	$(CAIRO_CFLAGS) $(XLSX_CFLAGS)
eitirep_LDADD = libeitiexport.a libeitirender.a libeitifetch.a \
	libeitirecon.a libeitivalidate.a libeiticore.a \
	$(XLSX_LIBS) $(PANGO_LIBS) $(CAIRO_LIBS) $(CURL_LIBS) $(XML_LIBS)
