#!/bin/sh
# The demo manifest served over http by nginx: `fetch` then
# `reconcile --cache` gives the same results.csv as the local files, and
# results.xml carries each source's URL and SHA-256.  Without a fetch the
# sources are "not in the cache" (exit 3); after a failed fetch the last
# good copies are still used; a damaged cached body is an error.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/fetch-lib.sh"

DEMO=$top_srcdir/fixtures/demo
[ -f "$DEMO/manifest.xml" ] || skip "fixtures/demo not present"
DOC=$T/www
mkdir -p "$DOC" "$T/m"
cp -R "$DEMO" "$DOC/demo"
start_nginx "$DOC"
CACHE=$T/cache
M=$T/m/manifest.xml
ANM=$NGX/demo/gobierno/anm-2022.xml
anm_sha=$(sha256sum "$DEMO/gobierno/anm-2022.xml" | cut -c1-64)
# Every source and the adjustments file over http; the ANM source pinned.
sed -e "s|\\(<source [^>]*href=\"\\)\\([^\"]*\\)\"|\\1$NGX/demo/\\2\"|" \
	-e "s|\\(<adjustments [^>]*href=\"\\)\\([^\"]*\\)\"|\\1$NGX/demo/\\2\"|" \
	-e "s|href=\"$ANM\"|href=\"$ANM\" sha256=\"$anm_sha\"|" \
	"$DEMO/manifest.xml" >"$M"
grep -q "href=\"$ANM\" sha256=\"$anm_sha\"" "$M" || fail "manifest rewrite"
grep -q 'href="[^h]' "$M" && fail "a local reference is left"
nsrc=$(grep -c '<source \|<adjustments ' "$M")

expect_exit 0 "$EITIREP" reconcile "$DEMO/manifest.xml" -o "$T/local"

# Not fetched yet.
expect_exit 3 "$EITIREP" reconcile "$M" --cache "$CACHE" -o "$T/http"
grep -q "not in the cache" "$errf" || fail "unfetched: message"
[ -e "$T/http/results.csv" ] && fail "results written without inputs"

expect_exit 0 "$EITIREP" fetch "$M" --cache "$CACHE"
[ "$(grep -c '^fetched http' "$errf")" -eq "$nsrc" ] ||
	fail "$nsrc sources expected to be fetched"
expect_exit 0 "$EITIREP" reconcile "$M" --cache "$CACHE" -o "$T/http"
cmp "$T/local/results.csv" "$T/http/results.csv" ||
	fail "results.csv differs between local and fetched sources"
grep -q "$ANM" "$T/http/results.xml" || fail "results.xml: source URL"
grep -q "$anm_sha" "$T/http/results.xml" || fail "results.xml: source SHA-256"

# The server is gone: fetch fails, reconcile uses the last good copies.
for p in $SERVER_PIDS; do kill "$p" 2>/dev/null; done
wait
expect_exit 3 "$EITIREP" fetch "$M" --cache "$CACHE"
rm -rf "$T/http"
expect_exit 0 "$EITIREP" reconcile "$M" --cache "$CACHE" -o "$T/http"
cmp -s "$T/local/results.csv" "$T/http/results.csv" ||
	fail "after a failed fetch: last good copies not used"

# A damaged cached body is refused, never read silently.
cache_paths "$ANM"
printf ' ' >>"$BODY"
expect_exit 3 "$EITIREP" reconcile "$M" --cache "$CACHE" -o "$T/http2"
grep -q "$ANM" "$errf" || fail "damaged body: the URL is named"
pass
