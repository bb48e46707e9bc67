#!/bin/sh
# A 200 replaces the cached copy only when its body is what the source
# must be (eitirep(1) fetch): a well-formed disclosure (an adjustments file
# for the adjustments).  Against tests/servers/faultserver.py: a JSON
# error object, a text/plain "Service Unavailable", an XHTML maintenance
# page served as XML, another XML document, a body cut short by a lying
# Content-Length, an encoding libcurl cannot decode, a gzip bomb and
# gzip-compressed bytes sent without a Content-Encoding header are
# each refused (exit 3, not retried), the previous good copy and its
# record stay byte-identical, and the next reconcile still works from
# them.  A gzip body is decoded, whether it was asked for or sent unasked,
# and stored as the document.  A well-formed disclosure that breaks the
# schema does replace the copy: reconcile reports it at its line.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/fetch-lib.sh"

start_faultserver
CACHE=$T/cache
M=$T/m/manifest.xml
mkdir -p "$T/m"
company_doc >"$T/m/company.xml"
disclosure_doc "Agencia Nacional de Mineria" >"$T/good.xml"
GOOD_SHA=$(sha256sum <"$T/good.xml" | cut -c1-64)
GOOD12=$(echo "$GOOD_SHA" | cut -c1-12)

faults="json plaintext xhtml otherxml shortlength badencoding gzipbomb gzipraw"
urls=
for f in $faults; do
	urls="$urls $FS/$f/a.xml"
done

# 1. A good day: every URL serves the good document.
echo good >"$FS_MODE"
make_manifest "$M" $urls
expect_exit 0 "$EITIREP" fetch "$M" --cache "$CACHE"
for u in $urls; do
	cache_paths "$u"
	cmp -s "$BODY" "$T/good.xml" || fail "$u: good copy not stored"
done
snapshot_cache

# 2. Every fault at once: each refused with its reason, none retried.
echo fault >"$FS_MODE"
: >"$FS_LOG"
expect_exit 3 "$EITIREP" fetch "$M" --cache "$CACHE" --max-size 1M
# refused URL REGEX RULE: the finding names URL, matches REGEX, says the
# previous copy is kept.
refused()
{
	grep "^$M:[0-9]*:3: error: $FS/$1/a.xml: " "$errf" >"$T/line" ||
		fail "$1: no finding"
	grep -q "$2" "$T/line" || fail "$1: '$2' not in: $(cat "$T/line")"
	grep -q "(previous copy kept: [0-9]* bytes, sha256 $GOOD12) \[$3\]$" \
		"$T/line" || fail "$1: not '$3' with the copy kept: $(cat "$T/line")"
}
refused json 'HTTP 200, but the body is JSON, not XML (it begins "{"error": "service unavailable"' FETCH-BODY
refused plaintext 'HTTP 200, but the body is not XML: it begins "Service Unavailable"' FETCH-BODY
refused xhtml "HTTP 200, but the body is an XHTML page (root element 'html'), not a disclosure document" FETCH-BODY
refused otherxml "HTTP 200, but the body's root element is 'error' in namespace 'urn:example:portal', not 'disclosure' in urn:eitirep:disclosure:1" FETCH-BODY
refused shortlength "HTTP 200, but the body is not well-formed XML: line 2: " FETCH-BODY
refused badencoding "content encoding.*(curl error 61)" FETCH-BODY
refused gzipbomb "the body exceeds the size limit of 1048576 bytes (--max-size)" FETCH-SIZE
refused gzipraw "HTTP 200, but the body is gzip-compressed data (a Content-Encoding the server did not declare)" FETCH-BODY
grep -q "^eitirep: fetch: 8 of 8 sources failed$" "$errf" || fail "count"
for f in $faults; do
	[ "$(grep -c "^/$f/a.xml " "$FS_LOG")" -eq 1 ] || fail "$f: retried"
done
cache_kept
no_temp_files "$CACHE"

# 3. The next reconcile works from the last good copies.
for f in $faults; do
	make_manifest "$M" company.xml "$FS/$f/a.xml"
	expect_exit 0 "$EITIREP" reconcile "$M" --cache "$CACHE" -o "$T/out"
	grep -q "sha256=\"$GOOD_SHA\"" "$T/out/results.xml" ||
		fail "$f: the good copy is not the one reconciled"
done

# 4. gzip, asked for (libcurl sends Accept-Encoding) or not: decoded, and
# the document is what is stored and hashed.
make_manifest "$M" "$FS/gzip/a.xml" "$FS/gzipalways/a.xml"
expect_exit 0 "$EITIREP" fetch "$M" --cache "$CACHE"
for f in gzip gzipalways; do
	grep -q "^fetched $FS/$f/a.xml ($(wc -c <"$T/good.xml") bytes, sha256 $GOOD12)$" \
		"$errf" || fail "$f: not fetched as the document"
	cache_paths "$FS/$f/a.xml"
	cmp -s "$BODY" "$T/good.xml" || fail "$f: stored compressed"
done
grep -q "^/gzip/a.xml 200 " "$FS_LOG" || fail "gzip: no request"

# 5. The adjustments file must be an adjustments file: a disclosure served
# in its place is refused.
A=$FS/good/adjustments.xml
sed "s|</reconciliation>|  <adjustments href=\"$A\"/>\n</reconciliation>|" \
	"$M" >"$T/m/adj.xml"
expect_exit 3 "$EITIREP" fetch "$T/m/adj.xml" --cache "$CACHE"
grep -q "^$T/m/adj.xml:8:3: error: $A: HTTP 200, but the body's root element is 'disclosure' in namespace 'urn:eitirep:disclosure:1', not 'adjustments' in urn:eitirep:adjustments:1 \[FETCH-BODY\]$" \
	"$errf" || fail "a disclosure for the adjustments: message"
cache_paths "$A"
[ -e "$BODY" ] || [ -e "$META" ] && fail "adjustments: something stored"

# 6. Well-formed but not valid: the publisher's document replaces the
# copy, and reconcile says what is wrong with it, at its line.
make_manifest "$M" company.xml "$FS/invalid/a.xml"
echo good >"$FS_MODE"
expect_exit 0 "$EITIREP" fetch "$M" --cache "$CACHE"
echo fault >"$FS_MODE"
expect_exit 0 "$EITIREP" fetch "$M" --cache "$CACHE"
grep -q "^fetched $FS/invalid/a.xml " "$errf" || fail "invalid: not stored"
expect_exit 1 "$EITIREP" reconcile "$M" --cache "$CACHE" -o "$T/out2"
grep -q "^$FS/invalid/a.xml:2:[0-9]*: error: .*pesos.*\[" "$errf" ||
	fail "invalid: no located finding naming the URL"
pass
