/*
 * profile_load.c - import profiles (urn:eitirep:profile:1,
 * eitirep-profile(5)): schema, rules and eiti_profile_load().
 *
 * A profile is read like every other eitirep document - by the streaming
 * engine of xml.c, a DOCTYPE refused, validated against
 * schemas/profile.xsd, every finding located at the attribute it is
 * about - and copied into the plain-data struct eiti_profile
 * (model/profile.h) in one arena.  The rules beyond the schema (PROF-*,
 * listed in eitirep-profile(5)) make sure that everything the import
 * stage will look up exists: each {param} and if= names a declared
 * parameter (with an allowed value), each map= and number= a declared
 * map or number format, each column reference has exactly one of label
 * and letter, each row rule one test, each table a source of amounts.
 */
#include "config.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "core/arena.h"
#include "core/err.h"
#include "core/paths.h"
#include "core/suggest.h"
#include "model/profile.h"
#include "validate/internal.h"
#include "validate/validate.h"

/* A growing array of elements of one type. */
struct vec {
	void *v;
	size_t n, cap;
};

static void *
vec_push(struct vec *v, size_t size)
{
	void *e;

	if (v->n == v->cap) {
		v->cap = v->cap ? 2 * v->cap : 8;
		v->v = eiti_xrealloc(v->v, v->cap * size);
	}
	e = (char *)v->v + v->n * size;
	memset(e, 0, size);
	v->n++;
	return e;
}

static void *
vec_last(struct vec *v, size_t size)
{
	return v->n > 0 ? (char *)v->v + (v->n - 1) * size : NULL;
}

/* The parts of a table while it is read. */
struct tbuild {
	struct vec rules, columns, consts, amounts, ignores;
};

struct mbuild {
	struct vec entries;
};

struct pstate {
	struct eiti_arena *arena;
	struct eiti_profile *p;
	struct vec params, numbers, nils, maps, entities, companies, tables;
	struct vec mbuilds, tbuilds; /* parallel to maps and tables */
	struct vx_strset *param_names, *map_names, *number_names;

	/* text content of description and param */
	const char **text_target;
	struct vx_text text;
	bool in_map, in_table;
	bool has_amount_column; /* the current table */
};

void *
vx_profile_state_new(const char *path)
{
	struct pstate *s = eiti_xcalloc(1, sizeof(*s));
	char *dir;

	s->arena = eiti_arena_new();
	s->p = eiti_arena_alloc(s->arena, sizeof(*s->p));
	s->p->arena = s->arena;
	s->p->file = eiti_arena_strdup(s->arena, path);
	dir = eiti_path_dirname(path);
	s->p->dir = eiti_arena_strdup(s->arena, dir);
	free(dir);
	s->p->format = "auto";
	s->p->encoding = "utf-8";
	s->param_names = vx_strset_new();
	s->map_names = vx_strset_new();
	s->number_names = vx_strset_new();
	return s;
}

void
vx_profile_state_free(void *st)
{
	struct pstate *s = st;
	size_t i;

	if (s == NULL)
		return;
	if (s->p != NULL)
		eiti_arena_free(s->arena);
	for (i = 0; i < s->mbuilds.n; i++)
		free(((struct mbuild *)s->mbuilds.v)[i].entries.v);
	for (i = 0; i < s->tbuilds.n; i++) {
		struct tbuild *t = &((struct tbuild *)s->tbuilds.v)[i];

		free(t->rules.v);
		free(t->columns.v);
		free(t->consts.v);
		free(t->amounts.v);
		free(t->ignores.v);
	}
	free(s->params.v);
	free(s->numbers.v);
	free(s->nils.v);
	free(s->maps.v);
	free(s->entities.v);
	free(s->companies.v);
	free(s->tables.v);
	free(s->mbuilds.v);
	free(s->tbuilds.v);
	vx_text_free(&s->text);
	vx_strset_free(s->param_names);
	vx_strset_free(s->map_names);
	vx_strset_free(s->number_names);
	free(s);
}

static void *
freeze(struct eiti_arena *a, const struct vec *v, size_t size)
{
	return eiti_arena_memdup(a, v->v, v->n * size);
}

struct eiti_profile *
vx_profile_state_take(void *st)
{
	struct pstate *s = st;
	struct eiti_profile *p = s->p;
	struct eiti_arena *a = s->arena;
	size_t i;

	p->params = freeze(a, &s->params, sizeof(struct eiti_pparam));
	p->nparams = s->params.n;
	p->numbers = freeze(a, &s->numbers, sizeof(struct eiti_pnumber));
	p->nnumbers = s->numbers.n;
	p->nils = freeze(a, &s->nils, sizeof(const char *));
	p->nnils = s->nils.n;
	p->entities = freeze(a, &s->entities, sizeof(struct eiti_pparty));
	p->nentities = s->entities.n;
	p->companies = freeze(a, &s->companies, sizeof(struct eiti_pparty));
	p->ncompanies = s->companies.n;
	p->maps = freeze(a, &s->maps, sizeof(struct eiti_pmap));
	p->nmaps = s->maps.n;
	for (i = 0; i < p->nmaps; i++) {
		struct mbuild *m = &((struct mbuild *)s->mbuilds.v)[i];

		p->maps[i].entries =
		    freeze(a, &m->entries, sizeof(struct eiti_pmap_entry));
		p->maps[i].nentries = m->entries.n;
	}
	p->tables = freeze(a, &s->tables, sizeof(struct eiti_ptable));
	p->ntables = s->tables.n;
	for (i = 0; i < p->ntables; i++) {
		struct tbuild *t = &((struct tbuild *)s->tbuilds.v)[i];
		struct eiti_ptable *o = &p->tables[i];

		o->rules = freeze(a, &t->rules, sizeof(*o->rules));
		o->nrules = t->rules.n;
		o->columns = freeze(a, &t->columns, sizeof(*o->columns));
		o->ncolumns = t->columns.n;
		o->consts = freeze(a, &t->consts, sizeof(*o->consts));
		o->nconsts = t->consts.n;
		o->amounts = freeze(a, &t->amounts, sizeof(*o->amounts));
		o->namounts = t->amounts.n;
		o->ignores = freeze(a, &t->ignores, sizeof(*o->ignores));
		o->nignores = t->ignores.n;
	}
	s->p = NULL; /* the arena goes with it */
	return p;
}

void
eiti_profile_free(struct eiti_profile *p)
{
	if (p != NULL)
		eiti_arena_free(p->arena);
}

static const char *
keep(struct pstate *s, const char *v)
{
	return eiti_arena_strdup(s->arena, v);
}

/* ------------------------------------------------------------------ */
/* Rules                                                               */
/* ------------------------------------------------------------------ */

static struct eiti_pparam *
param_named(struct pstate *s, const char *name, size_t len)
{
	size_t i;

	for (i = 0; i < s->params.n; i++) {
		struct eiti_pparam *p = &((struct eiti_pparam *)s->params.v)[i];

		if (strlen(p->name) == len && strncmp(p->name, name, len) == 0)
			return p;
	}
	return NULL;
}

/* PROF-PARAM: every {NAME} in v, the value of attribute attr, names a
 * declared parameter; "{{" and "}}" are literal braces.  (Values are
 * passed in: vx_attr_raw() may be called once per attribute.) */
static bool
check_refs(struct vx_run *r, struct pstate *s, const char *attr, const char *v)
{
	const char *p, *e;

	if (v == NULL)
		return true;
	for (p = v; *p != '\0'; p++) {
		if (p[0] == '}' && p[1] == '}') {
			p++;
			continue;
		}
		if (p[0] == '}') {
			vx_attr_finding(r, EITI_RULE_PROF_PARAM, attr,
			    "'}' without '{' (write '}}' for a brace)");
			return false;
		}
		if (p[0] != '{')
			continue;
		if (p[1] == '{') {
			p++;
			continue;
		}
		e = strchr(p, '}');
		if (e == NULL) {
			vx_attr_finding(r, EITI_RULE_PROF_PARAM, attr,
			    "'{' without '}' (write '{{' for a brace)");
			return false;
		}
		if (param_named(s, p + 1, (size_t)(e - p - 1)) == NULL) {
			struct eiti_suggest sg;
			char name[80], list[300];
			size_t i, n = (size_t)(e - p - 1);

			snprintf(name, sizeof(name), "%.*s",
			    (int)(n < 70 ? n : 70), p + 1);
			eiti_suggest_init(&sg, name);
			for (i = 0; i < s->params.n; i++)
				eiti_suggest_offer(
				    &sg, ((struct eiti_pparam *)s->params.v)[i]
					     .name);
			eiti_suggest_list(&sg, list, sizeof(list));
			vx_attr_finding(r, EITI_RULE_PROF_PARAM, attr,
			    "{%s} is not a parameter of this profile%s%s", name,
			    list[0] ? "; did you mean " : "", list);
			eiti_suggest_free(&sg);
			return false;
		}
		p = e;
	}
	return true;
}

/* PROF-PARAM for if="NAME=V1|V2". */
static const char *
check_cond(struct vx_run *r, struct pstate *s)
{
	const char *v = vx_attr(r, "if"), *eq, *p, *e;
	struct eiti_pparam *par;

	if (v == NULL)
		return NULL;
	eq = strchr(v, '=');
	if (eq == NULL)
		return keep(s, v); /* the schema says it */
	par = param_named(s, v, (size_t)(eq - v));
	if (par == NULL) {
		vx_attr_finding(r, EITI_RULE_PROF_PARAM, "if",
		    "'%.*s' is not a parameter of this profile", (int)(eq - v),
		    v);
		return keep(s, v);
	}
	if (par->values != NULL)
		for (p = eq + 1;; p = e + 1) {
			e = strchr(p, '|');
			if (e == NULL)
				e = p + strlen(p);
			if (!eiti_profile_in_list(
				par->values, p, (size_t)(e - p))) {
				vx_attr_finding(r, EITI_RULE_PROF_PARAM, "if",
				    "'%.*s' is not a value of parameter "
				    "'%s' (%s)",
				    (int)(e - p), p, par->name, par->values);
				break;
			}
			if (*e == '\0')
				break;
		}
	return keep(s, v);
}

/* PROF-REF: a map= or number= names a declared one. */
static const char *
check_name_ref(struct vx_run *r, struct pstate *s, const char *attr,
    struct vx_strset *names, const char *what)
{
	const char *v = vx_attr(r, attr);

	if (v == NULL)
		return NULL;
	if (!vx_strset_has(names, v))
		vx_attr_finding(r, EITI_RULE_PROF_REF, attr,
		    "no %s named '%s' is declared before this table", what, v);
	return keep(s, v);
}

/* Column letters ("AT") to a 1-based index. */
static unsigned long
letters_index(const char *v)
{
	unsigned long n = 0;

	for (; *v >= 'A' && *v <= 'Z'; v++)
		n = n * 26 + (unsigned long)(*v - 'A' + 1);
	return n;
}

/* PROF-COLUMN: exactly one of label and letter. */
static void
colref(struct vx_run *r, struct pstate *s, struct eiti_pcolref *c)
{
	const char *label = vx_attr_raw(r, "label"),
		   *letter = vx_attr(r, "letter");

	if ((label == NULL) == (letter == NULL)) {
		vx_elem_finding(r, EITI_RULE_PROF_COLUMN,
		    label == NULL ? "names no column: give label or letter"
				  : "gives both label and letter: give one");
	}
	if (label != NULL && !check_refs(r, s, "label", label))
		label = NULL;
	c->label = label != NULL ? keep(s, label) : NULL;
	c->index = label == NULL && letter != NULL ? letters_index(letter) : 0;
}

static bool
is_true(const char *v)
{
	return v != NULL && (strcmp(v, "true") == 0 || strcmp(v, "1") == 0);
}

static unsigned long
ulong_attr(struct vx_run *r, const char *attr)
{
	const char *v = vx_attr(r, attr);
	unsigned long n = 0;

	if (v == NULL)
		return 0;
	for (; *v >= '0' && *v <= '9'; v++) {
		if (n > 10000000)
			return 10000000; /* the schema allows any; cap */
		n = n * 10 + (unsigned long)(*v - '0');
	}
	return n;
}

/* PROF-DATE: a date pattern has a year, a month and a day. */
static bool
date_pattern_ok(const char *v)
{
	return strstr(v, "YYYY") != NULL && strchr(v, 'M') != NULL &&
	       strchr(v, 'D') != NULL;
}

/* ------------------------------------------------------------------ */
/* Elements                                                            */
/* ------------------------------------------------------------------ */

static void
start_text(struct pstate *s, const char **target)
{
	s->text_target = target;
	s->text.len = 0;
}

static void
param(struct vx_run *r, struct pstate *s)
{
	struct eiti_pparam *p;
	const char *name = vx_attr(r, "name");
	unsigned long first;

	vx_labelf(r, "param '%s'", name != NULL ? name : "");
	if (name != NULL && (first = vx_strset_add(
				 s->param_names, name, vx_elem_line(r))) != 0) {
		vx_attr_finding(r, EITI_RULE_PROF_DUP, "name",
		    "a parameter of this name is declared on line %lu", first);
		return;
	}
	p = vec_push(&s->params, sizeof(*p));
	p->name = keep(s, name != NULL ? name : "");
	p->def = keep(s, vx_attr_raw(r, "default"));
	p->values = keep(s, vx_attr(r, "values"));
	p->description = "";
	p->line = vx_elem_line(r);
	if (p->def != NULL && p->values != NULL &&
	    !eiti_profile_in_list(p->values, p->def, strlen(p->def)))
		vx_attr_finding(r, EITI_RULE_PROF_PARAM, "default",
		    "default '%s' is not one of the values %s", p->def,
		    p->values);
	start_text(s, &p->description);
}

static void
disclosure(struct vx_run *r, struct pstate *s)
{
	static const char *const attrs[] = {"role", "country", "period-start",
	    "period-end", "reporter", "currency"};
	const char **dst[] = {&s->p->role, &s->p->country, &s->p->period_start,
	    &s->p->period_end, &s->p->reporter, &s->p->currency};
	size_t i;

	vx_labelf(r, "disclosure");
	s->p->disclosure_line = vx_elem_line(r);
	for (i = 0; i < sizeof(attrs) / sizeof(attrs[0]); i++) {
		*dst[i] = keep(s, vx_attr(r, attrs[i]));
		check_refs(r, s, attrs[i], *dst[i]);
	}
}

static void
reader(struct vx_run *r, struct pstate *s)
{
	const char *v;

	vx_labelf(r, "reader");
	if ((v = vx_attr(r, "format")) != NULL)
		s->p->format = keep(s, v);
	if ((v = vx_attr_raw(r, "delimiter")) != NULL)
		s->p->delimiter = strcmp(v, "tab") == 0 ? '\t' : v[0];
	if ((v = vx_attr_raw(r, "quote")) != NULL) {
		if (strcmp(v, "none") == 0)
			s->p->unquoted = true;
		else
			s->p->quote = v[0];
	}
	if ((v = vx_attr(r, "encoding")) != NULL)
		s->p->encoding = keep(s, v);
	s->p->sheet = keep(s, vx_attr(r, "sheet"));
	check_refs(r, s, "sheet", s->p->sheet);
	if ((s->p->delimiter != 0 && (unsigned char)s->p->delimiter >= 0x80) ||
	    (s->p->quote != 0 && (unsigned char)s->p->quote >= 0x80))
		vx_elem_finding(r, EITI_RULE_PROF_READER,
		    "the delimiter and the quote must be ASCII characters");
	if (s->p->delimiter != 0 && s->p->delimiter == s->p->quote)
		vx_elem_finding(r, EITI_RULE_PROF_READER,
		    "the delimiter and the quote are the same character");
}

static void
number(struct vx_run *r, struct pstate *s)
{
	struct eiti_pnumber *n;
	const char *name = vx_attr(r, "name"), *v;
	unsigned long first;

	vx_labelf(r, "number '%s'", name != NULL ? name : "");
	if (name != NULL && (first = vx_strset_add(s->number_names, name,
				 vx_elem_line(r))) != 0) {
		vx_attr_finding(r, EITI_RULE_PROF_DUP, "name",
		    "a number format of this name is declared on line %lu",
		    first);
		return;
	}
	n = vec_push(&s->numbers, sizeof(*n));
	n->name = keep(s, name != NULL ? name : "");
	v = vx_attr_raw(r, "decimal");
	n->decimal = v != NULL && strcmp(v, ",") == 0 ? ',' : '.';
	v = vx_attr_raw(r, "group");
	n->group = keep(s, v != NULL ? v : n->decimal == ',' ? "." : ",");
	n->scale = (int)ulong_attr(r, "scale");
	n->round = is_true(vx_attr(r, "round"));
	n->dash_is_zero = is_true(vx_attr(r, "dash-is-zero"));
	n->symbols = keep(s, vx_attr_raw(r, "symbols"));
	n->line = vx_elem_line(r);
	if (strchr(n->group, n->decimal) != NULL)
		vx_attr_finding(r, EITI_RULE_PROF_NUMBER, "group",
		    "the decimal separator '%c' is also a grouping separator",
		    n->decimal);
	if (strpbrk(n->group, "0123456789+-") != NULL)
		vx_attr_finding(r, EITI_RULE_PROF_NUMBER, "group",
		    "a digit or a sign cannot be a grouping separator");
}

static void
nil(struct vx_run *r, struct pstate *s)
{
	const char **n = vec_push(&s->nils, sizeof(*n));
	const char *v = vx_attr_raw(r, "value");

	*n = keep(s, v != NULL ? v : "");
}

static void
map(struct vx_run *r, struct pstate *s)
{
	struct eiti_pmap *m;
	const char *name = vx_attr(r, "name");
	unsigned long first;

	vx_labelf(r, "map '%s'", name != NULL ? name : "");
	s->in_map = false;
	if (name != NULL &&
	    (first = vx_strset_add(s->map_names, name, vx_elem_line(r))) != 0) {
		vx_attr_finding(r, EITI_RULE_PROF_DUP, "name",
		    "a map of this name is declared on line %lu", first);
		return;
	}
	m = vec_push(&s->maps, sizeof(*m));
	vec_push(&s->mbuilds, sizeof(struct mbuild));
	m->name = keep(s, name != NULL ? name : "");
	m->href = keep(s, vx_attr(r, "href"));
	m->def = keep(s, vx_attr_raw(r, "default"));
	m->line = vx_elem_line(r);
	s->in_map = true;
}

static void
entry(struct vx_run *r, struct pstate *s)
{
	struct mbuild *mb = vec_last(&s->mbuilds, sizeof(*mb));
	struct eiti_pmap_entry *e;

	if (!s->in_map || mb == NULL)
		return;
	e = vec_push(&mb->entries, sizeof(*e));
	e->from = keep(s, vx_attr_raw(r, "from"));
	e->to = keep(s, vx_attr_raw(r, "to"));
	e->line = vx_elem_line(r);
	if (e->from == NULL)
		e->from = "";
	if (e->to == NULL)
		e->to = "";
}

static void
party(struct vx_run *r, struct pstate *s, bool is_entity)
{
	struct eiti_pparty *p =
	    vec_push(is_entity ? &s->entities : &s->companies, sizeof(*p));
	const char *kattr = is_entity ? "level" : "sector";
	const char *xattr = is_entity ? "region" : "commodity";

	vx_labelf(r, "%s '%s'", is_entity ? "entity" : "company",
	    vx_attr(r, "id") != NULL ? vx_attr(r, "id") : "");
	p->id = keep(s, vx_attr(r, "id"));
	p->name = keep(s, vx_attr(r, "name"));
	p->kind = keep(s, vx_attr(r, kattr));
	p->extra = keep(s, vx_attr(r, xattr));
	check_refs(r, s, "id", p->id);
	check_refs(r, s, "name", p->name);
	check_refs(r, s, kattr, p->kind);
	check_refs(r, s, xattr, p->extra);
	p->line = vx_elem_line(r);
}

static void
table(struct vx_run *r, struct pstate *s)
{
	struct eiti_ptable *t = vec_push(&s->tables, sizeof(*t));
	const char *item = vx_attr(r, "item");

	vec_push(&s->tbuilds, sizeof(struct tbuild));
	vx_labelf(r, "table");
	t->sheet = keep(s, vx_attr(r, "sheet"));
	check_refs(r, s, "sheet", t->sheet);
	t->totals = item != NULL && strcmp(item, "total") == 0;
	t->within = 20;
	t->line = vx_elem_line(r);
	s->in_table = true;
	s->has_amount_column = false;
}

static void
header(struct vx_run *r, struct pstate *s)
{
	struct eiti_ptable *t = vec_last(&s->tables, sizeof(*t));
	const char *u = vx_attr(r, "unknown");

	t->header_row = ulong_attr(r, "row");
	if (vx_attr(r, "within") != NULL)
		t->within = ulong_attr(r, "within");
	t->unknown_error = u != NULL && strcmp(u, "error") == 0;
}

static void
rule(struct vx_run *r, struct pstate *s, enum eiti_prule_kind kind)
{
	struct tbuild *tb = vec_last(&s->tbuilds, sizeof(*tb));
	struct eiti_prule *ru = vec_push(&tb->rules, sizeof(*ru));
	const char *name = vx_attr(r, "name");

	vx_labelf(r, "%s '%s'",
	    kind == EITI_PR_KEEP   ? "keep"
	    : kind == EITI_PR_SKIP ? "skip"
				   : "stop",
	    name != NULL ? name : "");
	ru->kind = kind;
	ru->name = keep(s, name != NULL ? name : "");
	colref(r, s, &ru->ref);
	ru->map = check_name_ref(r, s, "map", s->map_names, "map");
	ru->is = keep(s, vx_attr_raw(r, "is"));
	check_refs(r, s, "is", ru->is);
	ru->empty = is_true(vx_attr(r, "empty"));
	ru->cond = check_cond(r, s);
	ru->line = vx_elem_line(r);
	if ((ru->is != NULL) == ru->empty)
		vx_elem_finding(r, EITI_RULE_PROF_RULE,
		    ru->empty ? "tests both is= and empty=: give one"
			      : "tests nothing: give is=\"PATTERN\" or "
				"empty=\"true\"");
}

static void
column(struct vx_run *r, struct pstate *s)
{
	struct tbuild *tb = vec_last(&s->tbuilds, sizeof(*tb));
	struct eiti_pcolumn *c = vec_push(&tb->columns, sizeof(*c));
	const char *field = vx_attr(r, "field");
	int f = field != NULL ? eiti_pfield_parse(field) : -1;

	vx_labelf(r, "column '%s'",
	    vx_attr(r, "label") != NULL	   ? vx_attr(r, "label")
	    : vx_attr(r, "letter") != NULL ? vx_attr(r, "letter")
					   : "");
	colref(r, s, &c->ref);
	c->field = f >= 0 ? (enum eiti_pfield)f : EITI_PF_NOTE;
	c->map = check_name_ref(r, s, "map", s->map_names, "map");
	c->generate = keep(s, vx_attr(r, "generate"));
	c->number =
	    check_name_ref(r, s, "number", s->number_names, "number format");
	c->date = keep(s, vx_attr_raw(r, "date"));
	c->optional = is_true(vx_attr(r, "optional"));
	c->cond = check_cond(r, s);
	c->line = vx_elem_line(r);
	if (c->generate != NULL && f != EITI_PF_COMPANY && f != EITI_PF_ENTITY)
		vx_attr_finding(r, EITI_RULE_PROF_FIELD, "generate",
		    "only company and entity ids are generated, not %s", field);
	if (c->number != NULL && f != EITI_PF_AMOUNT)
		vx_attr_finding(r, EITI_RULE_PROF_FIELD, "number",
		    "a number format belongs to an amount column, not %s",
		    field);
	if (c->date != NULL && f != EITI_PF_DATE)
		vx_attr_finding(r, EITI_RULE_PROF_FIELD, "date",
		    "a date pattern belongs to a date column, not %s", field);
	if (c->date != NULL && f == EITI_PF_DATE && !date_pattern_ok(c->date))
		vx_attr_finding(r, EITI_RULE_PROF_DATE, "date",
		    "'%s' is not a date pattern: it needs YYYY, M or MM and D "
		    "or DD",
		    c->date);
	if (f == EITI_PF_AMOUNT && c->cond == NULL)
		s->has_amount_column = true;
}

static void
constant(struct vx_run *r, struct pstate *s)
{
	struct tbuild *tb = vec_last(&s->tbuilds, sizeof(*tb));
	struct eiti_pconst *c = vec_push(&tb->consts, sizeof(*c));
	const char *field = vx_attr(r, "field");
	int f = field != NULL ? eiti_pfield_parse(field) : -1;

	vx_labelf(r, "const %s", field != NULL ? field : "");
	c->field = f >= 0 ? (enum eiti_pfield)f : EITI_PF_NOTE;
	c->value = keep(s, vx_attr_raw(r, "value"));
	check_refs(r, s, "value", c->value);
	if (c->value == NULL)
		c->value = "";
	c->cond = check_cond(r, s);
	c->line = vx_elem_line(r);
	if (f == EITI_PF_AMOUNT)
		vx_attr_finding(r, EITI_RULE_PROF_FIELD, "field",
		    "an amount comes from the table, never from the profile");
}

static void
amount(struct vx_run *r, struct pstate *s)
{
	struct tbuild *tb = vec_last(&s->tbuilds, sizeof(*tb));
	struct eiti_pamount *a = vec_push(&tb->amounts, sizeof(*a));

	vx_labelf(r, "amount '%s'",
	    vx_attr(r, "label") != NULL	   ? vx_attr(r, "label")
	    : vx_attr(r, "letter") != NULL ? vx_attr(r, "letter")
					   : "");
	colref(r, s, &a->ref);
	a->side = keep(s, vx_attr(r, "side"));
	a->stream = keep(s, vx_attr(r, "stream"));
	a->entity = keep(s, vx_attr(r, "entity"));
	check_refs(r, s, "side", a->side);
	check_refs(r, s, "stream", a->stream);
	check_refs(r, s, "entity", a->entity);
	a->number =
	    check_name_ref(r, s, "number", s->number_names, "number format");
	a->optional = is_true(vx_attr(r, "optional"));
	a->cond = check_cond(r, s);
	a->line = vx_elem_line(r);
	if (a->side != NULL && strchr(a->side, '{') == NULL &&
	    strcmp(a->side, "company") != 0 &&
	    strcmp(a->side, "government") != 0)
		vx_attr_finding(r, EITI_RULE_PROF_FIELD, "side",
		    "side '%s' is not company or government", a->side);
}

static void
ignore(struct vx_run *r, struct pstate *s)
{
	struct tbuild *tb = vec_last(&s->tbuilds, sizeof(*tb));
	struct eiti_pignore *g = vec_push(&tb->ignores, sizeof(*g));

	vx_labelf(r, "ignore");
	colref(r, s, &g->ref);
	g->line = vx_elem_line(r);
}

static void
on_start(struct vx_run *r)
{
	struct pstate *s = r->ud;
	const char *l = r->el.local;

	if (!r->el.ours)
		return;
	if (r->el.depth == 2) {
		s->in_map = false;
		s->in_table = false;
		if (strcmp(l, "param") == 0)
			param(r, s);
		else if (strcmp(l, "description") == 0)
			start_text(s, &s->p->description);
		else if (strcmp(l, "disclosure") == 0)
			disclosure(r, s);
		else if (strcmp(l, "reader") == 0)
			reader(r, s);
		else if (strcmp(l, "number") == 0)
			number(r, s);
		else if (strcmp(l, "nil") == 0)
			nil(r, s);
		else if (strcmp(l, "map") == 0)
			map(r, s);
		else if (strcmp(l, "entity") == 0)
			party(r, s, true);
		else if (strcmp(l, "company") == 0)
			party(r, s, false);
		else if (strcmp(l, "table") == 0)
			table(r, s);
		return;
	}
	if (r->el.depth != 3)
		return;
	if (s->in_map && strcmp(l, "entry") == 0) {
		entry(r, s);
		return;
	}
	if (!s->in_table)
		return;
	if (strcmp(l, "header") == 0)
		header(r, s);
	else if (strcmp(l, "keep") == 0)
		rule(r, s, EITI_PR_KEEP);
	else if (strcmp(l, "skip") == 0)
		rule(r, s, EITI_PR_SKIP);
	else if (strcmp(l, "stop") == 0)
		rule(r, s, EITI_PR_STOP);
	else if (strcmp(l, "column") == 0)
		column(r, s);
	else if (strcmp(l, "const") == 0)
		constant(r, s);
	else if (strcmp(l, "amount") == 0)
		amount(r, s);
	else if (strcmp(l, "ignore") == 0)
		ignore(r, s);
}

static void
on_text(struct vx_run *r, const char *text, int len)
{
	struct pstate *s = r->ud;

	/* The schema caps a text at 4000 characters. */
	if (s->text_target != NULL)
		vx_text_add(&s->text, text, len);
}

static void
on_end(struct vx_run *r, const char *local, int depth)
{
	struct pstate *s = r->ud;

	if (depth == 2 && s->text_target != NULL) {
		/* descriptions wrap over several lines */
		*s->text_target = vx_collapse(
		    s->arena, s->text.len > 0 ? s->text.s : "", s->text.len);
		s->text_target = NULL;
	}
	if (depth == 2 && strcmp(local, "map") == 0 && s->in_map) {
		struct eiti_pmap *m = vec_last(&s->maps, sizeof(*m));
		struct mbuild *mb = vec_last(&s->mbuilds, sizeof(*mb));

		if (m != NULL && m->href == NULL && mb->entries.n == 0 &&
		    m->def == NULL)
			vx_elem_finding(r, EITI_RULE_PROF_MAP,
			    "map '%s' is empty: give entries, href or a "
			    "default",
			    m->name);
		s->in_map = false;
	}
	if (depth == 2 && strcmp(local, "table") == 0 && s->in_table) {
		struct tbuild *tb = vec_last(&s->tbuilds, sizeof(*tb));

		if (tb->amounts.n == 0) {
			size_t i;
			bool any = false;

			for (i = 0; i < tb->columns.n; i++)
				if (((struct eiti_pcolumn *)tb->columns.v)[i]
					.field == EITI_PF_AMOUNT)
					any = true;
			if (!any)
				vx_elem_finding(r, EITI_RULE_PROF_AMOUNT,
				    "the table has no amount: give a column "
				    "with field=\"amount\" or amount "
				    "elements");
		} else if (s->has_amount_column) {
			vx_elem_finding(r, EITI_RULE_PROF_AMOUNT,
			    "the table has both an amount column and amount "
			    "elements: give one or the other");
		}
		s->in_table = false;
	}
}

const struct vx_ops vx_profile_ops = {on_start, on_end, on_text};

struct load_args {
	const char *path;
	void *state;
};

static const struct vx_ops *
ops_for(enum eiti_doc_kind kind, void *arg, void **ud)
{
	struct load_args *a = arg;

	(void)kind;
	a->state = vx_profile_state_new(a->path);
	*ud = a->state;
	return &vx_profile_ops;
}

int
eiti_profile_load(struct eiti_profile **out, const char *path,
    struct eiti_diags *diags, struct eiti_err *err)
{
	struct load_args a = {path, NULL};
	size_t before = diags->errors;
	enum eiti_doc_kind kind;
	int rc;

	*out = NULL;
	rc = vx_run_file(
	    &kind, path, path, EITI_DOC_PROFILE, ops_for, &a, diags, err);
	if (rc == 0 && (diags->errors > before || a.state == NULL))
		rc = 1;
	if (rc == 0)
		*out = vx_profile_state_take(a.state);
	vx_profile_state_free(a.state);
	return rc;
}
