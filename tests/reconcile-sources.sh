#!/bin/sh
# The same source listed twice is an error (SRC-DUP), not a doubled
# company figure, however it is spelled (eitirep-manifest(5)): a hard
# link and a symbolic link to a source, a file: URL with percent-encoding,
# "." and ".." (all found when the manifest is loaded, by validate too),
# and two remote URLs whose bodies are byte-identical (found by reconcile
# once both are read).  The golden cases are fixtures/invalid/src-dup.xml
# and fixtures/cli/findings-same-content.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/fetch-lib.sh"

cp -R "$top_srcdir/fixtures/findings/explanation-no-key" "$T/c"
chmod -R u+w "$T/c"
M=$T/c/m.xml

# with_source HREF: the case's manifest with HREF as a third source.
with_source()
{
	sed "s|<adjustments [^>]*/>|<source role=\"company\" href=\"$1\"/>|" \
		"$T/c/manifest.xml" >"$M"
}

# dup HREF: validate and reconcile both refuse HREF as a second source of
# company.xml, at its line.
dup()
{
	with_source "$1"
	for cmd in validate reconcile; do
		expect_exit 1 "$EITIREP" $cmd "$M"
		grep -q "^$M:9:[0-9]*: error: source '$1': the same file is already a source on line 7: its payments would be counted twice \[SRC-DUP\]$" \
			"$errf" || fail "$cmd: $1 not refused"
	done
}

ln "$T/c/company.xml" "$T/c/hard.xml"
ln -s company.xml "$T/c/soft.xml"
dup hard.xml
dup soft.xml
dup "file:company%2Exml"
dup "./sub/../company.xml"
dup "file://$T/c/company.xml"

# A copy is another file: the manifest is valid, reconcile sees the same
# bytes.
cp "$T/c/company.xml" "$T/c/copy.xml"
with_source copy.xml
expect_exit 0 "$EITIREP" validate "$M"
expect_exit 1 "$EITIREP" reconcile "$M" -o "$T/out"
grep -q "^$M:9:3: error: source 'copy.xml': the same content (sha256 [0-9a-f]\{12\}...) as the source on line 7, 'company.xml': its payments would be counted twice \[SRC-DUP\]$" \
	"$errf" || fail "copy: not refused"
[ ! -e "$T/out" ] || fail "copy: results written"

# Two URLs, one document.
start_faultserver
echo fault >"$FS_MODE"
make_manifest "$T/r.xml" "$FS/good/a.xml" "$FS/good/b.xml"
CACHE=$T/cache
expect_exit 0 "$EITIREP" fetch "$T/r.xml" --cache "$CACHE"
expect_exit 1 "$EITIREP" reconcile "$T/r.xml" --cache "$CACHE" -o "$T/out"
grep -q "^$T/r.xml:7:3: error: source '$FS/good/b.xml': the same content (sha256 [0-9a-f]\{12\}...) as the source on line 6, '$FS/good/a.xml': its payments would be counted twice \[SRC-DUP\]$" \
	"$errf" || fail "two URLs, one document: not refused"
pass
