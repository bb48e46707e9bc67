#!/bin/sh
# import-run.sh - manifests that name tables directly
# (eitirep-manifest(5)):
#  - `eitirep run` on fixtures/import/generic/manifest.xml, whose company
#    side is a CSV in the generic-es layout, writes report.pdf,
#    results.xml and results.csv; results.csv is the expected one, and
#    the provenance (results.xml and the report's appendix) records the
#    table's SHA-256 and the profile digest (the profile's bytes, then
#    its map files', eitirep-profile(5));
#  - `eitirep reconcile` on each manifest of fixtures/import/manifests
#    prints exactly NAME.expected (exit status and stderr): the findings
#    of an imported table at its cells, the manifest's own rules about
#    profiled sources (SRC-PARAM, SRC-PROFILE, SRC-DUP), and the rules
#    that need a reconciliation (RATE-MISSING, SRC-ROLE).
. "$top_srcdir/tests/lib.sh"
EITIREP_DATADIR=${EITIREP_DATADIR:-$top_srcdir}
export EITIREP_DATADIR
LC_ALL=C.UTF-8
export LC_ALL
gen="$top_srcdir/fixtures/import/generic"

# Every shipped profile is valid, for eitirep and for xmllint against
# schemas/profile.xsd.
expect_exit 0 "$EITIREP" validate "$top_srcdir"/profiles/*.xml
if [ -n "${XMLLINT:-}" ] && [ -x "$XMLLINT" ]; then
	"$XMLLINT" --noout --schema "$top_srcdir/schemas/profile.xsd" \
	    "$top_srcdir"/profiles/*.xml >"$out" 2>"$errf" ||
		fail "xmllint: a shipped profile is not valid"
fi

SOURCE_DATE_EPOCH=1700000000 expect_exit 0 "$EITIREP" run \
    "$gen/manifest.xml" -o "$T/out"
for f in report.pdf results.xml results.csv; do
	[ -s "$T/out/$f" ] || fail "run: no $f"
done
diff -u "$gen/expected-results.csv" "$T/out/results.csv" >&2 ||
	fail "run: results.csv differs from expected-results.csv"
table=$(sha256sum "$gen/example-es.csv" | cut -d' ' -f1)
prof=$(cd "$top_srcdir/profiles" && cat generic-es.xml \
    $(sed -n 's/.*<map [^>]*href="\([^"]*\)".*/\1/p' generic-es.xml) |
    sha256sum | cut -d' ' -f1)
grep -q "sha256=\"$table\" profile=\"generic-es\" profile-sha256=\"$prof\"" \
    "$T/out/results.xml" || fail "run: provenance of the table in results.xml"
if command -v pdftotext >/dev/null 2>&1; then
	pdftotext "$T/out/report.pdf" "$T/report.txt" ||
		fail "run: pdftotext"
	tr -d '\n ' <"$T/report.txt" >"$T/report.flat"
	grep -q "generic-es" "$T/report.flat" ||
		fail "run: the report does not name the profile"
	grep -q "$prof" "$T/report.flat" ||
		fail "run: the report does not print the profile's SHA-256"
fi

# The same reconciliation with both sources served over HTTP: `fetch`
# downloads the table like any source (a table is a good body as much
# as XML is), and `reconcile` imports it from the cache.
if command -v "${PYTHON3:-python3}" >/dev/null 2>&1; then
	cp "$gen/example-es.csv" "$gen/gobierno-2022.xml" "$T/"
	"${PYTHON3:-python3}" - "$T" "$T/port" <<'PYEOF' &
import functools, http.server, os, sys, threading
class Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *a):
        pass
h = functools.partial(Quiet, directory=sys.argv[1])
s = http.server.ThreadingHTTPServer(("127.0.0.1", 0), h)
with open(sys.argv[2] + ".tmp", "w") as f:
    f.write(str(s.server_address[1]))
os.rename(sys.argv[2] + ".tmp", sys.argv[2])
threading.Timer(60, s.shutdown).start()
s.serve_forever()
PYEOF
	server=$!
	i=0
	while [ ! -s "$T/port" ] && [ $i -lt 100 ]; do
		sleep 0.1
		i=$((i + 1))
	done
	[ -s "$T/port" ] || fail "http server did not start"
	url="http://127.0.0.1:$(cat "$T/port")"
	sed -e "s|href=\"example-es.csv\"|href=\"$url/example-es.csv\"|" \
	    -e "s|href=\"gobierno-2022.xml\"|href=\"$url/gobierno-2022.xml\"|" \
	    "$gen/manifest.xml" >"$T/remote.xml"
	expect_exit 0 "$EITIREP" fetch "$T/remote.xml" --cache "$T/cache"
	expect_exit 0 "$EITIREP" reconcile "$T/remote.xml" --cache "$T/cache" \
	    -o "$T/remote"
	kill "$server" 2>/dev/null
	diff -u "$gen/expected-results.csv" "$T/remote/results.csv" >&2 ||
		fail "remote: results.csv differs"
	grep -q "href=\"$url/example-es.csv\".*profile=\"generic-es\"" \
	    "$T/remote/results.xml" || fail "remote: provenance of the table"
fi

# An unchanged run leaves its outputs alone; a changed map file of the
# profile changes the profile digest, so the next run renders again.
mkdir "$T/own" "$T/own/prof"
cp "$gen/example-es.csv" "$gen/gobierno-2022.xml" "$T/own/"
cp "$top_srcdir/profiles/generic-es.xml" "$top_srcdir/profiles/streams-es.csv" \
    "$T/own/prof/"
chmod u+w "$T/own/prof/streams-es.csv"
sed 's|profile="generic-es"|profile="prof/generic-es.xml"|' \
    "$gen/manifest.xml" >"$T/own/manifest.xml"
for i in 1 2 3; do
	[ $i -eq 3 ] && printf 'Flujo de prueba,1415E1\n' >>"$T/own/prof/streams-es.csv"
	SOURCE_DATE_EPOCH=1700000000 expect_exit 0 "$EITIREP" run \
	    "$T/own/manifest.xml" -o "$T/own/out" --cache "$T/own/cache"
	if grep -q 'unchanged since the last run' "$errf"; then
		echo unchanged
	else
		echo written
	fi
done >"$T/own/runs"
printf 'written\nunchanged\nwritten\n' | diff -u - "$T/own/runs" >&2 ||
	fail "run: a changed map file of the profile is a changed input"

dir="$top_srcdir/fixtures/import/manifests"

# run prints the import summary of a table with errors after the
# findings, as reconcile does (the same line as bad-table.expected);
# reconcile -v prints it for every table.
(cd "$dir" && "$EITIREP" run bad-table.xml -o "$T/run-bad" \
	>/dev/null 2>"$T/run-bad.err")
[ $? -eq 1 ] || fail "run bad-table.xml: exit status is not 1"
grep '^eitirep: import: ' "$dir/bad-table.expected" >"$T/want" &&
	grep '^eitirep: import: ' "$T/run-bad.err" >"$T/got" &&
	diff -u "$T/want" "$T/got" >&2 ||
	fail "run bad-table.xml: not the import summary of the table"
expect_exit 0 "$EITIREP" reconcile -v "$gen/manifest.xml" -o "$T/verbose"
grep -q '^eitirep: import: .*example-es.csv: 4 rows read, 4 payments ' \
    "$errf" || fail "reconcile -v: no import summary"

n=0
failures=0
for m in "$dir"/*.xml; do
	name=$(basename "$m" .xml)
	case $name in p-*) continue ;; esac
	(cd "$dir" && "$EITIREP" reconcile "$name.xml" -o "$T/r-$name" \
		>/dev/null 2>"$T/stderr"
	echo "exit $?"; echo "--- stderr"; cat "$T/stderr") |
		sed "s|$T/r-$name|OUT|g" >"$T/$name.out"
	if [ -n "${EITIREP_GOLDEN_OUT:-}" ]; then
		cp "$T/$name.out" "$EITIREP_GOLDEN_OUT/$name.expected"
	fi
	if ! diff -u "$dir/$name.expected" "$T/$name.out" >&2; then
		echo "FAIL: $name: output differs from $name.expected" >&2
		failures=$((failures + 1))
	fi
	n=$((n + 1))
done
echo "$n manifests in $dir"
[ "$failures" -eq 0 ] || fail "$failures manifest(s) differ"
pass
