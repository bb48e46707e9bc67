# The reconciliation engine and the results writers (no third-party
# library).  results.xml is read back by validate (results_load.c).
noinst_LIBRARIES += libeitirecon.a
libeitirecon_a_SOURCES = src/reconcile/reconcile.h \
	src/reconcile/recon.c src/reconcile/write.c \
	src/reconcile/transfers.h src/reconcile/transfers.c
libeitirecon_a_CFLAGS = $(AM_CFLAGS)

dist_schema_DATA += schemas/results.xsd
