#!/bin/sh
# outputs-guard.sh - what `render` and `export` do around their outputs:
#
#  - an output that is the input itself (compared by device and inode, so
#    a symbolic link, a hard link or another spelling of the path) is a
#    usage error, exit 2, and the input is left as it was;
#  - the temporary files of their own naming (".NAME.tmp.XXXXXX") that a
#    killed render or export left beside the output are removed when they
#    are old; a recent one (a live writer's) is left alone, and so is
#    anything that is not a regular file.
# (The plain spellings are golden transcripts: fixtures/cli/usage-render
# and usage-export.)
. "$top_srcdir/tests/lib.sh"

sample="$top_builddir/tests/export-sample"
"$sample" stream "$T/results.xml" 2>"$errf" || fail "export-sample"
cp "$T/results.xml" "$T/keep.xml"
unchanged()
{
	cmp -s "$T/results.xml" "$T/keep.xml" || fail "the input was changed"
}

# --- the input as output: exit 2, nothing written -------------------
ln -s results.xml "$T/link.xml"
ln "$T/results.xml" "$T/hard.xml"
mkdir "$T/sub"
for o in "$T/link.xml" "$T/hard.xml" "$T/sub/../results.xml"; do
	expect_exit 2 "$EITIREP" render "$T/results.xml" -o "$o"
	grep -q "would overwrite the input" "$errf" ||
		fail "render -o $o: no reason given"
	unchanged
	for fmt in --sdt --xlsx; do
		expect_exit 2 "$EITIREP" export "$T/results.xml" $fmt -o "$o"
		grep -q "would overwrite the input" "$errf" ||
			fail "export $fmt -o $o: no reason given"
		unchanged
	done
done
# render: results.csv beside the results is an input too (its digest is
# printed in the report)
: >"$T/results.csv"
ln -s results.csv "$T/csvlink"
expect_exit 2 "$EITIREP" render "$T/results.xml" -o "$T/csvlink"
grep -q "would overwrite the input results.csv" "$errf" ||
	fail "render over results.csv: no reason given"
# export --csv: a CSV file of the directory that is the input
mkdir "$T/csv"
ln "$T/results.xml" "$T/csv/company.csv"
expect_exit 2 "$EITIREP" export "$T/results.xml" --csv -o "$T/csv"
unchanged
rm "$T/csv/company.csv"
ln -s ../results.xml "$T/csv/government.csv"
expect_exit 2 "$EITIREP" export "$T/results.xml" --csv -o "$T/csv"
unchanged
rm "$T/csv/government.csv"

# --- stale temporary files ------------------------------------------
# old: two days; recent: now (another process writing the same output)
plant()
{
	: >"$1/.$2.tmp.OLDxyz"
	touch -d '2 days ago' "$1/.$2.tmp.OLDxyz"
	: >"$1/.$2.tmp.NEWxyz"
	mkdir "$1/.$2.tmp.DIRxyz"
	touch -d '2 days ago' "$1/.$2.tmp.DIRxyz"
	# not ours: another name, or not six characters after ".tmp."
	: >"$1/.$2.tmp.toolong1"
	: >"$1/.other.pdf.tmp.OLDxyz"
	touch -d '2 days ago' "$1/.$2.tmp.toolong1" "$1/.other.pdf.tmp.OLDxyz"
}
swept()
{
	[ ! -e "$1/.$2.tmp.OLDxyz" ] || fail "$2: stale temporary file kept"
	[ -e "$1/.$2.tmp.NEWxyz" ] || fail "$2: a recent temporary removed"
	[ -d "$1/.$2.tmp.DIRxyz" ] || fail "$2: a directory removed"
	[ -e "$1/.$2.tmp.toolong1" ] || fail "$2: another name removed"
	[ -e "$1/.other.pdf.tmp.OLDxyz" ] ||
		fail "$2: another output's temporary removed"
	[ -s "$1/$2" ] || fail "$2 not written"
}
mkdir "$T/out" "$T/out/csv"
plant "$T/out" report.pdf
expect_exit 0 "$EITIREP" render -v "$T/results.xml" -o "$T/out/report.pdf"
swept "$T/out" report.pdf
grep -q "removing stale .*/.report.pdf.tmp.OLDxyz" "$errf" ||
	fail "render -v does not say what it removed"
plant "$T/out" sdt.xlsx
expect_exit 0 "$EITIREP" export "$T/results.xml" --sdt -o "$T/out/sdt.xlsx"
swept "$T/out" sdt.xlsx
plant "$T/out" results.xlsx
expect_exit 0 "$EITIREP" export "$T/results.xml" --xlsx \
	-o "$T/out/results.xlsx"
swept "$T/out" results.xlsx
plant "$T/out/csv" company.csv
plant "$T/out/csv" government.csv
expect_exit 0 "$EITIREP" export "$T/results.xml" --csv -o "$T/out/csv"
swept "$T/out/csv" company.csv
swept "$T/out/csv" government.csv
pass
