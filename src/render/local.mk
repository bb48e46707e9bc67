# The render stage: the only code that includes cairo and Pango.  Its
# wording (model/template.h) is loaded by validate (template_load.h),
# since templates are XML.
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
	src/render/sec_annex.c
libeitirender_a_CFLAGS = $(AM_CFLAGS) $(PANGO_CFLAGS) $(CAIRO_CFLAGS)

# The wording of the report, one file per language, and their schema.
dist_template_DATA += \
	templates/template.xsd \
	templates/es.xml \
	templates/en.xml
