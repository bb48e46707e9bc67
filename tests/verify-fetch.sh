#!/bin/sh
# eitirep verify of a report whose sources are remote: the demo served
# over http by nginx, fetched and published with `run`.  From the cache
# the report verifies; a body missing from the cache exits 3; --fetch
# downloads afresh into a temporary cache and verifies through
# results.csv's SHA-256; a served disclosure changed by one cent makes
# --fetch exit 1 naming its URL; nothing is written into the cache.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/fetch-lib.sh"

DEMO=$top_srcdir/fixtures/demo
[ -f "$DEMO/manifest.xml" ] || skip "fixtures/demo not present"
DOC=$T/www
mkdir -p "$DOC" "$T/m" "$T/tmp"
cp -R "$DEMO" "$DOC/demo" && chmod -R u+w "$DOC" || exit 99
start_nginx "$DOC"
CACHE=$T/cache
M=$T/m/manifest.xml
sed -e "s|\\(<source [^>]*href=\"\\)\\([^\"]*\\)\"|\\1$NGX/demo/\\2\"|" \
	-e "s|\\(<adjustments [^>]*href=\"\\)\\([^\"]*\\)\"|\\1$NGX/demo/\\2\"|" \
	"$DEMO/manifest.xml" >"$M"
grep -q 'href="[^h]' "$M" && fail "a local reference is left"
NIQ=$NGX/demo/empresas/niquel-caribe-2022.xml

expect_exit 0 "$EITIREP" run "$M" --cache "$CACHE" -o "$T/pub" -q
TMPDIR=$T/tmp
export TMPDIR

expect_exit 0 "$EITIREP" verify "$M" "$T/pub/report.pdf" --cache "$CACHE"
grep -q "report.pdf: verified — produced by eitirep .* from 27 sources" \
	"$out" || fail "verified: $(cat "$out")"
snapshot_cache
expect_exit 0 "$EITIREP" verify "$M" "$T/pub/report.pdf" --fetch
grep -q "verified .*sources fetched now" "$out" ||
	fail "--fetch: $(cat "$out")"
cache_kept

# one cent changed at the source: --fetch names its URL and both digests
old=$(sha256sum "$DOC/demo/empresas/niquel-caribe-2022.xml" | cut -c1-64)
sed -i 's/amount="234567890.12"/amount="234567890.13"/' \
	"$DOC/demo/empresas/niquel-caribe-2022.xml"
new=$(sha256sum "$DOC/demo/empresas/niquel-caribe-2022.xml" | cut -c1-64)
[ "$old" != "$new" ] || fail "no cent changed"
expect_exit 1 "$EITIREP" verify "$M" "$T/pub/report.pdf" --fetch
[ "$(cat "$out")" = "$NIQ: SHA-256 differs: the report states $old, the source is $new" ] ||
	fail "--fetch, one cent: $(cat "$out")"

# a body missing from the cache: exit 3, the source named
cache_paths "$NIQ"
rm -f "$BODY"
expect_exit 3 "$EITIREP" verify "$M" "$T/pub/report.pdf" --cache "$CACHE"
grep -qF "$NIQ" "$errf" || fail "missing body: source not named"
[ -z "$(ls -A "$T/tmp")" ] || fail "left in TMPDIR: $(ls -A "$T/tmp")"
pass
