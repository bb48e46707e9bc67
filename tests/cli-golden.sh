#!/bin/sh
# cli-golden.sh - the command line as golden transcripts.
#
# Every fixtures/cli/NAME.cmd holds eitirep command lines, one per line
# ("eitirep ARG..." in shell words; blank lines and '#' comments are
# skipped).  Each runs in NAME's own empty directory, with $T naming that
# directory and $SRC the source tree; the transcript of exit statuses,
# stdout and stderr must be exactly fixtures/cli/NAME.expected:
#   $ eitirep ARG...
#   exit STATUS
#   --- stdout
#   ...
#   --- stderr
#   ...
# Paths of the temporary directory and the source tree are written $T and
# $SRC there, and the package version @VERSION@, so that the transcripts
# do not depend on the machine.  With EITIREP_GOLDEN_OUT=DIR every
# transcript is also written to DIR, to review and copy over the expected
# files after a deliberate change.
. "$top_srcdir/tests/lib.sh"

dir=$top_srcdir/fixtures/cli
version=$(sed -n 's/^#define PACKAGE_VERSION "\(.*\)"$/\1/p' \
	"$top_builddir/config.h")
[ -n "$version" ] || fail "no PACKAGE_VERSION in $top_builddir/config.h"
# Nothing outside the temporary directory: no cache, no configuration.
HOME=$T/home
XDG_CACHE_HOME=
export HOME XDG_CACHE_HOME
mkdir "$HOME" || fail "mkdir $HOME"

# sed_quote TEXT: TEXT as a literal in a sed pattern or replacement.
sed_quote()
{
	printf '%s\n' "$1" | sed 's/[][\.*^$|&/]/\\&/g'
}

src_re=$(sed_quote "$top_srcdir")
ver_re=$(sed_quote "$version")

# normalize WORKDIR: stdin to stdout with machine paths and the version
# replaced.
normalize()
{
	sed -e "s|$(sed_quote "$1")|\$T|g" -e "s|$src_re|\$SRC|g" \
		-e "s|^eitirep $ver_re\$|eitirep @VERSION@|"
}

# transcript NAME: run fixtures/cli/NAME.cmd, print its transcript.
transcript()
{
	work=$T/$1
	mkdir "$work" || return 1
	while IFS= read -r line; do
		case $line in
		'' | '#'*) continue ;;
		'eitirep' | 'eitirep '*) ;;
		*)
			echo "$1.cmd: not an eitirep command line: $line" >&2
			return 1
			;;
		esac
		printf '$ %s\n' "$line"
		(
			T=$work SRC=$top_srcdir
			cd "$work" || exit 99
			eval "exec \"\$EITIREP\"${line#eitirep}"
		) >"$T/.out" 2>"$T/.err" </dev/null
		echo "exit $?"
		echo "--- stdout"
		normalize "$work" <"$T/.out"
		echo "--- stderr"
		normalize "$work" <"$T/.err"
	done <"$dir/$1.cmd"
}

failures=0
n=0
for cmd in "$dir"/*.cmd; do
	name=$(basename "$cmd" .cmd)
	transcript "$name" >"$T/$name.transcript" ||
		fail "$name: the commands could not be run"
	if [ -n "${EITIREP_GOLDEN_OUT:-}" ]; then
		cp "$T/$name.transcript" "$EITIREP_GOLDEN_OUT/$name.expected"
	fi
	if [ ! -f "$dir/$name.expected" ]; then
		echo "FAIL: $name: no $name.expected" >&2
		failures=$((failures + 1))
	elif ! diff -u "$dir/$name.expected" "$T/$name.transcript"; then
		echo "FAIL: $name: output differs from $name.expected" >&2
		failures=$((failures + 1))
	fi
	n=$((n + 1))
done
echo "$n transcripts in $dir"
[ "$n" -gt 0 ] || fail "no transcripts in $dir"
[ "$failures" -eq 0 ] || fail "$failures of $n transcripts differ"
pass
