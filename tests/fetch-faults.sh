#!/bin/sh
# eitirep fetch against a misbehaving server (tests/servers/faultserver.py):
# every permanent fault fails with exit 3 and a message naming the URL,
# is not retried when retrying cannot help, leaves the previous good copy
# and its provenance record byte-identical, and leaves no temporary file;
# the other sources of the run are still fetched.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/fetch-lib.sh"

start_faultserver
CACHE=$T/cache
M=$T/m.xml
EMPTY_SHA=e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855

faults="always500 notfound truncated endless big loop tofile toftp html
htmlsniff empty"
urls=
for f in $faults; do
	urls="$urls $FS/$f/a.xml"
done
REFUSED=http://127.0.0.1:$CLOSED_PORT/gone.xml
PINNED=$FS/good/pinned.xml

# 1. Every URL serves a good document: fill the cache.
echo good >"$FS_MODE"
make_manifest "$M" $urls "$PINNED"
expect_exit 0 "$EITIREP" fetch "$M" --cache "$CACHE"
[ "$(grep -c "^fetched http://[^ ]* ([0-9]* bytes, sha256 [0-9a-f]\{12\})$" \
	"$errf")" -eq 12 ] || fail "good mode: 12 'fetched' lines expected"
cache_paths "$PINNED"
good_sha=$(sed -n "s/^sha256: //p" "$META")
[ "$(sha256sum <"$BODY" | cut -c1-64)" = "$good_sha" ] ||
	fail "recorded sha256 is not the body's"
grep -q "^http-status: 200$" "$META" || fail "http-status not recorded"
grep -q "^outcome: fetched$" "$META" || fail "outcome not recorded"
grep -q "^retrieved: [0-9-]*T[0-9:]*Z$" "$META" || fail "retrieved time"
# A previous good copy for the refused URL too (same record format).
pbody=$BODY
pmeta=$META
cache_paths "$REFUSED"
mkdir -p "${BODY%/*}"
cp "$pbody" "$BODY"
sed "s|^url: .*|url: $REFUSED|; s|^final-url: .*|final-url: $REFUSED|" \
	"$pmeta" >"$META"
snapshot_cache

# 2. Faults on: one run with every fault plus one good source.
echo fault >"$FS_MODE"
: >"$FS_LOG"
make_manifest "$M" $urls "$REFUSED" "$FS/good/other.xml"
expect_exit 3 "$EITIREP" fetch "$M" --cache "$CACHE" --max-size 64K \
	--timeout 5
grep -q "^fetched $FS/good/other.xml " "$errf" ||
	fail "the good source of a failing run was not fetched"
grep -q "^eitirep: fetch: 12 of 13 sources failed$" "$errf" ||
	fail "failure count line"

# expect_failed URL RULE REGEX: the failure is a finding at the manifest's
# <source> element naming URL, with rule RULE; the reason matches and the
# line says the previous copy was kept.
expect_failed()
{
	grep "^$M:[0-9]*:3: error: $1: " "$errf" >"$T/line" ||
		fail "no finding for $1"
	grep -q "$3" "$T/line" ||
		fail "$1: reason does not match '$3': $(cat "$T/line")"
	grep -q "(previous copy kept: [0-9]* bytes, sha256 [0-9a-f]\{12\}) \[$2\]$" \
		"$T/line" || fail "$1: the line does not mention the kept copy"
}
expect_failed "$FS/always500/a.xml" FETCH-HTTP \
	"HTTP 500 (gave up after 4 attempts)"
expect_failed "$FS/notfound/a.xml" FETCH-HTTP ": HTTP 404 (previous"
expect_failed "$FS/truncated/a.xml" FETCH-CONNECT \
	"curl error 18.*gave up after 4 attempts"
expect_failed "$FS/endless/a.xml" FETCH-SIZE \
	"exceeds the size limit of 65536 bytes"
expect_failed "$FS/big/a.xml" FETCH-SIZE \
	"exceeds the size limit of 65536 bytes"
expect_failed "$FS/loop/a.xml" FETCH-REDIRECT "curl error 47"
expect_failed "$FS/tofile/a.xml" FETCH-REDIRECT "curl error 1)"
expect_failed "$FS/toftp/a.xml" FETCH-REDIRECT "curl error 1)"
expect_failed "$FS/html/a.xml" FETCH-BODY "HTML page"
expect_failed "$FS/htmlsniff/a.xml" FETCH-BODY "HTML page"
expect_failed "$FS/empty/a.xml" FETCH-BODY "empty body"
expect_failed "$REFUSED" FETCH-CONNECT "curl error 7.*gave up after 4 attempts"

# Retried exactly when retrying can help.
count() { grep -c "^$1 " "$FS_LOG"; }
[ "$(count /always500/a.xml)" -eq 4 ] || fail "500: 4 attempts expected"
[ "$(count /truncated/a.xml)" -eq 4 ] || fail "truncated: 4 attempts expected"
for f in notfound endless big tofile toftp html htmlsniff empty; do
	[ "$(count /$f/a.xml)" -eq 1 ] || fail "$f: retried"
done
# The redirect loop stops after 5 redirects.
[ "$(grep -c '^/loop/' "$FS_LOG")" -eq 6 ] || fail "redirect loop: 6 requests"
# A redirect to file: or ftp: is never followed.
grep -q 'hostname\|ftp:' "$CACHE"/objects/*/*.meta && fail "file: followed"
cache_kept
no_temp_files "$CACHE"

# A cache that cannot be written (file size limit: EFBIG) is an output
# error, exit 4; the temporary file goes, the previous copy stays.
make_manifest "$M" "$FS/endless/a.xml"
expect_exit 4 sh -c 'ulimit -f 64 && exec "$@"' sh "$EITIREP" fetch "$M" \
	--cache "$CACHE" --max-size 4M
grep -q "^eitirep: fetch: $FS/endless/a.xml: .*File too large" "$errf" ||
	fail "EFBIG: message"
cache_kept
no_temp_files "$CACHE"
: >"$T/notadir"
expect_exit 4 "$EITIREP" fetch "$M" --cache "$T/notadir"
grep -q "notadir" "$errf" || fail "unusable cache directory: message"

# 3. A wrong sha256 pin: refused, previous copy kept.
make_manifest "$M" "$PINNED=$EMPTY_SHA"
expect_exit 3 "$EITIREP" fetch "$M" --cache "$CACHE"
expect_failed "$PINNED" FETCH-PIN \
	"sha256 mismatch: the manifest pins $EMPTY_SHA, the server sent $good_sha"
cache_kept
# The right pin is fine (and upper-case hex is accepted).
make_manifest "$M" "$PINNED=$(echo "$good_sha" | tr a-f A-F)"
expect_exit 0 "$EITIREP" fetch "$M" --cache "$CACHE"
grep -q "^fetched $PINNED " "$errf" || fail "pinned fetch"

# 4. A fault with no previous copy: nothing at all is stored.
make_manifest "$M" "$FS/always500/new.xml" "$FS/html/new.xml"
expect_exit 3 "$EITIREP" fetch "$M" --cache "$CACHE"
for u in "$FS/always500/new.xml" "$FS/html/new.xml"; do
	grep "^$M:[0-9]*:3: error: $u: " "$errf" >"$T/line" ||
		fail "$u: failure line"
	grep -q "previous copy" "$T/line" && fail "$u: no previous copy exists"
	cache_paths "$u"
	[ -e "$BODY" ] || [ -e "$META" ] && fail "$u: something was stored"
done
no_temp_files "$CACHE"

# 5. -q prints failures only.
make_manifest "$M" "$FS/good/q.xml" "$FS/notfound/q.xml"
expect_exit 3 "$EITIREP" fetch -q "$M" --cache "$CACHE"
grep -q "^fetched" "$errf" && fail "-q printed a success line"
grep -q "^$M:7:3: error: $FS/notfound/q.xml: HTTP 404 \[FETCH-HTTP\]$" "$errf" ||
	fail "-q hid a failure"
pass
