#!/bin/sh
# Hostile strings everywhere (quotes, backslashes, ' in link URIs, bidi
# overrides, control characters, invalid UTF-8, a 10 KB name, hostile
# URLs and title): the report renders, cairo reports no tag error, poppler
# reads it cleanly, link URIs are escaped, and no override character
# reaches the text.  Strings made to be slow (40,000 combining marks, an
# 80,000-character title with no break) stay linear and on the page.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/render-lib.sh"
have_poppler || skip "poppler-utils not installed"
RS="$top_builddir/tests/render-sample"
SOURCE_DATE_EPOCH=1700000000
export SOURCE_DATE_EPOCH

for lang in es en; do
	pdf="$T/h-$lang.pdf"
	expect_exit 0 "$RS" --keys 90 --hostile --big --lang "$lang" -o "$pdf"
	[ ! -s "$errf" ] || fail "stderr not empty: $(head -3 "$errf")"
	check_pdf "$pdf" "$lang"
	expect_text "hostile name" "Hostil"
	expect_text "hostile name" "invertido"
	# U+202E (RIGHT-TO-LEFT OVERRIDE) must not survive.
	if grep -q "$(printf '\342\200\256')" "$T/text"; then
		fail "$pdf: a bidi override reached the text"
	fi
	[ ! -s "$T/text.err" ] || fail "pdftotext: $(head -3 "$T/text.err")"
done
# Strings made to be slow or to overflow: an 80,000-character title with
# no break opportunity, and a company name and a reason with 40,000
# combining marks each, in the demo's results.xml.  Shaping stays linear
# (runs capped, break opportunities added), so the render finishes well
# within a CPU limit that a quadratic one would blow; every word printed
# lies inside the page.
expect_exit 0 "$EITIREP" reconcile "$top_srcdir/fixtures/demo/manifest.xml" \
    -o "$T/demo"
long=$(LC_ALL=C awk 'BEGIN { s = "W"; while (length(s) < 80000) s = s s
	print substr(s, 1, 80000) }')
marks=$(LC_ALL=C awk 'BEGIN { s = "\314\201"; while (length(s) < 80000)
	s = s s; print substr(s, 1, 80000) }')
sed -e "s|<title\([^>]*\)>[^<]*</title>|<title\1>$long</title>|" \
    -e "s|name=\"Carbones de La Jagua del Norte S.A.S.\"|name=\"Carbones$marks de La Jagua\"|" \
    -e "s|reason=\"La empresa imputó|reason=\"$marks La empresa imputó|" \
    "$T/demo/results.xml" >"$T/long.xml"
[ "$(wc -c <"$T/long.xml")" -gt 300000 ] || fail "hostile results not made"
for lang in es en; do
	pdf="$T/long-$lang.pdf"
	( ulimit -t 120 && exec "$EITIREP" render "$T/long.xml" -o "$pdf" \
	    --lang "$lang" ) >"$out" 2>"$errf" ||
		fail "render of long strings ($lang): exit $?"
	check_pdf "$pdf" "$lang"
	expect_text "long title" "WWWWWWWWWW"
	pdftotext -bbox "$pdf" "$T/bbox.html" || fail "pdftotext -bbox"
	awk '/<page / { match($0, /width="[0-9.]+"/)
		w = substr($0, RSTART + 7, RLENGTH - 8) + 0
		match($0, /height="[0-9.]+"/)
		h = substr($0, RSTART + 8, RLENGTH - 9) + 0 }
	    /<word / { split($0, a, "\"")
		if (a[2] < 0 || a[4] < 0 || a[6] > w + 0.5 || a[8] > h + 0.5) {
			print "outside the page: " $0; bad = 1 } }
	    END { exit bad }' "$T/bbox.html" >&2 ||
		fail "$pdf: text outside the page"
done

# Link annotations: the quote of the hostile URL is percent-encoded and
# javascript: is never a link.
if command -v qpdf >/dev/null 2>&1; then
	qpdf --qdf --object-streams=disable "$T/h-es.pdf" "$T/q.pdf" ||
		fail "qpdf cannot read the hostile report"
	grep -a '/URI' "$T/q.pdf" >"$T/uris" || fail "no link annotations"
	grep -q "a%27b%5Cc%22d%3Ce%3Ef%20g" "$T/uris" ||
		fail "hostile URI not escaped: $(head -3 "$T/uris")"
	if grep -qi 'javascript' "$T/uris"; then
		fail "a javascript: URI became a link"
	fi
fi
pass
