/*
 * recon.c - the reconciliation engine (SPEC section 4).
 *
 * Payments are never stored: each one is converted (SPEC 4.1) and summed
 * into its key (4.2) as it arrives, so memory grows with the number of
 * keys and distinct strings, not with the number of payments.  Every
 * identifier is interned once in a string table (open addressing); a key
 * is four string ids, found through a second open-addressing table.  The
 * string table also carries, per string, its canonical company id after
 * alias mapping and the index of the company or entity it names, so a
 * payment costs four hash lookups and no allocation once its key exists.
 *
 * Only eiti_recon_finish() orders anything: the strings are ranked once
 * in byte order, and the keys are sorted by the ranks of their four ids,
 * which is the byte order of (company_id, entity_id, stream, project)
 * that SPEC 3.4 asks for ("" sorts first).
 *
 * Interpretations where the SPEC is silent (shared with the test oracle,
 * tests/ref/reconcile_ref.py):
 *   - a <tolerance> attribute that is missing (abs or rel) is inherited
 *     from the next less specific level: the (stream, entity) override
 *     falls back to the stream override, then to <thresholds>; missing
 *     everywhere means 0.  An MSG that writes rel="0.01" for one stream
 *     narrows the percentage and keeps the agreed floor;
 *   - explanations are applied after every adjustment of the file, so an
 *     explanation matches a key an adjustment created whatever their
 *     order; an explanation whose key has neither payment nor adjustment
 *     creates no row: it is kept (row SIZE_MAX) and gives a warning;
 *   - <total> elements count only in government disclosures;
 *   - materiality compares the government-side payments G of a company
 *     (adjustments excluded) summed over all its keys.
 *
 * In-kind payments (EITI Requirement 4.2) are reconciled by their amount
 * like any other; their volumes are summed exactly per key and side, per
 * unit, and results.h says which side's volume a row carries.  Those
 * fields reach results.xml only (results.csv has fixed columns), so the
 * oracle does not compute them; tests/check_recon.c does.
 */
#include "config.h"

#include <inttypes.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/arena.h"
#include "core/clock.h"
#include "core/err.h"
#include "core/hash.h"
#include "core/iso.h"
#include "core/money.h"
#include "core/paths.h"
#include "core/png.h"
#include "core/url.h"
#include "reconcile/reconcile.h"

#define NONE UINT32_MAX
#define KBLOCK_SHIFT 12
#define KBLOCK_SIZE (1u << KBLOCK_SHIFT)
#define KEY(r, i) (&(r)->kblocks[(i) >> KBLOCK_SHIFT][(i) & (KBLOCK_SIZE - 1)])

#define K_HAS_C 1u
#define K_HAS_G 2u
#define K_EXPLAINED 4u
#define K_OVERFLOW 8u /* a sum overflowed (reported once): no more adds */

/* One interned string and what the engine knows about it. */
struct str {
	const char *s;
	uint32_t canon;	 /* canonical company id (alias mapping); self */
	int32_t company; /* index in r->companies when canon of a company */
	int32_t entity;	 /* index in r->entities */
	uint32_t rank;	 /* byte-order rank, set by finish() */
	int32_t grp;	 /* scratch for the totals groups */
};

struct key {
	uint32_t co, en, st, pr; /* string ids */
	uint32_t flags;
	uint32_t ik; /* index + 1 in r->inkinds; 0: no in-kind payment (the
			field fills padding: a key stays 56 bytes) */
	int64_t c, g, ac, ag;
};

/* The in-kind payments of one side of a key (EITI Requirement 4.2).
 * Only keys with an in-kind payment have one, so the common case costs
 * nothing. */
struct ik_side {
	bool any;		 /* an in-kind payment was seen */
	uint32_t unit;		 /* string id of the first one's unit */
	bool mixed;		 /* a later one used another unit */
	struct eiti_decimal vol; /* exact sum of the volumes */
};

struct inkind {
	struct ik_side side[2]; /* [0] company, [1] government */
};

/* Government unilateral figures of one (entity, stream) pair. */
struct pair {
	uint32_t en, st;
	bool has_declared;
	int64_t declared, g_all, g_in;
};

struct company {
	uint32_t id;
	bool declared_canon, declared_alias;
	const char *name_canon, *sector_canon, *commodity_canon;
	const char *name_alias, *sector_alias, *commodity_alias;
	bool company_role;    /* declared in a company-role disclosure */
	bool company_payment; /* has a company-side payment */
	int64_t g;
	bool in_scope;
};

struct entity {
	uint32_t id;
	bool declared;
	const char *name, *level;
	uint32_t region; /* string id; the id of "" when none */
};

struct rate {
	const char *currency, *value_text, *source;
	struct eiti_decimal value;
};

struct tol {
	uint32_t st, en; /* en NONE: every entity */
	bool has_abs, has_rel;
	int64_t abs;
	struct eiti_decimal rel;
	const char *rel_text;
	const char *stream, *entity;
};

struct adj {
	struct eiti_res_adjustment out;
	uint32_t key; /* key index (KEY()), NONE */
	size_t seq;
};

/* The last string seen in one payment field and its id: disclosures list
 * the payments of a company, an entity and a stream together, so most
 * lookups are a strcmp against the previous payment. */
struct last {
	char *s;
	size_t cap;
	uint32_t id;
	bool valid;
};

struct eiti_recon {
	const struct eiti_manifest *m;
	struct eiti_diags *diags; /* the caller's: findings go there */
	long long now;		  /* results' generation time (clock.h) */
	struct eiti_arena *arena; /* strings; handed over to the results */
	int digits;		  /* of the report currency */
	bool finished;

	struct str *strs;
	size_t nstrs, strs_cap;
	struct eiti_hash str_index; /* of strs, by the string */
	uint32_t empty;		    /* id of "" */

	/* keys live in fixed blocks so that growing never moves (and
	 * copies) the ones already there */
	struct key **kblocks;
	size_t nkeys, kblocks_cap;
	struct eiti_hash key_index; /* of the keys, by their four ids */

	struct pair *pairs;
	size_t npairs, pairs_cap;
	struct eiti_hash pair_index; /* of pairs, by (entity, stream) */

	struct company *companies;
	size_t ncompanies, companies_cap;
	struct entity *entities;
	size_t nentities, entities_cap;

	struct rate *rates;
	size_t nrates;
	struct tol *tols;
	size_t ntols;

	struct eiti_res_source *sources;
	size_t nsources, sources_cap;
	size_t cur_src; /* SIZE_MAX before the first source */

	bool adjustments_done;
	struct adj *adjs;
	size_t nadjs;

	struct inkind *inkinds;
	size_t ninkinds, inkinds_cap;

	/* The first (entity, stream) whose government revenue overflowed
	 * when the coverage sums were taken (cov_over), reported where the
	 * coverage is built. */
	bool cov_over;
	uint32_t cov_en, cov_st;

	struct last last_co, last_en, last_st, last_pr;
	uint32_t last_key; /* NONE, or the key of the previous payment */

	/* currencies (string ids) already reported without a rate */
	uint32_t *norate;
	size_t nnorate, norate_cap;
	const char **validated;
	size_t nvalidated, validated_cap;
};

/* --- small helpers --------------------------------------------------- */

static void *
grow(void *p, size_t *cap, size_t need, size_t elem)
{
	size_t n = *cap ? *cap : 16;

	if (need <= *cap)
		return p;
	while (n < need) {
		if (n > SIZE_MAX / 2 / elem)
			return eiti_xrealloc(p, SIZE_MAX); /* aborts */
		n *= 2;
	}
	p = eiti_xrealloc(p, n * elem);
	*cap = n;
	return p;
}

static const char *
dup(struct eiti_recon *r, const char *s)
{
	return eiti_arena_strdup(r->arena, s != NULL ? s : "");
}

/* --- the string table ------------------------------------------------ */

static uint64_t
str_hash_of(const void *ud, size_t id)
{
	const struct eiti_recon *r = ud;

	return eiti_hash_str(r->strs[id].s, NULL);
}

/* The id of s, or NONE when s was never interned; p is left where a new
 * string goes. */
static uint32_t
str_lookup(const struct eiti_recon *r, const char *s, uint64_t h,
    struct eiti_hash_probe *p)
{
	size_t id;

	for (id = eiti_hash_first(&r->str_index, h, p); id != EITI_HASH_NONE;
	     id = eiti_hash_next(&r->str_index, p))
		if (strcmp(r->strs[id].s, s) == 0)
			return (uint32_t)id;
	return NONE;
}

static uint32_t
str_find(const struct eiti_recon *r, const char *s)
{
	struct eiti_hash_probe p;

	return str_lookup(r, s, eiti_hash_str(s, NULL), &p);
}

static uint32_t
intern(struct eiti_recon *r, const char *s)
{
	struct eiti_hash_probe p;
	size_t len;
	uint32_t id;
	struct str *e;

	if (s == NULL)
		s = "";
	id = str_lookup(r, s, eiti_hash_str(s, &len), &p);
	if (id != NONE)
		return id;
	if (r->nstrs >= UINT32_MAX - 1)
		eiti_xmalloc(SIZE_MAX); /* 4 billion strings: aborts */
	r->strs = grow(r->strs, &r->strs_cap, r->nstrs + 1, sizeof(*r->strs));
	id = (uint32_t)r->nstrs++;
	e = &r->strs[id];
	e->s = eiti_arena_strndup(r->arena, s, len);
	e->canon = id;
	e->company = -1;
	e->entity = -1;
	e->grp = -1;
	e->rank = 0;
	eiti_hash_insert(&r->str_index, &p, id);
	return id;
}

/* intern() with a one-entry cache in front. */
static uint32_t
intern_last(struct eiti_recon *r, struct last *c, const char *s)
{
	size_t n;

	if (s == NULL)
		s = "";
	if (c->valid && strcmp(c->s, s) == 0)
		return c->id;
	c->id = intern(r, s);
	n = strlen(s) + 1;
	if (n > c->cap) {
		c->cap = n < 64 ? 64 : n;
		free(c->s);
		c->s = eiti_xmalloc(c->cap);
	}
	memcpy(c->s, s, n);
	c->valid = true;
	return c->id;
}

/* The canonical company id of a disclosure id (SPEC 3.2 aliases).  Two
 * statements: intern() may move r->strs. */
static uint32_t
canon_of(struct eiti_recon *r, const char *id)
{
	uint32_t raw = intern(r, id);

	return r->strs[raw].canon;
}

/* --- keys and pairs -------------------------------------------------- */

static inline uint64_t
key_hash(uint32_t co, uint32_t en, uint32_t st, uint32_t pr)
{
	return eiti_hash_u64(
	    (((uint64_t)co << 32) | en) * 0x9e3779b97f4a7c15ULL ^
	    (((uint64_t)st << 32) | pr));
}

static uint64_t
key_hash_of(const void *ud, size_t id)
{
	const struct key *k = KEY((const struct eiti_recon *)ud, id);

	return key_hash(k->co, k->en, k->st, k->pr);
}

/* The index of the key, created (zero sums) when create is set; NONE when
 * absent and not created. */
static uint32_t
key_get(struct eiti_recon *r, uint32_t co, uint32_t en, uint32_t st,
    uint32_t pr, bool create)
{
	struct eiti_hash_probe p;
	size_t id;
	struct key *k;

	for (id = eiti_hash_first(&r->key_index, key_hash(co, en, st, pr), &p);
	     id != EITI_HASH_NONE; id = eiti_hash_next(&r->key_index, &p)) {
		k = KEY(r, id);
		if (k->co == co && k->en == en && k->st == st && k->pr == pr)
			return (uint32_t)id;
	}
	if (!create)
		return NONE;
	if (r->nkeys >= UINT32_MAX - 1)
		eiti_xmalloc(SIZE_MAX);
	if ((r->nkeys & (KBLOCK_SIZE - 1)) == 0) {
		size_t b = r->nkeys >> KBLOCK_SHIFT;
		r->kblocks = grow(
		    r->kblocks, &r->kblocks_cap, b + 1, sizeof(*r->kblocks));
		r->kblocks[b] = eiti_xmalloc(KBLOCK_SIZE * sizeof(struct key));
	}
	id = r->nkeys++;
	k = KEY(r, id);
	memset(k, 0, sizeof(*k));
	k->co = co;
	k->en = en;
	k->st = st;
	k->pr = pr;
	eiti_hash_insert(&r->key_index, &p, id);
	return (uint32_t)id;
}

static inline uint64_t
pair_hash(uint32_t en, uint32_t st)
{
	return eiti_hash_u64(((uint64_t)en << 32) | st);
}

static uint64_t
pair_hash_of(const void *ud, size_t id)
{
	const struct pair *p = &((const struct eiti_recon *)ud)->pairs[id];

	return pair_hash(p->en, p->st);
}

static struct pair *
pair_get(struct eiti_recon *r, uint32_t en, uint32_t st)
{
	struct eiti_hash_probe hp;
	size_t id;
	struct pair *p;

	for (id = eiti_hash_first(&r->pair_index, pair_hash(en, st), &hp);
	     id != EITI_HASH_NONE; id = eiti_hash_next(&r->pair_index, &hp)) {
		p = &r->pairs[id];
		if (p->en == en && p->st == st)
			return p;
	}
	r->pairs =
	    grow(r->pairs, &r->pairs_cap, r->npairs + 1, sizeof(*r->pairs));
	id = r->npairs++;
	p = &r->pairs[id];
	memset(p, 0, sizeof(*p));
	p->en = en;
	p->st = st;
	eiti_hash_insert(&r->pair_index, &hp, id);
	return p;
}

/* --- companies and entities ------------------------------------------ */

static struct company *
company_of(struct eiti_recon *r, uint32_t canon)
{
	struct company *c;

	if (r->strs[canon].company >= 0)
		return &r->companies[r->strs[canon].company];
	if (r->ncompanies >= INT32_MAX)
		eiti_xmalloc(SIZE_MAX);
	r->companies = grow(r->companies, &r->companies_cap, r->ncompanies + 1,
	    sizeof(*r->companies));
	c = &r->companies[r->ncompanies];
	memset(c, 0, sizeof(*c));
	c->id = canon;
	r->strs[canon].company = (int32_t)r->ncompanies++;
	return c;
}

static struct entity *
entity_of(struct eiti_recon *r, uint32_t id)
{
	struct entity *e;

	if (r->strs[id].entity >= 0)
		return &r->entities[r->strs[id].entity];
	if (r->nentities >= INT32_MAX)
		eiti_xmalloc(SIZE_MAX);
	r->entities = grow(r->entities, &r->entities_cap, r->nentities + 1,
	    sizeof(*r->entities));
	e = &r->entities[r->nentities];
	memset(e, 0, sizeof(*e));
	e->id = id;
	e->name = "";
	e->level = "";
	e->region = r->empty;
	r->strs[id].entity = (int32_t)r->nentities++;
	return e;
}

/* Text of a key for messages: "company A, entity B, stream S[, project P]"
 * (newly allocated in the arena). */
static const char *
key_text(
    struct eiti_recon *r, uint32_t co, uint32_t en, uint32_t st, uint32_t pr)
{
	if (r->m->level_project)
		return eiti_arena_printf(r->arena,
		    "company %s, entity %s, stream %s, project %s",
		    r->strs[co].s, r->strs[en].s, r->strs[st].s,
		    r->strs[pr].s[0] != '\0' ? r->strs[pr].s : "(none)");
	return eiti_arena_printf(r->arena, "company %s, entity %s, stream %s",
	    r->strs[co].s, r->strs[en].s, r->strs[st].s);
}

/* --- conversion (SPEC 4.1) ------------------------------------------- */

/* Convert amount (minor units of currency cur with digits) into minor
 * units of the report currency.  Returns 0, 1 when there is no rate, 2
 * on overflow. */
static int
convert(const struct eiti_recon *r, int64_t *v, int64_t amount, const char *cur,
    int digits)
{
	static const struct eiti_decimal one = {1, 0};
	const struct eiti_decimal *rate = NULL;
	size_t i;

	if (cur == NULL || strcmp(cur, r->m->currency) == 0) {
		if (digits == r->digits) {
			*v = amount;
			return 0;
		}
		rate = &one;
	} else {
		for (i = 0; i < r->nrates; i++)
			if (strcmp(r->rates[i].currency, cur) == 0) {
				rate = &r->rates[i].value;
				break;
			}
		if (rate == NULL)
			return 1;
	}
	return eiti_money_convert(v, amount, digits, rate, r->digits) ? 0 : 2;
}

/* Why convert() said 2, naming the value: "the converted amount
 * overflows: 30000000000000.00 USD at 4255.12 COP per USD is more than
 * 92233720368547758.07 COP, the largest amount an int64 count of minor
 * units holds".  The product itself is exact at any size; only a result
 * that does not fit is refused. */
static const char *
convert_overflow(
    const struct eiti_recon *r, int64_t amount, const char *cur, int digits)
{
	char a[EITI_MONEY_BUFSZ], rate[EITI_MONEY_BUFSZ], max[EITI_MONEY_BUFSZ];
	size_t i;

	snprintf(rate, sizeof(rate), "1");
	for (i = 0; cur != NULL && i < r->nrates; i++)
		if (strcmp(r->rates[i].currency, cur) == 0)
			eiti_decimal_plain(rate, &r->rates[i].value);
	return eiti_arena_printf(r->arena,
	    "the converted amount overflows: %s %s at %s %s per %s is more "
	    "than %s %s, the largest amount an int64 count of minor units "
	    "holds",
	    eiti_money_plain(a, amount, digits),
	    cur != NULL ? cur : r->m->currency, rate, r->m->currency,
	    cur != NULL ? cur : r->m->currency,
	    eiti_money_plain(
		max, amount < 0 ? INT64_MIN : INT64_MAX, r->digits),
	    r->m->currency);
}

/* --- in-kind volumes (EITI Requirement 4.2) -------------------------- */

/* *sum += *v exactly (eiti_decimal_add: nothing is rounded).  Returns
 * false on overflow. */
static bool
volume_add(struct eiti_decimal *sum, const struct eiti_decimal *v)
{
	return eiti_decimal_add(sum, sum, v);
}

/* Parse the volume of an in-kind payment.  Returns true, or false with
 * an INKIND finding at the payment: the validator's rule INKIND and the
 * schema's Quantity type let none of these through, but the engine does
 * not rely on being fed validated payments only. */
static bool
volume_of(struct eiti_recon *r, struct eiti_decimal *out,
    const struct eiti_disclosure_hdr *h, const struct eiti_payment *p)
{
	const char *what = NULL;

	if (p->volume == NULL || p->unit == NULL || p->unit[0] == '\0') {
		eiti_finding(r->diags, EITI_RULE_INKIND, h->file, p->line,
		    p->col,
		    "payment '%s': an in-kind payment needs a volume and a "
		    "unit",
		    p->id);
		return false;
	}
	switch (eiti_decimal_parse(out, p->volume)) {
	case EITI_AMOUNT_OK:
		if (out->coef < 0)
			what = "is negative";
		break;
	case EITI_AMOUNT_SYNTAX:
		what = "is not a decimal";
		break;
	default:
		what = "has more digits than can be summed exactly (18)";
		break;
	}
	if (what == NULL)
		return true;
	eiti_finding(r->diags, EITI_RULE_INKIND, h->file, p->line, p->col,
	    "payment '%s': in-kind volume '%s' %s", p->id, p->volume, what);
	return false;
}

/* Add one in-kind payment to its key side (0 company, 1 government).
 * Units are compared byte for byte after XML token normalisation ("t"
 * and "T" are different units): volumes of different units are never
 * added, the side is only marked as mixed.  Returns false when the sum
 * overflows. */
static bool
inkind_add(struct eiti_recon *r, struct key *k, int side, const char *unit,
    const struct eiti_decimal *vol)
{
	uint32_t u = intern(r, unit);
	struct ik_side *s;

	if (k->ik == 0) {
		r->inkinds = grow(r->inkinds, &r->inkinds_cap, r->ninkinds + 1,
		    sizeof(*r->inkinds));
		memset(&r->inkinds[r->ninkinds], 0, sizeof(*r->inkinds));
		k->ik = (uint32_t)++r->ninkinds; /* at most one per key */
	}
	s = &r->inkinds[k->ik - 1].side[side];
	if (!s->any) {
		s->any = true;
		s->unit = u;
		s->vol = *vol;
		return true;
	}
	if (s->mixed)
		return true;
	if (s->unit != u) {
		s->mixed = true;
		return true;
	}
	return volume_add(&s->vol, vol);
}

/* --- construction ----------------------------------------------------- */

/* Re-parse the shortest text of d so that a value read back from
 * results.xml compares equal to the one written. */
static struct eiti_decimal
canon_decimal(const struct eiti_decimal *d)
{
	char buf[EITI_MONEY_BUFSZ];
	struct eiti_decimal out = {0, 0};

	if (eiti_decimal_parse(&out, eiti_decimal_plain(buf, d)) !=
	    EITI_AMOUNT_OK)
		out = *d;
	return out;
}

int
eiti_recon_new(struct eiti_recon **out, const struct eiti_manifest *m,
    const struct eiti_clock *clock, struct eiti_diags *diags,
    struct eiti_err *err)
{
	struct eiti_recon *r;
	size_t i, j;
	char buf[EITI_MONEY_BUFSZ];

	*out = NULL;
	if (m == NULL || diags == NULL || clock == NULL)
		return eiti_err_set(err, EITI_ERR_IO,
		    "reconcile: internal error: no manifest, findings list "
		    "or clock");
	if (m->currency == NULL || m->currency_digits < 0 ||
	    m->currency_digits > 18) {
		eiti_finding(diags, EITI_RULE_CODE_CURRENCY, m->file, 0, 0,
		    "the report currency %s is not an ISO 4217 currency code",
		    m->currency != NULL ? m->currency : "(none)");
		return 1;
	}
	r = eiti_xcalloc(1, sizeof(*r));
	r->m = m;
	r->diags = diags;
	r->now = clock->now;
	r->digits = m->currency_digits;
	r->arena = eiti_arena_new();
	r->cur_src = SIZE_MAX;
	r->last_key = NONE;
	eiti_hash_init(&r->str_index, 10, str_hash_of, r);
	eiti_hash_init(&r->key_index, 12, key_hash_of, r);
	eiti_hash_init(&r->pair_index, 8, pair_hash_of, r);
	r->empty = intern(r, "");

	/* aliases: alias name -> canonical id; the first alias of a name
	 * wins (the validator reports conflicting ones) */
	for (i = 0; i < m->naliases; i++) {
		uint32_t name = intern(r, m->aliases[i].name);
		uint32_t id = intern(r, m->aliases[i].id);
		if (r->strs[name].canon == name && name != id)
			r->strs[name].canon = id;
	}
	/* an alias chain (A -> B, B -> C) is not followed: aliases map
	 * disclosure ids to canonical ids in one step */

	r->rates = eiti_xcalloc(m->nrates + 1, sizeof(*r->rates));
	for (i = 0; i < m->nrates; i++) {
		const struct eiti_rate_decl *d = &m->rates[i];
		struct rate *rt = &r->rates[r->nrates++];
		rt->currency = dup(r, d->currency);
		rt->value = canon_decimal(&d->value);
		rt->value_text = dup(r, eiti_decimal_plain(buf, &rt->value));
		rt->source = dup(r, d->source);
	}

	r->tols = eiti_xcalloc(m->ntolerances + 1, sizeof(*r->tols));
	for (i = 0; i < m->ntolerances; i++) {
		const struct eiti_tolerance_decl *d = &m->tolerances[i];
		struct tol *t = &r->tols[r->ntols++];
		t->st = intern(r, d->stream);
		t->en = d->entity != NULL ? intern(r, d->entity) : NONE;
		t->stream = r->strs[t->st].s;
		t->entity = d->entity != NULL ? r->strs[t->en].s : "";
		t->has_abs = d->has_abs;
		t->has_rel = d->has_rel;
		t->abs = d->has_abs ? d->abs : 0;
		t->rel = d->has_rel ? canon_decimal(&d->rel)
				    : (struct eiti_decimal){0, 0};
		t->rel_text =
		    d->has_rel ? dup(r, eiti_decimal_plain(buf, &t->rel)) : "";
		/* the first of two tolerances with the same (stream,
		 * entity) wins: later duplicates never match */
		for (j = 0; j + 1 < r->ntols; j++)
			if (r->tols[j].st == t->st && r->tols[j].en == t->en) {
				t->st = NONE;
				break;
			}
	}
	*out = r;
	return 0;
}

void
eiti_recon_free(struct eiti_recon *r)
{
	size_t i;

	if (r == NULL)
		return;
	eiti_arena_free(r->arena);
	free(r->strs);
	eiti_hash_dispose(&r->str_index);
	for (i = 0; r->kblocks != NULL && i * KBLOCK_SIZE < r->nkeys; i++)
		free(r->kblocks[i]);
	free(r->kblocks);
	eiti_hash_dispose(&r->key_index);
	free(r->pairs);
	eiti_hash_dispose(&r->pair_index);
	free(r->companies);
	free(r->entities);
	free(r->rates);
	free(r->tols);
	free(r->sources);
	free(r->adjs);
	free(r->inkinds);
	free(r->norate);
	free(r->validated);
	free(r->last_co.s);
	free(r->last_en.s);
	free(r->last_st.s);
	free(r->last_pr.s);
	free(r);
}

static int
check_open(struct eiti_recon *r, struct eiti_err *err)
{
	if (r->finished)
		return eiti_err_set(err, EITI_ERR_IO,
		    "reconcile: internal error: engine used after finish");
	return 0;
}

/* --- feeding ---------------------------------------------------------- */

static struct eiti_res_source *
new_source(struct eiti_recon *r)
{
	struct eiti_res_source *s;

	r->sources = grow(
	    r->sources, &r->sources_cap, r->nsources + 1, sizeof(*r->sources));
	s = &r->sources[r->nsources++];
	memset(s, 0, sizeof(*s));
	return s;
}

/* A copy in the arena with no URL's user name or password (url.h). */
static const char *
dup_url(struct eiti_recon *r, const char *s)
{
	char *c = eiti_url_redacted(s != NULL ? s : "");
	const char *out = dup(r, c);

	free(c);
	return out;
}

static void
copy_prov(struct eiti_recon *r, struct eiti_res_source *s,
    const struct eiti_provenance *p)
{
	s->url = dup_url(r, p ? p->url : NULL);
	s->final_url = dup_url(r, p ? p->final_url : NULL);
	s->etag = dup(r, p ? p->etag : NULL);
	s->last_modified = dup(r, p ? p->last_modified : NULL);
	s->retrieved = dup(r, p ? p->retrieved : NULL);
	s->outcome = dup(r, p ? p->outcome : NULL);
	s->sha256 = dup(r, p ? p->sha256 : NULL);
	s->http_status = p ? p->http_status : 0;
	s->bytes = p ? p->bytes : 0;
}

int
eiti_recon_source(struct eiti_recon *r, const struct eiti_source_decl *s,
    const struct eiti_provenance *prov, struct eiti_err *err)
{
	struct eiti_res_source *o;

	if (check_open(r, err) != 0)
		return -1;
	o = new_source(r);
	o->role = s->role;
	o->is_adjustments = false;
	o->href = dup_url(r, s->href);
	o->reporter = "";
	copy_prov(r, o, prov);
	o->profile = dup(r, s->profile);
	o->profile_sha256 = "";
	r->cur_src = r->nsources - 1;
	return 0;
}

int
eiti_recon_source_profile(
    struct eiti_recon *r, const char *sha256, struct eiti_err *err)
{
	if (check_open(r, err) != 0)
		return -1;
	if (r->cur_src != SIZE_MAX)
		r->sources[r->cur_src].profile_sha256 = dup(r, sha256);
	return 0;
}

int
eiti_recon_source_provenance(struct eiti_recon *r,
    const struct eiti_provenance *prov, struct eiti_err *err)
{
	if (check_open(r, err) != 0)
		return -1;
	if (r->nsources == 0 || r->cur_src != r->nsources - 1)
		return eiti_err_set(err, EITI_ERR_IO,
		    "reconcile: internal error: provenance without a source");
	copy_prov(r, &r->sources[r->cur_src], prov);
	return 0;
}

int
eiti_recon_header(struct eiti_recon *r, const struct eiti_disclosure_hdr *h,
    struct eiti_err *err)
{
	if (check_open(r, err) != 0)
		return -1;
	if (r->cur_src != SIZE_MAX)
		r->sources[r->cur_src].reporter = dup(r, h->reporter);
	return 0;
}

int
eiti_recon_entity(struct eiti_recon *r, const struct eiti_disclosure_hdr *h,
    const struct eiti_entity_decl *d, struct eiti_err *err)
{
	struct entity *e;

	if (check_open(r, err) != 0)
		return -1;
	e = entity_of(r, intern(r, d->id));
	if (e->declared)
		return 0; /* the first declaration in source order wins */
	e->declared = true;
	e->name = dup(r, d->name);
	e->level = dup(r, d->level);
	e->region = intern(r, d->region);
	return 0;
}

int
eiti_recon_company(struct eiti_recon *r, const struct eiti_disclosure_hdr *h,
    const struct eiti_company_decl *d, struct eiti_err *err)
{
	uint32_t raw, canon;
	struct company *c;

	if (check_open(r, err) != 0)
		return -1;
	raw = intern(r, d->id);
	canon = r->strs[raw].canon;
	c = company_of(r, canon);
	/* SPEC 3.2: the name declared with the canonical id, else the first
	 * declaration of one of its aliases */
	if (raw == canon && !c->declared_canon) {
		c->declared_canon = true;
		c->name_canon = dup(r, d->name);
		c->sector_canon = dup(r, d->sector);
		c->commodity_canon = dup(r, d->commodity);
	} else if (raw != canon && !c->declared_alias) {
		c->declared_alias = true;
		c->name_alias = dup(r, d->name);
		c->sector_alias = dup(r, d->sector);
		c->commodity_alias = dup(r, d->commodity);
	}
	if (h->role == EITI_ROLE_COMPANY)
		c->company_role = true;
	return 0;
}

/* RATE-MISSING for currency cur at FILE:LINE:COL, once per currency
 * (the validator reports it once per file, so a caller that feeds only
 * what validated never sees this one). */
static void
rate_missing(struct eiti_recon *r, const char *file, unsigned long line,
    unsigned long col, const char *what, const char *cur)
{
	uint32_t c = intern(r, cur);
	size_t i;

	for (i = 0; i < r->nnorate; i++)
		if (r->norate[i] == c)
			return;
	r->norate =
	    grow(r->norate, &r->norate_cap, r->nnorate + 1, sizeof(*r->norate));
	r->norate[r->nnorate++] = c;
	eiti_finding(r->diags, EITI_RULE_RATE_MISSING, file, line, col,
	    "%s: no exchange rate for %s in the manifest (report currency %s)",
	    what, cur, r->m->currency);
}

int
eiti_recon_total(struct eiti_recon *r, const struct eiti_disclosure_hdr *h,
    const struct eiti_total_decl *t, struct eiti_err *err)
{
	const char *cur = t->currency != NULL ? t->currency : h->currency;
	struct pair *p;
	uint32_t en, st;
	int64_t v;
	int digits, rc;

	if (check_open(r, err) != 0)
		return -1;
	if (h->role != EITI_ROLE_GOVERNMENT)
		return 0; /* only government totals are unilateral totals */
	digits = t->currency != NULL ? eiti_currency_digits(t->currency)
				     : h->currency_digits;
	if (cur == NULL || digits < 0) {
		eiti_finding(r->diags, EITI_RULE_CODE_CURRENCY, h->file,
		    t->line, t->col, "total %s at '%s': unknown currency %s",
		    t->stream, t->entity, cur != NULL ? cur : "(none)");
		return 0;
	}
	rc = convert(r, &v, t->amount, cur, digits);
	if (rc == 1) {
		rate_missing(r, h->file, t->line, t->col,
		    eiti_arena_printf(
			r->arena, "total %s at '%s'", t->stream, t->entity),
		    cur);
		return 0;
	}
	en = intern(r, t->entity);
	st = intern(r, t->stream);
	entity_of(r, en);
	p = pair_get(r, en, st);
	if (rc == 2) {
		eiti_finding(r->diags, EITI_RULE_RECON_OVERFLOW, h->file,
		    t->line, t->col, "total of entity %s, stream %s: %s",
		    t->entity, t->stream,
		    convert_overflow(r, t->amount, cur, digits));
		return 0;
	}
	if (!eiti_add(&p->declared, p->declared, v)) {
		eiti_finding(r->diags, EITI_RULE_RECON_OVERFLOW, h->file,
		    t->line, t->col, "total of entity %s, stream %s overflows",
		    t->entity, t->stream);
		return 0;
	}
	p->has_declared = true;
	return 0;
}

int
eiti_recon_payment(struct eiti_recon *r, const struct eiti_disclosure_hdr *h,
    const struct eiti_payment *p, struct eiti_err *err)
{
	const char *cur = p->currency != NULL ? p->currency : h->currency;
	const char *side;
	uint32_t co, en, st, pr, ki;
	struct key *k;
	struct company *c;
	struct eiti_decimal vol = {0, 0};
	int64_t v;
	int rc;
	bool ok;

	if (check_open(r, err) != 0)
		return -1;
	if (p->in_kind && !volume_of(r, &vol, h, p))
		return 0;
	rc = convert(r, &v, p->amount, cur,
	    p->currency != NULL ? p->currency_digits : h->currency_digits);
	if (rc == 1) {
		rate_missing(r, h->file, p->line, p->col,
		    eiti_arena_printf(r->arena, "payment '%s'", p->id), cur);
		return 0;
	}
	if (rc == 2) {
		eiti_finding(r->diags, EITI_RULE_RECON_OVERFLOW, h->file,
		    p->line, p->col, "payment '%s': %s", p->id,
		    convert_overflow(r, p->amount, cur,
			p->currency != NULL ? p->currency_digits
					    : h->currency_digits));
		return 0;
	}
	co = intern_last(r, &r->last_co, p->company);
	co = r->strs[co].canon; /* two statements: intern may move strs */
	en = intern_last(r, &r->last_en, p->entity);
	st = intern_last(r, &r->last_st, p->stream);
	pr = r->m->level_project ? intern_last(r, &r->last_pr, p->project)
				 : r->empty;
	ki = r->last_key;
	if (ki == NONE || KEY(r, ki)->co != co || KEY(r, ki)->en != en ||
	    KEY(r, ki)->st != st || KEY(r, ki)->pr != pr)
		ki = r->last_key = key_get(r, co, en, st, pr, true);
	k = KEY(r, ki);
	c = company_of(r, co);
	entity_of(r, en);
	if (r->cur_src != SIZE_MAX)
		r->sources[r->cur_src].payments++;
	if (k->flags & K_OVERFLOW)
		return 0; /* reported once, at the payment that overflowed */
	side = h->role == EITI_ROLE_COMPANY ? "company" : "government";
	if (h->role == EITI_ROLE_COMPANY) {
		k->flags |= K_HAS_C;
		c->company_payment = true;
		ok = eiti_add(&k->c, k->c, v);
	} else {
		k->flags |= K_HAS_G;
		ok = eiti_add(&k->g, k->g, v);
	}
	if (!ok) {
		k->flags |= K_OVERFLOW;
		eiti_finding(r->diags, EITI_RULE_RECON_OVERFLOW, h->file,
		    p->line, p->col,
		    "payment '%s': the %s-side sum of key (%s) overflows",
		    p->id, side, key_text(r, co, en, st, pr));
		return 0;
	}
	if (p->in_kind &&
	    !inkind_add(
		r, k, h->role == EITI_ROLE_COMPANY ? 0 : 1, p->unit, &vol)) {
		k->flags |= K_OVERFLOW;
		eiti_finding(r->diags, EITI_RULE_RECON_OVERFLOW, h->file,
		    p->line, p->col,
		    "payment '%s': the %s-side in-kind volume of key (%s) "
		    "overflows",
		    p->id, side, key_text(r, co, en, st, pr));
	}
	return 0;
}

/* One adjustment or explanation (the i-th of file): its key, its
 * converted value into the key's sums, or a finding. */
static void
one_adjustment(struct eiti_recon *r, const char *file,
    const struct eiti_adjustment_decl *d, size_t i)
{
	char buf[EITI_MONEY_BUFSZ];
	struct adj *o;
	uint32_t co, en, st, pr, ki;
	struct key *k;
	const char *cur;
	int digits, rc;
	int64_t v = 0;
	bool ok;

	o = &r->adjs[r->nadjs++];
	o->seq = i;
	o->key = NONE;
	co = canon_of(r, d->company);
	en = intern(r, d->entity);
	st = intern(r, d->stream);
	pr = r->m->level_project ? intern(r, d->project) : r->empty;
	o->out.is_explanation = d->is_explanation;
	o->out.side = d->is_explanation ? EITI_ROLE_COMPANY : d->side;
	o->out.company_id = r->strs[co].s;
	o->out.entity_id = r->strs[en].s;
	o->out.stream = r->strs[st].s;
	o->out.project = dup(r, d->project);
	o->out.klass = dup(r, d->klass);
	o->out.reason = dup(r, d->reason);
	o->out.ref = dup(r, d->ref);
	o->out.row = SIZE_MAX;
	o->out.currency = "";
	o->out.amount_text = "";
	if (d->is_explanation) {
		ki = key_get(r, co, en, st, pr, false);
		o->key = ki;
		if (ki == NONE) {
			eiti_finding(r->diags,
			    EITI_RULE_RECON_EXPLANATION_NO_KEY, file, d->line,
			    d->col,
			    "explanation for key (%s) matches "
			    "no payment or adjustment; it "
			    "explains nothing",
			    key_text(r, co, en, st, pr));
			return;
		}
		KEY(r, ki)->flags |= K_EXPLAINED;
		return;
	}
	cur = d->currency != NULL ? d->currency : r->m->currency;
	digits = d->currency != NULL ? d->currency_digits : r->digits;
	rc = convert(r, &v, d->amount, cur, digits);
	if (rc == 1) {
		rate_missing(r, file, d->line, d->col, "adjustment", cur);
		return;
	}
	if (rc == 2) {
		eiti_finding(r->diags, EITI_RULE_RECON_OVERFLOW, file, d->line,
		    d->col, "adjustment: %s",
		    convert_overflow(r, d->amount, cur, digits));
		return;
	}
	ki = key_get(r, co, en, st, pr, true);
	o->key = ki;
	k = KEY(r, ki);
	company_of(r, co);
	entity_of(r, en);
	o->out.currency = dup(r, cur);
	o->out.amount_text = dup(r, eiti_money_plain(buf, d->amount, digits));
	o->out.value = v;
	k->flags |= K_EXPLAINED;
	if (d->side == EITI_ROLE_COMPANY) {
		k->flags |= K_HAS_C;
		ok = eiti_add(&k->ac, k->ac, v);
	} else {
		k->flags |= K_HAS_G;
		ok = eiti_add(&k->ag, k->ag, v);
	}
	if (!ok)
		eiti_finding(r->diags, EITI_RULE_RECON_OVERFLOW, file, d->line,
		    d->col,
		    "adjustment: the %s-side adjustment of "
		    "key (%s) overflows",
		    d->side == EITI_ROLE_COMPANY ? "company" : "government",
		    key_text(r, co, en, st, pr));
}

int
eiti_recon_adjustments(struct eiti_recon *r, const struct eiti_adjustments *a,
    const char *href, const struct eiti_provenance *prov, struct eiti_err *err)
{
	const char *file = a != NULL && a->file != NULL ? a->file : href;
	struct eiti_res_source *src;
	size_t i, pass;

	if (check_open(r, err) != 0)
		return -1;
	if (r->adjustments_done)
		return eiti_err_set(err, EITI_ERR_IO,
		    "reconcile: internal error: more than one adjustments "
		    "file");
	r->adjustments_done = true;
	if (href != NULL) {
		src = new_source(r);
		src->role = EITI_ROLE_GOVERNMENT;
		src->is_adjustments = true;
		src->href = dup_url(r, href);
		src->reporter = "";
		copy_prov(r, src, prov);
		src->payments = a != NULL ? a->nitems : 0;
	}
	if (a == NULL || a->nitems == 0)
		return 0;
	if (file == NULL)
		file = "adjustments";
	r->adjs = eiti_xcalloc(a->nitems, sizeof(*r->adjs));
	/* adjustments first, then explanations: an explanation may name a
	 * key that only an adjustment creates, wherever it comes */
	for (pass = 0; pass < 2; pass++)
		for (i = 0; i < a->nitems; i++)
			if (a->items[i].is_explanation == (pass == 1))
				one_adjustment(r, file, &a->items[i], i);
	return 0;
}

void
eiti_recon_validated(struct eiti_recon *r, const char *name)
{
	size_t i;

	if (name == NULL)
		return;
	for (i = 0; i < r->nvalidated; i++)
		if (strcmp(r->validated[i], name) == 0)
			return;
	r->validated = grow(r->validated, &r->validated_cap, r->nvalidated + 1,
	    sizeof(*r->validated));
	r->validated[r->nvalidated++] = dup(r, name);
}

/* --- finish: order ---------------------------------------------------- */

struct rank_ent {
	const char *s;
	uint32_t id;
};

static int
cmp_rank_ent(const void *a, const void *b)
{
	return strcmp(
	    ((const struct rank_ent *)a)->s, ((const struct rank_ent *)b)->s);
}

static void
rank_strings(struct eiti_recon *r)
{
	struct rank_ent *v = eiti_xcalloc(r->nstrs + 1, sizeof(*v));
	size_t i;

	for (i = 0; i < r->nstrs; i++) {
		v[i].s = r->strs[i].s;
		v[i].id = (uint32_t)i;
	}
	qsort(v, r->nstrs, sizeof(*v), cmp_rank_ent);
	for (i = 0; i < r->nstrs; i++)
		r->strs[v[i].id].rank = (uint32_t)i;
	free(v);
}

struct key_ord {
	uint32_t r[4];
	uint32_t idx;
};

static int
cmp_key_ord(const void *pa, const void *pb)
{
	const struct key_ord *a = pa, *b = pb;
	int i;

	for (i = 0; i < 4; i++)
		if (a->r[i] != b->r[i])
			return a->r[i] < b->r[i] ? -1 : 1;
	return 0;
}

static int
cmp_adj(const void *pa, const void *pb)
{
	const struct adj *a = pa, *b = pb;

	if (a->out.row != b->out.row)
		return a->out.row < b->out.row ? -1 : 1;
	if (a->seq != b->seq)
		return a->seq < b->seq ? -1 : 1;
	return 0;
}

struct id_ord {
	uint32_t rank;
	size_t idx;
};

static int
cmp_id_ord(const void *pa, const void *pb)
{
	const struct id_ord *a = pa, *b = pb;

	return a->rank < b->rank ? -1 : a->rank > b->rank;
}

/* --- finish: tolerance and status ------------------------------------ */

static void
tolerance_for(const struct eiti_recon *r, uint32_t st, uint32_t en,
    int64_t *abs_tol, struct eiti_decimal *rel)
{
	const struct tol *by_stream = NULL, *by_entity = NULL;
	size_t i;

	*abs_tol = r->m->has_abs_tol ? r->m->abs_tol : 0;
	*rel = r->m->has_rel_tol ? r->m->rel_tol : (struct eiti_decimal){0, 0};
	for (i = 0; i < r->ntols; i++) {
		if (r->tols[i].st != st)
			continue;
		if (r->tols[i].en == NONE && by_stream == NULL)
			by_stream = &r->tols[i];
		else if (r->tols[i].en == en && by_entity == NULL)
			by_entity = &r->tols[i];
	}
	/* SPEC 4.6, most specific last; a missing attribute is inherited
	 * from the less specific level (see the file comment) */
	if (by_stream != NULL && by_stream->has_abs)
		*abs_tol = by_stream->abs;
	if (by_stream != NULL && by_stream->has_rel)
		*rel = by_stream->rel;
	if (by_entity != NULL && by_entity->has_abs)
		*abs_tol = by_entity->abs;
	if (by_entity != NULL && by_entity->has_rel)
		*rel = by_entity->rel;
}

/* --- finish: totals --------------------------------------------------- */

static int overflow(struct eiti_recon *r, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* A figure computed by finish() does not fit: a RECON-OVERFLOW finding.
 * No payment is to blame, so it is located at the manifest.  Returns 1
 * (finish() then has no results). */
static int
overflow(struct eiti_recon *r, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	eiti_finding_v(
	    r->diags, EITI_RULE_RECON_OVERFLOW, r->m->file, 0, 0, fmt, ap);
	va_end(ap);
	return 1;
}

static int
group_add(struct eiti_recon *r, struct eiti_res_total *t,
    const struct eiti_res_row *row, const char *kind)
{
	if (!eiti_result_total_add(t, row))
		return overflow(r, "the %s total%s%s overflows", kind,
		    t->key[0] != '\0' ? " of " : "", t->key);
	return 0;
}

enum group_kind { G_COMPANY, G_STREAM, G_ENTITY, G_REGION };

static int
build_groups(struct eiti_recon *r, struct eiti_results *res,
    enum group_kind kind, struct eiti_res_total **out, size_t *nout)
{
	static const char *const kind_names[] = {
	    "company", "stream", "entity", "region"};
	struct eiti_res_total *g = NULL;
	struct id_ord *ord = NULL;
	uint32_t *gid = NULL; /* string id of each group */
	size_t n = 0, cap = 0, i;
	int rc;

	for (i = 0; i < r->nstrs; i++)
		r->strs[i].grp = -1;
	for (i = 0; i < res->nrows; i++) {
		const struct eiti_res_row *row = &res->rows[i];
		uint32_t id;
		struct eiti_res_total *t;

		switch (kind) {
		case G_COMPANY:
			id = str_find(r, row->company_id);
			break;
		case G_STREAM:
			id = str_find(r, row->stream);
			break;
		case G_ENTITY:
			id = str_find(r, row->entity_id);
			break;
		default:
			id = str_find(r, row->region);
			break;
		}
		if (r->strs[id].grp < 0) {
			g = grow(g, &cap, n + 1, sizeof(*g));
			gid = eiti_xrealloc(gid, cap * sizeof(*gid));
			memset(&g[n], 0, sizeof(*g));
			g[n].key = r->strs[id].s;
			g[n].name = "";
			if (kind == G_COMPANY)
				g[n].name = row->company_name;
			else if (kind == G_ENTITY)
				g[n].name = row->entity_name;
			gid[n] = id;
			r->strs[id].grp = (int32_t)n++;
		}
		t = &g[r->strs[id].grp];
		rc = group_add(r, t, row, kind_names[kind]);
		if (rc != 0)
			goto out;
	}
	ord = eiti_xcalloc(n + 1, sizeof(*ord));
	for (i = 0; i < n; i++) {
		ord[i].rank = r->strs[gid[i]].rank;
		ord[i].idx = i;
	}
	qsort(ord, n, sizeof(*ord), cmp_id_ord);
	*out = eiti_arena_alloc(r->arena, (n + 1) * sizeof(**out));
	for (i = 0; i < n; i++)
		(*out)[i] = g[ord[i].idx];
	*nout = n;
	rc = 0;
out:
	free(g);
	free(gid);
	free(ord);
	return rc;
}

/* --- finish: the rest ------------------------------------------------- */

static void
generated_time(struct eiti_recon *r, const char **out)
{
	char buf[EITI_CLOCK_ISO_BUFSZ];

	eiti_clock_iso8601(r->now, buf);
	*out = dup(r, buf);
}

static const struct eiti_diag_file_count *
diag_file(const struct eiti_diags *d, const char *name)
{
	size_t i;

	if (d == NULL)
		return NULL;
	for (i = 0; i < d->nfiles; i++)
		if (strcmp(d->files[i].file, name) == 0)
			return &d->files[i];
	return NULL;
}

/* What the results call a file the findings name: the manifest by its
 * name (model.h), not by the path it was given as, so that the results
 * are the same from any working directory; the sources by their href. */
static const char *
out_name(const struct eiti_recon *r, const char *file)
{
	return r->m->name != NULL && strcmp(file, r->m->file) == 0 ? r->m->name
								   : file;
}

static void
build_validation(struct eiti_recon *r, struct eiti_results *res)
{
	const struct eiti_diags *diags = r->diags;
	size_t cap = r->nvalidated + diags->nfiles + 1;
	size_t i, j, n = 0;
	struct eiti_res_validation *v =
	    eiti_arena_alloc(r->arena, cap * sizeof(*v));

	for (i = 0; i < r->nvalidated; i++)
		v[n++].file = r->validated[i];
	for (i = 0; i < diags->nfiles; i++) {
		for (j = 0; j < n; j++)
			if (strcmp(v[j].file, diags->files[i].file) == 0)
				break;
		if (j == n)
			v[n++].file = dup(r, diags->files[i].file);
	}
	for (j = 0; j < n; j++) {
		const struct eiti_diag_file_count *fc =
		    diag_file(diags, v[j].file);
		if (fc != NULL) {
			v[j].errors += fc->errors;
			v[j].warnings += fc->warnings;
		}
		v[j].file = dup(r, out_name(r, v[j].file));
	}
	res->validation = v;
	res->nvalidation = n;

	res->findings =
	    eiti_arena_alloc(r->arena, (diags->n + 1) * sizeof(*res->findings));
	for (i = 0; i < diags->n; i++) {
		struct eiti_res_finding *f = &res->findings[i];
		f->file = dup(r, out_name(r, diags->v[i].file));
		f->line = diags->v[i].line;
		f->col = diags->v[i].col;
		f->is_error = diags->v[i].sev == EITI_SEV_ERROR;
		f->rule = eiti_rule_id(diags->v[i].rule);
		f->message = dup(r, diags->v[i].msg);
	}
	res->nfindings = diags->n;
}

/* The manifest's texts per language, copied into the results' arena. */
static struct eiti_res_text *
lang_texts(struct eiti_recon *r, const struct eiti_lang_text *v, size_t n,
    size_t *nout)
{
	struct eiti_res_text *out =
	    eiti_arena_alloc(r->arena, (n + 1) * sizeof(*out));
	size_t i;

	for (i = 0; i < n; i++) {
		out[i].lang = dup(r, v[i].lang);
		out[i].text = dup(r, v[i].text);
	}
	*nout = n;
	return out;
}

/* The manifest's logo, read once (bounded, a regular file) and checked
 * (core/png.h) for results.xml to carry; a LOGO finding at the manifest
 * and 1 when it cannot be. */
static int
build_logo(struct eiti_recon *r, struct eiti_results *res)
{
	const struct eiti_manifest *m = r->m;
	const char *h = m->logo_href, *why = NULL;
	char whybuf[EITI_LOGO_WHY_SIZE];
	unsigned char *png = NULL;
	char *rel = NULL, *path = NULL;
	size_t n = 0;

	res->logo = NULL;
	res->logo_size = 0;
	if (h == NULL || h[0] == '\0')
		return 0;
	if (eiti_path_scheme_len(h) > 0 && strncasecmp(h, "file:", 5) != 0)
		why = "not a local file";
	else if (eiti_path_scheme_len(h) > 0 &&
		 (rel = eiti_path_from_file_url(h, &why)) == NULL)
		;
	else {
		path = eiti_path_join(
		    m->dir != NULL ? m->dir : ".", rel != NULL ? rel : h);
		if (eiti_logo_read(path, &png, &n, whybuf) != 0 ||
		    eiti_logo_check(png, n, whybuf) != NULL)
			why = whybuf;
	}
	if (why != NULL) {
		eiti_finding(r->diags, EITI_RULE_LOGO, m->file, m->logo_line,
		    m->logo_col, "logo %s: %s", h, why);
	} else {
		res->logo = eiti_arena_alloc(r->arena, n + 1);
		memcpy((unsigned char *)res->logo, png, n);
		res->logo_size = n;
	}
	free(png);
	free(rel);
	free(path);
	return why != NULL ? 1 : 0;
}

static void
build_parameters(struct eiti_recon *r, struct eiti_results *res)
{
	const struct eiti_manifest *m = r->m;
	char buf[EITI_MONEY_BUFSZ];
	size_t i;

	res->title = dup(r, m->title);
	res->titles = lang_texts(r, m->titles, m->ntitles, &res->ntitles);
	res->conclusions =
	    lang_texts(r, m->conclusions, m->nconclusions, &res->nconclusions);
	res->recommendations = lang_texts(
	    r, m->recommendations, m->nrecommendations, &res->nrecommendations);
	res->country = dup(r, m->country);
	res->period_start = dup(r, m->period_start);
	res->period_end = dup(r, m->period_end);
	res->currency = dup(r, m->currency);
	res->lang = dup(r, m->lang);
	res->administrator = dup(r, m->administrator);
	res->currency_digits = r->digits;
	res->level_project = m->level_project;
	res->has_materiality = m->has_materiality;
	res->materiality = m->has_materiality ? m->materiality : 0;
	res->abs_tol = m->has_abs_tol ? m->abs_tol : 0;
	res->rel_tol = m->has_rel_tol ? canon_decimal(&m->rel_tol)
				      : (struct eiti_decimal){0, 0};
	res->rel_tol_text = dup(r, eiti_decimal_plain(buf, &res->rel_tol));
	res->tool_version = PACKAGE_VERSION;
	res->manifest_sha256 = dup(r, m->sha256);

	res->rates =
	    eiti_arena_alloc(r->arena, (r->nrates + 1) * sizeof(*res->rates));
	for (i = 0; i < r->nrates; i++) {
		res->rates[i].currency = r->rates[i].currency;
		res->rates[i].value = r->rates[i].value_text;
		res->rates[i].source = r->rates[i].source;
		res->rates[i].rate = r->rates[i].value;
	}
	res->nrates = r->nrates;
	res->tolerances = eiti_arena_alloc(
	    r->arena, (r->ntols + 1) * sizeof(*res->tolerances));
	for (i = 0; i < r->ntols; i++) {
		struct eiti_res_tolerance *t = &res->tolerances[i];
		t->stream = r->tols[i].stream;
		t->entity = r->tols[i].entity;
		t->has_abs = r->tols[i].has_abs;
		t->has_rel = r->tols[i].has_rel;
		t->abs = r->tols[i].abs;
		t->rel = r->tols[i].rel;
		t->rel_text = r->tols[i].rel_text;
	}
	res->ntolerances = r->ntols;
	res->sources = eiti_arena_alloc(
	    r->arena, (r->nsources + 1) * sizeof(*res->sources));
	if (r->nsources > 0)
		memcpy(res->sources, r->sources,
		    r->nsources * sizeof(*r->sources));
	res->nsources = r->nsources;
}

/* The row's in-kind fields (results.h): the government side's volume
 * when it reported an in-kind payment, else the company side's, so that
 * the volume goes with the figure SDT Part 5 reports (G + AG, or C + AC
 * for a key the government did not report). */
static void
inkind_row(struct eiti_recon *r, const struct key *k, struct eiti_res_row *row)
{
	const struct inkind *x;
	const struct ik_side *s;
	char buf[EITI_MONEY_BUFSZ];

	row->in_kind = k->ik != 0;
	row->inkind_volume = "";
	row->inkind_unit = "";
	if (k->ik == 0)
		return;
	x = &r->inkinds[k->ik - 1];
	s = x->side[1].any ? &x->side[1] : &x->side[0];
	if (s->mixed)
		return;
	row->inkind_volume = dup(r, eiti_decimal_plain(buf, &s->vol));
	row->inkind_unit = r->strs[s->unit].s;
}

/*
 * The keys copied into one table in the order of the rows (row_of[key] is
 * set), and the engine's key blocks and key index given back: from here
 * on nothing looks a key up.  build_rows() reads the table front to back
 * and gives its pages back behind it, so that the keys and the rows never
 * all live at once (the peak of a large run).  *bytes is the table's size
 * for eiti_bigfree().
 */
static struct key *
sorted_keys(struct eiti_recon *r, uint32_t *row_of, size_t *bytes)
{
	struct key_ord *ord = eiti_xcalloc(r->nkeys + 1, sizeof(*ord));
	struct key *s;
	size_t i;

	for (i = 0; i < r->nkeys; i++) {
		const struct key *k = KEY(r, i);
		ord[i].r[0] = r->strs[k->co].rank;
		ord[i].r[1] = r->strs[k->en].rank;
		ord[i].r[2] = r->strs[k->st].rank;
		ord[i].r[3] = r->strs[k->pr].rank;
		ord[i].idx = (uint32_t)i;
	}
	qsort(ord, r->nkeys, sizeof(*ord), cmp_key_ord);
	*bytes = (r->nkeys + 1) * sizeof(*s);
	s = eiti_bigalloc(*bytes);
	for (i = 0; i < r->nkeys; i++) {
		s[i] = *KEY(r, ord[i].idx);
		row_of[ord[i].idx] = (uint32_t)i;
	}
	free(ord);
	for (i = 0; r->kblocks != NULL && i * KBLOCK_SIZE < r->nkeys; i++)
		free(r->kblocks[i]);
	free(r->kblocks);
	r->kblocks = NULL;
	r->kblocks_cap = 0;
	eiti_hash_dispose(&r->key_index);
	memset(&r->key_index, 0, sizeof(r->key_index));
	eiti_heap_trim();
	return s;
}

static int
build_rows(struct eiti_recon *r, struct eiti_results *res, uint32_t *row_of)
{
	size_t i, bytes, trimmed = 0;
	struct key *keys = sorted_keys(r, row_of, &bytes);
	int rc = 1;

	res->rows =
	    eiti_arena_alloc(r->arena, (r->nkeys + 1) * sizeof(*res->rows));
	res->nrows = r->nkeys;
	for (i = 0; i < r->nkeys; i++) {
		const struct key *k = &keys[i];
		const struct company *c = &r->companies[r->strs[k->co].company];
		const struct entity *e = &r->entities[r->strs[k->en].entity];
		struct eiti_res_row *row = &res->rows[i];
		int64_t abs_tol;
		struct eiti_decimal rel;

		row->company_id = r->strs[k->co].s;
		row->company_name = c->declared_canon	? c->name_canon
				    : c->declared_alias ? c->name_alias
							: "";
		row->entity_id = r->strs[k->en].s;
		row->entity_name = e->name;
		row->stream = r->strs[k->st].s;
		row->project = r->strs[k->pr].s;
		row->region = r->strs[e->region].s;
		row->c = k->c;
		row->g = k->g;
		row->ac = k->ac;
		row->ag = k->ag;
		row->has_company = (k->flags & K_HAS_C) != 0;
		row->has_government = (k->flags & K_HAS_G) != 0;
		row->explained = (k->flags & K_EXPLAINED) != 0;
		row->first_adj = 0;
		row->nadj = 0;
		inkind_row(r, k, row);
		tolerance_for(r, k->st, k->en, &abs_tol, &rel);
		switch (eiti_result_derive(row, c->in_scope, abs_tol, &rel)) {
		case EITI_DERIVE_OK:
			break;
		case EITI_DERIVE_DISCREPANCY:
			overflow(r, "the discrepancy of key (%s) overflows",
			    key_text(r, k->co, k->en, k->st, k->pr));
			goto out;
		default:
			overflow(r, "the tolerance of key (%s) overflows",
			    key_text(r, k->co, k->en, k->st, k->pr));
			goto out;
		}
		if ((i + 1) * sizeof(*keys) - trimmed >= ((size_t)8 << 20)) {
			trimmed = (i + 1) * sizeof(*keys);
			eiti_bigtrim(keys, bytes, trimmed);
		}
	}
	rc = 0;
out:
	eiti_bigfree(keys, bytes);
	return rc;
}

static void
build_adjustments(
    struct eiti_recon *r, struct eiti_results *res, const uint32_t *row_of)
{
	size_t i;

	for (i = 0; i < r->nadjs; i++)
		r->adjs[i].out.row =
		    r->adjs[i].key == NONE ? SIZE_MAX : row_of[r->adjs[i].key];
	if (r->nadjs > 0)
		qsort(r->adjs, r->nadjs, sizeof(*r->adjs), cmp_adj);
	res->adjustments = eiti_arena_alloc(
	    r->arena, (r->nadjs + 1) * sizeof(*res->adjustments));
	res->nadjustments = r->nadjs;
	for (i = 0; i < r->nadjs; i++) {
		struct eiti_res_adjustment *a = &res->adjustments[i];
		*a = r->adjs[i].out;
		if (a->row == SIZE_MAX)
			continue;
		if (res->rows[a->row].nadj == 0)
			res->rows[a->row].first_adj = i;
		res->rows[a->row].nadj++;
	}
}

static void
build_companies(struct eiti_recon *r, struct eiti_results *res)
{
	struct id_ord *ord = eiti_xcalloc(r->ncompanies + 1, sizeof(*ord));
	size_t i, j;

	for (i = 0; i < r->ncompanies; i++) {
		ord[i].rank = r->strs[r->companies[i].id].rank;
		ord[i].idx = i;
	}
	qsort(ord, r->ncompanies, sizeof(*ord), cmp_id_ord);
	res->companies = eiti_arena_alloc(
	    r->arena, (r->ncompanies + 1) * sizeof(*res->companies));
	res->ncompanies = r->ncompanies;
	for (i = 0; i < r->ncompanies; i++) {
		const struct company *c = &r->companies[ord[i].idx];
		struct eiti_res_company *o = &res->companies[i];
		size_t len = 0;
		char *al;

		o->id = r->strs[c->id].s;
		if (c->declared_canon) {
			o->name = c->name_canon;
			o->sector = c->sector_canon;
			o->commodity = c->commodity_canon;
		} else if (c->declared_alias) {
			o->name = c->name_alias;
			o->sector = c->sector_alias;
			o->commodity = c->commodity_alias;
		} else {
			o->name = o->sector = o->commodity = "";
		}
		o->in_scope = c->in_scope;
		o->reporting = c->company_role || c->company_payment;
		o->g = c->g;
		/* the manifest's aliases of this id, in manifest order */
		for (j = 0; j < r->m->naliases; j++)
			if (strcmp(r->m->aliases[j].id, o->id) == 0 &&
			    strcmp(r->m->aliases[j].name, o->id) != 0)
				len += strlen(r->m->aliases[j].name) + 2;
		al = eiti_arena_alloc(r->arena, len + 1);
		for (j = 0; j < r->m->naliases; j++)
			if (strcmp(r->m->aliases[j].id, o->id) == 0 &&
			    strcmp(r->m->aliases[j].name, o->id) != 0) {
				if (al[0] != '\0')
					strcat(al, ", ");
				strcat(al, r->m->aliases[j].name);
			}
		o->aliases = al;
	}
	free(ord);

	ord = eiti_xcalloc(r->nentities + 1, sizeof(*ord));
	for (i = 0; i < r->nentities; i++) {
		ord[i].rank = r->strs[r->entities[i].id].rank;
		ord[i].idx = i;
	}
	qsort(ord, r->nentities, sizeof(*ord), cmp_id_ord);
	res->entities = eiti_arena_alloc(
	    r->arena, (r->nentities + 1) * sizeof(*res->entities));
	res->nentities = r->nentities;
	for (i = 0; i < r->nentities; i++) {
		const struct entity *e = &r->entities[ord[i].idx];
		res->entities[i].id = r->strs[e->id].s;
		res->entities[i].name = e->name;
		res->entities[i].level = e->level;
		res->entities[i].region = r->strs[e->region].s;
	}
	free(ord);
}

struct pair_ord {
	uint32_t re, rs;
	size_t idx;
};

static int
cmp_pair_ord(const void *pa, const void *pb)
{
	const struct pair_ord *a = pa, *b = pb;

	if (a->re != b->re)
		return a->re < b->re ? -1 : 1;
	if (a->rs != b->rs)
		return a->rs < b->rs ? -1 : 1;
	return 0;
}

/* A coverage below 0 % or above 100 % (compared exactly, not after
 * rounding) cannot be a share of the government's revenue: a warning,
 * rule RECON-COVERAGE, naming the two totals behind it. */
static void
coverage_warning(struct eiti_recon *r, int64_t num, int64_t den, int64_t bp)
{
	static const char src[] =
	    "(the government's <total> elements where a disclosure gives "
	    "them, else the government payments of every key)";
	char pct[EITI_MONEY_BUFSZ], n[EITI_MONEY_BUFSZ], d[EITI_MONEY_BUFSZ];
	const char *cur = r->m->currency, *msg;
	bool neg = num != 0 && (num < 0) != (den < 0);
	bool above = !neg && (num < 0 ? num < den : num > den);

	if (!neg && !above)
		return;
	eiti_percent_format(pct, bp, "en");
	eiti_money_plain(n, num, r->digits);
	eiti_money_plain(d, den, r->digits);
	if (above)
		msg = eiti_arena_printf(r->arena,
		    "coverage is above 100%% (%s): the in-scope government "
		    "revenue, %s %s, is more than the total it is divided by, "
		    "%s %s %s",
		    pct, n, cur, d, cur, src);
	else
		msg = eiti_arena_printf(r->arena,
		    "coverage is below 0%% (%s): the in-scope government "
		    "revenue, %s %s, and the total it is divided by, %s %s, "
		    "have opposite signs %s",
		    pct, n, cur, d, cur, src);
	eiti_finding(
	    r->diags, EITI_RULE_RECON_COVERAGE, r->m->file, 0, 0, "%s", msg);
}

/* SPEC 4.8 coverage and 4.9 non-reporting companies. */
/* The government revenue of each (entity, stream), for the coverage,
 * taken from the keys before the rows are built (which gives the keys
 * back); an overflow is kept for build_coverage() to report, in its
 * place among the other checks. */
static void
coverage_sums(struct eiti_recon *r)
{
	size_t i;

	for (i = 0; i < r->nkeys; i++) {
		const struct key *k = KEY(r, i);
		struct pair *p = pair_get(r, k->en, k->st);
		bool in = r->companies[r->strs[k->co].company].in_scope;

		if (!eiti_add(&p->g_all, p->g_all, k->g) ||
		    (in && !eiti_add(&p->g_in, p->g_in, k->g))) {
			r->cov_over = true;
			r->cov_en = k->en;
			r->cov_st = k->st;
			return;
		}
	}
}

static int
build_coverage(struct eiti_recon *r, struct eiti_results *res)
{
	struct pair_ord *ord;
	size_t i, n;
	int64_t num = 0, den = 0;

	if (r->cov_over)
		return overflow(r,
		    "the government revenue of entity %s, stream %s "
		    "overflows",
		    r->strs[r->cov_en].s, r->strs[r->cov_st].s);
	ord = eiti_xcalloc(r->npairs + 1, sizeof(*ord));
	for (i = 0; i < r->npairs; i++) {
		ord[i].re = r->strs[r->pairs[i].en].rank;
		ord[i].rs = r->strs[r->pairs[i].st].rank;
		ord[i].idx = i;
	}
	qsort(ord, r->npairs, sizeof(*ord), cmp_pair_ord);
	res->unilateral = eiti_arena_alloc(
	    r->arena, (r->npairs + 1) * sizeof(*res->unilateral));
	res->nunilateral = r->npairs;
	for (i = 0; i < r->npairs; i++) {
		const struct pair *p = &r->pairs[ord[i].idx];
		struct eiti_res_unilateral *u = &res->unilateral[i];

		u->entity_id = r->strs[p->en].s;
		u->stream = r->strs[p->st].s;
		u->has_declared = p->has_declared;
		u->declared = p->declared;
		u->g_all = p->g_all;
		u->g_in = p->g_in;
		if (!eiti_add(&num, num, p->g_in) ||
		    !eiti_add(
			&den, den, p->has_declared ? p->declared : p->g_all)) {
			free(ord);
			return overflow(r, "the coverage total overflows");
		}
	}
	free(ord);
	res->coverage_num = num;
	res->coverage_den = den;
	res->has_coverage = den != 0;
	res->coverage_bp = 0;
	if (res->has_coverage && !eiti_percent_bp(&res->coverage_bp, num, den))
		return overflow(r, "the coverage percentage overflows");
	if (res->has_coverage)
		coverage_warning(r, num, den, res->coverage_bp);

	for (i = n = 0; i < res->ncompanies; i++)
		if (res->companies[i].in_scope && !res->companies[i].reporting)
			n++;
	res->nonreporting =
	    eiti_arena_alloc(r->arena, (n + 1) * sizeof(*res->nonreporting));
	for (i = n = 0; i < res->ncompanies; i++) {
		const struct eiti_res_company *c = &res->companies[i];
		struct eiti_res_nonreporting *o;

		if (!c->in_scope || c->reporting)
			continue;
		o = &res->nonreporting[n++];
		o->company_id = c->id;
		o->company_name = c->name;
		o->g = c->g;
		o->share_bp = 0;
		if (res->has_coverage &&
		    !eiti_percent_bp(&o->share_bp, c->g, den))
			return overflow(r,
			    "the revenue share of company %s overflows", c->id);
	}
	res->nnonreporting = n;
	return 0;
}

/*
 * RECON-MATERIALITY: scope is decided on government payments (README,
 * the reconciliation rules); a company whose scope the government-side
 * adjustments would change is named, with the figures, so the
 * multi-stakeholder group sees it.  Nothing changes in the results.
 */
static void
materiality_warnings(struct eiti_recon *r)
{
	const char *cur = r->m->currency;
	int64_t *ag;
	size_t i;

	if (!r->m->has_materiality || r->ncompanies == 0)
		return;
	ag = eiti_xcalloc(r->ncompanies, sizeof(*ag));
	for (i = 0; i < r->nkeys; i++) {
		const struct key *k = KEY(r, i);
		int64_t *a = &ag[r->strs[k->co].company];

		if (!eiti_add(a, *a, k->ag))
			*a = k->ag < 0 ? INT64_MIN : INT64_MAX;
	}
	for (i = 0; i < r->ncompanies; i++) {
		const struct company *c = &r->companies[i];
		char g[EITI_MONEY_BUFSZ], a[EITI_MONEY_BUFSZ];
		char t[EITI_MONEY_BUFSZ], m[EITI_MONEY_BUFSZ];
		int64_t with;

		if (ag[i] == 0 || !eiti_add(&with, c->g, ag[i]) ||
		    (with >= r->m->materiality) == c->in_scope)
			continue;
		eiti_finding(r->diags, EITI_RULE_RECON_MATERIALITY, r->m->file,
		    r->m->thresholds_line, r->m->thresholds_col,
		    "company %s is %s: its government payments, %s %s, are "
		    "%s the materiality threshold of %s %s; with the "
		    "government-side adjustments (%s %s) they would be %s %s "
		    "and it would be %s (materiality counts payments only)",
		    r->strs[c->id].s, c->in_scope ? "in scope" : "out of scope",
		    eiti_money_plain(g, c->g, r->digits), cur,
		    c->in_scope ? "at or above" : "below",
		    eiti_money_plain(m, r->m->materiality, r->digits), cur,
		    eiti_money_plain(a, ag[i], r->digits), cur,
		    eiti_money_plain(t, with, r->digits), cur,
		    c->in_scope ? "out of scope" : "in scope");
	}
	free(ag);
}

int
eiti_recon_finish(
    struct eiti_results **out, struct eiti_recon *r, struct eiti_err *err)
{
	struct eiti_results *res = NULL;
	uint32_t *row_of = NULL;
	size_t i;
	int rc = -1;

	*out = NULL;
	if (check_open(r, err) != 0)
		return -1;
	r->finished = true;
	if (r->diags->errors > 0)
		return 1; /* results from invalid input would be wrong */
	res = eiti_xcalloc(1, sizeof(*res));

	/* SPEC 4.5: scope from the government-side G of each company */
	for (i = 0; i < r->nkeys; i++) {
		const struct key *k = KEY(r, i);
		struct company *c = &r->companies[r->strs[k->co].company];
		if (!eiti_add(&c->g, c->g, k->g)) {
			rc = overflow(r,
			    "the government-side total of company %s "
			    "overflows",
			    r->strs[k->co].s);
			goto out;
		}
	}
	for (i = 0; i < r->ncompanies; i++)
		r->companies[i].in_scope =
		    !r->m->has_materiality ||
		    r->companies[i].g >= r->m->materiality;
	materiality_warnings(r);

	rank_strings(r);
	build_parameters(r, res);
	if ((rc = build_logo(r, res)) != 0)
		goto out;
	generated_time(r, &res->generated);
	coverage_sums(r);
	row_of = eiti_xcalloc(r->nkeys + 1, sizeof(*row_of));
	if ((rc = build_rows(r, res, row_of)) != 0)
		goto out;
	build_adjustments(r, res, row_of);
	build_companies(r, res);

	res->overall.key = "";
	res->overall.name = "";
	for (i = 0; i < res->nrows; i++)
		if ((rc = group_add(
			 r, &res->overall, &res->rows[i], "overall")) != 0)
			goto out;
	if ((rc = build_groups(r, res, G_COMPANY, &res->by_company,
		 &res->nby_company)) != 0 ||
	    (rc = build_groups(
		 r, res, G_STREAM, &res->by_stream, &res->nby_stream)) != 0 ||
	    (rc = build_groups(
		 r, res, G_ENTITY, &res->by_entity, &res->nby_entity)) != 0 ||
	    (rc = build_groups(
		 r, res, G_REGION, &res->by_region, &res->nby_region)) != 0)
		goto out;
	if ((rc = build_coverage(r, res)) != 0)
		goto out;
	build_validation(r, res);

	res->arena = r->arena; /* the strings move with the results */
	r->arena = NULL;
	*out = res;
	res = NULL;
	rc = 0;
out:
	free(row_of);
	free(res); /* its arrays live in r->arena, freed with the engine */
	return rc;
}

size_t
eiti_results_unexplained(const struct eiti_results *res)
{
	size_t i, n = 0;

	for (i = 0; i < res->nrows; i++)
		if (res->rows[i].status == EITI_ST_DISCREPANCY &&
		    !res->rows[i].explained)
			n++;
	return n;
}
