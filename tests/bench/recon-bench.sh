#!/bin/sh
# recon-bench.sh - the reconciliation benchmark (not a test: run by hand).
#
#   tests/bench/recon-bench.sh [-b BUILDDIR] [-r REPS] [N...]
#
# For each payment count N (default 10000 100000 1000000) it generates a
# complete input with tests/bench/gen-recon.py (two disclosures of N/2
# payments, about N/5 keys, USD lines, adjustments, aliases), then, in the
# same run and on the same files, times
#   xmllint --stream --noout --schema schemas/disclosure.xsd COMPANY GOV
#   eitirep reconcile MANIFEST -o OUT      (validation + reconciliation +
#                                           results.csv and results.xml)
# with /usr/bin/time -v (wall time, peak RSS), best of REPS runs (default
# 3 below 1M payments, 1 at 1M), and prints a table: times, the ratio to
# xmllint, microseconds per payment and peak RSS.  Targets (issue 3):
# ratio <= 1.25, RSS <= 256 MiB, flat cost per payment.
#
# Generated inputs are kept in $BENCH_DIR (default
# ${TMPDIR:-/tmp}/eitirep-bench) so a second run skips generation.
set -u
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
build=${BUILDDIR:-$top}
reps=
while getopts b:r: opt; do
	case $opt in
	b) build=$OPTARG ;;
	r) reps=$OPTARG ;;
	*) echo "usage: $0 [-b BUILDDIR] [-r REPS] [N...]" >&2; exit 2 ;;
	esac
done
shift $((OPTIND - 1))
[ $# -gt 0 ] || set -- 10000 100000 1000000

eitirep=$build/eitirep
xmllint=${XMLLINT:-$(command -v xmllint)}
python3=${PYTHON3:-$(command -v python3)}
bench=${BENCH_DIR:-${TMPDIR:-/tmp}/eitirep-bench}
[ -x "$eitirep" ] || { echo "no $eitirep (use -b BUILDDIR)" >&2; exit 2; }
[ -n "$xmllint" ] || { echo "xmllint not found" >&2; exit 2; }
[ -n "$python3" ] || { echo "python3 not found" >&2; exit 2; }
[ -x /usr/bin/time ] || { echo "/usr/bin/time not found" >&2; exit 2; }
mkdir -p "$bench" || exit 2
export EITIREP_DATADIR="$top"
export SOURCE_DATE_EPOCH=1700000000

# measure OUTFILE CMD...: run CMD under /usr/bin/time -v; print
# "SECONDS RSS_KIB" of the run (the command's own output is discarded).
measure()
{
	log=$1
	shift
	/usr/bin/time -v "$@" >/dev/null 2>"$log"
	rc=$?
	awk -v rc="$rc" '
	/Elapsed \(wall clock\)/ {
		n = split($NF, t, ":"); s = 0
		for (i = 1; i <= n; i++) s = s * 60 + t[i]
	}
	/Maximum resident set size/ { rss = $NF }
	END { printf "%.3f %d %d\n", s, rss, rc }' "$log"
}

# best OUTFILE REPS CMD...: the fastest of REPS runs ("SECONDS RSS RC").
best()
{
	log=$1
	n=$2
	shift 2
	bs=
	i=0
	while [ "$i" -lt "$n" ]; do
		r=$(measure "$log" "$@")
		if [ -z "$bs" ] || awk -v a="${r%% *}" -v b="${bs%% *}" \
		    'BEGIN { exit !(a < b) }'; then
			bs=$r
		fi
		i=$((i + 1))
	done
	echo "$bs"
}

printf '%-9s %9s %8s %9s %9s %6s %8s %8s %8s\n' payments keys \
    "MB(xml)" "xmllint" "eitirep" ratio "us/pay" "RSS MiB" "xl MiB"
for n in "$@"; do
	d=$bench/$n
	if [ ! -f "$d/manifest.xml" ]; then
		"$python3" "$top/tests/bench/gen-recon.py" --payments "$n" \
		    --out "$d" >/dev/null || { echo "gen-recon.py failed" >&2;
		    exit 1; }
	fi
	r=${reps:-3}
	[ -z "$reps" ] && [ "$n" -ge 1000000 ] && r=1
	mb=$(du -cm "$d/company.xml" "$d/government.xml" | tail -1 | cut -f1)
	# same run, same files: the reference first, then eitirep
	xl=$(best "$d/xmllint.time" "$r" "$xmllint" --stream --noout \
	    --schema "$top/schemas/disclosure.xsd" "$d/company.xml" \
	    "$d/government.xml")
	er=$(best "$d/eitirep.time" "$r" "$eitirep" reconcile -q \
	    "$d/manifest.xml" -o "$d/out")
	set -- $xl
	xs=$1 xrss=$2 xrc=$3
	set -- $er
	es=$1 erss=$2 erc=$3
	[ "$xrc" -eq 0 ] || echo "warning: xmllint exited $xrc" >&2
	[ "$erc" -eq 0 ] || echo "warning: eitirep exited $erc" >&2
	keys=$(($(wc -l <"$d/out/results.csv") - 1))
	pays=$(grep -c '<payment ' "$d/company.xml" "$d/government.xml" |
	    awk -F: '{ s += $2 } END { print s }')
	awk -v n="$pays" -v k="$keys" -v mb="$mb" -v xs="$xs" -v es="$es" \
	    -v er="$erss" -v xr="$xrss" 'BEGIN {
		printf "%-9d %9d %8d %8.2fs %8.2fs %6.2f %8.2f %8.1f %8.1f\n",
		    n, k, mb, xs, es, (xs > 0 ? es / xs : 0),
		    (n > 0 ? es * 1e6 / n : 0), er / 1024, xr / 1024
	}'
done
