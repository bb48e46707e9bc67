#!/bin/sh
# Benchmark of eitirep fetch: N sources (default 200) of SIZE bytes each
# (default 32768) served by nginx on 127.0.0.1; a first fetch, then a
# re-fetch where every source is unchanged (304, no body).  Prints wall
# time and peak RSS of each (GNU time -v) and checks the nginx log.
#
#   tests/bench/fetch-bench.sh [N [SIZE [JOBS]]]
#
# Environment: EITIREP (default ./eitirep), top_srcdir (default: the
# directory above this script's).
here=$(cd "$(dirname "$0")" && pwd)
top_srcdir=${top_srcdir:-$(cd "$here/../.." && pwd)}
EITIREP=${EITIREP:-$(pwd)/eitirep}
export top_srcdir EITIREP
N=${1:-200}
SIZE=${2:-32768}
JOBS=${3:-4}
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/fetch-lib.sh"

[ -x "$EITIREP" ] || fail "no eitirep binary at $EITIREP (set EITIREP)"
[ -x /usr/bin/time ] || skip "/usr/bin/time (GNU time) not found"

DOC=$T/www
mkdir -p "$DOC"
# One template body of SIZE bytes, made distinct per file by its header.
"$PY" - "$DOC" "$N" "$SIZE" <<'EOF'
import sys
doc, n, size = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
for i in range(n):
    head = ('<?xml version="1.0" encoding="UTF-8"?>\n'
            '<disclosure xmlns="urn:eitirep:disclosure:1" n="%d">\n' % i)
    tail = "</disclosure>\n"
    line = '  <payment id="P-%06d" amount="1234567.89"/>\n'
    body, k = [head], len(head) + len(tail)
    j = 0
    while k + len(line % j) <= size:
        body.append(line % j)
        k += len(line % j)
        j += 1
    body.append(" " * (size - k) + tail)
    with open("%s/s%04d.xml" % (doc, i), "w") as f:
        f.write("".join(body))
EOF
start_nginx "$DOC"
CACHE=$T/cache
M=$T/manifest.xml
hrefs=$(i=0; while [ $i -lt "$N" ]; do
	printf '%s/s%04d.xml ' "$NGX" $i; i=$((i + 1)); done)
make_manifest "$M" $hrefs

run()
{
	/usr/bin/time -v "$EITIREP" fetch -q "$M" --cache "$CACHE" \
		--jobs "$JOBS" 2>"$T/time.$1"
	rc=$?
	[ $rc -eq 0 ] || { cat "$T/time.$1" >&2; fail "$1: exit $rc"; }
	wall=$(sed -n 's/.*Elapsed (wall clock) time (h:mm:ss or m:ss): //p' \
		"$T/time.$1")
	rss=$(sed -n 's/.*Maximum resident set size (kbytes): //p' \
		"$T/time.$1")
	printf '%-8s %d sources x %d bytes, jobs %d: wall %s, peak RSS %s KiB\n' \
		"$1" "$N" "$SIZE" "$JOBS" "$wall" "$rss"
}

run first
[ "$(grep -c '^200 ' "$NGX_LOG")" -eq "$N" ] || fail "first: $N bodies expected"
: >"$NGX_LOG"
run refetch
[ "$(grep -c '^304 0 ' "$NGX_LOG")" -eq "$N" ] ||
	fail "refetch: $N bodiless 304s expected"
grep -qv '^304 0 ' "$NGX_LOG" && fail "refetch transferred a body"
no_temp_files "$CACHE"
pass
