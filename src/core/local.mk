# core and model: no third-party library.
noinst_LIBRARIES += libeiticore.a
libeiticore_a_SOURCES = \
	src/core/arena.h src/core/afile.h src/core/cache.h src/core/diag.h \
	src/core/err.h src/core/iso.h src/core/money.h src/core/paths.h \
	src/core/sha256.h
libeiticore_a_CFLAGS = $(AM_CFLAGS)
