# Tests of the command line as a whole: the golden transcripts of
# fixtures/cli (help, usage errors, version), the man pages, and the
# scheduled job.
TESTS += tests/cli-golden.sh tests/man-pages.sh tests/run-job.sh
EXTRA_DIST += tests/lib.sh tests/cli-golden.sh tests/man-pages.sh \
	tests/run-job.sh fixtures/cli

# After `make install`: the installed program finds its schemas and
# templates in $(pkgdatadir) and runs the demo from another directory;
# the man pages are installed, eitirep(1) naming the real $(pkgdatadir).
installcheck-local:
	d=$$(mktemp -d "$${TMPDIR:-/tmp}/eitirep-ic.XXXXXX") && \
	cp -R $(srcdir)/fixtures/demo "$$d/demo" && chmod -R u+w "$$d" && \
	if test -n "$(DESTDIR)"; then \
	  EITIREP_DATADIR='$(DESTDIR)$(pkgdatadir)'; export EITIREP_DATADIR; \
	else unset EITIREP_DATADIR; fi; \
	cd "$$d" && env SOURCE_DATE_EPOCH=1700000000 \
	  XDG_CACHE_HOME="$$d/cache" \
	  $(DESTDIR)$(bindir)/eitirep run demo/manifest.xml -o out && \
	test -s out/report.pdf && test -s out/results.csv && \
	cd / && rm -rf "$$d"
	for p in manifest disclosure adjustments results; do \
	  test -s "$(DESTDIR)$(man5dir)/eitirep-$$p.5" || exit 1; \
	done
	grep -q '$(pkgdatadir)/schemas/' "$(DESTDIR)$(man1dir)/eitirep.1"
	! grep -n '@[A-Za-z_]*@\|PKGDATADIR' "$(DESTDIR)$(man1dir)/eitirep.1"
