#!/bin/sh
# SIGINT/SIGTERM during `eitirep verify`: it dies of the signal and its
# temporary directory (in TMPDIR) is gone, with --fetch's temporary cache
# too.  As tests/faults-signal.sh: no timing is assumed; the signal is
# sent once the process is seen reading a large disclosure, and a run
# that finishes first is reported as not exercised.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/faults-lib.sh"

[ -d /proc/self/fd ] || skip "no /proc to see what a process has open"
PY=${PYTHON3:-python3}
command -v "$PY" >/dev/null 2>&1 || skip "python3 not found"
GEN=$top_srcdir/tests/bench/gen-recon.py
[ -f "$GEN" ] || skip "tests/bench/gen-recon.py not found"

"$PY" "$GEN" --payments 100000 --out "$T/big" >/dev/null ||
	fail "tests/bench/gen-recon.py failed"
# Any report will do: the signal comes while the sources are read,
# before anything is compared.
expect_exit 0 "$EITIREP" run "$top_srcdir/fixtures/demo/manifest.xml" \
	-o "$T/pub" -q
mkdir "$T/tmp" || exit 99

is_reading()
{
	for fd in /proc/"$1"/fd/*; do
		case $(readlink "$fd" 2>/dev/null) in
		"$T"/big/company.xml | "$T"/big/government.xml | \
			"$T"/tmp/*/cache/*) return 0 ;;
		esac
	done
	return 1
}

# interrupt SIG ARGS...: `eitirep verify ARGS`, SIG once it is reading.
interrupt()
{
	sig=$1
	shift
	TMPDIR="$T/tmp" "$PY" -c 'import os, signal, sys
signal.signal(signal.SIGINT, signal.SIG_DFL)
os.execv(sys.argv[1], sys.argv[1:])' "$EITIREP" verify "$@" >"$out" 2>"$errf" &
	pid=$!
	seen=
	while kill -0 "$pid" 2>/dev/null; do
		if is_reading "$pid"; then
			seen=1
			kill "-$sig" "$pid"
			break
		fi
		sleep 0.02
	done
	wait "$pid"
	status=$?
	[ -z "$(ls -A "$T/tmp")" ] ||
		fail "SIG$sig: left in TMPDIR: $(find "$T/tmp" | head)"
	if [ -n "$seen" ]; then
		[ $status -gt 128 ] ||
			fail "exit $status after SIG$sig, not death by the signal"
		echo "verify $*: SIG$sig at work: exit $status, nothing left"
	else
		echo "verify $*: finished (exit $status) first; SIG$sig not" \
			"exercised"
	fi
}

interrupt INT "$T/big/manifest.xml" "$T/pub/report.pdf"
interrupt TERM "$T/big/manifest.xml" "$T/pub/report.pdf"
interrupt TERM "$T/big/manifest.xml" "$T/pub/report.pdf" --fetch
interrupt INT "$T/big/manifest.xml" "$T/pub/report.pdf" --fetch
pass
