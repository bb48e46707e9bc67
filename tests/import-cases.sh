#!/bin/sh
# import-cases.sh - `eitirep import` on every case of fixtures/import/cases
# must print exactly NAME.expected: exit status, stdout (the disclosure)
# and stderr (every finding located at its cell, then the import
# summary).  NAME.args holds the arguments (shell words) after `eitirep
# import`; the case runs from inside the directory, so that file names do
# not depend on where the tree is.  With EITIREP_GOLDEN_OUT=D the outputs
# are also written to D (to review and copy over the expected files after
# a deliberate change).  One case per rule: fixtures/import/cases/README.md.
set -u
: "${top_srcdir:?top_srcdir is not set}"
: "${EITIREP:?EITIREP is not set}"
EITIREP_DATADIR=${EITIREP_DATADIR:-$top_srcdir}
export EITIREP_DATADIR
LC_ALL=C.UTF-8
export LC_ALL
dir="$top_srcdir/fixtures/import/cases"
tmp=$(mktemp -d "${TMPDIR:-/tmp}/import-cases.XXXXXX") || exit 99
trap 'rm -rf "$tmp"' EXIT
failures=0
n=0
for a in "$dir"/*.args; do
	name=$(basename "$a" .args)
	args=$(cat "$a")
	(cd "$dir" && eval "set -- $args" &&
		"$EITIREP" import "$@" >"$tmp/stdout" 2>"$tmp/stderr"
	echo "exit $?"; echo "--- stdout"; cat "$tmp/stdout"
	echo "--- stderr"; cat "$tmp/stderr") >"$tmp/$name.out"
	if [ -n "${EITIREP_GOLDEN_OUT:-}" ]; then
		cp "$tmp/$name.out" "$EITIREP_GOLDEN_OUT/$name.expected"
	fi
	if [ ! -f "$dir/$name.expected" ]; then
		echo "FAIL: $name: no $name.expected" >&2
		failures=$((failures + 1))
	elif ! diff -u "$dir/$name.expected" "$tmp/$name.out"; then
		echo "FAIL: $name: output differs from $name.expected" >&2
		failures=$((failures + 1))
	fi
	n=$((n + 1))
done
echo "$n cases in $dir"
[ "$failures" -eq 0 ] || {
	echo "$failures failure(s)" >&2
	exit 1
}
exit 0
