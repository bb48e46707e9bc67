#!/bin/sh
# SIGINT/SIGTERM during a run (RELIABILITY.md 6, item 26; core/afile.h):
# the process dies of the signal (non-zero exit), removes every temporary
# file it created, and the previous outputs are intact.
#
# No timing is assumed: a command blocked reading a FIFO source is
# interrupted at a known point, and the PDF writer is interrupted once
# its temporary file is seen; if the machine finishes rendering before
# the file is seen, that case is reported as not exercised rather than
# failed.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/faults-lib.sh"

command -v mkfifo >/dev/null 2>&1 || skip "mkfifo not found"
[ -d /proc/self/fd ] || skip "no /proc to see open files"
PY=${PYTHON3:-python3}
command -v "$PY" >/dev/null 2>&1 || skip "python3 not found"

sample_inputs "$T/in"
OUT=$T/out
mkdir -p "$OUT"
ran=

# has_open PID PATH: true when process PID has PATH open.
has_open()
{
	for fd in /proc/"$1"/fd/*; do
		[ "$(readlink "$fd" 2>/dev/null)" = "$2" ] && return 0
	done
	return 1
}

# wait_until_open PID PATH: wait (bounded) until PID opens PATH; false
# when PID ended first.
wait_until_open()
{
	i=0
	while kill -0 "$1" 2>/dev/null; do
		has_open "$1" "$2" && return 0
		i=$((i + 1))
		[ $i -lt 6000 ] || fail "process $1 never opened $2"
		sleep 0.05
	done
	return 1
}

# interrupt_on_fifo SIG CMD ARGS...: run `eitirep CMD ARGS` with the
# manifest's company source replaced by a FIFO; once eitirep is reading
# it, send SIG.  Checks the exit status and that the outputs in $OUT are
# as before.
interrupt_on_fifo()
{
	sig=$1
	shift
	fifo=$T/in/fifo.xml
	rm -f "$fifo"
	mkfifo "$fifo" || fail "mkfifo"
	sed 's|href="company-carbones-2022.xml"|href="fifo.xml"|' \
		"$M" >"$T/in/m-fifo.xml"
	snapshot sig "$OUT/results.xml" "$OUT/results.csv" "$OUT/report.pdf"
	"$EITIREP" "$@" >"$out" 2>"$errf" &
	pid=$!
	# The writer end: half a document, then it waits.  It is killed
	# below; `timeout` ends it if the test dies first.
	timeout 300 sh -c 'exec 3>"$1"; head -c 700 "$2" >&3; sleep 300' \
		sh "$fifo" "$T/in/company-carbones-2022.xml" &
	writer=$!
	if wait_until_open "$pid" "$fifo"; then
		kill "-$sig" "$pid"
		wait "$pid"
		status=$?
		kill "$writer" 2>/dev/null
		wait "$writer" 2>/dev/null
		[ $status -ne 0 ] || fail "$*: exit 0 after SIG$sig"
		[ $status -gt 128 ] ||
			fail "$*: exit $status after SIG$sig, not death by the signal"
		unchanged sig "$OUT/results.xml" "$OUT/results.csv" \
			"$OUT/report.pdf"
		no_temps "$OUT" "$T/in" "$T/cache"
		echo "$1: SIG$sig while reading a source: exit $status"
	else
		# It did not read the FIFO at all (a FIFO may be refused as
		# not a regular file): then it must have failed cleanly.
		wait "$pid"
		status=$?
		kill "$writer" 2>/dev/null
		wait "$writer" 2>/dev/null
		[ $status -eq 4 ] || [ $status -eq 1 ] ||
			fail "$*: FIFO source refused with exit $status"
		unchanged sig "$OUT/results.xml" "$OUT/results.csv" \
			"$OUT/report.pdf"
		echo "$1: FIFO source refused (exit $status); not interrupted"
	fi
	rm -f "$fifo"
}

if built reconcile; then
	expect_exit 0 "$EITIREP" reconcile "$M" -o "$OUT"
	interrupt_on_fifo INT reconcile "$T/in/m-fifo.xml" -o "$OUT"
	interrupt_on_fifo TERM reconcile "$T/in/m-fifo.xml" -o "$OUT"
	ran="$ran reconcile"
fi
if built run; then
	interrupt_on_fifo TERM run "$T/in/m-fifo.xml" -o "$OUT" \
		--cache "$T/cache"
	ran="$ran run"
fi

# A large reconciliation, so that rendering its report takes a while:
# N fictional companies paying royalties to ANM, both sides reporting.
big_inputs()
{
	mkdir -p "$T/big"
	"$PY" - "$T/big" 3000 <<'PYEOF' || fail "generating the big inputs"
import sys
d, n = sys.argv[1], int(sys.argv[2])
head = ('<?xml version="1.0" encoding="UTF-8"?>\n'
        '<disclosure xmlns="urn:eitirep:disclosure:1" role="%s" country="CO"'
        ' period-start="2022-01-01" period-end="2022-12-31"'
        ' reporter="%s" currency="COP">\n'
        '  <entity id="ANM" name="Agencia Nacional de Mineria" level="national"/>\n')
comp = ''.join('  <company id="NIT-9%08d" name="Empresa Ficticia %d S.A.S."'
               ' sector="mining" commodity="coal"/>\n' % (i, i) for i in range(n))
def pays(side, delta):
    return ''.join('  <payment id="%s-%d" company="NIT-9%08d" entity="ANM"'
                   ' stream="1415E1" amount="%d.%02d"/>\n'
                   % (side, i, i, 1000000 + i * 37 + (delta if i % 7 == 0 else 0), i % 100)
                   for i in range(n))
with open(d + '/company.xml', 'w') as f:
    f.write(head % ('company', 'NIT-900000000') + comp + pays('C', 0) + '</disclosure>\n')
with open(d + '/government.xml', 'w') as f:
    f.write(head % ('government', 'ANM') + comp + pays('G', 5000) + '</disclosure>\n')
with open(d + '/manifest.xml', 'w') as f:
    f.write('<?xml version="1.0" encoding="UTF-8"?>\n'
            '<reconciliation xmlns="urn:eitirep:manifest:1" country="CO"'
            ' period-start="2022-01-01" period-end="2022-12-31"'
            ' currency="COP" lang="es" level="stream">\n'
            '  <source role="company" href="company.xml"/>\n'
            '  <source role="government" href="government.xml"/>\n'
            '</reconciliation>\n')
PYEOF
}

# interrupt_render SIG: render the big results; once the PDF's temporary
# file exists, send SIG.
interrupt_render()
{
	sig=$1
	snapshot pdf "$OUT/report.pdf"
	"$EITIREP" render "$T/big/out/results.xml" -o "$OUT/report.pdf" \
		>"$out" 2>"$errf" &
	pid=$!
	seen=
	while kill -0 "$pid" 2>/dev/null; do
		if [ -n "$(find "$OUT" -name '.report.pdf.tmp.*')" ]; then
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
			fail "render: exit $status after SIG$sig while writing"
		unchanged pdf "$OUT/report.pdf"
		no_temps "$OUT"
		echo "render: SIG$sig while writing the PDF: exit $status"
	else
		[ $status -eq 0 ] || fail "render of the big results: exit $status"
		echo "render: finished before its temporary file was seen;" \
			"SIG$sig while writing not exercised"
		snapshot pdf "$OUT/report.pdf"
	fi
}

if built reconcile && built render; then
	big_inputs
	expect_exit 0 "$EITIREP" reconcile "$T/big/manifest.xml" \
		-o "$T/big/out"
	expect_exit 0 "$EITIREP" render "$OUT/results.xml" -o "$OUT/report.pdf"
	interrupt_render TERM
	interrupt_render INT
	ran="$ran render"
fi

[ -n "$ran" ] || skip "no command built yet"
echo "checked:$ran"
pass
