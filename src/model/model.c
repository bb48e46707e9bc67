/*
 * model.c - small helpers over the plain data of model.h.
 */
#include "config.h"

#include <string.h>

#include "model/model.h"

const char *
eiti_role_name(enum eiti_role r)
{
	return r == EITI_ROLE_GOVERNMENT ? "government" : "company";
}

const struct eiti_rate_decl *
eiti_manifest_rate(const struct eiti_manifest *m, const char *currency)
{
	size_t i;

	if (m == NULL || currency == NULL)
		return NULL;
	/* A handful of rates: a linear scan is the fastest lookup. */
	for (i = 0; i < m->nrates; i++)
		if (strcmp(m->rates[i].currency, currency) == 0)
			return &m->rates[i];
	return NULL;
}

void
eiti_manifest_tolerance(const struct eiti_manifest *m, const char *stream,
    const char *entity, int64_t *abs_tol, struct eiti_decimal *rel)
{
	const struct eiti_tolerance_decl *by_stream = NULL, *by_entity = NULL;
	size_t i;

	*abs_tol = m->has_abs_tol ? m->abs_tol : 0;
	*rel = m->has_rel_tol ? m->rel_tol : (struct eiti_decimal){0, 0};
	for (i = 0; i < m->ntolerances; i++) {
		const struct eiti_tolerance_decl *t = &m->tolerances[i];

		if (t->stream == NULL || strcmp(t->stream, stream) != 0)
			continue;
		if (t->entity == NULL && by_stream == NULL)
			by_stream = t;
		else if (t->entity != NULL && entity != NULL &&
			 strcmp(t->entity, entity) == 0 && by_entity == NULL)
			by_entity = t;
	}
	if (by_stream != NULL && by_stream->has_abs)
		*abs_tol = by_stream->abs;
	if (by_stream != NULL && by_stream->has_rel)
		*rel = by_stream->rel;
	if (by_entity != NULL && by_entity->has_abs)
		*abs_tol = by_entity->abs;
	if (by_entity != NULL && by_entity->has_rel)
		*rel = by_entity->rel;
}

int
eiti_manifest_convert(const struct eiti_manifest *m, int64_t *out,
    int64_t amount, const char *cur, int digits)
{
	static const struct eiti_decimal one = {1, 0};
	const struct eiti_rate_decl *rd;
	const struct eiti_decimal *rate = &one;

	if (cur == NULL || strcmp(cur, m->currency) == 0) {
		if (digits == m->currency_digits) {
			*out = amount;
			return 0;
		}
	} else {
		if ((rd = eiti_manifest_rate(m, cur)) == NULL)
			return 1;
		rate = &rd->value;
	}
	return eiti_money_convert(out, amount, digits, rate, m->currency_digits)
		   ? 0
		   : 2;
}
