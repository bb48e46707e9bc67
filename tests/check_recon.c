/*
 * check_recon.c - the reconciliation engine fed directly (no XML), every
 * rule of eitirep-results(5), RECONCILIATION on hand-computed cases, invariants
 * over generated data, the results.csv bytes, results.xml escaping and
 * determinism.
 *
 * Every expected figure below was computed by hand from the rules of
 * eitirep-results(5); the comments show the arithmetic.
 */
#include "config.h"

#include <check.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/afile.h"
#include "core/clock.h"
#include "core/diag.h"
#include "core/err.h"
#include "core/iso.h"
#include "core/money.h"
#include "reconcile/reconcile.h"
#include "validate/validate.h"

/* --- a manifest built in memory ---------------------------------------- */

struct tman {
	struct eiti_manifest m;
	struct eiti_rate_decl rates[8];
	struct eiti_tolerance_decl tols[8];
	struct eiti_alias_decl aliases[8];
};

static struct tman TM;
static struct eiti_recon *R;
static struct eiti_err E;
static struct eiti_diags D; /* the engine's findings */

static void
man_init(const char *cur)
{
	memset(&TM, 0, sizeof(TM));
	TM.m.file = "test-manifest.xml";
	TM.m.dir = ".";
	TM.m.country = "CO";
	TM.m.period_start = "2022-01-01";
	TM.m.period_end = "2022-12-31";
	TM.m.currency = cur;
	TM.m.currency_digits = eiti_currency_digits(cur);
	TM.m.lang = "es";
	TM.m.rates = TM.rates;
	TM.m.tolerances = TM.tols;
	TM.m.aliases = TM.aliases;
}

static int64_t
amt(const char *text, int digits)
{
	int64_t v;

	ck_assert_msg(eiti_money_parse(&v, text, digits) == EITI_AMOUNT_OK,
	    "bad amount %s", text);
	return v;
}

static void
man_thresholds(const char *mat, const char *abs, const char *rel)
{
	TM.m.has_thresholds = true;
	if (mat != NULL) {
		TM.m.has_materiality = true;
		TM.m.materiality = amt(mat, TM.m.currency_digits);
	}
	if (abs != NULL) {
		TM.m.has_abs_tol = true;
		TM.m.abs_tol = amt(abs, TM.m.currency_digits);
	}
	if (rel != NULL) {
		TM.m.has_rel_tol = true;
		ck_assert(
		    eiti_decimal_parse(&TM.m.rel_tol, rel) == EITI_AMOUNT_OK);
		TM.m.rel_tol_text = rel;
	}
}

static void
man_rate(const char *cur, const char *value)
{
	struct eiti_rate_decl *r = &TM.rates[TM.m.nrates++];

	r->currency = cur;
	ck_assert(eiti_decimal_parse(&r->value, value) == EITI_AMOUNT_OK);
	r->value_text = value;
	r->source = "Banco de la República";
}

static void
man_tol(
    const char *stream, const char *entity, const char *abs, const char *rel)
{
	struct eiti_tolerance_decl *t = &TM.tols[TM.m.ntolerances++];

	t->stream = stream;
	t->entity = entity;
	if (abs != NULL) {
		t->has_abs = true;
		t->abs = amt(abs, TM.m.currency_digits);
		t->abs_text = abs;
	}
	if (rel != NULL) {
		t->has_rel = true;
		ck_assert(eiti_decimal_parse(&t->rel, rel) == EITI_AMOUNT_OK);
		t->rel_text = rel;
	}
}

static void
man_alias(const char *id, const char *name)
{
	TM.aliases[TM.m.naliases].id = id;
	TM.aliases[TM.m.naliases].name = name;
	TM.m.naliases++;
}

/* --- feeding ----------------------------------------------------------- */

/* The engine, with the clock read as the command line reads it
 * (SOURCE_DATE_EPOCH is set by setup()). */
static void
start(void)
{
	struct eiti_clock clock;

	E = (struct eiti_err)EITI_ERR_INIT;
	eiti_diags_free(&D);
	eiti_diags_init(&D);
	ck_assert_int_eq(eiti_clock_read(&clock, &E), 0);
	ck_assert_int_eq(eiti_recon_new(&R, &TM.m, &clock, &D, &E), 0);
}

/* The one finding of the engine, as printed (without the newline). */
static const char *
one_finding(void)
{
	static char buf[2048];
	char *out = NULL;
	size_t len = 0;
	FILE *fp;

	ck_assert_uint_eq(D.n, 1);
	fp = open_memstream(&out, &len);
	ck_assert_ptr_nonnull(fp);
	eiti_diags_print_text(&D, fp);
	fclose(fp);
	snprintf(buf, sizeof(buf), "%.*s", len > 0 ? (int)len - 1 : 0, out);
	free(out);
	return buf;
}

static struct eiti_disclosure_hdr
hdr(enum eiti_role role)
{
	struct eiti_disclosure_hdr h = {0};

	h.file = role == EITI_ROLE_COMPANY ? "company.xml" : "government.xml";
	h.role = role;
	h.country = "CO";
	h.reporter = "R";
	h.currency = TM.m.currency;
	h.currency_digits = TM.m.currency_digits;
	return h;
}

/* A payment; cur NULL = the report currency.  Returns the engine's
 * status (0, or -1 with E set). */
static int
pay_rc(enum eiti_role role, const char *co, const char *en, const char *st,
    const char *pr, const char *amount, const char *cur)
{
	static unsigned long line = 10;
	struct eiti_disclosure_hdr h = hdr(role);
	struct eiti_payment p = {0};

	p.id = "P";
	p.company = co;
	p.entity = en;
	p.stream = st;
	p.project = pr;
	p.currency = cur != NULL ? cur : TM.m.currency;
	p.currency_digits = eiti_currency_digits(p.currency);
	p.amount = amt(amount, p.currency_digits);
	p.amount_text = amount;
	p.line = line++;
	return eiti_recon_payment(R, &h, &p, &E);
}

static void
pay(enum eiti_role role, const char *co, const char *en, const char *st,
    const char *pr, const char *amount, const char *cur)
{
	ck_assert_msg(
	    pay_rc(role, co, en, st, pr, amount, cur) == 0, "%s", E.msg);
}

/* An in-kind payment in the report currency (eitirep-disclosure(5)): volume and
 * unit as the validator hands them over (NULL = attribute absent). */
static int
pay_ik_rc(enum eiti_role role, const char *co, const char *en, const char *st,
    const char *pr, const char *amount, const char *volume, const char *unit)
{
	static unsigned long line = 5000;
	struct eiti_disclosure_hdr h = hdr(role);
	struct eiti_payment p = {0};

	p.id = "IK";
	p.company = co;
	p.entity = en;
	p.stream = st;
	p.project = pr;
	p.currency = TM.m.currency;
	p.currency_digits = TM.m.currency_digits;
	p.amount = amt(amount, p.currency_digits);
	p.amount_text = amount;
	p.in_kind = true;
	p.volume = volume;
	p.unit = unit;
	p.line = line++;
	return eiti_recon_payment(R, &h, &p, &E);
}

static void
pay_ik(enum eiti_role role, const char *co, const char *en, const char *st,
    const char *pr, const char *amount, const char *volume, const char *unit)
{
	ck_assert_msg(
	    pay_ik_rc(role, co, en, st, pr, amount, volume, unit) == 0, "%s",
	    E.msg);
}

#define C EITI_ROLE_COMPANY
#define G EITI_ROLE_GOVERNMENT

static void
company(enum eiti_role role, const char *id, const char *name)
{
	struct eiti_disclosure_hdr h = hdr(role);
	struct eiti_company_decl d = {id, name, "mining", NULL, 3};

	ck_assert_int_eq(eiti_recon_company(R, &h, &d, &E), 0);
}

static void
entity(const char *id, const char *name, const char *region)
{
	struct eiti_disclosure_hdr h = hdr(G);
	struct eiti_entity_decl d = {id, name, "national", region, 2};

	ck_assert_int_eq(eiti_recon_entity(R, &h, &d, &E), 0);
}

static void
total(const char *en, const char *st, const char *amount, const char *cur)
{
	struct eiti_disclosure_hdr h = hdr(G);
	struct eiti_total_decl t = {0};

	t.entity = en;
	t.stream = st;
	t.currency = cur != NULL ? cur : TM.m.currency;
	t.amount = amt(amount, eiti_currency_digits(t.currency));
	t.line = 4;
	ck_assert_msg(eiti_recon_total(R, &h, &t, &E) == 0, "%s", E.msg);
}

static struct eiti_adjustment_decl ADJ[64];
static struct eiti_adjustments ADJS;

static void
adj(enum eiti_role side, const char *co, const char *en, const char *st,
    const char *pr, const char *amount, const char *cur)
{
	struct eiti_adjustment_decl *d = &ADJ[ADJS.nitems++];

	memset(d, 0, sizeof(*d));
	d->side = side;
	d->company = co;
	d->entity = en;
	d->stream = st;
	d->project = pr;
	d->currency = cur != NULL ? cur : TM.m.currency;
	d->currency_digits = eiti_currency_digits(d->currency);
	d->amount = amt(amount, d->currency_digits);
	d->amount_text = amount;
	d->reason = "timing: paid in December, recorded in January";
	d->klass = "timing";
	d->line = 100 + ADJS.nitems;
}

static void
explain(const char *co, const char *en, const char *st, const char *pr)
{
	struct eiti_adjustment_decl *d = &ADJ[ADJS.nitems++];

	memset(d, 0, sizeof(*d));
	d->is_explanation = true;
	d->company = co;
	d->entity = en;
	d->stream = st;
	d->project = pr;
	d->reason = "classification";
	d->klass = "classification";
	d->line = 100 + ADJS.nitems;
}

static struct eiti_results *
fin(void)
{
	struct eiti_results *res = NULL;

	if (ADJS.nitems > 0) {
		ADJS.items = ADJ;
		ADJS.file = "adjustments.xml";
		ck_assert_msg(eiti_recon_adjustments(
				  R, &ADJS, "adjustments.xml", NULL, &E) == 0,
		    "%s", E.msg);
	}
	ck_assert_msg(eiti_recon_finish(&res, R, &E) == 0, "%s %s", E.msg,
	    D.n > 0 ? D.v[0].msg : "");
	eiti_recon_free(R);
	R = NULL;
	memset(&ADJS, 0, sizeof(ADJS));
	return res;
}

static const struct eiti_res_row *
row(const struct eiti_results *res, const char *co, const char *en,
    const char *st, const char *pr)
{
	size_t i;

	for (i = 0; i < res->nrows; i++)
		if (strcmp(res->rows[i].company_id, co) == 0 &&
		    strcmp(res->rows[i].entity_id, en) == 0 &&
		    strcmp(res->rows[i].stream, st) == 0 &&
		    strcmp(res->rows[i].project, pr ? pr : "") == 0)
			return &res->rows[i];
	ck_abort_msg("no row %s/%s/%s/%s", co, en, st, pr ? pr : "");
	return NULL;
}

/* Amount as text in the report currency (rotating buffers). */
static const char *
A(int64_t v)
{
	static char buf[8][EITI_MONEY_BUFSZ];
	static int i;

	i = (i + 1) % 8;
	return eiti_money_plain(buf[i], v, TM.m.currency_digits);
}

static void
setup(void)
{
	setenv("SOURCE_DATE_EPOCH", "1700000000", 1);
	man_init("COP");
	memset(&ADJS, 0, sizeof(ADJS));
	R = NULL;
}

static void
teardown(void)
{
	eiti_recon_free(R);
	R = NULL;
}

/* --- statuses and tolerance: a table ------------------------------------ */

struct status_case {
	const char *name;
	const char *mat, *abs, *rel; /* thresholds; NULL = absent */
	const char *c, *g, *ac, *ag; /* NULL = no such line */
	const char *status, *f, *t;
};

static const struct status_case status_cases[] = {
    /* F = 0 */
    {"matched", NULL, "10", "0.01", "100.00", "100.00", NULL, NULL, "matched",
	"0.00", "10.00"},
    /* |F| = 5 <= T = max(10, 1.00) */
    {"within-floor", NULL, "10", "0.01", "105.00", "100.00", NULL, NULL,
	"within-tolerance", "5.00", "10.00"},
    /* |F| = T exactly is within */
    {"at-floor", NULL, "10", "0", "110.00", "100.00", NULL, NULL,
	"within-tolerance", "10.00", "10.00"},
    {"over-floor", NULL, "10", "0", "110.01", "100.00", NULL, NULL,
	"discrepancy", "10.01", "10.00"},
    /* T = 5 % of 1000 = 50 */
    {"at-rel", NULL, "0", "0.05", "1050.00", "1000.00", NULL, NULL,
	"within-tolerance", "50.00", "50.00"},
    {"over-rel", NULL, "0", "0.05", "1050.01", "1000.00", NULL, NULL,
	"discrepancy", "50.01", "50.00"},
    /* the base is |G + AG| = |1000 - 500| = 500: T = 25, F = 525 - 500 */
    {"rel-base-adjusted", NULL, "0", "0.05", "525.00", "1000.00", NULL,
	"-500.00", "within-tolerance", "25.00", "25.00"},
    {"rel-base-adjusted-over", NULL, "0", "0.05", "525.01", "1000.00", NULL,
	"-500.00", "discrepancy", "25.01", "25.00"},
    /* USEITI 2015, Arch Coal rents: 8.2 % but under the 50,000 floor
     *: T = max(50000, 0.02 * 232049) = 50000 */
    {"arch-coal-rents", NULL, "50000", "0.02", "250989.00", "232049.00", NULL,
	NULL, "within-tolerance", "18940.00", "50000.00"},
    /* over both the floor and the percentage */
    {"both-exceeded", NULL, "1000", "0.01", "250000.00", "200000.00", NULL,
	NULL, "discrepancy", "50000.00", "2000.00"},
    /* refunds: negative figures, |G| is the base: T = 0.05 * 1000 */
    {"refund-matched", NULL, "0", "0", "-1000.00", "-1000.00", NULL, NULL,
	"matched", "0.00", "0.00"},
    {"refund-within", NULL, "0", "0.05", "-1040.00", "-1000.00", NULL, NULL,
	"within-tolerance", "-40.00", "50.00"},
    /* one side only */
    {"company-only", NULL, "10", "0", "5.00", NULL, NULL, NULL, "company-only",
	"5.00", "10.00"},
    {"government-only", NULL, "10", "0", NULL, "5.00", NULL, NULL,
	"government-only", "-5.00", "10.00"},
    /* a zero payment still makes its side present */
    {"zero-company", NULL, "0", "0", "0.00", "5.00", NULL, NULL, "discrepancy",
	"-5.00", "0.00"},
    /* the company side present through an adjustment only (eitirep-results(5),
       Sides) */
    {"side-by-adjustment", NULL, "0", "0", NULL, "5.00", "5.00", NULL,
	"matched", "0.00", "0.00"},
    /* an adjustment resolves the difference */
    {"adjusted-to-match", NULL, "0", "0", "100.00", "75.00", NULL, "25.00",
	"matched", "0.00", "0.00"},
    /* no thresholds at all: any difference is a discrepancy */
    {"no-thresholds", NULL, NULL, NULL, "100.01", "100.00", NULL, NULL,
	"discrepancy", "0.01", "0.00"},
    /* materiality: G = 1000.00 >= 1000.00 is in scope ... */
    {"materiality-at", "1000", "0", "0", "1000.00", "1000.00", NULL, NULL,
	"matched", "0.00", "0.00"},
    /* ... G = 999.99 is not, whatever the figures */
    {"materiality-below", "1000", "0", "0", "5.00", "999.99", NULL, NULL,
	"out-of-scope", "-994.99", "0.00"},
    /* out-of-scope comes before company-only */
    {"materiality-company-only", "0.01", "0", "0", "5.00", NULL, NULL, NULL,
	"out-of-scope", "5.00", "0.00"},
    /* T for display is rounded toward zero: 0.5 * 0.01 = 0.005 -> 0.00,
     * so that |F| = 0.01 > T shown agrees with the exact comparison
     * (|F| = 0.01 > 0.005) */
    {"display-tie", NULL, "0", "0.5", "0.02", "0.01", NULL, NULL, "discrepancy",
	"0.01", "0.00"},
    /* |F| = 0.005 exactly is not representable; |F| = 0.01 with T =
     * 0.5 * 0.02 = 0.01 is within */
    {"rel-exact", NULL, "0", "0.5", "0.03", "0.02", NULL, NULL,
	"within-tolerance", "0.01", "0.01"},
};

START_TEST(test_status_table)
{
	const struct status_case *sc = &status_cases[_i];
	struct eiti_results *res;
	const struct eiti_res_row *r;

	man_thresholds(sc->mat, sc->abs, sc->rel);
	start();
	if (sc->c != NULL)
		pay(C, "CO1", "ANM", "1415E1", NULL, sc->c, NULL);
	if (sc->g != NULL)
		pay(G, "CO1", "ANM", "1415E1", NULL, sc->g, NULL);
	if (sc->ac != NULL)
		adj(C, "CO1", "ANM", "1415E1", NULL, sc->ac, NULL);
	if (sc->ag != NULL)
		adj(G, "CO1", "ANM", "1415E1", NULL, sc->ag, NULL);
	res = fin();
	ck_assert_uint_eq(res->nrows, 1);
	r = &res->rows[0];
	ck_assert_msg(strcmp(eiti_status_name(r->status), sc->status) == 0,
	    "%s: status %s, want %s", sc->name, eiti_status_name(r->status),
	    sc->status);
	ck_assert_msg(strcmp(A(r->f), sc->f) == 0, "%s: F %s, want %s",
	    sc->name, A(r->f), sc->f);
	ck_assert_msg(strcmp(A(r->tolerance), sc->t) == 0, "%s: T %s, want %s",
	    sc->name, A(r->tolerance), sc->t);
	ck_assert(r->explained == (sc->ac != NULL || sc->ag != NULL));
	eiti_results_free(res);
}
END_TEST

/* --- conversion (eitirep-results(5), Conversion)
 * ---------------------------------------------- */

START_TEST(test_convert_per_line)
{
	struct eiti_results *res;
	const struct eiti_res_row *r;

	man_rate("USD", "4255.44");
	start();
	/* per line: 0.01 USD * 4255.44 = 42.5544 -> 42.55, twice = 85.10;
	 * the sum first would give 0.02 * 4255.44 = 85.1088 -> 85.11 */
	pay(C, "CO1", "ANM", "1415E1", NULL, "0.01", "USD");
	pay(C, "CO1", "ANM", "1415E1", NULL, "0.01", "USD");
	pay(G, "CO1", "ANM", "1415E1", NULL, "85.11", NULL);
	res = fin();
	r = row(res, "CO1", "ANM", "1415E1", NULL);
	ck_assert_str_eq(A(r->c), "85.10");
	ck_assert_str_eq(A(r->f), "-0.01");
	eiti_results_free(res);
}
END_TEST

START_TEST(test_convert_ties)
{
	struct eiti_results *res;

	man_rate("USD", "1.5");
	man_rate("CLP", "0.0043");
	start();
	/* 0.01 * 1.5 = 0.015 -> 0.02 (half away from zero) */
	pay(C, "A", "E", "S1", NULL, "0.01", "USD");
	/* -0.01 * 1.5 = -0.015 -> -0.02 */
	pay(C, "A", "E", "S2", NULL, "-0.01", "USD");
	/* 0.03 * 1.5 = 0.045 -> 0.05 */
	pay(C, "A", "E", "S3", NULL, "0.03", "USD");
	/* CLP has 0 digits: 1001 * 0.0043 = 4.3043 -> 4.30 */
	pay(C, "A", "E", "S4", NULL, "1001", "CLP");
	/* 1 * 0.0043 = 0.0043 -> 0.00 ; 5 * 0.0043 = 0.0215 -> 0.02 */
	pay(C, "A", "E", "S5", NULL, "1", "CLP");
	pay(C, "A", "E", "S5", NULL, "5", "CLP");
	res = fin();
	ck_assert_str_eq(A(row(res, "A", "E", "S1", NULL)->c), "0.02");
	ck_assert_str_eq(A(row(res, "A", "E", "S2", NULL)->c), "-0.02");
	ck_assert_str_eq(A(row(res, "A", "E", "S3", NULL)->c), "0.05");
	ck_assert_str_eq(A(row(res, "A", "E", "S4", NULL)->c), "4.30");
	ck_assert_str_eq(A(row(res, "A", "E", "S5", NULL)->c), "0.02");
	eiti_results_free(res);
}
END_TEST

START_TEST(test_convert_zero_digit_report)
{
	struct eiti_results *res;

	/* report currency CLP (0 minor digits) */
	man_init("CLP");
	man_rate("USD", "950.5");
	man_thresholds(NULL, "1", NULL);
	start();
	/* 1.01 * 950.5 = 960.005 -> 960 ; 0.01 * 950.5 = 9.505 -> 10 */
	pay(C, "A", "E", "S", NULL, "1.01", "USD");
	pay(C, "A", "E", "S", NULL, "0.01", "USD");
	/* -0.01 * 950.5 = -9.505 -> -10 */
	pay(C, "A", "E", "S", NULL, "-0.01", "USD");
	pay(G, "A", "E", "S", NULL, "961", NULL);
	res = fin();
	ck_assert_str_eq(A(row(res, "A", "E", "S", NULL)->c), "960");
	ck_assert_str_eq(A(row(res, "A", "E", "S", NULL)->f), "-1");
	ck_assert_int_eq(
	    row(res, "A", "E", "S", NULL)->status, EITI_ST_WITHIN_TOLERANCE);
	eiti_results_free(res);
}
END_TEST

START_TEST(test_convert_report_rate_is_one)
{
	struct eiti_results *res;

	/* a <rate> naming the report currency is ignored: rate 1 */
	man_rate("COP", "2");
	start();
	pay(C, "A", "E", "S", NULL, "10.00", "COP");
	res = fin();
	ck_assert_str_eq(A(res->rows[0].c), "10.00");
	eiti_results_free(res);
}
END_TEST

START_TEST(test_convert_no_rate)
{
	struct eiti_results *res = NULL;

	start();
	/* a finding at the payment, once per currency; the engine goes on */
	ck_assert_int_eq(pay_rc(C, "A", "E", "S", NULL, "1.00", "USD"), 0);
	ck_assert_int_eq(pay_rc(C, "B", "E", "S", NULL, "2.00", "USD"), 0);
	ck_assert_int_eq(E.kind, EITI_ERR_NONE);
	ck_assert_msg(
	    strstr(one_finding(),
		"payment 'P': no exchange rate for USD in the manifest "
		"(report currency COP) [RATE-MISSING]") != NULL,
	    "%s", one_finding());
	ck_assert_msg(strncmp(one_finding(), "company.xml:", 12) == 0, "%s",
	    one_finding());
	ck_assert_int_eq(D.errors, 1);
	ck_assert_int_eq(eiti_recon_finish(&res, R, &E), 1);
	ck_assert_ptr_null(res);
}
END_TEST

/* --- keys, aliases, project level -------------------------------------- */

START_TEST(test_aliases_and_names)
{
	struct eiti_results *res;

	man_alias("NIT-800021308", "DRUMMOND LTD");
	man_alias("NIT-800021308", "DRUMMOND");
	man_alias("NIT-9", "NINE ALIAS");
	start();
	/* an alias is declared first, the canonical id later: the canonical
	 * declaration names the company (eitirep-manifest(5)) */
	company(G, "DRUMMOND LTD", "Drummond (alias name)");
	company(C, "NIT-800021308", "Drummond Ltd.");
	company(G, "NIT-800021308", "Drummond second declaration");
	/* only an alias is ever declared */
	company(G, "NINE ALIAS", "Nine by alias");
	company(G, "DRUMMOND", "Drummond other alias");
	pay(C, "NIT-800021308", "ANM", "1415E1", NULL, "10.00", NULL);
	pay(G, "DRUMMOND LTD", "ANM", "1415E1", NULL, "7.00", NULL);
	pay(G, "DRUMMOND", "ANM", "1415E1", NULL, "3.00", NULL);
	pay(G, "NINE ALIAS", "ANM", "1415E1", NULL, "1.00", NULL);
	/* an adjustment and an explanation by alias reach the same key */
	adj(G, "DRUMMOND", "ANM", "1415E1", NULL, "0.00", NULL);
	explain("NINE ALIAS", "ANM", "1415E1", NULL);
	res = fin();
	ck_assert_uint_eq(res->nrows, 2);
	ck_assert_str_eq(res->rows[0].company_id, "NIT-800021308");
	ck_assert_str_eq(res->rows[0].company_name, "Drummond Ltd.");
	ck_assert_str_eq(A(res->rows[0].g), "10.00");
	ck_assert_int_eq(res->rows[0].status, EITI_ST_MATCHED);
	ck_assert(res->rows[0].explained);
	ck_assert_str_eq(res->rows[1].company_id, "NIT-9");
	ck_assert_str_eq(res->rows[1].company_name, "Nine by alias");
	ck_assert(res->rows[1].explained);
	ck_assert_uint_eq(res->ncompanies, 2);
	ck_assert_str_eq(res->companies[0].aliases, "DRUMMOND LTD, DRUMMOND");
	ck_assert(res->companies[0].reporting);
	/* NIT-9: declared in government files only, no company payment */
	ck_assert(!res->companies[1].reporting);
	ck_assert_uint_eq(res->nnonreporting, 1);
	ck_assert_str_eq(res->nonreporting[0].company_id, "NIT-9");
	ck_assert_str_eq(res->nonreporting[0].company_name, "Nine by alias");
	/* share: 1.00 of 11.00 = 9.0909 % -> 9.09 % */
	ck_assert_int_eq(res->nonreporting[0].share_bp, 909);
	eiti_results_free(res);
}
END_TEST

START_TEST(test_project_level)
{
	struct eiti_results *res;

	TM.m.level_project = true;
	start();
	pay(C, "A", "E", "S", "P2", "10.00", NULL);
	pay(G, "A", "E", "S", "P2", "10.00", NULL);
	pay(C, "A", "E", "S", "P1", "5.00", NULL);
	pay(G, "A", "E", "S", NULL, "5.00", NULL);
	adj(C, "A", "E", "S", "P3", "1.00", NULL);
	res = fin();
	ck_assert_uint_eq(res->nrows, 4);
	/* "" sorts first, then P1, P2, P3 */
	ck_assert_str_eq(res->rows[0].project, "");
	ck_assert_int_eq(res->rows[0].status, EITI_ST_GOVERNMENT_ONLY);
	ck_assert_str_eq(res->rows[1].project, "P1");
	ck_assert_int_eq(res->rows[1].status, EITI_ST_COMPANY_ONLY);
	ck_assert_str_eq(res->rows[2].project, "P2");
	ck_assert_int_eq(res->rows[2].status, EITI_ST_MATCHED);
	ck_assert_str_eq(res->rows[3].project, "P3");
	ck_assert_int_eq(res->rows[3].status, EITI_ST_COMPANY_ONLY);
	ck_assert(res->rows[3].explained);
	ck_assert_uint_eq(res->rows[3].nadj, 1);
	ck_assert_uint_eq(res->rows[3].first_adj, 0);
	ck_assert_uint_eq(res->adjustments[0].row, 3);
	eiti_results_free(res);
}
END_TEST

START_TEST(test_stream_level_ignores_project)
{
	struct eiti_results *res;

	start();
	pay(C, "A", "E", "S", "P2", "10.00", NULL);
	pay(G, "A", "E", "S", "P1", "10.00", NULL);
	res = fin();
	ck_assert_uint_eq(res->nrows, 1);
	ck_assert_str_eq(res->rows[0].project, "");
	ck_assert_int_eq(res->rows[0].status, EITI_ST_MATCHED);
	eiti_results_free(res);
}
END_TEST

START_TEST(test_byte_order)
{
	struct eiti_results *res;
	static const char *const want[] = {"A", "B", "a", "b", "\xc3\x81"};
	size_t i;

	start();
	/* byte order: upper case before lower case, UTF-8 (Á) after ASCII */
	pay(C, "\xc3\x81", "E", "S", NULL, "1.00", NULL);
	pay(C, "b", "E", "S", NULL, "1.00", NULL);
	pay(C, "B", "E", "S", NULL, "1.00", NULL);
	pay(C, "a", "E", "S", NULL, "1.00", NULL);
	pay(C, "A", "E", "S", NULL, "1.00", NULL);
	/* then entity, then stream */
	pay(C, "A", "D", "T", NULL, "1.00", NULL);
	pay(C, "A", "D", "S", NULL, "1.00", NULL);
	res = fin();
	ck_assert_uint_eq(res->nrows, 7);
	ck_assert_str_eq(res->rows[0].entity_id, "D");
	ck_assert_str_eq(res->rows[0].stream, "S");
	ck_assert_str_eq(res->rows[1].entity_id, "D");
	ck_assert_str_eq(res->rows[1].stream, "T");
	ck_assert_str_eq(res->rows[2].entity_id, "E");
	for (i = 0; i < 5; i++)
		ck_assert_str_eq(res->rows[i + 2].company_id, want[i]);
	eiti_results_free(res);
}
END_TEST

/* --- tolerance precedence (eitirep-results(5), Tolerance)
 * ------------------------------------ */

START_TEST(test_tolerance_precedence)
{
	struct eiti_results *res;

	man_thresholds(NULL, "100", "0.01");
	/* stream S: rel 5 %, abs inherited from thresholds (100) */
	man_tol("S", NULL, NULL, "0.05");
	/* stream S at entity X: abs 1000, rel inherited from the stream
	 * tolerance (5 %) */
	man_tol("S", "X", "1000", NULL);
	/* a later duplicate never matches */
	man_tol("S", "X", "0", "0");
	start();
	/* thresholds: T = max(100, 1 % of 10000) = 100 */
	pay(C, "A", "E", "OTHER", NULL, "10100.00", NULL);
	pay(G, "A", "E", "OTHER", NULL, "10000.00", NULL);
	/* stream: T = max(100, 5 % of 10000) = 500 */
	pay(C, "A", "E", "S", NULL, "10500.00", NULL);
	pay(G, "A", "E", "S", NULL, "10000.00", NULL);
	/* stream + entity: T = max(1000, 5 % of 10000) = 1000 */
	pay(C, "A", "X", "S", NULL, "11000.00", NULL);
	pay(G, "A", "X", "S", NULL, "10000.00", NULL);
	/* stream + entity, percentage wins: T = 5 % of 40000 = 2000 */
	pay(C, "B", "X", "S", NULL, "42000.00", NULL);
	pay(G, "B", "X", "S", NULL, "40000.00", NULL);
	pay(C, "C", "X", "S", NULL, "42000.01", NULL);
	pay(G, "C", "X", "S", NULL, "40000.00", NULL);
	res = fin();
	ck_assert_str_eq(
	    A(row(res, "A", "E", "OTHER", NULL)->tolerance), "100.00");
	ck_assert_int_eq(row(res, "A", "E", "OTHER", NULL)->status,
	    EITI_ST_WITHIN_TOLERANCE);
	ck_assert_str_eq(A(row(res, "A", "E", "S", NULL)->tolerance), "500.00");
	ck_assert_int_eq(
	    row(res, "A", "E", "S", NULL)->status, EITI_ST_WITHIN_TOLERANCE);
	ck_assert_str_eq(
	    A(row(res, "A", "X", "S", NULL)->tolerance), "1000.00");
	ck_assert_int_eq(
	    row(res, "A", "X", "S", NULL)->status, EITI_ST_WITHIN_TOLERANCE);
	ck_assert_str_eq(
	    A(row(res, "B", "X", "S", NULL)->tolerance), "2000.00");
	ck_assert_int_eq(
	    row(res, "B", "X", "S", NULL)->status, EITI_ST_WITHIN_TOLERANCE);
	ck_assert_int_eq(
	    row(res, "C", "X", "S", NULL)->status, EITI_ST_DISCREPANCY);
	ck_assert_uint_eq(res->ntolerances, 3);
	ck_assert(!res->tolerances[0].has_abs);
	ck_assert_str_eq(res->tolerances[0].rel_text, "0.05");
	eiti_results_free(res);
}
END_TEST

/* --- adjustments and explanations -------------------------------------- */

START_TEST(test_adjustments)
{
	struct eiti_results *res;
	const struct eiti_res_row *r;

	man_rate("USD", "4000");
	start();
	pay(C, "A", "E", "S", NULL, "1000.00", NULL);
	pay(G, "A", "E", "S", NULL, "1250.00", NULL);
	/* company side: +0.05 USD = 200.00; government side: -50.00 */
	adj(C, "A", "E", "S", NULL, "0.05", "USD");
	adj(G, "A", "E", "S", NULL, "-50.00", NULL);
	/* explanation of the same key, and of a key with no payment */
	explain("A", "E", "S", NULL);
	explain("Z", "E", "S", NULL);
	/* an adjustment-only key: the government side exists only
	 * through the adjustment */
	adj(G, "B", "E", "S", NULL, "7.00", NULL);
	/* an explanation given before the adjustment that creates its key
	 * still explains it */
	explain("D", "E", "S", NULL);
	adj(C, "D", "E", "S", NULL, "1.00", NULL);
	res = fin();
	ck_assert_uint_eq(res->nrows, 3);
	r = row(res, "A", "E", "S", NULL);
	/* D = 1000 - 1250; F = (1000 + 200) - (1250 - 50) = 0 */
	ck_assert_str_eq(A(r->d), "-250.00");
	ck_assert_str_eq(A(r->ac), "200.00");
	ck_assert_str_eq(A(r->ag), "-50.00");
	ck_assert_str_eq(A(r->f), "0.00");
	ck_assert_int_eq(r->status, EITI_ST_MATCHED);
	ck_assert(r->explained);
	ck_assert_uint_eq(r->nadj, 3);
	r = row(res, "B", "E", "S", NULL);
	ck_assert_int_eq(r->status, EITI_ST_GOVERNMENT_ONLY);
	ck_assert(r->has_government && !r->has_company);
	ck_assert_str_eq(A(r->g), "0.00");
	ck_assert_str_eq(A(r->f), "-7.00");
	ck_assert(r->explained);
	r = row(res, "D", "E", "S", NULL);
	ck_assert_int_eq(r->status, EITI_ST_COMPANY_ONLY);
	ck_assert(r->explained);
	ck_assert_uint_eq(r->nadj, 2);
	/* adjustments sorted by row then file order; the orphan last */
	ck_assert_uint_eq(res->nadjustments, 7);
	ck_assert_uint_eq(res->adjustments[0].row, 0);
	ck_assert(!res->adjustments[0].is_explanation);
	ck_assert_str_eq(res->adjustments[0].currency, "USD");
	ck_assert_str_eq(res->adjustments[0].amount_text, "0.05");
	ck_assert_str_eq(A(res->adjustments[0].value), "200.00");
	ck_assert(res->adjustments[2].is_explanation);
	ck_assert_uint_eq(res->adjustments[4].row, 2);
	ck_assert(res->adjustments[4].is_explanation); /* file order */
	ck_assert_uint_eq(res->adjustments[6].row, SIZE_MAX);
	ck_assert_str_eq(res->adjustments[6].company_id, "Z");
	/* the orphan explanation is a warning carried into the results */
	ck_assert_uint_eq(res->nfindings, 1);
	ck_assert_str_eq(res->findings[0].rule, "RECON-EXPLANATION-NO-KEY");
	ck_assert(!res->findings[0].is_error);
	ck_assert_uint_eq(res->nvalidation, 1);
	ck_assert_str_eq(res->validation[0].file, "adjustments.xml");
	ck_assert_uint_eq(res->validation[0].warnings, 1);
	ck_assert_uint_eq(eiti_results_unexplained(res), 0);
	eiti_results_free(res);
}
END_TEST

START_TEST(test_warnings_moved)
{
	struct eiti_results *res = NULL;

	start();
	pay(C, "A", "E", "S", NULL, "1.00", NULL);
	explain("Z", "E", "S", NULL);
	ADJS.items = ADJ;
	ADJS.file = "adj.xml";
	ck_assert_int_eq(
	    eiti_recon_adjustments(R, &ADJS, "adj.xml", NULL, &E), 0);
	eiti_recon_validated(R, "manifest.xml");
	eiti_recon_validated(R, "adj.xml");
	ck_assert_uint_eq(D.warnings, 1);
	ck_assert_int_eq(eiti_recon_finish(&res, R, &E), 0);
	/* counted once, from diags */
	ck_assert_uint_eq(res->nvalidation, 2);
	ck_assert_str_eq(res->validation[0].file, "manifest.xml");
	ck_assert_uint_eq(res->validation[0].warnings, 0);
	ck_assert_str_eq(res->validation[1].file, "adj.xml");
	ck_assert_uint_eq(res->validation[1].warnings, 1);
	ck_assert_uint_eq(res->nfindings, 1);
	ck_assert_uint_eq(res->nsources, 1);
	ck_assert(res->sources[0].is_adjustments);
	eiti_results_free(res);
	eiti_recon_free(R);
	R = NULL;
	memset(&ADJS, 0, sizeof(ADJS));
}
END_TEST

/* --- totals, scope, coverage, non-reporting (eitirep-results(5), Materiality,
 * Totals, Non-reporting) ------- */

START_TEST(test_totals_and_coverage)
{
	struct eiti_results *res;
	const struct eiti_res_total *t;

	man_thresholds("100", "1", NULL);
	start();
	entity("ANM", "Agencia Nacional de Minería", "CO-CES");
	entity("DIAN", "DIAN", NULL);
	company(C, "A", "Alpha");
	company(G, "B", "Beta");
	company(G, "Z", "Zeta (small)");
	/* A: G = 300 in scope; F = +100 on royalties, -100 on taxes:
	 * net 0, gross 200 */
	pay(C, "A", "ANM", "ROY", NULL, "300.00", NULL);
	pay(G, "A", "ANM", "ROY", NULL, "200.00", NULL);
	pay(C, "A", "DIAN", "TAX", NULL, "0.00", NULL);
	pay(G, "A", "DIAN", "TAX", NULL, "100.00", NULL);
	/* B: G = 150 in scope, no company disclosure: non-reporting */
	pay(G, "B", "ANM", "ROY", NULL, "150.00", NULL);
	/* Z: G = 99.99 out of scope */
	pay(G, "Z", "ANM", "ROY", NULL, "99.99", NULL);
	pay(C, "Z", "ANM", "ROY", NULL, "1.00", NULL);
	/* ANM declares its royalty total: 1000 (includes small payers) */
	total("ANM", "ROY", "600.00", NULL);
	total("ANM", "ROY", "400.00", NULL);
	res = fin();

	t = &res->overall;
	ck_assert_str_eq(A(t->c), "300.00");
	ck_assert_str_eq(A(t->g), "450.00");
	ck_assert_str_eq(A(t->d), "-150.00");
	ck_assert_str_eq(A(t->f), "-150.00");
	/* |100| + |-100| + |-150| */
	ck_assert_str_eq(A(t->gross), "350.00");
	ck_assert_uint_eq(t->keys, 4);
	ck_assert_uint_eq(t->count[EITI_ST_DISCREPANCY], 2);
	ck_assert_uint_eq(t->count[EITI_ST_GOVERNMENT_ONLY], 1);
	ck_assert_uint_eq(t->count[EITI_ST_OUT_OF_SCOPE], 1);

	ck_assert_uint_eq(res->nby_company, 3);
	ck_assert_str_eq(res->by_company[0].key, "A");
	ck_assert_str_eq(res->by_company[0].name, "Alpha");
	ck_assert_str_eq(A(res->by_company[0].f), "0.00");
	ck_assert_str_eq(A(res->by_company[0].gross), "200.00");
	/* Z: counted, no amounts */
	ck_assert_str_eq(res->by_company[2].key, "Z");
	ck_assert_str_eq(A(res->by_company[2].g), "0.00");
	ck_assert_uint_eq(res->by_company[2].count[EITI_ST_OUT_OF_SCOPE], 1);

	ck_assert_uint_eq(res->nby_stream, 2);
	ck_assert_str_eq(res->by_stream[0].key, "ROY");
	ck_assert_str_eq(A(res->by_stream[0].g), "350.00");
	ck_assert_uint_eq(res->nby_entity, 2);
	ck_assert_str_eq(res->by_entity[0].name, "Agencia Nacional de Minería");
	/* regions: "" (DIAN) sorts before CO-CES */
	ck_assert_uint_eq(res->nby_region, 2);
	ck_assert_str_eq(res->by_region[0].key, "");
	ck_assert_str_eq(A(res->by_region[0].g), "100.00");
	ck_assert_str_eq(res->by_region[1].key, "CO-CES");
	ck_assert_str_eq(A(res->by_region[1].g), "350.00");

	/* coverage: (ANM, ROY) declared 1000; (DIAN, TAX) no total: G of
	 * all keys = 100.  Denominator 1100; numerator 450 -> 40.91 % */
	ck_assert_uint_eq(res->nunilateral, 2);
	ck_assert(res->unilateral[0].has_declared);
	ck_assert_str_eq(A(res->unilateral[0].declared), "1000.00");
	ck_assert_str_eq(A(res->unilateral[0].g_all), "449.99");
	ck_assert_str_eq(A(res->unilateral[0].g_in), "350.00");
	ck_assert(!res->unilateral[1].has_declared);
	ck_assert_str_eq(A(res->coverage_den), "1100.00");
	ck_assert_str_eq(A(res->coverage_num), "450.00");
	ck_assert(res->has_coverage);
	ck_assert_int_eq(res->coverage_bp, 4091);

	ck_assert_uint_eq(res->ncompanies, 3);
	ck_assert(res->companies[0].in_scope && res->companies[0].reporting);
	ck_assert(res->companies[1].in_scope && !res->companies[1].reporting);
	ck_assert(!res->companies[2].in_scope && res->companies[2].reporting);
	ck_assert_str_eq(A(res->companies[2].g), "99.99");
	/* B: 150 / 1100 = 13.636 % -> 13.64 % */
	ck_assert_uint_eq(res->nnonreporting, 1);
	ck_assert_str_eq(res->nonreporting[0].company_id, "B");
	ck_assert_int_eq(res->nonreporting[0].share_bp, 1364);
	ck_assert_uint_eq(res->nentities, 2);
	ck_assert_str_eq(res->entities[0].region, "CO-CES");
	ck_assert_str_eq(res->entities[1].region, "");
	ck_assert_str_eq(row(res, "A", "ANM", "ROY", NULL)->region, "CO-CES");
	ck_assert_uint_eq(eiti_results_unexplained(res), 2);
	eiti_results_free(res);
}
END_TEST

START_TEST(test_no_coverage)
{
	struct eiti_results *res;

	start();
	company(G, "A", "Alpha");
	pay(C, "B", "E", "S", NULL, "1.00", NULL);
	res = fin();
	/* no government figure at all: coverage undefined; A declared with
	 * no payment: in scope (no materiality), not reporting, share 0 */
	ck_assert(!res->has_coverage);
	ck_assert_uint_eq(res->nnonreporting, 1);
	ck_assert_str_eq(res->nonreporting[0].company_id, "A");
	ck_assert_int_eq(res->nonreporting[0].share_bp, 0);
	ck_assert(!res->has_materiality);
	eiti_results_free(res);
}
END_TEST

/* --- overflow ----------------------------------------------------------- */

/* Overflows are findings (RECON-OVERFLOW) at the payment, raised once
 * per key: the engine goes on, and finish() gives no results. */
START_TEST(test_overflow_payment)
{
	struct eiti_results *res = NULL;

	start();
	pay(C, "A", "E", "S", NULL, "92233720368547758.07", NULL);
	ck_assert_int_eq(pay_rc(C, "A", "E", "S", NULL, "0.01", NULL), 0);
	ck_assert_int_eq(pay_rc(C, "A", "E", "S", NULL, "0.01", NULL), 0);
	pay(C, "B", "E", "S", NULL, "1.00", NULL);
	ck_assert_int_eq(E.kind, EITI_ERR_NONE);
	ck_assert_msg(strstr(one_finding(),
			  "company-side sum of key (company A, entity E, "
			  "stream S) overflows [RECON-OVERFLOW]") != NULL,
	    "%s", one_finding());
	ck_assert_msg(strncmp(one_finding(), "company.xml:", 12) == 0, "%s",
	    one_finding());
	ck_assert_int_eq(eiti_recon_finish(&res, R, &E), 1);
	ck_assert_ptr_null(res);
}
END_TEST

START_TEST(test_overflow_conversion)
{
	man_rate("USD", "4000");
	start();
	ck_assert_int_eq(
	    pay_rc(C, "A", "E", "S", NULL, "92233720368547758.07", "USD"), 0);
	/* the message names the value and why */
	ck_assert_msg(
	    strstr(one_finding(),
		"converted amount overflows: 92233720368547758.07 USD at 4000 "
		"COP per USD is more than 92233720368547758.07 COP, the "
		"largest amount an int64 count of minor units holds "
		"[RECON-OVERFLOW]") != NULL,
	    "%s", one_finding());
}
END_TEST

START_TEST(test_overflow_discrepancy)
{
	struct eiti_results *res = NULL;

	start();
	pay(C, "A", "E", "S", NULL, "92233720368547758.07", NULL);
	pay(G, "A", "E", "S", NULL, "-1.00", NULL);
	/* D = C - G does not fit: a finding located at the manifest */
	ck_assert_int_eq(eiti_recon_finish(&res, R, &E), 1);
	ck_assert_ptr_null(res);
	ck_assert_int_eq(E.kind, EITI_ERR_NONE);
	ck_assert_msg(
	    strstr(one_finding(),
		"test-manifest.xml:0:0: error: the discrepancy of key "
		"(company A, entity E, stream S) overflows") != NULL,
	    "%s", one_finding());
}
END_TEST

START_TEST(test_overflow_totals)
{
	struct eiti_results *res = NULL;

	start();
	pay(C, "A", "E", "S", NULL, "92233720368547758.07", NULL);
	pay(C, "B", "E", "S", NULL, "1.00", NULL);
	ck_assert_int_eq(eiti_recon_finish(&res, R, &E), 1);
	ck_assert_msg(strstr(one_finding(), "total") != NULL &&
			  strstr(one_finding(), "[RECON-OVERFLOW]") != NULL,
	    "%s", one_finding());
}
END_TEST

/* --- in-kind payments (EITI Requirement 4.2) ---------------------------- */

/* The row's in-kind fields, compared at once. */
static void
want_ik(const struct eiti_res_row *r, bool in_kind, const char *volume,
    const char *unit)
{
	ck_assert_msg(r->in_kind == in_kind, "%s/%s/%s: in_kind %d",
	    r->company_id, r->entity_id, r->stream, r->in_kind);
	ck_assert_str_eq(r->inkind_volume, volume);
	ck_assert_str_eq(r->inkind_unit, unit);
}

START_TEST(test_inkind_sums)
{
	struct eiti_results *res;

	start();
	/* A: both sides in kind; the government side's volume is given,
	 * its two payments summed exactly (1200.5 + 0.25) */
	pay_ik(C, "A", "ANH", "1415E1", NULL, "400000.00", "1200.5", "bbl");
	pay(C, "A", "ANH", "1415E1", NULL, "100000.00", NULL);
	pay_ik(G, "A", "ANH", "1415E1", NULL, "399000.00", "1200.5", "bbl");
	pay_ik(G, "A", "ANH", "1415E1", NULL, "1000.00", "0.25", "bbl");
	pay(G, "A", "ANH", "1415E1", NULL, "100000.00", NULL);
	/* B: only the company paid in kind; the government recorded cash:
	 * the company's volume is the only one there is */
	pay_ik(C, "B", "ANH", "1415E1", NULL, "500.00", "10", "t");
	pay(G, "B", "ANH", "1415E1", NULL, "500.00", NULL);
	/* C: the government's in-kind payments use two units: no volume,
	 * even though the company's single unit would add up */
	pay_ik(G, "C", "ANM", "1415E1", NULL, "10.00", "5", "t");
	pay_ik(G, "C", "ANM", "1415E1", NULL, "20.00", "7", "kg");
	pay_ik(G, "C", "ANM", "1415E1", NULL, "30.00", "1", "t");
	pay_ik(C, "C", "ANM", "1415E1", NULL, "60.00", "13", "t");
	/* D: cash only */
	pay(C, "D", "ANM", "1415E1", NULL, "1.00", NULL);
	pay(G, "D", "ANM", "1415E1", NULL, "1.00", NULL);
	/* E: company only; trailing zeros go (1.50 + 2.50 = 4) */
	pay_ik(C, "E", "ANM", "1415E1", NULL, "1.00", "1.50", "oz");
	pay_ik(C, "E", "ANM", "1415E1", NULL, "1.00", "2.50", "oz");
	/* F: scales aligned exactly, 18 fraction digits kept */
	pay_ik(
	    G, "F", "ANM", "1415E1", NULL, "1.00", "0.000000000000000001", "t");
	pay_ik(G, "F", "ANM", "1415E1", NULL, "1.00", "1", "t");
	/* G: a zero volume is a volume; a unit is case-sensitive */
	pay_ik(G, "G", "ANM", "1415E1", NULL, "1.00", "0", "T");
	pay_ik(G, "G", "ANM", "1415E1", NULL, "1.00", "0.0", "T");
	pay_ik(C, "G", "ANM", "1415E1", NULL, "1.00", "3", "t");
	res = fin();

	/* in-kind amounts are reconciled at their value like any other */
	ck_assert_str_eq(
	    A(row(res, "A", "ANH", "1415E1", NULL)->c), "500000.00");
	ck_assert_str_eq(
	    A(row(res, "A", "ANH", "1415E1", NULL)->g), "500000.00");
	ck_assert_int_eq(
	    row(res, "A", "ANH", "1415E1", NULL)->status, EITI_ST_MATCHED);
	want_ik(row(res, "A", "ANH", "1415E1", NULL), true, "1200.75", "bbl");
	want_ik(row(res, "B", "ANH", "1415E1", NULL), true, "10", "t");
	want_ik(row(res, "C", "ANM", "1415E1", NULL), true, "", "");
	ck_assert_str_eq(A(row(res, "C", "ANM", "1415E1", NULL)->g), "60.00");
	want_ik(row(res, "D", "ANM", "1415E1", NULL), false, "", "");
	want_ik(row(res, "E", "ANM", "1415E1", NULL), true, "4", "oz");
	want_ik(row(res, "F", "ANM", "1415E1", NULL), true,
	    "1.000000000000000001", "t");
	want_ik(row(res, "G", "ANM", "1415E1", NULL), true, "0", "T");
	eiti_results_free(res);
}
END_TEST

/* At level project the volume belongs to the key with the project; an
 * adjustment (no volume) does not make a key in kind. */
START_TEST(test_inkind_project_level)
{
	struct eiti_results *res;

	TM.m.level_project = true;
	start();
	pay(C, "A", "ANH", "1415E1", "LLA-34", "1000000.00", NULL);
	pay(G, "A", "ANH", "1415E1", "LLA-34", "600000.00", NULL);
	pay_ik(G, "A", "ANH", "1415E1", "LLA-34", "400000.00", "1200", "bbl");
	pay_ik(G, "A", "ANH", "1415E1", NULL, "5.00", "1", "bbl");
	pay(C, "A", "ANH", "1415E1", "CPO-09", "5.00", NULL);
	adj(G, "A", "ANH", "1415E1", "CPO-09", "5.00", NULL);
	res = fin();
	ck_assert_uint_eq(res->nrows, 3);
	want_ik(row(res, "A", "ANH", "1415E1", NULL), true, "1", "bbl");
	want_ik(row(res, "A", "ANH", "1415E1", "CPO-09"), false, "", "");
	want_ik(row(res, "A", "ANH", "1415E1", "LLA-34"), true, "1200", "bbl");
	ck_assert_int_eq(
	    row(res, "A", "ANH", "1415E1", "LLA-34")->status, EITI_ST_MATCHED);
	eiti_results_free(res);
}
END_TEST

/* What the validator never lets through is still an error naming the
 * payment, never a silent zero; a sum beyond int64 fails like an amount
 * sum.  Once a side is mixed its volumes are no longer added. */
START_TEST(test_inkind_errors)
{
	struct eiti_results *res;
	static const struct {
		const char *volume, *unit, *msg;
	} bad[] = {
	    {NULL, "t", "needs a volume and a unit"},
	    {"5", NULL, "needs a volume and a unit"},
	    {"5", "", "needs a volume and a unit"},
	    {"5 t", "t", "is not a decimal"},
	    {"1e3", "t", "is not a decimal"},
	    {"-1", "t", "is negative"},
	    {"0.0000000000000000001", "t", "more digits"},
	};
	size_t i;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		start();
		ck_assert_int_eq(pay_ik_rc(G, "A", "E", "S", NULL, "1.00",
				     bad[i].volume, bad[i].unit),
		    0);
		ck_assert_int_eq(E.kind, EITI_ERR_NONE);
		ck_assert_msg(
		    strstr(one_finding(), bad[i].msg) != NULL &&
			strstr(one_finding(), "payment 'IK'") != NULL &&
			strstr(one_finding(), "[INKIND]") != NULL &&
			strncmp(one_finding(), "government.xml:", 15) == 0,
		    "%zu: %s", i, one_finding());
		eiti_recon_free(R);
		R = NULL;
	}
	/* the sum overflows: beyond the 24 digits of an xs:decimal, and by
	 * aligning scales */
	start();
	pay_ik(C, "A", "E", "S", NULL, "1.00", "999999999999999999999999", "t");
	ck_assert_int_eq(
	    pay_ik_rc(C, "A", "E", "S", NULL, "1.00", "1", "t"), 0);
	ck_assert_msg(
	    strstr(one_finding(), "company-side in-kind volume of key "
				  "(company A, entity E, stream S) "
				  "overflows [RECON-OVERFLOW]") != NULL,
	    "%s", one_finding());
	eiti_recon_free(R);
	start();
	pay_ik(G, "A", "E", "S", NULL, "1.00", "0.000000000000000001", "t");
	ck_assert_int_eq(
	    pay_ik_rc(G, "A", "E", "S", NULL, "1.00", "1000000", "t"), 0);
	ck_assert_msg(
	    strstr(one_finding(), "overflows") != NULL, "%s", one_finding());
	eiti_recon_free(R);
	/* mixed first: nothing is added any more, so nothing overflows */
	start();
	pay_ik(G, "A", "E", "S", NULL, "1.00", "9000000000000000000", "t");
	pay_ik(G, "A", "E", "S", NULL, "1.00", "1", "kg");
	pay_ik(G, "A", "E", "S", NULL, "1.00", "9000000000000000000", "t");
	res = fin();
	want_ik(&res->rows[0], true, "", "");
	eiti_results_free(res);
}
END_TEST

/* --- invariants over generated data ------------------------------------- */

static uint64_t rng_state;

static uint32_t
rng(void)
{
	rng_state = rng_state * 6364136223846793005ULL + 1442695040888963407ULL;
	return (uint32_t)(rng_state >> 33);
}

START_TEST(test_invariants)
{
	static const char *const streams[] = {
	    "1112E1", "1415E1", "1415E2", "1142E", "1422E"};
	struct eiti_results *res;
	struct eiti_decimal usd;
	int64_t sum_c = 0, sum_g = 0, sum_ac = 0, sum_ag = 0;
	int64_t in_c = 0, in_g = 0, in_ac = 0, in_ag = 0, in_f = 0;
	size_t i, s, count[EITI_ST_COUNT] = {0}, total_count = 0;
	char co[32], en[32], amount[64];
	int run;

	for (run = 0; run < 3; run++) {
		rng_state = 42 + run;
		man_init("COP");
		man_rate("USD", "4255.44");
		ck_assert(
		    eiti_decimal_parse(&usd, "4255.44") == EITI_AMOUNT_OK);
		man_thresholds(
		    run == 0 ? NULL : "500000.00", "100.00", "0.005");
		TM.m.level_project = run == 2;
		start();
		sum_c = sum_g = sum_ac = sum_ag = 0;
		in_c = in_g = in_ac = in_ag = in_f = 0;
		for (i = 0; i < 20000; i++) {
			enum eiti_role role = rng() % 2 ? C : G;
			bool in_usd = rng() % 5 == 0;
			int64_t a = (int64_t)(rng() % 100000000) - 5000000;
			int64_t v;

			snprintf(co, sizeof(co), "CO-%03u", rng() % 60);
			snprintf(en, sizeof(en), "EN-%02u", rng() % 7);
			snprintf(amount, sizeof(amount), "%s",
			    eiti_money_plain(
				(char[EITI_MONEY_BUFSZ]){0}, a, 2));
			pay(role, co, en, streams[rng() % 5],
			    rng() % 3 ? "PRJ-1" : "PRJ-2", amount,
			    in_usd ? "USD" : NULL);
			if (in_usd)
				ck_assert(
				    eiti_money_convert(&v, a, 2, &usd, 2));
			else
				v = a;
			if (role == C)
				sum_c += v;
			else
				sum_g += v;
		}
		/* a company under the materiality threshold */
		pay(G, "SMALL", "EN-01", "1415E1", "PRJ-1", "1.00", NULL);
		pay(C, "SMALL", "EN-01", "1415E1", "PRJ-1", "2.00", NULL);
		sum_g += 100;
		sum_c += 200;
		for (i = 0; i < 40; i++) {
			int64_t a = (int64_t)(rng() % 1000000) - 500000;
			enum eiti_role side = rng() % 2 ? C : G;

			snprintf(co, sizeof(co), "CO-%03u", rng() % 70);
			snprintf(en, sizeof(en), "EN-%02u", rng() % 7);
			snprintf(amount, sizeof(amount), "%s",
			    eiti_money_plain(
				(char[EITI_MONEY_BUFSZ]){0}, a, 2));
			if (rng() % 4 == 0) {
				explain(co, en, streams[rng() % 5], "PRJ-1");
				continue;
			}
			adj(side, co, en, streams[rng() % 5], "PRJ-1", amount,
			    NULL);
			if (side == C)
				sum_ac += a;
			else
				sum_ag += a;
		}
		res = fin();
		memset(count, 0, sizeof(count));
		total_count = 0;
		/* every key once, in strictly increasing order */
		for (i = 0; i < res->nrows; i++) {
			const struct eiti_res_row *r = &res->rows[i];
			count[r->status]++;
			sum_c -= r->c;
			sum_g -= r->g;
			sum_ac -= r->ac;
			sum_ag -= r->ag;
			ck_assert_int_eq(r->d, r->c - r->g);
			ck_assert_int_eq(r->f, (r->c + r->ac) - (r->g + r->ag));
			if (i > 0) {
				const struct eiti_res_row *p =
				    &res->rows[i - 1];
				int c = strcmp(p->company_id, r->company_id);
				if (c == 0)
					c = strcmp(p->entity_id, r->entity_id);
				if (c == 0)
					c = strcmp(p->stream, r->stream);
				if (c == 0)
					c = strcmp(p->project, r->project);
				ck_assert_int_lt(c, 0);
			}
			if (r->status == EITI_ST_OUT_OF_SCOPE)
				continue;
			in_c += r->c;
			in_g += r->g;
			in_ac += r->ac;
			in_ag += r->ag;
			in_f += r->f;
		}
		/* nothing lost: the rows hold every line */
		ck_assert_int_eq(sum_c, 0);
		ck_assert_int_eq(sum_g, 0);
		ck_assert_int_eq(sum_ac, 0);
		ck_assert_int_eq(sum_ag, 0);
		/* sum F = sum C + sum AC - sum G - sum AG over in-scope keys */
		ck_assert_int_eq(res->overall.f, in_f);
		ck_assert_int_eq(in_f, in_c + in_ac - in_g - in_ag);
		ck_assert_int_eq(res->overall.c, in_c);
		ck_assert_int_eq(res->overall.g, in_g);
		/* statuses partition the keys */
		for (s = 0; s < EITI_ST_COUNT; s++) {
			ck_assert_uint_eq(res->overall.count[s], count[s]);
			total_count += count[s];
		}
		ck_assert_uint_eq(total_count, res->nrows);
		ck_assert_uint_eq(res->overall.keys, res->nrows);
		if (run == 1)
			ck_assert_uint_gt(count[EITI_ST_OUT_OF_SCOPE], 0);
		ck_assert_uint_gt(count[EITI_ST_DISCREPANCY], 0);
		/* groups partition the overall total */
		{
			int64_t f = 0;
			size_t k = 0;
			for (i = 0; i < res->nby_stream; i++) {
				f += res->by_stream[i].f;
				k += res->by_stream[i].keys;
			}
			ck_assert_int_eq(f, res->overall.f);
			ck_assert_uint_eq(k, res->nrows);
			f = 0;
			for (i = 0; i < res->nby_company; i++)
				f += res->by_company[i].f;
			ck_assert_int_eq(f, res->overall.f);
		}
		eiti_results_free(res);
	}
}
END_TEST

/* --- writers ------------------------------------------------------------ */

static char tmpdir[256];

static void
write_setup(void)
{
	setup();
	snprintf(tmpdir, sizeof(tmpdir), "%s/check_recon.XXXXXX",
	    getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
	ck_assert_ptr_nonnull(mkdtemp(tmpdir));
}

static void
write_teardown(void)
{
	char cmd[512];

	teardown();
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", tmpdir);
	if (system(cmd) != 0)
		fprintf(stderr, "check_recon: could not remove %s\n", tmpdir);
}

/* Write with writer into tmpdir/name and return the bytes (malloc'ed). */
static char *
write_file(
    const struct eiti_results *res, const char *name, int xml, size_t *len)
{
	struct eiti_afile *f;
	char path[512], *buf;
	FILE *fp;
	long n;

	snprintf(path, sizeof(path), "%s/%s", tmpdir, name);
	ck_assert_int_eq(eiti_afile_open(&f, path, &E), 0);
	if (xml)
		ck_assert_int_eq(eiti_results_write_xml(res, f, &E), 0);
	else
		ck_assert_int_eq(eiti_results_write_csv(res, f, &E), 0);
	ck_assert_int_eq(eiti_afile_commit(f, &E), 0);
	fp = fopen(path, "rb");
	ck_assert_ptr_nonnull(fp);
	fseek(fp, 0, SEEK_END);
	n = ftell(fp);
	rewind(fp);
	buf = malloc((size_t)n + 1);
	ck_assert_uint_eq(fread(buf, 1, (size_t)n, fp), (size_t)n);
	buf[n] = '\0';
	fclose(fp);
	*len = (size_t)n;
	return buf;
}

static struct eiti_results *
sample(void)
{
	man_init("COP");
	man_thresholds("1", "10", "0.01");
	man_rate("USD", "4255.440");
	man_tol("1415E1", "ANM", "400", "0.01");
	man_alias("NIT-1", "ONE");
	TM.m.title = "Informe <2022> & \"más\"";
	start();
	entity("ANM", "Agencia Nacional de Minería", "CO-CES");
	company(C, "NIT-1", "Uno, \"Limitada\"");
	company(C, "NIT-2", "Dos\tS.A.\nline2\x01 & <co>");
	pay(C, "NIT-1", "ANM", "1415E1", NULL, "1000.00", NULL);
	pay(G, "ONE", "ANM", "1415E1", NULL, "1000.00", NULL);
	pay(C, "NIT-2", "ANM", "1415E1", NULL, "-5.5", NULL);
	pay(G, "NIT-2", "ANM", "1415E1", NULL, "2000.00", NULL);
	pay(G, "NIT-3", "ANM", "1112E1", NULL, "0.01", "USD");
	adj(G, "NIT-2", "ANM", "1415E1", NULL, "-0.01", "USD");
	explain("NIT-9", "ANM", "1415E1", NULL);
	return fin();
}

START_TEST(test_csv_bytes)
{
	struct eiti_results *res = sample();
	char *csv;
	size_t len;
	const char *want =
	    "company_id,company_name,entity_id,stream,project,company_amount,"
	    "government_amount,initial_discrepancy,company_adjustment,"
	    "government_adjustment,final_discrepancy,status,explained\r\n"
	    "NIT-1,\"Uno, \"\"Limitada\"\"\",ANM,1415E1,,1000.00,1000.00,0.00,"
	    "0.00,0.00,0.00,matched,no\r\n"
	    "NIT-2,\"Dos\tS.A.\nline2\x01 & <co>\",ANM,1415E1,,-5.50,2000.00,"
	    "-2005.50,0.00,-42.55,-1962.95,discrepancy,yes\r\n"
	    "NIT-3,,ANM,1112E1,,0.00,42.55,-42.55,0.00,0.00,-42.55,"
	    "government-only,no\r\n";

	csv = write_file(res, "results.csv", 0, &len);
	ck_assert_str_eq(csv, want);
	free(csv);
	eiti_results_free(res);
}
END_TEST

START_TEST(test_xml_escaping_and_determinism)
{
	struct eiti_results *res = sample(), *res2;
	char *x1, *x2;
	size_t l1, l2;

	x1 = write_file(res, "a.xml", 1, &l1);
	/* no in-kind payment, no in-kind attribute: results.xml is what it
	 * was before rows carried them */
	ck_assert_ptr_null(strstr(x1, "in-kind"));
	ck_assert_msg(strstr(x1, "name=\"Dos&#9;S.A.&#10;line2 &amp; "
				 "&lt;co&gt;\"") != NULL,
	    "%s", x1);
	ck_assert(strstr(x1, "<title>Informe &lt;2022&gt; &amp; &quot;más"
			     "&quot;</title>") != NULL);
	ck_assert(strstr(x1, "generated=\"2023-11-14T22:13:20Z\"") != NULL);
	ck_assert(strstr(x1, "value=\"4255.44\"") != NULL);
	ck_assert(strstr(x1, "\x01") == NULL);
	/* the same inputs give the same bytes */
	res2 = sample();
	x2 = write_file(res2, "b.xml", 1, &l2);
	ck_assert_uint_eq(l1, l2);
	ck_assert(memcmp(x1, x2, l1) == 0);
	free(x1);
	free(x2);
	eiti_results_free(res);
	eiti_results_free(res2);
}
END_TEST

START_TEST(test_xml_invalid_utf8)
{
	struct eiti_results *res;
	char *x;
	size_t l;

	start();
	company(C, "A", "bad \xff byte, \xc3 cut, \xef\xbf\xbe nonchar");
	pay(C, "A", "E", "S", NULL, "1.00", NULL);
	res = fin();
	x = write_file(res, "u.xml", 1, &l);
	ck_assert_msg(strstr(x, "name=\"bad \xef\xbf\xbd byte, \xef\xbf\xbd "
				"cut,  nonchar\"") != NULL,
	    "%s", x);
	free(x);
	eiti_results_free(res);
}
END_TEST

START_TEST(test_source_date_epoch)
{
	struct eiti_results *res = NULL;
	struct eiti_clock clock;

	/* a bad value stops the reconciliation before it starts */
	E = (struct eiti_err)EITI_ERR_INIT;
	setenv("SOURCE_DATE_EPOCH", "soon", 1);
	ck_assert_int_eq(eiti_clock_read(&clock, &E), -1);
	ck_assert_int_eq(E.kind, EITI_ERR_CONFIG);
	ck_assert_ptr_null(R);
	/* without a clock the engine does not start */
	E = (struct eiti_err)EITI_ERR_INIT;
	ck_assert_int_eq(eiti_recon_new(&R, &TM.m, NULL, &D, &E), -1);
	ck_assert_int_eq(E.kind, EITI_ERR_IO);
	setenv("SOURCE_DATE_EPOCH", "0", 1);
	start();
	res = fin();
	ck_assert_str_eq(res->generated, "1970-01-01T00:00:00Z");
	eiti_results_free(res);
}
END_TEST

START_TEST(test_status_names)
{
	int s;

	for (s = 0; s < EITI_ST_COUNT; s++)
		ck_assert_int_eq(eiti_status_parse(eiti_status_name(s)), s);
	ck_assert_int_eq(eiti_status_parse("Matched"), -1);
	ck_assert_int_eq(eiti_status_parse(NULL), -1);
	ck_assert_str_eq(
	    eiti_status_name(EITI_ST_WITHIN_TOLERANCE), "within-tolerance");
	eiti_results_free(NULL);
	eiti_recon_free(NULL);
}
END_TEST

/* --- results.xml read back: load(write(x)) == x ------------------------- */

#define SEQ(f)                                                                 \
	ck_assert_msg(                                                         \
	    strcmp(a->f, b->f) == 0, "%s: '%s' != '%s'", #f, a->f, b->f)
#define IEQ(f)                                                                 \
	ck_assert_msg(a->f == b->f, "%s: %lld != %lld", #f, (long long)a->f,   \
	    (long long)b->f)

static void
same_total(const struct eiti_res_total *a, const struct eiti_res_total *b)
{
	int i;

	SEQ(key);
	SEQ(name);
	IEQ(c);
	IEQ(g);
	IEQ(d);
	IEQ(ac);
	IEQ(ag);
	IEQ(f);
	IEQ(gross);
	IEQ(keys);
	for (i = 0; i < EITI_ST_COUNT; i++)
		IEQ(count[i]);
}

static void
same_totals(const struct eiti_res_total *x, size_t nx,
    const struct eiti_res_total *y, size_t ny)
{
	size_t i;

	ck_assert_uint_eq(nx, ny);
	for (i = 0; i < nx; i++)
		same_total(&x[i], &y[i]);
}

/* Every field of two results, one by one. */
static void
same_texts(const struct eiti_res_text *a, size_t na,
    const struct eiti_res_text *b, size_t nb)
{
	size_t i;

	ck_assert_uint_eq(na, nb);
	for (i = 0; i < na; i++) {
		ck_assert_str_eq(a[i].lang, b[i].lang);
		ck_assert_str_eq(a[i].text, b[i].text);
	}
}

static void
same_results(const struct eiti_results *a, const struct eiti_results *b)
{
	const struct eiti_results *ra = a, *rb = b;
	size_t i;

	SEQ(title);
	same_texts(ra->titles, ra->ntitles, rb->titles, rb->ntitles);
	same_texts(ra->conclusions, ra->nconclusions, rb->conclusions,
	    rb->nconclusions);
	same_texts(ra->recommendations, ra->nrecommendations,
	    rb->recommendations, rb->nrecommendations);
	SEQ(country);
	SEQ(period_start);
	SEQ(period_end);
	SEQ(currency);
	SEQ(lang);
	SEQ(administrator);
	IEQ(logo_size);
	ck_assert(ra->logo_size == 0 ||
		  memcmp(ra->logo, rb->logo, ra->logo_size) == 0);
	IEQ(currency_digits);
	IEQ(level_project);
	IEQ(has_materiality);
	IEQ(materiality);
	IEQ(abs_tol);
	IEQ(rel_tol.coef);
	IEQ(rel_tol.scale);
	SEQ(rel_tol_text);
	SEQ(generated);
	SEQ(tool_version);
	SEQ(manifest_sha256);
	IEQ(nrates);
	IEQ(ntolerances);
	IEQ(nrows);
	IEQ(nadjustments);
	IEQ(ncompanies);
	IEQ(nentities);
	IEQ(coverage_num);
	IEQ(coverage_den);
	IEQ(has_coverage);
	IEQ(coverage_bp);
	IEQ(nunilateral);
	IEQ(nnonreporting);
	IEQ(nsources);
	IEQ(nvalidation);
	IEQ(nfindings);
	same_total(&a->overall, &b->overall);
	same_totals(
	    ra->by_company, ra->nby_company, rb->by_company, rb->nby_company);
	same_totals(
	    ra->by_stream, ra->nby_stream, rb->by_stream, rb->nby_stream);
	same_totals(
	    ra->by_entity, ra->nby_entity, rb->by_entity, rb->nby_entity);
	same_totals(
	    ra->by_region, ra->nby_region, rb->by_region, rb->nby_region);
	for (i = 0; i < ra->nrates; i++) {
		const struct eiti_res_rate *x = &ra->rates[i],
					   *y = &rb->rates[i];
		ck_assert_str_eq(x->currency, y->currency);
		ck_assert_str_eq(x->value, y->value);
		ck_assert_str_eq(x->source, y->source);
		ck_assert_int_eq(x->rate.coef, y->rate.coef);
		ck_assert_int_eq(x->rate.scale, y->rate.scale);
	}
	for (i = 0; i < ra->ntolerances; i++) {
		const struct eiti_res_tolerance *x = &ra->tolerances[i],
						*y = &rb->tolerances[i];
		ck_assert_str_eq(x->stream, y->stream);
		ck_assert_str_eq(x->entity, y->entity);
		ck_assert_int_eq(x->has_abs, y->has_abs);
		ck_assert_int_eq(x->has_rel, y->has_rel);
		ck_assert_int_eq(x->abs, y->abs);
		ck_assert_int_eq(x->rel.coef, y->rel.coef);
		ck_assert_int_eq(x->rel.scale, y->rel.scale);
		ck_assert_str_eq(x->rel_text, y->rel_text);
	}
	for (i = 0; i < ra->nrows; i++) {
		const struct eiti_res_row *x = &ra->rows[i], *y = &rb->rows[i];
		ck_assert_str_eq(x->company_id, y->company_id);
		ck_assert_str_eq(x->company_name, y->company_name);
		ck_assert_str_eq(x->entity_id, y->entity_id);
		ck_assert_str_eq(x->entity_name, y->entity_name);
		ck_assert_str_eq(x->stream, y->stream);
		ck_assert_str_eq(x->project, y->project);
		ck_assert_str_eq(x->region, y->region);
		ck_assert_int_eq(x->c, y->c);
		ck_assert_int_eq(x->g, y->g);
		ck_assert_int_eq(x->d, y->d);
		ck_assert_int_eq(x->ac, y->ac);
		ck_assert_int_eq(x->ag, y->ag);
		ck_assert_int_eq(x->f, y->f);
		ck_assert_int_eq(x->tolerance, y->tolerance);
		ck_assert_int_eq(x->status, y->status);
		ck_assert_int_eq(x->explained, y->explained);
		ck_assert_int_eq(x->beyond_tolerance, y->beyond_tolerance);
		ck_assert_int_eq(x->has_company, y->has_company);
		ck_assert_int_eq(x->has_government, y->has_government);
		ck_assert_uint_eq(x->first_adj, y->first_adj);
		ck_assert_uint_eq(x->nadj, y->nadj);
		ck_assert_int_eq(x->in_kind, y->in_kind);
		ck_assert_str_eq(x->inkind_volume, y->inkind_volume);
		ck_assert_str_eq(x->inkind_unit, y->inkind_unit);
	}
	for (i = 0; i < ra->nadjustments; i++) {
		const struct eiti_res_adjustment *x = &ra->adjustments[i],
						 *y = &rb->adjustments[i];
		ck_assert_int_eq(x->is_explanation, y->is_explanation);
		ck_assert_int_eq(x->side, y->side);
		ck_assert_str_eq(x->company_id, y->company_id);
		ck_assert_str_eq(x->entity_id, y->entity_id);
		ck_assert_str_eq(x->stream, y->stream);
		ck_assert_str_eq(x->project, y->project);
		ck_assert_str_eq(x->currency, y->currency);
		ck_assert_str_eq(x->amount_text, y->amount_text);
		ck_assert_int_eq(x->value, y->value);
		ck_assert_str_eq(x->klass, y->klass);
		ck_assert_str_eq(x->reason, y->reason);
		ck_assert_str_eq(x->ref, y->ref);
		ck_assert_uint_eq(x->row, y->row);
	}
	for (i = 0; i < ra->ncompanies; i++) {
		const struct eiti_res_company *x = &ra->companies[i],
					      *y = &rb->companies[i];
		ck_assert_str_eq(x->id, y->id);
		ck_assert_str_eq(x->name, y->name);
		ck_assert_str_eq(x->sector, y->sector);
		ck_assert_str_eq(x->commodity, y->commodity);
		ck_assert_int_eq(x->in_scope, y->in_scope);
		ck_assert_int_eq(x->reporting, y->reporting);
		ck_assert_int_eq(x->g, y->g);
		ck_assert_str_eq(x->aliases, y->aliases);
	}
	for (i = 0; i < ra->nentities; i++) {
		const struct eiti_res_entity *x = &ra->entities[i],
					     *y = &rb->entities[i];
		ck_assert_str_eq(x->id, y->id);
		ck_assert_str_eq(x->name, y->name);
		ck_assert_str_eq(x->level, y->level);
		ck_assert_str_eq(x->region, y->region);
	}
	for (i = 0; i < ra->nunilateral; i++) {
		const struct eiti_res_unilateral *x = &ra->unilateral[i],
						 *y = &rb->unilateral[i];
		ck_assert_str_eq(x->entity_id, y->entity_id);
		ck_assert_str_eq(x->stream, y->stream);
		ck_assert_int_eq(x->declared, y->declared);
		ck_assert_int_eq(x->has_declared, y->has_declared);
		ck_assert_int_eq(x->g_all, y->g_all);
		ck_assert_int_eq(x->g_in, y->g_in);
	}
	for (i = 0; i < ra->nnonreporting; i++) {
		const struct eiti_res_nonreporting *x = &ra->nonreporting[i],
						   *y = &rb->nonreporting[i];
		ck_assert_str_eq(x->company_id, y->company_id);
		ck_assert_str_eq(x->company_name, y->company_name);
		ck_assert_int_eq(x->g, y->g);
		ck_assert_int_eq(x->share_bp, y->share_bp);
	}
	for (i = 0; i < ra->nsources; i++) {
		const struct eiti_res_source *x = &ra->sources[i],
					     *y = &rb->sources[i];
		ck_assert_int_eq(x->role, y->role);
		ck_assert_int_eq(x->is_adjustments, y->is_adjustments);
		ck_assert_str_eq(x->href, y->href);
		ck_assert_str_eq(x->reporter, y->reporter);
		ck_assert_str_eq(x->url, y->url);
		ck_assert_str_eq(x->final_url, y->final_url);
		ck_assert_str_eq(x->etag, y->etag);
		ck_assert_str_eq(x->last_modified, y->last_modified);
		ck_assert_str_eq(x->retrieved, y->retrieved);
		ck_assert_str_eq(x->outcome, y->outcome);
		ck_assert_str_eq(x->sha256, y->sha256);
		ck_assert_int_eq(x->http_status, y->http_status);
		ck_assert_int_eq(x->bytes, y->bytes);
		ck_assert_uint_eq(x->payments, y->payments);
	}
	for (i = 0; i < ra->nvalidation; i++) {
		ck_assert_str_eq(
		    ra->validation[i].file, rb->validation[i].file);
		ck_assert_uint_eq(
		    ra->validation[i].errors, rb->validation[i].errors);
		ck_assert_uint_eq(
		    ra->validation[i].warnings, rb->validation[i].warnings);
	}
	for (i = 0; i < ra->nfindings; i++) {
		const struct eiti_res_finding *x = &ra->findings[i],
					      *y = &rb->findings[i];
		ck_assert_str_eq(x->file, y->file);
		ck_assert_uint_eq(x->line, y->line);
		ck_assert_uint_eq(x->col, y->col);
		ck_assert_int_eq(x->is_error, y->is_error);
		ck_assert_str_eq(x->rule, y->rule);
		ck_assert_str_eq(x->message, y->message);
	}
}

/* A results struct that uses every field: the sample plus sources with
 * provenance, a project level key, totals and free text with newlines. */
static struct eiti_results *
rich_sample(void)
{
	struct eiti_source_decl sd = {EITI_ROLE_GOVERNMENT,
	    "https://example.org/anm-2022.xml", NULL, 7, 3, NULL, NULL, 0};
	struct eiti_provenance pv = {0};
	struct eiti_results *res = NULL;
	struct eiti_disclosure_hdr h = hdr(G);

	man_init("COP");
	man_thresholds("1", "10", "0.01");
	man_rate("USD", "4255.44");
	man_rate("EUR", "4500");
	man_tol("1415E1", NULL, "400", NULL);
	man_tol("1415E1", "ANM", NULL, "0.015");
	man_alias("NIT-1", "ONE");
	static const struct eiti_lang_text titles[] = {
	    {"es", "Informe\nde conciliación & <2022>", 3},
	    {"en", "Reconciliation report 2022", 4},
	};
	static const struct eiti_lang_text concl[] = {
	    {"es", "Primer párrafo & <más>.", 5},
	    {"es", "Segundo párrafo.", 6},
	    {"en", "First paragraph.", 8},
	};
	static const struct eiti_lang_text recs[] = {
	    {"", "Publish \"quarterly\".", 9},
	};

	TM.m.title = "Informe\nde conciliación & <2022>";
	TM.m.titles = (struct eiti_lang_text *)titles;
	TM.m.ntitles = 2;
	TM.m.conclusions = (struct eiti_lang_text *)concl;
	TM.m.nconclusions = 3;
	TM.m.recommendations = (struct eiti_lang_text *)recs;
	TM.m.nrecommendations = 1;
	memset(TM.m.sha256, 'b', 64);
	TM.m.administrator = "Firma \"IA\" S.A.S.";
	/* a 2 x 1 PNG, carried into results.xml */
	{
		static const unsigned char png[] = {0x89, 0x50, 0x4e, 0x47,
		    0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x48,
		    0x44, 0x52, 0x00, 0x00, 0x00, 0x02, 0x00, 0x00, 0x00, 0x01,
		    0x08, 0x02, 0x00, 0x00, 0x00, 0x7b, 0x40, 0xe8, 0xdd, 0x00,
		    0x00, 0x00, 0x0f, 0x49, 0x44, 0x41, 0x54, 0x78, 0x9c, 0x63,
		    0x60, 0x28, 0xde, 0xfc, 0xbf, 0x81, 0x01, 0x00, 0x09, 0x0f,
		    0x02, 0xa6, 0x3f, 0x1d, 0xc0, 0x5e, 0x00, 0x00, 0x00, 0x00,
		    0x49, 0x45, 0x4e, 0x44, 0xae, 0x42, 0x60, 0x82};
		static char logo[512];
		FILE *f;

		snprintf(logo, sizeof(logo), "%s/logo.png", tmpdir);
		f = fopen(logo, "wb");
		ck_assert_ptr_nonnull(f);
		ck_assert_uint_eq(fwrite(png, 1, sizeof(png), f), sizeof(png));
		ck_assert_int_eq(fclose(f), 0);
		TM.m.logo_href = logo;
	}
	TM.m.level_project = true;
	start();
	pv.url = "https://example.org/anm-2022.xml";
	pv.final_url = "https://cdn.example.org/anm-2022.xml";
	pv.http_status = 200;
	pv.etag = "\"abc\"";
	pv.last_modified = "Tue, 03 Jan 2023 10:00:00 GMT";
	pv.bytes = 123456789012LL;
	memset(pv.sha256, 'a', 64);
	pv.retrieved = "2023-01-05T10:00:00Z";
	pv.outcome = "fetched";
	ck_assert_int_eq(eiti_recon_source(R, &sd, &pv, &E), 0);
	h.reporter = "ANM";
	ck_assert_int_eq(eiti_recon_header(R, &h, &E), 0);
	entity("ANM", "Agencia Nacional de Minería", "CO-CES");
	entity("DIAN", "Dirección de Impuestos", NULL);
	company(C, "NIT-1", "Uno, \"Limitada\"");
	company(C, "ONE", "Uno alias");
	total("ANM", "1415E1", "5000.00", NULL);
	total("ANM", "1415E1", "1.00", "EUR");
	pay(C, "NIT-1", "ANM", "1415E1", "P-1", "1000.00", NULL);
	pay(G, "ONE", "ANM", "1415E1", "P-1", "1000.00", NULL);
	pay(C, "NIT-2", "ANM", "1415E1", NULL, "-5.5", NULL);
	pay(G, "NIT-2", "ANM", "1415E1", NULL, "2000.00", NULL);
	pay(G, "NIT-3", "DIAN", "1112E1", NULL, "0.01", "USD");
	pay(G, "TINY", "DIAN", "1112E1", NULL, "0.50", NULL);
	/* in kind: one volume, and one key whose units differ */
	pay_ik(G, "ONE", "ANM", "1415E1", "P-1", "0.00", "1200.5", "bbl");
	pay_ik(C, "NIT-2", "ANM", "1415E1", NULL, "0.00", "1", "t");
	pay_ik(C, "NIT-2", "ANM", "1415E1", NULL, "0.00", "2", "kg");
	adj(G, "NIT-2", "ANM", "1415E1", NULL, "-0.01", "USD");
	adj(C, "NIT-1", "ANM", "1415E1", "P-1", "0.00", NULL);
	ADJ[1].reason = "line one\nline two\ttabbed\r\n & <more>";
	ADJ[1].ref = "Oficio &#38; 2023-114 &amp; más";
	explain("NIT-9", "ANM", "1415E1", "P-9");
	explain("NIT-2", "ANM", "1415E1", NULL);
	ADJS.items = ADJ;
	ADJS.file = "adjustments.xml";
	ck_assert_int_eq(
	    eiti_recon_adjustments(R, &ADJS, "adjustments.xml", NULL, &E), 0);
	eiti_finding(&D, EITI_RULE_RATE_SOURCE, "gov \"a\".xml", 12, 7,
	    "a warning with <markup> & \"quotes\"");
	eiti_recon_validated(R, "manifest.xml");
	eiti_recon_validated(R, "gov \"a\".xml");
	ck_assert_msg(eiti_recon_finish(&res, R, &E) == 0, "%s", E.msg);
	eiti_recon_free(R);
	R = NULL;
	memset(&ADJS, 0, sizeof(ADJS));
	return res;
}

/* README rule 7: the one definition of an unreconciled key. */
START_TEST(test_unreconciled)
{
	static const struct {
		enum eiti_status st;
		bool explained, beyond, want;
	} v[] = {
	    {EITI_ST_MATCHED, false, false, false},
	    {EITI_ST_WITHIN_TOLERANCE, false, false, false},
	    {EITI_ST_DISCREPANCY, false, true, true},
	    {EITI_ST_DISCREPANCY, true, true, false},
	    {EITI_ST_COMPANY_ONLY, false, true, true},
	    {EITI_ST_COMPANY_ONLY, false, false, false},
	    {EITI_ST_COMPANY_ONLY, true, true, false},
	    {EITI_ST_GOVERNMENT_ONLY, false, true, true},
	    {EITI_ST_GOVERNMENT_ONLY, false, false, false},
	    {EITI_ST_OUT_OF_SCOPE, false, true, false},
	};
	struct eiti_res_row rows[sizeof(v) / sizeof(v[0])];
	struct eiti_results res;
	size_t i, n = 0;

	memset(rows, 0, sizeof(rows));
	memset(&res, 0, sizeof(res));
	for (i = 0; i < sizeof(v) / sizeof(v[0]); i++) {
		rows[i].status = v[i].st;
		rows[i].explained = v[i].explained;
		rows[i].beyond_tolerance = v[i].beyond;
		ck_assert_msg(eiti_result_unreconciled(&rows[i]) == v[i].want,
		    "case %zu", i);
		n += v[i].want;
	}
	res.rows = rows;
	res.nrows = sizeof(v) / sizeof(v[0]);
	ck_assert_uint_eq(eiti_results_unreconciled(&res), n);
}
END_TEST

START_TEST(test_round_trip)
{
	struct eiti_results *res = rich_sample(), *back = NULL;
	struct eiti_diags d;
	char *x1, *x2, *c1, *c2, path[512];
	size_t l1, l2, k1, k2;

	ck_assert_uint_eq(res->nsources, 2);
	ck_assert_uint_eq(res->nfindings, 2);
	ck_assert_uint_gt(res->nnonreporting, 0);
	ck_assert(res->unilateral[0].has_declared);
	x1 = write_file(res, "results.xml", 1, &l1);
	/* in-kind rows, written only where they are in kind */
	ck_assert_ptr_nonnull(
	    strstr(x1, "project=\"P-1\" c=\"1000.00\" g=\"1000.00\" d=\"0.00\" "
		       "ac=\"0.00\" ag=\"0.00\" f=\"0.00\""));
	ck_assert_ptr_nonnull(
	    strstr(x1, "government-side=\"true\" in-kind=\"true\" "
		       "in-kind-volume=\"1200.5\" in-kind-unit=\"bbl\"/>"));
	ck_assert_ptr_nonnull(
	    strstr(x1, "government-side=\"true\" in-kind=\"true\"/>"));
	ck_assert_ptr_nonnull(strstr(x1, "government-side=\"true\"/>"));
	c1 = write_file(res, "results.csv", 0, &k1);
	snprintf(path, sizeof(path), "%s/results.xml", tmpdir);
	eiti_diags_init(&d);
	ck_assert_int_eq(eiti_results_load(&back, path, &d, &E), 0);
	ck_assert_msg(d.errors == 0 && d.warnings == 0, "%zu findings: %s", d.n,
	    d.n ? d.v[0].msg : "");
	same_results(res, back);
	x2 = write_file(back, "again.xml", 1, &l2);
	c2 = write_file(back, "again.csv", 0, &k2);
	ck_assert_uint_eq(l1, l2);
	ck_assert(memcmp(x1, x2, l1) == 0);
	ck_assert_uint_eq(k1, k2);
	ck_assert(memcmp(c1, c2, k1) == 0);
	free(x1);
	free(x2);
	free(c1);
	free(c2);
	eiti_diags_free(&d);
	eiti_results_free(res);
	eiti_results_free(back);
}
END_TEST

/* A hand-built struct whose rows disagree with the lists (or name ids
 * the lists lack) comes back as it was. */
START_TEST(test_round_trip_handmade)
{
	struct eiti_results *res = rich_sample(), *back = NULL;
	struct eiti_diags d;
	char *x, path[512];
	size_t l;

	ck_assert_uint_ge(res->nrows, 3);
	res->rows[0].company_name = "Another name, same id";
	res->rows[1].entity_name = "";
	res->rows[1].region = "CO-ANT";
	res->rows[2].company_id = "NOT-LISTED";
	res->rows[2].company_name = "";
	res->rows[2].entity_id = "NOR-THIS";
	res->rows[2].entity_name = "Entidad";
	res->rows[2].region = "";
	/* the totals by company, entity and region no longer fit the rows
	 * (RESULTS-DERIVED): left out, as the schema allows */
	res->nby_company = res->nby_entity = res->nby_region = 0;
	x = write_file(res, "hand.xml", 1, &l);
	snprintf(path, sizeof(path), "%s/hand.xml", tmpdir);
	eiti_diags_init(&d);
	ck_assert_int_eq(eiti_results_load(&back, path, &d, &E), 0);
	same_results(res, back);
	free(x);
	eiti_diags_free(&d);
	eiti_results_free(res);
	eiti_results_free(back);
}
END_TEST

static void
put_file(const char *name, const char *text)
{
	char path[512];
	FILE *fp;

	snprintf(path, sizeof(path), "%s/%s", tmpdir, name);
	fp = fopen(path, "w");
	ck_assert_ptr_nonnull(fp);
	fputs(text, fp);
	fclose(fp);
}

START_TEST(test_load_rejects)
{
	struct eiti_results *res = sample(), *back = NULL;
	struct eiti_diags d;
	char *x, *p, path[512];
	size_t l;

	x = write_file(res, "ok.xml", 1, &l);
	eiti_diags_init(&d);
	/* an amount with more digits than the currency has */
	p = strstr(x, "f=\"-1962.95\"");
	ck_assert_ptr_nonnull(p);
	memcpy(p, "f=\"-196.295\"", 12);
	put_file("bad.xml", x);
	snprintf(path, sizeof(path), "%s/bad.xml", tmpdir);
	ck_assert_int_eq(eiti_results_load(&back, path, &d, &E), 1);
	ck_assert_ptr_null(back);
	ck_assert_uint_gt(d.errors, 0);
	eiti_diags_free(&d);
	/* an unreconciled flag that disagrees with the row */
	{
		char *ok = write_file(res, "ok3.xml", 1, &l), *y, *q;
		const char *at = "explained=\"true\"";

		q = strstr(ok, at);
		ck_assert_ptr_nonnull(q);
		q += strlen(at);
		y = eiti_xasprintf(
		    "%.*s unreconciled=\"true\"%s", (int)(q - ok), ok, q);
		put_file("unrec.xml", y);
		free(y);
		free(ok);
		snprintf(path, sizeof(path), "%s/unrec.xml", tmpdir);
		eiti_diags_init(&d);
		ck_assert_int_eq(eiti_results_load(&back, path, &d, &E), 1);
		ck_assert_ptr_null(back);
		ck_assert_ptr_nonnull(strstr(d.v[0].msg, "unreconciled"));
		eiti_diags_free(&d);
	}
	/* in-kind volume and unit: only with in-kind="true", and together */
	{
		static const char *const ins[] = {
		    " in-kind-volume=\"1\" in-kind-unit=\"t\"",
		    " in-kind=\"false\" in-kind-unit=\"t\"",
		    " in-kind=\"true\" in-kind-volume=\"1\"",
		    " in-kind=\"true\" in-kind-unit=\"t\"",
		    " in-kind=\"true\" in-kind-volume=\"-1\" "
		    "in-kind-unit=\"t\"",
		    " in-kind=\"true\" in-kind-volume=\"1\" "
		    "in-kind-unit=\"\"",
		};
		const char *at = "government-side=\"true\"";
		char *ok = write_file(res, "ok2.xml", 1, &l);
		size_t k;

		for (k = 0; k < sizeof(ins) / sizeof(ins[0]); k++) {
			char *y, *q = strstr(ok, at);

			ck_assert_ptr_nonnull(q);
			q += strlen(at);
			y = eiti_xasprintf(
			    "%.*s%s%s", (int)(q - ok), ok, ins[k], q);
			put_file("ik.xml", y);
			free(y);
			snprintf(path, sizeof(path), "%s/ik.xml", tmpdir);
			eiti_diags_init(&d);
			ck_assert_int_eq(
			    eiti_results_load(&back, path, &d, &E), 1);
			ck_assert_ptr_null(back);
			ck_assert_msg(d.errors > 0, "%s", ins[k]);
			eiti_diags_free(&d);
		}
		/* and the well-formed ones load */
		{
			char *y, *q = strstr(ok, at);

			q += strlen(at);
			y = eiti_xasprintf("%.*s in-kind=\"true\" "
					   "in-kind-volume=\"0.5\" "
					   "in-kind-unit=\"t\"%s",
			    (int)(q - ok), ok, q);
			put_file("ik.xml", y);
			free(y);
			eiti_diags_init(&d);
			ck_assert_msg(
			    eiti_results_load(&back, path, &d, &E) == 0, "%s",
			    d.n > 0 ? d.v[0].msg : E.msg);
			ck_assert(back->rows[0].in_kind);
			ck_assert_str_eq(back->rows[0].inkind_volume, "0.5");
			ck_assert_str_eq(back->rows[0].inkind_unit, "t");
			ck_assert(!back->rows[1].in_kind);
			ck_assert_str_eq(back->rows[1].inkind_volume, "");
			eiti_results_free(back);
			back = NULL;
			eiti_diags_free(&d);
		}
		free(ok);
	}
	/* a DOCTYPE is refused */
	eiti_diags_init(&d);
	put_file("dtd.xml", "<?xml version=\"1.0\"?>\n<!DOCTYPE results [\n"
			    "<!ENTITY x \"y\">]>\n<results "
			    "xmlns=\"urn:eitirep:results:1\"/>\n");
	snprintf(path, sizeof(path), "%s/dtd.xml", tmpdir);
	ck_assert_int_eq(eiti_results_load(&back, path, &d, &E), 1);
	ck_assert_str_eq(eiti_rule_id(d.v[0].rule), "SEC-DOCTYPE");
	eiti_diags_free(&d);
	/* a file that is not there is an operational error */
	eiti_diags_init(&d);
	snprintf(path, sizeof(path), "%s/missing.xml", tmpdir);
	ck_assert_int_eq(eiti_results_load(&back, path, &d, &E), -1);
	ck_assert_int_eq(E.kind, EITI_ERR_IO);
	eiti_diags_free(&d);
	free(x);
	eiti_results_free(res);
}
END_TEST

static Suite *
recon_suite(void)
{
	Suite *s = suite_create("recon");
	TCase *tc;

	tc = tcase_create("status");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_loop_test(tc, test_status_table, 0,
	    sizeof(status_cases) / sizeof(status_cases[0]));
	tcase_add_test(tc, test_status_names);
	suite_add_tcase(s, tc);

	tc = tcase_create("conversion");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_convert_per_line);
	tcase_add_test(tc, test_convert_ties);
	tcase_add_test(tc, test_convert_zero_digit_report);
	tcase_add_test(tc, test_convert_report_rate_is_one);
	tcase_add_test(tc, test_convert_no_rate);
	suite_add_tcase(s, tc);

	tc = tcase_create("keys");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_aliases_and_names);
	tcase_add_test(tc, test_project_level);
	tcase_add_test(tc, test_stream_level_ignores_project);
	tcase_add_test(tc, test_byte_order);
	suite_add_tcase(s, tc);

	tc = tcase_create("tolerance");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_tolerance_precedence);
	suite_add_tcase(s, tc);

	tc = tcase_create("adjustments");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_adjustments);
	tcase_add_test(tc, test_warnings_moved);
	suite_add_tcase(s, tc);

	tc = tcase_create("totals");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_totals_and_coverage);
	tcase_add_test(tc, test_no_coverage);
	suite_add_tcase(s, tc);

	tc = tcase_create("overflow");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_overflow_payment);
	tcase_add_test(tc, test_overflow_conversion);
	tcase_add_test(tc, test_overflow_discrepancy);
	tcase_add_test(tc, test_overflow_totals);
	suite_add_tcase(s, tc);

	tc = tcase_create("inkind");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_inkind_sums);
	tcase_add_test(tc, test_inkind_project_level);
	tcase_add_test(tc, test_inkind_errors);
	suite_add_tcase(s, tc);

	tc = tcase_create("invariants");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_invariants);
	tcase_set_timeout(tc, 60);
	suite_add_tcase(s, tc);

	tc = tcase_create("writers");
	tcase_add_checked_fixture(tc, write_setup, write_teardown);
	tcase_add_test(tc, test_csv_bytes);
	tcase_add_test(tc, test_xml_escaping_and_determinism);
	tcase_add_test(tc, test_xml_invalid_utf8);
	tcase_add_test(tc, test_source_date_epoch);
	suite_add_tcase(s, tc);

	tc = tcase_create("load");
	tcase_add_checked_fixture(tc, write_setup, write_teardown);
	tcase_add_test(tc, test_unreconciled);
	tcase_add_test(tc, test_round_trip);
	tcase_add_test(tc, test_round_trip_handmade);
	tcase_add_test(tc, test_load_rejects);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	SRunner *sr = srunner_create(recon_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
