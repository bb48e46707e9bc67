#!/bin/sh
# Hostile strings everywhere (quotes, backslashes, ' in link URIs, bidi
# overrides, control characters, invalid UTF-8, a 10 KB name, hostile
# URLs and title): the report renders, cairo reports no tag error, poppler
# reads it cleanly, link URIs are escaped, and no override character
# reaches the text.
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
