#!/bin/sh
# The demo (fixtures/demo) end to end: reconcile, then `eitirep render`
# in both languages; poppler checks, totals of results.xml formatted per
# language, every discrepancy's company, byte-identical re-render, and
# the command's usage errors.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/render-lib.sh"
have_poppler || skip "poppler-utils not installed"
SOURCE_DATE_EPOCH=1700000000
export SOURCE_DATE_EPOCH
demo="$top_srcdir/fixtures/demo/manifest.xml"
[ -f "$demo" ] || skip "no demo fixture"

expect_exit 0 "$EITIREP" reconcile "$demo" -o "$T/out"
res="$T/out/results.xml"
csv="$T/out/results.csv"

# The overall totals as results.xml records them (plain decimals).
xl=${XMLLINT:-xmllint}
command -v "$xl" >/dev/null 2>&1 || skip "xmllint not installed"
overall()
{
	"$xl" --xpath "string(//*[local-name()='overall']/@$1)" "$res"
}
total_g=$(overall g)
total_c=$(overall c)
gross=$(overall gross)
[ -n "$total_g" ] && [ -n "$gross" ] || fail "no overall totals in $res"

for lang in es en; do
	pdf="$T/demo-$lang.pdf"
	expect_exit 0 "$EITIREP" render "$res" -o "$pdf" --lang "$lang"
	check_pdf "$pdf" "$lang"
	expect_text "total of G" "$(fmt_amount "$lang" "$total_g")"
	expect_text "total of C" "$(fmt_amount "$lang" "$total_c")"
	expect_text "gross final difference" "$(fmt_amount "$lang" "$gross")"
	awk -F, 'NR > 1 && $12 == "discrepancy" { print $1 }' "$csv" |
	while read -r id; do
		grep -qF -- "$id" "$T/flat" || fail "$pdf: discrepancy $id missing"
	done || exit 1
	expect_exit 0 "$EITIREP" render "$res" -o "$T/again.pdf" --lang "$lang"
	cmp "$pdf" "$T/again.pdf" >/dev/null ||
		fail "$lang: two renders of the demo differ"
done

# Default language: the results' (es); default output: ./report.pdf.
( cd "$T" && exec "$EITIREP" render "$res" ) >"$out" 2>"$errf" ||
	fail "render with defaults: exit $?"
cmp "$T/report.pdf" "$T/demo-es.pdf" >/dev/null ||
	fail "default language is not the results' (es)"

# Usage errors and invalid input.
expect_exit 2 "$EITIREP" render
expect_exit 2 "$EITIREP" render "$res" --lang xx -o "$T/x.pdf"
expect_exit 2 "$EITIREP" render "$res" --lang ../templates/es -o "$T/x.pdf"
expect_exit 2 "$EITIREP" render "$res" "$res"
[ ! -e "$T/x.pdf" ] || fail "a usage error wrote a file"
printf '<results xmlns="urn:eitirep:results:1"/>\n' >"$T/bad.xml"
expect_exit 1 "$EITIREP" render "$T/bad.xml" -o "$T/x.pdf"
[ ! -e "$T/x.pdf" ] || fail "invalid results wrote a file"
# A manifest or a disclosure where results.xml is expected: fixtures/cli/
# findings-not-results (tests/cli-golden.sh).
# Never renamed over something that is not a regular file.
if mkfifo "$T/fifo" 2>/dev/null; then
	expect_exit 4 "$EITIREP" render "$res" -o "$T/fifo"
	[ -p "$T/fifo" ] || fail "render replaced a FIFO"
	grep -q 'not a regular file' "$errf" || fail "FIFO: no reason given"
fi
( ulimit -f 20 && exec "$EITIREP" render "$res" -o "$T/full.pdf" ) \
    >"$out" 2>"$errf"
status=$?
[ "$status" -eq 4 ] || fail "render on a full disk: exit $status"
[ ! -e "$T/full.pdf" ] || fail "render on a full disk left a file"
[ -z "$(ls -A "$T" | grep '\.tmp\.')" ] || fail "temporary file left"
pass
