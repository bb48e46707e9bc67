# The reconciliation engine and the results writers (no third-party
# library), plus the two model/validate files that belong to the results.
noinst_LIBRARIES += libeitirecon.a
libeitirecon_a_SOURCES = src/reconcile/reconcile.h \
	src/reconcile/recon.c src/reconcile/write.c \
	src/reconcile/transfers.h src/reconcile/transfers.c
libeitirecon_a_CFLAGS = $(AM_CFLAGS)

libeiticore_a_SOURCES += src/model/results.c
dist_schema_DATA += schemas/results.xsd

# results.xml read back (validate stage: it needs libxml2)
libeitivalidate_a_SOURCES += src/validate/results_load.c
