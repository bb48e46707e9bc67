# The manual pages.  eitirep(1) is written at build time from
# man/eitirep.1.in and the command table of src/cli (`eitirep
# --help-man`, the source of --help too), so that its SYNOPSIS, COMMANDS,
# OPTIONS and EXIT STATUS cannot drift from the program; the rule list
# comes from man/diagnostics.roff, and the installed page names the real
# $(pkgdatadir).  The file formats have section-5 pages of their own.
man_MANS += man/eitirep.1
dist_man_MANS += man/eitirep-manifest.5 man/eitirep-disclosure.5 \
	man/eitirep-adjustments.5 man/eitirep-results.5
EXTRA_DIST += man/eitirep.1.in man/diagnostics.roff
CLEANFILES += man/eitirep.1 man/eitirep.1.tmp man/eitirep.1.tmp2

man/eitirep.1: man/eitirep.1.in man/diagnostics.roff eitirep$(EXEEXT)
	$(AM_V_GEN)$(MKDIR_P) man && rm -f $@.tmp && \
	if ./eitirep$(EXEEXT) --help-man <$(srcdir)/man/eitirep.1.in >$@.tmp && \
	  sed -e 's|@pkgdatadir[@]|$(pkgdatadir)|g' \
	    -e 's|@PACKAGE_VERSION[@]|$(PACKAGE_VERSION)|g' \
	    -e '/^@DIAGNOSTICS@$$/r $(srcdir)/man/diagnostics.roff' \
	    -e '/^@DIAGNOSTICS@$$/d' $@.tmp >$@.tmp2; then \
	  rm -f $@.tmp && mv $@.tmp2 $@; \
	else rm -f $@.tmp $@.tmp2; exit 1; fi
