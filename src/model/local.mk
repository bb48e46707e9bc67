# model: the plain data the stages exchange (disclosures, manifests,
# results, report wording, provenance) and the small helpers over it.
# Uses core only; no third-party library.
noinst_LIBRARIES += libeitimodel.a
libeitimodel_a_SOURCES = \
	src/model/model.h src/model/results.h src/model/template.h \
	src/model/provenance.h src/model/transfers.h \
	src/model/model.c src/model/streams.c src/model/results.c \
	src/model/provenance.c src/model/transfers.c
libeitimodel_a_CFLAGS = $(AM_CFLAGS)
