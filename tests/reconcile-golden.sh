#!/bin/sh
# reconcile-golden.sh - `eitirep reconcile` on every case of
# fixtures/reconcile-golden/ must print exactly its `expected` file (exit
# status, stdout, stderr): the findings of the reconciliation itself and
# of its sources, messages and positions included.  Each case is a
# directory with manifest.xml, its sources and, optionally, `args` (extra
# options); it is run from a copy of the directory, with `-o out`, so that
# file names in the output do not depend on where the tree is.
#
# To accept a deliberate change of wording, run the test with
# EITIREP_GOLDEN_OUT=/some/dir, review the files written there (one per
# case, NAME.expected) and copy them over the `expected` files.
. "$top_srcdir/tests/lib.sh"

SOURCE_DATE_EPOCH=1700000000
export SOURCE_DATE_EPOCH
# No cache but the one a case names: never the user's.
XDG_CACHE_HOME=$T/xdg-cache
export XDG_CACHE_HOME

n=0
bad=0
for dir in "$top_srcdir"/fixtures/reconcile-golden/*/; do
	dir=${dir%/}
	name=${dir##*/}
	[ -f "$dir/manifest.xml" ] || continue
	cp -R "$dir" "$T/$name"
	chmod -R u+w "$T/$name"
	args=
	[ -f "$dir/args" ] && args=$(cat "$dir/args")
	# shellcheck disable=SC2086 # args is a word list
	(cd "$T/$name" && "$EITIREP" reconcile manifest.xml -o out $args \
	    >"$T/$name.stdout" 2>"$T/$name.stderr")
	st=$?
	{
		echo "exit $st"
		echo "--- stdout"
		cat "$T/$name.stdout"
		echo "--- stderr"
		cat "$T/$name.stderr"
	} >"$T/$name.out"
	if [ -n "${EITIREP_GOLDEN_OUT:-}" ]; then
		cp "$T/$name.out" "$EITIREP_GOLDEN_OUT/$name.expected"
	fi
	if ! diff -u "$dir/expected" "$T/$name.out"; then
		echo "FAIL: $name: output differs from $name/expected" >&2
		bad=$((bad + 1))
	fi
	n=$((n + 1))
done
[ "$n" -ge 4 ] || fail "only $n cases found"
[ "$bad" -eq 0 ] || fail "$bad of $n cases differ"
pass
