#!/usr/bin/env python3
"""reconcile_ref.py - an independent reference implementation (test oracle)
of the eitirep reconciliation arithmetic, eitirep-results(5); eitirep-results(5), RECONCILIATION.

It is deliberately simple and slow: it reads whole files with
xml.etree (acceptable here: it only ever reads our own trusted fixtures),
keeps every amount as an integer count of minor units of the report
currency, and uses decimal.Decimal (never float) for rates and relative
tolerances.  The differential tests compare its results.csv with the one
`eitirep reconcile` writes.

Usage:
    reconcile_ref.py MANIFEST [-o FILE] [--transfers FILE] [--summary]
                     [--tolerances]
    reconcile_ref.py --check DIR...

    -o FILE    write results.csv to FILE ("-" = stdout; the default unless
               --summary is given)
    --transfers FILE
               write transfers.csv to FILE when the inputs declare
               subnational transfers (nothing is written otherwise)
    --summary  print totals, status counts, coverage and the non-reporting
               companies (a stable "name: value" text format)
    --check    for each DIR, reconcile DIR/manifest.xml and compare with
               DIR/expected-results.csv, DIR/expected-transfers.csv and
               DIR/expected-summary.txt (when present; expected-transfers.csv
               must be present exactly when the inputs declare transfers);
               exit 1 if any differs (one process for many fixtures: the
               self-test stays fast)

Exit status: 0 done, 1 invalid input (the message names the file), 2 usage.

Interpretations (where the specification is silent, this is what the oracle
does; the C engine must agree or the difference must be discussed):

 1. Conversion (4.1): v = round(a * rate) to the report currency's minor
    unit, half away from zero, per payment, per adjustment and per <total>.
    The report currency has rate 1 even if a <rate> names it.  A currency
    that is not the report currency and has no <rate> is an error.
    Minor-unit digits: ISO 4217 (MINOR_DIGITS below).
 2. Aliases map disclosure company ids (alias/@name) to canonical ids
    (alias/@id).  They apply to payments, adjustments, explanations and
    company declarations.  Entity ids are never aliased.
 3. Key: (company, entity, stream) and, at level="project", the project
    ("" when a payment or adjustment has no @project; at level stream
    @project is ignored).  Keys are created by payments and adjustments
    only.  An <explanation> whose key has no payment and no adjustment
    creates no row (it is reported on stderr as a warning).
 4. A side is present when the key has at least one payment or adjustment
    on that side (explanations do not count).
 5. Adjustment currency: @currency (the schema requires it; the oracle
    falls back to the report currency when it is absent).
 6. Scope: a company is in scope when the sum of its government-side G
    (converted government payments, adjustments excluded) over all its
    keys is >= thresholds/@materiality.  No <thresholds> or no
    @materiality: everything is in scope.  A company with no government
    payment has G = 0.
 7. Tolerance: T = max(abs, rel * |G + AG|), compared exactly (|F| <= T)
    with no rounding; shown (--tolerances) rounded toward zero.  abs and rel come from the most specific <tolerance>:
    one with the key's stream and entity, else one with the key's stream
    and no @entity, else <thresholds>.  An attribute missing on the chosen
    <tolerance> is inherited from the next less specific level (stream
    tolerance, then thresholds); missing everywhere means 0.  If two
    <tolerance> elements have the same (stream, entity) the first wins.
    rel is a fraction (0.01 = 1 %).
 8. Status: first that applies: out-of-scope, company-only, government-only,
    matched (F = 0), within-tolerance (|F| <= T), discrepancy.
 9. explained = "yes" when at least one adjustment or explanation has the
    key, whatever the status.
10. company_name: the name of the first <company> declaration of the
    canonical id in manifest source order (document order within a file),
    else the first declaration of any id aliased to it, else "".
11. results.csv: RFC 4180 - CRLF line ends, a field is quoted (with ""
    doubling) only when it contains a comma, a double quote, CR or LF; a
    text field beginning with = + - @ TAB or CR gets a leading "'"
    (formula-injection guard, inside the quotes when it has them).
    Rows sorted by (company_id, entity_id, stream, project) compared as
    UTF-8 byte strings.  Amounts: optional "-", integer part, "." and
    exactly the report currency's minor-unit digits (no "." when 0 digits).
12. Totals (--summary) are over in-scope keys only: sum C, G, D, AC, AG,
    F (net) and |F| (gross).
13. Coverage = sum of G over in-scope keys / denominator, where the
    denominator is, for every (entity, stream) pair that has a key or a
    government <total>: the sum of the (converted) government <total>
    elements for that pair when there is at least one, else the sum of G
    over all keys of that pair (in scope or not).  Printed as a percentage
    with 2 decimals, half away from zero; "n/a" when the denominator is 0.
14. Companies (for scope and non-reporting) are every canonical id that
    is declared in any disclosure or named by a key.
15. Non-reporting: an in-scope company that is declared in no company-role
    disclosure and has no company-side payment.  Its share is its G over
    the coverage denominator, as a percentage (2 decimals, half away).

Subnational transfers (EITI Requirement 5.2):

16. Key (from, to, stream).  E = the sum of the declared <entitlement>
    lines of the key (each converted), or, for a key a manifest <sharing>
    covers, round(base x rate) half away from zero to the minor unit of
    the base's currency, then converted as one line.  S = sum of the
    converted side="sent" lines, R = of side="received".
17. S - E exists when E and S do; R - S when S and R do.  Margin
    T = max(abs, rel x |S|) with the tolerance of (stream, to) as in 7;
    a difference is within when |difference| <= T, exactly.
18. Status, first that applies: not-transferred (E only),
    receipt-not-reported (no R), transfer-not-reported (no S), matched
    (every existing difference 0), within-tolerance, discrepancy.
19. transfers.csv: from_id, from_name, to_id, to_name, region, stream,
    entitled, sent, received, sent_minus_entitled, received_minus_sent,
    status; rows in byte order of (from, to, stream); an absent figure or
    difference is an empty field.  Names and region (of the recipient)
    come from the first <entity> declaration of the id in manifest source
    order.  Written only when some disclosure has a <transfer> or
    <entitlement> or the manifest a <sharing>.
20. Totals (--summary): sums over keys where each figure or difference
    exists (gross: of absolute values), by region of the recipient;
    not-reporting recipients: the recipients of some <share> with no
    received line in any key, with their formula entitlements and the
    sum sent to them.
"""

import argparse
import os
import re
import sys
import urllib.parse
import xml.etree.ElementTree as ET
from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal, localcontext

NS_DISC = "urn:eitirep:disclosure:1"
NS_MAN = "urn:eitirep:manifest:1"
NS_ADJ = "urn:eitirep:adjustments:1"

# ISO 4217 minor units, read from fixtures/iso/currency-digits.txt: the
# digits of ISO 4217 List One, typed from the standard (not from ICU, which
# the C table is generated from and which departs from ISO for IQD, AFN,
# ...).  -1 (not a currency) is left out: such a code is unknown here.
def load_minor_digits():
    here = os.path.dirname(os.path.abspath(__file__))
    path = os.path.join(here, "..", "..", "fixtures", "iso",
                        "currency-digits.txt")
    table = {}
    with open(path, encoding="ascii") as f:
        for line in f:
            if line.startswith("#") or not line.strip():
                continue
            code, d = line.split()
            if int(d) >= 0:
                table[code] = int(d)
    return table


MINOR_DIGITS = load_minor_digits()

STATUSES = ["matched", "within-tolerance", "discrepancy",
            "company-only", "government-only", "out-of-scope"]

XFER_STATUSES = ["matched", "within-tolerance", "discrepancy",
                 "not-transferred", "receipt-not-reported",
                 "transfer-not-reported"]

XFER_HEADER = ["from_id", "from_name", "to_id", "to_name", "region",
               "stream", "entitled", "sent", "received",
               "sent_minus_entitled", "received_minus_sent", "status"]

DECIMAL_RE = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)$")

CSV_HEADER = ["company_id", "company_name", "entity_id", "stream", "project",
              "company_amount", "government_amount", "initial_discrepancy",
              "company_adjustment", "government_adjustment",
              "final_discrepancy", "status", "explained"]


class InputError(Exception):
    pass


def q(ns, tag):
    return "{%s}%s" % (ns, tag)


def digits_of(cur, where):
    if cur not in MINOR_DIGITS:
        raise InputError("%s: currency %s not in the oracle's table"
                         % (where, cur))
    return MINOR_DIGITS[cur]


def parse_decimal(text, where, max_digits=None):
    """An xs:decimal string as an exact Decimal; no exponent, no grouping."""
    if text is None:
        raise InputError("%s: missing amount" % where)
    t = text.strip()
    if not DECIMAL_RE.match(t):
        raise InputError("%s: %r is not an xs:decimal" % (where, text))
    d = Decimal(t)
    if max_digits is not None:
        # more fraction digits than the currency has: only zeros may follow
        with localcontext() as ctx:
            ctx.prec = 200
            ok = d == d.quantize(Decimal(1).scaleb(-max_digits))
        if not ok:
            raise InputError("%s: %s has more than %d fraction digits"
                             % (where, text, max_digits))
    return d


def round_half_away(value, digits):
    """Exact Decimal -> integer count of 10^-digits, ties away from zero."""
    with localcontext() as ctx:
        ctx.prec = 200
        scaled = value.scaleb(digits)
        return int(scaled.quantize(Decimal(1), rounding=ROUND_HALF_UP))


def fmt_amount(minor, digits):
    sign = "-" if minor < 0 else ""
    m = abs(minor)
    if digits == 0:
        return "%s%d" % (sign, m)
    ip, fp = divmod(m, 10 ** digits)
    return "%s%d.%0*d" % (sign, ip, digits, fp)


def fmt_pct(num, den):
    """num/den as a percentage with 2 decimals, half away from zero."""
    if den == 0:
        return "n/a"
    with localcontext() as ctx:
        ctx.prec = 200
        hundredths = round_half_away(Decimal(num) * 100 / Decimal(den), 2)
    return fmt_amount(hundredths, 2)


def csv_field(s):
    """A text field: formula-injection guard, then RFC 4180 quoting."""
    if s[:1] in ("=", "+", "-", "@", "\t", "\r") and s:
        s = "'" + s
    if any(ch in s for ch in ',"\r\n'):
        return '"' + s.replace('"', '""') + '"'
    return s


def resolve_href(href, base_dir, where):
    if href.startswith(("http://", "https://")):
        raise InputError("%s: remote source %s: the oracle reads local "
                         "files only" % (where, href))
    if href.startswith("file:"):
        path = urllib.parse.unquote(urllib.parse.urlparse(href).path)
    else:
        path = href
    if not os.path.isabs(path):
        path = os.path.join(base_dir, path)
    return path


def load_xml(path, ns, root_tag):
    try:
        tree = ET.parse(path)
    except (OSError, ET.ParseError) as e:
        raise InputError("%s: %s" % (path, e))
    root = tree.getroot()
    if root.tag != q(ns, root_tag):
        raise InputError("%s: root element is %s, expected {%s}%s"
                         % (path, root.tag, ns, root_tag))
    return root


class Key:
    """Sums of one reconciliation key, in minor units of the report currency."""

    def __init__(self):
        self.c = 0
        self.g = 0
        self.ac = 0
        self.ag = 0
        self.has_c = False
        self.has_g = False
        self.explained = False


class TKey:
    """Figures of one transfer key, in minor units of the report currency."""

    def __init__(self):
        self.e = 0
        self.s = 0
        self.r = 0
        self.has_e = False
        self.has_s = False
        self.has_r = False
        self.formula = False


class Oracle:
    def __init__(self, manifest_path):
        self.manifest_path = manifest_path
        self.base = os.path.dirname(os.path.abspath(manifest_path))
        self.keys = {}
        self.decls = []          # (raw company id, name) in source order
        self.company_file_ids = set()  # canonical ids declared in a
        # company-role disclosure
        self.totals = {}         # (entity, stream) -> converted sum
        self.company_payers = set()  # canonical ids with a company payment
        self.warnings = []
        self.entities = {}       # id -> (name, level, region), first wins
        self.tkeys = {}          # (from, to, stream) -> TKey
        self.sharings = []       # (from, stream, base, currency, shares)
        self.xfer_lines = False  # a <transfer> or <entitlement> was read
        self._load()

    # --- manifest -------------------------------------------------------
    def _load(self):
        m = load_xml(self.manifest_path, NS_MAN, "reconciliation")
        self.currency = m.get("currency")
        self.digits = digits_of(self.currency, self.manifest_path)
        self.level_project = m.get("level", "stream") == "project"
        self.rates = {}
        self.materiality = None
        self.thr_abs = None
        self.thr_rel = None
        self.tolerances = {}     # (stream, entity or None) -> (abs, rel)
        self.aliases = {}
        sources = []
        adj_href = None
        for el in m:
            tag = el.tag
            if tag == q(NS_MAN, "thresholds"):
                if el.get("materiality") is not None:
                    self.materiality = round_half_away(parse_decimal(
                        el.get("materiality"), "thresholds/@materiality"),
                        self.digits)
                if el.get("abs-tolerance") is not None:
                    self.thr_abs = parse_decimal(el.get("abs-tolerance"),
                                                 "thresholds/@abs-tolerance")
                if el.get("rel-tolerance") is not None:
                    self.thr_rel = parse_decimal(el.get("rel-tolerance"),
                                                 "thresholds/@rel-tolerance")
            elif tag == q(NS_MAN, "tolerance"):
                k = (el.get("stream"), el.get("entity"))
                a = el.get("abs")
                r = el.get("rel")
                if k not in self.tolerances:
                    self.tolerances[k] = (
                        None if a is None else parse_decimal(a, "tolerance/@abs"),
                        None if r is None else parse_decimal(r, "tolerance/@rel"))
            elif tag == q(NS_MAN, "rate"):
                self.rates[el.get("currency")] = parse_decimal(
                    el.get("value"), "rate/@value")
            elif tag == q(NS_MAN, "source"):
                sources.append((el.get("role"), el.get("href")))
            elif tag == q(NS_MAN, "adjustments"):
                adj_href = el.get("href")
            elif tag == q(NS_MAN, "alias"):
                self.aliases[el.get("name")] = el.get("id")
            elif tag == q(NS_MAN, "sharing"):
                cur = el.get("currency", self.currency)
                shares = [(sh.get("to"), parse_decimal(sh.get("rate"),
                                                       "share/@rate"))
                          for sh in el if sh.tag == q(NS_MAN, "share")]
                self.sharings.append((el.get("from"), el.get("stream"),
                                      el.get("base"), cur, shares))
        self._formula()
        for role, href in sources:
            path = resolve_href(href, self.base, self.manifest_path)
            self._load_disclosure(path, role)
        if adj_href is not None:
            self._load_adjustments(
                resolve_href(adj_href, self.base, self.manifest_path))

    def canon(self, company_id):
        return self.aliases.get(company_id, company_id)

    def convert(self, amount_text, cur, where):
        d = digits_of(cur, where)
        a = parse_decimal(amount_text, where, d)
        if cur == self.currency:
            rate = Decimal(1)
        elif cur in self.rates:
            rate = self.rates[cur]
        else:
            raise InputError("%s: no rate for currency %s" % (where, cur))
        with localcontext() as ctx:
            ctx.prec = 200
            return round_half_away(a * rate, self.digits)

    def _formula(self):
        for frm, stream, base_text, cur, shares in self.sharings:
            where = "%s: sharing %s/%s" % (self.manifest_path, frm, stream)
            d = digits_of(cur, where)
            base = parse_decimal(base_text, where, d)
            for to, rate in shares:
                with localcontext() as ctx:
                    ctx.prec = 200
                    amount = round_half_away(base * rate, d)  # minor units
                text = fmt_amount(amount, d)
                v = self.convert(text, cur, where)
                k = self.get_tkey((frm, to, stream))
                k.e += v
                k.has_e = True
                k.formula = True

    def get_tkey(self, k):
        if k not in self.tkeys:
            self.tkeys[k] = TKey()
        return self.tkeys[k]

    def key_of(self, el):
        project = el.get("project", "") if self.level_project else ""
        return (self.canon(el.get("company")), el.get("entity"),
                el.get("stream"), project)

    def get_key(self, k):
        if k not in self.keys:
            self.keys[k] = Key()
        return self.keys[k]

    # --- disclosures ----------------------------------------------------
    def _load_disclosure(self, path, manifest_role):
        d = load_xml(path, NS_DISC, "disclosure")
        role = d.get("role")
        if role != manifest_role:
            raise InputError("%s: role %s but the manifest lists it as %s"
                             % (path, role, manifest_role))
        dcur = d.get("currency")
        for el in d:
            tag = el.tag
            if tag == q(NS_DISC, "entity"):
                self.entities.setdefault(
                    el.get("id"), (el.get("name", ""), el.get("level", ""),
                                   el.get("region", "")))
            elif tag == q(NS_DISC, "transfer"):
                self.xfer_lines = True
                where = "%s: transfer %s" % (path, el.get("id"))
                v = self.convert(el.get("amount"),
                                 el.get("currency", dcur), where)
                k = self.get_tkey((el.get("from"), el.get("to"),
                                   el.get("stream")))
                if el.get("side") == "sent":
                    k.s += v
                    k.has_s = True
                elif el.get("side") == "received":
                    k.r += v
                    k.has_r = True
                else:
                    raise InputError("%s: bad side %r"
                                     % (where, el.get("side")))
            elif tag == q(NS_DISC, "entitlement"):
                self.xfer_lines = True
                where = "%s: entitlement %s/%s/%s" % (
                    path, el.get("from"), el.get("to"), el.get("stream"))
                v = self.convert(el.get("amount"),
                                 el.get("currency", dcur), where)
                k = self.get_tkey((el.get("from"), el.get("to"),
                                   el.get("stream")))
                if k.formula:
                    raise InputError("%s: the key has a formula" % where)
                k.e += v
                k.has_e = True
            elif tag == q(NS_DISC, "company"):
                cid = el.get("id")
                self.decls.append((cid, el.get("name")))
                if role == "company":
                    self.company_file_ids.add(self.canon(cid))
            elif tag == q(NS_DISC, "total"):
                if role != "government":
                    continue
                where = "%s: total %s/%s" % (path, el.get("entity"),
                                             el.get("stream"))
                v = self.convert(el.get("amount"),
                                 el.get("currency", dcur), where)
                tk = (el.get("entity"), el.get("stream"))
                self.totals[tk] = self.totals.get(tk, 0) + v
            elif tag == q(NS_DISC, "payment"):
                where = "%s: payment %s" % (path, el.get("id"))
                v = self.convert(el.get("amount"),
                                 el.get("currency", dcur), where)
                key = self.get_key(self.key_of(el))
                if role == "company":
                    self.company_payers.add(self.canon(el.get("company")))
                    key.c += v
                    key.has_c = True
                else:
                    key.g += v
                    key.has_g = True

    # --- adjustments ----------------------------------------------------
    def _load_adjustments(self, path):
        a = load_xml(path, NS_ADJ, "adjustments")
        explanations = []
        for el in a:
            if el.tag == q(NS_ADJ, "adjustment"):
                where = "%s: adjustment %s/%s/%s" % (
                    path, el.get("company"), el.get("entity"),
                    el.get("stream"))
                if not (el.get("reason") or "").strip():
                    raise InputError("%s: empty reason" % where)
                v = self.convert(el.get("amount"),
                                 el.get("currency", self.currency), where)
                key = self.get_key(self.key_of(el))
                key.explained = True
                if el.get("side") == "company":
                    key.ac += v
                    key.has_c = True
                elif el.get("side") == "government":
                    key.ag += v
                    key.has_g = True
                else:
                    raise InputError("%s: bad side %r"
                                     % (where, el.get("side")))
            elif el.tag == q(NS_ADJ, "explanation"):
                explanations.append(el)
        for el in explanations:
            k = self.key_of(el)
            if k in self.keys:
                self.keys[k].explained = True
            else:
                self.warnings.append(
                    "%s: explanation for %s matches no key; ignored"
                    % (path, "/".join(k)))

    # --- arithmetic -----------------------------------------------------
    def company_name(self, cid):
        for raw, name in self.decls:
            if raw == cid:
                return name or ""
        for raw, name in self.decls:
            if raw != cid and self.canon(raw) == cid:
                return name or ""
        return ""

    def tolerance(self, stream, entity):
        abs_t, rel_t = self.thr_abs, self.thr_rel
        for k in ((stream, None), (stream, entity)):
            if k in self.tolerances:
                a, r = self.tolerances[k]
                if a is not None:
                    abs_t = a
                if r is not None:
                    rel_t = r
        return (abs_t if abs_t is not None else Decimal(0),
                rel_t if rel_t is not None else Decimal(0))

    def compute(self):
        # every canonical company declared anywhere or named by a key
        gsum = {self.canon(raw): 0 for raw, _n in self.decls}
        for (cid, _e, _s, _p), k in self.keys.items():
            gsum[cid] = gsum.get(cid, 0) + k.g
        self.in_scope = {
            cid: (self.materiality is None or g >= self.materiality)
            for cid, g in gsum.items()}
        self.company_g = gsum
        scale = Decimal(1).scaleb(-self.digits)
        rows = []
        for kk in sorted(self.keys,
                         key=lambda t: tuple(x.encode("utf-8") for x in t)):
            cid, ent, stream, project = kk
            k = self.keys[kk]
            d = k.c - k.g
            f = (k.c + k.ac) - (k.g + k.ag)
            # T as results.xml shows it: rounded toward zero to the minor
            # unit, so that |F| <= T shown exactly when within tolerance
            abs_t, rel_t = self.tolerance(stream, ent)
            with localcontext() as ctx:
                ctx.prec = 200
                shown = int(max(abs_t.scaleb(self.digits),
                                rel_t * abs(k.g + k.ag)).to_integral_value(
                                    rounding=ROUND_DOWN))
            if not self.in_scope[cid]:
                status = "out-of-scope"
            elif k.has_c and not k.has_g:
                status = "company-only"
            elif k.has_g and not k.has_c:
                status = "government-only"
            elif f == 0:
                status = "matched"
            else:
                abs_t, rel_t = self.tolerance(stream, ent)
                with localcontext() as ctx:
                    ctx.prec = 200
                    base = Decimal(abs(k.g + k.ag)) * scale
                    t = max(abs_t, rel_t * base)
                    within = Decimal(abs(f)) * scale <= t
                status = "within-tolerance" if within else "discrepancy"
            rows.append(dict(company_id=cid,
                             company_name=self.company_name(cid),
                             entity_id=ent, stream=stream, project=project,
                             c=k.c, g=k.g, d=d, ac=k.ac, ag=k.ag, f=f,
                             status=status, tolerance=shown,
                             explained="yes" if k.explained else "no"))
        self.rows = rows
        return rows

    def has_transfers(self):
        return self.xfer_lines or bool(self.sharings)

    def within(self, diff, abs_t, rel_t, base):
        scale = Decimal(1).scaleb(-self.digits)
        with localcontext() as ctx:
            ctx.prec = 200
            t = max(abs_t, rel_t * Decimal(abs(base)) * scale)
            return Decimal(abs(diff)) * scale <= t

    def compute_transfers(self):
        rows = []
        for kk in sorted(self.tkeys,
                         key=lambda t: tuple(x.encode("utf-8") for x in t)):
            frm, to, stream = kk
            k = self.tkeys[kk]
            s_e = k.s - k.e if (k.has_e and k.has_s) else None
            r_s = k.r - k.s if (k.has_s and k.has_r) else None
            abs_t, rel_t = self.tolerance(stream, to)
            if k.has_e and not k.has_s and not k.has_r:
                status = "not-transferred"
            elif not k.has_r:
                status = "receipt-not-reported"
            elif not k.has_s:
                status = "transfer-not-reported"
            elif (s_e or 0) == 0 and r_s == 0:
                status = "matched"
            elif all(self.within(x, abs_t, rel_t, k.s)
                     for x in (s_e, r_s) if x is not None):
                status = "within-tolerance"
            else:
                status = "discrepancy"
            fname = self.entities.get(frm, ("", "", ""))[0]
            tname, _lvl, region = self.entities.get(to, ("", "", ""))
            rows.append(dict(from_id=frm, from_name=fname, to_id=to,
                             to_name=tname, region=region, stream=stream,
                             e=k.e if k.has_e else None,
                             s=k.s if k.has_s else None,
                             r=k.r if k.has_r else None,
                             s_e=s_e, r_s=r_s, status=status,
                             formula=k.formula))
        self.trows = rows
        return rows

    def transfers_csv_text(self):
        def amt(v):
            return "" if v is None else fmt_amount(v, self.digits)
        out = [",".join(XFER_HEADER)]
        for r in self.trows:
            fields = [csv_field(r[x]) for x in ("from_id", "from_name",
                                                "to_id", "to_name",
                                                "region", "stream")]
            fields += [amt(r[x]) for x in ("e", "s", "r", "s_e", "r_s")]
            fields.append(r["status"])
            out.append(",".join(fields))
        return "".join(line + "\r\n" for line in out)

    def transfers_summary_lines(self):
        dg = self.digits
        rows = self.trows
        lines = ["transfer keys: %d" % len(rows)]
        for st in XFER_STATUSES:
            lines.append("transfer status %s: %d"
                         % (st, sum(1 for r in rows if r["status"] == st)))

        def sums(rs):
            def tot(f, g=lambda v: v):
                return fmt_amount(sum(g(r[f]) for r in rs
                                      if r[f] is not None), dg)
            return (tot("e"), tot("s"), tot("r"), tot("s_e"), tot("r_s"),
                    tot("s_e", abs), tot("r_s", abs))
        e, s_, r_, se, rs, gse, grs = sums(rows)
        lines += ["transfers entitled: " + e, "transfers sent: " + s_,
                  "transfers received: " + r_,
                  "transfers sent minus entitled: " + se,
                  "transfers received minus sent: " + rs,
                  "transfers gross sent minus entitled: " + gse,
                  "transfers gross received minus sent: " + grs]
        regions = sorted({r["region"] for r in rows},
                         key=lambda x: x.encode("utf-8"))
        lines.append("transfer regions: %d" % len(regions))
        for reg in regions:
            e, s_, r_, se, rs, _g1, _g2 = sums(
                [r for r in rows if r["region"] == reg])
            lines.append("transfer region: %s | %s | %s | %s | %s | %s"
                         % (reg, e, s_, r_, se, rs))
        covered = sorted({to for _f, _s, _b, _c, shares in self.sharings
                          for to, _r in shares},
                         key=lambda x: x.encode("utf-8"))
        silent = [to for to in covered
                  if not any(r["to_id"] == to and r["r"] is not None
                             for r in rows)]
        lines.append("transfer recipients not reporting: %d" % len(silent))
        for to in silent:
            fe = sum(r["e"] for r in rows
                     if r["to_id"] == to and r["formula"])
            fs = sum(r["s"] for r in rows
                     if r["to_id"] == to and r["s"] is not None)
            lines.append("transfer not-reporting: %s | %s | %s | %s"
                         % (to, self.entities.get(to, ("", "", ""))[0],
                            fmt_amount(fe, dg), fmt_amount(fs, dg)))
        return lines

    def csv_text(self):
        out = [",".join(CSV_HEADER)]
        for r in self.rows:
            fields = [csv_field(r[x]) for x in ("company_id",
                                                "company_name",
                                                "entity_id", "stream",
                                                "project")]
            # amounts are never altered (no formula guard)
            fields += [fmt_amount(r[x], self.digits)
                       for x in ("c", "g", "d", "ac", "ag", "f")]
            fields += [r["status"], r["explained"]]
            out.append(",".join(fields))
        return "".join(line + "\r\n" for line in out)

    def tolerances_text(self):
        """T shown per row, in results.csv order, one per line."""
        return "".join(fmt_amount(r["tolerance"], self.digits) + "\n"
                       for r in self.rows)

    def summary_text(self):
        dg = self.digits
        lines = []
        lines.append("keys: %d" % len(self.rows))
        for s in STATUSES:
            lines.append("status %s: %d"
                         % (s, sum(1 for r in self.rows if r["status"] == s)))
        ins = [r for r in self.rows if r["status"] != "out-of-scope"]
        lines.append("in-scope keys: %d" % len(ins))
        lines.append("explained keys: %d"
                     % sum(1 for r in self.rows if r["explained"] == "yes"))
        lines.append("unexplained discrepancies: %d"
                     % sum(1 for r in self.rows
                           if r["status"] == "discrepancy"
                           and r["explained"] == "no"))
        for name, fld in (("C", "c"), ("G", "g"), ("D", "d"), ("AC", "ac"),
                          ("AG", "ag"), ("F net", "f")):
            lines.append("sum %s: %s"
                         % (name, fmt_amount(sum(r[fld] for r in ins), dg)))
        lines.append("sum |F| gross: %s"
                     % fmt_amount(sum(abs(r["f"]) for r in ins), dg))
        # coverage denominator per (entity, stream)
        pairs = {}
        for r in self.rows:
            p = (r["entity_id"], r["stream"])
            pairs[p] = pairs.get(p, 0) + r["g"]
        for p in self.totals:
            pairs.setdefault(p, 0)
        den = 0
        for p, g_all in pairs.items():
            den += self.totals[p] if p in self.totals else g_all
        num = sum(r["g"] for r in ins)
        lines.append("coverage numerator: %s" % fmt_amount(num, dg))
        lines.append("coverage denominator: %s" % fmt_amount(den, dg))
        lines.append("coverage: %s" % fmt_pct(num, den))
        companies = sorted(self.company_g,
                           key=lambda c: c.encode("utf-8"))
        lines.append("companies: %d" % len(companies))
        lines.append("in-scope companies: %d"
                     % sum(1 for c in companies if self.in_scope[c]))
        nonrep = [c for c in companies if self.in_scope[c]
                  and c not in self.company_file_ids
                  and c not in self.company_payers]
        lines.append("non-reporting companies: %d" % len(nonrep))
        for c in nonrep:
            lines.append("non-reporting: %s | %s | %s | %s"
                         % (c, self.company_name(c),
                            fmt_amount(self.company_g[c], dg),
                            fmt_pct(self.company_g[c], den)))
        if self.has_transfers():
            lines += self.transfers_summary_lines()
        return "".join(line + "\n" for line in lines)


def check(dirs):
    bad = 0
    for d in dirs:
        try:
            o = Oracle(os.path.join(d, "manifest.xml"))
            o.compute()
            o.compute_transfers()
        except InputError as e:
            print("FAIL: %s: %s" % (d, e))
            bad += 1
            continue
        xpath = os.path.join(d, "expected-transfers.csv")
        if os.path.exists(xpath) != o.has_transfers():
            print("FAIL: %s: the inputs %s transfers but %s is %s"
                  % (d, "declare" if o.has_transfers() else "declare no",
                     xpath, "missing" if o.has_transfers() else "there"))
            bad += 1
        for name, text in (("expected-results.csv", o.csv_text()),
                           ("expected-transfers.csv",
                            o.transfers_csv_text()),
                           ("expected-summary.txt", o.summary_text())):
            path = os.path.join(d, name)
            if not os.path.exists(path):
                continue
            with open(path, "rb") as f:
                want = f.read().decode("utf-8")
            if want != text:
                print("FAIL: %s differs from the reference result" % path)
                w, g = want.splitlines(), text.splitlines()
                for i in range(max(len(w), len(g))):
                    a = w[i] if i < len(w) else "<none>"
                    b = g[i] if i < len(g) else "<none>"
                    if a != b:
                        print("  line %d\n    expected %s\n    computed %s"
                              % (i + 1, a, b))
                        break
                bad += 1
    return 1 if bad else 0


def main(argv=None):
    if argv is None:
        argv = sys.argv[1:]
    if argv and argv[0] == "--check":
        return check(argv[1:])
    ap = argparse.ArgumentParser(
        description="reference reconciliation (test oracle)")
    ap.add_argument("manifest")
    ap.add_argument("-o", dest="output", default=None,
                    help='results.csv destination ("-" = stdout)')
    ap.add_argument("--transfers", dest="transfers", default=None,
                    help="transfers.csv destination, written only when "
                    "the inputs declare transfers")
    ap.add_argument("--summary", action="store_true",
                    help="print totals, coverage and non-reporting companies")
    ap.add_argument("--tolerances", action="store_true",
                    help="print the tolerance T of every row as results.xml "
                    "shows it (rounded toward zero), in results.csv order")
    args = ap.parse_args(argv)
    try:
        o = Oracle(args.manifest)
        o.compute()
        o.compute_transfers()
    except InputError as e:
        print("reconcile_ref: %s" % e, file=sys.stderr)
        return 1
    for w in o.warnings:
        print("reconcile_ref: warning: %s" % w, file=sys.stderr)
    if args.tolerances:
        sys.stdout.write(o.tolerances_text())
        return 0
    output = args.output
    if output is None and not args.summary:
        output = "-"
    if output == "-":
        sys.stdout.buffer.write(o.csv_text().encode("utf-8"))
        sys.stdout.flush()
    elif output is not None:
        with open(output, "wb") as f:
            f.write(o.csv_text().encode("utf-8"))
    if args.transfers is not None and o.has_transfers():
        with open(args.transfers, "wb") as f:
            f.write(o.transfers_csv_text().encode("utf-8"))
    if args.summary:
        sys.stdout.write(o.summary_text())
    return 0


if __name__ == "__main__":
    sys.exit(main())
