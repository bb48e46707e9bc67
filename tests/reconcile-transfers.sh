#!/bin/sh
# Subnational transfers (EITI Requirement 5.2) through the commands:
# transfers.csv is deterministic and written with the other outputs,
# only when the inputs declare transfers (a transfers.csv of an earlier
# run is removed by a successful run without transfers, never by a failed
# one); an output error on it leaves every previous output intact; the
# sharing rules are checked against the disclosures even when other
# findings exist; `run` writes it too, and results.xml with transfers is
# read back by render and export.
. "$top_srcdir/tests/lib.sh"

SOURCE_DATE_EPOCH=1700000000
export SOURCE_DATE_EPOCH
fx="$top_srcdir/fixtures/recon/transfers-formula"
plain="$top_srcdir/fixtures/recon/statuses/manifest.xml"

# --- deterministic, from any working directory -----------------------------
expect_exit 0 "$EITIREP" reconcile "$fx/manifest.xml" -o "$T/a"
grep -q '^eitirep: reconcile: 6 transfer keys: 1 matched, 2 within tolerance, 0 discrepancies, 1 not transferred, 1 receipt not reported, 1 transfer not reported$' \
    "$errf" || fail "no summary of the transfers"
grep -q "wrote $T/a/results.csv, $T/a/transfers.csv and $T/a/results.xml" \
    "$errf" || fail "the summary does not name transfers.csv"
mkdir "$T/cwd"
(cd "$T/cwd" && "$EITIREP" reconcile -q "$fx/manifest.xml" -o b) \
    >"$out" 2>"$errf" || fail "reconcile from another directory"
for f in results.csv results.xml transfers.csv; do
	cmp "$T/a/$f" "$T/cwd/b/$f" || fail "$f differs between runs"
done
cmp "$T/a/transfers.csv" "$fx/expected-transfers.csv" ||
	fail "transfers.csv differs from the fixture"
ls -A "$T/a" | grep -q tmp && fail "temporary file left in the output"

# --- no transfers: no transfers.csv, and a stale one is removed ------------
expect_exit 0 "$EITIREP" reconcile -q "$plain" -o "$T/p"
[ -e "$T/p/transfers.csv" ] && fail "transfers.csv written without transfers"
grep -q '<transfers>' "$T/p/results.xml" &&
	fail "a transfers part without transfers"
cp -R "$T/a" "$T/s"
# a failed run leaves the whole group, transfers.csv included
mkdir "$T/bad"
cp "$fx"/*.xml "$T/bad/"
sed 's/amount="250000.00"/amount="250.000,00"/' "$fx/mhcp.xml" \
    >"$T/bad/mhcp.xml"
expect_exit 1 "$EITIREP" reconcile "$T/bad/manifest.xml" -o "$T/s"
for f in results.csv results.xml transfers.csv; do
	cmp "$T/a/$f" "$T/s/$f" || fail "a failed run changed $f"
done
expect_exit 0 "$EITIREP" reconcile -q "$plain" -o "$T/s"
[ -e "$T/s/transfers.csv" ] &&
	fail "the transfers.csv of an earlier run is left"
cmp "$T/s/results.csv" "$T/p/results.csv" || fail "results.csv not replaced"

# --- transfers.csv cannot be replaced: exit 4, nothing changes --------------
mkdir -p "$T/d/transfers.csv"
cp "$T/p/results.csv" "$T/p/results.xml" "$T/d/"
expect_exit 4 "$EITIREP" reconcile "$fx/manifest.xml" -o "$T/d"
grep -q 'transfers.csv' "$errf" || fail "exit 4 names transfers.csv"
cmp "$T/d/results.csv" "$T/p/results.csv" ||
	fail "results.csv replaced although transfers.csv could not be"
cmp "$T/d/results.xml" "$T/p/results.xml" ||
	fail "results.xml replaced although transfers.csv could not be"
ls -A "$T/d" | grep -q tmp && fail "temporary file left after exit 4"

# --- the sharing rules are checked beside the other findings ----------------
# (each rule's own golden case: fixtures/cli/findings-xfer-*)
mkdir "$T/party"
cp "$top_srcdir/fixtures/findings/xfer-party/"*.xml "$T/party/"
sed 's/amount="500.00"/amount="500.00" date="2023-01-01"/' \
    "$top_srcdir/fixtures/findings/xfer-party/mhcp.xml" >"$T/party/mhcp.xml"
expect_exit 1 "$EITIREP" reconcile "$T/party/manifest.xml" -o "$T/party/out"
grep -q 'mhcp.xml:8:.*DATE-PERIOD' "$errf" || fail "the date finding"
[ "$(grep -c 'XFER-PARTY' "$errf")" -eq 2 ] ||
	fail "the sharing rules are not checked beside the other findings"
[ -e "$T/party/out/results.csv" ] && fail "results written with findings"

# --- run writes transfers.csv; render and export read the transfers ---------
expect_exit 0 "$EITIREP" run -q "$fx/manifest.xml" -o "$T/run" \
    --cache "$T/cache"
cmp "$T/run/transfers.csv" "$fx/expected-transfers.csv" ||
	fail "run: transfers.csv differs"
cmp "$T/run/results.xml" "$T/a/results.xml" || fail "run: results.xml differs"
expect_exit 0 "$EITIREP" render "$T/a/results.xml" -o "$T/a/report.pdf"
expect_exit 0 "$EITIREP" export "$T/a/results.xml" --sdt -o "$T/a/sdt.xlsx"
pass
