/*
 * transfers.c - the status spellings of the transfers part of the
 * results (transfers.h).
 */
#include "config.h"

#include <string.h>

#include "model/transfers.h"

/* In enum order, which is not the order the status is decided in (that
 * is the README's: not-transferred first). */
static const char *const xfer_status_names[EITI_XS_COUNT] = {
    "matched",
    "within-tolerance",
    "discrepancy",
    "not-transferred",
    "receipt-not-reported",
    "transfer-not-reported",
};

const char *
eiti_xfer_status_name(enum eiti_xfer_status s)
{
	if ((unsigned)s >= EITI_XS_COUNT)
		return "unknown";
	return xfer_status_names[s];
}

int
eiti_xfer_status_parse(const char *s)
{
	int i;

	if (s == NULL)
		return -1;
	for (i = 0; i < EITI_XS_COUNT; i++)
		if (strcmp(s, xfer_status_names[i]) == 0)
			return i;
	return -1;
}
