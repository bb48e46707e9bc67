#!/bin/sh
# Inputs that cannot be read (eitirep(1), EXIT STATUS): a
# missing file, an unreadable file, a directory where a file should be
# give exit 4 with the file named; a manifest whose source or
# adjustments file is the manifest itself is invalid input (exit 1); an
# endless device as a source is refused or read up to the size cap,
# never waited on forever.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/faults-lib.sh"

sample_inputs "$T/in"
mkdir "$T/adir" "$T/out" "$T/in/sub"
ran=

# Manifests whose company source is missing, a directory, a FIFO, an
# endless device, the manifest itself (as a path and as a file: URL), or
# whose adjustments file is the manifest itself.
src_is()
{
	sed "s|href=\"company-carbones-2022.xml\"|href=\"$2\"|" "$M" \
		>"$T/in/$1.xml"
}
src_is m-missing gone.xml
src_is m-dir sub
src_is m-fifo fifo.xml
src_is m-zero /dev/zero
src_is m-self m-self.xml
src_is m-selfurl file:m-selfurl.xml
sed 's|href="adjustments-2022.xml"|href="m-selfadj.xml"|' "$M" \
	>"$T/in/m-selfadj.xml"
mkfifo "$T/in/fifo.xml" 2>/dev/null || rm -f "$T/in/m-fifo.xml"

# bounded EXPECTED... -- CMD...: run CMD under `timeout` (when there is
# one); fail if it had to be killed or its exit is not among EXPECTED.
bounded()
{
	want=
	while [ "$1" != -- ]; do
		want="$want $1"
		shift
	done
	shift
	if command -v timeout >/dev/null 2>&1; then
		timeout 120 "$@" >"$out" 2>"$errf"
	else
		"$@" >"$out" 2>"$errf"
	fi
	status=$?
	for w in $want; do
		[ $status -eq "$w" ] && return 0
	done
	fail "exit $status, expected one of$want: $*"
}

# source_faults CMD EXIT-FOR-UNREADABLE-SOURCE ARGS...: a manifest
# whose source cannot be used.  `run` fetches first, and a source that
# cannot be fetched is a fetch failure (3); `reconcile` reads local
# sources directly (4).
source_faults()
{
	cmd=$1 io=$2
	shift 2
	expect_exit "$io" "$EITIREP" "$cmd" "$T/in/m-missing.xml" "$@"
	stderr_names gone.xml
	expect_exit "$io" "$EITIREP" "$cmd" "$T/in/m-dir.xml" "$@"
	stderr_names sub
	if [ -e "$T/in/m-fifo.xml" ]; then
		# Nobody ever writes to the FIFO: reading it would wait
		# forever, so it must be refused.
		bounded "$io" 1 -- "$EITIREP" "$cmd" "$T/in/m-fifo.xml" "$@"
		stderr_names fifo.xml
	fi
	bounded "$io" 1 -- "$EITIREP" "$cmd" "$T/in/m-zero.xml" "$@"
	stderr_names /dev/zero
	expect_exit 1 "$EITIREP" "$cmd" "$T/in/m-self.xml" "$@"
	stderr_names m-self.xml
	expect_exit 1 "$EITIREP" "$cmd" "$T/in/m-selfurl.xml" "$@"
	stderr_names m-selfurl.xml
	expect_exit 1 "$EITIREP" "$cmd" "$T/in/m-selfadj.xml" "$@"
	stderr_names m-selfadj.xml
	no_temps "$T"
}

# input_faults CMD [ARGS-AFTER-FILE...]: the missing / directory /
# unreadable cases for the file argument of `eitirep CMD FILE ...`.
input_faults()
{
	cmd=$1
	shift
	expect_exit 4 "$EITIREP" "$cmd" "$T/no-such-file.xml" "$@"
	stderr_names "$T/no-such-file.xml"
	expect_exit 4 "$EITIREP" "$cmd" "$T/in/manifest-2022.xml/x.xml" "$@"
	stderr_names "$T/in/manifest-2022.xml/x.xml"
	expect_exit 4 "$EITIREP" "$cmd" "$T/adir" "$@"
	stderr_names "$T/adir"
	unreadable "$cmd" "$@"
	no_temps "$T"
}

# unreadable CMD ARGS...: a file without read permission.  Root reads
# any file, so as root the command runs as nobody (setpriv) when that is
# possible, and the case is left out otherwise.
unreadable()
{
	cmd=$1
	shift
	cp "$T/in/manifest-2022.xml" "$T/secret.xml"
	chmod 000 "$T/secret.xml"
	if [ "$(id -u)" != 0 ]; then
		expect_exit 4 "$EITIREP" "$cmd" "$T/secret.xml" "$@"
	elif command -v setpriv >/dev/null 2>&1 &&
		[ "${EITI_UNDER_VALGRIND:-}" != 1 ] &&
		setpriv --reuid=65534 --regid=65534 --clear-groups \
			test -x "$EITIREP" 2>/dev/null; then
		# nobody must be able to reach the file and write the
		# outputs (lock, cache), just not read the file itself.
		chmod 1777 "$T" "$T/out"
		expect_exit 4 setpriv --reuid=65534 --regid=65534 \
			--clear-groups "$EITIREP" "$cmd" "$T/secret.xml" "$@"
		chmod 700 "$T"
		chmod 755 "$T/out"
		rm -rf "$T/cache"
	else
		rm -f "$T/secret.xml"
		return 0
	fi
	stderr_names "$T/secret.xml"
	grep -qi 'permission denied' "$errf" ||
		fail "$cmd: unreadable file: the cause is not given"
	rm -f "$T/secret.xml"
}

if built validate; then
	input_faults validate
	ran="$ran validate"
fi

if built reconcile; then
	input_faults reconcile -o "$T/out"
	[ -z "$(ls -A "$T/out")" ] || fail "reconcile wrote outputs after a failure"

	source_faults reconcile 4 -o "$T/out"
	[ -z "$(ls -A "$T/out")" ] || fail "reconcile wrote outputs after a failure"
	ran="$ran reconcile"
fi

if built render; then
	input_faults render -o "$T/out/report.pdf"
	[ ! -e "$T/out/report.pdf" ] || fail "render wrote a report after a failure"
	ran="$ran render"
fi

if built export; then
	input_faults export --sdt -o "$T/out/sdt.xlsx"
	[ ! -e "$T/out/sdt.xlsx" ] || fail "export wrote a workbook after a failure"
	ran="$ran export"
fi

if built run; then
	input_faults run -o "$T/out" --cache "$T/cache"
	source_faults run 3 -o "$T/out" --cache "$T/cache"
	[ -z "$(ls "$T/out")" ] || fail "run wrote outputs after a failure"
	ran="$ran run"
fi

[ -n "$ran" ] || skip "no command built yet"
echo "checked:$ran"
pass
