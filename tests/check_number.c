/*
 * check_number.c - amounts and dates as tables print them
 * (src/import/number.h), parsed exactly.  Table-driven: the oddities of
 * real published tables (accounting negatives, "$-", mixed-up separators
 * such as "29.907,397.716.519"), the int64 edges, rounding half away from
 * zero on both signs, unit scales, the binary-double noise of stored
 * spreadsheet numbers, and Excel's date serials with their fictitious
 * 1900-02-29.
 */
#include "config.h"

#include <check.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "import/number.h"

#define N(a) (sizeof(a) / sizeof((a)[0]))

enum fmtid {
	US,	/* '.' decimal, ',' groups, "$" */
	US_R,	/* same, rounding */
	US_D,	/* same, dashes are zero */
	EU,	/* ',' decimal, '.' groups */
	SP_DOT, /* '.' decimal, space/NBSP/narrow NBSP groups */
	SP_COM, /* ',' decimal, same groups */
	K3,	/* US in thousands */
	K3_R,
	M6,    /* US in millions */
	SYM,   /* US with "US$|$|CAD|COP" */
	NOGRP, /* '.' decimal, no grouping */
};

static void
fmt_of(struct eiti_numfmt *f, enum fmtid id)
{
	eiti_numfmt_init(f);
	switch (id) {
	case US:
		break;
	case US_R:
		f->round = true;
		break;
	case US_D:
		f->dash_is_zero = true;
		break;
	case EU:
		f->decimal = ',';
		f->group = ".";
		break;
	case SP_DOT:
		f->group = " \u00a0\u202f";
		f->symbols = "COP|$";
		break;
	case SP_COM:
		f->decimal = ',';
		f->group = " \u00a0\u202f";
		break;
	case K3:
		f->scale = 3;
		break;
	case K3_R:
		f->scale = 3;
		f->round = true;
		break;
	case M6:
		f->scale = 6;
		break;
	case SYM:
		f->symbols = "US$|$|CAD|COP";
		break;
	case NOGRP:
		f->group = NULL;
		break;
	}
}

struct nvec {
	const char *in;
	enum fmtid fmt;
	int digits;
	enum eiti_num_status st;
	int64_t want;
};

#define OK EITI_NUM_OK
#define RND EITI_NUM_ROUNDED
#define EMPTY EITI_NUM_EMPTY
#define SYNTAX EITI_NUM_SYNTAX
#define MIXED EITI_NUM_MIXED
#define DIGITS EITI_NUM_DIGITS
#define OVER EITI_NUM_OVERFLOW

static void
run_vec(const struct nvec *v, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		struct eiti_numfmt f;
		const char *why = NULL;
		int64_t got = 12345;
		enum eiti_num_status st;

		fmt_of(&f, v[i].fmt);
		st = eiti_num_parse(
		    &got, v[i].in, strlen(v[i].in), &f, v[i].digits, &why);
		ck_assert_msg(st == v[i].st,
		    "'%s' (fmt %d, %d digits): status %d, want %d (%s)",
		    v[i].in, (int)v[i].fmt, v[i].digits, (int)st, (int)v[i].st,
		    why ? why : "-");
		if (st == OK || st == RND)
			ck_assert_msg(got == v[i].want, "'%s': %lld, want %lld",
			    v[i].in, (long long)got, (long long)v[i].want);
		else
			ck_assert_msg(why != NULL && why[0] != '\0',
			    "'%s': no reason given", v[i].in);
	}
}

/* The published oddities (USEITI, ESTMA, Colombian laws). */
static const struct nvec published[] = {
    {"$26,797,927", US, 2, OK, 2679792700},
    {"$(13,402,016)", US, 2, OK, -1340201600},
    {"-$12,222.13", US, 2, OK, -1222213},
    {"$-12,222.13", US, 2, OK, -1222213},
    {"(1,234)", US, 2, OK, -123400},
    {"($1,234.50)", US, 2, OK, -123450},
    {" $174,392.12 ", US, 2, OK, 17439212},
    {"$ 1,234.5", US, 2, OK, 123450},
    {"$-", US, 2, SYNTAX, 0},
    {" $-   ", US, 2, SYNTAX, 0},
    {"$-", US_D, 2, OK, 0},
    {" $ -   ", US_D, 2, OK, 0},
    {"-", US_D, 2, OK, 0},
    {"\u2013", US_D, 2, OK, 0},
    {"\u2014", US_D, 2, OK, 0},
    {"--", US_D, 2, SYNTAX, 0},
    {"29.907,397.716.519", EU, 2, MIXED, 0},
    {"29.907,397.716.519", US, 2, MIXED, 0},
    {"$ 18.564.591.529.959", EU, 2, OK, 1856459152995900},
    {"1.234.567,89", EU, 2, OK, 123456789},
    {"1,234,567.89", US, 2, OK, 123456789},
    {"1.234.567,89", US, 2, MIXED, 0},
    {"1,234,567.89", EU, 2, MIXED, 0},
    {"2 276", SP_DOT, 2, OK, 227600},
    {"2 211.75", SP_DOT, 2, OK, 221175},
    {"2\u00a0276,50", SP_COM, 2, OK, 227650},
    {"2\u202f276", SP_DOT, 2, OK, 227600},
    {"1 234 567 COP", SP_DOT, 2, OK, 123456700},
    {"COP 1 234", SP_DOT, 2, OK, 123400},
    {"\"5,477,067,000\"", US, 2, SYNTAX, 0},
    {"5,477,067,000", US, 2, OK, 547706700000},
    {"88,634.80", US, 2, OK, 8863480},
};

static const struct nvec grouping[] = {
    {"1234", US, 2, OK, 123400},
    {"1,234", US, 0, OK, 1234},
    {"1,23,4", US, 2, MIXED, 0},
    {"1,2345", US, 2, MIXED, 0},
    {"12,34.5", US, 2, MIXED, 0},
    {"1234,567", US, 2, MIXED, 0},
    {"1,234,56", US, 2, MIXED, 0},
    {"1,234.567,8", US, 3, MIXED, 0},
    {"1.2.3", US, 2, MIXED, 0},
    {"1 2345", SP_DOT, 2, MIXED, 0},
    {"12 34", SP_DOT, 2, MIXED, 0},
    {"1 234\u00a0567", SP_DOT, 2, MIXED, 0},
    {"1,", US, 2, SYNTAX, 0},
    {",123", US, 2, SYNTAX, 0},
    {"1,234", NOGRP, 2, SYNTAX, 0},
    {"1234.5", NOGRP, 2, OK, 123450},
    {"1 234", US, 2, SYNTAX, 0},
    {"1.234", EU, 2, OK, 123400},
    {"1,5", EU, 2, OK, 150},
    {"0,05", EU, 2, OK, 5},
};

static const struct nvec signs[] = {
    {"+5", US, 2, OK, 500},
    {"-5", US, 2, OK, -500},
    {"\u22125", US, 2, OK, -500},
    {"- 5", US, 2, OK, -500},
    {"--5", US, 2, SYNTAX, 0},
    {"-(5)", US, 2, SYNTAX, 0},
    {"(-5)", US, 2, SYNTAX, 0},
    {"+-5", US, 2, SYNTAX, 0},
    {"(5", US, 2, SYNTAX, 0},
    {"5)", US, 2, SYNTAX, 0},
    {"5-", US, 2, SYNTAX, 0},
    {"-0", US, 2, OK, 0},
    {"-0.00", US, 2, OK, 0},
    {"(0)", US, 2, OK, 0},
    {"-.5", US, 2, OK, -50},
};

static const struct nvec lexical[] = {
    {"", US, 2, EMPTY, 0},
    {"   ", US, 2, EMPTY, 0},
    {"\u00a0\t", US, 2, EMPTY, 0},
    {"abc", US, 2, SYNTAX, 0},
    {"$", US, 2, SYNTAX, 0},
    {"1e3", US, 2, SYNTAX, 0},
    {"5%", US, 2, SYNTAX, 0},
    {"N/A", US, 2, SYNTAX, 0},
    {".", US, 2, SYNTAX, 0},
    {".5", US, 2, OK, 50},
    {"5.", US, 2, OK, 500},
    {"0005.10", US, 2, OK, 510},
    {"1.500", US, 2, OK, 150},
    {"1.5000000000000000000000000000000000000000000", US, 2, OK, 150},
    {"0.000000000000000000000000000000000000000001", US, 2, DIGITS, 0},
    {"0.000000000000000000000000000000000000000001", US_R, 2, RND, 0},
    {"US$ 5", SYM, 2, OK, 500},
    {"5 CAD", SYM, 2, OK, 500},
    {"CAD5", SYM, 2, OK, 500},
    {"cad 5", SYM, 2, OK, 500},
    {"$5 CAD", SYM, 2, SYNTAX, 0},
    {"5 EUR", SYM, 2, SYNTAX, 0},
};

static const struct nvec rounding[] = {
    {"1.005", US, 2, DIGITS, 0},
    {"1.005", US_R, 2, RND, 101},
    {"-1.005", US_R, 2, RND, -101},
    {"1.004", US_R, 2, RND, 100},
    {"-1.004", US_R, 2, RND, -100},
    {"0.005", US_R, 2, RND, 1},
    {"-0.005", US_R, 2, RND, -1},
    {"0.0049999", US_R, 2, RND, 0},
    {"0.0050001", US_R, 2, RND, 1},
    {"2.5", US_R, 0, RND, 3},
    {"-2.5", US_R, 0, RND, -3},
    {"1.5", US, 0, DIGITS, 0},
    {"1.25", US_R, 2, OK, 125},
    {"1.2500", US_R, 2, OK, 125},
};

static const struct nvec scales[] = {
    {"1,234", K3, 2, OK, 123400000},
    {"1.5", K3, 2, OK, 150000},
    {"1.2345", K3, 2, OK, 123450},
    {"1.23456", K3, 2, OK, 123456},
    {"1.234567", K3, 2, DIGITS, 0},
    {"1.234567", K3_R, 2, RND, 123457},
    {"-1.2345675", K3_R, 2, RND, -123457},
    {"(2.5)", K3, 0, OK, -2500},
    {"1.5", M6, 2, OK, 150000000},
    {"0.000001", M6, 0, OK, 1},
    {"9,223,372,036,854.775807", M6, 0, OK, INT64_MAX},
    {"9,223,372,036,854.775808", M6, 0, OVER, 0},
};

static const struct nvec edges[] = {
    {"92233720368547758.07", US, 2, OK, INT64_MAX},
    {"92233720368547758.08", US, 2, OVER, 0},
    {"-92233720368547758.08", US, 2, OK, INT64_MIN},
    {"-92233720368547758.09", US, 2, OVER, 0},
    {"9,223,372,036,854,775,807", US, 0, OK, INT64_MAX},
    {"9,223,372,036,854,775,808", US, 0, OVER, 0},
    {"99999999999999999999999999999999999999999", US, 2, OVER, 0},
    {"99999999999999999999999999999999999999999.5", US_R, 2, OVER, 0},
    {"92233720368547758.075", US_R, 2, OVER, 0},
    {"92233720368547758.074", US_R, 2, RND, INT64_MAX},
    {"1", US, 18, OK, 1000000000000000000},
    {"10", US, 18, OVER, 0},
    {"1", US, 19, DIGITS, 0},
    {"1", US, -1, DIGITS, 0},
};

START_TEST(t_published)
{
	run_vec(published, N(published));
}
END_TEST

START_TEST(t_grouping)
{
	run_vec(grouping, N(grouping));
}
END_TEST

START_TEST(t_signs)
{
	run_vec(signs, N(signs));
}
END_TEST

START_TEST(t_lexical)
{
	run_vec(lexical, N(lexical));
}
END_TEST

START_TEST(t_rounding)
{
	run_vec(rounding, N(rounding));
}
END_TEST

START_TEST(t_scales)
{
	run_vec(scales, N(scales));
}
END_TEST

START_TEST(t_edges)
{
	run_vec(edges, N(edges));
}
END_TEST

START_TEST(t_why)
{
	struct eiti_numfmt f;
	const char *why = NULL;
	int64_t v;

	fmt_of(&f, EU);
	ck_assert_int_eq(
	    eiti_num_parse(&v, "29.907,397.716.519", 18, &f, 2, &why), MIXED);
	ck_assert_str_eq(
	    why, "a grouping separator after the decimal separator");
	fmt_of(&f, US);
	ck_assert_int_eq(
	    eiti_num_parse(&v, "1.234.567,89", 12, &f, 2, &why), MIXED);
	ck_assert_str_eq(why, "the decimal separator appears twice");
	/* The length is honoured: no NUL needed. */
	ck_assert_int_eq(eiti_num_parse(&v, "12345", 2, &f, 0, NULL), OK);
	ck_assert_int_eq(v, 12);
}
END_TEST

/* Stored numbers (xlsx <v>, ods office:value). */
struct svec {
	const char *in;
	int scale, digits;
	bool round;
	enum eiti_num_status st;
	int64_t want;
};

static const struct svec stored[] = {
    {"2075.8000000000002", 0, 2, false, OK, 207580},
    {"284808.90999999997", 0, 2, false, OK, 28480891},
    {"4902038.1500000004", 0, 2, false, OK, 490203815},
    {"41555.199999999997", 0, 2, false, OK, 4155520},
    {"0.30000000000000004", 0, 2, false, OK, 30},
    {"2.0758000000000002E3", 0, 2, false, OK, 207580},
    {"217444.04", 0, 2, false, OK, 21744404},
    {"1.5E-3", 0, 3, false, DIGITS, 0},
    {"1.5E-3", 0, 3, true, RND, 2},
    {"-1.5E-3", 0, 3, true, RND, -2},
    {"1.5E-3", 0, 4, false, OK, 15},
    {"1.5e-3", 0, 4, false, OK, 15},
    {"1E+16", 0, 2, false, OK, 1000000000000000000},
    {"1E+17", 0, 2, false, OVER, 0},
    {"1E16", 0, 2, false, OK, 1000000000000000000},
    {"-12", 0, 2, false, OK, -1200},
    {"-0", 0, 2, false, OK, 0},
    {"0E+99999999", 0, 2, false, OK, 0},
    {"1E-400", 0, 2, false, DIGITS, 0},
    {"1E-400", 0, 2, true, RND, 0},
    {"1E+400", 0, 2, false, OVER, 0},
    {"1234.567", 0, 2, false, DIGITS, 0},
    {"1234.567", 0, 2, true, RND, 123457},
    {"1234.565", 0, 2, true, RND, 123457},
    {"-1234.565", 0, 2, true, RND, -123457},
    {"1.5", 6, 2, false, OK, 150000000},
    {" 12 ", 0, 2, false, OK, 1200},
    {".5", 0, 2, false, OK, 50},
    {"5.", 0, 2, false, OK, 500},
    /* 18 significant digits: Excel's 15 are kept. */
    {"123456789012345678", 0, 0, false, OK, 123456789012346000},
    {"9.9999999999999999E2", 0, 2, false, OK, 100000},
    {"", 0, 2, false, EMPTY, 0},
    {"abc", 0, 2, false, SYNTAX, 0},
    {"1e", 0, 2, false, SYNTAX, 0},
    {"--1", 0, 2, false, SYNTAX, 0},
    {"1.2.3", 0, 2, false, SYNTAX, 0},
    {"1,5", 0, 2, false, SYNTAX, 0},
    {"INF", 0, 2, false, SYNTAX, 0},
    {"NaN", 0, 2, false, SYNTAX, 0},
    {"#N/A", 0, 2, false, SYNTAX, 0},
    {"1 2", 0, 2, false, SYNTAX, 0},
};

START_TEST(t_stored)
{
	size_t i;

	for (i = 0; i < N(stored); i++) {
		const struct svec *v = &stored[i];
		const char *why = NULL;
		int64_t got = 777;
		enum eiti_num_status st = eiti_num_parse_stored(&got, v->in,
		    strlen(v->in), v->scale, v->digits, v->round, &why);

		ck_assert_msg(st == v->st, "'%s': status %d, want %d (%s)",
		    v->in, (int)st, (int)v->st, why ? why : "-");
		if (st == OK || st == RND)
			ck_assert_msg(got == v->want, "'%s': %lld, want %lld",
			    v->in, (long long)got, (long long)v->want);
	}
}
END_TEST

/* Dates. */
struct dvec {
	const char *in;
	const char *want; /* NULL: not a date */
};

static const struct dvec serials[] = {
    {"42522", "2016-06-01"},
    {"42885", "2017-05-30"},
    {"42522.75", "2016-06-01"},
    {"4.2522E4", "2016-06-01"},
    {"1", "1900-01-01"},
    {"59", "1900-02-28"},
    {"60", NULL}, /* Excel's fictitious 1900-02-29 */
    {"61", "1900-03-01"},
    {"0", NULL},
    {"0.5", NULL},
    {"-1", NULL},
    {"2958465", "9999-12-31"},
    {"2958466", NULL},
    {"1E+30", NULL},
    {"abc", NULL},
    {"", NULL},
};

START_TEST(t_serials)
{
	size_t i;
	char out[11];

	for (i = 0; i < N(serials); i++) {
		bool ok = eiti_date_from_serial(
		    out, serials[i].in, strlen(serials[i].in));

		ck_assert_msg(ok == (serials[i].want != NULL), "'%s': %d",
		    serials[i].in, ok);
		if (ok)
			ck_assert_str_eq(out, serials[i].want);
	}
	ck_assert(eiti_date_from_serial_sys(out, "0", 1, true));
	ck_assert_str_eq(out, "1904-01-01");
	ck_assert(eiti_date_from_serial_sys(out, "41060", 5, true));
	ck_assert_str_eq(out, "2016-06-01");
	ck_assert(eiti_date_from_serial_sys(out, "1", 1, true));
	ck_assert_str_eq(out, "1904-01-02");
}
END_TEST

START_TEST(t_to_serial)
{
	static const struct dvec v[] = {
	    {"2016-06-01", "42522"},
	    {"2016-06-01T12:30:00", "42522"},
	    {"1900-03-01", "61"},
	    {"1900-02-28", "59"},
	    {"1900-01-01", "1"},
	    {"9999-12-31", "2958465"},
	    {"1899-12-31", NULL},
	    {"2016-02-30", NULL},
	    {"2016-06-01 12:00", NULL},
	    {"2016-6-01", NULL},
	    {"", NULL},
	};
	size_t i;
	char out[32], back[11];

	for (i = 0; i < N(v); i++) {
		bool ok = eiti_date_to_serial(
		    out, sizeof(out), v[i].in, strlen(v[i].in));

		ck_assert_msg(ok == (v[i].want != NULL), "'%s'", v[i].in);
		if (!ok)
			continue;
		ck_assert_str_eq(out, v[i].want);
		/* And back. */
		ck_assert(eiti_date_from_serial(back, out, strlen(out)));
		ck_assert_int_eq(strncmp(back, v[i].in, 10), 0);
	}
}
END_TEST

START_TEST(t_patterns)
{
	static const struct {
		const char *in, *pattern, *want;
	} v[] = {
	    {"31/12/2015", "DD/MM/YYYY", "2015-12-31"},
	    {"1/2/2016", "D/M/YYYY", "2016-02-01"},
	    {"01/02/2016", "D/M/YYYY", "2016-02-01"},
	    {"12/31/2015", "M/D/YYYY", "2015-12-31"},
	    {"2016-02-29", "YYYY-MM-DD", "2016-02-29"},
	    {" 2016-01-01 ", "YYYY-MM-DD", "2016-01-01"},
	    {"2015-02-29", "YYYY-MM-DD", NULL},
	    {"2016-1-01", "YYYY-MM-DD", NULL},
	    {"2016-01-01x", "YYYY-MM-DD", NULL},
	    {"2016/01/01", "YYYY-MM-DD", NULL},
	    {"13/13/2016", "DD/MM/YYYY", NULL},
	    {"31/04/2016", "DD/MM/YYYY", NULL},
	    {"1/2/16", "D/M/YYYY", NULL},
	    {"123/2/2016", "D/M/YYYY", NULL},
	    {"20160101", "YYYYMMDD", "2016-01-01"},
	    {"", "YYYY-MM-DD", NULL},
	};
	size_t i;
	char out[11];

	for (i = 0; i < N(v); i++) {
		bool ok = eiti_date_parse(
		    out, v[i].in, strlen(v[i].in), v[i].pattern);

		ck_assert_msg(ok == (v[i].want != NULL), "'%s' as %s", v[i].in,
		    v[i].pattern);
		if (ok)
			ck_assert_str_eq(out, v[i].want);
	}
}
END_TEST

int
main(void)
{
	Suite *s = suite_create("number");
	SRunner *sr;
	TCase *tc;
	int failed;

	tc = tcase_create("published");
	tcase_add_test(tc, t_published);
	suite_add_tcase(s, tc);
	tc = tcase_create("grouping");
	tcase_add_test(tc, t_grouping);
	suite_add_tcase(s, tc);
	tc = tcase_create("signs");
	tcase_add_test(tc, t_signs);
	suite_add_tcase(s, tc);
	tc = tcase_create("lexical");
	tcase_add_test(tc, t_lexical);
	suite_add_tcase(s, tc);
	tc = tcase_create("rounding");
	tcase_add_test(tc, t_rounding);
	suite_add_tcase(s, tc);
	tc = tcase_create("scales");
	tcase_add_test(tc, t_scales);
	suite_add_tcase(s, tc);
	tc = tcase_create("edges");
	tcase_add_test(tc, t_edges);
	suite_add_tcase(s, tc);
	tc = tcase_create("why");
	tcase_add_test(tc, t_why);
	suite_add_tcase(s, tc);
	tc = tcase_create("stored");
	tcase_add_test(tc, t_stored);
	suite_add_tcase(s, tc);
	tc = tcase_create("dates");
	tcase_add_test(tc, t_serials);
	tcase_add_test(tc, t_to_serial);
	tcase_add_test(tc, t_patterns);
	suite_add_tcase(s, tc);

	sr = srunner_create(s);
	srunner_set_fork_status(sr, CK_NOFORK);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
