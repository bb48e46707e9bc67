#!/bin/sh
# The report of the in-memory sample, in both languages: poppler sees a
# tagged, titled PDF with embedded fonts, numbered "page X of Y", with
# the totals formatted per language and every discrepancy's company;
# the same SOURCE_DATE_EPOCH gives the same bytes.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/render-lib.sh"
have_poppler || skip "poppler-utils not installed"
RS="$top_builddir/tests/render-sample"
SOURCE_DATE_EPOCH=1700000000
export SOURCE_DATE_EPOCH

for lang in es en; do
	pdf="$T/$lang.pdf"
	expect_exit 0 "$RS" --keys 180 --big --lang "$lang" --print -o "$pdf"
	cp "$out" "$T/expect"
	check_pdf "$pdf" "$lang"
	[ "$pages" -ge 10 ] || fail "$pdf: only $pages pages"
	for what in total_g total_c final_gross; do
		v=$(awk -v w="$what" '$1 == w { print $2 }' "$T/expect")
		expect_text "$what" "$(fmt_amount "$lang" "$v")"
	done
	# Every discrepancy's company, by identifier and by name (names
	# wrap inside their cell: the flattened text joins the lines).
	n=0
	while IFS="$(printf '\t')" read -r id name; do
		expect_text "company id" "$id"
		expect_text "company name" "$name"
		n=$((n + 1))
	done <<EOT
$(sed -n 's/^discrepancy //p' "$T/expect")
EOT
	[ "$n" -gt 5 ] || fail "only $n discrepancies in the sample"
	case $lang in
	es)
		expect_text "date" "1 de enero de 2022"
		expect_text "section" "Resumen ejecutivo"
		expect_text "status" "Dentro de la tolerancia"
		;;
	en)
		expect_text "date" "1 January 2022"
		expect_text "section" "Executive summary"
		expect_text "status" "Within tolerance"
		;;
	esac
	# The metadata dates come from SOURCE_DATE_EPOCH.
	grep -q '^CreationDate: *Tue Nov 14 22:13:20 2023' "$T/info" ||
		fail "$pdf: creation date not from SOURCE_DATE_EPOCH"

	expect_exit 0 "$RS" --keys 180 --big --lang "$lang" -o "$T/again.pdf"
	cmp "$pdf" "$T/again.pdf" >/dev/null ||
		fail "$lang: two renders with the same SOURCE_DATE_EPOCH differ"
done
# Different languages, different words.
cmp "$T/es.pdf" "$T/en.pdf" >/dev/null 2>&1 && fail "es and en are identical"

# A secretariat adds a language with a file, no C: fr.xml made from
# en.xml with its own separators (1 234 567,89 with U+202F) and footer.
mkdir "$T/tpl"
cp "$top_srcdir/templates/template.xsd" "$T/tpl/"
nnbsp=$(printf '\342\200\257')
sed -e 's/lang="en"$/lang="fr"/' -e 's/language="English"/language="Français"/' \
    -e "s/<numbers lang=\"en\"\/>/<numbers lang=\"en\" decimal=\",\" group=\"$nnbsp\" percent=\"{n} %\"\/>/" \
    -e 's/>page {page} of {pages}</>page {page} sur {pages}</' \
    "$top_srcdir/templates/en.xml" >"$T/tpl/fr.xml"
grep -q 'lang="fr"' "$T/tpl/fr.xml" || fail "could not make fr.xml"
pdf="$T/fr.pdf"
expect_exit 0 "$RS" --keys 60 --lang fr --templates "$T/tpl" --print -o "$pdf"
v=$(awk '$1 == "total_g" { print $2 }' "$out")
check_pdf "$pdf" fr-test
expect_text "fr footer" "page 1 sur $pages"
# pdftotext may give the narrow no-break space as a plain space.
sed "s/$nnbsp/ /g" "$T/flat" >"$T/flat.fr" && mv "$T/flat.fr" "$T/flat"
expect_text "fr total" "$(printf '%s\n' "$v" | awk -v g=" " '{
	n = index($0, "."); i = substr($0, 1, n - 1); f = substr($0, n + 1)
	o = ""; while (length(i) > 3) { o = g substr(i, length(i) - 2) o
	i = substr(i, 1, length(i) - 3) }; print i o "," f }')"
pass
