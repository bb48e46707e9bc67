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

#include "validate/identity.h"
#include "validate/internal.h"
#include "validate/validate.h"

struct any {
	const char *path;
	const struct eiti_manifest *m;
	struct eiti_disclosure_ctx ctx;
	enum eiti_doc_kind kind;
	void *state;
	const struct eiti_disclosure_sink *sink; /* may be NULL */
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
			    a->path, &a->ctx, a->sink, NULL);
			if (role < 0)
				vx_disclosure_state_no_role(a->state);
		} else {
			a->state = vx_disclosure_state_new(
			    a->path, NULL, a->sink, NULL);
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

/* The sink of eiti_validate_file_collect(): declarations and payments to
 * the identity collector. */
static int
c_entity(void *ud, const struct eiti_disclosure_hdr *h,
    const struct eiti_entity_decl *e)
{
	eiti_identity_entity(ud, h, e);
	return 0;
}

static int
c_company(void *ud, const struct eiti_disclosure_hdr *h,
    const struct eiti_company_decl *c)
{
	eiti_identity_company(ud, h, c);
	return 0;
}

static int
c_payment(
    void *ud, const struct eiti_disclosure_hdr *h, const struct eiti_payment *p)
{
	eiti_identity_payment(ud, h, p);
	return 0;
}

int
eiti_validate_file_collect(const char *path, const struct eiti_manifest *m,
    struct eiti_identity *id, struct eiti_adjustments **adj,
    struct eiti_diags *diags, struct eiti_err *err)
{
	struct eiti_disclosure_sink sink;
	struct any a;
	enum eiti_doc_kind kind;
	int rc;

	memset(&sink, 0, sizeof(sink));
	sink.ud = id;
	sink.entity = c_entity;
	sink.company = c_company;
	sink.payment = c_payment;
	memset(&a, 0, sizeof(a));
	a.path = path;
	a.m = m;
	a.sink = &sink;
	*adj = NULL;
	rc = vx_run_file(
	    &kind, path, path, EITI_DOC_UNKNOWN, any_ops, &a, diags, err);
	if (rc == 0 && a.kind == EITI_DOC_ADJUSTMENTS && a.state != NULL)
		*adj = vx_adjustments_state_take(a.state);
	free_state(&a);
	return rc;
}
