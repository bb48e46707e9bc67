#!/bin/sh
# tests/fuzz/make-seeds.sh EITIREP: regenerate tests/fuzz/seeds/results/
# (the render harness's seeds, replayed by make check) from the reconciliation fixtures with a built eitirep.  Run it, by hand,
# whenever the results.xml format changes; the files are committed.
set -eu
eitirep=${1:?usage: make-seeds.sh PATH-TO-EITIREP}
here=$(cd "$(dirname "$0")" && pwd)
src=$(cd "$here/../.." && pwd)
dest=$here/seeds/results
tmp=$(mktemp -d "${TMPDIR:-/tmp}/eitirep-seeds.XXXXXX")
trap 'rm -rf "$tmp"' EXIT

mkdir -p "$dest"
rm -f "$dest"/*.xml
for m in "$src"/fixtures/recon/*/manifest.xml "$src"/fixtures/valid/manifest-2022.xml; do
	name=$(basename "$(dirname "$m")")
	[ "$name" = valid ] && name=sample-2022
	mkdir "$tmp/$name"
	SOURCE_DATE_EPOCH=1700000000 "$eitirep" reconcile -q "$m" \
		-o "$tmp/$name" || { echo "make-seeds: $m failed" >&2; exit 1; }
	# No path of this machine in committed files.
	sed "s#$src/#/srv/eitirep/#g" "$tmp/$name/results.xml" \
		>"$dest/$name.xml"
done
# Strings made to be slow or to overflow (issue 14): a title with no
# break opportunity and a company name stacked with combining marks.
long=$(LC_ALL=C awk 'BEGIN { s = "W"; while (length(s) < 5000) s = s s
	print substr(s, 1, 5000) }')
marks=$(LC_ALL=C awk 'BEGIN { s = "\314\201"; while (length(s) < 4000)
	s = s s; print substr(s, 1, 4000) }')
sed -e "s|<title>[^<]*</title>|<title>$long</title>|" \
    -e "0,/name=\"/s|name=\"|name=\"A$marks|" \
    "$dest/statuses.xml" >"$dest/hostile-long.xml"
# The cover logo carried in results.xml (issue 14): a 2 x 1 PNG, the
# header of one claiming 20000 x 20000 pixels, bytes that are not a PNG.
logo_seed()
{
	b=$(base64 -w 76 "$2" | sed 's/^/      /')
	awk -v b="$b" '/^  <\/parameters>/ && !done {
		print "    <logo>"; print b; print "    </logo>"; done = 1 }
		{ print }' "$dest/statuses.xml" >"$dest/$1.xml"
}
printf "$(printf '%s' \
    '\211\120\116\107\015\012\032\012\000\000\000\015\111\110\104\122' \
    '\000\000\000\002\000\000\000\001\010\002\000\000\000\173\100\350' \
    '\335\000\000\000\017\111\104\101\124\170\234\143\140\050\336\374' \
    '\277\201\001\000\011\017\002\246\077\035\300\136\000\000\000\000' \
    '\111\105\116\104\256\102\140\202')" >"$tmp/logo.png"
logo_seed logo "$tmp/logo.png"
logo_seed logo-huge-header "$src/fixtures/findings/logo/huge-header.png"
printf 'GIF89a not a PNG' >"$tmp/gif"
logo_seed logo-not-png "$tmp/gif"
ls "$dest"
