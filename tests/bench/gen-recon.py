#!/usr/bin/env python3
"""gen-recon.py - generate a complete, valid reconciliation input of any
size for benchmarks and invariant tests.

Usage:
    gen-recon.py [--payments N] [--out DIR] [--seed S]
                 [--level stream|project]
                 [--transfers RECIPIENTS [--transfer-streams K]
                  [--transfer-months M]]

Writes DIR/manifest.xml, DIR/company.xml, DIR/government.xml and
DIR/adjustments.xml: N payments in all (about N/2 per side), about N/5
reconciliation keys, about 3 % of the lines in USD, a few hundred
adjustments and explanations, a few dozen aliases, government <total>
elements for the national entities, every status (matched, within
tolerance, discrepancy, company-only, government-only, out of scope) and
about 1 % of non-reporting companies.  The payment count is N or a few
lines more (the last key is written whole).

With --transfers RECIPIENTS it also writes subnational transfers (EITI
Requirement 5.2): DIR/transfers-sent.xml (MHCP sends every recipient, for
each of K streams (default 12), one line a month for M months (default
12)), DIR/transfers-received.xml (the recipients' receipts, compiled by a
secretariat), DIR/entitlements.xml (DNP's declared entitlements for every
stream but the first) and a <sharing> formula in the manifest for the
first stream.  Most keys are matched; about 5 % within tolerance, 2 %
discrepancies, 1 % with no receipt and 1 % with no sent line.

Everything is fictional and deterministic: the same --seed and --payments
give byte-identical files (no set or dict iteration order is relied on,
no time, no environment).  The files are written as a stream: memory does
not grow with N beyond the per-company work and the few hundred
adjustment candidates.  With the default N = 1,000,000 each disclosure is
about 70 MB.

Amounts are generated as integer centavos; USD lines are chosen so that
their conversion at the manifest's rate (half away from zero, per line)
lands exactly where the generator wants the key's total, so the intended
status of every key holds by construction.
"""

import argparse
import os
import random
import shutil
import sys

RATE_TEXT = "4255.44"
RATE_CENTS = 425544          # the rate in hundredths (see conv)
MATERIALITY = 50_000_000_00  # COP 50,000,000.00 in centavos
ABS_TOL = 5_000_000_00       # COP 5,000,000.00
REL_TOL = "0.005"

NATIONAL = [("ANM", "Agencia Nacional de Minería"),
            ("ANH", "Agencia Nacional de Hidrocarburos"),
            ("DIAN", "Dirección de Impuestos y Aduanas Nacionales")]
# department DIVIPOLA prefix -> ISO 3166-2
DEPARTMENTS = [("05", "CO-ANT"), ("15", "CO-BOY"), ("20", "CO-CES"),
               ("23", "CO-COR"), ("44", "CO-LAG"), ("50", "CO-MET"),
               ("68", "CO-SAN"), ("85", "CO-CAS")]
NATIONAL_STREAMS = {"ANM": ["1415E1", "1415E5", "143E", "114521E"],
                    "ANH": ["1415E1", "1415E5", "1415E4", "143E"],
                    "DIAN": ["1112E1", "1151E", "1142E"]}
MUNICIPAL_STREAMS = ["1141E", "113E", "1415E4", "116E"]
WORDS_A = ["Minera", "Carbones", "Petróleos", "Gas", "Níquel", "Oro",
           "Agregados", "Calizas", "Esmeraldas", "Hidrocarburos",
           "Recursos", "Energía"]
WORDS_B = ["del Norte", "del Sur", "Andina", "del Caribe", "del Llano",
           "de la Sierra", "del Valle", "de Oriente", "del Pacífico",
           "de la Cordillera", "del Magdalena", "de los Santanderes"]
SUFFIX = ["S.A.S.", "S.A.", "Ltda.", "S.A.S. E.S.P.", "S.C.A."]
SECTOR = {"Minera": ("mining", "coal"), "Carbones": ("mining", "coal"),
          "Petróleos": ("oil", "oil"), "Gas": ("gas", "gas"),
          "Níquel": ("mining", "nickel"), "Oro": ("mining", "gold"),
          "Agregados": ("mining", "aggregates"),
          "Calizas": ("mining", "limestone"),
          "Esmeraldas": ("mining", "emeralds"),
          "Hidrocarburos": ("oil", "oil"), "Recursos": ("other", None),
          "Energía": ("gas", "gas")}
REASONS = [
    ("timing", "Pago de diciembre registrado por la entidad en enero"),
    ("classification", "Pago reportado en otro flujo de ingresos"),
    ("fx", "Conversión a la TRM del día en lugar de la TRM promedio"),
    ("omission", "Pago omitido en el formulario de reporte"),
    ("perimeter", "Incluye pagos de una filial fuera del alcance"),
    ("on-account", "Pago con saldo a favor de vigencias anteriores"),
]

# twelve revenue streams of schemas/streams.csv for the transfers; the
# formula's is the first
TRANSFER_STREAMS = ["1415E1", "1415E2", "1415E3", "1415E4", "1415E5",
                    "143E", "1141E", "113E", "116E", "1112E1", "1151E",
                    "1142E"]

HDR = ('<?xml version="1.0" encoding="UTF-8"?>\n'
       '<disclosure xmlns="urn:eitirep:disclosure:1" role="%s" '
       'country="CO"\n            period-start="2022-01-01" '
       'period-end="2022-12-31"\n            reporter="%s" '
       'currency="COP">\n')


def esc(s):
    return (s.replace("&", "&amp;").replace("<", "&lt;")
            .replace('"', "&quot;"))


def cop(c):
    """Centavos as an xs:decimal string with 2 digits."""
    if c < 0:
        return "-%d.%02d" % divmod(-c, 100)
    return "%d.%02d" % divmod(c, 100)


def conv(usd_cents):
    """USD cents -> COP centavos at RATE, half away from zero (eitirep-results(5), Conversion):
    (u/100) * 4255.44 COP = u * 425544 / 100 centavos."""
    x = usd_cents * RATE_CENTS
    q, r = divmod(abs(x), 100)
    if r >= 50:
        q += 1
    return q if x >= 0 else -q


def split(rng, total, n):
    """total (centavos, may be negative) as n integer parts."""
    if n == 1:
        return [total]
    cuts = sorted(rng.randrange(0, abs(total) + 1) for _ in range(n - 1))
    parts, prev = [], 0
    for c in cuts + [abs(total)]:
        parts.append(c - prev)
        prev = c
    return [p if total >= 0 else -p for p in parts]


class Gen:
    def __init__(self, args):
        self.rng = random.Random(args.seed)
        self.level_project = args.level == "project"
        self.out = args.out
        self.target = args.payments
        # about 40 keys (200 payments) per company, with slack: the
        # generation stops as soon as N payments are written
        self.ncompanies = max(4, args.payments // 160)
        self.entities = list(NATIONAL)
        self.entity_region = {}
        nmun = max(8, min(600, args.payments // 2000))
        seen = set()
        while len(self.entities) < len(NATIONAL) + nmun:
            dep, iso = DEPARTMENTS[self.rng.randrange(len(DEPARTMENTS))]
            code = "%s%03d" % (dep, self.rng.randrange(1, 1000))
            if code in seen:
                continue
            seen.add(code)
            eid = "MUN-" + code
            self.entities.append((eid, "Municipio ficticio %s" % code))
            self.entity_region[eid] = iso
        self.pairs = []  # every (entity, stream) a key may use
        for eid, _ in self.entities:
            streams = NATIONAL_STREAMS.get(eid, MUNICIPAL_STREAMS)
            for s in streams:
                self.pairs.append((eid, s))
        self.companies = []
        for i in range(self.ncompanies):
            a = WORDS_A[self.rng.randrange(len(WORDS_A))]
            b = WORDS_B[self.rng.randrange(len(WORDS_B))]
            suf = SUFFIX[self.rng.randrange(len(SUFFIX))]
            nit = "NIT-9%08d" % (10_000_000 + 38 * i)  # unique, i < 2.3M
            name = "%s %s %d %s" % (a, b, i + 1, suf)
            sector, commodity = SECTOR[a]
            small = self.rng.random() < 0.05
            # about 1 % of the companies file nothing (non-reporting)
            nonrep = not small and self.rng.random() < 0.01
            alias = ("%s-%d" % (nit, i % 10)
                     if self.rng.random() < 0.01 else None)
            self.companies.append((nit, name, sector, commodity, small,
                                   alias, nonrep))
        self.counts = {}
        self.adj_candidates = []   # (company, entity, stream, project,
        #                            intended kind, C - G), a sample
        self.gsum = {}             # (entity, stream) -> government centavos
        self.transfers = args.transfers
        self.tstreams = TRANSFER_STREAMS[:args.transfer_streams]
        self.tmonths = args.transfer_months

    # -- one key ---------------------------------------------------------
    def key_lines(self, small):
        """Company and government lines of one key: lists of
        (amount text, currency or None), plus the intended status."""
        rng = self.rng
        if small:
            base = rng.randrange(1_000_00, 2_000_000_00)
        else:
            # roughly log-uniform between 1 million and 10,000 million
            # COP (integers only, so every platform draws the same)
            e = rng.randrange(8, 12)
            base = rng.randrange(10 ** e, 10 ** (e + 1))
        if rng.random() < 0.02:
            base = -base // 10        # a refund
        r = rng.random()
        if r < 0.80:
            kind, diff = "matched", 0
        elif r < 0.88:
            kind, diff = "within", rng.randrange(1, 1_000_000_00)
        elif r < 0.94:
            kind = "discrepancy"
            # above every floor (the largest is 40 million) and every
            # percentage (the largest is 2 %)
            diff = 50_000_000_00 + abs(base) // rng.randrange(5, 45)
            if rng.random() < 0.5:
                diff = -diff
        elif r < 0.965:
            kind, diff = "company-only", 0
        else:
            kind, diff = "government-only", 0
        nc = 1 + (rng.random() < 0.6) + (rng.random() < 0.4) \
            + (rng.random() < 0.3)
        ng = 1 + (rng.random() < 0.6) + (rng.random() < 0.4) \
            + (rng.random() < 0.3)
        if small:
            kind, diff = "matched", 0
        c_total = base + diff
        g_total = base
        c_lines = [] if kind == "government-only" else \
            self.side_lines(c_total, nc)
        g_lines = [] if kind == "company-only" else \
            self.side_lines(g_total, ng)
        return c_lines, g_lines, kind, c_total - g_total, g_total

    def side_lines(self, total, n):
        """n lines summing to total centavos after conversion; about 3 %
        of the lines are in USD."""
        rng = self.rng
        parts = split(rng, total, n)
        lines = []
        rest = 0
        for i, p in enumerate(parts):
            p += rest
            rest = 0
            if rng.random() < 0.03 and abs(p) >= 10_000:
                u = p * 100 // RATE_CENTS  # USD cents near p
                v = conv(u)
                lines.append((cop(u), "USD"))
                rest = p - v  # carried into the next line (or fixed below)
            else:
                lines.append((cop(p), None))
        if rest:
            lines.append((cop(rest), None))
        return lines

    # -- the files ---------------------------------------------------------
    def run(self):
        os.makedirs(self.out, exist_ok=True)
        ctmp = os.path.join(self.out, ".company.payments.tmp")
        gtmp = os.path.join(self.out, ".government.payments.tmp")
        rng = self.rng
        keys_per_company = max(1, self.target // 5 // (self.target // 200
                                                        or 1))
        written = 0
        npay_c = npay_g = 0
        self.ncompanies_used = 0
        with open(ctmp, "w", encoding="utf-8", buffering=1 << 20) as cf, \
                open(gtmp, "w", encoding="utf-8", buffering=1 << 20) as gf:
            for ci, comp in enumerate(self.companies):
                if written >= self.target:
                    break
                self.ncompanies_used = ci + 1
                nit, _n, _s, _c, small, alias, nonrep = comp
                gid = alias or nit
                nkeys = 2 if small else keys_per_company
                chosen = rng.sample(range(len(self.pairs)),
                                    min(nkeys, len(self.pairs)))
                projects = ["PRJ-%05d-%d" % (ci, j) for j in range(3)]
                for pi in chosen:
                    if written >= self.target:
                        break
                    eid, stream = self.pairs[pi]
                    project = projects[pi % 3] if self.level_project else None
                    cl, gl, kind, f, g = self.key_lines(small)
                    if nonrep:
                        if not gl:
                            gl = self.side_lines(g, 1)
                        cl, kind, f = [], "government-only", -g
                    if small:
                        kind = "out-of-scope"
                    self.counts[kind] = self.counts.get(kind, 0) + 1
                    for amount, cur in cl:
                        npay_c += 1
                        cf.write(self.payment_xml(
                            "C%09d" % npay_c, nit, eid, stream, amount, cur,
                            project))
                    for amount, cur in gl:
                        npay_g += 1
                        gf.write(self.payment_xml(
                            "G%09d" % npay_g, gid, eid, stream, amount, cur,
                            project))
                    pair = (eid, stream)
                    self.gsum[pair] = self.gsum.get(pair, 0) + (
                        g if gl else 0)
                    if not small and rng.random() < min(
                            0.05, 3000 / self.target):
                        self.adj_candidates.append(
                            (nit, eid, stream, project, kind, f))
                    written += len(cl) + len(gl)
        self.npayments = written
        self.write_company(ctmp)
        self.write_government(gtmp)
        self.write_adjustments()
        self.sharing_xml = ""
        if self.transfers:
            self.write_transfers()
        self.write_manifest()

    def write_company(self, tmp):
        path = os.path.join(self.out, "company.xml")
        with open(path, "w", encoding="utf-8", buffering=1 << 20) as cf:
            cf.write(HDR % ("company", "EITI-CO-SECRETARIA"))
            for eid, name in self.entities:
                cf.write(self.entity_xml(eid, name))
            for c in self.companies[:self.ncompanies_used]:
                if not c[6]:
                    cf.write(self.company_xml(c[0], c))
            cf.flush()
            with open(tmp, "r", encoding="utf-8") as src:
                shutil.copyfileobj(src, cf, 1 << 20)
            cf.write("</disclosure>\n")
        os.remove(tmp)

    def entity_xml(self, eid, name):
        region = self.entity_region.get(eid)
        level = "municipal" if region else "national"
        r = ' region="%s"' % region if region else ""
        return '  <entity id="%s" name="%s" level="%s"%s/>\n' % (
            eid, esc(name), level, r)

    def company_xml(self, cid, c):
        name, sector, commodity = c[1], c[2], c[3]
        cm = ' commodity="%s"' % commodity if commodity else ""
        return '  <company id="%s" name="%s" sector="%s"%s/>\n' % (
            cid, esc(name), sector, cm)

    def payment_xml(self, pid, cid, eid, stream, amount, cur, project):
        extra = ' currency="%s"' % cur if cur else ""
        if project:
            extra += ' project="%s"' % project
        # day of year from the id: deterministic, always inside 2022
        n = int(pid[1:])
        month = n % 12 + 1
        day = n % 28 + 1
        return ('  <payment id="%s" company="%s" entity="%s" stream="%s" '
                'amount="%s"%s date="2022-%02d-%02d"/>\n'
                % (pid, cid, eid, stream, amount, extra, month, day))

    def write_government(self, tmp):
        path = os.path.join(self.out, "government.xml")
        with open(path, "w", encoding="utf-8", buffering=1 << 20) as gf:
            gf.write(HDR % ("government", "MINHACIENDA-CONSOLIDADO"))
            for eid, name in self.entities:
                gf.write(self.entity_xml(eid, name))
            for c in self.companies[:self.ncompanies_used]:
                gf.write(self.company_xml(c[5] or c[0], c))
            # unilateral totals of the national entities: 115 % of what
            # the reconciled companies paid (other title holders)
            for eid, _ in NATIONAL:
                for s in NATIONAL_STREAMS[eid]:
                    g = self.gsum.get((eid, s))
                    if g is None or g <= 0:
                        continue
                    gf.write('  <total stream="%s" entity="%s" '
                             'amount="%s"/>\n' % (s, eid, cop(g * 115 // 100)))
            gf.flush()
            with open(tmp, "r", encoding="utf-8") as src:
                shutil.copyfileobj(src, gf, 1 << 20)
            gf.write("</disclosure>\n")
        os.remove(tmp)

    def write_adjustments(self):
        rng = random.Random(self.rng.random())
        path = os.path.join(self.out, "adjustments.xml")
        with open(path, "w", encoding="utf-8") as af:
            af.write('<?xml version="1.0" encoding="UTF-8"?>\n'
                     '<adjustments xmlns="urn:eitirep:adjustments:1">\n')
            for nit, eid, stream, project, kind, f in self.adj_candidates:
                klass, reason = REASONS[rng.randrange(len(REASONS))]
                proj = ' project="%s"' % project if project else ""
                if kind == "discrepancy" and rng.random() < 0.6:
                    # correct the whole difference on one side
                    if rng.random() < 0.5:
                        side, amount = "company", -f
                    else:
                        side, amount = "government", f
                    af.write('  <adjustment side="%s" company="%s" '
                             'entity="%s" stream="%s"%s amount="%s" '
                             'currency="COP" class="%s" reason="%s" '
                             'ref="Oficio %d-%04d"/>\n'
                             % (side, nit, eid, stream, proj, cop(amount),
                                klass, reason, 2023,
                                rng.randrange(1, 10000)))
                elif kind in ("discrepancy", "company-only",
                              "government-only", "within"):
                    af.write('  <explanation company="%s" entity="%s" '
                             'stream="%s"%s class="%s" reason="%s"/>\n'
                             % (nit, eid, stream, proj, klass, reason))
                elif rng.random() < 0.3:
                    # a matched key split differently: offsetting
                    # adjustments on both sides in USD
                    u = rng.randrange(1_00, 100_000_00)
                    for side in ("company", "government"):
                        af.write('  <adjustment side="%s" company="%s" '
                                 'entity="%s" stream="%s"%s amount="%s" '
                                 'currency="USD" class="omission" '
                                 'reason="Pago omitido por ambas partes"/>\n'
                                 % (side, nit, eid, stream, proj, cop(u)))
            af.write("</adjustments>\n")

    # -- subnational transfers ---------------------------------------------
    def write_transfers(self):
        """The three transfer files and the manifest's sharing rule,
        written as a stream (one recipient at a time)."""
        rng = random.Random(self.rng.random())
        n = self.transfers
        recips = ["MUN-T%06d" % i for i in range(n)]
        # the formula: 0.9 of the base shared equally, exact to 18 digits
        rate = "0.%018d" % (9 * 10 ** 17 // n)
        base = 1_000_000_000_000_00 * n // 10_000  # grows with n
        rate_num = 9 * 10 ** 17 // n
        shares = []
        hdr = ('<?xml version="1.0" encoding="UTF-8"?>\n'
               '<disclosure xmlns="urn:eitirep:disclosure:1" '
               'role="government" country="CO"\n'
               '            period-start="2022-01-01" '
               'period-end="2022-12-31"\n            reporter="%s" '
               'currency="COP">\n')
        ents = ['  <entity id="MHCP" name="Ministerio de Hacienda y Crédito'
                ' Público" level="national"/>\n']
        for i, r in enumerate(recips):
            dep, iso = DEPARTMENTS[i % len(DEPARTMENTS)]
            ents.append('  <entity id="%s" name="Municipio ficticio %d" '
                        'level="municipal" region="%s"/>\n' % (r, i, iso))
        paths = [os.path.join(self.out, f) for f in
                 ("transfers-sent.xml", "transfers-received.xml",
                  "entitlements.xml")]
        with open(paths[0], "w", encoding="utf-8", buffering=1 << 20) as sf, \
                open(paths[1], "w", encoding="utf-8",
                     buffering=1 << 20) as rf, \
                open(paths[2], "w", encoding="utf-8",
                     buffering=1 << 20) as ef:
            for f, rep_id in ((sf, "MHCP"), (rf, "EITI-CO-SECRETARIA"),
                              (ef, "DNP")):
                f.write(hdr % rep_id)
                f.writelines(ents)
            seq = 0
            for r in recips:
                for k, st in enumerate(self.tstreams):
                    if k == 0:
                        # round(base x rate), half away from zero
                        q, rem = divmod(base * rate_num, 10 ** 18)
                        e = q + (2 * rem >= 10 ** 18)
                        shares.append(r)
                    else:
                        e = rng.randrange(10_000_000_00, 10_000_000_000_00)
                        ef.write('  <entitlement from="MHCP" to="%s" '
                                 'stream="%s" amount="%s"/>\n'
                                 % (r, st, cop(e)))
                    x = rng.random()
                    sent = e
                    if 0.93 <= x < 0.95:
                        sent = e - e // 10       # a discrepancy
                    recv = sent
                    if 0.88 <= x < 0.93:
                        recv = sent - rng.randrange(1, 1_000_00)
                    parts = split(rng, sent, self.tmonths)
                    rparts = split(rng, recv, self.tmonths)
                    for m in range(self.tmonths):
                        seq += 1
                        date = "2022-%02d-%02d" % (m % 12 + 1, 15)
                        if x < 0.98 or x >= 0.99:
                            sf.write('  <transfer id="S%09d" side="sent" '
                                     'from="MHCP" to="%s" stream="%s" '
                                     'amount="%s" date="%s"/>\n'
                                     % (seq, r, st, cop(parts[m]), date))
                        if x < 0.97 or x >= 0.98:
                            rf.write('  <transfer id="R%09d" side="received" '
                                     'from="MHCP" to="%s" stream="%s" '
                                     'amount="%s" date="%s"/>\n'
                                     % (seq, r, st, cop(rparts[m]), date))
            for f in (sf, rf, ef):
                f.write("</disclosure>\n")
        self.sharing_xml = (
            '  <sharing from="MHCP" stream="%s" base="%s" '
            'basis="Regla ficticia de prueba">\n%s  </sharing>\n'
            '  <source role="government" href="transfers-sent.xml"/>\n'
            '  <source role="government" href="transfers-received.xml"/>\n'
            '  <source role="government" href="entitlements.xml"/>\n'
            % (self.tstreams[0], cop(base),
               "".join('    <share to="%s" rate="%s"/>\n' % (r, rate)
                       for r in shares)))

    def write_manifest(self):
        path = os.path.join(self.out, "manifest.xml")
        level = "project" if self.level_project else "stream"
        with open(path, "w", encoding="utf-8") as mf:
            mf.write('<?xml version="1.0" encoding="UTF-8"?>\n'
                     '<!-- generated by tests/bench/gen-recon.py: %d '
                     'payments -->\n'
                     '<reconciliation xmlns="urn:eitirep:manifest:1" '
                     'country="CO"\n                period-start="2022-01-01"'
                     ' period-end="2022-12-31"\n                '
                     'currency="COP" lang="es" level="%s">\n'
                     '  <title>Conciliación sintética de %d pagos</title>\n'
                     '  <thresholds materiality="%s" abs-tolerance="%s" '
                     'rel-tolerance="%s"/>\n'
                     '  <tolerance stream="1415E1" abs="10000000.00" '
                     'rel="0.01"/>\n'
                     '  <tolerance stream="1415E1" entity="ANH" '
                     'abs="40000000.00" rel="0.02"/>\n'
                     '  <rate currency="USD" value="%s" '
                     'source="Tasa ficticia de prueba"/>\n'
                     '  <source role="company" href="company.xml"/>\n'
                     '  <source role="government" href="government.xml"/>\n'
                     '  <adjustments href="adjustments.xml"/>\n'
                     % (self.npayments, level, self.npayments,
                        cop(MATERIALITY), cop(ABS_TOL), REL_TOL, RATE_TEXT))
            mf.write(self.sharing_xml)
            for c in self.companies[:self.ncompanies_used]:
                if c[5]:
                    mf.write('  <alias id="%s" name="%s"/>\n' % (c[0], c[5]))
            mf.write("</reconciliation>\n")


def main(argv=None):
    ap = argparse.ArgumentParser(
        description="generate a reconciliation input of N payments")
    ap.add_argument("--payments", type=int, default=1_000_000)
    ap.add_argument("--out", default="recon-bench")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--level", choices=("stream", "project"),
                    default="stream")
    ap.add_argument("--transfers", type=int, default=0,
                    metavar="RECIPIENTS",
                    help="also write subnational transfers to RECIPIENTS "
                    "municipalities")
    ap.add_argument("--transfer-streams", type=int, default=12,
                    help="streams per recipient (at most 12)")
    ap.add_argument("--transfer-months", type=int, default=12,
                    help="sent and received lines per key")
    args = ap.parse_args(argv)
    if args.payments < 10:
        ap.error("--payments must be at least 10")
    if not 1 <= args.transfer_streams <= len(TRANSFER_STREAMS):
        ap.error("--transfer-streams must be between 1 and %d"
                 % len(TRANSFER_STREAMS))
    if args.transfers < 0 or args.transfer_months < 1:
        ap.error("--transfers and --transfer-months must be positive")
    g = Gen(args)
    g.run()
    kinds = ", ".join("%s %d" % (k, g.counts[k]) for k in sorted(g.counts))
    print("gen-recon: %d payments, %d keys (%s), %d adjustment candidates "
          "in %s" % (g.npayments, sum(g.counts.values()), kinds,
                     len(g.adj_candidates), args.out), file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
