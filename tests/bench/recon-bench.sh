#!/bin/sh
# recon-bench.sh - the reconciliation benchmark (not a test: run by hand).
#
#   tests/bench/recon-bench.sh [-b BUILDDIR] [-r REPS] [-j JOBS]
#                              [-t RECIPIENTS] [N...]
#
# For each payment count N (default 10000 100000 1000000) it generates a
# complete input with tests/bench/gen-recon.py (two disclosures of N/2
# payments, about N/5 keys, USD lines, adjustments, aliases), then, in the
# same run and on the same files, times alternately (one of each, REPS
# times, so that the load of a shared machine hits both alike)
#   xmllint --stream --noout --schema schemas/disclosure.xsd COMPANY GOV
#   eitirep reconcile MANIFEST -o OUT      (validation + reconciliation +
#                                           results.csv and results.xml)
# with /usr/bin/time -v (wall time, CPU time = user + system, peak RSS),
# and prints, for each, its best wall time and its best CPU time of REPS
# runs (default 5), the ratios to xmllint, microseconds of CPU per payment
# and peak RSS (of the run with the best wall time).  eitirep validates
# the sources in parallel (reconcile --jobs, default one thread per
# online CPU; -j JOBS to set it), xmllint one after the other.  Targets
# (issue 17): wall ratio <= 1.0, CPU ratio <= 1.6, RSS <= 256 MiB, flat
# cost per payment.
#
# With -t RECIPIENTS the inputs also hold subnational transfers
# (gen-recon.py --transfers: RECIPIENTS municipalities x 12 streams x 12
# monthly sent and received lines, DNP entitlements and a sharing
# formula); xmllint then validates the transfer files too, and the
# per-line figure counts transfer lines with payments.  Measured on the
# development machine (2 shared cores, CPU seconds, 10,000 payments
# besides): 1,000 recipients (296,000 transfer lines, 12,000 keys) 1.5 s,
# 28 MiB; 3,000 recipients 5.4 s, 40 MiB; 10,000 recipients (2.96 million
# lines, 120,000 keys) 18.0 s, 73 MiB: about 6 us per line, linear, and
# memory that follows the keys.
#
# Generated inputs are kept in $BENCH_DIR (default
# ${TMPDIR:-/tmp}/eitirep-bench) so a second run skips generation.
set -u
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
build=${BUILDDIR:-$top}
reps=5
jobs=
transfers=0
while getopts b:j:r:t: opt; do
	case $opt in
	b) build=$OPTARG ;;
	j) jobs="--jobs $OPTARG" ;;
	r) reps=$OPTARG ;;
	t) transfers=$OPTARG ;;
	*) echo "usage: $0 [-b BUILDDIR] [-r REPS] [-j JOBS] [-t RECIPIENTS] [N...]" >&2
	   exit 2 ;;
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
# "CPU_SECONDS RSS_KIB RC WALL_SECONDS" of the run (the command's own
# output is discarded).
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
	/User time \(seconds\)/ { u = $NF }
	/System time \(seconds\)/ { sy = $NF }
	END { printf "%.3f %d %d %.3f\n", u + sy, rss, rc, s }' "$log"
}

# better A B FIELD: is run A (measure's output) better than B in FIELD
# (1: CPU, 4: wall)?  B empty: yes.
better()
{
	[ -z "$2" ] && return 0
	echo "$1 $2" | awk -v f="$3" '{ exit !($f < $(f + 4)) }'
}

printf '%-8s %7s %4s | %8s %8s %5s | %7s %7s %5s | %7s | %7s %6s\n' \
    payments keys MB "xl cpu" "ei cpu" ratio "xl wall" "ei wall" ratio \
    "us/pay" "ei RSS" "xl RSS"
for n in "$@"; do
	d=$bench/$n
	files="$d/company.xml $d/government.xml"
	if [ "$transfers" -gt 0 ]; then
		d=$bench/$n-t$transfers
		files="$d/company.xml $d/government.xml $d/transfers-sent.xml"
		files="$files $d/transfers-received.xml $d/entitlements.xml"
	fi
	if [ ! -f "$d/manifest.xml" ]; then
		"$python3" "$top/tests/bench/gen-recon.py" --payments "$n" \
		    --transfers "$transfers" --out "$d" >/dev/null ||
			{ echo "gen-recon.py failed" >&2; exit 1; }
	fi
	# shellcheck disable=SC2086 # generated paths have no spaces
	mb=$(du -cm $files | tail -1 | cut -f1)
	# same run, same files, alternately: xmllint, then eitirep
	xw= xc= ew= ec=
	i=0
	while [ "$i" -lt "$reps" ]; do
		# shellcheck disable=SC2086
		r=$(measure "$d/xmllint.time" "$xmllint" --stream --noout \
		    --schema "$top/schemas/disclosure.xsd" $files)
		better "$r" "$xw" 4 && xw=$r
		better "$r" "$xc" 1 && xc=$r
		# shellcheck disable=SC2086
		r=$(measure "$d/eitirep.time" "$eitirep" reconcile -q $jobs \
		    "$d/manifest.xml" -o "$d/out")
		better "$r" "$ew" 4 && ew=$r
		better "$r" "$ec" 1 && ec=$r
		i=$((i + 1))
	done
	# shellcheck disable=SC2086
	set -- $xc
	xs=$1
	# shellcheck disable=SC2086
	set -- $ec
	es=$1
	# shellcheck disable=SC2086
	set -- $xw
	xrss=$2 xrc=$3 xw=$4
	# shellcheck disable=SC2086
	set -- $ew
	erss=$2 erc=$3 ew=$4
	[ "$xrc" -eq 0 ] || echo "warning: xmllint exited $xrc" >&2
	[ "$erc" -eq 0 ] || echo "warning: eitirep exited $erc" >&2
	keys=$(($(wc -l <"$d/out/results.csv") - 1))
	# shellcheck disable=SC2086
	pays=$(grep -c '<payment \|<transfer \|<entitlement ' $files |
	    awk -F: '{ s += $2 } END { print s }')
	awk -v n="$pays" -v k="$keys" -v mb="$mb" -v xs="$xs" -v es="$es" \
	    -v xw="$xw" -v ew="$ew" -v er="$erss" -v xr="$xrss" 'BEGIN {
		printf "%-8d %7d %4d | %7.2fs %7.2fs %5.2f | %6.2fs %6.2fs " \
		    "%5.2f | %7.2f | %5.0fMi %4.0fMi\n", n, k, mb, xs, es,
		    (xs > 0 ? es / xs : 0), xw, ew, (xw > 0 ? ew / xw : 0),
		    (n > 0 ? es * 1e6 / n : 0), er / 1024, xr / 1024
	}'
done
