/*
 * rules.c - the registry table, built from rules.def.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/rules.h"

#define SEV_ERROR EITI_SEV_ERROR, false
#define SEV_WARNING EITI_SEV_WARNING, false
#define SEV_ERROR_WARNING EITI_SEV_ERROR, true

static const struct eiti_rule_info table[EITI_RULE_COUNT] = {
#define EITI_RULE(sym, id, sev, ref, summary) {id, SEV_##sev, ref, summary},
#include "core/rules.def"
#undef EITI_RULE
};

const struct eiti_rule_info *
eiti_rule_info(enum eiti_rule rule)
{
	if ((unsigned)rule >= EITI_RULE_COUNT) {
		fprintf(
		    stderr, "eitirep: internal error: rule %d\n", (int)rule);
		abort();
	}
	return &table[rule];
}

const char *
eiti_rule_id(enum eiti_rule rule)
{
	return eiti_rule_info(rule)->id;
}

int
eiti_rule_by_id(const char *id)
{
	size_t i;

	for (i = 0; id != NULL && i < EITI_RULE_COUNT; i++)
		if (strcmp(table[i].id, id) == 0)
			return (int)i;
	return -1;
}
