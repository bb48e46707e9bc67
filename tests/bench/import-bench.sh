#!/bin/sh
# import-bench.sh - `eitirep import` of a generated table of N payment
# rows (default 1,000,000) in the generic-en layout, as CSV and as xlsx,
# against a plain Python 3 standard-library conversion of the same file to
# the same XML (csv + decimal; zipfile + xml.etree iterparse for xlsx),
# then `eitirep reconcile` of a manifest that names the table twice (as
# the company and as the government side).  Peak memory from GNU time.
# Not part of `make check`.
#
# Targets (issue 12): import at least 5x faster than the Python
# conversion; memory flat in rows, at most 64 MiB for the import alone.
#
# usage: tests/bench/import-bench.sh [-r RUNS] [ROWS]
#   EITIREP (default ./eitirep)  PYTHON3 (default python3)
#   top_srcdir (default: the directory above this script's)
# Each measurement is the best of RUNS runs (default 1): the machine may
# be shared.
set -eu

here=$(cd "$(dirname "$0")" && pwd)
top_srcdir=${top_srcdir:-$(cd "$here/../.." && pwd)}
EITIREP=${EITIREP:-./eitirep}
PYTHON3=${PYTHON3:-python3}
EITIREP_DATADIR=${EITIREP_DATADIR:-$top_srcdir}
export EITIREP_DATADIR
runs=1
if [ "${1:-}" = -r ]; then
	runs=$2
	shift 2
fi
rows=${1:-1000000}
[ -x /usr/bin/time ] || { echo "needs GNU time (/usr/bin/time)" >&2; exit 2; }

tmp=$(mktemp -d "${TMPDIR:-/tmp}/import-bench.XXXXXX")
trap 'rm -rf "$tmp"' EXIT INT TERM

# --- the tables ----------------------------------------------------------
"$PYTHON3" - "$rows" "$tmp/t.csv" "$tmp/t.xlsx" <<'EOF'
import random, sys, zipfile
n = int(sys.argv[1])
r = random.Random(12)
companies = [("NIT-9%08d" % i, "Empresa Ficticia %d S.A.S." % i)
             for i in range(200)]
entities = [("ANM", "Agencia Nacional de Minería"),
            ("ANH", "Agencia Nacional de Hidrocarburos"),
            ("DIAN", "Dirección de Impuestos y Aduanas Nacionales")]
streams = ["1415E1", "1415E2", "1112E1", "1422E", "1415E5"]
head = ["Company ID", "Company", "Entity ID", "Entity", "Revenue stream",
        "Amount", "Currency", "Date", "Project"]
rows = []
with open(sys.argv[2], "w", encoding="utf-8", newline="") as f:
    f.write(",".join(head) + "\n")
    for i in range(n):
        c = r.choice(companies)
        e = r.choice(entities)
        a = r.randrange(1, 10**11)
        amount = "{:,}.{:02d}".format(a // 100, a % 100)
        row = (c[0], c[1], e[0], e[1], r.choice(streams), a,
               "2022-%02d-%02d" % (r.randrange(1, 13), r.randrange(1, 29)),
               "P-%d" % r.randrange(500))
        f.write('%s,"%s",%s,%s,%s,"%s",COP,%s,%s\n' % (
            row[0], row[1], row[2], row[3], row[4], amount, row[6], row[7]))
        rows.append(row)
# The same rows as an xlsx workbook: shared strings, amounts as numbers.
sst, idx = [], {}
def s(v):
    if v not in idx:
        idx[v] = len(sst)
        sst.append(v)
    return idx[v]
def esc(v):
    return v.replace("&", "&amp;").replace("<", "&lt;")
def col(j):
    return "ABCDEFGHI"[j]
M = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
RR = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
z = zipfile.ZipFile(sys.argv[3], "w", zipfile.ZIP_DEFLATED)
with z.open("xl/worksheets/sheet1.xml", "w") as w:
    out = []
    out.append('<?xml version="1.0" encoding="UTF-8"?><worksheet %s>'
               '<sheetData>' % M)
    out.append('<row r="1">' + "".join(
        '<c r="%s1" t="s"><v>%d</v></c>' % (col(j), s(h))
        for j, h in enumerate(head)) + "</row>")
    for i, row in enumerate(rows, 2):
        cells = []
        for j, v in enumerate((row[0], row[1], row[2], row[3], row[4], None,
                               "COP", row[6], row[7])):
            if v is None:
                a = row[5]
                cells.append('<c r="F%d"><v>%d.%02d</v></c>' %
                             (i, a // 100, a % 100))
            else:
                cells.append('<c r="%s%d" t="s"><v>%d</v></c>' %
                             (col(j), i, s(v)))
        out.append('<row r="%d">%s</row>' % (i, "".join(cells)))
        if len(out) > 10000:
            w.write("".join(out).encode())
            out = []
    out.append("</sheetData></worksheet>")
    w.write("".join(out).encode())
z.writestr("xl/sharedStrings.xml",
           '<?xml version="1.0" encoding="UTF-8"?><sst %s count="%d" '
           'uniqueCount="%d">%s</sst>' % (M, len(sst), len(sst), "".join(
               "<si><t>%s</t></si>" % esc(v) for v in sst)))
z.writestr("xl/workbook.xml",
           '<?xml version="1.0" encoding="UTF-8"?><workbook %s xmlns:r="%s">'
           '<sheets><sheet name="Data" sheetId="1" r:id="rId1"/></sheets>'
           '</workbook>' % (M, RR))
z.writestr("xl/_rels/workbook.xml.rels",
           '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns='
           '"http://schemas.openxmlformats.org/package/2006/relationships">'
           '<Relationship Id="rId1" Type="%s/worksheet" Target="worksheets/'
           'sheet1.xml"/><Relationship Id="rId2" Type="%s/sharedStrings" '
           'Target="sharedStrings.xml"/></Relationships>' % (RR, RR))
z.writestr("[Content_Types].xml",
           '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://'
           'schemas.openxmlformats.org/package/2006/content-types"><Default '
           'Extension="xml" ContentType="application/xml"/></Types>')
z.close()
EOF

# --- the Python conversion -------------------------------------------------
cat >"$tmp/conv.py" <<'EOF'
"""The same table to the same disclosure, Python standard library only."""
import csv, sys, tempfile, zipfile
import xml.etree.ElementTree as ET
from decimal import Decimal, ROUND_HALF_UP
from xml.sax.saxutils import quoteattr

STREAMS = {"1415E1", "1415E2", "1112E1", "1422E", "1415E5"}


def rows_csv(path):
    with open(path, encoding="utf-8-sig", newline="") as f:
        rd = csv.reader(f)
        next(rd)
        for line, row in enumerate(rd, 2):
            yield "%d:6" % line, row


def rows_xlsx(path):
    z = zipfile.ZipFile(path)
    M = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
    sst = ["".join(t.text or "" for t in si.iter(M + "t"))
           for si in ET.fromstring(z.read("xl/sharedStrings.xml"))]
    row, n = None, 0
    for ev, el in ET.iterparse(z.open("xl/worksheets/sheet1.xml"),
                               events=("start", "end")):
        if ev == "start" and el.tag == M + "row":
            row, n = [], int(el.get("r"))
        elif ev == "end" and el.tag == M + "c":
            v = el.find(M + "v").text
            row.append(sst[int(v)] if el.get("t") == "s" else v)
            el.clear()
        elif ev == "end" and el.tag == M + "row":
            if n > 1:
                yield "Data!F%d" % n, row
            el.clear()


def main(src, kind, out):
    companies, entities = {}, {}
    body = tempfile.TemporaryFile("w+", encoding="utf-8")
    rows = rows_csv(src) if kind == "csv" else rows_xlsx(src)
    for cell, (cid, cname, eid, ename, stream, amount, cur, date,
               project) in rows:
        companies.setdefault(cid, cname)
        entities.setdefault(eid, ename)
        if stream not in STREAMS:
            raise SystemExit("unknown stream %s at %s" % (stream, cell))
        a = Decimal(amount.replace(",", "")).quantize(
            Decimal("0.01"), rounding=ROUND_HALF_UP)
        body.write('  <payment id=%s company=%s entity=%s stream=%s '
                   'amount="%s" currency=%s date=%s project=%s/>\n' % (
                       quoteattr(cell), quoteattr(cid), quoteattr(eid),
                       quoteattr(stream), a, quoteattr(cur),
                       quoteattr(date), quoteattr(project)))
    with open(out, "w", encoding="utf-8") as f:
        f.write('<?xml version="1.0" encoding="UTF-8"?>\n<disclosure '
                'xmlns="urn:eitirep:disclosure:1" role="company" '
                'country="CO" period-start="2022-01-01" '
                'period-end="2022-12-31" reporter="X" currency="COP">\n')
        for k, v in entities.items():
            f.write('  <entity id=%s name=%s level="national"/>\n' %
                    (quoteattr(k), quoteattr(v)))
        for k, v in companies.items():
            f.write('  <company id=%s name=%s sector="other"/>\n' %
                    (quoteattr(k), quoteattr(v)))
        body.seek(0)
        for line in body:
            f.write(line)
        f.write("</disclosure>\n")


main(*sys.argv[1:])
EOF

cat >"$tmp/m.xml" <<'EOF'
<reconciliation xmlns="urn:eitirep:manifest:1" country="CO"
                period-start="2022-01-01" period-end="2022-12-31"
                currency="COP">
  <source role="company" href="t.csv" profile="generic-en">
    <param name="role" value="company"/><param name="country" value="CO"/>
    <param name="year" value="2022"/><param name="reporter" value="X"/>
    <param name="currency" value="COP"/>
  </source>
  <source role="government" href="t.csv" profile="generic-en">
    <param name="role" value="government"/><param name="country" value="CO"/>
    <param name="year" value="2022"/><param name="reporter" value="X"/>
    <param name="currency" value="COP"/>
  </source>
</reconciliation>
EOF

# measure CMD...: prints "WALL_SECONDS CPU_SECONDS MAXRSS_KIB", the best
# wall and CPU (user + system) times of $runs runs and the largest peak.
# On a shared machine the CPU time is the fairer figure.
measure() {
	bw= bc= rss=0 i=0
	while [ "$i" -lt "$runs" ]; do
		/usr/bin/time -f '%e %U %S %M' -o "$tmp/time" "$@" \
		    >/dev/null 2>"$tmp/err" || {
			echo "failed: $*" >&2
			tail -5 "$tmp/err" >&2
			exit 1
		}
		read -r w u s m <"$tmp/time"
		c=$(awk -v u="$u" -v s="$s" 'BEGIN { printf "%.2f", u + s }')
		if [ -z "$bw" ] || awk "BEGIN{exit !($w < $bw)}"; then
			bw=$w
		fi
		if [ -z "$bc" ] || awk "BEGIN{exit !($c < $bc)}"; then
			bc=$c
		fi
		[ "$m" -gt "$rss" ] && rss=$m
		i=$((i + 1))
	done
	echo "$bw $bc $rss"
}

imp="--profile generic-en --set role=company --set country=CO --set year=2022 --set reporter=X --set currency=COP"
printf '%-6s %-30s %8s %8s %10s\n' table tool "wall s" "cpu s" "peak KiB"
for kind in csv xlsx; do
	# shellcheck disable=SC2086 # imp is a word list
	set -- $(measure "$EITIREP" import "$tmp/t.$kind" $imp -q \
	    -o "$tmp/e.xml")
	ew=$1 ec=$2
	printf '%-6s %-30s %8s %8s %10s\n' "$kind" "eitirep import" "$1" "$2" \
	    "$3"
	set -- $(measure "$PYTHON3" "$tmp/conv.py" "$tmp/t.$kind" "$kind" \
	    "$tmp/p.xml")
	printf '%-6s %-30s %8s %8s %10s\n' "$kind" "python3 (stdlib + decimal)" \
	    "$1" "$2" "$3"
	awk -v ew="$ew" -v ec="$ec" -v pw="$1" -v pc="$2" -v k="$kind" \
	    'BEGIN { printf "%-6s speed-up: %.1fx wall, %.1fx cpu\n", k,
		(ew > 0 ? pw / ew : 0), (ec > 0 ? pc / ec : 0) }'
	# The same payments, whichever wrote them.
	a=$(grep -c '<payment ' "$tmp/e.xml")
	b=$(grep -c '<payment ' "$tmp/p.xml")
	[ "$a" -eq "$b" ] || { echo "payments differ: $a, $b" >&2; exit 1; }
done
set -- $(measure "$EITIREP" reconcile "$tmp/m.xml" -q -o "$tmp/out")
printf '%-6s %-30s %8s %8s %10s\n' csv "eitirep reconcile (2 sides)" "$1" \
    "$2" "$3"
echo "rows: $rows; sizes (bytes):"
ls -l "$tmp/t.csv" "$tmp/t.xlsx" "$tmp/e.xml" | awk '{ print "  " $5, $NF }'
