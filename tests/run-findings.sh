#!/bin/sh
# run-findings.sh - `eitirep run` prints and counts each finding once,
# although it reads the manifest twice (for the fetch and for the
# reconciliation), and results.xml carries each once.
. "$top_srcdir/tests/lib.sh"

SOURCE_DATE_EPOCH=1700000000
export SOURCE_DATE_EPOCH
cp -R "$top_srcdir/fixtures/findings/explanation-no-key" "$T/c"
chmod -R u+w "$T/c"
# a warning of the manifest itself: a rate without its source
sed 's|<source role="company"|<rate currency="USD" value="4000"/>\n  <source role="company"|' \
	"$T/c/manifest.xml" >"$T/c/m.xml"
(cd "$T/c" && "$EITIREP" run m.xml -o out >"$out" 2>"$errf")
[ $? -eq 0 ] || fail "run failed"
[ "$(grep -c '^m.xml:7:3: warning: .*\[RATE-SOURCE\]$' "$errf")" -eq 1 ] ||
	fail "the manifest's warning is not printed once"
grep -q '^eitirep: reconcile: 1 key.*, 2 warnings, ' "$errf" ||
	fail "the warnings are not counted once"
[ "$(grep -c 'rule="RATE-SOURCE"' "$T/c/out/results.xml")" -eq 1 ] ||
	fail "results.xml does not carry the warning once"
# --format=json: the same findings as one JSON array on stdout, as
# validate and reconcile print them; nothing of them on stderr
(cd "$T/c" && "$EITIREP" run --format=json --force m.xml -o out \
	>"$out" 2>"$errf")
[ $? -eq 0 ] || fail "run --format=json failed"
[ "$(head -n 1 "$out")" = "[" ] && [ "$(tail -n 1 "$out")" = "]" ] ||
	fail "run --format=json: not one JSON array"
[ "$(grep -c '"rule": "RATE-SOURCE"' "$out")" -eq 1 ] ||
	fail "run --format=json: the warning is not in the array once"
[ "$(grep -c '"rule": "RECON-EXPLANATION-NO-KEY"' "$out")" -eq 1 ] ||
	fail "run --format=json: the reconciliation's warning is missing"
grep -q 'RATE-SOURCE' "$errf" && fail "run --format=json: findings on stderr"
if [ -n "${PYTHON3:-}" ]; then
	"$PYTHON3" -c 'import json, sys; json.load(sys.stdin)' <"$out" ||
		fail "run --format=json: not valid JSON"
fi
pass
