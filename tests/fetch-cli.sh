#!/bin/sh
# eitirep fetch: local-only manifests, the default cache location,
# unsupported references, the cache lock, and the removal of temporary
# files left by a killed run (its usage errors are golden transcripts in
# fixtures/cli).
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/fetch-lib.sh"

VALID=$top_srcdir/fixtures/valid/manifest-2022.xml

# --help, the operand count and every bad option value: golden
# transcripts, fixtures/cli/help-fetch and usage-fetch (cli-golden.sh).

# A manifest with local sources only: hashed, nothing is written (not even
# a cache directory), progress is never drawn on a non-terminal.
mkdir -p "$T/home"
expect_exit 0 env HOME="$T/home" XDG_CACHE_HOME= "$EITIREP" fetch \
	--max-size 8M --timeout 5 --jobs 2 "$VALID"
[ "$(grep -c '^local \(file:\)\{0,1\}[a-z0-9-]*\.xml ([0-9]* bytes, sha256 [0-9a-f]\{12\})$' "$errf")" -eq 3 ] ||
	fail "three local lines (two sources and the adjustments)"
[ -e "$T/home/.cache" ] && fail "a local-only fetch created a cache"
grep -q "$(printf '\r')" "$errf" && fail "progress drawn on a non-terminal"
expect_exit 0 "$EITIREP" fetch -q "$VALID"
[ -s "$errf" ] && fail "-q: nothing to say when everything is local"

# An invalid manifest is exit 1 with its diagnostics.
printf '<reconciliation xmlns="urn:eitirep:manifest:1"/>\n' >"$T/bad.xml"
expect_exit 1 "$EITIREP" fetch "$T/bad.xml"
grep -q "bad.xml:" "$errf" || fail "invalid manifest: diagnostics"

# Missing files and schemes other than http, https and file.
M=$T/m/manifest.xml
mkdir -p "$T/m"
make_manifest "$M" ftp://127.0.0.1/x.xml
expect_exit 1 "$EITIREP" fetch "$M" --cache "$T/c0"
grep -q "ftp://127.0.0.1/x.xml" "$errf" || fail "ftp: refused by the manifest"
make_manifest "$M" missing.xml "file://elsewhere/x.xml"
expect_exit 3 "$EITIREP" fetch "$M" --cache "$T/c0"
# failures are findings at the manifest's <source> element
grep -q "^$M:6:3: error: missing.xml: no such file or directory \[FETCH-LOCAL\]$" \
	"$errf" || fail "missing local file"
grep -q "^$M:7:3: error: file://elsewhere/x.xml: file URL names a remote host \[FETCH-LOCAL\]$" \
	"$errf" || fail "file: URL with a host refused"
grep -q "^eitirep: fetch: 2 of 2 sources failed$" "$errf" || fail "count"
[ -e "$T/c0" ] && fail "a local-only manifest created the cache"

# The default cache: $XDG_CACHE_HOME/eitirep, else $HOME/.cache/eitirep.
start_faultserver
make_manifest "$M" "$FS/good/x.xml"
expect_exit 0 env XDG_CACHE_HOME="$T/xdg" "$EITIREP" fetch "$M"
CACHE=$T/xdg/eitirep
cache_paths "$FS/good/x.xml"
[ -s "$BODY" ] && [ -s "$META" ] || fail "XDG_CACHE_HOME not used"
expect_exit 0 env HOME="$T/home" XDG_CACHE_HOME= "$EITIREP" fetch "$M"
CACHE=$T/home/.cache/eitirep
cache_paths "$FS/good/x.xml"
[ -s "$BODY" ] && [ -s "$META" ] || fail "HOME/.cache not used"

# A run that was killed left temporary files: the next run removes them.
dir=${BODY%/*}
key=${BODY##*/}
key=${key%.body}
: >"$dir/.$key.body.tmp.AbC123"
: >"$dir/.$key.meta.tmp.dEf456"
expect_exit 0 env HOME="$T/home" XDG_CACHE_HOME= "$EITIREP" fetch "$M"
no_temp_files "$CACHE"

# Two runs on one cache never interleave: the second stops at once.
# (-o: the lock belongs to flock itself, so killing it releases the lock.)
flock -o "$CACHE" sleep 5 &
holder=$!
SERVER_PIDS="$SERVER_PIDS $holder"
i=0
while flock -n "$CACHE" true; do
	i=$((i + 1))
	[ $i -lt 200 ] || fail "the test could not take the lock"
	sleep 0.025
done
expect_exit 4 "$EITIREP" fetch "$M" --cache "$CACHE"
grep -q "cache $CACHE is in use by another eitirep fetch" "$errf" ||
	fail "lock message"
kill "$holder" 2>/dev/null
pass
