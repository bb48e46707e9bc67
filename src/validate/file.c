/*
 * file.c - eiti_validate_file(): one file of any kind, the kind taken
 * from its root element, in a single streaming pass (the probe reads
 * only up to the root start tag).
 *
 * A disclosure is checked without a manifest (no rate, period or role
 * context) unless one is given, a manifest and an adjustments file as
 * they would be loaded, a results file against schemas/results.xsd when
 * it is installed.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "validate/internal.h"
#include "validate/validate.h"

struct any {
	const char *path;
	const struct eiti_manifest *m;
	struct eiti_disclosure_ctx ctx;
	enum eiti_doc_kind kind;
	void *state;
};

static const struct vx_ops *
any_ops(enum eiti_doc_kind kind, void *arg, void **ud)
{
	struct any *a = arg;

	a->kind = kind;
	switch (kind) {
	case EITI_DOC_DISCLOSURE:
		if (a->m != NULL) {
			int role = vx_manifest_source_role(a->m, a->path);

			a->ctx.manifest = a->m;
			a->ctx.expected_role =
			    role < 0 ? EITI_ROLE_COMPANY : (enum eiti_role)role;
			a->state = vx_disclosure_state_new(
			    a->path, &a->ctx, NULL, NULL);
			if (role < 0)
				vx_disclosure_state_no_role(a->state);
		} else {
			a->state =
			    vx_disclosure_state_new(a->path, NULL, NULL, NULL);
		}
		*ud = a->state;
		return &vx_disclosure_ops;
	case EITI_DOC_MANIFEST:
		a->state = vx_manifest_state_new(a->path, a->path);
		*ud = a->state;
		return &vx_manifest_ops;
	case EITI_DOC_ADJUSTMENTS:
		a->state = vx_adjustments_state_new(a->path, a->m);
		*ud = a->state;
		return &vx_adjustments_ops;
	case EITI_DOC_PROFILE:
		a->state = vx_profile_state_new(a->path);
		*ud = a->state;
		return &vx_profile_ops;
	default:
		*ud = NULL;
		return NULL; /* results: the schema alone */
	}
}

static void
free_state(struct any *a)
{
	switch (a->kind) {
	case EITI_DOC_DISCLOSURE:
		vx_disclosure_state_free(a->state);
		break;
	case EITI_DOC_MANIFEST:
		vx_manifest_state_free(a->state);
		break;
	case EITI_DOC_ADJUSTMENTS:
		vx_adjustments_state_free(a->state);
		break;
	case EITI_DOC_PROFILE:
		vx_profile_state_free(a->state);
		break;
	default:
		break;
	}
}

int
eiti_validate_file(
    const char *path, struct eiti_diags *diags, struct eiti_err *err)
{
	return eiti_validate_file_in(path, NULL, diags, err);
}

int
eiti_validate_file_in(const char *path, const struct eiti_manifest *m,
    struct eiti_diags *diags, struct eiti_err *err)
{
	struct any a;
	enum eiti_doc_kind kind;
	int rc;

	memset(&a, 0, sizeof(a));
	a.path = path;
	a.m = m;
	rc = vx_run_file(
	    &kind, path, path, EITI_DOC_UNKNOWN, any_ops, &a, diags, err);
	free_state(&a);
	return rc;
}
