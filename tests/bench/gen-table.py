#!/usr/bin/env python3
"""Generate a payments table for the import benchmarks (tests/bench).

usage: gen-table.py csv|xlsx ROWS OUT

Columns as in the ESTMA reports: id, entity, country, payee, category,
amount.  CSV amounts are printed as published ("$1,234,567.89",
"($12.50)"); xlsx amounts are numbers stored the way Excel stores a
double (repr of the binary value, e.g. 2075.8000000000002) and the texts
are shared strings, as Excel writes them.  Fictional companies; the same
bytes for the same arguments.
"""
import random
import sys
import zipfile


def row_values(i, rnd):
    cents = rnd.randrange(-10**6, 10**12)
    return ("E%07d" % i, "Demo Resources %d Ltd." % (i % 997),
            "Colombia" if i % 3 else "Canada",
            "Municipality Demo %d" % (i % 389),
            ("Royalties", "Taxes", "Fees", "Bonuses")[i % 4], cents)


def money(cents):
    s = "{:,}.{:02d}".format(abs(cents) // 100, abs(cents) % 100)
    return "($%s)" % s if cents < 0 else "$%s" % s


def csv(n, out):
    rnd = random.Random(12)
    with open(out, "w", newline="") as f:
        f.write("id,entity,country,payee,category,amount\r\n")
        for i in range(n):
            v = row_values(i, rnd)
            f.write('%s,%s,%s,%s,%s,"%s"\r\n' % (v[:5] + (money(v[5]),)))


def esc(s):
    return s.replace("&", "&amp;").replace("<", "&lt;")


def xlsx(n, out):
    rnd = random.Random(12)
    strings, index = [], {}

    def sst(s):
        if s not in index:
            index[s] = len(strings)
            strings.append(s)
        return index[s]

    ns = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
    rt = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
    z = zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED)
    with z.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as w:
        w.write(('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
                 '<worksheet %s><sheetData>' % ns).encode())
        head = ["id", "entity", "country", "payee", "category", "amount"]
        w.write(("<row r=\"1\">" + "".join(
            '<c r="%s1" t="s"><v>%d</v></c>' % ("ABCDEF"[k], sst(h))
            for k, h in enumerate(head)) + "</row>").encode())
        buf = []
        for i in range(n):
            v = row_values(i, rnd)
            r = i + 2
            cells = "".join('<c r="%s%d" t="s"><v>%d</v></c>' %
                            ("ABCDE"[k], r, sst(v[k])) for k in range(5))
            amount = repr(v[5] / 100)
            buf.append('<row r="%d">%s<c r="F%d" s="1"><v>%s</v></c></row>'
                       % (r, cells, r, amount))
            if len(buf) == 1000:
                w.write("".join(buf).encode())
                buf = []
        w.write(("".join(buf) + "</sheetData></worksheet>").encode())
    z.writestr("xl/sharedStrings.xml",
               '<sst %s count="%d" uniqueCount="%d">%s</sst>' %
               (ns, len(strings), len(strings),
                "".join("<si><t>%s</t></si>" % esc(s) for s in strings)))
    z.writestr("xl/styles.xml", '<styleSheet %s><cellXfs count="2"><xf '
               'numFmtId="0"/><xf numFmtId="4"/></cellXfs></styleSheet>' % ns)
    z.writestr("xl/workbook.xml",
               '<workbook %s xmlns:r="%s"><sheets><sheet name="Payments" '
               'sheetId="1" r:id="rId1"/></sheets></workbook>'
               % (ns, rt[:-1]))
    z.writestr("xl/_rels/workbook.xml.rels",
               '<Relationships xmlns="http://schemas.openxmlformats.org/'
               'package/2006/relationships"><Relationship Id="rId1" '
               'Type="%sworksheet" Target="worksheets/sheet1.xml"/>'
               '<Relationship Id="rId2" Type="%ssharedStrings" '
               'Target="sharedStrings.xml"/><Relationship Id="rId3" '
               'Type="%sstyles" Target="styles.xml"/></Relationships>'
               % (rt, rt, rt))
    z.writestr("_rels/.rels",
               '<Relationships xmlns="http://schemas.openxmlformats.org/'
               'package/2006/relationships"><Relationship Id="rId1" '
               'Type="%sofficeDocument" Target="xl/workbook.xml"/>'
               '</Relationships>' % rt)
    z.close()


if __name__ == "__main__":
    kind, n, out = sys.argv[1], int(sys.argv[2]), sys.argv[3]
    (csv if kind == "csv" else xlsx)(n, out)
