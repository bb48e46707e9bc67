/*
 * disclosure.c - the semantic rules of a disclosure (SPEC 3.1 and 5),
 * applied while it streams, and eiti_disclosure_read().
 *
 * Memory: the declared entities and companies (a few hundred) and the
 * payment ids (strset.c: about 25 bytes each) are all that is kept; every
 * item is handed to the sink and forgotten.  Findings that would repeat
 * for every payment (an undeclared company, an unknown stream or
 * currency, a missing rate) are reported once per file and value, at
 * their first occurrence.
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

struct dstate {
	const char *name;
	const struct eiti_disclosure_ctx *ctx;
	bool check_role; /* ctx's expected_role is known */
	const struct eiti_disclosure_sink *sink;
	struct eiti_err *err;
	struct eiti_arena *arena; /* header strings */
	struct eiti_disclosure_hdr hdr;
	bool header_seen;
	bool period_ok; /* period-start/end valid and ordered */
	long ds, de;	/* their day numbers */
	const char *period_start, *period_end;
	struct vx_strset *entities, *companies, *payments;
	struct vx_strset *aliases;  /* ctx: alias names and ids */
	struct vx_strset *reported; /* "rule\x1fvalue" reported once */

	/* The id of the payment being read, inserted into payments at its
	 * end tag: its slot was prefetched at the start tag, and the schema
	 * validator's work in between hides the cache miss. */
	bool pending;
	char pend_id[260];
	uint64_t pend_hash;
	unsigned long pend_line, pend_col;
};

void *
vx_disclosure_state_new(const char *name, const struct eiti_disclosure_ctx *ctx,
    const struct eiti_disclosure_sink *sink, struct eiti_err *err)
{
	struct dstate *d = eiti_xcalloc(1, sizeof(*d));
	size_t i;

	d->name = name;
	d->ctx = ctx;
	d->check_role = ctx != NULL;
	d->sink = sink;
	d->err = err;
	d->arena = eiti_arena_new();
	d->entities = vx_strset_new();
	d->companies = vx_strset_new();
	d->payments = vx_strset_new_sequential();
	d->reported = vx_strset_new();
	d->aliases = vx_strset_new();
	if (ctx != NULL && ctx->manifest != NULL)
		for (i = 0; i < ctx->manifest->naliases; i++) {
			vx_strset_add(
			    d->aliases, ctx->manifest->aliases[i].name, 1);
			vx_strset_add(
			    d->aliases, ctx->manifest->aliases[i].id, 1);
		}
	d->hdr.file = name;
	d->hdr.currency_digits = -1;
	return d;
}

void
vx_disclosure_state_no_role(void *st)
{
	((struct dstate *)st)->check_role = false;
}

void
vx_disclosure_state_free(void *st)
{
	struct dstate *d = st;

	if (d == NULL)
		return;
	vx_strset_free(d->entities);
	vx_strset_free(d->companies);
	vx_strset_free(d->payments);
	vx_strset_free(d->reported);
	vx_strset_free(d->aliases);
	eiti_arena_free(d->arena);
	free(d);
}

/* True the first time (rule, value) is seen in this file. */
static bool
first_time(struct dstate *d, enum eiti_rule rule, const char *value)
{
	char key[400];

	snprintf(key, sizeof(key), "%d\x1f%s", (int)rule, value);
	return vx_strset_add(d->reported, key, 1) == 0;
}

/* A sink callback failed: stop, with an error if it did not set one. */
static void
sink_failed(struct vx_run *r, struct dstate *d)
{
	eiti_err_set(
	    d->err, EITI_ERR_IO, "validate: %s: reading stopped", d->name);
	vx_stop(r);
}

static const struct eiti_manifest *
manifest_of(const struct dstate *d)
{
	return d->ctx != NULL ? d->ctx->manifest : NULL;
}

static void
header(struct vx_run *r, struct dstate *d)
{
	static const char *const req[] = {"reporter", NULL};
	const struct eiti_manifest *m = manifest_of(d);
	const char *role, *ps, *pe, *cur;
	bool ok = true, present;
	long ds = 0, de = 0, ms, me;
	int dig;

	d->header_seen = true;
	vx_check_nonempty(r, req);
	role = vx_attr(r, "role");
	d->hdr.role = role != NULL && strcmp(role, "government") == 0
			  ? EITI_ROLE_GOVERNMENT
			  : EITI_ROLE_COMPANY;
	d->hdr.country =
	    eiti_arena_strdup(d->arena, vx_check_country(r, "country", &ok));
	ps = vx_check_date(r, "period-start");
	pe = vx_check_date(r, "period-end");
	d->hdr.period_start = eiti_arena_strdup(d->arena, ps);
	d->hdr.period_end = eiti_arena_strdup(d->arena, pe);
	d->hdr.reporter = eiti_arena_strdup(d->arena, vx_attr(r, "reporter"));
	dig = vx_check_currency(r, "currency", &cur, &present);
	d->hdr.currency = eiti_arena_strdup(d->arena, cur);
	d->hdr.currency_digits = dig;

	if (ps != NULL && pe != NULL && vx_date_parse(&ds, ps) &&
	    vx_date_parse(&de, pe)) {
		if (de < ds)
			vx_attr_finding(r, EITI_RULE_DATE_PERIOD, "period-end",
			    "period-end %s is before "
			    "period-start %s",
			    pe, ps);
		else
			d->period_ok = true;
		d->ds = ds;
		d->de = de;
	}
	if (m != NULL && d->period_ok && vx_date_parse(&ms, m->period_start) &&
	    vx_date_parse(&me, m->period_end)) {
		if (ds < ms || de > me)
			vx_elem_finding(r, EITI_RULE_DATE_PERIOD,
			    "disclosure period %s..%s is not within the "
			    "reconciliation period %s..%s of the manifest",
			    ps, pe, m->period_start, m->period_end);
		else if (ds != ms || de != me)
			vx_elem_finding_sev(r, EITI_SEV_WARNING,
			    EITI_RULE_DATE_PERIOD,
			    "disclosure period %s..%s covers only part of the "
			    "reconciliation period %s..%s",
			    ps, pe, m->period_start, m->period_end);
	}
	if (m != NULL && d->hdr.country != NULL && m->country != NULL &&
	    strcmp(d->hdr.country, m->country) != 0)
		vx_attr_finding(r, EITI_RULE_CODE_COUNTRY, "country",
		    "country %s differs from the manifest's %s", d->hdr.country,
		    m->country);
	if (d->ctx != NULL && d->check_role && role != NULL &&
	    (strcmp(role, "company") == 0 || strcmp(role, "government") == 0) &&
	    d->hdr.role != d->ctx->expected_role)
		vx_attr_finding(r, EITI_RULE_SRC_ROLE, "role",
		    "the disclosure's role is %s but the manifest lists it as "
		    "a %s source",
		    eiti_role_name(d->hdr.role),
		    eiti_role_name(d->ctx->expected_role));
	if (d->sink != NULL && d->sink->header != NULL &&
	    d->sink->header(d->sink->ud, &d->hdr) != 0)
		sink_failed(r, d);
}

static void
entity(struct vx_run *r, struct dstate *d)
{
	static const char *const req[] = {"id", "name", NULL};
	struct eiti_entity_decl e;
	unsigned long line = vx_elem_line(r), first;
	size_t errors0 = r->errors;

	e.id = vx_attr(r, "id");
	vx_label(r, "entity", e.id);
	vx_check_nonempty(r, req);
	e.name = vx_attr(r, "name");
	e.level = vx_attr(r, "level");
	e.region = vx_attr(r, "region");
	e.line = line;
	if (!vx_check_region(r, "region", d->hdr.country))
		e.region = NULL;
	if (e.id != NULL && e.id[0] != '\0' &&
	    (first = vx_strset_add(d->entities, e.id, line)) != 0)
		vx_attr_finding(r, EITI_RULE_DECL_DUP, "id",
		    "already declared on line %lu", first);
	if (d->sink != NULL && d->sink->entity != NULL && e.id != NULL &&
	    r->errors == errors0 &&
	    d->sink->entity(d->sink->ud, &d->hdr, &e) != 0)
		sink_failed(r, d);
}

static void
company(struct vx_run *r, struct dstate *d)
{
	static const char *const req[] = {"id", "name", "commodity", NULL};
	struct eiti_company_decl c;
	unsigned long line = vx_elem_line(r), first;
	size_t errors0 = r->errors;

	c.id = vx_attr(r, "id");
	vx_label(r, "company", c.id);
	vx_check_nonempty(r, req);
	c.name = vx_attr(r, "name");
	c.sector = vx_attr(r, "sector");
	c.commodity = vx_attr(r, "commodity");
	c.line = line;
	if (c.id != NULL && c.id[0] != '\0' &&
	    (first = vx_strset_add(d->companies, c.id, line)) != 0)
		vx_attr_finding(r, EITI_RULE_DECL_DUP, "id",
		    "already declared on line %lu", first);
	if (d->sink != NULL && d->sink->company != NULL && c.id != NULL &&
	    r->errors == errors0 &&
	    d->sink->company(d->sink->ud, &d->hdr, &c) != 0)
		sink_failed(r, d);
}

/* The currency of an item: its own attribute or the disclosure's.
 * Reports CODE-CURRENCY once per value; RATE-MISSING once per currency
 * when read for a reconciliation. */
static int
item_currency(struct vx_run *r, struct dstate *d, const char **code)
{
	const struct eiti_manifest *m = manifest_of(d);
	const char *v = vx_attr(r, "currency");
	int dig;

	if (v == NULL) {
		*code = d->hdr.currency;
		dig = d->hdr.currency_digits;
	} else {
		*code = v;
		dig = eiti_currency_digits(v);
		if (dig < 0 && first_time(d, EITI_RULE_CODE_CURRENCY, v))
			vx_attr_finding(r, EITI_RULE_CODE_CURRENCY, "currency",
			    "currency '%s' is not an active "
			    "ISO 4217 currency code",
			    v);
		else if (dig < 0)
			vx_claim(r, "currency");
	}
	if (m != NULL && dig >= 0 && *code != NULL && m->currency != NULL &&
	    strcmp(*code, m->currency) != 0 &&
	    eiti_manifest_rate(m, *code) == NULL &&
	    first_time(d, EITI_RULE_RATE_MISSING, *code)) {
		if (v != NULL)
			vx_attr_finding(r, EITI_RULE_RATE_MISSING, "currency",
			    "no exchange rate for %s in the "
			    "manifest (report currency %s)",
			    *code, m->currency);
		else
			vx_elem_finding(r, EITI_RULE_RATE_MISSING,
			    "no exchange rate for %s (the disclosure's "
			    "currency) in the manifest (report currency %s)",
			    *code, m->currency);
	}
	return dig;
}

static void
check_stream_once(struct vx_run *r, struct dstate *d, const char *stream)
{
	if (stream == NULL || stream[0] == '\0' ||
	    eiti_stream_lookup(stream) != NULL)
		return;
	if (first_time(d, EITI_RULE_CODE_STREAM, stream))
		vx_check_stream(r, "stream");
	else
		/* Still claim the attribute: the XSD pattern may complain
		 * too, and once per file is enough. */
		vx_claim(r, "stream");
}

static bool
entity_declared(struct vx_run *r, struct dstate *d, const char *id)
{
	if (id == NULL || id[0] == '\0' || vx_strset_has(d->entities, id))
		return true;
	if (first_time(d, EITI_RULE_REF_ENTITY, id))
		vx_attr_finding(r, EITI_RULE_REF_ENTITY, "entity",
		    "entity '%s' is not declared in this file", id);
	return false;
}

static void
total(struct vx_run *r, struct dstate *d)
{
	static const char *const req[] = {"entity", NULL};
	struct eiti_total_decl t;
	const char *code;
	int dig;
	size_t errors0 = r->errors;

	t.stream = vx_attr(r, "stream");
	t.entity = vx_attr(r, "entity");
	vx_labelf(r, "total %s at '%s'", t.stream != NULL ? t.stream : "",
	    t.entity != NULL ? t.entity : "");
	vx_elem_pos(r, &t.line, &t.col);
	vx_check_nonempty(r, req);
	check_stream_once(r, d, t.stream);
	entity_declared(r, d, t.entity);
	dig = item_currency(r, d, &code);
	t.currency = code;
	if (!vx_check_amount(
		r, "amount", dig, code != NULL ? code : "?", &t.amount))
		t.amount = 0;
	if (d->hdr.role == EITI_ROLE_COMPANY &&
	    first_time(d, EITI_RULE_TOTAL_ROLE, ""))
		vx_elem_finding(r, EITI_RULE_TOTAL_ROLE,
		    "unilateral totals belong in government disclosures; "
		    "this is a company disclosure");
	if (d->sink != NULL && d->sink->total != NULL && t.stream != NULL &&
	    t.entity != NULL && r->errors == errors0 &&
	    d->sink->total(d->sink->ud, &d->hdr, &t) != 0)
		sink_failed(r, d);
}

/* PAY-ID-DUP: id (hash in d->pend_hash) at d->pend_line/col. */
static void
add_id(struct vx_run *r, struct dstate *d, const char *id)
{
	unsigned long first =
	    vx_strset_add_hashed(d->payments, id, d->pend_hash, d->pend_line);

	if (first != 0)
		vx_finding_at(r, d->pend_line, d->pend_col,
		    EITI_RULE_PAY_ID_DUP, "id already used on line %lu", first);
}

static bool
is_true(const char *v)
{
	return v != NULL && (strcmp(v, "true") == 0 || strcmp(v, "1") == 0);
}

static void
payment(struct vx_run *r, struct dstate *d)
{
	static const char *const req[] = {
	    "id", "company", "entity", "project", "unit", NULL};
	struct eiti_payment p;
	const char *code;
	uint64_t idhash = 0;
	long days;
	const char *kind;
	bool kind_known; /* in-kind absent or a valid boolean (else XSD) */
	size_t errors0 = r->errors;

	memset(&p, 0, sizeof(p));
	p.id = vx_attr(r, "id");
	/* The id set is the one structure too big for the cache: start
	 * loading the slot now, insert at the end. */
	if (p.id != NULL && p.id[0] != '\0')
		idhash = vx_strset_hash(d->payments, p.id);
	vx_label(r, "payment", p.id);
	vx_elem_pos(r, &p.line, &p.col);
	vx_check_nonempty(r, req);
	p.company = vx_attr(r, "company");
	p.entity = vx_attr(r, "entity");
	p.stream = vx_attr(r, "stream");
	p.project = vx_attr(r, "project");
	p.note = vx_attr_raw(r, "note");
	p.volume = vx_attr(r, "volume");
	p.unit = vx_attr(r, "unit");
	kind = vx_attr(r, "in-kind");
	p.in_kind = is_true(kind);
	kind_known = kind == NULL || p.in_kind || strcmp(kind, "false") == 0 ||
		     strcmp(kind, "0") == 0;

	if (p.company != NULL && p.company[0] != '\0' &&
	    !vx_strset_has(d->companies, p.company) &&
	    !vx_strset_has(d->aliases, p.company) &&
	    first_time(d, EITI_RULE_REF_COMPANY, p.company))
		vx_attr_finding(r, EITI_RULE_REF_COMPANY, "company",
		    "company '%s' is not declared in this file%s", p.company,
		    manifest_of(d) != NULL ? " nor mapped by a manifest alias"
					   : "");
	entity_declared(r, d, p.entity);
	check_stream_once(r, d, p.stream);
	p.currency_digits = item_currency(r, d, &code);
	p.currency = code;
	p.amount_text = vx_attr(r, "amount");
	vx_check_amount(r, "amount", p.currency_digits,
	    code != NULL ? code : "?", &p.amount);
	p.date = vx_check_date_days(r, "date", &days);
	if (p.date != NULL && d->period_ok && (days < d->ds || days > d->de))
		vx_attr_finding(r, EITI_RULE_DATE_PERIOD, "date",
		    "date %s is outside the disclosure period %s..%s", p.date,
		    d->hdr.period_start, d->hdr.period_end);
	if (p.in_kind && (p.volume == NULL || p.unit == NULL))
		vx_elem_finding(r, EITI_RULE_INKIND,
		    "an in-kind payment needs %s",
		    p.volume == NULL && p.unit == NULL ? "volume and unit"
		    : p.volume == NULL		       ? "a volume"
						       : "a unit");
	else if (!p.in_kind && kind_known &&
		 (p.volume != NULL || p.unit != NULL))
		vx_elem_finding_sev(r, EITI_SEV_WARNING, EITI_RULE_INKIND,
		    "volume and unit are only used for in-kind payments "
		    "(in-kind=\"true\")");
	if (p.id != NULL && p.id[0] != '\0') {
		d->pend_hash = idhash;
		vx_attr_pos(r, "id", &d->pend_line, &d->pend_col);
		if (strlen(p.id) < sizeof(d->pend_id)) {
			strcpy(d->pend_id, p.id);
			d->pending = true;
		} else {
			/* Too long for a legal id (XSD): check it now. */
			add_id(r, d, p.id);
		}
	}
	if (d->sink != NULL && d->sink->payment != NULL && p.id != NULL &&
	    p.company != NULL && p.entity != NULL && p.stream != NULL &&
	    r->errors == errors0 &&
	    d->sink->payment(d->sink->ud, &d->hdr, &p) != 0)
		sink_failed(r, d);
}

static void flush_id(struct vx_run *r, struct dstate *d);

static void
on_start(struct vx_run *r)
{
	struct dstate *d = r->ud;

	/* An (invalid) element inside a payment: finish the payment. */
	flush_id(r, d);
	if (!r->el.ours)
		return;
	if (r->el.depth == 1) {
		header(r, d);
		return;
	}
	if (r->el.depth != 2)
		return;
	if (strcmp(r->el.local, "payment") == 0)
		payment(r, d);
	else if (strcmp(r->el.local, "entity") == 0)
		entity(r, d);
	else if (strcmp(r->el.local, "company") == 0)
		company(r, d);
	else if (strcmp(r->el.local, "total") == 0)
		total(r, d);
}

static void
flush_id(struct vx_run *r, struct dstate *d)
{
	if (!d->pending)
		return;
	d->pending = false;
	vx_label(r, "payment", d->pend_id);
	add_id(r, d, d->pend_id);
}

static void
on_end(struct vx_run *r, const char *local, int depth)
{
	(void)local;
	(void)depth;
	flush_id(r, r->ud);
}

const struct vx_ops vx_disclosure_ops = {on_start, on_end, NULL};

struct read_args {
	const char *name;
	const struct eiti_disclosure_ctx *ctx;
	const struct eiti_disclosure_sink *sink;
	struct eiti_err *err;
	void *state;
};

static const struct vx_ops *
ops_for(enum eiti_doc_kind kind, void *arg, void **ud)
{
	struct read_args *a = arg;

	(void)kind;
	a->state = vx_disclosure_state_new(a->name, a->ctx, a->sink, a->err);
	*ud = a->state;
	return &vx_disclosure_ops;
}

int
eiti_disclosure_read(const char *path, const char *name,
    const struct eiti_disclosure_ctx *ctx,
    const struct eiti_disclosure_sink *sink, struct eiti_diags *diags,
    struct eiti_err *err)
{
	struct read_args a = {name != NULL ? name : path, ctx, sink, err, NULL};
	enum eiti_doc_kind kind;
	int rc;

	rc = vx_run_file(
	    &kind, path, a.name, EITI_DOC_DISCLOSURE, ops_for, &a, diags, err);
	vx_disclosure_state_free(a.state);
	return rc;
}
