/*
 * check_export.c - the open-data export (src/export): the exact amount
 * conversion at the spreadsheet boundary, the rows the view publishes,
 * the USD conversion, the CSV files byte for byte, and the SDT workbook
 * read back with tests/xlsx-read.py (a reader independent of
 * libxlsxwriter: zipfile + xml.etree) and compared cell by cell with the
 * results struct.  Atomicity: a failed export leaves neither the target
 * nor a temporary file.
 *
 * The results are built here in C (fictional companies, real agencies):
 * one sample at revenue-stream level in COP with a USD rate, one at
 * project level in USD.
 */
#include "config.h"

#include <check.h>
#include <dirent.h>
#include <errno.h>
#include <ftw.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "core/arena.h"
#include "core/err.h"
#include "core/money.h"
#include "export/export.h"
#include "export/export_int.h"
#include "model/model.h"
#include "model/results.h"
#include "export_samples.h"

#define N(a) (sizeof(a) / sizeof((a)[0]))

/* ------------------------------------------------------------------ */
/* temporary directories */

static char tmpdir[4096];

static int
rm_entry(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st;
	(void)flag;
	(void)ftw;
	return remove(path);
}

static void
tmp_setup(void)
{
	const char *t = getenv("TMPDIR");

	snprintf(tmpdir, sizeof(tmpdir), "%s/check_export.XXXXXX",
	    t != NULL && t[0] != '\0' ? t : "/tmp");
	ck_assert_ptr_nonnull(mkdtemp(tmpdir));
}

static void
tmp_teardown(void)
{
	if (tmpdir[0] != '\0')
		nftw(tmpdir, rm_entry, 16, FTW_DEPTH | FTW_PHYS);
	tmpdir[0] = '\0';
}

static char *
tpath(const char *name)
{
	return eiti_xasprintf("%s/%s", tmpdir, name);
}

/* Number of entries in dir (without . and ..). */
static int
count_entries(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *de;
	int n = 0;

	ck_assert_ptr_nonnull(d);
	while ((de = readdir(d)) != NULL)
		if (strcmp(de->d_name, ".") != 0 &&
		    strcmp(de->d_name, "..") != 0)
			n++;
	closedir(d);
	return n;
}

static char *
slurp(const char *path)
{
	FILE *fp = fopen(path, "rb");
	char *buf;
	long n;

	ck_assert_msg(fp != NULL, "cannot open %s", path);
	fseek(fp, 0, SEEK_END);
	n = ftell(fp);
	fseek(fp, 0, SEEK_SET);
	buf = eiti_xmalloc((size_t)n + 1);
	ck_assert_int_eq(fread(buf, 1, (size_t)n, fp), (size_t)n);
	buf[n] = '\0';
	fclose(fp);
	return buf;
}

/* ------------------------------------------------------------------ */
/* exact decimal reading of a number as written in the XML */

/*
 * Round the decimal text (as "%.16G" or any reader writes it: sign,
 * digits, '.', optional exponent) to `digits` fraction digits, half away
 * from zero, exactly.  *margin_ok is set when the text lies within a
 * quarter of a minor unit of the result (so no reader can round it the
 * other way).  Returns 0 on success.
 */
static int
dec_round(int64_t *out, int *margin_ok, const char *s, int digits)
{
	__int128 m = 0, q, rem, p10 = 1;
	int neg = 0, exp = 0, frac = 0, seen_dot = 0, nd = 0, e, i;

	if (*s == '-' || *s == '+')
		neg = *s++ == '-';
	for (; *s != '\0'; s++) {
		if (*s == '.' && !seen_dot) {
			seen_dot = 1;
		} else if (*s >= '0' && *s <= '9') {
			if (nd++ > 30)
				return -1;
			m = m * 10 + (*s - '0');
			frac += seen_dot;
		} else {
			break;
		}
	}
	if (*s == 'E' || *s == 'e') {
		char *end;

		exp = (int)strtol(s + 1, &end, 10);
		s = end;
	}
	if (*s != '\0' || nd == 0)
		return -1;
	e = exp - frac + digits; /* value * 10^digits = m * 10^e */
	if (e >= 0) {
		for (i = 0; i < e; i++)
			m *= 10;
		*out = (int64_t)(neg ? -m : m);
		*margin_ok = 1;
		return 0;
	}
	for (i = 0; i < -e; i++)
		p10 *= 10;
	q = m / p10;
	rem = m % p10;
	if (2 * rem >= p10)
		q++;
	*margin_ok = 4 * (rem < p10 - rem ? rem : p10 - rem) < p10;
	*out = (int64_t)(neg ? -q : q);
	return 0;
}

/* ------------------------------------------------------------------ */
/* the exact conversion */

START_TEST(amount_exact_vectors)
{
	static const struct {
		int64_t amount;
		int digits;
	} ok[] = {
	    {0, 2},
	    {1, 2},
	    {-1, 2},
	    {995, 2},
	    {-995, 2},
	    {10, 2},
	    {123456789, 2},
	    {99999999999999, 2},
	    {999999999999999, 2},
	    {1000000000000001, 2},
	    {4503599627370495, 2}, /* 2^52 - 1 */
	    {-4503599627370495, 2},
	    {4503599627370495, 3},
	    {4503599627370495, 4},
	    {4503599627370495, 0},
	    {9007199254740992, 0}, /* 2^53, digits 0 */
	    {-9007199254740992, 0},
	    {1, 4},
	    {123456789012345, 4},
	    {3333333333333333, 2},
	    {1234567890123456, 1},
	};
	static const struct {
		int64_t amount;
		int digits;
	} bad[] = {
	    {4503599627370496, 2}, /* 2^52 */
	    {-4503599627370496, 2},
	    {9007199254740993, 0},
	    {INT64_MAX, 2},
	    {INT64_MIN, 2},
	    {INT64_MIN, 0},
	    {1, 5},
	    {1, -1},
	};
	size_t i;

	for (i = 0; i < N(ok); i++) {
		char text[64];
		double d = -1;
		int64_t back;
		int margin;

		ck_assert_int_eq(
		    eiti_export_amount_double(&d, ok[i].amount, ok[i].digits),
		    0);
		/* what libxlsxwriter writes into the sheet XML */
		snprintf(text, sizeof(text), "%.16G", d);
		ck_assert_int_eq(
		    dec_round(&back, &margin, text, ok[i].digits), 0);
		ck_assert_msg(back == ok[i].amount && margin,
		    "%lld (%d digits) written as %s", (long long)ok[i].amount,
		    ok[i].digits, text);
		/* and what a reader holds after parsing that text */
		snprintf(text, sizeof(text), "%.17G", strtod(text, NULL));
		ck_assert_int_eq(
		    dec_round(&back, &margin, text, ok[i].digits), 0);
		ck_assert_msg(back == ok[i].amount, "%lld read back as %s",
		    (long long)ok[i].amount, text);
	}
	for (i = 0; i < N(bad); i++) {
		double d = 42.0;

		ck_assert_int_eq(
		    eiti_export_amount_double(&d, bad[i].amount, bad[i].digits),
		    -1);
		ck_assert(d == 42.0); /* nothing written */
	}
}
END_TEST

/* Every amount of a dense sweep just below the limit and around powers
 * of ten survives the text libxlsxwriter writes. */
START_TEST(amount_exact_sweep)
{
	static const int64_t centres[] = {
	    1000,
	    999999999999999,
	    1000000000000000,
	    EITI_EXPORT_EXACT_LIMIT - 5000,
	    7036874417766400 / 2,
	    100000000000000,
	    2251799813685248,
	};
	size_t c;
	int digits;

	for (digits = 0; digits <= 4; digits++)
		for (c = 0; c < N(centres); c++) {
			int64_t a;

			for (a = centres[c] - 500; a < centres[c] + 500 &&
						   a < EITI_EXPORT_EXACT_LIMIT;
			     a++) {
				char text[64];
				double d;
				int64_t back;
				int margin;

				ck_assert_int_eq(
				    eiti_export_amount_double(&d, a, digits),
				    0);
				snprintf(text, sizeof(text), "%.16G", d);
				ck_assert_int_eq(
				    dec_round(&back, &margin, text, digits), 0);
				ck_assert_msg(back == a && margin,
				    "%lld/10^%d written as %s", (long long)a,
				    digits, text);
			}
		}
}
END_TEST

/* ------------------------------------------------------------------ */
/* the view */

START_TEST(view_rows)
{
	struct eiti_results *res = sample_stream();
	struct exp_view v;
	struct eiti_err err = EITI_ERR_INIT;
	size_t i;

	ck_assert_int_eq(eiti_export_view_build(&v, res, &err), 0);
	/* the out-of-scope key is not company data */
	ck_assert_uint_eq(v.ncrows, 6);
	for (i = 0; i < v.ncrows; i++)
		ck_assert_int_ne(v.crows[i].row->status, EITI_ST_OUT_OF_SCOPE);
	/* final figures: G + AG, or C + AC for the company-only key */
	ck_assert_int_eq(v.crows[0].value, 123456789);
	ck_assert_int_eq(v.crows[1].value, 5000000000);
	ck_assert_int_eq(v.crows[2].value, 250000050);
	ck_assert(v.crows[2].from_company);
	ck_assert_int_eq(v.crows[3].value, 98700000000);
	ck_assert_int_eq(v.crows[4].value, 30000010000);
	ck_assert_int_eq(v.crows[5].value, 7500000000);
	/* government: declared when given, else G over all keys */
	ck_assert_uint_eq(v.ngrows, 3);
	ck_assert_int_eq(v.grows[0].value, 110000000000);
	ck_assert_str_eq(v.grows[0].sector, "Oil, Gas");
	ck_assert_int_eq(v.grows[1].value, 223456789);
	ck_assert_str_eq(v.grows[1].sector, "Mining");
	ck_assert_int_eq(v.grows[2].value, 34900010000);
	ck_assert_str_eq(v.grows[2].sector, "Oil, Mining");
	/* lists */
	/* Part 3 lists the in-scope companies that reported, and Part 1
	 * counts them: the non-reporting one is not among them */
	ck_assert_uint_eq(v.ncompanies, 2);
	for (i = 0; i < v.ncompanies; i++)
		ck_assert(
		    v.companies[i]->in_scope && v.companies[i]->reporting);
	ck_assert_uint_eq(v.nentities, 4);
	ck_assert_str_eq(v.entity_ids[0], "ANM");
	ck_assert_str_eq(v.entity_ids[1], "ANH");
	ck_assert_str_eq(v.entity_ids[2], "DIAN");
	ck_assert_str_eq(v.entity_ids[3], "MUN-20011");
	ck_assert(v.has_oil && v.has_gas && v.has_mining && !v.has_other);
	ck_assert(v.has_subnational);
	ck_assert_uint_eq(v.nprojects, 0);
	ck_assert_str_eq(v.iso3, "COL");
	ck_assert_str_eq(v.year, "2022");
	eiti_export_view_free(&v);
	eiti_results_free(res);
}
END_TEST

START_TEST(view_projects)
{
	struct eiti_results *res = sample_project();
	struct exp_view v;
	struct eiti_err err = EITI_ERR_INIT;

	ck_assert_int_eq(eiti_export_view_build(&v, res, &err), 0);
	ck_assert_uint_eq(v.nprojects, 2);
	ck_assert_str_eq(v.projects[0].id, "HKT-08031");
	ck_assert_str_eq(
	    v.projects[0].companies, "Carbones del Cesar Ficticia S.A.");
	ck_assert_str_eq(v.projects[0].commodities, "coal");
	ck_assert_str_eq(v.projects[1].id, "LLA-34");
	ck_assert(!v.has_subnational);
	eiti_export_view_free(&v);
	eiti_results_free(res);
}
END_TEST

START_TEST(view_overflow)
{
	struct eiti_results *res = sample_stream();
	struct exp_view v;
	struct eiti_err err = EITI_ERR_INIT;

	res->rows[0].g = INT64_MAX;
	res->rows[0].ag = 1;
	ck_assert_int_eq(eiti_export_view_build(&v, res, &err), -1);
	ck_assert_int_eq(err.kind, EITI_ERR_INVALID);
	ck_assert_ptr_nonnull(strstr(err.msg, "NIT-900000001/ANM/1415E1"));
	eiti_results_free(res);
}
END_TEST

START_TEST(usd_conversion)
{
	struct eiti_results *res = sample_stream();
	struct exp_view v;
	struct eiti_err err = EITI_ERR_INIT;
	static const struct {
		int64_t cop, usd;
	} vec[] = {
	    /* COP minor units / 4255.44, cents, half away from zero */
	    {5000000000, 1174967},
	    {123456789, 29012},
	    {425544, 100},
	    {212772, 50},
	    {212771, 50},
	    {2128, 1},
	    {2127, 0},
	    {-2128, -1},
	    {-212772, -50},
	    {0, 0},
	};
	size_t i;
	int64_t u;

	ck_assert_int_eq(eiti_export_view_build(&v, res, &err), 0);
	for (i = 0; i < N(vec); i++) {
		ck_assert_int_eq(eiti_export_usd(&u, &v, vec[i].cop, &err), 1);
		ck_assert_msg(u == vec[i].usd, "%lld -> %lld, want %lld",
		    (long long)vec[i].cop, (long long)u, (long long)vec[i].usd);
	}
	ck_assert_int_eq(eiti_export_usd(&u, &v, INT64_MAX, &err), 1);
	/* no USD rate: unknown */
	v.usd = NULL;
	ck_assert_int_eq(eiti_export_usd(&u, &v, 100, &err), 0);
	ck_assert_int_eq(err.kind, 0);
	eiti_export_view_free(&v);
	/* an 18-digit rate scale is exact: no intermediate overflows */
	res->rates[0].rate.coef = 4255440000000000000;
	res->rates[0].rate.scale = 18;
	ck_assert_int_eq(eiti_export_view_build(&v, res, &err), 0);
	ck_assert_int_eq(eiti_export_usd(&u, &v, INT64_MAX, &err), 1);
	ck_assert_int_eq(u, 2167430873624061391); /* / 4.25544 */
	eiti_export_view_free(&v);
	/* a result beyond int64 cents is an error naming the amount */
	res->rates[0].rate.coef = 1; /* 0.0001 COP per USD */
	res->rates[0].rate.scale = 4;
	ck_assert_int_eq(eiti_export_view_build(&v, res, &err), 0);
	ck_assert_int_eq(eiti_export_usd(&u, &v, INT64_MAX, &err), -1);
	ck_assert_int_eq(err.kind, EITI_ERR_INVALID);
	ck_assert_msg(
	    strstr(err.msg, "92233720368547758.07 COP") != NULL, "%s", err.msg);
	eiti_export_view_free(&v);
	eiti_results_free(res);
}
END_TEST

/* ------------------------------------------------------------------ */
/* CSV, byte for byte */

static const char company_csv[] =
    "created,changed,country,iso3,year,start_date,end_date,company_name,"
    "gfs_code,gfs_description,name_of_revenue_stream,currency_code,"
    "currency_rate,value_reported,value_reported_as_USD,reporting_url,"
    "commodities,company_identification\r\n"
    "2023-06-30T12:00:00Z,2023-06-30T12:00:00Z,Colombia,COL,2022,"
    "2022-01-01,2022-12-31,Carbones del Cesar Ficticia S.A.,1112E1,"
    "\"Ordinary taxes on income, profits and capital gains\","
    "\"Impuestos ordinarios sobre la renta, las utilidades y las "
    "ganancias de capital\",COP,4255.44,50000000.00,11749.67,"
    "https://example.org/disclosures/carbones-2022.xml,coal,"
    "NIT-900000001\r\n"
    "2023-06-30T12:00:00Z,2023-06-30T12:00:00Z,Colombia,COL,2022,"
    "2022-01-01,2022-12-31,Carbones del Cesar Ficticia S.A.,1415E1,"
    "Royalties,Regalías,COP,4255.44,1234567.89,290.12,"
    "https://example.org/disclosures/carbones-2022.xml,coal,"
    "NIT-900000001\r\n"
    "2023-06-30T12:00:00Z,2023-06-30T12:00:00Z,Colombia,COL,2022,"
    "2022-01-01,2022-12-31,Carbones del Cesar Ficticia S.A.,1415E5,"
    "Other rent payments,Otros pagos de renta,COP,4255.44,2500000.50,"
    "587.48,https://example.org/disclosures/carbones-2022.xml,coal,"
    "NIT-900000001\r\n"
    "2023-06-30T12:00:00Z,2023-06-30T12:00:00Z,Colombia,COL,2022,"
    "2022-01-01,2022-12-31,\"Petróleos Andinos, Ficticios \"\"PAF\"\" "
    "S.A.S.\",1112E1,\"Ordinary taxes on income, profits and capital "
    "gains\",\"Impuestos ordinarios sobre la renta, las utilidades y las "
    "ganancias de capital\",COP,4255.44,300000100.00,70498.02,,"
    "crude oil,NIT-900000002\r\n"
    "2023-06-30T12:00:00Z,2023-06-30T12:00:00Z,Colombia,COL,2022,"
    "2022-01-01,2022-12-31,\"Petróleos Andinos, Ficticios \"\"PAF\"\" "
    "S.A.S.\",1415E1,Royalties,Regalías,COP,4255.44,987000000.00,"
    "231938.41,,crude oil,NIT-900000002\r\n"
    "2023-06-30T12:00:00Z,2023-06-30T12:00:00Z,Colombia,COL,2022,"
    "2022-01-01,2022-12-31,Gas Llanero Ficticio Ltda.,1415E1,Royalties,"
    "Regalías,COP,4255.44,75000000.00,17624.50,,natural gas,"
    "NIT-900000003\r\n";

static const char government_csv[] =
    "created,changed,country,iso3,year,start_date,end_date,"
    "government_agency_name,gfs_code,gfs_description,"
    "name_of_revenue_stream,currency_code,currency_rate,value_reported,"
    "value_reported_as_USD,reporting_url\r\n"
    "2023-06-30T12:00:00Z,2023-06-30T12:00:00Z,Colombia,COL,2022,"
    "2022-01-01,2022-12-31,Agencia Nacional de Hidrocarburos,1415E1,"
    "Royalties,Regalías,COP,4255.44,1100000000.00,258492.66,"
    "https://example.org/anh-2022.xml\r\n"
    "2023-06-30T12:00:00Z,2023-06-30T12:00:00Z,Colombia,COL,2022,"
    "2022-01-01,2022-12-31,Agencia Nacional de Minería,1415E1,Royalties,"
    "Regalías,COP,4255.44,2234567.89,525.11,\r\n"
    "2023-06-30T12:00:00Z,2023-06-30T12:00:00Z,Colombia,COL,2022,"
    "2022-01-01,2022-12-31,Dirección de Impuestos y Aduanas Nacionales,"
    "1112E1,\"Ordinary taxes on income, profits and capital gains\","
    "\"Impuestos ordinarios sobre la renta, las utilidades y las "
    "ganancias de capital\",COP,4255.44,349000100.00,82012.69,\r\n";

START_TEST(csv_stream_golden)
{
	struct eiti_results *res = sample_stream();
	struct eiti_err err = EITI_ERR_INIT;
	char *dir = tpath("out"), *pc, *pg, *got;

	ck_assert_msg(eiti_export_csv(res, dir, &err) == 0, "%s", err.msg);
	pc = eiti_xasprintf("%s/" EITI_EXPORT_CSV_COMPANY, dir);
	pg = eiti_xasprintf("%s/" EITI_EXPORT_CSV_GOVERNMENT, dir);
	got = slurp(pc);
	ck_assert_str_eq(got, company_csv);
	free(got);
	got = slurp(pg);
	ck_assert_str_eq(got, government_csv);
	free(got);
	ck_assert_int_eq(count_entries(dir), 2); /* no temporary left */
	/* again over the previous files: same bytes */
	ck_assert_int_eq(eiti_export_csv(res, dir, &err), 0);
	got = slurp(pc);
	ck_assert_str_eq(got, company_csv);
	free(got);
	free(pc);
	free(pg);
	free(dir);
	eiti_results_free(res);
}
END_TEST

START_TEST(csv_project_usd)
{
	struct eiti_results *res = sample_project();
	struct eiti_err err = EITI_ERR_INIT;
	char *dir = tpath("p"), *pc, *got;

	ck_assert_msg(eiti_export_csv(res, dir, &err) == 0, "%s", err.msg);
	pc = eiti_xasprintf("%s/" EITI_EXPORT_CSV_COMPANY, dir);
	got = slurp(pc);
	/* USD report: rate 1, USD value = value; the two 1415E1 keys of
	 * company 1 (with and without project) are one row */
	ck_assert_ptr_nonnull(strstr(got,
	    ",Carbones del Cesar Ficticia S.A.,1415E1,Royalties,Royalties,"
	    "USD,1,20010.01,20010.01,,coal,NIT-900000001\r\n"));
	ck_assert_ptr_nonnull(strstr(got,
	    ",1112E1,\"Ordinary taxes on income, profits and capital gains\","
	    "\"Ordinary taxes on income, profits and capital gains\",USD,1,"
	    "-123.45,-123.45,,coal,NIT-900000001\r\n"));
	ck_assert_ptr_nonnull(strstr(got, ",1415E2,Bonuses,Bonuses,USD,1,"
					  "500.00,500.00,,coal,"));
	free(got);
	free(pc);
	free(dir);
	eiti_results_free(res);
}
END_TEST

START_TEST(csv_no_usd_rate)
{
	struct eiti_results *res = sample_stream();
	struct eiti_err err = EITI_ERR_INIT;
	char *dir = tpath("n"), *pg, *got;

	res->nrates = 0;
	ck_assert_int_eq(eiti_export_csv(res, dir, &err), 0);
	pg = eiti_xasprintf("%s/" EITI_EXPORT_CSV_GOVERNMENT, dir);
	got = slurp(pg);
	/* currency_rate and value_reported_as_USD empty */
	ck_assert_ptr_nonnull(strstr(got, ",COP,,1100000000.00,,https://"));
	free(got);
	free(pg);
	free(dir);
	eiti_results_free(res);
}
END_TEST

/* A conversion overflow fails before anything is renamed: no file, no
 * temporary, and the previous files stay as they were. */
START_TEST(csv_atomic)
{
	struct eiti_results *res = sample_stream();
	struct eiti_err err = EITI_ERR_INIT;
	char *dir = tpath("a"), *pc, *got;

	res->rows[5].g = INT64_MAX;
	res->rates[0].rate.coef = 1; /* 0.0001: INT64_MAX overflows */
	res->rates[0].rate.scale = 4;
	ck_assert_int_eq(eiti_export_csv(res, dir, &err), -1);
	ck_assert_int_eq(err.kind, EITI_ERR_INVALID);
	ck_assert_int_eq(count_entries(dir), 0);
	eiti_results_free(res);

	res = sample_stream();
	ck_assert_int_eq(eiti_export_csv(res, dir, &err), 0);
	eiti_results_free(res);
	res = sample_stream();
	res->rows[5].g = INT64_MAX;
	res->rates[0].rate.coef = 1; /* 0.0001: INT64_MAX overflows */
	res->rates[0].rate.scale = 4;
	err.kind = 0;
	ck_assert_int_eq(eiti_export_csv(res, dir, &err), -1);
	ck_assert_int_eq(count_entries(dir), 2);
	pc = eiti_xasprintf("%s/" EITI_EXPORT_CSV_COMPANY, dir);
	got = slurp(pc);
	ck_assert_str_eq(got, company_csv);
	free(got);
	free(pc);
	free(dir);
	eiti_results_free(res);
}
END_TEST

START_TEST(csv_not_a_directory)
{
	struct eiti_results *res = sample_stream();
	struct eiti_err err = EITI_ERR_INIT;
	char *file = tpath("plain"), *sub;
	FILE *fp = fopen(file, "w");

	ck_assert_ptr_nonnull(fp);
	fclose(fp);
	ck_assert_int_eq(eiti_export_csv(res, file, &err), -1);
	ck_assert_int_eq(err.kind, EITI_ERR_IO);
	ck_assert_ptr_nonnull(strstr(err.msg, "not a directory"));
	sub = tpath("missing/deeper");
	err.kind = 0;
	err.msg[0] = '\0';
	ck_assert_int_eq(eiti_export_csv(res, sub, &err), -1);
	ck_assert_int_eq(err.kind, EITI_ERR_IO);
	ck_assert_ptr_nonnull(strstr(err.msg, "missing/deeper"));
	free(sub);
	free(file);
	eiti_results_free(res);
}
END_TEST

/* ------------------------------------------------------------------ */
/* the workbook, read back */

struct cell {
	char *sheet, *ref, *kind, *value, *formula;
};

struct book {
	char *sheets[16];
	int nsheets;
	struct cell *cells;
	size_t ncells, cap;
};

static char *
unescape(const char *s)
{
	char *out = eiti_xmalloc(strlen(s) + 1), *o = out;

	for (; *s != '\0'; s++) {
		if (*s == '\\' && s[1] != '\0') {
			s++;
			*o++ = *s == 't' ? '\t' : *s == 'n' ? '\n' : *s;
		} else {
			*o++ = *s;
		}
	}
	*o = '\0';
	return out;
}

/* Split line at tabs into at most n fields (in place). */
static int
split(char *line, char **f, int n)
{
	int k = 0;

	while (k < n) {
		f[k++] = line;
		line = strchr(line, '\t');
		if (line == NULL)
			break;
		*line++ = '\0';
	}
	return k;
}

static int
have_reader(void)
{
	const char *py = getenv("PYTHON3");

	return py != NULL && py[0] != '\0' && getenv("top_srcdir") != NULL;
}

static void
book_read(struct book *b, const char *xlsx)
{
	char *cmd, line[65536];
	FILE *pp;
	int st;

	memset(b, 0, sizeof(*b));
	cmd = eiti_xasprintf("'%s' '%s/tests/xlsx-read.py' '%s'",
	    getenv("PYTHON3"), getenv("top_srcdir"), xlsx);
	pp = popen(cmd, "r");
	ck_assert_ptr_nonnull(pp);
	while (fgets(line, sizeof(line), pp) != NULL) {
		char *f[6];
		size_t len = strlen(line);
		int k;

		if (len > 0 && line[len - 1] == '\n')
			line[--len] = '\0';
		k = split(line, f, 6);
		if (k == 2 && strcmp(f[0], "S") == 0) {
			ck_assert_int_lt(b->nsheets, 16);
			b->sheets[b->nsheets++] = unescape(f[1]);
		} else if (k == 6 && strcmp(f[0], "C") == 0) {
			struct cell *c;

			if (b->ncells == b->cap) {
				b->cap = b->cap ? 2 * b->cap : 256;
				b->cells = eiti_xrealloc(
				    b->cells, b->cap * sizeof(*b->cells));
			}
			c = &b->cells[b->ncells++];
			c->sheet = unescape(f[1]);
			c->ref = eiti_xstrdup(f[2]);
			c->kind = eiti_xstrdup(f[3]);
			c->value = unescape(f[4]);
			c->formula = unescape(f[5]);
		} else {
			ck_abort_msg("xlsx-read.py: bad line '%s'", line);
		}
	}
	st = pclose(pp);
	ck_assert_msg(st == 0, "xlsx-read.py failed on %s", xlsx);
	free(cmd);
}

static void
book_free(struct book *b)
{
	size_t i;
	int k;

	for (k = 0; k < b->nsheets; k++)
		free(b->sheets[k]);
	for (i = 0; i < b->ncells; i++) {
		free(b->cells[i].sheet);
		free(b->cells[i].ref);
		free(b->cells[i].kind);
		free(b->cells[i].value);
		free(b->cells[i].formula);
	}
	free(b->cells);
}

static const struct cell *
cell_at(const struct book *b, const char *sheet, const char *col, int row)
{
	char ref[32];
	size_t i;

	snprintf(ref, sizeof(ref), "%s%d", col, row);
	for (i = 0; i < b->ncells; i++)
		if (strcmp(b->cells[i].sheet, sheet) == 0 &&
		    strcmp(b->cells[i].ref, ref) == 0)
			return &b->cells[i];
	return NULL;
}

/* The text of a cell, "" when the cell is absent. */
static const char *
txt(const struct book *b, const char *sheet, const char *col, int row)
{
	const struct cell *c = cell_at(b, sheet, col, row);

	return c != NULL ? c->value : "";
}

static void
want_str(const struct book *b, const char *sheet, const char *col, int row,
    const char *want)
{
	const struct cell *c = cell_at(b, sheet, col, row);

	if (want == NULL || want[0] == '\0') {
		ck_assert_msg(c == NULL || c->value[0] == '\0',
		    "%s!%s%d: want blank, got '%s'", sheet, col, row, c->value);
		return;
	}
	ck_assert_msg(
	    c != NULL, "%s!%s%d: missing, want '%s'", sheet, col, row, want);
	ck_assert_msg(strcmp(c->kind, "s") == 0 && strcmp(c->value, want) == 0,
	    "%s!%s%d: got %s '%s', want '%s'", sheet, col, row, c->kind,
	    c->value, want);
}

/* A number cell whose (cached) value is exactly amount at digits. */
static void
want_amount(const struct book *b, const char *sheet, const char *col, int row,
    int64_t amount, int digits)
{
	const struct cell *c = cell_at(b, sheet, col, row);
	int64_t got;
	int margin;

	ck_assert_msg(c != NULL, "%s!%s%d: missing", sheet, col, row);
	ck_assert_msg(strcmp(c->kind, "n") == 0, "%s!%s%d: not a number", sheet,
	    col, row);
	ck_assert_int_eq(dec_round(&got, &margin, c->value, digits), 0);
	ck_assert_msg(got == amount && margin,
	    "%s!%s%d: '%s', want %lld minor units", sheet, col, row, c->value,
	    (long long)amount);
}

/* Excel's serial day number of a YYYY-MM-DD date (1900 date system). */
static long
serial(const char *iso)
{
	int y, m, d;
	long era, yoe, doy, doe;

	ck_assert_int_eq(sscanf(iso, "%d-%d-%d", &y, &m, &d), 3);
	y -= m <= 2;
	era = y / 400;
	yoe = y - era * 400;
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	/* days since 1970-01-01, then since 1899-12-30 */
	return era * 146097 + doe - 719468 + 25569;
}

/* Row (1-based) of Part 1 whose label in C is label, or 0. */
static int
about_row(const struct book *b, const char *label)
{
	int r;

	for (r = 14; r < 200; r++)
		if (strcmp(txt(b, "Part 1 - About", "C", r), label) == 0)
			return r;
	return 0;
}

static void
want_about(const struct book *b, const char *label, const char *value)
{
	int r = about_row(b, label);

	ck_assert_msg(r != 0, "Part 1: no label '%s'", label);
	want_str(b, "Part 1 - About", "E", r, value);
}

static int
row_of(const struct book *b, const char *sheet, const char *col,
    const char *text, int from)
{
	int r;

	for (r = from; r < 1000; r++)
		if (strcmp(txt(b, sheet, col, r), text) == 0)
			return r;
	return 0;
}

static const char *
final_company_name(const struct eiti_res_row *r)
{
	return r->company_name;
}

static char *
write_book(struct eiti_results *res, const char *name)
{
	struct eiti_err err = EITI_ERR_INIT;
	char *path = tpath(name);

	ck_assert_msg(eiti_export_sdt(res, path, &err) == 0, "%s", err.msg);
	return path;
}

START_TEST(sdt_stream_cells)
{
	static const char *const sheets[] = {"Introduction", "Part 1 - About",
	    "Part 2 - Disclosure checklist", "Part 3 - Reporting entities",
	    "Part 4 - Government revenues", "Part 5 - Company data", "Lists"};
	const char *P1 = "Part 1 - About",
		   *P2 = "Part 2 - Disclosure checklist",
		   *P3 = "Part 3 - Reporting entities",
		   *P4 = "Part 4 - Government revenues",
		   *P5 = "Part 5 - Company data";
	struct eiti_results *res;
	struct book b;
	char *path, num[64];
	const struct cell *c;
	size_t i, k;
	int r;

	if (!have_reader())
		return; /* PYTHON3/top_srcdir not set: run by make check */
	res = sample_stream();
	path = write_book(res, "stream.xlsx");
	book_read(&b, path);

	/* the sheets, exactly, in the order the importer validates */
	ck_assert_int_eq(b.nsheets, 7);
	for (k = 0; k < 7; k++)
		ck_assert_str_eq(b.sheets[k], sheets[k]);

	/* Part 1: labels from C14, values in E */
	want_str(&b, P1, "C", 14, "Country or area name");
	want_str(&b, P1, "E", 14, "Colombia");
	want_about(&b, "ISO Alpha-3 Code", "COL");
	want_about(&b, "National currency name", "Colombian Peso");
	want_about(&b, "National currency ISO-4217", "COP");
	r = about_row(&b, "Start Date");
	c = cell_at(&b, P1, "E", r);
	ck_assert_ptr_nonnull(c);
	snprintf(num, sizeof(num), "%ld", serial("2022-01-01"));
	ck_assert_str_eq(c->value, num);
	r = about_row(&b, "End Date");
	snprintf(num, sizeof(num), "%ld", serial("2022-12-31"));
	ck_assert_str_eq(txt(&b, P1, "E", r), num);
	want_about(&b,
	    "Has an EITI Report been prepared by an Independent "
	    "Administrator?",
	    "Yes");
	want_about(&b, "What is the name of the company?",
	    "Auditores Ficticios S.A.S.");
	want_about(&b, "Oil", "Yes");
	want_about(&b, "Gas", "Yes");
	want_about(&b, "Mining (incl. Quarrying)", "Yes");
	want_about(&b, "Other, non-upstream sectors", "No");
	r = about_row(&b,
	    "Number of reporting government entities (incl SOEs if "
	    "recipient)");
	want_amount(&b, P1, "E", r, 4, 0);
	/* three in-scope companies, one of which filed nothing */
	r = about_row(&b, "Number of reporting companies (incl SOEs if payer)");
	want_amount(&b, P1, "E", r, 2, 0);
	want_about(&b, "Reporting currency (ISO-4217 currency codes)", "COP");
	r = about_row(&b, "Exchange rate used: 1 USD = ");
	ck_assert_int_ne(r, 0);
	want_amount(&b, P1, "E", r, 425544, 2);
	/* one rounding: the shortest text, not 4255.440000000001 */
	ck_assert_str_eq(txt(&b, P1, "E", r), "4255.44");
	want_about(&b, "Exchange rate source (URL,\xe2\x80\xa6)",
	    "Banco de la República, promedio 2022");
	want_about(&b, "\xe2\x80\xa6 by revenue stream", "Yes");
	want_about(&b, "\xe2\x80\xa6 by government agency", "Yes");
	want_about(&b, "\xe2\x80\xa6 by company", "Yes");
	want_about(&b, "\xe2\x80\xa6 by project", "No");
	r = about_row(&b, "Through EITI Reporting");
	c = cell_at(&b, P1, "E", r);
	ck_assert_ptr_nonnull(c);
	ck_assert_str_eq(c->value, "0.125"); /* 4.1, 4.6, 4.9 of 24 */
	ck_assert_ptr_nonnull(strstr(c->formula, "COUNTIF("));
	want_about(&b, "Email address", "");
	/* the importer stops before the highest row: a note follows */
	ck_assert_int_gt(row_of(&b, P1, "B",
			     "Filled from the reconciliation "
			     "results generated 2023-06-30T12:00:00Z; "
			     "blank answers are for the multi-stakeholder "
			     "group to complete.",
			     r),
	    about_row(&b, "Email address"));

	/* Part 2: requirements from B17 */
	want_str(&b, P2, "B", 17,
	    "EITI Requirement 2.1: Legal framework and fiscal regime");
	want_str(&b, P2, "B", 18, "Disclosure status");
	want_str(&b, P2, "D", 18, "");
	r = row_of(&b, P2, "B", "EITI Requirement 4.1: Comprehensiveness", 17);
	ck_assert_int_ne(r, 0);
	want_str(&b, P2, "D", r + 1, "Yes, through EITI reporting");
	ck_assert_ptr_nonnull(
	    strstr(txt(&b, P2, "F", r + 1), "Auditores Ficticios S.A.S."));
	want_amount(&b, P2, "D", r + 2, 9512, 4); /* 95.12 % as 0.9512 */
	r = row_of(&b, P2, "B",
	    "EITI Requirement 4.6: Direct subnational "
	    "payments",
	    17);
	want_str(&b, P2, "D", r + 1, "Yes, through EITI reporting");
	r = row_of(&b, P2, "B", "EITI Requirement 4.9: Data quality", 17);
	want_str(&b, P2, "D", r + 1, "Yes, through EITI reporting");
	r = row_of(&b, P2, "B", "EITI Requirement 4.2: In-kind revenues", 17);
	want_str(&b, P2, "D", r + 1, "");

	/* Part 3 */
	want_str(&b, P3, "B", 13, "Reporting government entities list");
	want_str(&b, P3, "B", 14, "Full name of agency");
	{
		static const struct {
			const char *name, *type, *id;
			int64_t total;
		} ents[] = {
		    {"Agencia Nacional de Minería",
			"National government agency", "ANM", 223456789},
		    {"Agencia Nacional de Hidrocarburos",
			"National government agency", "ANH", 110000000000},
		    {"Dirección de Impuestos y Aduanas Nacionales",
			"National government agency", "DIAN", 34900010000},
		    {"Aguachica", "Subnational government (municipal)",
			"MUN-20011", 0},
		};

		for (k = 0; k < N(ents); k++) {
			want_str(&b, P3, "B", 15 + (int)k, ents[k].name);
			want_str(&b, P3, "C", 15 + (int)k, ents[k].type);
			want_str(&b, P3, "D", 15 + (int)k, ents[k].id);
			want_amount(&b, P3, "E", 15 + (int)k, ents[k].total, 2);
			ck_assert_ptr_nonnull(
			    strstr(cell_at(&b, P3, "E", 15 + (int)k)->formula,
				"SUMPRODUCT("));
		}
		want_str(&b, P3, "B", 19, "");
	}
	r = row_of(&b, P3, "B", "Reporting companies' list", 13);
	ck_assert_int_eq(r, 20);
	want_str(&b, P3, "B", r + 1, "Full company name");
	want_str(&b, P3, "B", r + 2, "Company ID references");
	/* the two in-scope companies that reported */
	for (k = 0; k < 2; k++) {
		const struct eiti_res_company *co = &res->companies[k];
		int64_t total = 0;
		int rr = r + 3 + (int)k;

		for (i = 0; i < res->nrows; i++) {
			const struct eiti_res_row *rw = &res->rows[i];

			if (strcmp(rw->company_id, co->id) == 0 &&
			    rw->status != EITI_ST_OUT_OF_SCOPE)
				total += rw->has_government ? rw->g + rw->ag
							    : rw->c + rw->ac;
		}
		want_str(&b, P3, "B", rr, co->name);
		want_str(&b, P3, "C", rr, co->id);
		want_str(&b, P3, "E", rr, co->commodity);
		want_amount(&b, P3, "H", rr, total, 2);
	}
	want_str(&b, P3, "D", r + 3, "Mining");
	want_str(&b, P3, "D", r + 4, "Oil");
	/* neither the out-of-scope company nor the one that filed nothing
	 * is a reporting company */
	ck_assert_int_eq(row_of(&b, P3, "B", "Pequeña Minera Ficticia", 13), 0);
	ck_assert(!res->companies[2].reporting);
	ck_assert_int_eq(
	    row_of(&b, P3, "B", "Gas Llanero Ficticio Ltda.", 13), 0);
	r = row_of(&b, P3, "B", "Reporting projects' list", 13);
	ck_assert_int_eq(r, 26);
	want_str(&b, P3, "B", r + 1, "Full project name");
	want_str(&b, P3, "B", r + 2, ""); /* no projects: the table ends */
	ck_assert_ptr_nonnull(cell_at(&b, P3, "B", r + 3)); /* closing note */

	/* Part 4: F..K from row 22, one row per unilateral total */
	want_str(&b, P4, "F", 21, "GFS classification");
	want_str(&b, P4, "J", 21, "Revenue value");
	for (k = 0; k < res->nunilateral; k++) {
		const struct eiti_res_unilateral *u = &res->unilateral[k];
		int rr = 22 + (int)k;

		want_str(&b, P4, "F", rr,
		    strcmp(u->stream, "1415E1") == 0
			? "Royalties (1415E1)"
			: "Ordinary taxes on income, profits and capital gains "
			  "(1112E1)");
		want_str(&b, P4, "H", rr,
		    strcmp(u->stream, "1415E1") == 0
			? "Regalías"
			: "Impuestos ordinarios sobre la renta, las utilidades "
			  "y las ganancias de capital");
		want_amount(&b, P4, "J", rr,
		    u->has_declared ? u->declared : u->g_all, 2);
		want_str(&b, P4, "K", rr, "COP");
	}
	want_str(&b, P4, "G", 22, "Oil, Gas");
	want_str(&b, P4, "I", 22, "Agencia Nacional de Hidrocarburos");
	want_str(&b, P4, "I", 23, "Agencia Nacional de Minería");
	want_str(&b, P4, "F", 25, ""); /* the table ends */
	want_str(&b, P4, "H", 26, "Total");
	want_amount(&b, P4, "J", 26, 110000000000 + 223456789 + 34900010000, 2);

	/* Part 5: C..N from row 15, one row per in-scope key */
	want_str(&b, P5, "C", 14, "Company");
	want_str(&b, P5, "N", 14, "Comments");
	r = 15;
	for (i = 0; i < res->nrows; i++) {
		const struct eiti_res_row *rw = &res->rows[i];

		if (rw->status == EITI_ST_OUT_OF_SCOPE)
			continue;
		want_str(&b, P5, "C", r, final_company_name(rw));
		want_str(&b, P5, "D", r, rw->entity_name);
		want_str(&b, P5, "E", r, eiti_stream_name(rw->stream, "es"));
		want_str(&b, P5, "F", r, ""); /* not known at stream level */
		want_str(&b, P5, "G", r, "No");
		want_str(&b, P5, "H", r, "");
		want_str(&b, P5, "I", r, "COP");
		want_amount(&b, P5, "J", r,
		    rw->has_government ? rw->g + rw->ag : rw->c + rw->ac, 2);
		/* no payment in kind (EITI Requirement 4.2) */
		want_str(&b, P5, "K", r, "No");
		want_str(&b, P5, "L", r, "");
		want_str(&b, P5, "M", r, "");
		ck_assert_str_ne(txt(&b, P5, "N", r), "");
		r++;
	}
	ck_assert_int_eq(r, 21);
	want_str(&b, P5, "C", 21, "");
	/* spot checks against hand-computed figures */
	want_amount(&b, P5, "J", 17, 250000050, 2); /* company-only: C */
	ck_assert_ptr_nonnull(strstr(txt(&b, P5, "N", 17), "company only"));
	want_amount(&b, P5, "J", 16, 5000000000, 2); /* G + AG */
	ck_assert_ptr_nonnull(strstr(txt(&b, P5, "N", 16),
	    "timing: Payment for 2021 received in January 2022"));
	ck_assert_ptr_nonnull(
	    strstr(txt(&b, P5, "N", 18), "final difference 654321.00 COP"));
	want_str(&b, P5, "I", 22, "Total");
	want_amount(&b, P5, "J", 22,
	    123456789 + 5000000000 + 250000050 + 98700000000 + 30000010000 +
		7500000000,
	    2);

	/* Lists */
	want_str(&b, "Lists", "A", 2, "Yes");
	want_str(&b, "Lists", "C", 3, "Yes, through EITI reporting");
	want_str(&b, "Lists", "I", 2, "11E");

	book_free(&b);
	free(path);
	eiti_results_free(res);
}
END_TEST

START_TEST(sdt_project_cells)
{
	const char *P1 = "Part 1 - About",
		   *P2 = "Part 2 - Disclosure checklist",
		   *P3 = "Part 3 - Reporting entities",
		   *P5 = "Part 5 - Company data";
	const struct cell *c;
	struct eiti_results *res;
	struct book b;
	char *path;
	int r;

	if (!have_reader())
		return;
	res = sample_project();
	path = write_book(res, "project.xlsx");
	book_read(&b, path);
	/* USD report: rate 1, national currency unknown */
	want_about(&b, "National currency name", "");
	want_about(&b, "Reporting currency (ISO-4217 currency codes)", "USD");
	want_amount(
	    &b, P1, "E", about_row(&b, "Exchange rate used: 1 USD = "), 1, 0);
	want_about(&b, "\xe2\x80\xa6 by project", "Yes");
	want_about(&b,
	    "Has an EITI Report been prepared by an Independent "
	    "Administrator?",
	    "");
	/* projects */
	r = row_of(&b, P3, "B", "Reporting projects' list", 13);
	ck_assert_int_ne(r, 0);
	want_str(&b, P3, "B", r + 2, "HKT-08031");
	want_str(&b, P3, "D", r + 2, "Carbones del Cesar Ficticia S.A.");
	want_str(&b, P3, "E", r + 2, "coal");
	want_str(&b, P3, "B", r + 3, "LLA-34");
	want_str(&b, P3, "D", r + 3, "Petróleos Andinos Ficticios S.A.S.");
	want_str(&b, P3, "B", r + 4, "");
	/* company data by project */
	want_str(&b, P5, "H", 15, "");
	want_str(&b, P5, "F", 15, "No");
	want_str(&b, P5, "G", 15, "No");
	want_str(&b, P5, "H", 16, "HKT-08031");
	want_str(&b, P5, "F", 16, "Yes");
	want_str(&b, P5, "G", 16, "Yes");
	want_amount(&b, P5, "J", 16, 2000001, 2);
	want_str(&b, P5, "E", 16, "Royalties");
	want_amount(&b, P5, "J", 18, -12345, 2); /* a refund stays negative */
	want_str(&b, P5, "I", 18, "USD");
	/* in kind (EITI Requirement 4.2): K Yes/No as the Lists sheet
	 * spells them, L the volume, M its unit */
	want_str(&b, P5, "K", 19, "Yes");
	c = cell_at(&b, P5, "L", 19);
	ck_assert_ptr_nonnull(c);
	ck_assert_str_eq(c->kind, "n");
	ck_assert_str_eq(c->value, "1200.5");
	want_str(&b, P5, "M", 19, "bbl");
	/* 18 digits: no double holds it, so it is text, not rounded */
	want_str(&b, P5, "K", 15, "Yes");
	want_str(&b, P5, "L", 15, "123456789012.123456");
	want_str(&b, P5, "M", 15, "t");
	/* several units: no volume, and the comment says why */
	want_str(&b, P5, "K", 16, "Yes");
	want_str(&b, P5, "L", 16, "");
	want_str(&b, P5, "M", 16, "");
	ck_assert_ptr_nonnull(strstr(txt(&b, P5, "N", 16), "several units"));
	want_str(&b, P5, "K", 17, "No");
	want_str(&b, P5, "L", 17, "");
	want_str(&b, P5, "K", 18, "No");
	ck_assert_ptr_null(strstr(txt(&b, P5, "N", 18), "in kind"));
	/* Part 2: in-kind revenues are disclosed through the report */
	r = row_of(&b, P2, "B", "EITI Requirement 4.2: In-kind revenues", 17);
	ck_assert_int_ne(r, 0);
	want_str(&b, P2, "D", r + 1, "Yes, through EITI reporting");
	book_free(&b);
	free(path);
	eiti_results_free(res);
}
END_TEST

/* In-kind volumes: a number only when the cell's text is the exact
 * decimal (at most 15 significant digits, and "%.16G" of the double
 * gives it back without an exponent), else the decimal as text. */
START_TEST(sdt_inkind_volumes)
{
	static const struct {
		const char *volume, *kind;
	} vec[] = {
	    {"1200.5", "n"},	       /* a fraction */
	    {"0.1", "n"},	       /* not a binary fraction, still exact */
	    {"123456789012345", "n"},  /* 15 digits */
	    {"0.0001", "n"},	       /* no exponent yet */
	    {"0", "n"},		       /* a zero volume is a volume */
	    {"0.00001", "s"},	       /* "%.16G" gives 1E-05 */
	    {"1234567890123456", "s"}, /* 16 digits */
	    {"99999999999999.9", "s"}, /* the double prints ...9.91 */
	    {"1000000000000000", "s"}, /* 16 digits as written */
	    {"92233720368547758070", "s"}, /* beyond int64: kept as text */
	};
	const char *P5 = "Part 5 - Company data";
	struct eiti_results *res;
	struct book b;
	char *path, name[32];
	size_t i, k;

	if (!have_reader())
		return;
	for (i = 0; i < N(vec); i += 5) {
		res = sample_project();
		for (k = 0; k < 5; k++) {
			res->rows[k].in_kind = true;
			res->rows[k].inkind_volume =
			    i + k < N(vec) ? vec[i + k].volume : "1";
			res->rows[k].inkind_unit = "t";
		}
		snprintf(name, sizeof(name), "vol%zu.xlsx", i);
		path = write_book(res, name);
		book_read(&b, path);
		for (k = 0; k < 5 && i + k < N(vec); k++) {
			const struct cell *c =
			    cell_at(&b, P5, "L", 15 + (int)k);

			ck_assert_ptr_nonnull(c);
			ck_assert_msg(
			    strcmp(c->kind, vec[i + k].kind) == 0 &&
				strcmp(c->value, vec[i + k].volume) == 0,
			    "%s: got %s '%s'", vec[i + k].volume, c->kind,
			    c->value);
			want_str(&b, P5, "M", 15 + (int)k, "t");
		}
		book_free(&b);
		free(path);
		eiti_results_free(res);
	}
}
END_TEST

/* The same results give the same bytes (the creation date comes from the
 * results, not the clock). */
START_TEST(sdt_reproducible)
{
	struct eiti_results *res = sample_stream();
	char *a = write_book(res, "a.xlsx"), *b, *x, *y;
	struct stat sa, sb;

	sleep(1);
	b = write_book(res, "b.xlsx");
	ck_assert_int_eq(stat(a, &sa), 0);
	ck_assert_int_eq(stat(b, &sb), 0);
	ck_assert_int_eq(sa.st_size, sb.st_size);
	x = slurp(a);
	y = slurp(b);
	ck_assert(memcmp(x, y, (size_t)sa.st_size) == 0);
	ck_assert(memcmp(x, "PK\x03\x04", 4) == 0);
	free(x);
	free(y);
	free(a);
	free(b);
	eiti_results_free(res);
}
END_TEST

/* An amount beyond the exact range: exit-1 error naming the cell, and
 * neither the target nor a temporary file appears; a previous workbook
 * stays untouched. */
START_TEST(sdt_atomic_range)
{
	struct eiti_results *res = sample_stream();
	struct eiti_err err = EITI_ERR_INIT;
	char *path = tpath("r.xlsx"), *before, *after;
	struct stat st;

	res->rows[3].g = EITI_EXPORT_EXACT_LIMIT;
	ck_assert_int_eq(eiti_export_sdt(res, path, &err), -1);
	ck_assert_int_eq(err.kind, EITI_ERR_INVALID);
	ck_assert_msg(strstr(err.msg, "Part 5 - Company data!J18") != NULL,
	    "%s", err.msg);
	ck_assert_ptr_nonnull(strstr(err.msg, "45035996273704.96 COP"));
	ck_assert_int_eq(count_entries(tmpdir), 0);
	eiti_results_free(res);

	res = sample_stream();
	ck_assert_int_eq(eiti_export_sdt(res, path, &err), 0);
	ck_assert_int_eq(stat(path, &st), 0);
	before = slurp(path);
	res->rows[3].g = -EITI_EXPORT_EXACT_LIMIT;
	err.kind = 0;
	ck_assert_int_eq(eiti_export_sdt(res, path, &err), -1);
	ck_assert_int_eq(count_entries(tmpdir), 1);
	after = slurp(path);
	ck_assert(memcmp(before, after, (size_t)st.st_size) == 0);
	free(before);
	free(after);
	free(path);
	eiti_results_free(res);
}
END_TEST

/* A text longer than a cell holds (32767 characters) is an input error
 * naming the cell, and nothing is written. */
START_TEST(sdt_long_text)
{
	struct eiti_results *res = sample_stream();
	struct eiti_err err = EITI_ERR_INIT;
	char *path = tpath("long.xlsx"), *name = eiti_xmalloc(40001);

	memset(name, 'x', 40000);
	name[40000] = '\0';
	res->companies[1].name = name;
	ck_assert_int_eq(eiti_export_sdt(res, path, &err), -1);
	ck_assert_int_eq(err.kind, EITI_ERR_INVALID);
	ck_assert_msg(strstr(err.msg, "Part 5 - Company data!C18") != NULL,
	    "%s", err.msg);
	ck_assert_int_eq(count_entries(tmpdir), 0);
	free(name);
	free(path);
	eiti_results_free(res);
}
END_TEST

START_TEST(sdt_no_directory)
{
	struct eiti_results *res = sample_stream();
	struct eiti_err err = EITI_ERR_INIT;
	char *path = tpath("nowhere/x.xlsx");

	ck_assert_int_eq(eiti_export_sdt(res, path, &err), -1);
	ck_assert_int_eq(err.kind, EITI_ERR_IO);
	ck_assert_ptr_nonnull(strstr(err.msg, "nowhere/x.xlsx"));
	free(path);
	eiti_results_free(res);
}
END_TEST

/* libxlsxwriter itself fails (a file-size limit makes its writes fail
 * with EFBIG): workbook_close's error is reported and nothing is left. */
START_TEST(sdt_write_failure)
{
	char *path = tpath("big.xlsx");
	pid_t pid;
	int st;

	fflush(NULL);
	pid = fork();
	ck_assert_int_ge(pid, 0);
	if (pid == 0) {
		struct eiti_results *res = sample_stream();
		struct eiti_err err = EITI_ERR_INIT;
		struct rlimit rl = {2048, 2048};

		/* libxlsxwriter reports on stderr as well: keep the log
		 * quiet */
		if (freopen("/dev/null", "w", stderr) == NULL)
			_exit(12);
		signal(SIGXFSZ, SIG_IGN);
		setrlimit(RLIMIT_FSIZE, &rl);
		int code;

		if (eiti_export_sdt(res, path, &err) == 0)
			code = 10;
		else if (err.kind == EITI_ERR_IO &&
			 strstr(err.msg, "big.xlsx") != NULL)
			code = 0;
		else
			code = 11;
		/* free before leaving, so memcheck in the child (make
		 * check-valgrind) sees no leak of ours */
		eiti_results_free(res);
		free(path);
		_exit(code);
	}
	ck_assert_int_eq(waitpid(pid, &st, 0), pid);
	ck_assert_msg(WIFEXITED(st) && WEXITSTATUS(st) == 0, "status %d", st);
	ck_assert_int_eq(count_entries(tmpdir), 0);
	free(path);
}
END_TEST

/* ------------------------------------------------------------------ */

static Suite *
export_suite(void)
{
	Suite *s = suite_create("export");
	TCase *tc;

	tc = tcase_create("amount_exact");
	tcase_add_test(tc, amount_exact_vectors);
	tcase_add_test(tc, amount_exact_sweep);
	suite_add_tcase(s, tc);

	tc = tcase_create("view");
	tcase_add_test(tc, view_rows);
	tcase_add_test(tc, view_projects);
	tcase_add_test(tc, view_overflow);
	tcase_add_test(tc, usd_conversion);
	suite_add_tcase(s, tc);

	tc = tcase_create("csv");
	tcase_add_checked_fixture(tc, tmp_setup, tmp_teardown);
	tcase_add_test(tc, csv_stream_golden);
	tcase_add_test(tc, csv_project_usd);
	tcase_add_test(tc, csv_no_usd_rate);
	tcase_add_test(tc, csv_atomic);
	tcase_add_test(tc, csv_not_a_directory);
	suite_add_tcase(s, tc);

	tc = tcase_create("sdt");
	tcase_add_checked_fixture(tc, tmp_setup, tmp_teardown);
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, sdt_stream_cells);
	tcase_add_test(tc, sdt_project_cells);
	tcase_add_test(tc, sdt_inkind_volumes);
	tcase_add_test(tc, sdt_reproducible);
	tcase_add_test(tc, sdt_atomic_range);
	tcase_add_test(tc, sdt_long_text);
	tcase_add_test(tc, sdt_no_directory);
	tcase_add_test(tc, sdt_write_failure);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	SRunner *sr = srunner_create(export_suite());
	struct eiti_err err = EITI_ERR_INIT;
	int failed;

	/* the stream names in the workbook */
	if (eiti_streams_load(&err) != 0) {
		fprintf(stderr, "%s\n", err.msg);
		return EXIT_FAILURE;
	}
	srunner_set_fork_status(sr, CK_NOFORK);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
