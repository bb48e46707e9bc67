/*
 * model.c - small helpers over the plain data of model.h.
 */
#include "config.h"

#include <stdint.h>
#include <string.h>

#include "model/item.h"
#include "model/model.h"

const char *
eiti_role_name(enum eiti_role r)
{
	return r == EITI_ROLE_GOVERNMENT ? "government" : "company";
}

/* The names in one block of fixed-size slots, so that the index of one
 * of these pointers is a subtraction. */
#define NAME_SLOT 16
static const char names_block[EITI_A_N][NAME_SLOT] = {"role", "country",
    "period-start", "period-end", "reporter", "currency", "id", "name", "level",
    "region", "sector", "commodity", "stream", "entity", "amount", "company",
    "date", "project", "note", "in-kind", "volume", "unit"};

const char *const eiti_item_attr_names[EITI_A_N] = {names_block[0],
    names_block[1], names_block[2], names_block[3], names_block[4],
    names_block[5], names_block[6], names_block[7], names_block[8],
    names_block[9], names_block[10], names_block[11], names_block[12],
    names_block[13], names_block[14], names_block[15], names_block[16],
    names_block[17], names_block[18], names_block[19], names_block[20],
    names_block[21]};

enum eiti_attr
eiti_item_attr_index(const char *name)
{
	uintptr_t d = (uintptr_t)name - (uintptr_t)names_block;
	size_t i;

	if (d < sizeof(names_block) && d % NAME_SLOT == 0)
		return (enum eiti_attr)(d / NAME_SLOT);
	for (i = 0; i < EITI_A_N; i++)
		if (names_block[i][0] == name[0] &&
		    strcmp(names_block[i], name) == 0)
			break;
	return (enum eiti_attr)i;
}

const char *
eiti_item_element(enum eiti_item_kind kind)
{
	switch (kind) {
	case EITI_ITEM_DISCLOSURE:
		return "disclosure";
	case EITI_ITEM_ENTITY:
		return "entity";
	case EITI_ITEM_COMPANY:
		return "company";
	case EITI_ITEM_TOTAL:
		return "total";
	case EITI_ITEM_PAYMENT:
		break;
	}
	return "payment";
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
