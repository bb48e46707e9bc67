#!/bin/sh
# render-bench.sh - the render benchmark (issue 5), not part of make check.
#
#   tests/bench/render-bench.sh [BUILDDIR]      (default: the current dir)
#
# Renders a report of at least 1,000 pages and writes a bare cairo+Pango
# program's dense 50-row x 8-column table pages of the same count
# (tests/bench/bare-cairo), then prints pages per second of both (per CPU
# second, which other processes on the machine do not inflate, and per
# wall-clock second), their ratio (target >= 0.8) and the renderer's peak
# RSS (target <= 512 MiB).
#
# The report comes from tests/bench/gen-recon.py + `eitirep reconcile` +
# `eitirep render` (PAYMENTS payments, default 400,000: about 9,000 keys
# that are not matched), or, when that path fails or BENCH_SOURCE=sample,
# from tests/render-sample (the in-memory sample, KEYS keys, default
# 20,000).  Needs GNU time (/usr/bin/time) and poppler's pdfinfo.
set -eu
B=$(cd "${1:-.}" && pwd)
S=$(cd "$(dirname "$0")/../.." && pwd)
PAYMENTS=${PAYMENTS:-400000}
KEYS=${KEYS:-20000}
W=$(mktemp -d "${TMPDIR:-/tmp}/render-bench.XXXXXX")
trap 'rm -rf "$W"' EXIT INT TERM
SOURCE_DATE_EPOCH=1700000000
export SOURCE_DATE_EPOCH

make -C "$B" -s eitirep tests/render-sample tests/bench/bare-cairo >/dev/null

# seconds TIMEFILE FIELD: "user" / "system" / "wall" from GNU time -v.
seconds()
{
	case $2 in
	user) awk -F': ' '/User time/ { print $2 }' "$1" ;;
	system) awk -F': ' '/System time/ { print $2 }' "$1" ;;
	wall) awk -F': ' '/Elapsed \(wall clock\)/ {
		n = split($2, p, ":"); s = 0
		for (i = 1; i <= n; i++) s = s * 60 + p[i]
		print s }' "$1" ;;
	esac
}
rss_kb()
{
	awk -F': ' '/Maximum resident set size/ { print $2 }' "$1"
}

source=sample
if [ "${BENCH_SOURCE:-recon}" != sample ] &&
    python3 "$S/tests/bench/gen-recon.py" --payments "$PAYMENTS" \
	--out "$W/in" >"$W/gen.log" 2>&1 &&
    "$B/eitirep" reconcile -q "$W/in/manifest.xml" -o "$W/out" \
	>"$W/recon.log" 2>&1 &&
    /usr/bin/time -v -o "$W/time.report" "$B/eitirep" render -q \
	"$W/out/results.xml" -o "$W/report.pdf" >"$W/render.log" 2>&1; then
	source="gen-recon.py --payments $PAYMENTS + eitirep reconcile + render"
else
	[ "${BENCH_SOURCE:-recon}" = sample ] ||
		echo "render-bench: the results.xml path failed; using the" \
		    "in-memory sample" >&2
	/usr/bin/time -v -o "$W/time.report" "$B/tests/render-sample" \
	    --keys "$KEYS" -o "$W/report.pdf"
	source="tests/render-sample --keys $KEYS"
fi
pages=$(pdfinfo "$W/report.pdf" | awk '/^Pages:/ { print $2 }')
[ "$pages" -ge 1000 ] ||
	echo "render-bench: warning: only $pages pages (raise PAYMENTS or KEYS)" >&2
/usr/bin/time -v -o "$W/time.bare" "$B/tests/bench/bare-cairo" "$pages" \
    "$W/bare.pdf" >/dev/null

chars_report=$(pdftotext "$W/report.pdf" - | wc -c)
chars_bare=$(pdftotext "$W/bare.pdf" - | wc -c)
awk -v pages="$pages" -v src="$source" \
    -v ru="$(seconds "$W/time.report" user)" \
    -v rs="$(seconds "$W/time.report" system)" \
    -v rw="$(seconds "$W/time.report" wall)" \
    -v bu="$(seconds "$W/time.bare" user)" \
    -v bs="$(seconds "$W/time.bare" system)" \
    -v bw="$(seconds "$W/time.bare" wall)" \
    -v rrss="$(rss_kb "$W/time.report")" -v brss="$(rss_kb "$W/time.bare")" \
    -v rsize="$(wc -c <"$W/report.pdf")" -v bsize="$(wc -c <"$W/bare.pdf")" \
    -v rch="$chars_report" -v bch="$chars_bare" 'BEGIN {
	rc = ru + rs; bc = bu + bs
	printf "report: %s\n", src
	printf "pages: %d (text per page: report %.0f chars, bare %.0f)\n",
	    pages, rch / pages, bch / pages
	printf "%-8s %9s %9s %11s %11s %9s %9s\n", "", "cpu s", "wall s",
	    "pages/cpu-s", "pages/wall-s", "rss MiB", "pdf MiB"
	printf "%-8s %9.2f %9.2f %11.1f %11.1f %9.1f %9.1f\n", "report",
	    rc, rw, pages / rc, pages / rw, rrss / 1024, rsize / 1048576
	printf "%-8s %9.2f %9.2f %11.1f %11.1f %9.1f %9.1f\n", "bare",
	    bc, bw, pages / bc, pages / bw, brss / 1024,
	    bsize / 1048576
	printf "ratio (report / bare, pages per cpu second): %.2f " \
	    "(target >= 0.80)\n", (pages / rc) / (pages / bc)
	printf "ratio (pages per wall second): %.2f\n", (pages / rw) / (pages / bw)
	printf "peak RSS of the report: %.1f MiB (target <= 512)\n",
	    rrss / 1024
}'
