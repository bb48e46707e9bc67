/*
 * adjustments.c - adjustments and explanations (eitirep-adjustments(5)):
 * schema, rules and eiti_adjustments_load().
 *
 * Rules beyond the schema: a reason with text (ADJ-REASON), known stream
 * and currency codes, amounts within the currency's minor unit, and, with
 * the manifest, a rate for every foreign currency (RATE-MISSING) and a
 * project only at level project (ADJ-KEY, a warning: the project is then
 * ignored).  Whether the key matches any payment is known only after the
 * disclosures are read: the reconciliation reports that.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "core/arena.h"
#include "core/err.h"
#include "core/iso.h"
#include "model/model.h"
#include "validate/internal.h"
#include "validate/validate.h"

struct astate {
	struct eiti_adjustments *a;
	struct eiti_arena *arena;
	const struct eiti_manifest *m;
	struct eiti_adjustment_decl *items;
	size_t n, cap;
	bool project_warned;
};

void *
vx_adjustments_state_new(const char *name, const struct eiti_manifest *m)
{
	struct astate *s = eiti_xcalloc(1, sizeof(*s));

	s->arena = eiti_arena_new();
	s->a = eiti_arena_alloc(s->arena, sizeof(*s->a));
	s->a->arena = s->arena;
	s->a->file = eiti_arena_strdup(s->arena, name);
	s->m = m;
	return s;
}

void
vx_adjustments_state_free(void *st)
{
	struct astate *s = st;

	if (s == NULL)
		return;
	if (s->a != NULL)
		eiti_arena_free(s->arena);
	free(s->items);
	free(s);
}

struct eiti_adjustments *
vx_adjustments_state_take(void *st)
{
	struct astate *s = st;
	struct eiti_adjustments *a = s->a;

	if (s->n > 0) {
		a->items = eiti_arena_alloc(s->arena, s->n * sizeof(*s->items));
		memcpy(a->items, s->items, s->n * sizeof(*s->items));
	}
	a->nitems = s->n;
	s->a = NULL;
	return a;
}

void
eiti_adjustments_free(struct eiti_adjustments *a)
{
	if (a != NULL)
		eiti_arena_free(a->arena);
}

static const char *
keep(struct astate *s, const char *v)
{
	return eiti_arena_strdup(s->arena, v);
}

static void
item(struct vx_run *r, struct astate *s, bool explanation)
{
	static const char *const req[] = {
	    "company", "entity", "project", "ref", NULL};
	struct eiti_adjustment_decl d;
	const char *side, *reason, *code;
	bool present;

	memset(&d, 0, sizeof(d));
	d.is_explanation = explanation;
	vx_elem_pos(r, &d.line, &d.col);
	d.company = vx_attr(r, "company");
	d.entity = vx_attr(r, "entity");
	d.stream = vx_attr(r, "stream");
	vx_labelf(r, "%s %s/%s/%s", explanation ? "explanation" : "adjustment",
	    d.company != NULL ? d.company : "",
	    d.entity != NULL ? d.entity : "", d.stream != NULL ? d.stream : "");
	vx_check_nonempty(r, req);
	vx_check_stream(r, "stream");
	d.project = vx_attr(r, "project");
	if (d.project != NULL && s->m != NULL && !s->m->level_project) {
		vx_attr_finding(r, EITI_RULE_ADJ_KEY, "project",
		    "project '%s' is ignored: the reconciliation is at level "
		    "stream",
		    d.project);
		d.project = NULL;
	}
	reason = vx_attr(r, "reason");
	if (reason != NULL && reason[0] == '\0')
		vx_attr_finding(r, EITI_RULE_ADJ_REASON, "reason",
		    "the reason is empty: every %s must say why",
		    explanation ? "explanation" : "adjustment");
	d.reason = keep(s, vx_attr_raw(r, "reason"));
	d.ref = keep(s, vx_attr(r, "ref"));
	d.klass = keep(s, vx_attr(r, "class"));
	if (!explanation) {
		side = vx_attr(r, "side");
		d.side = side != NULL && strcmp(side, "government") == 0
			     ? EITI_ROLE_GOVERNMENT
			     : EITI_ROLE_COMPANY;
		d.currency_digits =
		    vx_check_currency(r, "currency", &code, &present);
		d.currency = keep(s, code);
		d.amount_text = keep(s, vx_attr(r, "amount"));
		vx_check_amount(r, "amount", d.currency_digits,
		    code != NULL ? code : "?", &d.amount);
		if (s->m != NULL && d.currency_digits >= 0 && code != NULL &&
		    s->m->currency != NULL &&
		    strcmp(code, s->m->currency) != 0 &&
		    eiti_manifest_rate(s->m, code) == NULL)
			vx_attr_finding(r, EITI_RULE_RATE_MISSING, "currency",
			    "no exchange rate for %s in the "
			    "manifest (report currency %s)",
			    code, s->m->currency);
	}
	d.company = keep(s, d.company);
	d.entity = keep(s, d.entity);
	d.stream = keep(s, d.stream);
	d.project = keep(s, d.project);
	if (s->n == s->cap) {
		s->cap = s->cap ? 2 * s->cap : 16;
		s->items = eiti_xrealloc(s->items, s->cap * sizeof(*s->items));
	}
	s->items[s->n++] = d;
}

static void
on_start(struct vx_run *r)
{
	struct astate *s = r->ud;

	if (!r->el.ours || r->el.depth != 2)
		return;
	if (strcmp(r->el.local, "adjustment") == 0)
		item(r, s, false);
	else if (strcmp(r->el.local, "explanation") == 0)
		item(r, s, true);
}

const struct vx_ops vx_adjustments_ops = {on_start, NULL, NULL};

struct load_args {
	const char *name;
	const struct eiti_manifest *m;
	void *state;
};

static const struct vx_ops *
ops_for(enum eiti_doc_kind kind, void *arg, void **ud)
{
	struct load_args *a = arg;

	(void)kind;
	a->state = vx_adjustments_state_new(a->name, a->m);
	*ud = a->state;
	return &vx_adjustments_ops;
}

static int
load(struct eiti_adjustments **out, int fd, const char *path, const char *name,
    const struct eiti_manifest *m, struct eiti_diags *diags,
    struct eiti_read_tap *tap, struct eiti_err *err)
{
	struct load_args a = {name != NULL ? name : path, m, NULL};
	size_t before = diags->errors;
	enum eiti_doc_kind kind;
	int rc;

	*out = NULL;
	if (fd >= 0)
		rc = vx_run_fd(&kind, fd, a.name, EITI_DOC_ADJUSTMENTS, ops_for,
		    &a, diags, tap, err);
	else
		rc = vx_run_file(&kind, path, a.name, EITI_DOC_ADJUSTMENTS,
		    ops_for, &a, diags, err);
	if (rc == 0 && (diags->errors > before || a.state == NULL))
		rc = 1;
	if (rc == 0)
		*out = vx_adjustments_state_take(a.state);
	vx_adjustments_state_free(a.state);
	return rc;
}

int
eiti_adjustments_load(struct eiti_adjustments **out, const char *path,
    const char *name, const struct eiti_manifest *m, struct eiti_diags *diags,
    struct eiti_err *err)
{
	return load(out, -1, path, name, m, diags, NULL, err);
}

int
eiti_adjustments_load_fd(struct eiti_adjustments **out, int fd,
    const char *name, const struct eiti_manifest *m, struct eiti_diags *diags,
    struct eiti_read_tap *tap, struct eiti_err *err)
{
	return load(out, fd, name, name, m, diags, tap, err);
}
