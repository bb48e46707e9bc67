/*
 * report.c - what the report's sections share, and the document itself:
 * the sections in the template's order (README, Outputs; the EITI
 * reporting checklist of EITI Requirements 4.1, 4.7, 4.9), with the
 * template's words.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/iso.h"
#include "core/money.h"
#include "model/model.h"
#include "render/rsec.h"

const char *const r_status_id[EITI_ST_COUNT] = {
    [EITI_ST_MATCHED] = "matched",
    [EITI_ST_WITHIN_TOLERANCE] = "within-tolerance",
    [EITI_ST_DISCREPANCY] = "discrepancy",
    [EITI_ST_COMPANY_ONLY] = "company-only",
    [EITI_ST_GOVERNMENT_ONLY] = "government-only",
    [EITI_ST_OUT_OF_SCOPE] = "out-of-scope",
};

/* Okabe-Ito colours per status. */
const uint32_t r_status_rgb[EITI_ST_COUNT] = {
    [EITI_ST_MATCHED] = 0x009e73,
    [EITI_ST_WITHIN_TOLERANCE] = 0x56b4e9,
    [EITI_ST_DISCREPANCY] = 0xd55e00,
    [EITI_ST_COMPANY_ONLY] = 0xe69f00,
    [EITI_ST_GOVERNMENT_ONLY] = 0x0072b2,
    [EITI_ST_OUT_OF_SCOPE] = 0xcc79a7,
};

const uint32_t r_series_rgb[2] = {0x0072b2, 0xe69f00};

const char *const r_class_id[R_NCLASS] = {
    "timing",
    "classification",
    "perimeter",
    "out-of-scope",
    "on-account",
    "fx",
    "omission",
    "jv-partner",
    "in-kind-valuation",
    "other",
};

/* The sections, by template id: what prints them and, for a section
 * that only some results have, whether these have it. */
static const struct {
	const char *id;
	void (*fn)(struct rdoc *d, int idx);
	bool (*present)(const struct eiti_results *res);
} sections[] = {
    {"cover", r_sec_cover, NULL},
    {"contents", r_sec_contents, NULL},
    {"summary", r_sec_summary, NULL},
    {"method", r_sec_method, NULL},
    {"streams", r_sec_streams, NULL},
    {"companies", r_sec_companies, NULL},
    {"stream-reconciliation", r_sec_stream_groups, NULL},
    {"entities", r_sec_entities, NULL},
    {"regions", r_sec_regions, NULL},
    {"non-reporting", r_sec_nonreporting, NULL},
    {"adjustments", r_sec_adjustments, NULL},
    {"details", r_sec_details, NULL},
    {"transfers", r_sec_transfers, r_has_transfers},
    {"conclusions", r_sec_conclusions, NULL},
    {"keys", r_sec_keys, NULL},
    {"index", r_sec_index, NULL},
    {"provenance", r_sec_provenance, NULL},
    {"verification", r_sec_verification, NULL},
    {"validation", r_sec_validation, NULL},
    {"glossary", r_sec_glossary, NULL},
};

/* ---- names --------------------------------------------------------- */

int
r_class_index(const char *klass)
{
	int i;

	for (i = 0; i < R_NCLASS; i++)
		if (klass != NULL && strcmp(klass, r_class_id[i]) == 0)
			return i;
	return R_NCLASS - 1;
}

const char *
r_status_name(struct rdoc *d, enum eiti_status s)
{
	char key[64];

	if ((unsigned)s >= EITI_ST_COUNT)
		return "?";
	snprintf(key, sizeof(key), "status.%s", r_status_id[s]);
	return T(d, key);
}

const char *
r_class_name(struct rdoc *d, const char *k)
{
	char key[64];

	snprintf(key, sizeof(key), "class.%s", r_class_id[r_class_index(k)]);
	return T(d, key);
}

const char *
r_coded(struct rdoc *d, const char *prefix, const char *v)
{
	char key[96];
	const char *s;

	if (v == NULL || v[0] == '\0')
		return "";
	snprintf(key, sizeof(key), "%s.%s", prefix, v);
	s = strlen(v) < 40 ? eiti_template_text(d->t, key) : NULL;
	return s ? s : r_clean(d, v);
}

const char *
r_stream_name(struct rdoc *d, const char *code)
{
	const char *s = eiti_stream_name(code, d->lang);

	return r_clean(d, s ? s : code);
}

const char *
r_stream_label(struct rdoc *d, const char *code)
{
	const char *name = r_stream_name(d, code), *c = r_clean(d, code);

	if (strcmp(name, c) == 0)
		return c;
	return r_tmp_printf(d, "%s %s", c, name);
}

void
r_stream_parts(struct rdoc *d, struct rrow *r, int col, const char *code)
{
	const char *c = r_clean(d, code), *name = r_stream_name(d, code);

	rcell_add(r, col, RS_TAB_BOLD, c, false);
	if (strcmp(name, c) != 0)
		rcell_add(r, col, RS_TAB, name, false);
}

static const struct eiti_results *cmp_res; /* for the qsort below */

static int
cmp_ent(const void *a, const void *b)
{
	size_t x = *(const size_t *)a, y = *(const size_t *)b;
	int c = strcmp(cmp_res->entities[x].id, cmp_res->entities[y].id);

	return c != 0 ? c : (x < y ? -1 : x > y);
}

static int
cmp_co(const void *a, const void *b)
{
	size_t x = *(const size_t *)a, y = *(const size_t *)b;
	int c = strcmp(cmp_res->companies[x].id, cmp_res->companies[y].id);

	return c != 0 ? c : (x < y ? -1 : x > y);
}

/* Lower bound of id in ix (n indexes of elements whose id is at
 * get(i)). */
static size_t
lower(const size_t *ix, size_t n, const char *id,
    const char *(*get)(const struct eiti_results *, size_t),
    const struct eiti_results *res)
{
	size_t lo = 0, hi = n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (strcmp(get(res, ix[mid]), id) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

static const char *
ent_id(const struct eiti_results *res, size_t i)
{
	return res->entities[i].id;
}

static const char *
co_id(const struct eiti_results *res, size_t i)
{
	return res->companies[i].id;
}

const struct eiti_res_entity *
r_entity(struct rdoc *d, const char *id)
{
	const struct eiti_results *res = d->res;
	size_t k = lower(d->ent_ix, res->nentities, id, ent_id, res);

	if (k < res->nentities &&
	    strcmp(res->entities[d->ent_ix[k]].id, id) == 0)
		return &res->entities[d->ent_ix[k]];
	return NULL;
}

size_t
r_company_index(struct rdoc *d, const char *id)
{
	const struct eiti_results *res = d->res;
	size_t k = lower(d->co_ix, res->ncompanies, id, co_id, res);

	if (k < res->ncompanies &&
	    strcmp(res->companies[d->co_ix[k]].id, id) == 0)
		return d->co_ix[k];
	return SIZE_MAX;
}

const char *
r_company_name(struct rdoc *d, const char *id)
{
	size_t i = r_company_index(d, id);

	if (i != SIZE_MAX && d->res->companies[i].name[0] != '\0')
		return r_clean(d, d->res->companies[i].name);
	return r_clean(d, id);
}

void
r_entity_parts(struct rdoc *d, struct rrow *r, int col, const char *id)
{
	const struct eiti_res_entity *e = r_entity(d, id);

	if (e != NULL && e->name[0] != '\0') {
		rcell_add(r, col, RS_TAB, r_clean(d, e->name), false);
		rcell_add(r, col, RS_TAB_GREY, r_clean(d, id), false);
		return;
	}
	rcell_add(r, col, RS_TAB, r_clean(d, id), false);
}

const char *
r_region_name(struct rdoc *d, const char *code)
{
	const char *s = NULL;

	if (code == NULL || code[0] == '\0')
		return T(d, "regions.national");
	s = eiti_subdivision_name(code);
	return r_clean(d, s ? s : code);
}

const char *
r_row_company(struct rdoc *d, const struct eiti_res_row *r)
{
	return r_clean(d, r->company_name[0] ? r->company_name : r->company_id);
}

const char *
r_row_entity(struct rdoc *d, const struct eiti_res_row *r)
{
	return r_clean(d, r->entity_name[0] ? r->entity_name : r->entity_id);
}

/* Country or region of the report, by name in the report's language
 * when known ("Perú (PE)"). */
const char *
r_place_name(struct rdoc *d)
{
	const char *c = d->res->country, *s = NULL;
	char key[64];

	if (c == NULL || c[0] == '\0')
		return "";
	snprintf(key, sizeof(key), "country.%s", c);
	if (strlen(c) < 16 && (s = eiti_template_text(d->t, key)) != NULL)
		return s;
	if (strchr(c, '-') != NULL)
		s = eiti_subdivision_name(c);
	else
		s = eiti_country_name_lang(c, d->lang);
	if (s != NULL)
		return r_tmp_printf(d, "%s (%s)", s, r_clean(d, c));
	return r_clean(d, c);
}

const char *
r_period_text(struct rdoc *d)
{
	const char *a = r_date(d, d->res->period_start);
	const char *b = r_date(d, d->res->period_end);

	return R_MSG(d, "period.range", RM_S("start", a), RM_S("end", b));
}

const char *
r_money_s(struct rdoc *d, int64_t v)
{
	char buf[EITI_MONEY_BUFSZ];

	return r_tmp_strdup(d, r_money(d, buf, v));
}

const char *
r_money_cur(struct rdoc *d, int64_t v)
{
	char buf[EITI_MONEY_BUFSZ];

	return r_tmp_printf(
	    d, "%s %s", r_money(d, buf, v), r_clean(d, d->res->currency));
}

size_t
r_company_rows(struct rdoc *d, const char *id, size_t *n)
{
	const struct eiti_results *res = d->res;
	size_t lo = 0, hi = res->nrows, first;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (strcmp(res->rows[mid].company_id, id) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	first = lo;
	while (lo < res->nrows && strcmp(res->rows[lo].company_id, id) == 0)
		lo++;
	*n = lo - first;
	return first;
}

size_t
r_in_scope_keys(const struct eiti_res_total *x)
{
	size_t o = x->count[EITI_ST_OUT_OF_SCOPE];

	return x->keys > o ? x->keys - o : 0;
}

/* ---- sections, headings, references ---------------------------------- */

int
r_section_find(struct rdoc *d, const char *id)
{
	int i;

	for (i = 0; i < d->nsecs; i++)
		if (strcmp(d->secs[i].id, id) == 0)
			return i;
	return -1;
}

const char *
r_section_ref(struct rdoc *d, const char *id)
{
	int i = r_section_find(d, id);
	char pg[16];

	if (i < 0 || d->secs[i].num[0] == '\0')
		return NULL;
	snprintf(pg, sizeof(pg), "%d", d->secs[i].page);
	return R_MSG(d, d->secs[i].appendix ? "ref.appendix" : "ref.section",
	    RM_S("section", d->secs[i].num), RM_S("page", pg));
}

/* Sections that begin on a page of their own: the first after the
 * contents, and the long appendices readers go to directly. */
static bool
own_page(struct rdoc *d, int i)
{
	const char *id = d->secs[i].id;

	return (i > 0 && strcmp(d->secs[i - 1].id, "contents") == 0) ||
	       strcmp(id, "keys") == 0 || strcmp(id, "index") == 0 ||
	       strcmp(id, "summary") == 0;
}

void
r_section_start(struct rdoc *d, int i)
{
	r_tmp_reset(d);
	/* A short section shares the page when more than two fifths of it
	 * is left, so that no page stays nearly empty. */
	if (own_page(d, i) || r_room(d) < 0.4 * (R_BOTTOM - R_TOP))
		r_page_break(d);
	else
		r_space(d, 14.0);
	d->cur_sec = i;
	d->nsub = 0;
	r_heading(d, 1, d->secs[i].title, d->secs[i].dest, i);
}

void
r_subheading(struct rdoc *d, int level, const char *text)
{
	char dest[48];

	snprintf(
	    dest, sizeof(dest), "%s-%d", d->secs[d->cur_sec].dest, ++d->nsub);
	r_heading(d, level, text, dest, -1);
}

/* ---- small tables ------------------------------------------------------ */

void
r_kv_begin(struct rdoc *d, struct rtable *t, double label_w, bool right)
{
	const struct rcolspec c[2] = {
	    {"col.item", RC_FIXED, RA_LEFT, label_w},
	    {"col.amount", RC_TEXT, right ? RA_RIGHT : RA_LEFT, 1},
	};

	rt_setup(d, t, c, 2, NULL, 0);
	t->zebra = true;
}

void
r_kv_row(struct rdoc *d, struct rtable *t, const char *label, const char *val,
    bool run, enum rs st)
{
	struct rrow r;

	rrow_init(&r, RR_BODY);
	rcell_add(&r, 0, RS_TAB, label, false);
	rcell_add(&r, 1, st, val, run);
	rt_rows(d, t, &r, 1);
}

static uint64_t
mag(int64_t v)
{
	return v < 0 ? (uint64_t)(-(v + 1)) + 1 : (uint64_t)v;
}

size_t
r_top_rows(const struct eiti_results *res, size_t *out, size_t n,
    bool (*pred)(const struct eiti_res_row *),
    int64_t (*value)(const struct eiti_res_row *))
{
	size_t i, k = 0;

	for (i = 0; i < res->nrows && n > 0; i++) {
		const struct eiti_res_row *r = &res->rows[i];
		uint64_t v;
		size_t j;

		if (!pred(r))
			continue;
		v = mag(value(r));
		if (k == n && v <= mag(value(&res->rows[out[k - 1]])))
			continue;
		j = k < n ? k++ : n - 1;
		while (j > 0 && mag(value(&res->rows[out[j - 1]])) < v) {
			out[j] = out[j - 1];
			j--;
		}
		out[j] = i;
	}
	return k;
}

/* ---- the document ----------------------------------------------------- */

/* Companies in alphabetical order of their names. */
static char **sort_keys;

static int
cmp_alpha(const void *a, const void *b)
{
	size_t x = *(const size_t *)a, y = *(const size_t *)b;
	int c = strcmp(sort_keys[x], sort_keys[y]);

	if (c == 0)
		c = strcmp(cmp_res->companies[x].id, cmp_res->companies[y].id);
	return c != 0 ? c : (x < y ? -1 : x > y);
}

static void
indexes_init(struct rdoc *d)
{
	const struct eiti_results *res = d->res;
	size_t i;

	d->ent_ix = eiti_xcalloc(res->nentities + 1, sizeof(size_t));
	d->co_ix = eiti_xcalloc(res->ncompanies + 1, sizeof(size_t));
	d->co.page = eiti_xcalloc(res->ncompanies + 1, sizeof(int));
	d->co.order = eiti_xcalloc(res->ncompanies + 1, sizeof(size_t));
	d->co.n = res->ncompanies;
	sort_keys = eiti_xcalloc(res->ncompanies + 1, sizeof(char *));
	for (i = 0; i < res->nentities; i++)
		d->ent_ix[i] = i;
	for (i = 0; i < res->ncompanies; i++) {
		const struct eiti_res_company *c = &res->companies[i];

		d->co_ix[i] = d->co.order[i] = i;
		sort_keys[i] = r_sort_key(c->name[0] ? c->name : c->id);
	}
	cmp_res = res;
	qsort(d->ent_ix, res->nentities, sizeof(size_t), cmp_ent);
	qsort(d->co_ix, res->ncompanies, sizeof(size_t), cmp_co);
	qsort(d->co.order, res->ncompanies, sizeof(size_t), cmp_alpha);
	for (i = 0; i < res->ncompanies; i++)
		free(sort_keys[i]);
	free(sort_keys);
	sort_keys = NULL;
}

void
r_report_fini(struct rdoc *d)
{
	int i;

	free(d->ent_ix);
	free(d->co_ix);
	free(d->co.page);
	free(d->co.order);
	d->ent_ix = d->co_ix = NULL;
	d->co.page = NULL;
	d->co.order = NULL;
	for (i = 0; i < d->nsecs; i++) {
		free(d->secs[i].title);
		d->secs[i].title = NULL;
	}
}

/* Whether the results have section id (every section but those that
 * depend on optional data). */
static bool
section_present(const struct rdoc *d, const char *id)
{
	size_t k;

	for (k = 0; k < sizeof(sections) / sizeof(sections[0]); k++)
		if (strcmp(id, sections[k].id) == 0)
			return sections[k].present == NULL ||
			       sections[k].present(d->res);
	return true;
}

void
r_sections_init(struct rdoc *d)
{
	size_t i;
	int num = 0, letter = 0;

	indexes_init(d);
	d->nsecs = 0;
	for (i = 0; i < d->t->nsections && d->nsecs < R_MAXSECS; i++) {
		const struct eiti_tmpl_section *ts = &d->t->sections[i];
		struct rsec *s;
		char key[80];
		const char *title;

		if (!section_present(d, ts->id))
			continue;
		s = &d->secs[d->nsecs++];
		s->id = ts->id;
		s->appendix = ts->appendix;
		s->page = 0;
		s->num[0] = '\0';
		snprintf(s->dest, sizeof(s->dest), "sec-%s", ts->id);
		snprintf(key, sizeof(key), "section.%s", ts->id);
		title = T(d, key);
		if (strcmp(ts->id, "cover") == 0 ||
		    strcmp(ts->id, "contents") == 0) {
			s->title = r_clean_dup(title);
			s->in_toc = false;
			continue;
		}
		s->in_toc = true;
		if (ts->appendix) {
			s->num[0] = (char)('A' + (letter < 26 ? letter : 25));
			s->num[1] = '\0';
			letter++;
			s->title = r_clean_dup(R_MSG(d, "heading.appendix",
			    RM_S("letter", s->num), RM_S("title", title)));
		} else {
			snprintf(s->num, sizeof(s->num), "%d", ++num);
			s->title = r_clean_dup(R_MSG(d, "heading.numbered",
			    RM_S("number", s->num), RM_S("title", title)));
		}
	}
	r_tmp_reset(d);
}

void
r_report(struct rdoc *d)
{
	int i;
	size_t k;

	for (i = 0; i < d->nsecs && !d->failed; i++) {
		for (k = 0; k < sizeof(sections) / sizeof(sections[0]); k++)
			if (strcmp(d->secs[i].id, sections[k].id) == 0) {
				sections[k].fn(d, i);
				break;
			}
		r_tmp_reset(d);
	}
}
