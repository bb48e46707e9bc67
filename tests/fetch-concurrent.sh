#!/bin/sh
# A fetch that replaces a cached source while reconcile reads the cache
# never makes that reconcile fail, and every results.xml records the
# SHA-256 of the very bytes it reconciled (cache/cache.h: body and record
# are replaced together under the entry's lock, and a source is read once
# and hashed as it is parsed).  The server gives two versions of the
# government disclosure in turn (their entity names differ), so each fetch
# replaces the cached copy; reconcile runs over and over meanwhile.  No
# timed assertion: the fetch loop runs a fixed number of times.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/fetch-lib.sh"

start_faultserver
echo fault >"$FS_MODE"
CACHE=$T/cache
M=$T/m/manifest.xml
U=$FS/alternate/x.xml
mkdir -p "$T/m"
company_doc >"$T/m/company.xml"
# The two versions the server alternates between.
disclosure_doc "Agencia Nacional de Mineria" >"$T/good.xml"
disclosure_doc "ANM (revised)" >"$T/alt.xml"
good=$(sha256sum <"$T/good.xml" | cut -c1-64)
alt=$(sha256sum <"$T/alt.xml" | cut -c1-64)
# The government source first: the entity's name in results.xml is then
# the one of the government copy reconciled.
cat >"$M" <<EOM
<?xml version="1.0" encoding="UTF-8"?>
<reconciliation xmlns="urn:eitirep:manifest:1"
                country="CO" period-start="2022-01-01" period-end="2022-12-31"
                currency="COP" lang="es" level="stream">
  <source role="government" href="$U"/>
  <source role="company" href="company.xml"/>
</reconciliation>
EOM
expect_exit 0 "$EITIREP" fetch "$M" --cache "$CACHE"

# 30 fetches in the background, each replacing the copy.
(
	i=0
	while [ $i -lt 30 ]; do
		"$EITIREP" fetch -q "$M" --cache "$CACHE" ||
			echo "fetch exit $?" >>"$T/fetch-failures"
		i=$((i + 1))
	done
) &
loop=$!
SERVER_PIDS="$SERVER_PIDS $loop" # stopped if the test fails

# Reconcile until the fetches are done (and at least 10 times).
n=0
while kill -0 "$loop" 2>/dev/null || [ $n -lt 10 ]; do
	n=$((n + 1))
	"$EITIREP" reconcile -q "$M" --cache "$CACHE" -o "$T/out" \
		>"$out" 2>"$errf"
	rc=$?
	[ $rc -eq 0 ] || fail "reconcile $n: exit $rc: $(cat "$errf")"
	x=$T/out/results.xml
	if grep -q "href=\"$U\" [^>]*sha256=\"$good\"" "$x"; then
		name="Agencia Nacional de Mineria"
	elif grep -q "href=\"$U\" [^>]*sha256=\"$alt\"" "$x"; then
		name="ANM (revised)"
	else
		fail "reconcile $n: the recorded digest is neither version's"
	fi
	grep -q "<entity id=\"ANM\" name=\"$name\"" "$x" ||
		fail "reconcile $n: the digest recorded is not the one of the bytes reconciled"
done
wait "$loop"
[ ! -e "$T/fetch-failures" ] || fail "fetch failed: $(cat "$T/fetch-failures")"
[ "$(grep -c '^/alternate/x.xml 200 ' "$FS_LOG")" -eq 31 ] ||
	fail "the fetches did not all download"
pass
