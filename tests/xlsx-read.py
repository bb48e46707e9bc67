#!/usr/bin/env python3
"""Dump an .xlsx workbook as text, for the export tests.

An .xlsx file is a zip of XML parts; this reads them with the standard
library only (zipfile + xml.etree), independently of libxlsxwriter, and
prints one line per sheet and per cell, tab-separated:

    S <tab> SHEET-NAME                       (in workbook order)
    C <tab> SHEET <tab> REF <tab> KIND <tab> VALUE <tab> FORMULA

KIND is s (string), n (number), b (boolean) or e (error).  VALUE is the
cell's text exactly as stored (numbers keep their XML spelling, formula
cells give their cached value); FORMULA is the formula without '=' or "".
Tabs, newlines and backslashes in values are escaped as \\t, \\n, \\\\.
Exit status 1 (with a message) when the file is not a readable workbook.
"""
import sys
import zipfile
import posixpath
import xml.etree.ElementTree as ET

NS = {
    "m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main",
    "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
    "pr": "http://schemas.openxmlformats.org/package/2006/relationships",
}
RID = "{%s}id" % NS["r"]


def esc(s):
    return s.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n")


def text_of(si):
    """Concatenated text of a shared string or inline string item."""
    return "".join(t.text or "" for t in si.iter("{%s}t" % NS["m"]))


def read(path):
    """Return (sheet names in order, {(sheet, ref): (kind, value, formula)})."""
    cells = {}
    with zipfile.ZipFile(path) as z:
        bad = z.testzip()
        if bad is not None:
            raise ValueError("corrupt member %s" % bad)
        wb = ET.fromstring(z.read("xl/workbook.xml"))
        rels = ET.fromstring(z.read("xl/_rels/workbook.xml.rels"))
        target = {}
        for rel in rels.findall("pr:Relationship", NS):
            t = rel.get("Target")
            if not t.startswith("/"):
                t = posixpath.normpath(posixpath.join("xl", t))
            else:
                t = t[1:]
            target[rel.get("Id")] = t
        shared = []
        if "xl/sharedStrings.xml" in z.namelist():
            sst = ET.fromstring(z.read("xl/sharedStrings.xml"))
            shared = [text_of(si) for si in sst.findall("m:si", NS)]
        sheets = wb.findall("m:sheets/m:sheet", NS)
        names = [sh.get("name") for sh in sheets]
        for sh in sheets:
            name = sh.get("name")
            root = ET.fromstring(z.read(target[sh.get(RID)]))
            for c in root.iter("{%s}c" % NS["m"]):
                ref = c.get("r")
                t = c.get("t", "n")
                f = c.find("m:f", NS)
                v = c.find("m:v", NS)
                formula = f.text or "" if f is not None else ""
                if t == "s":
                    value, kind = shared[int(v.text)], "s"
                elif t == "inlineStr":
                    value, kind = text_of(c.find("m:is", NS)), "s"
                elif t == "str":
                    value, kind = (v.text or "") if v is not None else "", "s"
                elif t in ("b", "e"):
                    value, kind = (v.text or "") if v is not None else "", t
                else:
                    if v is None:
                        if f is None:
                            continue  # a formatted blank cell
                        value = ""
                    else:
                        value = v.text or ""
                    kind = "n"
                cells[(name, ref)] = (kind, value, formula)
    return names, cells


def main(path):
    names, cells = read(path)
    out = sys.stdout
    for name in names:
        out.write("S\t%s\n" % esc(name))
    for (name, ref), (kind, value, formula) in cells.items():
        out.write("C\t%s\t%s\t%s\t%s\t%s\n" % (
            esc(name), ref, kind, esc(value), esc(formula)))


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.stderr.write("usage: xlsx-read.py FILE.xlsx\n")
        sys.exit(2)
    try:
        main(sys.argv[1])
    except (OSError, KeyError, ValueError, zipfile.BadZipFile,
            ET.ParseError) as e:
        sys.stderr.write("xlsx-read.py: %s: %s\n" % (sys.argv[1], e))
        sys.exit(1)
