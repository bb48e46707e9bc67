# Helpers of the render shell tests, sourced after tests/lib.sh: poppler
# checks of a rendered report and amounts formatted per language.

# Sanitizer build: fontconfig's own lost block is not ours (lsan.supp).
: "${LSAN_OPTIONS:=suppressions=$top_srcdir/tests/lsan.supp:print_suppressions=0}"
export LSAN_OPTIONS

have_poppler()
{
	command -v pdfinfo >/dev/null 2>&1 &&
	    command -v pdffonts >/dev/null 2>&1 &&
	    command -v pdftotext >/dev/null 2>&1
}

# fmt_amount LANG PLAIN: "-1234567.89" -> es "-1.234.567,89",
# en "-1,234,567.89".  Pure string work, so no rounding can creep in.
fmt_amount()
{
	printf '%s\n' "$2" | awk -v lang="$1" '{
		s = $0; neg = ""
		if (substr(s, 1, 1) == "-") { neg = "-"; s = substr(s, 2) }
		n = index(s, ".")
		if (n) { i = substr(s, 1, n - 1); f = substr(s, n + 1) }
		else { i = s; f = "" }
		sep = lang == "es" ? "." : ","; dec = lang == "es" ? "," : "."
		out = ""
		while (length(i) > 3) {
			out = sep substr(i, length(i) - 2) out
			i = substr(i, 1, length(i) - 3)
		}
		out = i out
		if (f != "") out = out dec f
		print neg out
	}'
}

# check_pdf FILE LANG: pdfinfo (no complaint, pages > 1, tagged, title),
# pdffonts (every font embedded), "page 1 of N" and "page N of N" in the
# text.  Leaves the text, whitespace flattened, in $T/flat and the page
# count in $pages.
check_pdf()
{
	pdf=$1
	lang=$2
	pdfinfo "$pdf" >"$T/info" 2>"$T/info.err" || fail "pdfinfo $pdf"
	[ ! -s "$T/info.err" ] ||
		fail "pdfinfo complains about $pdf: $(head -3 "$T/info.err")"
	pages=$(awk '/^Pages:/ { print $2 }' "$T/info")
	[ "${pages:-0}" -gt 1 ] || fail "$pdf: ${pages:-no} pages"
	grep -q '^Tagged: *yes' "$T/info" || fail "$pdf: not tagged"
	grep -q '^Title: *[^ ]' "$T/info" || fail "$pdf: no title"
	pdffonts "$pdf" >"$T/fonts" 2>"$T/fonts.err" || fail "pdffonts $pdf"
	[ "$(awk 'NR > 2' "$T/fonts" | wc -l)" -gt 0 ] ||
		fail "$pdf: no fonts at all"
	awk 'NR > 2 && $(NF - 4) != "yes" { bad = 1; print } END { exit bad }' \
	    "$T/fonts" >&2 || fail "$pdf: a font is not embedded"
	pdftotext -raw "$pdf" "$T/text" 2>"$T/text.err" ||
		fail "pdftotext $pdf"
	tr '\n' ' ' <"$T/text" | tr -s ' ' >"$T/flat"
	case $lang in
	es) first="página 1 de $pages" last="página $pages de $pages" ;;
	en) first="page 1 of $pages" last="page $pages of $pages" ;;
	*) return 0 ;; # the caller checks its own wording
	esac
	grep -qF "$first" "$T/flat" || fail "$pdf: no '$first'"
	grep -qF "$last" "$T/flat" || fail "$pdf: no '$last'"
}

# expect_text WHAT STRING: fail unless the flattened text has STRING.
expect_text()
{
	grep -qF -- "$2" "$T/flat" || fail "$pdf: $1 '$2' not in the text"
}
