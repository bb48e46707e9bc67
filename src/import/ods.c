/* ods.c - placeholder until the OpenDocument reader lands. */
#include "config.h"

#include "import/internal.h"

int
imp_ods_open(struct eiti_table *t, struct imp_zip *z, const char *sheet,
    struct eiti_diags *diags, struct eiti_err *err)
{
	(void)sheet;
	(void)err;
	imp_zip_free(z);
	imp_finding(t, diags, EITI_SEV_ERROR, NULL, IMP_RULE_FORMAT,
	    "ods spreadsheets are not read yet");
	return 1;
}
