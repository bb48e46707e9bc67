#!/usr/bin/env python3
"""Compare an `eitirep export` workbook and CSV files with results.xml.

usage: export-check.py RESULTS.xml WORKBOOK.xlsx CSVDIR

Independent of the C code: reads results.xml with xml.etree, the
workbook with tests/xlsx-read.py (zipfile + xml.etree) and the CSV files
with the csv module, and checks the sheet names, the headers at the cells
the EITI's importer reads, and every figure:

  Part 4 rows 22..: one per unilateral total, value = declared or g-all;
  Part 5 rows 15..: one per in-scope key, value = g + ag, or c + ac when
                    the key has no government side; K Yes/No from the
                    row's in-kind, L and M its in-kind-volume and
                    in-kind-unit (L a number only when its double gives
                    the volume back exactly, else the text);
  Part 2: Requirement 4.2 "Yes, through EITI reporting" exactly when a
          Part 5 row is in kind;
  Part 3: entities and in-scope companies that reported, cached totals;
  company.csv: Part 5 summed per (company, stream); government.csv: Part 4;
  value_reported_as_USD = value / USD rate, half away from zero, in cents.

Numbers in the workbook must round to the exact amount at the currency's
minor unit with a margin of a quarter unit.  Exit 0 when everything
matches, 1 with one line per mismatch otherwise.
"""
import csv
import importlib.util
import os
import sys
import xml.etree.ElementTree as ET
from decimal import Decimal, ROUND_HALF_UP

NS = {"r": "urn:eitirep:results:1"}
here = os.path.dirname(os.path.abspath(__file__))
spec = importlib.util.spec_from_file_location(
    "xlsx_read", os.path.join(here, "xlsx-read.py"))
xlsx_read = importlib.util.module_from_spec(spec)
spec.loader.exec_module(xlsx_read)

errors = []
compared = 0

SHEETS = ["Introduction", "Part 1 - About", "Part 2 - Disclosure checklist",
          "Part 3 - Reporting entities", "Part 4 - Government revenues",
          "Part 5 - Company data", "Lists"]
P1, P2, P3, P4, P5 = SHEETS[1:6]
COMPANY_COLS = ("created,changed,country,iso3,year,start_date,end_date,"
                "company_name,gfs_code,gfs_description,"
                "name_of_revenue_stream,currency_code,currency_rate,"
                "value_reported,value_reported_as_USD,reporting_url,"
                "commodities,company_identification").split(",")
GOV_COLS = ("created,changed,country,iso3,year,start_date,end_date,"
            "government_agency_name,gfs_code,gfs_description,"
            "name_of_revenue_stream,currency_code,currency_rate,"
            "value_reported,value_reported_as_USD,reporting_url").split(",")


def fail(msg):
    errors.append(msg)


def text(cells, sheet, ref):
    c = cells.get((sheet, ref))
    return c[1] if c is not None else ""


def want_text(cells, sheet, ref, want):
    got = text(cells, sheet, ref)
    if got != want:
        fail("%s!%s: %r, want %r" % (sheet, ref, got, want))


def want_amount(cells, sheet, ref, want, quantum):
    """want: exact Decimal; the cell's number must round to it."""
    global compared
    compared += 1
    c = cells.get((sheet, ref))
    if c is None or c[0] != "n" or c[1] == "":
        fail("%s!%s: no number, want %s" % (sheet, ref, want))
        return
    got = Decimal(c[1])
    if got.quantize(quantum, rounding=ROUND_HALF_UP) != want or \
            abs(got - want) * 4 >= quantum:
        fail("%s!%s: %s, want %s" % (sheet, ref, c[1], want))


def want_volume(cells, sheet, ref, want):
    """want: the exact decimal text of results.xml, or "" for a blank."""
    global compared
    compared += 1
    c = cells.get((sheet, ref))
    if not want:
        if c is not None and c[1] != "":
            fail("%s!%s: %r, want blank" % (sheet, ref, c[1]))
        return
    if c is None:
        fail("%s!%s: blank, want volume %s" % (sheet, ref, want))
    elif c[0] == "s":
        if c[1] != want:
            fail("%s!%s: text %r, want %r" % (sheet, ref, c[1], want))
    elif c[0] != "n" or Decimal(c[1]) != Decimal(want):
        fail("%s!%s: %r, want volume %s" % (sheet, ref, c[1], want))
    elif Decimal(repr(float(c[1]))) != Decimal(want):
        # a reader's double must show the volume itself
        fail("%s!%s: number %s is not exactly %s as a double"
             % (sheet, ref, c[1], want))


def main(results, workbook, csvdir):
    global compared
    root = ET.parse(results).getroot()
    par = root.find("r:parameters", NS)
    currency = par.get("currency")
    digits = int(par.get("currency-digits"))
    quantum = Decimal(1).scaleb(-digits)
    project = par.get("level") == "project"
    generated = root.get("generated")

    def amt(s):
        return Decimal(s) if s else Decimal(0)

    companies = {c.get("id"): c for c in root.iterfind(
        "r:companies/r:company", NS)}
    entities = {e.get("id"): e for e in root.iterfind(
        "r:entities/r:entity", NS)}
    rates = {r.get("currency"): r for r in root.iterfind("r:rates/r:rate",
                                                           NS)}

    def ename(eid):
        e = entities.get(eid)
        return e.get("name") if e is not None and e.get("name") else eid

    def cname(row):
        c = companies.get(row.get("company"))
        if c is not None and c.get("name"):
            return c.get("name")
        return row.get("company-name") or row.get("company")

    names, cells = xlsx_read.read(workbook)
    if names != SHEETS:
        fail("sheets %r, want %r" % (names, SHEETS))

    # Part 1: labels at C, values at E, from row 14
    want_text(cells, P1, "C14", "Country or area name")
    about = {}
    for r in range(14, 200):
        label = text(cells, P1, "C%d" % r)
        if label:
            about[label] = text(cells, P1, "E%d" % r)
    if about.get("Reporting currency (ISO-4217 currency codes)") != \
            currency:
        fail("Part 1: reporting currency %r" % about.get(
            "Reporting currency (ISO-4217 currency codes)"))
    if about.get("\u2026 by project") != ("Yes" if project else "No"):
        fail("Part 1: by project %r" % about.get("\u2026 by project"))
    want_text(cells, P2, "B17",
              "EITI Requirement 2.1: Legal framework and fiscal regime")

    # Part 4: the unilateral totals
    r = 22
    want_text(cells, P4, "F21", "GFS classification")
    grows = []
    for u in root.iterfind("r:coverage/r:unilateral", NS):
        value = amt(u.get("declared") or u.get("g-all"))
        grows.append((u, value))
        f = text(cells, P4, "F%d" % r)
        if not f.endswith(u.get("stream")) and \
                not f.endswith("(%s)" % u.get("stream")):
            fail("%s!F%d: %r, stream %s" % (P4, r, f, u.get("stream")))
        want_text(cells, P4, "I%d" % r, ename(u.get("entity")))
        want_amount(cells, P4, "J%d" % r, value, quantum)
        want_text(cells, P4, "K%d" % r, currency)
        r += 1
    want_text(cells, P4, "F%d" % r, "")

    # Part 5: in-scope keys with the final figure
    r = 15
    want_text(cells, P5, "C14", "Company")
    by_company = {}
    by_cs = {}
    any_in_kind = False
    for row in root.iterfind("r:rows/r:row", NS):
        if row.get("status") == "out-of-scope":
            continue
        if row.get("government-side") == "true":
            value = amt(row.get("g")) + amt(row.get("ag"))
        else:
            value = amt(row.get("c")) + amt(row.get("ac"))
        want_text(cells, P5, "C%d" % r, cname(row))
        want_text(cells, P5, "D%d" % r, ename(row.get("entity")))
        want_text(cells, P5, "H%d" % r, row.get("project") or "")
        want_text(cells, P5, "I%d" % r, currency)
        want_amount(cells, P5, "J%d" % r, value, quantum)
        in_kind = row.get("in-kind") in ("true", "1")
        any_in_kind = any_in_kind or in_kind
        want_text(cells, P5, "K%d" % r, "Yes" if in_kind else "No")
        want_volume(cells, P5, "L%d" % r, row.get("in-kind-volume") or "")
        want_text(cells, P5, "M%d" % r, row.get("in-kind-unit") or "")
        if in_kind and not row.get("in-kind-unit") and \
                "several units" not in text(cells, P5, "N%d" % r):
            fail("%s!N%d: in kind in several units, not said" % (P5, r))
        want_text(cells, P5, "O%d" % r, row.get("company"))
        by_company[row.get("company")] = \
            by_company.get(row.get("company"), 0) + value
        key = (row.get("company"), row.get("stream"))
        by_cs[key] = by_cs.get(key, 0) + value
        r += 1
    want_text(cells, P5, "C%d" % r, "")
    for i in range(17, 200):
        if text(cells, P2, "B%d" % i) == \
                "EITI Requirement 4.2: In-kind revenues":
            want_text(cells, P2, "D%d" % (i + 1),
                      "Yes, through EITI reporting" if any_in_kind else "")
            break
    else:
        fail("Part 2: no Requirement 4.2")

    # Part 1 counts, and Part 3 lists, the in-scope companies that
    # reported (a non-reporting company is not a reporting company)
    reporting = [c for c in companies.values()
                 if c.get("in-scope") == "true" and
                 c.get("reporting") == "true"]
    n = about.get("Number of reporting companies (incl SOEs if payer)")
    if n is None or Decimal(n) != len(reporting):
        fail("Part 1: %r reporting companies, want %d" % (n, len(reporting)))

    # Part 3: in-scope reporting companies with their totals
    want_text(cells, P3, "B13", "Reporting government entities list")
    # companies found by id (column C after the "Company ID references"
    # row): two companies may share a name, and each has its own total
    first = None
    for i in range(13, 2000):
        if text(cells, P3, "B%d" % i) == "Company ID references":
            first = i + 1
            break
    if first is None:
        fail("Part 3: no company list")
    col_c = {}
    for i in range(first, 2000):
        if not text(cells, P3, "B%d" % i):
            break
        col_c[text(cells, P3, "C%d" % i)] = i
    for c in companies.values():
        name = c.get("name") or c.get("id")
        i = col_c.get(c.get("id"))
        if c.get("in-scope") != "true" or c.get("reporting") != "true":
            if i is not None:
                fail("Part 3: out-of-scope or non-reporting company %s "
                     "listed" % c.get("id"))
            continue
        if i is None:
            fail("Part 3: company %s not listed" % c.get("id"))
            continue
        want_text(cells, P3, "B%d" % i, name)
        want_amount(cells, P3, "H%d" % i, by_company.get(c.get("id"), 0),
                    quantum)

    # CSV files
    usd = rates.get("USD")

    def usd_text(value):
        if currency == "USD":
            return "%s" % value.quantize(Decimal("0.01"))
        if usd is None:
            return ""
        q = (value / Decimal(usd.get("value"))).quantize(
            Decimal("0.01"), rounding=ROUND_HALF_UP)
        return "%s" % q

    with open(os.path.join(csvdir, "company.csv"), newline="",
              encoding="utf-8") as f:
        data = f.read()
    if not data.endswith("\r\n") or "\n" in data.replace("\r\n", ""):
        fail("company.csv: lines must end with CRLF")
    rows = list(csv.reader(data.splitlines(True)))
    if rows[0] != COMPANY_COLS:
        fail("company.csv: header %r" % rows[0])
    got = {}
    for rec in rows[1:]:
        d = dict(zip(COMPANY_COLS, rec))
        got[(d["company_identification"], d["gfs_code"])] = d
        if d["created"] != generated or d["currency_code"] != currency:
            fail("company.csv: %r" % rec)
    for key, value in by_cs.items():
        compared += 1
        d = got.get(key)
        if d is None:
            fail("company.csv: no row for %s" % (key,))
            continue
        if Decimal(d["value_reported"]) != value or \
                len(d["value_reported"].partition(".")[2]) != digits:
            fail("company.csv: %s value %s, want %s"
                 % (key, d["value_reported"], value))
        if d["value_reported_as_USD"] != usd_text(value):
            fail("company.csv: %s USD %s, want %s"
                 % (key, d["value_reported_as_USD"], usd_text(value)))
    if len(got) != len(by_cs):
        fail("company.csv: %d rows, want %d" % (len(got), len(by_cs)))

    with open(os.path.join(csvdir, "government.csv"), newline="",
              encoding="utf-8") as f:
        rows = list(csv.reader(f))
    if rows[0] != GOV_COLS:
        fail("government.csv: header %r" % rows[0])
    if len(rows) - 1 != len(grows):
        fail("government.csv: %d rows, want %d" % (len(rows) - 1,
                                                    len(grows)))
    for rec, (u, value) in zip(rows[1:], grows):
        compared += 1
        d = dict(zip(GOV_COLS, rec))
        if d["gfs_code"] != u.get("stream") or \
                d["government_agency_name"] != ename(u.get("entity")) or \
                Decimal(d["value_reported"]) != value or \
                d["value_reported_as_USD"] != usd_text(value):
            fail("government.csv: %r, want %s %s %s" % (
                rec, u.get("entity"), u.get("stream"), value))

    for e in errors[:50]:
        print("export-check: " + e, file=sys.stderr)
    if errors:
        print("export-check: %d mismatches" % len(errors), file=sys.stderr)
        return 1
    print("export-check: %d figures match results.xml" % compared)
    return 0


if __name__ == "__main__":
    if len(sys.argv) != 4:
        print("usage: export-check.py RESULTS.xml WORKBOOK.xlsx CSVDIR",
              file=sys.stderr)
        sys.exit(2)
    sys.exit(main(*sys.argv[1:]))
