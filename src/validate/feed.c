/*
 * feed.c - a disclosure that is not an XML file (a table imported
 * through a profile) checked by the same rules as an XML disclosure.
 *
 * The items (model/item.h) go through the disclosure handlers of
 * disclosure.c exactly as the elements of a parsed file do - codes,
 * minor-unit digits, periods and dates, declared parties, unique ids,
 * exchange rates, roles - and from there to the caller's sink, so a
 * reconciliation cannot tell an imported table from an XML source.
 * Every finding is located at the cell its value came from, through the
 * item locator.
 *
 * What the XML Schema would check of a parsed file is checked here
 * instead, so that the XML form of the same items (import/xmlout.c) is
 * valid against schemas/disclosure.xsd whenever no error was found:
 * required attributes, enumerations, the lengths of identifiers and
 * names, and characters that XML 1.0 cannot carry.  The order of the
 * elements is the writer's business: after the root, an importer feeds
 * an entity or company just before the first item that names it, and
 * the rules (declared parties, unique ids) hold as for a file in order.
 * There is no libxml2 parser behind a feed: nothing is parsed, so
 * nothing needs the parsing policy.
 */
#include "config.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/err.h"
#include "model/item.h"
#include "validate/internal.h"
#include "validate/validate.h"

struct eiti_dfeed {
	struct vx_run r;
	void *state; /* disclosure.c's */
	struct eiti_item_locator loc;
	int last_kind; /* -1 before the first item */
	bool closed;
};

int
eiti_dfeed_new(struct eiti_dfeed **out, const struct eiti_item_locator *loc,
    const struct eiti_disclosure_ctx *ctx,
    const struct eiti_disclosure_sink *sink, struct eiti_diags *diags,
    struct eiti_err *err)
{
	struct eiti_dfeed *f;

	*out = NULL;
	if (eiti_validate_load(err) != 0)
		return -1; /* the stream codes: an installation error */
	f = eiti_xcalloc(1, sizeof(*f));
	f->loc = *loc;
	f->r.diags = diags;
	f->r.name = loc->file;
	f->r.path = loc->file;
	f->r.kind = EITI_DOC_DISCLOSURE;
	f->r.ns = vx_kind_ns(EITI_DOC_DISCLOSURE);
	f->r.ops = &vx_disclosure_ops;
	f->r.err = err;
	f->r.text_err_depth = -1;
	f->r.loc = &f->loc;
	f->state = vx_disclosure_state_new(loc->file, ctx, sink, err);
	f->r.ud = f->state;
	f->last_kind = -1;
	*out = f;
	return 0;
}

void
eiti_dfeed_free(struct eiti_dfeed *f)
{
	if (f == NULL)
		return;
	vx_disclosure_state_free(f->state);
	free(f->r.pending);
	free(f->r.scratch);
	free(f);
}

/* ------------------------------------------------------------------ */
/* What the schema says of each element                                */
/* ------------------------------------------------------------------ */

enum atype {
	A_ANY,	 /* xs:string */
	A_TOKEN, /* NonEmptyToken: 1..256 characters */
	A_NAME,	 /* Name: 1..1000 characters */
	A_CODE,	 /* checked by a rule (country, currency, date, ...) */
	A_ROLE,
	A_LEVEL,
	A_SECTOR,
	A_BOOL,
};

struct aspec {
	enum eiti_attr attr; /* EITI_A_N ends a list */
	enum atype type;
	bool required;
};

static const struct aspec disclosure_attrs[] = {{EITI_A_ROLE, A_ROLE, true},
    {EITI_A_COUNTRY, A_CODE, true}, {EITI_A_PERIOD_START, A_CODE, true},
    {EITI_A_PERIOD_END, A_CODE, true}, {EITI_A_REPORTER, A_TOKEN, true},
    {EITI_A_CURRENCY, A_CODE, true}, {EITI_A_N, A_ANY, false}};
static const struct aspec entity_attrs[] = {{EITI_A_ID, A_TOKEN, true},
    {EITI_A_NAME, A_NAME, true}, {EITI_A_LEVEL, A_LEVEL, true},
    {EITI_A_REGION, A_CODE, false}, {EITI_A_N, A_ANY, false}};
static const struct aspec company_attrs[] = {{EITI_A_ID, A_TOKEN, true},
    {EITI_A_NAME, A_NAME, true}, {EITI_A_SECTOR, A_SECTOR, true},
    {EITI_A_COMMODITY, A_NAME, false}, {EITI_A_N, A_ANY, false}};
static const struct aspec total_attrs[] = {{EITI_A_STREAM, A_CODE, true},
    {EITI_A_ENTITY, A_TOKEN, true}, {EITI_A_AMOUNT, A_CODE, true},
    {EITI_A_CURRENCY, A_CODE, false}, {EITI_A_N, A_ANY, false}};
static const struct aspec payment_attrs[] = {{EITI_A_ID, A_TOKEN, true},
    {EITI_A_COMPANY, A_TOKEN, true}, {EITI_A_ENTITY, A_TOKEN, true},
    {EITI_A_STREAM, A_CODE, true}, {EITI_A_AMOUNT, A_CODE, true},
    {EITI_A_CURRENCY, A_CODE, false}, {EITI_A_DATE, A_CODE, false},
    {EITI_A_PROJECT, A_TOKEN, false}, {EITI_A_NOTE, A_ANY, false},
    {EITI_A_IN_KIND, A_BOOL, false}, {EITI_A_VOLUME, A_CODE, false},
    {EITI_A_UNIT, A_TOKEN, false}, {EITI_A_N, A_ANY, false}};

static const struct aspec *
spec_of(enum eiti_item_kind k)
{
	switch (k) {
	case EITI_ITEM_DISCLOSURE:
		return disclosure_attrs;
	case EITI_ITEM_ENTITY:
		return entity_attrs;
	case EITI_ITEM_COMPANY:
		return company_attrs;
	case EITI_ITEM_TOTAL:
		return total_attrs;
	case EITI_ITEM_PAYMENT:
		break;
	}
	return payment_attrs;
}

/*
 * One pass over a value: its characters (not bytes) once white space is
 * collapsed, as the schema counts a token's length, and the first
 * character XML 1.0 cannot carry (C0 controls other than tab, line feed
 * and carriage return; U+FFFE, U+FFFF), or 0 in *bad.
 */
static size_t
scan_value(const char *s, unsigned *bad)
{
	const unsigned char *p = (const unsigned char *)s, *end = p + strlen(s);
	size_t n = 0;
	bool space = false, started = false;

	*bad = 0;
	/* Most values are printable ASCII without a space: eight bytes at a
	 * time while no byte is below '!' or above 0x7e. */
	while (end - p >= 8) {
		uint64_t x;

		memcpy(&x, p, 8);
		if (((x - 0x2121212121212121ull) | x) & 0x8080808080808080ull)
			break;
		n += 8;
		p += 8;
		started = true;
	}
	for (; *p != '\0'; p++) {
		unsigned char c = *p;

		if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
			space = started;
			continue;
		}
		if (c < 0x20) {
			if (*bad == 0)
				*bad = c;
			continue;
		}
		if ((c & 0xc0) == 0x80)
			continue; /* continuation byte */
		if (c == 0xef && p[1] == 0xbf &&
		    (p[2] == 0xbe || p[2] == 0xbf) && *bad == 0)
			*bad = p[2] == 0xbe ? 0xfffe : 0xffff;
		n += space ? 2 : 1;
		space = false;
		started = true;
	}
	return n;
}

static bool
one_of(const char *v, const char *const *list)
{
	for (; *list != NULL; list++)
		if (strcmp(v, *list) == 0)
			return true;
	return false;
}

/* A finding "ELEMENT MESSAGE" at the cell of attribute a (or the
 * item's). */
static void __attribute__((format(printf, 5, 6)))
attr_finding(struct eiti_dfeed *f, const struct eiti_item *it,
    const struct eiti_item_attr *a, enum eiti_rule rule, const char *fmt, ...)
{
	char where[128], msg[1200];
	unsigned long line = a != NULL && a->line > 0 ? a->line : it->line;
	unsigned long col = a != NULL && a->line > 0 ? a->col : it->col;
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	where[0] = '\0';
	if (line > 0)
		f->loc.where(f->loc.ud, line, col, where, sizeof(where));
	eiti_finding_at(f->r.diags, rule, f->loc.file, where, "%s %s",
	    eiti_item_element(it->kind), msg);
	f->r.errors++;
}

/* The schema's checks; false when the item cannot be handed on. */
static bool
schema_check(
    struct eiti_dfeed *f, const struct eiti_item *it, const char **names)
{
	static const char *const roles[] = {"company", "government", NULL};
	static const char *const levels[] = {
	    "national", "regional", "municipal", "soe", NULL};
	static const char *const sectors[] = {
	    "mining", "oil", "gas", "other", NULL};
	static const char *const bools[] = {"true", "false", "1", "0", NULL};
	const struct aspec *spec = spec_of(it->kind), *sp;
	bool ok = true;
	size_t i;

	/* Which attributes the item has, by enum eiti_attr. */
	signed char at[EITI_A_N];

	memset(at, -1, sizeof(at));
	for (i = 0; i < it->nattrs; i++) {
		enum eiti_attr x = eiti_item_attr_index(it->attrs[i].name);

		names[i] =
		    x < EITI_A_N ? eiti_item_attr_names[x] : it->attrs[i].name;
		if (x < EITI_A_N)
			at[x] = (signed char)i;
	}
	for (sp = spec; sp->attr != EITI_A_N; sp++)
		if (sp->required && at[sp->attr] < 0) {
			attr_finding(f, it, NULL, EITI_RULE_XSD,
			    "has no attribute '%s'",
			    eiti_item_attr_names[sp->attr]);
			ok = false;
		}
	for (i = 0; i < it->nattrs; i++) {
		const struct eiti_item_attr *a = &it->attrs[i];
		unsigned bad;
		size_t chars;

		for (sp = spec; sp->attr != EITI_A_N; sp++)
			if (eiti_item_attr_names[sp->attr] == names[i])
				break;
		if (sp->attr == EITI_A_N) {
			attr_finding(f, it, a, EITI_RULE_XSD,
			    "has no attribute '%s' in the disclosure "
			    "format",
			    a->name);
			ok = false;
			continue;
		}
		chars = scan_value(a->value, &bad);
		if (bad != 0) {
			attr_finding(f, it, a, EITI_RULE_XML,
			    "%s holds the character U+%04X, which XML cannot "
			    "carry",
			    a->name, bad);
			ok = false;
			continue;
		}
		switch (sp->type) {
		case A_TOKEN:
		case A_NAME: {
			size_t max = sp->type == A_TOKEN ? 256 : 1000;

			if (chars > max) {
				attr_finding(f, it, a, EITI_RULE_XSD,
				    "%s is longer than %zu characters", a->name,
				    max);
				ok = false;
			}
			break;
		}
		case A_ROLE:
			if (!one_of(a->value, roles)) {
				attr_finding(f, it, a, EITI_RULE_XSD,
				    "role '%s' is not company or government",
				    a->value);
				ok = false;
			}
			break;
		case A_LEVEL:
			if (!one_of(a->value, levels)) {
				attr_finding(f, it, a, EITI_RULE_XSD,
				    "level '%s' is not national, regional, "
				    "municipal or soe",
				    a->value);
				ok = false;
			}
			break;
		case A_SECTOR:
			if (!one_of(a->value, sectors)) {
				attr_finding(f, it, a, EITI_RULE_XSD,
				    "sector '%s' is not mining, oil, gas or "
				    "other",
				    a->value);
				ok = false;
			}
			break;
		case A_BOOL:
			if (!one_of(a->value, bools)) {
				attr_finding(f, it, a, EITI_RULE_XSD,
				    "in-kind '%s' is not true or false",
				    a->value);
				ok = false;
			}
			break;
		case A_ANY:
		case A_CODE:
			break;
		}
	}
	return ok;
}

int
eiti_dfeed_item(struct eiti_dfeed *f, const struct eiti_item *it)
{
	bool root = it->kind == EITI_ITEM_DISCLOSURE;
	const char *names[EITI_ITEM_MAX_ATTRS];

	if (f->closed || (root ? f->last_kind != -1 : f->last_kind < 0))
		return eiti_err_set(f->r.err, EITI_ERR_IO, "validate: %s: %s",
		    f->loc.file,
		    root ? "a second disclosure root was fed"
			 : "an item was fed before the disclosure root");
	f->last_kind = (int)it->kind;
	/* As with a parsed file, the rules see the element whatever the
	 * schema said of it (an entity with a bad level is still
	 * declared). */
	schema_check(f, it, names);
	vx_feed_element(&f->r, it, names, root ? 1 : 2, !root);
	if (f->r.stopped && eiti_err_isset(f->r.err))
		return -1;
	return 0;
}

int
eiti_dfeed_finish(struct eiti_dfeed *f)
{
	if (f->closed)
		return 0;
	f->closed = true;
	if (f->last_kind < 0)
		return eiti_err_set(f->r.err, EITI_ERR_IO,
		    "validate: %s: no disclosure was fed", f->loc.file);
	vx_feed_close(&f->r, "disclosure", 1);
	if (f->r.stopped && eiti_err_isset(f->r.err))
		return -1;
	return 0;
}
