# validate-lib.sh - shared by the validate shell tests (sourced).
#
# Environment from `make check` (Makefile.am AM_TESTS_ENVIRONMENT):
# EITIREP, top_srcdir, EITIREP_DATADIR, PYTHON3.  Run by hand with e.g.
#   EITIREP=/tmp/build/eitirep top_srcdir=$PWD sh tests/validate-golden.sh

: "${top_srcdir:?top_srcdir is not set}"
: "${EITIREP:?EITIREP is not set}"
EITIREP_DATADIR=${EITIREP_DATADIR:-$top_srcdir}
export EITIREP_DATADIR
LC_ALL=C.UTF-8
export LC_ALL

tmp=$(mktemp -d "${TMPDIR:-/tmp}/eitirep-validate.XXXXXX") || exit 99
trap 'rm -rf "$tmp"' EXIT INT TERM

failures=0

fail() {
	echo "FAIL: $*" >&2
	failures=$((failures + 1))
}

# golden_output ARGS...: run `eitirep validate ARGS` and print the exit
# status, stdout and stderr in the format of the *.expected files.
golden_output() {
	"$EITIREP" validate "$@" >"$tmp/stdout" 2>"$tmp/stderr"
	status=$?
	echo "exit $status"
	echo "--- stdout"
	cat "$tmp/stdout"
	echo "--- stderr"
	cat "$tmp/stderr"
}

# run_goldens DIR: every input DIR/NAME.EXT (NAME.xml, or a file that is
# not XML: NAME.csv, NAME.pdf, ...; not .expected, .args or .md) is
# validated (with the options in DIR/NAME.args, if any) from inside DIR,
# so file names in the output do not depend on where the tree is, and
# compared with DIR/NAME.expected.  With EITIREP_GOLDEN_OUT=D the outputs
# are also written to D (to review and copy over the expected files after
# a deliberate change).
run_goldens() {
	dir=$1
	n=0
	for input in "$dir"/*; do
		[ -f "$input" ] || continue
		case $input in
		*.expected | *.args | *.md) continue ;;
		esac
		file=$(basename "$input")
		name=${file%.*}
		args=
		[ -f "$dir/$name.args" ] && args=$(cat "$dir/$name.args")
		# shellcheck disable=SC2086 # args is a word list
		(cd "$dir" && golden_output $args "$file") >"$tmp/$name.out"
		if [ -n "${EITIREP_GOLDEN_OUT:-}" ]; then
			cp "$tmp/$name.out" "$EITIREP_GOLDEN_OUT/$name.expected"
		fi
		if [ ! -f "$dir/$name.expected" ]; then
			fail "$name: no $name.expected"
		elif ! diff -u "$dir/$name.expected" "$tmp/$name.out"; then
			fail "$name: output differs from $name.expected"
		fi
		n=$((n + 1))
	done
	echo "$n cases in $dir"
}

finish() {
	if [ "$failures" -ne 0 ]; then
		echo "$failures failure(s)" >&2
		exit 1
	fi
	exit 0
}
