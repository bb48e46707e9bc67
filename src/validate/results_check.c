/*
 * results_check.c - the derived figures of results.xml recomputed and
 * compared (results_check.h).  Memory: a line number per row and per
 * total, and one (ac, ag) pair per row at the end.
 */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/err.h"
#include "core/hash.h"
#include "core/money.h"
#include "core/rules.h"
#include "validate/results_check.h"

/* Positions of the rows or totals read, for findings at the end. */
struct pos {
	unsigned long line, col;
};
struct lines {
	struct pos *v;
	size_t n, cap;
};

struct rcheck {
	int64_t abs_tol;
	struct eiti_decimal rel;
	const struct eiti_res_tolerance *tols;
	struct eiti_strmap *tolmap; /* "stream\037entity" -> first index */
	char **tolkeys;
	size_t ntols;
	int digits;
	struct lines rows, totals[RC_NGROUPS];
	struct pos overall;
};

static void
lines_push(struct lines *l, struct vx_run *r)
{
	if (l->n == l->cap) {
		l->cap = l->cap ? 2 * l->cap : 64;
		l->v = eiti_xrealloc(l->v, l->cap * sizeof(*l->v));
	}
	vx_elem_pos(r, &l->v[l->n].line, &l->v[l->n].col);
	l->n++;
}

static struct pos
pos_of(const struct lines *l, size_t i)
{
	static const struct pos none = {0, 0};

	return i < l->n ? l->v[i] : none;
}

struct rcheck *
rcheck_new(const struct eiti_results *params,
    const struct eiti_res_tolerance *tols, size_t ntols, int digits)
{
	struct rcheck *k = eiti_xcalloc(1, sizeof(*k));
	size_t i;

	k->abs_tol = params->abs_tol;
	k->rel = params->rel_tol;
	/* a copy: the loader's array may still grow */
	k->tols = ntols > 0 ? memcpy(eiti_xcalloc(ntols, sizeof(*tols)), tols,
				  ntols * sizeof(*tols))
			    : NULL;
	k->ntols = ntols;
	k->digits = digits;
	k->tolmap = eiti_strmap_new();
	k->tolkeys = eiti_xcalloc(ntols + 1, sizeof(*k->tolkeys));
	for (i = 0; i < ntols; i++) {
		struct eiti_strmap_entry *e;
		bool added;

		k->tolkeys[i] =
		    eiti_xasprintf("%s\037%s", tols[i].stream, tols[i].entity);
		e = eiti_strmap_add(k->tolmap, k->tolkeys[i], &added);
		if (added) /* the first of equal ones applies */
			e->value = (void *)(uintptr_t)(i + 1);
	}
	return k;
}

void
rcheck_free(struct rcheck *k)
{
	size_t i;

	if (k == NULL)
		return;
	eiti_strmap_free(k->tolmap);
	free((void *)k->tols);
	for (i = 0; i < k->ntols; i++)
		free(k->tolkeys[i]);
	free(k->tolkeys);
	free(k->rows.v);
	for (i = 0; i < RC_NGROUPS; i++)
		free(k->totals[i].v);
	free(k);
}

static const struct eiti_res_tolerance *
tol_find(const struct rcheck *k, const char *stream, const char *entity)
{
	char *key = eiti_xasprintf("%s\037%s", stream, entity);
	struct eiti_strmap_entry *e = eiti_strmap_find(k->tolmap, key);

	free(key);
	return e != NULL ? &k->tols[(uintptr_t)e->value - 1] : NULL;
}

/* The tolerance of (stream, entity): the stream-and-entity one over the
 * stream-wide one over the parameters, a missing attribute inherited
 * (README, reconciliation rule 4). */
static void
tol_for(const struct rcheck *k, const struct eiti_res_row *w, int64_t *abs,
    struct eiti_decimal *rel)
{
	const struct eiti_res_tolerance *by[2];
	int i;

	*abs = k->abs_tol;
	*rel = k->rel;
	by[0] = tol_find(k, w->stream, "");
	by[1] = w->entity_id[0] != '\0' ? tol_find(k, w->stream, w->entity_id)
					: NULL;
	for (i = 0; i < 2; i++) {
		if (by[i] != NULL && by[i]->has_abs)
			*abs = by[i]->abs;
		if (by[i] != NULL && by[i]->has_rel)
			*rel = by[i]->rel;
	}
}

/* "row 3 (company C, entity E, stream S)" */
static void
row_name(char *buf, size_t size, size_t index, const struct eiti_res_row *w)
{
	snprintf(buf, size, "row %zu (company %s, entity %s, stream %s%s%s)",
	    index, w->company_id, w->entity_id, w->stream,
	    w->project[0] != '\0' ? ", project " : "", w->project);
}

static void
figure_mismatch(struct rcheck *k, struct vx_run *r, const char *who,
    const char *attr, int64_t got, const char *how, int64_t want)
{
	char a[EITI_MONEY_BUFSZ], b[EITI_MONEY_BUFSZ];

	vx_elem_finding(r, EITI_RULE_RESULTS_DERIVED,
	    "%s: %s is %s, but %s is %s", who, attr,
	    eiti_money_plain(a, got, k->digits), how,
	    eiti_money_plain(b, want, k->digits));
}

void
rcheck_row(struct rcheck *k, struct vx_run *r, size_t index,
    const struct eiti_res_row *w, int in_scope)
{
	struct eiti_res_row x = *w;
	struct eiti_decimal rel;
	int64_t abs;
	char who[512];

	lines_push(&k->rows, r);
	row_name(who, sizeof(who), index, w);
	tol_for(k, w, &abs, &rel);
	switch (eiti_result_derive(&x, in_scope != 0, abs, &rel)) {
	case EITI_DERIVE_OK:
		break;
	case EITI_DERIVE_DISCREPANCY:
		vx_elem_finding(r, EITI_RULE_RESULTS_DERIVED,
		    "%s: its discrepancy overflows", who);
		return;
	default:
		vx_elem_finding(r, EITI_RULE_RESULTS_DERIVED,
		    "%s: its tolerance overflows", who);
		return;
	}
	if (x.d != w->d)
		figure_mismatch(k, r, who, "d", w->d, "c - g", x.d);
	else if (x.f != w->f)
		figure_mismatch(
		    k, r, who, "f", w->f, "(c + ac) - (g + ag)", x.f);
	else if (x.tolerance != w->tolerance)
		figure_mismatch(k, r, who, "the tolerance", w->tolerance,
		    "the one that applies", x.tolerance);
	else if (in_scope >= 0 && x.status != w->status)
		vx_elem_finding(r, EITI_RULE_RESULTS_DERIVED,
		    "%s: status is '%s', but its figures give '%s'", who,
		    eiti_status_name(w->status), eiti_status_name(x.status));
	else if (x.beyond_tolerance != w->beyond_tolerance)
		vx_elem_finding(r, EITI_RULE_RESULTS_DERIVED,
		    "%s: beyond-tolerance is %s, but |f| against the "
		    "tolerance gives %s",
		    who, w->beyond_tolerance ? "true" : "false",
		    x.beyond_tolerance ? "true" : "false");
}

void
rcheck_total_line(struct rcheck *k, struct vx_run *r, int group)
{
	if (group < 0)
		vx_elem_pos(r, &k->overall.line, &k->overall.col);
	else
		lines_push(&k->totals[group], r);
}

/* Each row's ac and ag against the sums of its adjustments by side. */
static void
check_adjustments(
    struct rcheck *k, struct vx_run *r, const struct rcheck_doc *doc)
{
	int64_t(*sum)[2] = eiti_xcalloc(doc->nrows + 1, sizeof(*sum));
	char who[512];
	size_t i;

	for (i = 0; i < doc->nadjs; i++) {
		const struct eiti_res_adjustment *a = &doc->adjs[i];
		int side = a->side == EITI_ROLE_COMPANY ? 0 : 1;

		if (a->is_explanation || a->row >= doc->nrows)
			continue;
		if (!eiti_add(&sum[a->row][side], sum[a->row][side], a->value))
			sum[a->row][side] = INT64_MIN; /* shown as is */
	}
	for (i = 0; i < doc->nrows; i++) {
		const struct eiti_res_row *w = &doc->rows[i];
		const char *attr = sum[i][0] != w->ac ? "ac" : "ag";
		int64_t got = sum[i][0] != w->ac ? w->ac : w->ag;
		int64_t want = sum[i][0] != w->ac ? sum[i][0] : sum[i][1];
		char a[EITI_MONEY_BUFSZ], b[EITI_MONEY_BUFSZ];
		struct pos p;

		if (got == want)
			continue;
		row_name(who, sizeof(who), i, w);
		p = pos_of(&k->rows, i);
		vx_finding_at(r, p.line, p.col, EITI_RULE_RESULTS_DERIVED,
		    "%s: %s is %s, but its adjustments add up to %s", who, attr,
		    eiti_money_plain(a, got, k->digits),
		    eiti_money_plain(b, want, k->digits));
	}
	free(sum);
}

/* The first figure where two totals differ, or NULL. */
static const char *
total_diff(const struct eiti_res_total *got, const struct eiti_res_total *want,
    int64_t *g, int64_t *w, bool *money)
{
	static const char *const counts[EITI_ST_COUNT] = {"matched",
	    "within-tolerance", "discrepancy", "company-only",
	    "government-only", "out-of-scope"};
	const int64_t gv[] = {
	    got->c, got->g, got->d, got->ac, got->ag, got->f, got->gross};
	const int64_t wv[] = {want->c, want->g, want->d, want->ac, want->ag,
	    want->f, want->gross};
	static const char *const names[] = {
	    "c", "g", "d", "ac", "ag", "f", "gross"};
	size_t i;

	*money = false;
	*g = (int64_t)got->keys;
	*w = (int64_t)want->keys;
	if (got->keys != want->keys)
		return "keys";
	for (i = 0; i < EITI_ST_COUNT; i++) {
		*g = (int64_t)got->count[i];
		*w = (int64_t)want->count[i];
		if (*g != *w)
			return counts[i];
	}
	*money = true;
	for (i = 0; i < sizeof(gv) / sizeof(gv[0]); i++) {
		*g = gv[i];
		*w = wv[i];
		if (*g != *w)
			return names[i];
	}
	return NULL;
}

static void
total_finding(struct rcheck *k, struct vx_run *r, struct pos p,
    const char *what, const struct eiti_res_total *got,
    const struct eiti_res_total *want)
{
	char a[EITI_MONEY_BUFSZ], b[EITI_MONEY_BUFSZ];
	int64_t g, w;
	bool money;
	const char *attr = total_diff(got, want, &g, &w, &money);

	if (attr == NULL)
		return;
	if (money)
		vx_finding_at(r, p.line, p.col, EITI_RULE_RESULTS_DERIVED,
		    "%s: %s is %s, but its rows add up to %s", what, attr,
		    eiti_money_plain(a, g, k->digits),
		    eiti_money_plain(b, w, k->digits));
	else
		vx_finding_at(r, p.line, p.col, EITI_RULE_RESULTS_DERIVED,
		    "%s: %s is %lld, but its rows give %lld", what, attr,
		    (long long)g, (long long)w);
}

static const char *
group_key(const struct eiti_res_row *w, int group)
{
	switch (group) {
	case RC_COMPANY:
		return w->company_id;
	case RC_STREAM:
		return w->stream;
	case RC_ENTITY:
		return w->entity_id;
	default:
		return w->region;
	}
}

/* One kind of group totals against the sums of their rows. */
static void
check_groups(
    struct rcheck *k, struct vx_run *r, const struct rcheck_doc *doc, int group)
{
	static const char *const kinds[] = {
	    "company", "stream", "entity", "region"};
	const struct eiti_res_total *t = doc->groups[group];
	size_t n = doc->ngroups[group], i;
	struct eiti_res_total *sum = eiti_xcalloc(n + 1, sizeof(*sum));
	struct eiti_strmap *map =
	    eiti_strmap_of_array(n > 0 ? &t->key : NULL, sizeof(*t), n);
	bool overflow = false, missing = false;
	char what[512];

	/* a kind of totals the file leaves out is not a false figure (the
	 * schema allows it; eitirep writes them all) */
	if (n == 0) {
		eiti_strmap_free(map);
		free(sum);
		return;
	}

	for (i = 0; i < doc->nrows; i++) {
		size_t j =
		    eiti_strmap_index(map, group_key(&doc->rows[i], group));

		if (j == SIZE_MAX) {
			struct pos p = pos_of(&k->rows, i);

			if (!missing)
				vx_finding_at(r, p.line, p.col,
				    EITI_RULE_RESULTS_DERIVED,
				    "row %zu: no total of its %s '%s'", i,
				    kinds[group],
				    group_key(&doc->rows[i], group));
			missing = true;
			continue;
		}
		if (!eiti_result_total_add(&sum[j], &doc->rows[i]))
			overflow = true;
	}
	for (i = 0; i < n && !overflow; i++) {
		snprintf(what, sizeof(what), "the total of %s '%s'",
		    kinds[group], t[i].key);
		total_finding(
		    k, r, pos_of(&k->totals[group], i), what, &t[i], &sum[i]);
	}
	if (overflow)
		vx_finding_at(r, pos_of(&k->totals[group], 0).line,
		    pos_of(&k->totals[group], 0).col, EITI_RULE_RESULTS_DERIVED,
		    "the totals by %s of the rows overflow", kinds[group]);
	eiti_strmap_free(map);
	free(sum);
}

void
rcheck_finish(struct rcheck *k, struct vx_run *r, const struct rcheck_doc *doc)
{
	struct eiti_res_total sum;
	size_t i;
	int g;

	if (k == NULL)
		return;
	check_adjustments(k, r, doc);
	if (doc->overall != NULL) {
		memset(&sum, 0, sizeof(sum));
		for (i = 0; i < doc->nrows; i++)
			if (!eiti_result_total_add(&sum, &doc->rows[i]))
				break;
		if (i < doc->nrows)
			vx_finding_at(r, k->overall.line, k->overall.col,
			    EITI_RULE_RESULTS_DERIVED,
			    "the overall total of the rows overflows");
		else
			total_finding(k, r, k->overall, "the overall total",
			    doc->overall, &sum);
	}
	for (g = 0; g < RC_NGROUPS; g++)
		check_groups(k, r, doc, g);
}
