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

# What the Independent Administrator did, in both languages: every
# adjustment's and explanation's reason and reference; the PDF's language
# and the metadata eitirep verify reads; the index of companies points to
# the page of each company's keys; no count disagrees with its words.
adj="$top_srcdir/fixtures/demo/adjustments-2022.xml"
"$xl" --xpath "//*[local-name()='adjustment' or local-name()='explanation']/@reason" \
    "$adj" | sed 's/^ *reason="//; s/"$//' >"$T/reasons"
[ "$(wc -l <"$T/reasons")" -eq 12 ] || fail "expected 12 reasons in $adj"
for lang in es en; do
	pdf="$T/demo-$lang.pdf"
	check_pdf "$pdf" "$lang"
	while read -r reason; do
		expect_text "reason" "$reason"
	done <"$T/reasons"
	expect_text "reference" "Oficio ANM 2023-114"
	grep -aq "/Lang ($lang)" "$pdf" || fail "$pdf: no /Lang ($lang)"
	pdfinfo -custom "$pdf" >"$T/custom" 2>/dev/null ||
		fail "pdfinfo -custom $pdf"
	for key in EitirepVersion EitirepTemplates EitirepLang EitirepEpoch \
	    EitirepManifest; do
		grep -q "^$key:" "$T/custom" || fail "$pdf: no $key"
	done
	grep -q "^EitirepLang: *$lang\$" "$T/custom" || fail "$pdf: EitirepLang"
	# rendered from results.xml: its digest, and that of results.csv
	# beside it
	for f in xml:ResultsXml csv:ResultsCsv; do
		sum=$(sha256sum "$T/out/results.${f%%:*}" | cut -d' ' -f1)
		grep -q "^Eitirep${f#*:}: *$sum\$" "$T/custom" ||
			fail "$pdf: Eitirep${f#*:} is not results.${f%%:*}'s"
	done
	grep -q "^EitirepEpoch: *1700000000\$" "$T/custom" ||
		fail "$pdf: EitirepEpoch"
	# The index gives the page where a company's keys begin.
	name="Carbones de La Jagua del Norte S.A.S."
	page=$(pdftotext -raw "$pdf" - | awk -v n="$name" '
		/^(Anexo [A-Z]\. Índice de empresas|Appendix [A-Z]\. Index of companies)$/ {
			idx = 1 }
		idx && $0 == n { want = 1; next }
		idx && want && /^[0-9]+$/ { print; exit }')
	[ -n "$page" ] || fail "$pdf: '$name' not in the index"
	pdftotext -f "$page" -l "$page" -raw "$pdf" - |
	    grep -qF "$name · NIT-900234567" ||
		fail "$pdf: the index sends '$name' to page $page"
	for bad in "1 empresas" "1 de ellas no tienen" "0 de ellas" \
	    "1 in-scope companies" "1 keys " "registró ningún" " ·  "; do
		if grep -qF -- "$bad" "$T/flat"; then
			fail "$pdf: '$bad' in the text"
		fi
	done
done
pdf="$T/demo-es.pdf" && check_pdf "$pdf" es
expect_text "count, one" "Una empresa dentro del alcance no presentó declaración"
expect_text "count, many" "7 claves quedan sin conciliar"
pdf="$T/demo-en.pdf" && check_pdf "$pdf" en
expect_text "count, one" "One in-scope company submitted no disclosure"
expect_text "count, many" "7 keys remain unreconciled"

# Subnational transfers (EITI Requirement 5.2): their own section with
# every recipient and status, and none when the results have none.
for lang in es en; do
	pdf="$T/demo-$lang.pdf" && check_pdf "$pdf" "$lang"
	case $lang in
	es) expect_text "transfers" "Transferencias a entidades territoriales"
	    expect_text "status" "Giro no declarado"
	    expect_text "silent" "2 destinatarios de las fórmulas" ;;
	en) expect_text "transfers" "Transfers to subnational entities"
	    expect_text "status" "Transfer not reported"
	    expect_text "silent" "2 recipients of a sharing formula" ;;
	esac
	for name in Aguachica Becerril "El Paso" "La Jagua de Ibirico" \
	    Barrancas Hatonuevo Uribia "Departamento de La Guajira"; do
		expect_text "recipient" "$name"
	done
done
sed '/<transfers>/,/<\/transfers>/d' "$res" >"$T/nox.xml"
expect_exit 0 "$EITIREP" render "$T/nox.xml" -o "$T/nox.pdf" --lang en
pdf="$T/nox.pdf" && check_pdf "$pdf" en
if grep -qF "Transfers to subnational" "$T/flat"; then
	fail "a transfers section without transfers"
fi

# The country by name in the report's language (iso-codes).
sed 's/ country="CO"/ country="PE"/' "$res" >"$T/pe.xml"
expect_exit 0 "$EITIREP" render "$T/pe.xml" -o "$T/pe-es.pdf" --lang es
pdf="$T/pe-es.pdf" && check_pdf "$pdf" es
expect_text "country (es)" "Perú (PE)"
expect_exit 0 "$EITIREP" render "$T/pe.xml" -o "$T/pe-en.pdf" --lang en
pdf="$T/pe-en.pdf" && check_pdf "$pdf" en
expect_text "country (en)" "Peru (PE)"

# The same bytes from another working directory, results named relatively.
( cd "$T/out" && exec "$EITIREP" render results.xml -o "$T/rel.pdf" \
    --lang es ) >"$out" 2>"$errf" || fail "render from $T/out: exit $?"
cmp "$T/rel.pdf" "$T/demo-es.pdf" >/dev/null ||
	fail "another working directory gives other bytes"

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
