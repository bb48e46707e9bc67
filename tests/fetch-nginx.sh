#!/bin/sh
# eitirep fetch against nginx (Debian's, started here with a generated
# configuration): provenance, conditional requests (a second fetch of
# unchanged sources transfers no body: nginx logs 304 with 0 body bytes),
# a changed source, a damaged or missing cached body, If-Modified-Since
# alone, redirects, local files and file: URLs.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/fetch-lib.sh"

DOC=$T/www
mkdir -p "$DOC" "$T/m/gov"
disclosure_doc one >"$DOC/a.xml"
disclosure_doc two >"$DOC/b.xml"
disclosure_doc local >"$T/m/gov/local.xml"
disclosure_doc other >"$T/m/gov/other file.xml"
NGINX_EXTRA='location = /moved.xml { return 302 /b.xml; }'
start_nginx "$DOC"
CACHE=$T/cache
M=$T/m/manifest.xml
A=$NGX/a.xml
B=$NGX/b.xml
MOVED=$NGX/moved.xml
sha() { sha256sum "$1" | cut -c1-64; }
nlog() { grep -c "^$1 $2 $3 " "$NGX_LOG"; } # STATUS BODY-BYTES URI

make_manifest "$M" "$A" "$B" "$MOVED" gov/local.xml "file:gov/other%20file.xml"

# 1. First fetch: bodies and provenance.
expect_exit 0 "$EITIREP" fetch "$M" --cache "$CACHE"
grep -q "^fetched $A ($(wc -c <"$DOC/a.xml") bytes, sha256 $(sha "$DOC/a.xml" | cut -c1-12))$" \
	"$errf" || fail "a.xml: summary line"
grep -q "^fetched $MOVED " "$errf" || fail "moved.xml: summary line"
grep -q "^local gov/local.xml ($(wc -c <"$T/m/gov/local.xml") bytes, sha256 $(sha "$T/m/gov/local.xml" | cut -c1-12))$" \
	"$errf" || fail "relative path: 'local' line"
grep -q "^local file:gov/other%20file.xml ($(wc -c <"$T/m/gov/other file.xml") bytes, sha256 $(sha "$T/m/gov/other file.xml" | cut -c1-12))$" \
	"$errf" || fail "file: URL: 'local' line"
[ "$(nlog 200 "$(wc -c <"$DOC/a.xml")" /a.xml)" -eq 1 ] ||
	fail "a.xml: one body transfer"
cache_paths "$A"
cmp -s "$BODY" "$DOC/a.xml" || fail "a.xml: cached body differs"
for k in "url: $A" "final-url: $A" "http-status: 200" \
	"bytes: $(wc -c <"$DOC/a.xml")" "sha256: $(sha "$DOC/a.xml")"; do
	grep -q "^$k$" "$META" || fail "a.xml record lacks '$k'"
done
grep -q '^etag: "[0-9a-f]*-[0-9a-f]*"$' "$META" || fail "a.xml: no ETag"
grep -q '^last-modified: [A-Z][a-z][a-z], [0-9][0-9] .* GMT$' "$META" ||
	fail "a.xml: no Last-Modified"
cache_paths "$MOVED"
grep -q "^url: $MOVED$" "$META" || fail "moved.xml: url"
grep -q "^final-url: $B$" "$META" || fail "moved.xml: final url after redirect"
cmp -s "$BODY" "$DOC/b.xml" || fail "moved.xml: body"
no_temp_files "$CACHE"

# 2. Nothing changed: no body is transferred again, the cached bodies are
# not touched, and the records say "unchanged" and when it was checked.
cache_paths "$A"
before=$(ls -li --time-style=full-iso "$BODY")
: >"$NGX_LOG"
expect_exit 0 "$EITIREP" fetch "$M" --cache "$CACHE"
for u in "$A" "$B" "$MOVED"; do
	grep -q "^unchanged $u " "$errf" || fail "$u: not unchanged"
done
[ "$(grep -c '^304 0 ' "$NGX_LOG")" -eq 3 ] || fail "second fetch: three 304s"
grep -v '^304 0 \|^302 ' "$NGX_LOG" && fail "second fetch transferred a body"
grep -q '^304 0 /a.xml inm="[0-9a-f-]*" ims=[A-Z]' "$NGX_LOG" ||
	fail "validators not sent"
[ "$(ls -li --time-style=full-iso "$BODY")" = "$before" ] ||
	fail "a 304 touched the cached body"
grep -q '^outcome: unchanged$' "$META" || fail "outcome: unchanged"
grep -q '^checked: [0-9-]*T[0-9:]*Z$' "$META" || fail "checked time"
grep -q '^http-status: 200$' "$META" || fail "http-status of the body kept"

# 3. a.xml changes: new body, new hash; b.xml stays.
disclosure_doc "one, revised" >"$DOC/a.xml"
touch -d '2030-01-01 00:00:00' "$DOC/a.xml"
expect_exit 0 "$EITIREP" fetch "$M" --cache "$CACHE"
grep -q "^fetched $A ($(wc -c <"$DOC/a.xml") bytes, sha256 $(sha "$DOC/a.xml" | cut -c1-12))$" \
	"$errf" || fail "changed a.xml not fetched"
grep -q "^unchanged $B " "$errf" || fail "b.xml should be unchanged"
cache_paths "$A"
cmp -s "$BODY" "$DOC/a.xml" || fail "changed a.xml: cached body"
grep -q "^sha256: $(sha "$DOC/a.xml")$" "$META" || fail "changed a.xml: hash"

# 4. A damaged cached body of the same size: the 304 is not trusted, the
# body is fetched again.  A missing body: fetched unconditionally.
cache_paths "$B"
tr 'a-z' 'A-Z' <"$DOC/b.xml" >"$BODY"
cache_paths "$A"
rm -f "$BODY"
: >"$NGX_LOG"
expect_exit 0 "$EITIREP" fetch "$M" --cache "$CACHE"
grep -q "^fetched $B " "$errf" || fail "damaged b.xml not fetched again"
grep -q '^304 0 /b.xml inm="' "$NGX_LOG" || fail "b.xml: conditional first"
grep -q '^200 [0-9]* /b.xml inm= ims=$' "$NGX_LOG" ||
	fail "b.xml: then unconditional"
grep -q '^200 [0-9]* /a.xml inm= ims=$' "$NGX_LOG" ||
	fail "missing a.xml body: unconditional request"
cache_paths "$B"
cmp -s "$BODY" "$DOC/b.xml" || fail "b.xml not repaired"
cache_paths "$A"
cmp -s "$BODY" "$DOC/a.xml" || fail "a.xml not repaired"

# 5. A record with Last-Modified only: If-Modified-Since alone gives 304.
cache_paths "$B"
grep -v '^etag: ' "$META" >"$T/meta" && cp "$T/meta" "$META"
: >"$NGX_LOG"
expect_exit 0 "$EITIREP" fetch "$M" --cache "$CACHE"
grep -q "^unchanged $B " "$errf" || fail "If-Modified-Since alone"
grep -q '^304 0 /b.xml inm= ims=[A-Z]' "$NGX_LOG" ||
	fail "If-Modified-Since alone: no 304"
grep -q '^etag: ' "$META" || fail "the ETag of the 304 is recorded"

# 6. nginx gone: exit 3, every copy kept.
snapshot_cache
: >"$NGX_LOG"
for p in $SERVER_PIDS; do kill "$p" 2>/dev/null; done
wait
make_manifest "$M" "$A" gov/local.xml
expect_exit 3 "$EITIREP" fetch "$M" --cache "$CACHE"
grep -q "^$M:6:3: error: $A: .*curl error 7.*(previous copy kept.* \[FETCH-CONNECT\]$" "$errf" ||
	fail "server down: message"
grep -q "^local gov/local.xml " "$errf" || fail "local still done"
cache_kept
no_temp_files "$CACHE"
pass
