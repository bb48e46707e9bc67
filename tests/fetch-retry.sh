#!/bin/sh
# eitirep fetch retries what retrying can fix: 503 and 429 with
# Retry-After (seconds and HTTP date), a reset connection; gives up on a
# Retry-After beyond the ceiling; a stalled or dripping server fails after
# --timeout, is retried a bounded number of times, and leaves the
# previous good copy.  Base delay and ceiling come from
# EITIREP_RETRY_BASE_MS / EITIREP_RETRY_MAX_MS (tests/fetch-lib.sh).
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/fetch-lib.sh"

start_faultserver
CACHE=$T/cache
M=$T/m.xml

# 1. Transient faults, then success.
make_manifest "$M" "$FS/flaky503/a.xml" "$FS/flaky429/a.xml" \
	"$FS/flakydate/a.xml" "$FS/flakyreset/a.xml" "$FS/retry-later/a.xml"
expect_exit 3 "$EITIREP" fetch -v "$M" --cache "$CACHE"
for f in flaky503 flaky429 flakydate flakyreset; do
	u=$FS/$f/a.xml
	grep -q "^fetched $u (283 bytes, sha256 " "$errf" ||
		fail "$f: not fetched after a retry"
	[ "$(grep -c "^/$f/a.xml " "$FS_LOG")" -eq 2 ] ||
		fail "$f: exactly 2 requests expected"
done
# Retry-After is honoured (the wait is at least what the server asked)
# and reported with -v.
for f in flaky503 flaky429; do
	grep -q "^eitirep: fetch: $FS/$f/a.xml: HTTP [0-9]*; retrying in 1000 ms (Retry-After) (attempt 2 of 4)$" \
		"$errf" || fail "$f: Retry-After: 1 not honoured"
done
grep -q "^eitirep: fetch: $FS/flakydate/a.xml: HTTP 503; retrying in [0-9]* ms (Retry-After)" \
	"$errf" || fail "flakydate: an HTTP-date Retry-After not honoured"
grep -q "^eitirep: fetch: $FS/flakyreset/a.xml: .*(curl error \(56\|18\)); retrying" \
	"$errf" || fail "flakyreset: a reset connection is retried"
# Beyond the ceiling: give up at once rather than hammer the server.
grep -q "^$M:[0-9]*:3: error: $FS/retry-later/a.xml: HTTP 503; the server asks to retry after 3600 s, beyond the retry ceiling of 2500 ms.* \[FETCH-HTTP\]$" \
	"$errf" || fail "retry-later: message"
[ "$(grep -c "^/retry-later/a.xml " "$FS_LOG")" -eq 1 ] ||
	fail "retry-later: retried beyond the ceiling"
grep -q "^eitirep: fetch: 1 of 5 sources failed$" "$errf" || fail "count"
no_temp_files "$CACHE"

# 2. Stalls: the good copies first, then a stalled and a dripping server.
echo good >"$FS_MODE"
make_manifest "$M" "$FS/stall/a.xml" "$FS/drip/a.xml"
expect_exit 0 "$EITIREP" fetch "$M" --cache "$CACHE"
snapshot_cache
echo fault >"$FS_MODE"
: >"$FS_LOG"
expect_exit 3 env EITIREP_RETRY_ATTEMPTS=2 "$EITIREP" fetch "$M" \
	--cache "$CACHE" --timeout 1
for f in stall drip; do
	grep "^$M:[0-9]*:3: error: $FS/$f/a.xml: " "$errf" >"$T/line" ||
		fail "$f: no failure line"
	grep -q "(curl error 28) (gave up after 2 attempts) (previous copy kept: 283 bytes, sha256 [0-9a-f]*) \[FETCH-TIMEOUT\]$" \
		"$T/line" || fail "$f: reason: $(cat "$T/line")"
	[ "$(grep -c "^/$f/a.xml " "$FS_LOG")" -eq 2 ] ||
		fail "$f: 2 attempts expected"
done
cache_kept
no_temp_files "$CACHE"
pass
