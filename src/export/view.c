/*
 * view.c - the rows and lists both open-data writers publish, derived once
 * from a struct eiti_results (see export_int.h for the decisions).
 */
#include "config.h"

#include <stdio.h>

#include <time.h>

#include <stdlib.h>
#include <string.h>

#include "core/iso.h"
#include "core/money.h"
#include "export/export_int.h"
#include "model/model.h"

static int
cmp_company_ptr(const void *a, const void *b)
{
	const struct eiti_res_company *const *x = a, *const *y = b;

	return strcmp((*x)->id, (*y)->id);
}

static int
cmp_entity_ptr(const void *a, const void *b)
{
	const struct eiti_res_entity *const *x = a, *const *y = b;

	return strcmp((*x)->id, (*y)->id);
}

static int
cmp_str_ptr(const void *a, const void *b)
{
	const char *const *x = a, *const *y = b;

	return strcmp(*x, *y);
}

/* Rows ordered by (entity, stream), to find who paid a unilateral total. */
static int
cmp_row_es(const void *a, const void *b)
{
	const struct eiti_res_row *const *x = a, *const *y = b;
	int c = strcmp((*x)->entity_id, (*y)->entity_id);

	return c != 0 ? c : strcmp((*x)->stream, (*y)->stream);
}

const struct eiti_res_company *
eiti_export_company(const struct exp_view *v, const char *id)
{
	struct eiti_res_company key = {.id = id};
	const struct eiti_res_company *kp = &key, *const * hit;

	if (v->ncix == 0)
		return NULL;
	hit = bsearch(&kp, v->cix, v->ncix, sizeof(*v->cix), cmp_company_ptr);
	return hit != NULL ? *hit : NULL;
}

const struct eiti_res_entity *
eiti_export_entity(const struct exp_view *v, const char *id)
{
	struct eiti_res_entity key = {.id = id};
	const struct eiti_res_entity *kp = &key, *const * hit;

	if (v->neix == 0)
		return NULL;
	hit = bsearch(&kp, v->eix, v->neix, sizeof(*v->eix), cmp_entity_ptr);
	return hit != NULL ? *hit : NULL;
}

const char *
eiti_export_entity_name(const struct exp_view *v, const char *id)
{
	const struct eiti_res_entity *e = eiti_export_entity(v, id);

	return e != NULL && e->name[0] != '\0' ? e->name : id;
}

const char *
eiti_export_sector_label(const char *sector)
{
	if (strcmp(sector, "mining") == 0)
		return "Mining";
	if (strcmp(sector, "oil") == 0)
		return "Oil";
	if (strcmp(sector, "gas") == 0)
		return "Gas";
	if (strcmp(sector, "other") == 0)
		return "Other";
	return "";
}

const char *
eiti_export_agency_type(const char *level)
{
	if (strcmp(level, "national") == 0)
		return "National government agency";
	if (strcmp(level, "regional") == 0)
		return "Subnational government (regional)";
	if (strcmp(level, "municipal") == 0)
		return "Subnational government (municipal)";
	if (strcmp(level, "soe") == 0)
		return "State-owned enterprise";
	return "";
}

const char *
eiti_export_gfs_name(const char *code)
{
	const struct eiti_stream_info *si = eiti_stream_lookup(code);

	return si != NULL && si->name_en != NULL ? si->name_en : "";
}

int
eiti_export_usd(int64_t *out, const struct exp_view *v, int64_t amount,
    struct eiti_err *err)
{
	const struct eiti_decimal *r;
	int from = v->res->currency_digits, to = eiti_currency_digits("USD");
	char buf[EITI_MONEY_BUFSZ];

	if (v->report_is_usd) {
		*out = amount;
		return 1;
	}
	if (v->usd == NULL)
		return 0;
	r = &v->usd->rate;
	if (r->coef <= 0)
		return eiti_err_set(err, EITI_ERR_INVALID,
		    "export: results: USD rate '%s' is not positive",
		    v->usd->value);
	/* usd = amount / rate: exact, rounded once (core/money.h) */
	if (!eiti_money_convert_inverse(out, amount, from, r, to))
		return eiti_err_set(err, EITI_ERR_INVALID,
		    "export: results: %s %s at the USD rate %s is more US "
		    "dollars than an int64 count of cents holds",
		    eiti_money_plain(buf, amount, from), v->res->currency,
		    v->usd->value);
	return 1;
}

/* Is item already an element of the "a; b; c" list? */
static bool
join_has(const char *list, const char *item, size_t ilen)
{
	const char *p = list;

	for (;;) {
		const char *end = strstr(p, "; ");
		size_t len = end != NULL ? (size_t)(end - p) : strlen(p);

		if (len == ilen && memcmp(p, item, ilen) == 0)
			return true;
		if (end == NULL)
			return false;
		p = end + 2;
	}
}

/* Append item to a growing "a; b; c" list of distinct items (heap). */
static void
join_add(char **list, const char *item)
{
	size_t ilen = strlen(item), have;
	char *n;

	if (ilen == 0)
		return;
	if (*list == NULL) {
		*list = eiti_xstrdup(item);
		return;
	}
	if (join_has(*list, item, ilen))
		return;
	have = strlen(*list);
	n = eiti_xrealloc(*list, have + 2 + ilen + 1);
	memcpy(n + have, "; ", 2);
	memcpy(n + have + 2, item, ilen + 1);
	*list = n;
}

struct proj_pair {
	const char *project;
	const struct exp_crow *cr;
};

static int
cmp_proj_pair(const void *a, const void *b)
{
	const struct proj_pair *x = a, *y = b;
	int c = strcmp(x->project, y->project);

	return c != 0 ? c
		      : strcmp(x->cr->row->company_id, y->cr->row->company_id);
}

static int
build_projects(struct exp_view *v)
{
	struct proj_pair *pairs;
	size_t i, n = 0;

	pairs = eiti_xcalloc(v->ncrows + 1, sizeof(*pairs));
	for (i = 0; i < v->ncrows; i++)
		if (v->crows[i].row->project[0] != '\0') {
			pairs[n].project = v->crows[i].row->project;
			pairs[n].cr = &v->crows[i];
			n++;
		}
	qsort(pairs, n, sizeof(*pairs), cmp_proj_pair);
	v->projects = eiti_xcalloc(n + 1, sizeof(*v->projects));
	for (i = 0; i < n; i++) {
		const struct exp_crow *cr = pairs[i].cr;
		struct exp_project *p;

		if (v->nprojects == 0 ||
		    strcmp(v->projects[v->nprojects - 1].id,
			pairs[i].project) != 0)
			v->projects[v->nprojects++].id = pairs[i].project;
		p = &v->projects[v->nprojects - 1];
		join_add(&p->companies, cr->row->company_name[0] != '\0'
					    ? cr->row->company_name
					    : cr->row->company_id);
		if (cr->company != NULL)
			join_add(&p->commodities, cr->company->commodity);
	}
	for (i = 0; i < v->nprojects; i++) {
		if (v->projects[i].companies == NULL)
			v->projects[i].companies = eiti_xstrdup("");
		if (v->projects[i].commodities == NULL)
			v->projects[i].commodities = eiti_xstrdup("");
	}
	free(pairs);
	return 0;
}

/* Part 3's entity list: every entity with a government or company row,
 * declared ones in results order, then undeclared ids in byte order. */
static void
build_entities(struct exp_view *v)
{
	const struct eiti_results *res = v->res;
	const char **ids;
	bool *done;
	size_t i, n = 0, nu = 0;

	ids = eiti_xcalloc(res->nunilateral + v->ncrows + 1, sizeof(*ids));
	for (i = 0; i < res->nunilateral; i++)
		ids[n++] = res->unilateral[i].entity_id;
	for (i = 0; i < v->ncrows; i++)
		ids[n++] = v->crows[i].row->entity_id;
	qsort(ids, n, sizeof(*ids), cmp_str_ptr);
	for (i = 0; i < n; i++)
		if (nu == 0 || strcmp(ids[nu - 1], ids[i]) != 0)
			ids[nu++] = ids[i];
	done = eiti_xcalloc(nu + 1, sizeof(*done));
	v->entity_ids = eiti_xcalloc(nu + 1, sizeof(*v->entity_ids));
	for (i = 0; i < res->nentities; i++) {
		const char *id = res->entities[i].id;
		const char **hit =
		    bsearch(&id, ids, nu, sizeof(*ids), cmp_str_ptr);

		if (hit != NULL && !done[hit - ids]) {
			done[hit - ids] = true;
			v->entity_ids[v->nentities++] = *hit;
		}
	}
	for (i = 0; i < nu; i++)
		if (!done[i])
			v->entity_ids[v->nentities++] = ids[i];
	free(done);
	free(ids);
}

static void
add_sector(char *buf, size_t size, const char *label)
{
	size_t len = strlen(buf);

	if (label[0] == '\0' || strstr(buf, label) != NULL)
		return;
	if (len + strlen(label) + 3 > size)
		return;
	if (len > 0)
		strcat(buf, ", ");
	strcat(buf, label);
}

/* The sectors of the companies with a key on (entity, stream), in the
 * fixed order Oil, Gas, Mining, Other. */
static void
grow_sector(struct exp_view *v, struct exp_grow *g,
    const struct eiti_res_row **by_es, size_t nrows)
{
	static const char *const order[] = {"oil", "gas", "mining", "other"};
	bool seen[4] = {false, false, false, false};
	struct eiti_res_row key;
	const struct eiti_res_row *kp = &key;
	size_t lo = 0, hi = nrows, i, k;

	memset(&key, 0, sizeof(key));
	key.entity_id = g->uni->entity_id;
	key.stream = g->uni->stream;
	/* lower bound */
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (cmp_row_es(&by_es[mid], &kp) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	for (i = lo; i < nrows && cmp_row_es(&by_es[i], &kp) == 0; i++) {
		const struct eiti_res_company *c =
		    eiti_export_company(v, by_es[i]->company_id);

		for (k = 0; c != NULL && k < 4; k++)
			if (strcmp(c->sector, order[k]) == 0)
				seen[k] = true;
	}
	g->sector[0] = '\0';
	for (k = 0; k < 4; k++)
		if (seen[k])
			add_sector(g->sector, sizeof(g->sector),
			    eiti_export_sector_label(order[k]));
}

int
eiti_export_view_build(
    struct exp_view *v, const struct eiti_results *res, struct eiti_err *err)
{
	const struct eiti_res_row **by_es = NULL;
	size_t i;
	int rc = -1;

	memset(v, 0, sizeof(*v));
	v->res = res;
	v->country_name = eiti_country_name(res->country);
	if (v->country_name == NULL)
		v->country_name = res->country;
	v->iso3 = eiti_country_alpha3(res->country);
	if (v->iso3 == NULL)
		v->iso3 = res->country;
	if (strlen(res->period_end) >= 4) {
		memcpy(v->year, res->period_end, 4);
		v->year[4] = '\0';
	}
	v->report_is_usd = strcmp(res->currency, "USD") == 0;
	for (i = 0; i < res->nrates; i++)
		if (strcmp(res->rates[i].currency, "USD") == 0)
			v->usd = &res->rates[i];
	if (res->currency_digits < 0 || res->currency_digits > 4)
		return eiti_err_set(err, EITI_ERR_INVALID,
		    "export: results: currency %s has %d minor-unit digits",
		    res->currency, res->currency_digits);

	v->cix = eiti_xcalloc(res->ncompanies + 1, sizeof(*v->cix));
	for (i = 0; i < res->ncompanies; i++)
		v->cix[i] = &res->companies[i];
	v->ncix = res->ncompanies;
	qsort(v->cix, v->ncix, sizeof(*v->cix), cmp_company_ptr);
	v->eix = eiti_xcalloc(res->nentities + 1, sizeof(*v->eix));
	for (i = 0; i < res->nentities; i++)
		v->eix[i] = &res->entities[i];
	v->neix = res->nentities;
	qsort(v->eix, v->neix, sizeof(*v->eix), cmp_entity_ptr);

	/* company data: in-scope keys with their final figure */
	v->crows = eiti_xcalloc(res->nrows + 1, sizeof(*v->crows));
	for (i = 0; i < res->nrows; i++) {
		const struct eiti_res_row *r = &res->rows[i];
		struct exp_crow *cr;
		const struct eiti_res_entity *e;

		if (r->status == EITI_ST_OUT_OF_SCOPE)
			continue;
		cr = &v->crows[v->ncrows++];
		cr->row = r;
		cr->company = eiti_export_company(v, r->company_id);
		cr->from_company = !r->has_government;
		if (!(cr->from_company ? eiti_add(&cr->value, r->c, r->ac)
				       : eiti_add(&cr->value, r->g, r->ag))) {
			eiti_err_set(err, EITI_ERR_INVALID,
			    "export: results: key %s/%s/%s: final figure "
			    "overflows",
			    r->company_id, r->entity_id, r->stream);
			goto out;
		}
		e = eiti_export_entity(v, r->entity_id);
		if (e != NULL && (strcmp(e->level, "regional") == 0 ||
				     strcmp(e->level, "municipal") == 0))
			v->has_subnational = true;
	}

	/* Part 3 companies: the in-scope ones that reported (a company
	 * that filed nothing is not a reporting company, README rule 6), and
	 * the sectors every in-scope company covers */
	v->companies = eiti_xcalloc(res->ncompanies + 1, sizeof(*v->companies));
	for (i = 0; i < res->ncompanies; i++) {
		const struct eiti_res_company *c = &res->companies[i];

		if (!c->in_scope)
			continue;
		if (c->reporting)
			v->companies[v->ncompanies++] = c;
		v->has_oil |= strcmp(c->sector, "oil") == 0;
		v->has_gas |= strcmp(c->sector, "gas") == 0;
		v->has_mining |= strcmp(c->sector, "mining") == 0;
		v->has_other |= strcmp(c->sector, "other") == 0;
	}

	/* government revenues: the unilateral totals */
	by_es = eiti_xcalloc(res->nrows + 1, sizeof(*by_es));
	for (i = 0; i < res->nrows; i++)
		by_es[i] = &res->rows[i];
	qsort(by_es, res->nrows, sizeof(*by_es), cmp_row_es);
	v->grows = eiti_xcalloc(res->nunilateral + 1, sizeof(*v->grows));
	for (i = 0; i < res->nunilateral; i++) {
		struct exp_grow *g = &v->grows[v->ngrows++];

		g->uni = &res->unilateral[i];
		g->entity = eiti_export_entity(v, g->uni->entity_id);
		g->value =
		    g->uni->has_declared ? g->uni->declared : g->uni->g_all;
		grow_sector(v, g, by_es, res->nrows);
	}

	build_entities(v);
	if (res->level_project)
		build_projects(v);
	rc = 0;
out:
	free(by_es);
	if (rc != 0)
		eiti_export_view_free(v);
	return rc;
}

void
eiti_export_view_free(struct exp_view *v)
{
	size_t i;

	if (v == NULL)
		return;
	for (i = 0; i < v->nprojects; i++) {
		free(v->projects[i].companies);
		free(v->projects[i].commodities);
	}
	free(v->projects);
	free(v->crows);
	free(v->grows);
	free(v->companies);
	free((void *)v->entity_ids);
	free(v->cix);
	free(v->eix);
	memset(v, 0, sizeof(*v));
}

time_t
eiti_export_generated_time(const struct eiti_results *res)
{
	struct tm tm;
	int n = 0;

	memset(&tm, 0, sizeof(tm));
	if (sscanf(res->generated, "%4d-%2d-%2dT%2d:%2d:%2d%n", &tm.tm_year,
		&tm.tm_mon, &tm.tm_mday, &tm.tm_hour, &tm.tm_min, &tm.tm_sec,
		&n) != 6 &&
	    sscanf(res->period_end, "%4d-%2d-%2d%n", &tm.tm_year, &tm.tm_mon,
		&tm.tm_mday, &n) != 3)
		return (time_t)315532800; /* 1980-01-01, the zip epoch */
	tm.tm_year -= 1900;
	tm.tm_mon -= 1;
	return timegm(&tm);
}
