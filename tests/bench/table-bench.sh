#!/bin/sh
# table-bench.sh - time the import stage's table readers (tests/table-dump
# -q -p -c 6: read every row, parse the amount column exactly) against
# Python's standard library doing the same (tests/bench/table-py.py:
# csv + decimal, or zipfile + ElementTree + decimal for xlsx) on tables
# of 100k and 1M payments (or the sizes given), with peak memory from GNU
# time.  Both must print the same sum.  Not part of `make check`.
#
# Targets (issue 12): at least 5x faster than Python on 1M rows, memory
# flat in the number of rows.
#
# usage: tests/bench/table-bench.sh [-r RUNS] [-k csv|xlsx] [SIZE...]
#   TABLE_DUMP  the reader (default: ./tests/table-dump)
#   PYTHON3 (default: python3)
# The best time of RUNS runs (default 3) and the largest peak memory.
set -eu

here=$(cd "$(dirname "$0")" && pwd)
DUMP=${TABLE_DUMP:-./tests/table-dump}
PYTHON3=${PYTHON3:-python3}
runs=3 kinds="csv xlsx"
while [ $# -gt 0 ]; do
	case $1 in
	-r) runs=$2; shift 2 ;;
	-k) kinds=$2; shift 2 ;;
	*) break ;;
	esac
done
[ $# -gt 0 ] || set -- 100000 1000000
sizes=$* # (measure's results are read with set --)
[ -x /usr/bin/time ] || { echo "needs GNU time (/usr/bin/time)" >&2; exit 2; }
[ -x "$DUMP" ] || { echo "no $DUMP (make check builds it)" >&2; exit 2; }

tmp=$(mktemp -d "${TMPDIR:-/tmp}/table-bench.XXXXXX")
trap 'rm -rf "$tmp"' EXIT INT TERM

# measure CMD...: prints "SECONDS USER_SECONDS MAXRSS_KIB"; stdout of the
# command in $tmp/out.
measure() {
	/usr/bin/time -v -o "$tmp/time" "$@" >"$tmp/out" 2>"$tmp/err" || {
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

printf '%-5s %-8s %-8s %9s %9s %10s\n' kind rows tool "wall s" "user s" \
    "peak KiB"
for kind in $kinds; do
	for n in $sizes; do
		f="$tmp/t$n.$kind"
		"$PYTHON3" "$here/gen-table.py" "$kind" "$n" "$f"
		best_c= best_p= uc= up= rss_c=0 rss_p=0 sum_c= sum_p=
		i=0
		while [ $i -lt "$runs" ]; do
			set -- $(measure "$DUMP" -q -p -c 6 "$f")
			sum_c=$(sed 's/.* sum \([-0-9]*\).*/\1/' "$tmp/out")
			if [ -z "$best_c" ] ||
			    awk "BEGIN{exit !($1 < $best_c)}"; then
				best_c=$1 uc=$2
			fi
			[ "$3" -gt "$rss_c" ] && rss_c=$3
			set -- $(measure "$PYTHON3" "$here/table-py.py" "$kind" "$f")
			sum_p=$(sed 's/.* sum \([-0-9]*\).*/\1/' "$tmp/out")
			if [ -z "$best_p" ] ||
			    awk "BEGIN{exit !($1 < $best_p)}"; then
				best_p=$1 up=$2
			fi
			[ "$3" -gt "$rss_p" ] && rss_p=$3
			i=$((i + 1))
		done
		[ "$sum_c" = "$sum_p" ] || {
			echo "sums differ: $sum_c (C) and $sum_p (Python)" >&2
			exit 1
		}
		printf '%-5s %-8s %-8s %9s %9s %10s\n' "$kind" "$n" eitirep \
		    "$best_c" "$uc" "$rss_c"
		printf '%-5s %-8s %-8s %9s %9s %10s\n' "$kind" "$n" python \
		    "$best_p" "$up" "$rss_p"
		awk "BEGIN { printf \"%-5s %-8s speed-up %7.1fx (file %d MiB)\\n\", \
		    \"$kind\", \"$n\", $best_p / ($best_c > 0 ? $best_c : 0.01), \
		    $(wc -c <"$f") / 1048576 }"
		rm -f "$f"
	done
done
