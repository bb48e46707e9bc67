#!/bin/sh
# validate-bench.sh - time `eitirep validate` against
# `xmllint --stream --noout --schema schemas/disclosure.xsd` on generated
# disclosures of 10k, 100k and 1M payments (or the sizes given), with
# peak memory from GNU time.  Not part of `make check`.
#
# Targets (issue 2): eitirep at most 1.1x xmllint's time, at most 64 MiB.
#
# usage: tests/bench/validate-bench.sh [-r RUNS] [SIZE...]
#   EITIREP  the binary (default: ./eitirep)
#   XMLLINT  (default: xmllint)   PYTHON3 (default: python3)
#   top_srcdir (default: the directory above this script's)
# Each size is run RUNS times (default 3), alternating the two tools;
# the best time and the largest peak memory are reported, as the machine
# may be shared.
set -eu

here=$(cd "$(dirname "$0")" && pwd)
top_srcdir=${top_srcdir:-$(cd "$here/../.." && pwd)}
EITIREP=${EITIREP:-./eitirep}
XMLLINT=${XMLLINT:-xmllint}
PYTHON3=${PYTHON3:-python3}
EITIREP_DATADIR=${EITIREP_DATADIR:-$top_srcdir}
export EITIREP_DATADIR
runs=3
if [ "${1:-}" = -r ]; then
	runs=$2
	shift 2
fi
[ $# -gt 0 ] || set -- 10000 100000 1000000
[ -x /usr/bin/time ] || { echo "needs GNU time (/usr/bin/time)" >&2; exit 2; }

tmp=$(mktemp -d "${TMPDIR:-/tmp}/validate-bench.XXXXXX")
trap 'rm -rf "$tmp"' EXIT INT TERM

# measure CMD...: prints "SECONDS USER_SECONDS MAXRSS_KIB" of one run.
measure() {
	/usr/bin/time -v -o "$tmp/time" "$@" >/dev/null 2>"$tmp/err" || {
		echo "failed: $*" >&2
		cat "$tmp/err" >&2
		exit 1
	}
	awk -F': ' '
	/Elapsed \(wall clock\)/ {
		n = split($2, t, ":"); s = 0
		for (i = 1; i <= n; i++) s = s * 60 + t[i]
		wall = s
	}
	/User time/ { user = $2 }
	/Maximum resident set size/ { rss = $2 }
	END { printf "%.2f %.2f %d\n", wall, user, rss }' "$tmp/time"
}

printf '%-9s %-8s %9s %9s %10s\n' payments tool "wall s" "user s" \
    "peak KiB"
for n in "$@"; do
	f="$tmp/d$n.xml"
	"$PYTHON3" "$here/gen-disclosure.py" --payments "$n" --companies 40 \
	    --usd-share 0.1 --seed 7 -o "$f"
	best_e= best_x= ue= ux= rss_e=0 rss_x=0
	i=0
	while [ $i -lt "$runs" ]; do
		set -- $(measure "$EITIREP" validate -q "$f")
		if [ -z "$best_e" ] || awk "BEGIN{exit !($1 < $best_e)}"; then
			best_e=$1 ue=$2
		fi
		[ "$3" -gt "$rss_e" ] && rss_e=$3
		set -- $(measure "$XMLLINT" --stream --noout --schema \
		    "$top_srcdir/schemas/disclosure.xsd" "$f")
		if [ -z "$best_x" ] || awk "BEGIN{exit !($1 < $best_x)}"; then
			best_x=$1 ux=$2
		fi
		[ "$3" -gt "$rss_x" ] && rss_x=$3
		i=$((i + 1))
	done
	printf '%-9s %-8s %9s %9s %10s\n' "$n" eitirep "$best_e" "$ue" \
	    "$rss_e"
	printf '%-9s %-8s %9s %9s %10s\n' "$n" xmllint "$best_x" "$ux" \
	    "$rss_x"
	awk "BEGIN { printf \"%-9s ratio    %9.2f %9.2f  (file %d MiB)\\n\", \
	    \"$n\", $best_e / ($best_x > 0 ? $best_x : 0.01), \
	    $ue / ($ux > 0 ? $ux : 0.01), $(wc -c <"$f") / 1048576 }"
	rm -f "$f"
done
