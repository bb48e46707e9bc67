#!/bin/sh
# eitirep fetch over HTTPS from nginx, with a CA and a server certificate
# for 127.0.0.1 made by openssl here: trusted with --cacert; a certificate
# from an unknown CA or for another host name fails (exit 3, not retried,
# previous copy kept).  TLS verification cannot be switched off.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/fetch-lib.sh"

DOC=$T/www
mkdir -p "$DOC"
disclosure_doc secure >"$DOC/a.xml"
make_ca "$T/ca"
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
pass
