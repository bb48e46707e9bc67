#!/bin/sh
# The shipped fixtures check themselves:
# - the reference implementation (tests/ref/reconcile_ref.py) reproduces
#   every expected-results.csv and expected-summary.txt (for
#   fixtures/recon these were computed by hand, see each NOTES.md);
# - the USEITI fixtures give the published counts of material variances
#   (21 for CY2015, 17 for CY2013) and are exactly what
#   tools/useiti-convert.py makes of the source tables;
# - every fixture XML file is valid against schemas/*.xsd;
# - tests/bench/gen-recon.py writes valid, deterministic files.
# Needs python3 (skipped without it); xmllint is optional.
set -eu

if [ -z "${PYTHON3:-}" ]; then
	echo "python3 not found: skipped"
	exit 77
fi
src=${top_srcdir:-.}
tmp=$(mktemp -d "${TMPDIR:-/tmp}/fixtures-selfcheck.XXXXXX")
trap 'rm -rf "$tmp"' EXIT INT TERM
fail=0

# 1. oracle against the expected results
if ! "$PYTHON3" "$src/tests/ref/reconcile_ref.py" --check \
	"$src"/fixtures/recon/*/ "$src/fixtures/demo" \
	"$src/fixtures/useiti/2016" "$src/fixtures/useiti/2013"; then
	fail=1
fi

# 2. USEITI: published material-variance counts, converter output
check_count() {
	n=$(grep -c ',discrepancy,' "$src/fixtures/useiti/$1/expected-results.csv" || true)
	if [ "$n" != "$2" ]; then
		echo "FAIL: useiti $1: $n discrepancies, the report found $2"
		fail=1
	fi
}
check_count 2016 21
check_count 2013 17

convert() { # dir calendar-year report-year
	"$PYTHON3" "$src/tools/useiti-convert.py" \
		"$src/fixtures/useiti/$1/useiti-reconciliation-$1.tsv" \
		"$tmp/useiti-$1" --calendar-year "$2" --report-year "$3" >/dev/null
	for f in $(cd "$tmp/useiti-$1" && find . -name '*.xml' | sort); do
		if ! cmp -s "$tmp/useiti-$1/$f" "$src/fixtures/useiti/$1/$f"; then
			echo "FAIL: useiti $1: $f is not what the converter writes"
			fail=1
		fi
	done
	n_new=$(cd "$tmp/useiti-$1" && find . -name '*.xml' | wc -l)
	n_old=$(cd "$src/fixtures/useiti/$1" && find . -name '*.xml' | wc -l)
	if [ "$n_new" != "$n_old" ]; then
		echo "FAIL: useiti $1: $n_old XML files shipped, converter writes $n_new"
		fail=1
	fi
}
convert 2016 2015 2016
convert 2013 2013 2015

# 3. generator: deterministic and valid
"$PYTHON3" "$src/tests/bench/gen-recon.py" --payments 3000 --seed 5 \
	--transfers 20 --transfer-months 3 --out "$tmp/gen1" 2>/dev/null
"$PYTHON3" "$src/tests/bench/gen-recon.py" --payments 3000 --seed 5 \
	--transfers 20 --transfer-months 3 --out "$tmp/gen2" \
	--level stream 2>/dev/null
"$PYTHON3" "$src/tests/bench/gen-recon.py" --payments 3000 --seed 6 \
	--out "$tmp/genp" --level project 2>/dev/null
for f in manifest.xml company.xml government.xml adjustments.xml \
    transfers-sent.xml transfers-received.xml entitlements.xml; do
	if ! cmp -s "$tmp/gen1/$f" "$tmp/gen2/$f"; then
		echo "FAIL: gen-recon.py is not deterministic ($f)"
		fail=1
	fi
done
for d in gen1 genp; do
	if ! "$PYTHON3" "$src/tests/ref/reconcile_ref.py" \
		"$tmp/$d/manifest.xml" -o "$tmp/$d/results.csv" \
		--transfers "$tmp/$d/transfers.csv"; then
		echo "FAIL: reconcile_ref.py failed on generated input $d"
		fail=1
	fi
done

# 4. schemas (one xmllint run per schema)
if [ -n "${XMLLINT:-}" ] && [ -f "$src/schemas/disclosure.xsd" ]; then
	: >"$tmp/manifest.list"
	: >"$tmp/adjustments.list"
	: >"$tmp/disclosure.list"
	{
		find "$src/fixtures/demo" "$src/fixtures/recon" \
			"$src/fixtures/useiti" -name '*.xml'
		find "$tmp/gen1" "$tmp/genp" -name '*.xml'
	} | sort | while read -r f; do
		case $(sed -n '1,12p' "$f") in
		*'<reconciliation '*) echo "$f" >>"$tmp/manifest.list" ;;
		*'<adjustments '*) echo "$f" >>"$tmp/adjustments.list" ;;
		*) echo "$f" >>"$tmp/disclosure.list" ;;
		esac
	done
	for xsd in manifest adjustments disclosure; do
		# shellcheck disable=SC2046 # fixture paths have no spaces
		if ! "$XMLLINT" --noout --nonet --schema "$src/schemas/$xsd.xsd" \
			$(cat "$tmp/$xsd.list") 2>"$tmp/xmllint.err"; then
			echo "FAIL: fixtures not valid against $xsd.xsd:"
			grep -v ' validates$' "$tmp/xmllint.err" | head -20
			fail=1
		fi
	done
fi

exit $fail
