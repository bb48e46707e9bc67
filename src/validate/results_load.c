/*
 * results_load.c - eiti_results_load(): read results.xml back into a
 * struct eiti_results for render and export.
 *
 * The file goes through the same engine as every other input (xml.c:
 * capped reads, DOCTYPE refused, no network, no entity expansion, the
 * XSD validator plugged into a streaming push parser), validated against
 * schemas/results.xsd.  The handlers below rebuild exactly what
 * eiti_results_write_xml() wrote, so load(write(x)) gives x back field by
 * field; strings that repeat on every row (ids, names, regions) are
 * interned so memory follows the number of distinct strings.
 *
 * What the schema cannot say is checked here (rule RESULTS): amounts in
 * the report currency's minor unit, a row index that exists, adjustments
 * ordered by row.  Rows take their company's name and their entity's
 * name and region from the companies and entities lists unless they give
 * their own.  The optional transfers part (subnational transfers,
 * model/transfers.h) is read by the handlers at the end of this file.
 */
#include "config.h"

#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "core/arena.h"
#include "core/err.h"
#include "core/iso.h"
#include "core/hash.h"
#include "core/money.h"
#include "core/png.h"
#include "core/url.h"
#include "model/results.h"
#include "validate/internal.h"
#include "validate/results_check.h"
#include "validate/validate.h"

/* Growable array of elem-sized items (malloc'ed; copied into the arena at
 * the end). */
struct vec {
	void *v;
	size_t n, cap;
};

static void *
vec_push(struct vec *a, size_t elem)
{
	if (a->n == a->cap) {
		a->cap = a->cap ? 2 * a->cap : 16;
		a->v = eiti_xrealloc(a->v, a->cap * elem);
	}
	memset((char *)a->v + a->n * elem, 0, elem);
	return (char *)a->v + a->n++ * elem;
}

enum section {
	S_NONE,
	S_PARAMETERS,
	S_RATES,
	S_TOLERANCES,
	S_SOURCES,
	S_VALIDATION,
	S_COMPANIES,
	S_ENTITIES,
	S_ROWS,
	S_ADJUSTMENTS,
	S_TOTALS,
	S_COVERAGE,
	S_NONREPORTING,
	S_TRANSFERS
};

static const char *const section_names[] = {"", "parameters", "rates",
    "tolerances", "sources", "validation", "companies", "entities", "rows",
    "adjustments", "totals", "coverage", "non-reporting", "transfers"};

/* The transfers part being read. */
struct xload {
	bool seen;
	const char *part; /* its depth-3 element: "sharing", "totals", ... */
	int digits;	  /* of the sharing being read; -1 unknown */
	struct eiti_res_xfer_total overall;
	struct vec sharings, shares, rows, recipients, regions, silent;
};

struct lstate {
	struct eiti_results *res;
	struct eiti_arena *arena;
	enum section sec;
	int digits;
	bool have_overall;
	size_t last_adj_row; /* for the ordering check */

	/* text of title/administrator/logo */
	const char **text_target;
	char *text;
	size_t text_n, text_cap;

	char *raw; /* raw(): the last attribute value */
	size_t raw_cap;

	/* companies and entities by id, built at the first row */
	/* companies and entities by id, built at the first row (they come
	 * before the rows) */
	struct eiti_strmap *cmap, *emap;

	/* interned strings */
	struct eiti_strmap *istr; /* keys are the arena's copies */

	struct vec titles, conclusions, recommendations;
	struct vec rates, tols, sources, validation, findings, companies,
	    entities, rows, adjs, by_company, by_stream, by_entity, by_region,
	    unilateral, nonreporting;
	struct xload x;
	struct rcheck *check;  /* derived figures (results_check.h) */
	const char *logo_text; /* base64, decoded at its end tag */
	bool logo_too_long;
	unsigned long logo_line, logo_col;
};

static struct rcheck *
checker(struct lstate *s)
{
	if (s->check == NULL)
		s->check = rcheck_new(s->res, s->tols.v, s->tols.n, s->digits);
	return s->check;
}

/* --- strings ------------------------------------------------------------ */

static const char *
intern(struct lstate *s, const char *str)
{
	struct eiti_strmap_entry *e;
	bool added;

	if (str == NULL || str[0] == '\0')
		return "";
	e = eiti_strmap_add(s->istr, str, &added);
	if (added)
		e->key = eiti_arena_strdup(s->arena, str);
	return e->key;
}

/*
 * An attribute's value exactly as written, or NULL; valid until the next
 * call.  Read from the parser's own bytes (struct vx_elem) rather than
 * vx_attr_raw(): without XML_PARSE_NOENT, libxml2 hands SAX2 attribute
 * values with every '&' (from &amp; or &#38;) re-encoded as the five
 * bytes "&#38;" and every other reference already decoded (its own tree
 * builder decodes them again later).  No other '&' can remain, since a
 * DOCTYPE, hence any other entity, is refused; decoding "&#38;" gives
 * back the exact text.
 */
static const char *
raw(struct vx_run *r, const char *attr)
{
	struct lstate *s = r->ud;
	const struct vx_attr *a = NULL;
	const char *in, *end;
	char *o;
	size_t n;
	int i;

	for (i = 0; i < r->el.nattrs; i++)
		if (strcmp(r->el.attrs[i].name, attr) == 0) {
			a = &r->el.attrs[i];
			break;
		}
	if (a == NULL)
		return NULL;
	in = (const char *)a->value;
	end = (const char *)a->end;
	n = (size_t)(end - in) + 1;
	if (n > s->raw_cap) {
		s->raw_cap = n * 2;
		s->raw = eiti_xrealloc(s->raw, s->raw_cap);
	}
	for (o = s->raw; in < end;) {
		if (*in == '&' && end - in >= 5 &&
		    memcmp(in, "&#38;", 5) == 0) {
			*o++ = '&';
			in += 5;
		} else {
			*o++ = *in++;
		}
	}
	*o = '\0';
	return s->raw;
}

/* A string attribute exactly as written ("" when absent), interned. */
static const char *
str(struct vx_run *r, const char *attr)
{
	return intern(r->ud, raw(r, attr));
}

/* Same, copied (free text that rarely repeats). */
static const char *
text_attr(struct vx_run *r, const char *attr)
{
	struct lstate *s = r->ud;
	const char *v = raw(r, attr);

	return eiti_arena_strdup(s->arena, v != NULL ? v : "");
}

/* A URL attribute, without user name or password (core/url.h): what
 * render and export print from it never shows one, even from a
 * results.xml that carries one. */
static const char *
url_attr(struct vx_run *r, const char *attr)
{
	return eiti_url_redact((char *)text_attr(r, attr));
}

/* --- numbers ------------------------------------------------------------ */

static int64_t
amount(struct vx_run *r, const char *attr, int digits)
{
	const char *v = vx_attr(r, attr);
	int64_t out = 0;

	if (v == NULL)
		return 0;
	switch (eiti_money_parse(&out, v, digits)) {
	case EITI_AMOUNT_OK:
		break;
	case EITI_AMOUNT_DIGITS:
		vx_attr_finding(r, EITI_RULE_RESULTS, attr,
		    "%s '%s' has more than %d fraction digits", attr, v,
		    digits);
		break;
	case EITI_AMOUNT_OVERFLOW:
		vx_attr_finding(r, EITI_RULE_RESULTS, attr,
		    "%s '%s' is too large", attr, v);
		break;
	default:
		vx_attr_finding(r, EITI_RULE_RESULTS, attr,
		    "%s '%s' is not an amount", attr, v);
		break;
	}
	return out;
}

static int64_t
money(struct vx_run *r, const char *attr)
{
	return amount(r, attr, ((struct lstate *)r->ud)->digits);
}

/* A non-negative count; 0 when absent. */
static unsigned long long
count(struct vx_run *r, const char *attr)
{
	const char *v = vx_attr(r, attr), *p;
	unsigned long long n = 0;

	if (v == NULL)
		return 0;
	p = v[0] == '+' ? v + 1 : v;
	if (*p == '\0')
		goto bad;
	for (; *p != '\0'; p++) {
		if (*p < '0' || *p > '9' || n > (ULLONG_MAX - 9) / 10)
			goto bad;
		n = n * 10 + (unsigned)(*p - '0');
	}
	return n;
bad:
	vx_attr_finding(
	    r, EITI_RULE_RESULTS, attr, "%s '%s' is not a count", attr, v);
	return 0;
}

static long long
signed_num(struct vx_run *r, const char *attr)
{
	const char *v = vx_attr(r, attr);
	char *end;
	long long n;

	if (v == NULL)
		return 0;
	errno = 0;
	n = strtoll(v, &end, 10);
	if (errno != 0 || end == v || *end != '\0') {
		vx_attr_finding(r, EITI_RULE_RESULTS, attr,
		    "%s '%s' is not an integer", attr, v);
		return 0;
	}
	return n;
}

/* An xs:boolean attribute; dflt when absent (the schema's default). */
static bool
boolean(struct vx_run *r, const char *attr, bool dflt)
{
	const char *v = vx_attr(r, attr);

	if (v == NULL)
		return dflt;
	return strcmp(v, "true") == 0 || strcmp(v, "1") == 0;
}

static struct eiti_decimal
decimal(struct vx_run *r, const char *attr, const char **text)
{
	struct lstate *s = r->ud;
	struct eiti_decimal d = {0, 0};
	const char *v = vx_attr(r, attr);

	if (text != NULL)
		*text = "";
	if (v == NULL)
		return d;
	if (eiti_decimal_parse(&d, v) != EITI_AMOUNT_OK)
		vx_attr_finding(r, EITI_RULE_RESULTS, attr,
		    "%s '%s' is not a decimal", attr, v);
	else if (text != NULL)
		*text = eiti_arena_strdup(s->arena, v);
	return d;
}

static enum eiti_role
role(struct vx_run *r, const char *attr)
{
	const char *v = vx_attr(r, attr);

	return v != NULL && strcmp(v, "government") == 0 ? EITI_ROLE_GOVERNMENT
							 : EITI_ROLE_COMPANY;
}

/* --- elements ------------------------------------------------------------ */

static void
parameters(struct vx_run *r, struct lstate *s)
{
	struct eiti_results *res = s->res;
	unsigned long long d = count(r, "currency-digits");
	const char *level = vx_attr(r, "level");

	if (d > 18) {
		vx_attr_finding(r, EITI_RULE_RESULTS, "currency-digits",
		    "currency-digits %llu is out of range", d);
		d = 2;
	}
	s->digits = (int)d;
	res->currency_digits = (int)d;
	res->country = str(r, "country");
	res->period_start = str(r, "period-start");
	res->period_end = str(r, "period-end");
	res->currency = str(r, "currency");
	res->lang = str(r, "lang");
	res->level_project = level != NULL && strcmp(level, "project") == 0;
	res->has_materiality = vx_attr(r, "materiality") != NULL;
	res->materiality = money(r, "materiality");
	res->abs_tol = money(r, "abs-tolerance");
	res->rel_tol = decimal(r, "rel-tolerance", &res->rel_tol_text);
	res->manifest_sha256 = text_attr(r, "manifest-sha256");
}

static void
group(
    struct vx_run *r, struct lstate *s, struct eiti_res_total *t, bool overall)
{
	static const char *const names[EITI_ST_COUNT] = {"matched",
	    "within-tolerance", "discrepancy", "company-only",
	    "government-only", "out-of-scope"};
	int i;

	t->key = overall ? "" : str(r, "key");
	t->name = str(r, "name");
	t->c = money(r, "c");
	t->g = money(r, "g");
	t->d = money(r, "d");
	t->ac = money(r, "ac");
	t->ag = money(r, "ag");
	t->f = money(r, "f");
	t->gross = money(r, "gross");
	t->keys = (size_t)count(r, "keys");
	for (i = 0; i < EITI_ST_COUNT; i++)
		t->count[i] = (size_t)count(r, names[i]);
	(void)s;
}

/* The element of v (stride bytes) that map gives id, or NULL. */
static const void *
by_id(const struct eiti_strmap *map, const struct vec *v, size_t stride,
    const char *id)
{
	size_t i = eiti_strmap_index(map, id);

	return i != SIZE_MAX ? (const char *)v->v + i * stride : NULL;
}

/* A row's in-kind attributes (EITI Requirement 4.2, results.h): volume
 * and unit come together, and only with in-kind="true" (absent with it:
 * several units). */
static void
inkind(struct vx_run *r, struct lstate *s, struct eiti_res_row *w)
{
	const char *vol = vx_attr(r, "in-kind-volume");
	bool has_unit = vx_attr(r, "in-kind-unit") != NULL;

	w->in_kind = boolean(r, "in-kind", false);
	w->inkind_volume = "";
	w->inkind_unit = "";
	if ((vol != NULL || has_unit) && !w->in_kind) {
		vx_attr_finding(r, EITI_RULE_RESULTS,
		    vol != NULL ? "in-kind-volume" : "in-kind-unit",
		    "an in-kind volume or unit on a row without "
		    "in-kind=\"true\"");
		return;
	}
	if ((vol != NULL) != has_unit) {
		vx_attr_finding(r, EITI_RULE_RESULTS,
		    vol != NULL ? "in-kind-volume" : "in-kind-unit",
		    "in-kind-volume and in-kind-unit go together");
		return;
	}
	if (vol != NULL) {
		w->inkind_volume = eiti_arena_strdup(s->arena, vol);
		w->inkind_unit = str(r, "in-kind-unit");
	}
}

static void
row(struct vx_run *r, struct lstate *s)
{
	struct eiti_res_row *w = vec_push(&s->rows, sizeof(*w));
	const struct eiti_res_company *c;
	const struct eiti_res_entity *e;
	const char *st = vx_attr(r, "status");
	int status = eiti_status_parse(st);

	w->company_id = str(r, "company");
	w->entity_id = str(r, "entity");
	w->stream = str(r, "stream");
	w->project = str(r, "project");
	if (s->cmap == NULL) {
		const struct eiti_res_company *cv = s->companies.v;
		const struct eiti_res_entity *ev = s->entities.v;

		s->cmap = eiti_strmap_of_array(
		    cv != NULL ? &cv->id : NULL, sizeof(*cv), s->companies.n);
		s->emap = eiti_strmap_of_array(
		    ev != NULL ? &ev->id : NULL, sizeof(*ev), s->entities.n);
	}
	c = by_id(s->cmap, &s->companies, sizeof(*c), w->company_id);
	e = by_id(s->emap, &s->entities, sizeof(*e), w->entity_id);
	/* written only where they differ from the lists */
	w->company_name = vx_attr(r, "company-name") != NULL
			      ? str(r, "company-name")
			  : c != NULL ? c->name
				      : "";
	w->entity_name = vx_attr(r, "entity-name") != NULL
			     ? str(r, "entity-name")
			 : e != NULL ? e->name
				     : "";
	w->region = vx_attr(r, "region") != NULL ? str(r, "region")
		    : e != NULL			 ? e->region
						 : "";
	w->c = money(r, "c");
	w->g = money(r, "g");
	w->d = money(r, "d");
	w->ac = money(r, "ac");
	w->ag = money(r, "ag");
	w->f = money(r, "f");
	w->tolerance = money(r, "tolerance");
	if (status < 0) {
		vx_attr_finding(r, EITI_RULE_RESULTS, "status",
		    "unknown status '%s'", st != NULL ? st : "");
		status = EITI_ST_DISCREPANCY;
	}
	w->status = (enum eiti_status)status;
	w->explained = boolean(r, "explained", false);
	w->beyond_tolerance =
	    boolean(r, "beyond-tolerance", w->status == EITI_ST_DISCREPANCY);
	if (boolean(r, "unreconciled", false) != eiti_result_unreconciled(w))
		vx_attr_finding(r, EITI_RULE_RESULTS, "unreconciled",
		    "unreconciled=\"%s\" does not agree with the row's "
		    "status, explanation and tolerance",
		    boolean(r, "unreconciled", false) ? "true" : "false");
	w->has_company = boolean(r, "company-side", true);
	w->has_government = boolean(r, "government-side", true);
	inkind(r, s, w);
	rcheck_row(checker(s), r, s->rows.n - 1, w,
	    c == NULL	  ? -1
	    : c->in_scope ? 1
			  : 0);
}

static void
adjustment(struct vx_run *r, struct lstate *s, bool explanation)
{
	struct eiti_res_adjustment *a = vec_push(&s->adjs, sizeof(*a));
	unsigned long long rw;

	a->is_explanation = explanation;
	a->row = SIZE_MAX;
	if (vx_attr(r, "row") != NULL) {
		rw = count(r, "row");
		if (rw >= s->rows.n)
			vx_attr_finding(r, EITI_RULE_RESULTS, "row",
			    "row %llu does not exist (%zu rows)", rw,
			    s->rows.n);
		else
			a->row = (size_t)rw;
	}
	if (a->row < s->last_adj_row)
		vx_elem_finding(
		    r, EITI_RULE_RESULTS, "adjustments are not ordered by row");
	s->last_adj_row = a->row;
	a->side = explanation ? EITI_ROLE_COMPANY : role(r, "side");
	a->company_id = str(r, "company");
	a->entity_id = str(r, "entity");
	a->stream = str(r, "stream");
	a->project = str(r, "project");
	a->currency = str(r, "currency");
	a->amount_text = text_attr(r, "amount");
	a->value = explanation ? 0 : money(r, "value");
	a->klass = str(r, "class");
	a->reason = text_attr(r, "reason");
	a->ref = text_attr(r, "ref");
}

static void
source(struct vx_run *r, struct lstate *s)
{
	struct eiti_res_source *o = vec_push(&s->sources, sizeof(*o));

	o->role = role(r, "role");
	o->is_adjustments = boolean(r, "adjustments", false);
	o->href = url_attr(r, "href");
	o->reporter = str(r, "reporter");
	o->url = url_attr(r, "url");
	o->final_url = url_attr(r, "final-url");
	o->etag = text_attr(r, "etag");
	o->last_modified = text_attr(r, "last-modified");
	o->retrieved = text_attr(r, "retrieved");
	o->outcome = str(r, "outcome");
	o->sha256 = text_attr(r, "sha256");
	o->profile = text_attr(r, "profile");
	o->profile_sha256 = text_attr(r, "profile-sha256");
	o->http_status = (long)signed_num(r, "http-status");
	o->bytes = signed_num(r, "bytes");
	o->payments = (size_t)count(r, "payments");
}

static void xfer_start(struct vx_run *r, struct lstate *s);

static void
start_text(struct lstate *s, const char **target)
{
	s->text_target = target;
	s->text_n = 0;
}

/* A section element (depth 2): which one, and the attributes some of
 * them carry. */
static void
section_start(struct vx_run *r, struct lstate *s)
{
	struct eiti_results *res = s->res;
	int i;

	s->sec = S_NONE;
	for (i = 1; i <= S_TRANSFERS; i++)
		if (strcmp(r->el.local, section_names[i]) == 0)
			s->sec = (enum section)i;
	if (s->sec == S_PARAMETERS) {
		parameters(r, s);
	} else if (s->sec == S_COVERAGE) {
		res->coverage_num = money(r, "numerator");
		res->coverage_den = money(r, "denominator");
		res->has_coverage = vx_attr(r, "percent") != NULL;
		res->coverage_bp = amount(r, "percent", 2);
	} else if (s->sec == S_TRANSFERS) {
		s->x.seen = true;
	}
}

/* A text with its language (parameters/title, conclusion,
 * recommendation): its content arrives before the next element. */
static void
lang_text(struct vx_run *r, struct lstate *s, struct vec *v)
{
	struct eiti_res_text *t = vec_push(v, sizeof(*t));

	t->lang = str(r, "lang");
	t->text = "";
	start_text(s, &t->text);
}

static void
parameter_text(struct vx_run *r, struct lstate *s)
{
	const char *el = r->el.local;

	if (strcmp(el, "title") == 0)
		lang_text(r, s, &s->titles);
	else if (strcmp(el, "conclusion") == 0)
		lang_text(r, s, &s->conclusions);
	else if (strcmp(el, "recommendation") == 0)
		lang_text(r, s, &s->recommendations);
	else if (strcmp(el, "administrator") == 0)
		start_text(s, &s->res->administrator);
	else if (strcmp(el, "logo") == 0) {
		start_text(s, &s->logo_text);
		vx_elem_pos(r, &s->logo_line, &s->logo_col);
	}
}

static void
rate(struct vx_run *r, struct lstate *s)
{
	struct eiti_res_rate *o = vec_push(&s->rates, sizeof(*o));

	o->currency = str(r, "currency");
	o->rate = decimal(r, "value", &o->value);
	o->source = text_attr(r, "source");
}

static void
tolerance(struct vx_run *r, struct lstate *s)
{
	struct eiti_res_tolerance *o = vec_push(&s->tols, sizeof(*o));

	o->stream = str(r, "stream");
	o->entity = str(r, "entity");
	o->has_abs = vx_attr(r, "abs") != NULL;
	o->abs = money(r, "abs");
	o->has_rel = vx_attr(r, "rel") != NULL;
	o->rel = decimal(r, "rel", &o->rel_text);
}

static void
validation(struct vx_run *r, struct lstate *s)
{
	if (strcmp(r->el.local, "file") == 0) {
		struct eiti_res_validation *o =
		    vec_push(&s->validation, sizeof(*o));
		o->file = text_attr(r, "name");
		o->errors = (size_t)count(r, "errors");
		o->warnings = (size_t)count(r, "warnings");
	} else if (strcmp(r->el.local, "finding") == 0) {
		struct eiti_res_finding *o = vec_push(&s->findings, sizeof(*o));
		const char *sev = vx_attr(r, "severity");
		o->file = str(r, "file");
		o->line = (unsigned long)count(r, "line");
		o->col = (unsigned long)count(r, "column");
		o->is_error = sev != NULL && strcmp(sev, "error") == 0;
		o->rule = str(r, "rule");
		o->message = text_attr(r, "message");
	}
}

static void
company(struct vx_run *r, struct lstate *s)
{
	struct eiti_res_company *o = vec_push(&s->companies, sizeof(*o));

	o->id = str(r, "id");
	o->name = str(r, "name");
	o->sector = str(r, "sector");
	o->commodity = str(r, "commodity");
	o->in_scope = boolean(r, "in-scope", false);
	o->reporting = boolean(r, "reporting", false);
	o->g = money(r, "g");
	o->aliases = text_attr(r, "aliases");
}

static void
entity(struct vx_run *r, struct lstate *s)
{
	struct eiti_res_entity *o = vec_push(&s->entities, sizeof(*o));

	o->id = str(r, "id");
	o->name = str(r, "name");
	o->level = str(r, "level");
	o->region = str(r, "region");
}

/* One total: the overall one, or a group's (by company, stream, entity
 * or region). */
static void
total(struct vx_run *r, struct lstate *s)
{
	const char *el = r->el.local;
	struct vec *v = strcmp(el, "company") == 0  ? &s->by_company
			: strcmp(el, "stream") == 0 ? &s->by_stream
			: strcmp(el, "entity") == 0 ? &s->by_entity
			: strcmp(el, "region") == 0 ? &s->by_region
						    : NULL;

	if (strcmp(el, "overall") == 0) {
		group(r, s, &s->res->overall, true);
		s->have_overall = true;
		rcheck_total_line(checker(s), r, -1);
	} else if (v != NULL) {
		group(r, s, vec_push(v, sizeof(struct eiti_res_total)), false);
		rcheck_total_line(checker(s), r,
		    v == &s->by_company	 ? RC_COMPANY
		    : v == &s->by_stream ? RC_STREAM
		    : v == &s->by_entity ? RC_ENTITY
					 : RC_REGION);
	}
}

static void
unilateral(struct vx_run *r, struct lstate *s)
{
	struct eiti_res_unilateral *o = vec_push(&s->unilateral, sizeof(*o));

	o->entity_id = str(r, "entity");
	o->stream = str(r, "stream");
	o->has_declared = vx_attr(r, "declared") != NULL;
	o->declared = money(r, "declared");
	o->g_all = money(r, "g-all");
	o->g_in = money(r, "g-in");
}

static void
nonreporting(struct vx_run *r, struct lstate *s)
{
	struct eiti_res_nonreporting *o =
	    vec_push(&s->nonreporting, sizeof(*o));

	o->company_id = str(r, "id");
	o->company_name = str(r, "name");
	o->g = money(r, "g");
	o->share_bp = amount(r, "share", 2);
}

static void
on_start(struct vx_run *r)
{
	struct lstate *s = r->ud;

	if (!r->el.ours)
		return;
	if (r->el.depth == 1) {
		s->res->generated = str(r, "generated");
		s->res->tool_version = str(r, "tool-version");
		return;
	}
	if (r->el.depth == 2) {
		section_start(r, s);
		return;
	}
	if (s->sec == S_TRANSFERS) {
		xfer_start(r, s);
		return;
	}
	if (r->el.depth != 3)
		return;
	switch (s->sec) {
	case S_PARAMETERS:
		parameter_text(r, s);
		break;
	case S_RATES:
		rate(r, s);
		break;
	case S_TOLERANCES:
		tolerance(r, s);
		break;
	case S_SOURCES:
		source(r, s);
		break;
	case S_VALIDATION:
		validation(r, s);
		break;
	case S_COMPANIES:
		company(r, s);
		break;
	case S_ENTITIES:
		entity(r, s);
		break;
	case S_ROWS:
		row(r, s);
		break;
	case S_ADJUSTMENTS:
		adjustment(r, s, strcmp(r->el.local, "explanation") == 0);
		break;
	case S_TOTALS:
		total(r, s);
		break;
	case S_COVERAGE:
		unilateral(r, s);
		break;
	case S_NONREPORTING:
		nonreporting(r, s);
		break;
	default:
		break;
	}
}

static void
on_text(struct vx_run *r, const char *t, int len)
{
	struct lstate *s = r->ud;

	if (s->text_target == NULL || len <= 0)
		return;
	/* base64 of 2 MiB with its line breaks is below this: an image up
	 * to twice the limit is decoded, for its header to say what it is */
	if (s->text_target == &s->logo_text &&
	    s->text_n + (size_t)len > 3 * (size_t)EITI_LOGO_MAX_BYTES) {
		s->logo_too_long = true;
		return;
	}
	if (s->text_n + (size_t)len + 1 > s->text_cap) {
		s->text_cap = (s->text_n + (size_t)len + 1) * 2;
		s->text = eiti_xrealloc(s->text, s->text_cap);
	}
	memcpy(s->text + s->text_n, t, (size_t)len);
	s->text_n += (size_t)len;
}

/* The logo's base64 text read: decoded and checked as reconcile checked
 * the file (core/png.h), before anything decodes the image. */
static void
logo_end(struct vx_run *r, struct lstate *s)
{
	char why[EITI_LOGO_WHY_SIZE];
	unsigned char *png = NULL;
	size_t n = 0;
	const char *bad = NULL;

	s->text_target = NULL;
	if (s->logo_too_long)
		bad = "larger than 1 MiB";
	else if (!eiti_base64_decode(s->text != NULL ? s->text : "", s->text_n,
		     2 * EITI_LOGO_MAX_BYTES, &png, &n))
		bad = "not base64";
	else if (n > 0)
		bad = eiti_logo_check(png, n, why);
	if (bad != NULL) {
		vx_finding_at(r, s->logo_line, s->logo_col, EITI_RULE_LOGO,
		    "logo: %s", bad);
	} else if (n > 0) {
		unsigned char *copy = eiti_arena_alloc(s->arena, n + 1);

		memcpy(copy, png, n);
		s->res->logo = copy;
		s->res->logo_size = n;
	}
	free(png);
}

/* At the end of the document: the derived figures that need all of it. */
static void
check_document(struct vx_run *r, struct lstate *s)
{
	struct rcheck_doc doc;

	memset(&doc, 0, sizeof(doc));
	doc.rows = s->rows.v;
	doc.nrows = s->rows.n;
	doc.adjs = s->adjs.v;
	doc.nadjs = s->adjs.n;
	doc.overall = s->have_overall ? &s->res->overall : NULL;
	doc.groups[RC_COMPANY] = s->by_company.v;
	doc.ngroups[RC_COMPANY] = s->by_company.n;
	doc.groups[RC_STREAM] = s->by_stream.v;
	doc.ngroups[RC_STREAM] = s->by_stream.n;
	doc.groups[RC_ENTITY] = s->by_entity.v;
	doc.ngroups[RC_ENTITY] = s->by_entity.n;
	doc.groups[RC_REGION] = s->by_region.v;
	doc.ngroups[RC_REGION] = s->by_region.n;
	rcheck_finish(checker(s), r, &doc);
}

static void
on_end(struct vx_run *r, const char *local, int depth)
{
	struct lstate *s = r->ud;

	if (depth == 1 && strcmp(local, "results") == 0)
		check_document(r, s);
	if (depth == 3 && s->text_target == &s->logo_text) {
		logo_end(r, s);
		return;
	}
	if (depth == 3 && s->text_target != NULL) {
		*s->text_target = eiti_arena_strndup(
		    s->arena, s->text ? s->text : "", s->text_n);
		s->text_target = NULL;
	}
}

static const struct vx_ops results_ops = {on_start, on_end, on_text};

/* --- the load ------------------------------------------------------------ */

static struct lstate *
state_new(void)
{
	struct lstate *s = eiti_xcalloc(1, sizeof(*s));
	struct eiti_results *res = eiti_xcalloc(1, sizeof(*res));

	s->arena = eiti_arena_new();
	s->res = res;
	res->arena = s->arena;
	s->digits = 2;
	s->last_adj_row = 0;
	s->istr = eiti_strmap_new();
	res->title = res->country = res->period_start = res->period_end = "";
	res->currency = res->lang = res->administrator = "";
	res->rel_tol_text = res->generated = res->tool_version = "";
	res->manifest_sha256 = "";
	res->overall.key = res->overall.name = "";
	return s;
}

static void
vec_free_all(struct lstate *s)
{
	struct vec *v[] = {&s->titles, &s->conclusions, &s->recommendations,
	    &s->rates, &s->tols, &s->sources, &s->validation, &s->findings,
	    &s->companies, &s->entities, &s->rows, &s->adjs, &s->by_company,
	    &s->by_stream, &s->by_entity, &s->by_region, &s->unilateral,
	    &s->nonreporting, &s->x.sharings, &s->x.shares, &s->x.rows,
	    &s->x.recipients, &s->x.regions, &s->x.silent};
	size_t i;

	for (i = 0; i < sizeof(v) / sizeof(v[0]); i++) {
		free(v[i]->v);
		v[i]->v = NULL;
	}
}

static void
state_free(struct lstate *s)
{
	if (s == NULL)
		return;
	eiti_results_free(s->res);
	vec_free_all(s);
	eiti_strmap_free(s->istr);
	free(s->text);
	free(s->raw);
	eiti_strmap_free(s->cmap);
	eiti_strmap_free(s->emap);
	rcheck_free(s->check);
	free(s);
}

/* Copy a vector into the arena: *out (n items of elem bytes). */
static void *
settle(struct lstate *s, struct vec *v, size_t elem, size_t *n)
{
	void *p = eiti_arena_alloc(s->arena, (v->n + 1) * elem);

	if (v->n > 0)
		memcpy(p, v->v, v->n * elem);
	*n = v->n;
	return p;
}

static struct eiti_res_transfers *xfer_take(struct lstate *s);

static struct eiti_results *
state_take(struct lstate *s)
{
	struct eiti_results *res = s->res;
	size_t i;

	res->titles =
	    settle(s, &s->titles, sizeof(*res->titles), &res->ntitles);
	res->conclusions = settle(
	    s, &s->conclusions, sizeof(*res->conclusions), &res->nconclusions);
	res->recommendations = settle(s, &s->recommendations,
	    sizeof(*res->recommendations), &res->nrecommendations);
	/* the title printed when no language is asked for */
	res->title = eiti_results_title(res, res->lang);
	res->rates = settle(s, &s->rates, sizeof(*res->rates), &res->nrates);
	res->tolerances =
	    settle(s, &s->tols, sizeof(*res->tolerances), &res->ntolerances);
	res->sources =
	    settle(s, &s->sources, sizeof(*res->sources), &res->nsources);
	res->validation = settle(
	    s, &s->validation, sizeof(*res->validation), &res->nvalidation);
	res->findings =
	    settle(s, &s->findings, sizeof(*res->findings), &res->nfindings);
	res->companies =
	    settle(s, &s->companies, sizeof(*res->companies), &res->ncompanies);
	res->entities =
	    settle(s, &s->entities, sizeof(*res->entities), &res->nentities);
	res->rows = settle(s, &s->rows, sizeof(*res->rows), &res->nrows);
	res->adjustments =
	    settle(s, &s->adjs, sizeof(*res->adjustments), &res->nadjustments);
	res->by_company = settle(
	    s, &s->by_company, sizeof(*res->by_company), &res->nby_company);
	res->by_stream =
	    settle(s, &s->by_stream, sizeof(*res->by_stream), &res->nby_stream);
	res->by_entity =
	    settle(s, &s->by_entity, sizeof(*res->by_entity), &res->nby_entity);
	res->by_region =
	    settle(s, &s->by_region, sizeof(*res->by_region), &res->nby_region);
	res->unilateral = settle(
	    s, &s->unilateral, sizeof(*res->unilateral), &res->nunilateral);
	res->nonreporting = settle(s, &s->nonreporting,
	    sizeof(*res->nonreporting), &res->nnonreporting);
	/* each row's run of adjustments (they are ordered by row) */
	for (i = 0; i < res->nadjustments; i++) {
		struct eiti_res_row *w;

		if (res->adjustments[i].row == SIZE_MAX)
			continue;
		w = &res->rows[res->adjustments[i].row];
		if (w->nadj == 0)
			w->first_adj = i;
		w->nadj++;
	}
	res->transfers = s->x.seen ? xfer_take(s) : NULL;
	s->res = NULL;
	return res;
}

/* --- subnational transfers ------------------------------------------------ */

static void
xfer_total(struct vx_run *r, struct eiti_res_xfer_total *t, bool overall)
{
	int i;

	t->key = overall ? "" : str(r, "key");
	t->name = str(r, "name");
	t->e = money(r, "entitled");
	t->s = money(r, "sent");
	t->r = money(r, "received");
	t->s_e = money(r, "sent-minus-entitled");
	t->r_s = money(r, "received-minus-sent");
	t->gross_s_e = money(r, "gross-sent-minus-entitled");
	t->gross_r_s = money(r, "gross-received-minus-sent");
	t->keys = (size_t)count(r, "keys");
	for (i = 0; i < EITI_XS_COUNT; i++)
		t->count[i] = (size_t)count(
		    r, eiti_xfer_status_name((enum eiti_xfer_status)i));
}

/* A figure of a transfer key: false when absent. */
static bool
xfer_figure(struct vx_run *r, const char *attr, int64_t *v)
{
	*v = money(r, attr);
	return vx_attr(r, attr) != NULL;
}

static void
xfer_row(struct vx_run *r, struct lstate *s)
{
	struct eiti_res_xfer *w = vec_push(&s->x.rows, sizeof(*w));
	const char *st = vx_attr(r, "status"), *src = vx_attr(r, "entitlement");
	int status = eiti_xfer_status_parse(st);
	bool has_s_e, has_r_s;

	w->from_id = str(r, "from");
	w->from_name = str(r, "from-name");
	w->to_id = str(r, "to");
	w->to_name = str(r, "to-name");
	w->region = str(r, "region");
	w->stream = str(r, "stream");
	w->has_e = xfer_figure(r, "entitled", &w->e);
	w->has_s = xfer_figure(r, "sent", &w->s);
	w->has_r = xfer_figure(r, "received", &w->r);
	w->formula = src != NULL && strcmp(src, "formula") == 0;
	has_s_e = xfer_figure(r, "sent-minus-entitled", &w->s_e);
	has_r_s = xfer_figure(r, "received-minus-sent", &w->r_s);
	w->tolerance = money(r, "tolerance");
	if (has_s_e != eiti_xfer_has_s_e(w) || has_r_s != eiti_xfer_has_r_s(w))
		vx_elem_finding(r, EITI_RULE_RESULTS,
		    "a difference is given exactly when both its figures are");
	if ((src != NULL) != w->has_e)
		vx_elem_finding(r, EITI_RULE_RESULTS,
		    "entitlement is given exactly when entitled is");
	if (status < 0) {
		vx_attr_finding(r, EITI_RULE_RESULTS, "status",
		    "unknown transfer status '%s'", st != NULL ? st : "");
		status = EITI_XS_DISCREPANCY;
	}
	w->status = (enum eiti_xfer_status)status;
}

static void
xfer_sharing(struct vx_run *r, struct lstate *s)
{
	struct eiti_res_sharing *o = vec_push(&s->x.sharings, sizeof(*o));

	o->from = str(r, "from");
	o->from_name = str(r, "from-name");
	o->stream = str(r, "stream");
	o->currency = str(r, "currency");
	o->currency_digits = eiti_currency_digits(o->currency);
	if (o->currency_digits < 0)
		vx_attr_finding(r, EITI_RULE_RESULTS, "currency",
		    "unknown currency '%s'", o->currency);
	s->x.digits = o->currency_digits;
	o->base = amount(r, "base", o->currency_digits < 0 ? 2 : s->x.digits);
	o->basis = text_attr(r, "basis");
}

static void
xfer_share(struct vx_run *r, struct lstate *s)
{
	struct eiti_res_share *o = vec_push(&s->x.shares, sizeof(*o));
	struct eiti_res_sharing *sh;

	if (s->x.sharings.n == 0)
		return; /* the schema has said it */
	sh = (struct eiti_res_sharing *)s->x.sharings.v + s->x.sharings.n - 1;
	sh->nshares++;
	o->to = str(r, "to");
	o->rate = decimal(r, "rate", &o->rate_text);
	o->amount = amount(r, "amount", s->x.digits < 0 ? 2 : s->x.digits);
	o->value = money(r, "value");
}

static void
xfer_start(struct vx_run *r, struct lstate *s)
{
	const char *el = r->el.local;

	if (r->el.depth == 3) {
		s->x.part = el;
		if (strcmp(el, "sharing") == 0)
			xfer_sharing(r, s);
		else if (strcmp(el, "transfer") == 0)
			xfer_row(r, s);
		return;
	}
	if (r->el.depth != 4 || s->x.part == NULL)
		return;
	if (strcmp(s->x.part, "sharing") == 0 && strcmp(el, "share") == 0)
		xfer_share(r, s);
	else if (strcmp(s->x.part, "totals") == 0) {
		if (strcmp(el, "overall") == 0)
			xfer_total(r, &s->x.overall, true);
		else if (strcmp(el, "recipient") == 0)
			xfer_total(r,
			    vec_push(&s->x.recipients,
				sizeof(struct eiti_res_xfer_total)),
			    false);
		else if (strcmp(el, "region") == 0)
			xfer_total(r,
			    vec_push(&s->x.regions,
				sizeof(struct eiti_res_xfer_total)),
			    false);
	} else if (strcmp(s->x.part, "not-reporting") == 0 &&
		   strcmp(el, "recipient") == 0) {
		struct eiti_res_xfer_silent *o =
		    vec_push(&s->x.silent, sizeof(*o));
		o->id = str(r, "id");
		o->name = str(r, "name");
		o->region = str(r, "region");
		o->e = money(r, "entitled");
		o->s = money(r, "sent");
	}
}

static struct eiti_res_transfers *
xfer_take(struct lstate *s)
{
	struct eiti_res_transfers *t = eiti_arena_alloc(s->arena, sizeof(*t));
	struct eiti_res_share *shares;
	size_t i, nshares, at = 0;

	t->sharings =
	    settle(s, &s->x.sharings, sizeof(*t->sharings), &t->nsharings);
	shares = settle(s, &s->x.shares, sizeof(*shares), &nshares);
	/* each sharing's shares follow it in document order */
	for (i = 0; i < t->nsharings; i++) {
		t->sharings[i].shares = shares + at;
		at += t->sharings[i].nshares;
	}
	t->rows = settle(s, &s->x.rows, sizeof(*t->rows), &t->nrows);
	t->overall = s->x.overall;
	t->overall.key = t->overall.name = "";
	t->by_recipient = settle(
	    s, &s->x.recipients, sizeof(*t->by_recipient), &t->nby_recipient);
	t->by_region =
	    settle(s, &s->x.regions, sizeof(*t->by_region), &t->nby_region);
	t->silent = settle(s, &s->x.silent, sizeof(*t->silent), &t->nsilent);
	return t;
}

struct load_args {
	struct lstate *state;
};

static const struct vx_ops *
ops_for(enum eiti_doc_kind kind, void *arg, void **ud)
{
	struct load_args *a = arg;

	(void)kind;
	a->state = state_new();
	*ud = a->state;
	return &results_ops;
}

int
eiti_results_load(struct eiti_results **out, const char *path,
    struct eiti_diags *diags, struct eiti_err *err)
{
	struct load_args a = {NULL};
	size_t before = diags->errors;
	enum eiti_doc_kind kind;
	int rc;

	*out = NULL;
	rc = vx_run_file(
	    &kind, path, path, EITI_DOC_RESULTS, ops_for, &a, diags, err);
	if (rc == 0 && (diags->errors > before || a.state == NULL))
		rc = 1;
	if (rc == 0 && !a.state->have_overall) {
		eiti_finding(diags, EITI_RULE_RESULTS, path, 0, 0,
		    "no totals: not a complete results file");
		rc = 1;
	}
	if (rc == 0)
		*out = state_take(a.state);
	state_free(a.state);
	return rc;
}
