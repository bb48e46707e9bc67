/*
 * disclosure.c - the semantic rules of a disclosure (eitirep-disclosure(5);
 * eitirep(1), validate), applied while it streams, and eiti_disclosure_read().
 *
 * Memory: the declared entities and companies (a few hundred) and the
 * payment and transfer ids (strset.c: about 25 bytes each) are all that
 * is kept; every item is handed to the sink and forgotten.  Findings that would
 * repeat for every payment (an undeclared company, an unknown stream or
 * currency, a missing rate) are reported once per file and value, at
 * their first occurrence.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/arena.h"
#include "core/err.h"
#include "core/iso.h"
#include "core/suggest.h"
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
	struct vx_strset *aliases;     /* ctx: alias names and ids */
	struct vx_strset *subnational; /* regional and municipal entities */
	struct vx_strset *transfers;   /* transfer ids */
	struct vx_strset *formula;     /* ctx: "from\x1fto\x1fstream" of the
					  manifest's sharing rules */
	struct vx_strset *reported;    /* "rule\x1fvalue" reported once */

	/* The id of the payment being read, inserted into payments at its
	 * end tag: its slot was prefetched at the start tag, and the schema
	 * validator's work in between hides the cache miss. */
	bool pending;
	char pend_id[260];
	uint64_t pend_hash;
	unsigned long pend_line, pend_col;
};

/* The (from, to, stream) keys a manifest sharing rule gives entitlements
 * (rule XFER-BOTH). */
static void
add_formula_keys(struct vx_strset *set, const struct eiti_sharing_decl *sh)
{
	char key[800];
	size_t j;

	if (sh->from == NULL || sh->stream == NULL)
		return;
	for (j = 0; j < sh->nshares; j++)
		if (sh->shares[j].to != NULL) {
			snprintf(key, sizeof(key), "%s\x1f%s\x1f%s", sh->from,
			    sh->shares[j].to, sh->stream);
			vx_strset_add(set, key, sh->shares[j].line);
		}
}

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
	d->subnational = vx_strset_new();
	d->transfers = vx_strset_new_sequential();
	d->formula = vx_strset_new();
	if (ctx != NULL && ctx->manifest != NULL) {
		const struct eiti_manifest *m = ctx->manifest;

		for (i = 0; i < m->naliases; i++) {
			vx_strset_add(d->aliases, m->aliases[i].name, 1);
			vx_strset_add(d->aliases, m->aliases[i].id, 1);
		}
		for (i = 0; i < m->nsharings; i++)
			add_formula_keys(d->formula, &m->sharings[i]);
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
	vx_strset_free(d->subnational);
	vx_strset_free(d->transfers);
	vx_strset_free(d->formula);
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

/* DECL-DUP and the like: "WHAT line N" ("row N" for a fed table). */
static void
dup_finding(struct vx_run *r, const char *attr, enum eiti_rule rule,
    const char *what, unsigned long first)
{
	char ref[128];

	vx_line_ref(r, first, ref, sizeof(ref));
	vx_attr_finding(r, rule, attr, "%s %s", what, ref);
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
	vx_elem_pos(r, &e.line, &e.col);
	e.line = line;
	if (!vx_check_region(r, "region", d->hdr.country))
		e.region = NULL;
	if (e.id != NULL && e.id[0] != '\0' &&
	    (first = vx_strset_add(d->entities, e.id, line)) != 0)
		dup_finding(
		    r, "id", EITI_RULE_DECL_DUP, "already declared on", first);
	else if (e.id != NULL && e.id[0] != '\0' && e.level != NULL &&
		 (strcmp(e.level, "regional") == 0 ||
		     strcmp(e.level, "municipal") == 0))
		vx_strset_add(d->subnational, e.id, line);
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
	vx_elem_pos(r, &c.line, &c.col);
	c.line = line;
	if (c.id != NULL && c.id[0] != '\0' &&
	    (first = vx_strset_add(d->companies, c.id, line)) != 0)
		dup_finding(
		    r, "id", EITI_RULE_DECL_DUP, "already declared on", first);
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

/* The amount of an item in its currency (item_currency): AMT-* rules. */
static void
item_amount(struct vx_run *r, struct dstate *d, const char **code, int *digits,
    int64_t *amount, const char **text)
{
	*digits = item_currency(r, d, code);
	*text = vx_attr(r, "amount");
	vx_check_amount(
	    r, "amount", *digits, *code != NULL ? *code : "?", amount);
}

/* The optional date of an item: DATE-FORMAT, and DATE-PERIOD when it is
 * outside the disclosure's period. */
static const char *
item_date(struct vx_run *r, struct dstate *d)
{
	long days;
	const char *v = vx_check_date_days(r, "date", &days);

	if (v != NULL && d->period_ok && (days < d->ds || days > d->de))
		vx_attr_finding(r, EITI_RULE_DATE_PERIOD, "date",
		    "date %s is outside the disclosure period %s..%s", v,
		    d->hdr.period_start, d->hdr.period_end);
	return v;
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

static void
offer(void *ud, const char *str)
{
	eiti_suggest_offer(ud, str);
}

/* "; did you mean 'X'?" naming the strings of a and b (may be NULL)
 * closest to v, or "" (buf). */
static const char *
did_you_mean(const struct vx_strset *a, const struct vx_strset *b,
    const char *v, char *buf, size_t size)
{
	struct eiti_suggest sg;
	char list[400];

	eiti_suggest_init(&sg, v);
	vx_strset_each(a, offer, &sg);
	if (b != NULL)
		vx_strset_each(b, offer, &sg);
	eiti_suggest_closest(&sg, list, sizeof(list));
	eiti_suggest_free(&sg);
	if (list[0] == '\0')
		buf[0] = '\0';
	else
		snprintf(buf, size, "; did you mean %s?", list);
	return buf;
}

/* REF-ENTITY for the entity named by attribute attr (a literal). */
static bool
entity_declared(
    struct vx_run *r, struct dstate *d, const char *attr, const char *id)
{
	if (id == NULL || id[0] == '\0' || vx_strset_has(d->entities, id))
		return true;
	if (first_time(d, EITI_RULE_REF_ENTITY, id)) {
		char dym[448];

		vx_attr_finding(r, EITI_RULE_REF_ENTITY, attr,
		    "entity '%s' is not declared in this file%s", id,
		    did_you_mean(d->entities, NULL, id, dym, sizeof(dym)));
	} else
		vx_claim(r, attr);
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
	entity_declared(r, d, "entity", t.entity);
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

	if (first != 0) {
		char ref[128];

		vx_line_ref(r, first, ref, sizeof(ref));
		vx_finding_at(r, d->pend_line, d->pend_col,
		    EITI_RULE_PAY_ID_DUP, "id already used on %s", ref);
	}
}

static void
unknown_company(struct vx_run *r, struct dstate *d, const char *company)
{
	char dym[448];

	vx_attr_finding(r, EITI_RULE_REF_COMPANY, "company",
	    "company '%s' is not declared in this file%s%s", company,
	    manifest_of(d) != NULL ? " nor mapped by a manifest alias" : "",
	    did_you_mean(d->companies, d->aliases, company, dym, sizeof(dym)));
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
	uint64_t idhash = 0;
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
		unknown_company(r, d, p.company);
	entity_declared(r, d, "entity", p.entity);
	check_stream_once(r, d, p.stream);
	item_amount(
	    r, d, &p.currency, &p.currency_digits, &p.amount, &p.amount_text);
	p.date = item_date(r, d);
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

/* --- subnational transfers (EITI Requirement 5.2) -------------------- */

/* The rules a transfer and an entitlement share: a government disclosure
 * (XFER-ROLE), both entities declared (REF-ENTITY), the recipient
 * regional or municipal (XFER-LEVEL) and not the sender (XFER-SELF), a
 * known stream.  Returns false when the item cannot be reconciled. */
static bool
xfer_parties(struct vx_run *r, struct dstate *d, const char *from,
    const char *to, const char *stream)
{
	bool ok = true;

	if (d->hdr.role == EITI_ROLE_COMPANY) {
		if (first_time(d, EITI_RULE_XFER_ROLE, ""))
			vx_elem_finding(r, EITI_RULE_XFER_ROLE,
			    "subnational transfers and entitlements belong in "
			    "government disclosures; this is a company "
			    "disclosure");
		ok = false;
	}
	ok = entity_declared(r, d, "from", from) && ok;
	if (!entity_declared(r, d, "to", to)) {
		ok = false;
	} else if (from != NULL && to != NULL && to[0] != '\0' &&
		   strcmp(from, to) == 0) {
		vx_attr_finding(r, EITI_RULE_XFER_SELF, "to",
		    "'%s' transfers to itself", to);
		ok = false;
	} else if (to != NULL && to[0] != '\0' &&
		   !vx_strset_has(d->subnational, to)) {
		if (first_time(d, EITI_RULE_XFER_LEVEL, to))
			vx_attr_finding(r, EITI_RULE_XFER_LEVEL, "to",
			    "recipient '%s' is not declared as a regional or "
			    "municipal entity: transfers go to departments "
			    "and municipalities",
			    to);
		else
			vx_claim(r, "to");
		ok = false;
	}
	check_stream_once(r, d, stream);
	return ok && from != NULL && to != NULL && stream != NULL;
}

/* XFER-REPORTER: the sender declares what it sent, the recipient what it
 * received.  The other party declaring a side would make the two figures
 * one party's word (error); a third party, such as a secretariat
 * compiling reporting templates, gets a warning once per file and side. */
static void
xfer_reporter(struct vx_run *r, struct dstate *d, const struct eiti_transfer *t)
{
	const char *own = t->received ? t->to : t->from;
	const char *other = t->received ? t->from : t->to;
	const char *rep = d->hdr.reporter,
		   *side = t->received ? "received" : "sent";

	if (rep == NULL || own == NULL || other == NULL ||
	    strcmp(rep, own) == 0)
		return;
	if (strcmp(rep, other) == 0)
		vx_attr_finding_sev(r, EITI_SEV_ERROR, EITI_RULE_XFER_REPORTER,
		    "side",
		    "the %s side is declared by '%s', the %s: each side of a "
		    "transfer is declared by its own party",
		    side, rep, t->received ? "sender" : "recipient");
	else if (first_time(d, EITI_RULE_XFER_REPORTER, side))
		vx_attr_finding_sev(r, EITI_SEV_WARNING,
		    EITI_RULE_XFER_REPORTER, "side",
		    "the %s side is declared by '%s', not by the %s '%s' "
		    "(once per file)",
		    side, rep, t->received ? "recipient" : "sender", own);
}

static void
transfer(struct vx_run *r, struct dstate *d)
{
	static const char *const req[] = {"id", "from", "to", NULL};
	struct eiti_transfer t;
	const char *side;
	unsigned long first;
	bool ok, side_ok;
	size_t errors0 = r->errors;

	memset(&t, 0, sizeof(t));
	t.id = vx_attr(r, "id");
	vx_label(r, "transfer", t.id);
	vx_elem_pos(r, &t.line, &t.col);
	vx_check_nonempty(r, req);
	t.from = vx_attr(r, "from");
	t.to = vx_attr(r, "to");
	t.stream = vx_attr(r, "stream");
	t.basis = vx_attr_raw(r, "basis");
	t.note = vx_attr_raw(r, "note");
	side = vx_attr(r, "side");
	t.received = side != NULL && strcmp(side, "received") == 0;
	side_ok = side != NULL && (t.received || strcmp(side, "sent") == 0);
	if (side == NULL)
		vx_attr_finding(r, EITI_RULE_XFER_SIDE, "side",
		    "no side: side=\"sent\" when the transferring entity "
		    "declares it, side=\"received\" when the recipient does");
	else if (!side_ok)
		vx_attr_finding(r, EITI_RULE_XFER_SIDE, "side",
		    "side '%s' is neither sent nor received", side);
	ok = xfer_parties(r, d, t.from, t.to, t.stream) && side_ok;
	if (ok)
		xfer_reporter(r, d, &t);
	item_amount(
	    r, d, &t.currency, &t.currency_digits, &t.amount, &t.amount_text);
	t.date = item_date(r, d);
	if (t.id != NULL && t.id[0] != '\0' &&
	    (first = vx_strset_add(d->transfers, t.id, t.line)) != 0)
		vx_attr_finding(r, EITI_RULE_XFER_ID_DUP, "id",
		    "id already used by the transfer on line %lu", first);
	/* an item the validator found wrong is not handed over */
	if (ok && t.id != NULL && r->errors == errors0 && d->sink != NULL &&
	    d->sink->transfer != NULL &&
	    d->sink->transfer(d->sink->ud, &d->hdr, &t) != 0)
		sink_failed(r, d);
}

static void
entitlement(struct vx_run *r, struct dstate *d)
{
	static const char *const req[] = {"from", "to", NULL};
	struct eiti_entitlement e;
	char key[800];
	bool ok;
	size_t errors0 = r->errors;

	memset(&e, 0, sizeof(e));
	e.from = vx_attr(r, "from");
	e.to = vx_attr(r, "to");
	e.stream = vx_attr(r, "stream");
	vx_labelf(r, "entitlement of '%s' from '%s'", e.to != NULL ? e.to : "",
	    e.from != NULL ? e.from : "");
	vx_elem_pos(r, &e.line, &e.col);
	vx_check_nonempty(r, req);
	e.basis = vx_attr_raw(r, "basis");
	e.note = vx_attr_raw(r, "note");
	ok = xfer_parties(r, d, e.from, e.to, e.stream);
	if (ok && vx_strset_count(d->formula) > 0) {
		snprintf(
		    key, sizeof(key), "%s\x1f%s\x1f%s", e.from, e.to, e.stream);
		if (vx_strset_has(d->formula, key)) {
			vx_elem_finding(r, EITI_RULE_XFER_BOTH,
			    "the manifest's sharing rule for %s, stream %s "
			    "already gives '%s' its entitlement: a recipient "
			    "has a formula or declared entitlements, not both",
			    e.from, e.stream, e.to);
			ok = false;
		}
	}
	item_amount(
	    r, d, &e.currency, &e.currency_digits, &e.amount, &e.amount_text);
	if (ok && r->errors == errors0 && d->sink != NULL &&
	    d->sink->entitlement != NULL &&
	    d->sink->entitlement(d->sink->ud, &d->hdr, &e) != 0)
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
	else if (strcmp(r->el.local, "transfer") == 0)
		transfer(r, d);
	else if (strcmp(r->el.local, "entitlement") == 0)
		entitlement(r, d);
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

int
eiti_disclosure_read_fd(int fd, const char *name,
    const struct eiti_disclosure_ctx *ctx,
    const struct eiti_disclosure_sink *sink, struct eiti_diags *diags,
    struct eiti_read_tap *tap, struct eiti_err *err)
{
	struct read_args a = {name, ctx, sink, err, NULL};
	enum eiti_doc_kind kind;
	int rc;

	rc = vx_run_fd(&kind, fd, a.name, EITI_DOC_DISCLOSURE, ops_for, &a,
	    diags, tap, err);
	vx_disclosure_state_free(a.state);
	return rc;
}
