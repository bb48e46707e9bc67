noinst_LIBRARIES += libeitirender.a
libeitirender_a_SOURCES = src/render/render.h
libeitirender_a_CFLAGS = $(AM_CFLAGS) $(PANGO_CFLAGS) $(CAIRO_CFLAGS)
