# The fetch stage: the only code that includes libcurl.  It fills the
# cache of src/cache.
noinst_LIBRARIES += libeitifetch.a
libeitifetch_a_SOURCES = src/fetch/fetch.h src/fetch/fetch.c
libeitifetch_a_CFLAGS = $(AM_CFLAGS) $(CURL_CFLAGS)
