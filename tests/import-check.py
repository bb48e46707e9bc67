#!/usr/bin/env python3
"""Check what `eitirep import` made of a real table against an
independent reading of the same table (Python standard library only:
csv, decimal, zipfile, xml.etree), for tests/import-real.sh.

  import-check.py estma BOOK.xlsx OUT.xml COUNTRY-NAME CYCLE VIEW
      every filer's payments in the country, reporting cycle and view
      sum, per filer (estma_id), to the disclosure's figures; amounts
      read as Excel shows them (15 significant digits) and rounded half
      away from zero to the cent.
  import-check.py onrr TABLE.tsv OUT.xml
      the totals per stream and agency equal the table's revenue per
      revenue type ("$1,234.56", "-$1.00"; "Withheld" is no figure).
  import-check.py sdt BOOK.xlsx OUT.xml
      every row of "Part 5 - Company data" is one payment with the same
      company, entity, stream, project, currency and value.

Prints one line per disagreement and exits 1 if there is any.
"""
import csv
import decimal
import re
import sys
import xml.etree.ElementTree as ET
import zipfile
from decimal import Decimal

M = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
R = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
D = "{urn:eitirep:disclosure:1}"


def sheet_rows(path, name=None):
    """{row number: {column letters: (type, text)}} of one sheet."""
    z = zipfile.ZipFile(path)
    shared = []
    if "xl/sharedStrings.xml" in z.namelist():
        for si in ET.fromstring(z.read("xl/sharedStrings.xml")):
            # The item's own text and its rich-text runs, not the
            # phonetic guides (rPh).
            parts = [si.find(M + "t")] + [r.find(M + "t")
                                           for r in si.findall(M + "r")]
            shared.append("".join(t.text or "" for t in parts
                                  if t is not None))
    wb = ET.fromstring(z.read("xl/workbook.xml"))
    rels = ET.fromstring(z.read("xl/_rels/workbook.xml.rels"))
    target = {r.get("Id"): r.get("Target") for r in rels}
    sheets = wb.find(M + "sheets")
    sid = None
    for s in sheets:
        if name is None or s.get("name") == name:
            sid = s.get(R + "id")
            break
    part = target[sid]
    part = part.lstrip("/")
    if not part.startswith("xl/"):
        part = "xl/" + part
    rows = {}
    for _, el in ET.iterparse(z.open(part)):
        if el.tag != M + "c":
            continue
        ref = el.get("r")
        m = re.match(r"([A-Z]+)(\d+)$", ref)
        t = el.get("t", "n")
        if t == "inlineStr":
            text = "".join(x.text or "" for x in el.iter(M + "t"))
        else:
            v = el.find(M + "v")
            text = v.text if v is not None and v.text is not None else ""
            if t == "s":
                text = shared[int(text)]
        rows.setdefault(int(m.group(2)), {})[m.group(1)] = (t, text)
        el.clear()
    return rows


def excel_cents(text):
    """A stored number as Excel shows it (15 significant digits, half
    away from zero), then to the cent half away from zero."""
    d = Decimal(text)
    ctx = decimal.Context(prec=15, rounding=decimal.ROUND_HALF_UP)
    d = ctx.plus(d)
    return d.quantize(Decimal("0.01"), rounding=decimal.ROUND_HALF_UP)


def disclosure(path):
    root = ET.parse(path).getroot()
    return root


def fail(msgs):
    for m in msgs:
        print(m)
    return 1 if msgs else 0


def estma(book, out, country, cycle, view):
    rows = sheet_rows(book)
    head = {v[1]: k for k, v in rows[1].items()}
    want = {}
    for n in sorted(rows):
        if n == 1:
            continue
        r = rows[n]

        def get(c):
            return r.get(head[c], ("", ""))[1]
        if " ".join(get("country").split()).lower() != country.lower():
            continue
        if get("reporting_cylce") != cycle or get("payee_or_project") != view:
            continue
        fid = get("estma_id")
        want[fid] = want.get(fid, Decimal(0)) + excel_cents(
            get("amount_reported_cad"))
    got = {}
    for p in disclosure(out).iter(D + "payment"):
        got[p.get("company")] = got.get(p.get("company"), Decimal(0)) + \
            Decimal(p.get("amount"))
    msgs = []
    for fid in sorted(set(want) | set(got)):
        if want.get(fid) != got.get(fid):
            msgs.append("estma %s: table %s, disclosure %s" %
                        (fid, want.get(fid), got.get(fid)))
    if not want:
        msgs.append("estma: no rows for %s %s %s" % (country, cycle, view))
    print("estma: %d filers, %s CAD" % (len(want), sum(want.values())))
    return fail(msgs)


ONRR_TYPES = {
    "ONRR - Royalties": ("1415E1", "ONRR"),
    "ONRR/BLM - Rents": ("1415E5", "ONRR"),
    "ONRR/BLM - Bonus": ("1415E2", "ONRR"),
    "ONRR - Other Revenues": ("14E", "ONRR"),
    "ONRR - Inspection Fees": ("1422E", "ONRR"),
    "ONRR - Civil Penalties": ("143E", "ONRR"),
    "BLM - Permit Fees": ("1422E", "BLM"),
    "OSMRE - AML Fees including Audits and Late Charges": ("1145E", "OSMRE"),
    "OSMRE - Civil Penalties including Late Charges": ("143E", "OSMRE"),
}


def dollars(text):
    t = text.strip()
    neg = t.startswith("-")
    t = t.lstrip("-").lstrip("$").replace(",", "")
    v = Decimal(t)
    return -v if neg else v


def onrr(table, out):
    want = {}
    with open(table, encoding="utf-8", newline="") as f:
        for r in csv.DictReader(f, delimiter="\t", quoting=csv.QUOTE_NONE):
            if r["Revenue"] == "Withheld":
                continue
            key = ONRR_TYPES[r["Revenue Type"]]
            want[key] = want.get(key, Decimal(0)) + dollars(r["Revenue"])
    got = {}
    for t in disclosure(out).iter(D + "total"):
        key = (t.get("stream"), t.get("entity"))
        got[key] = got.get(key, Decimal(0)) + Decimal(t.get("amount"))
    msgs = ["onrr %s/%s: table %s, disclosure %s" %
            (k[0], k[1], want.get(k), got.get(k))
            for k in sorted(set(want) | set(got))
            if want.get(k) != got.get(k)]
    print("onrr: %d stream totals, %s USD" %
          (len(want), sum(want.values())))
    return fail(msgs)


def sdt(book, out):
    rows = sheet_rows(book, "Part 5 - Company data")
    hrow = next(n for n in sorted(rows)
                if any(v[1] == "GFS code" for v in rows[n].values()))
    head = {v[1]: k for k, v in rows[hrow].items()}
    want = []
    for n in sorted(rows):
        if n <= hrow:
            continue
        r = rows[n]

        def get(c):
            return r.get(head[c], ("", ""))[1]
        if get("Reporting currency") == "Total":
            break
        if not get("GFS code"):
            continue
        want.append((get("Company"), get("Government entity"),
                     get("GFS code"), get("Project name"),
                     get("Reporting currency"),
                     Decimal(get("Revenue value")).quantize(Decimal("0.01"))))
    root = disclosure(out)
    cname = {c.get("id"): c.get("name") for c in root.iter(D + "company")}
    ename = {e.get("id"): e.get("name") for e in root.iter(D + "entity")}
    got = [(cname[p.get("company")], ename[p.get("entity")],
            p.get("stream"), p.get("project") or "",
            p.get("currency") or root.get("currency"),
            Decimal(p.get("amount")))
           for p in root.iter(D + "payment")]
    msgs = []
    if sorted(want) != sorted(got):
        for w in sorted(set(want) - set(got)):
            msgs.append("sdt: workbook row not imported: %r" % (w,))
        for g in sorted(set(got) - set(want)):
            msgs.append("sdt: imported payment not in the workbook: %r" %
                        (g,))
        if not msgs:
            msgs.append("sdt: the same rows, not the same number of times")
    print("sdt: %d rows, %s" % (len(want), sum(w[5] for w in want)))
    return fail(msgs)


def main(argv):
    if len(argv) >= 2 and argv[1] == "estma" and len(argv) == 7:
        return estma(*argv[2:])
    if len(argv) == 4 and argv[1] == "onrr":
        return onrr(argv[2], argv[3])
    if len(argv) == 4 and argv[1] == "sdt":
        return sdt(argv[2], argv[3])
    print(__doc__, file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv))
