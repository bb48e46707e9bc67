/*
 * fuzz_decimal.c - differential fuzzing of the amount parser against
 * libxml2's own xs:decimal (RELIABILITY.md 6, item 11).
 *
 * The schema accepts or rejects an amount with libxml2's built-in
 * xs:decimal type; eiti_money_parse() must accept exactly the same
 * language, or a value could pass the schema and then be refused (or the
 * other way round) by the code that reads the figure.  For every input:
 *
 *   - acceptance: eiti_money_parse() (any minor-unit count) and
 *     eiti_decimal_parse() say "syntax error" exactly when
 *     xmlSchemaValidatePredefinedType(XML_SCHEMAS_DECIMAL) rejects;
 *   - value: for accepted inputs, libxml2's canonical form of the value
 *     (an independent parse) is converted to minor units here with
 *     128-bit integers and compared with what the parsers returned,
 *     including the DIGITS (excess precision, never rounded) and
 *     OVERFLOW outcomes;
 *   - length: eiti_money_parse_n() over the raw bytes agrees with the
 *     NUL-terminated form, and rejects any input with an embedded NUL.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include <libxml/parser.h>
#include <libxml/xmlschemastypes.h>

#include "core/money.h"
#include "fuzz.h"

typedef unsigned __int128 u128;

/* Minor-unit digit counts tried on every input (ISO 4217 has 0, 2, 3 and
 * 4; 18 is the largest scale the money module takes). */
static const int digit_counts[] = {0, 1, 2, 3, 4, 8, 18};

static xmlSchemaTypePtr decimal_type;

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	fuzz_setup();
	xmlInitParser();
	decimal_type = xmlSchemaGetBuiltInType(XML_SCHEMAS_DECIMAL);
	if (decimal_type == NULL)
		fuzz_fail("libxml2 has no built-in xs:decimal");
	return 0;
}

/* libxml2's canonical decimal ("-12.34", "5.0", "0.0"), split. */
struct canon {
	int neg;
	const char *ip, *fp; /* integer and fraction digits */
	size_t ni, nf;
};

static void
split_canon(struct canon *c, const char *s)
{
	const char *dot;

	memset(c, 0, sizeof(*c));
	if (*s == '-') {
		c->neg = 1;
		s++;
	} else if (*s == '+') {
		s++;
	}
	dot = strchr(s, '.');
	c->ip = s;
	c->ni = dot != NULL ? (size_t)(dot - s) : strlen(s);
	c->fp = dot != NULL ? dot + 1 : s + c->ni;
	c->nf = strlen(c->fp);
	while (c->ni > 0 && *c->ip == '0') {
		c->ip++;
		c->ni--;
	}
	while (c->nf > 0 && c->fp[c->nf - 1] == '0')
		c->nf--;
	if (c->ni == 0 && c->nf == 0)
		c->neg = 0; /* -0 is 0 */
	if (c->ni + c->nf > 24)
		fuzz_fail("libxml2 canonical form '%s' has over 24 digits",
		    s);
}

/* Magnitude of the digit string, saturated past 2^64 like the parser's
 * own accumulator would have to be. */
static u128
digits_value(u128 acc, const char *d, size_t n, int *big)
{
	size_t i;

	for (i = 0; i < n; i++) {
		acc = acc * 10 + (u128)(d[i] - '0');
		if (acc > ((u128)1 << 64))
			*big = 1;
		if (*big)
			acc = (u128)1 << 64;
	}
	return acc;
}

/* What eiti_money_parse(s, digits) must give for the value c. */
static enum eiti_amount_status
expect_money(int64_t *out, const struct canon *c, int digits)
{
	u128 mag;
	size_t i;
	int big = 0;

	if ((size_t)digits < c->nf)
		return EITI_AMOUNT_DIGITS; /* non-zero beyond the minor unit */
	mag = digits_value(0, c->ip, c->ni, &big);
	mag = digits_value(mag, c->fp, c->nf, &big);
	for (i = c->nf; i < (size_t)digits; i++)
		mag = digits_value(mag, "0", 1, &big);
	if (big || mag > (u128)INT64_MAX + (c->neg ? 1 : 0))
		return EITI_AMOUNT_OVERFLOW;
	*out = c->neg ? (int64_t)(-(__int128)mag) : (int64_t)mag;
	return EITI_AMOUNT_OK;
}

static const char *
status_name(enum eiti_amount_status st)
{
	switch (st) {
	case EITI_AMOUNT_OK:
		return "ok";
	case EITI_AMOUNT_SYNTAX:
		return "syntax";
	case EITI_AMOUNT_DIGITS:
		return "digits";
	case EITI_AMOUNT_OVERFLOW:
		return "overflow";
	}
	return "?";
}

static void
check_decimal(const char *s, const struct canon *c, int accepted)
{
	struct eiti_decimal d = {0, 0};
	enum eiti_amount_status st = eiti_decimal_parse(&d, s);
	int64_t want;
	int big = 0;
	u128 mag;

	if ((st != EITI_AMOUNT_SYNTAX) != accepted)
		fuzz_fail("eiti_decimal_parse('%s') = %s, libxml2 %s", s,
		    status_name(st), accepted ? "accepts" : "rejects");
	if (!accepted)
		return;
	if (c->nf > 18) {
		if (st != EITI_AMOUNT_DIGITS)
			fuzz_fail("eiti_decimal_parse('%s') = %s, want digits "
				  "(scale %zu)",
			    s, status_name(st), c->nf);
		return;
	}
	mag = digits_value(digits_value(0, c->ip, c->ni, &big), c->fp, c->nf,
	    &big);
	if (big || mag > (u128)INT64_MAX + (c->neg ? 1 : 0)) {
		if (st != EITI_AMOUNT_OVERFLOW)
			fuzz_fail("eiti_decimal_parse('%s') = %s, want "
				  "overflow",
			    s, status_name(st));
		return;
	}
	want = c->neg ? (int64_t)(-(__int128)mag) : (int64_t)mag;
	if (st != EITI_AMOUNT_OK || d.coef != want ||
	    d.scale != (want == 0 ? 0 : (int)c->nf))
		fuzz_fail("eiti_decimal_parse('%s') = %s %lld/10^%d, want "
			  "%lld/10^%zu",
		    s, status_name(st), (long long)d.coef, d.scale,
		    (long long)want, want == 0 ? (size_t)0 : c->nf);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	xmlSchemaValPtr val = NULL;
	const xmlChar *canon_text = NULL;
	struct canon c;
	char *s;
	size_t i, slen;
	int accepted;

	/* Amounts are attribute values; nothing longer is interesting and
	 * libxml2's validator is quadratic in places. */
	if (size > 256)
		return 0;
	s = eiti_xmalloc(size + 1);
	memcpy(s, data, size);
	s[size] = '\0';
	slen = strlen(s);

	accepted = xmlSchemaValidatePredefinedType(decimal_type,
	    (const xmlChar *)s, &val) == 0;
	memset(&c, 0, sizeof(c));
	if (accepted) {
		if (val == NULL ||
		    xmlSchemaGetCanonValue(val, &canon_text) != 0 ||
		    canon_text == NULL)
			fuzz_fail("libxml2 accepts '%s' but has no canonical "
				  "value",
			    s);
		split_canon(&c, (const char *)canon_text);
	}

	for (i = 0; i < sizeof(digit_counts) / sizeof(digit_counts[0]); i++) {
		int digits = digit_counts[i];
		int64_t got = 0, got_n = 0, want = 0;
		enum eiti_amount_status st, st_n, st_want;

		st = eiti_money_parse(&got, s, digits);
		if ((st != EITI_AMOUNT_SYNTAX) != accepted)
			fuzz_fail("eiti_money_parse('%s', %d) = %s, libxml2 %s",
			    s, digits, status_name(st),
			    accepted ? "accepts" : "rejects");
		if (accepted) {
			st_want = expect_money(&want, &c, digits);
			if (st != st_want ||
			    (st == EITI_AMOUNT_OK && got != want))
				fuzz_fail("eiti_money_parse('%s', %d) = %s "
					  "%lld, libxml2 value %s gives %s "
					  "%lld",
				    s, digits, status_name(st),
				    (long long)got, (const char *)canon_text,
				    status_name(st_want), (long long)want);
		}

		/* The same bytes with an explicit length. */
		st_n = eiti_money_parse_n(&got_n, (const char *)data, size,
		    digits);
		if (slen != size) {
			if (st_n != EITI_AMOUNT_SYNTAX)
				fuzz_fail("eiti_money_parse_n accepts an "
					  "embedded NUL (%s)",
				    status_name(st_n));
		} else if (st_n != st ||
		    (st == EITI_AMOUNT_OK && got_n != got)) {
			fuzz_fail("eiti_money_parse_n('%s', %d) = %s %lld, "
				  "eiti_money_parse = %s %lld",
			    s, digits, status_name(st_n), (long long)got_n,
			    status_name(st), (long long)got);
		}
	}
	check_decimal(s, &c, accepted);

	xmlFree((xmlChar *)canon_text);
	xmlSchemaFreeValue(val);
	free(s);
	return 0;
}
