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
