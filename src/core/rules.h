/*
 * rules.h - the registry of rule ids (core/rules.def) as an enum and a
 * table.
 *
 * Every finding (diag.h) names its rule by enum eiti_rule, never by a
 * string literal: the id printed in brackets, the default severity and
 * the documentation all come from one line of rules.def.  The table is
 * in the order of rules.def, which is the order of the documentation.
 */
#ifndef EITI_CORE_RULES_H
#define EITI_CORE_RULES_H

#include <stdbool.h>
#include <stddef.h>

enum eiti_severity { EITI_SEV_ERROR, EITI_SEV_WARNING };

enum eiti_rule {
#define EITI_RULE(sym, id, sev, ref, summary) EITI_RULE_##sym,
#include "core/rules.def"
#undef EITI_RULE
	EITI_RULE_COUNT
};

struct eiti_rule_info {
	const char *id;		/* "AMT-DIGITS" */
	enum eiti_severity sev; /* the default severity */
	bool sev_varies;	/* ERROR_WARNING: the raiser decides */
	const char *reference;	/* "ISO 4217", "Req. 4.2", ... */
	const char *summary;	/* one line for the documentation */
};

/* The registry entry of rule (an EITI_RULE_ constant; anything else
 * aborts: it is a programming error). */
const struct eiti_rule_info *eiti_rule_info(enum eiti_rule rule);

/* The id of rule ("AMT-DIGITS"). */
const char *eiti_rule_id(enum eiti_rule rule);

/* The rule whose id is id, or -1 when there is none (for tests and tools
 * that read ids back). */
int eiti_rule_by_id(const char *id);

#endif
