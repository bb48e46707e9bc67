/*
 * write.c - the results writers: results.csv (SPEC 3.4, byte-exact) and
 * results.xml (urn:eitirep:results:1, schemas/results.xsd).
 *
 * Both are pure functions of struct eiti_results, so the same results
 * give byte-identical files (the only clock, `generated`, is already in
 * the struct).  Output is assembled in a 64 KiB buffer and handed to the
 * atomic file in large writes; the first write error poisons the writer
 * and is returned at the end.
 *
 * results.csv follows RFC 4180: CRLF line ends (as the RFC and Python's
 * csv module write them), a field is quoted only when it holds a comma, a
 * double quote, CR or LF, and quotes inside are doubled; a text field
 * that a spreadsheet would take for a formula gets a leading "'"
 * (core/csv.h).  transfers.csv (subnational transfers, model/transfers.h)
 * is written the same way, and the transfers part of results.xml at the
 * end of this file.
 *
 * results.xml text and attributes are escaped (& < > " always; TAB, LF
 * and CR in attributes as character references so they survive
 * attribute-value normalisation); characters XML 1.0 forbids (C0
 * controls other than TAB/LF/CR, U+FFFE, U+FFFF) are dropped and invalid
 * UTF-8 becomes U+FFFD, so the file is always well-formed.
 */
#include "config.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/csv.h"
#include "core/hash.h"
#include "core/money.h"
#include "core/png.h"
#include "reconcile/reconcile.h"
#include "reconcile/transfers.h"

#define OUT_CHUNK (1024 * 1024) /* large writes: ~1 M rows at most */

struct out {
	struct eiti_afile *f;
	struct eiti_err *err;
	char *buf;
	size_t n;
	int failed;
};

static void
o_flush(struct out *o)
{
	if (o->n > 0 && !o->failed &&
	    eiti_afile_write(o->f, o->buf, o->n, o->err) != 0)
		o->failed = 1;
	o->n = 0;
}

static void
o_put_slow(struct out *o, const char *s, size_t n)
{
	while (n > 0) {
		size_t k = OUT_CHUNK - o->n;
		if (k > n)
			k = n;
		memcpy(o->buf + o->n, s, k);
		o->n += k;
		s += k;
		n -= k;
		if (o->n == OUT_CHUNK)
			o_flush(o);
	}
}

/* Most pieces are short and fit in the buffer: one copy. */
static inline void
o_put(struct out *o, const char *s, size_t n)
{
	if (n < OUT_CHUNK - o->n) {
		memcpy(o->buf + o->n, s, n);
		o->n += n;
	} else {
		o_put_slow(o, s, n);
	}
}

static void
o_puts(struct out *o, const char *s)
{
	o_put(o, s, strlen(s));
}

static void
o_init(struct out *o, struct eiti_afile *f, struct eiti_err *err)
{
	o->f = f;
	o->err = err;
	o->buf = eiti_xmalloc(OUT_CHUNK);
	o->n = 0;
	o->failed = 0;
}

static int
o_done(struct out *o)
{
	o_flush(o);
	free(o->buf);
	o->buf = NULL;
	return o->failed ? -1 : 0;
}

/* --- results.csv ------------------------------------------------------ */

static int
o_csv_put(void *ud, const char *p, size_t n)
{
	o_put(ud, p, n);
	return 0;
}

static void
csv_field(struct out *o, const char *s)
{
	eiti_csv_field(s, o_csv_put, o);
}

static void
csv_amount(struct out *o, int64_t v, int digits)
{
	char buf[EITI_MONEY_BUFSZ];

	o_put(o, ",", 1);
	o_puts(o, eiti_money_plain(buf, v, digits));
}

int
eiti_results_write_csv(
    const struct eiti_results *res, struct eiti_afile *f, struct eiti_err *err)
{
	struct out o;
	size_t i;

	o_init(&o, f, err);
	o_puts(&o, "company_id,company_name,entity_id,stream,project,"
		   "company_amount,government_amount,initial_discrepancy,"
		   "company_adjustment,government_adjustment,"
		   "final_discrepancy,status,explained\r\n");
	for (i = 0; i < res->nrows && !o.failed; i++) {
		const struct eiti_res_row *r = &res->rows[i];
		int dg = res->currency_digits;

		csv_field(&o, r->company_id);
		o_put(&o, ",", 1);
		csv_field(&o, r->company_name);
		o_put(&o, ",", 1);
		csv_field(&o, r->entity_id);
		o_put(&o, ",", 1);
		csv_field(&o, r->stream);
		o_put(&o, ",", 1);
		csv_field(&o, r->project);
		csv_amount(&o, r->c, dg);
		csv_amount(&o, r->g, dg);
		csv_amount(&o, r->d, dg);
		csv_amount(&o, r->ac, dg);
		csv_amount(&o, r->ag, dg);
		csv_amount(&o, r->f, dg);
		o_put(&o, ",", 1);
		o_puts(&o, eiti_status_name(r->status));
		o_puts(&o, r->explained ? ",yes\r\n" : ",no\r\n");
	}
	return o_done(&o);
}

/* --- results.xml ------------------------------------------------------ */

static bool
same(const char *a, const char *b)
{
	if (a == b)
		return true;
	return strcmp(a != NULL ? a : "", b != NULL ? b : "") == 0;
}

/* Decode one UTF-8 sequence at p (n bytes left); returns its length and
 * sets *cp, or returns 0 for an invalid sequence. */
static size_t
utf8_decode(const unsigned char *p, size_t n, uint32_t *cp)
{
	size_t len, i;
	uint32_t c, min;

	if (p[0] < 0x80) {
		*cp = p[0];
		return 1;
	} else if ((p[0] & 0xe0) == 0xc0) {
		len = 2;
		c = p[0] & 0x1f;
		min = 0x80;
	} else if ((p[0] & 0xf0) == 0xe0) {
		len = 3;
		c = p[0] & 0x0f;
		min = 0x800;
	} else if ((p[0] & 0xf8) == 0xf0) {
		len = 4;
		c = p[0] & 0x07;
		min = 0x10000;
	} else {
		return 0;
	}
	if (n < len)
		return 0;
	for (i = 1; i < len; i++) {
		if ((p[i] & 0xc0) != 0x80)
			return 0;
		c = (c << 6) | (p[i] & 0x3f);
	}
	if (c < min || c > 0x10ffff || (c >= 0xd800 && c <= 0xdfff))
		return 0;
	*cp = c;
	return len;
}

/* Bytes that xml_esc() copies as they are: printable ASCII but & < > ". */
static const unsigned char xml_plain[256] = {
#define P4 1, 1, 1, 1
#define P16 P4, P4, P4, P4
    [0x20] = 1,
    1,
    0 /* " */,
    1,
    1,
    1,
    0 /* & */,
    1,
    1,
    1,
    1,
    1,
    1,
    1,
    1,
    1,
    [0x30] = P4,
    P4,
    P4,
    0 /* < */,
    1,
    0 /* > */,
    1,
    [0x40] = P16,
    P16,
    P16,
    P16,
#undef P16
#undef P4
};

/* The replacement of the ASCII byte c that is not plain. */
static const char *
xml_rep(unsigned char c, int attr)
{
	switch (c) {
	case '&':
		return "&amp;";
	case '<':
		return "&lt;";
	case '>':
		return "&gt;";
	case '"':
		return "&quot;";
	case '\t':
		return attr ? "&#9;" : "\t";
	case '\n':
		return attr ? "&#10;" : "\n";
	case '\r':
		return "&#13;";
	default:
		return ""; /* not allowed in XML 1.0 */
	}
}

static void
xml_esc(struct out *o, const char *str, int attr)
{
	const unsigned char *s = (const unsigned char *)(str ? str : "");
	size_t len;
	uint32_t cp;

	/* copy runs of plain bytes in one call; the NUL ends a run */
	for (;;) {
		const unsigned char *p = s;

		while (xml_plain[*p])
			p++;
		if (p > s)
			o_put(o, (const char *)s, (size_t)(p - s));
		s = p;
		if (*s == '\0')
			return;
		if (*s < 0x80) {
			o_puts(o, xml_rep(*s, attr));
			s++;
			continue;
		}
		/* a sequence is at most 4 bytes: the NUL bounds it */
		len = utf8_decode(s, strnlen((const char *)s, 4), &cp);
		if (len == 0) {
			o_puts(o, "\xef\xbf\xbd"); /* U+FFFD */
			s++;
			continue;
		}
		if (cp != 0xfffe && cp != 0xffff)
			o_put(o, (const char *)s, len);
		s += len;
	}
}

/* ` name="` of a literal name and its length: the key of attr_k() and
 * amount_k(), written in one piece (the rows' hot path). */
#define K(name) " " name "=\"", sizeof(name) + 2
/* ` name="true"` and its length. */
#define K_TRUE(name) " " name "=\"true\"", sizeof(name) + 7

/* key (` name="`, klen bytes), then value escaped and the closing '"'. */
static void
attr_k(struct out *o, const char *key, size_t klen, const char *value)
{
	o_put(o, key, klen);
	xml_esc(o, value, 1);
	o_put(o, "\"", 1);
}

/* name="value" with a leading space. */
static void
attr(struct out *o, const char *name, const char *value)
{
	o_put(o, " ", 1);
	o_puts(o, name);
	attr_k(o, "=\"", 2, value);
}

/* The attribute only when value is not empty. */
static void
attr_opt(struct out *o, const char *name, const char *value)
{
	if (value != NULL && value[0] != '\0')
		attr(o, name, value);
}

static void
amount_k(struct out *o, const char *key, size_t klen, int64_t v, int digits)
{
	char buf[EITI_MONEY_BUFSZ];

	/* digits, '-' and '.': nothing to escape */
	o_put(o, key, klen);
	o_puts(o, eiti_money_plain(buf, v, digits));
	o_put(o, "\"", 1);
}

static void
attr_amount(struct out *o, const char *name, int64_t v, int digits)
{
	o_put(o, " ", 1);
	o_puts(o, name);
	amount_k(o, "=\"", 2, v, digits);
}

static void
attr_u(struct out *o, const char *name, unsigned long long v)
{
	char buf[32];

	snprintf(buf, sizeof(buf), "%llu", v);
	attr(o, name, buf);
}

static void
attr_bool(struct out *o, const char *name, bool v)
{
	attr(o, name, v ? "true" : "false");
}

static void
text_elem(
    struct out *o, const char *indent, const char *name, const char *value)
{
	if (value == NULL || value[0] == '\0')
		return;
	o_puts(o, indent);
	o_put(o, "<", 1);
	o_puts(o, name);
	o_put(o, ">", 1);
	xml_esc(o, value, 0);
	o_put(o, "</", 2);
	o_puts(o, name);
	o_put(o, ">\n", 2);
}

/* Texts per language: <name lang="es">text</name>, lang only when
 * given. */
static void
lang_elems(
    struct out *o, const char *name, const struct eiti_res_text *v, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		o_puts(o, "    <");
		o_puts(o, name);
		attr_opt(o, "lang", v[i].lang);
		o_put(o, ">", 1);
		xml_esc(o, v[i].text, 0);
		o_put(o, "</", 2);
		o_puts(o, name);
		o_put(o, ">\n", 2);
	}
}

static void
write_total(
    struct out *o, const char *elem, const struct eiti_res_total *t, int dg)
{
	static const char *const count_names[EITI_ST_COUNT] = {"matched",
	    "within-tolerance", "discrepancy", "company-only",
	    "government-only", "out-of-scope"};
	int s;

	o_puts(o, "    <");
	o_puts(o, elem);
	if (strcmp(elem, "overall") != 0)
		attr(o, "key", t->key);
	attr_opt(o, "name", t->name);
	attr_amount(o, "c", t->c, dg);
	attr_amount(o, "g", t->g, dg);
	attr_amount(o, "d", t->d, dg);
	attr_amount(o, "ac", t->ac, dg);
	attr_amount(o, "ag", t->ag, dg);
	attr_amount(o, "f", t->f, dg);
	attr_amount(o, "gross", t->gross, dg);
	attr_u(o, "keys", t->keys);
	for (s = 0; s < EITI_ST_COUNT; s++)
		attr_u(o, count_names[s], t->count[s]);
	o_puts(o, "/>\n");
}

static void
write_head(struct out *o, const struct eiti_results *res)
{
	char buf[EITI_MONEY_BUFSZ];
	size_t i;
	int dg = res->currency_digits;

	o_puts(o, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
	o_puts(o, "<results xmlns=\"urn:eitirep:results:1\" version=\"1\"");
	attr(o, "generated", res->generated);
	attr(o, "tool-version", res->tool_version);
	o_puts(o, ">\n  <parameters");
	attr(o, "country", res->country);
	attr(o, "period-start", res->period_start);
	attr(o, "period-end", res->period_end);
	attr(o, "currency", res->currency);
	attr_u(o, "currency-digits", (unsigned long long)res->currency_digits);
	attr_opt(o, "lang", res->lang);
	attr(o, "level", res->level_project ? "project" : "stream");
	if (res->has_materiality)
		attr_amount(o, "materiality", res->materiality, dg);
	attr_amount(o, "abs-tolerance", res->abs_tol, dg);
	attr(o, "rel-tolerance",
	    res->rel_tol_text != NULL && res->rel_tol_text[0] != '\0'
		? res->rel_tol_text
		: eiti_decimal_plain(buf, &res->rel_tol));
	attr_opt(o, "manifest-sha256", res->manifest_sha256);
	o_puts(o, ">\n");
	if (res->ntitles == 0)
		text_elem(o, "    ", "title", res->title);
	lang_elems(o, "title", res->titles, res->ntitles);
	text_elem(o, "    ", "administrator", res->administrator);
	if (res->logo != NULL && res->logo_size > 0) {
		/* the image itself (core/png.h), 76 characters a line */
		char *b =
		    eiti_base64_encode(res->logo, res->logo_size, "      ");

		o_puts(o, "    <logo>\n      ");
		o_puts(o, b);
		o_puts(o, "\n    </logo>\n");
		free(b);
	}
	lang_elems(o, "conclusion", res->conclusions, res->nconclusions);
	lang_elems(
	    o, "recommendation", res->recommendations, res->nrecommendations);
	o_puts(o, "  </parameters>\n  <rates>\n");
	for (i = 0; i < res->nrates; i++) {
		o_puts(o, "    <rate");
		attr(o, "currency", res->rates[i].currency);
		attr(o, "value", res->rates[i].value);
		attr_opt(o, "source", res->rates[i].source);
		o_puts(o, "/>\n");
	}
	o_puts(o, "  </rates>\n  <tolerances>\n");
	for (i = 0; i < res->ntolerances; i++) {
		const struct eiti_res_tolerance *t = &res->tolerances[i];
		o_puts(o, "    <tolerance");
		attr(o, "stream", t->stream);
		attr_opt(o, "entity", t->entity);
		if (t->has_abs)
			attr_amount(o, "abs", t->abs, dg);
		if (t->has_rel)
			attr(o, "rel",
			    t->rel_text != NULL && t->rel_text[0] != '\0'
				? t->rel_text
				: eiti_decimal_plain(buf, &t->rel));
		o_puts(o, "/>\n");
	}
	o_puts(o, "  </tolerances>\n  <sources>\n");
	for (i = 0; i < res->nsources; i++) {
		const struct eiti_res_source *s = &res->sources[i];
		char num[32];

		o_puts(o, "    <source");
		attr(o, "role",
		    s->role == EITI_ROLE_COMPANY ? "company" : "government");
		if (s->is_adjustments)
			attr_bool(o, "adjustments", true);
		attr(o, "href", s->href);
		attr_opt(o, "reporter", s->reporter);
		attr_opt(o, "url", s->url);
		attr_opt(o, "final-url", s->final_url);
		snprintf(num, sizeof(num), "%ld", s->http_status);
		attr(o, "http-status", num);
		snprintf(num, sizeof(num), "%lld", s->bytes);
		attr(o, "bytes", num);
		attr_opt(o, "sha256", s->sha256);
		attr_opt(o, "profile", s->profile);
		attr_opt(o, "profile-sha256", s->profile_sha256);
		attr_opt(o, "etag", s->etag);
		attr_opt(o, "last-modified", s->last_modified);
		attr_opt(o, "retrieved", s->retrieved);
		attr_opt(o, "outcome", s->outcome);
		attr_u(o, "payments", s->payments);
		o_puts(o, "/>\n");
	}
	o_puts(o, "  </sources>\n  <validation>\n");
	for (i = 0; i < res->nvalidation; i++) {
		o_puts(o, "    <file");
		attr(o, "name", res->validation[i].file);
		attr_u(o, "errors", res->validation[i].errors);
		attr_u(o, "warnings", res->validation[i].warnings);
		o_puts(o, "/>\n");
	}
	for (i = 0; i < res->nfindings; i++) {
		const struct eiti_res_finding *f = &res->findings[i];
		o_puts(o, "    <finding");
		attr(o, "file", f->file);
		attr_u(o, "line", f->line);
		attr_u(o, "column", f->col);
		attr(o, "severity", f->is_error ? "error" : "warning");
		attr_opt(o, "rule", f->rule);
		attr(o, "message", f->message);
		o_puts(o, "/>\n");
	}
	o_puts(o, "  </validation>\n");
}

static void
write_lists(struct out *o, const struct eiti_results *res)
{
	int dg = res->currency_digits;
	size_t i;

	o_puts(o, "  <companies>\n");
	for (i = 0; i < res->ncompanies; i++) {
		const struct eiti_res_company *c = &res->companies[i];
		o_puts(o, "    <company");
		attr(o, "id", c->id);
		attr_opt(o, "name", c->name);
		attr_opt(o, "sector", c->sector);
		attr_opt(o, "commodity", c->commodity);
		attr_bool(o, "in-scope", c->in_scope);
		attr_bool(o, "reporting", c->reporting);
		attr_amount(o, "g", c->g, dg);
		attr_opt(o, "aliases", c->aliases);
		o_puts(o, "/>\n");
	}
	o_puts(o, "  </companies>\n  <entities>\n");
	for (i = 0; i < res->nentities; i++) {
		const struct eiti_res_entity *e = &res->entities[i];
		o_puts(o, "    <entity");
		attr(o, "id", e->id);
		attr_opt(o, "name", e->name);
		attr_opt(o, "level", e->level);
		attr_opt(o, "region", e->region);
		o_puts(o, "/>\n");
	}
	o_puts(o, "  </entities>\n");
}

/* One row; ci and ei index its company and entity in the lists
 * (SIZE_MAX: not listed). */
static void
write_row(struct out *o, const struct eiti_results *res,
    const struct eiti_res_row *r, size_t ci, size_t ei)
{
	int dg = res->currency_digits;

	o_puts(o, "    <row");
	attr_k(o, K("company"), r->company_id);
	/* names and region only where the lists do not give them */
	if (ci == SIZE_MAX || !same(res->companies[ci].name, r->company_name))
		attr_k(o, K("company-name"), r->company_name);
	attr_k(o, K("entity"), r->entity_id);
	if (ei == SIZE_MAX || !same(res->entities[ei].name, r->entity_name))
		attr_k(o, K("entity-name"), r->entity_name);
	if (ei == SIZE_MAX || !same(res->entities[ei].region, r->region))
		attr_k(o, K("region"), r->region);
	attr_k(o, K("stream"), r->stream);
	attr_opt(o, "project", r->project);
	amount_k(o, K("c"), r->c, dg);
	amount_k(o, K("g"), r->g, dg);
	amount_k(o, K("d"), r->d, dg);
	amount_k(o, K("ac"), r->ac, dg);
	amount_k(o, K("ag"), r->ag, dg);
	amount_k(o, K("f"), r->f, dg);
	amount_k(o, K("tolerance"), r->tolerance, dg);
	attr_k(o, K("status"), eiti_status_name(r->status));
	attr_k(o, K("explained"), r->explained ? "true" : "false");
	/* only when true (README rules 4 and 7), so that the common case stays
	 * short */
	if (eiti_result_unreconciled(r))
		o_put(o, K_TRUE("unreconciled"));
	if (r->beyond_tolerance)
		o_put(o, K_TRUE("beyond-tolerance"));
	attr_k(o, K("company-side"), r->has_company ? "true" : "false");
	attr_k(o, K("government-side"), r->has_government ? "true" : "false");
	/* only on in-kind keys, so that results without any are byte for
	 * byte what they were; volume and unit together or not at all
	 * (results.h: none means several units) */
	if (r->in_kind) {
		o_put(o, K_TRUE("in-kind"));
		if (r->inkind_volume != NULL && r->inkind_volume[0] != '\0' &&
		    r->inkind_unit != NULL && r->inkind_unit[0] != '\0') {
			attr_k(o, K("in-kind-volume"), r->inkind_volume);
			attr_k(o, K("in-kind-unit"), r->inkind_unit);
		}
	}
	o_puts(o, "/>\n");
}

static void
write_rows(struct out *o, const struct eiti_results *res)
{
	struct eiti_strmap *cm, *em;
	const char *last_co = NULL, *last_en = NULL;
	size_t i, ci = SIZE_MAX, ei = SIZE_MAX;

	/* Companies and entities by id, so that a row writes its company's
	 * name and its entity's name and region only when they differ from
	 * the listed ones (never, for the engine's results; a hand-built
	 * struct keeps its own). */
	cm = eiti_strmap_of_array(
	    res->companies != NULL ? (const void *)&res->companies[0].id : NULL,
	    sizeof(*res->companies),
	    res->companies != NULL ? res->ncompanies : 0);
	em = eiti_strmap_of_array(
	    res->entities != NULL ? (const void *)&res->entities[0].id : NULL,
	    sizeof(*res->entities), res->entities != NULL ? res->nentities : 0);
	o_puts(o, "  <rows>\n");
	for (i = 0; i < res->nrows && !o->failed; i++) {
		const struct eiti_res_row *r = &res->rows[i];

		/* Rows of a company follow each other, mostly with the same
		 * string: the same pointer is the same index. */
		if (i == 0 || r->company_id != last_co) {
			last_co = r->company_id;
			ci = eiti_strmap_index(cm, r->company_id);
		}
		if (i == 0 || r->entity_id != last_en) {
			last_en = r->entity_id;
			ei = eiti_strmap_index(em, r->entity_id);
		}
		write_row(o, res, r, ci, ei);
	}
	o_puts(o, "  </rows>\n");
	eiti_strmap_free(cm);
	eiti_strmap_free(em);
}

static void
write_adjustments(struct out *o, const struct eiti_results *res)
{
	int dg = res->currency_digits;
	size_t i;

	o_puts(o, "  <adjustments>\n");
	for (i = 0; i < res->nadjustments; i++) {
		const struct eiti_res_adjustment *a = &res->adjustments[i];
		o_puts(o,
		    a->is_explanation ? "    <explanation" : "    <adjustment");
		if (a->row != SIZE_MAX)
			attr_u(o, "row", a->row);
		if (!a->is_explanation)
			attr(o, "side",
			    a->side == EITI_ROLE_COMPANY ? "company"
							 : "government");
		attr(o, "company", a->company_id);
		attr(o, "entity", a->entity_id);
		attr(o, "stream", a->stream);
		attr_opt(o, "project", a->project);
		if (!a->is_explanation) {
			attr(o, "currency", a->currency);
			attr(o, "amount", a->amount_text);
			attr_amount(o, "value", a->value, dg);
		}
		attr_opt(o, "class", a->klass);
		attr(o, "reason", a->reason);
		attr_opt(o, "ref", a->ref);
		o_puts(o, "/>\n");
	}
	o_puts(o, "  </adjustments>\n");
}

/* Totals, coverage (with the unilateral figures) and the companies that
 * did not report. */
static void
write_totals(struct out *o, const struct eiti_results *res)
{
	int dg = res->currency_digits;
	size_t i;

	o_puts(o, "  <totals>\n");
	write_total(o, "overall", &res->overall, dg);
	for (i = 0; i < res->nby_company; i++)
		write_total(o, "company", &res->by_company[i], dg);
	for (i = 0; i < res->nby_stream; i++)
		write_total(o, "stream", &res->by_stream[i], dg);
	for (i = 0; i < res->nby_entity; i++)
		write_total(o, "entity", &res->by_entity[i], dg);
	for (i = 0; i < res->nby_region; i++)
		write_total(o, "region", &res->by_region[i], dg);
	o_puts(o, "  </totals>\n  <coverage");
	attr_amount(o, "numerator", res->coverage_num, dg);
	attr_amount(o, "denominator", res->coverage_den, dg);
	if (res->has_coverage)
		attr_amount(o, "percent", res->coverage_bp, 2);
	o_puts(o, ">\n");
	for (i = 0; i < res->nunilateral; i++) {
		const struct eiti_res_unilateral *u = &res->unilateral[i];
		o_puts(o, "    <unilateral");
		attr(o, "entity", u->entity_id);
		attr(o, "stream", u->stream);
		if (u->has_declared)
			attr_amount(o, "declared", u->declared, dg);
		attr_amount(o, "g-all", u->g_all, dg);
		attr_amount(o, "g-in", u->g_in, dg);
		o_puts(o, "/>\n");
	}
	o_puts(o, "  </coverage>\n  <non-reporting>\n");
	for (i = 0; i < res->nnonreporting; i++) {
		const struct eiti_res_nonreporting *n = &res->nonreporting[i];
		o_puts(o, "    <company");
		attr(o, "id", n->company_id);
		attr_opt(o, "name", n->company_name);
		attr_amount(o, "g", n->g, dg);
		if (res->has_coverage)
			attr_amount(o, "share", n->share_bp, 2);
		o_puts(o, "/>\n");
	}
	o_puts(o, "  </non-reporting>\n");
}

static void write_transfers(
    struct out *o, const struct eiti_res_transfers *t, int dg);

int
eiti_results_write_xml(
    const struct eiti_results *res, struct eiti_afile *f, struct eiti_err *err)
{
	struct out o;

	o_init(&o, f, err);
	write_head(&o, res);
	write_lists(&o, res);
	write_rows(&o, res);
	write_adjustments(&o, res);
	write_totals(&o, res);
	if (res->transfers != NULL)
		write_transfers(&o, res->transfers, res->currency_digits);
	o_puts(&o, "</results>\n");
	return o_done(&o);
}

/* --- subnational transfers (EITI Requirement 5.2) ---------------------- */

/* The figures of a transfers totals group (the names of results.xsd). */
static void
xfer_total(struct out *o, const char *elem, const struct eiti_res_xfer_total *t,
    int dg)
{
	int s;

	o_puts(o, "      <");
	o_puts(o, elem);
	if (strcmp(elem, "overall") != 0)
		attr(o, "key", t->key);
	attr_opt(o, "name", t->name);
	attr_amount(o, "entitled", t->e, dg);
	attr_amount(o, "sent", t->s, dg);
	attr_amount(o, "received", t->r, dg);
	attr_amount(o, "sent-minus-entitled", t->s_e, dg);
	attr_amount(o, "received-minus-sent", t->r_s, dg);
	attr_amount(o, "gross-sent-minus-entitled", t->gross_s_e, dg);
	attr_amount(o, "gross-received-minus-sent", t->gross_r_s, dg);
	attr_u(o, "keys", t->keys);
	for (s = 0; s < EITI_XS_COUNT; s++)
		attr_u(o, eiti_xfer_status_name((enum eiti_xfer_status)s),
		    t->count[s]);
	o_puts(o, "/>\n");
}

/* The <transfers> part: sharing rules, one <transfer> per key, totals,
 * recipients of a formula that reported nothing.  Only written when the
 * inputs declare transfers, so other results keep their bytes. */
static void
write_transfers(struct out *o, const struct eiti_res_transfers *t, int dg)
{
	size_t i, j;

	o_puts(o, "  <transfers>\n");
	for (i = 0; i < t->nsharings; i++) {
		const struct eiti_res_sharing *sh = &t->sharings[i];

		o_puts(o, "    <sharing");
		attr(o, "from", sh->from);
		attr_opt(o, "from-name", sh->from_name);
		attr(o, "stream", sh->stream);
		attr(o, "currency", sh->currency);
		attr_amount(o, "base", sh->base, sh->currency_digits);
		attr_opt(o, "basis", sh->basis);
		o_puts(o, ">\n");
		for (j = 0; j < sh->nshares; j++) {
			const struct eiti_res_share *s = &sh->shares[j];

			o_puts(o, "      <share");
			attr(o, "to", s->to);
			attr(o, "rate", s->rate_text);
			attr_amount(
			    o, "amount", s->amount, sh->currency_digits);
			attr_amount(o, "value", s->value, dg);
			o_puts(o, "/>\n");
		}
		o_puts(o, "    </sharing>\n");
	}
	for (i = 0; i < t->nrows && !o->failed; i++) {
		const struct eiti_res_xfer *w = &t->rows[i];

		o_puts(o, "    <transfer");
		attr(o, "from", w->from_id);
		attr_opt(o, "from-name", w->from_name);
		attr(o, "to", w->to_id);
		attr_opt(o, "to-name", w->to_name);
		attr_opt(o, "region", w->region);
		attr(o, "stream", w->stream);
		if (w->has_e) {
			attr_amount(o, "entitled", w->e, dg);
			attr(o, "entitlement",
			    w->formula ? "formula" : "declared");
		}
		if (w->has_s)
			attr_amount(o, "sent", w->s, dg);
		if (w->has_r)
			attr_amount(o, "received", w->r, dg);
		if (eiti_xfer_has_s_e(w))
			attr_amount(o, "sent-minus-entitled", w->s_e, dg);
		if (eiti_xfer_has_r_s(w))
			attr_amount(o, "received-minus-sent", w->r_s, dg);
		attr_amount(o, "tolerance", w->tolerance, dg);
		attr(o, "status", eiti_xfer_status_name(w->status));
		o_puts(o, "/>\n");
	}
	o_puts(o, "    <totals>\n");
	xfer_total(o, "overall", &t->overall, dg);
	for (i = 0; i < t->nby_recipient; i++)
		xfer_total(o, "recipient", &t->by_recipient[i], dg);
	for (i = 0; i < t->nby_region; i++)
		xfer_total(o, "region", &t->by_region[i], dg);
	o_puts(o, "    </totals>\n    <not-reporting>\n");
	for (i = 0; i < t->nsilent; i++) {
		const struct eiti_res_xfer_silent *s = &t->silent[i];

		o_puts(o, "      <recipient");
		attr(o, "id", s->id);
		attr_opt(o, "name", s->name);
		attr_opt(o, "region", s->region);
		attr_amount(o, "entitled", s->e, dg);
		attr_amount(o, "sent", s->s, dg);
		o_puts(o, "/>\n");
	}
	o_puts(o, "    </not-reporting>\n  </transfers>\n");
}

/* An amount field of transfers.csv, empty when the figure is absent. */
static void
csv_opt_amount(struct out *o, bool present, int64_t v, int digits)
{
	if (present)
		csv_amount(o, v, digits);
	else
		o_put(o, ",", 1);
}

int
eiti_transfers_write_csv(
    const struct eiti_results *res, struct eiti_afile *f, struct eiti_err *err)
{
	const struct eiti_res_transfers *t = res->transfers;
	int dg = res->currency_digits;
	struct out o;
	size_t i;

	o_init(&o, f, err);
	o_puts(&o, "from_id,from_name,to_id,to_name,region,stream,entitled,"
		   "sent,received,sent_minus_entitled,received_minus_sent,"
		   "status\r\n");
	for (i = 0; t != NULL && i < t->nrows && !o.failed; i++) {
		const struct eiti_res_xfer *w = &t->rows[i];

		csv_field(&o, w->from_id);
		o_put(&o, ",", 1);
		csv_field(&o, w->from_name);
		o_put(&o, ",", 1);
		csv_field(&o, w->to_id);
		o_put(&o, ",", 1);
		csv_field(&o, w->to_name);
		o_put(&o, ",", 1);
		csv_field(&o, w->region);
		o_put(&o, ",", 1);
		csv_field(&o, w->stream);
		csv_opt_amount(&o, w->has_e, w->e, dg);
		csv_opt_amount(&o, w->has_s, w->s, dg);
		csv_opt_amount(&o, w->has_r, w->r, dg);
		csv_opt_amount(&o, eiti_xfer_has_s_e(w), w->s_e, dg);
		csv_opt_amount(&o, eiti_xfer_has_r_s(w), w->r_s, dg);
		o_put(&o, ",", 1);
		o_puts(&o, eiti_xfer_status_name(w->status));
		o_puts(&o, "\r\n");
	}
	return o_done(&o);
}
