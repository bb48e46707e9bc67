/*
 * check_validate.c - unit tests of the validate stage: the parser option
 * mask, the entity loader, the loaders (manifest, adjustments,
 * disclosure with a sink and a manifest context), the shared rules and
 * the compact string set, and the stream table of the model.
 *
 * Needs EITIREP_DATADIR (schemas) and top_srcdir (fixtures), both set by
 * `make check`.  Temporary files go to a mkdtemp() directory.
 */
#include "config.h"

#include <check.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <libxml/parser.h>
#include <libxml/parserInternals.h>

#include "core/diag.h"
#include "core/err.h"
#include "core/paths.h"
#include "model/model.h"
#include "validate/identity.h"
#include "validate/internal.h"
#include "validate/validate.h"

static char tmpdir[PATH_MAX];

static const char *
srcdir(void)
{
	const char *s = getenv("top_srcdir");

	return s != NULL ? s : ".";
}

static char *
fixture(const char *rel)
{
	return eiti_xasprintf("%s/fixtures/%s", srcdir(), rel);
}

/* Write text to a new file in tmpdir; returns its path (free it). */
static char *
write_tmp(const char *name, const char *text, size_t len)
{
	char *path = eiti_xasprintf("%s/%s", tmpdir, name);
	FILE *fp = fopen(path, "wb");

	ck_assert_ptr_nonnull(fp);
	ck_assert_uint_eq(fwrite(text, 1, len, fp), len);
	ck_assert_int_eq(fclose(fp), 0);
	return path;
}

static char *
write_str(const char *name, const char *text)
{
	return write_tmp(name, text, strlen(text));
}

/* Number of findings with rule id rule. */
static size_t
count_rule(const struct eiti_diags *d, const char *rule)
{
	size_t i, n = 0;

	for (i = 0; i < d->n; i++)
		if (strcmp(eiti_rule_id(d->v[i].rule), rule) == 0)
			n++;
	return n;
}

static const struct eiti_diag *
find_rule(const struct eiti_diags *d, const char *rule)
{
	size_t i;

	for (i = 0; i < d->n; i++)
		if (strcmp(eiti_rule_id(d->v[i].rule), rule) == 0)
			return &d->v[i];
	return NULL;
}

#define DISC_HEAD                                                              \
	"<disclosure xmlns=\"urn:eitirep:disclosure:1\" role=\"%s\" "          \
	"country=\"CO\" period-start=\"2022-01-01\" "                          \
	"period-end=\"2022-12-31\" reporter=\"X\" currency=\"COP\">\n"         \
	"<entity id=\"ANM\" name=\"Agencia Nacional de Minería\" "            \
	"level=\"national\"/>\n"                                               \
	"<company id=\"NIT-900123456\" name=\"Carbones del Cesar S.A.S.\" "    \
	"sector=\"mining\"/>\n"

/* A disclosure with the standard header and the given payments. */
static char *
disclosure(const char *name, const char *role, const char *payments)
{
	char *text =
	    eiti_xasprintf(DISC_HEAD "%s</disclosure>\n", role, payments);
	char *path = write_str(name, text);

	free(text);
	return path;
}

/* ------------------------------------------------------------------ */

START_TEST(test_option_mask)
{
	int o = eiti_xml_parse_options();

	/* Never these, whoever edits xml.c later. */
	ck_assert_int_eq(o & XML_PARSE_NOENT, 0);
	ck_assert_int_eq(o & XML_PARSE_HUGE, 0);
	ck_assert_int_eq(o & XML_PARSE_DTDLOAD, 0);
	ck_assert_int_eq(o & XML_PARSE_DTDATTR, 0);
	ck_assert_int_eq(o & XML_PARSE_DTDVALID, 0);
	ck_assert_int_eq(o & XML_PARSE_XINCLUDE, 0);
	ck_assert_int_eq(o & XML_PARSE_RECOVER, 0);
	ck_assert_int_ne(o & XML_PARSE_NONET, 0);
	ck_assert_uint_eq(eiti_xml_max_size(), EITI_XML_MAX_SIZE_DEFAULT);
}
END_TEST

static bool
loader_allows(const char *url)
{
	xmlParserCtxtPtr ctxt = xmlNewParserCtxt();
	xmlParserInputPtr in;
	bool ok;

	ck_assert_ptr_nonnull(ctxt);
	in = xmlLoadExternalEntity(url, NULL, ctxt);
	ok = in != NULL;
	if (in != NULL)
		xmlFreeInputStream(in);
	xmlFreeParserCtxt(ctxt);
	return ok;
}

START_TEST(test_loader)
{
	char *secret = write_str("secret.txt", "TOP SECRET\n");
	char *url = eiti_xasprintf("file://%s", secret);
	char *xsd = eiti_xasprintf("%s/schemas/disclosure.xsd",
	    getenv("EITIREP_DATADIR") ? getenv("EITIREP_DATADIR") : ".");
	char *escape = eiti_xasprintf("%s/schemas/../configure.ac",
	    getenv("EITIREP_DATADIR") ? getenv("EITIREP_DATADIR") : ".");
	unsigned long before = eiti_xml_denied_loads();

	ck_assert(!loader_allows(secret));
	ck_assert(!loader_allows(url));
	ck_assert(!loader_allows("/etc/passwd"));
	ck_assert(!loader_allows("http://127.0.0.1:9/x.dtd"));
	ck_assert(!loader_allows("ftp://127.0.0.1/x"));
	ck_assert(!loader_allows(escape));
	ck_assert_uint_eq(eiti_xml_denied_loads() - before, 6);
	/* The schemas themselves must stay loadable. */
	ck_assert(loader_allows(xsd));
	free(secret);
	free(url);
	free(xsd);
	free(escape);
}
END_TEST

/* ------------------------------------------------------------------ */

START_TEST(test_manifest_load)
{
	struct eiti_diags d;
	struct eiti_err err = EITI_ERR_INIT;
	struct eiti_manifest *m = NULL;
	char *path = fixture("valid/manifest-2022.xml");
	const struct eiti_rate_decl *usd;

	eiti_diags_init(&d);
	ck_assert_int_eq(eiti_manifest_load(&m, path, &d, &err), 0);
	ck_assert_uint_eq(d.errors, 0);
	ck_assert_ptr_nonnull(m);
	ck_assert_str_eq(m->country, "CO");
	ck_assert_str_eq(m->period_start, "2022-01-01");
	ck_assert_str_eq(m->period_end, "2022-12-31");
	ck_assert_str_eq(m->currency, "COP");
	ck_assert_int_eq(m->currency_digits, 2);
	ck_assert_str_eq(m->lang, "es");
	ck_assert(!m->level_project);
	ck_assert_str_eq(m->title, "Informe de conciliación 2022 (muestra)");
	ck_assert_str_eq(
	    m->administrator, "Auditores Independientes de Ejemplo S.A.S.");
	ck_assert(m->has_thresholds && m->has_materiality);
	ck_assert_int_eq(m->materiality, 100000000);
	ck_assert_int_eq(m->abs_tol, 500000000);
	ck_assert_int_eq(m->rel_tol.coef, 5);
	ck_assert_int_eq(m->rel_tol.scale, 3);
	ck_assert_uint_eq(m->ntolerances, 1);
	ck_assert_str_eq(m->tolerances[0].stream, "1415E1");
	ck_assert_str_eq(m->tolerances[0].entity, "ANM");
	ck_assert_int_eq(m->tolerances[0].abs, 40000000);
	ck_assert_uint_eq(m->nrates, 1);
	usd = eiti_manifest_rate(m, "USD");
	ck_assert_ptr_nonnull(usd);
	ck_assert_int_eq(usd->value.coef, 425544);
	ck_assert_int_eq(usd->value.scale, 2);
	ck_assert_ptr_null(eiti_manifest_rate(m, "COP"));
	ck_assert_uint_eq(m->nsources, 2);
	ck_assert_int_eq(m->sources[0].role, EITI_ROLE_COMPANY);
	ck_assert_int_eq(m->sources[1].role, EITI_ROLE_GOVERNMENT);
	ck_assert_str_eq(m->sources[1].href, "file:government-anm-2022.xml");
	ck_assert_str_eq(m->adjustments_href, "adjustments-2022.xml");
	ck_assert_uint_eq(m->naliases, 1);
	ck_assert_str_eq(m->aliases[0].name, "CARBONES DEL CESAR");
	{
		char *dir = eiti_path_dirname(path);

		ck_assert_str_eq(m->dir, dir);
		free(dir);
	}
	eiti_manifest_free(m);
	eiti_manifest_free(NULL);
	eiti_diags_free(&d);
	free(path);
}
END_TEST

START_TEST(test_manifest_rules)
{
	struct eiti_diags d;
	struct eiti_err err = EITI_ERR_INIT;
	struct eiti_manifest *m = NULL;
	char *path = write_str("m.xml",
	    "<reconciliation xmlns=\"urn:eitirep:manifest:1\" country=\"CO\" "
	    "period-start=\"2022-01-01\" period-end=\"2022-12-31\" "
	    "currency=\"COP\">\n"
	    "<thresholds materiality=\"1.001\"/>\n<thresholds/>\n"
	    "<rate currency=\"COP\" value=\"1\" source=\"x\"/>\n"
	    "<rate currency=\"USD\" value=\"4000\" source=\"x\"/>\n"
	    "<rate currency=\"USD\" value=\"4100\" source=\"x\"/>\n"
	    "<source role=\"company\" href=\"m.xml\"/>\n"
	    "<source role=\"government\" href=\"g.xml\"/>\n"
	    "<source role=\"government\" href=\"file:g.xml\"/>\n"
	    "<tolerance stream=\"1415E1\"/>\n"
	    "<alias id=\"A\" name=\"X\"/><alias id=\"B\" name=\"X\"/>\n"
	    "</reconciliation>\n");

	eiti_diags_init(&d);
	ck_assert_int_eq(eiti_manifest_load(&m, path, &d, &err), 1);
	ck_assert_ptr_null(m);
	ck_assert_uint_eq(count_rule(&d, "AMT-DIGITS"), 1);
	ck_assert_uint_eq(count_rule(&d, "MAN-DUP"), 1);
	ck_assert_uint_eq(count_rule(&d, "MAN-RATE-DUP"), 2);
	ck_assert_uint_eq(count_rule(&d, "MAN-SELF"), 1);
	ck_assert_uint_eq(count_rule(&d, "SRC-DUP"), 1);
	ck_assert_uint_eq(count_rule(&d, "TOL-EMPTY"), 1);
	ck_assert_uint_eq(count_rule(&d, "ALIAS-DUP"), 1);
	ck_assert_uint_eq(count_rule(&d, "XSD"), 0);
	/* Positions point at the offending value. */
	ck_assert_uint_eq(find_rule(&d, "MAN-SELF")->line, 7);
	ck_assert_uint_eq(find_rule(&d, "MAN-SELF")->col, 30);
	eiti_diags_free(&d);
	free(path);
}
END_TEST

/* Titles, conclusions and recommendations per language (xml:lang); at
 * most one title and one conclusions element per language. */
START_TEST(test_manifest_texts)
{
	static const char head[] =
	    "<reconciliation xmlns=\"urn:eitirep:manifest:1\" country=\"CO\" "
	    "period-start=\"2022-01-01\" period-end=\"2022-12-31\" "
	    "currency=\"COP\" lang=\"es\">\n";
	struct eiti_diags d;
	struct eiti_err err = EITI_ERR_INIT;
	struct eiti_manifest *m = NULL;
	char *path = write_str("t.xml",
	    "<reconciliation xmlns=\"urn:eitirep:manifest:1\" country=\"CO\" "
	    "period-start=\"2022-01-01\" period-end=\"2022-12-31\" "
	    "currency=\"COP\" lang=\"es\">\n"
	    "<title xml:lang=\"en\">Report  2022</title>\n"
	    "<title xml:lang=\"es\">Informe\n 2022</title>\n"
	    "<recommendation>Sin idioma.</recommendation>\n"
	    "<conclusions xml:lang=\"es\"><p>Uno.</p>\n<p> Dos  y\ntres. "
	    "</p></conclusions>\n"
	    "<conclusions xml:lang=\"en\"><p>One.</p></conclusions>\n"
	    "<recommendation xml:lang=\"en\">Publish.</recommendation>\n"
	    "</reconciliation>\n");
	char *s;

	eiti_diags_init(&d);
	ck_assert_int_eq(eiti_manifest_load(&m, path, &d, &err), 0);
	ck_assert_uint_eq(m->ntitles, 2);
	ck_assert_str_eq(m->titles[0].lang, "en");
	ck_assert_str_eq(m->titles[0].text, "Report 2022");
	/* the one in the manifest's language */
	ck_assert_str_eq(m->title, "Informe 2022");
	ck_assert_uint_eq(m->nconclusions, 3);
	ck_assert_str_eq(m->conclusions[1].lang, "es");
	ck_assert_str_eq(m->conclusions[1].text, "Dos y tres.");
	ck_assert_str_eq(m->conclusions[2].lang, "en");
	ck_assert_uint_eq(m->nrecommendations, 2);
	ck_assert_str_eq(m->recommendations[0].lang, "");
	ck_assert_str_eq(m->recommendations[1].text, "Publish.");
	ck_assert_uint_eq(strlen(m->sha256), 64);
	eiti_manifest_free(m);
	eiti_diags_free(&d);
	free(path);

	s = eiti_xasprintf("%s<title>A</title><title xml:lang=\"en\">B</title>"
			   "<title>C</title>\n<conclusions xml:lang=\"en\"><p>x"
			   "</p></conclusions><conclusions xml:lang=\"en\"><p>"
			   "y</p></conclusions></reconciliation>\n",
	    head);
	path = write_str("t2.xml", s);
	eiti_diags_init(&d);
	ck_assert_int_eq(eiti_manifest_load(&m, path, &d, &err), 1);
	ck_assert_uint_eq(count_rule(&d, "MAN-DUP"), 2);
	ck_assert_uint_eq(count_rule(&d, "XSD"), 0);
	eiti_diags_free(&d);
	free(path);
	free(s);
}
END_TEST

START_TEST(test_adjustments_load)
{
	struct eiti_diags d;
	struct eiti_err err = EITI_ERR_INIT;
	struct eiti_manifest *m = NULL;
	struct eiti_adjustments *a = NULL;
	char *mp = fixture("valid/manifest-2022.xml");
	char *ap = fixture("valid/adjustments-2022.xml");
	char *bad;

	eiti_diags_init(&d);
	ck_assert_int_eq(eiti_manifest_load(&m, mp, &d, &err), 0);
	ck_assert_int_eq(
	    eiti_adjustments_load(&a, ap, "adj.xml", m, &d, &err), 0);
	ck_assert_uint_eq(a->nitems, 2);
	ck_assert(!a->items[0].is_explanation);
	ck_assert_int_eq(a->items[0].side, EITI_ROLE_GOVERNMENT);
	ck_assert_int_eq(a->items[0].amount, 2500000);
	ck_assert_str_eq(a->items[0].klass, "timing");
	ck_assert_str_eq(a->items[0].ref, "Oficio ANM 2023-114");
	ck_assert(a->items[1].is_explanation);
	ck_assert_ptr_null(a->items[1].currency);
	ck_assert_str_eq(a->file, "adj.xml");
	eiti_adjustments_free(a);
	a = NULL;

	/* A foreign currency without a rate, a project at level stream, an
	 * empty reason. */
	bad = write_str("adj.xml",
	    "<adjustments xmlns=\"urn:eitirep:adjustments:1\">\n"
	    "<adjustment side=\"company\" company=\"A\" entity=\"ANM\" "
	    "stream=\"1415E1\" amount=\"5\" currency=\"EUR\" reason=\" \" "
	    "project=\"P\"/>\n</adjustments>\n");
	ck_assert_int_eq(eiti_adjustments_load(&a, bad, NULL, m, &d, &err), 1);
	ck_assert_ptr_null(a);
	ck_assert_uint_eq(count_rule(&d, "RATE-MISSING"), 1);
	ck_assert_uint_eq(count_rule(&d, "ADJ-REASON"), 1);
	ck_assert_uint_eq(count_rule(&d, "ADJ-KEY"), 1);
	ck_assert_uint_eq(count_rule(&d, "XSD"), 0);
	eiti_manifest_free(m);
	eiti_diags_free(&d);
	free(mp);
	free(ap);
	free(bad);
}
END_TEST

/* ------------------------------------------------------------------ */

struct tally {
	int headers, entities, companies, totals, payments;
	int64_t sum;
	int stop_after; /* 0: never */
	struct eiti_err *err;
	char role[16];
	unsigned long last_line;
};

static int
t_header(void *ud, const struct eiti_disclosure_hdr *h)
{
	struct tally *t = ud;

	t->headers++;
	snprintf(t->role, sizeof(t->role), "%s", eiti_role_name(h->role));
	return 0;
}

static int
t_entity(void *ud, const struct eiti_disclosure_hdr *h,
    const struct eiti_entity_decl *e)
{
	((struct tally *)ud)->entities++;
	return 0;
}

static int
t_company(void *ud, const struct eiti_disclosure_hdr *h,
    const struct eiti_company_decl *c)
{
	((struct tally *)ud)->companies++;
	return 0;
}

static int
t_total(void *ud, const struct eiti_disclosure_hdr *h,
    const struct eiti_total_decl *x)
{
	((struct tally *)ud)->totals++;
	return 0;
}

static int
t_payment(
    void *ud, const struct eiti_disclosure_hdr *h, const struct eiti_payment *p)
{
	struct tally *t = ud;

	t->payments++;
	t->sum += p->amount;
	t->last_line = p->line;
	if (t->stop_after != 0 && t->payments >= t->stop_after)
		return eiti_err_set(t->err, EITI_ERR_IO, "test: stop");
	return 0;
}

START_TEST(test_disclosure_sink)
{
	struct eiti_diags d;
	struct eiti_err err = EITI_ERR_INIT;
	struct tally t = {0};
	struct eiti_disclosure_sink sink = {
	    &t, t_header, t_entity, t_company, t_total, t_payment};
	char *path = fixture("valid/government-anm-2022.xml");

	eiti_diags_init(&d);
	t.err = &err;
	ck_assert_int_eq(
	    eiti_disclosure_read(path, "gov.xml", NULL, &sink, &d, &err), 0);
	ck_assert_uint_eq(d.errors, 0);
	ck_assert_int_eq(t.headers, 1);
	ck_assert_str_eq(t.role, "government");
	ck_assert_int_eq(t.entities, 1);
	ck_assert_int_eq(t.companies, 2);
	ck_assert_int_eq(t.totals, 1);
	ck_assert_int_eq(t.payments, 4);
	ck_assert_int_eq(
	    t.sum, 123456789 + 127500000 + 5000000000LL + 84000000000LL);
	ck_assert_uint_eq(t.last_line, 20);

	/* A sink that fails stops the read with its error. */
	memset(&t, 0, sizeof(t));
	t.err = &err;
	t.stop_after = 2;
	ck_assert_int_eq(
	    eiti_disclosure_read(path, NULL, NULL, &sink, &d, &err), -1);
	ck_assert_int_eq(t.payments, 2);
	ck_assert_int_eq(err.kind, EITI_ERR_IO);
	ck_assert_str_eq(err.msg, "test: stop");
	eiti_diags_free(&d);
	free(path);
}
END_TEST

/* A manifest built by hand: CO, 2022, COP, one alias, no rate. */
static void
small_manifest(struct eiti_manifest *m, struct eiti_alias_decl *alias)
{
	memset(m, 0, sizeof(*m));
	m->country = "CO";
	m->period_start = "2022-01-01";
	m->period_end = "2022-12-31";
	m->currency = "COP";
	m->currency_digits = 2;
	alias->id = "NIT-900123456";
	alias->name = "CARBONES DEL CESAR";
	m->aliases = alias;
	m->naliases = 1;
}

START_TEST(test_disclosure_context)
{
	struct eiti_diags d;
	struct eiti_err err = EITI_ERR_INIT;
	struct eiti_manifest m;
	struct eiti_alias_decl alias;
	struct eiti_disclosure_ctx ctx = {&m, EITI_ROLE_GOVERNMENT};
	char *path = disclosure("ctx.xml", "company",
	    "<payment id=\"1\" company=\"CARBONES DEL CESAR\" entity=\"ANM\" "
	    "stream=\"1415E1\" amount=\"10\" currency=\"USD\"/>\n"
	    "<payment id=\"2\" company=\"NIT-900123456\" entity=\"ANM\" "
	    "stream=\"1415E1\" amount=\"10\" currency=\"USD\"/>\n");

	small_manifest(&m, &alias);
	eiti_diags_init(&d);
	ck_assert_int_eq(
	    eiti_disclosure_read(path, NULL, &ctx, NULL, &d, &err), 0);
	/* The alias counts as a declaration; USD has no rate (once); the
	 * manifest lists the file as a government source. */
	ck_assert_uint_eq(count_rule(&d, "REF-COMPANY"), 0);
	ck_assert_uint_eq(count_rule(&d, "RATE-MISSING"), 1);
	ck_assert_uint_eq(count_rule(&d, "SRC-ROLE"), 1);
	ck_assert_uint_eq(d.errors, 2);

	/* Without the manifest the alias is an undeclared company. */
	eiti_diags_free(&d);
	eiti_diags_init(&d);
	ck_assert_int_eq(
	    eiti_disclosure_read(path, NULL, NULL, NULL, &d, &err), 0);
	ck_assert_uint_eq(count_rule(&d, "REF-COMPANY"), 1);
	ck_assert_uint_eq(d.errors, 1);

	/* A disclosure period outside the manifest's is an error, a part of
	 * it a warning. */
	eiti_diags_free(&d);
	eiti_diags_init(&d);
	m.period_start = "2022-07-01";
	ctx.expected_role = EITI_ROLE_COMPANY;
	ck_assert_int_eq(
	    eiti_disclosure_read(path, NULL, &ctx, NULL, &d, &err), 0);
	ck_assert_uint_eq(count_rule(&d, "DATE-PERIOD"), 1);
	ck_assert_int_eq(find_rule(&d, "DATE-PERIOD")->sev, EITI_SEV_ERROR);
	eiti_diags_free(&d);
	eiti_diags_init(&d);
	m.period_start = "2021-01-01";
	ck_assert_int_eq(
	    eiti_disclosure_read(path, NULL, &ctx, NULL, &d, &err), 0);
	ck_assert_uint_eq(count_rule(&d, "DATE-PERIOD"), 1);
	ck_assert_int_eq(find_rule(&d, "DATE-PERIOD")->sev, EITI_SEV_WARNING);
	ck_assert_uint_eq(d.errors, 1); /* RATE-MISSING */
	eiti_diags_free(&d);
	free(path);
}
END_TEST

START_TEST(test_disclosure_rules)
{
	struct eiti_diags d;
	struct eiti_err err = EITI_ERR_INIT;
	char *path = disclosure("rules.xml", "company",
	    "<payment id=\"1\" company=\"NIT-900123456\" entity=\"ANM\" "
	    "stream=\"1415E1\" amount=\"1.005\" date=\"2023-01-01\"/>\n"
	    "<payment id=\"1\" company=\"NIT-1\" entity=\"ANM\" "
	    "stream=\"9999E\" amount=\"1e3\" date=\"2022-02-30\"/>\n"
	    "<payment id=\"3\" company=\"NIT-1\" entity=\"DIAN\" "
	    "stream=\"9999E\" amount=\"100\" currency=\"CLP\" "
	    "in-kind=\"true\" volume=\"5\"/>\n");

	eiti_diags_init(&d);
	ck_assert_int_eq(eiti_validate_file(path, &d, &err), 0);
	ck_assert_uint_eq(count_rule(&d, "AMT-DIGITS"), 1);
	ck_assert_uint_eq(count_rule(&d, "DATE-PERIOD"), 1);
	ck_assert_uint_eq(count_rule(&d, "PAY-ID-DUP"), 1);
	ck_assert_uint_eq(count_rule(&d, "REF-COMPANY"), 1); /* once */
	ck_assert_uint_eq(count_rule(&d, "REF-ENTITY"), 1);
	ck_assert_uint_eq(count_rule(&d, "CODE-STREAM"), 1); /* once */
	ck_assert_uint_eq(count_rule(&d, "AMT-SYNTAX"), 1);
	ck_assert_uint_eq(count_rule(&d, "DATE-FORMAT"), 1);
	ck_assert_uint_eq(count_rule(&d, "INKIND"), 1);
	/* The rules silenced the schema's own complaints. */
	ck_assert_uint_eq(count_rule(&d, "XSD"), 0);
	ck_assert_uint_eq(find_rule(&d, "PAY-ID-DUP")->line, 5);
	ck_assert_uint_eq(find_rule(&d, "PAY-ID-DUP")->col, 14);
	eiti_diags_free(&d);
	free(path);
}
END_TEST

/* ------------------------------------------------------------------ */

START_TEST(test_hostile)
{
	struct eiti_diags d;
	struct eiti_err err = EITI_ERR_INIT;
	char *secret = write_str("secret2.txt", "NEVER-PRINT-THIS\n");
	char *xxe_text = eiti_xasprintf(
	    "<?xml version=\"1.0\"?>\n<!DOCTYPE d [<!ENTITY x SYSTEM "
	    "\"file://%s\">]>\n<disclosure xmlns=\"urn:eitirep:disclosure:1\" "
	    "reporter=\"&x;\"/>\n",
	    secret);
	char *xxe = write_str("xxe.xml", xxe_text);
	char *deep_text = NULL, *deep, *big, *nul;
	size_t i, n;

	eiti_diags_init(&d);
	ck_assert_int_eq(eiti_validate_file(xxe, &d, &err), 0);
	ck_assert_uint_eq(d.n, 1);
	ck_assert_str_eq(eiti_rule_id(d.v[0].rule), "SEC-DOCTYPE");
	ck_assert_uint_eq(d.v[0].line, 2);
	for (i = 0; i < d.n; i++)
		ck_assert_ptr_null(strstr(d.v[i].msg, "NEVER-PRINT"));

	/* Nesting beyond the limit stops the parse. */
	n = 300;
	deep_text = eiti_xmalloc(n * 7 + 200);
	strcpy(deep_text, "<disclosure xmlns=\"urn:eitirep:disclosure:1\">");
	for (i = 0; i < n; i++)
		strcat(deep_text, "<a>");
	deep = write_str("deep.xml", deep_text);
	eiti_diags_free(&d);
	eiti_diags_init(&d);
	ck_assert_int_eq(eiti_validate_file(deep, &d, &err), 0);
	ck_assert_uint_eq(count_rule(&d, "SEC-DEPTH"), 1);

	/* The size cap. */
	eiti_xml_set_max_size(200);
	big = fixture("valid/company-carbones-2022.xml");
	eiti_diags_free(&d);
	eiti_diags_init(&d);
	ck_assert_int_eq(eiti_validate_file(big, &d, &err), 0);
	ck_assert_uint_eq(count_rule(&d, "SEC-SIZE"), 1);
	eiti_xml_set_max_size(EITI_XML_MAX_SIZE_DEFAULT);

	/* A NUL byte is a located parser error. */
	{
		static const char text[] = "<disclosure xmlns=\"urn:eitirep:"
					   "disclosure:1\">\n\0</disclosure>";

		nul = write_tmp("nul.xml", text, sizeof(text) - 1);
	}
	eiti_diags_free(&d);
	eiti_diags_init(&d);
	ck_assert_int_eq(eiti_validate_file(nul, &d, &err), 0);
	ck_assert_uint_ge(count_rule(&d, "XML"), 1);
	ck_assert_uint_eq(find_rule(&d, "XML")->line, 2);
	ck_assert_int_eq(err.kind, 0);
	eiti_diags_free(&d);
	free(secret);
	free(xxe_text);
	free(xxe);
	free(deep_text);
	free(deep);
	free(big);
	free(nul);
}
END_TEST

START_TEST(test_io_errors)
{
	struct eiti_diags d;
	struct eiti_err err = EITI_ERR_INIT;
	struct eiti_manifest *m = NULL;
	char *missing = eiti_xasprintf("%s/missing.xml", tmpdir);

	eiti_diags_init(&d);
	ck_assert_int_eq(eiti_validate_file(missing, &d, &err), -1);
	ck_assert_int_eq(err.kind, EITI_ERR_IO);
	ck_assert_ptr_nonnull(strstr(err.msg, "missing.xml"));
	err = (struct eiti_err)EITI_ERR_INIT;
	ck_assert_int_eq(eiti_manifest_load(&m, tmpdir, &d, &err), -1);
	ck_assert_int_eq(err.kind, EITI_ERR_IO);
	ck_assert_ptr_nonnull(strstr(err.msg, "directory"));
	ck_assert_uint_eq(d.n, 0);
	eiti_diags_free(&d);
	free(missing);
}
END_TEST

START_TEST(test_kind)
{
	struct eiti_diags d;
	struct eiti_err err = EITI_ERR_INIT;
	struct eiti_manifest *m = NULL;
	char *disc = fixture("valid/company-carbones-2022.xml");

	eiti_diags_init(&d);
	/* A disclosure where a manifest is expected. */
	ck_assert_int_eq(eiti_manifest_load(&m, disc, &d, &err), 1);
	ck_assert_uint_eq(d.n, 1);
	ck_assert_str_eq(eiti_rule_id(d.v[0].rule), "KIND");
	eiti_diags_free(&d);
	free(disc);
}
END_TEST

/* ------------------------------------------------------------------ */

START_TEST(test_dates)
{
	static const struct {
		const char *s;
		bool ok;
		long days;
	} v[] = {
	    {"1970-01-01", true, 0},
	    {"2022-01-01", true, 18993},
	    {"2024-02-29", true, 19782},
	    {"2000-02-29", true, 11016},
	    {"2023-02-29", false, 0},
	    {"1900-02-29", false, 0},
	    {"2022-04-31", false, 0},
	    {"2022-13-01", false, 0},
	    {"2022-00-10", false, 0},
	    {"2022-1-01", false, 0},
	    {"2022-01-01T00:00", false, 0},
	    {"22-01-01", false, 0},
	    {"", false, 0},
	};
	size_t i;

	for (i = 0; i < sizeof(v) / sizeof(v[0]); i++) {
		long days = -1;

		ck_assert_msg(
		    vx_date_parse(&days, v[i].s) == v[i].ok, "%s", v[i].s);
		if (v[i].ok)
			ck_assert_int_eq(days, v[i].days);
	}
}
END_TEST

START_TEST(test_strset)
{
	struct vx_strset *s = vx_strset_new();
	char buf[64];
	unsigned long i;

	ck_assert_uint_eq(vx_strset_add(s, "a", 3), 0);
	ck_assert_uint_eq(vx_strset_add(s, "a", 9), 3);
	ck_assert_uint_eq(vx_strset_add(s, "", 4), 0);
	ck_assert_uint_eq(vx_strset_add(s, "", 5), 4);
	/* Enough to grow the table many times. */
	for (i = 1; i <= 200000; i++) {
		snprintf(buf, sizeof(buf), "ID-%07lu", i);
		ck_assert_uint_eq(vx_strset_add(s, buf, i), 0);
	}
	for (i = 1; i <= 200000; i += 997) {
		snprintf(buf, sizeof(buf), "ID-%07lu", i);
		ck_assert(vx_strset_has(s, buf));
		ck_assert_uint_eq(vx_strset_add(s, buf, 1), i);
	}
	ck_assert(!vx_strset_has(s, "ID-0000000"));
	ck_assert(vx_strset_has(s, "a"));
	ck_assert_uint_eq(vx_strset_count(s), 200002);
	vx_strset_free(s);
	vx_strset_free(NULL);

	/* Unpadded numbers in sequence stay in the sorted run ("9" before
	 * "10"); a few out of order, then many, which moves the run into the
	 * table: duplicates are found in every phase. */
	s = vx_strset_new_sequential();
	for (i = 1; i <= 3000; i++) {
		snprintf(buf, sizeof(buf), "%lu", i);
		ck_assert_uint_eq(vx_strset_add(s, buf, i), 0);
	}
	ck_assert_uint_eq(vx_strset_add(s, "9", 1), 9);
	ck_assert_uint_eq(vx_strset_add(s, "x-out-of-order", 5000), 0);
	ck_assert_uint_eq(vx_strset_add(s, "0", 5001), 0);
	ck_assert_uint_eq(vx_strset_add(s, "0", 5002), 5001);
	for (i = 0; i < 20000; i++) {
		/* A permutation of 0..19999 (7919 is prime to 20000). */
		unsigned long k = (i * 7919) % 20000;

		snprintf(buf, sizeof(buf), "R-%lu", k);
		ck_assert_uint_eq(vx_strset_add(s, buf, 10000 + k), 0);
	}
	for (i = 0; i < 20000; i += 37) {
		snprintf(buf, sizeof(buf), "R-%lu", i);
		ck_assert(vx_strset_has(s, buf));
		ck_assert_uint_eq(vx_strset_add(s, buf, 1), 10000 + i);
	}
	for (i = 1; i <= 3000; i += 101) {
		snprintf(buf, sizeof(buf), "%lu", i);
		ck_assert(vx_strset_has(s, buf));
		ck_assert_uint_eq(vx_strset_add(s, buf, 1), i);
	}
	ck_assert(!vx_strset_has(s, "R-20000"));
	ck_assert(vx_strset_has(s, "x-out-of-order"));
	ck_assert_uint_eq(vx_strset_count(s), 3000 + 2 + 20000);
	vx_strset_free(s);
}
END_TEST

START_TEST(test_streams)
{
	struct eiti_err err = EITI_ERR_INIT;
	const struct eiti_stream_info *s;
	size_t n;

	ck_assert_int_eq(eiti_streams_load(&err), 0);
	ck_assert_int_eq(eiti_streams_load(&err), 0); /* once */
	s = eiti_stream_lookup("1415E1");
	ck_assert_ptr_nonnull(s);
	ck_assert_str_eq(s->name_en, "Royalties");
	ck_assert_str_eq(s->name_es, "Regalías");
	ck_assert_str_eq(s->parent, "1415E");
	ck_assert_ptr_null(eiti_stream_lookup("1415E9"));
	ck_assert_ptr_null(eiti_stream_lookup(NULL));
	ck_assert_str_eq(eiti_stream_name("1415E2", "es"), "Bonos");
	ck_assert_str_eq(eiti_stream_name("1415E2", "en"), "Bonuses");
	ck_assert_str_eq(eiti_stream_name("XYZ", "es"), "XYZ");
	ck_assert_str_eq(eiti_stream_name("1112E1", "en"),
	    "Ordinary taxes on income, profits and capital gains");
	ck_assert_ptr_null(eiti_stream_lookup("11E")->parent);
	eiti_streams(&n);
	ck_assert_uint_eq(n, 40);
	ck_assert_str_eq(eiti_role_name(EITI_ROLE_COMPANY), "company");
	ck_assert_str_eq(eiti_role_name(EITI_ROLE_GOVERNMENT), "government");
}
END_TEST

static void
setup(void)
{
	snprintf(tmpdir, sizeof(tmpdir), "%s/check_validate.XXXXXX",
	    getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
	ck_assert_ptr_nonnull(mkdtemp(tmpdir));
	eiti_xml_init();
}

static void
teardown(void)
{
	char *cmd = eiti_xasprintf("rm -rf '%s'", tmpdir);

	ck_assert_int_eq(system(cmd), 0);
	free(cmd);
}

/* What a file that is not our XML looks like (sniff.c): the first bytes
 * decide, XML and unknown content go to the parser. */
START_TEST(test_sniff)
{
	static const struct {
		const char *bytes;
		size_t n;
		const char
		    *want; /* substring of the message; NULL: not sniffed */
	} v[] = {
	    {"<?xml version=\"1.0\"?>", 21, NULL},
	    {"\xef\xbb\xbf  \r\n<disclosure", 16, NULL}, {"", 0, NULL},
	    {"   ", 3, NULL},
	    {"hello", 5, NULL}, /* text, no delimiter: the parser's message */
	    {"a,b\x01c", 6, NULL}, /* control bytes: binary */
	    {"a,<b>", 5, NULL}, {"%PDF-1.7\n", 9, "a PDF document"},
	    {"PK\x03\x04....xl/workbook.xml", 26, "an xlsx workbook"},
	    {"PK\x03\x04....word/document.xml", 28, "a zip archive"},
	    {"  [1, 2]", 8, "JSON"},
	    {"\xef\xbb\xbf"
	     "a;b;c\r\n1;2;3",
		16, "a semicolon-separated table"},
	    {"a|b\n", 4, "a '|'-separated table"},
	    {"id,name\n", 8, "a CSV table (first line 'id,name')"},
	    {"\xff\xfe<\0?\0x\0m\0l\0", 12, NULL}, /* UTF-16 XML */
	    {"\xff\xfe"
	     "a\0\t\0b\0",
		8, "UTF-16 text"},
	    {"\xfe\xff\0a\0,\0b", 8, "UTF-16 text"},
	    {"\xff\xfe\0\0<\0\0\0", 8, NULL}, /* UTF-32LE */
	};
	char msg[1024];
	size_t i;

	for (i = 0; i < sizeof(v) / sizeof(v[0]); i++) {
		int got = vx_sniff_not_xml(
		    msg, sizeof(msg), v[i].bytes, v[i].n, "f.xml");

		ck_assert_msg(
		    got == (v[i].want != NULL), "case %zu: %d", i, got);
		if (got)
			ck_assert_msg(strstr(msg, v[i].want) != NULL,
			    "case %zu: %s", i, msg);
	}
	/* a long first line is quoted shortened, never inside a UTF-8
	 * sequence */
	{
		char line[200];

		memset(line, 'x', sizeof(line));
		memcpy(line + 59, "\xc3\xad,", 3);
		line[199] = '\n';
		ck_assert(vx_sniff_not_xml(
		    msg, sizeof(msg), line, sizeof(line), "f.csv"));
		ck_assert_msg(strstr(msg, "xx...'") != NULL, "%s", msg);
	}
	/* bytes that are not UTF-8, as Windows-1252 */
	ck_assert(vx_sniff_not_utf8(msg, sizeof(msg),
	    "Input is not proper UTF-8, indicate encoding ! Bytes: 0xE9 0x20",
	    "f.xml"));
	ck_assert_msg(
	    strstr(msg, "byte 0xE9 here is '\xc3\xa9'") != NULL, "%s", msg);
	ck_assert(strstr(msg, "iconv -f WINDOWS-1252 -t UTF-8 f.xml > "
			      "f.xml.utf8") != NULL);
	ck_assert(vx_sniff_not_utf8(msg, sizeof(msg),
	    "Input is not proper UTF-8, indicate encoding ! Bytes: 0x80 0x41",
	    "f.xml"));
	ck_assert_msg(strstr(msg, "'\xe2\x82\xac'") != NULL, "%s", msg);
	ck_assert(vx_sniff_not_utf8(msg, sizeof(msg),
	    "Input is not proper UTF-8, indicate encoding ! Bytes: 0x9D 0x41",
	    "f.xml"));
	ck_assert_msg(
	    strstr(msg, "byte 0x9D here): eitirep reads UTF-8 only") != NULL,
	    "%s", msg);
	ck_assert(!vx_sniff_not_utf8(
	    msg, sizeof(msg), "Char 0x0 out of allowed range", "f.xml"));
	ck_assert(!vx_sniff_not_utf8(msg, sizeof(msg), NULL, "f.xml"));
}
END_TEST

#define D_OPEN                                                                 \
	"<disclosure xmlns=\"urn:eitirep:disclosure:1\" role=\"company\" "     \
	"country=\"CO\" period-start=\"2022-01-01\" "                          \
	"period-end=\"2022-12-31\" reporter=\"X\" currency=\"COP\">"

/* The check a fetched body passes before it replaces the cached copy. */
START_TEST(test_body)
{
	static const struct {
		const char *bytes;
		enum eiti_doc_kind kind;
		const char *want; /* substring of the reason; NULL: accepted */
	} v[] = {
	    {D_OPEN "</disclosure>", EITI_DOC_DISCLOSURE, NULL},
	    {"\xef\xbb\xbf<?xml version=\"1.0\"?>\n" D_OPEN "</disclosure>\n",
		EITI_DOC_DISCLOSURE, NULL},
	    /* well-formed, not valid: reconcile says what is wrong */
	    {"<disclosure xmlns=\"urn:eitirep:disclosure:1\"><x/></disclosure>",
		EITI_DOC_DISCLOSURE, NULL},
	    {"<adjustments xmlns=\"urn:eitirep:adjustments:1\"/>",
		EITI_DOC_ADJUSTMENTS, NULL},
	    {D_OPEN "</disclosure>", EITI_DOC_ADJUSTMENTS,
		"root element is 'disclosure' in namespace"},
	    {"", EITI_DOC_DISCLOSURE, "the body is empty"},
	    {" \n", EITI_DOC_DISCLOSURE, "the body is empty"},
	    {"{\"error\": 503}", EITI_DOC_DISCLOSURE, "JSON"},
	    {"Service Unavailable\n", EITI_DOC_DISCLOSURE,
		"it begins \"Service Unavailable\""},
	    {"\x1f\x8b\x08\x00", EITI_DOC_DISCLOSURE, "gzip-compressed"},
	    {"%PDF-1.4", EITI_DOC_DISCLOSURE, "a PDF document"},
	    {"PK\x03\x04xl/", EITI_DOC_DISCLOSURE, "a zip archive"},
	    {"<!DOCTYPE html><html><body/></html>", EITI_DOC_DISCLOSURE,
		"an HTML page"},
	    {"<html><body>down</body></html>", EITI_DOC_DISCLOSURE,
		"an HTML page (root element 'html')"},
	    {"<html xmlns=\"http://www.w3.org/1999/xhtml\"/>",
		EITI_DOC_DISCLOSURE, "an XHTML page"},
	    {"<!DOCTYPE d [<!ENTITY e \"x\">]><d/>", EITI_DOC_DISCLOSURE,
		"a DOCTYPE"},
	    {"<disclosure/>", EITI_DOC_DISCLOSURE, "without a namespace"},
	    {D_OPEN "<company id=\"a\"", EITI_DOC_DISCLOSURE,
		"not well-formed XML: line 1"},
	    {D_OPEN, EITI_DOC_DISCLOSURE, "not well-formed"},
	    {D_OPEN "</disclosure><x/>", EITI_DOC_DISCLOSURE,
		"not well-formed"},
	    {"<?xml version=\"1.0\"?>", EITI_DOC_DISCLOSURE, "not well-formed"},
	};
	struct eiti_err err = EITI_ERR_INIT;
	char why[400];
	size_t i;

	for (i = 0; i < sizeof(v) / sizeof(v[0]); i++) {
		char *path = write_str("body.xml", v[i].bytes);
		int rc =
		    eiti_validate_body(path, v[i].kind, why, sizeof(why), &err);

		ck_assert_msg(rc == (v[i].want != NULL ? 1 : 0),
		    "case %zu: %d (%s)", i, rc, why);
		if (v[i].want != NULL)
			ck_assert_msg(strstr(why, v[i].want) != NULL,
			    "case %zu: %s", i, why);
		free(path);
	}
	ck_assert_int_eq(eiti_validate_body(tmpdir, EITI_DOC_DISCLOSURE, why,
			     sizeof(why), &err),
	    -1);
}
END_TEST

START_TEST(test_table_body)
{
#define BYTES(s) s, sizeof(s) - 1
	static const struct {
		const char *bytes;
		size_t n;
		int want;
	} v[] = {
	    {BYTES("PK\x03\x04....xl/workbook.xml"), 0},
	    {BYTES("PK\x03\x04....mimetypeapplication/vnd.oasis"), 0},
	    {BYTES("PK\x03\x04....word/document.xml"), 1},
	    {BYTES("a;b\n1;2\n"), 0},
	    {BYTES("<html/>"), 1},
	    {BYTES("{\"a\": 1}"), 1},
	    {BYTES("a\0b"), 1},
	    {BYTES(""), 1},
	};
#undef BYTES
	struct eiti_err err = EITI_ERR_INIT;
	char why[400];
	size_t i;

	for (i = 0; i < sizeof(v) / sizeof(v[0]); i++) {
		char *path = write_tmp("body.bin", v[i].bytes, v[i].n);

		ck_assert_msg(eiti_validate_table_body(
				  path, why, sizeof(why), &err) == v[i].want,
		    "case %zu: %s", i, why);
		free(path);
	}
}
END_TEST

/* The bytes a reader consumes go through its tap, all of them, even when
 * the parse stops early. */
struct tapped {
	size_t n;
	char buf[256];
};

static void
tap_bytes(void *ud, const void *p, size_t n)
{
	struct tapped *t = ud;

	ck_assert_uint_le(t->n + n, sizeof(t->buf));
	memcpy(t->buf + t->n, p, n);
	t->n += n;
}

START_TEST(test_read_tap)
{
	static const char *const docs[] = {
	    D_OPEN "</disclosure>\n",
	    "<!DOCTYPE x><x/>\n trailing bytes", /* stops at the DOCTYPE */
	    "not xml at all",
	};
	struct eiti_disclosure_sink sink;
	size_t i;

	memset(&sink, 0, sizeof(sink));
	for (i = 0; i < sizeof(docs) / sizeof(docs[0]); i++) {
		struct eiti_err err = EITI_ERR_INIT;
		struct eiti_diags d;
		struct tapped t = {0, {0}};
		struct eiti_read_tap tap = {tap_bytes, &t, 0, false};
		char *path = write_str("tap.xml", docs[i]);
		int fd = open(path, O_RDONLY);

		eiti_diags_init(&d);
		ck_assert_int_eq(eiti_disclosure_read_fd(fd, "tap.xml", NULL,
				     &sink, &d, &tap, &err),
		    0);
		ck_assert(tap.complete);
		ck_assert_int_eq(tap.total, (long long)strlen(docs[i]));
		ck_assert_uint_eq(t.n, strlen(docs[i]));
		ck_assert(memcmp(t.buf, docs[i], t.n) == 0);
		close(fd);
		eiti_diags_free(&d);
		free(path);
	}
}
END_TEST

/* The key company names are compared by across files (IDENT-NAME). */
START_TEST(test_company_name_key)
{
	static const struct {
		const char *name, *key;
	} v[] = {
	    {"Minera Andina S.A.C.", "minera andina"},
	    {"MINERA ANDINA SAC", "minera andina"},
	    {"Minera  Andina, S. A. C.", "minera andina"},
	    {"Carbones del Cesar S.A.S.", "carbones del cesar"},
	    {"Níquel de la Guajira Ltda.", "niquel de la guajira"},
	    {"Drummond Ltd", "drummond"},
	    {"Acme Mining Co., Inc.", "acme mining"},
	    {"Acme Mining LLC", "acme mining"},
	    {"Copper Corp", "copper"},
	    {"S.A.", "sa"}, /* a name that is only a legal form stays */
	    {"Cobre del Sur S.A.", "cobre del sur"},
	};
	char key[256];
	size_t i;

	for (i = 0; i < sizeof(v) / sizeof(v[0]); i++) {
		eiti_company_name_key(key, sizeof(key), v[i].name);
		ck_assert_msg(strcmp(key, v[i].key) == 0, "%s: '%s', not '%s'",
		    v[i].name, key, v[i].key);
	}
	/* Cut to the buffer, never overrun. */
	eiti_company_name_key(key, 8, "Minera Andina del Norte");
	ck_assert_uint_le(strlen(key), 7);
}
END_TEST

static Suite *
suite(void)
{
	Suite *s = suite_create("validate");
	struct {
		const char *name;
		const TTest *fn;
	} cases[] = {
	    {"option mask", test_option_mask},
	    {"entity loader", test_loader},
	    {"manifest load", test_manifest_load},
	    {"manifest rules", test_manifest_rules},
	    {"manifest texts", test_manifest_texts},
	    {"adjustments load", test_adjustments_load},
	    {"disclosure sink", test_disclosure_sink},
	    {"disclosure context", test_disclosure_context},
	    {"disclosure rules", test_disclosure_rules},
	    {"hostile input", test_hostile},
	    {"io errors", test_io_errors},
	    {"document kind", test_kind},
	    {"dates", test_dates},
	    {"string set", test_strset},
	    {"streams", test_streams},
	    {"sniff", test_sniff},
	    {"body", test_body},
	    {"table body", test_table_body},
	    {"read tap", test_read_tap},
	    {"company name key", test_company_name_key},
	};
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		TCase *tc = tcase_create(cases[i].name);

		tcase_add_checked_fixture(tc, setup, teardown);
		tcase_add_test(tc, cases[i].fn);
		tcase_set_timeout(tc, 60);
		suite_add_tcase(s, tc);
	}
	return s;
}

int
main(void)
{
	SRunner *sr = srunner_create(suite());
	int failed;

	srunner_set_fork_status(sr, CK_NOFORK);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	eiti_xml_cleanup();
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
