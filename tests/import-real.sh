#!/bin/sh
# import-real.sh - the shipped profiles on the real published tables of
# fixtures/import/real (and on a workbook eitirep exports), each import
# checked against an independent reading of the same file
# (tests/import-check.py, Python standard library), valid for
# `eitirep validate` and for xmllint against schemas/disclosure.xsd:
#   estma            Colombia, reporting cycle 2016, by payee and by
#                    project: the sum of every filer;
#   onrr-revenue     ONRR revenue 2015 as totals: the sum per stream and
#                    agency;
#   useiti-workbook  the CY2015 reconciliation straight from the
#                    workbook (fixtures/import/useiti/manifest-cy2015.xml):
#                    the 21 material variances of the published report,
#                    and every key of the TSV-converted fixtures
#                    (fixtures/useiti/2016) with the same figures and
#                    status; and a workbook rebuilt from the CY2013
#                    table, columns in another order, reads the same way;
#   sdt              the demo's results exported with `export --sdt` and
#                    imported back: the same figures, row for row.
. "$top_srcdir/tests/lib.sh"
EITIREP_DATADIR=${EITIREP_DATADIR:-$top_srcdir}
export EITIREP_DATADIR
LC_ALL=C.UTF-8
export LC_ALL
PY=${PYTHON3:-python3}
command -v "$PY" >/dev/null 2>&1 || skip "python3 is needed"
real="$top_srcdir/fixtures/import/real"
check="$top_srcdir/tests/import-check.py"

valid()
{
	expect_exit 0 "$EITIREP" validate -q "$1"
	if [ -n "${XMLLINT:-}" ] && [ -x "$XMLLINT" ]; then
		"$XMLLINT" --noout --schema "$top_srcdir/schemas/disclosure.xsd" \
		    "$1" >"$out" 2>"$errf" || fail "xmllint: $1"
	fi
}

# --- estma -------------------------------------------------------------
for view in payee project; do
	expect_exit 0 "$EITIREP" import "$real/estma-payments-2015-2017.xlsx" \
	    --profile estma --set country=CO --set year=2016 \
	    --set view=$view -o "$T/estma-$view.xml"
	grep -q "rows read" "$errf" || fail "estma $view: no summary"
	valid "$T/estma-$view.xml"
	"$PY" "$check" estma "$real/estma-payments-2015-2017.xlsx" \
	    "$T/estma-$view.xml" Colombia 2016 $view >"$out" 2>&1 ||
		{ cat "$out" >&2; fail "estma $view: figures differ"; }
done
# An unknown country name in the data would be an error, never a row
# silently dropped: every name of the file is mapped.
grep -q IMP-UNMAPPED "$errf" && fail "estma: unmapped country names"

# --- onrr-revenue ------------------------------------------------------
expect_exit 0 "$EITIREP" import "$real/onrr-company-revenue-cy2015.tsv" \
    --profile onrr-revenue --set year=2015 -o "$T/onrr.xml"
grep -q "2419 rows read, 2399 totals written (government), 20 nil cells (Withheld 20)" "$errf" ||
	fail "onrr: summary"
valid "$T/onrr.xml"
"$PY" "$check" onrr "$real/onrr-company-revenue-cy2015.tsv" "$T/onrr.xml" \
    >"$out" 2>&1 || { cat "$out" >&2; fail "onrr: figures differ"; }

# --- useiti-workbook ---------------------------------------------------
for side in government company; do
	expect_exit 0 "$EITIREP" import \
	    "$real/useiti-reconciliation-cy2015.xlsx" --profile useiti-workbook \
	    --set side=$side --set year=2015 -o "$T/useiti-$side.xml"
	valid "$T/useiti-$side.xml"
done
expect_exit 0 "$EITIREP" reconcile \
    "$top_srcdir/fixtures/import/useiti/manifest-cy2015.xml" -o "$T/useiti"
exp="$top_srcdir/fixtures/useiti/2016/expected-results.csv"
grep ',discrepancy,' "$exp" >"$T/exp-d"
grep ',discrepancy,' "$T/useiti/results.csv" >"$T/got-d"
[ "$(wc -l <"$T/got-d")" -eq 21 ] || fail "useiti: not 21 discrepancies"
diff -u "$T/exp-d" "$T/got-d" >&2 || fail "useiti: discrepancies differ"
# Every key of the converted TSV, the same; the workbook adds only keys
# whose figures are all zero (the converter drops all-zero rows).
cat >"$T/keys.py" <<'PYEOF'
import csv, sys
key = lambda r: (r["company_id"], r["entity_id"], r["stream"])
exp = {key(r): r for r in csv.DictReader(open(sys.argv[1]))}
got = {key(r): r for r in csv.DictReader(open(sys.argv[2]))}
bad = 0
for k, r in exp.items():
    g = got.get(k)
    if g is None or any(g[c] != r[c] for c in
                        ("company_name", "company_amount",
                         "government_amount", "status")):
        print("differs:", k); bad += 1
for k, g in got.items():
    if k not in exp and (g["company_amount"] != "0.00" or
                         g["government_amount"] != "0.00"):
        print("extra key with figures:", k); bad += 1
sys.exit(1 if bad else 0)
PYEOF
"$PY" - "$exp" "$T/useiti/results.csv" <"$T/keys.py" >"$out" 2>&1 ||
	{ cat "$out" >&2; fail "useiti: keys differ from the TSV fixtures"; }

# The other calendar year of the same publication, rebuilt from its
# published table (fixtures/useiti/2013) by tests/useiti-workbook.py in
# the workbook's layout with the streams in another order and other line
# breaks in the header: the profile reads it unchanged, and every key of
# the TSV-converted CY2013 fixtures comes out the same, with its 17
# material variances.
"$PY" "$top_srcdir/tests/useiti-workbook.py" \
    "$top_srcdir/fixtures/useiti/2013/useiti-reconciliation-2013.tsv" \
    "$T/useiti-cy2013.xlsx" || fail "useiti 2013: cannot rebuild"
sed -e 's|2015-|2013-|g' -e 's|value="2015"|value="2013"|' \
    -e "s|href=\"../real/useiti-reconciliation-cy2015.xlsx\"|href=\"$T/useiti-cy2013.xlsx\"|" \
    "$top_srcdir/fixtures/import/useiti/manifest-cy2015.xml" \
    >"$T/manifest-cy2013.xml"
expect_exit 0 "$EITIREP" reconcile "$T/manifest-cy2013.xml" -o "$T/useiti13"
[ "$(grep -c ',discrepancy,' "$T/useiti13/results.csv")" -eq 17 ] ||
	fail "useiti 2013: not 17 discrepancies"
"$PY" - "$top_srcdir/fixtures/useiti/2013/expected-results.csv" \
    "$T/useiti13/results.csv" <"$T/keys.py" >"$out" 2>&1 ||
	{ cat "$out" >&2; fail "useiti 2013: keys differ from the TSV fixtures"; }

# --- sdt: export and import back ----------------------------------------
expect_exit 0 "$EITIREP" reconcile "$top_srcdir/fixtures/demo/manifest.xml" \
    -o "$T/demo"
expect_exit 0 "$EITIREP" export "$T/demo/results.xml" --sdt -o "$T/sdt.xlsx"
expect_exit 0 "$EITIREP" import "$T/sdt.xlsx" --profile sdt \
    --set country=CO --set year=2022 --set currency=COP -o "$T/sdt.xml"
valid "$T/sdt.xml"
"$PY" "$check" sdt "$T/sdt.xlsx" "$T/sdt.xml" >"$out" 2>&1 ||
	{ cat "$out" >&2; fail "sdt: figures differ"; }
pass
