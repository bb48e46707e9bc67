# The fetch stage (libcurl) and the two core modules it fills and reads:
# SHA-256 and the cache (no libcurl there, so reconcile links without it).
libeiticore_a_SOURCES += src/core/sha256.c src/core/cache.c

noinst_LIBRARIES += libeitifetch.a
libeitifetch_a_SOURCES = src/fetch/fetch.h src/fetch/fetch.c
libeitifetch_a_CFLAGS = $(AM_CFLAGS) $(CURL_CFLAGS)
