#!/bin/sh
# formula-injection.sh - names and ids that a spreadsheet would run as
# formulas ("=HYPERLINK(...)", "+57 ...", "-NIT-1", "@SUM(...)", "=cmd|..."
# in fixtures/formula-injection): results.csv and both `export --csv`
# files start every such text field with a quote, byte for byte as the
# expected files show (amounts never altered); the workbooks (--xlsx,
# --sdt) hold them as text cells, never as formulas: the only formulas
# are the workbook's own sums.  (Field by field: check_transfers'
# test_csv_field, tab and carriage return included.)
. "$top_srcdir/tests/lib.sh"

D="$top_srcdir/fixtures/formula-injection"
SOURCE_DATE_EPOCH=1700000000
export SOURCE_DATE_EPOCH
expect_exit 0 "$EITIREP" reconcile -q "$D/manifest.xml" -o "$T/out"
cmp "$D/expected-results.csv" "$T/out/results.csv" >"$out" 2>&1 ||
	fail "results.csv differs: $(diff "$D/expected-results.csv" "$T/out/results.csv" | head -5)"
expect_exit 0 "$EITIREP" export "$T/out/results.xml" --csv -o "$T/csv"
for f in company government; do
	cmp "$D/expected-$f.csv" "$T/csv/$f.csv" >"$out" 2>&1 ||
		fail "$f.csv differs: $(diff "$D/expected-$f.csv" "$T/csv/$f.csv" | head -5)"
done

[ -n "${PYTHON3:-}" ] || pass
for fmt in xlsx sdt; do
	expect_exit 0 "$EITIREP" export "$T/out/results.xml" --$fmt \
		-o "$T/$fmt.xlsx"
	"$PYTHON3" "$top_srcdir/tests/xlsx-read.py" "$T/$fmt.xlsx" \
	    >"$T/$fmt.cells" 2>"$errf" || fail "xlsx-read.py $fmt"
	# every hostile name is a text cell with its exact value
	for name in '=HYPERLINK("http://evil.example/","click")' \
	    '+57 Minera Ficticia' "@SUM(1+1)*cmd|' /C calc'!A0"; do
		awk -F'\t' -v n="$name" '$1 == "C" && $5 == n && $4 == "s"' \
		    "$T/$fmt.cells" | grep -q . ||
			fail "$fmt: '$name' is not a text cell"
	done
	# no cell holds a formula but the workbook's own sums and counts
	awk -F'\t' '$1 == "C" && $6 != "" && $6 !~ /^(SUM|SUMPRODUCT|COUNTIF)\(/' \
	    "$T/$fmt.cells" >"$out"
	[ ! -s "$out" ] || fail "$fmt: a formula not ours: $(head -1 "$out")"
done
pass
