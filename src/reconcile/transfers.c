/*
 * transfers.c - the reconciliation of subnational transfers (EITI
 * Requirement 5.2; the rules are in model/transfers.h and the README).
 *
 * Lines are never stored: each transfer or entitlement line is converted
 * on its own and summed into its key (from, to, stream) as it arrives.  A
 * key is found by its bytes "from\0to\0stream" in an open-addressing
 * table; consecutive lines of one key (a month per line) cost one memcmp.
 * Entities (names, levels, regions) are kept in a second table.  Memory
 * grows with keys and entities, not with lines.
 *
 * Comparing the bytes "from\0to\0stream" with memcmp (then by length)
 * orders keys by (from, to, stream) in byte order, since no part holds a
 * NUL: that is the order of transfers.csv.
 *
 * Entitlements from a sharing rule are computed when the engine is
 * created: round(base x rate) with the one rounding division (half away
 * from zero) on exact integers, in minor units of the base's currency,
 * then converted as one line.
 */
#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/arena.h"
#include "core/err.h"
#include "core/money.h"
#include "reconcile/transfers.h"

#define NONE UINT32_MAX

#define K_E 1u	       /* an entitlement (formula or declared) */
#define K_S 2u	       /* a sent line */
#define K_R 4u	       /* a received line */
#define K_FORMULA 8u   /* E from a sharing rule */
#define K_DECLARED 16u /* E from declared entitlements */

/* --- byte strings -> dense ids ---------------------------------------- */

struct name {
	const char *s; /* NUL-terminated copy in the engine's arena */
	size_t len;
	uint32_t hash;
	const char *out; /* copy in the results' arena, made on demand */
};

struct names {
	struct name *v;
	size_t n, cap;
	uint32_t *slot; /* id + 1; 0 empty */
	size_t mask;
};

static uint32_t
hash_bytes(const char *s, size_t n)
{
	uint32_t h = 2166136261u;
	size_t i;

	for (i = 0; i < n; i++) {
		h ^= (unsigned char)s[i];
		h *= 16777619u;
	}
	return h;
}

static void
names_init(struct names *t)
{
	memset(t, 0, sizeof(*t));
	t->mask = 255;
	t->slot = eiti_xcalloc(t->mask + 1, sizeof(*t->slot));
}

static void
names_free(struct names *t)
{
	free(t->v);
	free(t->slot);
}

/* The id of bytes s[0..n), or NONE. */
static uint32_t
names_find(const struct names *t, const char *s, size_t n)
{
	uint32_t h = hash_bytes(s, n), id;
	size_t j;

	for (j = h & t->mask; (id = t->slot[j]) != 0; j = (j + 1) & t->mask) {
		const struct name *e = &t->v[id - 1];
		if (e->hash == h && e->len == n && memcmp(e->s, s, n) == 0)
			return id - 1;
	}
	return NONE;
}

/* The id of bytes s[0..n), added (copied into a) when new; *created
 * tells which. */
static uint32_t
names_add(struct names *t, struct eiti_arena *a, const char *s, size_t n,
    bool *created)
{
	uint32_t h = hash_bytes(s, n), id;
	size_t j, i;
	struct name *e;
	char *c;

	*created = false;
	for (j = h & t->mask; (id = t->slot[j]) != 0; j = (j + 1) & t->mask) {
		e = &t->v[id - 1];
		if (e->hash == h && e->len == n && memcmp(e->s, s, n) == 0)
			return id - 1;
	}
	if (t->n >= UINT32_MAX - 1)
		eiti_xmalloc(SIZE_MAX); /* 4 billion keys: aborts */
	if (t->n == t->cap) {
		t->cap = t->cap ? 2 * t->cap : 64;
		t->v = eiti_xrealloc(t->v, t->cap * sizeof(*t->v));
	}
	id = (uint32_t)t->n++;
	e = &t->v[id];
	c = eiti_arena_alloc(a, n + 1); /* zero-filled: NUL-terminated */
	memcpy(c, s, n);
	e->s = c;
	e->len = n;
	e->hash = h;
	e->out = NULL;
	*created = true;
	if (t->n * 2 <= t->mask + 1) {
		t->slot[j] = id + 1;
		return id;
	}
	free(t->slot);
	t->mask = t->mask * 2 + 1;
	t->slot = eiti_xcalloc(t->mask + 1, sizeof(*t->slot));
	for (i = 0; i < t->n; i++) {
		for (j = t->v[i].hash & t->mask; t->slot[j] != 0;
		     j = (j + 1) & t->mask)
			;
		t->slot[j] = (uint32_t)i + 1;
	}
	return id;
}

/* The copy of name id in the results' arena (one per distinct string). */
static const char *
names_out(struct names *t, uint32_t id, struct eiti_arena *a)
{
	struct name *e = &t->v[id];

	if (e->out == NULL)
		e->out = eiti_arena_strndup(a, e->s, e->len);
	return e->out;
}

/* --- the engine ---------------------------------------------------------- */

struct xent {
	bool declared;
	const char *name, *level, *region; /* engine arena; "" when none */
	/* finish() */
	int32_t grp;	      /* by-recipient group, -1 */
	bool covered;	      /* a share of some sharing rule */
	bool any_r;	      /* a received line in any key */
	int64_t formula_e, s; /* over its keys */
	const char *out_name, *out_region;
};

struct xkey {
	uint32_t flags;
	int64_t e, s, r;
};

struct eiti_xfer {
	const struct eiti_manifest *m;
	struct eiti_diags *diags; /* the findings, shared with the caller */
	struct eiti_arena *arena;
	bool finished;

	struct names keys; /* "from\0to\0stream" */
	struct xkey *k;	   /* parallel to keys.v */
	size_t kcap;
	uint32_t last; /* the previous line's key, or NONE */

	struct names ents;
	struct xent *e; /* parallel to ents.v */
	size_t ecap;

	char *buf; /* key bytes being looked up */
	size_t bufcap;

	/* the shares of the manifest's sharing rules, flattened in manifest
	 * order: round(base x rate) in the base's currency, converted */
	int64_t *share_amount, *share_value;
	size_t nshares;
	bool lines; /* a transfer or entitlement line was read */
};

static uint32_t
entity_id(struct eiti_xfer *x, const char *id)
{
	bool created;
	uint32_t i = names_add(&x->ents, x->arena, id, strlen(id), &created);

	if (created) {
		if (x->ents.n > x->ecap) {
			x->ecap = x->ents.cap;
			x->e = eiti_xrealloc(x->e, x->ecap * sizeof(*x->e));
		}
		memset(&x->e[i], 0, sizeof(x->e[i]));
		x->e[i].name = x->e[i].level = x->e[i].region = "";
		x->e[i].grp = -1;
	}
	return i;
}

/* The key (from, to, stream), created with no figure when create. */
static uint32_t
key_get(struct eiti_xfer *x, const char *from, const char *to,
    const char *stream, bool create)
{
	size_t lf = strlen(from), lt = strlen(to), ls = strlen(stream);
	size_t n = lf + lt + ls + 2;
	bool created;
	uint32_t i;

	if (n > x->bufcap) {
		x->bufcap = n * 2 < 256 ? 256 : n * 2;
		free(x->buf);
		x->buf = eiti_xmalloc(x->bufcap);
	}
	memcpy(x->buf, from, lf + 1);
	memcpy(x->buf + lf + 1, to, lt + 1);
	memcpy(x->buf + lf + lt + 2, stream, ls);
	if (x->last != NONE && x->keys.v[x->last].len == n &&
	    memcmp(x->keys.v[x->last].s, x->buf, n) == 0)
		return x->last;
	if (!create)
		return names_find(&x->keys, x->buf, n);
	i = names_add(&x->keys, x->arena, x->buf, n, &created);
	if (created) {
		if (x->keys.n > x->kcap) {
			x->kcap = x->keys.cap;
			x->k = eiti_xrealloc(x->k, x->kcap * sizeof(*x->k));
		}
		memset(&x->k[i], 0, sizeof(x->k[i]));
	}
	return x->last = i;
}

/* The three parts of a key's bytes. */
static void
key_parts(const struct name *k, const char **from, const char **to,
    const char **stream)
{
	*from = k->s;
	*to = *from + strlen(*from) + 1;
	*stream = *to + strlen(*to) + 1;
}

static int
check_open(const struct eiti_xfer *x, struct eiti_err *err)
{
	if (x->finished)
		return eiti_err_set(err, EITI_ERR_IO,
		    "reconcile: internal error: transfers engine used after "
		    "finish");
	return 0;
}

static int64_t
pow10_of(int scale)
{
	int64_t p = 1;

	while (scale-- > 0)
		p *= 10;
	return p;
}

int
eiti_xfer_new(struct eiti_xfer **out, const struct eiti_manifest *m,
    struct eiti_diags *diags, struct eiti_err *err)
{
	struct eiti_xfer *x;
	size_t i, j, n = 0;

	*out = NULL;
	if (m == NULL || m->currency == NULL || m->currency_digits < 0)
		return eiti_err_set(err, EITI_ERR_INVALID,
		    "reconcile: the manifest has no report currency");
	x = eiti_xcalloc(1, sizeof(*x));
	x->m = m;
	x->diags = diags;
	x->arena = eiti_arena_new();
	x->last = NONE;
	names_init(&x->keys);
	names_init(&x->ents);
	for (i = 0; i < m->nsharings; i++)
		n += m->sharings[i].nshares;
	x->nshares = n;
	x->share_amount = eiti_xcalloc(n + 1, sizeof(*x->share_amount));
	x->share_value = eiti_xcalloc(n + 1, sizeof(*x->share_value));
	for (i = n = 0; i < m->nsharings; i++) {
		const struct eiti_sharing_decl *sh = &m->sharings[i];

		for (j = 0; j < sh->nshares; j++, n++) {
			const struct eiti_share_decl *s = &sh->shares[j];
			uint32_t ki;
			int rc;

			/* base >= 0 and rate in [0, 1]: the product fits */
			if (!eiti_div_round(&x->share_amount[n],
				(__int128)sh->base * s->rate.coef,
				pow10_of(s->rate.scale))) {
				eiti_finding(diags, EITI_RULE_XFER_OVERFLOW,
				    m->file, s->line, s->col,
				    "share of '%s': base x rate overflows",
				    s->to);
				continue;
			}
			rc = eiti_manifest_convert(m, &x->share_value[n],
			    x->share_amount[n], sh->currency,
			    sh->currency_digits);
			if (rc == 1) {
				eiti_finding(diags, EITI_RULE_RATE_MISSING,
				    m->file, sh->line, sh->col,
				    "sharing of %s by '%s': no exchange rate "
				    "for %s",
				    sh->stream, sh->from, sh->currency);
				continue;
			}
			if (rc != 0) {
				eiti_finding(diags, EITI_RULE_XFER_OVERFLOW,
				    m->file, s->line, s->col,
				    "share of '%s': the entitlement overflows "
				    "when converted",
				    s->to);
				continue;
			}
			ki = key_get(x, sh->from, s->to, sh->stream, true);
			x->k[ki].flags |= K_E | K_FORMULA;
			if (!eiti_add(
				&x->k[ki].e, x->k[ki].e, x->share_value[n]))
				eiti_finding(diags, EITI_RULE_XFER_OVERFLOW,
				    m->file, s->line, s->col,
				    "share of '%s': the entitlement overflows",
				    s->to);
		}
	}
	*out = x;
	return 0;
}

void
eiti_xfer_free(struct eiti_xfer *x)
{
	if (x == NULL)
		return;
	names_free(&x->keys);
	names_free(&x->ents);
	free(x->k);
	free(x->e);
	free(x->buf);
	free(x->share_amount);
	free(x->share_value);
	eiti_arena_free(x->arena);
	free(x);
}

int
eiti_xfer_entity(struct eiti_xfer *x, const struct eiti_disclosure_hdr *h,
    const struct eiti_entity_decl *d, struct eiti_err *err)
{
	struct xent *e;
	uint32_t i;

	(void)h;
	if (check_open(x, err) != 0)
		return -1;
	if (d->id == NULL)
		return 0;
	i = entity_id(x, d->id); /* may move x->e */
	e = &x->e[i];
	if (e->declared)
		return 0; /* the first declaration in source order wins */
	e->declared = true;
	e->name = eiti_arena_strdup(x->arena, d->name != NULL ? d->name : "");
	e->level =
	    eiti_arena_strdup(x->arena, d->level != NULL ? d->level : "");
	e->region =
	    eiti_arena_strdup(x->arena, d->region != NULL ? d->region : "");
	return 0;
}

/* Convert one line at line:col of h's file; a finding and -1 when it
 * cannot be counted. */
static int
line_value(struct eiti_xfer *x, int64_t *v, const struct eiti_disclosure_hdr *h,
    unsigned long line, unsigned long col, const char *what, int64_t amount,
    const char *cur, int digits)
{
	int rc = eiti_manifest_convert(x->m, v, amount,
	    cur != NULL ? cur : h->currency,
	    cur != NULL ? digits : h->currency_digits);

	if (rc == 1)
		eiti_finding(x->diags, EITI_RULE_RATE_MISSING, h->file, line,
		    col, "%s: no exchange rate for currency %s", what,
		    cur != NULL ? cur : h->currency);
	else if (rc != 0)
		eiti_finding(x->diags, EITI_RULE_XFER_OVERFLOW, h->file, line,
		    col, "%s: converted amount overflows", what);
	return rc == 0 ? 0 : -1;
}

int
eiti_xfer_transfer(struct eiti_xfer *x, const struct eiti_disclosure_hdr *h,
    const struct eiti_transfer *t, struct eiti_err *err)
{
	char what[300];
	struct xkey *k;
	int64_t v;
	uint32_t ki;
	bool ok;

	if (check_open(x, err) != 0)
		return -1;
	x->lines = true;
	snprintf(what, sizeof(what), "transfer '%s'", t->id ? t->id : "");
	if (line_value(x, &v, h, t->line, t->col, what, t->amount, t->currency,
		t->currency_digits) != 0)
		return 0;
	ki = key_get(x, t->from, t->to, t->stream, true);
	k = &x->k[ki];
	if (t->received) {
		k->flags |= K_R;
		ok = eiti_add(&k->r, k->r, v);
	} else {
		k->flags |= K_S;
		ok = eiti_add(&k->s, k->s, v);
	}
	if (!ok)
		eiti_finding(x->diags, EITI_RULE_XFER_OVERFLOW, h->file,
		    t->line, t->col, "%s: the %s of (%s, %s, %s) overflows",
		    what, t->received ? "amount received" : "amount sent",
		    t->from, t->to, t->stream);
	return 0;
}

int
eiti_xfer_entitlement(struct eiti_xfer *x, const struct eiti_disclosure_hdr *h,
    const struct eiti_entitlement *e, struct eiti_err *err)
{
	struct xkey *k;
	int64_t v;
	uint32_t ki;

	if (check_open(x, err) != 0)
		return -1;
	x->lines = true;
	if (line_value(x, &v, h, e->line, e->col, "entitlement", e->amount,
		e->currency, e->currency_digits) != 0)
		return 0;
	ki = key_get(x, e->from, e->to, e->stream, true);
	k = &x->k[ki];
	if (k->flags & K_FORMULA) {
		eiti_finding(x->diags, EITI_RULE_XFER_BOTH, h->file, e->line,
		    e->col,
		    "entitlement of '%s' from '%s', stream %s: the manifest's "
		    "sharing rule already gives it; a recipient has a formula "
		    "or declared entitlements, not both",
		    e->to, e->from, e->stream);
		return 0;
	}
	k->flags |= K_E | K_DECLARED;
	if (!eiti_add(&k->e, k->e, v))
		eiti_finding(x->diags, EITI_RULE_XFER_OVERFLOW, h->file,
		    e->line, e->col,
		    "entitlement: the entitlement of (%s, %s, %s) overflows",
		    e->from, e->to, e->stream);
	return 0;
}

int
eiti_xfer_check(struct eiti_xfer *x, struct eiti_err *err)
{
	const struct eiti_manifest *m = x->m;
	size_t i, j;

	if (check_open(x, err) != 0)
		return -1;
	for (i = 0; i < m->nsharings; i++) {
		const struct eiti_sharing_decl *sh = &m->sharings[i];
		uint32_t id = names_find(&x->ents, sh->from, strlen(sh->from));

		if (id == NONE || !x->e[id].declared)
			eiti_finding(x->diags, EITI_RULE_XFER_PARTY, m->file,
			    sh->line, sh->col,
			    "sharing of %s by '%s': no disclosure of the "
			    "reconciliation declares entity '%s'",
			    sh->stream, sh->from, sh->from);
		for (j = 0; j < sh->nshares; j++) {
			const struct eiti_share_decl *s = &sh->shares[j];
			const struct xent *e;

			id = names_find(&x->ents, s->to, strlen(s->to));
			e = id != NONE ? &x->e[id] : NULL;
			if (e == NULL || !e->declared)
				eiti_finding(x->diags, EITI_RULE_XFER_PARTY,
				    m->file, s->line, s->col,
				    "share of '%s': no disclosure of the "
				    "reconciliation declares entity '%s'",
				    s->to, s->to);
			else if (strcmp(e->level, "regional") != 0 &&
				 strcmp(e->level, "municipal") != 0)
				eiti_finding(x->diags, EITI_RULE_XFER_LEVEL,
				    m->file, s->line, s->col,
				    "share of '%s': the recipient is declared "
				    "as a %s entity, not a regional or "
				    "municipal one",
				    s->to, e->level[0] ? e->level : "?");
		}
	}
	return 0;
}

bool
eiti_xfer_any(const struct eiti_xfer *x)
{
	return x->lines || x->m->nsharings > 0;
}

/* --- finish ----------------------------------------------------------------
 */

struct key_ord {
	const char *s;
	size_t len;
	uint32_t idx;
};

static int
cmp_key_ord(const void *pa, const void *pb)
{
	const struct key_ord *a = pa, *b = pb;
	int c = memcmp(a->s, b->s, a->len < b->len ? a->len : b->len);

	if (c != 0)
		return c;
	return a->len < b->len ? -1 : a->len > b->len;
}

static int
cmp_total(const void *pa, const void *pb)
{
	return strcmp(((const struct eiti_res_xfer_total *)pa)->key,
	    ((const struct eiti_res_xfer_total *)pb)->key);
}

static int
cmp_silent(const void *pa, const void *pb)
{
	return strcmp(((const struct eiti_res_xfer_silent *)pa)->id,
	    ((const struct eiti_res_xfer_silent *)pb)->id);
}

/* Add a row to a totals group; false on overflow. */
static bool
total_add(struct eiti_res_xfer_total *t, const struct eiti_res_xfer *w)
{
	int64_t a;

	t->keys++;
	t->count[w->status]++;
	if (w->has_e && !eiti_add(&t->e, t->e, w->e))
		return false;
	if (w->has_s && !eiti_add(&t->s, t->s, w->s))
		return false;
	if (w->has_r && !eiti_add(&t->r, t->r, w->r))
		return false;
	if (eiti_xfer_has_s_e(w) &&
	    (!eiti_add(&t->s_e, t->s_e, w->s_e) || !eiti_abs(&a, w->s_e) ||
		!eiti_add(&t->gross_s_e, t->gross_s_e, a)))
		return false;
	if (eiti_xfer_has_r_s(w) &&
	    (!eiti_add(&t->r_s, t->r_s, w->r_s) || !eiti_abs(&a, w->r_s) ||
		!eiti_add(&t->gross_r_s, t->gross_r_s, a)))
		return false;
	return true;
}

/* A figure computed by finish() does not fit: an XFER-OVERFLOW finding
 * located at the manifest (no line is to blame).  Returns 1. */
static int overflow(struct eiti_xfer *x, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static int
overflow(struct eiti_xfer *x, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	eiti_finding_v(
	    x->diags, EITI_RULE_XFER_OVERFLOW, x->m->file, 0, 0, fmt, ap);
	va_end(ap);
	return 1;
}

/* The figures, differences, margin and status of one key; 1 on an
 * overflow (a finding). */
static int
build_row(struct eiti_xfer *x, struct eiti_res_xfer *w, const struct xkey *k)
{
	int64_t abs_tol;
	struct eiti_decimal rel;
	bool within;

	w->has_e = (k->flags & K_E) != 0;
	w->has_s = (k->flags & K_S) != 0;
	w->has_r = (k->flags & K_R) != 0;
	w->formula = (k->flags & K_FORMULA) != 0;
	w->e = k->e;
	w->s = k->s;
	w->r = k->r;
	if ((eiti_xfer_has_s_e(w) && !eiti_sub(&w->s_e, k->s, k->e)) ||
	    (eiti_xfer_has_r_s(w) && !eiti_sub(&w->r_s, k->r, k->s)))
		return overflow(x,
		    "the difference of transfer key (%s, %s, %s) overflows",
		    w->from_id, w->to_id, w->stream);
	/* the margin of variance, |S| as the reference figure, with the
	 * recipient's (stream, entity) override */
	eiti_manifest_tolerance(x->m, w->stream, w->to_id, &abs_tol, &rel);
	if (!eiti_tolerance_value(&w->tolerance, abs_tol, &rel, k->s))
		return overflow(x,
		    "the tolerance of transfer key (%s, %s, %s) overflows",
		    w->from_id, w->to_id, w->stream);
	within = (!eiti_xfer_has_s_e(w) ||
		     eiti_within_tolerance(w->s_e, abs_tol, &rel, k->s)) &&
		 (!eiti_xfer_has_r_s(w) ||
		     eiti_within_tolerance(w->r_s, abs_tol, &rel, k->s));
	if (w->has_e && !w->has_s && !w->has_r)
		w->status = EITI_XS_NOT_TRANSFERRED;
	else if (!w->has_r)
		w->status = EITI_XS_RECEIPT_NOT_REPORTED;
	else if (!w->has_s)
		w->status = EITI_XS_TRANSFER_NOT_REPORTED;
	else if (w->s_e == 0 && w->r_s == 0)
		w->status = EITI_XS_MATCHED;
	else if (within)
		w->status = EITI_XS_WITHIN_TOLERANCE;
	else
		w->status = EITI_XS_DISCREPANCY;
	return 0;
}

/* The index of entity id, created undeclared if the input never
 * declared it (the validator does not let that happen; the engine does
 * not rely on it), with its strings copied into the results' arena a. */
static uint32_t
ent_of(struct eiti_xfer *x, const char *id, struct eiti_arena *a,
    const char **out_id)
{
	uint32_t i = entity_id(x, id);
	struct xent *e = &x->e[i];

	*out_id = names_out(&x->ents, i, a);
	if (e->out_name == NULL) {
		e->out_name = eiti_arena_strdup(a, e->name);
		e->out_region = eiti_arena_strdup(a, e->region);
	}
	return i;
}

static struct eiti_decimal
canon_rate(const struct eiti_decimal *d, char *buf)
{
	struct eiti_decimal out = *d;

	/* the shortest text, parsed back: what results.xml reads again */
	if (eiti_decimal_parse(&out, eiti_decimal_plain(buf, d)) !=
	    EITI_AMOUNT_OK)
		out = *d;
	return out;
}

static void
build_sharings(
    struct eiti_xfer *x, struct eiti_res_transfers *t, struct eiti_arena *a)
{
	const struct eiti_manifest *m = x->m;
	char buf[EITI_MONEY_BUFSZ];
	size_t i, j, n = 0;

	t->nsharings = m->nsharings;
	t->sharings =
	    eiti_arena_alloc(a, (m->nsharings + 1) * sizeof(*t->sharings));
	for (i = 0; i < m->nsharings; i++) {
		const struct eiti_sharing_decl *sh = &m->sharings[i];
		struct eiti_res_sharing *o = &t->sharings[i];
		uint32_t fi = ent_of(x, sh->from, a, &o->from);

		o->from_name = x->e[fi].out_name;
		o->stream = eiti_arena_strdup(a, sh->stream);
		o->currency = eiti_arena_strdup(a, sh->currency);
		o->currency_digits = sh->currency_digits;
		o->base = sh->base;
		o->basis =
		    eiti_arena_strdup(a, sh->basis != NULL ? sh->basis : "");
		o->nshares = sh->nshares;
		o->shares =
		    eiti_arena_alloc(a, (sh->nshares + 1) * sizeof(*o->shares));
		for (j = 0; j < sh->nshares; j++, n++) {
			struct eiti_res_share *s = &o->shares[j];
			uint32_t ti = ent_of(x, sh->shares[j].to, a, &s->to);

			s->rate = canon_rate(&sh->shares[j].rate, buf);
			s->rate_text = eiti_arena_strdup(
			    a, eiti_decimal_plain(buf, &s->rate));
			s->amount = x->share_amount[n];
			s->value = x->share_value[n];
			x->e[ti].covered = true;
		}
	}
}

/* Groups by recipient and by region, and the silent recipients; 1 on an
 * overflow (a finding). */
static int
build_groups(
    struct eiti_xfer *x, struct eiti_res_transfers *t, struct eiti_arena *a)
{
	struct eiti_res_xfer_total *rec = NULL, *reg = NULL;
	struct names regions;
	size_t nrec = 0, nreg = 0, i;
	int rc = 1;

	names_init(&regions);
	/* at most one group per row: size them by the rows */
	rec = eiti_xcalloc(t->nrows + 1, sizeof(*rec));
	reg = eiti_xcalloc(t->nrows + 1, sizeof(*reg));
	for (i = 0; i < t->nrows; i++) {
		const struct eiti_res_xfer *w = &t->rows[i];
		uint32_t ti = names_find(&x->ents, w->to_id, strlen(w->to_id));
		struct xent *e = &x->e[ti];
		struct eiti_res_xfer_total *g;
		bool created;
		uint32_t ri;

		if (e->grp < 0) {
			e->grp = (int32_t)nrec;
			rec[nrec].key = w->to_id;
			rec[nrec].name = w->to_name;
			nrec++;
		}
		g = &rec[e->grp];
		ri = names_add(
		    &regions, x->arena, w->region, strlen(w->region), &created);
		if (created) {
			reg[ri].key = w->region;
			reg[ri].name = "";
			nreg++;
		}
		if (!total_add(g, w) || !total_add(&reg[ri], w) ||
		    !total_add(&t->overall, w) ||
		    (w->has_s && !eiti_add(&e->s, e->s, w->s)) ||
		    (w->formula &&
			!eiti_add(&e->formula_e, e->formula_e, w->e))) {
			overflow(x,
			    "the transfer totals overflow at recipient '%s'",
			    w->to_id);
			goto out;
		}
		if (w->has_r)
			e->any_r = true;
	}
	qsort(rec, nrec, sizeof(*rec), cmp_total);
	qsort(reg, nreg, sizeof(*reg), cmp_total);
	t->by_recipient = eiti_arena_alloc(a, (nrec + 1) * sizeof(*rec));
	memcpy(t->by_recipient, rec, nrec * sizeof(*rec));
	t->nby_recipient = nrec;
	t->by_region = eiti_arena_alloc(a, (nreg + 1) * sizeof(*reg));
	memcpy(t->by_region, reg, nreg * sizeof(*reg));
	t->nby_region = nreg;

	/* recipients of a formula that declared no receipt at all */
	t->silent = eiti_arena_alloc(a, (x->ents.n + 1) * sizeof(*t->silent));
	for (i = 0; i < x->ents.n; i++) {
		const struct xent *e = &x->e[i];
		struct eiti_res_xfer_silent *s;

		if (!e->covered || e->any_r)
			continue;
		s = &t->silent[t->nsilent++];
		s->id = names_out(&x->ents, (uint32_t)i, a);
		s->name = e->out_name != NULL ? e->out_name : "";
		s->region = e->out_region != NULL ? e->out_region : "";
		s->e = e->formula_e;
		s->s = e->s;
	}
	qsort(t->silent, t->nsilent, sizeof(*t->silent), cmp_silent);
	rc = 0;
out:
	names_free(&regions);
	free(rec);
	free(reg);
	return rc;
}

int
eiti_xfer_finish(
    struct eiti_results *res, struct eiti_xfer *x, struct eiti_err *err)
{
	struct eiti_arena *a = res->arena;
	struct eiti_res_transfers *t;
	struct key_ord *ord = NULL;
	struct names streams;
	size_t i;
	int rc = 1;

	res->transfers = NULL;
	if (check_open(x, err) != 0)
		return -1;
	x->finished = true;
	if (!eiti_xfer_any(x))
		return 0;
	names_init(&streams);
	t = eiti_arena_alloc(a, sizeof(*t));
	t->overall.key = t->overall.name = "";
	build_sharings(x, t, a);

	ord = eiti_xcalloc(x->keys.n + 1, sizeof(*ord));
	for (i = 0; i < x->keys.n; i++) {
		ord[i].s = x->keys.v[i].s;
		ord[i].len = x->keys.v[i].len;
		ord[i].idx = (uint32_t)i;
	}
	qsort(ord, x->keys.n, sizeof(*ord), cmp_key_ord);
	t->nrows = x->keys.n;
	t->rows = eiti_arena_alloc(a, (t->nrows + 1) * sizeof(*t->rows));
	for (i = 0; i < t->nrows; i++) {
		struct eiti_res_xfer *w = &t->rows[i];
		const char *from, *to, *stream;
		uint32_t fi, ti, si;
		bool created;

		key_parts(&x->keys.v[ord[i].idx], &from, &to, &stream);
		fi = ent_of(x, from, a, &w->from_id);
		ti = ent_of(x, to, a, &w->to_id);
		w->from_name = x->e[fi].out_name;
		w->to_name = x->e[ti].out_name;
		w->region = x->e[ti].out_region;
		/* streams repeat on every row: one copy each */
		si = names_add(
		    &streams, x->arena, stream, strlen(stream), &created);
		w->stream = names_out(&streams, si, a);
		if (build_row(x, w, &x->k[ord[i].idx]) != 0)
			goto out;
	}
	rc = build_groups(x, t, a);
	if (rc == 0)
		res->transfers = t;
out:
	names_free(&streams);
	free(ord);
	return rc;
}
