/*
 * identity.c - who is who across the files of a reconciliation
 * (identity.h): the cross-file warnings IDENT-* and ADJ-PARTY.
 *
 * Declarations are few (hundreds of companies at most) and kept whole;
 * they are grouped by id and by name key through string maps, so each
 * check is one pass.  Payment ids are kept per reporter and file in the
 * validator's compact sets; a file's ids are looked up in the sets of the
 * reporter's earlier files only, and a pair of files gets one warning,
 * at the first id they share, counting the others.  So that memory stays
 * bounded whatever the size of the disclosures, at most
 * EITI_IDENTITY_MAX_IDS ids are kept (about 30 MiB): a repeat of an id
 * read after that is not seen.
 */
#include "config.h"

#include <ctype.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/arena.h"
#include "core/err.h"
#include "core/hash.h"
#include "core/suggest.h"
#include "validate/identity.h"
#include "validate/internal.h"

struct decl {
	const char *file, *id, *canon, *name, *key;
	const char *what, *region; /* sector, or level and region */
	enum eiti_role role;
	unsigned long line, col;
};

struct decls {
	struct decl *v;
	size_t n, cap;
};

/* The payment ids of one file of a reporter, and the first id it shares
 * with an earlier file of the same reporter. */
struct pfile {
	const char *file;
	struct vx_strset *ids;
	size_t repeats, other; /* count; the earlier file (index) */
	const char *first_id;
	unsigned long line, col, other_line;
};

struct reporter {
	struct pfile *v;
	size_t n, cap;
};

struct eiti_identity {
	const struct eiti_manifest *m;
	struct eiti_arena *arena;
	struct eiti_strmap *alias;     /* alias name -> canonical id */
	struct eiti_strmap *reporters; /* reporter -> struct reporter */
	struct decls co, en;
	const char *last_file; /* the file of the last item seen */
	size_t nfiles;
	size_t nids; /* payment ids kept, at most EITI_IDENTITY_MAX_IDS */
};

static const char *const legal_forms[] = {"sa", "sas", "saa", "sac", "ltda",
    "ltd", "limited", "inc", "incorporated", "llc", "corp", "corporation", "co",
    "plc", "srl", "sl", "spa", "gmbh", "ag", "bv", "nv", "eirl", "cia", "sab",
    "de", "cv", "pte", "pty", "lp", "llp", NULL};

static bool
legal_form(const char *w, size_t n)
{
	size_t i;

	for (i = 0; legal_forms[i] != NULL; i++)
		if (strlen(legal_forms[i]) == n &&
		    memcmp(legal_forms[i], w, n) == 0)
			return true;
	return false;
}

/* Append word w[0..n) to out (o bytes used), a space before it unless it
 * joins a run of one-letter words. */
static size_t
put_word(
    char *out, size_t size, size_t o, const char *w, size_t n, bool *single)
{
	bool join = *single && n == 1;

	*single = n == 1;
	if (o > 0 && !join && o + 1 < size)
		out[o++] = ' ';
	if (o + n >= size)
		n = size - o - 1;
	memcpy(out + o, w, n);
	return o + n;
}

void
eiti_company_name_key(char *out, size_t size, const char *name)
{
	char norm[512], words[sizeof(norm) + 2];
	size_t i, o = 0, n;
	bool single = false;

	n = eiti_norm(norm, sizeof(norm), name, strlen(name));
	/* Letters and digits (and bytes of other scripts) make words; '.'
	 * and apostrophes vanish ("S.A.S." is "sas"); the rest separates. */
	for (i = 0; i < n;) {
		size_t start = o;

		while (i < n && !isalnum((unsigned char)norm[i]) &&
		       (unsigned char)norm[i] < 0x80)
			i++;
		for (; i < n; i++) {
			unsigned char c = (unsigned char)norm[i];

			if (c == '.' || c == '\'')
				continue;
			if (!isalnum(c) && c < 0x80)
				break;
			words[o++] = (char)c;
		}
		if (o == start)
			break;
		words[o++] = ' ';
	}
	words[o] = '\0';
	/* Join one-letter runs, then drop trailing legal forms. */
	o = 0;
	out[0] = '\0';
	for (i = 0; words[i] != '\0';) {
		size_t len = strcspn(words + i, " ");

		o = put_word(out, size, o, words + i, len, &single);
		i += len;
		while (words[i] == ' ')
			i++;
	}
	out[o] = '\0';
	for (;;) {
		char *sp = strrchr(out, ' ');

		if (sp == NULL || !legal_form(sp + 1, strlen(sp + 1)))
			break;
		*sp = '\0';
	}
}

struct eiti_identity *
eiti_identity_new(const struct eiti_manifest *m)
{
	struct eiti_identity *id = eiti_xcalloc(1, sizeof(*id));
	size_t i;

	id->m = m;
	id->arena = eiti_arena_new();
	id->alias = eiti_strmap_new();
	id->reporters = eiti_strmap_new();
	for (i = 0; m != NULL && i < m->naliases; i++) {
		struct eiti_strmap_entry *e =
		    eiti_strmap_add(id->alias, m->aliases[i].name, NULL);

		if (e->value == NULL)
			e->value = (void *)m->aliases[i].id;
	}
	return id;
}

void
eiti_identity_free(struct eiti_identity *id)
{
	size_t i, j;

	if (id == NULL)
		return;
	for (i = 0; i < eiti_strmap_count(id->reporters); i++) {
		struct reporter *r = eiti_strmap_at(id->reporters, i)->value;

		for (j = 0; j < r->n; j++)
			vx_strset_free(r->v[j].ids);
		free(r->v);
		free(r);
	}
	eiti_strmap_free(id->reporters);
	eiti_strmap_free(id->alias);
	free(id->co.v);
	free(id->en.v);
	eiti_arena_free(id->arena);
	free(id);
}

static const char *
canon(const struct eiti_identity *id, const char *company)
{
	const struct eiti_strmap_entry *e =
	    eiti_strmap_find(id->alias, company);

	return e != NULL ? e->value : company;
}

/* The file of h, kept once for as long as its items come in order. */
static const char *
file_of(struct eiti_identity *id, const struct eiti_disclosure_hdr *h)
{
	const char *f = h->file != NULL ? h->file : "-";

	if (id->last_file == NULL || strcmp(id->last_file, f) != 0) {
		id->last_file = eiti_arena_strdup(id->arena, f);
		id->nfiles++;
	}
	return id->last_file;
}

static const char *
keep(struct eiti_identity *id, const char *s)
{
	return eiti_arena_strdup(id->arena, s);
}

static struct decl *
add_decl(struct decls *d)
{
	if (d->n == d->cap) {
		d->cap = d->cap ? 2 * d->cap : 32;
		d->v = eiti_xrealloc(d->v, d->cap * sizeof(*d->v));
	}
	memset(&d->v[d->n], 0, sizeof(d->v[0]));
	return &d->v[d->n++];
}

void
eiti_identity_company(struct eiti_identity *id,
    const struct eiti_disclosure_hdr *h, const struct eiti_company_decl *c)
{
	char key[256];
	struct decl *d;

	if (c->id == NULL || c->id[0] == '\0')
		return;
	d = add_decl(&id->co);
	d->file = file_of(id, h);
	d->id = keep(id, c->id);
	d->canon = keep(id, canon(id, c->id));
	d->name = keep(id, c->name != NULL ? c->name : "");
	eiti_company_name_key(key, sizeof(key), d->name);
	d->key = keep(id, key);
	d->what = keep(id, c->sector);
	d->role = h->role;
	d->line = c->line;
	d->col = c->col;
}

void
eiti_identity_entity(struct eiti_identity *id,
    const struct eiti_disclosure_hdr *h, const struct eiti_entity_decl *e)
{
	char key[256];
	struct decl *d;

	if (e->id == NULL || e->id[0] == '\0')
		return;
	d = add_decl(&id->en);
	d->file = file_of(id, h);
	d->id = keep(id, e->id);
	d->canon = d->id;
	d->name = keep(id, e->name != NULL ? e->name : "");
	eiti_company_name_key(key, sizeof(key), d->name);
	d->key = keep(id, key);
	d->what = keep(id, e->level);
	d->region = keep(id, e->region);
	d->role = h->role;
	d->line = e->line;
	d->col = e->col;
}

size_t
eiti_identity_files(const struct eiti_identity *id)
{
	return id->nfiles;
}

/* The set of the payment ids of the reporter's current file. */
static struct pfile *
payment_file(struct eiti_identity *id, const struct eiti_disclosure_hdr *h,
    struct reporter **rout)
{
	const char *file = file_of(id, h);
	struct eiti_strmap_entry *e;
	struct reporter *r;
	struct pfile *f;
	bool added;

	e = eiti_strmap_add(id->reporters, h->reporter, &added);
	if (added) {
		e->key = keep(id, h->reporter);
		e->value = eiti_xcalloc(1, sizeof(struct reporter));
	}
	r = e->value;
	*rout = r;
	if (r->n > 0 && r->v[r->n - 1].file == file)
		return &r->v[r->n - 1];
	if (r->n == r->cap) {
		r->cap = r->cap ? 2 * r->cap : 4;
		r->v = eiti_xrealloc(r->v, r->cap * sizeof(*r->v));
	}
	f = &r->v[r->n++];
	memset(f, 0, sizeof(*f));
	f->file = file;
	f->ids = vx_strset_new_sequential();
	return f;
}

void
eiti_identity_payment(struct eiti_identity *id,
    const struct eiti_disclosure_hdr *h, const struct eiti_payment *p)
{
	struct reporter *r;
	struct pfile *f;
	size_t j;

	if (p->id == NULL || p->id[0] == '\0' || h->reporter == NULL)
		return;
	f = payment_file(id, h, &r);
	/* The reporter's earlier files: none for most. */
	for (j = 0; j + 1 < r->n; j++) {
		unsigned long line = vx_strset_line(r->v[j].ids, p->id);

		if (line == 0)
			continue;
		if (f->repeats++ == 0) {
			f->first_id = keep(id, p->id);
			f->line = p->line;
			f->col = p->col;
			f->other = j;
			f->other_line = line;
		}
		break;
	}
	if (id->nids < EITI_IDENTITY_MAX_IDS &&
	    vx_strset_add(f->ids, p->id, p->line) == 0)
		id->nids++;
}

/* --- the checks --------------------------------------------------------- */

static void
same_name(const struct decl *a, const struct decl *b, struct eiti_diags *diags)
{
	/* The government's id is the canonical one: it is the register. */
	const struct decl *c =
	    b->role == EITI_ROLE_GOVERNMENT && a->role != EITI_ROLE_GOVERNMENT
		? b
		: a;
	const struct decl *o = c == a ? b : a;
	const struct decl *pair[2] = {a, b};
	int k;

	for (k = 0; k < 2; k++) {
		const struct decl *x = pair[k], *y = pair[1 - k];

		eiti_finding(diags, EITI_RULE_IDENT_NAME, x->file, x->line,
		    x->col,
		    "company '%s' (\"%s\") has the name of company '%s' "
		    "(\"%s\") declared at %s:%lu: reconciled as two "
		    "companies; if they are one, add to the manifest: "
		    "<alias id=\"%s\" name=\"%s\"/>",
		    x->id, x->name, y->id, y->name, y->file, y->line, c->canon,
		    o->id);
	}
}

static void
differ(const struct decl *a, const struct decl *b, enum eiti_rule rule,
    const char *kind, const char *what, const char *va, const char *vb,
    struct eiti_diags *diags)
{
	const struct decl *pair[2] = {a, b};
	const char *val[2] = {va, vb};
	int k;

	for (k = 0; k < 2; k++)
		eiti_finding(diags, rule, pair[k]->file, pair[k]->line,
		    pair[k]->col,
		    "%s '%s' is declared with %s \"%s\" here and \"%s\" at "
		    "%s:%lu: one id, two %ss; correct the disclosure that is "
		    "wrong",
		    kind, pair[k]->id, what, val[k], val[1 - k],
		    pair[1 - k]->file, pair[1 - k]->line, what);
}

static bool
text_differs(const char *a, const char *b)
{
	if (a == NULL || b == NULL)
		return false; /* absent says nothing */
	return !eiti_norm_equal(a, b);
}

/* One id declared in two files: compare what they say. */
static void
compare_same_id(const struct decl *a, const struct decl *b, bool entity,
    struct eiti_diags *diags)
{
	enum eiti_rule rule =
	    entity ? EITI_RULE_IDENT_ENTITY : EITI_RULE_IDENT_COMPANY;
	const char *kind = entity ? "entity" : "company";

	if (strcmp(a->key, b->key) != 0)
		differ(a, b, rule, kind, "name", a->name, b->name, diags);
	if (text_differs(a->what, b->what))
		differ(a, b, rule, kind, entity ? "level" : "sector", a->what,
		    b->what, diags);
	if (entity && text_differs(a->region, b->region))
		differ(a, b, rule, kind, "region", a->region, b->region, diags);
}

static void
check_decls(const struct decls *d, bool entity, struct eiti_diags *diags)
{
	struct eiti_strmap *by_id = eiti_strmap_new();
	struct eiti_strmap *by_name = eiti_strmap_new();
	struct eiti_strmap *warned = eiti_strmap_new();
	size_t i;

	for (i = 0; i < d->n; i++) {
		const struct decl *x = &d->v[i];
		struct eiti_strmap_entry *e;
		bool added;

		e = eiti_strmap_add(by_id, x->id, &added);
		if (added)
			e->value = (void *)x;
		else if (((const struct decl *)e->value)->file != x->file)
			compare_same_id(e->value, x, entity, diags);
		if (entity || x->key[0] == '\0')
			continue;
		e = eiti_strmap_add(by_name, x->key, &added);
		if (added) {
			e->value = (void *)x;
		} else {
			const struct decl *f = e->value;

			/* once per pair of canonical ids */
			if (f->file != x->file &&
			    strcmp(f->canon, x->canon) != 0 &&
			    strcmp(f->id, x->id) != 0) {
				char pair[600];

				snprintf(pair, sizeof(pair), "%s\n%s", f->canon,
				    x->canon);
				e = eiti_strmap_add(
				    warned, eiti_xstrdup(pair), &added);
				if (added)
					same_name(f, x, diags);
			}
		}
	}
	for (i = 0; i < eiti_strmap_count(warned); i++)
		free((void *)eiti_strmap_at(warned, i)->key);
	eiti_strmap_free(warned);
	eiti_strmap_free(by_name);
	eiti_strmap_free(by_id);
}

static void
check_payments(const struct eiti_identity *id, struct eiti_diags *diags)
{
	size_t i, j;

	for (i = 0; i < eiti_strmap_count(id->reporters); i++) {
		const struct eiti_strmap_entry *e =
		    eiti_strmap_at(id->reporters, i);
		const struct reporter *r = e->value;

		for (j = 0; j < r->n; j++) {
			const struct pfile *f = &r->v[j];
			char more[64] = "";

			if (f->repeats == 0)
				continue;
			if (f->repeats > 1)
				snprintf(more, sizeof(more),
				    " (and %zu more %s)", f->repeats - 1,
				    f->repeats > 2 ? "ids" : "id");
			eiti_finding(diags, EITI_RULE_IDENT_PAYMENT, f->file,
			    f->line, f->col,
			    "payment id '%s' is also used at %s:%lu by the "
			    "same reporter '%s'%s: a payment disclosed in two "
			    "files is counted twice",
			    f->first_id, r->v[f->other].file, f->other_line,
			    e->key, more);
		}
	}
}

void
eiti_identity_check(struct eiti_identity *id, struct eiti_diags *diags)
{
	size_t i, j;

	check_decls(&id->co, false, diags);
	check_decls(&id->en, true, diags);
	check_payments(id, diags);
	/* The payment ids are not needed after: give their memory back. */
	for (i = 0; i < eiti_strmap_count(id->reporters); i++) {
		struct reporter *r = eiti_strmap_at(id->reporters, i)->value;

		for (j = 0; j < r->n; j++) {
			vx_strset_free(r->v[j].ids);
			r->v[j].ids = NULL;
		}
	}
}

/* --- ADJ-PARTY ---------------------------------------------------------- */

static bool
declared(const struct decls *d, const char *canon_id, bool by_canon)
{
	size_t i;

	for (i = 0; i < d->n; i++)
		if (strcmp(by_canon ? d->v[i].canon : d->v[i].id, canon_id) ==
		    0)
			return true;
	return false;
}

static void
party_finding(const struct decls *d, const struct eiti_adjustments *a,
    const struct eiti_adjustment_decl *it, const char *kind, const char *v,
    struct eiti_diags *diags)
{
	struct eiti_suggest sg;
	char list[600];
	size_t i;

	eiti_suggest_init(&sg, v);
	for (i = 0; i < d->n; i++)
		eiti_suggest_offer(&sg, d->v[i].id);
	eiti_suggest_closest(&sg, list, sizeof(list));
	eiti_suggest_free(&sg);
	eiti_finding(diags, EITI_RULE_ADJ_PARTY, a->file, it->line, it->col,
	    "%s %s/%s/%s: no disclosure of the reconciliation declares %s "
	    "'%s'%s%s%s",
	    it->is_explanation ? "explanation" : "adjustment", it->company,
	    it->entity, it->stream, kind, v, list[0] ? "; did you mean " : "",
	    list, list[0] ? "?" : "");
}

void
eiti_identity_parties(const struct eiti_identity *id,
    const struct eiti_adjustments *a, struct eiti_diags *diags)
{
	size_t i;

	for (i = 0; i < a->nitems; i++) {
		const struct eiti_adjustment_decl *it = &a->items[i];

		if (it->company != NULL && it->company[0] != '\0' &&
		    !declared(&id->co, canon(id, it->company), true))
			party_finding(
			    &id->co, a, it, "company", it->company, diags);
		if (it->entity != NULL && it->entity[0] != '\0' &&
		    !declared(&id->en, it->entity, false))
			party_finding(
			    &id->en, a, it, "entity", it->entity, diags);
	}
}
