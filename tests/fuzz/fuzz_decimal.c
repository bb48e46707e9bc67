/*
 * fuzz_decimal.c - differential fuzzing of the amount parser against
 * libxml2's own xs:decimal.
 *
 * The schema accepts or rejects an amount with libxml2's built-in
 * xs:decimal type; eiti_money_parse() must accept exactly the same
 * language, or a value could pass the schema and then be refused (or the
 * other way round) by the code that reads the figure.  For every input:
 *
 *   - acceptance: eiti_money_parse() (at every minor-unit count tried)
 *     and eiti_decimal_parse() say "syntax error" exactly when
 *     xmlSchemaValidatePredefinedType(XML_SCHEMAS_DECIMAL) rejects;
 *   - value, judged by libxml2 alone: the outcome must be DIGITS exactly
 *     when libxml2's fractionDigits facet rejects the value, else
 *     (amounts) OVERFLOW exactly when libxml2 compares it beyond the
 *     int64 range of minor units, else OK with a result that libxml2
 *     compares equal to the input; a decimal (128-bit coefficient) is
 *     never OVERFLOW: every value of the lexical space fits;
 *   - length: eiti_money_parse_n() over the raw bytes agrees with the
 *     NUL-terminated form, and rejects any input with an embedded NUL.
 *
 * (libxml2 2.9's xmlSchemaGetCanonValue() drops zero padding inside
 * decimals of more than 8 integer digits - "100316502" comes back as
 * "1316502" - so it cannot serve as the oracle; the facet and the
 * comparison code are what the schema validator itself uses.)
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include <libxml/parser.h>
#include <libxml/schemasInternals.h>
#include <libxml/xmlschemastypes.h>

#include "core/money.h"
#include "fuzz.h"

#define MAX_DIGITS 18

/* Minor-unit digit counts tried on every input (ISO 4217 has 0, 2, 3 and
 * 4; 18 is the largest scale the money module takes). */
static const int digit_counts[] = {0, 1, 2, 3, 4, 8, MAX_DIGITS};

static xmlSchemaTypePtr decimal_type;
/* fraction_facet[d]: xs:fractionDigits d.  max_val[d], min_val[d]: the
 * int64 range in units of 10^-d. */
static xmlSchemaFacetPtr fraction_facet[MAX_DIGITS + 1];
static xmlSchemaValPtr max_val[MAX_DIGITS + 1], min_val[MAX_DIGITS + 1];

/* v / 10^digits as xs:decimal text, written here rather than with the
 * money module's formatter so that the oracle shares no code with what
 * it checks.  v is an int64 amount or a 128-bit decimal coefficient. */
static void
plain(char *buf, size_t size, __int128 v, int digits)
{
	char mag[48];
	size_t n = 0, i, o = 0;
	unsigned __int128 u =
	    v < 0 ? -(unsigned __int128)v : (unsigned __int128)v;

	do { /* least significant digit first, reversed below */
		mag[n++] = (char)('0' + (int)(u % 10));
		u /= 10;
	} while (u != 0);
	for (i = 0; i < n / 2; i++) {
		char c = mag[i];

		mag[i] = mag[n - 1 - i];
		mag[n - 1 - i] = c;
	}
	if (v < 0)
		buf[o++] = '-';
	if (n <= (size_t)digits) {
		buf[o++] = '0';
		buf[o++] = '.';
		for (i = n; i < (size_t)digits; i++)
			buf[o++] = '0';
		memcpy(buf + o, mag, n);
		o += n;
	} else {
		memcpy(buf + o, mag, n - (size_t)digits);
		o += n - (size_t)digits;
		/* no bare '.': libxml2 refuses 24 integer digits before one */
		if (digits > 0)
			buf[o++] = '.';
		memcpy(buf + o, mag + n - (size_t)digits, (size_t)digits);
		o += (size_t)digits;
	}
	buf[o] = '\0';
	if (o >= size)
		abort();
}

static xmlSchemaValPtr
decimal_value(const char *s)
{
	xmlSchemaValPtr v = NULL;

	if (xmlSchemaValidatePredefinedType(
		decimal_type, (const xmlChar *)s, &v) != 0 ||
	    v == NULL)
		fuzz_fail("libxml2 rejects the decimal '%s' built here", s);
	return v;
}

const char *const fuzz_replay_dirs[] = {
    "fixtures/fuzz-regress/decimal",
    "tests/fuzz/seeds/decimal",
    NULL,
};

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	char buf[64];
	int d;

	fuzz_setup();
	xmlInitParser();
	decimal_type = xmlSchemaGetBuiltInType(XML_SCHEMAS_DECIMAL);
	if (decimal_type == NULL)
		fuzz_fail("libxml2 has no built-in xs:decimal");
	for (d = 0; d <= MAX_DIGITS; d++) {
		fraction_facet[d] = xmlSchemaNewFacet();
		fraction_facet[d]->type = XML_SCHEMA_FACET_FRACTIONDIGITS;
		snprintf(buf, sizeof(buf), "%d", d);
		fraction_facet[d]->value = xmlStrdup((const xmlChar *)buf);
		if (xmlSchemaCheckFacet(
			fraction_facet[d], decimal_type, NULL, NULL) != 0)
			fuzz_fail("libxml2 refuses fractionDigits %d", d);
		plain(buf, sizeof(buf), INT64_MAX, d);
		max_val[d] = decimal_value(buf);
		plain(buf, sizeof(buf), INT64_MIN, d);
		min_val[d] = decimal_value(buf);
	}
	return 0;
}

/* libxml2's comparison, which must be defined for two decimals. */
static int
compare(xmlSchemaValPtr a, xmlSchemaValPtr b, const char *s)
{
	int c = xmlSchemaCompareValues(a, b);

	if (c < -1 || c > 1)
		fuzz_fail("libxml2 cannot compare decimals ('%s')", s);
	return c;
}

/* What a parser must say for the value val of input s at `digits`
 * minor-unit digits, by libxml2's own reckoning. */
static enum eiti_amount_status
expect(xmlSchemaValPtr val, const char *s, int digits)
{
	if (xmlSchemaValidateFacet(decimal_type, fraction_facet[digits],
		(const xmlChar *)s, val) != 0)
		return EITI_AMOUNT_DIGITS;
	if (compare(val, max_val[digits], s) > 0 ||
	    compare(val, min_val[digits], s) < 0)
		return EITI_AMOUNT_OVERFLOW;
	return EITI_AMOUNT_OK;
}

/* True when libxml2 finds got / 10^digits equal to val. */
static int
same_value(xmlSchemaValPtr val, const char *s, __int128 got, int digits)
{
	char buf[64];
	xmlSchemaValPtr v;
	int c;

	plain(buf, sizeof(buf), got, digits);
	v = decimal_value(buf);
	c = compare(val, v, s);
	xmlSchemaFreeValue(v);
	return c == 0;
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
check_decimal(const char *s, xmlSchemaValPtr val)
{
	struct eiti_decimal d = {0, 0};
	enum eiti_amount_status st = eiti_decimal_parse(&d, s), want;
	int k;

	if ((st != EITI_AMOUNT_SYNTAX) != (val != NULL))
		fuzz_fail("eiti_decimal_parse('%s') = %s, libxml2 %s", s,
		    status_name(st), val != NULL ? "accepts" : "rejects");
	if (val == NULL)
		return;
	/* The smallest scale that holds the value exactly. */
	for (k = 0; k <= MAX_DIGITS; k++)
		if (xmlSchemaValidateFacet(decimal_type, fraction_facet[k],
			(const xmlChar *)s, val) == 0)
			break;
	want = k > MAX_DIGITS ? EITI_AMOUNT_DIGITS : EITI_AMOUNT_OK;
	if (st != want)
		fuzz_fail("eiti_decimal_parse('%s') = %s, libxml2 says %s", s,
		    status_name(st), status_name(want));
	if (st != EITI_AMOUNT_OK)
		return;
	if (d.scale != (d.coef == 0 ? 0 : k) ||
	    !same_value(val, s, d.coef, k)) {
		char got[64];

		plain(got, sizeof(got), d.coef, d.scale);
		fuzz_fail("eiti_decimal_parse('%s') = %s (scale %d), libxml2 "
			  "disagrees (scale %d)",
		    s, got, d.scale, k);
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	xmlSchemaValPtr val = NULL;
	char *s;
	size_t i, slen;
	int accepted;

	/* Amounts are attribute values; nothing longer is interesting. */
	if (size > 256)
		return 0;
	s = eiti_xmalloc(size + 1);
	memcpy(s, data, size);
	s[size] = '\0';
	slen = strlen(s);

	accepted = xmlSchemaValidatePredefinedType(
		       decimal_type, (const xmlChar *)s, &val) == 0;
	if (accepted && val == NULL)
		fuzz_fail("libxml2 accepts '%s' without a value", s);
	if (!accepted) {
		xmlSchemaFreeValue(val);
		val = NULL;
	}

	for (i = 0; i < sizeof(digit_counts) / sizeof(digit_counts[0]); i++) {
		int digits = digit_counts[i];
		int64_t got = 0, got_n = 0;
		enum eiti_amount_status st, st_n, want;

		st = eiti_money_parse(&got, s, digits);
		if ((st != EITI_AMOUNT_SYNTAX) != accepted)
			fuzz_fail("eiti_money_parse('%s', %d) = %s, libxml2 %s",
			    s, digits, status_name(st),
			    accepted ? "accepts" : "rejects");
		if (accepted) {
			want = expect(val, s, digits);
			if (st != want)
				fuzz_fail("eiti_money_parse('%s', %d) = %s, "
					  "libxml2 says %s",
				    s, digits, status_name(st),
				    status_name(want));
			if (st == EITI_AMOUNT_OK &&
			    !same_value(val, s, got, digits))
				fuzz_fail("eiti_money_parse('%s', %d) = %lld, "
					  "libxml2 finds the value different",
				    s, digits, (long long)got);
		}

		/* The same bytes with an explicit length. */
		st_n = eiti_money_parse_n(
		    &got_n, (const char *)data, size, digits);
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
	check_decimal(s, val);

	xmlSchemaFreeValue(val);
	free(s);
	return 0;
}
