/*
 * message.c - the MessageFormat subset of message.h.
 *
 * One recursive pass over the pattern.  An argument is recognised only
 * when its braces balance and its inside has the expected shape; anything
 * else is text, so that old templates with a stray brace still print.
 */
#include "config.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/err.h"
#include "core/message.h"
#include "core/plural.h"

struct buf {
	char *s;
	size_t n, cap;
};

static void
put(struct buf *b, const char *s, size_t n)
{
	if (b->n + n + 1 > b->cap) {
		b->cap = (b->n + n + 1) * 2;
		b->s = eiti_xrealloc(b->s, b->cap);
	}
	memcpy(b->s + b->n, s, n);
	b->n += n;
	b->s[b->n] = '\0';
}

static bool
is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

static bool
is_name(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	       (c >= '0' && c <= '9') || c == '_' || c == '-' || c == '=';
}

static const char *
skip_space(const char *p, const char *end)
{
	while (p < end && is_space(*p))
		p++;
	return p;
}

/* The } that closes the { at p, or NULL. */
static const char *
closing(const char *p, const char *end)
{
	int depth = 0;

	for (; p < end; p++) {
		if (*p == '{')
			depth++;
		else if (*p == '}' && --depth == 0)
			return p;
	}
	return NULL;
}

/* A word of name characters at p: its end, or p when there is none. */
static const char *
word(const char *p, const char *end)
{
	while (p < end && is_name(*p))
		p++;
	return p;
}

static bool
word_is(const char *a, const char *b, const char *lit)
{
	size_t n = strlen(lit);

	return (size_t)(b - a) == n && strncmp(a, lit, n) == 0;
}

/* A parsed argument: name, kind and the [opts, end) of its branches. */
struct argspec {
	const char *name, *name_end;
	int kind; /* 0 simple, 1 plural, 2 select */
	const char *opts, *end;
};

/* Parse the argument whose braces are [open, close]; false when its
 * inside is not one. */
static bool
parse_arg(const char *open, const char *close, struct argspec *a)
{
	const char *p = skip_space(open + 1, close), *q;

	a->name = p;
	a->name_end = word(p, close);
	if (a->name_end == p || *p == '=')
		return false;
	p = skip_space(a->name_end, close);
	if (p == close) {
		a->kind = 0;
		return true;
	}
	if (*p != ',')
		return false;
	p = skip_space(p + 1, close);
	q = word(p, close);
	if (word_is(p, q, "plural"))
		a->kind = 1;
	else if (word_is(p, q, "select"))
		a->kind = 2;
	else
		return false;
	p = skip_space(q, close);
	if (p == close || *p != ',')
		return false;
	a->opts = p + 1;
	a->end = close;
	return true;
}

/* Next branch "selector {message}" from *p; false at the end or on a
 * malformed branch. */
static bool
next_branch(const char **p, const char *end, const char **sel,
    const char **sel_end, const char **msg, const char **msg_end)
{
	const char *s = skip_space(*p, end), *c;

	if (s == end)
		return false;
	*sel = s;
	*sel_end = word(s, end);
	if (*sel_end == s)
		return false;
	s = skip_space(*sel_end, end);
	if (s == end || *s != '{' || (c = closing(s, end)) == NULL)
		return false;
	*msg = s + 1;
	*msg_end = c;
	*p = c + 1;
	return true;
}

struct fmt {
	const struct eiti_msg_arg *args;
	size_t nargs;
	const char *lang;
	eiti_msg_numfn num;
	void *ud;
};

static const struct eiti_msg_arg *
find(const struct fmt *f, const char *name, const char *end)
{
	size_t i, n = (size_t)(end - name);

	for (i = 0; i < f->nargs; i++)
		if (strlen(f->args[i].name) == n &&
		    strncmp(f->args[i].name, name, n) == 0)
			return &f->args[i];
	return NULL;
}

static void
put_num(const struct fmt *f, struct buf *b, int64_t v)
{
	char s[64];

	if (f->num != NULL)
		f->num(f->ud, s, v);
	else
		snprintf(s, sizeof(s), "%" PRId64, v);
	put(b, s, strlen(s));
}

static void format(const struct fmt *f, struct buf *b, const char *p,
    const char *end, const int64_t *hash, int depth);

/* The chosen branch of a plural or select argument, or false. */
static bool
choose(const struct fmt *f, const struct argspec *a,
    const struct eiti_msg_arg *v, const char **msg, const char **msg_end)
{
	const char *p = a->opts, *sel, *sel_end, *m, *me;
	const char *other = NULL, *other_end = NULL, *cat = NULL;
	bool have = false;

	if (a->kind == 1 && v->str == NULL)
		cat = eiti_plural_name(eiti_plural_category(
		    f->lang, v->num < 0 ? (uint64_t)0 - (uint64_t)v->num
					: (uint64_t)v->num));
	while (next_branch(&p, a->end, &sel, &sel_end, &m, &me)) {
		if (word_is(sel, sel_end, "other")) {
			other = m;
			other_end = me;
			continue;
		}
		if (have)
			continue;
		if (a->kind == 1 && v->str == NULL && *sel == '=') {
			char *e;
			long long want = strtoll(sel + 1, &e, 10);

			if (e == sel_end && want == v->num)
				have = true;
		} else if (a->kind == 1 && cat != NULL) {
			have = word_is(sel, sel_end, cat);
		} else if (a->kind == 2 && v->str != NULL) {
			have = word_is(sel, sel_end, v->str);
		}
		if (have) {
			*msg = m;
			*msg_end = me;
		}
	}
	if (skip_space(p, a->end) != a->end)
		return false; /* malformed: print as text */
	if (!have && other != NULL) {
		*msg = other;
		*msg_end = other_end;
		have = true;
	}
	return have;
}

/* One argument at [open, close]; false when it is not one (the caller
 * copies it as text). */
static bool
format_arg(const struct fmt *f, struct buf *b, const char *open,
    const char *close, int depth)
{
	struct argspec a;
	const struct eiti_msg_arg *v;
	const char *m, *me;

	if (!parse_arg(open, close, &a))
		return false;
	v = find(f, a.name, a.name_end);
	if (v == NULL)
		return false;
	if (a.kind == 0) {
		if (v->str != NULL)
			put(b, v->str, strlen(v->str));
		else
			put_num(f, b, v->num);
		return true;
	}
	if (!choose(f, &a, v, &m, &me))
		return false;
	format(f, b, m, me, a.kind == 1 && v->str == NULL ? &v->num : NULL,
	    depth + 1);
	return true;
}

static void
format(const struct fmt *f, struct buf *b, const char *p, const char *end,
    const int64_t *hash, int depth)
{
	while (p < end) {
		const char *q = p;

		while (q < end && *q != '{' && !(*q == '#' && hash != NULL))
			q++;
		put(b, p, (size_t)(q - p));
		if (q == end)
			break;
		if (*q == '#') {
			put_num(f, b, *hash);
			p = q + 1;
			continue;
		}
		{
			const char *c = closing(q, end);

			if (c != NULL && depth < EITI_MSG_MAXDEPTH &&
			    format_arg(f, b, q, c, depth)) {
				p = c + 1;
				continue;
			}
		}
		put(b, q, 1);
		p = q + 1;
	}
}

char *
eiti_msg_format(const char *pattern, const struct eiti_msg_arg *args,
    size_t nargs, const char *lang, eiti_msg_numfn num, void *ud)
{
	struct fmt f = {args, nargs, lang, num, ud};
	struct buf b = {NULL, 0, 0};

	put(&b, "", 0);
	if (pattern != NULL)
		format(&f, &b, pattern, pattern + strlen(pattern), NULL, 0);
	return b.s;
}

/* --- syntax check ------------------------------------------------------ */

static bool check(
    const char *p, const char *end, int depth, char *why, size_t n);

static bool
check_branches(const struct argspec *a, int depth, char *why, size_t n)
{
	const char *p = a->opts, *sel, *sel_end, *m, *me;
	bool other = false;

	while (next_branch(&p, a->end, &sel, &sel_end, &m, &me)) {
		if (word_is(sel, sel_end, "other"))
			other = true;
		else if (a->kind == 1 && *sel == '=') {
			const char *d = sel + 1;

			if (d == sel_end)
				goto bad_sel;
			for (; d < sel_end; d++)
				if (*d < '0' || *d > '9')
					goto bad_sel;
		} else if (a->kind == 1 && eiti_plural_parse(sel,
					       (size_t)(sel_end - sel)) < 0) {
			goto bad_sel;
		}
		if (!check(m, me, depth + 1, why, n))
			return false;
	}
	if (skip_space(p, a->end) != a->end) {
		snprintf(why, n, "malformed branch in {%.*s, …}",
		    (int)(a->name_end - a->name), a->name);
		return false;
	}
	if (!other) {
		snprintf(why, n, "{%.*s, …} has no other branch",
		    (int)(a->name_end - a->name), a->name);
		return false;
	}
	return true;
bad_sel:
	snprintf(why, n, "{%.*s, plural, …}: unknown selector '%.*s'",
	    (int)(a->name_end - a->name), a->name, (int)(sel_end - sel), sel);
	return false;
}

static bool
check(const char *p, const char *end, int depth, char *why, size_t n)
{
	if (depth >= EITI_MSG_MAXDEPTH) {
		snprintf(why, n, "arguments nested more than %d deep",
		    EITI_MSG_MAXDEPTH);
		return false;
	}
	for (; p < end; p++) {
		const char *c;
		struct argspec a;

		if (*p == '}') {
			snprintf(why, n, "a } that closes nothing");
			return false;
		}
		if (*p != '{')
			continue;
		c = closing(p, end);
		if (c == NULL) {
			snprintf(why, n, "a { that is never closed");
			return false;
		}
		if (!parse_arg(p, c, &a)) {
			snprintf(why, n, "'%.*s' is not an argument",
			    (int)(c - p + 1 > 40 ? 40 : c - p + 1), p);
			return false;
		}
		if (a.kind != 0 && !check_branches(&a, depth, why, n))
			return false;
		p = c;
	}
	return true;
}

bool
eiti_msg_check(const char *pattern, char *why, size_t n)
{
	if (n > 0)
		why[0] = '\0';
	return pattern == NULL ||
	       check(pattern, pattern + strlen(pattern), 0, why, n);
}
