#!/bin/sh
# eitirep verify on the demo (fixtures/demo), from another working
# directory: the published report and results.xml verify, in either
# language; one cent changed in a disclosure, one cent changed in the
# published results.csv, edited templates, a changed tolerance in the
# manifest, a truncated, encrypted or foreign file each make it exit 1
# naming what differs; a source missing from the cache exits 3; nothing
# is left in TMPDIR.  Every transcript (exit status, stdout, stderr) is
# compared with fixtures/verify/NAME.expected; write them anew with
# EITIREP_GOLDEN_OUT=DIR.
. "$top_srcdir/tests/lib.sh"
gold="$top_srcdir/fixtures/verify"
version=$(sed -n 's/^#define PACKAGE_VERSION "\(.*\)"$/\1/p' \
	"$top_builddir/config.h" | sed 's/[.]/[.]/g')
[ -n "$version" ] || fail "no PACKAGE_VERSION in $top_builddir/config.h"
SOURCE_DATE_EPOCH=1700000000
export SOURCE_DATE_EPOCH

cp -R "$top_srcdir/fixtures/demo" "$T/demo" && chmod -R u+w "$T/demo" ||
	fail "cannot copy the demo"
expect_exit 0 "$EITIREP" run "$T/demo/manifest.xml" -o "$T/pub" -q
expect_exit 0 "$EITIREP" render "$T/pub/results.xml" --lang en \
	-o "$T/pub/report.en.pdf"
# rendered at another date than the results were made, and from a
# results.xml without results.csv beside it (a digest the report lacks)
mkdir "$T/later" || exit 99
cp "$T/pub/results.xml" "$T/later/" || exit 99
SOURCE_DATE_EPOCH=1710000000 expect_exit 0 "$EITIREP" render \
	"$T/later/results.xml" -o "$T/later/report.pdf"
# the date and the language come from the report, not from here
unset SOURCE_DATE_EPOCH
mkdir "$T/elsewhere" "$T/tmp" "$T/cache" || exit 99
TMPDIR="$T/tmp"
export TMPDIR
cd "$T/elsewhere" || exit 99

# case NAME EXIT [sed script] -- COMMAND...: the transcript of COMMAND
# (run here, paths relative) against fixtures/verify/NAME.expected.
case_()
{
	name=$1 want=$2 norm=$3
	shift 4
	"$@" >"$out" 2>"$errf"
	status=$?
	{
		echo "exit $status"
		echo "--- stdout"
		cat "$out"
		echo "--- stderr"
		cat "$errf"
	} | sed -e "s/eitirep $version /eitirep @VERSION@ /g" -e "s|$T|\$T|g" \
		-e "$norm" \
		>"$T/$name.transcript"
	if [ -n "${EITIREP_GOLDEN_OUT:-}" ]; then
		cp "$T/$name.transcript" "$EITIREP_GOLDEN_OUT/$name.expected"
	else
		diff -u "$gold/$name.expected" "$T/$name.transcript" ||
			fail "$name: transcript differs from" \
				"fixtures/verify/$name.expected"
	fi
	[ "$status" -eq "$want" ] || fail "$name: exit $status, expected $want"
}
V="$EITIREP verify"
S='s/[0-9a-f]\{64\}/@SHA256@/g'

# The report, its other language, and the data alone, all verified.
case_ pdf 0 '' -- $V ../demo/manifest.xml ../pub/report.pdf
case_ pdf-en 0 '' -- $V ../demo/manifest.xml ../pub/report.en.pdf
case_ later 0 '' -- $V ../demo/manifest.xml ../later/report.pdf
case_ results-xml 0 '' -- $V ../demo/manifest.xml ../pub/results.xml \
	--results ../pub
expect_exit 0 $V -q ../demo/manifest.xml ../pub/report.pdf
[ -s "$out" ] && fail "-q printed: $(cat "$out")"

# One cent changed in one disclosure: that source, both digests.
cp -R ../demo ../cent
sed 's/amount="234567890.12"/amount="234567890.13"/' \
	../demo/empresas/niquel-caribe-2022.xml \
	>../cent/empresas/niquel-caribe-2022.xml
cmp -s ../demo/empresas/niquel-caribe-2022.xml \
	../cent/empresas/niquel-caribe-2022.xml && fail "no cent changed"
case_ cent-source 1 '' -- $V ../cent/manifest.xml ../pub/report.pdf

# One cent changed in the published results.csv: that key and column.
mkdir ../pubc
awk -F, 'NR == 5 { sub(/\.87,/, ".88,") } { print }' ../pub/results.csv \
	>../pubc/results.csv
cmp -s ../pub/results.csv ../pubc/results.csv && fail "no cent changed"
case_ cent-results 1 '' -- $V ../demo/manifest.xml ../pub/report.pdf \
	--results ../pubc

# A tolerance changed in the manifest: the manifest is named.
cp -R ../demo ../tol
sed 's/abs-tolerance="5000000.00"/abs-tolerance="5000001.00"/' \
	../demo/manifest.xml >../tol/manifest.xml
case_ manifest 1 '' -- $V ../tol/manifest.xml ../pub/report.pdf

# A report rendered with edited templates: they differ; given them, it
# verifies.
cp -R "$top_srcdir/templates" ../tpl && chmod -R u+w ../tpl
sed 's|<text key="provenance.sha256">SHA-256</text>|<text key="provenance.sha256">SHA-256 digest</text>|' \
	"$top_srcdir/templates/en.xml" >../tpl/en.xml
cmp -s "$top_srcdir/templates/en.xml" ../tpl/en.xml && fail "no edit"
SOURCE_DATE_EPOCH=1700000000 "$EITIREP" render ../pub/results.xml \
	--lang en --templates ../tpl -o ../pub/edited.pdf ||
	fail "render with edited templates"
case_ templates 1 "$S" -- $V ../demo/manifest.xml ../pub/edited.pdf
case_ templates-given 0 '' -- $V ../demo/manifest.xml ../pub/edited.pdf \
	--templates ../tpl

# Hostile or foreign reports: refused, named, exit 1.
head -c 200000 ../pub/report.pdf >../truncated.pdf
case_ truncated 1 '' -- $V ../demo/manifest.xml ../truncated.pdf
printf '%%PDF-1.7\n%%\342\343\n1 0 obj <<' >../garbage.pdf
case_ garbage 1 '' -- $V ../demo/manifest.xml ../garbage.pdf
# a sparse file over the 256 MiB cap: refused before it is read
truncate -s 257M ../huge.pdf 2>/dev/null &&
	case_ huge 1 '' -- $V ../demo/manifest.xml ../huge.pdf
printf 'company_id,entity_id\n' >../foreign.csv
case_ foreign 1 '' -- $V ../demo/manifest.xml ../foreign.csv
if command -v qpdf >/dev/null 2>&1; then
	qpdf --encrypt user owner 256 -- ../pub/report.pdf ../encrypted.pdf ||
		fail "qpdf --encrypt"
	case_ encrypted 1 '' -- $V ../demo/manifest.xml ../encrypted.pdf
fi

# A source that is not in the cache: exit 3.
cp -R ../demo ../http
sed 's|href="empresas/niquel-caribe-2022.xml"|href="http://127.0.0.1:9/niquel-caribe-2022.xml"|' \
	../demo/manifest.xml >../http/manifest.xml
case_ not-cached 3 '' -- $V ../http/manifest.xml ../pub/report.pdf \
	--cache ../cache
# --fetch: a fresh download into a temporary cache (here of local files;
# one that cannot be fetched exits 3).
case_ fetch 0 '' -- $V ../demo/manifest.xml ../pub/report.pdf --fetch
EITIREP_RETRY_ATTEMPTS=1 case_ fetch-failed 3 's/after [0-9]* ms/after N ms/' -- $V ../http/manifest.xml \
	../pub/report.pdf --fetch

# Nothing left behind; no temporary directory at all: exit 4.
[ -z "$(ls -A "$T/tmp")" ] || fail "left in TMPDIR: $(ls -A "$T/tmp")"
[ -z "$(ls -A "$T/cache")" ] || fail "written to the cache"
TMPDIR="$T/no/such/dir" case_ no-tmpdir 4 '' -- $V ../demo/manifest.xml \
	../pub/report.pdf
pass
