#!/bin/sh
# Failures leave nothing behind: a full disk (file-size limit) and an
# unwritable place exit 4 with no file at the target and no temporary
# file, an existing report survives a failed render; with no usable font
# nothing is written at all; an unknown language is a usage error, and so
# is a bad SOURCE_DATE_EPOCH.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/render-lib.sh"
RS="$top_builddir/tests/render-sample"

# Disk full: SIGXFSZ is ignored, so write() fails with EFBIG.
mkdir "$T/full"
( ulimit -f 20 && exec "$RS" --keys 300 -o "$T/full/report.pdf" ) \
    >"$out" 2>"$errf"
status=$?
[ "$status" -eq 4 ] || fail "file-size limit: exit $status, expected 4"
[ -z "$(ls -A "$T/full")" ] ||
	fail "file-size limit left files: $(ls -A "$T/full")"
grep -q 'report.pdf' "$errf" || fail "the error does not name the file"

# The previous report is kept.
printf 'previous report\n' >"$T/full/report.pdf"
( ulimit -f 20 && exec "$RS" --keys 300 -o "$T/full/report.pdf" ) \
    >"$out" 2>"$errf"
status=$?
[ "$status" -eq 4 ] || fail "file-size limit (2): exit $status, expected 4"
[ "$(cat "$T/full/report.pdf")" = "previous report" ] ||
	fail "a failed render damaged the previous report"
[ "$(ls -A "$T/full")" = "report.pdf" ] ||
	fail "temporary file left: $(ls -A "$T/full")"

# A directory that does not exist, and one that cannot be written.
expect_exit 4 "$RS" --keys 20 -o "$T/no/such/dir/report.pdf"
if [ "$(id -u)" -ne 0 ]; then
	mkdir "$T/ro"
	chmod 555 "$T/ro"
	expect_exit 4 "$RS" --keys 20 -o "$T/ro/report.pdf"
	chmod 755 "$T/ro"
	[ -z "$(ls -A "$T/ro")" ] || fail "unwritable dir: files left"
fi

# No usable font: fontconfig with no font directory.  cairo would write
# blank pages and report success; we refuse and write nothing.
mkdir "$T/nofont"
cat >"$T/fonts.conf" <<EOT
<?xml version="1.0"?>
<fontconfig><cachedir>$T/fc-cache</cachedir></fontconfig>
EOT
FONTCONFIG_FILE="$T/fonts.conf" expect_exit 4 "$RS" --keys 20 \
    -o "$T/nofont/report.pdf"
grep -q 'no usable font (install fonts-dejavu-core)' "$errf" ||
	fail "no-font message missing"
[ -z "$(ls -A "$T/nofont")" ] || fail "no font: files left"

# Unknown language.
expect_exit 2 "$RS" --keys 20 --lang xx -o "$T/x.pdf"
grep -q "unknown language 'xx'" "$errf" || fail "unknown language message"
[ ! -e "$T/x.pdf" ] || fail "unknown language wrote a file"

# A bad SOURCE_DATE_EPOCH: `eitirep render` refuses it as reconcile does
# (a configuration error, 2, naming the variable and the value) and
# writes nothing.
cat >"$T/sde.expected" <<'EOF'
eitirep: render: SOURCE_DATE_EPOCH: '17e8' is not a number of seconds since 1970-01-01 from 0 to 253402300799
EOF
expect_exit 0 env SOURCE_DATE_EPOCH=1700000000 "$EITIREP" reconcile -q \
    "$top_srcdir/fixtures/recon/statuses/manifest.xml" -o "$T/sde"
expect_exit 2 env SOURCE_DATE_EPOCH=17e8 "$EITIREP" render \
    "$T/sde/results.xml" -o "$T/sde/report.pdf"
cmp "$T/sde.expected" "$errf" || fail "bad SOURCE_DATE_EPOCH: message"
[ ! -e "$T/sde/report.pdf" ] || fail "bad SOURCE_DATE_EPOCH wrote a file"
pass
