#!/bin/sh
# SIGINT/SIGTERM during a run (core/afile.h):
# the process dies of the signal (non-zero exit), removes every temporary
# file it created, and the previous outputs are intact.
#
# No timing is assumed.  A large reconciliation (tests/bench/gen-recon.py)
# makes each command run for a while; the signal is sent once the process
# is seen at work (reading a large disclosure; writing the PDF's
# temporary file).  If the machine finishes before that is seen, the case
# is reported as not exercised rather than failed.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/faults-lib.sh"

[ -d /proc/self/fd ] || skip "no /proc to see what a process has open"
PY=${PYTHON3:-python3}
command -v "$PY" >/dev/null 2>&1 || skip "python3 not found"
GEN=$top_srcdir/tests/bench/gen-recon.py
[ -f "$GEN" ] || skip "tests/bench/gen-recon.py not found"
built reconcile || skip "eitirep reconcile not built yet"

sample_inputs "$T/in"
OUT=$T/out
mkdir -p "$OUT"
expect_exit 0 "$EITIREP" reconcile "$M" -o "$OUT"
if built render; then
	expect_exit 0 "$EITIREP" render "$OUT/results.xml" -o "$OUT/report.pdf"
fi
# Large enough to take a moment to read (two disclosures of a few MB).
"$PY" "$GEN" --payments 100000 --out "$T/big" >/dev/null ||
	fail "tests/bench/gen-recon.py failed"
BIG=$T/big/manifest.xml

# is_reading PID: true when PID has one of the large disclosures open.
is_reading()
{
	for fd in /proc/"$1"/fd/*; do
		case $(readlink "$fd" 2>/dev/null) in
		"$T"/big/company.xml | "$T"/big/government.xml) return 0 ;;
		esac
	done
	return 1
}

# is_writing_pdf PID: true when the PDF's temporary file exists.
is_writing_pdf()
{
	[ -n "$(find "$OUT" -name '.report.pdf.tmp.*' 2>/dev/null)" ]
}

# interrupt SIG PROBE CMD ARGS...: start `eitirep CMD ARGS`; as soon as
# PROBE says it is at work, send SIG.  Then: it died of the signal, the
# outputs in $OUT are as before, and no temporary file is left.
interrupt()
{
	sig=$1 probe=$2
	shift 2
	snapshot sig "$OUT/results.xml" "$OUT/results.csv" "$OUT/report.pdf"
	# A non-interactive shell starts background commands with SIGINT
	# ignored, and eitirep rightly keeps an ignored signal ignored
	# (nohup); restore the default as a terminal would have it.
	"$PY" -c 'import os, signal, sys
signal.signal(signal.SIGINT, signal.SIG_DFL)
os.execv(sys.argv[1], sys.argv[1:])' "$EITIREP" "$@" >"$out" 2>"$errf" &
	pid=$!
	seen=
	while kill -0 "$pid" 2>/dev/null; do
		if "$probe" "$pid"; then
			seen=1
			kill "-$sig" "$pid"
			break
		fi
		sleep 0.02
	done
	wait "$pid"
	status=$?
	if [ -n "$seen" ]; then
		[ $status -gt 128 ] ||
			fail "$1: exit $status after SIG$sig, not death by the signal"
		unchanged sig "$OUT/results.xml" "$OUT/results.csv" \
			"$OUT/report.pdf"
		no_temps "$OUT" "$T/big" "$T/cache"
		echo "$1: SIG$sig at work: exit $status, nothing lost"
	else
		echo "$1: finished (exit $status) before it was seen at work;" \
			"SIG$sig not exercised"
		# It may have replaced the outputs legitimately; start over.
		expect_exit 0 "$EITIREP" reconcile "$M" -o "$OUT"
	fi
}

interrupt INT is_reading reconcile "$BIG" -o "$OUT"
interrupt TERM is_reading reconcile "$BIG" -o "$OUT"
if built run; then
	interrupt TERM is_reading run "$BIG" -o "$OUT" --cache "$T/cache"
	interrupt INT is_reading run "$BIG" -o "$OUT" --cache "$T/cache"
fi
if built render; then
	# Results of the large reconciliation: a report of many pages.
	expect_exit 0 "$EITIREP" reconcile "$BIG" -o "$T/big/out"
	interrupt TERM is_writing_pdf render "$T/big/out/results.xml" \
		-o "$OUT/report.pdf"
	interrupt INT is_writing_pdf render "$T/big/out/results.xml" \
		-o "$OUT/report.pdf"
fi
pass
