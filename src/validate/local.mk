noinst_LIBRARIES += libeitivalidate.a
libeitivalidate_a_SOURCES = src/validate/validate.h
libeitivalidate_a_CFLAGS = $(AM_CFLAGS) $(XML_CFLAGS)
