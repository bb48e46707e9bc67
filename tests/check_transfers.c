/*
 * check_transfers.c - the subnational transfers engine (EITI Requirement
 * 5.2) fed directly, without XML: entitlements of a sharing formula and
 * their rounding, per-line conversion, the margins and every status, the
 * totals and the recipients that reported nothing, the engine's findings,
 * transfers.csv byte for byte (formula-injection guard included), and the
 * transfers part of results.xml read back by eiti_results_load().
 *
 * Every expected figure was computed by hand; the comments show how.
 */
#include "config.h"

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/afile.h"
#include "core/csv.h"
#include "core/diag.h"
#include "core/err.h"
#include "core/iso.h"
#include "core/money.h"
#include "core/clock.h"
#include "reconcile/reconcile.h"
#include "reconcile/transfers.h"
#include "validate/validate.h"

/* A fixed clock: the engine needs one, these tests need no real time. */
static const struct eiti_clock test_clock = {1700000000, true};

/* --- a manifest built in memory ---------------------------------------- */

static struct eiti_manifest M;
static struct eiti_rate_decl RATES[4];
static struct eiti_tolerance_decl TOLS[4];
static struct eiti_sharing_decl SH[4];
static struct eiti_share_decl SHARES[4][8];
static struct eiti_err E;
static struct eiti_diags D;
static struct eiti_xfer *X;
static char tmpdir[256];

static int64_t
amt(const char *text, int digits)
{
	int64_t v;

	ck_assert_msg(eiti_money_parse(&v, text, digits) == EITI_AMOUNT_OK,
	    "bad amount %s", text);
	return v;
}

static void
setup(void)
{
	setenv("SOURCE_DATE_EPOCH", "1700000000", 1);
	memset(&M, 0, sizeof(M));
	memset(SH, 0, sizeof(SH));
	memset(SHARES, 0, sizeof(SHARES));
	M.file = "manifest.xml";
	M.dir = ".";
	M.country = "CO";
	M.period_start = "2022-01-01";
	M.period_end = "2022-12-31";
	M.currency = "COP";
	M.currency_digits = 2;
	M.lang = "es";
	M.rates = RATES;
	M.tolerances = TOLS;
	M.sharings = SH;
	E = (struct eiti_err)EITI_ERR_INIT;
	eiti_diags_init(&D);
	X = NULL;
	snprintf(tmpdir, sizeof(tmpdir), "%s/check_transfers.XXXXXX",
	    getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
	ck_assert_ptr_nonnull(mkdtemp(tmpdir));
}

static void
teardown(void)
{
	char cmd[512];

	eiti_xfer_free(X);
	eiti_diags_free(&D);
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", tmpdir);
	if (system(cmd) != 0)
		fprintf(
		    stderr, "check_transfers: could not remove %s\n", tmpdir);
}

static void
rate(const char *cur, const char *value)
{
	struct eiti_rate_decl *r = &RATES[M.nrates++];

	r->currency = cur;
	ck_assert(eiti_decimal_parse(&r->value, value) == EITI_AMOUNT_OK);
	r->value_text = value;
}

static void
thresholds(const char *abs, const char *rel)
{
	M.has_thresholds = M.has_abs_tol = M.has_rel_tol = true;
	M.abs_tol = amt(abs, 2);
	ck_assert(eiti_decimal_parse(&M.rel_tol, rel) == EITI_AMOUNT_OK);
}

static void
tol(const char *stream, const char *entity, const char *abs, const char *rel)
{
	struct eiti_tolerance_decl *t = &TOLS[M.ntolerances++];

	t->stream = stream;
	t->entity = entity;
	t->has_abs = abs != NULL;
	t->abs = abs != NULL ? amt(abs, 2) : 0;
	t->has_rel = rel != NULL;
	if (rel != NULL)
		ck_assert(eiti_decimal_parse(&t->rel, rel) == EITI_AMOUNT_OK);
}

/* A sharing rule; cur NULL: the report currency. */
static struct eiti_sharing_decl *
sharing(const char *from, const char *stream, const char *base, const char *cur)
{
	size_t i = M.nsharings++;
	struct eiti_sharing_decl *s = &SH[i];

	s->from = from;
	s->stream = stream;
	s->currency = cur != NULL ? cur : "COP";
	s->currency_digits = eiti_currency_digits(s->currency);
	s->base = amt(base, s->currency_digits);
	s->base_text = base;
	s->basis = "Regla de prueba";
	s->shares = SHARES[i];
	s->line = 10 + i;
	return s;
}

static void
share(struct eiti_sharing_decl *s, const char *to, const char *r)
{
	struct eiti_share_decl *d = &s->shares[s->nshares++];

	d->to = to;
	ck_assert(eiti_decimal_parse(&d->rate, r) == EITI_AMOUNT_OK);
	d->rate_text = r;
	d->line = 20 + s->nshares;
}

static void
start(void)
{
	ck_assert_int_eq(eiti_xfer_new(&X, &M, &D, &E), 0);
}

static struct eiti_disclosure_hdr
hdr(void)
{
	struct eiti_disclosure_hdr h = {0};

	h.file = "gov.xml";
	h.role = EITI_ROLE_GOVERNMENT;
	h.country = "CO";
	h.reporter = "R";
	h.currency = "COP";
	h.currency_digits = 2;
	return h;
}

static void
entity(const char *id, const char *name, const char *level, const char *region)
{
	struct eiti_disclosure_hdr h = hdr();
	struct eiti_entity_decl e = {id, name, level, region, 1};

	ck_assert_int_eq(eiti_xfer_entity(X, &h, &e, &E), 0);
}

/* A transfer line; cur NULL: the report currency. */
static void
xfer(bool received, const char *from, const char *to, const char *stream,
    const char *amount, const char *cur)
{
	static unsigned long line = 100;
	struct eiti_disclosure_hdr h = hdr();
	struct eiti_transfer t = {0};

	t.id = "T";
	t.received = received;
	t.from = from;
	t.to = to;
	t.stream = stream;
	t.currency = cur != NULL ? cur : "COP";
	t.currency_digits = eiti_currency_digits(t.currency);
	t.amount = amt(amount, t.currency_digits);
	t.amount_text = amount;
	t.line = line++;
	ck_assert_int_eq(eiti_xfer_transfer(X, &h, &t, &E), 0);
}

#define SENT(f, t, s, a) xfer(false, f, t, s, a, NULL)
#define RECV(f, t, s, a) xfer(true, f, t, s, a, NULL)

static void
entitle(
    const char *from, const char *to, const char *stream, const char *amount)
{
	struct eiti_disclosure_hdr h = hdr();
	struct eiti_entitlement e = {0};

	e.from = from;
	e.to = to;
	e.stream = stream;
	e.currency = "COP";
	e.currency_digits = 2;
	e.amount = amt(amount, 2);
	e.amount_text = amount;
	e.line = 77;
	ck_assert_int_eq(eiti_xfer_entitlement(X, &h, &e, &E), 0);
}

/* Finish: an (empty) payments reconciliation gives the results the
 * transfers part joins. */
static struct eiti_results *
finish(void)
{
	struct eiti_recon *r = NULL;
	struct eiti_results *res = NULL;

	ck_assert_int_eq(eiti_xfer_check(X, &E), 0);
	ck_assert_msg(D.errors == 0, "%s", D.n > 0 ? D.v[0].msg : "");
	ck_assert_int_eq(eiti_recon_new(&r, &M, &test_clock, &D, &E), 0);
	ck_assert_int_eq(eiti_recon_finish(&res, r, &E), 0);
	eiti_recon_free(r);
	ck_assert_msg(eiti_xfer_finish(res, X, &E) == 0, "%s", E.msg);
	return res;
}

static const struct eiti_res_xfer *
row(const struct eiti_results *res, const char *from, const char *to,
    const char *stream)
{
	size_t i;

	ck_assert_ptr_nonnull(res->transfers);
	for (i = 0; i < res->transfers->nrows; i++) {
		const struct eiti_res_xfer *w = &res->transfers->rows[i];
		if (strcmp(w->from_id, from) == 0 &&
		    strcmp(w->to_id, to) == 0 && strcmp(w->stream, stream) == 0)
			return w;
	}
	ck_abort_msg("no transfer key %s/%s/%s", from, to, stream);
	return NULL;
}

static const char *
A(int64_t v)
{
	static char buf[8][EITI_MONEY_BUFSZ];
	static int i;

	i = (i + 1) % 8;
	return eiti_money_plain(buf[i], v, 2);
}

/* Read back a file of tmpdir (malloc'ed, NUL-terminated). */
static char *
slurp(const char *path, size_t *len)
{
	FILE *fp = fopen(path, "rb");
	char *buf;
	long n;

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

/* kind 0 results.csv, 1 results.xml, 2 transfers.csv */
static char *
write_file(
    const struct eiti_results *res, const char *name, int kind, size_t *len)
{
	struct eiti_afile *f;
	char path[512];

	snprintf(path, sizeof(path), "%s/%s", tmpdir, name);
	ck_assert_int_eq(eiti_afile_open(&f, path, &E), 0);
	if (kind == 0)
		ck_assert_int_eq(eiti_results_write_csv(res, f, &E), 0);
	else if (kind == 1)
		ck_assert_int_eq(eiti_results_write_xml(res, f, &E), 0);
	else
		ck_assert_int_eq(eiti_transfers_write_csv(res, f, &E), 0);
	ck_assert_int_eq(eiti_afile_commit(f, &E), 0);
	return slurp(path, len);
}

/* --- statuses ------------------------------------------------------------ */

/* One key per case: E, S, R ("" absent), with margin 100.00 / 1 %. */
static const struct {
	const char *e, *s, *r, *status;
} status_cases[] = {
    {"1000.00", "", "", "not-transferred"},
    {"1000.00", "1000.00", "", "receipt-not-reported"},
    {"", "1000.00", "", "receipt-not-reported"},
    {"1000.00", "", "1000.00", "transfer-not-reported"},
    {"", "", "1000.00", "transfer-not-reported"},
    {"1000.00", "1000.00", "1000.00", "matched"},
    {"", "1000.00", "1000.00", "matched"},
    {"0.00", "0.00", "0.00", "matched"},
    /* T = max(100, 1 % x |S|) */
    {"1000.00", "1100.00", "1100.00", "within-tolerance"},
    {"1000.00", "1100.01", "1100.01", "discrepancy"},
    {"", "20000.00", "19800.00", "within-tolerance"},
    {"", "20000.00", "19799.99", "discrepancy"},
    {"20000.00", "20000.00", "20200.00", "within-tolerance"},
    /* the reference figure is |S|, also when S is negative */
    {"", "-20000.00", "-19800.00", "within-tolerance"},
    /* both differences must be within */
    {"1000.00", "1100.00", "1200.01", "discrepancy"},
};

START_TEST(test_status_table)
{
	const struct eiti_res_xfer *w;
	struct eiti_results *res;

	thresholds("100.00", "0.01");
	start();
	entity("NAC", "Nación", "national", NULL);
	entity("MUN-1", "Uno", "municipal", "CO-CES");
	if (status_cases[_i].e[0] != '\0')
		entitle("NAC", "MUN-1", "1415E1", status_cases[_i].e);
	if (status_cases[_i].s[0] != '\0')
		SENT("NAC", "MUN-1", "1415E1", status_cases[_i].s);
	if (status_cases[_i].r[0] != '\0')
		RECV("NAC", "MUN-1", "1415E1", status_cases[_i].r);
	res = finish();
	w = row(res, "NAC", "MUN-1", "1415E1");
	ck_assert_str_eq(
	    eiti_xfer_status_name(w->status), status_cases[_i].status);
	ck_assert_int_eq(w->has_e, status_cases[_i].e[0] != '\0');
	ck_assert_int_eq(w->has_s, status_cases[_i].s[0] != '\0');
	ck_assert_int_eq(w->has_r, status_cases[_i].r[0] != '\0');
	eiti_results_free(res);
}
END_TEST

START_TEST(test_status_names)
{
	int i;

	for (i = 0; i < EITI_XS_COUNT; i++)
		ck_assert_int_eq(eiti_xfer_status_parse(eiti_xfer_status_name(
				     (enum eiti_xfer_status)i)),
		    i);
	ck_assert_int_eq(eiti_xfer_status_parse("company-only"), -1);
	ck_assert_int_eq(eiti_xfer_status_parse(NULL), -1);
	ck_assert_str_eq(eiti_xfer_status_name(EITI_XS_COUNT), "unknown");
}
END_TEST

/* --- formula and conversion ----------------------------------------------- */

START_TEST(test_formula_rounding)
{
	struct eiti_sharing_decl *s;
	struct eiti_results *res;
	const struct eiti_res_sharing *o;

	rate("USD", "4000.25");
	s = sharing("NAC", "1415E1", "1000000.01", NULL);
	share(s, "MUN-1", "0.5");	/* 500000.005 -> 500000.01 */
	share(s, "MUN-2", "0.25");	/* 250000.0025 -> 250000.00 */
	share(s, "MUN-3", "0");		/* 0 */
	share(s, "MUN-4", "0.0000001"); /* 0.100000001 -> 0.10 */
	s = sharing("NAC", "1415E5", "12345.67", "USD");
	/* USD 3703.701 -> 3703.70, then x 4000.25 = 14815725.925 ->
	 * 14815725.93 (not 12345.67 x 4000.25 x 0.3) */
	share(s, "MUN-1", "0.3");
	s = sharing("NAC", "1415E2", "7", "CLP");
	share(s, "MUN-1", "0.5"); /* CLP 3.5 -> 4 (0 digits) */
	rate("CLP", "4.5");	  /* COP 18.00 */
	start();
	ck_assert_uint_eq(D.n, 0);
	entity("NAC", "Nación", "national", NULL);
	entity("MUN-1", "Uno", "municipal", "CO-CES");
	entity("MUN-2", "Dos", "municipal", "CO-CES");
	entity("MUN-3", "Tres", "municipal", "CO-CES");
	entity("MUN-4", "Cuatro", "municipal", "CO-CES");
	res = finish();
	ck_assert_str_eq(A(row(res, "NAC", "MUN-1", "1415E1")->e), "500000.01");
	ck_assert_str_eq(A(row(res, "NAC", "MUN-2", "1415E1")->e), "250000.00");
	ck_assert(row(res, "NAC", "MUN-3", "1415E1")->has_e);
	ck_assert_str_eq(A(row(res, "NAC", "MUN-3", "1415E1")->e), "0.00");
	ck_assert_str_eq(A(row(res, "NAC", "MUN-4", "1415E1")->e), "0.10");
	ck_assert_str_eq(
	    A(row(res, "NAC", "MUN-1", "1415E5")->e), "14815725.93");
	ck_assert_str_eq(A(row(res, "NAC", "MUN-1", "1415E2")->e), "18.00");
	ck_assert(row(res, "NAC", "MUN-1", "1415E5")->formula);
	ck_assert_str_eq(
	    eiti_xfer_status_name(row(res, "NAC", "MUN-1", "1415E1")->status),
	    "not-transferred");
	/* the sharing rules as the report prints them */
	ck_assert_uint_eq(res->transfers->nsharings, 3);
	o = &res->transfers->sharings[1];
	ck_assert_str_eq(o->from, "NAC");
	ck_assert_str_eq(o->from_name, "Nación");
	ck_assert_str_eq(o->currency, "USD");
	ck_assert_int_eq(o->base, 1234567);
	ck_assert_int_eq(o->shares[0].amount, 370370);
	ck_assert_str_eq(A(o->shares[0].value), "14815725.93");
	ck_assert_str_eq(
	    res->transfers->sharings[0].shares[3].rate_text, "0.0000001");
	ck_assert_int_eq(res->transfers->sharings[2].shares[0].amount, 4);
	eiti_results_free(res);
}
END_TEST

START_TEST(test_per_line_conversion)
{
	struct eiti_results *res;
	const struct eiti_res_xfer *w;

	rate("USD", "4000.5");
	start();
	entity("NAC", "Nación", "national", NULL);
	entity("MUN-1", "Uno", "municipal", "CO-CES");
	/* 100.01 x 4000.5 = 400090.005 -> .01; 149.99 -> 600034.995 ->
	 * 600035.00; -0.01 -> -40.005 -> -40.01 (away from zero) */
	xfer(false, "NAC", "MUN-1", "1415E1", "100.01", "USD");
	xfer(false, "NAC", "MUN-1", "1415E1", "149.99", "USD");
	xfer(false, "NAC", "MUN-1", "1415E1", "-0.01", "USD");
	xfer(true, "NAC", "MUN-1", "1415E1", "250.00", "USD"); /* 1000125.00 */
	res = finish();
	w = row(res, "NAC", "MUN-1", "1415E1");
	ck_assert_str_eq(A(w->s), "1000085.00");
	ck_assert_str_eq(A(w->r), "1000125.00");
	ck_assert_str_eq(A(w->r_s), "40.00");
	ck_assert(!eiti_xfer_has_s_e(w));
	ck_assert_str_eq(eiti_xfer_status_name(w->status), "discrepancy");
	eiti_results_free(res);
}
END_TEST

/* --- margins -------------------------------------------------------------- */

START_TEST(test_tolerance_at_recipient)
{
	struct eiti_results *res;

	thresholds("500.00", "0.01");
	tol("1415E1", NULL, "100.00", "0.0001");
	tol("1415E1", "MUN-1", "50000.00", NULL);   /* rel inherited */
	tol("1415E1", "NAC", "999999999.00", NULL); /* the sender: ignored */
	start();
	entity("NAC", "Nación", "national", NULL);
	entity("MUN-1", "Uno", "municipal", "CO-LAG");
	entity("MUN-2", "Dos", "municipal", "CO-LAG");
	entitle("NAC", "MUN-1", "1415E1", "1000000.00");
	SENT("NAC", "MUN-1", "1415E1", "1000125.01");
	RECV("NAC", "MUN-1", "1415E1", "1000125.01");
	entitle("NAC", "MUN-2", "1415E1", "2000000.00");
	SENT("NAC", "MUN-2", "1415E1", "1500000.00");
	RECV("NAC", "MUN-2", "1415E1", "1500000.00");
	SENT("NAC", "MUN-2", "1415E5", "299959.99");
	RECV("NAC", "MUN-2", "1415E5", "297500.00");
	res = finish();
	/* max(50000, 0.0001 x 1000125.01 = 100.01) */
	ck_assert_str_eq(
	    A(row(res, "NAC", "MUN-1", "1415E1")->tolerance), "50000.00");
	ck_assert_str_eq(
	    eiti_xfer_status_name(row(res, "NAC", "MUN-1", "1415E1")->status),
	    "within-tolerance");
	/* max(100, 150): the sender's override never applies */
	ck_assert_str_eq(
	    A(row(res, "NAC", "MUN-2", "1415E1")->tolerance), "150.00");
	ck_assert_str_eq(
	    eiti_xfer_status_name(row(res, "NAC", "MUN-2", "1415E1")->status),
	    "discrepancy");
	/* thresholds: max(500, 2999.5999), shown rounded toward zero */
	ck_assert_str_eq(
	    A(row(res, "NAC", "MUN-2", "1415E5")->tolerance), "2999.59");
	ck_assert_str_eq(
	    eiti_xfer_status_name(row(res, "NAC", "MUN-2", "1415E5")->status),
	    "within-tolerance");
	eiti_results_free(res);
}
END_TEST

/* --- totals ----------------------------------------------------------------
 */

START_TEST(test_totals_and_silent)
{
	struct eiti_sharing_decl *s;
	struct eiti_results *res;
	const struct eiti_res_transfers *t;

	s = sharing("NAC", "1415E1", "1000.00", NULL);
	share(s, "MUN-B", "0.5"); /* 500.00, receives */
	share(s, "MUN-A", "0.3"); /* 300.00, sent 250.00, no receipt */
	share(s, "DEP-1", "0.2"); /* 200.00, nothing */
	start();
	entity("NAC", "Nación", "national", NULL);
	entity("MUN-B", "Be", "municipal", "CO-LAG");
	entity("MUN-A", "A", "municipal", "CO-CES");
	entity("DEP-1", "Cesar", "regional", "CO-CES");
	entity("MUN-X", "Sin región", "municipal", NULL);
	SENT("NAC", "MUN-B", "1415E1", "500.00");
	RECV("NAC", "MUN-B", "1415E1", "490.00");
	SENT("NAC", "MUN-A", "1415E1", "250.00");
	RECV("NAC", "MUN-A", "1415E5", "1.00"); /* another stream: no
						   receipt of the formula
						   key, yet a receipt */
	SENT("NAC", "MUN-X", "1415E1", "10.00");
	RECV("NAC", "MUN-X", "1415E1", "12.00");
	res = finish();
	t = res->transfers;
	ck_assert_uint_eq(t->nrows, 5);
	/* byte order: DEP-1 < MUN-A (1415E1, 1415E5) < MUN-B < MUN-X */
	ck_assert_str_eq(t->rows[0].to_id, "DEP-1");
	ck_assert_str_eq(t->rows[1].to_id, "MUN-A");
	ck_assert_str_eq(t->rows[2].stream, "1415E5");
	ck_assert_str_eq(t->rows[4].to_id, "MUN-X");
	/* overall: E 1000.00, S 760.00, R 503.00; S-E exists for MUN-A
	 * (-50) and MUN-B (0); R-S for MUN-B (-10) and MUN-X (+2) */
	ck_assert_str_eq(A(t->overall.e), "1000.00");
	ck_assert_str_eq(A(t->overall.s), "760.00");
	ck_assert_str_eq(A(t->overall.r), "503.00");
	ck_assert_str_eq(A(t->overall.s_e), "-50.00");
	ck_assert_str_eq(A(t->overall.gross_s_e), "50.00");
	ck_assert_str_eq(A(t->overall.r_s), "-8.00");
	ck_assert_str_eq(A(t->overall.gross_r_s), "12.00");
	ck_assert_uint_eq(t->overall.keys, 5);
	ck_assert_uint_eq(t->overall.count[EITI_XS_NOT_TRANSFERRED], 1);
	ck_assert_uint_eq(t->overall.count[EITI_XS_RECEIPT_NOT_REPORTED], 1);
	ck_assert_uint_eq(t->overall.count[EITI_XS_TRANSFER_NOT_REPORTED], 1);
	/* no margin at all: MUN-B (R - S = -10) and MUN-X (+2) */
	ck_assert_uint_eq(t->overall.count[EITI_XS_DISCREPANCY], 2);
	/* by recipient, byte order */
	ck_assert_uint_eq(t->nby_recipient, 4);
	ck_assert_str_eq(t->by_recipient[1].key, "MUN-A");
	ck_assert_str_eq(t->by_recipient[1].name, "A");
	ck_assert_uint_eq(t->by_recipient[1].keys, 2);
	ck_assert_str_eq(A(t->by_recipient[1].r), "1.00");
	/* by region: "" first */
	ck_assert_uint_eq(t->nby_region, 3);
	ck_assert_str_eq(t->by_region[0].key, "");
	ck_assert_str_eq(t->by_region[1].key, "CO-CES");
	ck_assert_str_eq(A(t->by_region[1].e), "500.00");
	ck_assert_str_eq(t->by_region[2].key, "CO-LAG");
	/* formula recipients with no receipt at all: DEP-1 only (MUN-A
	 * reported a receipt, on another stream) */
	ck_assert_uint_eq(t->nsilent, 1);
	ck_assert_str_eq(t->silent[0].id, "DEP-1");
	ck_assert_str_eq(t->silent[0].name, "Cesar");
	ck_assert_str_eq(t->silent[0].region, "CO-CES");
	ck_assert_str_eq(A(t->silent[0].e), "200.00");
	ck_assert_str_eq(A(t->silent[0].s), "0.00");
	eiti_results_free(res);
}
END_TEST

START_TEST(test_no_transfers)
{
	struct eiti_results *res;
	char *x;
	size_t n;

	start();
	entity("NAC", "Nación", "national", NULL);
	ck_assert(!eiti_xfer_any(X));
	res = finish();
	ck_assert_ptr_null(res->transfers);
	x = write_file(res, "results.xml", 1, &n);
	ck_assert_ptr_null(strstr(x, "<transfers"));
	free(x);
	eiti_results_free(res);
}
END_TEST

/* --- findings --------------------------------------------------------------
 */

START_TEST(test_findings)
{
	struct eiti_sharing_decl *s;
	struct eiti_disclosure_hdr h = hdr();
	struct eiti_transfer t = {0};

	s = sharing("NAC", "1415E1", "1000.00", NULL);
	share(s, "MUN-1", "0.5");
	share(s, "MUN-9", "0.2");			/* declared nowhere */
	share(s, "ANM", "0.1");				/* national */
	s = sharing("SGR", "1415E5", "1000.00", "EUR"); /* no EUR rate */
	share(s, "MUN-1", "1");
	start();
	ck_assert_uint_eq(D.errors, 1);
	ck_assert_str_eq(eiti_rule_id(D.v[0].rule), "RATE-MISSING");
	ck_assert_uint_eq(D.v[0].line, 11);
	entity("NAC", "Nación", "national", NULL);
	entity("ANM", "Minería", "national", NULL);
	entity("MUN-1", "Uno", "municipal", "CO-CES");
	/* a declared entitlement on a formula key is not counted */
	entitle("NAC", "MUN-1", "1415E1", "1.00");
	ck_assert_str_eq(eiti_rule_id(D.v[1].rule), "XFER-BOTH");
	ck_assert_uint_eq(D.v[1].line, 77);
	/* a currency without rate, and a sum that overflows */
	t.id = "T-9";
	t.from = "NAC";
	t.to = "MUN-1";
	t.stream = "1415E1";
	t.currency = "EUR";
	t.currency_digits = 2;
	t.amount = 100;
	t.line = 5;
	ck_assert_int_eq(eiti_xfer_transfer(X, &h, &t, &E), 0);
	ck_assert_str_eq(eiti_rule_id(D.v[2].rule), "RATE-MISSING");
	t.currency = "COP";
	t.amount = INT64_MAX;
	ck_assert_int_eq(eiti_xfer_transfer(X, &h, &t, &E), 0);
	t.amount = 1;
	t.line = 6;
	ck_assert_int_eq(eiti_xfer_transfer(X, &h, &t, &E), 0);
	ck_assert_str_eq(eiti_rule_id(D.v[3].rule), "XFER-OVERFLOW");
	ck_assert_uint_eq(D.v[3].line, 6);
	ck_assert_str_eq(D.v[3].msg, "transfer 'T-9': the amount sent of "
				     "(NAC, MUN-1, 1415E1) overflows");
	ck_assert_int_eq(eiti_xfer_check(X, &E), 0);
	ck_assert_uint_eq(D.n, 7);
	ck_assert_str_eq(eiti_rule_id(D.v[4].rule), "XFER-PARTY"); /* MUN-9 */
	ck_assert_uint_eq(D.v[4].line, 22);
	ck_assert_str_eq(eiti_rule_id(D.v[5].rule), "XFER-LEVEL"); /* ANM */
	ck_assert_str_eq(D.v[5].msg,
	    "share of 'ANM': the recipient is declared as a national entity, "
	    "not a regional or municipal one");
	ck_assert_str_eq(eiti_rule_id(D.v[6].rule), "XFER-PARTY"); /* SGR */
	ck_assert_uint_eq(D.v[6].line, 11);
	ck_assert_str_eq(D.v[6].file, "manifest.xml");
}
END_TEST

/* Totals that overflow: a finding at the manifest, and no results. */
START_TEST(test_total_overflow)
{
	struct eiti_recon *r = NULL;
	struct eiti_results *res = NULL;

	start();
	entity("NAC", "Nación", "national", NULL);
	entity("MUN-1", "Uno", "municipal", "CO-CES");
	entity("MUN-2", "Dos", "municipal", "CO-CES");
	SENT("NAC", "MUN-1", "1415E1", "60000000000000000.00");
	SENT("NAC", "MUN-2", "1415E1", "60000000000000000.00");
	ck_assert_int_eq(eiti_xfer_check(X, &E), 0);
	ck_assert_int_eq(eiti_recon_new(&r, &M, &test_clock, &D, &E), 0);
	ck_assert_int_eq(eiti_recon_finish(&res, r, &E), 0);
	eiti_recon_free(r);
	ck_assert_int_eq(eiti_xfer_finish(res, X, &E), 1);
	ck_assert_ptr_null(res->transfers);
	ck_assert_uint_eq(D.errors, 1);
	ck_assert_str_eq(eiti_rule_id(D.v[0].rule), "XFER-OVERFLOW");
	ck_assert_str_eq(D.v[0].file, "manifest.xml");
	ck_assert_str_eq(
	    D.v[0].msg, "the transfer totals overflow at recipient 'MUN-2'");
	eiti_results_free(res);
}
END_TEST

START_TEST(test_first_declaration_wins)
{
	struct eiti_results *res;

	start();
	entity("NAC", "Nación", "national", NULL);
	entity("MUN-1", "Uno", "municipal", "CO-CES");
	entity("MUN-1", "Otro nombre", "municipal", "CO-LAG");
	SENT("NAC", "MUN-1", "1415E1", "1.00");
	res = finish();
	ck_assert_str_eq(res->transfers->rows[0].to_name, "Uno");
	ck_assert_str_eq(res->transfers->rows[0].region, "CO-CES");
	eiti_results_free(res);
	/* the engine is finished: feeding it again is an internal error */
	ck_assert_int_eq(eiti_xfer_check(X, &E), -1);
	ck_assert_int_eq(E.kind, EITI_ERR_IO);
}
END_TEST

/* --- outputs ---------------------------------------------------------------
 */

static struct eiti_results *
sample(void)
{
	struct eiti_sharing_decl *s;

	thresholds("100.00", "0.01");
	rate("USD", "4000.25");
	s = sharing("NAC", "1415E1", "1000.01", NULL);
	share(s, "MUN-1", "0.5");
	share(s, "=MUN-2", "0.25");
	s = sharing("NAC", "1415E5", "10.00", "USD");
	share(s, "MUN-1", "0.125");
	start();
	entity("NAC", "Nación, \"central\"", "national", NULL);
	entity("MUN-1", "-Uno", "municipal", "CO-CES");
	entity("=MUN-2", "@Dos\tbis", "municipal", "CO-LAG");
	entity("DEP", "+Depto\r\nline", "regional", "");
	SENT("NAC", "MUN-1", "1415E1", "500.00");
	RECV("NAC", "MUN-1", "1415E1", "499.00");
	SENT("NAC", "=MUN-2", "1415E1", "300.00");
	RECV("DEP", "MUN-1", "1415E1", "7.00");
	return finish();
}

START_TEST(test_csv_bytes)
{
	struct eiti_results *res = sample();
	char *c;
	size_t n;
	static const char want[] =
	    "from_id,from_name,to_id,to_name,region,stream,entitled,sent,"
	    "received,sent_minus_entitled,received_minus_sent,status\r\n"
	    "DEP,\"'+Depto\r\nline\",MUN-1,'-Uno,CO-CES,1415E1,,,7.00,,,"
	    "transfer-not-reported\r\n"
	    "NAC,\"Nación, \"\"central\"\"\",'=MUN-2,'@Dos\tbis,CO-LAG,"
	    "1415E1,250.00,300.00,,50.00,,receipt-not-reported\r\n"
	    "NAC,\"Nación, \"\"central\"\"\",MUN-1,'-Uno,CO-CES,1415E1,"
	    "500.01,500.00,499.00,-0.01,-1.00,within-tolerance\r\n"
	    "NAC,\"Nación, \"\"central\"\"\",MUN-1,'-Uno,CO-CES,1415E5,"
	    "5000.31,,,,,not-transferred\r\n";

	/* USD 1.25 x 4000.25 = 5000.3125 -> 5000.31 */
	c = write_file(res, "transfers.csv", 2, &n);
	ck_assert_str_eq(c, want);
	ck_assert_uint_eq(n, strlen(want));
	free(c);
	eiti_results_free(res);
}
END_TEST

/* The guard in results.csv too (eitirep-results(5): every CSV), on text only.
 */
START_TEST(test_results_csv_guard)
{
	struct eiti_recon *r = NULL;
	struct eiti_results *res = NULL;
	struct eiti_disclosure_hdr h = hdr();
	struct eiti_company_decl co = {
	    "@NIT", "=HYPERLINK(\"x\")", "mining", NULL, 1};
	struct eiti_payment p = {0};
	char *c;
	size_t n;

	ck_assert_int_eq(eiti_recon_new(&r, &M, &test_clock, &D, &E), 0);
	h.role = EITI_ROLE_COMPANY;
	ck_assert_int_eq(eiti_recon_company(r, &h, &co, &E), 0);
	p.id = "P";
	p.company = "@NIT";
	p.entity = "-ENT";
	p.stream = "1415E1";
	p.currency = "COP";
	p.currency_digits = 2;
	p.amount = -150;
	ck_assert_int_eq(eiti_recon_payment(r, &h, &p, &E), 0);
	ck_assert_int_eq(eiti_recon_finish(&res, r, &E), 0);
	eiti_recon_free(r);
	c = write_file(res, "results.csv", 0, &n);
	ck_assert_ptr_nonnull(strstr(c, "\r\n'@NIT,\"'=HYPERLINK(\"\"x\"\")\","
					"'-ENT,1415E1,,-1.50,0.00,-1.50,"));
	free(c);
	eiti_results_free(res);
}
END_TEST

static int
collect(void *ud, const char *p, size_t n)
{
	strncat(ud, p, n);
	return 0;
}

START_TEST(test_csv_field)
{
	static const struct {
		const char *in, *out;
	} v[] = {
	    {"", ""},
	    {"plain", "plain"},
	    {"=1+1", "'=1+1"},
	    {"+57", "'+57"},
	    {"-3", "'-3"},
	    {"@SUM(A1)", "'@SUM(A1)"},
	    {"\tx", "'\tx"},
	    {"\rx", "\"'\rx\""},
	    {"a,b", "\"a,b\""},
	    {"=a,\"b\"", "\"'=a,\"\"b\"\"\""},
	    {"say \"hi\"", "\"say \"\"hi\"\"\""},
	    {"x=1", "x=1"},
	    {"line\nbreak", "\"line\nbreak\""},
	};
	char buf[128];
	size_t i;

	for (i = 0; i < sizeof(v) / sizeof(v[0]); i++) {
		buf[0] = '\0';
		ck_assert_int_eq(eiti_csv_field(v[i].in, collect, buf), 0);
		ck_assert_str_eq(buf, v[i].out);
	}
	buf[0] = '\0';
	ck_assert_int_eq(eiti_csv_field(NULL, collect, buf), 0);
	ck_assert_str_eq(buf, "");
	ck_assert(!eiti_csv_guarded(NULL));
}
END_TEST

START_TEST(test_round_trip)
{
	struct eiti_results *res = sample(), *back = NULL;
	const struct eiti_res_transfers *a, *b;
	struct eiti_diags d;
	char *x1, *x2, *c1, *c2, path[512];
	size_t l1, l2, k1, k2, i, j;

	x1 = write_file(res, "results.xml", 1, &l1);
	ck_assert_ptr_nonnull(
	    strstr(x1, "<share to=\"MUN-1\" rate=\"0.125\" amount=\"1.25\" "
		       "value=\"5000.31\"/>"));
	ck_assert_ptr_nonnull(strstr(x1,
	    "region=\"CO-CES\" stream=\"1415E1\" received=\"7.00\" "
	    "tolerance=\"100.00\" status=\"transfer-not-reported\"/>"));
	c1 = write_file(res, "transfers.csv", 2, &k1);
	snprintf(path, sizeof(path), "%s/results.xml", tmpdir);
	eiti_diags_init(&d);
	ck_assert_int_eq(eiti_results_load(&back, path, &d, &E), 0);
	ck_assert_msg(d.n == 0, "%s", d.n ? d.v[0].msg : "");
	a = res->transfers;
	b = back->transfers;
	ck_assert_ptr_nonnull(b);
	ck_assert_uint_eq(a->nsharings, b->nsharings);
	for (i = 0; i < a->nsharings; i++) {
		ck_assert_str_eq(a->sharings[i].from, b->sharings[i].from);
		ck_assert_str_eq(
		    a->sharings[i].from_name, b->sharings[i].from_name);
		ck_assert_str_eq(a->sharings[i].basis, b->sharings[i].basis);
		ck_assert_int_eq(a->sharings[i].base, b->sharings[i].base);
		ck_assert_int_eq(a->sharings[i].currency_digits,
		    b->sharings[i].currency_digits);
		ck_assert_uint_eq(
		    a->sharings[i].nshares, b->sharings[i].nshares);
		for (j = 0; j < a->sharings[i].nshares; j++) {
			const struct eiti_res_share
			    *p = &a->sharings[i].shares[j],
			    *q = &b->sharings[i].shares[j];
			ck_assert_str_eq(p->to, q->to);
			ck_assert_str_eq(p->rate_text, q->rate_text);
			ck_assert(p->rate.coef == q->rate.coef);
			ck_assert_int_eq(p->rate.scale, q->rate.scale);
			ck_assert_int_eq(p->amount, q->amount);
			ck_assert_int_eq(p->value, q->value);
		}
	}
	ck_assert_uint_eq(a->nrows, b->nrows);
	for (i = 0; i < a->nrows; i++) {
		const struct eiti_res_xfer *p = &a->rows[i], *q = &b->rows[i];
		ck_assert_str_eq(p->from_id, q->from_id);
		ck_assert_str_eq(p->from_name, q->from_name);
		ck_assert_str_eq(p->to_id, q->to_id);
		ck_assert_str_eq(p->to_name, q->to_name);
		ck_assert_str_eq(p->region, q->region);
		ck_assert_str_eq(p->stream, q->stream);
		ck_assert_int_eq(p->has_e, q->has_e);
		ck_assert_int_eq(p->has_s, q->has_s);
		ck_assert_int_eq(p->has_r, q->has_r);
		ck_assert_int_eq(p->formula, q->formula);
		ck_assert(p->e == q->e && p->s == q->s && p->r == q->r);
		ck_assert(p->s_e == q->s_e && p->r_s == q->r_s);
		ck_assert_int_eq(p->tolerance, q->tolerance);
		ck_assert_int_eq(p->status, q->status);
	}
	ck_assert(memcmp(&a->overall.e, &b->overall.e,
		      sizeof(a->overall) -
			  offsetof(struct eiti_res_xfer_total, e)) == 0);
	ck_assert_uint_eq(a->nby_recipient, b->nby_recipient);
	ck_assert_uint_eq(a->nby_region, b->nby_region);
	ck_assert_uint_eq(a->nsilent, b->nsilent);
	ck_assert_str_eq(a->silent[0].id, b->silent[0].id);
	x2 = write_file(back, "again.xml", 1, &l2);
	c2 = write_file(back, "again.csv", 2, &k2);
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

/* A results file whose transfer differences contradict its figures, or
 * whose status is unknown, is refused (rule RESULTS). */
START_TEST(test_load_rejects)
{
	struct eiti_results *res = sample(), *back = NULL;
	static const struct {
		const char *from, *to;
	} edits[] = {
	    {" status=\"within-tolerance\"", " status=\"fine\""},
	    {" sent-minus-entitled=\"-0.01\"", ""},
	    {" entitlement=\"formula\" sent=\"500.00\"", " sent=\"500.00\""},
	};
	char *x, *y, path[512];
	size_t n, i;
	struct eiti_diags d;
	FILE *fp;

	x = write_file(res, "results.xml", 1, &n);
	for (i = 0; i < sizeof(edits) / sizeof(edits[0]); i++) {
		char *at = strstr(x, edits[i].from);

		ck_assert_ptr_nonnull(at);
		y = malloc(n + 64);
		memcpy(y, x, (size_t)(at - x));
		strcpy(y + (at - x), edits[i].to);
		strcat(y, at + strlen(edits[i].from));
		snprintf(path, sizeof(path), "%s/bad.xml", tmpdir);
		fp = fopen(path, "wb");
		ck_assert_ptr_nonnull(fp);
		fputs(y, fp);
		fclose(fp);
		eiti_diags_init(&d);
		ck_assert_int_eq(eiti_results_load(&back, path, &d, &E), 1);
		/* the loader's rule claims the attribute before the schema
		 * sees it */
		ck_assert_str_eq(eiti_rule_id(d.v[0].rule), "RESULTS");
		eiti_diags_free(&d);
		free(y);
	}
	free(x);
	eiti_results_free(res);
}
END_TEST

static Suite *
transfers_suite(void)
{
	Suite *s = suite_create("transfers");
	TCase *tc;

	tc = tcase_create("status");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_loop_test(tc, test_status_table, 0,
	    sizeof(status_cases) / sizeof(status_cases[0]));
	tcase_add_test(tc, test_status_names);
	suite_add_tcase(s, tc);

	tc = tcase_create("arithmetic");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_formula_rounding);
	tcase_add_test(tc, test_per_line_conversion);
	tcase_add_test(tc, test_tolerance_at_recipient);
	tcase_add_test(tc, test_totals_and_silent);
	tcase_add_test(tc, test_no_transfers);
	suite_add_tcase(s, tc);

	tc = tcase_create("findings");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_findings);
	tcase_add_test(tc, test_first_declaration_wins);
	tcase_add_test(tc, test_total_overflow);
	suite_add_tcase(s, tc);

	tc = tcase_create("outputs");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_csv_field);
	tcase_add_test(tc, test_csv_bytes);
	tcase_add_test(tc, test_results_csv_guard);
	tcase_add_test(tc, test_round_trip);
	tcase_add_test(tc, test_load_rejects);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	SRunner *sr = srunner_create(transfers_suite());
	int failed;

	eiti_xml_init();
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	eiti_xml_cleanup();
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
