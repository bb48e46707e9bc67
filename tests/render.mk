# Tests of the render stage (being written).
RENDER_TEST_LIBS = libeitirender.a libeitivalidate.a libeiticore.a \
	$(PANGO_LIBS) $(CAIRO_LIBS) $(XML_LIBS)
EXTRA_PROGRAMS += tests/render-sample
tests_render_sample_SOURCES = tests/render-sample.c tests/render_sample.c \
	tests/render_sample.h
tests_render_sample_LDADD = $(RENDER_TEST_LIBS)
