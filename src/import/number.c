/*
 * number.c - amounts and dates as tables print them, parsed exactly
 * (number.h).
 *
 * Every figure is read digit by digit into an __int128 coefficient D and
 * a power of ten e (the value is D x 10^e), never through a double.  At
 * most 37 significant digits are kept; a non-zero digit dropped beyond
 * them is remembered ("sticky"), which is all that the half-away-from-zero
 * rounding and the exactness test need: the first dropped digit decides
 * the rounding, and any other only whether the value was exact.  The one
 * rounding division is core/money's eiti_div_round().
 */
#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "core/money.h"
#include "import/number.h"

/* Significant digits kept in the coefficient: D < 10^37, so D * 10 + 9
 * still fits in an __int128 (about 1.7e38). */
#define KEEP_DIGITS 37
/* Excel keeps 15 significant digits; a stored number's digits beyond
 * them are the binary double's noise (2075.8000000000002). */
#define EXCEL_DIGITS 15

void
eiti_numfmt_init(struct eiti_numfmt *f)
{
	memset(f, 0, sizeof(*f));
	f->decimal = '.';
	f->group = ",";
	f->scale = 0;
	f->round = false;
	f->dash_is_zero = false;
	f->symbols = NULL;
}

/* A figure being read: value = (neg ? -1 : 1) * D * 10^e, plus a
 * non-zero tail below 10^e when sticky. */
struct acc {
	__int128 d;
	int e;	 /* exponent of D's last digit */
	int sig; /* significant digits in d */
	bool sticky;
	long ndigits; /* every digit seen, zeros included */
};

static void
acc_int_digit(struct acc *a, int dig)
{
	a->ndigits++;
	if (a->sig == 0 && dig == 0)
		return; /* a leading zero */
	if (a->sig < KEEP_DIGITS) {
		a->d = a->d * 10 + dig;
		a->sig++;
	} else {
		/* The value is at least 10^37: it overflows anyway; keep
		 * the magnitude right. */
		a->e++;
		if (dig != 0)
			a->sticky = true;
	}
}

static void
acc_frac_digit(struct acc *a, int dig)
{
	a->ndigits++;
	if (a->sig == 0 && dig == 0) {
		a->e--; /* a zero right after the point: position only */
		return;
	}
	if (a->sig < KEEP_DIGITS) {
		a->d = a->d * 10 + dig;
		a->sig++;
		a->e--;
	} else if (dig != 0) {
		a->sticky = true;
	}
}

static __int128
pow10_128(int n)
{
	__int128 p = 1;

	while (n-- > 0)
		p *= 10;
	return p;
}

/* Round a to at most `keep` significant digits, half away from zero (the
 * stored numbers' double noise). */
static void
acc_round_sig(struct acc *a, int keep)
{
	int64_t q;
	int drop = a->sig - keep;

	if (drop <= 0)
		return;
	/* d < 10^37 and the quotient < 10^keep: fits in int64 for keep
	 * <= 18. */
	(void)eiti_div_round(&q, a->d, pow10_128(drop));
	a->d = q;
	a->e += drop;
	a->sig = keep;
	a->sticky = false;
	if (a->d != 0 && a->d == (__int128)pow10_128(keep)) {
		/* 999...9 rounded up to 10^keep: one digit more. */
		a->d /= 10;
		a->e++;
	}
}

/*
 * value * 10^shift as int64 minor units.  Exact, or rounded half away
 * from zero when round, else EITI_NUM_DIGITS; EITI_NUM_OVERFLOW beyond
 * int64.  Order of the checks as in core/money: digits, then overflow.
 */
static enum eiti_num_status
acc_finish(int64_t *out, const struct acc *a, bool neg, int shift, bool round,
    const char **why)
{
	__int128 d = a->d, den;
	int k = a->e + shift;

	if (d == 0) {
		*out = 0;
		return EITI_NUM_OK;
	}
	if (k >= 0) {
		/* Sticky digits exist only past 10^37: overflow anyway. */
		if (k + a->sig > 38) {
			*why = "the amount does not fit in 64-bit minor units";
			return EITI_NUM_OVERFLOW;
		}
		d *= pow10_128(k);
		if (neg)
			d = -d;
		if (d > INT64_MAX || d < INT64_MIN) {
			*why = "the amount does not fit in 64-bit minor units";
			return EITI_NUM_OVERFLOW;
		}
		*out = (int64_t)d;
		return EITI_NUM_OK;
	}
	if (!round) {
		/* Exact only when every digit below the minor unit is a
		 * zero ("1.500" for two digits). */
		if (-k > 38 || a->sticky || d % pow10_128(-k) != 0) {
			*why = "more fraction digits than the currency's minor "
			       "unit";
			return EITI_NUM_DIGITS;
		}
		d /= pow10_128(-k);
		if (neg)
			d = -d;
		if (d > INT64_MAX || d < INT64_MIN) {
			*why = "the amount does not fit in 64-bit minor units";
			return EITI_NUM_OVERFLOW;
		}
		*out = (int64_t)d;
		return EITI_NUM_OK;
	}
	if (-k > 38) {
		/* D < 10^37 <= 10^-k / 10: below a tenth of the unit. */
		*out = 0;
		return EITI_NUM_ROUNDED;
	}
	den = pow10_128(-k);
	if (d % den == 0 && !a->sticky) {
		d /= den;
		if (neg)
			d = -d;
		if (d > INT64_MAX || d < INT64_MIN) {
			*why = "the amount does not fit in 64-bit minor units";
			return EITI_NUM_OVERFLOW;
		}
		*out = (int64_t)d;
		return EITI_NUM_OK;
	}
	/* A sticky tail never changes the rounding: the first dropped digit
	 * is in d, and a remainder below half stays below half. */
	if (!eiti_div_round(out, neg ? -d : d, den)) {
		*why = "the amount does not fit in 64-bit minor units";
		return EITI_NUM_OVERFLOW;
	}
	return EITI_NUM_ROUNDED;
}

/* ------------------------------------------------------------------ */
/* Printed figures                                                     */
/* ------------------------------------------------------------------ */

/* Length of a space character at p (ASCII blanks, NBSP, figure, thin
 * and narrow no-break spaces), or 0. */
static size_t
space_len(const char *p, const char *end)
{
	const unsigned char *u = (const unsigned char *)p;
	size_t n = (size_t)(end - p);

	if (n == 0)
		return 0;
	if (u[0] == ' ' || u[0] == '\t' || u[0] == '\r' || u[0] == '\n')
		return 1;
	if (n >= 2 && u[0] == 0xc2 && u[1] == 0xa0)
		return 2;
	if (n >= 3 && u[0] == 0xe2 && u[1] == 0x80 &&
	    (u[2] == 0x87 || u[2] == 0x89 || u[2] == 0xaf))
		return 3;
	return 0;
}

/* Length of the UTF-8 character at p in a NUL-terminated list (1 for a
 * stray byte; never past the NUL). */
static size_t
utf8_len(const char *p)
{
	unsigned char c = (unsigned char)*p;
	size_t n = c < 0x80    ? 1
		   : c >= 0xf0 ? 4
		   : c >= 0xe0 ? 3
		   : c >= 0xc0 ? 2
			       : 1,
	       k;

	for (k = 1; k < n; k++)
		if (p[k] == '\0')
			return k;
	return n;
}

/* Length of one of the grouping separators of f at p, or 0.  The decimal
 * separator is never a grouping separator. */
static size_t
group_len(const struct eiti_numfmt *f, char dec, const char *p, const char *end)
{
	const char *g = f->group;

	if (g == NULL || *p == dec)
		return 0;
	while (*g != '\0') {
		size_t n = utf8_len(g);

		if (n <= (size_t)(end - p) && memcmp(g, p, n) == 0)
			return n;
		g += n;
	}
	return 0;
}

/* Length of the longest currency symbol of f at p (ASCII letters compared
 * without case), or 0. */
static size_t
symbol_len(const struct eiti_numfmt *f, const char *p, const char *end)
{
	const char *s = f->symbols != NULL ? f->symbols : "$";
	size_t best = 0;

	while (*s != '\0') {
		size_t n = 0, i;

		while (s[n] != '\0' && s[n] != '|')
			n++;
		if (n > best && n <= (size_t)(end - p)) {
			for (i = 0; i < n; i++) {
				unsigned char a = (unsigned char)s[i],
					      b = (unsigned char)p[i];

				if (a >= 'A' && a <= 'Z')
					a = (unsigned char)(a - 'A' + 'a');
				if (b >= 'A' && b <= 'Z')
					b = (unsigned char)(b - 'A' + 'a');
				if (a != b)
					break;
			}
			if (i == n)
				best = n;
		}
		if (s[n] == '\0')
			break;
		s += n + 1;
	}
	return best;
}

/* A minus sign at p: '-' or U+2212. */
static size_t
minus_len(const char *p, const char *end)
{
	if (p < end && *p == '-')
		return 1;
	if (end - p >= 3 && memcmp(p, "\xe2\x88\x92", 3) == 0)
		return 3;
	return 0;
}

/* A dash that stands for zero: '-', U+2012..U+2015 dashes, U+2212. */
static size_t
dash_len(const char *p, const char *end)
{
	const unsigned char *u = (const unsigned char *)p;

	if (p < end && *p == '-')
		return 1;
	if (end - p >= 3 && u[0] == 0xe2 &&
	    ((u[1] == 0x80 && u[2] >= 0x92 && u[2] <= 0x95) ||
		(u[1] == 0x88 && u[2] == 0x92)))
		return 3;
	return 0;
}

static const char *
skip_spaces(const char *p, const char *end)
{
	size_t n;

	while ((n = space_len(p, end)) > 0)
		p += n;
	return p;
}

/* True when [p, end) is only spaces, currency symbols and one dash. */
static bool
is_dash_zero(const struct eiti_numfmt *f, const char *p, const char *end)
{
	int dashes = 0;
	size_t n;
	const char *q;

	for (q = p; q < end; q++)
		if (*q >= '0' && *q <= '9')
			return false; /* most texts: a figure */
	while (p < end) {
		if ((n = space_len(p, end)) > 0 ||
		    (n = symbol_len(f, p, end)) > 0) {
			p += n;
		} else if ((n = dash_len(p, end)) > 0) {
			dashes++;
			p += n;
		} else {
			return false;
		}
	}
	return dashes == 1;
}

/* A text being parsed as a number of a column's format. */
struct nparse {
	const struct eiti_numfmt *f;
	const char *p, *end;
	char dec;
	bool neg, paren, sym;
	const char **why;
	struct acc a;
};

/* Step back over trailing spaces, by whole characters. */
static const char *
trim_end(const char *p, const char *end)
{
	while (end > p) {
		const char *q = end - 1;

		while (q > p && ((unsigned char)*q & 0xc0) == 0x80)
			q--;
		if (space_len(q, end) != (size_t)(end - q))
			break;
		end = q;
	}
	return end;
}

/* Prefix: a sign, a currency symbol and an opening parenthesis, in any
 * order, each at most once, spaces between them.  0, or a status. */
static enum eiti_num_status
read_prefix(struct nparse *np)
{
	bool sign = false;
	size_t n;

	for (;;) {
		const char *p = np->p = skip_spaces(np->p, np->end);

		if (p == np->end)
			break;
		if (!sign && !np->paren && (n = minus_len(p, np->end)) > 0) {
			sign = np->neg = true;
			np->p += n;
		} else if (!sign && !np->paren && *p == '+') {
			sign = true;
			np->p++;
		} else if (!np->paren && !sign && *p == '(') {
			np->paren = np->neg = true;
			np->p++;
		} else if (!np->sym &&
			   (n = symbol_len(np->f, p, np->end)) > 0) {
			np->sym = true;
			np->p += n;
		} else if (*p == '(' || minus_len(p, np->end) > 0 ||
			   *p == '+') {
			*np->why = "more than one sign (a minus sign, a plus "
				   "sign or parentheses)";
			return EITI_NUM_SYNTAX;
		} else {
			break;
		}
	}
	return EITI_NUM_OK;
}

/* A grouping separator of n bytes at np->p, after groups of them and the
 * run digits since the last: 0, or a status. */
static enum eiti_num_status
group_sep(struct nparse *np, size_t n, int groups, int run, bool any,
    const char **gsep, size_t *gsep_len)
{
	if (!any) {
		*np->why = "a grouping separator before any digit";
		return EITI_NUM_SYNTAX;
	}
	if (groups == 0) {
		if (run > 3) {
			*np->why = "more than three digits before a grouping "
				   "separator";
			return EITI_NUM_MIXED;
		}
		*gsep = np->p;
		*gsep_len = n;
		return EITI_NUM_OK;
	}
	if (n != *gsep_len || memcmp(np->p, *gsep, n) != 0) {
		*np->why = "two different grouping separators";
		return EITI_NUM_MIXED;
	}
	if (run != 3) {
		*np->why = "digits between grouping separators must come in "
			   "threes";
		return EITI_NUM_MIXED;
	}
	return EITI_NUM_OK;
}

/* The figure: digits, grouping separators in threes, one decimal
 * separator.  0, or a status. */
static enum eiti_num_status
read_figure(struct nparse *np)
{
	const char *gsep = NULL; /* the grouping separator in use */
	size_t gsep_len = 0, n;
	bool seen_dec = false, any = false;
	int run = 0, groups = 0;
	enum eiti_num_status st;

	while (np->p < np->end) {
		unsigned char c = (unsigned char)*np->p;

		if (c >= '0' && c <= '9') {
			if (seen_dec)
				acc_frac_digit(&np->a, c - '0');
			else
				acc_int_digit(&np->a, c - '0');
			run++;
			any = true;
			np->p++;
		} else if (c == (unsigned char)np->dec) {
			if (seen_dec) {
				*np->why =
				    "the decimal separator appears twice";
				return EITI_NUM_MIXED;
			}
			if (groups > 0 && run != 3) {
				*np->why = "digits between grouping separators "
					   "must come in threes";
				return EITI_NUM_MIXED;
			}
			seen_dec = true;
			run = 0;
			np->p++;
		} else if ((n = group_len(np->f, np->dec, np->p, np->end)) >
			       0 &&
			   np->p + n < np->end && np->p[n] >= '0' &&
			   np->p[n] <= '9') {
			if (seen_dec) {
				*np->why = "a grouping separator after the "
					   "decimal separator";
				return EITI_NUM_MIXED;
			}
			st = group_sep(
			    np, n, groups, run, any, &gsep, &gsep_len);
			if (st != EITI_NUM_OK)
				return st;
			groups++;
			run = 0;
			np->p += n;
		} else {
			break;
		}
	}
	if (!any) {
		*np->why = "no digits";
		return EITI_NUM_SYNTAX;
	}
	if (!seen_dec && groups > 0 && run != 3) {
		*np->why = "digits between grouping separators must come in "
			   "threes";
		return EITI_NUM_MIXED;
	}
	return EITI_NUM_OK;
}

/* Suffix: the closing parenthesis and a currency symbol.  0, or a
 * status. */
static enum eiti_num_status
read_suffix(struct nparse *np)
{
	size_t n;

	for (;;) {
		const char *p = np->p = skip_spaces(np->p, np->end);

		if (p == np->end)
			break;
		if (np->paren && *p == ')') {
			np->paren = false;
			np->p++;
		} else if (!np->sym &&
			   (n = symbol_len(np->f, p, np->end)) > 0) {
			np->sym = true;
			np->p += n;
		} else {
			if (group_len(np->f, np->dec, p, np->end) > 0)
				*np->why = "a grouping separator not followed "
					   "by a digit";
			else if (*p == ',' || *p == '.')
				*np->why = "a separator that is neither the "
					   "decimal nor a grouping separator "
					   "of this column";
			else
				*np->why = "unexpected text after the figure";
			return EITI_NUM_SYNTAX;
		}
	}
	if (np->paren) {
		*np->why = "an opening parenthesis without its closing one";
		return EITI_NUM_SYNTAX;
	}
	return EITI_NUM_OK;
}

enum eiti_num_status
eiti_num_parse(int64_t *out, const char *text, size_t len,
    const struct eiti_numfmt *f, int digits, const char **why)
{
	const char *dummy;
	struct nparse np;
	enum eiti_num_status st;

	if (why == NULL)
		why = &dummy;
	*why = NULL;
	*out = 0;
	memset(&np, 0, sizeof(np));
	np.f = f;
	np.why = why;
	np.dec = f->decimal != 0 ? f->decimal : '.';
	np.p = skip_spaces(text, text + len);
	np.end = trim_end(np.p, text + len);
	if (np.p == np.end) {
		*why = "no value";
		return EITI_NUM_EMPTY;
	}
	if (is_dash_zero(f, np.p, np.end)) {
		if (f->dash_is_zero)
			return EITI_NUM_OK;
		*why = "a dash is not a number here (list it as a nil marker, "
		       "or let dashes mean zero)";
		return EITI_NUM_SYNTAX;
	}
	if (digits < 0 || digits > 18 || f->scale < -18 || f->scale > 18) {
		*why = "unsupported number of minor-unit digits or scale";
		return EITI_NUM_DIGITS;
	}
	if ((st = read_prefix(&np)) != EITI_NUM_OK ||
	    (st = read_figure(&np)) != EITI_NUM_OK ||
	    (st = read_suffix(&np)) != EITI_NUM_OK)
		return st;
	return acc_finish(out, &np.a, np.neg, digits + f->scale, f->round, why);
}

/* ------------------------------------------------------------------ */
/* Stored numbers                                                      */
/* ------------------------------------------------------------------ */

/*
 * Read a stored decimal ("-2.0758000000000002E3") into a.  Returns false
 * on a syntax error (*why set).
 */
static bool
read_stored(
    struct acc *a, bool *neg, const char *text, size_t len, const char **why)
{
	const char *p = text, *end = text + len;
	bool any = false, eneg = false;
	long exp = 0;
	int edigits = 0;

	memset(a, 0, sizeof(*a));
	*neg = false;
	while (p < end && (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n'))
		p++;
	while (end > p && (end[-1] == ' ' || end[-1] == '\t' ||
			      end[-1] == '\r' || end[-1] == '\n'))
		end--;
	if (p < end && (*p == '-' || *p == '+'))
		*neg = *p++ == '-';
	for (; p < end && *p >= '0' && *p <= '9'; p++) {
		acc_int_digit(a, *p - '0');
		any = true;
	}
	if (p < end && *p == '.') {
		for (p++; p < end && *p >= '0' && *p <= '9'; p++) {
			acc_frac_digit(a, *p - '0');
			any = true;
		}
	}
	if (!any) {
		*why = "not a stored number";
		return false;
	}
	if (p < end && (*p == 'e' || *p == 'E')) {
		p++;
		if (p < end && (*p == '-' || *p == '+'))
			eneg = *p++ == '-';
		for (; p < end && *p >= '0' && *p <= '9'; p++) {
			if (exp < 100000)
				exp = exp * 10 + (*p - '0');
			edigits++;
		}
		if (edigits == 0) {
			*why = "an exponent without digits";
			return false;
		}
	}
	if (p != end) {
		*why = "not a stored number";
		return false;
	}
	if (exp > 10000)
		exp = 10000; /* far beyond any range: same outcome */
	a->e += (int)(eneg ? -exp : exp);
	return true;
}

enum eiti_num_status
eiti_num_parse_stored(int64_t *out, const char *text, size_t len, int scale,
    int digits, bool round, const char **why)
{
	const char *dummy;
	struct acc a;
	bool neg;

	if (why == NULL)
		why = &dummy;
	*why = NULL;
	*out = 0;
	if (!read_stored(&a, &neg, text, len, why)) {
		const char *p = text, *end = text + len;

		while (p < end &&
		       (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n'))
			p++;
		if (p == end) {
			*why = "no value";
			return EITI_NUM_EMPTY;
		}
		return EITI_NUM_SYNTAX;
	}
	if (digits < 0 || digits > 18 || scale < -18 || scale > 18) {
		*why = "unsupported number of minor-unit digits or scale";
		return EITI_NUM_DIGITS;
	}
	/* What a spreadsheet stores is a double: keep what Excel keeps. */
	acc_round_sig(&a, EXCEL_DIGITS);
	return acc_finish(out, &a, neg, digits + scale, round, why);
}

/* ------------------------------------------------------------------ */
/* Dates                                                               */
/* ------------------------------------------------------------------ */

/* Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's
 * algorithm, integers only). */
static long
days_from_civil(long y, unsigned m, unsigned d)
{
	long era;
	unsigned yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = (unsigned)(y - era * 400);
	doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + (long)doe - 719468;
}

static void
civil_from_days(long z, long *y, unsigned *m, unsigned *d)
{
	long era;
	unsigned doe, yoe, doy, mp;

	z += 719468;
	era = (z >= 0 ? z : z - 146096) / 146097;
	doe = (unsigned)(z - era * 146097);
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	*y = (long)yoe + era * 400;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	*d = doy - (153 * mp + 2) / 5 + 1;
	*m = mp < 10 ? mp + 3 : mp - 9;
	*y += *m <= 2;
}

static bool
valid_ymd(long y, unsigned m, unsigned d)
{
	static const unsigned mdays[] = {
	    31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;

	if (y < 1 || y > 9999 || m < 1 || m > 12 || d < 1)
		return false;
	return d <= mdays[m - 1] + (m == 2 && leap ? 1u : 0u);
}

static void
write_ymd(char out[11], long y, unsigned m, unsigned d)
{
	out[0] = (char)('0' + y / 1000 % 10);
	out[1] = (char)('0' + y / 100 % 10);
	out[2] = (char)('0' + y / 10 % 10);
	out[3] = (char)('0' + y % 10);
	out[4] = '-';
	out[5] = (char)('0' + m / 10);
	out[6] = (char)('0' + m % 10);
	out[7] = '-';
	out[8] = (char)('0' + d / 10);
	out[9] = (char)('0' + d % 10);
	out[10] = '\0';
}

/* Excel's largest serial: 9999-12-31. */
#define SERIAL_MAX 2958465L

bool
eiti_date_from_serial_sys(
    char out[11], const char *text, size_t len, bool date1904)
{
	const char *why;
	struct acc a;
	bool neg;
	long serial, days, y;
	unsigned m, d;
	__int128 v;

	if (!read_stored(&a, &neg, text, len, &why) || (neg && a.d != 0))
		return false;
	/* The whole days: the integer part of D x 10^e (a fraction is a
	 * time of day). */
	v = a.d;
	if (a.e >= 0) {
		if (a.e + a.sig > 8)
			return false;
		v *= pow10_128(a.e);
	} else {
		v = -a.e > 38 ? 0 : v / pow10_128(-a.e);
	}
	if (v > SERIAL_MAX)
		return false;
	serial = (long)v;
	if (date1904) {
		days = days_from_civil(1904, 1, 1) + serial;
	} else {
		/* Serial 1 is 1900-01-01; Excel's (and Lotus 1-2-3's)
		 * fictitious 1900-02-29 is serial 60, so serials from 61 on
		 * are one day ahead of a plain count. */
		if (serial < 1 || serial == 60)
			return false;
		days =
		    days_from_civil(1899, 12, serial < 60 ? 31 : 30) + serial;
	}
	civil_from_days(days, &y, &m, &d);
	if (!valid_ymd(y, m, d))
		return false;
	write_ymd(out, y, m, d);
	return true;
}

bool
eiti_date_from_serial(char out[11], const char *text, size_t len)
{
	return eiti_date_from_serial_sys(out, text, len, false);
}

bool
eiti_date_to_serial(char *out, size_t size, const char *iso, size_t len)
{
	long y = 0, days, serial;
	unsigned m = 0, d = 0;
	size_t i;

	/* YYYY-MM-DD, then anything (a time) after 'T'. */
	if (len < 10 || (len > 10 && iso[10] != 'T'))
		return false;
	for (i = 0; i < 10; i++) {
		if (i == 4 || i == 7) {
			if (iso[i] != '-')
				return false;
		} else if (iso[i] < '0' || iso[i] > '9') {
			return false;
		}
	}
	y = (iso[0] - '0') * 1000 + (iso[1] - '0') * 100 + (iso[2] - '0') * 10 +
	    (iso[3] - '0');
	m = (unsigned)((iso[5] - '0') * 10 + (iso[6] - '0'));
	d = (unsigned)((iso[8] - '0') * 10 + (iso[9] - '0'));
	if (!valid_ymd(y, m, d))
		return false;
	days = days_from_civil(y, m, d);
	if (days < days_from_civil(1900, 3, 1))
		serial = days - days_from_civil(1899, 12, 31);
	else
		serial = days - days_from_civil(1899, 12, 30);
	if (serial < 1)
		return false;
	return snprintf(out, size, "%ld", serial) < (int)size;
}

bool
eiti_date_parse(char out[11], const char *text, size_t len, const char *pattern)
{
	const char *p = text, *end = text + len, *q = pattern;
	long y = -1;
	long m = -1, d = -1;

	while (p < end && (*p == ' ' || *p == '\t'))
		p++;
	while (end > p && (end[-1] == ' ' || end[-1] == '\t'))
		end--;
	while (*q != '\0') {
		long *field = NULL;
		int min = 0, max = 0, k;
		long v = 0;

		if (strncmp(q, "YYYY", 4) == 0) {
			field = &y, min = max = 4, q += 4;
		} else if (strncmp(q, "MM", 2) == 0) {
			field = &m, min = max = 2, q += 2;
		} else if (strncmp(q, "DD", 2) == 0) {
			field = &d, min = max = 2, q += 2;
		} else if (*q == 'M') {
			field = &m, min = 1, max = 2, q++;
		} else if (*q == 'D') {
			field = &d, min = 1, max = 2, q++;
		}
		if (field == NULL) {
			if (p == end || *p != *q)
				return false;
			p++;
			q++;
			continue;
		}
		if (*field >= 0)
			return false; /* a field twice in the pattern */
		for (k = 0; k < max && p < end && *p >= '0' && *p <= '9'; k++)
			v = v * 10 + (*p++ - '0');
		if (k < min)
			return false;
		*field = v;
	}
	if (p != end || y < 0 || m < 0 || d < 0 ||
	    !valid_ymd(y, (unsigned)m, (unsigned)d))
		return false;
	write_ymd(out, y, (unsigned)m, (unsigned)d);
	return true;
}
