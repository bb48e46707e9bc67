/*
 * check_suggest.c - normalized matching and "closest known values"
 * (src/core/suggest.h): table-driven vectors.
 */
#include "config.h"

#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "core/suggest.h"

#define N(a) (sizeof(a) / sizeof((a)[0]))

START_TEST(test_norm)
{
	static const struct {
		const char *in, *out;
	} v[] = {
	    {"Agencia Nacional de Minería", "agencia nacional de mineria"},
	    {"  AGENCIA\u00a0\u00a0NACIONAL  DE\tMINERIA \n",
		"agencia nacional de mineria"},
	    {"Ñandú Ålborg Øre Œuvre Straße Æsir",
		"nandu alborg ore oeuvre strasse aesir"},
	    {"Minería", "mineria"}, /* decomposed: combining acute */
	    {"Şirket Ţară Łódź Đakovo", "sirket tara lodz dakovo"},
	    {"“Royalties” – Q1’s", "\"royalties\" - q1's"},
	    {"narrow\u202fno-break\u2009thin", "narrow no-break thin"},
	    {"Газпром", "Газпром"}, /* kept as it is */
	    {"", ""}, {"   ", ""},
	    {"a\xff"
	     "b",
		"a\xff"
		"b"}, /* invalid UTF-8 kept */
	};
	char buf[256];
	size_t i;

	for (i = 0; i < N(v); i++) {
		eiti_norm(buf, sizeof(buf), v[i].in, strlen(v[i].in));
		ck_assert_msg(strcmp(buf, v[i].out) == 0, "%zu: '%s' -> '%s'",
		    i, v[i].in, buf);
	}
	ck_assert(eiti_norm_equal(
	    "Municipality Puerto Gaitán", "MUNICIPALITY  PUERTO GAITAN"));
	ck_assert(!eiti_norm_equal("Tauramena", "Municipality of Tauramena"));
}
END_TEST

START_TEST(test_norm_truncates)
{
	char buf[6];

	/* "ab" + "ß" (ss) + "cd": cut at a character boundary. */
	ck_assert_uint_eq(eiti_norm(buf, sizeof(buf), "abßcd", 6), 5);
	ck_assert_str_eq(buf, "abssc");
	ck_assert_uint_eq(eiti_norm(buf, 3, "éé", 4), 2);
	ck_assert_str_eq(buf, "ee");
	ck_assert_uint_eq(eiti_norm(buf, 2, "Ж", 2), 0);
}
END_TEST

START_TEST(test_distance)
{
	static const struct {
		const char *a, *b;
		unsigned max, d;
	} v[] = {
	    {"royalties", "royalties", 3, 0},
	    {"royalty", "royalties", 5, 3},
	    {"rents", "rnets", 3, 1}, /* transposition */
	    {"kitten", "sitting", 5, 3},
	    {"", "abc", 5, 3},
	    {"abc", "", 5, 3},
	    {"abcdef", "uvwxyz", 2, 3}, /* over max: max + 1 */
	    {"a", "abcdefgh", 3, 4},
	};
	size_t i;

	for (i = 0; i < N(v); i++)
		ck_assert_msg(eiti_edit_distance(v[i].a, strlen(v[i].a), v[i].b,
				  strlen(v[i].b), v[i].max) == v[i].d,
		    "%zu: %s/%s", i, v[i].a, v[i].b);
}
END_TEST

static const char *
closest(const char *query, const char *const *cands, size_t n, char *buf,
    size_t size)
{
	struct eiti_suggest s;
	size_t i;

	eiti_suggest_init(&s, query);
	for (i = 0; i < n; i++)
		eiti_suggest_offer(&s, cands[i]);
	eiti_suggest_list(&s, buf, size);
	eiti_suggest_free(&s);
	return buf;
}

START_TEST(test_suggest)
{
	static const char *const streams[] = {"Taxes", "Royalties", "Fees",
	    "Production Entitlements", "Bonuses", "Dividends",
	    "Infrastructure Improvement Payments"};
	static const char *const entities[] = {"Agencia Nacional de Minería",
	    "Agencia Nacional de Hidrocarburos",
	    "Dirección de Impuestos y Aduanas Nacionales"};
	static const char *const params[] = {"country", "year", "view"};
	char buf[400];

	ck_assert_str_eq(
	    closest("Royalty", streams, N(streams), buf, sizeof(buf)),
	    "'Royalties'");
	ck_assert_str_eq(
	    closest("bonus", streams, N(streams), buf, sizeof(buf)),
	    "'Bonuses'");
	ck_assert_str_eq(
	    closest("Dividens", streams, N(streams), buf, sizeof(buf)),
	    "'Dividends'");
	/* Words in another order: both agencies share two of three, the
	 * one of the nearer length first. */
	ck_assert_str_eq(closest("Agencia Minera Nacional", entities,
			     N(entities), buf, sizeof(buf)),
	    "'Agencia Nacional de Minería' or 'Agencia Nacional de "
	    "Hidrocarburos'");
	ck_assert_str_eq(closest("AGENCIA NACIONAL DE MINERIA", entities,
			     N(entities), buf, sizeof(buf)),
	    "'Agencia Nacional de Minería' or 'Agencia Nacional de "
	    "Hidrocarburos'");
	ck_assert_str_eq(
	    closest("pais", params, N(params), buf, sizeof(buf)), "");
	ck_assert_str_eq(
	    closest("yaer", params, N(params), buf, sizeof(buf)), "'year'");
	ck_assert_str_eq(
	    closest("zzz", streams, N(streams), buf, sizeof(buf)), "");
}
END_TEST

START_TEST(test_suggest_keeps_best)
{
	static const char *const c[] = {
	    "abcd", "abce", "abcf", "abcg", "abcd", "xbcd"};
	char buf[100];

	/* Three at most, best first, offer order among equals, no
	 * repeats. */
	ck_assert_str_eq(closest("abcd", c, N(c), buf, sizeof(buf)),
	    "'abcd', 'abce' or 'abcf'");
	/* A short buffer is cut, never overrun. */
	closest("abcd", c, N(c), buf, 10);
	ck_assert_uint_eq(strlen(buf), 9);
}
END_TEST

/* A missing prefix ("RUC-") is a candidate; when one candidate differs
 * only in case, eiti_suggest_closest() names it alone. */
START_TEST(test_suggest_prefix_and_case)
{
	static const char *const ids[] = {
	    "RUC-20100000001", "RUC-20300000003", "NIT-900123456"};
	static const char *const codes[] = {
	    "1415E", "1415E1", "1415E2", "1415E3", "1112E1"};
	struct eiti_suggest s;
	char buf[200];
	size_t i;

	ck_assert_str_eq(closest("20100000001", ids, N(ids), buf, sizeof(buf)),
	    "'RUC-20100000001'");
	/* A prefix too many: the id it ends with first. */
	ck_assert_str_eq(
	    closest("RUC-RUC-20100000001", ids, N(ids), buf, sizeof(buf)),
	    "'RUC-20100000001' or 'RUC-20300000003'");
	eiti_suggest_init(&s, "1415e1");
	for (i = 0; i < N(codes); i++)
		eiti_suggest_offer(&s, codes[i]);
	ck_assert_str_eq(
	    eiti_suggest_closest(&s, buf, sizeof(buf)), "'1415E1'");
	eiti_suggest_list(&s, buf, sizeof(buf));
	ck_assert_str_eq(buf, "'1415E1', '1415E' or '1415E2'");
	eiti_suggest_free(&s);
	/* No exact spelling: the list as it is. */
	eiti_suggest_init(&s, "1415E9");
	for (i = 0; i < N(codes); i++)
		eiti_suggest_offer(&s, codes[i]);
	ck_assert_str_eq(eiti_suggest_closest(&s, buf, sizeof(buf)),
	    "'1415E', '1415E1' or '1415E2'");
	eiti_suggest_free(&s);
}
END_TEST

int
main(void)
{
	const struct {
		const char *name;
		const TTest *test;
	} cases[] = {
	    {"norm", test_norm},
	    {"norm_truncates", test_norm_truncates},
	    {"distance", test_distance},
	    {"suggest", test_suggest},
	    {"suggest_keeps_best", test_suggest_keeps_best},
	    {"suggest_prefix_and_case", test_suggest_prefix_and_case},
	};
	Suite *s = suite_create("suggest");
	SRunner *sr;
	size_t i;
	int failed;

	for (i = 0; i < N(cases); i++) {
		TCase *tc = tcase_create(cases[i].name);

		tcase_add_test(tc, cases[i].test);
		suite_add_tcase(s, tc);
	}
	sr = srunner_create(s);
	srunner_set_fork_status(sr, CK_NOFORK);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
