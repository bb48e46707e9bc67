/*
 * money.c - exact money: parsing, checked arithmetic, the one rounding
 * division, conversion, tolerance and formatting.
 *
 * The parser accepts exactly the xs:decimal language of libxml2 2.9.14
 * (xmlschemastypes.c, XML_SCHEMAS_DECIMAL), so that a value the schema
 * accepts is never rejected here and the other way round.  Measured on
 * this libxml2 with xmlSchemaValPredefTypeNode() and xmllint --schema:
 *
 *   - XML whitespace (space, tab, LF, CR) may surround the value; other
 *     characters (VT, FF, NBSP) may not, and none may sit inside it;
 *   - an optional '+' or '-' comes first, directly before the digits;
 *   - then ASCII digits with at most one '.', at least one digit overall,
 *     so "5.", ".5", "0." and "00." are valid and ".", "+", "-." are not;
 *   - leading zeros of the integer part are free; after them at most 24
 *     digits (integer digits plus every fraction digit, trailing zeros
 *     included): "1." followed by 23 zeros is valid, with 24 zeros not;
 *   - an integer part of exactly 24 significant digits may not be
 *     followed by '.' at all ("123456789012345678901234." is rejected
 *     although it has only 24 digits, an artefact of libxml2's loop that
 *     we reproduce);
 *   - no exponent, grouping, hexadecimal, NaN/INF or non-ASCII digits.
 */
#include "config.h"

#include <stdint.h>
#include <string.h>

#include "core/money.h"

#define XSD_MAX_DIGITS 24
#define MAX_SCALE 18

typedef unsigned __int128 u128;

static const int64_t pow10_tab[MAX_SCALE + 1] = {
    1LL,
    10LL,
    100LL,
    1000LL,
    10000LL,
    100000LL,
    1000000LL,
    10000000LL,
    100000000LL,
    1000000000LL,
    10000000000LL,
    100000000000LL,
    1000000000000LL,
    10000000000000LL,
    100000000000000LL,
    1000000000000000LL,
    10000000000000000LL,
    100000000000000000LL,
    1000000000000000000LL,
};

static __int128
pow10_128(int e)
{
	__int128 r = 1;

	while (e-- > 0)
		r *= 10;
	return r;
}

static int
is_xml_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/* The lexical part of an xs:decimal, as found by scan(). */
struct lex {
	int neg;
	const char *ip; /* significant integer digits (leading zeros skipped) */
	size_t ni;
	const char *fp; /* fraction digits */
	size_t nf;
};

/* Recognise exactly libxml2's xs:decimal (see the top of this file). */
static int
scan(struct lex *lx, const char *s, size_t len)
{
	const char *p = s, *end = s + len;
	int zeros = 0, dot = 0;

	memset(lx, 0, sizeof(*lx));
	while (p < end && is_xml_space(*p))
		p++;
	while (end > p && is_xml_space(end[-1]))
		end--;
	if (p < end && (*p == '+' || *p == '-')) {
		lx->neg = *p == '-';
		p++;
	}
	while (p < end && *p == '0') {
		zeros = 1;
		p++;
	}
	lx->ip = p;
	while (p < end && *p >= '0' && *p <= '9')
		p++;
	lx->ni = (size_t)(p - lx->ip);
	if (p < end && *p == '.') {
		dot = 1;
		p++;
	}
	lx->fp = p;
	while (p < end && *p >= '0' && *p <= '9')
		p++;
	lx->nf = (size_t)(p - lx->fp);
	if (p != end) /* any other character, including a NUL */
		return -1;
	if (!zeros && lx->ni == 0 && lx->nf == 0)
		return -1;
	if (lx->ni + lx->nf > XSD_MAX_DIGITS)
		return -1;
	if (lx->ni == XSD_MAX_DIGITS && dot)
		return -1;
	return 0;
}

/* Accumulate digits into a magnitude; saturate just past 2^63 so that
 * at most 24 digits times 10^18 never overflows and the caller can test
 * against the int64 range. */
static u128
accumulate(u128 acc, const char *d, size_t n)
{
	const u128 big = (u128)1 << 64;
	size_t i;

	for (i = 0; i < n; i++) {
		acc = acc * 10 + (u128)(d[i] - '0');
		if (acc > big)
			acc = big;
	}
	return acc;
}

static enum eiti_amount_status
to_int64(int64_t *out, u128 mag, int neg)
{
	const u128 lim = (u128)INT64_MAX + (neg ? 1 : 0);

	if (mag > lim)
		return EITI_AMOUNT_OVERFLOW;
	*out = neg ? (int64_t)(-(__int128)mag) : (int64_t)mag;
	return EITI_AMOUNT_OK;
}

enum eiti_amount_status
eiti_money_parse_n(int64_t *out, const char *s, size_t len, int digits)
{
	struct lex lx;
	u128 mag;
	size_t i, keep;

	if (scan(&lx, s, len) != 0)
		return EITI_AMOUNT_SYNTAX;
	if (digits < 0 || digits > MAX_SCALE)
		return EITI_AMOUNT_DIGITS;
	keep = lx.nf < (size_t)digits ? lx.nf : (size_t)digits;
	/* Digits beyond the currency's minor unit must all be zero: a value
	 * is never rounded on input (RELIABILITY.md section 5). */
	for (i = keep; i < lx.nf; i++)
		if (lx.fp[i] != '0')
			return EITI_AMOUNT_DIGITS;
	mag = accumulate(0, lx.ip, lx.ni);
	mag = accumulate(mag, lx.fp, keep);
	for (i = keep; i < (size_t)digits; i++)
		mag = accumulate(mag, "0", 1);
	return to_int64(out, mag, lx.neg);
}

enum eiti_amount_status
eiti_money_parse(int64_t *out, const char *s, int digits)
{
	return eiti_money_parse_n(out, s, strlen(s), digits);
}

enum eiti_amount_status
eiti_decimal_parse(struct eiti_decimal *out, const char *s)
{
	struct lex lx;
	enum eiti_amount_status st;
	int64_t coef;
	size_t nf;

	if (scan(&lx, s, strlen(s)) != 0)
		return EITI_AMOUNT_SYNTAX;
	nf = lx.nf;
	while (nf > 0 && lx.fp[nf - 1] == '0')
		nf--;
	if (nf > MAX_SCALE)
		return EITI_AMOUNT_DIGITS;
	st = to_int64(
	    &coef, accumulate(accumulate(0, lx.ip, lx.ni), lx.fp, nf), lx.neg);
	if (st != EITI_AMOUNT_OK)
		return st;
	out->coef = coef;
	out->scale = coef == 0 ? 0 : (int)nf;
	return EITI_AMOUNT_OK;
}

bool
eiti_add(int64_t *out, int64_t a, int64_t b)
{
	return !__builtin_add_overflow(a, b, out);
}

bool
eiti_sub(int64_t *out, int64_t a, int64_t b)
{
	return !__builtin_sub_overflow(a, b, out);
}

bool
eiti_mul(int64_t *out, int64_t a, int64_t b)
{
	return !__builtin_mul_overflow(a, b, out);
}

bool
eiti_abs(int64_t *out, int64_t a)
{
	if (a == INT64_MIN)
		return false;
	*out = a < 0 ? -a : a;
	return true;
}

static u128
mag128(__int128 v)
{
	/* Negate in unsigned arithmetic: defined even for the minimum. */
	return v < 0 ? -(u128)v : (u128)v;
}

bool
eiti_div_round(int64_t *out, __int128 num, __int128 den)
{
	u128 un, ud, q, r;
	int neg;

	if (den == 0)
		return false;
	neg = (num < 0) != (den < 0);
	un = mag128(num);
	ud = mag128(den);
	q = un / ud;
	r = un % ud;
	/* Half away from zero: round the magnitude up when r >= den/2,
	 * written without 2*r so it cannot overflow. */
	if (r >= ud - r)
		q++;
	if (q == 0)
		neg = 0;
	if (q > (u128)INT64_MAX + (neg ? 1 : 0))
		return false;
	*out = neg ? (int64_t)(-(__int128)q) : (int64_t)q;
	return true;
}

static bool
scale_ok(int s)
{
	return s >= 0 && s <= MAX_SCALE;
}

bool
eiti_money_convert(int64_t *out, int64_t amount, int from_digits,
    const struct eiti_decimal *rate, int to_digits)
{
	__int128 num, den = 1;
	int e;

	if (!scale_ok(from_digits) || !scale_ok(to_digits) ||
	    !scale_ok(rate->scale))
		return false;
	/* |amount * coef| < 2^126: exact in __int128. */
	num = (__int128)amount * rate->coef;
	e = to_digits - rate->scale - from_digits;
	if (e >= 0) {
		/* Multiplying up: a result that no longer fits __int128
		 * certainly does not fit int64. */
		if (__builtin_mul_overflow(num, pow10_128(e), &num))
			return false;
	} else {
		den = pow10_128(-e); /* -e <= 36: 10^36 < 2^127 */
	}
	return eiti_div_round(out, num, den);
}

bool
eiti_within_tolerance(
    int64_t f, int64_t abs_tol, const struct eiti_decimal *rel, int64_t base)
{
	__int128 af = (__int128)(mag128(f));
	__int128 ab = (__int128)(mag128(base));

	if (af <= abs_tol)
		return true;
	if (!scale_ok(rel->scale))
		return false;
	/* |f| <= coef/10^scale * |base|  <=>  |f| * 10^scale <= coef*|base|;
	 * both sides stay below 2^127. */
	return af * pow10_tab[rel->scale] <= (__int128)rel->coef * ab;
}

bool
eiti_tolerance_value(
    int64_t *out, int64_t abs_tol, const struct eiti_decimal *rel, int64_t base)
{
	int64_t r;

	if (!scale_ok(rel->scale))
		return false;
	if (!eiti_div_round(&r, (__int128)rel->coef * (__int128)mag128(base),
		pow10_tab[rel->scale]))
		return false;
	*out = r > abs_tol ? r : abs_tol;
	return true;
}

bool
eiti_percent_bp(int64_t *out, int64_t num, int64_t den)
{
	if (den == 0)
		return false;
	return eiti_div_round(out, (__int128)num * 10000, den);
}

/* Formatting. */

/* Write the decimal digits of mag (no sign) into buf, most significant
 * first, at least min_len of them (zero-padded); returns the count. */
static size_t
utoa(char *buf, uint64_t mag, size_t min_len)
{
	char tmp[24];
	size_t n = 0, i;

	do {
		tmp[n++] = (char)('0' + mag % 10);
		mag /= 10;
	} while (mag != 0);
	while (n < min_len)
		tmp[n++] = '0';
	for (i = 0; i < n; i++)
		buf[i] = tmp[n - 1 - i];
	return n;
}

static uint64_t
mag64(int64_t v)
{
	return v < 0 ? -(uint64_t)v : (uint64_t)v;
}

/*
 * The common formatter: value = v / 10^digits, printed with `dec` as the
 * decimal separator and `group` (may be NULL) every three integer digits.
 */
static char *
fmt_fixed(char *buf, int64_t v, int digits, const char *dec, const char *group)
{
	char d[24];
	uint64_t m = mag64(v);
	size_t nd, nint, i, k = 0;

	if (digits < 0)
		digits = 0;
	if (digits > MAX_SCALE)
		digits = MAX_SCALE;
	nd = utoa(d, m, (size_t)digits + 1);
	nint = nd - (size_t)digits;
	if (v < 0)
		buf[k++] = '-';
	for (i = 0; i < nint; i++) {
		if (group != NULL && i > 0 && (nint - i) % 3 == 0) {
			size_t gl = strlen(group);

			memcpy(buf + k, group, gl);
			k += gl;
		}
		buf[k++] = d[i];
	}
	if (digits > 0) {
		size_t dl = strlen(dec);

		memcpy(buf + k, dec, dl);
		k += dl;
		memcpy(buf + k, d + nint, (size_t)digits);
		k += (size_t)digits;
	}
	buf[k] = '\0';
	return buf;
}

static int
is_es(const char *lang)
{
	return lang != NULL && lang[0] == 'e' && lang[1] == 's' &&
	       (lang[2] == '\0' || lang[2] == '-' || lang[2] == '_');
}

char *
eiti_money_plain(char *buf, int64_t amount, int digits)
{
	return fmt_fixed(buf, amount, digits, ".", NULL);
}

char *
eiti_money_format(char *buf, int64_t amount, int digits, const char *lang)
{
	if (is_es(lang))
		return fmt_fixed(buf, amount, digits, ",", ".");
	return fmt_fixed(buf, amount, digits, ".", ",");
}

/* The shortest scale that represents d exactly. */
static void
normalise(int64_t *coef, int *scale, const struct eiti_decimal *d)
{
	*coef = d->coef;
	*scale = d->scale < 0 ? 0 : d->scale > MAX_SCALE ? MAX_SCALE : d->scale;
	while (*scale > 0 && *coef % 10 == 0) {
		*coef /= 10;
		(*scale)--;
	}
}

char *
eiti_decimal_plain(char *buf, const struct eiti_decimal *d)
{
	int64_t c;
	int s;

	normalise(&c, &s, d);
	return fmt_fixed(buf, c, s, ".", NULL);
}

char *
eiti_decimal_format(char *buf, const struct eiti_decimal *d, const char *lang)
{
	int64_t c;
	int s;

	normalise(&c, &s, d);
	if (is_es(lang))
		return fmt_fixed(buf, c, s, ",", ".");
	return fmt_fixed(buf, c, s, ".", ",");
}

char *
eiti_percent_format(char *buf, int64_t bp, const char *lang)
{
	/* Spanish (RAE, ISO 80000) separates the sign by a space; English
	 * style writes it closed up. */
	if (is_es(lang)) {
		fmt_fixed(buf, bp, 2, ",", ".");
		strcat(buf, " %");
	} else {
		fmt_fixed(buf, bp, 2, ".", ",");
		strcat(buf, "%");
	}
	return buf;
}
