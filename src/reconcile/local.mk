noinst_LIBRARIES += libeitirecon.a
libeitirecon_a_SOURCES = src/reconcile/reconcile.h
libeitirecon_a_CFLAGS = $(AM_CFLAGS)
