/*
 * provenance.c - ownership of struct eiti_provenance.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "core/err.h"
#include "model/provenance.h"

void
eiti_provenance_free(struct eiti_provenance *p)
{
	if (p == NULL)
		return;
	free(p->url);
	free(p->final_url);
	free(p->etag);
	free(p->last_modified);
	free(p->retrieved);
	free(p->outcome);
	free(p->checked);
	memset(p, 0, sizeof(*p));
}

static char *
dup_or_null(const char *s)
{
	return s != NULL ? eiti_xstrdup(s) : NULL;
}

void
eiti_provenance_copy(
    struct eiti_provenance *dst, const struct eiti_provenance *src)
{
	dst->url = dup_or_null(src->url);
	dst->final_url = dup_or_null(src->final_url);
	dst->http_status = src->http_status;
	dst->etag = dup_or_null(src->etag);
	dst->last_modified = dup_or_null(src->last_modified);
	dst->bytes = src->bytes;
	memcpy(dst->sha256, src->sha256, sizeof(dst->sha256));
	dst->retrieved = dup_or_null(src->retrieved);
	dst->outcome = dup_or_null(src->outcome);
	dst->checked = dup_or_null(src->checked);
}
