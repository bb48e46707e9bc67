# verify: `eitirep verify`, above the pipeline: reads a published report
# (the only code that calls poppler), reconciles and renders it again,
# compares.
noinst_LIBRARIES += libeitiverify.a
libeitiverify_a_SOURCES = \
	src/verify/verify.h \
	src/verify/claim.c \
	src/verify/csvdiff.c \
	src/verify/verify.c
libeitiverify_a_CFLAGS = $(AM_CFLAGS) $(POPPLER_CFLAGS)
