#!/bin/sh
# rules-registry.sh - the rule registry (src/core/rules.def) and what is
# generated from it agree, and every rule is shown by a golden case:
#  - man/diagnostics.roff and the rule table of fixtures/invalid/README.md
#    are what tests/rules-doc writes (`make update-rules` rewrites them);
#  - every rule id appears as "[ID]" in a golden expected output
#    (fixtures/invalid/*.expected, fixtures/cli/*.expected) or in the
#    rule column of fixtures/hostile/expected.txt, or is listed in
#    tests/rules-exempt.txt with a test that mentions it;
#  - every "[ID]" of a golden output is a registered rule.
. "$top_srcdir/tests/lib.sh"

RD=$top_builddir/tests/rules-doc
F=$top_srcdir/fixtures
EX=$top_srcdir/tests/rules-exempt.txt

"$RD" ids >"$T/ids" || fail "rules-doc ids"
[ -s "$T/ids" ] || fail "no rules"

"$RD" roff >"$T/diagnostics.roff" || fail "rules-doc roff"
diff -u "$top_srcdir/man/diagnostics.roff" "$T/diagnostics.roff" ||
	fail "man/diagnostics.roff is out of date: run 'make update-rules'"
"$RD" readme "$F/invalid/README.md" "$F" >"$T/README.md" ||
	fail "rules-doc readme"
diff -u "$F/invalid/README.md" "$T/README.md" ||
	fail "fixtures/invalid/README.md is out of date: run 'make update-rules'"

# The rule ids the golden cases show.
# (a finding ends with its rule: "...: error: MESSAGE [ID]"; JSON output
# names it as "rule": "ID")
cat "$F"/invalid/*.expected "$F"/cli/*.expected |
	sed -n -e 's/^.*: \(error\|warning\): .* \[\([A-Z][A-Z0-9-]*\)\]$/\2/p' \
	    -e 's/^.*"rule": "\([A-Z][A-Z0-9-]*\)".*$/\1/p' >"$T/shown"
grep -v '^#' "$F/hostile/expected.txt" | awk 'NF >= 2 { print $2 }' \
	>>"$T/shown"
sort -u "$T/shown" -o "$T/shown"

missing=
while read -r id; do
	ex=$(grep -v '^#' "$EX" | awk -v id="$id" '$1 == id { print $2 }')
	if grep -qx "$id" "$T/shown"; then
		[ -z "$ex" ] ||
			fail "$id has a golden case: remove it from tests/rules-exempt.txt"
	elif [ -n "$ex" ]; then
		grep -q -- "$id" "$top_srcdir/$ex" ||
			fail "$id: $ex (tests/rules-exempt.txt) does not mention it"
	else
		missing="$missing $id"
	fi
done <"$T/ids"
[ -z "$missing" ] ||
	fail "rules without a golden case or an exemption:$missing"

# Every exempted rule exists; every rule a golden output shows exists.
grep -v '^#' "$EX" | awk 'NF { print $1 }' | while read -r id; do
	grep -qx "$id" "$T/ids" || { echo "$id"; }
done >"$T/stale"
[ -s "$T/stale" ] &&
	fail "tests/rules-exempt.txt names unknown rules: $(cat "$T/stale")"
unknown=$(comm -23 "$T/shown" "$(sort "$T/ids" >"$T/ids.s"; echo "$T/ids.s")")
[ -z "$unknown" ] || fail "golden outputs show unknown rules: $unknown"
pass
