/*
 * engine.c - a table through a profile into one disclosure (import.h).
 *
 * Per table of the profile: open it (table.h), find the header row by
 * its labels, resolve every column reference to a column number, then
 * for each data row apply the row rules, gather the fields from the
 * columns and constants, and make one item per amount cell.  Items are
 * handed on at once, in table order; an entity or company is handed on
 * just before the first item that names it (only its id is kept, to
 * declare it once).
 *
 * Mapped values are memoized per map and raw text, so the normalization
 * of a value (suggest.h) is done once however many rows repeat it; the
 * memo stops growing at MEMO_MAX entries, which bounds memory on tables
 * of unique values.
 */
#include "config.h"

#include <errno.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/arena.h"
#include "core/err.h"
#include "core/iso.h"
#include "core/money.h"
#include "core/paths.h"
#include "core/hash.h"
#include "core/sha256.h"
#include "core/suggest.h"
#include "import/import.h"
#include "import/number.h"
#include "import/table.h"

#define MEMO_MAX 65536
/* Tables of one profile: the table number lives in the high bits of an
 * item's line (line = table << LINE_SHIFT | row). */
#define LINE_SHIFT 40
#define ROW_MASK ((1ul << LINE_SHIFT) - 1)

/* ------------------------------------------------------------------ */
/* String maps (core/hash.h) whose keys are copied into an arena       */
/* ------------------------------------------------------------------ */

struct hmap {
	struct eiti_strmap *m; /* NULL until the first key */
};

/* The value stored for key, or NULL (*found says whether it is there). */
static const void *
hget(const struct hmap *m, const char *key, bool *found)
{
	struct eiti_strmap_entry *e =
	    m->m != NULL ? eiti_strmap_find(m->m, key) : NULL;

	if (found != NULL)
		*found = e != NULL;
	return e != NULL ? e->value : NULL;
}

static void
hput(struct hmap *m, struct eiti_arena *a, const char *key, const void *val)
{
	struct eiti_strmap_entry *e;
	bool added;

	if (m->m == NULL)
		m->m = eiti_strmap_new();
	e = eiti_strmap_add(m->m, key, &added);
	if (added)
		e->key = eiti_arena_strdup(a, key);
	e->value = (void *)val;
}

static void
hfree(struct hmap *m)
{
	eiti_strmap_free(m->m);
	m->m = NULL;
}

/* ------------------------------------------------------------------ */
/* The row pool: strings that live until the next row                  */
/* ------------------------------------------------------------------ */

/* Blocks of memory reset at every row, so that what a row makes (dates,
 * generated ids, notes) does not add up over millions of rows; a block
 * never moves, so earlier strings of the row stay valid. */
struct pool {
	struct pblock {
		struct pblock *next;
		size_t used, size;
		char data[];
	} * head;
};

#define POOL_BLOCK 65536

static char *
pool_alloc(struct pool *p, size_t n)
{
	struct pblock *b = p->head;

	if (b == NULL || b->size - b->used < n) {
		size_t size = n > POOL_BLOCK ? n : POOL_BLOCK;

		b = eiti_xmalloc(sizeof(*b) + size);
		b->size = size;
		b->used = 0;
		b->next = p->head;
		p->head = b;
	}
	b->used += n;
	return b->data + b->used - n;
}

static char *
pool_strndup(struct pool *p, const char *s, size_t n)
{
	char *d = pool_alloc(p, n + 1);

	memcpy(d, s, n);
	d[n] = '\0';
	return d;
}

/* Forget the row's strings: keep one block. */
static void
pool_reset(struct pool *p)
{
	struct pblock *b = p->head;

	if (b == NULL)
		return;
	while (b->next != NULL) {
		struct pblock *n = b->next;

		b->next = n->next;
		free(n);
	}
	b->used = 0;
}

static void
pool_free(struct pool *p)
{
	while (p->head != NULL) {
		struct pblock *n = p->head->next;

		free(p->head);
		p->head = n;
	}
}

/* ------------------------------------------------------------------ */
/* Patterns: normalized text, '*' wildcards, '|' alternatives           */
/* ------------------------------------------------------------------ */

struct pattern {
	char **alts; /* normalized */
	size_t n;
};

static bool
glob(const char *p, const char *s)
{
	const char *star = NULL, *back = NULL;

	while (*s != '\0') {
		if (*p == '*') {
			star = p++;
			back = s;
		} else if (*p == *s) {
			p++;
			s++;
		} else if (star != NULL) {
			p = star + 1;
			s = ++back;
		} else {
			return false;
		}
	}
	while (*p == '*')
		p++;
	return *p == '\0';
}

static void
pattern_init(struct pattern *pt, struct eiti_arena *a, const char *text)
{
	const char *p = text, *e;
	size_t n = 1, i = 0;

	for (e = text; *e != '\0'; e++)
		n += *e == '|';
	pt->alts = eiti_arena_alloc(a, n * sizeof(char *));
	for (;;) {
		size_t len;

		e = strchr(p, '|');
		len = e != NULL ? (size_t)(e - p) : strlen(p);
		pt->alts[i] = eiti_arena_alloc(a, 2 * len + 1);
		eiti_norm(pt->alts[i], 2 * len + 1, p, len);
		i++;
		if (e == NULL)
			break;
		p = e + 1;
	}
	pt->n = i;
}

/* norm: the text already normalized. */
static bool
pattern_match(const struct pattern *pt, const char *norm)
{
	size_t i;

	for (i = 0; i < pt->n; i++)
		if (glob(pt->alts[i], norm))
			return true;
	return false;
}

/* ------------------------------------------------------------------ */
/* State                                                               */
/* ------------------------------------------------------------------ */

/* A map ready for lookups. */
struct rmap {
	const char *name;
	const char *def;   /* default, or NULL */
	struct hmap exact; /* normalized from -> to */
	char **pat_from;   /* normalized patterns, in order */
	const char **pat_to;
	size_t npat, pat_cap;
	const char **keys; /* the froms as written, for suggestions */
	size_t nkeys, keys_cap;
	struct hmap memo; /* raw text -> to (NULL: unmapped) */
};

struct tcol {
	const struct eiti_pcolumn *pc;
	bool active;
	unsigned long col; /* 0: not in this table (optional) */
	struct rmap *map;
	struct eiti_numfmt nf;
	int scale;
	bool round;
};

struct tamount {
	const struct eiti_pamount *pa;
	bool active;
	unsigned long col;
	const char *stream, *entity; /* substituted; NULL: the row's */
	struct eiti_numfmt nf;
};

struct trule {
	const struct eiti_prule *pr;
	bool active;
	unsigned long col;
	struct rmap *map;
	struct pattern is;
	unsigned long count;
};

struct tref {
	const struct eiti_pcolref *ref;
	struct pattern label; /* when by label */
	unsigned long *col;   /* where the column number goes */
	bool required;
	bool many; /* may match several columns (ignore) */
	const char *what;
	unsigned long line; /* in the profile */
};

/* Where a field comes from in one table. */
struct fsrc {
	int kind; /* 0 none, 1 column, 2 constant */
	struct tcol *col;
	const char *value; /* constant, substituted */
};

struct ttable {
	const struct eiti_ptable *pt;
	unsigned index;
	struct tcol *cols;
	size_t ncols;
	struct tamount *amounts;
	size_t namounts;
	struct trule *rules;
	size_t nrules;
	unsigned long *ignore_cols;
	struct fsrc field[EITI_PF_N];
	struct tcol *amount_col; /* long layout */
	struct eiti_table *t;
	const char *sheet;
	bool by_label;
	unsigned long header_row;
	unsigned long maxcol;
	bool stopped;
	const char *stop_name;
	unsigned long stop_row;
};

struct eiti_import {
	const struct eiti_profile *p;
	struct eiti_arena *arena;
	const char *path, *name;
	struct hmap params;	 /* name -> value */
	char profile_sha256[65]; /* eiti_import_profile_sha256() */

	/* the disclosure, substituted */
	const char *role, *country, *period_start, *period_end, *reporter,
	    *currency;
	int currency_digits;

	struct rmap *maps;
	size_t nmaps;
	char **nils; /* normalized */
	const char **nil_text;
	unsigned long *nil_count;
	size_t nnils;
	bool blank_is_nil;
	size_t blank_nil; /* index of the "" marker */

	struct hmap decl_entities, decl_companies; /* id -> eiti_pparty */
	struct hmap entities, companies;	   /* ids declared so far */

	struct ttable *tables;
	size_t ntables;
	struct eiti_table_opts opts;

	const struct eiti_item_sink *sink; /* during eiti_import_run() */
	struct eiti_item_locator loc;

	/* counts */
	unsigned long rows, items, nil, skipped, rounded, bad;
	unsigned long first_round_line, first_round_col;
	char first_round_text[64];

	/* per-row scratch */
	struct pool row;
	const struct eiti_cell **bycol;
	size_t bycol_cap;
	char *scratch;
	size_t scratch_n, scratch_cap;

	struct eiti_diags *diags;
	struct eiti_err *err;
};

/* ------------------------------------------------------------------ */
/* Findings                                                            */
/* ------------------------------------------------------------------ */

/* Where (line, col) is, as findings print it after "FILE:": "Data!K17",
 * "17:3"; col 0 names the row ("Data!17:17", "17"). */
static void
where_of(struct eiti_import *im, unsigned long line, unsigned long col,
    char *buf, size_t size)
{
	unsigned tno = (unsigned)(line >> LINE_SHIFT);
	unsigned long row = line & ROW_MASK;
	struct eiti_row r;

	buf[0] = '\0';
	if (row == 0 || tno >= im->ntables || im->tables[tno].t == NULL)
		return;
	if (col > 0 && size >= 48 &&
	    eiti_table_format(im->tables[tno].t) == EITI_TABLE_CSV) {
		/* "17:5", as eiti_table_where() writes it, without printf:
		 * every payment of a CSV table is named so. */
		char tmp[48];
		size_t n = 0, o = 0;
		unsigned long v;

		for (v = col; v > 0; v /= 10)
			tmp[n++] = (char)('0' + v % 10);
		tmp[n++] = ':';
		for (v = row; v > 0; v /= 10)
			tmp[n++] = (char)('0' + v % 10);
		while (n > 0)
			buf[o++] = tmp[--n];
		buf[o] = '\0';
		return;
	}
	memset(&r, 0, sizeof(r));
	r.row = r.line = row;
	eiti_table_where(im->tables[tno].t, &r, col, buf, size);
}

static void
locator_where(
    void *ud, unsigned long line, unsigned long col, char *buf, size_t size)
{
	where_of(ud, line, col, buf, size);
}

/* A row in words, for messages ("id already used on row 17"). */
static void
locator_row(void *ud, unsigned long line, char *buf, size_t size)
{
	struct eiti_import *im = ud;
	unsigned tno = (unsigned)(line >> LINE_SHIFT);
	unsigned long row = line & ROW_MASK;
	const struct ttable *tt;
	const char *sheet;
	bool csv;

	buf[0] = '\0';
	if (row == 0 || tno >= im->ntables || im->tables[tno].t == NULL)
		return;
	tt = &im->tables[tno];
	csv = eiti_table_format(tt->t) == EITI_TABLE_CSV;
	sheet = eiti_table_sheet(tt->t);
	if (csv || sheet == NULL || im->ntables == 1)
		snprintf(buf, size, "%s %lu", csv ? "line" : "row", row);
	else
		snprintf(buf, size, "row %lu of sheet '%s'", row, sheet);
}

static void __attribute__((format(printf, 5, 6)))
finding(struct eiti_import *im, unsigned long line, unsigned long col,
    enum eiti_rule rule, const char *fmt, ...)
{
	char where[160], msg[2048];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	where_of(im, line, col, where, sizeof(where));
	eiti_finding_at(im->diags, rule, im->name, where, "%s", msg);
}

/* A finding about the profile itself (PROF-*), at its element. */
static void __attribute__((format(printf, 4, 5)))
prof_finding(struct eiti_import *im, unsigned long line, enum eiti_rule rule,
    const char *fmt, ...)
{
	char msg[2048];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	eiti_finding(im->diags, rule, im->p->file, line, 0, "%s", msg);
}

/* ------------------------------------------------------------------ */
/* Parameters                                                          */
/* ------------------------------------------------------------------ */

/* tmpl with every {NAME} replaced by its value ("{{"/"}}" are braces);
 * NULL stays NULL. */
static const char *
subst(struct eiti_import *im, const char *tmpl)
{
	size_t n = 0, cap;
	char *out;
	const char *p;

	if (tmpl == NULL || strpbrk(tmpl, "{}") == NULL)
		return tmpl;
	cap = strlen(tmpl) + 1;
	for (p = tmpl; *p != '\0'; p++)
		if (*p == '{') {
			const char *e = strchr(p, '}');

			if (e != NULL) {
				char name[80];
				const char *v;

				snprintf(name, sizeof(name), "%.*s",
				    (int)(e - p - 1 < 70 ? e - p - 1 : 70),
				    p + 1);
				v = hget(&im->params, name, NULL);
				cap += v != NULL ? strlen(v) : 0;
			}
		}
	out = eiti_arena_alloc(im->arena, cap);
	for (p = tmpl; *p != '\0'; p++) {
		if ((p[0] == '{' && p[1] == '{') ||
		    (p[0] == '}' && p[1] == '}')) {
			out[n++] = *p++;
			continue;
		}
		if (p[0] == '{') {
			const char *e = strchr(p, '}'), *v;
			char name[80];

			if (e == NULL)
				break;
			snprintf(name, sizeof(name), "%.*s",
			    (int)(e - p - 1 < 70 ? e - p - 1 : 70), p + 1);
			v = hget(&im->params, name, NULL);
			if (v != NULL) {
				memcpy(out + n, v, strlen(v));
				n += strlen(v);
			}
			p = e;
			continue;
		}
		out[n++] = *p;
	}
	out[n] = '\0';
	return out;
}

/* if="NAME=V1|V2" holds (no condition: true). */
static bool
cond_holds(struct eiti_import *im, const char *cond)
{
	const char *eq, *v;
	char name[80];

	if (cond == NULL)
		return true;
	eq = strchr(cond, '=');
	if (eq == NULL)
		return false;
	snprintf(name, sizeof(name), "%.*s",
	    (int)(eq - cond < 70 ? eq - cond : 70), cond);
	v = hget(&im->params, name, NULL);
	return v != NULL && eiti_profile_in_list(eq + 1, v, strlen(v));
}

static int
resolve_params(struct eiti_import *im, const struct eiti_import_param *given,
    size_t ngiven)
{
	const struct eiti_profile *p = im->p;
	size_t i, j;
	char missing[512];
	size_t nmiss = 0;

	for (i = 0; i < ngiven; i++) {
		const struct eiti_pparam *decl = NULL;

		for (j = 0; j < p->nparams && decl == NULL; j++)
			if (strcmp(p->params[j].name, given[i].name) == 0)
				decl = &p->params[j];
		if (decl == NULL) {
			struct eiti_suggest sg;
			char list[300];

			eiti_suggest_init(&sg, given[i].name);
			for (j = 0; j < p->nparams; j++)
				eiti_suggest_offer(&sg, p->params[j].name);
			eiti_suggest_list(&sg, list, sizeof(list));
			eiti_suggest_free(&sg);
			return eiti_err_set(im->err, EITI_ERR_CONFIG,
			    "import: the profile has no parameter '%s'%s%s",
			    given[i].name, list[0] ? "; did you mean " : "",
			    list);
		}
		if (decl->values != NULL &&
		    !eiti_profile_in_list(
			decl->values, given[i].value, strlen(given[i].value)))
			return eiti_err_set(im->err, EITI_ERR_CONFIG,
			    "import: parameter %s: '%s' is not one of %s",
			    decl->name, given[i].value, decl->values);
		hput(&im->params, im->arena, given[i].name,
		    eiti_arena_strdup(im->arena, given[i].value));
	}
	missing[0] = '\0';
	for (j = 0; j < p->nparams; j++) {
		if (hget(&im->params, p->params[j].name, NULL) != NULL)
			continue;
		if (p->params[j].def != NULL) {
			hput(&im->params, im->arena, p->params[j].name,
			    p->params[j].def);
			continue;
		}
		snprintf(missing + strlen(missing),
		    sizeof(missing) - strlen(missing), "%s%s",
		    nmiss > 0 ? ", " : "", p->params[j].name);
		nmiss++;
	}
	if (nmiss > 0)
		return eiti_err_set(im->err, EITI_ERR_CONFIG,
		    "import: the profile needs the parameter%s %s",
		    nmiss > 1 ? "s" : "", missing);
	return 0;
}

/* ------------------------------------------------------------------ */
/* Maps                                                                */
/* ------------------------------------------------------------------ */

static void
map_add(
    struct eiti_import *im, struct rmap *m, const char *from, const char *to)
{
	size_t n = strlen(from);
	char *norm = eiti_arena_alloc(im->arena, 2 * n + 1);

	eiti_norm(norm, 2 * n + 1, from, n);
	if (m->nkeys == m->keys_cap) {
		m->keys_cap = m->keys_cap ? 2 * m->keys_cap : 16;
		m->keys = eiti_xrealloc(m->keys, m->keys_cap * sizeof(char *));
	}
	m->keys[m->nkeys++] = eiti_arena_strdup(im->arena, from);
	if (strchr(norm, '*') != NULL) {
		if (m->npat == m->pat_cap) {
			m->pat_cap = m->pat_cap ? 2 * m->pat_cap : 8;
			m->pat_from = eiti_xrealloc(
			    m->pat_from, m->pat_cap * sizeof(char *));
			m->pat_to = eiti_xrealloc(
			    m->pat_to, m->pat_cap * sizeof(char *));
		}
		m->pat_from[m->npat] = norm;
		m->pat_to[m->npat] = eiti_arena_strdup(im->arena, to);
		m->npat++;
		return;
	}
	/* The first entry for a key wins, as a reader of the file expects. */
	if (hget(&m->exact, norm, NULL) == NULL)
		hput(&m->exact, im->arena, norm,
		    eiti_arena_strdup(im->arena, to));
}

/* Read a map's CSV file (header row, then from,to). Returns 0, 1 when
 * unreadable (finding), -1 on error. */
static int
map_load_file(
    struct eiti_import *im, struct rmap *m, const struct eiti_pmap *pm)
{
	struct eiti_table_opts o;
	struct eiti_table *t = NULL;
	const struct eiti_row *row;
	char *path = eiti_path_join(im->p->dir, pm->href);
	char *name = eiti_path_join(im->p->dir, pm->href);
	bool first = true;
	int rc;

	eiti_table_opts_init(&o);
	o.format = EITI_TABLE_CSV;
	rc = eiti_table_open(&t, path, name, &o, im->diags, im->err);
	if (rc != 0)
		goto out;
	while ((rc = eiti_table_next(t, &row, im->diags, im->err)) == 1) {
		if (first) {
			first = false;
			continue;
		}
		if (row->ncells < 2 || row->cells[0].len == 0) {
			char where[64];

			eiti_table_where(t, row, 1, where, sizeof(where));
			eiti_finding_at(im->diags, EITI_RULE_PROF_MAP, name,
			    where, "a map row needs two values, from and to");
			continue;
		}
		map_add(im, m, row->cells[0].text, row->cells[1].text);
	}
	if (rc == 0 && first) {
		eiti_finding_at(im->diags, EITI_RULE_PROF_MAP, name, NULL,
		    "the map file is empty: it needs a header row");
		rc = 1;
	}
out:
	eiti_table_free(t);
	free(path);
	free(name);
	return rc;
}

static void
rmap_free(struct rmap *m)
{
	hfree(&m->exact);
	hfree(&m->memo);
	free(m->pat_from);
	free(m->pat_to);
	free(m->keys);
}

static struct rmap *
map_named(struct eiti_import *im, const char *name)
{
	size_t i;

	if (name == NULL)
		return NULL;
	for (i = 0; i < im->nmaps; i++)
		if (strcmp(im->maps[i].name, name) == 0)
			return &im->maps[i];
	return NULL;
}

/* The value text maps to, or NULL when no entry matches (the map's
 * default is not applied here). */
static const char *
map_lookup(struct eiti_import *im, struct rmap *m, const char *text)
{
	char small[512], *norm = small;
	size_t n = strlen(text), i;
	const char *to;
	bool found;

	to = hget(&m->memo, text, &found);
	if (found)
		return to;
	if (2 * n + 1 > sizeof(small))
		norm = eiti_xmalloc(2 * n + 1);
	eiti_norm(norm, 2 * n + 1, text, n);
	to = hget(&m->exact, norm, NULL);
	for (i = 0; to == NULL && i < m->npat; i++)
		if (glob(m->pat_from[i], norm))
			to = m->pat_to[i];
	if (norm != small)
		free(norm);
	if (m->memo.m == NULL || eiti_strmap_count(m->memo.m) < MEMO_MAX)
		hput(&m->memo, im->arena, text, to);
	return to;
}

/* "; closest known: 'a', 'b' or 'c'" for text against m's keys.  Once
 * the table's findings are over the cap of findings shown, they are only
 * counted: the search is skipped (a million unmapped cells must not cost
 * a million searches). */
static void
closest(struct eiti_import *im, struct rmap *m, const char *text, char *buf,
    size_t size)
{
	struct eiti_suggest sg;
	char list[400];
	size_t i;

	buf[0] = '\0';
	if (im->diags->per_file_cap != 0 &&
	    eiti_diags_errors_in(im->diags, im->name) >=
		im->diags->per_file_cap)
		return;
	eiti_suggest_init(&sg, text);
	for (i = 0; i < m->nkeys; i++)
		eiti_suggest_offer(&sg, m->keys[i]);
	eiti_suggest_list(&sg, list, sizeof(list));
	eiti_suggest_free(&sg);
	if (list[0] != '\0')
		snprintf(buf, size, "; closest known: %s", list);
	else
		snprintf(buf, size, "; no known value is close");
}

/* ------------------------------------------------------------------ */
/* Opening                                                             */
/* ------------------------------------------------------------------ */

static const struct eiti_pnumber *
number_named(const struct eiti_profile *p, const char *name)
{
	size_t i;

	for (i = 0; name != NULL && i < p->nnumbers; i++)
		if (strcmp(p->numbers[i].name, name) == 0)
			return &p->numbers[i];
	return NULL;
}

static void
numfmt_of(struct eiti_numfmt *nf, const struct eiti_pnumber *pn)
{
	eiti_numfmt_init(nf);
	if (pn == NULL)
		return;
	nf->decimal = pn->decimal;
	nf->group = pn->group;
	nf->scale = pn->scale;
	nf->round = pn->round;
	nf->dash_is_zero = pn->dash_is_zero;
	if (pn->symbols != NULL)
		nf->symbols = pn->symbols;
}

/* Prepare table ti of the profile: conditions, sources of fields. */
static bool
prepare_columns(
    struct eiti_import *im, struct ttable *tt, const struct eiti_ptable *pt)
{
	size_t i;
	bool ok = true;

	tt->ncols = pt->ncolumns;
	tt->cols =
	    eiti_arena_alloc(im->arena, (pt->ncolumns + 1) * sizeof(*tt->cols));
	for (i = 0; i < pt->ncolumns; i++) {
		struct tcol *c = &tt->cols[i];
		struct fsrc *f;

		c->pc = &pt->columns[i];
		c->active = cond_holds(im, c->pc->cond);
		c->map = map_named(im, c->pc->map);
		numfmt_of(&c->nf, number_named(im->p, c->pc->number));
		if (!c->active)
			continue;
		if (c->pc->ref.label != NULL)
			tt->by_label = true;
		f = &tt->field[c->pc->field];
		if (f->kind != 0) {
			prof_finding(im, c->pc->line, EITI_RULE_PROF_FIELD,
			    "%s is given twice in this table (also on line "
			    "%lu)",
			    eiti_pfield_name(c->pc->field),
			    f->kind == 1 ? f->col->pc->line : 0ul);
			ok = false;
			continue;
		}
		f->kind = 1;
		f->col = c;
		if (c->pc->field == EITI_PF_AMOUNT)
			tt->amount_col = c;
	}
	return ok;
}

static bool
prepare_consts(
    struct eiti_import *im, struct ttable *tt, const struct eiti_ptable *pt)
{
	size_t i;
	bool ok = true;

	for (i = 0; i < pt->nconsts; i++) {
		const struct eiti_pconst *k = &pt->consts[i];

		if (!cond_holds(im, k->cond))
			continue;
		if (tt->field[k->field].kind != 0) {
			prof_finding(im, k->line, EITI_RULE_PROF_FIELD,
			    "%s is given twice in this table",
			    eiti_pfield_name(k->field));
			ok = false;
			continue;
		}
		tt->field[k->field].kind = 2;
		tt->field[k->field].value = subst(im, k->value);
	}
	return ok;
}

/* The amount elements (wide tables); after the columns, which they may
 * not contradict. */
static bool
prepare_amounts(
    struct eiti_import *im, struct ttable *tt, const struct eiti_ptable *pt)
{
	size_t i;
	bool ok = true;

	tt->namounts = pt->namounts;
	tt->amounts = eiti_arena_alloc(
	    im->arena, (pt->namounts + 1) * sizeof(*tt->amounts));
	for (i = 0; i < pt->namounts; i++) {
		struct tamount *a = &tt->amounts[i];
		const char *side;

		a->pa = &pt->amounts[i];
		side = subst(im, a->pa->side);
		a->active = cond_holds(im, a->pa->cond) &&
			    (side == NULL || strcmp(side, im->role) == 0);
		a->stream = subst(im, a->pa->stream);
		a->entity = subst(im, a->pa->entity);
		numfmt_of(&a->nf, number_named(im->p, a->pa->number));
		if (a->pa->ref.label != NULL)
			tt->by_label = true;
		if (a->active && a->stream != NULL &&
		    tt->field[EITI_PF_STREAM].kind != 0) {
			prof_finding(im, a->pa->line, EITI_RULE_PROF_FIELD,
			    "the stream is given both by this amount and by "
			    "the table");
			ok = false;
		}
		if (a->active && a->entity != NULL &&
		    tt->field[EITI_PF_ENTITY].kind != 0) {
			prof_finding(im, a->pa->line, EITI_RULE_PROF_FIELD,
			    "the entity is given both by this amount and by "
			    "the table");
			ok = false;
		}
	}
	return ok;
}

static void
prepare_rules(
    struct eiti_import *im, struct ttable *tt, const struct eiti_ptable *pt)
{
	size_t i;

	tt->nrules = pt->nrules;
	tt->rules =
	    eiti_arena_alloc(im->arena, (pt->nrules + 1) * sizeof(*tt->rules));
	for (i = 0; i < pt->nrules; i++) {
		struct trule *r = &tt->rules[i];

		r->pr = &pt->rules[i];
		r->active = cond_holds(im, r->pr->cond);
		r->map = map_named(im, r->pr->map);
		if (r->pr->is != NULL)
			pattern_init(&r->is, im->arena, subst(im, r->pr->is));
		if (r->pr->ref.label != NULL)
			tt->by_label = true;
	}
	tt->ignore_cols = eiti_arena_alloc(
	    im->arena, (pt->nignores + 1) * sizeof(unsigned long));
	for (i = 0; i < pt->nignores; i++)
		if (pt->ignores[i].ref.label != NULL)
			tt->by_label = true;
}

/* Whether every active amount element names what (its stream or its
 * entity: field), so that the table need not. */
static bool
amounts_name(const struct ttable *tt, enum eiti_pfield field)
{
	size_t i;

	if (tt->amount_col != NULL || tt->namounts == 0)
		return false;
	for (i = 0; i < tt->namounts; i++)
		if (tt->amounts[i].active &&
		    (field == EITI_PF_STREAM ? tt->amounts[i].stream
					     : tt->amounts[i].entity) == NULL)
			return false;
	return true;
}

/* What every item needs: an amount, a company (payments), an entity and
 * a stream. */
static bool
check_needs(
    struct eiti_import *im, struct ttable *tt, const struct eiti_ptable *pt)
{
	size_t i;
	bool ok = true, any = false;

	if (tt->amount_col != NULL) {
		for (i = 0; i < tt->namounts; i++)
			tt->amounts[i].active = false;
	} else {
		for (i = 0; i < tt->namounts; i++)
			any = any || tt->amounts[i].active;
		if (!any && pt->namounts == 0) {
			prof_finding(im, pt->line, EITI_RULE_PROF_AMOUNT,
			    "no column gives the amount with these "
			    "parameters");
			ok = false;
		}
	}
	if (!pt->totals && tt->field[EITI_PF_COMPANY].kind == 0) {
		prof_finding(im, pt->line, EITI_RULE_PROF_FIELD,
		    "nothing gives the company of a payment: map a column "
		    "to field=\"company\" or add a const");
		ok = false;
	}
	if (tt->field[EITI_PF_ENTITY].kind == 0 &&
	    !amounts_name(tt, EITI_PF_ENTITY)) {
		prof_finding(im, pt->line, EITI_RULE_PROF_FIELD,
		    "nothing gives the entity: map a column to "
		    "field=\"entity\", add a const or name it on each "
		    "amount");
		ok = false;
	}
	if (tt->field[EITI_PF_STREAM].kind == 0 &&
	    !amounts_name(tt, EITI_PF_STREAM)) {
		prof_finding(im, pt->line, EITI_RULE_PROF_FIELD,
		    "nothing gives the stream: map a column to "
		    "field=\"stream\", add a const or name it on each "
		    "amount");
		ok = false;
	}
	return ok;
}

static int
table_prepare(struct eiti_import *im, struct ttable *tt,
    const struct eiti_ptable *pt, unsigned index)
{
	bool ok;

	tt->pt = pt;
	tt->index = index;
	tt->sheet = subst(im, pt->sheet != NULL ? pt->sheet : im->p->sheet);
	ok = prepare_columns(im, tt, pt);
	ok = prepare_consts(im, tt, pt) && ok;
	ok = prepare_amounts(im, tt, pt) && ok;
	prepare_rules(im, tt, pt);
	ok = check_needs(im, tt, pt) && ok;
	return ok ? 0 : 1;
}

/* The profile digest: SHA-256 over the profile file's bytes, then the
 * bytes of the map file of each map that names one, in the profile's
 * order (eitirep-profile(5)). */
static int
profile_digest(struct eiti_import *im, struct eiti_err *err)
{
	struct eiti_sha256 h;
	size_t i;

	eiti_sha256_init(&h);
	if (eiti_sha256_update_file(&h, im->p->file, NULL, err) != 0)
		goto fail;
	for (i = 0; i < im->p->nmaps; i++) {
		const struct eiti_pmap *pm = &im->p->maps[i];
		char *path;
		int rc;

		if (pm->href == NULL)
			continue;
		path = eiti_path_join(im->p->dir, pm->href);
		rc = eiti_sha256_update_file(&h, path, NULL, err);
		free(path);
		if (rc != 0)
			goto fail;
	}
	eiti_sha256_final_hex(&h, im->profile_sha256);
	return 0;
fail:
	eiti_sha256_dispose(&h);
	return -1;
}

int
eiti_import_open(struct eiti_import **out, const struct eiti_profile *p,
    const char *path, const char *name, const struct eiti_import_param *params,
    size_t nparams, struct eiti_diags *diags, struct eiti_err *err)
{
	struct eiti_import *im = eiti_xcalloc(1, sizeof(*im));
	size_t i, before = diags->errors;
	int rc = -1;

	*out = NULL;
	im->p = p;
	im->arena = eiti_arena_new();
	im->path = eiti_arena_strdup(im->arena, path);
	im->name = eiti_arena_strdup(im->arena, name != NULL ? name : path);
	im->diags = diags;
	im->err = err;
	im->loc.file = im->name;
	im->loc.ud = im;
	im->loc.where = locator_where;
	im->loc.row = locator_row;
	if (resolve_params(im, params, nparams) != 0)
		goto out;

	im->role = subst(im, p->role);
	im->country = subst(im, p->country);
	im->period_start = subst(im, p->period_start);
	im->period_end = subst(im, p->period_end);
	im->reporter = subst(im, p->reporter);
	im->currency = subst(im, p->currency);
	im->currency_digits =
	    im->currency != NULL ? eiti_currency_digits(im->currency) : -1;

	/* maps */
	im->nmaps = p->nmaps;
	im->maps = eiti_xcalloc(p->nmaps + 1, sizeof(*im->maps));
	for (i = 0; i < p->nmaps; i++) {
		const struct eiti_pmap *pm = &p->maps[i];
		struct rmap *m = &im->maps[i];
		size_t j;

		m->name = pm->name;
		m->def = pm->def;
		for (j = 0; j < pm->nentries; j++)
			map_add(im, m, pm->entries[j].from, pm->entries[j].to);
		if (pm->href != NULL) {
			int mrc = map_load_file(im, m, pm);

			if (mrc < 0)
				goto out;
		}
	}

	/* nil markers */
	im->nnils = p->nnils;
	im->nils = eiti_arena_alloc(im->arena, (p->nnils + 1) * sizeof(char *));
	im->nil_text =
	    eiti_arena_alloc(im->arena, (p->nnils + 1) * sizeof(char *));
	im->nil_count =
	    eiti_arena_alloc(im->arena, (p->nnils + 1) * sizeof(unsigned long));
	for (i = 0; i < p->nnils; i++) {
		size_t n = strlen(p->nils[i]);

		im->nil_text[i] = p->nils[i];
		im->nils[i] = eiti_arena_alloc(im->arena, 2 * n + 1);
		eiti_norm(im->nils[i], 2 * n + 1, p->nils[i], n);
		if (im->nils[i][0] == '\0') {
			im->blank_is_nil = true;
			im->blank_nil = i;
		}
	}

	/* declared parties */
	for (i = 0; i < p->nentities; i++)
		hput(&im->decl_entities, im->arena,
		    subst(im, p->entities[i].id), &p->entities[i]);
	for (i = 0; i < p->ncompanies; i++)
		hput(&im->decl_companies, im->arena,
		    subst(im, p->companies[i].id), &p->companies[i]);

	/* reader options */
	eiti_table_opts_init(&im->opts);
	im->opts.format = strcmp(p->format, "csv") == 0	   ? EITI_TABLE_CSV
			  : strcmp(p->format, "xlsx") == 0 ? EITI_TABLE_XLSX
			  : strcmp(p->format, "ods") == 0  ? EITI_TABLE_ODS
							   : EITI_TABLE_AUTO;
	if (p->delimiter != 0)
		im->opts.delimiter = p->delimiter;
	if (p->quote != 0)
		im->opts.quote = p->quote;
	im->opts.unquoted = p->unquoted;
	im->opts.encoding =
	    strcmp(p->encoding, "windows-1252") == 0 ? EITI_ENC_WINDOWS_1252
	    : strcmp(p->encoding, "iso-8859-1") == 0 ? EITI_ENC_ISO_8859_1
						     : EITI_ENC_UTF8;

	im->ntables = p->ntables;
	im->tables = eiti_xcalloc(p->ntables + 1, sizeof(*im->tables));
	for (i = 0; i < p->ntables; i++)
		table_prepare(im, &im->tables[i], &p->tables[i], (unsigned)i);
	if (diags->errors > before) {
		rc = 1;
		goto out;
	}
	if (profile_digest(im, err) != 0)
		goto out;
	*out = im;
	im = NULL;
	rc = 0;
out:
	eiti_import_free(im);
	return rc;
}

const char *
eiti_import_profile_sha256(const struct eiti_import *im)
{
	return im->profile_sha256;
}

void
eiti_import_free(struct eiti_import *im)
{
	size_t i;

	if (im == NULL)
		return;
	for (i = 0; i < im->nmaps; i++)
		rmap_free(&im->maps[i]);
	free(im->maps);
	for (i = 0; i < im->ntables; i++)
		eiti_table_free(im->tables[i].t);
	free(im->tables);
	hfree(&im->params);
	hfree(&im->decl_entities);
	hfree(&im->decl_companies);
	hfree(&im->entities);
	hfree(&im->companies);
	free(im->bycol);
	pool_free(&im->row);
	free(im->scratch);
	eiti_arena_free(im->arena);
	free(im);
}

const struct eiti_item_locator *
eiti_import_locator(struct eiti_import *im)
{
	return &im->loc;
}

const char *
eiti_import_role(const struct eiti_import *im)
{
	return im->role;
}

/* ------------------------------------------------------------------ */
/* The header                                                          */
/* ------------------------------------------------------------------ */

/* Every column reference of tt, with where its column number goes. */
static size_t
table_refs(struct eiti_import *im, struct ttable *tt, struct tref **out)
{
	const struct eiti_ptable *pt = tt->pt;
	size_t n = tt->ncols + tt->namounts + tt->nrules + pt->nignores, k = 0,
	       i;
	struct tref *refs = eiti_xcalloc(n + 1, sizeof(*refs));

	for (i = 0; i < tt->ncols; i++, k++) {
		refs[k].ref = &tt->cols[i].pc->ref;
		refs[k].col = &tt->cols[i].col;
		refs[k].required =
		    tt->cols[i].active && !tt->cols[i].pc->optional;
		refs[k].what = "column";
		refs[k].line = tt->cols[i].pc->line;
	}
	for (i = 0; i < tt->namounts; i++, k++) {
		refs[k].ref = &tt->amounts[i].pa->ref;
		refs[k].col = &tt->amounts[i].col;
		refs[k].required =
		    tt->amounts[i].active && !tt->amounts[i].pa->optional;
		refs[k].what = "amount";
		refs[k].line = tt->amounts[i].pa->line;
	}
	for (i = 0; i < tt->nrules; i++, k++) {
		refs[k].ref = &tt->rules[i].pr->ref;
		refs[k].col = &tt->rules[i].col;
		refs[k].required = tt->rules[i].active;
		refs[k].what = "rule";
		refs[k].line = tt->rules[i].pr->line;
	}
	for (i = 0; i < pt->nignores; i++, k++) {
		refs[k].ref = &pt->ignores[i].ref;
		refs[k].col = &tt->ignore_cols[i];
		refs[k].many = true;
		refs[k].what = "ignore";
		refs[k].line = pt->ignores[i].line;
	}
	for (i = 0; i < k; i++) {
		if (refs[i].ref->label != NULL)
			pattern_init(&refs[i].label, im->arena,
			    subst(im, refs[i].ref->label));
		else
			*refs[i].col = refs[i].ref->index;
	}
	*out = refs;
	return k;
}

/* How many required labels row r holds. */
static size_t
header_score(struct eiti_import *im, const struct eiti_row *r,
    struct tref *refs, size_t nrefs, char **norms)
{
	size_t i, j, score = 0;

	(void)im;
	for (i = 0; i < nrefs; i++) {
		if (refs[i].ref->label == NULL || !refs[i].required)
			continue;
		for (j = 0; j < r->ncells; j++)
			if (norms[j] != NULL &&
			    pattern_match(&refs[i].label, norms[j])) {
				score++;
				break;
			}
	}
	return score;
}

static char **
row_norms(const struct eiti_row *r)
{
	char **n = eiti_xcalloc(r->ncells + 1, sizeof(char *));
	size_t j;

	for (j = 0; j < r->ncells; j++)
		if (r->cells[j].len > 0)
			n[j] = eiti_norm_dup(r->cells[j].text);
	return n;
}

static void
free_norms(char **n, size_t count)
{
	size_t j;

	for (j = 0; j < count; j++)
		free(n[j]);
	free(n);
}

static unsigned long
line_of(const struct ttable *tt, unsigned long row)
{
	return ((unsigned long)tt->index << LINE_SHIFT) | (row & ROW_MASK);
}

/* The row number diagnostics use for r (CSV: its line). */
static unsigned long
row_no(const struct ttable *tt, const struct eiti_row *r)
{
	return eiti_table_format(tt->t) == EITI_TABLE_CSV ? r->line : r->row;
}

/* Resolve the labels against header row r. */
static bool
header_apply(struct eiti_import *im, struct ttable *tt,
    const struct eiti_row *r, struct tref *refs, size_t nrefs, char **norms)
{
	unsigned long line = line_of(tt, row_no(tt, r));
	bool ok = true;
	size_t i, j;
	bool *claimed = eiti_xcalloc(r->ncells + 1, sizeof(bool));

	for (i = 0; i < nrefs; i++) {
		unsigned long found = 0;

		if (refs[i].ref->label == NULL) {
			for (j = 0; j < r->ncells; j++)
				if (r->cells[j].col == refs[i].ref->index)
					claimed[j] = true;
			continue;
		}
		for (j = 0; j < r->ncells; j++) {
			if (norms[j] == NULL ||
			    !pattern_match(&refs[i].label, norms[j]))
				continue;
			claimed[j] = true;
			if (refs[i].many)
				continue;
			if (found != 0 && found != r->cells[j].col) {
				char a[16], b[16];

				finding(im, line, r->cells[j].col,
				    EITI_RULE_IMP_HEADER,
				    "label '%s' of the profile (line %lu) "
				    "matches two columns, %s and %s",
				    refs[i].ref->label, refs[i].line,
				    eiti_table_colname(a, sizeof(a), found),
				    eiti_table_colname(
					b, sizeof(b), r->cells[j].col));
				ok = false;
				break;
			}
			found = r->cells[j].col;
		}
		if (!refs[i].many)
			*refs[i].col = found;
	}
	if (tt->pt->unknown_error)
		for (j = 0; j < r->ncells; j++)
			if (norms[j] != NULL && !claimed[j]) {
				finding(im, line, r->cells[j].col,
				    EITI_RULE_IMP_HEADER,
				    "column '%s' is not named by the profile "
				    "(a new column of this edition?): name it "
				    "in a column, amount or ignore element",
				    r->cells[j].text);
				ok = false;
			}
	free(claimed);
	return ok;
}

/* Report the labels row r lacks (the best candidate for a header). */
static void
header_missing(struct eiti_import *im, struct ttable *tt,
    const struct eiti_row *best, struct tref *refs, size_t nrefs,
    unsigned long searched)
{
	size_t i, j;
	char **norms = best != NULL ? row_norms(best) : NULL;

	for (i = 0; i < nrefs; i++) {
		bool found = false;
		struct eiti_suggest sg;
		char list[400];

		if (refs[i].ref->label == NULL || !refs[i].required)
			continue;
		for (j = 0; best != NULL && j < best->ncells && !found; j++)
			found = norms[j] != NULL &&
				pattern_match(&refs[i].label, norms[j]);
		if (found)
			continue;
		eiti_suggest_init(&sg, refs[i].ref->label);
		for (j = 0; best != NULL && j < best->ncells; j++)
			eiti_suggest_offer(&sg, best->cells[j].text);
		eiti_suggest_list(&sg, list, sizeof(list));
		eiti_suggest_free(&sg);
		if (best != NULL)
			finding(im, line_of(tt, row_no(tt, best)), 0,
			    EITI_RULE_IMP_HEADER,
			    "no column is labelled '%s' (profile line %lu)%s%s",
			    refs[i].ref->label, refs[i].line,
			    list[0] ? "; closest: " : "", list);
		else
			finding(im, 0, 0, EITI_RULE_IMP_HEADER,
			    "no header row with the label '%s' in the first "
			    "%lu rows",
			    refs[i].ref->label, searched);
	}
	if (norms != NULL)
		free_norms(norms, best->ncells);
}

/* A deep copy of a row (the reader reuses its buffers). */
struct rowcopy {
	struct eiti_row r;
	struct eiti_cell *cells;
};

static void
rowcopy_set(struct rowcopy *c, const struct eiti_row *r)
{
	size_t i;

	for (i = 0; c->cells != NULL && i < c->r.ncells; i++)
		free((char *)c->cells[i].text);
	free(c->cells);
	c->r = *r;
	c->cells = eiti_xcalloc(r->ncells + 1, sizeof(*c->cells));
	for (i = 0; i < r->ncells; i++) {
		c->cells[i] = r->cells[i];
		c->cells[i].text =
		    eiti_xstrndup(r->cells[i].text, r->cells[i].len);
	}
	c->r.cells = c->cells;
}

static void
rowcopy_free(struct rowcopy *c)
{
	size_t i;

	for (i = 0; c->cells != NULL && i < c->r.ncells; i++)
		free((char *)c->cells[i].text);
	free(c->cells);
	c->cells = NULL;
}

/*
 * Find and apply the header.  Returns 1 with the header applied (data
 * follows), 0 when the table ended or no header was found (findings),
 * -1 on error.
 */
static int
find_header(struct eiti_import *im, struct ttable *tt)
{
	struct tref *refs = NULL;
	size_t nrefs = table_refs(im, tt, &refs), need = 0, i, best_score = 0;
	struct rowcopy best = {{0}, NULL};
	const struct eiti_row *r;
	unsigned long seen = 0;
	int rc = 0;

	for (i = 0; i < nrefs; i++)
		need += refs[i].ref->label != NULL && refs[i].required;
	if (!tt->by_label) {
		/* Letters only: no header row. */
		rc = 1;
		goto out;
	}
	while ((rc = eiti_table_next(tt->t, &r, im->diags, im->err)) == 1) {
		char **norms;
		size_t score;

		seen = r->row;
		if (tt->pt->header_row != 0 && r->row < tt->pt->header_row)
			continue;
		if (tt->pt->header_row == 0 && r->row > tt->pt->within)
			break;
		norms = row_norms(r);
		score = header_score(im, r, refs, nrefs, norms);
		if (score == need || tt->pt->header_row != 0) {
			if (score < need) {
				free_norms(norms, r->ncells);
				rowcopy_set(&best, r);
				best_score = score;
				break;
			}
			header_apply(im, tt, r, refs, nrefs, norms);
			tt->header_row = r->row;
			free_norms(norms, r->ncells);
			rc = 1;
			goto out;
		}
		if (score > best_score || best.cells == NULL) {
			rowcopy_set(&best, r);
			best_score = score;
		}
		free_norms(norms, r->ncells);
	}
	if (rc < 0)
		goto out;
	header_missing(im, tt, best.cells != NULL ? &best.r : NULL, refs, nrefs,
	    tt->pt->header_row != 0 ? tt->pt->header_row : tt->pt->within);
	rc = 0;
out:
	(void)seen;
	rowcopy_free(&best);
	free(refs);
	if (rc == 1) {
		/* The largest column any reference needs. */
		for (i = 0; i < tt->ncols; i++)
			if (tt->cols[i].col > tt->maxcol)
				tt->maxcol = tt->cols[i].col;
		for (i = 0; i < tt->namounts; i++)
			if (tt->amounts[i].col > tt->maxcol)
				tt->maxcol = tt->amounts[i].col;
		for (i = 0; i < tt->nrules; i++)
			if (tt->rules[i].col > tt->maxcol)
				tt->maxcol = tt->rules[i].col;
	}
	return rc;
}

/* ------------------------------------------------------------------ */
/* Rows                                                                */
/* ------------------------------------------------------------------ */

static const struct eiti_cell *
cell_at(struct eiti_import *im, unsigned long col)
{
	return col > 0 && col < im->bycol_cap ? im->bycol[col] : NULL;
}

/* The text of a cell with white space trimmed and runs collapsed, in the
 * row's scratch buffer ("" for no cell). */
static const char *
clean_text(struct eiti_import *im, const struct eiti_cell *c)
{
	size_t need, i, o;
	char *out;
	bool space = false;

	if (c == NULL || c->len == 0)
		return "";
	/* Most cells need nothing: no space at either end, no tab, line
	 * break, double space or no-break space inside.  Their text is
	 * NUL-terminated and lives as long as the row. */
	{
		const unsigned char *t = (const unsigned char *)c->text;
		bool plain = t[0] != ' ' && t[c->len - 1] != ' ';

		i = 0;
		/* Eight bytes at a time while none is a space, a control
		 * character or the lead byte of a no-break space (C2). */
		for (; plain && i + 8 <= c->len; i += 8) {
			uint64_t x, y;

			memcpy(&x, t + i, 8);
			y = x ^ 0xc2c2c2c2c2c2c2c2ull;
			if ((((x - 0x2121212121212121ull) & ~x) |
				((y - 0x0101010101010101ull) & ~y)) &
			    0x8080808080808080ull)
				break;
		}
		for (; plain && i < c->len; i++)
			if ((t[i] <= ' ' || t[i] == 0xc2) &&
			    (t[i] != ' ' || t[i + 1] == ' '))
				plain = false;
		if (plain)
			return c->text;
	}
	need = c->len + 1;
	if (im->scratch_n + need > im->scratch_cap)
		return pool_strndup(&im->row, c->text, c->len);
	out = im->scratch + im->scratch_n;
	for (i = 0, o = 0; i < c->len; i++) {
		unsigned char ch = (unsigned char)c->text[i];

		/* ASCII white space and the no-break space (C2 A0). */
		if (ch == ' ' || ch == '\t' || ch == '\n' || ch == '\r') {
			space = o > 0;
			continue;
		}
		if (ch == 0xc2 && i + 1 < c->len &&
		    (unsigned char)c->text[i + 1] == 0xa0) {
			space = o > 0;
			i++;
			continue;
		}
		if (space)
			out[o++] = ' ';
		space = false;
		out[o++] = (char)ch;
	}
	out[o] = '\0';
	im->scratch_n += o + 1;
	return out;
}

/* The text of a cell as it is, only trimmed at both ends (free text:
 * notes keep their line breaks). */
static const char *
raw_text(struct eiti_import *im, const struct eiti_cell *c)
{
	const char *b = c->text, *e = c->text + c->len;

	while (b < e && (*b == ' ' || *b == '\t' || *b == '\n' || *b == '\r'))
		b++;
	while (e > b && (e[-1] == ' ' || e[-1] == '\t' || e[-1] == '\n' ||
			    e[-1] == '\r'))
		e--;
	return pool_strndup(&im->row, b, (size_t)(e - b));
}

/* Evaluate the row rules: 1 keep the row, 0 skipped, 2 stop. */
static int
apply_rules(struct eiti_import *im, struct ttable *tt, const struct eiti_row *r)
{
	size_t i;

	for (i = 0; i < tt->nrules; i++) {
		struct trule *ru = &tt->rules[i];
		const struct eiti_cell *c;
		const char *text;
		bool pass;

		if (!ru->active)
			continue;
		c = cell_at(im, ru->col);
		text = clean_text(im, c);
		if (ru->pr->empty) {
			pass = text[0] == '\0';
		} else {
			char small[512], *norm = small;
			size_t n;

			if (ru->map != NULL && text[0] != '\0') {
				const char *to = map_lookup(im, ru->map, text);

				if (to == NULL && ru->map->def != NULL)
					to = ru->map->def;
				if (to == NULL) {
					char near[500];

					closest(im, ru->map, text, near,
					    sizeof(near));
					finding(im, line_of(tt, row_no(tt, r)),
					    ru->col, EITI_RULE_IMP_UNMAPPED,
					    "'%s' is not in map '%s' (rule "
					    "'%s')%s",
					    text, ru->map->name, ru->pr->name,
					    near);
					im->bad++;
					return 0;
				}
				text = to;
			}
			n = strlen(text);
			if (2 * n + 1 > sizeof(small))
				norm = eiti_xmalloc(2 * n + 1);
			eiti_norm(norm, 2 * n + 1, text, n);
			pass = pattern_match(&ru->is, norm);
			if (norm != small)
				free(norm);
		}
		switch (ru->pr->kind) {
		case EITI_PR_STOP:
			if (pass) {
				tt->stopped = true;
				tt->stop_name = ru->pr->name;
				tt->stop_row = row_no(tt, r);
				return 2;
			}
			break;
		case EITI_PR_SKIP:
			if (pass) {
				ru->count++;
				im->skipped++;
				return 0;
			}
			break;
		case EITI_PR_KEEP:
			if (!pass) {
				ru->count++;
				im->skipped++;
				return 0;
			}
			break;
		}
	}
	return 1;
}

/* One field's value for this row. */
struct fval {
	const char *text; /* NULL: not given */
	unsigned long line, col;
	const struct eiti_cell *cell;
};

static void
field_value(struct eiti_import *im, struct ttable *tt, const struct eiti_row *r,
    enum eiti_pfield f, struct fval *v)
{
	const struct fsrc *s = &tt->field[f];

	memset(v, 0, sizeof(*v));
	if (s->kind == 2) {
		v->text = s->value;
		return;
	}
	if (s->kind != 1 || s->col->col == 0)
		return;
	v->cell = cell_at(im, s->col->col);
	v->text = clean_text(im, v->cell);
	v->line = line_of(tt, row_no(tt, r));
	v->col = s->col->col;
}

/* An id (or other mapped value) through the column's map and generate=;
 * NULL after a finding. */
static const char *
mapped(struct eiti_import *im, const struct fsrc *s, const struct fval *v)
{
	struct rmap *m = s->kind == 1 ? s->col->map : NULL;
	const char *gen = s->kind == 1 ? s->col->pc->generate : NULL;
	const char *to;

	if (m == NULL && gen == NULL)
		return v->text;
	if (m != NULL) {
		to = map_lookup(im, m, v->text);
		if (to != NULL)
			return to;
	}
	if (gen != NULL) {
		size_t n = strlen(v->text), o, i, glen = strlen(gen);
		char *norm = eiti_xmalloc(2 * n + 1), *id;
		bool dash = false;

		eiti_norm(norm, 2 * n + 1, v->text, n);
		id = pool_alloc(&im->row, glen + 2 * n + 20);
		memcpy(id, gen, glen);
		o = glen;
		for (i = 0; norm[i] != '\0'; i++) {
			char c = norm[i];

			if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
				if (dash && o > glen)
					id[o++] = '-';
				dash = false;
				id[o++] = c >= 'a' ? (char)(c - 'a' + 'A') : c;
			} else {
				dash = true;
			}
		}
		if (o == glen) {
			/* Nothing Latin to spell it with: a digest. */
			struct eiti_sha256 h;
			char hex[65];

			eiti_sha256_init(&h);
			eiti_sha256_update(&h, norm, strlen(norm));
			eiti_sha256_final_hex(&h, hex);
			memcpy(id + o, hex, 12);
			o += 12;
		}
		id[o] = '\0';
		free(norm);
		return id;
	}
	if (m->def != NULL)
		return m->def;
	{
		char near[500];

		closest(im, m, v->text, near, sizeof(near));
		finding(im, v->line, v->col, EITI_RULE_IMP_UNMAPPED,
		    "%s '%s' is not in map '%s'%s",
		    eiti_pfield_name(s->col->pc->field), v->text, m->name,
		    near);
	}
	return NULL;
}

/* The value of field f: mapped, or NULL when not given or after a
 * finding (*bad set). */
static const char *
field_mapped(struct eiti_import *im, struct ttable *tt,
    const struct eiti_row *r, enum eiti_pfield f, struct fval *v, bool *bad,
    bool required)
{
	const char *s;

	field_value(im, tt, r, f, v);
	if (v->text == NULL)
		return NULL;
	if (v->text[0] == '\0') {
		if (required) {
			finding(im, v->line, v->col, EITI_RULE_IMP_EMPTY,
			    "the %s cell is empty", eiti_pfield_name(f));
			*bad = true;
		}
		return NULL;
	}
	s = mapped(im, &tt->field[f], v);
	if (s == NULL)
		*bad = true;
	return s;
}

static void
add_attr(struct eiti_item *it, enum eiti_attr name, const char *value,
    unsigned long line, unsigned long col)
{
	if (value == NULL || it->nattrs >= EITI_ITEM_MAX_ATTRS)
		return;
	it->attrs[it->nattrs].name = eiti_item_attr_names[name];
	it->attrs[it->nattrs].value = value;
	it->attrs[it->nattrs].line = line;
	it->attrs[it->nattrs].col = col;
	it->nattrs++;
}

/*
 * Declare a party (kind EITI_ITEM_ENTITY or EITI_ITEM_COMPANY) at its
 * first appearance: handed on at once, before the item that names it.
 * A party the profile declares takes its attributes from there.
 * Returns 0, or -1 when the sink failed.
 */
static int
party_use(struct eiti_import *im, enum eiti_item_kind kind, const char *id,
    const char *name, const char *type, const char *extra, unsigned long line,
    unsigned long col)
{
	struct hmap *seen =
	    kind == EITI_ITEM_ENTITY ? &im->entities : &im->companies;
	const struct hmap *decl =
	    kind == EITI_ITEM_ENTITY ? &im->decl_entities : &im->decl_companies;
	const struct eiti_pparty *d;
	struct eiti_item it;

	if (hget(seen, id, NULL) != NULL)
		return 0;
	hput(seen, im->arena, id, id);
	d = hget(decl, id, NULL);
	if (d != NULL) {
		name = subst(im, d->name);
		type = subst(im, d->kind);
		extra = subst(im, d->extra);
	}
	if (name == NULL || name[0] == '\0')
		name = id;
	if (extra != NULL && extra[0] == '\0')
		extra = NULL;
	memset(&it, 0, sizeof(it));
	it.kind = kind;
	it.line = line;
	it.col = col;
	add_attr(&it, EITI_A_ID, id, line, col);
	add_attr(&it, EITI_A_NAME, name, line, col);
	add_attr(&it, kind == EITI_ITEM_ENTITY ? EITI_A_LEVEL : EITI_A_SECTOR,
	    type, line, col);
	add_attr(&it,
	    kind == EITI_ITEM_ENTITY ? EITI_A_REGION : EITI_A_COMMODITY, extra,
	    line, col);
	return im->sink->item(im->sink->ud, &it) != 0 ? -1 : 0;
}

/* Is the cell a nil marker?  Returns the marker's index + 1, or 0. */
static size_t
nil_marker(struct eiti_import *im, const struct eiti_cell *c)
{
	char small[256], *norm = small;
	size_t i, n, hit = 0;

	if (c == NULL || c->len == 0)
		return im->blank_is_nil ? im->blank_nil + 1 : 0;
	if (im->nnils == 0 || c->len > 200)
		return 0;
	n = c->len;
	eiti_norm(norm, sizeof(small), c->text, n);
	for (i = 0; i < im->nnils && hit == 0; i++)
		if (im->nils[i][0] != '\0' && strcmp(im->nils[i], norm) == 0)
			hit = i + 1;
	return hit;
}

/* The row's values that every item of it shares. */
struct rowvals {
	struct fval company, company_name, sector, commodity, entity,
	    entity_name, level, region, stream, currency, date, project, note,
	    pid;
	const char *company_id, *entity_id, *stream_code, *currency_code,
	    *date_iso, *level_v, *sector_v, *region_v, *commodity_v;
	bool bad;
};

/* A date cell as YYYY-MM-DD (arena), or NULL after a finding. */
static const char *
date_value(struct eiti_import *im, struct ttable *tt, const struct fval *v)
{
	const struct fsrc *s = &tt->field[EITI_PF_DATE];
	const char *pattern = s->kind == 1 && s->col->pc->date != NULL
				  ? s->col->pc->date
				  : "YYYY-MM-DD";
	char iso[11];
	bool ok;

	if (v->cell != NULL && v->cell->type == EITI_CELL_NUMBER)
		ok = eiti_date_from_serial_sys(iso, v->cell->text, v->cell->len,
		    eiti_table_date1904(tt->t));
	else
		ok = eiti_date_parse(iso, v->text, strlen(v->text), pattern);
	if (!ok) {
		finding(im, v->line, v->col, EITI_RULE_IMP_DATE,
		    "date '%s' is not a day written %s", v->text,
		    v->cell != NULL && v->cell->type == EITI_CELL_NUMBER
			? "as a workbook serial"
			: pattern);
		return NULL;
	}
	return pool_strndup(&im->row, iso, strlen(iso));
}

static void
row_values(struct eiti_import *im, struct ttable *tt, const struct eiti_row *r,
    struct rowvals *rv)
{
	memset(rv, 0, sizeof(*rv));
	if (!tt->pt->totals) {
		rv->company_id = field_mapped(
		    im, tt, r, EITI_PF_COMPANY, &rv->company, &rv->bad, true);
		field_value(im, tt, r, EITI_PF_COMPANY_NAME, &rv->company_name);
		rv->sector_v = field_mapped(
		    im, tt, r, EITI_PF_SECTOR, &rv->sector, &rv->bad, false);
		rv->commodity_v = field_mapped(im, tt, r, EITI_PF_COMMODITY,
		    &rv->commodity, &rv->bad, false);
	}
	rv->entity_id = field_mapped(
	    im, tt, r, EITI_PF_ENTITY, &rv->entity, &rv->bad, true);
	field_value(im, tt, r, EITI_PF_ENTITY_NAME, &rv->entity_name);
	rv->level_v =
	    field_mapped(im, tt, r, EITI_PF_LEVEL, &rv->level, &rv->bad, false);
	rv->region_v = field_mapped(
	    im, tt, r, EITI_PF_REGION, &rv->region, &rv->bad, false);
	rv->stream_code = field_mapped(
	    im, tt, r, EITI_PF_STREAM, &rv->stream, &rv->bad, true);
	rv->currency_code = field_mapped(
	    im, tt, r, EITI_PF_CURRENCY, &rv->currency, &rv->bad, false);
	field_value(im, tt, r, EITI_PF_DATE, &rv->date);
	if (rv->date.text != NULL && rv->date.text[0] != '\0' &&
	    (rv->date_iso = date_value(im, tt, &rv->date)) == NULL)
		rv->bad = true;
	field_value(im, tt, r, EITI_PF_PROJECT, &rv->project);
	field_value(im, tt, r, EITI_PF_NOTE, &rv->note);
	if (rv->note.cell != NULL)
		rv->note.text = raw_text(im, rv->note.cell);
	field_value(im, tt, r, EITI_PF_PAYMENT_ID, &rv->pid);
}

/* Parse an amount cell into minor units.  Returns 1 with *out set, 0
 * for a nil cell, -1 after a finding. */
static int
amount_value(struct eiti_import *im, const struct eiti_cell *c,
    const struct eiti_numfmt *nf, int digits, const char *cur,
    unsigned long line, unsigned long col, int64_t *out)
{
	enum eiti_num_status st;
	const char *why = NULL;
	size_t nil = nil_marker(im, c);

	if (nil > 0) {
		im->nil++;
		im->nil_count[nil - 1]++;
		return 0;
	}
	if (c == NULL || c->len == 0) {
		if (c != NULL && c->invalid)
			return -1; /* the reader said why */
		finding(im, line, col, EITI_RULE_IMP_EMPTY,
		    "the amount cell is empty (if a blank means no payment, "
		    "list <nil value=\"\"/> in the profile)");
		return -1;
	}
	switch (c->type) {
	case EITI_CELL_NUMBER:
		st = eiti_num_parse_stored(
		    out, c->text, c->len, nf->scale, digits, nf->round, &why);
		break;
	case EITI_CELL_TEXT:
		st = eiti_num_parse(out, c->text, c->len, nf, digits, &why);
		break;
	case EITI_CELL_ERROR:
		finding(im, line, col, EITI_RULE_IMP_CELL,
		    "the amount cell holds the error value %s", c->text);
		return -1;
	default:
		finding(im, line, col, EITI_RULE_IMP_NUMBER,
		    "the amount cell holds a %s, not a number",
		    c->type == EITI_CELL_BOOL ? "boolean" : "formula");
		return -1;
	}
	switch (st) {
	case EITI_NUM_ROUNDED:
		if (im->rounded++ == 0) {
			im->first_round_line = line;
			im->first_round_col = col;
			snprintf(im->first_round_text,
			    sizeof(im->first_round_text), "%.*s",
			    (int)(c->len < 60 ? c->len : 60), c->text);
		}
		return 1;
	case EITI_NUM_OK:
		return 1;
	case EITI_NUM_EMPTY:
		finding(im, line, col, EITI_RULE_IMP_EMPTY,
		    "the amount cell is blank");
		return -1;
	case EITI_NUM_SYNTAX:
	case EITI_NUM_MIXED:
		finding(im, line, col, EITI_RULE_IMP_NUMBER,
		    "amount '%s' is not a number in this column's format%s%s",
		    c->text, why != NULL ? ": " : "", why != NULL ? why : "");
		return -1;
	case EITI_NUM_DIGITS:
		finding(im, line, col, EITI_RULE_IMP_DIGITS,
		    "amount '%s' has more decimals than the %d of %s (a "
		    "profile may round them: <number round=\"true\">)",
		    c->text, digits, cur);
		return -1;
	case EITI_NUM_OVERFLOW:
		finding(im, line, col, EITI_RULE_IMP_OVERFLOW,
		    "amount '%s' is too large to be an amount of %s", c->text,
		    cur);
		return -1;
	}
	return -1;
}

/* Make the item of one amount cell. */
static int
emit_item(struct eiti_import *im, struct ttable *tt, const struct eiti_row *r,
    struct rowvals *rv, const struct eiti_cell *c, unsigned long acol,
    const struct eiti_numfmt *nf, const char *stream, const char *entity)
{
	unsigned long line = line_of(tt, row_no(tt, r));
	unsigned long sline = rv->stream.line, scol = rv->stream.col;
	unsigned long eline = rv->entity.line, ecol = rv->entity.col;
	const char *cur =
	    rv->currency_code != NULL ? rv->currency_code : im->currency;
	int digits = cur != NULL ? eiti_currency_digits(cur) : -1;
	struct eiti_item it;
	char amount[48], where[160];
	const char *id, *ename, *note = NULL;
	int64_t v;
	int k;

	k = amount_value(im, c, nf, digits >= 0 ? digits : 6,
	    cur != NULL ? cur : "?", line, acol, &v);
	if (k == 0)
		return 0;
	if (k < 0 || rv->bad) {
		im->bad++;
		return 0;
	}
	if (stream == NULL) {
		stream = rv->stream_code;
	} else {
		sline = line_of(tt, tt->header_row);
		scol = acol;
	}
	if (entity == NULL) {
		entity = rv->entity_id;
	} else {
		eline = line_of(tt, tt->header_row);
		ecol = acol;
	}
	if (stream == NULL || entity == NULL ||
	    (!tt->pt->totals && rv->company_id == NULL)) {
		im->bad++;
		return 0;
	}
	eiti_money_plain(amount, v, digits >= 0 ? digits : 6);

	/* The parties, declared at their first appearance: named by their
	 * name column, else by the text the id was mapped from, else by
	 * the id (a profile's <entity>/<company> overrides all three). */
	ename = entity;
	if (rv->entity_name.text != NULL && rv->entity_name.text[0] != '\0')
		ename = rv->entity_name.text;
	else if (entity == rv->entity_id && tt->field[EITI_PF_ENTITY].kind == 1)
		ename = rv->entity.text;
	if (party_use(im, EITI_ITEM_ENTITY, entity, ename,
		rv->level_v != NULL ? rv->level_v : "national", rv->region_v,
		rv->entity_name.line ? rv->entity_name.line : eline,
		rv->entity_name.line ? rv->entity_name.col : ecol) != 0)
		return -1;
	memset(&it, 0, sizeof(it));
	it.line = line;
	it.col = acol;
	if (tt->pt->totals) {
		it.kind = EITI_ITEM_TOTAL;
		add_attr(&it, EITI_A_STREAM, stream, sline, scol);
		add_attr(&it, EITI_A_ENTITY, entity, eline, ecol);
		add_attr(&it, EITI_A_AMOUNT, amount, line, acol);
		add_attr(&it, EITI_A_CURRENCY, rv->currency_code,
		    rv->currency.line, rv->currency.col);
		im->items++;
		return im->sink->item(im->sink->ud, &it) != 0 ? -1 : 0;
	}
	if (party_use(im, EITI_ITEM_COMPANY, rv->company_id,
		rv->company_name.text != NULL &&
			rv->company_name.text[0] != '\0'
		    ? rv->company_name.text
		: tt->field[EITI_PF_COMPANY].kind == 1 ? rv->company.text
						       : rv->company_id,
		rv->sector_v != NULL ? rv->sector_v : "other",
		rv->commodity_v != NULL && rv->commodity_v[0] != '\0'
		    ? rv->commodity_v
		    : NULL,
		rv->company_name.line ? rv->company_name.line
				      : rv->company.line,
		rv->company_name.line ? rv->company_name.col
				      : rv->company.col) != 0)
		return -1;
	where_of(im, line, acol, where, sizeof(where));
	it.kind = EITI_ITEM_PAYMENT;
	if (rv->pid.text != NULL && rv->pid.text[0] != '\0') {
		id = rv->pid.text;
		if (rv->note.text != NULL && rv->note.text[0] != '\0') {
			size_t n = strlen(where) + strlen(rv->note.text) + 8;
			char *b = pool_alloc(&im->row, n);

			snprintf(b, n, "cell %s: %s", where, rv->note.text);
			note = b;
		} else {
			size_t n = strlen(where) + 6;
			char *b = pool_alloc(&im->row, n);

			snprintf(b, n, "cell %s", where);
			note = b;
		}
		add_attr(&it, EITI_A_ID, id, rv->pid.line, rv->pid.col);
	} else {
		add_attr(&it, EITI_A_ID, where, line, acol);
		if (rv->note.text != NULL && rv->note.text[0] != '\0')
			note = rv->note.text;
	}
	add_attr(&it, EITI_A_COMPANY, rv->company_id, rv->company.line,
	    rv->company.col);
	add_attr(&it, EITI_A_ENTITY, entity, eline, ecol);
	add_attr(&it, EITI_A_STREAM, stream, sline, scol);
	add_attr(&it, EITI_A_AMOUNT, amount, line, acol);
	add_attr(&it, EITI_A_CURRENCY, rv->currency_code, rv->currency.line,
	    rv->currency.col);
	add_attr(&it, EITI_A_DATE, rv->date_iso, rv->date.line, rv->date.col);
	if (rv->project.text != NULL && rv->project.text[0] != '\0')
		add_attr(&it, EITI_A_PROJECT, rv->project.text,
		    rv->project.line, rv->project.col);
	add_attr(&it, EITI_A_NOTE, note, rv->note.line ? rv->note.line : line,
	    rv->note.line ? rv->note.col : acol);
	im->items++;
	return im->sink->item(im->sink->ud, &it) != 0 ? -1 : 0;
}

static int
do_row(struct eiti_import *im, struct ttable *tt, const struct eiti_row *r)
{
	struct rowvals rv;
	size_t i, need;
	int k, rc = 0;

	/* Cells by column, for the columns the profile reads. */
	need = tt->maxcol + 1;
	if (need > im->bycol_cap) {
		im->bycol = eiti_xrealloc(im->bycol, need * sizeof(*im->bycol));
		im->bycol_cap = need;
	}
	memset(im->bycol, 0, need * sizeof(*im->bycol));
	for (i = 0; i < r->ncells; i++)
		if (r->cells[i].col < need)
			im->bycol[r->cells[i].col] = &r->cells[i];
	/* Scratch for the row's texts: every cell fits. */
	need = 0;
	for (i = 0; i < r->ncells; i++)
		if (r->cells[i].col <= tt->maxcol)
			need += r->cells[i].len + 1;
	need = 2 * need + 64;
	if (need > im->scratch_cap) {
		free(im->scratch);
		im->scratch_cap = need;
		im->scratch = eiti_xmalloc(need);
	}
	im->scratch_n = 0;

	pool_reset(&im->row);
	k = apply_rules(im, tt, r);
	if (k != 1)
		return k == 2 ? 1 : 0;
	im->rows++;
	row_values(im, tt, r, &rv);
	if (tt->amount_col != NULL) {
		rc = emit_item(im, tt, r, &rv, cell_at(im, tt->amount_col->col),
		    tt->amount_col->col, &tt->amount_col->nf, NULL, NULL);
	} else {
		for (i = 0; i < tt->namounts && rc == 0; i++) {
			struct tamount *a = &tt->amounts[i];

			if (!a->active || a->col == 0)
				continue;
			rc = emit_item(im, tt, r, &rv, cell_at(im, a->col),
			    a->col, &a->nf, a->stream, a->entity);
		}
	}
	return rc < 0 ? -1 : 0;
}

static int
read_table(struct eiti_import *im, struct ttable *tt)
{
	struct eiti_table_opts o = im->opts;
	const struct eiti_row *r;
	int rc;

	o.sheet = tt->sheet;
	rc =
	    eiti_table_open(&tt->t, im->path, im->name, &o, im->diags, im->err);
	if (rc != 0)
		return rc < 0 ? -1 : 0;
	rc = find_header(im, tt);
	if (rc <= 0)
		return rc;
	while ((rc = eiti_table_next(tt->t, &r, im->diags, im->err)) == 1) {
		int k = do_row(im, tt, r);

		if (k < 0)
			return -1;
		if (k == 1)
			break; /* a stop rule */
	}
	return rc < 0 ? -1 : 0;
}

/* ------------------------------------------------------------------ */
/* Running                                                             */
/* ------------------------------------------------------------------ */

void
eiti_import_use_fd(struct eiti_import *im, int fd)
{
	im->opts.use_fd = true;
	im->opts.fd = fd;
}

int
eiti_import_run(struct eiti_import *im, const struct eiti_item_sink *sink,
    struct eiti_diags *diags, struct eiti_err *err)
{
	struct eiti_item root;
	size_t i;

	im->diags = diags;
	im->err = err;
	im->sink = sink;
	memset(&root, 0, sizeof(root));
	root.kind = EITI_ITEM_DISCLOSURE;
	add_attr(&root, EITI_A_ROLE, im->role, 0, 0);
	add_attr(&root, EITI_A_COUNTRY, im->country, 0, 0);
	add_attr(&root, EITI_A_PERIOD_START, im->period_start, 0, 0);
	add_attr(&root, EITI_A_PERIOD_END, im->period_end, 0, 0);
	add_attr(&root, EITI_A_REPORTER, im->reporter, 0, 0);
	add_attr(&root, EITI_A_CURRENCY, im->currency, 0, 0);
	if (sink->item(sink->ud, &root) != 0)
		return -1;
	for (i = 0; i < im->ntables; i++)
		if (read_table(im, &im->tables[i]) != 0)
			return -1;
	if (im->rounded > 0)
		finding(im, im->first_round_line, im->first_round_col,
		    EITI_RULE_IMP_ROUNDED,
		    "%lu amount%s had more decimals than the currency's minor "
		    "unit and %s rounded half away from zero, as the profile "
		    "asks (the first: '%s')",
		    im->rounded, im->rounded == 1 ? "" : "s",
		    im->rounded == 1 ? "was" : "were", im->first_round_text);
	return 0;
}

void
eiti_import_counts(const struct eiti_import *im, struct eiti_import_counts *out)
{
	out->rows = im->rows;
	out->items = im->items;
	out->nil = im->nil;
	out->skipped = im->skipped;
	out->rounded = im->rounded;
	out->bad = im->bad;
}

/* ------------------------------------------------------------------ */
/* The summary                                                         */
/* ------------------------------------------------------------------ */

struct sb {
	char *s;
	size_t n, cap;
};

static void __attribute__((format(printf, 2, 3)))
sb_printf(struct sb *b, const char *fmt, ...)
{
	va_list ap;
	int w;

	for (;;) {
		va_start(ap, fmt);
		w = vsnprintf(b->s + b->n, b->cap - b->n, fmt, ap);
		va_end(ap);
		if (w >= 0 && (size_t)w < b->cap - b->n) {
			b->n += (size_t)w;
			return;
		}
		b->cap = 2 * b->cap + (w > 0 ? (size_t)w : 0) + 256;
		b->s = eiti_xrealloc(b->s, b->cap);
	}
}

static const char *
pl(unsigned long n, const char *one, const char *many)
{
	return n == 1 ? one : many;
}

char *
eiti_import_summary(const struct eiti_import *im)
{
	struct sb b = {eiti_xmalloc(256), 0, 256};
	bool totals = false, first;
	size_t i, j;

	for (i = 0; i < im->ntables; i++)
		totals = totals || im->tables[i].pt->totals;
	b.s[0] = '\0';
	sb_printf(&b, "%lu %s read, %lu %s written (%s), %lu nil %s", im->rows,
	    pl(im->rows, "row", "rows"), im->items,
	    totals ? pl(im->items, "total", "totals")
		   : pl(im->items, "payment", "payments"),
	    im->role != NULL ? im->role : "?", im->nil,
	    pl(im->nil, "cell", "cells"));
	if (im->nil > 0) {
		first = true;
		sb_printf(&b, " (");
		for (i = 0; i < im->nnils; i++) {
			if (im->nil_count[i] == 0)
				continue;
			sb_printf(&b, "%s%s %lu", first ? "" : ", ",
			    im->nil_text[i][0] ? im->nil_text[i] : "blank",
			    im->nil_count[i]);
			first = false;
		}
		sb_printf(&b, ")");
	}
	sb_printf(&b, ", %lu %s skipped", im->skipped,
	    pl(im->skipped, "row", "rows"));
	if (im->skipped > 0) {
		first = true;
		sb_printf(&b, " (");
		for (i = 0; i < im->ntables; i++)
			for (j = 0; j < im->tables[i].nrules; j++) {
				const struct trule *ru =
				    &im->tables[i].rules[j];

				if (ru->count == 0)
					continue;
				sb_printf(&b, "%s%s %lu", first ? "" : ", ",
				    ru->pr->name, ru->count);
				first = false;
			}
		sb_printf(&b, ")");
	}
	for (i = 0; i < im->ntables; i++)
		if (im->tables[i].stopped) {
			char where[160];

			locator_row((struct eiti_import *)im,
			    line_of(&im->tables[i], im->tables[i].stop_row),
			    where, sizeof(where));
			sb_printf(&b, ", stopped at %s by '%s'", where,
			    im->tables[i].stop_name);
		}
	if (im->rounded > 0)
		sb_printf(&b, ", %lu %s rounded", im->rounded,
		    pl(im->rounded, "amount", "amounts"));
	if (im->bad > 0)
		sb_printf(&b, ", %lu %s with errors", im->bad,
		    pl(im->bad, "cell", "cells"));
	return b.s;
}
