noinst_LIBRARIES += libeitifetch.a
libeitifetch_a_SOURCES = src/fetch/fetch.h
libeitifetch_a_CFLAGS = $(AM_CFLAGS) $(CURL_CFLAGS)
