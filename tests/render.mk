# Tests of the render stage.  render-sample renders an in-memory sample
# (tests/render_sample.c) so the report can be checked before and
# independently of results.xml; the shell tests check the PDFs with
# poppler (pdfinfo, pdffonts, pdftotext).
RENDER_TEST_LIBS = libeitirender.a libeitivalidate.a libeitimodel.a \
	libeiticore.a $(PANGO_LIBS) $(CAIRO_LIBS) $(XML_LIBS) $(CRYPTO_LIBS)

check_PROGRAMS += tests/check_render tests/render-sample
tests_check_render_SOURCES = tests/check_render.c tests/render_sample.c \
	tests/render_sample.h
tests_check_render_CFLAGS = $(AM_CFLAGS) $(CHECK_CFLAGS) $(PANGO_CFLAGS) \
	$(CAIRO_CFLAGS)
tests_check_render_LDADD = $(RENDER_TEST_LIBS) $(CHECK_LIBS)
tests_render_sample_SOURCES = tests/render-sample.c tests/render_sample.c \
	tests/render_sample.h
tests_render_sample_LDADD = $(RENDER_TEST_LIBS)

TESTS += tests/check_render tests/render-pdf.sh tests/render-errors.sh \
	tests/render-hostile.sh tests/render-demo.sh tests/logo.sh \
	tests/verify.sh tests/verify-fetch.sh tests/verify-signal.sh
EXTRA_DIST += tests/verify.sh tests/verify-fetch.sh tests/verify-signal.sh \
	fixtures/verify \
	tests/render-pdf.sh tests/render-errors.sh tests/render-lib.sh \
	tests/render-hostile.sh tests/render-demo.sh tests/render-messages.tsv \
	tests/logo.sh

# The benchmark (not run by make check): a bare cairo+Pango peer and the
# script that compares it with a >= 1,000-page report.
EXTRA_PROGRAMS += tests/bench/bare-cairo
tests_bench_bare_cairo_SOURCES = tests/bench/bare-cairo.c
tests_bench_bare_cairo_CFLAGS = $(AM_CFLAGS) $(PANGO_CFLAGS) $(CAIRO_CFLAGS)
tests_bench_bare_cairo_LDADD = $(PANGO_LIBS) $(CAIRO_LIBS)
CLEANFILES += tests/bench/bare-cairo$(EXEEXT)
EXTRA_DIST += tests/bench/render-bench.sh
