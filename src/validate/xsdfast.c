/*
 * xsdfast.c - the XSD validator's verdict on a <payment>, without it.
 *
 * A disclosure is almost nothing but <payment> elements, and libxml2's
 * XSD engine spends about three times the parse on each one (attribute
 * types, facets, patterns, the content model).  The verdict on a payment
 * is a small, fixed function of its attributes, so the engine computes
 * it here for the common case and only skips the validator for an
 * element this file can prove the validator would accept without a word
 * and without a change of state:
 *
 *   - the document is a disclosure and the schema loaded is exactly the
 *     disclosure.xsd these checks were written against (its SHA-256 is
 *     VX_FAST_DISCLOSURE_SHA256 below; tests/check_xsdfast.c fails when
 *     the shipped schema changes, so the checks are reviewed with it);
 *   - the validator has accepted everything so far (no XSD finding in the
 *     file) and the element before it under the root was a <payment>, so
 *     the content model is in its payment* loop, where one more payment
 *     leads back to the same state;
 *   - the element is <payment> in the disclosure namespace, a child of
 *     the root, written as an empty-element tag (<payment .../>: no
 *     content, which the Payment type requires), with no namespace
 *     declaration;
 *   - each attribute is one of the twelve of the Payment type, unprefixed,
 *     at most once, the five required ones present, and its value, as the
 *     parser hands it over, belongs to a strict subset of its type's
 *     lexical space (below): no white space anywhere (so whitespace
 *     collapsing cannot change it) and no '&' (which the parser hands over
 *     as "&#38;").
 *
 * Anything else - a value this file does not accept, an unknown
 * attribute, a payment after a transfer, a file with an XSD finding
 * already - goes to libxml2 as before, which gives its own message.  So a
 * file gets exactly the findings it got without this shortcut;
 * tests/check_xsdfast.c compares the two on thousands of generated
 * payments.
 */
#include "config.h"

#include <string.h>

#include "core/err.h"
#include "core/sha256.h"
#include "validate/internal.h"

/* SHA-256 of the schemas/disclosure.xsd the checks below follow. */
#define VX_FAST_DISCLOSURE_SHA256                                              \
	"db8804a3f4eab4dbbe3121c58bbc781dee71b548cb7841944d4d53fc3452ecba"

bool
vx_fast_schema_ok(const char *path)
{
	struct eiti_err err = EITI_ERR_INIT;
	char hex[65];
	long long size;

	if (eiti_sha256_file(path, hex, &size, &err) != 0)
		return false;
	return strcmp(hex, VX_FAST_DISCLOSURE_SHA256) == 0;
}

/* NonEmptyToken: xs:token, 1 to 256 characters.  Without white space the
 * collapsed value is the value; the length counts characters, so UTF-8
 * continuation bytes do not count. */
static bool
token_ok(const xmlChar *v, const xmlChar *end)
{
	size_t n = 0;

	for (; v < end; v++) {
		if (*v <= ' ' || *v == '&')
			return false;
		if ((*v & 0xC0) != 0x80)
			n++;
	}
	return n >= 1 && n <= 256;
}

static bool
digits(const xmlChar **p, const xmlChar *end, size_t min, size_t max)
{
	size_t n = 0;

	while (*p < end && **p >= '0' && **p <= '9' && n < max) {
		(*p)++;
		n++;
	}
	return n >= min;
}

static bool
upper(const xmlChar *v, const xmlChar *end, size_t n)
{
	if ((size_t)(end - v) != n)
		return false;
	for (; v < end; v++)
		if (*v < 'A' || *v > 'Z')
			return false;
	return true;
}

/* StreamCode: [0-9]{2,6}E[0-9]{0,2}. */
static bool
stream_ok(const xmlChar *v, const xmlChar *end)
{
	if (!digits(&v, end, 2, 6) || v == end || *v != 'E')
		return false;
	v++;
	digits(&v, end, 0, 2);
	return v == end;
}

/* Date: [0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01]). */
static bool
date_ok(const xmlChar *v, const xmlChar *end)
{
	int i;

	if (end - v != 10 || v[4] != '-' || v[7] != '-')
		return false;
	for (i = 0; i < 10; i++)
		if (i != 4 && i != 7 && (v[i] < '0' || v[i] > '9'))
			return false;
	if (!(v[5] == '0' ? v[6] != '0' : v[5] == '1' && v[6] <= '2'))
		return false;
	if (v[8] == '0')
		return v[9] != '0';
	return v[8] <= '2' || (v[8] == '3' && v[9] <= '1');
}

/* xs:decimal (Amount) or xs:decimal >= 0 (Quantity): [-]d+[.d+] with at
 * most 20 digits in all, well within the 24 significant digits libxml2
 * 2.9 reads. */
static bool
decimal_ok(const xmlChar *v, const xmlChar *end, bool sign)
{
	const xmlChar *p = v, *q;

	if (sign && p < end && *p == '-')
		p++;
	q = p;
	if (!digits(&p, end, 1, 20))
		return false;
	if (p < end && *p == '.') {
		p++;
		if (!digits(&p, end, 1, 20))
			return false;
		if (p - q > 21)
			return false;
	}
	return p == end;
}

static bool
boolean_ok(const xmlChar *v, const xmlChar *end)
{
	size_t n = (size_t)(end - v);

	return (n == 4 && memcmp(v, "true", 4) == 0) ||
	       (n == 5 && memcmp(v, "false", 5) == 0) ||
	       (n == 1 && (*v == '0' || *v == '1'));
}

enum {
	A_ID = 1 << 0,
	A_COMPANY = 1 << 1,
	A_ENTITY = 1 << 2,
	A_STREAM = 1 << 3,
	A_AMOUNT = 1 << 4,
	A_CURRENCY = 1 << 5,
	A_DATE = 1 << 6,
	A_PROJECT = 1 << 7,
	A_NOTE = 1 << 8,
	A_INKIND = 1 << 9,
	A_VOLUME = 1 << 10,
	A_UNIT = 1 << 11,
	A_REQUIRED = A_ID | A_COMPANY | A_ENTITY | A_STREAM | A_AMOUNT
};

static const char *const attr_names[VX_FAST_NATTRS] = {"id", "company",
    "entity", "stream", "amount", "currency", "date", "project", "note",
    "in-kind", "volume", "unit"};

bool
vx_fast_names(xmlDictPtr dict, const xmlChar *names[VX_FAST_NATTRS])
{
	int i;

	for (i = 0; i < VX_FAST_NATTRS; i++) {
		names[i] =
		    xmlDictLookup(dict, (const xmlChar *)attr_names[i], -1);
		if (names[i] == NULL)
			return false;
	}
	return true;
}

/* The attribute's bit when its value is certainly valid, else 0.  name is
 * the parser's (interned in its dictionary), and so are the names n of
 * the Payment type's attributes, in attr_names order. */
static unsigned
attr_ok(const xmlChar *const *n, const xmlChar *name, const xmlChar *v,
    const xmlChar *end)
{
	switch (name[0]) {
	case 'i':
		if (name == n[0])
			return token_ok(v, end) ? A_ID : 0;
		if (name == n[9])
			return boolean_ok(v, end) ? A_INKIND : 0;
		return 0;
	case 'c':
		if (name == n[1])
			return token_ok(v, end) ? A_COMPANY : 0;
		if (name == n[5])
			return upper(v, end, 3) ? A_CURRENCY : 0;
		return 0;
	case 'e':
		return name == n[2] && token_ok(v, end) ? A_ENTITY : 0;
	case 's':
		return name == n[3] && stream_ok(v, end) ? A_STREAM : 0;
	case 'a':
		return name == n[4] && decimal_ok(v, end, true) ? A_AMOUNT : 0;
	case 'd':
		return name == n[6] && date_ok(v, end) ? A_DATE : 0;
	case 'p':
		return name == n[7] && token_ok(v, end) ? A_PROJECT : 0;
	case 'n':
		/* xs:string: every value the parser accepts. */
		return name == n[8] ? A_NOTE : 0;
	case 'v':
		return name == n[10] && decimal_ok(v, end, false) ? A_VOLUME
								  : 0;
	case 'u':
		return name == n[11] && token_ok(v, end) ? A_UNIT : 0;
	default:
		return 0;
	}
}

bool
vx_fast_payment(const xmlChar *const names[VX_FAST_NATTRS], int nattrs,
    const xmlChar **attrs)
{
	unsigned seen = 0, bit;
	int i;

	for (i = 0; i < nattrs; i++) {
		const xmlChar **a = attrs + 5 * i;

		if (a[1] != NULL || a[2] != NULL)
			return false; /* prefixed: xsi:*, foreign */
		bit = attr_ok(names, a[0], a[3], a[4]);
		if (bit == 0 || (seen & bit) != 0)
			return false;
		seen |= bit;
	}
	return (seen & A_REQUIRED) == A_REQUIRED;
}
