/*
 * render_sample.c - a fictional reconciliation, built in memory, for the
 * render tests and benchmark (see render_sample.h).  The figures follow
 * eitirep-results(5), RECONCILIATION (D, F, tolerance, statuses, totals over
 * in-scope keys, coverage) so the report is internally consistent; every
 * company name is invented.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/arena.h"
#include "core/err.h"
#include "core/money.h"
#include "core/png.h"
#include "render_sample.h"

#define A(r) ((struct eiti_arena *)(r)->arena)

static const char *const company_names[] = {
    "Sociedad Minera y Carbonífera del Cesar y La Guajira S.A.S. E.S.P.",
    "Compañía Petrolera Andina del Magdalena Medio S.A.",
    "Carbones Imaginarios de la Serranía del Perijá Ltda.",
    "Explotaciones Auríferas del Bajo Cauca y Nordeste Antioqueño S.A.S.",
    "Gas Natural Ficticio del Piedemonte Llanero S.A. E.S.P.",
    "Níquel y Ferroaleaciones Inventadas de Córdoba S.A.",
    "Hidrocarburos de Prueba del Caribe Colombiano S.A.S.",
    "Calizas y Materiales de Construcción del Valle Ficticio S.A.",
    "Esmeraldas Demostrativas de Boyacá y Cundinamarca Ltda.",
    "Oleoductos y Crudos Ejemplares de los Llanos Orientales S.A.S.",
};
#define NNAMES (sizeof(company_names) / sizeof(company_names[0]))

static const struct {
	const char *id, *name, *level, *region;
} entities[] = {
    {"ANH", "Agencia Nacional de Hidrocarburos", "national", ""},
    {"ANM", "Agencia Nacional de Minería", "national", ""},
    {"DEP-CES", "Departamento del Cesar", "regional", "CO-CES"},
    {"DIAN", "Dirección de Impuestos y Aduanas Nacionales", "national", ""},
    {"MUN-20011", "Aguachica", "municipal", "CO-CES"},
    {"MUN-44430", "Maicao", "municipal", "CO-LAG"},
};
#define NENT (sizeof(entities) / sizeof(entities[0]))

/* Sorted in byte order, as results rows are. */
static const char *const streams[] = {
    "1112E1",
    "114521E",
    "1412E1",
    "1415E1",
    "1415E2",
    "1415E31",
    "1422E",
};
#define NSTR (sizeof(streams) / sizeof(streams[0]))

static const char *const reasons[] = {
    "Pago de regalías del cuarto trimestre de 2021 consignado el 30 de "
    "diciembre y registrado por la Agencia en enero de 2022, según "
    "extracto bancario y oficio de conciliación",
    "La empresa clasificó la contraprestación económica como regalía; la "
    "entidad la registró como canon superficiario de acuerdo con el "
    "contrato de concesión",
    "Pago efectuado por el operador del contrato de asociación en nombre "
    "de los socios no operadores, que la entidad registró a nombre de "
    "cada socio",
};

static uint64_t rng_state = 0x9e3779b97f4a7c15ull;

static uint64_t
rng(void)
{
	rng_state ^= rng_state << 13;
	rng_state ^= rng_state >> 7;
	rng_state ^= rng_state << 17;
	return rng_state;
}

struct groups {
	struct eiti_res_total *v;
	size_t n, cap;
};

static struct eiti_res_total *
group_get(struct groups *g, const char *key, const char *name)
{
	size_t i;

	for (i = g->n; i > 0; i--)
		if (strcmp(g->v[i - 1].key, key) == 0)
			return &g->v[i - 1];
	if (g->n == g->cap) {
		g->cap = g->cap ? g->cap * 2 : 16;
		g->v = eiti_xrealloc(g->v, g->cap * sizeof(*g->v));
	}
	memset(&g->v[g->n], 0, sizeof(g->v[0]));
	g->v[g->n].key = key;
	g->v[g->n].name = name;
	return &g->v[g->n++];
}

static void
total_add(struct eiti_res_total *t, const struct eiti_res_row *r)
{
	int64_t a = r->f < 0 ? -r->f : r->f;

	t->c += r->c;
	t->g += r->g;
	t->d += r->d;
	t->ac += r->ac;
	t->ag += r->ag;
	t->f += r->f;
	t->gross += a;
	t->keys++;
	t->count[r->status]++;
}

static int
cmp_total(const void *a, const void *b)
{
	return strcmp(((const struct eiti_res_total *)a)->key,
	    ((const struct eiti_res_total *)b)->key);
}

/* Copy a groups array into the arena, sorted by key. */
static struct eiti_res_total *
groups_finish(struct eiti_results *r, struct groups *g, size_t *n)
{
	struct eiti_res_total *v =
	    eiti_arena_alloc(A(r), (g->n + 1) * sizeof(*v));

	if (g->n > 0)
		memcpy(v, g->v, g->n * sizeof(*v));
	qsort(v, g->n, sizeof(*v), cmp_total);
	*n = g->n;
	free(g->v);
	return v;
}

static const char *
hostile_name(struct eiti_results *r, int which)
{
	char *s;
	size_t i;

	switch (which) {
	case 0:
		return "Hostil \"comillas\" 'simples' \\barra\\ (paréntesis) "
		       "<b>&amp;</b> \xe2\x80\xae"
		       "invertido\xe2\x80\xac fin";
	case 1:
		return "Control\x01\x02\ttab\nnueva línea\x7f inválido "
		       "\xff\xfe\xc3( \xe2\x80\x8b zwsp \xf0\x9f\x92\xb0 中文";
	default:
		s = eiti_arena_alloc(A(r), 10 * 1024 + 1);
		for (i = 0; i < 10 * 1024; i++)
			s[i] = "Sociedad Anónima Larguísima "[i % 28];
		/* Never cut a UTF-8 sequence in half. */
		while (i > 0 && ((unsigned char)s[i - 1] & 0xc0) == 0x80)
			i--;
		if (i > 0 && ((unsigned char)s[i - 1] & 0xc0) == 0xc0)
			i--;
		s[i] = '\0';
		return s;
	}
}

static const char *const hostile_urls[] = {
    "https://example.org/a'b\\c\"d<e>f g?q=1&r='x'#frag",
    "javascript:alert('x')",
    "https://exa\xe2\x80\xaemple.org/%zz%41%",
    "file:///etc/passwd",
    "https://example.org/ok/%41%42?x=' ) >> /S /JavaScript",
    "http://example.org/\\'\\'\\",
};

struct eiti_results *
rs_sample_new(const struct rs_opts *o)
{
	struct eiti_results *r = eiti_xcalloc(1, sizeof(*r));
	struct groups gc = {0}, gs = {0}, ge = {0}, gr = {0};
	size_t ncomp, nkeys = o->nkeys, k, i, j, nadj = 0, adjcap;
	const size_t nspecial = 2;	  /* out-of-scope and non-reporting */
	struct eiti_decimal rel = {5, 3}; /* 0.005 */
	struct eiti_decimal usd = {425544, 2};
	int64_t abs_tol = 500000000; /* 5.000.000,00 */
	int64_t cov_num = 0, cov_den = 0;
	size_t *company_of;

	rng_state = 0x9e3779b97f4a7c15ull;
	r->arena = eiti_arena_new();
	r->title = o->hostile
		       ? "Informe (hostil) \\ 'x' \"y\" \xe2\x80\xae RLO "
			 ")>> /JS"
		       : "Informe de conciliación EITI Colombia 2022";
	r->country = "CO";
	r->period_start = "2022-01-01";
	r->period_end = "2022-12-31";
	r->currency = "COP";
	r->currency_digits = 2;
	r->lang = o->lang ? o->lang : "es";
	r->administrator = o->hostile
			       ? "Admin ' \\ \" \xe2\x80\xae evil"
			       : "Administrador Independiente de Ejemplo";
	r->logo = NULL;
	r->logo_size = 0;
	if (o->logo != NULL) {
		/* the file's bytes, as results.xml carries them; a file that
		 * cannot be read gives bytes that are not a PNG */
		char why[EITI_LOGO_WHY_SIZE];
		unsigned char *png;
		size_t n;

		if (eiti_logo_read(o->logo, &png, &n, why) == 0) {
			unsigned char *copy = eiti_arena_alloc(r->arena, n + 1);

			memcpy(copy, png, n);
			free(png);
			r->logo = copy;
			r->logo_size = n;
		} else {
			r->logo = (const unsigned char *)"unreadable";
			r->logo_size = 10;
		}
	}
	r->has_materiality = true;
	r->materiality = 200000000000; /* 2.000.000.000,00 */
	r->abs_tol = abs_tol;
	r->rel_tol = rel;
	r->rel_tol_text = "0.005";
	r->generated = "2023-06-30T12:00:00Z";
	r->tool_version = "0.1.0";

	r->nrates = 1;
	r->rates = eiti_arena_alloc(A(r), sizeof(*r->rates));
	r->rates[0].currency = "USD";
	r->rates[0].value = "4255.44";
	r->rates[0].source =
	    o->hostile ? "Banco 'de' la \\República\\ \x01"
		       : "Banco de la República, TRM promedio anual 2022";
	r->rates[0].rate = usd;
	r->ntolerances = 2;
	r->tolerances = eiti_arena_alloc(A(r), 2 * sizeof(*r->tolerances));
	r->tolerances[0] = (struct eiti_res_tolerance){
	    "1415E1", "ANM", true, true, 40000000000, {1, 2}, "0.01"};
	r->tolerances[1] = (struct eiti_res_tolerance){
	    "1112E1", "", true, false, 100000000, {0, 0}, ""};

	/* Companies: ids sort in creation order; the last two are the
	 * out-of-scope and the non-reporting company. */
	ncomp = nkeys / 25 + 1;
	if (ncomp < 8)
		ncomp = 8;
	ncomp += nspecial;
	r->ncompanies = ncomp;
	r->companies = eiti_arena_alloc(A(r), ncomp * sizeof(*r->companies));
	for (i = 0; i < ncomp; i++) {
		struct eiti_res_company *c = &r->companies[i];
		bool oos = i == ncomp - 2, nonrep = i == ncomp - 1;

		c->id = eiti_arena_printf(A(r), "NIT-9%08zu", 100000 + i);
		if (o->hostile && i < 3)
			c->name = hostile_name(r, (int)i);
		else if (oos)
			c->name =
			    "Pequeña Cantera Ficticia del Municipio S.A.S.";
		else if (nonrep)
			c->name = "Minera Silenciosa Inventada del Sur S.A.";
		else if (i < NNAMES)
			c->name = company_names[i];
		else
			c->name = eiti_arena_printf(
			    A(r), "%s (%zu)", company_names[i % NNAMES], i);
		c->sector = i % 3 == 1 ? "oil" : "mining";
		c->commodity = i % 3 == 1 ? "crude oil" : "coal";
		c->in_scope = !oos;
		c->reporting = !nonrep;
		c->aliases =
		    i == 0 ? "SOC MINERA CESAR GUAJIRA, SMCCG SAS" : "";
	}
	r->nentities = NENT;
	r->entities = eiti_arena_alloc(A(r), NENT * sizeof(*r->entities));
	for (i = 0; i < NENT; i++) {
		r->entities[i].id = entities[i].id;
		r->entities[i].name = entities[i].name;
		r->entities[i].level = entities[i].level;
		r->entities[i].region = entities[i].region;
	}

	/* Keys: spread over the companies, (entity, stream) in order. */
	r->nrows = nkeys;
	r->rows = eiti_arena_alloc(A(r), (nkeys + 1) * sizeof(*r->rows));
	company_of = eiti_xcalloc(nkeys + 1, sizeof(*company_of));
	adjcap = nkeys + 8;
	r->adjustments =
	    eiti_arena_alloc(A(r), adjcap * 2 * sizeof(*r->adjustments));
	for (k = 0; k < nkeys; k++) {
		size_t per = (nkeys + ncomp - 1) / ncomp;
		size_t ci = k / per, slot = k % per;
		size_t step = NENT * NSTR / (per ? per : 1), combo;
		struct eiti_res_row *w = &r->rows[k];
		const struct eiti_res_company *c;
		int64_t g, t, x;
		bool oos, nonrep;
		int pat = (int)(k % 12);

		if (ci >= ncomp)
			ci = ncomp - 1;
		/* (entity, stream) increasing within a company, so rows
		 * stay in results.csv order; the offset varies the streams
		 * from one company to the next. */
		if (step == 0)
			step = 1;
		combo = slot * step + ci % step;
		if (combo >= NENT * NSTR)
			combo = NENT * NSTR - 1;
		c = &r->companies[ci];
		company_of[k] = ci;
		oos = !c->in_scope;
		nonrep = !c->reporting;
		w->company_id = c->id;
		w->company_name = c->name;
		w->entity_id = entities[combo / NSTR].id;
		w->entity_name = entities[combo / NSTR].name;
		w->region = entities[combo / NSTR].region;
		w->stream = streams[combo % NSTR];
		w->project = "";
		w->first_adj = nadj;
		w->has_company = w->has_government = true;
		g = (int64_t)(rng() % 90000000000ull) + 1000000;
		if (o->big && k % 37 == 5)
			g = 12345678901234567; /* 123.456.789.012.345,67 */
		if (k % 17 == 3)
			g = -g; /* a refund */
		if (oos)
			g = (int64_t)(rng() % 5000000000ull) + 100;
		w->g = g;
		w->c = g;
		eiti_tolerance_value(&t, abs_tol, &rel, g);
		if (nonrep) {
			w->c = 0;
			w->has_company = false;
		} else if (!oos) {
			switch (pat) {
			case 5:
				w->c = g + t / 3 + 1;
				break;
			case 6:
				w->c = g + 3 * t + (int64_t)(rng() % 100000);
				break;
			case 7:
				w->c = g - 4 * t - 1234567;
				break;
			case 8:
				w->g = 0;
				w->has_government = false;
				break;
			case 9:
				w->c = 0;
				w->has_company = false;
				break;
			case 10: {
				/* Timing: the government side is adjusted. */
				struct eiti_res_adjustment *a =
				    &r->adjustments[nadj++];

				x = 2500000000 + 3 * t;
				w->c = g - x;
				memset(a, 0, sizeof(*a));
				a->side = EITI_ROLE_GOVERNMENT;
				a->currency = "COP";
				a->value = -(x - t / 2);
				a->amount_text = eiti_arena_strdup(A(r), "");
				a->klass = "timing";
				a->reason = o->hostile && k == 10
						? hostile_name(r, 2)
						: reasons[0];
				a->ref = "Oficio ANM 2023-114";
				a->row = k;
				w->ag = a->value;
				break;
			}
			case 11: {
				/* A company correction in USD, and an
				 * explanation of what remains. */
				struct eiti_res_adjustment *a =
				    &r->adjustments[nadj++];

				w->c = g + 8 * t + 777;
				memset(a, 0, sizeof(*a));
				a->side = EITI_ROLE_COMPANY;
				a->currency = "USD";
				a->amount_text = "-1500.00";
				eiti_money_convert(
				    &a->value, -150000, 2, &usd, 2);
				a->klass = "classification";
				a->reason = reasons[1];
				a->ref = o->hostile ? "ref ' \\ \"x\"" : "";
				a->row = k;
				w->ac = a->value;
				a = &r->adjustments[nadj++];
				memset(a, 0, sizeof(*a));
				a->is_explanation = true;
				a->side = EITI_ROLE_COMPANY;
				a->currency = "";
				a->amount_text = "";
				a->klass =
				    k % 24 == 11 ? "jv-partner" : "perimeter";
				a->reason = reasons[2];
				a->ref = "Acta de conciliación 7";
				a->row = k;
				break;
			}
			default:
				break;
			}
		}
		w->nadj = nadj - w->first_adj;
		w->explained = w->nadj > 0;
		w->d = w->c - w->g;
		w->f = (w->c + w->ac) - (w->g + w->ag);
		eiti_tolerance_value(
		    &w->tolerance, abs_tol, &rel, w->g + w->ag);
		if (oos)
			w->status = EITI_ST_OUT_OF_SCOPE;
		else if (!w->has_government)
			w->status = EITI_ST_COMPANY_ONLY;
		else if (!w->has_company)
			w->status = EITI_ST_GOVERNMENT_ONLY;
		else if (w->f == 0)
			w->status = EITI_ST_MATCHED;
		else if (eiti_within_tolerance(
			     w->f, abs_tol, &rel, w->g + w->ag))
			w->status = EITI_ST_WITHIN_TOLERANCE;
		else
			w->status = EITI_ST_DISCREPANCY;
	}
	/* An explanation naming no key. */
	{
		struct eiti_res_adjustment *a = &r->adjustments[nadj++];

		memset(a, 0, sizeof(*a));
		a->is_explanation = true;
		a->company_id = "NIT-999999999";
		a->entity_id = "ANM";
		a->stream = "1415E2";
		a->project = "";
		a->currency = "";
		a->amount_text = "";
		a->klass = "omission";
		a->reason = "La empresa informó un pago que ninguna entidad "
			    "registró y que luego retiró de su declaración";
		a->ref = "";
		a->row = SIZE_MAX;
	}
	r->nadjustments = nadj;
	for (i = 0; i < nadj; i++) {
		struct eiti_res_adjustment *a = &r->adjustments[i];

		if (a->row == SIZE_MAX)
			continue;
		a->company_id = r->rows[a->row].company_id;
		a->entity_id = r->rows[a->row].entity_id;
		a->stream = r->rows[a->row].stream;
		a->project = "";
		if (a->ref == NULL)
			a->ref = "";
	}

	/* Totals over in-scope keys. */
	for (k = 0; k < nkeys; k++) {
		struct eiti_res_row *w = &r->rows[k];
		struct eiti_res_company *c = &r->companies[company_of[k]];

		c->g += w->g;
		if (w->status == EITI_ST_OUT_OF_SCOPE)
			continue;
		total_add(&r->overall, w);
		total_add(group_get(&gc, w->company_id, w->company_name), w);
		total_add(group_get(&gs, w->stream, ""), w);
		total_add(group_get(&ge, w->entity_id, w->entity_name), w);
		total_add(group_get(&gr, w->region, ""), w);
	}
	r->overall.key = "";
	r->overall.name = "";
	r->by_company = groups_finish(r, &gc, &r->nby_company);
	r->by_stream = groups_finish(r, &gs, &r->nby_stream);
	r->by_entity = groups_finish(r, &ge, &r->nby_entity);
	r->by_region = groups_finish(r, &gr, &r->nby_region);

	/* Unilateral totals per (entity, stream) and coverage. */
	r->unilateral =
	    eiti_arena_alloc(A(r), NENT * NSTR * sizeof(*r->unilateral));
	for (i = 0; i < NENT; i++)
		for (j = 0; j < NSTR; j++) {
			struct eiti_res_unilateral u = {
			    entities[i].id, streams[j], 0, false, 0, 0};
			bool any = false;

			for (k = 0; k < nkeys; k++) {
				const struct eiti_res_row *w = &r->rows[k];

				if (strcmp(w->entity_id, u.entity_id) != 0 ||
				    strcmp(w->stream, u.stream) != 0)
					continue;
				any = true;
				u.g_all += w->g;
				if (w->status != EITI_ST_OUT_OF_SCOPE)
					u.g_in += w->g;
			}
			if (!any)
				continue;
			if (i < 2) {
				u.has_declared = true;
				u.declared = u.g_all + 98765432100;
			}
			cov_num += u.g_in;
			cov_den += u.has_declared ? u.declared : u.g_all;
			r->unilateral[r->nunilateral++] = u;
		}
	r->coverage_num = cov_num;
	r->coverage_den = cov_den;
	r->has_coverage = cov_den != 0;
	if (r->has_coverage)
		eiti_percent_bp(&r->coverage_bp, cov_num, cov_den);

	r->nnonreporting = 1;
	r->nonreporting = eiti_arena_alloc(A(r), sizeof(*r->nonreporting));
	r->nonreporting[0].company_id = r->companies[ncomp - 1].id;
	r->nonreporting[0].company_name = r->companies[ncomp - 1].name;
	r->nonreporting[0].g = r->companies[ncomp - 1].g;
	if (cov_den != 0)
		eiti_percent_bp(&r->nonreporting[0].share_bp,
		    r->nonreporting[0].g, cov_den);

	/* Provenance and validation. */
	r->nsources = 8;
	r->sources = eiti_arena_alloc(A(r), r->nsources * sizeof(*r->sources));
	r->nvalidation = r->nsources;
	r->validation =
	    eiti_arena_alloc(A(r), r->nvalidation * sizeof(*r->validation));
	for (i = 0; i < r->nsources; i++) {
		struct eiti_res_source *s = &r->sources[i];
		bool adj = i == r->nsources - 1;

		s->role = i < 4 ? EITI_ROLE_COMPANY : EITI_ROLE_GOVERNMENT;
		s->is_adjustments = adj;
		s->reporter = adj     ? ""
			      : i < 4 ? r->companies[i].id
				      : entities[i - 4].id;
		s->href = eiti_arena_printf(A(r),
		    "https://datos.example.org/eiti/2022/fuente-%zu.xml", i);
		s->url = o->hostile && i < 6 ? hostile_urls[i] : s->href;
		s->final_url = i == 2 ? eiti_arena_printf(A(r),
					    "https://espejo.example.org/eiti/"
					    "2022/fuente-%zu.xml?"
					    "version=3&token=abcdef0123456789",
					    i)
				      : "";
		s->etag = i % 2 ? "\"5f3a-1b2c3d4e\"" : "";
		s->last_modified = "Tue, 14 Mar 2023 10:00:00 GMT";
		s->retrieved = i == 3 ? "" : "2023-06-29T08:15:00Z";
		s->outcome = i == 3 ? "local" : i % 2 ? "unchanged" : "fetched";
		s->sha256 = o->hostile && i == 1
				? "not-a-hash ' \\ \""
				: eiti_arena_printf(A(r),
				      "%016llx%016llx%016llx%016llx",
				      (unsigned long long)rng(),
				      (unsigned long long)rng(),
				      (unsigned long long)rng(),
				      (unsigned long long)rng());
		s->http_status = i == 3 ? 0 : i % 2 ? 304 : 200;
		s->bytes = 1234567 + (long long)i * 98765;
		s->payments = adj ? 0 : 1000 + i * 37;
		r->validation[i].file = s->href;
		r->validation[i].errors = 0;
		r->validation[i].warnings = i % 3 == 0 ? 2 : 0;
	}
	free(company_of);
	return r;
}

void
rs_sample_free(struct eiti_results *r)
{
	if (r == NULL)
		return;
	eiti_arena_free(r->arena);
	free(r);
}
