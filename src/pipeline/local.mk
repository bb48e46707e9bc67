# pipeline: the stages glued together for `reconcile` and `run` (and the
# tests that need a whole reconciliation).  The only library that may use
# more than one stage; no third-party header of its own.
noinst_LIBRARIES += libeitipipeline.a
libeitipipeline_a_SOURCES = src/pipeline/pipeline.h src/pipeline/pipeline.c \
    src/pipeline/internal.h src/pipeline/parallel.c
libeitipipeline_a_CFLAGS = $(AM_CFLAGS)
