/*
 * money.c - exact money: parsing, checked arithmetic, the one rounding
 * division, conversion, tolerance and formatting.
 *
 * Decimals (rates, relative tolerances, volumes) have a 128-bit
 * coefficient; the product of an int64 amount and such a coefficient
 * needs up to 191 bits, so conversions multiply into a 192-bit integer
 * and divide it by a power of ten, exactly, before the one rounding.
 * When the product fits in 64 bits (4255.44, a coefficient of 19 bits,
 * times any amount below 4.3 * 10^13 minor units) the division is a
 * 64-bit one, faster than the 128-bit division of the int64 version;
 * up to 2^128 it is the compiler's 128-bit division; only a product
 * beyond 2^128 takes the bit-by-bit long division.
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

static u128
mag128(__int128 v)
{
	/* Negate in unsigned arithmetic: defined even for the minimum. */
	return v < 0 ? -(u128)v : (u128)v;
}

/* 10^e for 0 <= e <= 36 (10^36 < 2^120). */
static u128
pow10_u128(int e)
{
	if (e <= MAX_SCALE)
		return (u128)pow10_tab[e];
	return (u128)pow10_tab[MAX_SCALE] * (u128)pow10_tab[e - MAX_SCALE];
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
	 * is never rounded on input. */
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
	u128 mag = 0;
	size_t nf, i;

	if (scan(&lx, s, strlen(s)) != 0)
		return EITI_AMOUNT_SYNTAX;
	nf = lx.nf;
	while (nf > 0 && lx.fp[nf - 1] == '0')
		nf--;
	if (nf > MAX_SCALE)
		return EITI_AMOUNT_DIGITS;
	/* scan() allows at most 24 digits: the magnitude is below 10^24,
	 * far inside 128 bits, so nothing here can overflow. */
	for (i = 0; i < lx.ni; i++)
		mag = mag * 10 + (u128)(lx.ip[i] - '0');
	for (i = 0; i < nf; i++)
		mag = mag * 10 + (u128)(lx.fp[i] - '0');
	out->coef = lx.neg ? -(__int128)mag : (__int128)mag;
	out->scale = mag == 0 ? 0 : (int)nf;
	return EITI_AMOUNT_OK;
}

/* Drop trailing zeros of the coefficient (an exact division by ten). */
static void
strip_zeros(struct eiti_decimal *d)
{
	while (d->scale > 0 && d->coef % 10 == 0) {
		d->coef /= 10;
		d->scale--;
	}
}

bool
eiti_decimal_add(struct eiti_decimal *out, const struct eiti_decimal *a,
    const struct eiti_decimal *b)
{
	struct eiti_decimal x = *a, y = *b;

	if (x.scale < 0 || x.scale > MAX_SCALE || y.scale < 0 ||
	    y.scale > MAX_SCALE)
		return false;
	if (x.scale < y.scale) {
		if (__builtin_mul_overflow(x.coef,
			(__int128)pow10_tab[y.scale - x.scale], &x.coef))
			return false;
		x.scale = y.scale;
	} else if (y.scale < x.scale) {
		if (__builtin_mul_overflow(y.coef,
			(__int128)pow10_tab[x.scale - y.scale], &y.coef))
			return false;
		y.scale = x.scale;
	}
	if (__builtin_add_overflow(x.coef, y.coef, &x.coef))
		return false;
	strip_zeros(&x);
	/* the sum must stay an xs:decimal (24 digits) so that it can be
	 * written to results.xml and read back */
	if (mag128(x.coef) >= pow10_u128(XSD_MAX_DIGITS))
		return false;
	*out = x;
	return true;
}

bool
eiti_decimal_shift(
    struct eiti_decimal *out, const struct eiti_decimal *d, int e)
{
	struct eiti_decimal x = *d;
	int scale;

	if (x.scale < 0 || x.scale > MAX_SCALE || e < -MAX_SCALE ||
	    e > MAX_SCALE)
		return false;
	scale = x.scale - e;
	if (scale > MAX_SCALE)
		return false;
	if (scale < 0) {
		if (__builtin_mul_overflow(
			x.coef, (__int128)pow10_tab[-scale], &x.coef))
			return false;
		scale = 0;
	}
	x.scale = scale;
	strip_zeros(&x);
	*out = x;
	return true;
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

static uint64_t
mag64(int64_t v)
{
	return v < 0 ? -(uint64_t)v : (uint64_t)v;
}

/* An unsigned 192-bit integer, least significant 64-bit limb first: the
 * exact product of an int64 magnitude and a 128-bit magnitude. */
struct u192 {
	uint64_t w[3];
};

static struct u192
u192_of(u128 v)
{
	struct u192 r = {{(uint64_t)v, (uint64_t)(v >> 64), 0}};

	return r;
}

/* a * b exactly: (2^64 - 1) * (2^128 - 1) < 2^192. */
static struct u192
mul_64x128(uint64_t a, u128 b)
{
	u128 lo = (u128)a * (uint64_t)b;
	u128 hi = (u128)a * (uint64_t)(b >> 64);
	u128 mid = (lo >> 64) + (uint64_t)hi; /* < 2^65 */
	struct u192 r;

	r.w[0] = (uint64_t)lo;
	r.w[1] = (uint64_t)mid;
	/* hi >> 64 <= 2^64 - 2, so the carry cannot overflow the limb */
	r.w[2] = (uint64_t)(hi >> 64) + (uint64_t)(mid >> 64);
	return r;
}

/*
 * q = n / d and *r = n % d, exactly.  When n fits in 128 bits this is
 * the compiler's division (the hot path); otherwise a bit-by-bit long
 * division, which needs d < 2^127 so that the doubled remainder stays
 * below 2^128 (every divisor here is a power of ten up to 10^36 or a
 * positive int128 coefficient).
 */
static struct u192
divmod(struct u192 n, u128 d, u128 *r)
{
	struct u192 q = {{0, 0, 0}};
	u128 rem = 0;
	int i;

	if (n.w[2] == 0) {
		u128 v = ((u128)n.w[1] << 64) | n.w[0];

		*r = v % d;
		return u192_of(v / d);
	}
	for (i = 191; i >= 0; i--) {
		rem = (rem << 1) | ((n.w[i / 64] >> (i % 64)) & 1);
		if (rem >= d) {
			rem -= d;
			q.w[i / 64] |= (uint64_t)1 << (i % 64);
		}
	}
	*r = rem;
	return q;
}

/* The magnitude q as a signed int64 (negative when neg); false when it
 * does not fit. */
static bool
to_signed(int64_t *out, const struct u192 *q, uint64_t m, bool neg)
{
	if (q->w[2] != 0 || q->w[1] != 0)
		return false;
	if (m == 0)
		neg = false;
	if (m > (uint64_t)INT64_MAX + (neg ? 1 : 0))
		return false;
	*out = neg ? (int64_t)(-(__int128)m) : (int64_t)m;
	return true;
}

/*
 * The one rounding rule of the program: the exact quotient q remainder r
 * of a division of magnitudes by d becomes q + 1 when r >= d / 2
 * (written r >= d - r so that nothing overflows): half away from zero,
 * the sign applied afterwards.  eiti_div_round() and the conversions all
 * end here.
 */
static bool
round_half_away(int64_t *out, const struct u192 *q, u128 r, u128 d, bool neg)
{
	uint64_t m = q->w[0];

	if (r >= d - r) {
		if (m == UINT64_MAX)
			return false;
		m++;
	}
	return to_signed(out, q, m, neg);
}

bool
eiti_div_round(int64_t *out, __int128 num, __int128 den)
{
	u128 un, ud, r;
	struct u192 q;

	if (den == 0)
		return false;
	un = mag128(num);
	ud = mag128(den);
	q = u192_of(un / ud);
	r = un % ud;
	return round_half_away(out, &q, r, ud, (num < 0) != (den < 0));
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
	u128 ua, uc, p, d, r;
	struct u192 n, q;
	bool neg;
	int e;

	if (!scale_ok(from_digits) || !scale_ok(to_digits) ||
	    !scale_ok(rate->scale))
		return false;
	ua = mag64(amount);
	uc = mag128(rate->coef);
	neg = (amount < 0) != (rate->coef < 0);
	/* amount * coef / 10^(scale + from) * 10^to */
	e = to_digits - rate->scale - from_digits; /* -36 <= e <= 18 */
	if (e >= 0) {
		/* Nothing is divided: a product beyond 2^128 is far beyond
		 * int64. */
		if (__builtin_mul_overflow(ua, uc, &p) ||
		    __builtin_mul_overflow(p, pow10_u128(e), &p))
			return false;
		q = u192_of(p);
		return to_signed(out, &q, q.w[0], neg);
	}
	if (!__builtin_mul_overflow(ua, uc, &p)) {
		/* The hot path (4255.44 x an amount below 2^64 / 425544):
		 * a 64-bit division, exact, then the one rounding. */
		if ((p >> 64) == 0 && -e <= MAX_SCALE) {
			uint64_t d64 = (uint64_t)pow10_tab[-e];

			q = u192_of((uint64_t)p / d64);
			return round_half_away(
			    out, &q, (uint64_t)p % d64, d64, neg);
		}
		n = u192_of(p);
	} else {
		n = mul_64x128((uint64_t)ua, uc);
	}
	d = pow10_u128(-e);
	q = divmod(n, d, &r);
	return round_half_away(out, &q, r, d, neg);
}

bool
eiti_money_convert_inverse(int64_t *out, int64_t amount, int from_digits,
    const struct eiti_decimal *rate, int to_digits)
{
	u128 ua, d, r;
	struct u192 n, q;
	int e;

	if (!scale_ok(from_digits) || !scale_ok(to_digits) ||
	    !scale_ok(rate->scale) || rate->coef <= 0)
		return false;
	ua = mag64(amount);
	/* amount / 10^from / (coef / 10^scale) * 10^to
	 *   = amount * 10^(scale + to - from) / coef */
	e = rate->scale + to_digits - from_digits; /* -18 <= e <= 36 */
	if (e >= 0) {
		n = mul_64x128((uint64_t)ua, pow10_u128(e));
		d = (u128)rate->coef; /* < 2^127 */
	} else {
		n = u192_of(ua);
		/* A divisor beyond 128 bits is more than twice any int64
		 * magnitude: the quotient rounds to 0. */
		if (__builtin_mul_overflow(
			(u128)rate->coef, pow10_u128(-e), &d)) {
			*out = 0;
			return true;
		}
	}
	q = divmod(n, d, &r);
	return round_half_away(out, &q, r, d, amount < 0);
}

/* Is the 192-bit a >= the 128-bit b? */
static bool
u192_ge_u128(const struct u192 *a, u128 b)
{
	return a->w[2] != 0 || (((u128)a->w[1] << 64) | a->w[0]) >= b;
}

bool
eiti_within_tolerance(
    int64_t f, int64_t abs_tol, const struct eiti_decimal *rel, int64_t base)
{
	u128 af = mag64(f), lhs;
	struct u192 rhs;

	if ((__int128)af <= abs_tol)
		return true;
	if (!scale_ok(rel->scale))
		return false;
	/* |f| <= coef/10^scale * |base|  <=>  |f| * 10^scale <= coef*|base|;
	 * the left side is below 2^124, the right one below 2^191. */
	lhs = af * (u128)pow10_tab[rel->scale];
	if (rel->coef <= 0) /* the right side is <= 0, the left >= 0 */
		return lhs == 0 && (rel->coef == 0 || base == 0);
	rhs = mul_64x128(mag64(base), (u128)rel->coef);
	return u192_ge_u128(&rhs, lhs);
}

bool
eiti_tolerance_value(
    int64_t *out, int64_t abs_tol, const struct eiti_decimal *rel, int64_t base)
{
	struct u192 q;
	u128 r;
	int64_t t;

	if (!scale_ok(rel->scale))
		return false;
	/* rel * |base| rounded toward zero: the remainder is dropped, by
	 * design (see money.h), not rounded. */
	q = divmod(mul_64x128(mag64(base), mag128(rel->coef)),
	    (u128)pow10_tab[rel->scale], &r);
	if (!to_signed(&t, &q, q.w[0], rel->coef < 0))
		return false;
	*out = t > abs_tol ? t : abs_tol;
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
 * first, at least min_len of them (zero-padded); returns the count.  A
 * 128-bit magnitude has at most 39 digits. */
static size_t
utoa(char *buf, u128 mag, size_t min_len)
{
	char tmp[48];
	size_t n = 0, i;
	uint64_t m;

	/* 128-bit division is slow: only for the digits above 2^64 */
	while (mag > UINT64_MAX) {
		tmp[n++] = (char)('0' + (int)(mag % 10));
		mag /= 10;
	}
	m = (uint64_t)mag;
	do {
		tmp[n++] = (char)('0' + m % 10);
		m /= 10;
	} while (m != 0);
	while (n < min_len && n < sizeof(tmp))
		tmp[n++] = '0';
	for (i = 0; i < n; i++)
		buf[i] = tmp[n - 1 - i];
	return n;
}

/*
 * The common formatter: value = -mag / 10^digits when neg, else
 * mag / 10^digits, printed with `dec` as the decimal separator and `group`
 * (may be NULL) every three integer digits.  39 digits, 12 one-byte group
 * separators, a sign and a separator fit in EITI_MONEY_BUFSZ.
 */
static char *
fmt_fixed(
    char *buf, bool neg, u128 m, int digits, const char *dec, const char *group)
{
	char d[48];
	size_t nd, nint, i, k = 0;

	if (digits < 0)
		digits = 0;
	if (digits > MAX_SCALE)
		digits = MAX_SCALE;
	nd = utoa(d, m, (size_t)digits + 1);
	nint = nd - (size_t)digits;
	if (neg && m != 0)
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

/* fmt_fixed() for a 64-bit magnitude, '.' and no grouping (the writers'
 * hot path): digits from the last, straight into place. */
static char *
fmt_plain64(char *buf, bool neg, uint64_t m, int digits)
{
	char tmp[48], *p = tmp + sizeof(tmp);
	bool nonzero = m != 0;
	size_t n;
	int i;

	for (i = 0; i < digits; i++) {
		*--p = (char)('0' + m % 10);
		m /= 10;
	}
	if (digits > 0)
		*--p = '.';
	do {
		*--p = (char)('0' + m % 10);
		m /= 10;
	} while (m != 0);
	if (neg && nonzero)
		*--p = '-';
	n = (size_t)(tmp + sizeof(tmp) - p);
	memcpy(buf, p, n);
	buf[n] = '\0';
	return buf;
}

char *
eiti_money_plain(char *buf, int64_t amount, int digits)
{
	if (digits >= 0 && digits <= 18)
		return fmt_plain64(buf, amount < 0, mag64(amount), digits);
	return fmt_fixed(buf, amount < 0, mag64(amount), digits, ".", NULL);
}

char *
eiti_money_format(char *buf, int64_t amount, int digits, const char *lang)
{
	if (is_es(lang))
		return fmt_fixed(
		    buf, amount < 0, mag64(amount), digits, ",", ".");
	return fmt_fixed(buf, amount < 0, mag64(amount), digits, ".", ",");
}

/* The shortest scale that represents d exactly. */
static void
normalise(struct eiti_decimal *n, const struct eiti_decimal *d)
{
	*n = *d;
	if (n->scale < 0)
		n->scale = 0;
	if (n->scale > MAX_SCALE)
		n->scale = MAX_SCALE;
	strip_zeros(n);
}

char *
eiti_decimal_plain(char *buf, const struct eiti_decimal *d)
{
	struct eiti_decimal n;

	normalise(&n, d);
	return fmt_fixed(buf, n.coef < 0, mag128(n.coef), n.scale, ".", NULL);
}

char *
eiti_decimal_format(char *buf, const struct eiti_decimal *d, const char *lang)
{
	struct eiti_decimal n;

	normalise(&n, d);
	if (is_es(lang))
		return fmt_fixed(
		    buf, n.coef < 0, mag128(n.coef), n.scale, ",", ".");
	return fmt_fixed(buf, n.coef < 0, mag128(n.coef), n.scale, ".", ",");
}

char *
eiti_percent_format(char *buf, int64_t bp, const char *lang)
{
	/* Spanish (RAE, ISO 80000) separates the sign by a space; English
	 * style writes it closed up. */
	if (is_es(lang)) {
		fmt_fixed(buf, bp < 0, mag64(bp), 2, ",", ".");
		strcat(buf, " %");
	} else {
		fmt_fixed(buf, bp < 0, mag64(bp), 2, ".", ",");
		strcat(buf, "%");
	}
	return buf;
}
