/*
 * export_samples.c - the sample results of export_samples.h.
 */
#include "config.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "core/arena.h"
#include "core/err.h"
#include "export_samples.h"

static struct eiti_arena *A;

static const char *
S(const char *s)
{
	return eiti_arena_strdup(A, s);
}

static void *
arr(size_t n, size_t size)
{
	return eiti_arena_alloc(A, n * size + 1);
}

static void
row(struct eiti_res_row *r, const char *cid, const char *cname, const char *eid,
    const char *ename, const char *stream, const char *project, int64_t c,
    int64_t g, int64_t ac, int64_t ag, enum eiti_status st, int hc, int hg)
{
	memset(r, 0, sizeof(*r));
	r->company_id = S(cid);
	r->company_name = S(cname);
	r->entity_id = S(eid);
	r->entity_name = S(ename);
	r->stream = S(stream);
	r->project = S(project);
	r->region = S("");
	r->c = c;
	r->g = g;
	r->ac = ac;
	r->ag = ag;
	r->d = c - g;
	r->f = (c + ac) - (g + ag);
	r->status = st;
	r->has_company = hc;
	r->has_government = hg;
	r->first_adj = 0;
	r->nadj = 0;
	r->in_kind = false;
	r->inkind_volume = S("");
	r->inkind_unit = S("");
}

/* Mark a row as paid in kind (EITI Requirement 4.2); volume and unit ""
 * for payments in several units. */
static void
in_kind(struct eiti_res_row *r, const char *volume, const char *unit)
{
	r->in_kind = true;
	r->inkind_volume = S(volume);
	r->inkind_unit = S(unit);
}

static void
company(struct eiti_res_company *c, const char *id, const char *name,
    const char *sector, const char *commodity, int in_scope, int reporting,
    int64_t g)
{
	memset(c, 0, sizeof(*c));
	c->id = S(id);
	c->name = S(name);
	c->sector = S(sector);
	c->commodity = S(commodity);
	c->in_scope = in_scope;
	c->reporting = reporting;
	c->g = g;
	c->aliases = S("");
}

static void
entity(struct eiti_res_entity *e, const char *id, const char *name,
    const char *level, const char *region)
{
	e->id = S(id);
	e->name = S(name);
	e->level = S(level);
	e->region = S(region);
}

static void
source(struct eiti_res_source *s, enum eiti_role role, const char *reporter,
    const char *url)
{
	memset(s, 0, sizeof(*s));
	s->role = role;
	s->href = S(url);
	s->reporter = S(reporter);
	s->url = S(url);
	s->final_url = S(url);
	s->etag = s->last_modified = s->retrieved = S("");
	s->outcome = S("fetched");
	s->sha256 = S("");
}

/* The figures the engine derives, derived as it does (model/results.h):
 * each row's d, f, tolerance, beyond-tolerance and status, and the
 * overall total, so that results.xml written from a sample loads. */
static struct eiti_results *
settle(struct eiti_results *r)
{
	size_t i, j;

	memset(&r->overall, 0, sizeof(r->overall));
	r->overall.key = r->overall.name = S("");
	for (i = 0; i < r->nrows; i++) {
		struct eiti_res_row *w = &r->rows[i];
		bool in_scope = true;

		for (j = 0; j < r->ncompanies; j++)
			if (strcmp(r->companies[j].id, w->company_id) == 0)
				in_scope = r->companies[j].in_scope;
		if (eiti_result_derive(w, in_scope, r->abs_tol, &r->rel_tol) !=
			EITI_DERIVE_OK ||
		    !eiti_result_total_add(&r->overall, w))
			abort();
	}
	return r;
}

static void
base(struct eiti_results *r)
{
	r->title = S("Informe de conciliación 2022");
	r->country = S("CO");
	r->period_start = S("2022-01-01");
	r->period_end = S("2022-12-31");
	r->lang = S("es");
	r->administrator = S("Auditores Ficticios S.A.S.");
	r->logo = S("");
	r->rel_tol_text = S("0.005");
	r->rel_tol.coef = 5;
	r->rel_tol.scale = 3;
	r->generated = S("2023-06-30T12:00:00Z");
	r->tool_version = S("0.1.0");
}

/* Level stream, COP, a USD rate; every status occurs. */
struct eiti_results *
sample_stream(void)
{
	struct eiti_results *r = eiti_xcalloc(1, sizeof(*r));
	struct eiti_res_row *rw;
	struct eiti_res_unilateral *u;
	struct eiti_res_adjustment *adj;

	A = eiti_arena_new();
	r->arena = A;
	base(r);
	r->currency = S("COP");
	r->currency_digits = 2;
	r->has_materiality = true;
	r->materiality = 200000000;

	r->nrates = 1;
	r->rates = arr(1, sizeof(*r->rates));
	r->rates[0].currency = S("USD");
	r->rates[0].value = S("4255.44");
	r->rates[0].source = S("Banco de la República, promedio 2022");
	r->rates[0].rate.coef = 425544;
	r->rates[0].rate.scale = 2;

	r->ncompanies = 4;
	r->companies = arr(4, sizeof(*r->companies));
	company(&r->companies[0], "NIT-900000001",
	    "Carbones del Cesar Ficticia S.A.", "mining", "coal", 1, 1, 0);
	company(&r->companies[1], "NIT-900000002",
	    "Petróleos Andinos, Ficticios \"PAF\" S.A.S.", "oil", "crude oil",
	    1, 1, 0);
	company(&r->companies[2], "NIT-900000003", "Gas Llanero Ficticio Ltda.",
	    "gas", "natural gas", 1, 0, 0);
	company(&r->companies[3], "NIT-900000004", "Pequeña Minera Ficticia",
	    "mining", "gold", 0, 1, 0);

	r->nentities = 5;
	r->entities = arr(5, sizeof(*r->entities));
	entity(&r->entities[0], "ANM", "Agencia Nacional de Minería",
	    "national", "");
	entity(&r->entities[1], "ANH", "Agencia Nacional de Hidrocarburos",
	    "national", "");
	entity(&r->entities[2], "DIAN",
	    "Dirección de Impuestos y Aduanas Nacionales", "national", "");
	entity(
	    &r->entities[3], "MUN-20011", "Aguachica", "municipal", "CO-CES");
	entity(&r->entities[4], "DEP-CES", "Departamento del Cesar", "regional",
	    "CO-CES");

	r->nrows = 7;
	r->rows = rw = arr(7, sizeof(*r->rows));
	row(&rw[0], "NIT-900000001", "Carbones del Cesar Ficticia S.A.", "ANM",
	    "Agencia Nacional de Minería", "1415E1", "", 123456789, 123456789,
	    0, 0, EITI_ST_MATCHED, 1, 1);
	row(&rw[1], "NIT-900000001", "Carbones del Cesar Ficticia S.A.", "DIAN",
	    "Dirección de Impuestos y Aduanas Nacionales", "1112E1", "",
	    5000000000, 4900000000, 0, 100000000, EITI_ST_MATCHED, 1, 1);
	rw[1].explained = true;
	rw[1].first_adj = 0;
	rw[1].nadj = 1;
	row(&rw[2], "NIT-900000001", "Carbones del Cesar Ficticia S.A.",
	    "MUN-20011", "Aguachica", "1415E5", "", 250000050, 0, 0, 0,
	    EITI_ST_COMPANY_ONLY, 1, 0);
	row(&rw[3], "NIT-900000002",
	    "Petróleos Andinos, Ficticios \"PAF\" S.A.S.", "ANH",
	    "Agencia Nacional de Hidrocarburos", "1415E1", "", 98765432100,
	    98700000000, 0, 0, EITI_ST_DISCREPANCY, 1, 1);
	row(&rw[4], "NIT-900000002",
	    "Petróleos Andinos, Ficticios \"PAF\" S.A.S.", "DIAN",
	    "Dirección de Impuestos y Aduanas Nacionales", "1112E1", "",
	    30000000000, 30000010000, 0, 0, EITI_ST_WITHIN_TOLERANCE, 1, 1);
	row(&rw[5], "NIT-900000003", "Gas Llanero Ficticio Ltda.", "ANH",
	    "Agencia Nacional de Hidrocarburos", "1415E1", "", 0, 7500000000, 0,
	    0, EITI_ST_GOVERNMENT_ONLY, 0, 1);
	row(&rw[6], "NIT-900000004", "Pequeña Minera Ficticia", "ANM",
	    "Agencia Nacional de Minería", "1415E1", "", 0, 100000000, 0, 0,
	    EITI_ST_OUT_OF_SCOPE, 0, 1);

	r->nadjustments = 1;
	r->adjustments = adj = arr(1, sizeof(*r->adjustments));
	adj->side = EITI_ROLE_GOVERNMENT;
	adj->company_id = S("NIT-900000001");
	adj->entity_id = S("DIAN");
	adj->stream = S("1112E1");
	adj->project = S("");
	adj->currency = S("COP");
	adj->amount_text = S("1000000.00");
	adj->value = 100000000;
	adj->klass = S("timing");
	adj->reason = S("Payment for 2021 received in January 2022");
	adj->ref = S("Oficio 2023-114");
	adj->row = 1;

	/* unilateral totals: ANH declared, the others the sum of G */
	r->nunilateral = 3;
	r->unilateral = u = arr(3, sizeof(*r->unilateral));
	u[0].entity_id = S("ANH");
	u[0].stream = S("1415E1");
	u[0].has_declared = true;
	u[0].declared = 110000000000;
	u[0].g_all = u[0].g_in = 106200000000;
	u[1].entity_id = S("ANM");
	u[1].stream = S("1415E1");
	u[1].g_all = 223456789;
	u[1].g_in = 123456789;
	u[2].entity_id = S("DIAN");
	u[2].stream = S("1112E1");
	u[2].g_all = u[2].g_in = 34900010000;

	r->has_coverage = true;
	r->coverage_bp = 9512;

	r->nsources = 3;
	r->sources = arr(3, sizeof(*r->sources));
	source(&r->sources[0], EITI_ROLE_COMPANY, "NIT-900000001",
	    "https://example.org/disclosures/carbones-2022.xml");
	source(&r->sources[1], EITI_ROLE_GOVERNMENT, "ANM",
	    "file:gov/anm-2022.xml");
	source(&r->sources[2], EITI_ROLE_GOVERNMENT, "ANH",
	    "https://example.org/anh-2022.xml");
	return settle(r);
}

/* Level project, USD report, no rates, one company-level payment;
 * in-kind keys: a volume a spreadsheet number holds exactly (LLA-34), one
 * it does not (18 digits: text), and one in several units (no volume). */
struct eiti_results *
sample_project(void)
{
	struct eiti_results *r = eiti_xcalloc(1, sizeof(*r));
	struct eiti_res_row *rw;
	struct eiti_res_unilateral *u;

	A = eiti_arena_new();
	r->arena = A;
	base(r);
	r->title = S("");
	r->administrator = S("");
	r->lang = S("en");
	r->currency = S("USD");
	r->currency_digits = 2;
	r->level_project = true;

	r->ncompanies = 2;
	r->companies = arr(2, sizeof(*r->companies));
	company(&r->companies[0], "NIT-900000001",
	    "Carbones del Cesar Ficticia S.A.", "mining", "coal", 1, 1, 0);
	company(&r->companies[1], "NIT-900000002",
	    "Petróleos Andinos Ficticios S.A.S.", "oil", "crude oil", 1, 1, 0);
	r->nentities = 3;
	r->entities = arr(3, sizeof(*r->entities));
	entity(&r->entities[0], "ANM", "Agencia Nacional de Minería",
	    "national", "");
	entity(&r->entities[1], "ANH", "Agencia Nacional de Hidrocarburos",
	    "national", "");
	entity(&r->entities[2], "DIAN",
	    "Dirección de Impuestos y Aduanas Nacionales", "national", "");

	r->nrows = 5;
	r->rows = rw = arr(5, sizeof(*r->rows));
	row(&rw[0], "NIT-900000001", "Carbones del Cesar Ficticia S.A.", "ANM",
	    "Agencia Nacional de Minería", "1415E1", "", 1000, 1000, 0, 0,
	    EITI_ST_MATCHED, 1, 1);
	row(&rw[1], "NIT-900000001", "Carbones del Cesar Ficticia S.A.", "ANM",
	    "Agencia Nacional de Minería", "1415E1", "HKT-08031", 2000000,
	    2000001, 0, 0, EITI_ST_WITHIN_TOLERANCE, 1, 1);
	row(&rw[2], "NIT-900000001", "Carbones del Cesar Ficticia S.A.", "ANM",
	    "Agencia Nacional de Minería", "1415E2", "HKT-08031", 50000, 50000,
	    0, 0, EITI_ST_MATCHED, 1, 1);
	row(&rw[3], "NIT-900000001", "Carbones del Cesar Ficticia S.A.", "DIAN",
	    "Dirección de Impuestos y Aduanas Nacionales", "1112E1", "", -12345,
	    -12345, 0, 0, EITI_ST_MATCHED, 1, 1);
	row(&rw[4], "NIT-900000002", "Petróleos Andinos Ficticios S.A.S.",
	    "ANH", "Agencia Nacional de Hidrocarburos", "1415E1", "LLA-34",
	    700000, 700000, 0, 0, EITI_ST_MATCHED, 1, 1);
	in_kind(&rw[0], "123456789012.123456", "t");
	in_kind(&rw[1], "", "");
	in_kind(&rw[4], "1200.5", "bbl");

	r->nunilateral = 4;
	r->unilateral = u = arr(4, sizeof(*r->unilateral));
	u[0].entity_id = S("ANH");
	u[0].stream = S("1415E1");
	u[0].g_all = 700000;
	u[1].entity_id = S("ANM");
	u[1].stream = S("1415E1");
	u[1].g_all = 2001001;
	u[2].entity_id = S("ANM");
	u[2].stream = S("1415E2");
	u[2].g_all = 50000;
	u[3].entity_id = S("DIAN");
	u[3].stream = S("1112E1");
	u[3].g_all = -12345;
	return settle(r);
}
