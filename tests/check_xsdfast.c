/*
 * check_xsdfast.c - the XSD shortcut for <payment> (src/validate/xsdfast.c)
 * changes nothing a reader can see.
 *
 * Every document here is read twice, with the shortcut on and off, and
 * the two runs must give the same findings, byte for byte, and hand the
 * same payments to the sink.  The documents are hand-written edge cases
 * of every attribute type of Payment, element forms and content-model
 * positions, then thousands of generated payments (a fixed seed) made of
 * fragments that sit on the edges of the types' lexical spaces.  Also:
 * the shortcut is really taken on valid payments (so the comparison is
 * not vacuous), and the shipped schemas/disclosure.xsd is the one the
 * shortcut was written against.
 *
 * Needs EITIREP_DATADIR (schemas), set by `make check`.
 */
#include "config.h"

#include <check.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/diag.h"
#include "core/err.h"
#include "core/paths.h"
#include "model/model.h"
#include "validate/internal.h"
#include "validate/validate.h"

static char tmpdir[PATH_MAX];

#define HEAD                                                                   \
	"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"                         \
	"<disclosure xmlns=\"urn:eitirep:disclosure:1\" "                      \
	"xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" "             \
	"xmlns:o=\"urn:other\" role=\"government\" country=\"CO\" "            \
	"period-start=\"2022-01-01\" period-end=\"2022-12-31\" "               \
	"reporter=\"X\" currency=\"COP\">\n"                                   \
	"<entity id=\"ANM\" name=\"Agencia Nacional de Minería\" "            \
	"level=\"national\"/>\n"                                               \
	"<company id=\"NIT-900123456\" name=\"Carbones Ficticios S.A.S.\" "    \
	"sector=\"mining\"/>\n"                                                \
	"<total stream=\"1415E1\" entity=\"ANM\" amount=\"10.00\"/>\n"

/* A valid payment: the shortcut's way in (the element before it). */
#define GOOD(id)                                                               \
	"<payment id=\"" id "\" company=\"NIT-900123456\" entity=\"ANM\" "     \
	"stream=\"1415E1\" amount=\"5.00\" date=\"2022-03-01\"/>\n"

/* What the sink saw, one line per payment. */
struct seen {
	char *buf;
	size_t len;
	FILE *fp;
};

static int
s_payment(
    void *ud, const struct eiti_disclosure_hdr *h, const struct eiti_payment *p)
{
	struct seen *s = ud;

	(void)h;
	fprintf(s->fp, "%s|%s|%s|%s|%lld|%s|%lu:%lu\n", p->id, p->company,
	    p->entity, p->stream, (long long)p->amount,
	    p->currency != NULL ? p->currency : "-", p->line, p->col);
	return 0;
}

/* Read path with the shortcut on or off: findings then payments. */
static char *
read_doc(const char *path, bool fast)
{
	struct eiti_diags d;
	struct eiti_err err = EITI_ERR_INIT;
	struct seen s = {0};
	struct eiti_disclosure_sink sink = {0};
	char *out = NULL;
	size_t outlen = 0;
	FILE *fp;

	s.fp = open_memstream(&s.buf, &s.len);
	ck_assert_ptr_nonnull(s.fp);
	sink.ud = &s;
	sink.payment = s_payment;
	eiti_diags_init(&d);
	vx_fast_enable(fast);
	ck_assert_int_eq(
	    eiti_disclosure_read(path, "d.xml", NULL, &sink, &d, &err), 0);
	vx_fast_enable(true);
	fclose(s.fp);
	fp = open_memstream(&out, &outlen);
	ck_assert_ptr_nonnull(fp);
	eiti_diags_print_text(&d, fp);
	fprintf(fp, "--\n%s", s.buf);
	fclose(fp);
	free(s.buf);
	eiti_diags_free(&d);
	return out;
}

static unsigned long cases;

/* HEAD, body, the end tag: the same findings and payments both ways. */
static void
same_both_ways(const char *body)
{
	char *path = eiti_xasprintf("%s/d.xml", tmpdir);
	FILE *fp = fopen(path, "wb");
	char *a, *b;

	ck_assert_ptr_nonnull(fp);
	fprintf(fp, HEAD "%s</disclosure>\n", body);
	ck_assert_int_eq(fclose(fp), 0);
	a = read_doc(path, true);
	b = read_doc(path, false);
	if (strcmp(a, b) != 0)
		ck_abort_msg("shortcut differs on\n%s\nwith:\n%s\nwithout:\n%s",
		    body, a, b);
	cases++;
	free(a);
	free(b);
	free(path);
}

START_TEST(test_schema_digest)
{
	char *path = eiti_datafile("schemas/disclosure.xsd");

	ck_assert_msg(vx_fast_schema_ok(path),
	    "%s is not the disclosure.xsd the <payment> shortcut was written "
	    "against: review src/validate/xsdfast.c against the new schema, "
	    "then update VX_FAST_DISCLOSURE_SHA256",
	    path);
	free(path);
}
END_TEST

START_TEST(test_taken)
{
	unsigned long before = vx_fast_taken();

	same_both_ways(GOOD("P-1") GOOD("P-2") GOOD("P-3") GOOD("P-4"));
	/* P-1 goes to the validator, P-2..4 do not (once, with it on). */
	ck_assert_uint_eq(vx_fast_taken() - before, 3);
}
END_TEST

/* One attribute of a payment: name="value" (raw XML). */
static const char *const attr_cases[] = {
    /* amount: xs:decimal */
    "amount=\"0\"",
    "amount=\"-0\"",
    "amount=\"+5\"",
    "amount=\" 5 \"",
    "amount=\"5.\"",
    "amount=\".5\"",
    "amount=\"00.\"",
    "amount=\".\"",
    "amount=\"-\"",
    "amount=\"\"",
    "amount=\"1e5\"",
    "amount=\"1,000.00\"",
    "amount=\"12345678901234567890\"",
    "amount=\"123456789012345678901\"",
    "amount=\"1234567890.1234567890\"",
    "amount=\"123456789012345678901234\"",
    "amount=\"1234567890123456789012345\"",
    "amount=\"0000000000000000000000000001\"",
    "amount=\"5.000\"",
    "amount=\"--5\"",
    "amount=\"5-\"",
    "amount=\"&#9;5\"",
    "amount=\"5&#10;\"",
    "amount=\"5&#x20;\"",
    "amount=\"٥\"",
    /* stream: [0-9]{2,6}E[0-9]{0,2} */
    "stream=\"1E\"",
    "stream=\"14E\"",
    "stream=\"141500E12\"",
    "stream=\"1415000E1\"",
    "stream=\"1415E123\"",
    "stream=\"1415e1\"",
    "stream=\" 1415E1\"",
    "stream=\"1415E1 \"",
    "stream=\"&#9;1415E1\"",
    "stream=\"9999E9\"",
    "stream=\"E1\"",
    "stream=\"1415E1&#10;\"",
    /* currency: [A-Z]{3} */
    "currency=\"USD\"",
    "currency=\"usd\"",
    "currency=\"US\"",
    "currency=\"USDX\"",
    "currency=\" USD \"",
    "currency=\"XXX\"",
    "currency=\"ÜSD\"",
    "currency=\"\"",
    /* date: the pattern, then the semantic rule */
    "date=\"2022-02-30\"",
    "date=\"2022-13-01\"",
    "date=\"2022-00-10\"",
    "date=\"2022-01-00\"",
    "date=\"2022-01-32\"",
    "date=\"2022-12-31\"",
    "date=\"2022-1-01\"",
    "date=\" 2022-01-01\"",
    "date=\"2022-01-01Z\"",
    "date=\"20220101\"",
    "date=\"0000-01-01\"",
    "date=\"2022-10-29\"",
    "date=\"2022-11-30\"",
    "date=\"2022-09-31\"",
    /* NonEmptyToken: id, company, entity, project, unit */
    "id=\"\"",
    "id=\" \"",
    "id=\"&#9;\"",
    "id=\"P 1\"",
    "id=\" P-1\"",
    "id=\"P&amp;1\"",
    "id=\"P&#38;1\"",
    "id=\"Pé\"",
    "id=\"P&lt;1\"",
    "company=\"nit-900123456\"",
    "company=\" NIT-900123456 \"",
    "company=\"NIT-900123456&#10;\"",
    "entity=\"anm\"",
    "entity=\"ANM \"",
    "project=\"\"",
    "project=\"La Mina\"",
    "project=\"X\"",
    "unit=\"t\"",
    "unit=\"\"",
    "unit=\" \"",
    /* note: xs:string */
    "note=\"\"",
    "note=\"  a  b  \"",
    "note=\"&amp;&lt;&#9;\"",
    /* in-kind: xs:boolean */
    "in-kind=\"true\"",
    "in-kind=\"false\"",
    "in-kind=\"1\"",
    "in-kind=\"0\"",
    "in-kind=\"TRUE\"",
    "in-kind=\" true\"",
    "in-kind=\"yes\"",
    "in-kind=\"\"",
    /* volume: xs:decimal >= 0 */
    "volume=\"0\"",
    "volume=\"-0\"",
    "volume=\"-1\"",
    "volume=\"1.5\"",
    "volume=\"+1\"",
    "volume=\"1e3\"",
    /* not of the type */
    "foo=\"1\"",
    "xsi:type=\"Payment\"",
    "xsi:nil=\"true\"",
    "o:extra=\"1\"",
    "xml:lang=\"es\"",
    "xmlns:p=\"urn:p\"",
    "ID=\"P\"",
};

START_TEST(test_attributes)
{
	size_t i;

	for (i = 0; i < sizeof(attr_cases) / sizeof(attr_cases[0]); i++) {
		/* The attribute replaces its namesake or is added to a
		 * payment that would otherwise be short-cut. */
		char name[32];
		const char *eq = strchr(attr_cases[i], '=');
		static const char *const base[][2] = {{"id", "\"P-9\""},
		    {"company", "\"NIT-900123456\""}, {"entity", "\"ANM\""},
		    {"stream", "\"1415E1\""}, {"amount", "\"7.25\""}};
		char *attrs = eiti_xasprintf("%s", attr_cases[i]), *body, *t;
		size_t k;

		ck_assert_ptr_nonnull(eq);
		snprintf(name, sizeof(name), "%.*s", (int)(eq - attr_cases[i]),
		    attr_cases[i]);
		for (k = 0; k < 5; k++) {
			if (strcmp(name, base[k][0]) == 0)
				continue;
			t = eiti_xasprintf(
			    "%s %s=%s", attrs, base[k][0], base[k][1]);
			free(attrs);
			attrs = t;
		}
		body = eiti_xasprintf(
		    GOOD("P-1") "<payment %s/>\n" GOOD("P-2"), attrs);
		same_both_ways(body);
		free(body);
		/* and the same with in-kind, so that volume and unit mean
		 * something */
		body =
		    eiti_xasprintf(GOOD("P-1") "<payment in-kind=\"true\" "
					       "volume=\"1\" unit=\"t\" %s/>\n",
			attrs);
		if (strstr(attrs, "in-kind") == NULL &&
		    strstr(attrs, "volume") == NULL &&
		    strstr(attrs, "unit") == NULL)
			same_both_ways(body);
		free(body);
		free(attrs);
	}
}
END_TEST

#define P_ATTRS                                                                \
	"id=\"P-5\" company=\"NIT-900123456\" entity=\"ANM\" "                 \
	"stream=\"1415E1\" amount=\"1.00\""

static const char *const form_cases[] = {
    /* element forms */
    GOOD("P-1") "<payment " P_ATTRS "></payment>\n",
    GOOD("P-1") "<payment " P_ATTRS "> </payment>\n",
    GOOD("P-1") "<payment " P_ATTRS ">text</payment>\n",
    GOOD("P-1") "<payment " P_ATTRS "><x/></payment>\n",
    GOOD("P-1") "<payment " P_ATTRS "><payment " P_ATTRS "/></payment>\n",
    GOOD("P-1") "<payment " P_ATTRS "/ >\n",
    GOOD("P-1") "<payment  " P_ATTRS "  />\n",
    GOOD("P-1") "<payment\n" P_ATTRS "\n/>\n",
    GOOD("P-1") "<p:payment xmlns:p=\"urn:eitirep:disclosure:1\" " P_ATTRS
		"/>\n",
    GOOD("P-1") "<payment xmlns=\"urn:other\" " P_ATTRS "/>\n",
    GOOD("P-1") "<o:payment " P_ATTRS "/>\n",
    GOOD("P-1") "<payment " P_ATTRS " id=\"P-6\"/>\n",
    GOOD("P-1") "<payment id=\"P-5\" company=\"NIT-900123456\"/>\n",
    GOOD("P-1") "<!-- c --><?pi x?>" GOOD("P-2"),
    GOOD("P-1") "<![CDATA[ ]]>" GOOD("P-2"),
    GOOD("P-1") "&#9;&#10;&#13;&#32;" GOOD("P-2"),
    GOOD("P-1") "x" GOOD("P-2"),
    GOOD("P-1") "&amp;" GOOD("P-2"),
    /* the content model around payments */
    GOOD("P-1") GOOD("P-2") "<total stream=\"1415E1\" entity=\"ANM\" "
			    "amount=\"1\"/>\n" GOOD("P-3"),
    GOOD("P-1")
	GOOD("P-2") "<entity id=\"ANH\" name=\"Agencia Nacional "
		    "de Hidrocarburos\" level=\"national\"/>\n" GOOD("P-3"),
    GOOD("P-1") GOOD(
	"P-2") "<transfer id=\"T-1\" from=\"ANM\" to=\"ANM\" stream=\"1415E1\" "
	       "amount=\"1\" side=\"sent\"/>\n" GOOD("P-3") GOOD("P-4"),
    GOOD("P-1") GOOD("P-1") GOOD("P-2"),
    GOOD("P-1") "<payment id=\"P-2\" company=\"NIT-900123456\" "
		"entity=\"ANM\" stream=\"1415E1\" amount=\"x\"/>\n" GOOD("P-3")
		    GOOD("P-4"),
    GOOD("P-1") GOOD("P-2") "<payment id=\"P-3\" company=\"NIT-X\" "
			    "entity=\"ANM\" stream=\"1415E1\" amount=\"1\"/>\n",
    GOOD("P-1")
	GOOD("P-2") "<payment id=\"P-3\" company=\"NIT-900123456\" "
		    "entity=\"ANM\" stream=\"1415E1\" amount=\"1.005\"/>\n",
    GOOD("P-1") GOOD("P-2") "<payment id=\"P-3\" company=\"NIT-900123456\" "
			    "entity=\"ANM\" stream=\"9999E9\" amount=\"1\"/>\n",
    GOOD("P-1") GOOD("P-2") "<payment id=\"P-3\" company=\"NIT-900123456\" "
			    "entity=\"ANM\" stream=\"1415E1\" amount=\"1\" "
			    "currency=\"ZZZ\"/>\n",
};

START_TEST(test_forms)
{
	size_t i;

	for (i = 0; i < sizeof(form_cases) / sizeof(form_cases[0]); i++)
		same_both_ways(form_cases[i]);
}
END_TEST

/* xorshift64*: the same documents on every run. */
static uint64_t
next(uint64_t *s)
{
	*s ^= *s >> 12;
	*s ^= *s << 25;
	*s ^= *s >> 27;
	return *s * 2685821657736338717ULL;
}

static const char *
pick(uint64_t *s, const char *const *v, size_t n)
{
	return v[next(s) % n];
}

#define N(a) (sizeof(a) / sizeof((a)[0]))

static const char *const frags[] = {"0", "1", "2", "3", "9", "00", "31", "12",
    "13", "2022", "-", "+", ".", "E", "e", "A", "Z", "USD", "P", "é", "ü", " ",
    "&#9;", "&#10;", "&#13;", "&#32;", "&amp;", "&#38;", "&lt;", "&gt;",
    "&quot;", "x", "-01", "-31", "NIT-900123456", "ANM", "1415", "E1", "true",
    "false", "𝔘", "\xc2\xa0", ""};

static const char *const names[] = {"id", "company", "entity", "stream",
    "amount", "currency", "date", "project", "note", "in-kind", "volume",
    "unit", "foo", "xsi:type"};

static const char *const good_value[] = {"\"P-%lu\"", "\"NIT-900123456\"",
    "\"ANM\"", "\"1415E1\"", "\"-12.50\"", "\"COP\"", "\"2022-06-30\"",
    "\"PR-1\"", "\"n\"", "\"false\"", "\"3\"", "\"t\""};

/* A random value: mostly a good one, else 1..6 fragments. */
static char *
value(uint64_t *s, size_t attr, unsigned long serial)
{
	char buf[256] = "\"";
	int k, n;

	if (attr < N(good_value) && next(s) % 4 != 0)
		return eiti_xasprintf(good_value[attr], serial);
	n = 1 + (int)(next(s) % 6);
	for (k = 0; k < n; k++)
		strncat(buf, pick(s, frags, N(frags)),
		    sizeof(buf) - strlen(buf) - 2);
	strcat(buf, "\"");
	return eiti_xasprintf("%s", buf);
}

static char *
random_payment(uint64_t *s, unsigned long serial)
{
	char *p = eiti_xasprintf("<payment"), *t, *v;
	size_t a;

	for (a = 0; a < N(names); a++) {
		/* required ones usually, optional ones sometimes */
		unsigned r = (unsigned)(next(s) % 100);

		if (r >= (a < 5 ? 97u : a < 12 ? 30u : 3u))
			continue;
		v = value(s, a, serial);
		t = eiti_xasprintf("%s %s=%s", p, names[a], v);
		free(v);
		free(p);
		p = t;
	}
	t = eiti_xasprintf(
	    "%s%s\n", p, next(s) % 50 == 0 ? "> </payment>" : "/>");
	free(p);
	return t;
}

START_TEST(test_generated)
{
	uint64_t s = 0x9e3779b97f4a7c15ULL;
	unsigned long before = vx_fast_taken(), serial = 10;
	int doc, k;

	for (doc = 0; doc < 4000; doc++) {
		char *body = eiti_xasprintf("%s", GOOD("P-1")), *t, *p;

		for (k = 0; k < 3; k++) {
			p = random_payment(&s, serial++);
			t = eiti_xasprintf(
			    "%s%s%s", body, p, next(&s) % 2 ? GOOD("P-2") : "");
			free(p);
			free(body);
			body = t;
		}
		same_both_ways(body);
		free(body);
	}
	/* Some of them were short-cut. */
	ck_assert_uint_gt(vx_fast_taken() - before, 1000);
}
END_TEST

static Suite *
suite(void)
{
	Suite *s = suite_create("xsdfast");
	TCase *tc = tcase_create("core");

	tcase_set_timeout(tc, 300);
	tcase_add_test(tc, test_schema_digest);
	tcase_add_test(tc, test_taken);
	tcase_add_test(tc, test_attributes);
	tcase_add_test(tc, test_forms);
	tcase_add_test(tc, test_generated);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	SRunner *sr;
	int failed;
	const char *t = getenv("TMPDIR");

	snprintf(tmpdir, sizeof(tmpdir), "%s/xsdfast.XXXXXX",
	    t != NULL ? t : "/tmp");
	if (mkdtemp(tmpdir) == NULL)
		return 99;
	sr = srunner_create(suite());
	srunner_set_fork_status(sr, CK_NOFORK);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	{
		char *p = eiti_xasprintf("%s/d.xml", tmpdir);

		unlink(p);
		free(p);
		rmdir(tmpdir);
	}
	printf("xsdfast: %lu documents compared\n", cases);
	return failed == 0 ? 0 : 1;
}
