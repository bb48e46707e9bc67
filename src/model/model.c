/*
 * model.c - small helpers over the plain data of model.h.
 */
#include "config.h"

#include <string.h>

#include "model/item.h"
#include "model/model.h"

const char *
eiti_role_name(enum eiti_role r)
{
	return r == EITI_ROLE_GOVERNMENT ? "government" : "company";
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
