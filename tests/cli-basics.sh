#!/bin/sh
# The command table: --help, --version, unknown commands and options.
. "$top_srcdir/tests/lib.sh"

expect_exit 0 "$EITIREP" --help
grep -q '^usage: eitirep COMMAND' "$out" || fail "--help prints usage"
for c in fetch validate reconcile render run export; do
	grep -q "^  $c " "$out" || fail "--help lists $c"
done
expect_exit 0 "$EITIREP" --version
grep -q '^eitirep [0-9]' "$out" || fail "--version prints the version"

expect_exit 2 "$EITIREP"
grep -q '^usage:' "$errf" || fail "no arguments: usage on stderr"
expect_exit 2 "$EITIREP" frobnicate
grep -q "unknown command 'frobnicate'" "$errf" || fail "unknown command named"
grep -q '^usage:' "$errf" || fail "unknown command: usage on stderr"
[ -s "$out" ] && fail "unknown command: nothing on stdout"

for c in fetch validate reconcile render run export; do
	expect_exit 2 "$EITIREP" "$c" --no-such-option
	grep -q 'usage' "$errf" || fail "$c: bad option prints usage"
	expect_exit 0 "$EITIREP" "$c" --help
done
pass
