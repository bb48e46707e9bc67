/*
 * text.c - words, numbers and dates for the report: template lookup and
 * placeholders, amounts through the project's money formatter, dates in
 * the template's pattern, data strings made safe to print, and link
 * attributes cairo 1.16 cannot choke on.
 */
#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/message.h"
#include "core/money.h"
#include "render/rint.h"

/* ---- temporary strings ---------------------------------------------- */

static char *
tmp_keep(struct rdoc *d, char *s)
{
	if (d->ntmp == d->tmpcap) {
		d->tmpcap = d->tmpcap ? d->tmpcap * 2 : 64;
		d->tmp = eiti_xrealloc(d->tmp, d->tmpcap * sizeof(*d->tmp));
	}
	d->tmp[d->ntmp++] = s;
	return s;
}

void
r_tmp_reset(struct rdoc *d)
{
	size_t i;

	for (i = 0; i < d->ntmp; i++)
		free(d->tmp[i]);
	d->ntmp = 0;
}

char *
r_tmp_strdup(struct rdoc *d, const char *s)
{
	return tmp_keep(d, eiti_xstrdup(s ? s : ""));
}

char *
r_tmp_printf(struct rdoc *d, const char *fmt, ...)
{
	va_list ap;
	char *s;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	s = eiti_xmalloc((size_t)n + 1);
	va_start(ap, fmt);
	vsnprintf(s, (size_t)n + 1, fmt, ap);
	va_end(ap);
	return tmp_keep(d, s);
}

/* ---- template ---------------------------------------------------------- */

const char *
T(struct rdoc *d, const char *key)
{
	const char *v = eiti_template_text(d->t, key);

	if (v == NULL) {
		r_fail(d, EITI_ERR_INVALID, "render: template %s: no text '%s'",
		    d->t->file, key);
		return key;
	}
	return v;
}

/* Counts in messages: grouped like every number of the report. */
static void
msg_num(void *ud, char *buf, int64_t n)
{
	r_count(ud, buf, n);
}

const char *
r_msg(struct rdoc *d, const char *key, const struct eiti_msg_arg *args,
    size_t nargs)
{
	return tmp_keep(
	    d, eiti_msg_format(T(d, key), args, nargs, d->lang, msg_num, d));
}

char *
r_subst(struct rdoc *d, const char *pattern, ...)
{
	struct eiti_msg_arg a[16];
	const char *name;
	size_t n = 0;
	va_list ap;

	va_start(ap, pattern);
	while ((name = va_arg(ap, const char *)) != NULL) {
		const char *v = va_arg(ap, const char *);

		if (n < sizeof(a) / sizeof(a[0]))
			a[n++] = EITI_MSG_S(name, v);
	}
	va_end(ap);
	return tmp_keep(d, eiti_msg_format(pattern, a, n, d->lang, msg_num, d));
}

/* ---- safe strings ------------------------------------------------------ */

/* Length of a valid UTF-8 sequence at s (1..4), 0 if invalid; *cp gets
 * the code point. */
static int
utf8_valid(const unsigned char *s, uint32_t *cp)
{
	if (s[0] < 0x80) {
		*cp = s[0];
		return 1;
	}
	if (s[0] >= 0xc2 && s[0] <= 0xdf && (s[1] & 0xc0) == 0x80) {
		*cp = ((uint32_t)(s[0] & 0x1f) << 6) | (s[1] & 0x3f);
		return 2;
	}
	if ((s[0] & 0xf0) == 0xe0 && (s[1] & 0xc0) == 0x80 &&
	    (s[2] & 0xc0) == 0x80) {
		uint32_t c = ((uint32_t)(s[0] & 0x0f) << 12) |
			     ((uint32_t)(s[1] & 0x3f) << 6) | (s[2] & 0x3f);

		if (c < 0x800 || (c >= 0xd800 && c <= 0xdfff))
			return 0;
		*cp = c;
		return 3;
	}
	if (s[0] >= 0xf0 && s[0] <= 0xf4 && (s[1] & 0xc0) == 0x80 &&
	    (s[2] & 0xc0) == 0x80 && (s[3] & 0xc0) == 0x80) {
		uint32_t c = ((uint32_t)(s[0] & 0x07) << 18) |
			     ((uint32_t)(s[1] & 0x3f) << 12) |
			     ((uint32_t)(s[2] & 0x3f) << 6) | (s[3] & 0x3f);

		if (c < 0x10000 || c > 0x10ffff)
			return 0;
		*cp = c;
		return 4;
	}
	return 0;
}

/* Characters that change how the text around them is displayed: a
 * company name must not reorder or hide the figures next to it. */
static bool
is_format_control(uint32_t c)
{
	return (c >= 0x202a && c <= 0x202e) || (c >= 0x2066 && c <= 0x2069) ||
	       c == 0x200e || c == 0x200f || c == 0x061c || c == 0xfeff ||
	       (c >= 0xfff9 && c <= 0xfffb);
}

static bool
is_control(uint32_t c)
{
	return c < 0x20 || (c >= 0x7f && c < 0xa0) || c == 0x2028 ||
	       c == 0x2029;
}

/* A combining mark (general category M): a long run of them stacks on
 * one base character and makes shaping quadratic. */
static bool
is_mark(uint32_t c)
{
	return c >= 0x300 && g_unichar_ismark(c);
}

/* Where a line may break anyway: spaces and ASCII punctuation. */
static bool
breaks_run(uint32_t c)
{
	return c < 0x80 && !((c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') ||
			       (c >= 'A' && c <= 'Z'));
}

/* Count c in a run of characters with no break opportunity; true when
 * the run has reached R_MAX_RUN. */
static bool
run_full(int *run, uint32_t c)
{
	if (breaks_run(c)) {
		*run = 0;
		return false;
	}
	if (is_mark(c))
		return false;
	return ++*run > R_MAX_RUN;
}

/* NULL when s is clean; else a new cleaned copy. */
static char *
clean_copy(const char *s)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t i = 0, n = strlen(s), o = 0;
	bool dirty = false;
	int marks = 0, run = 0;
	char *out;

	while (i < n) {
		uint32_t c;
		int k = utf8_valid(u + i, &c);

		if (k == 0 || is_control(c) || is_format_control(c) ||
		    (is_mark(c) ? ++marks : (marks = 0)) > R_MAX_MARKS ||
		    run_full(&run, c)) {
			dirty = true;
			break;
		}
		i += (size_t)k;
	}
	if (!dirty)
		return NULL;
	/* every 3-byte U+200B adds at most 3 bytes per R_MAX_RUN */
	out = eiti_xmalloc(n * 3 + n / R_MAX_RUN * 3 + 4);
	marks = run = 0;
	for (i = 0; i < n;) {
		uint32_t c;
		int k = utf8_valid(u + i, &c);

		if (k == 0) {
			memcpy(out + o, "\xef\xbf\xbd", 3); /* U+FFFD */
			o += 3;
			i++;
			marks = 0;
			continue;
		}
		marks = is_mark(c) ? marks + 1 : 0;
		if (is_format_control(c) || marks > R_MAX_MARKS) {
			i += (size_t)k;
			continue;
		}
		if (is_control(c)) {
			out[o++] = ' ';
			i += (size_t)k;
			run = 0;
			continue;
		}
		if (run_full(&run, c)) {
			/* a break opportunity (ZERO WIDTH SPACE) */
			memcpy(out + o, "\xe2\x80\x8b", 3);
			o += 3;
			run = 1;
		}
		memcpy(out + o, u + i, (size_t)k);
		o += (size_t)k;
		i += (size_t)k;
	}
	out[o] = '\0';
	return out;
}

const char *
r_clean(struct rdoc *d, const char *s)
{
	char *c;

	if (s == NULL)
		return "";
	c = clean_copy(s);
	return c ? tmp_keep(d, c) : s;
}

char *
r_clean_dup(const char *s)
{
	char *c = clean_copy(s ? s : "");

	return c ? c : eiti_xstrdup(s ? s : "");
}

/* ---- numbers ------------------------------------------------------------- */

/* Re-group "-1234567.89" with the template's own separators. */
static char *
regroup(char *buf, const char *plain, const char *dec, const char *grp)
{
	const char *p = plain, *dot;
	size_t o = 0, intlen, i;

	if (*p == '-')
		buf[o++] = *p++;
	dot = strchr(p, '.');
	intlen = dot ? (size_t)(dot - p) : strlen(p);
	for (i = 0; i < intlen; i++) {
		if (i > 0 && (intlen - i) % 3 == 0) {
			size_t gl = strlen(grp);

			if (o + gl + 8 < EITI_MONEY_BUFSZ * 2) {
				memcpy(buf + o, grp, gl);
				o += gl;
			}
		}
		buf[o++] = p[i];
	}
	if (dot != NULL) {
		size_t dl = strlen(dec), fl = strlen(dot + 1);

		memcpy(buf + o, dec, dl);
		o += dl;
		memcpy(buf + o, dot + 1, fl);
		o += fl;
	}
	buf[o] = '\0';
	return buf;
}

/* The buffers given to these are EITI_MONEY_BUFSZ bytes; a template's
 * separators are at most a few bytes, which regroup() bounds. */
static char *
fmt_amount(struct rdoc *d, char *buf, int64_t v, int digits)
{
	const struct eiti_template *t = d->t;

	if (t->num_decimal[0] != '\0' && strlen(t->num_decimal) <= 4 &&
	    strlen(t->num_group) <= 4) {
		char plain[EITI_MONEY_BUFSZ], wide[EITI_MONEY_BUFSZ * 2];

		eiti_money_plain(plain, v, digits);
		regroup(wide, plain, t->num_decimal, t->num_group);
		snprintf(buf, EITI_MONEY_BUFSZ, "%s", wide);
		return buf;
	}
	return eiti_money_format(buf, v, digits, t->num_lang);
}

char *
r_amount(struct rdoc *d, char *buf, int64_t v, int digits)
{
	return fmt_amount(d, buf, v, digits);
}

char *
r_money(struct rdoc *d, char *buf, int64_t v)
{
	return fmt_amount(d, buf, v, d->res->currency_digits);
}

char *
r_count(struct rdoc *d, char *buf, int64_t n)
{
	return fmt_amount(d, buf, n, 0);
}

/* The percent pattern of the template, else the language's ("62,35 %"
 * in Spanish, "62.35%" in English). */
static const char *
pct_pattern(const struct eiti_template *t)
{
	if (t->num_percent[0] != '\0')
		return t->num_percent;
	return strcmp(t->num_lang, "es") == 0 ? "{n} %" : "{n}%";
}

char *
r_pct(struct rdoc *d, char *buf, int64_t bp)
{
	char n[EITI_MONEY_BUFSZ];
	char *s;

	fmt_amount(d, n, bp, 2);
	s = eiti_msg_format(pct_pattern(d->t),
	    (const struct eiti_msg_arg[]){EITI_MSG_S("n", n)}, 1, d->lang, NULL,
	    NULL);
	snprintf(buf, EITI_MONEY_BUFSZ, "%s", s);
	free(s);
	return buf;
}

const char *
r_pct_fraction(struct rdoc *d, const struct eiti_decimal *f)
{
	__int128 coef = f->coef;
	char buf[EITI_MONEY_BUFSZ];
	int digits;

	/* f x 100 exactly: two fewer fraction digits, at least two left */
	digits = f->scale - 2;
	while (digits < 2) {
		if (coef > INT64_MAX || coef < -INT64_MAX)
			return r_clean(d, d->res->rel_tol_text);
		coef *= 10;
		digits++;
	}
	if (digits > 18 || coef > INT64_MAX || coef < -INT64_MAX)
		return r_clean(d, d->res->rel_tol_text);
	fmt_amount(d, buf, (int64_t)coef, digits);
	return tmp_keep(
	    d, eiti_msg_format(pct_pattern(d->t),
		   (const struct eiti_msg_arg[]){EITI_MSG_S("n", buf)}, 1,
		   d->lang, NULL, NULL));
}

/* ---- dates ------------------------------------------------------------ */

static int
digits_at(const char *s, int n)
{
	int v = 0, i;

	for (i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	return v;
}

const char *
r_date(struct rdoc *d, const char *iso)
{
	int y, m, day;
	char ds[16], ys[16];

	if (iso == NULL || strlen(iso) < 10 || iso[4] != '-' || iso[7] != '-')
		return r_clean(d, iso);
	y = digits_at(iso, 4);
	m = digits_at(iso + 5, 2);
	day = digits_at(iso + 8, 2);
	if (y < 0 || m < 1 || m > 12 || day < 1 || day > 31)
		return r_clean(d, iso);
	snprintf(ds, sizeof(ds), "%d", day);
	snprintf(ys, sizeof(ys), "%04d", y);
	return r_subst(d, d->t->date_pattern, "day", ds, "month",
	    d->t->months[m - 1], "year", ys, (char *)NULL);
}

/* ---- link attributes ------------------------------------------------- */

static bool
uri_char_ok(unsigned char c)
{
	/* RFC 3986 unreserved and reserved characters, minus ' (cairo) and
	 * minus % (handled apart). */
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	       (c >= '0' && c <= '9') ||
	       strchr("-._~:/?#[]@!$&()*+,;=", c) != NULL;
}

static bool
is_hex(char c)
{
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') ||
	       (c >= 'A' && c <= 'F');
}

const char *
r_uri_attr(struct rdoc *d, const char *url)
{
	static const char hex[] = "0123456789ABCDEF";
	size_t n, i, o = 0;
	char *enc, *attr;

	if (url == NULL)
		return NULL;
	if (strncasecmp(url, "http://", 7) != 0 &&
	    strncasecmp(url, "https://", 8) != 0)
		return NULL;
	n = strlen(url);
	if (n > 2048)
		return NULL;
	enc = eiti_xmalloc(n * 3 + 1);
	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)url[i];

		if (uri_char_ok(c) && c != '\0') {
			enc[o++] = (char)c;
		} else if (c == '%' && i + 2 < n && is_hex(url[i + 1]) &&
			   is_hex(url[i + 2])) {
			enc[o++] = '%';
		} else {
			enc[o++] = '%';
			enc[o++] = hex[c >> 4];
			enc[o++] = hex[c & 15];
		}
	}
	enc[o] = '\0';
	/* Nothing in enc needs escaping any more, but every attribute goes
	 * through the escaper all the same. */
	attr = r_tmp_printf(d, "uri='%s'", r_attr_escape(d, enc));
	free(enc);
	return attr;
}

char *
r_attr_escape(struct rdoc *d, const char *s)
{
	size_t n = strlen(s), i, o = 0;
	char *out = eiti_xmalloc(n * 2 + 1);

	for (i = 0; i < n; i++) {
		if (s[i] == '\\' || s[i] == '\'')
			out[o++] = '\\';
		out[o++] = s[i];
	}
	out[o] = '\0';
	return tmp_keep(d, out);
}

/* ---- alphabetical order ------------------------------------------------ */

/* Base letter of the Latin-1 Supplement and Latin Extended-A letters
 * (U+00C0..U+017F), lower case; 0 for the others. */
static const char latin_base[] = "aaaaaaaceeeeiiii"  /* C0 */
				 "dnooooo\0ouuuuyts" /* D0: x (D7) kept */
				 "aaaaaaaceeeeiiii"  /* E0 */
				 "dnooooo\0ouuuuyty" /* F0: / (F7) kept */
				 "aaaaaaccccccccdd"  /* 100 */
				 "ddeeeeeeeeeegggg"  /* 110 */
				 "gggghhhhiiiiiiii"  /* 120 */
				 "iijjjjkkklllllll"  /* 130 */
				 "lllnnnnnnnnnoooo"  /* 140 */
				 "oooorrrrrrssssss"  /* 150 */
				 "ssttttttuuuuuuuu"  /* 160 */
				 "uuuuwwyyyzzzzzzs"; /* 170 */

char *
r_sort_key(const char *s)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t n = strlen(s), i = 0, o = 0;
	char *out = eiti_xmalloc(2 * n + 1);

	while (i < n) {
		uint32_t c;
		int k = utf8_valid(u + i, &c);

		if (k == 0) {
			i++;
			continue;
		}
		if (c < 0x80) {
			out[o++] = (char)(c >= 'A' && c <= 'Z' ? c + 32 : c);
		} else if (c >= 0xc0 && c <= 0x17f &&
			   latin_base[c - 0xc0] != '\0') {
			out[o++] = latin_base[c - 0xc0];
			/* n-tilde sorts after n (Spanish order) */
			if (c == 0xd1 || c == 0xf1)
				out[o++] = '~';
		} else {
			memcpy(out + o, u + i, (size_t)k);
			o += (size_t)k;
		}
		i += (size_t)k;
	}
	out[o] = '\0';
	return out;
}
