#!/usr/bin/env python3
"""Generate the mapping tables (CSV) beside the shipped import profiles.

A maintainer tool, not run by the build: its outputs are committed in
profiles/ and reviewed like any other data.  Run from the top of the
tree:

    tools/gen-profile-maps.py

writes

  profiles/streams-en.csv, profiles/streams-es.csv
      revenue stream code or name (English / Spanish) -> GFS code, from
      schemas/streams.csv (the codes map to themselves, so a table may
      hold either);
  profiles/countries.csv
      country name -> ISO 3166-1 alpha-2, from Debian's iso-codes
      (/usr/share/iso-codes/json/iso_3166-1.json: name, common_name,
      official_name), plus the spellings of the ESTMA dataset that none
      of those give (commas dropped, "Korea  South", "Russia", ...);
  profiles/useiti-companies.csv
      USEITI company name -> the company id of tools/useiti-convert.py
      ("US-" and the upper-cased name without punctuation and legal-form
      words), for the companies of the USEITI tables in
      fixtures/useiti/*/useiti-reconciliation-*.tsv, so that a workbook
      imported with the useiti-workbook profile keys its companies as
      the converted fixtures do.

Rows are sorted; output is byte-for-byte reproducible.
"""
import csv
import json
import os
import re
import sys

TOP = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
ISO_JSON = "/usr/share/iso-codes/json/iso_3166-1.json"

# Names of the ESTMA open data (Natural Resources Canada's compilation)
# that are not an iso-codes name once case, accents and spaces are
# ignored.  The dataset drops commas ("Congo  Democratic Republic Of
# The") and uses short forms.
ESTMA_NAMES = {
    "Bolivia": "BO",
    "Congo  Democratic Republic Of The": "CD",
    "Congo Democratic Republic Of The": "CD",
    "Congo  Republic Of The": "CG",
    "Congo Republic Of The": "CG",
    "Cote D'ivoire": "CI",
    "Iran": "IR",
    "Korea  South": "KR",
    "Korea South": "KR",
    "South Korea": "KR",
    "Korea  North": "KP",
    "Laos": "LA",
    "Macedonia  The Former Yugoslav Republic Of": "MK",
    "Macedonia The Former Yugoslav Republic Of": "MK",
    "Macedonia": "MK",
    "Moldova": "MD",
    "Russia": "RU",
    "Syria": "SY",
    "Taiwan": "TW",
    "Tanzania": "TZ",
    "United States": "US",
    "United Kingdom": "GB",
    "Venezuela": "VE",
    "Vietnam": "VN",
    "Brunei Darussalam": "BN",
    "Micronesia": "FM",
    "Palestine": "PS",
    "Turkey": "TR",
}

LEGAL_SUFFIXES = {"INC", "CORPORATION", "CORP", "LLC", "LP", "LTD", "CO",
                  "COMPANY"}


def write_csv(path, header, rows):
    with open(path, "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(header)
        for r in rows:
            w.writerow(r)


def streams():
    with open(os.path.join(TOP, "schemas", "streams.csv"),
              encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    for lang, col in (("en", "name_en"), ("es", "name_es")):
        out = [(r["code"], r["code"]) for r in rows]
        out += [(r[col], r["code"]) for r in rows]
        write_csv(os.path.join(TOP, "profiles", "streams-%s.csv" % lang),
                  ["from", "to"], out)


def countries():
    with open(ISO_JSON, encoding="utf-8") as f:
        data = json.load(f)["3166-1"]
    seen = {}
    for c in data:
        for k in ("name", "common_name", "official_name"):
            if k in c and c[k] not in seen:
                seen[c[k]] = c["alpha_2"]
    for name, code in ESTMA_NAMES.items():
        seen.setdefault(name, code)
    rows = sorted(seen.items(), key=lambda kv: (kv[1], kv[0]))
    write_csv(os.path.join(TOP, "profiles", "countries.csv"),
              ["from", "to"], rows)


def company_id(name):
    words = re.sub(r"[^A-Z0-9]+", " ",
                   name.upper().replace("&", "")).split()
    while len(words) > 1 and words[-1] in LEGAL_SUFFIXES:
        words.pop()
    return "US-" + "-".join(words)


def useiti_companies():
    names = set()
    base = os.path.join(TOP, "fixtures", "useiti")
    for year in sorted(os.listdir(base)):
        path = os.path.join(base, year,
                            "useiti-reconciliation-%s.tsv" % year)
        if not os.path.exists(path):
            continue
        with open(path, encoding="utf-8", newline="") as f:
            for r in csv.DictReader(f, delimiter="\t"):
                names.add(r["Company"].strip())
    rows = sorted((n, company_id(n)) for n in names)
    write_csv(os.path.join(TOP, "profiles", "useiti-companies.csv"),
              ["from", "to"], rows)


def main():
    streams()
    countries()
    useiti_companies()
    return 0


if __name__ == "__main__":
    sys.exit(main())
