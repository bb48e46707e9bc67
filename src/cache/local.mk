# cache: the fetch cache and the resolution of a manifest's sources to the
# bytes a run reads, with their provenance records (cache/cache.h).  Its
# own library because it knows a domain type (model/provenance.h) and is
# shared by the fetch stage and the pipeline.  No third-party library.
noinst_LIBRARIES += libeiticache.a
libeiticache_a_SOURCES = src/cache/cache.h src/cache/cache.c
libeiticache_a_CFLAGS = $(AM_CFLAGS)
