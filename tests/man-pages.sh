#!/bin/sh
# man-pages.sh - the manual pages: eitirep(1) as built (from
# man/eitirep.1.in and the command table) has every marker replaced and
# names every command and option of the program; every page formats
# without a warning (groff -ww), when groff is installed.
. "$top_srcdir/tests/lib.sh"

page1=$top_builddir/man/eitirep.1
[ -s "$page1" ] || fail "$page1 was not built"
pages="$page1 $top_srcdir/man/eitirep-manifest.5 \
$top_srcdir/man/eitirep-disclosure.5 $top_srcdir/man/eitirep-adjustments.5 \
$top_srcdir/man/eitirep-results.5"

# Nothing left to substitute, and the rule list included.
if grep -n '@[A-Za-z_]*@\|PKGDATADIR' "$page1" >"$out"; then
	cat "$out" >&2
	fail "eitirep.1: unreplaced marker"
fi
grep -q '^\.SH DIAGNOSTICS' "$page1" || fail "eitirep.1: no DIAGNOSTICS"
sed -n '/^\.SH DIAGNOSTICS/,/^\.SH /p' "$page1" >"$out"
grep -vq '^\.\\"' "$top_srcdir/man/diagnostics.roff" ||
	fail "diagnostics.roff is empty"
grep -v '^\.\\"' "$top_srcdir/man/diagnostics.roff" | while IFS= read -r l; do
	grep -qxF -- "$l" "$out" || fail "DIAGNOSTICS lacks: $l"
done || exit 1

# Every command and every option of its --help is in the page.
"$EITIREP" --help >"$T/help" || fail "eitirep --help"
for c in $(sed -n 's/^  \([a-z][a-z]*\)  .*/\1/p' "$T/help"); do
	grep -q "^\.SS $c\$" "$page1" || fail "eitirep.1: no command $c"
	"$EITIREP" "$c" --help >"$T/help-$c" || fail "$c --help"
	for o in $(grep -o '^ *\(-[a-z], \)\?--[a-z-]*' "$T/help-$c" |
		sed 's/.*--//'); do
		o_roff=$(printf '%s' "$o" | sed 's/-/\\\\-/g')
		grep -q "\\\\fB\\\\-\\\\-$o_roff\\\\fR" "$page1" ||
			fail "eitirep.1: $c: no --$o"
	done
done

# Each section-5 page is cross-referenced from eitirep(1).
for p in manifest disclosure adjustments results; do
	grep -q "^\.BR \\\\%eitirep\\\\-$p (5)" "$page1" ||
		fail "eitirep.1: no reference to eitirep-$p(5)"
done

if ! command -v groff >/dev/null 2>&1; then
	echo "note: groff not installed; the pages were not formatted"
	pass
fi
for p in $pages; do
	groff -man -Tutf8 -ww -z "$p" >"$out" 2>"$errf" ||
		fail "groff failed on $p"
	[ ! -s "$errf" ] || fail "groff warns on $p"
done
pass
