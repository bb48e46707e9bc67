/*
 * sec_annex.c - the appendices: every key of every in-scope company,
 * company by company; the alphabetical index of companies with their
 * pages; the provenance of every source; how to verify the report; the
 * validation summary; the glossary.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/money.h"
#include "render/rsec.h"

/* ---- every key, company by company --------------------------------------- */

static const struct rcolspec key_cols[5] = {
    {"col.key-entity", RC_TEXT, RA_LEFT, 1},
    {"col.c", RC_MONEY, RA_RIGHT, 62},
    {"col.g", RC_MONEY, RA_RIGHT, 62},
    {"col.f", RC_MONEY, RA_RIGHT, 62},
    {"col.status", RC_FIXED, RA_LEFT, 74},
};

/* The totals group of a company, or NULL. */
static const struct eiti_res_total *
company_total(const struct eiti_results *res, const char *id)
{
	size_t lo = 0, hi = res->nby_company;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = strcmp(res->by_company[mid].key, id);

		if (c == 0)
			return &res->by_company[mid];
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

static void
key_line(struct rdoc *d, struct rtable *t, const struct eiti_res_row *r)
{
	struct rrow row;

	rrow_init(&row, RR_BODY);
	rcell_add(&row, 0, RS_TAB, r_row_entity(d, r), false);
	rcell_add(&row, 0, RS_TAB_GREY,
	    r->project[0]
		? r_tmp_printf(d, "%s · %s", r_stream_label(d, r->stream),
		      r_clean(d, r->project))
		: r_stream_label(d, r->stream),
	    false);
	if (r->has_company)
		rcell_money(d, &row, 1, RS_TAB, r->c);
	else
		rcell_add(&row, 1, RS_TAB_GREY, "—", true);
	if (r->has_government)
		rcell_money(d, &row, 2, RS_TAB, r->g);
	else
		rcell_add(&row, 2, RS_TAB_GREY, "—", true);
	rcell_money(d, &row, 3, RS_TAB, r->f);
	rcell_add(&row, 4, RS_TAB, r_status_name(d, r->status), false);
	if (eiti_result_unreconciled(r))
		rcell_add(
		    &row, 4, RS_TAB_ALERT, T(d, "details.unreconciled"), false);
	rt_rows(d, t, &row, 1);
}

/* One company: its heading (an outline entry the index links to), its
 * totals and a table of its keys. */
static void
company_block(struct rdoc *d, size_t ci, const struct rcolmax *m)
{
	const struct eiti_results *res = d->res;
	const struct eiti_res_company *co = &res->companies[ci];
	const struct eiti_res_total *x = company_total(res, co->id);
	size_t first, n, i;
	struct rtable t;

	first = r_company_rows(d, co->id, &n);
	r_heading_o(d, 3,
	    R_MSG(d, "keys.company",
		RM_S("name",
		    co->name[0] ? r_clean(d, co->name) : r_clean(d, co->id)),
		RM_S("id", r_clean(d, co->id))),
	    r_tmp_printf(d, "co-%zu", ci), true);
	/* the heading, its totals, the table's header and its first key on
	 * one page */
	r_need(d, 70.0 + d->st[RS_NOTE].lh);
	if (x != NULL)
		r_para_keep(d, RS_NOTE,
		    R_MSG(d, "keys.company-sum",
			RM_N("keys", r_in_scope_keys(x)),
			RM_S("g", r_money_s(d, x->g)),
			RM_S("c", r_money_s(d, x->c)),
			RM_S("gross", r_money_s(d, x->gross))));
	if (d->pass == 1)
		d->co.page[ci] = d->page;
	rt_setup(d, &t, key_cols, 5, m, 0);
	for (i = first; i < first + n && !d->failed; i++) {
		key_line(d, &t, &res->rows[i]);
		if (i == first && d->pass == 1)
			d->co.page[ci] = d->page;
		r_tmp_reset(d);
	}
	rt_end(d, &t);
}

void
r_sec_keys(struct rdoc *d, int idx)
{
	const struct eiti_results *res = d->res;
	struct rcolmax m[5] = {{0, false}};
	const char *ref;
	size_t i, n = 0;

	r_section_start(d, idx);
	ref = r_section_ref(d, "index");
	for (i = 0; i < res->nrows; i++) {
		const struct eiti_res_row *r = &res->rows[i];

		if (r->status == EITI_ST_OUT_OF_SCOPE)
			continue;
		n++;
		rcm_add(&m[1], r->c);
		rcm_add(&m[2], r->g);
		rcm_add(&m[3], r->f);
	}
	r_para(d, RS_BODY,
	    R_MSG(d, "keys.intro", RM_N("n", n),
		RM_S("currency", r_clean(d, res->currency)),
		RM_S("index", ref ? "yes" : "no"), RM_S("ref", ref)));
	if (n == 0)
		r_para(d, RS_BODY, T(d, "keys.none"));
	for (i = 0; i < d->co.n && !d->failed; i++) {
		size_t ci = d->co.order[i];

		if (res->companies[ci].in_scope)
			company_block(d, ci, m);
		r_tmp_reset(d);
	}
}

/* ---- index of companies ------------------------------------------------- */

void
r_sec_index(struct rdoc *d, int idx)
{
	static const struct rcolspec c[2] = {
	    {"col.company", RC_TEXT, RA_LEFT, 1},
	    {"col.page", RC_FIXED, RA_RIGHT, 50},
	};
	const struct eiti_results *res = d->res;
	struct rtable t;
	size_t i;

	r_section_start(d, idx);
	r_para(d, RS_BODY, T(d, "index.intro"));
	rt_setup(d, &t, c, 2, NULL, 0);
	for (i = 0; i < d->co.n && !d->failed; i++) {
		size_t ci = d->co.order[i];
		const struct eiti_res_company *co = &res->companies[ci];
		char pg[16];
		struct rrow r;

		rrow_init(&r, RR_BODY);
		rcell_add(&r, 0, RS_TAB,
		    co->name[0] ? r_clean(d, co->name) : r_clean(d, co->id),
		    false);
		rcell_add(&r, 0, RS_TAB_GREY,
		    !co->in_scope
			? r_tmp_printf(d, "%s · %s", r_clean(d, co->id),
			      T(d, "index.out-of-scope"))
		    : !co->reporting
			? r_tmp_printf(d, "%s · %s", r_clean(d, co->id),
			      T(d, "index.nonreporting"))
			: r_clean(d, co->id),
		    false);
		if (d->co.page[ci] > 0) {
			snprintf(pg, sizeof(pg), "%d", d->co.page[ci]);
			rcell_link(&r, 1, RS_TAB_LINK, r_tmp_strdup(d, pg),
			    r_tmp_printf(d, "dest='co-%zu'", ci));
		} else {
			rcell_add(&r, 1, RS_TAB_GREY, "—", true);
		}
		rt_rows(d, &t, &r, 1);
		r_tmp_reset(d);
	}
	rt_end(d, &t);
}

/* ---- provenance ------------------------------------------------------- */

/* A URL in the value column: an external link when it is http(s). */
static void
link_cell(struct rdoc *d, struct rrow *r, const char *url)
{
	const char *attr = r_uri_attr(d, url);

	rcell_link(r, 1, attr ? RS_TAB_LINK : RS_TAB, r_clean(d, url), attr);
}

/* "2023-06-29T08:15:00Z" -> "29 de junio de 2023, 08:15 UTC". */
static const char *
datetime_text(struct rdoc *d, const char *iso)
{
	char hm[8];

	if (iso == NULL || strlen(iso) < 16 || iso[10] != 'T' || iso[13] != ':')
		return r_date(d, iso);
	snprintf(hm, sizeof(hm), "%.5s", iso + 11);
	if (strspn(hm, "0123456789:") != 5)
		return r_date(d, iso);
	return R_MSG(
	    d, "datetime", RM_S("date", r_date(d, iso)), RM_S("time", hm));
}

/* One label and value row of a source's block. */
static void
prov_row(struct rrow *r, struct rdoc *d, const char *label, enum rs st,
    const char *value)
{
	rrow_init(r, RR_BODY);
	rcell_add(r, 0, RS_TAB, T(d, label), false);
	rcell_add(r, 1, st, value, false);
}

/* How the source was obtained, when that says more than "local file":
 * the HTTP status and the fetcher's outcome. */
static const char *
prov_response(struct rdoc *d, const struct eiti_res_source *s)
{
	if (s->http_status > 0)
		return s->outcome[0]
			   ? r_tmp_printf(d, "HTTP %ld · %s", s->http_status,
				 r_coded(d, "outcome", s->outcome))
			   : r_tmp_printf(d, "HTTP %ld", s->http_status);
	if (s->outcome[0] && strcmp(s->outcome, "local") != 0)
		return r_coded(d, "outcome", s->outcome);
	return NULL;
}

static void
prov_source(struct rdoc *d, struct rtable *t, size_t i)
{
	const struct eiti_res_source *s = &d->res->sources[i];
	const char *url = s->url[0] ? s->url : s->href, *resp;
	struct rrow rows[10];
	int n = 0;

	rrow_init(&rows[n], RR_FINAL);
	rcell_add(&rows[n], 0, RS_TAB_BOLD,
	    R_MSG(d, "provenance.source", RM_N("n", i + 1),
		RM_S("role",
		    T(d, s->is_adjustments		? "role.adjustments"
			 : s->role == EITI_ROLE_COMPANY ? "role.company"
							: "role.government")),
		RM_S("reporter", r_clean(d, s->reporter)),
		RM_S("has_reporter", s->reporter[0] ? "yes" : "no")),
	    false);
	rcell_span(&rows[n++], 0, 2);
	rrow_init(&rows[n], RR_BODY);
	rcell_add(&rows[n], 0, RS_TAB, T(d, "provenance.url"), false);
	link_cell(d, &rows[n++], url);
	if (s->final_url[0] && strcmp(s->final_url, url) != 0) {
		rrow_init(&rows[n], RR_BODY);
		rcell_add(&rows[n], 0, RS_TAB, T(d, "provenance.final-url"), 0);
		link_cell(d, &rows[n++], s->final_url);
	}
	prov_row(&rows[n++], d, "provenance.sha256", RS_MONO,
	    s->sha256[0] ? r_clean(d, s->sha256) : "—");
	prov_row(&rows[n++], d, "provenance.bytes", RS_TAB,
	    R_MSG(d, "provenance.bytes-value", RM_N("n", s->bytes)));
	prov_row(&rows[n++], d, "provenance.retrieved", RS_TAB,
	    s->retrieved[0] ? datetime_text(d, s->retrieved)
			    : T(d, "provenance.local"));
	if ((resp = prov_response(d, s)) != NULL)
		prov_row(&rows[n++], d, "provenance.http", RS_TAB, resp);
	if (s->etag[0])
		prov_row(&rows[n++], d, "provenance.etag", RS_MONO,
		    r_clean(d, s->etag));
	if (s->last_modified[0])
		prov_row(&rows[n++], d, "provenance.last-modified", RS_TAB,
		    r_clean(d, s->last_modified));
	if (!s->is_adjustments) {
		rrow_init(&rows[n], RR_BODY);
		rcell_add(&rows[n], 0, RS_TAB, T(d, "provenance.payments"), 0);
		rcell_count(d, &rows[n++], 1, RS_TAB, (int64_t)s->payments);
	}
	rt_rows(d, t, rows, n);
}

void
r_sec_provenance(struct rdoc *d, int idx)
{
	static const struct rcolspec c[2] = {
	    {"col.item", RC_FIXED, RA_LEFT, 130},
	    {"col.source", RC_TEXT, RA_LEFT, 1},
	};
	struct rtable t;
	size_t i;

	r_section_start(d, idx);
	r_para(d, RS_BODY, T(d, "provenance.intro"));
	if (d->res->nsources == 0) {
		r_para(d, RS_BODY, T(d, "provenance.none"));
		return;
	}
	rt_setup(d, &t, c, 2, NULL, 0);
	t.zebra = false;
	for (i = 0; i < d->res->nsources && !d->failed; i++) {
		prov_source(d, &t, i);
		r_tmp_reset(d);
	}
	rt_end(d, &t);
}

/* ---- how to verify ------------------------------------------------------- */

/* The template's file name, without the directory (no operator path in
 * outputs). */
static const char *
template_name(struct rdoc *d)
{
	const char *f = d->t->file, *s = strrchr(f, '/');

	return r_clean(d, s != NULL ? s + 1 : f);
}

/* A digest in monospace, or the words for an unknown one. */
static void
digest_row(struct rdoc *d, struct rtable *t, const char *label, const char *hex)
{
	bool known = hex != NULL && hex[0] != '\0';

	r_kv_row(d, t, label,
	    known ? r_clean(d, hex) : T(d, "verification.unknown"), false,
	    known ? RS_MONO : RS_TAB_GREY);
}

void
r_sec_verification(struct rdoc *d, int idx)
{
	const struct eiti_render_opts *o = d->opts;
	const char *ref;
	char epoch[32];
	struct rtable t;

	r_section_start(d, idx);
	ref = r_section_ref(d, "provenance");
	r_para(d, RS_BODY,
	    R_MSG(d, "verification.intro",
		RM_S("provenance", ref ? "yes" : "no"), RM_S("ref", ref)));
	r_space(d, 2.0);
	r_para_keep(d, RS_CODE, T(d, "verification.command"));
	r_para(d, RS_BODY, T(d, "verification.manifest-note"));
	snprintf(epoch, sizeof(epoch), "%lld", d->epoch);
	r_kv_begin(d, &t, 170, false);
	r_kv_row(d, &t, T(d, "verification.version"),
	    r_tmp_printf(d, "eitirep %s", r_clean(d, d->res->tool_version)),
	    false, RS_TAB);
	r_kv_row(d, &t,
	    R_MSG(d, "verification.templates", RM_S("file", template_name(d))),
	    d->t->sha256, false, RS_MONO);
	r_kv_row(d, &t, T(d, "verification.lang"),
	    r_tmp_printf(d, "%s (%s)", r_clean(d, d->t->lang),
		r_clean(d, d->t->language)),
	    false, RS_TAB);
	r_kv_row(d, &t, T(d, "verification.epoch"),
	    R_MSG(d, "verification.epoch-value", RM_S("epoch", epoch),
		RM_S("date", datetime_text(d, d->date_iso))),
	    false, RS_TAB);
	digest_row(
	    d, &t, T(d, "verification.manifest"), d->res->manifest_sha256);
	digest_row(d, &t, T(d, "verification.results-xml"),
	    o ? o->results_xml_sha256 : NULL);
	digest_row(d, &t, T(d, "verification.results-csv"),
	    o ? o->results_csv_sha256 : NULL);
	rt_end(d, &t);
}

/* ---- validation -----------------------------------------------------------
 */

void
r_sec_validation(struct rdoc *d, int idx)
{
	static const struct rcolspec c[3] = {
	    {"col.file", RC_TEXT, RA_LEFT, 1},
	    {"col.errors", RC_FIXED, RA_RIGHT, 64},
	    {"col.warnings", RC_FIXED, RA_RIGHT, 64},
	};
	const struct eiti_results *res = d->res;
	struct rtable t;
	size_t i, te = 0, tw = 0;

	r_section_start(d, idx);
	r_para(d, RS_BODY, T(d, "validation.intro"));
	if (res->nvalidation == 0) {
		r_para(d, RS_BODY, T(d, "validation.none"));
		return;
	}
	rt_setup(d, &t, c, 3, NULL, 0);
	for (i = 0; i <= res->nvalidation && !d->failed; i++) {
		bool total = i == res->nvalidation;
		enum rs st = total ? RS_TAB_BOLD : RS_TAB;
		struct rrow r;

		rrow_init(&r, total ? RR_TOTAL : RR_BODY);
		if (total) {
			rcell_add(&r, 0, st, T(d, "col.total"), false);
			rcell_count(d, &r, 1, st, (int64_t)te);
			rcell_count(d, &r, 2, st, (int64_t)tw);
		} else {
			const struct eiti_res_validation *v =
			    &res->validation[i];

			rcell_add(&r, 0, st, r_clean(d, v->file), false);
			rcell_count(d, &r, 1, st, (int64_t)v->errors);
			rcell_count(d, &r, 2, st, (int64_t)v->warnings);
			te += v->errors;
			tw += v->warnings;
		}
		rt_rows(d, &t, &r, 1);
		r_tmp_reset(d);
	}
	rt_end(d, &t);
}

/* ---- glossary ------------------------------------------------------------ */

static const struct rcolspec gloss_cols[2] = {
    {"col.term", RC_FIXED, RA_LEFT, 130},
    {"col.definition", RC_TEXT, RA_LEFT, 1},
};

/* Terms named by key prefix (status.X, class.X) with their X.desc. */
static void
gloss_table(
    struct rdoc *d, const char *prefix, const char *const *ids, size_t n)
{
	struct rtable t;
	size_t i;

	rt_setup(d, &t, gloss_cols, 2, NULL, 0);
	for (i = 0; i < n && !d->failed; i++) {
		char key[64], desc[80];
		struct rrow r;

		snprintf(key, sizeof(key), "%s.%s", prefix, ids[i]);
		snprintf(desc, sizeof(desc), "%s.%s.desc", prefix, ids[i]);
		rrow_init(&r, RR_BODY);
		rcell_add(&r, 0, RS_TAB_BOLD, T(d, key), false);
		rcell_add(&r, 1, RS_TAB, T(d, desc), false);
		rt_rows(d, &t, &r, 1);
	}
	rt_end(d, &t);
}

void
r_sec_glossary(struct rdoc *d, int idx)
{
	struct rtable t;
	size_t i;

	r_section_start(d, idx);
	r_para(d, RS_BODY, T(d, "glossary.intro"));
	rt_setup(d, &t, gloss_cols, 2, NULL, 0);
	for (i = 0; i < d->t->nglossary && !d->failed; i++) {
		struct rrow r;

		rrow_init(&r, RR_BODY);
		rcell_add(&r, 0, RS_TAB_BOLD, d->t->glossary[i].term, false);
		rcell_add(&r, 1, RS_TAB, d->t->glossary[i].definition, false);
		rt_rows(d, &t, &r, 1);
	}
	rt_end(d, &t);
	r_subheading(d, 2, T(d, "glossary.statuses"));
	gloss_table(d, "status", r_status_id, EITI_ST_COUNT);
	r_subheading(d, 2, T(d, "glossary.classes"));
	gloss_table(d, "class", r_class_id, R_NCLASS);
}
