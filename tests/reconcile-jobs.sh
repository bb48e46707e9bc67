#!/bin/sh
# The sources are validated in parallel (eitirep(1) reconcile --jobs), and
# nothing a run gives may depend on it: results.csv, results.xml,
# transfers.csv and every finding, in its order, are byte for byte those
# of --jobs 1 with --jobs 2, --jobs 4 and the default (one thread per
# online CPU), on the demo and on a copy of it with findings in several
# of its sources (an engine would see them in manifest order: a source
# that is not well-formed XML, schema errors, rule findings, a warning).
. "$top_srcdir/tests/lib.sh"

SOURCE_DATE_EPOCH=1700000000
export SOURCE_DATE_EPOCH
cp -R "$top_srcdir/fixtures/demo" "$T/d"
chmod -R u+w "$T/d"

# runs CASE STATUS: reconcile CASE's manifest with each --jobs into the
# same output directory; the outputs and stderr of every run must be
# those of the first.
runs()
{
	for j in 1 2 4 default; do
		opt="--jobs $j"
		[ "$j" = default ] && opt=
		# shellcheck disable=SC2086
		expect_exit "$2" "$EITIREP" reconcile "$T/d/manifest.xml" \
			-o "$T/out" $opt
		mkdir -p "$T/$1-$j"
		cp "$errf" "$T/$1-$j/stderr"
		for f in results.csv results.xml transfers.csv; do
			[ ! -f "$T/out/$f" ] || cp "$T/out/$f" "$T/$1-$j/"
		done
	done
	for j in 2 4 default; do
		diff -r "$T/$1-1" "$T/$1-$j" >&2 ||
			fail "$1: --jobs $j differs from --jobs 1"
	done
}

runs demo 0
[ -s "$T/demo-1/results.xml" ] || fail "demo: no results.xml"

# Findings in several files, far apart in the manifest.
rm -rf "$T/out"
e=$T/d/empresas
g=$T/d/gobierno
sed 's/amount="1234000000.00"/amount="12,34"/' \
	"$e/carbonera-perija-2022.xml" >"$T/x" && mv "$T/x" "$e/carbonera-perija-2022.xml"
sed 's/stream="1415E5"/stream="9999Z9"/; s/ id="ANM-2022-000003"//' \
	"$g/anm-2022.xml" >"$T/x" && mv "$T/x" "$g/anm-2022.xml"
sed 's/company="NIT-900123456"/company="NIT-000000000"/' \
	"$g/dian-2022.xml" >"$T/x" && mv "$T/x" "$g/dian-2022.xml"
head -c 700 "$e/niquel-caribe-2022.xml" >"$T/x" &&
	mv "$T/x" "$e/niquel-caribe-2022.xml"
runs bad 1
n=$(grep -c ': error: ' "$T/bad-1/stderr")
[ "$n" -ge 4 ] || fail "bad: $n errors, expected several"
for f in carbonera-perija anm dian niquel-caribe; do
	grep -q "$f-2022.xml:[0-9]*:[0-9]*: error: " "$T/bad-1/stderr" ||
		fail "bad: no finding in $f"
done
[ ! -f "$T/bad-1/results.csv" ] || fail "bad: results written"
pass
