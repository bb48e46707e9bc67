/*
 * results.c - the small amount of code that belongs to the results model
 * itself: the status spellings (results.csv, results.xml), a row's derived
 * figures and status, totals, the definition of an unreconciled key, and
 * freeing.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "core/arena.h"
#include "core/money.h"
#include "model/results.h"

/* The eitirep-results(5) spellings, in enum order (which is the
 * eitirep-results(5), Status order). */
static const char *const status_names[EITI_ST_COUNT] = {
    "matched",
    "within-tolerance",
    "discrepancy",
    "company-only",
    "government-only",
    "out-of-scope",
};

const char *
eiti_status_name(enum eiti_status s)
{
	if ((unsigned)s >= EITI_ST_COUNT)
		return "unknown";
	return status_names[s];
}

int
eiti_status_parse(const char *s)
{
	int i;

	if (s == NULL)
		return -1;
	for (i = 0; i < EITI_ST_COUNT; i++)
		if (strcmp(s, status_names[i]) == 0)
			return i;
	return -1;
}

enum eiti_derive_rc
eiti_result_derive(struct eiti_res_row *row, bool in_scope, int64_t abs_tol,
    const struct eiti_decimal *rel)
{
	int64_t cac, gag;

	/* README, reconciliation rule 2 */
	if (!eiti_sub(&row->d, row->c, row->g) ||
	    !eiti_add(&cac, row->c, row->ac) ||
	    !eiti_add(&gag, row->g, row->ag) || !eiti_sub(&row->f, cac, gag))
		return EITI_DERIVE_DISCREPANCY;
	/* rule 4 */
	if (!eiti_tolerance_value(&row->tolerance, abs_tol, rel, gag))
		return EITI_DERIVE_TOLERANCE;
	row->beyond_tolerance =
	    !eiti_within_tolerance(row->f, abs_tol, rel, gag);
	/* rule 5: the first that applies */
	if (!in_scope)
		row->status = EITI_ST_OUT_OF_SCOPE;
	else if (row->has_company && !row->has_government)
		row->status = EITI_ST_COMPANY_ONLY;
	else if (row->has_government && !row->has_company)
		row->status = EITI_ST_GOVERNMENT_ONLY;
	else if (row->f == 0)
		row->status = EITI_ST_MATCHED;
	else if (!row->beyond_tolerance)
		row->status = EITI_ST_WITHIN_TOLERANCE;
	else
		row->status = EITI_ST_DISCREPANCY;
	return EITI_DERIVE_OK;
}

bool
eiti_result_total_add(struct eiti_res_total *t, const struct eiti_res_row *row)
{
	int64_t af;

	t->keys++;
	t->count[row->status]++;
	if (row->status == EITI_ST_OUT_OF_SCOPE)
		return true; /* rule 6: in no reconciliation total */
	return eiti_add(&t->c, t->c, row->c) && eiti_add(&t->g, t->g, row->g) &&
	       eiti_add(&t->d, t->d, row->d) &&
	       eiti_add(&t->ac, t->ac, row->ac) &&
	       eiti_add(&t->ag, t->ag, row->ag) &&
	       eiti_add(&t->f, t->f, row->f) && eiti_abs(&af, row->f) &&
	       eiti_add(&t->gross, t->gross, af);
}

bool
eiti_result_unreconciled(const struct eiti_res_row *r)
{
	if (r->explained)
		return false;
	switch (r->status) {
	case EITI_ST_DISCREPANCY:
		return true;
	case EITI_ST_COMPANY_ONLY:
	case EITI_ST_GOVERNMENT_ONLY:
		return r->beyond_tolerance;
	default:
		return false;
	}
}

size_t
eiti_results_unreconciled(const struct eiti_results *res)
{
	size_t i, n = 0;

	for (i = 0; i < res->nrows; i++)
		if (eiti_result_unreconciled(&res->rows[i]))
			n++;
	return n;
}

const char *
eiti_res_text_lang(const struct eiti_res_text *v, size_t n, const char *lang)
{
	size_t i;

	if (n == 0)
		return NULL;
	for (i = 0; lang != NULL && i < n; i++)
		if (strcmp(v[i].lang, lang) == 0)
			return v[i].lang;
	for (i = 0; i < n; i++)
		if (v[i].lang[0] == '\0')
			return v[i].lang;
	return v[0].lang;
}

const char *
eiti_results_title(const struct eiti_results *res, const char *lang)
{
	const char *l = eiti_res_text_lang(res->titles, res->ntitles, lang);
	size_t i;

	for (i = 0; l != NULL && i < res->ntitles; i++)
		if (strcmp(res->titles[i].lang, l) == 0)
			return res->titles[i].text;
	return res->title != NULL ? res->title : "";
}

void
eiti_results_free(struct eiti_results *r)
{
	if (r == NULL)
		return;
	eiti_arena_free(r->arena);
	free(r);
}
