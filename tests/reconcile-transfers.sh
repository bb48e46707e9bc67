#!/bin/sh
# Subnational transfers (EITI Requirement 5.2) through the commands:
# transfers.csv is deterministic and written with the other outputs,
# only when the inputs declare transfers (a transfers.csv of an earlier
# run is removed by a successful run without transfers, never by a failed
# one); an output error on it leaves every previous output intact; the
# reconciliation's own findings on sharing rules (XFER-PARTY, XFER-LEVEL)
# and on sums (XFER-OVERFLOW) are printed compiler style; `run` writes it
# too, and results.xml with transfers is read back by render and export.
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

# --- the reconciliation's findings on sharing rules ------------------------
mkdir "$T/party"
cat >"$T/party/manifest.xml" <<'XML'
<?xml version="1.0" encoding="UTF-8"?>
<reconciliation xmlns="urn:eitirep:manifest:1" country="CO"
  period-start="2022-01-01" period-end="2022-12-31" currency="COP"
  lang="es" level="stream">
  <sharing from="MHCP" stream="1415E1" base="1000.00">
    <share to="MUN-20011" rate="0.5"/>
    <share to="MUN-99999" rate="0.25"/>
    <share to="ANM" rate="0.25"/>
  </sharing>
  <sharing from="SGR" stream="1415E5" base="1000.00">
    <share to="MUN-20011" rate="1"/>
  </sharing>
  <source role="government" href="gov.xml"/>
</reconciliation>
XML
cat >"$T/party/gov.xml" <<'XML'
<?xml version="1.0" encoding="UTF-8"?>
<disclosure xmlns="urn:eitirep:disclosure:1" role="government" country="CO"
  period-start="2022-01-01" period-end="2022-12-31" reporter="MHCP"
  currency="COP">
  <entity id="MHCP" name="Ministerio de Hacienda" level="national"/>
  <entity id="ANM" name="Agencia Nacional de Minería" level="national"/>
  <entity id="MUN-20011" name="Aguachica" level="municipal" region="CO-CES"/>
  <transfer id="T1" side="sent" from="MHCP" to="MUN-20011" stream="1415E1"
    amount="500.00"/>
  <transfer id="T2" side="sent" from="MHCP" to="MUN-20011" stream="1415E1"
    amount="0.01" date="2023-01-01"/>
</disclosure>
XML
expect_exit 1 "$EITIREP" reconcile "$T/party/manifest.xml" -o "$T/party/out"
m="$T/party/manifest.xml"
cat >"$T/party/want" <<WANT
$m:7:0: error: share of 'MUN-99999': no disclosure of the reconciliation declares entity 'MUN-99999' [XFER-PARTY]
$m:8:0: error: share of 'ANM': the recipient is declared as a national entity, not a regional or municipal one [XFER-LEVEL]
$m:10:0: error: sharing of 1415E5 by 'SGR': no disclosure of the reconciliation declares entity 'SGR' [XFER-PARTY]
WANT
grep 'XFER-' "$errf" >"$T/party/got"
diff "$T/party/want" "$T/party/got" || fail "sharing rule findings"
grep -q 'gov.xml:11:25: .*DATE-PERIOD' "$errf" ||
	fail "the sharing rules are checked beside the other findings"
[ -e "$T/party/out/results.csv" ] && fail "results written with findings"

# --- an overflow is a finding at the line that overflows -----------------
sed '/<sharing/,/<\/sharing>/d' "$m" >"$T/party/m2.xml"
sed 's/amount="500.00"/amount="92233720368547758.07"/; s/ date="2023-01-01"//' \
    "$T/party/gov.xml" >"$T/party/gov2.xml"
mv "$T/party/gov2.xml" "$T/party/gov.xml"
expect_exit 1 "$EITIREP" reconcile "$T/party/m2.xml" -o "$T/party/out"
grep -q "gov.xml:10:0: error: transfer 'T2': the amount sent of (MHCP, MUN-20011, 1415E1) overflows \[XFER-OVERFLOW\]" \
    "$errf" || fail "overflow finding"
[ -e "$T/party/out/results.csv" ] && fail "results written after an overflow"

# --- run writes transfers.csv; render and export read the transfers ---------
expect_exit 0 "$EITIREP" run -q "$fx/manifest.xml" -o "$T/run" \
    --cache "$T/cache"
cmp "$T/run/transfers.csv" "$fx/expected-transfers.csv" ||
	fail "run: transfers.csv differs"
cmp "$T/run/results.xml" "$T/a/results.xml" || fail "run: results.xml differs"
expect_exit 0 "$EITIREP" render "$T/a/results.xml" -o "$T/a/report.pdf"
expect_exit 0 "$EITIREP" export "$T/a/results.xml" --sdt -o "$T/a/sdt.xlsx"
pass
