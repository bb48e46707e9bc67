#!/usr/bin/env python3
"""Rebuild a USEITI reconciliation workbook from a USEITI table (TSV),
for tests/import-real.sh: the useiti-workbook profile must read another
year's workbook of the same publication, found by its header texts and
not by column letters.

  useiti-workbook.py TABLE.tsv OUT.xlsx

The workbook has the layout of the Independent Administrator's CY2015
workbook (fixtures/import/real/useiti-reconciliation-cy2015.xlsx): sheet
"Data" with one row per company and, per stream, Government, Company,
Variance $ and Variance % columns, DNP/DNR/N/A markers, a "Total Revenue"
row and a "Key" footer, the company side of corporate income tax in the
last column; sheet "Taxes Reconciliation Data" with the companies whose
government reported income tax.  Deliberately not the same as CY2015:
the streams come in another order, a title row and a blank row precede
the header, and header texts break their lines elsewhere.  Every figure
is the table's.  Standard library only; deterministic bytes.
"""
import csv
import sys
import zipfile

DATE = (2022, 1, 1, 0, 0, 0)
NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"

# Another order than the CY2015 workbook's.
STREAMS = ["Bonus & 1st Year Rental", "Permit Fees", "Renewables",
           "Royalties", "Rents", "Bonus", "Other Revenue",
           "Offshore Inspection Fee", "ONRR Civil Penalties", "AML Fees",
           "OSMRE Civil Penalties"]
MARK = {"did not participate": "DNP", "did not report": "DNR",
        "n/a": "N/A", "nan": "N/A", "": "N/A"}


def col(n):
    s = ""
    while n:
        n, r = divmod(n - 1, 26)
        s = chr(65 + r) + s
    return s


def esc(s):
    return (s.replace("&", "&amp;").replace("<", "&lt;")
            .replace(">", "&gt;"))


def cell(ref, v):
    if v is None:
        return ""
    if isinstance(v, str):
        return ('<c r="%s" t="inlineStr"><is><t xml:space="preserve">%s'
                "</t></is></c>" % (ref, esc(v)))
    return '<c r="%s"><v>%s</v></c>' % (ref, v)


def figure(text):
    t = text.strip()
    if t.lower() in MARK:
        return MARK[t.lower()]
    return int(t)


def sheet(rows):
    out = ['<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
           '<worksheet xmlns="%s"><sheetData>' % NS]
    for i, row in enumerate(rows, 1):
        if not row:
            continue
        out.append('<row r="%d">%s</row>' % (i, "".join(
            cell("%s%d" % (col(j), i), v) for j, v in enumerate(row, 1))))
    out.append("</sheetData></worksheet>")
    return "".join(out)


def main(tsv, out):
    data = {}
    order = []
    with open(tsv, encoding="utf-8", newline="") as f:
        for r in csv.DictReader(f, delimiter="\t"):
            name = r["Company"]
            if name not in data:
                data[name] = {}
                order.append(name)
            data[name][r["Type"]] = (figure(r["Government Reported"]),
                                     figure(r["Company Reported"]))
    head = ["In-Scope\nCompanies"]
    for s in STREAMS:
        head += ["%s Government" % s.replace(" ", "\n", 1),
                 "%s\nCompany" % s, "%s\nVariance $" % s,
                 "%s\nVariance %%" % s]
    head.append("Corporate Income\nTax Company")
    rows = [["USEITI reconciliation (rebuilt from the published table)"],
            [], head]
    totals = [0] * (2 * len(STREAMS))
    for name in order:
        row = [name]
        for k, s in enumerate(STREAMS):
            g, c = data[name].get(s, ("N/A", "N/A"))
            var = g - c if isinstance(g, int) and isinstance(c, int) \
                else "N/A"
            row += [g, c, var, "N/A" if var == "N/A" or g == 0
                    else "%.4f" % (var / g)]
            if isinstance(g, int):
                totals[2 * k] += g
            if isinstance(c, int):
                totals[2 * k + 1] += c
        row.append(data[name].get("Corporate Income Tax", (0, "N/A"))[1])
        rows.append(row)
    total = ["Total Revenue"]
    for k in range(len(STREAMS)):
        total += [totals[2 * k], totals[2 * k + 1], None, None]
    rows += [total, [], ["Key"], [None, "Revenue stream collected by ONRR"]]
    taxes = [["Reporting Companies", "Corporate Income Tax Government",
              "Corporate Income Tax Company",
              "Corporate Income Tax Variance $",
              "Corporate Income Tax Variance %"]]
    for name in order:
        g, c = data[name].get("Corporate Income Tax", ("N/A", "N/A"))
        if isinstance(g, int):
            taxes.append([name, g, c, g - c if isinstance(c, int)
                          else "N/A", None])
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        def add(name, text):
            z.writestr(zipfile.ZipInfo(name, date_time=DATE), text,
                       zipfile.ZIP_DEFLATED)
        add("[Content_Types].xml",
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/'
            'content-types"><Default Extension="xml" ContentType='
            '"application/xml"/><Default Extension="rels" ContentType='
            '"application/vnd.openxmlformats-package.relationships+xml"/>'
            '</Types>')
        add("_rels/.rels",
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            '<Relationships xmlns="http://schemas.openxmlformats.org/package'
            '/2006/relationships"><Relationship Id="rId1" Type="%s/'
            'officeDocument" Target="xl/workbook.xml"/></Relationships>' % R)
        add("xl/workbook.xml",
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            '<workbook xmlns="%s" xmlns:r="%s"><sheets>'
            '<sheet name="Data" sheetId="1" r:id="rId1"/>'
            '<sheet name="Taxes Reconciliation Data" sheetId="2" '
            'r:id="rId2"/></sheets></workbook>' % (NS, R))
        add("xl/_rels/workbook.xml.rels",
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            '<Relationships xmlns="http://schemas.openxmlformats.org/package'
            '/2006/relationships">'
            '<Relationship Id="rId1" Type="%s/worksheet" '
            'Target="worksheets/sheet1.xml"/>'
            '<Relationship Id="rId2" Type="%s/worksheet" '
            'Target="worksheets/sheet2.xml"/></Relationships>' % (R, R))
        add("xl/worksheets/sheet1.xml", sheet(rows))
        add("xl/worksheets/sheet2.xml", sheet(taxes))


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
