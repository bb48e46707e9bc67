# Helpers for the shell tests.  Each test sources this file; it gets a
# private temporary directory $T, removed on exit, and never writes into
# the source tree.
set -u
T=$(mktemp -d "${TMPDIR:-/tmp}/eitirep-test.XXXXXX") || exit 99
trap 'rm -rf "$T"' EXIT
out="$T/.stdout"
errf="$T/.stderr"
status=0

fail()
{
	echo "FAIL: $*" >&2
	if [ -f "$errf" ]; then
		echo "--- stderr of the last command:" >&2
		head -c 4000 "$errf" >&2
	fi
	exit 1
}

pass()
{
	exit 0
}

# expect_exit CODE COMMAND...: run COMMAND, keep stdout in $out and stderr
# in $errf, and fail unless it exits with CODE.
expect_exit()
{
	want=$1
	shift
	"$@" >"$out" 2>"$errf"
	status=$?
	[ "$status" -eq "$want" ] ||
		fail "exit $status, expected $want: $*"
}

# skip REASON: automake's "skipped" status.
skip()
{
	echo "SKIP: $*"
	exit 77
}
