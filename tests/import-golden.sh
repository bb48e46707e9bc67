#!/bin/sh
# import-golden.sh - tests/table-dump on every table of
# fixtures/import/tables (options in NAME.args) must print exactly
# NAME.expected: exit status, the cells (stdout) and the findings
# (stderr), messages and cell locations included.  Run from inside the
# directory so that file names do not depend on where the tree is.  With
# EITIREP_GOLDEN_OUT=D the outputs are also written to D (to review and
# copy over the expected files after a deliberate change).
set -u
dir="$top_srcdir/fixtures/import/tables"
dump="$top_builddir/tests/table-dump"
tmp=$(mktemp -d "${TMPDIR:-/tmp}/import-golden.XXXXXX") || exit 99
trap 'rm -rf "$tmp"' EXIT
failures=0
n=0
for f in "$dir"/*; do
	case $f in
	*.args | *.expected | *.md | *.py) continue ;;
	esac
	base=$(basename "$f")
	name=${base%.*}
	args=
	[ -f "$dir/$name.args" ] && args=$(cat "$dir/$name.args")
	# NAME.args is shell words (quotes allowed: sheet names with spaces).
	(cd "$dir" && eval "set -- $args" && "$dump" "$@" "$base" \
		>"$tmp/stdout" 2>"$tmp/stderr"
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
echo "$n tables in $dir"
[ "$failures" -eq 0 ] || {
	echo "$failures failure(s)" >&2
	exit 1
}
exit 0
