/*
 * results.c - the small amount of code that belongs to the results model
 * itself: the status spellings (results.csv, results.xml), the definition
 * of an unreconciled key, and freeing.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "core/arena.h"
#include "model/results.h"

/* The SPEC 3.4 spellings, in enum order (which is the SPEC 4.7 order). */
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

void
eiti_results_free(struct eiti_results *r)
{
	if (r == NULL)
		return;
	eiti_arena_free(r->arena);
	free(r);
}
