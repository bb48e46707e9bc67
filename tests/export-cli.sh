#!/bin/sh
# export-cli.sh - `eitirep export RESULTS.xml (--sdt|--csv|--xlsx) -o PATH`:
# usage errors (2), invalid results (1), output errors (4) that leave no
# file and keep the previous one, and the outputs compared figure by
# figure with results.xml by tests/export-check.py: for the C samples
# (written as results.xml by tests/export-sample) and, when `reconcile`
# runs, for the Colombian demo.  Opens the workbook with LibreOffice on
# request.
. "$top_srcdir/tests/lib.sh"

[ -n "${PYTHON3:-}" ] || skip "python3 not found"
sample="$top_builddir/tests/export-sample"
check()
{
	"$PYTHON3" "$top_srcdir/tests/export-check.py" "$@" >"$out" 2>"$errf" ||
		fail "export-check.py $*"
}
no_temporaries()
{
	# afile's temporaries are hidden ".NAME.tmp.XXXXXX" files
	left=$(find "$1" -name '.*.tmp.*' | head -n 1)
	[ -z "$left" ] || fail "temporary file left behind: $left"
}

# --- usage: exit 2, with the reason ---------------------------------
expect_exit 2 "$EITIREP" export
expect_exit 2 "$EITIREP" export r.xml -o x
grep -q 'exactly one of --sdt and --csv' "$errf" || fail "no reason given"
expect_exit 2 "$EITIREP" export r.xml --sdt --csv -o x
grep -q 'exactly one of --sdt and --csv' "$errf" || fail "both accepted"
expect_exit 2 "$EITIREP" export r.xml --xlsx --csv -o x
expect_exit 2 "$EITIREP" export r.xml --xlsx
grep -q 'give -o FILE.xlsx' "$errf" || fail "--xlsx: missing -o not named"
expect_exit 2 "$EITIREP" export r.xml --sdt
grep -q 'give -o FILE.xlsx' "$errf" || fail "missing -o not named"
expect_exit 2 "$EITIREP" export r.xml --csv
grep -q 'give -o DIR' "$errf" || fail "missing -o not named"
expect_exit 2 "$EITIREP" export --csv -o x
expect_exit 2 "$EITIREP" export a.xml b.xml --csv -o x
expect_exit 2 "$EITIREP" export r.xml --sdt --bogus -o x
expect_exit 2 "$EITIREP" export r.xml --sdt -o
expect_exit 0 "$EITIREP" export --help
grep -q -- '--sdt' "$out" || fail "--help does not list --sdt"

# --- the samples, figure by figure ----------------------------------
for level in stream project; do
	"$sample" "$level" "$T/$level.xml" 2>"$errf" ||
		fail "export-sample $level"
	expect_exit 0 "$EITIREP" export "$T/$level.xml" --sdt \
		-o "$T/$level.xlsx"
	[ -s "$T/$level.xlsx" ] || fail "no workbook for $level"
	[ ! -s "$errf" ] || fail "stderr not empty"
	expect_exit 0 "$EITIREP" export --csv -o "$T/$level-csv" \
		"$T/$level.xml"
	[ -s "$T/$level-csv/company.csv" ] || fail "no company.csv"
	[ -s "$T/$level-csv/government.csv" ] || fail "no government.csv"
	check "$T/$level.xml" "$T/$level.xlsx" "$T/$level-csv"
	no_temporaries "$T"
done
# the same results give the same bytes
expect_exit 0 "$EITIREP" export "$T/stream.xml" --sdt -o "$T/again.xlsx"
cmp -s "$T/stream.xlsx" "$T/again.xlsx" || fail "workbook not reproducible"

# --- the demo, once `reconcile` writes results.xml ------------------
if "$EITIREP" reconcile "$top_srcdir/fixtures/demo/manifest.xml" \
	-o "$T/demo" >/dev/null 2>&1 && [ -s "$T/demo/results.xml" ]; then
	expect_exit 0 "$EITIREP" export "$T/demo/results.xml" --sdt \
		-o "$T/demo/sdt.xlsx"
	expect_exit 0 "$EITIREP" export "$T/demo/results.xml" --csv \
		-o "$T/demo/csv"
	check "$T/demo/results.xml" "$T/demo/sdt.xlsx" "$T/demo/csv"
	# the results as a workbook of numbers, figure by figure
	expect_exit 0 "$EITIREP" export "$T/demo/results.xml" --xlsx \
		-o "$T/demo/results.xlsx"
	"$PYTHON3" "$top_srcdir/tests/export-xlsx-check.py" \
	    "$T/demo/results.xml" "$T/demo/results.csv" \
	    "$T/demo/results.xlsx" >"$out" 2>"$errf" ||
		fail "export-xlsx-check.py: $(cat "$errf")"
	expect_exit 0 "$EITIREP" export "$T/demo/results.xml" --xlsx \
		-o "$T/demo/again.xlsx"
	cmp -s "$T/demo/results.xlsx" "$T/demo/again.xlsx" ||
		fail "results workbook not reproducible"
	no_temporaries "$T/demo"
else
	echo "note: reconcile did not run; demo comparison not made"
fi

# --- invalid results: exit 1, nothing written -----------------------
printf '<results xmlns="urn:eitirep:results:1"/>\n' >"$T/empty.xml"
expect_exit 1 "$EITIREP" export "$T/empty.xml" --sdt -o "$T/bad.xlsx"
[ ! -e "$T/bad.xlsx" ] || fail "workbook written from invalid results"
printf 'not xml at all\n' >"$T/garbage.xml"
expect_exit 1 "$EITIREP" export "$T/garbage.xml" --csv -o "$T/badcsv"
[ ! -e "$T/badcsv/company.csv" ] || fail "csv written from garbage"

# --- output errors: exit 4, nothing left, the previous file kept ----
expect_exit 4 "$EITIREP" export "$T/stream.xml" --sdt \
	-o "$T/no/such/dir/x.xlsx"
grep -q 'no/such/dir/x.xlsx' "$errf" || fail "error does not name the file"
: >"$T/plainfile"
expect_exit 4 "$EITIREP" export "$T/stream.xml" --csv -o "$T/plainfile"
cp "$T/stream.xlsx" "$T/keep.xlsx"
# a file-size limit makes libxlsxwriter's writes fail (EFBIG)
(
	ulimit -f 4
	exec "$EITIREP" export "$T/project.xml" --sdt -o "$T/stream.xlsx"
) >"$out" 2>"$errf"
status=$?
[ "$status" -eq 4 ] || fail "exit $status under a file-size limit, want 4"
cmp -s "$T/stream.xlsx" "$T/keep.xlsx" || fail "previous workbook damaged"
no_temporaries "$T"

# --- LibreOffice opens it: slow (tens of seconds), so only on request
# (EITIREP_TEST_LIBREOFFICE=1) and where installed; never installed here.
lo=$(command -v libreoffice || command -v soffice || true)
if [ -n "${EITIREP_TEST_LIBREOFFICE:-}" ] && [ -n "$lo" ]; then
	mkdir "$T/lo" || fail "mkdir"
	if ! HOME="$T/lo" "$lo" --headless --convert-to csv --outdir "$T/lo" \
		"$T/stream.xlsx" >"$out" 2>"$errf"; then
		fail "libreoffice could not convert the workbook"
	fi
	grep -q 'EITI Summary data template' "$T/lo/stream.csv" ||
		fail "libreoffice: unexpected content"
else
	echo "note: LibreOffice conversion not tried" \
		"(set EITIREP_TEST_LIBREOFFICE=1 where it is installed)"
fi
pass
