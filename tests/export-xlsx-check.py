#!/usr/bin/env python3
"""Compare the results workbook (`eitirep export --xlsx`) with results.csv
and results.xml, figure by figure.

Usage: export-xlsx-check.py RESULTS.xml RESULTS.csv WORKBOOK.xlsx

Every key of results.csv is a row of the Keys sheet in the same order,
with its ids, status and explained flag as text and its six amounts as
number cells equal to the CSV's decimals; every adjustment of
results.xml is a row of the Adjustments sheet with its amount in the
report currency as a number; the sheets are those the export promises.
Reads the workbook with tests/xlsx-read.py (zipfile + xml.etree only).
"""
import csv
import importlib.util
import os
import sys
import xml.etree.ElementTree as ET
from decimal import ROUND_HALF_UP, Decimal

NS = {"r": "urn:eitirep:results:1"}
SHEETS = ["About", "Keys", "Companies", "Company list", "Streams",
          "Entities", "Regions", "Adjustments"]


def fail(msg):
    sys.stderr.write("export-xlsx-check: %s\n" % msg)
    sys.exit(1)


def col(n):
    s = ""
    n += 1
    while n:
        n, r = divmod(n - 1, 26)
        s = chr(65 + r) + s
    return s


def main(argv):
    if len(argv) != 4:
        sys.exit(__doc__)
    here = os.path.dirname(os.path.abspath(__file__))
    spec = importlib.util.spec_from_file_location(
        "xlsx_read", os.path.join(here, "xlsx-read.py"))
    xr = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(xr)
    names, cells = xr.read(argv[3])
    if names != SHEETS:
        fail("sheets %r, want %r" % (names, SHEETS))

    def num(sheet, ref, want):
        c = cells.get((sheet, ref))
        if c is None or c[0] != "n":
            fail("%s!%s: not a number (%r), want %s" % (sheet, ref, c, want))
        # the cell holds the nearest double ("%.16G"), which rounds back
        # to the exact amount at its minor unit
        w = Decimal(want)
        if Decimal(c[1]).quantize(w, rounding=ROUND_HALF_UP) != w:
            fail("%s!%s: %s, want %s" % (sheet, ref, c[1], want))

    def text(sheet, ref, want):
        c = cells.get((sheet, ref))
        got = c[1] if c is not None else ""
        if got != want:
            fail("%s!%s: %r, want %r" % (sheet, ref, got, want))

    with open(argv[2], newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    for i, r in enumerate(rows):
        n = i + 2
        text("Keys", "A%d" % n, r["company_id"].lstrip("'"))
        text("Keys", "C%d" % n, r["entity_id"].lstrip("'"))
        text("Keys", "F%d" % n, r["stream"])
        for c, name in zip("IJKLMN", ["company_amount", "government_amount",
                                      "initial_discrepancy",
                                      "company_adjustment",
                                      "government_adjustment",
                                      "final_discrepancy"]):
            num("Keys", "%s%d" % (c, n), r[name])
        text("Keys", "P%d" % n, r["status"])
        text("Keys", "Q%d" % n, r["explained"])
    text("Keys", "A%d" % (len(rows) + 2), "")

    root = ET.parse(argv[1]).getroot()
    adjs = list(root.find("r:adjustments", NS))
    for i, a in enumerate(adjs):
        n = i + 2
        kind = a.tag.split("}")[1]
        text("Adjustments", "A%d" % n, kind)
        text("Adjustments", "K%d" % n, a.get("reason"))
        if kind == "adjustment":
            num("Adjustments", "J%d" % n, a.get("value"))
            num("Adjustments", "I%d" % n, a.get("amount"))
    overall = root.find("r:totals/r:overall", NS)
    companies = root.findall("r:totals/r:company", NS)
    for i, c in enumerate(companies):
        text("Companies", "A%d" % (i + 2), c.get("key"))
        num("Companies", "J%d" % (i + 2), c.get("gross"))
    if overall is None:
        fail("no overall totals")
    print("%d keys, %d adjustments, %d companies checked"
          % (len(rows), len(adjs), len(companies)))


if __name__ == "__main__":
    main(sys.argv)
