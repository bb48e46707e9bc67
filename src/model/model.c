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

const char *const eiti_item_attr_names[EITI_A_N] = {"role", "country",
    "period-start", "period-end", "reporter", "currency", "id", "name", "level",
    "region", "sector", "commodity", "stream", "entity", "amount", "company",
    "date", "project", "note", "in-kind", "volume", "unit"};

enum eiti_attr
eiti_item_attr_index(const char *name)
{
	/* Direct-mapped by address: an importer hands the same few
	 * pointers over millions of items. */
	static struct {
		const char *p;
		enum eiti_attr a;
	} cache[64];
	size_t slot = ((uintptr_t)name >> 3) & 63, i;

	if (cache[slot].p == name && name != NULL)
		return cache[slot].a;
	for (i = 0; i < EITI_A_N; i++)
		if (eiti_item_attr_names[i] == name)
			break;
	if (i == EITI_A_N)
		for (i = 0; i < EITI_A_N; i++)
			if (strcmp(eiti_item_attr_names[i], name) == 0)
				break;
	if (i < EITI_A_N && eiti_item_attr_names[i] == name) {
		cache[slot].p = name;
		cache[slot].a = (enum eiti_attr)i;
	}
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
