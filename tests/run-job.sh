#!/bin/sh
# eitirep run: the demo end to end, nothing lost on failure, one run per
# directory, recovery after a killed run.
. "$top_srcdir/tests/lib.sh"

demo="$top_srcdir/fixtures/demo/manifest.xml"
[ -f "$demo" ] || skip "no demo fixtures"
export SOURCE_DATE_EPOCH=1700000000
export XDG_CACHE_HOME="$T/cache"
o="$T/out"

# --- the demo, end to end ------------------------------------------------
expect_exit 0 "$EITIREP" run "$demo" -o "$o"
for f in report.pdf results.xml results.csv; do
	[ -s "$o/$f" ] || fail "run wrote no $f"
done
grep -q 'eitirep: reconcile: .* keys' "$errf" || fail "a log line per stage"
grep -q 'eitirep: render: ' "$errf" || fail "render stage logged"
pdfinfo "$o/report.pdf" >"$T/info" 2>&1 || fail "pdfinfo rejects report.pdf"
grep -q '^Pages: *[1-9]' "$T/info" || fail "report has pages"
ls -a "$o" | grep -q '\.tmp\.' && fail "temporary files left behind"
# the report names the files it comes from by their SHA-256 (for verify)
if pdfinfo -custom "$o/report.pdf" >"$T/custom" 2>/dev/null; then
	for f in xml:ResultsXml csv:ResultsCsv; do
		sum=$(sha256sum "$o/results.${f%%:*}" | cut -d' ' -f1)
		grep -q "^Eitirep${f#*:}: *$sum\$" "$T/custom" ||
			fail "report.pdf: Eitirep${f#*:} is not results.${f%%:*}'s"
	done
fi
# the outputs and nothing else (the lock is the directory's own: no lock
# file is published with the report; the demo declares transfers)
[ "$(ls -A "$o" | LC_ALL=C sort | tr '\n' ' ')" = \
	"report.pdf results.csv results.xml transfers.csv " ] ||
	fail "the output directory holds more than the outputs: $(ls -A "$o")"
# same inputs, same bytes
mkdir "$T/again"
expect_exit 0 "$EITIREP" run "$demo" -o "$T/again" -q
[ -s "$out" ] && fail "-q prints nothing on stdout"
[ -s "$errf" ] && fail "-q prints nothing on stderr when all is well"
for f in report.pdf results.xml results.csv; do
	cmp -s "$o/$f" "$T/again/$f" || fail "$f differs between two runs"
done
# results agree with reconcile on the same manifest
expect_exit 0 "$EITIREP" reconcile "$demo" -o "$T/rec"
cmp -s "$o/results.csv" "$T/rec/results.csv" ||
	fail "run and reconcile disagree on results.csv"
cmp -s "$o/results.xml" "$T/rec/results.xml" ||
	fail "run and reconcile disagree on results.xml"

mkdir "$T/keep"
cp "$o"/report.pdf "$o"/results.xml "$o"/results.csv "$T/keep/"
same_as_before()
{
	for f in report.pdf results.xml results.csv; do
		cmp -s "$T/keep/$f" "$o/$f" || fail "$1: $f was changed"
	done
	ls -a "$o" | grep -q '\.tmp\.' && fail "$1: temporary files left"
	return 0
}

# --- nothing changed: the outputs are left as they are -------------------
expect_exit 0 "$EITIREP" run "$demo" -o "$o"
grep -q 'unchanged since the last run' "$errf" ||
	fail "an unchanged run does not say so"
same_as_before "unchanged inputs"
expect_exit 5 "$EITIREP" run "$demo" -o "$o" --fail-on-discrepancy
same_as_before "unchanged inputs, --fail-on-discrepancy"
# an output changed by hand, or another language: written again
echo edited >>"$o/results.csv"
expect_exit 0 "$EITIREP" run "$demo" -o "$o"
grep -q 'unchanged since' "$errf" && fail "an edited output is not redone"
cmp -s "$T/keep/results.csv" "$o/results.csv" || fail "results.csv not redone"
# another date is another report
SOURCE_DATE_EPOCH=1700000001 "$EITIREP" run "$demo" -o "$o" 2>"$errf" ||
	fail "run with another SOURCE_DATE_EPOCH"
grep -q 'unchanged since' "$errf" && fail "another date, the same report"
expect_exit 0 "$EITIREP" run "$demo" -o "$o"
grep -q 'unchanged since' "$errf" && fail "the date back, the same report"
same_as_before "SOURCE_DATE_EPOCH back"
expect_exit 0 "$EITIREP" run "$demo" -o "$T/two" --lang es,en
for f in report.pdf report.en.pdf; do
	pdfinfo -custom "$T/two/$f" >"$T/custom" 2>/dev/null || continue
	grep -q "^EitirepLang: *$([ "$f" = report.pdf ] && echo es || echo en)\$" \
	    "$T/custom" || fail "--lang es,en: $f in the wrong language"
done
cmp -s "$T/two/report.pdf" "$o/report.pdf" ||
	fail "--lang es,en: report.pdf differs from a run in Spanish only"
expect_exit 0 "$EITIREP" run "$demo" -o "$T/two" --lang en,es
grep -q 'unchanged since' "$errf" || fail "--lang en,es: the same reports"
expect_exit 0 "$EITIREP" run "$demo" -o "$T/two" --force
grep -q 'unchanged since' "$errf" && fail "--force"
expect_exit 2 "$EITIREP" run "$demo" -o "$T/two" --lang es,xx
expect_exit 2 "$EITIREP" run "$demo" -o "$T/two" --lang ,

# --- a write failure (file-size limit) keeps the previous outputs --------
( ulimit -f 64; exec "$EITIREP" run "$demo" -o "$o" --force ) >"$out" \
    2>"$errf"
status=$?
[ "$status" -eq 4 ] || fail "file-size limit: exit $status, expected 4"
grep -q 'File too large\|write' "$errf" || fail "file-size limit: message"
same_as_before "file-size limit"

# --- invalid input keeps the previous outputs ----------------------------
mkdir "$T/bad"
cp -R "$top_srcdir/fixtures/demo/." "$T/bad/"
chmod -R u+w "$T/bad"
# an exponent where an xs:decimal belongs
sed -i '0,/ amount="[^"]*"/s/ amount="[^"]*"/ amount="1e3"/' \
	"$T/bad/gobierno/anm-2022.xml"
expect_exit 1 "$EITIREP" run "$T/bad/manifest.xml" -o "$o"
grep -q 'anm-2022.xml:[0-9]*:[0-9]*: error: ' "$errf" ||
	fail "invalid input: located diagnostics"
same_as_before "invalid input"

# --- a missing manifest is an I/O error; a usage error is 2 --------------
expect_exit 4 "$EITIREP" run "$T/no-such-manifest.xml" -o "$o"
same_as_before "missing manifest"
expect_exit 2 "$EITIREP" run
expect_exit 2 "$EITIREP" run "$demo" extra-argument

# --- one run per directory ------------------------------------------------
# The lock is the directory's own (flock on the directory): a run leaves
# nothing but its outputs in it.
[ -e "$o/.eitirep.lock" ] && fail "a lock file was left in the output directory"
if command -v flock >/dev/null 2>&1; then
	flock "$o" sleep 3 &
	holder=$!
	sleep 0.5
	expect_exit 4 "$EITIREP" run "$demo" -o "$o"
	grep -q 'in use by another run' "$errf" || fail "lock: clear message"
	same_as_before "locked directory"
	wait "$holder"
fi

# --- a run killed mid-way, then a normal run ------------------------------
# Stale temporary files as a SIGKILL leaves them.
echo partial >"$o/.report.pdf.tmp.AbC123"
echo partial >"$o/.results.xml.tmp.XyZ789"
expect_exit 0 "$EITIREP" run "$demo" -o "$o"
ls -a "$o" | grep -q '\.tmp\.' && fail "stale temporary files not removed"
cmp -s "$T/keep/report.pdf" "$o/report.pdf" || fail "recovered run output"

# A real SIGKILL during a larger run.
if [ -n "${PYTHON3:-}" ] && [ -f "$top_srcdir/tests/bench/gen-recon.py" ]; then
	"$PYTHON3" "$top_srcdir/tests/bench/gen-recon.py" --payments 40000 \
		--out "$T/big" --seed 7 >/dev/null 2>&1 || fail "gen-recon.py"
	"$EITIREP" run "$T/big/manifest.xml" -o "$o" -q &
	pid=$!
	i=0
	while [ $i -lt 200 ] && ! ls -a "$o" | grep -q '\.tmp\.'; do
		sleep 0.05
		i=$((i + 1))
	done
	kill -KILL "$pid" 2>/dev/null
	wait "$pid" 2>/dev/null
	same_as_before_kill=yes
	for f in report.pdf results.xml results.csv; do
		cmp -s "$T/keep/$f" "$o/$f" || same_as_before_kill=no
	done
	# Either the run finished before the kill (all three new) or nothing
	# of it landed.
	if [ "$same_as_before_kill" = no ]; then
		pdfinfo "$o/report.pdf" >/dev/null 2>&1 ||
			fail "killed run left a broken report.pdf"
	fi
	expect_exit 0 "$EITIREP" run "$demo" -o "$o"
	ls -a "$o" | grep -q '\.tmp\.' && fail "temporaries after kill + rerun"
	same_as_before "rerun after kill"
fi

# --- SIGTERM: temporaries removed, non-zero exit -------------------------
if [ -d "$T/big" ]; then
	"$EITIREP" run "$T/big/manifest.xml" -o "$o" -q &
	pid=$!
	i=0
	while [ $i -lt 200 ] && ! ls -a "$o" | grep -q '\.tmp\.'; do
		sleep 0.05
		i=$((i + 1))
	done
	kill -TERM "$pid" 2>/dev/null
	wait "$pid"
	st=$?
	ls -a "$o" | grep -q '\.tmp\.' && fail "SIGTERM left temporary files"
	# exit 0 only if it had finished before the signal arrived
	if [ "$st" -ne 0 ]; then
		[ "$st" -eq 143 ] || fail "SIGTERM: exit $st, expected 143"
		same_as_before "SIGTERM"
	fi
fi
pass
