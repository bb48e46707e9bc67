# validate: the only stage that includes libxml2 (schemas, safe streaming
# parsing, semantic rules, manifest and adjustments loading), and so also
# the reader of every other XML file: results.xml read back
# (results_load.c) and the report templates (template_load.c).
noinst_LIBRARIES += libeitivalidate.a
libeitivalidate_a_SOURCES = src/validate/validate.h \
	src/validate/internal.h \
	src/validate/xml.c \
	src/validate/xsdfast.c \
	src/validate/stream.c \
	src/validate/sniff.c \
	src/validate/body.c \
	src/validate/strset.c \
	src/validate/rules.c \
	src/validate/disclosure.c \
	src/validate/manifest.c \
	src/validate/adjustments.c \
	src/validate/identity.h \
	src/validate/identity.c \
	src/validate/file.c \
	src/validate/results_load.c \
	src/validate/results_check.h \
	src/validate/results_check.c \
	src/validate/template_load.h \
	src/validate/template_load.c
libeitivalidate_a_CFLAGS = $(AM_CFLAGS) $(XML_CFLAGS)

# The schemas and the revenue stream table, installed and found at run
# time through eiti_datafile().
dist_schema_DATA += schemas/disclosure.xsd schemas/manifest.xsd \
	schemas/adjustments.xsd schemas/streams.csv schemas/xml.xsd
# Disclosures fed item by item (imported tables): the same rules.
libeitivalidate_a_SOURCES += src/validate/feed.c
# Import profiles (urn:eitirep:profile:1) and their schema.
libeitivalidate_a_SOURCES += src/validate/profile_load.c
dist_schema_DATA += schemas/profile.xsd
