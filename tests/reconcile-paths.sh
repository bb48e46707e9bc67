#!/bin/sh
# The same inputs give the same bytes from any working directory
# (eitirep-results(5)): the demo reconciled and rendered from two
# directories, with the manifest given by an absolute and by a relative
# path, and by `run`, gives byte-identical results.xml, results.csv,
# transfers.csv and report.pdf (SOURCE_DATE_EPOCH set); no output holds a
# path of this machine (the temporary directory, the source tree): each
# source is recorded as its href, the manifest by its name.  Findings on
# stderr name a source as the manifest writes it, whatever path the
# manifest was given as.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/render-lib.sh"

SOURCE_DATE_EPOCH=1700000000
export SOURCE_DATE_EPOCH
src=$(cd "$top_srcdir" && pwd -P)
demo=$src/fixtures/demo
[ -f "$demo/manifest.xml" ] || skip "no demo fixture"
command -v realpath >/dev/null 2>&1 || skip "realpath not found"
mkdir -p "$T/w1" "$T/w2/deeper"
T=$(cd "$T" && pwd -P)

# in_dir DIR CMD...: run CMD in DIR, exit 0 expected.
in_dir()
{
	d=$1
	shift
	(cd "$d" && exec "$@") >"$out" 2>"$errf" ||
		fail "in $d: exit $?: $*: $(cat "$errf")"
}

# 1. reconcile + render: absolute manifest path from w1; relative from the
# demo itself; relative from elsewhere.
rel=$(realpath --relative-to="$T/w2/deeper" "$demo/manifest.xml")
in_dir "$T/w1" "$EITIREP" reconcile "$demo/manifest.xml" -o "$T/o1"
in_dir "$demo" "$EITIREP" reconcile manifest.xml -o "$T/o2"
in_dir "$T/w2/deeper" "$EITIREP" reconcile "$rel" -o ../o3
mv "$T/w2/o3" "$T/o3"
for i in 1 2 3; do
	in_dir "$T/w$((i % 2 + 1))" "$EITIREP" render "$T/o$i/results.xml" \
		-o "$T/o$i/report.pdf"
done
for f in results.xml results.csv transfers.csv report.pdf; do
	[ -s "$T/o1/$f" ] || fail "no $f"
	cmp "$T/o1/$f" "$T/o2/$f" >/dev/null || fail "$f: differs (o1, o2)"
	cmp "$T/o1/$f" "$T/o3/$f" >/dev/null || fail "$f: differs (o1, o3)"
done

# 2. run, from two directories.
in_dir "$T/w1" "$EITIREP" run "$demo/manifest.xml" -o "$T/r1"
in_dir "$T/w2/deeper" "$EITIREP" run "$rel" -o "$T/r2"
for f in results.xml results.csv transfers.csv report.pdf; do
	cmp "$T/r1/$f" "$T/r2/$f" >/dev/null || fail "run: $f differs"
done
cmp "$T/r1/results.xml" "$T/o1/results.xml" >/dev/null ||
	fail "run and reconcile: results.xml differs"

# 3. No path of this machine in any output, nor in the report's text.
if have_poppler; then
	pdftotext "$T/o1/report.pdf" "$T/o1/report.txt" || fail "pdftotext"
	pdftotext "$T/r1/report.pdf" "$T/r1/report.txt" || fail "pdftotext"
fi
for d in o1 r1; do
	for f in "$T/$d"/*; do
		if grep -a -q -e "$T" -e "$src" -e "$(dirname "$src")" "$f"; then
			fail "$f holds a path of this machine"
		fi
	done
done
grep -q '<source role="company" href="empresas/carbonifera-cesar-guajira-2022.xml" [^>]*url="empresas/carbonifera-cesar-guajira-2022.xml" final-url="empresas/carbonifera-cesar-guajira-2022.xml"' \
	"$T/o1/results.xml" || fail "a local source is not recorded as its href"
grep -q '<file name="manifest.xml" ' "$T/o1/results.xml" ||
	fail "the manifest is not recorded by its name"

# 4. Findings name a source as the manifest writes it, the manifest as
# given on the command line.
nk=$src/fixtures/findings/explanation-no-key/manifest.xml
in_dir "$T/w1" "$EITIREP" reconcile "$nk" -o "$T/nk"
grep -q '^adjustments.xml:3:3: warning: .*\[RECON-EXPLANATION-NO-KEY\]$' \
	"$errf" || fail "the finding does not name the file as its href"
grep -a -q -e "$T/w1" -e "$src" "$T/nk/results.xml" &&
	fail "results.xml of a manifest given by absolute path holds it"
grep -q 'file="adjustments.xml"' "$T/nk/results.xml" ||
	fail "the finding in results.xml does not name the href"
pass
