/*
 * suggest.c - normalized matching and "closest known values" (suggest.h).
 */
#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/err.h"
#include "core/suggest.h"

/*
 * Base letters of U+00C0..U+017F, lower case, one entry per code point
 * ("" keeps the character; two letters for ligatures).  Written out so
 * that a reader can check each against the Unicode charts.
 */
/* clang-format off */
static const char *const fold_latin[] = {
    /* U+00C0 */ "a", "a", "a", "a", "a", "a", "ae", "c",
    /* U+00C8 */ "e", "e", "e", "e", "i", "i", "i", "i",
    /* U+00D0 */ "d", "n", "o", "o", "o", "o", "o", "",
    /* U+00D8 */ "o", "u", "u", "u", "u", "y", "th", "ss",
    /* U+00E0 */ "a", "a", "a", "a", "a", "a", "ae", "c",
    /* U+00E8 */ "e", "e", "e", "e", "i", "i", "i", "i",
    /* U+00F0 */ "d", "n", "o", "o", "o", "o", "o", "",
    /* U+00F8 */ "o", "u", "u", "u", "u", "y", "th", "y",
    /* U+0100 */ "a", "a", "a", "a", "a", "a", "c", "c",
    /* U+0108 */ "c", "c", "c", "c", "c", "c", "d", "d",
    /* U+0110 */ "d", "d", "e", "e", "e", "e", "e", "e",
    /* U+0118 */ "e", "e", "e", "e", "g", "g", "g", "g",
    /* U+0120 */ "g", "g", "g", "g", "h", "h", "h", "h",
    /* U+0128 */ "i", "i", "i", "i", "i", "i", "i", "i",
    /* U+0130 */ "i", "i", "ij", "ij", "j", "j", "k", "k",
    /* U+0138 */ "k", "l", "l", "l", "l", "l", "l", "l",
    /* U+0140 */ "l", "l", "l", "n", "n", "n", "n", "n",
    /* U+0148 */ "n", "n", "n", "n", "o", "o", "o", "o",
    /* U+0150 */ "o", "o", "oe", "oe", "r", "r", "r", "r",
    /* U+0158 */ "r", "r", "s", "s", "s", "s", "s", "s",
    /* U+0160 */ "s", "s", "t", "t", "t", "t", "t", "t",
    /* U+0168 */ "u", "u", "u", "u", "u", "u", "u", "u",
    /* U+0170 */ "u", "u", "u", "u", "w", "w", "y", "y",
    /* U+0178 */ "y", "z", "z", "z", "z", "z", "z", "s",
};
/* clang-format on */

/* Decode one UTF-8 character at s (n bytes left); *cp gets it, or -1
 * for an invalid byte (then 1 is returned). */
static size_t
utf8_next(const unsigned char *s, size_t n, long *cp)
{
	unsigned c = s[0];
	size_t len, i;
	long v;

	if (c < 0x80) {
		*cp = c;
		return 1;
	}
	if (c >= 0xc2 && c <= 0xdf) {
		len = 2;
		v = c & 0x1f;
	} else if (c >= 0xe0 && c <= 0xef) {
		len = 3;
		v = c & 0x0f;
	} else if (c >= 0xf0 && c <= 0xf4) {
		len = 4;
		v = c & 0x07;
	} else {
		*cp = -1;
		return 1;
	}
	if (n < len) {
		*cp = -1;
		return 1;
	}
	for (i = 1; i < len; i++) {
		if ((s[i] & 0xc0) != 0x80) {
			*cp = -1;
			return 1;
		}
		v = (v << 6) | (s[i] & 0x3f);
	}
	if ((len == 3 && v < 0x800) || (len == 4 && v < 0x10000) ||
	    (v >= 0xd800 && v <= 0xdfff) || v > 0x10ffff) {
		*cp = -1;
		return 1;
	}
	*cp = v;
	return len;
}

static bool
is_space_cp(long c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' ||
	       c == '\f' || c == 0xa0 || (c >= 0x2000 && c <= 0x200b) ||
	       c == 0x202f || c == 0x205f || c == 0x3000 || c == 0xfeff;
}

/* The ASCII replacement of c ("" to drop it), or NULL to keep it. */
static const char *
fold(long c)
{
	if (c >= 0xc0 && c <= 0x17f)
		return fold_latin[c - 0xc0][0] != '\0' ? fold_latin[c - 0xc0]
						       : NULL;
	if (c >= 0x300 && c <= 0x36f)
		return ""; /* combining marks (decomposed accents) */
	switch (c) {
	case 0x218:
	case 0x219:
		return "s"; /* Romanian comma below */
	case 0x21a:
	case 0x21b:
		return "t";
	case 0x2018:
	case 0x2019:
	case 0x201a:
	case 0x2032:
		return "'";
	case 0x201c:
	case 0x201d:
	case 0x201e:
		return "\"";
	case 0x2010:
	case 0x2011:
	case 0x2012:
	case 0x2013:
	case 0x2014:
	case 0x2015:
	case 0x2212:
		return "-";
	}
	return NULL;
}

size_t
eiti_norm(char *out, size_t size, const char *s, size_t len)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t o = 0, i = 0;
	bool space = false;

	while (i < len) {
		long c;
		size_t k = utf8_next(p + i, len - i, &c);
		const char *rep;
		size_t rl;

		if (c >= 0 && is_space_cp(c)) {
			space = o > 0;
			i += k;
			continue;
		}
		if (c >= 'A' && c <= 'Z') {
			c += 'a' - 'A';
			rep = NULL;
		} else {
			rep = c >= 0x80 ? fold(c) : NULL;
		}
		if (rep != NULL && rep[0] == '\0') {
			i += k;
			continue;
		}
		rl = rep != NULL ? strlen(rep) : (c >= 0 && c < 0x80 ? 1 : k);
		if (o + (space ? 1 : 0) + rl + 1 > size)
			break;
		if (space)
			out[o++] = ' ';
		space = false;
		if (rep != NULL)
			memcpy(out + o, rep, rl);
		else if (c >= 0 && c < 0x80)
			out[o] = (char)c;
		else
			memcpy(out + o, p + i, rl);
		o += rl;
		i += k;
	}
	out[o] = '\0';
	return o;
}

char *
eiti_norm_dup(const char *s)
{
	size_t n = strlen(s);
	/* Folding never grows a character by more than two bytes (ß is two
	 * bytes and becomes "ss"; æ two and becomes "ae"). */
	char *out = eiti_xmalloc(2 * n + 1);

	eiti_norm(out, 2 * n + 1, s, n);
	return out;
}

bool
eiti_norm_equal(const char *a, const char *b)
{
	char *x = eiti_norm_dup(a), *y = eiti_norm_dup(b);
	bool eq = strcmp(x, y) == 0;

	free(x);
	free(y);
	return eq;
}

unsigned
eiti_edit_distance(
    const char *a, size_t alen, const char *b, size_t blen, unsigned max)
{
	unsigned *mem, *prev2, *prev, *cur, *t, result;
	size_t i, j;

	if (alen > blen ? alen - blen > max : blen - alen > max)
		return max + 1;
	if (alen == 0 || blen == 0)
		return (unsigned)(alen + blen);
	mem = eiti_xmalloc(3 * (blen + 1) * sizeof(unsigned));
	prev2 = mem;
	prev = mem + (blen + 1);
	cur = prev + (blen + 1);
	for (j = 0; j <= blen; j++)
		prev[j] = (unsigned)j;
	result = max + 1;
	for (i = 1; i <= alen; i++) {
		unsigned rowmin;

		cur[0] = (unsigned)i;
		rowmin = cur[0];
		for (j = 1; j <= blen; j++) {
			unsigned cost = a[i - 1] == b[j - 1] ? 0 : 1;
			unsigned v = prev[j - 1] + cost;

			if (prev[j] + 1 < v)
				v = prev[j] + 1;
			if (cur[j - 1] + 1 < v)
				v = cur[j - 1] + 1;
			if (i > 1 && j > 1 && a[i - 1] == b[j - 2] &&
			    a[i - 2] == b[j - 1] && prev2[j - 2] + 1 < v)
				v = prev2[j - 2] + 1;
			cur[j] = v;
			if (v < rowmin)
				rowmin = v;
		}
		if (rowmin > max)
			goto out;
		/* rotate: prev2 <- prev <- cur <- prev2 */
		t = prev2;
		prev2 = prev;
		prev = cur;
		cur = t;
	}
	result = prev[blen] > max ? max + 1 : prev[blen];
out:
	free(mem);
	return result;
}

void
eiti_suggest_init(struct eiti_suggest *s, const char *query)
{
	memset(s, 0, sizeof(*s));
	s->qlen = eiti_norm(s->query, sizeof(s->query), query, strlen(query));
	/* A third of the letters may be wrong, at least two. */
	s->bound = s->qlen / 3 > 2 ? (unsigned)(s->qlen / 3) : 2;
}

static bool
prefix_of(const char *a, size_t alen, const char *b, size_t blen)
{
	return alen >= 3 && alen < blen && memcmp(a, b, alen) == 0;
}

/* a[0..alen) ends b (a missing prefix: "20100000001" and
 * "ruc-20100000001"). */
static bool
suffix_of(const char *a, size_t alen, const char *b, size_t blen)
{
	return alen >= 3 && alen < blen &&
	       memcmp(a, b + blen - alen, alen) == 0;
}

/* Words of q (three letters or more) that are also words of c: "agencia
 * minera nacional" and "agencia nacional de mineria" share two of
 * three.  *nq gets the number of such words of q. */
static size_t
shared_words(const char *q, const char *c, size_t *nq)
{
	size_t shared = 0;
	const char *p = q;

	*nq = 0;
	while (*p != '\0') {
		size_t n = strcspn(p, " ");

		if (n >= 3) {
			const char *w = c;

			(*nq)++;
			while (*w != '\0') {
				size_t m = strcspn(w, " ");

				if (m == n && memcmp(w, p, n) == 0) {
					shared++;
					break;
				}
				w += m;
				while (*w == ' ')
					w++;
			}
		}
		p += n;
		while (*p == ' ')
			p++;
	}
	return shared;
}

void
eiti_suggest_offer(struct eiti_suggest *s, const char *candidate)
{
	char norm[256];
	size_t n, i, pos;
	unsigned d;

	if (candidate == NULL || candidate[0] == '\0')
		return;
	n = eiti_norm(norm, sizeof(norm), candidate, strlen(candidate));
	d = eiti_edit_distance(s->query, s->qlen, norm, n, s->bound);
	if (d > s->bound) {
		/* A prefix either way, or a long common start ("royalty",
		 * "royalties"), ranks after every close spelling. */
		size_t cp = 0, nq, sw = shared_words(s->query, norm, &nq);

		while (cp < n && cp < s->qlen && norm[cp] == s->query[cp])
			cp++;
		if (!prefix_of(s->query, s->qlen, norm, n) &&
		    !prefix_of(norm, n, s->query, s->qlen) &&
		    !suffix_of(s->query, s->qlen, norm, n) &&
		    !suffix_of(norm, n, s->query, s->qlen) &&
		    !(cp >= 4 && 3 * cp >= 2 * s->qlen) &&
		    !(nq >= 2 && 3 * sw >= 2 * nq))
			return;
		d = s->bound + 1 +
		    (unsigned)(n > s->qlen ? n - s->qlen : s->qlen - n);
	}
	for (i = 0; i < s->n; i++)
		if (strcmp(s->best[i].text, candidate) == 0)
			return;
	for (pos = s->n; pos > 0 && s->best[pos - 1].score > d; pos--)
		;
	if (pos >= EITI_SUGGEST_MAX)
		return;
	if (s->n == EITI_SUGGEST_MAX) {
		free(s->best[EITI_SUGGEST_MAX - 1].text);
		s->n--;
	}
	memmove(&s->best[pos + 1], &s->best[pos],
	    (s->n - pos) * sizeof(s->best[0]));
	s->best[pos].text = eiti_xstrdup(candidate);
	s->best[pos].score = d;
	s->n++;
}

char *
eiti_suggest_list(const struct eiti_suggest *s, char *buf, size_t size)
{
	size_t i, o = 0;

	if (size == 0)
		return buf;
	buf[0] = '\0';
	for (i = 0; i < s->n && o + 1 < size; i++) {
		const char *sep = i == 0 ? "" : i + 1 == s->n ? " or " : ", ";
		int w =
		    snprintf(buf + o, size - o, "%s'%s'", sep, s->best[i].text);

		if (w < 0)
			break;
		o += (size_t)w;
	}
	if (o >= size)
		buf[size - 1] = '\0';
	return buf;
}

char *
eiti_suggest_closest(const struct eiti_suggest *s, char *buf, size_t size)
{
	struct eiti_suggest one = *s;

	/* Only the spelling that differs in case or accents alone. */
	if (one.n > 1 && one.best[0].score == 0)
		while (one.n > 1 && one.best[one.n - 1].score > 0)
			one.n--;
	return eiti_suggest_list(&one, buf, size);
}

void
eiti_suggest_free(struct eiti_suggest *s)
{
	size_t i;

	for (i = 0; i < s->n; i++)
		free(s->best[i].text);
	s->n = 0;
}
