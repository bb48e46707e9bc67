/*
 * check_iso.c - the generated ISO 4217 / 3166 tables (src/core/iso.h):
 * known values, non-currencies, sort order (lookups use bsearch), and,
 * when Debian's iso-codes JSON is installed, that every code it lists is
 * in the tables (skipped otherwise).  The minor-unit digits of every
 * currency are pinned by fixtures/iso/currency-digits.txt (ISO 4217 List
 * One): the generated table must agree with it line for line.
 */
#include "config.h"

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/iso.h"
#include "core/iso_tables.h"

#define N(a) (sizeof(a) / sizeof((a)[0]))
#define ISO_JSON_DIR "/usr/share/iso-codes/json"

START_TEST(test_currency_digits)
{
	static const struct {
		const char *code;
		int digits;
	} v[] = {
	    {"COP", 2},
	    {"USD", 2},
	    {"EUR", 2},
	    {"CLP", 0},
	    {"JPY", 0},
	    {"KWD", 3},
	    {"BHD", 3},
	    {"IQD", 3}, /* ISO 4217; ICU/CLDR says 0 */
	    {"AFN", 2}, /* ISO 4217; ICU/CLDR says 0 */
	    {"YER", 2}, /* ISO 4217; ICU/CLDR says 0 */
	    {"CLF", 4},
	    {"UYW", 4},
	    {"XOF", 0},
	    /* not currencies */
	    {"XAU", -1},
	    {"XAG", -1},
	    {"XPT", -1},
	    {"XPD", -1},
	    {"XDR", -1},
	    {"XXX", -1},
	    {"XTS", -1},
	    {"XBA", -1},
	    {"XSU", -1},
	    {"XUA", -1},
	    /* unknown or malformed */
	    {"ZZZ", -1},
	    {"cop", -1},
	    {"CO", -1},
	    {"COPX", -1},
	    {"", -1},
	};
	size_t i;

	for (i = 0; i < N(v); i++)
		ck_assert_msg(eiti_currency_digits(v[i].code) == v[i].digits,
		    "%s: %d", v[i].code, eiti_currency_digits(v[i].code));
	ck_assert_int_eq(eiti_currency_digits(NULL), -1);
}
END_TEST

START_TEST(test_currency_names)
{
	ck_assert_str_eq(eiti_currency_name("COP"), "Colombian Peso");
	ck_assert_str_eq(eiti_currency_name("USD"), "US Dollar");
	ck_assert_ptr_null(eiti_currency_name("ZZZ"));
	ck_assert_ptr_null(eiti_currency_name(NULL));
}
END_TEST

START_TEST(test_countries)
{
	ck_assert(eiti_country_known("CO"));
	ck_assert_str_eq(eiti_country_alpha3("CO"), "COL");
	ck_assert_str_eq(eiti_country_name("CO"), "Colombia");
	ck_assert_str_eq(eiti_country_name_lang("PE", "es"), "Perú");
	ck_assert_str_eq(eiti_country_name_lang("PE", "es-CO"), "Perú");
	ck_assert_str_eq(eiti_country_name_lang("PE", "en"), "Peru");
	ck_assert_str_eq(eiti_country_name_lang("PE", "esx"), "Peru");
	ck_assert_str_eq(eiti_country_name_lang("MX", "es"), "México");
	ck_assert_str_eq(eiti_country_name_lang("US", "es"), "Estados Unidos");
	ck_assert_ptr_null(eiti_country_name_lang("ZZ", "es"));
	ck_assert_str_eq(eiti_country_alpha3("US"), "USA");
	ck_assert_str_eq(eiti_country_alpha3("NO"), "NOR");
	ck_assert(!eiti_country_known("ZZ"));
	ck_assert(!eiti_country_known("co"));
	ck_assert(!eiti_country_known("COL"));
	ck_assert(!eiti_country_known(""));
	ck_assert(!eiti_country_known(NULL));
	ck_assert_ptr_null(eiti_country_alpha3("ZZ"));
	ck_assert_ptr_null(eiti_country_name("ZZ"));
}
END_TEST

START_TEST(test_subdivisions)
{
	ck_assert(eiti_subdivision_known("CO-CES"));
	ck_assert_str_eq(eiti_subdivision_name("CO-CES"), "Cesar");
	ck_assert_str_eq(eiti_subdivision_name("CO-LAG"), "La Guajira");
	ck_assert_str_eq(eiti_subdivision_name("US-WY"), "Wyoming");
	/* UTF-8 names survive generation */
	ck_assert_str_eq(eiti_subdivision_name("CO-DC"),
	    "Distrito Capital de Bogot\xc3\xa1");
	ck_assert(!eiti_subdivision_known("CO-XXX"));
	ck_assert(!eiti_subdivision_known("co-ces"));
	ck_assert(!eiti_subdivision_known("CO"));
	ck_assert(!eiti_subdivision_known(NULL));
	ck_assert_ptr_null(eiti_subdivision_name("CO-XXX"));
}
END_TEST

START_TEST(test_tables_sorted)
{
	size_t i;

	ck_assert_uint_gt(eiti_iso_ncurrencies, 150);
	ck_assert_uint_gt(eiti_iso_ncountries, 240);
	ck_assert_uint_gt(eiti_iso_nsubdivisions, 4000);
	for (i = 1; i < eiti_iso_ncurrencies; i++)
		ck_assert_int_lt(strcmp(eiti_iso_currencies[i - 1].code,
				     eiti_iso_currencies[i].code),
		    0);
	for (i = 1; i < eiti_iso_ncountries; i++)
		ck_assert_int_lt(strcmp(eiti_iso_countries[i - 1].alpha2,
				     eiti_iso_countries[i].alpha2),
		    0);
	for (i = 1; i < eiti_iso_nsubdivisions; i++)
		ck_assert_int_lt(strcmp(eiti_iso_subdivisions[i - 1].code,
				     eiti_iso_subdivisions[i].code),
		    0);
	for (i = 0; i < eiti_iso_ncurrencies; i++) {
		int d = eiti_iso_currencies[i].digits;

		ck_assert(d >= -1 && d <= 4);
	}
}
END_TEST

/*
 * Every value of "KEY": "..." in an iso-codes JSON file, passed to fn.
 * The files are one-key-per-line JSON written by iso-codes; a plain scan
 * is enough and keeps the test free of a JSON library.
 */
static size_t
each_value(const char *file, const char *key, void (*fn)(const char *))
{
	char *path = NULL, line[4096], pat[64];
	size_t n = 0;
	FILE *fp;

	if (asprintf(&path, "%s/%s", ISO_JSON_DIR, file) < 0)
		ck_abort_msg("out of memory");
	fp = fopen(path, "r");
	ck_assert_msg(fp != NULL, "cannot open %s", path);
	snprintf(pat, sizeof(pat), "\"%s\": \"", key);
	while (fgets(line, sizeof(line), fp) != NULL) {
		char *p = strstr(line, pat), *q;

		if (p == NULL)
			continue;
		p += strlen(pat);
		q = strchr(p, '"');
		ck_assert_ptr_nonnull(q);
		*q = '\0';
		fn(p);
		n++;
	}
	fclose(fp);
	free(path);
	return n;
}

static void
has_currency(const char *code)
{
	ck_assert_msg(eiti_currency_name(code) != NULL,
	    "currency %s missing from the table", code);
}

static void
has_country(const char *code)
{
	ck_assert_msg(eiti_country_known(code),
	    "country %s missing from the table", code);
}

static void
has_subdivision(const char *code)
{
	ck_assert_msg(eiti_subdivision_known(code),
	    "subdivision %s missing from the table", code);
}

START_TEST(test_complete_against_iso_codes)
{
	if (access(ISO_JSON_DIR "/iso_4217.json", R_OK) != 0) {
		printf("check_iso: %s not installed: completeness not "
		       "checked\n",
		    ISO_JSON_DIR);
		return;
	}
	ck_assert_uint_ge(
	    each_value("iso_4217.json", "alpha_3", has_currency), 150);
	ck_assert_uint_ge(
	    each_value("iso_3166-1.json", "alpha_2", has_country), 240);
	ck_assert_uint_ge(
	    each_value("iso_3166-2.json", "code", has_subdivision), 4000);
}
END_TEST

/* Every line "CODE DIGITS" of fixtures/iso/currency-digits.txt is the
 * table's entry, in the same order, and the table has no other entry. */
START_TEST(test_currency_digits_pinned)
{
	const char *path = EITI_SRCDIR "/fixtures/iso/currency-digits.txt";
	char line[256], code[8];
	size_t i = 0;
	int d;
	FILE *fp = fopen(path, "r");

	ck_assert_msg(fp != NULL, "cannot open %s", path);
	while (fgets(line, sizeof(line), fp) != NULL) {
		if (line[0] == '#' || line[0] == '\n')
			continue;
		ck_assert_msg(sscanf(line, "%7s %d", code, &d) == 2,
		    "%s: bad line '%s'", path, line);
		ck_assert_msg(i < eiti_iso_ncurrencies,
		    "%s: %s is not in the table", path, code);
		ck_assert_msg(strcmp(eiti_iso_currencies[i].code, code) == 0,
		    "%s: expected %s, the table has %s", path, code,
		    eiti_iso_currencies[i].code);
		ck_assert_msg(eiti_iso_currencies[i].digits == d,
		    "%s: %s has %d digits in ISO 4217, %d in the table", path,
		    code, d, eiti_iso_currencies[i].digits);
		ck_assert_int_eq(eiti_currency_digits(code), d);
		i++;
	}
	fclose(fp);
	ck_assert_msg(i == eiti_iso_ncurrencies,
	    "%s lists %zu codes, the table %zu", path, i, eiti_iso_ncurrencies);
}
END_TEST

static Suite *
iso_suite(void)
{
	Suite *s = suite_create("iso");
	/* Not static: Check's test handles are pointer variables. */
	const struct {
		const char *name;
		const TTest *test;
	} cases[] = {
	    {"currency-digits", test_currency_digits},
	    {"currency-digits-pinned", test_currency_digits_pinned},
	    {"currency-names", test_currency_names},
	    {"countries", test_countries},
	    {"subdivisions", test_subdivisions},
	    {"tables-sorted", test_tables_sorted},
	    {"complete-against-iso-codes", test_complete_against_iso_codes},
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
	SRunner *sr = srunner_create(iso_suite());
	int failed;

	srunner_set_fork_status(sr, CK_NOFORK);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
