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
ls "$dest"
