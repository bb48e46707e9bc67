#!/bin/sh
# eitirep fetch over HTTPS from nginx, with a CA and a server certificate
# for 127.0.0.1 made by openssl here: trusted with --cacert; a certificate
# from an unknown CA or for another host name fails (exit 3, not retried,
# previous copy kept).  TLS verification cannot be switched off.  A
# redirect from https to http is refused (exit 3, FETCH-REDIRECT): the
# http server never sees the request, and nothing of it is recorded,
# while a redirect from https to https is followed.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/fetch-lib.sh"

DOC=$T/www
mkdir -p "$DOC"
disclosure_doc secure >"$DOC/a.xml"
make_ca "$T/ca"
NGINX_TLS_EXTRA='location = /down.xml { return 302 http://127.0.0.1:@HTTP_PORT@/a.xml; }
		location = /moved.xml { return 302 /a.xml; }'
start_nginx "$DOC" "$T/ca"
CACHE=$T/cache
M=$T/m.xml
A=$NGXS/a.xml

# 1. Trusted through --cacert.
make_manifest "$M" "$A"
expect_exit 0 "$EITIREP" fetch "$M" --cache "$CACHE" --cacert "$T/ca/ca.crt"
grep -q "^fetched $A ($(wc -c <"$DOC/a.xml") bytes, sha256 " "$errf" ||
	fail "https fetch with --cacert"
cache_paths "$A"
cmp -s "$BODY" "$DOC/a.xml" || fail "https body"
grep -q "^final-url: $A$" "$META" || fail "https final url"
# And revalidated over TLS as well.
expect_exit 0 "$EITIREP" fetch "$M" --cache "$CACHE" --cacert "$T/ca/ca.crt"
grep -q "^unchanged $A " "$errf" || fail "https: 304"
snapshot_cache

# 2. The same server without --cacert: its CA is unknown.
: >"$NGX_LOG"
expect_exit 3 "$EITIREP" fetch "$M" --cache "$CACHE"
grep -q "^$M:6:3: error: $A: .*certificate.*(curl error 60) (previous copy kept.* \[FETCH-TLS\]$" \
	"$errf" || fail "unknown CA: message"
grep -q "gave up" "$errf" && fail "a certificate error was retried"
[ -s "$NGX_LOG" ] && fail "a request was sent over an untrusted connection"

# 3. A certificate for 127.0.0.1 does not do for another name.
LH=$(echo "$A" | sed 's/127\.0\.0\.1/localhost/')
make_manifest "$M" "$LH"
expect_exit 3 "$EITIREP" fetch "$M" --cache "$CACHE" --cacert "$T/ca/ca.crt"
grep -q "^$M:6:3: error: $LH: .*(curl error 60) \[FETCH-TLS\]$" "$errf" ||
	fail "wrong host: message"

# 4. No switch turns verification off; a missing CA file is a usage error.
expect_exit 2 "$EITIREP" fetch "$M" --cache "$CACHE" --insecure
expect_exit 2 "$EITIREP" fetch "$M" --cache "$CACHE" --cacert "$T/nope.crt"
grep -q "nope.crt" "$errf" || fail "--cacert: the missing file is named"
cache_kept
no_temp_files "$CACHE"

# 5. From https, a redirect to http is refused: no request goes out over
# http, nothing is recorded, the previous copy (one from a good day) is
# kept.  A redirect that stays on https is followed.
DOWN=$NGXS/down.xml
MOVED=$NGXS/moved.xml
cache_paths "$A"
abody=$BODY
ameta=$META
cache_paths "$DOWN"
mkdir -p "${BODY%/*}"
cp "$abody" "$BODY"
sed "s|^url: .*|url: $DOWN|; s|^final-url: .*|final-url: $DOWN|" "$ameta" \
	>"$META"
snapshot_cache
: >"$NGX_LOG"
make_manifest "$M" "$DOWN" "$MOVED"
expect_exit 3 "$EITIREP" fetch "$M" --cache "$CACHE" --cacert "$T/ca/ca.crt"
grep -q "^$M:6:3: error: $DOWN: the server redirects to an http URL: a redirect from https to http is refused (previous copy kept: [0-9]* bytes, sha256 [0-9a-f]\{12\}) \[FETCH-REDIRECT\]$" \
	"$errf" || fail "https to http: message"
grep -q "^fetched $MOVED " "$errf" || fail "https to https: not followed"
grep -q '^302 [0-9]* /down.xml ' "$NGX_LOG" || fail "no request for down.xml"
[ "$(grep -c ' /a.xml ' "$NGX_LOG")" -eq 1 ] ||
	fail "the http URL was requested (or the https one was not)"
grep -q "gave up" "$errf" && fail "a refused redirect was retried"
cache_kept
cache_paths "$MOVED"
grep -q "^final-url: $A$" "$META" || fail "https to https: final url"
# With no previous copy: nothing at all is stored.
rm -rf "$CACHE"
make_manifest "$M" "$DOWN"
expect_exit 3 "$EITIREP" fetch "$M" --cache "$CACHE" --cacert "$T/ca/ca.crt"
grep -q "\[FETCH-REDIRECT\]$" "$errf" || fail "https to http: rule"
[ -z "$(find "$CACHE" -type f)" ] || fail "a refused redirect stored something"
pass
