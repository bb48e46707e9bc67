# The render stage: the only code that includes cairo and Pango.
noinst_LIBRARIES += libeitirender.a
libeitirender_a_SOURCES = \
	src/render/render.h \
	src/render/rint.h \
	src/render/rsec.h \
	src/render/render.c \
	src/render/layout.c \
	src/render/table.c \
	src/render/text.c \
	src/render/chart.c \
	src/render/pdfpost.c \
	src/render/keys.c \
	src/render/report.c \
	src/render/sec_front.c \
	src/render/sec_scope.c \
	src/render/sec_keys.c \
	src/render/sec_xfer.c \
	src/render/sec_annex.c \
	src/model/template.h
libeitirender_a_CFLAGS = $(AM_CFLAGS) $(PANGO_CFLAGS) $(CAIRO_CFLAGS)

# Templates are read with libxml2, so their loader is part of validate.
libeitivalidate_a_SOURCES += \
	src/validate/template_load.h \
	src/validate/template_load.c

# The wording of the report, one file per language, and their schema.
dist_template_DATA += \
	templates/template.xsd \
	templates/es.xml \
	templates/en.xml
