#!/bin/sh
# `eitirep reconcile` as a command: byte-identical results for the same
# inputs and SOURCE_DATE_EPOCH, --fail-on-discrepancy, and the exit status
# and the outputs of every failure: invalid input (1, findings printed
# compiler style, previous results left intact), usage (2, golden in
# fixtures/cli/usage-reconcile), a remote
# source missing from the cache (3), an output error (4).
. "$top_srcdir/tests/lib.sh"

SOURCE_DATE_EPOCH=1700000000
export SOURCE_DATE_EPOCH
case_dir="$top_srcdir/fixtures/recon/statuses"
cp -R "$case_dir" "$T/case" || fail "cannot copy the fixture"
chmod -R u+w "$T/case"
m="$T/case/manifest.xml"

# --- deterministic -------------------------------------------------------
expect_exit 0 "$EITIREP" reconcile "$m" -o "$T/a"
grep -q 'wrote' "$errf" || fail "no summary line"
grep -q '10 keys: 3 matched' "$errf" || fail "summary counts"
expect_exit 0 "$EITIREP" reconcile "$m" -o "$T/b"
cmp "$T/a/results.csv" "$T/b/results.csv" || fail "results.csv differs"
cmp "$T/a/results.xml" "$T/b/results.xml" || fail "results.xml differs"
grep -q 'generated="2023-11-14T22:13:20Z"' "$T/a/results.xml" ||
	fail "generated does not follow SOURCE_DATE_EPOCH"
ls -A "$T/a" | grep -q tmp && fail "temporary file left in the output"

# --- a bad SOURCE_DATE_EPOCH: a configuration error (2), nothing written --
for cmd in reconcile run; do
	echo "eitirep: $cmd: SOURCE_DATE_EPOCH: 'soon' is not a number of" \
		"seconds since 1970-01-01 from 0 to 253402300799" \
		>"$T/sde.expected"
	expect_exit 2 env SOURCE_DATE_EPOCH=soon "$EITIREP" $cmd "$m" \
		-o "$T/sde"
	cmp "$T/sde.expected" "$errf" ||
		fail "$cmd, bad SOURCE_DATE_EPOCH: message"
	[ -e "$T/sde" ] &&
		fail "$cmd, bad SOURCE_DATE_EPOCH: something was written"
done

# default output directory: the current one
mkdir "$T/cwd"
(cd "$T/cwd" && "$EITIREP" reconcile -q "$m") >"$out" 2>"$errf" ||
	fail "reconcile into ."
cmp "$T/cwd/results.csv" "$T/a/results.csv" || fail "-o . differs"

# --- --fail-on-discrepancy: exit 5 after writing -------------------------
expect_exit 5 "$EITIREP" reconcile --fail-on-discrepancy "$m" -o "$T/c"
cmp "$T/c/results.csv" "$T/a/results.csv" ||
	fail "--fail-on-discrepancy must still write the results"
grep -q '4 unreconciled keys: ' "$errf" || fail "exit 5 is explained"
# nothing unreconciled: exit 0
expect_exit 0 "$EITIREP" reconcile --fail-on-discrepancy \
    "$top_srcdir/fixtures/recon/coverage-above-100/manifest.xml" -o "$T/d"
# no discrepancy, but a government-only key of 5000.00 beyond a tolerance
# of 0 and unexplained: unreconciled (README, rule 7), exit 5
expect_exit 5 "$EITIREP" reconcile --fail-on-discrepancy \
    "$top_srcdir/fixtures/recon/aliases/manifest.xml" -o "$T/d2"
grep -q '1 unreconciled key: ' "$errf" || fail "exit 5 names the key count"

# --- invalid input: exit 1, findings, nothing written ---------------------
sed 's/amount="500000.00"/amount="5,00"/' "$T/case/alfa.xml" >"$T/alfa.xml"
cp "$T/alfa.xml" "$T/case/alfa.xml"
expect_exit 1 "$EITIREP" reconcile "$m" -o "$T/a"
grep -q 'alfa.xml:[0-9][0-9]*:[0-9][0-9]*: error: ' "$errf" ||
	fail "finding not printed compiler style"
grep -q 'input invalid: .*no results written' "$errf" ||
	fail "no summary of the invalid input"
cmp "$T/a/results.csv" "$T/b/results.csv" || fail "results.csv touched"
cmp "$T/a/results.xml" "$T/b/results.xml" || fail "results.xml touched"
ls -A "$T/a" | grep -q tmp && fail "temporary file left after a failure"
cp "$case_dir/alfa.xml" "$T/case/alfa.xml"

# --- an overflow is a finding naming the payment and the key ------------
mkdir "$T/ovf"
cat >"$T/ovf/manifest.xml" <<'EOF'
<?xml version="1.0" encoding="UTF-8"?>
<reconciliation xmlns="urn:eitirep:manifest:1" country="CO"
  period-start="2022-01-01" period-end="2022-12-31" currency="COP"
  lang="es" level="stream">
  <source role="company" href="co.xml"/>
  <source role="government" href="gov.xml"/>
</reconciliation>
EOF
cat >"$T/ovf/co.xml" <<'EOF'
<?xml version="1.0" encoding="UTF-8"?>
<disclosure xmlns="urn:eitirep:disclosure:1" role="company" country="CO"
  period-start="2022-01-01" period-end="2022-12-31" reporter="NIT-1"
  currency="COP">
  <entity id="ANM" name="Agencia Nacional de Minería" level="national"/>
  <company id="NIT-1" name="Empresa Ficticia S.A.S." sector="mining"/>
  <payment id="P1" company="NIT-1" entity="ANM" stream="1415E1"
    amount="92233720368547758.07"/>
  <payment id="P2" company="NIT-1" entity="ANM" stream="1415E1"
    amount="0.01"/>
</disclosure>
EOF
sed 's/role="company"/role="government"/; s/reporter="NIT-1"/reporter="ANM"/' \
    "$T/ovf/co.xml" >"$T/ovf/gov.xml"
expect_exit 1 "$EITIREP" reconcile "$T/ovf/manifest.xml" -o "$T/ovf/out"
grep -q "co.xml:9:[0-9]*: error: payment 'P2': the company-side sum of key (company NIT-1, entity ANM, stream 1415E1) overflows \\[RECON-OVERFLOW\\]" \
    "$errf" || fail "overflow finding"
[ -e "$T/ovf/out/results.csv" ] && fail "results written after an overflow"

# A conversion beyond int64 at an 18-decimal rate: fixtures/cli/
# findings-convert-overflow (tests/cli-golden.sh).

# --- usage: fixtures/cli/usage-reconcile (tests/cli-golden.sh) -----------

# --- a remote source that was never fetched: exit 3 ---------------------
sed 's|href="beta.xml"|href="http://127.0.0.1:9/beta.xml"|' "$m" \
    >"$T/case/remote.xml"
mkdir "$T/cache"
expect_exit 3 "$EITIREP" reconcile "$T/case/remote.xml" --cache "$T/cache" \
    -o "$T/r"
grep -q 'http://127.0.0.1:9/beta.xml' "$errf" || fail "exit 3 names the URL"
[ -e "$T/r/results.csv" ] && fail "results written after a fetch error"

# --- output errors: exit 4, previous results intact ----------------------
: >"$T/file"
expect_exit 4 "$EITIREP" reconcile "$m" -o "$T/file"
expect_exit 4 "$EITIREP" reconcile "$m" -o "$T/file/sub"
expect_exit 4 "$EITIREP" reconcile "$T/no-such-manifest.xml" -o "$T/e"
# results.xml cannot be replaced (a directory is in the way): neither
# file changes
mkdir "$T/f"
cp "$T/b/results.csv" "$T/f/results.csv"
mkdir "$T/f/results.xml"
expect_exit 4 "$EITIREP" reconcile "$m" -o "$T/f"
cmp "$T/f/results.csv" "$T/b/results.csv" ||
	fail "results.csv replaced although results.xml could not be"
ls -A "$T/f" | grep -q tmp && fail "temporary file left after exit 4"
pass
