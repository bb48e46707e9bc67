/*
 * rules.c - semantic checks shared by the document kinds: dates, ISO
 * codes, stream codes, amounts and non-empty values.
 *
 * Each check reads one attribute of the current element, records a
 * finding positioned at its value when it is wrong (which also silences
 * the XSD validator's complaint about the same attribute), and tells the
 * caller whether the value can be used.  Rule ids are stable and listed
 * in fixtures/invalid/README.md.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "core/iso.h"
#include "core/money.h"
#include "core/suggest.h"
#include "model/model.h"
#include "validate/internal.h"

static bool
digits(const char *s, int n)
{
	int i;

	for (i = 0; i < n; i++)
		if (s[i] < '0' || s[i] > '9')
			return false;
	return true;
}

static int
num(const char *s, int n)
{
	int v = 0, i;

	for (i = 0; i < n; i++)
		v = v * 10 + (s[i] - '0');
	return v;
}

static bool
leap(long y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

/* Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's
 * days_from_civil). */
static long
days_from_civil(long y, int m, int d)
{
	long era, yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

bool
vx_date_parse(long *days, const char *s)
{
	static const int mdays[] = {
	    31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	long y;
	int m, d, max;

	if (s == NULL || strlen(s) != 10 || s[4] != '-' || s[7] != '-' ||
	    !digits(s, 4) || !digits(s + 5, 2) || !digits(s + 8, 2))
		return false;
	y = num(s, 4);
	m = num(s + 5, 2);
	d = num(s + 8, 2);
	if (m < 1 || m > 12 || d < 1)
		return false;
	max = mdays[m - 1] + (m == 2 && leap(y));
	if (d > max)
		return false;
	*days = days_from_civil(y, m, d);
	return true;
}

const char *
vx_check_date(struct vx_run *r, const char *attr)
{
	long days;

	return vx_check_date_days(r, attr, &days);
}

const char *
vx_check_date_days(struct vx_run *r, const char *attr, long *days)
{
	const char *v = vx_attr(r, attr);

	if (v == NULL || vx_date_parse(days, v))
		return v;
	if (strlen(v) == 10 && v[4] == '-' && v[7] == '-' && digits(v, 4) &&
	    digits(v + 5, 2) && digits(v + 8, 2))
		vx_attr_finding(r, EITI_RULE_DATE_FORMAT, attr,
		    "%s '%s' is not a day of the calendar", attr, v);
	else
		vx_attr_finding(r, EITI_RULE_DATE_FORMAT, attr,
		    "%s '%s' is not a date of the form YYYY-MM-DD", attr, v);
	return NULL;
}

const char *
vx_check_country(struct vx_run *r, const char *attr, bool *ok)
{
	const char *v = vx_attr(r, attr);

	if (v == NULL || eiti_country_known(v))
		return v;
	vx_attr_finding(r, EITI_RULE_CODE_COUNTRY, attr,
	    "%s '%s' is not an ISO 3166-1 alpha-2 country code", attr, v);
	*ok = false;
	return NULL;
}

int
vx_check_currency(
    struct vx_run *r, const char *attr, const char **code, bool *present)
{
	const char *v = vx_attr(r, attr);
	int d;

	*code = v;
	*present = v != NULL;
	if (v == NULL)
		return -1;
	d = eiti_currency_digits(v);
	if (d < 0)
		vx_attr_finding(r, EITI_RULE_CODE_CURRENCY, attr,
		    "%s '%s' is not an active ISO 4217 currency code", attr, v);
	return d;
}

bool
vx_check_region(struct vx_run *r, const char *attr, const char *country)
{
	const char *v = vx_attr(r, attr);

	if (v == NULL)
		return true;
	if (!eiti_subdivision_known(v)) {
		vx_attr_finding(r, EITI_RULE_CODE_REGION, attr,
		    "%s '%s' is not an ISO 3166-2 subdivision code", attr, v);
		return false;
	}
	if (country != NULL && (strncmp(v, country, 2) != 0 || v[2] != '-')) {
		vx_attr_finding(r, EITI_RULE_CODE_REGION, attr,
		    "%s '%s' is not a subdivision of %s", attr, v, country);
		return false;
	}
	return true;
}

bool
vx_check_stream(struct vx_run *r, const char *attr)
{
	const char *v = vx_attr(r, attr);

	const struct eiti_stream_info *all;
	struct eiti_suggest sg;
	char list[128];
	size_t i, n;

	if (v == NULL || eiti_stream_lookup(v) != NULL)
		return true;
	all = eiti_streams(&n);
	eiti_suggest_init(&sg, v);
	for (i = 0; i < n; i++)
		eiti_suggest_offer(&sg, all[i].code);
	eiti_suggest_closest(&sg, list, sizeof(list));
	eiti_suggest_free(&sg);
	vx_attr_finding(r, EITI_RULE_CODE_STREAM, attr,
	    "%s '%s' is not a revenue stream code of the EITI summary data "
	    "template (schemas/streams.csv)%s%s%s",
	    attr, v, list[0] ? "; did you mean " : "", list,
	    list[0] ? "?" : "");
	return false;
}

bool
vx_check_amount(struct vx_run *r, const char *attr, int ndigits,
    const char *what, int64_t *out)
{
	const char *v = vx_attr(r, attr);

	*out = 0;
	if (v == NULL)
		return false;
	if (ndigits < 0) {
		/* Unknown currency (reported): still check the form. */
		struct eiti_decimal dec;

		if (eiti_decimal_parse(&dec, v) == EITI_AMOUNT_SYNTAX)
			vx_attr_finding(r, EITI_RULE_AMT_SYNTAX, attr,
			    "%s '%s' is not a decimal number (digits, optional "
			    "sign and '.', at most 24 digits; no exponent, no "
			    "thousands separators)",
			    attr, v);
		return false;
	}
	switch (eiti_money_parse(out, v, ndigits)) {
	case EITI_AMOUNT_OK:
		return true;
	case EITI_AMOUNT_SYNTAX:
		vx_attr_finding(r, EITI_RULE_AMT_SYNTAX, attr,
		    "%s '%s' is not a decimal number (digits, optional sign "
		    "and '.', at most 24 digits; no exponent, no thousands "
		    "separators)",
		    attr, v);
		break;
	case EITI_AMOUNT_DIGITS:
		if (ndigits == 0)
			vx_attr_finding(r, EITI_RULE_AMT_DIGITS, attr,
			    "%s '%s' has decimals but %s has no minor unit",
			    attr, v, what);
		else
			vx_attr_finding(r, EITI_RULE_AMT_DIGITS, attr,
			    "%s '%s' has more than %d decimal place%s, the "
			    "minor unit of %s",
			    attr, v, ndigits, ndigits == 1 ? "" : "s", what);
		break;
	case EITI_AMOUNT_OVERFLOW:
		vx_attr_finding(r, EITI_RULE_AMT_OVERFLOW, attr,
		    "%s '%s' is too large to be an amount of %s", attr, v,
		    what);
		break;
	}
	*out = 0;
	return false;
}

bool
vx_check_decimal(struct vx_run *r, const char *attr, struct eiti_decimal *out)
{
	const char *v = vx_attr(r, attr);

	out->coef = 0;
	out->scale = 0;
	if (v == NULL)
		return false;
	switch (eiti_decimal_parse(out, v)) {
	case EITI_AMOUNT_OK:
		return true;
	case EITI_AMOUNT_SYNTAX:
		vx_attr_finding(r, EITI_RULE_AMT_SYNTAX, attr,
		    "%s '%s' is not a decimal number (digits, optional sign "
		    "and '.'; no exponent, no thousands separators)",
		    attr, v);
		break;
	case EITI_AMOUNT_DIGITS:
		vx_attr_finding(r, EITI_RULE_AMT_DIGITS, attr,
		    "%s '%s' has more than 18 decimal places", attr, v);
		break;
	case EITI_AMOUNT_OVERFLOW:
		vx_attr_finding(r, EITI_RULE_AMT_OVERFLOW, attr,
		    "%s '%s' is too large", attr, v);
		break;
	}
	out->coef = 0;
	out->scale = 0;
	return false;
}

bool
vx_check_nonempty(struct vx_run *r, const char *const *attrs)
{
	bool ok = true;

	for (; *attrs != NULL; attrs++) {
		const char *v = vx_attr(r, *attrs);

		if (v != NULL && v[0] == '\0') {
			vx_attr_finding(r, EITI_RULE_REQ_EMPTY, *attrs,
			    "attribute '%s' is empty", *attrs);
			ok = false;
		}
	}
	return ok;
}

void
vx_text_add(struct vx_text *t, const char *text, int len)
{
	if (len <= 0 || t->len + (size_t)len > 65536)
		return;
	if (t->len + (size_t)len + 1 > t->cap) {
		t->cap = 2 * (t->len + (size_t)len + 1);
		t->s = eiti_xrealloc(t->s, t->cap);
	}
	memcpy(t->s + t->len, text, (size_t)len);
	t->len += (size_t)len;
	t->s[t->len] = '\0';
}

void
vx_text_free(struct vx_text *t)
{
	free(t->s);
	t->s = NULL;
	t->len = t->cap = 0;
}

char *
vx_collapse(struct eiti_arena *a, const char *text, size_t n)
{
	char *out = eiti_arena_alloc(a, n + 1), *o = out;
	bool space = false;
	size_t i;

	for (i = 0; i < n; i++) {
		if (text[i] == ' ' || text[i] == '\t' || text[i] == '\n' ||
		    text[i] == '\r') {
			space = o != out;
			continue;
		}
		if (space)
			*o++ = ' ';
		space = false;
		*o++ = text[i];
	}
	*o = '\0';
	return out;
}
