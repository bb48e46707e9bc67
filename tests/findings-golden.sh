#!/bin/sh
# findings-golden.sh - the findings of the commands other than `validate`
# (whose cases are fixtures/invalid/), golden: every case of
# fixtures/findings/ must print exactly its `expected` file (exit status,
# stdout, stderr), messages and positions included.
#
# A case is a directory holding its input files, `expected`, and
# optionally `command`: the arguments of eitirep (default `reconcile
# manifest.xml -o out`) and `args`: options added after them.  It is run
# from a copy of the directory, so file names in the output do not depend
# on where the tree is and nothing is written into the source tree.
#
# To accept a deliberate change of wording, run the test with
# EITIREP_GOLDEN_OUT=/some/dir, review the files written there (one per
# case, NAME.expected) and copy them over NAME/expected.
. "$top_srcdir/tests/lib.sh"

SOURCE_DATE_EPOCH=1700000000
export SOURCE_DATE_EPOCH
# No cache but the one a case names: never the user's.
XDG_CACHE_HOME=$T/xdg-cache
export XDG_CACHE_HOME

n=0
bad=0
for dir in "$top_srcdir"/fixtures/findings/*/; do
	dir=${dir%/}
	name=${dir##*/}
	cp -R "$dir" "$T/$name"
	chmod -R u+w "$T/$name"
	cmd="reconcile manifest.xml -o out"
	[ -f "$dir/command" ] && cmd=$(cat "$dir/command")
	[ -f "$dir/args" ] && cmd="$cmd $(cat "$dir/args")"
	# shellcheck disable=SC2086 # cmd is a word list
	(cd "$T/$name" && "$EITIREP" $cmd \
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
	if [ ! -f "$dir/expected" ]; then
		echo "FAIL: $name: no $name/expected" >&2
		bad=$((bad + 1))
	elif ! diff -u "$dir/expected" "$T/$name.out"; then
		echo "FAIL: $name: output differs from $name/expected" >&2
		bad=$((bad + 1))
	fi
	n=$((n + 1))
done
[ "$n" -ge 5 ] || fail "only $n cases found"
[ "$bad" -eq 0 ] || fail "$bad of $n cases differ"
pass
