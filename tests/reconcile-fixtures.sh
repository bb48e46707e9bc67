#!/bin/sh
# `eitirep reconcile` on every hand-computed case (fixtures/recon/*), the
# Colombian demo and the two USEITI published reconciliations: results.csv
# must equal expected-results.csv byte for byte, the totals, coverage and
# non-reporting companies in results.xml must equal expected-summary.txt,
# the warnings and summary on stderr expected-stderr.txt (when present),
# results.xml must be valid against schemas/results.xsd, and, when Python
# is available, the independent oracle (tests/ref/reconcile_ref.py) must
# write the same results.csv and the same tolerance T for every row
# (results.xml shows T rounded toward zero, issue 13).  Subnational
# transfers: transfers.csv must equal expected-transfers.csv (and exist
# exactly when that file does), the oracle must write the same, and the
# transfer totals of results.xml are part of the summary.  USEITI:
# exactly the 21 (CY2015) and 17 (CY2013) material variances the
# published reports found.
. "$top_srcdir/tests/lib.sh"

SOURCE_DATE_EPOCH=1700000000
export SOURCE_DATE_EPOCH
XMLLINT=${XMLLINT:-}
PYTHON3=${PYTHON3:-}

# x FILE XPATH: the string value of XPATH in FILE (names by local-name).
x()
{
	"$XMLLINT" --xpath "string($2)" "$1" 2>/dev/null
}

# n NAME: an XPath step matching element NAME in any namespace.
n()
{
	printf "*[local-name()='%s']" "$1"
}

# summary RESULTS.xml: the oracle's --summary text, from results.xml, in
# a few xmllint calls (one XPath concat() per block of lines; "@@" marks
# the line breaks; "n/a" where an optional attribute is absent; xmllint
# ends its output with a newline).
summary()
{
	f=$1
	tot="/$(n results)/$(n totals)/$(n overall)"
	rows="/$(n results)/$(n rows)/$(n row)"
	cov="/$(n results)/$(n coverage)"
	comp="/$(n results)/$(n companies)/$(n company)"
	nr="/$(n results)/$(n non-reporting)/$(n company)"
	e="concat('keys: ', $tot/@keys"
	for s in matched within-tolerance discrepancy company-only \
	    government-only out-of-scope; do
		e="$e, '@@status $s: ', $tot/@$s"
	done
	e="$e, '@@in-scope keys: ', $tot/@keys - $tot/@out-of-scope"
	e="$e, '@@explained keys: ', count($rows[@explained='true'])"
	e="$e, '@@unexplained discrepancies: ',"
	e="$e count($rows[@status='discrepancy' and not(@explained='true')])"
	e="$e, '@@sum C: ', $tot/@c, '@@sum G: ', $tot/@g"
	e="$e, '@@sum D: ', $tot/@d, '@@sum AC: ', $tot/@ac"
	e="$e, '@@sum AG: ', $tot/@ag, '@@sum F net: ', $tot/@f"
	e="$e, '@@sum |F| gross: ', $tot/@gross"
	e="$e, '@@coverage numerator: ', $cov/@numerator"
	e="$e, '@@coverage denominator: ', $cov/@denominator"
	e="$e, '@@coverage: ', substring('n/a', 1, 3 * not($cov/@percent)),"
	e="$e $cov/@percent"
	e="$e, '@@companies: ', count($comp)"
	e="$e, '@@in-scope companies: ', count($comp[@in-scope='true'])"
	e="$e, '@@non-reporting companies: ', count($nr))"
	x "$f" "$e" | awk '{ gsub(/@@/, "\n"); print }'
	k=$(x "$f" "count($nr)")
	i=1
	while [ "$i" -le "$k" ]; do
		c="$nr[$i]"
		x "$f" "concat('non-reporting: ', $c/@id, ' | ', $c/@name, ' | ',
		    $c/@g, ' | ', substring('n/a', 1, 3 * not($c/@share)),
		    $c/@share)"
		i=$((i + 1))
	done
	tr="/$(n results)/$(n transfers)"
	[ "$(x "$f" "count($tr)")" = 1 ] || return 0
	tt="$tr/$(n totals)/$(n overall)"
	e="concat('transfer keys: ', $tt/@keys"
	for s in matched within-tolerance discrepancy not-transferred \
	    receipt-not-reported transfer-not-reported; do
		e="$e, '@@transfer status $s: ', $tt/@$s"
	done
	e="$e, '@@transfers entitled: ', $tt/@entitled"
	e="$e, '@@transfers sent: ', $tt/@sent"
	e="$e, '@@transfers received: ', $tt/@received"
	e="$e, '@@transfers sent minus entitled: ', $tt/@sent-minus-entitled"
	e="$e, '@@transfers received minus sent: ', $tt/@received-minus-sent"
	e="$e, '@@transfers gross sent minus entitled: ',"
	e="$e $tt/@gross-sent-minus-entitled"
	e="$e, '@@transfers gross received minus sent: ',"
	e="$e $tt/@gross-received-minus-sent"
	e="$e, '@@transfer regions: ', count($tr/$(n totals)/$(n region)))"
	x "$f" "$e" | awk '{ gsub(/@@/, "\n"); print }'
	k=$(x "$f" "count($tr/$(n totals)/$(n region))")
	i=1
	while [ "$i" -le "$k" ]; do
		c="$tr/$(n totals)/$(n region)[$i]"
		x "$f" "concat('transfer region: ', $c/@key, ' | ',
		    $c/@entitled, ' | ', $c/@sent, ' | ', $c/@received, ' | ',
		    $c/@sent-minus-entitled, ' | ', $c/@received-minus-sent)"
		i=$((i + 1))
	done
	nr="$tr/$(n not-reporting)/$(n recipient)"
	k=$(x "$f" "count($nr)")
	echo "transfer recipients not reporting: $k"
	i=1
	while [ "$i" -le "$k" ]; do
		c="$nr[$i]"
		x "$f" "concat('transfer not-reporting: ', $c/@id, ' | ',
		    $c/@name, ' | ', $c/@entitled, ' | ', $c/@sent)"
		i=$((i + 1))
	done
}

cases=0
for dir in "$top_srcdir"/fixtures/recon/*/ "$top_srcdir"/fixtures/demo/ \
    "$top_srcdir"/fixtures/useiti/2013/ "$top_srcdir"/fixtures/useiti/2016/
do
	dir=${dir%/}
	[ -f "$dir/manifest.xml" ] || continue
	name=$(echo "$dir" | sed "s|^$top_srcdir/fixtures/||; s|/|-|g")
	o="$T/$name"
	expect_exit 0 "$EITIREP" reconcile -q "$dir/manifest.xml" -o "$o"
	[ -s "$errf" ] && fail "$name: -q printed something"
	# the warnings and the summary, golden, when the case has them
	if [ -f "$dir/expected-stderr.txt" ]; then
		(cd "$dir" && "$EITIREP" reconcile manifest.xml -o "$o/v") \
		    >"$out" 2>"$errf" || fail "$name: reconcile (stderr)"
		sed "s|$o/v|OUT|g" "$errf" >"$o/stderr.txt"
		cmp "$o/stderr.txt" "$dir/expected-stderr.txt" \
		    >/dev/null 2>&1 ||
			{ diff "$dir/expected-stderr.txt" "$o/stderr.txt" >&2;
			  fail "$name: stderr differs from" \
			      "expected-stderr.txt"; }
	fi
	cmp "$o/results.csv" "$dir/expected-results.csv" >/dev/null 2>&1 ||
		{ diff "$dir/expected-results.csv" "$o/results.csv" | head -20;
		  fail "$name: results.csv differs from expected-results.csv"; }
	if [ -f "$dir/expected-transfers.csv" ]; then
		cmp "$o/transfers.csv" "$dir/expected-transfers.csv" \
		    >/dev/null 2>&1 ||
			{ diff "$dir/expected-transfers.csv" \
			    "$o/transfers.csv" | head -20;
			  fail "$name: transfers.csv differs from" \
			      "expected-transfers.csv"; }
	elif [ -e "$o/transfers.csv" ]; then
		fail "$name: transfers.csv written without transfers"
	fi
	if [ -n "$XMLLINT" ]; then
		"$XMLLINT" --noout --schema "$top_srcdir/schemas/results.xsd" \
		    "$o/results.xml" >"$T/.xl" 2>&1 ||
			{ cat "$T/.xl" >&2;
			  fail "$name: results.xml is not valid"; }
		if [ -f "$dir/expected-summary.txt" ]; then
			summary "$o/results.xml" >"$o/summary.txt"
			cmp "$o/summary.txt" "$dir/expected-summary.txt" \
			    >/dev/null 2>&1 ||
				{ diff "$dir/expected-summary.txt" \
				    "$o/summary.txt" >&2;
				  fail "$name: totals differ from" \
				      "expected-summary.txt"; }
		fi
	fi
	if [ -n "$PYTHON3" ]; then
		"$PYTHON3" "$top_srcdir/tests/ref/reconcile_ref.py" \
		    "$dir/manifest.xml" -o "$o/oracle.csv" \
		    --transfers "$o/oracle-transfers.csv" 2>"$errf" ||
			fail "$name: the oracle failed"
		cmp "$o/results.csv" "$o/oracle.csv" >/dev/null 2>&1 ||
			fail "$name: the oracle disagrees"
		if [ -e "$o/transfers.csv" ] ||
		    [ -e "$o/oracle-transfers.csv" ]; then
			cmp "$o/transfers.csv" "$o/oracle-transfers.csv" \
			    >/dev/null 2>&1 ||
				fail "$name: the oracle disagrees on" \
				    "transfers.csv"
		fi
		# the tolerance shown, rounded toward zero, of every row
		if [ -n "$XMLLINT" ]; then
			"$PYTHON3" "$top_srcdir/tests/ref/reconcile_ref.py" \
			    --tolerances "$dir/manifest.xml" >"$o/oracle-t.txt" \
			    2>"$errf" || fail "$name: the oracle failed (T)"
			"$XMLLINT" --xpath "//$(n row)/@tolerance" \
			    "$o/results.xml" 2>/dev/null |
				sed 's/^ tolerance="\(.*\)"$/\1/' >"$o/t.txt"
			cmp "$o/t.txt" "$o/oracle-t.txt" >/dev/null 2>&1 ||
				{ diff "$o/oracle-t.txt" "$o/t.txt" | head >&2;
				  fail "$name: tolerances shown differ"; }
		fi
	fi
	cases=$((cases + 1))
done
[ "$cases" -ge 11 ] || fail "only $cases fixture cases found"

# The USEITI Independent Administrator's material variances.
d16=$(grep -c ',discrepancy,' "$T/useiti-2016/results.csv")
d13=$(grep -c ',discrepancy,' "$T/useiti-2013/results.csv")
[ "$d16" -eq 21 ] || fail "USEITI CY2015: $d16 discrepancies, published 21"
[ "$d13" -eq 17 ] || fail "USEITI CY2013: $d13 discrepancies, published 17"
pass
