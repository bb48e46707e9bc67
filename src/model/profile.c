/*
 * profile.c - small helpers over model/profile.h: field names and where
 * a profile named on the command line or in a manifest is found.
 */
#include "config.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "core/err.h"
#include "core/paths.h"
#include "model/profile.h"

static const char *const field_names[EITI_PF_N] = {
    [EITI_PF_PAYMENT_ID] = "payment-id",
    [EITI_PF_COMPANY] = "company",
    [EITI_PF_COMPANY_NAME] = "company-name",
    [EITI_PF_SECTOR] = "sector",
    [EITI_PF_COMMODITY] = "commodity",
    [EITI_PF_ENTITY] = "entity",
    [EITI_PF_ENTITY_NAME] = "entity-name",
    [EITI_PF_LEVEL] = "level",
    [EITI_PF_REGION] = "region",
    [EITI_PF_STREAM] = "stream",
    [EITI_PF_AMOUNT] = "amount",
    [EITI_PF_CURRENCY] = "currency",
    [EITI_PF_DATE] = "date",
    [EITI_PF_PROJECT] = "project",
    [EITI_PF_NOTE] = "note",
};

const char *
eiti_pfield_name(enum eiti_pfield f)
{
	return (unsigned)f < EITI_PF_N ? field_names[f] : "?";
}

int
eiti_pfield_parse(const char *name)
{
	int i;

	for (i = 0; i < EITI_PF_N; i++)
		if (strcmp(field_names[i], name) == 0)
			return i;
	return -1;
}

bool
eiti_profile_is_name(const char *ref)
{
	size_t i;

	if (ref == NULL || ref[0] == '\0' || strlen(ref) > 64)
		return false;
	for (i = 0; ref[i] != '\0'; i++) {
		char c = ref[i];

		if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
			((c == '-' || c == '_') && i > 0)))
			return false;
	}
	return true;
}

char *
eiti_profile_locate(const char *ref, const char *base_dir)
{
	char *rel, *path;

	if (eiti_profile_is_name(ref)) {
		rel = eiti_xasprintf("profiles/%s.xml", ref);
		path = eiti_datafile(rel);
		free(rel);
		return path;
	}
	if (base_dir == NULL || ref[0] == '/')
		return eiti_xstrdup(ref);
	return eiti_path_join(base_dir, ref);
}

bool
eiti_profile_in_list(const char *list, const char *v, size_t vlen)
{
	const char *p = list, *e;

	for (;;) {
		e = strchr(p, '|');
		if (e == NULL)
			e = p + strlen(p);
		if ((size_t)(e - p) == vlen && strncmp(p, v, vlen) == 0)
			return true;
		if (*e == '\0')
			return false;
		p = e + 1;
	}
}
