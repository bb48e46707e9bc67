#!/bin/sh
# logo.sh - the cover logo travels inside results.xml.
#
# reconcile reads the manifest's logo once and writes the image base64
# into results.xml: the results render the logo on another machine with
# the file gone.  What is refused (rule LOGO, exit 1, nothing written):
# a FIFO (never waited on), a file over 1 MiB, and a real 1.5 MB PNG of
# 20000 x 20000 pixels, by reconcile and, embedded into results.xml, by
# render before anything decodes it.  (The small cases are golden
# transcripts: fixtures/cli/findings-logo.)
. "$top_srcdir/tests/lib.sh"

[ -n "${PYTHON3:-}" ] || skip "python3 not found"
F="$top_srcdir/fixtures/findings/logo"
mkdir "$T/in"
cp "$F/company.xml" "$F/anm.xml" "$T/in/"
# png.py OUT WIDTH HEIGHT [PAD]: a grey PNG, PAD bytes of ancillary chunk
cat >"$T/png.py" <<'PY'
import struct, sys, zlib
out, w, h = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
pad = int(sys.argv[4]) if len(sys.argv) > 4 else 0
def chunk(t, d):
    return struct.pack(">I", len(d)) + t + d + \
        struct.pack(">I", zlib.crc32(t + d) & 0xffffffff)
z = zlib.compressobj(9)
row = b"\x00" + b"\x80" * w
data = b"".join(z.compress(row) for _ in range(h)) + z.flush()
png = b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", w, h,
      8, 0, 0, 0, 0))
if pad:
    png += chunk(b"zTXt", b"pad\x00\x00" + b"\x00" * pad)
png += chunk(b"IDAT", data) + chunk(b"IEND", b"")
open(out, "wb").write(png)
PY
manifest()
{
	sed "s|<logo href=\"[^\"]*\"/>|<logo href=\"$1\"/>|" "$F/manifest.xml" \
	    >"$T/in/manifest.xml"
}

# --- a logo, carried: the results render it with the file gone -------
"$PYTHON3" "$T/png.py" "$T/in/logo.png" 300 120 || fail "png.py"
manifest logo.png
expect_exit 0 "$EITIREP" reconcile -q "$T/in/manifest.xml" -o "$T/out"
grep -q '<logo>' "$T/out/results.xml" || fail "no logo in results.xml"
grep -q 'logo.png' "$T/out/results.xml" && fail "results.xml names the file"
rm "$T/in/logo.png"
mkdir "$T/elsewhere"
cp "$T/out/results.xml" "$T/elsewhere/"
expect_exit 0 "$EITIREP" render "$T/elsewhere/results.xml" \
	-o "$T/elsewhere/report.pdf"
if command -v pdfimages >/dev/null 2>&1; then
	pdfimages -list "$T/elsewhere/report.pdf" >"$out" 2>&1 ||
		fail "pdfimages"
	grep -q ' 300 *120 ' "$out" || fail "the logo is not in the PDF"
fi

# --- a FIFO: refused at once, never read ------------------------------
mkfifo "$T/in/fifo.png"
manifest fifo.png
expect_exit 1 "$EITIREP" reconcile -q "$T/in/manifest.xml" -o "$T/fifo"
grep -q 'logo fifo.png: not a regular file \[LOGO\]' "$errf" ||
	fail "FIFO: no LOGO finding"
[ ! -e "$T/fifo/results.xml" ] || fail "results written with a FIFO logo"

# --- over 1 MiB: refused -----------------------------------------------
"$PYTHON3" "$T/png.py" "$T/in/big.png" 100 100 1100000 || fail "png.py"
manifest big.png
expect_exit 1 "$EITIREP" reconcile -q "$T/in/manifest.xml" -o "$T/big"
grep -q 'logo big.png: .*1 MiB.*\[LOGO\]' "$errf" || fail "big: no LOGO"

# --- 1.5 MB, 20000 x 20000: refused before decoding -------------------
# (decoded it would take 1.6 GB; under a 600 MB address-space limit,
# where ASan's shadow memory allows one, a decoder would fail instead)
"$PYTHON3" "$T/png.py" "$T/in/huge.png" 20000 20000 1000000 ||
	fail "png.py"
manifest huge.png
expect_exit 1 "$EITIREP" reconcile -q "$T/in/manifest.xml" -o "$T/huge"
grep -q 'logo huge.png: 20000 x 20000 pixels' "$errf" ||
	fail "huge: no LOGO finding naming its size"
"$PYTHON3" - "$T/out/results.xml" "$T/in/huge.png" "$T/huge.xml" <<'PY'
import base64, re, sys
s = open(sys.argv[1]).read()
b = base64.encodebytes(open(sys.argv[2], "rb").read()).decode()
s = re.sub(r"<logo>.*?</logo>", "<logo>\n" + b + "</logo>", s, flags=re.S)
open(sys.argv[3], "w").write(s)
PY
[ -s "$T/huge.xml" ] || fail "huge.xml not made"
if [ -z "${EITI_SANITIZERS:-}" ] && [ -z "${EITI_UNDER_VALGRIND:-}" ]; then
	( ulimit -v 600000 && exec "$EITIREP" render "$T/huge.xml" \
	    -o "$T/huge.pdf" ) >"$out" 2>"$errf"
	status=$?
else
	"$EITIREP" render "$T/huge.xml" -o "$T/huge.pdf" >"$out" 2>"$errf"
	status=$?
fi
[ "$status" -eq 1 ] || fail "render of a 20000 x 20000 logo: exit $status"
grep -q 'huge.xml:[0-9]*:[0-9]*: error: logo: 20000 x 20000 pixels.*\[LOGO\]' \
	"$errf" || fail "render: no LOGO finding"
[ ! -e "$T/huge.pdf" ] || fail "a report was written"
pass
