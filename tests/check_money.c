/*
 * check_money.c - exact money (src/core/money.h): the xs:decimal parser
 * (the same language as libxml2 2.9.14), checked arithmetic at the int64
 * edges, the one rounding division, conversion, tolerance, percentages
 * and the formatters.  Table-driven: one TCase per behaviour.
 */
#include "config.h"

#include <check.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/money.h"

#define N(a) (sizeof(a) / sizeof((a)[0]))
/* hi * 10^18 + lo: a 128-bit constant (C has no 128-bit literals). */
#define E18(hi, lo) ((__int128)(hi)*1000000000000000000 + (lo))

/* Parsing. */

struct parse_vec {
	const char *in;
	int digits;
	enum eiti_amount_status st;
	int64_t want; /* when st == OK */
};

static const struct parse_vec lexical_ok[] = {
    {"-0.00", 2, EITI_AMOUNT_OK, 0},
    {"-0", 2, EITI_AMOUNT_OK, 0},
    {"+0", 0, EITI_AMOUNT_OK, 0},
    {"0", 2, EITI_AMOUNT_OK, 0},
    {".5", 2, EITI_AMOUNT_OK, 50},
    {"-.5", 2, EITI_AMOUNT_OK, -50},
    {"5.", 2, EITI_AMOUNT_OK, 500},
    {"0.", 0, EITI_AMOUNT_OK, 0},
    {"00.", 0, EITI_AMOUNT_OK, 0},
    {".0", 0, EITI_AMOUNT_OK, 0},
    {"+1.50", 2, EITI_AMOUNT_OK, 150},
    {"00012.3400", 2, EITI_AMOUNT_OK, 1234},
    {"1234567.89", 2, EITI_AMOUNT_OK, 123456789},
    {"-25000000.00", 2, EITI_AMOUNT_OK, -2500000000},
    {"7", 0, EITI_AMOUNT_OK, 7},
    {"7", 3, EITI_AMOUNT_OK, 7000},
    {"0.001", 3, EITI_AMOUNT_OK, 1},
    {"1.2345", 4, EITI_AMOUNT_OK, 12345},
};

static const struct parse_vec whitespace[] = {
    {" 7.00 ", 2, EITI_AMOUNT_OK, 700}, {"\t\n 7\r\n", 0, EITI_AMOUNT_OK, 7},
    {"  -1.5\t", 1, EITI_AMOUNT_OK, -15}, {"", 2, EITI_AMOUNT_SYNTAX, 0},
    {" ", 2, EITI_AMOUNT_SYNTAX, 0}, {"\t\n", 2, EITI_AMOUNT_SYNTAX, 0},
    {"- 1", 0, EITI_AMOUNT_SYNTAX, 0}, /* sign must touch the digits */
    {"1 2", 0, EITI_AMOUNT_SYNTAX, 0}, {"1 .5", 1, EITI_AMOUNT_SYNTAX, 0},
    {"\v1", 0, EITI_AMOUNT_SYNTAX, 0}, /* not XML whitespace */
    {"1\f", 0, EITI_AMOUNT_SYNTAX, 0},
    {"\302\2401", 0, EITI_AMOUNT_SYNTAX, 0}, /* U+00A0 then 1 */
};

static const struct parse_vec lexical_bad[] = {
    {"1e3", 2, EITI_AMOUNT_SYNTAX, 0}, {"1E3", 2, EITI_AMOUNT_SYNTAX, 0},
    {"1.5e-2", 2, EITI_AMOUNT_SYNTAX, 0}, {"0x10", 2, EITI_AMOUNT_SYNTAX, 0},
    {"NaN", 2, EITI_AMOUNT_SYNTAX, 0}, {"INF", 2, EITI_AMOUNT_SYNTAX, 0},
    {"-INF", 2, EITI_AMOUNT_SYNTAX, 0}, {"+", 2, EITI_AMOUNT_SYNTAX, 0},
    {"-", 2, EITI_AMOUNT_SYNTAX, 0}, {".", 2, EITI_AMOUNT_SYNTAX, 0},
    {"+.", 2, EITI_AMOUNT_SYNTAX, 0}, {"-.", 2, EITI_AMOUNT_SYNTAX, 0},
    {"--1", 2, EITI_AMOUNT_SYNTAX, 0}, {"+-1", 2, EITI_AMOUNT_SYNTAX, 0},
    {"1-", 2, EITI_AMOUNT_SYNTAX, 0}, {"1.2.3", 2, EITI_AMOUNT_SYNTAX, 0},
    {"1..2", 2, EITI_AMOUNT_SYNTAX, 0}, {"$1", 2, EITI_AMOUNT_SYNTAX, 0},
    {"1 COP", 2, EITI_AMOUNT_SYNTAX, 0},
    /* thousands separators */
    {"1,50", 2, EITI_AMOUNT_SYNTAX, 0}, {"1,000.00", 2, EITI_AMOUNT_SYNTAX, 0},
    {"1.000,00", 2, EITI_AMOUNT_SYNTAX, 0},
    {"1 000.00", 2, EITI_AMOUNT_SYNTAX, 0}, {"1'000", 0, EITI_AMOUNT_SYNTAX, 0},
    {"1_000", 0, EITI_AMOUNT_SYNTAX, 0},
    /* non-ASCII digits: Arabic-Indic one, fullwidth one, superscript 2 */
    {"\xd9\xa1", 0, EITI_AMOUNT_SYNTAX, 0},
    {"\xef\xbc\x91", 0, EITI_AMOUNT_SYNTAX, 0},
    {"1\xc2\xb2", 0, EITI_AMOUNT_SYNTAX, 0},
    {"\342\210\2221", 0, EITI_AMOUNT_SYNTAX, 0}, /* U+2212 minus, 1 */
};

/* libxml2 counts every digit after the integer part's leading zeros, and
 * allows 24 of them; 24 integer digits may not be followed by '.'. */
static const struct parse_vec digit_count[] = {
    {"1.00000000000000000000000", 2, EITI_AMOUNT_OK, 100},    /* 24 */
    {"1.000000000000000000000000", 2, EITI_AMOUNT_SYNTAX, 0}, /* 25 */
    {"0.00000000000000000000000", 2, EITI_AMOUNT_OK, 0},      /* 23 */
    {".000000000000000000000000", 2, EITI_AMOUNT_OK, 0},      /* 24 */
    {".0000000000000000000000000", 2, EITI_AMOUNT_SYNTAX, 0},
    {"123456789012345678901234", 0, EITI_AMOUNT_OVERFLOW, 0},
    {"1234567890123456789012345", 0, EITI_AMOUNT_SYNTAX, 0},
    {"123456789012345678901234.", 0, EITI_AMOUNT_SYNTAX, 0},
    {"12345678901234567890123.", 0, EITI_AMOUNT_OVERFLOW, 0},
    {"000000000000000000000000000000000000000001", 2, EITI_AMOUNT_OK, 100},
    {"-0000000000000000000000000000000000000000.5", 1, EITI_AMOUNT_OK, -5},
    {"00000000000000000000000000000000000000000.", 0, EITI_AMOUNT_OK, 0},
    {"9223372036854775807.00000", 0, EITI_AMOUNT_OK, INT64_MAX},
};

static const struct parse_vec fraction_digits[] = {
    {"1.005", 2, EITI_AMOUNT_DIGITS, 0}, {"1.500", 2, EITI_AMOUNT_OK, 150},
    {"1.5000000", 2, EITI_AMOUNT_OK, 150}, {"12.345", 2, EITI_AMOUNT_DIGITS, 0},
    {"1.5", 0, EITI_AMOUNT_DIGITS, 0}, {"1.0", 0, EITI_AMOUNT_OK, 1},
    {"0.0001", 3, EITI_AMOUNT_DIGITS, 0}, {"-0.001", 2, EITI_AMOUNT_DIGITS, 0},
    {"1.00001", 2, EITI_AMOUNT_DIGITS, 0},
    {"1", -1, EITI_AMOUNT_DIGITS, 0}, /* unknown currency */
    {"1", 19, EITI_AMOUNT_DIGITS, 0},
    {"1x", -1, EITI_AMOUNT_SYNTAX, 0}, /* syntax is checked first */
};

static const struct parse_vec edges[] = {
    {"92233720368547758.07", 2, EITI_AMOUNT_OK, INT64_MAX},
    {"92233720368547758.08", 2, EITI_AMOUNT_OVERFLOW, 0},
    {"-92233720368547758.08", 2, EITI_AMOUNT_OK, INT64_MIN},
    {"-92233720368547758.09", 2, EITI_AMOUNT_OVERFLOW, 0},
    {"9223372036854775807", 0, EITI_AMOUNT_OK, INT64_MAX},
    {"9223372036854775808", 0, EITI_AMOUNT_OVERFLOW, 0},
    {"-9223372036854775808", 0, EITI_AMOUNT_OK, INT64_MIN},
    {"-9223372036854775809", 0, EITI_AMOUNT_OVERFLOW, 0},
    {"9.223372036854775807", 18, EITI_AMOUNT_OK, INT64_MAX},
    {"9.223372036854775808", 18, EITI_AMOUNT_OVERFLOW, 0},
    {"10", 18, EITI_AMOUNT_OVERFLOW, 0},
    {"99999999999999999999", 0, EITI_AMOUNT_OVERFLOW, 0},
    {"-99999999999999999999.99", 2, EITI_AMOUNT_OVERFLOW, 0},
    {"18446744073709551616", 0, EITI_AMOUNT_OVERFLOW, 0}, /* 2^64 */
    {"9223372036854775.807", 3, EITI_AMOUNT_OK, INT64_MAX},
};

static void
run_parse(const struct parse_vec *v, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		int64_t out = 12345;
		enum eiti_amount_status st =
		    eiti_money_parse(&out, v[i].in, v[i].digits);

		ck_assert_msg(st == v[i].st,
		    "[%s] digits %d: status %d, want %d", v[i].in, v[i].digits,
		    (int)st, (int)v[i].st);
		if (st == EITI_AMOUNT_OK)
			ck_assert_msg(out == v[i].want,
			    "[%s] digits %d: %lld, want %lld", v[i].in,
			    v[i].digits, (long long)out, (long long)v[i].want);
	}
}

START_TEST(test_parse_lexical_ok)
{
	run_parse(lexical_ok, N(lexical_ok));
}
END_TEST

START_TEST(test_parse_whitespace)
{
	run_parse(whitespace, N(whitespace));
}
END_TEST

START_TEST(test_parse_lexical_bad)
{
	run_parse(lexical_bad, N(lexical_bad));
}
END_TEST

START_TEST(test_parse_digit_count)
{
	run_parse(digit_count, N(digit_count));
}
END_TEST

START_TEST(test_parse_fraction_digits)
{
	run_parse(fraction_digits, N(fraction_digits));
}
END_TEST

START_TEST(test_parse_edges)
{
	run_parse(edges, N(edges));
}
END_TEST

START_TEST(test_parse_n)
{
	int64_t out = 0;
	static const char nul[] = {'1', '\0', '2'};

	ck_assert_int_eq(
	    eiti_money_parse_n(&out, "12.34xyz", 5, 2), EITI_AMOUNT_OK);
	ck_assert_int_eq(out, 1234);
	ck_assert_int_eq(
	    eiti_money_parse_n(&out, "12.34xyz", 6, 2), EITI_AMOUNT_SYNTAX);
	ck_assert_int_eq(
	    eiti_money_parse_n(&out, "7", 0, 2), EITI_AMOUNT_SYNTAX);
	/* An embedded NUL is a character like any other: invalid. */
	ck_assert_int_eq(
	    eiti_money_parse_n(&out, nul, 3, 0), EITI_AMOUNT_SYNTAX);
	ck_assert_int_eq(eiti_money_parse_n(&out, nul, 1, 0), EITI_AMOUNT_OK);
	ck_assert_int_eq(out, 1);
}
END_TEST

struct dec_vec {
	const char *in;
	enum eiti_amount_status st;
	__int128 coef;
	int scale;
};

static const struct dec_vec decimals[] = {
    {"4255.44", EITI_AMOUNT_OK, 425544, 2},
    {"0.005", EITI_AMOUNT_OK, 5, 3},
    {"0.0050", EITI_AMOUNT_OK, 5, 3},
    {"1.0", EITI_AMOUNT_OK, 1, 0},
    {"100", EITI_AMOUNT_OK, 100, 0},
    {"-0.5", EITI_AMOUNT_OK, -5, 1},
    {"-0.000", EITI_AMOUNT_OK, 0, 0},
    {".5", EITI_AMOUNT_OK, 5, 1},
    {"0.000000000000000001", EITI_AMOUNT_OK, 1, 18},
    {"0.0000000000000000001", EITI_AMOUNT_DIGITS, 0, 0},
    {"0.0000000000000000001000", EITI_AMOUNT_DIGITS, 0, 0},
    {"9223372036854775807", EITI_AMOUNT_OK, INT64_MAX, 0},
    /* beyond int64: the coefficient is 128 bits wide */
    {"9223372036854775808", EITI_AMOUNT_OK, E18(9, 223372036854775808), 0},
    {"922337203685477580.8", EITI_AMOUNT_OK, E18(9, 223372036854775808), 1},
    /* 18 fraction digits at magnitudes 1, 4255 and 10^5 */
    {"1.123456789012345678", EITI_AMOUNT_OK, E18(1, 123456789012345678), 18},
    {"4255.123456789012345678", EITI_AMOUNT_OK, E18(4255, 123456789012345678),
	18},
    {"100000.123456789012345678", EITI_AMOUNT_OK,
	E18(100000, 123456789012345678), 18},
    {"-100000.123456789012345678", EITI_AMOUNT_OK,
	-E18(100000, 123456789012345678), 18},
    /* the 24 digits of xs:decimal, all significant */
    {"123456789012345678901234", EITI_AMOUNT_OK,
	E18(123456, 789012345678901234), 0},
    {"-999999999999999999999999", EITI_AMOUNT_OK,
	-E18(999999, 999999999999999999), 0},
    {"4255.1234567890123456780", EITI_AMOUNT_OK, E18(4255, 123456789012345678),
	18},
    /* 25 digits: not an xs:decimal; 19 fraction digits: too fine */
    {"1234567.123456789012345678", EITI_AMOUNT_SYNTAX, 0, 0},
    {"1.1234567890123456789", EITI_AMOUNT_DIGITS, 0, 0},
    {"1e3", EITI_AMOUNT_SYNTAX, 0, 0},
    {"", EITI_AMOUNT_SYNTAX, 0, 0},
    {"0,5", EITI_AMOUNT_SYNTAX, 0, 0},
};

START_TEST(test_decimal_parse)
{
	size_t i;

	char buf[EITI_MONEY_BUFSZ];

	for (i = 0; i < N(decimals); i++) {
		struct eiti_decimal d = {-1, -1};
		enum eiti_amount_status st =
		    eiti_decimal_parse(&d, decimals[i].in);

		ck_assert_msg(st == decimals[i].st, "[%s]: status %d",
		    decimals[i].in, (int)st);
		if (st != EITI_AMOUNT_OK)
			continue;
		ck_assert_msg(
		    d.coef == decimals[i].coef && d.scale == decimals[i].scale,
		    "[%s]: %s", decimals[i].in, eiti_decimal_plain(buf, &d));
	}
}
END_TEST

/* Checked arithmetic. */

enum op { ADD, SUB, MUL, ABS };

struct arith_vec {
	enum op op;
	int64_t a, b;
	bool ok;
	int64_t want;
};

static const struct arith_vec arith[] = {
    {ADD, INT64_MAX, 0, true, INT64_MAX},
    {ADD, INT64_MAX, 1, false, 0},
    {ADD, INT64_MIN, -1, false, 0},
    {ADD, INT64_MIN, INT64_MAX, true, -1},
    {ADD, INT64_MAX - 5, 5, true, INT64_MAX},
    {ADD, -3, 5, true, 2},
    {SUB, INT64_MIN, 1, false, 0},
    {SUB, INT64_MIN, 0, true, INT64_MIN},
    {SUB, 0, INT64_MIN, false, 0},
    {SUB, -1, INT64_MIN, true, INT64_MAX},
    {SUB, INT64_MAX, -1, false, 0},
    {SUB, 5, 7, true, -2},
    {MUL, INT64_MIN, -1, false, 0},
    {MUL, INT64_MAX, 1, true, INT64_MAX},
    {MUL, INT64_MAX, -1, true, -INT64_MAX},
    {MUL, 3037000499LL, 3037000499LL, true, 9223372030926249001LL},
    {MUL, 3037000500LL, 3037000500LL, false, 0},
    {MUL, INT64_MIN / 2, 2, true, INT64_MIN},
    {MUL, INT64_MIN / 2, -2, false, 0},
    {MUL, 0, INT64_MIN, true, 0},
    {ABS, INT64_MIN, 0, false, 0},
    {ABS, INT64_MIN + 1, 0, true, INT64_MAX},
    {ABS, -5, 0, true, 5},
    {ABS, 0, 0, true, 0},
};

START_TEST(test_arith_overflow)
{
	size_t i;

	for (i = 0; i < N(arith); i++) {
		int64_t out = 0;
		bool ok = false;

		switch (arith[i].op) {
		case ADD:
			ok = eiti_add(&out, arith[i].a, arith[i].b);
			break;
		case SUB:
			ok = eiti_sub(&out, arith[i].a, arith[i].b);
			break;
		case MUL:
			ok = eiti_mul(&out, arith[i].a, arith[i].b);
			break;
		case ABS:
			ok = eiti_abs(&out, arith[i].a);
			break;
		}
		ck_assert_msg(ok == arith[i].ok, "vector %zu: ok=%d", i, ok);
		if (ok)
			ck_assert_msg(out == arith[i].want, "vector %zu: %lld",
			    i, (long long)out);
	}
}
END_TEST

/* The rounding division. */

struct div_vec {
	__int128 num, den;
	bool ok;
	int64_t want;
};

#define I128(x) ((__int128)(x))

static const struct div_vec divs[] = {
    {25, 10, true, 3},
    {-25, 10, true, -3},
    {25, -10, true, -3},
    {-25, -10, true, 3},
    {5, 2, true, 3},
    {-5, 2, true, -3},
    {14999, 10000, true, 1},
    {-14999, 10000, true, -1},
    {15000, 10000, true, 2},
    {-15000, 10000, true, -2},
    {15001, 10000, true, 2},
    {24999, 10000, true, 2},
    {1, 3, true, 0},
    {-1, 3, true, 0},
    {2, 3, true, 1},
    {-2, 3, true, -1},
    {0, 7, true, 0},
    {7, 1, true, 7},
    {1, 0, false, 0},
    {I128(INT64_MAX), 1, true, INT64_MAX},
    {I128(INT64_MAX) + 1, 1, false, 0},
    {I128(INT64_MIN), 1, true, INT64_MIN},
    {I128(INT64_MIN) - 1, 1, false, 0},
    /* (2^64 - 1) / 2 = 2^63 - 0.5 rounds away to 2^63: too big ... */
    {I128(UINT64_MAX), 2, false, 0},
    /* ... but its negative is exactly INT64_MIN. */
    {-I128(UINT64_MAX), 2, true, INT64_MIN},
    {I128(UINT64_MAX) - 2, 2, true, INT64_MAX},
    /* large __int128 operands */
    {I128(1000000000000000000LL) * 1000000000000000000LL,
	I128(1000000000000LL) * 1000000000000000000LL, true, 1000000},
};

START_TEST(test_div_round)
{
	size_t i;

	for (i = 0; i < N(divs); i++) {
		int64_t out = 99;
		bool ok = eiti_div_round(&out, divs[i].num, divs[i].den);

		ck_assert_msg(ok == divs[i].ok, "vector %zu: ok=%d", i, ok);
		if (ok)
			ck_assert_msg(out == divs[i].want, "vector %zu: %lld",
			    i, (long long)out);
	}
}
END_TEST

/* Conversion (eitirep-results(5), Conversion): round(a x rate) once, half away
 * from zero. */

struct conv_vec {
	int64_t amount;
	int from;
	__int128 coef;
	int scale;
	int to;
	bool ok;
	int64_t want;
};

static const struct conv_vec convs[] = {
    /* USD (2) -> COP (2) at 4255.44 COP per USD */
    {100, 2, 425544, 2, 2, true, 425544}, /* 1.00 USD */
    {1, 2, 425544, 2, 2, true, 4255},	  /* 42.5544 COP */
    {5, 2, 425544, 2, 2, true, 21277},	  /* 212.772 */
    {-5, 2, 425544, 2, 2, true, -21277},
    {123456789, 2, 425544, 2, 2, true, 525362958182}, /* 1234567.89 */
    /* ties at 4255.5: 0.01 USD = 42.555 COP = 4255.5 minor units */
    {1, 2, 42555, 1, 2, true, 4256},
    {-1, 2, 42555, 1, 2, true, -4256},
    {3, 2, 42555, 1, 2, true, 12767}, /* 12766.5 */
    {-3, 2, 42555, 1, 2, true, -12767},
    /* CLP (0) <-> COP (2) */
    {3, 0, 45, 1, 2, true, 1350},     /* 3 CLP x 4.5 */
    {25000, 2, 2345, 4, 0, true, 59}, /* 58.625 CLP */
    {-25000, 2, 2345, 4, 0, true, -59},
    {100, 2, 2345, 4, 0, true, 0},   /* 0.2345 CLP */
    {101, 2, 8505, 1, 0, true, 859}, /* 1.01 USD x 850.5 */
    /* KWD (3) -> USD (2) at 3.25 */
    {1005, 3, 325, 2, 2, true, 327}, /* 3.26625 USD */
    {2, 3, 325, 2, 2, true, 1},	     /* 0.65 cent */
    {1, 3, 325, 2, 2, true, 0},	     /* 0.325 cent */
    {20, 3, 325, 2, 2, true, 7},     /* 6.5 cents: a tie */
    {-20, 3, 325, 2, 2, true, -7},
    /* the report currency itself: rate 1 */
    {INT64_MAX, 2, 1, 0, 2, true, INT64_MAX},
    {INT64_MIN, 2, 1, 0, 2, true, INT64_MIN},
    /* overflow */
    {INT64_MAX, 2, 2, 0, 2, false, 0},
    {INT64_MAX / 10, 0, 1, 0, 2, false, 0},
    {INT64_MAX, 0, INT64_MAX, 0, 18, false, 0},
    /* extreme scales: 1 unit at 18 digits, rate 1 at scale 18 */
    {1000000000000000000LL, 18, 1000000000000000000LL, 18, 2, true, 100},
    {0, 2, 425544, 2, 2, true, 0},
    /* 18-decimal rates (computed with Python's decimal module) */
    {10000, 2, E18(1, 123456789012345678), 18, 2, true, 11235},
    {100000000, 2, E18(4255, 123456789012345678), 18, 2, true,
	425512345679}, /* 4255123456.789012345678 */
    {2000000000000, 2, E18(4255, 123456789012345678), 18, 2, true,
	8510246913578025},
    /* the int64 edge at 4255.12...: the largest amount that fits */
    {2167592111138154, 2, E18(4255, 123456789012345678), 18, 2, true,
	9223372036854774878},
    {2167592111138155, 2, E18(4255, 123456789012345678), 18, 2, false, 0},
    {-2167592111138154, 2, E18(4255, 123456789012345678), 18, 2, true,
	-9223372036854774878},
    {-2167592111138155, 2, E18(4255, 123456789012345678), 18, 2, false, 0},
    /* products beyond 2^128 (the 192-bit path) */
    {5000000000000000, 2, E18(100000, 123456789012345678), 18, 0, true,
	5000006172839450617},
    {-5000000000000000, 2, E18(100000, 123456789012345678), 18, 0, true,
	-5000006172839450617},
    {INT64_MAX, 2, E18(100000, 123456789012345678), 18, 0, false, 0},
    {INT64_MIN, 18, E18(100000, 123456789012345678), 18, 0, true, -922338},
    /* a tie on the 192-bit path (100000.5 written at scale 18) and the
     * same rate at its shortest scale, on the 128-bit path */
    {5000000000000100, 2, E18(100000, 500000000000000000), 18, 0, true,
	5000025000000100001},
    {-5000000000000100, 2, E18(100000, 500000000000000000), 18, 0, true,
	-5000025000000100001},
    {5000000000000100, 2, 1000005, 1, 0, true, 5000025000000100001},
    {12345, 2, E18(123456, 789012345678901234), 18, 2, true, 1524074060},
    /* invalid digits */
    {1, -1, 1, 0, 2, false, 0},
    {1, 2, 1, 19, 2, false, 0},
};

/* Run conversion vectors through fn (eiti_money_convert or its
 * inverse, which have the same signature). */
static void
check_convs(const struct conv_vec *v, size_t n,
    bool (*fn)(int64_t *, int64_t, int, const struct eiti_decimal *, int))
{
	size_t i;

	for (i = 0; i < n; i++) {
		struct eiti_decimal r = {v[i].coef, v[i].scale};
		int64_t out = 99;
		bool ok = fn(&out, v[i].amount, v[i].from, &r, v[i].to);

		ck_assert_msg(ok == v[i].ok, "vector %zu: ok=%d", i, ok);
		if (ok)
			ck_assert_msg(out == v[i].want,
			    "vector %zu: %lld, want %lld", i, (long long)out,
			    (long long)v[i].want);
	}
}

START_TEST(test_convert)
{
	check_convs(convs, N(convs), eiti_money_convert);
}
END_TEST

/* The same rate written at a longer scale (4255.44 and
 * 4255.440000000000000000) takes another path (64-, 128- or 192-bit
 * product) and must give the same result, rounding and overflow
 * included, for amounts over the whole int64 range. */
START_TEST(test_convert_paths_agree)
{
	uint64_t x = 88172645463325252ULL;
	int i, k;

	for (i = 0; i < 20000; i++) {
		struct eiti_decimal r1, r2;
		int64_t a, v1 = 0, v2 = 0;
		int from, to;
		bool ok1, ok2;

		/* xorshift64 */
		x ^= x << 13;
		x ^= x >> 7;
		x ^= x << 17;
		a = (int64_t)x >> (int)(x % 60);
		r1.coef = (__int128)(x % 100000000) + 1;
		r1.scale = (int)((x >> 32) % 7);
		from = (int)((x >> 40) % 5);
		to = (int)((x >> 44) % 5);
		k = (int)((x >> 48) % (19 - r1.scale));
		r2.coef = r1.coef;
		for (int j = 0; j < k; j++)
			r2.coef *= 10;
		r2.scale = r1.scale + k;
		ok1 = eiti_money_convert(&v1, a, from, &r1, to);
		ok2 = eiti_money_convert(&v2, a, from, &r2, to);
		ck_assert_msg(ok1 == ok2 && (!ok1 || v1 == v2),
		    "%lld x %lld/10^%d (+%d zeros), %d -> %d digits: %d %lld, "
		    "%d %lld",
		    (long long)a, (long long)r1.coef, r1.scale, k, from, to,
		    ok1, (long long)v1, ok2, (long long)v2);
	}
}
END_TEST

/* The inverse conversion (report currency -> the rate's currency, as the
 * Summary Data Template's USD columns need): amount / rate, exact, one
 * rounding half away from zero. */
static const struct conv_vec inverses[] = {
    {425544, 2, 425544, 2, 2, true, 100}, /* 4255.44 COP = 1 USD */
    {53193, 2, 425544, 2, 2, true, 13},	  /* 12.5 cents: a tie */
    {-53193, 2, 425544, 2, 2, true, -13},
    {INT64_MAX, 2, 425544, 2, 2, true, 2167430873624061},
    {INT64_MAX, 2, E18(4255, 440000000000000000), 18, 2, true,
	2167430873624061},
    {INT64_MIN, 2, E18(4255, 123456789012345678), 18, 2, true,
	-2167592111138154},
    {1, 2, 1, 4, 2, true, 10000}, /* 0.01 / 0.0001 */
    {INT64_MAX, 2, 1, 4, 2, false, 0},
    {1, 0, E18(123456, 789012345678901234), 0, 0, true, 0},
    {1, 2, 0, 0, 2, false, 0},
    {1, 2, -1, 0, 2, false, 0},
};

START_TEST(test_convert_inverse)
{
	check_convs(inverses, N(inverses), eiti_money_convert_inverse);
}
END_TEST

/* Exact decimal sums and shifts (volumes, percentages of fractions). */
START_TEST(test_decimal_arith)
{
	struct eiti_decimal a = {1, 1}, b = {1, 18}, c;
	struct eiti_decimal big = {E18(4255, 123456789012345678), 18};
	struct eiti_decimal rest = {876543210987654322, 18};
	struct eiti_decimal max = {
	    ((__int128)1 << 126) - 1 + ((__int128)1 << 126), 0};
	struct eiti_decimal one = {1, 0};
	struct eiti_decimal nines = {E18(999999, 999999999999999999), 0};
	char buf[EITI_MONEY_BUFSZ];

	ck_assert(eiti_decimal_add(&c, &a, &b));
	ck_assert_str_eq(eiti_decimal_plain(buf, &c), "0.100000000000000001");
	ck_assert(eiti_decimal_add(&c, &big, &rest));
	ck_assert(c.coef == 4256 && c.scale == 0);
	/* a sum stays within the 24 digits of xs:decimal */
	ck_assert(!eiti_decimal_add(&c, &max, &one));
	ck_assert(eiti_decimal_add(&c, &nines, &(struct eiti_decimal){-1, 0}));
	ck_assert(!eiti_decimal_add(&c, &nines, &one));
	ck_assert(
	    !eiti_decimal_add(&c, &b, &(struct eiti_decimal){1000000, 0}));
	ck_assert(eiti_decimal_add(&c, &b, &(struct eiti_decimal){100000, 0}));
	ck_assert_str_eq(
	    eiti_decimal_plain(buf, &c), "100000.000000000000000001");
	/* x 100 */
	ck_assert(eiti_decimal_shift(&c, &(struct eiti_decimal){5, 3}, 2));
	ck_assert(c.coef == 5 && c.scale == 1);
	ck_assert(eiti_decimal_shift(&c, &(struct eiti_decimal){15, 1}, 2));
	ck_assert(c.coef == 150 && c.scale == 0);
	ck_assert(eiti_decimal_shift(&c, &one, -18));
	ck_assert(c.coef == 1 && c.scale == 18);
	ck_assert(!eiti_decimal_shift(&c, &b, -1));
	ck_assert(!eiti_decimal_shift(&c, &max, 1));
}
END_TEST

/* Tolerance: |f| <= max(abs, rel x |base|), exactly. */

struct tol_vec {
	int64_t f, abs_tol;
	__int128 coef;
	int scale;
	int64_t base;
	bool within;
};

static const struct tol_vec tols[] = {
    /* 0.5 % of 1000.00 is exactly 5.00 */
    {500, 0, 5, 3, 100000, true},
    {501, 0, 5, 3, 100000, false},
    {-500, 0, 5, 3, 100000, true},
    {500, 0, 5, 3, -100000, true},
    {-501, 0, 5, 3, -100000, false},
    /* the floor */
    {501, 501, 5, 3, 100000, true},
    {502, 501, 5, 3, 100000, false},
    {0, 0, 0, 0, 0, true},
    {1, 0, 0, 0, INT64_MAX, false},
    /* 10 % of INT64_MAX is ...580.7: a double could not tell these */
    {922337203685477580LL, 0, 1, 1, INT64_MAX, true},
    {922337203685477581LL, 0, 1, 1, INT64_MAX, false},
    {INT64_MIN, 0, 1, 0, INT64_MIN, true},
    {INT64_MIN, INT64_MAX, 0, 0, 0, false},
    {INT64_MAX, INT64_MAX, 0, 0, 0, true},
    /* a very fine relative tolerance at scale 18 */
    {1, 0, 1, 18, 1000000000000000000LL, true},
    {1, 0, 1, 18, 999999999999999999LL, false},
    /* rel x |base| beyond 2^128 (the 192-bit comparison) */
    {INT64_MAX, 0, E18(1, 0), 18, INT64_MAX, true},
    {INT64_MAX, 0, 999999999999999999, 18, INT64_MAX, false},
    {INT64_MAX, 0, E18(10, 1), 18, INT64_MAX, true},
    {INT64_MAX, 0, E18(100000, 123456789012345678), 18, INT64_MAX, true},
    {INT64_MIN, 0, E18(100000, 123456789012345678), 18, INT64_MIN, true},
    /* 2^63 against 100000.123456789012345678 x base, at the edge */
    {INT64_MIN, 0, E18(100000, 123456789012345678), 18, 92233606499898, false},
    {INT64_MIN, 0, E18(100000, 123456789012345678), 18, 92233606499899, true},
    /* a negative relative tolerance counts as none */
    {1, 0, -5, 3, 100000, false},
    {0, 0, -5, 3, 100000, true},
};

START_TEST(test_within_tolerance)
{
	size_t i;

	for (i = 0; i < N(tols); i++) {
		struct eiti_decimal rel = {tols[i].coef, tols[i].scale};

		ck_assert_msg(eiti_within_tolerance(tols[i].f, tols[i].abs_tol,
				  &rel, tols[i].base) == tols[i].within,
		    "vector %zu", i);
	}
}
END_TEST

START_TEST(test_tolerance_value)
{
	struct eiti_decimal half_pct = {5, 3}, ten = {10, 0};
	struct eiti_decimal wide = {E18(100000, 123456789012345678), 18};
	int64_t t = 0;

	/* the eitirep-results(5) example: 5,000,000 floor, 0.5 % of
	 * 2,000,000,000 */
	ck_assert(
	    eiti_tolerance_value(&t, 500000000, &half_pct, 200000000000LL));
	ck_assert_int_eq(t, 1000000000);
	ck_assert(eiti_tolerance_value(&t, 500000000, &half_pct, 100));
	ck_assert_int_eq(t, 500000000);
	/* shown rounded toward zero: |F| = 1 > 0.5 is a discrepancy, and
	 * the T shown must not be 1 */
	ck_assert(eiti_tolerance_value(&t, 0, &half_pct, 100));
	ck_assert_int_eq(t, 0); /* 0.5 */
	ck_assert(eiti_tolerance_value(&t, 0, &half_pct, -300));
	ck_assert_int_eq(t, 1); /* |base|: 1.5 */
	ck_assert(eiti_tolerance_value(&t, 0, &half_pct, 99));
	ck_assert_int_eq(t, 0); /* 0.495 */
	ck_assert(eiti_tolerance_value(&t, 0, &half_pct, 399));
	ck_assert_int_eq(t, 1); /* 1.995 */
	ck_assert(!eiti_tolerance_value(&t, 0, &ten, INT64_MAX));
	/* a 24-digit rate-like rel at the int64 edge */
	ck_assert(eiti_tolerance_value(&t, 0, &wide, 92233606499898));
	ck_assert_int_eq(t, 9223372036854697505);
	ck_assert(!eiti_tolerance_value(&t, 0, &wide, 92233606499899));
}
END_TEST

/* The T shown never contradicts the status: for every f, within
 * tolerance exactly when |f| <= T shown. */
START_TEST(test_tolerance_shown_agrees)
{
	static const int64_t fs[] = {
	    0, 1, 2, 4, 5, 6, 99, 100, 101, 499, 500, 501, 4999, 5000, 5001};
	static const int64_t bases[] = {0, 1, 99, 100, 101, 199, 200, 201, 999,
	    1000, 99999, 100000, -100000, 1000001};
	static const struct eiti_decimal rels[] = {{0, 0}, {5, 3}, {5, 1},
	    {1, 0}, {3, 2}, {123456789, 9}, {1, 18}, {7, 1}};
	static const int64_t abss[] = {0, 1, 5, 100};
	size_t a, b, r, f;

	for (a = 0; a < N(abss); a++)
		for (b = 0; b < N(bases); b++)
			for (r = 0; r < N(rels); r++) {
				int64_t t;

				ck_assert(eiti_tolerance_value(
				    &t, abss[a], &rels[r], bases[b]));
				for (f = 0; f < N(fs); f++)
					ck_assert_msg(
					    eiti_within_tolerance(fs[f],
						abss[a], &rels[r],
						bases[b]) == (fs[f] <= t),
					    "f %lld base %lld abs %lld rel "
					    "%zu: T shown %lld",
					    (long long)fs[f],
					    (long long)bases[b],
					    (long long)abss[a], r,
					    (long long)t);
			}
}
END_TEST

struct pct_vec {
	int64_t num, den;
	bool ok;
	int64_t want;
};

static const struct pct_vec pcts[] = {
    {6235, 10000, true, 6235},
    {1, 3, true, 3333},
    {2, 3, true, 6667},
    {-2, 3, true, -6667},
    {2, -3, true, -6667},
    {1, 8, true, 1250},
    {1, 20000, true, 1}, /* 0.5 hundredth: away from zero */
    {-1, 20000, true, -1},
    {1, 20001, true, 0},
    {5, 5, true, 10000},
    {0, 5, true, 0},
    {1, 0, false, 0},
    {INT64_MAX, 1, false, 0},
    {INT64_MAX, INT64_MAX, true, 10000},
    {INT64_MIN, INT64_MAX, true, -10000},
};

START_TEST(test_percent)
{
	size_t i;

	for (i = 0; i < N(pcts); i++) {
		int64_t out = 99;
		bool ok = eiti_percent_bp(&out, pcts[i].num, pcts[i].den);

		ck_assert_msg(ok == pcts[i].ok, "vector %zu: ok=%d", i, ok);
		if (ok)
			ck_assert_msg(out == pcts[i].want, "vector %zu: %lld",
			    i, (long long)out);
	}
}
END_TEST

/* Formatting. */

struct fmt_vec {
	int64_t v;
	int digits;
	const char *plain, *es, *en;
};

static const struct fmt_vec fmts[] = {
    {123456789, 2, "1234567.89", "1.234.567,89", "1,234,567.89"},
    {-123456789, 2, "-1234567.89", "-1.234.567,89", "-1,234,567.89"},
    {-5, 2, "-0.05", "-0,05", "-0.05"},
    {0, 2, "0.00", "0,00", "0.00"},
    {7, 0, "7", "7", "7"},
    {999, 0, "999", "999", "999"},
    {1000, 0, "1000", "1.000", "1,000"},
    {-100000, 0, "-100000", "-100.000", "-100,000"},
    {1234567, 3, "1234.567", "1.234,567", "1,234.567"},
    {1, 3, "0.001", "0,001", "0.001"},
    {12345, 4, "1.2345", "1,2345", "1.2345"},
    {INT64_MIN, 2, "-92233720368547758.08", "-92.233.720.368.547.758,08",
	"-92,233,720,368,547,758.08"},
    {INT64_MAX, 0, "9223372036854775807", "9.223.372.036.854.775.807",
	"9,223,372,036,854,775,807"},
    {INT64_MIN, 18, "-9.223372036854775808", "-9,223372036854775808",
	"-9.223372036854775808"},
};

START_TEST(test_format_money)
{
	char buf[EITI_MONEY_BUFSZ];
	size_t i;

	for (i = 0; i < N(fmts); i++) {
		const struct fmt_vec *f = &fmts[i];

		ck_assert_str_eq(
		    eiti_money_plain(buf, f->v, f->digits), f->plain);
		ck_assert_str_eq(
		    eiti_money_format(buf, f->v, f->digits, "es"), f->es);
		ck_assert_str_eq(
		    eiti_money_format(buf, f->v, f->digits, "en"), f->en);
	}
	/* Regional tags follow their language; anything else is English. */
	ck_assert_str_eq(
	    eiti_money_format(buf, 123456, 2, "es-CO"), "1.234,56");
	ck_assert_str_eq(eiti_money_format(buf, 123456, 2, "fr"), "1,234.56");
	ck_assert_str_eq(eiti_money_format(buf, 123456, 2, NULL), "1,234.56");
	ck_assert_str_eq(eiti_money_format(buf, 123456, 2, "est"), "1,234.56");
}
END_TEST

START_TEST(test_format_decimal)
{
	static const struct {
		__int128 coef;
		int scale;
		const char *plain, *es, *en;
	} v[] = {
	    {5, 3, "0.005", "0,005", "0.005"},
	    {425544, 2, "4255.44", "4.255,44", "4,255.44"},
	    {42554400, 4, "4255.44", "4.255,44", "4,255.44"},
	    {0, 0, "0", "0", "0"},
	    {0, 5, "0", "0", "0"},
	    {-5, 1, "-0.5", "-0,5", "-0.5"},
	    {100, 0, "100", "100", "100"},
	    {1000000, 0, "1000000", "1.000.000", "1,000,000"},
	    {E18(4255, 123456789012345678), 18, "4255.123456789012345678",
		"4.255,123456789012345678", "4,255.123456789012345678"},
	    {-E18(999999, 999999999999999999), 0, "-999999999999999999999999",
		"-999.999.999.999.999.999.999.999",
		"-999,999,999,999,999,999,999,999"},
	    {E18(1, 0), 18, "1", "1", "1"},
	    /* the largest coefficient: 39 digits */
	    {((__int128)1 << 126) - 1 + ((__int128)1 << 126), 18,
		"170141183460469231731.687303715884105727",
		"170.141.183.460.469.231.731,687303715884105727",
		"170,141,183,460,469,231,731.687303715884105727"},
	};
	char buf[EITI_MONEY_BUFSZ];
	size_t i;

	for (i = 0; i < N(v); i++) {
		struct eiti_decimal d = {v[i].coef, v[i].scale};

		ck_assert_str_eq(eiti_decimal_plain(buf, &d), v[i].plain);
		ck_assert_str_eq(eiti_decimal_format(buf, &d, "es"), v[i].es);
		ck_assert_str_eq(eiti_decimal_format(buf, &d, "en"), v[i].en);
	}
}
END_TEST

START_TEST(test_format_percent)
{
	static const struct {
		int64_t bp;
		const char *es, *en;
	} v[] = {
	    {6235, "62,35 %", "62.35%"},
	    {-150, "-1,50 %", "-1.50%"},
	    {0, "0,00 %", "0.00%"},
	    {5, "0,05 %", "0.05%"},
	    {10000, "100,00 %", "100.00%"},
	    {1000000, "10.000,00 %", "10,000.00%"},
	};
	char buf[EITI_MONEY_BUFSZ];
	size_t i;

	for (i = 0; i < N(v); i++) {
		ck_assert_str_eq(
		    eiti_percent_format(buf, v[i].bp, "es"), v[i].es);
		ck_assert_str_eq(
		    eiti_percent_format(buf, v[i].bp, "en"), v[i].en);
	}
}
END_TEST

/* Round trip: every plain-formatted amount parses back to itself. */
START_TEST(test_round_trip)
{
	static const int64_t vals[] = {0, 1, -1, 99, -100, 123456789, INT64_MAX,
	    INT64_MIN, INT64_MAX / 7, INT64_MIN / 3};
	char buf[EITI_MONEY_BUFSZ];
	size_t i;
	int d;

	for (d = 0; d <= 18; d++)
		for (i = 0; i < N(vals); i++) {
			int64_t back = 0;

			eiti_money_plain(buf, vals[i], d);
			ck_assert_int_eq(
			    eiti_money_parse(&back, buf, d), EITI_AMOUNT_OK);
			ck_assert_msg(
			    back == vals[i], "%s at %d digits", buf, d);
		}
}
END_TEST

static Suite *
money_suite(void)
{
	Suite *s = suite_create("money");
	/* Not static: Check's test handles are pointer variables. */
	const struct {
		const char *name;
		const TTest *test;
	} cases[] = {
	    {"parse-lexical-ok", test_parse_lexical_ok},
	    {"parse-whitespace", test_parse_whitespace},
	    {"parse-lexical-bad", test_parse_lexical_bad},
	    {"parse-digit-count", test_parse_digit_count},
	    {"parse-fraction-digits", test_parse_fraction_digits},
	    {"parse-int64-edges", test_parse_edges},
	    {"parse-explicit-length", test_parse_n},
	    {"decimal-parse", test_decimal_parse},
	    {"arith-overflow", test_arith_overflow},
	    {"div-round", test_div_round},
	    {"convert", test_convert},
	    {"within-tolerance", test_within_tolerance},
	    {"convert-paths-agree", test_convert_paths_agree},
	    {"convert-inverse", test_convert_inverse},
	    {"decimal-arith", test_decimal_arith},
	    {"tolerance-value", test_tolerance_value},
	    {"tolerance-shown-agrees", test_tolerance_shown_agrees},
	    {"percent", test_percent},
	    {"format-money", test_format_money},
	    {"format-decimal", test_format_decimal},
	    {"format-percent", test_format_percent},
	    {"round-trip", test_round_trip},
	};
	size_t i;

	for (i = 0; i < N(cases); i++) {
		TCase *tc = tcase_create(cases[i].name);

		tcase_add_test(tc, cases[i].test);
		suite_add_tcase(s, tc);
	}
	return s;
}

int
main(void)
{
	SRunner *sr = srunner_create(money_suite());
	int failed;

	/* In-process, so valgrind and the sanitizers see everything. */
	srunner_set_fork_status(sr, CK_NOFORK);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
