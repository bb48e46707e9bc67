#!/bin/sh
# layering.sh - the layers the build states (Makefile.am), checked from the
# build itself.
#
# 1. Objects: for every libeiti*.a of the build, which library defines each
#    eiti_ symbol an object needs (nm); a library may only need itself and
#    the libraries its row of ALLOWED names.
# 2. Third-party libraries: an object may only call into a third-party
#    library (by its symbol prefix) from the one layer that owns it; the
#    objects of the eitirep binary (src/cli) call none directly.
# 3. Headers: a file of src/DIR may only include the headers of DIR and of
#    the directories DIR may use ("DIR/x.h"), and a third-party header only
#    in the place that owns it.
# 4. Fragments: src/DIR/local.mk names the files of src/DIR only.
#
# Every violation is printed (object or file, and the symbol or header),
# then the test fails.  A new library or directory must be given a row
# below first.
set -u
top_builddir=${top_builddir:-.}
top_srcdir=${top_srcdir:-.}
NM=${NM:-nm}

# What each layer may use besides itself.  cli (the eitirep binary) may
# use everything and is not listed.
ALLOWED='
core:
model: core
cache: model core
validate: model core
reconcile: model core
render: model core
export: model core
fetch: cache model core
import: validate model core
pipeline: validate reconcile fetch cache import model core
verify: pipeline render validate reconcile import cache model core
'

# Third-party libraries, one a line: name; symbol pattern (extended regex,
# matched against undefined symbols); header pattern (matched against the
# text between <>); the one place (layer, or one file of src/) allowed to use them.
THIRD_PARTY='
libxml2;^(xml[A-Z]|html[A-Z]|__xml);^libxml/;validate
libcurl;^curl_;^curl/;fetch
cairo;^cairo_;^cairo(-pdf)?\.h$;render
pango;^pango_;^pango/;render
libxlsxwriter;^(workbook|worksheet|lxw|chart|format)_;^xlsxwriter(\.h$|/);export
libzip;^zip_;^zip\.h$;import
libcsv;^csv_(init|parse|fini|free|write);^csv\.h$;import
libcrypto;^(EVP|OPENSSL|CRYPTO|SHA256|ERR)_;^openssl/;src/core/sha256.c
poppler;^poppler_;^poppler/;verify'

fail=0
tmp=$(mktemp -d "${TMPDIR:-/tmp}/eiti-layering.XXXXXX") || exit 99
trap 'rm -rf "$tmp"' EXIT

bad()
{
	echo "layering: $*" >&2
	fail=1
}

# layer of a library file name: libeitirecon.a -> reconcile
layer_of_lib()
{
	l=${1##*/}
	l=${l#libeiti}
	l=${l%.a}
	case $l in
	recon) echo reconcile ;;
	*) echo "$l" ;;
	esac
}

allowed_of()
{
	printf '%s\n' "$ALLOWED" | awk -v l="$1" -F: '
		$1 == l { sub(/^ */, "", $2); print $2; found = 1 }
		END { if (!found) print "?" }'
}

# --- 1. objects ------------------------------------------------------
libs=$(ls "$top_builddir"/libeiti*.a 2>/dev/null)
if [ -z "$libs" ]; then
	echo "layering: no libeiti*.a in $top_builddir (build first)" >&2
	exit 99
fi
: >"$tmp/defs"
: >"$tmp/uses"
for lib in $libs; do
	layer=$(layer_of_lib "$lib")
	if [ "$(allowed_of "$layer")" = "?" ]; then
		bad "${lib##*/}: layer '$layer' has no row in the table" \
			"of tests/layering.sh"
		continue
	fi
	# "LIB.a:OBJ.o: [addr] TYPE SYMBOL"
	$NM -A -g --defined-only "$lib" 2>/dev/null |
		awk -v l="$layer" '{ print $NF, l }' >>"$tmp/defs"
	$NM -A -u "$lib" 2>/dev/null |
		awk -v l="$layer" '{
			o = $1; sub(/:$/, "", o); sub(/^.*\.a:/, "", o)
			print l, o, $NF }' >>"$tmp/uses"
done
for o in "$top_builddir"/src/cli/eitirep-*.o; do
	[ -f "$o" ] || continue
	$NM -A -u "$o" 2>/dev/null | awk '{
		o = $1; sub(/:$/, "", o); sub(/^.*\//, "", o)
		print "cli", o, $NF }' >>"$tmp/uses"
done
sort -u "$tmp/defs" >"$tmp/defs.s"

# LAYER OBJECT SYMBOL DEFINING-LAYER, for eiti_ symbols of other layers
awk 'NR == FNR { def[$1] = $2; next }
	$3 ~ /^eiti_/ && ($3 in def) && def[$3] != $1 {
		print $1, $2, $3, def[$3] }' "$tmp/defs.s" "$tmp/uses" |
	sort -u >"$tmp/cross"
while read -r layer obj sym owner; do
	[ "$layer" = cli ] && continue
	ok=no
	for a in $(allowed_of "$layer"); do
		[ "$a" = "$owner" ] && ok=yes
	done
	[ $ok = yes ] ||
		bad "$obj ($layer) uses $sym of $owner;" \
			"$layer may use only: $(allowed_of "$layer")"
done <"$tmp/cross"

# eiti_ symbols nobody defines are a build error elsewhere; symbols
# defined twice would make the table ambiguous.
awk '{ n[$1]++ } END { for (s in n) if (n[s] > 1) print s }' \
	"$tmp/defs.s" | while read -r sym; do
	bad "$sym is defined by more than one library:" \
		"$(awk -v s="$sym" '$1 == s { print $2 }' "$tmp/defs.s" |
			tr '\n' ' ')"
done

# --- 2. third-party symbols ------------------------------------------
printf '%s\n' "$THIRD_PARTY" | while IFS=';' read -r name sympat hdrpat owner; do
	[ -n "$name" ] || continue
	awk -v pat="$sympat" '$3 ~ pat' "$tmp/uses" | sort -u |
		while read -r layer obj sym; do
			case $owner in
			src/*)
				base=${owner##*/}
				base=${base%.c}
				case $obj in
				*"-$base.o") continue ;;
				esac
				;;
			*) [ "$layer" = "$owner" ] && continue ;;
			esac
			echo "layering: $obj ($layer) calls $sym of $name;" \
				"only $owner may" >&2
			echo x >>"$tmp/fail"
		done
done

# --- 3. headers ------------------------------------------------------
for f in $(cd "$top_srcdir" && find src -name '*.[ch]' | sort); do
	dir=${f#src/}
	dir=${dir%%/*}
	[ "$dir" = cli ] && allowed=ALL || allowed=$(allowed_of "$dir")
	if [ "$allowed" = "?" ]; then
		bad "$f: directory src/$dir has no row in the table of" \
			"tests/layering.sh"
		continue
	fi
	# project headers: "DIR/name.h"
	sed -n 's/^[ 	]*#[ 	]*include[ 	]*"\([a-z0-9_]*\)\/.*/\1/p' \
		"$top_srcdir/$f" | sort -u | while read -r d; do
		[ "$d" = "$dir" ] && continue
		[ "$allowed" = ALL ] && continue
		ok=no
		for a in $allowed; do
			[ "$a" = "$d" ] && ok=yes
		done
		if [ $ok = no ]; then
			echo "layering: $f includes a header of src/$d;" \
				"$dir may use only: $allowed" >&2
			echo x >>"$tmp/fail"
		fi
	done
	# third-party headers: <...>
	sed -n 's/^[ 	]*#[ 	]*include[ 	]*<\([^>]*\)>.*/\1/p' \
		"$top_srcdir/$f" | sort -u | while read -r h; do
		printf '%s\n' "$THIRD_PARTY" |
			while IFS=';' read -r name sympat hdrpat owner; do
				[ -n "$name" ] || continue
				printf '%s\n' "$h" | grep -Eq "$hdrpat" || continue
				case $owner in
				src/*) [ "$f" = "$owner" ] && continue ;;
				*) [ "$dir" = "$owner" ] && continue ;;
				esac
				echo "layering: $f includes <$h> of $name;" \
					"only $owner may" >&2
				echo x >>"$tmp/fail"
			done
	done
done

# --- 4. each fragment builds its own directory ------------------------
for mk in $(cd "$top_srcdir" && ls src/*/local.mk); do
	dir=${mk#src/}
	dir=${dir%/local.mk}
	grep -o 'src/[a-z0-9_]*/' "$top_srcdir/$mk" | sort -u |
		while read -r other; do
			[ "$other" = "src/$dir/" ] && continue
			echo "layering: $mk names files of $other; each" \
				"local.mk builds only its own directory" >&2
			echo x >>"$tmp/fail"
		done
done

[ -s "$tmp/fail" ] && fail=1
if [ $fail -ne 0 ]; then
	echo "layering: FAIL (the table is in tests/layering.sh;" \
		"the layers in Makefile.am)" >&2
	exit 1
fi
echo "layering: $(echo "$libs" | wc -w) libraries and the eitirep" \
	"objects keep to their layers"
exit 0
