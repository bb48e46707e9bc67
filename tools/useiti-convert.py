#!/usr/bin/env python3
"""useiti-convert.py - turn a published USEITI reconciliation table into
eitirep inputs (SPEC section 3): one manifest, one government disclosure per
collecting agency and one company disclosure per participating company.

Usage:
    useiti-convert.py TSV OUTDIR --calendar-year YEAR [--report-year R]

TSV is the long-format table of the DOI-ONRR/doi-extractives-data
repository (data/reconciliation/output/YEAR.tsv): Year, Company, Type,
Government Reported, Company Reported, Variance Dollars, Variance Percent.
Its "Year" column is the report's label, not the calendar year of the
payments, hence --calendar-year.

Conversion rules (fixtures/useiti/README.md explains the choices):
- Each Type (revenue stream) belongs to one agency and gets a GFS code that
  no other stream of the same agency uses (STREAMS below).
- A figure is a number (plain, "$"-prefixed, thousands commas, leading "-"
  or accounting parentheses; "$-"/"-" is zero) or a marker: "did not
  participate" (no company disclosure at all), "did not report", "N/A"
  (no figure on that side).
- A row whose numeric figures are all zero (or absent) produces no payment:
  nothing was paid.  Otherwise every numeric figure of the row becomes one
  payment, zeros included, so that "government 0, company 221" is a
  two-sided key and not a one-sided one.
- Amounts are whole dollars written with 2 decimals.
- The margin of variance of the US multi-stakeholder group becomes one
  <tolerance stream entity abs rel> per stream; Renewables has none and
  falls back to <thresholds abs-tolerance="0" rel-tolerance="0"/>.
No figure is invented, rounded or corrected.
"""

import argparse
import csv
import os
import re
import sys
from xml.sax.saxutils import quoteattr

# Type -> (agency, GFS code, rel (fraction) or None, floor in USD or None)
STREAMS = {
    "Royalties": ("ONRR", "1415E1", "0.01", "100000"),
    "Rents": ("ONRR", "1415E5", "0.02", "50000"),
    "Bonus": ("ONRR", "1415E2", "0.02", "100000"),
    "Other Revenue": ("ONRR", "14E", "0.03", "50000"),
    "Offshore Inspection Fee": ("ONRR", "1422E", "0.02", "20000"),
    "ONRR Civil Penalties": ("ONRR", "143E", "0.01", "1000"),
    "Bonus & 1st Year Rental": ("BLM", "1415E2", "0.02", "10000"),
    "Permit Fees": ("BLM", "1422E", "0.03", "10000"),
    "Renewables": ("BLM", "1415E5", None, None),
    "AML Fees": ("OSMRE", "1145E", "0.02", "100000"),
    "OSMRE Civil Penalties": ("OSMRE", "143E", "0.03", "0"),
    "Corporate Income Tax": ("IRS", "1112E1", "0.01", "100000"),
}

AGENCIES = [
    ("ONRR", "Office of Natural Resources Revenue"),
    ("BLM", "Bureau of Land Management"),
    ("OSMRE", "Office of Surface Mining Reclamation and Enforcement"),
    ("IRS", "Internal Revenue Service"),
]

# Parent companies whose main business is mining (the others are oil and
# gas producers); coal for the four coal producers.
MINING = {
    "Alpha Natural Resources, Inc.": "coal",
    "Arch Coal, Inc.": "coal",
    "Cloud Peak Energy Resources, LLC": "coal",
    "Peabody Energy Corporation": "coal",
    "BHP Billiton LTD": None,
    "Freeport-McMoRan Inc.": None,
}

MARKERS = {"did not participate", "did not report", "n/a", "nan", ""}
LEGAL_SUFFIXES = {"INC", "CORPORATION", "CORP", "LLC", "LP", "LTD", "CO",
                  "COMPANY"}
NUM_RE = re.compile(r"^\d+$")


class ConvertError(Exception):
    pass


def parse_figure(text, where):
    """Whole dollars as an int, or None for a marker."""
    t = text.replace("\u00a0", " ").strip()
    if t.lower() in MARKERS:
        return None
    neg = False
    if t.startswith("(") and t.endswith(")"):
        neg, t = True, t[1:-1].strip()
    if t.startswith("-"):
        neg, t = not neg, t[1:].strip()
    t = t.replace("$", "").replace(",", "").replace(" ", "")
    if t.startswith("(") and t.endswith(")"):
        neg, t = not neg, t[1:-1]
    if t in ("", "-"):
        return 0
    if t.startswith("-"):
        neg, t = not neg, t[1:]
    if not NUM_RE.match(t):
        raise ConvertError("%s: cannot read figure %r" % (where, text))
    v = int(t)
    return -v if neg else v


def company_id(name):
    words = re.sub(r"[^A-Z0-9]+", " ",
                   name.upper().replace("&", "")).split()
    while len(words) > 1 and words[-1] in LEGAL_SUFFIXES:
        words.pop()
    return "US-" + "-".join(words)


def money(v):
    return "%d.00" % v if v >= 0 else "-%d.00" % -v


def read_table(path):
    rows = []
    with open(path, newline="", encoding="utf-8") as f:
        for i, r in enumerate(csv.DictReader(f, delimiter="\t"), start=2):
            where = "%s:%d" % (path, i)
            name = r["Company"].replace("\u00a0", " ").strip()
            stype = r["Type"].strip()
            if stype not in STREAMS:
                raise ConvertError("%s: unknown revenue type %r"
                                   % (where, stype))
            g_raw = r["Government Reported"]
            c_raw = r["Company Reported"]
            rows.append(dict(
                company=name, type=stype,
                g=parse_figure(g_raw, where),
                c=parse_figure(c_raw, where),
                dnp=c_raw.strip().lower() == "did not participate",
                line=i))
    return rows


def header(role, reporter, year):
    return ('<?xml version="1.0" encoding="UTF-8"?>\n'
            '<disclosure xmlns="urn:eitirep:disclosure:1" role="%s" '
            'country="US"\n            period-start="%d-01-01" '
            'period-end="%d-12-31" reporter=%s currency="USD">\n'
            % (role, year, year, quoteattr(reporter)))


def company_decl(name, cid):
    sector = "mining" if name in MINING else "oil"
    commodity = MINING.get(name)
    extra = ' commodity="%s"' % commodity if commodity else ""
    return '  <company id=%s name=%s sector="%s"%s/>\n' % (
        quoteattr(cid), quoteattr(name), sector, extra)


def entity_decl(agency):
    name = dict(AGENCIES)[agency]
    return '  <entity id="%s" name=%s level="national"/>\n' % (
        agency, quoteattr(name))


def payment(pid, cid, agency, stream, amount, note):
    return ('  <payment id=%s company=%s entity="%s" stream="%s" '
            'amount="%s" note=%s/>\n'
            % (quoteattr(pid), quoteattr(cid), agency, stream, money(amount),
               quoteattr(note)))


def write(path, text):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    tmp = path + ".tmp"
    with open(tmp, "w", encoding="utf-8", newline="\n") as f:
        f.write(text)
    os.replace(tmp, path)


def convert(tsv, outdir, year, report_year):
    rows = read_table(tsv)
    # company order: first appearance in the table
    names = []
    for r in rows:
        if r["company"] not in names:
            names.append(r["company"])
    ids = {}
    for n in names:
        cid = company_id(n)
        if cid in ids.values():
            raise ConvertError("two companies map to id %s" % cid)
        ids[n] = cid
    dnp = {n for n in names if any(r["dnp"] for r in rows
                                   if r["company"] == n)}
    for n in dnp:
        if any(r["c"] is not None for r in rows if r["company"] == n):
            raise ConvertError("%s did not participate but has a company "
                               "figure" % n)

    gov = {a: [] for a, _ in AGENCIES}    # agency -> [(row, amount)]
    comp = {n: [] for n in names}         # company -> [(row, amount)]
    for r in rows:
        figures = [x for x in (r["g"], r["c"]) if x is not None]
        if not any(figures):
            continue
        agency = STREAMS[r["type"]][0]
        if r["g"] is not None:
            gov[agency].append((r, r["g"]))
        if r["c"] is not None:
            comp[r["company"]].append((r, r["c"]))

    sources = []
    for agency, _ in AGENCIES:
        items = gov[agency]
        out = [header("government", agency, year), entity_decl(agency)]
        seen = []
        for r, _ in items:
            if r["company"] not in seen:
                seen.append(r["company"])
        for n in sorted(seen, key=lambda x: ids[x]):
            out.append(company_decl(n, ids[n]))
        for i, (r, v) in enumerate(items, start=1):
            out.append(payment("%s-%d-%04d" % (agency, year, i),
                               ids[r["company"]], agency,
                               STREAMS[r["type"]][1], v, r["type"]))
        out.append("</disclosure>\n")
        rel = "government/%s.xml" % agency.lower()
        write(os.path.join(outdir, rel), "".join(out))
        sources.append(("government", rel))

    for n in sorted(names, key=lambda x: ids[x]):
        if n in dnp:
            continue
        cid = ids[n]
        items = comp[n]
        out = [header("company", cid, year)]
        agencies = {STREAMS[r["type"]][0] for r, _ in items}
        for agency, _ in AGENCIES:
            if agency in agencies:
                out.append(entity_decl(agency))
        out.append(company_decl(n, cid))
        for i, (r, v) in enumerate(items, start=1):
            agency, code = STREAMS[r["type"]][:2]
            out.append(payment("%s-%02d" % (cid, i), cid, agency, code, v,
                               r["type"]))
        out.append("</disclosure>\n")
        rel = "companies/%s.xml" % cid.lower()
        write(os.path.join(outdir, rel), "".join(out))
        sources.append(("company", rel))

    m = ['<?xml version="1.0" encoding="UTF-8"?>\n',
         '<!-- Generated by tools/useiti-convert.py from %s; do not edit. -->\n'
         % os.path.basename(tsv),
         '<reconciliation xmlns="urn:eitirep:manifest:1" country="US"\n'
         '                period-start="%d-01-01" period-end="%d-12-31"\n'
         '                currency="USD" lang="en" level="stream">\n'
         % (year, year),
         '  <title>USEITI reconciliation of calendar year %d (%d report)'
         '</title>\n' % (year, report_year),
         '  <administrator name="Deloitte &amp; Touche LLP"/>\n',
         '  <thresholds abs-tolerance="0" rel-tolerance="0"/>\n']
    for stype, (agency, code, rel, floor) in STREAMS.items():
        if rel is None:
            m.append('  <!-- %s (%s %s): no margin of variance -->\n'
                     % (stype, agency, code))
            continue
        m.append('  <tolerance stream="%s" entity="%s" abs="%s.00" '
                 'rel="%s"/> <!-- %s -->\n'
                 % (code, agency, floor, rel, stype))
    for role, rel in sources:
        m.append('  <source role="%s" href="%s"/>\n' % (role, rel))
    m.append('</reconciliation>\n')
    write(os.path.join(outdir, "manifest.xml"), "".join(m))
    return len(sources)


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("tsv")
    ap.add_argument("outdir")
    ap.add_argument("--calendar-year", type=int, required=True)
    ap.add_argument("--report-year", type=int, default=None,
                    help="the report's year (default: the TSV's Year)")
    args = ap.parse_args(argv)
    try:
        report_year = args.report_year
        if report_year is None:
            with open(args.tsv, newline="", encoding="utf-8") as f:
                first = next(csv.DictReader(f, delimiter="\t"))
                report_year = int(first["Year"])
        n = convert(args.tsv, args.outdir, args.calendar_year, report_year)
    except (OSError, ConvertError, KeyError, StopIteration) as e:
        print("useiti-convert: %s" % e, file=sys.stderr)
        return 1
    print("useiti-convert: wrote %d disclosures and manifest.xml to %s"
          % (n, args.outdir))
    return 0


if __name__ == "__main__":
    sys.exit(main())
